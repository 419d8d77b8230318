//! Loading and saving the wizard's progress file (JSON, never a secret). A file that cannot be
//! used is reported, not silently replaced; it is never read beyond a small cap.

use std::path::Path;

use crate::core::display;
use crate::core::progress::Progress;

use super::atomic;
use super::files::{self, Accept};

/// A progress file is a few hundred bytes; anything much larger is not one.
const MAX_PROGRESS: usize = 64 * 1024;

/// Reads the progress file: `Ok(None)` when there is none, `Err` with the reason when there is
/// one bblink cannot use (it is replaced by the next save).
pub fn load(path: &Path) -> Result<Option<Progress>, String> {
    let (bytes, _) = match files::read_limited(path, MAX_PROGRESS, Accept::Files) {
        Ok(read) => read,
        Err(crate::core::errors::ReadError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let shown = display::path(path);
    if bytes.len() > MAX_PROGRESS {
        return Err(format!("{shown} is far larger than a progress file"));
    }
    let progress: Progress =
        serde_json::from_slice(&bytes).map_err(|e| format!("{shown} is damaged ({e})"))?;
    if progress.version != Progress::VERSION {
        return Err(format!("{shown} was written by another version of bblink"));
    }
    Ok(Some(progress))
}

/// Writes the progress file atomically.
pub fn save(path: &Path, progress: &Progress) -> Result<(), String> {
    let json = serde_json::to_string_pretty(progress).map_err(|e| e.to_string())?;
    atomic::write(path, json.as_bytes(), 0o600, true)
        .map_err(|e| format!("{}: {e}", display::path(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_bblink_cannot_use_is_reported_with_the_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("progress.json");
        assert_eq!(load(&p), Ok(None), "no file: no progress");
        std::fs::write(&p, "{not json").expect("write");
        assert!(load(&p).is_err_and(|e| e.contains("damaged")));
        std::fs::write(&p, r#"{"version": "one"}"#).expect("write");
        assert!(
            load(&p).is_err_and(|e| e.contains("damaged")),
            "wrong types"
        );
        std::fs::write(&p, vec![b' '; MAX_PROGRESS + 10]).expect("write");
        assert!(load(&p).is_err_and(|e| e.contains("larger")));
        std::fs::remove_file(&p).expect("rm");
        std::fs::create_dir(&p).expect("mkdir");
        assert!(load(&p).is_err_and(|e| e.contains("not a regular file")));
    }
}

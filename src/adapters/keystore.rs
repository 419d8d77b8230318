//! Key files on disk: generate-and-save with the safety rules (0700 directory, 0600 private key,
//! atomic writes, no silent overwrite, no key inside a git work tree), and reading an existing
//! key's public half.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::{atomic, keygen, platform};
use crate::core::errors::ReadError;
use crate::core::inspect::MAX_INPUT;
use crate::core::keyfile::{GenerateRequest, KeyJobError, ReadyKey};
use crate::core::keys::{self, KeyFileError, KeyInfo};
use crate::core::secret::Secret;

/// Key files larger than this are not keys; refusing them keeps a wrong pick from stalling.
const MAX_KEY_FILE: u64 = 1024 * 1024;

/// The public key path that goes with a private key path.
pub fn public_path_for(private: &Path) -> PathBuf {
    let mut s = private.as_os_str().to_owned();
    s.push(".pub");
    PathBuf::from(s)
}

/// The top of the git work tree containing `path`, if any (looks for `.git` upwards from the
/// nearest existing ancestor, as git does).
pub fn git_work_tree(path: &Path) -> Option<PathBuf> {
    let start = path.ancestors().find(|p| p.is_dir())?;
    let start = fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Checks the rules before any work is done, so the user is not made to wait for an RSA key
/// that cannot be saved.
pub fn precheck(private: &Path, overwrite: bool, allow_in_repo: bool) -> Result<(), KeyJobError> {
    if !allow_in_repo && let Some(root) = git_work_tree(private) {
        return Err(KeyJobError::InGitWorkTree { root });
    }
    if !overwrite {
        let existing: Vec<PathBuf> = [private.to_path_buf(), public_path_for(private)]
            .into_iter()
            .filter(|p| p.symlink_metadata().is_ok())
            .collect();
        if !existing.is_empty() {
            return Err(KeyJobError::Exists(existing));
        }
    }
    Ok(())
}

/// Generates the key pair and saves it; `cancel` is checked before anything is written, so a
/// cancelled generation leaves no files. `stage` hears what is being done.
pub fn generate_and_save(
    req: &GenerateRequest,
    cancel: &AtomicBool,
    stage: &dyn Fn(String),
) -> Result<ReadyKey, KeyJobError> {
    precheck(&req.private_path, req.overwrite, req.allow_in_repo)?;
    let key = keygen::generate(req.algorithm, &req.comment).map_err(KeyJobError::Keygen)?;
    if cancel.load(Ordering::SeqCst) {
        return Err(KeyJobError::Cancelled);
    }
    stage("Saving the key files…".into());
    let public = public_path_for(&req.private_path);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |e: io::Error| KeyJobError::Io {
            path,
            message: e.to_string(),
        }
    };
    if let Some(dir) = req
        .private_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        platform::create_private_dir(dir).map_err(io(dir))?;
    }
    atomic::write(
        &req.private_path,
        key.private_openssh.as_bytes(),
        0o600,
        req.overwrite,
    )
    .map_err(io(&req.private_path))?;
    let public_text = format!("{}\n", key.public_openssh);
    if let Err(e) = atomic::write(&public, public_text.as_bytes(), 0o644, req.overwrite) {
        // Never leave half a pair behind.
        let _ = fs::remove_file(&req.private_path);
        return Err(io(&public)(e));
    }
    Ok(ReadyKey {
        private_path: req.private_path.clone(),
        public_path: Some(public),
        info: key.info,
        generated: true,
    })
}

/// Reads an existing private key file and describes its public half.
pub fn load_key(path: &Path) -> Result<ReadyKey, KeyJobError> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => KeyJobError::NotFound(path.to_path_buf()),
        _ => KeyJobError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    })?;
    let not_key = |error| KeyJobError::File {
        path: path.to_path_buf(),
        error,
    };
    if !meta.is_file() || meta.len() > MAX_KEY_FILE {
        return Err(not_key(KeyFileError::NotOpenSsh));
    }
    let bytes = fs::read(path).map_err(|e| KeyJobError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let text = String::from_utf8(bytes).map_err(|_| not_key(KeyFileError::NotOpenSsh))?;
    let info: KeyInfo = keys::public_of_private(&text).map_err(not_key)?;
    let public = public_path_for(path);
    Ok(ReadyKey {
        private_path: path.to_path_buf(),
        public_path: public.is_file().then_some(public),
        info,
        generated: false,
    })
}

/// Reads a private key file as text, and whether others can read it. Lossy UTF-8: a binary
/// file is "not a key", not an error. Read up to one byte past the inspector's limit, so an
/// oversized file is recognised as such.
pub fn read_key_text(path: &Path) -> Result<(Secret, bool), ReadError> {
    use std::io::Read;
    let io_error = |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound(path.to_path_buf()),
        _ => ReadError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    };
    let meta = fs::metadata(path).map_err(io_error)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(path.to_path_buf()));
    }
    let limit = u64::try_from(MAX_INPUT).unwrap_or(u64::MAX) + 1;
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    fs::File::open(path)
        .and_then(|f| f.take(limit).read_to_end(&mut buf))
        .map_err(io_error)?;
    let text = Secret::new(String::from_utf8_lossy(&buf).into_owned());
    Ok((text, platform::readable_by_others(&meta)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_work_trees_are_found_from_missing_subdirectories() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join(".git")).expect("mkdir");
        let deep = dir.path().join("a/b/key");
        let root = git_work_tree(&deep).expect("found");
        assert_eq!(root, fs::canonicalize(dir.path()).expect("canon"));
    }
}

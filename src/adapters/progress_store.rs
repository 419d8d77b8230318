//! Loading and saving the wizard's progress file (JSON, never a secret).

use std::path::Path;

use crate::core::progress::Progress;

use super::atomic;

/// Reads the progress file; a missing, unreadable or foreign file means no progress.
pub fn load(path: &Path) -> Option<Progress> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str::<Progress>(&text)
        .ok()
        .filter(|p| p.version == Progress::VERSION)
}

/// Writes the progress file atomically.
pub fn save(path: &Path, progress: &Progress) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(progress).map_err(std::io::Error::other)?;
    atomic::write(path, json.as_bytes(), 0o600, true)
}

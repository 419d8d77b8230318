//! Writing a file atomically: a temporary file in the same directory (created with the final
//! mode, so a key is never readable by others, even for an instant), synced, then moved into
//! place. Without consent an existing file is never replaced: the move fails if the name is
//! taken, with no window for another process to slip a file in (tempfile's
//! `persist_noclobber`). Used for key files, the public key file and the progress file.
//!
//! Temporary files are named `.bblink-tmp-*` so a run that was killed between write and move
//! leaves something recognisable, which [`remove_stale`] deletes.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::platform;

/// The prefix of every temporary file bblink writes.
pub const TEMP_PREFIX: &str = ".bblink-tmp-";

/// Writes `bytes` to `path` with `mode` (Unix permission bits; ignored elsewhere). Missing
/// directories are created private (0700).
pub fn write(path: &Path, bytes: &[u8], mode: u32, overwrite: bool) -> io::Result<()> {
    stage(path, bytes, mode)?.commit(overwrite)
}

/// A file written and synced under a temporary name beside its destination, not yet in place;
/// dropped without [`Staged::commit`], it is deleted.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    dest: PathBuf,
}

/// Writes `bytes` to a temporary file beside `path`, with `mode`.
pub fn stage(path: &Path, bytes: &[u8], mode: u32) -> io::Result<Staged> {
    let dir = parent(path);
    if !dir.exists() {
        platform::create_private_dir(dir)?;
    }
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file path",
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    platform::set_temp_mode(&mut builder, mode);
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(Staged {
        tmp,
        dest: path.to_path_buf(),
    })
}

impl Staged {
    /// Where the staged file is now.
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Moves the file into place: replacing what is there with `overwrite`, else failing with
    /// `AlreadyExists` if the name is taken.
    pub fn commit(self, overwrite: bool) -> io::Result<()> {
        let result = if overwrite {
            self.tmp.persist(&self.dest).map(drop)
        } else {
            self.tmp.persist_noclobber(&self.dest).map(drop)
        };
        result.map_err(|e| e.error)
    }
}

/// A copy of a file about to be replaced, to put back if the replacement fails.
pub struct Backup {
    original: PathBuf,
    copy: PathBuf,
}

/// Keeps a copy of `path` (a hard link where the file system has them), if it exists. The copy
/// gets a new random name that nobody can have prepared: the link is made only where no file
/// is, and the fallback copy goes into a file created here, private, with that name.
pub fn backup(path: &Path) -> io::Result<Option<Backup>> {
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    let linked = builder.make_in(parent(path), |candidate| fs::hard_link(path, candidate));
    let kept = if let Ok(link) = linked {
        link.into_temp_path()
    } else {
        platform::set_temp_mode(&mut builder, 0o600);
        let mut tmp = builder.tempfile_in(parent(path))?;
        io::copy(&mut fs::File::open(path)?, &mut tmp)?;
        tmp.as_file().sync_all()?;
        tmp.into_temp_path()
    };
    let copy = kept.keep().map_err(|e| e.error)?;
    Ok(Some(Backup {
        original: path.to_path_buf(),
        copy,
    }))
}

impl Backup {
    /// Puts the original back.
    pub fn restore(self) -> io::Result<()> {
        fs::rename(&self.copy, &self.original)
    }

    /// The replacement succeeded: the copy goes.
    pub fn discard(self) {
        let _ = fs::remove_file(&self.copy);
    }
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Deletes temporary files a killed run left in `dir` (they may hold a key). Returns how many.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(TEMP_PREFIX))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_is_a_new_private_copy_put_back_or_discarded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("k");
        write(&p, b"old key", 0o600, false).expect("write");
        let b = backup(&p).expect("backup").expect("a file to keep");
        assert_eq!(fs::read(&b.copy).expect("copy"), b"old key");
        write(&p, b"new key", 0o600, true).expect("replace");
        b.restore().expect("restore");
        assert_eq!(fs::read(&p).expect("read"), b"old key");
        let b = backup(&p).expect("backup").expect("a file to keep");
        b.discard();
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("k")],
            "no copy stays behind"
        );
    }

    #[test]
    fn never_overwrites_without_consent_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("k");
        write(&p, b"one", 0o600, false).expect("first write");
        let err = write(&p, b"two", 0o600, false).expect_err("second write refused");
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).expect("read"), b"one");
        write(&p, b"three", 0o600, true).expect("overwrite with consent");
        assert_eq!(fs::read(&p).expect("read"), b"three");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left");
    }

    #[test]
    fn stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join(".bblink-tmp-abc"), "key").expect("write");
        fs::write(dir.path().join("keep"), "x").expect("write");
        assert_eq!(remove_stale(dir.path()), 1);
        assert!(dir.path().join("keep").exists());
    }
}

//! Reading what the user points bblink at (key files, public keys), safely: never more than a
//! limit (a wrong pick such as `/dev/zero` cannot eat memory), only regular files, and pipes
//! only where the command line asks for them (`<(…)`), with a timeout so a FIFO nobody writes
//! to cannot hang bblink.

use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use zeroize::Zeroizing;

use super::platform;
use crate::core::errors::ReadError;

/// The pipe to read, once it has a writer: opened again (which waits for a writer; at once
/// for `<(…)`, whose writer is there from the start) or, when a writer already wrote and
/// left, the FIFO opened before (opening again would wait for a writer that is gone).
/// `None`: no writer came within `timeout`.
pub fn pipe_with_writer(
    opened: fs::File,
    path: &Path,
    timeout: Duration,
) -> io::Result<Option<fs::File>> {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    // A blocking open ends when a writer comes; the thread ends with the process otherwise.
    std::thread::spawn(move || {
        let _ = tx.send(fs::File::open(&owned));
    });
    let deadline = std::time::Instant::now() + timeout;
    loop {
        match rx.recv_timeout(Duration::from_millis(20)) {
            Ok(again) => {
                let again = again?;
                // It must still be the pipe first opened (nothing swapped in between).
                return if platform::is_pipe(&again.metadata()?) {
                    Ok(Some(again))
                } else {
                    Err(io::Error::other("it is no longer a pipe"))
                };
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(None),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if platform::pipe_ready(&opened, Duration::ZERO)? {
            return Ok(Some(opened));
        }
        if std::time::Instant::now() >= deadline {
            return Ok(None);
        }
    }
}

/// How long a pipe may take to deliver its contents: 10 s, or `BBLINK_PIPE_TIMEOUT_MS`.
pub fn pipe_timeout() -> Duration {
    std::env::var("BBLINK_PIPE_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// What a read may accept besides a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// Regular files only (the wizard).
    Files,
    /// Regular files and pipes, such as `<(…)` process substitution (the command line).
    FilesAndPipes,
}

/// How an IO error reading `path` is told.
pub(crate) fn io_error(path: &Path) -> impl Fn(io::Error) -> ReadError + Copy + '_ {
    move |e: io::Error| match e.kind() {
        io::ErrorKind::NotFound => ReadError::NotFound(path.to_path_buf()),
        _ => ReadError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    }
}

/// The contents (up to `limit` bytes and one more, so an oversized input is recognised) and
/// whether others can read the file.
pub fn read_limited(
    path: &Path,
    limit: usize,
    accept: Accept,
) -> Result<(Zeroizing<Vec<u8>>, bool), ReadError> {
    let io_error = io_error(path);
    // The file is opened without waiting (a FIFO would block) and its type read from what was
    // opened, so nothing can be swapped in between the check and the read.
    let file = platform::open_without_waiting(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    let pipe = platform::is_pipe(&meta);
    let allowed = meta.is_file() || (pipe && accept == Accept::FilesAndPipes);
    if !allowed {
        return Err(ReadError::NotAFile(path.to_path_buf()));
    }
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let read_from = move |file: fs::File| -> io::Result<Zeroizing<Vec<u8>>> {
        let mut buf = Zeroizing::new(Vec::new());
        file.take(cap).read_to_end(&mut buf)?;
        Ok(buf)
    };
    let bytes = if pipe {
        // A FIFO's writer may come late and write slowly: off this thread, so a timeout can
        // end the wait (the thread ends with the process). The file already open is read, so
        // what a fast writer wrote before leaving is kept.
        let (tx, rx) = mpsc::channel();
        let timeout = pipe_timeout();
        let owned = path.to_path_buf();
        std::thread::spawn(move || {
            let result = match pipe_with_writer(file, &owned, timeout) {
                Ok(Some(pipe)) => read_from(pipe),
                Ok(None) => Err(io::Error::from(io::ErrorKind::TimedOut)),
                Err(e) => Err(e),
            };
            let _ = tx.send(result);
        });
        match rx.recv_timeout(timeout) {
            Ok(Err(e)) if e.kind() == io::ErrorKind::TimedOut => {
                return Err(ReadError::Timeout(path.to_path_buf()));
            }
            Ok(result) => result.map_err(io_error)?,
            Err(_) => return Err(ReadError::Timeout(path.to_path_buf())),
        }
    } else {
        read_from(file).map_err(io_error)?
    };
    Ok((bytes, platform::readable_by_others(&meta)))
}

/// Replaces a text file with `bytes` atomically, keeping its old contents beside it in a new
/// `NAME.bblink-backup` (`-2`, `-3`, … when taken; never an existing file) with the same
/// openness (readable by others or not). A symbolic link is followed, so the file it points
/// to is replaced and the link stays; a file that changed since `old` was read is left alone.
/// Returns the backup's path.
pub fn replace_keeping_backup(
    path: &Path,
    old: &[u8],
    bytes: &[u8],
) -> io::Result<std::path::PathBuf> {
    let path = fs::canonicalize(path)?;
    let meta = fs::metadata(&path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is not a regular file",
        ));
    }
    if platform::read_only(&meta) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "it is read-only: bblink does not replace a file that is protected from writing (make it writable first: chmod u+w)",
        ));
    }
    // The corrected file (and the backup) keep the original's mode and owner.
    let mode = platform::mode_of(&meta);
    if fs::read(&path)? != old {
        return Err(io::Error::other(
            "it changed while bblink read it (run the check again)",
        ));
    }
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let mut n = 1;
    let backup = loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = path.with_file_name(format!("{name}.bblink-backup{suffix}"));
        let staged = super::atomic::stage(&candidate, old, mode)?;
        platform::match_file(staged.path(), &meta)?;
        match staged.commit(false) {
            Ok(()) => break candidate,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let staged = super::atomic::stage(&path, bytes, mode)?;
    platform::match_file(staged.path(), &meta)?;
    staged.commit(true)?;
    Ok(backup)
}

/// The files of a checkout that name the repositories its build fetches: `names` and every
/// `requirements*.txt` at its top, each read up to 1 MB as text (`(name, text)`; missing files
/// skipped).
pub fn read_checkout(dir: &Path, names: &[&str]) -> io::Result<Vec<(String, String)>> {
    let mut wanted: Vec<String> = names.iter().map(|n| (*n).to_string()).collect();
    let mut reqs: Vec<String> = fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| {
            n.starts_with("requirements")
                && Path::new(n)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        })
        .collect();
    reqs.sort();
    wanted.extend(reqs);
    let mut files = Vec::new();
    for name in wanted {
        let path = dir.join(&name);
        let Ok((bytes, _)) = read_limited(&path, 1 << 20, Accept::Files) else {
            continue;
        };
        files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(files)
}

/// The names of the files in `dir` (none when it cannot be read: a first start has no keys
/// directory), at most a few thousand.
pub fn names_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .take(4096)
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused_and_reads_are_capped() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(
            read_limited(dir.path(), 10, Accept::FilesAndPipes),
            Err(ReadError::NotAFile(dir.path().to_path_buf()))
        );
        #[cfg(unix)]
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10, Accept::FilesAndPipes),
            Err(ReadError::NotAFile(_))
        ));
        let big = dir.path().join("big");
        fs::write(&big, vec![b'a'; 100]).expect("write");
        let (bytes, _) = read_limited(&big, 10, Accept::Files).expect("read");
        assert_eq!(bytes.len(), 11, "the limit and one byte more");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_nobody_writes_to_is_refused_in_the_wizard() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        assert_eq!(
            read_limited(&fifo, 10, Accept::Files),
            Err(ReadError::NotAFile(fifo.clone()))
        );
    }
}

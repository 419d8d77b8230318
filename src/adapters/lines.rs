//! Reading a log of any size line by line with memory that does not grow with it: a file, a
//! pipe (`<(…)`, waited for at most the pipe timeout, as key files are) or standard input.
//! A line longer than the limit is cut (the rest is skipped, not kept).

use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc;

use super::files::pipe_timeout;
use super::platform;
use crate::core::errors::ReadError;

/// Calls `f` with each line of `reader` (without its line break), at most `limit` bytes of it.
pub fn for_each_line(
    mut reader: impl BufRead,
    limit: usize,
    mut f: impl FnMut(&[u8]),
) -> io::Result<()> {
    let mut line = Vec::with_capacity(1024);
    let mut cut = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            if !line.is_empty() || cut {
                f(strip_cr(&line));
            }
            return Ok(());
        }
        let (used, end) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, Some(i)),
            None => (chunk.len(), None),
        };
        let piece = &chunk[..end.unwrap_or(used)];
        if !cut {
            let room = limit - line.len();
            line.extend_from_slice(&piece[..piece.len().min(room)]);
            cut = piece.len() > room;
        }
        reader.consume(used);
        if end.is_some() {
            f(strip_cr(&line));
            line.clear();
            cut = false;
        }
    }
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Opens a log file or pipe for reading: only regular files and pipes; a pipe nobody writes
/// to times out instead of hanging.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>, ReadError> {
    let io_error = super::files::io_error(path);
    let file = platform::open_without_waiting(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if meta.is_file() {
        return Ok(Box::new(file));
    }
    if !platform::is_pipe(&meta) {
        return Err(ReadError::NotAFile(path.to_path_buf()));
    }
    // A blocking open of the pipe waits for its writer: off this thread, with a timeout.
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let held = file;
        let _ = tx.send(fs::File::open(&owned));
        drop(held);
    });
    match rx.recv_timeout(pipe_timeout()) {
        Ok(opened) => Ok(Box::new(opened.map_err(io_error)?)),
        Err(_) => Err(ReadError::Timeout(path.to_path_buf())),
    }
}

/// A buffered reader over a log.
pub fn buffered(read: Box<dyn Read + Send>) -> impl BufRead {
    BufReader::with_capacity(256 * 1024, read)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], limit: usize) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for_each_line(BufReader::with_capacity(4, input), limit, |l| {
            out.push(l.to_vec());
        })
        .expect("read");
        out
    }

    #[test]
    fn lines_are_split_cut_and_the_last_one_kept() {
        assert_eq!(
            lines(b"a\r\nbb\nccc", 10),
            [b"a".to_vec(), b"bb".to_vec(), b"ccc".to_vec()]
        );
        assert_eq!(
            lines(b"abcdefghij\nk\n", 3),
            [b"abc".to_vec(), b"k".to_vec()]
        );
        assert!(lines(b"", 3).is_empty());
        assert_eq!(lines(b"\n\n", 3).len(), 2);
    }
}

//! Reading a log of any size line by line with memory that does not grow with it: a file, a
//! pipe (`<(…)`, waited for at most the pipe timeout, as key files are) or standard input.
//! A line longer than the limit is cut (the rest is skipped, not kept).

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

/// Whether to read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next block.
    Go,
    /// Stop reading (nobody wants more).
    Stop,
}

/// How much is read at once by [`for_each_chunk`].
const CHUNK: usize = 2 * 1024 * 1024 - 64 * 1024;

/// Calls `f` with blocks of whole lines of `reader` (each ended by `\n`; the last block's last
/// line may be unended), reading about 2 MiB at a time into one buffer. A line is given whole
/// when it fits the buffer (2 MiB less 64 KiB, and `limit`); a longer one is given cut there
/// (as an unended block of its own) and the rest of it skipped, so memory stays flat.
pub fn for_each_chunk(
    mut reader: impl Read,
    limit: usize,
    mut f: impl FnMut(&[u8]) -> Flow,
) -> io::Result<()> {
    let mut buf = vec![0u8; CHUNK + limit];
    let mut filled = 0;
    let mut skipping = false;
    loop {
        let n = match reader.read(&mut buf[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            if filled > 0 && !skipping {
                f(&buf[..filled]);
            }
            return Ok(());
        }
        filled += n;
        if skipping {
            // The rest of a cut line (the buffer held only it): dropped up to its end.
            let Some(i) = memchr::memchr(b'\n', &buf[..filled]) else {
                filled = 0;
                continue;
            };
            buf.copy_within(i + 1..filled, 0);
            filled -= i + 1;
            skipping = false;
        }
        if let Some(i) = memchr::memrchr(b'\n', &buf[..filled]) {
            if f(&buf[..=i]) == Flow::Stop {
                return Ok(());
            }
            buf.copy_within(i + 1..filled, 0);
            filled -= i + 1;
        }
        if filled == buf.len() {
            // The buffer holds the start of one line and nothing else: given cut there.
            if f(&buf[..filled]) == Flow::Stop {
                return Ok(());
            }
            skipping = true;
            filled = 0;
        }
    }
}

/// [`for_each_chunk`] with a first step run on the reading thread: `prepare` works on the
/// next block while `f` finishes the last one (at most two blocks wait, so memory stays flat).
/// `prepare` gets back what it made for an earlier block, to reuse.
pub fn for_each_chunk_with<T: Send>(
    reader: impl Read + Send,
    limit: usize,
    mut prepare: impl FnMut(&[u8], Option<T>) -> T + Send,
    mut f: impl FnMut(&[u8], &mut T),
) -> io::Result<()> {
    let (tx, rx) = mpsc::sync_channel::<(Vec<u8>, T)>(1);
    let (back, spare) = mpsc::channel::<(Vec<u8>, T)>();
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            for_each_chunk(reader, limit, |chunk| {
                let (mut buf, old) = match spare.try_recv() {
                    Ok((buf, old)) => (buf, Some(old)),
                    Err(_) => (Vec::new(), None),
                };
                buf.clear();
                buf.extend_from_slice(chunk);
                let t = prepare(&buf, old);
                // Nobody to give it to: the judging side stopped (or failed), so stop reading.
                if tx.send((buf, t)).is_ok() {
                    Flow::Go
                } else {
                    Flow::Stop
                }
            })
        });
        for (buf, mut t) in rx {
            f(&buf, &mut t);
            let _ = back.send((buf, t));
        }
        reading
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reading thread failed")))
    })
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
    // Read once a writer came (a slow `<(…)` is waited for as standard input is).
    match super::files::pipe_with_writer(file, path, pipe_timeout()).map_err(io_error)? {
        Some(pipe) => Ok(Box::new(pipe)),
        None => Err(ReadError::Timeout(path.to_path_buf())),
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

    fn chunks(input: &[u8], limit: usize) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for_each_chunk(input, limit, |c| {
            for l in c.split_inclusive(|b| *b == b'\n') {
                out.push(l.strip_suffix(b"\n").unwrap_or(l).to_vec());
            }
            Flow::Go
        })
        .expect("read");
        out
    }

    #[test]
    fn prepared_chunks_arrive_in_order_with_what_was_prepared() {
        let many: Vec<u8> = (0..1_500_000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let mut lines = 0;
        let mut last = Vec::new();
        for_each_chunk_with(
            &many[..],
            64,
            |c, _| memchr::memchr_iter(b'\n', c).count(),
            |c, n| {
                assert_eq!(*n, memchr::memchr_iter(b'\n', c).count());
                lines += *n;
                last = c.to_vec();
            },
        )
        .expect("read");
        assert_eq!(lines, 1_500_000);
        assert!(last.ends_with(b"line 1499999\n"));
    }

    #[test]
    fn chunks_are_whole_lines_and_long_ones_are_cut() {
        assert_eq!(
            chunks(b"a\nbb\nccc", 10),
            [b"a".to_vec(), b"bb".to_vec(), b"ccc".to_vec()]
        );
        let long = [vec![b'x'; 100], b"\nk\n".to_vec()].concat();
        assert_eq!(chunks(&long, 8), [vec![b'x'; 100], b"k".to_vec()]);
        // A line longer than the buffer is given cut, and the next line whole.
        let endless = [vec![b'x'; CHUNK + 100], b"\nnext\n".to_vec()].concat();
        assert_eq!(
            chunks(&endless, 8),
            [vec![b'x'; CHUNK + 8], b"next".to_vec()]
        );
        assert!(chunks(b"", 3).is_empty());
        let many: Vec<u8> = (0..300_000)
            .flat_map(|i| format!("line {i}\n").into_bytes())
            .collect();
        let got = chunks(&many, 64);
        assert_eq!(got.len(), 300_000);
        assert_eq!(got[299_999], b"line 299999".to_vec());
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

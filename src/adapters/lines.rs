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

/// Whether to read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Read the next block.
    Go,
    /// Stop reading (nobody wants more).
    Stop,
}

/// How much is read at once by [`for_each_chunk`].
const CHUNK: usize = 2 * 1024 * 1024;

/// Calls `f` with blocks of whole lines of `reader` (each ended by `\n`; the last block's last
/// line may be unended), reading 2 MiB at a time into one buffer. A line is given whole when
/// it fits the buffer; one still unended after `limit` bytes is given cut there (as an unended
/// block of its own) and the rest of it skipped, so memory stays flat.
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
        if filled >= limit {
            // What is left after the last line break is already too long.
            if f(&buf[..limit]) == Flow::Stop {
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
        let endless = vec![b'x'; 100];
        assert_eq!(chunks(&endless, 8), [vec![b'x'; 8]]);
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

/// A log whose lines end with a carriage return alone (a paste from a terminal that sends CR,
/// a classic Mac file) is read with those as line ends, as the troubleshooting screen reads a
/// paste with no line feed. Decided on the first 64 KiB: CR-only if they hold a carriage
/// return and no line feed; any other log passes unchanged.
pub struct CrLines<R> {
    inner: R,
    head: Vec<u8>,
    at: usize,
    mode: CrMode,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CrMode {
    Undecided,
    Plain,
    CrOnly,
}

impl<R: Read> CrLines<R> {
    /// Wraps a reader.
    pub fn new(inner: R) -> Self {
        CrLines {
            inner,
            head: Vec::new(),
            at: 0,
            mode: CrMode::Undecided,
        }
    }

    fn decide(&mut self) -> io::Result<()> {
        const HEAD: usize = 64 * 1024;
        let mut buf = [0u8; 8192];
        while self.head.len() < HEAD && !self.head.contains(&b'\n') {
            let n = match self.inner.read(&mut buf) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                break;
            }
            self.head.extend_from_slice(&buf[..n]);
        }
        self.mode = if !self.head.contains(&b'\n') && self.head.contains(&b'\r') {
            CrMode::CrOnly
        } else {
            CrMode::Plain
        };
        Ok(())
    }
}

impl<R: Read> Read for CrLines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.mode == CrMode::Undecided {
            self.decide()?;
        }
        let n = if self.at < self.head.len() {
            let n = out.len().min(self.head.len() - self.at);
            out[..n].copy_from_slice(&self.head[self.at..self.at + n]);
            self.at += n;
            if self.at == self.head.len() {
                self.head = Vec::new();
                self.at = 0;
            }
            n
        } else {
            self.inner.read(out)?
        };
        if self.mode == CrMode::CrOnly {
            for b in &mut out[..n] {
                if *b == b'\r' {
                    *b = b'\n';
                }
            }
        }
        Ok(n)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TextKind {
    /// The first bytes are not read yet.
    Unknown,
    /// Not UTF-16: passed unchanged.
    Bytes,
    /// UTF-16, little-endian (`true`) or big-endian.
    Utf16 { little_endian: bool },
}

/// A log saved as UTF-16 with its byte-order mark (Windows PowerShell's `>` and `Out-File`
/// write it so) is read as the UTF-8 text it holds; any other log passes unchanged.
pub struct Utf16Text<R> {
    inner: R,
    /// What the first bytes said.
    kind: TextKind,
    /// Bytes read but not given out yet (the first bytes, or decoded UTF-8).
    out: Vec<u8>,
    at: usize,
    /// An odd byte and a high surrogate waiting for the rest of their unit or pair.
    odd: Option<u8>,
    high: Option<u16>,
}

impl<R: Read> Utf16Text<R> {
    /// Wraps a reader.
    pub fn new(inner: R) -> Self {
        Utf16Text {
            inner,
            kind: TextKind::Unknown,
            out: Vec::new(),
            at: 0,
            odd: None,
            high: None,
        }
    }

    fn read_some(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                r => return r,
            }
        }
    }

    /// Decodes `raw` (UTF-16 bytes) onto `self.out`.
    fn decode(&mut self, raw: &[u8], le: bool) {
        let mut bytes = raw.iter().copied();
        let mut units = Vec::with_capacity(raw.len() / 2 + 1);
        loop {
            let first = match self.odd.take() {
                Some(b) => b,
                None => match bytes.next() {
                    Some(b) => b,
                    None => break,
                },
            };
            let Some(second) = bytes.next() else {
                self.odd = Some(first);
                break;
            };
            units.push(if le {
                u16::from_le_bytes([first, second])
            } else {
                u16::from_be_bytes([first, second])
            });
        }
        let mut all = Vec::with_capacity(units.len() + 1);
        all.extend(self.high.take());
        all.extend(units);
        // A high surrogate at the end waits for its pair in the next read.
        if all.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            self.high = all.pop();
        }
        let mut text = String::with_capacity(all.len());
        for c in char::decode_utf16(all) {
            text.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        self.out.extend_from_slice(text.as_bytes());
    }
}

impl<R: Read> Read for Utf16Text<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.kind == TextKind::Unknown {
            let mut head = [0u8; 2];
            let mut got = 0;
            while got < 2 {
                let n = self.read_some(&mut head[got..])?;
                if n == 0 {
                    break;
                }
                got += n;
            }
            self.kind = match &head[..got] {
                [0xFF, 0xFE] => TextKind::Utf16 {
                    little_endian: true,
                },
                [0xFE, 0xFF] => TextKind::Utf16 {
                    little_endian: false,
                },
                other => {
                    self.out.extend_from_slice(other);
                    TextKind::Bytes
                }
            };
        }
        loop {
            if self.at < self.out.len() {
                let n = buf.len().min(self.out.len() - self.at);
                buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
                self.at += n;
                if self.at == self.out.len() {
                    self.out.clear();
                    self.at = 0;
                }
                return Ok(n);
            }
            let TextKind::Utf16 { little_endian: le } = self.kind else {
                return self.read_some(buf);
            };
            let mut raw = vec![0u8; buf.len().clamp(2, 64 * 1024)];
            let n = self.read_some(&mut raw)?;
            if n == 0 {
                // An odd byte or a lone surrogate at the end: shown as a replacement.
                if self.odd.take().is_some() || self.high.take().is_some() {
                    self.out
                        .extend_from_slice(char::REPLACEMENT_CHARACTER.to_string().as_bytes());
                    continue;
                }
                return Ok(0);
            }
            self.decode(&raw[..n], le);
        }
    }
}

#[cfg(test)]
mod utf16_tests {
    use super::Utf16Text;
    use std::io::Read;

    /// A reader that gives one byte at a time, as a slow pipe may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            if buf.is_empty() {
                return Ok(0);
            }
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    fn through(input: &[u8]) -> String {
        let mut out = Vec::new();
        Utf16Text::new(Trickle(input))
            .read_to_end(&mut out)
            .expect("read");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn a_utf16_log_is_read_as_its_text_and_others_pass_unchanged() {
        let text = "fatal: Could not read from remote repository. é 🔑\r\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        assert_eq!(through(&le), text);
        assert_eq!(through(&be), text);
        assert_eq!(through(text.as_bytes()), text);
        assert_eq!(through(b"a"), "a");
        assert_eq!(through(b""), "");
        // A log cut in the middle of a character ends with a replacement.
        assert_eq!(
            through(&le[..le.len() - 1]),
            format!("{}\u{fffd}", &text[..text.len() - 1])
        );
    }
}

#[cfg(test)]
mod cr_tests {
    use super::CrLines;
    use std::io::Read;

    fn through(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        CrLines::new(input).read_to_end(&mut out).expect("read");
        out
    }

    #[test]
    fn carriage_returns_end_lines_only_in_a_log_without_line_feeds() {
        assert_eq!(through(b"a\rb\rc"), b"a\nb\nc");
        assert_eq!(through(b"a\r\nb\r\n"), b"a\r\nb\r\n");
        assert_eq!(through(b"10%\r20%\rdone\n"), b"10%\r20%\rdone\n");
        assert_eq!(through(b""), b"");
        // Longer than what the decision reads: the rest is translated as well.
        let long: Vec<u8> = b"x\r".repeat(100_000);
        assert_eq!(through(&long), b"x\n".repeat(100_000));
    }
}

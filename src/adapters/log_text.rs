//! A log's bytes as the text the diagnosis reads, decided on its first 64 KiB:
//! - UTF-16 (with its byte-order mark, as Windows PowerShell's `>` and `Out-File` write it, or
//!   without one) and UTF-32 (`Out-File -Encoding utf32`) are decoded to UTF-8; a UTF-8
//!   byte-order mark is dropped;
//! - a carriage return alone (not before a line feed) ends a line, as the troubleshooting screen
//!   reads a paste: a log whose lines end with CR (a terminal that sends CR, a classic Mac file),
//!   and progress redrawn with CR (`Receiving objects: 45%\r…`) inside a line, which would
//!   otherwise hide an error printed after it on the same line or make the line too long;
//! - binary data (a compressed log, an image, `/dev/zero`) is refused with [`NotText`] instead of
//!   being read as lines of noise, or forever;
//! - anything else passes unchanged, byte for byte.

use std::fmt;
use std::io::{self, Read};

/// How much of the start decides what the log is.
const HEAD: usize = 64 * 1024;

/// The error a binary input gives (as the source of an `InvalidData` I/O error).
#[derive(Debug)]
pub struct NotText;

impl fmt::Display for NotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("binary data, not a text log")
    }
}

impl std::error::Error for NotText {}

/// Whether an I/O error is a [`LogText`]'s refusal of binary data.
pub fn is_not_text(e: &io::Error) -> bool {
    matches!(e.get_ref(), Some(inner) if inner.is::<NotText>())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Undecided,
    Utf8,
    Utf16 { little_endian: bool },
    Utf32 { little_endian: bool },
}

/// A reader of a log's text (see the module's description).
pub struct LogText<R> {
    inner: R,
    encoding: Encoding,
    /// A carriage return at the end of what was read, not given out until the next byte says
    /// whether it ends a line alone.
    held_cr: bool,
    /// Text decided or decoded but not given out yet.
    out: Vec<u8>,
    at: usize,
    /// An odd byte and a high surrogate waiting for the rest of their unit or pair.
    odd: Option<u8>,
    high: Option<u16>,
    /// The bytes of a UTF-32 unit not read whole yet.
    quad: Vec<u8>,
}

impl<R: Read> LogText<R> {
    /// Wraps a reader.
    pub fn new(inner: R) -> Self {
        LogText {
            inner,
            encoding: Encoding::Undecided,
            held_cr: false,
            out: Vec::new(),
            at: 0,
            odd: None,
            high: None,
            quad: Vec::new(),
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

    fn decide(&mut self) -> io::Result<()> {
        let mut head = vec![0u8; HEAD];
        let mut got = 0;
        while got < HEAD {
            let n = self.read_some(&mut head[got..])?;
            if n == 0 {
                break;
            }
            got += n;
        }
        head.truncate(got);
        let (encoding, skip) = match head.as_slice() {
            // UTF-32's marks first: its little-endian one starts like UTF-16's.
            [0xFF, 0xFE, 0, 0, ..] => (
                Encoding::Utf32 {
                    little_endian: true,
                },
                4,
            ),
            [0, 0, 0xFE, 0xFF, ..] => (
                Encoding::Utf32 {
                    little_endian: false,
                },
                4,
            ),
            [0xFF, 0xFE, ..] => (
                Encoding::Utf16 {
                    little_endian: true,
                },
                2,
            ),
            [0xFE, 0xFF, ..] => (
                Encoding::Utf16 {
                    little_endian: false,
                },
                2,
            ),
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, 3),
            _ => match utf16_without_mark(&head) {
                Some(little_endian) => (Encoding::Utf16 { little_endian }, 0),
                None if let Some(little_endian) = utf32_without_mark(&head) => {
                    (Encoding::Utf32 { little_endian }, 0)
                }
                None if looks_binary(&head) => {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, NotText));
                }
                None => (Encoding::Utf8, 0),
            },
        };
        self.encoding = encoding;
        match encoding {
            Encoding::Utf16 { little_endian } => self.decode(&head[skip..], little_endian),
            Encoding::Utf32 { little_endian } => self.decode32(&head[skip..], little_endian),
            _ => {
                head.drain(..skip);
                self.out = head;
            }
        }
        // A byte-order mark in front of binary data (zeros after a UTF-32 mark) is no log.
        if skip > 0 && looks_binary(&self.out) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, NotText));
        }
        self.hold_last_cr(0, got < HEAD);
        Ok(())
    }

    /// Bare carriage returns of `self.out[from..]` become line feeds; one at its very end is
    /// held back unless the input ended.
    fn hold_last_cr(&mut self, from: usize, ended: bool) {
        let end = bare_crs(&mut self.out[from..], ended);
        if end < self.out.len() - from {
            self.out.truncate(from + end);
            self.held_cr = true;
        }
    }

    /// Decodes `raw` (UTF-16 bytes) onto `self.out`.
    fn decode(&mut self, raw: &[u8], le: bool) {
        let mut bytes = raw.iter().copied();
        let mut units = Vec::with_capacity(raw.len() / 2 + 2);
        units.extend(self.high.take());
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
        // A high surrogate at the end waits for its pair in the next read.
        if units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
            self.high = units.pop();
        }
        let start = self.out.len();
        if std::mem::take(&mut self.held_cr) {
            self.out.push(b'\r');
        }
        for c in char::decode_utf16(units) {
            let mut b = [0u8; 4];
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
        }
        self.hold_last_cr(start, false);
    }

    /// Decodes `raw` (UTF-32 bytes) onto `self.out`.
    fn decode32(&mut self, raw: &[u8], le: bool) {
        let start = self.out.len();
        if std::mem::take(&mut self.held_cr) {
            self.out.push(b'\r');
        }
        // The bytes of a unit cut by the last read come first.
        let mut bytes = std::mem::take(&mut self.quad);
        bytes.extend_from_slice(raw);
        let mut units = bytes.chunks_exact(4);
        for unit in &mut units {
            let bytes = [unit[0], unit[1], unit[2], unit[3]];
            let u = if le {
                u32::from_le_bytes(bytes)
            } else {
                u32::from_be_bytes(bytes)
            };
            let c = char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER);
            let mut b = [0u8; 4];
            self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
        }
        self.quad.extend_from_slice(units.remainder());
        self.hold_last_cr(start, false);
    }
}

impl<R: Read> Read for LogText<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.encoding == Encoding::Undecided {
            self.decide()?;
        }
        loop {
            if self.at < self.out.len() {
                let n = buf.len().min(self.out.len() - self.at);
                buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
                self.at += n;
                if self.at == self.out.len() {
                    self.out = Vec::new();
                    self.at = 0;
                }
                return Ok(n);
            }
            let (Encoding::Utf16 { little_endian } | Encoding::Utf32 { little_endian }) =
                self.encoding
            else {
                // UTF-8 after the head: straight into the caller's buffer, behind a held CR.
                if buf.is_empty() {
                    return Ok(0);
                }
                let held = usize::from(std::mem::take(&mut self.held_cr));
                if held == 1 {
                    buf[0] = b'\r';
                }
                let n = if buf.len() > held {
                    self.read_some(&mut buf[held..])?
                } else {
                    // No room to look past the held CR: give it out as the line end it
                    // most likely is (a CR LF then leaves an empty line, nothing worse).
                    0
                };
                let end = bare_crs(&mut buf[..held + n], n == 0);
                self.held_cr = end < held + n;
                if end == 0 && self.held_cr {
                    continue;
                }
                return Ok(end);
            };
            let mut raw = vec![0u8; buf.len().clamp(2, HEAD)];
            let n = self.read_some(&mut raw)?;
            if n == 0 {
                if std::mem::take(&mut self.held_cr) {
                    self.out.push(b'\n');
                    continue;
                }
                // An odd byte or a lone surrogate at the end: shown as a replacement.
                let cut = !std::mem::take(&mut self.quad).is_empty();
                if self.odd.take().is_some() || self.high.take().is_some() || cut {
                    let mut b = [0u8; 4];
                    let r = char::REPLACEMENT_CHARACTER.encode_utf8(&mut b);
                    self.out.extend_from_slice(r.as_bytes());
                    continue;
                }
                return Ok(0);
            }
            if matches!(self.encoding, Encoding::Utf32 { .. }) {
                self.decode32(&raw[..n], little_endian);
            } else {
                self.decode(&raw[..n], little_endian);
            }
        }
    }
}

/// Turns each carriage return of `bytes` that is not before a line feed into a line feed, and
/// gives how many bytes are ready: all, or all but a last CR whose next byte is not read yet
/// (unless `ended`, when it ends the last line).
fn bare_crs(bytes: &mut [u8], ended: bool) -> usize {
    let len = bytes.len();
    let mut at = 0;
    while let Some(i) = memchr::memchr(b'\r', &bytes[at..]) {
        let i = at + i;
        match bytes.get(i + 1) {
            Some(b'\n') => {}
            Some(_) => bytes[i] = b'\n',
            None if ended => bytes[i] = b'\n',
            None => return len - 1,
        }
        at = i + 1;
    }
    len
}

/// UTF-16 without a byte-order mark, as some Windows tools write it: mostly ASCII, so one byte
/// of each pair is zero, always the same one. `Some(true)` for little-endian.
fn utf16_without_mark(head: &[u8]) -> Option<bool> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zero = |from: usize| {
        head.iter()
            .skip(from)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zero(0), zero(1));
    // Most of one side zero, almost none of the other.
    let mostly = |n: usize| n * 10 >= pairs * 6;
    let hardly = |n: usize| n * 20 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(true)
    } else if mostly(even) && hardly(odd) {
        Some(false)
    } else {
        None
    }
}

/// UTF-32 without a byte-order mark: three bytes of every four zero, the same three.
fn utf32_without_mark(head: &[u8]) -> Option<bool> {
    let units = head.len() / 4;
    if units < 2 {
        return None;
    }
    let zero_at = |i: usize| head.chunks_exact(4).filter(|u| u[i] == 0).count();
    let mostly = |n: usize| n * 10 >= units * 9;
    let hardly = |n: usize| n * 20 <= units;
    // The two high bytes are zero for every character of the Basic Multilingual Plane (any
    // script: Cyrillic, CJK), the lowest hardly ever.
    if hardly(zero_at(0)) && mostly(zero_at(2)) && mostly(zero_at(3)) {
        Some(true)
    } else if hardly(zero_at(3)) && mostly(zero_at(0)) && mostly(zero_at(1)) {
        Some(false)
    } else {
        None
    }
}

/// Whether the start of a log is binary, judged as a pasted log is. NULs are left out of the
/// judgement (a log preallocated and cut short by a crash is text padded with zeros; one
/// truncated while written to has a hole of zeros); a start that is only NULs is binary
/// (`/dev/zero`).
fn looks_binary(head: &[u8]) -> bool {
    let text: Vec<u8> = head.iter().copied().filter(|b| *b != 0).collect();
    if text.is_empty() {
        return !head.is_empty();
    }
    crate::core::diagnosis::looks_binary(&String::from_utf8_lossy(&text))
}

#[cfg(test)]
mod tests {
    use super::{LogText, is_not_text};
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

    fn through(input: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        LogText::new(Trickle(input)).read_to_end(&mut out)?;
        Ok(out)
    }

    fn text(input: &[u8]) -> String {
        String::from_utf8(through(input).expect("read")).expect("utf-8")
    }

    fn utf32(text: &str, le: bool, mark: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for c in mark.then_some('\u{FEFF}').into_iter().chain(text.chars()) {
            let u = u32::from(c);
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn a_utf32_log_is_read_as_its_text_with_or_without_its_mark() {
        let log = "fatal: Could not read from remote repository. é 🔑\r\n".repeat(2_000);
        for le in [true, false] {
            assert_eq!(text(&utf32(&log, le, true)), log);
            assert_eq!(text(&utf32(&log, le, false)), log);
        }
        let cut = utf32("ab", true, true);
        assert_eq!(text(&cut[..cut.len() - 2]), "a\u{fffd}");
        // Without a mark, in any script.
        let cyrillic = "фатально: Ошибка аутентификации для 'https://bitbucket.org/'\n".repeat(50);
        let cjk = "致命错误：无法读取远程仓库。\n".repeat(50);
        for log in [&cyrillic, &cjk] {
            for le in [true, false] {
                assert_eq!(&text(&utf32(log, le, false)), log);
            }
        }
    }

    #[test]
    fn a_log_padded_with_zeros_after_a_crash_is_read() {
        let log = "git@bitbucket.org: Permission denied (publickey).\n".repeat(20);
        let padded = [log.as_bytes(), &vec![0u8; 100_000]].concat();
        assert!(text(&padded).starts_with(&log));
        // A hole of zeros near the start (a log truncated while written to).
        let holed = [b"start\n", &[0u8; 100][..], log.as_bytes()].concat();
        assert!(text(&holed).ends_with(&log));
    }

    fn utf16(text: &str, le: bool, mark: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if mark {
            out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
        }
        for u in text.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn a_utf16_log_is_read_as_its_text_with_or_without_its_mark() {
        let log = "fatal: Could not read from remote repository. é 🔑\r\n";
        for le in [true, false] {
            assert_eq!(text(&utf16(log, le, true)), log);
            assert_eq!(text(&utf16(log, le, false)), log);
        }
        // A log cut in the middle of a character ends with a replacement.
        let le = utf16(&format!("{log}more"), true, true);
        assert_eq!(text(&le[..le.len() - 1]), format!("{log}mor\u{fffd}"));
        // Longer than the head: the rest is decoded as well.
        let many = "Permission denied (publickey).\n".repeat(5_000);
        assert_eq!(text(&utf16(&many, true, true)), many);
    }

    #[test]
    fn other_text_passes_unchanged_and_a_utf8_mark_is_dropped() {
        let log = "error: RPC failed; HTTP 413 curl 22 é\n";
        assert_eq!(text(log.as_bytes()), log);
        assert_eq!(text(&[b"\xEF\xBB\xBF", log.as_bytes()].concat()), log);
        assert_eq!(text(b"a"), "a");
        assert_eq!(text(b""), "");
        // Latin-1 (Windows-1252) text and a stray control byte are still text.
        let latin =
            b"fatal: Authentifizierung f\xfcr 'https://bitbucket.org/' fehlgeschlagen\x01\n";
        assert_eq!(through(latin).expect("read"), latin.to_vec());
    }

    #[test]
    fn a_carriage_return_alone_ends_a_line_and_one_before_a_line_feed_stays() {
        assert_eq!(text(b"a\rb\rc"), "a\nb\nc");
        assert_eq!(text(b"a\r\nb\r\n"), "a\r\nb\r\n");
        assert_eq!(text(b"10%\r20%\rdone\n"), "10%\n20%\ndone\n");
        assert_eq!(text(b"a\r"), "a\n");
        // Past the head, read in pieces of every size: a CR at a piece's end waits for the next.
        let mixed = format!("{}10%\r\nerr\r20%\rfatal: x\r\n", "line\r\n".repeat(20_000));
        let want = mixed
            .replace("\r\n", "\u{0}")
            .replace('\r', "\n")
            .replace('\u{0}', "\r\n");
        assert_eq!(text(mixed.as_bytes()), want);
        let mut whole = Vec::new();
        LogText::new(mixed.as_bytes())
            .read_to_end(&mut whole)
            .expect("read");
        assert_eq!(String::from_utf8(whole).expect("utf-8"), want);
        assert_eq!(text(&utf16(&mixed, true, true)), want);
        let long = "x\r".repeat(100_000);
        assert_eq!(text(long.as_bytes()), "x\n".repeat(100_000));
        assert_eq!(text(&utf16("a\rb\r", true, true)), "a\nb\n");
    }

    #[test]
    fn binary_data_is_refused_not_read() {
        let random = crate::testing::noise(4096, 0x2545_F491_4F6C_DD1D);
        let gzip = [&[0x1F, 0x8B, 0x08, 0x00][..], &random[..200]].concat();
        let marked_zeros = [&[0xFF, 0xFE, 0, 0][..], &[0u8; 40]].concat();
        for input in [
            &vec![0u8; 100_000][..],
            &random,
            &gzip,
            b"\0\0\0",
            &marked_zeros,
        ] {
            let e = through(input).expect_err("binary");
            assert!(is_not_text(&e), "{e}");
            assert_eq!(e.to_string(), "binary data, not a text log");
        }
        // An endless source of zeros ends at the head.
        let e = LogText::new(std::io::repeat(0))
            .read_to_end(&mut Vec::new())
            .expect_err("binary");
        assert!(is_not_text(&e));
    }
}

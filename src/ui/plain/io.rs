//! The plain shell's two ends: lines read from standard input on a thread of their own (each
//! capped, so a stream without line breaks cannot fill memory), and a printer that writes whole
//! lines to standard output, made safe for the terminal, and notices when nobody reads them.

use std::io::{self, BufRead, Write};

use tokio::sync::mpsc::Sender;
use zeroize::Zeroizing;

use crate::core::display::terminal_safe;

/// The longest line taken (a pasted log or key line is far shorter).
pub const MAX_LINE: usize = 64 * 1024;

/// What the input thread read.
#[derive(Debug)]
pub enum Input {
    /// A line, without its line ending (it may be a secret: zeroed when dropped).
    Line(Zeroizing<String>),
    /// Part of a line longer than [`MAX_LINE`] bytes, dropped: how many bytes, and whether
    /// the line ended with them.
    TooLong(usize, bool),
    /// End of input, or it cannot be read.
    End,
}

/// Lines read ahead of the conversation: the reader waits when they are not taken, so input
/// that arrives faster than it is answered stays in the pipe, not in memory.
pub const READ_AHEAD: usize = 64;

/// Reads standard input line by line until its end, on a thread (the read blocks, and so does
/// the send when [`READ_AHEAD`] lines wait).
pub fn spawn_reader(tx: Sender<Input>) {
    std::thread::spawn(move || {
        let stdin = io::stdin();
        let mut reader = LineReader::default();
        loop {
            let input = reader.read(&mut stdin.lock(), MAX_LINE);
            let end = matches!(input, Input::End);
            if tx.blocking_send(input).is_err() || end {
                return;
            }
        }
    });
}

/// Splits input into lines of at most a limit; the rest of a longer line is dropped, a
/// limit's worth at a time, so a stream without line breaks is reported as it goes instead of
/// being read forever.
#[derive(Debug, Default)]
pub struct LineReader {
    /// Within a line already reported as too long.
    dropping: bool,
}

impl LineReader {
    /// The next line of at most `limit` bytes, or [`Input::TooLong`] for each `limit` bytes
    /// of a longer one.
    pub fn read(&mut self, reader: &mut impl BufRead, limit: usize) -> Input {
        let mut buf = Zeroizing::new(Vec::new());
        let mut total = 0usize;
        loop {
            let available = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Input::End,
            };
            if available.is_empty() {
                if total == 0 {
                    return Input::End;
                }
                break;
            }
            let room = limit.saturating_add(1).saturating_sub(total);
            let (chunk, done) = match memchr::memchr(b'\n', available) {
                Some(i) if i < room => (&available[..=i], true),
                _ => (&available[..available.len().min(room)], false),
            };
            let n = chunk.len();
            if !self.dropping {
                buf.extend_from_slice(chunk);
            }
            total = total.saturating_add(n);
            reader.consume(n);
            if done {
                break;
            }
            if total > limit {
                self.dropping = true;
                return Input::TooLong(total, false);
            }
        }
        if std::mem::take(&mut self.dropping) {
            return Input::TooLong(total, true);
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        Input::Line(Zeroizing::new(String::from_utf8_lossy(&buf).into_owned()))
    }
}

/// Writes the conversation to standard output.
#[derive(Debug, Default)]
pub struct Printer {
    /// Standard output failed (closed): the conversation cannot go on.
    pub broken: bool,
    /// Everything printed so far, for tests.
    #[cfg(test)]
    pub log: String,
}

impl Printer {
    /// Prints lines; text from files, servers or input is made safe here, once for all.
    pub fn lines<S: AsRef<str>>(&mut self, lines: &[S]) {
        let mut text = String::new();
        for l in lines {
            text.push_str(&terminal_safe(l.as_ref()));
            text.push('\n');
        }
        self.write(&text);
    }

    /// Prints one line.
    pub fn line(&mut self, line: &str) {
        self.lines(&[line]);
    }

    /// Prints a question without a line break after it.
    pub fn ask(&mut self, question: &str) {
        self.write(&format!("{} ", terminal_safe(question)));
    }

    fn write(&mut self, text: &str) {
        #[cfg(test)]
        self.log.push_str(text);
        if self.broken {
            return;
        }
        let mut out = io::stdout().lock();
        if out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            self.broken = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn lines_are_capped_and_long_ones_dropped_whole() {
        let mut r = io::Cursor::new(b"short\r\nxxxxxxxxxxxx\nnext".to_vec());
        let mut lines = LineReader::default();
        assert!(matches!(lines.read(&mut r, 8), Input::Line(l) if l.as_str() == "short"));
        assert!(matches!(lines.read(&mut r, 8), Input::TooLong(9, false)));
        // The rest of the long line is dropped, not taken as an answer.
        assert!(matches!(lines.read(&mut r, 8), Input::TooLong(4, true)));
        assert!(matches!(lines.read(&mut r, 8), Input::Line(l) if l.as_str() == "next"));
        assert!(matches!(lines.read(&mut r, 8), Input::End));
    }

    #[test]
    fn a_stream_without_line_breaks_is_reported_a_limit_at_a_time() {
        let mut zeros = io::repeat(0).take(1 << 20);
        let mut lines = LineReader::default();
        for _ in 0..3 {
            assert!(matches!(
                lines.read(&mut io::BufReader::new(&mut zeros), 1024),
                Input::TooLong(_, false)
            ));
        }
    }

    #[test]
    fn escapes_never_reach_the_terminal() {
        let mut p = Printer {
            broken: true,
            ..Printer::default()
        };
        p.line("a\x1b[2Jb\x07");
        assert!(
            !p.log.contains('\x1b') && !p.log.contains('\x07'),
            "{}",
            p.log
        );
    }
}

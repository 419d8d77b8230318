//! Where a private key pasted line by line ends, whatever its format: OpenSSH and PEM between
//! `-----BEGIN` and `-----END` lines, a legacy encrypted PEM with its blank line after the
//! headers, a `PuTTY` file up to its `Private-MAC` line, each also with the doubled line breaks a
//! terminal makes of CRLF. A shell that reads lines (the plain mode) takes a key whole with it,
//! so no line of the key is ever read as an answer; a key too large is read to its end too.

use zeroize::Zeroizing;

use super::MAX_KEY;

/// What its first line says a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `-----BEGIN …` to `-----END …-----`.
    Block,
    /// `PuTTY-User-Key-File-…` to `Private-MAC: …`.
    Putty,
}

/// A key being pasted, line by line.
#[derive(Default)]
pub struct KeyPaste {
    text: Zeroizing<String>,
    /// Lines taken, empty ones included (not those before the key).
    lines: usize,
    shape: Option<Shape>,
    /// Every line break came doubled (CRLF through a terminal): an empty line right after
    /// the first.
    doubled: bool,
    /// Empty lines since the last line with text.
    empty: usize,
    /// The last line with text was a header (`DEK-Info: …`): the blank line after it belongs
    /// to the key.
    after_header: bool,
    /// More than any key: read to its end, then refused.
    too_large: bool,
}

impl KeyPaste {
    /// Nothing taken yet.
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// The key's text, line by line as taken (empty when it was too large).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// More than any key came: nothing of it is kept.
    pub fn too_large(&self) -> bool {
        self.too_large
    }

    /// How many of its lines hold text.
    pub fn text_lines(&self) -> usize {
        self.text.lines().filter(|l| !l.trim().is_empty()).count()
    }

    /// Takes a line; whether it was the key's last.
    pub fn push(&mut self, line: &str) -> bool {
        let t = line.trim();
        if self.lines == 0 && t.is_empty() {
            return false;
        }
        self.lines += 1;
        if !self.too_large {
            if self.text.len() + line.len() + 1 > MAX_KEY {
                self.too_large = true;
                self.text = Zeroizing::new(String::new());
            } else {
                self.text.push_str(line);
                self.text.push('\n');
            }
        }
        if t.is_empty() {
            self.doubled |= self.lines == 2;
            self.empty += 1;
            let needed = if self.doubled { 2 } else { 1 };
            return !self.after_header && self.lines > 2 && self.empty >= needed;
        }
        self.empty = 0;
        if self.lines == 1 {
            self.shape = if t.starts_with("PuTTY-User-Key-File-") {
                Some(Shape::Putty)
            } else if t.contains("-----BEGIN") || super::opens_key_block(t) {
                Some(Shape::Block)
            } else {
                // One line that opens no block: a public key by mistake, or not a key.
                return true;
            };
        }
        if (t.contains("-----END") && t.ends_with("-----"))
            || (t.starts_with("---- END") && t.contains("PRIVATE KEY"))
        {
            return true;
        }
        if self.shape == Some(Shape::Putty) && t.starts_with("Private-MAC:") {
            return true;
        }
        self.after_header = self.shape == Some(Shape::Block) && t.contains(':');
        false
    }

    /// A line too long for any key came: what was taken is dropped, and the rest of the key is
    /// read to its end and dropped too.
    pub fn overflow(&mut self) {
        self.too_large = true;
        self.text = Zeroizing::new(String::new());
        self.lines = self.lines.max(1);
        self.shape = self.shape.or(Some(Shape::Block));
    }
}

#[cfg(test)]
mod tests {
    use super::KeyPaste;

    /// How many lines of `text` the key takes (blank lines before it included).
    fn lines_taken(text: &str) -> usize {
        let mut key = KeyPaste::default();
        for (i, line) in text.lines().enumerate() {
            if key.push(line) {
                return i + 1;
            }
        }
        usize::MAX
    }

    #[test]
    fn a_key_ends_at_its_last_line_whatever_its_format() {
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nNzaC1r\n-----END OPENSSH PRIVATE KEY-----\nnext";
        assert_eq!(lines_taken(openssh), 4);
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIE\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(
            lines_taken(legacy),
            6,
            "the blank line after the headers is inside"
        );
        let putty = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 1\nBBBB\nPrivate-MAC: 00ff\nnext";
        assert_eq!(lines_taken(putty), 8);
        assert_eq!(
            lines_taken(
                "\n\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----"
            ),
            5,
            "blank lines before are skipped"
        );
        assert_eq!(
            lines_taken("ssh-ed25519 AAAA comment\nnext"),
            1,
            "a public key by mistake"
        );
        assert_eq!(
            lines_taken("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n\nnext"),
            3,
            "a key that lost its END line ends at an empty line"
        );
        assert_eq!(
            lines_taken(
                "-----BEGIN OPENSSH PRIVATE KEY----- b3Bl -----END OPENSSH PRIVATE KEY-----"
            ),
            1,
            "a key on one line"
        );
    }

    #[test]
    fn crlf_through_a_terminal_doubles_every_line_break_and_the_key_is_still_whole() {
        let double = |s: &str| s.replace('\n', "\n\n");
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\nNzaC1r\n-----END OPENSSH PRIVATE KEY-----\nnext";
        assert_eq!(lines_taken(&double(openssh)), 7);
        let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIE\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(lines_taken(&double(legacy)), 11);
        let putty = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-MAC: 00ff\nnext";
        assert_eq!(lines_taken(&double(putty)), 5);
        // Cut short, with doubled breaks: two empty lines end it.
        assert_eq!(
            lines_taken(&double("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n\nnext")),
            5
        );
    }

    #[test]
    fn a_key_too_large_is_read_to_its_end() {
        let mut key = KeyPaste::default();
        assert!(!key.push("-----BEGIN OPENSSH PRIVATE KEY-----"));
        let line = "A".repeat(70);
        for _ in 0..(2 << 20) / 71 {
            assert!(!key.push(&line));
        }
        assert!(key.too_large() && key.text().is_empty());
        assert!(key.push("-----END OPENSSH PRIVATE KEY-----"));
    }
}

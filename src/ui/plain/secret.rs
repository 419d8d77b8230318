//! Reading a private key pasted into the plain shell, with the echo off: the lines of one key
//! block, whatever its format (OpenSSH and PEM between `-----BEGIN` and `-----END` lines, a
//! legacy encrypted PEM with its blank line after the headers, a `PuTTY` file up to its
//! `Private-MAC` line, each also with the doubled line breaks a terminal makes of CRLF), so no
//! line of it is ever read as an answer and echoed — a key too large is read to its end too.

use zeroize::Zeroizing;

use crate::core::keyboard::Action;
use crate::core::wizard::{Effect, Field, Msg};

use super::{Mode, Shell};
use crate::core::wizard::page::{Ask, Do, Hidden};

/// The largest private key taken (the private key check's own limit).
const MAX_KEY: usize = crate::core::inspect::MAX_INPUT;

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
            } else if t.contains("-----BEGIN") || crate::core::input::opens_key_block(t) {
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
}

impl KeyPaste {
    /// A line too long for any key came: what was taken is dropped, and the rest of the key is
    /// read to its end and dropped too.
    pub fn overflow(&mut self) {
        self.too_large = true;
        self.text = Zeroizing::new(String::new());
        self.lines = self.lines.max(1);
        self.shape = self.shape.or(Some(Shape::Block));
    }
}

impl Shell {
    /// A private key pasted (or typed) where no question asks for one: its first line starts
    /// it, and it is read to its end as one block, never echoed or quoted, and answered once.
    /// At the private key step's own menu it is that step's answer. `None`: the line is not
    /// part of a key.
    pub(super) fn stray_key(&mut self, line: &str) -> Option<Vec<Effect>> {
        if matches!(&self.mode, Mode::Answer(a) if a.hidden == Hidden::Key) {
            // The question asks for a key: the paste is its answer.
            return None;
        }
        if self.stray.is_none() {
            if !crate::core::input::opens_key_block(line) {
                return None;
            }
            if let Some(ask) = self.key_question_here() {
                // What the user meant: the key step's own question.
                self.mode = Mode::Answer(ask.clone());
                if self.hidden.is_none() {
                    self.hidden = crate::adapters::stdin::echo_off_quietly();
                }
                return Some(self.key_line(&ask, line));
            }
            self.stray = Some(KeyPaste::default());
            if self.hidden.is_none() {
                // The rest of a slow paste is not shown by the terminal either.
                self.stray_echo = crate::adapters::stdin::echo_off_quietly();
            }
        }
        let done = self.stray.as_mut().is_some_and(|k| k.push(line));
        if done {
            self.end_stray();
            return Some(self.after(Vec::new()));
        }
        Some(Vec::new())
    }

    /// The stray key is over (complete, or the input ended): one answer for all of it.
    pub(super) fn end_stray(&mut self) {
        let Some(key) = self.stray.take() else { return };
        if self.stray_echo.take().is_some() || !self.echoing {
            self.out.line("");
        }
        let lines = if key.too_large {
            "over 1 MB".to_string()
        } else {
            let n = key.text.lines().filter(|l| !l.trim().is_empty()).count();
            format!("{n} line{}", if n == 1 { "" } else { "s" })
        };
        self.out.line(&format!(
            "That is a private key ({lines}, not shown): it is not an answer to this question, and nothing of it was kept. {}",
            self.app.wizard.private_key_belongs()
        ));
    }

    /// A line too long came during a stray key: the key is lost, the rest is read and dropped.
    pub(super) fn stray_too_long(&mut self) -> bool {
        self.stray.as_mut().map(KeyPaste::overflow).is_some()
    }

    /// The key step's question, when the private key step's menu is the question now.
    fn key_question_here(&self) -> Option<Ask> {
        if !matches!(self.mode, Mode::Choose) || self.app.wizard.overlay().is_some() {
            return None;
        }
        self.page.choices.iter().find_map(|c| match &c.does {
            Do::Ask(a) if a.hidden == Hidden::Key => Some(a.clone()),
            _ => None,
        })
    }

    /// A line of a private key being pasted (the echo is off). Empty lines before the key
    /// are skipped; `back` (a line no key has) cancels.
    pub(super) fn key_line(&mut self, ask: &Ask, line: &str) -> Vec<Effect> {
        let t = line.trim();
        if t == "back" || t == "quit" {
            self.drop_key("Nothing changed.");
            return if t == "quit" {
                self.app.update(Msg::Action(Action::Quit))
            } else {
                Vec::new()
            };
        }
        if !self.key.push(line) {
            return Vec::new();
        }
        if self.key.too_large {
            self.drop_key(
                "That is far more than any key (the limit is 1 MB): nothing was changed.",
            );
            return Vec::new();
        }
        self.finish_key(ask)
    }

    /// Forgets a key being pasted, with why; the question is over.
    pub(super) fn drop_key(&mut self, why: &str) {
        self.key = KeyPaste::default();
        self.end_hidden();
        self.out.line(why);
        self.mode = Mode::Choose;
    }

    /// The echo comes back, and the Enter that was not echoed becomes a line break.
    pub(super) fn end_hidden(&mut self) {
        if self.hidden.take().is_some() || !self.echoing {
            self.out.line("");
        }
    }

    /// The whole key: to the private key field, as a paste would give it.
    pub(super) fn finish_key(&mut self, ask: &Ask) -> Vec<Effect> {
        self.end_hidden();
        let key = std::mem::take(&mut self.key);
        let lines = key.text.lines().filter(|l| !l.trim().is_empty()).count();
        self.out.line(&format!(
            "(received {lines} line{}, not shown)",
            if lines == 1 { "" } else { "s" }
        ));
        self.mode = Mode::Choose;
        let mut effects = self.app.enter(Field::PrivateKey, &key.text);
        for a in &ask.then {
            effects.extend(self.app.update(Msg::Action(*a)));
        }
        effects
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
        assert!(key.too_large && key.text.is_empty());
        assert!(key.push("-----END OPENSSH PRIVATE KEY-----"));
    }
}

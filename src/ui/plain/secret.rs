//! Reading a private key pasted into the plain shell, with the echo off: the lines of one key
//! block, whatever its format (OpenSSH and PEM between `-----BEGIN` and `-----END` lines, a
//! legacy encrypted PEM with its blank line after the headers, a `PuTTY` file up to its
//! `Private-MAC` line), so no line of it is ever read as an answer and echoed.

use zeroize::Zeroizing;

use crate::core::key::Action;
use crate::core::wizard::{Effect, Field, Msg};

use super::menu::Ask;
use super::{Mode, Shell};

/// The largest private key taken (the private key check's own limit).
const MAX_KEY: usize = crate::core::inspect::MAX_INPUT;

/// Whether `line` is the last of the key in `so_far` (which holds the lines before it).
pub fn ends_key(so_far: &str, line: &str) -> bool {
    let t = line.trim();
    let first = so_far.trim().is_empty();
    let putty = so_far.trim_start().starts_with("PuTTY-User-Key-File-")
        || (first && t.starts_with("PuTTY-User-Key-File-"));
    if t.contains("-----END") && t.ends_with("-----") {
        return true;
    }
    if putty {
        return t.starts_with("Private-MAC:") || t.is_empty();
    }
    if first {
        // One line that does not open a block: a public key pasted by mistake, or not a key.
        return !t.contains("-----BEGIN");
    }
    // Within a block an empty line ends it, except the one after a legacy PEM's headers
    // (`Proc-Type: …`, `DEK-Info: …`); a key that lost its END line ends there too.
    t.is_empty()
        && !so_far
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.contains(':'))
}

impl Shell {
    /// A line of a private key being pasted (the echo is off). Empty lines before the key
    /// are skipped; `back` (a line no key has) cancels.
    pub(super) fn key_line(&mut self, ask: &Ask, line: &str) -> Vec<Effect> {
        let t = line.trim();
        if t == "back" || t == "quit" {
            self.key = Zeroizing::new(String::new());
            self.end_hidden();
            self.out.line("Nothing changed.");
            self.mode = Mode::Choose;
            return if t == "quit" {
                self.app.update(Msg::Action(Action::Quit))
            } else {
                Vec::new()
            };
        }
        if self.key.is_empty() && t.is_empty() {
            return Vec::new();
        }
        if self.key.len() + line.len() + 1 > MAX_KEY {
            self.drop_key(
                "That is far more than any key (the limit is 1 MB): nothing was changed.",
            );
            return Vec::new();
        }
        let last = ends_key(&self.key, line);
        self.key.push_str(line);
        self.key.push('\n');
        if last {
            self.finish_key(ask)
        } else {
            Vec::new()
        }
    }

    /// Forgets a key being pasted, with why; the question is over.
    pub(super) fn drop_key(&mut self, why: &str) {
        self.key = Zeroizing::new(String::new());
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
        let text = std::mem::replace(&mut self.key, Zeroizing::new(String::new()));
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        self.out.line(&format!(
            "(received {lines} line{}, not shown)",
            if lines == 1 { "" } else { "s" }
        ));
        self.mode = Mode::Choose;
        let mut effects = self.app.enter(Field::PrivateKey, &text);
        for a in &ask.then {
            effects.extend(self.app.update(Msg::Action(*a)));
        }
        effects
    }
}

#[cfg(test)]
mod tests {
    use super::ends_key;

    fn lines_taken(text: &str) -> usize {
        let mut so_far = String::new();
        for (i, line) in text.lines().enumerate() {
            if so_far.is_empty() && line.trim().is_empty() {
                continue;
            }
            if ends_key(&so_far, line) {
                return i + 1;
            }
            so_far.push_str(line);
            so_far.push('\n');
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
}

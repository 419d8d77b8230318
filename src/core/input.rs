//! One cleaning pipeline for pasted and typed text, used by the wizard and the command line
//! alike, so both give the same verdict on the same input.
//!
//! What it undoes is what terminals, chat clients and web pages do to text on its way: lines
//! continued with `\`, CR line endings (terminals send each pasted newline as a bare CR),
//! invisible characters and direction marks. It judges nothing; the checks do that, and they
//! are told what was removed so they can say so.

mod key_paste;

pub use key_paste::KeyPaste;

/// The largest private key taken, from a paste, a file or standard input (a key is a few
/// kilobytes): the private key check refuses more.
pub const MAX_KEY: usize = 1024 * 1024;

/// A one-line value (a clone URL, a label, a path) as the checks read it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OneLine {
    /// The first non-blank line, trimmed, without the characters in `removed`.
    pub text: String,
    /// More non-blank lines followed; they were left out.
    pub more_lines: bool,
    /// Invisible, direction-changing and control characters that were removed (each once, in
    /// order of appearance).
    pub removed: Vec<char>,
}

/// Characters a web page or chat client slips into copied text that nobody can see.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}'
    )
}

/// Unicode's direction controls, which can make text look other than it is.
pub fn is_bidi_format(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether a character is dropped from a one-line value: it cannot be seen, or a terminal would
/// act on it.
fn dropped(c: char) -> bool {
    is_invisible(c) || is_bidi_format(c) || c.is_control()
}

/// Line endings as text files have them: CR LF and bare CR become LF.
pub fn unix_newlines(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\r') {
        std::borrow::Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// Cleans a one-line value: lines continued with `\` are joined (a shell command copied from a
/// page), then the first non-blank line is kept, trimmed, without invisible, direction or
/// control characters (a tab counts as a space).
pub fn one_line(raw: &str) -> OneLine {
    let text = unix_newlines(raw);
    let joined = if text.contains("\\\n") {
        std::borrow::Cow::Owned(text.replace("\\\n", " "))
    } else {
        text
    };
    let mut lines = joined.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("");
    let mut removed = Vec::new();
    let mut out = String::with_capacity(first.len());
    for c in first.chars() {
        if c == '\t' {
            out.push(' ');
        } else if dropped(c) {
            if !removed.contains(&c) {
                removed.push(c);
            }
        } else {
            out.push(c);
        }
    }
    OneLine {
        text: out.trim().to_string(),
        more_lines: lines.next().is_some(),
        removed,
    }
}

/// The names of removed characters for a message: `U+200B ZERO WIDTH SPACE, U+202E …`.
pub fn describe_removed(removed: &[char]) -> String {
    removed
        .iter()
        .map(|c| {
            let name = match c {
                '\u{200B}' => " ZERO WIDTH SPACE",
                '\u{200C}' => " ZERO WIDTH NON-JOINER",
                '\u{200D}' => " ZERO WIDTH JOINER",
                '\u{2060}' => " WORD JOINER",
                '\u{FEFF}' => " BYTE ORDER MARK",
                '\u{00AD}' => " SOFT HYPHEN",
                '\u{202E}' => " RIGHT-TO-LEFT OVERRIDE",
                '\u{202D}' => " LEFT-TO-RIGHT OVERRIDE",
                '\u{200E}' => " LEFT-TO-RIGHT MARK",
                '\u{200F}' => " RIGHT-TO-LEFT MARK",
                '\u{1B}' => " ESCAPE",
                c if is_bidi_format(*c) => " DIRECTION CONTROL",
                c if c.is_control() => " CONTROL CHARACTER",
                _ => "",
            };
            format!("U+{:04X}{name}", u32::from(*c))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A private key as pasted: its lines, and whether it had Windows (CR LF) line endings. A
/// terminal turns every pasted newline into a bare CR, so CR LF text arrives as CR CR: both
/// count as Windows line endings (a key has no blank lines to explain a doubled CR).
pub fn key_lines(raw: &str) -> (Vec<String>, bool) {
    if raw.contains("\r\r") && !raw.contains('\n') {
        let lines = raw.replace("\r\r", "\n").replace('\r', "\n");
        return (lines.lines().map(str::to_string).collect(), true);
    }
    let crlf = raw.contains("\r\n");
    let lines = unix_newlines(raw).lines().map(str::to_string).collect();
    (lines, crlf)
}

/// Whether a line opens a private key block: PEM or OpenSSH (`-----BEGIN … PRIVATE KEY-----`),
/// ssh.com's (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`) or a `PuTTY` file. Text that does
/// is a secret wherever it arrives: it is read to its end as one block and never shown.
pub fn opens_key_block(line: &str) -> bool {
    let t = line.trim_start();
    (t.starts_with("-----BEGIN") || t.starts_with("---- BEGIN")) && t.contains("PRIVATE KEY")
        || t.starts_with("PuTTY-User-Key-File-")
}

/// Whether a line can be part of a private key block: its base64 body, an empty line, or one
/// of the headers of PEM, `SSH2` and `PuTTY` keys. A key whose `END` line is missing (a truncated
/// `cat`, `head -1`) ends at the first line that is none of these.
pub fn key_body_line(line: &[u8]) -> bool {
    const HEADERS: [&[u8]; 9] = [
        b"Proc-Type:",
        b"DEK-Info:",
        b"Comment:",
        b"Subject:",
        b"Encryption:",
        b"Public-Lines:",
        b"Private-Lines:",
        b"Key-Derivation:",
        b"Argon2-",
    ];
    let base64 = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=');
    let t = line.trim_ascii();
    t.iter().all(base64)
        || HEADERS.iter().any(|h| t.starts_with(h))
        // A run of base64 as long as a key line's is key material, whatever surrounds it (a
        // key pasted with its lines joined): kept hidden.
        || t.split(|b| !base64(b)).any(|run| run.len() >= 24)
        // An SSH2 header continued on the next line.
        || line.ends_with(b"\\")
}

/// Whether a text holds a private key block anywhere.
pub fn holds_private_key(text: &str) -> bool {
    text.lines().any(opens_key_block)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continued_lines_are_joined_and_the_first_line_kept() {
        let c = one_line("git clone \\\n  git@ssh.bitbucket.org:team/app.git\ncd app\n");
        assert_eq!(c.text, "git clone    git@ssh.bitbucket.org:team/app.git");
        assert!(c.more_lines);
        let c = one_line("\r\n\r  url\r\n");
        assert_eq!(c.text, "url");
        assert!(!c.more_lines);
        assert_eq!(one_line("a \\\r\nb").text, "a  b");
    }

    #[test]
    fn invisible_and_direction_characters_are_removed_and_named() {
        let c = one_line("\u{FEFF}git@x:a/\u{202E}b\u{200B}c\u{200B}.git\u{1b}");
        assert_eq!(c.text, "git@x:a/bc.git");
        assert_eq!(
            c.removed,
            vec!['\u{FEFF}', '\u{202E}', '\u{200B}', '\u{1b}']
        );
        assert_eq!(
            describe_removed(&c.removed),
            "U+FEFF BYTE ORDER MARK, U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE, U+001B ESCAPE"
        );
        assert_eq!(one_line("a\tb").text, "a b");
    }

    #[test]
    fn only_cr_lf_counts_as_windows_line_endings() {
        assert_eq!(
            key_lines("a\r\nb\r\n"),
            (vec!["a".into(), "b".into()], true)
        );
        assert_eq!(key_lines("a\rb\r"), (vec!["a".into(), "b".into()], false));
        assert_eq!(
            key_lines("a\r\rb\r\r"),
            (vec!["a".into(), "b".into()], true),
            "CR LF through a terminal"
        );
    }
}

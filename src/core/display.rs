//! Text from outside (file names, key comments, pasted input) made safe to show on a
//! terminal: control characters (ESC above all) and direction controls are written as
//! `\u{…}` escapes, so what is shown is what is there and nothing is executed by the terminal.
//! Characters that cannot be seen (zero-width ones) and Unicode's line and paragraph separators
//! are escaped too: they would hide text or break a line where the text has none.

use std::borrow::Cow;
use std::path::Path;

use super::input::{is_bidi_format, is_invisible};

fn unsafe_char(c: char) -> bool {
    c.is_control() || is_bidi_format(c) || is_invisible(c) || blank_or_hidden(c)
}

/// Characters a terminal shows as nothing (or as a blank) that are not control characters:
/// line and paragraph separators, invisible operators, the deprecated format characters,
/// interlinear annotations, tags (which can carry hidden text), fillers and a grapheme joiner.
fn blank_or_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{2028}'
            | '\u{2029}'
            | '\u{2061}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{034F}'
            | '\u{17B4}'
            | '\u{17B5}'
    )
}

/// `text` with control and direction characters escaped.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path for display, escaped.
pub fn path(p: &Path) -> String {
    terminal_safe(&p.to_string_lossy()).into_owned()
}

/// A path for a command the user may copy: escaped, and quoted for a POSIX shell when needed.
pub fn shell_path(p: &Path) -> String {
    let shown = path(p);
    shlex::try_quote(&shown).map_or_else(|_| shown.clone(), std::borrow::Cow::into_owned)
}

/// A path for a shell command, as `~/…` when it is under `home` and needs no quoting (shells
/// expand an unquoted `~/`), else quoted as [`shell_path`] quotes it.
pub fn shell_path_home(home: Option<&Path>, p: &Path) -> String {
    if let Some(rest) = home.and_then(|h| p.strip_prefix(h).ok()) {
        let rest = path(rest);
        if !rest.is_empty() && shlex::try_quote(&rest).is_ok_and(|q| q == rest.as_str()) {
            return format!("~/{rest}");
        }
    }
    shell_path(p)
}

/// At most `max` characters of `text` (escaped), with `…` when cut.
pub fn shortened(text: &str, max: usize) -> String {
    let safe = terminal_safe(text);
    match safe.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &safe[..i]),
        None => safe.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        assert_eq!(terminal_safe("plain"), "plain");
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal_safe("x\u{202E}y\nz"), "x\\u{202e}y\\u{a}z");
        assert_eq!(
            terminal_safe("a\u{2028}b\u{200B}c\u{2029}"),
            "a\\u{2028}b\\u{200b}c\\u{2029}"
        );
        assert_eq!(
            terminal_safe("x\u{E0041}\u{3164}y"),
            "x\\u{e0041}\\u{3164}y"
        );
        assert_eq!(shortened("abcdef", 3), "abc…");
        assert_eq!(path(Path::new("/tmp/\u{7}bell")), "/tmp/\\u{7}bell");
        let home = Some(Path::new("/home/ada"));
        assert_eq!(shell_path_home(home, Path::new("/home/ada/k/id")), "~/k/id");
        assert_eq!(
            shell_path_home(home, Path::new("/home/ada/my key")),
            "'/home/ada/my key'"
        );
        assert_eq!(shell_path_home(home, Path::new("/srv/k")), "/srv/k");
    }
}

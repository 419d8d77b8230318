//! Keeping secrets and terminal escapes out of what is shown: the redacted input, escaped
//! values, and a last scrub of the verdict.

use super::UrlCheck;
use crate::core::input::is_bidi_format;

/// Escapes what a terminal would act on (control and bidirectional-format characters) and
/// shortens very long values, so echoing user input is safe.
pub(super) fn display(s: &str) -> String {
    const MAX: usize = 120;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() || is_bidi_format(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// The input with every secret replaced, longest first, then made safe to display.
pub(super) fn shown(text: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_string();
    for s in sorted {
        out = out.replace(s.as_str(), "****");
    }
    display(&out)
}

/// The safety net: a value containing a secret is dropped; a message has it replaced.
pub(super) fn scrub(out: &mut UrlCheck, secrets: &[String]) {
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        for field in [
            &mut out.host,
            &mut out.workspace,
            &mut out.repo,
            &mut out.ssh_url,
        ] {
            if field.as_deref().is_some_and(|v| v.contains(s.as_str())) {
                *field = None;
            }
        }
        for p in &mut out.problems {
            p.message = p.message.replace(s.as_str(), "****");
            p.fix = p.fix.replace(s.as_str(), "****");
        }
        out.shown = out.shown.replace(s.as_str(), "****");
    }
}

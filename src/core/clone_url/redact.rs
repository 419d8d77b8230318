//! Keeping secrets and terminal escapes out of what is shown: the redacted input, escaped
//! values, and a last scrub of the verdict.

use super::UrlCheck;

/// Escapes what a terminal would act on and shortens very long values, so echoing user input
/// is safe.
pub(super) fn display(s: &str) -> String {
    crate::core::display::shortened(s, 120)
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

/// A secret's beginnings as a text cut for display leaves them (`SECRE…`), longest first.
fn cut_forms(secret: &str) -> impl Iterator<Item = (String, &'static str)> + '_ {
    let ends: Vec<usize> = secret.char_indices().map(|(i, _)| i).skip(4).collect();
    ends.into_iter()
        .rev()
        .map(move |i| (format!("{}…", &secret[..i]), "****…"))
}

/// The safety net: a value containing a secret is dropped; a message has it replaced, also
/// where a long quote was cut in the middle of it.
pub(super) fn scrub(out: &mut UrlCheck, secrets: &[String]) {
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        let forms: Vec<(String, &str)> = std::iter::once((s.clone(), "****"))
            .chain(cut_forms(s))
            .collect();
        let clean = |text: &mut String| {
            for (form, with) in &forms {
                if text.contains(form.as_str()) {
                    *text = text.replace(form.as_str(), with);
                }
            }
        };
        for field in [
            &mut out.host,
            &mut out.workspace,
            &mut out.repo,
            &mut out.ssh_url,
        ] {
            if field
                .as_deref()
                .is_some_and(|v| forms.iter().any(|(f, _)| v.contains(f.as_str())))
            {
                *field = None;
            }
        }
        for p in &mut out.problems {
            clean(&mut p.message);
            clean(&mut p.fix);
        }
        clean(&mut out.shown);
    }
}

/// The values of `name=value` pairs whose name says they are secret (`token=…`,
/// `password=…`, `GIT_TOKEN=…`, `access_token=…`), anywhere in the text: a query string, an
/// environment assignment, a header.
pub(super) fn assignment_secrets(text: &str) -> Vec<String> {
    const SECRET_NAMES: [&str; 7] = ["token", "pass", "secret", "auth", "key", "cred", "sig"];
    let mut out = Vec::new();
    for (at, _) in text.match_indices('=') {
        let name: String = text[..at]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            .collect::<String>()
            .chars()
            .rev()
            .collect::<String>()
            .to_ascii_lowercase();
        if !SECRET_NAMES.iter().any(|n| name.contains(n)) {
            continue;
        }
        let value: String = text[at + 1..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '&' | ';' | '#' | '"' | '\'' | '`'))
            .collect();
        if value.len() >= 3 {
            out.push(value);
        }
    }
    out
}

//! Keeping secrets out of what bblink shows, saves or reports: one line at a time, passwords
//! and tokens in URLs, `token=`-style values, `Authorization` headers, bearer tokens and
//! webhook signatures are replaced by `****`, and what a terminal would act on is escaped.
//! Private key blocks span lines: callers drop them (see `conntest::parse::redact` and
//! `diagnosis`).

use crate::core::display::terminal_safe;

/// Values after these (case-insensitive) are secrets, up to a space, `&` or quote.
const SECRET_KEYS: [&str; 19] = [
    "token=",
    "pass=",
    "sig=",
    "signature=",
    "password=",
    "secret=",
    "passwd=",
    "apikey=",
    "api_key=",
    "token\":",
    "password\":",
    "secret\":",
    "api_key\":",
    "token:",
    "password:",
    "passwd:",
    "secret:",
    "--password ",
    "--token ",
];

/// Headers whose whole value is a secret.
const SECRET_HEADERS: [&str; 7] = [
    "authorization:",
    // A header written as a Python or JSON dictionary entry.
    "authorization': ",
    "authorization\": ",
    "x-hub-signature:",
    "x-hub-signature-256:",
    "cookie:",
    "proxy-authorization:",
];

/// One line made safe to show.
pub fn line(text: &str) -> String {
    let mut out = hide_userinfo(text);
    out = hide_encoded_userinfo(&out);
    hide_after(&mut out, &SECRET_HEADERS, true);
    hide_after(&mut out, &SECRET_KEYS, false);
    hide_after(&mut out, &["bearer ", "basic "], false);
    let out = hide_prefixed_tokens(&out);
    terminal_safe(&out).into_owned()
}

/// The prefixes Atlassian gives its secrets (API tokens `ATATT`, Bitbucket access tokens
/// `ATCTT`, app passwords `ATBB`): such a word is hidden wherever it stands.
const TOKEN_PREFIXES: [&str; 3] = ["ATATT", "ATCTT", "ATBB"];

fn hide_prefixed_tokens(line: &str) -> String {
    if !TOKEN_PREFIXES.iter().any(|p| line.contains(p)) {
        return line.to_string();
    }
    let token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '=' | '+' | '/');
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((i, p)) = TOKEN_PREFIXES
        .iter()
        .filter_map(|p| rest.find(p).map(|i| (i, *p)))
        .min()
    {
        // `KEY=ATATT…`, `/ATBB…`: only a letter or digit before the prefix makes it part of
        // another word.
        let starts_word = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        let len = rest[i..]
            .find(|c: char| !token_char(c))
            .unwrap_or(rest.len() - i);
        out.push_str(&rest[..i]);
        if starts_word && len >= p.len() + 8 {
            out.push_str("****");
        } else {
            out.push_str(&rest[i..i + len.max(p.len())]);
        }
        rest = &rest[i + len.max(p.len())..];
    }
    out.push_str(rest);
    out
}

/// A text to show: each private key block replaced by one line saying how many lines were
/// hidden, and every other line through [`line`] (tokens, passwords,
/// signatures hidden; what a terminal would act on escaped).
pub fn text(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    let mut hidden = 0usize;
    for line in crate::core::input::unix_newlines(text).split('\n') {
        if hidden > 0 || crate::core::input::opens_key_block(line) {
            hidden += 1;
            let t = line.trim();
            let end =
                (t.contains("END") && t.contains("PRIVATE KEY")) || t.starts_with("Private-MAC:");
            if end {
                let _ = writeln!(out, "[private key: {hidden} lines hidden]");
                hidden = 0;
            }
            continue;
        }
        out.push_str(&self::line(line));
        out.push('\n');
    }
    if hidden > 0 {
        let _ = writeln!(out, "[private key: {hidden} lines hidden]");
    }
    out.pop();
    out
}

/// `scheme://user:secret@host` → `scheme://user:****@host`; over HTTP(S) a user alone may be
/// a token (`https://TOKEN@host`), so it is hidden too.
fn hide_userinfo(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '/' || c == '\'' || c == '"')
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rsplit_once('@') {
            Some((userinfo, host)) if userinfo.contains(':') => {
                let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
                out.push_str(user);
                out.push_str(":****@");
                out.push_str(host);
            }
            Some((_, host))
                if head.to_ascii_lowercase().ends_with("http://")
                    || head.to_ascii_lowercase().ends_with("https://") =>
            {
                out.push_str("****@");
                out.push_str(host);
            }
            _ => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A URL written inside another format: JSON's escaped slashes
/// (`https:\/\/user:secret@host\/…`) and percent-encoding
/// (`https%3A%2F%2Fuser%3Asecret%40host%2F…`, a redirect's or a webhook's parameter). The
/// same rule as [`hide_userinfo`]: a password, or over HTTP(S) a user alone, is hidden.
fn hide_encoded_userinfo(line: &str) -> String {
    /// Each form: what ends the scheme, what separates the user from the host, the user from
    /// the password, and what ends the authority.
    struct Form {
        scheme_end: &'static str,
        at: &'static str,
        colon: &'static str,
        ends: &'static [&'static str],
    }
    const FORMS: [Form; 2] = [
        Form {
            scheme_end: ":\\/\\/",
            at: "@",
            colon: ":",
            ends: &["\\", "/", "\"", "'"],
        },
        Form {
            scheme_end: "%3a%2f%2f",
            at: "%40",
            colon: "%3a",
            ends: &["%2f", "&", "\"", "'", "%3f", "%23"],
        },
    ];
    let mut line = line.to_string();
    for form in &FORMS {
        // ASCII lowercasing keeps every byte where it was: indices into it are indices into
        // the line.
        let lower = line.to_ascii_lowercase();
        if !lower.contains(form.scheme_end) {
            continue;
        }
        let mut out = String::with_capacity(line.len());
        let mut copied = 0;
        let mut from = 0;
        while let Some(i) = lower[from..].find(form.scheme_end).map(|i| i + from) {
            let start = i + form.scheme_end.len();
            let rest = &lower[start..];
            let end = form
                .ends
                .iter()
                .filter_map(|e| rest.find(e))
                .chain(rest.find(char::is_whitespace))
                .min()
                .map_or(lower.len(), |e| start + e);
            let authority = &lower[start..end];
            let http = lower[..i].ends_with("http") || lower[..i].ends_with("https");
            if let Some(at) = authority.rfind(form.at) {
                let userinfo = &authority[..at];
                let keep = match userinfo.find(form.colon) {
                    Some(c) => Some(start + c + form.colon.len()),
                    None if http => Some(start),
                    None => None,
                };
                if let Some(keep) = keep {
                    out.push_str(&line[copied..keep]);
                    out.push_str("****");
                    copied = start + at;
                }
            }
            from = end.max(start);
        }
        out.push_str(&line[copied..]);
        line = out;
    }
    line
}

/// Replaces what follows each key (to the end of the line for headers, else to the next
/// space, `&`, comma, brace or quote, past an opening quote) with `****`. One pass per key,
/// so a long line full of keys costs no more than a short one per byte.
fn hide_after(out: &mut String, keys: &[&str], to_end: bool) {
    for key in keys {
        let src = std::mem::take(out);
        // ASCII lowercasing keeps every byte where it was: indices into it are indices into src.
        let lower = src.to_ascii_lowercase();
        let mut hidden = String::with_capacity(src.len());
        let mut copied = 0;
        let mut from = 0;
        while from < src.len() {
            let Some(i) = lower[from..].find(key).map(|i| i + from) else {
                break;
            };
            let start = i + key.len();
            let rest = &src[start..];
            let mut value_start = start + rest.len() - rest.trim_start().len();
            if src[value_start..].starts_with(['"', '\'']) {
                value_start += 1;
            }
            let end = if to_end {
                src.len()
            } else {
                src[value_start..]
                    .find(|c: char| c.is_whitespace() || "&\"',}".contains(c))
                    .map_or(src.len(), |e| value_start + e)
            };
            // Every index here is at a character boundary: after ASCII, or found by `find`.
            if end > value_start && &src[value_start..end] != "****" {
                hidden.push_str(&src[copied..value_start]);
                hidden.push_str("****");
                copied = end;
            }
            from = end.max(start);
        }
        hidden.push_str(&src[copied..]);
        *out = hidden;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_full_of_keys_is_hidden_in_one_pass() {
        let line = "token=abc Password: \"p w\" ".repeat(2_000);
        assert_eq!(
            super::line(&line),
            "token=**** Password: \"**** w\" ".repeat(2_000)
        );
    }

    #[test]
    fn secrets_in_a_line_are_hidden() {
        let cases = [
            (
                "fatal: https://me:hunter2@bitbucket.org/a/b.git",
                "me:****@bitbucket.org",
                "hunter2",
            ),
            ("GET /x?token=abc123&y=1", "token=****&y=1", "abc123"),
            (
                "Authorization: Basic dXNlcjpwYXNz",
                "Authorization: ****",
                "dXNlcjpwYXNz",
            ),
            (
                "curl -H 'Authorization: Bearer eyJhbGciOi'",
                "Authorization: ****",
                "eyJhbGciOi",
            ),
            (
                "X-Hub-Signature: sha256=deadbeef",
                "X-Hub-Signature: ****",
                "deadbeef",
            ),
            (
                "git clone https://x-token-auth:ATCTT3xFfGN0@bitbucket.org/w/r.git",
                "x-token-auth:****@",
                "ATCTT3xFfGN0",
            ),
            ("export WEBHOOK_SECRET=s3cr3t", "SECRET=****", "s3cr3t"),
        ];
        for (input, shown, hidden) in cases {
            let out = line(input);
            assert!(out.contains(shown), "{input} → {out}");
            assert!(!out.contains(hidden), "{input} → {out}");
        }
        assert_eq!(line("plain words"), "plain words");
        for (input, hidden) in [
            ("x token='éé' y", "éé"),
            ("password: hunter2", "hunter2"),
            (
                "GET /2.0/repositories/acme?pass=s3cr3t&sig=abc123",
                "s3cr3t",
            ),
            (
                "GET /2.0/repositories/acme?pass=s3cr3t&sig=abc123",
                "abc123",
            ),
            (
                "headers={'Authorization': 'token gh0stly'}  Forbidden",
                "gh0stly",
            ),
            (r#"{"token": "abc123", "n": 1}"#, "abc123"),
            ("API_KEY=k3y", "k3y"),
            (
                "git clone https://ATCTT3xFf@bitbucket.org/w/r.git",
                "ATCTT3xFf",
            ),
            ("mysql --password s3cr3t", "s3cr3t"),
            (
                "fatal: refused token ATCTT3xFfGN0abcdefghij",
                "ATCTT3xFfGN0abcdefghij",
            ),
            (
                "ATATT3xFfGN0abcdefghij at the start",
                "ATATT3xFfGN0abcdefghij",
            ),
        ] {
            assert!(!line(input).contains(hidden), "{input} → {}", line(input));
        }
        // URLs inside JSON strings and percent-encoded parameters.
        for (input, shown, hidden) in [
            (
                r#"{"url": "https:\/\/me:hunter2@bitbucket.org\/a\/b.git"}"#,
                r"https:\/\/me:****@bitbucket.org\/a",
                "hunter2",
            ),
            (
                r#"{"href":"https:\/\/ATCTT3xFfGN0@bitbucket.org\/a"}"#,
                r"https:\/\/****@bitbucket.org",
                "ATCTT3xFfGN0",
            ),
            (
                "GET /cb?next=https%3A%2F%2Fx-token-auth%3As3cr3tv4l%40bitbucket.org%2Fa%2Fb.git&x=1",
                "https%3A%2F%2Fx-token-auth%3A****%40bitbucket.org%2Fa",
                "s3cr3tv4l",
            ),
            (
                "redirect=https%3a%2f%2fTOKENVALUE%40bitbucket.org%2f",
                "https%3a%2f%2f****%40bitbucket.org",
                "TOKENVALUE",
            ),
        ] {
            let out = line(input);
            assert!(out.contains(shown), "{input} → {out}");
            assert!(!out.contains(hidden), "{input} → {out}");
        }
        // An encoded URL with no credentials, and an SSH user, stay as they are.
        for plain in [
            "next=https%3A%2F%2Fbitbucket.org%2Fa%2Fb",
            r#"{"url": "ssh:\/\/git@bitbucket.org\/a\/b.git"}"#,
            "a %3a%2f%2f at the end",
        ] {
            assert_eq!(line(plain), plain);
        }
        assert_eq!(line("token="), "token=", "an empty value");
        assert_eq!(
            line("token=\x27\x27 é"),
            "token=\x27\x27 é",
            "an empty quoted value"
        );
        assert!(!line("\x1b]52;c;aGk=\x07").contains('\x1b'));
    }
}

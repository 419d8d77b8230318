//! Keeping secrets out of what bblink shows, saves or reports: one line at a time, passwords
//! and tokens in URLs, `token=`-style values, `Authorization` headers, bearer tokens and
//! webhook signatures are replaced by `****`, and what a terminal would act on is escaped.
//! Private key blocks span lines: callers drop them (see `conntest::parse::redact` and
//! `diagnosis`).

use crate::core::display::terminal_safe;

/// Values after these (case-insensitive) are secrets, up to a space, `&` or quote.
const SECRET_KEYS: [&str; 34] = [
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
    // Headers and credentials as JSON keys (`"x-hub-signature":"sha256=…"`, a logged request).
    "signature\":",
    "signature-256\":",
    "cookie\":",
    "authorization\":",
    "apikey\":",
    "pass\":",
    "sshpass -p ",
    // AWS's secret key as its CLI's files and environment name it.
    "secret_access_key=",
    "secret_access_key\":",
    // Bitbucket's token user name, a key in an environment variable (`SSH_PRIVATE_KEY=…`),
    // a token header written with a space, a password in prose, a quoted secret.
    " x-token-auth:",
    "_key=",
    "-token ",
    ", password ",
    "secret '",
    "secret \"",
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
    let out = hide_option_password(&out);
    let out = hide_inline_key(&out);
    let out = hide_key_body(&out);
    let out = hide_signature_digest(&out);
    terminal_safe(&out).into_owned()
}

/// A private key's body without its `BEGIN` line (a key pasted cut, printed after `Load key
/// "…": invalid format`, one line of it on each error line): a run of base64 as long as a key
/// line (60 characters or more) that mixes upper case, lower case and digits, is no hex digest
/// and no path, and is no public key (their blobs start `AAAA`); or anything from OpenSSH's key
/// magic (`b3BlbnNzaC1rZXktdjE`, base64 of `openssh-key-v1`).
fn hide_key_body(line: &str) -> String {
    const MAGIC: &str = "b3BlbnNzaC1rZXktdjE";
    let is_base64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
    let key_like = |run: &str| {
        run.len() >= 60
            && !run.starts_with("AAAA")
            && run.bytes().filter(|b| *b == b'/').count() * 16 <= run.len()
            && run.bytes().any(|b| b.is_ascii_digit())
            && run.bytes().any(|b| b.is_ascii_uppercase())
            && run.bytes().any(|b| b.is_ascii_lowercase())
            && !run.bytes().all(|b| b.is_ascii_hexdigit())
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find(is_base64) {
        let end = rest[start..]
            .find(|c: char| !is_base64(c))
            .map_or(rest.len(), |e| start + e);
        let run = &rest[start..end];
        out.push_str(&rest[..start]);
        if run.starts_with(MAGIC) || key_like(run) {
            out.push_str("[key data hidden]");
        } else {
            out.push_str(run);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A private key written inside a line (`KEY="-----BEGIN … PRIVATE KEY-----\nb3Bl…"`, with
/// literal `\n`) or base64-encoded (`LS0tLS1CRUdJTi…`, `echo $KEY | base64`): hidden from its
/// start to its `END` line, or to the end of the line.
fn hide_inline_key(line: &str) -> String {
    const ENCODED: &str = "LS0tLS1CRUdJT";
    let mut out = line.to_string();
    if let Some(start) = out.find("-----BEGIN")
        && out[start..].contains("PRIVATE KEY")
    {
        let end = out[start..]
            .find("-----END")
            .and_then(|e| {
                let after = start + e + "-----END".len();
                out[after..]
                    .find("-----")
                    .map(|f| after + f + "-----".len())
            })
            .unwrap_or(out.len());
        out.replace_range(start..end, "[private key hidden]");
    }
    while let Some(start) = out.find(ENCODED) {
        let end = out[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
            .map_or(out.len(), |e| start + e);
        out.replace_range(start..end, "[encoded private key hidden]");
    }
    out
}

/// A webhook signature's digest (`invalid payload signature sha256=4f1c…`, `Provided signature
/// [e6a7…]`): an HMAC of the secret, shown as `****`.
fn hide_signature_digest(line: &str) -> String {
    let lower = line.to_ascii_lowercase();
    if !lower.contains("signature") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    while let Some(i) = lower[at..].find("signature") {
        let mut j = at + i + "signature".len();
        // Past separators and an algorithm's name (`s `, `: `, `[`, `sha256=`).
        let mut skipped = 0;
        while j < line.len() && skipped < 12 {
            let rest = &lower[j..];
            if let Some(p) = ["sha1=", "sha256=", "sha512="]
                .iter()
                .find(|p| rest.starts_with(**p))
            {
                j += p.len();
                break;
            }
            let c = line.as_bytes()[j];
            // Only ASCII is skipped, so `j` stays on a character's start.
            if c.is_ascii_hexdigit() || !c.is_ascii() {
                break;
            }
            j += 1;
            skipped += 1;
        }
        let hex = line[j..].bytes().take_while(u8::is_ascii_hexdigit).count();
        if hex >= 32 {
            out.push_str(&line[at..j]);
            out.push_str("****");
            at = j + hex;
        } else {
            let next = at + i + "signature".len();
            out.push_str(&line[at..next]);
            at = next;
        }
    }
    out.push_str(&line[at..]);
    out
}

/// The first of `needles` in `hay`, and where.
fn first_of<'n>(hay: &str, needles: &[&'n str]) -> Option<(usize, &'n str)> {
    needles
        .iter()
        .filter_map(|n| hay.find(n).map(|i| (i, *n)))
        .min()
}

/// `curl -u user:password`, `--user user:password`, `--user=user:password`: the password.
/// (`git push -u origin main` holds no colon and is left alone.)
fn hide_option_password(line: &str) -> String {
    const OPTIONS: [&str; 3] = [" -u ", " --user ", " --user="];
    if !OPTIONS.iter().any(|o| line.contains(o)) {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((i, o)) = first_of(rest, &OPTIONS) {
        let start = i + o.len();
        let mut value = start;
        if rest[value..].starts_with(['"', '\'']) {
            value += 1;
        }
        let end = rest[value..]
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .map_or(rest.len(), |e| value + e);
        out.push_str(&rest[..value]);
        match rest[value..end].split_once(':') {
            Some((user, pw)) if !pw.is_empty() && pw != "****" => {
                out.push_str(user);
                out.push_str(":****");
            }
            _ => out.push_str(&rest[value..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The prefixes Atlassian gives its secrets (API tokens `ATATT`, Bitbucket access tokens
/// `ATCTT`, app passwords `ATBB`): such a word is hidden wherever it stands.
const TOKEN_PREFIXES: [&str; 13] = [
    "ATATT",
    "ATCTT",
    "ATBB",
    // Bitbucket Data Center's HTTP access tokens.
    "BBDC-",
    // Other hosts' and tools' tokens that show up in the same logs.
    "ghp_",
    "gho_",
    "ghs_",
    "ghu_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "AKIA",
];

fn hide_prefixed_tokens(line: &str) -> String {
    if !TOKEN_PREFIXES.iter().any(|p| line.contains(p)) {
        return line.to_string();
    }
    let token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '=' | '+' | '/');
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((i, p)) = first_of(rest, &TOKEN_PREFIXES) {
        // `KEY=ATATT…`, `/ATBB…`: only a letter or digit before the prefix makes it part of
        // another word.
        let starts_word = rest[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
            || ends_with_escape(&rest.as_bytes()[..i]);
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

/// Whether `s` ends with a percent escape (`%3A`, `%253A`): what follows starts a word.
fn ends_with_escape(s: &[u8]) -> bool {
    let n = s.len();
    if n < 3 || hex(s[n - 1]).is_none() || hex(s[n - 2]).is_none() {
        return false;
    }
    let mut j = n - 2;
    loop {
        if j >= 1 && s[j - 1] == b'%' {
            return true;
        }
        if j >= 2 && &s[j - 2..j] == b"25" {
            j -= 2;
        } else {
            return false;
        }
    }
}

/// A text to show: each private key block replaced by one line saying how many lines were
/// hidden, and every other line through [`line`] (tokens, passwords,
/// signatures hidden; what a terminal would act on escaped).
pub fn text(text: &str) -> String {
    redact_text(text, false)
}

/// [`text`] with as many lines as the text: a hidden key block keeps its lines (the first
/// says what was hidden, the others are empty), so line numbers stay the log's own.
pub fn text_same_lines(text: &str) -> String {
    redact_text(text, true)
}

fn redact_text(text: &str, same_lines: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    let mut hidden = 0usize;
    let close = |out: &mut String, hidden: usize| {
        let _ = writeln!(out, "[private key: {hidden} lines hidden]");
        if same_lines {
            for _ in 1..hidden {
                out.push('\n');
            }
        }
    };
    for line in crate::core::input::unix_newlines(text).split('\n') {
        // A key cut short (no END line) ends at the first line that is no part of a key.
        let t = line.trim();
        let ends_key =
            (t.contains("END") && t.contains("PRIVATE KEY")) || t.starts_with("Private-MAC:");
        if hidden > 0 && !ends_key && !crate::core::input::key_body_line(line.as_bytes()) {
            close(&mut out, hidden);
            hidden = 0;
        }
        if hidden > 0 || crate::core::input::opens_key_block(line) {
            hidden += 1;
            if ends_key {
                close(&mut out, hidden);
                hidden = 0;
            }
            continue;
        }
        out.push_str(&self::line(line));
        out.push('\n');
    }
    if hidden > 0 {
        close(&mut out, hidden);
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
            _ => {
                // A password holding `/`, a space or a quote ends the authority early:
                // `https://alice:Xk9/Qm2@host`. The `@` that follows, before the next URL,
                // still closes it.
                if let Some(at) = password_reaching_on(authority, tail) {
                    let colon = authority.find(':').map_or(0, |c| c + 1);
                    out.push_str(&tail[..colon]);
                    out.push_str("****");
                    rest = &tail[at..];
                    continue;
                }
                // `user:secret` that the line ends inside (a line break in the password):
                // no `@` ever closes it, and what follows the colon is no port.
                if let Some((user, after)) = authority.split_once(':')
                    && end == tail.len()
                    && !after.is_empty()
                    && !after.bytes().all(|b| b.is_ascii_digit())
                    && !user.contains('.')
                {
                    out.push_str(user);
                    out.push_str(":****");
                    rest = "";
                    continue;
                }
                out.push_str(authority);
            }
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Where the `@` is that ends a password reaching past the authority (`user:pa/ss@host`,
/// `user:pa ss@host`): `authority` is `user:…` with something other than a port after the
/// colon, and an `@` followed by a host name comes within 128 bytes, before the next `://`.
fn password_reaching_on(authority: &str, tail: &str) -> Option<usize> {
    let (user, after) = authority.split_once(':')?;
    let user_ok = !user.is_empty()
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~%+!$".contains(c));
    // `host:8080/…`, `host:22 …`: a port, not a password.
    let port = after.is_empty() || after.bytes().all(|b| b.is_ascii_digit());
    if !user_ok || port || after.contains('@') {
        return None;
    }
    let window = &tail[..tail.len().min(128)];
    let window = &window[..window.find(['\n', '\r']).unwrap_or(window.len())];
    let window = &window[..window.find("://").unwrap_or(window.len())];
    let at = window.rfind('@')?;
    let host_starts = tail[at + 1..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    (host_starts && at > authority.len()).then_some(at)
}

/// A URL written inside another format, or in several at once: JSON's escapes (`\/`, `\\/`,
/// `\u002F`, `\"`), percent-encoding once or again (`%3A`, `%253A`) and HTML's character
/// references (`&#x3A;`). The line is read through them, and the same rule as
/// [`hide_userinfo`] hides a password, or over HTTP(S) a user alone, where it stands in the
/// line. One pass, whatever the line holds.
fn hide_encoded_userinfo(line: &str) -> String {
    let b = line.as_bytes();
    if !may_hold_encoded_slash(b) {
        return line.to_string();
    }
    let units = decode(b);
    let mut hide: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k + 2 <= units.len() {
        // `scheme://`, or a scheme-relative `//` at a value's start (`"//user:pw@host"`).
        let slashes = units[k].c == b'/' && units[k + 1].c == b'/';
        let after_colon = k > 0 && units[k - 1].c == b':';
        let relative =
            k == 0 || matches!(units[k - 1].c, b'"' | b'\'' | b' ' | b'=' | b'(' | b'\t');
        if !slashes || !(after_colon || relative) {
            k += 1;
            continue;
        }
        let scheme: Vec<u8> = units[k.saturating_sub(6)..k.saturating_sub(1)]
            .iter()
            .map(|u| u.c.to_ascii_lowercase())
            .collect();
        let http = after_colon && (scheme.ends_with(b"http") || scheme.ends_with(b"https"));
        // What is encoded more deeply than the URL's `//` does not end it (a `%252F` in a
        // password of a URL encoded once).
        let depth = units[k].depth.max(units[k + 1].depth);
        let own = |u: &Unit| u.depth <= depth;
        let start = k + 2;
        let end = (start..units.len())
            .find(|&e| own(&units[e]) && units[e].ends_authority())
            .unwrap_or(units.len());
        if let Some(at) = (start..end).rev().find(|&x| units[x].c == b'@') {
            let from = match (start..at).find(|&x| units[x].c == b':') {
                Some(colon) => Some(colon + 1),
                None if http => Some(start),
                None => None,
            };
            if let Some(from) = from.filter(|f| *f < at) {
                hide.push((units[from].start, units[at].start));
            }
        }
        k = end.max(k + 2);
    }
    if hide.is_empty() {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    for (from, to) in hide {
        // Each bound is where an ASCII unit starts or ends: a character boundary.
        out.push_str(&line[copied..from]);
        out.push_str("****");
        copied = to;
    }
    out.push_str(&line[copied..]);
    out
}

/// Whether a line holds a URL's `/`, `:` or `@` in one of the encodings [`decode_at`] reads:
/// most lines with a `%`, a backslash or an `&` (progress lines, Windows paths, queries) hold
/// none, and are not decoded.
fn may_hold_encoded_slash(b: &[u8]) -> bool {
    memchr::memchr3_iter(b'%', b'\\', b'&', b).any(|i| match b[i] {
        b'%' => {
            // An escape (`%3A`, `%253A`) of one of them, not a literal `%`.
            let (c, len, _) = decode_at(b, i);
            len >= 3 && matches!(c, b'/' | b':' | b'@')
        }
        b'\\' => {
            let after = b[i..].iter().skip_while(|&&c| c == b'\\').copied().next();
            matches!(after, Some(b'/' | b'u' | b'U'))
        }
        _ => b.get(i + 1) == Some(&b'#'),
    })
}

/// One character of a line as a URL reads it, and where its encoding starts in the line.
struct Unit {
    c: u8,
    start: usize,
    /// How many times it was percent-encoded.
    depth: u8,
    /// Escaped (`\"`, `\\`): text inside a string, not the string's end.
    escaped: bool,
}

impl Unit {
    fn ends_authority(&self) -> bool {
        self.c.is_ascii_whitespace()
            || b"/?#<>,;&".contains(&self.c)
            || (!self.escaped && matches!(self.c, b'"' | b'\'' | b'\\'))
    }
}

fn hex(c: u8) -> Option<u8> {
    char::from(c)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The units of a line.
fn decode(b: &[u8]) -> Vec<Unit> {
    let mut units = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (c, len, escaped) = decode_at(b, i);
        // `%3A` is one level, each `25` after the `%` one more.
        let depth = if b[i] == b'%' && len >= 3 {
            u8::try_from((len - 1) / 2).unwrap_or(u8::MAX)
        } else {
            0
        };
        units.push(Unit {
            c,
            start: i,
            depth,
            escaped,
        });
        i += len.max(1);
    }
    units
}

/// The character encoded at `i`, its encoding's length, and whether it was escaped.
fn decode_at(b: &[u8], i: usize) -> (u8, usize, bool) {
    let hex2 = |j: usize| Some(hex(*b.get(j)?)? * 16 + hex(*b.get(j + 1)?)?);
    match b[i] {
        b'%' => {
            // `%3A`; encoded again, `%253A`, `%25253A`.
            let mut j = i + 1;
            while b.get(j..j + 2) == Some(b"25") && hex2(j + 2).is_some() {
                j += 2;
            }
            match hex2(j) {
                Some(c) => (c, j + 2 - i, false),
                None => (b'%', 1, false),
            }
        }
        b'\\' => {
            let run = b[i..].iter().take_while(|&&c| c == b'\\').count();
            let j = i + run;
            match b.get(j) {
                // `\/`, and escaped again `\\/`.
                Some(b'/') => (b'/', run + 1, false),
                Some(b'"' | b'\'') => (b[j], run + 1, true),
                Some(b'u') => {
                    let code = hex2(j + 1)
                        .zip(hex2(j + 3))
                        .filter(|(high, low)| *high == 0 && *low < 0x80);
                    match code {
                        Some((_, c)) => (c, run + 5, false),
                        None => (b'\\', 1, false),
                    }
                }
                _ if run >= 2 => (b'\\', 2, true),
                _ => (b'\\', 1, false),
            }
        }
        b'&' if b.get(i + 1) == Some(&b'#') => {
            // `&#x3A;`, `&#58;`.
            let body = &b[i + 2..b.len().min(i + 10)];
            let Some(semi) = body.iter().position(|&c| c == b';') else {
                return (b'&', 1, false);
            };
            let digits = &body[..semi];
            let value = match digits.first() {
                Some(b'x' | b'X') => {
                    u32::from_str_radix(std::str::from_utf8(&digits[1..]).unwrap_or("-"), 16)
                }
                _ => std::str::from_utf8(digits).unwrap_or("-").parse::<u32>(),
            };
            match value
                .ok()
                .and_then(|v| u8::try_from(v).ok())
                .filter(u8::is_ascii)
            {
                Some(c) => (c, semi + 3, false),
                None => (b'&', 1, false),
            }
        }
        c => (c, 1, false),
    }
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
            let quote = src[value_start..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'');
            if quote.is_some() {
                value_start += 1;
            }
            let end = if to_end {
                src.len()
            } else if let Some(q) = quote {
                // A quoted value (`"authorization":"token abc"`) ends at its closing quote.
                src[value_start..]
                    .find(q)
                    .map_or(src.len(), |e| value_start + e)
            } else {
                src[value_start..]
                    .find(|c: char| c.is_whitespace() || "&\"',}".contains(c))
                    .map_or(src.len(), |e| value_start + e)
            };
            // Every index here is at a character boundary: after ASCII, or found by `find`.
            // `X-Atlassian-Token: no-check` is the header Data Center wants, not a secret.
            if end > value_start
                && &src[value_start..end] != "****"
                && !src[value_start..end].starts_with("no-check")
            {
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
            "token=**** Password: \"****\" ".repeat(2_000)
        );
    }

    #[test]
    fn passwords_that_break_a_url_and_other_tools_secrets_are_hidden() {
        let cases = [
            "fatal: unable to access 'https://alice:Xk9/Qm2rT8vLp@bitbucket.org/a/b.git/': URL rejected",
            "fatal: unable to access 'https://alice:SEC RET6x@bitbucket.org/a/b.git/'",
            "fatal: unable to access 'https://alice:SECRET9x/@bitbucket.org/a/b.git/'",
            "curl -sSf -u ci-bot:Zq8wLm3vRt6 -X POST https://h/rest/api/1.0/x",
            "curl --user ci-bot:Zq8wLm3vRt6 https://h/x",
            "sshpass -p Zq8wLm3vRt6 ssh host",
            "{\"x-hub-signature\":\"sha256=Zq8wLm3vRt6\",\"cookie\": \"s=Zq8wLm3vRt6\"}",
            "{\"authorization\":\"token Zq8wLm3vRt6\"}",
            "token ghp_Zq8wLm3vRt6abcdefghijklmnopqrstuv rejected",
            "token BBDC-Zq8wLm3vRt6NzE2MzQ1Njc4 rejected",
            "token glpat-Zq8wLm3vRt6abcdefgh rejected",
        ];
        for case in cases {
            assert!(!super::line(case).contains("Zq8wLm3vRt6"), "{case}");
            assert!(!super::line(case).contains("Qm2rT8vLp"), "{case}");
            assert!(!super::line(case).contains("RET6x"), "{case}");
            assert!(!super::line(case).contains("SECRET9x"), "{case}");
        }
        // What is not a secret stays.
        for kept in [
            "git push -u origin main",
            "see https://host:8080/path/a@b.c",
            "X-Atlassian-Token: no-check",
        ] {
            assert_eq!(super::line(kept), kept);
        }
    }

    #[test]
    fn a_key_cut_short_is_hidden_and_what_follows_shown() {
        let text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5v\nLoad key: invalid format\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\ndone";
        assert_eq!(
            super::text(text),
            "[private key: 2 lines hidden]\nLoad key: invalid format\n[private key: 5 lines hidden]\ndone"
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
        // Encoded again, mixed, escaped inside the password, as HTML: hidden all the same.
        for (input, hidden) in [
            (
                "error: next=https%253A%252F%252Fme%253AATATT3xFfGF0abcdefghijklmnopqrstuvwxyz0123%2540bitbucket.org",
                "ATATT3xFfGF0",
            ),
            (
                "https%253A%252F%252FATATT3xFfGF0abcdefghijk%2540host",
                "ATATT3xFfGF0",
            ),
            (
                "https%25253A%25252F%25252Fme%25253As3cr3tv4l%252540host",
                "s3cr3tv4l",
            ),
            (r"https:\u002F\u002Fme:s3cr3tv4l@host", "s3cr3tv4l"),
            (r"https:\u002f\u002fme:s3cr3tv4l\u0040host", "s3cr3tv4l"),
            (r"https\u003a\/\/me:s3cr3tv4l@host", "s3cr3tv4l"),
            (
                "https%3A%2F%2Fx-token-auth%3As3cr3tv4l@bitbucket.org%2Fa",
                "s3cr3tv4l",
            ),
            ("https://me%3As3cr3tv4l%40host/a", "s3cr3tv4l"),
            ("https%3A//me%3As3cr3tv4l%40host", "s3cr3tv4l"),
            ("https:%2F%2Fme%3As3cr3tv4l%40host", "s3cr3tv4l"),
            (r"https:/\/me:s3cr3tv4l@host", "s3cr3tv4l"),
            (r#""https:\/\/me:ab\"s3cr3tv4l@host""#, "s3cr3tv4l"),
            (r#""https:\/\/me:ab\\s3cr3tv4l@host""#, "s3cr3tv4l"),
            (
                r#""https:\\/\\/me:s3cr3tv4l@bitbucket.org\\/a""#,
                "s3cr3tv4l",
            ),
            (r#"{"u": "\/\/me:s3cr3tv4l@bitbucket.org\/a"}"#, "s3cr3tv4l"),
            (
                "https%3A%2F%2Fme%3Aab%252Fs3cr3tv4l%40bitbucket.org%2Fa",
                "s3cr3tv4l",
            ),
            (
                "https&#x3A;&#x2F;&#x2F;me&#x3A;s3cr3tv4l&#x40;host",
                "s3cr3tv4l",
            ),
        ] {
            assert!(!line(input).contains(hidden), "{input} → {}", line(input));
        }
        // What ends an encoded URL's host keeps what follows.
        assert_eq!(
            line("error: next=https%3A%2F%2Fbitbucket.org,cc=me%40example.com"),
            "error: next=https%3A%2F%2Fbitbucket.org,cc=me%40example.com"
        );
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

    #[test]
    fn keys_inside_a_line_and_signature_digests_are_hidden() {
        let l = line(
            "SSH_PRIVATE_KEY=\"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----\" ok",
        );
        assert!(!l.contains("b3BlbnNzaC1rZXkt"), "{l}");
        assert!(l.ends_with("\" ok"), "the rest of the line stays: {l}");
        // A key's body pasted without its BEGIN line.
        let body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
        assert_eq!(line(body), "[key data hidden]");
        let next = "QyNTUxOQAAACDT9Lk3cuy1/kjqbROQgxovoTLJcrqtMU4ylU/KVZ6pWwAAAJCcpVwhnKVc";
        assert_eq!(line(&format!("  {next}")), "  [key data hidden]");
        assert_eq!(line(&format!("key: {body}")), "key: [key data hidden]");
        // A PKCS#1 body on one line, and one line of it on each error line.
        let pkcs1 = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQCh";
        assert_eq!(
            line(&format!("fatal: invalid key: {pkcs1}")),
            "fatal: invalid key: [key data hidden]"
        );
        assert_eq!(
            line(&format!("error: unexpected {next}")),
            "error: unexpected [key data hidden]"
        );
        // Digests, paths and public keys stay.
        let digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(
            line(&format!("commit {digest}")),
            format!("commit {digest}")
        );
        let path = "/var/lib/jenkins/workspace/project/src/main/java/com/example/service/impl";
        assert_eq!(line(path), path);
        // Other ways a token or password is written.
        for (secret_line, kept) in [
            ("error: x-token-auth:s3cr3tT0k3n rejected", "rejected"),
            ("error: SSH_PRIVATE_KEY=s3cr3tT0k3n invalid", "invalid"),
            (
                "error: webhook secret 's3cr3tT0k3n' does not match",
                "does not match",
            ),
            ("error: 401 X-Bitbucket-Token s3cr3tT0k3n", "401"),
            ("login refused (user alice, password s3cr3tT0k3n)", "alice"),
        ] {
            let shown = line(secret_line);
            assert!(
                !shown.contains("s3cr3tT0k3n") && shown.contains(kept),
                "{shown}"
            );
        }
        // Words after "secret" that are no secret stay.
        assert_eq!(line("webhook secret mismatch"), "webhook secret mismatch");
        let public = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINP0uTdy7LX+SOptE5CDGi+hMslyuq0xTjKVT8pVnqlb me@host";
        assert_eq!(line(public), public);
        let l = line("+ echo LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0K | base64 -d");
        assert!(!l.contains("LS0tLS1CRUdJT"), "{l}");
        assert!(l.ends_with(" | base64 -d"), "{l}");
        let digest = "4f1c0e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1";
        for text in [
            format!("error evaluating hook: invalid payload signature sha256={digest}"),
            format!("Provided signature [{digest}] did not match to calculated"),
        ] {
            let l = line(&text);
            assert!(!l.contains(digest), "{l}");
            assert!(l.contains("****"), "{l}");
        }
        // Words, short values and other scripts around the word are left alone.
        assert_eq!(line("signature mismatch"), "signature mismatch");
        assert_eq!(line("signature: é 12"), "signature: é 12");
    }

    #[test]
    fn a_password_that_a_line_break_cut_is_hidden_to_the_end_of_the_line() {
        assert_eq!(
            line("fatal: Authentication failed for 'https://alice:SEC"),
            "fatal: Authentication failed for 'https://alice:****"
        );
        assert_eq!(
            line("https://bitbucket.org:7999"),
            "https://bitbucket.org:7999"
        );
        assert_eq!(
            line("see https://example.com:abc"),
            "see https://example.com:abc"
        );
    }

    #[test]
    fn a_key_block_keeps_its_lines_when_asked() {
        let text = "a\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\nfatal: x";
        let same = text_same_lines(text);
        assert_eq!(same.lines().count(), 5, "{same}");
        assert_eq!(same.lines().nth(4), Some("fatal: x"));
        assert!(!same.contains("b3Bl"));
        assert_eq!(super::text(text).lines().count(), 3);
    }
}

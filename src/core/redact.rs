//! Keeping secrets out of what bblink shows, saves or reports: one line at a time, passwords
//! and tokens in URLs, `token=`-style values, `Authorization` headers, bearer tokens and
//! webhook signatures are replaced by `****`, and what a terminal would act on is escaped.
//! Private key blocks span lines: callers drop them (see `conntest::parse::redact` and
//! `diagnosis`).

use crate::core::display::terminal_safe;

/// Values after these (case-insensitive) are secrets, up to a space, `&` or quote. A name
/// followed by `:` (`token: …`, `"password": …`) is [`hide_named_values`]'s.
const SECRET_KEYS: [&str; 24] = [
    "token=",
    "pass=",
    "sig=",
    "signature=",
    "password=",
    "secret=",
    "passwd=",
    "apikey=",
    "api_key=",
    "--password ",
    "--token ",
    // Headers and credentials as JSON keys (`"x-hub-signature":"sha256=…"`, a logged request).
    "signature\":",
    "signature-256\":",
    "cookie\":",
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
    // Before the key list: its values end at the first quote, even an escaped one.
    out = hide_named_values(&out);
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

/// Names whose value is a secret wherever it stands as a key: JSON (`"secret" : "…"`, an
/// escaped `\"password\":\"…\"` inside a logged string, an array or object value), YAML and
/// prose (`pwd: …`, `bearer: …`).
const SECRET_NAMES: [&str; 12] = [
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "authorization",
    "bearer",
    "private_key",
];

/// Hides the value of every key named in [`SECRET_NAMES`] (the name ends the key: `"token"`,
/// `access_token`, `X-Api-Key`; not `tokens` or `password_hash`), whatever its quoting, escaping
/// and spacing: a string to its closing quote (escaped quotes inside it skipped), an array or
/// object to its closing bracket, a bare word to the next space or separator.
fn hide_named_values(line: &str) -> String {
    // One automaton over the line: a line full of names costs one pass, not one per name.
    static NAMES: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(SECRET_NAMES)
                .ok()
        });
    let Some(names) = NAMES.as_ref() else {
        return line.to_string();
    };
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut copied = 0;
    let mut from = 0;
    for m in names.find_iter(line) {
        if m.start() < from {
            continue;
        }
        let at = m.end();
        from = at;
        // The name ends its key: a quote, a space, `:` or `=` next (after `\"` in escaped JSON).
        let mut j = at;
        while j < b.len() && matches!(b[j], b'\\' | b'"' | b'\'') {
            j += 1;
        }
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if j >= b.len() || !matches!(b[j], b':' | b'=') || j == at && b[j] == b'=' {
            continue;
        }
        j += 1;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        let Some((start, end)) = value_span(b, j) else {
            continue;
        };
        let value = &line[start..end];
        // `X-Atlassian-Token: no-check` is the header Data Center wants, not a secret.
        if value.is_empty()
            || value == "****"
            || value.eq_ignore_ascii_case("null")
            || value.starts_with("no-check")
        {
            continue;
        }
        out.push_str(&line[copied..start]);
        out.push_str("****");
        copied = end;
        from = end.max(from);
    }
    out.push_str(&line[copied..]);
    out
}

/// Where the value starting at `j` begins and ends: inside its quotes (`"…"`, `\"…\"`, `'…'`,
/// escaped quotes skipped), over its brackets (`[…]`, `{…}`), or up to a space or separator.
fn value_span(b: &[u8], j: usize) -> Option<(usize, usize)> {
    let first = *b.get(j)?;
    if first == b'[' || first == b'{' {
        let (open, close) = if first == b'[' {
            (b'[', b']')
        } else {
            (b'{', b'}')
        };
        let mut depth = 0usize;
        for (k, c) in b.iter().enumerate().skip(j) {
            if *c == open {
                depth += 1;
            } else if *c == close {
                depth -= 1;
                if depth == 0 {
                    return Some((j + 1, k));
                }
            }
        }
        return Some((j + 1, b.len()));
    }
    let escaped = first == b'\\' && b.get(j + 1) == Some(&b'"');
    if escaped || first == b'"' || first == b'\'' {
        let quote = if escaped { b'"' } else { first };
        let start = j + if escaped { 2 } else { 1 };
        let mut k = start;
        while k < b.len() {
            if b[k] == b'\\' && !escaped {
                k += 2;
                continue;
            }
            if b[k] == quote {
                // An escaped string ends at `\"`: its backslash is not part of the value.
                let end = if escaped && k > start && b[k - 1] == b'\\' {
                    k - 1
                } else {
                    k
                };
                return Some((start, end.max(start)));
            }
            k += 1;
        }
        return Some((start, b.len()));
    }
    let end = b[j..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || b"&,;}]\"'".contains(c))
        .map_or(b.len(), |e| j + e);
    Some((j, end))
}

/// A private key's body without its `BEGIN` line (a key pasted cut, printed after `Load key
/// "…": invalid format`, one line of it on each error line): a run of base64 as long as a key
/// line (60 characters or more) that mixes upper case, lower case and digits, is no hex digest
/// and no path, and is no public key (their blobs start `AAAA`); or anything from OpenSSH's key
/// magic (`b3BlbnNzaC1rZXktdjE`, base64 of `openssh-key-v1`); and a whole key file
/// base64-encoded (`LS0tLS1CRUdJTi…`), from there to the end of its run.
fn hide_key_body(line: &str) -> String {
    const MAGIC: &str = "b3BlbnNzaC1rZXktdjE";
    // `-----BEGIN` base64-encoded: a whole key file encoded (`echo $KEY | base64`).
    const ENCODED: &str = "LS0tLS1CRUdJT";
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
        if let Some(at) = run.find(ENCODED) {
            out.push_str(&run[..at]);
            out.push_str("[encoded private key hidden]");
        } else if run.starts_with(MAGIC) || key_like(run) {
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
/// literal `\n`): hidden from its start to its `END` line, or to the end of the line.
fn hide_inline_key(line: &str) -> String {
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

/// Where the tokens known by their prefix stand in `line`, as byte ranges.
fn token_spans(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    if !TOKEN_PREFIXES.iter().any(|p| line.contains(p)) {
        return spans;
    }
    let token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '=' | '+' | '/');
    let mut at = 0;
    while let Some((i, p)) = first_of(&line[at..], &TOKEN_PREFIXES) {
        let start = at + i;
        // `KEY=ATATT…`, `/ATBB…`: only a letter or digit before the prefix makes it part of
        // another word.
        let starts_word = line[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
            || ends_with_escape(&line.as_bytes()[..start]);
        let len = line[start..]
            .find(|c: char| !token_char(c))
            .unwrap_or(line.len() - start);
        if starts_word && len >= p.len() + 8 {
            spans.push(start..start + len);
        }
        at = start + len.max(p.len());
    }
    spans
}

fn hide_prefixed_tokens(line: &str) -> String {
    let spans = token_spans(line);
    if spans.is_empty() {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for span in spans {
        out.push_str(&line[at..span.start]);
        out.push_str("****");
        at = span.end;
    }
    out.push_str(&line[at..]);
    out
}

/// The tokens known by their prefix (`ATCTT…`, `ghp_…`) anywhere in `line`, for a caller that
/// hides them in what it derives from the line.
pub fn prefixed_tokens(line: &str) -> Vec<String> {
    token_spans(line)
        .into_iter()
        .map(|span| line[span].to_string())
        .collect()
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
mod tests;

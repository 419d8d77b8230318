//! What one line of a log is: a new command starting, a failure line of some kind, a line that
//! names a server other than Bitbucket; the small text tests the diagnosis makes on a line.

use super::http;
use crate::core::catalog::AddressKind;

/// A line that starts a new command: a shell prompt (`$ git clone …`), a traced command (`+`),
/// PowerShell's and cmd.exe's prompts, a GitHub Actions step (`##[group]Run …`). A context
/// applies within one command's output.
pub(super) fn starts_command(line: &[u8]) -> bool {
    // The same forms the automaton marks (`marks.rs`), so a line starts a command wherever a
    // block of lines begins.
    const AT_START: [&[u8]; 9] = [
        b"$ ", b"+ ", b"PS ", b"> ", b" $ ", b"  $ ", b"    $ ", b"\t$ ", b"  + ",
    ];
    let at_start = AT_START
        .iter()
        .any(|p| line.len() >= p.len() && line[..p.len()].eq_ignore_ascii_case(p));
    // `C:\work>git clone …` (cmd.exe's prompt).
    let windows_prompt = line.len() > 3
        && line[0].is_ascii_alphabetic()
        && line[1] == b':'
        && line[2] == b'\\'
        && memchr::memmem::find(line, b">git ").is_some();
    at_start
        || windows_prompt
        || memchr::memmem::find(line, b"##[group]").is_some()
        || memchr::memmem::find(line, b"$ git ").is_some()
        || memchr::memmem::find(line, b"$ ssh ").is_some()
}

/// Whether a command line runs a tool that searches for or prints text (`$ grep -q "Host key
/// verification failed" out.txt`, `+ echo "fatal: …"`): the words on it are mentions.
pub(super) fn mentions_text(line: &[u8]) -> bool {
    const TOOLS: [&[u8]; 12] = [
        b"grep",
        b"egrep",
        b"fgrep",
        b"rg",
        b"ag",
        b"echo",
        b"printf",
        b"sed",
        b"awk",
        b"findstr",
        b"select-string",
        b"write-host",
    ];
    let text = String::from_utf8_lossy(line);
    let mut words = text
        .split_whitespace()
        // Past the prompt (`$`, `+`, `user@host:~$`, `PS C:\work>`) and `sudo`.
        .skip_while(|w| {
            w.ends_with('$') || w.ends_with('>') || *w == "+" || *w == "PS" || *w == "sudo"
        });
    words.next().is_some_and(|w| {
        let w = w.rsplit(['/', '\\']).next().unwrap_or(w);
        TOOLS.iter().any(|t| w.as_bytes().eq_ignore_ascii_case(t))
    })
}

/// What kind of failure line a line is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ErrorLine {
    /// `fatal:`, `error:`, a denial, an HTTP error status, an exception: it says what failed.
    Decisive,
    /// A stack frame or an exit status: a failure, but not the line to quote.
    Trailing,
}

impl ErrorLine {
    pub(super) fn decisive(self) -> bool {
        self == ErrorLine::Decisive
    }
}

/// A CI job's verdict, when it is the whole line (after a time stamp or colour): `Some(true)`
/// for success (Jenkins' `Finished: SUCCESS`, GitLab runner's `Job succeeded`), `Some(false)`
/// for any other end (`Finished: FAILURE`, `ABORTED`, `UNSTABLE`, `ERROR: Job failed: …`).
pub(super) fn job_verdict(line: &[u8]) -> Option<bool> {
    let line = without_timestamp(without_colour(line)).trim_ascii();
    let lower = line.to_ascii_lowercase();
    match lower.as_slice() {
        b"finished: success" | b"job succeeded" => Some(true),
        b"finished: failure" | b"finished: aborted" | b"finished: unstable" => Some(false),
        l if l.starts_with(b"error: job failed") => Some(false),
        _ => None,
    }
}

/// Whether a line shows a failure, whatever its cause.
/// The line after a leading ISO 8601 time stamp, as raw CI logs (GitHub Actions, Azure
/// Pipelines) put before every line: `2024-05-01T12:00:00.1234567Z fatal: …`.
fn without_timestamp(t: &[u8]) -> &[u8] {
    let digits =
        |r: std::ops::Range<usize>| t.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let dated = digits(0..4)
        && t.get(4) == Some(&b'-')
        && digits(5..7)
        && t.get(7) == Some(&b'-')
        && digits(8..10);
    // The time follows after `T` (one word) or a space (`2024-05-01 12:00:00,123`).
    let time_from = match t.get(10) {
        Some(b'T') if dated => 10,
        Some(b' ') if dated => 11,
        _ => return t,
    };
    let end = t[time_from..]
        .iter()
        .position(|b| *b == b' ')
        .map_or(t.len(), |i| time_from + i);
    t[end..].trim_ascii_start()
}

pub(super) fn error_line(line: &[u8]) -> Option<ErrorLine> {
    // A terminal's colour (`\x1b[31mfatal: …`, kept by raw CI logs) does not hide it either.
    let line = without_colour(line);
    // Quoting and tree prefixes (`# `, `> `, `│ `) do not hide what a line says.
    let start = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'#' | b'>' | b'|' | b'*'))
        .unwrap_or(line.len());
    let t = line[start..]
        .strip_prefix("│".as_bytes())
        .unwrap_or(&line[start..]);
    let t = without_timestamp(t.trim_ascii_start());
    let lower =
        |prefix: &[u8]| t.len() >= prefix.len() && t[..prefix.len()].eq_ignore_ascii_case(prefix);
    if lower(b"fatal:")
        || lower(b"error:")
        || lower(b"error ")
        || lower(b"err!")
        || lower(b"npm err!")
        || lower(b"exception")
        || lower(b"traceback (most recent call last)")
        || lower(b"panic:")
        || lower(b"remote: error")
        || lower(b"failed:")
        || lower(b"failure:")
        // A one-letter level where the line starts (after its time).
        || t.starts_with(b"[E] ")
        // curl's own errors: `curl: (6) Could not resolve host: …`.
        || lower(b"curl: (")
        || error_class(t)
    {
        return Some(ErrorLine::Decisive);
    }
    if finders::DENIED.find(t).is_some()
        || finders::LEVEL.iter().any(|f| f.find(t).is_some())
        || finders::EXCEPTION.find(t).is_some()
        || http::status(t).is_some()
        || finders::FAILED_TO.find(t).is_some()
        // Capitalised, but not in a debug line (Windows' OpenSSH logs "debug3: Failed to open
        // file:…" for every absent certificate).
        || (!lower(b"debug") && finders::FAILED_TO_CAPITAL.find(t).is_some())
        // A level or a sentence inside a tool's line, where a message starts (after `: `):
        // `batch request: ERROR: …`, "There was an error retrieving …", "An error occurred
        // while …"; not a quoted `"ERROR:"` in a command or "no error occurred".
        || says_error(t)
        || finders::ERROR_BODY.iter().any(|f| f.find(t).is_some())
        || json_level(t) == Some(JsonLevel::Error)
        || json_status_failed(t)
        // java.util.logging's level (`SEVERE: …`, Jenkins' `[id=62]  SEVERE  o.j.…`).
        || lower(b"severe:")
        || finders::SEVERE.iter().any(|f| f.find(t).is_some())
        || finders::OAUTH_ERROR.iter().any(|f| f.find(t).is_some())
        || (!quiet_level(t) && finders::SENTENCE.iter().any(|f| f.find(t).is_some()))
    {
        return Some(ErrorLine::Decisive);
    }
    if lower(b"at ") && finders::JAVA_FRAME.find(t).is_some()
        || finders::EXIT.iter().any(|f| f.find(t).is_some())
    {
        return Some(ErrorLine::Trailing);
    }
    None
}

/// Whether the line starts with an error's class and its message, as JavaScript, Python and
/// other runtimes print an uncaught one: `SyntaxError: Unexpected end of JSON input`,
/// `requests.exceptions.HTTPError: 401 …`, `octokit.RequestError: …`.
fn error_class(t: &[u8]) -> bool {
    let name = t
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$'))
        .count();
    let class = &t[..name];
    let last = &class[class.iter().rposition(|b| *b == b'.').map_or(0, |i| i + 1)..];
    // A message follows (words, a number, punctuation), not a setting's one-word value
    // (`ContinueOnError: true`, `LastError: none`); after a colon or in brackets
    // (`SSHAuthFailError(All authentication methods failed)`, `TypeError (Cannot read …)`).
    let rest = &t[name..];
    let Some((message, bracketed)) = rest
        .strip_prefix(b": ")
        .map(|m| (m, false))
        .or_else(|| rest.strip_prefix(b"(").map(|m| (m, true)))
        .or_else(|| rest.strip_prefix(b" (").map(|m| (m, true)))
    else {
        return false;
    };
    let message = message.trim_ascii();
    let sentence = message.contains(&b' ')
        || message.first().is_some_and(u8::is_ascii_digit)
        || message.iter().any(u8::is_ascii_punctuation);
    last.len() > 5
        && last.ends_with(b"Error")
        && last.first().is_some_and(u8::is_ascii_uppercase)
        && ![b"On".as_slice(), b"No", b"Last"]
            .iter()
            .any(|p| last.starts_with(p) && last.get(p.len()).is_some_and(u8::is_ascii_uppercase))
        && sentence
        && (!bracketed || message.contains(&b' '))
}

/// The line after the colour codes (SGR: `ESC [ digits ; … m`) it starts with.
fn without_colour(mut line: &[u8]) -> &[u8] {
    loop {
        let t = line.trim_ascii_start();
        let Some(rest) = t.strip_prefix(b"\x1b[") else {
            return line;
        };
        let end = rest
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';'))
            .unwrap_or(rest.len());
        if rest.get(end) != Some(&b'm') {
            return line;
        }
        line = &rest[end + 1..];
    }
}

/// The level a structured log's record states (`"level":"error"`, `"level" : "ERROR"`,
/// `"log.level":"error"`, `"@l":"Error"`, pino's `"level":50`), lower-cased; numbers as
/// pino's names (50 error, 60 fatal, below that quiet).
pub(super) fn json_level(t: &[u8]) -> Option<JsonLevel> {
    const KEYS: [&[u8]; 8] = [
        b"\"level\"",
        b"\"log.level\"",
        b"\"loglevel\"",
        b"\"severity\"",
        b"\"levelname\"",
        b"\"lvl\"",
        b"\"@l\"",
        b"\"@level\"",
    ];
    const LOUD: [&[u8]; 9] = [
        b"error",
        b"err",
        b"eror",
        b"fatal",
        b"critical",
        b"crit",
        b"panic",
        b"alert",
        b"emergency",
    ];
    let key_end = KEYS.iter().find_map(|k| {
        let at = memchr::memmem::find_iter(t, b"\"")
            .find(|&i| t.len() >= i + k.len() && t[i..i + k.len()].eq_ignore_ascii_case(k))?;
        Some(at + k.len())
    })?;
    let rest = json_value(&t[key_end..])?;
    if let Some(value) = json_string(rest) {
        let loud = LOUD.iter().any(|l| value.eq_ignore_ascii_case(l));
        return Some(if loud {
            JsonLevel::Error
        } else {
            JsonLevel::Quiet
        });
    }
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let n: u32 = std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()?;
    Some(if n >= 50 {
        JsonLevel::Error
    } else {
        JsonLevel::Quiet
    })
}

/// The value after a JSON key (`rest` starts right after the key's closing quote): the text
/// after `:`, spaces trimmed. A string value (a quote next) is read by [`json_string`].
fn json_value(rest: &[u8]) -> Option<&[u8]> {
    Some(
        rest.trim_ascii_start()
            .strip_prefix(b":")?
            .trim_ascii_start(),
    )
}

/// The string a JSON value starts with (`"text"` → `text`), up to its closing quote or the
/// line's end.
pub(super) fn json_string(value: &[u8]) -> Option<&[u8]> {
    let v = value.strip_prefix(b"\"")?;
    Some(&v[..memchr::memchr(b'"', v).unwrap_or(v.len())])
}

/// The string value of the JSON key that starts at `at` in `t` (`key` with its quotes).
pub(super) fn json_string_at<'a>(t: &'a [u8], at: usize, key: &[u8]) -> Option<&'a [u8]> {
    let end = at + key.len();
    if t.len() < end || !t[at..end].eq_ignore_ascii_case(key) {
        return None;
    }
    json_string(json_value(&t[end..])?)
}

/// Whether a JSON body says it failed in the `JSend` way (`{"status":"error","message":…}`,
/// `"status": "fail"`), as web services and webhook receivers answer. A number there is an HTTP
/// status, judged as one.
fn json_status_failed(t: &[u8]) -> bool {
    const FAILED: [&[u8]; 4] = [b"error", b"fail", b"failed", b"failure"];
    memchr::memmem::find_iter(t, b"\"").take(64).any(|at| {
        json_string_at(t, at, b"\"status\"")
                .is_some_and(|v| FAILED.iter().any(|f| v.eq_ignore_ascii_case(f)))
                // An OAuth or API error body: `{"error":"invalid_grant", …}`.
                || json_string_at(t, at, b"\"error\"").is_some_and(|v| {
                    !v.is_empty()
                        && ![b"none".as_slice(), b"null", b"false", b"0", b"ok"]
                            .iter()
                            .any(|w| v.eq_ignore_ascii_case(w))
                })
    })
}

/// What a structured log's record says of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum JsonLevel {
    /// Error, fatal, critical and the like.
    Error,
    /// Trace, debug, info, warning.
    Quiet,
}

/// A line a tool marks as no failure: a debug, info or warning level, or a passed test
/// (`✓ throws when the repository could not be found`).
fn quiet_level(t: &[u8]) -> bool {
    const QUIET: [&[u8]; 9] = [
        b"debug",
        b"info",
        b"[info]",
        b"warn",
        b"[warn",
        b"\xe2\x9c\x93",
        b"\xe2\x9c\x94",
        b"\xe2\x88\x9a",
        b"pass ",
    ];
    QUIET
        .iter()
        .any(|q| t.len() >= q.len() && t[..q.len()].eq_ignore_ascii_case(q))
}

/// Whether a failure's words start a message inside the line (the line's start is judged by
/// `error_line`): right after `: ` or `] `.
fn says_error(t: &[u8]) -> bool {
    // Each form holds "rror" or "RROR": one search rules most lines out.
    if finders::RROR.find(t).is_none() && finders::RROR_CAPITAL.find(t).is_none() {
        return false;
    }
    finders::SAYS_ERROR.iter().any(|f| {
        f.find_iter(t)
            .take(4)
            .any(|at| at == 0 || t[..at].ends_with(b": ") || t[..at].ends_with(b"] "))
    })
}

/// Substrings looked for on lines, each searched with a finder built once (building one per
/// search is most of the cost on short lines).
mod finders {
    use std::sync::LazyLock;

    use memchr::memmem::Finder;

    pub static DENIED: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b" denied"));
    pub static EXCEPTION: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"Exception: "));
    pub static FAILED_TO: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"failed to "));
    pub static FAILED_TO_CAPITAL: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(b"Failed to "));
    /// Log levels of structured loggers (logrus, also in its terminal form `ERRO[0000]`, with
    /// or without its colours, log4j-style brackets) and "X error - " lines.
    pub static LEVEL: LazyLock<[Finder<'static>; 13]> = LazyLock::new(|| {
        [
            Finder::new(b"[Error]"),
            // A one-letter level (`2021-07-19T13:14:19  [E] Error initializing …`).
            Finder::new(b" [E] "),
            Finder::new(b"level=error"),
            Finder::new(b"level=fatal"),
            Finder::new(b"ERRO["),
            Finder::new(b"FATA["),
            Finder::new(b"ERRO\x1b[0m["),
            Finder::new(b"FATA\x1b[0m["),
            Finder::new(b"[ERROR]"),
            Finder::new(b"[error]"),
            Finder::new(b"[FATAL]"),
            Finder::new(b" error - "),
            Finder::new(b" ERROR - "),
        ]
    });
    pub static SAYS_ERROR: LazyLock<[Finder<'static>; 4]> = LazyLock::new(|| {
        [
            Finder::new(b"ERROR:"),
            Finder::new(b"There was an error"),
            Finder::new(b"An error occurred"),
            Finder::new(b"an error occurred"),
        ]
    });
    /// java.util.logging's level inside a line (Jenkins' `[id=62]  SEVERE  o.j.…`).
    pub static SEVERE: LazyLock<[Finder<'static>; 2]> =
        LazyLock::new(|| [Finder::new(b" SEVERE  "), Finder::new(b"\tSEVERE\t")]);
    /// Bitbucket Cloud's error body (`{"type": "error", "error": {…}}`), pretty-printed or not.
    pub static ERROR_BODY: LazyLock<[Finder<'static>; 2]> = LazyLock::new(|| {
        [
            Finder::new(b"\"type\": \"error\""),
            Finder::new(b"\"type\":\"error\""),
        ]
    });
    /// An OAuth 2.0 error sent back to the client in the redirect (RFC 6749 §4.1.2.1), in the
    /// query or the fragment, and Xcode's error URL.
    pub static OAUTH_ERROR: LazyLock<[Finder<'static>; 3]> = LazyLock::new(|| {
        [
            Finder::new(b"?error="),
            Finder::new(b"&error="),
            Finder::new(b"#error="),
        ]
    });
    /// Failure sentences of GUI clients and tools that print no level ("Authentication
    /// failed because …", "The remote repository could not be accessed", "The resource you are
    /// requesting could not be found").
    pub static SENTENCE: LazyLock<[Finder<'static>; 3]> = LazyLock::new(|| {
        [
            Finder::new(b"Authentication failed"),
            Finder::new(b" could not be accessed"),
            Finder::new(b" could not be found"),
        ]
    });
    pub static RROR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"rror"));
    pub static RROR_CAPITAL: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"RROR"));
    pub static GIT_AT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"git@"));
    pub static SSH_URL: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"ssh://"));
    pub static JAVA_FRAME: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b".java:"));
    pub static EXIT: LazyLock<[Finder<'static>; 4]> = LazyLock::new(|| {
        [
            Finder::new(b"exit status 1"),
            Finder::new(b"exit code 1"),
            Finder::new(b"exit status 2"),
            Finder::new(b"exit code 2"),
        ]
    });
}

/// Words of a status line about what Bitbucket's REST API serves.
pub(super) const API_WORDS: &[&[u8]] = &[
    b"repositor",
    b"workspace",
    b"pullrequest",
    b"pull request",
    b"webhook",
    b"deploy-key",
    b"deploy key",
    b"/2.0/",
    b"/rest/",
];

/// Whether the line calls a Bitbucket Data Center REST path (`://host/rest/api/1.0/…`,
/// `/rest/build-status/1.0/…`, also under a context path), on a host that is not GitHub's or
/// GitLab's.
pub(super) fn data_center_rest(line: &[u8]) -> bool {
    const PATHS: [&[u8]; 4] = [
        b"/rest/api/1.0/",
        b"/rest/build-status/1.0/",
        b"/rest/access-tokens/1.0/",
        b"/rest/keys/1.0/",
    ];
    PATHS.iter().any(|p| contains_ci(line, p))
        && !contains_ci(line, b"github.com")
        && !contains_ci(line, b"gitlab")
}

/// Whether the line holds a REST path of Jira (`/rest/api/2/`, `/rest/api/3/`) or Confluence
/// (`/wiki/rest/api/`): another Atlassian product's API, not Bitbucket Data Center's.
pub(super) fn other_atlassian_rest(line: &[u8]) -> bool {
    [
        b"/rest/api/2/".as_slice(),
        b"/rest/api/3/",
        b"/wiki/rest/api/",
    ]
    .iter()
    .any(|p| contains_ci(line, p))
}

/// Whether the line names a server other than Bitbucket: a URL whose host is another, or
/// GitHub or GitLab by name.
pub(super) fn names_other_host(line: &[u8]) -> bool {
    // A Go stack frame names modules (`github.com/owner/tool/cmd.Run(0x…)`, `…/main.go:11`),
    // not servers.
    let go_frame = memchr::memmem::find(line, b".go:").is_some()
        || memchr::memmem::find(line, b"(0x").is_some()
        || line.ends_with(b"(...)");
    if go_frame && memchr::memmem::find(line, b"://").is_none() {
        return false;
    }
    if contains_ci(line, b"github.com")
        || contains_ci(line, b"gitlab")
        || other_atlassian_rest(line)
    {
        return true;
    }
    let mut rest = line;
    while let Some(at) = memchr::memmem::find(rest, b"://") {
        let after = &rest[at + 3..];
        let end = after
            .iter()
            .position(|b| matches!(b, b'/' | b' ' | b'"' | b'\'' | b'>' | b')' | b'?'))
            .unwrap_or(after.len());
        let host = &after[..end];
        if !host.is_empty() && !contains_ci(host, b"bitbucket") {
            return true;
        }
        rest = after;
    }
    false
}

/// Whether `line` holds `word` (lower case), ignoring ASCII case.
pub(super) fn contains_ci(line: &[u8], word: &[u8]) -> bool {
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    let Some(last_start) = line.len().checked_sub(word.len()) else {
        return false;
    };
    // Only where the first letter stands, in either case (memchr's vector search).
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    memchr::memchr2_iter(lower, upper, &line[..=last_start])
        .any(|i| line[i + 1..i + word.len()].eq_ignore_ascii_case(rest))
}

/// Whether the host ssh could not resolve is no server's name: it holds a path (`host:owner`
/// or `host/owner`) or is a shorthand of one label (not a misspelt `bitbuckt`: a typo).
pub(super) fn host_is_not_an_address(line: &[u8]) -> bool {
    const AFTER: &[u8] = b"resolve hostname ";
    let Some(at) = line
        .windows(AFTER.len())
        .position(|w| w.eq_ignore_ascii_case(AFTER))
    else {
        return false;
    };
    let host = &line[at + AFTER.len()..];
    let end = memchr::memmem::find(host, b": ").unwrap_or(host.len());
    let host = &host[..end];
    // A name of one label (`gh`, `github`, `bitbucket-work`) is no server's: a shorthand that
    // an `insteadOf` rule or a `Host` alias on another machine turned into an address.
    let typo = host.len() >= 8 && host[..8].eq_ignore_ascii_case(b"bitbuckt");
    let shorthand = !typo
        && !host.eq_ignore_ascii_case(b"localhost")
        && host.iter().any(u8::is_ascii_alphabetic)
        && host
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    shorthand || host.iter().any(|b| matches!(b, b':' | b'/'))
}

/// The first few `git@` addresses of a line that stand on their own (not the end of a URL's
/// user: `ssh://git@host/…`, `https://buildgit@host/…`, JSON's `ssh:\/\/git@…`), each from
/// `git@` to its end. Only the first four: a hostile line of `git@git@…` stays linear.
fn git_addresses(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    finders::GIT_AT
        .find_iter(line)
        .take(4)
        .filter(move |&at| {
            at == 0
                || matches!(
                    line[at - 1],
                    b' ' | b'\t' | b'"' | b'\'' | b'`' | b'(' | b'=' | b'['
                )
        })
        .map(move |at| &line[at..at + end_of(&line[at..], b",")])
}

/// Whether the line holds an SSH address that is neither form git reads: `git@host/owner/repo`
/// (the scp-like form needs `host:path`; the URL form needs `ssh://`). Git, Terraform and
/// go-getter then take it for a local path.
pub(super) fn ssh_address_without_colon(line: &[u8]) -> bool {
    git_addresses(line).any(|address| {
        let address = &address[4..];
        let host_end = address
            .iter()
            .position(|b| matches!(b, b':' | b'/'))
            .unwrap_or(address.len());
        address.get(host_end) == Some(&b'/')
            && address[..host_end].contains(&b'.')
            && address.len() > host_end + 1
    })
}

/// The first SSH address of the line in the scp-like form with a port (`git@host:7999/proj/repo`):
/// that form has no port, so git takes `7999/proj/repo` for the path and ssh dials port 22.
pub(super) fn scp_address_with_port(line: &[u8]) -> Option<&[u8]> {
    git_addresses(line).find(|address| {
        // Longer is no address anyway, and its evidence would cost a redaction of the line.
        if address.len() > 512 {
            return false;
        }
        let Some(colon) = address.iter().position(|&b| b == b':') else {
            return false;
        };
        let host = &address[4..colon];
        let digits = address[colon + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        // The clouds' own hosts take no port in any form, and their owners may be numbers.
        let cloud = [&b"github.com"[..], b"gitlab.com", b"bitbucket.org"]
            .iter()
            .any(|c| host.len() >= c.len() && host[host.len() - c.len()..].eq_ignore_ascii_case(c));
        host.contains(&b'.')
            && !cloud
            && !host.contains(&b'/')
            && (2..=5).contains(&digits)
            && address.get(colon + 1 + digits) == Some(&b'/')
            && address.len() > colon + 2 + digits
    })
}

/// Whether the line holds an `ssh://` URL with no user (`ssh://github.com/owner/repo`): ssh
/// then logs in as the local user.
pub(super) fn ssh_url_without_user(line: &[u8]) -> bool {
    let mut rest = line;
    // The first few URLs of a line: a hostile line of `ssh://ssh://…` stays linear.
    for _ in 0..4 {
        let Some(at) = finders::SSH_URL.find(rest) else {
            break;
        };
        let after = &rest[at + 6..];
        let end = end_of(after, b"/");
        let authority = &after[..end];
        // A host (a name with a dot, a port, an IPv6 address) and a path after it, and no
        // user: not a placeholder such as `ssh://<host>` or `ssh://host/…` in a sentence.
        if !authority.contains(&b'@')
            && (authority.contains(&b'.') || authority.contains(&b':'))
            && !authority.contains(&b'<')
            && after.get(end) == Some(&b'/')
        {
            return true;
        }
        rest = after;
    }
    false
}

/// Where an address quoted in a line ends: at white space, a quote or a closing bracket, or at
/// one of `also`.
fn end_of(s: &[u8], also: &[u8]) -> usize {
    s.iter()
        .position(|b| {
            matches!(b, b' ' | b'\t' | b'"' | b'\'' | b'`' | b')' | b'>') || also.contains(b)
        })
        .unwrap_or(s.len())
}

/// The first `ssh://` URL of a line without a user, as it stands (for evidence: the rest of the
/// command line may hold secrets redaction does not know, such as `sshpass -p …`).
pub(super) fn userless_ssh_url(line: &[u8]) -> &[u8] {
    finders::SSH_URL
        .find_iter(line)
        .take(4)
        .map(|at| &line[at..at + end_of(&line[at..], b"")])
        .find(|url| ssh_url_without_user(url))
        .unwrap_or(line)
}

/// The kind of the last repository address on a line: `ssh://…` or a `git@` that does not
/// follow `//` (`https://git@host/…` is an HTTPS URL with a user) is SSH; `https://…` and
/// `http://…` are HTTPS.
pub(super) fn last_address(line: &[u8]) -> Option<AddressKind> {
    let ssh_url = memchr::memmem::rfind(line, b"ssh://");
    let git_at = memchr::memmem::rfind_iter(line, b"git@").find(|&i| !line[..i].ends_with(b"//"));
    let http =
        memchr::memmem::rfind(line, b"http://").max(memchr::memmem::rfind(line, b"https://"));
    let ssh = ssh_url.max(git_at);
    match (ssh, http) {
        (Some(s), Some(h)) if s > h => Some(AddressKind::Ssh),
        (_, Some(_)) => Some(AddressKind::Https),
        (Some(_), None) => Some(AddressKind::Ssh),
        (None, None) => None,
    }
}

/// Whether a text (a paste, a log's first 64 KiB) is binary data rather than a log: more than
/// a fifth of its first 64 KiB are characters no log holds (NUL and other controls a terminal
/// never prints, bytes that were not text). A Latin-1 log or a few stray control bytes stay
/// far below; compressed or random data is about half. Too short to judge by a share, a text
/// is binary if it holds a NUL.
pub fn looks_binary(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(64 * 1024)];
    let head = String::from_utf8_lossy(head);
    let mut total = 0usize;
    let mut odd = 0usize;
    for c in head.chars() {
        total += 1;
        let control = c < ' '
            && !matches!(
                c,
                '\t' | '\n' | '\r' | '\u{7}' | '\u{8}' | '\u{b}' | '\u{c}' | '\u{1b}'
            );
        if control || c == char::REPLACEMENT_CHARACTER {
            odd += 1;
        }
    }
    if total < 32 {
        return text.contains('\0');
    }
    odd * 5 > total
}

//! HTTP error statuses as other tools print them (`HTTP/2 401`, `403 Forbidden`,
//! `status code 429`, `"status": 404`, `Invalid response code:500`, `HTTP error 503`), and
//! what each means for Bitbucket's REST API when no message in the log names the cause. Inside a
//! Git-over-HTTPS command (`Mark::GitHttp`) the status is left to the messages git prints.

/// What an error status means for a REST call, by status (5xx: the server).
pub(crate) const API_STATUS: &[(u16, &str)] = &[
    (401, "api_credential_invalid"),
    (403, "api_scope_missing"),
    (404, "api_not_found"),
    (410, "api_endpoint_removed"),
    (429, "api_rate_limited"),
];

/// The id for a server error (any 5xx).
pub(crate) const SERVER_ERROR: &str = "api_server_error";

/// What a status means for a REST call.
pub(crate) fn api_id(code: u16) -> Option<&'static str> {
    if (500..600).contains(&code) {
        return Some(SERVER_ERROR);
    }
    API_STATUS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, id)| *id)
}

/// Words before a number that make it an HTTP status (the text before, lower case, with
/// spaces, colons, quotes and brackets trimmed, ends with one of these).
const BEFORE: &[&[u8]] = &[
    b"http/1.1",
    b"http/1.0",
    b"http/2",
    b"http/2.0",
    b"status",
    b"status code",
    b"status_code",
    b"statuscode",
    b"response code",
    b"code",
    b"returned error",
    b"api error",
    b"http error",
    b"status of",
    b"response",
    b"but got",
    b"http",
    b"error",
    b"request failed",
    // Guzzle: `POST https://…` resulted in a `400 Bad Request` response
    b"resulted in a",
    // GitLab's API body: `{"message":"404 Project Not Found"}`.
    b"\"message",
];

/// Words after a number that make it an HTTP status.
const AFTER: &[&[u8]] = &[
    b" unauthorized",
    b" forbidden",
    b" not found",
    b" too many requests",
    b" gone",
    b" client error",
    b" server error",
    b" internal server error",
    b" bad gateway",
    b" service unavailable",
    b" gateway timeout",
    b": unauthorized",
    b": forbidden",
    b": not found",
    b": too many requests",
    b", http status",
    b" (unauthorized",
    // `requests.exceptions.HTTPError: 401 for url: …`.
    b" for url",
];

/// The first HTTP error status (4xx, 5xx) the line shows in a form tools print.
pub(crate) fn status(line: &[u8]) -> Option<u16> {
    let digit = |b: u8| b.is_ascii_digit();
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'4', b'5', &line[i..]) {
        let at = i + off;
        i = at + 1;
        if at + 3 > line.len()
            || !line[at + 1..at + 3].iter().all(|b| digit(*b))
            // A number of its own, not part of a word, a hash or a decimal.
            || (at > 0 && (line[at - 1].is_ascii_alphanumeric() || line[at - 1] == b'.'))
            // A full stop may end the sentence (`status code 401.`), not start a decimal.
            || (at + 3 < line.len()
                && (line[at + 3].is_ascii_alphanumeric()
                    || (line[at + 3] == b'.' && line.get(at + 4).is_some_and(|b| digit(*b)))))
        {
            continue;
        }
        let before = &line[at.saturating_sub(32)..at];
        let trimmed = trim_end(before);
        let after = &line[at + 3..line.len().min(at + 3 + 32)];
        // `POST https://host/path: 401` (Go's and many clients' form): the word before, however
        // long, is a URL.
        let whole = trim_end(&line[..at]);
        let word = &whole[memchr::memrchr(b' ', whole).map_or(0, |i| i + 1)..];
        let after_url = starts_with_ci(word, b"https://") || starts_with_ci(word, b"http://");
        let named_before = after_url || BEFORE.iter().any(|w| ends_with_word(trimmed, w));
        let named_after = AFTER.iter().any(|w| starts_with_ci(after, w))
            // `Error: got 401 response`, `received 403 response from …` (not "500 responses",
            // "the first 400 response bytes").
            || (starts_with_ci(after, b" response")
                && after.get(9).is_none_or(|b| !b.is_ascii_alphanumeric())
                && [b"got".as_slice(), b"received", b"returned"]
                    .iter()
                    .any(|w| ends_with_word(trimmed, w)));
        if named_before || named_after {
            let code = u16::from(line[at] - b'0') * 100
                + u16::from(line[at + 1] - b'0') * 10
                + u16::from(line[at + 2] - b'0');
            return Some(code);
        }
    }
    reason(line)
        .or_else(|| java_not_found(line))
        .or_else(|| json_reason(line))
}

/// A JSON error body whose message is a status's reason phrase (`{"error": {"message": "Not
/// found", "detail": …}}`, `"error":"Unauthorized"`), as REST APIs answer without the number.
fn json_reason(line: &[u8]) -> Option<u16> {
    const KEYS: [&[u8]; 2] = [b"\"message\"", b"\"error\""];
    const PHRASES: [(&[u8], u16); 9] = [
        (b"unauthorized", 401),
        (b"forbidden", 403),
        (b"not found", 404),
        (b"gone", 410),
        (b"too many requests", 429),
        (b"internal server error", 500),
        (b"bad gateway", 502),
        (b"service unavailable", 503),
        (b"gateway timeout", 504),
    ];
    const SUCCESS: [&[u8]; 3] = [b"ok", b"success", b"succeeded"];
    // A body that says it succeeded (`{"status":"ok","message":"Repository x not found, created"}`).
    let succeeded = memchr::memmem::find_iter(line, b"\"")
        .take(64)
        .filter_map(|at| super::lines::json_string_at(line, at, b"\"status\""))
        .any(|v| SUCCESS.iter().any(|w| v.eq_ignore_ascii_case(w)));
    if succeeded {
        return None;
    }
    memchr::memmem::find_iter(line, b"\"")
        .take(64)
        .find_map(|at| {
            let value = KEYS
                .iter()
                .find_map(|k| super::lines::json_string_at(line, at, k))?;
            let value = value.strip_suffix(b".").unwrap_or(value);
            // `"Repository acme/app not found"`, `"404 Project Not Found"`: what was not found.
            let not_found = value.len() > 10
                && value[value.len() - 10..].eq_ignore_ascii_case(b" not found")
                && !value.contains(&b',');
            PHRASES
                .iter()
                .find(|(p, _)| value.eq_ignore_ascii_case(p))
                .map(|(_, code)| *code)
                .or(not_found.then_some(404))
        })
}

/// Java's `HttpURLConnection` throws `java.io.FileNotFoundException: <url>` for a 404 (and a
/// 410) when the body is read: the status is in the exception's name, not in a number.
fn java_not_found(line: &[u8]) -> Option<u16> {
    const NAMES: [&[u8]; 2] = [
        b"java.io.FileNotFoundException: https://",
        b"java.io.FileNotFoundException: http://",
    ];
    NAMES
        .iter()
        .any(|n| memchr::memmem::find(line, n).is_some())
        .then_some(404)
}

/// Reason phrases printed without their number (`json: Forbidden.`, `Error: Unauthorized`,
/// `Download failed. INTERNAL SERVER ERROR`), capitalised as servers send them. Only in a
/// status's place: after `: ` or `. ` (or starting the line) and ending it or a sentence, so
/// prose, test names and identifiers (`HTTPStatus.FORBIDDEN`, `ALLOW_FORBIDDEN_PATHS`) are not
/// statuses.
const REASONS: [(&[u8], u16); 14] = [
    (b"Unauthorized", 401),
    (b"UNAUTHORIZED", 401),
    (b"Forbidden", 403),
    (b"FORBIDDEN", 403),
    (b"Too Many Requests", 429),
    (b"Internal Server Error", 500),
    (b"INTERNAL SERVER ERROR", 500),
    (b"Bad Gateway", 502),
    (b"Service Unavailable", 503),
    (b"Gateway Timeout", 504),
    // Only as an exception class's name (`HttpClientErrorException$NotFound: 404`,
    // `BitBucket::Error::NotFound`): see `CLASS_ONLY`.
    (b"NotFound", 404),
    (b"TooManyRequests", 429),
    (b"InternalServerError", 500),
    (b"ServiceUnavailable", 503),
];

/// The reasons of `REASONS` from this index on are class names only.
const CLASS_ONLY: usize = 10;

/// The reason phrases in one automaton, built once: one pass over a line finds them all.
static REASON_SEARCH: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(REASONS.iter().map(|(p, _)| p)).ok()
    });

fn reason(line: &[u8]) -> Option<u16> {
    let line = line.trim_ascii_end();
    // Every phrase starts with a capital: most lines of a log have none worth a search.
    if !line
        .iter()
        .any(|b| matches!(b, b'U' | b'F' | b'T' | b'I' | b'B' | b'S' | b'G'))
    {
        return None;
    }
    let search = REASON_SEARCH.as_ref()?;
    search.find_iter(line).take(4).find_map(|m| {
        let before = &line[..m.start()];
        let after = &line[m.end()..];
        // `RESPONSE (Unauthorized): {…}`: the reason alone in brackets.
        let bracketed = before.ends_with(b"(") && after.starts_with(b"):");
        // An exception class named for the status (`HttpClientErrorException$Unauthorized: 401`,
        // Ruby's `BitBucket::Error::Unauthorized:`).
        // Ruby's uncaught form ends it in brackets: `…: 401 (BitBucket::Error::Unauthorized)`.
        let class = (before.ends_with(b"$") || before.ends_with(b"::"))
            && (after.starts_with(b":") || after.starts_with(b")"));
        if m.pattern().as_usize() >= CLASS_ONLY && !class {
            return None;
        }
        let starts =
            before.trim_ascii().is_empty() || before.ends_with(b": ") || before.ends_with(b". ");
        let ends = after.is_empty()
            || matches!(after[0], b'.' | b',' | b';' | b')')
                && after.get(1).is_none_or(|b| !b.is_ascii_alphanumeric())
            || after.starts_with(b" for url");
        (starts && ends || bracketed || class).then(|| REASONS[m.pattern().as_usize()].1)
    })
}

fn trim_end(s: &[u8]) -> &[u8] {
    let mut end = s.len();
    while end > 0
        && matches!(
            s[end - 1],
            b' ' | b':' | b'=' | b'"' | b'\'' | b'`' | b'(' | b'[' | b'\t'
        )
    {
        end -= 1;
    }
    &s[..end]
}

/// Whether `s` ends with `w` (ignoring ASCII case) as a whole word.
fn ends_with_word(s: &[u8], w: &[u8]) -> bool {
    if s.len() < w.len() || !s[s.len() - w.len()..].eq_ignore_ascii_case(w) {
        return false;
    }
    let before = s.len() - w.len();
    before == 0 || !s[before - 1].is_ascii_alphanumeric()
}

fn starts_with_ci(s: &[u8], w: &[u8]) -> bool {
    s.len() >= w.len() && s[..w.len()].eq_ignore_ascii_case(w)
}

#[cfg(test)]
mod tests {
    use super::status;

    #[test]
    fn statuses_are_read_in_the_forms_tools_print_them() {
        for (line, code) in [
            ("< HTTP/2 401", Some(401)),
            ("HTTP/1.1 403 Forbidden", Some(403)),
            ("Result → 401 Unauthorized", Some(401)),
            ("Invalid response code:500", Some(500)),
            (
                "Error: API Error: 403 2.0/repositories/w/r/deploy-keys",
                Some(403),
            ),
            ("HTTP error 503 downloading https://x", Some(503)),
            (
                "ERROR: HTTP request error. Status: 403: Forbidden.",
                Some(403),
            ),
            (
                "requests.exceptions.HTTPError: 404 Client Error: Not Found for url",
                Some(404),
            ),
            ("returned a response status of 403 Forbidden", Some(403)),
            ("BITBUCKET: 404, HTTP STATUS CODE OF CONNECTION.", Some(404)),
            (
                "java.io.FileNotFoundException: https://bitbucket.org/acme/rest/build-status/1.0/commits/8ea3",
                Some(404),
            ),
            ("java.io.FileNotFoundException: /home/a/.ssh/id_rsa", None),
            (
                "java.io.FileNotFoundException: http-truststore.jks (No such file or directory)",
                None,
            ),
            ("{\"status\": 429, \"message\": \"x\"}", Some(429)),
            (
                "HTTP status client error (401 Unauthorized) for url",
                Some(401),
            ),
            ("Receiving objects:  42% (420/1000), 1.20 MiB", None),
            (
                "2019/06/06 02:52:20+0000 [DBUG] events_controller.go:400",
                None,
            ),
            ("took 404.5 ms", None),
            (
                "Unexpected response for GET https://api.bitbucket.org/2.0/x. Expected 200 but got 401 -",
                Some(401),
            ),
            ("id 4012 failed", None),
            ("Error: got 401 response", Some(401)),
            ("cached 500 responses", None),
            ("Printing the first 400 response bytes:", None),
            ("Added a custom 404 response page", None),
            ("Returns 200 on success or an error (Forbidden)", None),
            ("GET /admin -> handler (Unauthorized)", None),
            ("Couldn't deserialize json: Forbidden. Error: x", Some(403)),
            ("Request failed with status code 401.", Some(401)),
            (
                "Request failed [401]: https://api.bitbucket.org/2.0/user. Attempting retry.",
                Some(401),
            ),
            ("Request failed (503)", Some(503)),
            ("2 failed [404 passed]", None),
            ("GitProtocolError: unexpected http response 401", Some(401)),
            (
                "stash: <class 'dulwich.errors.GitProtocolError'>: unexpected http response 401",
                Some(401),
            ),
            ("Download failed. INTERNAL SERVER ERROR", Some(500)),
            ("throw new UnauthorizedException()", None),
            ("you are forbidden to push", None),
            (
                "HEAD is now at 9c8d7e6 Return Forbidden for archived repositories",
                None,
            ),
            ("INFO mapping HTTPStatus.FORBIDDEN -> retry=False", None),
            ("+ export ALLOW_FORBIDDEN_PATHS=0", None),
            ("Collecting Flask-Unauthorized==0.2", None),
            (
                "  \"description\": \"Mirror of the Forbidden City archive\"",
                None,
            ),
            ("HTTPError: Forbidden for url: https://x", Some(403)),
            ("Error: Unauthorized", Some(401)),
            (
                "Client error: `POST https://bitbucket.org/site/oauth2/access_token` resulted in a `400 Bad Request` response:",
                Some(400),
            ),
            (
                "[DEBUG] RESPONSE (Unauthorized): {\"errors\":[]}",
                Some(401),
            ),
            ("the (Forbidden) City", None),
            ("POST https://h/commit/3a050fbb589a/statuses", None),
            (
                "POST https://api.bitbucket.org/2.0/repositories/a/b/commit/3a0/statuses/build: 503",
                Some(503),
            ),
        ] {
            assert_eq!(status(line.as_bytes()), code, "{line}");
        }
    }
}

//! The syntactic split of a URL candidate into user, host, port and path, following git's own
//! rules (an `scp`-like `user@host:path` when a `:` comes before any `/`), leniently enough to
//! recognise the usual mistakes. Secrets (passwords, tokens) are collected so the caller can
//! keep them out of every output.

/// The written form of the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Form {
    /// `scheme://…`, the scheme lowercased.
    Scheme(String),
    /// git's `transport::address` (e.g. `ext::`), the transport lowercased.
    Transport(String),
    /// `[user@]host:path`.
    Scp,
    /// No scheme and no `:` before the first `/`: `host/path` or `user@host/path`.
    Bare,
}

/// The parts of a URL candidate, as written.
#[allow(clippy::struct_excessive_bools)] // independent observations
#[derive(Debug, Clone)]
pub(super) struct Parts {
    /// The form.
    pub form: Form,
    /// The user name, unless it looks like a token.
    pub user: Option<String>,
    /// A password or token was in the user info (or the user name was a token).
    pub credentials: bool,
    /// The host as written (brackets kept for IPv6).
    pub host: String,
    /// The port as written (may be invalid).
    pub port: Option<String>,
    /// The path without its leading `/` (scp form: as written after the `:`).
    pub path: String,
    /// Query or fragment present (a browser address).
    pub query: bool,
    /// Substrings of the input that are secret.
    pub secrets: Vec<String>,
    /// `ssh://host:path`: a `:` where the `/` belongs (moved into the path).
    pub colon_for_slash: bool,
}

impl Parts {
    /// The path's non-empty segments.
    pub fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }

    fn new(form: Form) -> Self {
        Self {
            form,
            user: None,
            credentials: false,
            host: String::new(),
            port: None,
            path: String::new(),
            query: false,
            secrets: Vec::new(),
            colon_for_slash: false,
        }
    }

    fn set_userinfo(&mut self, info: &str) {
        let (user, password) = match info.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (info, None),
        };
        if let Some(p) = password.filter(|p| !p.is_empty()) {
            self.credentials = true;
            self.secrets.push(p.to_string());
            let decoded = super::servers::decode(p);
            if decoded != p {
                self.secrets.push(decoded);
            }
        }
        if token_like(user) {
            self.credentials = true;
            self.secrets.push(user.to_string());
        } else {
            self.user = Some(user.to_string());
        }
    }

    fn set_tail(&mut self, tail: &str) {
        let end = tail.find(['?', '#']).unwrap_or(tail.len());
        self.path = tail[..end].trim_start_matches('/').to_string();
        if end < tail.len() {
            self.query = true;
            let found = query_secrets(&tail[end..]);
            self.credentials |= !found.is_empty();
            self.secrets.extend(found);
        }
    }
}

/// How Atlassian's API tokens, access tokens and app passwords begin.
const TOKEN_PREFIXES: [&str; 3] = ["ATATT", "ATCTT", "ATBB"];

/// Atlassian API tokens (`ATATT…`), access tokens (`ATCTT…`) and app passwords (`ATBB…`)
/// pasted where a user name goes, or anything long and random-looking.
fn token_like(user: &str) -> bool {
    let known = TOKEN_PREFIXES
        .iter()
        .any(|p| user.starts_with(p) && user.len() > 12);
    let long_random = user.len() >= 32
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=".contains(c))
        && user.chars().any(|c| c.is_ascii_digit());
    known || long_random
}

/// Values of query parameters whose names suggest a credential.
fn query_secrets(query: &str) -> Vec<String> {
    const NAMES: [&str; 7] = ["token", "pass", "secret", "key", "auth", "sig", "code"];
    query
        .trim_start_matches(['?', '#'])
        .split(['&', '?', '#', ';'])
        .filter_map(|pair| pair.split_once('='))
        .filter(|(name, value)| {
            let name = name.to_ascii_lowercase();
            !value.is_empty() && NAMES.iter().any(|n| name.contains(n))
        })
        .map(|(_, value)| value.to_string())
        .collect()
}

fn valid_scheme(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// Splits a URL candidate.
pub(super) fn split(s: &str) -> Parts {
    if let Some(i) = s.find("://")
        && valid_scheme(&s[..i])
    {
        return split_scheme(s[..i].to_ascii_lowercase(), &s[i + 3..]);
    }
    // git's `transport::address` (remote helpers are named without dots, unlike hosts).
    if let Some(i) = s.find("::")
        && valid_scheme(&s[..i])
        && !s[..i].contains('.')
    {
        let mut p = Parts::new(Form::Transport(s[..i].to_ascii_lowercase()));
        p.path = s[i + 2..].to_string();
        return p;
    }
    split_scp_or_bare(s)
}

fn split_scheme(scheme: String, rest: &str) -> Parts {
    let web = scheme == "https" || scheme == "http";
    let mut p = Parts::new(Form::Scheme(scheme));
    let delim = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    // A password may hold an unencoded `/` or `@`: the user info then runs to the last `@`
    // that a host follows.
    let at = credentials_end(rest).or_else(|| rest[..delim].rfind('@'));
    let auth_end = match at {
        Some(a) if a > delim => rest[a..]
            .find(['/', '?', '#'])
            .map_or(rest.len(), |i| a + i),
        _ => delim,
    };
    if let Some(a) = at {
        p.set_userinfo(&rest[..a]);
    }
    let hostport = &rest[at.map_or(0, |a| a + 1)..auth_end];
    let (host, port) = split_hostport(hostport);
    p.host = host.to_string();
    p.set_tail(&rest[auth_end..]);
    match port {
        Some(port)
            if web
                && at.is_none()
                && !port.is_empty()
                && !port.bytes().all(|b| b.is_ascii_digit())
                && (!host.contains(['.', '[']) || p.path.is_empty() && !p.query) =>
        {
            // `https://x-token-auth:TOKEN` or `https://john.doe:PASSWORD` while it is being
            // typed: no host yet, and what follows the `:` is a password, not a path.
            p.credentials = true;
            p.secrets.push(port.to_string());
            p.host.clear();
        }
        Some(port) if !port.is_empty() && !port.bytes().all(|b| b.is_ascii_digit()) => {
            // `ssh://git@host:workspace/repo`: the scp habit inside a URL.
            p.colon_for_slash = true;
            p.path = if p.path.is_empty() {
                port.to_string()
            } else {
                format!("{port}/{}", p.path)
            };
        }
        Some(port) if !port.is_empty() => p.port = Some(port.to_string()),
        _ => {}
    }
    p
}

/// Where `user:password@` ends, when the text has that shape: the last `@` (before any query)
/// that is preceded by a plain user name and a `:`, and followed by a host. A password may also
/// hold `?` or `#` (unencoded): then the user info is whatever runs, without a `/`, to an `@`.
fn credentials_end(s: &str) -> Option<usize> {
    let shaped_at = |i: usize| {
        let info = &s[..i];
        let shaped = info
            .split_once(':')
            .is_some_and(|(user, _)| plain_user(user));
        (shaped || TOKEN_PREFIXES.iter().any(|p| info.starts_with(p))) && host_follows(&s[i + 1..])
    };
    let cut = s.find(['?', '#']).unwrap_or(s.len());
    let ats = |end: usize| s[..end].match_indices('@').map(|(i, _)| i).rev();
    ats(cut).find(|&i| shaped_at(i)).or_else(|| {
        let slash = s.find('/').unwrap_or(s.len());
        ats(slash).find(|&i| s[..i].contains(['?', '#']) && shaped_at(i))
    })
}

/// A user name as it appears before `:` or `@` (no `/`, `@` or `:`).
fn plain_user(user: &str) -> bool {
    user.chars()
        .all(|c| c.is_ascii_alphanumeric() || "._~+-".contains(c))
}

/// The text starts with a host name, then a port, a path, a query or the end.
fn host_follows(s: &str) -> bool {
    let end = s.find([':', '/', '?', '#']).unwrap_or(s.len());
    let host = &s[..end];
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || ".-_[]".contains(c))
}

fn split_hostport(hp: &str) -> (&str, Option<&str>) {
    if hp.starts_with('[')
        && let Some(end) = hp.find(']')
    {
        return (&hp[..=end], hp[end + 1..].strip_prefix(':'));
    }
    match hp.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (hp, None),
    }
}

fn split_scp_or_bare(s: &str) -> Parts {
    // `user@host:path`: the first `@` that a host and a `:` follow, so a password may hold
    // `@` or `/`; else a `user:password@` shape; else the first `@` before any `/`.
    let scp_at = s.match_indices('@').map(|(i, _)| i).find(|&i| {
        let rest = &s[i + 1..];
        host_follows(rest)
            && rest
                .find([':', '/'])
                .is_some_and(|e| rest[e..].starts_with(':'))
    });
    let first_slash = s.find('/').unwrap_or(s.len());
    let at = scp_at
        .or_else(|| credentials_end(s))
        .or_else(|| s[..first_slash].find('@'));
    let rest = at.map_or(s, |a| &s[a + 1..]);
    let colon = if rest.starts_with('[') {
        rest.find(']')
            .and_then(|e| rest[e..].find(':').map(|c| e + c))
    } else {
        rest.find(':')
    };
    let rest_slash = rest.find('/').unwrap_or(rest.len());
    let mut p = match colon {
        Some(c) if c < rest_slash => {
            let mut p = Parts::new(Form::Scp);
            p.host = rest[..c].to_string();
            p.path = rest[c + 1..].to_string();
            p
        }
        _ => {
            let mut p = Parts::new(Form::Bare);
            p.host = rest[..rest_slash].to_string();
            p.set_tail(&rest[rest_slash..]);
            p
        }
    };
    if let Some(a) = at {
        p.set_userinfo(&s[..a]);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scp_form() {
        let p = split("git@bitbucket.org:ws/repo.git");
        assert_eq!(p.form, Form::Scp);
        assert_eq!(p.user.as_deref(), Some("git"));
        assert_eq!(
            (p.host.as_str(), p.path.as_str()),
            ("bitbucket.org", "ws/repo.git")
        );
    }

    #[test]
    fn password_with_a_slash_stays_secret() {
        let p = split("https://x-token-auth:ab/cd@bitbucket.org/ws/repo.git");
        assert_eq!(p.host, "bitbucket.org");
        assert_eq!(p.path, "ws/repo.git");
        assert_eq!(p.secrets, vec!["ab/cd".to_string()]);
        let p = split("git:s3cret@bitbucket.org:ws/repo.git");
        assert_eq!(p.form, Form::Scp);
        assert_eq!(p.host, "bitbucket.org");
        assert!(p.credentials);
    }

    #[test]
    fn colon_in_an_ssh_url_moves_into_the_path() {
        let p = split("ssh://git@bitbucket.org:ws/repo.git");
        assert!(p.colon_for_slash);
        assert_eq!(p.path, "ws/repo.git");
        let p = split("ssh://git@h:7999/P/r.git");
        assert_eq!(p.port.as_deref(), Some("7999"));
        assert!(!p.colon_for_slash);
    }

    #[test]
    fn query_secrets_are_collected() {
        let p = split("https://bitbucket.org/ws/repo?access_token=abc123&at=main");
        assert!(p.query);
        assert_eq!(p.secrets, vec!["abc123".to_string()]);
    }

    #[test]
    fn ipv6_and_transports() {
        let p = split("ssh://git@[::1]:2222/a/b.git");
        assert_eq!(p.host, "[::1]");
        assert_eq!(p.port.as_deref(), Some("2222"));
        assert_eq!(
            split("ext::sh -c touch% /tmp/x").form,
            Form::Transport("ext".into())
        );
    }
}

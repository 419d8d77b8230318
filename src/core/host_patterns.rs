//! Which host names a `known_hosts` line applies to, decided exactly as OpenSSH decides it
//! (`match.c`, `hostfile.c`): comma-separated patterns with `*` and `?`, compared in lower
//! case; a matching `!pattern` rules the line out whatever else matches; a hashed field
//! (`|1|salt|hash`) is one name, its HMAC-SHA1; off port 22 the name looked up is `[host]:port`.

use base64::Engine as _;
use hmac::{Hmac, Mac};

/// OpenSSH's buffer for one pattern of a list: a longer one makes the whole list match nothing.
const MAX_PATTERN: usize = 1023;

/// `*` (any run of characters) and `?` (any one), every other character as itself: the same
/// language as OpenSSH's `match_pattern`, matched without allocating (the last `*` is where
/// a mismatch resumes; earlier ones never need revisiting).
fn glob(name: &[u8], pattern: &[u8]) -> bool {
    let (mut n, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == b'?' || c == name[n] => {
                n += 1;
                p += 1;
            }
            _ => match star {
                Some((sp, sn)) => {
                    p = sp + 1;
                    n = sn + 1;
                    star = Some((sp, sn + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == b'*')
}

/// `*` and `?` matching, case-sensitive (file names of an `Include` pattern).
pub fn wildcard(name: &str, pattern: &str) -> bool {
    glob(name.as_bytes(), pattern.as_bytes())
}

/// How a pattern list judges a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// A positive pattern matches, no negated one.
    Match,
    /// A negated pattern matches: the line does not apply.
    Negated,
    /// Nothing matches.
    No,
}

/// OpenSSH's `match_hostname`: the name and the patterns compared in lower case.
pub fn judge_list(name: &str, list: &str) -> Judged {
    let name = name.to_ascii_lowercase();
    let mut positive = false;
    for sub in list.split(',') {
        let (negated, pattern) = match sub.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, sub),
        };
        if pattern.len() > MAX_PATTERN {
            return Judged::No;
        }
        if glob(name.as_bytes(), pattern.to_ascii_lowercase().as_bytes()) {
            if negated {
                return Judged::Negated;
            }
            positive = true;
        }
    }
    if positive { Judged::Match } else { Judged::No }
}

/// Whether a hashed host field (`|1|salt|hash`) is `name`.
pub fn hashed_is(field: &str, name: &str) -> bool {
    let Some(hashed) = field.strip_prefix("|1|") else {
        return false;
    };
    let Some((salt, hash)) = hashed.split_once('|') else {
        return false;
    };
    let b64 = base64::engine::general_purpose::STANDARD;
    let (Ok(salt), Ok(hash)) = (b64.decode(salt), b64.decode(hash)) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(&salt) else {
        return false;
    };
    mac.update(name.as_bytes());
    mac.verify_slice(&hash).is_ok()
}

/// Whether a line's host field applies to `name` (as looked up: `host` or `[host]:port`).
pub fn applies(field: &str, name: &str) -> bool {
    if field.starts_with('|') {
        return hashed_is(field, name);
    }
    judge_list(name, field) == Judged::Match
}

/// Whether a pattern is a plain name (no wildcard, not negated, not hashed).
pub fn is_plain(pattern: &str) -> bool {
    !pattern.is_empty() && !pattern.contains(['*', '?', '!', '|'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_negation_and_case_as_openssh() {
        assert!(applies("*", "ssh.bitbucket.org"));
        assert!(applies("*.bitbucket.org", "ssh.bitbucket.org"));
        assert!(!applies("*.bitbucket.org", "bitbucket.org"));
        assert!(applies("ssh.bitbucket.or?", "ssh.bitbucket.org"));
        assert!(applies("SSH.Bitbucket.ORG", "ssh.bitbucket.org"));
        assert!(!applies("!bitbucket.org,*", "bitbucket.org"));
        assert!(applies("!bitbucket.org,*", "ssh.bitbucket.org"));
        assert!(!applies("bitbucket.org,!*", "bitbucket.org"));
        assert!(applies(
            "[altssh.bitbucket.org]:443",
            "[altssh.bitbucket.org]:443"
        ));
        assert!(applies("*:443", "[altssh.bitbucket.org]:443"));
        assert!(!applies("[ssh.bitbucket.org]:22", "ssh.bitbucket.org"));
        assert!(
            !applies("!bitbucket.org", "ssh.bitbucket.org"),
            "no positive pattern"
        );
        assert!(applies("a*b*c", "aXXbYYc") && !applies("a*b*c", "aXXbYY"));
        assert!(!applies(
            &format!("{},*", "x".repeat(1024)),
            "ssh.bitbucket.org"
        ));
    }
}

//! Host keys: Bitbucket Cloud's pinned keys (shipped as data), `known_hosts` files, and the
//! verdict on the keys a server presents. Fails closed: only a pinned key, a key the user
//! trusted before, or the one fingerprint the user confirmed lets the test go on.

use ssh_key::known_hosts::{Entry, HostPatterns, KnownHosts, Marker};
use ssh_key::{HashAlg, PublicKey};

/// Bitbucket Cloud's published host keys, and the revoked pre-2023 RSA key.
pub const PINNED: &str = include_str!("../../../assets/host_keys/bitbucket.known_hosts");

/// The name bblink's own `known_hosts` lines for a test are written under (ssh's
/// `HostKeyAlias`), so a key is checked whatever the URL's host is called.
pub const ALIAS: &str = "bblink-checked-host";

/// Hosts that must present one of the pinned Bitbucket Cloud keys.
pub fn is_pinned_host(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "bitbucket.org" | "ssh.bitbucket.org" | "altssh.bitbucket.org"
    )
}

/// A server's public host key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostKey {
    /// The SSH algorithm, e.g. `ssh-ed25519`.
    pub algorithm: String,
    /// `SHA256:…` as ssh prints it.
    pub fingerprint: String,
    /// `type base64`, the `known_hosts` key fields.
    pub line: String,
}

impl HostKey {
    fn from_key(key: &PublicKey) -> Option<Self> {
        let line = key.to_openssh().ok()?;
        let line = line.split(' ').take(2).collect::<Vec<_>>().join(" ");
        Some(Self {
            algorithm: key.algorithm().as_str().to_string(),
            fingerprint: key.fingerprint(HashAlg::Sha256).to_string(),
            line,
        })
    }

    /// Reads `type base64` (with anything after it ignored).
    pub fn parse(fields: &str) -> Option<Self> {
        let mut parts = fields.split_whitespace();
        let line = format!("{} {}", parts.next()?, parts.next()?);
        HostKey::from_key(&PublicKey::from_openssh(&line).ok()?)
    }

    /// The algorithm as people say it (`ED25519`, `ECDSA`, `RSA`).
    pub fn kind(&self) -> &str {
        match self.algorithm.as_str() {
            "ssh-ed25519" => "ED25519",
            "ssh-rsa" => "RSA",
            "ssh-dss" => "DSA",
            a if a.starts_with("ecdsa-") => "ECDSA",
            a => a,
        }
    }
}

/// How `known_hosts` names a host: `host`, or `[host]:port` off port 22.
pub fn known_host_name(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_ascii_lowercase()
    } else {
        format!("[{}]:{port}", host.to_ascii_lowercase())
    }
}

/// The keys `ssh-keyscan` printed (`host type base64` lines; comments skipped).
pub fn parse_keyscan(output: &str) -> Vec<HostKey> {
    let mut keys: Vec<HostKey> = output
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once(char::is_whitespace))
        .filter_map(|(_, fields)| HostKey::parse(fields))
        .collect();
    keys.dedup();
    keys
}

fn entries(text: &str) -> impl Iterator<Item = Entry> + '_ {
    KnownHosts::new(text).filter_map(Result::ok)
}

fn names_host(patterns: &HostPatterns, name: &str) -> bool {
    match patterns {
        HostPatterns::Patterns(list) => list.iter().any(|p| p.eq_ignore_ascii_case(name)),
        // Hashed names are matched by key instead (see `revoked_in`).
        HostPatterns::HashedName { .. } => false,
    }
}

/// The keys a `known_hosts` text trusts for `host:port` (exact names; revoked and CA lines
/// skipped).
pub fn trusted_in(text: &str, host: &str, port: u16) -> Vec<HostKey> {
    let name = known_host_name(host, port);
    entries(text)
        .filter(|e| e.marker().is_none() && names_host(e.host_patterns(), &name))
        .filter_map(|e| HostKey::from_key(e.public_key()))
        .collect()
}

/// The pinned keys of a Bitbucket Cloud host (none for other hosts).
pub fn pinned_for(host: &str) -> Vec<HostKey> {
    if !is_pinned_host(host) {
        return Vec::new();
    }
    entries(PINNED)
        .filter(|e| e.marker().is_none())
        .filter_map(|e| HostKey::from_key(e.public_key()))
        .collect()
}

/// Bitbucket's revoked host keys (the RSA key replaced in 2023).
pub fn revoked_keys() -> Vec<HostKey> {
    entries(PINNED)
        .filter(|e| e.marker() == Some(&Marker::Revoked))
        .filter_map(|e| HostKey::from_key(e.public_key()))
        .collect()
}

/// Whether a `known_hosts` text holds Bitbucket's revoked pre-2023 RSA key as a trusted key
/// (under any name, hashed or not).
pub fn has_old_bitbucket_key(text: &str) -> bool {
    let old = revoked_keys();
    entries(text)
        .filter(|e| e.marker().is_none())
        .filter_map(|e| HostKey::from_key(e.public_key()))
        .any(|k| old.iter().any(|o| o.line == k.line))
}

/// `SHA256:abc`, `sha256:abc=`, or `abc` as the same fingerprint.
pub fn normalise_fingerprint(text: &str) -> String {
    let t = text.trim();
    let body = t
        .strip_prefix("SHA256:")
        .or_else(|| t.strip_prefix("sha256:"))
        .unwrap_or(t);
    format!("SHA256:{}", body.trim_end_matches('='))
}

/// A SHA256 fingerprint as ssh prints it (`SHA256:` and 43 base64 characters), normalised;
/// `None` for anything else (an MD5 `aa:bb:…` fingerprint, a typo).
pub fn parse_fingerprint(text: &str) -> Option<String> {
    let fp = normalise_fingerprint(text);
    let body = &fp["SHA256:".len()..];
    (body.len() == 43
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'))
    .then_some(fp)
}

/// Why the presented keys are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// One of Atlassian's published keys.
    Pinned,
    /// Trusted before, in bblink's `known_hosts` file.
    KnownHosts,
    /// The fingerprint the user confirmed (to be recorded).
    Confirmed,
}

/// The verdict on a server's host keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Go on, with these keys as the only ones ssh accepts.
    Accepted {
        /// Why.
        trust: Trust,
        /// The presented keys that are trusted.
        keys: Vec<HostKey>,
    },
    /// Nothing pinned or trusted for this host: the user must confirm a fingerprint.
    Unknown,
    /// Keys are pinned or trusted for this host, and the server showed none of them (or a
    /// confirmed fingerprint is not among its keys, or it showed a revoked key).
    Changed {
        /// The keys bblink expected.
        expected: Vec<HostKey>,
        /// The server showed a revoked key.
        revoked: bool,
    },
    /// The server showed no key bblink can read.
    NoKeys,
}

/// Decides whether the `presented` keys may be trusted for `host`.
pub fn verdict(
    host: &str,
    presented: &[HostKey],
    known: &[HostKey],
    confirmed: Option<&str>,
) -> Verdict {
    if presented.is_empty() {
        return Verdict::NoKeys;
    }
    let pinned = pinned_for(host);
    let old = revoked_keys();
    if presented
        .iter()
        .any(|p| old.iter().any(|o| o.line == p.line))
    {
        return Verdict::Changed {
            expected: pinned,
            revoked: true,
        };
    }
    let among = |set: &[HostKey]| -> Vec<HostKey> {
        presented
            .iter()
            .filter(|p| set.iter().any(|k| k.line == p.line))
            .cloned()
            .collect()
    };
    for (trust, set) in [
        (Trust::Pinned, &pinned),
        (Trust::KnownHosts, &known.to_vec()),
    ] {
        let keys = among(set);
        if !keys.is_empty() {
            return Verdict::Accepted { trust, keys };
        }
    }
    if let Some(fp) = confirmed {
        let fp = normalise_fingerprint(fp);
        let keys: Vec<HostKey> = presented
            .iter()
            .filter(|p| p.fingerprint == fp)
            .cloned()
            .collect();
        if !keys.is_empty() {
            return Verdict::Accepted {
                trust: Trust::Confirmed,
                keys,
            };
        }
    }
    let mut expected = pinned;
    expected.extend(known.iter().cloned());
    if expected.is_empty() && confirmed.is_none() {
        Verdict::Unknown
    } else {
        Verdict::Changed {
            expected,
            revoked: false,
        }
    }
}

/// The `known_hosts` text ssh is given for the test: the accepted keys under [`ALIAS`].
pub fn alias_lines(keys: &[HostKey]) -> String {
    keys.iter().fold(String::new(), |mut out, k| {
        out.push_str(ALIAS);
        out.push(' ');
        out.push_str(&k.line);
        out.push('\n');
        out
    })
}

/// The line recording a confirmed key in bblink's `known_hosts`.
pub fn record_line(host: &str, port: u16, key: &HostKey) -> String {
    format!("{} {}\n", known_host_name(host, port), key.line)
}

#[cfg(test)]
mod tests;

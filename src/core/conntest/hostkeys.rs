//! Host keys: Bitbucket Cloud's pinned keys (shipped as data), `known_hosts` files, and the
//! verdict on the keys a server presents. Fails closed: only a pinned key, a key the user
//! trusted before, or the one fingerprint the user confirmed lets the test go on.

use ssh_key::known_hosts::{Entry, KnownHosts, Marker};
use ssh_key::{HashAlg, PublicKey};

use crate::core::host_patterns as patterns;

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

/// A `known_hosts` line: its marker, host field and key (unreadable lines skipped).
fn lines(text: &str) -> impl Iterator<Item = (Option<&str>, &str, HostKey)> + '_ {
    text.lines().filter_map(|l| {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            return None;
        }
        let mut words = t.split_whitespace();
        let first = words.next()?;
        let (marker, field) = match first.strip_prefix('@') {
            Some(_) => (Some(first), words.next()?),
            None => (None, first),
        };
        let key = HostKey::parse(&words.collect::<Vec<_>>().join(" "))?;
        Some((marker, field, key))
    })
}

/// The keys a `known_hosts` text trusts for `host:port`, its lines applying as OpenSSH applies
/// them (wildcards, negation, hashed names); certificate authorities are not trusted here.
pub fn trusted_in(text: &str, host: &str, port: u16) -> Vec<HostKey> {
    let name = known_host_name(host, port);
    lines(text)
        .filter(|(marker, field, _)| marker.is_none() && patterns::applies(field, &name))
        .map(|(_, _, key)| key)
        .collect()
}

/// The keys a `known_hosts` text refuses for `host:port` (`@revoked` lines that apply).
pub fn revoked_in(text: &str, host: &str, port: u16) -> Vec<HostKey> {
    let name = known_host_name(host, port);
    lines(text)
        .filter(|(marker, field, _)| *marker == Some("@revoked") && patterns::applies(field, &name))
        .map(|(_, _, key)| key)
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
    /// Trusted before, in a `known_hosts` file (bblink's, or one given to read).
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
    /// Nothing pinned or trusted for this host, no fingerprint given: the user must confirm one.
    Unknown,
    /// Keys are pinned or trusted for this host and the server showed none of them, or the
    /// server's keys are not the fingerprint the user gave (`asserted`).
    Changed {
        /// The keys bblink expected.
        expected: Vec<HostKey>,
        /// The fingerprint given on the command line or typed in the wizard.
        asserted: Option<String>,
    },
    /// The server showed a key that is refused: Bitbucket's replaced RSA key, or one a
    /// `known_hosts` file marks `@revoked`. Refused whatever else trusts it.
    Revoked {
        /// The presented keys that are revoked.
        keys: Vec<HostKey>,
        /// It is Bitbucket's RSA key replaced in 2023.
        bitbucket_old: bool,
    },
    /// The server showed no key bblink can read.
    NoKeys,
}

/// Decides whether the `presented` keys may be trusted for `host`. `known`: keys trusted for
/// it in `known_hosts` files; `revoked`: keys those files mark `@revoked` for it; `asserted`:
/// a fingerprint the user gave, which the server's key must have whatever else trusts it.
pub fn verdict(
    host: &str,
    presented: &[HostKey],
    known: &[HostKey],
    revoked: &[HostKey],
    asserted: Option<&str>,
) -> Verdict {
    if presented.is_empty() {
        return Verdict::NoKeys;
    }
    let old = revoked_keys();
    let among = |set: &[HostKey]| -> Vec<HostKey> {
        presented
            .iter()
            .filter(|p| set.iter().any(|k| k.line == p.line))
            .cloned()
            .collect()
    };
    let refused: Vec<HostKey> = among(&[old.as_slice(), revoked].concat());
    if !refused.is_empty() {
        return Verdict::Revoked {
            bitbucket_old: refused.iter().any(|k| old.iter().any(|o| o.line == k.line)),
            keys: refused,
        };
    }
    let pinned = pinned_for(host);
    if let Some(fp) = asserted {
        // An assertion: the server's key has this fingerprint, or the stage fails.
        let fp = normalise_fingerprint(fp);
        let keys: Vec<HostKey> = presented
            .iter()
            .filter(|p| p.fingerprint == fp)
            .cloned()
            .collect();
        if keys.is_empty() {
            let mut expected = pinned;
            expected.extend(known.iter().cloned());
            return Verdict::Changed {
                expected,
                asserted: Some(fp),
            };
        }
        let trust = if !among(&pinned).is_empty() && keys.iter().all(|k| pinned.contains(k)) {
            Trust::Pinned
        } else if keys.iter().all(|k| known.contains(k)) {
            Trust::KnownHosts
        } else {
            Trust::Confirmed
        };
        return Verdict::Accepted { trust, keys };
    }
    for (trust, set) in [
        (Trust::Pinned, pinned.as_slice()),
        (Trust::KnownHosts, known),
    ] {
        let keys = among(set);
        if !keys.is_empty() {
            return Verdict::Accepted { trust, keys };
        }
    }
    let mut expected = pinned;
    expected.extend(known.iter().cloned());
    if expected.is_empty() {
        Verdict::Unknown
    } else {
        Verdict::Changed {
            expected,
            asserted: None,
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

//! What an `ssh -v` session says when its debug lines are read together: which keys were
//! offered, whether the server accepted one, whether the key file named for ssh was there.
//! A single debug line means little; the sequence tells a cause the last line does not.

use super::Evidence;
use crate::core::catalog::Mark;
use crate::core::catalog::Role;

/// A cause the sequence shows.
#[derive(Debug, Clone)]
pub struct Inferred {
    /// The catalog id.
    pub id: &'static str,
    /// Its role.
    pub role: Role,
    /// The line that shows it best.
    pub evidence: Evidence,
}

/// The debug lines of one log, counted.
#[derive(Debug, Default)]
pub struct Session {
    offered: usize,
    /// Keys ssh said it would try (`Will attempt key:`).
    attempts: usize,
    accepted: bool,
    /// The first key ssh said it would try.
    first_attempt: Option<Evidence>,
    continues: usize,
    missing_identity: Option<Evidence>,
    /// Key files named for the current connection by the configuration or `-i` (loaded, not
    /// one of ssh's default names), at most a few.
    named: Vec<String>,
    /// Whether the key last offered in the current connection is one of those, and its line.
    last_offered: Option<(bool, Evidence)>,
    /// A login that succeeded with a key not named for its connection.
    other_key: Option<Evidence>,
}

/// The key files ssh tries without being told (`~/.ssh/id_*`).
const DEFAULT_KEYS: &[&str] = &[
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ecdsa_sk",
    "id_ed25519",
    "id_ed25519_sk",
    "id_xmss",
];

/// The key file of `identity file PATH type N` when ssh loaded it (type not -1) and it is not
/// a certificate or one of the default names.
fn named_identity(line: &[u8]) -> Option<String> {
    let line = String::from_utf8_lossy(line);
    let (_, rest) = line.split_once("identity file ")?;
    let (path, kind) = rest.rsplit_once(" type ")?;
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let loaded = kind.trim().parse::<i32>().is_ok_and(|t| t >= 0);
    (loaded && !name.ends_with("-cert") && !DEFAULT_KEYS.contains(&name))
        .then(|| path.trim().to_string())
}

impl Session {
    /// Reads a line that shows one of the debug marks.
    pub fn feed(&mut self, mark: Mark, line: &[u8], n: usize) {
        match mark {
            Mark::Offering => {
                self.offered += 1;
                if !self.named.is_empty() {
                    // The offered key by path in every version's wording (`Offering RSA public
                    // key: PATH`, `… key: RSA SHA256:… PATH`, `… key: PATH RSA SHA256:…`); a
                    // path with spaces stays whole.
                    let named = self
                        .named
                        .iter()
                        .any(|k| memchr::memmem::find(line, k.as_bytes()).is_some());
                    let text = super::evidence_text(line);
                    self.last_offered = Some((named, Evidence { line: n, text }));
                }
            }
            Mark::Identity if self.named.len() < 8 => {
                if let Some(path) = named_identity(line) {
                    self.named.push(path);
                }
            }
            // Each connection names its own keys.
            Mark::Connecting => {
                self.named.clear();
                self.last_offered = None;
            }
            Mark::Succeeded => {
                if let Some((false, e)) = self.last_offered.take()
                    && self.other_key.is_none()
                {
                    self.other_key = Some(e);
                }
            }
            Mark::WillAttempt => {
                self.attempts += 1;
                if self.first_attempt.is_none() {
                    self.first_attempt = Some(Evidence {
                        line: n,
                        text: super::evidence_text(line),
                    });
                }
            }
            Mark::Accepts => self.accepted = true,
            Mark::Continue => self.continues += 1,
            Mark::NoIdentity if self.missing_identity.is_none() => {
                self.missing_identity = Some(Evidence {
                    line: n,
                    text: super::evidence_text(line),
                });
            }
            _ => {}
        }
    }

    /// What the sequence shows, once it is over.
    pub fn conclude(&mut self) -> Vec<Inferred> {
        let mut out = Vec::new();
        // More keys to try than servers allow (OpenSSH's MaxAuthTries is 6), none accepted: the
        // right one may never be reached.
        if self.attempts > 6
            && !self.accepted
            && let Some(e) = self.first_attempt.take()
        {
            out.push(Inferred {
                id: "too_many_auth_failures",
                role: Role::Symptom,
                evidence: e,
            });
        }
        // The key file named for ssh was not there, and the server was offered nothing it took.
        if let Some(e) = self.missing_identity.take()
            && !self.accepted
            && self.continues > 0
        {
            out.push(Inferred {
                id: "identity_missing",
                role: Role::Root,
                evidence: e,
            });
        }
        // A login succeeded with a key other than the ones named for its host: the agent (or
        // a default key) offered another first, and Bitbucket took it for whichever account or
        // repository holds it.
        if let Some(e) = self.other_key.take() {
            out.push(Inferred {
                id: "wrong_key_offered",
                role: Role::Symptom,
                evidence: e,
            });
        }
        out
    }
}

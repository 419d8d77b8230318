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
}

impl Session {
    /// Reads a line that shows one of the debug marks.
    pub fn feed(&mut self, mark: Mark, line: &[u8], n: usize) {
        match mark {
            Mark::Offering => self.offered += 1,
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
        out
    }
}

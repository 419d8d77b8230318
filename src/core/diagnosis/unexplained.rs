//! The finding for a log with an evident failure that no message explains: its decisive lines
//! (or, without one, the lines that only end a failure, such as `exit status 1`), with a line of
//! each other finding, as evidence.

use crate::core::catalog::{Role, Stage};

use super::{Confidence, Diagnoser, EVIDENCE, Hit};

impl Diagnoser<'_> {
    /// `unrecognised_error` (entry `i`) with what the log shows of the failure.
    pub(super) fn unexplained(&self, i: usize, found: &[(usize, &Hit)]) -> Hit {
        let mut evidence = self.errors.clone();
        if evidence.is_empty() {
            evidence.clone_from(&self.trailing);
        }
        for (j, h) in found {
            if evidence.len() >= EVIDENCE {
                break;
            }
            if *j != i {
                evidence.extend(h.evidence.iter().take(1).cloned());
            }
        }
        evidence.sort_by_key(|e| e.line);
        evidence.dedup();
        Hit {
            count: self.error_count.max(evidence.len()),
            last: 0,
            first: evidence.first().map_or(0, |e| e.line),
            role: Role::Error,
            specific: false,
            stage: Stage::Local,
            confidence: Confidence::Inferred,
            priority: None,
            evidence,
        }
    }
}

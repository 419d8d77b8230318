//! What every check reports: findings with a stable id, a severity, what is wrong and what to
//! do. Shared by the private key check and the clone URL check, so the command line and the
//! screens show both the same way.

use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// For information.
    Info,
    /// Usable, but look at it (repaired damage is a warning).
    Warning,
    /// The service will refuse it.
    Error,
}

impl Severity {
    /// The word the command line prints.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The mark the screens draw.
    pub fn mark(self) -> &'static str {
        match self {
            Severity::Error => "✗",
            Severity::Warning => "!",
            Severity::Info => "i",
        }
    }
}

/// One finding, with what to do about it; `Id` is the check's enum of stable ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem<Id> {
    /// Stable id.
    pub id: Id,
    /// How bad.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
    /// The id this problem had before, still named in JSON for one release.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<&'static str>,
}

/// Whether a problem with this id is among them.
pub fn has<Id: PartialEq>(problems: &[Problem<Id>], id: &Id) -> bool {
    problems.iter().any(|p| p.id == *id)
}

/// Puts errors first, then warnings, keeping the order within each.
pub fn errors_first<Id>(problems: &mut [Problem<Id>]) {
    problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
}

/// Whether none of them is an error.
pub fn no_errors<Id>(problems: &[Problem<Id>]) -> bool {
    problems.iter().all(|p| p.severity != Severity::Error)
}

impl<Id: Serialize> Problem<Id> {
    /// The id as it appears in JSON.
    pub fn id_str(&self) -> String {
        serde_json::to_value(&self.id)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

//! What the diagnosis reports: a finding with its cause, fix, confidence and evidence lines,
//! made from what the lines showed for one catalog entry.

use serde::Serialize;

use super::Hit;
use crate::core::catalog::{Entry, Stage};
use crate::core::redact;

/// A line that shows a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Its number, from 1.
    pub line: usize,
    /// The line, redacted.
    pub text: String,
}

/// How sure a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// A message the client prints for exactly this failure.
    Known,
    /// Read from what the log shows together (a debug sequence, a status line, a context).
    Inferred,
}

impl Confidence {
    /// How the screens and the text output tag it: `known` (a message of exactly this
    /// failure) or `inferred` (read from what the log shows together).
    pub fn word(self) -> &'static str {
        match self {
            Confidence::Known => "known",
            Confidence::Inferred => "inferred",
        }
    }
}

/// One problem found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The catalog id.
    pub id: String,
    /// Ids it had before (for one release).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// One line.
    pub title: String,
    /// Why it happens.
    pub cause: String,
    /// The steps.
    pub fix: Vec<String>,
    /// The wizard screen that fixes it (`--screen` name).
    pub screen: Option<&'static str>,
    /// Where it failed.
    pub stage: Stage,
    /// Whether a known message shows it, or it was inferred.
    pub confidence: Confidence,
    /// The lines that show it.
    pub evidence: Vec<Evidence>,
    /// How many lines show it.
    pub count: usize,
    /// The cause (one per log); the others follow from it or came with it.
    pub primary: bool,
    /// Where to read more.
    pub references: Vec<String>,
}

pub(super) fn finding(e: &Entry, hit: &Hit, primary: bool) -> Finding {
    let mut evidence = hit.evidence.clone();
    evidence.sort_by_key(|x| x.line);
    Finding {
        id: e.id.clone(),
        aliases: e.aliases.clone(),
        title: e.title.clone(),
        cause: e.cause.clone(),
        fix: e.fix.clone(),
        screen: e.screen.map(crate::core::step::Step::name),
        stage: hit.stage,
        confidence: hit.confidence,
        evidence,
        count: hit.count,
        primary,
        references: e.references.clone(),
    }
}

/// Evidence is cut to this many characters (after redaction, so no secret is cut in half).
pub const EVIDENCE_CHARS: usize = 400;

/// A line as evidence: redacted, then cut.
pub(super) fn evidence_text(line: &[u8]) -> String {
    // A tab is shown as spaces, not as an escaped control character.
    let mut text = redact::line(
        &String::from_utf8_lossy(line)
            .trim_end()
            .replace('\t', "    "),
    );
    if let Some((cut, _)) = text.char_indices().nth(EVIDENCE_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

//! The report a test adds up to: each stage as it ends, warnings, the transcript, and the
//! outcome `bblink test --json` prints.

use std::time::Duration;

use serde::Serialize;

use super::{AuthKind, Finding, FindingId, Stage, StageName, TRANSCRIPT_LIMIT, hostkeys, parse};
use crate::core::display::terminal_safe;
use crate::core::problem::Severity;

/// The whole result, as `bblink test --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The repository can be read with this key.
    pub ok: bool,
    /// The last stage reached (`done` when every stage passed).
    pub stage: StageName,
    /// Each stage that ran.
    pub stages: Vec<Stage>,
    /// Which kind of key Bitbucket saw (null when not told).
    pub auth_kind: Option<AuthKind>,
    /// The repositories an access key may read, as Bitbucket lists them.
    pub repositories: Vec<String>,
    /// The default branch.
    pub default_branch: Option<String>,
    /// Its head commit: what the service will fetch.
    pub head_commit: Option<String>,
    /// Every branch.
    pub branches: Vec<String>,
    /// Why it failed, and warnings; the failure first.
    pub findings: Vec<Finding>,
    /// ssh's and git's words, redacted.
    pub transcript: String,
    /// The SSH URL tested.
    pub url: String,
    /// The host keys the server presented (to trust one).
    #[serde(skip)]
    pub host_keys: Vec<hostkeys::HostKey>,
    /// The presented keys the test accepted (pinned, trusted before, or confirmed).
    #[serde(skip)]
    pub accepted_keys: Vec<hostkeys::HostKey>,
}

impl Outcome {
    /// The test could not start: the key could not be read.
    pub fn key_unreadable(url: &str, why: &str) -> Self {
        let mut o = Report::new(url).finish();
        o.findings
            .push(FindingId::KeyInvalidFormat.finding(&format!("cannot read it ({why})")));
        o
    }

    /// The failure, when the test failed.
    pub fn failure(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity != Severity::Error)
    }
}

/// A test in progress: stages are added as they end.
#[derive(Debug, Clone)]
pub struct Report {
    outcome: Outcome,
    transcript: String,
}

impl Report {
    /// A report for this URL.
    pub fn new(url: &str) -> Self {
        Self {
            outcome: Outcome {
                ok: false,
                stage: StageName::Resolve,
                stages: Vec::new(),
                auth_kind: None,
                repositories: Vec::new(),
                default_branch: None,
                head_commit: None,
                branches: Vec::new(),
                findings: Vec::new(),
                transcript: String::new(),
                url: terminal_safe(url).into_owned(),
                host_keys: Vec::new(),
                accepted_keys: Vec::new(),
            },
            transcript: String::new(),
        }
    }

    /// A stage passed.
    pub fn pass(&mut self, name: StageName, elapsed: Duration, detail: &str) -> Stage {
        self.push(name, true, elapsed, detail)
    }

    /// A stage failed, for this reason.
    pub fn fail(&mut self, name: StageName, elapsed: Duration, finding: Finding) -> Stage {
        let detail = finding.title.clone();
        self.outcome.findings.insert(0, finding);
        self.push(name, false, elapsed, &detail)
    }

    fn push(&mut self, name: StageName, ok: bool, elapsed: Duration, detail: &str) -> Stage {
        let stage = Stage {
            name,
            ok,
            ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            detail: terminal_safe(detail).into_owned(),
        };
        self.outcome.stage = name;
        self.outcome.stages.push(stage.clone());
        stage
    }

    /// A warning that does not stop the test.
    pub fn warn(&mut self, finding: Finding) {
        if !self.outcome.findings.iter().any(|f| f.id == finding.id) {
            self.outcome.findings.push(finding);
        }
    }

    /// Adds a program's words to the transcript, under a heading.
    pub fn log(&mut self, heading: &str, text: &str) {
        if !text.trim().is_empty() {
            self.transcript.push_str("$ ");
            self.transcript.push_str(heading);
            self.transcript.push('\n');
            self.transcript.push_str(text);
            if !text.ends_with('\n') {
                self.transcript.push('\n');
            }
        }
    }

    /// Mutable access to the facts (auth kind, refs, host keys).
    pub fn outcome_mut(&mut self) -> &mut Outcome {
        &mut self.outcome
    }

    /// Whether a stage failed.
    pub fn failed(&self) -> bool {
        self.outcome.stages.iter().any(|s| !s.ok)
    }

    /// The finished outcome.
    pub fn finish(mut self) -> Outcome {
        let all = self.outcome.stages.len() == StageName::RUN.len();
        self.outcome.ok = all && !self.failed();
        if self.outcome.ok {
            self.outcome.stage = StageName::Done;
        }
        self.outcome.transcript = parse::redact(&self.transcript, TRANSCRIPT_LIMIT);
        self.outcome
    }
}

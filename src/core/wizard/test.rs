//! Step 6, Test connection: runs the connection test with the key and URL of the earlier
//! steps, shows its stages as a checklist while it runs, and then either what the service
//! will fetch or the cause, the fix and the step that fixes it. Starts by itself on arrival
//! when nothing was tested yet; `r` runs it again, `t` trusts a host key the user confirmed.

use std::path::PathBuf;

use crate::core::conntest::hostkeys::HostKey;
use crate::core::conntest::{
    self, AuthKind, DEFAULT_TIMEOUT, Finding, FindingId, Outcome, Progress, Request, StageName,
    Target,
};
use crate::core::keyboard::{Action, Context};
use crate::core::step::Step;

use super::Out;
use super::jobs::{JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent, SecretSource};
use super::overlay::Overlay;
use super::page::{Ask, Bit, Choice, Do, Hidden, Page, Said, Tone};

mod other_repos;
pub use other_repos::OtherReposView;

/// A stage's state on the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not reached yet.
    Pending,
    /// Running now.
    Running,
    /// Passed.
    Passed,
    /// Failed: the test stopped here.
    Failed,
    /// Not run, because an earlier stage failed.
    Skipped,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The stage.
    pub stage: StageName,
    /// Its state.
    pub status: Status,
    /// How long it took, once it ended.
    pub ms: Option<u64>,
    /// What it found.
    pub detail: String,
}

/// What the test needs from the other steps.
pub struct Inputs {
    /// The SSH URL (step 4).
    pub url: Option<String>,
    /// The private key as it will be pasted, and a file holding it (steps 2 and 5).
    pub key: Option<(SecretSource, Option<PathBuf>)>,
    /// That key's fingerprint, when it is known (a pasted key has no file to tell it by).
    pub key_id: Option<String>,
}

/// The test step's state.
#[derive(Debug, Clone)]
pub struct ConnectionStep {
    other_repos: other_repos::OtherRepos,
    rows: Vec<Row>,
    outcome: Option<Outcome>,
    running: bool,
    confirmed: Option<String>,
    /// What the last run tested: the URL, the key's file, and the key's fingerprint.
    tested: Option<(String, Option<PathBuf>, Option<String>)>,
    note: Option<String>,
}

/// What the screen shows.
#[derive(Debug, Clone)]
pub struct ConnectionView<'a> {
    /// The SSH URL tested (or to test).
    pub url: Option<&'a str>,
    /// A key is ready to test with.
    pub has_key: bool,
    /// The checklist.
    pub rows: &'a [Row],
    /// The test runs.
    pub running: bool,
    /// The result of the last run.
    pub outcome: Option<&'a Outcome>,
    /// The failure, with the step that fixes it.
    pub failure: Option<&'a Finding>,
    /// A host key the user may trust with `t` (when the failure is about the host key).
    pub trustable: Option<&'a HostKey>,
    /// A line about the last request (cancelled, nothing to test).
    pub note: Option<&'a str>,
    /// The command that runs this test again.
    pub retest: Option<String>,
    /// A user key was chosen: an account key is what is expected, not a warning.
    pub user_key: bool,
    /// The other repositories the build fetches, and their results.
    pub other_repos: OtherReposView,
    /// An earlier run's result for this key and URL, while this run has none.
    pub last: Option<(bool, String)>,
    /// What is being read for the test (a resumed journey's key file): a key is coming.
    pub reading: Option<&'static str>,
}

/// An earlier run's result in a line (`✓ Last test (2026-12-05 18:41 UTC): …`).
pub fn last_line(r: &crate::core::progress::Record) -> (bool, String) {
    let at = if r.at.is_empty() {
        String::new()
    } else {
        format!(" ({})", r.at)
    };
    let (mark, word) = if r.ok {
        ("✓", "passed")
    } else {
        ("✗", "failed")
    };
    (
        r.ok,
        format!(
            "{mark} Last test{at} {word}: {}. Run it again to see it now.",
            r.what
        ),
    )
}

impl ConnectionStep {
    fn pending() -> Vec<Row> {
        StageName::RUN
            .iter()
            .map(|&stage| Row {
                stage,
                status: Status::Pending,
                ms: None,
                detail: String::new(),
            })
            .collect()
    }

    /// The last result, when it is for these URL and key file.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// The test passed.
    pub fn passed(&self) -> bool {
        self.outcome.as_ref().is_some_and(|o| o.ok)
    }

    /// The key table in force and what does nothing now.
    pub fn keys(&self) -> (Context, Vec<Action>) {
        let mut unavailable = Vec::new();
        if !self.other_repos.has_urls() {
            unavailable.push(Action::Clear);
        }
        if self.failure().and_then(|f| f.step).is_none() {
            unavailable.push(Action::Fix);
        }
        if self.trustable().is_none() {
            unavailable.push(Action::Trust);
        }
        let context = if self.passed() {
            Context::TestPassed
        } else {
            Context::Test
        };
        (context, unavailable)
    }

    fn failure(&self) -> Option<&Finding> {
        self.outcome.as_ref().and_then(Outcome::failure)
    }

    fn trustable(&self) -> Option<&HostKey> {
        let f = self.failure()?;
        if !matches!(f.id, FindingId::HostKeyUnknown | FindingId::HostKeyChanged) {
            return None;
        }
        self.outcome.as_ref()?.host_keys.first()
    }

    /// Whether the last run tested these URL and key (else its result is stale).
    pub fn matches(&self, inputs: &Inputs) -> bool {
        self.tested.as_ref().is_some_and(|(url, file, id)| {
            Some(url) == inputs.url.as_ref()
                && *file == inputs.key.as_ref().and_then(|k| k.1.clone())
                && *id == inputs.key_id
        })
    }

    /// Arriving on the step: the test starts by itself when it has not run for these inputs.
    pub(super) fn arrive(&mut self, inputs: Inputs, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        let same = self.matches(&inputs);
        if self.running || (same && self.outcome.is_some()) {
            return;
        }
        if inputs.url.is_some() && inputs.key.is_some() {
            self.start(inputs, env, jobs, out);
        }
    }

    /// Handles an action on this step.
    pub(super) fn act(
        &mut self,
        action: Action,
        inputs: Inputs,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        match action {
            Action::Next if self.passed() => out.onward = true,
            Action::Next | Action::Retest => self.start(inputs, env, jobs, out),
            Action::Clear => self.clear_more(),
            Action::Fix => match self.failure().and_then(|f| f.step) {
                Some(step) => out.go = Some(step),
                None => {
                    self.note = Some(
                        "Nothing to fix on another step: the fix above is outside bblink.".into(),
                    );
                }
            },
            Action::Trust => match self.trustable() {
                Some(key) => {
                    out.overlay = Some(Overlay::ConfirmTrust {
                        fingerprint: key.fingerprint.clone(),
                        kind: key.kind().to_string(),
                        changed: self
                            .failure()
                            .is_some_and(|f| f.id == FindingId::HostKeyChanged),
                    });
                }
                None => {
                    self.note = Some(
                        "There is no host key to trust: the test did not stop at the host key."
                            .into(),
                    );
                }
            },
            _ => {}
        }
    }

    /// The user confirmed this fingerprint: it is trusted (and recorded) in the next run.
    pub(super) fn trust(
        &mut self,
        fingerprint: String,
        inputs: Inputs,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        self.confirmed = Some(fingerprint);
        self.start(inputs, env, jobs, out);
    }

    fn start(&mut self, inputs: Inputs, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        self.note = None;
        // What is missing is on the screen already (no URL, no key): said once, there.
        let Some(url) = inputs.url else {
            return;
        };
        let Some((key, file)) = inputs.key else {
            return;
        };
        let Some(target) = Target::parse(&url) else {
            self.note = Some("bblink cannot tell the SSH user, host and port of this URL.".into());
            return;
        };
        let Some(job) = out.start(jobs, JobKind::TestConnection) else {
            return;
        };
        let mut request = request_to(target, env);
        request.confirm.clone_from(&self.confirmed);
        self.rows = Self::pending();
        self.outcome = None;
        self.other_repos.reset();
        self.running = true;
        self.tested = Some((url, file, inputs.key_id));
        out.effects
            .push(Effect::TestConnection { job, request, key });
    }

    /// The test was cancelled (Esc).
    pub(super) fn cancelled(&mut self) {
        if self.cancel_more() {
            return;
        }
        self.running = false;
        self.rows = Self::pending();
        self.tested = None;
        self.note = Some("Test cancelled: its processes were stopped and its temporary key file removed. Press Enter to run it again.".into());
    }

    /// A report from the running test; `true` when the other repositories are to be tested
    /// next.
    pub(super) fn on_event(&mut self, event: JobEvent) -> bool {
        if self.other_repos.running() {
            let next = self.other_repos.on_event(event);
            self.running = self.other_repos.running();
            return next;
        }
        match event {
            JobEvent::TestProgress(Progress::Started(stage)) => {
                if let Some(row) = self.rows.iter_mut().find(|r| r.stage == stage) {
                    row.status = Status::Running;
                }
            }
            JobEvent::TestProgress(Progress::Finished(s)) => {
                if let Some(row) = self.rows.iter_mut().find(|r| r.stage == s.name) {
                    row.status = if s.ok { Status::Passed } else { Status::Failed };
                    row.ms = Some(s.ms);
                    row.detail = s.detail;
                }
            }
            JobEvent::Tested(outcome) => {
                self.running = false;
                for row in &mut self.rows {
                    if let Some(s) = outcome.stages.iter().find(|s| s.name == row.stage) {
                        row.status = if s.ok { Status::Passed } else { Status::Failed };
                        row.ms = Some(s.ms);
                        row.detail.clone_from(&s.detail);
                    } else {
                        row.status = Status::Skipped;
                    }
                }
                if outcome
                    .stages
                    .iter()
                    .any(|s| s.name == StageName::HostKey && s.ok)
                {
                    self.confirmed = None;
                }
                let next = outcome.ok && self.other_repos.has_urls();
                self.outcome = Some(*outcome);
                return next;
            }
            _ => {}
        }
        false
    }
}

impl Default for ConnectionStep {
    fn default() -> Self {
        Self {
            other_repos: other_repos::OtherRepos::default(),
            rows: Self::pending(),
            outcome: None,
            running: false,
            confirmed: None,
            tested: None,
            note: None,
        }
    }
}

impl ConnectionStep {
    /// The screen's view; `url` is the one to test when nothing was tested yet.
    pub fn view<'a>(
        &'a self,
        url: Option<&'a str>,
        has_key: bool,
        home: Option<&std::path::Path>,
    ) -> ConnectionView<'a> {
        ConnectionView {
            url: self.tested.as_ref().map(|(u, _, _)| u.as_str()).or(url),
            has_key,
            rows: &self.rows,
            running: self.running,
            outcome: self.outcome.as_ref(),
            failure: self.failure(),
            trustable: self.trustable(),
            note: self.note.as_deref(),
            user_key: false,
            other_repos: self.other_repos_view(),
            retest: self.retest(home, None),
            last: None,
            reading: None,
        }
    }

    /// The command that runs the last test again: with the key file it ran with, else `file`
    /// (the key file a summary names), else a placeholder.
    pub fn retest(
        &self,
        home: Option<&std::path::Path>,
        file: Option<&std::path::Path>,
    ) -> Option<String> {
        self.tested.as_ref().map(|(u, tested, _)| {
            let key = tested.as_deref().or(file).map_or_else(
                || "KEY_FILE".to_string(),
                |p| crate::core::display::shell_path_home(home, p),
            );
            conntest::retest_command(u, &key, None)
        })
    }
}

fn request_to(target: Target, env: &Env) -> Request {
    let look_at = env
        .home
        .as_ref()
        .map(|h| vec![h.join(".ssh").join("known_hosts")])
        .unwrap_or_default();
    Request {
        target,
        timeout: DEFAULT_TIMEOUT,
        known_hosts: env.known_hosts.clone(),
        confirm: None,
        also_trust: Vec::new(),
        look_at,
    }
}

/// The connection test of `ssh_url` as the wizard runs it (bblink's `known_hosts`; host keys
/// trusted before stay trusted).
pub(super) fn request_for(ssh_url: &str, env: &Env) -> Option<Request> {
    Target::parse(ssh_url).map(|t| request_to(t, env))
}

/// What a passed test saw, the same on every screen: what the service will fetch, or that the
/// repository can be read.
pub fn passed_line(o: &Outcome) -> String {
    match (&o.default_branch, &o.head_commit) {
        (Some(b), Some(c)) => format!("the service will fetch {b} at {}", c.get(..12).unwrap_or(c)),
        _ => "the repository can be read with this key".to_string(),
    }
}

impl ConnectionView<'_> {
    /// What the step says above the stages: where it connects, and how.
    pub fn head(&self) -> Vec<Said> {
        vec![
            Said::plain("Connecting as the service will: ")
                .then(Tone::Value, self.url.unwrap_or("no SSH URL yet")),
            Said::new(
                Tone::Dim,
                "With only this key and bblink's own settings: not your ~/.ssh/config, not your agent.",
            ),
        ]
    }

    /// What the step says under the stages: what runs or is missing, the result with its fix,
    /// the other repositories the build fetches, how to run the same test, and what ssh said.
    pub fn body(&self) -> Vec<Said> {
        let mut lines = vec![Said::blank()];
        self.status_lines(&mut lines);
        if let Some(o) = self.outcome {
            self.outcome_lines(&mut lines, o);
        } else if let Some((ok, line)) = &self.last {
            lines.push(Said::new(
                if *ok { Tone::Ok } else { Tone::Warn },
                line.clone(),
            ));
        }
        self.more_lines(&mut lines);
        if let Some(cmd) = &self.retest {
            lines.push(Said::blank());
            lines.push(Said::new(Tone::Dim, "The same test from a shell:"));
            lines.push(Said::plain(format!("  {cmd}")));
        }
        if let Some(o) = self
            .outcome
            .filter(|o| !o.ok && !o.transcript.trim().is_empty())
        {
            lines.push(Said::blank());
            lines.push(Said::new(
                Tone::Dim,
                "What ssh and git said (redacted, the last lines):",
            ));
            let said: Vec<&str> = o.transcript.lines().collect();
            for l in &said[said.len().saturating_sub(8)..] {
                lines.push(Said::new(Tone::Dim, format!("  {l}")));
            }
        }
        lines
    }

    /// Running, a note, or what is missing.
    fn status_lines(&self, lines: &mut Vec<Said>) {
        if self.running {
            lines.push(
                Said::new(Tone::Dim, "Testing… each stage stops after 10 s; ")
                    .then_key(Action::Back)
                    .then(Tone::Dim, " cancels."),
            );
        }
        if let Some(note) = self.note {
            lines.push(Said::new(Tone::Warn, note));
        }
        if self.url.is_none() {
            lines.push(
                Said::plain("No SSH URL yet: paste the repository's clone URL here, or ")
                    .then_bit(Bit::Jump(Step::CloneUrl))
                    .then(Tone::Plain, " gives it."),
            );
        }
        if let Some(what) = self.reading {
            lines.push(Said::plain(format!("Reading {what}…")));
        } else if !self.has_key {
            lines.push(
                Said::plain("No key yet: ")
                    .then_bit(Bit::Jump(Step::KeyPair))
                    .then(Tone::Plain, " generates one or reads your key file."),
            );
        }
    }

    /// Success (what the service will fetch) or the failure, its fix and keys; warnings.
    fn outcome_lines(&self, lines: &mut Vec<Said>, o: &Outcome) {
        if o.ok {
            lines.push(Said::new(Tone::Ok, "The service can read the repository."));
            if let (Some(branch), Some(commit)) = (&o.default_branch, &o.head_commit) {
                lines.push(
                    Said::plain("It will fetch ")
                        .then(Tone::Value, branch.clone())
                        .then(Tone::Plain, " at ")
                        .then(Tone::Value, commit.clone())
                        .then(Tone::Plain, "."),
                );
            }
            if !o.branches.is_empty() {
                lines.push(Said::plain(format!("Branches: {}", o.branches.join(", "))));
            }
            if o.auth_kind == Some(AuthKind::DeployKey) {
                lines.push(Said::plain(
                    "Bitbucket accepted it as an access key: read-only, this repository only.",
                ));
            }
        }
        if let Some(f) = self.failure {
            lines.extend(Said::problem(f.severity, f.title.clone(), &f.fix));
            lines.push(Said::new(Tone::Dim, format!("  Why: {}", f.cause)));
            if let Some(key) = self.trustable {
                lines.push(
                    Said::plain(format!("  The server's {} key: ", key.kind()))
                        .then(Tone::Value, key.fingerprint.clone())
                        .or_plain(format!(
                            "  The server's {} key: {}. Compare it with what your Bitbucket administrator publishes before trusting it.",
                            key.kind(),
                            key.fingerprint
                        )),
                );
            }
            let mut act = Said::plain("  ");
            if let Some(step) = f.step {
                act = act.then_key(Action::Fix).then(
                    Tone::Plain,
                    format!(" goes to step {} ({}); ", step.number(), step.title()),
                );
            }
            if self.trustable.is_some() {
                act = act
                    .then_key(Action::Trust)
                    .then(Tone::Plain, " trusts this key after you compared it; ");
            }
            lines.push(
                act.then_key(Action::Next)
                    .then(Tone::Plain, " tests again; ")
                    .then_key(Action::Troubleshoot)
                    .then(Tone::Plain, " tells more."),
            );
        }
        for w in o.warnings() {
            if self.user_key && w.id == crate::core::conntest::FindingId::AccountKey {
                // A user key was chosen: Bitbucket accepting it as an account key is the point.
                lines.push(Said::new(Tone::Ok, "✓ Bitbucket accepted it as an account (user) key, as chosen: it reads what that account reads."));
                continue;
            }
            lines.extend(Said::problem(w.severity, w.title.clone(), &w.fix));
        }
        if o.ok {
            lines.push(
                Said::key(Action::Next, " shows the summary; ")
                    .then_key(Action::Retest)
                    .then(Tone::Plain, " tests again."),
            );
        }
    }

    /// The other repositories the build fetches: each with its result, the verdict across them,
    /// and how to add one.
    fn more_lines(&self, lines: &mut Vec<Said>) {
        let m = &self.other_repos;
        lines.push(Said::blank());
        if m.repos.is_empty() {
            let lead = if self.user_key {
                "A user key reads other private repositories too: paste each one's clone URL here to test it with this key."
            } else {
                "Does the build fetch other private repositories (submodules, pip, bundler, npm, go)? Paste each one's clone URL here to test it with this key."
            };
            lines.push(Said::new(Tone::Dim, lead));
        } else {
            lines.push(Said::new(
                Tone::Title,
                "Other repositories the build fetches:",
            ));
            for (i, (url, result)) in m.repos.iter().enumerate() {
                let url = crate::core::display::terminal_safe(url).into_owned();
                let (mark, tone, what) = match result {
                    Some((true, what)) => {
                        (Bit::Text(Tone::Ok, " ✓ ".into()), Tone::Ok, what.clone())
                    }
                    Some((false, what)) => (
                        Bit::Text(Tone::Error, " ✗ ".into()),
                        Tone::Error,
                        what.clone(),
                    ),
                    None if m.running == Some(i) => {
                        (Bit::Spin, Tone::Value, "testing…".to_string())
                    }
                    None => (
                        Bit::Text(Tone::Dim, " · ".into()),
                        Tone::Dim,
                        "not tested yet".to_string(),
                    ),
                };
                let what = crate::core::display::terminal_safe(&what).into_owned();
                lines.push(
                    Said(vec![mark])
                        .then(Tone::Plain, format!("{url}  "))
                        .then(tone, what.clone())
                        .or_plain(format!("  {url}: {what}")),
                );
            }
            if let Some(f) = &m.across {
                lines.extend(Said::problem(
                    f.severity,
                    format!("{} ({})", f.title, f.id.as_str()),
                    &f.fix,
                ));
            }
            lines.push(Said::new(
                Tone::Dim,
                "Paste another clone URL to add it; x empties the list.",
            ));
        }
        if let Some(n) = &m.note {
            lines.push(Said::new(Tone::Warn, n.clone()));
        }
    }
}

/// The connection test step as a unit.
pub(super) struct Test;

impl super::unit::Unit for Test {
    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(kind, super::jobs::JobKind::TestConnection)
    }

    fn page(&self, w: &super::Wizard) -> Page {
        let v = w.test_view();
        let said = |lines: &[super::page::Said]| super::page::plain_lines(lines);
        let mut status = Vec::new();
        // The stages once they ran, each on its line (while they run, the plain shell says
        // that it waits).
        if !v.running {
            for r in v.rows {
                let mark = match r.status {
                    Status::Passed => "✓",
                    Status::Failed => "✗",
                    Status::Pending | Status::Running | Status::Skipped => continue,
                };
                let ms = r.ms.map(|m| format!(" ({m} ms)")).unwrap_or_default();
                status.push(format!("  {mark} {}{ms}: {}", r.stage.label(), r.detail));
            }
        }
        status.extend(said(&v.body()));
        Page {
            intro: said(&v.head()),
            status,
            choices: vec![if v.url.is_some() {
                Choice::new(
                    "Also test another repository the build fetches (paste its URL)",
                    Do::Ask(Ask::new(
                        Field::CloneUrl,
                        "Another repository's clone URL:",
                        Hidden::No,
                        Vec::new(),
                    )),
                )
            } else {
                Choice::new(
                    "Give the repository's clone URL",
                    Do::Ask(Ask::new(
                        Field::CloneUrl,
                        "Clone URL:",
                        Hidden::No,
                        Vec::new(),
                    )),
                )
            }],
            ..Page::default()
        }
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        let (context, mut unavailable) = w.test.keys();
        unavailable.extend(super::unit::NO_FIELDS);
        (context, None, unavailable)
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.test_passed()
    }

    /// A clone URL given here is another repository the build fetches, tested with the same key.
    fn paste_field(&self) -> Option<Field> {
        Some(Field::CloneUrl)
    }

    /// Before the service's own URL is known, a URL given here is that one (as on the clone URL
    /// step), and the test starts with it; after, another repository the build fetches.
    fn given(
        &self,
        w: &mut super::Wizard,
        field: Field,
        raw: &crate::core::secret::Secret,
        out: &mut Out,
    ) {
        if field != Field::CloneUrl {
            if let Some(u) = super::unit::owning(field) {
                u.edited(w, field, super::unit::Edit::Given(raw), out);
            }
            return;
        }
        if w.url.url().is_none() {
            let flavor = w.service.flavor();
            w.url.pasted(raw, flavor, &mut w.jobs, out);
            if w.url.url().is_some() {
                let inputs = w.test_inputs();
                w.test.arrive(inputs, &w.env, &mut w.jobs, out);
                out.save = true;
            }
            return;
        }
        let line = crate::core::input::one_line(raw.expose());
        if !line.text.is_empty() {
            w.test.add_more(&line.text);
        }
    }

    /// Troubleshooting opens at the entry of the test's failure.
    fn trouble_entry(&self, w: &super::Wizard) -> Option<&'static str> {
        w.test.outcome()?.failure().map(|f| f.id.as_str())
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        let inputs = w.test_inputs();
        w.test.act(action, inputs, &w.env, &mut w.jobs, out);
    }

    fn arrive(&self, w: &mut super::Wizard, out: &mut Out) {
        let inputs = w.test_inputs();
        w.test.arrive(inputs, &w.env, &mut w.jobs, out);
    }

    /// When the service's repository passed, the other repositories the build fetches are
    /// tested next, one after the other.
    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (super::jobs::JobId, super::jobs::JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        if w.test.on_event(event) {
            let inputs = w.test_inputs();
            w.test.next_more(inputs, &w.env, &mut w.jobs, out);
        }
    }

    fn cancelled(&self, w: &mut super::Wizard, _kind: super::jobs::JobKind) {
        w.test.cancelled();
    }
}

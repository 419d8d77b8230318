//! The other repositories a build fetches (private dependencies, submodules), tested with the
//! same key after the service's own: pasted on the test screen, one result line each, and the
//! verdict across them (`user_key_required` when the key reads only the first).

use crate::core::clone_url;
use crate::core::conntest::{self, Finding, Outcome, Target};

use super::super::Out;
use super::super::jobs::{JobKind, Jobs};
use super::super::msg::{Effect, Env, JobEvent};
use super::{ConnectionStep, Inputs, request_to};

/// The other repositories and their results.
#[derive(Debug, Clone, Default)]
pub struct OtherRepos {
    urls: Vec<String>,
    results: Vec<Outcome>,
    running: Option<usize>,
    note: Option<String>,
}

/// What the screen shows of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherReposView {
    /// Each URL with its result (none: not tested yet, or testing now).
    pub repos: Vec<(String, Option<(bool, String)>)>,
    /// The one being tested.
    pub running: Option<usize>,
    /// Why a paste was not added.
    pub note: Option<String>,
    /// The verdict across the repositories.
    pub across: Option<Finding>,
}

impl OtherRepos {
    /// An extra repository's test runs.
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// There are other repositories to test.
    pub fn has_urls(&self) -> bool {
        !self.urls.is_empty()
    }

    /// A new run: the results go.
    pub(super) fn reset(&mut self) {
        self.results.clear();
        self.running = None;
    }

    /// The test was cancelled.
    pub(super) fn stop(&mut self) {
        self.running = None;
    }

    /// An extra test reports; `true` when the next one is to start.
    pub(super) fn on_event(&mut self, event: JobEvent) -> bool {
        if let JobEvent::Tested(outcome) = event {
            self.results.push(*outcome);
            self.running = None;
            return self.results.len() < self.urls.len();
        }
        false
    }
}

impl ConnectionStep {
    /// A clone URL pasted on the screen: added when it is one (repaired like the clone URL
    /// step's), said why not otherwise.
    pub(in crate::core::wizard) fn add_more(&mut self, text: &str) {
        let check = clone_url::check(text);
        let m = &mut self.other_repos;
        m.note = None;
        match check.usable().or(check.repair()) {
            Some(url) if m.urls.iter().any(|u| u == url) => {
                m.note = Some(format!("{url} is on the list already."));
            }
            Some(url) if m.urls.len() >= 20 => {
                m.note = Some(format!(
                    "{url} not added: 20 repositories is the most tested at once."
                ));
            }
            Some(url) => {
                m.urls.push(url.to_string());
                m.note = Some("Added: r tests every repository again.".into());
            }
            None => {
                let why = check
                    .problems
                    .first()
                    .map_or("not a clone URL", |p| p.message.as_str());
                m.note = Some(format!(
                    "Not added: {}",
                    crate::core::display::terminal_safe(why)
                ));
            }
        }
    }

    /// Esc while another repository is tested: the service's repository keeps its result, only
    /// the list stops; `true` when that was the case.
    pub(super) fn cancel_more(&mut self) -> bool {
        if !self.other_repos.running() {
            return false;
        }
        self.other_repos.stop();
        self.running = false;
        self.note = Some("Stopped testing the other repositories; r tests them all again.".into());
        true
    }

    /// `x`: the list of other repositories is emptied.
    pub(in crate::core::wizard) fn clear_more(&mut self) {
        self.other_repos = OtherRepos::default();
    }

    /// Starts the next other repository's test with the same key.
    pub(in crate::core::wizard) fn next_more(
        &mut self,
        inputs: Inputs,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        let i = self.other_repos.results.len();
        let (Some(url), Some((key, _))) = (self.other_repos.urls.get(i).cloned(), inputs.key)
        else {
            self.other_repos.note =
                Some("The other repositories were not tested: no key to test them with.".into());
            return;
        };
        let Some(target) = Target::parse(&url) else {
            self.other_repos.note = Some(format!(
                "{url} was not tested: bblink cannot tell its SSH host; x empties the list."
            ));
            return;
        };
        let job = match jobs.start(JobKind::TestConnection) {
            Ok(job) => job,
            Err(busy) => {
                self.other_repos.note = Some(busy.message(super::super::unit::job_owner(busy.0)));
                return;
            }
        };
        self.other_repos.running = Some(i);
        // "Added: r tests…" is done with once the test runs.
        self.other_repos.note = None;
        self.running = true;
        let request = request_to(target, env);
        out.effects
            .push(Effect::TestConnection { job, request, key });
    }

    /// What the screen shows of the other repositories.
    pub fn other_repos_view(&self) -> OtherReposView {
        let repos = self
            .other_repos
            .urls
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let r = self.other_repos.results.get(i).map(|o| match o.failure() {
                    Some(f) => (false, format!("{}: {}", f.id.as_str(), f.title)),
                    None => (
                        true,
                        o.default_branch
                            .as_ref()
                            .map_or_else(|| "readable".into(), |b| format!("readable ({b})")),
                    ),
                });
                (u.clone(), r)
            })
            .collect();
        let mut all: Vec<Outcome> = self.outcome.iter().cloned().collect();
        all.extend(self.other_repos.results.iter().cloned());
        OtherReposView {
            repos,
            running: self.other_repos.running,
            note: self.other_repos.note.clone(),
            across: conntest::across(&all),
        }
    }
}

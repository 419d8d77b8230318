//! Troubleshooting, over any screen (F2): the catalog's problems, filtered as you type, each
//! opening its cause, fix and the screen that fixes it; and "Diagnose a log": pasted text
//! diagnosed as it changes (only the findings are kept, redacted: never the text); and "This
//! machine": the SSH and git setup checked as `bblink doctor` checks it (a job of the shell).
//! Opened from a failed connection test, the test's failure is shown at once.

use crate::core::catalog::{Catalog, Entry, catalog};
use crate::core::diagnosis::{self, Finding};
use crate::core::doctor;
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::step::Step;

use super::jobs::{JobId, JobKind};
use super::msg::{Effect, Field, JobEvent};

/// The two halves of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The problems, filtered.
    Problems,
    /// A pasted log, diagnosed.
    Log,
    /// This machine's SSH and git setup.
    Machine,
}

impl Tab {
    fn next(self) -> Self {
        match self {
            Tab::Problems => Tab::Log,
            Tab::Log => Tab::Machine,
            Tab::Machine => Tab::Problems,
        }
    }

    fn prev(self) -> Self {
        match self {
            Tab::Problems => Tab::Machine,
            Tab::Log => Tab::Problems,
            Tab::Machine => Tab::Log,
        }
    }
}

/// The check of this machine's setup.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Machine {
    /// Not checked yet.
    #[default]
    NotRun,
    /// Being checked by this job.
    Running(JobId),
    /// Checked.
    Done(Box<doctor::Report>),
}

/// The troubleshooting state while it is open.
#[derive(Debug, Clone)]
pub struct Trouble {
    tab: Tab,
    filter: String,
    selected: usize,
    detail: bool,
    findings: Vec<Finding>,
    lines: usize,
    binary: bool,
    machine: Machine,
    /// The machine's check was asked for (entering its tab, or `r`).
    check_asked: bool,
}

/// What the screen shows.
#[derive(Debug, Clone)]
pub struct TroubleView<'a> {
    /// Which half.
    pub tab: Tab,
    /// The filter as typed.
    pub filter: &'a str,
    /// The problems the filter keeps.
    pub items: Vec<&'a Entry>,
    /// The chosen one (an index into `items`).
    pub selected: usize,
    /// The chosen problem, opened.
    pub detail: Option<&'a Entry>,
    /// The pasted log's findings, causes first.
    pub findings: &'a [Finding],
    /// How many lines the pasted log has.
    pub lines: usize,
    /// The paste is binary data, not a log (no findings are looked for).
    pub binary: bool,
    /// Why the catalog cannot be shown (a broken asset).
    pub error: Option<String>,
    /// This machine's check.
    pub machine: &'a Machine,
}

impl Trouble {
    /// Opened on the problems, with `preselect` (a finding id) opened when it is known.
    pub fn open(preselect: Option<&str>) -> Self {
        let mut t = Self {
            tab: Tab::Problems,
            filter: String::new(),
            selected: 0,
            detail: false,
            findings: Vec::new(),
            lines: 0,
            binary: false,
            machine: Machine::NotRun,
            check_asked: false,
        };
        if let (Some(id), Ok(c)) = (preselect, catalog())
            && let Some(i) = c.entries().iter().position(|e| e.id == id)
        {
            t.selected = i;
            t.detail = true;
        }
        t
    }

    fn items<'c>(&self, c: &'c Catalog) -> Vec<&'c Entry> {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let phrase = words.join(" ");
        let hay =
            |e: &Entry| format!("{} {} {}", e.id, e.title, e.symptoms.join(" ")).to_lowercase();
        let mut items: Vec<&Entry> = c
            .entries()
            .iter()
            .filter(|e| {
                let hay = hay(e);
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        // The whole phrase first ("too open" before entries with "too" and "open" apart).
        items.sort_by_key(|e| !hay(e).contains(&phrase));
        items
    }

    /// The chosen problem's entry.
    fn chosen(&self) -> Option<&'static Entry> {
        let c = catalog().ok()?;
        self.items(c).get(self.selected).copied()
    }

    /// The text field with focus.
    pub fn focused_field(&self) -> Option<Field> {
        match (self.tab, self.detail) {
            (Tab::Problems, false) => Some(Field::TroubleFilter),
            (Tab::Log, _) => Some(Field::TroubleLog),
            (Tab::Problems, true) | (Tab::Machine, _) => None,
        }
    }

    /// The key table in force, the field's kind, and what does nothing now.
    pub fn keys(&self) -> (Context, Option<FieldKind>, Vec<Action>) {
        match (self.tab, self.detail) {
            (Tab::Problems, false) => (Context::Trouble, Some(FieldKind::Line), Vec::new()),
            (Tab::Problems, true) => {
                let mut unavailable = vec![Action::Up, Action::Down];
                if self.chosen().and_then(|e| e.screen).is_none() {
                    unavailable.push(Action::Next);
                }
                (Context::TroubleDetail, None, unavailable)
            }
            (Tab::Log, _) => (Context::TroubleLog, Some(FieldKind::Area), Vec::new()),
            (Tab::Machine, _) => {
                let mut unavailable = vec![Action::Next, Action::Up, Action::Down];
                if matches!(self.machine, Machine::Running(_)) {
                    unavailable.push(Action::Retest);
                }
                (Context::TroubleMachine, None, unavailable)
            }
        }
    }

    /// Handles an action; returns whether troubleshooting stays open, and a step to go to.
    pub(super) fn act(&mut self, action: Action) -> (bool, Option<Step>) {
        match action {
            Action::Back if self.detail => self.detail = false,
            Action::Troubleshoot | Action::Back => return (false, None),
            Action::FocusNext | Action::FocusPrev => {
                self.tab = if action == Action::FocusNext {
                    self.tab.next()
                } else {
                    self.tab.prev()
                };
                self.detail = false;
                // The machine is checked the first time its tab opens.
                self.check_asked |= self.tab == Tab::Machine && self.machine == Machine::NotRun;
            }
            Action::Retest if self.tab == Tab::Machine => {
                self.check_asked |= !matches!(self.machine, Machine::Running(_));
            }
            Action::Up if self.tab == Tab::Problems => {
                self.selected = self.selected.saturating_sub(1);
            }
            Action::Down if self.tab == Tab::Problems => {
                let n = catalog().map_or(0, |c| self.items(c).len());
                self.selected = (self.selected + 1).min(n.saturating_sub(1));
            }
            Action::Next if self.tab == Tab::Problems && !self.detail => {
                self.detail = self.chosen().is_some();
            }
            Action::Next if self.detail => {
                if let Some(step) = self.chosen().and_then(|e| e.screen) {
                    return (false, Some(step));
                }
            }
            Action::Jump(step) => return (false, Some(step)),
            _ => {}
        }
        (true, None)
    }

    /// The filter's new text.
    pub(super) fn filtered(&mut self, text: String) {
        self.filter = text;
        self.selected = 0;
        self.detail = false;
    }

    /// The log's new text: diagnosed now; the text itself is not kept.
    pub(super) fn log(&mut self, text: &str) {
        match catalog() {
            Ok(c) => {
                let mut d = diagnosis::Diagnoser::new(c);
                d.feed_text(text);
                self.lines = d.lines();
                self.binary = diagnosis::looks_binary(text);
                self.findings = if self.binary { Vec::new() } else { d.finish() };
            }
            Err(_) => self.findings.clear(),
        }
    }

    /// The screen's view.
    pub fn view(&self) -> TroubleView<'_> {
        let (items, error) = match catalog() {
            Ok(c) => (self.items(c), None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        let selected = self.selected.min(items.len().saturating_sub(1));
        let detail = if self.detail {
            items.get(selected).copied()
        } else {
            None
        };
        TroubleView {
            tab: self.tab,
            filter: &self.filter,
            items,
            selected,
            detail,
            findings: &self.findings,
            lines: self.lines,
            binary: self.binary,
            error,
            machine: &self.machine,
        }
    }
}

impl super::Wizard {
    /// Troubleshooting takes the action when it is open (or opens on F2); `true` when taken.
    pub(super) fn act_on_trouble(&mut self, action: Action, out: &mut super::Out) -> bool {
        if matches!(
            action,
            Action::ForceQuit | Action::Help | Action::KnownHostsSheet | Action::Checklist
        ) {
            return false;
        }
        let Some(trouble) = self.trouble.as_mut() else {
            if action == Action::Troubleshoot {
                let failure = super::unit::of(self.step).trouble_entry(self);
                self.trouble = Some(Trouble::open(failure));
                return true;
            }
            return false;
        };
        if action == Action::Open && trouble.tab == Tab::Log {
            // The connection test's transcript, to read and diagnose here.
            let text = self
                .test
                .outcome()
                .map(|o| o.transcript.clone())
                .unwrap_or_default();
            if text.is_empty() {
                out.notice = Some("No connection test transcript yet: run the test (step 6) first, or paste a log.".into());
            } else {
                trouble.log(&text);
                let secret = crate::core::secret::Secret::new(text);
                out.effects
                    .push(super::Effect::SetField(Field::TroubleLog, secret));
            }
            return true;
        }
        let (stay, go) = trouble.act(action);
        if std::mem::take(&mut trouble.check_asked) {
            self.check_machine(out);
        }
        if !stay {
            self.trouble = None;
        }
        out.go = go;
        true
    }

    /// Starts the machine's check, with the clone URL's SSH host besides Cloud's.
    fn check_machine(&mut self, out: &mut super::Out) {
        let hosts: Vec<(String, String)> = self
            .url
            .url()
            .and_then(doctor::remote_ssh_host)
            .map(|h| (h, "the clone URL".to_string()))
            .into_iter()
            .collect();
        if let Some(job) = out.start(&mut self.jobs, JobKind::Doctor) {
            if let Some(t) = self.trouble.as_mut() {
                t.machine = Machine::Running(job);
            }
            out.effects.push(Effect::Doctor { job, hosts });
        }
    }

    /// The machine's check, done.
    pub(super) fn on_doctor(&mut self, job: JobId, event: JobEvent) {
        if let (Some(t), JobEvent::Doctor(report)) = (self.trouble.as_mut(), event)
            && t.machine == Machine::Running(job)
        {
            t.machine = Machine::Done(report);
        }
    }

    pub(super) fn trouble_filtered(&mut self, text: String) {
        if let Some(t) = self.trouble.as_mut() {
            t.filtered(text);
        }
    }

    pub(super) fn trouble_log(&mut self, text: &crate::core::secret::Secret) {
        if let Some(t) = self.trouble.as_mut() {
            t.log(text.expose());
        }
    }
}

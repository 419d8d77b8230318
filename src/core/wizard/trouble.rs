//! Troubleshooting, over any screen (F2): the catalog's problems, filtered as you type, each
//! opening its cause, fix and the screen that fixes it; and "Diagnose a log": pasted text
//! diagnosed as it changes (only the findings are kept, redacted: never the text). Opened from
//! a failed connection test, the test's failure is shown at once.

use crate::core::catalog::{Catalog, Entry, catalog};
use crate::core::diagnosis::{self, Finding};
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::step::Step;

use super::msg::Field;

/// The two halves of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The problems, filtered.
    Problems,
    /// A pasted log, diagnosed.
    Log,
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
    /// Why the catalog cannot be shown (a broken asset).
    pub error: Option<String>,
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
            (Tab::Problems, true) => None,
            (Tab::Log, _) => Some(Field::TroubleLog),
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
        }
    }

    /// Handles an action; returns whether troubleshooting stays open, and a step to go to.
    pub(super) fn act(&mut self, action: Action) -> (bool, Option<Step>) {
        match action {
            Action::Back if self.detail => self.detail = false,
            Action::Troubleshoot | Action::Back => return (false, None),
            Action::FocusNext | Action::FocusPrev => {
                self.tab = match self.tab {
                    Tab::Problems => Tab::Log,
                    Tab::Log => Tab::Problems,
                };
                self.detail = false;
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
                self.findings = d.finish();
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
            error,
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
        if !stay {
            self.trouble = None;
        }
        out.go = go;
        true
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

//! What the plain shell prints: a step's (or dialog's) text whole when it is reached, then
//! only what changed, then the question the next line answers.

use crate::core::wizard::Wizard;

use crate::core::wizard::page::{Hidden, Page};

use super::menu;
use super::{Mode, Shell};

impl Shell {
    /// The page of the wizard's state now, with the key tables' actions.
    pub(super) fn page_now(w: &Wizard) -> Page {
        menu::with_actions(w.page(), &w.key_state())
    }

    /// Prints what is new: a new step's text whole, else what changed; then the prompt.
    /// `quiet`: print the prompt again only if something was printed.
    pub(super) fn present(&mut self, quiet: bool) {
        let page = Self::page_now(&self.app.wizard);
        let mut printed = self.introduce(&page) | self.changes(&page);
        let notice = self.app.wizard.header_view().notice;
        if notice != self.notice {
            if let Some(n) = &notice {
                self.out.line(n);
                printed = true;
            }
            self.notice = notice;
        }
        if let Some(n) = self.app.paste_note.take() {
            self.out.line(&n);
            printed = true;
        }
        self.status.clone_from(&page.status);
        if self.app.wizard.overlay().is_none() {
            self.seen = Some((self.app.wizard.step(), page.status.clone()));
        }
        self.menu = menu::lines(&page);
        self.page = page;
        if printed
            && matches!(self.mode, Mode::Choose)
            && let Some(ask) = self.page.ask.clone()
        {
            self.mode = Mode::Answer(ask);
        }
        if printed || !quiet {
            self.prompt();
        }
    }

    /// A step (or dialog) just reached: its header and text, once; what it shows and offers
    /// follows as changes (at once, or after the job it started).
    pub(super) fn introduce(&mut self, page: &Page) -> bool {
        let w = &self.app.wizard;
        let here = (w.step(), w.overlay().map(std::mem::discriminant));
        if self.shown == Some(here) {
            return false;
        }
        // A question open on the screen before is over: the echo comes back.
        drop(self.hidden.take());
        self.shown = Some(here);
        self.mode = Mode::Choose;
        self.menu.clear();
        let back_from_dialog =
            here.1.is_none() && self.seen.as_ref().is_some_and(|(s, _)| *s == here.0);
        if let (true, Some((_, status))) = (back_from_dialog, &self.seen) {
            // The step under a dialog: where the user is, then only what changed meanwhile.
            self.status.clone_from(status);
            self.out.line("");
            self.out.line(&format!("Back to {}.", here.0.title()));
            return true;
        }
        self.out.line("");
        if here.1.is_none() {
            self.out.line(&w.route().heading(w.step(), ": "));
        }
        self.out.lines(&page.intro);
        self.status.clear();
        true
    }

    /// Prints what changed on the page since it was last printed: a line that is new, or the
    /// whole result when more changed; the choices if they changed.
    pub(super) fn changes(&mut self, page: &Page) -> bool {
        let mut printed = false;
        if page.status != self.status {
            let new: Vec<&String> = page
                .status
                .iter()
                .filter(|l| !self.status.contains(l))
                .collect();
            // One new line (a copy, a note) alone; a new result (several lines changed, or
            // the same again) whole, so it reads as one.
            let lines: Vec<&String> = if new.len() == 1 {
                new
            } else {
                page.status.iter().collect()
            };
            self.out.lines(&lines);
            printed = true;
        }
        if menu::lines(page) != self.menu {
            self.out.lines(&menu::lines(page));
            printed = true;
        }
        printed
    }

    /// Asks the question the next line answers.
    pub(super) fn prompt(&mut self) {
        if self.waiting() {
            return;
        }
        let question = match &self.mode {
            Mode::Answer(a) => {
                if a.hidden != Hidden::No && self.hidden.is_none() {
                    self.hidden = crate::adapters::stdin::echo_off_quietly();
                    if self.hidden.is_none() && self.echoing {
                        // Windows' console, or a terminal that refuses: say so before the
                        // secret is typed.
                        self.out.line(
                            "This terminal cannot hide what is typed: the secret will show as you type or paste it.",
                        );
                    }
                }
                a.question.clone()
            }
            Mode::Pick(p) => format!("Number (1-{}):", p.options.len()),
            Mode::Choose => question(&self.page),
        };
        self.out.ask(&question);
    }
}

/// The question of a page's choices (or of its field).
fn question(page: &Page) -> String {
    match (&page.free, page.choices.len(), page.enter) {
        (Some(f), _, Some(k)) => format!(
            "{} (or a choice; Enter for {}):",
            f.question.trim_end_matches(':'),
            k + 1
        ),
        (Some(f), _, _) => f.question.clone(),
        (None, 0, _) | (None, 1, Some(0)) => "Press Enter:".into(),
        (None, n, Some(k)) => format!("Choice (1-{n}, Enter for {}):", k + 1),
        (None, 1, None) => "Choice (1):".into(),
        (None, n, None) => format!("Choice (1-{n}):"),
    }
}

/// What the plain mode prints when the wizard's step (or dialog) is reached: its text, what it
/// shows now, its choices and its question.
pub fn text_of(w: &Wizard) -> String {
    let page = Shell::page_now(w);
    let mut out = String::new();
    for line in page
        .intro
        .iter()
        .chain(&page.status)
        .chain(&menu::lines(&page))
        .chain(std::iter::once(&question(&page)))
    {
        out.push_str(&crate::core::display::terminal_safe(line));
        out.push('\n');
    }
    out
}

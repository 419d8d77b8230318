//! The plain shell while a job runs: a progress line at most once a second, and the lines
//! that arrive meanwhile (back and quit at once, the rest in their turn).

use std::time::{Duration, Instant};

use crate::core::keyboard::Action;
use crate::core::wizard::{Effect, Msg};

use super::io::Input;
use super::{Shell, menu};

impl Shell {
    /// A line that arrives while a job runs: back or quit act at once; anything else waits
    /// for the next prompt.
    pub(super) fn while_busy(&mut self, input: Input) -> Vec<Effect> {
        // Typed ahead of other lines, or piped in (a script's next answer, not a reaction to
        // the job), it waits for its turn.
        let live = self.echoing && self.queue.is_empty();
        if let (Input::Line(l), true) = (&input, live) {
            match menu::word(l, 0) {
                menu::Word::Back if self.app.wizard.working_job().is_some() => {
                    return self.now(Action::Back);
                }
                menu::Word::Quit => return self.now(Action::Quit),
                _ => {}
            }
        }
        self.queue.push_back(input);
        Vec::new()
    }

    /// An action while a job runs; what it changed is said at once (the job cancelled, or a
    /// question such as "Quit?").
    fn now(&mut self, action: Action) -> Vec<Effect> {
        let effects = self.app.update(Msg::Action(action));
        if !self.waiting() {
            self.present(false);
        }
        effects
    }

    /// A job runs and nothing asks the user anything: lines wait, progress lines come.
    pub(super) fn waiting(&self) -> bool {
        self.app.wizard.busy() && self.app.wizard.overlay().is_none()
    }

    /// At most one line a second while a job runs: what it does now, or that it still runs.
    pub(super) fn progress_line(&mut self) {
        let Some(kind) = self.app.wizard.busy_with() else {
            return;
        };
        let hint = if self.echoing && self.app.wizard.working_job().is_some() {
            "; type back to cancel"
        } else {
            ""
        };
        let latest = self.app.wizard.stage().map(str::to_string);
        let Some((start, printed)) = &mut self.job else {
            return;
        };
        let now = Instant::now();
        let secs = now.duration_since(*start).as_secs();
        if secs == 0 {
            return;
        }
        let text = latest.unwrap_or_else(|| kind.describe());
        let line = match printed {
            Some((_, last)) if *last == text => {
                if printed
                    .as_ref()
                    .is_some_and(|(at, _)| now.duration_since(*at) < Duration::from_secs(5))
                {
                    return;
                }
                format!("  … still {} ({secs} s{hint})", kind.describe())
            }
            _ if hint.is_empty() => format!("  … {text}"),
            _ => format!("  … {text} (type back to cancel)"),
        };
        *printed = Some((now, text));
        self.out.line(&line);
    }
}

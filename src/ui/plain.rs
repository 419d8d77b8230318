//! The plain shell (`bblink --plain`, and by itself with `TERM=dumb`, `BBLINK_ACCESSIBLE=1` or
//! where the full-screen wizard cannot start): the same wizard as a conversation on standard
//! input and output, for screen readers, dumb terminals, editors' shells and logs. Each step
//! prints its text once, then only what changes; a prompt waits for a line. No escape
//! sequence, cursor movement, colour or box drawing is ever written.
//!
//! It is a second shell over the same core: the wizard, its jobs (run by the same runner) and
//! the fields (held by the same [`App`]) are shared with the full-screen shell; only how a step
//! is shown (`steps`, `checks`, `link`, `dialogs`) and how an answer arrives differ.

mod answer;
mod checks;
mod dialogs;
mod drive;
pub mod io;
mod link;
pub mod menu;
mod steps;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use crate::adapters::stdin::EchoOff;
use crate::core::wizard::{Effect, JobEvent, Msg, Step, Wizard};

use super::app::App;
use super::runner::{Flow, Runner};
use super::terminal::{self, SignalEvent};
use super::{RunOptions, UiEvent};
use io::{Input, Printer};
use menu::{Hidden, Page, Pick};

/// What the next line answers.
#[derive(Debug, Clone)]
enum Mode {
    /// The step's numbered choices (or its field's value).
    Choose,
    /// A field's value.
    Answer(menu::Ask),
    /// An option of a list.
    Pick(Pick),
}

/// A foreground job's start, the latest stage it reported, and the last progress line printed
/// (when, and what).
type JobLines = (Instant, Option<String>, Option<(Instant, String)>);

/// The conversation's state around the wizard.
struct Shell {
    app: App,
    out: Printer,
    mode: Mode,
    /// The step (and dialog) whose text was printed last.
    shown: Option<(
        Step,
        Option<std::mem::Discriminant<crate::core::wizard::Overlay>>,
    )>,
    page: Page,
    status: Vec<String>,
    menu: Vec<String>,
    notice: Option<String>,
    /// The echo is off (a secret is being typed).
    hidden: Option<EchoOff>,
    /// A private key being pasted, line by line.
    key: Zeroizing<String>,
    /// Lines not answered yet (typed ahead, or piped in at once).
    queue: VecDeque<Input>,
    /// Input is a terminal (it echoes what is typed itself).
    echoing: bool,
    /// The foreground job, for its progress lines.
    job: Option<JobLines>,
    /// Bytes of a line too long, dropped so far (a stream that is not text ends it).
    too_long: usize,
}

/// Runs the conversation until the user quits; a signal that ended it is returned as the exit
/// code it calls for. `note` says why the plain mode was chosen, when it was not asked for.
pub fn run(opts: &RunOptions, note: Option<&str>) -> Result<Option<u8>> {
    let (app, dirs, first) = super::prepare(opts, false)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let mut shell = Shell {
        app,
        out: Printer::default(),
        mode: Mode::Choose,
        shown: None,
        page: Page::default(),
        status: Vec::new(),
        menu: Vec::new(),
        notice: None,
        hidden: None,
        key: Zeroizing::new(String::new()),
        queue: VecDeque::new(),
        echoing: crate::adapters::stdin::is_terminal(),
        job: None,
        too_long: 0,
    };
    shell.out.line("bblink, plain mode: answer each question with a line; back, help and quit work at every prompt.");
    if let Some(n) = note {
        shell.out.line(n);
    }
    let result = rt.block_on(shell.converse(dirs.progress_file(), first));
    rt.shutdown_timeout(Duration::from_millis(100));
    // The echo comes back before anything else is printed.
    drop(shell.hidden.take());
    if shell.out.broken {
        // Nobody reads the conversation any more: one line where someone may still look.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"error: standard output was closed; progress is saved\n",
        );
        return result.map(|signal| signal.or(Some(1)));
    }
    result
}

impl Shell {
    async fn converse(
        &mut self,
        progress: std::path::PathBuf,
        first: Vec<Effect>,
    ) -> Result<Option<u8>> {
        let (tx, mut rx) = mpsc::unbounded_channel::<UiEvent>();
        let (ltx, mut lines) = mpsc::unbounded_channel::<Input>();
        io::spawn_reader(ltx);
        let mut signals = terminal::Signals::new()?;
        let mut runner = Runner::new(tx, progress);
        let mut pending = first;
        let mut ended_by = None;
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut input_open = true;
        let mut started = false;
        loop {
            for effect in pending.drain(..) {
                match runner.run(effect) {
                    Flow::Continue | Flow::Osc52(_) => {}
                    Flow::Quit => return Ok(ended_by),
                }
            }
            if self.out.broken {
                pending = self
                    .app
                    .update(Msg::Action(crate::core::key::Action::ForceQuit));
                continue;
            }
            if !self.app.wizard.busy() {
                self.job = None;
                // Lines typed ahead are answered in order, each after the last one's effect.
                if let Some(input) = self.queue.pop_front() {
                    pending = self.on_input(input);
                    continue;
                }
            } else if self.job.is_none() {
                self.job = Some((Instant::now(), None, None));
            }
            if !started && !self.app.wizard.busy() {
                started = true;
                self.present(false);
            }
            let busy = self.app.wizard.busy();
            tokio::select! {
                ev = rx.recv() => {
                    let Some(UiEvent::Msg(m)) = ev else { continue };
                    self.on_progress(&m);
                    pending = self.app.update(m);
                    if !self.app.wizard.busy() {
                        self.present(true);
                    }
                }
                input = lines.recv(), if input_open => {
                    let input = input.unwrap_or(Input::End);
                    input_open = !matches!(input, Input::End);
                    pending = if busy { self.while_busy(input) } else { self.on_input(input) };
                }
                _ = tick.tick(), if busy => self.progress_line(),
                signal = signals.recv() => match signal {
                    SignalEvent::End(code) => {
                        ended_by = Some(code);
                        drop(self.hidden.take());
                        pending = self.app.update(Msg::Terminate);
                    }
                    SignalEvent::Suspend => {
                        let hidden = self.hidden.take().is_some();
                        terminal::stop_process();
                        if hidden {
                            self.hidden = crate::adapters::stdin::echo_off_quietly();
                        }
                        self.prompt();
                    }
                    SignalEvent::Resume => self.prompt(),
                },
            }
        }
    }

    /// A line that arrives while a job runs: back or quit act at once; anything else waits
    /// for the next prompt.
    fn while_busy(&mut self, input: Input) -> Vec<Effect> {
        use crate::core::key::Action;
        // Typed ahead of other lines, or piped in with them, it waits for its turn.
        if let (Input::Line(l), true) = (&input, self.queue.is_empty()) {
            match menu::word(l, 0) {
                menu::Word::Back => return self.app.update(Msg::Action(Action::Back)),
                menu::Word::Quit => return self.app.update(Msg::Action(Action::Quit)),
                _ => {}
            }
        }
        self.queue.push_back(input);
        Vec::new()
    }

    /// Remembers a job's latest stage for the progress line.
    fn on_progress(&mut self, msg: &Msg) {
        let stage = match msg {
            Msg::Job(_, JobEvent::Progress(s)) => s.clone(),
            Msg::Job(_, JobEvent::TestProgress(crate::core::conntest::Progress::Started(s))) => {
                s.label().to_string()
            }
            _ => return,
        };
        if let Some((_, latest, _)) = &mut self.job {
            *latest = Some(stage);
        }
    }

    /// At most one line a second while a job runs: what it does now, or that it still runs.
    fn progress_line(&mut self) {
        let Some(kind) = self.app.wizard.busy_with() else {
            return;
        };
        let Some((start, latest, printed)) = &mut self.job else {
            return;
        };
        let now = Instant::now();
        let secs = now.duration_since(*start).as_secs();
        if secs == 0 {
            return;
        }
        let text = latest.clone().unwrap_or_else(|| kind.describe());
        let line = match printed {
            Some((_, last)) if *last == text => {
                if printed
                    .as_ref()
                    .is_some_and(|(at, _)| now.duration_since(*at) < Duration::from_secs(5))
                {
                    return;
                }
                format!(
                    "  … still {} ({secs} s; type back to cancel)",
                    kind.describe()
                )
            }
            _ => format!("  … {text} (type back to cancel)"),
        };
        *printed = Some((now, text));
        self.out.line(&line);
    }

    /// The page of the wizard's state now.
    fn page_now(w: &Wizard) -> Page {
        if let Some(p) = dialogs::page(w) {
            return p.with_actions(&w.key_state());
        }
        let page = match w.step() {
            Step::Welcome => steps::welcome(w),
            Step::Service => steps::service(w),
            Step::Key => steps::key(w),
            Step::PublicKey => steps::public_key(w),
            Step::CloneUrl => checks::clone_url(w),
            Step::PrivateKey => checks::private_key(w),
            Step::Test => checks::test(w),
            Step::Done if w.route().has(Step::CloneUrl) => checks::done(w),
            Step::Done => link::finish(w),
            Step::Address => link::address(w),
            Step::Consumer => link::consumer(w),
            Step::Token => link::token(w),
            Step::Webhook => link::webhook(w),
        };
        page.with_actions(&w.key_state())
    }

    /// Prints what is new: a new step's text whole, else what changed; then the prompt.
    /// `quiet`: print the prompt again only if something was printed.
    fn present(&mut self, quiet: bool) {
        let page = Self::page_now(&self.app.wizard);
        let w = &self.app.wizard;
        let here = (w.step(), w.overlay().map(std::mem::discriminant));
        let mut printed = false;
        if self.shown == Some(here) {
            printed |= self.changes(&page);
        } else {
            let w = &self.app.wizard;
            self.out.line("");
            if here.1.is_none() {
                let route = w.route();
                let header = match w.step() {
                    Step::Welcome => "Welcome".to_string(),
                    s => format!(
                        "Step {} of {}: {}",
                        route.number(s),
                        route.numbered().len(),
                        s.title()
                    ),
                };
                self.out.line(&header);
            }
            self.out.lines(&page.intro);
            self.out.lines(&page.status);
            self.out.lines(&page.menu());
            self.shown = Some(here);
            self.mode = Mode::Choose;
            printed = true;
        }
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
        self.menu = page.menu();
        self.page = page;
        if printed || !quiet {
            self.prompt();
        }
    }

    /// Prints what changed on the page since it was last printed: the new result lines (all
    /// of them when none is new, the same result again), and the choices if they changed.
    fn changes(&mut self, page: &Page) -> bool {
        let mut printed = false;
        if page.status != self.status {
            let new: Vec<&String> = page
                .status
                .iter()
                .filter(|l| !self.status.contains(l))
                .collect();
            let lines: Vec<&String> = if new.is_empty() {
                page.status.iter().collect()
            } else {
                new
            };
            self.out.lines(&lines);
            printed = true;
        }
        if page.menu() != self.menu {
            self.out.lines(&page.menu());
            printed = true;
        }
        printed
    }

    /// Asks the question the next line answers.
    fn prompt(&mut self) {
        if self.app.wizard.busy() {
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
            Mode::Choose => match (&self.page.free, self.page.choices.len(), self.page.enter) {
                (Some(f), _, Some(k)) => {
                    format!(
                        "{} (or a choice; Enter for {}):",
                        f.question.trim_end_matches(':'),
                        k + 1
                    )
                }
                (Some(f), _, _) => f.question.clone(),
                (None, 0, _) | (None, 1, Some(0)) => "Press Enter:".into(),
                (None, n, Some(k)) => format!("Choice (1-{n}, Enter for {}):", k + 1),
                (None, n, None) => format!("Choice (1-{n}):"),
            },
        };
        self.out.ask(&question);
    }
}

//! The plain shell (`bblink --plain`, and by itself with `TERM=dumb`, `BBLINK_ACCESSIBLE=1` or
//! where the full-screen wizard cannot start): the same wizard as a conversation on standard
//! input and output, for screen readers, dumb terminals, editors' shells and logs. Each step
//! prints its text once, then only what changes; a prompt waits for a line. No escape
//! sequence, cursor movement, colour or box drawing is ever written.
//!
//! It is a second shell over the same core: the wizard, its jobs (run by the same runner), the
//! fields (held by the same [`App`]) and every step's page are shared with the full-screen
//! shell; this shell only prints pages (`show`) and reads answers (`answer`, `secret`).

mod answer;
mod busy;
pub mod io;
pub mod menu;
mod secret;
mod show;

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use tokio::sync::mpsc;

use crate::adapters::stdin::EchoOff;
use crate::core::wizard::{Effect, Msg, Step};

use super::app::App;
use super::runner::{Flow, Runner};
use super::terminal::{self, SignalEvent};
use super::{RunOptions, UiEvent};
use crate::core::wizard::page::{Ask, Page, Pick};
use io::{Input, Printer};
pub use show::text_of;

/// What the next line answers.
#[derive(Debug, Clone)]
enum Mode {
    /// The step's numbered choices (or its field's value).
    Choose,
    /// A field's value.
    Answer(Ask),
    /// An option of a list.
    Pick(Pick),
}

/// A foreground job's start, and the last progress line printed (when, and what).
type JobLines = (Instant, Option<(Instant, String)>);

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
    key: crate::core::input::KeyPaste,
    /// A private key pasted where no question asks for one, read to its end unseen.
    stray: Option<crate::core::input::KeyPaste>,
    /// The echo, off while a stray key is read.
    stray_echo: Option<EchoOff>,
    /// Lines not answered yet (typed ahead, or piped in at once).
    queue: VecDeque<Input>,
    /// Input is a terminal (it echoes what is typed itself).
    echoing: bool,
    /// The foreground job, for its progress lines.
    job: Option<JobLines>,
    /// Bytes of a line too long, dropped so far (a stream that is not text ends it).
    too_long: usize,
    /// Why the conversation ends was said.
    bye: bool,
    /// A line was answered while a job ran: its result is followed by the question even if
    /// it changed nothing on the page.
    owed: bool,
    /// The step whose text was printed last, and what it showed then (a dialog over it does
    /// not make it print its text again).
    seen: Option<(Step, Vec<String>)>,
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
        key: crate::core::input::KeyPaste::default(),
        stray: None,
        stray_echo: None,
        queue: VecDeque::new(),
        echoing: crate::adapters::stdin::is_terminal(),
        job: None,
        too_long: 0,
        owed: false,
        bye: false,
        seen: None,
    };
    shell.out.line("bblink, plain mode: answer each question with a line; back, help and quit work everywhere (at a hidden question an empty line cancels).");
    if let Some(n) = note {
        shell.out.line(n);
    }
    let result = rt.block_on(shell.converse(dirs.progress_file(), first));
    rt.shutdown_timeout(Duration::from_millis(100));
    // The echo comes back before anything else is printed.
    drop(shell.hidden.take());
    drop(shell.stray_echo.take());
    if shell.out.broken {
        // Nobody reads the conversation any more: one line where someone may still look.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"error: standard output cannot be written (closed, or the disk is full); progress is saved\n",
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
        let (ltx, mut lines) = mpsc::channel::<Input>(io::READ_AHEAD);
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
                    Flow::Quit => {
                        if !self.bye && ended_by.is_none() {
                            self.out
                                .line("Progress is saved: bblink offers to resume next time.");
                        }
                        return Ok(ended_by);
                    }
                }
            }
            if self.out.broken {
                pending = self
                    .app
                    .update(Msg::Action(crate::core::keyboard::Action::ForceQuit));
                continue;
            }
            if !self.app.wizard.busy() {
                self.job = None;
            } else if self.job.is_none() {
                self.job = Some((Instant::now(), None));
                // A step that starts a job as it is reached (the connection test) says what
                // it is before the job's progress lines.
                let page = Self::page_now(&self.app.wizard);
                self.introduce(&page);
            }
            if !self.waiting() {
                // Lines typed ahead are answered in order, each after the last one's effect.
                if let Some(input) = self.queue.pop_front() {
                    pending = self.on_input(input);
                    continue;
                }
                if !started {
                    started = true;
                    self.present(false);
                }
            }
            let busy = self.waiting();
            tokio::select! {
                ev = rx.recv() => {
                    let Some(UiEvent::Msg(m)) = ev else { continue };
                    // The clock's reading changes nothing to say.
                    if let Msg::Clock(_) = m {
                        self.app.update(m);
                        continue;
                    }
                    pending = self.app.update(m);
                    if !self.waiting() {
                        let owed = std::mem::take(&mut self.owed);
                        self.present(!owed);
                    }
                }
                // Lines waiting their turn are bounded too: the pipe holds the rest.
                input = lines.recv(), if input_open && self.queue.len() < io::READ_AHEAD => {
                    let input = input.unwrap_or(Input::End);
                    input_open = !matches!(input, Input::End);
                    pending = if busy { self.while_busy(input) } else { self.on_input(input) };
                }
                _ = tick.tick(), if busy => self.progress_line(),
                signal = signals.recv() => match signal {
                    SignalEvent::End(code) => {
                        ended_by = Some(code);
                        drop(self.hidden.take());
                        drop(self.stray_echo.take());
                        // The shell's prompt starts on a line of its own.
                        self.out.line("");
                        pending = self.app.update(Msg::Terminate);
                    }
                    SignalEvent::Suspend => {
                        let hidden = self.hidden.take().is_some() | self.stray_echo.take().is_some();
                        terminal::stop_process();
                        // SIGCONT follows, and asks the question again.
                        if hidden {
                            self.hidden = crate::adapters::stdin::echo_off_quietly();
                        }
                    }
                    SignalEvent::Resume => self.prompt(),
                },
            }
        }
    }
}

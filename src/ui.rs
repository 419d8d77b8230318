//! The terminal shell: terminal setup and restoration, the event loop, the effect runner, the
//! key tables, and one file per screen. Rendering reads views only; all decisions are in
//! `core::wizard`.

pub mod app;
pub mod chrome;
pub mod input;
pub mod keymap;
pub mod plain;
pub mod render;
pub mod runner;
pub mod screens;
pub mod terminal;
pub mod theme;

use std::io::IsTerminal;
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};
use ratatui::crossterm::event::{self, Event};
use tokio::sync::mpsc;

use crate::adapters::dirs::{self, Dirs};
use crate::adapters::progress_store;
use crate::core::service;
use crate::core::wizard::{Effect, Env, Msg, Os, Step, Wizard};

use app::App;
use runner::{Flow, Runner};

/// How the wizard was started.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Start on this screen (`--screen`).
    pub screen: Option<Step>,
    /// Panic after the first frame (tests that the terminal is restored).
    pub debug_panic: bool,
    /// The Bitbucket API base (`--api-url`).
    pub api_url: Option<String>,
    /// Extra certificate authorities for the API (`--ca-file`).
    pub ca_file: Option<std::path::PathBuf>,
    /// Bitbucket's OAuth token endpoint (`--token-url`).
    pub token_url: Option<String>,
    /// A checkout whose dependencies the connection test also tests (`--repo-dir`).
    pub repo_dir: Option<std::path::PathBuf>,
}

/// Which shell runs the wizard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellChoice {
    /// The full-screen wizard.
    Full,
    /// The plain conversation, with why it was chosen when it was not asked for.
    Plain(Option<String>),
}

/// The terminal refused the full-screen mode (raw mode, the alternate screen).
#[derive(Debug, thiserror::Error)]
#[error("the terminal refused the full-screen mode: {0}")]
pub struct CannotStart(std::io::Error);

/// Runs the wizard in the shell that fits (see [`choose_shell`]); `plain` was asked for. A
/// terminal that refuses the full-screen mode gets the plain mode instead of an error.
pub fn start(opts: &RunOptions, plain: bool) -> Result<Option<u8>> {
    match choose_shell(plain) {
        ShellChoice::Full => match run(opts) {
            Err(e) if e.downcast_ref::<CannotStart>().is_some() => {
                let note = format!("{e}, so the wizard runs as this conversation.");
                plain::run(opts, Some(&note))
            }
            other => other,
        },
        ShellChoice::Plain(note) => plain::run(opts, note.as_deref()),
    }
}

/// The subcommands, for a sentence about scripts.
const SUBCOMMANDS: &str = "bblink keygen, check-key, check-url, test, diagnose, report, access-key, access-token, oauth-consumer, webhook and known-hosts work anywhere (see bblink --help)";

/// The plain mode where it was asked for (`--plain`, `BBLINK_ACCESSIBLE=1`), or where the
/// full-screen wizard cannot work (`TERM=dumb`, no terminal); on a terminal too small for it,
/// the user is asked. The full-screen wizard never queries the terminal (no cursor-position
/// request that a terminal might leave unanswered), so nothing else can stop it.
pub fn choose_shell(plain: bool) -> ShellChoice {
    let accessible = std::env::var("BBLINK_ACCESSIBLE").is_ok_and(|v| !v.is_empty() && v != "0");
    if plain || accessible {
        return ShellChoice::Plain(None);
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return ShellChoice::Plain(Some(
            "This terminal (TERM=dumb) cannot show the full-screen wizard, so it runs as this conversation.".into(),
        ));
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return ShellChoice::Plain(Some(format!(
            "Not a terminal, so the wizard runs as this conversation; in scripts, {SUBCOMMANDS}."
        )));
    }
    match ratatui::crossterm::terminal::size() {
        Ok((w, h)) if w >= render::MIN_WIDTH && h >= render::MIN_HEIGHT => ShellChoice::Full,
        Ok((w, h)) => {
            let question = format!(
                "This terminal is {w}x{h}; the full-screen wizard needs {}x{}. Continue in plain mode (a conversation, line by line)? [Y/n] ",
                render::MIN_WIDTH,
                render::MIN_HEIGHT
            );
            if crate::adapters::stdin::confirm(&question).unwrap_or(true) {
                ShellChoice::Plain(None)
            } else {
                ShellChoice::Full
            }
        }
        Err(e) => ShellChoice::Plain(Some(format!(
            "The terminal's size cannot be read ({e}), so the wizard runs as this conversation."
        ))),
    }
}

/// Something for the event loop.
#[derive(Debug)]
pub enum UiEvent {
    /// From the terminal.
    Term(Event),
    /// From a background job or a signal.
    Msg(Msg),
}

/// Runs the wizard until the user quits; a signal that ended it is returned as the exit code
/// it calls for (128 + its number).
pub fn run(opts: &RunOptions) -> Result<Option<u8>> {
    let (mut app, dirs, first) = prepare(opts, true)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let guard = terminal::init().map_err(CannotStart)?;
    let result = rt.block_on(event_loop(&mut app, &dirs, first, opts.debug_panic));
    // Background jobs stop before the terminal is handed back, so the process exits right after
    // and its input thread has no time to swallow what the user types next; a machine check
    // still running leaves no ssh behind.
    crate::adapters::doctor::stop_all();
    rt.shutdown_timeout(Duration::from_millis(100));
    drop(guard);
    let signal = result?;
    print_uncopied_key(&app);
    Ok(signal)
}

/// The wizard as both shells start it: the environment, the services, the saved progress, the
/// dependencies of `--repo-dir`, and the effects of `--screen`. `osc52`: the shell may write
/// the terminal's clipboard sequence (the plain shell writes no escape sequence).
pub fn prepare(opts: &RunOptions, osc52: bool) -> Result<(App, Dirs, Vec<Effect>)> {
    let dirs = Dirs::discover()?;
    let env = Env {
        today: dirs::today(),
        keys_dir: dirs.keys_dir(),
        taken: crate::adapters::files::names_in(&dirs.keys_dir()),
        known_hosts: dirs.known_hosts(),
        cwd: std::env::current_dir().wrap_err("cannot read the current directory")?,
        home: dirs.home.clone(),
        osc52,
        clear_clipboard_after: clear_clipboard_after(),
        token_url: opts.token_url.clone(),
        os: if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        },
        api_url: opts.api_url.clone(),
        ca_file: opts.ca_file.clone(),
    };
    let services = service::profiles()?;
    let (saved, unreadable) = match progress_store::load(&dirs.progress_file()) {
        Ok(saved) => (saved, None),
        Err(why) => (None, Some(why)),
    };
    // Key files a killed run left half-written go; a keys directory others can enter is closed.
    let _ = crate::adapters::platform::tighten_dir(&env.keys_dir);
    crate::adapters::atomic::remove_stale(&env.keys_dir);
    let mut wizard = Wizard::new(env, services, saved);
    if let Some(why) = unreadable {
        wizard.tell(format!(
            "Progress could not be read: {why}; starting fresh."
        ));
    }
    let first = opts.screen.map(|s| wizard.start_at(s)).unwrap_or_default();
    if let Some(dir) = &opts.repo_dir {
        let files = crate::adapters::files::read_checkout(dir, &crate::core::deps::FILES)
            .wrap_err_with(|| format!("cannot read --repo-dir {}", dir.display()))?;
        // The saved repository (a Data Center's host; relative submodules).
        let main = wizard.ssh_url().map(str::to_string);
        for d in crate::core::deps::discover(&files, main.as_deref()) {
            wizard.update(crate::core::wizard::Msg::OtherRepoUrl(
                crate::core::secret::Secret::new(d.url),
            ));
        }
    }
    let mut app = App::new(wizard, theme::Theme::from_env());
    app.clock = Some(dirs::now_stamp);
    app.repo_dir.clone_from(&opts.repo_dir);
    let first = app.handle(first);
    Ok((app, dirs, first))
}

/// `BBLINK_CLEAR_CLIPBOARD_AFTER`: seconds (1 to 3600) a copied private key stays on the
/// clipboard; 60 by default.
fn clear_clipboard_after() -> u64 {
    std::env::var("BBLINK_CLEAR_CLIPBOARD_AFTER")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|s| (1..=3600).contains(s))
        .unwrap_or(60)
}

/// After the wizard closes, a public key the clipboard did not confirm is printed to the normal
/// screen, where the terminal's own selection and scrollback can take it.
#[allow(clippy::print_stdout)]
fn print_uncopied_key(app: &App) {
    if let Some(text) = uncopied_key(app) {
        println!("{text}");
    }
}

/// What [`print_uncopied_key`] prints, if anything. The comment is the key file's text: escapes
/// in it must not reach the terminal.
pub fn uncopied_key(app: &App) -> Option<String> {
    let w = &app.wizard;
    let key = w.ready_key().filter(|_| w.public_key_unconfirmed())?;
    Some(format!(
        "Your public key (add it in Bitbucket as an access key):\n{}",
        crate::core::display::terminal_safe(&key.info.public_line)
    ))
}

async fn event_loop(
    app: &mut App,
    dirs: &Dirs,
    first: Vec<Effect>,
    debug_panic: bool,
) -> Result<Option<u8>> {
    // The terminal is set up before the input thread starts: a reader already blocked on stdin
    // would swallow the terminal's replies to set-up queries.
    let new_terminal =
        || ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()));
    let mut term = new_terminal()?;
    let (tx, mut rx) = mpsc::unbounded_channel::<UiEvent>();
    spawn_terminal_reader(tx.clone());
    let mut signals = terminal::Signals::new()?;
    let mut runner = Runner::new(tx, dirs.progress_file());
    runner.repo_dir.clone_from(&app.repo_dir);
    let mut pending = first;
    let mut dirty = true;
    let mut ended_by = None;
    let mut spinner = tokio::time::interval(Duration::from_millis(100));
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        for effect in pending.drain(..) {
            match runner.run(effect) {
                Flow::Continue => {}
                Flow::Quit => return Ok(ended_by),
                Flow::Osc52(seq) => terminal::write_raw(term.backend_mut(), &seq)?,
            }
        }
        if dirty {
            term.draw(|f| render::draw(f, app))?;
            if let Some(key) = app.frame.borrow().bare_key.clone() {
                // Once more as one run of text: the terminal wraps it softly, so a mouse
                // selection of the key gives one line.
                let seq = format!("\x1b[{};{}H{}", key.y + 1, key.x + 1, key.text);
                terminal::write_raw(term.backend_mut(), &seq)?;
            }
            dirty = false;
            assert!(
                !debug_panic,
                "deliberate panic requested with --debug-panic"
            );
        }
        let busy = app.wizard.animating();
        let mut suspend = false;
        tokio::select! {
            ev = rx.recv() => {
                let Some(ev) = ev else { return Ok(ended_by) };
                pending = match ev {
                    UiEvent::Term(Event::Key(k)) if input::is_suspend(&k) => {
                        suspend = true;
                        Vec::new()
                    }
                    UiEvent::Term(Event::Key(k)) => app.on_key(k),
                    UiEvent::Term(Event::Paste(text)) => app.on_paste(&text),
                    UiEvent::Term(Event::Resize(..)) => {
                        app.on_resize();
                        Vec::new()
                    }
                    UiEvent::Term(_) => Vec::new(),
                    UiEvent::Msg(m) => app.update(m),
                };
                dirty = true;
            }
            _ = spinner.tick(), if busy => {
                app.spinner = app.spinner.wrapping_add(1);
                dirty = true;
            }
            signal = signals.recv() => match signal {
                terminal::SignalEvent::End(code) => {
                    ended_by = Some(code);
                    pending = app.update(Msg::Terminate);
                }
                terminal::SignalEvent::Suspend => suspend = true,
                terminal::SignalEvent::Resume => {
                    terminal::resume()?;
                    term = new_terminal()?;
                    dirty = true;
                }
            },
        }
        if suspend {
            terminal::suspend()?;
            term = new_terminal()?;
            dirty = true;
        }
    }
}

/// Reads terminal events on a thread of its own (crossterm's read blocks; the thread ends with
/// the process). Events that arrive together are handed on together: a burst of keys faster
/// than anyone types is a paste from a terminal without bracketed paste, and becomes one.
fn spawn_terminal_reader(tx: mpsc::UnboundedSender<UiEvent>) {
    std::thread::spawn(move || {
        while let Ok(first) = event::read() {
            let next = |wait| {
                event::poll(wait)
                    .unwrap_or(false)
                    .then(event::read)
                    .and_then(Result::ok)
            };
            for ev in input::gather_pastes(first, next) {
                if tx.send(UiEvent::Term(ev)).is_err() {
                    return;
                }
            }
        }
    });
}

//! Fixtures and helpers shared by the tests: a deterministic wizard, a fixed key, rendering.

use std::path::{Path, PathBuf};
use std::process::Command;

use bblink::core::keyboard::Action;
use bblink::core::wizard::{Msg, Step};
use bblink::testing;
use bblink::ui::app::App;
use bblink::ui::render;
use bblink::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub use bblink::testing::{env, fixed_key, job_of};

/// A fresh app on the welcome screen.
pub fn app() -> App {
    App::new(testing::wizard(), Theme::plain())
}

/// An app on the public key screen with the fixed key, driven there through its messages.
pub fn app_with_key() -> App {
    let mut app = app();
    testing::give_key(&mut |m| app.update(m), fixed_key());
    app
}

/// An app with the fixed key, on this step.
pub fn app_on(step: Step) -> App {
    let mut app = app_with_key();
    app.update(Msg::Action(Action::Jump(step)));
    app
}

/// The terminal event for a key.
pub fn key_event(k: bblink::core::keyboard::Key) -> ratatui::crossterm::event::KeyEvent {
    use bblink::core::keyboard::Code;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let code = match k.code {
        Code::Char(c) => KeyCode::Char(c),
        Code::F(n) => KeyCode::F(n),
        Code::Enter => KeyCode::Enter,
        Code::Esc => KeyCode::Esc,
        Code::Tab => KeyCode::Tab,
        Code::BackTab => KeyCode::BackTab,
        Code::Left => KeyCode::Left,
        Code::Right => KeyCode::Right,
        Code::Up => KeyCode::Up,
        Code::Down => KeyCode::Down,
        Code::Home => KeyCode::Home,
        Code::End => KeyCode::End,
        Code::PageUp => KeyCode::PageUp,
        Code::PageDown => KeyCode::PageDown,
        Code::Backspace => KeyCode::Backspace,
        Code::Delete => KeyCode::Delete,
        Code::Other => KeyCode::Null,
    };
    let mut mods = KeyModifiers::NONE;
    if k.ctrl {
        mods |= KeyModifiers::CONTROL;
    }
    if k.alt {
        mods |= KeyModifiers::ALT;
    }
    KeyEvent::new(code, mods)
}

/// Presses a key as a terminal would send it: resolved through the key tables.
pub fn press(app: &mut App, k: bblink::core::keyboard::Key) {
    app.on_key(key_event(k));
}

/// Types text into the app key by key, as a terminal would send it.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.on_key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(c),
        ));
    }
}

/// Everything an 80x24 frame shows, as one string.
pub fn screen_text(app: &App) -> String {
    format!("{:?}", terminal(app, 80, 24).backend())
}

/// Renders the app into a test terminal.
pub fn terminal(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    t.draw(|f| render::draw(f, app)).expect("draw");
    t
}

/// The path of the binary under test: the release build when the test script provides it.
pub fn bblink_bin() -> PathBuf {
    std::env::var_os("BBLINK_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_bblink")),
        PathBuf::from,
    )
}

/// Runs a command with `input` on its standard input, returning (status code, stdout, stderr).
pub fn run_with_stdin(cmd: &mut Command, input: &str) -> (i32, String, String) {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // A command may end (a usage error, a refusal) before it reads what it was given.
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write: {e}");
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs a command, returning (status code, stdout, stderr).
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("command runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `ssh-keygen -lf PATH` output, trimmed.
pub fn ssh_keygen_l(path: &Path) -> String {
    let (code, out, err) = run(Command::new("ssh-keygen").arg("-lf").arg(path));
    assert_eq!(code, 0, "ssh-keygen -lf {}: {err}", path.display());
    out.trim().to_string()
}

/// A file's permission bits.
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// How long the long fuzz runs last: `BBLINK_FUZZ_SECS`, 60 s by default.
pub fn fuzz_secs() -> u64 {
    std::env::var("BBLINK_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60)
}

/// Runs `body` on inputs from `strategy` until `budget` has passed (at least one round of
/// `cases`), with a fresh runner each round (a finished one runs no further cases). Returns the
/// number of executions and the slowest one; the first failure panics with proptest's report.
pub fn fuzz_for<S: proptest::strategy::Strategy>(
    budget: std::time::Duration,
    cases: u32,
    strategy: &S,
    body: impl Fn(S::Value) -> Result<(), proptest::test_runner::TestCaseError>,
) -> (u64, std::time::Duration) {
    use proptest::test_runner::{Config, RngSeed, TestRunner};
    use std::time::{Duration, Instant};
    let start = Instant::now();
    let runs = std::cell::Cell::new(0u64);
    let slowest = std::cell::Cell::new(Duration::ZERO);
    loop {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            rng_seed: RngSeed::Random,
            ..Config::default()
        });
        let result = runner.run(strategy, |input| {
            let t = Instant::now();
            body(input)?;
            slowest.set(slowest.get().max(t.elapsed()));
            runs.set(runs.get() + 1);
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
        if start.elapsed() >= budget {
            return (runs.get(), slowest.get());
        }
    }
}

/// A key made by `ssh-keygen` in `dir` (comment `name`), with its `args` (type, bits, `-N`).
pub fn ssh_keygen_make(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let path = dir.join(name);
    let (code, _, err) = run(Command::new("ssh-keygen")
        .args(["-q", "-C", name])
        .args(args)
        .arg("-f")
        .arg(&path));
    assert_eq!(code, 0, "ssh-keygen {args:?}: {err}");
    path
}

/// The ids of a JSON answer's `findings`, in order.
pub fn finding_ids(json: &serde_json::Value) -> Vec<String> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A FIFO at `path` (nobody writes to it).
pub fn make_fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

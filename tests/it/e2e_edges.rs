//! The release binary in a real terminal at its edges: a paste without bracketed paste, a
//! terminal that reads a secret, a dumb terminal, job control, progress it cannot read or save,
//! a selection of the public key, and a terminal that never answers a cursor query.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{bblink_bin, run, ssh_keygen_l};
use crate::tmux::{Tmux, exited, fingerprint_on};

/// A key made by `bblink keygen` into the test's home.
fn keygen(t: &Tmux, name: &str, kind: &str) -> (std::path::PathBuf, String) {
    let path = t.home.join(name);
    let (code, _, err) = run(Command::new(bblink_bin())
        .args(["keygen", "--type", kind, "--out"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&path).expect("key");
    (path, text)
}

#[test]
fn a_key_pasted_without_bracketed_paste_stays_in_the_field_and_never_reaches_the_shell() {
    let t = Tmux::start();
    let (path, text) = keygen(&t, "rsa", "rsa");
    let body_line = text.lines().nth(20).expect("a body line").to_string();
    t.type_line(&format!(
        "{} --screen private-key; echo exit=$?",
        bblink_bin().display()
    ));
    t.wait_for("the private key step", |s| s.contains("Step 5 of 7"));
    // Arrives as ~3,300 key presses, with q, y, n, s and Enter among them.
    t.paste_unbracketed(&text);
    let s = t.wait_for("the verdict", |s| s.contains("Ready to paste"));
    let expected = ssh_keygen_l(&path);
    assert!(expected.starts_with("4096 "), "{expected}");
    assert_eq!(
        fingerprint_on(&s),
        expected.split_whitespace().nth(1).expect("fingerprint"),
        "the whole key is in the field:\n{s}"
    );
    assert!(s.contains("hidden"), "a whole key is hidden at once:\n{s}");
    assert!(!s.contains(&body_line[..30]), "{s}");
    assert!(!exited(&s), "the wizard still runs:\n{s}");

    t.keys(&["q"]);
    t.wait_for("the question", |s| s.contains("not saved anywhere"));
    t.keys(&["y"]);
    let s = t.wait_for("the exit status", exited);
    assert!(s.lines().any(|l| l == "exit=0"), "{s}");
    assert!(
        !s.contains("not found") && !s.contains(&body_line[..30]),
        "nothing reached the shell:\n{s}"
    );
    t.assert_restored();
}

#[test]
fn check_key_dash_reads_a_terminal_without_echo() {
    let t = Tmux::start();
    t.type_line(&format!(
        "{} check-key -; echo exit=$?",
        bblink_bin().display()
    ));
    t.wait_for("the hint", |s| {
        s.contains("then press Ctrl-D on a new line")
    });
    t.type_line("zq-typed-secret-line");
    t.keys(&["C-d"]);
    let s = t.wait_for("the exit status", exited);
    assert!(
        !s.contains("zq-typed-secret-line"),
        "the input is not echoed:\n{s}"
    );
    assert!(s.contains("not a key"), "{s}");
    assert!(s.lines().any(|l| l == "exit=1"), "{s}");
    t.assert_restored();
}

#[test]
fn a_dumb_terminal_gets_the_plain_conversation_and_quit_ends_it() {
    let t = Tmux::start();
    t.type_line(&format!(
        "TERM=dumb {}; echo exit=$?",
        bblink_bin().display()
    ));
    let s = t.wait_for("the plain welcome", |s| s.contains("Press Enter:"));
    assert!(s.contains("This terminal (TERM=dumb)"), "{s}");
    assert!(!t.alternate_screen(), "no alternate screen");
    t.type_line("help");
    t.wait_for("the help", |s| s.contains("go N: jump to step N"));
    t.type_line("quit");
    let s = t.wait_for("the exit status", exited);
    assert!(s.lines().any(|l| l == "exit=0"), "{s}");
    t.assert_restored();
}

#[test]
fn ctrl_z_gives_the_shell_back_and_fg_redraws_the_wizard() {
    let t = Tmux::start();
    t.type_line(&bblink_bin().display().to_string());
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    t.keys(&["C-z"]);
    t.wait_until("the shell on the normal screen", |t| {
        !t.alternate_screen() && t.screen().contains("Stopped")
    });
    t.type_line("stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo; echo checked");
    let s = t.wait_for("stty", |s| s.lines().any(|l| l.trim() == "checked"));
    assert!(s.lines().any(|l| l.trim() == "echo"), "echo is back:\n{s}");
    t.type_line("fg");
    t.wait_until("the wizard again", |t| {
        t.alternate_screen() && t.screen().contains("Press Enter to start")
    });
    t.keys(&["Enter"]);
    t.wait_for("keys still work", |s| s.contains("Step 1 of 7"));
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn progress_that_cannot_be_read_or_saved_is_said_once_and_the_wizard_goes_on() {
    let t = Tmux::start();
    std::fs::create_dir_all(t.state_dir()).expect("state dir");
    let progress = t.state_dir().join("progress.json");
    std::fs::write(&progress, "{\"version\": 1, \"step\": ").expect("write");
    t.type_line(&bblink_bin().display().to_string());
    let s = t.wait_for("the notice", |s| s.contains("Progress could not be read"));
    assert!(s.contains("starting fresh"), "{s}");
    assert!(s.contains("damaged"), "{s}");
    t.keys(&["q"]);
    t.assert_restored();

    // A progress file bblink cannot replace (a directory in its place).
    std::fs::remove_file(&progress).expect("remove");
    std::fs::create_dir_all(progress.join("inside")).expect("dir");
    t.type_line("clear");
    t.type_line(&bblink_bin().display().to_string());
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    t.keys(&["Enter"]);
    let s = t.wait_for("the save notice", |s| s.contains("Progress not saved"));
    assert!(s.contains("Step 1 of 7"), "the wizard went on:\n{s}");
    t.keys(&["Enter"]);
    let s = t.wait_for("the next step", |s| s.contains("Step 2 of 7"));
    assert!(!s.contains("Progress not saved"), "said once:\n{s}");
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn a_selection_of_the_public_key_is_one_line_at_80_columns() {
    let t = Tmux::start();
    t.resize(80, 24);
    t.type_line(&bblink_bin().display().to_string());
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    t.keys(&["Enter"]);
    t.wait_for("the service step", |s| s.contains("Step 1 of 7"));
    t.keys(&["Enter"]);
    t.wait_for("the key step", |s| s.contains("Step 2 of 7"));
    t.keys(&["Enter"]);
    t.wait_for("the public key", |s| {
        s.contains("Step 3 of 7") && s.contains("SHA256:")
    });
    let public = std::fs::read_dir(t.data_dir().join("keys"))
        .expect("keys")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pub"))
        .expect("a .pub file");
    let line = std::fs::read_to_string(&public).expect("pub");
    let line = line.trim_end();
    assert!(line.len() > 80, "the key needs more than one row: {line}");
    let joined = t.screen_joined();
    assert!(
        joined.lines().any(|l| l.trim_end() == line),
        "one line, no indent, no hard breaks:\n{joined}"
    );
    t.keys(&["q"]);
    t.assert_restored();
}

#[test]
fn a_terminal_that_never_answers_a_cursor_query_still_gets_the_wizard() {
    // `script` gives bblink a terminal whose other end is a pipe: nothing answers ESC[6n.
    let dir = tempfile::tempdir().expect("tempdir");
    let command = format!(
        "stty cols 100 rows 30; exec env HOME={h} XDG_DATA_HOME={h}/data XDG_STATE_HOME={h}/state TERM=xterm-256color {bin}",
        h = dir.path().display(),
        bin = bblink_bin().display()
    );
    let mut child = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script (util-linux) runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = stdout.read_to_end(&mut all);
        all
    });
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "bblink is still running after 3 s"
    );
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"q").expect("q");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "q ends it");
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    let output = String::from_utf8_lossy(&reader.join().expect("reader")).into_owned();
    assert!(status.success(), "{status}: {output}");
    assert!(!output.contains("\u{1b}[6n"), "no cursor query was sent");
    assert!(
        output.contains("Welcome") && output.contains("Connect a private Bitbucket repository"),
        "the welcome screen was drawn: {output:?}"
    );
    assert!(!output.contains("cursor position"), "{output:?}");
}

/// F2 from a focused text field in a real terminal opens troubleshooting; a log pasted without
/// bracketed paste is diagnosed there and never reaches the shell.
#[test]
fn troubleshooting_opens_from_a_text_field_and_diagnoses_an_unbracketed_paste() {
    let t = Tmux::start();
    t.type_line(&format!("{} --screen clone-url", bblink_bin().display()));
    t.wait_for("the clone URL step", |s| {
        s.contains("Step 4 of 7 · Clone URL")
    });
    t.keys(&["F2"]);
    t.wait_for("troubleshooting", |s| s.contains("Troubleshooting:"));
    t.keys(&["Tab"]);
    t.wait_for("the log tab", |s| s.contains("▸ Diagnose a log"));
    t.paste_unbracketed(
        "Cloning into 'app'...\nssh: Could not resolve hostname bitbucket.org:team: Name or service not known\nfatal: Could not read from remote repository.\n",
    );
    let s = t.wait_for("the diagnosis", |s| s.contains("✗ ssh_url_malformed"));
    assert!(s.contains("remote_read_failed"), "{s}");
    t.keys(&["F2"]);
    t.wait_for("back on the step", |s| {
        s.contains("Paste the repository's clone URL")
    });
    t.keys(&["C-c"]);
    t.assert_restored();
    let after = t.screen();
    assert!(
        !after.contains("command not found"),
        "nothing reached the shell: {after}"
    );
}

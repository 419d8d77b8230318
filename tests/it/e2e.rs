//! The release binary end to end in a real terminal (tmux): the newcomer's journey, a power
//! user's jumps, pastes, the clipboard, and the terminal restored on every way out.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{bblink_bin, mode, run, ssh_keygen_l};
use crate::tmux::{Tmux, exited, fingerprint_on, today_key};

#[test]
fn newcomer_generates_a_key_for_valohai_and_the_terminal_is_restored() {
    let t = Tmux::start();
    t.type_line(&bblink_bin().display().to_string());
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    assert!(t.alternate_screen());

    t.keys(&["Enter"]);
    let s = t.wait_for("the service step", |s| s.contains("Step 1 of 7 · Service"));
    assert!(s.contains("● Valohai") && s.contains("● Cloud"), "{s}");

    t.keys(&["Enter"]);
    let s = t.wait_for("the key step", |s| s.contains("Step 2 of 7 · Key pair"));
    assert!(s.contains("● Ed25519"), "{s}");

    t.keys(&["Enter"]);
    let s = t.wait_for("the public key step", |s| {
        s.contains("Step 3 of 7 · Public key") && s.contains("SHA256:")
    });
    let fp = fingerprint_on(&s);
    assert!(
        s.contains("Repository settings → Access keys → Add key"),
        "{s}"
    );

    t.keys(&["q"]);
    t.assert_restored();

    let private = today_key(&t.data_dir());
    let public = PathBuf::from(format!("{}.pub", private.display()));
    assert_eq!(mode(&private), 0o600);
    assert_eq!(mode(&public), 0o644);
    let oracle = ssh_keygen_l(&private);
    assert!(
        oracle.starts_with(&format!("256 {fp} bblink-valohai-")),
        "{oracle} vs {fp}"
    );
    assert!(oracle.ends_with("(ED25519)"));

    // The next start offers to resume where the user left off.
    t.type_line(&format!("clear; {}", bblink_bin().display()));
    let s = t.wait_for("the resume offer", |s| s.contains("Welcome back"));
    assert!(s.contains("Valohai · Bitbucket Cloud"), "{s}");
    t.keys(&["r"]);
    let s = t.wait_for("the resumed public key step", |s| {
        s.contains("Step 3 of 7") && s.contains("SHA256:")
    });
    assert_eq!(fingerprint_on(&s), fp);
    t.keys(&["C-c"]);
    t.assert_restored();
}

#[test]
fn power_user_jumps_to_a_screen_types_a_label_and_rsa_is_cancellable() {
    let t = Tmux::start();
    t.type_line(&format!("{} --screen key", bblink_bin().display()));
    t.wait_for("the key step", |s| s.contains("Step 2 of 7 · Key pair"));
    // Each key waits for its effect: keys sent together at machine speed would be a burst,
    // which bblink reads as a paste (and navigation keys inside a paste are dropped).
    t.keys(&["Right"]); // RSA 4096
    t.wait_for("RSA chosen", |s| s.contains("● RSA 4096"));
    t.keys(&["Tab"]); // the format row
    t.wait_for("the format row", |s| s.contains("▸ Format"));
    t.keys(&["Tab"]); // the label field: letters are text now
    t.wait_for("the label field", |s| s.contains("▸ Label"));
    t.keys(&["C-u"]);
    t.tmux(&["send-keys", "-t", "t", "-l", "quick rsa"]);
    let s = t.wait_for("the typed label", |s| s.contains("quick-rsa and .pub"));
    assert!(
        s.contains("Step 2 of 7"),
        "q was typed, not taken as quit:\n{s}"
    );
    t.keys(&["Enter"]);
    t.wait_for("the spinner", |s| s.contains("Generating an RSA 4096 key"));
    t.keys(&["Escape"]);
    let s = t.wait_for("the cancelled state", |s| !s.contains("Generating"));
    assert!(s.contains("Step 2 of 7"), "{s}");
    // Alt-3 jumps from a focused text field.
    t.keys(&["M-3"]);
    t.wait_for("the public key step", |s| s.contains("No key yet"));
    t.keys(&["M-2"]);
    t.wait_for("the key step", |s| s.contains("Step 2 of 7 · Key pair"));
    t.keys(&["Enter"]);
    t.wait_for("the RSA key", |s| s.contains("RSA · 4096 bits"));
    t.keys(&["q"]);
    t.assert_restored();
    let private = t.data_dir().join("keys/quick-rsa");
    let names: Vec<_> = std::fs::read_dir(t.data_dir().join("keys"))
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(private.is_file(), "keys: {names:?}");
    assert!(ssh_keygen_l(&private).starts_with("4096 SHA256:"));
}

#[test]
fn a_panic_inside_the_loop_restores_the_terminal() {
    let t = Tmux::start();
    t.type_line(&format!(
        "{} --debug-panic; echo exit=$?",
        bblink_bin().display()
    ));
    let s = t.wait_for("the exit status", exited);
    assert!(s.contains("deliberate panic"), "{s}");
    assert!(s.lines().any(|l| l == "exit=101"), "{s}");
    t.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    // A program ended by a signal exits with 128 + its number, as shells report it.
    for (signal, status) in [("TERM", "exit=143"), ("HUP", "exit=129")] {
        let t = Tmux::start();
        t.type_line(&format!("{}; echo exit=$?", bblink_bin().display()));
        t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
        let pid = t.child_pid();
        let (code, _, err) = run(Command::new("kill").args([&format!("-{signal}"), &pid]));
        assert_eq!(code, 0, "{err}");
        let s = t.wait_for("the exit status", exited);
        assert!(s.lines().any(|l| l == status), "{signal}:\n{s}");
        t.assert_restored();
    }
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged() {
    let t = Tmux::start();
    t.tmux(&["resize-window", "-t", "t", "-x", "30", "-y", "8"]);
    t.type_line(&bblink_bin().display().to_string());
    // The plain mode is offered first; the full-screen wizard if it is declined.
    t.wait_for("the offer", |s| s.contains("[Y/n]"));
    t.type_line("n");
    t.wait_for("the enlarge message", |s| {
        s.contains("Enlarge the terminal")
    });
    t.tmux(&["resize-window", "-t", "t", "-x", "100", "-y", "30"]);
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    t.keys(&["C-c"]);
    t.assert_restored();
}

#[test]
fn a_tiny_terminal_offers_the_plain_mode() {
    let t = Tmux::start();
    t.tmux(&["resize-window", "-t", "t", "-x", "30", "-y", "8"]);
    t.type_line(&format!("{}; echo exit=$?", bblink_bin().display()));
    t.wait_for("the offer", |s| s.contains("[Y/n]"));
    t.keys(&["Enter"]);
    t.wait_for("the plain welcome", |s| s.contains("Press Enter:"));
    assert!(!t.alternate_screen());
    t.type_line("quit");
    let s = t.wait_for("the exit status", crate::tmux::exited);
    assert!(s.lines().any(|l| l == "exit=0"), "{s}");
    t.assert_restored();
}

/// CPU time (user + system, in clock ticks) a process has used so far.
fn cpu_ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')').expect("comm") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
}

#[test]
fn an_idle_wizard_uses_no_cpu() {
    let t = Tmux::start();
    t.type_line(&bblink_bin().display().to_string());
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    let pid = t.child_pid();
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(&pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(&pid) - before;
    assert!(used <= 1, "{used} ticks of CPU in 2 s of idling");
    t.keys(&["C-c"]);
    t.assert_restored();
}

#[test]
fn no_color_means_no_colour_escapes() {
    for (env, want_colour) in [("", true), ("NO_COLOR=1", false)] {
        let t = Tmux::start_with(env);
        t.type_line(&bblink_bin().display().to_string());
        t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
        let (_, styled, _) = t.tmux(&["capture-pane", "-e", "-p", "-t", "t"]);
        // tmux reports foreground colours as SGR 38;5;N whatever form the program used.
        let coloured = styled.contains("38;5;");
        assert_eq!(coloured, want_colour, "{env}: {styled:?}");
        t.keys(&["C-c"]);
        t.assert_restored();
    }
}

#[test]
fn a_damaged_private_key_pasted_into_the_wizard_is_hidden_checked_and_repaired() {
    let t = Tmux::start();
    let key = t.home.join("deploy");
    let (code, _, err) = run(Command::new(bblink_bin())
        .args(["keygen", "--comment", "deploy", "--out"])
        .arg(&key));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&key).expect("key");
    let body_line = text.lines().nth(2).expect("a body line").to_string();
    let indented: String = text.lines().map(|l| format!("   {l}\n")).collect();

    t.type_line(&format!("{} --screen private-key", bblink_bin().display()));
    t.wait_for("the private key step", |s| {
        s.contains("Step 5 of 7 · Private key")
    });
    // A clean paste through the terminal (tmux sends newlines as CR, as terminals do).
    t.paste(&text);
    let s = t.wait_for("the verdict", |s| s.contains("Ready to paste"));
    assert!(s.contains("hidden"), "{s}");
    assert!(!s.contains(&body_line[..20]), "the key is masked:\n{s}");
    assert!(!s.contains("! "), "no warning for a clean paste:\n{s}");
    t.keys(&["s"]);
    t.wait_for("the key shown on request", |s| s.contains(&body_line[..20]));

    // Pasting again replaces it; indentation is named and repaired.
    t.paste(&indented);
    let s = t.wait_for("the repair", |s| s.contains("c copies the repaired key"));
    assert!(s.contains("extra spaces"), "{s}");
    assert!(!s.contains("Windows line endings"), "{s}");
    assert!(
        s.contains("hidden") && !s.contains(&body_line[..20]),
        "hidden again:\n{s}"
    );
    // The pasted key is saved nowhere: quitting asks first.
    t.keys(&["q"]);
    t.wait_for("the question", |s| s.contains("not saved anywhere"));
    t.keys(&["y"]);
    t.assert_restored();
}

/// An X server of our own (Xvfb) so the system clipboard is real; xclip observes it.
struct X {
    display: String,
    server: std::process::Child,
}

impl X {
    fn start() -> Self {
        use std::io::BufRead;
        // Xvfb chooses a free display itself (a lock left by a killed server included) and
        // writes its number once it accepts connections.
        let mut server = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "320x200x24",
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("Xvfb (scripts/test installs xvfb)");
        let mut line = String::new();
        let out = server.stdout.take().expect("stdout");
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .expect("Xvfb's display number");
        let n: u32 = line
            .trim()
            .parse()
            .expect("Xvfb started and named its display");
        Self {
            display: format!(":{n}"),
            server,
        }
    }

    fn clipboard(&self) -> String {
        run(Command::new("xclip")
            .args(["-o", "-selection", "clipboard"])
            .env("DISPLAY", &self.display))
        .1
    }
}

impl Drop for X {
    fn drop(&mut self) {
        // SIGTERM: the server removes its lock and socket (a killed one leaves them).
        let _ = Command::new("kill")
            .arg(self.server.id().to_string())
            .status();
        let _ = self.server.wait();
    }
}

#[test]
fn the_repaired_key_is_copied_and_cleared_from_the_clipboard_unless_it_changed() {
    let x = X::start();
    let t = Tmux::start_with(&format!(
        "DISPLAY={} BBLINK_CLEAR_CLIPBOARD_AFTER=2",
        x.display
    ));
    let key = t.home.join("deploy");
    let (code, _, err) = run(Command::new(bblink_bin())
        .args(["keygen", "--out"])
        .arg(&key));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&key).expect("key");
    let indented: String = text.lines().map(|l| format!("  {l}\n")).collect();

    t.type_line(&format!("{} --screen private-key", bblink_bin().display()));
    t.wait_for("the private key step", |s| s.contains("Private key"));
    t.paste(&indented);
    t.wait_for("the repair", |s| s.contains("c copies the repaired key"));
    t.keys(&["c"]);
    t.wait_for("the copy", |s| s.contains("Repaired key copied"));
    assert_eq!(
        x.clipboard(),
        text,
        "the clipboard holds the repaired key, byte for byte"
    );
    let start = Instant::now();
    while !x.clipboard().is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the clipboard was not cleared"
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // Copied again, then the user copies something else: that is left alone.
    t.keys(&["c"]);
    t.wait_for("the second copy", |s| s.contains("Repaired key copied"));
    let mut other = Command::new("xclip")
        .args(["-i", "-selection", "clipboard", "-l", "3"])
        .env("DISPLAY", &x.display)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("xclip");
    {
        use std::io::Write;
        let mut stdin = other.stdin.take().expect("stdin");
        stdin.write_all(b"something else").expect("write");
    }
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(x.clipboard(), "something else");
    let _ = other.kill();
    let _ = other.wait();
    t.keys(&["q", "y"]);
    t.assert_restored();
}

#[test]
fn a_pasted_clone_command_with_a_token_becomes_the_ssh_url_and_is_remembered() {
    let token = "ATCTT3xFfGN0e2eSecretToken42";
    let t = Tmux::start();
    t.type_line(&format!("{} --screen clone-url", bblink_bin().display()));
    t.wait_for("the clone URL step", |s| {
        s.contains("Step 4 of 7 · Clone URL")
    });
    let pasted = format!("git clone https://x-token-auth:{token}@bitbucket.org/team/app.git\n");
    t.paste(&pasted);
    let s = t.wait_for("the suggestion", |s| s.contains("Suggested SSH URL"));
    assert!(!s.contains(token), "the token is never drawn:\n{s}");
    assert!(s.contains("x-token-auth:****@bitbucket.org"), "{s}");
    assert!(s.contains("git@ssh.bitbucket.org:team/app.git"), "{s}");
    t.keys(&["Enter"]);
    t.wait_for("the repaired URL", |s| {
        s.contains("Ready: SSH URL, Bitbucket Cloud")
    });
    t.keys(&["Enter"]);
    t.wait_for("the private key step", |s| {
        s.contains("Step 5 of 7 · Private key")
    });
    t.keys(&["C-c"]);
    t.assert_restored();
    let progress =
        std::fs::read_to_string(t.home.join("state/bblink/progress.json")).expect("progress saved");
    let saved: serde_json::Value = serde_json::from_str(&progress).expect("json");
    assert_eq!(saved["clone_url"], "git@ssh.bitbucket.org:team/app.git");
    assert!(!progress.contains(token));

    // The next run starts from the saved URL.
    t.type_line(&format!(
        "clear; {} --screen clone-url",
        bblink_bin().display()
    ));
    let s = t.wait_for("the remembered URL", |s| s.contains("Ready: SSH URL"));
    assert!(s.contains("│git@ssh.bitbucket.org:team/app.git"), "{s}");
    t.keys(&["C-c"]);
    t.assert_restored();
}

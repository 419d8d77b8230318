//! A real terminal for the end-to-end tests: tmux on an isolated socket, keys sent as a user
//! types them, the screen read back with capture-pane. Polls for text instead of sleeping.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::run;

/// A tmux server of our own running `sh` in one 100x30 pane.
pub struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
    pub home: PathBuf,
}

impl Tmux {
    pub fn start() -> Self {
        Self::start_with("")
    }

    /// Starts the shell with extra `NAME=value` assignments in its environment.
    pub fn start_with(extra_env: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).expect("home");
        let socket = dir.path().join("tmux.sock");
        let path = std::env::var("PATH").unwrap_or_default();
        let shell = format!(
            "env -i HOME={h} PATH={path} TERM=xterm-256color LANG=C.UTF-8 PS1='$ ' \
             XDG_DATA_HOME={h}/data XDG_STATE_HOME={h}/state {extra_env} sh",
            h = home.display()
        );
        let t = Self {
            socket,
            _dir: dir,
            home,
        };
        let (code, _, err) = t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "100",
            "-y",
            "30",
            &shell,
        ]);
        assert_eq!(
            code, 0,
            "tmux must be installed (scripts/test installs it): {err}"
        );
        t.wait_for("the shell prompt", |s| s.contains('$'));
        t
    }

    pub fn tmux(&self, args: &[&str]) -> (i32, String, String) {
        run(Command::new("tmux")
            .arg("-u")
            .arg("-S")
            .arg(&self.socket)
            .args(args))
    }

    /// Pastes text as the terminal would, with bracketed paste.
    pub fn paste(&self, text: &str) {
        self.tmux(&["set-buffer", "--", text]);
        self.tmux(&["paste-buffer", "-p", "-t", "t"]);
    }

    /// Pastes text as a terminal without bracketed paste does: as typed keys, newlines as CR.
    pub fn paste_unbracketed(&self, text: &str) {
        self.tmux(&["set-buffer", "--", text]);
        self.tmux(&["paste-buffer", "-t", "t"]);
    }

    /// The screen with soft-wrapped lines joined, as a mouse selection copies them.
    pub fn screen_joined(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-J", "-t", "t"]).1
    }

    /// Resizes the terminal.
    pub fn resize(&self, width: u16, height: u16) {
        let (w, h) = (width.to_string(), height.to_string());
        self.tmux(&["resize-window", "-t", "t", "-x", &w, "-y", &h]);
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        let (code, _, err) = self.tmux(&args);
        assert_eq!(code, 0, "{err}");
    }

    pub fn type_line(&self, text: &str) {
        let (code, _, err) = self.tmux(&["send-keys", "-t", "t", "-l", text]);
        assert_eq!(code, 0, "{err}");
        self.keys(&["Enter"]);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"]).1
    }

    pub fn format(&self, f: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "t", f])
            .1
            .trim()
            .to_string()
    }

    pub fn alternate_screen(&self) -> bool {
        self.format("#{alternate_on}") == "1"
    }

    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_until(&self, what: &str, pred: impl Fn(&Self) -> bool) {
        let start = Instant::now();
        while !pred(self) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// After the program exits: the prompt is back, the normal screen is shown, the tty is in
    /// cooked mode with echo, and bracketed paste is off.
    pub fn assert_restored(&self) {
        self.wait_until("the shell in the foreground on the normal screen", |t| {
            !t.alternate_screen() && t.format("#{pane_current_command}") == "sh"
        });
        self.type_line("clear; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo; echo tty-checked");
        let s = self.wait_for("stty output", |s| {
            s.lines().any(|l| l.trim() == "tty-checked")
        });
        let lines: Vec<&str> = s.lines().map(str::trim).collect();
        assert!(lines.contains(&"icanon"), "raw mode left on:\n{s}");
        assert!(lines.contains(&"echo"), "echo left off:\n{s}");
        // With bracketed paste still on, tmux would wrap the paste in ESC[200~ … ESC[201~.
        // The shell reads no input between the marker and cat, so the paste waits for cat.
        self.type_line("clear; echo cat-ready; cat -v");
        self.wait_for("cat to start", |s| {
            s.lines().any(|l| l.trim() == "cat-ready")
        });
        self.paste("pasted-text");
        self.keys(&["Enter", "C-d"]);
        let s = self.wait_for("the paste echoed by cat -v", |s| {
            s.matches("pasted-text").count() >= 2
        });
        assert!(!s.contains("[200~"), "bracketed paste left on:\n{s}");
    }

    /// The pid of the program running under the pane's shell.
    pub fn child_pid(&self) -> String {
        let shell = self.format("#{pane_pid}");
        let (code, pid, err) = run(Command::new("pgrep").args(["-P", &shell]));
        assert_eq!(code, 0, "a program runs under the pane's shell: {err}");
        pid.trim().to_string()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.join("data/bblink")
    }

    pub fn state_dir(&self) -> PathBuf {
        self.home.join("state/bblink")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// The shell printed `exit=N` on a line of its own (not the command line that asks for it).
pub fn exited(screen: &str) -> bool {
    screen.lines().any(|l| l.starts_with("exit="))
}

pub fn fingerprint_on(screen: &str) -> String {
    screen
        .split_whitespace()
        .find(|w| w.starts_with("SHA256:"))
        .expect("a fingerprint on screen")
        .to_string()
}

pub fn today_key(dir: &Path) -> PathBuf {
    let keys = dir.join("keys");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&keys)
        .expect("keys dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_none())
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

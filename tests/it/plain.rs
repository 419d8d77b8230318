//! The plain mode end to end: the Valohai journey as a conversation through a pipe (the
//! transcript snapshot-tested) and in a real terminal with TERM=dumb (no echo of the pasted
//! key, no escape byte, the terminal as it was), against the local sshd harness.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::sshd::Sshd;
use crate::support::bblink_bin;
use crate::tmux::today_key;

/// bblink in plain mode on pipes, its output collected as it comes.
struct Conversation {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Arc<Mutex<Vec<u8>>>,
    home: PathBuf,
    /// Where the output stood at the last answer.
    mark: usize,
}

impl Conversation {
    fn start(home: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(bblink_bin())
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("bblink runs");
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("stdout");
        let out = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&out);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
        });
        Self {
            child,
            stdin,
            out,
            home: home.to_path_buf(),
            mark: 0,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().expect("lock")).into_owned()
    }

    /// Waits until the output since `from` bytes holds `what`; returns the whole output.
    fn wait_for(&self, from: usize, what: &str) -> String {
        self.wait_until(from, what, |rest| rest.contains(what))
    }

    fn wait_until(&self, from: usize, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let t = self.text();
            let mut at = from.min(t.len());
            while !t.is_char_boundary(at) {
                at -= 1;
            }
            if done(&t[at..]) {
                return t;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "waited 60 s for {what:?}; the transcript:\n{t}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Once `after` is printed and a question follows it, answers with the number of the
    /// choice (or list option) whose label starts with `label`.
    fn take(&mut self, after: &str, label: &str) {
        let t = self.wait_for(self.mark, after);
        let at = self.mark + t[self.mark..].find(after).unwrap_or(0);
        let t = self.wait_until(at, "a question", |rest| {
            ["Choice (", "Number (", "(or a choice"]
                .iter()
                .any(|q| rest.contains(q))
        });
        // The choices come before their question, and a menu that did not change is not
        // printed again: the last one printed.
        let n = choice(&t, label);
        self.mark = t.len();
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(format!("{n}\n").as_bytes()).expect("write");
    }

    /// Sends a line once the output since the last answer holds `prompt`.
    fn answer(&mut self, prompt: &str, line: &str) -> String {
        let t = self.wait_for(self.mark, prompt);
        self.mark = t.len();
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .expect("write");
        t
    }

    fn data_dir(&self) -> PathBuf {
        self.home.join("data/bblink")
    }

    /// Waits for the program to end; its exit code.
    fn end(&mut self) -> i32 {
        drop(self.stdin.take());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code().unwrap_or(-1);
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "bblink did not end: {}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Conversation {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The number of the last choice in `text` whose label starts with `label`.
fn choice(text: &str, label: &str) -> String {
    text.lines()
        .rev()
        .find_map(|l| {
            let (n, rest) = l.trim_start().split_once(". ")?;
            (n.parse::<u32>().is_ok() && rest.starts_with(label)).then(|| n.to_string())
        })
        .unwrap_or_else(|| panic!("no choice {label:?} in:\n{text}"))
}

/// The transcript with what changes from run to run replaced by names.
fn normalized(text: &str, swaps: &[(&str, &str)]) -> String {
    let mut t = text.to_string();
    for (from, to) in swaps {
        if !from.is_empty() {
            t = t.replace(from, to);
        }
    }
    let mut out = String::new();
    // Progress lines come once a second: how many depends on the machine's speed.
    for line in t.lines().filter(|l| !l.starts_with("  … ")) {
        let mut words = Vec::new();
        for w in line.split(' ') {
            let tail = &w[w.trim_end_matches([',', ';', '.', ')']).len()..];
            words.push(if let Some(at) = w.find("SHA256:") {
                format!("{}SHA256:<fingerprint>{tail}", &w[..at])
            } else if w.starts_with("SSH-2.0-") {
                "<server version>".to_string()
            } else if w.starts_with("AAAA") && w.len() > 40 {
                "<public key>".to_string()
            } else {
                w.to_string()
            });
        }
        let mut line = words.join(" ");
        // The server's version ends its line.
        if let Some(at) = line.find("<server version>") {
            line.truncate(at + "<server version>".len());
        }
        // Timings: "(12 ms)" → "(N ms)".
        while let Some(at) = line.find(" ms)") {
            let start = line[..at].rfind('(').unwrap_or(at);
            if line[start + 1..at].chars().all(|c| c.is_ascii_digit()) && start < at {
                line.replace_range(start..at + 4, "(N ms)");
            } else {
                break;
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn the_valohai_journey_through_a_pipe() {
    let home = tempfile::tempdir().expect("home");
    let sshd = Sshd::start();
    let repo = sshd.repo();
    let mut c = Conversation::start(home.path(), &[]);
    c.answer("Press Enter:", "");
    c.answer("Choice (1-3, Enter for 3):", "");
    c.answer("Choice (1-4, Enter for 4):", "");
    c.wait_for(c.mark, "Step 3 of 7: Public key");
    let private = today_key(&c.data_dir());
    sshd.authorise(&private.with_extension("pub"), "deploy");
    c.answer("Choice (1-3, Enter for 1):", "");
    c.answer("Clone URL:", "git@bitbuckt.org:acme/widgets.git");
    c.wait_for(
        c.mark,
        "Suggested SSH URL: git@ssh.bitbucket.org:acme/widgets.git",
    );
    c.answer("(or a choice; Enter for 1):", &sshd.url("widgets"));
    c.wait_for(c.mark, "SSH URL for Valohai:");
    c.answer("(or a choice; Enter for 1):", "");
    let t = c.wait_for(c.mark, "Choice (1-5, Enter for 2):");
    c.answer("Choice (1-5", &choice(&t, "Paste the private key"));
    let key = std::fs::read_to_string(&private).expect("private key");
    c.answer("Paste the private key (hidden", key.trim_end());
    c.wait_for(c.mark, "Matches the public key from step 2.");
    c.answer("Choice (1-6, Enter for 2):", "");
    c.take("Trust the host key", "Trust the host key");
    let t = c.wait_for(c.mark, "Trust this host key and test again?");
    assert!(t.contains(&sshd.fingerprint()), "{t}");
    c.take("Choice (", "Yes");
    let t = c.wait_for(c.mark, "It will fetch main at");
    assert!(t.contains(&repo.head[..12]), "the head commit of main: {t}");
    assert!(t.contains("Branches: feature, main"), "{t}");
    c.answer("Enter for", "");
    c.wait_for(c.mark, "Step 7 of 7: Done");
    c.answer("Choice (", "quit");
    assert_eq!(c.end(), 0, "{}", c.text());

    let t = c.text();
    assert!(!t.contains('\x1b'), "no escape byte: {t:?}");
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!t.contains(line), "the pasted key never appears: {line}");
    }
    let progress = std::fs::read_to_string(home.path().join("state/bblink/progress.json"))
        .expect("progress saved");
    assert!(progress.contains("\"step\""), "{progress}");
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!progress.contains(line), "no key in the progress file");
    }
    let port = sshd.port.to_string();
    let user = sshd.url("widgets");
    let user = user
        .trim_start_matches("ssh://")
        .split('@')
        .next()
        .unwrap_or_default()
        .to_string();
    let date = private
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.get(n.len() - 10..))
        .unwrap_or_default()
        .to_string();
    let home_path = home.path().display().to_string();
    let text = normalized(
        &t,
        &[
            (&home_path, "<home>"),
            (&repo.head, "<commit>"),
            (&repo.head[..12], "<commit>"),
            (&format!("{user}@"), "<user>@"),
            (&port, "<port>"),
            (&date, "<date>"),
        ],
    );
    // When the test ran, to the minute (`(<date> 18:49 UTC)`).
    let text = without_times(&text);
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("plain__valohai_journey_through_a_pipe", text);
    });
}

/// `<date> 18:49 UTC` as `<date> <time> UTC`.
fn without_times(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("<date> ") {
        let (before, after) = rest.split_at(i + "<date> ".len());
        out.push_str(before);
        let time = after.get(..9).unwrap_or_default();
        let is_time = time.len() == 9
            && time.ends_with(" UTC")
            && time.as_bytes()[2] == b':'
            && time[..2]
                .bytes()
                .chain(time[3..5].bytes())
                .all(|b| b.is_ascii_digit());
        if is_time {
            out.push_str("<time> UTC");
            rest = &after[9..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The last line with text on the screen (where the prompt is).
fn last_line(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

#[test]
fn the_valohai_journey_in_a_dumb_terminal() {
    use crate::tmux::{Tmux, exited};
    let sshd = Sshd::start();
    let repo = sshd.repo();
    let t = Tmux::start();
    let log = t.home.join("typescript");
    // `script` keeps every byte bblink writes to the terminal, and what the terminal echoed.
    t.type_line(&format!(
        "TERM=dumb script -qfec '{}' {}; echo exit=$?",
        bblink_bin().display(),
        log.display()
    ));
    let at = |prefix: &'static str| move |s: &str| last_line(s).starts_with(prefix);
    t.wait_for("the welcome", at("Press Enter:"));
    t.keys(&["Enter"]);
    t.wait_for("the service", at("Choice (1-3, Enter for 3):"));
    // A service by its number: CircleCI asks which kind of key; Valohai again.
    t.type_line("1");
    t.wait_for("the service list", at("Number (1-"));
    t.type_line("1");
    t.wait_for("the service again", |s| {
        s.contains("Service: Valohai") && last_line(s).starts_with("Choice (1-3")
    });
    t.keys(&["Enter"]);
    t.wait_for("the key step", at("Choice (1-4, Enter for 4):"));
    t.keys(&["Enter"]);
    t.wait_for("the public key", |s| {
        s.contains("Step 3 of 7: Public key") && last_line(s).starts_with("Choice (")
    });
    let private = today_key(&t.data_dir());
    sshd.authorise(&private.with_extension("pub"), "deploy");
    t.keys(&["Enter"]);
    t.wait_for("the clone URL", at("Clone URL:"));
    t.type_line("https://bitbucket.org/acme/widgets/src/main/");
    t.wait_for("the repair", |s| {
        s.contains("Suggested SSH URL: git@ssh.bitbucket.org:acme/widgets.git")
    });
    t.type_line(&sshd.url("widgets"));
    t.wait_for("the URL", |s| s.contains("SSH URL for Valohai: ssh://"));
    t.keys(&["Enter"]);
    let s = t.wait_for("the private key step", at("Choice (1-5, Enter for 2):"));
    t.type_line(&choice(&s, "Paste the private key"));
    t.wait_for("the key question", |s| {
        last_line(s).starts_with("Paste the private key (hidden")
    });
    let key = std::fs::read_to_string(&private).expect("private key");
    t.paste_unbracketed(&key);
    let s = t.wait_for("the verdict", |s| {
        s.contains("Matches the public key from step 2.")
    });
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(
            !s.contains(line),
            "the pasted key is not echoed: {line}\n{s}"
        );
    }
    t.wait_for("the prompt", at("Choice (1-6, Enter for 2):"));
    t.keys(&["Enter"]);
    let s = t.wait_for("the host key", |s| {
        s.contains("Trust the host key") && last_line(s).starts_with("Choice (")
    });
    t.type_line(&choice(&s, "Trust the host key"));
    let s = t.wait_for("the trust question", at("Choice (1-2):"));
    assert!(s.contains(&sshd.fingerprint()), "{s}");
    t.type_line("1");
    let s = t.wait_for("the test passed", |s| {
        s.contains("It will fetch main at") && last_line(s).starts_with("Choice (")
    });
    assert!(s.contains(&repo.head[..12]), "{s}");
    t.type_line("back");
    t.wait_for("the private key step again", |s| {
        s.contains("Step 5 of 7: Private key") && last_line(s).starts_with("Choice (")
    });
    t.type_line("go 7");
    t.wait_for("the summary", |s| {
        s.contains("Step 7 of 7: Done") && last_line(s).starts_with("Choice (")
    });
    t.type_line("quit");
    let s = t.wait_for("the exit status", exited);
    assert!(s.lines().any(|l| l == "exit=0"), "{s}");
    t.assert_restored();
    let bytes = std::fs::read(&log).expect("typescript");
    assert!(
        !bytes.contains(&0x1b),
        "no escape byte reached the terminal"
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("Step 6 of 7: Test connection"), "{text}");
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(
            !text.contains(line),
            "the pasted key was never echoed: {line}"
        );
    }
}

#[test]
fn the_hub_through_a_pipe_gets_its_token_checked_and_one_webhook() {
    use crate::bbapi::{self, HUB_NO_WEBHOOK, HUB_TOKEN};
    let api = bbapi::start();
    let home = tempfile::tempdir().expect("home");
    let url = api.cloud_url();
    let mut c = Conversation::start(home.path(), &["--plain", "--api-url", &url]);
    c.answer("Press Enter:", "");
    c.answer("Choice (1-3, Enter for 3):", "1");
    c.take("Number (1-", "Hackolade Model Hub");
    c.wait_for(c.mark, "Service: Hackolade Model Hub");
    c.answer("Enter for", "");
    c.wait_for(c.mark, "Step 2 of 5: Service URL");
    c.answer("URL", "hub.example.com");
    c.wait_for(c.mark, "https://hub.example.com/gateway/public/sync");
    c.answer("Enter for", "");
    c.take(
        "Step 3 of 5: Access token",
        "Give the repository's clone URL",
    );
    c.answer("Clone URL:", "git@bitbucket.org:team/app.git");
    c.take("→ team/app on Bitbucket Cloud", "Give the access token");
    c.answer("Token (hidden", HUB_NO_WEBHOOK);
    c.take("It lacks webhook", "Give the access token");
    c.answer("Token (hidden", HUB_TOKEN);
    c.wait_for(c.mark, "its scopes: repository, webhook");
    c.answer("Enter for", "");
    c.take("Step 4 of 5: Webhook", "Make a new webhook secret");
    c.wait_for(c.mark, "A new secret, 40 random characters");
    c.answer("Enter for", "");
    c.wait_for(c.mark, "Created the push webhook of team/app");
    c.answer("Enter for", "");
    let t = c.wait_for(c.mark, "Step 5 of 5: Done");
    for label in ["Webhook URL", "Access token", "Webhook secret"] {
        assert!(t.contains(label), "{t}");
    }
    c.answer("Choice (", "quit");
    // A secret made here and not saved anywhere else: quitting asks first.
    let t = c.wait_for(c.mark, "Choice (1-2)");
    c.answer("Choice (1-2)", &choice(&t, "Yes"));
    assert_eq!(c.end(), 0, "{}", c.text());
    let hooks = api.with(|i| i.hooks.clone());
    assert_eq!(hooks.len(), 1, "one webhook");
    let secret = hooks[0].4.clone().expect("a secret");
    let t = c.text();
    for planted in [HUB_TOKEN, HUB_NO_WEBHOOK, secret.as_str()] {
        assert!(!t.contains(planted), "{planted} never printed:\n{t}");
    }
    assert!(!t.contains('\x1b'), "{t:?}");
}

#[test]
fn gemnasium_through_a_pipe_checks_the_consumer_with_a_hidden_secret() {
    use crate::bbapi::{self, CONSUMERS};
    let api = bbapi::start();
    let (key, secret, _) = CONSUMERS[0];
    let (_, wrong, _) = CONSUMERS[1];
    let home = tempfile::tempdir().expect("home");
    let token_url = format!("{}/site/oauth2/access_token", api.dc_url());
    let mut c = Conversation::start(home.path(), &["--plain", "--token-url", &token_url]);
    c.answer("Press Enter:", "");
    c.answer("Choice (1-3, Enter for 3):", "1");
    c.take("Number (1-", "Gemnasium Enterprise");
    c.answer("Enter for", "");
    c.answer("URL", "https://gemnasium.example.com/");
    c.wait_for(
        c.mark,
        "https://gemnasium.example.com/auth/auth/bitbucket.org",
    );
    c.answer("Enter for", "");
    c.take("Step 3 of 4: OAuth consumer", "Choose the mode");
    c.take("Number (1-", "Sign-in only");
    c.take("Mode: Sign-in only", "Give the consumer's key");
    c.answer("Key:", key);
    c.take("Choice (", "Give the consumer's secret");
    c.answer("Secret (hidden", wrong);
    c.take("oauth_credentials_invalid", "Give the consumer's secret");
    c.answer("Secret (hidden", secret);
    c.wait_for(c.mark, "Key and secret valid");
    c.answer("Enter for", "");
    c.wait_for(c.mark, "Step 4 of 4: Done");
    c.answer("Choice (", "quit");
    assert_eq!(c.end(), 0, "{}", c.text());
    let t = c.text();
    assert!(!t.contains(secret) && !t.contains(wrong), "{t}");
    assert!(!t.contains('\x1b'), "{t:?}");
}

fn snap_text(name: &str, text: &str) {
    assert!(!text.contains('\x1b'), "{text:?}");
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn every_step_and_dialog_in_plain_words() {
    use bblink::core::keyboard::Action;
    use bblink::core::wizard::{Msg, Step};
    use bblink::testing;
    use bblink::ui::plain::text_of;
    for step in [
        Step::Welcome,
        Step::Service,
        Step::KeyPair,
        Step::PublicKey,
        Step::CloneUrl,
        Step::PrivateKey,
        Step::Test,
        Step::Done,
    ] {
        let w = testing::wizard_on(step);
        snap_text(&format!("plain__ssh_{}", step.name()), &text_of(&w));
    }
    for (id, steps) in [
        (
            "gemnasium",
            &[Step::ServiceUrl, Step::OauthConsumer, Step::Done][..],
        ),
        (
            "hackolade",
            &[
                Step::ServiceUrl,
                Step::AccessToken,
                Step::Webhook,
                Step::Done,
            ][..],
        ),
    ] {
        let mut w = testing::wizard_for(id);
        snap_text(&format!("plain__{id}_service"), &text_of(&w));
        for step in steps {
            w.update(Msg::Action(Action::Jump(*step)));
            assert_eq!(w.step(), *step);
            snap_text(&format!("plain__{id}_{}", step.name()), &text_of(&w));
        }
    }
    let mut w = testing::wizard_on(Step::KeyPair);
    w.update(Msg::Action(Action::NewKey));
    snap_text("plain__dialog_new_key", &text_of(&w));
    let mut w = testing::wizard_for("circleci");
    w.update(Msg::Action(Action::Checklist));
    snap_text("plain__dialog_checklist", &text_of(&w));
    let mut w = testing::wizard_for("circleci");
    w.update(Msg::Action(Action::KnownHostsSheet));
    snap_text("plain__dialog_known_hosts", &text_of(&w));
}

/// The lines of a key that are its secret (not its BEGIN/END lines or headers).
fn secret_lines(key: &str) -> Vec<&str> {
    key.lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':') && l.trim().len() > 8)
        .collect()
}

#[test]
fn a_private_key_in_any_format_is_read_whole_and_never_printed() {
    use crate::support::{run, ssh_keygen_make};
    let dir = tempfile::tempdir().expect("dir");
    let openssh = ssh_keygen_make(dir.path(), "openssh", &["-t", "ed25519", "-N", ""]);
    // A legacy encrypted PEM: headers, then a blank line inside the block.
    let legacy = ssh_keygen_make(
        dir.path(),
        "legacy",
        &["-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "pass-phrase"],
    );
    let ppk = dir.path().join("putty.ppk");
    let (code, _, err) = run(Command::new("puttygen")
        .arg(&openssh)
        .args(["-O", "private", "-o"])
        .arg(&ppk));
    assert_eq!(code, 0, "puttygen (apt-get install putty-tools): {err}");
    let read = |p: &Path| std::fs::read_to_string(p).expect("key");
    let keys = [
        // A blank line before the key, as a hurried paste often has.
        (format!("\n{}", read(&openssh)), "✓ Ready to paste"),
        (read(&legacy), "passphrase"),
        (read(&ppk), "PuTTY"),
    ];
    assert!(keys[1].0.contains("DEK-Info:"), "{}", keys[1].0);
    let home = tempfile::tempdir().expect("home");
    let mut c = Conversation::start(home.path(), &["--plain", "--screen", "private-key"]);
    for (key, verdict) in &keys {
        let t = c.wait_for(c.mark, "Choice (");
        c.answer("Choice (", &choice(&t, "Paste the private key"));
        c.answer("Paste the private key (hidden", key.trim_end());
        c.wait_for(c.mark, "(received");
        let t = c.wait_for(c.mark, verdict);
        // Nothing after the key was taken as an answer.
        assert!(!t.contains("Not one of the choices"), "{t}");
    }
    c.answer("Choice (", "quit");
    c.wait_for(c.mark, "Choice (1-2)");
    c.answer("Choice (1-2)", "yes");
    assert_eq!(c.end(), 0, "{}", c.text());
    let t = c.text();
    for (key, _) in &keys {
        for line in secret_lines(key) {
            assert!(!t.contains(line), "a key line was printed: {line}\n{t}");
        }
    }
}

#[test]
fn quitting_at_the_resume_offer_keeps_the_saved_progress() {
    let home = tempfile::tempdir().expect("home");
    let progress = home.path().join("state/bblink/progress.json");
    let mut c = Conversation::start(home.path(), &["--plain"]);
    c.answer("Press Enter:", "");
    c.answer("Choice (1-3, Enter for 3):", "");
    c.answer("Choice (1-4, Enter for 4):", "");
    c.wait_for(c.mark, "Step 3 of 7: Public key");
    // Copying twice without a clipboard: the same answer again, and the question again.
    let t = c.wait_for(c.mark, "Choice (");
    let copy = choice(&t, "Copy the public key");
    c.answer("Choice (", &copy);
    c.wait_for(c.mark, "No clipboard");
    c.answer("Choice (", &copy);
    c.wait_for(c.mark, "Choice (");
    c.answer("Choice (", "quit");
    assert_eq!(c.end(), 0, "{}", c.text());
    let saved = std::fs::read(&progress).expect("progress saved");
    assert!(String::from_utf8_lossy(&saved).contains("public-key"));
    // quit at the offer, then the end of input at the offer: the progress stays as it was.
    for last in ["quit", ""] {
        let mut c = Conversation::start(home.path(), &["--plain"]);
        c.wait_for(0, "Resume, or start over?");
        if last.is_empty() {
            c.end();
        } else {
            c.answer("Choice (", last);
            assert_eq!(c.end(), 0, "{}", c.text());
            assert!(
                c.text().contains("your saved progress is kept"),
                "{}",
                c.text()
            );
        }
        assert_eq!(
            std::fs::read(&progress).expect("progress"),
            saved,
            "after {last:?}"
        );
    }
}

#[test]
fn hostile_standard_input_and_output_end_the_conversation_cleanly() {
    let home = tempfile::tempdir().expect("home");
    let bblink = || {
        let mut cmd = Command::new(bblink_bin());
        cmd.arg("--plain")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_STATE_HOME", home.path().join("state"));
        cmd
    };
    // A stream without line breaks: dropped as it comes, then given up.
    let out = bblink()
        .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("sends no lines of text"), "{text}");
    // The same at the question that takes a private key, and within a key pasted at another
    // question: no key is that long, and the conversation ends (`timeout` only guards the test).
    for (screen, lead) in [
        ("private-key", "echo 1"),
        ("clone-url", "echo -----BEGIN OPENSSH PRIVATE KEY-----"),
    ] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "({lead}; cat /dev/zero) | timeout 60 \"$0\" --plain --screen {screen}"
            ))
            .arg(bblink_bin())
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_STATE_HOME", home.path().join("state"))
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{screen}: {text}");
        assert!(text.contains("sends no lines of text"), "{screen}: {text}");
    }
    // Escapes and a huge line as answers: escaped, refused, nothing reaches the terminal.
    let mut input = b"\x1b]52;c;ZXZpbA==\x07\x1b[2J\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 200_000));
    input.extend(b"\n\x00\xff\xfe\nquit\n");
    let mut child = bblink()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write");
    let out = child.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !out.stdout.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("That line has 200001 bytes"), "{text}");
    // Nobody reads standard output: one line on standard error, exit 1, no panic.
    let mut child = bblink()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let _ = child.stdin.take().expect("stdin").write_all(b"\n\n\n\n");
    let out = child.wait_with_output().expect("ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err.trim(),
        "error: standard output cannot be written (closed, or the disk is full); progress is saved"
    );
}

#[test]
fn a_key_file_s_passphrase_is_removed_after_a_wrong_try_and_never_shown() {
    use crate::support::{run, ssh_keygen_make};
    let dir = tempfile::tempdir().expect("dir");
    let locked = ssh_keygen_make(
        dir.path(),
        "locked",
        &["-t", "ed25519", "-N", "right-pass-7"],
    );
    let home = tempfile::tempdir().expect("home");
    let mut c = Conversation::start(home.path(), &["--plain", "--screen", "key"]);
    c.take("Choice (", "Use an existing key file");
    c.answer(
        "Path of the private key file",
        &locked.display().to_string(),
    );
    c.take("This key file has a passphrase", "Remove the passphrase");
    c.answer("Passphrase (hidden", "wrong-pass-3");
    // Asked again at once, hidden: not at the visible choice prompt.
    c.answer("Passphrase (hidden", "right-pass-7");
    // The copy without a passphrase is the key in use: on to the public key.
    let t = c.wait_for(c.mark, "Step 3 of 7: Public key");
    assert!(
        !t.contains("right-pass-7") && !t.contains("wrong-pass-3"),
        "{t}"
    );
    c.answer("Choice (", "quit");
    assert_eq!(c.end(), 0, "{}", c.text());
    // The copy opens with no passphrase, and is the same key; the original is untouched.
    let copy = dir.path().join("locked-nopass");
    assert!(t.contains(&copy.display().to_string()), "{t}");
    let (code, public, err) = run(Command::new("ssh-keygen")
        .args(["-y", "-P", ""])
        .arg("-f")
        .arg(&copy));
    assert_eq!(code, 0, "{err}");
    let original = std::fs::read_to_string(locked.with_extension("pub")).expect("pub");
    assert_eq!(
        public.split_whitespace().nth(1),
        original.split_whitespace().nth(1)
    );
}

#[test]
fn a_crlf_key_pasted_in_a_dumb_terminal_is_read_whole_and_never_shown() {
    use crate::support::ssh_keygen_make;
    use crate::tmux::{Tmux, exited};
    let dir = tempfile::tempdir().expect("dir");
    let key = ssh_keygen_make(dir.path(), "k", &["-t", "rsa", "-b", "3072", "-N", ""]);
    let text = std::fs::read_to_string(&key)
        .expect("key")
        .replace('\n', "\r\n");
    let t = Tmux::start();
    t.type_line(&format!(
        "TERM=dumb {} --screen private-key; echo exit=$?",
        bblink_bin().display()
    ));
    let s = t.wait_for("the private key step", |s| {
        last_line(s).starts_with("Choice (")
    });
    t.type_line(&choice(&s, "Paste the private key"));
    t.wait_for("the question", |s| {
        last_line(s).starts_with("Paste the private key (hidden")
    });
    // As a terminal sends CRLF: each line break doubled.
    t.tmux(&["set-buffer", "--", &text]);
    t.tmux(&["paste-buffer", "-r", "-t", "t"]);
    let s = t.wait_for("the verdict", |s| {
        s.contains("pasted (not shown)") && last_line(s).starts_with("Choice (")
    });
    assert!(
        s.contains("RSA 3072 bits") || s.contains("rsa 3072 bits") || s.contains("3072 bits"),
        "{s}"
    );
    assert!(!s.contains("Not one of the choices"), "{s}");
    for line in secret_lines(&text) {
        assert!(!s.contains(line.trim_end()), "shown: {line}\n{s}");
    }
    t.type_line("quit");
    t.wait_for("the quit question", |s| {
        last_line(s).starts_with("Choice (1-2)")
    });
    t.type_line("yes");
    let s = t.wait_for("the exit status", exited);
    assert!(s.lines().any(|l| l == "exit=0"), "{s}");
    t.assert_restored();
}

#[test]
fn back_cancels_a_running_test_at_once_and_the_question_comes_back() {
    use crate::tmux::Tmux;
    // A server that accepts and never speaks: the test waits for it.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = silent.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for s in silent.incoming().flatten() {
            held.push(s);
        }
    });
    let t = Tmux::start();
    t.type_line(&format!(
        "TERM=dumb {} --screen key",
        bblink_bin().display()
    ));
    t.wait_for("the key step", |s| last_line(s).starts_with("Choice (1-4"));
    t.keys(&["Enter"]);
    t.wait_for("the public key", |s| {
        s.contains("Step 3 of 7") && last_line(s).starts_with("Choice (")
    });
    t.keys(&["Enter"]);
    t.wait_for("the clone URL", |s| last_line(s).starts_with("Clone URL:"));
    t.type_line(&format!("ssh://git@127.0.0.1:{port}/acme/app.git"));
    t.wait_for("the URL", |s| {
        s.contains("SSH URL for ") && last_line(s).starts_with("Clone URL")
    });
    t.keys(&["Enter"]);
    t.wait_for("the private key step", |s| {
        s.contains("Step 5 of 7") && last_line(s).starts_with("Choice (")
    });
    // Enter: the test with the key file of step 2.
    t.keys(&["Enter"]);
    // The progress line names the stage the test is at (the server never answers).
    t.wait_for("a progress line with the stage", |s| {
        s.contains("… Check the host key") || s.contains("… Connect")
    });
    t.type_line("back");
    let s = t.wait_for("the cancel and the question", |s| {
        s.contains("Test cancelled") && last_line(s).starts_with("Choice (")
    });
    assert!(s.contains("Step 6 of 7"), "{s}");
    t.type_line("quit");
    t.wait_for("the shell", |s| last_line(s).ends_with('$'));
    t.assert_restored();
}

#[test]
fn a_private_key_pasted_at_any_question_is_read_whole_never_echoed_and_answered_once() {
    use crate::support::ssh_keygen_make;
    let dir = tempfile::tempdir().expect("dir");
    let key = std::fs::read_to_string(ssh_keygen_make(
        dir.path(),
        "stray",
        &["-t", "rsa", "-b", "2048", "-N", ""],
    ))
    .expect("key");
    let home = tempfile::tempdir().expect("home");
    let mut c = Conversation::start(home.path(), &["--plain", "--screen", "clone-url"]);
    // At the clone URL's visible question, then at a menu of numbered choices.
    c.answer("Clone URL", key.trim_end());
    let t = c.wait_for(c.mark, "not shown");
    let since = &t[c.mark.min(t.len())..];
    c.answer("Clone URL", "git@bitbucket.org:acme/widgets.git");
    let t = c.wait_for(c.mark, "ssh.bitbucket.org:acme/widgets.git");
    let after_url = t.len();
    c.answer("(or a choice", "go 1");
    c.wait_for(after_url, "Step 1 of");
    c.answer("Choice (", key.trim_end());
    c.wait_for(c.mark, "not shown");
    c.answer("Choice (", "quit");
    c.wait_for(c.mark, "Choice (1-2)");
    c.answer("Choice (1-2)", "yes");
    assert_eq!(c.end(), 0, "{}", c.text());
    let t = c.text();
    for line in secret_lines(&key) {
        assert!(!t.contains(line), "a key line was printed: {line}\n{t}");
    }
    assert!(
        !t.contains("-----BEGIN") && !t.contains("-----END"),
        "the key's lines are never quoted:\n{t}"
    );
    // One answer for the whole key, not one per line.
    assert_eq!(
        t.matches("That is a private key").count(),
        2,
        "one answer per pasted key:\n{t}"
    );
    assert!(
        t.contains("A private key goes only into the service: step 5 (Private key) checks it."),
        "where it belongs, as the full screen says it:\n{t}"
    );
    assert!(!since.contains("Not one of the choices"), "{since}");
    assert!(!t.contains("This is a key, not a URL"), "{t}");
}

/// The peak resident memory of a process, in kB (`VmHWM`).
fn peak_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn endless_answers_keep_memory_flat() {
    let home = tempfile::tempdir().expect("home");
    // `yes help | bblink --plain`: answers arrive far faster than they are answered.
    let mut child = Command::new(bblink_bin())
        .arg("--plain")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let pid = child.id();
    let writer = std::thread::spawn(move || {
        let chunk = "help\n".repeat(8192);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(4) {
            if stdin.write_all(chunk.as_bytes()).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let mut peak = 0;
    while start.elapsed() < Duration::from_secs(4) {
        peak = peak.max(peak_kb(pid));
        std::thread::sleep(Duration::from_millis(50));
    }
    peak = peak.max(peak_kb(pid));
    let _ = child.kill();
    let _ = child.wait();
    writer.join().expect("writer");
    assert!(peak < 64 * 1024, "peak memory {peak} kB");
}

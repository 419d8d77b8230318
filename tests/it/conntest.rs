//! `bblink test` against a real sshd on 127.0.0.1 (see `sshd.rs`): every outcome the issue
//! lists, with the real ssh, ssh-keyscan and git. Each run has its own HOME and TMPDIR, so
//! the user's files are never read and the temporary key directory is seen to be removed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::sshd::{Sshd, free_port};
use crate::support::{bblink_bin, finding_ids as ids, run, ssh_keygen_make};

struct Client {
    dir: tempfile::TempDir,
    key: PathBuf,
}

impl Client {
    fn new() -> Self {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        for sub in ["home", "tmp", "run"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("dirs");
        }
        // As a real XDG_RUNTIME_DIR is: the user's own, 0700.
        std::fs::set_permissions(
            dir.path().join("run"),
            std::fs::Permissions::from_mode(0o700),
        )
        .expect("chmod");
        let key = ssh_keygen_make(dir.path(), "client", &["-t", "ed25519", "-N", ""]);
        Self { dir, key }
    }

    /// bblink's own `known_hosts` file (under the run's data directory).
    fn known_hosts(&self) -> PathBuf {
        self.dir.path().join("home/data/bblink/known_hosts")
    }

    fn tmp(&self) -> PathBuf {
        self.dir.path().join("tmp")
    }

    /// The per-user runtime directory (`XDG_RUNTIME_DIR`), where the key's copy is kept.
    fn runtime(&self) -> PathBuf {
        self.dir.path().join("run")
    }

    /// Nothing of a test is left in the temporary or runtime directories.
    fn assert_no_key_copy(&self) {
        for dir in [self.tmp(), self.runtime()] {
            let left: Vec<_> = walk(&dir);
            assert!(left.is_empty(), "left behind: {left:?}");
        }
    }

    fn command(&self, url: &str, key: &Path, extra: &[&str]) -> Command {
        let mut cmd = Command::new(bblink_bin());
        cmd.args(["test", "--json", "--url", url, "--key"])
            .arg(key)
            .args(extra)
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("home/data"))
            .env("XDG_RUNTIME_DIR", self.runtime())
            .env("TMPDIR", self.tmp());
        cmd
    }

    /// Runs `bblink test --json`; returns the exit code and the JSON.
    fn test(&self, url: &str, extra: &[&str]) -> (i32, Value) {
        self.test_key(url, &self.key.clone(), extra)
    }

    fn test_key(&self, url: &str, key: &Path, extra: &[&str]) -> (i32, Value) {
        let (code, out, err) = run(&mut self.command(url, key, extra));
        let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
        self.assert_no_key_copy();
        assert!(
            !out.contains("PRIVATE KEY") && !err.contains("PRIVATE KEY"),
            "{out}"
        );
        (code, json)
    }
}

/// Every file and directory under `dir` (directories that hold nothing are left out only when
/// they are bblink's own empty runtime directory).
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            let inner = walk(&p);
            if inner.is_empty() && p.file_name().is_some_and(|n| n == "bblink") {
                continue;
            }
            out.push(p);
            out.extend(inner);
        } else {
            out.push(p);
        }
    }
    out
}

/// The test server with `client`'s key authorised as `kind`, and its fingerprint flag.
fn server(client: &Client, kind: &str) -> (Sshd, crate::sshd::Repo, String) {
    let sshd = Sshd::start();
    let repo = sshd.repo();
    sshd.authorise(&client.key.with_extension("pub"), kind);
    let fp = sshd.fingerprint();
    (sshd, repo, fp)
}

#[test]
fn success_lists_the_branches_and_the_head_commit_the_service_will_fetch() {
    let client = Client::new();
    let (sshd, repo, fp) = server(&client, "deploy");
    let (code, json) = client.test(&sshd.url("widgets"), &["--host-key-fingerprint", &fp]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["ok"], true);
    assert_eq!(json["stage"], "done");
    assert_eq!(json["auth_kind"], "deploy_key");
    assert_eq!(json["repositories"], serde_json::json!(["acme/widgets"]));
    assert_eq!(json["default_branch"], "main");
    assert_eq!(json["head_commit"], repo.head.as_str());
    assert_eq!(json["branches"], serde_json::json!(["feature", "main"]));
    assert_ne!(repo.head, repo.feature);
    let stages: Vec<&str> = json["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| {
            assert_eq!(s["ok"], true, "{s}");
            assert!(s["ms"].is_u64() && s["detail"].is_string(), "{s}");
            s["name"].as_str().expect("name")
        })
        .collect();
    assert_eq!(stages, ["resolve", "connect", "host_key", "auth", "repo"]);
    for key in ["findings", "transcript", "url"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    let recorded = std::fs::read_to_string(client.known_hosts()).expect("recorded");
    let host_pub = std::fs::read_to_string(sshd.host_key.with_extension("pub")).expect("pub");
    let blob = host_pub.split_whitespace().nth(1).expect("blob");
    assert!(
        recorded.starts_with(&format!("[127.0.0.1]:{} ssh-ed25519 {blob}", sshd.port)),
        "{recorded}"
    );
}

#[test]
fn an_unknown_host_key_is_refused_then_trusted_once_confirmed_and_remembered() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let (code, json) = client.test(&sshd.url("widgets"), &[]);
    assert_eq!(
        (code, json["stage"].as_str()),
        (1, Some("host_key")),
        "{json}"
    );
    assert_eq!(ids(&json), ["host_key_unknown"]);
    assert!(
        json["findings"][0]["title"]
            .as_str()
            .expect("title")
            .contains(&fp)
    );
    assert!(
        !client.known_hosts().exists(),
        "nothing is trusted without confirmation"
    );
    let other = "SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM";
    let (code, json) = client.test(&sshd.url("widgets"), &["--host-key-fingerprint", other]);
    assert_eq!(code, 1, "a fingerprint that is not the server's is refused");
    assert_eq!(ids(&json), ["host_key_changed"]);
    let (code, _) = client.test(&sshd.url("widgets"), &["--host-key-fingerprint", &fp]);
    assert_eq!(code, 0);
    let (code, json) = client.test(&sshd.url("widgets"), &[]);
    assert_eq!(code, 0, "trusted from bblink's known_hosts: {json}");
    // Trusted already: no scan first; ssh checked the key on the connection that logged in,
    // and the report still names it, each stage with its own time.
    let stages = json["stages"].as_array().expect("stages");
    let stage = |name: &str| {
        stages
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name}: {json}"))
    };
    let detail = stage("host_key")["detail"].as_str().expect("detail");
    assert!(
        detail.contains(&fp) && detail.contains("checked by ssh on the connection that logged in"),
        "{detail}"
    );
    for name in ["host_key", "auth", "repo"] {
        assert!(stage(name)["ms"].is_u64(), "{name}: {json}");
        assert_eq!(stage(name)["ok"], true, "{name}: {json}");
    }
    assert!(
        !json["transcript"]
            .as_str()
            .unwrap_or_default()
            .contains("ssh-keyscan"),
        "no scan: {json}"
    );
}

#[test]
fn a_changed_host_key_stops_the_test() {
    let client = Client::new();
    let (mut sshd, _, fp) = server(&client, "deploy");
    assert_eq!(
        client
            .test(&sshd.url("widgets"), &["--host-key-fingerprint", &fp])
            .0,
        0
    );
    sshd.restart_with_new_host_key();
    let (code, json) = client.test(&sshd.url("widgets"), &[]);
    assert_eq!(
        (code, json["stage"].as_str()),
        (1, Some("host_key")),
        "{json}"
    );
    assert_eq!(ids(&json), ["host_key_changed"]);
    let title = json["findings"][0]["title"].as_str().expect("title");
    assert!(
        title.contains(&sshd.fingerprint()) && title.contains(&fp),
        "both keys shown: {title}"
    );
}

#[test]
fn a_key_that_is_not_authorised_is_denied_at_login() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let other = ssh_keygen_make(client.dir.path(), "other", &["-t", "ed25519", "-N", ""]);
    let (code, json) = client.test_key(
        &sshd.url("widgets"),
        &other,
        &["--host-key-fingerprint", &fp],
    );
    assert_eq!((code, json["stage"].as_str()), (1, Some("auth")), "{json}");
    assert_eq!(ids(&json), ["publickey_denied"]);
    assert!(
        json["transcript"]
            .as_str()
            .expect("t")
            .contains("Permission denied (publickey)")
    );
}

#[test]
fn a_wrong_repository_is_not_found_after_login() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let (code, json) = client.test(&sshd.url("gadgets"), &["--host-key-fingerprint", &fp]);
    assert_eq!((code, json["stage"].as_str()), (1, Some("repo")), "{json}");
    assert_eq!(ids(&json), ["repo_not_found"]);
    assert_eq!(json["auth_kind"], "deploy_key");
    // One letter off what the key reads (the greeting lists acme/widgets): the fix names it.
    let (code, json) = client.test(&sshd.url("widget"), &["--host-key-fingerprint", &fp]);
    assert_eq!((code, json["stage"].as_str()), (1, Some("repo")), "{json}");
    let fix = json["findings"][0]["fix"].as_str().expect("fix");
    assert!(fix.contains("did you mean acme/widgets?"), "{fix}");
}

#[test]
fn a_passphrase_key_is_diagnosed_not_prompted_for() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let locked = ssh_keygen_make(
        client.dir.path(),
        "locked",
        &["-t", "ed25519", "-N", "secret words"],
    );
    sshd.authorise(&locked.with_extension("pub"), "deploy");
    let (code, json) = client.test_key(
        &sshd.url("widgets"),
        &locked,
        &["--host-key-fingerprint", &fp],
    );
    assert_eq!((code, json["stage"].as_str()), (1, Some("auth")), "{json}");
    assert_eq!(ids(&json), ["passphrase_required"]);
}

#[test]
fn an_account_key_works_with_a_warning() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "account");
    let (code, json) = client.test(&sshd.url("widgets"), &["--host-key-fingerprint", &fp]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["auth_kind"], "account_key");
    assert_eq!(ids(&json), ["account_key"]);
}

#[test]
fn a_closed_port_is_refused_and_a_dns_failure_named() {
    let client = Client::new();
    let url = format!("ssh://git@127.0.0.1:{}/acme/widgets.git", free_port());
    let (code, json) = client.test(&url, &[]);
    assert_eq!(
        (code, json["stage"].as_str()),
        (1, Some("connect")),
        "{json}"
    );
    assert_eq!(ids(&json), ["connection_refused"]);
    let (code, json) = client.test("git@bitbucket-bblink-test.invalid:acme/widgets.git", &[]);
    assert_eq!(
        (code, json["stage"].as_str()),
        (1, Some("resolve")),
        "{json}"
    );
    assert_eq!(ids(&json), ["dns_failure"]);
}

#[test]
fn a_server_that_never_speaks_fails_within_the_timeout() {
    let client = Client::new();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
    let port = listener.local_addr().expect("addr").port();
    let held = std::thread::spawn(move || {
        let conns: Vec<_> = listener.incoming().take(1).collect();
        std::thread::sleep(Duration::from_secs(5));
        drop(conns);
    });
    let started = Instant::now();
    let url = format!("ssh://git@127.0.0.1:{port}/acme/widgets.git");
    let (code, json) = client.test(&url, &["--timeout", "1"]);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "bounded by --timeout"
    );
    assert_eq!(
        (code, json["stage"].as_str()),
        (1, Some("connect")),
        "{json}"
    );
    assert_eq!(ids(&json), ["connection_timeout"]);
    held.join().expect("listener");
}

#[test]
fn a_key_from_standard_input_and_a_cancelled_test_leave_no_key_file_or_process() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let key_text = std::fs::read_to_string(&client.key).expect("key");
    let (code, out, _) = crate::support::run_with_stdin(
        &mut client.command(
            &sshd.url("widgets"),
            Path::new("-"),
            &["--host-key-fingerprint", &fp],
        ),
        &key_text,
    );
    assert_eq!(code, 0, "{out}");
    // A slow server: the test is at the login stage, with its key file written, when SIGTERM
    // arrives.
    let slow = ssh_keygen_make(client.dir.path(), "slow", &["-t", "ed25519", "-N", ""]);
    sshd.authorise(&slow.with_extension("pub"), "slow");
    let mut child = client
        .command(&sshd.url("widgets"), &slow, &["--timeout", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(20);
    while walk(&client.runtime()).is_empty() {
        assert!(Instant::now() < deadline, "the login stage began");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        walk(&client.tmp()).is_empty(),
        "the key's copy is in the runtime directory, not in TMPDIR"
    );
    std::thread::sleep(Duration::from_millis(300));
    let pid = child.id().to_string();
    run(Command::new("kill").args(["-TERM", &pid]));
    let status = child.wait().expect("wait");
    assert_eq!(
        status.code(),
        Some(143),
        "128 + SIGTERM, as the README's exit codes say"
    );
    client.assert_no_key_copy();
    let (_, procs, _) = run(Command::new("pgrep").args(["-f", &format!("-p {} ", sshd.port)]));
    assert!(procs.trim().is_empty(), "ssh was stopped: {procs}");
}

/// The whole wizard in a real terminal against the test server: generate a key, (the test
/// authorises it as Bitbucket would once the user added it), paste the URL and the private
/// key, test, trust the server's host key after comparing it, test a private dependency with
/// the same key, and end on the summary.
#[test]
fn the_wizard_tests_the_connection_end_to_end() {
    use crate::tmux::{Tmux, today_key};
    let tmp = tempfile::tempdir().expect("tmp");
    let t = Tmux::start_with(&format!("TMPDIR={}", tmp.path().display()));
    let sshd = Sshd::start();
    let repo = sshd.repo();
    t.type_line(&bblink_bin().display().to_string());
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    t.keys(&["Enter"]);
    t.wait_for("the service step", |s| s.contains("Step 1 of 7 · Service"));
    t.keys(&["Enter"]);
    t.wait_for("the key step", |s| s.contains("Step 2 of 7 · Key pair"));
    t.keys(&["Enter"]);
    t.wait_for("the public key", |s| {
        s.contains("Step 3 of 7") && s.contains("SHA256:")
    });
    let private = today_key(&t.data_dir());
    sshd.authorise(&private.with_extension("pub"), "deploy");
    t.keys(&["Enter"]);
    t.wait_for("the clone URL step", |s| {
        s.contains("Step 4 of 7 · Clone URL")
    });
    t.paste(&sshd.url("widgets"));
    t.wait_for("the URL accepted", |s| s.contains("✓ Ready: SSH URL"));
    t.keys(&["Enter"]);
    t.wait_for("the private key step", |s| {
        s.contains("Step 5 of 7 · Private key")
    });
    t.paste(&std::fs::read_to_string(&private).expect("private key"));
    t.wait_for("the key checked", |s| s.contains("Matches the public key"));
    t.keys(&["Enter"]);
    let s = t.wait_for("the host key question", |s| {
        s.contains("Step 6 of 7 · Test connection") && s.contains("not trusted yet")
    });
    assert!(s.contains(&sshd.fingerprint()), "{s}");
    t.keys(&["t"]);
    t.wait_for("the trust dialog", |s| s.contains("Trust this host key?"));
    t.keys(&["y"]);
    let s = t.wait_for("the repository read", |s| {
        s.contains("The service can read the repository")
    });
    assert!(s.contains(&repo.head), "the head commit of main: {s}");
    assert!(s.contains("Branches: feature, main"), "{s}");
    // A private dependency pasted here is tested with the same key: an access key reads only
    // its own repository.
    t.paste(&sshd.url("private-lib"));
    t.wait_for("the dependency added", |s| {
        s.contains("private-lib") && s.contains("Added")
    });
    t.keys(&["r"]);
    let s = t.wait_for("both tested", |s| s.contains("user_key_required"));
    assert!(s.contains("repo_not_found"), "{s}");
    t.keys(&["Enter"]);
    let s = t.wait_for("the summary", |s| s.contains("Step 7 of 7 · Done"));
    assert!(
        s.contains("Connection tested (") && s.contains("UTC): the service will fetch main"),
        "{s}"
    );
    t.keys(&["q"]);
    t.assert_restored();
    let known = std::fs::read_to_string(t.data_dir().join("known_hosts")).expect("recorded");
    assert!(
        known.starts_with(&format!("[127.0.0.1]:{} ssh-ed25519 ", sshd.port)),
        "{known}"
    );
    assert!(
        std::fs::read_dir(tmp.path()).expect("tmp").next().is_none(),
        "the temporary key file is gone"
    );
}

#[test]
fn a_hostile_server_cannot_reach_the_terminal_fill_memory_or_stall_the_test() {
    let client = Client::new();
    let script = "#!/bin/sh\nprintf '\\033]52;c;ZXZpbA==\\007\\033[2Jauthenticated via a deploy key.\\n\\nThis deploy key has read access to the following repositories:\\n\\n\\033[31macme/widgets: x -- y\\n'\nhead -c 30000000 /dev/urandom >&2\n";
    let (code, json, took) = against_script(&client, "hostile.sh", script);
    assert!(
        took < Duration::from_secs(20),
        "30 MB of output is read past, not waited on until the 30 s limit"
    );
    assert_eq!(code, 1, "{json}");
    assert_eq!(
        json["repositories"],
        serde_json::json!([]),
        "an escape is not a repository name"
    );
    let text = json.to_string();
    assert!(
        text.len() < 400_000,
        "the transcript is capped: {} bytes",
        text.len()
    );
}

#[test]
fn bad_arguments_are_usage_errors() {
    let client = Client::new();
    let url = "ssh://git@127.0.0.1:1/acme/widgets.git";
    for extra in [
        &[
            "--host-key-fingerprint",
            "97:8c:1b:f2:6f:14:6b:5c:3b:ec:aa:46:46:74:7c:40",
        ][..],
        &["--timeout", "0"][..],
        &["--known-hosts", "/dev/zero"][..],
        &["--record-known-hosts", "/dev/zero"][..],
        &["--known-hosts", "/nonexistent/known_hosts"][..],
    ] {
        let mut cmd = Command::new(bblink_bin());
        cmd.args(["test", "--json", "--url", url, "--key"])
            .arg(&client.key)
            .args(extra);
        let (code, out, _) = run(&mut cmd);
        assert_eq!(code, 2, "{extra:?}: {out}");
        let json: Value = serde_json::from_str(&out).expect("json");
        assert_eq!(json["ok"], false);
    }
    let mut cmd = Command::new(bblink_bin());
    cmd.args([
        "test",
        "--json",
        "--url",
        "https://github.com/a/b.git",
        "--key",
    ])
    .arg(&client.key);
    assert_eq!(run(&mut cmd).0, 2, "not a Bitbucket SSH URL and no repair");
}

#[test]
fn what_git_started_does_not_outlive_the_test() {
    // The server greets like Bitbucket, then answers git with garbage and keeps the session
    // open: git gives up at once, and the ssh it started must not linger (or hold the test).
    let client = Client::new();
    let script = "#!/bin/sh\nif [ -z \"$SSH_ORIGINAL_COMMAND\" ]; then echo 'authenticated via a deploy key.'; exit 0; fi\necho 'not a pkt-line'\nexec sleep 60\n";
    let (code, json, took) = against_script(&client, "stuck.sh", script);
    assert!(
        took < Duration::from_secs(20),
        "git's end is the stage's end, not the 30 s limit"
    );
    assert_eq!((code, json["stage"].as_str()), (1, Some("repo")), "{json}");
    let pattern = client.tmp().display().to_string();
    let (_, left, _) = run(Command::new("pgrep").args(["-fa", &pattern]));
    assert!(left.trim().is_empty(), "processes left behind: {left}");
}

/// A server whose forced command for `client`'s key is `script` (a hostile one), and the
/// test run against it with a 30 s limit; returns the exit code, the JSON and how long it took.
fn against_script(client: &Client, name: &str, script: &str) -> (i32, Value, Duration) {
    let sshd = Sshd::start();
    let path = sshd.dir.path().join(name);
    std::fs::write(&path, script).expect("script");
    run(Command::new("chmod").arg("+x").arg(&path));
    sshd.authorise_with(
        &client.key.with_extension("pub"),
        &path.display().to_string(),
    );
    let fp = sshd.fingerprint();
    let started = Instant::now();
    let (code, json) = client.test(
        &sshd.url("widgets"),
        &["--host-key-fingerprint", &fp, "--timeout", "30"],
    );
    let took = started.elapsed();
    // The same server again, without JSON, to read what reaches a terminal.
    let (_, out, err) = run(&mut client.command(&sshd.url("widgets"), &client.key, &[]));
    let text = format!("{out}{err}");
    for c in text.chars() {
        assert!(
            !c.is_control() || c == '\n' || c == '\t',
            "a control character reached the terminal: {c:?}"
        );
    }
    (code, json, took)
}

/// The server's host key as a `known_hosts` key field (`type base64`).
fn host_key_fields(sshd: &Sshd) -> String {
    let host_pub = std::fs::read_to_string(sshd.host_key.with_extension("pub")).expect("pub");
    host_pub
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_fingerprint_given_is_an_assertion_even_for_a_host_already_trusted() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let url = sshd.url("widgets");
    assert_eq!(client.test(&url, &["--host-key-fingerprint", &fp]).0, 0);
    assert!(client.known_hosts().exists(), "trusted and recorded");
    let other = "SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM";
    let (code, json) = client.test(&url, &["--host-key-fingerprint", other]);
    assert_eq!(
        (code, json["stage"].as_str()),
        (1, Some("host_key")),
        "a fingerprint that is not the server's fails, whatever is remembered: {json}"
    );
    assert_eq!(ids(&json), ["host_key_changed"]);
    let title = json["findings"][0]["title"].as_str().expect("title");
    assert!(title.contains(other) && title.contains(&fp), "{title}");
}

#[test]
fn a_revoked_host_key_is_refused_everywhere() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let url = sshd.url("widgets");
    let key = host_key_fields(&sshd);
    let name = format!("[127.0.0.1]:{}", sshd.port);
    for revoked in [
        format!("@revoked {name} {key}"),
        format!("@revoked * {key}"),
    ] {
        // In a known_hosts file given to read: refused, also when pinned by fingerprint, and
        // not recorded.
        let extra = client.dir.path().join("extra_known_hosts");
        std::fs::write(&extra, format!("{name} {key}\n{revoked}\n")).expect("write");
        let _ = std::fs::remove_file(client.known_hosts());
        let extra_arg = extra.to_string_lossy().into_owned();
        for args in [
            vec!["--known-hosts", extra_arg.as_str()],
            vec![
                "--known-hosts",
                extra_arg.as_str(),
                "--host-key-fingerprint",
                &fp,
            ],
        ] {
            let (code, json) = client.test(&url, &args);
            assert_eq!(
                (code, json["stage"].as_str()),
                (1, Some("host_key")),
                "{revoked} with {args:?}: {json}"
            );
            assert_eq!(ids(&json), ["host_key_changed"], "{json}");
            assert!(
                json["findings"][0]["title"]
                    .as_str()
                    .is_some_and(|t| t.contains("revoked")),
                "{json}"
            );
            assert!(
                !client.known_hosts().exists(),
                "a revoked key is never recorded"
            );
        }
        // In bblink's own known_hosts, next to the line that trusted it.
        std::fs::create_dir_all(client.known_hosts().parent().expect("dir")).expect("dir");
        std::fs::write(client.known_hosts(), format!("{name} {key}\n{revoked}\n")).expect("write");
        let (code, json) = client.test(&url, &[]);
        assert_eq!(
            (code, json["stage"].as_str()),
            (1, Some("host_key")),
            "{json}"
        );
    }
}

#[test]
fn a_known_hosts_file_given_to_read_is_only_read() {
    use std::os::unix::fs::PermissionsExt;
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let url = sshd.url("widgets");
    let target = client.dir.path().join("users_known_hosts");
    let before = "example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO\n";
    std::fs::write(&target, before).expect("write");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = client.dir.path().join("known_hosts_link");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let link_arg = link.to_string_lossy().into_owned();
    let (code, json) = client.test(
        &url,
        &["--known-hosts", &link_arg, "--host-key-fingerprint", &fp],
    );
    assert_eq!(code, 0, "{json}");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink(),
        "the symlink stays a symlink"
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        before,
        "not written"
    );
    let mode = std::fs::metadata(&target)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640, "its mode is untouched");
    let own = std::fs::read_to_string(client.known_hosts()).expect("recorded in bblink's own");
    assert!(own.contains(&host_key_fields(&sshd)), "{own}");
    // Trusted from the file given to read, with nothing confirmed.
    let _ = std::fs::remove_file(client.known_hosts());
    std::fs::write(
        &target,
        format!(
            "{before}[127.0.0.1]:{} {}\n",
            sshd.port,
            host_key_fields(&sshd)
        ),
    )
    .expect("write");
    let (code, json) = client.test(&url, &["--known-hosts", &link_arg]);
    assert_eq!(code, 0, "{json}");
    assert!(!client.known_hosts().exists(), "nothing new to record");
}

#[test]
fn a_key_copy_left_by_a_killed_test_is_removed_by_the_next_run() {
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    let slow = ssh_keygen_make(client.dir.path(), "slow", &["-t", "ed25519", "-N", ""]);
    sshd.authorise(&slow.with_extension("pub"), "slow");
    let key_text = std::fs::read_to_string(&slow).expect("key");
    let mut cmd = client.command(
        &sshd.url("widgets"),
        Path::new("-"),
        &["--timeout", "60", "--host-key-fingerprint", &fp],
    );
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(key_text.as_bytes()).expect("key");
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while !walk(&client.runtime()).iter().any(|p| p.ends_with("key")) {
        assert!(Instant::now() < deadline, "the login stage began");
        std::thread::sleep(Duration::from_millis(20));
    }
    let left = walk(&client.runtime());
    assert!(walk(&client.tmp()).is_empty(), "nothing in TMPDIR");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = left
            .iter()
            .find(|p| p.ends_with("key"))
            .and_then(|k| k.parent())
            .expect("the key's directory");
        let mode = std::fs::metadata(dir).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", dir.display());
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    assert!(
        walk(&client.runtime()).iter().any(|p| p.ends_with("key")),
        "SIGKILL leaves the copy (nothing can run then)"
    );
    let killed: Vec<PathBuf> = walk(&client.runtime());
    // Another test is running when the next run starts: its copy is kept.
    let mut live = client
        .command(
            &sshd.url("widgets"),
            &slow,
            &["--timeout", "60", "--host-key-fingerprint", &fp],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !walk(&client.runtime())
        .iter()
        .any(|p| p.ends_with("key") && !killed.contains(p))
    {
        assert!(
            Instant::now() < deadline,
            "the second test's login stage began"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, out, err) = run(&mut client.command(
        &sshd.url("widgets"),
        &client.key,
        &["--host-key-fingerprint", &fp],
    ));
    assert_eq!(code, 0, "{out} {err}");
    let now = walk(&client.runtime());
    assert!(
        killed
            .iter()
            .filter(|p| p.ends_with("key"))
            .all(|p| !now.contains(p)),
        "the killed run's copy is removed: {now:?}"
    );
    assert_eq!(
        now.iter().filter(|p| p.ends_with("key")).count(),
        1,
        "the running test's copy is kept: {now:?}"
    );
    run(Command::new("kill").args(["-TERM", &live.id().to_string()]));
    live.wait().expect("wait");
    client.assert_no_key_copy();
}

#[test]
fn the_test_s_programs_inherit_no_credential_of_bblink_s() {
    use std::os::unix::fs::PermissionsExt;
    let client = Client::new();
    let (sshd, _, fp) = server(&client, "deploy");
    // Shims in front of the real programs record the environment each one starts with.
    let shims = client.dir.path().join("shims");
    let dumps = client.dir.path().join("dumps");
    std::fs::create_dir_all(&shims).expect("shims");
    std::fs::create_dir_all(&dumps).expect("dumps");
    for program in ["ssh", "ssh-keyscan", "git"] {
        let (_, real, _) = run(Command::new("sh").args(["-c", &format!("command -v {program}")]));
        let script = shims.join(program);
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nenv > \"{}/{program}.$$\"\nexec {} \"$@\"\n",
                dumps.display(),
                real.trim()
            ),
        )
        .expect("shim");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let path = format!(
        "{}:{}",
        shims.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = client.command(
        &sshd.url("widgets"),
        &client.key,
        &["--host-key-fingerprint", &fp],
    );
    cmd.env("PATH", &path)
        .env("BBLINK_BITBUCKET_TOKEN", "ATATT-env-token-secret")
        .env("BBLINK_BITBUCKET_EMAIL", "dev@example.com")
        .env("BBLINK_OAUTH_SECRET", "oauth-env-secret")
        .env("BBLINK_WEBHOOK_SECRET", "hook-env-secret")
        .env("AWS_SECRET_ACCESS_KEY", "users-own-secret")
        .env("SSH_AUTH_SOCK", "/tmp/nowhere.sock");
    let (code, out, err) = run(&mut cmd);
    assert_eq!(code, 0, "{out} {err}");
    let mut seen = Vec::new();
    for dump in std::fs::read_dir(&dumps).expect("dumps").flatten() {
        let name = dump.file_name().to_string_lossy().into_owned();
        let env = std::fs::read_to_string(dump.path()).expect("env");
        for secret in [
            "ATATT-env-token-secret",
            "oauth-env-secret",
            "hook-env-secret",
            "users-own-secret",
            "dev@example.com",
            "nowhere.sock",
        ] {
            assert!(!env.contains(secret), "{name} inherited {secret}:\n{env}");
        }
        assert!(!env.contains("BBLINK_"), "{name}:\n{env}");
        seen.push(name.split('.').next().unwrap_or_default().to_string());
    }
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen,
        ["git", "ssh", "ssh-keyscan"],
        "every program was seen"
    );
}

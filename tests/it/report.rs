//! `bblink report`: a support bundle that holds no secret, whatever was planted in its inputs.

use std::process::Command;

use crate::sshd::Sshd;
use crate::support::{bblink_bin, run, ssh_keygen_make};

const TOKEN: &str = "Zq7PLANTEDtoken42";

/// The lines of a private key file (its material), to look for in the report.
fn key_lines(path: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("key")
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() > 20)
        .map(str::to_string)
        .collect()
}

#[test]
fn no_secret_planted_in_the_inputs_reaches_the_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sshd = Sshd::start();
    sshd.repo();
    let key = ssh_keygen_make(dir.path(), "deploy", &["-t", "ed25519", "-N", ""]);
    sshd.authorise(&key.with_extension("pub"), "deploy");
    let url = format!(
        "ssh://{}:{TOKEN}@127.0.0.1:{}/acme/widgets.git",
        crate::sshd::user(),
        sshd.port
    );
    let out_file = dir.path().join("report.md");
    let (code, _, err) = run(Command::new(bblink_bin())
        .args(["report", "--url", &url, "--key"])
        .arg(&key)
        .arg("--record-known-hosts")
        .arg(dir.path().join("kh"))
        .args(["--host-key-fingerprint", &sshd.fingerprint(), "--out"])
        .arg(&out_file)
        .env("HOME", dir.path()));
    let report = std::fs::read_to_string(&out_file).expect("written");
    assert!(err.contains("read it before you share it"), "{err}");
    assert!(!report.contains(TOKEN), "the token:\n{report}");
    for line in key_lines(&key) {
        assert!(!report.contains(&line), "key material:\n{report}");
    }
    assert!(!report.contains("PRIVATE KEY"), "{report}");
    assert!(
        report.contains("OK   connection test"),
        "the repaired URL was tested:\n{report}"
    );
    assert!(
        report.contains("FAIL clone URL"),
        "a password in the URL is a failure:\n{report}"
    );
    assert_eq!(code, 1, "one failed check:\n{report}");
    assert!(
        report
            .trim_end()
            .ends_with("before you attach it to a ticket.")
    );
    // An existing file is never replaced.
    let (code, _, err) = run(Command::new(bblink_bin())
        .args(["report", "--out"])
        .arg(&out_file));
    assert_ne!(code, 0);
    assert!(err.contains("not written"), "{err}");
    assert_eq!(std::fs::read_to_string(&out_file).expect("kept"), report);
}

/// `bblink report` in a throwaway HOME (the machine's check reads the HOME's setup).
fn report_in(home: &std::path::Path) -> Command {
    std::fs::create_dir_all(home.join(".ssh")).expect("mkdir");
    let mut cmd = Command::new(bblink_bin());
    cmd.env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("SSH_AUTH_SOCK")
        .env_remove("GIT_SSH_COMMAND")
        .env_remove("GIT_SSH")
        .current_dir(home)
        .arg("report");
    cmd
}

#[test]
fn without_inputs_the_report_says_what_it_skipped() {
    let home = tempfile::tempdir().expect("tempdir");
    let (code, out, _) = run(&mut report_in(home.path()));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("SKIP clone URL") && out.contains("SKIP connection test"),
        "{out}"
    );
    assert!(out.contains("OK   this machine: No problem found"), "{out}");
    assert!(out.contains("0 of 2 checks failed."), "{out}");
}

#[test]
fn the_report_includes_the_machines_findings_with_their_lines() {
    let home = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(home.path().join(".ssh")).expect("mkdir");
    let config = home.path().join(".ssh/config");
    std::fs::write(&config, "Host *\n  UseKeychain yes\n").expect("write");
    let (code, out, _) = run(&mut report_in(home.path()));
    assert_eq!(code, 1, "one check failed: {out}");
    assert!(
        out.contains("FAIL this machine: 1 problem found: 1 error, 0 warnings."),
        "{out}"
    );
    assert!(
        out.contains("error ssh_config_unsupported_option:")
            && out.contains(&format!("at {}:2  UseKeychain yes", config.display())),
        "{out}"
    );
}

#[test]
fn a_key_on_standard_input_is_read_once_and_tested() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sshd = Sshd::start();
    sshd.repo();
    let key = ssh_keygen_make(dir.path(), "deploy", &["-t", "ed25519", "-N", ""]);
    sshd.authorise(&key.with_extension("pub"), "deploy");
    let text = std::fs::read_to_string(&key).expect("key");
    let (code, out, _) = crate::support::run_with_stdin(
        Command::new(bblink_bin())
            .args([
                "report",
                "--url",
                &sshd.url("widgets"),
                "--key",
                "-",
                "--record-known-hosts",
            ])
            .arg(dir.path().join("kh"))
            .args(["--host-key-fingerprint", &sshd.fingerprint()])
            .env("HOME", dir.path()),
        &text,
    );
    assert!(out.contains("OK   connection test"), "{out}");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_log_given_to_the_report_is_diagnosed_as_diagnose_does_in_the_same_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("ci.log");
    std::fs::write(
        &log,
        "git clone https://x-token-auth:ATCTT3xFfGN0abcdefghij@bitbucket.org/w/r.git\nWARNING: UNPROTECTED PRIVATE KEY FILE!\nPermissions 0644 for '/root/.ssh/id_rsa' are too open.\ngit@ssh.bitbucket.org: Permission denied (publickey).\nfatal: Could not read from remote repository.\n",
    )
    .expect("write");
    let (_, json, _) = run(Command::new(bblink_bin())
        .args(["diagnose", "--json"])
        .arg(&log));
    let json: serde_json::Value = serde_json::from_str(&json).expect("json");
    let ids: Vec<String> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("`{}`", f["id"].as_str().unwrap_or_default()))
        .collect();
    let (code, report, _) = run(Command::new(bblink_bin())
        .arg("report")
        .arg("--log")
        .arg(&log)
        .env("HOME", dir.path()));
    assert_eq!(code, 1, "the log shows a failure:\n{report}");
    assert!(report.contains("FAIL log: ssh ignores the key"), "{report}");
    let section = report
        .split("## Diagnosis of the log (5 lines)")
        .nth(1)
        .expect("the log's section");
    let mut at = 0;
    for id in &ids {
        let found = section[at..]
            .find(id.as_str())
            .unwrap_or_else(|| panic!("{id} after {at} in\n{section}"));
        at += found + id.len();
    }
    assert!(section.contains("line 3: `Permissions 0644"), "{section}");
    assert!(!report.contains("ATCTT3xFfGN0abcdefghij"), "{report}");
}

#[test]
fn without_arguments_the_report_uses_what_the_wizard_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sshd = Sshd::start();
    sshd.repo();
    let key = ssh_keygen_make(dir.path(), "deploy", &["-t", "ed25519", "-N", ""]);
    sshd.authorise(&key.with_extension("pub"), "deploy");
    // The progress the wizard saves, by the serialiser it uses.
    let progress = bblink::core::progress::Progress {
        version: bblink::core::progress::Progress::VERSION,
        service: "valohai".into(),
        flavor: bblink::core::service::Flavor::Cloud,
        step: "done".into(),
        algorithm: bblink::core::ssh_keys::KeyAlgorithm::Ed25519,
        label: "deploy".into(),
        label_edited: false,
        key_path: Some(key.clone()),
        clone_url: Some(sshd.url("widgets")),
        service_url: None,
        mode: None,
        consumer_key: None,
        token_repo: None,
        user_key: false,
        public_key: None,
        tested: None,
        private_key: None,
        credentials: Vec::new(),
    };
    let state = dir.path().join("state");
    std::fs::create_dir_all(state.join("bblink")).expect("state");
    std::fs::write(
        state.join("bblink/progress.json"),
        serde_json::to_string(&progress).expect("json"),
    )
    .expect("write");
    let (code, report, err) = run(Command::new(bblink_bin())
        .arg("report")
        .arg("--record-known-hosts")
        .arg(dir.path().join("kh"))
        .args(["--host-key-fingerprint", &sshd.fingerprint()])
        .env("HOME", dir.path())
        .env("XDG_STATE_HOME", &state)
        .env("XDG_DATA_HOME", dir.path().join("data")));
    assert!(err.contains("the wizard saved"), "{err}");
    assert!(report.contains("OK   connection test"), "{report}\n{err}");
    assert!(report.contains("acme/widgets"), "{report}");
    assert_eq!(code, 0, "{report}");
}

#[test]
fn key_and_log_cannot_both_come_from_standard_input() {
    let home = tempfile::tempdir().expect("home");
    for args in [
        ["--key", "-", "--log", "-"],
        ["--key", "/dev/stdin", "--log", "-"],
        ["--key", "-", "--log", "/dev/stdin"],
    ] {
        let (code, out, err) = run(report_in(home.path()).args(args));
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains("standard input"), "{err}");
        assert!(out.is_empty(), "no report: {out}");
    }
}

#[test]
fn a_report_into_a_folder_that_does_not_exist_is_refused_and_creates_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let target = home.path().join("typo-dir").join("report.txt");
    let (code, _, err) = run(report_in(home.path()).arg("--out").arg(&target));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert!(!home.path().join("typo-dir").exists(), "no folder made");
}

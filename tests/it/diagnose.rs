//! `bblink diagnose` as a support engineer runs it: a file, a pipe, standard input; JSON and
//! text; exit codes; hostile input.

use std::process::Command;

use serde_json::Value;

use crate::support::{bblink_bin, run, run_with_stdin};

const LOG: &str = "Cloning into 'app'...\nWarning: Permanently added 'ssh.bitbucket.org' (ED25519) to the list of known hosts.\nWARNING: UNPROTECTED PRIVATE KEY FILE!\nPermissions 0644 for '/root/.ssh/id_rsa' are too open.\ngit@ssh.bitbucket.org: Permission denied (publickey).\nfatal: Could not read from remote repository.\n";

fn diagnose_json(input: &str) -> (i32, Value) {
    let (code, out, err) = run_with_stdin(
        Command::new(bblink_bin()).args(["diagnose", "--json"]),
        input,
    );
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}")),
    )
}

#[test]
fn a_log_on_standard_input_gives_the_cause_first_with_its_evidence() {
    let (code, json) = diagnose_json(LOG);
    assert_eq!(code, 1, "findings exist");
    let first = &json["findings"][0];
    assert_eq!(first["id"], "key_bad_permissions");
    assert_eq!(first["evidence"][0]["line"], 3);
    for key in ["title", "cause", "fix", "screen", "references", "evidence"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    let ids: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        [
            "key_bad_permissions",
            "publickey_denied",
            "remote_read_failed"
        ]
    );
    assert_eq!(json["lines"], 6);
}

#[test]
fn a_clean_log_exits_0_and_usage_errors_exit_2() {
    let (code, json) = diagnose_json("Cloning into 'app'...\ndone.\n");
    assert_eq!(code, 0);
    assert_eq!(json["findings"], serde_json::json!([]));
    let (code, _, _) = run(Command::new(bblink_bin()).args(["diagnose", "--nope"]));
    assert_eq!(code, 2);
}

#[test]
fn files_pipes_and_things_that_are_not_logs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ci.log");
    std::fs::write(&file, LOG).expect("write");
    let (code, out, _) = run(Command::new(bblink_bin()).arg("diagnose").arg(&file));
    assert_eq!(code, 1);
    assert!(
        out.contains("✗ key_bad_permissions") && out.contains("line 4:"),
        "{out}"
    );
    assert!(out.contains("chmod 600"), "the fix is there: {out}");
    for bad in ["/dev/zero", "/"] {
        let (code, out, _) = run(Command::new(bblink_bin()).args(["diagnose", "--json", bad]));
        assert_eq!(code, 1, "{bad}");
        assert_eq!(
            serde_json::from_str::<Value>(&out).expect("json")["ok"],
            false
        );
    }
    let fifo = dir.path().join("fifo");
    crate::support::make_fifo(&fifo);
    let (code, out, _) = run(Command::new(bblink_bin())
        .args(["diagnose", "--json"])
        .arg(&fifo)
        .env("BBLINK_PIPE_TIMEOUT_MS", "300"));
    assert_eq!(code, 1, "a pipe nobody writes to times out: {out}");
}

#[test]
fn escapes_and_secrets_in_a_log_never_reach_the_terminal() {
    let log = format!(
        "\x1b]52;c;ZXZpbA==\x07fatal: Authentication failed for 'https://me:hunter2@bitbucket.org/w/r.git/'\n{LOG}"
    );
    let (_, out, err) = run_with_stdin(Command::new(bblink_bin()).arg("diagnose"), &log);
    assert!(
        !out.contains("hunter2") && !err.contains("hunter2"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "{out:?}");
    assert!(out.contains("https_auth_failed"), "{out}");
}

//! `bblink diagnose` as a support engineer runs it: a file, a pipe, standard input; JSON and
//! text; exit codes; hostile input.

use std::process::Command;

use serde_json::Value;

use crate::support::{bblink_bin, finding_ids as ids, run, run_with_stdin, ssh_keygen_make};

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
fn a_fifo_whose_writer_wrote_and_left_at_once_keeps_its_log() {
    // `bblink diagnose <(git clone … 2>&1)` with a command that fails fast: the writer may be
    // gone before bblink reads; what it wrote must still be read.
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("fifo");
    crate::support::make_fifo(&fifo);
    for round in 0..10 {
        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            std::fs::write(&path, "git@bitbucket.org: Permission denied (publickey).\n")
        });
        let (code, out, err) = run(Command::new(bblink_bin())
            .args(["diagnose", "--json"])
            .arg(&fifo)
            .env("BBLINK_PIPE_TIMEOUT_MS", "5000"));
        writer.join().expect("writer").expect("written");
        assert_eq!(code, 1, "round {round}: {out} {err}");
        assert!(
            out.contains("publickey_denied"),
            "round {round}: {out} {err}"
        );
    }
    // `<(…)` whose command takes longer than the pipe timeout to print: its writer is there
    // from the start, so it is waited for as standard input is.
    let log = dir.path().join("ci.log");
    std::fs::write(&log, LOG).expect("write");
    let script = format!(
        "{} diagnose --json <(sleep 1; cat '{}')",
        bblink_bin().display(),
        log.display()
    );
    let (code, out, err) = run(Command::new("bash")
        .args(["-c", &script])
        .env("BBLINK_PIPE_TIMEOUT_MS", "300"));
    assert_eq!(code, 1, "{out} {err}");
    assert!(out.contains("key_bad_permissions"), "{out} {err}");
}

#[test]
fn a_long_line_is_read_to_its_end_and_a_longer_one_is_said_to_be_cut() {
    // A JSON dump or a log without line breaks: the error at the end of a 300 KB line counts.
    let far = format!(
        "{} git@bitbucket.org: Permission denied (publickey).\nfatal: Could not read from remote repository.\n",
        "{\"step\":1},".repeat(30_000)
    );
    let (code, json) = diagnose_json(&far);
    assert_eq!(code, 1);
    assert_eq!(json["findings"][0]["id"], "publickey_denied", "{json}");
    assert_eq!(json["findings"][0]["evidence"][0]["line"], 1);
    assert_eq!(json["lines_cut"], 0);
    // Past 2 MiB the rest of the line is not read: the output says which line.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("one-line.log");
    let cut = format!(
        "Cloning into 'app'...\n{} Permission denied (publickey).\nfatal: Could not read from remote repository.\n",
        "x".repeat(3 << 20)
    );
    std::fs::write(&file, cut).expect("write");
    let (code, out, _) = run(Command::new(bblink_bin()).arg("diagnose").arg(&file));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Note: line 2 is longer than 2 MiB: only its first 2 MiB were read"),
        "{out}"
    );
    assert!(out.contains("line 3:"), "the lines after it count: {out}");
    let (_, out, _) = run(Command::new(bblink_bin())
        .args(["diagnose", "--json"])
        .arg(&file));
    let json: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(
        (json["lines_cut"].clone(), json["first_cut_line"].clone()),
        (1.into(), 2.into())
    );
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

#[test]
fn an_evident_failure_no_entry_explains_is_never_no_problem() {
    let log = "Cloning into 'app'...\nfatal: the frobnicator refused token ATCTT3xFfGN0abcdefghij\nerror: process exited with exit status 1\n";
    let (code, json) = diagnose_json(log);
    assert_eq!(code, 1, "a failure: {json}");
    let first = &json["findings"][0];
    assert_eq!(first["id"], "unrecognised_error");
    assert_eq!(first["confidence"], "inferred");
    assert_eq!(first["evidence"][0]["line"], 2);
    let all = json.to_string();
    assert!(
        all.contains("frobnicator"),
        "the decisive line is quoted: {all}"
    );
    assert!(!all.contains("ATCTT3xFfGN0abcdefghij"), "redacted: {all}");
    assert!(
        first["fix"].to_string().contains("bblink report"),
        "the way to a report: {first}"
    );
}

#[test]
fn each_finding_says_whether_a_known_message_showed_it() {
    let (_, json) =
        diagnose_json("HTTP/2 401\nwww-authenticate: Basic realm=\"Bitbucket.org HTTP\"\n");
    assert_eq!(json["findings"][0]["id"], "api_credential_invalid");
    assert_eq!(json["findings"][0]["confidence"], "inferred");
    let (_, json) = diagnose_json(LOG);
    assert_eq!(json["findings"][0]["confidence"], "known");
    let (_, out, _) = run_with_stdin(Command::new(bblink_bin()).arg("diagnose"), LOG);
    assert!(out.contains("[known]"), "the text says it too:\n{out}");
}

#[test]
fn a_context_counts_only_within_its_own_command() {
    let log = "$ go mod download\ngo: downloading example.com/lib v1.0.0\n$ git clone https://bitbucket.org/acme/app.git\nCloning into 'app'...\nfatal: could not read Username for 'https://bitbucket.org': terminal prompts disabled\n";
    let (_, json) = diagnose_json(log);
    assert!(
        !ids(&json).contains(&"go_private_module".to_string()),
        "{json}"
    );
    let inside = "$ go mod download\ngo: example.com/lib: git ls-remote -q https://bitbucket.org/acme/lib.git\nfatal: could not read Username for 'https://bitbucket.org': terminal prompts disabled\n";
    let (_, json) = diagnose_json(inside);
    assert!(
        ids(&json).contains(&"go_private_module".to_string()),
        "{json}"
    );
    // Another repository fetched inside a build: the access key reads only its own.
    let fetch = "$ go mod download\ngo: example.com/lib: git clone git@bitbucket.org:acme/lib.git\nERROR: Repository not found.\nfatal: Could not read from remote repository.\n";
    let (_, json) = diagnose_json(fetch);
    assert_eq!(ids(&json)[0], "user_key_required", "{json}");
    // The same answer after the build's own clone, in another command: the repository.
    let outside = "$ go mod download\ngo: downloading example.com/lib v1.0.0\n$ git clone git@bitbucket.org:acme/app.git\nERROR: Repository not found.\nfatal: Could not read from remote repository.\n";
    let (_, json) = diagnose_json(outside);
    assert_eq!(ids(&json)[0], "repo_not_found", "{json}");
}

#[test]
fn bblink_reads_its_own_output_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ssh_keygen_make(dir.path(), "k", &["-t", "ed25519", "-N", ""]);
    let url = "ssh://git@127.0.0.1:1/acme/app.git";
    for json in [false, true] {
        let mut cmd = Command::new(bblink_bin());
        cmd.args(["test", "--url", url, "--key"]).arg(&key);
        if json {
            cmd.arg("--json");
        }
        let (code, out, _) = run(cmd.env("HOME", dir.path()));
        assert_eq!(code, 1, "{out}");
        let (code, diagnosed) = diagnose_json(&out);
        assert_eq!(code, 1);
        assert_eq!(
            ids(&diagnosed)[0],
            "connection_refused",
            "{out}\n{diagnosed}"
        );
        // And the diagnosis of that, again.
        let (_, again) = diagnose_json(&diagnosed.to_string());
        assert_eq!(ids(&again)[0], "connection_refused");
    }
    std::fs::write(&key, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n").expect("write");
    let (_, out, _) = run(Command::new(bblink_bin())
        .args(["check-key", "--json"])
        .arg(&key));
    let (_, diagnosed) = diagnose_json(&out);
    let first = &ids(&diagnosed)[0];
    assert!(
        out.contains(&format!("\"id\":\"{first}\""))
            || out.contains(&format!("\"id\": \"{first}\"")),
        "{first} is the first id check-key printed:\n{out}"
    );
}

#[test]
fn the_command_line_and_the_screens_give_the_same_findings_in_the_same_order() {
    // The screens and `bblink report` call the library on the text; the command line reads in
    // blocks, searching the next while judging the last. Over every collected log, one by one
    // and all together in a log large enough to be read in several blocks, the two agree.
    let catalog = bblink::core::catalog::catalog().expect("catalog");
    let mut all = String::new();
    for (name, _, _, body) in crate::transcripts::transcripts() {
        all.push_str(&body);
        let lib: Vec<String> = bblink::core::diagnosis::diagnose(catalog, &body)
            .into_iter()
            .map(|f| f.id)
            .collect();
        let (_, json) = diagnose_json(&body);
        assert_eq!(ids(&json), lib, "{name}");
    }
    let mut big = String::new();
    while big.len() < 6 * 1024 * 1024 {
        big.push_str(&all);
        big.push_str(&"debug1: Reading configuration data /etc/ssh/ssh_config\n".repeat(5000));
    }
    let lib = bblink::core::diagnosis::diagnose(catalog, &big);
    let (_, json) = diagnose_json(&big);
    assert_eq!(
        ids(&json),
        lib.iter().map(|f| f.id.clone()).collect::<Vec<_>>()
    );
    let lines: Vec<u64> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["evidence"][0]["line"].as_u64().unwrap_or(0))
        .collect();
    let lib_lines: Vec<u64> = lib
        .iter()
        .map(|f| f.evidence.first().map_or(0, |e| e.line as u64))
        .collect();
    assert_eq!(lines, lib_lines, "the same evidence lines");
}

#[test]
fn a_log_whose_lines_end_with_carriage_returns_alone_is_read_line_by_line() {
    // As a terminal that sends CR pastes it; the troubleshooting screen splits it the same way.
    let (code, json) = diagnose_json(&LOG.replace('\n', "\r"));
    assert_eq!(code, 1);
    assert_eq!(json["lines"], 6, "{json}");
    assert_eq!(json["findings"][0]["id"], "key_bad_permissions");
    assert_eq!(json["findings"][0]["evidence"][0]["line"], 3);
}

#[test]
fn an_error_after_progress_redrawn_with_carriage_returns_is_found() {
    // git's progress redraws one terminal line with CR; a CI log keeps every redraw on one
    // line (longer than a line is read), and the error comes after the last one.
    let progress: String = (0..4_000)
        .map(|i| format!("Receiving objects:  {}% ({i}/4000)\r", i / 40))
        .collect();
    let log = format!(
        "Cloning into 'app'...\n{progress}fatal: unable to access 'https://bitbucket.org/team/app.git/': The requested URL returned error: 403\n"
    );
    let (code, json) = diagnose_json(&log);
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["findings"][0]["id"], "https_auth_failed", "{json}");
    // Each redraw counts as a line, as the troubleshooting screen counts a pasted one.
    assert_eq!(json["findings"][0]["evidence"][0]["line"], 4_002, "{json}");
}

/// `bblink diagnose --json` on a file of these bytes: its exit code and its JSON.
fn diagnose_file_json(bytes: &[u8]) -> (i32, Value) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("ci.log");
    std::fs::write(&path, bytes).expect("write");
    let (code, out, err) = run(Command::new(bblink_bin())
        .args(["diagnose", "--json"])
        .arg(&path));
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, json)
}

#[test]
fn a_log_saved_as_utf32_is_read_as_its_text() {
    let mut bytes = 0xFEFF_u32.to_le_bytes().to_vec();
    for c in LOG.chars() {
        bytes.extend(u32::from(c).to_le_bytes());
    }
    let (code, json) = diagnose_file_json(&bytes);
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["findings"][0]["id"], "key_bad_permissions", "{json}");
}

#[test]
fn a_log_saved_as_utf16_by_powershell_is_read_as_its_text() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in LOG.replace('\n', "\r\n").encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let (code, json) = diagnose_file_json(&bytes);
    assert_eq!(code, 1, "{json}");
    assert_eq!(json["lines"], 6, "{json}");
    assert_eq!(json["findings"][0]["id"], "key_bad_permissions");
    assert_eq!(json["findings"][0]["evidence"][0]["line"], 3);
}

#[test]
fn binary_data_is_refused_with_a_reason_not_read_as_a_log() {
    let dir = tempfile::tempdir().expect("dir");
    // A compressed log: the gzip of LOG, as `gzip` writes it.
    let plain = dir.path().join("ci.log");
    std::fs::write(&plain, LOG.repeat(50)).expect("write");
    let status = Command::new("gzip")
        .arg("-k")
        .arg(&plain)
        .status()
        .expect("gzip");
    assert!(status.success());
    let (code, out, err) = run(Command::new(bblink_bin())
        .arg("diagnose")
        .arg(dir.path().join("ci.log.gz")));
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("binary data, not a text log") && err.contains("zcat"),
        "{err}"
    );
    assert!(!out.contains("No known problem"), "{out}");
    // Endless zeros on standard input end at once, with the reason in the JSON.
    let zero = std::fs::File::open("/dev/zero").expect("zero");
    let got = Command::new(bblink_bin())
        .args(["diagnose", "--json", "-"])
        .stdin(zero)
        .output()
        .expect("run");
    let json: Value = serde_json::from_slice(&got.stdout).expect("json");
    assert_eq!(got.status.code(), Some(1));
    assert_eq!(json["problems"][0]["id"], "not_text", "{json}");
}

#[test]
fn an_empty_log_is_said_to_be_empty_not_clean() {
    let (code, out, err) = run_with_stdin(Command::new(bblink_bin()).args(["diagnose", "-"]), "");
    assert_eq!(code, 1, "{out}");
    assert!(
        err.contains("the log is empty") && err.contains("2>&1"),
        "{err}"
    );
    assert!(!out.contains("No known problem"), "{out}");
}

#[test]
fn a_command_run_again_that_worked_overcomes_its_first_run() {
    let log = "+ git clone git@bitbucket.org:acme/app.git\nCloning into 'app'...\nssh: connect to host bitbucket.org port 22: Connection timed out\nfatal: Could not read from remote repository.\nRetrying in 10 seconds (attempt 2/3)...\n+ git clone git@bitbucket.org:acme/app.git\nCloning into 'app'...\nReceiving objects: 100% (1234/1234), 2.10 MiB | 5.00 MiB/s, done.\n";
    let (code, json) = diagnose_json(log);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0), "{json}");
    // Run again and failed again: the failure stays.
    let again = log.replace(
        "Receiving objects: 100% (1234/1234), 2.10 MiB | 5.00 MiB/s, done.",
        "ssh: connect to host bitbucket.org port 22: Connection timed out",
    );
    let (code, json) = diagnose_json(&again);
    assert_eq!(code, 1);
    assert_eq!(json["findings"][0]["id"], "connection_timeout", "{json}");
}

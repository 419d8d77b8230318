//! The subcommands at their edges: files that are not files, pipes, escapes in what they echo,
//! JSON for every outcome, outputs that cannot be written, and key files never lost.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{bblink_bin, mode, run, run_with_stdin};

fn bblink(args: &[&str]) -> (i32, String, String) {
    run(Command::new(bblink_bin()).args(args))
}

fn keygen_into(dir: &Path, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join(name);
    let mut args = vec!["keygen", "--out", out.to_str().expect("utf-8")];
    args.extend_from_slice(extra);
    let (code, _, err) = bblink(&args);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn force_never_destroys_the_old_pair_when_a_destination_is_not_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = keygen_into(dir.path(), "k", &[]);
    let before = fs::read(&key).expect("read");
    fs::remove_file(dir.path().join("k.pub")).expect("rm");
    fs::create_dir(dir.path().join("k.pub")).expect("mkdir");
    let (code, _, err) = bblink(&["keygen", "--force", "--out", key.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(err.contains("not a regular file"), "{err}");
    assert_eq!(
        fs::read(&key).expect("read"),
        before,
        "the old key is intact"
    );
    let names: Vec<String> = fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".bblink-tmp")),
        "{names:?}"
    );
}

#[test]
fn keygen_picks_a_free_name_tidies_and_refuses_a_multi_line_comment() {
    let home = tempfile::tempdir().expect("tempdir");
    let keys = home.path().join("data/bblink/keys");
    fs::create_dir_all(&keys).expect("mkdir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&keys, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    fs::write(keys.join(".bblink-tmp-left-behind"), "half a key").expect("write");
    let run_in = |args: &[&str]| {
        run(Command::new(bblink_bin())
            .args(args)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data")))
    };
    assert_eq!(run_in(&["keygen", "--comment", "ci"]).0, 0);
    let (code, out, err) = run_in(&["keygen", "--comment", "ci"]);
    assert_eq!(
        code, 0,
        "a second key the same day gets its own name: {err}"
    );
    assert!(out.contains("ci-2"), "{out}");
    assert!(keys.join("ci").is_file() && keys.join("ci-2").is_file());
    assert!(
        !keys.join(".bblink-tmp-left-behind").exists(),
        "stale temp file removed"
    );
    assert_eq!(mode(&keys), 0o700, "the keys directory is private again");
    let (code, _, err) = run_in(&["keygen", "--comment", "two\nlines"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn pem_output_is_what_openssh_reads_and_ed25519_has_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (kind, header) in [
        ("rsa", "-----BEGIN RSA PRIVATE KEY-----"),
        ("ecdsa", "-----BEGIN EC PRIVATE KEY-----"),
    ] {
        let key = keygen_into(
            dir.path(),
            kind,
            &[
                "--type",
                kind,
                "--bits",
                if kind == "rsa" { "2048" } else { "256" },
                "--format",
                "pem",
            ],
        );
        let text = fs::read_to_string(&key).expect("read");
        assert!(text.starts_with(header), "{text:.40}");
        let (code, public, err) = run(Command::new("ssh-keygen").arg("-y").arg("-f").arg(&key));
        assert_eq!(code, 0, "{err}");
        let pub_file = fs::read_to_string(format!("{}.pub", key.display())).expect("pub");
        assert!(
            pub_file.starts_with(public.trim()),
            "same key in both files"
        );
    }
    let out = dir.path().join("ed");
    let (code, _, _) = bblink(&[
        "keygen",
        "--format",
        "pem",
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 2);
}

#[test]
fn public_keys_must_be_files_or_pipes_and_a_silent_pipe_times_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = keygen_into(dir.path(), "k", &[]);
    let key_s = key.to_str().expect("utf-8");
    let start = Instant::now();
    let (code, _, err) = bblink(&["check-key", key_s, "--public", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(5));

    let fifo = dir.path().join("fifo");
    crate::support::make_fifo(&fifo);
    let start = Instant::now();
    let (code, _, err) = run(Command::new(bblink_bin())
        .args(["check-key", key_s, "--public"])
        .arg(&fifo)
        .env("BBLINK_PIPE_TIMEOUT_MS", "300"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing arrived"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(5), "no hang");

    // Process substitution is a pipe too, and works.
    let (code, out, err) = run(Command::new("bash").arg("-c").arg(format!(
        "{} check-key <(cat '{key_s}') --public <(cat '{key_s}.pub')",
        bblink_bin().display()
    )));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Matches the public key"), "{out}");
}

#[test]
fn escapes_in_comments_and_paths_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("k");
    let (code, _, err) = run(Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "\u{1b}[2J\u{1b}]0;owned\u{7}",
            "-f",
        ])
        .arg(&key));
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = bblink(&["check-key", key.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("\\u{1b}[2J"), "{out}");
    let odd = dir.path().join("x\u{1b}[31my");
    let (code, _, err) = bblink(&["check-key", odd.to_str().expect("utf-8")]);
    assert_eq!(code, 1);
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn write_repaired_refuses_a_git_work_tree_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = keygen_into(dir.path(), "k", &[]);
    let damaged = fs::read_to_string(&key)
        .expect("read")
        .replace('\n', "\r\n");
    let repo = dir.path().join("repo");
    fs::create_dir(&repo).expect("mkdir");
    assert!(
        Command::new("git")
            .args(["init", "-q"])
            .current_dir(&repo)
            .status()
            .expect("git")
            .success()
    );
    let dest = repo.join("repaired");
    let dest_s = dest.to_str().expect("utf-8");
    let (code, out, err) = run_with_stdin(
        Command::new(bblink_bin()).args(["check-key", "-", "--write-repaired", dest_s]),
        &damaged,
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("git work tree"), "{err}");
    assert!(!dest.exists());
    let (code, _, err) = run_with_stdin(
        Command::new(bblink_bin()).args([
            "check-key",
            "-",
            "--write-repaired",
            dest_s,
            "--allow-in-repo",
        ]),
        &damaged,
    );
    // Written; exit 1 all the same: the key as given would fail in the service.
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("Repaired key written"), "{err}");
    assert_eq!(mode(&dest), 0o600);
}

#[test]
fn json_is_json_for_every_outcome() {
    let (code, out, _) = bblink(&["check-key", "/nonexistent/key", "--json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][0]["id"], "not_found");
    let (code, out, _) = bblink(&["check-key", "--no-such-flag", "--json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["problems"][0]["id"], "usage");
    let (code, out, _) = bblink(&["check-url", "--json", "--bogus"]);
    assert_eq!(code, 2);
    assert!(serde_json::from_str::<Value>(&out).is_ok(), "{out}");
}

#[test]
fn an_output_that_cannot_be_written_is_one_line_and_exit_1() {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(bblink_bin())
        .args(["check-url", "git@ssh.bitbucket.org:team/app.git"])
        .stdout(full)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // A reader that went away.
    let mut child = Command::new(bblink_bin())
        .args(["check-url", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        let _ = stdin.write_all(b"git@ssh.bitbucket.org:team/app.git");
    }
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn help_and_version_that_cannot_be_written_fail() {
    for args in [&["--version"][..], &["--help"], &["diagnose", "--help"]] {
        let full = fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(bblink_bin())
            .args(args)
            .stdout(full)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("cannot write the output"), "{err}");
    }
}

#[test]
fn a_token_in_an_assignment_or_a_query_is_never_echoed() {
    let long = format!(
        "git@bitbucket.org:ws/{}?token=S3cretTokenValueS3cretTokenValue",
        "r".repeat(95)
    );
    for input in [
        "GIT_TOKEN=S3cretTokenValue git clone https://bitbucket.org/team/app.git",
        "git@ssh.bitbucket.org:team/app.git?token=S3cretTokenValue",
        "https://bitbucket.org/team/app.git?password=S3cretTokenValue",
        // A password with `?` or `#` in it, a user name with a dot, a password being typed.
        "https://jdoe:pa?S3cretTokenValue@bitbucket.org/ws/repo.git",
        "https://jdoe:Pa#S3cretTokenValue@bitbucket.example.com/scm/P/r.git",
        "https://john.doe:Pa#S3cretTokenValue@bitbucket.example.com/scm/P/r.git",
        "https://john.doe:S3cretTokenValue",
        // A quote cut for length in the middle of the secret.
        long.as_str(),
    ] {
        for json in [false, true] {
            let mut args = vec!["check-url", "-"];
            if json {
                args.push("--json");
            }
            let (_, out, err) = run_with_stdin(Command::new(bblink_bin()).args(&args), input);
            for part in ["S3cretTokenValue", "S3cretTok", "TokenValue"] {
                assert!(
                    !out.contains(part) && !err.contains(part),
                    "{input}: {out}{err}"
                );
            }
        }
    }
}

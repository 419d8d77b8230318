//! `bblink keygen` against ssh-keygen, the oracle for key facts.

use std::fs;
use std::process::Command;

use serde_json::Value;

use crate::support::{bblink_bin, mode, run, ssh_keygen_l};

fn keygen(args: &[&str]) -> (i32, String, String) {
    run(Command::new(bblink_bin()).arg("keygen").args(args))
}

fn json_of(stdout: &str) -> Value {
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

#[test]
fn every_key_type_matches_ssh_keygen() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (kind, bits, want_bits, type_label) in [
        ("ed25519", None, 256, "ED25519"),
        ("rsa", None, 4096, "RSA"),
        ("rsa", Some("2048"), 2048, "RSA"),
        ("ecdsa", None, 256, "ECDSA"),
        ("ecdsa", Some("384"), 384, "ECDSA"),
        ("ecdsa", Some("521"), 521, "ECDSA"),
    ] {
        let out = dir.path().join(format!("k-{kind}-{want_bits}"));
        let out_s = out.to_str().expect("utf-8 path");
        let mut args = vec![
            "--type",
            kind,
            "--comment",
            "ci key",
            "--out",
            out_s,
            "--json",
        ];
        if let Some(b) = bits {
            args.extend(["--bits", b]);
        }
        let (code, stdout, stderr) = keygen(&args);
        assert_eq!(code, 0, "{kind}: {stderr}");
        let v = json_of(&stdout);
        assert!(!stdout.contains("PRIVATE"), "no key material in JSON");
        let public = format!("{out_s}.pub");
        assert_eq!(v["private_key_path"], out_s);
        assert_eq!(v["public_key_path"], public.as_str());
        assert_eq!(v["bits"], want_bits);
        assert_eq!(v["comment"], "ci key");

        let fp = v["fingerprint"].as_str().expect("fingerprint");
        let expected = format!("{want_bits} {fp} ci key ({type_label})");
        assert_eq!(ssh_keygen_l(&out), expected, "private key, {kind}");
        assert_eq!(
            ssh_keygen_l(public.as_ref()),
            expected,
            "public key, {kind}"
        );
        let algorithm = v["algorithm"].as_str().expect("algorithm");
        let pub_line = fs::read_to_string(&public).expect("pub");
        assert!(pub_line.starts_with(algorithm), "{pub_line}");

        // The private key is usable as is: ssh-keygen derives the same public key, no passphrase.
        let (code, derived, err) =
            run(Command::new("ssh-keygen").args(["-y", "-P", "", "-f", out_s]));
        assert_eq!(code, 0, "{err}");
        let body = |s: &str| s.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        assert_eq!(body(&derived), body(&pub_line));
        assert_eq!(mode(&out), 0o600);
        assert_eq!(mode(public.as_ref()), 0o644);
    }
}

#[test]
fn text_output_names_the_files_and_the_fingerprint_as_ssh_keygen_prints_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("deploy");
    let (code, stdout, _) = keygen(&["-C", "deploy", "-o", out.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("Fingerprint: "))
        .expect("fingerprint line");
    assert_eq!(line.trim_start_matches("Fingerprint: "), ssh_keygen_l(&out));
    assert!(stdout.contains(&format!("Private key: {}", out.display())));
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("k");
    let out_s = out.to_str().expect("utf-8");
    assert_eq!(keygen(&["-o", out_s]).0, 0);
    let before = fs::read(&out).expect("read");
    let (code, stdout, _) = keygen(&["-o", out_s, "--json"]);
    assert_eq!(code, 1);
    let v = json_of(&stdout);
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"][0]["id"], "exists");
    assert!(
        v["problems"][0]["fix"]
            .as_str()
            .is_some_and(|f| f.contains("--force")),
        "{v}"
    );
    let (code, _, stderr) = keygen(&["-o", out_s]);
    assert_eq!(code, 1);
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(fs::read(&out).expect("read"), before, "file untouched");

    // Only the .pub left behind still counts as an existing pair.
    fs::remove_file(&out).expect("rm");
    assert_eq!(keygen(&["-o", out_s]).0, 1);

    let (code, _, stderr) = keygen(&["-o", out_s, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_ne!(fs::read(&out).expect("read"), before);
    assert_eq!(mode(&out), 0o600);
}

#[test]
fn a_git_work_tree_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = run(Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path()));
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("keys/deploy");
    let out_s = out.to_str().expect("utf-8");
    let (code, stdout, _) = keygen(&["-o", out_s, "--json"]);
    assert_eq!(code, 1);
    let v = json_of(&stdout);
    assert_eq!(v["problems"][0]["id"], "in_git_work_tree");
    assert!(
        v["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("git work tree")),
        "{v}"
    );
    assert!(!out.exists());
    let (code, _, stderr) = keygen(&["-o", out_s, "--allow-in-repo"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(keygen(&["--type", "rsa", "--bits", "1024"]).0, 2);
    assert_eq!(keygen(&["--type", "dsa"]).0, 2);
    assert_eq!(keygen(&["--no-such-flag"]).0, 2);
}

#[test]
fn default_location_is_the_data_directory() {
    let home = tempfile::tempdir().expect("tempdir");
    let data = home.path().join("data");
    let (code, stdout, stderr) = run(Command::new(bblink_bin())
        .args(["keygen", "--comment", "bblink-test", "--json"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", &data));
    assert_eq!(code, 0, "{stderr}");
    let v = json_of(&stdout);
    let path = data.join("bblink/keys/bblink-test");
    assert_eq!(v["private_key_path"], path.to_str().expect("utf-8"));
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().expect("dir")), 0o700);
}

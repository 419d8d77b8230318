//! `bblink test` with several repositories against the sshd harness: an access key reads the
//! service's repository but not a private dependency → `user_key_required`; dependencies found
//! in a checkout (`--repo-dir`) are tested too.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::sshd::Sshd;
use crate::support::{bblink_bin, finding_ids as ids, run, ssh_keygen_make};

fn test(dir: &Path, key: &Path, sshd: &Sshd, args: &[&str]) -> (i32, Value) {
    let home = dir.join("home");
    std::fs::create_dir_all(&home).expect("home");
    let (code, out, err) = run(Command::new(bblink_bin())
        .args(["test", "--json", "--key"])
        .arg(key)
        .arg("--record-known-hosts")
        .arg(dir.join("known_hosts"))
        .args(["--host-key-fingerprint", &sshd.fingerprint()])
        .args(args)
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data")));
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, v)
}

#[test]
fn an_access_key_that_reads_only_the_first_repository_needs_a_user_key() {
    let dir = tempfile::tempdir().expect("tmp");
    let key = ssh_keygen_make(dir.path(), "client", &["-t", "ed25519", "-N", ""]);
    let sshd = Sshd::start();
    sshd.repo();
    sshd.authorise(&key.with_extension("pub"), "deploy");
    let main = sshd.url("widgets");
    let lib = sshd.url("private-lib");
    let (code, v) = test(dir.path(), &key, &sshd, &["--url", &main, "--url", &lib]);
    assert_eq!(code, 1, "{v}");
    let results = v["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ok"], true);
    assert_eq!(results[1]["ok"], false);
    assert!(v.to_string().contains("repo_not_found"), "{v}");
    assert_eq!(ids(&v), ["user_key_required"]);
    // Once the key reads both (a user key would), nothing is found.
    let repos = sshd.dir.path().join("repos/acme");
    let (code, _, err) = run(Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(repos.join("widgets.git"))
        .arg(repos.join("private-lib.git")));
    assert_eq!(code, 0, "{err}");
    let (code, v) = test(dir.path(), &key, &sshd, &["--url", &main, "--url", &lib]);
    assert_eq!(code, 0, "{v}");
    assert!(ids(&v).is_empty());
    // Text: one summary line per repository.
    let home = dir.path().join("home");
    let (_, out, _) = run(Command::new(bblink_bin())
        .args(["test", "--url", &main, "--url", &sshd.url("gone"), "--key"])
        .arg(&key)
        .arg("--record-known-hosts")
        .arg(dir.path().join("known_hosts"))
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data")));
    assert!(out.contains(&format!("✓ {main}")), "{out}");
    assert!(
        out.contains("✗ ") && out.contains("user_key_required"),
        "{out}"
    );
}

#[test]
fn dependencies_found_in_a_checkout_are_tested_too() {
    let dir = tempfile::tempdir().expect("tmp");
    let key = ssh_keygen_make(dir.path(), "client", &["-t", "ed25519", "-N", ""]);
    let sshd = Sshd::start();
    sshd.repo();
    sshd.authorise(&key.with_extension("pub"), "deploy");
    let checkout = dir.path().join("checkout");
    std::fs::create_dir_all(&checkout).expect("checkout");
    let lib = sshd.url("private-lib");
    std::fs::write(
        checkout.join("requirements-dev.txt"),
        format!("pytest==8\ngit+{lib}@v1.0#egg=lib\n"),
    )
    .expect("requirements");
    std::fs::write(
        checkout.join(".gitmodules"),
        "[submodule \"x\"]\n\turl = https://github.com/x/y.git\n",
    )
    .expect("gitmodules");
    let (code, v) = test(
        dir.path(),
        &key,
        &sshd,
        &[
            "--url",
            &sshd.url("widgets"),
            "--repo-dir",
            checkout.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(code, 1, "{v}");
    let deps = v["dependencies"].as_array().expect("dependencies");
    assert_eq!(deps.len(), 1, "{v}");
    assert_eq!(deps[0]["file"], "requirements-dev.txt");
    assert_eq!(deps[0]["line"], 2);
    assert_eq!(deps[0]["url"], lib);
    assert_eq!(ids(&v), ["user_key_required"]);
}

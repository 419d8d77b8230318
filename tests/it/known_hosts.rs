//! `bblink known-hosts`: the lines and CI snippets used for real (ssh with strict host key
//! checking against the sshd harness), Atlassian's fingerprints as ssh-keygen reads the Cloud
//! lines, and `--check`/`--fix` on files with the old RSA key, hashed entries, CRLF, comments
//! and markers.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::sshd::{Sshd, user};
use crate::support::{bblink_bin, run, ssh_keygen_make};

const OLD_RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEAubiN81eDcafrgMeLzaFPsw2kNvEcqTKl/VqLat/MaB33pZy0y3rJZtnqwR2qOOvbwKZYKiEO1O6VqNEBxKvJJelCq0dTXWT5pbO2gDXC6h6QDXCaHo6pOHGPUy+YBaGQRGuSusMEASYiWunYN0vCAI8QaXnWMXNMdFP3jHAJH0eDsoiGnLPBlBp4TNm6rYI74nMzgz3B9IikW4WVK+dc8KZJZWYjAuORU3jc1c/NPskD2ASinf8v3xnfXeukU0sJ5N6m5E8VLjObPEO+mN2t/FZTMZLiFqPWc/ALSqnMnnhwrNi2rbfg/rd/IpL8Le3pSBne8+seeFVBoGqzHM9yXw==";

fn known_hosts(args: &[&str]) -> (i32, String, String) {
    run(Command::new(bblink_bin()).arg("known-hosts").args(args))
}

#[test]
fn the_cloud_lines_are_atlassians_published_keys_for_ssh_bitbucket_org() {
    let dir = tempfile::tempdir().expect("tmp");
    let (code, out, err) = known_hosts(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(
        "Atlassian publishes them for bitbucket.org; bblink uses them for ssh.bitbucket.org"
    ));
    let file = dir.path().join("kh");
    std::fs::write(&file, &out).expect("write");
    // ssh-keygen as the oracle: the host is found, with Atlassian's fingerprints.
    let (code, found, _) = run(Command::new("ssh-keygen")
        .args(["-F", "ssh.bitbucket.org", "-f"])
        .arg(&file));
    assert_eq!(code, 0);
    assert_eq!(found.lines().filter(|l| !l.starts_with('#')).count(), 3);
    let (_, fps, _) = run(Command::new("ssh-keygen").arg("-lf").arg(&file));
    for fp in [
        "SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM",
        "SHA256:FC73VB6C4OQLSCrjEayhMp9UMxS97caD/Yyi2bhW/J0",
        "SHA256:46OSHA1Rmj8E8ERTC6xkNcmGOw9oFxYr0WF6zWW8l1E",
    ] {
        assert!(fps.contains(fp), "{fp} in {fps}");
    }
    let (code, json, _) = known_hosts(&["--json", "--format", "github-actions"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["source"], "pinned");
    assert_eq!(v["lines"].as_array().map(Vec::len), Some(3));
}

/// ssh to the harness with only `file` as `known_hosts` and strict checking: `Ok` when the host
/// key was accepted (whatever the forced command then did), `Err(stderr)` when refused.
fn ssh_with(file: &Path, sshd: &Sshd, key: &Path) -> Result<(), String> {
    let (code, _, err) = run(Command::new("ssh")
        .args([
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
        ])
        .arg("-o")
        .arg(format!("UserKnownHostsFile={}", file.display()))
        .args([
            "-o",
            "GlobalKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-i",
        ])
        .arg(key)
        .args(["-p", &sshd.port.to_string()])
        .arg(format!("{}@127.0.0.1", user()))
        .arg("git-upload-pack 'acme/widgets.git' </dev/null"));
    if code == 255
        && (err.contains("Host key verification failed")
            || err.contains("IDENTIFICATION HAS CHANGED"))
    {
        Err(err)
    } else {
        Ok(())
    }
}

/// The shell text of a CI snippet, as the CI gets it: a YAML block after `marker` with its
/// indentation removed (`CircleCI`, GitHub Actions), or a Dockerfile's `RUN` instruction.
fn shell_of(snippet: &str, marker: &str, indent: &str) -> String {
    if marker == "RUN " {
        return snippet
            .lines()
            .skip_while(|l| !l.starts_with("RUN "))
            .collect::<Vec<_>>()
            .join("\n")
            .trim_start_matches("RUN ")
            .to_string();
    }
    snippet
        .lines()
        .skip_while(|l| !l.trim_start().starts_with(marker))
        .skip(1)
        .map(|l| l.strip_prefix(indent).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_data_center_key_confirmed_once_is_printed_and_makes_strict_ssh_accept_that_host_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let key = ssh_keygen_make(dir.path(), "client", &["-t", "ed25519", "-N", ""]);
    let mut sshd = Sshd::start();
    sshd.repo();
    sshd.authorise(&key.with_extension("pub"), "deploy");
    let recorded = dir.path().join("bblink_known_hosts");
    let host = format!("127.0.0.1:{}", sshd.port);
    // Nothing verified yet: no lines, and the way to verify.
    let kh = recorded.to_str().expect("utf-8");
    let (code, _, err) = known_hosts(&["--host", &host, "--known-hosts", kh]);
    assert_eq!(code, 1);
    assert!(
        err.contains("has not verified") && err.contains("bblink test"),
        "{err}"
    );
    // The connection test with the fingerprint confirmed records it.
    let (code, out, err) = run(Command::new(bblink_bin())
        .args(["test", "--json", "--url", &sshd.url("widgets"), "--key"])
        .arg(&key)
        .arg("--record-known-hosts")
        .arg(&recorded)
        .args(["--host-key-fingerprint", &sshd.fingerprint()])
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data")));
    assert_eq!(code, 0, "{out}{err}");
    let (code, plain, err) = known_hosts(&["--host", &host, "--known-hosts", kh]);
    assert_eq!(code, 0, "{err}");
    assert!(
        plain.contains(&format!("[127.0.0.1]:{} ssh-ed25519 ", sshd.port)),
        "{plain}"
    );
    let plain_file = dir.path().join("plain");
    std::fs::write(&plain_file, &plain).expect("write");
    assert_eq!(ssh_with(&plain_file, &sshd, &key), Ok(()));
    // Each CI's snippet, run as that CI runs it, writes a known_hosts that works the same.
    let mut files = vec![plain_file];
    for (format, marker, indent) in [
        ("circleci", "command: |", "      "),
        ("github-actions", "run: |", "    "),
        ("dockerfile", "RUN ", ""),
    ] {
        let args = ["--host", &host, "--known-hosts", kh, "--format", format];
        let (_, step, _) = known_hosts(&args);
        let ci_home = dir.path().join(format);
        std::fs::create_dir_all(&ci_home).expect("ci home");
        let shell = shell_of(&step, marker, indent);
        let (code, _, err) = run(Command::new("sh")
            .arg("-c")
            .arg(&shell)
            .env("HOME", &ci_home));
        assert_eq!(code, 0, "{format}: {err}\n{shell}");
        let ci_file = ci_home.join(".ssh/known_hosts");
        assert_eq!(ssh_with(&ci_file, &sshd, &key), Ok(()), "{format}");
        files.push(ci_file);
    }
    // Another host key on the same address: refused through every one.
    sshd.restart_with_new_host_key();
    for file in &files {
        assert!(ssh_with(file, &sshd, &key).is_err(), "{}", file.display());
    }
}

#[test]
fn check_finds_stale_keys_in_hashed_crlf_files_and_fix_keeps_a_backup() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("known_hosts");
    let other = dir.path().join("other_host.pub");
    ssh_keygen_make(dir.path(), "other_host", &["-t", "ed25519", "-N", ""]);
    let other_key = std::fs::read_to_string(&other).expect("pub");
    let other_key: String = other_key
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    // The old RSA key under bitbucket.org, hashed by ssh-keygen -H; a foreign key for
    // ssh.bitbucket.org; a comment, a marker and CRLF line endings.
    std::fs::write(
        &file,
        format!("bitbucket.org {OLD_RSA}\nssh.bitbucket.org {other_key}\n"),
    )
    .expect("write");
    let (code, _, err) = run(Command::new("ssh-keygen").arg("-H").arg("-f").arg(&file));
    assert_eq!(code, 0, "{err}");
    let hashed = std::fs::read_to_string(&file).expect("read");
    assert!(hashed.starts_with("|1|"), "{hashed}");
    let text =
        format!("# team hosts\n{hashed}github.com {other_key}\n@revoked bitbucket.org {OLD_RSA}\n")
            .replace('\n', "\r\n");
    std::fs::write(&file, &text).expect("write");
    let path = file.to_str().expect("utf-8");
    let (code, out, _) = known_hosts(&["--check", path, "--json"]);
    assert_eq!(code, 1, "{out}");
    let v: Value = serde_json::from_str(&out).expect("json");
    let ids: Vec<(&str, Value)> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["id"].as_str().unwrap_or_default(), f["line"].clone()))
        .collect();
    assert_eq!(
        ids,
        [
            ("known_hosts_old_rsa", Value::from(2)),
            ("known_hosts_unknown_key", Value::from(3)),
            ("known_hosts_marker", Value::from(5)),
            ("known_hosts_missing", Value::Null),
        ]
    );
    let (code, out, err) = known_hosts(&["--check", path, "--fix"]);
    assert_eq!(code, 0, "{out}{err}");
    let backup = dir.path().join("known_hosts.bblink-backup");
    assert_eq!(
        std::fs::read_to_string(&backup).expect("backup"),
        text,
        "the old file kept"
    );
    let fixed = std::fs::read_to_string(&file).expect("fixed");
    assert!(fixed.starts_with("# team hosts\r\ngithub.com "), "{fixed}");
    assert!(fixed.contains(&format!("@revoked bitbucket.org {OLD_RSA}")));
    assert!(
        !fixed.contains("|1|"),
        "both hashed stale lines dropped: {fixed}"
    );
    // ssh-keygen finds the pinned keys for ssh.bitbucket.org in the corrected file.
    let (code, found, _) =
        run(Command::new("ssh-keygen").args(["-F", "ssh.bitbucket.org", "-f", path]));
    assert_eq!(code, 0);
    assert!(found.contains(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO"
    ));
    let (code, out, _) = known_hosts(&["--check", path]);
    assert_eq!(code, 0, "{out}");
    // A second fix has nothing to do and writes no second backup.
    known_hosts(&["--check", path, "--fix"]);
    assert!(!dir.path().join("known_hosts.bblink-backup-2").exists());
    // Odd input: a clear message, exit 1, nothing written.
    for bad in ["/dev/zero", "/nonexistent/kh"] {
        let (code, _, err) = known_hosts(&["--check", bad, "--fix"]);
        assert_eq!(code, 1, "{bad}: {err}");
        assert!(err.starts_with("error:"), "{err}");
    }
}

/// The Bitbucket host names a `known_hosts` line can be consulted for.
const BITBUCKET_NAMES: [&str; 4] = [
    "ssh.bitbucket.org",
    "bitbucket.org",
    "altssh.bitbucket.org",
    "[altssh.bitbucket.org]:443",
];

/// The lines `ssh-keygen -F` finds for any Bitbucket name, with their marker ("", "CA",
/// "REVOKED").
fn oracle(file: &Path) -> std::collections::BTreeSet<(usize, String)> {
    let mut found = std::collections::BTreeSet::new();
    for name in BITBUCKET_NAMES {
        let (_, out, _) = run(Command::new("ssh-keygen")
            .args(["-F", name, "-f"])
            .arg(file));
        for l in out.lines() {
            let Some(rest) = l.strip_prefix(&format!("# Host {name} found: line ")) else {
                continue;
            };
            let mut parts = rest.split_whitespace();
            let n: usize = parts.next().and_then(|n| n.parse().ok()).expect("line");
            found.insert((n, parts.next().unwrap_or("").to_string()));
        }
    }
    found
}

/// A deterministic stream of host pattern lists, from the pieces people write.
fn pattern_lists(count: usize) -> Vec<String> {
    const PIECES: [&str; 24] = [
        "*",
        "?",
        "ssh.bitbucket.org",
        "bitbucket.org",
        "SSH.Bitbucket.ORG",
        "*.bitbucket.org",
        "ssh.bitbucket.or?",
        "*bucket*",
        "bit*et.org",
        "b?tbucket.org",
        "[altssh.bitbucket.org]:443",
        "[*]:443",
        "*:443",
        "altssh.bitbucket.org",
        "ssh.bitbucket.org.",
        "example.com",
        "*.org",
        "ssh.*",
        "github.com",
        "[ssh.bitbucket.org]:22",
        "??????????????????",
        "*.*.*",
        "bitbucket.org*",
        "*ssh.bitbucket.org",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        usize::try_from(seed >> 33).expect("fits") % n
    };
    (0..count)
        .map(|_| {
            let parts = 1 + next(3);
            (0..parts)
                .map(|_| {
                    let p = PIECES[next(PIECES.len())];
                    if next(4) == 0 {
                        format!("!{p}")
                    } else {
                        p.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

fn foreign_key(dir: &Path) -> String {
    let p = ssh_keygen_make(dir, "foreign", &["-t", "ed25519", "-N", ""]);
    std::fs::read_to_string(p.with_extension("pub"))
        .expect("pub")
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The lines `--check --json` reports as trusting a key Bitbucket does not publish (plain or
/// as a certificate authority).
fn reported(file: &Path) -> std::collections::BTreeSet<usize> {
    let (_, out, _) = known_hosts(&["--check", file.to_str().expect("utf-8"), "--json"]);
    let v: Value = serde_json::from_str(&out).expect("json");
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            f["id"] == "known_hosts_unknown_key"
                || (f["id"] == "known_hosts_marker" && f["severity"] == "error")
        })
        .map(|f| usize::try_from(f["line"].as_u64().expect("line")).expect("fits"))
        .collect()
}

#[test]
fn host_patterns_are_matched_as_openssh_matches_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let key = foreign_key(dir.path());
    let file = dir.path().join("known_hosts");
    let lists = pattern_lists(600);
    let text: String = lists
        .iter()
        .enumerate()
        .map(|(i, l)| match i % 10 {
            7 => format!("@cert-authority {l} {key}\n"),
            _ => format!("{l} {key}\n"),
        })
        .collect();
    std::fs::write(&file, &text).expect("write");
    let expected: std::collections::BTreeSet<usize> =
        oracle(&file).into_iter().map(|(n, _)| n).collect();
    assert!(expected.len() > 100, "the stream names Bitbucket often");
    assert_eq!(reported(&file), expected, "bblink and ssh-keygen -F differ");
    // Hashed names: one plain name a line, hashed by ssh-keygen itself.
    let plain: String = BITBUCKET_NAMES
        .iter()
        .chain(&["example.com", "[ssh.bitbucket.org]:2222"])
        .map(|n| format!("{n} {key}\n"))
        .collect();
    std::fs::write(&file, &plain).expect("write");
    let (code, _, err) = run(Command::new("ssh-keygen").arg("-H").arg("-f").arg(&file));
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .starts_with("|1|")
    );
    let expected: std::collections::BTreeSet<usize> =
        oracle(&file).into_iter().map(|(n, _)| n).collect();
    assert_eq!(expected.len(), 4);
    assert_eq!(reported(&file), expected);
}

#[test]
fn lines_that_would_trust_another_key_for_bitbucket_are_reported_and_fixed() {
    let dir = tempfile::tempdir().expect("tmp");
    let key = foreign_key(dir.path());
    let file = dir.path().join("known_hosts");
    let text = format!(
        "* {key}\n*.bitbucket.org {key}\nssh.bitbucket.or? {key}\n!bitbucket.org,* {key}\n@cert-authority ssh.bitbucket.org {key}\nexample.com {key}\n"
    );
    std::fs::write(&file, &text).expect("write");
    let path = file.to_str().expect("utf-8");
    let (code, out, _) = known_hosts(&["--check", path]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("Bitbucket's entries are right"), "{out}");
    assert_eq!(reported(&file), [1, 2, 3, 4, 5].into_iter().collect());
    let (code, out, err) = known_hosts(&["--check", path, "--fix"]);
    assert_eq!(code, 0, "{out}{err}");
    let left: Vec<(usize, String)> = oracle(&file)
        .into_iter()
        .filter(|(_, marker)| marker != "REVOKED")
        .collect();
    let fixed = std::fs::read_to_string(&file).expect("fixed");
    let pinned = "AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO";
    for (n, _) in &left {
        let line = fixed.lines().nth(n - 1).expect("line");
        assert!(
            !line.contains(key.split_whitespace().nth(1).expect("blob")),
            "line {n} still trusts the foreign key for Bitbucket: {line}\n{fixed}"
        );
    }
    assert!(fixed.contains(pinned), "{fixed}");
    // The other hosts of those lines still trust it: only Bitbucket's names are taken out.
    for host in ["example.com", "gitlab.example.org"] {
        let (code, found, _) = run(Command::new("ssh-keygen").args(["-F", host, "-f", path]));
        assert_eq!(code, 0, "{host}: {fixed}");
        assert!(found.contains(key.split_whitespace().nth(1).expect("blob")));
    }
    let (code, out, _) = known_hosts(&["--check", path]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn markers_are_judged_as_real_ssh_judges_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let client = ssh_keygen_make(dir.path(), "client", &["-t", "ed25519", "-N", ""]);
    let ca = ssh_keygen_make(dir.path(), "ca", &["-t", "ed25519", "-N", ""]);
    let sshd = Sshd::start_with_host_certificate(&ca, "ssh.bitbucket.org");
    sshd.authorise(&client.with_extension("pub"), "deploy");
    let ca_key = std::fs::read_to_string(ca.with_extension("pub")).expect("ca");
    let ca_key: String = ca_key
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let host_key = std::fs::read_to_string(sshd.host_key.with_extension("pub")).expect("hk");
    let host_key: String = host_key
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let file = dir.path().join("known_hosts");
    let ssh = |text: &str| {
        std::fs::write(&file, text).expect("write");
        ssh_as(&file, &sshd, &client, "ssh.bitbucket.org")
    };
    // A certificate authority for Bitbucket's name: real ssh accepts the server; bblink calls
    // the line out.
    assert!(ssh(&format!("@cert-authority ssh.bitbucket.org {ca_key}\n")).is_ok());
    assert_eq!(reported(&file), [1].into_iter().collect());
    // A trusted key that a @revoked line refuses: real ssh refuses; bblink does not count the
    // trusting line as accepted.
    for revoked in ["ssh.bitbucket.org", "*"] {
        let text = format!("ssh.bitbucket.org {host_key}\n@revoked {revoked} {host_key}\n");
        assert!(ssh(&text).is_err(), "{text}");
        assert!(reported(&file).is_empty(), "{text}");
    }
    // Without the revocation, real ssh accepts it, and bblink reports it.
    assert!(ssh(&format!("ssh.bitbucket.org {host_key}\n")).is_ok());
    assert_eq!(reported(&file), [1].into_iter().collect());
}

/// ssh to the harness checking its host key as `alias` (ssh's `HostKeyAlias`).
fn ssh_as(file: &Path, sshd: &Sshd, key: &Path, alias: &str) -> Result<(), String> {
    let (code, _, err) = run(Command::new("ssh")
        .args([
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "BatchMode=yes",
        ])
        .arg("-o")
        .arg(format!("UserKnownHostsFile={}", file.display()))
        .args(["-o", "GlobalKnownHostsFile=/dev/null", "-o"])
        .arg(format!("HostKeyAlias={alias}"))
        .args(["-o", "IdentitiesOnly=yes", "-i"])
        .arg(key)
        .args(["-p", &sshd.port.to_string()])
        .arg(format!("{}@127.0.0.1", user()))
        .arg("git-upload-pack 'acme/widgets.git' </dev/null"));
    if code == 255
        && (err.contains("Host key verification failed")
            || err.contains("IDENTIFICATION HAS CHANGED")
            || err.contains("REVOKED"))
    {
        Err(err)
    } else {
        Ok(())
    }
}

#[test]
fn fix_refuses_what_is_not_a_regular_file_and_keeps_mode_and_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let stale = format!("bitbucket.org {OLD_RSA}\n");
    // A FIFO nobody writes to: refused at once, not waited on.
    let fifo = dir.path().join("fifo");
    crate::support::make_fifo(&fifo);
    let started = std::time::Instant::now();
    let (code, _, err) = known_hosts(&["--check", fifo.to_str().expect("utf-8"), "--fix"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    for mode in [0o640, 0o600, 0o644, 0o444] {
        let file = dir.path().join(format!("kh-{mode:o}"));
        std::fs::write(&file, &stale).expect("write");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode)).expect("chmod");
        // As root, the file belongs to another user: it keeps its owner.
        let root = run(Command::new("id").arg("-u")).1.trim() == "0";
        if root {
            run(Command::new("chown").arg("65534:65534").arg(&file));
        }
        let (code, out, err) = known_hosts(&["--check", file.to_str().expect("utf-8"), "--fix"]);
        let meta = std::fs::metadata(&file).expect("meta");
        let now = meta.permissions().mode() & 0o777;
        if root {
            use std::os::unix::fs::MetadataExt;
            assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "the owner stays");
        }
        if mode == 0o444 {
            assert_eq!(code, 1, "{out}");
            assert!(err.contains("read-only"), "{err}");
            assert_eq!(
                std::fs::read_to_string(&file).expect("read"),
                stale,
                "not replaced"
            );
        } else {
            assert_eq!(code, 0, "{out}{err}");
            assert_ne!(std::fs::read_to_string(&file).expect("read"), stale);
        }
        assert_eq!(now, mode, "the mode stays {mode:o}");
    }
}

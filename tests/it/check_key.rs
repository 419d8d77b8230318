//! `bblink check-key` against keys ssh-keygen and puttygen make at test time (no key is checked
//! in): the facts must equal `ssh-keygen -l`, every damage kind must be named, and a repaired
//! key must be one OpenSSH itself reads back as the same key.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{bblink_bin, run, run_with_stdin, ssh_keygen_make};

struct Made {
    path: PathBuf,
    format: &'static str,
    algorithm: &'static str,
    encrypted: bool,
}

/// ssh-keygen's view of the public key: (bits, fingerprint, type label).
fn oracle(public: &Path) -> (u64, String) {
    let (code, out, err) = run(Command::new("ssh-keygen").arg("-lf").arg(public));
    assert_eq!(code, 0, "{err}");
    let mut words = out.split_whitespace();
    let bits = words.next().and_then(|b| b.parse().ok()).expect("bits");
    (bits, words.next().expect("fingerprint").to_string())
}

fn all_formats(dir: &Path) -> Vec<Made> {
    let m = |name: &str, args: &[&str], format, algorithm, encrypted| Made {
        path: ssh_keygen_make(dir, name, args),
        format,
        algorithm,
        encrypted,
    };
    vec![
        m(
            "ed25519",
            &["-t", "ed25519", "-N", ""],
            "openssh",
            "ssh-ed25519",
            false,
        ),
        m(
            "rsa",
            &["-t", "rsa", "-b", "2048", "-N", ""],
            "openssh",
            "ssh-rsa",
            false,
        ),
        m(
            "rsa-pem",
            &["-t", "rsa", "-b", "2048", "-m", "PEM", "-N", ""],
            "pkcs1",
            "ssh-rsa",
            false,
        ),
        m(
            "rsa-pkcs8",
            &["-t", "rsa", "-b", "3072", "-m", "PKCS8", "-N", ""],
            "pkcs8",
            "ssh-rsa",
            false,
        ),
        m(
            "ecdsa256",
            &["-t", "ecdsa", "-b", "256", "-N", ""],
            "openssh",
            "ecdsa-sha2-nistp256",
            false,
        ),
        m(
            "ecdsa384-pem",
            &["-t", "ecdsa", "-b", "384", "-m", "PEM", "-N", ""],
            "sec1",
            "ecdsa-sha2-nistp384",
            false,
        ),
        m(
            "ecdsa521-pkcs8",
            &["-t", "ecdsa", "-b", "521", "-m", "PKCS8", "-N", ""],
            "pkcs8",
            "ecdsa-sha2-nistp521",
            false,
        ),
        m("dsa", &["-t", "dsa", "-N", ""], "openssh", "ssh-dss", false),
        m(
            "dsa-pem",
            &["-t", "dsa", "-m", "PEM", "-N", ""],
            "dsa-pem",
            "ssh-dss",
            false,
        ),
        m(
            "dsa-pkcs8",
            &["-t", "dsa", "-m", "PKCS8", "-N", ""],
            "pkcs8",
            "ssh-dss",
            false,
        ),
        m(
            "ed25519-enc",
            &["-t", "ed25519", "-N", "secret pass"],
            "openssh",
            "ssh-ed25519",
            true,
        ),
        m(
            "rsa-pem-enc",
            &["-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "secret pass"],
            "pem-encrypted",
            "ssh-rsa",
            true,
        ),
        m(
            "ecdsa-pkcs8-enc",
            &["-t", "ecdsa", "-m", "PKCS8", "-N", "secret pass"],
            "pkcs8-encrypted",
            "ecdsa-sha2-nistp256",
            true,
        ),
    ]
}

fn check(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut cmd = Command::new(bblink_bin());
    cmd.arg("check-key").args(args).arg("--json");
    let (code, json, _) = match stdin {
        Some(text) => run_with_stdin(&mut cmd, text),
        None => run(&mut cmd),
    };
    assert!(
        !json.contains("PRIVATE KEY"),
        "key material in output: {json}"
    );
    let v = serde_json::from_str(json.trim()).unwrap_or_else(|e| panic!("{e}: {json}"));
    (code, v)
}

fn ids(v: &Value) -> Vec<String> {
    v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn every_format_matches_ssh_keygen() {
    let dir = tempfile::tempdir().expect("tempdir");
    for k in all_formats(dir.path()) {
        let public = PathBuf::from(format!("{}.pub", k.path.display()));
        let (bits, fp) = oracle(&public);
        let p = k.path.to_str().expect("utf-8");
        let (code, v) = check(&[p, "--public", public.to_str().expect("utf-8")], None);
        let name = k.path.display();
        assert_eq!(v["kind"], "private", "{name}");
        assert_eq!(v["format"], k.format, "{name}");
        let dsa = k.algorithm == "ssh-dss";
        if k.encrypted {
            assert!(
                ids(&v).contains(&"passphrase_required".to_string()),
                "{name}: {v}"
            );
            assert_eq!(code, 1);
        } else if dsa {
            assert_eq!(ids(&v), vec!["dsa_key_unsupported"], "{name}");
            assert_eq!(code, 1);
        } else {
            assert_eq!(v["ok"], true, "{name}: {v}");
            assert_eq!(code, 0);
        }
        // Legacy PEM and encrypted PKCS#8 hide the public half behind the passphrase.
        if !(k.encrypted && k.format != "openssh") {
            assert_eq!(v["algorithm"], k.algorithm, "{name}");
            assert_eq!(v["bits"], bits, "{name}");
            assert_eq!(v["fingerprint"], fp.as_str(), "{name}");
            assert_eq!(v["matches_public_key"], true, "{name}");
        } else {
            assert_eq!(v["fingerprint"], Value::Null, "{name}");
        }
    }
}

#[test]
fn every_damage_is_diagnosed_and_the_repair_is_accepted_by_openssh() {
    type Damage = (&'static str, fn(&str) -> String);
    let damages: [Damage; 7] = [
        ("line_endings_crlf", |k| k.replace('\n', "\r\n")),
        ("whitespace_damaged", |k| {
            k.lines().map(|l| format!("  {l} \n")).collect()
        }),
        ("joined_lines", |k| k.lines().collect::<Vec<_>>().join(" ")),
        ("missing_header", |k| {
            k.lines().skip(1).map(|l| format!("{l}\n")).collect()
        }),
        ("missing_footer", |k| {
            let l: Vec<&str> = k.lines().collect();
            l[..l.len() - 1].join("\n")
        }),
        ("missing_header", |k| {
            let l: Vec<&str> = k.lines().collect();
            l[1..l.len() - 1].join("\n")
        }),
        ("rewrapped", |k| {
            let l: Vec<&str> = k.lines().collect();
            let body: String = l[1..l.len() - 1].concat();
            let wrapped: Vec<String> = body
                .as_bytes()
                .chunks(76)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            format!("{}\n{}\n{}\n", l[0], wrapped.join("\n"), l[l.len() - 1])
        }),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let usable = all_formats(dir.path())
        .into_iter()
        .filter(|k| !k.encrypted && k.algorithm != "ssh-dss");
    for (n, k) in usable.enumerate() {
        let original = fs::read_to_string(&k.path).expect("read");
        let public = fs::read_to_string(format!("{}.pub", k.path.display())).expect("pub");
        let (_, fp) = oracle(format!("{}.pub", k.path.display()).as_ref());
        for (i, (id, damage)) in damages.iter().enumerate() {
            let damaged = damage(&original);
            let out = dir.path().join(format!("repaired-{n}-{i}"));
            let (code, v) = check(
                &["-", "--write-repaired", out.to_str().expect("utf-8")],
                Some(&damaged),
            );
            let what = format!("{} / {id}", k.path.display());
            // Exit 0 only when the text as given works: OpenSSH is the oracle.
            let given = dir.path().join(format!("given-{n}-{i}"));
            fs::write(&given, &damaged).expect("write");
            set_mode(&given, 0o600);
            let (works, _, _) = run(Command::new("ssh-keygen")
                .args(["-y", "-P", ""])
                .arg("-f")
                .arg(&given));
            let expected = i32::from(works != 0);
            assert_eq!(code, expected, "{what}: {v}");
            assert_eq!(v["ok"], works == 0, "{what}: {v}");
            assert!(ids(&v).contains(&id.to_string()), "{what}: {v}");
            assert_eq!(v["repaired"], true, "{what}");
            assert_eq!(v["fingerprint"], fp.as_str(), "{what}");
            // OpenSSH reads the repaired file and derives the same public key.
            let (code, derived, err) = run(Command::new("ssh-keygen")
                .args(["-y", "-P", ""])
                .arg("-f")
                .arg(&out));
            assert_eq!(code, 0, "{what}: ssh-keygen rejects the repair: {err}");
            let body = |s: &str| s.split_whitespace().nth(1).map(str::to_string);
            assert_eq!(body(&derived), body(&public), "{what}");
            assert_eq!(crate::support::mode(&out), 0o600);
        }
    }
}

#[test]
fn cut_keys_and_public_keys_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ssh_keygen_make(
        dir.path(),
        "k",
        &["-t", "rsa", "-b", "2048", "-m", "PEM", "-N", ""],
    );
    let text = fs::read_to_string(&key).expect("read");
    let half: String = text.lines().take(12).map(|l| format!("{l}\n")).collect();
    let (code, v) = check(&["-"], Some(&half));
    assert_eq!(code, 1);
    assert_eq!(ids(&v), vec!["truncated"], "{v}");

    let public = format!("{}.pub", key.display());
    let (_, v) = check(&[&public], None);
    assert_eq!(ids(&v), vec!["public_key_instead_of_private"]);
    assert_eq!(v["kind"], "public");

    let (code, rfc, err) = run(Command::new("ssh-keygen").args(["-e", "-f", &public]));
    assert_eq!(code, 0, "{err}");
    let (_, v) = check(&["-"], Some(&rfc));
    assert_eq!(v["format"], "rfc4716");
    assert_eq!(v["fingerprint"], oracle(public.as_ref()).1.as_str());
}

#[test]
fn putty_keys_are_identified_with_their_fingerprint() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ssh_keygen_make(dir.path(), "p", &["-t", "ed25519", "-N", ""]);
    let (_, fp) = oracle(format!("{}.pub", key.display()).as_ref());
    for (version, extra, format) in [
        ("3", &[][..], "putty-v3"),
        ("2", &["--ppk-param", "version=2"][..], "putty-v2"),
    ] {
        let ppk = dir.path().join(format!("p{version}.ppk"));
        let (code, _, err) = run(Command::new("puttygen")
            .arg(&key)
            .args(["-O", "private", "-o"])
            .arg(&ppk)
            .args(extra));
        assert_eq!(code, 0, "puttygen (apt-get install putty-tools): {err}");
        let (code, v) = check(&[ppk.to_str().expect("utf-8")], None);
        assert_eq!(code, 1);
        assert_eq!(v["format"], format);
        assert_eq!(ids(&v), vec!["putty_key_format"]);
        assert_eq!(v["fingerprint"], fp.as_str());
    }
}

#[test]
fn loose_permissions_empty_input_and_usage() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ssh_keygen_make(dir.path(), "k", &["-t", "ed25519", "-N", ""]);
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).expect("chmod");
    let (code, v) = check(&[key.to_str().expect("utf-8")], None);
    assert_eq!(code, 0, "a warning still lets the key be used");
    assert_eq!(ids(&v), vec!["key_bad_permissions"]);

    let (code, v) = check(&["-"], Some(""));
    assert_eq!(code, 1);
    assert_eq!(ids(&v), vec!["empty_input"]);

    let (code, _, _) = run(Command::new(bblink_bin()).args(["check-key", "--bogus"]));
    assert_eq!(code, 2);
    let (code, _, _) =
        run(Command::new(bblink_bin()).args(["check-key", "--public", "/nonexistent.pub", "-"]));
    assert_eq!(code, 2);
}

#[test]
fn write_repaired_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = ssh_keygen_make(dir.path(), "k", &["-t", "ed25519", "-N", ""]);
    let damaged = fs::read_to_string(&key)
        .expect("read")
        .replace('\n', "\r\n");
    let out = dir.path().join("exists");
    fs::write(&out, "keep me").expect("write");
    let (code, _) = check(
        &["-", "--write-repaired", out.to_str().expect("utf-8")],
        Some(&damaged),
    );
    assert_eq!(code, 1);
    assert_eq!(fs::read_to_string(&out).expect("read"), "keep me");
}

/// The OpenSSH container of an unencrypted ECDSA P-256 key, written field by field as OpenSSH
/// writes it: the scalar as an mpint (leading zero bytes dropped).
fn openssh_p256(secret: &p256::SecretKey, comment: &str) -> Vec<u8> {
    fn string(out: &mut Vec<u8>, s: &[u8]) {
        out.extend_from_slice(&u32::try_from(s.len()).expect("len").to_be_bytes());
        out.extend_from_slice(s);
    }
    let point =
        p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&secret.public_key(), false);
    let mut public = Vec::new();
    string(&mut public, b"ecdsa-sha2-nistp256");
    string(&mut public, b"nistp256");
    string(&mut public, point.as_bytes());
    let bytes = secret.to_bytes();
    let mut scalar: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if scalar.first().is_some_and(|b| b & 0x80 != 0) {
        scalar.insert(0, 0);
    }
    let mut private = vec![1, 2, 3, 4, 1, 2, 3, 4];
    string(&mut private, b"ecdsa-sha2-nistp256");
    string(&mut private, b"nistp256");
    string(&mut private, point.as_bytes());
    string(&mut private, &scalar);
    string(&mut private, comment.as_bytes());
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let mut blob = b"openssh-key-v1\0".to_vec();
    string(&mut blob, b"none");
    string(&mut blob, b"none");
    string(&mut blob, b"");
    blob.extend_from_slice(&1u32.to_be_bytes());
    string(&mut blob, &public);
    string(&mut blob, &private);
    blob
}

/// An OpenSSH private key file's text for a container.
fn openssh_armor(blob: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(blob);
    let body: Vec<&str> = b64
        .as_bytes()
        .chunks(70)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect();
    format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
        body.join("\n")
    )
}

#[test]
fn an_ecdsa_scalar_with_a_leading_zero_byte_is_read() {
    // OpenSSH drops a leading zero byte of the scalar (one key in 256), which ssh-key alone
    // rejects; bblink must still read the key, and agree with OpenSSH about it.
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = std::iter::repeat_with(|| p256::SecretKey::random(&mut ssh_key::rand_core::OsRng))
        .find(|k| k.to_bytes()[0] == 0)
        .expect("a scalar with a leading zero byte");
    let key = dir.path().join("short-scalar");
    let blob = openssh_p256(&secret, "short");
    fs::write(&key, openssh_armor(&blob)).expect("write");
    set_mode(&key, 0o600);
    let (code, public, err) = run(Command::new("ssh-keygen").arg("-y").arg("-f").arg(&key));
    assert_eq!(code, 0, "OpenSSH reads the key: {err}");
    let pub_path = dir.path().join("short-scalar.pub");
    fs::write(&pub_path, public).expect("write");
    let (code, v) = check(&[key.to_str().expect("utf-8")], None);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["fingerprint"], oracle(&pub_path).1.as_str());

    // The same key with a byte of the private section's copy of the point changed: OpenSSH
    // refuses it, and so must bblink.
    let point =
        p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&secret.public_key(), false);
    let at = blob
        .windows(point.as_bytes().len())
        .rposition(|w| w == point.as_bytes())
        .expect("the point in the private section");
    let mut damaged = blob.clone();
    damaged[at + 10] ^= 0x01;
    let bad = dir.path().join("damaged");
    fs::write(&bad, openssh_armor(&damaged)).expect("write");
    set_mode(&bad, 0o600);
    let (code, _, _) = run(Command::new("ssh-keygen").arg("-y").arg("-f").arg(&bad));
    assert_ne!(code, 0, "OpenSSH refuses it");
    let (code, v) = check(&[bad.to_str().expect("utf-8")], None);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["problems"][0]["id"], "corrupt", "{v}");
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn control_characters_of_a_key_comment_are_escaped_in_json_c1_included() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("k");
    // ESC, BEL, DEL and the 8-bit CSI (U+009B) and OSC (U+009D) in the comment.
    let comment = "a\u{1b}[31mb\u{7}c\u{7f}d\u{9b}31me\u{9d}0;x\u{9c}f";
    let (code, _, err) = run(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = run(Command::new(bblink_bin())
        .args(["check-key", "--json"])
        .arg(&path));
    for c in ['\u{1b}', '\u{7}', '\u{7f}', '\u{9b}', '\u{9c}', '\u{9d}'] {
        assert!(
            !out.contains(c),
            "raw U+{:04X} in the JSON: {out:?}",
            u32::from(c)
        );
    }
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["comment"], comment, "the value is kept, only escaped");
    assert!(out.contains("\\u009b"), "{out}");
}

#[test]
fn keys_a_service_cannot_use_are_refused_with_their_own_id() {
    // A security-key-backed private key: built with ssh-key, read by ssh-keygen (the oracle
    // that it is a real one).
    let dir = tempfile::tempdir().expect("tempdir");
    for (alg, file) in [
        ("sk-ssh-ed25519@openssh.com", "sk-ed25519"),
        ("sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa"),
    ] {
        let text = bblink::testing::security_key_private(alg, "on a token");
        let path = dir.path().join(file);
        fs::write(&path, text.as_bytes()).expect("write");
        set_mode(&path, 0o600);
        let (code, public, err) = run(Command::new("ssh-keygen").args(["-y", "-f"]).arg(&path));
        assert_eq!(code, 0, "ssh-keygen reads it: {err}");
        assert!(public.starts_with(alg), "{public}");
        let (code, v) = check(&[path.to_str().expect("utf-8")], None);
        assert_eq!(code, 1, "{v}");
        assert_eq!(v["ok"], false, "{v}");
        assert!(
            ids(&v).contains(&"security_key_required".to_string()),
            "{v}"
        );
        assert_eq!(v["algorithm"], alg, "{v}");
    }
}

/// An SSH fingerprint as ssh-keygen prints it: SHA-256 of the key blob, base64 without `=`.
fn fingerprint_of(blob: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(blob);
    format!(
        "SHA256:{}",
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest)
    )
}

fn ssh_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u32::try_from(bytes.len()).expect("len").to_be_bytes());
    out.extend_from_slice(bytes);
}

#[test]
fn newer_key_types_and_certificates_are_named_as_ssh_keygen_names_them() {
    use base64::Engine as _;
    // OpenSSH 10's ML-DSA-44 + Ed25519 hybrid (ssh-mldsa-eddsa.c): one string of the 1312-byte
    // ML-DSA public key followed by the 32-byte Ed25519 one; ssh-keygen reports 256 bits.
    let alg = "ssh-mldsa44-ed25519@openssh.com";
    let mut blob = Vec::new();
    ssh_string(&mut blob, alg.as_bytes());
    let pk: Vec<u8> = (0..1344u32)
        .map(|i| u8::try_from(i * 7 % 251).expect("byte"))
        .collect();
    ssh_string(&mut blob, &pk);
    let line = format!(
        "{alg} {} pq@example\n",
        base64::engine::general_purpose::STANDARD.encode(&blob)
    );
    let (code, v) = check(&["-"], Some(&line));
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["kind"], "public", "{v}");
    assert_eq!(v["algorithm"], alg, "{v}");
    assert_eq!(v["bits"], 256, "{v}");
    assert_eq!(v["fingerprint"], fingerprint_of(&blob), "{v}");
    assert!(
        ids(&v).contains(&"key_type_not_accepted".to_string()),
        "{v}"
    );
    // A certificate: its type, and the fingerprint of the key it certifies (ssh-keygen -lf).
    let dir = tempfile::tempdir().expect("tempdir");
    let ca = crate::support::ssh_keygen_make(dir.path(), "ca", &["-t", "ed25519", "-N", ""]);
    let user = crate::support::ssh_keygen_make(dir.path(), "user", &["-t", "ed25519", "-N", ""]);
    let (code, _, err) = run(Command::new("ssh-keygen")
        .args(["-q", "-s"])
        .arg(&ca)
        .args(["-I", "ci", "-n", "git"])
        .arg(user.with_extension("pub")));
    assert_eq!(code, 0, "{err}");
    let cert = dir.path().join("user-cert.pub");
    let (_, listed, _) = run(Command::new("ssh-keygen").arg("-lf").arg(&cert));
    let fp = listed.split_whitespace().nth(1).expect("fp");
    let (code, v) = check(&[cert.to_str().expect("utf-8")], None);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["kind"], "certificate", "{v}");
    assert_eq!(v["algorithm"], "ssh-ed25519-cert-v01@openssh.com", "{v}");
    assert_eq!(v["fingerprint"], fp, "{v}");
}

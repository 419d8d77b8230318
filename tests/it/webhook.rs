//! `bblink webhook verify` against deliveries signed by `openssl dgst -hmac` (the oracle for
//! HMAC-SHA256), as Bitbucket signs them.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{bblink_bin, run, run_with_stdin};

const SECRET: &str = "s3cr3t-webhook-Zk41vQ9pL0aa7rT2mXc8";
const BODY: &str = "{\"push\": {\"changes\": [{\"new\": {\"name\": \"main\", \"type\": \"branch\"}}]},\n \"repository\": {\"full_name\": \"team/app\"}}";

/// `sha256=<hex>` as openssl computes it.
fn oracle(secret: &str, body: &[u8], dir: &Path) -> String {
    let file = dir.join("body");
    std::fs::write(&file, body).expect("body");
    let (code, out, err) = run(Command::new("openssl")
        .args(["dgst", "-sha256", "-hmac", secret, "-r"])
        .arg(&file));
    assert_eq!(code, 0, "openssl: {err}");
    format!("sha256={}", out.split_whitespace().next().expect("digest"))
}

fn capture(signature: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut head = String::from(
        "POST /gateway/public/sync HTTP/1.1\r\nHost: hub.example.com\r\nX-Event-Key: repo:push\r\nX-Hook-UUID: {4b6b2c6e-1111-2222-3333-444455556666}\r\nX-Request-UUID: 0f0f0f0f-aaaa-bbbb-cccc-dddddddddddd\r\nX-Attempt-Number: 1\r\nUser-Agent: Bitbucket-Webhooks/2.0\r\nContent-Type: application/json\r\n",
    );
    if let Some(sig) = signature {
        head.push_str("X-Hub-Signature: ");
        head.push_str(sig);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut all = head.into_bytes();
    all.extend_from_slice(body);
    all
}

fn verify(dir: &Path, capture: &[u8], secret: Option<&str>) -> (i32, Value, String) {
    let file = dir.join("capture.txt");
    std::fs::write(&file, capture).expect("capture");
    let mut cmd = Command::new(bblink_bin());
    cmd.args(["webhook", "verify", "--json", "--secret-env", "HOOK_SECRET"])
        .arg(&file);
    match secret {
        Some(s) => cmd.env("HOOK_SECRET", s),
        None => cmd.env_remove("HOOK_SECRET"),
    };
    let (code, out, err) = run(&mut cmd);
    assert!(
        !out.contains(SECRET) && !err.contains(SECRET),
        "the secret is never printed"
    );
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}")),
        err,
    )
}

fn id(v: &Value) -> &str {
    v["findings"][0]["id"].as_str().unwrap_or_default()
}

#[test]
fn a_signed_delivery_passes_and_one_changed_byte_fails() {
    let dir = tempfile::tempdir().expect("tmp");
    let sig = oracle(SECRET, BODY.as_bytes(), dir.path());
    let (code, v, _) = verify(
        dir.path(),
        &capture(Some(&sig), BODY.as_bytes()),
        Some(SECRET),
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["event"], "repo:push");
    assert_eq!(v["attempt"], "1");
    assert_eq!(v["body_bytes"], BODY.len());
    let changed = BODY.replace("main", "mainx");
    let (code, v, _) = verify(
        dir.path(),
        &capture(Some(&sig), changed.as_bytes()),
        Some(SECRET),
    );
    assert_eq!((code, id(&v)), (1, "webhook_signature_mismatch"), "{v}");
    let (_, v, _) = verify(
        dir.path(),
        &capture(Some(&sig), BODY.as_bytes()),
        Some("another-secret"),
    );
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("secret differs"),
        "{v}"
    );
    // The same delivery piped in, in text mode.
    let mut cmd = Command::new(bblink_bin());
    cmd.args(["webhook", "verify", "--secret-env", "HOOK_SECRET"])
        .env("HOOK_SECRET", SECRET);
    let text = String::from_utf8(capture(Some(&sig), BODY.as_bytes())).expect("utf-8");
    let (code, out, err) = run_with_stdin(&mut cmd, &text);
    assert_eq!(code, 0, "{out} {err}");
    assert!(out.contains("✓ The signature matches"), "{out}");
}

#[test]
fn a_body_changed_by_the_capture_a_missing_secret_and_odd_input_are_told_apart() {
    let dir = tempfile::tempdir().expect("tmp");
    let sig = oracle(SECRET, BODY.as_bytes(), dir.path());
    let crlf = BODY.replace('\n', "\r\n");
    let (_, v, _) = verify(
        dir.path(),
        &capture(Some(&sig), crlf.as_bytes()),
        Some(SECRET),
    );
    assert_eq!(id(&v), "webhook_signature_mismatch");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("line endings"),
        "{v}"
    );
    let (code, v, _) = verify(dir.path(), &capture(None, BODY.as_bytes()), Some(SECRET));
    assert_eq!((code, id(&v)), (1, "webhook_secret_missing"));
    let (_, v, _) = verify(
        dir.path(),
        &capture(
            Some("sha1=0123456789abcdef0123456789abcdef01234567"),
            BODY.as_bytes(),
        ),
        Some(SECRET),
    );
    assert_eq!(id(&v), "webhook_malformed");
    let (_, v, _) = verify(dir.path(), b"just some text without headers", Some(SECRET));
    assert_eq!(id(&v), "webhook_malformed");
    let (code, v, _) = verify(dir.path(), &capture(Some(&sig), BODY.as_bytes()), None);
    assert_eq!(code, 2, "{v}");
    // Binary bodies are hashed as bytes, never as text.
    let binary: Vec<u8> = (0..=255u8).collect();
    let sig = oracle(SECRET, &binary, dir.path());
    let (code, v, _) = verify(dir.path(), &capture(Some(&sig), &binary), Some(SECRET));
    assert_eq!(code, 0, "{v}");
}

#[test]
fn more_than_one_signature_header_is_malformed_whichever_comes_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = oracle(SECRET, BODY.as_bytes(), dir.path());
    let bad = format!("sha256={}", "0".repeat(64));
    for (first, second) in [(&good, &bad), (&bad, &good), (&good, &good)] {
        let one = capture(Some(first), BODY.as_bytes());
        // A second header line right after the first.
        let text = String::from_utf8(one).expect("utf-8");
        let doubled = text.replacen(
            &format!("X-Hub-Signature: {first}\r\n"),
            &format!("X-Hub-Signature: {first}\r\nx-hub-signature: {second}\r\n"),
            1,
        );
        let (code, v, _) = verify(dir.path(), doubled.as_bytes(), Some(SECRET));
        assert_eq!(code, 1, "{v}");
        assert_eq!(id(&v), "webhook_malformed", "{v}");
        assert_eq!(v["ok"], false, "{v}");
    }
}

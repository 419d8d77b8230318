//! Table tests of the inspector on keys generated in-process; ssh-keygen-made keys of every
//! format are covered by the integration tests.

use rstest::rstest;

use super::*;
use crate::core::ssh_keys::GeneratedKey;

/// A different fixed key on each call.
fn ed25519() -> GeneratedKey {
    use std::sync::atomic::{AtomicU8, Ordering};
    static SEED: AtomicU8 = AtomicU8::new(1);
    crate::testing::seeded_key(SEED.fetch_add(1, Ordering::Relaxed), "test")
}

fn ids(r: &Inspection) -> Vec<ProblemId> {
    r.problems.iter().map(|p| p.id).collect()
}

type Damage = fn(&str) -> String;

fn crlf(k: &str) -> String {
    k.replace('\n', "\r\n")
}
fn indented(k: &str) -> String {
    k.lines()
        .map(|l| format!("    {l}  \n"))
        .collect::<Vec<_>>()
        .concat()
}
fn joined(k: &str) -> String {
    k.lines().collect::<Vec<_>>().join(" ")
}
fn no_header(k: &str) -> String {
    k.lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect::<Vec<_>>()
        .concat()
}
fn no_footer(k: &str) -> String {
    let lines: Vec<&str> = k.lines().collect();
    lines[..lines.len() - 1].join("\n")
}
fn body_only(k: &str) -> String {
    let lines: Vec<&str> = k.lines().collect();
    lines[1..lines.len() - 1].join("\n")
}
fn rewrapped(k: &str) -> String {
    let lines: Vec<&str> = k.lines().collect();
    let body: String = lines[1..lines.len() - 1].concat();
    let mut out = format!("{}\n", lines[0]);
    for c in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(c));
        out.push('\n');
    }
    out.push_str(lines[lines.len() - 1]);
    out
}

fn text_before(k: &str) -> String {
    format!("Here is the key you asked for:\n{k}")
}
fn public_line_before(k: &str) -> String {
    format!(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs x\n{k}"
    )
}
fn blank_lines_before(k: &str) -> String {
    format!("\n\n{k}")
}
fn text_after(k: &str) -> String {
    format!("{k}-- sent from my phone\n")
}

/// Each damage, and whether OpenSSH still loads the text as given (checked with ssh-keygen -y
/// on each: only text after the END line and another wrap width are harmless).
#[rstest]
#[case::text_before(text_before, ProblemId::ExtraTextAroundKey, false)]
#[case::public_line_before(public_line_before, ProblemId::ExtraTextAroundKey, false)]
#[case::blank_lines_before(blank_lines_before, ProblemId::WhitespaceDamaged, false)]
#[case::text_after(text_after, ProblemId::ExtraTextAroundKey, true)]
#[case::crlf(crlf, ProblemId::LineEndingsCrlf, false)]
#[case::indented(indented, ProblemId::WhitespaceDamaged, false)]
#[case::joined(joined, ProblemId::JoinedLines, false)]
#[case::no_header(no_header, ProblemId::MissingHeader, false)]
#[case::no_footer(no_footer, ProblemId::MissingFooter, false)]
#[case::body_only(body_only, ProblemId::MissingHeader, false)]
#[case::rewrapped(rewrapped, ProblemId::Rewrapped, true)]
fn damage_is_named_and_repaired_to_the_same_key(
    #[case] damage: Damage,
    #[case] id: ProblemId,
    #[case] loads: bool,
) {
    let key = ed25519();
    let r = inspect(&damage(&key.private_openssh), Some(&key.info));
    assert_eq!(r.ok, loads, "{:?}", r.problems);
    assert!(r.repaired);
    assert!(ids(&r).contains(&id), "{:?}", ids(&r));
    let severity = if loads {
        Severity::Warning
    } else {
        Severity::Error
    };
    assert!(
        r.problems.iter().all(|p| p.severity == severity),
        "{:?}",
        r.problems
    );
    assert_eq!(
        r.fingerprint.as_deref(),
        Some(key.info.fingerprint.as_str())
    );
    assert_eq!(r.matches_public_key, Some(true));
    let fixed = r.repaired_text.as_ref().expect("repaired text");
    assert_eq!(
        fixed.expose(),
        key.private_openssh.as_str(),
        "repair restores the file exactly"
    );
    assert!(!format!("{r:?}").contains(key.private_openssh.lines().nth(1).expect("body")));
}

#[test]
fn an_intact_key_is_ok_and_not_repaired() {
    let key = ed25519();
    let r = inspect(&key.private_openssh, None);
    assert!(
        r.ok && !r.repaired && r.problems.is_empty(),
        "{:?}",
        r.problems
    );
    assert_eq!(r.kind, Kind::Private);
    assert_eq!(r.format, Some("openssh"));
    assert_eq!(r.algorithm.as_deref(), Some("ssh-ed25519"));
    assert_eq!(r.bits, Some(256));
    assert_eq!(r.comment.as_deref(), Some("test"));
    assert_eq!(r.matches_public_key, None);
}

#[test]
fn public_keys_pasted_by_mistake_are_named() {
    let key = ed25519();
    for text in [
        key.public_openssh.clone(),
        format!("no-pty,command=\"x\" {}", key.public_openssh),
    ] {
        let r = inspect(&text, None);
        assert_eq!(r.kind, Kind::Public);
        assert_eq!(ids(&r), vec![ProblemId::PublicKeyInsteadOfPrivate]);
        assert_eq!(
            r.fingerprint.as_deref(),
            Some(key.info.fingerprint.as_str())
        );
        assert!(!r.ok);
    }
}

#[test]
fn cut_and_corrupted_keys_are_told_apart() {
    for _ in 0..20 {
        let key = ed25519();
        let lines: Vec<&str> = key.private_openssh.lines().collect();
        let cut = format!("{}\n{}\n{}\n", lines[0], lines[1], lines[lines.len() - 1]);
        assert_eq!(ids(&inspect(&cut, None)), vec![ProblemId::Truncated]);
        // Valid base64 with other bytes inside (the length fields are left alone): corrupt,
        // never "cut short".
        let mut chars: Vec<char> = key.private_openssh.chars().collect();
        for c in chars.iter_mut().skip(200).step_by(7).take(20) {
            if c.is_ascii_alphanumeric() {
                *c = if *c == 'A' { 'B' } else { 'A' };
            }
        }
        let damaged: String = chars.into_iter().collect();
        assert_ne!(damaged, key.private_openssh.as_str());
        assert_eq!(ids(&inspect(&damaged, None)), vec![ProblemId::Corrupt]);
    }
}

#[test]
fn mismatch_with_the_key_step_is_an_error() {
    let (a, b) = (ed25519(), ed25519());
    let r = inspect(&a.private_openssh, Some(&b.info));
    assert_eq!(r.matches_public_key, Some(false));
    assert_eq!(ids(&r), vec![ProblemId::KeyMismatch]);
    assert!(!r.ok);
}

#[rstest]
#[case("", ProblemId::EmptyInput)]
#[case("   \n\t", ProblemId::EmptyInput)]
#[case("hello world", ProblemId::NotAKey)]
#[case(
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    ProblemId::Corrupt
)]
fn nonsense_gets_a_clear_verdict(#[case] text: &str, #[case] id: ProblemId) {
    let r = inspect(text, None);
    assert_eq!(ids(&r), vec![id]);
    assert!(!r.ok);
}

#[test]
fn oversized_input_is_refused_without_parsing() {
    let big = "A".repeat(MAX_INPUT + 1);
    assert_eq!(ids(&inspect(&big, None)), vec![ProblemId::TooLarge]);
}

#[test]
fn pkcs1_rsa_and_weak_rsa() {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    let mut rng = ssh_key::rand_core::OsRng;
    let weak = rsa::RsaPrivateKey::new(&mut rng, 1024).expect("rsa");
    let pem = weak.to_pkcs1_pem(rsa::pkcs8::LineEnding::LF).expect("pem");
    let r = inspect(&pem, None);
    assert_eq!(r.format, Some("pkcs1"));
    assert_eq!(r.bits, Some(1024));
    assert_eq!(ids(&r), vec![ProblemId::WeakRsaKey]);
}

#[test]
fn serialised_verdicts_never_hold_key_material() {
    let key = ed25519();
    let r = inspect(&crlf(&key.private_openssh), None);
    assert!(r.repaired_text.is_some());
    let json = serde_json::to_string(&r).expect("json");
    assert!(!json.contains("PRIVATE KEY"), "{json}");
    let body = key.private_openssh.lines().nth(2).expect("a body line");
    assert!(!json.contains(body), "{json}");
}

#[test]
fn prose_is_not_mistaken_for_a_key_body() {
    let prose = "please find the deploy key for the staging server below thanks ".repeat(4);
    assert_eq!(ids(&inspect(&prose, None)), vec![ProblemId::NotAKey]);
}

#[path = "verdicts.rs"]
mod verdicts;

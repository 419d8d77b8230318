//! Verdicts that must never say "ready" to a key a service refuses: several keys, characters
//! outside base64, a key whose halves differ, certificates, encrypted PEM.

use super::*;

#[test]
fn one_private_key_among_several_is_kept_and_two_are_refused() {
    let (a, b) = (ed25519(), ed25519());
    let r = inspect(
        &format!("{}\n{}", a.public_openssh, *a.private_openssh),
        Some(&a.info),
    );
    // OpenSSH loads nothing before -----BEGIN: only the repaired key works.
    assert!(!r.ok, "{:?}", r.problems);
    assert!(r.repaired);
    assert_eq!(
        r.repaired_text.as_ref().map(Secret::expose),
        Some(a.private_openssh.as_str())
    );
    assert!(r.has(ProblemId::ExtraTextAroundKey));

    // A second armored key (a public one) with the private key: the private key alone.
    let with_pem_public = format!(
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n{}",
        *a.private_openssh
    );
    let r = inspect(&with_pem_public, Some(&a.info));
    assert!(!r.ok, "{:?}", r.problems);
    assert!(r.has(ProblemId::SeveralKeys));
    assert_eq!(
        r.repaired_text.as_ref().map(Secret::expose),
        Some(a.private_openssh.as_str())
    );

    let two = format!("{}{}", *a.private_openssh, *b.private_openssh);
    let r = inspect(&two, None);
    assert!(!r.ok);
    assert_eq!(ids(&r), vec![ProblemId::SeveralKeys]);
    assert!(r.repaired_text.is_none(), "which one would it be?");
}

#[test]
fn characters_outside_base64_are_corrupt_on_the_line_that_holds_them() {
    for _ in 0..6 {
        let key = ed25519();
        let mut lines: Vec<String> = key.private_openssh.lines().map(str::to_string).collect();
        lines[2].replace_range(10..12, "!!");
        let r = inspect(&lines.join("\n"), None);
        assert_eq!(ids(&r), vec![ProblemId::Corrupt], "never 'truncated'");
        assert!(
            r.problems[0].message.contains("line 3") && r.problems[0].message.contains('!'),
            "{}",
            r.problems[0].message
        );
    }
}

#[test]
fn a_key_whose_private_half_does_not_give_its_public_half_is_corrupt() {
    use base64::Engine;
    let key = ed25519();
    let lines: Vec<&str> = key.private_openssh.lines().collect();
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut bytes = b64
        .decode(lines[1..lines.len() - 1].concat())
        .expect("base64");
    // The private section ends: seed (32) and public (32), comment "test", padding; flip a
    // byte of the seed, which OpenSSH itself does not check.
    let seed_at = bytes.len() - 8 - 4 - 4 - 64;
    bytes[seed_at + 3] ^= 0x40;
    let body = b64.encode(&bytes);
    let damaged = format!(
        "{}\n{}\n{}\n",
        lines[0],
        body.as_bytes()
            .chunks(70)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join("\n"),
        lines[lines.len() - 1]
    );
    assert_eq!(ids(&inspect(&damaged, None)), vec![ProblemId::Corrupt]);
}

#[test]
fn a_certificate_is_named_as_such() {
    let r = inspect(
        "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t user-cert",
        None,
    );
    assert_eq!(ids(&r), vec![ProblemId::NotAKey]);
    assert!(
        r.problems[0].message.contains("certificate"),
        "{:?}",
        r.problems
    );
}

#[test]
fn an_encrypted_pem_key_says_its_algorithm() {
    let body = "QUJD".repeat(40);
    for (label, algorithm) in [("RSA", "ssh-rsa"), ("EC", "ecdsa"), ("DSA", "ssh-dss")] {
        let pem = format!(
            "-----BEGIN {label} PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n{body}\n-----END {label} PRIVATE KEY-----\n"
        );
        let r = inspect(&pem, None);
        assert_eq!(r.algorithm.as_deref(), Some(algorithm), "{label}");
        assert!(r.has(ProblemId::PassphraseRequired));
    }
}

#[test]
fn fixes_name_the_real_file_and_the_real_public_key() {
    let key = ed25519();
    let mut r = inspect(&key.private_openssh, Some(&ed25519().info));
    r.note_file_mode(true);
    r.name_file("'my key'");
    r.name_expected("the public key in deploy.pub");
    let text = r
        .problems
        .iter()
        .map(|p| format!("{} {}", p.message, p.fix))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("chmod 600 'my key'"), "{text}");
    assert!(text.contains("the public key in deploy.pub"), "{text}");
    assert!(
        !text.contains("<file>") && !text.contains("key step"),
        "{text}"
    );
}

#[test]
fn a_key_block_holding_another_begin_line_gets_a_verdict_not_a_stack_overflow() {
    let key = ed25519();
    let nested = format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}",
        key.private_openssh.as_str()
    );
    // Runs on a small stack, as a test thread's: unbounded recursion would abort the process.
    let r = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || inspect(&nested, None))
        .expect("thread")
        .join()
        .expect("no overflow");
    assert!(!r.ok);
    assert!(!r.problems.is_empty());
}

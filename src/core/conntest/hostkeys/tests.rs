//! The host key verdicts, the pinned keys and `known_hosts` reading, table by table.

use super::*;

const ED: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO";
const OTHER: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHH6rNhRy1Uwtw8MMDoyyGn6mdZB6GDRqT0OJRUHTjZN";

fn key(line: &str) -> HostKey {
    HostKey::parse(line).expect("key")
}

#[test]
fn the_pinned_keys_have_atlassians_fingerprints() {
    let fps: Vec<String> = pinned_for("ssh.bitbucket.org")
        .into_iter()
        .map(|k| k.fingerprint)
        .collect();
    assert_eq!(
        fps,
        [
            "SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM",
            "SHA256:FC73VB6C4OQLSCrjEayhMp9UMxS97caD/Yyi2bhW/J0",
            "SHA256:46OSHA1Rmj8E8ERTC6xkNcmGOw9oFxYr0WF6zWW8l1E",
        ]
    );
    assert_eq!(
        revoked_keys()[0].fingerprint,
        "SHA256:zzXQOXSRBEiUtuE8AikJYKwbHaxvSc0ojez9YXaGp1A"
    );
    assert!(pinned_for("bb.example.com").is_empty());
}

#[test]
fn bitbucket_hosts_accept_only_pinned_keys() {
    let v = verdict("ssh.bitbucket.org", &[key(ED)], &[], &[], None);
    assert!(matches!(
        v,
        Verdict::Accepted {
            trust: Trust::Pinned,
            ..
        }
    ));
    let v = verdict("bitbucket.org", &[key(OTHER)], &[], &[], None);
    assert!(matches!(v, Verdict::Changed { asserted: None, ref expected } if expected.len() == 3));
    let old = revoked_keys().remove(0);
    let v = verdict("bitbucket.org", &[old, key(ED)], &[], &[], None);
    assert!(matches!(
        v,
        Verdict::Revoked {
            bitbucket_old: true,
            ..
        }
    ));
}

#[test]
fn other_hosts_need_a_confirmed_fingerprint_or_a_trusted_key() {
    let other = key(OTHER);
    assert_eq!(
        verdict("127.0.0.1", std::slice::from_ref(&other), &[], &[], None),
        Verdict::Unknown
    );
    let fp = other.fingerprint.clone();
    let v = verdict(
        "127.0.0.1",
        std::slice::from_ref(&other),
        &[],
        &[],
        Some(&fp.to_lowercase().replace("sha256:", "")),
    );
    assert!(
        matches!(v, Verdict::Changed { .. }),
        "a fingerprint's body is case-sensitive"
    );
    let v = verdict(
        "127.0.0.1",
        std::slice::from_ref(&other),
        &[],
        &[],
        Some(&fp),
    );
    assert!(matches!(
        v,
        Verdict::Accepted {
            trust: Trust::Confirmed,
            ..
        }
    ));
    let v = verdict(
        "127.0.0.1",
        std::slice::from_ref(&other),
        &[],
        &[],
        Some("SHA256:nope"),
    );
    assert!(matches!(v, Verdict::Changed { .. }));
    let v = verdict(
        "127.0.0.1",
        std::slice::from_ref(&other),
        std::slice::from_ref(&other),
        &[],
        None,
    );
    assert!(matches!(
        v,
        Verdict::Accepted {
            trust: Trust::KnownHosts,
            ..
        }
    ));
    let v = verdict(
        "127.0.0.1",
        std::slice::from_ref(&other),
        &[key(ED)],
        &[],
        None,
    );
    assert!(matches!(v, Verdict::Changed { .. }));
}

#[test]
fn a_fingerprint_given_is_an_assertion_and_a_revocation_wins() {
    let other = key(OTHER);
    let trusted = std::slice::from_ref(&other);
    // Trusted before, but the fingerprint given is another: refused.
    let v = verdict(
        "127.0.0.1",
        trusted,
        trusted,
        &[],
        Some(&key(ED).fingerprint),
    );
    assert!(
        matches!(
            v,
            Verdict::Changed {
                asserted: Some(_),
                ..
            }
        ),
        "{v:?}"
    );
    // Bitbucket's pinned key, but the fingerprint given is another: refused too.
    let v = verdict(
        "ssh.bitbucket.org",
        &[key(ED)],
        &[],
        &[],
        Some(&other.fingerprint),
    );
    assert!(
        matches!(
            v,
            Verdict::Changed {
                asserted: Some(_),
                ..
            }
        ),
        "{v:?}"
    );
    // The fingerprint given and trusted: accepted, as trusted (nothing to record).
    let v = verdict("127.0.0.1", trusted, trusted, &[], Some(&other.fingerprint));
    assert!(
        matches!(
            v,
            Verdict::Accepted {
                trust: Trust::KnownHosts,
                ..
            }
        ),
        "{v:?}"
    );
    // Revoked: refused, trusted and asserted alike.
    let v = verdict(
        "127.0.0.1",
        trusted,
        trusted,
        trusted,
        Some(&other.fingerprint),
    );
    assert!(
        matches!(
            v,
            Verdict::Revoked {
                bitbucket_old: false,
                ..
            }
        ),
        "{v:?}"
    );
}

#[test]
fn known_hosts_patterns_apply_as_in_openssh() {
    let text = format!("*.example.com,!bad.example.com {OTHER}\n@revoked * {ED}\n");
    assert_eq!(trusted_in(&text, "git.example.com", 22), vec![key(OTHER)]);
    assert!(trusted_in(&text, "bad.example.com", 22).is_empty());
    assert!(trusted_in(&text, "example.com", 22).is_empty());
    assert_eq!(revoked_in(&text, "anything", 7999), vec![key(ED)]);
}

#[test]
fn known_hosts_lines_are_read_by_name_and_port() {
    let text = format!(
        "# comment\n[127.0.0.1]:2222 {OTHER}\n127.0.0.1 {ED}\n@revoked [127.0.0.1]:2222 {ED}\nbroken line\n"
    );
    assert_eq!(trusted_in(&text, "127.0.0.1", 2222), vec![key(OTHER)]);
    assert_eq!(trusted_in(&text, "127.0.0.1", 22), vec![key(ED)]);
    let line = record_line("127.0.0.1", 2222, &key(OTHER));
    assert_eq!(trusted_in(&line, "127.0.0.1", 2222), vec![key(OTHER)]);
}

#[test]
fn the_old_rsa_key_is_recognised_even_under_a_hashed_name() {
    let old = revoked_keys().remove(0);
    let hashed = format!(
        "|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= {}\n",
        old.line
    );
    assert!(has_old_bitbucket_key(&hashed));
    assert!(!has_old_bitbucket_key(&format!("bitbucket.org {ED}\n")));
}

#[test]
fn keyscan_output_is_read() {
    let out = format!(
        "# 127.0.0.1:2222 SSH-2.0-OpenSSH_9.2\n[127.0.0.1]:2222 {OTHER}\n[127.0.0.1]:2222 {OTHER}\n"
    );
    assert_eq!(parse_keyscan(&out), vec![key(OTHER)]);
    assert_eq!(key(OTHER).kind(), "ED25519");
    assert_eq!(normalise_fingerprint(" abc= "), "SHA256:abc");
    let fp = key(OTHER).fingerprint;
    assert_eq!(parse_fingerprint(&format!("{fp}=")), Some(fp.clone()));
    assert_eq!(parse_fingerprint(&fp[7..]), Some(fp));
    assert_eq!(
        parse_fingerprint("97:8c:1b:f2:6f:14:6b:5c:3b:ec:aa:46:46:74:7c:40"),
        None
    );
    assert_eq!(parse_fingerprint("SHA256:\u{1b}[31m"), None);
}

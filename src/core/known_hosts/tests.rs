use super::*;
use hmac::{Hmac, Mac};

const OLD_RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEAubiN81eDcafrgMeLzaFPsw2kNvEcqTKl/VqLat/MaB33pZy0y3rJZtnqwR2qOOvbwKZYKiEO1O6VqNEBxKvJJelCq0dTXWT5pbO2gDXC6h6QDXCaHo6pOHGPUy+YBaGQRGuSusMEASYiWunYN0vCAI8QaXnWMXNMdFP3jHAJH0eDsoiGnLPBlBp4TNm6rYI74nMzgz3B9IikW4WVK+dc8KZJZWYjAuORU3jc1c/NPskD2ASinf8v3xnfXeukU0sJ5N6m5E8VLjObPEO+mN2t/FZTMZLiFqPWc/ALSqnMnnhwrNi2rbfg/rd/IpL8Le3pSBne8+seeFVBoGqzHM9yXw==";
const OTHER: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

/// `|1|salt|hash` for `host`, as ssh-keygen -H writes it.
fn hashed(host: &str) -> String {
    use base64::Engine;
    let salt = [7u8; 20];
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&salt).expect("key");
    mac.update(host.as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD;
    format!(
        "|1|{}|{}",
        b64.encode(salt),
        b64.encode(mac.finalize().into_bytes())
    )
}

fn ids(c: &Check) -> Vec<(KnownHostsId, Option<usize>)> {
    c.findings.iter().map(|f| (f.id, f.line)).collect()
}

#[test]
fn stale_keys_wrong_hosts_and_markers_are_found_and_fixed() {
    use KnownHostsId as K;
    let text = format!(
        "# mine\r\ngithub.com {OTHER}\r\nbitbucket.org,104.192.141.1 {OLD_RSA}\r\n{} {OLD_RSA}\r\nbitbucket.com {OTHER}\r\n{} {OTHER}\r\n@revoked bitbucket.org {OLD_RSA}\r\n@cert-authority *.acme.com {OTHER}\r\n",
        hashed("bitbucket.org"),
        hashed("ssh.bitbucket.org"),
    );
    let c = check(&text);
    assert!(!c.ok);
    assert_eq!(
        ids(&c),
        [
            (K::KnownHostsOldRsa, Some(3)),
            (K::KnownHostsOldRsa, Some(4)),
            (K::KnownHostsWrongHost, Some(5)),
            (K::KnownHostsUnknownKey, Some(6)),
            (K::KnownHostsMarker, Some(7)),
            (K::KnownHostsMarker, Some(8)),
            (K::KnownHostsMissing, None),
        ]
    );
    // The copy keeps the other lines and their CRLF, drops the stale ones, adds the pinned.
    assert!(c.fixed.starts_with("# mine\r\ngithub.com "));
    assert!(
        !c.fixed
            .contains(&format!("bitbucket.org,104.192.141.1 {OLD_RSA}"))
    );
    assert!(!c.fixed.contains("bitbucket.com"));
    assert!(
        c.fixed
            .contains(&format!("@revoked bitbucket.org {OLD_RSA}"))
    );
    assert_eq!(c.fixed.matches("\r\nssh.bitbucket.org ").count(), 3);
    assert!(
        !c.fixed.replace("\r\n", "").contains('\n'),
        "one line ending"
    );
    let again = check(&c.fixed);
    assert!(again.ok, "{:?}", again.findings);
}

#[test]
fn a_file_with_the_pinned_keys_passes_hashed_or_not() {
    let plain = cloud_lines(CLOUD_HOST).join("\n");
    assert!(check(&plain).ok);
    let hashed_lines: String = pinned()
        .iter()
        .map(|k| format!("{} {}", hashed("ssh.bitbucket.org"), k.line))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let c = check(&hashed_lines);
    assert!(c.ok, "{:?}", c.findings);
    assert_eq!(c.fixed, hashed_lines);
    let empty = check("");
    assert_eq!(ids(&empty), [(KnownHostsId::KnownHostsMissing, None)]);
}

#[test]
fn snippets_hold_every_line_once_in_a_quoted_heredoc() {
    let lines = cloud_lines(CLOUD_HOST);
    for f in <Format as strum::IntoEnumIterator>::iter() {
        let s = render(f, &cloud_comment(), &lines);
        for l in &lines {
            assert_eq!(s.matches(l.as_str()).count(), 1, "{f:?}\n{s}");
        }
        assert!(s.contains("ssh.bitbucket.org"), "{f:?}");
        if !matches!(f, Format::Plain | Format::Dockerfile) {
            assert!(s.contains("<<'KNOWN_HOSTS'"), "{f:?}");
        }
    }
}

#[test]
fn other_hosts_on_a_stale_line_keep_their_key_and_a_right_file_is_left_alone() {
    let text =
        format!("bitbucket.com,git.acme.com {OTHER} corp\nssh.bitbucket.org,git.corp {OTHER}");
    let c = check(&text);
    assert!(
        c.fixed
            .starts_with(&format!("git.acme.com {OTHER} corp\ngit.corp {OTHER}\n")),
        "{}",
        c.fixed
    );
    // No trailing newline and nothing wrong: the text is not rewritten.
    let right = cloud_lines(CLOUD_HOST).join("\n");
    assert_eq!(check(&right).fixed, right);
    // Mixed endings: lines not touched keep theirs.
    let mixed = format!(
        "a.example {OTHER}\r\nb.example {OTHER}\n{}\n",
        cloud_lines(CLOUD_HOST).join("\n")
    );
    assert_eq!(check(&mixed).fixed, mixed);
}

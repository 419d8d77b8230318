//! Ranking, evidence and redaction of the diagnosis.

use super::*;
use crate::core::catalog::catalog;

fn ids(text: &str) -> Vec<(String, bool)> {
    diagnose(catalog().expect("catalog"), text)
        .into_iter()
        .map(|f| (f.id, f.primary))
        .collect()
}

#[test]
fn the_root_cause_comes_before_its_consequences() {
    let log = "Cloning into 'app'...\nWarning: Permanently added 'bitbucket.org' (ED25519) to the list of known hosts.\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nWARNING: UNPROTECTED PRIVATE KEY FILE!\nPermissions 0644 for '/root/.ssh/id_rsa' are too open.\ngit@bitbucket.org: Permission denied (publickey).\nfatal: Could not read from remote repository.\n";
    let found = ids(log);
    assert_eq!(
        found[0],
        ("key_bad_permissions".to_string(), true),
        "{found:?}"
    );
    assert!(
        found.contains(&("publickey_denied".to_string(), false)),
        "{found:?}"
    );
    assert!(
        found.contains(&("remote_read_failed".to_string(), false)),
        "{found:?}"
    );
}

#[test]
fn evidence_has_line_numbers_and_no_secrets() {
    let log = "git clone https://x-token-auth:ATCTT3xFfGN0abc@bitbucket.org/w/r.git\nremote: Invalid credentials\nfatal: Authentication failed for 'https://x-token-auth:ATCTT3xFfGN0abc@bitbucket.org/w/r.git/'\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ permission denied (publickey)\n-----END OPENSSH PRIVATE KEY-----\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9\n";
    let found = diagnose(catalog().expect("catalog"), log);
    let first = &found[0];
    assert_eq!(first.id, "https_auth_failed");
    assert_eq!(first.evidence[0].line, 2);
    let all = serde_json::to_string(&found).expect("json");
    for secret in [
        "ATCTT3xFfGN0abc",
        "b3BlbnNzaC1rZXkt",
        "eyJhbGciOiJIUzI1NiJ9",
    ] {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
    assert!(
        !found.iter().any(|f| f.id == "publickey_denied"),
        "nothing inside a key block counts"
    );
}

#[test]
fn a_context_entry_needs_its_context() {
    let plain = "ERROR: Repository not found.\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(plain)[0].0, "repo_not_found");
    let pip = format!("  Collecting git+ssh://git@bitbucket.org/acme/lib.git\n{plain}");
    let found = ids(&pip);
    assert_eq!(
        found[0],
        ("user_key_required".to_string(), true),
        "{found:?}"
    );
    assert!(found.contains(&("repo_not_found".to_string(), false)));
}

#[test]
fn nothing_found_in_a_clean_log_and_no_panic_on_odd_bytes() {
    assert!(ids("Cloning into 'app'...\nReceiving objects: 100% (3/3), done.\n").is_empty());
    let mut d = Diagnoser::new(catalog().expect("catalog"));
    d.feed(&[0xff, 0xfe, b'P', 0]);
    d.feed(&vec![b'a'; LINE_LIMIT * 2]);
    assert_eq!(d.lines(), 2);
    assert!(d.finish().is_empty());
}

#[test]
fn bitbucket_api_errors_in_a_log_are_named() {
    let log = "curl -u me@example.com:**** https://api.bitbucket.org/2.0/repositories/team/app/deploy-keys\n{\"type\":\"error\",\"error\":{\"message\":\"API Token provided has no Bitbucket scopes\"}}\n";
    assert_eq!(ids(log)[0], ("api_credential_invalid".to_string(), true));
    let log = "{\"type\": \"error\", \"error\": {\"message\": \"Your credentials lack one or more required privilege scopes.\", \"detail\": {\"required\": [\"admin:repository:bitbucket\"]}}}\n";
    assert_eq!(ids(log)[0], ("api_scope_missing".to_string(), true));
    let log = "error: invalid peer certificate: UnknownIssuer\n";
    assert_eq!(ids(log)[0], ("api_tls_failed".to_string(), true));
}

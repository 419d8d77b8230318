//! The shipped catalog is valid and complete; broken files are refused with their name and line.

use strum::IntoEnumIterator;

use super::*;
use crate::core::conntest::FindingId;

fn shipped() -> &'static Catalog {
    catalog().expect("the shipped catalog is valid")
}

fn json_id(id: impl serde::Serialize) -> String {
    serde_json::to_value(id)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn every_problem_bblink_names_has_an_entry() {
    let c = shipped();
    let ids: Vec<String> = inspect::ProblemId::iter()
        .map(json_id)
        .chain(crate::core::clone_url::ProblemId::iter().map(json_id))
        .chain(FindingId::ALL.iter().map(|f| f.as_str().to_string()))
        .chain(crate::core::bitbucket::ApiFindingId::iter().map(|f| f.as_str().to_string()))
        .chain(crate::core::webhook::DeliveryId::iter().map(|f| f.as_str().to_string()))
        .chain(crate::core::bitbucket::oauth::OauthId::iter().map(|f| f.as_str().to_string()))
        .chain(crate::core::known_hosts::KnownHostsId::iter().map(|f| f.as_str().to_string()))
        .collect();
    for id in ids {
        assert!(c.get(&id).is_some(), "no catalog entry for {id}");
    }
}

#[test]
fn the_issues_troubleshooting_ids_are_all_there() {
    let required = "publickey_denied wrong_key_offered agent_unavailable agent_signing_failed \
        too_many_auth_failures passphrase_required key_invalid_format libcrypto_error \
        openssh_pem_format putty_key_format key_bad_permissions identity_missing \
        ssh_config_bad_permissions host_key_unknown host_key_changed no_matching_host_key_type \
        rsa_sha1_rejected no_mutual_signature connection_closed_kex dns_failure \
        connection_timeout connection_refused ssh_to_http_port ssh_url_malformed legacy_ssh_host \
        repo_not_found deploy_key_read_only no_write_access key_already_in_use https_auth_failed \
        two_step_required ip_allowlist_blocked agent_forwarding_missing agent_socket_broken \
        user_key_required commits_not_visible webhook_delivery_failed";
    let c = shipped();
    for id in required.split_whitespace() {
        let e = c.get(id).unwrap_or_else(|| panic!("missing {id}"));
        assert!(!e.fix.is_empty() && !e.cause.is_empty(), "{id}");
    }
}

#[test]
fn every_finding_of_the_doctor_has_an_entry() {
    let c = shipped();
    for id in crate::core::doctor::IDS {
        let e = c
            .get(id)
            .unwrap_or_else(|| panic!("no catalog entry for {id}"));
        assert_eq!(e.id, id, "the doctor names {id} by its old name");
        assert_eq!(super::title(id), Some(e.title.as_str()), "{id}");
    }
}

#[test]
fn key_check_entries_say_what_the_key_check_says() {
    let e = shipped().get("weak_rsa_key").expect("entry");
    let p = inspect::ProblemId::WeakRsaKey.problem();
    assert_eq!(e.title, p.message);
    assert_eq!(e.fix, vec![p.fix]);
}

#[test]
fn merged_ids_are_still_found_by_their_old_names() {
    let c = shipped();
    for (old, new) in [
        ("passphrase_protected", "passphrase_required"),
        ("putty_format", "putty_key_format"),
        ("insecure_permissions", "key_bad_permissions"),
        ("old_bitbucket_host_key", "known_hosts_old_rsa"),
        ("key_file_unreadable", "identity_missing"),
    ] {
        let e = c.get(old).unwrap_or_else(|| panic!("{old}"));
        assert_eq!(e.id, new);
        assert!(e.aliases.iter().any(|a| a == old));
    }
    assert_eq!(
        inspect::ProblemId::PassphraseRequired.problem().alias,
        Some("passphrase_protected")
    );
}

#[test]
fn every_message_names_a_real_entry_stage_and_source() {
    let c = shipped();
    assert!(c.messages.len() > 300, "{}", c.messages.len());
    let mut seen = std::collections::HashSet::new();
    for m in &c.messages {
        assert!(
            seen.insert((&m.text, m.entry, &m.needs)),
            "{:?} twice",
            m.text
        );
    }
}

#[test]
fn broken_files_are_refused_naming_the_file_and_the_line() {
    let unknown = "[[entry]]\nid = \"x\"\ntitle = \"t\"\ncause = \"c\"\nfix = [\"f\"]\nreferences = []\ncolour = \"red\"\n";
    let e = Catalog::parse(&[("bad.toml", unknown)], &[]).expect_err("unknown key");
    assert!(
        e.to_string().contains("bad.toml") && e.message.contains("colour"),
        "{e}"
    );
    assert!(e.message.contains("line 7"), "{e}");
    let missing = "[[entry]]\nid = \"x\"\nreferences = []\n";
    let e = Catalog::parse(&[("m.toml", missing)], &[]).expect_err("no texts");
    assert!(e.message.contains("title, cause and fix"), "{e}");
    let screen = "[[entry]]\nid = \"x\"\ntitle = \"t\"\ncause = \"c\"\nfix = [\"f\"]\nscreen = \"nowhere\"\nreferences = []\n";
    assert!(Catalog::parse(&[("s.toml", screen)], &[]).is_err());
    let one =
        "[[entry]]\nid = \"x\"\ntitle = \"t\"\ncause = \"c\"\nfix = [\"f\"]\nreferences = []\n";
    let upper = "[[message]]\ntext = \"Permission\"\nid = \"x\"\nrole = \"root\"\nstage = \"auth\"\nsource = \"s\"\n";
    let e = Catalog::parse(&[("u.toml", one)], &[("m.toml", upper)]).expect_err("upper");
    assert!(
        e.file.contains("messages/m.toml") && e.message.contains("lower case"),
        "{e}"
    );
    let nowhere = "[[message]]\ntext = \"permission\"\nid = \"y\"\nrole = \"root\"\nstage = \"auth\"\nsource = \"s\"\n";
    let e = Catalog::parse(&[("u.toml", one)], &[("m.toml", nowhere)]).expect_err("no entry");
    assert!(e.message.contains("no entry y"), "{e}");
    let role = "[[message]]\ntext = \"permission\"\nid = \"x\"\nrole = \"maybe\"\nstage = \"auth\"\nsource = \"s\"\n";
    assert!(Catalog::parse(&[("u.toml", one)], &[("m.toml", role)]).is_err());
    let twice = format!(
        "{0}{0}",
        "[[entry]]\nid = \"x\"\ntitle = \"t\"\ncause = \"c\"\nfix = [\"f\"]\nreferences = []\n"
    );
    assert!(
        Catalog::parse(&[("t.toml", &twice)], &[]).is_err(),
        "ids are unique"
    );
}

use super::*;
use crate::core::ssh_config::directives;

/// A host as the adapter resolves it: Cloud's host judged, bitbucket.org resolved to compare,
/// any other one a remote's.
fn probe(host: &str, out: &str) -> Probe {
    let (why, judged) = match host {
        CLOUD_SSH => ("Bitbucket Cloud", true),
        CLOUD_WEB => ("to compare", false),
        _ => ("remote origin", true),
    };
    Probe {
        host: host.to_string(),
        why: why.to_string(),
        resolved: Resolved::Config {
            effective: Effective::parse(out),
            ignored: Vec::new(),
        },
        judged,
    }
}

fn file(path: &str, text: &str) -> ConfigFile {
    ConfigFile {
        path: path.to_string(),
        directives: directives(text),
    }
}

fn ids(f: &[Finding]) -> Vec<&str> {
    f.iter().map(|f| f.id).collect()
}

#[test]
fn ssh_s_refusals_name_file_line_and_option() {
    let stderr = "/home/a b/.ssh/config: line 3: Bad configuration option: usekeychain\n/home/a b/.ssh/config: terminating, 1 bad configuration options\n";
    assert_eq!(
        bad_options(stderr),
        vec![BadOption {
            file: "/home/a b/.ssh/config".into(),
            line: 3,
            option: "usekeychain".into()
        }]
    );
    assert_eq!(
        named_line("/etc/x line 7: Bad yes/no argument"),
        Some(("/etc/x".to_string(), 7))
    );
}

#[test]
fn identity_paths_expand_as_ssh_expands_them() {
    let eff = Effective::parse("hostname ssh.bitbucket.org\nuser git\n");
    let env = |name: &str| (name == "KEYS").then(|| "/k".to_string());
    let e = |w: &str| expand_identity(w, "/h", "me", &eff, &env);
    assert_eq!(e("${KEYS}/bb").as_deref(), Some("/k/bb"));
    assert_eq!(e("${UNSET}/bb"), None);
    assert_eq!(e("${KEYS/bb"), None);
    assert_eq!(e("~/.ssh/id").as_deref(), Some("/h/.ssh/id"));
    assert_eq!(
        e("%d/k_%u_%h_%r_%%").as_deref(),
        Some("/h/k_me_ssh.bitbucket.org_git_%")
    );
    assert_eq!(e("/abs/%C"), None);
}

#[test]
fn git_lines_and_remote_hosts() {
    let text = "[remote \"origin\"]\n\turl = git@bitbucket.org:a/b.git\n[core]\n\tsshCommand = \"ssh -i k\"\n";
    assert_eq!(
        git_line(text, "remote.origin.url", "git@bitbucket.org:a/b.git"),
        Some(2)
    );
    assert_eq!(git_line(text, "core.sshcommand", "ssh -i k"), Some(4));
    for (url, host, fixed) in [
        (
            "git@bitbucket.org:a/b.git",
            "bitbucket.org",
            "git@ssh.bitbucket.org:a/b.git",
        ),
        (
            "ssh://git@bitbucket.org:22/a/b.git",
            "bitbucket.org",
            "ssh://git@ssh.bitbucket.org:22/a/b.git",
        ),
        ("bb:a/b.git", "bb", "ssh.bitbucket.org:a/b.git"),
    ] {
        let u = ssh_host_of(url).expect(url);
        assert_eq!((u.host, u.with_host(CLOUD_SSH).as_str()), (host, fixed));
    }
    assert!(ssh_host_of("https://bitbucket.org/a/b.git").is_none());
    assert!(ssh_host_of("/srv/repo.git").is_none());
}

#[test]
fn a_block_for_bitbucket_org_that_ssh_bitbucket_org_misses() {
    let facts = Facts {
        probes: vec![
            probe(
                CLOUD_SSH,
                "hostname ssh.bitbucket.org\nuser root\nidentitiesonly no\n",
            ),
            probe(
                CLOUD_WEB,
                "hostname bitbucket.org\nuser git\nidentitiesonly yes\nidentityfile ~/.ssh/bb\n",
            ),
        ],
        files: vec![file(
            "/h/.ssh/config",
            "Host bitbucket.org\n  User git\n  IdentityFile ~/.ssh/bb\n  IdentitiesOnly yes\nHost *\n  ServerAliveInterval 5\n",
        )],
        ..Facts::default()
    };
    let f = examine(&facts);
    assert_eq!(ids(&f), vec!["host_block_not_applied"]);
    assert_eq!(
        (f[0].file.as_deref(), f[0].line),
        (Some("/h/.ssh/config"), Some(1))
    );
    assert_eq!(
        f[0].fix,
        vec!["Make line 1 `Host bitbucket.org ssh.bitbucket.org`.".to_string()]
    );
    // Once the block names both hosts, ssh applies it to both: nothing to say.
    let mut both = facts.clone();
    both.probes[0] = probe(
        CLOUD_SSH,
        "hostname ssh.bitbucket.org\nuser git\nidentitiesonly yes\nidentityfile ~/.ssh/bb\n",
    );
    assert!(examine(&both).is_empty());
}

#[test]
fn a_remote_on_an_alias_whose_hostname_is_bitbucket_org_points_at_the_hostname_line() {
    let facts = Facts {
        probes: vec![probe(
            "bb",
            "hostname bitbucket.org\nuser git\nidentitiesonly yes\n",
        )],
        files: vec![file(
            "/h/.ssh/config",
            "Host bb\n  HostName bitbucket.org\n",
        )],
        git: Some(vec![GitValue {
            key: "remote.origin.url".into(),
            value: "bb:acme/app.git".into(),
            origin: "/r/.git/config".into(),
            scope: Some("local".into()),
            line: Some(8),
        }]),
        ..Facts::default()
    };
    let f = examine(&facts);
    assert_eq!(ids(&f), vec!["legacy_ssh_host"]);
    assert_eq!(f[0].line, Some(2));
    assert_eq!(f[0].quote.as_deref(), Some("HostName bitbucket.org"));
}

#[test]
fn secrets_in_remotes_and_commands_never_reach_a_finding() {
    let facts = Facts {
        git: Some(vec![GitValue {
            key: "url.https://x-token-auth:ATCTT3xFfGN0abcdef@bitbucket.org/.insteadof".into(),
            value: "git@ssh.bitbucket.org:".into(),
            origin: "/h/.gitconfig".into(),
            scope: Some("global".into()),
            line: Some(2),
        }]),
        git_ssh_command: Some("sshpass -p hunter2 ssh -o password=hunter2".into()),
        ..Facts::default()
    };
    let f = examine(&facts);
    assert_eq!(ids(&f), vec!["git_ssh_override", "insteadof_rewrite"]);
    let all = serde_json::to_string(&f).expect("json");
    assert!(!all.contains("ATCTT3xFfGN0abcdef"), "{all}");
    assert!(!all.contains("password=hunter2"), "{all}");
}

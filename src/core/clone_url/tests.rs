//! Table tests: every form and problem, Cloud and Data Center.

use rstest::rstest;

use super::*;

const CANON: &str = "git@ssh.bitbucket.org:ws/repo.git";
const DC: &str = "ssh://git@bitbucket.acme.com:7999/PROJ/repo.git";

fn ids(c: &UrlCheck) -> Vec<String> {
    c.problems.iter().map(Problem::id_str).collect()
}

#[rstest]
// Cloud, usable as is.
#[case("git@ssh.bitbucket.org:ws/repo.git", true, Kind::Ssh, &[], Some(CANON))]
#[case("ssh://git@ssh.bitbucket.org/ws/repo.git", true, Kind::Ssh, &[], Some(CANON))]
#[case("git@ssh.bitbucket.org:ws/repo", true, Kind::Ssh, &[], Some(CANON))]
#[case("  'git@ssh.bitbucket.org:ws/repo.git'  ", true, Kind::Ssh, &[], Some(CANON))]
#[case("git@SSH.Bitbucket.org:ws/repo.git", true, Kind::Ssh, &[], Some(CANON))]
#[case("git clone git@ssh.bitbucket.org:ws/repo.git", true, Kind::Ssh, &["clone_command_pasted"], Some(CANON))]
#[case("ssh://git@altssh.bitbucket.org:443/ws/repo.git", false, Kind::Ssh, &["legacy_ssh_host"], Some(CANON))]
// Cloud, repaired.
#[case("git@bitbucket.org:ws/repo.git", false, Kind::Ssh, &["legacy_ssh_host"], Some(CANON))]
#[case("ssh://git@bitbucket.org/ws/repo.git", false, Kind::Ssh, &["legacy_ssh_host"], Some(CANON))]
#[case("git clone --depth 1 git@bitbucket.org:ws/repo.git dir", false, Kind::Ssh, &["legacy_ssh_host", "clone_command_pasted"], Some(CANON))]
#[case("https://alice@bitbucket.org/ws/repo.git", false, Kind::Https, &["https_url"], Some(CANON))]
#[case("https://bitbucket.org/ws/repo.git", false, Kind::Https, &["https_url"], Some(CANON))]
#[case("https://x-token-auth:SECRETtoken123@bitbucket.org/ws/repo.git", false, Kind::Https, &["embedded_credentials", "https_url"], Some(CANON))]
#[case("https://bitbucket.org/ws/repo", false, Kind::Web, &["browser_url"], Some(CANON))]
#[case("https://bitbucket.org/ws/repo/src/main/README.md", false, Kind::Web, &["browser_url"], Some(CANON))]
#[case("https://bitbucket.org/ws/repo/branch/feature-x", false, Kind::Web, &["browser_url"], Some(CANON))]
#[case("https://bitbucket.org/ws/repo/src/main/?at=main", false, Kind::Web, &["browser_url"], Some(CANON))]
#[case("bitbucket.org/ws/repo", false, Kind::Web, &["browser_url"], Some(CANON))]
#[case("https://api.bitbucket.org/2.0/repositories/ws/repo", false, Kind::Web, &["browser_url"], Some(CANON))]
#[case("git@bitbucket.com:ws/repo.git", false, Kind::Ssh, &["host_typo"], Some(CANON))]
#[case("git@bitbuckt.org:ws/repo.git", false, Kind::Ssh, &["host_typo"], Some(CANON))]
#[case("https://bitbucket.com/ws/repo.git", false, Kind::Https, &["host_typo", "https_url"], Some(CANON))]
#[case("git@bitbucket.org/ws/repo.git", false, Kind::Ssh, &["colon_slash_confused", "legacy_ssh_host"], Some(CANON))]
#[case("ssh://git@ssh.bitbucket.org:ws/repo.git", false, Kind::Ssh, &["colon_slash_confused"], Some(CANON))]
#[case("git@ssh.bitbucket.org:/ws/repo.git", false, Kind::Ssh, &["colon_slash_confused"], Some(CANON))]
#[case("ssh.bitbucket.org:ws/repo.git", false, Kind::Ssh, &["wrong_ssh_user"], Some(CANON))]
#[case("ssh://alice@ssh.bitbucket.org/ws/repo.git", false, Kind::Ssh, &["wrong_ssh_user"], Some(CANON))]
#[case("ssh://git@ssh.bitbucket.org:7999/ws/repo.git", false, Kind::Ssh, &["wrong_port"], Some(CANON))]
#[case("git://bitbucket.org/ws/repo.git", false, Kind::Unknown, &["unsupported_scheme"], Some(CANON))]
#[case("ws/repo", false, Kind::Unknown, &["missing_host"], Some(CANON))]
// Cloud, not repairable.
#[case("git@ssh.bitbucket.org:repo.git", false, Kind::Ssh, &["missing_workspace"], None)]
#[case("https://bitbucket.org/ws", false, Kind::Web, &["browser_url", "missing_repo"], None)]
#[case("git@ssh.bitbucket.org:ws/my repo.git", false, Kind::Ssh, &["invalid_characters"], None)]
#[case("git@ssh.bitbucket.org:ws/a--b.git", false, Kind::Ssh, &["invalid_characters"], None)]
#[case("git@ssh.bitbucket.org:w.s/repo.git", false, Kind::Ssh, &["invalid_characters"], None)]
#[case("https://bitbucket.org/account/settings", false, Kind::Web, &["browser_url"], None)]
#[case("ssh://-oProxyCommand=touch%20x/ws/repo", false, Kind::Unknown, &["unsafe_url"], None)]
#[case("git@ssh.bitbucket.org:-ws/repo.git", false, Kind::Unknown, &["unsafe_url"], None)]
#[case("ext::sh -c touch% /tmp/x", false, Kind::Unknown, &["unsafe_url"], None)]
#[case("git@github.com:o/r.git", false, Kind::Ssh, &["not_bitbucket"], None)]
#[case("https://gitlab.com/o/r.git", false, Kind::Https, &["not_bitbucket"], None)]
#[case("", false, Kind::Unknown, &["empty_input"], None)]
#[case("   \n", false, Kind::Unknown, &["empty_input"], None)]
#[case("git clone", false, Kind::Unknown, &["empty_input"], None)]
#[case("hello", false, Kind::Unknown, &["unrecognised"], None)]
#[case("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIaz bblink", false, Kind::Unknown, &["unrecognised"], None)]
#[case("-----BEGIN OPENSSH PRIVATE KEY-----", false, Kind::Unknown, &["unrecognised"], None)]
#[case("git@:ws/repo.git", false, Kind::Unknown, &["unrecognised"], None)]
// Data Center.
#[case(DC, true, Kind::Ssh, &[], Some(DC))]
#[case("git@bitbucket.acme.com:PROJ/repo.git", true, Kind::Ssh, &[], Some("ssh://git@bitbucket.acme.com/PROJ/repo.git"))]
#[case("ssh://git@git.acme.com:7999/~alice/repo.git", true, Kind::Ssh, &[], Some("ssh://git@git.acme.com:7999/~alice/repo.git"))]
#[case("https://bitbucket.acme.com/scm/PROJ/repo.git", false, Kind::Https, &["https_url"], Some(DC))]
#[case("https://git.acme.com/bitbucket/scm/proj/repo.git", false, Kind::Https, &["https_url"], Some("ssh://git@git.acme.com:7999/proj/repo.git"))]
#[case("https://bitbucket.acme.com/projects/PROJ/repos/repo/browse", false, Kind::Web, &["browser_url"], Some(DC))]
#[case("https://git.acme.com/users/alice/repos/repo/browse/src", false, Kind::Web, &["browser_url"], Some("ssh://git@git.acme.com:7999/~alice/repo.git"))]
#[case("git@bitbucket.acme.com:7999/PROJ/repo.git", false, Kind::Ssh, &["colon_slash_confused"], Some(DC))]
#[case("ssh://git@bitbucket.acme.com:7999/scm/PROJ/repo.git", false, Kind::Ssh, &["browser_url"], Some(DC))]
#[case("ssh://git@bitbucket.acme.com:7999/repo.git", false, Kind::Ssh, &["missing_workspace"], None)]
#[case("https://bitbucket.acme.com/projects/PROJ", false, Kind::Https, &["https_url"], None)]
#[case("ssh://git@bitbucket.corp:7999/PROJ/repo.git", true, Kind::Ssh, &[], Some("ssh://git@bitbucket.corp:7999/PROJ/repo.git"))]
#[case("https://bitbucket.org/%7B01234567-89ab-cdef-0123-456789abcdef%7D/repo", false, Kind::Web, &["browser_url"], Some("git@ssh.bitbucket.org:{01234567-89ab-cdef-0123-456789abcdef}/repo.git"))]
#[case("https://jdoe%40example.com@bitbucket.org/ws/repo.git", false, Kind::Https, &["https_url"], Some(CANON))]
#[case("git@ssh.bitbucket.org:ws/.git", false, Kind::Ssh, &["invalid_characters"], None)]
#[case("git@ssh.bitbucket.org:ws/..", false, Kind::Ssh, &["invalid_characters"], None)]
#[case("git@ssh.bitbucket.org:ws/%2541.git", false, Kind::Ssh, &["invalid_characters"], None)]
// Direction controls and invisible characters are removed (the same in the wizard and the
// command line), and named.
#[case("ssh://git@bitbucket.acme.com:7999/~bob\u{202E}exe/repo.git", true, Kind::Ssh, &["invisible_characters"], Some("ssh://git@bitbucket.acme.com:7999/~bobexe/repo.git"))]
#[case("git@ssh.bitbucket.org:ws/\u{200B}repo.git", true, Kind::Ssh, &["invisible_characters"], Some(CANON))]
#[case("git clone \\\n  git@ssh.bitbucket.org:ws/repo.git", true, Kind::Ssh, &["clone_command_pasted"], Some(CANON))]
#[case("git@ssh.bitbucket.org:ws/repo.git\ncd repo", true, Kind::Ssh, &["extra_lines"], Some(CANON))]
// Look-alikes: a Cyrillic letter, written as itself or in punycode; Cloud's name in front.
#[case("git@ssh.bitbu\u{0441}ket.org:ws/repo.git", false, Kind::Ssh, &["host_typo"], Some(CANON))]
#[case("git@ssh.xn--bitbuket-jch.org:ws/repo.git", false, Kind::Ssh, &["host_typo"], Some(CANON))]
// A variation selector (which IDNA drops) between the letters: the same verdict as without it.
#[case("git@ssh.\u{104B0}\u{E0100}\u{124A}bitbucket.org:ws/repo.git", false, Kind::Ssh, &["host_typo"], Some(CANON))]
#[case("ssh://git@bitbucket.org.evil.com/PROJ/repo.git", true, Kind::Ssh, &["lookalike_host"], Some("ssh://git@bitbucket.org.evil.com/PROJ/repo.git"))]
// Secrets in a query or an assignment never reach a message.
#[case("GIT_TOKEN=s3cretVALUE git clone https://bitbucket.org/ws/repo.git", false, Kind::Https, &["embedded_credentials", "https_url", "clone_command_pasted"], Some(CANON))]
#[case("bitbucket.org::ws/repo.git", false, Kind::Ssh, &["legacy_ssh_host", "wrong_ssh_user", "invalid_characters"], None)]
#[case("ssh://git@bitbucket.acme.com:7999/PR-OJ/repo.git", false, Kind::Ssh, &["invalid_characters"], None)]
#[case("ssh://alice@bitbucket.acme.com:7999/PROJ/repo.git", true, Kind::Ssh, &["wrong_ssh_user"], Some(DC))]
#[case("git clone https://bitbucket.acme.com/scm/PROJ/repo.git", false, Kind::Https, &["https_url", "clone_command_pasted"], Some(DC))]
// Other servers (the local test server among them).
#[case("ssh://git@127.0.0.1:2222/ws/repo.git", true, Kind::Ssh, &[], Some("ssh://git@127.0.0.1:2222/ws/repo.git"))]
#[case("git@git.example.com:team/repo.git", true, Kind::Ssh, &[], Some("git@git.example.com:team/repo.git"))]
#[case("https://git.example.com/team/repo.git", false, Kind::Https, &["https_url"], None)]
fn table(
    #[case] input: &str,
    #[case] ok: bool,
    #[case] kind: Kind,
    #[case] want: &[&str],
    #[case] ssh_url: Option<&str>,
) {
    let c = check(input);
    assert_eq!(ids(&c), want, "{input}: {:#?}", c.problems);
    assert_eq!(c.ok, ok, "{input}");
    assert_eq!(c.kind, kind, "{input}");
    assert_eq!(c.ssh_url.as_deref(), ssh_url, "{input}");
    // The canonical URL checks clean: a repair never needs a second repair.
    if let Some(url) = &c.ssh_url {
        let again = check(url);
        // Only a warning about the host itself (a look-alike) can remain.
        let left: Vec<String> = ids(&again);
        assert!(
            again.ok && left.iter().all(|id| id == "lookalike_host"),
            "{url}: {again:#?}"
        );
        assert_eq!(again.ssh_url.as_deref(), Some(url.as_str()));
    }
}

#[test]
fn facts_of_a_cloud_url() {
    let c = check("https://alice@bitbucket.org/my-team/my.repo.git");
    assert_eq!(c.flavor, Some(UrlFlavor::Cloud));
    assert_eq!(c.host.as_deref(), Some("bitbucket.org"));
    assert_eq!(c.port, Some(443));
    assert_eq!(c.workspace.as_deref(), Some("my-team"));
    assert_eq!(c.repo.as_deref(), Some("my.repo"));
    assert_eq!(
        c.repair(),
        Some("git@ssh.bitbucket.org:my-team/my.repo.git")
    );
}

#[test]
fn facts_of_a_data_center_url() {
    let c = check(DC);
    assert_eq!(c.flavor, Some(UrlFlavor::DataCenter));
    assert_eq!(
        (c.host.as_deref(), c.port),
        (Some("bitbucket.acme.com"), Some(7999))
    );
    assert_eq!(
        (c.workspace.as_deref(), c.repo.as_deref()),
        (Some("PROJ"), Some("repo"))
    );
    assert_eq!(c.repair(), None);
}

#[test]
fn secrets_never_reach_the_output() {
    for input in [
        "https://x-token-auth:SECRETtoken123@bitbucket.org/ws/repo.git",
        "https://alice:SECRETtoken123@bitbucket.org/ws/repo.git",
        "https://x-token-auth:SECRET/token123@bitbucket.org/ws/repo.git",
        "git:SECRETtoken123@bitbucket.org:ws/repo.git",
        "https://ATATTSECRETtoken123@bitbucket.org/ws/repo.git",
        "https://bitbucket.org/ws/repo?access_token=SECRETtoken123",
        "git clone -c http.extraHeader=SECRETtoken123 https://bitbucket.org/ws/repo.git",
        "git clone -c 'http.extraHeader=Authorization: Bearer SECRETtoken123' https://bitbucket.org/ws/repo.git",
        "https://x-token-auth:SECRET@cd/ef@bitbucket.org/ws/repo.git",
        "https://x-token-auth:1234/SECRET@bitbucket.org/ws/repo.git",
        "git:abc@SECRET@bitbucket.org:ws/r.git",
        "git:ab/SECRET@bitbucket.org:ws/repo.git",
        "https://x-token-auth:SECRETtok",
    ] {
        let c = check(input);
        let all = format!("{c:?} {}", serde_json::to_string(&c).unwrap_or_default());
        assert!(!all.contains("SECRET"), "{input}: {all}");
        assert!(
            c.has(ProblemId::EmbeddedCredentials) || input.starts_with("git clone"),
            "{input}"
        );
    }
    let c = check("https://x-token-auth:SECRETtoken123@bitbucket.org/ws/repo.git");
    assert_eq!(
        c.shown,
        "https://x-token-auth:****@bitbucket.org/ws/repo.git"
    );
    assert!(c.problems[0].message.contains("x-token-auth:****@"));
}

#[test]
fn legacy_host_explains_the_move() {
    let c = check("git@bitbucket.org:ws/repo.git");
    let p = &c.problems[0];
    assert!(p.message.contains("November 12, 2026"), "{}", p.message);
    assert!(p.fix.contains(CANON), "{}", p.fix);
}

#[test]
fn look_alike_letters_are_a_typo() {
    let c = check("git@bitb\u{0456}cket.org:ws/repo.git");
    assert!(c.has(ProblemId::HostTypo), "{c:#?}");
}

#[test]
fn control_characters_are_escaped_in_messages() {
    let c = check("git clone --x\u{1b}]52;c;evil\u{7} git@ssh.bitbucket.org:ws/repo.git");
    assert!(
        c.problems.iter().all(|p| !p.message.contains('\u{1b}')),
        "{c:#?}"
    );
    let c = check("git@ssh.bitbucket.org:ws/re\u{1b}[31mpo.git");
    assert!(c.has(ProblemId::InvalidCharacters));
    let text = format!(
        "{}{}",
        c.problems[0].message,
        c.repo.clone().unwrap_or_default()
    );
    assert!(!text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn an_ignorable_character_before_the_path_leaves_no_trailing_dot() {
    let c = check("https://bitbucket.example.\u{e0100}/com/projects/OPS/repos/deploy/browse");
    assert_eq!(c.host.as_deref(), Some("bitbucket.example"));
    assert_eq!(
        c.ssh_url.as_deref(),
        Some("ssh://git@bitbucket.example:7999/OPS/deploy.git")
    );
}

#[test]
fn too_long_input_is_refused_quickly() {
    let c = check(&"a".repeat(MAX_INPUT + 1));
    assert_eq!(ids(&c), ["unrecognised"]);
}

#[test]
fn an_absolute_path_on_another_server_is_not_a_slip() {
    let c = check("git@git.example.com:/srv/git/repo.git");
    assert!(c.ok && c.problems.is_empty(), "{c:#?}");
    assert_eq!(
        c.ssh_url.as_deref(),
        Some("git@git.example.com:/srv/git/repo.git")
    );
}

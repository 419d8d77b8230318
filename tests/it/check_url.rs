//! `bblink check-url` and the clone URL check: the command line's JSON and exit codes, git
//! itself as the oracle for what a suggested URL means, and properties over arbitrary input (no
//! panic, no secret in any output, nothing starting with `-` handed on).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use bblink::core::clone_url::{ProblemId, UrlCheck, check};
use proptest::prelude::*;
use serde_json::Value;

use crate::support::{bblink_bin, run, run_with_stdin};

fn check_url(args: &[&str]) -> (i32, Value, String) {
    let (code, out, err) = run(Command::new(bblink_bin()).arg("check-url").args(args));
    let json = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, json, err)
}

#[test]
fn json_has_every_field_and_exit_codes_follow_ok() {
    let (code, raw, _) = run(Command::new(bblink_bin()).args([
        "check-url",
        "--json",
        "git@ssh.bitbucket.org:team/app.git",
    ]));
    assert_eq!(code, 0);
    assert_eq!(raw.lines().count(), 1, "one line: {raw}");
    let v: Value = serde_json::from_str(&raw).expect("json");
    let order = [
        "ok",
        "kind",
        "flavor",
        "host",
        "port",
        "workspace",
        "repo",
        "ssh_url",
        "problems",
    ];
    assert_eq!(v.as_object().map(serde_json::Map::len), Some(order.len()));
    let at: Vec<usize> = order
        .iter()
        .map(|k| raw.find(&format!("\"{k}\":")).expect(k))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "field order: {raw}");
    assert_eq!(v["flavor"], "cloud");
    assert_eq!(v["port"], 22);
    assert_eq!(v["problems"], Value::Array(vec![]));

    let (code, v, _) = check_url(&["--json", "https://bitbucket.example.com/scm/OPS/deploy.git"]);
    assert_eq!(code, 1);
    assert_eq!(v["flavor"], "data-center");
    assert_eq!(v["workspace"], "OPS");
    assert_eq!(
        v["ssh_url"],
        "ssh://git@bitbucket.example.com:7999/OPS/deploy.git"
    );
    assert_eq!(v["problems"][0]["id"], "https_url");
    assert_eq!(v["problems"][0]["severity"], "error");
    assert!(v["problems"][0]["fix"].as_str().is_some());

    let (code, v, _) = check_url(&["--json", "nonsense"]);
    assert_eq!(code, 1);
    assert_eq!(v["kind"], "unknown");
    assert_eq!(v["host"], Value::Null);

    let (code, _, err) = check_url(&["--no-such-flag"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn text_output_names_the_url_to_use() {
    let (code, out, _) =
        run(Command::new(bblink_bin())
            .args(["check-url", "git clone git@bitbucket.org:team/app.git"]));
    assert_eq!(code, 1);
    assert!(
        out.starts_with("✗ Not usable: SSH URL, Bitbucket Cloud"),
        "{out}"
    );
    assert!(
        out.contains("Use this SSH URL instead: git@ssh.bitbucket.org:team/app.git"),
        "{out}"
    );
    assert!(out.contains("legacy_ssh_host"), "{out}");
    assert!(out.contains("clone_command_pasted"), "{out}");
}

#[test]
fn reads_standard_input_and_never_prints_the_token() {
    let token = "ATCTT3xFfGN0TopSecretValue1234567";
    let (code, stdout, stderr) = run_with_stdin(
        Command::new(bblink_bin()).args(["check-url", "--json", "-"]),
        &format!("https://x-token-auth:{token}@bitbucket.org/team/app.git\n"),
    );
    assert_eq!(code, 1);
    assert!(
        !stdout.contains(token) && !stderr.contains(token),
        "{stdout}{stderr}"
    );
    let v: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v["problems"][0]["id"], "embedded_credentials");
    assert!(
        v["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("x-token-auth:****@bitbucket.org")),
        "{v}"
    );
}

/// The same inputs pasted into the wizard and piped into `bblink check-url`: the same verdict,
/// the same problems, the same SSH URL.
#[test]
fn the_wizard_and_check_url_give_the_same_verdict() {
    let inputs = [
        "git clone \\\n  git@ssh.bitbucket.org:team/app.git",
        "git@ssh.bitbucket.org:team/a\u{202E}pp.git",
        "\u{FEFF}git@ssh.bitbucket.org:team/app.git\u{200B}",
        "git@ssh.bitbucket.org:team/app.git\r\n",
        "git@ssh.bitbucket.org:team/app.git\rsecond line\r",
        "  'git@bitbucket.org:team/app.git'  ",
        "$ git clone --depth 1 https://x-token-auth:SECRETtok3n@bitbucket.org/team/app.git dir",
        "https://bitbucket.example.com/projects/OPS/repos/deploy/browse",
        "git@bitbucket.com:team/app.git",
        "ssh://-oProxyCommand=x/team/app.git",
        "git@ssh.bitbucket.org:team",
        "\tgit@ssh.bitbucket.org:team/app.git\t",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
        "",
    ];
    for input in inputs {
        let (_, out, _) = run_with_stdin(
            Command::new(bblink_bin()).args(["check-url", "--json", "-"]),
            input,
        );
        let cli: Value = serde_json::from_str(&out).expect("json");
        let mut app = crate::support::app_on(bblink::core::wizard::Step::CloneUrl);
        app.on_paste(input);
        let wizard = app
            .wizard
            .clone_url_view()
            .check
            .map(|c| serde_json::to_value(c).expect("json"));
        if bblink::core::input::holds_private_key(input) {
            // The wizard refuses a private key pasted where a URL goes: nothing of it is kept.
            assert!(wizard.is_none(), "{input:?}");
            assert!(
                app.paste_note
                    .as_deref()
                    .is_some_and(|n| n.contains("private key")),
                "{input:?}"
            );
            assert_eq!(cli["ok"], false, "{input:?}");
        } else if let Some(w) = wizard {
            assert_eq!(w, cli, "{input:?}");
        } else {
            // An empty paste leaves the field empty, where the check says so.
            assert_eq!(cli["ok"], false, "{input:?}");
            assert_eq!(cli["problems"][0]["id"], "empty_input", "{input:?}");
        }
    }
}

/// What git hands to ssh for a URL: a stand-in ssh records its arguments and fails, so nothing
/// leaves the machine.
fn git_ssh_args(url: &str, dir: &Path) -> Vec<String> {
    git_ssh(url, dir).0
}

/// What git hands to ssh for a URL (empty when it ran no ssh), and what git said.
fn git_ssh(url: &str, dir: &Path) -> (Vec<String>, String) {
    let script = dir.join("fake-ssh");
    let record = dir.join("args");
    let _ = std::fs::remove_file(&record);
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\nexit 1\n",
            record.display()
        ),
    )
    .expect("script");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");
    let (_, _, err) = run(Command::new("git")
        .args(["ls-remote", "--", url])
        .env("GIT_SSH", &script)
        .env("GIT_SSH_VARIANT", "ssh")
        .env("GIT_TERMINAL_PROMPT", "0")
        .current_dir(dir));
    let args = std::fs::read_to_string(&record)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect();
    (args, err)
}

#[test]
fn git_reads_each_suggested_url_as_the_intended_server_and_repository() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            "https://bitbucket.org/team/app/src/main/README.md",
            "git@ssh.bitbucket.org",
            None,
            "git-upload-pack 'team/app.git'",
        ),
        (
            "git@bitbucket.com:team/app.git",
            "git@ssh.bitbucket.org",
            None,
            "git-upload-pack 'team/app.git'",
        ),
        (
            "https://bitbucket.example.com/scm/OPS/deploy.git",
            "git@bitbucket.example.com",
            Some("7999"),
            "git-upload-pack '/OPS/deploy.git'",
        ),
        (
            "git@bitbucket.example.com:7999/OPS/deploy.git",
            "git@bitbucket.example.com",
            Some("7999"),
            "git-upload-pack '/OPS/deploy.git'",
        ),
        (
            "https://git.example.com/users/alice/repos/tools/browse",
            "git@git.example.com",
            Some("7999"),
            // git drops the '/' before '~', as Bitbucket expects for personal repositories.
            "git-upload-pack '~alice/tools.git'",
        ),
    ];
    for (input, dest, port, command) in cases {
        let c = check(input);
        let url = c.ssh_url.clone().expect("a suggested URL");
        let args = git_ssh_args(&url, dir.path());
        assert!(args.iter().any(|a| a == dest), "{url}: {args:?}");
        assert_eq!(
            args.last().map(String::as_str),
            Some(command),
            "{url}: {args:?}"
        );
        match port {
            Some(p) => assert!(
                args.windows(2).any(|w| w[0] == "-p" && w[1] == p),
                "{args:?}"
            ),
            None => assert!(!args.iter().any(|a| a == "-p"), "{args:?}"),
        }
    }
}

#[test]
fn what_bblink_refuses_as_unsafe_git_refuses_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The harness works: a safe URL reaches the stand-in ssh.
    let (args, _) = git_ssh("git@ssh.bitbucket.org:team/app.git", dir.path());
    assert!(
        args.iter().any(|a| a == "git@ssh.bitbucket.org"),
        "{args:?}"
    );
    for input in [
        "ssh://-oProxyCommand=touch%20pwned/team/app.git",
        "-oProxyCommand=x:team/app.git",
    ] {
        assert!(check(input).has(ProblemId::UnsafeUrl), "{input}");
        let (args, err) = git_ssh(input, dir.path());
        assert!(args.is_empty(), "git passed {input} to ssh: {args:?}");
        assert!(
            err.contains("strange hostname") && err.contains("blocked"),
            "git refused {input} for its own reason: {err}"
        );
        assert!(!dir.path().join("pwned").exists());
    }
}

fn outputs(c: &UrlCheck) -> String {
    format!("{c:?}\n{}", serde_json::to_string(c).expect("serialisable"))
}

fn invariants(input: &str) -> Result<(), TestCaseError> {
    let c = check(input);
    for v in [&c.host, &c.workspace, &c.repo, &c.ssh_url]
        .into_iter()
        .flatten()
    {
        prop_assert!(!v.starts_with('-'), "{input:?} gave {v:?}");
    }
    if let Some(url) = &c.ssh_url {
        let again = check(url);
        prop_assert!(!again.has(ProblemId::UnsafeUrl), "{input:?} → {url}");
        prop_assert!(!again.host.as_deref().unwrap_or("").starts_with('-'));
        prop_assert_eq!(again.ssh_url.as_deref(), Some(url.as_str()), "{:?}", input);
    }
    prop_assert!(!c.ok || c.ssh_url.is_some());
    Ok(())
}

/// URL characters after one of the usual beginnings.
fn url_shaped() -> impl Strategy<Value = String> {
    (
        "[ a-zA-Z0-9@:/._~%?#=&'\"`<>{}-]{0,80}",
        prop_oneof![
            Just(""),
            Just("git@"),
            Just("ssh://"),
            Just("https://"),
            Just("git clone ")
        ],
    )
        .prop_map(|(s, p)| format!("{p}{s}"))
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("bitbucket.org".to_string()),
        Just("ssh.bitbucket.org".to_string()),
        Just("bitbucket.com".to_string()),
        Just("bitbucket.example.com:7999".to_string()),
        Just("github.com".to_string()),
        Just("127.0.0.1:2222".to_string()),
        "[a-z.-]{1,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_text_never_panics_or_hands_on_an_option(input in "\\PC{0,200}") {
        invariants(&input)?;
    }

    #[test]
    fn url_shaped_text_never_panics_or_hands_on_an_option(input in url_shaped()) {
        invariants(&input)?;
    }

    #[test]
    fn a_secret_in_the_input_never_reaches_the_output(
        token in "[A-Za-z0-9_=-]{4,16}[@/]?[A-Za-z0-9_=-]{4,16}",
        user in prop_oneof![Just("x-token-auth"), Just("git"), Just("alice"), Just("")],
        host in host(),
        path in "[a-zA-Z0-9@:/._~-]{0,40}",
        form in 0usize..6,
    ) {
        let secret = format!("S3CR3T{token}");
        let input = match form {
            0 => format!("https://{user}:{secret}@{host}/{path}"),
            1 => format!("{user}:{secret}@{host}:{path}"),
            2 => format!("ssh://{user}:{secret}@{host}/{path}"),
            3 => format!("https://{host}/{path}?access_token={secret}"),
            4 => format!("https://ATATT{secret}@{host}/{path}"),
            _ => format!("git clone \"https://{user}:{secret}@{host}/{path}\" dir"),
        };
        let c = check(&input);
        let all = outputs(&c);
        prop_assert!(!all.contains(&secret), "{} leaked: {}", input, all);
        prop_assert!(!c.shown.contains(&secret));
    }
}

/// Arbitrary text, URL-shaped text and near-misses of real URLs, for the long run.
fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,200}",
        url_shaped(),
        (
            prop_oneof![
                Just("git@ssh.bitbucket.org:team/app.git"),
                Just("https://x-token-auth:tok@bitbucket.org/team/app.git"),
                Just("ssh://git@bitbucket.example.com:7999/OPS/deploy.git"),
                Just("https://bitbucket.example.com/projects/OPS/repos/deploy/browse"),
            ],
            any::<usize>(),
            "\\PC{0,4}",
        )
            .prop_map(|(seed, at, insert)| {
                let mut s = seed.to_string();
                let mut i = at % (s.len() + 1);
                while !s.is_char_boundary(i) {
                    i -= 1;
                }
                s.insert_str(i, &insert);
                s
            }),
    ]
}

#[test]
#[ignore = "long run: set BBLINK_FUZZ_SECS"]
fn fuzz_clone_url_check_for_a_while() {
    let secs = crate::support::fuzz_secs();
    let (runs, slowest) =
        crate::support::fuzz_for(Duration::from_secs(secs), 50_000, &any_input(), |input| {
            invariants(&input)
        });
    println!("clone URL fuzz: {runs} executions in {secs} s, slowest {slowest:?}");
}

#[test]
fn a_token_pasted_next_to_the_url_is_never_echoed() {
    let token = "ATCTT3xFfGN0-pasted-next-to-it-123456";
    for json in [false, true] {
        let mut cmd = std::process::Command::new(crate::support::bblink_bin());
        cmd.arg("check-url");
        if json {
            cmd.arg("--json");
        }
        cmd.arg(format!("git@ssh.bitbucket.org:team/app.git {token}"));
        let (code, out, err) = crate::support::run(&mut cmd);
        assert_eq!(code, 1, "{out}{err}");
        assert!(!out.contains(token) && !err.contains(token), "{out}{err}");
        assert!(out.contains("****"), "{out}");
    }
}

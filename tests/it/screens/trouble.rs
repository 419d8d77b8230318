//! Troubleshooting over any screen: the filtered problems, one opened, and a pasted log.

use bblink::adapters::keygen;
use bblink::core::keyboard::{Action, Code, Key};
use bblink::core::ssh_keys::KeyAlgorithm;
use bblink::core::wizard::Step;

use super::{act, press, snap};
use crate::support::{app_on, screen_text, type_text};

const LOG: &str = "Cloning into 'app'...\r\nIt is required that your private key files are NOT accessible by others.\r\nPermissions 0644 for '/root/.ssh/id_rsa' are too open.\r\ngit@ssh.bitbucket.org: Permission denied (publickey).\r\nfatal: Could not read from remote repository.\r\n";

#[test]
fn f2_opens_the_problems_from_a_text_field_and_typing_filters_them() {
    let mut app = app_on(Step::CloneUrl);
    assert!(
        app.wizard.focused_field().is_some(),
        "the URL field has focus"
    );
    press(&mut app, Key::plain(Code::F(2)));
    assert!(app.wizard.trouble().is_some());
    type_text(&mut app, "too open");
    snap("trouble__filtered", &app);
    let screen = screen_text(&app);
    assert!(screen.contains("key_bad_permissions"), "{screen}");
    assert!(!screen.contains("dns_failure"), "filtered out: {screen}");
    act(&mut app, Action::Next);
    snap("trouble__detail", &app);
    act(&mut app, Action::Back);
    act(&mut app, Action::Back);
    assert!(app.wizard.trouble().is_none(), "Esc closes it");
    assert_eq!(app.wizard.step(), Step::CloneUrl, "where the user was");
}

#[test]
fn a_pasted_log_is_diagnosed_live_and_nothing_of_it_is_kept_by_the_wizard() {
    let mut app = app_on(Step::Welcome);
    press(&mut app, Key::plain(Code::F(2)));
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste(LOG);
    snap("trouble__log", &app);
    let screen = screen_text(&app);
    assert!(screen.contains("✗ key_bad_permissions"), "{screen}");
    assert!(screen.contains("chmod 600"), "{screen}");
    let state = format!("{:?}", app.wizard);
    assert!(
        !state.contains("Cloning into"),
        "the wizard keeps findings and their evidence, not the text"
    );
}

#[test]
fn a_closed_troubleshooting_opens_again_without_the_old_log() {
    let mut app = app_on(Step::Welcome);
    press(&mut app, Key::plain(Code::F(2)));
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste(LOG);
    assert!(screen_text(&app).contains("key_bad_permissions"));
    while app.wizard.trouble().is_some() {
        act(&mut app, Action::Back);
    }
    press(&mut app, Key::plain(Code::F(2)));
    press(&mut app, Key::plain(Code::Tab));
    assert_eq!(
        app.trouble_log.lines().join(""),
        "",
        "no text left from before"
    );
    let screen = screen_text(&app);
    assert!(!screen.contains("too open"), "{screen}");
}

#[test]
fn a_hostile_paste_is_shown_escaped_and_a_huge_one_refused() {
    let mut app = app_on(Step::Welcome);
    press(&mut app, Key::plain(Code::F(2)));
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste("\x1b]52;c;ZXZpbA==\x07Permission denied (publickey).\n\x1b[2J");
    let text = app.trouble_log.lines().join("\n");
    assert!(!text.contains('\x1b'), "{text:?}");
    let screen = screen_text(&app);
    assert!(screen.contains("publickey_denied"), "{screen}");
    let huge = "x".repeat(2 * 1024 * 1024);
    app.on_paste(&huge);
    assert!(
        app.paste_note
            .as_deref()
            .is_some_and(|n| n.contains("refused"))
    );
    assert!(
        app.trouble_log.lines().join("").len() < 1000,
        "the old text stays"
    );
}

#[test]
fn a_pasted_log_is_drawn_redacted_as_its_findings_are() {
    let mut app = app_on(Step::Welcome);
    press(&mut app, Key::plain(Code::F(2)));
    press(&mut app, Key::plain(Code::Tab));
    let token = "ATCTT3xFfGN0hunter2SECRETtoken0123456789";
    // A key made now: no key text is kept in the repository.
    let key = keygen::generate(KeyAlgorithm::Ed25519, "paste")
        .expect("key")
        .private_openssh
        .to_string();
    // A line of the key's own secret part, not the header every key shares.
    let body = key.lines().nth(3).expect("a body line").to_string();
    let log = format!(
        "$ git clone https://x-token-auth:{token}@bitbucket.org/acme/app.git\n\
         curl -H 'Authorization: Bearer {token}' https://api.bitbucket.org/2.0/repositories/acme/app\n\
         {key}\
         git@ssh.bitbucket.org: Permission denied (publickey).\n"
    );
    app.on_paste(&log);
    let screen = screen_text(&app);
    assert!(
        !screen.contains("hunter2"),
        "a token drawn in clear:\n{screen}"
    );
    assert!(!screen.contains(&body[..32]), "a key line drawn:\n{screen}");
    assert!(screen.contains("publickey_denied"), "{screen}");
    let held = app.trouble_log.lines().join("\n");
    assert!(
        !held.contains("hunter2") && !held.contains(&body[..32]),
        "{held}"
    );
}

/// A machine with Apple's option in its config, connection sharing on and a remote on the old
/// host: the report `bblink doctor` would make of it.
fn machine_report() -> bblink::core::doctor::Report {
    use bblink::core::doctor::{
        BadOption, ConfigFile, Effective, Facts, GitValue, Probe, Report, Resolved, Setup,
    };
    use bblink::core::ssh_config::directives;
    let probe = |host: &str, out: &str| Probe {
        host: host.to_string(),
        why: if host == "ssh.bitbucket.org" {
            "Bitbucket Cloud".to_string()
        } else {
            "remote origin".to_string()
        },
        resolved: Resolved::Config {
            effective: Effective::parse(out),
            ignored: vec![BadOption {
                file: "/home/dev/.ssh/config".into(),
                line: 2,
                option: "usekeychain".into(),
            }],
        },
        judged: true,
    };
    let facts = Facts {
        probes: vec![
            probe(
                "ssh.bitbucket.org",
                "hostname ssh.bitbucket.org\nuser git\nport 22\nidentitiesonly yes\ncontrolmaster auto\ncontrolpath ~/.ssh/cm-%C\n",
            ),
            probe(
                "bitbucket.org",
                "hostname bitbucket.org\nuser git\nport 22\nidentitiesonly yes\n",
            ),
        ],
        files: vec![ConfigFile {
            path: "/home/dev/.ssh/config".into(),
            directives: directives(
                "Host *\n  UseKeychain yes\n  IdentitiesOnly yes\n  ControlMaster auto\n",
            ),
        }],
        git: Some(vec![GitValue {
            key: "remote.origin.url".into(),
            value: "git@bitbucket.org:acme/app.git".into(),
            origin: "/home/dev/src/app/.git/config".into(),
            scope: Some("local".into()),
            line: Some(9),
        }]),
        ..Facts::default()
    };
    Report::new(
        Setup {
            home: "/home/dev".into(),
            config: "/home/dev/.ssh/config".into(),
            ssh: Some("OpenSSH_9.6p1".into()),
            ..Setup::default()
        },
        facts,
    )
}

#[test]
fn this_machine_is_checked_when_its_tab_opens_and_each_finding_names_its_line() {
    use crate::support::key_event;
    use bblink::core::wizard::{Effect, JobEvent, Msg};
    let mut app = app_on(Step::Welcome);
    press(&mut app, Key::plain(Code::F(2)));
    press(&mut app, Key::plain(Code::Tab));
    let effects = app.on_key(key_event(Key::plain(Code::Tab)));
    let job = effects
        .iter()
        .find_map(|e| match e {
            Effect::Doctor { job, .. } => Some(*job),
            _ => None,
        })
        .expect("opening the tab starts the check");
    assert!(app.wizard.animating(), "a spinner turns while it runs");
    snap("trouble__machine_checking", &app);
    // `r` does nothing while the check runs.
    let again = app.on_key(key_event(Key::ch('r')));
    assert!(!again.iter().any(|e| matches!(e, Effect::Doctor { .. })));
    app.update(Msg::Job(job, JobEvent::Doctor(Box::new(machine_report()))));
    assert!(!app.wizard.animating());
    snap("trouble__machine", &app);
    super::snap_at("trouble__machine_40x12", &app, 40, 12);
    let screen = screen_text(&app);
    assert!(
        screen.contains("3 problems found: 2 errors, 1 warning."),
        "{screen}"
    );
    assert!(screen.contains("ssh_config_unsupported_option"), "{screen}");
    assert!(
        screen.contains("/home/dev/.ssh/config:2  UseKeychain yes"),
        "{screen}"
    );
    // Checked again on `r`, and a late answer of the old check is ignored.
    let effects = app.on_key(key_event(Key::ch('r')));
    assert!(effects.iter().any(|e| matches!(e, Effect::Doctor { .. })));
    app.update(Msg::Job(job, JobEvent::Doctor(Box::new(machine_report()))));
    assert!(app.wizard.animating(), "the new check still runs");
    // Tab goes on round to the problems.
    press(&mut app, Key::plain(Code::Tab));
    assert!(
        app.wizard.focused_field().is_some(),
        "the filter has focus again"
    );
}

#[test]
fn pasted_binary_data_is_called_so_not_a_clean_log() {
    let mut app = app_on(Step::Welcome);
    press(&mut app, Key::plain(Code::F(2)));
    press(&mut app, Key::plain(Code::Tab));
    let noise: String = (0u32..600)
        .map(|i| char::from_u32(i * 7 % 32).unwrap_or('\u{fffd}'))
        .collect();
    app.on_paste(&noise);
    let screen = screen_text(&app);
    assert!(screen.contains("binary data, not a log"), "{screen}");
    assert!(!screen.contains("No known problem"), "{screen}");
}

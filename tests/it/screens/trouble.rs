//! Troubleshooting over any screen: the filtered problems, one opened, and a pasted log.

use bblink::core::keyboard::{Action, Code, Key};
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
    let log = format!(
        "$ git clone https://x-token-auth:{token}@bitbucket.org/acme/app.git\n\
         curl -H 'Authorization: Bearer {token}' https://api.bitbucket.org/2.0/repositories/acme/app\n\
         -----BEGIN OPENSSH PRIVATE KEY-----\n\
         b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n\
         -----END OPENSSH PRIVATE KEY-----\n\
         git@ssh.bitbucket.org: Permission denied (publickey).\n"
    );
    app.on_paste(&log);
    let screen = screen_text(&app);
    assert!(
        !screen.contains("hunter2"),
        "a token drawn in clear:\n{screen}"
    );
    assert!(
        !screen.contains("b3BlbnNzaC1rZXkt"),
        "a key line drawn:\n{screen}"
    );
    assert!(screen.contains("publickey_denied"), "{screen}");
    let held = app.trouble_log.lines().join("\n");
    assert!(
        !held.contains("hunter2") && !held.contains("b3BlbnNzaC1rZXkt"),
        "{held}"
    );
}

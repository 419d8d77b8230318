//! The journey's later states: a key in use, a key file with a passphrase, another key asked
//! for, the private key handed over, the summary; scrolling and large terminals.

use bblink::core::errors::CopyError;
use bblink::core::inspect::ProblemId;
use bblink::core::key_file::KeyJobError;
use bblink::core::keyboard::{Action, Code, Key};
use bblink::core::wizard::{JobEvent, Msg, Step};
use bblink::testing::seeded_key;

use super::{act, press, snap, snap_at};
use crate::support::{app, app_on, job_of, screen_text, terminal, type_text};

#[test]
fn a_key_in_use_is_kept_and_another_is_asked_for() {
    let mut app = app_on(Step::KeyPair);
    assert!(screen_text(&app).contains("✓ Key in use"));
    snap("key__in_use", &app);
    press(&mut app, Key::ch('n'));
    assert!(
        matches!(
            app.wizard.overlay(),
            Some(bblink::core::wizard::Overlay::ConfirmNewKey(_))
        ),
        "n asks before making another key"
    );
    snap("key__confirm_new_key", &app);
    press(&mut app, Key::ch('n'));
    assert!(
        app.wizard.ready_key().is_some(),
        "no: the key in use is kept"
    );
}

#[test]
fn a_key_file_with_a_passphrase_offers_to_remove_it() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::plain(Code::BackTab));
    press(&mut app, Key::plain(Code::Right));
    press(&mut app, Key::plain(Code::Tab));
    type_text(&mut app, "~/.ssh/id_ed25519");
    let effects = app.update(Msg::Action(Action::Next));
    app.update(Msg::Job(
        job_of(&effects),
        JobEvent::KeyReady(Err(KeyJobError::Unusable {
            path: "/home/ada/.ssh/id_ed25519".into(),
            problems: passphrase_problem("/home/ada/.ssh/id_ed25519"),
            unlockable: true,
        })),
    ));
    // In the path field `p` would be typed into the path: the way to the passphrase is Tab.
    assert!(screen_text(&app).contains("Tab to the passphrase field, type it, then Enter"));
    press(&mut app, Key::plain(Code::Tab));
    type_text(&mut app, "hunter2");
    let screen = screen_text(&app);
    assert!(!screen.contains("hunter2"), "the passphrase is never shown");
    assert!(screen.contains(&format!("┃{} ", "•".repeat(7))), "{screen}");
    snap("key__passphrase", &app);
}

#[test]
fn the_private_key_copied_then_the_summary() {
    let mut app = app_on(Step::CloneUrl);
    app.on_paste("git@ssh.bitbucket.org:team/app.git");
    act(&mut app, Action::Next);
    app.on_paste(&seeded_key(7, "bblink-valohai-2026-11-22").private_openssh);
    let effects = app.update(Msg::Action(Action::Copy));
    app.update(Msg::Job(job_of(&effects), JobEvent::Copied(Ok(()))));
    snap("private_key__copied", &app);
    let effects = app.update(Msg::Action(Action::Next));
    assert_eq!(app.wizard.step(), Step::Test);
    let job = job_of(&effects);
    super::test_step::pass_all(&mut app, job, "git@ssh.bitbucket.org:team/app.git");
    act(&mut app, Action::Next);
    assert_eq!(app.wizard.step(), Step::Done);
    snap("done__valohai", &app);
}

#[test]
fn the_summary_says_what_is_missing() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::Done));
    let screen = screen_text(&app);
    for missing in [
        "No key pair yet",
        "Private key not checked yet",
        "Connection not tested yet",
    ] {
        assert!(screen.contains(missing), "{missing}: {screen}");
    }
    snap("done__nothing_yet", &app);
}

#[test]
fn without_a_clipboard_the_key_is_written_to_a_file() {
    // No key from step 2: the pasted key is the one the service gets.
    let mut app = app();
    act(&mut app, Action::Jump(Step::PrivateKey));
    app.on_paste(&seeded_key(9, "another").private_openssh);
    let effects = app.update(Msg::Action(Action::Copy));
    app.update(Msg::Job(
        job_of(&effects),
        JobEvent::Copied(Err(CopyError::NoDisplay)),
    ));
    let effects = app.update(Msg::Action(Action::WriteFile));
    let path = bblink::testing::env().keys_dir.join("another-private-key");
    app.update(Msg::Job(job_of(&effects), JobEvent::Written(Ok(path))));
    let screen = screen_text(&app);
    assert!(screen.contains("No clipboard"), "{screen}");
    assert!(
        screen.contains("✓ Written to ~/.local/share/bblink/keys/another-private-key"),
        "{screen}"
    );
}

#[test]
fn a_long_text_scrolls_with_a_marker_and_nothing_is_cut_silently() {
    let mut app = app_on(Step::CloneUrl);
    app.on_paste("git clone --depth 1 -b main https://x-token-auth:ATCTTsecret0123@bitbucket.org/team/app/src/main dir");
    let small = format!("{:?}", terminal(&app, 50, 14).backend());
    assert!(small.contains("more: PgDn"), "{small}");
    press(&mut app, Key::plain(Code::PageDown));
    assert!(app.scroll > 0);
    let scrolled = format!("{:?}", terminal(&app, 50, 14).backend());
    assert!(scrolled.contains("more: PgUp"), "{scrolled}");
    assert_ne!(small, scrolled);
    // The suggested URL is wrapped, never cut.
    assert!(
        small.contains("git@ssh.bitbucket.org:team/app.git")
            || small.contains("git@ssh.bitbucket.org:team/app."),
        "{small}"
    );
}

#[test]
fn on_a_large_terminal_the_suggestion_sits_under_its_verdict() {
    let mut app = app_on(Step::CloneUrl);
    app.on_paste("https://ada@bitbucket.org/team/app.git");
    let t = format!("{:?}", terminal(&app, 200, 60).backend());
    let rows: Vec<&str> = t.lines().collect();
    let verdict = rows
        .iter()
        .position(|r| r.contains("Needs a change"))
        .expect("verdict");
    let suggestion = rows
        .iter()
        .position(|r| r.contains("Suggested SSH URL"))
        .expect("suggestion");
    assert!(suggestion > verdict && suggestion - verdict < 10, "{t}");
    snap_at("clone_url__200x60", &app, 200, 60);
}

#[test]
fn a_second_paste_replaces_the_first_and_arrows_choose_across_a_row() {
    let mut pasted = app_on(Step::PrivateKey);
    pasted.on_paste(&seeded_key(9, "first").private_openssh);
    pasted.on_paste(&seeded_key(7, "bblink-valohai-2026-11-22").private_openssh);
    let v = pasted.wizard.private_key_view();
    assert_eq!(
        v.verdict.and_then(|v| v.matches_public_key),
        Some(true),
        "only the second key"
    );
    assert_eq!(v.size.0, 7);

    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::plain(Code::Right));
    assert_eq!(
        app.wizard.step(),
        Step::KeyPair,
        "→ chose, it did not go on"
    );
    assert_eq!(
        app.wizard.key_view().algorithm,
        bblink::core::ssh_keys::KeyAlgorithm::Rsa { bits: 4096 }
    );
}

#[test]
fn the_url_field_stops_growing_at_its_limit() {
    let mut app = app_on(Step::CloneUrl);
    let long = format!("git@ssh.bitbucket.org:team/{}", "a".repeat(4060));
    app.on_paste(&long);
    if app.wizard.focused_field().is_none() {
        press(&mut app, Key::plain(Code::Tab));
    }
    type_text(&mut app, &"b".repeat(40));
    let len: usize = app.url.lines().iter().map(String::len).sum();
    assert_eq!(len, 4096);
    assert!(
        app.paste_note
            .as_deref()
            .is_some_and(|n| n.contains("at most 4 KB")),
        "{:?}",
        app.paste_note
    );
}

/// The findings for a passphrase-protected key file, as reading that file gives them.
fn passphrase_problem(file: &str) -> Vec<bblink::core::inspect::Problem> {
    let key =
        ssh_key::PrivateKey::from_openssh(seeded_key(3, "locked").private_openssh).expect("a key");
    let locked = key
        .encrypt(&mut ssh_key::rand_core::OsRng, "hunter2")
        .expect("encrypted");
    let text = locked.to_openssh(ssh_key::LineEnding::LF).expect("text");
    let mut v = bblink::core::inspect::inspect(&text, None);
    v.name_file(file);
    v.problems.retain(|p| p.id == ProblemId::PassphraseRequired);
    assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
    v.problems
}

#[test]
fn at_40x12_choices_wrap_fields_shrink_and_dialogs_scroll() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::Service));
    snap_at("service__40x12", &app, 40, 12);

    act(&mut app, Action::Jump(Step::KeyPair));
    act(&mut app, Action::Right); // RSA 4096: the format row appears
    let screen = format!("{:?}", terminal(&app, 40, 12).backend());
    assert!(
        screen.contains("Use an existing key file"),
        "no choice is cut:\n{screen}"
    );
    assert!(screen.contains("PEM"), "{screen}");
    assert!(screen.contains("Label:"), "the field is one row:\n{screen}");
    snap_at("key__40x12_rsa", &app, 40, 12);

    act(&mut app, Action::Help);
    let first = format!("{:?}", terminal(&app, 40, 12).backend());
    assert!(first.contains("more: PgDn"), "{first}");
    press(&mut app, Key::plain(Code::PageDown));
    let scrolled = format!("{:?}", terminal(&app, 40, 12).backend());
    assert!(scrolled.contains("more: PgUp"), "{scrolled}");
    assert!(
        scrolled.contains("Esc close"),
        "the dialog's keys stay:\n{scrolled}"
    );
    snap_at("help__40x12_scrolled", &app, 40, 12);

    let mut app = app_on(Step::PublicKey);
    let screen = format!("{:?}", terminal(&app, 40, 12).backend());
    assert!(screen.contains("ssh-ed25519 AAAA"), "{screen}");
    press(&mut app, Key::plain(Code::PageDown));
    snap_at("public_key__40x12_scrolled", &app, 40, 12);
}

#[test]
fn without_a_clipboard_a_key_that_is_a_file_already_is_pointed_at() {
    let mut app = app_on(Step::PrivateKey);
    let effects = app.update(Msg::Action(Action::Copy));
    app.update(Msg::Job(
        job_of(&effects),
        JobEvent::Copied(Err(CopyError::NoDisplay)),
    ));
    let screen = screen_text(&app);
    assert!(
        screen.contains("give the service the contents of")
            && screen.contains("bblink-valohai-2026-11-22;"),
        "{screen}"
    );
    assert!(!screen.contains("writes the key"), "{screen}");
}

#[test]
fn a_new_key_makes_the_private_key_step_check_again_before_the_summary() {
    let mut app = app_on(Step::PrivateKey);
    let fixed = seeded_key(7, "bblink-valohai-2026-11-22").private_openssh;
    app.on_paste(&fixed.replace('\n', "\r\n"));
    let effects = app.update(Msg::Action(Action::WriteFile));
    let written = bblink::testing::env()
        .keys_dir
        .join("bblink-valohai-2026-11-22-private-key");
    app.update(Msg::Job(job_of(&effects), JobEvent::Written(Ok(written))));

    // Another key pair on the key step.
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::ch('n'));
    let effects = app.update(Msg::Action(Action::Yes));
    let mut other = bblink::testing::fixed_key();
    other.info = seeded_key(9, "other").info;
    other.private_path = bblink::testing::env().keys_dir.join("other");
    app.update(Msg::Job(job_of(&effects), JobEvent::KeyReady(Ok(other))));

    act(&mut app, Action::Jump(Step::Done));
    let screen = screen_text(&app);
    assert!(
        !screen.contains("-private-key"),
        "not the old key's file:\n{screen}"
    );
    assert!(screen.contains("keys/other"), "{screen}");
    assert!(screen.contains("Private key not checked yet"), "{screen}");
}

#[test]
fn a_key_comment_with_escapes_is_printed_escaped_after_the_wizard() {
    let mut app = app();
    let mut key = bblink::testing::fixed_key();
    key.info = seeded_key(7, "x\u{1b}]0;pwned\u{7}\u{1b}[2J").info;
    bblink::testing::give_key(&mut |m| app.update(m), key);
    let effects = app.update(Msg::Action(Action::Copy));
    app.update(Msg::Job(
        job_of(&effects),
        JobEvent::Copied(Err(CopyError::NoDisplay)),
    ));
    let printed = bblink::ui::uncopied_key(&app).expect("printed when not copied");
    assert!(
        !printed.contains('\u{1b}') && !printed.contains('\u{7}'),
        "{printed:?}"
    );
    assert!(printed.contains("ssh-ed25519 AAAA"), "{printed}");
}

#[test]
fn a_new_paste_shows_its_verdict_from_the_top() {
    let mut app = app_on(Step::PrivateKey);
    app.on_paste("not a key\nat all\n");
    press(&mut app, Key::plain(Code::Tab));
    let _ = terminal(&app, 40, 12);
    for _ in 0..5 {
        press(&mut app, Key::plain(Code::PageDown));
    }
    app.on_paste(&seeded_key(7, "bblink-valohai-2026-11-22").private_openssh);
    let screen = format!("{:?}", terminal(&app, 40, 12).backend());
    assert!(screen.contains("Ready to paste"), "{screen}");
}

#[test]
fn altgr_characters_are_typed_into_a_field() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut app = app_on(Step::CloneUrl);
    if app.wizard.focused_field().is_none() {
        press(&mut app, Key::plain(Code::Tab));
    }
    type_text(&mut app, "git");
    app.on_key(KeyEvent::new(
        KeyCode::Char('@'),
        KeyModifiers::CONTROL | KeyModifiers::ALT,
    ));
    type_text(&mut app, "host");
    assert_eq!(app.url.lines().join(""), "git@host");
}

/// At 40x12 the clone URL's verdict is on the screen (the suggested URL joins it below
/// instead of pushing it off), and `PgDn` pages through it without skipping a line.
#[test]
fn at_40x12_the_clone_url_verdict_shows_and_pages_through_to_the_suggested_url() {
    let mut app = app_on(Step::CloneUrl);
    app.on_paste("https://bitbucket.org/acme/widgets/src/main/README.md");
    let screen = format!("{:?}", terminal(&app, 40, 12).backend());
    assert!(screen.contains("Needs a change"), "{screen}");
    // The rest scrolls into view, the suggested URL among it.
    let mut seen = vec![screen.clone()];
    for _ in 0..12 {
        press(&mut app, Key::plain(Code::PageDown));
        seen.push(format!("{:?}", terminal(&app, 40, 12).backend()));
    }
    let seen = seen.concat();
    assert!(seen.contains("Suggested SSH URL"), "{seen}");
    assert!(
        seen.contains("git@ssh.bitbucket.org:acme/widgets.g"),
        "{seen}"
    );
}

/// A private key checked on the spot is recorded with the time it was checked (the clock is
/// read for it, not taken from the last job's report).
#[test]
fn a_pasted_private_key_is_recorded_with_when_it_was_checked() {
    let mut app = app_on(Step::PrivateKey);
    app.clock = Some(|| "2026-12-05 20:47 UTC".to_string());
    let private = seeded_key(7, "x").private_openssh.to_string();
    app.on_paste(&private);
    let record = app.wizard.progress().private_key.expect("recorded");
    assert_eq!(record.at, "2026-12-05 20:47 UTC", "{record:?}");
}

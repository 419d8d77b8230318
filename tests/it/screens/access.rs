//! The access-key screens: the credential form from the public key step (`a`), progress, the
//! result or the diagnosis, the Keys screen (F3) with removal and rotation. The token is typed
//! into a masked field and reaches only the effect that calls the API.

use std::time::Duration;

use bblink::core::bitbucket::access_keys::{AccessKey, KeyFlags};
use bblink::core::bitbucket::outcome::{ApiOutcome, Rotation};
use bblink::core::bitbucket::{AddResult, ApiFailure, ApiFindingId};
use bblink::core::conntest::{Report, StageName};
use bblink::core::key_file::ReadyKey;
use bblink::core::keyboard::{Code, Key};
use bblink::core::wizard::{ApiOp, Effect, JobEvent, Msg, SecretSource, Step};
use bblink::testing::seeded_key;
use bblink::ui::app::App;

use super::{press, snap};
use crate::support::{app_on, app_with_key, fixed_key, job_of, key_event, screen_text, type_text};

const TOKEN: &str = "ATATT3xFfGF0-planted-token-Qx7";
const URL: &str = "git@bitbucket.org:team/app.git";

fn key(id: u64, label: &str, seed: u8, added: &str) -> AccessKey {
    let info = seeded_key(seed, label).info;
    AccessKey {
        id,
        label: label.into(),
        algorithm: info.algorithm,
        bits: info.bits,
        fingerprint: info.fingerprint,
        added_on: Some(added.into()),
        last_used: None,
        permission: None,
        flags: KeyFlags::default(),
    }
}

/// Presses a key and returns the effects for the runner.
fn hit(app: &mut App, k: Key) -> Vec<Effect> {
    app.on_key(key_event(k))
}

fn fill_form(app: &mut App, with_url: bool) {
    if with_url {
        type_text(app, URL);
        press(app, Key::plain(Code::Tab));
    }
    type_text(app, "dev@example.com");
    press(app, Key::plain(Code::Tab));
    type_text(app, TOKEN);
}

fn never_shown(app: &App) {
    assert!(!screen_text(app).contains(TOKEN), "the token is masked");
    assert!(
        !format!("{:?}", app.wizard).contains(TOKEN),
        "the wizard never holds it"
    );
}

#[test]
fn add_it_for_me_asks_for_the_credential_sends_it_once_and_counts_for_the_step() {
    let mut app = app_with_key();
    assert_eq!(app.wizard.step(), Step::PublicKey);
    press(&mut app, Key::ch('a'));
    assert!(app.wizard.access().is_some());
    fill_form(&mut app, true);
    snap("access__form", &app);
    never_shown(&app);
    let screen = screen_text(&app);
    assert!(screen.contains("team/app on Bitbucket Cloud"), "{screen}");
    assert!(screen.contains("admin:repository:bitbucket"), "{screen}");
    let effects = hit(&mut app, Key::plain(Code::Enter));
    let call = effects
        .iter()
        .find_map(|e| match e {
            Effect::AccessKeys { call, .. } => Some(call.clone()),
            _ => None,
        })
        .expect("a call");
    assert_eq!(
        call.token,
        SecretSource::Text(bblink::core::secret::Secret::new(TOKEN.to_string())),
        "filled in by the UI"
    );
    assert_eq!(call.email.as_deref(), Some("dev@example.com"));
    assert!(
        matches!(&call.op, ApiOp::Add { fingerprint, .. } if *fingerprint == fixed_key().info.fingerprint)
    );
    let job = job_of(&effects);
    app.update(Msg::Job(
        job,
        JobEvent::Progress("Reading the access keys of team/app…".into()),
    ));
    snap("access__working", &app);
    let mut added = key(
        42,
        "bblink-valohai-2026-11-22",
        7,
        "2026-12-02T10:00:00+00:00",
    );
    added.fingerprint = fixed_key().info.fingerprint;
    let result = AddResult {
        key: added,
        already_present: false,
        page: "https://bitbucket.org/team/app/admin/access-keys/".into(),
    };
    app.update(Msg::Job(
        job,
        JobEvent::Api(Box::new(ApiOutcome::Added(result))),
    ));
    snap("access__added", &app);
    assert!(
        app.wizard.is_done(Step::PublicKey),
        "an added key counts for the step"
    );
    press(&mut app, Key::plain(Code::Enter));
    assert!(app.wizard.access().is_none());
    assert_eq!(app.wizard.step(), Step::CloneUrl);
    assert!(
        app.api_token.is_empty(),
        "the token is wiped when the screens close"
    );
    // The repository given in the form is the clone URL step's: not asked again (this one
    // names Cloud's old SSH host, so the step offers its repair).
    assert_eq!(app.url.lines().join(""), URL);
    let screen = screen_text(&app);
    assert!(
        screen.contains("git@ssh.bitbucket.org:team/app.git"),
        "{screen}"
    );
}

#[test]
fn a_failure_shows_the_diagnosis_and_leaves_the_manual_way_open() {
    let mut app = app_with_key();
    press(&mut app, Key::ch('a'));
    fill_form(&mut app, true);
    let job = job_of(&hit(&mut app, Key::plain(Code::Enter)));
    let mut f = ApiFailure::new(
        ApiFindingId::ApiScopeMissing,
        "the credential lacks the scope admin:repository:bitbucket needed for listing access keys (403)".into(),
        "Create a new API token with admin:repository:bitbucket ticked (scopes cannot be added to an existing token).".into(),
    );
    f.status = Some(403);
    f.required = vec!["admin:repository:bitbucket".into()];
    f.granted = Some(vec!["read:repository:bitbucket".into()]);
    app.update(Msg::Job(
        job,
        JobEvent::Api(Box::new(ApiOutcome::Failed(f))),
    ));
    snap("access__failed", &app);
    assert!(!app.wizard.is_done(Step::PublicKey));
    press(&mut app, Key::plain(Code::Enter));
    assert!(app.wizard.focused_field().is_some(), "back to the form");
    press(&mut app, Key::plain(Code::Esc));
    assert!(
        app.wizard.access().is_none(),
        "Esc: the manual steps behind"
    );
    assert_eq!(app.wizard.step(), Step::PublicKey);
}

#[test]
fn esc_cancels_a_running_call() {
    let mut app = app_with_key();
    press(&mut app, Key::ch('a'));
    fill_form(&mut app, true);
    let job = job_of(&hit(&mut app, Key::plain(Code::Enter)));
    hit(&mut app, Key::plain(Code::F(2)));
    assert!(app.wizard.trouble().is_none(), "not over a running call");
    let effects = hit(&mut app, Key::plain(Code::Esc));
    assert!(effects.contains(&Effect::Cancel(job)), "{effects:?}");
    assert!(app.wizard.access().is_some(), "back on the form");
    assert!(!app.wizard.busy());
}

fn keys_screen() -> (App, bblink::core::wizard::JobId) {
    let mut app = app_on(Step::Done);
    press(&mut app, Key::plain(Code::F(3)));
    fill_form(&mut app, true);
    let job = job_of(&hit(&mut app, Key::plain(Code::Enter)));
    let mut mine = key(
        3,
        "bblink-valohai-2026-11-22",
        7,
        "2026-11-22T09:00:00+00:00",
    );
    mine.flags.this_key = true;
    let mut old = key(1, "ci-2024", 9, "2024-03-01T12:00:00+00:00");
    old.flags.old = true;
    let mut weak = key(2, "legacy-deploy", 11, "2025-08-09T12:00:00+00:00");
    weak.algorithm = "ssh-rsa".into();
    weak.bits = 1024;
    weak.flags.weak = true;
    let listed = ApiOutcome::Listed {
        keys: vec![old, weak, mine],
        truncated: false,
        unread: 0,
    };
    app.update(Msg::Job(job, JobEvent::Api(Box::new(listed))));
    (app, job)
}

#[test]
fn entries_that_are_not_keys_are_counted_on_the_keys_screen() {
    let mut app = app_on(Step::Done);
    press(&mut app, Key::plain(Code::F(3)));
    fill_form(&mut app, true);
    let job = job_of(&hit(&mut app, Key::plain(Code::Enter)));
    let listed = ApiOutcome::Listed {
        keys: vec![key(4, "ci", 9, "2026-03-01T12:00:00+00:00")],
        truncated: false,
        unread: 2,
    };
    app.update(Msg::Job(job, JobEvent::Api(Box::new(listed))));
    let screen = screen_text(&app);
    assert!(
        screen.contains("(2 entries of the answer are not keys bblink can read: not shown)"),
        "{screen}"
    );
}

#[test]
fn the_keys_screen_lists_marks_and_removes_only_after_confirmation() {
    let (mut app, _) = keys_screen();
    snap("access__keys", &app);
    let screen = screen_text(&app);
    assert!(screen.contains("3 access keys of team/app"), "{screen}");
    assert!(
        screen.contains("old") && screen.contains("weak") && screen.contains("this key"),
        "{screen}"
    );
    press(&mut app, Key::plain(Code::Down));
    let effects = hit(&mut app, Key::ch('d'));
    assert!(
        effects
            .iter()
            .all(|e| !matches!(e, Effect::AccessKeys { .. })),
        "nothing sent before the answer"
    );
    snap("access__confirm_remove", &app);
    let effects = hit(&mut app, Key::ch('y'));
    let removed = effects.iter().find_map(|e| match e {
        Effect::AccessKeys { call, .. } => match &call.op {
            ApiOp::Remove(k) => Some(k.id),
            _ => None,
        },
        _ => None,
    });
    assert_eq!(removed, Some(2), "the chosen key, by id");
}

#[test]
fn rotation_adopts_the_new_key_and_offers_to_remove_the_old_one_after_its_test() {
    let (mut app, _) = keys_screen();
    // The key in use is the third; rotating it makes the new key the one in use.
    press(&mut app, Key::plain(Code::Down));
    press(&mut app, Key::plain(Code::Down));
    hit(&mut app, Key::ch('r'));
    snap("access__confirm_rotate", &app);
    let effects = hit(&mut app, Key::ch('y'));
    let (job, test) = effects
        .iter()
        .find_map(|e| match e {
            Effect::AccessKeys { job, call } => match &call.op {
                ApiOp::Rotate { test, generate, .. } => {
                    assert!(
                        generate
                            .private_path
                            .starts_with(&bblink::testing::env().keys_dir)
                    );
                    Some((*job, test.is_some()))
                }
                _ => None,
            },
            _ => None,
        })
        .expect("a rotation");
    assert!(
        test,
        "the new key is tested against the repository's SSH URL"
    );
    let new = seeded_key(21, "bblink-valohai-2026-11-22-rotated");
    let ready = ReadyKey {
        private_path: bblink::testing::env()
            .keys_dir
            .join("bblink-valohai-2026-11-22-rotated"),
        public_path: None,
        info: new.info.clone(),
        generated: true,
        warnings: Vec::new(),
    };
    let mut report = Report::new("git@ssh.bitbucket.org:team/app.git");
    for stage in StageName::RUN {
        report.pass(stage, Duration::from_millis(100), "ok");
    }
    let mut added = key(
        7,
        "bblink-valohai-2026-11-22-rotated",
        21,
        "2026-12-02T10:00:00+00:00",
    );
    added.fingerprint.clone_from(&new.info.fingerprint);
    let rotation = Rotation {
        old: {
            let mut mine = key(
                3,
                "bblink-valohai-2026-11-22",
                7,
                "2026-11-22T09:00:00+00:00",
            );
            mine.fingerprint = fixed_key().info.fingerprint;
            mine
        },
        new_key: Some(ready),
        added: Some(AddResult {
            key: added,
            already_present: false,
            page: String::new(),
        }),
        test: Some(report.finish()),
        failure: None,
    };
    assert!(rotation.passed());
    app.update(Msg::Job(
        job,
        JobEvent::Api(Box::new(ApiOutcome::Rotated(Box::new(rotation)))),
    ));
    snap("access__rotated", &app);
    assert_eq!(
        app.wizard.ready_key().map(|k| k.info.fingerprint.clone()),
        Some(new.info.fingerprint),
        "the new key is in use"
    );
    hit(&mut app, Key::ch('d'));
    let effects = hit(&mut app, Key::ch('y'));
    assert!(effects.iter().any(|e| matches!(e, Effect::AccessKeys { call, .. } if matches!(&call.op, ApiOp::Remove(k) if k.id == 3))));
}

#[test]
fn the_token_stays_masked_without_focus_and_a_password_in_the_url_is_never_drawn() {
    let mut app = app_on(Step::Done);
    press(&mut app, Key::plain(Code::F(3)));
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste(TOKEN);
    // No URL yet: Enter sends nothing and takes the focus to the URL field.
    let effects = hit(&mut app, Key::plain(Code::Enter));
    assert!(
        effects
            .iter()
            .all(|e| !matches!(e, Effect::AccessKeys { .. }))
    );
    assert_eq!(
        app.wizard.focused_field(),
        Some(bblink::core::wizard::Field::ApiRepo)
    );
    never_shown(&app);
    app.on_paste("https://dev:ATBBsecretpassword99@bitbucket.org/team/app.git");
    press(&mut app, Key::plain(Code::Tab));
    let screen = screen_text(&app);
    assert!(!screen.contains("ATBBsecretpassword99"), "{screen}");
    assert!(screen.contains("team/app on Bitbucket Cloud"), "{screen}");
    assert!(!format!("{:?}", app.wizard).contains("ATBBsecretpassword99"));
}

#[test]
fn a_token_pasted_into_the_url_field_is_hidden_and_named() {
    let mut app = app_on(Step::Done);
    press(&mut app, Key::plain(Code::F(3)));
    app.on_paste(TOKEN);
    let screen = screen_text(&app);
    assert!(!screen.contains(TOKEN), "{screen}");
    assert!(screen.contains("looks like a Bitbucket token"), "{screen}");
}

#[test]
fn a_paste_never_reaches_the_step_behind_and_q_quits_from_the_list() {
    let mut app = app_on(Step::CloneUrl);
    app.on_paste("git@ssh.bitbucket.org:team/app.git");
    assert!(
        app.wizard.ssh_url().is_some(),
        "a usable URL: the form starts with it"
    );
    let before = app.url.lines().join("");
    press(&mut app, Key::plain(Code::F(3)));
    fill_form(&mut app, false);
    let job = job_of(&hit(&mut app, Key::plain(Code::Enter)));
    app.on_paste("ATATT3xFfGF0-pasted-while-working");
    assert_eq!(
        app.url.lines().join(""),
        before,
        "the clone URL behind is untouched"
    );
    assert!(app.paste_note.is_some());
    let listed = ApiOutcome::Listed {
        keys: Vec::new(),
        truncated: false,
        unread: 0,
    };
    app.update(Msg::Job(job, JobEvent::Api(Box::new(listed))));
    let effects = hit(&mut app, Key::ch('q'));
    assert!(
        effects.contains(&Effect::Quit) || app.wizard.overlay().is_some(),
        "q quits (or asks first): {effects:?}"
    );
}

#[test]
fn without_a_key_a_says_where_to_get_one() {
    let mut app = crate::support::app();
    app.update(Msg::Action(bblink::core::keyboard::Action::Jump(
        Step::PublicKey,
    )));
    press(&mut app, Key::ch('a'));
    assert!(app.wizard.access().is_none());
    assert!(
        screen_text(&app).contains("No key yet"),
        "{}",
        screen_text(&app)
    );
}

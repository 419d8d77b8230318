//! The screens of services that take no SSH key, driven through the real App (keys and
//! pastes): the service URL, the OAuth consumer, the access token, the webhook and their done
//! screens. Secrets are pasted into masked fields and never appear on any screen.

use bblink::core::bitbucket::hooks::HookAction;
use bblink::core::bitbucket::oauth::{OauthCheck, OauthFinding, OauthId};
use bblink::core::bitbucket::{ApiFailure, ApiFindingId};
use bblink::core::keyboard::{Code, Key};
use bblink::core::problem::Severity;
use bblink::core::secret::Secret;
use bblink::core::wizard::{Effect, JobEvent, Msg, SecretSource, Step};
use bblink::ui::app::App;

use super::{press, snap, snap_at};
use crate::support::{app, job_of, screen_text, type_text};

const KEY: &str = "Zq8PlantedConsumerKey";
const SECRET: &str = "planted-oauth-secret-W9x2Lm7Q";
const TOKEN: &str = "ATCTT3xFfGN0-planted-access-token-Kd81";
const HOOK_SECRET: &str = "planted-webhook-secret-0123456789abcdef";

fn choose(app: &mut App, id: &str) {
    press(app, Key::plain(Code::Enter));
    for _ in 0..8 {
        if app.wizard.service().is_some_and(|s| s.id == id) {
            return;
        }
        press(app, Key::plain(Code::Down));
    }
    panic!("no service {id}");
}

fn no_secret_on(app: &App) {
    let text = screen_text(app);
    for s in [SECRET, TOKEN, HOOK_SECRET] {
        assert!(!text.contains(s), "a secret on screen:\n{text}");
    }
}

/// The OAuth consumer screen with the base URL given and the key and secret pasted.
fn gemnasium_consumer() -> App {
    let mut app = app();
    choose(&mut app, "gemnasium");
    press(&mut app, Key::plain(Code::Enter));
    app.on_paste("https://gemnasium.example.com/");
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::OauthConsumer);
    // The key field has the focus on arrival.
    app.on_paste(KEY);
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste(SECRET);
    app
}

fn check_consumer(app: &mut App) -> bblink::core::wizard::JobId {
    let effects = app.on_key(crate::support::key_event(Key::plain(Code::Enter)));
    match &effects[..] {
        [
            Effect::CheckConsumer {
                secret: SecretSource::Text(s),
                key,
                ..
            },
        ] => {
            assert_eq!(s.expose(), SECRET);
            assert_eq!(key, KEY);
        }
        other => panic!("{other:?}"),
    }
    job_of(&effects)
}

#[test]
fn gemnasium_service_url_and_consumer_screens() {
    let mut app = app();
    choose(&mut app, "gemnasium");
    snap("service__gemnasium", &app);
    press(&mut app, Key::plain(Code::Enter));
    snap("service_url__empty", &app);
    type_text(&mut app, "http://gemnasium.example.com");
    snap("service_url__http_refused", &app);
    // Refused with the https form to use, and Enter does not go on with it.
    assert!(screen_text(&app).contains("Use https://gemnasium.example.com."));
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::ServiceUrl);
    app.on_paste("gemnasium.example.com");
    press(&mut app, Key::plain(Code::Tab));
    snap("service_url__gemnasium", &app);
    press(&mut app, Key::plain(Code::Enter));
    snap("oauth_consumer__form", &app);
    assert_eq!(app.wizard.step(), Step::OauthConsumer);
}

#[test]
fn the_consumer_check_reads_private_scopes_or_warns_or_refuses() {
    let mut app = gemnasium_consumer();
    no_secret_on(&app);
    let job = check_consumer(&mut app);
    let check = OauthCheck {
        ok: false,
        private: Some(true),
        scopes: vec!["account".into(), "repository".into()],
        missing_scopes: vec!["webhook".into()],
        findings: vec![OauthFinding {
            id: OauthId::OauthScopeMissing,
            severity: Severity::Error,
            message: "the consumer lacks webhook for this mode".into(),
            fix: "Edit the consumer (Workspace settings → OAuth consumers) and tick: Webhooks: Read and write.".into(),
        }],
    };
    app.update(Msg::Job(job, JobEvent::Consumer(Ok(check))));
    snap("oauth_consumer__scope_missing", &app);
    no_secret_on(&app);

    let mut app = gemnasium_consumer();
    let job = check_consumer(&mut app);
    let check = OauthCheck {
        ok: true,
        private: Some(false),
        scopes: Vec::new(),
        missing_scopes: Vec::new(),
        findings: vec![OauthFinding {
            id: OauthId::OauthConsumerNotPrivate,
            severity: Severity::Warning,
            message: "the key and secret are valid, but the consumer is not private, so its permissions cannot be read this way".into(),
            fix: "It still works for signing in. To check its permissions here, tick \"This is a private consumer\".".into(),
        }],
    };
    app.update(Msg::Job(job, JobEvent::Consumer(Ok(check))));
    snap("oauth_consumer__not_private", &app);
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::Done);
    snap("done__gemnasium", &app);
    no_secret_on(&app);
}

#[test]
fn gemnasium_sign_in_only_ends_with_its_commands() {
    let mut app = gemnasium_consumer();
    // Out of the fields, m chooses the mode: sign-in only.
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::ch('m'));
    let job = check_consumer(&mut app);
    let check = OauthCheck {
        ok: true,
        private: Some(true),
        scopes: vec!["account".into(), "email".into()],
        missing_scopes: Vec::new(),
        findings: Vec::new(),
    };
    app.update(Msg::Job(job, JobEvent::Consumer(Ok(check))));
    press(&mut app, Key::plain(Code::Enter));
    snap_at("done__gemnasium_login", &app, 100, 40);
    let text = screen_text(&app);
    assert!(text.contains("read -rs OAUTH_CONSUMER_SECRET"), "{text}");
    no_secret_on(&app);
}

/// The Hub on its access token screen, with the URL, repository and token given.
fn hub_token(repo: &str) -> App {
    let mut app = app();
    choose(&mut app, "hackolade");
    press(&mut app, Key::plain(Code::Enter));
    app.on_paste("https://acme.hackolade.com/gateway/public/sync");
    snap("service_url__hub_repaired", &app);
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::AccessToken);
    app.on_paste(repo);
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste(TOKEN);
    app
}

fn check_token(app: &mut App) -> bblink::core::wizard::JobId {
    let effects = app.on_key(crate::support::key_event(Key::plain(Code::Enter)));
    assert!(
        matches!(&effects[..], [Effect::CheckToken { token: SecretSource::Text(t), .. }] if t.expose() == TOKEN),
        "{effects:?}"
    );
    job_of(&effects)
}

#[test]
fn a_masked_token_shows_every_dot_again_after_the_terminal_widens() {
    let mut app = hub_token("git@bitbucket.org:acme/models.git");
    let dots = |t: &ratatui::Terminal<ratatui::backend::TestBackend>| {
        format!("{:?}", t.backend()).matches('•').count()
    };
    let narrow = crate::support::terminal(&app, 40, 12);
    assert!(dots(&narrow) < TOKEN.chars().count(), "narrow: scrolled");
    app.on_resize();
    let wide = crate::support::terminal(&app, 200, 60);
    assert_eq!(dots(&wide), TOKEN.chars().count(), "{:?}", wide.backend());
    // The cursor stayed at the end: typing goes after the token.
    type_text(&mut app, "Z");
    let effects = app.on_key(crate::support::key_event(Key::plain(Code::Enter)));
    assert!(
        matches!(&effects[..], [Effect::CheckToken { token: SecretSource::Text(t), .. }] if t.expose() == format!("{TOKEN}Z")),
        "{effects:?}"
    );
}

#[test]
fn the_hub_token_webhook_and_done_screens() {
    let mut app = hub_token("git@bitbucket.org:acme/models.git");
    snap("access_token__cloud", &app);
    no_secret_on(&app);
    let job = check_token(&mut app);
    app.update(Msg::Job(
        job,
        JobEvent::TokenChecked(Ok(bblink::core::bitbucket::scopes::TokenFacts {
            scopes: Some(vec!["repository".into()]),
            lists_hooks: false,
        })),
    ));
    snap("access_token__scope_missing", &app);
    // A new token, with both scopes.
    app.on_paste(TOKEN);
    let job = check_token(&mut app);
    let scopes = vec!["repository".into(), "webhook".into()];
    app.update(Msg::Job(
        job,
        JobEvent::TokenChecked(Ok(bblink::core::bitbucket::scopes::TokenFacts {
            scopes: Some(scopes),
            lists_hooks: false,
        })),
    ));
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::Webhook);
    snap("webhook__no_secret", &app);
    let effects = app.on_key(crate::support::key_event(Key::ch('g')));
    assert!(matches!(&effects[..], [Effect::NewSecret { .. }]));
    app.update(Msg::Job(
        job_of(&effects),
        JobEvent::SecretMade(Secret::new(HOOK_SECRET.into())),
    ));
    assert_eq!(app.service_fields.hook_secret.lines().join(""), HOOK_SECRET);
    snap("webhook__secret_made", &app);
    no_secret_on(&app);
    // s shows it (to select with the mouse where there is no clipboard); s hides it again.
    press(&mut app, Key::ch('s'));
    assert!(screen_text(&app).contains(HOOK_SECRET));
    press(&mut app, Key::ch('s'));
    no_secret_on(&app);
    let effects = app.on_key(crate::support::key_event(Key::plain(Code::Enter)));
    match &effects[..] {
        [
            Effect::SaveHook {
                token: SecretSource::Text(t),
                secret: SecretSource::Text(s),
                hook,
                ..
            },
        ] => {
            assert_eq!((t.expose(), s.expose()), (TOKEN, HOOK_SECRET));
            assert_eq!(hook.0, "https://acme.hackolade.com/gateway/public/sync");
        }
        other => panic!("{other:?}"),
    }
    let saved = Ok((
        HookAction::Created,
        "{8d0e6c1c-5a7e-4cc5-9b8f-0c1d2e3f4a5b}".to_string(),
    ));
    app.update(Msg::Job(job_of(&effects), JobEvent::HookSaved(saved)));
    snap("webhook__created", &app);
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::Done);
    snap("done__hackolade", &app);
    no_secret_on(&app);
    // Each of the three values copies: the secrets from their fields.
    press(&mut app, Key::plain(Code::Down));
    let effects = app.on_key(crate::support::key_event(Key::ch('c')));
    assert!(
        matches!(&effects[..], [Effect::CopySecret { source: SecretSource::Text(t), .. }] if t.expose() == TOKEN),
        "{effects:?}"
    );
}

#[test]
fn a_data_center_hub_gets_its_guide_and_a_refused_webhook_its_manual_steps() {
    let mut app = hub_token("ssh://git@bitbucket.acme.com:7999/MOD/models.git");
    assert!(screen_text(&app).contains("Create a repository access token (Bitbucket Data Center)"));
    snap("access_token__data_center", &app);
    let job = check_token(&mut app);
    app.update(Msg::Job(
        job,
        JobEvent::TokenChecked(Ok(bblink::core::bitbucket::scopes::TokenFacts {
            scopes: None,
            lists_hooks: true,
        })),
    ));
    press(&mut app, Key::plain(Code::Enter));
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste(HOOK_SECRET);
    press(&mut app, Key::plain(Code::Tab));
    let effects = app.on_key(crate::support::key_event(Key::plain(Code::Enter)));
    let mut f = ApiFailure::new(
        ApiFindingId::ApiScopeMissing,
        "the token may not manage webhooks of MOD/models".into(),
        "Give the token Repository admin, or add the webhook by hand.".into(),
    );
    f.status = Some(403);
    app.update(Msg::Job(job_of(&effects), JobEvent::HookSaved(Err(f))));
    assert!(screen_text(&app).contains("Add it by hand instead"));
    snap("webhook__refused_manual", &app);
    no_secret_on(&app);
}

#[test]
fn new_screens_fit_small_terminals_and_wrong_pastes_are_hidden() {
    let mut app = hub_token("https://bitbucket.org/acme/models");
    // A token pasted into the clone URL field is hidden, and named.
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste(TOKEN);
    no_secret_on(&app);
    assert!(screen_text(&app).contains("looks like a token"));
    for (w, h) in [(40, 12), (200, 60), (80, 24)] {
        crate::support::terminal(&app, w, h);
    }
    snap_at("access_token__40x12", &app, 40, 12);
}

#[test]
fn no_snapshot_holds_a_planted_secret() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    for entry in std::fs::read_dir(&dir).expect("snapshots") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        for s in [
            SECRET,
            TOKEN,
            HOOK_SECRET,
            crate::bbapi::HUB_TOKEN,
            crate::bbapi::CONSUMERS[0].1,
        ] {
            assert!(!text.contains(s), "{} holds a secret", path.display());
        }
    }
}

#[test]
fn the_known_hosts_and_checklist_sheets() {
    let mut app = app();
    choose(&mut app, "circleci");
    press(&mut app, Key::plain(Code::F(4)));
    snap_at("sheet__known_hosts_circleci", &app, 100, 30);
    press(&mut app, Key::ch('f'));
    press(&mut app, Key::ch('f'));
    snap("sheet__known_hosts_gitlab", &app);
    press(&mut app, Key::plain(Code::Esc));
    assert!(app.wizard.overlay().is_none());
    press(&mut app, Key::plain(Code::F(5)));
    assert!(app.wizard.overlay().is_some(), "F5 opens the checklist");
    snap("sheet__checklist", &app);
    press(&mut app, Key::plain(Code::Esc));
    assert!(app.wizard.overlay().is_none(), "Esc closes it");
}

#[test]
fn circleci_user_key_choice_and_where_the_key_goes() {
    let mut app = crate::support::app();
    choose(&mut app, "circleci");
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::plain(Code::Down));
    assert!(
        app.wizard.user_key(),
        "↓ on the key-kind row chose a user key"
    );
    snap("service__circleci_user_key", &app);
    bblink::testing::give_key(&mut |m| app.update(m), bblink::testing::fixed_key());
    let screen = crate::support::screen_text(&app);
    assert!(
        screen.contains("SSH keys"),
        "a user key goes on an account: {screen}"
    );
    snap("public_key__user_key", &app);
}

#[test]
fn typing_on_arrival_at_the_consumer_screen_fills_its_key() {
    let mut app = app();
    choose(&mut app, "gemnasium");
    app.update(Msg::Action(bblink::core::keyboard::Action::Jump(
        Step::ServiceUrl,
    )));
    app.on_paste("https://gemnasium.example.com");
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::OauthConsumer);
    let mode = |app: &App| {
        let page = app.wizard.page();
        page.status.into_iter().find(|l| l.starts_with("Mode: "))
    };
    let before = mode(&app);
    assert!(before.is_some());
    let mut effects = Vec::new();
    for c in "mX7cQ".chars() {
        effects.extend(app.on_key(crate::support::key_event(Key::ch(c))));
    }
    assert_eq!(mode(&app), before, "m switched the mode");
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Copy { .. })),
        "c copied a value: {effects:?}"
    );
    assert_eq!(app.service_fields.oauth_key.lines().join(""), "mX7cQ");
    // The access token screen of the Hub: its first field, the clone URL.
    let mut hub = crate::support::app();
    choose(&mut hub, "hackolade");
    hub.update(Msg::Action(bblink::core::keyboard::Action::Jump(
        Step::AccessToken,
    )));
    type_text(&mut hub, "git@ssh");
    assert_eq!(hub.service_fields.hook_repo.lines().join(""), "git@ssh");
}

/// A value made from a step not done yet says so on the screen, as the plain mode does, rather
/// than showing an empty value beside its name.
#[test]
fn a_value_not_known_yet_says_so_on_the_done_screen() {
    let mut app = app();
    choose(&mut app, "hackolade");
    press(&mut app, Key::alt('5'));
    assert_eq!(app.wizard.step(), Step::Done);
    let text = screen_text(&app);
    let row = text
        .lines()
        .find(|l| l.contains("Webhook URL"))
        .unwrap_or_else(|| panic!("no Webhook URL row:\n{text}"));
    assert!(row.contains("(not known yet)"), "{row}");
}

/// A password typed into the service URL is refused and never drawn, in the field either.
#[test]
fn a_password_in_the_service_url_is_never_on_the_screen() {
    let mut app = app();
    choose(&mut app, "gemnasium");
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(app.wizard.step(), Step::ServiceUrl);
    app.on_paste("https://admin:hunter2-planted@gemnasium.example.com/");
    let text = screen_text(&app);
    assert!(text.contains("user name or password"), "{text}");
    assert!(!text.contains("hunter2-planted"), "{text}");
}

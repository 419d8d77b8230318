//! The routes of services that take no SSH key: Gemnasium (service URL, OAuth consumer, done)
//! and the Hackolade Model Hub (service URL, access token, webhook, done).

use super::*;
use crate::core::bitbucket::hooks::HookAction;
use crate::core::bitbucket::oauth::OauthCheck;
use crate::core::bitbucket::{ApiFailure, ApiFindingId};
use crate::core::secret::Secret;
use crate::testing::wizard_for;

fn private(scopes: &[&str]) -> OauthCheck {
    OauthCheck {
        ok: true,
        private: Some(true),
        scopes: scopes.iter().map(|s| (*s).to_string()).collect(),
        missing_scopes: Vec::new(),
        findings: Vec::new(),
    }
}

fn field(w: &mut Wizard, f: Field, text: &str) -> Vec<Effect> {
    w.update(Msg::typed(f, text))
}

#[test]
fn gemnasium_walks_its_own_route_and_ends_with_its_commands() {
    let mut w = wizard_for("gemnasium");
    assert_eq!(w.route().numbered().len(), 4);
    enter(&mut w);
    assert_eq!(w.step(), Step::ServiceUrl);
    assert_eq!(w.route().number(Step::ServiceUrl), 2);
    // Enter does nothing useful before a usable URL, and says why.
    enter(&mut w);
    assert_eq!(w.step(), Step::ServiceUrl);
    field(&mut w, Field::ServiceUrl, "http://gemnasium.example.com");
    enter(&mut w);
    assert_eq!(w.step(), Step::ServiceUrl);
    says(
        &w,
        "Not yet: It starts with http://: Bitbucket sends credentials and deliveries only to https. Use https://gemnasium.example.com.",
    );
    field(&mut w, Field::ServiceUrl, "gemnasium.example.com/");
    says(
        &w,
        "  • Callback URL (Add consumer form → Callback URL): https://gemnasium.example.com/auth/auth/bitbucket.org\n  • URL (Add consumer form → URL): https://gemnasium.example.com/\n",
    );
    // Copying the callback URL: from the list, as text.
    act(&mut w, Action::FocusNext);
    let effects = act(&mut w, Action::Copy);
    assert!(
        matches!(&effects[..], [Effect::Copy { text, .. }] if text.ends_with("/auth/auth/bitbucket.org"))
    );
    w.update(Msg::Job(job_of(&effects), JobEvent::Copied(Ok(()))));
    says(&w, "\n✓ Copied.\n");
    enter(&mut w);
    assert_eq!(w.step(), Step::OauthConsumer);

    // The check needs both values; the secret's text never reaches the wizard.
    enter(&mut w);
    says(
        &w,
        "Paste the consumer's key and secret first: click the consumer's name in Bitbucket to show them.",
    );
    assert_eq!(w.focused_field(), Some(Field::OauthKey));
    field(&mut w, Field::OauthKey, " k3yK3y ");
    w.update(Msg::SecretLen(Field::OauthSecret, 32));
    act(&mut w, Action::Cycle); // sign-in only
    let effects = enter(&mut w);
    assert!(!effects.is_empty(), "{:?} {}", w.step(), said(&w));
    let job = job_of(&effects);
    match &effects[..] {
        [
            Effect::CheckConsumer {
                key,
                secret,
                scopes,
                token_url,
                ..
            },
        ] => {
            assert_eq!(key, "k3yK3y");
            assert_eq!(secret, &SecretSource::Field(Field::OauthSecret));
            assert_eq!(scopes, &["account", "email"]);
            assert_eq!(token_url, "https://bitbucket.org/site/oauth2/access_token");
        }
        other => panic!("{other:?}"),
    }
    w.update(Msg::Job(
        job,
        JobEvent::Consumer(Ok(private(&["account", "email"]))),
    ));
    assert!(w.is_done(Step::OauthConsumer));
    enter(&mut w);
    assert_eq!(w.step(), Step::Done);
    done_gives_the_key_and_the_commands(&mut w);
    back_walks_the_route(&mut w);
}

/// Gemnasium's Done: the consumer key, the commands that take the secret without echo, and the
/// secret copied from its field.
fn done_gives_the_key_and_the_commands(w: &mut Wizard) {
    says(
        w,
        "  • Consumer key (the configure script's prompt; in the other modes, the auth clients create command): k3yK3y",
    );
    let commands: Vec<String> = w
        .page()
        .choices
        .iter()
        .filter_map(|c| c.label.strip_prefix("Copy the command "))
        .map(str::to_string)
        .collect();
    assert!(
        commands[0].contains("read -rs OAUTH_CONSUMER_SECRET"),
        "{commands:?}"
    );
    assert!(commands.iter().any(|c| c.contains(
        "auth clients create bitbucket.org login k3yK3y \"$OAUTH_CONSUMER_SECRET\" account,email"
    )));
    assert_eq!(
        commands.last().map(String::as_str),
        Some("unset OAUTH_CONSUMER_SECRET")
    );
    // The secret is copied from its field, never held here.
    let secret = w
        .page()
        .choices
        .iter()
        .filter(|c| matches!(c.does, page::Do::CopyValue(_)))
        .position(|c| c.label == "Copy Consumer secret")
        .expect("secret item");
    let effects = w.update(Msg::CopyValue(secret));
    assert!(matches!(
        &effects[..],
        [Effect::CopySecret {
            source: SecretSource::Field(Field::OauthSecret),
            ..
        }]
    ));
    // Once copied, it is taken off the clipboard after the delay.
    let effects = w.update(Msg::Job(job_of(&effects), JobEvent::Copied(Ok(()))));
    assert!(matches!(
        &effects[..],
        [Effect::ClearClipboardLater { seconds: 60, .. }]
    ));
}

fn back_walks_the_route(w: &mut Wizard) {
    act(w, Action::Back);
    assert_eq!(w.step(), Step::OauthConsumer);
    act(w, Action::Back);
    assert_eq!(w.step(), Step::ServiceUrl);
    act(w, Action::Back);
    assert_eq!(w.step(), Step::Service);
}

#[test]
fn a_changed_secret_or_mode_voids_the_consumer_check() {
    let mut w = wizard_for("gemnasium");
    enter(&mut w);
    field(&mut w, Field::ServiceUrl, "https://g.example.com");
    enter(&mut w);
    field(&mut w, Field::OauthKey, "k");
    w.update(Msg::SecretLen(Field::OauthSecret, 10));
    let job = job_of(&enter(&mut w));
    let f = ApiFailure::new(ApiFindingId::ApiUnreachable, "down".into(), "later".into());
    w.update(Msg::Job(job, JobEvent::Consumer(Err(f))));
    says(&w, "error: down (api_unreachable)");
    w.update(Msg::SecretLen(Field::OauthSecret, 11));
    says_not(&w, "api_unreachable");
    says(&w, "Secret: 11 characters (hidden)");
}

fn hub_on_token() -> Wizard {
    let mut w = wizard_for("hackolade");
    enter(&mut w);
    field(
        &mut w,
        Field::ServiceUrl,
        "https://acme.hackolade.com/gateway/public/sync",
    );
    says(
        &w,
        "✓ https://acme.hackolade.com\n  That was the service's own URL plus its path; kept the address before it.",
    );
    enter(&mut w);
    assert_eq!(w.step(), Step::AccessToken);
    w
}

/// A token check's result: the token reads the repository, with these scopes.
fn token_checked(scopes: &[&str]) -> JobEvent {
    JobEvent::TokenChecked(Ok(crate::core::bitbucket::scopes::TokenFacts {
        scopes: Some(scopes.iter().map(|s| (*s).to_string()).collect()),
        lists_hooks: false,
    }))
}

/// The Hub's webhook step, after a token for acme/models passed its check.
fn hub_on_webhook() -> Wizard {
    let mut w = hub_on_token();
    field(&mut w, Field::HookRepo, "https://bitbucket.org/acme/models");
    w.update(Msg::SecretLen(Field::HookToken, 10));
    let job = job_of(&enter(&mut w));
    w.update(Msg::Job(job, token_checked(&["repository", "webhook"])));
    enter(&mut w);
    assert_eq!(w.step(), Step::Webhook);
    w
}

#[test]
fn the_hub_checks_the_token_creates_the_webhook_and_ends_with_three_values() {
    let mut w = hub_on_token();
    field(&mut w, Field::HookRepo, "git@bitbucket.org:acme/models.git");
    w.update(Msg::SecretLen(Field::HookToken, 180));
    let effects = enter(&mut w);
    let job = job_of(&effects);
    assert!(
        matches!(&effects[..], [Effect::CheckToken { token: SecretSource::Field(Field::HookToken), target, .. }] if target.full_name() == "acme/models")
    );
    // A token without `webhook` is named, and does not go on.
    w.update(Msg::Job(job, token_checked(&["repository"])));
    says(&w, "✗ It lacks webhook (api_scope_missing)");
    assert_eq!(w.step(), Step::AccessToken);
    // A new token voids the verdict; its check passes.
    w.update(Msg::SecretLen(Field::HookToken, 181));
    says_not(&w, "It lacks webhook");
    says_not(&w, "The token reads the repository");
    let job = job_of(&enter(&mut w));
    w.update(Msg::Job(job, token_checked(&["repository", "webhook"])));
    enter(&mut w);
    assert_eq!(w.step(), Step::Webhook);

    // No secret yet: Enter says how to get one.
    assert!(
        enter(&mut w)
            .iter()
            .all(|e| !matches!(e, Effect::SaveHook { .. }))
    );
    let job = job_of(&act(&mut w, Action::NewSecret));
    let effects = w.update(Msg::Job(
        job,
        JobEvent::SecretMade(Secret::new("s".repeat(40))),
    ));
    assert!(matches!(
        &effects[..],
        [Effect::SetField(Field::HookSecret, _), ..]
    ));
    says(
        &w,
        "  • Secret (Bitbucket's webhook → Secret, and the service's form): •••••••••••• (40 characters, hidden)",
    );
    let effects = enter(&mut w);
    match &effects[..] {
        [
            Effect::SaveHook {
                hook,
                secret,
                token,
                ..
            },
        ] => {
            assert_eq!(hook.0, "https://acme.hackolade.com/gateway/public/sync");
            assert_eq!(secret, &SecretSource::Field(Field::HookSecret));
            assert_eq!(token, &SecretSource::Field(Field::HookToken));
        }
        other => panic!("{other:?}"),
    }
    let job = job_of(&effects);
    w.update(Msg::Job(
        job,
        JobEvent::HookSaved(Ok((HookAction::Created, "{u-1}".into()))),
    ));
    assert!(w.is_done(Step::Webhook));
    enter(&mut w);
    assert_eq!(w.step(), Step::Done);
    let labels: Vec<String> = w.page().choices.iter().map(|c| c.label.clone()).collect();
    assert_eq!(
        labels,
        [
            "Copy Webhook URL",
            "Copy Access token",
            "Copy Webhook secret"
        ]
    );
    says(
        &w,
        "  • Webhook URL (Admin panel → Git Providers → + setup Git Provider → Bitbucket → Webhook URL): https://acme.hackolade.com/gateway/public/sync",
    );
    says(&w, "Edit (the Hub's webhook) → Recent events");
    let done = said(&w);
    let set_up: Vec<&str> = done
        .lines()
        .skip_while(|l| *l != "Set up:")
        .skip(1)
        .take_while(|l| !l.starts_with("In "))
        .collect();
    assert_eq!(set_up.len(), 3, "{done}");
    assert!(set_up.iter().all(|l| l.starts_with('✓')), "{done}");
    // A new secret afterwards means the webhook has the old one: no longer done.
    w.update(Msg::SecretLen(Field::HookSecret, 33));
    assert!(!w.is_done(Step::Webhook));
}

#[test]
fn a_refused_webhook_keeps_the_manual_way_with_its_values() {
    let mut w = hub_on_webhook();
    act(&mut w, Action::FocusNext);
    w.update(Msg::SecretLen(Field::HookSecret, 20));
    act(&mut w, Action::FocusNext);
    let job = job_of(&enter(&mut w));
    let f = ApiFailure::new(ApiFindingId::ApiScopeMissing, "no".into(), "fix".into());
    w.update(Msg::Job(job, JobEvent::HookSaved(Err(f))));
    says(&w, "error: no (api_scope_missing)");
    says(&w, "Add it by hand instead, with the values below:");
    let copies = w
        .page()
        .choices
        .iter()
        .filter(|c| matches!(c.does, page::Do::CopyValue(_)))
        .count();
    assert_eq!(copies, 3, "URL, title and secret to copy");
    assert_eq!(w.step(), Step::Webhook);
}

#[test]
fn jumps_and_resumes_stay_on_the_route() {
    let mut w = wizard_for("gemnasium");
    // Alt-3 on this route is the consumer step; a step of the SSH route is not reachable.
    assert_eq!(w.key_state().route.by_number(3), Some(Step::OauthConsumer));
    assert_eq!(w.key_state().route.by_number(5), None);
    act(&mut w, Action::Jump(Step::OauthConsumer));
    assert_eq!(w.step(), Step::OauthConsumer);
    let p = w.progress();
    assert_eq!(p.service, "gemnasium");
    let mut again = wizard_with(
        env(),
        Some(Progress {
            step: "private-key".into(),
            service_url: Some("https://g.example.com".into()),
            ..p
        }),
    );
    let effects = act(&mut again, Action::Yes);
    assert_eq!(again.step(), Step::Service);
    assert!(effects.iter().any(|e| matches!(e, Effect::SetField(Field::ServiceUrl, t) if t.expose() == "https://g.example.com")));
    // --screen of another kind's step chooses a service that has it.
    let mut w = wizard();
    w.start_at(Step::Webhook);
    assert_eq!(w.service().map(|s| s.id.as_str()), Some("hackolade"));
}

#[test]
fn a_saved_webhook_is_voided_by_a_new_secret_or_repository_and_off_route_steps_are_refused() {
    let mut w = hub_on_webhook();
    w.update(Msg::SecretLen(Field::HookSecret, 40));
    let job = job_of(&enter(&mut w));
    let saved = Ok((HookAction::Created, "{u}".to_string()));
    w.update(Msg::Job(job, JobEvent::HookSaved(saved)));
    assert!(w.is_done(Step::Webhook));
    // Another secret of the same length: the webhook has the old one.
    w.update(Msg::SecretLen(Field::HookSecret, 40));
    assert!(!w.is_done(Step::Webhook));
    says(&w, "✓ The secret you entered (40 characters).");
    says_not(&w, "Created the push webhook");
    let job = job_of(&enter(&mut w));
    let saved = Ok((HookAction::Updated, "{u}".to_string()));
    w.update(Msg::Job(job, JobEvent::HookSaved(saved)));
    assert!(w.is_done(Step::Webhook));
    // Another repository on the token step: not this one's webhook.
    act(&mut w, Action::Back);
    field(&mut w, Field::HookRepo, "https://bitbucket.org/acme/other");
    assert!(!w.is_done(Step::Webhook));
    // A step the Hub does not walk (a troubleshooting entry may name one) is refused.
    act(&mut w, Action::Jump(Step::PublicKey));
    assert_eq!(w.step(), Step::AccessToken);
    says(&w, "has no Public key step");
}

#[test]
fn after_a_refusal_enter_goes_on_by_hand_and_r_tries_again() {
    let mut w = hub_on_webhook();
    w.update(Msg::SecretLen(Field::HookSecret, 40));
    let job = job_of(&enter(&mut w));
    let f = ApiFailure::new(ApiFindingId::ApiUnreachable, "down".into(), "later".into());
    w.update(Msg::Job(job, JobEvent::HookSaved(Err(f))));
    assert!(w.key_state().available(Action::Retest));
    let effects = act(&mut w, Action::Retest);
    assert!(matches!(&effects[..], [Effect::SaveHook { .. }]));
    let f = ApiFailure::new(ApiFindingId::ApiUnreachable, "down".into(), "later".into());
    w.update(Msg::Job(job_of(&effects), JobEvent::HookSaved(Err(f))));
    enter(&mut w);
    assert_eq!(w.step(), Step::Done);
    assert!(!w.is_done(Step::Webhook));
}

#[test]
fn choosing_another_service_forgets_the_last_ones_url_and_secrets() {
    let mut w = hub_on_token();
    w.update(Msg::SecretLen(Field::HookToken, 10));
    act(&mut w, Action::Jump(Step::Service));
    let effects = act(&mut w, Action::Up);
    assert_eq!(w.service().map(|s| s.id.as_str()), Some("gemnasium"));
    assert!(
        !said_on(&w, Step::ServiceUrl).contains("✓ https://"),
        "the Hub's URL is forgotten"
    );
    for f in [Field::ServiceUrl, Field::HookToken, Field::HookSecret] {
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::SetField(x, t) if *x == f && t.expose().is_empty())),
            "{f:?} emptied"
        );
    }
}

#[test]
fn quitting_asks_while_a_made_secret_or_a_token_lives_only_here() {
    let mut w = hub_on_token();
    w.update(Msg::SecretLen(Field::HookToken, 10));
    act(&mut w, Action::Quit);
    assert!(matches!(w.overlay(), Some(Overlay::ConfirmQuit)));
    says(&w, "• The access token you pasted is not saved anywhere.");
}

#[test]
fn the_known_hosts_sheet_prints_pinned_lines_in_each_format_and_the_checklist_opens() {
    let mut w = wizard_for("circleci");
    act(&mut w, Action::KnownHostsSheet);
    says(&w, "known_hosts for your CI: ssh.bitbucket.org\n");
    // CircleCI's format first.
    says(&w, "Format: CircleCI\n");
    says(&w, "- run:");
    says(
        &w,
        "ssh.bitbucket.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO",
    );
    act(&mut w, Action::Cycle);
    says(&w, "Format: GitHub Actions\n");
    let effects = act(&mut w, Action::Copy);
    assert!(matches!(&effects[..], [Effect::Copy { text, .. }] if text.contains("run: |")));
    w.update(Msg::Job(job_of(&effects), JobEvent::Copied(Ok(()))));
    says(&w, "\n✓ Copied.");
    act(&mut w, Action::No);
    assert!(w.overlay().is_none());
    act(&mut w, Action::Checklist);
    let headings: Vec<String> = w
        .page()
        .intro
        .into_iter()
        .filter(|l| !l.starts_with(' '))
        .collect();
    assert_eq!(
        headings,
        [
            "Rotate the keys after revoking someone's access (from CircleCI's best practices)",
            "Before renaming a workspace or repository"
        ]
    );
    act(&mut w, Action::No);
    // A Data Center host is not pinned: nothing to print before the test verified its key.
    let mut w = crate::testing::wizard_on(Step::CloneUrl);
    w.update(Msg::given(
        Field::CloneUrl,
        "ssh://git@bitbucket.acme.com:7999/ops/app.git",
    ));
    act(&mut w, Action::KnownHostsSheet);
    says(&w, "known_hosts for your CI: [bitbucket.acme.com]:7999\n");
    says(
        &w,
        "! Nothing is pinned for bitbucket.acme.com: test the connection first (step 6).",
    );
    says_not(&w, "KNOWN_HOSTS");
    says_not(&w, "ssh-ed25519");
    act(&mut w, Action::No);
    act(&mut w, Action::Checklist);
    assert!(w.overlay().is_none(), "Valohai has no checklist");
}

#[test]
fn circleci_asks_access_or_user_key_and_a_user_key_goes_on_an_account() {
    let mut w = wizard_for("circleci");
    assert_eq!(
        pick(&w, page::List::KeyKind).chosen,
        0,
        "an access key first"
    );
    // Tab, Tab: the third list, whose ↓ takes a user key.
    act(&mut w, Action::FocusNext);
    act(&mut w, Action::FocusNext);
    act(&mut w, Action::Down);
    assert!(w.user_key());
    assert!(w.progress().user_key);
    assert_eq!(pick(&w, page::List::KeyKind).chosen, 1);
    // Valohai does not ask: its Tab stays between two lists, and ↓ takes another service.
    let mut v = wizard();
    enter(&mut v);
    assert!(
        !v.page()
            .choices
            .iter()
            .any(|c| matches!(&c.does, page::Do::Pick(p) if p.list == page::List::KeyKind))
    );
    act(&mut v, Action::FocusNext);
    act(&mut v, Action::FocusNext);
    act(&mut v, Action::Down);
    assert_eq!(v.service().map(|s| s.id.as_str()), Some("circleci"));
    give_key(&mut |m| w.update(m), fixed_key());
    assert_eq!(w.step(), Step::PublicKey);
    says(
        &w,
        "Add it in Bitbucket Cloud as a user key:\n  a. Personal settings → SSH keys → Add key",
    );
    act(&mut w, Action::AccessKeys);
    assert!(w.access().is_none());
    says(&w, "access keys only");
}

/// A resumed journey of a service without an SSH key keeps the checks it passed, with when
/// (the consumer's key and secret here), and a mode without sign-in does not promise it.
#[test]
fn a_resumed_gemnasium_journey_keeps_the_consumer_check_and_each_mode_says_its_own_next() {
    let mut w = wizard_for("gemnasium");
    enter(&mut w);
    field(&mut w, Field::ServiceUrl, "gemnasium.example.com");
    enter(&mut w);
    field(&mut w, Field::OauthKey, "k3yK3y");
    w.update(Msg::SecretLen(Field::OauthSecret, 32));
    let job = job_of(&enter(&mut w));
    w.update(Msg::Clock("2026-12-05 19:30 UTC".into()));
    let effects = w.update(Msg::Job(
        job,
        JobEvent::Consumer(Ok(private(&["account", "repository", "webhook"]))),
    ));
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveProgress(_))));
    let saved = w.progress();
    assert_eq!(
        saved.consumer_key.as_deref(),
        Some("k3yK3y"),
        "the key, never the secret"
    );
    // A key edited into something that is not one word is not restored.
    let mut edited = wizard_with(
        env(),
        Some(Progress {
            consumer_key: Some("k\u{1b}[2Jey".into()),
            ..saved.clone()
        }),
    );
    let effects = act(&mut edited, Action::Yes);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::SetField(Field::OauthKey, _)))
    );
    let mut w = wizard_with(env(), Some(saved));
    let effects = act(&mut w, Action::Yes);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SetField(Field::OauthKey, t) if t.expose() == "k3yK3y"))
    );
    act(&mut w, Action::Jump(Step::Done));
    let shown = said(&w);
    assert!(
        shown.contains("k3yK3y") && !shown.contains("OAUTH_CONSUMER_KEY"),
        "Done's commands name the resumed key: {shown}"
    );
    assert!(w.is_done(Step::OauthConsumer), "the header's mark");
    let consumer = shown
        .lines()
        .find(|l| l.contains("Key and secret"))
        .unwrap_or_default();
    assert!(
        consumer.starts_with("✓ Key and secret valid")
            && consumer.ends_with("(2026-12-05 19:30 UTC)"),
        "{shown}"
    );
    // Another service URL: the old check no longer counts.
    act(&mut w, Action::Jump(Step::ServiceUrl));
    field(&mut w, Field::ServiceUrl, "other.example.com");
    act(&mut w, Action::Jump(Step::Done));
    says(&w, "· Key and secret not checked yet");

    // Each mode ends with its own "then".
    let mut w = wizard_for("gemnasium");
    act(&mut w, Action::Jump(Step::Done));
    says(&w, "Users can then sign in with their Bitbucket account");
    says(&w, "Add Project");
    act(&mut w, Action::Jump(Step::OauthConsumer));
    act(&mut w, Action::Cycle); // sign-in only
    act(&mut w, Action::Cycle); // synchronization only
    act(&mut w, Action::Jump(Step::Done));
    says(&w, "do not sign in");
}

/// A resumed Hub journey keeps the repository typed on the token step, but never a URL that
/// holds a token.
#[test]
fn a_resumed_hub_journey_keeps_the_repository_but_never_a_url_with_a_token() {
    let mut w = hub_on_token();
    field(&mut w, Field::HookRepo, "https://bitbucket.org/acme/models");
    let saved = w.progress();
    assert_eq!(
        saved.token_repo.as_deref(),
        Some("https://bitbucket.org/acme/models")
    );
    let mut again = wizard_with(env(), Some(saved));
    let offer = format!("{:?}", again.page());
    assert!(
        offer.contains("https://bitbucket.org/acme/models"),
        "the resume offer names it: {offer}"
    );
    let effects = act(&mut again, Action::Yes);
    assert!(effects.iter().any(|e| matches!(e, Effect::SetField(Field::HookRepo, t) if t.expose() == "https://bitbucket.org/acme/models")));
    says(
        &again,
        "→ acme/models on Bitbucket Cloud (https://api.bitbucket.org/2.0)",
    );
    for secret in [
        "https://x-token-auth:ATCTT3xFfGN0secretsecret@bitbucket.org/acme/models.git",
        "https://bitbucket.org/acme/models?token=hunter2",
    ] {
        field(&mut w, Field::HookRepo, secret);
        assert_eq!(w.progress().token_repo, None, "{secret}");
    }
}

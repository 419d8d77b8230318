//! The clone URL step's transitions.

use super::*;

const TOKEN: &str = "ATCTTsecretValue0123456789";

fn at_url_step() -> Wizard {
    let mut w = wizard();
    w.key = Some(ready("/k"));
    w.update(Msg::Action(Action::Jump(Step::CloneUrl)));
    w
}

fn paste(w: &mut Wizard, text: &str) -> Vec<Effect> {
    w.update(Msg::UrlText {
        text: Secret::new(text.to_string()),
        pasted: true,
    })
}

fn saved(effects: &[Effect]) -> Option<&Progress> {
    effects.iter().find_map(|e| match e {
        Effect::SaveProgress(p) => Some(p),
        _ => None,
    })
}

#[test]
fn the_public_key_step_leads_to_the_url_and_the_url_to_the_private_key() {
    let mut w = wizard();
    w.key = Some(ready("/k"));
    w.update(Msg::Action(Action::Jump(Step::PublicKey)));
    enter(&mut w);
    assert_eq!(w.step, Step::CloneUrl);
    assert_eq!(
        w.focused_field(),
        Some(Field::CloneUrl),
        "ready to paste or type"
    );
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    assert!(w.is_done(Step::CloneUrl));
    enter(&mut w);
    assert_eq!(w.step, Step::PrivateKey);
}

#[test]
fn an_https_url_is_repaired_with_enter_then_enter_goes_on() {
    let mut w = at_url_step();
    paste(&mut w, "https://alice@bitbucket.org/team/app.git");
    assert_eq!(w.focused_field(), None, "a paste is a whole value");
    assert!(w.key_context().url_repair);
    assert!(!w.is_done(Step::CloneUrl));
    let effects = enter(&mut w);
    assert_eq!(
        w.incoming_url.as_deref(),
        Some("git@ssh.bitbucket.org:team/app.git")
    );
    assert!(w.url.repaired);
    assert_eq!(
        saved(&effects).and_then(|p| p.clone_url.as_deref()),
        Some("git@ssh.bitbucket.org:team/app.git")
    );
    assert_eq!(
        w.step,
        Step::CloneUrl,
        "the repair is shown before going on"
    );
    enter(&mut w);
    assert_eq!(w.step, Step::PrivateKey);
}

#[test]
fn typing_keeps_the_field_even_once_the_url_is_usable() {
    let mut w = at_url_step();
    w.update(Msg::UrlText {
        text: Secret::new("git@ssh.bitbucket.org:team/a".into()),
        pasted: false,
    });
    assert!(w.url.url().is_some());
    assert_eq!(w.focused_field(), Some(Field::CloneUrl));
    assert_eq!(w.resolve(Key::ch('c')), Resolved::Field, "c is still text");
    assert_eq!(
        w.resolve(Key::plain(Code::Enter)),
        Resolved::Action(Action::Next)
    );
}

#[test]
fn enter_with_nothing_pasted_says_where_to_find_the_url() {
    let mut w = at_url_step();
    assert!(enter(&mut w).is_empty());
    assert_eq!(w.step, Step::CloneUrl);
    assert!(w.url.note.as_deref().is_some_and(|n| n.contains("Clone")));
}

#[test]
fn an_unrepairable_url_keeps_the_user_on_the_step() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team");
    enter(&mut w);
    assert_eq!(w.step, Step::CloneUrl);
    assert_eq!(
        w.focused_field(),
        Some(Field::CloneUrl),
        "back in the field to fix it"
    );
    assert!(w.url.note.is_some());
}

#[test]
fn a_token_in_the_url_is_never_kept_or_saved() {
    let mut w = at_url_step();
    let effects = paste(
        &mut w,
        &format!("https://x-token-auth:{TOKEN}@bitbucket.org/team/app.git"),
    );
    assert!(saved(&effects).is_none());
    assert_eq!(w.progress().clone_url, None);
    assert!(!format!("{w:?}").contains(TOKEN));
    let effects = enter(&mut w);
    assert_eq!(
        saved(&effects).and_then(|p| p.clone_url.as_deref()),
        Some("git@ssh.bitbucket.org:team/app.git")
    );
    assert!(!format!("{w:?} {effects:?}").contains(TOKEN));
}

#[test]
fn c_copies_the_ssh_url_and_falls_back_to_osc52() {
    let mut w = at_url_step();
    paste(&mut w, "git@bitbucket.org:team/app.git");
    let effects = key(&mut w, Key::ch('c'));
    let job = match effects.last() {
        Some(Effect::Copy { job, text }) => {
            assert_eq!(text, "git@ssh.bitbucket.org:team/app.git");
            *job
        }
        other => panic!("expected a copy, got {other:?}"),
    };
    assert_eq!(
        w.incoming_url.as_deref(),
        Some("git@ssh.bitbucket.org:team/app.git"),
        "what was copied is what the field shows"
    );
    let effects = w.update(Msg::Copied {
        job,
        result: Err("no display".into()),
    });
    assert_eq!(
        effects,
        vec![Effect::Osc52 {
            text: "git@ssh.bitbucket.org:team/app.git".into()
        }]
    );
    assert!(matches!(w.url.copy, CopyState::SentOsc52 { .. }));
    assert_eq!(
        w.copy,
        CopyState::Idle,
        "the public key's copy state is its own"
    );
}

#[test]
fn a_data_center_url_switches_the_flavor_and_names_the_key_after_the_repository() {
    let mut w = at_url_step();
    assert_eq!(w.flavor, Flavor::Cloud);
    paste(
        &mut w,
        "ssh://git@bitbucket.acme.com:7999/OPS/deploy-tools.git",
    );
    assert_eq!(w.flavor, Flavor::DataCenter);
    assert!(
        w.url
            .note
            .as_deref()
            .is_some_and(|n| n.contains("Data Center"))
    );
    w.update(Msg::Action(Action::Jump(Step::Key)));
    assert_eq!(w.label, "bblink-valohai-deploy-tools");
}

#[test]
fn x_clears_and_tab_moves_in_and_out_of_the_field() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    assert_eq!(w.focused_field(), None);
    key(&mut w, Key::ch('x'));
    assert!(w.url.check.is_none());
    assert_eq!(w.incoming_url.as_deref(), Some(""));
    assert_eq!(w.focused_field(), Some(Field::CloneUrl));
    key(&mut w, Key::plain(Code::Tab));
    assert_eq!(w.focused_field(), None);
}

#[test]
fn quitting_with_an_unusable_url_in_the_field_asks_first() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team");
    assert_eq!(w.focused_field(), Some(Field::CloneUrl), "kept for fixing");
    key(&mut w, Key::plain(Code::Tab));
    key(&mut w, Key::ch('q'));
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
    key(&mut w, Key::ch('n'));
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    let effects = key(&mut w, Key::ch('q'));
    assert!(
        effects.contains(&Effect::Quit),
        "a usable URL is saved: {effects:?}"
    );
}

#[test]
fn a_saved_url_is_checked_again_before_it_is_shown() {
    let mut w = wizard();
    let mut saved = w.progress();
    saved.clone_url = Some("git@ssh.bitbucket.org:team/app\u{1b}[2J.git".into());
    w.update(Msg::Action(Action::Jump(Step::Welcome)));
    let mut resumed = Wizard::new(env(), profiles().expect("profiles"), Some(saved.clone()));
    key(&mut resumed, Key::ch('r'));
    assert!(
        resumed.url.check.is_none(),
        "an edited file's bad URL is dropped"
    );
    assert_eq!(resumed.incoming_url, None);

    saved.clone_url = Some("  ssh://git@ssh.bitbucket.org/team/app.git ".into());
    let mut resumed = Wizard::new(env(), profiles().expect("profiles"), Some(saved));
    key(&mut resumed, Key::ch('r'));
    assert_eq!(
        resumed.incoming_url.as_deref(),
        Some("git@ssh.bitbucket.org:team/app.git"),
        "bblink's own form"
    );
}

#[test]
fn a_copy_of_the_previous_url_reporting_late_is_ignored() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    let job = match key(&mut w, Key::ch('c')).last() {
        Some(Effect::Copy { job, .. }) => *job,
        other => panic!("expected a copy, got {other:?}"),
    };
    paste(&mut w, "git@ssh.bitbucket.org:team/other.git");
    let effects = w.update(Msg::Copied {
        job,
        result: Err("no display".into()),
    });
    assert!(effects.is_empty(), "no OSC 52 of either URL: {effects:?}");
    assert_eq!(w.url.copy, CopyState::Idle);
}

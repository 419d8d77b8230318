//! The clone URL step's transitions.

use super::*;

const TOKEN: &str = "ATCTTsecretValue0123456789";

fn at_url_step() -> Wizard {
    wizard_on(Step::CloneUrl)
}

fn paste(w: &mut Wizard, text: &str) -> Vec<Effect> {
    w.update(Msg::given(Field::CloneUrl, text.to_string()))
}

fn typed(w: &mut Wizard, text: &str) -> Vec<Effect> {
    w.update(Msg::typed(Field::CloneUrl, text.to_string()))
}

fn saved(effects: &[Effect]) -> Option<&Progress> {
    effects.iter().find_map(|e| match e {
        Effect::SaveProgress(p) => Some(&**p),
        _ => None,
    })
}

fn field_text(effects: &[Effect]) -> Option<String> {
    effects.iter().rev().find_map(|e| match e {
        Effect::SetField(Field::CloneUrl, t) => Some(t.expose().to_string()),
        _ => None,
    })
}

#[test]
fn the_public_key_step_leads_to_the_url_and_the_url_to_the_private_key() {
    let mut w = wizard_on(Step::PublicKey);
    enter(&mut w);
    assert_eq!(w.step(), Step::CloneUrl);
    assert_eq!(
        w.focused_field(),
        Some(Field::CloneUrl),
        "ready to paste or type"
    );
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    assert!(w.is_done(Step::CloneUrl));
    enter(&mut w);
    assert_eq!(w.step(), Step::PrivateKey);
}

#[test]
fn an_https_url_is_repaired_with_enter_then_enter_goes_on() {
    let mut w = at_url_step();
    paste(&mut w, "https://alice@bitbucket.org/team/app.git");
    assert_eq!(w.focused_field(), None, "a paste is a whole value");
    assert_eq!(
        w.key_state().context,
        crate::core::keyboard::Context::CloneUrlRepair
    );
    assert!(!w.is_done(Step::CloneUrl));
    let effects = enter(&mut w);
    assert_eq!(
        field_text(&effects).as_deref(),
        Some("git@ssh.bitbucket.org:team/app.git")
    );
    assert_eq!(
        saved(&effects).and_then(|p| p.clone_url.as_deref()),
        Some("git@ssh.bitbucket.org:team/app.git")
    );
    assert_eq!(
        w.step(),
        Step::CloneUrl,
        "the repair is shown before going on"
    );
    enter(&mut w);
    assert_eq!(w.step(), Step::PrivateKey);
}

#[test]
fn a_paste_is_cleaned_as_check_url_cleans_it_and_replaces_the_field() {
    let mut w = at_url_step();
    typed(&mut w, "git@");
    let effects = paste(
        &mut w,
        "git clone \\\n  git@ssh.bitbucket.org:team/\u{200B}app.git\ncd app\n",
    );
    assert_eq!(
        field_text(&effects).as_deref(),
        Some("git clone    git@ssh.bitbucket.org:team/app.git"),
        "one line, continued lines joined, the invisible character gone"
    );
    says(
        &w,
        "✓ Ready: SSH URL, Bitbucket Cloud (git@ssh.bitbucket.org:team/app.git)",
    );
    // The same findings as `bblink check-url` gives for the paste.
    let check = crate::core::clone_url::check(
        "git clone \\\n  git@ssh.bitbucket.org:team/\u{200B}app.git\ncd app\n",
    );
    let ids: Vec<String> = check
        .problems
        .iter()
        .map(crate::core::problem::Problem::id_str)
        .collect();
    assert!(ids.contains(&"invisible_characters".to_string()), "{ids:?}");
    assert!(ids.contains(&"extra_lines".to_string()), "{ids:?}");
    for problem in &check.problems {
        says(&w, &problem.message);
    }
}

#[test]
fn typing_keeps_the_field_even_once_the_url_is_usable() {
    let mut w = at_url_step();
    typed(&mut w, "git@ssh.bitbucket.org:team/a");
    assert!(w.ssh_url().is_some());
    assert_eq!(w.focused_field(), Some(Field::CloneUrl));
    assert_eq!(
        w.key_state().field,
        Some(crate::core::keyboard::FieldKind::Line)
    );
}

#[test]
fn enter_with_nothing_pasted_says_where_to_find_the_url() {
    let mut w = at_url_step();
    assert!(enter(&mut w).is_empty());
    assert_eq!(w.step(), Step::CloneUrl);
    says(
        &w,
        "Paste the SSH clone URL first: in Bitbucket open the repository, click Clone",
    );
}

#[test]
fn an_unrepairable_url_keeps_the_user_on_the_step() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team");
    enter(&mut w);
    assert_eq!(w.step(), Step::CloneUrl);
    assert_eq!(
        w.focused_field(),
        Some(Field::CloneUrl),
        "back in the field to fix it"
    );
    says(
        &w,
        "bblink cannot suggest a URL for this: fix it as described",
    );
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
    let effects = act(&mut w, Action::Copy);
    assert_eq!(
        field_text(&effects).as_deref(),
        Some("git@ssh.bitbucket.org:team/app.git"),
        "what is copied is what the field shows"
    );
    let job = match effects.iter().find(|e| matches!(e, Effect::Copy { .. })) {
        Some(Effect::Copy { job, text }) => {
            assert_eq!(text, "git@ssh.bitbucket.org:team/app.git");
            *job
        }
        _ => panic!("expected a copy, got {effects:?}"),
    };
    let effects = w.update(Msg::Job(job, JobEvent::Copied(Err(CopyError::NoDisplay))));
    assert_eq!(
        effects,
        vec![Effect::Osc52 {
            text: "git@ssh.bitbucket.org:team/app.git".into()
        }]
    );
    says(
        &w,
        "Sent to the terminal's clipboard (OSC 52), which cannot be confirmed",
    );
    assert!(
        !w.is_done(Step::PublicKey),
        "the public key's copy state is its own"
    );
}

#[test]
fn a_data_center_url_switches_the_flavor_and_names_the_key_after_the_repository() {
    let mut w = at_url_step();
    says(&w, "as Bitbucket Cloud shows it");
    paste(
        &mut w,
        "ssh://git@bitbucket.acme.com:7999/OPS/deploy-tools.git",
    );
    says(&w, "as Bitbucket Data Center shows it");
    says(
        &w,
        "This is a Bitbucket Data Center URL, so bblink switched from Bitbucket Cloud (step 1).",
    );
    assert!(said_on(&w, Step::Service).contains("Repository on: Bitbucket Data Center"));
    act(&mut w, Action::Jump(Step::KeyPair));
    assert_eq!(label(&w), "bblink-valohai-deploy-tools");
}

#[test]
fn x_clears_and_tab_moves_in_and_out_of_the_field() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    assert_eq!(w.focused_field(), None);
    let effects = act(&mut w, Action::Clear);
    says_not(&w, "Ready");
    says(&w, "An SSH URL looks like");
    assert_eq!(field_text(&effects).as_deref(), Some(""));
    assert_eq!(w.focused_field(), Some(Field::CloneUrl));
    act(&mut w, Action::FocusNext);
    assert_eq!(w.focused_field(), None);
}

#[test]
fn quitting_with_an_unusable_url_in_the_field_asks_first() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team");
    assert_eq!(w.focused_field(), Some(Field::CloneUrl), "kept for fixing");
    act(&mut w, Action::Quit);
    assert_eq!(w.overlay(), Some(&Overlay::ConfirmQuit));
    act(&mut w, Action::No);
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    let effects = act(&mut w, Action::Quit);
    assert!(
        effects.contains(&Effect::Quit),
        "a usable URL is saved: {effects:?}"
    );
}

#[test]
fn a_saved_url_is_checked_again_before_it_is_shown() {
    let mut saved = wizard().progress();
    saved.clone_url = Some("git@ssh.bitbucket.org:team/app\u{1b}[2J.git".into());
    let mut resumed = wizard_with(env(), Some(saved.clone()));
    let effects = act(&mut resumed, Action::Yes);
    assert!(
        !said_on(&resumed, Step::CloneUrl).contains("Not usable"),
        "an edited file's bad URL is dropped"
    );
    assert_eq!(field_text(&effects), None);

    saved.clone_url = Some("  ssh://git@ssh.bitbucket.org/team/app.git ".into());
    let mut resumed = wizard_with(env(), Some(saved));
    let effects = act(&mut resumed, Action::Yes);
    assert_eq!(
        field_text(&effects).as_deref(),
        Some("git@ssh.bitbucket.org:team/app.git"),
        "bblink's own form"
    );
}

#[test]
fn a_copy_of_the_previous_url_reporting_late_is_ignored() {
    let mut w = at_url_step();
    paste(&mut w, "git@ssh.bitbucket.org:team/app.git");
    let job = job_of(&act(&mut w, Action::Copy));
    let effects = paste(&mut w, "git@ssh.bitbucket.org:team/other.git");
    assert!(effects.contains(&Effect::Cancel(job)), "{effects:?}");
    let effects = w.update(Msg::Job(job, JobEvent::Copied(Err(CopyError::NoDisplay))));
    assert!(effects.is_empty(), "no OSC 52 of either URL: {effects:?}");
    says_not(&w, "clipboard");
    says_not(&w, "Copied");
}

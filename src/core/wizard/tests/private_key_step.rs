//! The private key step's transitions.

use super::*;
use crate::core::inspect::ProblemId;
use crate::core::secret::Secret;
use crate::testing::seeded_key;

fn text(w: &mut Wizard, t: &str) -> Vec<Effect> {
    w.update(Msg::PrivateKeyText(Secret::new(t.to_string())))
}

fn verdict(w: &Wizard) -> crate::core::inspect::Inspection {
    w.private_key_view().verdict.cloned().expect("a verdict")
}

fn load(w: &mut Wizard, path: &str, t: &str, readable_by_others: bool) -> Vec<Effect> {
    let effects = act(w, Action::Open);
    let [Effect::LoadPrivateKeyFile { job, path: p }] = &effects[..] else {
        panic!("expected a load, got {effects:?}")
    };
    assert_eq!(p, &PathBuf::from(path));
    w.update(Msg::Job(
        *job,
        JobEvent::KeyFileRead(Ok(KeyText {
            path: p.clone(),
            text: Secret::new(t.to_string()),
            readable_by_others,
        })),
    ))
}

#[test]
fn a_readable_by_others_warning_survives_a_recheck() {
    let key = seeded_key(7, "bblink-valohai-2026-11-22");
    let mut w = wizard_on(Step::PrivateKey);
    let path = fixed_key().private_path.display().to_string();
    let effects = load(&mut w, &path, &key.private_openssh, true);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::SetField(Field::PrivateKey, _))),
        "the text goes to the text area: {effects:?}"
    );
    assert!(verdict(&w).has(ProblemId::InsecurePermissions));
    // Leaving and coming back asks for the text again, to check it against the key.
    act(&mut w, Action::Jump(Step::CloneUrl));
    let effects = act(&mut w, Action::Jump(Step::PrivateKey));
    assert!(
        effects.contains(&Effect::Resend(Field::PrivateKey)),
        "{effects:?}"
    );
    w.update(Msg::PrivateKeyRecheck(Secret::new(
        key.private_openssh.to_string(),
    )));
    assert!(
        verdict(&w).has(ProblemId::InsecurePermissions),
        "the file is still readable by others"
    );
}

#[test]
fn a_recognised_private_key_is_hidden_and_checked_against_step_two() {
    let key = seeded_key(7, "bblink-valohai-2026-11-22");
    let mut w = wizard_on(Step::PrivateKey);
    assert_eq!(
        w.focused_field(),
        Some(Field::PrivateKey),
        "ready for a paste"
    );
    text(&mut w, &key.private_openssh);
    let v = verdict(&w);
    assert!(v.ok);
    assert_eq!(v.matches_public_key, Some(true));
    assert!(w.private_key_view().masked);
    assert_eq!(w.focused_field(), None, "letters are commands again");
    assert!(w.is_done(Step::PrivateKey));
    act(&mut w, Action::ToggleMask);
    assert!(!w.private_key_view().masked);
    let body = key.private_openssh.lines().nth(1).expect("body");
    assert!(
        !format!("{w:?}").contains(body),
        "the wizard keeps no key text"
    );
}

#[test]
fn the_wrong_key_and_the_public_key_are_named() {
    let mut w = wizard_on(Step::PrivateKey);
    text(&mut w, &seeded_key(9, "other").private_openssh);
    assert!(verdict(&w).has(ProblemId::KeyMismatch));
    text(&mut w, &seeded_key(7, "x").public_openssh);
    assert!(verdict(&w).has(ProblemId::PublicKeyInsteadOfPrivate));
}

#[test]
fn only_a_repaired_key_is_copied_then_cleared_by_a_background_job() {
    let key = seeded_key(7, "bblink-valohai-2026-11-22");
    let mut w = wizard_on(Step::PrivateKey);
    text(&mut w, &key.private_openssh);
    assert!(act(&mut w, Action::Copy).is_empty());
    assert!(w.private_key_view().note.is_some());
    assert!(!w.key_state().available(Action::Copy));

    text(&mut w, &key.private_openssh.replace('\n', "\r\n"));
    assert!(w.key_state().available(Action::Copy));
    let effects = act(&mut w, Action::Copy);
    let [Effect::CopySecret { job, text }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(text.expose(), key.private_openssh.as_str());
    let effects = w.update(Msg::Job(*job, JobEvent::Copied(Ok(()))));
    let [
        Effect::ClearClipboardLater {
            job: clear,
            seconds,
            ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(*seconds, 60);
    assert!(!w.busy(), "clearing runs in the background");
    assert_eq!(*w.private_key_view().copy, private_key::SecretCopy::Copied);
    w.update(Msg::Job(*clear, JobEvent::ClipboardCleared));
    assert_eq!(*w.private_key_view().copy, private_key::SecretCopy::Cleared);

    // Quitting stops a clear still waiting (the runner clears at once).
    let effects = act(&mut w, Action::Copy);
    let job = job_of(&effects);
    let effects = w.update(Msg::Job(job, JobEvent::Copied(Ok(()))));
    let clear = job_of(&effects);
    let effects = act(&mut w, Action::ForceQuit);
    assert!(effects.contains(&Effect::Cancel(clear)), "{effects:?}");
}

#[test]
fn ctrl_o_loads_the_step_two_file_and_says_when_there_is_none() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::PrivateKey));
    assert!(act(&mut w, Action::Open).is_empty(), "no key file yet");
    assert!(
        w.private_key_view()
            .note
            .is_some_and(|n| n.contains("step 2")),
        "{:?}",
        w.private_key_view().note
    );
    let key = seeded_key(7, "k");
    let mut w = wizard_on(Step::PrivateKey);
    let path = fixed_key().private_path.display().to_string();
    load(&mut w, &path, &key.private_openssh, false);
    assert!(verdict(&w).ok);
}

#[test]
fn the_url_step_leads_to_the_private_key_step_ready_for_a_paste() {
    let mut w = wizard_on(Step::CloneUrl);
    w.update(Msg::UrlPasted(Secret::new(
        "git@ssh.bitbucket.org:team/app.git".into(),
    )));
    enter(&mut w);
    assert_eq!(w.step(), Step::PrivateKey);
    assert_eq!(w.key_state().field, Some(crate::core::key::FieldKind::Area));
}

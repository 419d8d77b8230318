//! The private key step's transitions.

use super::*;
use crate::core::inspect::ProblemId;
use crate::core::secret::Secret;
use crate::core::wizard::SecretSource;
use crate::testing::seeded_key;

fn text(w: &mut Wizard, t: &str) -> Vec<Effect> {
    w.update(Msg::given(Field::PrivateKey, t.to_string()))
}

fn typed(w: &mut Wizard, t: &str) -> Vec<Effect> {
    w.update(Msg::typed(Field::PrivateKey, t.to_string()))
}

/// The page names this finding, in the check's words.
#[track_caller]
fn names(w: &Wizard, id: ProblemId) {
    says(w, &id.problem().message);
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
    names(&w, ProblemId::KeyBadPermissions);
    // Leaving and coming back checks the text again against the key, with no help from the
    // shell.
    act(&mut w, Action::Jump(Step::CloneUrl));
    let effects = act(&mut w, Action::Jump(Step::PrivateKey));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::SetField(..))),
        "{effects:?}"
    );
    // The file is still readable by others.
    names(&w, ProblemId::KeyBadPermissions);
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
    says(&w, "✓ Ready to paste: this is a private key");
    says(&w, "✓ Matches the public key from step 2.");
    // The text area's mask is the full screen's alone: the plain shell never echoes a key.
    assert!(w.private_key_masked());
    assert_eq!(w.focused_field(), None, "letters are commands again");
    assert!(w.is_done(Step::PrivateKey));
    act(&mut w, Action::ToggleMask);
    assert!(!w.private_key_masked());
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
    names(&w, ProblemId::KeyMismatch);
    text(&mut w, &seeded_key(7, "x").public_openssh);
    names(&w, ProblemId::PublicKeyInsteadOfPrivate);
    says(&w, "It is the public key from step 2, not its private half");
}

#[test]
fn c_copies_the_key_for_the_service_and_a_background_job_clears_it() {
    let key = seeded_key(7, "bblink-valohai-2026-11-22");
    let mut w = wizard_on(Step::PrivateKey);
    // Nothing pasted: the key file of step 2.
    let effects = act(&mut w, Action::Copy);
    assert!(
        matches!(&effects[..], [Effect::CopySecret { source: SecretSource::File(p), .. }] if *p == fixed_key().private_path),
        "{effects:?}"
    );
    let job = job_of(&effects);
    w.update(Msg::Job(job, JobEvent::Copied(Err(CopyError::NoDisplay))));

    // A usable paste: the text as pasted, which the step holds.
    text(&mut w, &key.private_openssh);
    let effects = act(&mut w, Action::Copy);
    assert!(
        matches!(
            &effects[..],
            [Effect::CopySecret {
                source: SecretSource::Text(t),
                ..
            }] if t.expose() == key.private_openssh.as_str()
        ),
        "{effects:?}"
    );
    w.update(Msg::Job(
        job_of(&effects),
        JobEvent::Copied(Err(CopyError::NoDisplay)),
    ));

    // A damaged paste: the repaired key.
    text(&mut w, &key.private_openssh.replace('\n', "\r\n"));
    let effects = act(&mut w, Action::Copy);
    let [Effect::CopySecret { job, source }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(
        source,
        &SecretSource::Text(Secret::new(key.private_openssh.to_string()))
    );
    let effects = w.update(Msg::Job(*job, JobEvent::Copied(Ok(()))));
    let [
        Effect::ClearClipboardLater {
            job: clear,
            copy,
            seconds,
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!((*copy, *seconds), (*job, 60));
    assert!(!w.busy(), "clearing runs in the background");
    says(
        &w,
        "✓ Repaired key copied. The clipboard is cleared in 60 s",
    );
    w.update(Msg::Job(*clear, JobEvent::ClipboardCleared));
    says(&w, "Repaired key taken off the clipboard after 60 s.");

    // A key that is not usable is not copied; the note says why.
    text(&mut w, &key.public_openssh);
    assert!(act(&mut w, Action::Copy).is_empty());
    says(&w, "Nothing to copy: the text is not a usable key.");
    assert!(!w.key_state().available(Action::Copy));

    // Quitting stops a clear still waiting (the runner clears at once).
    text(&mut w, &key.private_openssh);
    let job = job_of(&act(&mut w, Action::Copy));
    let clear = job_of(&w.update(Msg::Job(job, JobEvent::Copied(Ok(())))));
    // The key of step 2 is in its file: nothing to ask.
    let effects = act(&mut w, Action::Quit);
    assert!(effects.contains(&Effect::Cancel(clear)), "{effects:?}");
}

#[test]
fn typing_keeps_the_focus_even_once_the_text_is_a_key() {
    let key = seeded_key(7, "k");
    let mut w = wizard_on(Step::PrivateKey);
    typed(&mut w, &key.private_openssh);
    says(&w, "✓ Ready to paste");
    assert_eq!(
        w.focused_field(),
        Some(Field::PrivateKey),
        "the next typed letters are still text"
    );
    assert!(!w.private_key_masked());
    act(&mut w, Action::Quit);
    assert_eq!(
        w.overlay(),
        None,
        "the key of step 2: it is in that file already"
    );

    let mut w = wizard_on(Step::PrivateKey);
    typed(&mut w, &seeded_key(9, "another").private_openssh);
    act(&mut w, Action::Quit);
    assert_eq!(
        w.overlay(),
        Some(&Overlay::ConfirmQuit),
        "another key typed here is saved nowhere: quitting asks first"
    );
}

#[test]
fn w_writes_a_pasted_key_and_points_at_a_key_file() {
    let key = seeded_key(7, "bblink-valohai-2026-11-22");
    let mut w = wizard_on(Step::PrivateKey);
    assert!(act(&mut w, Action::WriteFile).is_empty());
    says(
        &w,
        "The key is already in ~/.local/share/bblink/keys/bblink-valohai-2026-11-22 (readable by you only)",
    );
    text(&mut w, &key.private_openssh.replace('\n', "\r\n"));
    let effects = act(&mut w, Action::WriteFile);
    let [Effect::WriteSecret { job, path, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(
        path,
        &env().keys_dir.join("bblink-valohai-2026-11-22-private-key")
    );
    w.update(Msg::Job(*job, JobEvent::Written(Ok(path.clone()))));
    says(
        &w,
        "✓ Written to ~/.local/share/bblink/keys/bblink-valohai-2026-11-22-private-key (readable by you only).",
    );
    act(&mut w, Action::Next);
    assert_eq!(w.step(), Step::Test);
    let done = said_on(&w, Step::Done);
    let file = "~/.local/share/bblink/keys/bblink-valohai-2026-11-22-private-key";
    assert!(
        done.contains(&format!("the contents of {file}")),
        "the summary names the written file: {done}"
    );
    assert!(
        done.contains(&format!("xclip -sel clip < {file}")),
        "{done}"
    );
}

#[test]
fn ctrl_o_loads_the_step_two_file_and_says_when_there_is_none() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::PrivateKey));
    assert!(act(&mut w, Action::Open).is_empty(), "no key file yet");
    says(
        &w,
        "No key file yet: paste the key here, or choose a file on the key step (step 2).",
    );
    let key = seeded_key(7, "k");
    let mut w = wizard_on(Step::PrivateKey);
    let path = fixed_key().private_path.display().to_string();
    load(&mut w, &path, &key.private_openssh, false);
    says(&w, "✓ Ready to paste");
    says_not(&w, "can be read by other users");
}

#[test]
fn the_url_step_leads_to_the_private_key_step_ready_for_a_paste() {
    let mut w = wizard_on(Step::CloneUrl);
    w.update(Msg::given(
        Field::CloneUrl,
        "git@ssh.bitbucket.org:team/app.git",
    ));
    enter(&mut w);
    assert_eq!(w.step(), Step::PrivateKey);
    assert_eq!(
        w.key_state().field,
        Some(crate::core::keyboard::FieldKind::Area)
    );
}

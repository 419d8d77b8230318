//! Transition tests: messages and actions in; the step, its page (what a user reads) and the
//! effects out. No IO, and only the wizard's public messages and pages.

mod credential_steps;
mod pages;
mod private_key_step;
mod url_step;

use std::path::PathBuf;

use super::*;
use crate::core::errors::CopyError;
use crate::core::key_file::{GenerateRequest, KeyJobError, ReadyKey};
use crate::core::keyboard::Action;
use crate::core::progress::Progress;
use crate::core::service::Flavor;
use crate::core::ssh_keys::{KeyAlgorithm, KeyFileError};
use crate::testing::{env, fixed_key, give_key, job_of, wizard, wizard_on, wizard_with};

fn act(w: &mut Wizard, a: Action) -> Vec<Effect> {
    w.update(Msg::Action(a))
}

fn enter(w: &mut Wizard) -> Vec<Effect> {
    act(w, Action::Next)
}

fn ready(path: &str) -> ReadyKey {
    ReadyKey {
        private_path: PathBuf::from(path),
        public_path: Some(PathBuf::from(format!("{path}.pub"))),
        ..fixed_key()
    }
}

fn generate_request(effects: &[Effect]) -> (JobId, GenerateRequest) {
    match effects {
        [Effect::GenerateKey { job, request }] => (*job, request.clone()),
        other => panic!("expected one GenerateKey, got {other:?}"),
    }
}

fn key_ready(w: &mut Wizard, job: JobId, result: Result<ReadyKey, KeyJobError>) -> Vec<Effect> {
    w.update(Msg::Job(job, JobEvent::KeyReady(result)))
}

/// The key's label, as the key pair page shows it: in its choice to change it, or (with a
/// key made) in where a new key would be saved.
fn label(w: &Wizard) -> String {
    let mut w = w.clone();
    act(&mut w, Action::Jump(Step::KeyPair));
    let page = w.page();
    let choice = page.choices.iter().find_map(|c| {
        c.label
            .strip_prefix("Change the label (now ")?
            .strip_suffix(')')
    });
    let saved_as = page.status.iter().find_map(|l| {
        l.strip_prefix("Saved as ~/.local/share/bblink/keys/")?
            .split_once(" and .pub")
            .map(|(label, _)| label)
    });
    choice
        .or(saved_as)
        .unwrap_or_else(|| panic!("no label on the key pair page: {page:?}"))
        .to_string()
}

/// What a page says, a line each: its intro, its status and its choices' labels (the words
/// both shells show).
fn page_text(p: &page::Page) -> String {
    let mut lines = p.intro.clone();
    lines.extend(p.status.iter().cloned());
    lines.extend(p.choices.iter().map(|c| c.label.clone()));
    lines.join("\n")
}

/// What the user reads now: the notice over the page, then the page of the step or dialog.
fn said(w: &Wizard) -> String {
    let notice = w.header_view().notice.unwrap_or_default();
    format!("{notice}\n{}", page_text(&w.page()))
}

/// What `step`'s page says (a copy of the wizard goes there to read it).
fn said_on(w: &Wizard, step: Step) -> String {
    let mut w = w.clone();
    act(&mut w, Action::Jump(step));
    said(&w)
}

/// The page says `words`.
#[track_caller]
fn says(w: &Wizard, words: &str) {
    let text = said(w);
    assert!(
        text.contains(words),
        "the page does not say {words:?}:\n{text}"
    );
}

/// The page does not say `words`.
#[track_caller]
fn says_not(w: &Wizard, words: &str) {
    let text = said(w);
    assert!(!text.contains(words), "the page says {words:?}:\n{text}");
}

/// The list `list` as the page offers it.
#[track_caller]
fn pick(w: &Wizard, list: page::List) -> page::Pick {
    let page = w.page();
    page.choices
        .iter()
        .find_map(|c| match &c.does {
            page::Do::Pick(p) if p.list == list => Some(p.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("the page offers no {list:?} list: {page:?}"))
}

/// The option chosen now in `list`, as the page offers the list.
#[track_caller]
fn chosen(w: &Wizard, list: page::List) -> String {
    let p = pick(w, list);
    p.options[p.chosen].clone()
}

#[test]
fn enter_walks_welcome_service_key_and_generates_with_defaults() {
    let mut w = wizard();
    assert_eq!(w.step(), Step::Welcome);
    assert!(matches!(enter(&mut w)[..], [Effect::SaveProgress(_)]));
    assert_eq!(w.step(), Step::Service);
    enter(&mut w);
    assert_eq!(w.step(), Step::KeyPair);
    let (job, req) = generate_request(&enter(&mut w));
    assert_eq!(req.algorithm, KeyAlgorithm::Ed25519);
    assert_eq!(req.comment, "bblink-valohai-2026-11-22");
    assert_eq!(
        req.private_path,
        PathBuf::from("/home/ada/.local/share/bblink/keys/bblink-valohai-2026-11-22")
    );
    assert!(!req.overwrite && !req.allow_in_repo);
    assert!(w.key_state().working);
    let effects = key_ready(&mut w, job, Ok(ready("/k")));
    assert_eq!(w.step(), Step::PublicKey);
    assert!(w.is_done(Step::KeyPair));
    assert!(
        matches!(effects[..], [Effect::SaveProgress(ref p)] if p.key_path == Some(PathBuf::from("/k")))
    );
}

#[test]
fn choosing_a_service_updates_the_default_label_until_the_user_edits_it() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::Service));
    let effects = act(&mut w, Action::Down);
    assert_eq!(w.service().map(|s| s.id.as_str()), Some("circleci"));
    assert_eq!(label(&w), "bblink-circleci-2026-11-22");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SetField(Field::Label, t) if t.expose() == "bblink-circleci-2026-11-22")),
        "the label field follows: {effects:?}"
    );
    let effects = w.update(Msg::typed(Field::Label, "mine"));
    assert!(
        effects.is_empty(),
        "typed text is not sent back to its field"
    );
    act(&mut w, Action::Up);
    assert_eq!(label(&w), "mine", "an edited label is never replaced");
    // The label is the key's comment, shown by terminals: control characters never reach it.
    w.update(Msg::typed(Field::Label, "ci\u{1b}]0;pwned\u{7}-key"));
    assert_eq!(label(&w), "ci]0;pwned-key");
}

#[test]
fn esc_cancels_a_running_generation_and_its_late_result_is_ignored() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    act(&mut w, Action::Right); // RSA 4096
    assert_eq!(chosen(&w, page::List::Algorithm), "RSA 4096");
    let (job, _) = generate_request(&enter(&mut w));
    let effects = act(&mut w, Action::Back);
    assert_eq!(effects, vec![Effect::Cancel(job)]);
    assert_eq!(
        w.step(),
        Step::KeyPair,
        "Esc cancels first, it does not leave the step"
    );
    assert!(!w.busy());
    says(&w, "Cancelled: no key was saved.");
    let effects = key_ready(&mut w, job, Ok(ready("/k")));
    assert!(effects.is_empty());
    assert!(
        w.ready_key().is_none(),
        "a cancelled job's result is dropped"
    );
    assert_eq!(w.step(), Step::KeyPair);
}

#[test]
fn a_second_job_is_refused_with_a_message_not_dropped() {
    let mut w = wizard_on(Step::KeyPair);
    act(&mut w, Action::Right); // RSA 4096
    act(&mut w, Action::NewKey);
    let (job, _) = generate_request(&act(&mut w, Action::Yes));
    act(&mut w, Action::Jump(Step::PublicKey));
    assert!(act(&mut w, Action::Copy).is_empty(), "nothing starts");
    says(&w, "generating the RSA 4096 key");
    key_ready(&mut w, job, Ok(ready("/another")));
    assert!(!act(&mut w, Action::Copy).is_empty(), "free again");
    // The notice goes with the next action.
    says_not(&w, "generating the RSA 4096 key");
}

#[test]
fn a_generation_reports_its_stages_before_its_result() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    let (job, _) = generate_request(&enter(&mut w));
    w.update(Msg::Job(
        job,
        JobEvent::Progress("Saving the key files…".into()),
    ));
    assert!(w.busy(), "a stage is not the end");
    assert_eq!(w.stage(), Some("Saving the key files…"));
    key_ready(&mut w, job, Ok(ready("/k")));
    assert!(!w.busy());
}

#[test]
fn an_existing_file_asks_before_overwriting_and_no_keeps_it() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    let (job, req) = generate_request(&enter(&mut w));
    let paths = vec![req.private_path.clone()];
    key_ready(&mut w, job, Err(KeyJobError::Exists(paths.clone())));
    assert_eq!(w.overlay(), Some(&Overlay::ConfirmOverwrite(paths)));
    assert!(
        act(&mut w, Action::Copy).is_empty(),
        "a dialog takes only its answers"
    );
    act(&mut w, Action::No);
    assert_eq!(w.overlay(), None);
    says(&w, "already exists and was kept");
    let (job, req) = generate_request(&enter(&mut w));
    key_ready(
        &mut w,
        job,
        Err(KeyJobError::Exists(vec![req.private_path])),
    );
    let (_, yes) = generate_request(&act(&mut w, Action::Yes));
    assert!(yes.overwrite, "only an explicit yes overwrites");
}

#[test]
fn a_git_work_tree_asks_before_saving_there() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    let (job, _) = generate_request(&enter(&mut w));
    key_ready(
        &mut w,
        job,
        Err(KeyJobError::InGitWorkTree {
            root: "/repo".into(),
        }),
    );
    assert!(matches!(w.overlay(), Some(Overlay::ConfirmInRepo(_))));
    let (job, yes) = generate_request(&act(&mut w, Action::Yes));
    assert!(yes.allow_in_repo && !yes.overwrite);

    // The second question keeps the first answer: no loop between the two.
    key_ready(
        &mut w,
        job,
        Err(KeyJobError::Exists(vec![yes.private_path.clone()])),
    );
    assert!(matches!(w.overlay(), Some(Overlay::ConfirmOverwrite(_))));
    let (job, both) = generate_request(&act(&mut w, Action::Yes));
    assert!(both.allow_in_repo && both.overwrite, "{both:?}");
    key_ready(&mut w, job, Err(KeyJobError::Cancelled));

    // A new Enter is a new request: nothing agreed before carries over.
    let (job, _) = generate_request(&enter(&mut w));
    key_ready(
        &mut w,
        job,
        Err(KeyJobError::InGitWorkTree {
            root: "/repo".into(),
        }),
    );
    act(&mut w, Action::No);
    let (_, fresh) = generate_request(&enter(&mut w));
    assert!(!fresh.allow_in_repo && !fresh.overwrite, "{fresh:?}");
}

#[test]
fn typed_text_survives_back_and_forth_and_quit_asks_first() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    act(&mut w, Action::FocusNext); // Type -> Label
    assert_eq!(w.focused_field(), Some(Field::Label));
    w.update(Msg::typed(Field::Label, "deploy for ci"));
    act(&mut w, Action::Back);
    assert_eq!(w.step(), Step::Service);
    enter(&mut w);
    assert_eq!(label(&w), "deploy for ci");
    act(&mut w, Action::FocusNext); // Label -> Source
    assert_eq!(act(&mut w, Action::Quit), Vec::new());
    assert_eq!(w.overlay(), Some(&Overlay::ConfirmQuit));
    act(&mut w, Action::No);
    assert!(!w.quitting());
    let effects = act(&mut w, Action::ForceQuit);
    assert!(w.quitting());
    assert!(matches!(effects.last(), Some(Effect::Quit)));
    assert!(matches!(effects.first(), Some(Effect::SaveProgress(p)) if p.label == "deploy for ci"));
}

#[test]
fn every_step_can_be_jumped_to_from_every_step() {
    let route = crate::core::service::Kind::SshAccessKey.route().steps();
    for &from in route {
        for &target in route {
            let mut w = wizard();
            act(&mut w, Action::Jump(from));
            act(&mut w, Action::Jump(target));
            assert_eq!(w.step(), target, "{from:?} → {target:?}");
        }
    }
}

#[test]
fn an_existing_key_is_loaded_and_public_keys_are_refused_with_the_reason() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    act(&mut w, Action::Up); // Type -> Source
    act(&mut w, Action::Right);
    assert_eq!(
        w.page().free.map(|a| a.field),
        Some(Field::ExistingPath),
        "a key file: the page asks for its path"
    );
    assert_eq!(enter(&mut w), Vec::new());
    says(&w, "Type the path of your private key file");
    w.update(Msg::typed(Field::ExistingPath, "~/.ssh/id_ed25519.pub"));
    let effects = enter(&mut w);
    let [Effect::LoadKey { job, path }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(path, &PathBuf::from("/home/ada/.ssh/id_ed25519.pub"));
    let error = KeyJobError::File {
        path: path.clone(),
        error: KeyFileError::PublicOnly("ssh-ed25519".into()),
    };
    key_ready(&mut w, *job, Err(error));
    says(
        &w,
        "this is a public key (ssh-ed25519); choose the private key file",
    );
    assert_eq!(w.step(), Step::KeyPair);
}

#[test]
fn copy_falls_back_to_osc52_then_to_showing_the_key() {
    let mut w = wizard_on(Step::PublicKey);
    let effects = act(&mut w, Action::Copy);
    let [Effect::Copy { job, text }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(text, &fixed_key().info.public_line);
    let effects = w.update(Msg::Job(*job, JobEvent::Copied(Err(CopyError::NoDisplay))));
    assert_eq!(
        effects[0],
        Effect::Osc52 {
            text: fixed_key().info.public_line
        }
    );
    // What was done is recorded (and saved) in its own words.
    assert!(
        matches!(&effects[1..], [Effect::SaveProgress(p)] if p.public_key.as_ref().is_some_and(|r| r.what.contains("unconfirmed"))),
        "{effects:?}"
    );
    assert!(w.is_done(Step::PublicKey));
    assert!(w.public_key_unconfirmed());

    let mut w = wizard_with(
        Env {
            osc52: false,
            ..env()
        },
        None,
    );
    give_key(&mut |m| w.update(m), fixed_key());
    let job = job_of(&act(&mut w, Action::Copy));
    let effects = w.update(Msg::Job(job, JobEvent::Copied(Err(CopyError::NoDisplay))));
    assert!(effects.is_empty(), "{effects:?}");
    says(
        &w,
        "No clipboard: no graphical display here. Select the key above with the mouse",
    );
    assert!(!w.is_done(Step::PublicKey));
}

#[test]
fn w_writes_the_public_key_next_to_the_user() {
    let mut w = wizard_on(Step::PublicKey);
    let effects = act(&mut w, Action::WriteFile);
    let [Effect::WritePublicKey { path, text, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(
        path,
        &PathBuf::from("/home/ada/work/bblink-valohai-2026-11-22.pub")
    );
    assert!(text.ends_with('\n'));
}

#[test]
fn copy_and_write_do_nothing_without_a_key_and_say_so_in_the_key_state() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::PublicKey));
    assert!(act(&mut w, Action::Copy).is_empty());
    let keys = w.key_state();
    assert!(!keys.available(Action::Copy) && !keys.available(Action::WriteFile));
}

#[test]
fn quitting_at_the_resume_offer_keeps_the_saved_progress() {
    let saved = Progress {
        version: Progress::VERSION,
        service: "circleci".into(),
        flavor: Flavor::Cloud,
        step: "clone-url".into(),
        algorithm: KeyAlgorithm::Ed25519,
        label: "bblink-circleci-2026-11-01".into(),
        label_edited: false,
        key_path: Some("/k".into()),
        clone_url: None,
        service_url: None,
        mode: None,
        consumer_key: None,
        token_repo: None,
        user_key: false,
        public_key: None,
        tested: None,
        private_key: None,
        credentials: Vec::new(),
    };
    for quit in [Msg::Action(Action::ForceQuit), Msg::Terminate] {
        let mut w = wizard_with(env(), Some(saved.clone()));
        let effects = w.update(quit);
        assert!(effects.contains(&Effect::Quit), "{effects:?}");
        assert!(
            !effects.iter().any(|e| matches!(e, Effect::SaveProgress(_))),
            "the fresh state must not replace the progress offered: {effects:?}"
        );
    }
    // Once answered, quitting saves as always.
    let mut w = wizard_with(env(), Some(saved));
    act(&mut w, Action::No);
    let effects = act(&mut w, Action::ForceQuit);
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveProgress(_))));
}

#[test]
fn a_resume_offer_from_a_tampered_progress_file_prints_no_control_byte() {
    let saved = Progress {
        service: "\x1b[31mnosuch".into(),
        step: "\x1b[2Jpublic-key".into(),
        key_path: Some("/k/\x1b]52;c;aGk=\x07".into()),
        clone_url: Some("git@bitbucket.org:a/\x1b[2Jb.git".into()),
        token_repo: Some("\x1b[2J".into()),
        ..wizard_on(Step::PublicKey).progress()
    };
    let w = wizard_with(env(), Some(saved));
    assert!(matches!(w.overlay(), Some(Overlay::Resume(_))));
    let page = w.page();
    let text = page.intro.join("\n");
    assert!(text.contains("Welcome back"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
}

#[test]
fn saved_progress_is_offered_and_resumed() {
    let saved = Progress {
        version: Progress::VERSION,
        service: "circleci".into(),
        flavor: Flavor::DataCenter,
        step: "public-key".into(),
        algorithm: KeyAlgorithm::Rsa { bits: 4096 },
        label: "bblink-circleci-2026-11-01".into(),
        label_edited: true,
        key_path: Some("/k".into()),
        clone_url: Some("ssh://git@bitbucket.acme.com:7999/OPS/app.git".into()),
        service_url: None,
        mode: None,
        consumer_key: None,
        token_repo: None,
        user_key: false,
        public_key: None,
        tested: None,
        private_key: None,
        credentials: Vec::new(),
    };
    // A run that never left the welcome screen leaves nothing to resume.
    let idle = Progress {
        step: "welcome".into(),
        label_edited: false,
        key_path: None,
        clone_url: None,
        ..saved.clone()
    };
    assert_eq!(wizard_with(env(), Some(idle)).overlay(), None);
    let mut w = wizard_with(env(), Some(saved.clone()));
    assert_eq!(w.overlay(), Some(&Overlay::Resume(Box::new(saved))));
    let effects = act(&mut w, Action::Yes);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadKey { path, .. } if path == &PathBuf::from("/k")))
    );
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SetField(Field::CloneUrl, t) if t.expose() == "ssh://git@bitbucket.acme.com:7999/OPS/app.git")),
        "the field shows the saved URL: {effects:?}"
    );
    assert_eq!(w.step(), Step::PublicKey);
    assert!(said_on(&w, Step::Service).contains("Repository on: Bitbucket Data Center"));
    assert_eq!(label(&w), "bblink-circleci-2026-11-01");
    assert_eq!(
        w.ssh_url(),
        Some("ssh://git@bitbucket.acme.com:7999/OPS/app.git")
    );

    let mut fresh = wizard_with(env(), Some(w.progress()));
    act(&mut fresh, Action::No);
    assert_eq!(fresh.overlay(), None);
    assert_eq!(fresh.step(), Step::Welcome);
    assert!(
        said_on(&fresh, Step::Service).contains("Repository on: Bitbucket Cloud"),
        "start over keeps nothing"
    );
}

#[test]
fn screen_flag_applies_saved_progress_without_asking() {
    let saved = wizard_on(Step::PublicKey).progress();
    let mut w = wizard_with(env(), Some(saved));
    let effects = w.start_at(Step::PublicKey);
    assert!(w.overlay().is_none());
    assert_eq!(w.step(), Step::PublicKey);
    assert!(matches!(&effects[..], [Effect::LoadKey { .. }]));
}

#[test]
fn terminate_saves_and_stops_every_job() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    let (job, _) = generate_request(&enter(&mut w));
    let effects = w.update(Msg::Terminate);
    assert!(
        matches!(effects[..], [Effect::SaveProgress(_), Effect::Cancel(j), Effect::Quit] if j == job),
        "{effects:?}"
    );
}

#[test]
fn a_key_from_another_file_resets_what_was_copied() {
    let mut w = wizard_on(Step::PublicKey);
    let job = job_of(&act(&mut w, Action::Copy));
    w.update(Msg::Job(job, JobEvent::Copied(Ok(()))));
    assert!(w.is_done(Step::PublicKey));
    let other = ReadyKey {
        info: crate::testing::seeded_key(9, "other").info,
        ..ready("/other")
    };
    act(&mut w, Action::Jump(Step::KeyPair));
    assert!(
        enter(&mut w)
            .iter()
            .all(|e| !matches!(e, Effect::GenerateKey { .. })),
        "Enter keeps the key in use"
    );
    assert_eq!(w.step(), Step::PublicKey);
    act(&mut w, Action::Jump(Step::KeyPair));
    act(&mut w, Action::NewKey);
    assert!(
        matches!(w.overlay(), Some(Overlay::ConfirmNewKey(fp)) if *fp == fixed_key().info.fingerprint)
    );
    let (job, request) = generate_request(&act(&mut w, Action::Yes));
    assert!(
        request.free_name,
        "a default name never replaces the key in use"
    );
    key_ready(&mut w, job, Ok(other));
    assert!(
        !w.is_done(Step::PublicKey),
        "the new key has not been copied"
    );
}

#[test]
fn a_key_file_with_a_passphrase_can_be_opened_on_the_key_step() {
    use crate::core::inspect::ProblemId;
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    act(&mut w, Action::Up); // Type -> Source
    act(&mut w, Action::Right); // existing
    w.update(Msg::typed(Field::ExistingPath, "~/.ssh/locked"));
    let effects = enter(&mut w);
    let job = job_of(&effects);
    let path = PathBuf::from("/home/ada/.ssh/locked");
    key_ready(
        &mut w,
        job,
        Err(KeyJobError::Unusable {
            path: path.clone(),
            problems: vec![ProblemId::PassphraseRequired.problem()],
            unlockable: true,
        }),
    );
    says(&w, "Remove the passphrase");
    assert!(w.key_state().available(Action::Unlock));
    act(&mut w, Action::Unlock);
    assert_eq!(w.focused_field(), Some(Field::Passphrase));
    let effects = enter(&mut w);
    let [
        Effect::UnlockKey {
            job,
            path: p,
            passphrase,
            ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(p, &path);
    assert_eq!(
        passphrase,
        &SecretSource::Field(Field::Passphrase),
        "the wizard never holds the passphrase"
    );
    key_ready(
        &mut w,
        *job,
        Err(KeyJobError::WrongPassphrase(path.clone())),
    );
    assert_eq!(w.focused_field(), Some(Field::Passphrase), "try again");
    let effects = enter(&mut w);
    let opened = ReadyKey {
        generated: false,
        ..ready("/home/ada/.ssh/locked-nopass")
    };
    key_ready(&mut w, job_of(&effects), Ok(opened));
    assert_eq!(w.step(), Step::PublicKey);
    assert!(!said_on(&w, Step::KeyPair).contains("Remove the passphrase"));
}

#[test]
fn a_failed_unlock_gives_the_focus_back_and_a_resumed_key_can_be_unlocked() {
    use crate::core::inspect::ProblemId;
    let locked = |path: &PathBuf| KeyJobError::Unusable {
        path: path.clone(),
        problems: vec![ProblemId::PassphraseRequired.problem()],
        unlockable: true,
    };
    // A generated key that later got a passphrase: the key step shows it as a key file.
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    let path = PathBuf::from("/home/ada/.local/share/bblink/keys/k");
    let (job, _) = generate_request(&enter(&mut w));
    key_ready(&mut w, job, Err(locked(&path)));
    says(&w, "Generate a new key pair instead");
    assert!(w.key_state().available(Action::Unlock), "p works");
    act(&mut w, Action::Unlock);
    let effects = enter(&mut w);
    // The copy cannot be written: the passphrase field goes, the focus does not stay in it.
    key_ready(
        &mut w,
        job_of(&effects),
        Err(KeyJobError::Io {
            path: path.clone(),
            message: "read-only file system".into(),
        }),
    );
    says_not(&w, "Remove the passphrase");
    assert_ne!(w.focused_field(), Some(Field::Passphrase));
    assert_eq!(
        w.focused_field(),
        Some(Field::ExistingPath),
        "Enter and typing work again"
    );
}

/// One arrow model: ↑/↓ move between rows, ←/→ change the choice in a row, and nothing wraps
/// (the key pair step's rows and the service step's lists alike).
#[test]
fn the_arrows_move_between_rows_and_choose_within_a_row_without_wrapping() {
    let mut w = wizard();
    act(&mut w, Action::Jump(Step::KeyPair));
    // The Type row first: → takes the next type, ← the first again.
    act(&mut w, Action::Right);
    assert_eq!(chosen(&w, page::List::Algorithm), "RSA 4096");
    act(&mut w, Action::Left);
    assert_eq!(pick(&w, page::List::Algorithm).chosen, 0);
    // ↓ on the Type row moves to the Label row: the type stays.
    act(&mut w, Action::Down);
    assert_eq!(w.focused_field(), Some(Field::Label));
    assert_eq!(pick(&w, page::List::Algorithm).chosen, 0);
    act(&mut w, Action::Down);
    assert_eq!(w.focused_field(), Some(Field::Label), "the last row stays");
    // ↑↑ reaches the Source row, and ↑ there stays: → takes a key file instead.
    act(&mut w, Action::Up);
    act(&mut w, Action::Up);
    act(&mut w, Action::Up);
    assert_eq!(w.focused_field(), None);
    act(&mut w, Action::Right);
    assert_eq!(
        w.page().free.map(|a| a.field),
        Some(Field::ExistingPath),
        "the first row stays"
    );
    // ←/→ on the Type row: through the types, stopping at each end.
    act(&mut w, Action::Left);
    act(&mut w, Action::Down);
    act(&mut w, Action::Left);
    assert_eq!(
        pick(&w, page::List::Algorithm).chosen,
        0,
        "no wrap to the last"
    );
    let n = pick(&w, page::List::Algorithm).options.len();
    for _ in 0..n + 2 {
        act(&mut w, Action::Right);
    }
    assert_eq!(
        pick(&w, page::List::Algorithm).chosen,
        n - 1,
        "no wrap to the first"
    );
    // The service list stops at its ends too.
    let mut w = wizard();
    enter(&mut w);
    act(&mut w, Action::Up);
    assert_eq!(w.service().map(|s| s.id.as_str()), Some("valohai"));
    for _ in 0..w.services.len() + 3 {
        act(&mut w, Action::Down);
    }
    let last = w.services.last().map(|s| s.id.clone());
    assert_eq!(w.service().map(|s| s.id.clone()), last);
}

/// What a journey did is kept across runs with when: after a resume, Done says the public key
/// was copied and the connection tested (with the times), until the key changes.
#[test]
fn a_resumed_journey_keeps_what_was_copied_and_tested_with_when() {
    use crate::core::conntest::{Report, StageName};
    let url = "git@ssh.bitbucket.org:team/app.git";
    let mut w = wizard_on(Step::PublicKey);
    w.update(Msg::Clock("2026-12-05 18:40 UTC".into()));
    let job = job_of(&act(&mut w, Action::Copy));
    w.update(Msg::Job(job, JobEvent::Copied(Ok(()))));
    act(&mut w, Action::Jump(Step::CloneUrl));
    w.update(Msg::given(Field::CloneUrl, url));
    // Reaching the test step with a URL and a key runs the test.
    let job = job_of(&act(&mut w, Action::Jump(Step::Test)));
    let mut report = Report::new(url);
    for stage in StageName::RUN {
        report.pass(stage, std::time::Duration::ZERO, "");
    }
    report.outcome_mut().default_branch = Some("main".into());
    report.outcome_mut().head_commit = Some("0123456789abcdef".into());
    let outcome = report.finish();
    assert!(outcome.ok);
    w.update(Msg::Clock("2026-12-05 18:41 UTC".into()));
    let effects = w.update(Msg::Job(job, JobEvent::Tested(Box::new(outcome))));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SaveProgress(_))),
        "a new record is saved at once: {effects:?}"
    );
    // The private key checked as it will be pasted: kept too (its fingerprint, never its text).
    act(&mut w, Action::Jump(Step::PrivateKey));
    let private = crate::testing::seeded_key(7, "x")
        .private_openssh
        .to_string();
    w.update(Msg::given(Field::PrivateKey, private));
    assert!(w.is_done(Step::PrivateKey));
    let saved = w.progress();
    let json = serde_json::to_string(&saved).expect("json");
    assert!(
        json.contains("18:40 UTC") && json.contains("18:41 UTC"),
        "{json}"
    );
    assert!(saved.private_key.is_some(), "{json}");
    assert!(!json.contains("PRIVATE KEY"), "{json}");

    // The next run resumes: the key file is read again, and Done remembers both.
    let mut w = wizard_with(env(), Some(saved));
    let job = job_of(&act(&mut w, Action::Yes));
    w.update(Msg::Job(job, JobEvent::KeyReady(Ok(fixed_key()))));
    act(&mut w, Action::Jump(Step::Done));
    says(&w, "the connection test logged in with this key");
    // Without the test, the copy is what Done knows of the public key: with when.
    let mut untested = w.progress();
    untested.tested = None;
    let mut u = wizard_with(env(), Some(untested));
    let job = job_of(&act(&mut u, Action::Yes));
    u.update(Msg::Job(job, JobEvent::KeyReady(Ok(fixed_key()))));
    act(&mut u, Action::Jump(Step::Done));
    says(
        &u,
        "Public key copied (2026-12-05 18:40 UTC), to add in Bitbucket Cloud as an access key",
    );
    let text = w.page().intro.join("\n");
    assert!(
        text.contains(
            "✓ Connection tested (2026-12-05 18:41 UTC): the service will fetch main at 0123456789ab."
        ),
        "{text}"
    );
    assert!(!text.contains("not copied yet"), "{text}");
    assert!(!text.contains("not tested yet"), "{text}");
    assert!(text.contains("✓ Private key checked"), "{text}");
    for step in [Step::PublicKey, Step::PrivateKey, Step::Test] {
        assert!(w.is_done(step), "{step:?}: the header's mark");
    }

    // Another key: what was done with the old one no longer counts.
    let other = ReadyKey {
        info: crate::testing::seeded_key(9, "other").info,
        ..ready("/other")
    };
    act(&mut w, Action::Jump(Step::KeyPair));
    act(&mut w, Action::NewKey);
    let (job, _) = generate_request(&act(&mut w, Action::Yes));
    key_ready(&mut w, job, Ok(other));
    let done = said_on(&w, Step::Done);
    assert!(done.contains("Public key not copied yet"), "{done}");
    assert!(done.contains("Connection not tested yet"), "{done}");
}

/// A default label skips the names of key files already there, so the label (the key's
/// comment, Bitbucket's label) and the file name the key gets agree.
#[test]
fn a_default_label_skips_key_files_already_there() {
    let taken = vec![
        "bblink-valohai-2026-11-22".to_string(),
        "bblink-valohai-2026-11-22.pub".to_string(),
        "bblink-valohai-2026-11-22-2.pub".to_string(),
    ];
    let w = wizard_with(Env { taken, ..env() }, None);
    assert_eq!(label(&w), "bblink-valohai-2026-11-22-3");
    assert_eq!(label(&wizard()), "bblink-valohai-2026-11-22");
}

/// What the walk of a new user found on the SSH route: a user key is named as such on Done,
/// the header and the test step remember a resumed journey's results, the plain page says the
/// key is being read rather than missing, and Done's retest command is of the URL it shows.
#[test]
fn done_and_the_test_step_tell_a_resumed_journey_what_it_did() {
    use crate::core::conntest::{Report, StageName};
    let url = "git@ssh.bitbucket.org:team/app.git";
    let mut w = wizard_on(Step::CloneUrl);
    w.update(Msg::given(Field::CloneUrl, url));
    let job = job_of(&act(&mut w, Action::Jump(Step::Test)));
    let mut report = Report::new(url);
    for stage in StageName::RUN {
        report.pass(stage, std::time::Duration::ZERO, "");
    }
    w.update(Msg::Clock("2026-12-05 19:31 UTC".into()));
    w.update(Msg::Job(job, JobEvent::Tested(Box::new(report.finish()))));
    let saved = w.progress();

    let mut w = wizard_with(env(), Some(saved));
    let job = job_of(&act(&mut w, Action::Yes));
    assert_eq!(w.step(), Step::Test);
    let page = w.page();
    let said = || page.intro.iter().chain(&page.status);
    assert!(said().any(|l| l == "Reading the key file…"), "{page:?}");
    assert!(!said().any(|l| l.contains("No key")), "{page:?}");
    w.update(Msg::Job(job, JobEvent::KeyReady(Ok(fixed_key()))));
    let page = w.page();
    assert!(
        page.status
            .iter()
            .any(|l| l.starts_with("✓ Last test (2026-12-05 19:31 UTC) passed")),
        "{page:?}"
    );
    assert!(
        w.is_done(Step::Test) && w.is_done(Step::PublicKey),
        "the header's marks"
    );
    act(&mut w, Action::Jump(Step::Done));
    says(&w, &format!("bblink test --url {url} --key "));
    // An unusable URL now: no retest command of the old one.
    act(&mut w, Action::Jump(Step::CloneUrl));
    act(&mut w, Action::Clear);
    w.update(Msg::given(Field::CloneUrl, "not a url"));
    let done = said_on(&w, Step::Done);
    assert!(!done.contains("Test it again later"), "{done}");

    // A user key goes on an account, not among the repository's access keys.
    let mut w = crate::testing::wizard_for("circleci");
    w.update(Msg::Choose(page::List::KeyKind, 1));
    give_key(&mut |m| w.update(m), fixed_key());
    act(&mut w, Action::Jump(Step::Done));
    let text = w.page().intro.join("\n");
    assert!(text.contains("as a user key"), "{text}");
    assert!(!text.contains("as an access key"), "{text}");
}

/// A progress file edited by hand cannot reach the terminal through what a record says.
#[test]
fn a_hostile_record_in_the_progress_file_is_drawn_safely() {
    let evil = "copied\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J".to_string() + &"x".repeat(100_000);
    let mut saved = wizard_on(Step::PublicKey).progress();
    saved.public_key = Some(crate::core::progress::Record {
        what: evil,
        ok: true,
        at: "\u{1b}[31mnow".into(),
        key: fixed_key().info.fingerprint.clone(),
        url: None,
    });
    let mut w = wizard_with(env(), Some(saved));
    let job = job_of(&act(&mut w, Action::Yes));
    w.update(Msg::Job(job, JobEvent::KeyReady(Ok(fixed_key()))));
    act(&mut w, Action::Jump(Step::Done));
    let shown = said(&w);
    let line = shown
        .lines()
        .find(|l| l.contains("Public key copied"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    // 100,000 characters are cut to a few hundred; the sentence around them stays.
    assert!(line.chars().count() < 500, "{}", line.len());
}

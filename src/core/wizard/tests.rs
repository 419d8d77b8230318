//! Transition tests: message sequences in, step and effects out. No IO.

mod url;

use std::path::PathBuf;

use super::*;
use crate::core::keymap::{Code, Key};
use crate::core::keys::{KeyFileError, KeyInfo};
use crate::core::service::profiles;

fn env() -> Env {
    Env {
        today: "2026-11-22".into(),
        keys_dir: PathBuf::from("/home/ada/.local/share/bblink/keys"),
        cwd: PathBuf::from("/home/ada/work"),
        home: Some(PathBuf::from("/home/ada")),
        osc52: true,
        clear_clipboard_after: 60,
    }
}

fn wizard() -> Wizard {
    Wizard::new(env(), profiles().expect("profiles"), None)
}

fn info() -> KeyInfo {
    KeyInfo {
        algorithm: "ssh-ed25519".into(),
        bits: 256,
        fingerprint: "SHA256:abc".into(),
        comment: "bblink-valohai-2026-11-22".into(),
        public_line: "ssh-ed25519 AAAA bblink-valohai-2026-11-22".into(),
    }
}

fn ready(path: &str) -> ReadyKey {
    ReadyKey {
        private_path: PathBuf::from(path),
        public_path: Some(PathBuf::from(format!("{path}.pub"))),
        info: info(),
        generated: true,
    }
}

fn key(w: &mut Wizard, k: Key) -> Vec<Effect> {
    w.update(Msg::Key(k))
}

fn enter(w: &mut Wizard) -> Vec<Effect> {
    key(w, Key::plain(Code::Enter))
}

fn generate_request(effects: &[Effect]) -> GenerateRequest {
    match effects {
        [Effect::GenerateKey(r)] => r.clone(),
        other => panic!("expected one GenerateKey, got {other:?}"),
    }
}

#[test]
fn enter_walks_welcome_service_key_and_generates_with_defaults() {
    let mut w = wizard();
    assert_eq!(w.step, Step::Welcome);
    assert!(matches!(enter(&mut w)[..], [Effect::SaveProgress(_)]));
    assert_eq!(w.step, Step::Service);
    enter(&mut w);
    assert_eq!(w.step, Step::Key);
    let req = generate_request(&enter(&mut w));
    assert_eq!(req.algorithm, KeyAlgorithm::Ed25519);
    assert_eq!(req.comment, "bblink-valohai-2026-11-22");
    assert_eq!(
        req.private_path,
        PathBuf::from("/home/ada/.local/share/bblink/keys/bblink-valohai-2026-11-22")
    );
    assert!(!req.overwrite && !req.allow_in_repo);
    assert!(w.working_here());
    let effects = w.update(Msg::KeyReady {
        job: req.job,
        result: Ok(ready("/k")),
    });
    assert_eq!(w.step, Step::PublicKey);
    assert!(w.is_done(Step::Key));
    assert!(
        matches!(effects[..], [Effect::SaveProgress(ref p)] if p.key_path == Some(PathBuf::from("/k")))
    );
}

#[test]
fn choosing_a_service_updates_the_default_label_until_the_user_edits_it() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Service)));
    key(&mut w, Key::plain(Code::Down));
    assert_eq!(w.service().map(|s| s.id.as_str()), Some("circleci"));
    assert_eq!(w.label, "bblink-circleci-2026-11-22");
    w.update(Msg::FieldEdited(Field::Label, "mine".into()));
    key(&mut w, Key::plain(Code::Up));
    assert_eq!(w.label, "mine", "an edited label is never replaced");
}

#[test]
fn esc_cancels_a_running_generation_and_its_late_result_is_ignored() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Key)));
    key(&mut w, Key::plain(Code::Down)); // RSA 4096
    assert_eq!(w.algorithm, KeyAlgorithm::Rsa { bits: 4096 });
    let req = generate_request(&enter(&mut w));
    let effects = key(&mut w, Key::plain(Code::Esc));
    assert_eq!(effects, vec![Effect::Cancel(req.job)]);
    assert_eq!(
        w.step,
        Step::Key,
        "Esc cancels first, it does not leave the step"
    );
    assert!(w.job.is_none());
    let effects = w.update(Msg::KeyReady {
        job: req.job,
        result: Ok(ready("/k")),
    });
    assert!(effects.is_empty());
    assert!(w.key.is_none(), "a cancelled job's result is dropped");
    assert_eq!(w.step, Step::Key);
}

#[test]
fn an_existing_file_asks_before_overwriting_and_no_keeps_it() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Key)));
    let req = generate_request(&enter(&mut w));
    let paths = vec![req.private_path.clone()];
    w.update(Msg::KeyReady {
        job: req.job,
        result: Err(KeyJobError::Exists(paths.clone())),
    });
    assert_eq!(w.overlay, Some(Overlay::ConfirmOverwrite(paths.clone())));
    key(&mut w, Key::ch('n'));
    assert_eq!(w.overlay, None);
    assert_eq!(w.key_error, Some(KeyJobError::Exists(paths)));
    let again = generate_request(&enter(&mut w));
    w.update(Msg::KeyReady {
        job: again.job,
        result: Err(KeyJobError::Exists(vec![again.private_path.clone()])),
    });
    let yes = generate_request(&key(&mut w, Key::ch('y')));
    assert!(yes.overwrite, "only an explicit yes overwrites");
}

#[test]
fn a_git_work_tree_asks_before_saving_there() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Key)));
    let req = generate_request(&enter(&mut w));
    w.update(Msg::KeyReady {
        job: req.job,
        result: Err(KeyJobError::InGitWorkTree {
            root: "/repo".into(),
        }),
    });
    assert!(matches!(w.overlay, Some(Overlay::ConfirmInRepo(_))));
    let yes = generate_request(&key(&mut w, Key::ch('y')));
    assert!(yes.allow_in_repo && !yes.overwrite);
}

#[test]
fn typed_text_survives_back_and_forth_and_quit_asks_first() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Key)));
    key(&mut w, Key::plain(Code::Tab)); // Type -> Label
    assert_eq!(w.focused_field(), Some(Field::Label));
    w.update(Msg::FieldEdited(Field::Label, "deploy for ci".into()));
    key(&mut w, Key::plain(Code::Esc));
    assert_eq!(w.step, Step::Service);
    enter(&mut w);
    assert_eq!(w.label, "deploy for ci");
    key(&mut w, Key::plain(Code::Tab)); // Label -> Source
    assert_eq!(key(&mut w, Key::ch('q')), Vec::new());
    assert_eq!(w.overlay, Some(Overlay::ConfirmQuit));
    key(&mut w, Key::ch('n'));
    assert!(!w.quitting);
    let effects = key(&mut w, Key::ctrl('c'));
    assert!(w.quitting);
    assert!(matches!(effects.last(), Some(Effect::Quit)));
    assert!(matches!(effects.first(), Some(Effect::SaveProgress(p)) if p.label == "deploy for ci"));
}

#[test]
fn letters_type_into_a_focused_field_instead_of_quitting() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Key)));
    key(&mut w, Key::plain(Code::Tab));
    assert_eq!(w.resolve(Key::ch('q')), Resolved::Field);
    assert!(key(&mut w, Key::ch('q')).is_empty());
    assert!(!w.quitting);
}

#[test]
fn jump_keys_reach_every_step_in_at_most_two_keystrokes() {
    for target in Step::ALL {
        let mut w = wizard();
        w.update(Msg::Action(Action::Jump(Step::Key)));
        key(&mut w, Key::plain(Code::Tab)); // a text field has focus
        let digit = char::from(b'0' + target.number());
        key(&mut w, Key::alt(digit));
        assert_eq!(w.step, target, "Alt-{digit}");

        let mut w = wizard();
        w.update(Msg::Action(Action::Jump(Step::Key)));
        key(&mut w, Key::plain(Code::Tab));
        key(&mut w, Key::ctrl('g'));
        assert!(w.go_pending);
        key(&mut w, Key::ch(digit));
        assert_eq!(w.step, target, "Ctrl-G {digit}");
        assert!(!w.go_pending);
    }
}

#[test]
fn an_existing_key_is_loaded_and_public_keys_are_refused_with_the_reason() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Key)));
    key(&mut w, Key::plain(Code::BackTab)); // Type -> Source
    key(&mut w, Key::plain(Code::Down));
    assert_eq!(w.source, KeySource::Existing);
    assert_eq!(enter(&mut w), Vec::new());
    assert_eq!(w.key_error, Some(KeyJobError::EmptyPath));
    w.update(Msg::FieldEdited(
        Field::ExistingPath,
        "~/.ssh/id_ed25519.pub".into(),
    ));
    let effects = enter(&mut w);
    let [Effect::LoadKey { job, path }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(path, &PathBuf::from("/home/ada/.ssh/id_ed25519.pub"));
    let error = KeyJobError::File {
        path: path.clone(),
        error: KeyFileError::PublicOnly("ssh-ed25519".into()),
    };
    w.update(Msg::KeyReady {
        job: *job,
        result: Err(error.clone()),
    });
    assert_eq!(w.key_error, Some(error));
    assert_eq!(w.step, Step::Key);
}

#[test]
fn copy_falls_back_to_osc52_then_to_showing_the_key() {
    let mut w = wizard();
    w.key = Some(ready("/k"));
    w.update(Msg::Action(Action::Jump(Step::PublicKey)));
    let effects = key(&mut w, Key::ch('c'));
    let [Effect::Copy { job, text }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(text, &info().public_line);
    let effects = w.update(Msg::Copied {
        job: *job,
        result: Err("no display".into()),
    });
    assert_eq!(
        effects,
        vec![Effect::Osc52 {
            text: info().public_line
        }]
    );
    assert!(w.is_done(Step::PublicKey));

    w.env.osc52 = false;
    let effects = key(&mut w, Key::ch('c'));
    let [Effect::Copy { job, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert!(
        w.update(Msg::Copied {
            job: *job,
            result: Err("no display".into())
        })
        .is_empty()
    );
    assert!(matches!(w.copy, CopyState::Unavailable { .. }));
}

#[test]
fn w_writes_the_public_key_next_to_the_user() {
    let mut w = wizard();
    w.key = Some(ready("/k"));
    w.update(Msg::Action(Action::Jump(Step::PublicKey)));
    let effects = key(&mut w, Key::ch('w'));
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
    };
    let mut w = Wizard::new(env(), profiles().expect("profiles"), Some(saved.clone()));
    assert_eq!(w.overlay, Some(Overlay::Resume(saved)));
    let effects = key(&mut w, Key::ch('r'));
    assert!(matches!(&effects[..], [Effect::LoadKey { path, .. }] if path == &PathBuf::from("/k")));
    assert_eq!(w.step, Step::PublicKey);
    assert_eq!(w.flavor, Flavor::DataCenter);
    assert_eq!(w.label, "bblink-circleci-2026-11-01");
    assert_eq!(
        w.url.url(),
        Some("ssh://git@bitbucket.acme.com:7999/OPS/app.git")
    );
    assert_eq!(
        w.incoming_url.as_deref(),
        Some("ssh://git@bitbucket.acme.com:7999/OPS/app.git"),
        "the field shows the saved URL"
    );

    let mut fresh = Wizard::new(env(), profiles().expect("profiles"), Some(w.progress()));
    key(&mut fresh, Key::ch('n'));
    assert_eq!(fresh.overlay, None);
    assert_eq!(fresh.step, Step::Welcome);
    assert_eq!(fresh.flavor, Flavor::Cloud, "start over keeps nothing");
}

#[test]
fn screen_flag_applies_saved_progress_without_asking() {
    let mut w = wizard();
    w.key = Some(ready("/k"));
    let saved = w.progress();
    let mut w = Wizard::new(env(), profiles().expect("profiles"), Some(saved));
    let effects = w.start_at(Step::PublicKey);
    assert!(w.overlay.is_none());
    assert_eq!(w.step, Step::PublicKey);
    assert!(matches!(&effects[..], [Effect::LoadKey { .. }]));
}

#[test]
fn terminate_saves_and_quits_even_during_a_job() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::Key)));
    let req = generate_request(&enter(&mut w));
    let effects = w.update(Msg::Terminate);
    assert!(
        matches!(effects[..], [Effect::SaveProgress(_), Effect::Cancel(j), Effect::Quit] if j == req.job)
    );
}

#[test]
fn progress_never_holds_key_material() {
    let mut w = wizard();
    w.key = Some(ready("/k"));
    let json = serde_json::to_string(&w.progress()).expect("json");
    assert!(!json.contains("AAAA"), "{json}");
    assert!(!json.contains("PRIVATE"), "{json}");
}

mod private_key {
    use super::*;
    use crate::core::inspect::ProblemId;
    use crate::core::secret::Secret;

    fn generated() -> crate::core::keys::GeneratedKey {
        keys::generate(KeyAlgorithm::Ed25519, "pk", &mut ssh_key::rand_core::OsRng).expect("key")
    }

    #[test]
    fn an_unreadable_to_others_warning_survives_a_recheck() {
        let mut w = wizard();
        w.key = Some(ready("/k"));
        w.update(Msg::Action(Action::Jump(Step::PrivateKey)));
        let effects = key(&mut w, Key::ctrl('o'));
        let job = match effects.as_slice() {
            [Effect::LoadPrivateKeyFile { job, .. }] => *job,
            other => panic!("expected a load, got {other:?}"),
        };
        let text = Secret::new(generated().private_openssh.to_string());
        w.update(Msg::PrivateKeyFile {
            job,
            result: Ok((PathBuf::from("/k"), text.clone(), true)),
        });
        assert!(
            w.private
                .verdict
                .as_ref()
                .is_some_and(|v| v.has(ProblemId::InsecurePermissions))
        );
        // Back on the step, the UI has the same text checked again against the key.
        w.update(Msg::PrivateKeyRecheck(text));
        assert!(
            w.private
                .verdict
                .as_ref()
                .is_some_and(|v| v.has(ProblemId::InsecurePermissions)),
            "the file is still readable by others"
        );
    }

    #[test]
    fn the_url_step_leads_to_the_private_key_step() {
        let mut w = wizard();
        w.key = Some(ready("/k"));
        w.update(Msg::Action(Action::Jump(Step::CloneUrl)));
        w.update(Msg::UrlText {
            text: Secret::new("git@ssh.bitbucket.org:team/app.git".into()),
            pasted: true,
        });
        enter(&mut w);
        assert_eq!(w.step, Step::PrivateKey);
        assert_eq!(
            w.focused_field(),
            Some(Field::PrivateKey),
            "ready for a paste"
        );
        assert_eq!(
            w.resolve(Key::plain(Code::Enter)),
            Resolved::Field,
            "Enter is a new line"
        );
        assert_eq!(w.resolve(Key::ch('q')), Resolved::Field);
    }

    #[test]
    fn a_recognised_private_key_is_hidden_and_checked_against_step_two() {
        let k = generated();
        let mut w = wizard();
        w.key = Some(ReadyKey {
            info: k.info.clone(),
            ..ready("/k")
        });
        w.update(Msg::Action(Action::Jump(Step::PrivateKey)));
        w.update(Msg::PrivateKeyText(Secret::new(
            k.private_openssh.to_string(),
        )));
        let v = w.private.verdict.as_ref().expect("verdict");
        assert!(v.ok);
        assert_eq!(v.matches_public_key, Some(true));
        assert!(w.private.masked);
        assert_eq!(w.focused_field(), None, "letters are commands again");
        assert!(w.is_done(Step::PrivateKey));
        key(&mut w, Key::ch('s'));
        assert!(!w.private.masked);
        assert!(
            format!("{w:?}")
                .find(k.private_openssh.lines().nth(1).expect("body"))
                .is_none()
        );
    }

    #[test]
    fn the_wrong_key_and_the_public_key_are_named() {
        let (a, b) = (generated(), generated());
        let mut w = wizard();
        w.key = Some(ReadyKey {
            info: a.info.clone(),
            ..ready("/k")
        });
        w.update(Msg::Action(Action::Jump(Step::PrivateKey)));
        w.update(Msg::PrivateKeyText(Secret::new(
            b.private_openssh.to_string(),
        )));
        let v = w.private.verdict.as_ref().expect("verdict");
        assert!(v.has(ProblemId::KeyMismatch));
        w.update(Msg::PrivateKeyText(Secret::new(a.public_openssh.clone())));
        let v = w.private.verdict.as_ref().expect("verdict");
        assert!(v.has(ProblemId::PublicKeyInsteadOfPrivate));
    }

    #[test]
    fn only_a_repaired_key_is_copied_and_ctrl_o_loads_the_step_two_file() {
        let k = generated();
        let mut w = wizard();
        w.update(Msg::Action(Action::Jump(Step::PrivateKey)));
        w.update(Msg::PrivateKeyText(Secret::new(
            k.private_openssh.to_string(),
        )));
        assert!(key(&mut w, Key::ch('c')).is_empty());
        assert!(w.private.note.is_some());
        w.update(Msg::PrivateKeyText(Secret::new(
            k.private_openssh.replace('\n', "\r\n"),
        )));
        let effects = key(&mut w, Key::ch('c'));
        assert!(
            matches!(&effects[..], [Effect::CopySecret { text, .. }] if text.expose() == k.private_openssh.as_str())
        );

        assert!(key(&mut w, Key::ctrl('o')).is_empty(), "no key file yet");
        w.job = None;
        w.key = Some(ready("/home/ada/k"));
        let effects = key(&mut w, Key::ctrl('o'));
        let [Effect::LoadPrivateKeyFile { job, path }] = &effects[..] else {
            panic!("{effects:?}")
        };
        assert_eq!(path, &PathBuf::from("/home/ada/k"));
        w.update(Msg::PrivateKeyFile {
            job: *job,
            result: Ok((
                path.clone(),
                Secret::new(k.private_openssh.to_string()),
                true,
            )),
        });
        let v = w.private.verdict.as_ref().expect("verdict");
        assert!(v.has(ProblemId::InsecurePermissions));
        assert!(
            w.incoming_private.is_some(),
            "the text goes to the text area"
        );
    }
}

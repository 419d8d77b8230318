//! One snapshot per screen and state at 80x24 (files in `snapshots/`, `<screen>__<case>`).

use bblink::core::errors::CopyError;
use bblink::core::key_file::KeyJobError;
use bblink::core::keyboard::{Action, Code, Key};
use bblink::core::progress::Progress;
use bblink::core::service::Flavor;
use bblink::core::ssh_keys::{KeyAlgorithm, KeyFileError};
use bblink::core::wizard::key_pair::KeySource;
use bblink::core::wizard::{Env, Field, JobEvent, Msg, Step};
use bblink::testing::{give_key, wizard_with};
use bblink::ui::app::App;
use bblink::ui::theme::Theme;

use crate::support::{app, app_with_key, env, fixed_key, job_of, terminal};

pub(crate) fn snap(name: &str, app: &App) {
    snap_at(name, app, 80, 24);
}

/// A snapshot at another size.
pub(crate) fn snap_at(name: &str, app: &App, width: u16, height: u16) {
    let t = terminal(app, width, height);
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, t.backend());
    });
}

fn act(app: &mut App, a: Action) {
    app.update(Msg::Action(a));
}

use crate::support::press;

fn job_done(app: &mut App, effects: &[bblink::core::wizard::Effect], event: JobEvent) {
    let job = job_of(effects);
    app.update(Msg::Job(job, event));
}

#[test]
fn welcome() {
    snap("welcome__default", &app());
}

#[test]
fn welcome_offers_to_resume() {
    let saved = Progress {
        version: Progress::VERSION,
        service: "circleci".into(),
        flavor: Flavor::DataCenter,
        step: "public-key".into(),
        algorithm: KeyAlgorithm::Ed25519,
        label: "bblink-circleci-2026-11-20".into(),
        label_edited: false,
        key_path: Some("/home/ada/.local/share/bblink/keys/bblink-circleci-2026-11-20".into()),
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
    let mut app = App::new(wizard_with(env(), Some(saved)), Theme::plain());
    snap("welcome__resume", &app);
    let text = crate::support::screen_text(&app);
    assert!(
        text.contains("Resume, or start over?")
            && text.contains("CircleCI · Bitbucket Data Center"),
        "the offer names what was saved:\n{text}"
    );
    // Taken: back where the last run stopped, with its choices.
    press(&mut app, Key::ch('r'));
    assert_eq!(app.wizard.step(), Step::PublicKey);
    assert_eq!(
        app.wizard.service().map(|s| s.id.as_str()),
        Some("circleci")
    );
}

#[test]
fn service() {
    let mut app = app();
    act(&mut app, Action::Next);
    snap("service__valohai_cloud", &app);
    press(&mut app, Key::plain(Code::Down));
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::plain(Code::Down));
    snap("service__circleci_data_center", &app);
    // A user key needs no admin rights on the repository; the screen does not say it does.
    app.update(Msg::Choose(bblink::core::wizard::List::KeyKind, 1));
    let screen = format!("{:?}", crate::support::terminal(&app, 200, 60).backend());
    assert!(
        screen.contains("no admin rights on the repository"),
        "{screen}"
    );
    assert!(
        !screen.contains("needs admin rights on the repository"),
        "{screen}"
    );
}

#[test]
fn key_generate() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    snap("key__generate_default", &app);
    press(&mut app, Key::plain(Code::Tab));
    assert_eq!(app.wizard.focused_field(), Some(Field::Label));
    crate::support::type_text(&mut app, "-ci");
    assert_eq!(app.wizard.key_view().label, "bblink-valohai-2026-11-22-ci");
    snap("key__label_edited", &app);
}

#[test]
fn key_generating_rsa_shows_a_spinner_and_cancel() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::plain(Code::Right));
    let effects = app.update(Msg::Action(Action::Next));
    app.spinner = 3;
    assert!(app.wizard.busy(), "the key is being generated");
    let screen = crate::support::screen_text(&app);
    assert!(
        screen.contains("Generating an RSA 4096 key") && screen.contains("Esc cancels"),
        "{screen}"
    );
    snap("key__generating_rsa", &app);
    // A stage the job reports takes the spinner line's words.
    job_done(
        &mut app,
        &effects,
        JobEvent::Progress("Saving the key files…".into()),
    );
    let screen = crate::support::screen_text(&app);
    assert!(
        screen.contains("Saving the key files…") && !screen.contains("Generating an RSA"),
        "{screen}"
    );
    act(&mut app, Action::Back);
    assert!(!app.wizard.busy(), "Esc cancelled it");
}

#[test]
fn key_existing_file_errors() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::plain(Code::BackTab)); // Type -> Source
    press(&mut app, Key::plain(Code::Right));
    assert_eq!(app.wizard.key_view().source, KeySource::Existing);
    press(&mut app, Key::plain(Code::Tab));
    app.on_paste("~/.ssh/id_ed25519.pub\n");
    let effects = app.update(Msg::Action(Action::Next));
    job_done(
        &mut app,
        &effects,
        JobEvent::KeyReady(Err(KeyJobError::File {
            path: "/home/ada/.ssh/id_ed25519.pub".into(),
            error: KeyFileError::PublicOnly("ssh-ed25519".into()),
        })),
    );
    snap("key__existing_public_key_chosen", &app);
}

#[test]
fn key_empty_label() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::ctrl('u'));
    crate::support::type_text(&mut app, "   ");
    let effects = app.update(Msg::Action(Action::Next));
    snap("key__empty_label", &app);
    // Nothing is generated under a blank name; the step says why and stays.
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.wizard.step(), Step::KeyPair);
    assert!(crate::support::screen_text(&app).contains("✗ Give the key a label"));
}

#[test]
fn key_confirmations() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    let effects = app.update(Msg::Action(Action::Next));
    let path = env().keys_dir.join("bblink-valohai-2026-11-22");
    let public = env().keys_dir.join("bblink-valohai-2026-11-22.pub");
    job_done(
        &mut app,
        &effects,
        JobEvent::KeyReady(Err(KeyJobError::Exists(vec![path, public]))),
    );
    snap("key__confirm_overwrite", &app);
    assert!(app.wizard.overlay().is_some(), "asked before overwriting");
    press(&mut app, Key::ch('n'));
    snap("key__kept_existing", &app);
    // Declined: no key in use, the files kept, and the step says so.
    assert!(app.wizard.overlay().is_none());
    assert!(app.wizard.ready_key().is_none());
    assert!(crate::support::screen_text(&app).contains("already exists and was kept"));

    let effects = app.update(Msg::Action(Action::Next));
    job_done(
        &mut app,
        &effects,
        JobEvent::KeyReady(Err(KeyJobError::InGitWorkTree {
            root: "/home/ada/work/website".into(),
        })),
    );
    snap("key__confirm_in_repo", &app);
    assert!(
        crate::support::screen_text(&app).contains("inside the git work tree ~/work/website"),
        "the dialog names the work tree"
    );
}

#[test]
fn public_key_states() {
    let mut app = app_with_key();
    assert_eq!(app.wizard.step(), Step::PublicKey);
    snap("public_key__ready", &app);

    let effects = app.update(Msg::Action(Action::Copy));
    job_done(&mut app, &effects, JobEvent::Copied(Ok(())));
    snap("public_key__copied", &app);

    let mut app = app_with_key();
    let effects = app.update(Msg::Action(Action::Copy));
    job_done(
        &mut app,
        &effects,
        JobEvent::Copied(Err(CopyError::NoDisplay)),
    );
    snap("public_key__osc52", &app);

    let mut app = App::new(
        wizard_with(
            Env {
                osc52: false,
                ..env()
            },
            None,
        ),
        Theme::plain(),
    );
    give_key(&mut |m| app.update(m), fixed_key());
    let effects = app.update(Msg::Action(Action::Copy));
    job_done(
        &mut app,
        &effects,
        JobEvent::Copied(Err(CopyError::NoDisplay)),
    );
    let effects = app.update(Msg::Action(Action::WriteFile));
    job_done(
        &mut app,
        &effects,
        JobEvent::Written(Ok("/home/ada/work/bblink-valohai-2026-11-22.pub".into())),
    );
    snap("public_key__no_clipboard_written", &app);
}

#[test]
fn public_key_data_center() {
    let mut app = app_with_key();
    act(&mut app, Action::Jump(Step::Service));
    press(&mut app, Key::plain(Code::Down)); // CircleCI
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::plain(Code::Down)); // Data Center
    act(&mut app, Action::Jump(Step::PublicKey));
    snap("public_key__data_center_circleci", &app);
}

#[test]
fn public_key_without_a_key() {
    let mut app = app();
    act(&mut app, Action::Jump(Step::PublicKey));
    snap("public_key__no_key", &app);
}

#[test]
fn help_overlays() {
    let mut first = app_with_key();
    act(&mut first, Action::Help);
    snap("help__public_key", &first);

    let mut app = app();
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::plain(Code::Tab));
    press(&mut app, Key::plain(Code::F(1)));
    snap("help__key_label_focused", &app);
}

#[test]
fn quit_confirmation_and_go_prefix() {
    let mut app = crate::support::app();
    act(&mut app, Action::Jump(Step::KeyPair));
    press(&mut app, Key::plain(Code::Tab)); // Type -> Label
    press(&mut app, Key::ctrl('u'));
    crate::support::type_text(&mut app, "half typed");
    press(&mut app, Key::plain(Code::BackTab)); // back to Type: letters are commands
    press(&mut app, Key::ch('q'));
    assert!(!app.wizard.quitting(), "typed text: q asks first");
    assert!(crate::support::screen_text(&app).contains("has not been used yet"));
    snap("quit__confirm", &app);

    let mut fresh = crate::support::app();
    press(&mut fresh, Key::ctrl('g'));
    assert!(crate::support::screen_text(&fresh).contains("Go to step: 0 Welcome"));
    snap("welcome__go_prefix", &fresh);
    press(&mut fresh, Key::ch('2'));
    assert_eq!(
        fresh.wizard.step(),
        Step::KeyPair,
        "Ctrl-G 2 jumps to step 2"
    );
}

#[test]
fn too_small() {
    let app = app();
    let t = terminal(&app, 40, 10);
    insta::with_settings!({
        snapshot_path => "../../snapshots",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("too_small__40x10", t.backend());
    });
}

mod access;
mod clone_url;
mod credential_services;
mod journey;
mod test_step;
mod trouble;

mod private_key {
    use bblink::core::inspect::{Inspection, ProblemId};
    use bblink::core::wizard::Step;
    use bblink::testing::seeded_key as seeded;

    use super::snap;

    fn on_private_key_step() -> bblink::ui::app::App {
        crate::support::app_on(Step::PrivateKey)
    }

    /// The private key step's verdict.
    fn verdict(app: &bblink::ui::app::App) -> Inspection {
        app.wizard
            .private_key_view()
            .verdict
            .cloned()
            .expect("verdict")
    }

    /// Whether the verdict names the problem `id`.
    fn has(v: &Inspection, id: ProblemId) -> bool {
        v.problems.iter().any(|p| p.id == id)
    }

    #[test]
    fn empty() {
        snap("private_key__empty", &on_private_key_step());
    }

    #[test]
    fn valid_key_is_hidden_and_matches() {
        let mut app = on_private_key_step();
        let key = seeded(7, "bblink-valohai-2026-11-22");
        app.on_paste(&key.private_openssh);
        assert!(app.wizard.private_key_view().verdict.is_some_and(|v| v.ok));
        snap("private_key__valid", &app);
    }

    #[test]
    fn public_key_pasted() {
        let mut app = on_private_key_step();
        app.on_paste(&seeded(7, "bblink-valohai-2026-11-22").public_openssh);
        snap("private_key__public_key_pasted", &app);
        let v = verdict(&app);
        assert!(!v.ok);
        assert!(has(&v, ProblemId::PublicKeyInsteadOfPrivate), "{v:?}");
    }

    #[test]
    fn encrypted() {
        let mut app = on_private_key_step();
        let body = "QUJD".repeat(40);
        let pem = format!(
            "-----BEGIN RSA {k}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n{body}\n-----END RSA {k}-----\n",
            k = "PRIVATE KEY"
        );
        app.on_paste(&pem);
        snap("private_key__encrypted", &app);
        let v = verdict(&app);
        assert!(!v.ok);
        assert!(has(&v, ProblemId::PassphraseRequired), "{v:?}");
    }

    #[test]
    fn repaired() {
        let mut app = on_private_key_step();
        let key = seeded(7, "bblink-valohai-2026-11-22");
        let damaged: String = key
            .private_openssh
            .lines()
            .map(|l| format!("  {l}\r\n"))
            .collect();
        app.on_paste(&damaged);
        snap("private_key__repaired", &app);
        // Each kind of damage named, and a repaired key offered for the service.
        let v = verdict(&app);
        assert!(v.repaired && v.repaired_text.is_some(), "{v:?}");
        assert!(has(&v, ProblemId::WhitespaceDamaged), "{v:?}");
        assert!(has(&v, ProblemId::LineEndingsCrlf), "{v:?}");
    }

    #[test]
    fn mismatch() {
        let mut app = on_private_key_step();
        app.on_paste(&seeded(9, "another-key").private_openssh);
        snap("private_key__mismatch", &app);
        let v = verdict(&app);
        assert_eq!(v.matches_public_key, Some(false), "{v:?}");
        assert!(has(&v, ProblemId::KeyMismatch), "{v:?}");
    }
}

mod large_pastes {
    use bblink::core::inspect::{MAX_INPUT, ProblemId};
    use bblink::core::wizard::Step;

    use crate::support::terminal;

    #[test]
    fn a_megabyte_is_checked_and_more_is_refused_without_losing_anything() {
        let mut app = crate::support::app_on(Step::PrivateKey);
        let junk: String = "not a key at all\n".repeat(MAX_INPUT / 17);
        assert!(junk.len() <= MAX_INPUT);
        app.on_paste(&junk);
        let view = app.wizard.private_key_view();
        let v = view.verdict.expect("verdict");
        assert!(v.has(ProblemId::NotAKey));
        let _ = terminal(&app, 80, 24);

        let lines_before = app.private.lines().len();
        let too_big = "A".repeat(MAX_INPUT + 1);
        app.on_paste(&too_big);
        let note = app.paste_note.clone().expect("a note");
        assert!(note.contains("refused") && note.contains("1 MB"), "{note}");
        assert_eq!(
            app.private.lines().len(),
            lines_before,
            "the earlier paste is kept"
        );
        assert!(
            app.wizard
                .private_key_view()
                .verdict
                .is_some_and(|v| v.has(ProblemId::NotAKey))
        );
    }
}

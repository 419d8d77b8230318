//! Key resolution, hints and help against hand-made key states.

use super::*;
use crate::core::keyboard::{Code, OverlayKind};

fn state(step: Step, context: Context) -> KeyState {
    KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        step,
        context,
        overlay: None,
        field: None,
        working: false,
        unavailable: Vec::new(),
    }
}

fn resolve_once(s: &KeyState, key: Key) -> Resolved {
    resolve(s, &mut false, key)
}

#[test]
fn printable_keys_are_text_while_a_field_has_focus() {
    let s = KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        field: Some(FieldKind::Line),
        ..state(Step::KeyPair, Context::KeyGenerate)
    };
    for c in ['q', '?', 'c', 'x', 'j', 'k', 'w', 's', 'o'] {
        assert_eq!(resolve_once(&s, Key::ch(c)), Resolved::Field, "{c}");
    }
    assert_eq!(resolve_once(&s, Key::plain(Code::Left)), Resolved::Field);
    assert_eq!(
        resolve_once(&s, Key::ctrl('c')),
        Resolved::Action(Action::ForceQuit)
    );
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Enter)),
        Resolved::Action(Action::Next)
    );
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Esc)),
        Resolved::Action(Action::Back)
    );
    assert_eq!(
        resolve_once(&s, Key::alt('3')),
        Resolved::Action(Action::Jump(Step::PublicKey))
    );
}

#[test]
fn a_text_area_takes_enter_and_arrows_too() {
    let s = KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        field: Some(FieldKind::Area),
        ..state(Step::PrivateKey, Context::PrivateKey)
    };
    assert_eq!(resolve_once(&s, Key::plain(Code::Enter)), Resolved::Field);
    assert_eq!(resolve_once(&s, Key::plain(Code::Up)), Resolved::Field);
    assert_eq!(resolve_once(&s, Key::ch('q')), Resolved::Field);
    assert_eq!(
        resolve_once(&s, Key::ctrl('o')),
        Resolved::Action(Action::Open)
    );
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Tab)),
        Resolved::Action(Action::FocusNext)
    );
}

#[test]
fn without_focus_letters_are_commands() {
    let s = state(Step::PublicKey, Context::PublicKey);
    assert_eq!(
        resolve_once(&s, Key::ch('q')),
        Resolved::Action(Action::Quit)
    );
    assert_eq!(
        resolve_once(&s, Key::ch('c')),
        Resolved::Action(Action::Copy)
    );
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Left)),
        Resolved::Action(Action::Back)
    );
}

#[test]
fn ctrl_g_then_a_digit_jumps_even_from_a_field() {
    let s = KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        field: Some(FieldKind::Line),
        ..state(Step::KeyPair, Context::KeyGenerate)
    };
    let mut pending = false;
    assert_eq!(resolve(&s, &mut pending, Key::ctrl('g')), Resolved::Pending);
    assert!(pending);
    assert_eq!(
        resolve(&s, &mut pending, Key::ch('2')),
        Resolved::Action(Action::Jump(Step::KeyPair))
    );
    assert!(!pending);
    resolve(&s, &mut pending, Key::ctrl('g'));
    assert_eq!(resolve(&s, &mut pending, Key::ch('x')), Resolved::Ignored);
    assert!(!pending, "any other key ends the prefix");
}

#[test]
fn dialogs_take_every_key_but_ctrl_c() {
    let s = KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        overlay: Some(OverlayKind::Confirm),
        ..state(Step::KeyPair, Context::KeyGenerate)
    };
    assert_eq!(
        resolve_once(&s, Key::ch('y')),
        Resolved::Action(Action::Yes)
    );
    assert_eq!(resolve_once(&s, Key::ch('c')), Resolved::Ignored);
    assert_eq!(
        resolve_once(&s, Key::ctrl('c')),
        Resolved::Action(Action::ForceQuit)
    );
}

#[test]
fn while_working_only_cancel_help_and_ctrl_c() {
    let s = KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        working: true,
        ..state(Step::KeyPair, Context::KeyGenerate)
    };
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Esc)),
        Resolved::Action(Action::Back)
    );
    assert_eq!(resolve_once(&s, Key::ch('q')), Resolved::Ignored);
    assert_eq!(resolve_once(&s, Key::plain(Code::Enter)), Resolved::Ignored);
    assert_eq!(hints(&s)[0], ("Esc".to_string(), "cancel"));
}

#[test]
fn every_footer_hint_dispatches_to_its_action() {
    let contexts = [
        (Step::Welcome, Context::Welcome),
        (Step::Service, Context::Service),
        (Step::KeyPair, Context::KeyGenerate),
        (Step::KeyPair, Context::KeyExisting),
        (Step::PublicKey, Context::PublicKey),
        (Step::CloneUrl, Context::CloneUrl),
        (Step::CloneUrl, Context::CloneUrlRepair),
        (Step::PrivateKey, Context::PrivateKey),
    ];
    for (step, context) in contexts {
        for field in [None, Some(FieldKind::Line), Some(FieldKind::Area)] {
            for working in [false, true] {
                let s = KeyState {
                    route: crate::core::service::Kind::SshAccessKey.route(),
                    field,
                    working,
                    ..state(step, context)
                };
                for (bind, keys) in rows_in_force(&s) {
                    assert_eq!(
                        resolve_once(&s, keys[0]),
                        Resolved::Action(bind.action),
                        "{context:?} {field:?} {}",
                        keys[0]
                    );
                }
            }
        }
    }
}

#[test]
fn help_lists_every_binding_with_all_its_keys() {
    let rows = help_rows(&state(Step::PublicKey, Context::PublicKey));
    let text: Vec<String> = rows.iter().map(|(k, h)| format!("{k} {h}")).collect();
    assert!(text.iter().any(|r| r.starts_with("c Copy")), "{text:#?}");
    assert!(
        text.iter().any(|r| r.starts_with("F1 / ? Show")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|r| r.starts_with("Esc / ← Back")),
        "{text:#?}"
    );
    assert!(text.iter().any(|r| r.contains("Ctrl-G")));
    assert!(text.iter().any(|r| r.starts_with("Ctrl-C")));
}

#[test]
fn help_leaves_out_keys_the_focused_field_takes() {
    let s = KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        field: Some(FieldKind::Line),
        ..state(Step::CloneUrl, Context::CloneUrl)
    };
    let text: Vec<String> = help_rows(&s)
        .iter()
        .map(|(k, h)| format!("{k} {h}"))
        .collect();
    assert!(!text.iter().any(|r| r.starts_with("c ")), "{text:#?}");
    assert!(text.iter().any(|r| r.starts_with("F1 Show")), "{text:#?}");
    assert!(
        text.iter().any(|r| r.starts_with("Enter Go on")),
        "{text:#?}"
    );
    assert!(
        !text.iter().any(|r| r.starts_with("Enter / →")),
        "{text:#?}"
    );
}

#[test]
fn unavailable_actions_are_not_hinted() {
    let s = KeyState {
        route: crate::core::service::Kind::SshAccessKey.route(),
        unavailable: vec![Action::Copy, Action::WriteFile],
        ..state(Step::PublicKey, Context::PublicKey)
    };
    assert!(!hints(&s).iter().any(|(_, h)| *h == "copy"));
    assert_eq!(key_for(Context::PrivateKey, Action::Open), "Ctrl-O");
}

#[test]
fn the_arrows_across_a_row_of_choices_choose_instead_of_changing_step() {
    let s = state(Step::KeyPair, Context::KeyGenerate);
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Right)),
        Resolved::Action(Action::Right)
    );
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Left)),
        Resolved::Action(Action::Left)
    );
    // ↑/↓ move between the rows.
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Down)),
        Resolved::Action(Action::Down)
    );
    let hints: Vec<String> = hints(&s).iter().map(|(k, h)| format!("{k} {h}")).collect();
    assert!(hints.iter().any(|h| h == "↑↓ row"), "{hints:?}");
    assert!(hints.iter().any(|h| h == "←→ choose"), "{hints:?}");
    let help: Vec<String> = help_rows(&s).iter().map(|(k, _)| k.clone()).collect();
    assert!(
        help.iter().any(|k| k == "Esc"),
        "Esc still goes back: {help:?}"
    );
}

/// On the service step the arrows choose in the focused list whichever way it is drawn, and
/// neither → nor ← leaves the step.
#[test]
fn on_the_service_step_left_and_right_choose_and_do_not_change_step() {
    let s = state(Step::Service, Context::Service);
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Right)),
        Resolved::Action(Action::Right)
    );
    assert_eq!(
        resolve_once(&s, Key::plain(Code::Left)),
        Resolved::Action(Action::Left)
    );
}

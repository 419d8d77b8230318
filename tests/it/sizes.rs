//! Every screen and overlay renders at any size from 1x1 to 300x100 without panicking.

use bblink::core::keyboard::{Action, Code, Key};
use bblink::core::wizard::{Msg, Step};
use bblink::ui::app::App;
use proptest::prelude::*;

use crate::support::{app, app_with_key, terminal};

/// States: with or without a key, on each step, in each variant below.
const STATES: u8 = 2 * 7 * 6;

fn state(i: u8) -> App {
    let mut a = if i.is_multiple_of(2) {
        app()
    } else {
        app_with_key()
    };
    let step = Step::ALL[usize::from(i / 2) % Step::ALL.len()];
    let variant = i / (2 * 7);
    a.update(Msg::Action(Action::Jump(step)));
    match variant {
        1 => {
            a.update(Msg::Action(Action::Help));
        }
        2 => crate::support::press(&mut a, Key::plain(Code::Tab)),
        3 => crate::support::press(&mut a, Key::ctrl('g')),
        4 if step == Step::KeyPair => {
            a.update(Msg::Action(Action::Next));
        }
        5 => {
            let long = "very-long-repository-name-".repeat(8);
            a.on_paste(&format!(
                "git clone https://x-token-auth:tok3n@bitbucket.org/team/{long}.git"
            ));
        }
        _ => {}
    }
    a
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn renders_at_any_size(i in 0..STATES, w in 1u16..=300, h in 1u16..=100) {
        let app = state(i);
        let _ = terminal(&app, w, h);
    }
}

#[test]
fn renders_at_the_extremes() {
    for i in 0..STATES {
        let app = state(i);
        for (w, h) in [
            (1, 1),
            (2, 1),
            (1, 100),
            (300, 1),
            (49, 13),
            (50, 14),
            (300, 100),
        ] {
            let _ = terminal(&app, w, h);
        }
    }
}

//! Choosing in the wizard's lists the way its keys do: the shell moves the focus to the list
//! and the choice to the option wanted, one action at a time, reading the views as it goes
//! (bounded, so a list that does not move cannot loop).

use crate::core::key::Action;
use crate::core::keys::{KeyAlgorithm, KeyFormat};
use crate::core::service::Flavor;
use crate::core::wizard::key::{KeyFocus, KeySource};
use crate::core::wizard::service::ServiceFocus;
use crate::core::wizard::{Effect, Msg, Step, Wizard};
use crate::ui::app::App;

use super::menu::Target;

fn act(app: &mut App, action: Action, effects: &mut Vec<Effect>) {
    effects.extend(app.update(Msg::Action(action)));
}

/// Whether the list of `target` has focus.
fn focused(w: &Wizard, target: Target) -> bool {
    let service = w.service_view().focus;
    let key = w.key_view().focus;
    match target {
        Target::Service => service == ServiceFocus::Service,
        Target::Flavor => service == ServiceFocus::Flavor,
        Target::KeyKind => service == ServiceFocus::KeyKind,
        Target::Source => key == KeyFocus::Source,
        Target::Algorithm => key == KeyFocus::Type,
        Target::Format => key == KeyFocus::Format,
        Target::Mode => true,
    }
}

/// The option of `target` chosen now.
fn chosen(w: &Wizard, target: Target) -> usize {
    let key = w.key_view();
    match target {
        Target::Service => w.service_view().chosen,
        Target::Flavor => usize::from(w.service_view().flavor == Flavor::DataCenter),
        Target::KeyKind => usize::from(w.service_view().user_key),
        Target::Source => usize::from(key.source == KeySource::Existing),
        Target::Algorithm => KeyAlgorithm::CHOICES
            .iter()
            .position(|a| *a == key.algorithm)
            .unwrap_or(0),
        Target::Format => usize::from(key.format == KeyFormat::Pem),
        Target::Mode => w.consumer_view().mode,
    }
}

/// Chooses option `n` of `target`.
pub fn set(app: &mut App, target: Target, n: usize) -> Vec<Effect> {
    let mut effects = Vec::new();
    for _ in 0..8 {
        if focused(&app.wizard, target) {
            break;
        }
        act(app, Action::FocusNext, &mut effects);
    }
    let step = if target == Target::Mode {
        Action::Cycle
    } else {
        Action::Down
    };
    for _ in 0..32 {
        if chosen(&app.wizard, target) == n || !focused(&app.wizard, target) {
            break;
        }
        act(app, step, &mut effects);
    }
    effects
}

/// The selected value of the screen's list, when it has focus.
fn selected(w: &Wizard) -> Option<usize> {
    match w.step() {
        Step::Address => w.address_view().selected,
        Step::Consumer => w.consumer_view().selected,
        Step::Webhook => w.webhook_view().selected,
        Step::Done => Some(w.finish_view().selected),
        _ => None,
    }
}

/// Copies value `n` of the screen's list.
pub fn copy_value(app: &mut App, n: usize) -> Vec<Effect> {
    let mut effects = Vec::new();
    for _ in 0..6 {
        if selected(&app.wizard).is_some() {
            break;
        }
        act(app, Action::FocusNext, &mut effects);
    }
    for _ in 0..64 {
        match selected(&app.wizard) {
            Some(i) if i < n => act(app, Action::Down, &mut effects),
            Some(i) if i > n => act(app, Action::Up, &mut effects),
            _ => break,
        }
    }
    if selected(&app.wizard) == Some(n) {
        act(app, Action::Copy, &mut effects);
    }
    effects
}

//! A step as a unit: the one trait every step implements (its page, its keys, whether it is
//! done, its fields, and its update for the messages it owns), and the registry that maps a
//! [`Step`] to its unit. The wizard dispatches through this registry only; nothing else matches
//! on a step. A unit reads and changes its own state in the wizard, and reads the other steps'
//! results through the wizard's queries. When a result others build on changes (another
//! service, another key), every unit hears it ([`Change`]) and forgets what no longer holds of
//! its own; a step goes on by asking the route (`Out::onward`), never by naming the next step.

use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::secret::Secret;
use crate::core::step::Step;

use super::done::Status;
use super::jobs::{JobId, JobKind};
use super::msg::{Field, JobEvent};
use super::page::{List, Page};
use super::{Out, Wizard};

/// A step's key table, the focused field's kind, and the actions that do nothing now.
pub(super) type Keys = (Context, Option<FieldKind>, Vec<Action>);

/// How a field of a step changed.
#[derive(Debug, Clone, Copy)]
pub(super) enum Edit<'a> {
    /// Its text after an edit.
    Typed(&'a Secret),
    /// A value given whole.
    Given(&'a Secret),
    /// A masked field's new length (its text stays in the shell).
    Len(usize),
}

impl<'a> Edit<'a> {
    /// The text (empty for a masked field) and the length told (0 for a text).
    pub(super) fn parts(self) -> (&'a str, usize) {
        match self {
            Edit::Typed(t) | Edit::Given(t) => (t.expose(), 0),
            Edit::Len(n) => ("", n),
        }
    }
}

/// A result other steps build on changed; each step forgets what no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// Another service was chosen; `credentials` when a step held one of the old service's
    /// values (a URL, a check, a secret), which are then all forgotten.
    Service {
        /// A step held a value of the old service.
        credentials: bool,
    },
    /// Another key is in use: what was copied or checked was for the old one.
    Key,
}

/// Tells every step of a change. Another service's values held anywhere are all forgotten,
/// each step's by itself, and the fields of the steps that held them emptied.
pub(super) fn broadcast(w: &mut Wizard, change: Change, out: &mut Out) {
    for step in Step::ALL {
        let unit = of(step);
        if change == (Change::Service { credentials: true }) && unit.forget_credentials(w) {
            empty_fields(unit.fields(), out);
        }
        unit.changed(w, change, out);
    }
}

/// Whether any step holds a value of the chosen service (its URL, a check, a secret).
pub(super) fn credentials_held(w: &Wizard) -> bool {
    Step::ALL.into_iter().any(|s| of(s).holds_credentials(w))
}

/// Empties the shell's fields `fields` (a secret in them is wiped).
fn empty_fields(fields: &[Field], out: &mut Out) {
    for field in fields {
        let empty = Secret::new(String::new());
        out.effects
            .push(super::msg::Effect::SetField(*field, empty));
    }
}

/// What Tab does on a step with no field to move to: nothing.
pub(super) const NO_FIELDS: [Action; 2] = [Action::FocusNext, Action::FocusPrev];

/// One step of the wizard.
pub(super) trait Unit: Sync {
    /// What the step shows and offers.
    fn page(&self, w: &Wizard) -> Page;
    /// Its key table, its focused field's kind, the actions that do nothing now.
    fn keys(&self, w: &Wizard) -> Keys;
    /// Whether it counts as done (a check mark in the header).
    fn done(&self, w: &Wizard) -> bool;
    /// Whether the arrows choose in one of its lists.
    fn arrows(&self, _w: &Wizard) -> bool {
        false
    }
    /// The text field with focus.
    fn focused_field(&self, _w: &Wizard) -> Option<Field> {
        None
    }
    /// The text fields it owns.
    fn fields(&self) -> &'static [Field] {
        &[]
    }
    /// The field a paste goes to on this step, whatever has focus (a whole value).
    fn paste_field(&self) -> Option<Field> {
        None
    }
    /// A value given whole on this step (a paste, the plain shell's answer): by default, for
    /// the field's owner.
    fn given(&self, w: &mut Wizard, field: Field, value: &Secret, out: &mut Out) {
        if let Some(u) = owning(field) {
            u.edited(w, field, Edit::Given(value), out);
        }
    }
    /// The troubleshooting entry to open at when troubleshooting opens here.
    fn trouble_entry(&self, _w: &Wizard) -> Option<&'static str> {
        None
    }
    /// A field of its own changed: its text, or (masked) only its length.
    fn edited(&self, _w: &mut Wizard, _field: Field, _edit: Edit<'_>, _out: &mut Out) {}
    /// An action while it is on screen.
    fn act(&self, w: &mut Wizard, action: Action, out: &mut Out);
    /// Option `n` of one of its lists.
    fn choose(&self, _w: &mut Wizard, _list: List, _n: usize, _out: &mut Out) {}
    /// Copy value `n` of its page.
    fn copy_value(&self, _w: &mut Wizard, _n: usize, _out: &mut Out) {}
    /// The step is reached.
    fn arrive(&self, _w: &mut Wizard, _out: &mut Out) {}
    /// One of its jobs reports.
    fn on_event(&self, _w: &mut Wizard, _job: (JobId, JobKind), _event: JobEvent, _out: &mut Out) {}
    /// A result it builds on changed.
    fn changed(&self, _w: &mut Wizard, _change: Change, _out: &mut Out) {}
    /// It holds a value of the chosen service (a URL, a check, a secret).
    fn holds_credentials(&self, _w: &Wizard) -> bool {
        false
    }
    /// Forgets the chosen service's values it holds, as another service is chosen; whether it
    /// is a step that holds them (its fields are then emptied).
    fn forget_credentials(&self, _w: &mut Wizard) -> bool {
        false
    }
    /// Its line in Done's list of what is set up, for a step that sets up a credential: what
    /// it set up, or what is left to do. `recorded`: the line a resumed journey kept for it (a
    /// check passed in an earlier run, with when), for as long as nothing newer is known.
    fn summary(&self, _w: &Wizard, _recorded: Option<Status>) -> Option<Status> {
        None
    }
    /// Whether the results of jobs of this kind are its own.
    fn owns_job(&self, _kind: JobKind) -> bool {
        false
    }
    /// One of its jobs was cancelled (Esc).
    fn cancelled(&self, _w: &mut Wizard, _kind: JobKind) {}
    /// The text it keeps of each field the user also edits and it may change itself (a label
    /// it proposes, a path it resolves): always the same fields, in the same order. What it
    /// changes goes back to the field.
    fn texts(&self, _w: &Wizard) -> Vec<(Field, String)> {
        Vec::new()
    }
}

/// The texts every step keeps of fields the user also edits, in the same order each time.
pub(super) fn texts(w: &Wizard) -> Vec<(Field, String)> {
    Step::ALL.into_iter().flat_map(|s| of(s).texts(w)).collect()
}

/// The unit of `step`.
pub(super) fn of(step: Step) -> &'static dyn Unit {
    match step {
        Step::Welcome => &super::welcome::Welcome,
        Step::Service => &super::service::Service,
        Step::KeyPair => &super::key_pair::KeyPair,
        Step::PublicKey => &super::public_key::PublicKey,
        Step::CloneUrl => &super::clone_url::CloneUrl,
        Step::PrivateKey => &super::private_key::PrivateKey,
        Step::Test => &super::test::Test,
        Step::ServiceUrl => &super::service_url::ServiceUrl,
        Step::OauthConsumer => &super::oauth_consumer::Consumer,
        Step::AccessToken => &super::access_token::AccessToken,
        Step::Webhook => &super::webhook::Webhook,
        Step::Done => &super::done::Done,
    }
}

/// The step whose state the results of a job of this kind change.
pub(super) fn job_owner(kind: JobKind) -> Step {
    Step::ALL
        .into_iter()
        .find(|s| of(*s).owns_job(kind))
        .unwrap_or(Step::Welcome)
}

/// The unit that owns `field`, if a step does.
pub(super) fn owning(field: Field) -> Option<&'static dyn Unit> {
    Step::ALL
        .into_iter()
        .map(of)
        .find(|u| u.fields().contains(&field))
}

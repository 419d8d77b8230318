//! Step 2, Key pair: generate a new pair (type, format, label) or read an existing private
//! key file, checked as the service will read it. Owns the choices, the text fields' values,
//! the key in use and why the last attempt failed. A key in use is kept: Enter goes on with
//! it, and another key is made only on request (`n`), because the old public key must then be
//! replaced in Bitbucket. Generating, reading and removing a passphrase are jobs; their
//! results come back through [`KeyStep::on_event`].

mod choices;
mod events;
mod view;

use std::path::PathBuf;

pub use view::{KeyView, OptionRow, PASSPHRASE_CAPTION};

use crate::core::key_file::{GenerateRequest, KeyJobError, ReadyKey};
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::ssh_keys::{self, KeyAlgorithm, KeyFormat};
use crate::core::step::Step;

use super::Out;
use super::jobs::{JobKind, Jobs};
use super::msg::{Effect, Env, Field, SecretSource};
use super::overlay::Overlay;
use super::unit::Edit;

/// Where the key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// bblink generates a new pair.
    Generate,
    /// The user has a key file.
    Existing,
}

/// Which control has focus on the key screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFocus {
    /// Generate or existing.
    Source,
    /// The key type.
    Type,
    /// The private key file's format (RSA and ECDSA).
    Format,
    /// The label text field.
    Label,
    /// The existing key path text field.
    Path,
    /// The passphrase field (to remove a passphrase).
    Passphrase,
}

/// The key step's state.
#[derive(Debug, Clone)]
pub struct KeyStep {
    source: KeySource,
    algorithm: KeyAlgorithm,
    format: KeyFormat,
    focus: KeyFocus,
    label: String,
    label_edited: bool,
    existing_path: String,
    error: Option<KeyJobError>,
    ready: Option<ReadyKey>,
    typed: bool,
    /// A passphrase-protected key file bblink can open.
    locked: Option<PathBuf>,
    /// What the user agreed to for the generation being asked for.
    consent: Consents,
}

/// One answer to a question before generating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// Replace the existing files.
    Overwrite,
    /// Save inside a git work tree.
    InRepo,
}

/// The answers given so far for one generation.
#[derive(Debug, Clone, Copy, Default)]
struct Consents {
    overwrite: bool,
    in_repo: bool,
}

impl KeyStep {
    /// Generate an Ed25519 key named `label`.
    pub fn new(label: String) -> Self {
        Self {
            source: KeySource::Generate,
            algorithm: KeyAlgorithm::Ed25519,
            format: KeyFormat::Openssh,
            focus: KeyFocus::Type,
            label,
            label_edited: false,
            existing_path: String::new(),
            error: None,
            ready: None,
            typed: false,
            locked: None,
            consent: Consents::default(),
        }
    }

    /// The key in use.
    pub fn ready(&self) -> Option<&ReadyKey> {
        self.ready.as_ref()
    }

    /// The label (and file name) of a key to generate.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Whether the user typed the label (it no longer follows the service and repository).
    pub fn label_edited(&self) -> bool {
        self.label_edited
    }

    /// The path typed for an existing key, as typed.
    pub fn existing_path(&self) -> &str {
        &self.existing_path
    }

    /// Text was typed that no key has been made from yet.
    pub fn unsaved(&self) -> bool {
        self.typed
    }

    /// The type to generate.
    pub fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    /// Takes the default label unless the user typed one.
    pub(super) fn follow_default(&mut self, label: String) {
        if !self.label_edited {
            self.label = label;
        }
    }

    /// Restores saved choices.
    pub(super) fn restore(&mut self, algorithm: KeyAlgorithm, label: Option<String>) {
        self.algorithm = algorithm;
        if let Some(label) = label {
            self.label = label;
            self.label_edited = true;
        }
    }

    /// Where a key generated with the current label would be saved.
    pub fn generated_key_path(&self, env: &Env) -> Option<PathBuf> {
        let name = ssh_keys::file_safe(&self.label);
        (!name.is_empty()).then(|| env.keys_dir.join(name))
    }

    /// The existing-key path as typed, with `~` expanded.
    pub fn existing_key_path(&self, env: &Env) -> Option<PathBuf> {
        let typed = self.existing_path.trim().trim_matches(['"', '\'']);
        if typed.is_empty() {
            return None;
        }
        match (typed.strip_prefix("~/"), &env.home) {
            (Some(rest), Some(home)) => Some(home.join(rest)),
            _ => Some(PathBuf::from(typed)),
        }
    }

    /// A one-line field's new text.
    pub(super) fn edited(&mut self, field: Field, value: String) -> bool {
        // The label becomes the key's comment, which terminals show: no control characters.
        let value = if field == Field::Label && value.chars().any(char::is_control) {
            value.chars().filter(|c| !c.is_control()).collect()
        } else {
            value
        };
        let changed = match field {
            Field::Label if value != self.label => {
                self.label = value;
                self.label_edited = true;
                true
            }
            Field::ExistingPath if value != self.existing_path => {
                self.existing_path = value;
                true
            }
            _ => false,
        };
        if changed {
            self.error = None;
            self.locked = None;
        }
        self.typed |= changed;
        changed
    }

    /// Handles an action on this step.
    pub(super) fn act(&mut self, action: Action, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        match action {
            Action::Next if self.focus == KeyFocus::Passphrase => self.unlock(env, jobs, out),
            Action::Next => self.next(env, jobs, out),
            Action::NewKey => match &self.ready {
                Some(key) if self.source == KeySource::Generate => {
                    out.overlay = Some(Overlay::ConfirmNewKey(key.info.fingerprint.clone()));
                }
                _ => {}
            },
            Action::Unlock if self.locked.is_some() => self.focus = KeyFocus::Passphrase,
            Action::FocusNext | Action::FocusPrev => self.cycle(action == Action::FocusNext),
            Action::Up | Action::Down => self.row(action == Action::Down),
            Action::Left | Action::Right => self.choose(action == Action::Right),
            _ => {}
        }
    }

    fn next(&mut self, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        match self.source {
            // A key in use is kept: making another is an explicit choice (`n`).
            KeySource::Generate if self.ready.is_some() => out.onward = true,
            KeySource::Generate => self.generate(None, env, jobs, out),
            KeySource::Existing => {
                let Some(path) = self.existing_key_path(env) else {
                    self.error = Some(KeyJobError::EmptyPath);
                    return;
                };
                if self.ready.as_ref().is_some_and(|k| k.private_path == path) {
                    out.onward = true;
                    return;
                }
                self.error = None;
                self.locked = None;
                if let Some(job) = out.start(jobs, JobKind::LoadKey) {
                    out.effects.push(Effect::LoadKey { job, path });
                }
            }
        }
    }

    /// Starts generating. `answer` adds one consent to those already given for this request
    /// (a replaced file, then a git work tree: the second question keeps the first answer);
    /// `None` is a new request, with none. A default label never replaces a file: a taken name
    /// gets `-2`, `-3`, ….
    pub(super) fn generate(
        &mut self,
        answer: Option<Consent>,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        self.consent = match answer {
            Some(Consent::Overwrite) => Consents {
                overwrite: true,
                ..self.consent
            },
            Some(Consent::InRepo) => Consents {
                in_repo: true,
                ..self.consent
            },
            None => Consents::default(),
        };
        let Consents {
            overwrite,
            in_repo: allow_in_repo,
        } = self.consent;
        let Some(private_path) = self.generated_key_path(env) else {
            self.error = Some(KeyJobError::EmptyLabel);
            return;
        };
        self.error = None;
        if let Some(job) = out.start(jobs, JobKind::Generate(self.algorithm)) {
            out.effects.push(Effect::GenerateKey {
                job,
                request: GenerateRequest {
                    algorithm: self.algorithm,
                    format: self.format,
                    comment: self.label.trim().to_string(),
                    private_path,
                    overwrite,
                    allow_in_repo,
                    free_name: !self.label_edited && !overwrite,
                },
            });
        }
    }

    fn unlock(&mut self, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        let Some(path) = self.locked.clone() else {
            return;
        };
        if let Some(job) = out.start(jobs, JobKind::UnlockKey) {
            self.error = None;
            out.effects.push(Effect::UnlockKey {
                job,
                path,
                passphrase: SecretSource::Field(Field::Passphrase),
                keys_dir: env.keys_dir.clone(),
            });
        }
    }
}

/// The key pair step as a unit.
pub(super) struct KeyPair;

impl super::unit::Unit for KeyPair {
    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(
            kind,
            super::jobs::JobKind::Generate(_)
                | super::jobs::JobKind::LoadKey
                | super::jobs::JobKind::UnlockKey
        )
    }

    fn page(&self, w: &super::Wizard) -> super::page::Page {
        view::page(&w.key_view())
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        let context = match w.key.source {
            KeySource::Generate if w.key.ready.is_some() => Context::KeyReady,
            KeySource::Generate => Context::KeyGenerate,
            KeySource::Existing => Context::KeyExisting,
        };
        let mut unavailable = Vec::new();
        // ←→ choose only on a row of options (on a field they move the cursor).
        if !w.key.in_options() {
            unavailable.extend([Action::Left, Action::Right]);
        }
        if w.key.ready.is_none() || w.key.source == KeySource::Existing {
            unavailable.push(Action::NewKey);
        }
        if w.key.locked.is_none() {
            unavailable.push(Action::Unlock);
        }
        (
            context,
            self.focused_field(w).map(|_| FieldKind::Line),
            unavailable,
        )
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.key.ready().is_some()
    }

    fn arrows(&self, _w: &super::Wizard) -> bool {
        true
    }

    fn focused_field(&self, w: &super::Wizard) -> Option<Field> {
        match (w.key.focus, w.key.source) {
            (KeyFocus::Label, KeySource::Generate) => Some(Field::Label),
            (KeyFocus::Path, KeySource::Existing) => Some(Field::ExistingPath),
            (KeyFocus::Passphrase, _) if w.key.locked.is_some() => Some(Field::Passphrase),
            _ => None,
        }
    }

    fn fields(&self) -> &'static [Field] {
        &[Field::Label, Field::ExistingPath, Field::Passphrase]
    }

    fn texts(&self, w: &super::Wizard) -> Vec<(Field, String)> {
        let k = &w.key;
        vec![
            (Field::Label, k.label.clone()),
            (Field::ExistingPath, k.existing_path.clone()),
        ]
    }

    fn edited(&self, w: &mut super::Wizard, field: Field, edit: Edit<'_>, _out: &mut Out) {
        w.key.edited(field, edit.parts().0.to_string());
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        w.key.act(action, &w.env, &mut w.jobs, out);
    }

    fn choose(&self, w: &mut super::Wizard, list: super::page::List, n: usize, _out: &mut Out) {
        w.key.choose_option(list, n);
    }

    fn arrive(&self, w: &mut super::Wizard, _out: &mut Out) {
        let label = w.default_label();
        w.key.follow_default(label);
    }

    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (super::jobs::JobId, JobKind),
        event: super::msg::JobEvent,
        out: &mut Out,
    ) {
        if w.key.on_event(event, w.step == Step::KeyPair, out) {
            super::unit::broadcast(w, super::unit::Change::Key, out);
        }
    }

    /// Another service suggests another label (unless one was typed).
    fn changed(&self, w: &mut super::Wizard, change: super::unit::Change, _out: &mut Out) {
        if matches!(change, super::unit::Change::Service { .. }) {
            let label = w.default_label();
            w.key.follow_default(label);
        }
    }

    fn cancelled(&self, w: &mut super::Wizard, _kind: JobKind) {
        w.key.cancelled();
    }
}

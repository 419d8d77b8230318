//! Step 2, Key pair: generate a new pair (type, label) or read an existing private key file.
//! Owns the choices, the two text fields' values, the key in use and why the last attempt
//! failed. Generation and reading are jobs; their results come back through [`KeyStep::on_event`].

use std::path::PathBuf;

use crate::core::key::{Action, Context, FieldKind};
use crate::core::keyfile::{GenerateRequest, KeyJobError, ReadyKey};
use crate::core::keys::{self, KeyAlgorithm};
use crate::core::step::Step;

use super::jobs::{JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent};
use super::overlay::Overlay;
use super::{Out, display_path};

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
    /// The label text field.
    Label,
    /// The existing key path text field.
    Path,
}

/// The key step's state.
#[derive(Debug, Clone)]
pub struct KeyStep {
    source: KeySource,
    algorithm: KeyAlgorithm,
    focus: KeyFocus,
    label: String,
    label_edited: bool,
    existing_path: String,
    error: Option<KeyJobError>,
    ready: Option<ReadyKey>,
    stage: Option<String>,
    typed: bool,
}

/// What the key screen shows.
#[derive(Debug, Clone)]
pub struct KeyView<'a> {
    /// Generate or existing.
    pub source: KeySource,
    /// The type to generate.
    pub algorithm: KeyAlgorithm,
    /// The focused control.
    pub focus: KeyFocus,
    /// The label as typed.
    pub label: &'a str,
    /// The existing key's path as typed.
    pub existing_path: &'a str,
    /// Where a generated key would be saved (shortened with `~`), if the label allows one.
    pub save_path: Option<String>,
    /// The service's name.
    pub service: &'a str,
    /// The service's advice on the key type.
    pub key_note: Option<&'a str>,
    /// The running generation or read, and its latest stage.
    pub working: Option<(JobKind, Option<&'a str>)>,
    /// Why the last attempt failed.
    pub error: Option<&'a KeyJobError>,
    /// The key in use, and its path shortened with `~`.
    pub ready: Option<(&'a ReadyKey, String)>,
}

impl KeyStep {
    /// Generate an Ed25519 key named `label`.
    pub fn new(label: String) -> Self {
        Self {
            source: KeySource::Generate,
            algorithm: KeyAlgorithm::Ed25519,
            focus: KeyFocus::Type,
            label,
            label_edited: false,
            existing_path: String::new(),
            error: None,
            ready: None,
            stage: None,
            typed: false,
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
        let name = keys::file_safe(&self.label);
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

    /// The focused text field.
    pub fn focused_field(&self) -> Option<Field> {
        match (self.focus, self.source) {
            (KeyFocus::Label, KeySource::Generate) => Some(Field::Label),
            (KeyFocus::Path, KeySource::Existing) => Some(Field::ExistingPath),
            _ => None,
        }
    }

    /// The key table in force, the focused field's kind, and what does nothing now (the
    /// arrows choose only in the two lists).
    pub fn keys(&self) -> (Context, Option<FieldKind>, Vec<Action>) {
        let context = match self.source {
            KeySource::Generate => Context::KeyGenerate,
            KeySource::Existing => Context::KeyExisting,
        };
        let unavailable = match self.focus {
            KeyFocus::Source | KeyFocus::Type => Vec::new(),
            KeyFocus::Label | KeyFocus::Path => vec![Action::Up, Action::Down],
        };
        (
            context,
            self.focused_field().map(|_| FieldKind::Line),
            unavailable,
        )
    }

    /// A one-line field's new text.
    pub(super) fn edited(&mut self, field: Field, value: String) -> bool {
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
        self.error = None;
        self.typed |= changed;
        changed
    }

    /// Handles an action on this step.
    pub(super) fn act(&mut self, action: Action, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        match action {
            Action::Next => self.next(env, jobs, out),
            Action::FocusNext | Action::FocusPrev => {
                let order: &[KeyFocus] = match self.source {
                    KeySource::Generate => &[KeyFocus::Source, KeyFocus::Type, KeyFocus::Label],
                    KeySource::Existing => &[KeyFocus::Source, KeyFocus::Path],
                };
                let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                let n = order.len();
                let j = if action == Action::FocusNext {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.focus = order[j];
            }
            Action::Up | Action::Down => match self.focus {
                KeyFocus::Source => {
                    self.source = match self.source {
                        KeySource::Generate => KeySource::Existing,
                        KeySource::Existing => KeySource::Generate,
                    };
                    self.error = None;
                }
                KeyFocus::Type => {
                    let all = KeyAlgorithm::CHOICES;
                    let i = all.iter().position(|a| *a == self.algorithm).unwrap_or(0);
                    let n = all.len();
                    let down = action == Action::Down;
                    self.algorithm = all[if down { (i + 1) % n } else { (i + n - 1) % n }];
                }
                KeyFocus::Label | KeyFocus::Path => {}
            },
            _ => {}
        }
    }

    fn next(&mut self, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        match self.source {
            KeySource::Generate => {
                let Some(path) = self.generated_key_path(env) else {
                    self.error = Some(KeyJobError::EmptyLabel);
                    return;
                };
                if self.ready.as_ref().is_some_and(|k| k.private_path == path) {
                    out.go = Some(Step::PublicKey);
                    return;
                }
                self.generate(false, false, env, jobs, out);
            }
            KeySource::Existing => {
                let Some(path) = self.existing_key_path(env) else {
                    self.error = Some(KeyJobError::EmptyPath);
                    return;
                };
                if self.ready.as_ref().is_some_and(|k| k.private_path == path) {
                    out.go = Some(Step::PublicKey);
                    return;
                }
                self.error = None;
                match jobs.start(JobKind::LoadKey) {
                    Ok(job) => out.effects.push(Effect::LoadKey { job, path }),
                    Err(busy) => out.notice = Some(busy.message()),
                }
            }
        }
    }

    /// Starts generating with the given consents.
    pub(super) fn generate(
        &mut self,
        overwrite: bool,
        allow_in_repo: bool,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        let Some(private_path) = self.generated_key_path(env) else {
            self.error = Some(KeyJobError::EmptyLabel);
            return;
        };
        self.error = None;
        self.stage = None;
        match jobs.start(JobKind::Generate(self.algorithm)) {
            Ok(job) => out.effects.push(Effect::GenerateKey {
                job,
                request: GenerateRequest {
                    algorithm: self.algorithm,
                    comment: self.label.trim().to_string(),
                    private_path,
                    overwrite,
                    allow_in_repo,
                },
            }),
            Err(busy) => out.notice = Some(busy.message()),
        }
    }

    /// The user declined a confirmation: the reason stays on screen.
    pub(super) fn declined(&mut self, error: KeyJobError) {
        self.error = Some(error);
    }

    /// The running generation was cancelled.
    pub(super) fn cancelled(&mut self) {
        self.stage = None;
        self.error = Some(KeyJobError::Cancelled);
    }

    /// A key job reports. `here` says whether the key step is on screen (a resumed key loads
    /// elsewhere). Returns whether the key in use changed.
    pub(super) fn on_event(&mut self, event: JobEvent, here: bool, out: &mut Out) -> bool {
        let result = match event {
            JobEvent::Progress(stage) => {
                self.stage = Some(stage);
                return false;
            }
            JobEvent::KeyReady(result) => result,
            _ => return false,
        };
        self.stage = None;
        match result {
            Ok(key) => {
                let changed = self.ready.as_ref().map(|k| &k.info) != Some(&key.info);
                if key.generated {
                    self.source = KeySource::Generate;
                } else {
                    self.existing_path = key.private_path.display().to_string();
                }
                self.ready = Some(key);
                self.error = None;
                self.typed = false;
                out.save = true;
                if here {
                    out.go = Some(Step::PublicKey);
                }
                changed
            }
            Err(KeyJobError::Exists(paths)) => {
                out.overlay = Some(Overlay::ConfirmOverwrite(paths));
                false
            }
            Err(KeyJobError::InGitWorkTree { root }) => {
                out.overlay = Some(Overlay::ConfirmInRepo(root));
                false
            }
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        env: &Env,
        service: Option<&'a crate::core::service::ServiceProfile>,
        working: Option<JobKind>,
    ) -> KeyView<'a> {
        let home = env.home.as_deref();
        KeyView {
            source: self.source,
            algorithm: self.algorithm,
            focus: self.focus,
            label: &self.label,
            existing_path: &self.existing_path,
            save_path: self.generated_key_path(env).map(|p| display_path(home, &p)),
            service: service.map_or("The service", |s| s.name.as_str()),
            key_note: service.and_then(|s| s.key_note.as_deref()),
            working: working.map(|k| (k, self.stage.as_deref())),
            error: self.error.as_ref(),
            ready: self
                .ready
                .as_ref()
                .map(|k| (k, display_path(home, &k.private_path))),
        }
    }
}

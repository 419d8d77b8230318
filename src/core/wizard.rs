//! The wizard as a pure state machine: [`Wizard::update`] takes a [`Msg`] and returns the
//! [`Effect`]s to run. It never does IO; the UI's runner executes effects and feeds the results
//! back as messages tagged with the job id, so a result that arrives after Back or Cancel is
//! recognised as stale and dropped.

mod state;
mod step;
#[cfg(test)]
mod tests;
mod url_step;

use std::path::{Path, PathBuf};

pub use state::{
    CloneUrlState, CopyState, Field, KeyFocus, KeyJobError, KeySource, PrivateKeyState, ReadyKey,
    SecretCopy, ServiceFocus, WriteState,
};
pub use step::Step;

use super::clone_url;
use super::inspect;
use super::keymap::{self, Action, Context, Key, Resolved};
use super::keys::{self, KeyAlgorithm};
use super::progress::Progress;
use super::secret::Secret;
use super::service::{Flavor, ServiceProfile};

/// Identifies a background job so late results can be told from current ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(pub u64);

/// Facts from outside the core, injected so tests are deterministic.
#[derive(Debug, Clone)]
pub struct Env {
    /// Today's date, `YYYY-MM-DD` (for default labels).
    pub today: String,
    /// Where generated keys are saved.
    pub keys_dir: PathBuf,
    /// The directory `w` writes into.
    pub cwd: PathBuf,
    /// The user's home directory (to expand `~` and shorten paths for display).
    pub home: Option<PathBuf>,
    /// Whether an OSC 52 clipboard escape can be sent (stdout is a terminal).
    pub osc52: bool,
    /// Seconds after which a copied private key is taken off the clipboard.
    pub clear_clipboard_after: u64,
}

/// A dialog over the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key of the current screen.
    Help,
    /// Saved progress was found: resume or start over.
    Resume(Progress),
    /// Quit although something is unsaved or running.
    ConfirmQuit,
    /// These files exist: overwrite them?
    ConfirmOverwrite(Vec<PathBuf>),
    /// The key would be saved inside this git work tree.
    ConfirmInRepo(PathBuf),
}

/// What the wizard is told.
#[derive(Debug)]
pub enum Msg {
    /// A key press; resolved through the key tables.
    Key(Key),
    /// An action (from a key already resolved, or a test).
    Action(Action),
    /// A text field's new contents.
    FieldEdited(Field, String),
    /// A generated or loaded key, or why not.
    KeyReady {
        /// The job that produced it.
        job: JobId,
        /// The key, or the reason.
        result: Result<ReadyKey, KeyJobError>,
    },
    /// The system clipboard took the text, or why not.
    Copied {
        /// The copy job.
        job: JobId,
        /// `Err` holds a short reason (no clipboard, no display).
        result: Result<(), String>,
    },
    /// The public key was written to a file, or why not.
    Written {
        /// The write job.
        job: JobId,
        /// The path written, or the error.
        result: Result<PathBuf, String>,
    },
    /// The private key text area's contents changed.
    PrivateKeyText(Secret),
    /// The private key area's unchanged text, to check again (the key step's key may differ).
    PrivateKeyRecheck(Secret),
    /// The clone URL field's text changed (it may hold a token, so it is a secret).
    UrlText {
        /// The whole text.
        text: Secret,
        /// It arrived as one paste.
        pasted: bool,
    },
    /// A private key file was read for the private key step.
    PrivateKeyFile {
        /// The load job.
        job: JobId,
        /// The path, its text and whether others can read it; or the error.
        result: Result<(PathBuf, Secret, bool), String>,
    },
    /// SIGTERM/SIGHUP: save and leave.
    Terminate,
}

/// A request to generate and save a key pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateRequest {
    /// The job id to report with.
    pub job: JobId,
    /// Key type and size.
    pub algorithm: KeyAlgorithm,
    /// The key's comment (the label as typed).
    pub comment: String,
    /// Where the private key goes; the public key goes to the same path plus `.pub`.
    pub private_path: PathBuf,
    /// The user agreed to replace existing files.
    pub overwrite: bool,
    /// The user agreed to save inside a git work tree.
    pub allow_in_repo: bool,
}

/// Work for the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Generate a key pair off the render loop and save it.
    GenerateKey(GenerateRequest),
    /// Read an existing key file's public half.
    LoadKey {
        /// The job id to report with.
        job: JobId,
        /// The private key file.
        path: PathBuf,
    },
    /// Put text on the system clipboard.
    Copy {
        /// The job id to report with.
        job: JobId,
        /// The text (a public key: not a secret).
        text: String,
    },
    /// Send text to the terminal's clipboard with an OSC 52 escape (from the render thread).
    Osc52 {
        /// The text.
        text: String,
    },
    /// Write the public key line to a new file.
    WritePublicKey {
        /// The job id to report with.
        job: JobId,
        /// The public key line.
        text: String,
        /// Where.
        path: PathBuf,
    },
    /// Read a private key file for the private key step.
    LoadPrivateKeyFile {
        /// The job id to report with.
        job: JobId,
        /// The file.
        path: PathBuf,
    },
    /// Put a private key on the system clipboard and clear it after the delay unless it changed.
    CopySecret {
        /// The job id to report with (as `Msg::Copied`).
        job: JobId,
        /// The key.
        text: Secret,
    },
    /// Persist the progress.
    SaveProgress(Progress),
    /// Abort a running job; its result, if any, will be ignored.
    Cancel(JobId),
    /// Leave the program.
    Quit,
}

/// The job in flight (at most one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    /// Its id.
    pub id: JobId,
    /// What it does.
    pub kind: JobKind,
}

/// Kinds of background work the screens show progress for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Generating a key of this type.
    Generate(KeyAlgorithm),
    /// Reading a key file.
    Load,
    /// Copying to the clipboard.
    Copy,
    /// Writing the public key file.
    Write,
    /// Reading a key file for the private key step.
    LoadPrivate,
    /// Copying the repaired private key.
    CopySecret,
    /// Copying the SSH URL.
    CopyUrl,
}

/// The whole state of the wizard.
#[allow(clippy::struct_excessive_bools)] // independent facts, not a mode in disguise
#[derive(Debug, Clone)]
pub struct Wizard {
    /// Injected facts.
    pub env: Env,
    /// The services on offer.
    pub services: Vec<ServiceProfile>,
    /// The current screen.
    pub step: Step,
    /// The open dialog.
    pub overlay: Option<Overlay>,
    /// Index into `services`.
    pub service_index: usize,
    /// Cloud or Data Center.
    pub flavor: Flavor,
    /// Which list has focus on the service screen.
    pub service_focus: ServiceFocus,
    /// Generate or use an existing key.
    pub source: KeySource,
    /// The key type to generate.
    pub algorithm: KeyAlgorithm,
    /// Which control has focus on the key screen.
    pub key_focus: KeyFocus,
    /// The key label (comment and file name).
    pub label: String,
    /// The user changed the label (it no longer follows the service).
    pub label_edited: bool,
    /// The path typed for an existing key.
    pub existing_path: String,
    /// Why the last key attempt failed.
    pub key_error: Option<KeyJobError>,
    /// The key in use.
    pub key: Option<ReadyKey>,
    /// Clipboard status of the public key.
    pub copy: CopyState,
    /// Whether the public key was written to a file.
    pub written: WriteState,
    /// The private key step.
    pub private: PrivateKeyState,
    /// Text for the private key area that came from a file; the UI takes it.
    pub incoming_private: Option<Secret>,
    /// The clone URL step.
    pub url: CloneUrlState,
    /// Text for the clone URL field (a repair, a restored URL, or empty); the UI takes it.
    pub incoming_url: Option<String>,
    /// The running job.
    pub job: Option<Job>,
    /// Ctrl-G was pressed: the next digit jumps.
    pub go_pending: bool,
    /// Text typed but not yet acted on.
    pub dirty: bool,
    /// Set once the wizard has decided to quit.
    pub quitting: bool,
    next_job: u64,
}

impl Wizard {
    /// A wizard on the welcome screen, offering to resume `saved` if given.
    pub fn new(env: Env, services: Vec<ServiceProfile>, saved: Option<Progress>) -> Self {
        let label = keys::default_label(
            services.first().map_or("service", |s| s.id.as_str()),
            None,
            &env.today,
        );
        let mut w = Self {
            env,
            services,
            step: Step::Welcome,
            overlay: None,
            service_index: 0,
            flavor: Flavor::Cloud,
            service_focus: ServiceFocus::Service,
            source: KeySource::Generate,
            algorithm: KeyAlgorithm::Ed25519,
            key_focus: KeyFocus::Type,
            label,
            label_edited: false,
            existing_path: String::new(),
            key_error: None,
            key: None,
            copy: CopyState::Idle,
            written: WriteState::None,
            private: PrivateKeyState::focused(),
            incoming_private: None,
            url: CloneUrlState::focused(),
            incoming_url: None,
            job: None,
            go_pending: false,
            dirty: false,
            quitting: false,
            next_job: 0,
        };
        if let Some(mut p) = saved.filter(|p| p.version == Progress::VERSION) {
            // The file may have been edited: only a usable URL, in bblink's own form.
            p.clone_url = p.clone_url.as_deref().and_then(clone_url::usable_ssh_url);
            w.overlay = Some(Overlay::Resume(p));
        }
        w
    }

    /// Starts on `step` (the `--screen` flag): saved progress is applied without asking.
    pub fn start_at(&mut self, step: Step) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(Overlay::Resume(p)) = self.overlay.take() {
            effects = self.apply_progress(&p);
        }
        self.step = step;
        effects
    }

    /// The chosen service.
    pub fn service(&self) -> Option<&ServiceProfile> {
        self.services.get(self.service_index)
    }

    /// The key table context of the current state.
    pub fn key_context(&self) -> Context<'_> {
        Context {
            step: self.step,
            overlay: self.overlay.as_ref(),
            field_focused: self.focused_field().is_some(),
            working: self.working_here(),
            go_pending: self.go_pending,
            existing_key_source: self.source == KeySource::Existing,
            has_key: self.key.is_some(),
            multiline: self.step == Step::PrivateKey,
            repaired: self.private.verdict.as_ref().is_some_and(|v| v.repaired),
            url_copy: self.url.check.as_ref().is_some_and(|c| c.ssh_url.is_some()),
            url_repair: self
                .url
                .check
                .as_ref()
                .is_some_and(|c| c.repair().is_some()),
        }
    }

    /// Where a key press goes.
    pub fn resolve(&self, key: Key) -> Resolved {
        keymap::resolve(&self.key_context(), key)
    }

    /// The text field with focus, if any (an overlay may cover it; keys go to the overlay).
    pub fn focused_field(&self) -> Option<Field> {
        if self.step == Step::PrivateKey && self.private.area_focused && !self.private.masked {
            return Some(Field::PrivateKey);
        }
        if self.step == Step::CloneUrl && self.url.field_focused {
            return Some(Field::CloneUrl);
        }
        if self.step != Step::Key {
            return None;
        }
        match self.key_focus {
            KeyFocus::Label if self.source == KeySource::Generate => Some(Field::Label),
            KeyFocus::Path if self.source == KeySource::Existing => Some(Field::ExistingPath),
            _ => None,
        }
    }

    /// A job runs whose progress this screen shows (so Esc cancels it).
    pub fn working_here(&self) -> bool {
        self.step == Step::Key
            && matches!(
                self.job,
                Some(Job {
                    kind: JobKind::Generate(_) | JobKind::Load,
                    ..
                })
            )
    }

    /// Whether a step counts as done (a check mark in the header).
    pub fn is_done(&self, step: Step) -> bool {
        match step {
            Step::Welcome => self.step > Step::Welcome,
            Step::Service => self.step > Step::Service || self.key.is_some(),
            Step::Key => self.key.is_some(),
            Step::PublicKey => {
                matches!(self.copy, CopyState::Copied | CopyState::SentOsc52 { .. })
                    || matches!(self.written, WriteState::Written(_))
            }
            Step::CloneUrl => self.url.url().is_some(),
            Step::PrivateKey => self.private.verdict.as_ref().is_some_and(|v| v.ok),
        }
    }

    /// Where a key generated with the current label would be saved.
    pub fn generated_key_path(&self) -> Option<PathBuf> {
        let name = keys::file_safe(&self.label);
        (!name.is_empty()).then(|| self.env.keys_dir.join(name))
    }

    /// The existing-key path as typed, with `~` expanded.
    pub fn existing_key_path(&self) -> Option<PathBuf> {
        let typed = self.existing_path.trim().trim_matches(['"', '\'']);
        if typed.is_empty() {
            return None;
        }
        match (typed.strip_prefix("~/"), &self.env.home) {
            (Some(rest), Some(home)) => Some(home.join(rest)),
            _ => Some(PathBuf::from(typed)),
        }
    }

    /// A path shortened with `~` for display.
    pub fn display_path(&self, path: &Path) -> String {
        match &self.env.home {
            Some(home) if path.starts_with(home) && home != Path::new("/") => {
                let rest = path.strip_prefix(home).unwrap_or(path);
                format!("~/{}", rest.display())
            }
            _ => path.display().to_string(),
        }
    }

    /// What to save between runs.
    pub fn progress(&self) -> Progress {
        Progress {
            version: Progress::VERSION,
            service: self.service().map(|s| s.id.clone()).unwrap_or_default(),
            flavor: self.flavor,
            step: self.step.name().to_string(),
            algorithm: self.algorithm,
            label: self.label.clone(),
            label_edited: self.label_edited,
            key_path: self.key.as_ref().map(|k| k.private_path.clone()),
            clone_url: self.url.url().map(str::to_string),
        }
    }

    fn new_job(&mut self, kind: JobKind) -> JobId {
        self.next_job += 1;
        let id = JobId(self.next_job);
        self.job = Some(Job { id, kind });
        id
    }

    fn is_current(&self, job: JobId) -> bool {
        self.job.is_some_and(|j| j.id == job)
    }

    fn apply_progress(&mut self, p: &Progress) -> Vec<Effect> {
        if let Some(i) = self.services.iter().position(|s| s.id == p.service) {
            self.service_index = i;
        }
        self.flavor = p.flavor;
        self.algorithm = p.algorithm;
        if let Some(url) = &p.clone_url {
            self.restore_url(url);
        }
        self.label_edited = p.label_edited;
        self.label = if p.label_edited {
            p.label.clone()
        } else {
            self.default_label()
        };
        self.step = Step::from_name(&p.step).unwrap_or(Step::Service);
        match &p.key_path {
            Some(path) => {
                self.existing_path = path.display().to_string();
                let job = self.new_job(JobKind::Load);
                vec![Effect::LoadKey {
                    job,
                    path: path.clone(),
                }]
            }
            None => Vec::new(),
        }
    }

    fn default_label(&self) -> String {
        let id = self.service().map_or("service", |s| s.id.as_str());
        let repo = self
            .url
            .check
            .as_ref()
            .filter(|c| c.ok)
            .and_then(|c| c.repo.as_deref());
        keys::default_label(id, repo, &self.env.today)
    }

    /// Advances the state machine by one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) => match self.resolve(key) {
                Resolved::Action(a) => self.act(a),
                Resolved::Field | Resolved::Ignored => {
                    self.go_pending = false;
                    Vec::new()
                }
            },
            Msg::Action(a) => self.act(a),
            Msg::FieldEdited(field, value) => {
                match field {
                    Field::Label => {
                        if value != self.label {
                            self.label = value;
                            self.label_edited = true;
                            self.dirty = true;
                        }
                    }
                    Field::ExistingPath => {
                        if value != self.existing_path {
                            self.existing_path = value;
                            self.dirty = true;
                        }
                    }
                    Field::PrivateKey | Field::CloneUrl => {}
                }
                self.key_error = None;
                Vec::new()
            }
            Msg::KeyReady { job, result } => self.on_key_ready(job, result),
            Msg::Copied { job, result } => {
                if !self.is_current(job) {
                    return Vec::new();
                }
                let kind = self.job.take().map(|j| j.kind);
                match kind {
                    Some(JobKind::CopySecret) => {
                        self.private.copy = match result {
                            Ok(()) => SecretCopy::Copied,
                            Err(reason) => SecretCopy::Unavailable(reason),
                        };
                        Vec::new()
                    }
                    Some(JobKind::CopyUrl) => {
                        let text = self.url.check.as_ref().and_then(|c| c.ssh_url.clone());
                        let (state, effects) = self.copy_outcome(result, text);
                        self.url.copy = state;
                        effects
                    }
                    _ => {
                        let text = self.key.as_ref().map(|k| k.info.public_line.clone());
                        let (state, effects) = self.copy_outcome(result, text);
                        self.copy = state;
                        effects
                    }
                }
            }
            Msg::Written { job, result } => {
                if self.is_current(job) {
                    self.job = None;
                    self.written = match result {
                        Ok(p) => WriteState::Written(p),
                        Err(e) => WriteState::Failed(e),
                    };
                }
                Vec::new()
            }
            Msg::UrlText { text, pasted } => self.on_url_text(&text, pasted),
            Msg::PrivateKeyText(text) => {
                self.inspect_private(&text, None);
                Vec::new()
            }
            Msg::PrivateKeyRecheck(text) => {
                // The same text against a changed key: where it came from still holds.
                let from_file = self.private.from_file.clone();
                self.inspect_private(&text, from_file);
                Vec::new()
            }
            Msg::PrivateKeyFile { job, result } => {
                if !self.is_current(job) {
                    return Vec::new();
                }
                self.job = None;
                match result {
                    Ok((path, text, insecure)) => {
                        self.inspect_private(&text, Some((path, insecure)));
                        self.incoming_private = Some(text);
                    }
                    Err(e) => self.private.note = Some(e),
                }
                Vec::new()
            }
            Msg::Terminate => self.quit_now(),
        }
    }

    /// The clipboard's answer as a copy state; without a system clipboard the text goes out by
    /// OSC 52 where the terminal can take it.
    fn copy_outcome(
        &self,
        result: Result<(), String>,
        text: Option<String>,
    ) -> (CopyState, Vec<Effect>) {
        match result {
            Ok(()) => (CopyState::Copied, Vec::new()),
            Err(reason) if self.env.osc52 => (
                CopyState::SentOsc52 { reason },
                text.map(|text| vec![Effect::Osc52 { text }])
                    .unwrap_or_default(),
            ),
            Err(reason) => (CopyState::Unavailable { reason }, Vec::new()),
        }
    }

    /// Runs the inspector on the private key text (it is pure and fast; the text is not kept).
    fn inspect_private(&mut self, text: &Secret, from_file: Option<(PathBuf, bool)>) {
        let p = &mut self.private;
        p.note = None;
        p.copy = SecretCopy::Idle;
        p.from_file = from_file;
        let raw = text.expose();
        p.size = (raw.lines().count(), raw.len());
        if raw.trim().is_empty() {
            p.verdict = None;
            p.masked = false;
            p.area_focused = true;
            return;
        }
        let mut verdict = inspect::inspect(raw, self.key.as_ref().map(|k| &k.info));
        verdict.note_file_mode(p.from_file.as_ref().is_some_and(|(_, insecure)| *insecure));
        let newly_recognised = verdict.kind == inspect::Kind::Private
            && p.verdict
                .as_ref()
                .is_none_or(|v| v.kind != inspect::Kind::Private);
        if newly_recognised {
            // A recognised private key is hidden at once; `s` shows it.
            p.masked = true;
            p.area_focused = false;
        }
        p.verdict = Some(verdict);
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        self.go_pending = false;
        if let Some(overlay) = self.overlay.clone() {
            return self.act_on_overlay(&overlay, action);
        }
        match action {
            Action::ForceQuit => self.quit_now(),
            Action::Quit => {
                // A URL that is not usable yet is never saved (it may hold a token): ask first.
                let url_unsaved = self.url.check.as_ref().is_some_and(|c| !c.ok);
                if self.dirty || url_unsaved || self.job.is_some() {
                    self.overlay = Some(Overlay::ConfirmQuit);
                    Vec::new()
                } else {
                    self.quit_now()
                }
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help);
                Vec::new()
            }
            Action::GoPrefix => {
                self.go_pending = true;
                Vec::new()
            }
            Action::Back => {
                if self.working_here() {
                    return self.cancel_job();
                }
                match self.step.prev() {
                    Some(prev) => self.go_to(prev),
                    None => Vec::new(),
                }
            }
            Action::Jump(step) => self.go_to(step),
            Action::Next => self.next(),
            Action::FocusNext | Action::FocusPrev => {
                self.cycle_focus(action == Action::FocusNext);
                Vec::new()
            }
            Action::Up | Action::Down => {
                self.choose(action == Action::Down);
                Vec::new()
            }
            Action::Copy if self.step == Step::PrivateKey => self.copy_repaired_key(),
            Action::Copy if self.step == Step::CloneUrl => self.copy_url(),
            Action::Copy => self.copy_public_key(),
            Action::WriteFile => self.write_public_key(),
            Action::ToggleMask => {
                self.private.masked = !self.private.masked;
                if self.private.masked {
                    self.private.area_focused = false;
                }
                Vec::new()
            }
            Action::Open => self.open_private_key_file(),
            Action::Clear if self.step == Step::CloneUrl => self.clear_url(),
            Action::Clear => {
                self.private = PrivateKeyState::focused();
                self.incoming_private = Some(Secret::default());
                Vec::new()
            }
            Action::Yes | Action::No => Vec::new(),
        }
    }

    fn act_on_overlay(&mut self, overlay: &Overlay, action: Action) -> Vec<Effect> {
        match (overlay, action) {
            (_, Action::ForceQuit) | (Overlay::ConfirmQuit, Action::Yes) => {
                self.overlay = None;
                self.quit_now()
            }
            (Overlay::Resume(p), Action::Yes) => {
                self.overlay = None;
                self.apply_progress(p)
            }
            (Overlay::ConfirmOverwrite(_), Action::Yes) => {
                self.overlay = None;
                self.start_generate(true, false)
            }
            (Overlay::ConfirmInRepo(_), Action::Yes) => {
                self.overlay = None;
                self.start_generate(false, true)
            }
            (Overlay::ConfirmOverwrite(paths), Action::No) => {
                self.overlay = None;
                self.key_error = Some(KeyJobError::Exists(paths.clone()));
                Vec::new()
            }
            (Overlay::ConfirmInRepo(root), Action::No) => {
                self.overlay = None;
                self.key_error = Some(KeyJobError::InGitWorkTree { root: root.clone() });
                Vec::new()
            }
            (Overlay::Help, Action::Help) | (_, Action::No) => {
                self.overlay = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn quit_now(&mut self) -> Vec<Effect> {
        self.quitting = true;
        let mut effects = vec![Effect::SaveProgress(self.progress())];
        if let Some(job) = self.job.take() {
            effects.push(Effect::Cancel(job.id));
        }
        effects.push(Effect::Quit);
        effects
    }

    fn cancel_job(&mut self) -> Vec<Effect> {
        match self.job.take() {
            Some(job) => vec![Effect::Cancel(job.id)],
            None => Vec::new(),
        }
    }

    fn go_to(&mut self, step: Step) -> Vec<Effect> {
        if step == self.step {
            return Vec::new();
        }
        if step == Step::Key && !self.label_edited {
            self.label = self.default_label();
        }
        if step == Step::CloneUrl && self.url.check.is_none() {
            self.url.field_focused = true;
        }
        self.step = step;
        vec![Effect::SaveProgress(self.progress())]
    }

    fn next(&mut self) -> Vec<Effect> {
        match self.step {
            Step::Welcome | Step::Service => {
                let next = self.step.next().unwrap_or(self.step);
                self.go_to(next)
            }
            Step::Key => self.key_next(),
            Step::PublicKey => self.go_to(Step::CloneUrl),
            Step::CloneUrl => self.url_next(),
            Step::PrivateKey => Vec::new(),
        }
    }

    fn key_next(&mut self) -> Vec<Effect> {
        if self.job.is_some() {
            return Vec::new();
        }
        match self.source {
            KeySource::Generate => {
                let Some(path) = self.generated_key_path() else {
                    self.key_error = Some(KeyJobError::EmptyLabel);
                    return Vec::new();
                };
                if self.key.as_ref().is_some_and(|k| k.private_path == path) {
                    return self.go_to(Step::PublicKey);
                }
                self.start_generate(false, false)
            }
            KeySource::Existing => {
                let Some(path) = self.existing_key_path() else {
                    self.key_error = Some(KeyJobError::EmptyPath);
                    return Vec::new();
                };
                if self.key.as_ref().is_some_and(|k| k.private_path == path) {
                    return self.go_to(Step::PublicKey);
                }
                self.key_error = None;
                let job = self.new_job(JobKind::Load);
                vec![Effect::LoadKey { job, path }]
            }
        }
    }

    fn start_generate(&mut self, overwrite: bool, allow_in_repo: bool) -> Vec<Effect> {
        let Some(private_path) = self.generated_key_path() else {
            self.key_error = Some(KeyJobError::EmptyLabel);
            return Vec::new();
        };
        self.key_error = None;
        let job = self.new_job(JobKind::Generate(self.algorithm));
        vec![Effect::GenerateKey(GenerateRequest {
            job,
            algorithm: self.algorithm,
            comment: self.label.trim().to_string(),
            private_path,
            overwrite,
            allow_in_repo,
        })]
    }

    fn on_key_ready(&mut self, job: JobId, result: Result<ReadyKey, KeyJobError>) -> Vec<Effect> {
        if !self.is_current(job) {
            return Vec::new();
        }
        self.job = None;
        match result {
            Ok(key) => {
                let changed = self.key.as_ref().map(|k| &k.info) != Some(&key.info);
                if changed {
                    self.copy = CopyState::Idle;
                    self.written = WriteState::None;
                }
                if key.generated {
                    self.source = KeySource::Generate;
                } else {
                    self.existing_path = key.private_path.display().to_string();
                }
                self.key = Some(key);
                self.dirty = false;
                self.key_error = None;
                if self.step == Step::Key {
                    self.go_to(Step::PublicKey)
                } else {
                    vec![Effect::SaveProgress(self.progress())]
                }
            }
            Err(KeyJobError::Exists(paths)) => {
                self.overlay = Some(Overlay::ConfirmOverwrite(paths));
                Vec::new()
            }
            Err(KeyJobError::InGitWorkTree { root }) => {
                self.overlay = Some(Overlay::ConfirmInRepo(root));
                Vec::new()
            }
            Err(e) => {
                self.key_error = Some(e);
                Vec::new()
            }
        }
    }

    fn cycle_focus(&mut self, forward: bool) {
        match self.step {
            Step::Service => {
                self.service_focus = match self.service_focus {
                    ServiceFocus::Service => ServiceFocus::Flavor,
                    ServiceFocus::Flavor => ServiceFocus::Service,
                };
            }
            Step::Key => {
                let order: &[KeyFocus] = match self.source {
                    KeySource::Generate => &[KeyFocus::Source, KeyFocus::Type, KeyFocus::Label],
                    KeySource::Existing => &[KeyFocus::Source, KeyFocus::Path],
                };
                let i = order.iter().position(|f| *f == self.key_focus).unwrap_or(0);
                let n = order.len();
                let j = if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.key_focus = order[j];
            }
            Step::PrivateKey => {
                if self.private.masked {
                    self.private.masked = false;
                }
                self.private.area_focused = !self.private.area_focused;
            }
            Step::CloneUrl => self.url.field_focused = !self.url.field_focused,
            Step::Welcome | Step::PublicKey => {}
        }
    }

    fn choose(&mut self, down: bool) {
        match (self.step, self.service_focus, self.key_focus) {
            (Step::Service, ServiceFocus::Service, _) => {
                let n = self.services.len().max(1);
                self.service_index = if down {
                    (self.service_index + 1) % n
                } else {
                    (self.service_index + n - 1) % n
                };
                if !self.label_edited {
                    self.label = self.default_label();
                }
            }
            (Step::Service, ServiceFocus::Flavor, _) => {
                self.flavor = match self.flavor {
                    Flavor::Cloud => Flavor::DataCenter,
                    Flavor::DataCenter => Flavor::Cloud,
                };
            }
            (Step::Key, _, KeyFocus::Source) => {
                self.source = match self.source {
                    KeySource::Generate => KeySource::Existing,
                    KeySource::Existing => KeySource::Generate,
                };
                self.key_error = None;
            }
            (Step::Key, _, KeyFocus::Type) => {
                let all = KeyAlgorithm::CHOICES;
                let i = all.iter().position(|a| *a == self.algorithm).unwrap_or(0);
                let n = all.len();
                self.algorithm = all[if down { (i + 1) % n } else { (i + n - 1) % n }];
            }
            _ => {}
        }
    }

    fn copy_public_key(&mut self) -> Vec<Effect> {
        let Some(text) = self.key.as_ref().map(|k| k.info.public_line.clone()) else {
            return Vec::new();
        };
        if self.job.is_some() {
            return Vec::new();
        }
        self.copy = CopyState::Copying;
        let job = self.new_job(JobKind::Copy);
        vec![Effect::Copy { job, text }]
    }

    fn copy_repaired_key(&mut self) -> Vec<Effect> {
        let Some(fixed) = self
            .private
            .verdict
            .as_ref()
            .and_then(|v| v.repaired_text.clone())
        else {
            self.private.note = Some(
                "Nothing to copy: only a repaired key is copied (paste the original as it is)."
                    .into(),
            );
            return Vec::new();
        };
        if self.job.is_some() {
            return Vec::new();
        }
        self.private.copy = SecretCopy::Copying;
        let job = self.new_job(JobKind::CopySecret);
        vec![Effect::CopySecret { job, text: fixed }]
    }

    fn open_private_key_file(&mut self) -> Vec<Effect> {
        let Some(path) = self.key.as_ref().map(|k| k.private_path.clone()) else {
            self.private.note = Some(
                "No key file yet: paste the key here, or choose a file on the key step (Alt-2)."
                    .into(),
            );
            return Vec::new();
        };
        if self.job.is_some() {
            return Vec::new();
        }
        let job = self.new_job(JobKind::LoadPrivate);
        vec![Effect::LoadPrivateKeyFile { job, path }]
    }

    fn write_public_key(&mut self) -> Vec<Effect> {
        let Some(key) = self.key.as_ref() else {
            return Vec::new();
        };
        if self.job.is_some() {
            return Vec::new();
        }
        let stem = keys::file_safe(&key.info.comment);
        let stem = if stem.is_empty() {
            "bblink-key".to_string()
        } else {
            stem
        };
        let path = self.env.cwd.join(format!("{stem}.pub"));
        let text = format!("{}\n", key.info.public_line);
        let job = self.new_job(JobKind::Write);
        vec![Effect::WritePublicKey { job, text, path }]
    }
}

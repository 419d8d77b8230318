//! Step 5, Private key: the verdict on the key exactly as it will be pasted into the service
//! (never the text itself), masking, loading the key file, and copying a repaired key, which a
//! background job takes off the clipboard again after a delay.

use std::path::PathBuf;

use crate::core::errors::CopyError;
use crate::core::inspect::{self, Inspection};
use crate::core::key::{Action, Context, FieldKind};
use crate::core::keyfile::ReadyKey;
use crate::core::secret::Secret;
use crate::core::service::ServiceProfile;
use crate::core::step::Step;

use super::Out;
use super::jobs::{JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent};

/// The key table of this step.
pub const CONTEXT: Context = Context::PrivateKey;

/// Clipboard status of the repaired private key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SecretCopy {
    /// Not copied.
    #[default]
    Idle,
    /// Copying.
    Copying,
    /// On the clipboard; cleared after the delay unless it changed.
    Copied,
    /// The delay passed and the clipboard was cleared (if it still held the key).
    Cleared,
    /// No system clipboard (a private key is not sent through the terminal).
    Unavailable(CopyError),
}

/// The private key step's state.
#[derive(Debug, Clone)]
pub struct PrivateKeyStep {
    verdict: Option<Inspection>,
    masked: bool,
    area_focused: bool,
    size: (usize, usize),
    copy: SecretCopy,
    from_file: Option<(PathBuf, bool)>,
    note: Option<String>,
}

/// What the private key screen shows.
#[allow(clippy::struct_excessive_bools)] // independent facts the screen shows
#[derive(Debug, Clone, Copy)]
pub struct PrivateKeyView<'a> {
    /// The verdict; `None` while nothing is pasted.
    pub verdict: Option<&'a Inspection>,
    /// The pasted key is hidden.
    pub masked: bool,
    /// The text area has focus.
    pub focused: bool,
    /// Lines and bytes of the text (for the masked view).
    pub size: (usize, usize),
    /// Clipboard status of the repaired key.
    pub copy: &'a SecretCopy,
    /// A one-line note (a load failure, nothing to copy).
    pub note: Option<&'a str>,
    /// The key file is being read.
    pub loading: bool,
    /// There is a key from step 2 to compare with.
    pub has_key: bool,
    /// Seconds a copied key stays on the clipboard.
    pub clear_after: u64,
    /// The chosen service.
    pub service: Option<&'a ServiceProfile>,
}

impl PrivateKeyStep {
    /// An empty step with the text area focused, ready for a paste.
    pub fn new() -> Self {
        Self {
            verdict: None,
            masked: false,
            area_focused: true,
            size: (0, 0),
            copy: SecretCopy::Idle,
            from_file: None,
            note: None,
        }
    }

    /// The verdict on the text.
    pub fn verdict(&self) -> Option<&Inspection> {
        self.verdict.as_ref()
    }

    /// The focused field (a hidden key cannot be edited blind).
    pub fn focused_field(&self) -> Option<Field> {
        (self.area_focused && !self.masked).then_some(Field::PrivateKey)
    }

    /// Whether the text was checked (so a new key from step 2 calls for a recheck).
    pub fn has_text(&self) -> bool {
        self.verdict.is_some()
    }

    /// The key table in force, the field's kind, and what does nothing now.
    pub fn keys(&self) -> (Context, Option<FieldKind>, Vec<Action>) {
        let repaired = self.verdict.as_ref().is_some_and(|v| v.repaired);
        let unavailable = if repaired {
            Vec::new()
        } else {
            vec![Action::Copy]
        };
        (
            CONTEXT,
            self.focused_field().map(|_| FieldKind::Area),
            unavailable,
        )
    }

    /// The area's text changed (typed or pasted).
    pub(super) fn text(&mut self, text: &Secret, key: Option<&ReadyKey>) {
        self.inspect(text, None, key);
    }

    /// The same text against a changed key: where it came from still holds.
    pub(super) fn recheck(&mut self, text: &Secret, key: Option<&ReadyKey>) {
        let from_file = self.from_file.clone();
        self.inspect(text, from_file, key);
    }

    /// Runs the inspector on the text (it is pure and fast; the text is not kept).
    fn inspect(
        &mut self,
        text: &Secret,
        from_file: Option<(PathBuf, bool)>,
        key: Option<&ReadyKey>,
    ) {
        self.note = None;
        self.copy = SecretCopy::Idle;
        self.from_file = from_file;
        let raw = text.expose();
        self.size = (raw.lines().count(), raw.len());
        if raw.trim().is_empty() {
            self.verdict = None;
            self.masked = false;
            self.area_focused = true;
            return;
        }
        let mut verdict = inspect::inspect(raw, key.map(|k| &k.info));
        verdict.note_file_mode(
            self.from_file
                .as_ref()
                .is_some_and(|(_, insecure)| *insecure),
        );
        let newly_recognised = verdict.kind == inspect::Kind::Private
            && self
                .verdict
                .as_ref()
                .is_none_or(|v| v.kind != inspect::Kind::Private);
        if newly_recognised {
            // A recognised private key is hidden at once; `s` shows it.
            self.masked = true;
            self.area_focused = false;
        }
        self.verdict = Some(verdict);
    }

    /// Handles an action on this step.
    pub(super) fn act(
        &mut self,
        action: Action,
        key: Option<&ReadyKey>,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        match action {
            Action::Copy => self.copy_repaired(jobs, out),
            Action::Open => self.open(key, jobs, out),
            Action::ToggleMask => {
                self.masked = !self.masked;
                if self.masked {
                    self.area_focused = false;
                }
            }
            Action::Clear => {
                *self = Self::new();
                out.effects
                    .push(Effect::SetField(Field::PrivateKey, Secret::default()));
            }
            Action::FocusNext | Action::FocusPrev => {
                self.masked = false;
                self.area_focused = !self.area_focused;
            }
            _ => {}
        }
    }

    fn copy_repaired(&mut self, jobs: &mut Jobs, out: &mut Out) {
        let Some(fixed) = self.verdict.as_ref().and_then(|v| v.repaired_text.clone()) else {
            self.note = Some(
                "Nothing to copy: only a repaired key is copied (paste the original as it is)."
                    .into(),
            );
            return;
        };
        match jobs.start(JobKind::CopyPrivateKey) {
            Ok(job) => {
                self.copy = SecretCopy::Copying;
                out.effects.push(Effect::CopySecret { job, text: fixed });
            }
            Err(busy) => out.notice = Some(busy.message()),
        }
    }

    fn open(&mut self, key: Option<&ReadyKey>, jobs: &mut Jobs, out: &mut Out) {
        let Some(path) = key.map(|k| k.private_path.clone()) else {
            self.note = Some(format!(
                "No key file yet: paste the key here, or choose a file on the key step (step {}).",
                Step::Key.number()
            ));
            return;
        };
        match jobs.start(JobKind::LoadPrivateKey) {
            Ok(job) => out.effects.push(Effect::LoadPrivateKeyFile { job, path }),
            Err(busy) => out.notice = Some(busy.message()),
        }
    }

    /// A job of this step reports.
    pub(super) fn on_event(
        &mut self,
        kind: JobKind,
        event: JobEvent,
        key: Option<&ReadyKey>,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        match (kind, event) {
            (_, JobEvent::KeyFileRead(Ok(file))) => {
                self.inspect(&file.text, Some((file.path, file.readable_by_others)), key);
                out.effects
                    .push(Effect::SetField(Field::PrivateKey, file.text));
            }
            (_, JobEvent::KeyFileRead(Err(e))) => self.note = Some(e.to_string()),
            (JobKind::CopyPrivateKey, JobEvent::Copied(Ok(()))) => {
                self.copy = SecretCopy::Copied;
                let text = self.verdict.as_ref().and_then(|v| v.repaired_text.clone());
                // A key copied earlier and still waiting is cleared now, by its own job.
                for job in jobs.drop_where(|k| k == JobKind::ClearClipboard) {
                    out.effects.push(Effect::Cancel(job));
                }
                if let (Some(text), Ok(job)) = (text, jobs.start(JobKind::ClearClipboard)) {
                    out.effects.push(Effect::ClearClipboardLater {
                        job,
                        text,
                        seconds: env.clear_clipboard_after,
                    });
                }
            }
            (JobKind::CopyPrivateKey, JobEvent::Copied(Err(e))) => {
                self.copy = SecretCopy::Unavailable(e);
            }
            (JobKind::ClearClipboard, JobEvent::ClipboardCleared)
                if self.copy == SecretCopy::Copied =>
            {
                self.copy = SecretCopy::Cleared;
            }
            _ => {}
        }
    }

    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        env: &Env,
        key: Option<&ReadyKey>,
        loading: bool,
        service: Option<&'a ServiceProfile>,
    ) -> PrivateKeyView<'a> {
        PrivateKeyView {
            verdict: self.verdict.as_ref(),
            masked: self.masked,
            focused: self.focused_field().is_some(),
            size: self.size,
            copy: &self.copy,
            note: self.note.as_deref(),
            loading,
            has_key: key.is_some(),
            clear_after: env.clear_clipboard_after,
            service,
        }
    }
}

impl Default for PrivateKeyStep {
    fn default() -> Self {
        Self::new()
    }
}

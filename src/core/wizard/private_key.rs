//! Step 5, Private key: the key exactly as it will be pasted into the service and the verdict
//! on it (the text is held here, zeroed when dropped, and never saved or shown), masking, loading the key file, and handing the key over: `c`
//! copies it (a background job takes it off the clipboard again after a delay), `w` writes a
//! pasted key to a file. Typing never takes the focus away; only a paste (a whole value) hides
//! a recognised key.

mod view;

use std::path::PathBuf;

pub use view::PrivateKeyView;

use crate::core::errors::{CopyError, WriteError};
use crate::core::inspect::{self, Inspection};
use crate::core::key_file::ReadyKey;
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::secret::Secret;
use crate::core::step::Step;

use super::Out;
use super::jobs::{JobId, JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent, SecretSource};
use super::page::{Ask, Choice, Do, Hidden, Level, Page, Verdict};
use super::unit::Edit;

/// The key table of this step.
pub const CONTEXT: Context = Context::PrivateKey;

/// Clipboard status of the private key.
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

/// Where `w` put the key, or why not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SecretWrite {
    /// Not written.
    #[default]
    None,
    /// Written here, mode 0600.
    Written(PathBuf),
    /// Failed.
    Failed(WriteError),
}

/// The private key step's state.
#[derive(Debug, Clone)]
pub struct PrivateKeyStep {
    /// The key as pasted or typed (the shell's area shows it; this step checks it).
    text: Secret,
    verdict: Option<Inspection>,
    masked: bool,
    area_focused: bool,
    size: (usize, usize),
    copy: SecretCopy,
    written: SecretWrite,
    from_file: Option<(PathBuf, bool)>,
    note: Option<String>,
}

impl PrivateKeyStep {
    /// The verdict on the text.
    pub fn verdict(&self) -> Option<&Inspection> {
        self.verdict.as_ref()
    }

    /// The key is hidden on the screen.
    pub fn masked(&self) -> bool {
        self.masked
    }

    /// Where `w` wrote the key.
    pub fn written(&self) -> Option<&PathBuf> {
        match &self.written {
            SecretWrite::Written(p) => Some(p),
            _ => None,
        }
    }

    /// The focused field (a hidden key cannot be edited blind).
    pub fn focused_field(&self) -> Option<Field> {
        (self.area_focused && !self.masked).then_some(Field::PrivateKey)
    }

    /// The area holds pasted or typed text that is saved nowhere (a key that matches step 2's
    /// is in that key file already).
    pub fn unsaved(&self) -> bool {
        self.verdict
            .as_ref()
            .is_some_and(|v| v.matches_public_key != Some(true))
            && self.from_file.is_none()
            && self.written().is_none()
    }

    /// The key table in force, the field's kind, and what does nothing now.
    pub fn keys(&self, key: Option<&ReadyKey>) -> (Context, Option<FieldKind>, Vec<Action>) {
        let mut unavailable = Vec::new();
        if self.copy_source(key).is_none() {
            unavailable.push(Action::Copy);
        }
        if self.verdict.is_none() && key.is_none() {
            unavailable.push(Action::WriteFile);
        }
        if self.verdict.is_none() {
            unavailable.extend([Action::ToggleMask, Action::Clear]);
        }
        (
            CONTEXT,
            self.focused_field().map(|_| FieldKind::Area),
            unavailable,
        )
    }

    /// Whether `c` has a key to copy.
    pub fn can_copy(&self, key: Option<&ReadyKey>) -> bool {
        self.copy_source(key).is_some()
    }

    /// The copy's state, in a sentence for the summary (none before a copy).
    pub fn copy_note(&self, clear_after: u64) -> Option<String> {
        match &self.copy {
            SecretCopy::Idle => None,
            SecretCopy::Copying => Some("Copying…".into()),
            SecretCopy::Copied => Some(format!(
                "✓ Copied; taken off the clipboard in {clear_after} s unless it changed."
            )),
            SecretCopy::Cleared => Some(format!("Taken off the clipboard after {clear_after} s.")),
            SecretCopy::Unavailable(e) => Some(format!("No clipboard ({e}): use a command below.")),
        }
    }

    /// The key `c` copies: the repaired text, else the text as pasted when it is a usable
    /// key, else (nothing pasted) the key file of step 2.
    fn copy_source(&self, key: Option<&ReadyKey>) -> Option<SecretSource> {
        match &self.verdict {
            Some(v) if v.repaired => v.repaired_text.clone().map(SecretSource::Text),
            Some(v) if v.ok => Some(SecretSource::Text(self.text.clone())),
            Some(_) => None,
            None => key.map(|k| SecretSource::File(k.private_path.clone())),
        }
    }

    /// The key the connection test uses, exactly as it will be pasted into the service (the
    /// repaired text when there is one; damaged text as it is, so the test names the damage),
    /// and a file holding that key for the command that runs the test again.
    pub fn test_source(&self, key: Option<&ReadyKey>) -> Option<(SecretSource, Option<PathBuf>)> {
        let file = self
            .written()
            .cloned()
            .or_else(|| self.from_file.as_ref().map(|(p, _)| p.clone()));
        match &self.verdict {
            Some(v) if v.repaired => {
                let text = v.repaired_text.clone()?;
                Some((SecretSource::Text(text), self.written().cloned()))
            }
            Some(v) => {
                let same = v.matches_public_key == Some(true);
                let file = file.or_else(|| key.filter(|_| same).map(|k| k.private_path.clone()));
                Some((SecretSource::Text(self.text.clone()), file))
            }
            None => key.map(|k| {
                let path = k.private_path.clone();
                (SecretSource::File(path.clone()), Some(path))
            }),
        }
    }

    /// The area's text changed: typed (`pasted` false) or replaced by a paste.
    pub(super) fn text(&mut self, text: &Secret, pasted: bool, key: Option<&ReadyKey>) {
        self.inspect(text, None, pasted, key);
    }

    /// The same text against a changed key: where it came from still holds.
    pub(super) fn recheck(&mut self, key: Option<&ReadyKey>) {
        if self.verdict.is_none() {
            return;
        }
        let from_file = self.from_file.clone();
        let text = self.text.clone();
        self.inspect(&text, from_file, false, key);
    }

    /// Keeps the text and runs the inspector on it (it is pure and fast).
    fn inspect(
        &mut self,
        text: &Secret,
        from_file: Option<(PathBuf, bool)>,
        whole: bool,
        key: Option<&ReadyKey>,
    ) {
        self.note = None;
        self.copy = SecretCopy::Idle;
        self.written = SecretWrite::None;
        self.from_file = from_file;
        self.text = text.clone();
        let raw = text.expose();
        self.size = (raw.lines().count(), raw.len());
        if raw.trim().is_empty() {
            self.verdict = None;
            self.masked = false;
            self.area_focused = true;
            return;
        }
        let mut verdict = inspect::inspect(raw, key.map(|k| &k.info));
        if let Some((path, insecure)) = &self.from_file {
            verdict.note_file_mode(*insecure);
            verdict.name_file(&crate::core::display::shell_path(path));
        }
        // A whole key arriving at once is hidden at once (`s` shows it); typing never takes
        // the focus away, so the next letters stay text.
        if whole && verdict.kind == inspect::Kind::Private {
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
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        match action {
            Action::Next => out.onward = true,
            Action::Copy => self.copy(key, jobs, out),
            Action::WriteFile => self.write(key, env, jobs, out),
            Action::Open => self.open(key, jobs, out),
            Action::ToggleMask => {
                self.masked = !self.masked;
                if self.masked {
                    self.area_focused = false;
                }
            }
            Action::Clear => {
                *self = Self::default();
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

    fn copy(&mut self, key: Option<&ReadyKey>, jobs: &mut Jobs, out: &mut Out) {
        let Some(source) = self.copy_source(key) else {
            self.note = Some(
                "Nothing to copy: the text is not a usable key. Fix it as described, or clear it (x) to copy the key file of step 2."
                    .into(),
            );
            return;
        };
        if let Some(job) = out.start(jobs, JobKind::CopyPrivateKey) {
            self.copy = SecretCopy::Copying;
            out.effects.push(Effect::CopySecret { job, source });
        }
    }

    /// `w`: a pasted key that is not a file yet (repaired, or another key than step 2's) is
    /// written to a new 0600 file; a key that is a file already is only pointed at.
    fn write(&mut self, key: Option<&ReadyKey>, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        let source = match &self.verdict {
            Some(v) if v.repaired => v.repaired_text.clone().map(SecretSource::Text),
            Some(v) if v.ok && v.matches_public_key != Some(true) => {
                Some(SecretSource::Text(self.text.clone()))
            }
            _ => None,
        };
        let Some(source) = source else {
            let usable = self.verdict.as_ref().is_none_or(Inspection::usable);
            self.note = Some(match key {
                Some(k) if usable => format!(
                    "The key is already in {} (readable by you only): give the service that file's contents.",
                    super::display_path(env.home.as_deref(), &k.private_path)
                ),
                _ if !usable => "Nothing to write: the text is not a usable key.".into(),
                _ => "Nothing to write: paste the key first.".into(),
            });
            return;
        };
        // Named after the key's comment (step 2's, else the pasted key's own).
        let comment = key
            .map(|k| k.info.comment.clone())
            .or_else(|| self.verdict.as_ref().and_then(|v| v.comment.clone()));
        let stem = comment
            .map(|c| crate::core::ssh_keys::file_safe(&c))
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| "pasted".into());
        let name = format!("{stem}-private-key");
        if let Some(job) = out.start(jobs, JobKind::WritePrivateKey) {
            out.effects.push(Effect::WriteSecret {
                job,
                source,
                path: env.keys_dir.join(name),
            });
        }
    }

    fn open(&mut self, key: Option<&ReadyKey>, jobs: &mut Jobs, out: &mut Out) {
        let Some(path) = key.map(|k| k.private_path.clone()) else {
            self.note = Some(format!(
                "No key file yet: paste the key here, or choose a file on the key step (step {}).",
                Step::KeyPair.number()
            ));
            return;
        };
        if let Some(job) = out.start(jobs, JobKind::LoadPrivateKey) {
            out.effects.push(Effect::LoadPrivateKeyFile { job, path });
        }
    }
}

impl super::Wizard {
    /// Where a private key given anywhere else belongs (both shells refuse it there and say
    /// this).
    pub fn private_key_belongs(&self) -> String {
        match self.route().number(Step::PrivateKey) {
            0 => "This service takes no private key.".to_string(),
            step => format!(
                "A private key goes only into the service: step {step} (Private key) checks it."
            ),
        }
    }
}

impl Default for PrivateKeyStep {
    fn default() -> Self {
        Self {
            text: Secret::default(),
            verdict: None,
            masked: false,
            area_focused: true,
            size: (0, 0),
            copy: SecretCopy::Idle,
            written: SecretWrite::None,
            from_file: None,
            note: None,
        }
    }
}

/// The verdict's head on a private key as it will be pasted.
pub fn verdict(i: &Inspection) -> Verdict {
    if i.ok {
        Verdict::new(Level::Ok, "Ready to paste")
    } else if i.usable() {
        Verdict::new(Level::Ok, "Ready to paste once repaired")
    } else {
        Verdict::new(Level::Error, "Not usable")
    }
}

/// What the text is to the key of step `key_step` when it is its pair, the same in both shells:
/// its public half pasted by mistake, the private key ready, or the private key not usable yet.
pub fn match_line(i: &Inspection, key_step: u8) -> Option<(Level, String)> {
    if i.matches_public_key != Some(true) {
        return None;
    }
    Some(if i.kind == inspect::Kind::Public {
        (
            Level::Error,
            format!(
                "✗ It is the public key from step {key_step}, not its private half: the service needs the private key."
            ),
        )
    } else if i.usable() {
        (
            Level::Ok,
            format!("✓ Matches the public key from step {key_step}."),
        )
    } else {
        (
            Level::Warn,
            format!("It is the private half of the public key from step {key_step}."),
        )
    })
}

/// The private key step as a unit.
pub(super) struct PrivateKey;

impl super::unit::Unit for PrivateKey {
    /// Its reads, copies and writes, and clearing a copied key off the clipboard.
    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(
            kind,
            super::jobs::JobKind::LoadPrivateKey
                | super::jobs::JobKind::CopyPrivateKey
                | super::jobs::JobKind::WritePrivateKey
                | super::jobs::JobKind::ClearClipboard
        )
    }

    /// What was checked (or written) here was for the old key: checked again against the new
    /// one at once, wherever the user is.
    fn changed(&self, w: &mut super::Wizard, change: super::unit::Change, _out: &mut Out) {
        if change == super::unit::Change::Key {
            let key = w.key.ready();
            w.private.recheck(key);
        }
    }

    fn fields(&self) -> &'static [Field] {
        &[Field::PrivateKey]
    }

    /// The key is checked at every change; given whole, it replaced what was there.
    fn edited(&self, w: &mut super::Wizard, _field: Field, edit: Edit<'_>, _out: &mut Out) {
        match edit {
            Edit::Typed(text) => w.private.text(text, false, w.key.ready()),
            Edit::Given(text) => w.private.text(text, true, w.key.ready()),
            Edit::Len(_) => {}
        }
    }

    fn page(&self, w: &super::Wizard) -> Page {
        let v = w.private_key_view();
        let key_step = w.route().number(Step::KeyPair);
        let said = |lines: &[super::page::Said]| super::page::plain_lines(lines);
        let intro = said(&[v.intro(key_step)]);
        let status = said(&v.lines(key_step));
        Page {
            intro,
            status,
            choices: vec![Choice::new(
                if v.verdict.is_some() {
                    "Paste the private key again"
                } else {
                    "Paste the private key"
                },
                Do::Ask(Ask::new(
                    Field::PrivateKey,
                    "Paste the private key (hidden; it ends at its -----END line or an empty line; back cancels):",
                    Hidden::Key,
                    Vec::new(),
                )),
            )],
            ..Page::default()
        }
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        w.private.keys(w.key.ready())
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.private.verdict().is_some_and(Inspection::usable) || w.private_key_record().is_some()
    }

    fn focused_field(&self, w: &super::Wizard) -> Option<Field> {
        w.private.focused_field()
    }

    fn paste_field(&self) -> Option<Field> {
        Some(Field::PrivateKey)
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        let key = w.key.ready();
        w.private.act(action, key, &w.env, &mut w.jobs, out);
    }

    fn arrive(&self, w: &mut super::Wizard, _out: &mut Out) {
        // The key from the key step may have changed since the text was checked.
        let key = w.key.ready();
        w.private.recheck(key);
    }

    /// A file read, a copy, a write or the clipboard cleared.
    fn on_event(
        &self,
        w: &mut super::Wizard,
        (job, kind): (JobId, JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        let this = &mut w.private;
        match (kind, event) {
            (_, JobEvent::KeyFileRead(Ok(file))) => {
                let from = Some((file.path, file.readable_by_others));
                this.inspect(&file.text, from, true, w.key.ready());
                out.effects
                    .push(Effect::SetField(Field::PrivateKey, file.text));
            }
            (_, JobEvent::KeyFileRead(Err(e))) => this.note = Some(e.to_string()),
            (JobKind::CopyPrivateKey, JobEvent::Copied(Ok(()))) => {
                this.copy = SecretCopy::Copied;
                // A key copied earlier and still waiting is cleared now, by its own job.
                for old in w.jobs.drop_where(|k| k == JobKind::ClearClipboard) {
                    out.effects.push(Effect::Cancel(old));
                }
                if let Ok(clear) = w.jobs.start(JobKind::ClearClipboard) {
                    out.effects.push(Effect::ClearClipboardLater {
                        job: clear,
                        copy: job,
                        seconds: w.env.clear_clipboard_after,
                    });
                }
            }
            (JobKind::CopyPrivateKey, JobEvent::Copied(Err(e))) => {
                this.copy = SecretCopy::Unavailable(e);
            }
            (JobKind::WritePrivateKey, JobEvent::Written(result)) => {
                this.written = match result {
                    Ok(p) => SecretWrite::Written(p),
                    Err(e) => SecretWrite::Failed(e),
                };
            }
            (JobKind::ClearClipboard, JobEvent::ClipboardCleared)
                if this.copy == SecretCopy::Copied =>
            {
                this.copy = SecretCopy::Cleared;
            }
            _ => {}
        }
    }
}

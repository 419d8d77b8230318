//! Copyable values of the service-URL, OAuth consumer, webhook and done screens: each has a
//! label, what the screen shows, and where its text is (plain text, or a masked field the
//! shell reads). Copies of secrets are taken off the clipboard after the delay, as the private
//! key's are; plain values fall back to OSC 52 where there is no system clipboard.

use super::Out;
use super::jobs::{JobId, JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent, SecretSource};
use super::public_key::CopyState;

/// Where a value's text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// This text (not a secret).
    Text(String),
    /// A masked field's text (read by the shell).
    Secret(Field),
}

/// A value the user copies into the service or Bitbucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its name.
    pub label: String,
    /// What the screen shows (masked for a secret).
    pub shown: String,
    /// Where it goes.
    pub place: String,
    /// Its text.
    pub source: Source,
}

impl Item {
    /// A plain value.
    pub fn text(label: &str, value: String, place: &str) -> Self {
        Self {
            label: label.to_string(),
            shown: value.clone(),
            place: place.to_string(),
            source: Source::Text(value),
        }
    }

    /// A secret in a masked field, `len` characters long.
    pub fn secret(label: &str, field: Field, len: usize, place: &str) -> Self {
        Self {
            label: label.to_string(),
            shown: masked(len),
            place: place.to_string(),
            source: Source::Secret(field),
        }
    }
}

/// How a secret of `len` characters is shown.
pub fn masked(len: usize) -> String {
    if len == 0 {
        "(empty)".to_string()
    } else {
        format!("{} ({len} characters, hidden)", "•".repeat(len.min(12)))
    }
}

/// The copy under way or last done, and for which value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Copies {
    job: Option<(JobId, usize, Source)>,
    last: Option<(usize, CopyState)>,
}

impl Copies {
    /// Copies `items[index]`.
    pub(super) fn copy(&mut self, items: &[Item], index: usize, jobs: &mut Jobs, out: &mut Out) {
        let Some(item) = items.get(index) else {
            return;
        };
        if matches!(&item.source, Source::Text(t) if t.is_empty()) || item.shown == masked(0) {
            out.notice = Some(format!("Nothing to copy yet: {} is empty.", item.label));
            return;
        }
        let Some(job) = out.start(jobs, JobKind::CopyValue) else {
            return;
        };
        out.effects.push(match &item.source {
            Source::Text(text) => Effect::Copy {
                job,
                text: text.clone(),
            },
            Source::Secret(field) => Effect::CopySecret {
                job,
                source: SecretSource::Field(*field),
            },
        });
        self.job = Some((job, index, item.source.clone()));
        self.last = Some((index, CopyState::Copying));
    }

    /// A copy job's result; `true` when it was this one's.
    pub(super) fn on_event(
        &mut self,
        job: JobId,
        event: &JobEvent,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) -> bool {
        let Some((mine, index, source)) = self.job.clone() else {
            return false;
        };
        let JobEvent::Copied(result) = event else {
            return false;
        };
        if mine != job {
            return false;
        }
        self.job = None;
        let state = match (source, result.clone()) {
            (Source::Text(text), result) => CopyState::outcome(result, text, env, out),
            (Source::Secret(_), Ok(())) => {
                for old in jobs.drop_where(|k| k == JobKind::ClearClipboard) {
                    out.effects.push(Effect::Cancel(old));
                }
                if let Ok(clear) = jobs.start(JobKind::ClearClipboard) {
                    out.effects.push(Effect::ClearClipboardLater {
                        job: clear,
                        copy: job,
                        seconds: env.clear_clipboard_after,
                    });
                }
                CopyState::Copied
            }
            // A secret is never sent to the terminal by an escape sequence.
            (Source::Secret(_), Err(e)) => CopyState::Unavailable(e),
        };
        self.last = Some((index, state));
        true
    }

    /// What the last copy of `index` did, in a sentence; `clear_after` for a secret (the
    /// seconds it stays on the clipboard).
    pub fn note(&self, index: usize, clear_after: Option<u64>) -> Option<String> {
        let (i, state) = self.last.as_ref()?;
        if *i != index {
            return None;
        }
        match state {
            CopyState::Copied if clear_after.is_some() => Some(format!(
                "✓ Copied; taken off the clipboard after {} s.",
                clear_after.unwrap_or_default()
            )),
            CopyState::Unavailable(e) if clear_after.is_some() => Some(format!(
                "No clipboard ({e}): the webhook secret is shown by s on the webhook screen, to select with the mouse; a token or consumer secret, paste from where you copied it."
            )),
            other => other.note(),
        }
    }
}

/// What a value made from a step not done yet shows instead.
pub const NOT_KNOWN: &str = "(not known yet)";

/// A copy note for a page that never shows a secret: without a clipboard, the way is a secret
/// of one's own.
pub fn page_note(text: &str) -> String {
    match text.split_once("; the webhook secret is shown by s") {
        Some((head, _)) => format!(
            "{head}. Without a clipboard, make the secret yourself (for example openssl rand -hex 20, kept in your password manager), give it with choice 1 and paste the same into the service."
        ),
        None => text.to_string(),
    }
}

impl super::Wizard {
    /// A copy of a value reports: to the step (or sheet) whose copy it was.
    pub(super) fn on_value_copied(&mut self, job: JobId, event: &JobEvent, out: &mut Out) {
        let env = self.env.clone();
        let jobs = &mut self.jobs;
        let _ = self.address.copies.on_event(job, event, &env, jobs, out)
            || self.consumer.copies.on_event(job, event, &env, jobs, out)
            || self.webhook.copies.on_event(job, event, &env, jobs, out)
            || self.done.copies.on_event(job, event, &env, jobs, out)
            || match &mut self.overlay {
                Some(super::overlay::Overlay::KnownHosts { copies, .. }) => {
                    copies.on_event(job, event, &env, jobs, out)
                }
                _ => false,
            };
    }
}

//! Step 3, Public key: copy the key in use to the clipboard (or write it to a file) and see
//! where it goes in Bitbucket. Owns the copy and write states.

use std::path::PathBuf;

use crate::core::bitbucket::AddResult;
use crate::core::errors::{CopyError, WriteError};
use crate::core::key::{Action, Context};
use crate::core::keyfile::ReadyKey;
use crate::core::keys;
use crate::core::service::{Flavor, ServiceProfile};

use super::jobs::{JobKind, Jobs};
use super::msg::{Effect, Env, JobEvent};
use super::{Out, display_path};

/// The key table of this step.
pub const CONTEXT: Context = Context::PublicKey;

/// Clipboard status of a value that is not secret (the public key, the SSH URL).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CopyState {
    /// Not copied yet.
    #[default]
    Idle,
    /// A copy is under way.
    Copying,
    /// The system clipboard confirmed it.
    Copied,
    /// No system clipboard; an OSC 52 escape was sent to the terminal (unconfirmable).
    SentOsc52(CopyError),
    /// Neither works: the value is shown for mouse selection.
    Unavailable(CopyError),
}

impl CopyState {
    /// The clipboard's answer; without a system clipboard the text goes out by OSC 52 where
    /// the terminal can take it.
    pub(super) fn outcome(
        result: Result<(), CopyError>,
        text: String,
        env: &Env,
        out: &mut Out,
    ) -> Self {
        match result {
            Ok(()) => CopyState::Copied,
            Err(e) if env.osc52 => {
                out.effects.push(Effect::Osc52 { text });
                CopyState::SentOsc52(e)
            }
            Err(e) => CopyState::Unavailable(e),
        }
    }

    /// The copy's state in a sentence for the summary (none before a copy).
    pub fn note(&self) -> Option<String> {
        match self {
            CopyState::Idle => None,
            CopyState::Copying => Some("Copying…".into()),
            CopyState::Copied => Some("✓ Copied.".into()),
            CopyState::SentOsc52(_) => Some(
                "Sent to the terminal's clipboard (OSC 52), which cannot be confirmed: select it with the mouse if it did not arrive."
                    .into(),
            ),
            CopyState::Unavailable(e) => Some(format!("No clipboard ({e}): select it with the mouse.")),
        }
    }

    /// Whether the user has the value (confirmed or probably).
    pub fn done(&self) -> bool {
        matches!(self, CopyState::Copied | CopyState::SentOsc52(_))
    }
}

/// Whether the public key was written to a file with `w`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WriteState {
    /// Not written.
    #[default]
    None,
    /// Written here.
    Written(PathBuf),
    /// Failed.
    Failed(WriteError),
}

/// The public key step's state.
#[derive(Debug, Clone, Default)]
pub struct PublicKeyStep {
    copy: CopyState,
    written: WriteState,
    added: Option<AddResult>,
}

/// What the public key screen shows.
#[derive(Debug, Clone)]
pub struct PublicKeyView<'a> {
    /// The key in use, and its private key path shortened with `~`.
    pub key: Option<(&'a ReadyKey, String)>,
    /// Clipboard status.
    pub copy: &'a CopyState,
    /// File status, with the written path shortened.
    pub written: &'a WriteState,
    /// Where `w` wrote, shortened with `~`.
    pub written_path: Option<String>,
    /// Cloud or Data Center.
    pub flavor: Flavor,
    /// The chosen service.
    pub service: Option<&'a ServiceProfile>,
    /// The label for the access key in Bitbucket: the key's comment, or its file's name.
    pub label: String,
    /// The key was added through Bitbucket's API.
    pub added: Option<&'a AddResult>,
    /// A user key was chosen: where it goes instead of the repository's access keys.
    pub user_key: Option<&'a crate::core::service::KeyChoice>,
}

impl PublicKeyStep {
    /// Whether the user has the key (copied, or written to a file).
    pub fn done(&self) -> bool {
        self.copy.done() || matches!(self.written, WriteState::Written(_)) || self.added.is_some()
    }

    /// The key in use was added to Bitbucket through the API (or found there).
    pub(super) fn added(&mut self, added: AddResult) {
        self.added = Some(added);
    }

    /// Clipboard status (the shell prints an unconfirmed key after exit).
    pub fn copy_state(&self) -> &CopyState {
        &self.copy
    }

    /// Another key is in use: what was copied or written is not it.
    pub(super) fn reset(&mut self) {
        *self = Self::default();
    }

    /// Which actions do nothing now.
    pub fn unavailable(key: Option<&ReadyKey>) -> Vec<Action> {
        if key.is_some() {
            Vec::new()
        } else {
            vec![Action::Copy, Action::WriteFile, Action::AccessKeys]
        }
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
        let Some(key) = key else {
            return;
        };
        match action {
            Action::Copy => match jobs.start(JobKind::CopyPublicKey) {
                Ok(job) => {
                    self.copy = CopyState::Copying;
                    out.effects.push(Effect::Copy {
                        job,
                        text: key.info.public_line.clone(),
                    });
                }
                Err(busy) => out.notice = Some(busy.message()),
            },
            Action::WriteFile => {
                let stem = keys::file_safe(&key.info.comment);
                let stem = if stem.is_empty() {
                    "bblink-key".to_string()
                } else {
                    stem
                };
                let path = env.cwd.join(format!("{stem}.pub"));
                let text = format!("{}\n", key.info.public_line);
                match jobs.start(JobKind::WritePublicKey) {
                    Ok(job) => out.effects.push(Effect::WritePublicKey { job, text, path }),
                    Err(busy) => out.notice = Some(busy.message()),
                }
            }
            _ => {}
        }
    }

    /// A copy or write job reports.
    pub(super) fn on_event(
        &mut self,
        event: JobEvent,
        key: Option<&ReadyKey>,
        env: &Env,
        out: &mut Out,
    ) {
        match event {
            JobEvent::Copied(result) => {
                let text = key.map(|k| k.info.public_line.clone()).unwrap_or_default();
                self.copy = CopyState::outcome(result, text, env, out);
            }
            JobEvent::Written(result) => {
                self.written = match result {
                    Ok(p) => WriteState::Written(p),
                    Err(e) => WriteState::Failed(e),
                };
            }
            _ => {}
        }
    }

    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        env: &Env,
        key: Option<&'a ReadyKey>,
        flavor: Flavor,
        service: Option<&'a ServiceProfile>,
    ) -> PublicKeyView<'a> {
        let home = env.home.as_deref();
        PublicKeyView {
            key: key.map(|k| (k, display_path(home, &k.private_path))),
            copy: &self.copy,
            written: &self.written,
            written_path: match &self.written {
                WriteState::Written(p) => Some(display_path(home, p)),
                _ => None,
            },
            flavor,
            service,
            added: self.added.as_ref(),
            user_key: None,
            label: key.map_or_else(String::new, |k| {
                if k.info.comment.is_empty() {
                    k.private_path
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                } else {
                    k.info.comment.clone()
                }
            }),
        }
    }
}

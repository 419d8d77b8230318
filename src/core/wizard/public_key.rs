//! Step 3, Public key: copy the key in use to the clipboard (or write it to a file) and see
//! where it goes in Bitbucket. Owns the copy and write states.

use std::path::PathBuf;

use crate::core::bitbucket::AddResult;
use crate::core::errors::{CopyError, WriteError};
use crate::core::key_file::ReadyKey;
use crate::core::keyboard::{Action, Context};
use crate::core::service::{Flavor, ServiceProfile};
use crate::core::ssh_keys;

use super::jobs::{JobKind, Jobs};
use super::msg::{Effect, Env, JobEvent};
use super::page::{Choice, Do, Page};
use super::{Out, display_path};
use crate::core::step::Step;

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

    /// What was done with the public key, in a few words, once something was (the summary,
    /// and the record kept across runs).
    pub fn done_what(&self, home: Option<&std::path::Path>) -> Option<String> {
        if let Some(a) = &self.added {
            return Some(if a.already_present {
                "found in Bitbucket through its API".into()
            } else {
                "added to Bitbucket through its API".into()
            });
        }
        if let WriteState::Written(p) = &self.written {
            return Some(format!("written to {}", super::display_path(home, p)));
        }
        match self.copy {
            CopyState::Copied => Some("copied".into()),
            CopyState::SentOsc52(_) => {
                Some("sent to the terminal's clipboard (unconfirmed)".into())
            }
            _ => None,
        }
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
                let stem = ssh_keys::file_safe(&key.info.comment);
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

/// The public key step as a unit.
pub(super) struct PublicKey;

impl super::unit::Unit for PublicKey {
    fn page(&self, w: &super::Wizard) -> Page {
        let v = w.public_key_view();
        let Some((key, private_path)) = &v.key else {
            let step = w.route().number(Step::Key);
            return Page {
                intro: vec![format!(
                    "No key yet: step {step} generates one or reads a key file."
                )],
                choices: vec![Choice::new(
                    format!("Go to step {step}, the key pair"),
                    Do::Act(vec![Action::Jump(Step::Key)]),
                )],
                enter: Some(0),
                ..Page::default()
            };
        };
        let mut intro = vec![
            format!(
                "{} {} bits, {}; private key {private_path}",
                key.info.type_label(),
                key.info.bits,
                key.info.fingerprint
            ),
            "The public key (one line):".to_string(),
            key.info.public_line.clone(),
        ];
        if let Some(k) = v.user_key {
            intro.push(format!("Add it in {} as a user key:", v.flavor.name()));
            intro.push(format!("  - {}", k.user_bitbucket));
            intro.push(format!(
                "  - Label: {}. Key: paste the public key. Then Add key.",
                v.label
            ));
            intro.push(k.preferred.clone());
        } else {
            intro.push(format!("Add it in {} as an access key:", v.flavor.name()));
            intro.push("  - Repository → Repository settings → Access keys → Add key".into());
            intro.push(format!(
                "  - Label: {}. Key: paste the public key.{} Then Add key.",
                v.label,
                match v.flavor {
                    Flavor::Cloud => "",
                    Flavor::DataCenter => " Permission: Read.",
                }
            ));
            intro.push(
                "Or let bblink add it through Bitbucket's API: bblink access-key add --help."
                    .into(),
            );
        }
        let mut status = Vec::new();
        if let Some(note) = v.copy.note() {
            status.push(note);
        }
        match (v.written, &v.written_path) {
            (WriteState::Written(_), Some(p)) => status.push(format!("✓ Written to {p}.")),
            (WriteState::Failed(e), _) => status.push(format!("✗ Not written: {e}.")),
            _ => {}
        }
        if let Some(a) = v.added {
            status.push(format!(
                "✓ Access key \"{}\" (id {}) is in Bitbucket.",
                a.key.label, a.key.id
            ));
        }
        Page {
            intro,
            status,
            choices: vec![Choice::new(
                "I added it in Bitbucket: go on to the clone URL",
                Do::Act(vec![Action::Next]),
            )],
            enter: Some(0),
            ..Page::default()
        }
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        let mut off = PublicKeyStep::unavailable(w.key.ready());
        if w.user_key() {
            // A user key goes on an account: the API screens add access keys only.
            off.push(Action::AccessKeys);
        }
        (CONTEXT, None, off)
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.public_key.done() || w.public_key_record().is_some() || w.test_passed()
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        match action {
            Action::Next => return out.go = Some(Step::CloneUrl),
            Action::AccessKeys => return w.open_access(super::access::Purpose::Add, out),
            _ => {}
        }
        let key = w.key.ready();
        w.public_key.act(action, key, &w.env, &mut w.jobs, out);
    }

    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (super::jobs::JobId, JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        let key = w.key.ready();
        w.public_key.on_event(event, key, &w.env, out);
    }
}

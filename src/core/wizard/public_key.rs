//! Step 3, Public key: copy the key in use to the clipboard (or write it to a file) and see
//! where it goes in Bitbucket. Owns the copy and write states.

use std::path::PathBuf;

use crate::core::bitbucket::AddResult;
use crate::core::display::terminal_safe;
use crate::core::errors::{CopyError, WriteError};
use crate::core::key_file::ReadyKey;
use crate::core::keyboard::{Action, Context};
use crate::core::service::{Flavor, ServiceProfile};
use crate::core::ssh_keys;

use super::jobs::{JobId, JobKind, Jobs};
use super::msg::{Effect, Env, JobEvent};
use super::page::{Bit, Choice, Do, Page, Said, Tone};
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
            Action::Copy => {
                if let Some(job) = out.start(jobs, JobKind::CopyPublicKey) {
                    self.copy = CopyState::Copying;
                    out.effects.push(Effect::Copy {
                        job,
                        text: key.info.public_line.clone(),
                    });
                }
            }
            Action::WriteFile => {
                let stem = ssh_keys::file_safe(&key.info.comment);
                let stem = if stem.is_empty() {
                    "bblink-key".to_string()
                } else {
                    stem
                };
                let path = env.cwd.join(format!("{stem}.pub"));
                let text = format!("{}\n", key.info.public_line);
                if let Some(job) = out.start(jobs, JobKind::WritePublicKey) {
                    out.effects.push(Effect::WritePublicKey { job, text, path });
                }
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

impl PublicKeyView<'_> {
    /// What the step says without a key: how to get one.
    pub fn no_key(&self, step: u8) -> Vec<Said> {
        vec![
            Said::blank(),
            Said::new(Tone::Title, "No key yet."),
            Said::blank(),
            Said::plain("Press ")
                .then_bit(Bit::Jump(Step::KeyPair))
                .then(Tone::Plain, " (or ")
                .then_key(Action::Back)
                .then(
                    Tone::Plain,
                    ") to generate a key pair or choose an existing key file.",
                )
                .or_plain(format!(
                    "No key yet: step {step} generates one or reads a key file."
                )),
        ]
    }

    /// The key's facts above the key line: type, size, fingerprint, the private key's file.
    pub fn facts(&self) -> Vec<Said> {
        let Some((key, private_path)) = &self.key else {
            return Vec::new();
        };
        vec![
            Said::new(
                Tone::Dim,
                format!("{} · {} bits · ", key.info.type_label(), key.info.bits),
            )
            .then(Tone::Value, key.info.fingerprint.clone()),
            Said::new(Tone::Dim, "Private key ").then(Tone::Plain, private_path.clone()),
            Said::new(
                Tone::Title,
                "Public key (select it with the mouse, or copy it):",
            )
            .or_plain("The public key (one line):"),
        ]
    }

    /// What became of the key: copied, written, added through the API.
    pub fn status(&self) -> Vec<Said> {
        let mut lines = vec![match self.copy {
            CopyState::Idle => Said::key(Action::Copy, " copies the public key; ")
                .then_key(Action::WriteFile)
                .then(Tone::Plain, " writes it to a file."),
            CopyState::Copying => Said::working("Copying…"),
            CopyState::Copied => Said::new(Tone::Ok, "✓ Copied to the clipboard.")
                .then(Tone::Plain, " Paste it into Bitbucket."),
            CopyState::SentOsc52(reason) => Said::new(
                Tone::Warn,
                "Sent to the terminal's clipboard (OSC 52), unconfirmed: ",
            )
            .then(
                Tone::Plain,
                format!("{reason}. If pasting fails, select the key above or press "),
            )
            .then_key(Action::WriteFile)
            .then(Tone::Plain, ".")
            .or_plain(format!(
                "Sent to the terminal's clipboard (OSC 52), unconfirmed: {reason}. If pasting fails, select the key above."
            )),
            CopyState::Unavailable(reason) => Said::new(
                Tone::Warn,
                format!("No clipboard: {reason}."),
            )
            .then(Tone::Plain, " Select the key above with the mouse, or press ")
            .then_key(Action::WriteFile)
            .then(Tone::Plain, " to write it to a file.")
            .or_plain(format!(
                "No clipboard: {reason}. Select the key above with the mouse, or write it to a file."
            )),
        }];
        match (self.written, &self.written_path) {
            (WriteState::Written(_), Some(p)) => {
                lines.push(Said::new(Tone::Ok, format!("✓ Written to {p}.")));
            }
            (WriteState::Failed(e), _) => {
                lines.push(Said::new(Tone::Error, format!("✗ Not written: {e}.")));
            }
            _ => {}
        }
        if let Some(a) = self.added {
            lines.push(Said::new(
                Tone::Ok,
                format!(
                    "✓ {} access key \"{}\" (id {}) through Bitbucket's API.",
                    if a.already_present {
                        "Already an"
                    } else {
                        "Added as"
                    },
                    terminal_safe(&a.key.label),
                    a.key.id
                ),
            ));
        }
        lines
    }

    /// Exactly where the key goes in Bitbucket, then what comes next.
    pub fn placement(&self) -> Vec<Said> {
        let step =
            |n: usize, line: Said| Said(std::iter::once(Bit::Item(n)).chain(line.0).collect());
        let label = terminal_safe(&self.label).into_owned();
        if let Some(k) = self.user_key {
            // A user key goes on an account, not on the repository: bblink's API screens add
            // access keys only.
            return vec![
                Said::new(
                    Tone::Title,
                    format!("Add it in {} as a user key:", self.flavor.name()),
                ),
                step(0, Said::plain(k.user_bitbucket.clone())),
                step(
                    1,
                    Said::plain("Label: ")
                        .then(Tone::Value, label)
                        .then(Tone::Plain, ". Key: paste the public key. Then Add key."),
                ),
                Said::new(Tone::Dim, k.preferred.clone()),
            ];
        }
        let mut lines = vec![
            Said::new(Tone::Title, format!("Add it in {}:", self.flavor.name())),
            step(
                0,
                Said::plain("Repository → Repository settings → Access keys → Add key"),
            ),
            step(
                1,
                Said::plain("Label: ").then(Tone::Value, label).then(
                    Tone::Plain,
                    match self.flavor {
                        Flavor::Cloud => ". Key: paste the public key. Then Add key.",
                        Flavor::DataCenter => {
                            ". Key: paste the public key. Permission: Read. Then Add key."
                        }
                    },
                ),
            ),
            Said::new(
                Tone::Dim,
                match self.flavor {
                    Flavor::Cloud => {
                        "Access keys are read-only. The same key may be added to other repositories, but it cannot also be an account SSH key."
                    }
                    Flavor::DataCenter => {
                        "Read is all the service needs; the same key may be added to other repositories or a project."
                    }
                },
            ),
        ];
        if self.added.is_none() {
            lines.push(
                Said::plain("Or press ")
                    .then_key(Action::AccessKeys)
                    .then(
                        Tone::Plain,
                        ": bblink adds it for you through Bitbucket's API (asks for a token).",
                    )
                    .or_plain(
                        "Or let bblink add it through Bitbucket's API: bblink access-key add --help.",
                    ),
            );
        }
        let service = self.service.map_or("the service", |s| s.called());
        lines.push(Said::new(
            Tone::Dim,
            format!(
                "Next: the clone URL (step {}) and the private key (step {}); step {} tests the connection, and the summary (step {}) lists what to fill in at {service}.",
                Step::CloneUrl.number(),
                Step::PrivateKey.number(),
                Step::Test.number(),
                Step::Done.number()
            ),
        ));
        lines
    }
}

/// The public key step as a unit.
pub(super) struct PublicKey;

impl super::unit::Unit for PublicKey {
    /// Its copies and writes, and the access-key calls it starts.
    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(
            kind,
            super::jobs::JobKind::CopyPublicKey
                | super::jobs::JobKind::WritePublicKey
                | super::jobs::JobKind::Api
        )
    }

    /// What was copied or written was the old key's.
    fn changed(&self, w: &mut super::Wizard, change: super::unit::Change, _out: &mut Out) {
        if change == super::unit::Change::Key {
            w.public_key.reset();
        }
    }

    fn page(&self, w: &super::Wizard) -> Page {
        let v = w.public_key_view();
        let said = |lines: &[super::page::Said]| super::page::plain_lines(lines);
        let Some((key, _)) = &v.key else {
            let step = w.route().number(Step::KeyPair);
            return Page {
                intro: said(&v.no_key(step)),
                choices: vec![Choice::new(
                    format!("Go to step {step}, the key pair"),
                    Do::Act(vec![Action::Jump(Step::KeyPair)]),
                )],
                enter: Some(0),
                ..Page::default()
            };
        };
        let mut intro = said(&v.facts());
        intro.push(key.info.public_line.clone());
        intro.extend(said(&v.placement()));
        Page {
            intro,
            status: said(&v.status()),
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
        off.extend(super::unit::NO_FIELDS);
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
            Action::Next => return out.onward = true,
            Action::AccessKeys => return w.open_access(super::access::Purpose::Add, out),
            _ => {}
        }
        let key = w.key.ready();
        w.public_key.act(action, key, &w.env, &mut w.jobs, out);
    }

    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (JobId, JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        match event {
            JobEvent::Copied(result) => {
                let text = (w.key.ready()).map(|k| k.info.public_line.clone());
                w.public_key.copy =
                    CopyState::outcome(result, text.unwrap_or_default(), &w.env, out);
            }
            JobEvent::Written(result) => {
                w.public_key.written = match result {
                    Ok(p) => WriteState::Written(p),
                    Err(e) => WriteState::Failed(e),
                };
            }
            _ => {}
        }
    }
}

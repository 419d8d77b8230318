//! Dialogs over the current screen (help, the resume offer, confirmations) and quitting:
//! what each answer does, and when quitting asks first.

use std::path::PathBuf;

use crate::core::bitbucket::AccessKey;
use crate::core::display::terminal_safe;
use crate::core::key_file::KeyJobError;
use crate::core::keyboard::{Action, OverlayKind};
use crate::core::progress::Progress;
use crate::core::step::Step;

use super::key_pair::Consent;
use super::msg::Effect;
use super::page::Page;
use super::{Out, Wizard, display_path};

/// A dialog over the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key of the current screen.
    Help,
    /// Saved progress was found: resume or start over.
    Resume(Box<Progress>),
    /// Quit although something is unsaved or running.
    ConfirmQuit,
    /// These files exist: overwrite them?
    ConfirmOverwrite(Vec<PathBuf>),
    /// The key would be saved inside this git work tree.
    ConfirmInRepo(PathBuf),
    /// Make another key although this one (its fingerprint) is in use.
    ConfirmNewKey(String),
    /// Trust the host key the server showed in the connection test.
    ConfirmTrust {
        /// Its `SHA256:…` fingerprint.
        fingerprint: String,
        /// Its type (`ED25519`, …).
        kind: String,
        /// bblink expected another key for this host.
        changed: bool,
    },
    /// Remove this access key from the repository.
    ConfirmRemoveKey(Box<AccessKey>),
    /// Replace this access key with a new one.
    ConfirmRotate(Box<AccessKey>),
    /// `known_hosts` lines for the repository's SSH host, in one of the CI formats.
    KnownHosts {
        /// The format's index (`known_hosts::Format`).
        format: usize,
        /// The last copy of the snippet.
        copies: super::values::Copies,
    },
    /// The service's checklist.
    Checklist,
}

impl Overlay {
    /// The key table it takes keys with.
    pub fn kind(&self) -> OverlayKind {
        match self {
            Overlay::Help => OverlayKind::Help,
            Overlay::Resume(_) => OverlayKind::Resume,
            Overlay::ConfirmQuit
            | Overlay::ConfirmOverwrite(_)
            | Overlay::ConfirmInRepo(_)
            | Overlay::ConfirmNewKey(_)
            | Overlay::ConfirmTrust { .. }
            | Overlay::ConfirmRemoveKey(_)
            | Overlay::ConfirmRotate(_) => OverlayKind::Confirm,
            Overlay::KnownHosts { .. } => OverlayKind::Sheet,
            Overlay::Checklist => OverlayKind::Read,
        }
    }
}

/// What a dialog shows: the help and the sheets, which each shell lays out itself, or a
/// question in its words (paths shortened, names looked up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverlayView {
    /// The keys of the screen behind.
    Help,
    /// The `known_hosts` sheet.
    KnownHosts(super::sheet::KnownHostsView),
    /// The service's checklist: sections with their items.
    Checklist(Vec<crate::core::service::Checklist>),
    /// A question, or the resume offer.
    Question(Dialog),
}

impl Wizard {
    /// The open dialog, ready to draw.
    pub fn overlay_view(&self) -> Option<OverlayView> {
        Some(match self.overlay.as_ref()? {
            Overlay::Help => OverlayView::Help,
            Overlay::KnownHosts { format, copies } => {
                OverlayView::KnownHosts(self.known_hosts_view(*format, copies))
            }
            Overlay::Checklist => OverlayView::Checklist(
                self.service()
                    .map(|s| s.checklist.clone())
                    .unwrap_or_default(),
            ),
            question => OverlayView::Question(self.question(question)?),
        })
    }

    /// The words of a question or of the resume offer, the same in both shells; `None` for the
    /// help and the sheets, which are no question.
    #[allow(clippy::too_many_lines)] // one arm per question
    fn question(&self, overlay: &Overlay) -> Option<Dialog> {
        use Tone::{Plain, Value, Warn};
        let home = self.env.home.as_deref();
        let mut d;
        match overlay {
            Overlay::Help | Overlay::KnownHosts { .. } | Overlay::Checklist => return None,
            Overlay::ConfirmQuit => {
                d = Dialog::new("Quit?");
                for l in self.unsaved() {
                    d.line(Plain, format!("• {l}"));
                }
                d.line(Plain, "Your other choices are saved either way. Quit?");
            }
            Overlay::ConfirmNewKey(fingerprint) => {
                let service = self.service().map_or("the service", |s| s.called());
                d = Dialog::new("Make another key?");
                d.pieces(&[
                    (Plain, "The key in use ("),
                    (Value, fingerprint),
                    (Plain, ") stays on disk."),
                ]);
                d.line(Warn, format!("If its public key is in Bitbucket already, the new public key must replace it there, and {service} must get the new private key."));
                d.line(Plain, "Make a new key pair?");
            }
            Overlay::ConfirmTrust {
                fingerprint,
                kind,
                changed,
            } => {
                let host = self
                    .ssh_url()
                    .and_then(crate::core::conntest::Target::parse)
                    .map_or_else(String::new, |t| {
                        crate::core::conntest::hostkeys::known_host_name(&t.host, t.port)
                    });
                d = Dialog::new("Trust this host key?");
                d.line(
                    Plain,
                    format!("The server {host} showed this {kind} host key:"),
                );
                d.line(Value, format!("  {fingerprint}"));
                if *changed {
                    d.line(Warn, "bblink expected another key for this host: the key was replaced, or someone is impersonating the server.");
                }
                d.line(Plain, "Trust it only if it matches the fingerprint your Bitbucket admin publishes (Bitbucket Cloud: Atlassian's documentation). It is recorded in:");
                d.line(
                    Value,
                    format!("  {}", display_path(home, &self.env.known_hosts)),
                );
                d.line(Plain, "Trust this host key and test again?");
            }
            Overlay::ConfirmRemoveKey(key) => {
                let in_use = self
                    .key
                    .ready()
                    .is_some_and(|k| k.info.fingerprint == key.fingerprint);
                d = Dialog::new("Remove an access key?");
                let label = format!("Remove \"{}\" ", terminal_safe(&key.label));
                let id = format!(" (id {}) from {}?", key.id, self.access_repo());
                d.pieces(&[(Plain, &label), (Value, &key.fingerprint), (Plain, &id)]);
                d.line(Warn, "Whatever uses this key (a service, a CI job) loses access to the repository at once.");
                if in_use {
                    d.line(Warn, "It is the key bblink is working with.");
                }
                d.line(Plain, "Remove it?");
            }
            Overlay::ConfirmRotate(key) => {
                d = Dialog::new("Rotate an access key?");
                let label = format!("Replace \"{}\" ", terminal_safe(&key.label));
                let of = format!(" of {}:", self.access_repo());
                d.pieces(&[(Plain, &label), (Value, &key.fingerprint), (Plain, &of)]);
                d.line(Plain, "1. generate a new Ed25519 key pair, 2. add it as an access key, 3. test the connection with it.");
                d.line(Plain, "The old key stays until you remove it, after the service has the new private key.");
                d.line(Plain, "Start?");
            }
            Overlay::ConfirmOverwrite(paths) => {
                d = Dialog::new("Replace an existing key?");
                d.line(Plain, "These files already exist:");
                for p in paths {
                    d.line(Value, format!("  {}", display_path(home, p)));
                }
                d.line(Plain, "");
                d.line(
                    Warn,
                    "Overwriting destroys that key: anything that uses it stops working.",
                );
                d.line(Plain, "Overwrite them with the new key?");
            }
            Overlay::ConfirmInRepo(root) => {
                d = Dialog::new("Save inside a git work tree?");
                d.pieces(&[
                    (Plain, "The key would be saved inside the git work tree "),
                    (Value, &display_path(home, root)),
                    (Plain, "."),
                ]);
                d.line(Warn, "Keys must never be committed: anyone who can read the repository could read the key.");
                d.line(Plain, "Save it there anyway?");
            }
            Overlay::Resume(p) => {
                let name = self
                    .services
                    .iter()
                    .find(|s| s.id == p.service)
                    .map_or_else(|| terminal_safe(&p.service), |s| s.name.as_str().into());
                let key = p
                    .key_path
                    .as_ref()
                    .map_or_else(|| "none yet".into(), |k| display_path(home, k));
                let url = p
                    .clone_url
                    .clone()
                    .or_else(|| p.token_repo.clone())
                    .map_or_else(|| "none yet".into(), |u| terminal_safe(&u).into_owned());
                let step = Step::from_name(&p.step).map_or("?", Step::title);
                d = Dialog::new("Welcome back");
                d.line(Plain, "You were here last time:");
                d.pieces(&[
                    (Plain, "  Service  "),
                    (Value, &format!("{name} · {}", p.flavor.name())),
                ]);
                d.pieces(&[(Plain, "  Key      "), (Value, &key)]);
                d.pieces(&[(Plain, "  URL      "), (Value, &url)]);
                d.pieces(&[(Plain, "  Step     "), (Value, step)]);
                d.line(Plain, "");
                d.line(
                    Plain,
                    "Resume, or start over? Starting over deletes no key.",
                );
            }
        }
        Some(d)
    }

    /// An action while a dialog is open: only its answers (and Ctrl-C) do anything.
    pub(super) fn act_on_overlay(&mut self, action: Action, out: &mut Out) {
        let Some(overlay) = self.overlay.take() else {
            return;
        };
        match (overlay, action) {
            // Nothing was decided yet: the saved progress stays as it is.
            (Overlay::Resume(_), Action::ForceQuit) => self.leave(out),
            (_, Action::ForceQuit) | (Overlay::ConfirmQuit, Action::Yes) => self.quit_now(out),
            (Overlay::Resume(p), Action::Yes) => self.apply_progress(&p, out),
            (Overlay::ConfirmOverwrite(_), Action::Yes) => {
                self.key
                    .generate(Some(Consent::Overwrite), &self.env, &mut self.jobs, out);
            }
            (Overlay::ConfirmInRepo(_), Action::Yes) => {
                self.key
                    .generate(Some(Consent::InRepo), &self.env, &mut self.jobs, out);
            }
            (Overlay::ConfirmNewKey(_), Action::Yes) => {
                self.key.generate(None, &self.env, &mut self.jobs, out);
            }
            (Overlay::ConfirmTrust { fingerprint, .. }, Action::Yes) => {
                let inputs = self.test_inputs();
                self.test
                    .trust(fingerprint, inputs, &self.env, &mut self.jobs, out);
            }
            (Overlay::ConfirmRemoveKey(key), Action::Yes) => self.access_remove(*key, out),
            (Overlay::ConfirmRotate(key), Action::Yes) => self.access_rotate(*key, out),
            (Overlay::ConfirmOverwrite(paths), Action::No) => {
                self.key.declined(KeyJobError::Exists(paths));
            }
            (Overlay::ConfirmInRepo(root), Action::No) => {
                self.key.declined(KeyJobError::InGitWorkTree { root });
            }
            (sheet @ Overlay::KnownHosts { .. }, a @ (Action::Cycle | Action::Copy)) => {
                self.overlay = Some(self.sheet_act(sheet, a, out));
            }
            (Overlay::Help, Action::Help) | (_, Action::No) => {}
            (overlay, _) => self.overlay = Some(overlay),
        }
    }

    /// What quitting now would lose, one sentence each.
    fn unsaved(&self) -> Vec<String> {
        let mut lost = Vec::new();
        if let Some(job) = self.jobs.foreground() {
            lost.push(format!(
                "bblink is still {}; quitting cancels it.",
                job.kind.describe()
            ));
        }
        if self.key.unsaved() {
            lost.push("The label or path you typed on the key step has not been used yet.".into());
        }
        if self.url.unsaved() {
            lost.push(
                "The clone URL in the field is not usable yet, so it is not saved (it may hold a token)."
                    .into(),
            );
        }
        if self.private.unsaved() {
            lost.push("The private key you pasted is not saved anywhere.".into());
        }
        lost.extend(self.credentials_unsaved());
        lost
    }

    /// `q`: asks first while something would be lost (typed text, a URL that is not saved, a
    /// pasted key, a running job).
    pub(super) fn quit(&mut self, out: &mut Out) {
        if self.unsaved().is_empty() {
            self.quit_now(out);
        } else {
            self.overlay = Some(Overlay::ConfirmQuit);
        }
    }

    /// Saves, stops every job, and quits; before the resume offer is answered, nothing is
    /// saved (the fresh state would replace the progress offered).
    pub(super) fn quit_now(&mut self, out: &mut Out) {
        if matches!(self.overlay, Some(Overlay::Resume(_))) {
            return self.leave(out);
        }
        out.effects
            .push(Effect::SaveProgress(Box::new(self.progress())));
        self.leave(out);
    }

    /// Stops every job and quits, saving nothing.
    fn leave(&mut self, out: &mut Out) {
        self.quitting = true;
        out.save = false;
        for job in self.jobs.drop_where(|_| true) {
            out.effects.push(Effect::Cancel(job));
        }
        out.effects.push(Effect::Quit);
    }
}

impl super::Wizard {
    /// What quitting would lose of these steps: bblink never saves a secret, and Bitbucket
    /// shows an access token or a webhook secret only once.
    pub(super) fn credentials_unsaved(&self) -> Vec<String> {
        let mut lost = Vec::new();
        if self.webhook.generated() {
            lost.push("The webhook secret bblink made exists only here: copy it for the service first (Bitbucket never shows it again).".into());
        }
        if self.token.token_len() > 0 {
            lost.push("The access token you pasted is not saved anywhere.".into());
        }
        if self.consumer.secret_len() > 0 && !self.consumer.passed() {
            lost.push("The consumer secret you pasted has not been checked.".into());
        }
        lost
    }
}

/// The open dialog as a page, if there is one.
pub(super) fn page(w: &Wizard) -> Option<Page> {
    let view = w.overlay_view()?;
    let mut intro = Vec::new();
    let mut status = Vec::new();
    match view {
        OverlayView::Help => {}
        OverlayView::KnownHosts(v) => {
            intro.push(format!("known_hosts for your CI: {}", v.host));
            intro.push(v.source.clone());
            status.push(format!(
                "Format: {}",
                v.formats.0.get(v.formats.1).copied().unwrap_or("")
            ));
            if let Some(warn) = &v.warning {
                status.push(format!("! {warn}"));
            }
            status.extend(v.snippet.lines().map(str::to_string));
            status.extend(v.copy_note.clone());
        }
        OverlayView::Checklist(sections) => {
            for s in sections {
                intro.push(s.title.clone());
                intro.extend(
                    s.items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| format!("  {}. {item}", super::page::letter(i))),
                );
            }
        }
        OverlayView::Question(d) => {
            intro.push(d.title.to_string());
            intro.extend(d.text_lines());
        }
    }
    Some(Page {
        intro,
        status,
        ..Page::default()
    })
}

/// How a piece of a dialog's text reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Ordinary text.
    Plain,
    /// A value (a fingerprint, a path).
    Value,
    /// A warning.
    Warn,
}

/// A question's words, the same in both shells: its title, and its lines as runs of pieces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dialog {
    /// The title (`Quit?`).
    pub title: &'static str,
    /// The lines, each a run of pieces with their tone.
    pub lines: Vec<Vec<(Tone, String)>>,
}

impl Dialog {
    fn new(title: &'static str) -> Self {
        Self {
            title,
            lines: Vec::new(),
        }
    }

    fn line(&mut self, tone: Tone, text: impl Into<String>) {
        self.lines.push(vec![(tone, text.into())]);
    }

    fn pieces(&mut self, pieces: &[(Tone, &str)]) {
        self.lines.push(
            pieces
                .iter()
                .map(|(tone, text)| (*tone, (*text).to_string()))
                .collect(),
        );
    }

    /// Each line as plain text.
    pub fn text_lines(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
            .collect()
    }
}

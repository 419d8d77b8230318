//! "Add it to Bitbucket for me" and the Keys screen, over any screen: the credential form
//! (which credential, why, the scope to tick, where to create it, masked input), progress, the
//! result, the repository's access keys, removal and rotation. The token never reaches the
//! wizard: effects name its field and the shell fills it in. On any failure the manual
//! instructions of the public key step stay the way forward.

mod view;
mod wizard;

use crate::core::bitbucket::access_keys::AccessKey;
use crate::core::bitbucket::outcome::{ApiOutcome, Rotation};
use crate::core::bitbucket::{AddResult, ApiFailure, ApiTarget, TokenKind};
use crate::core::key_file::GenerateRequest;
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::ssh_keys::{self, KeyAlgorithm, KeyFormat};

use super::jobs::JobId;
use super::msg::{ApiCall, ApiOp, Effect, Env, Field, JobEvent, SecretSource};
use super::overlay::Overlay;
use super::{JobKind, Out, Step};

pub use view::AccessView;

/// Why the panel was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `a` on the public key step: add the key in use.
    Add,
    /// The Keys screen: list, remove, rotate.
    Manage,
}

/// Where the panel is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// The credential form.
    Form,
    /// A call runs (its stages so far).
    Working(Vec<String>),
    /// The key was added (or was there).
    Added(AddResult),
    /// A call failed.
    Failed(ApiFailure),
    /// The repository's keys.
    Keys,
    /// A rotation ended.
    Rotated(Box<Rotation>),
    /// A key was removed.
    Removed(AccessKey),
}

/// The form's fields, in focus order.
const FIELDS: [Field; 3] = [Field::ApiRepo, Field::ApiEmail, Field::ApiToken];

/// The panel's state while it is open.
#[derive(Debug, Clone)]
pub struct AccessPanel {
    purpose: Purpose,
    phase: Phase,
    focus: usize,
    target: Option<Result<ApiTarget, String>>,
    email: String,
    keys: Vec<AccessKey>,
    truncated: bool,
    unread: usize,
    selected: usize,
    job: Option<JobId>,
}

/// What the wizard gives the panel for a request.
pub(super) struct Facts {
    pub env: Env,
    pub key: Option<crate::core::key_file::ReadyKey>,
    pub label: String,
}

impl AccessPanel {
    /// Opened for `purpose`, with the repository's URL when one is known, else what the form
    /// held at the last visit (`form`: the URL and the email as typed).
    pub(super) fn open(
        purpose: Purpose,
        url: Option<&str>,
        form: (&str, &str),
        env: &Env,
        out: &mut Out,
    ) -> Self {
        let mut p = Self {
            purpose,
            phase: Phase::Form,
            focus: 0,
            target: None,
            email: String::new(),
            keys: Vec::new(),
            truncated: false,
            unread: 0,
            selected: 0,
            job: None,
        };
        // What the fields held at an earlier visit is read again; a settled clone URL replaces
        // the URL field's.
        if let Some(url) = url {
            p.repo_edited(url, env);
            let text = crate::core::secret::Secret::new(url.to_string());
            out.effects.push(Effect::SetField(Field::ApiRepo, text));
            p.focus = 1;
        } else {
            p.repo_edited(form.0, env);
        }
        p.email_edited(form.1);
        p
    }

    /// The field with focus (the form only).
    pub fn focused_field(&self) -> Option<Field> {
        (self.phase == Phase::Form).then(|| FIELDS[self.focus])
    }

    /// Where the panel is.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// A call runs.
    pub fn working(&self) -> bool {
        matches!(self.phase, Phase::Working(_))
    }

    /// The key table, the field's kind, and what does nothing now.
    pub fn keys(&self) -> (Context, Option<FieldKind>, Vec<Action>) {
        let (context, field, mut off) = self.phase_keys();
        if self.phase != Phase::Form {
            off.extend([Action::FocusNext, Action::FocusPrev]);
        }
        (context, field, off)
    }

    fn phase_keys(&self) -> (Context, Option<FieldKind>, Vec<Action>) {
        match &self.phase {
            Phase::Form => (Context::AccessForm, Some(FieldKind::Line), Vec::new()),
            Phase::Working(_) => (Context::AccessForm, None, vec![Action::Troubleshoot]),
            Phase::Keys => {
                let mut off = vec![Action::Next];
                if self.keys.is_empty() {
                    off.extend([
                        Action::RemoveKey,
                        Action::RotateKey,
                        Action::Up,
                        Action::Down,
                    ]);
                }
                (Context::AccessKeys, None, off)
            }
            Phase::Rotated(r) if r.passed() => (Context::AccessRotated, None, Vec::new()),
            Phase::Rotated(r) if r.added.is_some() => {
                (Context::AccessRotateFailed, None, Vec::new())
            }
            Phase::Rotated(_) => (Context::AccessResult, None, vec![Action::Next]),
            Phase::Added(_) | Phase::Failed(_) | Phase::Removed(_) => {
                (Context::AccessResult, None, Vec::new())
            }
        }
    }

    /// The repository field's new text: parsed now; the text itself is not kept.
    pub(super) fn repo_edited(&mut self, text: &str, env: &Env) {
        self.target = super::access_token::repository(text.trim(), env, "a Bitbucket token");
    }

    /// The email field's new text.
    pub(super) fn email_edited(&mut self, text: &str) {
        // A token pasted here by mistake is not kept (the screen hides it).
        let text = text.trim();
        self.email = if TokenKind::of(text) == TokenKind::Other {
            text.to_string()
        } else {
            String::new()
        };
    }

    fn call(&mut self, op: ApiOp, env: &Env, jobs: &mut super::jobs::Jobs, out: &mut Out) {
        let Some(Ok(target)) = self.target.clone() else {
            self.phase = Phase::Form;
            self.focus = 0;
            out.notice = Some("Give the repository's clone URL first (SSH or HTTPS, from Bitbucket's Clone button).".into());
            return;
        };
        let Some(job) = out.start(jobs, JobKind::Api) else {
            return;
        };
        self.job = Some(job);
        self.phase = Phase::Working(Vec::new());
        let call = ApiCall {
            target,
            email: Some(self.email.clone()).filter(|e| !e.is_empty()),
            token: SecretSource::Field(Field::ApiToken),
            ca_file: env.ca_file.clone(),
            op,
        };
        out.effects.push(Effect::AccessKeys {
            job,
            call: Box::new(call),
        });
    }

    /// Handles an action; returns whether the panel stays open.
    pub(super) fn act(
        &mut self,
        action: Action,
        facts: &Facts,
        jobs: &mut super::jobs::Jobs,
        out: &mut Out,
    ) -> bool {
        match (&self.phase, action) {
            (Phase::Working(_), Action::Back) => {
                if let Some(job) = self.job.take() {
                    jobs.finish(job);
                    out.effects.push(Effect::Cancel(job));
                }
                self.phase = Phase::Form;
                out.notice = Some("Cancelled: nothing more is sent to Bitbucket. What was done stays done: a rotation's new key may be saved and added already (u on the Keys screen lists the keys).".into());
            }
            (Phase::Working(_), _) => {}
            (Phase::Form, Action::FocusNext) => self.focus = (self.focus + 1) % FIELDS.len(),
            (Phase::Form, Action::FocusPrev) => {
                self.focus = (self.focus + FIELDS.len() - 1) % FIELDS.len();
            }
            (Phase::Form, Action::Next) => self.submit(facts, jobs, out),
            (Phase::Failed(_), Action::Next) => self.phase = Phase::Form,
            (Phase::Added(_), Action::Next) => {
                out.go = Some(Step::CloneUrl);
                return false;
            }
            (Phase::Removed(_), Action::Next) | (Phase::Keys, Action::Retest) => {
                self.call(
                    ApiOp::List {
                        this: this_key(facts),
                    },
                    &facts.env,
                    jobs,
                    out,
                );
            }
            (Phase::Keys, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (Phase::Keys, Action::Down) => {
                self.selected = (self.selected + 1).min(self.keys.len().saturating_sub(1));
            }
            (Phase::Keys, Action::RemoveKey) => {
                if let Some(k) = self.keys.get(self.selected) {
                    out.overlay = Some(Overlay::ConfirmRemoveKey(Box::new(k.clone())));
                }
            }
            (Phase::Keys, Action::RotateKey) => {
                if let Some(k) = self.keys.get(self.selected) {
                    out.overlay = Some(Overlay::ConfirmRotate(Box::new(k.clone())));
                }
            }
            (Phase::Rotated(r), Action::RemoveKey) if r.passed() => {
                out.overlay = Some(Overlay::ConfirmRemoveKey(Box::new(r.old.clone())));
            }
            (Phase::Rotated(r), Action::RemoveKey) => {
                if let Some(added) = &r.added {
                    out.overlay = Some(Overlay::ConfirmRemoveKey(Box::new(added.key.clone())));
                }
            }
            (Phase::Rotated(r), Action::Next) if r.passed() => {
                out.go = Some(Step::PrivateKey);
                return false;
            }
            (_, Action::Back | Action::KeysScreen) => return false,
            _ => {}
        }
        true
    }

    fn submit(&mut self, facts: &Facts, jobs: &mut super::jobs::Jobs, out: &mut Out) {
        match self.purpose {
            Purpose::Add => {
                let Some(key) = &facts.key else {
                    out.notice = Some("No key yet: step 2 (Key pair) generates one.".into());
                    return;
                };
                let op = ApiOp::Add {
                    public_line: key.info.public_line.clone(),
                    fingerprint: key.info.fingerprint.clone(),
                    label: facts.label.clone(),
                };
                self.call(op, &facts.env, jobs, out);
            }
            Purpose::Manage => self.call(
                ApiOp::List {
                    this: this_key(facts),
                },
                &facts.env,
                jobs,
                out,
            ),
        }
    }

    /// Removal confirmed.
    pub(super) fn remove(
        &mut self,
        key: AccessKey,
        env: &Env,
        jobs: &mut super::jobs::Jobs,
        out: &mut Out,
    ) {
        self.call(ApiOp::Remove(Box::new(key)), env, jobs, out);
    }

    /// Rotation confirmed: a new Ed25519 key, added and tested; the old key stays.
    pub(super) fn rotate(
        &mut self,
        old: AccessKey,
        facts: &Facts,
        jobs: &mut super::jobs::Jobs,
        out: &mut Out,
    ) {
        let env = &facts.env;
        let base = if old.label.trim().is_empty() {
            facts.label.as_str()
        } else {
            old.label.as_str()
        };
        let label = format!("{}-rotated", base.trim_end_matches("-rotated"));
        let generate = GenerateRequest {
            algorithm: KeyAlgorithm::Ed25519,
            format: KeyFormat::Openssh,
            private_path: env.keys_dir.join(ssh_keys::file_safe(&label)),
            comment: label,
            overwrite: false,
            allow_in_repo: false,
            free_name: true,
        };
        let test = self
            .target
            .as_ref()
            .and_then(|t| t.as_ref().ok())
            .and_then(|t| t.ssh_url.as_deref())
            .and_then(|url| super::test::request_for(url, env));
        self.call(
            ApiOp::Rotate {
                old: Box::new(old),
                generate: Box::new(generate),
                test: test.map(Box::new),
            },
            env,
            jobs,
            out,
        );
    }

    /// The call's stages and result. Returns a new key to adopt (a rotation that passed) and
    /// a key now in Bitbucket (for the public key step).
    pub(super) fn on_event(&mut self, event: JobEvent) -> Option<ApiOutcome> {
        match event {
            JobEvent::Progress(stage) => {
                if let Phase::Working(stages) = &mut self.phase {
                    stages.push(stage);
                }
                None
            }
            JobEvent::Api(outcome) => {
                self.job = None;
                self.phase = match &*outcome {
                    ApiOutcome::Added(a) => Phase::Added(a.clone()),
                    ApiOutcome::Listed {
                        keys,
                        truncated,
                        unread,
                    } => {
                        self.keys.clone_from(keys);
                        self.truncated = *truncated;
                        self.unread = *unread;
                        self.selected = self.selected.min(keys.len().saturating_sub(1));
                        Phase::Keys
                    }
                    ApiOutcome::Removed(k) => Phase::Removed(k.clone()),
                    ApiOutcome::Rotated(r) => Phase::Rotated(r.clone()),
                    ApiOutcome::Failed(f) => Phase::Failed(f.clone()),
                };
                Some(*outcome)
            }
            _ => None,
        }
    }
}

fn this_key(facts: &Facts) -> Option<String> {
    facts.key.as_ref().map(|k| k.info.fingerprint.clone())
}

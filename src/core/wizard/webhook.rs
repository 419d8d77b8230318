//! The webhook step (webhook services): the secret (made here from the operating system's
//! randomness, or the one the service already uses for other repositories), then the push
//! webhook created or updated through the API with the checked token; when the token may not,
//! the manual steps with every value ready to copy. Owns the secret's length and origin, the
//! list's focus and the result; the secret stays in the shell's masked field.

use crate::core::bitbucket::ApiFailure;
use crate::core::bitbucket::hooks::HookAction;
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::service::ServiceProfile;

use super::Out;
use super::done::Status;
use super::jobs::{JobId, JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent, SecretSource};
use super::page::{Block, Choice, Form, Hidden, Page, Row, Said, Shown, Tone, Values, ask_do};
use super::unit::Edit;
use super::values::{Copies, Item};

/// Where the webhook is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    /// Not created yet.
    #[default]
    Ready,
    /// A secret is made, or the API is asked.
    Working,
    /// Bitbucket has it.
    Saved {
        /// Created, updated or already right.
        action: HookAction,
        /// Its id.
        id: String,
    },
    /// The API refused: the manual steps are the way on.
    Failed(ApiFailure),
}

/// The webhook step's state.
#[derive(Debug, Clone, Default)]
pub struct WebhookStep {
    secret_len: usize,
    generated: bool,
    field_focused: bool,
    reveal: bool,
    selected: usize,
    phase: Phase,
    saved_with: Option<(String, String)>,
    pub(super) copies: Copies,
}

/// What the step needs from the others.
pub(super) struct Facts<'a> {
    pub service: Option<&'a ServiceProfile>,
    pub hook_url: Option<String>,
    pub target: Option<&'a crate::core::bitbucket::ApiTarget>,
    pub env: &'a Env,
}

impl WebhookStep {
    /// The webhook is in Bitbucket with the URL and repository in use now, and the secret (any
    /// edit of it voids the result).
    pub fn saved(&self, hook_url: Option<&str>, repo: Option<&str>) -> bool {
        matches!(self.phase, Phase::Saved { .. })
            && self
                .saved_with
                .as_ref()
                .is_some_and(|(u, r)| Some(u.as_str()) == hook_url && Some(r.as_str()) == repo)
    }

    /// The secret in the field was made here (it exists nowhere else).
    pub fn generated(&self) -> bool {
        self.generated && self.secret_len > 0
    }

    /// The secret's length.
    pub fn secret_len(&self) -> usize {
        self.secret_len
    }

    /// The secret field's new length.
    pub(super) fn secret_edited(&mut self, len: usize) {
        self.generated = false;
        self.secret_len = len;
        if self.phase != Phase::Working {
            self.phase = Phase::Ready;
        }
    }

    /// The values to copy.
    pub(super) fn values(&self, f: &Facts<'_>) -> Vec<Item> {
        let Some(w) = f.service.and_then(|s| s.webhook.as_ref()) else {
            return Vec::new();
        };
        let url_label = f
            .service
            .and_then(|s| s.derived(&w.url))
            .map_or("Webhook URL", |d| d.label.as_str());
        vec![
            Item::text(
                url_label,
                f.hook_url.clone().unwrap_or_default(),
                "Bitbucket's webhook → URL",
            ),
            Item::text("Title", w.title.clone(), "Bitbucket's webhook → Title"),
            Item::secret(
                "Secret",
                Field::HookSecret,
                self.secret_len,
                "Bitbucket's webhook → Secret, and the service's form",
            ),
        ]
    }

    fn save(&mut self, f: &Facts<'_>, jobs: &mut Jobs, out: &mut Out) {
        let (Some(target), Some(hook_url)) = (f.target, f.hook_url.clone()) else {
            out.notice = Some(
                "The access token step (3) comes first: the webhook is created with that token."
                    .into(),
            );
            return;
        };
        if self.secret_len == 0 {
            out.notice = Some(
                "No secret yet: g makes one, or Tab and paste the one the service already uses."
                    .into(),
            );
            return;
        }
        let Some(w) = f.service.and_then(|s| s.webhook.as_ref()) else {
            return;
        };
        let Some(job) = out.start(jobs, JobKind::SaveHook) else {
            return;
        };
        self.phase = Phase::Working;
        self.saved_with = Some((hook_url.clone(), target.full_name()));
        out.effects.push(Effect::SaveHook {
            job,
            target: target.clone(),
            token: SecretSource::Field(Field::HookToken),
            hook: (hook_url, w.title.clone()),
            secret: SecretSource::Field(Field::HookSecret),
            ca_file: f.env.ca_file.clone(),
        });
    }
}

/// The verdict on a saved webhook.
fn saved_line(action: HookAction, id: &str, repo: &str) -> String {
    let did = match action {
        HookAction::Created => "Created",
        HookAction::Updated => "Updated",
        HookAction::Unchanged => "Already there:",
    };
    format!("✓ {did} the push webhook of {repo} ({id}).")
}

impl WebhookStep {
    /// The step as a form: the secret (made here or pasted, masked), the webhook's creation
    /// through the API (or the manual steps when the API refused), and its values to copy.
    fn form(&self, f: &Facts<'_>) -> Form {
        let repository = f.target.map(crate::core::bitbucket::ApiTarget::full_name);
        let flavor = f
            .target
            .map_or(crate::core::bitbucket::ApiFlavor::Cloud, |t| t.flavor);
        let hook = f.service.and_then(|s| s.webhook.as_ref());
        let mut status = vec![match (self.secret_len, self.generated) {
            (0, _) => Said::plain("No secret yet: ")
                .then_key(Action::NewSecret)
                .then(Tone::Plain, " makes one, or ")
                .then_key(Action::FocusNext)
                .then(
                    Tone::Plain,
                    " and paste the one your other repositories' webhooks use.",
                )
                .or_plain(
                    "No secret yet: make one, or give the one your other repositories' webhooks use.",
                ),
            (n, true) => Said::new(
                Tone::Ok,
                format!(
                    "✓ A new secret, {n} random characters: copy it below for the service."
                ),
            ),
            (n, false) if n < 32 => Said::new(
                Tone::Warn,
                format!("! The secret has {n} characters: one of 32 or more is much harder to guess."),
            ),
            (n, false) => Said::new(
                Tone::Ok,
                format!("✓ The secret you entered ({n} characters)."),
            ),
        }];
        if let Some(h) = hook {
            status.push(Said::new(Tone::Dim, h.shared_secret.clone()));
        }
        status.push(Said::blank());
        let repo = repository.as_deref().unwrap_or("the repository");
        match &self.phase {
            Phase::Ready => status.push(Said::key(
                Action::Next,
                format!(
                    " creates the push webhook of {repo} through the API (a webhook with this URL is updated, never duplicated)."
                ),
            )),
            Phase::Working => status.push(Said::working("Working… Esc cancels.")),
            Phase::Saved { action, id } => {
                let repo = repository.as_deref().unwrap_or_default();
                status.push(Said::new(Tone::Ok, saved_line(*action, id, repo)));
                let called = f.service.map_or("the service", |s| s.called());
                status.push(Said::key(
                    Action::Next,
                    format!(" goes on to what to give {called}."),
                ));
            }
            Phase::Failed(f) => {
                status.extend(Said::failure(f));
                if let Some(h) = hook {
                    let manual = match flavor {
                        crate::core::bitbucket::ApiFlavor::DataCenter => &h.manual_data_center,
                        crate::core::bitbucket::ApiFlavor::Cloud => &h.manual_cloud,
                    };
                    status.push(Said::new(
                        Tone::Title,
                        "Add it by hand instead, with the values below:",
                    ));
                    status.push(Said::plain(format!("  {manual}")));
                    status.push(
                        Said::key(Action::Next, " goes on once it is added by hand; ")
                            .then_key(Action::Retest)
                            .then(Tone::Plain, " tries the API again."),
                    );
                }
            }
        }
        status.push(Said::blank());
        Form {
            // The status says the secret's length.
            rows: vec![Row {
                field: Field::HookSecret,
                caption: "Secret".into(),
                focused: self.field_focused,
                shown: Shown::Masked {
                    reveal: self.reveal,
                },
                len: 0,
            }],
            blocks: vec![Block::Status(status), self.values_block(f)],
        }
    }

    /// The webhook's values to copy (URL, title, secret), the selected one and how its last
    /// copy went.
    fn values_block(&self, f: &Facts<'_>) -> Block {
        let values = self.values(f);
        let selected = (!self.field_focused && !values.is_empty())
            .then_some(self.selected.min(values.len().saturating_sub(1)));
        let secret = selected.is_some_and(|i| {
            matches!(
                values.get(i).map(|v| &v.source),
                Some(super::values::Source::Secret(_))
            )
        });
        let copy_note = selected.and_then(|i| {
            self.copies
                .note(i, secret.then_some(f.env.clear_clipboard_after))
        });
        Block::Values(Values::new(
            (
                Said::new(Tone::Title, "The webhook ")
                    .then(Tone::Plain, "(↑↓ choose, ")
                    .then_key(Action::Copy)
                    .then(Tone::Plain, " copies, ")
                    .then_key(Action::ToggleMask)
                    .then(Tone::Plain, " shows the secret):"),
                "The webhook:",
            ),
            values,
            selected,
            copy_note,
        ))
    }
}

/// The webhook step as a unit.
pub(super) struct Webhook;

impl super::unit::Unit for Webhook {
    fn summary(&self, w: &super::Wizard, recorded: Option<Status>) -> Option<Status> {
        let repo = w.token_repo().unwrap_or_default();
        Some(match &w.webhook.phase {
            Phase::Saved { action, id }
                if w.webhook
                    .saved(w.hook_url().as_deref(), w.token_repo().as_deref()) =>
            {
                let done = match action {
                    HookAction::Created => "created",
                    HookAction::Updated => "updated",
                    HookAction::Unchanged => "already there, unchanged",
                };
                Status::done(format!("Push webhook {done} in {repo} ({id})."))
            }
            _ => recorded.unwrap_or_else(|| {
                Status::todo("Webhook not created through the API (step 4, or by hand).")
            }),
        })
    }

    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(
            kind,
            super::jobs::JobKind::NewSecret | super::jobs::JobKind::SaveHook
        )
    }

    fn holds_credentials(&self, w: &super::Wizard) -> bool {
        w.webhook.secret_len() > 0
    }

    fn forget_credentials(&self, w: &mut super::Wizard) -> bool {
        w.webhook = WebhookStep::default();
        true
    }

    fn page(&self, w: &super::Wizard) -> Page {
        w.webhook.form(&w.webhook_facts()).page(vec![Choice::new(
            "Give the secret your other webhooks use (hidden)",
            ask_do(
                Field::HookSecret,
                "Webhook secret (hidden; an empty line cancels):",
                Hidden::Line,
                Vec::new(),
            ),
        )])
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        let h = &w.webhook;
        let mut off = Vec::new();
        if !matches!(h.phase, Phase::Failed(_)) {
            off.push(Action::Retest);
        }
        if h.field_focused {
            off.extend([
                Action::Up,
                Action::Down,
                Action::Copy,
                Action::NewSecret,
                Action::ToggleMask,
            ]);
        }
        (
            Context::Webhook,
            h.field_focused.then_some(FieldKind::Line),
            off,
        )
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.webhook
            .saved(w.hook_url().as_deref(), w.token_repo().as_deref())
            || w.recorded(2).is_some()
    }

    fn arrows(&self, _w: &super::Wizard) -> bool {
        true
    }

    fn focused_field(&self, w: &super::Wizard) -> Option<Field> {
        w.webhook.field_focused.then_some(Field::HookSecret)
    }

    fn fields(&self) -> &'static [Field] {
        &[Field::HookSecret]
    }

    fn edited(&self, w: &mut super::Wizard, _field: Field, edit: Edit<'_>, _out: &mut Out) {
        w.webhook.secret_edited(edit.parts().1);
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        let f = Facts {
            service: w.service.chosen(&w.services),
            hook_url: w.hook_url(),
            target: w.token.target(),
            env: &w.env,
        };
        let h = &mut w.webhook;
        let values = h.values(&f);
        let repo = f.target.map(crate::core::bitbucket::ApiTarget::full_name);
        match action {
            Action::FocusNext | Action::FocusPrev => h.field_focused = !h.field_focused,
            Action::Up => h.selected = h.selected.saturating_sub(1),
            Action::Down => h.selected = (h.selected + 1).min(values.len().saturating_sub(1)),
            Action::Copy => h.copies.copy(&values, h.selected, &mut w.jobs, out),
            Action::ToggleMask => h.reveal = !h.reveal,
            Action::NewSecret => {
                if let Some(job) = out.start(&mut w.jobs, JobKind::NewSecret) {
                    h.phase = Phase::Working;
                    out.effects.push(Effect::NewSecret { job });
                }
            }
            Action::Next if h.saved(f.hook_url.as_deref(), repo.as_deref()) => out.onward = true,
            // The API refused: the manual steps are the way on; r tries the API again.
            Action::Next if matches!(h.phase, Phase::Failed(_)) => out.onward = true,
            Action::Next | Action::Retest => h.save(&f, &mut w.jobs, out),
            _ => {}
        }
    }

    fn copy_value(&self, w: &mut super::Wizard, n: usize, out: &mut Out) {
        w.webhook.field_focused = false;
        w.webhook.selected = n;
        self.act(w, Action::Copy, out);
    }

    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (JobId, JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        let h = &mut w.webhook;
        match event {
            JobEvent::SecretMade(secret) => {
                h.phase = Phase::Ready;
                h.secret_len = secret.expose().chars().count();
                h.generated = true;
                h.field_focused = false;
                h.selected = 2;
                out.effects
                    .push(Effect::SetField(Field::HookSecret, secret));
            }
            JobEvent::HookSaved(Ok((action, id))) => {
                h.phase = Phase::Saved { action, id };
                out.save = true;
            }
            JobEvent::HookSaved(Err(f)) => h.phase = Phase::Failed(f),
            _ => {}
        }
    }

    fn cancelled(&self, w: &mut super::Wizard, _kind: JobKind) {
        w.webhook.phase = Phase::Ready;
    }
}

impl super::Wizard {
    /// The webhook's URL, from the service URL.
    pub(super) fn hook_url(&self) -> Option<String> {
        let s = self.service()?;
        let d = s.derived(&s.webhook.as_ref()?.url)?;
        Some(crate::core::service::fill(
            &d.template,
            self.address.base()?,
        ))
    }

    /// `workspace/repo` of the access token step.
    pub(super) fn token_repo(&self) -> Option<String> {
        self.token
            .target()
            .map(crate::core::bitbucket::ApiTarget::full_name)
    }

    fn webhook_facts(&self) -> Facts<'_> {
        Facts {
            service: self.service(),
            hook_url: self.hook_url(),
            target: self.token.target(),
            env: &self.env,
        }
    }
}

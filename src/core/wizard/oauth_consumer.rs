//! The OAuth consumer step (Gemnasium): where to create the consumer today, its name and the
//! values made from the service URL (copyable), the permissions for the chosen mode, then the
//! key and the masked secret, checked at Bitbucket's token endpoint. Owns the mode, the focus,
//! the key (an identifier, not a secret), the secret's length and the check's result; the
//! secret itself stays in the shell's field.

use crate::core::bitbucket::ApiFailure;
use crate::core::bitbucket::oauth::{OauthCheck, TOKEN_URL};
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::service::{Mode, ServiceProfile};

use super::Out;
use super::done::Status;
use super::jobs::{JobId, JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent, SecretSource};
use super::page::{
    Block, Choice, Do, Form, Hidden, List, Page, Pick, Radio, Row, Said, Shown, Tone, Values,
    ask_do,
};
use super::unit::Edit;
use super::values::{Copies, Item};
use crate::core::problem::Severity;

/// Where focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Slot {
    /// The values to copy (callback URL, URL, name).
    #[default]
    Values,
    /// The key field.
    Key,
    /// The secret field.
    Secret,
}

/// Where the check is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    /// Not checked (or changed since).
    #[default]
    Form,
    /// The token endpoint is asked.
    Working,
    /// Bitbucket answered.
    Checked(OauthCheck),
    /// No answer to judge.
    Failed(ApiFailure),
}

/// The OAuth consumer step's state.
#[derive(Debug, Clone, Default)]
pub struct ConsumerStep {
    mode: usize,
    slot: Slot,
    selected: usize,
    key: String,
    secret_len: usize,
    phase: Phase,
    pub(super) copies: Copies,
}

impl ConsumerStep {
    /// The chosen mode.
    pub fn mode<'a>(&self, service: Option<&'a ServiceProfile>) -> Option<&'a Mode> {
        service?.mode.get(self.mode)
    }

    /// The consumer key typed.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The consumer key of a resumed journey.
    pub(super) fn restore_key(&mut self, key: &str) {
        key.clone_into(&mut self.key);
    }

    /// The secret's length.
    pub fn secret_len(&self) -> usize {
        self.secret_len
    }

    /// The mode's id (saved between runs).
    pub fn mode_id(&self, service: Option<&ServiceProfile>) -> Option<String> {
        self.mode(service).map(|m| m.id.clone())
    }

    /// Chooses a saved mode.
    pub(super) fn choose_mode(&mut self, service: Option<&ServiceProfile>, id: &str) {
        if let Some(i) = service.and_then(|s| s.mode.iter().position(|m| m.id == id)) {
            self.mode = i;
        }
    }

    /// The check passed (a non-private consumer passes with its warning).
    pub fn passed(&self) -> bool {
        matches!(&self.phase, Phase::Checked(c) if c.ok)
    }

    /// A field's new text (the key) or length (the secret): a change voids the check.
    pub(super) fn edited(&mut self, field: Field, text: &str, len: usize) {
        match field {
            Field::OauthKey => self.key = text.trim().to_string(),
            Field::OauthSecret => self.secret_len = len,
            _ => return,
        }
        if self.phase != Phase::Working {
            self.phase = Phase::Form;
        }
    }

    /// The values to copy into Bitbucket's consumer form.
    pub fn values(&self, service: Option<&ServiceProfile>, base: Option<&str>) -> Vec<Item> {
        let mut items = super::service_url::derived_items(service, base);
        if let Some(c) = service.and_then(|s| s.consumer.as_ref()) {
            items.push(Item::text(
                "Name",
                c.name.clone(),
                "Add consumer form → Name",
            ));
        }
        items
    }

    fn check(
        &mut self,
        service: Option<&ServiceProfile>,
        env: &Env,
        jobs: &mut Jobs,
        out: &mut Out,
    ) {
        if self.key.is_empty() || self.secret_len == 0 {
            self.slot = if self.key.is_empty() {
                Slot::Key
            } else {
                Slot::Secret
            };
            out.notice = Some(
                "Paste the consumer's key and secret first: click the consumer's name in Bitbucket to show them.".into(),
            );
            return;
        }
        let Some(mode) = self.mode(service) else {
            return;
        };
        let Some(job) = out.start(jobs, JobKind::CheckConsumer) else {
            return;
        };
        self.phase = Phase::Working;
        out.effects.push(Effect::CheckConsumer {
            job,
            token_url: env
                .token_url
                .clone()
                .unwrap_or_else(|| TOKEN_URL.to_string()),
            key: self.key.clone(),
            secret: SecretSource::Field(Field::OauthSecret),
            scopes: mode.scopes.clone(),
            ca_file: env.ca_file.clone(),
        });
    }
}

/// The verdict on a checked consumer's key and secret (none when the check did not get that
/// far).
fn valid_line(c: &OauthCheck) -> Option<String> {
    match c.private {
        Some(true) => Some(format!(
            "✓ Key and secret valid; the consumer's scopes: {}",
            c.scopes.join(", ")
        )),
        Some(false) => Some("✓ Key and secret valid.".into()),
        None => None,
    }
}

impl ConsumerStep {
    /// The step as a form: the key and the masked secret, the check's result, the mode, where
    /// to create the consumer and what to fill in (the values made from the service's `base`
    /// URL).
    fn form(&self, service: Option<&ServiceProfile>, base: Option<&str>) -> Form {
        let values = self.values(service, base);
        let selected = (self.slot == Slot::Values && !values.is_empty())
            .then_some(self.selected.min(values.len().saturating_sub(1)));
        let modes = service.map_or(&[][..], |s| s.mode.as_slice());
        let mut status = match &self.phase {
            Phase::Form => vec![Said::key(
                Action::Next,
                " checks the key and secret at Bitbucket's token endpoint.",
            )],
            Phase::Working => vec![Said::working(
                "Asking Bitbucket's token endpoint… Esc cancels.",
            )],
            Phase::Checked(c) => {
                let mut l: Vec<Said> = valid_line(c)
                    .map(|v| Said::new(Tone::Ok, v))
                    .into_iter()
                    .collect();
                for f in &c.findings {
                    let severity = if f.severity == Severity::Warning {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    let message = format!("{} ({})", f.message, f.id.as_str());
                    l.extend(Said::problem(severity, message, &f.fix));
                }
                if c.ok {
                    let called = service.map_or("the service", |s| s.called());
                    l.push(Said::key(
                        Action::Next,
                        format!(" goes on to what to give {called}."),
                    ));
                }
                l
            }
            Phase::Failed(f) => Said::failure(f),
        };
        status.push(Said::blank());
        let mut form = Form {
            rows: vec![
                Row {
                    field: Field::OauthKey,
                    caption: "Key".into(),
                    focused: self.slot == Slot::Key,
                    shown: Shown::Plain,
                    len: 0,
                },
                Row {
                    field: Field::OauthSecret,
                    caption: "Secret".into(),
                    focused: self.slot == Slot::Secret,
                    shown: Shown::Masked { reveal: false },
                    len: self.secret_len,
                },
            ],
            blocks: vec![Block::Status(status)],
        };
        if let Some(m) = modes.get(self.mode) {
            form.blocks.push(Block::Radio(Radio {
                caption: "Mode".into(),
                key: Action::Cycle,
                options: modes.iter().map(|m| m.label.clone()).collect(),
                chosen: self.mode,
                under: vec![
                    Said::plain("Permissions to tick: ").then(Tone::Value, m.permissions.clone()),
                    Said::blank(),
                ],
            }));
        }
        if let Some(c) = service.and_then(|s| s.consumer.as_ref()) {
            form.blocks.push(Block::Guide(vec![
                Said::new(Tone::Title, "Create the consumer in Bitbucket:"),
                Said::new(Tone::Value, format!("  {}", c.place)),
                Said::new(Tone::Dim, format!("  {}", c.link)),
                Said::new(Tone::Warn, format!("  ! {}", c.outdated)),
            ]));
            form.blocks.push(Block::Values(Values::new(
                (
                    Values::heading(
                        "Fill in ",
                        " moves between this list and the fields; ↑↓ choose, ",
                    ),
                    "Fill in:",
                ),
                values,
                selected,
                selected.and_then(|i| self.copies.note(i, None)),
            )));
            form.blocks.push(Block::Guide(vec![
                Said::plain(format!("  {}", c.private)),
                Said::plain(
                    "Save, click the consumer's name to show its Key and Secret, and give them here.",
                ),
            ]));
        }
        form
    }
}

/// The OAuth consumer step as a unit.
pub(super) struct Consumer;

impl super::unit::Unit for Consumer {
    fn summary(&self, w: &super::Wizard, recorded: Option<Status>) -> Option<Status> {
        let mode = w
            .consumer
            .mode(w.service())
            .map_or("", |m| m.label.as_str());
        Some(match &w.consumer.phase {
            Phase::Checked(c) if c.ok && c.private == Some(false) => Status::done(
                "Key and secret valid (the consumer is not private: its permissions were not read).",
            ),
            Phase::Checked(c) if c.ok => Status::done(format!(
                "Key and secret valid; permissions for {mode}: {}.",
                c.scopes.join(", ")
            )),
            Phase::Checked(c) => Status::todo(format!(
                "The consumer lacks {} (step 3).",
                c.missing_scopes.join(", ")
            )),
            _ => {
                recorded.unwrap_or_else(|| Status::todo("Key and secret not checked yet (step 3)."))
            }
        })
    }

    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(kind, super::jobs::JobKind::CheckConsumer)
    }

    fn holds_credentials(&self, w: &super::Wizard) -> bool {
        w.consumer.secret_len() > 0
    }

    fn forget_credentials(&self, w: &mut super::Wizard) -> bool {
        w.consumer = ConsumerStep::default();
        true
    }

    fn page(&self, w: &super::Wizard) -> Page {
        let service = w.service();
        let form = w.consumer.form(service, w.address.base());
        let (modes, mode) = (
            service.map_or(&[][..], |s| s.mode.as_slice()),
            w.consumer.mode,
        );
        let mut choices = vec![
            Choice::new(
                "Give the consumer's key",
                ask_do(Field::OauthKey, "Key:", Hidden::No, Vec::new()),
            ),
            Choice::new(
                "Give the consumer's secret (hidden)",
                ask_do(
                    Field::OauthSecret,
                    "Secret (hidden; an empty line cancels):",
                    Hidden::Line,
                    vec![Action::Next],
                ),
            ),
        ];
        if let Some(m) = modes.get(mode).filter(|_| modes.len() > 1) {
            choices.push(Choice::new(
                format!("Choose the mode (now {})", m.label),
                Do::Pick(Pick {
                    question: "What is the consumer for?".into(),
                    options: modes.iter().map(|m| m.label.clone()).collect(),
                    chosen: mode,
                    list: List::Mode,
                }),
            ));
        }
        let mut page = form.page(choices);
        page.hide.push(Action::Cycle);
        page
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        let c = &w.consumer;
        let mut off = Vec::new();
        if c.slot != Slot::Values {
            off.extend([Action::Up, Action::Down, Action::Copy, Action::Cycle]);
        }
        let field = (c.slot != Slot::Values).then_some(FieldKind::Line);
        (Context::Consumer, field, off)
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.consumer.passed() || w.recorded(1).is_some()
    }

    fn arrows(&self, _w: &super::Wizard) -> bool {
        true
    }

    fn focused_field(&self, w: &super::Wizard) -> Option<Field> {
        match w.consumer.slot {
            Slot::Values => None,
            Slot::Key => Some(Field::OauthKey),
            Slot::Secret => Some(Field::OauthSecret),
        }
    }

    fn fields(&self) -> &'static [Field] {
        &[Field::OauthKey, Field::OauthSecret]
    }

    fn edited(&self, w: &mut super::Wizard, field: Field, edit: Edit<'_>, _out: &mut Out) {
        let (text, len) = edit.parts();
        w.consumer.edited(field, text, len);
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        let (service, base) = (w.service.chosen(&w.services), w.address.base());
        let c = &mut w.consumer;
        let values = c.values(service, base);
        match action {
            Action::FocusNext => {
                c.slot = match c.slot {
                    Slot::Values => Slot::Key,
                    Slot::Key => Slot::Secret,
                    Slot::Secret => Slot::Values,
                }
            }
            Action::FocusPrev => {
                c.slot = match c.slot {
                    Slot::Values => Slot::Secret,
                    Slot::Key => Slot::Values,
                    Slot::Secret => Slot::Key,
                }
            }
            Action::Up => c.selected = c.selected.saturating_sub(1),
            Action::Down => c.selected = (c.selected + 1).min(values.len().saturating_sub(1)),
            Action::Copy => c.copies.copy(&values, c.selected, &mut w.jobs, out),
            Action::Cycle => {
                let n = service.map_or(1, |s| s.mode.len().max(1));
                c.mode = (c.mode + 1) % n;
                c.phase = Phase::Form;
                out.save = true;
            }
            Action::Next if c.passed() => out.onward = true,
            Action::Next => c.check(service, &w.env, &mut w.jobs, out),
            _ => {}
        }
    }

    /// The first empty field takes the focus, so what is typed goes into it.
    fn arrive(&self, w: &mut super::Wizard, _out: &mut Out) {
        if w.consumer.key.is_empty() {
            w.consumer.slot = Slot::Key;
        } else if w.consumer.secret_len == 0 {
            w.consumer.slot = Slot::Secret;
        }
    }

    fn choose(&self, w: &mut super::Wizard, list: List, n: usize, out: &mut Out) {
        let service = w.service.chosen(&w.services);
        if list == List::Mode && service.is_some_and(|s| n < s.mode.len()) && n != w.consumer.mode {
            w.consumer.mode = n;
            w.consumer.phase = Phase::Form;
            out.save = true;
        }
    }

    fn copy_value(&self, w: &mut super::Wizard, n: usize, out: &mut Out) {
        w.consumer.slot = Slot::Values;
        w.consumer.selected = n;
        self.act(w, Action::Copy, out);
    }

    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (JobId, JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        match event {
            JobEvent::Consumer(Ok(check)) => {
                w.consumer.phase = Phase::Checked(check);
                out.save = true;
            }
            JobEvent::Consumer(Err(f)) => w.consumer.phase = Phase::Failed(f),
            _ => {}
        }
    }

    fn cancelled(&self, w: &mut super::Wizard, _kind: JobKind) {
        w.consumer.phase = Phase::Form;
    }
}

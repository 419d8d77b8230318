//! The wizard as a pure state machine: [`Wizard::update`] takes a [`Msg`] and returns the
//! [`Effect`]s to run. It never does IO; the shell runs effects and feeds results back as
//! [`Msg::Job`] tagged with the job id, so a result that arrives after Back or Cancel is
//! recognised as stale and dropped.
//!
//! This file only dispatches. Each step is a module owning its state, its messages, its key
//! context and its view; which steps a service walks is its kind's route (`link` routes the
//! steps of services that take no SSH key). A step reports what it wants beyond its own state
//! (another step, a save, a dialog, a notice) in an [`Out`], which the dispatcher applies.

pub mod access;
pub mod access_token;
pub mod clone_url;
pub mod done;
pub mod finish;
mod init;
pub mod jobs;
pub mod key;
mod link;
pub mod msg;
pub mod oauth_consumer;
pub mod overlay;
pub mod private_key;
pub mod public_key;
mod queries;
mod resume;
pub mod service;
pub mod service_url;
pub mod sheet;
pub mod test;
#[cfg(test)]
mod tests;
pub mod trouble;
pub mod values;
mod views;
pub mod webhook;
pub mod welcome;

pub use jobs::{Busy, Job, JobId, JobKind};
pub use msg::{ApiCall, ApiOp, Effect, Env, Field, JobEvent, KeyText, Msg, Os, SecretSource};
pub use overlay::{Overlay, OverlayView};
pub use views::{HeaderView, Mark, display_path};

pub use super::step::Step;

use super::key::Action;
use super::service::{Flavor, ServiceProfile};
/// What a step asks of the wizard beyond its own state.
#[derive(Debug, Default)]
pub(crate) struct Out {
    /// Work for the shell.
    pub effects: Vec<Effect>,
    /// Go to this step.
    pub go: Option<Step>,
    /// Save the progress.
    pub save: bool,
    /// Open this dialog.
    pub overlay: Option<Overlay>,
    /// Tell the user this (a request that could not start).
    pub notice: Option<String>,
    /// A clone URL settled the flavor.
    pub flavor: Option<Flavor>,
    /// Another service was chosen.
    pub service_changed: bool,
}

/// The whole state of the wizard: shared facts, the dialog, the jobs, and each step's state.
#[derive(Debug, Clone)]
pub struct Wizard {
    env: Env,
    services: Vec<ServiceProfile>,
    step: Step,
    overlay: Option<Overlay>,
    jobs: jobs::Jobs,
    notice: Option<String>,
    save_failed: bool,
    quitting: bool,
    service: service::ServiceStep,
    key: key::KeyStep,
    public_key: public_key::PublicKeyStep,
    url: clone_url::CloneUrlStep,
    private: private_key::PrivateKeyStep,
    test: test::ConnectionStep,
    address: service_url::AddressStep,
    consumer: oauth_consumer::ConsumerStep,
    token: access_token::TokenStep,
    webhook: webhook::WebhookStep,
    finish: finish::Finish,
    trouble: Option<trouble::Trouble>,
    access: Option<access::AccessPanel>,
}

impl Wizard {
    /// Advances the state machine by one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let fields = (
            self.key.label().to_string(),
            self.key.existing_path().to_string(),
        );
        let typed = matches!(msg, Msg::FieldEdited(..));
        let flavor = self.service.flavor();
        let mut out = Out::default();
        match msg {
            Msg::Action(action) => {
                self.notice = None;
                self.act(action, &mut out);
            }
            Msg::FieldEdited(Field::TroubleFilter, value) => self.trouble_filtered(value),
            Msg::FieldEdited(f @ (Field::ApiRepo | Field::ApiEmail | Field::ApiToken), value) => {
                self.access_edited(f, &value);
            }
            Msg::FieldEdited(
                f @ (Field::ServiceUrl | Field::OauthKey | Field::HookRepo),
                value,
            ) => {
                self.notice = None;
                self.link_edited(f, &value, 0);
            }
            Msg::SecretLen(field, len) => self.link_edited(field, "", len),
            Msg::FieldEdited(field, value) => {
                self.notice = None;
                self.key.edited(field, value);
            }
            Msg::LogText(text) => self.trouble_log(&text),
            Msg::UrlPasted(raw) => self.url.pasted(&raw, flavor, &mut self.jobs, &mut out),
            Msg::UrlTyped(text) => self.url.typed(&text, flavor, &mut self.jobs, &mut out),
            Msg::PrivateKeyText(text) => self.private.text(&text, false, self.key.ready()),
            Msg::PrivateKeyPasted(text) => self.private.text(&text, true, self.key.ready()),
            Msg::PrivateKeyRecheck(text) => self.private.recheck(&text, self.key.ready()),
            Msg::Job(job, event) => self.on_job(job, event, &mut out),
            Msg::SaveFailed(why) => self.save_failed(&why),
            Msg::MoreUrl(text) => self.test.add_more(text.expose()),
            Msg::Terminate => self.quit_now(&mut out),
        }
        self.apply(out, &fields, typed)
    }

    fn apply(&mut self, mut out: Out, before: &(String, String), typed: bool) -> Vec<Effect> {
        if let Some(flavor) = out.flavor {
            self.service.set_flavor(flavor);
        }
        if out.service_changed {
            self.key.follow_default(self.default_label());
            self.forget_link(&mut out);
        }
        if let Some(overlay) = out.overlay.take() {
            self.overlay = Some(overlay);
        }
        if let Some(notice) = out.notice.take() {
            self.notice = Some(notice);
        }
        if let Some(step) = out.go.take() {
            self.go_to(step, &mut out);
        }
        // Values the wizard changed (a default label, a resumed path) go back to their fields.
        if !typed && self.key.label() != before.0 {
            let label = crate::core::secret::Secret::new(self.key.label().to_string());
            out.effects.push(Effect::SetField(Field::Label, label));
        }
        if !typed && self.key.existing_path() != before.1 {
            let path = crate::core::secret::Secret::new(self.key.existing_path().to_string());
            out.effects
                .push(Effect::SetField(Field::ExistingPath, path));
        }
        if out.save && !self.quitting {
            out.effects.push(Effect::SaveProgress(self.progress()));
        }
        out.effects
    }

    fn act(&mut self, action: Action, out: &mut Out) {
        if self.overlay.is_some() {
            return self.act_on_overlay(action, out);
        }
        if self.act_on_access(action, out) || self.act_on_trouble(action, out) {
            return;
        }
        match action {
            Action::ForceQuit => self.quit_now(out),
            Action::Quit => self.quit(out),
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Back => match self.working_job() {
                Some(job) => {
                    self.jobs.finish(job.id);
                    out.effects.push(Effect::Cancel(job.id));
                    match job.kind.owner() {
                        Step::Key => self.key.cancelled(),
                        Step::Test => self.test.cancelled(),
                        _ => self.link_cancelled(job.kind),
                    }
                }
                None => out.go = self.route().prev(self.step),
            },
            Action::Jump(step) => out.go = Some(step),
            Action::Yes | Action::No => {}
            _ if self.link_act(action, out) => {}
            _ => self.step_act(action, out),
        }
    }

    fn step_act(&mut self, action: Action, out: &mut Out) {
        let next = action == Action::Next;
        let flavor = self.service.flavor();
        match self.step {
            Step::Welcome if next => out.go = Some(Step::Service),
            Step::Service if next => out.go = self.route().next(Step::Service),
            Step::PublicKey if next => out.go = Some(Step::CloneUrl),
            Step::Service => self.service.act(action, &self.services, out),
            Step::Key => self.key.act(action, &self.env, &mut self.jobs, out),
            Step::PublicKey => {
                let key = self.key.ready();
                self.public_key
                    .act(action, key, &self.env, &mut self.jobs, out);
            }
            Step::CloneUrl => self.url.act(action, flavor, &mut self.jobs, out),
            Step::PrivateKey => {
                let key = self.key.ready();
                self.private
                    .act(action, key, &self.env, &mut self.jobs, out);
            }
            Step::Test => {
                let inputs = self.test_inputs();
                self.test
                    .act(action, inputs, &self.env, &mut self.jobs, out);
            }
            Step::Done => self.done_act(action, out),
            Step::Welcome | Step::Address | Step::Consumer | Step::Token | Step::Webhook => {}
        }
    }

    fn on_job(&mut self, job: JobId, event: JobEvent, out: &mut Out) {
        let Some(kind) = self.jobs.kind(job) else {
            return; // cancelled or superseded: stale
        };
        if event.is_final() {
            self.jobs.finish(job);
        }
        if kind == JobKind::Api {
            return self.on_access_event(event, out);
        }
        let Some(event) = self.on_link_job(job, kind, event, out) else {
            return;
        };
        match kind.owner() {
            Step::Key => self.on_key_event(event, out),
            Step::PublicKey => {
                let key = self.key.ready();
                self.public_key.on_event(event, key, &self.env, out);
            }
            Step::CloneUrl => self.url.on_event(event, &self.env, out),
            Step::PrivateKey => {
                let key = self.key.ready();
                let jobs = &mut self.jobs;
                self.private
                    .on_event((job, kind), event, key, &self.env, jobs, out);
            }
            Step::Test => self.on_test_event(event, out),
            _ => {}
        }
    }

    fn on_key_event(&mut self, event: JobEvent, out: &mut Out) {
        if self.key.on_event(event, self.step == Step::Key, out) {
            self.public_key.reset();
            // What was checked (or written) on the private key step was for the old key:
            // checked again against the new one at once, wherever the user goes.
            if self.private.has_text() {
                out.effects.push(Effect::Resend(Field::PrivateKey));
            }
        }
    }

    fn go_to(&mut self, step: Step, out: &mut Out) {
        if step == self.step || self.off_route(step) {
            return;
        }
        match step {
            Step::Key => self.key.follow_default(self.default_label()),
            Step::CloneUrl => self.url.arrive(),
            // The key from the key step may have changed since the text was checked.
            Step::PrivateKey if self.private.has_text() => {
                out.effects.push(Effect::Resend(Field::PrivateKey));
            }
            Step::Test => {
                let inputs = self.test_inputs();
                self.test.arrive(inputs, &self.env, &mut self.jobs, out);
            }
            _ => {}
        }
        self.step = step;
        out.save = true;
    }
}

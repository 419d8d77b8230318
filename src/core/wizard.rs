//! The wizard as a pure state machine: [`Wizard::update`] takes a [`Msg`] and returns the
//! [`Effect`]s to run. It never does IO; the shell runs effects and feeds results back as
//! [`Msg::Job`] tagged with the job id, so a result that arrives after Back or Cancel is
//! recognised as stale and dropped.
//!
//! This file only dispatches, through the registry of step units (`unit`): each step is a
//! module owning its state, its messages, its key context and its page; which steps a service
//! walks is its kind's route. A step reports what it wants beyond its own state (another step,
//! a save, a dialog, a notice) in an [`Out`], which the dispatcher applies.

pub mod access;
pub mod access_token;
pub mod clone_url;
pub mod done;
mod init;
pub mod jobs;
pub mod key_pair;
pub mod msg;
pub mod oauth_consumer;
pub mod overlay;
pub mod page;
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
mod unit;
pub mod values;
mod views;
pub mod webhook;
pub mod welcome;

pub use jobs::{Busy, Job, JobId, JobKind};
pub use msg::{
    ApiCall, ApiOp, Effect, Entry, Env, Field, JobEvent, KeyText, Msg, Os, SecretSource,
};
pub use overlay::{Overlay, OverlayView};
pub use page::{List, Page};
pub use views::{HeaderView, Mark, display_path};

pub use super::step::Step;

use super::keyboard::Action;
use super::service::{Flavor, ServiceProfile};
/// What a step asks of the wizard beyond its own state.
#[derive(Debug, Default)]
pub(crate) struct Out {
    /// Work for the shell.
    pub effects: Vec<Effect>,
    /// Go to this step.
    pub go: Option<Step>,
    /// Go on to the step after the one on screen, as the service's route orders them.
    pub onward: bool,
    /// A job could not start because this one runs (said as a notice naming its step).
    pub busy: Option<jobs::Busy>,
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

impl Out {
    /// Registers a job, or keeps the one that runs to name it to the user (`busy`).
    pub(super) fn start(&mut self, jobs: &mut jobs::Jobs, kind: jobs::JobKind) -> Option<JobId> {
        jobs.start(kind).map_err(|busy| self.busy = Some(busy)).ok()
    }
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
    key: key_pair::KeyStep,
    public_key: public_key::PublicKeyStep,
    url: clone_url::CloneUrlStep,
    private: private_key::PrivateKeyStep,
    test: test::ConnectionStep,
    address: service_url::AddressStep,
    consumer: oauth_consumer::ConsumerStep,
    token: access_token::TokenStep,
    webhook: webhook::WebhookStep,
    done: done::DoneStep,
    trouble: Option<trouble::Trouble>,
    access: Option<access::AccessPanel>,
    /// The access-key form's clone URL (it may hold a token) and email, as last typed.
    access_form: (crate::core::secret::Secret, String),
    /// The clock's last reading ([`Msg::Clock`]).
    now: String,
    /// What was done with the key and URL, with when (kept across runs).
    records: resume::Records,
}

impl Wizard {
    /// Advances the state machine by one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let texts = unit::texts(self);
        let typed = matches!(msg, Msg::Text(..));
        // Only a job's result or a checked private key can add to what the journey did: the
        // records are not looked at on every keystroke.
        let results = matches!(msg, Msg::Job(..) | Msg::Text(Field::PrivateKey, ..));
        let mut out = Out::default();
        match msg {
            Msg::Action(action) => {
                self.notice = None;
                self.act(action, &mut out);
            }
            Msg::Choose(list, n) if self.overlay.is_none() => {
                self.notice = None;
                unit::of(self.step).choose(self, list, n, &mut out);
            }
            Msg::CopyValue(n) if self.overlay.is_none() => {
                self.notice = None;
                unit::of(self.step).copy_value(self, n, &mut out);
            }
            Msg::Choose(..) | Msg::CopyValue(_) => {}
            // The panels' fields are theirs.
            Msg::Text(Field::TroubleFilter, value, _) => {
                self.trouble_filtered(value.expose().to_string());
            }
            Msg::Text(Field::TroubleLog, text, _) => self.trouble_log(&text),
            Msg::Text(f @ (Field::ApiRepo | Field::ApiEmail | Field::ApiToken), value, _) => {
                self.access_edited(f, value.expose());
            }
            Msg::Text(field, value, entry) => {
                self.notice = None;
                self.forget_credential_records(field);
                match entry {
                    Entry::Given => unit::of(self.step).given(self, field, &value, &mut out),
                    Entry::Typed => {
                        if let Some(u) = unit::owning(field) {
                            u.edited(self, field, unit::Edit::Typed(&value), &mut out);
                        }
                    }
                }
            }
            Msg::SecretLen(field, len) => {
                self.forget_credential_records(field);
                if let Some(u) = unit::owning(field) {
                    u.edited(self, field, unit::Edit::Len(len), &mut out);
                }
            }
            Msg::Job(job, event) => self.on_job(job, event, &mut out),
            Msg::SaveFailed(why) => self.save_failed(&why),
            Msg::OtherRepoUrl(text) => self.test.add_more(text.expose()),
            Msg::Terminate => self.quit_now(&mut out),
            Msg::Clock(now) => self.now = now,
        }
        self.apply(out, texts, (typed, results))
    }

    fn apply(
        &mut self,
        mut out: Out,
        before: Vec<(Field, String)>,
        (typed, results): (bool, bool),
    ) -> Vec<Effect> {
        if let Some(flavor) = out.flavor {
            self.service.set_flavor(flavor);
        }
        if out.service_changed {
            let credentials = unit::credentials_held(self);
            unit::broadcast(self, unit::Change::Service { credentials }, &mut out);
        }
        if let Some(overlay) = out.overlay.take() {
            self.overlay = Some(overlay);
        }
        if let Some(notice) = out.notice.take() {
            self.notice = Some(notice);
        }
        if let Some(busy) = out.busy.take() {
            self.notice = Some(busy.message(unit::job_owner(busy.0)));
        }
        if out.onward && out.go.is_none() {
            out.go = self.route().next(self.step);
        }
        if let Some(step) = out.go.take() {
            self.go_to(step, &mut out);
        }
        // Values the wizard changed (a default label, a resumed path) go back to their fields.
        if !typed {
            for ((field, now), (_, was)) in unit::texts(self).into_iter().zip(before) {
                if now != was {
                    let text = crate::core::secret::Secret::new(now);
                    out.effects.push(Effect::SetField(field, text));
                }
            }
        }
        if results && self.record() {
            out.save = true;
        }
        if out.save && !self.quitting {
            out.effects
                .push(Effect::SaveProgress(Box::new(self.progress())));
        }
        out.effects
    }

    fn act(&mut self, action: Action, out: &mut Out) {
        if self.overlay.is_some() {
            return self.act_on_overlay(action, out);
        }
        // The panels over the steps take the action while open, or open on their key.
        if (self.access.is_some() || action == Action::KeysScreen)
            && self.act_on_access(action, out)
        {
            return;
        }
        if (self.trouble.is_some() || action == Action::Troubleshoot)
            && self.act_on_trouble(action, out)
        {
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
                    unit::of(unit::job_owner(job.kind)).cancelled(self, job.kind);
                }
                None => out.go = self.route().prev(self.step),
            },
            Action::Jump(step) => out.go = Some(step),
            Action::Yes | Action::No => {}
            Action::KnownHostsSheet | Action::Checklist => {
                self.open_sheet(action, out);
            }
            _ => unit::of(self.step).act(self, action, out),
        }
    }

    fn on_job(&mut self, job: JobId, event: JobEvent, out: &mut Out) {
        let Some(kind) = self.jobs.kind(job) else {
            return; // cancelled or superseded: stale
        };
        if event.is_final() {
            self.jobs.finish(job);
        }
        match &event {
            JobEvent::Progress(stage) => self.jobs.report(job, stage.clone()),
            JobEvent::TestProgress(crate::core::conntest::Progress::Started(stage)) => {
                self.jobs.report(job, stage.label().to_string());
            }
            _ => {}
        }
        if matches!(event, JobEvent::SecretMade(_)) {
            self.forget_credential_records(Field::HookSecret);
        }
        match kind {
            JobKind::Api => self.on_access_event(event, out),
            JobKind::CopyValue => self.on_value_copied(job, &event, out),
            JobKind::Doctor => self.on_doctor(job, event),
            _ => unit::of(unit::job_owner(kind)).on_event(self, (job, kind), event, out),
        }
    }

    fn go_to(&mut self, step: Step, out: &mut Out) {
        if step == self.step || self.off_route(step) {
            return;
        }
        unit::of(step).arrive(self, out);
        self.step = step;
        out.save = true;
    }

    /// The page of the step on screen, under any dialog.
    pub fn step_page(&self) -> Page {
        unit::of(self.step).page(self)
    }

    /// The page of the step on screen, or of the open dialog.
    pub fn page(&self) -> Page {
        overlay::page(self).unwrap_or_else(|| unit::of(self.step).page(self))
    }
}

//! The steps of services that take no SSH key (an OAuth consumer; an access token and a
//! webhook): routing actions, fields and job results to the service URL, consumer, token and
//! webhook steps, and what their views need from one another. Which of these steps a service
//! walks is its kind's route (`core::service::Kind::route`).

use crate::core::bitbucket::ApiFlavor;
use crate::core::key::Action;
use crate::core::service::{Flavor, Kind};
use crate::core::step::{Route, Step};

use super::jobs::{JobId, JobKind};
use super::msg::{Field, JobEvent};
use super::{Out, Wizard, finish, webhook};
use super::{access_token as token, oauth_consumer as consumer, service_url as address};

impl Wizard {
    /// The steps the chosen service walks.
    pub fn route(&self) -> Route {
        self.kind().route()
    }

    /// How the chosen service connects.
    pub fn kind(&self) -> Kind {
        self.service().map_or(Kind::SshAccessKey, |s| s.kind)
    }

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

    fn webhook_facts(&self) -> webhook::Facts<'_> {
        webhook::Facts {
            service: self.service(),
            hook_url: self.hook_url(),
            target: self.token.target(),
            env: &self.env,
        }
    }

    /// An action on a step of these routes; `true` when taken.
    pub(super) fn link_act(&mut self, action: Action, out: &mut Out) -> bool {
        if self.open_sheet(action, out) {
            return true;
        }
        let service = self.service.chosen(&self.services);
        let next = match self.step {
            Step::Address => self.address.act(action, service, &mut self.jobs, out),
            Step::Consumer => {
                let base = self.address.base();
                let facts = (service, base);
                self.consumer
                    .act(action, facts, &self.env, &mut self.jobs, out)
            }
            Step::Token => self.token.act(action, &self.env, &mut self.jobs, out),
            Step::Webhook => {
                let facts = webhook::Facts {
                    service,
                    hook_url: self.hook_url(),
                    target: self.token.target(),
                    env: &self.env,
                };
                let mut step = std::mem::take(&mut self.webhook);
                let next = step.act(action, &facts, &mut self.jobs, out);
                self.webhook = step;
                next
            }
            Step::Done if self.kind() != Kind::SshAccessKey => {
                let items = self.finish_items();
                self.finish.act(action, &items, &mut self.jobs, out);
                false
            }
            _ => return false,
        };
        if next {
            out.go = self.route().next(self.step);
        }
        true
    }

    /// A step the chosen service does not walk (a troubleshooting entry may name one): refused,
    /// with a notice.
    pub(super) fn off_route(&mut self, step: Step) -> bool {
        if self.route().has(step) {
            return false;
        }
        let called = self.service().map_or("this service", |s| s.called());
        self.notice = Some(format!("{called} has no {} step.", step.title()));
        true
    }

    /// Another service was chosen: its URL, checks and secrets are not this one's. The fields
    /// are emptied too (a secret is wiped).
    pub(super) fn forget_link(&mut self, out: &mut Out) {
        let used = self.address.base().is_some()
            || self.consumer.secret_len() > 0
            || self.token.token_len() > 0
            || self.webhook.secret_len() > 0;
        if !used {
            return;
        }
        self.address = address::AddressStep::default();
        self.consumer = consumer::ConsumerStep::default();
        self.token = token::TokenStep::default();
        self.webhook = webhook::WebhookStep::default();
        self.finish = finish::Finish::default();
        for field in [
            Field::ServiceUrl,
            Field::OauthKey,
            Field::OauthSecret,
            Field::HookRepo,
            Field::HookToken,
            Field::HookSecret,
        ] {
            let empty = crate::core::secret::Secret::new(String::new());
            out.effects.push(super::msg::Effect::SetField(field, empty));
        }
    }

    /// A field of these steps changed (a masked one: only its length).
    pub(super) fn link_edited(&mut self, field: Field, text: &str, len: usize) {
        let service = self.service.chosen(&self.services);
        match field {
            Field::ServiceUrl => {
                self.address.edited(text, service);
                self.finish = finish::Finish::default();
            }
            Field::OauthKey | Field::OauthSecret => self.consumer.edited(field, text, len),
            Field::HookRepo | Field::HookToken => self.token.edited(field, text, len, &self.env),
            Field::HookSecret => self.webhook.secret_edited(len),
            _ => {}
        }
    }

    /// A job of these steps reports; the event comes back when it was not one of theirs.
    pub(super) fn on_link_job(
        &mut self,
        job: JobId,
        kind: JobKind,
        event: JobEvent,
        out: &mut Out,
    ) -> Option<JobEvent> {
        match kind {
            JobKind::CopyValue => {
                let env = self.env.clone();
                let jobs = &mut self.jobs;
                let _ = self.address.copies.on_event(job, &event, &env, jobs, out)
                    || self.consumer.copies.on_event(job, &event, &env, jobs, out)
                    || self.webhook.copies.on_event(job, &event, &env, jobs, out)
                    || self.finish.copies.on_event(job, &event, &env, jobs, out)
                    || match &mut self.overlay {
                        Some(super::overlay::Overlay::KnownHosts { copies, .. }) => {
                            copies.on_event(job, &event, &env, jobs, out)
                        }
                        _ => false,
                    };
            }
            JobKind::CheckConsumer => self.consumer.on_event(event, out),
            JobKind::CheckToken => {
                let service = self.service.chosen(&self.services);
                self.token.on_event(event, service, out);
                if let Some(t) = self.token.target() {
                    let flavor = match t.flavor {
                        ApiFlavor::Cloud => Flavor::Cloud,
                        ApiFlavor::DataCenter => Flavor::DataCenter,
                    };
                    out.flavor = Some(flavor);
                }
            }
            JobKind::NewSecret | JobKind::SaveHook => self.webhook.on_event(event, out),
            _ => return Some(event),
        }
        None
    }

    /// A job of these steps was cancelled with Esc.
    pub(super) fn link_cancelled(&mut self, kind: JobKind) {
        match kind {
            JobKind::CheckConsumer => self.consumer.cancelled(),
            JobKind::CheckToken => self.token.cancelled(),
            JobKind::NewSecret | JobKind::SaveHook => self.webhook.cancelled(),
            _ => {}
        }
    }

    /// Whether a step of these routes counts as done.
    pub(super) fn link_done(&self, step: Step) -> bool {
        match step {
            Step::Address => self.address.base().is_some(),
            Step::Consumer => self.consumer.passed(),
            Step::Token => self.token.passed(),
            Step::Webhook => self
                .webhook
                .saved(self.hook_url().as_deref(), self.token_repo().as_deref()),
            _ => false,
        }
    }

    /// The service URL screen.
    pub fn address_view(&self) -> address::AddressView<'_> {
        self.address.view(self.service())
    }

    /// The OAuth consumer screen.
    pub fn consumer_view(&self) -> consumer::ConsumerView<'_> {
        self.consumer.view(self.service(), self.address.base())
    }

    /// The access token screen.
    pub fn token_view(&self) -> token::TokenView<'_> {
        let flavor = match self.service.flavor() {
            Flavor::Cloud => ApiFlavor::Cloud,
            Flavor::DataCenter => ApiFlavor::DataCenter,
        };
        self.token.view(self.service(), flavor)
    }

    /// The webhook screen.
    pub fn webhook_view(&self) -> webhook::WebhookView<'_> {
        self.webhook.view(&self.webhook_facts())
    }

    /// What quitting would lose of these steps: bblink never saves a secret, and Bitbucket
    /// shows an access token or a webhook secret only once.
    pub(super) fn link_unsaved(&self) -> Vec<String> {
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

    /// The masked field shows its text (`s` on the webhook step).
    pub fn revealed(&self, field: Field) -> bool {
        field == Field::HookSecret && self.webhook.reveal()
    }
}

//! Making a wizard: on the welcome screen (offering to resume saved progress), or straight on
//! a screen (`--screen`).

use super::clone_url::CloneUrlStep;
use super::key_pair::KeyStep;
use super::msg::{Effect, Env};
use super::overlay::Overlay;
use super::private_key::PrivateKeyStep;
use super::public_key::PublicKeyStep;
use super::service::ServiceStep;
use super::test::ConnectionStep;
use super::{Out, Step, Wizard, jobs};
use crate::core::clone_url as url_check;
use crate::core::progress::Progress;
use crate::core::service::ServiceProfile;
use crate::core::ssh_keys;

impl Wizard {
    /// A wizard on the welcome screen, offering to resume `saved` if given.
    pub fn new(env: Env, services: Vec<ServiceProfile>, saved: Option<Progress>) -> Self {
        let first = services.first().map_or("service", |s| s.id.as_str());
        let label =
            ssh_keys::free_label(ssh_keys::default_label(first, None, &env.today), &env.taken);
        let overlay = saved
            .filter(|p| p.version == Progress::VERSION && p.holds_work())
            .map(|mut p| {
                // The file may have been edited: only a usable URL, in bblink's own form.
                p.clone_url = p.clone_url.as_deref().and_then(url_check::usable_ssh_url);
                Overlay::Resume(Box::new(p))
            });
        Self {
            env,
            services,
            step: Step::Welcome,
            overlay,
            jobs: jobs::Jobs::default(),
            notice: None,
            save_failed: false,
            quitting: false,
            service: ServiceStep::default(),
            key: KeyStep::new(label),
            public_key: PublicKeyStep::default(),
            url: CloneUrlStep::default(),
            private: PrivateKeyStep::default(),
            test: ConnectionStep::default(),
            address: super::service_url::AddressStep::default(),
            consumer: super::oauth_consumer::ConsumerStep::default(),
            token: super::access_token::TokenStep::default(),
            webhook: super::webhook::WebhookStep::default(),
            done: super::done::DoneStep::default(),
            trouble: None,
            access: None,
            access_form: Default::default(),
            now: String::new(),
            records: super::resume::Records::default(),
        }
    }

    /// Starts on `step` (the `--screen` flag): saved progress is applied without asking.
    pub fn start_at(&mut self, step: Step) -> Vec<Effect> {
        let mut out = Out::default();
        if let Some(Overlay::Resume(p)) = self.overlay.take() {
            self.apply_progress(&p, &mut out);
        }
        if !self.route().has(step) {
            // A screen of another kind of service: the first service that has it.
            let id = self
                .services
                .iter()
                .find(|s| s.kind.route().has(step))
                .map(|s| s.id.clone());
            if let Some(id) = id {
                self.service.choose_id(&self.services, &id);
            }
        }
        // Arriving there as if walked to (the first empty field takes the focus).
        super::unit::of(step).arrive(self, &mut out);
        self.step = step;
        out.effects
    }
}

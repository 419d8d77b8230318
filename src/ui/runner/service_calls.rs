//! Running the calls of services that take no SSH key: the OAuth consumer check, the access
//! token check, a new webhook secret and the webhook, each as a job reporting its result.

use crate::adapters::bitbucket;
use crate::core::wizard::{Effect, JobEvent};

use super::Runner;

impl Runner {
    /// The calls of services that take no SSH key.
    pub(super) fn service_call(&mut self, effect: Effect) {
        match effect {
            Effect::CheckConsumer {
                job,
                token_url,
                key,
                secret,
                scopes,
                ca_file,
            } => self.spawn(job, move |report| async move {
                let r =
                    bitbucket::service_calls::consumer(&token_url, &key, secret, scopes, ca_file)
                        .await;
                report.send(JobEvent::Consumer(r));
            }),
            Effect::CheckToken {
                job,
                target,
                token,
                ca_file,
            } => self.spawn(job, move |report| async move {
                let r = bitbucket::service_calls::token(target, token, ca_file).await;
                report.send(JobEvent::TokenChecked(r));
            }),
            Effect::NewSecret { job } => self.blocking(job, move |_, _| {
                JobEvent::SecretMade(bitbucket::new_secret())
            }),
            Effect::SaveHook {
                job,
                target,
                token,
                hook,
                secret,
                ca_file,
            } => self.spawn(job, move |report| async move {
                let r = bitbucket::service_calls::hook(target, token, hook, secret, ca_file).await;
                report.send(JobEvent::HookSaved(r));
            }),
            _ => {}
        }
    }
}

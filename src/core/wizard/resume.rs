//! What the wizard remembers between runs: the progress it saves, and applying saved progress
//! (from the resume offer, or at once with `--screen`).

use crate::core::progress::Progress;
use crate::core::step::Step;

use super::jobs::JobKind;
use super::msg::{Effect, Field};
use super::{Out, Wizard};

impl Wizard {
    /// What to save between runs: choices and paths, never a secret.
    pub fn progress(&self) -> Progress {
        Progress {
            version: Progress::VERSION,
            service: self.service().map(|s| s.id.clone()).unwrap_or_default(),
            flavor: self.service.flavor(),
            step: self.step.name().to_string(),
            algorithm: self.key.algorithm(),
            label: self.key.label().to_string(),
            label_edited: self.key.label_edited(),
            key_path: self.key.ready().map(|k| k.private_path.clone()),
            clone_url: self.url.url().map(str::to_string),
            service_url: self.address.base().map(str::to_string),
            mode: self.consumer.mode_id(self.service()),
            user_key: self.user_key(),
        }
    }

    /// The progress could not be saved: said once.
    pub(super) fn save_failed(&mut self, why: &str) {
        if !self.save_failed {
            self.save_failed = true;
            self.notice = Some(format!(
                "Progress not saved ({why}): the next start cannot offer to resume."
            ));
        }
    }

    /// Restores saved progress: choices, the URL, the step; the key file is read again.
    pub(super) fn apply_progress(&mut self, p: &Progress, out: &mut Out) {
        self.service.choose_id(&self.services, &p.service);
        self.service.set_flavor(p.flavor);
        self.service.set_user_key(p.user_key);
        if let Some(url) = &p.clone_url {
            self.url.restore(url, out);
        }
        let label = p.label_edited.then(|| p.label.clone());
        self.key.restore(p.algorithm, label);
        self.key.follow_default(self.default_label());
        let service = self.service.chosen(&self.services);
        if let Some(base) = &p.service_url {
            self.address.restore(base, service);
            if self.address.base().is_some() {
                let text = crate::core::secret::Secret::new(base.clone());
                out.effects.push(Effect::SetField(Field::ServiceUrl, text));
            }
        }
        if let Some(mode) = &p.mode {
            self.consumer.choose_mode(service, mode);
        }
        let step = Step::from_name(&p.step).unwrap_or(Step::Service);
        // A step of another kind of service (an edited file): its service step instead.
        self.step = if self.route().has(step) {
            step
        } else {
            Step::Service
        };
        if let Some(path) = &p.key_path
            && let Ok(job) = self.jobs.start(JobKind::LoadKey)
        {
            out.effects.push(Effect::LoadKey {
                job,
                path: path.clone(),
            });
        }
    }
}

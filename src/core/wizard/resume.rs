//! What the wizard remembers between runs: the progress it saves, and applying saved progress
//! (from the resume offer, or at once with `--screen`).

use crate::core::progress::{Progress, Record};
use crate::core::step::Step;

use super::jobs::JobKind;
use super::msg::{Effect, Field};
use super::{Out, Wizard};

/// What was done with the key and the URL, with when: this run's, or a resumed run's.
#[derive(Debug, Clone, Default)]
pub(super) struct Records {
    /// The public key was copied, written or added.
    pub public_key: Option<Record>,
    /// The last connection test.
    pub tested: Option<Record>,
    /// The private key checked as it will be pasted.
    pub private_key: Option<Record>,
    /// A service without an SSH key: its consumer or token check, then its webhook.
    pub credentials: Vec<Option<Record>>,
}

impl Wizard {
    /// Notes what this run did with the key and URL that is not yet recorded, with the clock's
    /// last reading; returns whether a record changed (so the progress is saved).
    pub(super) fn record(&mut self) -> bool {
        let mut changed = self.record_credentials();
        let home = self.env.home.clone();
        if let (Some(key), Some(what)) =
            (self.key.ready(), self.public_key.done_what(home.as_deref()))
        {
            let fingerprint = &key.info.fingerprint;
            let known = self
                .records
                .public_key
                .as_ref()
                .is_some_and(|r| r.key == *fingerprint && r.what == what);
            if !known {
                self.records.public_key = Some(Record {
                    what,
                    ok: true,
                    at: self.now.clone(),
                    key: fingerprint.clone(),
                    url: None,
                });
                changed = true;
            }
        }
        if let Some(fp) = self
            .private
            .verdict()
            .filter(|v| v.usable())
            .and_then(|v| v.fingerprint.clone())
            && self
                .records
                .private_key
                .as_ref()
                .is_none_or(|r| r.key != fp)
        {
            self.records.private_key = Some(Record {
                what: "checked".into(),
                ok: true,
                at: self.now.clone(),
                key: fp,
                url: None,
            });
            changed = true;
        }
        let inputs = self.test_inputs();
        if let Some(outcome) = self.test.outcome()
            && self.test.matches(&inputs)
        {
            let key = inputs.key_id.clone().unwrap_or_default();
            let what = match outcome.failure() {
                Some(f) => f.title.clone(),
                None => super::test::passed_line(outcome),
            };
            let record = Record {
                what,
                ok: outcome.ok,
                at: self.now.clone(),
                key,
                url: inputs.url,
            };
            let known = self.records.tested.as_ref().is_some_and(|r| {
                (&r.what, r.ok, &r.key, &r.url)
                    == (&record.what, record.ok, &record.key, &record.url)
            });
            if !known {
                self.records.tested = Some(record);
                changed = true;
            }
        }
        changed
    }

    /// `record`, if it was made with the key in use.
    fn of_key_in_use<'a>(&self, record: Option<&'a Record>) -> Option<&'a Record> {
        let key = self.key.ready()?;
        record.filter(|r| r.key == key.info.fingerprint)
    }

    /// The record of the public key, if it is of the key in use.
    pub(super) fn public_key_record(&self) -> Option<&Record> {
        self.of_key_in_use(self.records.public_key.as_ref())
    }

    /// A value a recorded check or webhook was made with changes: that record no longer
    /// holds (this run's own check, or none, says what is true now).
    pub(super) fn forget_credential_records(&mut self, field: super::msg::Field) {
        use super::msg::Field;
        let from = match field {
            Field::OauthKey | Field::OauthSecret | Field::HookRepo | Field::HookToken => 0,
            Field::HookSecret => 1,
            _ => return,
        };
        for r in self.records.credentials.iter_mut().skip(from) {
            *r = None;
        }
    }

    /// The record of the private key's check, if it is of the key in use.
    pub(super) fn private_key_record(&self) -> Option<&Record> {
        self.of_key_in_use(self.records.private_key.as_ref())
    }

    /// The record of the connection test, if it is of the key and URL in use now.
    pub(super) fn tested_record(&self) -> Option<&Record> {
        let inputs = self.test_inputs();
        self.records.tested.as_ref().filter(|r| {
            r.key == inputs.key_id.clone().unwrap_or_default()
                && r.url.is_some()
                && r.url == inputs.url
        })
    }

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
            consumer_key: Some(self.consumer.key().to_string()).filter(|k| !k.is_empty()),
            token_repo: self.token.keepable_repo().map(str::to_string),
            user_key: self.user_key(),
            public_key: self.records.public_key.clone(),
            tested: self.records.tested.clone(),
            private_key: self.records.private_key.clone(),
            credentials: self.records.credentials.clone(),
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
        // Kept until the key or the URL they were done with changes.
        // The file may have been edited: what is shown of a record is made safe to draw.
        let clean = |r: &Option<Record>| r.as_ref().map(Record::cleaned);
        self.records = Records {
            public_key: clean(&p.public_key),
            tested: clean(&p.tested),
            private_key: clean(&p.private_key),
            credentials: p.credentials.iter().take(2).map(clean).collect(),
        };
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
        // The token step's repository, read again as if typed (an edited file's text is checked
        // as any text is).
        if let Some(repo) = p
            .token_repo
            .as_deref()
            .filter(|r| r.len() <= 400 && !r.chars().any(char::is_control))
        {
            self.token.edited(Field::HookRepo, repo, 0, &self.env);
            let text = crate::core::secret::Secret::new(repo.to_string());
            out.effects.push(Effect::SetField(Field::HookRepo, text));
        }
        // A consumer key is one word of printable characters; an edited file's other text is
        // not restored.
        if let Some(key) = p
            .consumer_key
            .as_deref()
            .filter(|k| !k.is_empty() && k.len() <= 200 && k.chars().all(|c| c.is_ascii_graphic()))
        {
            self.consumer.restore_key(key);
            let text = crate::core::secret::Secret::new(key.to_string());
            out.effects.push(Effect::SetField(Field::OauthKey, text));
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

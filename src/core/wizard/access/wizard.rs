//! The access-key screens in the wizard: opening them (`a` on the public key step, F3
//! anywhere), routing actions, fields and results, and what their results change elsewhere (a
//! key added counts for the public key step; a rotated key becomes the key in use).

use crate::core::bitbucket::AccessKey;
use crate::core::bitbucket::outcome::ApiOutcome;
use crate::core::keyboard::Action;
use crate::core::step::Step;

use super::super::msg::{Field, JobEvent};
use super::super::{Out, Wizard};
use super::{AccessPanel, Facts, Purpose};

impl Wizard {
    fn access_facts(&self) -> Facts {
        // The label the public key screen shows: the key's comment, or its file's name.
        let shown = self.public_key_view().label;
        let label = if shown.trim().is_empty() {
            self.default_label()
        } else {
            shown
        };
        Facts {
            env: self.env.clone(),
            key: self.key.ready().cloned(),
            label,
        }
    }

    /// The access-key screens take the action when open (or open on F3, or `a` on the public
    /// key step); `true` when taken.
    pub(in crate::core::wizard) fn act_on_access(&mut self, action: Action, out: &mut Out) -> bool {
        if action == Action::Troubleshoot {
            // Troubleshooting takes the screen's place, but not while a call runs.
            match self.access.as_ref().map(AccessPanel::working) {
                Some(true) => {
                    out.notice =
                        Some("Troubleshooting opens once the call ends (Esc cancels it).".into());
                    return true;
                }
                Some(false) => self.access = None,
                None => {}
            }
            return false;
        }
        // The sheets open over these screens (the checklist goes with rotation).
        if matches!(
            action,
            Action::ForceQuit
                | Action::Help
                | Action::Quit
                | Action::KnownHostsSheet
                | Action::Checklist
        ) {
            return false;
        }
        if let Action::Jump(_) = action
            && self.access.as_ref().is_some_and(|a| !a.working())
        {
            // A jump leaves the screens for the step, as from troubleshooting.
            self.access = None;
            return false;
        }
        let Some(mut panel) = self.access.take() else {
            if action == Action::KeysScreen {
                self.open_access(Purpose::Manage, out);
                return true;
            }
            return false;
        };
        let facts = self.access_facts();
        let stay = panel.act(action, &facts, &mut self.jobs, out);
        if stay {
            self.access = Some(panel);
        }
        true
    }

    /// Opens the access-key screens: to add the key in use (`a` on the public key step), or to
    /// manage the repository's keys (F3).
    pub(in crate::core::wizard) fn open_access(&mut self, purpose: Purpose, out: &mut Out) {
        if purpose == Purpose::Add && self.user_key() {
            out.notice = Some("A user key goes on the machine user's account (Personal settings → SSH keys); bblink adds access keys only.".into());
            return;
        }
        if purpose == Purpose::Add && self.key.ready().is_none() {
            let step = self.route().number(Step::KeyPair);
            out.notice = Some(format!(
                "No key yet: step {step} (Key pair) generates one; then a adds it."
            ));
            return;
        }
        self.trouble = None;
        let url = self.ssh_url().map(str::to_string);
        if let Some(u) = &url {
            self.access_form.0 = crate::core::secret::Secret::new(u.clone());
        }
        let form = (self.access_form.0.expose(), self.access_form.1.as_str());
        self.access = Some(AccessPanel::open(
            purpose,
            url.as_deref(),
            form,
            &self.env,
            out,
        ));
    }

    /// A field of the form changed.
    pub(in crate::core::wizard) fn access_edited(&mut self, field: Field, text: &str) {
        match field {
            Field::ApiRepo => self.access_form.0 = crate::core::secret::Secret::new(text.into()),
            Field::ApiEmail => self.access_form.1 = text.to_string(),
            _ => {}
        }
        let env = self.env.clone();
        if let Some(p) = self.access.as_mut() {
            match field {
                Field::ApiRepo => p.repo_edited(text, &env),
                Field::ApiEmail => p.email_edited(text),
                _ => {}
            }
        }
    }

    /// `workspace/repo` of the open screens.
    pub(in crate::core::wizard) fn access_repo(&self) -> String {
        self.access
            .as_ref()
            .and_then(|p| p.target.as_ref())
            .and_then(|t| t.as_ref().ok())
            .map_or_else(String::new, crate::core::bitbucket::ApiTarget::full_name)
    }

    pub(in crate::core::wizard) fn access_remove(&mut self, key: AccessKey, out: &mut Out) {
        if let Some(mut p) = self.access.take() {
            p.remove(key, &self.env, &mut self.jobs, out);
            self.access = Some(p);
        }
    }

    pub(in crate::core::wizard) fn access_rotate(&mut self, key: AccessKey, out: &mut Out) {
        if let Some(mut p) = self.access.take() {
            let facts = self.access_facts();
            p.rotate(key, &facts, &mut self.jobs, out);
            self.access = Some(p);
        }
    }

    /// An access-key job reports.
    pub(in crate::core::wizard) fn on_access_event(&mut self, event: JobEvent, out: &mut Out) {
        let Some(p) = self.access.as_mut() else {
            return;
        };
        match p.on_event(event) {
            Some(ApiOutcome::Added(added)) => {
                let ours = self
                    .key
                    .ready()
                    .is_some_and(|k| k.info.fingerprint == added.key.fingerprint);
                if ours {
                    self.public_key.added(added);
                    out.save = true;
                    // The repository it was added to is the one to connect: its URL, given in
                    // the form, is the clone URL step's unless that step has one already.
                    if self.url.check().is_none() {
                        let text = self.access_form.0.clone();
                        let flavor = self.service.flavor();
                        self.url.pasted(&text, flavor, &mut self.jobs, out);
                    }
                }
            }
            Some(ApiOutcome::Removed(k)) => {
                let in_use = self
                    .key
                    .ready()
                    .is_some_and(|r| r.info.fingerprint == k.fingerprint);
                if in_use {
                    // The key in use is no longer in Bitbucket: step 3 is to do again.
                    self.public_key.reset();
                    out.save = true;
                }
            }
            Some(ApiOutcome::Rotated(r))
                if r.passed()
                    && self
                        .key
                        .ready()
                        .is_some_and(|k| k.info.fingerprint == r.old.fingerprint) =>
            {
                if let (Some(key), Some(added)) = (r.new_key.clone(), r.added.clone()) {
                    // The new key is the one in use from now on: the service needs its
                    // private half (step 5), and the connection test ran with it already.
                    let mut inner = Out::default();
                    if self
                        .key
                        .on_event(JobEvent::KeyReady(Ok(key)), false, &mut inner)
                    {
                        self.public_key.reset();
                        self.private.recheck(self.key.ready());
                    }
                    self.public_key.added(added);
                    out.save = true;
                }
            }
            _ => {}
        }
    }
}

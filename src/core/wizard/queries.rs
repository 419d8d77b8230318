//! Read-only questions the shell asks the wizard: where it is, what runs, which field has
//! focus, how keys resolve, which steps are done.

use crate::core::key_file::ReadyKey;
use crate::core::keyboard::{Action, Context, KeyState};
use crate::core::service::ServiceProfile;
use crate::core::step::Step;

use super::msg::{Env, Field};
use super::overlay::Overlay;
use super::{Job, Wizard, public_key, unit};

impl Wizard {
    /// The injected facts.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The current screen.
    pub fn step(&self) -> Step {
        self.step
    }

    /// The open troubleshooting.
    pub fn trouble(&self) -> Option<&super::trouble::Trouble> {
        self.trouble.as_ref()
    }

    /// The open access-key screens.
    pub fn access(&self) -> Option<&super::access::AccessPanel> {
        self.access.as_ref()
    }

    /// The private key is hidden on its screen.
    pub fn private_key_masked(&self) -> bool {
        self.private.masked()
    }

    /// The open dialog.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// Shows a message on the next frame (until the next action).
    pub fn tell(&mut self, message: String) {
        self.notice = Some(message);
    }

    /// Set once the wizard has decided to quit.
    pub fn quitting(&self) -> bool {
        self.quitting
    }

    /// The chosen service.
    pub fn service(&self) -> Option<&ServiceProfile> {
        self.service.chosen(&self.services)
    }

    /// The key is a user key (an SSH key on a Bitbucket account), not an access key.
    pub fn user_key(&self) -> bool {
        self.service.user_key(&self.services)
    }

    /// The key in use.
    pub fn ready_key(&self) -> Option<&ReadyKey> {
        self.key.ready()
    }

    /// Whether the public key's copy could not be confirmed (the shell prints it after exit).
    pub fn public_key_unconfirmed(&self) -> bool {
        matches!(
            self.public_key.copy_state(),
            public_key::CopyState::SentOsc52(_) | public_key::CopyState::Unavailable(_)
        )
    }

    /// Whether any job runs (the spinner animates only then).
    pub fn busy(&self) -> bool {
        self.jobs.foreground().is_some()
    }

    /// Whether a spinner turns: a foreground job runs, or the machine's check.
    pub fn animating(&self) -> bool {
        self.busy() || self.jobs.any(|k| k == super::JobKind::Doctor)
    }

    /// What the foreground job does, while one runs.
    pub fn busy_with(&self) -> Option<super::JobKind> {
        self.jobs.foreground().map(|j| j.kind)
    }

    /// What the foreground job does now, as it last said (its spinner line, its progress
    /// line in the plain shell).
    pub fn stage(&self) -> Option<&str> {
        self.jobs.stage()
    }

    /// The foreground job this screen shows progress for (so Esc cancels it).
    pub fn working_job(&self) -> Option<Job> {
        self.jobs
            .foreground()
            .filter(|j| j.kind.cancellable() && unit::job_owner(j.kind) == self.step)
    }

    /// The text field with focus, if any (an open dialog takes the keys, not the field).
    pub fn focused_field(&self) -> Option<Field> {
        if let Some(a) = &self.access {
            return a.focused_field();
        }
        if let Some(t) = &self.trouble {
            return t.focused_field();
        }
        unit::of(self.step).focused_field(self)
    }

    /// The field a paste goes to on this screen whatever has focus, if one does (none while
    /// troubleshooting or the access-key screens are open).
    pub fn paste_field(&self) -> Option<Field> {
        if self.access.is_some() || self.trouble.is_some() {
            return None;
        }
        unit::of(self.step).paste_field()
    }

    /// What key resolution needs: the step's table, the dialog's, the focused field, and the
    /// actions that do nothing now.
    pub fn key_state(&self) -> KeyState {
        if let Some(a) = &self.access {
            let (context, field, unavailable) = a.keys();
            return self.key_state_of(context, field, a.working(), unavailable);
        }
        if let Some(t) = &self.trouble {
            let (context, field, unavailable) = t.keys();
            return self.key_state_of(context, field, false, unavailable);
        }
        let unit = unit::of(self.step);
        let (context, field, mut unavailable) = unit.keys(self);
        let working = self.working_job().is_some();
        if self.route().prev(self.step).is_none() && !working {
            unavailable.push(Action::Back);
        }
        if self.route().next(self.step).is_none() {
            unavailable.push(Action::Next);
        }
        if !unit.arrows(self) {
            unavailable.extend([Action::Up, Action::Down]);
        }
        if self.service().is_none_or(|s| s.checklist.is_empty()) {
            unavailable.push(Action::Checklist);
        }
        self.key_state_of(context, field, working, unavailable)
    }

    fn key_state_of(
        &self,
        context: Context,
        field: Option<crate::core::keyboard::FieldKind>,
        working: bool,
        unavailable: Vec<Action>,
    ) -> KeyState {
        KeyState {
            route: self.route(),
            step: self.step,
            context,
            overlay: self.overlay.as_ref().map(Overlay::kind),
            field,
            working,
            unavailable,
        }
    }

    /// Whether a step counts as done (a check mark in the header).
    pub fn is_done(&self, step: Step) -> bool {
        unit::of(step).done(self)
    }

    /// The key label the key step suggests for this service and repository.
    pub(super) fn default_label(&self) -> String {
        let id = self.service().map_or("service", |s| s.id.as_str());
        let label = crate::core::ssh_keys::default_label(id, self.url.repo(), &self.env.today);
        crate::core::ssh_keys::free_label(label, &self.env.taken)
    }

    /// The connection test passed for the URL and key in use now.
    pub(super) fn test_passed(&self) -> bool {
        (self.test.passed() && self.test.matches(&self.test_inputs()))
            || self.tested_record().is_some_and(|r| r.ok)
    }

    /// What the connection test needs from the other steps.
    pub(super) fn test_inputs(&self) -> super::test::Inputs {
        super::test::Inputs {
            url: self.url.url().map(str::to_string),
            key: self.private.test_source(self.key.ready()),
            key_id: self
                .private
                .verdict()
                .and_then(|v| v.fingerprint.clone())
                .or_else(|| self.key.ready().map(|k| k.info.fingerprint.clone())),
        }
    }

    /// The SSH URL once the clone URL step has a usable one.
    pub fn ssh_url(&self) -> Option<&str> {
        self.url.url()
    }
}

impl super::Wizard {
    /// The steps the chosen service walks.
    pub fn route(&self) -> crate::core::step::Route {
        self.kind().route()
    }

    /// How the chosen service connects.
    pub fn kind(&self) -> crate::core::service::Kind {
        self.service()
            .map_or(crate::core::service::Kind::SshAccessKey, |s| s.kind)
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
}

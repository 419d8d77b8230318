//! Read-only questions the shell asks the wizard: where it is, what runs, which field has
//! focus, how keys resolve, which steps are done.

use crate::core::key::{Action, Context, KeyState};
use crate::core::keyfile::ReadyKey;
use crate::core::service::ServiceProfile;
use crate::core::step::Step;

use super::msg::{Env, Field};
use super::overlay::Overlay;
use super::{Job, Wizard, done, public_key, service, welcome};

impl Wizard {
    /// The injected facts.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The current screen.
    pub fn step(&self) -> Step {
        self.step
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

    /// What the foreground job does, while one runs.
    pub fn busy_with(&self) -> Option<super::JobKind> {
        self.jobs.foreground().map(|j| j.kind)
    }

    /// The foreground job this screen shows progress for (so Esc cancels it).
    pub fn working_job(&self) -> Option<Job> {
        self.jobs
            .foreground()
            .filter(|j| j.kind.cancellable() && j.kind.owner() == self.step)
    }

    /// The text field with focus, if any (an open dialog takes the keys, not the field).
    pub fn focused_field(&self) -> Option<Field> {
        if let Some(a) = &self.access {
            return a.focused_field();
        }
        if let Some(t) = &self.trouble {
            return t.focused_field();
        }
        match self.step {
            Step::Key => self.key.focused_field(),
            Step::CloneUrl => self.url.focused_field(),
            Step::PrivateKey => self.private.focused_field(),
            Step::Address => self.address.focused_field(),
            Step::Consumer => self.consumer.focused_field(),
            Step::Token => self.token.focused_field(),
            Step::Webhook => self.webhook.focused_field(),
            Step::Welcome | Step::Service | Step::PublicKey | Step::Test | Step::Done => None,
        }
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
        let (context, field, mut unavailable) = match self.step {
            Step::Welcome => (welcome::CONTEXT, None, Vec::new()),
            Step::Service => (service::CONTEXT, None, Vec::new()),
            Step::Key => self.key.keys(),
            Step::PublicKey => {
                let mut off = public_key::PublicKeyStep::unavailable(self.key.ready());
                if self.user_key() {
                    // A user key goes on an account: the API screens add access keys only.
                    off.push(Action::AccessKeys);
                }
                (public_key::CONTEXT, None, off)
            }
            Step::CloneUrl => self.url.keys(),
            Step::PrivateKey => self.private.keys(self.key.ready()),
            Step::Test => {
                let (context, unavailable) = self.test.keys();
                (context, None, unavailable)
            }
            Step::Address => self.address.keys(),
            Step::Consumer => self.consumer.keys(),
            Step::Token => self.token.keys(),
            Step::Webhook => self.webhook.keys(),
            Step::Done if self.kind() != crate::core::service::Kind::SshAccessKey => {
                (Context::DoneLinked, None, Vec::new())
            }
            Step::Done => {
                let mut unavailable = Vec::new();
                if self.url.url().is_none() {
                    unavailable.push(Action::Copy);
                }
                if !self.private.can_copy(self.key.ready()) {
                    unavailable.push(Action::CopyPrivate);
                }
                (done::CONTEXT, None, unavailable)
            }
        };
        let working = self.working_job().is_some();
        if self.route().prev(self.step).is_none() && !working {
            unavailable.push(Action::Back);
        }
        if self.route().next(self.step).is_none() && self.step != Step::Webhook {
            unavailable.push(Action::Next);
        }
        if matches!(
            context,
            Context::Welcome
                | Context::PublicKey
                | Context::Test
                | Context::TestPassed
                | Context::Done
        ) {
            unavailable.extend([Action::FocusNext, Action::FocusPrev]);
        }
        if !matches!(
            self.step,
            Step::Service | Step::Key | Step::Address | Step::Consumer | Step::Webhook
        ) && context != Context::DoneLinked
        {
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
        field: Option<crate::core::key::FieldKind>,
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
        match step {
            Step::Welcome => self.step > Step::Welcome,
            Step::Service => {
                self.step > Step::Service
                    || self.key.ready().is_some()
                    || self.address.base().is_some()
            }
            Step::Key => self.key.ready().is_some(),
            Step::PublicKey => self.public_key.done() || self.test_passed(),
            Step::CloneUrl => self.url.url().is_some(),
            Step::PrivateKey => self
                .private
                .verdict()
                .is_some_and(crate::core::inspect::Inspection::usable),
            Step::Test => self.test_passed(),
            Step::Done => self.step == Step::Done,
            Step::Address | Step::Consumer | Step::Token | Step::Webhook => self.link_done(step),
        }
    }

    /// The key label the key step suggests for this service and repository.
    pub(super) fn default_label(&self) -> String {
        let id = self.service().map_or("service", |s| s.id.as_str());
        crate::core::keys::default_label(id, self.url.repo(), &self.env.today)
    }

    /// The connection test passed for the URL and key in use now.
    fn test_passed(&self) -> bool {
        self.test.passed() && self.test.matches(&self.test_inputs())
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

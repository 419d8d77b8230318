//! Step 7, Done: what is set up, what is left to do in the service (each value and where it
//! goes), and how to check it. No state of its own: it reads the other steps' results, and
//! its copy keys are the clone URL step's and the private key step's.

use crate::core::clone_url::CLOUD_SSH_HOST;
use crate::core::key::{Action, Context};
use crate::core::keyfile::ReadyKey;
use crate::core::service::{Flavor, PasteValue, ServiceProfile};
use crate::core::step::Step;

/// The key table of this step.
pub const CONTEXT: Context = Context::Done;

/// One value the service's form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The field's name in the service.
    pub label: String,
    /// Where the field is.
    pub place: String,
    /// What goes in it; `None` when a step is not done yet.
    pub value: Option<String>,
    /// Which step gives it, while it is not known.
    pub how: String,
    /// Commands that copy it on this computer (the usual one first), under a line that says
    /// which is for what.
    pub commands: (&'static str, Vec<String>),
    /// The key that copies it here, and how the last copy went.
    pub copy: Option<(Action, Option<String>)>,
}

/// What the Done screen shows.
#[derive(Debug, Clone)]
pub struct DoneView<'a> {
    /// The chosen service.
    pub service: Option<&'a ServiceProfile>,
    /// Cloud or Data Center.
    pub flavor: Flavor,
    /// The key in use.
    pub key: Option<&'a ReadyKey>,
    /// The public key was copied or written (it can be added in Bitbucket).
    pub public_key_done: bool,
    /// The private key was checked as it will be pasted, and is usable.
    pub private_checked: bool,
    /// Every value the service asks for.
    pub values: Vec<Value>,
    /// The connection test's verdict in a line: passed, and what it saw or why not.
    pub tested: Option<(bool, String)>,
    /// The command that runs the connection test again.
    pub retest: Option<String>,
}

/// What the summary needs from the other steps.
pub struct Facts<'a> {
    /// The chosen service.
    pub service: Option<&'a ServiceProfile>,
    /// Cloud or Data Center.
    pub flavor: Flavor,
    /// The key in use.
    pub key: Option<&'a ReadyKey>,
    /// The public key was copied or written.
    pub public_key_done: bool,
    /// The private key was checked and is usable.
    pub private_checked: bool,
    /// The SSH URL.
    pub ssh_url: Option<&'a str>,
    /// The SSH host of the URL (Data Center).
    pub ssh_host: Option<&'a str>,
    /// The private key file to give the service, shortened with `~`.
    pub private_file: Option<String>,
    /// The commands that copy it, for this computer.
    pub copy_commands: (&'static str, Vec<String>),
    /// The connection test's verdict in a line.
    pub tested: Option<(bool, String)>,
    /// The command that runs the connection test again.
    pub retest: Option<String>,
    /// How the last copy of the SSH URL went.
    pub url_copy: Option<String>,
    /// How the last copy of the private key went.
    pub key_copy: Option<String>,
}

/// The view from the other steps' results.
pub fn view<'a>(facts: &Facts<'a>) -> DoneView<'a> {
    let values = facts
        .service
        .map(|s| {
            s.paste
                .iter()
                .filter_map(|p| match p.value {
                    PasteValue::CloneUrl => Some(Value {
                        label: p.label.clone(),
                        place: p.place.clone(),
                        value: facts.ssh_url.map(str::to_string),
                        how: format!("the SSH clone URL (step {})", Step::CloneUrl.number()),
                        commands: ("", Vec::new()),
                        copy: Some((Action::Copy, facts.url_copy.clone())),
                    }),
                    PasteValue::PrivateKey => Some(Value {
                        label: p.label.clone(),
                        place: p.place.clone(),
                        value: facts
                            .private_file
                            .as_ref()
                            .map(|f| format!("the contents of {f}")),
                        how: format!("the private key (step {})", Step::Key.number()),
                        commands: facts.copy_commands.clone(),
                        copy: Some((Action::CopyPrivate, facts.key_copy.clone())),
                    }),
                    PasteValue::SshHost => Some(Value {
                        label: p.label.clone(),
                        place: p.place.clone(),
                        value: match facts.flavor {
                            Flavor::Cloud => Some(CLOUD_SSH_HOST.to_string()),
                            Flavor::DataCenter => facts.ssh_host.map(str::to_string),
                        },
                        how: format!("the SSH clone URL (step {})", Step::CloneUrl.number()),
                        commands: ("", Vec::new()),
                        copy: None,
                    }),
                    // The other kinds have their own done screen (`finish`).
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    DoneView {
        service: facts.service,
        flavor: facts.flavor,
        key: facts.key,
        public_key_done: facts.public_key_done,
        private_checked: facts.private_checked,
        values,
        tested: facts.tested.clone(),
        retest: facts.retest.clone(),
    }
}

impl super::Wizard {
    /// `c` copies the SSH URL, `k` the private key, as their own steps do.
    pub(super) fn done_act(&mut self, action: Action, out: &mut super::Out) {
        match action {
            Action::Copy if self.url.url().is_none() => {
                out.notice = Some(format!(
                    "No SSH URL to copy yet: step {} ({}) gives it.",
                    Step::CloneUrl.number(),
                    Step::CloneUrl.title()
                ));
            }
            Action::Copy => {
                let flavor = self.service.flavor();
                self.url.act(action, flavor, &mut self.jobs, out);
            }
            Action::CopyPrivate if !self.private.can_copy(self.key.ready()) => {
                out.notice = Some(format!(
                    "No usable private key to copy yet: step {} ({}) or {} ({}).",
                    Step::Key.number(),
                    Step::Key.title(),
                    Step::PrivateKey.number(),
                    Step::PrivateKey.title()
                ));
            }
            Action::CopyPrivate => {
                let key = self.key.ready();
                self.private
                    .act(Action::Copy, key, &self.env, &mut self.jobs, out);
            }
            _ => {}
        }
    }
}

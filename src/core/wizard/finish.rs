//! The done screen of services that take no SSH key: what is set up (each check's result),
//! every value the service's form asks for (copyable; secrets masked, copied from their
//! fields), the service's commands with the secret read from an environment variable, where to
//! watch deliveries, and the troubleshooting entries of the service. Owns only the list's
//! selection and the last copy.

use crate::core::bitbucket::hooks::HookAction;
use crate::core::key::Action;
use crate::core::service::{Kind, PasteValue, ServiceProfile, fill};

use super::jobs::Jobs;
use super::msg::Field;
use super::values::{Copies, Item, Source};
use super::{Out, Wizard, webhook};
use super::{access_token as token, oauth_consumer as consumer};

/// The done screen's selection and copies.
#[derive(Debug, Clone, Default)]
pub struct Finish {
    selected: usize,
    pub(super) copies: Copies,
}

/// A line of the summary: done or not, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Done (else: to do, or a warning).
    pub ok: bool,
    /// What.
    pub text: String,
}

/// What the screen shows.
#[derive(Debug, Clone)]
pub struct FinishView<'a> {
    /// The service.
    pub service: Option<&'a ServiceProfile>,
    /// What is set up.
    pub status: Vec<Status>,
    /// The values and commands to copy.
    pub items: Vec<Item>,
    /// Where the commands start among `items`.
    pub commands_at: Option<usize>,
    /// A sentence about the commands.
    pub commands_note: Option<String>,
    /// The selected item.
    pub selected: usize,
    /// How its last copy went.
    pub copy_note: Option<String>,
    /// Where to watch deliveries (webhook services).
    pub deliveries: Option<String>,
    /// The troubleshooting entries: id and title.
    pub trouble: Vec<(String, String)>,
}

impl Finish {
    pub(super) fn act(&mut self, action: Action, items: &[Item], jobs: &mut Jobs, out: &mut Out) {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(items.len().saturating_sub(1)),
            Action::Copy => self.copies.copy(items, self.selected, jobs, out),
            _ => {}
        }
    }
}

/// The lines that put the secret in `var` without echoing it or leaving it in the history,
/// then the commands, then the line that forgets it.
fn with_secret_env(commands: Vec<String>, var: &str) -> Vec<String> {
    if !commands.iter().any(|c| c.contains(&format!("${var}"))) {
        return commands;
    }
    let mut all = vec![format!("printf 'Consumer secret: '; read -rs {var}; echo")];
    all.extend(commands);
    all.push(format!("unset {var}"));
    all
}

impl Wizard {
    /// Every value and command of the done screen, in order.
    pub(super) fn finish_items(&self) -> Vec<Item> {
        self.finish_parts().0
    }

    fn finish_parts(&self) -> (Vec<Item>, Option<usize>) {
        let Some(s) = self.service() else {
            return (Vec::new(), None);
        };
        let base = self.address.base();
        let mut items: Vec<Item> = s
            .paste
            .iter()
            .filter_map(|p| match p.value {
                PasteValue::Derived => {
                    let d = s.derived(p.derived.as_deref()?)?;
                    let value = base.map(|b| fill(&d.template, b)).unwrap_or_default();
                    Some(Item::text(&p.label, value, &p.place))
                }
                PasteValue::ConsumerKey => Some(Item::text(
                    &p.label,
                    self.consumer.key().to_string(),
                    &p.place,
                )),
                PasteValue::ConsumerSecret => Some(Item::secret(
                    &p.label,
                    Field::OauthSecret,
                    self.consumer.secret_len(),
                    &p.place,
                )),
                PasteValue::AccessToken => Some(Item::secret(
                    &p.label,
                    Field::HookToken,
                    self.token.token_len(),
                    &p.place,
                )),
                PasteValue::WebhookSecret => Some(Item::secret(
                    &p.label,
                    Field::HookSecret,
                    self.webhook.secret_len(),
                    &p.place,
                )),
                PasteValue::CloneUrl | PasteValue::PrivateKey | PasteValue::SshHost => None,
            })
            .collect();
        let mut commands_at = None;
        if let (Some(mode), Some(c)) = (self.consumer.mode(Some(s)), &s.consumer) {
            let key = if self.consumer.key().is_empty() {
                "OAUTH_CONSUMER_KEY"
            } else {
                self.consumer.key()
            };
            let lines: Vec<String> = mode
                .commands
                .iter()
                .map(|cmd| {
                    let quoted = shlex::try_quote(key)
                        .map_or_else(|_| key.to_string(), std::borrow::Cow::into_owned);
                    fill(cmd, base.unwrap_or("https://SERVICE")).replace("{key}", &quoted)
                })
                .collect();
            commands_at = Some(items.len());
            // Shell lines, as a prompt shows them; the heading says where to run them.
            for line in with_secret_env(lines, &c.secret_env) {
                items.push(Item {
                    label: "$".into(),
                    shown: line.clone(),
                    place: String::new(),
                    source: Source::Text(line),
                });
            }
        }
        (items, commands_at)
    }

    fn finish_status(&self, s: &ServiceProfile) -> Vec<Status> {
        let mut status = vec![match self.address.base() {
            Some(b) => Status {
                ok: true,
                text: format!(
                    "{}: {b}",
                    s.input.as_ref().map_or("Service URL", |i| i.label.as_str())
                ),
            },
            None => Status {
                ok: false,
                text: "No service URL yet (step 2).".into(),
            },
        }];
        match s.kind {
            Kind::OauthConsumer => {
                let mode = self.consumer.mode(Some(s)).map_or("", |m| m.label.as_str());
                status.push(match self.consumer_view().phase {
                    consumer::Phase::Checked(c) if c.ok && c.private == Some(false) => Status {
                        ok: true,
                        text: "Key and secret valid (the consumer is not private: its permissions were not read).".into(),
                    },
                    consumer::Phase::Checked(c) if c.ok => Status {
                        ok: true,
                        text: format!("Key and secret valid; permissions for {mode}: {}.", c.scopes.join(", ")),
                    },
                    consumer::Phase::Checked(c) => Status {
                        ok: false,
                        text: format!("The consumer lacks {} (step 3).", c.missing_scopes.join(", ")),
                    },
                    _ => Status { ok: false, text: "Key and secret not checked yet (step 3).".into() },
                });
            }
            Kind::AccessTokenWebhook => {
                let repo = self
                    .token
                    .target()
                    .map_or_else(String::new, crate::core::bitbucket::ApiTarget::full_name);
                status.push(match self.token_view().phase {
                    token::Phase::Checked {
                        scopes: Some(g),
                        missing,
                        ..
                    } if missing.is_empty() => Status {
                        ok: true,
                        text: format!("The access token reads {repo}; scopes: {}.", g.join(", ")),
                    },
                    // Its scopes were not reported: the webhook, once created, proves them.
                    token::Phase::Checked { missing, .. } if missing.is_empty() => Status {
                        ok: self.webhook.saved(self.hook_url().as_deref(), self.token_repo().as_deref()),
                        text: format!("The access token reads {repo}; its scopes were not reported (creating the webhook proves them)."),
                    },
                    _ => Status {
                        ok: false,
                        text: "Access token not checked yet (step 3).".into(),
                    },
                });
                let url = self.hook_url();
                status.push(match self.webhook_view().phase {
                    webhook::Phase::Saved { action, id }
                        if self
                            .webhook
                            .saved(url.as_deref(), self.token_repo().as_deref()) =>
                    {
                        Status {
                            ok: true,
                            text: format!(
                                "Push webhook {} in {repo} ({id}).",
                                match action {
                                    HookAction::Created => "created",
                                    HookAction::Updated => "updated",
                                    HookAction::Unchanged => "already there, unchanged",
                                }
                            ),
                        }
                    }
                    _ => Status {
                        ok: false,
                        text: "Webhook not created through the API (step 4, or by hand).".into(),
                    },
                });
            }
            Kind::SshAccessKey => {}
        }
        status
    }

    /// The done screen of an OAuth or webhook service.
    pub fn finish_view(&self) -> FinishView<'_> {
        let service = self.service();
        let (items, commands_at) = self.finish_parts();
        let selected = self.finish.selected.min(items.len().saturating_sub(1));
        let secret = matches!(
            items.get(selected).map(|i| &i.source),
            Some(Source::Secret(_))
        );
        let data_center = self
            .token
            .target()
            .is_some_and(|t| t.flavor == crate::core::bitbucket::ApiFlavor::DataCenter);
        let catalog = crate::core::catalog::catalog().ok();
        FinishView {
            service,
            status: service.map(|s| self.finish_status(s)).unwrap_or_default(),
            commands_note: service
                .and_then(|s| self.consumer.mode(Some(s)))
                .and_then(|m| m.note.clone()),
            copy_note: self
                .finish
                .copies
                .note(selected, secret.then_some(self.env.clear_clipboard_after)),
            items,
            commands_at,
            selected,
            deliveries: service.and_then(|s| s.webhook.as_ref()).map(|w| {
                if data_center {
                    w.deliveries_data_center.clone()
                } else {
                    w.deliveries_cloud.clone()
                }
            }),
            trouble: service
                .map(|s| {
                    s.troubleshooting
                        .iter()
                        .filter_map(|id| {
                            catalog
                                .and_then(|c| c.get(id))
                                .map(|e| (id.clone(), e.title.clone()))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

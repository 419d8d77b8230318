//! Step 1, Service: which service reads the repository and which Bitbucket hosts it. Owns the
//! choice and the list focus; the flavor may also be settled later by a clone URL.

use crate::core::keyboard::{Action, Context};
use crate::core::service::{Flavor, Kind, PasteValue, ServiceProfile};

use super::Out;
use super::Wizard;
use super::page::{Choice, Do, List, Page, Pick, Said, Tone};
use super::unit::{Keys, Unit};
use crate::core::step::Step;

/// Which list has focus on the service screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFocus {
    /// The list of services.
    Service,
    /// Cloud or Data Center.
    Flavor,
    /// Access key or user key (services that ask).
    KeyKind,
}

/// The key table of this step.
pub const CONTEXT: Context = Context::Service;

/// The service step's state.
#[derive(Debug, Clone)]
pub struct ServiceStep {
    index: usize,
    flavor: Flavor,
    focus: ServiceFocus,
    user_key: bool,
}

/// What the service screen shows.
#[derive(Debug, Clone, Copy)]
pub struct ServiceView<'a> {
    /// Every service on offer.
    pub services: &'a [ServiceProfile],
    /// The chosen one (index into `services`).
    pub chosen: usize,
    /// Cloud or Data Center.
    pub flavor: Flavor,
    /// The focused list.
    pub focus: ServiceFocus,
    /// A user key rather than an access key (services that ask).
    pub user_key: bool,
}

/// The key kinds a service that asks offers, in a few words each (an access key first); the
/// service's own sentences about each follow them.
pub const KEY_KINDS: [&str; 2] = [
    "Only this repository: access key",
    "Other private repositories too: user key",
];

impl ServiceView<'_> {
    /// What the chosen service needs, under the lists: the key kind's sentences, the service
    /// in a line, what the user will give it and where, and the rights it takes in Bitbucket.
    pub fn details(&self) -> Vec<Said> {
        let Some(service) = self.services.get(self.chosen) else {
            return Vec::new();
        };
        let mut text = Vec::new();
        if let Some(k) = &service.key_choice {
            let sentence = if self.user_key { &k.user } else { &k.access };
            text.push(Said::new(Tone::Dim, format!("{} {sentence}", k.question)));
            if self.user_key {
                text.push(Said::new(
                    Tone::Dim,
                    format!("In Bitbucket: {}", k.user_bitbucket),
                ));
                text.push(Said::new(
                    Tone::Dim,
                    format!("In {}: {}", service.called(), k.user_service),
                ));
            }
            text.push(Said::new(Tone::Dim, k.preferred.clone()));
            text.push(Said::blank());
        }
        text.push(Said::plain(service.summary.clone()));
        text.push(Said::blank());
        text.push(Said::new(
            Tone::Title,
            format!("What you will give {}:", service.called()),
        ));
        for p in &service.paste {
            let what = match p.value {
                PasteValue::CloneUrl => "the repository's SSH clone URL",
                PasteValue::PrivateKey => "the private key",
                PasteValue::SshHost => match self.flavor {
                    Flavor::Cloud => "ssh.bitbucket.org",
                    Flavor::DataCenter => "your Bitbucket server's SSH host name",
                },
                PasteValue::Derived => "made from the service's URL",
                PasteValue::ConsumerKey => "the OAuth consumer's key",
                PasteValue::ConsumerSecret => "the OAuth consumer's secret",
                PasteValue::AccessToken => "a repository access token",
                PasteValue::WebhookSecret => "made here, or the one your other repositories use",
            };
            text.push(
                Said::new(Tone::Value, format!(" • {}", p.label))
                    .then(Tone::Plain, format!(" ({what})")),
            );
            text.push(Said::new(Tone::Dim, format!("   {}", p.place)));
        }
        text.push(Said::blank());
        text.push(Said::new(
            Tone::Dim,
            match service.kind {
                Kind::SshAccessKey if self.user_key => {
                    "A user key goes on the Bitbucket account that reads the repositories (Personal settings → SSH keys): no admin rights on the repository needed."
                }
                Kind::SshAccessKey => {
                    "Adding an access key in Bitbucket needs admin rights on the repository."
                }
                Kind::OauthConsumer => {
                    "No SSH key: an OAuth consumer. Adding one needs admin rights on the workspace."
                }
                Kind::AccessTokenWebhook => {
                    "No SSH key: an access token and a webhook. Both need admin rights on the repository."
                }
            },
        ));
        text
    }
}

impl ServiceStep {
    /// The chosen service among `services`.
    pub fn chosen<'a>(&self, services: &'a [ServiceProfile]) -> Option<&'a ServiceProfile> {
        services.get(self.index)
    }

    /// Cloud or Data Center.
    pub fn flavor(&self) -> Flavor {
        self.flavor
    }

    /// The user chose a user key (for a service that asks).
    pub fn user_key(&self, services: &[ServiceProfile]) -> bool {
        self.user_key
            && self
                .chosen(services)
                .is_some_and(|s| s.key_choice.is_some())
    }

    /// Restores the key kind (a resumed run).
    pub(super) fn set_user_key(&mut self, user_key: bool) {
        self.user_key = user_key;
    }

    /// Sets the flavor (a clone URL said which it is).
    pub(super) fn set_flavor(&mut self, flavor: Flavor) {
        self.flavor = flavor;
    }

    /// Chooses the service with this id (a resumed run); unknown ids keep the choice.
    pub(super) fn choose_id(&mut self, services: &[ServiceProfile], id: &str) {
        if let Some(i) = services.iter().position(|s| s.id == id) {
            self.index = i;
        }
    }

    /// Handles an action on this step; a new service is reported in `out` (the key's default
    /// label follows it).
    pub(super) fn act(&mut self, action: Action, services: &[ServiceProfile], out: &mut Out) {
        match action {
            Action::FocusNext | Action::FocusPrev => {
                let asks = self
                    .chosen(services)
                    .is_some_and(|s| s.key_choice.is_some());
                let order: &[ServiceFocus] = if asks {
                    &[
                        ServiceFocus::Service,
                        ServiceFocus::Flavor,
                        ServiceFocus::KeyKind,
                    ]
                } else {
                    &[ServiceFocus::Service, ServiceFocus::Flavor]
                };
                let at = order.iter().position(|f| *f == self.focus).unwrap_or(0);
                let n = order.len();
                let next = if action == Action::FocusNext {
                    at + 1
                } else {
                    at + n - 1
                };
                self.focus = order[next % n];
            }
            // Each list's items are its rows: ↑/↓ choose, and stop at the ends.
            // ←/→ choose in a list drawn as a row (a narrow terminal) as ↑/↓ do in a column.
            Action::Up | Action::Down | Action::Left | Action::Right => {
                let down = matches!(action, Action::Down | Action::Right);
                match self.focus {
                    ServiceFocus::Service => {
                        let last = services.len().saturating_sub(1);
                        let index = if down {
                            (self.index + 1).min(last)
                        } else {
                            self.index.saturating_sub(1)
                        };
                        if index != self.index {
                            self.index = index;
                            out.service_changed = true;
                        }
                    }
                    ServiceFocus::Flavor => {
                        self.flavor = if down {
                            Flavor::DataCenter
                        } else {
                            Flavor::Cloud
                        };
                    }
                    ServiceFocus::KeyKind => {
                        if self.user_key != down {
                            self.user_key = down;
                            out.save = true;
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Option `n` of one of the lists (a chooser that is not the arrows).
    pub(super) fn choose(
        &mut self,
        list: List,
        n: usize,
        services: &[ServiceProfile],
        out: &mut Out,
    ) {
        match list {
            List::Service if n < services.len() => {
                self.focus = ServiceFocus::Service;
                if n != self.index {
                    self.index = n;
                    out.service_changed = true;
                }
            }
            List::Flavor => {
                self.focus = ServiceFocus::Flavor;
                self.flavor = if n == 0 {
                    Flavor::Cloud
                } else {
                    Flavor::DataCenter
                };
            }
            List::KeyKind
                if self
                    .chosen(services)
                    .is_some_and(|s| s.key_choice.is_some()) =>
            {
                self.focus = ServiceFocus::KeyKind;
                self.user_key = n == 1;
                out.save = true;
            }
            _ => {}
        }
    }

    /// What the screen shows.
    pub fn view<'a>(&self, services: &'a [ServiceProfile]) -> ServiceView<'a> {
        ServiceView {
            services,
            chosen: self.index,
            flavor: self.flavor,
            focus: self.focus,
            user_key: self.user_key(services),
        }
    }
}

impl Default for ServiceStep {
    fn default() -> Self {
        Self {
            index: 0,
            flavor: Flavor::Cloud,
            focus: ServiceFocus::Service,
            user_key: false,
        }
    }
}

/// The service step as a unit.
pub(super) struct Service;

impl Unit for Service {
    fn page(&self, w: &Wizard) -> Page {
        let v = w.service_view();
        let Some(chosen) = v.services.get(v.chosen) else {
            return Page::default();
        };
        let mut status = vec![
            format!("Service: {}", chosen.name),
            format!("Repository on: {}", v.flavor.name()),
        ];
        let mut choices = vec![Choice::new(
            format!("Choose another service (now {})", chosen.name),
            Do::Pick(Pick {
                question: "Which service will read the repository?".into(),
                options: v.services.iter().map(|s| s.name.clone()).collect(),
                chosen: v.chosen,
                list: List::Service,
            }),
        )];
        let other = match v.flavor {
            Flavor::Cloud => (Flavor::DataCenter, 1),
            Flavor::DataCenter => (Flavor::Cloud, 0),
        };
        choices.push(Choice::new(
            format!("The repository is on {} instead", other.0.name()),
            Do::Choose(List::Flavor, other.1),
        ));
        status.extend(super::page::plain_lines(&v.details()));
        if let Some(k) = &chosen.key_choice {
            choices.push(Choice::new(
                format!(
                    "Choose the kind of key (now {})",
                    if v.user_key {
                        "a user key"
                    } else {
                        "an access key"
                    }
                ),
                Do::Pick(Pick {
                    question: k.question.clone(),
                    options: vec![k.access.clone(), k.user.clone()],
                    chosen: usize::from(v.user_key),
                    list: List::KeyKind,
                }),
            ));
        }
        Page {
            status,
            choices,
            ..Page::default()
        }
    }

    fn keys(&self, _w: &Wizard) -> Keys {
        (CONTEXT, None, Vec::new())
    }

    fn done(&self, w: &Wizard) -> bool {
        w.step > Step::Service || w.key.ready().is_some() || w.address.base().is_some()
    }

    fn arrows(&self, _w: &Wizard) -> bool {
        true
    }

    fn act(&self, w: &mut Wizard, action: Action, out: &mut Out) {
        if action == Action::Next {
            out.onward = true;
        } else {
            w.service.act(action, &w.services, out);
        }
    }

    fn choose(&self, w: &mut Wizard, list: List, n: usize, out: &mut Out) {
        w.service.choose(list, n, &w.services, out);
    }
}

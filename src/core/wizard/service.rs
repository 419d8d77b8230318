//! Step 1, Service: which service reads the repository and which Bitbucket hosts it. Owns the
//! choice and the list focus; the flavor may also be settled later by a clone URL.

use crate::core::key::{Action, Context};
use crate::core::service::{Flavor, ServiceProfile};

use super::Out;

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

impl ServiceStep {
    /// The first service, Bitbucket Cloud, the service list focused.
    pub fn new() -> Self {
        Self {
            index: 0,
            flavor: Flavor::Cloud,
            focus: ServiceFocus::Service,
            user_key: false,
        }
    }

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
            Action::Up | Action::Down => match self.focus {
                ServiceFocus::Service => {
                    let n = services.len().max(1);
                    self.index = if action == Action::Down {
                        (self.index + 1) % n
                    } else {
                        (self.index + n - 1) % n
                    };
                    out.service_changed = true;
                }
                ServiceFocus::Flavor => {
                    self.flavor = match self.flavor {
                        Flavor::Cloud => Flavor::DataCenter,
                        Flavor::DataCenter => Flavor::Cloud,
                    };
                }
                ServiceFocus::KeyKind => {
                    self.user_key = !self.user_key;
                    out.save = true;
                }
            },
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
        Self::new()
    }
}

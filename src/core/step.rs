//! The wizard's steps: their order, names (for `--screen` and the progress file), titles and
//! numbers. A leaf: it imports nothing, so the key vocabulary and the wizard can both use it.
//!
//! Each kind of service walks a [`Route`] over these steps (`core::service::Kind::route`), which
//! numbers them. Adding a step: a variant here (in `ALL`), its place in a route, a module in
//! `core/wizard/` named after the variant that owns its state and implements its unit (listed
//! in `unit::of`), its look (the core's form, or a screen in `ui/screens/` where a layout of its
//! own pays), its key table in `ui/keymap.rs`, and its tests and snapshots.

/// A screen of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// What will happen; resume or start.
    Welcome,
    /// Which service, which Bitbucket.
    Service,
    /// Generate a key pair or pick an existing key.
    KeyPair,
    /// The public key: copy it, and where it goes in Bitbucket.
    PublicKey,
    /// The repository's clone URL: understood, repaired, and the SSH URL for the service.
    CloneUrl,
    /// The private key exactly as it will be pasted into the service: checked and repaired.
    PrivateKey,
    /// The connection tested as the service will make it.
    Test,
    /// The service's own URL, and the values made from it (OAuth and webhook services).
    ServiceUrl,
    /// The OAuth consumer: where to create it, its permissions, its key and secret checked.
    OauthConsumer,
    /// The repository access token: how to create it, checked.
    AccessToken,
    /// The webhook and its secret, created through the API.
    Webhook,
    /// What is set up, what is left to do in the service, and how to check it.
    Done,
}

impl Step {
    /// Every step in order.
    pub const ALL: [Step; 12] = [
        Step::Welcome,
        Step::Service,
        Step::KeyPair,
        Step::PublicKey,
        Step::CloneUrl,
        Step::PrivateKey,
        Step::Test,
        Step::ServiceUrl,
        Step::OauthConsumer,
        Step::AccessToken,
        Step::Webhook,
        Step::Done,
    ];

    /// The name used by `--screen` and in the state file.
    pub fn name(self) -> &'static str {
        match self {
            Step::Welcome => "welcome",
            Step::Service => "service",
            Step::KeyPair => "key",
            Step::PublicKey => "public-key",
            Step::CloneUrl => "clone-url",
            Step::PrivateKey => "private-key",
            Step::Test => "test",
            Step::ServiceUrl => "service-url",
            Step::OauthConsumer => "oauth-consumer",
            Step::AccessToken => "access-token",
            Step::Webhook => "webhook",
            Step::Done => "done",
        }
    }

    /// Looks a step up by its `--screen` name.
    pub fn from_name(name: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The title in the header.
    pub fn title(self) -> &'static str {
        match self {
            Step::Welcome => "Welcome",
            Step::Service => "Service",
            Step::KeyPair => "Key pair",
            Step::PublicKey => "Public key",
            Step::CloneUrl => "Clone URL",
            Step::PrivateKey => "Private key",
            Step::Test => "Test connection",
            Step::ServiceUrl => "Service URL",
            Step::OauthConsumer => "OAuth consumer",
            Step::AccessToken => "Access token",
            Step::Webhook => "Webhook",
            Step::Done => "Done",
        }
    }

    /// The step's number on the SSH route (the steps that only it has keep it everywhere);
    /// 0 for the welcome screen. Other routes number with [`Route::number`].
    pub fn number(self) -> u8 {
        match self {
            Step::Welcome => 0,
            Step::Service => 1,
            Step::KeyPair | Step::ServiceUrl => 2,
            Step::PublicKey | Step::OauthConsumer | Step::AccessToken => 3,
            Step::CloneUrl | Step::Webhook => 4,
            Step::PrivateKey => 5,
            Step::Test => 6,
            Step::Done => 7,
        }
    }
}

/// The steps one kind of service walks, in order (the welcome screen first, as step 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route(&'static [Step]);

impl Route {
    /// A route over these steps.
    pub const fn new(steps: &'static [Step]) -> Self {
        Self(steps)
    }

    /// Every step of the route.
    pub fn steps(self) -> &'static [Step] {
        self.0
    }

    /// The numbered steps ("Step n of N"): all but the welcome screen.
    pub fn numbered(self) -> &'static [Step] {
        self.0.get(1..).unwrap_or_default()
    }

    /// How a shell heads `step`: its title, after `Step n of N` and `between` when it is
    /// numbered.
    pub fn heading(self, step: Step, between: &str) -> String {
        match self.number(step) {
            0 => step.title().to_string(),
            n => format!(
                "Step {n} of {}{between}{}",
                self.numbered().len(),
                step.title()
            ),
        }
    }

    /// Whether the route walks `step`.
    pub fn has(self, step: Step) -> bool {
        self.0.contains(&step)
    }

    /// `step`'s number on this route (its nearest one for a step the route does not walk).
    pub fn number(self, step: Step) -> u8 {
        let at = self
            .0
            .iter()
            .position(|s| *s == step)
            .unwrap_or_else(|| self.0.iter().take_while(|s| **s < step).count());
        u8::try_from(at).unwrap_or(u8::MAX)
    }

    /// The step with this number (jump keys).
    pub fn by_number(self, n: u8) -> Option<Step> {
        self.0.get(usize::from(n)).copied()
    }

    /// The step before `step`.
    pub fn prev(self, step: Step) -> Option<Step> {
        self.number(step)
            .checked_sub(1)
            .and_then(|n| self.by_number(n))
    }

    /// The step after `step`.
    pub fn next(self, step: Step) -> Option<Step> {
        let n = self.number(step);
        let n = if self.has(step) { n + 1 } else { n };
        self.by_number(n)
    }
}

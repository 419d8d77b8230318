//! The wizard's steps: their order, names (for `--screen` and the progress file), titles and
//! numbers. A leaf: it imports nothing, so the key vocabulary and the wizard can both use it.
//!
//! Adding a step: a variant here (in `ALL`, and in `NUMBERED` when it has a number), a module in
//! `core/wizard/` owning its state, a screen in `ui/screens/`, its key table in `ui/keymap.rs`,
//! and its tests and snapshots.

/// A screen of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// What will happen; resume or start.
    Welcome,
    /// Which service, which Bitbucket.
    Service,
    /// Generate a key pair or pick an existing key.
    Key,
    /// The public key: copy it, and where it goes in Bitbucket.
    PublicKey,
    /// The repository's clone URL: understood, repaired, and the SSH URL for the service.
    CloneUrl,
    /// The private key exactly as it will be pasted into the service: checked and repaired.
    PrivateKey,
    /// The connection tested as the service will make it.
    Test,
    /// What is set up, what is left to do in the service, and how to check it.
    Done,
}

impl Step {
    /// Every step in order.
    pub const ALL: [Step; 8] = [
        Step::Welcome,
        Step::Service,
        Step::Key,
        Step::PublicKey,
        Step::CloneUrl,
        Step::PrivateKey,
        Step::Test,
        Step::Done,
    ];
    /// The numbered steps ("Step n of N"): all but the welcome screen, which is step 0.
    pub const NUMBERED: &[Step] = Self::ALL.split_at(1).1;

    /// The name used by `--screen` and in the state file.
    pub fn name(self) -> &'static str {
        match self {
            Step::Welcome => "welcome",
            Step::Service => "service",
            Step::Key => "key",
            Step::PublicKey => "public-key",
            Step::CloneUrl => "clone-url",
            Step::PrivateKey => "private-key",
            Step::Test => "test",
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
            Step::Key => "Key pair",
            Step::PublicKey => "Public key",
            Step::CloneUrl => "Clone URL",
            Step::PrivateKey => "Private key",
            Step::Test => "Test connection",
            Step::Done => "Done",
        }
    }

    /// 0 for the welcome screen, then 1..=N.
    pub fn number(self) -> u8 {
        match self {
            Step::Welcome => 0,
            Step::Service => 1,
            Step::Key => 2,
            Step::PublicKey => 3,
            Step::CloneUrl => 4,
            Step::PrivateKey => 5,
            Step::Test => 6,
            Step::Done => 7,
        }
    }

    /// The step with this number (jump keys).
    pub fn by_number(n: u8) -> Option<Step> {
        Self::ALL.into_iter().find(|s| s.number() == n)
    }

    /// The step before this one.
    pub fn prev(self) -> Option<Step> {
        self.number().checked_sub(1).and_then(Step::by_number)
    }

    /// The step after this one.
    pub fn next(self) -> Option<Step> {
        Step::by_number(self.number() + 1)
    }
}

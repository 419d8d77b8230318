//! What the clone URL analysis finds, with the details each message needs (the messages
//! themselves are in `problems`).

/// Which `:`/`/` mix-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ColonSlash {
    /// `git@host/ws/repo`.
    SlashForColon,
    /// `ssh://git@host:ws/repo`.
    ColonForSlash,
    /// `git@host:/ws/repo`.
    LeadingSlash,
    /// `git@host:7999/PROJECT/repo`.
    PortInScp,
}

/// What was found, with the details its message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Finding {
    Empty {
        command: bool,
    },
    Command {
        ignored: Vec<String>,
    },
    Https {
        data_center: bool,
    },
    Browser {
        api: bool,
    },
    ExtraPath {
        scm: bool,
    },
    NotARepositoryPage,
    Legacy {
        alt: bool,
    },
    Typo {
        host: String,
        right: &'static str,
    },
    ColonSlash(ColonSlash),
    MissingWorkspace {
        data_center: bool,
    },
    MissingRepo {
        owner: String,
    },
    Invalid {
        what: &'static str,
        value: String,
        rule: &'static str,
    },
    Credentials,
    Unsafe {
        what: &'static str,
    },
    Transport {
        name: String,
        runs_a_program: bool,
    },
    NotBitbucket {
        name: &'static str,
    },
    WrongUser {
        user: Option<String>,
        data_center: bool,
    },
    WrongPort {
        port: u16,
    },
    UnsupportedScheme {
        scheme: String,
    },
    MissingHost,
    Unrecognised {
        too_long: bool,
    },
    KeyPasted,
    Invisible {
        names: String,
    },
    MoreLines,
    Lookalike {
        host: String,
    },
}

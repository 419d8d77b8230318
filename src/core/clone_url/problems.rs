//! What the clone URL analysis finds, with the details each message needs, and the messages.
//! A finding carries what the message needs; the message is written once the SSH URL to suggest
//! is known. Messages are UI-neutral (the
//! wizard and the command line add their own "press Enter" or "use --json").

use serde::Serialize;

use super::servers::{CLOUD_SSH_HOST, CLOUD_WEB_HOST};
use crate::core::problem::Severity;

/// Stable problem ids; see README for the list.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum ProblemId {
    EmptyInput,
    CloneCommandPasted,
    HttpsUrl,
    BrowserUrl,
    LegacySshHost,
    HostTypo,
    ColonSlashConfused,
    MissingWorkspace,
    MissingRepo,
    InvalidCharacters,
    EmbeddedCredentials,
    UnsafeUrl,
    NotBitbucket,
    WrongSshUser,
    WrongPort,
    UnsupportedScheme,
    MissingHost,
    Unrecognised,
    InvisibleCharacters,
    ExtraLines,
    LookalikeHost,
}

/// One finding of the clone URL check.
pub type Problem = crate::core::problem::Problem<ProblemId>;

const CLONE_DIALOG: &str =
    "In Bitbucket open the repository, click Clone, choose SSH and copy the URL shown.";

impl Finding {
    /// The problem, given the SSH URL bblink suggests and the input as shown (redacted).
    #[allow(clippy::too_many_lines)] // a table: one arm per finding
    pub(super) fn problem(&self, ssh_url: Option<&str>, shown: &str) -> Problem {
        use Severity::{Error, Warning};
        // "Use <the SSH URL>." and what else to do; without a URL, where to find it.
        let use_it = |then: &str| match ssh_url {
            Some(url) if then.is_empty() => format!("Use {url}."),
            Some(url) => format!("Use {url}. {then}"),
            None => CLONE_DIALOG.to_string(),
        };
        let (id, severity, message, fix) = match self {
            Finding::Empty { command: false } => (
                ProblemId::EmptyInput,
                Error,
                "Nothing was pasted.".to_string(),
                format!("Paste the repository's SSH clone URL. {CLONE_DIALOG}"),
            ),
            Finding::Empty { command: true } => (
                ProblemId::EmptyInput,
                Error,
                "The git clone command has no URL in it.".to_string(),
                format!("Paste the repository's SSH clone URL. {CLONE_DIALOG}"),
            ),
            Finding::Command { ignored } => {
                let rest = if ignored.is_empty() {
                    String::new()
                } else {
                    format!(" and left out {}", ignored.join(", "))
                };
                (
                    ProblemId::CloneCommandPasted,
                    Warning,
                    format!("A whole git clone command was pasted; bblink kept only its URL{rest}."),
                    "Give the service only the URL, never the command.".to_string(),
                )
            }
            Finding::Https { data_center } => (
                ProblemId::HttpsUrl,
                Error,
                "This is an HTTPS clone URL; the service connects over SSH with the key, so it needs the SSH URL.".to_string(),
                match (ssh_url, data_center) {
                    (Some(_), true) => use_it(
                        "7999 is Data Center's default SSH port; if your administrator changed it, copy the URL from Clone → SSH instead.",
                    ),
                    (Some(_), false) => use_it("In Bitbucket: Clone, then SSH instead of HTTPS."),
                    (None, _) => format!("Copy the SSH URL instead. {CLONE_DIALOG}"),
                },
            ),
            Finding::Browser { api } => (
                ProblemId::BrowserUrl,
                Error,
                if *api {
                    "This is a REST API address, not a clone URL."
                } else {
                    "This is the address of a page in Bitbucket (the browser's address bar), not a clone URL."
                }
                .to_string(),
                use_it("Bitbucket shows it under Clone → SSH."),
            ),
            Finding::ExtraPath { scm: false } => (
                ProblemId::BrowserUrl,
                Error,
                "The URL goes on after the repository name; a clone URL ends with the repository.".to_string(),
                use_it(""),
            ),
            Finding::ExtraPath { scm: true } => (
                ProblemId::BrowserUrl,
                Error,
                "/scm/ belongs to HTTPS clone URLs; an SSH URL starts with the project key.".to_string(),
                use_it(""),
            ),
            Finding::NotARepositoryPage => (
                ProblemId::BrowserUrl,
                Error,
                "This is a Bitbucket page, not a repository.".to_string(),
                CLONE_DIALOG.to_string(),
            ),
            Finding::Legacy { alt: false } => (
                ProblemId::LegacySshHost,
                Error,
                format!(
                    "Since November 12, 2026 Bitbucket Cloud accepts SSH only at {CLOUD_SSH_HOST}; {CLOUD_WEB_HOST} serves HTTPS (web and API) only, so this URL no longer connects."
                ),
                match ssh_url {
                    Some(url) => format!(
                        "Use {url}. Update copies elsewhere too (git remote set-url origin {url})."
                    ),
                    None => CLONE_DIALOG.to_string(),
                },
            ),
            Finding::Legacy { alt: true } => (
                ProblemId::LegacySshHost,
                Error,
                format!(
                    "altssh.bitbucket.org (SSH on port 443) belonged to the SSH service that moved to {CLOUD_SSH_HOST} on November 12, 2026; Atlassian's announcement does not name it, so bblink cannot confirm that it still works."
                ),
                use_it(
                    "If your network blocks port 22, ask Atlassian support whether SSH on port 443 is still offered.",
                ),
            ),
            Finding::Typo { host, right } => (
                ProblemId::HostTypo,
                Error,
                if host == "bitbucket.com" {
                    format!(
                        "bitbucket.com is not Bitbucket Cloud (some guides misprint it): Cloud is {CLOUD_WEB_HOST}, and its SSH host is {CLOUD_SSH_HOST}."
                    )
                } else {
                    format!("'{host}' is not Bitbucket's address; did you mean {right}?")
                },
                use_it(""),
            ),
            Finding::ColonSlash(kind) => (
                ProblemId::ColonSlashConfused,
                Error,
                match kind {
                    ColonSlash::SlashForColon => "A '/' stands where the ':' belongs: the short SSH form is git@host:workspace/repo.git.",
                    ColonSlash::ColonForSlash => "A ':' stands where a '/' belongs: in an ssh:// URL a ':' after the host starts a port number.",
                    ColonSlash::LeadingSlash => "The ':' is followed by a '/', which makes the path start at the server's root.",
                    ColonSlash::PortInScp => "A port number cannot follow the ':' of the short SSH form; a port needs the ssh:// form.",
                }
                .to_string(),
                use_it(""),
            ),
            Finding::MissingWorkspace { data_center } => (
                ProblemId::MissingWorkspace,
                Error,
                if *data_center {
                    "The URL names no project: Data Center URLs name the project key, then the repository (PROJECT/repo)."
                } else {
                    "The URL names no workspace: Bitbucket Cloud URLs name the workspace, then the repository (workspace/repo)."
                }
                .to_string(),
                format!("Copy the whole URL. {CLONE_DIALOG}"),
            ),
            Finding::MissingRepo { owner } => (
                ProblemId::MissingRepo,
                Error,
                format!("The URL names '{owner}' but no repository."),
                format!("Copy the URL of the repository itself. {CLONE_DIALOG}"),
            ),
            Finding::Invalid { what, value, rule } => (
                ProblemId::InvalidCharacters,
                Error,
                format!("The {what} '{value}' is not valid: {rule}."),
                format!("Check it against Bitbucket. {CLONE_DIALOG}"),
            ),
            Finding::Credentials => (
                ProblemId::EmbeddedCredentials,
                Error,
                format!(
                    "The URL contains a password or token ({shown}); it is exposed wherever this URL was saved or shown."
                ),
                "Revoke it in Bitbucket (Personal settings → API tokens, or Repository settings → Access tokens) and never put one in a URL; the SSH URL needs none.".to_string(),           ),
            Finding::Unsafe { what } => (
                ProblemId::UnsafeUrl,
                Error,
                format!(
                    "The {what} starts with '-', so git or ssh would read it as an option (the attack behind CVE-2017-1000117); bblink refuses it."
                ),
                format!("Copy the URL from Bitbucket itself, not from a message or web page. {CLONE_DIALOG}"),
            ),
            Finding::Transport {
                name,
                runs_a_program: true,
            } => (
                ProblemId::UnsafeUrl,
                Error,
                format!(
                    "'{name}::' makes git run a program instead of connecting to a server; bblink refuses it."
                ),
                format!("Copy the URL from Bitbucket itself. {CLONE_DIALOG}"),
            ),
            Finding::Transport { name, .. } => (
                ProblemId::UnsupportedScheme,
                Error,
                format!("'{name}::' names a git remote helper, not a Bitbucket URL."),
                CLONE_DIALOG.to_string(),
            ),
            Finding::NotBitbucket { name } => (
                ProblemId::NotBitbucket,
                Error,
                format!("This is a {name} URL, not a Bitbucket one."),
                format!("bblink connects Bitbucket repositories: paste the Bitbucket repository's URL. {CLONE_DIALOG}"),
            ),
            Finding::WrongUser { user, data_center } => (
                ProblemId::WrongSshUser,
                if *data_center { Warning } else { Error },
                match user {
                    None => "The URL has no user: ssh would log in with your local user name, and Bitbucket expects git.".to_string(),
                    Some(u) => format!("The user is '{u}', but Bitbucket's SSH user is always git (the key tells Bitbucket who you are)."),
                },
                use_it(""),
            ),
            Finding::WrongPort { port } => (
                ProblemId::WrongPort,
                Error,
                if *port == 7999 {
                    format!("{CLOUD_SSH_HOST} listens on port 22, not 7999 (Data Center's default).")
                } else {
                    format!("{CLOUD_SSH_HOST} listens on port 22, not {port}.")
                },
                use_it(""),
            ),
            Finding::UnsupportedScheme { scheme } => (
                ProblemId::UnsupportedScheme,
                Error,
                if scheme == "git" {
                    "git:// is git's unauthenticated protocol, which Bitbucket does not serve.".to_string()
                } else {
                    format!("'{scheme}://' is not a way to clone from Bitbucket; the service needs an SSH URL.")
                },
                use_it(""),
            ),
            Finding::MissingHost => (
                ProblemId::MissingHost,
                Error,
                "This looks like workspace/repository without the server's address.".to_string(),
                match ssh_url {
                    Some(url) => format!("On Bitbucket Cloud the SSH URL is {url}; for Data Center, copy it from Clone → SSH."),
                    None => CLONE_DIALOG.to_string(),
                },
            ),
            Finding::Unrecognised { too_long } => (
                ProblemId::Unrecognised,
                Error,
                if *too_long {
                    "This is far too long for a clone URL."
                } else {
                    "This is not a clone URL bblink recognises."
                }
                .to_string(),
                format!("{CLONE_DIALOG} It looks like git@{CLOUD_SSH_HOST}:workspace/repo.git."),
            ),
            Finding::Invisible { names } => (
                ProblemId::InvisibleCharacters,
                Warning,
                format!("The paste held characters nobody can see ({names}); bblink removed them."),
                "Give the service the URL as bblink shows it, not the original: the service would receive those characters too.".to_string(),
            ),
            Finding::Lookalike { host } => (
                ProblemId::LookalikeHost,
                Warning,
                format!(
                    "'{host}' begins with Bitbucket Cloud's address but is another server: the last part of a host name decides whose it is."
                ),
                format!(
                    "Make sure this is your company's Bitbucket, not a look-alike. Bitbucket Cloud's SSH host is {CLOUD_SSH_HOST} exactly."
                ),
            ),
            Finding::MoreLines => (
                ProblemId::ExtraLines,
                Severity::Info,
                "Only the first line was read: a clone URL is one line.".to_string(),
                String::new(),
            ),
            Finding::KeyPasted => (
                ProblemId::Unrecognised,
                Error,
                "This is a key, not a URL.".to_string(),
                format!(
                    "The public key goes into Bitbucket and the private key into the service's key field. {CLONE_DIALOG}"
                ),
            ),
        };
        Problem {
            id,
            severity,
            message,
            fix,
            alias: None,
        }
    }
}

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

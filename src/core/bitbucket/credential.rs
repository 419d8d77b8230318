//! The credential for the API, and what kind of token it is. Bitbucket Cloud adds access keys
//! only for a user: an Atlassian API token with the account's email (Basic auth). Repository,
//! project and workspace access tokens (Bearer) may list keys but never add or remove them;
//! app passwords are gone. Data Center takes an HTTP access token as a Bearer token. Atlassian
//! documents the Cloud token prefixes: `ATAT` API tokens, `ATCT` access tokens, `ATBB` app
//! passwords.

use serde::Serialize;

use crate::core::secret::Secret;

use super::failure::{ApiFailure, ApiFindingId, Operation};
use super::target::ApiFlavor;

/// The scopes an Atlassian API token needs for each operation, as Atlassian's `OpenAPI` document
/// lists them (`x-atlassian-oauth2-scopes`; facts §4.7): a `write:` scope does not include
/// `read:`, and adding or removing an access key needs an `ssh-key` scope besides
/// `admin:repository`.
pub fn api_token_scopes(op: Operation) -> &'static [&'static str] {
    match op {
        Operation::Repository => &["read:repository:bitbucket"],
        Operation::List => &["admin:repository:bitbucket"],
        Operation::Add => &["admin:repository:bitbucket", "write:ssh-key:bitbucket"],
        Operation::Remove => &["admin:repository:bitbucket", "delete:ssh-key:bitbucket"],
        Operation::Rotate => &[
            "admin:repository:bitbucket",
            "write:ssh-key:bitbucket",
            "delete:ssh-key:bitbucket",
        ],
        Operation::Webhook => &["read:webhook:bitbucket", "write:webhook:bitbucket"],
    }
}

/// The scopes of every operation a task runs (adding reads the list first; rotating lists,
/// adds and removes), each once, as a sentence's list: `admin:repository:bitbucket and
/// write:ssh-key:bitbucket`.
pub fn api_token_scope_list(ops: &[Operation]) -> String {
    let mut all: Vec<&str> = Vec::new();
    for op in ops {
        for s in api_token_scopes(*op) {
            if !all.contains(s) {
                all.push(s);
            }
        }
    }
    match all.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The operations a task runs, for the scopes its token needs.
pub fn operations_of(op: Operation) -> &'static [Operation] {
    match op {
        // Adding first reads the list (the key may be there already) and reads it back.
        Operation::Add => &[Operation::List, Operation::Add],
        Operation::Remove => &[Operation::List, Operation::Remove],
        Operation::Rotate => &[Operation::List, Operation::Add, Operation::Remove],
        Operation::List => &[Operation::List],
        Operation::Repository => &[Operation::Repository],
        Operation::Webhook => &[Operation::Webhook],
    }
}

/// A credential: a token, with the account's email for Basic auth.
#[derive(Debug, Clone)]
pub struct Credential {
    /// The Atlassian account email (Cloud API tokens); none sends the token as a Bearer token.
    pub email: Option<String>,
    /// The token.
    pub token: Secret,
}

/// What a token is, by its documented prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// An Atlassian API token (`ATAT…`).
    ApiToken,
    /// A repository, project or workspace access token (`ATCT…`).
    AccessToken,
    /// An app password (`ATBB…`), no longer accepted.
    AppPassword,
    /// Anything else (a Data Center HTTP access token, an older token).
    Other,
}

impl TokenKind {
    /// The kind of `token`.
    pub fn of(token: &str) -> TokenKind {
        if token.starts_with("ATAT") {
            TokenKind::ApiToken
        } else if token.starts_with("ATCT") {
            TokenKind::AccessToken
        } else if token.starts_with("ATBB") {
            TokenKind::AppPassword
        } else {
            TokenKind::Other
        }
    }
}

impl Credential {
    /// Sent as `Authorization: Bearer` (no email).
    pub fn bearer(&self) -> bool {
        self.email.is_none()
    }

    /// The user name for Basic auth on `flavor`: the email, for a Cloud token that is not an
    /// access token (access tokens and Data Center HTTP tokens are Bearer tokens, whatever
    /// email the environment holds).
    pub fn basic_user(&self, flavor: ApiFlavor) -> Option<&str> {
        let access = TokenKind::of(self.token.expose().trim()) == TokenKind::AccessToken;
        self.email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty() && flavor == ApiFlavor::Cloud && !access)
    }

    /// This credential as it is sent on `flavor`: without an email that would not be used.
    #[must_use]
    pub fn for_flavor(mut self, flavor: ApiFlavor) -> Self {
        self.email = self.basic_user(flavor).map(str::to_string);
        self.token = Secret::new(self.token.expose().trim().to_string());
        self
    }

    /// Why this credential cannot do `op` on `flavor`, known before any request is sent.
    pub fn refuse(&self, flavor: ApiFlavor, op: Operation) -> Option<ApiFailure> {
        let token = self.token.expose().trim();
        let fail = |message: &str, fix: &str| {
            Some(ApiFailure::new(
                ApiFindingId::ApiCredentialInvalid,
                message.to_string(),
                fix.to_string(),
            ))
        };
        if token.is_empty() {
            return fail(
                "no token was given",
                "Give the token: in the Token field, or for the command line in BBLINK_BITBUCKET_TOKEN, on standard input, or at the prompt.",
            );
        }
        if token.chars().any(|c| c.is_control() || c == ' ') {
            return fail(
                "the token holds spaces or control characters: it was not copied whole",
                "Copy the token again from the page that showed it (it is shown once; create a new one if it is gone).",
            );
        }
        if flavor == ApiFlavor::DataCenter {
            return None;
        }
        match (TokenKind::of(token), self.bearer()) {
            (TokenKind::AppPassword, _) => fail(
                "this is a Bitbucket app password: app passwords were removed from Bitbucket Cloud in 2026 and no longer work",
                &format!(
                    "Create an Atlassian API token with scopes (app Bitbucket: {}) and use it with your account email.",
                    api_token_scope_list(operations_of(op))
                ),
            ),
            (TokenKind::AccessToken, _) if op.changes_keys() => fail(
                "this is a repository, project or workspace access token: Bitbucket does not let access tokens add or remove access keys",
                &format!(
                    "Use your Atlassian account email and an API token with {} (or add the key by hand in Repository settings → Access keys).",
                    api_token_scope_list(operations_of(op))
                ),
            ),
            (TokenKind::ApiToken, true) => fail(
                "an Atlassian API token needs your account email: it is sent with Basic auth, not as a Bearer token",
                "Give your Atlassian account email too (BBLINK_BITBUCKET_EMAIL, or the email field).",
            ),
            (TokenKind::Other, true) if op.changes_keys() => fail(
                "a token without an email is sent as a Bearer token, and Bitbucket Cloud does not let access tokens add or remove access keys",
                &format!(
                    "Use your Atlassian account email and an API token with {}.",
                    api_token_scope_list(operations_of(op))
                ),
            ),
            _ => None,
        }
    }
}

/// An API token or app password where a repository access token is expected (Cloud): a
/// different thing, said plainly.
pub fn not_an_access_token(
    token: &crate::core::secret::Secret,
    flavor: super::ApiFlavor,
) -> Option<super::ApiFailure> {
    if flavor == super::ApiFlavor::DataCenter {
        return None;
    }
    let (message, fix) = match TokenKind::of(token.expose().trim()) {
        TokenKind::ApiToken => (
            "this is an Atlassian API token (a user's), not a repository access token: it works as a password with your email, and would give the service your account's reach",
            "Create a repository access token: Repository settings → Security → Access tokens → Create, with Repositories: Read and Webhooks: Read and write.",
        ),
        TokenKind::AppPassword => (
            "this is an app password: app passwords were removed from Bitbucket Cloud in 2026",
            "Create a repository access token: Repository settings → Security → Access tokens → Create.",
        ),
        _ => return None,
    };
    Some(super::ApiFailure::new(
        super::ApiFindingId::ApiCredentialInvalid,
        message.into(),
        fix.into(),
    ))
}

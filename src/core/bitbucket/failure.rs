//! What went wrong with an API call, as a finding: an id from the troubleshooting catalog, a
//! message saying what Bitbucket answered (never a raw body, never the credential) and the fix.

use serde::Serialize;

use crate::core::display::{shortened, terminal_safe};
use crate::core::redact;

use super::credential::{api_token_scope_list, operations_of};
use super::target::{ApiFlavor, ApiTarget};

/// What was being done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// Reading the repository.
    Repository,
    /// Listing access keys.
    List,
    /// Adding one.
    Add,
    /// Removing one.
    Remove,
    /// Replacing one: listing, adding and removing.
    Rotate,
    /// Creating or updating a webhook.
    Webhook,
}

impl Operation {
    /// Whether it changes the repository's keys (what access tokens may not do on Cloud).
    pub fn changes_keys(self) -> bool {
        matches!(self, Operation::Add | Operation::Remove | Operation::Rotate)
    }

    fn doing(self) -> &'static str {
        match self {
            Operation::Repository => "reading the repository",
            Operation::List => "listing access keys",
            Operation::Add => "adding the access key",
            Operation::Remove => "removing the access key",
            Operation::Rotate => "rotating the access key",
            Operation::Webhook => "saving the webhook",
        }
    }
}

/// The findings of the API client (ids of the troubleshooting catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum ApiFindingId {
    /// The credential is wrong, expired, of the wrong kind, or has no Bitbucket scopes.
    ApiCredentialInvalid,
    /// The credential lacks a scope or permission the call needs.
    ApiScopeMissing,
    /// Bitbucket asked to slow down, and kept asking.
    ApiRateLimited,
    /// The TLS connection could not be verified.
    ApiTlsFailed,
    /// The API could not be reached (DNS, refused, no answer in time).
    ApiUnreachable,
    /// The server failed, or answered something that is not Bitbucket's API.
    ApiServerError,
    /// Bitbucket refused the key text.
    ApiKeyRejected,
    /// No access key with that id or fingerprint.
    AccessKeyNotFound,
    /// The key is an account key or another repository's key.
    KeyAlreadyInUse,
    /// The repository does not exist or is not visible to this credential.
    RepoNotFound,
    /// A webhook's value breaks what Bitbucket's API accepts (caught before sending).
    WebhookValueInvalid,
    /// The token's scopes cannot be read: what harmless requests proved is said, the rest is
    /// unconfirmed.
    ApiScopesUnconfirmed,
}

impl ApiFindingId {
    /// The id as the catalog and JSON spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiFindingId::ApiCredentialInvalid => "api_credential_invalid",
            ApiFindingId::ApiScopeMissing => "api_scope_missing",
            ApiFindingId::ApiRateLimited => "api_rate_limited",
            ApiFindingId::ApiTlsFailed => "api_tls_failed",
            ApiFindingId::ApiUnreachable => "api_unreachable",
            ApiFindingId::ApiServerError => "api_server_error",
            ApiFindingId::ApiKeyRejected => "api_key_rejected",
            ApiFindingId::AccessKeyNotFound => "access_key_not_found",
            ApiFindingId::KeyAlreadyInUse => "key_already_in_use",
            ApiFindingId::RepoNotFound => "repo_not_found",
            ApiFindingId::WebhookValueInvalid => "webhook_value_invalid",
            ApiFindingId::ApiScopesUnconfirmed => "api_scopes_unconfirmed",
        }
    }
}

/// A failed call, diagnosed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiFailure {
    /// The finding's id.
    pub id: ApiFindingId,
    /// What happened.
    pub message: String,
    /// What to do.
    pub fix: String,
    /// The HTTP status, when there was an answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Scopes the call needs (Cloud names them in a 403).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// Scopes the credential has (a 403's `granted`, or the `x-oauth-scopes` header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted: Option<Vec<String>>,
}

impl ApiFailure {
    /// A finding without an HTTP answer.
    pub fn new(id: ApiFindingId, message: String, fix: String) -> Self {
        Self {
            id,
            message,
            fix,
            status: None,
            required: Vec::new(),
            granted: None,
        }
    }

    /// Replaces every occurrence of `secret` in the texts (a server may echo what it was sent).
    pub fn scrub(&mut self, secret: &str) {
        self.scrub_with(&crate::core::scrub::Scrubber::new([secret]));
    }

    /// Hides every credential the scrubber knows, in any form, in the message and the fix.
    pub fn scrub_with(&mut self, scrubber: &crate::core::scrub::Scrubber) {
        self.message = scrubber.text(&self.message).into_owned();
        self.fix = scrubber.text(&self.fix).into_owned();
    }
}

/// An answer that is not a success.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The status.
    pub status: u16,
    /// The `x-oauth-scopes` header.
    pub scopes: Option<&'a str>,
    /// `Retry-After`, in seconds (no source documents it for Bitbucket; honoured when sent).
    pub retry_after: Option<u64>,
    /// The `X-RateLimit-*` headers as they came (`X-RateLimit-Limit: 1000, …`), when sent.
    pub rate_limit: Option<&'a str>,
    /// The body, as text.
    pub body: &'a str,
}

/// Bitbucket's error text from a body: Cloud's `error.message` (+ `detail` when it is text)
/// and `fields`, Data Center's `errors[].message`, an old `{"key": [{"message"}]}` shape.
pub fn error_text(body: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    let mut push = |s: &serde_json::Value| {
        if let Some(t) = s.as_str().filter(|t| !t.trim().is_empty()) {
            parts.push(t.trim().to_string());
        }
    };
    if let Some(e) = v.get("error") {
        if let Some(m) = e.get("message") {
            push(m);
        } else {
            push(e);
        }
        if let Some(d) = e.get("detail") {
            push(d);
        }
        if let Some(fields) = e.get("fields").and_then(|f| f.as_object()) {
            fields
                .values()
                .flat_map(|l| l.as_array().into_iter().flatten())
                .for_each(&mut push);
        }
        push(
            v.get("error_description")
                .unwrap_or(&serde_json::Value::Null),
        );
    }
    for list in ["errors", "key"] {
        for item in v.get(list).and_then(|l| l.as_array()).into_iter().flatten() {
            push(item.get("message").unwrap_or(item));
        }
    }
    let text = parts.join(" — ");
    terminal_safe(&shortened(&redact::line(&text), 300)).into_owned()
}

fn strings(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(|l| l.as_array())
        .map(|l| {
            l.iter()
                .filter_map(|s| {
                    s.as_str()
                        .map(|s| terminal_safe(&shortened(s, 80)).into_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The scopes in an `x-oauth-scopes` header.
pub fn header_scopes(header: &str) -> Vec<String> {
    header
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| terminal_safe(s).into_owned())
        .collect()
}

/// Whether a refusal says the key is already an access key of this very repository (adding
/// it again is then a success).
pub fn already_here(answer: &Answer<'_>) -> bool {
    let text = error_text(answer.body).to_lowercase();
    (answer.status == 400 || answer.status == 409)
        && (text.contains("already added that access key to this repository")
            || text.contains("already registered this key as a deploy key for this repository")
            || text.contains("already provides access to this repository"))
}

/// Diagnoses an answer that is not a success.
pub fn classify(
    answer: &Answer<'_>,
    op: Operation,
    target: &ApiTarget,
    bearer: bool,
) -> ApiFailure {
    let said = error_text(answer.body);
    let lower = said.to_lowercase();
    let quoted = if said.is_empty() {
        String::new()
    } else {
        format!(": \"{said}\"")
    };
    let status = answer.status;
    let repo = terminal_safe(&target.full_name()).into_owned();
    let cloud = target.flavor == ApiFlavor::Cloud;
    let (id, message, fix) = match status {
        401 if lower.contains("no bitbucket scopes") => (
            ApiFindingId::ApiCredentialInvalid,
            format!("Bitbucket refused the API token: it has no Bitbucket scopes{quoted}"),
            format!(
                "Create a new token with \"Create API token with scopes\", choose Bitbucket, and tick {}.",
                api_token_scope_list(operations_of(op))
            ),
        ),
        401 if cloud && !bearer => (
            ApiFindingId::ApiCredentialInvalid,
            format!("Bitbucket refused the email and API token (401){quoted}"),
            "Check the email is your Atlassian account's (not your Bitbucket username) and the token is whole and not expired or revoked; create a new API token if unsure.".into(),
        ),
        // Facts §4.8 (DC REST docs): Data Center answers 401 also when the user may not add or
        // remove an access key, not only for a bad token.
        401 if !cloud && (op.changes_keys() || op == Operation::List) => (
            ApiFindingId::ApiCredentialInvalid,
            format!(
                "Data Center answered 401 to {}: the token is wrong or expired, or its user lacks Repository admin permission (Data Center answers 401 for both){quoted}",
                op.doing()
            ),
            "Check that the HTTP access token is whole and not expired, and that it has Repository admin (or Project admin) permission; create a new one if unsure.".into(),
        ),
        401 => (
            ApiFindingId::ApiCredentialInvalid,
            format!("{} refused the token (401){quoted}", target.flavor.name()),
            if cloud {
                "A Cloud API token needs your account email (Basic auth); an access token may be revoked or expired: create a new one.".into()
            } else {
                "Check the HTTP access token is whole, not expired, and was created on this server; create a new one if unsure.".into()
            },
        ),
        403 => {
            let v: serde_json::Value = serde_json::from_str(answer.body).unwrap_or_default();
            let detail = v.pointer("/error/detail");
            let required = strings(detail.and_then(|d| d.get("required")));
            let granted = strings(detail.and_then(|d| d.get("granted")));
            let mut f = scope_failure(op, &repo, cloud, bearer, &required, &quoted);
            f.required = required;
            f.granted = if granted.is_empty() {
                answer.scopes.map(header_scopes)
            } else {
                Some(granted)
            };
            f.status = Some(status);
            return f;
        }
        404 => (
            ApiFindingId::RepoNotFound,
            format!("{repo} was not found, or this credential cannot see it (404)"),
            "Check the workspace (or project) and repository in the clone URL, and that the credential's account has access to the repository (private repositories answer 404 to others).".into(),
        ),
        400 | 409
            if lower.contains("already")
                && (lower.contains("registered")
                    || lower.contains("in use")
                    || lower.contains("used to access")
                    || lower.contains("assigned to")
                    || lower.contains("added")) =>
        (
            ApiFindingId::KeyAlreadyInUse,
            format!("Bitbucket refused the key: it is already in use elsewhere{quoted}"),
            "A key can be an access key or an account SSH key, never both: generate a new key pair for this repository (step 2), or remove the key from the account first.".into(),
        ),
        400 | 422 if op == Operation::Add => (
            ApiFindingId::ApiKeyRejected,
            format!("Bitbucket refused the key text ({status}){quoted}"),
            "Send the public key (one line starting with ssh-ed25519 or ssh-rsa), of a supported type and size: Ed25519, ECDSA, or RSA of at least 2048 bits.".into(),
        ),
        429 => rate_limited(answer),
        _ => (
            ApiFindingId::ApiServerError,
            format!("Bitbucket answered {status} while {}{quoted}", op.doing()),
            if status >= 500 {
                "Bitbucket had a problem: try again in a few minutes (status.atlassian.com tells about outages).".into()
            } else {
                "Check the API URL: it must be Bitbucket's API (https://api.bitbucket.org/2.0, or the Data Center's base URL).".into()
            },
        ),
    };
    ApiFailure {
        id,
        message,
        fix,
        status: Some(status),
        required: Vec::new(),
        granted: answer.scopes.map(header_scopes),
    }
}

/// Facts §4.8: requests are counted over a rolling hour per user, access token or consumer; the
/// `X-RateLimit-*` headers are shown as they came, a `Retry-After` only when one was sent.
fn rate_limited(answer: &Answer<'_>) -> (ApiFindingId, String, String) {
    let mut message = "Bitbucket limits the rate of requests (429): they are counted over a rolling hour for each user, access token or OAuth consumer".to_string();
    if let Some(s) = answer.retry_after {
        message = format!("{message}; it asks to wait {s} s");
    }
    if let Some(r) = answer.rate_limit {
        message = format!("{message} ({})", terminal_safe(&shortened(r, 200)));
    }
    (
        ApiFindingId::ApiRateLimited,
        message,
        "The limit frees up as requests of the past hour age out: try again later. Other scripts using the same credential share its limit; another credential has its own.".into(),
    )
}

fn scope_failure(
    op: Operation,
    repo: &str,
    cloud: bool,
    bearer: bool,
    required: &[String],
    quoted: &str,
) -> ApiFailure {
    let (message, fix) = if cloud && bearer && op.changes_keys() {
        (
            format!("Bitbucket does not let access tokens add or remove access keys (403){quoted}"),
            format!(
                "Use your Atlassian account email with an API token that has {}.",
                api_token_scope_list(operations_of(op))
            ),
        )
    } else if !required.is_empty() {
        (
            format!(
                "the credential lacks the scope {} needed for {} (403)",
                required.join(", "),
                op.doing()
            ),
            format!(
                "Create a new token with {} (scopes cannot be added to an existing token).",
                required.join(", ")
            ),
        )
    } else if op == Operation::Repository {
        (
            format!("the credential may not read {repo} (403){quoted}"),
            if cloud {
                format!(
                    "A repository access token needs Repositories: Read (scope repository); an API token needs {}, and its account needs access to the repository.",
                    api_token_scope_list(operations_of(op))
                )
            } else {
                "Use an HTTP access token with at least Repository read permission, created by a user who can see the repository.".into()
            },
        )
    } else if op == Operation::Webhook {
        (
            format!("the token may not manage the webhooks of {repo} (403){quoted}"),
            "A repository access token needs Webhooks: Read and write (scope webhook) with Repositories: Read; an API token needs read:webhook:bitbucket and write:webhook:bitbucket.".into(),
        )
    } else if cloud {
        (
            format!("the credential may not manage the access keys of {repo} (403){quoted}"),
            format!(
                "An API token needs {} (scopes cannot be added to an existing token), and its account needs admin permission on the repository.",
                api_token_scope_list(operations_of(op))
            ),
        )
    } else {
        (
            format!("the token may not manage the access keys of {repo} (403){quoted}"),
            "Use an HTTP access token with Repository admin (or Project admin) permission.".into(),
        )
    };
    ApiFailure::new(ApiFindingId::ApiScopeMissing, message, fix)
}

//! An OAuth consumer's key and secret, checked with the client-credentials grant at
//! Bitbucket's token endpoint. Bitbucket's answer is read by its `error` and
//! `error_description` together (facts §4.7, from users' pasted answers): a wrong key or
//! secret, a consumer not marked private (the pair still works for sign-in), a consumer
//! without a callback URL; any other answer is shown as it came (redacted), never guessed. A
//! token's `scopes` are compared with what the service's mode needs. The access token in the
//! answer is never kept.

use serde::Serialize;

use super::scopes;

/// Bitbucket Cloud's token endpoint.
pub const TOKEN_URL: &str = "https://bitbucket.org/site/oauth2/access_token";

/// What the service's mode needs of the consumer (from its service file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The scopes, as Bitbucket names them.
    pub scopes: Vec<String>,
    /// The permissions to tick on the consumer's form, in its words.
    pub permissions: String,
}

impl Need {
    /// What a service file's mode needs.
    pub fn of(mode: &crate::core::service::Mode) -> Self {
        Self {
            scopes: mode.scopes.clone(),
            permissions: mode.permissions.clone(),
        }
    }
}

/// The findings of a consumer check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum OauthId {
    /// Wrong key or secret.
    OauthCredentialsInvalid,
    /// Valid, but not a private consumer: its scopes cannot be read this way.
    OauthConsumerNotPrivate,
    /// The consumer lacks a permission the mode needs.
    OauthScopeMissing,
    /// The consumer has no callback URL.
    OauthCallbackMissing,
    /// An answer bblink does not know: shown as it came.
    OauthUnexpectedAnswer,
}

impl OauthId {
    /// The id as the catalog spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            OauthId::OauthCredentialsInvalid => "oauth_credentials_invalid",
            OauthId::OauthConsumerNotPrivate => "oauth_consumer_not_private",
            OauthId::OauthScopeMissing => "oauth_scope_missing",
            OauthId::OauthCallbackMissing => "oauth_callback_missing",
            OauthId::OauthUnexpectedAnswer => "oauth_unexpected_answer",
        }
    }
}

/// A finding, with its severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OauthFinding {
    /// Its id.
    pub id: OauthId,
    /// `error` or `warning`.
    pub severity: crate::core::problem::Severity,
    /// What was found.
    pub message: String,
    /// What to do.
    pub fix: String,
}

/// The verdict on a consumer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OauthCheck {
    /// The pair works for the mode (a non-private consumer passes with a warning).
    pub ok: bool,
    /// The consumer is private (`null` when the pair was refused).
    pub private: Option<bool>,
    /// The scopes Bitbucket granted.
    pub scopes: Vec<String>,
    /// The mode's scopes it lacks.
    pub missing_scopes: Vec<String>,
    /// What was found.
    pub findings: Vec<OauthFinding>,
}

/// What a refusal from the token endpoint means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    WrongPair,
    NotPrivate,
    NoCallback,
}

/// Reads a refusal by its `error` and `error_description` together. Bitbucket's pairs (facts
/// §4.7): `unauthorized_client` + "Invalid OAuth client credentials" (or "…must be
/// authenticated using OAuth client credentials") for a wrong pair; `invalid_grant` + "Cannot
/// use `client_credentials` with a consumer marked as \"public\"" for a public consumer;
/// `invalid_request` + "No callback uri defined" for a consumer without a callback. RFC 6749's
/// own `invalid_client` (§5.2), or a 401 with no OAuth error, is a wrong pair too.
fn error_answer(status: u16, error: &str, description: &str) -> Option<Answer> {
    let d = description.to_ascii_lowercase();
    match error {
        "unauthorized_client"
            if d.contains("invalid oauth client credentials")
                || d.contains("authenticated using oauth client credentials") =>
        {
            Some(Answer::WrongPair)
        }
        "invalid_client" => Some(Answer::WrongPair),
        "invalid_grant" if d.contains("consumer marked as") && d.contains("public") => {
            Some(Answer::NotPrivate)
        }
        "invalid_request" if d.contains("no callback uri") => Some(Answer::NoCallback),
        "" if status == 401 => Some(Answer::WrongPair),
        _ => None,
    }
}

/// Judges the token endpoint's answer for what the mode `need`s.
pub fn judge(status: u16, body: &str, need: &Need) -> OauthCheck {
    use crate::core::problem::Severity;
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let error = v.get("error").and_then(|e| e.as_str()).unwrap_or_default();
    let mut c = OauthCheck {
        ok: false,
        private: None,
        scopes: Vec::new(),
        missing_scopes: Vec::new(),
        findings: Vec::new(),
    };
    let finding = |id, severity, message: String, fix: &str| OauthFinding {
        id,
        severity,
        message,
        fix: fix.to_string(),
    };
    if (200..300).contains(&status) && v.get("access_token").is_some() {
        c.private = Some(true);
        c.scopes = scopes::parse(v.get("scopes").and_then(|s| s.as_str()).unwrap_or_default());
        c.missing_scopes = scopes::missing(
            &c.scopes,
            &need.scopes.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        c.ok = c.missing_scopes.is_empty();
        if !c.ok {
            c.findings.push(finding(
                OauthId::OauthScopeMissing,
                Severity::Error,
                format!(
                    "the consumer lacks {} for this mode",
                    c.missing_scopes.join(", ")
                ),
                &format!(
                    "Edit the consumer (Workspace settings → OAuth consumers) and tick: {}.",
                    need.permissions
                ),
            ));
        }
    } else {
        let description = v
            .get("error_description")
            .and_then(|e| e.as_str())
            .unwrap_or_default();
        let (id, severity, message, fix) = match error_answer(status, error, description) {
            Some(Answer::WrongPair) => (
                OauthId::OauthCredentialsInvalid,
                Severity::Error,
                "Bitbucket refused the key and secret: one of them is wrong, or the consumer was deleted".to_string(),
                "Copy both again from Workspace settings → OAuth consumers (click the consumer's name to show them).".to_string(),
            ),
            Some(Answer::NotPrivate) => {
                c.ok = true;
                c.private = Some(false);
                (
                    OauthId::OauthConsumerNotPrivate,
                    Severity::Warning,
                    "the key and secret are valid, but the consumer is not private, so its permissions cannot be read this way".to_string(),
                    format!("It still works for signing in. To check its permissions here, tick \"This is a private consumer\"; otherwise check by eye that it has: {}.", need.permissions),
                )
            }
            Some(Answer::NoCallback) => (
                OauthId::OauthCallbackMissing,
                Severity::Error,
                "Bitbucket refused the consumer: it has no callback URL".to_string(),
                "Edit the consumer (Workspace settings → OAuth consumers) and set its Callback URL to the one the service gives.".to_string(),
            ),
            None => {
                let (message, fix) = unknown_answer(status, error, description, body);
                (OauthId::OauthUnexpectedAnswer, Severity::Error, message, fix)
            }
        };
        c.findings.push(finding(id, severity, message, &fix));
    }
    c
}

/// An answer bblink does not know, shown as it came (redacted and shortened): the OAuth error
/// when there is one, else the start of the body. A rate limit and a server error say so.
fn unknown_answer(status: u16, error: &str, description: &str, body: &str) -> (String, String) {
    let said = if !error.is_empty() && !description.is_empty() {
        format!("{error}: {description}")
    } else if !error.is_empty() {
        error.to_string()
    } else {
        body.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let said = crate::core::redact::line(&crate::core::display::shortened(&said, 200));
    let said = crate::core::display::terminal_safe(&said).into_owned();
    let quoted = if said.is_empty() {
        ", with an empty body".to_string()
    } else {
        format!(": \"{said}\"")
    };
    match status {
        429 => (
            format!("the token endpoint limits the rate of requests (429){quoted}"),
            "Wait, then try again: Bitbucket counts requests over a rolling hour for each consumer.".to_string(),
        ),
        500..=599 => (
            format!("the token endpoint had a problem ({status}){quoted}"),
            "Try again in a few minutes (status.atlassian.com tells about outages); if it lasts, check the token URL.".to_string(),
        ),
        _ => (
            format!("the token endpoint answered {status}{quoted}"),
            "Check the token URL (https://bitbucket.org/site/oauth2/access_token) and the consumer's settings; bblink does not know this answer, so it is shown as it came.".to_string(),
        ),
    }
}

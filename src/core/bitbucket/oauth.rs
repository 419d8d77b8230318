//! An OAuth consumer's key and secret, checked with the client-credentials grant at
//! Bitbucket's token endpoint: a wrong pair (`invalid_client`) is told from a valid consumer
//! that is not private (the grant needs a private one; the pair still works for sign-in), and
//! a token's `scopes` are compared with what the service's mode needs. The access token in the
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
}

impl OauthId {
    /// The id as the catalog spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            OauthId::OauthCredentialsInvalid => "oauth_credentials_invalid",
            OauthId::OauthConsumerNotPrivate => "oauth_consumer_not_private",
            OauthId::OauthScopeMissing => "oauth_scope_missing",
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
    } else if error == "unauthorized_client" || error == "unauthorized_grant" {
        c.ok = true;
        c.private = Some(false);
        c.findings.push(finding(
            OauthId::OauthConsumerNotPrivate,
            Severity::Warning,
            "the key and secret are valid, but the consumer is not private, so its permissions cannot be read this way".into(),
            &format!("It still works for signing in. To check its permissions here, tick \"This is a private consumer\"; otherwise check by eye that it has: {}.", need.permissions),
        ));
    } else if error == "invalid_client" || status == 401 {
        c.findings.push(finding(
            OauthId::OauthCredentialsInvalid,
            Severity::Error,
            "Bitbucket refused the key and secret: one of them is wrong, or the consumer was deleted".into(),
            "Copy both again from Workspace settings → OAuth consumers (click the consumer's name to show them).",
        ));
    } else {
        c.findings.push(finding(
            OauthId::OauthCredentialsInvalid,
            Severity::Error,
            format!(
                "the token endpoint answered {status} {}",
                crate::core::display::terminal_safe(&crate::core::display::shortened(error, 80))
            ),
            "Check the token URL (https://bitbucket.org/site/oauth2/access_token) and try again.",
        ));
    }
    c
}

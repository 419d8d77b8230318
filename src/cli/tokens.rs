//! `bblink oauth-consumer check` and `bblink access-token check`: the credentials of services
//! that do not use an SSH key, checked against Bitbucket before they are pasted into the
//! service. Secrets come from the environment or a masked prompt, never the command line.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

use crate::adapters::bitbucket::{self, Client, Options};
use crate::core::bitbucket::oauth::{self, Need};
use crate::core::bitbucket::scopes;
use crate::core::bitbucket::{ApiFailure, ApiFindingId, ApiTarget, Credential};

use super::credential;
use super::out::{Out, USAGE, verdict_code};

/// `bblink oauth-consumer` options.
#[derive(Debug, Args)]
pub struct OauthConsumerArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: OauthAction,
}

/// The OAuth consumer actions.
#[derive(Debug, Subcommand)]
pub enum OauthAction {
    /// Check a consumer's key and secret (BBLINK_OAUTH_KEY, BBLINK_OAUTH_SECRET, or asked).
    Check(OauthCheckArgs),
}

/// What the consumer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Sign-in and synchronization (account, repositories, webhooks).
    Default,
    /// Sign-in only (account, email).
    Login,
    /// Synchronization only (repositories, webhooks).
    Sync,
}

/// `oauth-consumer check` options.
#[derive(Debug, Args)]
pub struct OauthCheckArgs {
    /// What the consumer is for.
    #[arg(long, value_enum, default_value = "default")]
    pub mode: ModeArg,
    /// Bitbucket's token endpoint.
    #[arg(long, value_name = "URL", default_value = oauth::TOKEN_URL)]
    pub token_url: String,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `bblink access-token` options.
#[derive(Debug, Args)]
pub struct AccessTokenArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: TokenAction,
}

/// The access-token actions.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Check a repository access token (BBLINK_BITBUCKET_TOKEN, standard input, or asked):
    /// it reads the repository and has the scopes a webhook needs (repository, webhook).
    Check(TokenCheckArgs),
}

/// `access-token check` options.
#[derive(Debug, Args)]
pub struct TokenCheckArgs {
    /// The repository's clone URL.
    #[arg(long, value_name = "CLONE_URL")]
    pub url: String,
    /// The API base [default: Cloud's, or https://<the clone URL's host> for a Data Center].
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

/// Runs `bblink oauth-consumer …`.
pub fn oauth_consumer(args: &OauthConsumerArgs) -> ExitCode {
    let OauthAction::Check(a) = &args.action;
    let mut out = Out::new(a.json);
    let id = match a.mode {
        ModeArg::Default => "default",
        ModeArg::Login => "login",
        ModeArg::Sync => "sync",
    };
    // The modes and their permissions are Gemnasium's service file's.
    let need = crate::core::service::profile("gemnasium")
        .and_then(|p| p.mode.iter().find(|m| m.id == id).map(Need::of));
    let Some(need) = need else {
        return out.error(
            "io_error",
            "the gemnasium service file has no such mode",
            "",
            1,
        );
    };
    let (key, secret) = match credential::oauth_pair() {
        Ok(pair) => pair,
        Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
    };
    let Ok(rt) = runtime() else {
        return out.error("io_error", "cannot start", "", 1);
    };
    let checked = rt.block_on(bitbucket::check_consumer(
        &a.token_url,
        &key,
        &secret,
        &need,
        crate::cli::out::api_options(),
    ));
    let check = match checked {
        Ok(c) => c,
        Err(mut f) => {
            f.scrub(secret.expose());
            return api_failed(out, &f);
        }
    };
    if !out.json {
        match check.private {
            Some(true) => out.line(format_args!(
                "Private consumer; scopes: {}",
                check.scopes.join(", ")
            )),
            Some(false) => out.line("The key and secret are valid (not a private consumer)."),
            None => {}
        }
        if check.ok && check.findings.is_empty() {
            out.line(format_args!(
                "✓ Everything this mode needs: {}.",
                need.permissions
            ));
        }
        for f in &check.findings {
            out.line(format_args!(
                "{} {}: {}",
                f.severity.word(),
                f.id.as_str(),
                f.message
            ));
            out.line(format_args!("  fix: {}", f.fix));
        }
    }
    out.finish(&check, verdict_code(check.ok))
}

fn api_failed(mut out: Out, f: &ApiFailure) -> ExitCode {
    if !out.json {
        super::access_key::finding_lines(&mut out, f);
    }
    out.finish(&json!({"ok": false, "findings": [f]}), 1)
}

/// Runs `bblink access-token …`.
pub fn access_token(args: &AccessTokenArgs) -> ExitCode {
    let TokenAction::Check(a) = &args.action;
    let mut out = Out::new(a.json);
    let target = match ApiTarget::derive(&a.url, a.api_url.as_deref()) {
        Ok(t) => t,
        Err(e) => return out.error("usage", &e.to_string(), e.fix(), USAGE),
    };
    let token = match credential::token_only() {
        Ok(t) => t,
        Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
    };
    if let Some(f) = crate::core::bitbucket::credential::not_an_access_token(&token, target.flavor)
    {
        return api_failed(out, &f);
    }
    let cred = Credential { email: None, token };
    let options = Options {
        timeout: Duration::from_secs(15),
        ..crate::cli::out::api_options()
    };
    let client = match Client::new(target.clone(), cred, options) {
        Ok(c) => c,
        Err(f) => return api_failed(out, &f),
    };
    let Ok(rt) = runtime() else {
        return out.error("io_error", "cannot start", "", 1);
    };
    let facts = match rt.block_on(client.token_facts()) {
        Ok(f) => f,
        Err(f) => return api_failed(out, &f),
    };
    let granted = facts.scopes.clone();
    let required = ["repository", "webhook"];
    let missing = granted
        .as_ref()
        .map(|g| scopes::missing(g, &required))
        .unwrap_or_default();
    let mut findings = Vec::new();
    if !missing.is_empty() {
        let mut f = ApiFailure::new(
            ApiFindingId::ApiScopeMissing,
            format!("the token reads {} but lacks {}", target.full_name(), missing.join(", ")),
            "Create a new repository access token (Repository settings → Access tokens) with Repositories: Read and Webhooks: Read and write; scopes cannot be added later.".into(),
        );
        f.required.clone_from(&missing);
        f.granted.clone_from(&granted);
        findings.push(f);
    }
    // Without the scopes, only what harmless requests proved is said; the rest is
    // unconfirmed, never "ok".
    let (proven, unconfirmed): (Vec<&str>, Vec<&str>) = match (&granted, facts.lists_hooks) {
        (Some(_), _) => (Vec::new(), Vec::new()),
        (None, true) => (
            vec!["reads the repository", "lists its webhooks"],
            vec!["creates or updates a webhook"],
        ),
        (None, false) => (
            vec!["reads the repository"],
            vec!["lists webhooks", "creates or updates a webhook"],
        ),
    };
    if !unconfirmed.is_empty() {
        findings.push(ApiFailure::new(
            ApiFindingId::ApiScopesUnconfirmed,
            format!(
                "Bitbucket did not report the token's scopes: it {}; whether it {} is unconfirmed",
                proven.join(" and "),
                unconfirmed.join(" and ")
            ),
            "Check the token's permissions where it was created (Repositories: Read, Webhooks: Read and write), or create the webhook: a missing permission is named then.".into(),
        ));
    }
    let ok = findings.is_empty();
    if !out.json {
        match &granted {
            Some(g) => out.line(format_args!(
                "The token reads {}; its scopes: {}",
                target.full_name(),
                g.join(", ")
            )),
            None => out.line(format_args!(
                "The token {} of {}; its scopes were not reported.",
                proven.join(" and "),
                target.full_name()
            )),
        }
        if ok {
            out.line("✓ It has what a push webhook needs (repository, webhook).");
        }
        for f in &findings {
            let word = if f.id == ApiFindingId::ApiScopesUnconfirmed {
                "warning"
            } else {
                "error"
            };
            out.line(format_args!("{word} {}: {}", f.id.as_str(), f.message));
            out.line(format_args!("  fix: {}", f.fix));
        }
    }
    let value = json!({"ok": ok, "repository": target.full_name(), "scopes": granted, "missing_scopes": missing,
        "proven": proven, "unconfirmed": unconfirmed, "findings": findings});
    out.finish(&value, verdict_code(ok))
}

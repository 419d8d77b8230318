//! `bblink webhook verify`: a captured delivery checked against the webhook's secret, as the
//! service checks it. The secret comes from an environment variable, never the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::adapters::files::{self, Accept};
use crate::adapters::stdin;
use crate::core::display::terminal_safe;
use crate::core::webhook;

use super::out::{Out, USAGE, verdict_code};

/// Bitbucket's payloads are at most 256 KB; a capture with headers fits in this.
const LIMIT: usize = 1024 * 1024;

/// `bblink webhook` options.
#[derive(Debug, Args)]
pub struct WebhookArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: WebhookAction,
}

/// The webhook actions.
#[derive(Debug, Subcommand)]
pub enum WebhookAction {
    /// Check a captured delivery's X-Hub-Signature against the webhook's secret.
    Verify(VerifyArgs),
    /// Create the repository's push webhook to a URL, or update the one with that URL.
    Create(CreateArgs),
}

/// `webhook create` options.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The repository's clone URL.
    #[arg(long, value_name = "CLONE_URL")]
    pub url: String,
    /// Where the webhook delivers (the service's endpoint).
    #[arg(long, value_name = "URL")]
    pub hook_url: String,
    /// The webhook's title in Bitbucket.
    #[arg(long, value_name = "T", default_value = "bblink push webhook")]
    pub title: String,
    /// The environment variable holding the secret to set [default: keep an existing hook's
    /// secret, or generate one].
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
    /// Put a generated secret in the JSON too (text mode always shows it, once).
    #[arg(long)]
    pub show_secret: bool,
    /// The API base [default: Cloud's, or https://<the clone URL's host> for a Data Center].
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `webhook verify` options.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The environment variable that holds the webhook's secret.
    #[arg(long, value_name = "VAR")]
    pub secret_env: String,
    /// The captured delivery: request headers, a blank line, the raw body; - (the default) for
    /// standard input.
    #[arg(value_name = "FILE|-")]
    pub path: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Runs `bblink webhook …`.
pub fn run(args: &WebhookArgs) -> ExitCode {
    match &args.action {
        WebhookAction::Verify(a) => verify(a),
        WebhookAction::Create(a) => super::webhook_create::create(a),
    }
}

fn read(path: Option<&PathBuf>) -> Result<zeroize::Zeroizing<Vec<u8>>, String> {
    if let Some(p) = path.filter(|p| p.as_os_str() != "-") {
        return files::read_limited(p, LIMIT, Accept::FilesAndPipes)
            .map(|(bytes, _)| bytes)
            .map_err(|e| e.to_string());
    }
    if stdin::is_terminal() {
        return Err("no delivery given: give a file, or pipe it in".into());
    }
    stdin::read_bytes(LIMIT).map_err(|e| format!("cannot read standard input: {e}"))
}

fn verify(a: &VerifyArgs) -> ExitCode {
    let mut out = Out::new(a.json);
    let Some(secret) = std::env::var_os(&a.secret_env).filter(|s| !s.is_empty()) else {
        return out.error(
            "usage",
            &format!("the environment variable {} is not set", terminal_safe(&a.secret_env)),
            "Put the webhook's secret in it first, e.g. read -rs SECRET && export SECRET, then --secret-env SECRET.",
            USAGE,
        );
    };
    let secret = zeroize::Zeroizing::new(secret.into_encoded_bytes());
    let capture = match read(a.path.as_ref()) {
        Ok(c) if c.len() > LIMIT => {
            return out.error(
                "webhook_malformed",
                "the capture is larger than 1 MB: Bitbucket's payloads are at most 256 KB",
                "Give the one delivery's request.",
                1,
            );
        }
        Ok(c) => c,
        Err(why) => {
            return out.error(
                "io_error",
                &why,
                "Give the captured delivery: headers, a blank line, the raw body.",
                USAGE,
            );
        }
    };
    let v = webhook::verify(&capture, &secret);
    if !out.json {
        if v.ok {
            out.line(format_args!(
                "✓ The signature matches: {} bytes signed with this secret.",
                v.body_bytes
            ));
        }
        for (name, value) in [
            ("event", &v.event),
            ("hook", &v.hook_uuid),
            ("request", &v.request_uuid),
            ("attempt", &v.attempt),
        ] {
            if let Some(value) = value {
                out.line(format_args!("  {name:<8} {value}"));
            }
        }
        for f in &v.findings {
            out.line(format_args!("error {}: {}", f.id.as_str(), f.message));
            out.line(format_args!("  fix: {}", f.fix));
        }
    }
    out.finish(&v, verdict_code(v.ok))
}

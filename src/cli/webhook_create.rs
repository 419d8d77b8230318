//! `bblink webhook create`: the repository's push webhook, created or updated (same URL).

use std::process::ExitCode;

use serde_json::json;

use crate::adapters::bitbucket::Client;
use crate::core::bitbucket::{ApiTarget, Operation};
use crate::core::display::terminal_safe;
use crate::core::secret::Secret;

use super::credential;
use super::out::{Out, USAGE};
use super::webhook::CreateArgs;

/// Runs `webhook create`.
pub fn create(a: &CreateArgs) -> ExitCode {
    let mut out = Out::new(a.json);
    let target = match ApiTarget::derive(&a.url, a.api_url.as_deref()) {
        Ok(t) => t,
        Err(e) => return out.error("usage", &e.to_string(), e.fix(), USAGE),
    };
    let hook_ok = url::Url::parse(&a.hook_url)
        .is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
    if !hook_ok {
        return out.error(
            "usage",
            "--hook-url is not an http(s) URL",
            "Give the service's webhook endpoint, e.g. https://hub.example.com/gateway/public/sync.",
            USAGE,
        );
    }
    let secret = a
        .secret_env
        .as_ref()
        .map(|var| (var, std::env::var(var).ok().filter(|s| !s.is_empty())));
    let secret = match secret {
        Some((_, Some(s))) => Some(Secret::new(s)),
        Some((var, None)) => {
            let message = format!("the environment variable {} is not set", terminal_safe(var));
            let fix = "Put the secret in it, or leave --secret-env out to generate one.";
            return out.error("usage", &message, fix, USAGE);
        }
        None => None,
    };
    let label = "Token (a repository access token with repository and webhook)";
    let cred = match credential::read_as(target.flavor, Some(label)) {
        Ok(c) => c,
        Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
    };
    if let Some(f) = cred.refuse(target.flavor, Operation::Webhook) {
        return out.error(f.id.as_str(), &terminal_safe(&f.message), &f.fix, 1);
    }
    let client = match Client::new(target.clone(), cred, crate::cli::out::api_options()) {
        Ok(c) => c,
        Err(f) => return out.error(f.id.as_str(), &f.message, &f.fix, 1),
    };
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return out.error("io_error", "cannot start", "", 1);
    };
    let saved = rt.block_on(client.save_hook(&a.hook_url, &a.title, secret.as_ref()));
    let (action, id, generated) = match saved {
        Ok(s) => s,
        Err(f) => {
            let mut value = json!({"ok": false, "findings": [f]});
            if !out.json {
                super::access_key::finding_lines(&mut out, &f);
                out.line("  Or add it by hand: Repository settings → Webhooks → Add webhook (URL, Active, Repository push, Secret).");
                value = json!({});
            }
            return out.finish(&value, 1);
        }
    };
    if !out.json {
        let did = match action {
            crate::core::bitbucket::hooks::HookAction::Created => "Created",
            crate::core::bitbucket::hooks::HookAction::Updated => "Updated",
            crate::core::bitbucket::hooks::HookAction::Unchanged => {
                "Already there (kept, with its secret):"
            }
        };
        out.line(format_args!(
            "✓ {did} the push webhook of {} → {} ({id})",
            target.full_name(),
            terminal_safe(&a.hook_url)
        ));
        if let Some(s) = &generated {
            out.line(format_args!(
                "  Webhook secret (shown once; give the service this same secret): {}",
                s.expose()
            ));
        }
        out.line("  Deliveries: Repository settings → Webhooks → View requests.");
    }
    let mut value = json!({"ok": true, "action": action, "uuid": id, "repository": target.full_name(), "findings": []});
    if a.show_secret
        && let Some(s) = &generated
    {
        value["secret"] = json!(s.expose());
    }
    out.finish(&value, 0)
}

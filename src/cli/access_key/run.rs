//! Runs the access-key actions.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{Value, json};
use ssh_key::PublicKey;

use crate::adapters::bitbucket::{Client, Options};
use crate::adapters::platform;
use crate::core::bitbucket::{ApiFailure, ApiTarget, Operation};
use crate::core::display::terminal_safe;
use crate::core::ssh_keys::{KeyInfo, public_of_private};

use super::super::credential;
use super::super::input::{self, Failure};
use super::super::out::{self, Out, USAGE};
use super::{AccessKeyArgs, Action};

/// Runs `bblink access-key …`.
pub fn run(args: &AccessKeyArgs) -> ExitCode {
    let (api, name) = match &args.action {
        Action::Add(a) => (&a.api, "add"),
        Action::List(a) => (&a.api, "list"),
        Action::Remove(a) => (&a.api, "remove"),
        Action::Rotate(a) => (&a.api, "rotate"),
    };
    let out = Out::new(api.json);
    let target = match ApiTarget::derive(&api.url, api.api_url.as_deref()) {
        Ok(t) => t,
        Err(e) => return out.error("usage", &e.to_string(), e.fix(), USAGE),
    };
    let ready = match prepare(args, &target) {
        Ok(ready) => ready,
        Err(Stop::Usage(f)) => return out.error(f.id, &f.message, &f.fix, f.code),
        Err(Stop::Api(f)) => return failed(out, base(name, &target), &f),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return out.error("io_error", &format!("cannot start: {e}"), "", 1),
    };
    runtime.block_on(async {
        tokio::select! {
            code = super::actions::act(args, ready, out) => code,
            code = platform::shutdown_signal() => {
                out::say("Cancelled.");
                ExitCode::from(code)
            }
        }
    })
}

/// Why the action cannot start.
enum Stop {
    /// The arguments or the credential input.
    Usage(Failure),
    /// Known before any request: the credential's kind, the CA file.
    Api(ApiFailure),
}

/// What the action works with, read before any request.
pub(super) struct Ready {
    pub client: Client,
    pub key: Option<KeyInfo>,
}

fn prepare(args: &AccessKeyArgs, target: &ApiTarget) -> Result<Ready, Stop> {
    let (api, key_path) = match &args.action {
        Action::Add(a) => (&a.api, Some(a.key.as_path())),
        Action::List(a) => (&a.api, a.key.as_deref()),
        Action::Remove(a) => (&a.api, a.which.key.as_deref()),
        Action::Rotate(a) => (&a.api, a.which.key.as_deref()),
    };
    let key = key_path.map(read_public).transpose().map_err(Stop::Usage)?;
    let (op, ops): (Operation, &[Operation]) = match &args.action {
        Action::List(_) => (Operation::List, &[Operation::List]),
        Action::Add(_) => (Operation::Add, &[Operation::List, Operation::Add]),
        Action::Rotate(_) => (
            Operation::Rotate,
            &[Operation::List, Operation::Add, Operation::Remove],
        ),
        Action::Remove(_) => (Operation::Remove, &[Operation::List, Operation::Remove]),
    };
    let cred = credential::read(target.flavor, ops).map_err(Stop::Usage)?;
    if let Some(f) = cred.refuse(target.flavor, op) {
        return Err(Stop::Api(f));
    }
    let options = Options {
        timeout: Duration::from_secs(api.api_timeout),
        ca_file: api.ca_file.clone(),
        ..crate::cli::out::api_options()
    };
    let client = Client::new(target.clone(), cred, options).map_err(Stop::Api)?;
    Ok(Ready { client, key })
}

/// A public key from a `.pub` file, or the public half of a private key file.
fn read_public(path: &Path) -> Result<KeyInfo, Failure> {
    let example = "--key ~/.ssh/id_ed25519.pub";
    let text = input::read(Some(path), 64 * 1024, "public key", example)?.text;
    let first = text
        .expose()
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if let Ok(public) = PublicKey::from_openssh(first) {
        return Ok(KeyInfo::of(&public));
    }
    public_of_private(text.expose()).map_err(|_| Failure {
        id: "key_invalid_format",
        message: format!(
            "{} is not an OpenSSH public or private key",
            input::quoted(path)
        ),
        fix: "Give the .pub file the key step wrote (one line: ssh-ed25519 AAAA… comment).".into(),
        code: USAGE,
    })
}

pub(super) fn base(action: &str, target: &ApiTarget) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("action".into(), json!(action));
    m.insert("flavor".into(), json!(target.flavor));
    m.insert("repository".into(), json!(target.full_name()));
    m.insert("api".into(), json!(target.base.as_str()));
    m.insert("page".into(), json!(target.page()));
    m
}

pub(super) fn failed(
    mut out: Out,
    mut m: serde_json::Map<String, Value>,
    f: &ApiFailure,
) -> ExitCode {
    m.insert("ok".into(), json!(false));
    m.insert("findings".into(), json!([f]));
    if !out.json {
        finding_lines(&mut out, f);
    }
    out.finish(&Value::Object(m), 1)
}

/// An API finding as text: what, the scopes the credential has, the fix.
pub(in crate::cli) fn finding_lines(out: &mut Out, f: &ApiFailure) {
    out.line(format_args!(
        "error {}: {}",
        f.id.as_str(),
        terminal_safe(&f.message)
    ));
    if let Some(granted) = &f.granted {
        out.line(format_args!(
            "  the credential has: {}",
            if granted.is_empty() {
                "no scopes".into()
            } else {
                granted.join(", ")
            }
        ));
    }
    out.line(format_args!("  fix: {}", terminal_safe(&f.fix)));
}

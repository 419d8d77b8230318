//! `bblink test`: the connection test without the wizard. Stages are shown as they end (on
//! standard error, at a terminal); the report goes to standard output, or one JSON object.
//! Ctrl-C or SIGTERM cancels the test: its processes are killed and its temporary key file is
//! removed before bblink exits.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use crate::adapters::conntest::{self, Progress, Request};
use crate::adapters::dirs::Dirs;
use crate::adapters::platform;
use crate::core::clone_url;
use crate::core::conntest::{Finding, Outcome, Target, hostkeys};
use crate::core::display::terminal_safe;
use crate::core::inspect::MAX_INPUT;
use crate::core::secret::Secret;

use super::TestArgs;
use super::input::{self, Failure};
use super::out::{self, Out, USAGE};

/// Runs `bblink test`.
pub fn run(args: &TestArgs) -> ExitCode {
    let mut out = Out::new(args.json);
    let mut urls = args.url.clone();
    let mut deps = Vec::new();
    if let Some(dir) = &args.repo_dir {
        // The main URL as it will be tested (an HTTPS URL repaired to SSH).
        let check = clone_url::check(&urls[0]);
        let main = check.usable().or(check.repair()).map(str::to_string);
        match crate::adapters::files::read_checkout(dir, &crate::core::deps::FILES) {
            Ok(files) => deps = crate::core::deps::discover(&files, main.as_deref()),
            Err(e) => {
                let msg = format!("cannot read {}: {e}", dir.display());
                return out.error(
                    "usage",
                    &terminal_safe(&msg),
                    "Give the directory of a checkout of the repository.",
                    USAGE,
                );
            }
        }
        for d in &deps {
            if !urls.contains(&d.url) {
                urls.push(d.url.clone());
            }
        }
    }
    if urls.len() > 1 {
        return super::test_many::run(args, &urls, &deps);
    }
    let (req, key) = match prepare(args, &urls[0], None) {
        Ok(ready) => ready,
        Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
    };
    let live = !args.json && std::io::stderr().is_terminal();
    let outcome = match execute(&req, &key, live) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(code)) => {
            out::say(
                "Cancelled: the test's processes were stopped and its temporary key file removed.",
            );
            return ExitCode::from(code);
        }
        Err(e) => return out.error("io_error", &format!("cannot start: {e}"), "", 1),
    };
    if !out.json {
        report(&mut out, &outcome, live);
    }
    out.finish(&outcome, out::verdict_code(outcome.ok))
}

/// Runs the test (stage lines on standard error when `live`); `None` when Ctrl-C or SIGTERM
/// cancelled it.
/// Runs the test; `Ok(Err(code))` when a signal stopped it (the exit code that says which).
pub(super) fn execute(
    req: &Request,
    key: &Secret,
    live: bool,
) -> std::io::Result<Result<Outcome, u8>> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(async {
        let mut on = |p: Progress| {
            if live && let Progress::Finished(s) = p {
                out::say(&stage_line(s.ok, s.name.label(), s.ms, &s.detail));
            }
        };
        tokio::select! {
            outcome = conntest::run(req, key, &mut on) => Ok(outcome),
            code = platform::shutdown_signal() => Err(code),
        }
    }))
}

fn usage(id: &'static str, message: String, fix: &str) -> Failure {
    Failure {
        id,
        message,
        fix: fix.to_string(),
        code: USAGE,
    }
}

/// The request and the key from the arguments, or why not (a usage error, a key that cannot
/// be read).
/// `key` is the key's text when the caller read it already (standard input reads once).
pub(super) fn prepare(
    args: &TestArgs,
    url: &str,
    key: Option<Secret>,
) -> Result<(Request, Secret), Failure> {
    let check = clone_url::check(url);
    let Some(url) = check.usable().or(check.repair()).map(str::to_string) else {
        let (message, fix) = check.problems.first().map_or_else(
            || ("not an SSH clone URL".to_string(), String::new()),
            |p| (p.message.clone(), p.fix.clone()),
        );
        return Err(usage("ssh_url_malformed", message, &fix));
    };
    let target = Target::parse(&url).ok_or_else(|| {
        usage(
            "ssh_url_malformed",
            format!(
                "cannot tell the SSH user, host and port of {}",
                terminal_safe(&url)
            ),
            "Give the SSH URL from Bitbucket's Clone button.",
        )
    })?;
    let confirm = match args.test.host_key_fingerprint.as_deref() {
        Some(fp) => Some(hostkeys::parse_fingerprint(fp).ok_or_else(|| {
            usage(
                "usage",
                "--host-key-fingerprint takes a SHA256 fingerprint, SHA256: and 43 characters".into(),
                "Copy it as ssh-keygen -lf prints it (or as bblink showed it), e.g. SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM.",
            )
        })?),
        None => None,
    };
    if let Some(file) = args
        .test
        .record_known_hosts
        .as_ref()
        .filter(|f| f.exists() && !f.is_file())
    {
        return Err(usage(
            "usage",
            format!(
                "--record-known-hosts {} is not a regular file",
                terminal_safe(&file.to_string_lossy())
            ),
            "Give a known_hosts file, or a path where bblink may create one.",
        ));
    }
    if let Some(file) = args.test.known_hosts.iter().find(|f| !f.is_file()) {
        return Err(usage(
            "usage",
            format!(
                "--known-hosts {} is not a readable regular file",
                terminal_safe(&file.to_string_lossy())
            ),
            "Give an existing known_hosts file to read (bblink never writes it); --record-known-hosts names where confirmed keys go.",
        ));
    }
    let example = "bblink test --url URL --key - < key";
    let key = match key {
        Some(key) => key,
        None => input::read(Some(&args.key), MAX_INPUT, "private key", example)?.text,
    };
    let dirs = Dirs::discover().ok();
    let known_hosts = args
        .test
        .record_known_hosts
        .clone()
        .or_else(|| dirs.as_ref().map(Dirs::known_hosts))
        .ok_or_else(|| {
            usage(
                "no_home",
                "cannot find bblink's data directory for its known_hosts file".into(),
                "Give one with --record-known-hosts FILE.",
            )
        })?;
    let look_at = dirs
        .and_then(|d| d.home)
        .map(|h| vec![h.join(".ssh").join("known_hosts")])
        .unwrap_or_default();
    if check.usable().is_none() {
        out::say(&format!(
            "note: testing {} (the URL as given would not work: {})",
            terminal_safe(&url),
            check.problems.first().map_or("", |p| p.message.as_str())
        ));
    }
    let req = Request {
        target,
        timeout: Duration::from_secs(args.test.timeout),
        known_hosts,
        confirm,
        also_trust: args.test.known_hosts.clone(),
        look_at,
    };
    Ok((req, key))
}

pub(super) fn stage_line(ok: bool, label: &str, ms: u64, detail: &str) -> String {
    let mark = if ok { "✓" } else { "✗" };
    format!("  {mark} {label:<20} {ms:>6} ms  {detail}")
}

pub(super) fn finding(out: &mut Out, f: &Finding) {
    out.line(format_args!(
        "{} {}: {}",
        f.severity.word(),
        f.id.as_str(),
        f.title
    ));
    out.line(format_args!("  cause: {}", f.cause));
    out.line(format_args!("  fix: {}", f.fix));
}

pub(super) fn report(out: &mut Out, o: &Outcome, live: bool) {
    out.line(format_args!("Connection test of {}", o.url));
    if !live {
        for s in &o.stages {
            out.line(stage_line(s.ok, s.name.label(), s.ms, &s.detail));
        }
    }
    if o.ok {
        match (&o.default_branch, &o.head_commit) {
            (Some(b), Some(c)) => out.line(format_args!(
                "OK: the service will fetch {b} at {c}. Branches: {}.",
                o.branches.join(", ")
            )),
            _ => out.line("OK: the repository can be read with this key."),
        }
    }
    if let Some(f) = o.failure() {
        finding(out, f);
        if matches!(f.id.as_str(), "host_key_unknown" | "host_key_changed") {
            for k in &o.host_keys {
                out.line(format_args!(
                    "  the server's {} key: {}  (trust it with --host-key-fingerprint {})",
                    k.kind(),
                    k.fingerprint,
                    k.fingerprint
                ));
            }
        }
    }
    for w in o.warnings() {
        finding(out, w);
    }
    if !o.ok && !o.transcript.trim().is_empty() {
        out.line("transcript (redacted; the last lines):");
        let lines: Vec<&str> = o.transcript.lines().collect();
        for l in &lines[lines.len().saturating_sub(12)..] {
            out.line(format_args!("  {l}"));
        }
    }
}

//! `bblink test` with several repositories: the service's own first, then each one its build
//! fetches, one result line each, and the verdict across them (`user_key_required` when the
//! key reads the first and is refused by another).

use std::io::IsTerminal;
use std::process::ExitCode;

use serde_json::json;

use crate::core::conntest::{self, Outcome};
use crate::core::deps::Dependency;
use crate::core::display::terminal_safe;

use super::TestArgs;
use super::out::{self, Out};
use super::test::{execute, finding, prepare, report};

/// Tests every URL with the key of `args` (read once).
pub fn run(args: &TestArgs, urls: &[String], deps: &[Dependency]) -> ExitCode {
    let mut out = Out::new(args.json);
    let live = !args.json && std::io::stderr().is_terminal();
    // Every URL is checked (and the key read once) before anything runs.
    let mut key = None;
    let mut ready = Vec::new();
    for url in urls {
        match prepare(args, url, key.clone()) {
            Ok((req, k)) => {
                key = Some(k.clone());
                ready.push((req, k));
            }
            Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
        }
    }
    let mut outcomes: Vec<Outcome> = Vec::new();
    for (i, (url, (req, k))) in urls.iter().zip(ready).enumerate() {
        if live {
            out::say(&format!(
                "Repository {} of {}: {}",
                i + 1,
                urls.len(),
                terminal_safe(url)
            ));
        }
        match execute(&req, &k, live) {
            Ok(Ok(o)) => outcomes.push(o),
            Ok(Err(code)) => {
                out::say(
                    "Cancelled: the test's processes were stopped and its temporary key file removed.",
                );
                return ExitCode::from(code);
            }
            Err(e) => return out.error("io_error", &format!("cannot start: {e}"), "", 1),
        }
    }
    let across = conntest::across(&outcomes);
    let ok = outcomes.iter().all(|o| o.ok);
    if !out.json {
        for d in deps {
            out.line(format_args!(
                "Found in {}:{}: {} → {}",
                d.file, d.line, d.written, d.url
            ));
        }
        for (i, o) in outcomes.iter().enumerate() {
            out.line(format_args!(
                "— Repository {} of {} —",
                i + 1,
                outcomes.len()
            ));
            report(&mut out, o, live);
        }
        out.line("Summary:");
        for o in &outcomes {
            let what = match (o.failure(), &o.default_branch) {
                (Some(f), _) => format!("{}: {}", f.id.as_str(), f.title),
                (None, Some(b)) => format!("readable ({b})"),
                (None, None) => "readable".into(),
            };
            out.line(format_args!(
                "  {} {}  {what}",
                if o.ok { "✓" } else { "✗" },
                o.url
            ));
        }
        if let Some(f) = &across {
            finding(&mut out, f);
        }
    }
    let findings: Vec<_> = across.into_iter().collect();
    let v = json!({"ok": ok, "results": outcomes, "findings": findings, "dependencies": deps});
    out.finish(&v, out::verdict_code(ok))
}

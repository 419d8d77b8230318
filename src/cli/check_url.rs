//! `bblink check-url`: the clone URL check without the wizard, through the same input
//! cleaning as the wizard's Clone URL step.

use std::path::Path;
use std::process::ExitCode;

use crate::core::clone_url::{self, MAX_INPUT, UrlCheck};
use crate::core::display::terminal_safe;

use super::CheckUrlArgs;
use super::input;
use super::out::{self, Out};

/// Runs `bblink check-url`.
pub fn run(args: &CheckUrlArgs) -> ExitCode {
    let mut out = Out::new(args.json);
    let verdict = match args.url.as_deref() {
        Some(url) if url != "-" => clone_url::check(url),
        given => {
            let example = "bblink check-url - < url.txt (keeps a token out of the shell's history)";
            match input::read(given.map(Path::new), MAX_INPUT, "clone URL", example) {
                Ok(i) => clone_url::check(i.text.expose()),
                Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
            }
        }
    };
    if !out.json {
        text(&mut out, &verdict);
    }
    let code = out::verdict_code(verdict.ok);
    out.finish(&verdict, code)
}

fn text(out: &mut Out, v: &UrlCheck) {
    let mark = if v.ok { "✓ Usable" } else { "✗ Not usable" };
    out.line(format_args!("{mark}: {}", v.summary()));
    let facts: Vec<String> = [
        v.host.as_ref().map(|h| format!("host {h}")),
        v.port.map(|p| format!("port {p}")),
        v.workspace
            .as_ref()
            .map(|w| format!("{} {w}", v.owner_word())),
        v.repo.as_ref().map(|r| format!("repository {r}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        out.line(format_args!("  {}", terminal_safe(&facts.join(", "))));
    }
    match (&v.ssh_url, v.ok) {
        (Some(url), true) => out.line(format_args!("  SSH URL for the service: {url}")),
        (Some(url), false) => out.line(format_args!("  Use this SSH URL instead: {url}")),
        (None, _) => {}
    }
    out.problems(&v.problems);
}

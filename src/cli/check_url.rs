//! `bblink check-url`: the clone URL check without the wizard.

use std::process::ExitCode;

use crate::core::clone_url::{self, MAX_INPUT, UrlCheck};

use super::CheckUrlArgs;

/// Runs `bblink check-url`.
pub fn run(args: &CheckUrlArgs) -> ExitCode {
    let piped;
    let input = match args.url.as_deref() {
        Some("-") | None => {
            piped = match super::read_stdin(
                MAX_INPUT,
                "give the URL, or pipe it in (keeps a token out of the shell's history): bblink check-url - < url.txt",
            ) {
                Ok(text) => text,
                Err(code) => return code,
            };
            piped.as_str()
        }
        Some(url) => url,
    };
    let verdict = clone_url::check(input);
    if args.json {
        if let Err(code) = super::print_json(&verdict) {
            return code;
        }
    } else {
        print_text(&verdict);
    }
    super::verdict_code(verdict.ok)
}

#[allow(clippy::print_stdout)]
fn print_text(v: &UrlCheck) {
    let mark = if v.ok { "✓ Usable" } else { "✗ Not usable" };
    println!("{mark}: {}", v.summary());
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
        println!("  {}", facts.join(", "));
    }
    match (&v.ssh_url, v.ok) {
        (Some(url), true) => println!("  SSH URL for the service: {url}"),
        (Some(url), false) => println!("  Use this SSH URL instead: {url}"),
        (None, _) => {}
    }
    super::print_problems(&v.problems);
}

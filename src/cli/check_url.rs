//! `bblink check-url`: the clone URL check without the wizard.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use crate::core::clone_url::{self, MAX_INPUT, UrlCheck, UrlFlavor};

use super::CheckUrlArgs;

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Runs `bblink check-url`.
#[allow(clippy::print_stdout)]
pub fn run(args: &CheckUrlArgs) -> ExitCode {
    let input = match args.url.as_deref() {
        Some("-") | None => {
            if std::io::stdin().is_terminal() {
                return usage(
                    "give the URL, or pipe it in (keeps a token out of the shell's history): bblink check-url - < url.txt",
                );
            }
            let mut buf = Vec::new();
            let limit = u64::try_from(MAX_INPUT).unwrap_or(u64::MAX) + 1;
            if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut buf) {
                return usage(&format!("cannot read standard input: {e}"));
            }
            zeroize::Zeroizing::new(String::from_utf8_lossy(&buf).into_owned())
        }
        Some(url) => zeroize::Zeroizing::new(url.to_string()),
    };
    let verdict = clone_url::check(&input);
    if args.json {
        match serde_json::to_string(&verdict) {
            Ok(json) => println!("{json}"),
            Err(e) => return usage(&e.to_string()),
        }
    } else {
        print_text(&verdict);
    }
    if verdict.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[allow(clippy::print_stdout)]
fn print_text(v: &UrlCheck) {
    let mark = if v.ok { "✓ Usable" } else { "✗ Not usable" };
    println!("{mark}: {}", v.summary());
    let facts: Vec<String> = [
        v.host.as_ref().map(|h| format!("host {h}")),
        v.port.map(|p| format!("port {p}")),
        v.workspace.as_ref().map(|w| match v.flavor {
            Some(UrlFlavor::DataCenter) => format!("project {w}"),
            _ => format!("workspace {w}"),
        }),
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

//! The doctor's findings and setup as text lines, shared by `bblink doctor`, `bblink report`
//! and the troubleshooting screen. Findings are written as `severity id: title`, the form
//! `bblink diagnose` reads back.

use std::fmt::Write as _;

use crate::core::catalog;
use crate::core::display::terminal_safe;
use crate::core::problem::Severity;

use super::{Agent, Finding, Report};

/// A finding's title from the catalog.
pub fn title(id: &str) -> &'static str {
    catalog::title(id).unwrap_or("")
}

/// The findings as text: `severity id: title`, where, what, and each fix (the form
/// `bblink diagnose` reads back).
pub fn finding_lines(findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    for f in findings {
        out.push(format!(
            "{:>8} {}: {}",
            f.severity.word(),
            f.id,
            terminal_safe(title(f.id))
        ));
        if let (Some(file), Some(line)) = (&f.file, f.line) {
            let quote = f
                .quote
                .as_deref()
                .map(|q| format!("  {}", terminal_safe(q)))
                .unwrap_or_default();
            out.push(format!("         at {}:{line}{quote}", terminal_safe(file)));
        } else if let Some(file) = &f.file {
            out.push(format!("         in {}", terminal_safe(file)));
        }
        if !f.hosts.is_empty() {
            out.push(format!(
                "         for {}",
                terminal_safe(&f.hosts.join(", "))
            ));
        }
        out.push(format!("         {}", terminal_safe(&f.message)));
        for fix in &f.fix {
            out.push(format!("         fix: {}", terminal_safe(fix)));
        }
    }
    out
}

/// The summary line.
pub fn summary(findings: &[Finding]) -> String {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    match findings.len() {
        0 => "No problem found in this machine's SSH and git setup.".to_string(),
        n => format!(
            "{n} problem{} found: {errors} error{}, {warnings} warning{}.",
            if n == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        ),
    }
}

/// The text report's head: where the doctor looked.
pub fn setup_lines(g: &Report) -> Vec<String> {
    let s = &g.setup;
    let mut out = vec![format!("config  {}", terminal_safe(&s.config))];
    let found = g.facts.files.iter().any(|f| f.path == s.config);
    let others = g.facts.files.len().saturating_sub(usize::from(found));
    let plural = if others == 1 { "" } else { "s" };
    let _ = match (found, others) {
        (true, 0) => Ok(()),
        (true, n) => write!(out[0], " (and {n} more file{plural} read)"),
        (false, n) => {
            let what = if s.config_state == "not_a_file" {
                "not a regular file: not read"
            } else {
                "not there"
            };
            if n == 0 {
                write!(out[0], " ({what})")
            } else {
                write!(out[0], " ({what}; {n} more file{plural} read)")
            }
        }
    };
    if let Some(ssh) = &s.ssh {
        out.push(format!("ssh     {}", terminal_safe(ssh)));
    }
    out.push(match &g.facts.agent {
        Some(Agent::Keys { count, .. }) => format!(
            "agent   running, {count} key{}",
            if *count == 1 { "" } else { "s" }
        ),
        Some(Agent::Broken { .. }) => "agent   SSH_AUTH_SOCK is set, no agent answers".to_string(),
        _ => "agent   none (SSH_AUTH_SOCK is not set)".to_string(),
    });
    if let Some(dir) = &s.repo_dir {
        out.push(format!("repo    {}", terminal_safe(dir)));
    }
    for p in &g.facts.probes {
        let line = match p.effective() {
            Some(e) => format!(
                "host    {} ({}): HostName {}, User {}, Port {}, IdentitiesOnly {}",
                p.host,
                p.why,
                e.get("hostname").unwrap_or("?"),
                e.get("user").unwrap_or("?"),
                e.get("port").unwrap_or("?"),
                e.get("identitiesonly").unwrap_or("?"),
            ),
            None => format!(
                "host    {} ({}): ssh -G gave no configuration",
                p.host, p.why
            ),
        };
        out.push(terminal_safe(&line).into_owned());
    }
    for n in &s.notes {
        out.push(format!("note    {}", terminal_safe(n)));
    }
    out
}

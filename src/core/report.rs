//! The support report (`bblink report`): versions, the clone URL check, the key check
//! (fingerprints only), the connection test with its redacted transcript, and the diagnosis,
//! as Markdown for a ticket. One OK/FAIL/SKIP line per check and a summary line; every line
//! passes through the redaction once more, so nothing secret reaches it even by mistake.

use std::fmt::Write as _;

use crate::core::clone_url::UrlCheck;
use crate::core::conntest::Outcome;
use crate::core::diagnosis::Finding;
use crate::core::doctor;
use crate::core::inspect::Inspection;
use crate::core::redact;

/// What the report is made from.
#[derive(Debug, Default)]
pub struct Facts<'a> {
    /// bblink's version.
    pub bblink: &'a str,
    /// `ssh -V`, when ssh is there.
    pub ssh: Option<&'a str>,
    /// `git --version`, when git is there.
    pub git: Option<&'a str>,
    /// The operating system.
    pub os: &'a str,
    /// The clone URL check, when a URL was given.
    pub url: Option<&'a UrlCheck>,
    /// The key check, when a key was given and read.
    pub key: Option<&'a Inspection>,
    /// Why the key could not be read.
    pub key_error: Option<&'a str>,
    /// The connection test, when it ran.
    pub test: Option<&'a Outcome>,
    /// Why the test did not run.
    pub test_skipped: Option<&'a str>,
    /// The diagnosis of the test's transcript.
    pub findings: &'a [Finding],
    /// The diagnosis of a log given to the report (findings and lines), or why it was not read.
    pub log: Option<Result<(&'a [Finding], usize), &'a str>>,
    /// This machine's SSH and git setup (`bblink doctor`).
    pub machine: Option<&'a doctor::Report>,
}

/// The report and how many checks failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Markdown.
    pub text: String,
    /// Checks that failed (the exit code).
    pub failed: usize,
}

/// The warning at the end.
pub const BEFORE_SHARING: &str = "Before you share this report: bblink left out private keys, passwords, tokens and secrets it recognised, and shows keys by fingerprint only. It still names your repository, host and key comment. Read it once before you attach it to a ticket.";

/// Builds the report.
/// One line per check: its name, whether it passed (none: skipped), and what it found.
fn checks(f: &Facts<'_>) -> Vec<(&'static str, Option<bool>, String)> {
    let mut checks: Vec<(&'static str, Option<bool>, String)> = Vec::new();
    let tools_ok = f.ssh.is_some() && f.git.is_some();
    checks.push((
        "tools",
        Some(tools_ok),
        if tools_ok {
            "ssh and git found".into()
        } else {
            "ssh or git is missing".into()
        },
    ));
    checks.push(match f.url {
        Some(u) => ("clone URL", Some(u.ok), u.summary()),
        None => ("clone URL", None, "no --url given".into()),
    });
    checks.push(match (f.key, f.key_error) {
        (Some(k), _) => (
            "private key",
            Some(k.ok),
            k.fingerprint
                .clone()
                .unwrap_or_else(|| "not a key bblink recognises".into()),
        ),
        (None, Some(e)) => ("private key", Some(false), e.to_string()),
        (None, None) => ("private key", None, "no --key given".into()),
    });
    checks.push(match f.test {
        Some(o) => (
            "connection test",
            Some(o.ok),
            o.failure()
                .map_or_else(|| "the repository can be read".into(), |x| x.title.clone()),
        ),
        None => (
            "connection test",
            None,
            f.test_skipped.unwrap_or("not run").to_string(),
        ),
    });
    match f.log {
        Some(Ok((findings, lines))) => checks.push((
            "log",
            Some(findings.is_empty()),
            findings.iter().find(|x| x.primary).map_or_else(
                || format!("no known problem in {lines} lines"),
                |x| format!("{} ({})", x.title, x.id),
            ),
        )),
        Some(Err(e)) => checks.push(("log", Some(false), format!("not read: {e}"))),
        None => {}
    }
    if let Some(m) = f.machine {
        // Warnings (sharing on, many agent keys) fail in some cases only: the check fails on
        // errors, and the summary counts both.
        let errors = m
            .findings
            .iter()
            .any(|x| x.severity == crate::core::problem::Severity::Error);
        checks.push((
            "this machine",
            Some(!errors),
            doctor::text::summary(&m.findings),
        ));
    }
    checks
}

pub fn build(f: &Facts<'_>) -> Report {
    let checks = checks(f);
    let failed = checks.iter().filter(|c| c.1 == Some(false)).count();
    let ran = checks.iter().filter(|c| c.1.is_some()).count();

    let mut t = String::new();
    let _ = writeln!(t, "# bblink support report\n");
    for (name, ok, line) in &checks {
        let word = match ok {
            Some(true) => "OK  ",
            Some(false) => "FAIL",
            None => "SKIP",
        };
        let _ = writeln!(t, "    {word} {name}: {line}");
    }
    let _ = writeln!(t, "\n{failed} of {ran} checks failed.\n");
    let _ = writeln!(t, "## Versions\n");
    let _ = writeln!(t, "- bblink {}", f.bblink);
    let _ = writeln!(t, "- ssh: {}", f.ssh.unwrap_or("not found"));
    let _ = writeln!(t, "- git: {}", f.git.unwrap_or("not found"));
    let _ = writeln!(t, "- OS: {}\n", f.os);
    if let Some(u) = f.url {
        url_section(&mut t, u);
    }
    if let Some(k) = f.key {
        key_section(&mut t, k);
    }
    if let Some(o) = f.test {
        test_section(&mut t, o);
    }
    if !f.findings.is_empty() {
        diagnosis_section(&mut t, "Diagnosis of the transcript", f.findings);
    }
    if let Some(Ok((findings, lines))) = f.log {
        let heading = format!("Diagnosis of the log ({lines} lines)");
        diagnosis_section(&mut t, &heading, findings);
    }
    if let Some(m) = f.machine {
        machine_section(&mut t, m);
    }
    let _ = writeln!(t, "---\n{BEFORE_SHARING}");
    let text: String = t.lines().map(|l| redact::line(l) + "\n").collect();
    Report { text, failed }
}

/// The findings in the order `bblink diagnose` and the troubleshooting screen give them.
fn diagnosis_section(t: &mut String, heading: &str, findings: &[Finding]) {
    let _ = writeln!(t, "## {heading}\n");
    if findings.is_empty() {
        let _ = writeln!(t, "No known problem.\n");
        return;
    }
    for x in findings {
        let role = if x.primary { "cause" } else { "also" };
        let _ = writeln!(
            t,
            "- `{}` ({role}, {}): {}",
            x.id,
            x.confidence.word(),
            x.title
        );
        for e in &x.evidence {
            let text = crate::core::display::terminal_safe(&e.text).replace('`', "'");
            let _ = writeln!(t, "  - line {}: `{text}`", e.line);
        }
        if x.primary {
            let _ = writeln!(t, "  - fix: {}", x.fix.join(" "));
        }
    }
    t.push('\n');
}

/// The machine's check as `bblink doctor` prints it: where it looked, then each finding.
fn machine_section(t: &mut String, m: &doctor::Report) {
    let _ = writeln!(t, "## This machine's SSH and git setup (bblink doctor)\n");
    for l in doctor::text::setup_lines(m) {
        let _ = writeln!(
            t,
            "- {}",
            l.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    t.push('\n');
    if m.findings.is_empty() {
        let _ = writeln!(t, "{}\n", doctor::text::summary(&m.findings));
        return;
    }
    let _ = writeln!(t, "```");
    for l in doctor::text::finding_lines(&m.findings) {
        let _ = writeln!(t, "{}", l.replace('`', "'"));
    }
    let _ = writeln!(t, "```\n");
}

fn url_section(t: &mut String, u: &UrlCheck) {
    let _ = writeln!(t, "## Clone URL\n");
    let _ = writeln!(t, "- as given: `{}`", u.shown);
    let _ = writeln!(t, "- verdict: {}", u.summary());
    if let Some(ssh) = &u.ssh_url {
        let _ = writeln!(t, "- SSH URL for the service: `{ssh}`");
    }
    for p in &u.problems {
        let _ = writeln!(t, "- {} `{}`: {}", p.severity.word(), p.id_str(), p.message);
    }
    t.push('\n');
}

fn key_section(t: &mut String, k: &Inspection) {
    let _ = writeln!(t, "## Private key (never included; its fingerprint only)\n");
    let _ = writeln!(t, "- format: {}", k.format.unwrap_or("unknown"));
    if let (Some(a), Some(b), Some(fp)) = (&k.algorithm, k.bits, &k.fingerprint) {
        let _ = writeln!(t, "- {a}, {b} bits, {fp}");
    }
    for p in &k.problems {
        let _ = writeln!(t, "- {} `{}`: {}", p.severity.word(), p.id_str(), p.message);
    }
    t.push('\n');
}

fn test_section(t: &mut String, o: &Outcome) {
    let _ = writeln!(t, "## Connection test of `{}`\n", o.url);
    for s in &o.stages {
        let mark = if s.ok { "ok" } else { "FAILED" };
        let _ = writeln!(
            t,
            "- {} {mark} in {} ms: {}",
            s.name.label(),
            s.ms,
            s.detail
        );
    }
    for x in &o.findings {
        let _ = writeln!(
            t,
            "- {} `{}`: {}",
            x.severity.word(),
            x.id.as_str(),
            x.title
        );
    }
    if !o.transcript.trim().is_empty() {
        let _ = writeln!(t, "\nTranscript (redacted):\n\n```");
        t.push_str(&o.transcript);
        let _ = writeln!(t, "```");
    }
    t.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{clone_url, inspect};

    #[test]
    fn one_line_per_check_a_summary_and_the_warning_last() {
        let url = clone_url::check("https://x-token-auth:Zq7TOKEN@bitbucket.org/team/app.git");
        let key = inspect::inspect(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO",
            None,
        );
        let r = build(&Facts {
            bblink: "0.1.0",
            ssh: Some("OpenSSH_9.2p1"),
            git: None,
            os: "linux x86_64",
            url: Some(&url),
            key: Some(&key),
            test_skipped: Some("the URL is not usable"),
            ..Facts::default()
        });
        assert!(
            r.text.contains("FAIL tools") && r.text.contains("FAIL clone URL"),
            "{}",
            r.text
        );
        assert!(
            r.text
                .contains("SKIP connection test: the URL is not usable"),
            "{}",
            r.text
        );
        assert!(r.text.contains("3 of 3 checks failed."), "{}", r.text);
        assert_eq!(r.failed, 3);
        assert!(!r.text.contains("Zq7TOKEN"), "{}", r.text);
        assert!(
            r.text
                .trim_end()
                .ends_with("before you attach it to a ticket.")
        );
    }
}

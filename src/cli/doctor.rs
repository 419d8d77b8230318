//! `bblink doctor`: why this machine fails when the service's test passes. The effective SSH
//! configuration of each Bitbucket host as `ssh -G` resolves it, git's overrides and rewrites,
//! the agent, the key and `known_hosts` files: findings with the catalog's ids, the exact file
//! and line, and the fix. Reads only; exit 0 when nothing is found, 1 when something is.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use crate::adapters::doctor::{Gathered, Request, Setup, gather};
use crate::core::catalog::catalog;
use crate::core::clone_url;
use crate::core::display::terminal_safe;
use crate::core::doctor::{self, Agent, Finding};

use super::out::Out;

/// `bblink doctor` options.
#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Also check this SSH host (a Data Center's, an alias from ~/.ssh/config); repeatable.
    /// ssh.bitbucket.org and bitbucket.org are always checked.
    #[arg(long, value_name = "HOST")]
    pub host: Vec<String>,
    /// Also check the SSH host of this clone URL; repeatable.
    #[arg(long, value_name = "URL")]
    pub url: Vec<String>,
    /// The repository whose remotes and git configuration are read [default: the current
    /// directory].
    #[arg(long, value_name = "DIR")]
    pub repo_dir: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// One host as `ssh -G` resolved it, for the JSON.
#[derive(Serialize)]
struct HostView<'a> {
    host: &'a str,
    why: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hostname: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identities_only: Option<bool>,
    identity_files: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    control_master: Option<&'a str>,
    resolved: bool,
}

#[derive(Serialize)]
struct AgentView<'a> {
    state: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    socket: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keys: Option<usize>,
}

#[derive(Serialize)]
struct FindingView<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    title: &'a str,
}

#[derive(Serialize)]
struct Json<'a> {
    ok: bool,
    setup: &'a Setup,
    hosts: Vec<HostView<'a>>,
    agent: AgentView<'a>,
    findings: Vec<FindingView<'a>>,
}

/// What the doctor is asked to look at: the hosts of `--host` and `--url`, and the repository.
pub fn request(hosts: &[String], urls: &[String], repo_dir: Option<PathBuf>) -> Request {
    let mut req = Request {
        hosts: hosts
            .iter()
            .map(|h| (h.trim().to_string(), "--host".to_string()))
            .collect(),
        repo_dir,
    };
    for u in urls {
        let check = clone_url::check(u);
        if let Some(host) = check
            .usable()
            .or(check.repair())
            .and_then(doctor::remote_ssh_host)
        {
            req.hosts.push((host, "the clone URL".to_string()));
        }
    }
    req
}

/// A finding's title from the catalog.
pub fn title(id: &str) -> &'static str {
    catalog()
        .ok()
        .and_then(|c| c.get(id))
        .map_or("", |e| e.title.as_str())
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
    use crate::core::problem::Severity;
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

fn agent_view(agent: Option<&Agent>) -> AgentView<'_> {
    match agent {
        None | Some(Agent::Unset) => AgentView {
            state: "unset",
            socket: None,
            keys: None,
        },
        Some(Agent::Broken { socket, .. }) => AgentView {
            state: "broken",
            socket: Some(socket),
            keys: None,
        },
        Some(Agent::Keys { socket, count }) => AgentView {
            state: "running",
            socket: Some(socket),
            keys: Some(*count),
        },
    }
}

fn host_views(g: &Gathered) -> Vec<HostView<'_>> {
    g.facts
        .probes
        .iter()
        .map(|p| {
            let eff = p.effective();
            HostView {
                host: &p.host,
                why: &p.why,
                hostname: eff.and_then(|e| e.get("hostname")),
                user: eff.and_then(|e| e.get("user")),
                port: eff.and_then(|e| e.get("port")),
                identities_only: eff
                    .and_then(|e| e.get("identitiesonly"))
                    .map(|v| v == "yes"),
                identity_files: eff
                    .map(doctor::Effective::identity_files)
                    .unwrap_or_default(),
                control_master: eff.and_then(|e| e.get("controlmaster")),
                resolved: eff.is_some(),
            }
        })
        .collect()
}

/// The text report's head: where the doctor looked.
pub fn setup_lines(g: &Gathered) -> Vec<String> {
    let s = &g.setup;
    let mut out = vec![format!("config  {}", terminal_safe(&s.config))];
    let others = g.facts.files.len().saturating_sub(1);
    if others > 0 {
        let s = if others == 1 { "" } else { "s" };
        let _ = write!(out[0], " (and {others} more file{s} read)");
    }
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

/// Runs `bblink doctor`.
pub fn run(args: &DoctorArgs) -> ExitCode {
    let mut out = Out::new(args.json);
    if let Some(dir) = &args.repo_dir
        && !dir.is_dir()
    {
        return out.error(
            "usage",
            &format!("--repo-dir {} is not a directory", dir.display()),
            "Give the directory of a checkout.",
            super::out::USAGE,
        );
    }
    let g = gather(&request(&args.host, &args.url, args.repo_dir.clone()));
    let findings = doctor::examine(&g.facts);
    let code = u8::from(!findings.is_empty());
    if args.json {
        let value = Json {
            ok: findings.is_empty(),
            setup: &g.setup,
            hosts: host_views(&g),
            agent: agent_view(g.facts.agent.as_ref()),
            findings: findings
                .iter()
                .map(|f| FindingView {
                    finding: f,
                    title: title(f.id),
                })
                .collect(),
        };
        return out.finish(&value, code);
    }
    out.line("bblink doctor: this machine's SSH and git setup");
    for l in setup_lines(&g) {
        out.line(format_args!("  {l}"));
    }
    out.line("");
    for l in finding_lines(&findings) {
        out.line(l);
    }
    if !findings.is_empty() {
        out.line("");
    }
    out.line(summary(&findings));
    out.finish(&(), code)
}

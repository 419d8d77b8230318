//! `bblink doctor`: why this machine fails when the service's test passes. The effective SSH
//! configuration of each Bitbucket host as `ssh -G` resolves it, git's overrides and rewrites,
//! the agent, the key and `known_hosts` files: findings with the catalog's ids, the exact file
//! and line, and the fix. Reads only; exit 0 when nothing is found, 1 when something is.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use crate::adapters::doctor::{Request, gather, usable_host};
use crate::core::clone_url;
use crate::core::doctor::text::{finding_lines, setup_lines, summary, title};
use crate::core::doctor::{self, Agent, Finding, Report, Setup};

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
    /// How long each ssh, git or ssh-add call may take, in seconds (a `Match exec` command in
    /// the config runs under `ssh -G`).
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
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

/// What the doctor is asked to look at: the hosts of `--host` and `--url` (an SSH URL's own
/// host, as it would connect; another URL's SSH form, said in a note), and the repository.
pub fn request(hosts: &[String], urls: &[String], repo_dir: Option<PathBuf>) -> Request {
    let mut req = Request {
        hosts: hosts
            .iter()
            .map(|h| (h.trim().to_string(), "--host".to_string()))
            .collect(),
        repo_dir,
        limit: None,
        notes: Vec::new(),
    };
    for u in urls {
        let shown = crate::core::redact::line(u.trim());
        if let Some(host) = doctor::remote_ssh_host(u.trim()) {
            req.hosts.push((host, format!("--url {shown}")));
            continue;
        }
        let check = clone_url::check(u);
        if let Some(ssh) = check.usable().or(check.repair())
            && let Some(host) = doctor::remote_ssh_host(ssh)
        {
            req.notes.push(format!(
                "--url {shown} is not an SSH URL: its SSH form's host, {host}, was checked."
            ));
            req.hosts.push((host, format!("--url {shown}")));
        }
    }
    req
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
        Some(Agent::Keys { socket, count, .. }) => AgentView {
            state: "running",
            socket: Some(socket),
            keys: Some(*count),
        },
    }
}

fn host_views(g: &Report) -> Vec<HostView<'_>> {
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

/// The check, or the exit code of the signal that stopped it (its children stopped too).
fn gather_or_signal(req: Request) -> Result<Report, u8> {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return Ok(gather(&req));
    };
    let answer = rt.block_on(async {
        tokio::select! {
            g = tokio::task::spawn_blocking(move || gather(&req)) => g.map_err(|_| 1),
            code = crate::adapters::platform::shutdown_signal() => {
                crate::adapters::doctor::stop_all();
                Err(code)
            }
        }
    });
    rt.shutdown_background();
    answer
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
    if let Some(h) = args
        .host
        .iter()
        .find(|h| !usable_host(h.trim()) || h.trim().contains(char::is_whitespace))
    {
        return out.error(
            "usage",
            &format!("--host {h:?} is not a host name"),
            "Give a host name such as bitbucket.example.com, or an alias of ~/.ssh/config.",
            super::out::USAGE,
        );
    }
    if let Some(u) = args
        .url
        .iter()
        .find(|u| request(&[], &[(*u).clone()], None).hosts.is_empty())
    {
        return out.error(
            "usage",
            &format!(
                "--url {} is not a clone URL bblink can read",
                crate::core::redact::line(u)
            ),
            "Give the repository's clone URL, such as git@ssh.bitbucket.org:acme/app.git.",
            super::out::USAGE,
        );
    }
    let req = Request {
        limit: Some(std::time::Duration::from_secs(args.timeout)),
        ..request(&args.host, &args.url, args.repo_dir.clone())
    };
    let g = match gather_or_signal(req) {
        Ok(g) => g,
        Err(code) => {
            super::out::say("Cancelled: the check's ssh and git processes were stopped.");
            return ExitCode::from(code);
        }
    };
    let findings = &g.findings;
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
    for l in finding_lines(findings) {
        out.line(l);
    }
    if !findings.is_empty() {
        out.line("");
    }
    out.line(summary(findings));
    out.finish(&(), code)
}

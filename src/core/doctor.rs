//! `bblink doctor`'s judgement of a machine's SSH and git setup, pure: the facts the adapter
//! gathered (what `ssh -G` resolved for each Bitbucket host, the config files' lines, git's
//! configuration with its origins, the agent, the key and `known_hosts` files) in, findings
//! with stable catalog ids, the exact file and line, and the fix out. What applies to a host is
//! what `ssh -G` printed; the config files are read only to point at the line. git's side (its
//! remotes and rewrite rules) is in `git`.

use serde::Serialize;

use crate::core::known_hosts::{self, KnownHostsId};
use crate::core::problem::Severity;
use crate::core::redact;
use crate::core::ssh_config::Directive;

/// Cloud's SSH host since the 2026 move.
pub const CLOUD_SSH: &str = "ssh.bitbucket.org";
/// Cloud's web host, which served SSH before the move.
pub const CLOUD_WEB: &str = "bitbucket.org";

/// Keys offered before a server commonly gives up: OpenSSH's `MaxAuthTries` is 6, and Bitbucket
/// does not publish its own limit, so more than this many is worth a warning either way.
pub const KEYS_BEFORE_GIVING_UP: usize = 5;

/// Where the doctor looked.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Setup {
    /// `$HOME`.
    pub home: String,
    /// The passwd entry's home, which ssh uses for `~`, when it is not `$HOME`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh_home: Option<String>,
    /// The user config checked.
    pub config: String,
    /// What it is: `read`, `missing`, or `not_a_file` (a pipe or a device: not read).
    pub config_state: String,
    /// The repository read, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo_dir: Option<String>,
    /// What `ssh -V` says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssh: Option<String>,
    /// Things to know about how the check was made.
    pub notes: Vec<String>,
}

/// A whole check: where it looked, what it found, and the findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Where the doctor looked.
    pub setup: Setup,
    /// What it found.
    pub facts: Facts,
    /// The findings, errors first.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Judges the facts.
    pub fn new(setup: Setup, facts: Facts) -> Self {
        let findings = examine(&facts);
        Self {
            setup,
            facts,
            findings,
        }
    }
}

/// A finding, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The catalog id.
    pub id: &'static str,
    /// Error: ssh or git will fail because of it; warning: it fails in some cases.
    pub severity: Severity,
    /// What was found, for this machine (redacted).
    pub message: String,
    /// The hosts it concerns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    /// The file it is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The line in that file (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The line as written (redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// What to do: commands or config lines to copy, in order.
    pub fix: Vec<String>,
}

impl Finding {
    fn new(id: &'static str, severity: Severity, message: impl AsRef<str>) -> Self {
        Self {
            id,
            severity,
            message: redact::line(message.as_ref()),
            hosts: Vec::new(),
            file: None,
            line: None,
            quote: None,
            fix: Vec::new(),
        }
    }

    fn at(mut self, file: &str, d: &Directive) -> Self {
        self.file = Some(redact::line(file));
        self.line = Some(d.line);
        self.quote = Some(redact::line(&d.text));
        self
    }

    fn fix(mut self, fix: impl IntoIterator<Item = String>) -> Self {
        self.fix = fix.into_iter().map(|f| redact::line(&f)).collect();
        self
    }

    fn host(mut self, host: &str) -> Self {
        self.hosts.push(redact::line(host));
        self
    }
}

/// Every id the doctor names, in the order findings are listed: what stops ssh from running
/// at all first, then what makes it fail, then what fails in some cases.
pub const IDS: [&str; 16] = [
    "ssh_missing",
    "git_missing",
    "ssh_config_unsupported_option",
    "ssh_config_bad_permissions",
    "ssh_config_invalid_value",
    "legacy_ssh_host",
    "known_hosts_old_rsa",
    "known_hosts_unknown_key",
    "host_block_not_applied",
    "git_ssh_override",
    "insteadof_rewrite",
    "key_bad_permissions",
    "identity_missing",
    "too_many_auth_failures",
    "connection_sharing",
    "agent_socket_broken",
];

/// The findings, errors first.
pub fn examine(facts: &Facts) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    config_refused(facts, &mut out);
    legacy_remotes(facts, &mut out);
    legacy_asked(facts, &mut out);
    known_hosts_lines(facts, &mut out);
    blocks_not_applied(facts, &mut out);
    git_overrides(facts, &mut out);
    rewrites(facts, &mut out);
    identities(facts, &mut out);
    too_many_keys(facts, &mut out);
    sharing(facts, &mut out);
    agent(facts, &mut out);
    // Sharing is turned off for the hosts it concerns, by the names ssh matches (an alias's own).
    for f in out.iter_mut().filter(|f| f.id == "connection_sharing") {
        f.fix = vec![format!(
            "Turn it off for Bitbucket above the block that turns it on: `Host {}` with `ControlMaster no` and `ControlPath none`.",
            f.hosts.join(" ")
        )];
    }
    out.sort_by_key(|f| {
        (
            std::cmp::Reverse(f.severity),
            IDS.iter().position(|id| *id == f.id).unwrap_or(IDS.len()),
        )
    });
    out
}

/// Adds `f`, or only its host to an equal finding already there (one per file and line).
fn push(out: &mut Vec<Finding>, f: Finding) {
    if let Some(same) = out
        .iter_mut()
        .find(|o| o.id == f.id && o.file == f.file && o.line == f.line && o.message == f.message)
    {
        for h in f.hosts {
            if !same.hosts.contains(&h) {
                same.hosts.push(h);
            }
        }
        return;
    }
    out.push(f);
}

/// The first directive with this keyword for which `pred` holds, and its file.
fn find<'a>(
    files: &'a [ConfigFile],
    keyword: &str,
    pred: impl Fn(&Directive) -> bool,
) -> Option<(&'a str, &'a Directive)> {
    files.iter().find_map(|f| {
        f.directives
            .iter()
            .find(|d| d.keyword == keyword && pred(d))
            .map(|d| (f.path.as_str(), d))
    })
}

/// Like [`find`], for the line that most likely applies to `host`: first one in a block whose
/// Host line names it as written, then one in a `Host *` block, then any. (A hint for pointing
/// at a line; what applies was decided by `ssh -G`.)
fn find_for<'a>(
    files: &'a [ConfigFile],
    keyword: &str,
    host: &str,
    pred: impl Fn(&Directive) -> bool,
) -> Option<(&'a str, &'a Directive)> {
    let in_block = |want: &dyn Fn(&Directive) -> bool| {
        files.iter().find_map(|f| {
            f.directives
                .iter()
                .find(|d| {
                    d.keyword == keyword
                        && pred(d)
                        && d.block.is_some_and(|b| {
                            f.directives
                                .iter()
                                .any(|h| h.line == b && h.keyword == "host" && want(h))
                        })
                })
                .map(|d| (f.path.as_str(), d))
        })
    };
    in_block(&|h| h.args.iter().any(|a| a.eq_ignore_ascii_case(host)))
        .or_else(|| in_block(&|h| h.args.iter().any(|a| a == "*")))
        .or_else(|| find(files, keyword, &pred))
}

fn config_refused(facts: &Facts, out: &mut Vec<Finding>) {
    for p in &facts.probes {
        match &p.resolved {
            Resolved::Config { ignored, .. } => {
                for b in ignored {
                    push(out, unsupported(b, &facts.files).host(&p.host));
                }
            }
            Resolved::Refused(message) => {
                let (id, said, fix) = refusal(message);
                let mut f = Finding::new(id, Severity::Error, format!("{said}: {message}"))
                    .fix([fix.to_string()])
                    .host(&p.host);
                if let Some((file, line)) = named_line(message) {
                    f.file = Some(redact::line(&file));
                    f.line = Some(line);
                }
                push(out, f);
            }
            Resolved::NoSsh(message) => push(
                out,
                Finding::new(
                    "ssh_missing",
                    Severity::Error,
                    format!("ssh could not be run: {message}"),
                )
                .fix(["Install OpenSSH's client (`ssh`) and make sure it is on PATH.".to_string()]),
            ),
        }
    }
}

/// How ssh's refusal reads: its id, what it is, and the fix.
fn refusal(message: &str) -> (&'static str, &'static str, &'static str) {
    if message.contains(" /dev/") {
        (
            "ssh_config_invalid_value",
            "ssh's configuration names a device",
            "Remove the `Include` (or the link) that makes ssh read a device; never change the device's permissions.",
        )
    } else if message.contains("Bad owner or permissions") {
        (
            "ssh_config_bad_permissions",
            "ssh refuses its configuration",
            "`chmod 600` the file ssh names (a regular file that belongs to you), and `chmod 700 ~/.ssh`.",
        )
    } else if message.contains("Permission denied") || message.contains("Can't open") {
        (
            "ssh_config_bad_permissions",
            "ssh cannot read its configuration",
            "Make the file ssh names readable by you: `ls -l` it, then `chmod 600` it if it is yours.",
        )
    } else if message.contains("gave no answer within") {
        (
            "ssh_config_invalid_value",
            "ssh does not finish reading its configuration",
            "Look in the files read for a `Match exec` command that waits, or an `Include` of a pipe or a device, and remove it.",
        )
    } else {
        (
            "ssh_config_invalid_value",
            "ssh refuses its configuration",
            "Correct the line ssh names (`man ssh_config` lists each option's values).",
        )
    }
}

/// An option ssh refused, at the line ssh named, spelled as the file spells it.
fn unsupported(b: &BadOption, files: &[ConfigFile]) -> Finding {
    let d = files
        .iter()
        .filter(|f| f.path == b.file)
        .flat_map(|f| f.directives.iter())
        .find(|d| d.line == b.line && d.keyword == b.option);
    let name = d
        .and_then(|d| d.text.split(|c: char| c.is_whitespace() || c == '=').next())
        .unwrap_or(&b.option);
    let whose = if b.option == "usekeychain" {
        "it exists only in Apple's ssh"
    } else {
        "another build or a newer version of OpenSSH has it"
    };
    let f = Finding::new(
        "ssh_config_unsupported_option",
        Severity::Error,
        format!(
            "ssh stops before it connects: {name} is not an option this ssh knows ({whose}; ssh: \"Bad configuration option: {}\").",
            b.option
        ),
    )
    .fix([
        format!(
            "Put `IgnoreUnknown {name}` at the top of {}, before line {}.",
            b.file, b.line
        ),
        "Or remove the line, or keep it only where it is known (inside `Match exec \"uname -s | grep -q Darwin\"` for Apple's ssh).".to_string(),
    ]);
    match d {
        Some(d) => f.at(&b.file, d),
        None => Finding {
            file: Some(redact::line(&b.file)),
            line: Some(b.line),
            ..f
        },
    }
}

/// The hosts Cloud served SSH on before the move (`altssh` on port 443).
fn is_legacy(host: &str) -> bool {
    host.eq_ignore_ascii_case(CLOUD_WEB) || host.eq_ignore_ascii_case("altssh.bitbucket.org")
}

/// The URL on Cloud's SSH host (port 443 of `altssh` dropped).
fn new_host_url(url: &facts::SshUrl<'_>) -> String {
    let moved = url.with_host(CLOUD_SSH);
    moved.replacen("ssh.bitbucket.org:443/", "ssh.bitbucket.org/", 1)
}

/// Hosts asked for (`--host`, `--url`) that ssh sends to bitbucket.org.
fn legacy_asked(facts: &Facts, out: &mut Vec<Finding>) {
    for p in &facts.probes {
        let url = p.why.strip_prefix("--url ");
        // Remotes are judged by `legacy_remotes`; Cloud's own host, by what the config makes
        // of it (a `HostName bitbucket.org` in a block that matches it).
        if !p.judged || p.why.starts_with("remote ") {
            continue;
        }
        if !p
            .effective()
            .and_then(|e| e.get("hostname"))
            .is_some_and(is_legacy)
        {
            continue;
        }
        let fix = match url.and_then(ssh_host_of) {
            Some(u) if is_legacy(u.host) => format!("Use {}", new_host_url(&u)),
            _ if is_legacy(&p.host) => {
                format!("Use {CLOUD_SSH} (git@{CLOUD_SSH}:WORKSPACE/REPO.git).")
            }
            _ => format!("Make the `HostName` that applies to it `HostName {CLOUD_SSH}`."),
        };
        let mut f = Finding::new(
            "legacy_ssh_host",
            Severity::Error,
            format!(
                "{} ({}) connects over SSH to {}, which serves SSH no more (Cloud SSH moved to ssh.bitbucket.org).",
                p.host,
                p.why,
                p.effective().and_then(|e| e.get("hostname")).unwrap_or(CLOUD_WEB)
            ),
        )
        .fix([fix])
        .host(&p.host);
        if !is_legacy(&p.host)
            && let Some((file, d)) =
                find_for(&facts.files, "hostname", &p.host, |d| is_legacy(&d.value()))
        {
            f = f.at(file, d);
        }
        push(out, f);
    }
}

/// A word for a POSIX shell command.
fn shell_word(s: &str) -> String {
    shlex::try_quote(s).map_or_else(|_| s.to_string(), std::borrow::Cow::into_owned)
}

fn known_hosts_lines(facts: &Facts, out: &mut Vec<Finding>) {
    for file in &facts.known_hosts {
        let Some(text) = &file.text else { continue };
        for k in known_hosts::check(text).findings {
            let id = match k.id {
                KnownHostsId::KnownHostsOldRsa => "known_hosts_old_rsa",
                KnownHostsId::KnownHostsUnknownKey => "known_hosts_unknown_key",
                _ => continue,
            };
            let mut f = Finding::new(id, Severity::Error, k.message).fix([
                format!(
                    "bblink known-hosts --check {} --fix",
                    shell_word(&file.path)
                ),
                k.fix,
            ]);
            f.file = Some(redact::line(&file.path));
            f.line = k.line;
            push(out, f);
        }
    }
}

/// Keywords whose value `ssh -G` prints as written, compared to tell whether a block applied.
const COMPARABLE: [&str; 8] = [
    "identityfile",
    "identitiesonly",
    "user",
    "port",
    "proxyjump",
    "proxycommand",
    "identityagent",
    "certificatefile",
];

fn blocks_not_applied(facts: &Facts, out: &mut Vec<Finding>) {
    let eff = |host: &str| {
        facts
            .probes
            .iter()
            .find(|p| p.host == host)
            .and_then(Probe::effective)
    };
    let (Some(old), Some(new)) = (eff(CLOUD_WEB), eff(CLOUD_SSH)) else {
        return;
    };
    // ssh prints a flag as `yes` or `true` whatever the file says: compare them as one.
    let flag = |v: &str| match v.to_ascii_lowercase().as_str() {
        "yes" | "true" => "yes".to_string(),
        "no" | "false" => "no".to_string(),
        other => other.to_string(),
    };
    let has = |e: &Effective, d: &Directive| {
        let value = flag(&d.value());
        e.all(&d.keyword).iter().any(|v| flag(v) == value)
    };
    let names_new = |d: &Directive| d.args.iter().any(|a| a.eq_ignore_ascii_case(CLOUD_SSH));
    // A block of its own for ssh.bitbucket.org with a key: the move was made on purpose.
    let own_block = facts.files.iter().any(|f| {
        f.directives.iter().any(|h| {
            h.keyword == "host"
                && names_new(h)
                && f.directives
                    .iter()
                    .any(|d| d.block == Some(h.line) && d.keyword == "identityfile")
        })
    });
    if own_block {
        return;
    }
    for file in &facts.files {
        for host_line in file.directives.iter().filter(|d| d.keyword == "host") {
            // `Host * !ssh.bitbucket.org` leaves the new host out on purpose.
            if host_line.args.iter().any(|a| {
                a.strip_prefix('!')
                    .is_some_and(|n| n.eq_ignore_ascii_case(CLOUD_SSH))
            }) {
                continue;
            }
            let inside: Vec<&Directive> = file
                .directives
                .iter()
                .filter(|d| {
                    d.block == Some(host_line.line) && COMPARABLE.contains(&d.keyword.as_str())
                })
                .collect();
            // The block applies to bitbucket.org (ssh says its settings are in force there)
            // but not all of them reach ssh.bitbucket.org.
            let applies_old = !inside.is_empty() && inside.iter().all(|d| has(old, d));
            let missing: Vec<&str> = inside
                .iter()
                .filter(|d| !has(new, d))
                .map(|d| d.text.as_str())
                .collect();
            if !applies_old || missing.is_empty() {
                continue;
            }
            let mut patterns = host_line.args.clone();
            patterns.push(CLOUD_SSH.to_string());
            let mut fix = vec![format!(
                "Make line {} `Host {}`.",
                host_line.line,
                patterns.join(" ")
            )];
            // A HostName (or the port 443 of altssh) in the block would send the new host to the
            // old one: it changes with the Host line.
            for d in file
                .directives
                .iter()
                .filter(|d| d.block == Some(host_line.line))
            {
                if d.keyword == "hostname" && is_legacy(&d.value()) {
                    fix.push(format!("And line {} `HostName {CLOUD_SSH}`.", d.line));
                } else if d.keyword == "port" && d.value() == "443" {
                    fix.push(format!("And remove line {} (`{}`).", d.line, d.text));
                }
            }
            let f = Finding::new(
                "host_block_not_applied",
                Severity::Error,
                format!(
                    "This block sets {} for bitbucket.org, but Cloud SSH is now ssh.bitbucket.org, which it does not match: ssh connects there without these settings.",
                    missing.join(", ")
                ),
            )
            .at(&file.path, host_line)
            .fix(fix)
            .host(CLOUD_SSH);
            push(out, f);
        }
    }
}

fn identities(facts: &Facts, out: &mut Vec<Finding>) {
    for id in &facts.identities {
        let hosts: Vec<&str> = facts
            .probes
            .iter()
            .filter(|p| p.judged().is_some() && id.hosts.contains(&p.host))
            .map(|p| p.host.as_str())
            .collect();
        if hosts.is_empty() {
            continue;
        }
        let shown = id.path.clone().unwrap_or_else(|| id.written.clone());
        let named = find(&facts.files, "identityfile", |d| d.value() == id.written);
        let f = match id.state {
            // A default file (~/.ssh/id_ed25519, …) that is not there is normal.
            FileState::Missing if named.is_some() => Finding::new(
                "identity_missing",
                Severity::Warning,
                format!("IdentityFile {shown} does not exist: ssh skips it silently and offers other keys (or none)."),
            )
            .fix([
                "Correct the path (an absolute path, or one under ~/.ssh), or remove the line.".to_string(),
                "`ls -l ~/.ssh` lists the keys that are there.".to_string(),
            ]),
            FileState::Unreadable if named.is_some() => Finding::new(
                "identity_missing",
                Severity::Warning,
                format!("IdentityFile {shown} cannot be read (not a file, or no permission): ssh skips it."),
            )
            .fix([format!("ls -l {}", shell_word(&shown))]),
            FileState::Present { open: true, mode } => Finding::new(
                "key_bad_permissions",
                Severity::Error,
                format!(
                    "The private key {shown} can be read by others{}: ssh refuses to use it (\"UNPROTECTED PRIVATE KEY FILE!\").",
                    mode.map(|m| format!(" (mode {:04o})", m & 0o7777)).unwrap_or_default()
                ),
            )
            .fix([format!("chmod 600 {}", shell_word(&shown))]),
            _ => continue,
        };
        let mut f = match named {
            Some((file, d)) => f.at(file, d),
            None => f,
        };
        for h in hosts {
            f = f.host(h);
        }
        push(out, f);
    }
}

fn too_many_keys(facts: &Facts, out: &mut Vec<Finding>) {
    let (agent_keys, in_agent) = match &facts.agent {
        Some(Agent::Keys {
            count,
            fingerprints,
            ..
        }) => (*count, fingerprints.as_slice()),
        _ => (0, &[][..]),
    };
    for p in &facts.probes {
        let Some(eff) = p.judged() else { continue };
        if eff.get("identitiesonly") == Some("yes") {
            continue;
        }
        // ssh offers a key once: a file whose key the agent holds is not counted again.
        let mut seen: Vec<&str> = Vec::new();
        let files = eff
            .identity_files()
            .iter()
            .filter_map(|w| {
                facts.identities.iter().find(|i| {
                    i.written == *w
                        && i.hosts.contains(&p.host)
                        && matches!(i.state, FileState::Present { .. })
                })
            })
            .filter(|i| match i.fingerprint.as_deref() {
                Some(fp) if in_agent.iter().any(|a| a == fp) || seen.contains(&fp) => false,
                Some(fp) => {
                    seen.push(fp);
                    true
                }
                None => true,
            })
            .count();
        let total = agent_keys + files;
        if total <= KEYS_BEFORE_GIVING_UP {
            continue;
        }
        let f = Finding::new(
            "too_many_auth_failures",
            Severity::Warning,
            format!(
                "ssh offers up to {total} keys one after another ({agent_keys} in the agent, {files} more in key files) and IdentitiesOnly is off: servers commonly close the connection after 6 refused keys (OpenSSH's default MaxAuthTries), before the right one's turn (\"Too many authentication failures\")."
            ),
        )
        .fix([
            format!("In ~/.ssh/config: `Host {CLOUD_SSH}` with `IdentityFile KEY` and `IdentitiesOnly yes` (the key Bitbucket knows)."),
            "Or remove keys you do not need from the agent: `ssh-add -D`, then `ssh-add KEY`.".to_string(),
        ])
        .host(&p.host);
        push(out, f);
    }
}

fn sharing(facts: &Facts, out: &mut Vec<Finding>) {
    for p in &facts.probes {
        let Some(eff) = p.judged() else { continue };
        let Some(mode) = eff.get("controlmaster") else {
            continue;
        };
        // Without a ControlPath (or with `none`) ssh shares nothing, whatever ControlMaster says.
        if !matches!(mode, "true" | "auto" | "ask" | "autoask")
            || eff.get("controlpath").is_none_or(|p| p == "none")
        {
            continue;
        }
        let written = |d: &Directive| {
            let v = d.value().to_ascii_lowercase();
            let v = match v.as_str() {
                "yes" => "true",
                "no" => "false",
                other => other,
            };
            v == mode
        };
        let mut f = Finding::new(
            "connection_sharing",
            Severity::Warning,
            format!(
                "ssh shares one connection between commands (ControlMaster {mode}): users report Bitbucket refusing more channels on a shared connection (\"cannot open additional channels\"), and a stale or too long ControlPath fails."
            ),
        )
        .fix([format!(
            "Turn it off for Bitbucket, above the block that turns it on: `Host {CLOUD_SSH}` with `ControlMaster no` and `ControlPath none`."
        )])
        .host(&p.host);
        if let Some((file, d)) = find_for(&facts.files, "controlmaster", &p.host, written) {
            f = f.at(file, d);
        }
        push(out, f);
    }
}

fn agent(facts: &Facts, out: &mut Vec<Finding>) {
    if let Some(Agent::Broken { socket, message }) = &facts.agent {
        push(
            out,
            Finding::new(
                "agent_socket_broken",
                Severity::Warning,
                format!("The agent socket {socket} (SSH_AUTH_SOCK, or IdentityAgent in the config) has no agent answering ({message}): keys held only by an agent are not offered."),
            )
            .fix([
                "eval \"$(ssh-agent -s)\" && ssh-add KEY".to_string(),
                "Or `unset SSH_AUTH_SOCK` and give the key with `-i KEY -o IdentitiesOnly=yes`.".to_string(),
            ]),
        );
    }
}

mod facts;
mod git;
pub mod text;

pub use facts::{
    Agent, BadOption, ConfigFile, Effective, Facts, FileState, GitValue, Identity, KnownHostsFile,
    Probe, Resolved, bad_options, expand_identity, git_line, git_lines, remote_ssh_host,
    remote_ssh_port,
};
use facts::{named_line, ssh_host_of};
pub use git::remote_hosts;
use git::{git_overrides, legacy_remotes, rewrites};

#[cfg(test)]
mod tests;

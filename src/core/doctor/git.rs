//! git's side of the machine: the remotes as git connects to them (each fetch and push URL
//! after git's `insteadOf` and `pushInsteadOf` rules: the longest matching prefix wins, as git
//! documents; ssh's rules for hosts stay `ssh -G`'s), and the findings git's configuration
//! makes: remotes on the old host, `GIT_SSH_COMMAND` and `core.sshCommand`, rewrite rules.

use std::fmt::Write as _;

use crate::core::problem::Severity;
use crate::core::redact;

use super::facts::{Facts, GitValue, Probe, remote_ssh_host, ssh_host_of};
use super::{CLOUD_SSH, CLOUD_WEB, Finding, find_for, is_legacy, new_host_url, push, shell_word};

/// The remotes in git's configuration: (name, variable, value, value's origin).
pub(super) fn remotes(facts: &Facts) -> Vec<(&str, &GitValue)> {
    facts
        .git
        .iter()
        .flatten()
        .filter_map(|v| {
            let rest = v.key.strip_prefix("remote.")?;
            let name = rest
                .strip_suffix(".url")
                .or_else(|| rest.strip_suffix(".pushurl"))?;
            Some((name, v))
        })
        .collect()
}

/// The rule with the longest prefix of `url`, and the URL it makes.
fn apply<'a>(
    url: &str,
    rules: &[(&'a str, &'a GitValue)],
) -> Option<(String, (&'a str, &'a GitValue))> {
    rules
        .iter()
        .filter(|(_, v)| !v.value.is_empty() && url.starts_with(&v.value))
        .max_by_key(|(_, v)| v.value.len())
        .map(|(base, v)| (format!("{base}{}", &url[v.value.len()..]), (*base, *v)))
}

/// A remote's URL as git uses it: after its `insteadOf` (or, for pushing, `pushInsteadOf`) rule.
pub(super) struct RemoteUrl<'a> {
    pub(super) name: &'a str,
    pub(super) push: bool,
    pub(super) url: String,
    pub(super) value: &'a GitValue,
    /// The rule that rewrote it: its base and where it is set.
    pub(super) rule: Option<(&'a str, &'a GitValue)>,
}

/// Every remote's fetch and push URL after git's rewrite rules (the longest matching prefix wins,
/// as git documents; `pushInsteadOf` applies to a push URL taken from `url`).
pub(super) fn remote_urls(facts: &Facts) -> Vec<RemoteUrl<'_>> {
    let rules = |suffix: &str| -> Vec<(&str, &GitValue)> {
        facts
            .git
            .iter()
            .flatten()
            .filter_map(|v| {
                let base = v.key.strip_prefix("url.")?.strip_suffix(suffix)?;
                Some((base, v))
            })
            .collect()
    };
    let (fetch, push) = (rules(".insteadof"), rules(".pushinsteadof"));
    let mut out = Vec::new();
    let all = remotes(facts);
    for (name, v) in &all {
        let is_push = v.key.ends_with(".pushurl");
        let (url, rule) =
            apply(&v.value, &fetch).map_or((v.value.clone(), None), |(u, r)| (u, Some(r)));
        out.push(RemoteUrl {
            name,
            push: is_push,
            url,
            value: v,
            rule,
        });
        // Without a pushurl, git pushes to `url` rewritten by pushInsteadOf.
        let has_pushurl = all
            .iter()
            .any(|(n, p)| n == name && p.key.ends_with(".pushurl"));
        if !is_push
            && !has_pushurl
            && let Some((u, r)) = apply(&v.value, &push)
        {
            out.push(RemoteUrl {
                name,
                push: true,
                url: u,
                value: v,
                rule: Some(r),
            });
        }
    }
    out
}

/// The SSH hosts of the remotes as git connects to them (after its rewrite rules), with the
/// remote's name.
pub fn remote_hosts(facts: &Facts) -> Vec<(String, String)> {
    remote_urls(facts)
        .into_iter()
        .filter_map(|r| Some((remote_ssh_host(&r.url)?, format!("remote {}", r.name))))
        .collect()
}

pub(super) fn legacy_remotes(facts: &Facts, out: &mut Vec<Finding>) {
    for r in remote_urls(facts) {
        let Some(url) = ssh_host_of(&r.url) else {
            continue;
        };
        let host = url.host;
        let Some(eff) = facts
            .probes
            .iter()
            .find(|p| p.host.eq_ignore_ascii_case(host))
            .and_then(Probe::effective)
        else {
            continue;
        };
        if !eff.get("hostname").is_some_and(is_legacy) {
            continue;
        }
        let how = if r.push { "pushes" } else { "connects" };
        let mut f = Finding::new(
            "legacy_ssh_host",
            Severity::Error,
            format!(
                "Remote {} {how} over SSH to {}, which serves SSH no more (Cloud SSH moved to ssh.bitbucket.org): {}",
                r.name,
                eff.get("hostname").unwrap_or(CLOUD_WEB),
                r.url
            ),
        )
        .host(host);
        if let Some((base, rule)) = r.rule {
            // git's own rewrite rule makes it: the fix is the rule's base.
            let new_base =
                ssh_host_of(base).map_or_else(|| format!("git@{CLOUD_SSH}:"), |b| new_host_url(&b));
            f = f.fix([format!(
                "A git rule rewrites it (`[url \"{base}\"]` in {}): make its base `{new_base}`, or remove the rule.",
                rule.origin
            )]);
            f.file = Some(redact::line(&rule.origin));
            f.line = rule.line;
        } else if is_legacy(host) {
            let set = if r.push { "set-url --push" } else { "set-url" };
            f = f.fix([format!(
                "git remote {set} {} {}",
                shell_word(r.name),
                shell_word(&new_host_url(&url))
            )]);
            f.file = Some(redact::line(&r.value.origin));
            f.line = r.value.line;
        } else if let Some((file, d)) =
            find_for(&facts.files, "hostname", host, |d| is_legacy(&d.value()))
        {
            // An alias whose HostName still says bitbucket.org: the fix is that line.
            f = f
                .at(file, d)
                .fix([format!("Change line {} to `HostName {CLOUD_SSH}`.", d.line)]);
        }
        push(out, f);
    }
}

/// How to undo a git setting from where it is set: by scope for the user's and the system's
/// files, by file for a repository's (so the command works from any directory).
fn unset_command(v: &GitValue) -> String {
    if v.scope.as_deref() == Some("command") || v.origin == "command line:" {
        return "It comes from the command line (`git -c`): leave it out.".to_string();
    }
    // The file git named (an `includeIf` file too), and this value only (a rule may have several).
    format!(
        "git config --file {} --unset --fixed-value {} {}",
        shell_word(&v.origin),
        shell_word(&v.key),
        shell_word(&v.value)
    )
}

pub(super) fn git_overrides(facts: &Facts, out: &mut Vec<Finding>) {
    if let Some(why) = &facts.git_missing {
        push(
            out,
            Finding::new(
                "git_missing",
                Severity::Error,
                format!("git could not be run ({why}): its configuration and the remotes were not checked."),
            )
            .fix(["Install git and make sure it is on PATH.".to_string()]),
        );
    }
    let why = "git runs it instead of plain ssh for every SSH remote, so the key and options it names win over ~/.ssh/config and over the key you test with.";
    for (var, value) in [
        ("GIT_SSH_COMMAND", &facts.git_ssh_command),
        ("GIT_SSH", &facts.git_ssh),
    ] {
        // Plain `ssh` is what git runs anyway.
        if let Some(value) = value.as_deref().filter(|v| v.trim() != "ssh") {
            push(
                out,
                Finding::new(
                    "git_ssh_override",
                    Severity::Warning,
                    format!("{var} is set: {why} It is `{value}`"),
                )
                .fix([
                    format!("unset {var}"),
                    "Then find where it is set (a shell profile, a CI variable) and remove it there, or make it name the right key with `-o IdentitiesOnly=yes`.".to_string(),
                ]),
            );
        }
    }
    for v in facts
        .git
        .iter()
        .flatten()
        .filter(|v| v.key == "core.sshcommand" && v.value.trim() != "ssh")
    {
        let mut f = Finding::new(
            "git_ssh_override",
            Severity::Warning,
            format!("core.sshCommand is set: {why} It is `{}`", v.value),
        )
        .fix([unset_command(v)]);
        f.file = Some(redact::line(&v.origin));
        f.line = v.line;
        push(out, f);
    }
}

pub(super) fn rewrites(facts: &Facts, out: &mut Vec<Finding>) {
    let remotes = remotes(facts);
    for v in facts.git.iter().flatten() {
        let Some(rest) = v.key.strip_prefix("url.") else {
            continue;
        };
        let Some(base) = rest
            .strip_suffix(".insteadof")
            .or_else(|| rest.strip_suffix(".pushinsteadof"))
        else {
            continue;
        };
        let affected: Vec<&str> = remotes
            .iter()
            .filter(|(_, r)| r.value.starts_with(&v.value))
            .map(|(n, _)| *n)
            .collect();
        let bitbucket = |s: &str| s.to_ascii_lowercase().contains("bitbucket");
        if affected.is_empty() && !bitbucket(base) && !bitbucket(&v.value) {
            continue;
        }
        // A rule onto a host that serves SSH (Cloud's new host, a Data Center) is the usual way
        // to use SSH everywhere: nothing to say. Onto the old host, git fails for every URL it
        // rewrites: the remotes it rewrites are named by `legacy_ssh_host`, and so is the rule.
        if let Some(b) = ssh_host_of(base) {
            if is_legacy(b.host) && affected.is_empty() {
                let mut f = Finding::new(
                    "legacy_ssh_host",
                    Severity::Error,
                    format!(
                        "git rewrites every URL that starts with `{}` onto `{base}`, and bitbucket.org serves SSH no more.",
                        v.value
                    ),
                )
                .fix([format!("Make the rule's base `{}`.", new_host_url(&b))]);
                f.file = Some(redact::line(&v.origin));
                f.line = v.line;
                push(out, f);
            }
            continue;
        }
        let push_only = v.key.ends_with(".pushinsteadof");
        let mut message = format!(
            "git rewrites every URL that starts with `{}` into `{base}`{}",
            v.value,
            if push_only { " when it pushes" } else { "" }
        );
        if affected.is_empty() {
            message.push_str(
                ", so a tool fetching such a URL authenticates the way the new URL needs.",
            );
        } else {
            let _ = write!(
                message,
                ": remote {} is {} the rewritten URL, with that URL's credentials.",
                affected.join(", "),
                if push_only {
                    "pushed to"
                } else {
                    "fetched from"
                }
            );
        }
        // A rule whose URL holds a secret cannot be named in a command without it: the file
        // and line instead.
        let fix = if redact::line(&v.key) == v.key {
            unset_command(v)
        } else {
            format!(
                "Its URL holds a secret, not repeated here: open {} (`git config{} --edit`) and remove the `[url …]` section above line {}.",
                v.origin,
                match v.scope.as_deref() {
                    Some("global") => " --global",
                    Some("system") => " --system",
                    _ => "",
                },
                v.line.map_or_else(|| "?".to_string(), |l| l.to_string())
            )
        };
        let mut f = Finding::new("insteadof_rewrite", Severity::Warning, message).fix([fix]);
        f.file = Some(redact::line(&v.origin));
        f.line = v.line;
        push(out, f);
    }
}

//! `known_hosts` for Bitbucket without trust on first use: the lines to give a CI (Bitbucket
//! Cloud's pinned keys under `ssh.bitbucket.org`, or a Data Center key the connection test
//! verified), and a check of an existing file — stale Bitbucket keys (the RSA key replaced in
//! 2023, `bitbucket.com`, keys Atlassian does not publish), no entry for `ssh.bitbucket.org`,
//! `@revoked` and `@cert-authority` lines — with a corrected copy. Hashed host names are
//! matched too. Pure: the text comes in, findings and text go out.

mod snippet;

use serde::Serialize;

use crate::core::host_patterns as patterns;

use crate::core::conntest::hostkeys::{self, HostKey};
use crate::core::problem::Severity;

pub use snippet::{Format, render};

/// Bitbucket Cloud's SSH host since November 12, 2026.
pub const CLOUD_HOST: &str = "ssh.bitbucket.org";

/// Host names that are Bitbucket Cloud's (keys for them must be the pinned ones).
const CLOUD_NAMES: [&str; 4] = [
    "ssh.bitbucket.org",
    "bitbucket.org",
    "altssh.bitbucket.org",
    "[altssh.bitbucket.org]:443",
];

/// What a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum KnownHostsId {
    /// Bitbucket's RSA host key replaced in June 2023, still trusted.
    KnownHostsOldRsa,
    /// A key for a Bitbucket Cloud name that Atlassian does not publish.
    KnownHostsUnknownKey,
    /// `bitbucket.com`: not a Bitbucket SSH host.
    KnownHostsWrongHost,
    /// No pinned key for `ssh.bitbucket.org`.
    KnownHostsMissing,
    /// A `@revoked` or `@cert-authority` line.
    KnownHostsMarker,
}

impl KnownHostsId {
    /// The id as the catalog spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            KnownHostsId::KnownHostsOldRsa => "known_hosts_old_rsa",
            KnownHostsId::KnownHostsUnknownKey => "known_hosts_unknown_key",
            KnownHostsId::KnownHostsWrongHost => "known_hosts_wrong_host",
            KnownHostsId::KnownHostsMissing => "known_hosts_missing",
            KnownHostsId::KnownHostsMarker => "known_hosts_marker",
        }
    }
}

/// One finding, with the line it is on (none for something missing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Its id.
    pub id: KnownHostsId,
    /// How bad.
    pub severity: Severity,
    /// The line (1-based).
    pub line: Option<usize>,
    /// What was found.
    pub message: String,
    /// What to do.
    pub fix: String,
}

/// A check of a `known_hosts` text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// No error found (markers are information).
    pub ok: bool,
    /// What was found, in line order, the missing entry last.
    pub findings: Vec<Finding>,
    /// The corrected text: stale Bitbucket lines dropped, the pinned lines added when missing;
    /// every other line as it was.
    #[serde(skip)]
    pub fixed: String,
}

/// A parsed line: its marker, host field and `type base64`.
struct Line<'a> {
    marker: Option<&'a str>,
    hosts: &'a str,
    key: String,
}

fn parse_line(line: &str) -> Option<Line<'_>> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') {
        return None;
    }
    let mut fields = t.split_whitespace();
    let first = fields.next()?;
    let (marker, hosts) = if first.starts_with('@') {
        (Some(first), fields.next()?)
    } else {
        (None, first)
    };
    let key = format!("{} {}", fields.next()?, fields.next()?);
    Some(Line { marker, hosts, key })
}

/// The names of `names` a host field names explicitly: a plain pattern equal to it, or a
/// hashed field of it (wildcard patterns are judged by [`patterns::applies`]).
fn hosts_named<'a>(field: &str, names: &[&'a str]) -> Vec<&'a str> {
    names
        .iter()
        .copied()
        .filter(|n| {
            if field.starts_with('|') {
                return patterns::hashed_is(field, n);
            }
            field
                .split(',')
                .any(|p| patterns::is_plain(p) && p.eq_ignore_ascii_case(n))
        })
        .collect()
}

/// The names of `names` a host field applies to, as OpenSSH decides it.
fn applies_to<'a>(field: &str, names: &[&'a str]) -> Vec<&'a str> {
    names
        .iter()
        .copied()
        .filter(|n| patterns::applies(field, n))
        .collect()
}

/// The pinned keys, as `type base64`.
fn pinned() -> Vec<HostKey> {
    hostkeys::pinned_for(CLOUD_HOST)
}

/// Lines for Bitbucket Cloud under `host` (ssh.bitbucket.org unless asked otherwise).
pub fn cloud_lines(host: &str) -> Vec<String> {
    pinned()
        .iter()
        .map(|k| format!("{} {}", host.to_ascii_lowercase(), k.line))
        .collect()
}

/// Where the lines for a host come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Bitbucket Cloud's pinned keys.
    Pinned,
    /// The keys a connection test verified (a Data Center).
    Verified,
}

/// Why there are no lines for a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A connection test saw this key for a Bitbucket Cloud host, none of the published ones:
    /// the pinned lines would fail there.
    Foreign(HostKey),
    /// Nothing is pinned for the host and no test verified its key.
    Unverified,
}

/// The `known_hosts` lines for `host:port`: the pinned keys of a Bitbucket Cloud host (unless
/// a test `seen` another key there), else the keys a test `verified`.
pub fn lines_for(
    host: &str,
    port: u16,
    seen: &[HostKey],
    verified: &[HostKey],
) -> Result<(Source, Vec<String>), Refused> {
    let name = hostkeys::known_host_name(host, port);
    let named = |keys: &[HostKey]| keys.iter().map(|k| format!("{name} {}", k.line)).collect();
    if hostkeys::is_pinned_host(host) {
        let pinned = hostkeys::pinned_for(host);
        if let Some(other) = seen
            .iter()
            .find(|k| !pinned.iter().any(|p| p.line == k.line))
        {
            return Err(Refused::Foreign(other.clone()));
        }
        return Ok((Source::Pinned, named(&pinned)));
    }
    if verified.is_empty() {
        return Err(Refused::Unverified);
    }
    Ok((Source::Verified, named(verified)))
}

/// The comment that goes with the pinned lines.
pub fn cloud_comment() -> Vec<String> {
    vec![
        "Bitbucket Cloud's SSH host keys, pinned by bblink (ED25519, ECDSA, RSA).".into(),
        "Atlassian publishes them for bitbucket.org; bblink uses them for ssh.bitbucket.org, Bitbucket Cloud's SSH host since 2026-11-12.".into(),
    ]
}

/// A line that no longer applies to the names in `drop`: those of its plain patterns go, and
/// a wildcard that still matches one of them gets a negation (`!ssh.bitbucket.org`), so the
/// line keeps working for its other hosts. `None` when nothing is left for other hosts (or
/// the field is hashed: a hashed field is one name).
fn without_names(raw: &str, line: &Line<'_>, drop: &[&str]) -> Option<String> {
    if line.hosts.starts_with('|') {
        return (!drop.iter().any(|n| patterns::hashed_is(line.hosts, n)))
            .then(|| raw.trim().to_string());
    }
    let mut keep: Vec<String> = line
        .hosts
        .split(',')
        .filter(|p| !(patterns::is_plain(p) && drop.iter().any(|n| p.eq_ignore_ascii_case(n))))
        .map(str::to_string)
        .collect();
    if !keep.iter().any(|p| !p.starts_with('!')) {
        return None;
    }
    let field = keep.join(",");
    for n in drop {
        if patterns::applies(&field, n) {
            keep.push(format!("!{n}"));
        }
    }
    let rest = raw.trim().split_once(line.hosts).map_or("", |(_, r)| r);
    let marker = line.marker.map_or_else(String::new, |m| format!("{m} "));
    Some(format!("{marker}{}{rest}", keep.join(",")))
}

/// Appends the pinned lines (with their comment) after the kept ones.
fn add_pinned(kept: &mut Vec<String>, eol: &str) {
    if kept.last().is_some_and(|l| !l.ends_with('\n')) {
        kept.push(eol.to_string());
    }
    let added = cloud_comment()
        .into_iter()
        .map(|c| format!("# {c}"))
        .chain(cloud_lines(CLOUD_HOST));
    for l in added {
        kept.push(format!("{l}{eol}"));
    }
}

/// What the check makes of one line: its finding, and the names it must stop applying to
/// (`["*"]`: the whole line goes).
struct Judged<'a> {
    finding: Option<Finding>,
    stale: Vec<&'a str>,
    /// It trusts a pinned key for ssh.bitbucket.org.
    pins_cloud_host: bool,
}

/// Bitbucket's names and the `.com` ones people mistype, all taken out of a line that names
/// `bitbucket.com`.
const ALL_NAMES: [&str; 6] = [
    "ssh.bitbucket.org",
    "bitbucket.org",
    "altssh.bitbucket.org",
    "[altssh.bitbucket.org]:443",
    "bitbucket.com",
    "ssh.bitbucket.com",
];

/// The keys a check compares with: the pinned ones, and Bitbucket's replaced RSA key.
struct Known {
    pinned: Vec<HostKey>,
    old: Vec<HostKey>,
}

/// Judges line `n`, given the (name, key) pairs `@revoked` lines refuse.
fn judge<'a>(
    n: usize,
    line: &Line<'_>,
    revoked: &[(Vec<&str>, String)],
    known: &Known,
) -> Judged<'a> {
    let is_revoked = |name: &str| {
        revoked
            .iter()
            .any(|(names, k)| *k == line.key && names.contains(&name))
    };
    let applies = applies_to(line.hosts, &CLOUD_NAMES);
    let accepted: Vec<&str> = applies.iter().copied().filter(|n| !is_revoked(n)).collect();
    let dot_com = !hosts_named(line.hosts, &["bitbucket.com", "ssh.bitbucket.com"]).is_empty();
    let is_old = known.old.iter().any(|k| k.line == line.key);
    let is_pinned = known.pinned.iter().any(|k| k.line == line.key);
    let judged = |finding, stale| Judged {
        finding: Some(finding),
        stale,
        pins_cloud_host: false,
    };
    match line.marker {
        Some("@cert-authority") if !applies.is_empty() => judged(
            finding(
                KnownHostsId::KnownHostsMarker,
                Severity::Error,
                n,
                format!("@cert-authority for {}: ssh accepts any host certificate this key signed there, and Bitbucket Cloud presents plain keys, not certificates", applies.join(", ")),
                "Remove Bitbucket's names from the line (--fix does); keep certificate authorities for your own hosts.",
            ),
            applies,
        ),
        Some(m) => Judged {
            finding: Some(marker(n, m, is_old)),
            stale: Vec::new(),
            pins_cloud_host: false,
        },
        // Bitbucket's revoked key is stale under any name (its IP addresses too).
        None if is_old => judged(
            finding(
                KnownHostsId::KnownHostsOldRsa,
                Severity::Error,
                n,
                "Bitbucket's RSA host key replaced on 2023-06-20 is trusted here".into(),
                "Remove the line (--fix does) and trust the current keys: bblink known-hosts prints them.",
            ),
            vec!["*"],
        ),
        None if dot_com => judged(
            finding(
                KnownHostsId::KnownHostsWrongHost,
                Severity::Warning,
                n,
                "bitbucket.com is not a Bitbucket SSH host (Bitbucket Cloud's is ssh.bitbucket.org)".into(),
                "Remove the line (--fix does); clone from git@ssh.bitbucket.org:workspace/repo.git.",
            ),
            ALL_NAMES.to_vec(),
        ),
        None if !accepted.is_empty() && !is_pinned => {
            let how = if hosts_named(line.hosts, &accepted).len() == accepted.len() {
                String::new()
            } else {
                format!(
                    " (through the pattern {})",
                    crate::core::display::terminal_safe(line.hosts)
                )
            };
            judged(
                finding(
                    KnownHostsId::KnownHostsUnknownKey,
                    Severity::Error,
                    n,
                    format!("a key for {}{how} that Atlassian does not publish", accepted.join(", ")),
                    "Remove Bitbucket's names from the line (--fix does): a server presenting that key is not Bitbucket Cloud, or the key was added by trust on first use through a proxy.",
                ),
                applies,
            )
        }
        None => Judged {
            finding: None,
            stale: Vec::new(),
            pins_cloud_host: is_pinned && accepted.contains(&CLOUD_HOST),
        },
    }
}

/// Checks a `known_hosts` text: every line ssh would consult for a Bitbucket Cloud name is
/// judged as ssh judges it (patterns, negation, hashed names, `@revoked`, `@cert-authority`).
pub fn check(text: &str) -> Check {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // What `@revoked` lines refuse, for each Bitbucket name: ssh refuses those keys there.
    let revoked: Vec<(Vec<&str>, String)> = lines
        .iter()
        .filter_map(|raw| parse_line(raw))
        .filter(|l| l.marker == Some("@revoked"))
        .map(|l| (applies_to(l.hosts, &CLOUD_NAMES), l.key))
        .collect();
    let known = Known {
        pinned: pinned(),
        old: hostkeys::revoked_keys(),
    };
    let mut findings = Vec::new();
    // Each line keeps its own ending; a rewritten one gets the file's.
    let mut kept: Vec<String> = Vec::new();
    let mut changed = false;
    let mut has_cloud_host = false;
    for (i, raw) in lines.iter().enumerate() {
        let Some(line) = parse_line(raw) else {
            kept.push((*raw).to_string());
            continue;
        };
        let judged = judge(i + 1, &line, &revoked, &known);
        findings.extend(judged.finding);
        has_cloud_host |= judged.pins_cloud_host;
        if judged.stale.is_empty() {
            kept.push((*raw).to_string());
            continue;
        }
        // Only Bitbucket's names go: other hosts on the line keep their key.
        changed = true;
        let rest = (judged.stale != ["*"])
            .then(|| without_names(raw, &line, &judged.stale))
            .flatten();
        if let Some(rest) = rest {
            let body_len = raw.trim_end_matches(['\r', '\n']).len();
            let ending = if raw.len() == body_len { "" } else { eol };
            kept.push(format!("{rest}{ending}"));
        }
    }
    if !has_cloud_host {
        findings.push(Finding {
            id: KnownHostsId::KnownHostsMissing,
            severity: Severity::Error,
            line: None,
            message: "no pinned key for ssh.bitbucket.org: since 2026-11-12 Bitbucket Cloud serves SSH only there, so ssh asks (or fails with Host key verification failed)".into(),
            fix: "Add the pinned lines (--fix does; bblink known-hosts prints them).".into(),
        });
        changed = true;
        add_pinned(&mut kept, eol);
    }
    let fixed = if changed {
        kept.concat()
    } else {
        text.to_string()
    };
    Check {
        ok: !findings.iter().any(|f| f.severity == Severity::Error),
        findings,
        fixed,
    }
}

fn finding(
    id: KnownHostsId,
    severity: Severity,
    line: usize,
    message: String,
    fix: &str,
) -> Finding {
    Finding {
        id,
        severity,
        line: Some(line),
        message,
        fix: fix.to_string(),
    }
}

fn marker(line: usize, marker: &str, old: bool) -> Finding {
    let (message, fix) = match marker {
        "@revoked" if old => (
            "@revoked: the replaced Bitbucket RSA key is refused outright (good)".to_string(),
            "Nothing to do.",
        ),
        "@revoked" => (
            "@revoked: ssh refuses this key for these hosts".to_string(),
            "Keep it if the key is compromised or retired.",
        ),
        "@cert-authority" => (
            "@cert-authority: host certificates signed by this key are trusted for these hosts; Bitbucket Cloud presents plain keys, not certificates".to_string(),
            "Keep it only for your own hosts.",
        ),
        other => (
            format!("{} is not a marker ssh knows: it ignores the line", crate::core::display::terminal_safe(other)),
            "Remove the marker or the line.",
        ),
    };
    finding(
        KnownHostsId::KnownHostsMarker,
        Severity::Info,
        line,
        message,
        fix,
    )
}

#[cfg(test)]
mod tests;

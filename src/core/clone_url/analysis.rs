//! The analysis of a split URL: checks the user, host and port, decides which kind of server it
//! names, and collects the findings; [`Analysis::finish`] turns them into the verdict.

use super::problems::Problem;
use super::problems::{ColonSlash, Finding};
use super::redact::{display, scrub};
use super::servers::{self, HostClass};
use super::servers::{DC_SSH_PORT, cloud_ssh_url};
use super::servers::{cloud_slug_rule, cloud_workspace_rule, decode, strip_git};
use super::split::{Form, Parts};
use super::{Kind, UrlCheck, UrlFlavor};
use crate::core::problem;

/// The verdict being built: what is known so far and every finding.
#[derive(Default)]
pub(super) struct Analysis {
    pub(super) kind: Option<Kind>,
    pub(super) flavor: Option<UrlFlavor>,
    pub(super) host: Option<String>,
    pub(super) port: Option<u16>,
    pub(super) workspace: Option<String>,
    pub(super) repo: Option<String>,
    pub(super) ssh_url: Option<String>,
    pub(super) found: Vec<Finding>,
    pub(super) secrets: Vec<String>,
    pub(super) shown: String,
}

/// The parts of the path bblink reads, after the form's quirks are undone.
pub(super) struct Path<'a> {
    /// The non-empty segments.
    pub(super) segments: Vec<&'a str>,
    /// A port written where the scp form cannot have one.
    pub(super) scp_port: Option<u16>,
    /// The `:`/`/` mix-ups undone.
    pub(super) slips: Vec<ColonSlash>,
}

/// The path's segments; for Bitbucket hosts (`strict`) the scp-form slips are undone too
/// (elsewhere `host:/abs/path` is a legitimate absolute path).
pub(super) fn read_path(p: &Parts, strict: bool) -> Path<'_> {
    let mut segments: Vec<&str> = p.path.split('/').filter(|s| !s.is_empty()).collect();
    let mut scp_port = None;
    let mut slips = Vec::new();
    if p.colon_for_slash {
        slips.push(ColonSlash::ColonForSlash);
    }
    if strict && p.form == Form::Scp {
        if p.path.starts_with('/') {
            slips.push(ColonSlash::LeadingSlash);
        } else if segments.len() >= 3
            && let Ok(port) = segments[0].parse::<u16>()
        {
            slips.push(ColonSlash::PortInScp);
            scp_port = Some(port);
            segments.remove(0);
        }
    }
    Path {
        segments,
        scp_port,
        slips,
    }
}

/// Checks the user, host and port: the host (lowercased) and port, or what is wrong.
pub(super) fn endpoint(p: &Parts) -> Result<(String, Option<u16>), Finding> {
    let ssh_form = match &p.form {
        Form::Scheme(scheme) => !matches!(scheme.as_str(), "https" | "http"),
        _ => true,
    };
    // The user of an HTTPS URL is not used (the SSH URL's user is git), so only SSH forms
    // must have a plain one.
    if ssh_form
        && let Some(user) = p.user.as_deref()
        && (user.is_empty()
            || !user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-+~".contains(c)))
    {
        return Err(Finding::Invalid {
            what: "user name",
            value: display(user),
            rule: "a user name has only letters, digits, '.', '_' and '-' (Bitbucket's is git)",
        });
    }
    let Some(host) = normalise_host(&p.host) else {
        return Err(if p.host.trim().is_empty() {
            Finding::Unrecognised { too_long: false }
        } else {
            Finding::Invalid {
                what: "host name",
                value: display(&p.host),
                rule: "a host name has only letters, digits, '-' and '.'",
            }
        });
    };
    if host.starts_with('-') {
        // IDNA maps look-alikes such as U+FE63 to '-'.
        return Err(Finding::Unsafe { what: "host name" });
    }
    match p.port.as_deref().map(str::parse::<u16>) {
        None => Ok((host, None)),
        Some(Ok(n)) if n > 0 => Ok((host, Some(n))),
        Some(_) => Err(Finding::Invalid {
            what: "port",
            value: display(p.port.as_deref().unwrap_or_default()),
            rule: "a port is a number from 1 to 65535",
        }),
    }
}

impl Analysis {
    pub(super) fn run(&mut self, p: &Parts) {
        if let Form::Transport(name) = &p.form {
            self.kind = Some(Kind::Unknown);
            self.found.push(Finding::Transport {
                name: name.clone(),
                runs_a_program: name == "ext" || name == "fd",
            });
            return;
        }
        if let Some(what) = dash_part(p) {
            self.kind = Some(Kind::Unknown);
            self.found.push(Finding::Unsafe { what });
            return;
        }
        if p.form == Form::Bare && p.user.is_none() && !p.host.contains('.') {
            self.bare_path(p);
            return;
        }
        let (host, port) = match endpoint(p) {
            Ok(v) => v,
            Err(finding) => {
                self.kind = Some(Kind::Unknown);
                self.found.push(finding);
                return;
            }
        };
        let kind = self.transport_kind(p);
        self.host = Some(host.clone());
        let mut class = servers::classify(&host);
        // A look-alike letter (bitbucket with a Cyrillic c) is a typo, not another server,
        // whether it was pasted as the letter or in its xn-- (punycode) form.
        // Compared as the normalised host decodes (what the SSH URL will hold), so letters
        // IDNA drops (variation selectors) count the same in both forms.
        let written = servers::unicode(&host);
        if class == HostClass::Unknown && !written.is_ascii() {
            class = match servers::classify(&written.to_lowercase()) {
                HostClass::Cloud(which) | HostClass::Typo(which) => HostClass::Typo(which),
                other => other,
            };
        }
        if class == HostClass::Unknown && servers::poses_as_cloud(&host) {
            self.found.push(Finding::Lookalike { host: host.clone() });
        }
        let path = read_path(p, true);
        let data_center_signs = port == Some(DC_SSH_PORT)
            || path.scp_port == Some(DC_SSH_PORT)
            || path.segments.contains(&"scm")
            || browse_path(&path.segments).is_some();
        match class {
            HostClass::Cloud(which) => self.cloud(p, kind, port, &host, which, false),
            // A near-miss of bitbucket.org with Data Center's port or paths is a server of its own.
            HostClass::Typo(which) if !data_center_signs => {
                self.cloud(p, kind, port, &host, which, true);
            }
            HostClass::Other(name) => {
                self.set_kind(p, kind, port);
                self.flavor = Some(UrlFlavor::Other);
                self.found.push(Finding::NotBitbucket { name });
            }
            HostClass::Typo(_) | HostClass::Unknown => {
                if data_center_signs || servers::looks_like_data_center(&host) {
                    self.data_center(p, kind, port, &host);
                } else {
                    self.other(p, kind, port, &host);
                }
            }
        }
    }

    /// `workspace/repo` with no host at all.
    fn bare_path(&mut self, p: &Parts) {
        self.kind = Some(Kind::Unknown);
        if let [repo] = p.segments().as_slice() {
            let (ws, repo) = (decode(&p.host), decode(strip_git(repo)));
            if !ws.is_empty()
                && cloud_workspace_rule(&ws).is_none()
                && cloud_slug_rule(&repo).is_none()
            {
                self.flavor = Some(UrlFlavor::Cloud);
                self.ssh_url = Some(cloud_ssh_url(&ws, &repo));
                self.workspace = Some(ws);
                self.repo = Some(repo);
                self.found.push(Finding::MissingHost);
                return;
            }
        }
        self.found.push(Finding::Unrecognised { too_long: false });
    }

    /// SSH, HTTPS (web decided later from the path) or unknown, from the form.
    fn transport_kind(&mut self, p: &Parts) -> Kind {
        match &p.form {
            Form::Scheme(s) => match s.as_str() {
                "ssh" | "git+ssh" | "ssh+git" => Kind::Ssh,
                "https" | "http" => Kind::Https,
                other => {
                    self.found.push(Finding::UnsupportedScheme {
                        scheme: other.to_string(),
                    });
                    Kind::Unknown
                }
            },
            Form::Scp => Kind::Ssh,
            Form::Bare if p.user.is_some() => {
                self.found
                    .push(Finding::ColonSlash(ColonSlash::SlashForColon));
                Kind::Ssh
            }
            Form::Bare | Form::Transport(_) => Kind::Web,
        }
    }

    /// The path, with its slips recorded as findings.
    pub(super) fn take_path<'a>(&mut self, p: &'a Parts, strict: bool) -> Path<'a> {
        let path = read_path(p, strict);
        self.found
            .extend(path.slips.iter().map(|s| Finding::ColonSlash(*s)));
        path
    }

    pub(super) fn finish(mut self) -> UrlCheck {
        let ssh_url = self.ssh_url.take();
        let mut problems: Vec<Problem> = Vec::new();
        for f in &self.found {
            let problem = f.problem(ssh_url.as_deref(), &self.shown);
            if !problems
                .iter()
                .any(|p| p.id == problem.id && p.message == problem.message)
            {
                problems.push(problem);
            }
        }
        problem::errors_first(&mut problems);
        let mut out = UrlCheck {
            ok: false,
            kind: self.kind.unwrap_or(Kind::Unknown),
            flavor: self.flavor,
            host: self.host,
            port: self.port,
            workspace: self.workspace,
            repo: self.repo,
            ssh_url,
            problems,
            shown: self.shown,
        };
        scrub(&mut out, &self.secrets);
        // After the scrub, which may have dropped a URL that held a secret.
        out.ok =
            out.kind == Kind::Ssh && out.ssh_url.is_some() && problem::no_errors(&out.problems);
        out
    }
}

/// A key where a URL belongs: PEM armour, the `PuTTY` header, or an OpenSSH public key line.
pub(super) fn looks_like_a_key(text: &str) -> bool {
    text.starts_with("-----BEGIN")
        || text.starts_with("---- BEGIN SSH2")
        || text.starts_with("PuTTY-User-Key-File")
        || ["ssh-", "ecdsa-sha2-", "sk-"]
            .iter()
            .any(|p| text.starts_with(p) && text.contains(" AAAA"))
}

/// The first part git or ssh could read as an option.
pub(super) fn dash_part(p: &Parts) -> Option<&'static str> {
    if p.user.as_deref().is_some_and(|u| u.starts_with('-')) {
        return Some("user name");
    }
    if p.host.starts_with('-') {
        return Some("host name");
    }
    if p.path.starts_with('-') || p.segments().iter().any(|s| s.starts_with('-')) {
        return Some("path");
    }
    None
}

pub(super) fn default_port(p: &Parts, kind: Kind) -> Option<u16> {
    match (&p.form, kind) {
        (_, Kind::Ssh) => Some(22),
        (Form::Scheme(s), _) if s == "https" => Some(443),
        (Form::Scheme(s), _) if s == "http" => Some(80),
        _ => None,
    }
}

/// Lowercased and validated; IPv6 keeps its brackets.
pub(super) fn normalise_host(raw: &str) -> Option<String> {
    let h = raw.trim_end_matches('.').to_lowercase();
    if h.is_empty() {
        return None;
    }
    match url::Host::parse(&h).ok()? {
        url::Host::Domain(d) => {
            // IDNA drops ignorable characters, which can leave a trailing dot behind.
            let d = d.trim_end_matches('.');
            (!d.is_empty()
                && d.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)))
            .then(|| d.to_string())
        }
        url::Host::Ipv4(a) => Some(a.to_string()),
        url::Host::Ipv6(a) => Some(format!("[{a}]")),
    }
}

/// Where a Data Center browse path (`projects/KEY/repos/slug` or `users/NAME/repos/slug`)
/// starts.
pub(super) fn browse_path(segs: &[&str]) -> Option<usize> {
    segs.windows(3)
        .position(|w| matches!(w[0], "projects" | "users") && w[2] == "repos")
}

//! The clone URL check: whatever was pasted (an SSH or HTTPS clone URL, a browser address, a
//! whole `git clone` command), which Bitbucket it names, the SSH URL the service needs, and
//! every problem with its fix.
//!
//! Pure: no IO. A password or token in the input never reaches the output: outputs are built
//! from the parts that are not secret, and a last pass scrubs anything secret that slipped in
//! through a misreading.

mod clean;
mod hosts;
mod problems;
mod split;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use hosts::{CLOUD_SSH_HOST, CLOUD_WEB_HOST};
pub use problems::{Problem, ProblemId};

use crate::core::inspect::Severity;
use hosts::{CloudHost, HostClass};
use problems::{ColonSlash, Finding};
use split::{Form, Parts};

/// Inputs longer than this are not URLs.
pub const MAX_INPUT: usize = 4096;

/// What the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An SSH URL (`git@host:…` or `ssh://…`).
    Ssh,
    /// An HTTPS clone URL.
    Https,
    /// A page's address (browser or API).
    Web,
    /// Not recognised.
    Unknown,
}

/// Which kind of server the URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UrlFlavor {
    /// Bitbucket Cloud.
    Cloud,
    /// A Bitbucket Data Center (or Server).
    DataCenter,
    /// Some other server.
    Other,
}

/// The verdict on a pasted clone URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlCheck {
    /// The input, after harmless clean-up, is an SSH URL the service can use as it is.
    pub ok: bool,
    /// SSH, HTTPS, web address or unknown.
    pub kind: Kind,
    /// Cloud, Data Center or other (null when unknown).
    pub flavor: Option<UrlFlavor>,
    /// The host as written (lowercased).
    pub host: Option<String>,
    /// The port: as written, or the default of the URL's protocol.
    pub port: Option<u16>,
    /// The workspace (Cloud) or project key (Data Center).
    pub workspace: Option<String>,
    /// The repository slug.
    pub repo: Option<String>,
    /// The SSH URL to give the service.
    pub ssh_url: Option<String>,
    /// Every finding, errors first.
    pub problems: Vec<Problem>,
    /// The input as bblink read it, with secrets replaced by `****` and control characters
    /// escaped: safe to show.
    #[serde(skip)]
    pub shown: String,
}

impl UrlCheck {
    /// The SSH URL offered as a repair: set when the input is not usable but bblink knows the
    /// right URL.
    pub fn repair(&self) -> Option<&str> {
        self.ssh_url.as_deref().filter(|_| !self.ok)
    }

    /// Whether a problem was found.
    pub fn has(&self, id: ProblemId) -> bool {
        self.problems.iter().any(|p| p.id == id)
    }
}

/// Checks a pasted clone URL.
pub fn check(input: &str) -> UrlCheck {
    let mut a = Analysis::default();
    if input.len() > MAX_INPUT {
        a.found.push(Finding::Unrecognised { too_long: true });
        return a.finish();
    }
    let cleaned = clean::clean(input);
    if let Some(ignored) = cleaned.command.clone() {
        if cleaned.text.is_empty() {
            a.found.push(Finding::Empty { command: true });
            return a.finish();
        }
        a.found.push(Finding::Command { ignored });
    }
    if cleaned.text.is_empty() {
        a.found.push(Finding::Empty { command: false });
        return a.finish();
    }
    if looks_like_a_key(&cleaned.text) {
        // Never echoed: it may be the first line of a private key.
        a.found.push(Finding::KeyPasted);
        return a.finish();
    }
    let parts = split::split(&cleaned.text);
    a.secrets.clone_from(&parts.secrets);
    a.shown = shown(&cleaned.text, &parts.secrets);
    a.run(&parts);
    a.finish()
}

#[derive(Default)]
struct Analysis {
    kind: Option<Kind>,
    flavor: Option<UrlFlavor>,
    host: Option<String>,
    port: Option<u16>,
    workspace: Option<String>,
    repo: Option<String>,
    ssh_url: Option<String>,
    found: Vec<Finding>,
    secrets: Vec<String>,
    shown: String,
}

/// The parts of the path bblink reads, after the form's quirks are undone.
struct Path<'a> {
    segments: Vec<&'a str>,
    /// A port written where the scp form cannot have one.
    scp_port: Option<u16>,
    /// The `:`/`/` mix-ups undone.
    slips: Vec<ColonSlash>,
}

/// The path's segments; for Bitbucket hosts (`strict`) the scp-form slips are undone too
/// (elsewhere `host:/abs/path` is a legitimate absolute path).
fn read_path(p: &Parts, strict: bool) -> Path<'_> {
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
fn endpoint(p: &Parts) -> Result<(String, Option<u16>), Finding> {
    if let Some(user) = p.user.as_deref()
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
    fn run(&mut self, p: &Parts) {
        if p.credentials {
            self.found.push(Finding::Credentials);
        }
        if let Form::Transport(name) = &p.form {
            self.kind = Some(Kind::Unknown);
            self.found.push(if name == "ext" || name == "fd" {
                Finding::Transport { name: name.clone() }
            } else {
                Finding::UnsupportedScheme {
                    scheme: format!("{name}:"),
                }
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
        let mut class = hosts::classify(&host);
        if class == HostClass::Unknown && !p.host.is_ascii() {
            // A look-alike letter (bitbucket with a Cyrillic i) is a typo, not another server.
            class = match hosts::classify(&p.host.to_lowercase()) {
                HostClass::Cloud(which) | HostClass::Typo(which) => HostClass::Typo(which),
                other => other,
            };
        }
        match class {
            HostClass::Cloud(which) => self.cloud(p, kind, port, &host, which, false),
            HostClass::Typo(which) => self.cloud(p, kind, port, &host, which, true),
            HostClass::Other(name) => {
                self.kind = Some(kind);
                self.flavor = Some(UrlFlavor::Other);
                self.port = port.or_else(|| default_port(p, kind));
                self.found.push(Finding::NotBitbucket { name });
            }
            HostClass::Unknown => {
                let path = read_path(p, true);
                let segs = &path.segments;
                let dc = port == Some(7999)
                    || path.scp_port == Some(7999)
                    || segs.contains(&"scm")
                    || segs
                        .windows(3)
                        .any(|w| matches!(w[0], "projects" | "users") && w[2] == "repos")
                    || hosts::looks_like_data_center(&host);
                if dc {
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
        let segs: Vec<&str> = p.path.split('/').filter(|s| !s.is_empty()).collect();
        let host_is_ws = !p.host.is_empty() && cloud_workspace_rule(&p.host).is_none();
        if let ([repo], true) = (segs.as_slice(), host_is_ws) {
            let repo = strip_git(repo);
            if cloud_slug_rule(repo).is_none() {
                self.flavor = Some(UrlFlavor::Cloud);
                self.workspace = Some(p.host.clone());
                self.repo = Some(repo.to_string());
                self.ssh_url = Some(format!("git@{CLOUD_SSH_HOST}:{}/{repo}.git", p.host));
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

    /// The path's segments; for Bitbucket hosts (`strict`) also the scp-form slips.
    /// The path, with its slips recorded as findings.
    fn take_path<'a>(&mut self, p: &'a Parts, strict: bool) -> Path<'a> {
        let path = read_path(p, strict);
        self.found
            .extend(path.slips.iter().map(|s| Finding::ColonSlash(*s)));
        path
    }

    fn cloud(
        &mut self,
        p: &Parts,
        kind: Kind,
        port: Option<u16>,
        host: &str,
        which: CloudHost,
        typo: bool,
    ) {
        self.flavor = Some(UrlFlavor::Cloud);
        let path = self.take_path(p, true);
        let mut segs = path.segments;
        let port = port.or(path.scp_port);
        let api = which == CloudHost::Api && segs.starts_with(&["2.0", "repositories"]);
        if api {
            segs.drain(..2);
        }
        let extra = segs.len() > 2;
        let kind = match kind {
            Kind::Https
                if api
                    || extra
                    || p.query
                    || (p.user.is_none()
                        && !p.credentials
                        && segs.get(1).is_none_or(|r| strip_git(r) == *r)) =>
            {
                Kind::Web
            }
            k => k,
        };
        self.kind = Some(kind);
        self.port = port.or_else(|| default_port(p, kind));
        if typo {
            let right = if kind == Kind::Ssh || which == CloudHost::Ssh {
                CLOUD_SSH_HOST
            } else {
                CLOUD_WEB_HOST
            };
            self.found.push(Finding::Typo {
                host: display(host),
                right,
            });
        }
        if segs.first().is_some_and(|s| RESERVED.contains(s)) {
            self.found.push(Finding::NotARepositoryPage);
            return;
        }
        match kind {
            Kind::Ssh => self.cloud_ssh(p, port, host, which, typo, extra),
            Kind::Https => self.found.push(Finding::Https { data_center: false }),
            Kind::Web => self.found.push(Finding::Browser { api }),
            Kind::Unknown => {}
        }
        self.cloud_names(kind, segs.first().copied(), segs.get(1).copied());
    }

    /// What an SSH URL to Bitbucket Cloud must have: the SSH host, the user git, port 22.
    fn cloud_ssh(
        &mut self,
        p: &Parts,
        port: Option<u16>,
        host: &str,
        which: CloudHost,
        typo: bool,
        extra: bool,
    ) {
        if !typo {
            match which {
                CloudHost::Web => self.found.push(Finding::Legacy { alt: false }),
                CloudHost::AltSsh => self.found.push(Finding::Legacy { alt: true }),
                CloudHost::Api => self.found.push(Finding::Typo {
                    host: display(host),
                    right: CLOUD_SSH_HOST,
                }),
                CloudHost::Ssh => {}
            }
        }
        if p.user.as_deref() != Some("git") && !p.credentials {
            self.found.push(Finding::WrongUser {
                user: p.user.as_deref().map(display),
                data_center: false,
            });
        }
        let allowed = if which == CloudHost::AltSsh { 443 } else { 22 };
        if let Some(n) = port.filter(|n| *n != allowed) {
            self.found.push(Finding::WrongPort { port: n });
        }
        if extra || p.query {
            self.found.push(Finding::ExtraPath);
        }
    }

    /// The workspace and repository of a Cloud URL, and the SSH URL when both are valid.
    fn cloud_names(&mut self, kind: Kind, ws: Option<&str>, repo: Option<&str>) {
        let repo = repo.map(strip_git);
        match (ws, repo) {
            (None, _) => {
                self.found
                    .push(Finding::MissingWorkspace { data_center: false });
            }
            (Some(only), None) if kind == Kind::Ssh || strip_git(only) != only => {
                self.repo = Some(display(strip_git(only)));
                self.found
                    .push(Finding::MissingWorkspace { data_center: false });
            }
            (Some(ws), None) => {
                self.workspace = Some(display(ws));
                self.found.push(Finding::MissingRepo { owner: display(ws) });
            }
            (Some(ws), Some(repo)) => {
                self.workspace = Some(display(ws));
                self.repo = Some(display(repo));
                let bad_ws = cloud_workspace_rule(ws).map(|rule| Finding::Invalid {
                    what: "workspace",
                    value: display(ws),
                    rule,
                });
                let bad_repo = cloud_slug_rule(repo).map(|rule| Finding::Invalid {
                    what: "repository slug",
                    value: display(repo),
                    rule,
                });
                let valid = bad_ws.is_none() && bad_repo.is_none();
                self.found.extend(bad_ws.into_iter().chain(bad_repo));
                if valid {
                    self.ssh_url = Some(format!("git@{CLOUD_SSH_HOST}:{ws}/{repo}.git"));
                }
            }
        }
    }

    fn data_center(&mut self, p: &Parts, kind: Kind, port: Option<u16>, host: &str) {
        self.flavor = Some(UrlFlavor::DataCenter);
        let path = self.take_path(p, true);
        let segs = &path.segments;
        let mut kind = kind;
        let (project, repo) = if kind == Kind::Ssh {
            if p.user.as_deref() != Some("git") && !p.credentials {
                self.found.push(Finding::WrongUser {
                    user: p.user.as_deref().map(display),
                    data_center: true,
                });
            }
            let from = usize::from(segs.first() == Some(&"scm") && segs.len() == 3);
            if segs.len() > 2 {
                self.found.push(Finding::ExtraPath);
            }
            if segs.len() - from > 2 {
                (None, None)
            } else {
                (segs.get(from).copied(), segs.get(from + 1).copied())
            }
        } else if let Some(i) = segs.iter().position(|s| *s == "scm") {
            if p.query {
                kind = Kind::Web;
            }
            (segs.get(i + 1).copied(), segs.get(i + 2).copied())
        } else if let Some(i) = segs
            .windows(3)
            .position(|w| matches!(w[0], "projects" | "users") && w[2] == "repos")
        {
            kind = Kind::Web;
            let owner = segs[i + 1];
            let project = if segs[i] == "users" {
                Some(format!("~{owner}"))
            } else {
                Some(owner.to_string())
            };
            return self.finish_data_center(
                p,
                kind,
                port,
                host,
                project.as_deref(),
                segs.get(i + 3).copied(),
            );
        } else {
            (None, None)
        };
        self.finish_data_center(p, kind, port.or(path.scp_port), host, project, repo);
    }

    fn finish_data_center(
        &mut self,
        p: &Parts,
        kind: Kind,
        port: Option<u16>,
        host: &str,
        project: Option<&str>,
        repo: Option<&str>,
    ) {
        self.kind = Some(kind);
        self.port = port.or_else(|| default_port(p, kind));
        match kind {
            Kind::Https => self.found.push(Finding::Https { data_center: true }),
            Kind::Web => self.found.push(Finding::Browser { api: false }),
            _ => {}
        }
        let repo = repo.map(strip_git);
        let (Some(project), Some(repo)) = (project, repo) else {
            if kind == Kind::Ssh || project.is_some() {
                match project {
                    None => self
                        .found
                        .push(Finding::MissingWorkspace { data_center: true }),
                    Some(owner) => self.found.push(Finding::MissingRepo {
                        owner: display(owner),
                    }),
                }
            }
            return;
        };
        self.workspace = Some(display(project));
        self.repo = Some(display(repo));
        let bad_project = dc_project_rule(project).map(|rule| Finding::Invalid {
            what: "project key",
            value: display(project),
            rule,
        });
        let bad_repo = dc_slug_rule(repo).map(|rule| Finding::Invalid {
            what: "repository slug",
            value: display(repo),
            rule,
        });
        let valid = bad_project.is_none() && bad_repo.is_none();
        self.found.extend(bad_project.into_iter().chain(bad_repo));
        if valid {
            let ssh_port = match kind {
                Kind::Ssh => port.unwrap_or(22),
                _ => 7999,
            };
            let port = if ssh_port == 22 {
                String::new()
            } else {
                format!(":{ssh_port}")
            };
            self.ssh_url = Some(format!("ssh://git@{host}{port}/{project}/{repo}.git"));
        }
    }

    /// A server bblink does not know: an SSH URL is taken as written.
    fn other(&mut self, p: &Parts, kind: Kind, port: Option<u16>, host: &str) {
        self.flavor = Some(UrlFlavor::Other);
        let path = self.take_path(p, false);
        let segs = &path.segments;
        self.kind = Some(kind);
        self.port = port.or_else(|| default_port(p, kind));
        if let Some((last, rest)) = segs.split_last() {
            self.repo = Some(display(strip_git(last)));
            self.workspace = (!rest.is_empty()).then(|| display(&rest.join("/")));
        }
        match kind {
            Kind::Ssh => {}
            Kind::Https => {
                self.found.push(Finding::Https { data_center: false });
                return;
            }
            Kind::Web if segs.is_empty() => {
                self.found.push(Finding::Unrecognised { too_long: false });
                return;
            }
            Kind::Web => {
                self.found.push(Finding::Browser { api: false });
                return;
            }
            Kind::Unknown => return,
        }
        if segs.is_empty() {
            self.found.push(Finding::MissingRepo {
                owner: display(host),
            });
            return;
        }
        if p.query
            || !p
                .path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~/+@%".contains(c))
        {
            self.found.push(Finding::Invalid {
                what: "path",
                value: display(&p.path),
                rule: "a repository path has only letters, digits and - . _ ~ / + @ %",
            });
            return;
        }
        let user = p
            .user
            .as_deref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        self.ssh_url = Some(match (&p.form, port) {
            (Form::Scp, None) => format!("{user}{host}:{}", p.path),
            (_, port) => {
                let port = port.map(|n| format!(":{n}")).unwrap_or_default();
                format!(
                    "ssh://{user}{host}{port}/{}",
                    p.path.trim_start_matches('/')
                )
            }
        });
    }

    fn finish(mut self) -> UrlCheck {
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
        problems.sort_by_key(|p| std::cmp::Reverse(p.severity));
        let kind = self.kind.unwrap_or(Kind::Unknown);
        let ok = kind == Kind::Ssh
            && ssh_url.is_some()
            && problems.iter().all(|p| p.severity != Severity::Error);
        let mut out = UrlCheck {
            ok,
            kind,
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
        out
    }
}

/// First path segments of Bitbucket Cloud pages that are not workspaces.
const RESERVED: [&str; 8] = [
    "account",
    "dashboard",
    "site",
    "repo",
    "product",
    "blog",
    "socialauth",
    "support",
];

/// The name without a `.git` ending (in any case).
fn strip_git(name: &str) -> &str {
    match name.len().checked_sub(4) {
        Some(i) if name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".git") => &name[..i],
        _ => name,
    }
}

/// A key where a URL belongs: PEM armour, PuTTY's header, or an OpenSSH public key line.
fn looks_like_a_key(text: &str) -> bool {
    text.starts_with("-----BEGIN")
        || text.starts_with("---- BEGIN SSH2")
        || text.starts_with("PuTTY-User-Key-File")
        || ["ssh-", "ecdsa-sha2-", "sk-"]
            .iter()
            .any(|p| text.starts_with(p) && text.contains(" AAAA"))
}

/// The first part git or ssh could read as an option.
fn dash_part(p: &Parts) -> Option<&'static str> {
    if p.user.as_deref().is_some_and(|u| u.starts_with('-')) {
        return Some("user name");
    }
    if p.host.starts_with('-') {
        return Some("host name");
    }
    let mut segs = p.path.split('/').filter(|s| !s.is_empty());
    if p.path.starts_with('-') || segs.any(|s| s.starts_with('-')) {
        return Some("path");
    }
    None
}

fn default_port(p: &Parts, kind: Kind) -> Option<u16> {
    match (&p.form, kind) {
        (_, Kind::Ssh) => Some(22),
        (Form::Scheme(s), _) if s == "https" => Some(443),
        (Form::Scheme(s), _) if s == "http" => Some(80),
        _ => None,
    }
}

/// Lowercased and validated; IPv6 keeps its brackets.
fn normalise_host(raw: &str) -> Option<String> {
    let h = raw.trim_end_matches('.').to_lowercase();
    if h.is_empty() {
        return None;
    }
    match url::Host::parse(&h).ok()? {
        url::Host::Domain(d) => d
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
            .then_some(d),
        url::Host::Ipv4(a) => Some(a.to_string()),
        url::Host::Ipv6(a) => Some(format!("[{a}]")),
    }
}

/// Why a Cloud workspace ID is not valid (lowercase letters, digits, `-`, `_`; or a `{UUID}`).
fn cloud_workspace_rule(ws: &str) -> Option<&'static str> {
    let decoded = decode(ws);
    if is_uuid_form(&decoded) {
        return None;
    }
    (!decoded
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then_some("workspace IDs have only letters, digits, '-' and '_'")
}

/// Why a Cloud repository slug is not valid (Atlassian's "What is a slug?").
fn cloud_slug_rule(slug: &str) -> Option<&'static str> {
    let decoded = decode(slug);
    if is_uuid_form(&decoded) {
        return None;
    }
    if !decoded
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Some("slugs have only letters, digits, '-', '_' and '.'");
    }
    if decoded.len() > 62 {
        return Some("slugs have at most 62 characters");
    }
    if decoded.contains("--") {
        return Some("slugs never have two '-' in a row");
    }
    if decoded.ends_with('-') && !decoded.chars().all(|c| c == '-') {
        return Some("slugs do not end with '-'");
    }
    None
}

/// Why a Data Center project key is not valid (letters, digits, `_`; or `~user`).
fn dc_project_rule(key: &str) -> Option<&'static str> {
    if let Some(user) = key.strip_prefix('~') {
        return (user.is_empty() || user.chars().any(|c| c.is_whitespace() || c.is_control()))
            .then_some("a personal repository's owner is ~ and a user name");
    }
    (!key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some("project keys have only letters, digits and '_'")
}

/// Why a Data Center repository slug is not valid.
fn dc_slug_rule(slug: &str) -> Option<&'static str> {
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Some("slugs have only letters, digits, '-', '_' and '.'");
    }
    (!slug.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then_some("Data Center slugs start with a letter or digit")
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

fn is_uuid_form(s: &str) -> bool {
    s.strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(|u| u.len() == 36 && u.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
}

/// Escapes what a terminal would act on (control and bidirectional-format characters) and
/// shortens very long values, so echoing user input is safe.
fn display(s: &str) -> String {
    const MAX: usize = 120;
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        let format = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || format {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// The input with every secret replaced, longest first, then made safe to display.
fn shown(text: &str, secrets: &[String]) -> String {
    let mut sorted: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_string();
    for s in sorted {
        out = out.replace(s.as_str(), "****");
    }
    display(&out)
}

/// The safety net: a value containing a secret is dropped; a message has it replaced.
fn scrub(out: &mut UrlCheck, secrets: &[String]) {
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        for field in [
            &mut out.host,
            &mut out.workspace,
            &mut out.repo,
            &mut out.ssh_url,
        ] {
            if field.as_deref().is_some_and(|v| v.contains(s.as_str())) {
                *field = None;
            }
        }
        for p in &mut out.problems {
            p.message = p.message.replace(s.as_str(), "****");
            p.fix = p.fix.replace(s.as_str(), "****");
        }
        out.shown = out.shown.replace(s.as_str(), "****");
    }
    if out.ssh_url.is_none() {
        out.ok = false;
    }
}

//! Which server a host name is (Bitbucket Cloud and which of its names, a misspelling of it, a
//! known other Git host, or something else, perhaps a Data Center), Bitbucket's naming rules
//! (Cloud workspace IDs and repository slugs, Data Center project keys and slugs, the paths of
//! Cloud pages that are not workspaces), and what each kind of server needs: Bitbucket Cloud
//! (its SSH host, user and port), Data Center (`/scm/` and browse paths, port 7999), and servers
//! bblink does not know (an SSH URL is taken as written).

use super::analysis::{Analysis, browse_path, default_port};
use std::borrow::Cow;

use super::problems::Finding;
use super::redact::display;
use super::split::{Form, Parts};
use super::{Kind, UrlFlavor};

/// Bitbucket Data Center's default SSH port.
pub(super) const DC_SSH_PORT: u16 = 7999;

/// Bitbucket Cloud's SSH URL of a repository.
pub(super) fn cloud_ssh_url(workspace: &str, repo: &str) -> String {
    format!("git@{CLOUD_SSH_HOST}:{workspace}/{repo}.git")
}

impl Analysis {
    pub(super) fn cloud(
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
        self.set_kind(p, kind, port);
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
    pub(super) fn cloud_ssh(
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
        self.check_user(p, false);
        let allowed = if which == CloudHost::AltSsh { 443 } else { 22 };
        if let Some(n) = port.filter(|n| *n != allowed) {
            self.found.push(Finding::WrongPort { port: n });
        }
        if extra || p.query {
            self.found.push(Finding::ExtraPath { scm: false });
        }
    }

    /// The workspace and repository of a Cloud URL, and the SSH URL when both are valid.
    pub(super) fn cloud_names(&mut self, kind: Kind, ws: Option<&str>, repo: Option<&str>) {
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
                // Browsers percent-encode (e.g. `{UUID}`); git never decodes the short form.
                let (ws, repo) = (decode(ws), decode(repo));
                if self.valid_names(
                    ("workspace", &ws, cloud_workspace_rule),
                    ("repository slug", &repo, cloud_slug_rule),
                ) {
                    self.ssh_url = Some(cloud_ssh_url(&ws, &repo));
                }
            }
        }
    }

    pub(super) fn data_center(&mut self, p: &Parts, kind: Kind, port: Option<u16>, host: &str) {
        self.flavor = Some(UrlFlavor::DataCenter);
        let path = self.take_path(p, true);
        let segs = &path.segments;
        let mut kind = kind;
        let (project, repo) = if kind == Kind::Ssh {
            self.check_user(p, true);
            let scm = segs.first() == Some(&"scm");
            let names = &segs[usize::from(scm)..];
            if segs.len() > 2 {
                self.found.push(Finding::ExtraPath { scm });
            }
            match names {
                // One name over SSH is the repository; the project is missing.
                [repo] => (None, Some(*repo)),
                [project, repo] => (Some(Cow::Borrowed(*project)), Some(*repo)),
                _ => (None, None),
            }
        } else if let Some(i) = segs.iter().position(|s| *s == "scm") {
            if p.query {
                kind = Kind::Web;
            }
            (
                segs.get(i + 1).map(|s| Cow::Borrowed(*s)),
                segs.get(i + 2).copied(),
            )
        } else if let Some(i) = browse_path(segs) {
            kind = Kind::Web;
            // A personal repository's owner is `~user` in clone URLs.
            let project = if segs[i] == "users" {
                Cow::Owned(format!("~{}", segs[i + 1]))
            } else {
                Cow::Borrowed(segs[i + 1])
            };
            (Some(project), segs.get(i + 3).copied())
        } else {
            (None, None)
        };
        self.finish_data_center(
            p,
            kind,
            port.or(path.scp_port),
            host,
            project.as_deref(),
            repo,
        );
    }

    pub(super) fn finish_data_center(
        &mut self,
        p: &Parts,
        kind: Kind,
        port: Option<u16>,
        host: &str,
        project: Option<&str>,
        repo: Option<&str>,
    ) {
        self.set_kind(p, kind, port);
        match kind {
            Kind::Https => self.found.push(Finding::Https { data_center: true }),
            Kind::Web => self.found.push(Finding::Browser { api: false }),
            _ => {}
        }
        let repo = repo.map(strip_git);
        let (Some(project), Some(repo)) = (project, repo) else {
            if let Some(repo) = repo {
                self.repo = Some(display(repo));
            }
            match project {
                None if kind == Kind::Ssh => self
                    .found
                    .push(Finding::MissingWorkspace { data_center: true }),
                Some(owner) => self.found.push(Finding::MissingRepo {
                    owner: display(owner),
                }),
                None => {}
            }
            return;
        };
        if self.valid_names(
            ("project key", project, dc_project_rule),
            ("repository slug", repo, dc_slug_rule),
        ) {
            let ssh_port = match kind {
                Kind::Ssh => port.unwrap_or(22),
                _ => DC_SSH_PORT,
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
    pub(super) fn other(&mut self, p: &Parts, kind: Kind, port: Option<u16>, host: &str) {
        self.flavor = Some(UrlFlavor::Other);
        let path = self.take_path(p, false);
        let segs = &path.segments;
        self.set_kind(p, kind, port);
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
        // The short form never has a port.
        self.ssh_url = Some(if p.form == Form::Scp {
            format!("{user}{host}:{}", p.path)
        } else {
            let port = port.map(|n| format!(":{n}")).unwrap_or_default();
            format!("ssh://{user}{host}{port}/{}", p.path)
        });
    }

    /// The kind, and the port as written or the protocol's default.
    pub(super) fn set_kind(&mut self, p: &Parts, kind: Kind, port: Option<u16>) {
        self.kind = Some(kind);
        self.port = port.or_else(|| default_port(p, kind));
    }

    /// SSH to Bitbucket is always as the user git.
    fn check_user(&mut self, p: &Parts, data_center: bool) {
        if p.user.as_deref() != Some("git") && !p.credentials {
            self.found.push(Finding::WrongUser {
                user: p.user.as_deref().map(display),
                data_center,
            });
        }
    }

    /// Records the owner (workspace or project) and repository, and whether both follow
    /// their rules.
    fn valid_names(
        &mut self,
        owner: (&'static str, &str, Rule),
        repo: (&'static str, &str, Rule),
    ) -> bool {
        self.workspace = Some(display(owner.1));
        self.repo = Some(display(repo.1));
        let mut valid = true;
        for (what, value, rule) in [owner, repo] {
            if let Some(rule) = rule(value) {
                valid = false;
                self.found.push(Finding::Invalid {
                    what,
                    value: display(value),
                    rule,
                });
            }
        }
        valid
    }
}

/// Bitbucket Cloud's SSH host since November 12, 2026.
pub const CLOUD_SSH_HOST: &str = "ssh.bitbucket.org";
/// Bitbucket Cloud's web and HTTPS host (SSH before November 12, 2026).
pub const CLOUD_WEB_HOST: &str = "bitbucket.org";

/// One of Bitbucket Cloud's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CloudHost {
    /// `bitbucket.org`, `www.bitbucket.org`: web and HTTPS only.
    Web,
    /// `ssh.bitbucket.org`.
    Ssh,
    /// `altssh.bitbucket.org` (SSH on port 443; its future is unconfirmed).
    AltSsh,
    /// `api.bitbucket.org`.
    Api,
}

/// What a host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HostClass {
    /// Bitbucket Cloud.
    Cloud(CloudHost),
    /// A misspelling of a Cloud host; the right one.
    Typo(CloudHost),
    /// Another Git host, by its product name.
    Other(&'static str),
    /// Not known.
    Unknown,
}

const OTHERS: &[(&str, &str)] = &[
    ("github.com", "GitHub"),
    ("ssh.github.com", "GitHub"),
    ("gist.github.com", "GitHub"),
    ("gitlab.com", "GitLab"),
    ("altssh.gitlab.com", "GitLab"),
    ("dev.azure.com", "Azure DevOps"),
    ("ssh.dev.azure.com", "Azure DevOps"),
    ("codeberg.org", "Codeberg"),
    ("gitea.com", "Gitea"),
    ("git.sr.ht", "SourceHut"),
    ("gitee.com", "Gitee"),
    ("git.code.sf.net", "SourceForge"),
    ("huggingface.co", "Hugging Face"),
];

/// Classifies a lowercased host name.
pub(super) fn classify(host: &str) -> HostClass {
    let host = host.strip_prefix("www.").unwrap_or(host);
    match host {
        CLOUD_WEB_HOST => return HostClass::Cloud(CloudHost::Web),
        CLOUD_SSH_HOST => return HostClass::Cloud(CloudHost::Ssh),
        "altssh.bitbucket.org" => return HostClass::Cloud(CloudHost::AltSsh),
        "api.bitbucket.org" => return HostClass::Cloud(CloudHost::Api),
        _ => {}
    }
    if let Some((_, name)) = OTHERS.iter().find(|(h, _)| *h == host) {
        return HostClass::Other(name);
    }
    if host.ends_with(".visualstudio.com") {
        return HostClass::Other("Azure DevOps");
    }
    if host.ends_with(".bitbucket.org") {
        // Some other name under bitbucket.org (e.g. shh.bitbucket.org).
        return HostClass::Typo(CloudHost::Ssh);
    }
    let Some((name, tld)) = host.rsplit_once('.') else {
        return HostClass::Unknown;
    };
    // A wrong or misspelled top-level domain (bitbucket.com, bitbucket.og), but not an
    // internal one such as bitbucket.corp, which is a Data Center's name.
    let tld_typo =
        ["com", "net", "io", "co"].contains(&tld) || strsim::damerau_levenshtein(tld, "org") == 1;
    match name {
        "bitbucket" if tld_typo => return HostClass::Typo(CloudHost::Web),
        "ssh.bitbucket" if tld_typo => return HostClass::Typo(CloudHost::Ssh),
        _ => {}
    }
    if tld == "org" || tld_typo {
        let close = |target: &str| strsim::damerau_levenshtein(host, target) <= 2;
        if close(CLOUD_SSH_HOST) {
            return HostClass::Typo(CloudHost::Ssh);
        }
        if close(CLOUD_WEB_HOST) {
            return HostClass::Typo(CloudHost::Web);
        }
    }
    HostClass::Unknown
}

/// The host with its `xn--` labels shown as the letters they stand for.
pub(super) fn unicode(host: &str) -> String {
    if !host.contains("xn--") {
        return host.to_string();
    }
    let (decoded, result) = idna::domain_to_unicode(host);
    if result.is_ok() {
        decoded
    } else {
        host.to_string()
    }
}

/// Whether a host that is not Bitbucket Cloud carries Cloud's name as its first labels
/// (`bitbucket.org.example.com`), which makes it look like Cloud at a glance.
pub(super) fn poses_as_cloud(host: &str) -> bool {
    [CLOUD_WEB_HOST, CLOUD_SSH_HOST]
        .iter()
        .any(|cloud| host.starts_with(&format!("{cloud}.")) || host.contains(&format!(".{cloud}.")))
}

/// Whether an unknown host looks like a Bitbucket Data Center (its name says so).
pub(super) fn looks_like_data_center(host: &str) -> bool {
    host.split(['.', '-'])
        .any(|label| label == "bitbucket" || label == "stash")
}

/// First path segments of Bitbucket Cloud pages that are not workspaces.
pub(super) const RESERVED: [&str; 8] = [
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
pub(super) fn strip_git(name: &str) -> &str {
    match name.len().checked_sub(4) {
        Some(i) if name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".git") => &name[..i],
        _ => name,
    }
}

/// A naming rule: why a name is not valid, or `None`.
pub(super) type Rule = fn(&str) -> Option<&'static str>;

/// Why a Cloud workspace ID is not valid (lowercase letters, digits, `-`, `_`; or a `{UUID}`).
/// The rules take names already percent-decoded.
pub(super) fn cloud_workspace_rule(ws: &str) -> Option<&'static str> {
    if is_uuid_form(ws) {
        return None;
    }
    (!ws.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then_some("workspace IDs have only letters, digits, '-' and '_'")
}

/// Why a Cloud repository slug is not valid (Atlassian's "What is a slug?").
pub(super) fn cloud_slug_rule(decoded: &str) -> Option<&'static str> {
    if is_uuid_form(decoded) {
        return None;
    }
    if decoded.is_empty() || decoded == "." || decoded == ".." {
        return Some("that is not a repository name");
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
pub(super) fn dc_project_rule(key: &str) -> Option<&'static str> {
    if let Some(user) = key.strip_prefix('~') {
        let plain = user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@-".contains(c));
        return (user.is_empty() || !plain)
            .then_some("a personal repository's owner is ~ and a user name");
    }
    (!key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some("project keys have only letters, digits and '_'")
}

/// Why a Data Center repository slug is not valid.
pub(super) fn dc_slug_rule(slug: &str) -> Option<&'static str> {
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Some("slugs have only letters, digits, '-', '_' and '.'");
    }
    (!slug.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then_some("Data Center slugs start with a letter or digit")
}

pub(super) fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

pub(super) fn is_uuid_form(s: &str) -> bool {
    s.strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(|u| u.len() == 36 && u.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_names_typos_and_others() {
        assert_eq!(classify("bitbucket.org"), HostClass::Cloud(CloudHost::Web));
        assert_eq!(
            classify("www.bitbucket.org"),
            HostClass::Cloud(CloudHost::Web)
        );
        assert_eq!(
            classify("ssh.bitbucket.org"),
            HostClass::Cloud(CloudHost::Ssh)
        );
        for typo in [
            "bitbucket.com",
            "bitbuckt.org",
            "bitbucket.og",
            "bitbukcet.org",
            "bitbucket.io",
        ] {
            assert_eq!(classify(typo), HostClass::Typo(CloudHost::Web), "{typo}");
        }
        for typo in ["ssh.bitbucket.com", "shh.bitbucket.org", "ssh.bitbuckt.org"] {
            assert_eq!(classify(typo), HostClass::Typo(CloudHost::Ssh), "{typo}");
        }
        assert_eq!(classify("github.com"), HostClass::Other("GitHub"));
        assert_eq!(classify("bitbucket.example.com"), HostClass::Unknown);
        for internal in [
            "bitbucket.corp",
            "bitbucket.work",
            "bitbucket.one",
            "bitbucket.ops",
            "bitbucket",
        ] {
            assert_eq!(classify(internal), HostClass::Unknown, "{internal}");
        }
        assert_eq!(classify("git.example.com"), HostClass::Unknown);
        assert!(looks_like_data_center("bitbucket.example.com"));
        assert!(looks_like_data_center("stash.corp.local"));
        assert!(!looks_like_data_center("git.example.com"));
    }
}

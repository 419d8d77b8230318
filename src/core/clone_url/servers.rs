//! What each kind of server needs: Bitbucket Cloud (its SSH host, user and port, workspace
//! and slug rules), Data Center (project keys, `/scm/` and browse paths, port 7999), and
//! servers bblink does not know (an SSH URL is taken as written).

use super::analysis::{Analysis, browse_path, default_port};
use std::borrow::Cow;

use super::findings::Finding;
use super::hosts::{CLOUD_SSH_HOST, CLOUD_WEB_HOST, CloudHost};
use super::names::{
    RESERVED, Rule, cloud_slug_rule, cloud_workspace_rule, dc_project_rule, dc_slug_rule, decode,
    strip_git,
};
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

//! The clone URL check: whatever was pasted (an SSH or HTTPS clone URL, a browser address, a
//! whole `git clone` command), which Bitbucket it names, the SSH URL the service needs, and
//! every problem with its fix.
//!
//! Pure: no IO. A password or token in the input never reaches the output: outputs are built
//! from the parts that are not secret, and a last pass scrubs anything secret that slipped in
//! through a misreading.

mod analysis;
mod clean;
mod problems;
mod redact;
mod servers;
mod split;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::core::input::{self, OneLine};
use crate::core::service::Flavor;

pub use problems::{Problem, ProblemId};
pub use servers::{CLOUD_SSH_HOST, CLOUD_WEB_HOST};

use analysis::{Analysis, looks_like_a_key};
use problems::Finding;
use redact::shown;

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

impl Kind {
    /// What the input is, in words.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Ssh => "SSH URL",
            Kind::Https => "HTTPS clone URL",
            Kind::Web => "web address (not a clone URL)",
            Kind::Unknown => "not a clone URL",
        }
    }
}

impl UrlFlavor {
    /// The Bitbucket product, for a Bitbucket server.
    pub fn bitbucket(self) -> Option<Flavor> {
        match self {
            UrlFlavor::Cloud => Some(Flavor::Cloud),
            UrlFlavor::DataCenter => Some(Flavor::DataCenter),
            UrlFlavor::Other => None,
        }
    }

    /// The server, in words.
    pub fn label(self) -> &'static str {
        match self {
            UrlFlavor::Other => "not a Bitbucket server bblink knows",
            bitbucket => bitbucket.bitbucket().map_or("", Flavor::name),
        }
    }
}

impl UrlCheck {
    /// What `workspace` holds: a Data Center project key or a Cloud workspace.
    pub fn owner_word(&self) -> &'static str {
        if self.flavor == Some(UrlFlavor::DataCenter) {
            "project"
        } else {
            "workspace"
        }
    }

    /// What was read from the input, for a line under the verdict: `workspace acme`,
    /// `repository app`, `host ssh.bitbucket.org` (those found).
    pub fn facts(&self) -> Vec<String> {
        [
            self.workspace
                .as_ref()
                .map(|v| format!("{} {v}", self.owner_word())),
            self.repo.as_ref().map(|v| format!("repository {v}")),
            self.host.as_ref().map(|v| format!("host {v}")),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// What the input is and which server it names, e.g. "HTTPS clone URL, Bitbucket Cloud".
    pub fn summary(&self) -> String {
        match self.flavor {
            Some(f) => format!("{}, {}", self.kind.label(), f.label()),
            None => self.kind.label().to_string(),
        }
    }

    /// The SSH URL, when the input is usable as it is.
    pub fn usable(&self) -> Option<&str> {
        self.ssh_url.as_deref().filter(|_| self.ok)
    }

    /// The SSH URL offered as a repair: set when the input is not usable but bblink knows the
    /// right URL.
    pub fn repair(&self) -> Option<&str> {
        self.ssh_url.as_deref().filter(|_| !self.ok)
    }

    /// Whether a problem was found.
    pub fn has(&self, id: ProblemId) -> bool {
        crate::core::problem::has(&self.problems, &id)
    }
}

/// bblink's form of a URL that is usable as it is (e.g. one read back from a file).
pub fn usable_ssh_url(text: &str) -> Option<String> {
    check(text).usable().map(str::to_string)
}

/// Checks a pasted or typed clone URL, as the command line and the wizard both read it: through
/// [`input::one_line`], then this check.
pub fn check(input: &str) -> UrlCheck {
    if input.len() > MAX_INPUT {
        let mut a = Analysis::default();
        a.found.push(Finding::Unrecognised { too_long: true });
        return a.finish();
    }
    check_line(&input::one_line(input))
}

/// Checks a value already cleaned by [`input::one_line`] (what was removed is reported).
pub fn check_line(line: &OneLine) -> UrlCheck {
    let mut a = Analysis::default();
    if !line.removed.is_empty() {
        a.found.push(Finding::Invisible {
            names: input::describe_removed(&line.removed),
        });
    }
    if line.more_lines {
        a.found.push(Finding::MoreLines);
    }
    let clean::Cleaned {
        text,
        command,
        mut secrets,
    } = clean::clean(&line.text);
    secrets.extend(redact::assignment_secrets(&line.text));
    // A token pasted next to the URL would be echoed as part of the repository name.
    secrets.extend(crate::core::redact::prefixed_tokens(&line.text));
    if text.is_empty() {
        a.found.push(Finding::Empty {
            command: command.is_some(),
        });
        return a.finish();
    }
    if let Some(ignored) = command {
        // Option names are the user's text: escaped like every other echo.
        let ignored = ignored.iter().map(|name| redact::display(name)).collect();
        a.found.push(Finding::Command { ignored });
    }
    if looks_like_a_key(&text) {
        // Never echoed: it may be the first line of a private key.
        a.found.push(Finding::KeyPasted);
        return a.finish();
    }
    let parts = split::split(&text);
    if parts.credentials || !secrets.is_empty() {
        a.found.push(Finding::Credentials);
    }
    a.secrets = parts.secrets.iter().cloned().chain(secrets).collect();
    a.shown = shown(&text, &a.secrets);
    a.run(&parts);
    a.finish()
}

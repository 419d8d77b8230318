//! Sheets over any screen: `known_hosts` lines for the repository's SSH host without trust on
//! first use (Bitbucket Cloud's pinned keys, or the Data Center key the connection test
//! verified), in each CI's format, copyable (`F4`); and the service's checklist (`F5`).

use strum::IntoEnumIterator;

use crate::core::conntest::Target;
use crate::core::conntest::hostkeys;
use crate::core::keyboard::Action;
use crate::core::known_hosts::{self, CLOUD_HOST, Format, Refused, Source};

use super::overlay::Overlay;
use super::values::{Copies, Item};
use super::{Out, Wizard};

/// What the `known_hosts` sheet shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHostsView {
    /// The host as `known_hosts` names it.
    pub host: String,
    /// Where the keys come from, in a sentence.
    pub source: String,
    /// Every format's name, and the chosen one's index.
    pub formats: (Vec<&'static str>, usize),
    /// The snippet (empty when there is nothing trustworthy to print).
    pub snippet: String,
    /// Why there is nothing to print, or a loud warning.
    pub warning: Option<String>,
    /// How the last copy went.
    pub copy_note: Option<String>,
}

/// Comment lines (without `#`) and `known_hosts` lines.
type Lines = (Vec<String>, Vec<String>);

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Plain => "plain",
        Format::Circleci => "CircleCI",
        Format::GithubActions => "GitHub Actions",
        Format::GitlabCi => "GitLab CI",
        Format::Dockerfile => "Dockerfile",
    }
}

impl Wizard {
    /// Opens a sheet (`F4`, `F5`); `true` when the action was one of theirs.
    pub(super) fn open_sheet(&mut self, action: Action, out: &mut Out) -> bool {
        match action {
            Action::KnownHostsSheet => {
                // CircleCI's own format first for CircleCI.
                let circleci = self.service().is_some_and(|s| s.id == "circleci");
                let format = Format::iter()
                    .position(|f| f == Format::Circleci && circleci)
                    .unwrap_or(0);
                self.overlay = Some(Overlay::KnownHosts {
                    format,
                    copies: Copies::default(),
                });
            }
            Action::Checklist if self.service().is_some_and(|s| !s.checklist.is_empty()) => {
                self.overlay = Some(Overlay::Checklist);
            }
            Action::Checklist => {
                let called = self.service().map_or("This service", |s| s.called());
                out.notice = Some(format!("{called}'s guide has no checklist."));
            }
            _ => return false,
        }
        true
    }

    /// The `known_hosts` host, its comments and lines, or why there are none.
    fn known_hosts_lines(&self) -> (String, Result<Lines, String>) {
        let (host, port) = self
            .ssh_url()
            .and_then(Target::parse)
            .map_or((CLOUD_HOST.to_string(), 22), |t| (t.host, t.port));
        let name = hostkeys::known_host_name(&host, port);
        let seen: Vec<hostkeys::HostKey> = self
            .test
            .outcome()
            .filter(|_| self.test.matches(&self.test_inputs()))
            .map(|o| o.host_keys.clone())
            .unwrap_or_default();
        // Only the keys the test accepted (the one the user confirmed, or trusted before), never
        // the others an unauthenticated keyscan returned.
        let verified: Vec<hostkeys::HostKey> = self
            .test
            .outcome()
            .filter(|o| o.ok && self.test.matches(&self.test_inputs()))
            .map(|o| o.accepted_keys.clone())
            .unwrap_or_default();
        let lines = match known_hosts::lines_for(&host, port, &seen, &verified) {
            Ok((Source::Pinned, lines)) => Ok((known_hosts::cloud_comment(), lines)),
            Ok((Source::Verified, lines)) => Ok((
                vec![format!(
                    "{name}'s host key, verified by bblink's connection test."
                )],
                lines,
            )),
            Err(Refused::Foreign(other)) => Err(format!(
                "The connection test saw {host} present {} {}, which is none of the keys Atlassian publishes: lines with the published keys would fail there, and that key must not be trusted blindly. Compare it with https://bitbucket.org/site/ssh and test from another network.",
                other.kind(),
                other.fingerprint
            )),
            Err(Refused::Unverified) => Err(format!(
                "Nothing is pinned for {host}: test the connection first (step 6). bblink shows the server's host key fingerprint to compare with your administrator's, and prints the lines once the test passes."
            )),
        };
        (name, lines)
    }

    /// What the `known_hosts` sheet shows in `format`.
    pub(super) fn known_hosts_view(&self, format: usize, copies: &Copies) -> KnownHostsView {
        let formats: Vec<Format> = Format::iter().collect();
        let f = formats.get(format).copied().unwrap_or(Format::Plain);
        let (host, lines) = self.known_hosts_lines();
        let pinned = hostkeys::is_pinned_host(
            host.trim_start_matches('[')
                .split([']', ':'])
                .next()
                .unwrap_or_default(),
        );
        let (snippet, warning) = match lines {
            Ok((comments, lines)) => (known_hosts::render(f, &comments, &lines), None),
            Err(why) => (String::new(), Some(why)),
        };
        KnownHostsView {
            source: if pinned {
                "Bitbucket Cloud's keys, pinned in bblink: Atlassian publishes them for bitbucket.org, and they are used for ssh.bitbucket.org. Never ssh-keyscan: it trusts whatever answers.".into()
            } else {
                "The key the connection test verified (and you confirmed).".into()
            },
            host,
            formats: (formats.into_iter().map(format_name).collect(), format),
            snippet,
            warning,
            copy_note: copies.note(0, None),
        }
    }

    /// An action on the `known_hosts` sheet: the next format, or copy the snippet.
    pub(super) fn sheet_act(&mut self, sheet: Overlay, action: Action, out: &mut Out) -> Overlay {
        let Overlay::KnownHosts { format, mut copies } = sheet else {
            return sheet;
        };
        match action {
            Action::Cycle => Overlay::KnownHosts {
                format: (format + 1) % Format::iter().count(),
                copies: Copies::default(),
            },
            Action::Copy => {
                let view = self.known_hosts_view(format, &copies);
                if view.snippet.is_empty() {
                    out.notice = view.warning;
                } else {
                    let item = Item::text("known_hosts", view.snippet, "");
                    copies.copy(&[item], 0, &mut self.jobs, out);
                }
                Overlay::KnownHosts { format, copies }
            }
            _ => Overlay::KnownHosts { format, copies },
        }
    }
}

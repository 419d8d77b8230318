//! The connection test's domain: what is tested (the target), its stages, the report they add
//! up to, and the command that runs it again. The adapter (`adapters::conntest`) does the
//! network and process work and feeds each stage's result here; nothing here does IO.

pub mod findings;
pub mod hostkeys;
pub mod parse;
mod report;

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

pub use findings::{Finding, FindingId};
pub use parse::AuthKind;
pub use report::{Outcome, Report};

use crate::core::display::terminal_safe;
use crate::core::inspect::{self, ProblemId};
use crate::core::problem::Severity;

/// The default limit for each stage.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The most of ssh's and git's words kept in the transcript.
pub const TRANSCRIPT_LIMIT: usize = 64 * 1024;

/// A stage of the test, in order; `Done` is "every stage passed".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StageName {
    /// Find the host's addresses.
    Resolve,
    /// Open a TCP connection and hear the SSH greeting.
    Connect,
    /// Check the server's host key.
    HostKey,
    /// Log in with exactly this key.
    Auth,
    /// List the repository's branches.
    Repo,
    /// Every stage passed.
    Done,
}

impl StageName {
    /// The stages that run, in order.
    pub const RUN: [StageName; 5] = [
        StageName::Resolve,
        StageName::Connect,
        StageName::HostKey,
        StageName::Auth,
        StageName::Repo,
    ];

    /// What the stage does, for the checklist.
    pub fn label(self) -> &'static str {
        match self {
            StageName::Resolve => "Resolve the host",
            StageName::Connect => "Connect",
            StageName::HostKey => "Check the host key",
            StageName::Auth => "Log in with the key",
            StageName::Repo => "Read the repository",
            StageName::Done => "Done",
        }
    }
}

/// One stage's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// Which stage.
    pub name: StageName,
    /// Passed.
    pub ok: bool,
    /// How long it took, in milliseconds.
    pub ms: u64,
    /// What it found, in a line.
    pub detail: String,
}

/// Where the test connects, from the SSH URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The SSH URL as the service will use it.
    pub url: String,
    /// The SSH user (`git` for Bitbucket).
    pub user: String,
    /// The host, without brackets.
    pub host: String,
    /// The port.
    pub port: u16,
}

impl Target {
    /// Reads `ssh://user@host[:port]/path` or `user@host:path`. A user or host that starts
    /// with `-` is refused (it would be read as an option).
    pub fn parse(ssh_url: &str) -> Option<Target> {
        let (user, host, port) = if let Some(rest) = ssh_url.strip_prefix("ssh://") {
            let authority = rest.split('/').next()?;
            let (user, hostport) = authority.rsplit_once('@')?;
            let (host, port) = match hostport.strip_prefix('[') {
                Some(v6) => {
                    let (h, after) = v6.split_once(']')?;
                    (h, after.strip_prefix(':'))
                }
                None => match hostport.rsplit_once(':') {
                    Some((h, p)) => (h, Some(p)),
                    None => (hostport, None),
                },
            };
            let port = match port {
                Some(p) => p.parse().ok()?,
                None => 22,
            };
            (user, host, port)
        } else {
            let (user, rest) = ssh_url.split_once('@')?;
            let host = match rest.strip_prefix('[') {
                Some(v6) => v6.split_once(']')?.0,
                None => rest.split_once(':')?.0,
            };
            (user, host, 22)
        };
        let bad =
            |s: &str| s.is_empty() || s.starts_with('-') || s.chars().any(char::is_whitespace);
        if bad(user) || bad(host) || port == 0 {
            return None;
        }
        Some(Target {
            url: ssh_url.to_string(),
            user: user.to_string(),
            host: host.to_ascii_lowercase(),
            port,
        })
    }
}

/// Whether a private key text can be given to ssh as it is; the finding when not.
pub fn key_preflight(text: &str) -> Result<(), Finding> {
    let verdict = inspect::inspect(text, None);
    let detail = |id: ProblemId| id.problem().message;
    if verdict.has(ProblemId::PassphraseRequired) {
        return Err(FindingId::PassphraseRequired.finding(""));
    }
    if verdict.kind != inspect::Kind::Private || !verdict.ok || verdict.repaired {
        let first = verdict
            .problems
            .iter()
            .find(|p| p.severity == Severity::Error)
            .or(verdict.problems.first())
            .map_or_else(|| detail(ProblemId::NotAKey), |p| p.message.clone());
        return Err(FindingId::KeyInvalidFormat.finding(first.trim_end_matches('.')));
    }
    Ok(())
}

/// What to test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Where.
    pub target: Target,
    /// The limit for each stage.
    pub timeout: Duration,
    /// bblink's `known_hosts` file: keys trusted before, and where a confirmed key is recorded.
    pub known_hosts: PathBuf,
    /// A host key fingerprint the user gave (`SHA256:…`): the server's key must have it.
    pub confirm: Option<String>,
    /// `known_hosts` files whose keys are trusted too and whose `@revoked` lines are honoured;
    /// only read, never written.
    pub also_trust: Vec<PathBuf>,
    /// Other `known_hosts` files to look at (read only) for Bitbucket's revoked host key.
    pub look_at: Vec<PathBuf>,
}

/// What the test reports while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// A stage began.
    Started(StageName),
    /// A stage ended.
    Finished(Stage),
}

/// The command that runs this test again, with the exact arguments, for a POSIX shell; `key`
/// is the key file's path already quoted for the shell.
pub fn retest_command(url: &str, key: &str, timeout: Option<u64>) -> String {
    let quote = |s: &str| {
        shlex::try_quote(s).map_or_else(|_| format!("'{s}'"), std::borrow::Cow::into_owned)
    };
    let url = terminal_safe(url);
    let mut cmd = format!("bblink test --url {} --key {key}", quote(&url));
    if let Some(t) = timeout.filter(|t| *t != DEFAULT_TIMEOUT.as_secs()) {
        cmd.push_str(" --timeout ");
        cmd.push_str(&t.to_string());
    }
    cmd
}

/// A repository the key reads (as Bitbucket's greeting lists it) that is the one the URL meant:
/// the same name in another case, or one or two letters away (`acme/widget` for
/// `acme/widgets`). Returns the name the URL gives and the listed one.
pub fn closest_repo(url: &str, listed: &[String]) -> Option<(String, String)> {
    // The path's last two segments, as Bitbucket names a repository (`workspace/repo`).
    let path = match url.strip_prefix("ssh://") {
        Some(rest) => rest.split_once('/')?.1,
        None => url.split_once(':')?.1,
    };
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let mut segs = path.rsplit('/');
    let (repo, workspace) = (segs.next()?, segs.next()?);
    let named = format!("{workspace}/{repo}");
    let lower = named.to_lowercase();
    listed
        .iter()
        .filter(|r| r.to_lowercase() != lower || **r != named)
        .map(|r| (strsim::damerau_levenshtein(&r.to_lowercase(), &lower), r))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, r)| (named.clone(), r.clone()))
}

/// The verdict across several repositories tested with one key (the service's repository first,
/// then what its build fetches): a key that reads the first but is refused by another is an
/// access key where the build needs a user key.
pub fn across(outcomes: &[Outcome]) -> Option<Finding> {
    let (first, rest) = outcomes.split_first()?;
    if first.auth_kind == Some(AuthKind::AccountKey) {
        // Already a user key: the refusals say the account cannot read them (their own lines).
        return None;
    }
    let refused: Vec<&str> = rest
        .iter()
        .filter(|o| {
            o.failure().is_some_and(|f| {
                matches!(f.id, FindingId::RepoNotFound | FindingId::PublickeyDenied)
            })
        })
        .map(|o| o.url.as_str())
        .collect();
    (first.ok && !refused.is_empty())
        .then(|| FindingId::UserKeyRequired.finding(&format!("refused by {}", refused.join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repository_name_nearly_given_is_suggested_from_what_the_key_reads() {
        let listed = vec!["acme/widgets".to_string(), "acme/gadgets".to_string()];
        assert_eq!(
            closest_repo("git@ssh.bitbucket.org:acme/widget.git", &listed),
            Some(("acme/widget".into(), "acme/widgets".into()))
        );
        assert_eq!(
            closest_repo("git@ssh.bitbucket.org:ACME/Widgets.git", &listed).map(|(_, r)| r),
            Some("acme/widgets".into())
        );
        assert_eq!(
            closest_repo("git@ssh.bitbucket.org:acme/other.git", &listed),
            None
        );
        assert_eq!(
            closest_repo("git@ssh.bitbucket.org:acme/widget.git", &[]),
            None
        );
        assert_eq!(
            closest_repo("ssh://git@127.0.0.1:2222/acme/widget.git", &listed).map(|(_, r)| r),
            Some("acme/widgets".into())
        );
    }

    #[test]
    fn targets_are_read_from_both_url_forms() {
        let t = Target::parse("ssh://root@127.0.0.1:2222/acme/widgets.git").expect("ssh");
        assert_eq!(
            (t.user.as_str(), t.host.as_str(), t.port),
            ("root", "127.0.0.1", 2222)
        );
        let t = Target::parse("git@ssh.bitbucket.org:acme/widgets.git").expect("scp");
        assert_eq!(
            (t.user.as_str(), t.host.as_str(), t.port),
            ("git", "ssh.bitbucket.org", 22)
        );
        let t = Target::parse("ssh://git@[::1]:7999/P/r.git").expect("v6");
        assert_eq!((t.host.as_str(), t.port), ("::1", 7999));
        assert!(Target::parse("ssh://-oProxyCommand=x@h/r").is_none());
        assert!(Target::parse("git@-oProxyCommand=x:r").is_none());
        assert!(Target::parse("https://h/r").is_none());
    }

    #[test]
    fn a_report_reaches_done_only_when_every_stage_passed() {
        let mut r = Report::new("git@h:a/b.git");
        for s in StageName::RUN {
            r.pass(s, Duration::from_millis(3), "fine");
        }
        let o = r.finish();
        assert!(o.ok);
        assert_eq!(o.stage, StageName::Done);
        let mut r = Report::new("git@h:a/b.git");
        r.pass(StageName::Resolve, Duration::ZERO, "1.2.3.4");
        r.warn(FindingId::KnownHostsOldRsa.finding(""));
        r.fail(
            StageName::Connect,
            Duration::ZERO,
            FindingId::ConnectionRefused.finding(""),
        );
        let o = r.finish();
        assert!(!o.ok);
        assert_eq!(o.stage, StageName::Connect);
        assert_eq!(
            o.failure().map(|f| f.id),
            Some(FindingId::ConnectionRefused)
        );
        assert_eq!(o.warnings().count(), 1);
    }

    #[test]
    fn the_retest_command_quotes_its_arguments() {
        assert_eq!(
            retest_command(
                "git@ssh.bitbucket.org:a/b.git",
                "'/home/me/my keys/k'",
                Some(10)
            ),
            "bblink test --url git@ssh.bitbucket.org:a/b.git --key '/home/me/my keys/k'"
        );
        assert!(retest_command("u", "k", Some(30)).ends_with("--timeout 30"));
    }

    #[test]
    fn keys_ssh_cannot_use_are_caught_before_ssh_runs() {
        let public =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO";
        let f = key_preflight(public).expect_err("public key");
        assert_eq!(f.id, FindingId::KeyInvalidFormat);
        assert!(f.title.contains("public key"), "{}", f.title);
        assert_eq!(
            key_preflight("junk").map_err(|f| f.id),
            Err(FindingId::KeyInvalidFormat)
        );
    }
}

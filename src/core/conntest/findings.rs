//! The connection test's finding ids, each with its cause, its fix and the wizard step that
//! fixes it (a table). The ids are the troubleshooting catalog's.

use serde::Serialize;

use crate::core::problem::Severity;
use crate::core::step::Step;

/// Stable finding ids of the connection test.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum FindingId {
    DnsFailure,
    ConnectionRefused,
    ConnectionTimeout,
    SshToHttpPort,
    HostKeyUnknown,
    HostKeyChanged,
    KnownHostsOldRsa,
    PublickeyDenied,
    RepoNotFound,
    PassphraseRequired,
    KeyInvalidFormat,
    SshMissing,
    GitMissing,
    AccountKey,
    RepoEmpty,
    SshFailed,
    UserKeyRequired,
}

/// One finding of the connection test, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable id.
    pub id: FindingId,
    /// Error (the test failed here) or warning (it works; look at this).
    pub severity: Severity,
    /// One line: what happened.
    pub title: String,
    /// Why, in plain words.
    pub cause: String,
    /// What to do.
    pub fix: String,
    /// The wizard step that fixes it.
    #[serde(skip)]
    pub step: Option<Step>,
    /// The id this finding had before, still named in JSON for one release.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<&'static str>,
}

impl FindingId {
    /// The id as it appears in JSON.
    pub fn as_str(self) -> &'static str {
        use FindingId as F;
        match self {
            F::DnsFailure => "dns_failure",
            F::ConnectionRefused => "connection_refused",
            F::ConnectionTimeout => "connection_timeout",
            F::SshToHttpPort => "ssh_to_http_port",
            F::HostKeyUnknown => "host_key_unknown",
            F::HostKeyChanged => "host_key_changed",
            F::KnownHostsOldRsa => "known_hosts_old_rsa",
            F::PublickeyDenied => "publickey_denied",
            F::RepoNotFound => "repo_not_found",
            F::PassphraseRequired => "passphrase_required",
            F::KeyInvalidFormat => "key_invalid_format",
            F::SshMissing => "ssh_missing",
            F::GitMissing => "git_missing",
            F::AccountKey => "account_key",
            F::RepoEmpty => "repo_empty",
            F::SshFailed => "ssh_failed",
            F::UserKeyRequired => "user_key_required",
        }
    }

    /// Every id, for the tests and the README.
    pub const ALL: [FindingId; 16] = {
        use FindingId as F;
        [
            F::DnsFailure,
            F::ConnectionRefused,
            F::ConnectionTimeout,
            F::SshToHttpPort,
            F::HostKeyUnknown,
            F::HostKeyChanged,
            F::KnownHostsOldRsa,
            F::PublickeyDenied,
            F::RepoNotFound,
            F::PassphraseRequired,
            F::KeyInvalidFormat,
            F::SshMissing,
            F::GitMissing,
            F::AccountKey,
            F::RepoEmpty,
            F::SshFailed,
        ]
    };

    /// The finding with its standard title, cause, fix and step. `detail` is a fact of this
    /// run (a host name, a fingerprint) that the title ends with, or empty.
    #[allow(clippy::too_many_lines)] // a table: one row per finding
    pub fn finding(self, detail: &str) -> Finding {
        use FindingId as F;
        use Severity::{Error, Warning};
        let (severity, title, cause, fix, step) = match self {
            F::DnsFailure => (
                Error,
                "The host name does not resolve",
                "No address was found for the SSH host: a typo in the URL, a Data Center name that only resolves inside the company network (VPN), or no DNS at all.",
                "Check the host in the clone URL (copy it again from Bitbucket's Clone button); for Data Center, run the test where the service runs, or on the VPN.",
                Some(Step::CloneUrl),
            ),
            F::ConnectionRefused => (
                Error,
                "The connection was refused",
                "The host answered but nothing listens on this port: a wrong port in the URL (Data Center uses 7999 unless its admin changed it), or SSH is turned off on the server.",
                "Copy the SSH URL again from Bitbucket's Clone button, with its port; for Data Center ask the admin whether SSH access is enabled.",
                Some(Step::CloneUrl),
            ),
            F::ConnectionTimeout => (
                Error,
                "The connection timed out",
                "Nothing answered in time: a firewall that drops SSH (port 22 is often blocked on office and CI networks), a proxy that only lets HTTPS through, or a server that accepted the connection and never spoke SSH.",
                "Try from another network, or allow outbound SSH to this host and port. Bitbucket Cloud offered SSH on port 443 at altssh.bitbucket.org (ssh://git@altssh.bitbucket.org:443/WORKSPACE/REPO.git) for such networks; no Atlassian page confirms it after the move to ssh.bitbucket.org on 2026-11-12. Raise the limit with --timeout.",
                Some(Step::CloneUrl),
            ),
            F::SshToHttpPort => (
                Error,
                "This port does not speak SSH",
                "The server on this port answered with something other than an SSH greeting: usually the HTTPS port (443 or 7990) in an SSH URL.",
                "Use the SSH URL from Bitbucket's Clone button (Cloud: port 22; Data Center: usually 7999).",
                Some(Step::CloneUrl),
            ),
            F::HostKeyUnknown => (
                Error,
                "The server's host key is not trusted yet",
                "bblink has no pinned or trusted key for this host, so it cannot tell the real server from an impostor.",
                "Ask your Bitbucket admin for the server's SSH host key fingerprint (on the server: ssh-keygen -lf with its host key) and compare; only if it matches, trust it (on bblink's connection test, or with --host-key-fingerprint SHA256:… on the command line).",
                None,
            ),
            F::HostKeyChanged => (
                Error,
                "The server's host key is not the one bblink trusts",
                "The key the server showed is not among the pinned or trusted keys for this host: the server's key was replaced, or something between you and the server is impersonating it.",
                "Do not trust it blindly. Compare the fingerprint with the published ones (Bitbucket Cloud: support.atlassian.com/bitbucket-cloud/docs/configure-ssh-and-two-step-verification, which lists bitbucket.org's keys; no page lists ssh.bitbucket.org's, and bblink assumes they are the same); trust it only if they match (on bblink's connection test, or with --host-key-fingerprint).",
                None,
            ),
            F::KnownHostsOldRsa => (
                Warning,
                "A known_hosts file still has Bitbucket's old RSA host key",
                "Bitbucket Cloud replaced its RSA host key on June 20, 2023 (SHA256:zzXQOXSRBEiUtuE8AikJYKwbHaxvSc0ojez9YXaGp1A). ssh and git run with this file fail with \"REMOTE HOST IDENTIFICATION HAS CHANGED\" or \"Host key verification failed\". bblink's own test is not affected.",
                "Remove the old line (ssh-keygen -R bitbucket.org -f FILE) and add the current keys (Atlassian publishes them; the service's known_hosts needs them too).",
                None,
            ),
            F::PublickeyDenied => (
                Error,
                "Bitbucket refused the key",
                "The key is neither an access key of this repository nor an SSH key of a Bitbucket account, or it was added to another repository, or the public key added was not this key's.",
                "Add this key's public half in Repository settings → Access keys (step 3 shows it and copies it), then test again.",
                Some(Step::PublicKey),
            ),
            F::RepoNotFound => (
                Error,
                "The repository was not found with this key",
                "The key is accepted, but the repository does not exist at this path or this key may not read it (an access key added to another repository).",
                "Check the workspace and repository in the URL (copy it from the Clone button of the repository whose access key you added), or add the key to this repository.",
                Some(Step::CloneUrl),
            ),
            F::PassphraseRequired => (
                Error,
                "The key has a passphrase",
                "The key is protected by a passphrase, which the service cannot type; ssh in batch mode cannot use it either.",
                "Remove the passphrase on a copy (step 2, or ssh-keygen -p -N '' -f COPY), or generate a key without one.",
                Some(Step::KeyPair),
            ),
            F::KeyInvalidFormat => (
                Error,
                "The key is not a usable private key",
                "ssh cannot read it as a private key: a public key, a PuTTY key, or copy-paste damage.",
                "Check it on step 5: bblink names the problem and repairs copy-paste damage.",
                Some(Step::PrivateKey),
            ),
            F::SshMissing => (
                Error,
                "The ssh command was not found",
                "The test uses the OpenSSH client (ssh and ssh-keyscan), as git does.",
                "Install OpenSSH: apt install openssh-client, dnf install openssh-clients, or on Windows Settings → Optional features → OpenSSH Client.",
                None,
            ),
            F::GitMissing => (
                Error,
                "The git command was not found",
                "The last stage lists the repository's branches with git ls-remote.",
                "Install git (git-scm.com/downloads), then test again.",
                None,
            ),
            F::AccountKey => (
                Warning,
                "This is an account SSH key, not an access key",
                "Bitbucket accepted the key as a personal SSH key: it works, but it grants everything the account can reach, not one repository, read and write.",
                "For a service, prefer an access key: remove the key from Personal settings → SSH keys and add it to this repository's Access keys.",
                Some(Step::PublicKey),
            ),
            F::RepoEmpty => (
                Warning,
                "The repository has no branches",
                "The key can read the repository, but there is nothing in it yet for the service to fetch.",
                "Push a first commit, then let the service fetch.",
                None,
            ),
            F::UserKeyRequired => (
                Error,
                "The build needs a user key, not this repository's access key",
                "The key reads the first repository but not the others the build fetches (private dependencies, submodules): an access key opens only the repository it was added to, so pip says `ERROR: Repository not found.` and bundler `Permission denied (publickey)`.",
                "Use a user key: an SSH key on a Bitbucket account (ideally a machine user's) that can read every repository (Personal settings → SSH keys on that account; in CircleCI, Project Settings → SSH Keys → Additional SSH Keys with hostname ssh.bitbucket.org). One key cannot be both an access key and an account key.",
                Some(Step::Service),
            ),
            F::SshFailed => (
                Error,
                "ssh failed",
                "ssh stopped with an error bblink does not recognise; the transcript has its words.",
                "Read the transcript: its last lines name what failed.",
                None,
            ),
        };
        let title = if detail.is_empty() {
            title.to_string()
        } else {
            format!("{title}: {detail}")
        };
        Finding {
            id: self,
            severity,
            title,
            cause: cause.to_string(),
            fix: fix.to_string(),
            step,
            alias: (self == F::KnownHostsOldRsa).then_some("old_bitbucket_host_key"),
        }
    }
}

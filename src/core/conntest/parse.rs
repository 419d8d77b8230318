//! Reading what ssh, git and Bitbucket say: the greeting after authentication, the refs
//! `git ls-remote` lists, which failure an error text is, and the transcript made safe to keep.

use super::findings::FindingId;
use crate::core::display::terminal_safe;

/// How Bitbucket says the key was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// An access key (deploy key) of one or more repositories.
    DeployKey,
    /// An SSH key of a Bitbucket account.
    AccountKey,
}

/// What the server said after authentication.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Greeting {
    /// Which kind of key, when the server is Bitbucket.
    pub kind: Option<AuthKind>,
    /// The repositories an access key may read (`workspace/repo`).
    pub repositories: Vec<String>,
}

/// Reads Bitbucket's answer to `ssh -T` (on either stream).
pub fn greeting(text: &str) -> Greeting {
    let lower = text.to_ascii_lowercase();
    let kind = if lower.contains("authenticated via a deploy key") {
        Some(AuthKind::DeployKey)
    } else if lower.contains("authenticated via ssh key") || lower.contains("logged in as ") {
        Some(AuthKind::AccountKey)
    } else {
        None
    };
    let mut repositories = Vec::new();
    if kind == Some(AuthKind::DeployKey) {
        let mut listing = false;
        for line in text.lines().map(str::trim) {
            if line
                .to_ascii_lowercase()
                .contains("access to the following repositories")
            {
                listing = true;
            } else if listing && !line.is_empty() {
                // `workspace/repo: label -- comment`
                match line.split_once(':') {
                    Some((repo, _)) if is_repo_name(repo) => repositories.push(repo.to_string()),
                    _ => listing = false,
                }
            }
        }
    }
    Greeting { kind, repositories }
}

/// `workspace/repo` as Bitbucket names them: nothing a terminal would act on.
fn is_repo_name(s: &str) -> bool {
    s.len() <= 200
        && s.split('/').count() == 2
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~{}/".contains(&b))
}

/// Whether ssh's verbose log says authentication succeeded.
pub fn authenticated(log: &str) -> bool {
    log.lines().any(|l| l.starts_with("Authenticated to "))
}

/// Which failure an ssh or git error text shows, the most specific first.
pub fn classify(text: &str) -> Option<FindingId> {
    use FindingId as F;
    let lower = text.to_ascii_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| lower.contains(n));
    let table: [(&[&str], FindingId); 10] = [
        (
            &[
                "could not resolve hostname",
                "name or service not known",
                "nodename nor servname",
            ],
            F::DnsFailure,
        ),
        (&["connection refused"], F::ConnectionRefused),
        (
            &[
                "connection timed out",
                "operation timed out",
                "timed out during banner exchange",
            ],
            F::ConnectionTimeout,
        ),
        (
            &[
                "host key verification failed",
                "remote host identification has changed",
                "host key is known for",
            ],
            F::HostKeyChanged,
        ),
        (
            &["incorrect passphrase", "passphrase required"],
            F::PassphraseRequired,
        ),
        (
            &["invalid format", "error in libcrypto"],
            F::KeyInvalidFormat,
        ),
        (
            &[
                "repository does not exist",
                "not associated with the requested repository",
                "repository not found",
                "does not appear to be a git repository",
            ],
            F::RepoNotFound,
        ),
        (&["permission denied (publickey"], F::PublickeyDenied),
        (
            &["kex_exchange_identification", "invalid ssh identification"],
            F::SshToHttpPort,
        ),
        (&["access denied", "permission denied"], F::PublickeyDenied),
    ];
    table
        .iter()
        .find(|(needles, _)| has(needles))
        .map(|(_, id)| *id)
}

/// The refs of a repository, as `git ls-remote --symref URL HEAD refs/heads/*` lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refs {
    /// The default branch (what HEAD points to).
    pub default_branch: Option<String>,
    /// The default branch's head commit.
    pub head_commit: Option<String>,
    /// Every branch, sorted as git lists them.
    pub branches: Vec<String>,
}

/// Reads `git ls-remote --symref` output.
pub fn refs(output: &str) -> Refs {
    let mut r = Refs::default();
    let mut head_sha = None;
    let mut shas: Vec<(String, String)> = Vec::new();
    for line in output.lines() {
        let Some((left, name)) = line.split_once('\t') else {
            continue;
        };
        if let Some(target) = left.strip_prefix("ref: ") {
            if name == "HEAD" {
                r.default_branch = target
                    .strip_prefix("refs/heads/")
                    .map(|b| terminal_safe(b).into_owned());
            }
        } else if name == "HEAD" {
            head_sha = Some(left.to_string());
        } else if let Some(branch) = name.strip_prefix("refs/heads/") {
            let branch = terminal_safe(branch).into_owned();
            shas.push((branch.clone(), left.to_string()));
            r.branches.push(branch);
        }
    }
    r.head_commit = r
        .default_branch
        .as_ref()
        .and_then(|b| shas.iter().find(|(n, _)| n == b).map(|(_, s)| s.clone()))
        .or(head_sha)
        .filter(|s| s.len() >= 40 && s.bytes().all(|b| b.is_ascii_hexdigit()));
    r
}

/// A transcript made safe to show and keep: private key blocks and passwords or tokens in
/// URLs removed, terminal escapes made visible, and at most `limit` bytes (the end kept:
/// the failure is at the end).
pub fn redact(text: &str, limit: usize) -> String {
    let mut out = String::new();
    let mut in_key = false;
    for line in text.lines() {
        if line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
            in_key = true;
            out.push_str("[private key removed]\n");
            continue;
        }
        if in_key {
            // Only the footer ends it: an encrypted PEM key has a blank line inside.
            in_key = !line.contains("-----END");
            continue;
        }
        out.push_str(&crate::core::redact::line(line));
        out.push('\n');
    }
    if out.len() > limit {
        let mut cut = out.len() - limit;
        while !out.is_char_boundary(cut) {
            cut += 1;
        }
        out = format!("[… {cut} bytes cut]\n{}", &out[cut..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitbucket_greetings_are_told_apart() {
        let deploy = "authenticated via a deploy key.\n\n\nYou can use git to connect to Bitbucket. Shell access is disabled.\n\nThis deploy key has read access to the following repositories:\n\nacme/widgets: bblink -- me@laptop\nacme/gadgets: ci -- ci@host\n";
        let g = greeting(deploy);
        assert_eq!(g.kind, Some(AuthKind::DeployKey));
        assert_eq!(g.repositories, ["acme/widgets", "acme/gadgets"]);
        let hostile = deploy.replace("acme/gadgets", "\x1b[31macme/gadgets");
        assert_eq!(
            greeting(&hostile).repositories,
            ["acme/widgets"],
            "escapes are not names"
        );
        let account = "authenticated via ssh key.\n\nYou can use git to connect to Bitbucket. Shell access is disabled\n";
        assert_eq!(greeting(account).kind, Some(AuthKind::AccountKey));
        assert_eq!(greeting("welcome").kind, None);
        assert!(authenticated(
            "Authenticated to 127.0.0.1 ([127.0.0.1]:2222) using \"publickey\".\n"
        ));
    }

    #[test]
    fn errors_are_classified() {
        use FindingId as F;
        let cases = [
            (
                "ssh: Could not resolve hostname x.invalid: Name or service not known",
                F::DnsFailure,
            ),
            (
                "ssh: connect to host 127.0.0.1 port 1: Connection refused",
                F::ConnectionRefused,
            ),
            (
                "Connection timed out during banner exchange",
                F::ConnectionTimeout,
            ),
            (
                "git@ssh.bitbucket.org: Permission denied (publickey).",
                F::PublickeyDenied,
            ),
            (
                "conq: repository does not exist.\nfatal: Could not read from remote repository.",
                F::RepoNotFound,
            ),
            ("Load key \"/tmp/k\": invalid format", F::KeyInvalidFormat),
            ("Host key verification failed.", F::HostKeyChanged),
            (
                "kex_exchange_identification: Connection closed by remote host",
                F::SshToHttpPort,
            ),
        ];
        for (text, id) in cases {
            assert_eq!(classify(text), Some(id), "{text}");
        }
        assert_eq!(classify("all fine"), None);
    }

    #[test]
    fn ls_remote_gives_the_default_branch_and_its_head() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let out = format!(
            "ref: refs/heads/main\tHEAD\n{a}\tHEAD\n{b}\trefs/heads/feature\n{a}\trefs/heads/main\n"
        );
        let r = refs(&out);
        assert_eq!(r.default_branch.as_deref(), Some("main"));
        assert_eq!(r.head_commit.as_deref(), Some(a.as_str()));
        assert_eq!(r.branches, ["feature", "main"]);
        assert_eq!(refs(""), Refs::default());
    }

    #[test]
    fn transcripts_lose_keys_passwords_and_escapes() {
        let t = "one\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk\n-----END OPENSSH PRIVATE KEY-----\nfatal: https://me:hunter2@bitbucket.org/a/b.git ?token=abc&x=1\n\x1b]52;c;aGk=\x07\n";
        let r = redact(t, 10_000);
        assert!(!r.contains("b3BlbnNzaC1rZXk") && !r.contains("hunter2") && !r.contains("abc&"));
        assert!(r.contains("me:****@bitbucket.org") && r.contains("[private key removed]"));
        assert!(!r.contains('\x1b'));
        let long = redact(&"x\n".repeat(1000), 100);
        assert!(long.starts_with("[… ") && long.len() < 130);
    }
}

//! What the doctor knows of a machine, and the reading of what the tools printed: `ssh -G`'s
//! effective configuration, ssh's refusals, git's values with their lines, the agent, the
//! identity and `known_hosts` files, and the URL and path forms ssh and git use. Pure: the
//! adapter runs the tools and fills these in; `doctor` judges them.

use serde::Serialize;

use crate::core::ssh_config::Directive;

/// What `ssh -G` printed: `keyword value` lines, keywords in lower case, repeated keywords kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effective {
    pairs: Vec<(String, String)>,
}

impl Effective {
    /// Reads `ssh -G`'s output.
    pub fn parse(text: &str) -> Self {
        let pairs = text
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let (k, v) = l.split_once(' ')?;
                Some((k.to_ascii_lowercase(), v.trim().to_string()))
            })
            .collect();
        Self { pairs }
    }

    /// The first value of a keyword.
    pub fn get(&self, keyword: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == keyword)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a keyword, in order.
    pub fn all(&self, keyword: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == keyword)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The identity files ssh would try, as written (`~` and `%` tokens not expanded).
    pub fn identity_files(&self) -> Vec<&str> {
        self.all("identityfile")
    }

    /// The `known_hosts` files ssh reads (user files, then the system's), expanded by ssh.
    pub fn known_hosts_files(&self) -> Vec<&str> {
        ["userknownhostsfile", "globalknownhostsfile"]
            .iter()
            .flat_map(|k| self.all(k))
            .flat_map(str::split_whitespace)
            .collect()
    }
}

/// An option ssh refused in a config file (`PATH: line N: Bad configuration option: OPT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadOption {
    /// The file ssh named.
    pub file: String,
    /// The line ssh named.
    pub line: usize,
    /// The option, as ssh printed it (lower case).
    pub option: String,
}

/// The options ssh refused, read from its standard error.
pub fn bad_options(stderr: &str) -> Vec<BadOption> {
    const MARK: &str = ": Bad configuration option: ";
    stderr
        .lines()
        .filter_map(|l| {
            let (place, option) = l.split_once(MARK)?;
            let (file, line) = place.rsplit_once(": line ")?;
            Some(BadOption {
                file: file.to_string(),
                line: line.trim().parse().ok()?,
                option: option.trim().to_string(),
            })
        })
        .collect()
}

/// How `ssh -G` answered for one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// The effective configuration; `ignored` are options ssh first refused, ignored on the
    /// second run (`-o IgnoreUnknown=…`) to learn the rest.
    Config {
        /// What ssh resolved.
        effective: Effective,
        /// Options ssh refused on the first run.
        ignored: Vec<BadOption>,
    },
    /// ssh refused its configuration for another reason (its first lines of standard error).
    Refused(String),
    /// ssh could not be run.
    NoSsh(String),
}

/// One host checked with `ssh -G`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The host as asked (an alias of a remote stays an alias).
    pub host: String,
    /// Why it is checked: "Bitbucket Cloud", "remote origin", "--host", …
    pub why: String,
    /// What ssh said.
    pub resolved: Resolved,
    /// Whether this host's own setup is judged; bitbucket.org is resolved only to compare
    /// with ssh.bitbucket.org unless a remote or the user names it.
    pub judged: bool,
}

impl Probe {
    /// The effective configuration, when ssh gave one.
    pub fn effective(&self) -> Option<&Effective> {
        match &self.resolved {
            Resolved::Config { effective, .. } => Some(effective),
            _ => None,
        }
    }

    /// The effective configuration of a host whose own setup is judged.
    pub(super) fn judged(&self) -> Option<&Effective> {
        self.effective().filter(|_| self.judged)
    }
}

/// A config file read (the user's, what it includes, and the system's), in the order read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFile {
    /// Its path.
    pub path: String,
    /// Its directives.
    pub directives: Vec<Directive>,
}

/// An identity file ssh would try.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// As `ssh -G` printed it.
    pub written: String,
    /// Expanded (`~`, `%d`, `%u`, `%h`, `%r`); none when it holds a token that cannot be.
    pub path: Option<String>,
    /// What is there.
    pub state: FileState,
    /// The SHA256 fingerprint of its public half (`KEY.pub`), when that can be read.
    pub fingerprint: Option<String>,
    /// The hosts whose configuration makes this file (`%h` makes one per host).
    pub hosts: Vec<String>,
}

/// A file's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Not there.
    Missing,
    /// There; `open` when others may read it (OpenSSH refuses such a private key).
    Present {
        /// Group or others have any permission on it.
        open: bool,
        /// Its mode (on systems with modes).
        mode: Option<u32>,
    },
    /// There but not readable, or not a file.
    Unreadable,
    /// Not looked at (a path bblink cannot expand).
    Unknown,
}

/// A `known_hosts` file ssh reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHostsFile {
    /// Its path.
    pub path: String,
    /// Its text; none when absent or unreadable.
    pub text: Option<String>,
}

/// The agent ssh would ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agent {
    /// No `SSH_AUTH_SOCK` (or `IdentityAgent`) is set.
    Unset,
    /// One is set, but no agent answers there.
    Broken {
        /// The socket.
        socket: String,
        /// What `ssh-add` said.
        message: String,
    },
    /// An agent answers, holding this many keys.
    Keys {
        /// The socket.
        socket: String,
        /// How many keys.
        count: usize,
        /// Their SHA256 fingerprints, as `ssh-add -l` lists them.
        fingerprints: Vec<String>,
    },
}

/// One value of git's configuration, with where it is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitValue {
    /// The variable, as git prints it (section and key in lower case).
    pub key: String,
    /// Its value.
    pub value: String,
    /// The file that sets it (or git's word for another origin: `command line:`).
    pub origin: String,
    /// `system`, `global`, `local`, `worktree` or `command`, when git says.
    pub scope: Option<String>,
    /// The line in that file, when found.
    pub line: Option<usize>,
}

/// Everything the doctor looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The hosts checked with `ssh -G`.
    pub probes: Vec<Probe>,
    /// The config files read, in order.
    pub files: Vec<ConfigFile>,
    /// The identity files the hosts' configurations name (each path once).
    pub identities: Vec<Identity>,
    /// The `known_hosts` files the hosts' configurations name (each path once).
    pub known_hosts: Vec<KnownHostsFile>,
    /// The agent.
    pub agent: Option<Agent>,
    /// git's configuration values the doctor reads; none when git could not be run.
    pub git: Option<Vec<GitValue>>,
    /// git could not be run (not installed, not on PATH): why.
    pub git_missing: Option<String>,
    /// `GIT_SSH_COMMAND`, when set.
    pub git_ssh_command: Option<String>,
    /// `GIT_SSH`, when set.
    pub git_ssh: Option<String>,
}

/// `PATH line N:` or `PATH: line N:` in one of ssh's messages.
pub(super) fn named_line(message: &str) -> Option<(String, usize)> {
    let first = message.lines().next()?;
    let (file, rest) = first
        .split_once(": line ")
        .or_else(|| first.split_once(" line "))?;
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((file.to_string(), n.parse().ok()?))
}

/// An SSH remote URL split around its host, to give the same URL with another host.
pub(super) struct SshUrl<'a> {
    pub(super) before: &'a str,
    pub(super) host: &'a str,
    pub(super) after: &'a str,
    /// `ssh://` (or git's `git+ssh://`, `ssh+git://`), or empty for the scp-like form.
    pub(super) scheme: &'a str,
}

impl SshUrl<'_> {
    pub(super) fn with_host(&self, host: &str) -> String {
        format!("{}{}{host}{}", self.scheme, self.before, self.after)
    }
}

pub(super) fn ssh_host_of(url: &str) -> Option<SshUrl<'_>> {
    let scheme = ["ssh://", "git+ssh://", "ssh+git://"]
        .into_iter()
        .find(|s| url.len() >= s.len() && url[..s.len()].eq_ignore_ascii_case(s));
    if let Some(scheme) = scheme {
        let rest = &url[scheme.len()..];
        let scheme = &url[..scheme.len()];
        let auth_end = rest.find('/').unwrap_or(rest.len());
        let auth = &rest[..auth_end];
        let host_at = auth.rfind('@').map_or(0, |i| i + 1);
        let host_end = auth[host_at..]
            .find(':')
            .map_or(auth.len(), |i| host_at + i);
        return Some(SshUrl {
            before: &rest[..host_at],
            host: &rest[host_at..host_end],
            after: &rest[host_end..],
            scheme,
        });
    }
    if url.contains("://") {
        return None;
    }
    // scp-like: [user@]host:path, with no slash before the colon.
    let colon = url.find(':')?;
    let head = &url[..colon];
    if head.contains('/') || head.is_empty() {
        return None;
    }
    let host_at = head.rfind('@').map_or(0, |i| i + 1);
    Some(SshUrl {
        before: &url[..host_at],
        host: &head[host_at..],
        after: &url[colon..],
        scheme: "",
    })
}

/// The host of an SSH remote URL (`user@host:path`, `ssh://user@host:port/path`); none for
/// other URLs and local paths.
pub fn remote_ssh_host(url: &str) -> Option<String> {
    ssh_host_of(url).map(|u| u.host.to_string())
}

/// The port of an `ssh://` remote URL, when it names one.
pub fn remote_ssh_port(url: &str) -> Option<u16> {
    let u = ssh_host_of(url).filter(|u| !u.scheme.is_empty())?;
    let rest = u.after.strip_prefix(':')?;
    rest.split('/').next()?.parse().ok()
}

/// Expands what ssh expands in an `IdentityFile` (`${VAR}`, `~`, `%d`, `%u`, `%h`, `%r`, `%%`);
/// none when it holds another token or an unset variable.
pub fn expand_identity(
    written: &str,
    home: &str,
    local_user: &str,
    eff: &Effective,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let written = &expand_env(written, env)?;
    let mut s = String::new();
    let rest = if written == "~" {
        s.push_str(home);
        ""
    } else if let Some(rest) = written.strip_prefix("~/") {
        s.push_str(home.trim_end_matches('/'));
        s.push('/');
        rest
    } else {
        written
    };
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            s.push(c);
            continue;
        }
        match chars.next()? {
            'd' => s.push_str(home),
            'u' => s.push_str(local_user),
            'h' => s.push_str(eff.get("hostname")?),
            'r' => s.push_str(eff.get("user")?),
            '%' => s.push('%'),
            _ => return None,
        }
    }
    Some(s)
}

/// `${NAME}` replaced by the environment's value, as ssh does in `IdentityFile`; none when a
/// variable is not set (ssh refuses the line then) or a `${` is not closed.
fn expand_env(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let end = rest[at + 2..].find('}')?;
        out.push_str(&env(&rest[at + 2..at + 2 + end])?);
        rest = &rest[at + 2 + end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Every `name = value` line of a git config file's text, by the name in lower case and the
/// value as git prints it: the first line of each (read once, however many values are looked
/// up).
pub fn git_lines(text: &str) -> std::collections::HashMap<(String, String), usize> {
    let mut out = std::collections::HashMap::new();
    for (i, l) in text.lines().enumerate() {
        let Some((k, v)) = l.trim().split_once('=') else {
            continue;
        };
        out.entry((
            k.trim().to_ascii_lowercase(),
            v.trim().trim_matches('"').to_string(),
        ))
        .or_insert(i + 1);
    }
    out
}

/// Finds the line of `key = value` in a git config file's text (the variable's last part,
/// case-insensitive; the value as git printed it).
pub fn git_line(text: &str, key: &str, value: &str) -> Option<usize> {
    let name = key.rsplit('.').next()?.to_ascii_lowercase();
    git_lines(text).get(&(name, value.to_string())).copied()
}

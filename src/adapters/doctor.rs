//! What `bblink doctor` looks at, gathered read-only: `ssh -G` for each host (all at once),
//! the config files with what they include (to point at lines), git's configuration with its
//! origins, the agent (`ssh-add -l`), and the identity and `known_hosts` files the effective
//! configurations name. Nothing is written; every child has a time limit.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

use crate::adapters::{child_env, platform};
use crate::core::doctor::{
    self, Agent, BadOption, ConfigFile, Effective, Facts, FileState, GitValue, Identity,
    KnownHostsFile, Probe, Report, Resolved, Setup,
};
use crate::core::host_patterns::wildcard;
use crate::core::ssh_config;

/// How long one child may take (`Match exec` in a config runs commands under `ssh -G`).
pub const CHILD_LIMIT: Duration = Duration::from_secs(10);
/// The most of a config, git config or `known_hosts` file read.
const FILE_LIMIT: u64 = 8 << 20;
/// Include depth and file count, as ssh bounds them (it stops at 16 levels).
const MAX_DEPTH: usize = 16;
const MAX_FILES: usize = 256;
/// The most git values read (remotes, rewrite rules): a config with more is read in part.
const MAX_GIT_VALUES: usize = 4096;
/// The most remotes' hosts resolved (each is an `ssh -G` process, all at once).
const MAX_REMOTE_HOSTS: usize = 16;
/// Why bitbucket.org is resolved when nothing asks for it.
const COMPARE_ONLY: &str = "to compare: Cloud's SSH host before the move";
/// The most unknown options ignored to learn the rest of a config.
const MAX_IGNORED: usize = 16;
/// Rounds of `-o IgnoreUnknown=…`, each adding the options ssh refused in the last.
const IGNORE_ROUNDS: usize = 4;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Hosts asked for on the command line (or the wizard's clone URL host), with why.
    pub hosts: Vec<(String, String)>,
    /// The repository whose remotes and git configuration are read.
    pub repo_dir: Option<PathBuf>,
    /// How long each child may take ([`CHILD_LIMIT`] when none).
    pub limit: Option<Duration>,
    /// Notes about the request itself, passed on.
    pub notes: Vec<String>,
}

/// Gathers everything, read-only.
pub fn gather(req: &Request) -> Report {
    allow_starts();
    let limit = req.limit.unwrap_or(CHILD_LIMIT);
    let home = directories::BaseDirs::new()
        .map(|b| b.home_dir().to_path_buf())
        .unwrap_or_default();
    let ssh_home = platform::passwd_home().filter(|h| !same_dir(h, &home));
    let user_config = home.join(".ssh").join("config");
    let mut notes = req.notes.clone();
    if let Some(h) = &ssh_home {
        notes.push(format!(
            "Without -F, ssh reads the config of {} (the account's home), not of $HOME; bblink checked {} (and the system's) with -F.",
            h.display(),
            user_config.display()
        ));
    }
    let repo_dir = req
        .repo_dir
        .clone()
        .or_else(|| std::env::current_dir().ok())
        .map(|d| d.canonicalize().unwrap_or(d));
    let files = config_files(&home, &user_config);
    let wrapper = ssh_home
        .is_some()
        .then(|| wrapper_config(&user_config))
        .flatten();
    let config = wrapper.as_ref().map(tempfile::NamedTempFile::path);
    // Everything that does not wait on git starts at once: ssh -V, the agent, ssh -G for the
    // hosts known before the remotes are read.
    let version = std::thread::spawn(crate::adapters::versions::ssh);
    // SSH_AUTH_SOCK, or the agent ssh asks without it (Windows' service); only a socket the
    // user named can be "broken".
    let env_socket = env_value("SSH_AUTH_SOCK");
    let named = env_socket.is_some();
    let env_socket = env_socket.or_else(platform::default_agent);
    let agent_child = env_socket.as_deref().map(start_ssh_add);
    let mut started = start_probes(hosts_to_check(req), config, limit);
    let (git, git_note) = git_values(repo_dir.as_deref(), limit);
    let git_missing = git_note
        .as_deref()
        .and_then(|n| n.strip_prefix(GIT_NOT_RUN))
        .map(str::to_string);
    notes.extend(git_note.filter(|_| git_missing.is_none()));
    let mut facts = Facts {
        git,
        git_missing,
        git_ssh_command: env_value("GIT_SSH_COMMAND"),
        git_ssh: env_value("GIT_SSH"),
        files,
        ..Facts::default()
    };
    let mut remotes = remote_hosts(&facts);
    if remotes.len() > MAX_REMOTE_HOSTS {
        notes.push(format!(
            "The remotes name {} SSH hosts; the first {MAX_REMOTE_HOSTS} were checked.",
            remotes.len()
        ));
        remotes.truncate(MAX_REMOTE_HOSTS);
    }
    for (host, why) in remotes {
        match started
            .iter_mut()
            .find(|s| s.host.eq_ignore_ascii_case(&host))
        {
            // Resolved already; a remote on it makes it judged.
            Some(s) if s.why == COMPARE_ONLY => s.why = why,
            Some(_) => {}
            None => started.extend(start_probes(vec![(host, why)], config, limit)),
        }
    }
    // Remotes on a Data Center's usual port are Bitbucket's, whatever their name.
    let dc_hosts: Vec<String> = remotes_on_port(&facts, 7999);
    facts.probes = finish_probes(started, config, limit, &dc_hosts);
    facts.agent = Some(agent(&facts.probes, env_socket, named, agent_child, limit));
    let user = env_value("USER")
        .or_else(|| env_value("USERNAME"))
        .unwrap_or_default();
    facts.identities = identities(&facts.probes, &home, &user);
    facts.known_hosts = known_hosts_files(&facts.probes, &home, ssh_home.as_deref());
    let ssh = version.join().ok().flatten();
    let repo_dir = repo_dir
        .filter(|d| {
            facts
                .git
                .iter()
                .flatten()
                .any(|v| v.scope.as_deref() == Some("local"))
                || d.join(".git").exists()
        })
        .map(|d| d.display().to_string());
    Report::new(
        Setup {
            home: home.display().to_string(),
            ssh_home: ssh_home.map(|h| h.display().to_string()),
            config_state: match std::fs::metadata(&user_config) {
                Ok(m) if m.is_file() => "read",
                Ok(_) => "not_a_file",
                Err(_) => "missing",
            }
            .to_string(),
            config: user_config.display().to_string(),
            repo_dir,
            ssh,
            notes,
        },
        facts,
    )
}

/// The agent ssh would ask: `IdentityAgent` from the configuration, else `SSH_AUTH_SOCK` (or the
/// platform's default, which is never "broken": it may simply not be in use).
fn agent(
    probes: &[Probe],
    env_socket: Option<String>,
    named: bool,
    agent_child: Option<std::io::Result<Child>>,
    limit: Duration,
) -> Agent {
    // The agent ssh.bitbucket.org's configuration names (another host's, such as GitHub's,
    // does not count); `IdentityAgent none` means no agent at all.
    let agent_socket = probes
        .iter()
        .find(|p| p.host == doctor::CLOUD_SSH)
        .and_then(|p| p.effective()?.get("identityagent").map(str::to_string))
        .filter(|a| a != "SSH_AUTH_SOCK");
    if agent_socket.as_deref() == Some("none") {
        return Agent::Unset;
    }
    match (agent_socket, env_socket) {
        (Some(sock), _) => agent_state(&sock, start_ssh_add(&sock), limit),
        (None, Some(sock)) => match agent_child.map(|c| agent_state(&sock, c, limit)) {
            Some(Agent::Broken { .. }) if !named => Agent::Unset,
            Some(state) => state,
            None => Agent::Unset,
        },
        (None, None) => Agent::Unset,
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The children running and the temporary config written, so a signal or quitting can stop and
/// remove them ([`stop_all`]): the children run in process groups of their own, where the
/// terminal's Ctrl-C does not reach.
struct Live {
    pids: Vec<u32>,
    temps: Vec<PathBuf>,
    /// A stop was asked: no child starts until the next check begins (a check's threads may
    /// still be starting children when the signal comes).
    stopped: bool,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    pids: Vec::new(),
    temps: Vec::new(),
    stopped: false,
});

fn live() -> std::sync::MutexGuard<'static, Live> {
    LIVE.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts a child and records it in one step, so [`stop_all`] never misses one started at the
/// moment it runs; after a stop, nothing starts until the next check.
fn spawn_live(cmd: &mut Command) -> std::io::Result<Child> {
    let mut live = live();
    if live.stopped {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "the check was stopped",
        ));
    }
    let child = cmd.spawn()?;
    live.pids.push(child.id());
    Ok(child)
}

/// A new check begins: children may start again after an earlier one was stopped.
fn allow_starts() {
    live().stopped = false;
}

/// Stops every child a check started (with what they started) and removes its temporary
/// config: for a check that is interrupted or abandoned.
pub fn stop_all() {
    let (pids, temps) = {
        let mut live = live();
        live.stopped = true;
        (
            std::mem::take(&mut live.pids),
            std::mem::take(&mut live.temps),
        )
    };
    for pid in pids {
        platform::kill_tree(pid);
    }
    for t in temps {
        let _ = std::fs::remove_file(t);
    }
}

/// Why a child gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failed {
    /// It could not be started (not installed, not on PATH).
    Start(String),
    /// It ran past the time limit and was stopped.
    Timeout(Duration),
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Start(e) => write!(f, "{e}"),
            Failed::Timeout(limit) => write!(f, "no answer within {} s", limit.as_secs()),
        }
    }
}

/// What a child printed: standard output, standard error, and its exit code.
type Answer = (String, String, Option<i32>);

/// A child with a time limit; `Err` when it could not start or took too long (it is then
/// stopped with what it started).
fn finish(child: std::io::Result<Child>, limit: Duration) -> Result<Answer, Failed> {
    let mut child = child.map_err(|e| Failed::Start(e.to_string()))?;
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let errs = std::thread::spawn(move || {
            if let Some(e) = stderr.as_mut() {
                let _ = e.take(FILE_LIMIT).read_to_end(&mut err);
            }
            err
        });
        if let Some(o) = stdout.as_mut() {
            let _ = o.take(FILE_LIMIT).read_to_end(&mut out);
        }
        let err = errs.join().unwrap_or_default();
        let status = child.wait();
        let _ = tx.send((out, err, status));
    });
    let answer = rx.recv_timeout(limit);
    live().pids.retain(|p| *p != pid);
    let Ok((out, err, status)) = answer else {
        platform::kill_tree(pid);
        return Err(Failed::Timeout(limit));
    };
    Ok((
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        status.map_err(|e| Failed::Start(e.to_string()))?.code(),
    ))
}

fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .envs(child_env::vars(child_env::Inherit::UserSetup))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    platform::own_process_group_std(&mut cmd);
    cmd
}

/// git's values the doctor reads, each with its origin, scope and line.
fn git_values(dir: Option<&Path>, limit: Duration) -> (Option<Vec<GitValue>>, Option<String>) {
    const WANTED: &str = r"^(core\.sshcommand|url\..*\.(push)?insteadof|remote\..*\.(push)?url)$";
    let run = |scope: bool| {
        let mut cmd = command("git");
        if let Some(d) = dir {
            cmd.current_dir(d);
        }
        cmd.args(["config", "--show-origin", "-z"]);
        if scope {
            cmd.arg("--show-scope");
        }
        cmd.args(["--get-regexp", WANTED]);
        finish(spawn_live(&mut cmd), limit)
    };
    let (out, scoped) = match run(true) {
        // git before 2.26 has no --show-scope (usage error, 129).
        Ok((_, _, Some(129))) => (run(false), false),
        other => (other, true),
    };
    match out {
        // 1: no such variable; 0: some.
        Ok((text, _, Some(0 | 1))) => (Some(parse_git(&text, scoped, dir)), None),
        Ok((_, err, _)) => (
            None,
            Some(format!(
                "git's configuration could not be read: {}",
                err.lines().next().unwrap_or("git failed")
            )),
        ),
        Err(e) => (None, Some(format!("{GIT_NOT_RUN}{e}"))),
    }
}

/// How a note says git could not be run (the finding `git_missing` is made of it).
const GIT_NOT_RUN: &str = "git could not be run: ";

fn parse_git(text: &str, scoped: bool, dir: Option<&Path>) -> Vec<GitValue> {
    // Each file is read and indexed once: a config of thousands of remotes stays linear.
    type Index = Option<std::collections::HashMap<(String, String), usize>>;
    let mut files: std::collections::HashMap<PathBuf, Index> = std::collections::HashMap::new();
    let mut fields = text.split('\0');
    let mut out = Vec::new();
    while out.len() < MAX_GIT_VALUES {
        let scope = if scoped {
            match fields.next() {
                Some(s) if !s.is_empty() => Some(s.to_string()),
                _ => break,
            }
        } else {
            None
        };
        let (Some(origin), Some(kv)) = (fields.next(), fields.next()) else {
            break;
        };
        let (key, value) = kv.split_once('\n').unwrap_or((kv, ""));
        let file = origin.strip_prefix("file:").map(|f| {
            let p = Path::new(f);
            if p.is_relative() {
                // git names a repository's file from the top of its work tree: from a
                // subdirectory, the first parent where it is.
                dir.and_then(|d| d.ancestors().map(|a| a.join(p)).find(|c| c.is_file()))
                    .or_else(|| dir.map(|d| d.join(p)))
                    .unwrap_or_else(|| p.to_path_buf())
            } else {
                p.to_path_buf()
            }
        });
        let line = file.as_ref().and_then(|f| {
            let index = files
                .entry(f.clone())
                .or_insert_with(|| read_text(f).map(|t| doctor::git_lines(&t)));
            let name = key.rsplit('.').next()?.to_ascii_lowercase();
            index.as_ref()?.get(&(name, value.to_string())).copied()
        });
        out.push(GitValue {
            key: key.to_string(),
            value: value.to_string(),
            origin: file.map_or_else(|| origin.to_string(), |f| f.display().to_string()),
            scope,
            line,
        });
    }
    out
}

/// A text file, bounded; none when it is not a readable regular file. It is opened without
/// waiting and judged by what was opened, so a FIFO or a device swapped in is never read.
fn read_text(path: &Path) -> Option<String> {
    let file = platform::open_without_waiting(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(FILE_LIMIT).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The user config and the system's, each with what it includes, in the order ssh reads them.
fn config_files(home: &Path, user_config: &Path) -> Vec<ConfigFile> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    read_config(
        user_config,
        &home.join(".ssh"),
        home,
        0,
        &mut out,
        &mut seen,
    );
    let system = platform::system_ssh_config();
    let base = system.parent().map(Path::to_path_buf).unwrap_or_default();
    read_config(&system, &base, home, 0, &mut out, &mut seen);
    out
}

fn read_config(
    path: &Path,
    base: &Path,
    home: &Path,
    depth: usize,
    out: &mut Vec<ConfigFile>,
    seen: &mut BTreeSet<PathBuf>,
) {
    if depth > MAX_DEPTH || out.len() >= MAX_FILES || !seen.insert(path.to_path_buf()) {
        return;
    }
    let Some(text) = read_text(path) else { return };
    let directives = ssh_config::directives(&text);
    let includes: Vec<String> = ssh_config::includes(&directives)
        .into_iter()
        .map(str::to_string)
        .collect();
    out.push(ConfigFile {
        path: path.display().to_string(),
        directives,
    });
    for pattern in includes {
        for file in expand_include(&pattern, base, home) {
            read_config(&file, base, home, depth + 1, out, seen);
        }
    }
}

/// An `Include` pattern's files: `~` is the home, a relative path is under `base` (`~/.ssh` for
/// the user's files, `/etc/ssh` for the system's); a wildcard in the last part is matched
/// against that directory's names, in sorted order as ssh's glob sorts them.
fn expand_include(pattern: &str, base: &Path, home: &Path) -> Vec<PathBuf> {
    let path = if let Some(rest) = pattern.strip_prefix("~/") {
        home.join(rest)
    } else if Path::new(pattern).is_absolute() {
        PathBuf::from(pattern)
    } else {
        base.join(pattern)
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !name.contains(['*', '?']) {
        return vec![path];
    }
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && wildcard(n, &name))
        .collect();
    names.sort();
    names.into_iter().map(|n| dir.join(n)).collect()
}

/// The config ssh is given with `-F` when `$HOME` is not the account's home: the user's file,
/// then the system's, as ssh reads them by default (the first value wins in both).
fn wrapper_config(user_config: &Path) -> Option<tempfile::NamedTempFile> {
    use std::fmt::Write as _;
    use std::io::Write as _;
    let mut file = tempfile::Builder::new()
        .prefix("bblink-doctor-")
        .suffix(".conf")
        .tempfile()
        .ok()?;
    let mut text = String::new();
    for p in [user_config.to_path_buf(), platform::system_ssh_config()] {
        if p.exists() {
            let _ = writeln!(text, "Include \"{}\"", p.display());
        }
    }
    file.write_all(text.as_bytes()).ok()?;
    let mut live = live();
    if live.stopped {
        // Dropping it removes it.
        return None;
    }
    live.temps.push(file.path().to_path_buf());
    Some(file)
}

/// Cloud's host, the hosts asked for, and bitbucket.org (to compare), each once.
fn hosts_to_check(req: &Request) -> Vec<(String, String)> {
    let mut hosts: Vec<(String, String)> =
        vec![(doctor::CLOUD_SSH.to_string(), "Bitbucket Cloud".to_string())];
    hosts.extend(req.hosts.iter().cloned());
    // bitbucket.org is resolved to compare with ssh.bitbucket.org, and judged only when asked
    // for or used by a remote.
    hosts.push((doctor::CLOUD_WEB.to_string(), COMPARE_ONLY.to_string()));
    let mut seen = BTreeSet::new();
    hosts.retain(|(h, _)| usable_host(h) && seen.insert(h.to_ascii_lowercase()));
    hosts
}

/// A host ssh can be asked about: never one that would read as an option.
pub fn usable_host(h: &str) -> bool {
    !h.is_empty() && !h.starts_with('-') && !h.chars().any(char::is_control)
}

/// The SSH remotes' hosts, with the remote's name.
fn remote_hosts(facts: &Facts) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    doctor::remote_hosts(facts)
        .into_iter()
        .filter(|(h, _)| usable_host(h) && seen.insert(h.to_ascii_lowercase()))
        .collect()
}

/// Whether an effective configuration reaches Bitbucket: Cloud's names, or a Data Center's
/// usual SSH port (7999).
fn is_bitbucket(e: &Effective) -> bool {
    e.get("hostname")
        .is_some_and(|h| h.to_ascii_lowercase().contains("bitbucket"))
        || e.get("port") == Some("7999")
}

/// The hosts of remotes whose URL names this port.
fn remotes_on_port(facts: &Facts, port: u16) -> Vec<String> {
    facts
        .git
        .iter()
        .flatten()
        .filter(|v| v.key.starts_with("remote."))
        .filter(|v| doctor::remote_ssh_port(&v.value) == Some(port))
        .filter_map(|v| doctor::remote_ssh_host(&v.value))
        .collect()
}

/// A host whose `ssh -G` runs.
struct Started {
    host: String,
    why: String,
    first: Pending,
}

fn start_probes(
    hosts: Vec<(String, String)>,
    config: Option<&Path>,
    limit: Duration,
) -> Vec<Started> {
    hosts
        .into_iter()
        .map(|(host, why)| Started {
            first: finish_later(ssh_g(&host, config, &[]), limit),
            host,
            why,
        })
        .collect()
}

/// Each host's answer, retried with the options it refused ignored; bitbucket.org resolved only
/// to compare comes last.
fn finish_probes(
    started: Vec<Started>,
    config: Option<&Path>,
    limit: Duration,
    dc_hosts: &[String],
) -> Vec<Probe> {
    let mut probes: Vec<Probe> = started
        .into_iter()
        .map(|s| {
            let resolved = resolve(&s.host, config, &s.first, limit);
            let mut p = Probe {
                judged: s.why != COMPARE_ONLY,
                host: s.host,
                why: s.why,
                resolved,
            };
            // A remote's setup is judged when it is Bitbucket's (Cloud's name, or a Data
            // Center's usual SSH port); another host (GitHub) is only resolved. A Data Center on
            // another port is judged when asked for with --host.
            if p.why.starts_with("remote ")
                && !p.effective().is_some_and(is_bitbucket)
                && !dc_hosts.iter().any(|h| h.eq_ignore_ascii_case(&p.host))
            {
                p.judged = false;
                p.why.push_str(", not a Bitbucket host: not judged");
            }
            p
        })
        .collect();
    probes.sort_by_key(|p| !p.judged);
    probes
}

type Pending = mpsc::Receiver<Result<Answer, Failed>>;

fn finish_later(child: std::io::Result<Child>, limit: Duration) -> Pending {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(finish(child, limit));
    });
    rx
}

fn ssh_g(host: &str, config: Option<&Path>, ignore: &[String]) -> std::io::Result<Child> {
    let mut cmd = command("ssh");
    cmd.arg("-G");
    if let Some(c) = config {
        cmd.arg("-F").arg(c);
    }
    if !ignore.is_empty() {
        cmd.arg("-o")
            .arg(format!("IgnoreUnknown={}", ignore.join(",")));
    }
    // `--` so that a host from a remote can never be read as an option.
    cmd.arg("--").arg(host);
    spawn_live(&mut cmd)
}

fn resolve(host: &str, config: Option<&Path>, first: &Pending, limit: Duration) -> Resolved {
    // ssh names bblink's own -F file when the user's config cannot be included: say what it is.
    let plain = |text: &str| match config {
        Some(c) => text.replace(
            &c.display().to_string(),
            "(bblink's -F file, which includes ~/.ssh/config)",
        ),
        None => text.to_string(),
    };
    let mut answer = first.recv().unwrap_or(Err(Failed::Timeout(limit)));
    let mut ignored: Vec<BadOption> = Vec::new();
    for _ in 0..=IGNORE_ROUNDS {
        match answer {
            Err(Failed::Timeout(limit)) => {
                return Resolved::Refused(format!(
                    "ssh -G gave no answer within {} s and was stopped: a `Match exec` command, or a config or Include file that is a pipe or a device, holds it",
                    limit.as_secs()
                ));
            }
            Err(e) => return Resolved::NoSsh(e.to_string()),
            Ok((out, _, Some(0))) => {
                return Resolved::Config {
                    effective: Effective::parse(&out),
                    ignored,
                };
            }
            Ok((_, err, _)) => {
                let bad = doctor::bad_options(&err);
                if bad.is_empty() {
                    let shown: Vec<&str> = err
                        .lines()
                        .filter(|l| !l.starts_with("Pseudo-terminal"))
                        .take(3)
                        .collect();
                    return Resolved::Refused(plain(&shown.join("; ")));
                }
                ignored.extend(bad);
                // A file that is not an ssh config (binary, another format) would make the
                // list of options to ignore endless.
                if ignored.len() > MAX_IGNORED {
                    let b = &ignored[0];
                    return Resolved::Refused(format!(
                        "{}: line {}: ssh refuses {} options it does not know in the files read; the file may not be an ssh config",
                        b.file,
                        b.line,
                        ignored.len()
                    ));
                }
                let names: Vec<String> = ignored
                    .iter()
                    .map(|b| b.option.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                answer = finish(ssh_g(host, config, &names), limit);
            }
        }
    }
    Resolved::Refused("ssh kept refusing options it does not know".to_string())
}

fn start_ssh_add(socket: &str) -> std::io::Result<Child> {
    let mut cmd = command("ssh-add");
    cmd.env("SSH_AUTH_SOCK", socket).arg("-l");
    spawn_live(&mut cmd)
}

fn agent_state(socket: &str, child: std::io::Result<Child>, limit: Duration) -> Agent {
    match finish(child, limit) {
        // `256 SHA256:… comment (ED25519)`, a line per key.
        Ok((out, _, Some(0))) => Agent::Keys {
            socket: socket.to_string(),
            count: out.lines().filter(|l| !l.trim().is_empty()).count(),
            fingerprints: out
                .lines()
                .filter_map(|l| l.split_whitespace().nth(1))
                .filter(|f| f.starts_with("SHA256:"))
                .map(str::to_string)
                .collect(),
        },
        // 1: the agent answers and holds no keys.
        Ok((_, _, Some(1))) => Agent::Keys {
            socket: socket.to_string(),
            count: 0,
            fingerprints: Vec::new(),
        },
        Ok((_, err, _)) => Agent::Broken {
            socket: socket.to_string(),
            message: err.lines().next().unwrap_or("no agent answers").to_string(),
        },
        Err(e) => Agent::Broken {
            socket: socket.to_string(),
            message: format!("ssh-add: {e}"),
        },
    }
}

fn identities(probes: &[Probe], home: &Path, user: &str) -> Vec<Identity> {
    let mut out: Vec<Identity> = Vec::new();
    let home = home.display().to_string();
    for p in probes {
        let Some(eff) = p.effective() else { continue };
        for written in eff.identity_files() {
            let path = doctor::expand_identity(written, &home, user, eff, &|name: &str| {
                std::env::var(name).ok()
            });
            // One entry per file: `%h` and `%r` make another file for another host.
            if let Some(known) = out
                .iter_mut()
                .find(|i| i.written == written && i.path == path)
            {
                known.hosts.push(p.host.clone());
                continue;
            }
            let state = path
                .as_deref()
                .map_or(FileState::Unknown, |p| state_of(Path::new(p)));
            let fingerprint = path
                .as_deref()
                .filter(|_| matches!(state, FileState::Present { .. }))
                .and_then(|p| read_text(Path::new(&format!("{p}.pub"))))
                .and_then(|t| ssh_key::PublicKey::from_openssh(t.trim()).ok())
                .map(|k| k.fingerprint(ssh_key::HashAlg::Sha256).to_string());
            out.push(Identity {
                written: written.to_string(),
                path,
                state,
                fingerprint,
                hosts: vec![p.host.clone()],
            });
        }
    }
    out
}

fn state_of(path: &Path) -> FileState {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {
            if std::fs::File::open(path).is_err() {
                return FileState::Unreadable;
            }
            FileState::Present {
                open: platform::open_to_others(&m),
                mode: platform::mode_if_any(&m),
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileState::Missing,
        Ok(_) | Err(_) => FileState::Unreadable,
    }
}

/// The `known_hosts` files ssh reads; ssh expanded `~` with the account's home, which is read
/// as `$HOME` when they differ (the doctor checks the HOME it runs under).
fn known_hosts_files(
    probes: &[Probe],
    home: &Path,
    ssh_home: Option<&Path>,
) -> Vec<KnownHostsFile> {
    let mut out: Vec<KnownHostsFile> = Vec::new();
    for p in probes {
        let Some(eff) = p.effective() else { continue };
        for f in eff.known_hosts_files() {
            let mut path = PathBuf::from(f);
            if let Some(rest) = ssh_home.and_then(|h| path.strip_prefix(h).ok()) {
                path = home.join(rest);
            }
            let shown = path.display().to_string();
            if out.iter().any(|k| k.path == shown) {
                continue;
            }
            out.push(KnownHostsFile {
                text: read_text(&path),
                path: shown,
            });
        }
    }
    out
}

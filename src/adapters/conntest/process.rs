//! Running ssh, ssh-keyscan and git for the connection test: no shell, stdin closed, no agent
//! or askpass, C locale (their words are parsed), output capped and the whole run bounded by
//! a timeout after which the process is killed. A process is also killed when its future is
//! dropped (the test was cancelled).

use std::io;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

use crate::adapters::platform;

/// How long the pipes may stay open after the process ended.
const LINGER: Duration = Duration::from_millis(300);

/// The most read from each of a process's streams.
pub const OUTPUT_LIMIT: usize = 256 * 1024;

/// What a process said.
#[derive(Debug, Default)]
pub struct Ran {
    /// How it ended (`None` when it was killed at the timeout).
    pub status: Option<ExitStatus>,
    /// Its standard output, lossily decoded.
    pub stdout: String,
    /// Its standard error, lossily decoded.
    pub stderr: String,
}

impl Ran {
    /// It ran to the end and succeeded.
    pub fn success(&self) -> bool {
        self.status.is_some_and(|s| s.success())
    }

    /// It was killed at the timeout.
    pub fn timed_out(&self) -> bool {
        self.status.is_none()
    }

    /// Both streams, stderr first (where ssh and git explain themselves).
    pub fn words(&self) -> String {
        format!("{}{}", self.stderr, self.stdout)
    }
}

/// A command for `program` with the environment the test wants: it starts from an allow-list
/// (no agent, askpass, proxy or git configuration of the user's, none of bblink's secrets), so
/// what is tested is what the service's own ssh and git would do.
pub fn command(program: &str) -> Command {
    use crate::adapters::child_env::{self, Inherit};
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .envs(child_env::vars(Inherit::AllowList))
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", platform::NULL_DEVICE)
        .env("GIT_SSH_VARIANT", "ssh");
    cmd
}

/// Keeps the first [`OUTPUT_LIMIT`] bytes and reads on to the end without keeping the rest,
/// so a chatty server neither fills memory nor stalls the process on a full pipe.
async fn read_capped(stream: Option<impl AsyncRead + Unpin>, buf: &mut Vec<u8>) {
    let Some(mut stream) = stream else { return };
    let mut chunk = vec![0u8; 8192];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = OUTPUT_LIMIT.saturating_sub(buf.len());
                buf.extend_from_slice(&chunk[..n.min(room)]);
            }
        }
    }
}

/// Runs `cmd` in `dir`, for at most `timeout`.
pub async fn run(mut cmd: Command, dir: Option<&Path>, timeout: Duration) -> io::Result<Ran> {
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    platform::own_process_group(&mut cmd);
    let mut child = cmd.spawn()?;
    // However this ends (done, timed out, or the test cancelled and this future dropped),
    // nothing the child started outlives it: git's ssh would otherwise hold the connection.
    let tree = child.id();
    let _tree = tree.map(Tree);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let work = async {
        let reads = async {
            tokio::join!(read_capped(stdout, &mut out), read_capped(stderr, &mut err));
        };
        tokio::pin!(reads);
        tokio::select! {
            () = &mut reads => child.wait().await,
            status = child.wait() => {
                // It ended, but what it started may still hold the pipes (git's ssh, kept
                // connected by a server): a moment for the last words, then they are stopped.
                if tokio::time::timeout(LINGER, &mut reads).await.is_err() {
                    if let Some(pid) = tree {
                        platform::kill_tree(pid);
                    }
                    let _ = tokio::time::timeout(LINGER, &mut reads).await;
                }
                status
            }
        }
    };
    let status = if let Ok(status) = tokio::time::timeout(timeout, work).await {
        Some(status?)
    } else {
        // The tree first: on Windows it can only be walked while its root is alive.
        if let Some(pid) = tree {
            platform::kill_tree(pid);
        }
        let _ = child.start_kill();
        let _ = child.wait().await;
        None
    };
    Ok(Ran {
        status,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    })
}

/// Stops a process group when dropped.
struct Tree(u32);

impl Drop for Tree {
    fn drop(&mut self) {
        platform::kill_tree(self.0);
    }
}

/// A value for ssh's configuration file: quoted, with `%` doubled (ssh expands `%` tokens in
/// file names).
pub fn config_value(path: &Path) -> Option<String> {
    let s = path.to_str()?;
    if s.contains('"') || s.contains('\n') {
        return None;
    }
    Some(format!("\"{}\"", s.replace('%', "%%")))
}

/// The ssh configuration the test runs with, and nothing else: exactly this key, no agent, no
/// prompts, only the accepted host keys.
pub fn ssh_config(key: &Path, known_hosts: &Path, timeout: Duration) -> Option<String> {
    let key = config_value(key)?;
    let known = config_value(known_hosts)?;
    let secs = timeout.as_secs().max(1);
    Some(format!(
        "# Written by bblink for one connection test; removed when it ends.\n\
         Host *\n\
         \x20 IdentityFile {key}\n\
         \x20 IdentitiesOnly yes\n\
         \x20 IdentityAgent none\n\
         \x20 AddKeysToAgent no\n\
         \x20 BatchMode yes\n\
         \x20 PreferredAuthentications publickey\n\
         \x20 PasswordAuthentication no\n\
         \x20 KbdInteractiveAuthentication no\n\
         \x20 StrictHostKeyChecking yes\n\
         \x20 UserKnownHostsFile {known}\n\
         \x20 GlobalKnownHostsFile {known}\n\
         \x20 HostKeyAlias {alias}\n\
         \x20 CheckHostIP no\n\
         \x20 UpdateHostKeys no\n\
         \x20 ConnectTimeout {secs}\n\
         \x20 ServerAliveInterval 5\n\
         \x20 ServerAliveCountMax 2\n\
         \x20 ControlMaster no\n\
         \x20 ControlPath none\n\
         \x20 ProxyCommand none\n\
         \x20 ProxyJump none\n\
         \x20 ForwardAgent no\n\
         \x20 ForwardX11 no\n\
         \x20 ClearAllForwardings yes\n\
         \x20 RequestTTY no\n\
         \x20 LogLevel VERBOSE\n",
        alias = crate::core::conntest::hostkeys::ALIAS,
    ))
}

//! The connection test's IO: resolve and connect with tokio, read the host keys with
//! `ssh-keyscan`, log in with the system `ssh`, list the branches with `git ls-remote`, each
//! stage bounded by the timeout. The key is written to a private directory (0700, the file
//! 0600; under the per-user runtime directory where there is one) with the ssh configuration
//! and the accepted host keys, and the directory is removed when the test ends, however it
//! ends (a cancelled test drops this future; a killed one's is removed by the next test).

mod hostkey;
mod login;
mod network;
mod process;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::adapters::{atomic, files, platform};
use crate::core::conntest::hostkeys::{self, HostKey};
use crate::core::conntest::{FindingId, Outcome, Report, StageName};
pub use crate::core::conntest::{Progress, Request};
use crate::core::display;
use crate::core::secret::Secret;

const KNOWN_HOSTS_LIMIT: usize = 4 * 1024 * 1024;

struct Run<'a> {
    req: &'a Request,
    report: Report,
    on: &'a mut (dyn FnMut(Progress) + Send),
    began: Instant,
}

impl Run<'_> {
    fn start(&mut self, stage: StageName) {
        self.began = Instant::now();
        (self.on)(Progress::Started(stage));
    }

    fn pass(&mut self, stage: StageName, detail: &str) {
        let s = self.report.pass(stage, self.began.elapsed(), detail);
        (self.on)(Progress::Finished(s));
    }

    /// Ends the stage with a failure; the caller returns.
    fn fail(&mut self, stage: StageName, id: FindingId, detail: &str) {
        self.fail_with(stage, id.finding(detail));
    }

    /// Ends the stage with this finding; the caller returns.
    fn fail_with(&mut self, stage: StageName, finding: crate::core::conntest::Finding) {
        let s = self.report.fail(stage, self.began.elapsed(), finding);
        (self.on)(Progress::Finished(s));
    }
}

/// Runs the test with the private key `key`.
pub async fn run(req: &Request, key: &Secret, on: &mut (dyn FnMut(Progress) + Send)) -> Outcome {
    let mut run = Run {
        req,
        report: Report::new(&req.target.url),
        on,
        began: Instant::now(),
    };
    sweep_leftovers();
    look_for_old_keys(&mut run);
    if let Some(addrs) = network::resolve(&mut run).await
        && network::connect(&mut run, &addrs).await
    {
        // Keys already trusted: the login proves the host key itself, and the listing runs
        // beside it. Otherwise (or when ssh refuses the server's key) the keys are scanned
        // first, so an unknown or changed key is reported with its fingerprint before any login.
        let fast = crate::core::conntest::key_preflight(key.expose())
            .is_ok()
            .then(|| hostkey::without_scan(req))
            .flatten();
        let proven = match fast {
            Some(candidates) => login::login_and_list_at_once(&mut run, key, &candidates).await,
            None => false,
        };
        if !proven && let Some(accepted) = hostkey::host_key(&mut run).await {
            login::login_and_list(&mut run, key, &accepted).await;
        }
    }
    run.report.finish()
}

/// A `known_hosts` file's text; `None` when it cannot be read whole (too large, not a file).
fn read_text(path: &Path) -> Option<String> {
    let (bytes, _) = files::read_limited(path, KNOWN_HOSTS_LIMIT, files::Accept::Files).ok()?;
    (bytes.len() <= KNOWN_HOSTS_LIMIT).then(|| String::from_utf8_lossy(&bytes).into_owned())
}

fn look_for_old_keys(run: &mut Run<'_>) {
    if !hostkeys::is_pinned_host(&run.req.target.host) {
        return;
    }
    let files = std::iter::once(&run.req.known_hosts).chain(&run.req.look_at);
    let stale: Vec<String> = files
        .filter(|f| read_text(f).is_some_and(|t| hostkeys::has_old_bitbucket_key(&t)))
        .map(|f| display::path(f))
        .collect();
    if !stale.is_empty() {
        let finding = FindingId::KnownHostsOldRsa.finding(&stale.join(", "));
        run.report.warn(finding);
    }
}

/// The private directory of one test: the key (0600), the accepted host keys and the ssh
/// configuration. It is under the per-user runtime directory where there is one (else the
/// temporary directory), and removed when dropped. A test killed outright (SIGKILL) cannot
/// remove it: each directory holds a lock for as long as its test runs, and every test first
/// removes the directories whose lock nobody holds (tests may run side by side).
struct Workdir {
    dir: tempfile::TempDir,
    config: PathBuf,
    /// Held while the test runs (released by the system however the process ends).
    _lock: std::fs::File,
}

const PREFIX: &str = "bblink-test-";
/// A directory without its lock file this old was left between its creation and its lock.
const UNLOCKED_GRACE: Duration = Duration::from_secs(600);

/// Where test directories go: `$XDG_RUNTIME_DIR/bblink` (0700), else the temporary directory.
fn base_dir() -> PathBuf {
    if let Some(run) = platform::runtime_dir() {
        let dir = run.join("bblink");
        if platform::create_private_dir(&dir).is_ok() {
            return dir;
        }
    }
    std::env::temp_dir()
}

/// Removes what tests killed outright left, in the runtime and the temporary directory (where
/// earlier versions kept their copies).
fn sweep_leftovers() {
    let base = base_dir();
    sweep(&base);
    if base != std::env::temp_dir() {
        sweep(&std::env::temp_dir());
    }
}

/// Removes the test directories of earlier runs that ended without removing them.
fn sweep(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        // Only real directories of this user's (in a shared temporary directory anyone can
        // plant one), and only a regular lock file (a FIFO would block the open).
        let ours = e
            .path()
            .symlink_metadata()
            .is_ok_and(|m| m.is_dir() && platform::owned_by_me(&m));
        if !name.to_string_lossy().starts_with(PREFIX) || !ours {
            continue;
        }
        let lock_path = e.path().join("lock");
        let lock_is_file = lock_path.symlink_metadata().map(|m| m.is_file());
        if matches!(lock_is_file, Ok(false)) {
            continue;
        }
        let abandoned = match std::fs::File::open(&lock_path) {
            // Nobody holds the lock: its test is over (a lock file only ever appears locked).
            Ok(f) => f.try_lock().is_ok(),
            Err(_) => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > UNLOCKED_GRACE),
        };
        if abandoned {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

impl Workdir {
    fn new(key: &Secret, accepted: &[HostKey], timeout: Duration) -> std::io::Result<Self> {
        let base = base_dir();
        let dir = tempfile::Builder::new().prefix(PREFIX).tempdir_in(&base)?;
        platform::tighten_dir(dir.path())?;
        // Locked under another name, then named: no other test can find it unlocked.
        let taking = dir.path().join("lock.taking");
        let lock = std::fs::File::create(&taking)?;
        lock.try_lock().map_err(std::io::Error::other)?;
        std::fs::rename(&taking, dir.path().join("lock"))?;
        let key_path = dir.path().join("key");
        let mut text = key.expose().to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let text = Secret::new(text);
        atomic::write(&key_path, text.expose().as_bytes(), 0o600, false)?;
        let known = dir.path().join("known_hosts");
        atomic::write(
            &known,
            hostkeys::alias_lines(accepted).as_bytes(),
            0o600,
            false,
        )?;
        let config = dir.path().join("ssh_config");
        let body = process::ssh_config(&key_path, &known, timeout).ok_or_else(|| {
            std::io::Error::other(
                "the temporary directory's name cannot be written in an ssh configuration",
            )
        })?;
        atomic::write(&config, body.as_bytes(), 0o600, false)?;
        Ok(Self {
            dir,
            config,
            _lock: lock,
        })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The configuration file's path quoted for the shell git runs `GIT_SSH_COMMAND` with.
    fn quoted_config(&self) -> String {
        let s = self.config.to_string_lossy();
        shlex::try_quote(&s).map_or_else(|_| format!("'{s}'"), std::borrow::Cow::into_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::conntest::Target;

    #[test]
    fn bitbuckets_old_rsa_key_in_a_known_hosts_file_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = hostkeys::PINNED
            .lines()
            .find_map(|l| l.strip_prefix("@revoked "))
            .and_then(|l| l.split_once(' '))
            .map(|(_, key)| format!("bitbucket.org {key}\n"))
            .expect("the revoked line");
        let users = dir.path().join("known_hosts");
        std::fs::write(&users, old).expect("write");
        let req = Request {
            target: Target::parse("git@ssh.bitbucket.org:team/app.git").expect("url"),
            timeout: Duration::from_secs(1),
            known_hosts: dir.path().join("bblink_known_hosts"),
            confirm: None,
            also_trust: Vec::new(),
            look_at: vec![users.clone()],
        };
        let mut on = |_: Progress| {};
        let mut run = Run {
            req: &req,
            report: Report::new(&req.target.url),
            on: &mut on,
            began: Instant::now(),
        };
        sweep_leftovers();
        look_for_old_keys(&mut run);
        let o = run.report.finish();
        let f = o.findings.first().expect("a finding");
        assert_eq!(f.id, FindingId::KnownHostsOldRsa);
        assert!(
            f.title.contains(&users.display().to_string()),
            "{}",
            f.title
        );
    }
}

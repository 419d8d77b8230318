//! Executes the wizard's effects. The runner owns every background job: an id, a handle to
//! abort it, a cancel flag for blocking work, and what to do when it is stopped (a key on the
//! clipboard is cleared). A job reports through a [`Reporter`], as often as it likes; its events
//! reach the wizard as [`Msg::Job`] tagged with its id. Async jobs run child processes with
//! `kill_on_drop`, so cancel, timeout and quit leave no process behind.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::adapters::clipboard::{SystemClipboard, osc52_sequence};
use crate::adapters::files::Accept;
use crate::adapters::{atomic, bitbucket, conntest, keystore, progress_store};
use crate::core::conntest::Outcome;
use crate::core::errors::{CopyError, WriteError};
use crate::core::key_file::KeyJobError;
use crate::core::secret::Secret;
use crate::core::wizard::{Effect, JobEvent, JobId, KeyText, Msg, SecretSource};

use super::UiEvent;

/// What the loop does after an effect.
#[derive(Debug)]
pub enum Flow {
    /// Keep going.
    Continue,
    /// Leave the loop.
    Quit,
    /// Write this escape sequence to the terminal between frames.
    Osc52(String),
}

/// A wait of an API call (a `Retry-After`, a slow page) shown as the job's stage.
fn waits(report: &Reporter) -> bitbucket::Progress {
    let report = report.clone();
    bitbucket::Progress(std::sync::Arc::new(move |s| {
        report.send(JobEvent::Progress(s));
    }))
}

fn api_options(ca_file: Option<std::path::PathBuf>, report: &Reporter) -> bitbucket::Options {
    bitbucket::Options {
        ca_file,
        progress: Some(waits(report)),
        ..bitbucket::Options::default()
    }
}

/// Sends one job's events to the loop.
#[derive(Debug, Clone)]
pub struct Reporter {
    job: JobId,
    tx: UnboundedSender<UiEvent>,
}

impl Reporter {
    /// Reports an event, after the clock's reading (what the event records carries when);
    /// after the loop is gone there is nobody to tell.
    pub fn send(&self, event: JobEvent) {
        let now = crate::adapters::dirs::now_stamp();
        let _ = self.tx.send(UiEvent::Msg(Msg::Clock(now)));
        let _ = self.tx.send(UiEvent::Msg(Msg::Job(self.job, event)));
    }
}

type OnStop = Box<dyn FnOnce() + Send>;

struct Running {
    abort: AbortHandle,
    cancel: Arc<AtomicBool>,
    on_stop: Option<OnStop>,
}

/// Runs effects and reports back through the loop's channel.
pub struct Runner {
    tx: UnboundedSender<UiEvent>,
    progress_file: PathBuf,
    clipboard: Arc<SystemClipboard>,
    jobs: HashMap<JobId, Running>,
    /// Private keys copied, by copy job, until their clearing job takes them.
    copied: Arc<Mutex<HashMap<JobId, Secret>>>,
    /// The checkout the machine's check reads (`--repo-dir`; the current directory without).
    pub repo_dir: Option<PathBuf>,
}

impl Runner {
    /// A runner that reports to `tx`.
    pub fn new(tx: UnboundedSender<UiEvent>, progress_file: PathBuf) -> Self {
        Self {
            tx,
            progress_file,
            clipboard: Arc::new(SystemClipboard::new()),
            jobs: HashMap::new(),
            copied: Arc::new(Mutex::new(HashMap::new())),
            repo_dir: None,
        }
    }

    /// Starts or performs one effect.
    pub fn run(&mut self, effect: Effect) -> Flow {
        self.jobs.retain(|_, r| !r.abort.is_finished());
        match effect {
            Effect::GenerateKey { job, request } => self.blocking(job, move |cancel, report| {
                let stage = |s: String| report.send(JobEvent::Progress(s));
                JobEvent::KeyReady(keystore::generate_and_save(&request, cancel, &stage))
            }),
            Effect::LoadKey { job, path } => {
                self.blocking(job, move |_, _| {
                    JobEvent::KeyReady(keystore::load_key(&path))
                });
            }
            Effect::Copy { job, text } => {
                let clipboard = Arc::clone(&self.clipboard);
                self.blocking(job, move |_, _| JobEvent::Copied(clipboard.set_text(&text)));
            }
            Effect::CopySecret { job, source } => {
                let clipboard = Arc::clone(&self.clipboard);
                let copied = Arc::clone(&self.copied);
                self.blocking(job, move |_, _| {
                    let result = secret_text(&source)
                        .map_err(CopyError::Failed)
                        .and_then(|text| {
                            clipboard.set_text(text.expose())?;
                            if let Ok(mut map) = copied.lock() {
                                map.insert(job, text);
                            }
                            Ok(())
                        });
                    JobEvent::Copied(result)
                });
            }
            Effect::ClearClipboardLater { job, copy, seconds } => {
                self.clear_later(job, copy, seconds);
            }
            Effect::WriteSecret { job, source, path } => self.blocking(job, move |_, _| {
                JobEvent::Written(write_secret(&source, &path))
            }),
            Effect::UnlockKey {
                job,
                path,
                passphrase,
                keys_dir,
            } => self.blocking(job, move |_, _| {
                let result = match passphrase {
                    SecretSource::Text(p) => keystore::remove_passphrase(&path, &p, &keys_dir),
                    _ => Err(KeyJobError::WrongPassphrase(path.clone())),
                };
                JobEvent::KeyReady(result)
            }),
            Effect::WritePublicKey { job, text, path } => self.blocking(job, move |_, _| {
                JobEvent::Written(
                    atomic::write(&path, text.as_bytes(), 0o644, false)
                        .map(|()| path.clone())
                        .map_err(|e| match e.kind() {
                            std::io::ErrorKind::AlreadyExists => WriteError::Exists(path.clone()),
                            _ => WriteError::Io {
                                path: path.clone(),
                                message: e.to_string(),
                            },
                        }),
                )
            }),
            Effect::LoadPrivateKeyFile { job, path } => self.blocking(job, move |_, _| {
                JobEvent::KeyFileRead(keystore::read_key_text(&path, Accept::Files).map(
                    |(text, insecure)| KeyText {
                        path: path.clone(),
                        text,
                        readable_by_others: insecure,
                    },
                ))
            }),
            Effect::TestConnection { job, request, key } => self.test_connection(job, request, key),
            Effect::Doctor { job, hosts } => self.doctor(job, hosts),
            Effect::AccessKeys { job, call } => self.spawn(job, move |report| async move {
                let progress = waits(&report);
                let mut on = |s: String| report.send(JobEvent::Progress(s));
                let outcome = bitbucket::run_call(*call, &mut on, progress).await;
                report.send(JobEvent::Api(Box::new(outcome)));
            }),
            e @ (Effect::CheckConsumer { .. }
            | Effect::CheckToken { .. }
            | Effect::NewSecret { .. }
            | Effect::SaveHook { .. }) => self.service_call(e),
            Effect::Osc52 { text } => return Flow::Osc52(osc52_sequence(&text)),
            Effect::SaveProgress(p) => {
                // A failure costs only the resume offer next time; the wizard says so once.
                if let Err(why) = progress_store::save(&self.progress_file, &p) {
                    let _ = self.tx.send(UiEvent::Msg(Msg::SaveFailed(why)));
                }
            }
            Effect::Cancel(job) => self.cancel(job),
            Effect::Quit => {
                self.stop_all();
                return Flow::Quit;
            }
            // Field effects are the App's; nothing to run.
            Effect::SetField(..) => {}
        }
        Flow::Continue
    }

    /// Runs the connection test with the key's text (read off the render loop).
    fn test_connection(
        &mut self,
        job: JobId,
        request: crate::core::conntest::Request,
        key: SecretSource,
    ) {
        self.spawn(job, move |report| async move {
            let text = tokio::task::spawn_blocking(move || secret_text(&key)).await;
            let outcome = match text {
                Ok(Ok(text)) => {
                    let mut on = |p| report.send(JobEvent::TestProgress(p));
                    conntest::run(&request, &text, &mut on).await
                }
                Ok(Err(why)) => Outcome::key_unreadable(&request.target.url, &why),
                Err(e) => Outcome::key_unreadable(&request.target.url, &e.to_string()),
            };
            report.send(JobEvent::Tested(Box::new(outcome)));
        });
    }

    /// Clears the clipboard after `seconds` if it still holds what the `copy` job put there;
    /// stopping the job clears it at once.
    fn clear_later(&mut self, job: JobId, copy: JobId, seconds: u64) {
        let text = self
            .copied
            .lock()
            .ok()
            .and_then(|mut map| map.remove(&copy));
        let Some(text) = text else {
            return;
        };
        let clipboard = Arc::clone(&self.clipboard);
        let (now, later) = (Arc::clone(&clipboard), text.clone());
        let on_stop: OnStop = Box::new(move || {
            now.clear_if_unchanged(later.expose());
        });
        self.spawn_with(job, Some(on_stop), move |report| async move {
            tokio::time::sleep(Duration::from_secs(seconds)).await;
            let _ =
                tokio::task::spawn_blocking(move || clipboard.clear_if_unchanged(text.expose()))
                    .await;
            report.send(JobEvent::ClipboardCleared);
        });
    }

    /// Runs blocking work on the blocking pool; its last event is its return value. Cancelling
    /// sets the flag it should check before doing anything irreversible.
    /// This machine's SSH and git setup, checked off the render loop (read-only).
    fn doctor(&mut self, job: JobId, hosts: Vec<(String, String)>) {
        let request = crate::adapters::doctor::Request {
            hosts,
            repo_dir: self.repo_dir.clone(),
            limit: None,
            notes: Vec::new(),
        };
        self.blocking(job, move |_, _| {
            JobEvent::Doctor(Box::new(crate::adapters::doctor::gather(&request)))
        });
    }

    fn blocking(
        &mut self,
        job: JobId,
        work: impl FnOnce(&AtomicBool, &Reporter) -> JobEvent + Send + 'static,
    ) {
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let report = Reporter {
            job,
            tx: self.tx.clone(),
        };
        let handle = tokio::task::spawn_blocking(move || {
            let event = work(&flag, &report);
            if !flag.load(Ordering::SeqCst) {
                report.send(event);
            }
        });
        self.jobs.insert(
            job,
            Running {
                abort: handle.abort_handle(),
                cancel,
                on_stop: None,
            },
        );
    }

    /// Runs an async job. Stopping it drops its future: child processes started with
    /// `kill_on_drop` are killed.
    pub fn spawn<F, Fut>(&mut self, job: JobId, work: F)
    where
        F: FnOnce(Reporter) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.spawn_with(job, None, work);
    }

    fn spawn_with<F, Fut>(&mut self, job: JobId, on_stop: Option<OnStop>, work: F)
    where
        F: FnOnce(Reporter) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let report = Reporter {
            job,
            tx: self.tx.clone(),
        };
        let handle = tokio::spawn(work(report));
        self.jobs.insert(
            job,
            Running {
                abort: handle.abort_handle(),
                cancel: Arc::new(AtomicBool::new(false)),
                on_stop,
            },
        );
    }

    /// Stops a job: aborts it, raises its cancel flag, and runs its stop action.
    pub fn cancel(&mut self, job: JobId) {
        if let Some(r) = self.jobs.remove(&job) {
            stop(r);
        }
    }

    /// Stops every job (at quit).
    pub fn stop_all(&mut self) {
        for (_, r) in self.jobs.drain() {
            stop(r);
        }
    }

    /// How many jobs are still running.
    pub fn running(&mut self) -> usize {
        self.jobs.retain(|_, r| !r.abort.is_finished());
        self.jobs.len()
    }
}

/// The text of a secret: a field's text must have been filled in by the App.
fn secret_text(source: &SecretSource) -> Result<Secret, String> {
    match source {
        SecretSource::Text(t) => Ok(t.clone()),
        SecretSource::File(path) => keystore::read_key_text(path, Accept::Files)
            .map(|(t, _)| t)
            .map_err(|e| e.to_string()),
        SecretSource::Field(_) => Err("nothing to copy".into()),
    }
}

/// Writes a private key to a new 0600 file (`path-2`, … when taken), never inside a git work
/// tree.
fn write_secret(source: &SecretSource, path: &std::path::Path) -> Result<PathBuf, WriteError> {
    let io = |path: &std::path::Path, message: String| WriteError::Io {
        path: path.to_path_buf(),
        message,
    };
    let text = secret_text(source).map_err(|m| io(path, m))?;
    if let Some(root) = keystore::git_work_tree(path) {
        return Err(io(
            path,
            format!(
                "inside the git work tree {}, where it could be committed",
                root.display()
            ),
        ));
    }
    let path = keystore::free_path(path);
    atomic::write(&path, text.expose().as_bytes(), 0o600, false)
        .map(|()| path.clone())
        .map_err(|e| io(&path, e.to_string()))
}

fn stop(r: Running) {
    r.cancel.store(true, Ordering::SeqCst);
    r.abort.abort();
    if let Some(f) = r.on_stop {
        f();
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        // A key still waiting to be cleared does not outlive the program.
        self.stop_all();
    }
}

impl Runner {
    /// The calls of services that take no SSH key.
    pub(super) fn service_call(&mut self, effect: Effect) {
        match effect {
            Effect::CheckConsumer {
                job,
                token_url,
                key,
                secret,
                scopes,
                ca_file,
            } => self.spawn(job, move |report| async move {
                let options = api_options(ca_file, &report);
                let r =
                    bitbucket::service_calls::consumer(&token_url, &key, secret, scopes, options)
                        .await;
                report.send(JobEvent::Consumer(r));
            }),
            Effect::CheckToken {
                job,
                target,
                token,
                ca_file,
            } => self.spawn(job, move |report| async move {
                let options = api_options(ca_file, &report);
                let r = bitbucket::service_calls::token(target, token, options).await;
                report.send(JobEvent::TokenChecked(r));
            }),
            Effect::NewSecret { job } => self.blocking(job, move |_, _| {
                JobEvent::SecretMade(bitbucket::new_secret())
            }),
            Effect::SaveHook {
                job,
                target,
                token,
                hook,
                secret,
                ca_file,
            } => self.spawn(job, move |report| async move {
                let options = api_options(ca_file, &report);
                let r = bitbucket::service_calls::hook(target, token, hook, secret, options).await;
                report.send(JobEvent::HookSaved(r));
            }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;

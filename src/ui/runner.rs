//! Executes the wizard's effects: slow work in tokio tasks (CPU work on the blocking pool),
//! each result sent back to the loop as a message tagged with its job id.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::adapters::clipboard::{SystemClipboard, osc52_sequence};
use crate::adapters::{keystore, progress_store};
use crate::core::secret::Secret;
use crate::core::wizard::{Effect, JobId, Msg};

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

struct Running {
    handle: JoinHandle<()>,
    cancel: Arc<AtomicBool>,
}

/// Runs effects and reports back through the loop's channel.
pub struct Runner {
    tx: UnboundedSender<UiEvent>,
    progress_file: PathBuf,
    clipboard: Arc<SystemClipboard>,
    jobs: HashMap<JobId, Running>,
    /// Private keys put on the clipboard, to clear at exit if still there.
    secrets: Vec<Secret>,
    /// How long a private key stays on the clipboard.
    clear_after: Duration,
}

impl Runner {
    /// A runner that reports to `tx`.
    pub fn new(
        tx: UnboundedSender<UiEvent>,
        progress_file: PathBuf,
        clear_after: Duration,
    ) -> Self {
        Self {
            tx,
            progress_file,
            clipboard: Arc::new(SystemClipboard::new()),
            jobs: HashMap::new(),
            secrets: Vec::new(),
            clear_after,
        }
    }

    /// Starts or performs one effect.
    pub fn run(&mut self, effect: Effect) -> Flow {
        self.jobs.retain(|_, r| !r.handle.is_finished());
        match effect {
            Effect::GenerateKey(req) => {
                let job = req.job;
                self.blocking(job, move |cancel| Msg::KeyReady {
                    job,
                    result: keystore::generate_and_save(&req, cancel),
                });
            }
            Effect::LoadKey { job, path } => {
                self.blocking(job, move |_| Msg::KeyReady {
                    job,
                    result: keystore::load_key(&path),
                });
            }
            Effect::Copy { job, text } => {
                let clipboard = Arc::clone(&self.clipboard);
                self.blocking(job, move |_| Msg::Copied {
                    job,
                    result: clipboard.set_text(&text),
                });
            }
            Effect::WritePublicKey { job, text, path } => {
                self.blocking(job, move |_| Msg::Written {
                    job,
                    result: keystore::write_atomic(&path, text.as_bytes(), 0o644, false)
                        .map(|()| path.clone())
                        .map_err(|e| match e.kind() {
                            std::io::ErrorKind::AlreadyExists => {
                                format!("{} already exists (kept)", path.display())
                            }
                            _ => format!("{}: {e}", path.display()),
                        }),
                });
            }
            Effect::LoadPrivateKeyFile { job, path } => {
                self.blocking(job, move |_| Msg::PrivateKeyFile {
                    job,
                    result: keystore::read_key_text(&path)
                        .map(|(text, insecure)| (path.clone(), text, insecure)),
                });
            }
            Effect::CopySecret { job, text } => {
                let clipboard = Arc::clone(&self.clipboard);
                self.secrets.push(text.clone());
                let tx = self.tx.clone();
                let clear_after = self.clear_after;
                tokio::spawn(async move {
                    let c = Arc::clone(&clipboard);
                    let t = text.clone();
                    let result = tokio::task::spawn_blocking(move || c.set_text(t.expose()))
                        .await
                        .unwrap_or_else(|_| Err("clipboard unavailable".into()));
                    let copied = result.is_ok();
                    let _ = tx.send(UiEvent::Msg(Msg::Copied { job, result }));
                    if copied {
                        tokio::time::sleep(clear_after).await;
                        let _ = tokio::task::spawn_blocking(move || {
                            clipboard.clear_if_unchanged(text.expose())
                        })
                        .await;
                    }
                });
            }
            Effect::Osc52 { text } => return Flow::Osc52(osc52_sequence(&text)),
            Effect::SaveProgress(p) => {
                // Small and rare; a failure only costs the resume offer next time.
                let _ = progress_store::save(&self.progress_file, &p);
            }
            Effect::Cancel(job) => {
                if let Some(r) = self.jobs.remove(&job) {
                    r.cancel.store(true, Ordering::SeqCst);
                    r.handle.abort();
                }
            }
            Effect::Quit => {
                for r in self.jobs.values() {
                    r.cancel.store(true, Ordering::SeqCst);
                }
                // A key still waiting to be cleared does not outlive the program.
                for s in self.secrets.drain(..) {
                    self.clipboard.clear_if_unchanged(s.expose());
                }
                return Flow::Quit;
            }
        }
        Flow::Continue
    }

    fn blocking(&mut self, job: JobId, work: impl FnOnce(&AtomicBool) -> Msg + Send + 'static) {
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let tx = self.tx.clone();
        let handle = tokio::task::spawn_blocking(move || {
            let msg = work(&flag);
            if !flag.load(Ordering::SeqCst) {
                let _ = tx.send(UiEvent::Msg(msg));
            }
        });
        self.jobs.insert(job, Running { handle, cancel });
    }
}

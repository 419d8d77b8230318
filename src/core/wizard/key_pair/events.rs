//! What the key step's jobs report: a key generated, read or unlocked, a question before
//! saving, or why it failed.

use crate::core::key_file::KeyJobError;

use super::super::Out;
use super::super::msg::JobEvent;
use super::super::overlay::Overlay;
use super::{KeyFocus, KeySource, KeyStep};

impl KeyStep {
    /// The user declined a confirmation: the reason stays on screen.
    pub(in crate::core::wizard) fn declined(&mut self, error: KeyJobError) {
        self.error = Some(error);
    }

    /// The running job was cancelled.
    pub(in crate::core::wizard) fn cancelled(&mut self) {
        self.error = Some(KeyJobError::Cancelled);
    }

    /// A key job reports. `here` says whether the key step is on screen (a resumed key loads
    /// elsewhere). Returns whether the key in use changed.
    pub(in crate::core::wizard) fn on_event(
        &mut self,
        event: JobEvent,
        here: bool,
        out: &mut Out,
    ) -> bool {
        let JobEvent::KeyReady(result) = event else {
            return false;
        };
        match result {
            Ok(key) => {
                let changed = self.ready.as_ref().map(|k| &k.info) != Some(&key.info);
                if key.generated {
                    self.source = KeySource::Generate;
                } else {
                    self.existing_path = key.private_path.display().to_string();
                }
                if self.focus == KeyFocus::Passphrase {
                    self.focus = KeyFocus::Path;
                }
                self.ready = Some(key);
                self.error = None;
                self.locked = None;
                self.typed = false;
                out.save = true;
                if here {
                    out.onward = true;
                }
                changed
            }
            Err(KeyJobError::Exists(paths)) => {
                out.overlay = Some(Overlay::ConfirmOverwrite(paths));
                false
            }
            Err(KeyJobError::InGitWorkTree { root }) => {
                out.overlay = Some(Overlay::ConfirmInRepo(root));
                false
            }
            Err(e) => {
                match &e {
                    KeyJobError::Unusable {
                        path, unlockable, ..
                    } => {
                        // A file that was read (also a resumed key, since changed on disk) is
                        // an existing key file: shown as one, so its path and `p` apply.
                        if self.source == KeySource::Generate {
                            self.source = KeySource::Existing;
                            self.existing_path = path.display().to_string();
                        }
                        self.locked = unlockable.then(|| path.clone());
                    }
                    KeyJobError::WrongPassphrase(_) => {}
                    _ => self.locked = None,
                }
                if self.locked.is_none() && self.focus == KeyFocus::Passphrase {
                    self.focus = KeyFocus::Path;
                }
                self.error = Some(e);
                false
            }
        }
    }
}

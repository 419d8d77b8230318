//! What the key screen shows, built from the key step's state.

use crate::core::keyfile::{KeyJobError, ReadyKey};
use crate::core::keys::{KeyAlgorithm, KeyFormat};
use crate::core::service::ServiceProfile;

use super::super::jobs::JobKind;
use super::super::msg::Env;
use super::super::views::display_path;
use super::{KeyFocus, KeySource, KeyStep};

/// What the key screen shows.
#[derive(Debug, Clone)]
pub struct KeyView<'a> {
    /// Generate or existing.
    pub source: KeySource,
    /// The type to generate.
    pub algorithm: KeyAlgorithm,
    /// The private key file's format (offered for RSA and ECDSA).
    pub format: KeyFormat,
    /// The focused control.
    pub focus: KeyFocus,
    /// The label as typed.
    pub label: &'a str,
    /// The existing key's path as typed.
    pub existing_path: &'a str,
    /// Where a generated key would be saved (shortened with `~`), if the label allows one.
    pub save_path: Option<String>,
    /// The service's name.
    pub service: &'a str,
    /// The service's advice on the key type.
    pub key_note: Option<&'a str>,
    /// The running job, and its latest stage.
    pub working: Option<(JobKind, Option<&'a str>)>,
    /// Why the last attempt failed.
    pub error: Option<&'a KeyJobError>,
    /// The key in use, and its path shortened with `~`.
    pub ready: Option<(&'a ReadyKey, String)>,
    /// The passphrase field is offered (a key file bblink can open).
    pub unlockable: bool,
    /// The user typed the label (a taken name is then asked about, not changed).
    pub label_edited: bool,
}

impl KeyStep {
    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        env: &Env,
        service: Option<&'a ServiceProfile>,
        working: Option<JobKind>,
    ) -> KeyView<'a> {
        let home = env.home.as_deref();
        KeyView {
            source: self.source,
            algorithm: self.algorithm,
            format: self.format,
            focus: self.focus,
            label: &self.label,
            existing_path: &self.existing_path,
            save_path: self.generated_key_path(env).map(|p| display_path(home, &p)),
            service: service.map_or("the service", |s| s.called()),
            key_note: service.and_then(|s| s.key_note.as_deref()),
            working: working.map(|k| (k, self.stage.as_deref())),
            error: self.error.as_ref(),
            ready: self
                .ready
                .as_ref()
                .map(|k| (k, display_path(home, &k.private_path))),
            unlockable: self.locked.is_some(),
            label_edited: self.label_edited,
        }
    }
}

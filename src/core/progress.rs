//! What the wizard remembers between runs: choices and file paths, never a secret.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::service::Flavor;
use super::ssh_keys::KeyAlgorithm;

/// The saved progress. Versioned so an older file is recognised rather than misread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Format version; files of another version are ignored.
    pub version: u32,
    /// The chosen service's profile id.
    pub service: String,
    /// Cloud or Data Center.
    pub flavor: Flavor,
    /// The step the user was on (its `--screen` name).
    pub step: String,
    /// The key type chosen for generation.
    pub algorithm: KeyAlgorithm,
    /// The key label (also the file name of a generated key).
    pub label: String,
    /// Whether the user edited the label (so it no longer follows the service).
    #[serde(default)]
    pub label_edited: bool,
    /// The private key file in use, once there is one.
    pub key_path: Option<PathBuf>,
    /// The repository's SSH URL, once a usable one was given (never a URL with a token).
    #[serde(default)]
    pub clone_url: Option<String>,
    /// The service's own URL (OAuth and webhook services), once a usable one was given.
    #[serde(default)]
    pub service_url: Option<String>,
    /// The OAuth consumer's mode.
    #[serde(default)]
    pub mode: Option<String>,
    /// The repository URL typed on the access token step (an SSH URL, or an HTTPS URL without
    /// a user part: never one with a token).
    #[serde(default)]
    pub token_repo: Option<String>,
    /// The OAuth consumer's key (an identifier Bitbucket shows beside the secret, which is
    /// never saved), for the service's commands on Done.
    #[serde(default)]
    pub consumer_key: Option<String>,
    /// A user key rather than an access key (services that ask).
    #[serde(default)]
    pub user_key: bool,
    /// The public key was copied, written or added, for this key, and when.
    #[serde(default)]
    pub public_key: Option<Record>,
    /// The last connection test of this key and URL, and when.
    #[serde(default)]
    pub tested: Option<Record>,
    /// The private key was checked as it will be pasted (usable), for this key, and when.
    #[serde(default)]
    pub private_key: Option<Record>,
    /// A service without an SSH key: its consumer or token check, then its webhook, each kept
    /// for its service URL, and when.
    #[serde(default, rename = "linked")]
    pub credentials: Vec<Option<Record>>,
}

/// Something the journey did, kept across runs with when, and what it was done with (so it is
/// forgotten once the key or the URL changes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// What was done (`copied`), or what the test saw.
    pub what: String,
    /// Whether it went well (a test that failed is kept too, as failed).
    pub ok: bool,
    /// When, as the clock read it (`2026-12-05 18:40 UTC`); empty when unknown.
    pub at: String,
    /// The fingerprint of the key it was done with.
    pub key: String,
    /// The SSH URL it was done with (the test).
    #[serde(default)]
    pub url: Option<String>,
}

impl Record {
    /// The record as read from a file that may have been edited: its words and time safe to
    /// draw on a terminal (no control characters) and of a sensible length.
    #[must_use]
    pub fn cleaned(&self) -> Self {
        let safe = |s: &str, max: usize| {
            crate::core::display::shortened(&crate::core::display::terminal_safe(s), max)
        };
        Self {
            what: safe(&self.what, 300),
            at: safe(&self.at, 40),
            ..self.clone()
        }
    }

    /// `what (at)`, or only `what` when the time is unknown.
    pub fn what_when(&self) -> String {
        if self.at.is_empty() {
            self.what.clone()
        } else {
            format!("{} ({})", self.what, self.at)
        }
    }
}

impl Progress {
    /// The format version this build writes.
    pub const VERSION: u32 = 1;

    /// Whether there is anything to resume: a step past the welcome screen, or something
    /// chosen, made or given. A run that only looked at the welcome screen (or troubleshooting
    /// from it) leaves nothing worth a dialog.
    pub fn holds_work(&self) -> bool {
        self.step != super::step::Step::Welcome.name()
            || self.label_edited
            || self.key_path.is_some()
            || self.clone_url.is_some()
            || self.service_url.is_some()
            || self.token_repo.is_some()
            || self.consumer_key.is_some()
    }
}

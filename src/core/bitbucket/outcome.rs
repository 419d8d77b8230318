//! What an access-key operation ended with, for the screens and the command line's JSON.

use serde::Serialize;

use crate::core::conntest::Outcome;
use crate::core::key_file::ReadyKey;

use super::access_keys::AccessKey;
use super::failure::ApiFailure;

/// A key added (or found already there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddResult {
    /// The key as Bitbucket lists it after the call (read back).
    pub key: AccessKey,
    /// It was there already: nothing was added.
    pub already_present: bool,
    /// The Bitbucket page where it appears.
    pub page: String,
}

/// A rotation: the new key generated, added and tested; the old key removed only when asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// The key being replaced.
    pub old: AccessKey,
    /// The new key pair, once generated.
    pub new_key: Option<ReadyKey>,
    /// The new key in Bitbucket, once added.
    pub added: Option<AddResult>,
    /// The connection test with the new key, once run.
    pub test: Option<Outcome>,
    /// Why the rotation stopped (the old key is kept).
    pub failure: Option<String>,
}

impl Rotation {
    /// The new key works: the old one may be removed (once the service has the new one).
    pub fn passed(&self) -> bool {
        self.failure.is_none() && self.test.as_ref().is_some_and(|t| t.ok)
    }
}

/// How an access-key job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiOutcome {
    /// Added, or already there.
    Added(AddResult),
    /// The repository's keys.
    Listed {
        /// The keys, flags set.
        keys: Vec<AccessKey>,
        /// The page cap was reached: more keys exist.
        truncated: bool,
        /// Entries of the answer that were not keys bblink could read.
        unread: usize,
    },
    /// Removed.
    Removed(AccessKey),
    /// A rotation's result.
    Rotated(Box<Rotation>),
    /// A call failed.
    Failed(ApiFailure),
}

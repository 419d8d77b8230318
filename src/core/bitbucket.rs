//! Bitbucket's REST API for access keys, as data: where a repository's API lives (Cloud or
//! Data Center), the requests to list, add and remove its access keys, what the answers mean,
//! and every failure as a finding with its cause and fix. No IO: the HTTP client is
//! `adapters::bitbucket`.

pub mod access_keys;
pub mod credential;
pub mod failure;
pub mod hooks;
pub mod oauth;
pub mod outcome;
pub mod scopes;
pub mod target;
#[cfg(test)]
mod tests;
pub mod transport;

pub use access_keys::{AccessKey, KeyFlags};
pub use credential::{Credential, TokenKind};
pub use failure::{ApiFailure, ApiFindingId, Operation};
pub use outcome::{AddResult, ApiOutcome};
pub use target::{ApiFlavor, ApiTarget, Method, RequestSpec, TargetError};

//! One file per screen. Each draws into the body area from `&App` and decides nothing.

pub mod clone_url;
pub mod key;
pub mod overlay;
pub mod private_key;
pub mod public_key;
pub mod service;
pub mod welcome;

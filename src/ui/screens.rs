//! One file per screen. Each draws into the body area from its step's view and decides
//! nothing; `render::draw_step` is the one place that picks the screen of a step.

pub mod access;
pub mod access_token;
pub mod clone_url;
pub mod done;
pub mod form;
pub mod key_pair;
pub mod oauth_consumer;
pub mod overlay;
pub mod private_key;
pub mod public_key;
pub mod service;
pub mod service_url;
pub mod test;
pub mod trouble;
pub mod webhook;
pub mod welcome;

//! One file per screen. Each draws into the body area from its step's view and decides
//! nothing; `render::draw_step` is the one place that picks the screen of a step.

pub mod access;
pub mod clone_url;
pub mod form;
pub mod key_pair;
pub mod overlay;
pub mod private_key;
pub mod public_key;
pub mod service;
pub mod test;
pub mod trouble;

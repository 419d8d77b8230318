//! The pure domain of bblink: the wizard's state machine, key facts, service profiles and the
//! key tables. Nothing here touches the terminal, the file system, processes or the network;
//! IO lives in `adapters`, drawing in `ui`.

pub mod clone_url;
pub mod inspect;
pub mod keymap;
pub mod keys;
pub mod problem;
pub mod progress;
pub mod secret;
pub mod service;
pub mod wizard;

//! The pure domain of bblink: the wizard's state machine, key facts, the checks, service
//! profiles and the key vocabulary. Nothing here touches the terminal, the file system,
//! processes, the network or OS randomness; IO lives in `adapters`, drawing in `ui`.

pub mod bitbucket;
pub mod catalog;
pub mod clone_url;
pub mod conntest;
pub mod deps;
pub mod diagnosis;
pub mod display;
pub mod doctor;
pub mod errors;
pub mod host_patterns;
pub mod input;
pub mod inspect;
pub mod key_file;
pub mod keyboard;
pub mod known_hosts;
pub mod problem;
pub mod progress;
pub mod redact;
pub mod report;
pub mod scrub;
pub mod secret;
pub mod service;
pub mod ssh_config;
pub mod ssh_keys;
pub mod step;
pub mod webhook;
pub mod wizard;

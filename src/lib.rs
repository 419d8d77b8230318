//! bblink connects a private Bitbucket repository to an external service: it generates the key
//! pair, shows where each half goes, and checks the result.
//!
//! Layers: `core` is pure (state machine, key facts, key tables); `adapters` does all IO;
//! `ui` is the terminal shell; `cli` holds the subcommands.

pub mod adapters;
pub mod cli;
pub mod core;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod ui;

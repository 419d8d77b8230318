//! All of bblink's IO: key files, key generation (OS randomness), the clipboard, the state
//! file and directories, and the connection test (network, ssh and git processes). Functions
//! here are thin and synchronous, but for the connection test, which is async (tokio); the UI
//! runs the slow ones off its render loop. Platform differences live here, behind `cfg`.

pub mod atomic;
pub mod bitbucket;
pub mod child_env;
pub mod clipboard;
pub mod conntest;
pub mod dirs;
pub mod doctor;
pub mod files;
pub mod keygen;
pub mod keystore;
pub mod lines;
pub mod log_text;
pub mod platform;
pub mod progress_store;
pub mod stdin;
pub mod versions;

//! All of bblink's IO: key files, the clipboard, the state file and directories. Functions here
//! are thin and synchronous; the UI runs the slow ones off its render loop.

pub mod clipboard;
pub mod dirs;
pub mod keystore;
pub mod progress_store;

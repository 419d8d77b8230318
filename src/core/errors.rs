//! Typed outcomes of the IO the adapters do for the wizard and the command line: copying to the
//! clipboard, writing a file, reading a key file. Each variant has a stable id (the same on the
//! command line and on the screens) and a `Display` a user can act on.

use std::path::PathBuf;

use super::redact;

/// Why text did not reach the system clipboard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CopyError {
    /// No graphical session to hold a clipboard (an SSH session, a console).
    #[error("no graphical display here")]
    NoDisplay,
    /// The clipboard took the text but did not give it back.
    #[error("the clipboard did not keep the text")]
    NotKept,
    /// The clipboard library failed; its first line.
    #[error("{0}")]
    Failed(String),
}

impl CopyError {
    /// Stable id.
    pub fn id(&self) -> &'static str {
        match self {
            CopyError::NoDisplay => "no_display",
            CopyError::NotKept => "clipboard_not_kept",
            CopyError::Failed(_) => "clipboard_failed",
        }
    }
}

/// Why a file was not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// A file of that name exists and was kept.
    #[error("{} already exists (kept)", shown(.0))]
    Exists(PathBuf),
    /// The system refused.
    #[error("{}: {message}", shown(.path))]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's message.
        message: String,
    },
}

impl WriteError {
    /// Stable id.
    pub fn id(&self) -> &'static str {
        match self {
            WriteError::Exists(_) => "exists",
            WriteError::Io { .. } => "io_error",
        }
    }
}

/// Why a key file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Nothing at the path.
    #[error("{}: no such file", shown(.0))]
    NotFound(PathBuf),
    /// A directory, a device, a FIFO: not a regular file.
    #[error("{} is not a regular file", shown(.0))]
    NotAFile(PathBuf),
    /// A pipe delivered nothing in time (a FIFO nobody writes to).
    #[error("{}: nothing arrived in time (a pipe nobody writes to?)", shown(.0))]
    Timeout(PathBuf),
    /// The system refused.
    #[error("{}: {message}", shown(.path))]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's message.
        message: String,
    },
}

impl ReadError {
    /// Stable id.
    pub fn id(&self) -> &'static str {
        match self {
            ReadError::NotFound(_) => "not_found",
            ReadError::NotAFile(_) => "not_a_file",
            ReadError::Timeout(_) => "timeout",
            ReadError::Io { .. } => "io_error",
        }
    }
}

/// A path as an error shows it: escaped, and with a secret hidden (a URL given where a file
/// was expected may hold a password).
fn shown(p: &std::path::Path) -> String {
    redact::line(&p.to_string_lossy())
}

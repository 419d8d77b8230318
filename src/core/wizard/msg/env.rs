//! The facts injected from outside the core ([`Env`]) and the operating system bblink runs
//! on, for the commands it suggests ([`Os`]).

use std::path::PathBuf;

/// Facts from outside the core, injected so tests are deterministic.
#[derive(Debug, Clone)]
pub struct Env {
    /// Today's date, `YYYY-MM-DD` (for default labels).
    pub today: String,
    /// Where generated keys are saved.
    pub keys_dir: PathBuf,
    /// The file names already in `keys_dir` when the wizard started (a default label skips
    /// them, so the key's label and its file name agree).
    pub taken: Vec<String>,
    /// bblink's own `known_hosts` file (host keys trusted in a connection test).
    pub known_hosts: PathBuf,
    /// The directory `w` writes into.
    pub cwd: PathBuf,
    /// The user's home directory (to expand `~` and shorten paths for display).
    pub home: Option<PathBuf>,
    /// Whether an OSC 52 clipboard escape can be sent (stdout is a terminal).
    pub osc52: bool,
    /// Seconds after which a copied private key is taken off the clipboard.
    pub clear_clipboard_after: u64,
    /// The operating system, for the commands bblink suggests.
    pub os: Os,
    /// The Bitbucket API base given with `--api-url` (else derived from the clone URL).
    pub api_url: Option<String>,
    /// Extra certificate authorities for the API (`--ca-file`).
    pub ca_file: Option<PathBuf>,
    /// Bitbucket's OAuth token endpoint, when not bitbucket.org's (`--token-url`).
    pub token_url: Option<String>,
}

/// The operating system bblink runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    /// Linux and other Unix systems with X11 or Wayland.
    Linux,
    /// macOS.
    MacOs,
    /// Windows.
    Windows,
}

impl Os {
    /// How to copy a file's contents here: a line that says which command is for what, and
    /// the commands, the usual one first (the last, where there is one, prints it to select
    /// with the mouse, for a session without a clipboard such as SSH).
    pub fn copy_commands(self, path: &str) -> (&'static str, Vec<String>) {
        match self {
            Os::Linux => (
                "copy it with one of (X11, Wayland, or over SSH print it and select it):",
                vec![
                    format!("xclip -sel clip < {path}"),
                    format!("wl-copy < {path}"),
                    format!("cat {path}"),
                ],
            ),
            Os::MacOs => (
                "copy it with one of (or over SSH print it and select it):",
                vec![format!("pbcopy < {path}"), format!("cat {path}")],
            ),
            Os::Windows => (
                "copy it with (PowerShell):",
                vec![format!("Get-Content -Raw {path} | Set-Clipboard")],
            ),
        }
    }
}

//! `bblink completions SHELL` and `bblink man`: shell completion scripts (clap_complete) and
//! the manual page in roff (clap_mangen), both generated from the same command definitions, on
//! standard output.

use std::process::ExitCode;

use clap::{Args, CommandFactory, ValueEnum};
use serde_json::json;

use super::Cli;
use super::out::Out;

/// Shells with completion scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

/// `bblink completions` options.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end().to_string()
}

/// Prints the completion script for a shell.
pub fn completions(a: &CompletionsArgs) -> ExitCode {
    use clap_complete::Shell;
    let shell = match a.shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Powershell => Shell::PowerShell,
        ShellArg::Elvish => Shell::Elvish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "bblink", &mut buf);
    let mut out = Out::new(false);
    out.line(text(&buf));
    out.finish(&json!({}), 0)
}

/// Prints the manual page (roff).
pub fn man() -> ExitCode {
    let mut out = Out::new(false);
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        return out.error("io_error", &format!("cannot render the manual: {e}"), "", 1);
    }
    out.line(text(&buf));
    out.finish(&json!({}), 0)
}

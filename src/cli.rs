//! Command-line definitions and the subcommands. Each subcommand calls the core and adapters
//! and prints text, or one JSON object with `--json`. Exit codes: 0 ok, 1 refused or failed,
//! 2 usage error.
// Doc comments here are the --help text users read: product names stay plain.
#![allow(clippy::doc_markdown)]

mod check_key;
mod check_url;
mod keygen;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::wizard::Step;
use crate::ui::{self, RunOptions};

/// Connect a private Bitbucket repository to a service (Valohai, CircleCI, …) over SSH.
///
/// Without a subcommand, bblink starts the wizard: generate a key pair, add its public half to
/// Bitbucket, and give the private half to the service. Every check also runs on its own as a
/// subcommand, with --json for scripts.
#[derive(Debug, Parser)]
#[command(name = "bblink", version, about, long_about)]
pub struct Cli {
    /// Start the wizard on this screen.
    #[arg(long, value_enum, value_name = "NAME")]
    pub screen: Option<Screen>,

    /// Panic after the first frame (checks that the terminal is restored).
    #[arg(long, hide = true)]
    pub debug_panic: bool,

    /// A subcommand; none starts the wizard.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The wizard's screens, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Screen {
    /// What bblink does (and resume).
    Welcome,
    /// Choose the service and Bitbucket Cloud or Data Center.
    Service,
    /// Generate a key pair or choose an existing key.
    Key,
    /// Copy the public key and see where it goes in Bitbucket.
    PublicKey,
    /// Paste the clone URL: understood, repaired, and the SSH URL for the service.
    CloneUrl,
    /// Check (and repair) the private key exactly as it will be pasted into the service.
    PrivateKey,
}

impl From<Screen> for Step {
    fn from(s: Screen) -> Self {
        match s {
            Screen::Welcome => Step::Welcome,
            Screen::Service => Step::Service,
            Screen::Key => Step::Key,
            Screen::PublicKey => Step::PublicKey,
            Screen::CloneUrl => Step::CloneUrl,
            Screen::PrivateKey => Step::PrivateKey,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a key pair for a Bitbucket access key (no passphrase; private key 0600).
    Keygen(KeygenArgs),
    /// Check a private key exactly as it will be pasted into the service; repair copy-paste damage.
    CheckKey(CheckKeyArgs),
    /// Check a clone URL and give the SSH URL the service needs (repairs HTTPS, typos, old hosts).
    CheckUrl(CheckUrlArgs),
}

/// `bblink check-url` options.
#[derive(Debug, Args)]
pub struct CheckUrlArgs {
    /// The URL as pasted (a whole git clone command works too), or - (the default) for standard
    /// input, which keeps a token out of the shell's history.
    #[arg(value_name = "URL|-")]
    pub url: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `bblink check-key` options.
#[derive(Debug, Args)]
pub struct CheckKeyArgs {
    /// The key file, or - (the default) for standard input.
    #[arg(value_name = "PATH|-")]
    pub path: Option<PathBuf>,
    /// The public key (.pub) the private key must match.
    #[arg(long, value_name = "PATH")]
    pub public: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Write the repaired key here (mode 0600; never overwrites).
    #[arg(long, value_name = "PATH")]
    pub write_repaired: Option<PathBuf>,
}

/// Key types for `keygen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyType {
    /// Ed25519 (256 bits).
    Ed25519,
    /// RSA (2048, 3072 or 4096 bits; 4096 by default).
    Rsa,
    /// ECDSA (256, 384 or 521 bits; 256 by default).
    Ecdsa,
}

/// `bblink keygen` options.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Key type.
    #[arg(long = "type", short = 't', value_enum, default_value = "ed25519")]
    pub key_type: KeyType,
    /// Key size in bits (RSA: 2048, 3072, 4096; ECDSA: 256, 384, 521).
    #[arg(long, short = 'b')]
    pub bits: Option<u32>,
    /// The key's comment, also the default file name [default: bblink-<date>].
    #[arg(long, short = 'C')]
    pub comment: Option<String>,
    /// Private key path; the public key goes to PATH.pub [default: <data dir>/bblink/keys/<comment>].
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
    /// Allow saving inside a git work tree (keys must never be committed).
    #[arg(long)]
    pub allow_in_repo: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// A usage error: the message on standard error, exit code 2.
fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Standard input, up to `limit` bytes (and one more, so the check can tell it was cut), in a
/// buffer that is zeroed when dropped. A terminal on standard input is a usage error: `hint`
/// says how to give the input instead.
fn read_stdin(limit: usize, hint: &str) -> Result<zeroize::Zeroizing<String>, ExitCode> {
    use std::io::{IsTerminal, Read};
    if std::io::stdin().is_terminal() {
        return Err(usage(hint));
    }
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    let limit = u64::try_from(limit).unwrap_or(u64::MAX) + 1;
    std::io::stdin()
        .take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| usage(&format!("cannot read standard input: {e}")))?;
    Ok(zeroize::Zeroizing::new(
        String::from_utf8_lossy(&buf).into_owned(),
    ))
}

/// Prints one JSON object, then exits 0 when `ok`, 1 when not.
#[allow(clippy::print_stdout)]
fn print_json(value: &impl serde::Serialize) -> Result<(), ExitCode> {
    let json = serde_json::to_string(value).map_err(|e| usage(&e.to_string()))?;
    println!("{json}");
    Ok(())
}

/// The exit code of a check: 0 when usable, 1 when not.
fn verdict_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints each problem as two lines: severity, id and message, then the fix.
#[allow(clippy::print_stdout)]
fn print_problems<Id: serde::Serialize>(problems: &[crate::core::problem::Problem<Id>]) {
    for p in problems {
        println!("{:>8} {}: {}", p.severity.word(), p.id_str(), p.message);
        if !p.fix.is_empty() {
            println!("         fix: {}", p.fix);
        }
    }
}

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> color_eyre::Result<ExitCode> {
    match cli.command {
        Some(Command::Keygen(args)) => Ok(keygen::run(&args)),
        Some(Command::CheckKey(args)) => Ok(check_key::run(&args)),
        Some(Command::CheckUrl(args)) => Ok(check_url::run(&args)),
        None => {
            if let Some(why) = ui::cannot_start() {
                return Ok(usage(&why));
            }
            ui::run(&RunOptions {
                screen: cli.screen.map(Step::from),
                debug_panic: cli.debug_panic,
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_wizard_step_has_a_screen_name() {
        for step in Step::ALL {
            let found = Screen::value_variants().iter().any(|s| {
                Step::from(*s) == step
                    && s.to_possible_value()
                        .is_some_and(|v| v.get_name() == step.name())
            });
            assert!(found, "{step:?}");
        }
    }
}

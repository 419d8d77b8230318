//! Command-line definitions and the subcommands. Each subcommand calls the core and adapters
//! and prints text, or one JSON object with `--json`. Exit codes: 0 ok, 1 refused or failed,
//! 2 usage error.
// Doc comments here are the --help text users read: product names stay plain.
#![allow(clippy::doc_markdown)]

mod access_key;
mod check_key;
mod check_url;
mod credential;
mod diagnose;
mod doctor;
mod input;
mod keygen;
mod known_hosts;
mod out;
mod report;
mod shell;
mod test;
mod test_many;
mod tokens;
mod webhook;
mod webhook_create;

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
#[command(
    name = "bblink",
    version,
    about,
    long_about,
    after_help = "Examples:\n  bblink\n  bblink --plain\n  bblink --screen test\n  bblink test --url git@ssh.bitbucket.org:acme/app.git --key ~/.ssh/deploy_key\n  bblink diagnose build.log"
)]
pub struct Cli {
    /// Start the wizard on this screen.
    #[arg(long, value_name = "NAME", value_parser = screen_parser())]
    pub screen: Option<Step>,
    /// The Bitbucket API base for the access-key screens: https://api.bitbucket.org/2.0 for
    /// Cloud (the default), a Data Center's base URL [default: from the clone URL].
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Also trust the certificate authorities in this PEM file for the API (a Data Center with
    /// a private CA).
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Bitbucket's OAuth token endpoint, for the OAuth consumer check [default:
    /// https://bitbucket.org/site/oauth2/access_token].
    #[arg(long, global = false, value_name = "URL")]
    pub token_url: Option<String>,
    /// A checkout of the repository: the Bitbucket repositories its .gitmodules,
    /// requirements*.txt, Gemfile, package.json and go.mod fetch are listed on the connection
    /// test screen, to test with the same key.
    #[arg(long, value_name = "DIR")]
    pub repo_dir: Option<PathBuf>,
    /// Walk the wizard as a plain conversation, line by line, instead of the full-screen
    /// interface: for screen readers, dumb terminals, editors' shells and logs (also with
    /// TERM=dumb or BBLINK_ACCESSIBLE=1).
    #[arg(long)]
    pub plain: bool,

    /// Panic after the first frame (checks that the terminal is restored).
    #[arg(long, hide = true)]
    pub debug_panic: bool,

    /// A subcommand; none starts the wizard.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--screen`: the names and titles of the wizard's steps, as `Step` gives them.
fn screen_parser() -> impl clap::builder::TypedValueParser<Value = Step> {
    let names = Step::ALL.map(|s| clap::builder::PossibleValue::new(s.name()).help(s.title()));
    // Only the names above get through, and each names a step.
    clap::builder::TypedValueParser::map(
        clap::builder::PossibleValuesParser::new(names),
        |name: String| Step::from_name(&name).unwrap_or(Step::Welcome),
    )
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate a key pair for a Bitbucket access key (no passphrase; private key 0600).
    #[command(after_help = "Example:\n  bblink keygen --comment ci-deploy --out ./deploy_key")]
    Keygen(KeygenArgs),
    /// Check a private key exactly as it will be pasted into the service; repair copy-paste damage.
    #[command(
        after_help = "Example:\n  bblink check-key ~/.ssh/deploy_key --public ~/.ssh/deploy_key.pub"
    )]
    CheckKey(CheckKeyArgs),
    /// Check a clone URL and give the SSH URL the service needs (repairs HTTPS, typos, old hosts).
    #[command(after_help = "Example:\n  bblink check-url https://bitbucket.org/acme/app.git")]
    CheckUrl(CheckUrlArgs),
    /// Test the connection as the service will make it: host key, login with the key, branches.
    #[command(
        after_help = "Example:\n  bblink test --url git@ssh.bitbucket.org:acme/app.git --key ~/.ssh/deploy_key"
    )]
    Test(TestArgs),
    /// Find the causes of a failure in any log (ssh -vvv, git, CI output), with their fixes.
    #[command(after_help = "Example:\n  bblink diagnose build.log")]
    Diagnose(DiagnoseArgs),
    /// Why this machine fails when the service's test passes: ~/.ssh/config as ssh -G resolves
    /// it for each Bitbucket host, git's overrides and rewrites, the agent, key and known_hosts
    /// files. Reads only.
    #[command(after_help = "Example:\n  bblink doctor --repo-dir ~/src/app --json")]
    Doctor(doctor::DoctorArgs),
    /// A support report for a ticket: versions, the URL and key checks, the connection test.
    #[command(
        after_help = "Example:\n  bblink report --url git@ssh.bitbucket.org:acme/app.git --key ~/.ssh/deploy_key --out report.txt"
    )]
    Report(ReportArgs),
    /// The repository's access keys through Bitbucket's API: add, list, remove, rotate. The
    /// credential comes from BBLINK_BITBUCKET_EMAIL and BBLINK_BITBUCKET_TOKEN, standard input,
    /// or a prompt; never from the command line.
    #[command(
        after_help = "Example:\n  bblink access-key list --url git@ssh.bitbucket.org:acme/app.git"
    )]
    AccessKey(access_key::AccessKeyArgs),
    /// Check an OAuth consumer's key and secret against Bitbucket (services such as Gemnasium).
    #[command(after_help = "Example:\n  bblink oauth-consumer check --mode sync")]
    OauthConsumer(tokens::OauthConsumerArgs),
    /// Check a repository access token against Bitbucket (services such as Hackolade).
    #[command(
        after_help = "Example:\n  bblink access-token check --url git@ssh.bitbucket.org:acme/app.git"
    )]
    AccessToken(tokens::AccessTokenArgs),
    /// Webhook deliveries: check a captured delivery's signature against the secret.
    #[command(
        after_help = "Example:\n  bblink webhook verify --secret-env HUB_SECRET delivery.txt"
    )]
    Webhook(webhook::WebhookArgs),
    /// known_hosts lines (or a CI snippet) for Bitbucket's SSH host without trust on first use;
    /// --check an existing file, --fix it.
    #[command(after_help = "Example:\n  bblink known-hosts --format circleci")]
    KnownHosts(known_hosts::KnownHostsArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Example:\n  bblink completions bash > ~/.local/share/bash-completion/completions/bblink"
    )]
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff) on standard output.
    #[command(after_help = "Example:\n  bblink man > ~/.local/share/man/man1/bblink.1")]
    Man,
}

/// `bblink report` options.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// The clone URL to check (and test, with --key).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The private key file to check (by fingerprint only) and test with, or - for standard input.
    #[arg(long, value_name = "PATH|-")]
    pub key: Option<PathBuf>,
    /// Write the report to this new file (mode 0600) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also diagnose this log (a CI job's output, a pasted `ssh -vvv`), or - for standard
    /// input: the findings go into the report, redacted, as `bblink diagnose` gives them.
    #[arg(long, value_name = "FILE|-")]
    pub log: Option<PathBuf>,
    /// The checkout whose remotes and git configuration the machine's check reads (as
    /// `bblink doctor --repo-dir`) [default: the current directory].
    #[arg(long, value_name = "DIR")]
    pub repo_dir: Option<PathBuf>,
    /// How the connection test runs.
    #[command(flatten)]
    pub test: TestOptions,
}

/// `bblink diagnose` options.
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The log file (a pipe such as <(…) works too), or - for standard input: the default when
    /// it is piped (… 2>&1 | bblink diagnose).
    #[arg(value_name = "PATH|-")]
    pub path: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// How a connection test runs (`bblink test`, `bblink report`).
#[derive(Debug, Clone, Args)]
pub struct TestOptions {
    /// The limit for each stage, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// Also trust this known_hosts file's keys and honour its @revoked lines (OpenSSH's host
    /// patterns). Only read, never written; repeat for more.
    #[arg(long, value_name = "FILE")]
    pub known_hosts: Vec<PathBuf>,
    /// bblink's own known_hosts, where a key you confirm is recorded [default: <data
    /// dir>/bblink/known_hosts]. ~/.ssh/known_hosts is never written.
    #[arg(long, value_name = "FILE")]
    pub record_known_hosts: Option<PathBuf>,
    /// The server's host key must have this fingerprint (SHA256:…), whatever else trusts it;
    /// compare it with the one your admin publishes. A new key is then recorded.
    #[arg(long, value_name = "FP")]
    pub host_key_fingerprint: Option<String>,
}

/// `bblink test` options.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The repository's SSH clone URL (an HTTPS or old bitbucket.org URL is repaired first);
    /// again for each other repository the build fetches (private dependencies, submodules),
    /// the service's own first.
    #[arg(long, value_name = "URL", required = true)]
    pub url: Vec<String>,
    /// Also test the Bitbucket repositories this checkout's .gitmodules, requirements*.txt,
    /// Gemfile, package.json and go.mod fetch.
    #[arg(long, value_name = "DIR")]
    pub repo_dir: Option<PathBuf>,
    /// The private key file the service will use, or - for standard input.
    #[arg(long, value_name = "PATH|-")]
    pub key: PathBuf,
    /// How the test runs.
    #[command(flatten)]
    pub test: TestOptions,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
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
    /// The key file (a pipe such as <(…) works too), or - for standard input: the default
    /// when it is piped; at a terminal, - reads what you paste until Ctrl-D, without echo.
    #[arg(value_name = "PATH|-")]
    pub path: Option<PathBuf>,
    /// The public key (.pub) the private key must match.
    #[arg(long, value_name = "PATH")]
    pub public: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Write the repaired key here (mode 0600; never overwrites; never inside a git work tree).
    #[arg(long, value_name = "PATH")]
    pub write_repaired: Option<PathBuf>,
    /// Allow --write-repaired inside a git work tree (keys must never be committed).
    #[arg(long, requires = "write_repaired")]
    pub allow_in_repo: bool,
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

/// Private key file formats for `keygen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrivateFormat {
    /// -----BEGIN OPENSSH PRIVATE KEY----- (ssh-keygen's default; every current service reads it).
    Openssh,
    /// -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY----- (RSA and ECDSA only).
    Pem,
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
    /// Private key path; the public key goes to PATH.pub [default: <data dir>/bblink/keys/<comment>,
    /// or <comment>-2, -3… when that exists].
    #[arg(long, short = 'o', value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// How the private key file is written.
    #[arg(long, value_enum, default_value = "openssh")]
    pub format: PrivateFormat,
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

/// Parses the command line. A usage error is JSON when `--json` was asked for (exit 2 either
/// way); help and version are printed as clap prints them.
pub fn parse() -> Result<Cli, ExitCode> {
    // `bblink` alone starts the wizard: nothing to parse, so the command tree of every
    // subcommand is not built before the first frame.
    if std::env::args_os().len() <= 1 {
        return Ok(Cli {
            screen: None,
            api_url: None,
            ca_file: None,
            token_url: None,
            repo_dir: None,
            plain: false,
            debug_panic: false,
            command: None,
        });
    }
    Cli::try_parse().map_err(|e| {
        use clap::error::ErrorKind;
        let json = std::env::args_os().any(|a| a == "--json");
        if json && !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
            let first = e.to_string();
            let message = first
                .lines()
                .next()
                .unwrap_or("usage error")
                .trim_start_matches("error: ");
            return out::Out::new(true).error("usage", message, "See bblink --help.", out::USAGE);
        }
        // Help or a version that cannot be written (a closed pipe, a full disk) is a failure
        // like any other output's, not exit 0.
        if let (Err(w), 0) = (e.print(), e.exit_code()) {
            out::say(&format!("error: cannot write the output: {w}"));
            return ExitCode::from(1);
        }
        ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(out::USAGE))
    })
}

/// Runs what the command line asks for.
pub fn run(cli: Cli) -> color_eyre::Result<ExitCode> {
    match cli.command {
        Some(Command::Keygen(args)) => Ok(keygen::run(&args)),
        Some(Command::CheckKey(args)) => Ok(check_key::run(&args)),
        Some(Command::CheckUrl(args)) => Ok(check_url::run(&args)),
        Some(Command::Test(args)) => Ok(test::run(&args)),
        Some(Command::Diagnose(args)) => Ok(diagnose::run(&args)),
        Some(Command::Report(args)) => Ok(report::run(&args)),
        Some(Command::Doctor(args)) => Ok(doctor::run(&args)),
        Some(Command::AccessKey(args)) => Ok(access_key::run(&args)),
        Some(Command::Webhook(args)) => Ok(webhook::run(&args)),
        Some(Command::KnownHosts(args)) => Ok(known_hosts::run(&args)),
        Some(Command::Completions(args)) => Ok(shell::completions(&args)),
        Some(Command::Man) => Ok(shell::man()),
        Some(Command::OauthConsumer(args)) => Ok(tokens::oauth_consumer(&args)),
        Some(Command::AccessToken(args)) => Ok(tokens::access_token(&args)),
        None => {
            let opts = RunOptions {
                screen: cli.screen,
                debug_panic: cli.debug_panic,
                api_url: cli.api_url,
                ca_file: cli.ca_file,
                token_url: cli.token_url,
                repo_dir: cli.repo_dir,
            };
            let signal = ui::start(&opts, cli.plain)?;
            Ok(signal.map_or(ExitCode::SUCCESS, ExitCode::from))
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
        // Every example in the help parses as the command line it shows.
        let mut helps = vec![Cli::command().render_help().to_string()];
        for sub in Cli::command().get_subcommands_mut() {
            helps.push(sub.render_help().to_string());
        }
        let mut seen = 0;
        for help in &helps {
            for line in help
                .lines()
                .map(str::trim)
                .filter(|l| l.starts_with("bblink"))
            {
                let words: Vec<&str> = line
                    .split(" > ")
                    .next()
                    .unwrap_or(line)
                    .split_whitespace()
                    .collect();
                assert!(Cli::try_parse_from(&words).is_ok(), "{line}");
                seen += 1;
            }
        }
        assert!(seen >= helps.len(), "an example in every help: {seen}");
    }

    #[test]
    fn every_wizard_step_has_a_screen_name() {
        for step in Step::ALL {
            let cli = Cli::try_parse_from(["bblink", "--screen", step.name()]).expect("parses");
            assert_eq!(cli.screen, Some(step));
        }
        assert!(Cli::try_parse_from(["bblink", "--screen", "nope"]).is_err());
    }
}

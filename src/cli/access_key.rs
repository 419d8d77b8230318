//! `bblink access-key add|list|remove|rotate`: the repository's access keys through
//! Bitbucket's REST API. The credential comes from the environment, standard input or a masked
//! prompt (see `credential`); findings carry the troubleshooting catalog's ids.

mod actions;
mod rotate;
mod run;

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::TestOptions;

pub(super) use run::finding_lines;
pub use run::run;

/// `bblink access-key` options.
#[derive(Debug, Args)]
pub struct AccessKeyArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// The access-key actions.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// Add a public key as a read-only access key (nothing is added when it is there already).
    Add(AddArgs),
    /// List the repository's access keys, marking old and weak ones.
    List(ListArgs),
    /// Remove one access key, by id or by its public key.
    Remove(RemoveArgs),
    /// Replace an access key: generate a new key, add it, test it, then remove the old one.
    Rotate(RotateArgs),
}

/// Where the API is, and how to reach it.
#[derive(Debug, Clone, Args)]
pub struct ApiArgs {
    /// The repository's clone URL (SSH or HTTPS).
    #[arg(long, value_name = "CLONE_URL")]
    pub url: String,
    /// The API base: https://api.bitbucket.org/2.0 for Cloud (the default for bitbucket.org),
    /// or a Data Center's base URL [default: https://<the clone URL's host>].
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
    /// Also trust the certificate authorities in this PEM file (a Data Center with a private
    /// CA); verification is never turned off.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// The limit for each request, in seconds.
    #[arg(long = "api-timeout", value_name = "SECS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub api_timeout: u64,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `access-key add` options.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Where.
    #[command(flatten)]
    pub api: ApiArgs,
    /// The public key file (a private key file works too: its public half is added).
    #[arg(long, value_name = "PUBKEY")]
    pub key: PathBuf,
    /// The label shown in Bitbucket [default: the key's comment].
    #[arg(long, value_name = "L")]
    pub label: Option<String>,
}

/// `access-key list` options.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Where.
    #[command(flatten)]
    pub api: ApiArgs,
    /// Mark this key (a public or private key file) in the list.
    #[arg(long, value_name = "PUBKEY")]
    pub key: Option<PathBuf>,
    /// Keys added more than this many days ago are marked old.
    #[arg(long, value_name = "DAYS", default_value_t = 365)]
    pub max_age_days: u32,
}

/// Which access key: by its public key file or by Bitbucket's id (one of them).
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct WhichKey {
    /// The key, by its public (or private) key file.
    #[arg(long, value_name = "PUBKEY")]
    pub key: Option<PathBuf>,
    /// The key, by Bitbucket's id (see list).
    #[arg(long, value_name = "ID")]
    pub id: Option<u64>,
}

/// `access-key remove` options.
#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Where.
    #[command(flatten)]
    pub api: ApiArgs,
    /// The key to remove.
    #[command(flatten)]
    pub which: WhichKey,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
}

/// `access-key rotate` options.
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Where.
    #[command(flatten)]
    pub api: ApiArgs,
    /// The key being replaced.
    #[command(flatten)]
    pub which: WhichKey,
    /// The new private key file (never overwritten) [default: <data dir>/bblink/keys/<label>].
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The new key's label and comment [default: bblink-<date>].
    #[arg(long, value_name = "L")]
    pub label: Option<String>,
    /// Remove the old key once the new one passed the connection test, without asking.
    #[arg(long)]
    pub yes: bool,
    /// How the connection test with the new key runs.
    #[command(flatten)]
    pub test: TestOptions,
}

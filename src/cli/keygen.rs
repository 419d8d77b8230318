//! `bblink keygen`: the wizard's key step without the wizard.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use serde_json::json;

use crate::adapters::dirs::{self, Dirs};
use crate::adapters::{atomic, keystore, platform};
use crate::core::display;
use crate::core::key_file::{GenerateRequest, KeyJobError};
use crate::core::ssh_keys::{self, KeyAlgorithm, KeyFormat};

use super::out::{self, Out};
use super::{KeyType, KeygenArgs, PrivateFormat};

/// Runs `bblink keygen`.
pub fn run(args: &KeygenArgs) -> ExitCode {
    let mut out = Out::new(args.json);
    let kind = match args.key_type {
        KeyType::Ed25519 => "ed25519",
        KeyType::Rsa => "rsa",
        KeyType::Ecdsa => "ecdsa",
    };
    let algorithm = match KeyAlgorithm::from_parts(kind, args.bits) {
        Ok(a) => a,
        Err(e) => {
            return out.error(
                "usage",
                &e.to_string(),
                "See bblink keygen --help.",
                out::USAGE,
            );
        }
    };
    let format = match args.format {
        PrivateFormat::Openssh => KeyFormat::Openssh,
        PrivateFormat::Pem => KeyFormat::Pem,
    };
    if !format.fits(algorithm) {
        return out.error(
            "usage",
            "Ed25519 keys exist only in OpenSSH format",
            "Use --format openssh, or --type rsa for a PEM key (BEGIN RSA PRIVATE KEY).",
            out::USAGE,
        );
    }
    if let Some(c) = &args.comment
        && c.chars().any(char::is_control)
    {
        return out.error(
            "usage",
            "the comment holds a line break or another control character",
            "Give a comment on one line, such as --comment valohai-deploy.",
            out::USAGE,
        );
    }
    let comment = args
        .comment
        .clone()
        .unwrap_or_else(|| format!("bblink-{}", dirs::today()));
    let path = match &args.out {
        Some(p) => p.clone(),
        None => match Dirs::discover() {
            Ok(d) => {
                let keys_dir = d.keys_dir();
                tidy(&keys_dir);
                keys_dir.join(ssh_keys::file_safe(&comment))
            }
            Err(e) => return out.error("no_home", &e.to_string(), "Set HOME, or give --out.", 1),
        },
    };
    let req = GenerateRequest {
        algorithm,
        format,
        comment,
        private_path: path,
        overwrite: args.force,
        allow_in_repo: args.allow_in_repo,
        free_name: args.out.is_none(),
    };
    match keystore::generate_and_save(&req, &AtomicBool::new(false), &|_| {}) {
        Ok(key) => {
            let public = key
                .public_path
                .clone()
                .unwrap_or_else(|| keystore::public_path_for(&key.private_path));
            out.line(format_args!(
                "Private key: {} (mode 0600, no passphrase)",
                display::path(&key.private_path)
            ));
            out.line(format_args!("Public key:  {}", display::path(&public)));
            out.line(format_args!(
                "Fingerprint: {}",
                display::terminal_safe(&key.info.fingerprint_line())
            ));
            let value = json!({
                "ok": true,
                "private_key_path": key.private_path,
                "public_key_path": public,
                "algorithm": key.info.algorithm,
                "bits": key.info.bits,
                "fingerprint": key.info.fingerprint,
                "comment": key.info.comment,
                "format": format,
            });
            out.finish(&value, 0)
        }
        Err(e) => {
            let (message, fix) = describe(&e);
            out.error(e.id(), &message, &fix, 1)
        }
    }
}

/// The default key directory is private and holds no leftovers of a killed run.
fn tidy(keys_dir: &Path) {
    let _ = platform::tighten_dir(keys_dir);
    atomic::remove_stale(keys_dir);
}

/// The message and fix for the command line: the flags that change the outcome.
fn describe(e: &KeyJobError) -> (String, String) {
    match e {
        KeyJobError::Exists(paths) => (
            format!(
                "refusing to overwrite {}",
                paths
                    .iter()
                    .map(|p| display::path(p))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            "Use --force to replace it, or --out for another path.".into(),
        ),
        KeyJobError::InGitWorkTree { root } => (
            format!(
                "refusing to save a key inside the git work tree {} (it could be committed)",
                display::path(root)
            ),
            "Choose --out outside it, or pass --allow-in-repo.".into(),
        ),
        KeyJobError::NotAFile(_) => (
            e.to_string(),
            "Choose --out for another path, or move that directory away.".into(),
        ),
        other => (other.to_string(), String::new()),
    }
}

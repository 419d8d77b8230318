//! `bblink keygen`: the wizard's key step without the wizard.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use serde_json::json;

use crate::adapters::dirs::{self, Dirs};
use crate::adapters::keystore;
use crate::core::keyfile::{GenerateRequest, KeyJobError};
use crate::core::keys::{self, KeyAlgorithm};

use super::{KeyType, KeygenArgs};

/// Runs `bblink keygen`.
#[allow(clippy::print_stdout)]
pub fn run(args: &KeygenArgs) -> ExitCode {
    let kind = match args.key_type {
        KeyType::Ed25519 => "ed25519",
        KeyType::Rsa => "rsa",
        KeyType::Ecdsa => "ecdsa",
    };
    let algorithm = match KeyAlgorithm::from_parts(kind, args.bits) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let comment = args
        .comment
        .clone()
        .unwrap_or_else(|| format!("bblink-{}", dirs::today()));
    let out = match &args.out {
        Some(p) => p.clone(),
        None => match Dirs::discover() {
            Ok(d) => d.keys_dir().join(keys::file_safe(&comment)),
            Err(e) => return fail(args.json, "no_home", &e.to_string()),
        },
    };
    let req = GenerateRequest {
        algorithm,
        comment,
        private_path: out,
        overwrite: args.force,
        allow_in_repo: args.allow_in_repo,
    };
    match keystore::generate_and_save(&req, &AtomicBool::new(false), &|_| {}) {
        Ok(key) => {
            let public = key
                .public_path
                .clone()
                .unwrap_or_else(|| keystore::public_path_for(&key.private_path));
            if args.json {
                let v = json!({
                    "private_key_path": key.private_path,
                    "public_key_path": public,
                    "algorithm": key.info.algorithm,
                    "bits": key.info.bits,
                    "fingerprint": key.info.fingerprint,
                    "comment": key.info.comment,
                });
                println!("{v}");
            } else {
                println!(
                    "Private key: {} (mode 0600, no passphrase)",
                    key.private_path.display()
                );
                println!("Public key:  {}", public.display());
                println!("Fingerprint: {}", key.info.fingerprint_line());
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(args.json, e.id(), &describe(&e)),
    }
}

/// The message for the command line: the flags that change the outcome, not the wizard's keys.
fn describe(e: &KeyJobError) -> String {
    match e {
        KeyJobError::Exists(paths) => format!(
            "refusing to overwrite {}: use --force to replace it, or --out for another path",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        KeyJobError::InGitWorkTree { root } => format!(
            "refusing to save a key inside the git work tree {} (it could be committed): choose --out outside it, or pass --allow-in-repo",
            root.display()
        ),
        other => other.to_string(),
    }
}

#[allow(clippy::print_stdout)]
fn fail(json: bool, id: &str, message: &str) -> ExitCode {
    if json {
        println!("{}", json!({ "error": { "id": id, "message": message } }));
    }
    eprintln!("error: {message}");
    ExitCode::from(1)
}

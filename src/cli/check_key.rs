//! `bblink check-key`: the private key check without the wizard.

use std::path::Path;
use std::process::ExitCode;

use crate::adapters::{atomic, keystore};
use crate::core::inspect::{self, Inspection, MAX_INPUT};
use crate::core::keys::KeyInfo;
use crate::core::secret::Secret;

use super::CheckKeyArgs;

/// Runs `bblink check-key`.
#[allow(clippy::print_stdout)]
pub fn run(args: &CheckKeyArgs) -> ExitCode {
    let expected = match &args.public {
        Some(path) => match read_public(path) {
            Ok(info) => Some(info),
            Err(e) => return super::usage(&e),
        },
        None => None,
    };
    let (text, insecure) = match args.path.as_deref() {
        Some(path) if path != Path::new("-") => match keystore::read_key_text(path) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        },
        _ => match super::read_stdin(
            MAX_INPUT,
            "give a key file, or pipe the key in: bblink check-key - < key",
        ) {
            Ok(text) => (Secret::from(text), false),
            Err(code) => return code,
        },
    };
    let mut verdict = inspect::inspect(text.expose(), expected.as_ref());
    verdict.note_file_mode(insecure);
    if args.json {
        if let Err(code) = super::print_json(&verdict) {
            return code;
        }
    } else {
        print_text(&verdict, args.write_repaired.is_some());
    }
    if let Some(out) = &args.write_repaired {
        match &verdict.repaired_text {
            Some(fixed) => {
                if let Err(e) = atomic::write(out, fixed.expose().as_bytes(), 0o600, false) {
                    eprintln!("error: repaired key not written to {}: {e}", out.display());
                    return ExitCode::from(1);
                }
                eprintln!("Repaired key written to {} (mode 0600).", out.display());
            }
            None => eprintln!("Nothing to repair; {} not written.", out.display()),
        }
    }
    super::verdict_code(verdict.ok)
}

fn read_public(path: &Path) -> Result<KeyInfo, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let key = ssh_key::PublicKey::from_openssh(text.trim())
        .map_err(|_| format!("{}: not an OpenSSH public key", path.display()))?;
    Ok(KeyInfo::of(&key))
}

#[allow(clippy::print_stdout)]
fn print_text(v: &Inspection, writing: bool) {
    let what = match (v.kind, v.format) {
        (inspect::Kind::Unknown, _) => "Not a key".to_string(),
        (kind, Some(format)) => format!(
            "{} key, {format} format",
            match kind {
                inspect::Kind::Private => "Private",
                _ => "Public",
            }
        ),
        (_, None) => "Key".to_string(),
    };
    let mark = if v.ok { "✓ Usable" } else { "✗ Not usable" };
    println!("{mark}: {what}");
    if let (Some(alg), Some(bits), Some(fp)) = (&v.algorithm, v.bits, &v.fingerprint) {
        let comment = v.comment.as_deref().unwrap_or("no comment");
        println!("  {alg}, {bits} bits, {fp} ({comment})");
    }
    match v.matches_public_key {
        Some(true) => println!("  Matches the public key given with --public."),
        Some(false) => println!("  Does NOT match the public key given with --public."),
        None => {}
    }
    super::print_problems(&v.problems);
    if v.repaired && !writing {
        println!(
            "The damage was repaired in memory: --write-repaired PATH saves the repaired key."
        );
    }
}

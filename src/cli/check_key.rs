//! `bblink check-key`: the private key check without the wizard.

use std::io::{IsTerminal, Read};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::ExitCode;

use crate::adapters::keystore;
use crate::core::inspect::{self, Inspection, MAX_INPUT, ProblemId};
use crate::core::keys::KeyInfo;

use super::CheckKeyArgs;

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Runs `bblink check-key`.
#[allow(clippy::print_stdout)]
pub fn run(args: &CheckKeyArgs) -> ExitCode {
    let expected = match &args.public {
        Some(path) => match read_public(path) {
            Ok(info) => Some(info),
            Err(e) => return usage(&e),
        },
        None => None,
    };
    let from_stdin = args.path.as_deref().is_none_or(|p| p == Path::new("-"));
    let (text, insecure) = if from_stdin {
        if std::io::stdin().is_terminal() {
            return usage("give a key file, or pipe the key in: bblink check-key - < key");
        }
        let mut buf = Vec::new();
        let limit = u64::try_from(MAX_INPUT).unwrap_or(u64::MAX) + 1;
        if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut buf) {
            return usage(&format!("cannot read standard input: {e}"));
        }
        (
            zeroize::Zeroizing::new(String::from_utf8_lossy(&buf).into_owned()),
            false,
        )
    } else {
        let path = args.path.as_deref().unwrap_or(Path::new("-"));
        match read_key_file(path) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    };
    let mut verdict = inspect::inspect(&text, expected.as_ref());
    if insecure && verdict.kind == inspect::Kind::Private {
        verdict.add(ProblemId::InsecurePermissions);
    }
    if args.json {
        match serde_json::to_string(&verdict) {
            Ok(json) => println!("{json}"),
            Err(e) => return usage(&e.to_string()),
        }
    } else {
        print_text(&verdict, args.write_repaired.is_some());
    }
    if let Some(out) = &args.write_repaired {
        match &verdict.repaired_text {
            Some(fixed) => {
                if let Err(e) = keystore::write_atomic(out, fixed.expose().as_bytes(), 0o600, false)
                {
                    eprintln!("error: repaired key not written to {}: {e}", out.display());
                    return ExitCode::from(1);
                }
                eprintln!("Repaired key written to {} (mode 0600).", out.display());
            }
            None => eprintln!("Nothing to repair; {} not written.", out.display()),
        }
    }
    if verdict.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn read_public(path: &Path) -> Result<KeyInfo, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let key = ssh_key::PublicKey::from_openssh(text.trim())
        .map_err(|_| format!("{}: not an OpenSSH public key", path.display()))?;
    Ok(KeyInfo::of(&key))
}

/// The file's text (lossy: a binary file is "not a key", not an error) and whether others
/// can read it.
fn read_key_file(path: &Path) -> Result<(zeroize::Zeroizing<String>, bool), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    let insecure = meta.permissions().mode() & 0o077 != 0;
    let limit = u64::try_from(MAX_INPUT).unwrap_or(u64::MAX) + 1;
    let mut buf = zeroize::Zeroizing::new(Vec::new());
    std::fs::File::open(path)
        .and_then(|f| f.take(limit).read_to_end(&mut buf))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((
        zeroize::Zeroizing::new(String::from_utf8_lossy(&buf).into_owned()),
        insecure,
    ))
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

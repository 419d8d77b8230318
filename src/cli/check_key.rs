//! `bblink check-key`: the private key check without the wizard.

use std::path::Path;
use std::process::ExitCode;

use crate::adapters::files::{self, Accept};
use crate::adapters::{atomic, keystore};
use crate::core::display::{self, terminal_safe};
use crate::core::inspect::{self, Inspection, MAX_INPUT};
use crate::core::ssh_keys::KeyInfo;

use super::CheckKeyArgs;
use super::input::{self, Failure};
use super::out::{self, Out};

/// Public key files larger than this are not public keys.
const MAX_PUBLIC: usize = 64 * 1024;

/// Runs `bblink check-key`.
pub fn run(args: &CheckKeyArgs) -> ExitCode {
    let mut out = Out::new(args.json);
    let expected = match args.public.as_deref().map(read_public).transpose() {
        Ok(info) => info,
        Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
    };
    if let Some(dest) = &args.write_repaired
        && !args.allow_in_repo
        && let Some(root) = keystore::git_work_tree(dest)
    {
        return out.error(
            "in_git_work_tree",
            &format!(
                "refusing to write a key inside the git work tree {} (it could be committed)",
                display::path(&root)
            ),
            "Choose --write-repaired outside it, or pass --allow-in-repo.",
            1,
        );
    }
    let example = "bblink check-key - < key";
    let given = match input::read(args.path.as_deref(), MAX_INPUT, "private key", example) {
        Ok(i) => i,
        Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
    };
    let mut verdict = inspect::inspect(given.text.expose(), expected.as_ref());
    verdict.note_file_mode(given.readable_by_others);
    verdict.note_final_newline(given.text.expose());
    if let Some(path) = args.path.as_deref().filter(|p| *p != Path::new("-")) {
        verdict.name_file(&input::quoted(path));
    }
    if let Some(public) = &args.public {
        verdict.name_expected(&format!("the public key in {}", display::path(public)));
    }
    if !out.json {
        text(&mut out, &verdict, args.write_repaired.is_some());
    }
    if let Some(dest) = &args.write_repaired {
        match &verdict.repaired_text {
            Some(fixed) => match atomic::write(dest, fixed.expose().as_bytes(), 0o600, false) {
                Ok(()) => out::say(&format!(
                    "Repaired key written to {} (mode 0600).",
                    display::path(dest)
                )),
                Err(e) => {
                    return out.error(
                        "io_error",
                        &format!("repaired key not written to {}: {e}", display::path(dest)),
                        "Choose a path that does not exist yet, in a directory you can write to.",
                        1,
                    );
                }
            },
            None => out::say(&format!(
                "Nothing to repair; {} not written.",
                display::path(dest)
            )),
        }
    }
    let code = out::verdict_code(verdict.ok);
    out.finish(&verdict, code)
}

/// The public key `--public` names, as a usage error when it cannot be used.
fn read_public(path: &Path) -> Result<KeyInfo, Failure> {
    let usage = |id: &'static str, message: String| Failure {
        id,
        message,
        fix: "Give --public the .pub file of the key pair (one line starting with ssh-).".into(),
        code: out::USAGE,
    };
    let (bytes, _) = files::read_limited(path, MAX_PUBLIC, Accept::FilesAndPipes)
        .map_err(|e| usage(e.id(), e.to_string()))?;
    if bytes.len() > MAX_PUBLIC {
        return Err(usage(
            "too_large",
            format!("{} is far larger than a public key", display::path(path)),
        ));
    }
    let text = String::from_utf8_lossy(&bytes);
    let key = ssh_key::PublicKey::from_openssh(text.trim()).map_err(|_| {
        let what = if text.contains("-cert-v01@openssh.com") {
            "an SSH certificate, not a public key"
        } else {
            "not an OpenSSH public key"
        };
        usage(
            "not_a_public_key",
            format!("{}: {what}", display::path(path)),
        )
    })?;
    Ok(KeyInfo::of(&key))
}

fn text(out: &mut Out, v: &Inspection, writing: bool) {
    let what = match (v.kind, v.format) {
        (inspect::Kind::Unknown, _) => "Not a key".to_string(),
        (inspect::Kind::Certificate, _) => "Certificate, not a key".to_string(),
        (kind, Some(format)) => format!(
            "{} key, {format} format",
            match kind {
                inspect::Kind::Private => "Private",
                _ => "Public",
            }
        ),
        (_, None) => "Key".to_string(),
    };
    let mark = if v.ok {
        "✓ Usable"
    } else if v.usable() {
        "✗ Not usable as given (the repaired key is)"
    } else {
        "✗ Not usable"
    };
    out.line(format_args!("{mark}: {what}"));
    if let (Some(alg), Some(bits), Some(fp)) = (&v.algorithm, v.bits, &v.fingerprint) {
        let comment = v.comment.as_deref().unwrap_or("no comment");
        out.line(format_args!(
            "  {alg}, {bits} bits, {fp} ({})",
            terminal_safe(comment)
        ));
    }
    match v.matches_public_key {
        Some(true) => out.line("  Matches the public key given with --public."),
        Some(false) => out.line("  Does NOT match the public key given with --public."),
        None => {}
    }
    out.problems(&v.problems);
    if v.repaired && !writing {
        out.line(
            "The damage was repaired in memory: --write-repaired PATH saves the repaired key.",
        );
    }
}

//! Key files on disk: generate-and-save with the safety rules (0700 directory, 0600 private key,
//! atomic writes, no silent overwrite, no key inside a git work tree), and reading an existing
//! key's public half.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::files::{self, Accept};
use super::{atomic, keygen, platform};
use crate::core::display;
use crate::core::errors::ReadError;
use crate::core::inspect::{self, MAX_INPUT};
use crate::core::key_file::{GenerateRequest, KeyJobError, ReadyKey};
use crate::core::problem::Severity;
use crate::core::secret::Secret;
use crate::core::ssh_keys::{self, KeyFileError, KeyFormat};

/// The public key path that goes with a private key path.
pub fn public_path_for(private: &Path) -> PathBuf {
    let mut s = private.as_os_str().to_owned();
    s.push(".pub");
    PathBuf::from(s)
}

/// The top of the git work tree containing `path`, if any (looks for `.git` upwards from the
/// nearest existing ancestor, as git does).
pub fn git_work_tree(path: &Path) -> Option<PathBuf> {
    let start = path.ancestors().find(|p| p.is_dir())?;
    let start = fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Checks the rules before any work is done, so the user is not made to wait for an RSA key
/// that cannot be saved: not inside a git work tree (unless allowed), nothing replaced without
/// consent, and never anything but a regular file (a directory named like the key stays).
pub fn precheck(private: &Path, overwrite: bool, allow_in_repo: bool) -> Result<(), KeyJobError> {
    if !allow_in_repo && let Some(root) = git_work_tree(private) {
        return Err(KeyJobError::InGitWorkTree { root });
    }
    let destinations = [private.to_path_buf(), public_path_for(private)];
    for path in &destinations {
        if let Ok(meta) = path.symlink_metadata()
            && !meta.is_file()
        {
            return Err(KeyJobError::NotAFile(path.clone()));
        }
    }
    if !overwrite {
        let existing: Vec<PathBuf> = destinations
            .into_iter()
            .filter(|p| p.symlink_metadata().is_ok())
            .collect();
        if !existing.is_empty() {
            return Err(KeyJobError::Exists(existing));
        }
    }
    Ok(())
}

/// Generates the key pair and saves it; `cancel` is checked before anything is written, so a
/// cancelled generation leaves no files. `stage` hears what is being done.
pub fn generate_and_save(
    req: &GenerateRequest,
    cancel: &AtomicBool,
    stage: &dyn Fn(String),
) -> Result<ReadyKey, KeyJobError> {
    let private_path = if req.free_name {
        free_path(&req.private_path)
    } else {
        req.private_path.clone()
    };
    precheck(&private_path, req.overwrite, req.allow_in_repo)?;
    let key = keygen::generate(req.algorithm, &req.comment).map_err(KeyJobError::Keygen)?;
    if cancel.load(Ordering::SeqCst) {
        return Err(KeyJobError::Cancelled);
    }
    let private_text = match req.format {
        KeyFormat::Openssh => key.private_openssh.clone(),
        KeyFormat::Pem => ssh_keys::to_pem(&key.private_openssh).map_err(KeyJobError::Keygen)?,
    };
    stage("Saving the key files…".into());
    let public = public_path_for(&private_path);
    if let Some(dir) = private_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        platform::create_private_dir(dir).map_err(io_error(dir))?;
    }
    let public_text = format!("{}\n", key.public_openssh);
    save_pair(
        (&private_path, private_text.as_bytes()),
        (&public, public_text.as_bytes()),
        req.overwrite,
    )?;
    Ok(ReadyKey {
        private_path,
        public_path: Some(public),
        info: key.info,
        generated: true,
        warnings: Vec::new(),
    })
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> KeyJobError {
    let path = path.to_path_buf();
    move |e| KeyJobError::Io {
        path,
        message: e.to_string(),
    }
}

/// Writes both halves, or neither: both are staged first; with `overwrite` the old pair is
/// kept aside until both new files are in place, and put back if either move fails.
fn save_pair(
    (private, private_bytes): (&Path, &[u8]),
    (public, public_bytes): (&Path, &[u8]),
    overwrite: bool,
) -> Result<(), KeyJobError> {
    let new_private = atomic::stage(private, private_bytes, 0o600).map_err(io_error(private))?;
    let new_public = atomic::stage(public, public_bytes, 0o644).map_err(io_error(public))?;
    let (old_private, old_public) = if overwrite {
        let old_private = atomic::backup(private).map_err(io_error(private))?;
        match atomic::backup(public) {
            Ok(old_public) => (old_private, old_public),
            Err(e) => {
                // No copy of the old private key may stay behind.
                if let Some(b) = old_private {
                    b.discard();
                }
                return Err(io_error(public)(e));
            }
        }
    } else {
        (None, None)
    };
    let undo = |old: Option<atomic::Backup>, path: &Path| match old {
        Some(b) => {
            let _ = b.restore();
        }
        None => {
            let _ = fs::remove_file(path);
        }
    };
    let discard = |old: Option<atomic::Backup>| {
        if let Some(b) = old {
            b.discard();
        }
    };
    if let Err(e) = new_public.commit(overwrite) {
        discard(old_private);
        discard(old_public);
        return Err(io_error(public)(e));
    }
    if let Err(e) = new_private.commit(overwrite) {
        // The new public key is in place but its private half is not: the old pair returns.
        undo(old_public, public);
        discard(old_private);
        return Err(io_error(private)(e));
    }
    discard(old_private);
    discard(old_public);
    Ok(())
}

/// Reads an existing private key file and checks it as the service will read it (the same
/// check as the private key step): a key the service cannot use is refused with the findings.
pub fn load_key(path: &Path) -> Result<ReadyKey, KeyJobError> {
    let (text, insecure) = read_key_text(path, Accept::Files).map_err(|e| match e {
        ReadError::NotFound(p) => KeyJobError::NotFound(p),
        other => KeyJobError::Unreadable {
            path: path.to_path_buf(),
            message: other.to_string(),
        },
    })?;
    let mut verdict = inspect::inspect(text.expose(), None);
    verdict.note_file_mode(insecure);
    verdict.name_file(&display::shell_path(path));
    let info = verdict.key_info().filter(|_| verdict.ok);
    let Some(info) = info else {
        let errors: Vec<_> = verdict
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        let unlockable = verdict.kind == inspect::Kind::Private
            && verdict.format == Some("openssh")
            && errors.len() == 1
            && errors[0].id == inspect::ProblemId::PassphraseRequired;
        return Err(KeyJobError::Unusable {
            path: path.to_path_buf(),
            problems: verdict.problems,
            unlockable,
        });
    };
    let public = public_path_for(path);
    Ok(ReadyKey {
        private_path: path.to_path_buf(),
        public_path: public.is_file().then_some(public),
        info,
        generated: false,
        warnings: verdict.problems,
    })
}

/// Opens a passphrase-protected OpenSSH key with `passphrase` and saves it without one, as a
/// new pair beside it (`NAME-nopass`, mode 0600; never replacing a file), which becomes the key
/// in use. A key inside a git work tree gets its copy in `keys_dir` instead: an unprotected key
/// must never be one `git add` away from a commit. The passphrase is used once and never kept.
pub fn remove_passphrase(
    path: &Path,
    passphrase: &Secret,
    keys_dir: &Path,
) -> Result<ReadyKey, KeyJobError> {
    let (text, _) = read_key_text(path, Accept::Files).map_err(|e| KeyJobError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let locked =
        ssh_key::PrivateKey::from_openssh(text.expose().trim()).map_err(|_| KeyJobError::File {
            path: path.to_path_buf(),
            error: KeyFileError::NotOpenSsh,
        })?;
    let open = locked
        .decrypt(passphrase.expose())
        .map_err(|_| KeyJobError::WrongPassphrase(path.to_path_buf()))?;
    let private = open
        .to_openssh(ssh_key::LineEnding::LF)
        .map_err(|e| KeyJobError::Keygen(ssh_keys::KeygenError::Crypto(e.to_string())))?;
    let public = open
        .public_key()
        .to_openssh()
        .map_err(|e| KeyJobError::Keygen(ssh_keys::KeygenError::Crypto(e.to_string())))?;
    let beside = match path.file_name() {
        Some(file) if git_work_tree(path).is_some() => {
            super::platform::create_private_dir(keys_dir).map_err(|e| KeyJobError::Io {
                path: keys_dir.to_path_buf(),
                message: e.to_string(),
            })?;
            keys_dir.join(file)
        }
        _ => path.to_path_buf(),
    };
    let mut name = beside.into_os_string();
    name.push("-nopass");
    let out = free_path(&PathBuf::from(name));
    save_pair(
        (&out, private.as_bytes()),
        (&public_path_for(&out), format!("{public}\n").as_bytes()),
        false,
    )?;
    load_key(&out)
}

/// `path`, or `path-2`, `path-3`, … when it or its `.pub` is taken.
pub fn free_path(path: &Path) -> PathBuf {
    let taken =
        |p: &Path| p.symlink_metadata().is_ok() || public_path_for(p).symlink_metadata().is_ok();
    if !taken(path) {
        return path.to_path_buf();
    }
    (2..1000)
        .map(|n| {
            let mut s = path.as_os_str().to_owned();
            s.push(format!("-{n}"));
            PathBuf::from(s)
        })
        .find(|p| !taken(p))
        .unwrap_or_else(|| path.to_path_buf())
}

/// Reads a private key file as text, and whether others can read it. Lossy UTF-8: a binary
/// file is "not a key", not an error. Up to one byte past the inspector's limit, so an
/// oversized file is recognised as such.
pub fn read_key_text(path: &Path, accept: Accept) -> Result<(Secret, bool), ReadError> {
    let (bytes, insecure) = files::read_limited(path, MAX_INPUT, accept)?;
    Ok((
        Secret::new(String::from_utf8_lossy(&bytes).into_owned()),
        insecure,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_work_trees_are_found_from_missing_subdirectories() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join(".git")).expect("mkdir");
        let deep = dir.path().join("a/b/key");
        let root = git_work_tree(&deep).expect("found");
        assert_eq!(root, fs::canonicalize(dir.path()).expect("canon"));
    }
}

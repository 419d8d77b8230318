//! An existing key file on the key step: checked as the service will read it, and a passphrase
//! removed in-process into a new file OpenSSH reads without one.

use std::fs;
use std::process::Command;

use bblink::adapters::keystore;
use bblink::core::inspect::ProblemId;
use bblink::core::key_file::KeyJobError;
use bblink::core::secret::Secret;

use crate::support::{mode, run, ssh_keygen_make};

fn ids(e: &KeyJobError) -> Vec<ProblemId> {
    match e {
        KeyJobError::Unusable { problems, .. } => problems.iter().map(|p| p.id).collect(),
        other => panic!("expected an unusable key, got {other:?}"),
    }
}

#[test]
fn keys_the_service_cannot_use_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let weak = ssh_keygen_make(dir.path(), "weak", &["-t", "rsa", "-b", "1024", "-N", ""]);
    let e = keystore::load_key(&weak).expect_err("weak");
    assert_eq!(ids(&e), vec![ProblemId::WeakRsaKey]);
    let public = keystore::load_key(&dir.path().join("weak.pub")).expect_err("public");
    assert!(ids(&public).contains(&ProblemId::PublicKeyInsteadOfPrivate));
    let good = ssh_keygen_make(dir.path(), "good", &["-t", "ed25519", "-N", ""]);
    let key = keystore::load_key(&good).expect("usable");
    let (_, oracle, _) = run(Command::new("ssh-keygen").arg("-lf").arg(&good));
    assert!(oracle.contains(&key.info.fingerprint), "{oracle}");
    assert!(key.warnings.is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&good, fs::Permissions::from_mode(0o644)).expect("chmod");
        let key = keystore::load_key(&good).expect("usable, with a warning");
        assert_eq!(key.warnings[0].id, ProblemId::KeyBadPermissions);
        assert!(key.warnings[0].fix.contains(&good.display().to_string()));
    }
}

#[test]
fn a_passphrase_is_removed_into_a_new_file_openssh_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = ssh_keygen_make(
        dir.path(),
        "locked",
        &["-t", "ed25519", "-N", "correct horse"],
    );
    let e = keystore::load_key(&locked).expect_err("locked");
    assert!(
        matches!(
            &e,
            KeyJobError::Unusable {
                unlockable: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(ids(&e), vec![ProblemId::PassphraseRequired]);

    let keys_dir = dir.path().join("bblink-keys");
    let wrong = keystore::remove_passphrase(&locked, &Secret::new("battery".into()), &keys_dir);
    assert_eq!(wrong, Err(KeyJobError::WrongPassphrase(locked.clone())));
    let open =
        keystore::remove_passphrase(&locked, &Secret::new("correct horse".into()), &keys_dir)
            .expect("opened");
    assert_eq!(open.private_path, dir.path().join("locked-nopass"));
    assert_eq!(mode(&open.private_path), 0o600);
    let (code, public, err) = run(Command::new("ssh-keygen")
        .args(["-y", "-P", "", "-f"])
        .arg(&open.private_path));
    assert_eq!(code, 0, "OpenSSH reads it without a passphrase: {err}");
    let original = fs::read_to_string(dir.path().join("locked.pub")).expect("pub");
    assert_eq!(
        public.split_whitespace().nth(1),
        original.split_whitespace().nth(1),
        "the same key"
    );
    assert!(
        fs::read(&locked).expect("read") != fs::read(&open.private_path).expect("read"),
        "the original stays as it was"
    );
    // Once more: the next free name, never a replaced file.
    let again =
        keystore::remove_passphrase(&locked, &Secret::new("correct horse".into()), &keys_dir)
            .expect("again");
    assert_eq!(again.private_path, dir.path().join("locked-nopass-2"));

    // A key inside a git work tree: the unprotected copy goes to bblink's keys directory.
    let repo = dir.path().join("repo");
    fs::create_dir_all(repo.join(".git")).expect("repo");
    let tracked = repo.join("deploy");
    fs::copy(&locked, &tracked).expect("copy");
    let moved =
        keystore::remove_passphrase(&tracked, &Secret::new("correct horse".into()), &keys_dir)
            .expect("opened");
    assert_eq!(moved.private_path, keys_dir.join("deploy-nopass"));
    assert!(
        !repo.join("deploy-nopass").exists(),
        "nothing unprotected in the work tree"
    );
    assert_eq!(mode(&moved.private_path), 0o600);
}

/// A directory or a pipe given as the key file is named for what it is, with what to give
/// instead (not advice about free space, which is for writing).
#[cfg(unix)]
#[test]
fn a_directory_or_a_pipe_given_as_the_key_file_says_what_to_give() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe");
    let (code, _, err) = crate::support::run(Command::new("mkfifo").arg(&fifo));
    assert_eq!(code, 0, "{err}");
    for path in [dir.path().to_path_buf(), fifo] {
        let e = keystore::load_key(&path).expect_err("not a key file");
        assert_eq!(e.id(), "unreadable", "{e:?}");
        let text = e.to_string();
        assert!(text.contains("is not a regular file"), "{text}");
        assert!(
            text.contains("Give the path of the private key file itself"),
            "{text}"
        );
        assert!(!text.contains("free space"), "{text}");
    }
}

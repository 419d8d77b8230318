//! Fixtures for tests (unit, integration and benchmarks): a deterministic environment, a fixed
//! key, and a wizard driven to a state through its public messages only. Compiled for the
//! crate's own tests and with the `test-support` feature; not part of the product.

use std::path::PathBuf;

use ssh_key::private::{Ed25519Keypair, KeypairData};

use crate::core::key_file::ReadyKey;
use crate::core::keyboard::Action;
use crate::core::progress::Progress;
use crate::core::service::profiles;
use crate::core::ssh_keys::{self, GeneratedKey};
use crate::core::wizard::{Effect, Env, JobEvent, JobId, Msg, Step, Wizard};

/// Injected facts: a fixed date and paths, so screens and transitions are deterministic.
pub fn env() -> Env {
    Env {
        today: "2026-11-22".into(),
        keys_dir: PathBuf::from("/home/ada/.local/share/bblink/keys"),
        taken: Vec::new(),
        known_hosts: PathBuf::from("/home/ada/.local/share/bblink/known_hosts"),
        cwd: PathBuf::from("/home/ada/work"),
        home: Some(PathBuf::from("/home/ada")),
        osc52: true,
        clear_clipboard_after: 60,
        os: crate::core::wizard::Os::Linux,
        api_url: None,
        ca_file: None,
        token_url: None,
    }
}

/// A fresh wizard on the welcome screen.
pub fn wizard() -> Wizard {
    wizard_with(env(), None)
}

/// A wizard with this environment, offering to resume `saved`.
pub fn wizard_with(env: Env, saved: Option<Progress>) -> Wizard {
    Wizard::new(env, profiles().expect("bundled profiles parse"), saved)
}

/// An Ed25519 key from a fixed seed: the same every time.
pub fn seeded_key(seed: u8, comment: &str) -> GeneratedKey {
    ssh_keys::from_keypair(
        KeypairData::Ed25519(Ed25519Keypair::from_seed(&[seed; 32])),
        comment,
    )
    .expect("a seeded key encodes")
}

/// The fixed key as the key step would have it after generating it.
pub fn fixed_key() -> ReadyKey {
    let key = seeded_key(7, "bblink-valohai-2026-11-22");
    let path = env().keys_dir.join("bblink-valohai-2026-11-22");
    ReadyKey {
        public_path: Some(PathBuf::from(format!("{}.pub", path.display()))),
        private_path: path,
        info: key.info,
        generated: true,
        warnings: Vec::new(),
    }
}

/// The job id of the effect that started a job.
pub fn job_of(effects: &[Effect]) -> JobId {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::GenerateKey { job, .. }
            | Effect::LoadKey { job, .. }
            | Effect::Copy { job, .. }
            | Effect::CopySecret { job, .. }
            | Effect::ClearClipboardLater { job, .. }
            | Effect::WritePublicKey { job, .. }
            | Effect::WriteSecret { job, .. }
            | Effect::UnlockKey { job, .. }
            | Effect::LoadPrivateKeyFile { job, .. }
            | Effect::TestConnection { job, .. }
            | Effect::AccessKeys { job, .. }
            | Effect::CheckConsumer { job, .. }
            | Effect::CheckToken { job, .. }
            | Effect::NewSecret { job }
            | Effect::SaveHook { job, .. } => Some(*job),
            _ => None,
        })
        .unwrap_or_else(|| panic!("expected a job in {effects:?}"))
}

/// Drives `update` (a wizard's or an app's) to the key step, generates, and answers with
/// `key`: the wizard ends on the public key step with that key in use.
pub fn give_key(update: &mut dyn FnMut(Msg) -> Vec<Effect>, key: ReadyKey) {
    update(Msg::Action(Action::Jump(Step::KeyPair)));
    let job = job_of(&update(Msg::Action(Action::Next)));
    update(Msg::Job(job, JobEvent::KeyReady(Ok(key))));
}

/// A wizard with the fixed key, on `step`.
pub fn wizard_on(step: Step) -> Wizard {
    let mut w = wizard();
    give_key(&mut |m| w.update(m), fixed_key());
    w.update(Msg::Action(Action::Jump(step)));
    w
}

/// A fresh wizard with the service `id` chosen, on its service step.
pub fn wizard_for(id: &str) -> Wizard {
    let mut w = wizard();
    w.update(Msg::Action(Action::Next));
    for _ in 0..10 {
        if w.service().is_some_and(|s| s.id == id) {
            break;
        }
        w.update(Msg::Action(Action::Down));
    }
    assert_eq!(w.service().map(|s| s.id.as_str()), Some(id), "service {id}");
    w
}

/// A security-key-backed private key (`sk-ssh-ed25519@openssh.com` or
/// `sk-ecdsa-sha2-nistp256@openssh.com`) in OpenSSH's format, as `ssh-keygen -t ed25519-sk`
/// writes one: the key handle stands for a hardware token that is not there.
pub fn security_key_private(algorithm: &str, comment: &str) -> String {
    use ssh_key::private::{PrivateKey, SkEcdsaSha2NistP256, SkEd25519};
    use ssh_key::public;
    let handle = [0x5a_u8; 64];
    let data = if algorithm.starts_with("sk-ssh-ed25519") {
        let pk = Ed25519Keypair::from_seed(&[9; 32]).public;
        let public = public::SkEd25519::new(pk, "ssh:");
        KeypairData::SkEd25519(SkEd25519::new(public, 0x01, handle.to_vec()).expect("handle"))
    } else {
        use p256::elliptic_curve::sec1::ToEncodedPoint as _;
        let secret = p256::SecretKey::from_bytes(&[9u8; 32].into()).expect("scalar");
        let point = secret.public_key().to_encoded_point(false);
        let public = public::SkEcdsaSha2NistP256::new(point, "ssh:");
        KeypairData::SkEcdsaSha2NistP256(
            SkEcdsaSha2NistP256::new(public, 0x01, handle.to_vec()).expect("handle"),
        )
    };
    let key = PrivateKey::new(data, comment).expect("a key");
    key.to_openssh(ssh_key::LineEnding::LF)
        .expect("encodes")
        .to_string()
}

/// `len` bytes of deterministic noise (xorshift from `seed`): what a compressed or random file
/// holds.
pub fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed.to_le_bytes()[0]
        })
        .collect()
}

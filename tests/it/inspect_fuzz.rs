//! The inspector on hostile input: mutated real keys and arbitrary text. It must never panic,
//! never take long, and never echo key material in what it serialises. A short run happens with
//! every test pass; `BBLINK_FUZZ_SECS=600 cargo test --release --test it fuzz -- --ignored
//! --nocapture` runs for ten minutes and prints the number of executions.

use std::time::{Duration, Instant};

use bblink::adapters::keygen;
use bblink::core::inspect::inspect;
use bblink::core::ssh_keys::KeyAlgorithm;
use proptest::prelude::*;

fn seeds() -> Vec<String> {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    let mut rng = ssh_key::rand_core::OsRng;
    let mut out = Vec::new();
    for alg in [
        KeyAlgorithm::Ed25519,
        KeyAlgorithm::Ecdsa { bits: 384 },
        KeyAlgorithm::Rsa { bits: 2048 },
    ] {
        let k = keygen::generate(alg, "fuzz").expect("key");
        out.push(k.private_openssh.to_string());
        out.push(k.public_openssh.clone());
    }
    let rsa = rsa::RsaPrivateKey::new(&mut rng, 1024).expect("rsa");
    out.push(
        rsa.to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
            .expect("pem")
            .to_string(),
    );
    out.push("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\nPublic-Lines: 2\nAAAA\nAAAA\n".into());
    out.push("---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"x\"\nAAAAC3NzaC1lZDI1NTE5\n---- END SSH2 PUBLIC KEY ----\n".into());
    out
}

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, String),
    Cut(usize),
    Join,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), 0usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        (any::<usize>(), "[ \\t\\r\\n:=A-Za-z0-9+/-]{0,12}").prop_map(|(i, s)| Edit::Insert(i, s)),
        any::<usize>().prop_map(Edit::Cut),
        Just(Edit::Join),
    ]
}

fn apply(seed: &str, edits: &[Edit]) -> String {
    let mut b = seed.as_bytes().to_vec();
    for e in edits {
        let n = b.len().max(1);
        match e {
            Edit::Flip(i, x) => {
                if let Some(c) = b.get_mut(i % n) {
                    *c ^= x | 1;
                }
            }
            Edit::Delete(i, len) => {
                let start = i % n;
                let end = (start + len).min(b.len());
                b.drain(start.min(b.len())..end);
            }
            Edit::Insert(i, s) => {
                let at = (i % n).min(b.len());
                b.splice(at..at, s.bytes());
            }
            Edit::Cut(i) => b.truncate(i % n),
            Edit::Join => b
                .iter_mut()
                .filter(|c| **c == b'\n')
                .for_each(|c| *c = b' '),
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Runs the inspector on generated inputs until `budget` is spent; returns (runs, slowest).
fn fuzz(budget: Duration, cases: u32) -> (u64, Duration) {
    let seeds = seeds();
    let strategy = prop_oneof![
        3 => (0..seeds.len(), proptest::collection::vec(edit(), 0..6))
            .prop_map(move |(i, edits)| apply(&seeds[i], &edits)),
        1 => "\\PC{0,200}",
        1 => proptest::collection::vec(any::<u8>(), 0..600)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    crate::support::fuzz_for(budget, cases, &strategy, |input| {
        let t = Instant::now();
        let verdict = inspect(&input, None);
        let took = t.elapsed();
        let json = serde_json::to_string(&verdict).expect("serialises");
        prop_assert!(!json.contains("PRIVATE KEY"), "{json}");
        prop_assert!(
            took < Duration::from_secs(1),
            "{took:?} on {} bytes",
            input.len()
        );
        Ok(())
    })
}

#[test]
fn inspector_survives_mutated_keys_and_arbitrary_text() {
    let (runs, slowest) = fuzz(Duration::ZERO, 3000);
    assert!(runs >= 3000, "{runs} runs");
    assert!(slowest < Duration::from_secs(1));
}

#[test]
#[ignore = "long run: set BBLINK_FUZZ_SECS"]
fn fuzz_inspector_for_a_while() {
    let secs = crate::support::fuzz_secs();
    let (runs, slowest) = fuzz(Duration::from_secs(secs), 20_000);
    println!("inspector fuzz: {runs} executions in {secs} s, slowest {slowest:?}");
}

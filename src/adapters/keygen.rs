//! Key generation: the randomness. Ed25519 and ECDSA come from ssh-key with the OS's random
//! source; RSA from aws-lc (the same prime search as OpenSSL, about ten times faster than the
//! pure-Rust `rsa` crate here: seconds, not a minute, for 4096 bits; see BENCHMARKS.md). The
//! core encodes the result (`core::ssh_keys::from_keypair`).

use ssh_key::EcdsaCurve;
use ssh_key::private::{EcdsaKeypair, Ed25519Keypair, KeypairData, RsaKeypair};
use ssh_key::rand_core::OsRng;

use crate::core::ssh_keys::{self, GeneratedKey, KeyAlgorithm, KeygenError};

/// Generates an unencrypted key pair (services read it unattended, so no passphrase).
pub fn generate(algorithm: KeyAlgorithm, comment: &str) -> Result<GeneratedKey, KeygenError> {
    let data = match algorithm {
        KeyAlgorithm::Ed25519 => KeypairData::Ed25519(Ed25519Keypair::random(&mut OsRng)),
        KeyAlgorithm::Rsa { bits } => KeypairData::Rsa(rsa_keypair(bits)?),
        KeyAlgorithm::Ecdsa { bits } => {
            let curve = match bits {
                256 => EcdsaCurve::NistP256,
                384 => EcdsaCurve::NistP384,
                521 => EcdsaCurve::NistP521,
                _ => {
                    return Err(KeygenError::UnsupportedSize {
                        kind: "ecdsa".into(),
                        bits,
                    });
                }
            };
            let pair = EcdsaKeypair::random(&mut OsRng, curve)
                .map_err(|e| KeygenError::Crypto(e.to_string()))?;
            KeypairData::Ecdsa(pair)
        }
    };
    ssh_keys::from_keypair(data, comment)
}

/// aws-lc draws from its own DRBG seeded by the OS. The key is handed to ssh-key through
/// PKCS#8, which `rsa` validates.
fn rsa_keypair(bits: u32) -> Result<RsaKeypair, KeygenError> {
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use rsa::pkcs8::DecodePrivateKey;

    let size = match bits {
        2048 => KeySize::Rsa2048,
        3072 => KeySize::Rsa3072,
        4096 => KeySize::Rsa4096,
        _ => {
            return Err(KeygenError::UnsupportedSize {
                kind: "rsa".into(),
                bits,
            });
        }
    };
    let failed = |what: &str| KeygenError::Crypto(format!("RSA {what}"));
    let pair = KeyPair::generate(size).map_err(|_| failed("generation failed"))?;
    let der = pair.as_der().map_err(|_| failed("encoding failed"))?;
    let key =
        rsa::RsaPrivateKey::from_pkcs8_der(der.as_ref()).map_err(|_| failed("key invalid"))?;
    RsaKeypair::try_from(key).map_err(|e| KeygenError::Crypto(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_generates_a_key_of_its_size() {
        for (alg, bits) in [
            (KeyAlgorithm::Ed25519, 256),
            (KeyAlgorithm::Ecdsa { bits: 384 }, 384),
            (KeyAlgorithm::Rsa { bits: 2048 }, 2048),
        ] {
            let key = generate(alg, "c").expect("generate");
            assert_eq!(key.info.bits, bits, "{alg:?}");
            assert!(key.public_openssh.ends_with(" c"));
        }
        let a = generate(KeyAlgorithm::Ed25519, "c").expect("a");
        let b = generate(KeyAlgorithm::Ed25519, "c").expect("b");
        assert_ne!(a.info.fingerprint, b.info.fingerprint, "fresh randomness");
    }
}

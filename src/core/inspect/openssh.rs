//! The binary OpenSSH private key format (`openssh-key-v1`): through ssh-key, and field by
//! field for the one kind of valid key ssh-key refuses; and whether a failed body was cut
//! short.

use ssh_key::public::KeyData;
use ssh_key::{PrivateKey, PublicKey};

use super::decode::{Decoded, Failure};

/// The binary OpenSSH private key format (`openssh-key-v1`).
pub fn openssh(bytes: &[u8]) -> Result<Decoded, Failure> {
    if !bytes.starts_with(b"openssh-key-v1\0") {
        return Err(Failure::Corrupt);
    }
    match PrivateKey::from_bytes(bytes) {
        Ok(key) if !key.is_encrypted() && !halves_match(key.key_data()) => Err(Failure::Corrupt),
        Ok(key) => Ok(Decoded {
            format: "openssh",
            public: Some(key.public_key().key_data().clone()),
            comment: Some(key.comment().to_string()).filter(|c| !c.is_empty()),
            encrypted: key.is_encrypted(),
            public_only: false,
            algorithm: None,
        }),
        Err(_) if openssh_truncated(bytes) => Err(Failure::Truncated),
        // ssh-key refuses one kind of valid key: an ECDSA scalar that OpenSSH encoded one
        // byte shorter (a leading zero) or longer than ssh-key expects. Such a key is read
        // field by field, as OpenSSH reads it; anything else ssh-key refused is damaged.
        Err(_) => openssh_ecdsa(bytes).ok_or(Failure::Corrupt),
    }
}

/// Reads a length-prefixed string of the OpenSSH wire format.
fn wire_string<'a>(rest: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
    let value = rest.get(4..4_usize.checked_add(len)?)?;
    *rest = &rest[4 + len..];
    Some(value)
}

/// An OpenSSH ECDSA key read field by field: the outer public key, then (unencrypted) the
/// private section's check integers, key type, curve, public point (equal to the outer one),
/// scalar (at most one byte longer than the curve's size), comment, and padding 1, 2, 3, ….
fn openssh_ecdsa(bytes: &[u8]) -> Option<Decoded> {
    let mut rest = bytes.get(15..)?;
    let cipher = wire_string(&mut rest)?;
    wire_string(&mut rest)?;
    wire_string(&mut rest)?;
    if rest.get(..4)? != [0, 0, 0, 1] {
        return None;
    }
    rest = &rest[4..];
    let blob = wire_string(&mut rest)?;
    let public = PublicKey::from_bytes(blob).ok()?;
    let KeyData::Ecdsa(ec) = public.key_data() else {
        return None;
    };
    let mut private = wire_string(&mut rest)?;
    if !rest.is_empty() {
        return None;
    }
    let encrypted = cipher != b"none";
    if !encrypted {
        let (check1, check2) = (private.get(..4)?, private.get(4..8)?);
        if check1 != check2 || private.len() % 8 != 0 {
            return None;
        }
        private = &private[8..];
        let algorithm = public.algorithm();
        let curve = ec.curve();
        if wire_string(&mut private)? != algorithm.as_str().as_bytes()
            || wire_string(&mut private)? != curve.as_str().as_bytes()
            || wire_string(&mut private)? != ec.as_sec1_bytes()
        {
            return None;
        }
        let scalar = wire_string(&mut private)?;
        let size = match curve {
            ssh_key::EcdsaCurve::NistP256 => 32,
            ssh_key::EcdsaCurve::NistP384 => 48,
            ssh_key::EcdsaCurve::NistP521 => 66,
        };
        if scalar.is_empty() || scalar.len() > size + 1 {
            return None;
        }
        wire_string(&mut private)?;
        let padding_ok = private.len() < 8
            && private
                .iter()
                .enumerate()
                .all(|(i, b)| usize::from(*b) == i + 1);
        if !padding_ok {
            return None;
        }
    }
    Some(Decoded {
        format: "openssh",
        public: Some(public.key_data().clone()),
        comment: None,
        encrypted,
        public_only: false,
        algorithm: None,
    })
}

/// Walks the length-prefixed fields of `openssh-key-v1` (cipher, KDF, KDF options, key count,
/// public key, private section) to see whether any runs off the end.
fn openssh_truncated(bytes: &[u8]) -> bool {
    fn string(rest: &mut &[u8]) -> Option<()> {
        let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        *rest = rest.get(4..)?.get(len..)?;
        Some(())
    }
    fn walk(mut rest: &[u8]) -> Option<()> {
        for _ in 0..3 {
            string(&mut rest)?;
        }
        rest = rest.get(4..)?;
        string(&mut rest)?;
        string(&mut rest)
    }
    walk(bytes.get(15..).unwrap_or_default()).is_none()
}

/// Whether the private half gives the public half stored beside it: OpenSSH does not check
/// this when it reads a key, and a key whose halves differ signs what its public key cannot
/// verify ("Permission denied").
fn halves_match(data: &ssh_key::private::KeypairData) -> bool {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    use ssh_key::private::{EcdsaKeypair, Ed25519Keypair, KeypairData};
    match data {
        KeypairData::Ed25519(pair) => {
            Ed25519Keypair::from_seed(&pair.private.to_bytes()).public == pair.public
        }
        KeypairData::Rsa(pair) => {
            let big = |m: &ssh_key::Mpint| {
                rsa::BigUint::from_bytes_be(m.as_positive_bytes().unwrap_or_default())
            };
            big(&pair.private.p) * big(&pair.private.q) == big(&pair.public.n)
        }
        KeypairData::Ecdsa(pair) => {
            let derived = match pair {
                EcdsaKeypair::NistP256 { private, .. } => {
                    p256::SecretKey::from_slice(private.as_slice())
                        .map(|k| k.public_key().to_encoded_point(false).as_bytes().to_vec())
                }
                EcdsaKeypair::NistP384 { private, .. } => {
                    p384::SecretKey::from_slice(private.as_slice())
                        .map(|k| k.public_key().to_encoded_point(false).as_bytes().to_vec())
                }
                EcdsaKeypair::NistP521 { private, .. } => {
                    p521::SecretKey::from_slice(private.as_slice())
                        .map(|k| k.public_key().to_encoded_point(false).as_bytes().to_vec())
                }
            };
            let stored = ssh_key::public::EcdsaPublicKey::from(pair);
            derived.is_ok_and(|d| d.as_slice() == stored.as_sec1_bytes())
        }
        _ => true,
    }
}

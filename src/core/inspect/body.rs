//! The key body: decoded according to its armor's label, or, when the header was lost, by
//! recognising the format from the bytes.

use super::armor::Armor;
use super::decode::{
    Decoded, Failure, der_failure, der_truncated, dsa_legacy, pem_public, pkcs1, pkcs8, sec1,
};

/// Decodes the body according to its label, or sniffs the format when the header was lost.
/// Returns the label the canonical armor should carry.
pub fn decode(armor: &Armor) -> Result<(String, Decoded), Failure> {
    let bytes = &armor.bytes[..];
    if armor.bad_chars {
        return Err(Failure::Corrupt);
    }
    let encrypted_legacy = |format: &'static str, algorithm: Option<&'static str>| Decoded {
        format,
        public: None,
        comment: None,
        encrypted: true,
        public_only: false,
        algorithm,
    };
    let label = armor.label.clone();
    let out = match label.as_deref() {
        Some("OPENSSH PRIVATE KEY") => super::openssh::openssh(bytes)?,
        // The header names the algorithm even though the body is encrypted.
        Some(l @ ("RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY"))
            if armor.legacy_encrypted() =>
        {
            let algorithm = match l {
                "RSA PRIVATE KEY" => "ssh-rsa",
                "EC PRIVATE KEY" => "ecdsa",
                _ => "ssh-dss",
            };
            encrypted_legacy("pem-encrypted", Some(algorithm))
        }
        Some("RSA PRIVATE KEY") => pkcs1(bytes)?,
        Some("PRIVATE KEY") => pkcs8(bytes)?,
        Some("ENCRYPTED PRIVATE KEY") => {
            if der_truncated(bytes) {
                return Err(Failure::Truncated);
            }
            encrypted_legacy("pkcs8-encrypted", None)
        }
        Some("EC PRIVATE KEY") => sec1(bytes)?,
        Some("DSA PRIVATE KEY") => dsa_legacy(bytes)?,
        Some(l @ ("PUBLIC KEY" | "RSA PUBLIC KEY")) => pem_public(l, bytes)?,
        Some(_) => return Err(Failure::Corrupt),
        None => {
            let sniffed = if bytes.starts_with(b"openssh-key-v1\0") {
                super::openssh::openssh(bytes).map(|d| ("OPENSSH PRIVATE KEY", d))
            } else {
                pkcs8(bytes)
                    .map(|d| ("PRIVATE KEY", d))
                    .or_else(|_| pkcs1(bytes).map(|d| ("RSA PRIVATE KEY", d)))
                    .or_else(|_| sec1(bytes).map(|d| ("EC PRIVATE KEY", d)))
                    .map_err(|_| der_failure(bytes))
            };
            let (l, d) = sniffed?;
            return Ok((l.to_string(), d));
        }
    };
    Ok((label.unwrap_or_default(), out))
}

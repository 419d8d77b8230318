//! The private key file formats bblink writes: OpenSSH, or PEM (PKCS#1 for RSA, SEC1 for
//! ECDSA) for services whose guides ask for it.

use ssh_key::PrivateKey;
use zeroize::Zeroizing;

use super::{KeyAlgorithm, KeygenError};

/// How a private key file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyFormat {
    /// `-----BEGIN OPENSSH PRIVATE KEY-----`: what ssh-keygen writes today; every current
    /// service reads it.
    #[default]
    Openssh,
    /// `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1) or `-----BEGIN EC PRIVATE KEY-----` (SEC1),
    /// for services whose guides ask for it. Ed25519 keys have no such form.
    Pem,
}

impl KeyFormat {
    /// Whether keys of this type can be written in this format.
    pub fn fits(self, algorithm: KeyAlgorithm) -> bool {
        self == KeyFormat::Openssh || !matches!(algorithm, KeyAlgorithm::Ed25519)
    }

    /// The first line of a key in this format.
    pub fn header(self, algorithm: KeyAlgorithm) -> &'static str {
        match (self, algorithm) {
            (KeyFormat::Pem, KeyAlgorithm::Rsa { .. }) => "-----BEGIN RSA PRIVATE KEY-----",
            (KeyFormat::Pem, KeyAlgorithm::Ecdsa { .. }) => "-----BEGIN EC PRIVATE KEY-----",
            _ => "-----BEGIN OPENSSH PRIVATE KEY-----",
        }
    }
}

/// Re-encodes an unencrypted OpenSSH private key as PEM: PKCS#1 for RSA, SEC1 for ECDSA.
pub fn to_pem(private_openssh: &str) -> Result<Zeroizing<String>, KeygenError> {
    use ssh_key::private::{EcdsaKeypair, KeypairData};
    let crypto = |what: &str| KeygenError::Crypto(format!("PEM encoding failed: {what}"));
    let key = PrivateKey::from_openssh(private_openssh).map_err(|e| crypto(&e.to_string()))?;
    match key.key_data() {
        KeypairData::Rsa(pair) => {
            use rsa::pkcs1::EncodeRsaPrivateKey;
            let big = |m: &ssh_key::Mpint| {
                rsa::BigUint::from_bytes_be(m.as_positive_bytes().unwrap_or_default())
            };
            let rsa = rsa::RsaPrivateKey::from_components(
                big(&pair.public.n),
                big(&pair.public.e),
                big(&pair.private.d),
                vec![big(&pair.private.p), big(&pair.private.q)],
            )
            .map_err(|e| crypto(&e.to_string()))?;
            rsa.to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
                .map_err(|e| crypto(&e.to_string()))
        }
        KeypairData::Ecdsa(pair) => {
            // SEC1 with the curve named, as OpenSSL (and so OpenSSH) expects to find it.
            use der::Encode;
            let (oid, private, public) = match pair {
                EcdsaKeypair::NistP256 { private, public } => {
                    ("1.2.840.10045.3.1.7", private.as_slice(), public.as_bytes())
                }
                EcdsaKeypair::NistP384 { private, public } => {
                    ("1.3.132.0.34", private.as_slice(), public.as_bytes())
                }
                EcdsaKeypair::NistP521 { private, public } => {
                    ("1.3.132.0.35", private.as_slice(), public.as_bytes())
                }
            };
            let oid = der::asn1::ObjectIdentifier::new(oid).map_err(|e| crypto(&e.to_string()))?;
            let key = sec1::EcPrivateKey {
                private_key: private,
                parameters: Some(sec1::EcParameters::NamedCurve(oid)),
                public_key: Some(public),
            };
            let der = Zeroizing::new(key.to_der().map_err(|e| crypto(&e.to_string()))?);
            der::pem::encode_string("EC PRIVATE KEY", der::pem::LineEnding::LF, &der)
                .map(Zeroizing::new)
                .map_err(|e| crypto(&e.to_string()))
        }
        _ => Err(KeygenError::Crypto(
            "Ed25519 keys exist only in OpenSSH format".into(),
        )),
    }
}

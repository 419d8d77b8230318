//! Decoding a key body into the facts bblink reports: which format, the public half, whether
//! it is encrypted. Private material is parsed to reach the public half and dropped at once.

use der::asn1::{ObjectIdentifier, UintRef};
use der::{Decode, Reader, SliceReader};
use ssh_key::public::{DsaPublicKey, EcdsaPublicKey, KeyData, RsaPublicKey};
use ssh_key::{Mpint, PublicKey};

/// What a decoder learned.
pub struct Decoded {
    /// The format name reported to the user (`openssh`, `pkcs1`, …).
    pub format: &'static str,
    /// The public half, when it can be read.
    pub public: Option<KeyData>,
    /// The key's comment, where the format has one.
    pub comment: Option<String>,
    /// A passphrase protects the private half.
    pub encrypted: bool,
    /// A public key rather than a private one.
    pub public_only: bool,
    /// The algorithm, when only the armor tells it (an encrypted PEM key).
    pub algorithm: Option<&'static str>,
}

/// Why decoding failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The data ends before its own lengths say it should.
    Truncated,
    /// The data is complete but not a valid key.
    Corrupt,
}

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");

fn private(format: &'static str, public: KeyData) -> Decoded {
    Decoded {
        format,
        public: Some(public),
        comment: None,
        encrypted: false,
        public_only: false,
        algorithm: None,
    }
}

/// A DER body whose outer length claims more bytes than are present was cut short.
pub fn der_truncated(bytes: &[u8]) -> bool {
    let Some((&tag, rest)) = bytes.split_first() else {
        return true;
    };
    if tag != 0x30 {
        return false;
    }
    let Some((&len0, rest)) = rest.split_first() else {
        return true;
    };
    let (len, rest) = if len0 < 0x80 {
        (usize::from(len0), rest)
    } else {
        let n = usize::from(len0 & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return rest.len() < n;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    rest.len() < len
}

/// PKCS#1 `RSA PRIVATE KEY`.
pub fn pkcs1(bytes: &[u8]) -> Result<Decoded, Failure> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs1_der(bytes).map_err(|_| der_failure(bytes))?;
    let public = RsaPublicKey::try_from(key.to_public_key()).map_err(|_| Failure::Corrupt)?;
    Ok(private("pkcs1", KeyData::Rsa(public)))
}

/// Why DER that did not decode failed: cut short, or otherwise damaged.
pub fn der_failure(bytes: &[u8]) -> Failure {
    if der_truncated(bytes) {
        Failure::Truncated
    } else {
        Failure::Corrupt
    }
}

/// PKCS#8 `PRIVATE KEY` (RSA, ECDSA, Ed25519, DSA).
pub fn pkcs8(bytes: &[u8]) -> Result<Decoded, Failure> {
    let info = pkcs8::PrivateKeyInfo::try_from(bytes).map_err(|_| der_failure(bytes))?;
    let oid = info.algorithm.oid;
    let public = if oid == OID_RSA {
        use rsa::pkcs8::DecodePrivateKey;
        let key = rsa::RsaPrivateKey::from_pkcs8_der(bytes).map_err(|_| Failure::Corrupt)?;
        KeyData::Rsa(RsaPublicKey::try_from(key.to_public_key()).map_err(|_| Failure::Corrupt)?)
    } else if oid == OID_EC {
        let curve = info
            .algorithm
            .parameters_oid()
            .map_err(|_| Failure::Corrupt)?;
        ec_public(curve, info.private_key, info.public_key)?
    } else if oid == OID_ED25519 {
        // CurvePrivateKey: an OCTET STRING holding the 32-byte seed.
        let seed = match info.private_key {
            [0x04, 0x20, seed @ ..] if seed.len() == 32 => seed,
            _ => return Err(Failure::Corrupt),
        };
        let mut s = [0u8; 32];
        s.copy_from_slice(seed);
        let pair = ssh_key::private::Ed25519Keypair::from_seed(&s);
        zeroize::Zeroize::zeroize(&mut s);
        KeyData::Ed25519(pair.public)
    } else if oid == OID_DSA {
        use pkcs8::DecodePrivateKey;
        let key = dsa::SigningKey::from_pkcs8_der(bytes).map_err(|_| Failure::Corrupt)?;
        KeyData::Dsa(DsaPublicKey::try_from(key.verifying_key()).map_err(|_| Failure::Corrupt)?)
    } else {
        return Err(Failure::Corrupt);
    };
    Ok(private("pkcs8", public))
}

/// SEC1 `EC PRIVATE KEY`, or the same structure inside PKCS#8.
fn ec_public(
    curve: ObjectIdentifier,
    sec1_der: &[u8],
    outer_public: Option<&[u8]>,
) -> Result<KeyData, Failure> {
    let key = sec1::EcPrivateKey::try_from(sec1_der).map_err(|_| der_failure(sec1_der))?;
    let point = derive_point(curve, key.private_key)?;
    // A stored public point that the private scalar does not give is damage.
    if let Some(stored) = key.public_key.or(outer_public)
        && stored != point.as_slice()
    {
        return Err(Failure::Corrupt);
    }
    let public = EcdsaPublicKey::from_sec1_bytes(&point).map_err(|_| Failure::Corrupt)?;
    let expected = match curve {
        c if c == OID_P256 => 256,
        c if c == OID_P384 => 384,
        c if c == OID_P521 => 521,
        _ => return Err(Failure::Corrupt),
    };
    let actual = match public.curve() {
        ssh_key::EcdsaCurve::NistP256 => 256,
        ssh_key::EcdsaCurve::NistP384 => 384,
        ssh_key::EcdsaCurve::NistP521 => 521,
    };
    if expected != actual {
        return Err(Failure::Corrupt);
    }
    Ok(KeyData::Ecdsa(public))
}

fn derive_point(curve: ObjectIdentifier, scalar: &[u8]) -> Result<Vec<u8>, Failure> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let point = if curve == OID_P256 {
        let sk = p256::SecretKey::from_slice(scalar).map_err(|_| Failure::Corrupt)?;
        sk.public_key().to_encoded_point(false).as_bytes().to_vec()
    } else if curve == OID_P384 {
        let sk = p384::SecretKey::from_slice(scalar).map_err(|_| Failure::Corrupt)?;
        sk.public_key().to_encoded_point(false).as_bytes().to_vec()
    } else if curve == OID_P521 {
        let sk = p521::SecretKey::from_slice(scalar).map_err(|_| Failure::Corrupt)?;
        sk.public_key().to_encoded_point(false).as_bytes().to_vec()
    } else {
        return Err(Failure::Corrupt);
    };
    Ok(point)
}

/// SEC1 `EC PRIVATE KEY` on its own (the curve is in its parameters).
pub fn sec1(bytes: &[u8]) -> Result<Decoded, Failure> {
    let key = sec1::EcPrivateKey::try_from(bytes).map_err(|_| der_failure(bytes))?;
    let curve = key
        .parameters
        .and_then(sec1::EcParameters::named_curve)
        .ok_or(Failure::Corrupt)?;
    Ok(private("sec1", ec_public(curve, bytes, None)?))
}

/// OpenSSL's legacy `DSA PRIVATE KEY`: SEQUENCE { version, p, q, g, y, x }.
#[allow(clippy::many_single_char_names)] // the standard names of DSA's parameters
pub fn dsa_legacy(bytes: &[u8]) -> Result<Decoded, Failure> {
    let parse = || -> der::Result<DsaPublicKey> {
        let mut reader = SliceReader::new(bytes)?;
        reader.sequence(|r| {
            let _version = UintRef::decode(r)?;
            let p = UintRef::decode(r)?;
            let q = UintRef::decode(r)?;
            let g = UintRef::decode(r)?;
            let y = UintRef::decode(r)?;
            let _x = UintRef::decode(r)?;
            let m = |u: UintRef<'_>| {
                Mpint::from_positive_bytes(u.as_bytes()).map_err(|_| der::ErrorKind::Value {
                    tag: der::Tag::Integer,
                })
            };
            Ok(DsaPublicKey {
                p: m(p)?,
                q: m(q)?,
                g: m(g)?,
                y: m(y)?,
            })
        })
    };
    let public = parse().map_err(|_| der_failure(bytes))?;
    Ok(private("dsa-pem", KeyData::Dsa(public)))
}

/// A PEM `PUBLIC KEY` (`SubjectPublicKeyInfo`) or `RSA PUBLIC KEY` (PKCS#1).
pub fn pem_public(label: &str, bytes: &[u8]) -> Result<Decoded, Failure> {
    let data = if label == "RSA PUBLIC KEY" {
        use rsa::pkcs1::DecodeRsaPublicKey;
        let key = rsa::RsaPublicKey::from_pkcs1_der(bytes).map_err(|_| der_failure(bytes))?;
        KeyData::Rsa(RsaPublicKey::try_from(key).map_err(|_| Failure::Corrupt)?)
    } else {
        let spki =
            pkcs8::SubjectPublicKeyInfoRef::try_from(bytes).map_err(|_| der_failure(bytes))?;
        let raw = spki.subject_public_key.raw_bytes();
        let oid = spki.algorithm.oid;
        if oid == OID_RSA {
            use rsa::pkcs8::DecodePublicKey;
            let key =
                rsa::RsaPublicKey::from_public_key_der(bytes).map_err(|_| Failure::Corrupt)?;
            KeyData::Rsa(RsaPublicKey::try_from(key).map_err(|_| Failure::Corrupt)?)
        } else if oid == OID_EC {
            KeyData::Ecdsa(EcdsaPublicKey::from_sec1_bytes(raw).map_err(|_| Failure::Corrupt)?)
        } else if oid == OID_ED25519 {
            let key: [u8; 32] = raw.try_into().map_err(|_| Failure::Corrupt)?;
            KeyData::Ed25519(ssh_key::public::Ed25519PublicKey(key))
        } else {
            return Err(Failure::Corrupt);
        }
    };
    Ok(Decoded {
        format: "spki",
        public: Some(data),
        comment: None,
        encrypted: false,
        public_only: true,
        algorithm: None,
    })
}

/// A public key in OpenSSH's one-line form, possibly with `authorized_keys` options before it.
pub fn openssh_public_line(text: &str) -> Option<PublicKey> {
    const ALGORITHMS: [&str; 8] = [
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "ssh-dss",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| ALGORITHMS.contains(w) || crate::core::ssh_keys::newer_type(w).is_some())?;
    let body = words.get(at + 1)?;
    let comment = words.get(at + 2..).map(|c| c.join(" ")).unwrap_or_default();
    PublicKey::from_openssh(format!("{} {body} {comment}", words[at]).trim_end()).ok()
}

/// The public key an OpenSSH certificate (`ssh-ed25519-cert-v01@openssh.com AAAA… comment`)
/// certifies, with the certificate's comment: read from the certificate's own fields (PROTOCOL.certkeys:
/// type, nonce, then the key's fields), so validity periods and signatures play no part.
pub fn certified_key(text: &str) -> Option<PublicKey> {
    use base64::Engine as _;
    let line = text.lines().find(|l| {
        l.split_whitespace()
            .next()
            .is_some_and(|w| w.ends_with("-cert-v01@openssh.com"))
    })?;
    let mut words = line.split_whitespace();
    let cert_type = words.next()?;
    let blob = base64::engine::general_purpose::STANDARD
        .decode(words.next()?)
        .ok()?;
    let comment = words.collect::<Vec<_>>().join(" ");
    let plain = cert_type.replace("-cert-v01@openssh.com", "");
    let plain = if plain.starts_with("sk-") || plain.starts_with("ssh-mldsa") {
        format!("{plain}@openssh.com")
    } else {
        plain
    };
    // How many fields each type's public key has after its name.
    let fields = match plain.as_str() {
        "ssh-ed25519" | "ssh-mldsa44-ed25519@openssh.com" => 1,
        "ssh-rsa" | "sk-ssh-ed25519@openssh.com" => 2,
        p if p.starts_with("ecdsa-sha2-") => 2,
        "sk-ecdsa-sha2-nistp256@openssh.com" => 3,
        "ssh-dss" => 4,
        _ => return None,
    };
    let mut rest = blob.as_slice();
    // One length-prefixed field, prefix included.
    let mut take = || -> Option<&[u8]> {
        let len = usize::try_from(u32::from_be_bytes(rest.get(..4)?.try_into().ok()?)).ok()?;
        let whole = rest.get(..4usize.checked_add(len)?)?;
        rest = &rest[whole.len()..];
        Some(whole)
    };
    let _type = take()?;
    let _nonce = take()?;
    let mut key = Vec::new();
    key.extend_from_slice(&u32::try_from(plain.len()).ok()?.to_be_bytes());
    key.extend_from_slice(plain.as_bytes());
    for _ in 0..fields {
        key.extend_from_slice(take()?);
    }
    let mut public = PublicKey::from_bytes(&key).ok()?;
    public.set_comment(comment);
    Some(public)
}

/// The certificate type when the text is an OpenSSH certificate (`ssh-ed25519-cert-v01@…`).
pub fn certificate(text: &str) -> Option<&str> {
    text.split_whitespace()
        .find(|w| w.ends_with("-cert-v01@openssh.com"))
}

/// RFC 4716 (`---- BEGIN SSH2 PUBLIC KEY ----`).
pub fn rfc4716(text: &str) -> Option<PublicKey> {
    let start = text.find("---- BEGIN SSH2 PUBLIC KEY ----")?;
    let body = &text[start + 31..];
    let end = body
        .find("---- END SSH2 PUBLIC KEY ----")
        .unwrap_or(body.len());
    let mut comment = String::new();
    let mut b64 = String::new();
    let mut continued = false;
    for line in body[..end].lines().map(str::trim) {
        if continued || line.contains(':') {
            continued = line.ends_with('\\');
            if let Some(c) = line.strip_prefix("Comment:") {
                comment = c.trim().trim_matches('"').to_string();
            }
            continue;
        }
        b64.push_str(line);
    }
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).ok()?;
    let key = PublicKey::from_bytes(&bytes).ok()?;
    Some(PublicKey::new(key.key_data().clone(), comment))
}

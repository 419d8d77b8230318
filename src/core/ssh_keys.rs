//! Key facts: encoding a key pair, describing a public key the way `ssh-keygen -l` does, and
//! naming key files. Generating keys needs OS randomness and lives in `adapters::keygen`.

use ssh_key::private::KeypairData;
use ssh_key::{EcdsaCurve, HashAlg, LineEnding, PrivateKey, PublicKey, public::KeyData};
use zeroize::Zeroizing;

/// A key type bblink can generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum KeyAlgorithm {
    /// Ed25519: small, fast, accepted by Bitbucket Cloud and Data Center.
    #[default]
    Ed25519,
    /// RSA with the given modulus size.
    Rsa {
        /// Modulus size in bits (2048, 3072 or 4096).
        bits: u32,
    },
    /// ECDSA on the given NIST curve size (256, 384 or 521).
    Ecdsa {
        /// Curve size in bits.
        bits: u32,
    },
}

impl KeyAlgorithm {
    /// The choices the wizard offers, in order.
    pub const CHOICES: [KeyAlgorithm; 3] = [
        KeyAlgorithm::Ed25519,
        KeyAlgorithm::Rsa { bits: 4096 },
        KeyAlgorithm::Ecdsa { bits: 256 },
    ];

    /// Builds an algorithm from CLI words, checking the size.
    pub fn from_parts(kind: &str, bits: Option<u32>) -> Result<Self, KeygenError> {
        match (kind, bits) {
            ("ed25519", None | Some(256)) => Ok(Self::Ed25519),
            ("rsa", None) => Ok(Self::Rsa { bits: 4096 }),
            ("rsa", Some(b @ (2048 | 3072 | 4096))) => Ok(Self::Rsa { bits: b }),
            ("ecdsa", None) => Ok(Self::Ecdsa { bits: 256 }),
            ("ecdsa", Some(b @ (256 | 384 | 521))) => Ok(Self::Ecdsa { bits: b }),
            (k, Some(b)) => Err(KeygenError::UnsupportedSize {
                kind: k.to_string(),
                bits: b,
            }),
            (k, None) => Err(KeygenError::UnsupportedType(k.to_string())),
        }
    }

    /// Short name for menus: "Ed25519", "RSA 4096", "ECDSA P-256".
    pub fn display_name(self) -> String {
        match self {
            Self::Ed25519 => "Ed25519".to_string(),
            Self::Rsa { bits } => format!("RSA {bits}"),
            Self::Ecdsa { bits } => format!("ECDSA P-{bits}"),
        }
    }

    /// Whether generation takes long enough to need a spinner and a cancel key.
    pub fn is_slow(self) -> bool {
        matches!(self, Self::Rsa { .. })
    }
}

pub use format::{KeyFormat, to_pem};

mod format;

/// Why a key could not be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeygenError {
    /// The type is not one bblink generates.
    #[error("unsupported key type '{0}': use ed25519, rsa or ecdsa")]
    UnsupportedType(String),
    /// The size does not fit the type.
    #[error(
        "unsupported size {bits} for {kind}: ed25519 is 256; rsa 2048, 3072 or 4096; ecdsa 256, 384 or 521"
    )]
    UnsupportedSize {
        /// The type asked for.
        kind: String,
        /// The size asked for.
        bits: u32,
    },
    /// The cryptographic library failed (e.g. no randomness).
    #[error("key generation failed: {0}")]
    Crypto(String),
}

/// A freshly generated key pair in OpenSSH encoding.
pub struct GeneratedKey {
    /// The private key file's text (`-----BEGIN OPENSSH PRIVATE KEY-----`), zeroed on drop.
    pub private_openssh: Zeroizing<String>,
    /// The public key line, with comment.
    pub public_openssh: String,
    /// Facts about the public half.
    pub info: KeyInfo,
}

impl std::fmt::Debug for GeneratedKey {
    // The private half never reaches a log or an error message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeneratedKey")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// Encodes a keypair as OpenSSH files' text (the randomness that made it is the adapters'; tests
/// use fixed seeds).
pub fn from_keypair(data: KeypairData, comment: &str) -> Result<GeneratedKey, KeygenError> {
    let crypto = |e: ssh_key::Error| KeygenError::Crypto(e.to_string());
    let private = PrivateKey::new(data, comment).map_err(crypto)?;
    let private_openssh = private.to_openssh(LineEnding::LF).map_err(crypto)?;
    let public = private.public_key();
    let public_openssh = public.to_openssh().map_err(crypto)?;
    Ok(GeneratedKey {
        private_openssh,
        public_openssh,
        info: KeyInfo::of(public),
    })
}

/// What `ssh-keygen -l` says about a public key, plus the line itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyInfo {
    /// SSH algorithm name, e.g. `ssh-ed25519`.
    pub algorithm: String,
    /// Size in bits, as `ssh-keygen -l` prints it.
    pub bits: u32,
    /// `SHA256:` fingerprint, as `ssh-keygen -l` prints it.
    pub fingerprint: String,
    /// The key's comment (may be empty).
    pub comment: String,
    /// The OpenSSH public key line (`type base64 comment`).
    pub public_line: String,
}

impl KeyInfo {
    /// Describes a public key.
    pub fn of(public: &PublicKey) -> Self {
        let data = public.key_data();
        Self {
            algorithm: public.algorithm().as_str().to_string(),
            bits: key_bits(data),
            fingerprint: public.fingerprint(HashAlg::Sha256).to_string(),
            comment: public.comment().to_string(),
            public_line: public.to_openssh().unwrap_or_default(),
        }
    }

    /// The type in capitals as `ssh-keygen -l` shows it: ED25519, RSA, ECDSA, DSA.
    pub fn type_label(&self) -> &'static str {
        type_label(&self.algorithm)
    }

    /// The line `ssh-keygen -lf` prints: `256 SHA256:… comment (ED25519)`.
    pub fn fingerprint_line(&self) -> String {
        let comment = if self.comment.is_empty() {
            std::borrow::Cow::Borrowed("no comment")
        } else {
            super::display::terminal_safe(&self.comment)
        };
        format!(
            "{} {} {} ({})",
            self.bits,
            self.fingerprint,
            comment,
            self.type_label()
        )
    }
}

/// The type in capitals as `ssh-keygen -l` shows it, for an SSH algorithm name.
pub fn type_label(algorithm: &str) -> &'static str {
    match algorithm {
        "ssh-ed25519" => "ED25519",
        "ssh-rsa" => "RSA",
        "ssh-dss" => "DSA",
        a if a.starts_with("ecdsa-") => "ECDSA",
        a if a.starts_with("sk-ssh-ed25519") => "ED25519-SK",
        a if a.starts_with("sk-ecdsa") => "ECDSA-SK",
        a => newer_type(a).unwrap_or("UNKNOWN"),
    }
}

/// Key types OpenSSH knows that are newer than Bitbucket's list of accepted types: their name
/// and their size and label as `ssh-keygen -l` reports them (OpenSSH 10, `ssh-mldsa-eddsa.c`).
const NEWER_TYPES: [(&str, u32, &str); 2] = [
    ("ssh-mldsa44-ed25519@openssh.com", 256, "MLDSA44-ED25519"),
    (
        "ssh-mldsa44-ed25519-cert-v01@openssh.com",
        256,
        "MLDSA44-ED25519-CERT",
    ),
];

/// The label (`MLDSA44-ED25519`) of a key type newer than Bitbucket's list; `None` for others.
pub fn newer_type(algorithm: &str) -> Option<&'static str> {
    NEWER_TYPES
        .iter()
        .find(|(name, _, _)| *name == algorithm)
        .map(|(_, _, label)| *label)
}

fn key_bits(data: &KeyData) -> u32 {
    fn mpint_bits(m: &ssh_key::Mpint) -> u32 {
        let bytes = m.as_positive_bytes().unwrap_or_default();
        match bytes.iter().position(|b| *b != 0) {
            Some(i) => {
                let rest = u32::try_from(bytes.len() - i - 1).unwrap_or(0);
                rest * 8 + (8 - bytes[i].leading_zeros())
            }
            None => 0,
        }
    }
    match data {
        KeyData::Ed25519(_) | KeyData::SkEd25519(_) | KeyData::SkEcdsaSha2NistP256(_) => 256,
        KeyData::Rsa(k) => mpint_bits(&k.n),
        KeyData::Dsa(k) => mpint_bits(&k.p),
        KeyData::Ecdsa(k) => match k.curve() {
            EcdsaCurve::NistP256 => 256,
            EcdsaCurve::NistP384 => 384,
            EcdsaCurve::NistP521 => 521,
        },
        KeyData::Other(k) => NEWER_TYPES
            .iter()
            .find(|(name, _, _)| *name == k.algorithm().as_str())
            .map_or(0, |(_, bits, _)| *bits),
        _ => 0,
    }
}

/// Why an existing key file could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    /// The file is a public key only; the service needs the private half.
    #[error("this is a public key ({0}); choose the private key file (the one without .pub)")]
    PublicOnly(String),
    /// Not a key bblink can read here.
    #[error(
        "not an OpenSSH private key: the file should start with -----BEGIN OPENSSH PRIVATE KEY-----"
    )]
    NotOpenSsh,
}

/// Reads the public half of an OpenSSH private key file's text. Encrypted keys work too: the
/// public half is stored in the clear. The private material is parsed and dropped, never kept.
pub fn public_of_private(text: &str) -> Result<KeyInfo, KeyFileError> {
    let trimmed = text.trim();
    if let Ok(public) = PublicKey::from_openssh(trimmed) {
        return Err(KeyFileError::PublicOnly(
            public.algorithm().as_str().to_string(),
        ));
    }
    let private = PrivateKey::from_openssh(trimmed).map_err(|_| KeyFileError::NotOpenSsh)?;
    Ok(KeyInfo::of(private.public_key()))
}

/// The default label (and file name): `bblink-<service>-<repo or date>`.
pub fn default_label(service_id: &str, repo: Option<&str>, today: &str) -> String {
    let tail = repo.filter(|r| !r.is_empty()).unwrap_or(today);
    file_safe(&format!("bblink-{service_id}-{tail}"))
}

/// `label`, or `label-2`, `label-3`… if a key file of that name is `taken`: the name the key
/// file gets, so a default label and its file agree.
pub fn free_label(label: String, taken: &[String]) -> String {
    let free = |name: &str| {
        !taken
            .iter()
            .any(|t| t == name || t.strip_suffix(".pub") == Some(name))
    };
    if free(&label) {
        return label;
    }
    (2..1000)
        .map(|n| format!("{label}-{n}"))
        .find(|l| free(l))
        .unwrap_or(label)
}

/// Turns a label into a safe file name: letters, digits, `.`, `_`, `-`, `@`; anything else
/// becomes `-`; no leading dot or dash (no hidden files, nothing read as an option).
pub fn file_safe(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in label.trim().chars() {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
        let c = if keep { c } else { '-' };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let out = out.trim_start_matches(['.', '-']).trim_end_matches('-');
    out.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("bblink-valohai-2026-11-22", "bblink-valohai-2026-11-22")]
    #[case("my key for ci", "my-key-for-ci")]
    #[case("../../etc/passwd", "etc-passwd")]
    #[case("-rf", "rf")]
    #[case("ünïcode", "n-code")]
    #[case("   ", "")]
    fn labels_become_safe_file_names(#[case] label: &str, #[case] file: &str) {
        assert_eq!(file_safe(label), file);
    }

    #[test]
    fn default_label_prefers_repo_over_date() {
        assert_eq!(
            default_label("valohai", None, "2026-11-22"),
            "bblink-valohai-2026-11-22"
        );
        assert_eq!(
            default_label("circleci", Some("api"), "2026-11-22"),
            "bblink-circleci-api"
        );
    }

    #[rstest]
    #[case("ed25519", None, Ok(KeyAlgorithm::Ed25519))]
    #[case("rsa", None, Ok(KeyAlgorithm::Rsa { bits: 4096 }))]
    #[case("rsa", Some(3072), Ok(KeyAlgorithm::Rsa { bits: 3072 }))]
    #[case("ecdsa", Some(521), Ok(KeyAlgorithm::Ecdsa { bits: 521 }))]
    #[case("rsa", Some(1024), Err(()))]
    #[case("ed25519", Some(512), Err(()))]
    #[case("dsa", None, Err(()))]
    fn cli_words_map_to_algorithms(
        #[case] kind: &str,
        #[case] bits: Option<u32>,
        #[case] want: Result<KeyAlgorithm, ()>,
    ) {
        assert_eq!(KeyAlgorithm::from_parts(kind, bits).map_err(|_| ()), want);
    }

    fn seeded(seed: u8) -> GeneratedKey {
        let pair = ssh_key::private::Ed25519Keypair::from_seed(&[seed; 32]);
        from_keypair(KeypairData::Ed25519(pair), "c").expect("encode")
    }

    #[test]
    fn an_encoded_ed25519_key_describes_itself() {
        let key = seeded(1);
        assert_eq!(key.info.algorithm, "ssh-ed25519");
        assert_eq!(key.info.bits, 256);
        assert!(key.info.fingerprint.starts_with("SHA256:"));
        assert!(key.public_openssh.ends_with(" c"));
        assert!(
            key.private_openssh
                .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----")
        );
        let back = public_of_private(&key.private_openssh).expect("reads back");
        assert_eq!(back, key.info);
        assert!(!format!("{key:?}").contains("PRIVATE"));
    }

    #[test]
    fn a_public_key_is_not_taken_for_a_private_one() {
        let key = seeded(2);
        assert!(matches!(
            public_of_private(&key.public_openssh),
            Err(KeyFileError::PublicOnly(_))
        ));
        assert_eq!(public_of_private("hello"), Err(KeyFileError::NotOpenSsh));
    }
}

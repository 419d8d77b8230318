//! Private key inspection: what a pasted text (or a file) is, exactly as a service will read
//! it, every problem with its fix, and a repaired key where copy-paste damage can be undone
//! safely (the repaired text must decode to the same key). Key material never leaves this
//! module except as `repaired_text`, which is zeroed on drop and never serialised.

mod armor;
mod decode;
mod openssh;
mod problems;
mod putty;

use serde::Serialize;
use ssh_key::PublicKey;
use zeroize::Zeroizing;

use super::keys::KeyInfo;
use super::secret::Secret;

pub use problems::{Problem, ProblemId, Severity};

/// Inputs larger than this are refused (a key is a few kilobytes).
pub const MAX_INPUT: usize = 1024 * 1024;

/// What the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A private key.
    Private,
    /// A public key.
    Public,
    /// Not recognised.
    Unknown,
}

/// The verdict on an input.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// An unencrypted private key OpenSSH and Bitbucket accept, no errors (after repair).
    pub ok: bool,
    /// Private, public or unknown.
    pub kind: Kind,
    /// `openssh`, `pkcs1`, `pkcs8`, `sec1`, `dsa-pem`, `pkcs8-encrypted`, `pem-encrypted`,
    /// `putty-v2`, `putty-v3`, `openssh-public`, `rfc4716`, `spki`.
    pub format: Option<&'static str>,
    /// SSH algorithm name, e.g. `ssh-ed25519`.
    pub algorithm: Option<String>,
    /// Key size as `ssh-keygen -l` prints it.
    pub bits: Option<u32>,
    /// SHA256 fingerprint of the public half.
    pub fingerprint: Option<String>,
    /// The key's comment, where the format carries one.
    pub comment: Option<String>,
    /// Copy-paste damage was repaired.
    pub repaired: bool,
    /// Whether it matches the public key from the key step (null when unknown).
    pub matches_public_key: Option<bool>,
    /// Every finding.
    pub problems: Vec<Problem>,
    /// The repaired key text; never serialised, redacted in `Debug`.
    #[serde(skip)]
    pub repaired_text: Option<Secret>,
}

impl Inspection {
    fn new() -> Self {
        Self {
            ok: false,
            kind: Kind::Unknown,
            format: None,
            algorithm: None,
            bits: None,
            fingerprint: None,
            comment: None,
            repaired: false,
            matches_public_key: None,
            problems: Vec::new(),
            repaired_text: None,
        }
    }

    fn push(&mut self, id: ProblemId) {
        if !self.has(id) {
            self.problems.push(id.problem());
        }
    }

    /// Whether a problem was found.
    pub fn has(&self, id: ProblemId) -> bool {
        super::problem::has(&self.problems, &id)
    }

    /// Adds a problem found outside the text.
    pub fn add(&mut self, id: ProblemId) {
        self.push(id);
        self.settle_ok();
    }

    /// Records that the key came from a file others can read (only a private key is at risk).
    pub fn note_file_mode(&mut self, readable_by_others: bool) {
        if readable_by_others && self.kind == Kind::Private {
            self.add(ProblemId::InsecurePermissions);
        }
    }

    fn set_public(&mut self, key: &PublicKey) {
        let info = KeyInfo::of(key);
        self.algorithm = Some(info.algorithm);
        self.bits = Some(info.bits);
        self.fingerprint = Some(info.fingerprint);
    }

    fn settle_ok(&mut self) {
        super::problem::errors_first(&mut self.problems);
        self.ok = self.kind == Kind::Private && super::problem::no_errors(&self.problems);
    }

    fn finish(mut self, expected: Option<&KeyInfo>) -> Self {
        let algorithm = self.algorithm.clone();
        if algorithm.as_deref() == Some("ssh-rsa") && self.bits.is_some_and(|b| b < 2048) {
            self.push(ProblemId::WeakRsaKey);
        }
        if algorithm.as_deref() == Some("ssh-dss") {
            self.push(ProblemId::DsaKeyUnsupported);
        }
        if let (Some(expected), Some(fp)) = (expected, &self.fingerprint) {
            let same = *fp == expected.fingerprint;
            self.matches_public_key = Some(same);
            if !same && self.kind == Kind::Private {
                self.push(ProblemId::KeyMismatch);
            }
        }
        self.settle_ok();
        self
    }
}

/// Inspects `input` (a paste or a file's contents). `expected` is the public key from the key
/// step, to check that the private key belongs to it.
#[allow(clippy::too_many_lines)] // one pipeline, read top to bottom
pub fn inspect(input: &str, expected: Option<&KeyInfo>) -> Inspection {
    let mut r = Inspection::new();
    if input.len() > MAX_INPUT {
        r.push(ProblemId::TooLarge);
        return r.finish(None);
    }
    if input.trim().is_empty() {
        r.push(ProblemId::EmptyInput);
        return r.finish(None);
    }
    let mut damage = Vec::new();
    let text: Zeroizing<String> = if input.contains('\r') {
        damage.push(ProblemId::LineEndingsCrlf);
        Zeroizing::new(input.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Zeroizing::new(input.to_string())
    };
    let trimmed = text.trim();

    if trimmed.starts_with("PuTTY-User-Key-File-")
        && let Some(ppk) = putty::parse(trimmed)
    {
        r.kind = Kind::Private;
        r.format = Some(if ppk.version == 3 {
            "putty-v3"
        } else {
            "putty-v2"
        });
        if let Some(public) = &ppk.public {
            r.set_public(public);
            r.comment = Some(public.comment().to_string()).filter(|c| !c.is_empty());
        }
        r.push(ProblemId::PuttyFormat);
        if ppk.encrypted {
            r.push(ProblemId::PassphraseProtected);
        }
        return r.finish(expected);
    }
    let public = if trimmed.contains("---- BEGIN SSH2 PUBLIC KEY ----") {
        decode::rfc4716(trimmed).map(|k| ("rfc4716", k))
    } else if !trimmed.contains("-----BEGIN") {
        decode::openssh_public_line(trimmed).map(|k| ("openssh-public", k))
    } else {
        None
    };
    if let Some((format, key)) = public {
        r.kind = Kind::Public;
        r.format = Some(format);
        r.set_public(&key);
        r.comment = Some(key.comment().to_string()).filter(|c| !c.is_empty());
        r.push(ProblemId::PublicKeyInsteadOfPrivate);
        return r.finish(expected);
    }

    let Some(armor) = armor::parse(&text) else {
        r.push(ProblemId::NotAKey);
        return r.finish(None);
    };
    damage.extend(armor.damage.iter().copied());
    match decode_armor(&armor) {
        Ok((label, decoded)) => {
            r.kind = if decoded.public_only {
                Kind::Public
            } else {
                Kind::Private
            };
            r.format = Some(decoded.format);
            r.comment.clone_from(&decoded.comment);
            if let Some(data) = &decoded.public {
                r.set_public(&PublicKey::new(data.clone(), ""));
            }
            if decoded.public_only {
                r.push(ProblemId::PublicKeyInsteadOfPrivate);
            }
            if decoded.encrypted {
                r.push(ProblemId::PassphraseProtected);
            }
            if !damage.is_empty() && !decoded.public_only {
                let fixed = armor.canonical(&label);
                // Repair only what provably comes back as the same key.
                let again = inspect(&fixed, None);
                if again.fingerprint == r.fingerprint && again.format == r.format {
                    for d in &damage {
                        r.push(*d);
                    }
                    r.repaired = true;
                    r.repaired_text = Some(Secret::from(fixed));
                } else {
                    r.push(ProblemId::Corrupt);
                }
            }
        }
        Err(failure) => {
            r.kind = match armor.label.as_deref() {
                Some(l) if l.contains("PUBLIC") => Kind::Public,
                Some(l) if l.contains("PRIVATE") => Kind::Private,
                _ => Kind::Unknown,
            };
            let cut = failure == decode::Failure::Truncated
                || armor.cut_short
                || (damage.contains(&ProblemId::MissingFooter) && !armor.bad_chars);
            if armor.label.is_none() && armor.bytes.is_empty() {
                r.push(ProblemId::NotAKey);
            } else if cut {
                r.push(ProblemId::Truncated);
            } else {
                r.push(ProblemId::Corrupt);
            }
        }
    }
    r.finish(expected)
}

/// Decodes the body according to its label, or sniffs the format when the header was lost.
/// Returns the label the canonical armor should carry.
fn decode_armor(armor: &armor::Armor) -> Result<(String, decode::Decoded), decode::Failure> {
    use decode::{Decoded, Failure};
    let bytes = &armor.bytes[..];
    if armor.bad_chars {
        return Err(Failure::Corrupt);
    }
    let encrypted_legacy = |format: &'static str| Decoded {
        format,
        public: None,
        comment: None,
        encrypted: true,
        public_only: false,
    };
    let label = armor.label.clone();
    let out = match label.as_deref() {
        Some("OPENSSH PRIVATE KEY") => openssh::openssh(bytes)?,
        Some("RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY")
            if armor.legacy_encrypted() =>
        {
            encrypted_legacy("pem-encrypted")
        }
        Some("RSA PRIVATE KEY") => decode::pkcs1(bytes)?,
        Some("PRIVATE KEY") => decode::pkcs8(bytes)?,
        Some("ENCRYPTED PRIVATE KEY") => {
            if decode::der_truncated(bytes) {
                return Err(Failure::Truncated);
            }
            encrypted_legacy("pkcs8-encrypted")
        }
        Some("EC PRIVATE KEY") => decode::sec1(bytes)?,
        Some("DSA PRIVATE KEY") => decode::dsa_legacy(bytes)?,
        Some(l @ ("PUBLIC KEY" | "RSA PUBLIC KEY")) => decode::pem_public(l, bytes)?,
        Some(_) => return Err(Failure::Corrupt),
        None => {
            let sniffed = if bytes.starts_with(b"openssh-key-v1\0") {
                openssh::openssh(bytes).map(|d| ("OPENSSH PRIVATE KEY", d))
            } else {
                decode::pkcs8(bytes)
                    .map(|d| ("PRIVATE KEY", d))
                    .or_else(|_| decode::pkcs1(bytes).map(|d| ("RSA PRIVATE KEY", d)))
                    .or_else(|_| decode::sec1(bytes).map(|d| ("EC PRIVATE KEY", d)))
                    .map_err(|_| decode::der_failure(bytes))
            };
            let (l, d) = sniffed?;
            return Ok((l.to_string(), d));
        }
    };
    Ok((label.unwrap_or_default(), out))
}

#[cfg(test)]
mod tests;

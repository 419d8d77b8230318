//! Private key inspection: what a pasted text (or a file) is, exactly as a service will read
//! it, every problem with its fix, and a repaired key where copy-paste damage can be undone
//! safely (the repaired text must decode to the same key). Key material never leaves this
//! module except as `repaired_text`, which is zeroed on drop and never serialised.

mod armor;
mod body;
mod decode;
mod loader;
mod openssh;
mod problems;
mod putty;

use serde::Serialize;
use ssh_key::PublicKey;
use zeroize::Zeroizing;

use super::secret::Secret;
use super::ssh_keys::KeyInfo;

pub use problems::{Problem, ProblemId, Severity};

/// Inputs larger than this are refused (a key is a few kilobytes).
pub const MAX_INPUT: usize = crate::core::input::MAX_KEY;

/// What the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A private key.
    Private,
    /// A public key.
    Public,
    /// An OpenSSH certificate (`-cert.pub`): it vouches for a public key, holds no private key.
    Certificate,
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
    /// The public key line (`type base64`), when the public half was read.
    #[serde(skip)]
    pub public_line: Option<String>,
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
            public_line: None,
        }
    }

    /// The public half's facts as `ssh-keygen -l` gives them, with the comment.
    pub fn key_info(&self) -> Option<KeyInfo> {
        let line = self.public_line.clone()?;
        let comment = self.comment.clone().unwrap_or_default();
        Some(KeyInfo {
            algorithm: self.algorithm.clone()?,
            bits: self.bits?,
            fingerprint: self.fingerprint.clone()?,
            public_line: if comment.is_empty() {
                line
            } else {
                format!("{line} {comment}")
            },
            comment,
        })
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
            self.add(ProblemId::KeyBadPermissions);
        }
    }

    /// Names the key file in the fixes that act on it (instead of a placeholder); `file` is
    /// shown as given, so the caller quotes it for the shell.
    pub fn name_file(&mut self, file: &str) {
        for p in &mut self.problems {
            p.fix = match p.id {
                ProblemId::KeyBadPermissions => {
                    format!("Restrict it: chmod 600 {file}. OpenSSH refuses to use such a file.")
                }
                ProblemId::PassphraseRequired => format!(
                    "Remove it on a copy: cp {file} {file}-nopass && ssh-keygen -p -N '' -f {file}-nopass, then use {file}-nopass; or generate a new key without one."
                ),
                ProblemId::PuttyKeyFormat => format!(
                    "Convert it: puttygen {file} -O private-openssh -o {file}.openssh (or PuTTYgen → Conversions → Export OpenSSH key), then use the result."
                ),
                _ => continue,
            };
        }
    }

    /// Says which public key the private key was compared with (`the public key in x.pub`).
    pub fn name_expected(&mut self, source: &str) {
        for p in &mut self.problems {
            if p.id == ProblemId::KeyMismatch {
                p.message = format!("This private key does not belong to {source}.");
                p.fix = format!(
                    "Check the private key of the pair whose public key is {source}: usually the file of the same name without .pub."
                );
            }
        }
    }

    fn set_public(&mut self, key: &PublicKey) {
        let info = KeyInfo::of(key);
        self.algorithm = Some(info.algorithm);
        self.bits = Some(info.bits);
        self.fingerprint = Some(info.fingerprint);
        self.public_line = Some(info.public_line.trim_end().to_string());
    }

    /// Whether the key bblink hands over works: the text as given ([`Inspection::ok`]), or
    /// the repaired text when the only errors are damage the repair undid.
    pub fn usable(&self) -> bool {
        self.ok
            || (self.kind == Kind::Private
                && self.repaired
                && self
                    .problems
                    .iter()
                    .all(|p| p.severity != Severity::Error || p.id.is_damage()))
    }

    /// The damage found stops OpenSSH from loading the text as given: each is an error, and
    /// only the repaired key works.
    fn damage_is_fatal(&mut self, damage: &[ProblemId]) {
        for p in self.problems.iter_mut().filter(|p| damage.contains(&p.id)) {
            p.severity = Severity::Error;
            if !p.message.contains("as pasted") {
                p.message.push_str(" As pasted, OpenSSH cannot load it.");
            }
        }
        self.settle_ok();
    }

    /// A key file's text: OpenSSH loads its own format only when the file ends with a line
    /// break after `-----END …-----` ("error in libcrypto" otherwise). A pasted field carries no
    /// final line break, so the wizard's paste is not judged by this.
    pub fn note_final_newline(&mut self, raw: &str) {
        if self.kind != Kind::Private
            || self.format != Some("openssh")
            || raw.ends_with('\n')
            || !raw.trim_end().ends_with("-----")
        {
            return;
        }
        self.push(ProblemId::NoFinalNewline);
        if self.repaired_text.is_none() {
            self.repaired = true;
            self.repaired_text = Some(Secret::new(format!("{raw}\n")));
        }
        self.settle_ok();
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
        if algorithm.as_deref().is_some_and(|a| a.starts_with("sk-")) {
            self.push(ProblemId::SecurityKeyRequired);
        }
        if let Some(label) = algorithm
            .as_deref()
            .and_then(crate::core::ssh_keys::newer_type)
        {
            self.push(ProblemId::KeyTypeNotAccepted);
            if let Some(p) = self
                .problems
                .iter_mut()
                .find(|p| p.id == ProblemId::KeyTypeNotAccepted)
            {
                p.message = format!(
                    "{label} is a key type newer than Bitbucket's list: Bitbucket accepts Ed25519, ECDSA, RSA and DSA keys only."
                );
            }
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
pub fn inspect(input: &str, expected: Option<&KeyInfo>) -> Inspection {
    inspect_at(input, expected, 0)
}

/// How deep an inspection may look again at a part of its input (one key of several, a
/// repaired text): a key block that holds another `-----BEGIN` must not send it round forever.
const MAX_DEPTH: u8 = 2;

#[allow(clippy::too_many_lines)] // one pipeline, read top to bottom
fn inspect_at(input: &str, expected: Option<&KeyInfo>, depth: u8) -> Inspection {
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
    if depth == 0
        && let Some(r) = several_keys(&text, expected)
    {
        return r;
    }

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
        r.push(ProblemId::PuttyKeyFormat);
        if ppk.encrypted {
            r.push(ProblemId::PassphraseRequired);
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

    if let Some(what) = decode::certificate(trimmed) {
        r.kind = Kind::Certificate;
        r.format = Some("openssh-certificate");
        r.algorithm = Some(what.to_string());
        // The certified key's facts, as `ssh-keygen -l` gives them for a -cert.pub file.
        if let Some(key) = decode::certified_key(trimmed) {
            let info = KeyInfo::of(&key);
            r.bits = Some(info.bits);
            r.fingerprint = Some(info.fingerprint);
            r.comment = Some(info.comment).filter(|c| !c.is_empty());
        }
        r.push(ProblemId::NotAKey);
        r.problems[0].message = format!(
            "This is an SSH certificate ({what}, a -cert.pub file), not a key: it vouches for a public key and holds no private key."
        );
        return r.finish(None);
    }
    let Some(armor) = armor::parse(&text) else {
        r.push(ProblemId::NotAKey);
        return r.finish(None);
    };
    damage.extend(armor.damage.iter().copied());
    match body::decode(&armor) {
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
            if r.algorithm.is_none() {
                r.algorithm = decoded.algorithm.map(str::to_string);
            }
            if decoded.public_only {
                r.push(ProblemId::PublicKeyInsteadOfPrivate);
            }
            if decoded.encrypted {
                r.push(ProblemId::PassphraseRequired);
            }
            if !damage.is_empty() && !decoded.public_only {
                let fixed = armor.canonical(&label);
                // Repair only what provably comes back as the same key.
                let again = (depth < MAX_DEPTH).then(|| inspect_at(&fixed, None, depth + 1));
                if again.is_some_and(|a| a.fingerprint == r.fingerprint && a.format == r.format) {
                    for d in &damage {
                        r.push(*d);
                    }
                    if !loader::loads(input, &label) {
                        r.damage_is_fatal(&damage);
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
            // Characters a key never has mean damage, whatever the length says.
            let cut = !armor.bad_chars
                && (failure == decode::Failure::Truncated
                    || armor.cut_short
                    || damage.contains(&ProblemId::MissingFooter));
            if armor.label.is_none() && armor.bytes.is_empty() {
                r.push(ProblemId::NotAKey);
            } else if cut {
                r.push(ProblemId::Truncated);
            } else {
                r.push(ProblemId::Corrupt);
                if let Some((line, c)) = armor.bad_char {
                    let shown = crate::core::display::terminal_safe(&c.to_string()).into_owned();
                    if let Some(p) = r.problems.iter_mut().find(|p| p.id == ProblemId::Corrupt) {
                        p.message = format!(
                            "The key's contents are damaged: line {line} holds '{shown}', which no key has."
                        );
                    }
                }
            }
        }
    }
    r.finish(expected)
}

/// Two or more keys pasted together (`-----BEGIN` more than once). With exactly one private
/// key among them, that key is inspected and offered alone as the repair; with several, the
/// service could take any of them.
fn several_keys(text: &str, expected: Option<&KeyInfo>) -> Option<Inspection> {
    let blocks = armor::blocks(text);
    if text.matches("-----BEGIN ").count() < 2 {
        return None;
    }
    let private: Vec<&str> = blocks
        .iter()
        .filter(|(label, _)| label.contains("PRIVATE KEY"))
        .map(|(_, block)| *block)
        .collect();
    let mut r = match private[..] {
        [] => return None,
        [one] => {
            let mut r = inspect_at(one, expected, 1);
            if r.kind == Kind::Private && !r.repaired {
                r.repaired = true;
                r.repaired_text = Some(Secret::new(format!("{one}\n")));
            }
            r
        }
        _ => {
            let mut r = Inspection::new();
            r.kind = Kind::Private;
            r
        }
    };
    r.push(ProblemId::SeveralKeys);
    let loads = blocks
        .iter()
        .find(|(label, _)| label.contains("PRIVATE KEY"))
        .is_some_and(|(label, _)| loader::loads(text, label));
    if private.len() == 1 && r.repaired && loads {
        // One private key among public keys: repairable, so only a warning.
        if let Some(p) = r
            .problems
            .iter_mut()
            .find(|p| p.id == ProblemId::SeveralKeys)
        {
            p.severity = Severity::Warning;
            p.message =
                "Several keys were pasted together; bblink kept the one private key.".into();
            p.fix = "Use the repaired key bblink offers: the service takes exactly one key.".into();
        }
    }
    r.settle_ok();
    Some(r)
}

#[cfg(test)]
mod tests;

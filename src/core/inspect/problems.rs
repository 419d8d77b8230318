//! The key check's problem ids, each with its standard message and fix (a table).

use serde::Serialize;

/// Stable problem ids; see README for the list.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum ProblemId {
    EmptyInput,
    TooLarge,
    NotAKey,
    PublicKeyInsteadOfPrivate,
    PassphraseRequired,
    PuttyKeyFormat,
    MissingHeader,
    MissingFooter,
    Truncated,
    Corrupt,
    LineEndingsCrlf,
    WhitespaceDamaged,
    JoinedLines,
    Rewrapped,
    NoFinalNewline,
    WeakRsaKey,
    DsaKeyUnsupported,
    SecurityKeyRequired,
    KeyTypeNotAccepted,
    KeyMismatch,
    KeyBadPermissions,
    ExtraTextAroundKey,
    SeveralKeys,
}

/// One finding of the key check.
pub type Problem = crate::core::problem::Problem<ProblemId>;
pub use crate::core::problem::Severity;

impl ProblemId {
    /// Copy-paste damage that a repair undoes (the repaired key has none of it).
    pub fn is_damage(self) -> bool {
        matches!(
            self,
            ProblemId::MissingHeader
                | ProblemId::MissingFooter
                | ProblemId::LineEndingsCrlf
                | ProblemId::WhitespaceDamaged
                | ProblemId::JoinedLines
                | ProblemId::Rewrapped
                | ProblemId::ExtraTextAroundKey
                | ProblemId::SeveralKeys
                | ProblemId::NoFinalNewline
        )
    }

    /// The problem with its standard message and fix.
    #[allow(clippy::too_many_lines)] // a table: one row per problem
    pub fn problem(self) -> Problem {
        use ProblemId as P;
        use Severity::{Error, Warning};
        let repaired =
            "Use the repaired key bblink offers (or paste the key file again, unchanged).";
        let (severity, message, fix) = match self {
            P::EmptyInput => (
                Error,
                "Nothing was pasted.",
                "Paste the whole private key file, from -----BEGIN to -----END.",
            ),
            P::TooLarge => (
                Error,
                "This is far larger than any key (over 1 MB).",
                "Paste only the private key file's contents.",
            ),
            P::NotAKey => (
                Error,
                "This is not a key bblink recognises.",
                "Paste the private key file: the one without .pub, whose first line starts with -----BEGIN.",
            ),
            P::PublicKeyInsteadOfPrivate => (
                Error,
                "This is the public key; the service needs the private key.",
                "Paste the file without .pub, whose first line starts with -----BEGIN. The public key goes to Bitbucket.",
            ),
            P::PassphraseRequired => (
                Error,
                "The key is protected by a passphrase, which the service cannot type.",
                "Remove it on a copy: cp key key-nopass && ssh-keygen -p -N '' -f key-nopass, then paste key-nopass; or generate a new key without one.",
            ),
            P::PuttyKeyFormat => (
                Error,
                "This is a PuTTY key (.ppk); the service expects OpenSSH or PEM format.",
                "Convert it: puttygen key.ppk -O private-openssh -o key (or PuTTYgen → Conversions → Export OpenSSH key), then paste the result.",
            ),
            P::MissingHeader => (
                Warning,
                "The -----BEGIN line was missing; bblink restored it.",
                repaired,
            ),
            P::MissingFooter => (
                Warning,
                "The -----END line was missing; bblink restored it.",
                repaired,
            ),
            P::Truncated => (
                Error,
                "The key is cut short: part of it is missing.",
                "Copy the whole file again, every line from -----BEGIN to -----END (cat the file, or open it in a text editor).",
            ),
            P::Corrupt => (
                Error,
                "The key's contents are damaged and cannot be read.",
                "Copy the key file again without changes; if the file itself is damaged, generate a new key.",
            ),
            P::LineEndingsCrlf => (
                Warning,
                "The key has Windows line endings (CRLF); bblink converted them.",
                repaired,
            ),
            P::WhitespaceDamaged => (
                Warning,
                "The key had extra spaces, indentation or blank lines; bblink removed them.",
                repaired,
            ),
            P::JoinedLines => (
                Warning,
                "The key's line breaks were turned into spaces (one long line); bblink restored them.",
                repaired,
            ),
            P::Rewrapped => (
                Warning,
                "The key was re-wrapped at another line width; bblink restored the standard width.",
                repaired,
            ),
            P::NoFinalNewline => (
                Error,
                "The key file does not end with a line break after its -----END line: OpenSSH refuses to load it (\"error in libcrypto\").",
                "Add the line break (echo >> FILE), or use the repaired key bblink offers.",
            ),
            P::WeakRsaKey => (
                Error,
                "RSA key under 2048 bits: Bitbucket refuses it.",
                "Generate a new key: Ed25519, or RSA with at least 2048 bits (bblink keygen).",
            ),
            P::DsaKeyUnsupported => (
                Error,
                "DSA key: modern OpenSSH clients refuse DSA keys.",
                "Generate a new Ed25519 key (bblink keygen) and replace the access key in Bitbucket.",
            ),
            P::SecurityKeyRequired => (
                Error,
                "This key lives on a hardware security key (FIDO): every use needs the token present and touched, and a service has no token to touch.",
                "Generate a key without a security key for the service (bblink keygen) and add its public half to Bitbucket.",
            ),
            P::KeyTypeNotAccepted => (
                Error,
                "This key type is newer than Bitbucket's list: Bitbucket accepts Ed25519, ECDSA, RSA and DSA keys only.",
                "Generate an Ed25519 key (bblink keygen) and add its public half to Bitbucket.",
            ),
            P::KeyMismatch => (
                Error,
                "This private key does not belong to the public key from the key step.",
                "Paste the private key of the pair whose public key you added to Bitbucket (the file next to the .pub).",
            ),
            P::ExtraTextAroundKey => (
                Warning,
                "There was text before or after the key (a public key line, a sentence); OpenSSH refuses a key with anything before -----BEGIN. bblink kept only the key.",
                repaired,
            ),
            P::SeveralKeys => (
                Error,
                "Several private keys were pasted together; the service takes exactly one.",
                "Paste only the private key whose public key you added to Bitbucket.",
            ),
            P::KeyBadPermissions => (
                Warning,
                "The key file can be read by other users on this computer.",
                "Restrict it: chmod 600 <file>. OpenSSH refuses to use such a file.",
            ),
        };
        Problem {
            id: self,
            severity,
            message: message.to_string(),
            fix: fix.to_string(),
            alias: self.alias(),
        }
    }

    /// The id this problem had before (merged into its catalog entry), named in JSON for one
    /// release.
    pub fn alias(self) -> Option<&'static str> {
        match self {
            ProblemId::PassphraseRequired => Some("passphrase_protected"),
            ProblemId::PuttyKeyFormat => Some("putty_format"),
            ProblemId::KeyBadPermissions => Some("insecure_permissions"),
            _ => None,
        }
    }
}

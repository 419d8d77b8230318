//! `PuTTY`'s `.ppk` files (versions 2 and 3): the public half is stored in the clear, so bblink can
//! say which key it is even though the service cannot read the format.

use base64::Engine;
use ssh_key::PublicKey;

/// What a `.ppk` says about itself.
pub struct Ppk {
    /// 2 or 3.
    pub version: u8,
    /// The public half.
    pub public: Option<PublicKey>,
    /// Protected by a passphrase.
    pub encrypted: bool,
}

/// Reads the header fields and the public lines of a `.ppk`.
pub fn parse(text: &str) -> Option<Ppk> {
    let mut lines = text.lines().map(str::trim);
    let first = lines.next()?;
    let version = match first.split_once(':')?.0 {
        "PuTTY-User-Key-File-2" => 2,
        "PuTTY-User-Key-File-3" => 3,
        _ => return None,
    };
    let mut encrypted = false;
    let mut comment = String::new();
    let mut public = None;
    while let Some(line) = lines.next() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name {
            "Encryption" => encrypted = value != "none",
            "Comment" => comment = value.to_string(),
            "Public-Lines" => {
                let n: usize = value.parse().ok()?;
                let b64: String = lines.by_ref().take(n.min(1000)).collect();
                let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok();
                public = bytes
                    .and_then(|b| PublicKey::from_bytes(&b).ok())
                    .map(|k| PublicKey::new(k.key_data().clone(), comment.clone()));
            }
            _ => {}
        }
    }
    Some(Ppk {
        version,
        public,
        encrypted,
    })
}

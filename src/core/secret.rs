//! Text that must never be shown, logged or serialised: zeroed on drop, redacted in `Debug`.

use std::fmt;

use zeroize::Zeroizing;

/// A secret string (a private key).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a string.
    pub fn new(text: String) -> Self {
        Self(Zeroizing::new(text))
    }

    /// The text, for the few places that must use it (inspection, clipboard, file).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<Zeroizing<String>> for Secret {
    fn from(z: Zeroizing<String>) -> Self {
        Self(z)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<{} bytes redacted>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_never_shows_the_text() {
        let s = super::Secret::new("-----BEGIN hunter2".into());
        assert_eq!(format!("{s:?}"), "Secret(<18 bytes redacted>)");
    }
}

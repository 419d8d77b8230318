//! The system clipboard (arboard) and the OSC 52 terminal escape used when there is none.

use std::sync::Mutex;

use base64::Engine;

use crate::core::errors::CopyError;

/// The system clipboard, kept open for the program's lifetime: on X11 the owner must stay
/// alive for other programs to paste what it copied.
#[derive(Default)]
pub struct SystemClipboard {
    inner: Mutex<Option<arboard::Clipboard>>,
}

impl SystemClipboard {
    /// A clipboard that connects on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts `text` on the clipboard and reads it back to confirm.
    pub fn set_text(&self, text: &str) -> Result<(), CopyError> {
        // X11 and Wayland need a display; macOS and Windows always have a clipboard.
        if cfg!(all(unix, not(target_os = "macos")))
            && std::env::var_os("DISPLAY").is_none()
            && std::env::var_os("WAYLAND_DISPLAY").is_none()
        {
            return Err(CopyError::NoDisplay);
        }
        let unavailable = || CopyError::Failed("clipboard unavailable".into());
        let mut guard = self.inner.lock().map_err(|_| unavailable())?;
        if guard.is_none() {
            *guard = Some(arboard::Clipboard::new().map_err(|e| short(&e))?);
        }
        let clipboard = guard.as_mut().ok_or_else(unavailable)?;
        clipboard
            .set_text(text.to_string())
            .map_err(|e| short(&e))?;
        match clipboard.get_text() {
            Ok(back) if back == text => Ok(()),
            _ => Err(CopyError::NotKept),
        }
    }
}

impl SystemClipboard {
    /// Empties the clipboard if it still holds `text` (the user may have copied something else
    /// since, which is left alone). Returns whether it cleared.
    pub fn clear_if_unchanged(&self, text: &str) -> bool {
        let Ok(mut guard) = self.inner.lock() else {
            return false;
        };
        let Some(clipboard) = guard.as_mut() else {
            return false;
        };
        match clipboard.get_text() {
            Ok(current) if current == text => clipboard.clear().is_ok(),
            _ => false,
        }
    }
}

fn short(e: &arboard::Error) -> CopyError {
    let s = e.to_string();
    CopyError::Failed(s.lines().next().unwrap_or("clipboard error").to_string())
}

/// The OSC 52 escape that asks the terminal to put `text` on its clipboard.
pub fn osc52_sequence(text: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(text);
    format!("\x1b]52;c;{b64}\x07")
}

#[cfg(test)]
mod tests {
    #[test]
    fn osc52_encodes_the_text_in_base64() {
        assert_eq!(super::osc52_sequence("hi"), "\x1b]52;c;aGk=\x07");
    }
}

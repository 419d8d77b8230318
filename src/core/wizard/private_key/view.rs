//! What the private key screen shows, built from the step's state.

use crate::core::inspect::Inspection;
use crate::core::key_file::ReadyKey;
use crate::core::service::ServiceProfile;

use super::super::msg::Env;
use super::super::views::display_path;
use super::{PrivateKeyStep, SecretCopy, SecretWrite};

/// What the private key screen shows.
#[allow(clippy::struct_excessive_bools)] // independent facts the screen shows
#[derive(Debug, Clone)]
pub struct PrivateKeyView<'a> {
    /// The verdict; `None` while nothing is pasted.
    pub verdict: Option<&'a Inspection>,
    /// The pasted key is hidden.
    pub masked: bool,
    /// The text area has focus.
    pub focused: bool,
    /// Lines and bytes of the text (for the masked view).
    pub size: (usize, usize),
    /// Clipboard status of the key.
    pub copy: &'a SecretCopy,
    /// Where `w` wrote it (shortened with `~`), or why not.
    pub written: Result<Option<String>, String>,
    /// A one-line note (a load failure, nothing to copy).
    pub note: Option<&'a str>,
    /// The key file is being read.
    pub loading: bool,
    /// The key file of step 2, shortened with `~`.
    pub key_file: Option<String>,
    /// Seconds a copied key stays on the clipboard.
    pub clear_after: u64,
    /// The chosen service.
    pub service: Option<&'a ServiceProfile>,
}

impl PrivateKeyStep {
    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        env: &Env,
        key: Option<&ReadyKey>,
        loading: bool,
        service: Option<&'a ServiceProfile>,
    ) -> PrivateKeyView<'a> {
        let home = env.home.as_deref();
        PrivateKeyView {
            verdict: self.verdict.as_ref(),
            masked: self.masked,
            focused: self.focused_field().is_some(),
            size: self.size,
            copy: &self.copy,
            written: match &self.written {
                SecretWrite::None => Ok(None),
                SecretWrite::Written(p) => Ok(Some(display_path(home, p))),
                SecretWrite::Failed(e) => Err(e.to_string()),
            },
            note: self.note.as_deref(),
            loading,
            key_file: key.map(|k| display_path(home, &k.private_path)),
            clear_after: env.clear_clipboard_after,
            service,
        }
    }
}

//! Pastes that are a field's whole value: the troubleshooting log, the private key and the
//! clone URL, each refused when far too long, never half-used.

use crate::core::inspect::MAX_INPUT;
use crate::core::secret::Secret;
use crate::core::wizard::{Effect, Entry, Field, Msg};

use super::{App, MAX_FIELD_PASTE};

impl App {
    /// A paste into troubleshooting's log replaces it, and is diagnosed at once.
    pub(super) fn paste_log(&mut self, text: &str) -> Vec<Effect> {
        if text.len() > MAX_INPUT {
            self.paste_note = Some(format!(
                "Paste refused: {} KB is more than this screen takes (1 MB); run bblink diagnose FILE for any size.",
                text.len() / 1024
            ));
            return Vec::new();
        }
        // Terminals paste line breaks as carriage returns. The box shows (and keeps) the log
        // as its findings show it: tokens hidden, key blocks replaced by a line, tabs as
        // spaces. The pasted text itself is diagnosed, as `bblink diagnose` reads it, so line
        // numbers are the log's own; the wizard keeps only the (redacted) findings.
        let raw = text.replace("\r\n", "\n").replace('\r', "\n");
        let shown = crate::core::redact::text_same_lines(&raw.replace('\t', "    "));
        self.set_field(Field::TroubleLog, &shown);
        self.update(Msg::Text(Field::TroubleLog, Secret::new(raw), Entry::Given))
    }

    /// A paste on the private key step replaces what was there: a key is a whole value, and a
    /// second paste must not append to the first.
    pub(super) fn paste_private(&mut self, text: &str) -> Vec<Effect> {
        if text.len() > MAX_INPUT {
            self.paste_note = Some(format!(
                "Paste refused: {} KB is far more than any key (the limit is 1 MB). Nothing was changed.",
                text.len() / 1024
            ));
            return Vec::new();
        }
        self.set_field(Field::PrivateKey, text);
        let text = self.private_text();
        self.update(Msg::Text(Field::PrivateKey, text, Entry::Given))
    }

    /// A paste on the clone URL step: the field's new value, cleaned by the wizard as
    /// `bblink check-url` cleans it.
    pub(super) fn paste_url(&mut self, text: &str) -> Vec<Effect> {
        if text.len() > MAX_FIELD_PASTE {
            self.paste_note = Some(format!(
                "Paste refused: {} bytes is far longer than a clone URL. Nothing was changed.",
                text.len()
            ));
            return Vec::new();
        }
        self.update(Msg::given(Field::CloneUrl, text))
    }

    /// A field's whole new value, given at once (the plain shell's answers): the same messages
    /// as a paste into that field.
    pub fn enter(&mut self, field: Field, text: &str) -> Vec<Effect> {
        self.paste_note = None;
        match field {
            Field::PrivateKey => self.paste_private(text),
            Field::CloneUrl => self.paste_url(text),
            Field::TroubleLog => self.paste_log(text),
            Field::ServiceUrl
            | Field::OauthKey
            | Field::OauthSecret
            | Field::HookRepo
            | Field::HookToken
            | Field::HookSecret => self.paste_whole(field, text),
            // Masked, and told to nobody: the wizard asks for them when it uses them.
            Field::Passphrase | Field::ApiToken => {
                self.set_field(field, text);
                Vec::new()
            }
            Field::Label
            | Field::ExistingPath
            | Field::TroubleFilter
            | Field::ApiRepo
            | Field::ApiEmail => {
                self.set_field(field, text);
                self.update(Msg::given(field, text))
            }
        }
    }
}

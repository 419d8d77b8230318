//! The text areas behind the wizard's fields: secret ones keep no copies (no undo history,
//! no cut buffer, wiped when replaced), and secrets named by their field are filled in here.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

use crate::core::bitbucket::TokenKind;
use crate::core::input;
use crate::core::secret::Secret;
use crate::core::wizard::access::Phase;
use crate::core::wizard::{Effect, Field, SecretSource};

use super::App;

/// A text area that keeps no copies of its text: no undo history (a pasted key or token would
/// stay in it) and no yank buffer.
pub(super) fn secret_area(lines: Vec<String>) -> TextArea<'static> {
    let mut area = TextArea::from(lines);
    area.set_max_histories(0);
    area
}

/// Puts `new` in place of a secret area and wipes the old text from memory.
pub(super) fn replace_secret(slot: &mut TextArea<'static>, new: TextArea<'static>) {
    let old = std::mem::replace(slot, new);
    for mut line in old.into_lines() {
        zeroize::Zeroize::zeroize(&mut line);
    }
}

/// Fields whose text may be a secret: no cut buffer.
pub(super) fn keeps_no_copy(field: Field) -> bool {
    !matches!(
        field,
        Field::Label
            | Field::ExistingPath
            | Field::TroubleFilter
            | Field::ApiEmail
            | Field::ServiceUrl
            | Field::OauthKey
    )
}

/// The passphrase field: masked, no history.
pub(super) fn passphrase_area() -> TextArea<'static> {
    let mut area = secret_area(Vec::new());
    area.set_mask_char('•');
    area
}

impl App {
    /// A secret named by its (masked) field becomes the field's text; the passphrase field is
    /// emptied as it is used.
    fn fill(&mut self, source: &mut SecretSource) {
        if let SecretSource::Field(f) = *source
            && f.masked()
        {
            let text = Secret::new(self.area_mut(f).lines().join(""));
            if f == Field::Passphrase {
                replace_secret(&mut self.passphrase, passphrase_area());
            }
            *source = SecretSource::Text(text);
        }
    }

    /// After an update: a new phase of the access-key screens is read from its top; when they
    /// close, the token goes (and a token pasted into the email field by mistake with it).
    pub(super) fn access_changed(&mut self, before: Option<&Phase>) {
        let now = self.wizard.access().map(|a| a.phase().clone());
        if now.as_ref() != before {
            self.scroll = 0;
        }
        if before.is_some() && now.is_none() {
            replace_secret(&mut self.api_token, passphrase_area());
            let email = self.api_email.lines().join("");
            if TokenKind::of(email.trim()) != TokenKind::Other {
                replace_secret(&mut self.api_email, secret_area(Vec::new()));
            }
        }
    }

    /// A paste while the access-key or troubleshooting screens show no field (it would reach
    /// the step behind them), or while a job of this screen runs: refused, with a note.
    pub(super) fn paste_refused(&mut self) -> bool {
        let panel = self.wizard.access().is_some() || self.wizard.trouble().is_some();
        let refused = panel && self.wizard.focused_field().is_none();
        if refused {
            self.paste_note = Some("Paste ignored: no field of this screen takes text now.".into());
        }
        // What is being checked must not change under the check.
        if !refused && self.wizard.working_job().is_some() {
            self.paste_note =
                Some("Paste ignored: wait for the check to end, or Esc to cancel it.".into());
            return true;
        }
        refused
    }

    /// Replaces a field's text (the old text wiped), cursor at the end (a key: at the top).
    pub(super) fn set_field(&mut self, field: Field, text: &str) {
        let area = match field {
            Field::PrivateKey => {
                let (lines, crlf) = input::key_lines(text);
                self.private_crlf = crlf;
                secret_area(lines)
            }
            // A log may carry escape sequences: shown escaped, never sent to the terminal.
            Field::TroubleLog => secret_area(
                text.lines()
                    .map(|l| crate::core::display::terminal_safe(l).into_owned())
                    .collect(),
            ),
            Field::Passphrase
            | Field::ApiToken
            | Field::OauthSecret
            | Field::HookToken
            | Field::HookSecret => {
                let mut area = passphrase_area();
                area.insert_str(text);
                area
            }
            Field::ServiceUrl | Field::OauthKey | Field::HookRepo => {
                let mut area = secret_area(Vec::new());
                area.insert_str(text);
                area
            }
            Field::CloneUrl | Field::ApiRepo => {
                let mut area = secret_area(vec![text.to_string()]);
                area.move_cursor(CursorMove::End);
                area
            }
            Field::Label | Field::ExistingPath | Field::TroubleFilter | Field::ApiEmail => {
                let mut area = TextArea::from([text.to_string()]);
                area.move_cursor(CursorMove::End);
                area
            }
        };
        replace_secret(self.area_mut(field), area);
    }

    /// The private key area's text with its original line endings.
    pub(super) fn private_text(&self) -> Secret {
        let sep = if self.private_crlf { "\r\n" } else { "\n" };
        Secret::new(self.private.lines().join(sep))
    }

    pub(super) fn area_mut(&mut self, field: Field) -> &mut TextArea<'static> {
        match field {
            Field::Label => &mut self.label,
            Field::ExistingPath => &mut self.path,
            Field::PrivateKey => &mut self.private,
            Field::CloneUrl => &mut self.url,
            Field::Passphrase => &mut self.passphrase,
            Field::TroubleFilter => &mut self.trouble_filter,
            Field::TroubleLog => &mut self.trouble_log,
            Field::ApiRepo => &mut self.api_repo,
            Field::ApiEmail => &mut self.api_email,
            Field::ApiToken => &mut self.api_token,
            Field::ServiceUrl => &mut self.service_fields.service_url,
            Field::OauthKey => &mut self.service_fields.oauth_key,
            Field::OauthSecret => &mut self.service_fields.oauth_secret,
            Field::HookRepo => &mut self.service_fields.hook_repo,
            Field::HookToken => &mut self.service_fields.hook_token,
            Field::HookSecret => &mut self.service_fields.hook_secret,
        }
    }

    /// Shows the cursor only in the focused field.
    pub(super) fn sync_cursors(&mut self) {
        let focused = self.wizard.focused_field();
        for field in [
            Field::Label,
            Field::ExistingPath,
            Field::CloneUrl,
            Field::PrivateKey,
            Field::Passphrase,
            Field::TroubleFilter,
            Field::TroubleLog,
            Field::ApiRepo,
            Field::ApiEmail,
            Field::ApiToken,
            Field::ServiceUrl,
            Field::OauthKey,
            Field::OauthSecret,
            Field::HookRepo,
            Field::HookToken,
            Field::HookSecret,
        ] {
            let area = self.area_mut(field);
            area.set_cursor_line_style(Style::default());
            area.set_cursor_style(if focused == Some(field) {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            });
        }
    }
}

impl App {
    /// A paste for a one-line field: its first line (with a note when there were more), or
    /// nothing when it is far too long (with a note; nothing changes).
    pub(super) fn one_line_paste(&mut self, text: &str) -> Option<String> {
        if text.len() > super::MAX_FIELD_PASTE {
            self.paste_note = Some(format!(
                "Paste refused: {} bytes is too long for this field. Nothing was changed.",
                text.len()
            ));
            return None;
        }
        let line = input::one_line(text);
        if line.more_lines {
            self.paste_note =
                Some("Pasted the first line only: this field takes one line.".to_string());
        }
        Some(line.text)
    }

    /// A paste that is a field's whole value (a URL, a token, a secret): it replaces the text;
    /// the wizard hears the new text, or of a masked field only its length.
    pub(super) fn paste_whole(
        &mut self,
        field: Field,
        text: &str,
    ) -> Vec<crate::core::wizard::Effect> {
        let Some(line) = self.one_line_paste(text) else {
            return Vec::new();
        };
        let value = line.trim().to_string();
        self.set_field(field, &value);
        let msg = if field.masked() {
            crate::core::wizard::Msg::SecretLen(field, value.chars().count())
        } else {
            crate::core::wizard::Msg::given(field, value)
        };
        self.update(msg)
    }
}

impl App {
    /// An effect with the secrets it names by field filled in from the fields.
    pub(super) fn fill_effect(&mut self, mut effect: Effect) -> Effect {
        match &mut effect {
            Effect::TestConnection { key: s, .. }
            | Effect::CheckConsumer { secret: s, .. }
            | Effect::CheckToken { token: s, .. }
            | Effect::CopySecret { source: s, .. }
            | Effect::WriteSecret { source: s, .. }
            | Effect::UnlockKey { passphrase: s, .. } => self.fill(s),
            Effect::SaveHook { token, secret, .. } => {
                self.fill(token);
                self.fill(secret);
            }
            Effect::AccessKeys { call, .. } => self.fill(&mut call.token),
            _ => {}
        }
        effect
    }
}

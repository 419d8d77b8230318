//! The UI's state around the wizard: the text areas that edit the wizard's fields, and the
//! spinner frame. Key events are resolved through the wizard's key tables; edits go to the
//! focused text area and their result back to the wizard, which stays the source of truth.

use ratatui::crossterm::event::KeyEvent;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::core::inspect::MAX_INPUT;
use crate::core::keymap::Resolved;
use crate::core::secret::Secret;
use crate::core::wizard::{Effect, Field, Msg, Step, Wizard};

use super::input::key_of;
use super::theme::Theme;

/// Pastes longer than this into a one-line field are refused rather than half-used.
const MAX_FIELD_PASTE: usize = 4096;

/// The running application's state.
pub struct App {
    /// The state machine.
    pub wizard: Wizard,
    /// Edits the key label.
    pub label: TextArea<'static>,
    /// Edits the existing key path.
    pub path: TextArea<'static>,
    /// The private key text area (the only place the pasted key lives).
    pub private: TextArea<'static>,
    /// The clone URL field (the only place the URL as typed lives: it may hold a token).
    pub url: TextArea<'static>,
    /// The pasted key had CRLF line endings (the area shows it without them).
    pub private_crlf: bool,
    /// Spinner frame counter.
    pub spinner: usize,
    /// Styles.
    pub theme: Theme,
    /// A note about the last paste (refused, or trimmed to one line).
    pub paste_note: Option<String>,
}

impl App {
    /// Wraps a wizard.
    pub fn new(wizard: Wizard, theme: Theme) -> Self {
        let mut app = Self {
            wizard,
            label: TextArea::default(),
            path: TextArea::default(),
            private: TextArea::default(),
            url: TextArea::default(),
            private_crlf: false,
            spinner: 0,
            theme,
            paste_note: None,
        };
        app.take_incoming();
        app.sync_fields();
        app
    }

    /// Handles a key press.
    pub fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        let Some(key) = key_of(&ev) else {
            return Vec::new();
        };
        self.paste_note = None;
        match self.wizard.resolve(key) {
            Resolved::Field => match self.wizard.focused_field() {
                Some(Field::PrivateKey) => {
                    self.private.input(ev);
                    self.send_private()
                }
                Some(field) => {
                    let area = self.field_mut(field);
                    if key == crate::core::keymap::Key::ctrl('u') {
                        // Readline's meaning, which one-line fields are expected to follow.
                        area.delete_line_by_head();
                    } else {
                        area.input(ev);
                    }
                    let value = area.lines().join("");
                    if field == Field::CloneUrl {
                        return self.update(Msg::UrlText {
                            text: Secret::new(value),
                            pasted: false,
                        });
                    }
                    self.update(Msg::FieldEdited(field, value))
                }
                None => Vec::new(),
            },
            Resolved::Action(a) => self.update(Msg::Action(a)),
            Resolved::Ignored => self.update(Msg::Key(key)),
        }
    }

    /// Handles bracketed paste: inserted into the focused one-line field (first line only).
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if self.wizard.step == Step::PrivateKey && self.wizard.overlay.is_none() {
            return self.paste_private(text);
        }
        if self.wizard.step == Step::CloneUrl && self.wizard.overlay.is_none() {
            return self.paste_url(text);
        }
        let Some(field) = self
            .wizard
            .focused_field()
            .filter(|_| self.wizard.overlay.is_none())
        else {
            self.paste_note = Some("Paste ignored: no text field has focus (Tab to one).".into());
            return Vec::new();
        };
        if text.len() > MAX_FIELD_PASTE {
            self.paste_note = Some(format!(
                "Paste refused: {} bytes is too long for this field.",
                text.len()
            ));
            return Vec::new();
        }
        let (clean, more) = first_line(text);
        if more {
            self.paste_note =
                Some("Pasted the first line only: this field takes one line.".to_string());
        }
        let area = self.field_mut(field);
        area.insert_str(clean);
        let value = area.lines().join("");
        self.update(Msg::FieldEdited(field, value))
    }

    /// A paste on the private key step: into the area at the cursor while it is being edited,
    /// otherwise it replaces what was there (a new key).
    fn paste_private(&mut self, text: &str) -> Vec<Effect> {
        let current: usize = self.private.lines().iter().map(|l| l.len() + 1).sum();
        let editing = self.wizard.focused_field() == Some(Field::PrivateKey);
        let total = if editing {
            current + text.len()
        } else {
            text.len()
        };
        if total > MAX_INPUT {
            self.paste_note = Some(format!(
                "Paste refused: {} KB is far more than any key (the limit is 1 MB). Nothing was changed.",
                total / 1024
            ));
            return Vec::new();
        }
        if editing {
            self.private_crlf |= text.contains("\r\n");
            self.private
                .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        } else {
            // A new key: start from a clean slate, so it is hidden again once recognised.
            self.update(Msg::Action(crate::core::keymap::Action::Clear));
            (self.private, self.private_crlf) = key_area(text);
        }
        self.send_private()
    }

    /// A paste on the clone URL step: at the cursor while the field is being edited, otherwise
    /// it replaces the field (a new URL). A command continued with `\` is joined into one line.
    fn paste_url(&mut self, text: &str) -> Vec<Effect> {
        if text.len() > MAX_FIELD_PASTE {
            self.paste_note = Some(format!(
                "Paste refused: {} bytes is far longer than a clone URL. Nothing was changed.",
                text.len()
            ));
            return Vec::new();
        }
        let joined = text
            .replace("\\\r\n", " ")
            .replace("\\\n", " ")
            .replace("\\\r", " ");
        let (clean, more) = first_line(&joined);
        if more {
            self.paste_note =
                Some("Pasted the first line only: a clone URL is one line.".to_string());
        }
        if self.wizard.focused_field() == Some(Field::CloneUrl) {
            self.url.insert_str(clean);
        } else {
            let mut fresh = TextArea::from([clean]);
            fresh.move_cursor(ratatui_textarea::CursorMove::End);
            self.url = fresh;
        }
        let value = self.url.lines().join("");
        let effects = self.update(Msg::UrlText {
            text: Secret::new(value),
            pasted: true,
        });
        self.sync_fields();
        effects
    }

    /// Hands the area's text to the wizard for inspection, with its original line endings.
    fn send_private(&mut self) -> Vec<Effect> {
        let text = self.private_text();
        if text.expose().is_empty() {
            self.private_crlf = false;
        }
        self.update(Msg::PrivateKeyText(text))
    }

    /// Feeds a message to the wizard and keeps the text areas in step with it.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let before = self.wizard.step;
        let was_masked = self.wizard.private.masked;
        let effects = self.wizard.update(msg);
        if was_masked && !self.wizard.private.masked {
            // Shown on request: from its first line.
            self.private.move_cursor(ratatui_textarea::CursorMove::Top);
        }
        self.take_incoming();
        self.sync_fields();
        // The key from the key step may have changed since the text was checked.
        if before != Step::PrivateKey
            && self.wizard.step == Step::PrivateKey
            && !self.private.is_empty()
        {
            let text = self.private_text();
            let mut all = effects;
            all.append(&mut self.wizard.update(Msg::PrivateKeyRecheck(text)));
            return all;
        }
        effects
    }

    /// Takes text the wizard set for a field (a repair, a restored URL, a key file).
    fn take_incoming(&mut self) {
        if let Some(url) = self.wizard.incoming_url.take() {
            let mut fresh = TextArea::from([url]);
            fresh.move_cursor(ratatui_textarea::CursorMove::End);
            self.url = fresh;
        }
        if let Some(text) = self.wizard.incoming_private.take() {
            (self.private, self.private_crlf) = key_area(text.expose());
        }
    }

    /// The private key area's text with its original line endings.
    fn private_text(&self) -> Secret {
        let sep = if self.private_crlf { "\r\n" } else { "\n" };
        Secret::new(self.private.lines().join(sep))
    }

    fn field_mut(&mut self, field: Field) -> &mut TextArea<'static> {
        match field {
            Field::Label => &mut self.label,
            Field::ExistingPath => &mut self.path,
            Field::PrivateKey => &mut self.private,
            Field::CloneUrl => &mut self.url,
        }
    }

    /// Resets a text area when the wizard changed its value (a default label, a resume), and
    /// shows the cursor only in the focused one.
    fn sync_fields(&mut self) {
        let focused = self.wizard.focused_field();
        let values = [
            (Field::Label, self.wizard.label.clone()),
            (Field::ExistingPath, self.wizard.existing_path.clone()),
        ];
        for (field, value) in values {
            let area = self.field_mut(field);
            if area.lines().join("") != value {
                let mut fresh = TextArea::from([value]);
                fresh.move_cursor(ratatui_textarea::CursorMove::End);
                *area = fresh;
            }
        }
        for field in [
            Field::Label,
            Field::ExistingPath,
            Field::CloneUrl,
            Field::PrivateKey,
        ] {
            let area = self.field_mut(field);
            area.set_cursor_line_style(Style::default());
            area.set_cursor_style(if focused == Some(field) {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            });
        }
    }
}

/// The first non-blank line of a paste, trimmed and without control or bidirectional-format
/// characters (which could disguise what is shown), and whether more lines followed.
fn first_line(text: &str) -> (String, bool) {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim();
    (
        first
            .chars()
            .filter(|c| !c.is_control() && !crate::core::clone_url::is_bidi_format(*c))
            .collect(),
        lines.next().is_some(),
    )
}

/// A private key text area for a whole key, and whether the key had Windows line endings.
/// Terminals turn each pasted newline into a bare CR; only CR LF pairs count as Windows ones.
fn key_area(text: &str) -> (TextArea<'static>, bool) {
    let clean = text.replace("\r\n", "\n").replace('\r', "\n");
    (
        TextArea::from(clean.lines().map(str::to_string)),
        text.contains("\r\n"),
    )
}

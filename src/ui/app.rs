//! The UI's state around the wizard: the text areas that edit the wizard's fields, the pending
//! Ctrl-G, the spinner frame and paste notes. Keys are resolved through the UI's tables
//! against the wizard's own key state; edits go to the focused text area and its new text to
//! the wizard, which stays the source of truth. Effects about fields are handled here, the
//! rest go to the runner.

use std::collections::VecDeque;

use ratatui::crossterm::event::KeyEvent;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea};

use crate::core::input;
use crate::core::inspect::MAX_INPUT;
use crate::core::key::{Action, Key};
use crate::core::secret::Secret;
use crate::core::wizard::{Effect, Field, Msg, Step, Wizard};

use super::input::key_of;
use super::keymap::{self, Resolved};
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
    private_crlf: bool,
    /// Ctrl-G was pressed: the next digit jumps.
    pub go_pending: bool,
    /// Spinner frame counter.
    pub spinner: usize,
    /// Styles.
    pub theme: Theme,
    /// A note about the last paste (refused, or trimmed to one line).
    pub paste_note: Option<String>,
}

/// A text area that keeps no copies of its text: no undo history (a pasted key or token would
/// stay in it) and no yank buffer.
fn secret_area(lines: Vec<String>) -> TextArea<'static> {
    let mut area = TextArea::from(lines);
    area.set_max_histories(0);
    area
}

/// Puts `new` in place of a secret area and wipes the old text from memory.
fn replace_secret(slot: &mut TextArea<'static>, new: TextArea<'static>) {
    let old = std::mem::replace(slot, new);
    for mut line in old.into_lines() {
        zeroize::Zeroize::zeroize(&mut line);
    }
}

impl App {
    /// Wraps a wizard; effects it started with (`start_at`) go through [`App::handle`].
    pub fn new(wizard: Wizard, theme: Theme) -> Self {
        let label = wizard.key_view().label.to_string();
        let path = wizard.key_view().existing_path.to_string();
        let mut app = Self {
            wizard,
            label: TextArea::default(),
            path: TextArea::default(),
            private: secret_area(Vec::new()),
            url: secret_area(Vec::new()),
            private_crlf: false,
            go_pending: false,
            spinner: 0,
            theme,
            paste_note: None,
        };
        app.set_field(Field::Label, &label);
        app.set_field(Field::ExistingPath, &path);
        app.sync_cursors();
        app
    }

    /// Handles a key press.
    pub fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        let Some(key) = key_of(&ev) else {
            return Vec::new();
        };
        self.paste_note = None;
        match keymap::resolve(&self.wizard.key_state(), &mut self.go_pending, key) {
            Resolved::Action(a) => self.update(Msg::Action(a)),
            Resolved::Field => self.edit(ev, key),
            Resolved::Pending | Resolved::Ignored => Vec::new(),
        }
    }

    /// A key the focused field takes: into its text area, and the new text to the wizard.
    fn edit(&mut self, ev: KeyEvent, key: Key) -> Vec<Effect> {
        let Some(field) = self.wizard.focused_field() else {
            return Vec::new();
        };
        let area = self.area_mut(field);
        if key == Key::ctrl('u') && field != Field::PrivateKey {
            // Readline's meaning, which one-line fields are expected to follow.
            area.delete_line_by_head();
        } else {
            area.input(ev);
        }
        if matches!(field, Field::PrivateKey | Field::CloneUrl) {
            area.set_yank_text("");
        }
        let msg = match field {
            Field::PrivateKey => Msg::PrivateKeyText(self.private_text()),
            Field::CloneUrl => Msg::UrlTyped(Secret::new(self.url.lines().join(""))),
            Field::Label | Field::ExistingPath => {
                Msg::FieldEdited(field, self.area_mut(field).lines().join(""))
            }
        };
        self.update(msg)
    }

    /// Handles bracketed paste: on the private key and clone URL steps it is the field's new
    /// value; elsewhere it goes into the focused one-line field.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        self.paste_note = None;
        if self.wizard.overlay().is_some() {
            self.paste_note = Some("Paste ignored: answer the dialog first.".into());
            return Vec::new();
        }
        match self.wizard.step() {
            Step::PrivateKey => return self.paste_private(text),
            Step::CloneUrl => return self.paste_url(text),
            _ => {}
        }
        let Some(field) = self.wizard.focused_field() else {
            let tab = keymap::key_for(self.wizard.key_state().context, Action::FocusNext);
            self.paste_note = Some(format!(
                "Paste ignored: no text field has focus ({tab} to one)."
            ));
            return Vec::new();
        };
        if text.len() > MAX_FIELD_PASTE {
            self.paste_note = Some(format!(
                "Paste refused: {} bytes is too long for this field.",
                text.len()
            ));
            return Vec::new();
        }
        let line = input::one_line(text);
        if line.more_lines {
            self.paste_note =
                Some("Pasted the first line only: this field takes one line.".to_string());
        }
        let area = self.area_mut(field);
        area.insert_str(line.text);
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
            self.private.insert_str(input::unix_newlines(text));
        } else {
            // A new key: start from a clean slate, so it is hidden again once recognised.
            let _ = self.update(Msg::Action(Action::Clear));
            let (lines, crlf) = input::key_lines(text);
            replace_secret(&mut self.private, secret_area(lines));
            self.private_crlf = crlf;
        }
        let text = self.private_text();
        self.update(Msg::PrivateKeyText(text))
    }

    /// A paste on the clone URL step: the field's new value, cleaned by the wizard as
    /// `bblink check-url` cleans it.
    fn paste_url(&mut self, text: &str) -> Vec<Effect> {
        if text.len() > MAX_FIELD_PASTE {
            self.paste_note = Some(format!(
                "Paste refused: {} bytes is far longer than a clone URL. Nothing was changed.",
                text.len()
            ));
            return Vec::new();
        }
        self.update(Msg::UrlPasted(Secret::new(text.to_string())))
    }

    /// Feeds a message to the wizard and applies the effects about fields; returns the rest
    /// for the runner.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let was_masked = self.wizard.private_key_view().masked;
        let effects = self.wizard.update(msg);
        if was_masked && !self.wizard.private_key_view().masked {
            // Shown on request: from its first line.
            self.private.move_cursor(CursorMove::Top);
        }
        self.handle(effects)
    }

    /// Applies field effects (new text for a field, a request to send a field's text again)
    /// and returns the others.
    pub fn handle(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut queue = VecDeque::from(effects);
        let mut rest = Vec::new();
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::SetField(field, text) => self.set_field(field, text.expose()),
                Effect::Resend(Field::PrivateKey) if !self.private.is_empty() => {
                    let text = self.private_text();
                    queue.extend(self.wizard.update(Msg::PrivateKeyRecheck(text)));
                }
                Effect::Resend(_) => {}
                other => rest.push(other),
            }
        }
        self.sync_cursors();
        rest
    }

    /// Replaces a field's text, cursor at the end (a key: at the top).
    fn set_field(&mut self, field: Field, text: &str) {
        match field {
            Field::PrivateKey => {
                let (lines, crlf) = input::key_lines(text);
                replace_secret(&mut self.private, secret_area(lines));
                self.private_crlf = crlf;
            }
            Field::CloneUrl => {
                let mut area = secret_area(vec![text.to_string()]);
                area.move_cursor(CursorMove::End);
                replace_secret(&mut self.url, area);
            }
            Field::Label | Field::ExistingPath => {
                let mut area = TextArea::from([text.to_string()]);
                area.move_cursor(CursorMove::End);
                *self.area_mut(field) = area;
            }
        }
    }

    /// The private key area's text with its original line endings.
    fn private_text(&self) -> Secret {
        let sep = if self.private_crlf { "\r\n" } else { "\n" };
        Secret::new(self.private.lines().join(sep))
    }

    fn area_mut(&mut self, field: Field) -> &mut TextArea<'static> {
        match field {
            Field::Label => &mut self.label,
            Field::ExistingPath => &mut self.path,
            Field::PrivateKey => &mut self.private,
            Field::CloneUrl => &mut self.url,
        }
    }

    /// Shows the cursor only in the focused field.
    fn sync_cursors(&mut self) {
        let focused = self.wizard.focused_field();
        for field in [
            Field::Label,
            Field::ExistingPath,
            Field::CloneUrl,
            Field::PrivateKey,
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

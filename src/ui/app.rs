//! The UI's state around the wizard: the text areas that edit the wizard's fields, the pending
//! Ctrl-G, the spinner frame and paste notes. Keys are resolved through the UI's tables
//! against the wizard's own key state; edits go to the focused text area and its new text to
//! the wizard, which stays the source of truth. Effects about fields are handled here, the
//! rest go to the runner.

use std::cell::RefCell;
use std::collections::VecDeque;

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea};

use crate::core::keyboard::{Action, Key};

use crate::core::wizard::trouble::Trouble;
use crate::core::wizard::{Effect, Entry, Field, Msg, Wizard};

use super::input::key_of;
mod fields;
mod paste;
mod service_fields;

use fields::{passphrase_area, secret_area};

use super::keymap::{self, Resolved};
use super::screens::public_key::BareKey;
use super::theme::Theme;

/// One-line fields hold at most this (the clone URL check's own limit); longer pastes are
/// refused rather than half-used.
const MAX_FIELD_PASTE: usize = crate::core::clone_url::MAX_INPUT;

/// What a frame learned that the shell needs afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameInfo {
    /// How far the screen's text can scroll (0: it all fits).
    pub max_scroll: u16,
    /// The scrolling area's height (a page).
    pub page: u16,
    /// The public key drawn bare, to write again as one run of text.
    pub bare_key: Option<BareKey>,
    /// How far the open dialog's text can scroll.
    pub overlay_max: u16,
    /// The dialog's text height (a page).
    pub overlay_page: u16,
}

/// The running application's state.
pub struct App {
    /// The state machine.
    pub wizard: Wizard,
    /// Reads the time for what a private key's check records (`None`: no clock, as in tests
    /// that must draw the same screen every time).
    pub clock: Option<fn() -> String>,
    /// `--repo-dir`: the checkout whose remotes the machine's check reads.
    pub repo_dir: Option<std::path::PathBuf>,
    /// Edits the key label.
    pub label: TextArea<'static>,
    /// Edits the existing key path.
    pub path: TextArea<'static>,
    /// The private key text area (the only place the pasted key lives).
    pub private: TextArea<'static>,
    /// The clone URL field (the only place the URL as typed lives: it may hold a token).
    pub url: TextArea<'static>,
    /// The passphrase field, masked; emptied as soon as it is used.
    pub passphrase: TextArea<'static>,
    /// The troubleshooting filter.
    pub trouble_filter: TextArea<'static>,
    /// The log pasted into troubleshooting (it may hold secrets: no undo history).
    pub trouble_log: TextArea<'static>,
    /// The access-key form's clone URL (it may hold a token: no history).
    pub api_repo: TextArea<'static>,
    /// The access-key form's email.
    pub api_email: TextArea<'static>,
    /// The API token, masked; wiped when the access-key screens close.
    pub api_token: TextArea<'static>,
    /// The fields of services that take no SSH key.
    pub service_fields: service_fields::ServiceFields,
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
    /// How far the screen's text is scrolled.
    pub scroll: u16,
    /// How far the open dialog's text is scrolled.
    pub overlay_scroll: u16,
    /// What the last frame learned (how far it can scroll, where the key is).
    pub frame: RefCell<FrameInfo>,
}

impl App {
    /// Wraps a wizard; effects it started with (`start_at`) go through [`App::handle`].
    pub fn new(wizard: Wizard, theme: Theme) -> Self {
        let label = wizard.key_view().label.to_string();
        let path = wizard.key_view().existing_path.to_string();
        let mut app = Self {
            wizard,
            clock: None,
            repo_dir: None,
            label: TextArea::default(),
            path: TextArea::default(),
            private: secret_area(Vec::new()),
            url: secret_area(Vec::new()),
            passphrase: passphrase_area(),
            trouble_filter: TextArea::default(),
            trouble_log: secret_area(Vec::new()),
            api_repo: secret_area(Vec::new()),
            api_email: secret_area(Vec::new()),
            api_token: passphrase_area(),
            service_fields: service_fields::ServiceFields::default(),
            private_crlf: false,
            go_pending: false,
            spinner: 0,
            theme,
            paste_note: None,
            scroll: 0,
            overlay_scroll: 0,
            frame: RefCell::new(FrameInfo::default()),
        };
        app.set_field(Field::Label, &label);
        app.set_field(Field::ExistingPath, &path);
        app.sync_cursors();
        app
    }

    /// Handles a key press.
    pub fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        let ev = super::input::altgr_as_text(ev);
        let Some(key) = key_of(&ev) else {
            return Vec::new();
        };
        self.paste_note = None;
        match keymap::resolve(&self.wizard.key_state(), &mut self.go_pending, key) {
            Resolved::Action(
                a @ (Action::PageUp | Action::PageDown | Action::LineUp | Action::LineDown),
            ) => {
                self.scroll_by(a);
                Vec::new()
            }
            Resolved::Action(a) => self.update(Msg::Action(a)),
            Resolved::Field => self.edit(ev, key),
            Resolved::Pending | Resolved::Ignored => Vec::new(),
        }
    }

    /// The terminal's size changed: one-line fields show their text from the start again; the
    /// focused one keeps its cursor, scrolled only as far as the new width needs.
    pub fn on_resize(&mut self) {
        let focused = self.wizard.focused_field();
        for field in [
            Field::Label,
            Field::ExistingPath,
            Field::CloneUrl,
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
            if focused == Some(field) {
                // The viewport keeps the narrow width's scroll otherwise: back to the first
                // column, then the cursor where it was (scrolling moved it into view).
                let ratatui_textarea::DataCursor(row, col) = area.cursor();
                area.scroll((0, -i16::MAX));
                let at = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
                area.move_cursor(CursorMove::Jump(at(row), at(col)));
            } else {
                area.move_cursor(CursorMove::Head);
            }
        }
    }

    /// Scrolls the screen's text by a line or a page, within what the last frame had.
    fn scroll_by(&mut self, action: Action) {
        let info = self.frame.borrow().clone();
        let (scroll, page, max) = if self.wizard.overlay().is_some() {
            (
                &mut self.overlay_scroll,
                info.overlay_page,
                info.overlay_max,
            )
        } else {
            (&mut self.scroll, info.page, info.max_scroll)
        };
        // The text may have shrunk since the last scroll: start from what is on screen.
        *scroll = (*scroll).min(max);
        *scroll = match action {
            Action::PageUp => scroll.saturating_sub(page),
            Action::PageDown => scroll.saturating_add(page),
            Action::LineUp => scroll.saturating_sub(1),
            _ => scroll.saturating_add(1),
        }
        .min(max);
    }

    /// A key the focused field takes: into its text area, and the new text to the wizard.
    fn edit(&mut self, ev: KeyEvent, key: Key) -> Vec<Effect> {
        let Some(field) = self.wizard.focused_field() else {
            return Vec::new();
        };
        if field == Field::CloneUrl
            && matches!(key.code, crate::core::keyboard::Code::Char(_))
            && !key.ctrl
            && self.url.lines().iter().map(String::len).sum::<usize>() >= MAX_FIELD_PASTE
        {
            self.paste_note = Some(format!(
                "The URL field holds at most {} KB: no clone URL is longer.",
                MAX_FIELD_PASTE / 1024
            ));
            return Vec::new();
        }
        let area = self.area_mut(field);
        if key == Key::ctrl('u') && field != Field::PrivateKey {
            // Readline's meaning, which one-line fields are expected to follow.
            area.delete_line_by_head();
        } else {
            area.input(ev);
        }
        if fields::keeps_no_copy(field) {
            area.set_yank_text("");
        }
        let msg = match field {
            Field::PrivateKey => Msg::Text(field, self.private_text(), Entry::Typed),
            Field::CloneUrl => Msg::typed(field, self.url.lines().join("")),
            // The wizard never sees a passphrase or token being typed; it asks when used.
            Field::Passphrase | Field::ApiToken => return Vec::new(),
            // Of the other masked fields it learns only the length.
            f if f.masked() => Msg::SecretLen(f, area_len(self.area_mut(f))),
            Field::TroubleLog => Msg::typed(field, self.trouble_log.lines().join("\n")),
            _ => Msg::typed(field, self.area_mut(field).lines().join("")),
        };
        self.update(msg)
    }

    /// Handles bracketed paste: on the private key and clone URL steps it is the field's new
    /// value; elsewhere it goes into the focused one-line field.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        self.paste_note = None;
        // New text, new verdict: read from its top.
        self.scroll = 0;
        if self.wizard.overlay().is_some() {
            self.paste_note = Some("Paste ignored: answer the dialog first.".into());
            return Vec::new();
        }
        if self.paste_refused() {
            return Vec::new();
        }
        if crate::core::input::holds_private_key(text) && !self.takes_private_key() {
            self.paste_note = Some(format!(
                "That is a private key: not pasted here, and nothing of it was kept. {}",
                self.wizard.private_key_belongs()
            ));
            return Vec::new();
        }
        match self.wizard.focused_field() {
            Some(Field::TroubleLog) => return self.paste_log(text),
            Some(Field::TroubleFilter | Field::ApiRepo | Field::ApiEmail | Field::ApiToken) => {}
            // The screen's own whole value (a key, a URL) takes the paste wherever the focus is.
            _ if let Some(f) = self.wizard.paste_field() => return self.enter(f, text),
            // Each of these fields holds one whole value: a paste replaces it.
            Some(
                f @ (Field::ServiceUrl
                | Field::OauthKey
                | Field::OauthSecret
                | Field::HookRepo
                | Field::HookToken
                | Field::HookSecret),
            ) => return self.paste_whole(f, text),
            _ => {}
        }
        let Some(field) = self.wizard.focused_field() else {
            let tab = keymap::key_for(self.wizard.key_state().context, Action::FocusNext);
            self.paste_note = Some(format!(
                "Paste ignored: no text field has focus ({tab} to one)."
            ));
            return Vec::new();
        };
        let Some(line) = self.one_line_paste(text) else {
            return Vec::new();
        };
        let area = self.area_mut(field);
        area.insert_str(line);
        if field.masked() {
            area.set_yank_text("");
            return Vec::new();
        }
        let value = area.lines().join("");
        self.update(Msg::typed(field, value))
    }

    /// Whether a paste now goes where a private key belongs: the private key step's field, or
    /// troubleshooting's log (shown redacted).
    fn takes_private_key(&self) -> bool {
        match self.wizard.focused_field() {
            Some(Field::TroubleLog) => true,
            Some(Field::TroubleFilter | Field::ApiRepo | Field::ApiEmail | Field::ApiToken) => {
                false
            }
            _ => self.wizard.paste_field() == Some(Field::PrivateKey),
        }
    }

    /// Feeds a message to the wizard and applies the effects about fields; returns the rest
    /// for the runner.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        // A private key checked on the spot is recorded with the time it was checked, not the
        // time of the last job's report.
        if let (Some(clock), Msg::Text(Field::PrivateKey, ..)) = (self.clock, &msg) {
            self.wizard.update(Msg::Clock(clock()));
        }
        let was_masked = self.wizard.private_key_masked();
        let step = self.wizard.step();
        let overlay = self.wizard.overlay().is_some();
        let trouble = self.wizard.trouble().map(Trouble::focused_field);
        let access = self.wizard.access().map(|a| a.phase().clone());
        let effects = self.wizard.update(msg);
        self.access_changed(access.as_ref());
        if self.wizard.step() != step
            || self.wizard.trouble().map(Trouble::focused_field) != trouble
        {
            self.scroll = 0;
        }
        if self.wizard.overlay().is_some() != overlay {
            self.overlay_scroll = 0;
        }
        // Troubleshooting closed: its log and filter go with its findings, so the next time it
        // opens it shows no old text without findings.
        if trouble.is_some() && self.wizard.trouble().is_none() {
            self.set_field(Field::TroubleLog, "");
            self.set_field(Field::TroubleFilter, "");
        }
        if was_masked && !self.wizard.private_key_masked() {
            // Shown on request: from its first line.
            self.private.move_cursor(CursorMove::Top);
        }
        self.handle(effects)
    }

    /// Applies field effects (new text for a field) and returns the others.
    pub fn handle(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let mut queue = VecDeque::from(effects);
        let mut rest = Vec::new();
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::SetField(field, text) => self.set_field(field, text.expose()),
                other => rest.push(self.fill_effect(other)),
            }
        }
        self.sync_cursors();
        rest
    }
}

/// The characters in a one-line area.
fn area_len(area: &TextArea<'_>) -> usize {
    area.lines().iter().map(|l| l.chars().count()).sum()
}

//! The named rows of the key tables: an action, its keys, a footer hint and a sentence of
//! help. The tables of each context list these rows by name.

use crate::core::keyboard::{Action, Code, Key};

mod access;
mod connection;
mod service_steps;
mod trouble;
pub(super) use access::{
    ACCESS_CONTINUE, ACCESS_OPEN, ACCESS_REFRESH, ACCESS_REMOVE, ACCESS_REMOVE_NEW,
    ACCESS_REMOVE_OLD, ACCESS_ROTATE, ACCESS_SEND, ACCESS_TO_PRIVATE, ADD_FOR_ME, COPY_PUBLIC,
    WRITE_PUBLIC,
};
pub(super) use connection::{
    DONE_COPY_KEY, DONE_COPY_URL, PRIVATE_NEXT, TEST_AGAIN, TEST_CLEAR_MORE, TEST_FIX, TEST_NEXT,
    TEST_RUN, TEST_TRUST,
};
pub(super) use service_steps::{
    ADDRESS_NEXT, CHECKLIST_OPEN, CONSUMER_CHECK, COPY_VALUE, HOOK_RETRY, HOOK_SAVE,
    KNOWN_HOSTS_OPEN, LIST_FOCUS, MODE_NEXT, NEW_SECRET, SECRET_FOCUS, SHEET_CLOSE, SHEET_COPY,
    SHEET_FORMAT, SHOW_SECRET, TOKEN_CHECK,
};
pub(super) use trouble::{TROUBLE_GO, TROUBLE_LOAD, TROUBLE_OPEN, TROUBLE_RECHECK, TROUBLESHOOT};

/// One row of a key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys that trigger it; the first is shown in the footer.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// A word or two for the footer.
    pub hint: &'static str,
    /// A sentence for the help overlay.
    pub help: &'static str,
    /// Whether the footer shows it.
    pub footer: bool,
}

const fn row(
    keys: &'static [Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        keys,
        action,
        hint,
        help,
        footer,
    }
}

pub(super) const ENTER: Key = Key::plain(Code::Enter);
pub(super) const ESC: Key = Key::plain(Code::Esc);
pub(super) const TAB: Key = Key::plain(Code::Tab);
pub(super) const UP: Key = Key::plain(Code::Up);
pub(super) const DOWN: Key = Key::plain(Code::Down);

// Rows, by name.
pub(super) const QUIT_NOW: Binding = row(
    &[Key::ctrl('c')],
    Action::ForceQuit,
    "quit",
    "Quit now (progress is saved)",
    false,
);
pub(super) const HELP_F1: Binding = row(
    &[Key::plain(Code::F(1))],
    Action::Help,
    "help",
    "Show or hide this help",
    true,
);
pub(super) const BACK_ESC: Binding = row(
    &[ESC],
    Action::Back,
    "back",
    "Back to the previous step (what you typed is kept)",
    true,
);
pub(super) const FOCUS_NEXT: Binding = row(
    &[TAB],
    Action::FocusNext,
    "next field",
    "Move to the next field",
    false,
);
pub(super) const FOCUS_PREV: Binding = row(
    &[Key::plain(Code::BackTab)],
    Action::FocusPrev,
    "prev field",
    "Move to the previous field",
    false,
);
pub(super) const NEXT: Binding = row(
    &[ENTER, Key::plain(Code::Right)],
    Action::Next,
    "next",
    "Next step",
    true,
);
pub(super) const BACK_LEFT: Binding = row(
    &[Key::plain(Code::Left)],
    Action::Back,
    "back",
    "Back to the previous step",
    false,
);
pub(super) const HELP_QUESTION: Binding = row(
    &[Key::ch('?')],
    Action::Help,
    "help",
    "Show or hide this help",
    false,
);
pub(super) const QUIT: Binding = row(
    &[Key::ch('q')],
    Action::Quit,
    "quit",
    "Quit (asks first if something is unsaved)",
    true,
);
pub(super) const START: Binding = row(&[ENTER], Action::Next, "start", "Start the wizard", true);
pub(super) const CHOOSE_UP: Binding = row(
    &[UP, Key::ch('k')],
    Action::Up,
    "choose",
    "Choose the previous item in the focused list",
    true,
);
pub(super) const CHOOSE_DOWN: Binding = row(
    &[DOWN, Key::ch('j')],
    Action::Down,
    "choose",
    "Choose the next item in the focused list",
    false,
);
pub(super) const SWITCH_LIST: Binding = row(
    &[TAB],
    Action::FocusNext,
    "switch list",
    "Switch between the service and the Bitbucket lists",
    true,
);
pub(super) const SERVICE_NEXT: Binding = row(
    &[ENTER],
    Action::Next,
    "next",
    "Keep these choices and go on to the next step",
    true,
);
pub(super) const GENERATE: Binding = row(
    &[ENTER],
    Action::Next,
    "generate",
    "Generate the key pair and continue (continues if it exists already)",
    true,
);
pub(super) const USE_KEY: Binding = row(
    &[ENTER],
    Action::Next,
    "use key",
    "Read the key file's public half and continue",
    true,
);
pub(super) const FIELD_NEXT: Binding = row(
    &[TAB],
    Action::FocusNext,
    "next field",
    "Move to the next field",
    true,
);
pub(super) const CANCEL: Binding = row(
    &[ESC],
    Action::Back,
    "cancel",
    "Cancel what is running",
    true,
);
pub(super) const AREA_FOCUS: Binding = row(
    &[TAB],
    Action::FocusNext,
    "text",
    "Move into or out of the text area (paste works anywhere on this screen)",
    true,
);
pub(super) const LOAD_FILE: Binding = row(
    &[Key::ctrl('o'), Key::ch('o')],
    Action::Open,
    "load file",
    "Load the private key file from the key step",
    true,
);
pub(super) const SHOW: Binding = row(
    &[Key::ch('s')],
    Action::ToggleMask,
    "show",
    "Show or hide the pasted key",
    true,
);
pub(super) const CLEAR_KEY: Binding = row(
    &[Key::ch('x')],
    Action::Clear,
    "clear",
    "Clear the pasted text",
    false,
);
pub(super) const URL_NEXT: Binding = row(
    &[ENTER],
    Action::Next,
    "next",
    "Go on with this URL (Enter in the field too)",
    true,
);
pub(super) const URL_REPAIR: Binding = row(
    &[ENTER],
    Action::Next,
    "use suggested URL",
    "Put bblink's SSH URL in the field",
    true,
);
pub(super) const URL_FOCUS: Binding = row(
    &[TAB],
    Action::FocusNext,
    "edit",
    "Move into or out of the URL field (paste works anywhere on this screen)",
    true,
);
pub(super) const COPY_URL: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy URL",
    "Copy the SSH URL for the service",
    true,
);
pub(super) const CLEAR_URL: Binding = row(
    &[Key::ch('x')],
    Action::Clear,
    "clear",
    "Clear the field",
    false,
);
pub(super) const CLOSE_HELP: Binding = row(
    &[
        ESC,
        Key::plain(Code::F(1)),
        Key::ch('?'),
        Key::ch('q'),
        ENTER,
    ],
    Action::No,
    "close",
    "Close the help",
    true,
);
pub(super) const YES: Binding = row(
    &[Key::ch('y'), Key::ch('Y')],
    Action::Yes,
    "yes",
    "Yes",
    true,
);
pub(super) const NO: Binding = row(
    &[Key::ch('n'), Key::ch('N'), ESC],
    Action::No,
    "no",
    "No",
    true,
);
pub(super) const RESUME: Binding = row(
    &[Key::ch('r'), ENTER],
    Action::Yes,
    "resume",
    "Resume where you left off",
    true,
);
pub(super) const START_OVER: Binding = row(
    &[Key::ch('n'), ESC],
    Action::No,
    "start over",
    "Start over (your key files stay where they are)",
    true,
);

pub(super) const KEEP_KEY: Binding = row(
    &[ENTER],
    Action::Next,
    "next",
    "Go on with the key in use",
    true,
);
pub(super) const NEW_KEY: Binding = row(
    &[Key::ch('n')],
    Action::NewKey,
    "new key",
    "Make another key pair (the old public key must then be replaced in Bitbucket)",
    true,
);
pub(super) const UNLOCK: Binding = row(
    &[Key::ch('p')],
    Action::Unlock,
    "remove passphrase",
    "Type the key's passphrase to save a copy without it (the passphrase is not kept)",
    true,
);
pub(super) const CHOOSE_LEFT: Binding = row(
    &[Key::plain(Code::Left)],
    Action::Left,
    "choose",
    "Choose the option to the left in the focused row",
    true,
);
pub(super) const CHOOSE_RIGHT: Binding = row(
    &[Key::plain(Code::Right)],
    Action::Right,
    "choose",
    "Choose the option to the right in the focused row",
    false,
);
pub(super) const LIST_LEFT: Binding = row(
    &[Key::plain(Code::Left)],
    Action::Left,
    "choose",
    "Choose the previous item in the focused list (drawn as a row on a narrow terminal)",
    false,
);
pub(super) const LIST_RIGHT: Binding = row(
    &[Key::plain(Code::Right)],
    Action::Right,
    "choose",
    "Choose the next item in the focused list (drawn as a row on a narrow terminal)",
    false,
);
pub(super) const ROW_UP: Binding = row(&[UP], Action::Up, "row", "Move to the row above", true);
pub(super) const ROW_DOWN: Binding =
    row(&[DOWN], Action::Down, "row", "Move to the row below", false);
pub(super) const COPY_PRIVATE: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy key",
    "Copy the private key for the service: the repaired one if it was damaged, the key file of step 2 when nothing is pasted (the clipboard is cleared after a delay, 60 s unless set)",
    true,
);
pub(super) const WRITE_PRIVATE: Binding = row(
    &[Key::ch('w')],
    Action::WriteFile,
    "write file",
    "Write a pasted or repaired key to a new file readable by you only",
    false,
);
pub(super) const PAGE_UP: Binding = row(
    &[Key::plain(Code::PageUp)],
    Action::PageUp,
    "scroll",
    "Scroll the screen up",
    false,
);
pub(super) const PAGE_DOWN: Binding = row(
    &[Key::plain(Code::PageDown)],
    Action::PageDown,
    "scroll",
    "Scroll the screen down",
    false,
);

pub(super) const LINE_UP: Binding = row(
    &[Key::plain(Code::Up)],
    Action::LineUp,
    "scroll",
    "Scroll the screen up a line",
    false,
);
pub(super) const LINE_DOWN: Binding = row(
    &[Key::plain(Code::Down)],
    Action::LineDown,
    "scroll",
    "Scroll the screen down a line",
    false,
);

pub(super) const DIALOG_UP: Binding = row(
    &[Key::plain(Code::PageUp)],
    Action::PageUp,
    "scroll",
    "Scroll the dialog up",
    false,
);
pub(super) const DIALOG_DOWN: Binding = row(
    &[Key::plain(Code::PageDown)],
    Action::PageDown,
    "scroll",
    "Scroll the dialog down",
    false,
);
pub(super) const DIALOG_LINE_UP: Binding = row(
    &[UP],
    Action::LineUp,
    "scroll",
    "Scroll the dialog up a line",
    false,
);
pub(super) const DIALOG_LINE_DOWN: Binding = row(
    &[DOWN],
    Action::LineDown,
    "scroll",
    "Scroll the dialog down a line",
    false,
);

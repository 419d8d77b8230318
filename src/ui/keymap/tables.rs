//! The key tables as data: one named row per binding (an action, its keys, a footer hint and
//! a sentence of help), and each context's table as a list of rows by name.

use crate::core::key::{Action, Code, Context, Key, OverlayKind};

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

const ENTER: Key = Key::plain(Code::Enter);
const ESC: Key = Key::plain(Code::Esc);
const TAB: Key = Key::plain(Code::Tab);
const UP: Key = Key::plain(Code::Up);
const DOWN: Key = Key::plain(Code::Down);

// Rows, by name.
const QUIT_NOW: Binding = row(
    &[Key::ctrl('c')],
    Action::ForceQuit,
    "quit",
    "Quit now (progress is saved)",
    false,
);
const HELP_F1: Binding = row(
    &[Key::plain(Code::F(1))],
    Action::Help,
    "help",
    "Show or hide this help",
    true,
);
const BACK_ESC: Binding = row(
    &[ESC],
    Action::Back,
    "back",
    "Back to the previous step (what you typed is kept)",
    true,
);
const FOCUS_NEXT: Binding = row(
    &[TAB],
    Action::FocusNext,
    "next field",
    "Move to the next field",
    false,
);
const FOCUS_PREV: Binding = row(
    &[Key::plain(Code::BackTab)],
    Action::FocusPrev,
    "prev field",
    "Move to the previous field",
    false,
);
const NEXT: Binding = row(
    &[ENTER, Key::plain(Code::Right)],
    Action::Next,
    "next",
    "Next step",
    true,
);
const BACK_LEFT: Binding = row(
    &[Key::plain(Code::Left)],
    Action::Back,
    "back",
    "Back to the previous step",
    false,
);
const HELP_QUESTION: Binding = row(
    &[Key::ch('?')],
    Action::Help,
    "help",
    "Show or hide this help",
    false,
);
const QUIT: Binding = row(
    &[Key::ch('q')],
    Action::Quit,
    "quit",
    "Quit (asks first if something is unsaved)",
    true,
);
const START: Binding = row(&[ENTER], Action::Next, "start", "Start the wizard", true);
const CHOOSE_UP: Binding = row(
    &[UP, Key::ch('k')],
    Action::Up,
    "choose",
    "Choose the previous item in the focused list",
    true,
);
const CHOOSE_DOWN: Binding = row(
    &[DOWN, Key::ch('j')],
    Action::Down,
    "choose",
    "Choose the next item in the focused list",
    false,
);
const SWITCH_LIST: Binding = row(
    &[TAB],
    Action::FocusNext,
    "switch list",
    "Switch between the service and the Bitbucket lists",
    true,
);
const SERVICE_NEXT: Binding = row(
    &[ENTER],
    Action::Next,
    "next",
    "Keep these choices and go to the key step",
    true,
);
const GENERATE: Binding = row(
    &[ENTER],
    Action::Next,
    "generate",
    "Generate the key pair and continue (continues if it exists already)",
    true,
);
const USE_KEY: Binding = row(
    &[ENTER],
    Action::Next,
    "use key",
    "Read the key file's public half and continue",
    true,
);
const FIELD_NEXT: Binding = row(
    &[TAB],
    Action::FocusNext,
    "next field",
    "Move to the next field",
    true,
);
const CANCEL: Binding = row(
    &[ESC],
    Action::Back,
    "cancel",
    "Cancel what is running",
    true,
);
const COPY_PUBLIC: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy",
    "Copy the public key to the clipboard",
    true,
);
const WRITE_PUBLIC: Binding = row(
    &[Key::ch('w')],
    Action::WriteFile,
    "write file",
    "Write the public key to a file in the current directory",
    true,
);
const AREA_FOCUS: Binding = row(
    &[TAB],
    Action::FocusNext,
    "text",
    "Move into or out of the text area (paste works anywhere on this screen)",
    true,
);
const LOAD_FILE: Binding = row(
    &[Key::ctrl('o'), Key::ch('o')],
    Action::Open,
    "load file",
    "Load the private key file from the key step",
    true,
);
const SHOW: Binding = row(
    &[Key::ch('s')],
    Action::ToggleMask,
    "show",
    "Show or hide the pasted key",
    true,
);
const CLEAR_KEY: Binding = row(
    &[Key::ch('x')],
    Action::Clear,
    "clear",
    "Clear the pasted text",
    false,
);
const URL_NEXT: Binding = row(
    &[ENTER],
    Action::Next,
    "next",
    "Go on with this URL (Enter in the field too)",
    true,
);
const URL_REPAIR: Binding = row(
    &[ENTER],
    Action::Next,
    "use suggested URL",
    "Put bblink's SSH URL in the field",
    true,
);
const URL_FOCUS: Binding = row(
    &[TAB],
    Action::FocusNext,
    "edit",
    "Move into or out of the URL field (paste works anywhere on this screen)",
    true,
);
const COPY_URL: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy URL",
    "Copy the SSH URL for the service",
    true,
);
const CLEAR_URL: Binding = row(
    &[Key::ch('x')],
    Action::Clear,
    "clear",
    "Clear the field",
    false,
);
const CLOSE_HELP: Binding = row(
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
const YES: Binding = row(
    &[Key::ch('y'), Key::ch('Y')],
    Action::Yes,
    "yes",
    "Yes",
    true,
);
const NO: Binding = row(
    &[Key::ch('n'), Key::ch('N'), ESC],
    Action::No,
    "no",
    "No",
    true,
);
const RESUME: Binding = row(
    &[Key::ch('r'), ENTER],
    Action::Yes,
    "resume",
    "Resume where you left off",
    true,
);
const START_OVER: Binding = row(
    &[Key::ch('n'), ESC],
    Action::No,
    "start over",
    "Start over (your key files stay where they are)",
    true,
);

const KEEP_KEY: Binding = row(
    &[ENTER],
    Action::Next,
    "next",
    "Go on with the key in use",
    true,
);
const NEW_KEY: Binding = row(
    &[Key::ch('n')],
    Action::NewKey,
    "new key",
    "Make another key pair (the old public key must then be replaced in Bitbucket)",
    true,
);
const UNLOCK: Binding = row(
    &[Key::ch('p')],
    Action::Unlock,
    "remove passphrase",
    "Type the key's passphrase to save a copy without it (the passphrase is not kept)",
    true,
);
const CHOOSE_LEFT: Binding = row(
    &[Key::plain(Code::Left)],
    Action::Up,
    "choose",
    "Choose the option to the left in the focused row",
    false,
);
const CHOOSE_RIGHT: Binding = row(
    &[Key::plain(Code::Right)],
    Action::Down,
    "choose",
    "Choose the option to the right in the focused row",
    false,
);
const PRIVATE_NEXT: Binding = row(
    &[ENTER],
    Action::Next,
    "summary",
    "Go to the summary: what is set up and what is left to do in the service",
    true,
);
const COPY_PRIVATE: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy key",
    "Copy the private key for the service: the repaired one if it was damaged, the key file of step 2 when nothing is pasted (the clipboard is cleared after a delay, 60 s unless set)",
    true,
);
const WRITE_PRIVATE: Binding = row(
    &[Key::ch('w')],
    Action::WriteFile,
    "write file",
    "Write a pasted or repaired key to a new file readable by you only",
    false,
);
const PAGE_UP: Binding = row(
    &[Key::plain(Code::PageUp)],
    Action::PageUp,
    "scroll",
    "Scroll the screen up",
    false,
);
const PAGE_DOWN: Binding = row(
    &[Key::plain(Code::PageDown)],
    Action::PageDown,
    "scroll",
    "Scroll the screen down",
    false,
);

const LINE_UP: Binding = row(
    &[Key::plain(Code::Up)],
    Action::LineUp,
    "scroll",
    "Scroll the screen up a line",
    false,
);
const LINE_DOWN: Binding = row(
    &[Key::plain(Code::Down)],
    Action::LineDown,
    "scroll",
    "Scroll the screen down a line",
    false,
);

const DIALOG_UP: Binding = row(
    &[Key::plain(Code::PageUp)],
    Action::PageUp,
    "scroll",
    "Scroll the dialog up",
    false,
);
const DIALOG_DOWN: Binding = row(
    &[Key::plain(Code::PageDown)],
    Action::PageDown,
    "scroll",
    "Scroll the dialog down",
    false,
);
const DIALOG_LINE_UP: Binding = row(
    &[UP],
    Action::LineUp,
    "scroll",
    "Scroll the dialog up a line",
    false,
);
const DIALOG_LINE_DOWN: Binding = row(
    &[DOWN],
    Action::LineDown,
    "scroll",
    "Scroll the dialog down a line",
    false,
);
/// Scrolling a dialog taller than the terminal.
const DIALOG_SCROLL: [Binding; 4] = [DIALOG_UP, DIALOG_DOWN, DIALOG_LINE_UP, DIALOG_LINE_DOWN];

/// Active even while a text field has focus.
pub const ALWAYS: &[Binding] = &[QUIT_NOW, HELP_F1, BACK_ESC, FOCUS_NEXT, FOCUS_PREV];
/// Active when no text field has focus (these keys are text otherwise), except Enter.
pub const GLOBAL: &[Binding] = &[NEXT, BACK_LEFT, HELP_QUESTION, QUIT];
/// While a job runs on the screen: cancel it, help, or quit.
pub const WORKING: &[Binding] = &[CANCEL, HELP_F1, QUIT_NOW];

/// The table of a step's context.
pub fn step_table(context: Context) -> &'static [Binding] {
    match context {
        Context::Welcome => &[START, PAGE_UP, PAGE_DOWN, LINE_UP, LINE_DOWN],
        Context::Service => &[
            CHOOSE_UP,
            CHOOSE_DOWN,
            SWITCH_LIST,
            SERVICE_NEXT,
            PAGE_UP,
            PAGE_DOWN,
        ],
        Context::KeyGenerate => &[
            GENERATE,
            FIELD_NEXT,
            CHOOSE_UP,
            CHOOSE_DOWN,
            CHOOSE_LEFT,
            CHOOSE_RIGHT,
        ],
        Context::KeyReady => &[
            KEEP_KEY,
            NEW_KEY,
            FIELD_NEXT,
            CHOOSE_UP,
            CHOOSE_DOWN,
            CHOOSE_LEFT,
            CHOOSE_RIGHT,
        ],
        Context::KeyExisting => &[
            USE_KEY,
            FIELD_NEXT,
            UNLOCK,
            CHOOSE_UP,
            CHOOSE_DOWN,
            CHOOSE_LEFT,
            CHOOSE_RIGHT,
        ],
        Context::PublicKey => &[
            COPY_PUBLIC,
            WRITE_PUBLIC,
            PAGE_UP,
            PAGE_DOWN,
            LINE_UP,
            LINE_DOWN,
        ],
        Context::CloneUrl => &[
            URL_NEXT, URL_FOCUS, COPY_URL, CLEAR_URL, PAGE_UP, PAGE_DOWN, LINE_UP, LINE_DOWN,
        ],
        Context::CloneUrlRepair => &[
            URL_REPAIR, URL_FOCUS, COPY_URL, CLEAR_URL, PAGE_UP, PAGE_DOWN, LINE_UP, LINE_DOWN,
        ],
        Context::PrivateKey => &[
            PRIVATE_NEXT,
            AREA_FOCUS,
            LOAD_FILE,
            COPY_PRIVATE,
            SHOW,
            WRITE_PRIVATE,
            CLEAR_KEY,
            PAGE_UP,
            PAGE_DOWN,
            LINE_UP,
            LINE_DOWN,
        ],
        Context::Done => &[PAGE_UP, PAGE_DOWN, LINE_UP, LINE_DOWN],
    }
}

/// The table of a dialog; dialogs take every key but Ctrl-C.
pub fn overlay_table(kind: OverlayKind) -> &'static [Binding] {
    match kind {
        OverlayKind::Help => &[
            CLOSE_HELP,
            DIALOG_SCROLL[0],
            DIALOG_SCROLL[1],
            DIALOG_SCROLL[2],
            DIALOG_SCROLL[3],
        ],
        OverlayKind::Confirm => &[
            YES,
            NO,
            DIALOG_SCROLL[0],
            DIALOG_SCROLL[1],
            DIALOG_SCROLL[2],
            DIALOG_SCROLL[3],
        ],
        OverlayKind::Resume => &[
            RESUME,
            START_OVER,
            DIALOG_SCROLL[0],
            DIALOG_SCROLL[1],
            DIALOG_SCROLL[2],
            DIALOG_SCROLL[3],
        ],
    }
}

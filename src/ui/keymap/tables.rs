//! The key tables as data: each context's table as a list of named rows (`rows`), in
//! dispatch order.

#[allow(clippy::wildcard_imports)] // the rows are this file's vocabulary
use super::rows::*;
use crate::core::key::{Context, OverlayKind};

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
            PAGE_UP,
            PAGE_DOWN,
        ],
        Context::KeyReady => &[
            KEEP_KEY,
            NEW_KEY,
            FIELD_NEXT,
            CHOOSE_UP,
            CHOOSE_DOWN,
            CHOOSE_LEFT,
            CHOOSE_RIGHT,
            PAGE_UP,
            PAGE_DOWN,
        ],
        Context::KeyExisting => &[
            USE_KEY,
            FIELD_NEXT,
            UNLOCK,
            CHOOSE_UP,
            CHOOSE_DOWN,
            CHOOSE_LEFT,
            CHOOSE_RIGHT,
            PAGE_UP,
            PAGE_DOWN,
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
            DIALOG_UP,
            DIALOG_DOWN,
            DIALOG_LINE_UP,
            DIALOG_LINE_DOWN,
        ],
        OverlayKind::Confirm => &[
            YES,
            NO,
            DIALOG_UP,
            DIALOG_DOWN,
            DIALOG_LINE_UP,
            DIALOG_LINE_DOWN,
        ],
        OverlayKind::Resume => &[
            RESUME,
            START_OVER,
            DIALOG_UP,
            DIALOG_DOWN,
            DIALOG_LINE_UP,
            DIALOG_LINE_DOWN,
        ],
    }
}

//! The key tables as data: each context's table as a list of named rows (`rows`), in
//! dispatch order.

#[allow(clippy::wildcard_imports)] // the rows are this file's vocabulary
use super::rows::*;
use crate::core::keyboard::{Context, OverlayKind};

/// Active even while a text field has focus.
pub const ALWAYS: &[Binding] = &[
    QUIT_NOW,
    HELP_F1,
    TROUBLESHOOT,
    ACCESS_OPEN,
    KNOWN_HOSTS_OPEN,
    CHECKLIST_OPEN,
    BACK_ESC,
    FOCUS_NEXT,
    FOCUS_PREV,
];
/// Active when no text field has focus (these keys are text otherwise), except Enter.
pub const GLOBAL: &[Binding] = &[NEXT, BACK_LEFT, HELP_QUESTION, QUIT];
/// While a job runs on the screen: cancel it, help, or quit.
pub const WORKING: &[Binding] = &[CANCEL, HELP_F1, TROUBLESHOOT, QUIT_NOW];

/// The arrows of a screen of rows of options: ↑↓ move between rows, ←→ choose in a row.
/// (A list whose items are its rows chooses with ↑↓: `CHOOSE_UP`, `CHOOSE_DOWN`.)
const KEY_CHOICES: &[Binding] = &[FIELD_NEXT, ROW_UP, ROW_DOWN, CHOOSE_LEFT, CHOOSE_RIGHT];
/// Scrolling a screen whose arrows choose in a list: by the page only.
const PAGE: &[Binding] = &[PAGE_UP, PAGE_DOWN];
/// Scrolling a screen: by the page, and by the line with the arrows.
const SCROLL: &[Binding] = &[PAGE_UP, PAGE_DOWN, LINE_UP, LINE_DOWN];
/// Scrolling a dialog taller than the terminal.
const DIALOG_SCROLL: &[Binding] = &[DIALOG_UP, DIALOG_DOWN, DIALOG_LINE_UP, DIALOG_LINE_DOWN];

/// The tables of a step's context, in dispatch order: its own rows, then what it shares.
pub fn step_tables(context: Context) -> &'static [&'static [Binding]] {
    match context {
        Context::Welcome => &[&[START], SCROLL],
        // A list is drawn as a column, or as a row on a narrow terminal: both arrows choose in
        // it, and neither leaves the step (Enter goes on, Esc back).
        Context::Service => &[
            &[
                CHOOSE_UP,
                CHOOSE_DOWN,
                LIST_LEFT,
                LIST_RIGHT,
                SWITCH_LIST,
                SERVICE_NEXT,
            ],
            PAGE,
        ],
        Context::KeyGenerate => &[&[GENERATE], KEY_CHOICES, PAGE],
        Context::KeyReady => &[&[KEEP_KEY, NEW_KEY], KEY_CHOICES, PAGE],
        Context::KeyExisting => &[&[USE_KEY, UNLOCK], KEY_CHOICES, PAGE],
        Context::PublicKey => &[&[COPY_PUBLIC, WRITE_PUBLIC, ADD_FOR_ME], SCROLL],
        Context::CloneUrl => &[&[URL_NEXT, URL_FOCUS, COPY_URL, CLEAR_URL], SCROLL],
        Context::CloneUrlRepair => &[&[URL_REPAIR, URL_FOCUS, COPY_URL, CLEAR_URL], SCROLL],
        Context::PrivateKey => &[
            &[
                PRIVATE_NEXT,
                AREA_FOCUS,
                LOAD_FILE,
                COPY_PRIVATE,
                SHOW,
                WRITE_PRIVATE,
                CLEAR_KEY,
            ],
            SCROLL,
        ],
        Context::Test => &[&[TEST_RUN, TEST_TRUST, TEST_FIX, TEST_CLEAR_MORE], SCROLL],
        Context::TestPassed => &[&[TEST_NEXT, TEST_AGAIN, TEST_CLEAR_MORE], SCROLL],
        Context::Done => &[&[DONE_COPY_URL, DONE_COPY_KEY], SCROLL],
        Context::Trouble => &[&[TROUBLE_OPEN, CHOOSE_UP, CHOOSE_DOWN], PAGE],
        Context::TroubleDetail => &[&[TROUBLE_GO], SCROLL],
        Context::TroubleLog => &[&[TROUBLE_LOAD], PAGE],
        Context::TroubleMachine => &[&[TROUBLE_RECHECK], SCROLL],
        Context::AccessForm => &[&[ACCESS_SEND], PAGE],
        Context::AccessKeys => &[
            &[
                ACCESS_REMOVE,
                ACCESS_ROTATE,
                ACCESS_REFRESH,
                CHOOSE_UP,
                CHOOSE_DOWN,
            ],
            PAGE,
        ],
        Context::AccessResult => &[&[ACCESS_CONTINUE], SCROLL],
        Context::AccessRotated => &[&[ACCESS_REMOVE_OLD, ACCESS_TO_PRIVATE], SCROLL],
        Context::AccessRotateFailed => &[&[ACCESS_REMOVE_NEW], SCROLL],
        Context::Address => &[
            &[ADDRESS_NEXT, LIST_FOCUS, COPY_VALUE, CHOOSE_UP, CHOOSE_DOWN],
            PAGE,
        ],
        Context::Consumer => &[
            &[
                CONSUMER_CHECK,
                FIELD_NEXT,
                COPY_VALUE,
                MODE_NEXT,
                CHOOSE_UP,
                CHOOSE_DOWN,
            ],
            PAGE,
        ],
        Context::Token => &[&[TOKEN_CHECK, FIELD_NEXT], SCROLL],
        Context::Webhook => &[
            &[
                HOOK_SAVE,
                HOOK_RETRY,
                NEW_SECRET,
                SECRET_FOCUS,
                COPY_VALUE,
                SHOW_SECRET,
                CHOOSE_UP,
                CHOOSE_DOWN,
            ],
            PAGE,
        ],
        Context::DoneCredential => &[&[COPY_VALUE, CHOOSE_UP, CHOOSE_DOWN], PAGE],
    }
}

/// The tables of a dialog; dialogs take every key but Ctrl-C.
pub fn overlay_tables(kind: OverlayKind) -> &'static [&'static [Binding]] {
    match kind {
        OverlayKind::Help => &[&[CLOSE_HELP], DIALOG_SCROLL],
        OverlayKind::Confirm => &[&[YES, NO], DIALOG_SCROLL],
        OverlayKind::Resume => &[&[RESUME, START_OVER], DIALOG_SCROLL],
        OverlayKind::Sheet => &[&[SHEET_COPY, SHEET_FORMAT, SHEET_CLOSE], DIALOG_SCROLL],
        OverlayKind::Read => &[&[SHEET_CLOSE], DIALOG_SCROLL],
    }
}

//! The key vocabulary shared by the core and the UI: keys ([`Key`]), what the user can ask
//! for ([`Action`]), and the state a key is resolved in ([`KeyState`]): which table is in force
//! and whether a text field has focus. The tables themselves are the UI's (`ui::keymap`).
//!
//! A leaf: it imports nothing of the wizard, only the step enum. Keys are bblink's own small
//! type so the core stays free of terminal crates; the UI converts terminal events into it.

use std::fmt;

use super::step::Step;

/// A key as the wizard sees it. Shift is folded into the character (and `BackTab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// Which key.
    pub code: Code,
    /// Control held.
    pub ctrl: bool,
    /// Alt (Meta, Option) held.
    pub alt: bool,
}

/// The key's code.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    Backspace,
    Delete,
    Other,
}

impl Key {
    /// A key with no modifiers.
    pub const fn plain(code: Code) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
        }
    }
    /// A printable character with no modifiers.
    pub const fn ch(c: char) -> Self {
        Self::plain(Code::Char(c))
    }
    /// Control plus a character.
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: Code::Char(c),
            ctrl: true,
            alt: false,
        }
    }
    /// Alt plus a character.
    pub const fn alt(c: char) -> Self {
        Self {
            code: Code::Char(c),
            ctrl: false,
            alt: true,
        }
    }

    /// Keys a focused one-line text field edits with: printable text and cursor movement.
    pub fn edits_text(self) -> bool {
        match self.code {
            Code::Char(_) => !self.alt && (!self.ctrl || self.is_ctrl_editing()),
            Code::Left | Code::Right | Code::Home | Code::End | Code::Backspace | Code::Delete => {
                !self.alt
            }
            _ => false,
        }
    }

    /// Keys a focused multi-line text area also takes: new lines and moving between lines
    /// (`PgUp` and `PgDn` scroll the screen, whose "more" marker names them).
    pub fn edits_lines(self) -> bool {
        !self.ctrl && !self.alt && matches!(self.code, Code::Enter | Code::Up | Code::Down)
    }

    fn is_ctrl_editing(self) -> bool {
        // Emacs-style editing chords the text area understands; Ctrl-C and Ctrl-G stay global.
        matches!(
            self.code,
            Code::Char('a' | 'e' | 'b' | 'f' | 'h' | 'k' | 'u' | 'w' | 'd' | 'z' | 'y')
        )
    }

    /// The digit of a digit key (jump keys).
    pub fn digit(self) -> Option<u8> {
        match self.code {
            Code::Char(c @ '0'..='9') => u8::try_from(c.to_digit(10)?).ok(),
            _ => None,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            Code::Char(' ') => f.write_str("Space"),
            Code::Char(c) if self.ctrl || self.alt => write!(f, "{}", c.to_ascii_uppercase()),
            Code::Char(c) => write!(f, "{c}"),
            Code::F(n) => write!(f, "F{n}"),
            Code::Enter => f.write_str("Enter"),
            Code::Esc => f.write_str("Esc"),
            Code::Tab => f.write_str("Tab"),
            Code::BackTab => f.write_str("Shift-Tab"),
            Code::Left => f.write_str("←"),
            Code::Right => f.write_str("→"),
            Code::Up => f.write_str("↑"),
            Code::Down => f.write_str("↓"),
            Code::Home => f.write_str("Home"),
            Code::End => f.write_str("End"),
            Code::PageUp => f.write_str("PgUp"),
            Code::PageDown => f.write_str("PgDn"),
            Code::Backspace => f.write_str("Backspace"),
            Code::Delete => f.write_str("Del"),
            Code::Other => f.write_str("?"),
        }
    }
}

/// Something the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Quit, asking first when something is unsaved.
    Quit,
    /// Quit now (Ctrl-C); progress is still saved.
    ForceQuit,
    /// Show or hide the help overlay.
    Help,
    /// Previous step (or cancel the running job).
    Back,
    /// The step's main action, then the next step.
    Next,
    /// Go straight to a step.
    Jump(Step),
    /// Move focus to the next field.
    FocusNext,
    /// Move focus to the previous field.
    FocusPrev,
    /// The row above: the previous item of a list, or the control above (never wraps).
    Up,
    /// The row below: the next item of a list, or the control below (never wraps).
    Down,
    /// The option to the left in the focused row of options (never wraps).
    Left,
    /// The option to the right in the focused row of options (never wraps).
    Right,
    /// Copy the step's value to the clipboard.
    Copy,
    /// Write the step's value to a file.
    WriteFile,
    /// Copy the private key for the service (the summary).
    CopyPrivate,
    /// Show or hide the pasted private key.
    ToggleMask,
    /// Load the key file from the key step.
    Open,
    /// Clear the pasted text.
    Clear,
    /// Make a new key although one is in use.
    NewKey,
    /// Remove the passphrase of the key file.
    Unlock,
    /// Run the connection test (again).
    Retest,
    /// Go to the step that fixes what the connection test found.
    Fix,
    /// Trust the host key the server showed (after confirming its fingerprint).
    Trust,
    /// Open or close troubleshooting.
    Troubleshoot,
    /// Add the public key to Bitbucket through its API (the public key step).
    AccessKeys,
    /// Open or close the Keys screen: the repository's access keys through the API.
    KeysScreen,
    /// Remove the chosen access key (after confirmation).
    RemoveKey,
    /// Rotate the chosen access key.
    RotateKey,
    /// Choose the next of a short list of options (the OAuth consumer's mode).
    Cycle,
    /// Make a new webhook secret.
    NewSecret,
    /// Open the `known_hosts` sheet (lines and CI snippets without trust on first use).
    KnownHostsSheet,
    /// Open the service's checklist (key rotation, renames).
    Checklist,
    /// Scroll the screen up a page.
    PageUp,
    /// Scroll the screen down a page.
    PageDown,
    /// Scroll the screen up a line.
    LineUp,
    /// Scroll the screen down a line.
    LineDown,
    /// Answer yes in a confirmation.
    Yes,
    /// Answer no in a confirmation, or close an overlay.
    No,
}

/// The key table a step has in force, by name; the UI owns the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The welcome screen.
    Welcome,
    /// The service and flavor lists.
    Service,
    /// The key step, generating a new pair.
    KeyGenerate,
    /// The key step with a key in use (Enter keeps it, `n` makes another).
    KeyReady,
    /// The key step, using an existing key file.
    KeyExisting,
    /// The public key screen.
    PublicKey,
    /// The clone URL screen.
    CloneUrl,
    /// The clone URL screen while a repair is offered (Enter accepts it).
    CloneUrlRepair,
    /// The private key screen.
    PrivateKey,
    /// The connection test, before it ran or after it failed (Enter runs it).
    Test,
    /// The connection test after it passed (Enter goes on).
    TestPassed,
    /// The summary at the end.
    Done,
    /// Troubleshooting: the problems, with the filter field.
    Trouble,
    /// Troubleshooting: one problem opened.
    TroubleDetail,
    /// Troubleshooting: a log pasted to diagnose.
    TroubleLog,
    /// Troubleshooting: this machine's SSH and git setup.
    TroubleMachine,
    /// The access-key credential form.
    AccessForm,
    /// The repository's access keys.
    AccessKeys,
    /// An access-key call's result.
    AccessResult,
    /// A rotation that passed: the old key may go.
    AccessRotated,
    /// A rotation that failed after adding its new key: the new key may go.
    AccessRotateFailed,
    /// The service URL step.
    Address,
    /// The OAuth consumer step.
    Consumer,
    /// The access token step.
    Token,
    /// The webhook step.
    Webhook,
    /// The done screen of an OAuth or webhook service.
    DoneCredential,
}

/// The dialog whose table is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverlayKind {
    /// The help overlay.
    Help,
    /// A yes/no question.
    Confirm,
    /// The resume offer.
    Resume,
    /// A sheet to copy from, in several formats (`known_hosts`).
    Sheet,
    /// A sheet to read (a checklist).
    Read,
}

/// The kind of text field that has focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// One line: Enter and the vertical arrows stay commands.
    Line,
    /// Several lines: Enter and the arrows edit too.
    Area,
}

/// Everything key resolution needs to know about the wizard, from the wizard itself (so the UI
/// keeps no copy of wizard state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyState {
    /// The steps of the chosen service's route (jump keys, the help's step list).
    pub route: crate::core::step::Route,
    /// The current step.
    pub step: Step,
    /// The step's table.
    pub context: Context,
    /// The open dialog's table, which takes every key but Ctrl-C.
    pub overlay: Option<OverlayKind>,
    /// The focused text field.
    pub field: Option<FieldKind>,
    /// A job runs on this screen: only cancel (Esc), help and Ctrl-C apply.
    pub working: bool,
    /// Actions that do nothing here now (left out of hints and help; still dispatched, so the
    /// step can say why).
    pub unavailable: Vec<Action>,
}

impl KeyState {
    /// Whether an action does something in this state.
    pub fn available(&self, action: Action) -> bool {
        !self.unavailable.contains(&action)
    }
}

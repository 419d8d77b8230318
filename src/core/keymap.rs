//! The key tables. One table per context drives dispatch, the footer hints and the help
//! overlay, so what the screen says a key does is what it does.
//!
//! Keys are described with bblink's own small [`Key`] type so the core stays free of terminal
//! crates; the UI converts terminal events into it.

use std::fmt;

use super::wizard::{Overlay, Step};

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

    /// Keys a focused multi-line text area also takes: new lines and moving between lines.
    pub fn edits_lines(self) -> bool {
        !self.ctrl
            && !self.alt
            && matches!(
                self.code,
                Code::Enter | Code::Up | Code::Down | Code::PageUp | Code::PageDown
            )
    }

    fn is_ctrl_editing(self) -> bool {
        // Emacs-style editing chords the text area understands; Ctrl-C and Ctrl-G stay global.
        matches!(
            self.code,
            Code::Char('a' | 'e' | 'b' | 'f' | 'h' | 'k' | 'u' | 'w' | 'd' | 'z' | 'y')
        )
    }

    fn digit(self) -> Option<u8> {
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
    /// Start a two-key jump (Ctrl-G then a digit).
    GoPrefix,
    /// Move focus to the next field.
    FocusNext,
    /// Move focus to the previous field.
    FocusPrev,
    /// Choose the previous item of the focused list.
    Up,
    /// Choose the next item of the focused list.
    Down,
    /// Copy the step's value to the clipboard.
    Copy,
    /// Write the step's value to a file.
    WriteFile,
    /// Show or hide the pasted private key.
    ToggleMask,
    /// Load the key file from the key step.
    Open,
    /// Clear the pasted text.
    Clear,
    /// Answer yes in a confirmation.
    Yes,
    /// Answer no in a confirmation, or close an overlay.
    No,
}

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

const fn b(
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

/// Always active, even while a text field has focus.
pub const ALWAYS: &[Binding] = &[
    b(
        &[Key::ctrl('c')],
        Action::ForceQuit,
        "quit",
        "Quit now (progress is saved)",
        false,
    ),
    b(
        &[Key::plain(Code::F(1))],
        Action::Help,
        "help",
        "Show or hide this help",
        true,
    ),
    b(
        &[Key::ctrl('g')],
        Action::GoPrefix,
        "go",
        "Ctrl-G then a step number: jump to that step",
        false,
    ),
    b(
        &[ESC],
        Action::Back,
        "back",
        "Back to the previous step (what you typed is kept)",
        true,
    ),
    b(
        &[Key::plain(Code::Tab)],
        Action::FocusNext,
        "next field",
        "Move to the next field",
        false,
    ),
    b(
        &[Key::plain(Code::BackTab)],
        Action::FocusPrev,
        "prev field",
        "Move to the previous field",
        false,
    ),
];

/// Active when no text field has focus (these keys are text otherwise).
pub const GLOBAL: &[Binding] = &[
    b(
        &[ENTER, Key::plain(Code::Right)],
        Action::Next,
        "next",
        "Next step",
        true,
    ),
    b(
        &[Key::plain(Code::Left)],
        Action::Back,
        "back",
        "Back to the previous step",
        false,
    ),
    b(
        &[Key::ch('?')],
        Action::Help,
        "help",
        "Show or hide this help",
        false,
    ),
    b(
        &[Key::ch('q')],
        Action::Quit,
        "quit",
        "Quit (asks first if something is unsaved)",
        true,
    ),
];

const WELCOME: &[Binding] = &[b(&[ENTER], Action::Next, "start", "Start the wizard", true)];

const SERVICE: &[Binding] = &[
    b(
        &[Key::plain(Code::Up), Key::ch('k')],
        Action::Up,
        "choose",
        "Choose the previous item in the focused list",
        true,
    ),
    b(
        &[Key::plain(Code::Down), Key::ch('j')],
        Action::Down,
        "choose",
        "Choose the next item in the focused list",
        false,
    ),
    b(
        &[Key::plain(Code::Tab)],
        Action::FocusNext,
        "switch list",
        "Switch between the service and the Bitbucket lists",
        true,
    ),
    b(
        &[ENTER],
        Action::Next,
        "next",
        "Keep these choices and go to the key step",
        true,
    ),
];

const KEY_GENERATE: &[Binding] = &[
    b(
        &[ENTER],
        Action::Next,
        "generate",
        "Generate the key pair and continue (continues if it exists already)",
        true,
    ),
    b(
        &[Key::plain(Code::Tab)],
        Action::FocusNext,
        "next field",
        "Move to the next field",
        true,
    ),
    b(
        &[Key::plain(Code::Up), Key::ch('k')],
        Action::Up,
        "choose",
        "Choose the previous option in the focused list",
        true,
    ),
    b(
        &[Key::plain(Code::Down), Key::ch('j')],
        Action::Down,
        "choose",
        "Choose the next option in the focused list",
        false,
    ),
];

const KEY_EXISTING: &[Binding] = &[
    b(
        &[ENTER],
        Action::Next,
        "use key",
        "Read the key file's public half and continue",
        true,
    ),
    b(
        &[Key::plain(Code::Tab)],
        Action::FocusNext,
        "next field",
        "Move to the next field",
        true,
    ),
    b(
        &[Key::plain(Code::Up), Key::ch('k')],
        Action::Up,
        "choose",
        "Choose the previous option in the focused list",
        true,
    ),
    b(
        &[Key::plain(Code::Down), Key::ch('j')],
        Action::Down,
        "choose",
        "Choose the next option in the focused list",
        false,
    ),
];

const KEY_WORKING: &[Binding] = &[b(
    &[ESC],
    Action::Back,
    "cancel",
    "Cancel the key generation",
    true,
)];

const PUBLIC_KEY: &[Binding] = &[
    b(
        &[Key::ch('c')],
        Action::Copy,
        "copy",
        "Copy the public key to the clipboard",
        true,
    ),
    b(
        &[Key::ch('w')],
        Action::WriteFile,
        "write file",
        "Write the public key to a file in the current directory",
        true,
    ),
];

const PRIVATE_KEY: &[Binding] = &[
    b(
        &[Key::plain(Code::Tab)],
        Action::FocusNext,
        "text",
        "Move into or out of the text area (paste works anywhere on this screen)",
        true,
    ),
    b(
        &[Key::ctrl('o'), Key::ch('o')],
        Action::Open,
        "load file",
        "Load the private key file from the key step",
        true,
    ),
    b(
        &[Key::ch('c')],
        Action::Copy,
        "copy repaired",
        "Copy the repaired key (the clipboard is cleared again after a delay, 60 s unless set)",
        true,
    ),
    b(
        &[Key::ch('s')],
        Action::ToggleMask,
        "show",
        "Show or hide the pasted key",
        true,
    ),
    b(
        &[Key::ch('x')],
        Action::Clear,
        "clear",
        "Clear the pasted text",
        false,
    ),
];

const CLONE_URL: &[Binding] = &[
    b(
        &[ENTER],
        Action::Next,
        "next",
        "Go on with this URL (Enter in the field too)",
        true,
    ),
    b(
        &[Key::plain(Code::Tab)],
        Action::FocusNext,
        "edit",
        "Move into or out of the URL field (paste works anywhere on this screen)",
        true,
    ),
    b(
        &[Key::ch('c')],
        Action::Copy,
        "copy URL",
        "Copy the SSH URL for the service",
        true,
    ),
    b(
        &[Key::ch('x')],
        Action::Clear,
        "clear",
        "Clear the field",
        false,
    ),
];

const CLONE_URL_REPAIR: &[Binding] = &[
    b(
        &[ENTER],
        Action::Next,
        "use suggested URL",
        "Put bblink's SSH URL in the field",
        true,
    ),
    CLONE_URL[1],
    CLONE_URL[2],
    CLONE_URL[3],
];

const HELP: &[Binding] = &[b(
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
)];

const CONFIRM: &[Binding] = &[
    b(
        &[Key::ch('y'), Key::ch('Y')],
        Action::Yes,
        "yes",
        "Yes",
        true,
    ),
    b(
        &[Key::ch('n'), Key::ch('N'), ESC],
        Action::No,
        "no",
        "No",
        true,
    ),
];

const RESUME: &[Binding] = &[
    b(
        &[Key::ch('r'), ENTER],
        Action::Yes,
        "resume",
        "Resume where you left off",
        true,
    ),
    b(
        &[Key::ch('n'), ESC],
        Action::No,
        "start over",
        "Start over (your key files stay where they are)",
        true,
    ),
];

/// The table of a step in a context.
pub fn step_table(ctx: &Context<'_>) -> &'static [Binding] {
    match ctx.step {
        Step::Welcome => WELCOME,
        Step::Service => SERVICE,
        Step::Key if ctx.working => KEY_WORKING,
        Step::Key if ctx.existing_key_source => KEY_EXISTING,
        Step::Key => KEY_GENERATE,
        Step::PublicKey => PUBLIC_KEY,
        Step::CloneUrl if ctx.url_repair => CLONE_URL_REPAIR,
        Step::CloneUrl => CLONE_URL,
        Step::PrivateKey => PRIVATE_KEY,
    }
}

/// Whether an action does anything in this context (hints and help leave out those that don't).
pub fn applies(ctx: &Context<'_>, action: Action) -> bool {
    match action {
        Action::Back => ctx.step.prev().is_some() || ctx.working,
        Action::Next => ctx.step.next().is_some() || ctx.step == Step::Key,
        Action::FocusNext | Action::FocusPrev => {
            matches!(
                ctx.step,
                Step::Service | Step::Key | Step::CloneUrl | Step::PrivateKey
            )
        }
        Action::Up | Action::Down => matches!(ctx.step, Step::Service | Step::Key),
        Action::Copy if ctx.step == Step::PrivateKey => ctx.repaired,
        Action::Copy if ctx.step == Step::CloneUrl => ctx.url_copy,
        Action::Copy | Action::WriteFile => ctx.has_key,
        Action::GoPrefix => false,
        _ => true,
    }
}

/// The table of an overlay; overlays take every key but the [`ALWAYS`] Ctrl-C.
pub fn overlay_table(overlay: &Overlay) -> &'static [Binding] {
    match overlay {
        Overlay::Help => HELP,
        Overlay::Resume(_) => RESUME,
        Overlay::ConfirmQuit | Overlay::ConfirmOverwrite(_) | Overlay::ConfirmInRepo(_) => CONFIRM,
    }
}

/// Where a key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// To the wizard as an action.
    Action(Action),
    /// To the focused text field.
    Field,
    /// Nowhere.
    Ignored,
}

/// The context a key is resolved in.
#[allow(clippy::struct_excessive_bools)] // independent facts, not a mode in disguise
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The current step.
    pub step: Step,
    /// The open overlay, if any.
    pub overlay: Option<&'a Overlay>,
    /// Whether a text field has focus.
    pub field_focused: bool,
    /// Whether a job is running on this step.
    pub working: bool,
    /// Whether Ctrl-G was just pressed.
    pub go_pending: bool,
    /// The key step is set to use an existing key file.
    pub existing_key_source: bool,
    /// A key is in use (copy and write apply).
    pub has_key: bool,
    /// The focused field is multi-line (Enter and arrows edit it).
    pub multiline: bool,
    /// A repaired private key can be copied.
    pub repaired: bool,
    /// The clone URL step has an SSH URL to copy.
    pub url_copy: bool,
    /// The clone URL step offers a repair (Enter accepts it).
    pub url_repair: bool,
}

fn find(table: &[Binding], key: Key) -> Option<Action> {
    table
        .iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action)
}

/// Resolves a key: always-keys, then the overlay, then the focused field, then the step's
/// table, then the global table: the same order [`hints`] and [`help_rows`] use.
pub fn resolve(ctx: &Context<'_>, key: Key) -> Resolved {
    if key.alt
        && !key.ctrl
        && let Some(step) = key.digit().and_then(Step::by_number)
    {
        return Resolved::Action(Action::Jump(step));
    }
    if ctx.go_pending {
        return key
            .digit()
            .and_then(Step::by_number)
            .map_or(Resolved::Ignored, |s| Resolved::Action(Action::Jump(s)));
    }
    if key == Key::ctrl('c') {
        return Resolved::Action(Action::ForceQuit);
    }
    if let Some(overlay) = ctx.overlay {
        return find(overlay_table(overlay), key).map_or(Resolved::Ignored, Resolved::Action);
    }
    if ctx.working {
        return find(step_table(ctx), key)
            .or_else(|| find(&ALWAYS[..2], key))
            .map_or(Resolved::Ignored, Resolved::Action);
    }
    if let Some(a) = find(ALWAYS, key) {
        // A step's own Tab (e.g. "switch list") is the same action; no conflict.
        return Resolved::Action(a);
    }
    if ctx.field_focused && (key.edits_text() || (ctx.multiline && key.edits_lines())) {
        return Resolved::Field;
    }
    find(step_table(ctx), key)
        .or_else(|| {
            if ctx.field_focused {
                find(&GLOBAL[..1], key)
            } else {
                find(GLOBAL, key)
            }
        })
        .map_or(Resolved::Ignored, Resolved::Action)
}

/// The tables in force, most specific first (the dispatch order).
pub fn tables(ctx: &Context<'_>) -> Vec<&'static [Binding]> {
    if let Some(o) = ctx.overlay {
        return vec![overlay_table(o)];
    }
    if ctx.working {
        return vec![step_table(ctx)];
    }
    let global: &'static [Binding] = if ctx.field_focused {
        &GLOBAL[..1]
    } else {
        GLOBAL
    };
    vec![step_table(ctx), ALWAYS, global]
}

/// Footer hints: `(key, hint)` pairs, one per action, in dispatch order.
pub fn hints(ctx: &Context<'_>) -> Vec<(String, &'static str)> {
    let mut seen: Vec<Action> = Vec::new();
    let mut out = Vec::new();
    for table in tables(ctx) {
        for bind in table.iter().filter(|b| b.footer) {
            if seen.contains(&bind.action) || (ctx.overlay.is_none() && !applies(ctx, bind.action))
            {
                continue;
            }
            seen.push(bind.action);
            let keys = match bind.action {
                Action::Up => "↑↓".to_string(),
                _ => bind.keys[0].to_string(),
            };
            out.push((keys, bind.hint));
        }
    }
    out
}

/// Help overlay rows: every key of the screen behind the overlay, with what it does.
pub fn help_rows(ctx: &Context<'_>) -> Vec<(String, &'static str)> {
    let behind = Context {
        overlay: None,
        ..*ctx
    };
    let mut seen: Vec<Action> = Vec::new();
    let mut rows = Vec::new();
    for table in tables(&behind) {
        for bind in table {
            if seen.contains(&bind.action) || !applies(&behind, bind.action) {
                continue;
            }
            seen.push(bind.action);
            let keys: Vec<String> = bind.keys.iter().map(ToString::to_string).collect();
            rows.push((keys.join(" / "), bind.help));
        }
    }
    let last = Step::NUMBERED.len();
    rows.push((
        format!("Alt-0…{last} / Ctrl-G 0…{last}"),
        "Jump to a step by its number (0 is the welcome screen)",
    ));
    if ctx.field_focused {
        rows.push((
            "letters, ← → Home End".to_string(),
            "Edit the focused text field (paste works too)",
        ));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(step: Step) -> Context<'static> {
        Context {
            step,
            overlay: None,
            field_focused: false,
            working: false,
            go_pending: false,
            existing_key_source: false,
            has_key: true,
            multiline: false,
            repaired: false,
            url_copy: true,
            url_repair: false,
        }
    }

    #[test]
    fn printable_keys_are_text_while_a_field_has_focus() {
        let c = Context {
            field_focused: true,
            ..ctx(Step::Key)
        };
        assert_eq!(resolve(&c, Key::ch('q')), Resolved::Field);
        assert_eq!(resolve(&c, Key::ch('?')), Resolved::Field);
        assert_eq!(resolve(&c, Key::plain(Code::Left)), Resolved::Field);
        assert_eq!(
            resolve(&c, Key::ctrl('c')),
            Resolved::Action(Action::ForceQuit)
        );
        assert_eq!(
            resolve(&c, Key::plain(Code::Enter)),
            Resolved::Action(Action::Next)
        );
        assert_eq!(
            resolve(&c, Key::plain(Code::Esc)),
            Resolved::Action(Action::Back)
        );
        assert_eq!(
            resolve(&c, Key::alt('3')),
            Resolved::Action(Action::Jump(Step::PublicKey))
        );
    }

    #[test]
    fn without_focus_letters_are_commands() {
        let c = ctx(Step::PublicKey);
        assert_eq!(resolve(&c, Key::ch('q')), Resolved::Action(Action::Quit));
        assert_eq!(resolve(&c, Key::ch('c')), Resolved::Action(Action::Copy));
        assert_eq!(
            resolve(&c, Key::plain(Code::Left)),
            Resolved::Action(Action::Back)
        );
    }

    #[test]
    fn ctrl_g_then_a_digit_jumps() {
        let c = Context {
            go_pending: true,
            field_focused: true,
            ..ctx(Step::Welcome)
        };
        assert_eq!(
            resolve(&c, Key::ch('2')),
            Resolved::Action(Action::Jump(Step::Key))
        );
        assert_eq!(resolve(&c, Key::ch('x')), Resolved::Ignored);
    }

    #[test]
    fn overlays_take_every_key_but_ctrl_c() {
        let o = Overlay::ConfirmQuit;
        let c = Context {
            overlay: Some(&o),
            ..ctx(Step::Key)
        };
        assert_eq!(resolve(&c, Key::ch('y')), Resolved::Action(Action::Yes));
        assert_eq!(resolve(&c, Key::ch('c')), Resolved::Ignored);
        assert_eq!(
            resolve(&c, Key::ctrl('c')),
            Resolved::Action(Action::ForceQuit)
        );
    }

    #[test]
    fn every_footer_hint_dispatches_to_its_action() {
        for step in Step::ALL {
            for working in [false, true] {
                let c = Context {
                    working,
                    ..ctx(step)
                };
                for table in tables(&c) {
                    for bind in table.iter().filter(|b| b.footer) {
                        let got = resolve(&c, bind.keys[0]);
                        assert_eq!(
                            got,
                            Resolved::Action(bind.action),
                            "{step:?} {}",
                            bind.keys[0]
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn help_lists_jump_keys_and_every_step_key() {
        let rows = help_rows(&ctx(Step::PublicKey));
        let text: Vec<String> = rows.iter().map(|(k, h)| format!("{k} {h}")).collect();
        assert!(text.iter().any(|r| r.starts_with("c Copy")));
        assert!(text.iter().any(|r| r.contains("Ctrl-G")));
        assert!(text.iter().any(|r| r.starts_with("Ctrl-C")));
    }
}

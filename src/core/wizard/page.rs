//! A page: what a step (or a dialog) shows and offers, as data that neither shell owns. The
//! plain shell prints every page with one renderer; the full-screen shell draws the same facts
//! with its own layout where that pays. Choosing an option and copying a value are messages the
//! core takes ([`super::Msg::Choose`], [`super::Msg::CopyValue`]), so no shell imitates key
//! presses to reach them. Must not hold a secret: a masked field appears only as its question.

use crate::core::keyboard::Action;
use crate::core::problem::Severity;

use super::msg::Field;

/// How a field's answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// One line, echoed.
    No,
    /// One line, not echoed (a token, a secret, a passphrase).
    Line,
    /// Lines up to the `-----END …-----` line or an empty line, not echoed (a private key).
    Key,
}

/// A question whose answer is a field's new value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The field.
    pub field: Field,
    /// The question.
    pub question: String,
    /// Whether the answer is echoed.
    pub hidden: Hidden,
    /// Actions sent after the value (such as checking it).
    pub then: Vec<Action>,
}

impl Ask {
    /// A question for `field`.
    pub fn new(field: Field, question: &str, hidden: Hidden, then: Vec<Action>) -> Self {
        Self {
            field,
            question: question.into(),
            hidden,
            then,
        }
    }
}

/// A list of options a step offers (the full-screen shell moves through it with the arrows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// The service list.
    Service,
    /// Cloud or Data Center.
    Flavor,
    /// Access key or user key.
    KeyKind,
    /// Generate a key or use a key file.
    Source,
    /// The key type.
    Algorithm,
    /// The private key file's format.
    Format,
    /// The OAuth consumer's mode.
    Mode,
}

/// A list to choose from, with the option chosen now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The question.
    pub question: String,
    /// The options.
    pub options: Vec<String>,
    /// The option chosen now.
    pub chosen: usize,
    /// Which list.
    pub list: List,
}

/// What a choice does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Do {
    /// These actions, in order.
    Act(Vec<Action>),
    /// Ask for a field's value.
    Ask(Ask),
    /// Choose from a list.
    Pick(Pick),
    /// Choose option `n` of a list.
    Choose(List, usize),
    /// Copy value `n` of the page's values.
    CopyValue(usize),
}

/// A numbered choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// What it does, in a few words.
    pub label: String,
    /// What it does.
    pub does: Do,
}

impl Choice {
    /// A choice.
    pub fn new(label: impl Into<String>, does: Do) -> Self {
        Self {
            label: label.into(),
            does,
        }
    }
}

/// What a step (or dialog) shows and offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Said once, when the step (or dialog) is reached.
    pub intro: Vec<String>,
    /// Said whenever it changes: verdicts, results, what was copied.
    pub status: Vec<String>,
    /// The step's own choices (the key tables' actions follow them in a shell).
    pub choices: Vec<Choice>,
    /// An empty line's choice (an index into `choices`).
    pub enter: Option<usize>,
    /// A line that is neither a number nor a word is this field's value.
    pub free: Option<Ask>,
    /// Actions of the key tables that do nothing here now.
    pub hide: Vec<Action>,
    /// A question the step asks at once when what it shows changes (a passphrase again).
    pub ask: Option<Ask>,
    /// The step as fields over text, where it is laid out that way (the full-screen shell draws
    /// it; `intro` and `status` are made from it).
    pub form: Option<Form>,
}

/// The letter of the `i`-th item of a list of instructions (`a`, `b`, …): numbers are the
/// choices'.
pub fn letter(i: usize) -> char {
    u8::try_from(i % 26).map_or('?', |n| char::from(b'a' + n))
}

/// How a verdict reads: good, to look at, or blocking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Usable as it is.
    Ok,
    /// Usable, with something to know.
    Warn,
    /// Not usable.
    Error,
}

/// A verdict's head, the same words in both shells (`✓ Ready`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// How it reads.
    pub level: Level,
    /// The words after the mark.
    pub words: &'static str,
}

impl Verdict {
    /// A verdict.
    pub const fn new(level: Level, words: &'static str) -> Self {
        Self { level, words }
    }

    /// The mark and the words (`✓ Ready`).
    pub fn head(self) -> String {
        let mark = match self.level {
            Level::Ok => "✓",
            Level::Warn => "!",
            Level::Error => "✗",
        };
        format!("{mark} {}", self.words)
    }
}

/// A choice that asks for a field's value.
pub fn ask_do(field: Field, question: &str, hidden: Hidden, then: Vec<Action>) -> Do {
    Do::Ask(Ask::new(field, question, hidden, then))
}

/// How a piece of a page's text reads; each shell gives each tone its own look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Ordinary text.
    Plain,
    /// A heading.
    Title,
    /// A value to notice (a URL, a scope).
    Value,
    /// An aside.
    Dim,
    /// Good.
    Ok,
    /// To look at.
    Warn,
    /// Blocking.
    Error,
    /// A key's name, or a number standing for one.
    Key,
}

impl From<Level> for Tone {
    fn from(level: Level) -> Self {
        match level {
            Level::Ok => Tone::Ok,
            Level::Warn => Tone::Warn,
            Level::Error => Tone::Error,
        }
    }
}

/// A piece of a line of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bit {
    /// Text in a tone.
    Text(Tone, String),
    /// The key bound to this action on the step. A line holding one is a hint for the
    /// full-screen shell; the plain shell offers the same thing as a numbered choice.
    Key(Action),
    /// The turning spinner (full screen only: the plain shell says progress its own way).
    Spin,
    /// A finding's mark: `✗`, `!` on the full screen; its word in the plain shell.
    Mark(Severity),
    /// The fix under a finding.
    Fix(String),
    /// How this shell reaches a step: its jump key on the full screen, `step N` in the plain
    /// shell.
    Jump(crate::core::step::Step),
    /// The jump keys of steps 0 to `n` (full screen only).
    Jumps(u8),
    /// What the plain shell says instead of the whole line, which names keys.
    Instead(String),
    /// The number of instruction `n` (from 0): `1.` on the full screen, a letter in the plain
    /// shell, whose numbers are its choices.
    Item(usize),
}

/// One line of a page, in pieces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Said(pub Vec<Bit>);

impl Said {
    /// A line in one tone.
    pub fn new(tone: Tone, text: impl Into<String>) -> Self {
        Self(vec![Bit::Text(tone, text.into())])
    }

    /// A line of ordinary text.
    pub fn plain(text: impl Into<String>) -> Self {
        Self::new(Tone::Plain, text)
    }

    /// An empty line.
    pub fn blank() -> Self {
        Self::plain("")
    }

    /// A key's name, then `rest` (`Enter checks …`).
    pub fn key(action: Action, rest: impl Into<String>) -> Self {
        Self(vec![Bit::Key(action), Bit::Text(Tone::Plain, rest.into())])
    }

    /// The spinner, then `rest`.
    pub fn working(rest: impl Into<String>) -> Self {
        Self(vec![
            Bit::Spin,
            Bit::Text(Tone::Plain, format!(" {}", rest.into())),
        ])
    }

    /// Adds text in a tone.
    #[must_use]
    pub fn then(mut self, tone: Tone, text: impl Into<String>) -> Self {
        self.0.push(Bit::Text(tone, text.into()));
        self
    }

    /// Adds a piece.
    #[must_use]
    pub fn then_bit(mut self, bit: Bit) -> Self {
        self.0.push(bit);
        self
    }

    /// Adds a key's name.
    #[must_use]
    pub fn then_key(mut self, action: Action) -> Self {
        self.0.push(Bit::Key(action));
        self
    }

    /// A finding: its mark and message, then its fix (unless empty).
    pub fn problem(severity: Severity, message: impl Into<String>, fix: &str) -> Vec<Self> {
        let mut lines = vec![Self(vec![
            Bit::Mark(severity),
            Bit::Text(Tone::Plain, message.into()),
        ])];
        if !fix.is_empty() {
            lines.push(Self(vec![Bit::Fix(fix.to_string())]));
        }
        lines
    }

    /// A failed API call: what, its id, the fix, and the scopes it needs and has.
    pub fn failure(f: &crate::core::bitbucket::ApiFailure) -> Vec<Self> {
        let mut lines = Self::problem(
            Severity::Error,
            format!("{} ({})", f.message, f.id.as_str()),
            &f.fix,
        );
        if !f.required.is_empty() {
            lines.push(Self::new(
                Tone::Dim,
                format!(
                    "  needs: {}; has: {}",
                    f.required.join(", "),
                    f.granted
                        .as_deref()
                        .map_or_else(|| "?".into(), |g| g.join(", "))
                ),
            ));
        }
        lines
    }

    /// The line names keys; the plain shell says `words` instead.
    #[must_use]
    pub fn or_plain(mut self, words: impl Into<String>) -> Self {
        self.0.push(Bit::Instead(words.into()));
        self
    }

    /// Whether the line only makes sense on the full screen (it names a key or spins, and has
    /// no words for the plain shell).
    pub fn is_hint(&self) -> bool {
        self.0
            .iter()
            .any(|b| matches!(b, Bit::Key(_) | Bit::Spin | Bit::Jumps(_)))
            && !self.0.iter().any(|b| matches!(b, Bit::Instead(_)))
    }

    /// The line as the plain shell says it.
    pub fn plain_text(&self) -> String {
        if let Some(Bit::Instead(words)) = self.0.iter().find(|b| matches!(b, Bit::Instead(_))) {
            return words.clone();
        }
        // A heading alone on its line: the full screen marks it by its look, the plain shell
        // by a colon.
        if let [Bit::Text(Tone::Title, title)] = self.0.as_slice()
            && !title.ends_with([':', '.'])
        {
            return format!("{title}:");
        }
        let mut s = String::new();
        for bit in &self.0 {
            match bit {
                Bit::Text(_, text) => s.push_str(text),
                Bit::Key(_) | Bit::Spin | Bit::Jumps(_) | Bit::Instead(_) => {}
                Bit::Jump(step) => {
                    s.push_str("step ");
                    s.push_str(&step.number().to_string());
                }
                Bit::Mark(severity) => {
                    s.push_str("  ");
                    s.push_str(severity.word());
                    s.push_str(": ");
                }
                Bit::Fix(fix) => {
                    s.push_str("    fix: ");
                    s.push_str(fix);
                }
                Bit::Item(n) => {
                    s.push_str("  ");
                    s.push(letter(*n));
                    s.push_str(". ");
                }
            }
        }
        s
    }
}

/// How a field's text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// As typed.
    Plain,
    /// A URL: a token pasted into it is hidden, a password in it redacted.
    Url,
    /// Masked, unless `reveal`.
    Masked {
        /// The user asked to see it.
        reveal: bool,
    },
}

/// A field of a form, on its own row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The field (its text is the shell's).
    pub field: Field,
    /// Its caption.
    pub caption: String,
    /// Whether it has focus.
    pub focused: bool,
    /// How its text is shown.
    pub shown: Shown,
    /// Its length, for a masked field the core never reads.
    pub len: usize,
}

/// Options of which one is chosen, cycled by a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Radio {
    /// Its caption (`Mode`).
    pub caption: String,
    /// The action that chooses the next option.
    pub key: Action,
    /// The options.
    pub options: Vec<String>,
    /// The option chosen now.
    pub chosen: usize,
    /// Lines about the chosen option.
    pub under: Vec<Said>,
}

/// Values to copy, each with where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    /// The heading, with its key hints (the plain shell says only its words).
    pub title: Said,
    /// The plain shell's heading.
    pub plain_title: String,
    /// The values.
    pub items: Vec<crate::core::wizard::values::Item>,
    /// The one the arrows are on.
    pub selected: Option<usize>,
    /// How its last copy went.
    pub note: Option<String>,
    /// The values are shell commands (shown and copied as they are).
    pub commands: bool,
    /// The values do not change on this page: the plain shell says them once, on arrival, and
    /// then only how a copy went.
    pub fixed: bool,
}

impl Values {
    /// Values that change with the step's fields, under `title` (`plain_title` in the plain
    /// shell), the arrows on `selected`, with how its last copy went.
    pub fn new(
        (title, plain_title): (Said, &str),
        items: Vec<crate::core::wizard::values::Item>,
        selected: Option<usize>,
        note: Option<String>,
    ) -> Self {
        Self {
            title,
            plain_title: plain_title.into(),
            items,
            selected,
            note,
            commands: false,
            fixed: false,
        }
    }

    /// A list's heading: `head`, then its keys (`Tab` `between`, `c` copies) in brackets.
    pub fn heading(head: &str, between: &str) -> Said {
        Said::new(Tone::Title, head)
            .then(Tone::Plain, "(")
            .then_key(Action::FocusNext)
            .then(Tone::Plain, between)
            .then_key(Action::Copy)
            .then(Tone::Plain, " copies):")
    }

    /// The heading and the values as the plain shell says them.
    fn plain_lines(&self) -> Vec<String> {
        let mut out = vec![self.plain_title.clone()];
        for item in &self.items {
            let shown = if item.shown.is_empty() {
                super::values::NOT_KNOWN
            } else {
                item.shown.as_str()
            };
            out.push(if self.commands {
                format!("  {shown}")
            } else {
                format!("  • {} ({}): {shown}", item.label, item.place)
            });
        }
        out
    }
}

/// A part of a form's text, in the order the full-screen shell draws them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// What the checks found: the plain shell says it again whenever it changes.
    Status(Vec<Said>),
    /// What to do outside bblink: the plain shell says it once, on arrival.
    Guide(Vec<Said>),
    /// Options to choose from.
    Radio(Radio),
    /// Values to copy (the plain shell lists them with the status).
    Values(Values),
}

/// A step laid out as fields over text: what the full-screen shell draws for it, and what the
/// plain shell's intro and status are made of, so each sentence is written once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    /// The fields, one per row.
    pub rows: Vec<Row>,
    /// The text under them.
    pub blocks: Vec<Block>,
}

impl Form {
    /// The page of a step laid out as this form: its intro and status, the step's own `choices`
    /// and then one per value to copy (the copy key, which copies the selected value, is not
    /// offered besides).
    pub fn page(self, mut choices: Vec<Choice>) -> Page {
        choices.extend(self.copy_choices());
        Page {
            intro: self.intro(),
            status: self.status(),
            choices,
            hide: vec![Action::Copy],
            form: Some(self),
            ..Page::default()
        }
    }

    /// The plain shell's intro: the guide's lines, and values that do not change.
    pub fn intro(&self) -> Vec<String> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Guide(lines) => out.extend(plain_lines(lines)),
                Block::Values(v) if v.fixed => out.extend(v.plain_lines()),
                _ => {}
            }
        }
        out
    }

    /// The plain shell's status: masked fields' lengths, the checks' lines, the chosen
    /// options, and the values with how the last copy went.
    pub fn status(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .rows
            .iter()
            .filter(|r| matches!(r.shown, Shown::Masked { .. }) && r.len > 0)
            .map(|r| format!("{}: {} characters (hidden)", r.caption, r.len))
            .collect();
        for block in &self.blocks {
            match block {
                Block::Status(lines) => out.extend(plain_lines(lines)),
                Block::Guide(_) => {}
                Block::Radio(r) => {
                    if let Some(o) = r.options.get(r.chosen) {
                        out.push(format!("{}: {o}", r.caption));
                    }
                    out.extend(plain_lines(&r.under));
                }
                Block::Values(v) => {
                    if !v.fixed {
                        out.extend(v.plain_lines());
                    }
                    out.extend(v.note.as_deref().map(super::values::page_note));
                }
            }
        }
        out
    }

    /// The choices that copy its values, numbered across its lists as the step copies them.
    pub fn copy_choices(&self) -> Vec<Choice> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Values(v) => Some(v),
                _ => None,
            })
            .flat_map(|v| v.items.iter().map(move |item| (v.commands, item)))
            .enumerate()
            .map(|(i, (commands, item))| {
                let label = if commands {
                    format!("Copy the command {}", item.shown)
                } else {
                    format!("Copy {}", item.label)
                };
                Choice::new(label, Do::CopyValue(i))
            })
            .collect()
    }
}

/// Lines as the plain shell says them: without key hints and empty lines (its own blank lines
/// separate what it says).
pub fn plain_lines<'a>(lines: impl IntoIterator<Item = &'a Said>) -> Vec<String> {
    lines
        .into_iter()
        .filter(|l| !l.is_hint())
        .map(Said::plain_text)
        .filter(|t| !t.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_shell_says_a_form_without_its_key_hints() {
        let form = Form {
            rows: vec![Row {
                field: Field::HookToken,
                caption: "Token".into(),
                focused: true,
                shown: Shown::Masked { reveal: false },
                len: 7,
            }],
            blocks: vec![
                Block::Status(vec![
                    Said::key(Action::Next, " checks the token."),
                    Said::working("Asking… Esc cancels."),
                    Said::blank(),
                    Said::key(Action::NewSecret, " makes one.").or_plain("Make one."),
                ]),
                Block::Guide(vec![Said(vec![
                    Bit::Item(1),
                    Bit::Text(Tone::Plain, "Save.".into()),
                ])]),
                Block::Guide(Said::problem(
                    Severity::Error,
                    "it lacks webhook",
                    "Create a new one.",
                )),
            ],
        };
        assert_eq!(
            form.status(),
            ["Token: 7 characters (hidden)", "Make one."],
            "a masked field by its length, key hints and blank lines left out"
        );
        assert_eq!(
            form.intro(),
            [
                "  b. Save.",
                "  error: it lacks webhook",
                "    fix: Create a new one."
            ],
            "instructions lettered (numbers are choices), findings with their words"
        );
    }
}

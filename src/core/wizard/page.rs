//! A page: what a step (or a dialog) shows and offers, as data that neither shell owns. The
//! plain shell prints every page with one renderer; the full-screen shell draws the same facts
//! with its own layout where that pays. Choosing an option and copying a value are messages the
//! core takes ([`super::Msg::Choose`], [`super::Msg::CopyValue`]), so no shell imitates key
//! presses to reach them. Must not hold a secret: a masked field appears only as its question.

use crate::core::keyboard::Action;
use crate::core::problem::Problem;

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
}

/// The letter of the `i`-th item of a list of instructions (`a`, `b`, …): numbers are the
/// choices'.
pub fn letter(i: usize) -> char {
    u8::try_from(i % 26).map_or('?', |n| char::from(b'a' + n))
}

/// Problems as lines: each with its severity, and its fix under it.
pub fn problem_lines<Id>(out: &mut Vec<String>, problems: &[Problem<Id>]) {
    for p in problems {
        out.push(format!("  {}: {}", p.severity.word(), p.message));
        if !p.fix.is_empty() {
            out.push(format!("    fix: {}", p.fix));
        }
    }
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

/// A failed API call as lines: what, its id, the fix, and the scopes it needs and has.
pub fn failure_lines(out: &mut Vec<String>, f: &crate::core::bitbucket::ApiFailure) {
    out.push(format!("✗ {} ({})", f.message, f.id.as_str()));
    if !f.fix.is_empty() {
        out.push(format!("  fix: {}", f.fix));
    }
    if !f.required.is_empty() {
        out.push(format!(
            "  needs: {}; has: {}",
            f.required.join(", "),
            f.granted
                .as_deref()
                .map_or_else(|| "?".into(), |g| g.join(", "))
        ));
    }
}

/// A choice that asks for a field's value.
pub fn ask_do(field: Field, question: &str, hidden: Hidden, then: Vec<Action>) -> Do {
    Do::Ask(Ask::new(field, question, hidden, then))
}

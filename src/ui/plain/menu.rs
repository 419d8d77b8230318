//! What the plain shell offers at a prompt: a page's numbered choices, a line that is a field's
//! value, and the words that work everywhere. The choices that are actions come from the same
//! key tables as the full-screen wizard's footer and help (their sentences are the labels), so
//! both shells offer the same things; the step's page (from the core) gives its fields and
//! lists.

use crate::core::keyboard::{Action, Code, KeyState};
use crate::core::wizard::page::{Choice, Do, Page};
use crate::ui::keymap::{self, Binding};

/// Adds the actions of the key tables in force after the step's own choices; the one on Enter
/// becomes the default unless the step chose one.
#[must_use]
pub fn with_actions(mut page: Page, state: &KeyState) -> Page {
    for (bind, action) in actions(state) {
        if page.hide.contains(&action)
            || page.choices.iter().any(|c| c.does == Do::Act(vec![action]))
        {
            continue;
        }
        if page.enter.is_none() && bind.keys.contains(&ENTER) {
            page.enter = Some(page.choices.len());
        }
        page.choices
            .push(Choice::new(label(bind.help), Do::Act(vec![action])));
    }
    page
}

/// The numbered lines of a page's choices, the default marked.
pub fn lines(page: &Page) -> Vec<String> {
    page.choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let enter = if page.enter == Some(i) {
                " [Enter]"
            } else {
                ""
            };
            format!("  {}. {}{enter}", i + 1, c.label)
        })
        .collect()
}

/// A key table's help sentence as a choice: without what only the full-screen wizard has
/// (keys, fields with focus), and a long one cut to its first clause.
fn label(help: &str) -> String {
    let mut text = help.trim_end_matches('.').to_string();
    if let Some(at) = text.find(" (") {
        let aside = &text[at..];
        if ["Enter", "Tab", "paste works", "F3", "field"]
            .iter()
            .any(|w| aside.contains(w))
        {
            text.truncate(at);
        }
    }
    if text.chars().count() > 64
        && let Some(at) = text.find(": ").or_else(|| text.find(" ("))
    {
        text.truncate(at);
    }
    text
}

const ENTER: crate::core::keyboard::Key = crate::core::keyboard::Key::plain(Code::Enter);

/// Actions the plain shell offers another way or not at all: moving focus and scrolling have
/// no meaning in a conversation; help, back and quit are words; a secret is never shown; the
/// API screens and troubleshooting have their own subcommands.
fn offered(action: Action) -> bool {
    !matches!(
        action,
        Action::FocusNext
            | Action::FocusPrev
            | Action::Up
            | Action::Down
            | Action::Left
            | Action::Right
            | Action::PageUp
            | Action::PageDown
            | Action::LineUp
            | Action::LineDown
            | Action::Help
            | Action::Quit
            | Action::ForceQuit
            | Action::Back
            | Action::Jump(_)
            | Action::ToggleMask
            | Action::Troubleshoot
            | Action::KeysScreen
            | Action::AccessKeys
            | Action::KnownHostsSheet
            | Action::Checklist
            | Action::Unlock
    )
}

/// The actions of the tables in force, with their rows, in table order, each once.
fn actions(state: &KeyState) -> Vec<(Binding, Action)> {
    let tables: Vec<&[Binding]> = match state.overlay {
        Some(kind) => keymap::overlay_tables(kind).to_vec(),
        None if state.working => vec![keymap::WORKING],
        None => keymap::step_tables(state.context).to_vec(),
    };
    let mut out: Vec<(Binding, Action)> = Vec::new();
    for bind in tables.into_iter().flatten() {
        let a = bind.action;
        let dialog = state.overlay.is_some();
        if (offered(a) || (dialog && a == Action::No))
            && state.available(a)
            && !out.iter().any(|(_, b)| *b == a)
        {
            out.push((*bind, a));
        }
    }
    out
}

/// What a line typed at the prompt means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// A numbered choice (0-based).
    Choice(usize),
    /// The empty line.
    Enter,
    /// `back`.
    Back,
    /// `help`.
    Help,
    /// `quit`.
    Quit,
    /// `go N`: jump to step N.
    Go(u8),
    /// `hosts`: the `known_hosts` lines for the CI.
    Hosts,
    /// `checklist`: the service's checklist.
    Checklist,
    /// Anything else.
    Text,
}

/// Reads a line as a word; numbers count from 1.
pub fn word(line: &str, choices: usize) -> Word {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    match lower.as_str() {
        "" => Word::Enter,
        "back" | "b" => Word::Back,
        "help" | "h" | "?" => Word::Help,
        "quit" | "q" | "exit" => Word::Quit,
        "hosts" | "known_hosts" | "known-hosts" => Word::Hosts,
        "checklist" => Word::Checklist,
        _ => {
            if let Some(n) = lower
                .strip_prefix("go ")
                .and_then(|n| n.trim().parse().ok())
            {
                return Word::Go(n);
            }
            match t.parse::<usize>() {
                Ok(n) if (1..=choices).contains(&n) => Word::Choice(n - 1),
                _ => Word::Text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_drop_what_only_the_full_screen_has() {
        assert_eq!(
            label("Go on with this URL (Enter in the field too)"),
            "Go on with this URL"
        );
        assert_eq!(
            label(
                "Copy the private key for the service: the repaired one if it was damaged, the key file of step 2 when nothing is pasted"
            ),
            "Copy the private key for the service"
        );
        assert_eq!(
            label("Make another key pair (the old public key must be replaced)"),
            "Make another key pair (the old public key must be replaced)"
        );
    }

    #[test]
    fn words_numbers_and_text() {
        assert_eq!(word(" 2 ", 3), Word::Choice(1));
        assert_eq!(word("4", 3), Word::Text);
        assert_eq!(word("", 3), Word::Enter);
        assert_eq!(word("BACK", 3), Word::Back);
        assert_eq!(word("go 5", 3), Word::Go(5));
        assert_eq!(word("git@ssh.bitbucket.org:a/b.git", 3), Word::Text);
    }
}

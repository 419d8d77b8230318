//! Reading a private key pasted into the plain shell, with the echo off: its lines go to one
//! key block (where it ends is the core's to say, whatever the format), so no line of it is
//! ever read as an answer and echoed, and it is answered once.

use crate::core::keyboard::Action;
use crate::core::wizard::{Effect, Field, Msg};

use super::{Mode, Shell};
use crate::core::input::KeyPaste;
use crate::core::wizard::page::{Ask, Do, Hidden};

impl Shell {
    /// A private key pasted (or typed) where no question asks for one: its first line starts
    /// it, and it is read to its end as one block, never echoed or quoted, and answered once.
    /// At the private key step's own menu it is that step's answer. `None`: the line is not
    /// part of a key.
    pub(super) fn stray_key(&mut self, line: &str) -> Option<Vec<Effect>> {
        if matches!(&self.mode, Mode::Answer(a) if a.hidden == Hidden::Key) {
            // The question asks for a key: the paste is its answer.
            return None;
        }
        if self.stray.is_none() {
            if !crate::core::input::opens_key_block(line) {
                return None;
            }
            if let Some(ask) = self.key_question_here() {
                // What the user meant: the key step's own question.
                self.mode = Mode::Answer(ask.clone());
                if self.hidden.is_none() {
                    self.hidden = crate::adapters::stdin::echo_off_quietly();
                }
                return Some(self.key_line(&ask, line));
            }
            self.stray = Some(KeyPaste::default());
            if self.hidden.is_none() {
                // The rest of a slow paste is not shown by the terminal either.
                self.stray_echo = crate::adapters::stdin::echo_off_quietly();
            }
        }
        let done = self.stray.as_mut().is_some_and(|k| k.push(line));
        if done {
            self.end_stray();
            return Some(self.after(Vec::new()));
        }
        Some(Vec::new())
    }

    /// The stray key is over (complete, or the input ended): one answer for all of it.
    pub(super) fn end_stray(&mut self) {
        let Some(key) = self.stray.take() else { return };
        if self.stray_echo.take().is_some() || !self.echoing {
            self.out.line("");
        }
        let lines = if key.too_large() {
            "over 1 MB".to_string()
        } else {
            let n = key.text_lines();
            format!("{n} line{}", if n == 1 { "" } else { "s" })
        };
        self.out.line(&format!(
            "That is a private key ({lines}, not shown): it is not an answer to this question, and nothing of it was kept. {}",
            self.app.wizard.private_key_belongs()
        ));
    }

    /// The key step's question, when the private key step's menu is the question now.
    fn key_question_here(&self) -> Option<Ask> {
        if !matches!(self.mode, Mode::Choose) || self.app.wizard.overlay().is_some() {
            return None;
        }
        self.page.choices.iter().find_map(|c| match &c.does {
            Do::Ask(a) if a.hidden == Hidden::Key => Some(a.clone()),
            _ => None,
        })
    }

    /// A line of a private key being pasted (the echo is off). Empty lines before the key
    /// are skipped; `back` (a line no key has) cancels.
    pub(super) fn key_line(&mut self, ask: &Ask, line: &str) -> Vec<Effect> {
        let t = line.trim();
        if t == "back" || t == "quit" {
            self.drop_key("Nothing changed.");
            return if t == "quit" {
                self.app.update(Msg::Action(Action::Quit))
            } else {
                Vec::new()
            };
        }
        if !self.key.push(line) {
            return Vec::new();
        }
        if self.key.too_large() {
            self.drop_key(
                "That is far more than any key (the limit is 1 MB): nothing was changed.",
            );
            return Vec::new();
        }
        self.finish_key(ask)
    }

    /// Forgets a key being pasted, with why; the question is over.
    pub(super) fn drop_key(&mut self, why: &str) {
        self.key = KeyPaste::default();
        self.end_hidden();
        self.out.line(why);
        self.mode = Mode::Choose;
    }

    /// The echo comes back, and the Enter that was not echoed becomes a line break.
    pub(super) fn end_hidden(&mut self) {
        if self.hidden.take().is_some() || !self.echoing {
            self.out.line("");
        }
    }

    /// The whole key: to the private key field, as a paste would give it.
    pub(super) fn finish_key(&mut self, ask: &Ask) -> Vec<Effect> {
        self.end_hidden();
        let key = std::mem::take(&mut self.key);
        let lines = key.text_lines();
        self.out.line(&format!(
            "(received {lines} line{}, not shown)",
            if lines == 1 { "" } else { "s" }
        ));
        self.mode = Mode::Choose;
        let mut effects = self.app.enter(Field::PrivateKey, key.text());
        for a in &ask.then {
            effects.extend(self.app.update(Msg::Action(*a)));
        }
        effects
    }
}

//! What a line means at the plain shell's prompt: a numbered choice, a word (back, help,
//! quit, go N, hosts, checklist), a field's value, or part of a private key being pasted.
//! Secrets are read with the echo off and never printed back.

use crate::core::keyboard::Action;
use crate::core::wizard::overlay::Overlay;
use crate::core::wizard::{Effect, Msg};

use super::io::{Input, MAX_LINE};
use super::menu::{self, Word};
use super::{Mode, Shell};
use crate::core::wizard::page::{Ask, Do, Hidden, Pick};

/// A line longer than this is not typed or pasted: standard input is not text.
const MAX_DROPPED: usize = 16 << 20;

impl Shell {
    /// Answers one line (or the end of input).
    pub(super) fn on_input(&mut self, input: Input) -> Vec<Effect> {
        let line = match input {
            Input::Line(l) => {
                self.too_long = 0;
                l
            }
            Input::TooLong(n, ended) => {
                // Counted at every question, a key's included: no line of text is that long.
                self.too_long = self.too_long.saturating_add(n);
                if self.too_long <= MAX_DROPPED && (self.stray.is_some() || self.pasting()) {
                    // Part of the key is lost: the rest of it is read and dropped.
                    self.stray.as_mut().unwrap_or(&mut self.key).overflow();
                    if ended {
                        self.too_long = 0;
                    }
                    return Vec::new();
                }
                if matches!(&self.mode, Mode::Answer(a) if a.hidden != Hidden::No) {
                    self.drop_key("That line is longer than any secret: nothing was changed.");
                }
                if self.too_long > MAX_DROPPED {
                    self.out.line("");
                    self.out.line(
                        "Standard input sends no lines of text: quitting (progress is saved).",
                    );
                    self.bye = true;
                    return self.act(Action::ForceQuit);
                }
                if ended {
                    self.out.line("");
                    self.out.line(&format!(
                        "That line has {} bytes, more than any answer takes ({} KB): nothing was changed.",
                        std::mem::take(&mut self.too_long),
                        MAX_LINE / 1024
                    ));
                    self.prompt();
                }
                return Vec::new();
            }
            Input::End => {
                self.end_stray();
                return self.on_end();
            }
        };
        if let Some(effects) = self.stray_key(&line) {
            return effects;
        }
        let was_pasting = self.pasting();
        let effects = match self.mode.clone() {
            Mode::Answer(ask) if ask.hidden == Hidden::Key => self.key_line(&ask, &line),
            Mode::Answer(ask) => self.answer(&ask, &line),
            Mode::Pick(p) => self.pick(p, &line),
            Mode::Choose => self.choose(&line),
        };
        // A key being pasted: its question stands until its last line.
        if was_pasting && self.pasting() {
            return effects;
        }
        self.after(effects)
    }

    fn pasting(&self) -> bool {
        matches!(&self.mode, Mode::Answer(a) if a.hidden == Hidden::Key)
    }

    /// Prints the changes and the next prompt, unless a job now runs (its result comes first).
    pub(super) fn after(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let quitting = effects.iter().any(|e| matches!(e, Effect::Quit));
        if self.waiting() {
            self.owed = true;
        } else if !quitting {
            self.present(false);
        }
        effects
    }

    /// End of input: a key being pasted is complete; otherwise the conversation ends.
    fn on_end(&mut self) -> Vec<Effect> {
        if let Mode::Answer(ask) = self.mode.clone()
            && ask.hidden == Hidden::Key
            && !self.key.is_empty()
        {
            let effects = self.finish_key(&ask);
            self.queue.push_back(Input::End);
            return self.after(effects);
        }
        drop(self.hidden.take());
        self.out.line("");
        self.out
            .line("End of input: quitting; your progress is kept.");
        self.bye = true;
        self.act(Action::ForceQuit)
    }

    fn act(&mut self, action: Action) -> Vec<Effect> {
        self.app.update(Msg::Action(action))
    }

    /// Shows a piped answer after its question, as a terminal would have echoed it (a URL
    /// with its credentials hidden).
    fn echo(&mut self, line: &str) {
        if !self.echoing {
            self.out.line(&crate::core::redact::line(line));
        }
    }

    /// A numbered choice, a word, or the page's field. Only a choice, a word or a field's
    /// value is echoed: any other line may be a secret pasted at the wrong moment.
    fn choose(&mut self, line: &str) -> Vec<Effect> {
        let word = menu::word(line, self.page.choices.len());
        let dialog = self.app.wizard.overlay().is_some();
        let yes_no = matches!(
            line.trim().to_ascii_lowercase().as_str(),
            "y" | "yes" | "n" | "no"
        );
        if word != Word::Text || (self.page.free.is_some() && !dialog) || (dialog && yes_no) {
            self.echo(line);
        } else if !self.echoing {
            self.out.line("(not shown)");
        }
        if dialog && let Some(effects) = self.dialog_word(&word, line) {
            return effects;
        }
        match word {
            Word::Choice(i) => {
                let does = self.page.choices[i].does.clone();
                self.run(does)
            }
            Word::Enter => {
                if let Some(i) = self.page.enter {
                    let does = self.page.choices[i].does.clone();
                    self.run(does)
                } else {
                    self.out.lines(&menu::lines(&self.page));
                    Vec::new()
                }
            }
            Word::Back => {
                let before = self.app.wizard.step();
                let effects = self.act(Action::Back);
                if self.app.wizard.step() == before && self.app.wizard.overlay().is_none() {
                    self.out
                        .line("This is the first step: there is nothing before it.");
                }
                effects
            }
            Word::Quit => self.act(Action::Quit),
            Word::Help => {
                self.help();
                Vec::new()
            }
            Word::Go(n) => match self.app.wizard.route().by_number(n) {
                Some(step) if n > 0 => self.act(Action::Jump(step)),
                _ => {
                    let last = self.app.wizard.route().numbered().len();
                    self.out
                        .line(&format!("There is no step {n}: the steps are 1 to {last}."));
                    Vec::new()
                }
            },
            Word::Hosts => self.act(Action::KnownHostsSheet),
            Word::Checklist => self.act(Action::Checklist),
            Word::Text => match self.page.free.clone() {
                Some(ask) if !dialog => self.value(&ask, line),
                _ => {
                    self.out.line(&match self.page.choices.len() {
                        0 => "Not an answer here: type back, help or quit.".to_string(),
                        1 => "Not one of the choices: type 1, or help.".to_string(),
                        n => {
                            format!("Not one of the choices: type a number from 1 to {n}, or help.")
                        }
                    });
                    Vec::new()
                }
            },
        }
    }

    fn run(&mut self, does: Do) -> Vec<Effect> {
        match does {
            Do::Act(actions) => actions.into_iter().flat_map(|a| self.act(a)).collect(),
            Do::Ask(ask) => {
                self.mode = Mode::Answer(ask);
                Vec::new()
            }
            Do::Pick(p) => {
                self.out.line(&p.question);
                let lines: Vec<String> = p
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let now = if i == p.chosen { " (now)" } else { "" };
                        format!("  {}. {o}{now}", i + 1)
                    })
                    .collect();
                self.out.lines(&lines);
                self.mode = Mode::Pick(p);
                Vec::new()
            }
            Do::Choose(list, n) => self.app.update(Msg::Choose(list, n)),
            Do::CopyValue(n) => self.app.update(Msg::CopyValue(n)),
        }
    }

    /// A one-line answer: an empty line keeps what was there. At a visible question the words
    /// still work; a hidden one takes any line as the secret (its question says an empty line
    /// cancels).
    fn answer(&mut self, ask: &Ask, line: &str) -> Vec<Effect> {
        let hidden = ask.hidden != Hidden::No;
        if hidden {
            self.end_hidden();
        } else {
            self.echo(line);
        }
        self.mode = Mode::Choose;
        if line.trim().is_empty() {
            self.out.line("Nothing changed.");
            return Vec::new();
        }
        if !hidden {
            match menu::word(line, 0) {
                Word::Back => {
                    self.out.line("Nothing changed.");
                    return Vec::new();
                }
                Word::Quit => return self.act(Action::Quit),
                Word::Help => {
                    self.help();
                    self.mode = Mode::Answer(ask.clone());
                    return Vec::new();
                }
                Word::Go(_) | Word::Hosts | Word::Checklist => return self.choose(line),
                _ => {}
            }
        }
        self.value(ask, line)
    }

    /// An option of a list, by its number; an empty line or `back` keeps the choice.
    fn pick(&mut self, p: Pick, line: &str) -> Vec<Effect> {
        self.echo(line);
        self.mode = Mode::Choose;
        if let Ok(n) = line.trim().parse::<usize>()
            && (1..=p.options.len()).contains(&n)
        {
            return self.app.update(Msg::Choose(p.list, n - 1));
        }
        match menu::word(line, 0) {
            Word::Enter | Word::Back => {
                self.out.line("Nothing changed.");
                Vec::new()
            }
            Word::Quit => self.act(Action::Quit),
            Word::Go(_) | Word::Hosts | Word::Checklist => self.choose(line),
            Word::Help => {
                self.help();
                let options = p.options.len();
                self.out.line(&format!(
                    "Type a number from 1 to {options} for: {}",
                    p.question
                ));
                self.mode = Mode::Pick(p);
                Vec::new()
            }
            _ => {
                self.out.line(&format!(
                    "Not one of the options: type a number from 1 to {}, or back.",
                    p.options.len()
                ));
                self.mode = Mode::Pick(p);
                Vec::new()
            }
        }
    }

    /// What a dialog makes of the words: yes and no answer it, quit leaves (at the resume
    /// offer without touching the saved progress), back closes it; `None`: the usual meaning.
    fn dialog_word(&mut self, word: &Word, line: &str) -> Option<Vec<Effect>> {
        let asks = self
            .page
            .choices
            .iter()
            .any(|c| c.does == Do::Act(vec![Action::Yes]));
        let resume = matches!(self.app.wizard.overlay(), Some(Overlay::Resume(_)));
        let confirm_quit = self.app.wizard.overlay() == Some(&Overlay::ConfirmQuit);
        let answer = line.trim().to_ascii_lowercase();
        Some(match (word, answer.as_str()) {
            // "No" would start over at the resume offer: there only its numbers answer.
            (_, "y" | "yes") if asks && !resume => self.act(Action::Yes),
            (_, "n" | "no") if asks && !resume => self.act(Action::No),
            (Word::Quit, _) if confirm_quit => self.act(Action::Yes),
            (Word::Quit, _) if resume => {
                self.out.line("Quitting; your saved progress is kept.");
                self.bye = true;
                self.act(Action::ForceQuit)
            }
            (Word::Quit, _) => {
                let mut e = self.act(Action::No);
                e.extend(self.act(Action::Quit));
                e
            }
            (Word::Back, _) if resume => {
                self.out.line("Choose: resume, or start over.");
                Vec::new()
            }
            (Word::Back, _) => self.act(Action::No),
            (Word::Go(_) | Word::Hosts | Word::Checklist, _) => {
                self.out
                    .line("Answer this question first (back closes it).");
                Vec::new()
            }
            _ => return None,
        })
    }

    /// Gives a field its value and sends the actions that follow it.
    fn value(&mut self, ask: &Ask, text: &str) -> Vec<Effect> {
        let mut effects = self.app.enter(ask.field, text);
        for a in &ask.then {
            effects.extend(self.act(*a));
        }
        effects
    }

    /// The words, the choices again, and the steps with their marks.
    fn help(&mut self) {
        let w = &self.app.wizard;
        let mut lines = vec![
            "Type the number of a choice, or (where the question asks for it) the value itself.".to_string(),
            "  back: the previous step (or cancel what is running); quit: quit (progress is saved)".into(),
            "  go N: jump to step N; hosts: known_hosts lines for a CI job; checklist: the service's checklist".into(),
            "  An empty line takes the choice marked [Enter]. Secrets are read without echo.".into(),
            "Steps:".into(),
        ];
        let route = w.route();
        for (s, mark) in w.header_view().marks {
            let m = match mark {
                crate::core::wizard::Mark::Here => "here",
                crate::core::wizard::Mark::Done => "done",
                crate::core::wizard::Mark::Todo => "to do",
            };
            lines.push(format!("  {}. {} ({m})", route.number(s), s.title()));
        }
        lines.push("Subcommands do every check on their own: bblink --help.".into());
        lines.push("Choices here:".into());
        lines.extend(menu::lines(&self.page));
        self.out.lines(&lines);
    }
}

//! What a line means at the plain shell's prompt: a numbered choice, a word (back, help,
//! quit, go N, hosts, checklist), a field's value, or part of a private key being pasted.
//! Secrets are read with the echo off and never printed back.

use zeroize::Zeroizing;

use crate::core::key::Action;
use crate::core::wizard::{Effect, Field, Msg};

use super::drive;
use super::io::{Input, MAX_LINE};
use super::menu::{self, Ask, Do, Hidden, Word};
use super::{Mode, Shell};

/// A line longer than this is not typed or pasted: standard input is not text.
const MAX_DROPPED: usize = 16 << 20;

/// The largest private key taken (the private key check's own limit).
const MAX_KEY: usize = crate::core::inspect::MAX_INPUT;

impl Shell {
    /// Answers one line (or the end of input).
    pub(super) fn on_input(&mut self, input: Input) -> Vec<Effect> {
        let line = match input {
            Input::Line(l) => {
                self.too_long = 0;
                l
            }
            Input::TooLong(n, ended) => {
                self.too_long = self.too_long.saturating_add(n);
                if self.too_long > MAX_DROPPED {
                    self.out.line("");
                    self.out.line(
                        "Standard input sends no lines of text: quitting (progress is saved).",
                    );
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
            Input::End => return self.on_end(),
        };
        let effects = match self.mode.clone() {
            Mode::Answer(ask) if ask.hidden == Hidden::Key => self.key_line(&ask, &line),
            Mode::Answer(ask) => self.answer(&ask, &line),
            Mode::Pick(p) => {
                self.echo(&line);
                self.mode = Mode::Choose;
                match line.trim().parse::<usize>() {
                    Ok(n) if (1..=p.options.len()).contains(&n) => {
                        drive::set(&mut self.app, p.target, n - 1)
                    }
                    _ if line.trim().is_empty() || menu::word(&line, 0) == Word::Back => Vec::new(),
                    _ => {
                        self.out.line(&format!(
                            "Not one of the options: type a number from 1 to {}.",
                            p.options.len()
                        ));
                        self.mode = Mode::Pick(p);
                        Vec::new()
                    }
                }
            }
            Mode::Choose => self.choose(&line),
        };
        self.after(effects)
    }

    /// Prints the changes and the next prompt, unless a job now runs (its result comes first).
    fn after(&mut self, effects: Vec<Effect>) -> Vec<Effect> {
        let pasting = matches!(&self.mode, Mode::Answer(a) if a.hidden == Hidden::Key)
            && !self.key.is_empty();
        let quitting = effects.iter().any(|e| matches!(e, Effect::Quit));
        if !self.app.wizard.busy() && !pasting && !quitting {
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
        self.out.line("End of input: quitting (progress is saved).");
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

    /// A numbered choice, a word, or the page's field.
    fn choose(&mut self, line: &str) -> Vec<Effect> {
        self.echo(line);
        let dialog = self.app.wizard.overlay().is_some();
        match menu::word(line, self.page.choices.len()) {
            Word::Choice(i) => {
                let does = self.page.choices[i].does.clone();
                self.run(does)
            }
            Word::Enter => {
                if let Some(i) = self.page.enter {
                    let does = self.page.choices[i].does.clone();
                    self.run(does)
                } else {
                    self.out.lines(&self.page.menu());
                    Vec::new()
                }
            }
            Word::Back if dialog => self.act(Action::No),
            Word::Back => self.act(Action::Back),
            Word::Quit if dialog => {
                let mut e = self.act(Action::No);
                e.extend(self.act(Action::Quit));
                e
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
                    self.out.line(&format!(
                        "Not one of the choices: type a number from 1 to {}, or help.",
                        self.page.choices.len()
                    ));
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
            Do::Set(target, n) => drive::set(&mut self.app, target, n),
            Do::CopyValue(n) => drive::copy_value(&mut self.app, n),
        }
    }

    /// A one-line answer: empty keeps what was there; a word still works when echoed.
    fn answer(&mut self, ask: &Ask, line: &str) -> Vec<Effect> {
        let hidden = ask.hidden != Hidden::No;
        if hidden {
            drop(self.hidden.take());
            // The Enter that ended a hidden answer was not echoed either.
            self.out.line(if line.is_empty() { "" } else { "(hidden)" });
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
                Word::Back => return Vec::new(),
                Word::Quit => return self.act(Action::Quit),
                _ => {}
            }
        }
        self.value(ask, line)
    }

    /// Gives a field its value and sends the actions that follow it.
    fn value(&mut self, ask: &Ask, text: &str) -> Vec<Effect> {
        let mut effects = self.app.enter(ask.field, text);
        for a in &ask.then {
            effects.extend(self.act(*a));
        }
        effects
    }

    /// A line of a private key being pasted (the echo is off).
    fn key_line(&mut self, ask: &Ask, line: &str) -> Vec<Effect> {
        let t = line.trim();
        if self.key.is_empty() {
            match t {
                "" => {
                    drop(self.hidden.take());
                    self.out.line("");
                    self.out.line("Nothing pasted.");
                    self.mode = Mode::Choose;
                    return Vec::new();
                }
                "back" | "quit" => {
                    drop(self.hidden.take());
                    self.out.line("");
                    self.mode = Mode::Choose;
                    return if t == "quit" {
                        self.act(Action::Quit)
                    } else {
                        Vec::new()
                    };
                }
                _ => {}
            }
        }
        if self.key.len() + line.len() + 1 > MAX_KEY {
            self.key.clear();
            drop(self.hidden.take());
            self.out.line("");
            self.out
                .line("That is far more than any key (the limit is 1 MB): nothing was changed.");
            self.mode = Mode::Choose;
            return Vec::new();
        }
        let first = self.key.is_empty();
        self.key.push_str(line);
        self.key.push('\n');
        // The key's last line, an empty line, or a one-line key (a public key by mistake).
        let last = t.is_empty()
            || (t.starts_with("-----END") && t.ends_with("-----"))
            || (first && !t.starts_with("-----BEGIN"));
        if last {
            self.finish_key(ask)
        } else {
            Vec::new()
        }
    }

    fn finish_key(&mut self, ask: &Ask) -> Vec<Effect> {
        drop(self.hidden.take());
        let text = std::mem::replace(&mut self.key, Zeroizing::new(String::new()));
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        self.out.line("");
        self.out.line(&format!(
            "(received {lines} line{}, not shown)",
            if lines == 1 { "" } else { "s" }
        ));
        self.mode = Mode::Choose;
        let mut effects = self.app.enter(Field::PrivateKey, &text);
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
        lines.extend(self.page.menu());
        self.out.lines(&lines);
    }
}

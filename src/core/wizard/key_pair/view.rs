//! What the key screen shows, built from the key step's state.

use crate::core::key_file::{KeyJobError, ReadyKey};
use crate::core::service::ServiceProfile;
use crate::core::ssh_keys::{KeyAlgorithm, KeyFormat};

use crate::core::keyboard::Action;

use super::super::jobs::JobKind;
use super::super::msg::Env;
use super::super::msg::Field;
use super::super::page::{Ask, Bit, Choice, Do, Hidden, List, Page, Pick, Said, Tone, plain_lines};
use super::super::views::display_path;
use super::{KeyFocus, KeySource, KeyStep};

/// What the key screen shows.
#[derive(Debug, Clone)]
pub struct KeyView<'a> {
    /// Generate or existing.
    pub source: KeySource,
    /// The type to generate.
    pub algorithm: KeyAlgorithm,
    /// The private key file's format (offered for RSA and ECDSA).
    pub format: KeyFormat,
    /// The focused control.
    pub focus: KeyFocus,
    /// The label as typed.
    pub label: &'a str,
    /// The existing key's path as typed.
    pub existing_path: &'a str,
    /// Where a generated key would be saved (shortened with `~`), if the label allows one.
    pub save_path: Option<String>,
    /// The service's name.
    pub service: &'a str,
    /// The service's advice on the key type.
    pub key_note: Option<&'a str>,
    /// The running job, and its latest stage.
    pub working: Option<(JobKind, Option<&'a str>)>,
    /// Why the last attempt failed.
    pub error: Option<&'a KeyJobError>,
    /// The key in use, and its path shortened with `~`.
    pub ready: Option<(&'a ReadyKey, String)>,
    /// The passphrase field is offered (a key file bblink can open).
    pub unlockable: bool,
    /// The user typed the label (a taken name is then asked about, not changed).
    pub label_edited: bool,
}

impl KeyStep {
    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        env: &Env,
        service: Option<&'a ServiceProfile>,
        working: Option<(JobKind, Option<&'a str>)>,
    ) -> KeyView<'a> {
        let home = env.home.as_deref();
        KeyView {
            source: self.source,
            algorithm: self.algorithm,
            format: self.format,
            focus: self.focus,
            label: &self.label,
            existing_path: &self.existing_path,
            save_path: self.generated_key_path(env).map(|p| display_path(home, &p)),
            service: service.map_or("the service", |s| s.called()),
            key_note: service.and_then(|s| s.key_note.as_deref()),
            working,
            error: self.error.as_ref(),
            ready: self
                .ready
                .as_ref()
                .map(|k| (k, display_path(home, &k.private_path))),
            unlockable: self.locked.is_some(),
            label_edited: self.label_edited,
        }
    }
}

/// A row of options on the key screen (source, type, format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionRow {
    /// The control it is.
    pub focus: KeyFocus,
    /// Its caption.
    pub caption: &'static str,
    /// The options, in the order ←→ move through them.
    pub options: Vec<String>,
    /// The option chosen now.
    pub chosen: usize,
}

/// The passphrase field's caption.
pub const PASSPHRASE_CAPTION: &str = "Passphrase (not shown, not kept)";

/// What bblink does with a key file's passphrase, once typed.
const UNLOCK_THEN: &str = "bblink saves a copy without it as NAME-nopass (readable by you only; next to the file, or in its keys folder if that is a git work tree) and uses that.";

impl KeyView<'_> {
    /// The rows of options shown now: the source; for a new key its type, and its file's
    /// format where there is a choice.
    pub fn option_rows(&self) -> Vec<OptionRow> {
        let generate = self.source == KeySource::Generate;
        let mut rows = vec![OptionRow {
            focus: KeyFocus::Source,
            caption: "Source",
            options: vec![
                "Generate a new key pair".into(),
                "Use an existing key file".into(),
            ],
            chosen: usize::from(!generate),
        }];
        if generate {
            rows.push(OptionRow {
                focus: KeyFocus::Type,
                caption: "Type",
                options: KeyAlgorithm::CHOICES
                    .iter()
                    .map(|a| algorithm_name(*a))
                    .collect(),
                chosen: KeyAlgorithm::CHOICES
                    .iter()
                    .position(|a| *a == self.algorithm)
                    .unwrap_or(0),
            });
            if self.algorithm != KeyAlgorithm::Ed25519 {
                rows.push(OptionRow {
                    focus: KeyFocus::Format,
                    caption: "Format",
                    options: vec![
                        "OpenSSH".into(),
                        format!("PEM ({})", short_header(KeyFormat::Pem, self.algorithm)),
                    ],
                    chosen: usize::from(self.format == KeyFormat::Pem),
                });
            }
        }
        rows
    }

    /// The text field shown now: its caption and the control it is.
    pub fn field(&self) -> (&'static str, KeyFocus) {
        match self.source {
            KeySource::Generate => ("Label", KeyFocus::Label),
            KeySource::Existing => ("Private key file", KeyFocus::Path),
        }
    }

    /// What the choice means: where a new key is saved and why it has no passphrase, or what
    /// file to give.
    pub fn about(&self) -> Vec<Said> {
        let mut lines = Vec::new();
        if self.source == KeySource::Existing {
            lines.push(Said::plain(
                "The private key file, not the .pub one. bblink checks it as the service will read it.",
            ));
            lines.push(
                Said(vec![Bit::Key(Action::FocusNext)])
                    .then(
                        Tone::Dim,
                        " to the field, type or paste the path; ~ means your home directory.",
                    )
                    .or_plain("Type or paste the path; ~ means your home directory."),
            );
            return lines;
        }
        lines.push(match &self.save_path {
            Some(p) => Said::plain("Saved as ").then(Tone::Value, p.clone()).then(
                Tone::Plain,
                if self.label_edited {
                    " and .pub (private key readable by you only)."
                } else {
                    " and .pub (private key readable by you only; -2, -3… if taken)."
                },
            ),
            None => Said::new(Tone::Warn, "Type a label: it names the key files."),
        });
        lines.push(Said::plain(format!(
            "No passphrase: {} reads the key unattended and cannot type one.",
            self.service
        )));
        if self.algorithm != KeyAlgorithm::Ed25519 {
            lines.push(Said::new(
                Tone::Dim,
                format!(
                    "Both formats work with current services: an OpenSSH key starts with {}, a PEM key with {}; older guides show the PEM form.",
                    short_header(KeyFormat::Openssh, self.algorithm),
                    short_header(KeyFormat::Pem, self.algorithm)
                ),
            ));
        }
        if let Some(note) = self.key_note {
            lines.push(Said::new(Tone::Dim, note));
        }
        lines
    }

    /// What happened: the job running, why the last attempt failed (and how to remove a
    /// passphrase), or the key in use.
    pub fn status(&self) -> Vec<Said> {
        let mut lines = Vec::new();
        if let Some((kind, stage)) = self.working {
            lines.push(working_line(kind, stage));
        } else if let Some(err) = self.error {
            lines.push(Said::new(Tone::Error, format!("✗ {err}")));
            if let KeyJobError::Unusable { problems, .. } = err {
                for p in problems {
                    lines.extend(Said::problem(p.severity, p.message.clone(), &p.fix));
                }
            }
            if self.unlockable {
                let plain = format!(
                    "This key file has a passphrase, which a service cannot type: {UNLOCK_THEN}"
                );
                let (key, how) = match self.focus {
                    KeyFocus::Passphrase => (None, "Type the passphrase, then Enter:"),
                    // In the path field `p` would be typed: Tab reaches the passphrase.
                    KeyFocus::Path => (
                        Some(Action::FocusNext),
                        " to the passphrase field, type it, then Enter;",
                    ),
                    _ => (Some(Action::Unlock), ": type the passphrase, then Enter;"),
                };
                let words = format!("{how} {UNLOCK_THEN}");
                lines.push(
                    match key {
                        Some(key) => Said(vec![Bit::Key(key)]).then(Tone::Plain, words),
                        None => Said::plain(words),
                    }
                    .or_plain(plain),
                );
            }
        } else if let Some((key, path)) = &self.ready {
            lines.push(
                Said::new(Tone::Ok, "✓ ")
                    .then(Tone::Plain, "Key in use: ")
                    .then(Tone::Value, path.clone()),
            );
            lines.push(Said::new(
                Tone::Dim,
                format!("  {}", key.info.fingerprint_line()),
            ));
            for p in &key.warnings {
                lines.extend(Said::problem(p.severity, p.message.clone(), &p.fix));
            }
            if self.source == KeySource::Generate {
                lines.push(
                    Said(vec![Bit::Key(Action::Next)])
                        .then(Tone::Plain, " goes on with it; ")
                        .then_key(Action::NewKey)
                        .then(
                            Tone::Plain,
                            " makes another key, whose public key must then replace this one in Bitbucket.",
                        ),
                );
            }
        }
        lines
    }
}

/// A key file's first line, short: `-----BEGIN RSA…` (the words a user recognises it by).
fn short_header(format: KeyFormat, algorithm: KeyAlgorithm) -> String {
    let header = format.header(algorithm).trim_end_matches('-');
    let words = header.trim_end_matches(" PRIVATE KEY");
    format!("{words}…")
}

/// The spinner line of a running job, with how to cancel it (the plain shell says progress
/// its own way).
fn working_line(kind: JobKind, stage: Option<&str>) -> Said {
    let what = match (kind, stage) {
        (_, Some(stage)) => stage.to_string(),
        (JobKind::Generate(a), None) => format!("Generating an {} key…", a.display_name()),
        (JobKind::UnlockKey, None) => "Removing the passphrase…".to_string(),
        _ => "Reading the key file…".to_string(),
    };
    let slow = matches!(kind, JobKind::Generate(a) if a.is_slow());
    Said::working(what).then(
        Tone::Dim,
        if slow {
            "  (RSA takes a few seconds; Esc cancels)"
        } else {
            "  (Esc cancels)"
        },
    )
}

/// The key pair page: generate one (which type, which label) or use a key file.
pub(in crate::core::wizard) fn page(v: &KeyView<'_>) -> Page {
    // The same lines as the screen: what the choice means, then what happened.
    let status = plain_lines(&[v.about(), v.status()].concat());
    let mut choices = Vec::new();
    if v.ready.is_none() || v.source == KeySource::Existing {
        match v.source {
            KeySource::Generate => generate_choices(v, &mut choices),
            KeySource::Existing => {
                choices.push(Choice::new(
                    "Give the key file's path",
                    Do::Ask(path_question()),
                ));
                if v.unlockable {
                    choices.push(Choice::new(
                        "Remove the passphrase: type it (hidden; it is not kept)",
                        Do::Ask(passphrase_question()),
                    ));
                }
                choices.push(Choice::new(
                    "Generate a new key pair instead",
                    Do::Choose(List::Source, 0),
                ));
            }
        }
    }
    let free =
        (v.source == KeySource::Existing && v.focus != KeyFocus::Passphrase).then(path_question);
    // A passphrase that did not open the key: asked again at once, hidden.
    let ask = (v.unlockable && v.focus == KeyFocus::Passphrase).then(passphrase_question);
    Page {
        intro: Vec::new(),
        status,
        choices,
        enter: None,
        free,
        hide: Vec::new(),
        ask,
        form: None,
    }
}

fn passphrase_question() -> Ask {
    Ask::new(
        Field::Passphrase,
        "Passphrase (hidden; an empty line cancels):",
        Hidden::Line,
        vec![Action::Unlock, Action::Next],
    )
}

fn path_question() -> Ask {
    Ask::new(
        Field::ExistingPath,
        "Path of the private key file:",
        Hidden::No,
        vec![Action::Next],
    )
}

fn algorithm_name(a: KeyAlgorithm) -> String {
    match a {
        KeyAlgorithm::Ed25519 => "Ed25519 (recommended)".into(),
        other => other.display_name(),
    }
}

/// The name of a private key file's format.
pub fn format_name(f: KeyFormat) -> &'static str {
    match f {
        KeyFormat::Openssh => "OpenSSH",
        KeyFormat::Pem => "PEM",
    }
}

/// The choices before generating: type, format (the screen's rows of options, as lists),
/// label, or a key file instead.
fn generate_choices(v: &KeyView<'_>, choices: &mut Vec<Choice>) {
    for row in v.option_rows() {
        let (label, question, list) = match row.focus {
            KeyFocus::Type => (
                format!("Choose the key type (now {})", v.algorithm.display_name()),
                "Which key type?",
                List::Algorithm,
            ),
            KeyFocus::Format => (
                format!(
                    "Choose the private key file's format (now {})",
                    format_name(v.format)
                ),
                "Which format? (OpenSSH unless the service asks for PEM)",
                List::Format,
            ),
            _ => continue,
        };
        choices.push(Choice::new(
            label,
            Do::Pick(Pick {
                question: question.into(),
                options: row.options,
                chosen: row.chosen,
                list,
            }),
        ));
    }
    choices.push(Choice::new(
        format!("Change the label (now {})", v.label),
        Do::Ask(Ask::new(
            Field::Label,
            "Label (letters, digits, - and _):",
            Hidden::No,
            Vec::new(),
        )),
    ));
    choices.push(Choice::new(
        "Use an existing key file instead",
        Do::Choose(List::Source, 1),
    ));
}

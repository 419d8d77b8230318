//! What the key screen shows, built from the key step's state.

use crate::core::key_file::{KeyJobError, ReadyKey};
use crate::core::service::ServiceProfile;
use crate::core::ssh_keys::{KeyAlgorithm, KeyFormat};

use crate::core::keyboard::Action;

use super::super::jobs::JobKind;
use super::super::msg::Env;
use super::super::msg::Field;
use super::super::page::{Ask, Choice, Do, Hidden, List, Page, Pick, problem_lines};
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
        working: Option<JobKind>,
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
            working: working.map(|k| (k, self.stage.as_deref())),
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

/// The key pair page: generate one (which type, which label) or use a key file.
pub(in crate::core::wizard) fn page(v: &KeyView<'_>) -> Page {
    let mut intro = Vec::new();
    if let Some(note) = v.key_note {
        intro.push(format!("{}: {note}", v.service));
    }
    let mut status = Vec::new();
    let mut choices = Vec::new();
    if let Some((key, path)) = &v.ready {
        status.push(format!(
            "Key in use: {} {} bits, {} ({path})",
            key.info.type_label(),
            key.info.bits,
            key.info.fingerprint
        ));
        for p in &key.warnings {
            status.push(format!("  {}: {}", p.severity.word(), p.message));
        }
    } else if v.source == KeySource::Generate {
        status.push(match &v.save_path {
            Some(p) => format!(
                "A new {} key pair will be saved as {p} (label {}).",
                v.algorithm.display_name(),
                v.label
            ),
            None => "The label cannot name a file: choose another label.".into(),
        });
    } else {
        status.push(if v.existing_path.is_empty() {
            "Use an existing private key file: give its path.".to_string()
        } else {
            format!("Key file: {}", v.existing_path)
        });
    }
    if let Some(e) = v.error {
        status.push(format!("✗ {e}"));
        if let KeyJobError::Unusable { problems, .. } = e {
            problem_lines(&mut status, problems);
        }
    }
    if v.ready.is_none() || v.source == KeySource::Existing {
        match v.source {
            KeySource::Generate => generate_choices(v, &mut choices),
            KeySource::Existing => {
                choices.push(Choice::new(
                    "Give the key file's path",
                    Do::Ask(path_question()),
                ));
                if v.unlockable {
                    status.push(
                        "This key file has a passphrase, which a service cannot type: bblink can save a copy without it."
                            .into(),
                    );
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
        intro,
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

/// The choices before generating: type, format, label, or a key file instead.
fn generate_choices(v: &KeyView<'_>, choices: &mut Vec<Choice>) {
    choices.push(Choice::new(
        format!("Choose the key type (now {})", v.algorithm.display_name()),
        Do::Pick(Pick {
            question: "Which key type?".into(),
            options: KeyAlgorithm::CHOICES
                .iter()
                .map(|a| algorithm_name(*a))
                .collect(),
            chosen: KeyAlgorithm::CHOICES
                .iter()
                .position(|a| *a == v.algorithm)
                .unwrap_or(0),
            list: List::Algorithm,
        }),
    ));
    if KeyFormat::Pem.fits(v.algorithm) {
        choices.push(Choice::new(
            format!(
                "Choose the private key file's format (now {})",
                format_name(v.format)
            ),
            Do::Pick(Pick {
                question: "Which format? (OpenSSH unless the service asks for PEM)".into(),
                options: vec!["OpenSSH".into(), "PEM".into()],
                chosen: usize::from(v.format == KeyFormat::Pem),
                list: List::Format,
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

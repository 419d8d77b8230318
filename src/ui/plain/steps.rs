//! The plain shell's pages for the first steps: welcome, service, key pair and public key.
//! Each reads the step's view, as its screen does, and says it in sentences and numbered
//! choices; nothing here decides anything.

use crate::core::key::Action;
use crate::core::keys::{KeyAlgorithm, KeyFormat};
use crate::core::service::Flavor;
use crate::core::wizard::key::{KeyFocus, KeySource};
use crate::core::wizard::public_key::WriteState;
use crate::core::wizard::{Field, Step, Wizard};

use super::menu::{Ask, Choice, Do, Hidden, Page, Pick, Target};

/// The welcome page: what bblink does, in order.
pub fn welcome(w: &Wizard) -> Page {
    let v = w.welcome_view();
    let route = w.route();
    let mut intro = vec![
        "bblink connects a private Bitbucket repository to a service such as Valohai or CircleCI."
            .to_string(),
        "The steps:".to_string(),
    ];
    for s in route.numbered() {
        intro.push(format!("  Step {}: {}", route.number(*s), s.title()));
    }
    intro.push(format!(
        "Keys are saved in {}, readable by you only. A private key never leaves this computer unless you copy it.",
        v.keys_dir
    ));
    intro.push(
        "At every question: back, help and quit work; go N jumps to step N. Something failed already? bblink diagnose LOG explains a log."
            .to_string(),
    );
    Page {
        intro,
        ..Page::default()
    }
}

/// The service page: which service, which Bitbucket, and (for `CircleCI`) which kind of key.
pub fn service(w: &Wizard) -> Page {
    let v = w.service_view();
    let Some(chosen) = v.services.get(v.chosen) else {
        return Page::default();
    };
    let mut status = vec![
        format!("Service: {} — {}", chosen.name, chosen.summary),
        format!("Repository on: {}", v.flavor.name()),
    ];
    let mut choices = vec![Choice::new(
        format!("Choose another service (now {})", chosen.name),
        Do::Pick(Pick {
            question: "Which service will read the repository?".into(),
            options: v.services.iter().map(|s| s.name.clone()).collect(),
            chosen: v.chosen,
            target: Target::Service,
        }),
    )];
    let other = match v.flavor {
        Flavor::Cloud => (Flavor::DataCenter, 1),
        Flavor::DataCenter => (Flavor::Cloud, 0),
    };
    choices.push(Choice::new(
        format!("The repository is on {} instead", other.0.name()),
        Do::Set(Target::Flavor, other.1),
    ));
    if let Some(k) = &chosen.key_choice {
        status.push(format!(
            "{} {}",
            k.question,
            if v.user_key { &k.user } else { &k.access }
        ));
        choices.push(Choice::new(
            format!(
                "Choose the kind of key (now {})",
                if v.user_key {
                    "a user key"
                } else {
                    "an access key"
                }
            ),
            Do::Pick(Pick {
                question: k.question.clone(),
                options: vec![k.access.clone(), k.user.clone()],
                chosen: usize::from(v.user_key),
                target: Target::KeyKind,
            }),
        ));
    }
    Page {
        status,
        choices,
        ..Page::default()
    }
}

fn algorithm_name(a: KeyAlgorithm) -> String {
    match a {
        KeyAlgorithm::Ed25519 => "Ed25519 (recommended)".into(),
        other => other.display_name(),
    }
}

/// The key pair page: generate one (which type, which label) or use a key file.
pub fn key(w: &Wizard) -> Page {
    let v = w.key_view();
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
        if let crate::core::keyfile::KeyJobError::Unusable { problems, .. } = e {
            for p in problems {
                status.push(format!("  {}: {}", p.severity.word(), p.message));
                if !p.fix.is_empty() {
                    status.push(format!("    fix: {}", p.fix));
                }
            }
        }
    }
    if v.ready.is_none() || v.source == KeySource::Existing {
        match v.source {
            KeySource::Generate => generate_choices(&v, &mut choices),
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
                    Do::Set(Target::Source, 0),
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
    }
}

fn passphrase_question() -> Ask {
    Ask {
        field: Field::Passphrase,
        question: "Passphrase (hidden; an empty line cancels):".into(),
        hidden: Hidden::Line,
        then: vec![Action::Unlock, Action::Next],
    }
}

/// The choices before generating: type, format, label, or a key file instead.
fn generate_choices(v: &crate::core::wizard::key::KeyView<'_>, choices: &mut Vec<Choice>) {
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
            target: Target::Algorithm,
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
                target: Target::Format,
            }),
        ));
    }
    choices.push(Choice::new(
        format!("Change the label (now {})", v.label),
        Do::Ask(Ask {
            field: Field::Label,
            question: "Label (letters, digits, - and _):".into(),
            hidden: Hidden::No,
            then: Vec::new(),
        }),
    ));
    choices.push(Choice::new(
        "Use an existing key file instead",
        Do::Set(Target::Source, 1),
    ));
}

fn path_question() -> Ask {
    Ask {
        field: Field::ExistingPath,
        question: "Path of the private key file:".into(),
        hidden: Hidden::No,
        then: vec![Action::Next],
    }
}

fn format_name(f: KeyFormat) -> &'static str {
    match f {
        KeyFormat::Openssh => "OpenSSH",
        KeyFormat::Pem => "PEM",
    }
}

/// The public key page: the line to add, where it goes, and what became of the copy.
pub fn public_key(w: &Wizard) -> Page {
    let v = w.public_key_view();
    let Some((key, private_path)) = &v.key else {
        let step = w.route().number(Step::Key);
        return Page {
            intro: vec![format!(
                "No key yet: step {step} generates one or reads a key file."
            )],
            choices: vec![Choice::new(
                format!("Go to step {step}, the key pair"),
                Do::Act(vec![Action::Jump(Step::Key)]),
            )],
            enter: Some(0),
            ..Page::default()
        };
    };
    let mut intro = vec![
        format!(
            "{} {} bits, {}; private key {private_path}",
            key.info.type_label(),
            key.info.bits,
            key.info.fingerprint
        ),
        "The public key (one line):".to_string(),
        key.info.public_line.clone(),
    ];
    if let Some(k) = v.user_key {
        intro.push(format!("Add it in {} as a user key:", v.flavor.name()));
        intro.push(format!("  - {}", k.user_bitbucket));
        intro.push(format!(
            "  - Label: {}. Key: paste the public key. Then Add key.",
            v.label
        ));
        intro.push(k.preferred.clone());
    } else {
        intro.push(format!("Add it in {} as an access key:", v.flavor.name()));
        intro.push("  - Repository → Repository settings → Access keys → Add key".into());
        intro.push(format!(
            "  - Label: {}. Key: paste the public key.{} Then Add key.",
            v.label,
            match v.flavor {
                Flavor::Cloud => "",
                Flavor::DataCenter => " Permission: Read.",
            }
        ));
        intro.push(
            "Or let bblink add it through Bitbucket's API: bblink access-key add --help.".into(),
        );
    }
    let mut status = Vec::new();
    if let Some(note) = v.copy.note() {
        status.push(note);
    }
    match (v.written, &v.written_path) {
        (WriteState::Written(_), Some(p)) => status.push(format!("✓ Written to {p}.")),
        (WriteState::Failed(e), _) => status.push(format!("✗ Not written: {e}.")),
        _ => {}
    }
    if let Some(a) = v.added {
        status.push(format!(
            "✓ Access key \"{}\" (id {}) is in Bitbucket.",
            a.key.label, a.key.id
        ));
    }
    Page {
        intro,
        status,
        choices: vec![Choice::new(
            "I added it in Bitbucket: go on to the clone URL",
            Do::Act(vec![Action::Next]),
        )],
        enter: Some(0),
        ..Page::default()
    }
}

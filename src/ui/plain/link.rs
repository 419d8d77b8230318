//! The plain shell's pages for services that take no SSH key: the service's URL, the OAuth
//! consumer, the access token, the webhook and their summary. Masked values are asked without
//! echo and only their length is ever shown.

use crate::core::bitbucket::ApiFlavor;
use crate::core::key::Action;
use crate::core::wizard::values::Item;
use crate::core::wizard::{Field, Wizard};

use super::menu::{Ask, Choice, Do, Hidden, Page, Pick, Target};

fn ask(field: Field, question: &str, hidden: Hidden, then: Vec<Action>) -> Do {
    Do::Ask(Ask {
        field,
        question: question.into(),
        hidden,
        then,
    })
}

/// A copy note in plain words: a secret is never shown here, so without a clipboard the way
/// is a secret of one's own.
fn note(text: &str) -> String {
    match text.split_once("; the webhook secret is shown by s") {
        Some((head, _)) => format!(
            "{head}. Without a clipboard, make the secret yourself (for example openssl rand -hex 20, kept in your password manager), give it with choice 1 and paste the same into the service."
        ),
        None => text.to_string(),
    }
}

/// The values to copy, each with its place, and a choice per value that copies it.
fn values(out: &mut Vec<String>, choices: &mut Vec<Choice>, items: &[Item]) {
    for (i, item) in items.iter().enumerate() {
        let shown = if item.shown.is_empty() {
            "(not known yet)"
        } else {
            item.shown.as_str()
        };
        out.push(format!("  • {} ({}): {shown}", item.label, item.place));
        choices.push(Choice::new(
            format!("Copy {}", item.label),
            Do::CopyValue(i),
        ));
    }
}

fn failure(out: &mut Vec<String>, f: &crate::core::bitbucket::ApiFailure) {
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

/// The service URL page.
pub fn address(w: &Wizard) -> Page {
    let v = w.address_view();
    let input = v.service.and_then(|s| s.input.as_ref());
    let label = input.map_or("Service URL", |i| i.label.as_str());
    let mut intro = Vec::new();
    if let Some(i) = input {
        intro.push(i.help.clone());
        intro.push(format!("Example: {}", i.example));
    }
    let mut status = Vec::new();
    let mut choices = Vec::new();
    match v.base {
        Some(Ok(b)) => {
            status.push(format!("✓ {}", b.base));
            if let Some(r) = &b.repaired {
                status.push(format!("  {r}"));
            }
        }
        Some(Err(why)) => status.push(format!("✗ {why}")),
        None => {}
    }
    if !v.values.is_empty() {
        status.push("Made from it:".into());
        values(&mut status, &mut choices, &v.values);
    }
    if let Some(n) = &v.copy_note {
        status.push(note(n));
    }
    let question = format!("{label}:");
    Page {
        intro,
        status,
        choices,
        free: Some(Ask {
            field: Field::ServiceUrl,
            question,
            hidden: Hidden::No,
            then: Vec::new(),
        }),
        hide: vec![Action::Copy],
        ..Page::default()
    }
}

/// The OAuth consumer page.
pub fn consumer(w: &Wizard) -> Page {
    use crate::core::wizard::oauth_consumer::Phase;
    let v = w.consumer_view();
    let mut intro = Vec::new();
    let mut choices = Vec::new();
    let mut status = Vec::new();
    if let Some(c) = v.service.and_then(|s| s.consumer.as_ref()) {
        intro.push("Create the consumer in Bitbucket:".into());
        intro.push(format!("  {}", c.place));
        intro.push(format!("  {}", c.link));
        intro.push(format!("  ! {}", c.outdated));
        intro.push(format!("  {}", c.private));
        intro.push(
            "Save, click the consumer's name to show its Key and Secret, and give them here."
                .into(),
        );
    }
    if let Some(m) = v.modes.get(v.mode) {
        status.push(format!(
            "Mode: {}. Permissions to tick: {}",
            m.label, m.permissions
        ));
        if v.modes.len() > 1 {
            choices.push(Choice::new(
                format!("Choose the mode (now {})", m.label),
                Do::Pick(Pick {
                    question: "What is the consumer for?".into(),
                    options: v.modes.iter().map(|m| m.label.clone()).collect(),
                    chosen: v.mode,
                    target: Target::Mode,
                }),
            ));
        }
    }
    status.push("Fill in:".into());
    values(&mut status, &mut choices, &v.values);
    if let Some(n) = &v.copy_note {
        status.push(note(n));
    }
    if v.secret_len > 0 {
        status.push(format!("Secret: {} characters (hidden)", v.secret_len));
    }
    match v.phase {
        Phase::Form | Phase::Working => {}
        Phase::Checked(c) => {
            match c.private {
                Some(true) => status.push(format!(
                    "✓ Key and secret valid; the consumer's scopes: {}",
                    c.scopes.join(", ")
                )),
                Some(false) => status.push("✓ Key and secret valid.".into()),
                None => {}
            }
            for f in &c.findings {
                status.push(format!(
                    "  {}: {} ({})",
                    f.severity.word(),
                    f.message,
                    f.id.as_str()
                ));
                if !f.fix.is_empty() {
                    status.push(format!("    fix: {}", f.fix));
                }
            }
        }
        Phase::Failed(f) => failure(&mut status, f),
    }
    choices.insert(
        0,
        Choice::new(
            "Give the consumer's key",
            ask(Field::OauthKey, "Key:", Hidden::No, Vec::new()),
        ),
    );
    choices.insert(
        1,
        Choice::new(
            "Give the consumer's secret (hidden)",
            ask(
                Field::OauthSecret,
                "Secret (hidden; an empty line cancels):",
                Hidden::Line,
                vec![Action::Next],
            ),
        ),
    );
    Page {
        intro,
        status,
        choices,
        hide: vec![Action::Copy, Action::Cycle],
        ..Page::default()
    }
}

/// The access token page.
pub fn token(w: &Wizard) -> Page {
    use crate::core::wizard::access_token::Phase;
    let v = w.token_view();
    let mut intro = Vec::new();
    if let Some(n) = v.service.and_then(|s| s.token.as_ref()) {
        let (flavor, steps) = match v.flavor {
            ApiFlavor::Cloud => ("Bitbucket Cloud", &n.cloud),
            ApiFlavor::DataCenter => ("Bitbucket Data Center", &n.data_center),
        };
        intro.push(format!("Create a repository access token ({flavor}):"));
        intro.extend(
            steps
                .iter()
                .enumerate()
                .map(|(i, s)| format!("  {}. {s}", super::menu::letter(i))),
        );
        if v.flavor == ApiFlavor::Cloud {
            intro.push(format!("Scopes: {}", n.permissions));
        }
        intro.push(n.wider.clone());
        intro.push("An Atlassian API token or an app password is not an access token: they act as a user, with the user's reach.".into());
    }
    let mut status = Vec::new();
    match v.target {
        Some(Ok(t)) => status.push(format!(
            "Repository: {} on {} ({})",
            t.full_name(),
            t.flavor.name(),
            t.base.as_str()
        )),
        Some(Err(e)) => status.push(format!("✗ {e}")),
        None => {}
    }
    if v.token_len > 0 {
        status.push(format!("Token: {} characters (hidden)", v.token_len));
    }
    match v.phase {
        Phase::Form | Phase::Working => {}
        Phase::Checked {
            scopes,
            missing,
            lists_hooks,
        } => {
            status.push(match scopes {
                Some(g) => format!(
                    "✓ The token reads the repository; its scopes: {}",
                    g.join(", ")
                ),
                None => crate::ui::screens::access_token::unconfirmed(*lists_hooks),
            });
            if !missing.is_empty() {
                status.push(format!("✗ It lacks {} (api_scope_missing): scopes cannot be added to a token; create a new one.", missing.join(", ")));
            }
        }
        Phase::Failed(f) => failure(&mut status, f),
    }
    Page {
        intro,
        status,
        choices: vec![
            Choice::new(
                "Give the repository's clone URL",
                ask(Field::HookRepo, "Clone URL:", Hidden::No, Vec::new()),
            ),
            Choice::new(
                "Give the access token (hidden)",
                ask(
                    Field::HookToken,
                    "Token (hidden; an empty line cancels):",
                    Hidden::Line,
                    vec![Action::Next],
                ),
            ),
        ],
        hide: vec![Action::Copy],
        ..Page::default()
    }
}

/// The webhook page.
pub fn webhook(w: &Wizard) -> Page {
    use crate::core::bitbucket::hooks::HookAction;
    use crate::core::wizard::webhook::Phase;
    let v = w.webhook_view();
    let mut intro = Vec::new();
    if let Some(h) = v.service.and_then(|s| s.webhook.as_ref()) {
        intro.push(h.shared_secret.clone());
    }
    let mut status = vec![match (v.secret_len, v.generated) {
        (0, _) => "No secret yet: make one, or give the one your other repositories' webhooks use."
            .to_string(),
        (n, true) => format!(
            "✓ A new secret, {n} random characters (hidden): copy it below for the service."
        ),
        (n, false) if n < 32 => {
            format!("! The secret has {n} characters: one of 32 or more is much harder to guess.")
        }
        (n, false) => format!("✓ The secret you entered ({n} characters, hidden)."),
    }];
    let repo = v.repository.as_deref().unwrap_or("the repository");
    match v.phase {
        Phase::Ready | Phase::Working => {}
        Phase::Saved { action, id } => {
            let did = match action {
                HookAction::Created => "Created",
                HookAction::Updated => "Updated",
                HookAction::Unchanged => "Already there:",
            };
            status.push(format!("✓ {did} the push webhook of {repo} ({id})."));
        }
        Phase::Failed(f) => {
            failure(&mut status, f);
            if let Some(h) = v.service.and_then(|s| s.webhook.as_ref()) {
                let manual = match v.flavor {
                    ApiFlavor::DataCenter => &h.manual_data_center,
                    ApiFlavor::Cloud => &h.manual_cloud,
                };
                status.push(format!(
                    "Add it by hand instead, with the values below: {manual}"
                ));
            }
        }
    }
    let mut choices = vec![Choice::new(
        "Give the secret your other webhooks use (hidden)",
        ask(
            Field::HookSecret,
            "Webhook secret (hidden; an empty line cancels):",
            Hidden::Line,
            Vec::new(),
        ),
    )];
    status.push("The webhook:".into());
    values(&mut status, &mut choices, &v.values);
    if let Some(n) = &v.copy_note {
        status.push(note(n));
    }
    Page {
        intro,
        status,
        choices,
        hide: vec![Action::Copy],
        ..Page::default()
    }
}

/// The summary of services that take no SSH key.
pub fn finish(w: &Wizard) -> Page {
    let v = w.finish_view();
    let called = v.service.map_or("the service", |s| s.called());
    let mut intro = vec!["Set up:".to_string()];
    for s in &v.status {
        intro.push(format!("  {} {}", if s.ok { "✓" } else { "·" }, s.text));
    }
    let at = v.commands_at.unwrap_or(v.items.len()).min(v.items.len());
    let mut choices = Vec::new();
    intro.push(format!(
        "In {called} (secrets are copied from their fields, never shown):"
    ));
    values(&mut intro, &mut choices, &v.items[..at]);
    if at < v.items.len() {
        intro.push(format!(
            "Run where {called} runs (the secret is read without echo):"
        ));
        for (i, item) in v.items[at..].iter().enumerate() {
            intro.push(format!("  {}", item.shown));
            choices.push(Choice::new(
                format!("Copy the command {}", item.shown),
                Do::CopyValue(at + i),
            ));
        }
        if let Some(n) = &v.commands_note {
            intro.push(n.clone());
        }
    }
    if let Some(s) = v.service {
        intro.push(s.next.text.clone());
    }
    if let Some(d) = &v.deliveries {
        intro.push(format!("Deliveries: {d}"));
        intro.push("A delivery captured from the service can be checked with: bblink webhook verify --secret-env VAR FILE".into());
    }
    if !v.trouble.is_empty() {
        intro.push("If it fails (bblink diagnose LOG explains a log):".into());
        for (id, title) in &v.trouble {
            intro.push(format!("  • {title} ({id})"));
        }
    }
    Page {
        intro,
        status: v.copy_note.iter().map(|n| note(n)).collect(),
        choices,
        hide: vec![Action::Copy],
        ..Page::default()
    }
}

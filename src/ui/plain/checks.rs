//! The plain shell's pages for the checking steps: clone URL, private key, connection test and
//! the summary. Verdicts are the core's; a pasted key or a URL's token is never printed (the
//! URL check's own redacted form is).

use crate::core::key::Action;
use crate::core::problem::Problem;
use crate::core::wizard::private_key::SecretCopy;
use crate::core::wizard::test::Status;
use crate::core::wizard::{Field, Step, Wizard};

use super::menu::{Ask, Choice, Do, Hidden, Page};

fn problems<Id>(out: &mut Vec<String>, problems: &[Problem<Id>]) {
    for p in problems {
        out.push(format!("  {}: {}", p.severity.word(), p.message));
        if !p.fix.is_empty() {
            out.push(format!("    fix: {}", p.fix));
        }
    }
}

fn url_question() -> Ask {
    Ask {
        field: Field::CloneUrl,
        question: "Clone URL:".into(),
        hidden: Hidden::No,
        then: Vec::new(),
    }
}

/// The clone URL page: paste it; the verdict, the SSH URL, the repair.
pub fn clone_url(w: &Wizard) -> Page {
    let v = w.clone_url_view();
    let mut intro = vec![format!(
        "Paste the repository's clone URL as {} shows it (Clone, top right; SSH or HTTPS), or a whole git clone command.",
        v.flavor.name()
    )];
    if let Some(note) = v.note {
        intro.push(note.to_string());
    }
    let mut status = Vec::new();
    let mut choices = Vec::new();
    if let Some(c) = v.check {
        let head = if c.ok {
            "✓ Ready"
        } else if c.repair().is_some() {
            "✗ Needs a change"
        } else {
            "✗ Not usable"
        };
        status.push(format!("{head}: {} ({})", c.summary(), c.shown));
        let facts = c.facts();
        if !facts.is_empty() {
            status.push(format!("  {}", facts.join(", ")));
        }
        problems(&mut status, &c.problems);
        match (c.usable(), c.repair()) {
            (Some(url), _) => status.push(format!("SSH URL for the service: {url}")),
            (None, Some(url)) => {
                status.push(format!("bblink suggests: {url}"));
                choices.push(Choice::new(
                    format!("Use {url}"),
                    Do::Act(vec![Action::Next]),
                ));
            }
            (None, None) => {}
        }
        if let Some(note) = v.copy.note() {
            status.push(note);
        }
    }
    // Going on (or copying) needs a URL the service can use, or one bblink can repair.
    let hide = match v.check {
        None => vec![Action::Next, Action::Copy, Action::Clear],
        Some(c) if c.ssh_url.is_none() => vec![Action::Next, Action::Copy],
        Some(_) => Vec::new(),
    };
    Page {
        intro,
        status,
        enter: (!choices.is_empty()).then_some(0),
        choices,
        free: Some(url_question()),
        hide,
        ask: None,
    }
}

fn key_question() -> Ask {
    Ask {
        field: Field::PrivateKey,
        question: "Paste the private key (hidden; it ends at its -----END line or an empty line; back cancels):"
            .into(),
        hidden: Hidden::Key,
        then: Vec::new(),
    }
}

/// The private key page: paste it as it will be pasted into the service; the verdict.
pub fn private_key(w: &Wizard) -> Page {
    let v = w.private_key_view();
    let service = v.service.map_or("the service", |s| s.called());
    let mut intro = vec![format!(
        "Paste the private key exactly as you will paste it into {service}: bblink checks its format, type and passphrase, repairs copy-paste damage and compares it with the key of step {}.",
        w.route().number(Step::Key)
    )];
    if let Some(f) = &v.key_file {
        intro.push(format!("Or check the key file {f} (choice below)."));
    }
    let mut status = Vec::new();
    if let Some(note) = v.note {
        status.push(note.to_string());
    }
    if v.loading {
        status.push("Reading the key file…".into());
    }
    if let Some(i) = v.verdict {
        let what = match (i.algorithm.as_deref(), i.bits) {
            (Some(a), Some(b)) => format!("{a} {b} bits"),
            _ => "not a key".to_string(),
        };
        let head = if i.ok {
            "✓ Usable"
        } else if i.usable() {
            "✓ Usable once repaired"
        } else {
            "✗ Not usable"
        };
        let lines = v.size.0;
        status.push(format!(
            "{head}: {what}, {lines} line{}, {} bytes pasted (not shown)",
            if lines == 1 { "" } else { "s" },
            v.size.1
        ));
        if let Some(fp) = &i.fingerprint {
            status.push(format!("  fingerprint {fp}"));
        }
        match i.matches_public_key {
            Some(true) => status.push("  ✓ It is the key of the public key you added.".into()),
            Some(false) => {
                status
                    .push("  ✗ It is NOT the key of step 2: the service would be refused.".into());
            }
            None => {}
        }
        problems(&mut status, &i.problems);
        if i.repaired {
            status.push(
                "The damage was repaired: copy or write the repaired key (choices below) and give that one to the service."
                    .into(),
            );
        }
    }
    match v.copy {
        SecretCopy::Idle => {}
        SecretCopy::Copying => status.push("Copying…".into()),
        SecretCopy::Copied => status.push(format!(
            "✓ Copied; taken off the clipboard in {} s unless it changed.",
            v.clear_after
        )),
        SecretCopy::Cleared => status.push("Taken off the clipboard.".into()),
        SecretCopy::Unavailable(e) => status.push(format!(
            "No clipboard ({e}): write it to a file instead (choice below)."
        )),
    }
    match &v.written {
        Ok(Some(p)) => status.push(format!("✓ Written to {p} (readable by you only).")),
        Err(e) => status.push(format!("✗ Not written: {e}")),
        Ok(None) => {}
    }
    Page {
        intro,
        status,
        choices: vec![Choice::new(
            if v.verdict.is_some() {
                "Paste the private key again"
            } else {
                "Paste the private key"
            },
            Do::Ask(key_question()),
        )],
        ..Page::default()
    }
}

/// The connection test page: each stage, the result, what to do about a failure.
pub fn test(w: &Wizard) -> Page {
    let v = w.test_view();
    let mut intro = vec![match v.url {
        Some(url) => format!(
            "bblink connects to the repository {url} as the service will, with the same key; the server's host key must be one Bitbucket publishes (Cloud) or one you confirm (Data Center)."
        ),
        None => "No usable clone URL yet: type back (or go N) to give one.".into(),
    }];
    if !v.has_key {
        intro.push("No key to test with yet.".into());
    }
    let mut status = Vec::new();
    if !v.running {
        for r in v.rows {
            let mark = match r.status {
                Status::Passed => "✓",
                Status::Failed => "✗",
                Status::Pending | Status::Running | Status::Skipped => continue,
            };
            let ms = r.ms.map(|m| format!(" ({m} ms)")).unwrap_or_default();
            status.push(format!("  {mark} {}{ms}: {}", r.stage.label(), r.detail));
        }
    }
    if let (Some(o), false) = (v.outcome, v.running) {
        if o.ok {
            status.push(match (&o.default_branch, &o.head_commit) {
                (Some(b), Some(c)) => format!(
                    "✓ Passed: the service will fetch {b} at {}. Branches: {}.",
                    c.get(..12).unwrap_or(c),
                    o.branches.join(", ")
                ),
                _ => "✓ Passed: the repository can be read with this key.".into(),
            });
        }
        if let Some(f) = v.failure {
            status.push(format!("✗ {}", f.title));
            status.push(format!("  cause: {}", f.cause));
            status.push(format!("  fix: {}", f.fix));
            let lines: Vec<&str> = o
                .transcript
                .lines()
                .filter(|l| !l.trim().is_empty())
                .collect();
            if !lines.is_empty() {
                // The transcript is redacted by the test; the last lines say what ssh saw.
                status.push("  What ssh said (redacted, the last lines):".into());
                let from = lines.len().saturating_sub(8);
                status.extend(lines[from..].iter().map(|l| format!("    {l}")));
            }
        }
        for f in o.warnings() {
            status.push(format!("  warning: {}: {}", f.title, f.fix));
        }
        if let Some(k) = v.trustable {
            status.push(format!(
                "  The server's {} key: {}. Compare it with what your Bitbucket administrator publishes before trusting it.",
                k.kind(),
                k.fingerprint
            ));
        }
    }
    for (url, result) in &v.more.repos {
        status.push(match result {
            Some((true, line)) => format!("  ✓ {url}: {line}"),
            Some((false, line)) => format!("  ✗ {url}: {line}"),
            None => format!("  · {url}: not tested yet"),
        });
    }
    if let Some(note) = v.note {
        status.push(note.to_string());
    }
    Page {
        intro,
        status,
        choices: vec![Choice::new(
            "Also test another repository the build fetches (paste its URL)",
            Do::Ask(Ask {
                field: Field::CloneUrl,
                question: "Another repository's clone URL:".into(),
                hidden: Hidden::No,
                then: Vec::new(),
            }),
        )],
        ..Page::default()
    }
}

/// The summary: what is set up, each value the service asks for, how to test again.
pub fn done(w: &Wizard) -> Page {
    let v = w.done_view();
    let service = v.service.map_or("the service", |s| s.called());
    let mark = |ok: bool| if ok { "✓" } else { "·" };
    let mut intro = vec!["Set up:".to_string()];
    match v.key {
        Some(key) => {
            intro.push(format!("  ✓ Key pair: {}", key.info.fingerprint_line()));
            let accepted = v.tested.as_ref().is_some_and(|(ok, _)| *ok);
            intro.push(format!(
                "  {} Public key: {}",
                mark(v.public_key_done || accepted),
                if accepted {
                    "the connection test logged in with it."
                } else if v.public_key_done {
                    "copied, to add in Bitbucket as an access key."
                } else {
                    "not copied yet (step 3)."
                }
            ));
        }
        None => intro.push("  · No key pair yet (step 2).".into()),
    }
    intro.push(format!(
        "  {} Private key {}",
        mark(v.private_checked),
        if v.private_checked {
            "checked as it will be pasted."
        } else {
            "not checked yet (step 5)."
        }
    ));
    intro.push(match &v.tested {
        Some((true, line)) => format!("  ✓ Connection tested: {line}."),
        Some((false, line)) => format!("  · Connection test failed: {line} (step 6)."),
        None => "  · Connection not tested yet (step 6).".into(),
    });
    intro.push(format!("Left to do in {service}:"));
    for value in &v.values {
        intro.push(format!("  • {} ({})", value.label, value.place));
        match &value.value {
            Some(text) => intro.push(format!("    {text}")),
            None => intro.push(format!("    not known yet: {}", value.how)),
        }
        let (lead, commands) = &value.commands;
        if value.value.is_some() && !commands.is_empty() {
            intro.push(format!("    {lead}"));
            intro.extend(commands.iter().map(|c| format!("      {c}")));
        }
    }
    if let Some(s) = v.service {
        intro.push(format!("Then: {}", s.next.text));
    }
    if let Some(cmd) = &v.retest {
        intro.push(format!("Test it again later: {cmd}"));
    }
    intro.push(
        "Type hosts for known_hosts lines for a CI job, checklist for the service's checklist."
            .into(),
    );
    let status = v
        .values
        .iter()
        .filter_map(|value| value.copy.as_ref().and_then(|(_, note)| note.clone()))
        .collect();
    Page {
        intro,
        status,
        ..Page::default()
    }
}

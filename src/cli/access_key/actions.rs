//! Add, list and remove.

use std::io::IsTerminal;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::adapters::bitbucket::{Client, Selector};
use crate::adapters::dirs;
use crate::core::bitbucket::access_keys::{self, AccessKey, ListCut};
use crate::core::display::{shortened, terminal_safe};
use crate::core::ssh_keys::{KeyInfo, type_label};

use super::super::credential;
use super::super::out::{self, Out, USAGE};
use super::run::{Ready, base, failed};
use super::{AccessKeyArgs, Action, AddArgs, ListArgs, RemoveArgs};

/// A success: `ok`, the fields, no findings.
pub(super) fn done(out: Out, mut m: Map<String, Value>, fields: Vec<(&str, Value)>) -> ExitCode {
    m.insert("ok".into(), json!(true));
    for (k, v) in fields {
        m.insert(k.into(), v);
    }
    m.insert("findings".into(), json!([]));
    out.finish(&Value::Object(m), 0)
}

/// Runs the action.
pub(super) async fn act(args: &AccessKeyArgs, ready: Ready, out: Out) -> ExitCode {
    let Ready { client, key } = ready;
    let live = !out.json && std::io::stderr().is_terminal();
    let mut on = |s: String| {
        if live {
            out::say(&format!("  {s}"));
        }
    };
    match &args.action {
        Action::Add(a) => add(a, &client, key, out, &mut on).await,
        Action::List(a) => list(a, &client, key.as_ref(), out).await,
        Action::Remove(a) => remove(a, &client, key.as_ref(), out).await,
        Action::Rotate(a) => super::rotate::rotate(a, &client, key, out, &mut on).await,
    }
}

async fn add(
    a: &AddArgs,
    client: &Client,
    key: Option<KeyInfo>,
    mut out: Out,
    on: &mut (dyn FnMut(String) + Send),
) -> ExitCode {
    let target = client.target();
    let Some(key) = key else {
        return out.error("usage", "no key given", "Give --key PUBKEY.", USAGE);
    };
    let label = a.label.clone().unwrap_or_else(|| {
        if key.comment.is_empty() {
            format!("bblink-{}", dirs::today())
        } else {
            key.comment.clone()
        }
    });
    let m = base("add", target);
    match client
        .add(&key.public_line, &key.fingerprint, &label, on)
        .await
    {
        Ok(added) => {
            if !out.json {
                let how = if added.already_present {
                    "was already an access key of"
                } else {
                    "is now an access key of"
                };
                out.line(format_args!(
                    "✓ {} {how} {}",
                    added.key.fingerprint,
                    target.full_name()
                ));
                out.line(format_args!("  label: {}", terminal_safe(&added.key.label)));
                let access = match added.key.permission.as_deref() {
                    Some("REPO_READ") | None => "read-only".to_string(),
                    Some(other) => format!(
                        "{} (not read-only: the service needs only REPO_READ)",
                        terminal_safe(other)
                    ),
                };
                out.line(format_args!("  id: {}   {access}", added.key.id));
                out.line(format_args!("  see it at: {}", added.page));
            }
            let fields = vec![
                ("already_present", json!(added.already_present)),
                ("key", json!(added.key)),
            ];
            done(out, m, fields)
        }
        Err(f) => failed(out, m, &f),
    }
}

/// The longest label shown whole; longer ones are cut with `…`.
const LABEL_MAX: usize = 48;

/// The widths of the label and type columns: as wide as the widest entry (a label up to
/// [`LABEL_MAX`]), so no column shifts and the wizard's own labels are never cut.
fn widths(list: &[AccessKey]) -> (usize, usize) {
    let label = list
        .iter()
        .map(|k| shortened(&k.label, LABEL_MAX).chars().count())
        .chain(std::iter::once("LABEL".len()))
        .max()
        .unwrap_or(5);
    let kind = list
        .iter()
        .map(|k| type_label(&k.algorithm).len())
        .chain(std::iter::once("TYPE".len()))
        .max()
        .unwrap_or(4);
    (label, kind)
}

fn key_line(k: &AccessKey, (lw, tw): (usize, usize)) -> String {
    let notes = k.flags.notes();
    format!(
        "{:>8}  {:<lw$} {:<tw$} {:>5}  {:<51} {:<10}  {:<10}  {}",
        k.id,
        shortened(&k.label, LABEL_MAX),
        type_label(&k.algorithm),
        k.bits,
        k.fingerprint,
        access_keys::day(k.added_on.as_deref()),
        access_keys::day(k.last_used.as_deref()),
        notes.join(", ")
    )
}

async fn list(a: &ListArgs, client: &Client, key: Option<&KeyInfo>, mut out: Out) -> ExitCode {
    let target = client.target();
    let m = base("list", target);
    let (mut list, cut, unread) = match client.list().await {
        Ok(found) => (found.keys, found.cut, found.unread),
        Err(f) => return failed(out, m, &f),
    };
    let now = time::OffsetDateTime::now_utc();
    let this = key.map(|k| k.fingerprint.as_str());
    access_keys::review(&mut list, now, a.max_age_days, this);
    if !out.json {
        out.line(format_args!(
            "Access keys of {} ({}): {}",
            target.full_name(),
            target.flavor.name(),
            list.len()
        ));
        let (lw, tw) = widths(&list);
        if !list.is_empty() {
            out.line(format_args!(
                "{:>8}  {:<lw$} {:<tw$} {:>5}  {:<51} {:<10}  {:<10}  NOTES",
                "ID", "LABEL", "TYPE", "BITS", "FINGERPRINT", "ADDED", "LAST USED"
            ));
        }
        for k in &list {
            out.line(key_line(k, (lw, tw)));
        }
        if let Some(cut) = cut {
            out.line(format_args!("({}: there may be more keys)", cut.note()));
        }
        if let Some(note) = access_keys::unread_note(unread) {
            out.line(format_args!("({note})"));
        }
        if list.iter().any(|k| k.flags.old || k.flags.weak) {
            out.line(format_args!(
                "Rotate old or weak keys: bblink access-key rotate --url URL --id ID (old: added more than {} days ago).",
                a.max_age_days
            ));
        }
    }
    let fields = vec![
        ("max_age_days", json!(a.max_age_days)),
        ("truncated", json!(cut.is_some())),
        ("note", json!(cut.map(ListCut::note))),
        ("unread", json!(unread)),
        ("keys", json!(list)),
    ];
    done(out, m, fields)
}

/// Asks at the terminal off the runtime's thread, so Ctrl-C still ends the command.
pub(super) async fn ask(question: String) -> bool {
    tokio::task::spawn_blocking(move || credential::confirm(&question))
        .await
        .unwrap_or(false)
}

/// The key an id or a key file names.
pub(super) fn selector(id: Option<u64>, key: Option<&KeyInfo>) -> Option<Selector> {
    match (id, key) {
        (Some(id), _) => Some(Selector::Id(id)),
        (None, Some(k)) => Some(Selector::Fingerprint(k.fingerprint.clone())),
        (None, None) => None,
    }
}

async fn remove(a: &RemoveArgs, client: &Client, key: Option<&KeyInfo>, mut out: Out) -> ExitCode {
    let target = client.target();
    let Some(which) = selector(a.which.id, key) else {
        return out.error("usage", "give --id or --key", "", USAGE);
    };
    let m = base("remove", target);
    let found = match client.find(&which).await {
        Ok(k) => k,
        Err(f) => return failed(out, m, &f),
    };
    let question = format!(
        "Remove the access key \"{}\" {} (id {}) from {}? Whatever uses it loses access.",
        terminal_safe(&found.label),
        found.fingerprint,
        found.id,
        target.full_name()
    );
    if !a.yes && !ask(question).await {
        let why = if std::io::stdin().is_terminal() {
            "not confirmed: nothing was removed"
        } else {
            "removing a key needs confirmation: nothing was removed"
        };
        return out.error(
            "usage",
            why,
            "Answer y at the question, or add --yes.",
            USAGE,
        );
    }
    if let Err(f) = client.delete(&found).await {
        return failed(out, m, &f);
    }
    if !out.json {
        out.line(format_args!(
            "✓ Removed \"{}\" {} (id {}) from {}",
            terminal_safe(&found.label),
            found.fingerprint,
            found.id,
            target.full_name()
        ));
    }
    done(out, m, vec![("removed", json!(found))])
}

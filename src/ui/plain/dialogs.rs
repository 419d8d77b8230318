//! The plain shell's pages for dialogs: the resume offer, confirmations, the `known_hosts`
//! sheet and the checklist. The answers are the dialog's own key table's (yes, no, copy…).

use crate::core::wizard::{OverlayView, Wizard};

use super::menu::Page;

/// The open dialog as a page, if there is one.
pub fn page(w: &Wizard) -> Option<Page> {
    let view = w.overlay_view()?;
    let mut intro = Vec::new();
    let mut status = Vec::new();
    match view {
        OverlayView::Help => {}
        OverlayView::Resume {
            service,
            key,
            url,
            step,
        } => {
            intro.push("You were here last time:".into());
            intro.push(format!("  Service: {service}"));
            intro.push(format!("  Key: {key}"));
            intro.push(format!("  URL: {url}"));
            intro.push(format!("  Step: {step}"));
            intro.push("Resume, or start over? Starting over deletes no key.".into());
        }
        OverlayView::KnownHosts(v) => {
            intro.push(format!("known_hosts for your CI: {}", v.host));
            intro.push(v.source.clone());
            status.push(format!(
                "Format: {}",
                v.formats.0.get(v.formats.1).copied().unwrap_or("")
            ));
            if let Some(warn) = &v.warning {
                status.push(format!("! {warn}"));
            }
            status.extend(v.snippet.lines().map(str::to_string));
            status.extend(v.copy_note.clone());
        }
        OverlayView::Checklist(sections) => {
            for s in sections {
                intro.push(s.title.clone());
                intro.extend(
                    s.items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| format!("  {}. {item}", super::menu::letter(i))),
                );
            }
        }
        other => confirm(other, &mut intro),
    }
    Some(Page {
        intro,
        status,
        ..Page::default()
    })
}

/// The questions: what is asked, and what answering yes does.
fn confirm(view: OverlayView, intro: &mut Vec<String>) {
    match view {
        OverlayView::ConfirmQuit(lost) => {
            intro.push(if lost.is_empty() {
                "Quit?".into()
            } else {
                "Quit? This would be lost:".into()
            });
            intro.extend(lost.iter().map(|l| format!("  • {l}")));
            intro.push("Your other choices are saved either way.".into());
        }
        OverlayView::ConfirmOverwrite(paths) => {
            intro.push("These files already exist:".into());
            intro.extend(paths.iter().map(|p| format!("  {p}")));
            intro.push("Overwriting destroys that key: anything that uses it stops working. Overwrite them with the new key?".into());
        }
        OverlayView::ConfirmInRepo(root) => {
            intro.push(format!(
                "The key would be saved inside the git work tree {root}."
            ));
            intro.push("Keys must never be committed: anyone who can read the repository could read the key. Save it there anyway?".into());
        }
        OverlayView::ConfirmNewKey {
            fingerprint,
            service,
        } => {
            intro.push(format!(
                "Make another key pair? The key in use ({fingerprint}) stays on disk."
            ));
            intro.push(format!("If its public key is in Bitbucket already, the new public key must replace it there, and {service} must get the new private key."));
        }
        OverlayView::ConfirmTrust {
            fingerprint,
            kind,
            host,
            file,
            changed,
        } => {
            intro.push(format!("The server {host} showed this {kind} host key:"));
            intro.push(format!("  {fingerprint}"));
            if changed {
                intro.push("bblink expected another key for this host: the key was replaced, or someone is impersonating the server.".into());
            }
            intro.push(format!("Trust it only if it matches the fingerprint your Bitbucket admin publishes. It is recorded in {file}."));
            intro.push("Trust this host key and test again?".into());
        }
        OverlayView::ConfirmRemoveKey { key, repo, in_use } => {
            intro.push(format!(
                "Remove \"{}\" (id {}) from {repo}?",
                key.label, key.id
            ));
            if in_use {
                intro.push("It is the key bblink works with.".into());
            }
        }
        OverlayView::ConfirmRotate { key, repo } => {
            intro.push(format!(
                "Replace \"{}\" (id {}) of {repo} with a new key?",
                key.label, key.id
            ));
        }
        _ => {}
    }
}

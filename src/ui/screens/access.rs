//! The access-key screens: the credential form, progress, the result (or the diagnosis, with
//! the manual way still open), the repository's keys, and a rotation's outcome.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::core::bitbucket::access_keys::{self, AccessKey};
use crate::core::bitbucket::outcome::Rotation;
use crate::core::bitbucket::{ApiFailure, ApiTarget};
use crate::core::display::{shortened, terminal_safe};
use crate::core::keyboard::{Action, Context};
use crate::core::ssh_keys::type_label;
use crate::core::wizard::Field;
use crate::core::wizard::access::{AccessView, Phase, Purpose};
use crate::core::wizard::page::Shown;
use crate::ui::chrome::{caption, key_span, scrolled, spinner};
use crate::ui::theme::Theme;

/// The form's three fields: repository, email, token.
pub type Fields<'a> = (&'a TextArea<'a>, &'a TextArea<'a>, &'a TextArea<'a>);

/// Draws the access-key screens; returns the largest scroll of their text.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &AccessView<'_>,
    fields: Fields<'_>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let title = match v.purpose {
        Purpose::Add => "Add the key to Bitbucket for you",
        Purpose::Manage => "The repository's access keys",
    };
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::styled(title, t.title)), head);
    let lines = match v.phase {
        Phase::Form => return form(frame, body, v, fields, t, scroll),
        Phase::Working(stages) => {
            // The newest stages that fit, so the spinner and Esc stay in view.
            let room = usize::from(body.height.saturating_sub(3)).max(1);
            let first = stages.len().saturating_sub(room);
            let mut l = vec![Line::raw("")];
            l.extend(stages[first..].iter().map(|s| {
                let s = shortened(s, usize::from(body.width).saturating_sub(6).max(10));
                Line::styled(format!("  ✓ {s}"), t.dim)
            }));
            l.push(Line::from(vec![
                Span::styled(format!("  {} ", spinner(spin)), t.value),
                Span::raw("Talking to Bitbucket… Esc cancels."),
            ]));
            l
        }
        Phase::Added(a) => {
            let verb = if a.already_present {
                "was already an access key of"
            } else {
                "is now a read-only access key of"
            };
            let repo = v.target.map(ApiTarget::full_name).unwrap_or_default();
            vec![
                Line::raw(""),
                Line::styled(format!("✓ The key {verb} {repo}."), t.ok),
                Line::raw(format!("  Label        {}", terminal_safe(&a.key.label))),
                Line::raw(format!("  Fingerprint  {}", a.key.fingerprint)),
                Line::raw(format!("  Id           {}", a.key.id)),
                Line::raw(format!("  See it at    {}", a.page)),
                Line::raw(""),
                Line::from(vec![
                    key_span(Context::AccessResult, Action::Next, t),
                    Span::raw(" goes on to step 4 (Clone URL)."),
                ]),
            ]
        }
        Phase::Failed(f) => failed(f, t),
        Phase::Keys => key_list(v, t, body.width),
        Phase::Rotated(r) => rotated(r, t),
        Phase::Removed(k) => vec![
            Line::raw(""),
            Line::styled(
                format!(
                    "✓ Removed \"{}\" {} (id {}).",
                    terminal_safe(&k.label),
                    k.fingerprint,
                    k.id
                ),
                t.ok,
            ),
            Line::raw(""),
            Line::from(vec![
                key_span(Context::AccessResult, Action::Next, t),
                Span::raw(" lists the keys again."),
            ]),
        ],
    };
    scrolled(frame, body, lines, scroll, t)
}

fn form(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &AccessView<'_>,
    (repo, email, token): Fields<'_>,
    t: &Theme,
    scroll: u16,
) -> u16 {
    let [rows, rest] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    for (i, (name, field, area)) in [
        ("Clone URL", Field::ApiRepo, repo),
        ("Email", Field::ApiEmail, email),
        ("Token", Field::ApiToken, token),
    ]
    .into_iter()
    .enumerate()
    {
        let y = rows.y + u16::try_from(i).unwrap_or(0);
        if y >= rows.bottom() {
            break;
        }
        let row = Rect::new(rows.x, y, rows.width, 1);
        let focused = v.focus == Some(field);
        let shown = if field == Field::ApiToken {
            Shown::Masked { reveal: false }
        } else {
            Shown::Url
        };
        let label = Line::from(caption(name, 10, focused, t));
        super::form::field_row(frame, row, label, area, (focused, shown));
    }
    let mut lines = vec![Line::raw("")];
    match (v.target, v.target_error) {
        (Some(target), _) => lines.push(Line::styled(
            format!(
                "→ {} on {} ({})",
                target.full_name(),
                target.flavor.name(),
                target.base
            ),
            t.value,
        )),
        (None, Some(e)) => lines.push(Line::styled(format!("✗ {e}"), t.error)),
        (None, None) => lines.push(Line::styled(
            "Paste the repository's clone URL (SSH or HTTPS).",
            t.dim,
        )),
    }
    if let Some((fp, label)) = v.adding.as_ref().filter(|_| v.purpose == Purpose::Add) {
        lines.push(Line::raw(format!(
            "Adds the public key {fp} (\"{}\") as a read-only access key; nothing else changes.",
            terminal_safe(label)
        )));
    }
    lines.extend([
        Line::raw(format!("Credential: {}.", v.credential)),
        Line::raw(v.scope.clone()),
        Line::raw(format!("Create one at {}", v.create_at)),
        Line::styled(
            "The token is used for these calls only: never saved, logged or shown.",
            t.dim,
        ),
        Line::from(vec![
            key_span(Context::AccessForm, Action::Next, t),
            Span::raw(
                " sends · Tab next field · Esc back: the manual steps stay on the screen behind.",
            ),
        ]),
    ]);
    scrolled(frame, rest, lines, scroll, t)
}

fn failed(f: &ApiFailure, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled("✗ ", t.error),
            Span::styled(f.id.as_str(), t.value),
            Span::raw(format!(": {}", f.message)),
        ]),
    ];
    if !f.required.is_empty() {
        lines.push(Line::raw(format!("  Needs:  {}", f.required.join(", "))));
    }
    if let Some(granted) = &f.granted {
        let has = if granted.is_empty() {
            "no scopes".to_string()
        } else {
            granted.join(", ")
        };
        lines.push(Line::raw(format!("  Has:    {has}")));
    }
    lines.extend([
        Line::styled(format!("  → {}", f.fix), t.dim),
        Line::raw(""),
        Line::from(vec![
            key_span(Context::AccessResult, Action::Next, t),
            Span::raw(" back to the form · Esc: add it by hand (the public key screen shows where) · F2 troubleshooting."),
        ]),
    ]);
    lines
}

fn key_list(v: &AccessView<'_>, t: &Theme, width: u16) -> Vec<Line<'static>> {
    let repo = v.target.map(ApiTarget::full_name).unwrap_or_default();
    let count = match v.keys.len() {
        1 => "1 access key".to_string(),
        n => format!("{n} access keys"),
    };
    let mut lines = vec![Line::raw(format!("{count} of {repo}:"))];
    if v.keys.is_empty() {
        lines.push(Line::styled(
            "  None yet: add one with a on the public key screen (step 3).",
            t.dim,
        ));
    }
    let wide = width >= 100;
    for (i, k) in v.keys.iter().enumerate() {
        let here = i == v.selected;
        let text = row(k, wide, usize::from(width).saturating_sub(4));
        lines.push(if here {
            Line::styled(format!(" ▸ {text}"), t.focus)
        } else {
            Line::raw(format!("   {text}"))
        });
    }
    if v.truncated {
        lines.push(Line::styled(
            "  (more keys exist than bblink reads)",
            t.warn,
        ));
    }
    if let Some(note) = &v.unread {
        lines.push(Line::styled(format!("  ({note})"), t.warn));
    }
    if let Some(k) = v.keys.get(v.selected) {
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!(
            "id {} · {} {} bits · {}",
            k.id,
            type_label(&k.algorithm),
            k.bits,
            k.fingerprint
        )));
        let permission = k.permission.as_deref().map(|p| format!(" · {p}"));
        lines.push(Line::raw(format!(
            "added {} · last used {}{}",
            access_keys::day(k.added_on.as_deref()),
            access_keys::day(k.last_used.as_deref()),
            permission.unwrap_or_default()
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "old: added over 12 months ago (rotate every 6–12 months) · weak: DSA or RSA under 2048 bits",
        t.dim,
    ));
    if v.checklist {
        lines.push(Line::from(vec![
            key_span(Context::AccessKeys, Action::Checklist, t),
            Span::raw(" the service's checklist: rotating keys after revoking someone's access, and renames."),
        ]));
    }
    lines
}

fn row(k: &AccessKey, wide: bool, width: usize) -> String {
    let notes = k.flags.notes();
    let label = terminal_safe(&shortened(&k.label, 19)).into_owned();
    let text = if wide {
        format!(
            "{label:<20} {:<7} {:<50} added {}  used {}  {}",
            type_label(&k.algorithm),
            k.fingerprint,
            access_keys::day(k.added_on.as_deref()),
            access_keys::day(k.last_used.as_deref()),
            notes.join(", ")
        )
    } else {
        format!(
            "{label:<20} {:<7} {:<10}  {}",
            type_label(&k.algorithm),
            access_keys::day(k.added_on.as_deref()),
            notes.join(", ")
        )
    };
    shortened(&text, width)
}

fn rotated(r: &Rotation, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw("")];
    if let Some(k) = &r.new_key {
        lines.push(Line::styled(
            format!(
                "✓ New key {} saved: {}",
                k.info.fingerprint,
                k.private_path.display()
            ),
            t.ok,
        ));
    }
    if let Some(a) = &r.added {
        lines.push(Line::styled(
            format!(
                "✓ Added as \"{}\" (id {})",
                terminal_safe(&a.key.label),
                a.key.id
            ),
            t.ok,
        ));
    }
    if let Some(test) = &r.test {
        let (mark, style, word) = if test.ok {
            ("✓", t.ok, "passed")
        } else {
            ("✗", t.error, "failed")
        };
        lines.push(Line::styled(
            format!("{mark} Connection test with the new key {word}"),
            style,
        ));
    }
    if !r.passed() {
        lines.push(Line::styled(
            format!("✗ {}", r.failure.clone().unwrap_or_default()),
            t.error,
        ));
        lines.push(Line::raw(format!(
            "The old key \"{}\" {} was kept: nothing that uses it is affected.",
            terminal_safe(&r.old.label),
            r.old.fingerprint
        )));
        if let Some(a) = &r.added {
            lines.push(Line::from(vec![
                key_span(Context::AccessRotateFailed, Action::RemoveKey, t),
                Span::raw(format!(
                    " removes the new key it added (id {}); Esc closes.",
                    a.key.id
                )),
            ]));
        }
        return lines;
    }
    lines.extend([
        Line::raw(""),
        Line::styled("Now, before removing the old key:", t.title),
        Line::raw("  1. Put the new private key in the service (step 5 checks it; k on the summary copies it)."),
        Line::raw(format!(
            "  2. Then remove the old key \"{}\" {} (id {}).",
            terminal_safe(&r.old.label),
            r.old.fingerprint,
            r.old.id
        )),
        Line::raw(""),
        Line::from(vec![
            key_span(Context::AccessRotated, Action::RemoveKey, t),
            Span::raw(" removes the old key (asks first) · "),
            key_span(Context::AccessRotated, Action::Next, t),
            Span::raw(" goes to step 5 (Private key)."),
        ]),
    ]);
    lines
}

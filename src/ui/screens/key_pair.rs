//! Key pair: generate a new pair (type, format, label) or point at an existing private key;
//! a key in use is kept unless another is asked for; a key file the service cannot use is
//! named as such, and a passphrase can be removed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::core::key_file::KeyJobError;
use crate::core::keyboard::{Action, Context};
use crate::core::ssh_keys::{KeyAlgorithm, KeyFormat};
use crate::core::wizard::JobKind;
use crate::core::wizard::key_pair::{KeyFocus, KeySource, KeyView};
use crate::ui::chrome::{
    caption, choice_lines, field_block, key_span, one_line_field, problem_lines, radio, rows_of,
    scrolled, spinner,
};
use crate::ui::keymap::{WORKING, key_for};
use crate::ui::theme::Theme;

/// The key screen's text fields: label, path, passphrase.
pub type Fields<'a> = (&'a TextArea<'a>, &'a TextArea<'a>, &'a TextArea<'a>);

/// Draws the key screen; returns the details' largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    w: &KeyView<'_>,
    fields: Fields<'_>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let generate = w.source == KeySource::Generate;
    let formats = generate && w.algorithm != KeyAlgorithm::Ed25519;
    let caption = |name: &str, focus: KeyFocus| caption(name, 7, w.focus == focus, t);
    let radio = |on: bool, text: String| radio(on, &text, t);
    let mut rows = vec![choice_lines(
        caption("Source", KeyFocus::Source),
        vec![
            radio(generate, "Generate a new key pair".into()),
            radio(!generate, "Use an existing key file".into()),
        ],
        area.width,
    )];
    if generate {
        let names = KeyAlgorithm::CHOICES.iter().map(|a| {
            let name = match a {
                KeyAlgorithm::Ed25519 => "Ed25519 (recommended)".to_string(),
                other => other.display_name(),
            };
            radio(*a == w.algorithm, name)
        });
        rows.push(choice_lines(
            caption("Type", KeyFocus::Type),
            names.collect(),
            area.width,
        ));
    }
    if formats {
        let pem = short_header(KeyFormat::Pem, w.algorithm);
        rows.push(choice_lines(
            caption("Format", KeyFocus::Format),
            vec![
                radio(w.format == KeyFormat::Openssh, "OpenSSH".into()),
                radio(w.format == KeyFormat::Pem, format!("PEM ({pem})")),
            ],
            area.width,
        ));
    }
    let choices: Vec<Line<'static>> = rows.into_iter().flatten().collect();
    let choices_height = rows_of(&choices, area.width);
    // A short terminal gets one-row fields (caption and text), so the details keep a few rows.
    let boxed = area.height >= choices_height + 3 * (1 + u16::from(w.unlockable)) + 4;
    let field_height = if boxed { 3 } else { 1 };
    let [choices_area, field, secret, info] = Layout::vertical([
        Constraint::Length(choices_height),
        Constraint::Length(field_height),
        Constraint::Length(if w.unlockable { field_height } else { 0 }),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(choices).wrap(ratatui::widgets::Wrap { trim: false }),
        choices_area,
    );

    let (title, text, focus) = if generate {
        ("Label", fields.0, KeyFocus::Label)
    } else {
        ("Private key file", fields.1, KeyFocus::Path)
    };
    draw_field(
        frame,
        field,
        (title, w.focus == focus, boxed),
        t,
        |f, inner, focused| {
            one_line_field(f, inner, text, focused);
        },
    );
    if w.unlockable {
        let focused = w.focus == KeyFocus::Passphrase;
        let title = "Passphrase (not shown, not kept)";
        draw_field(frame, secret, (title, focused, boxed), t, |f, inner, _| {
            f.render_widget(fields.2, inner);
        });
    }
    let (status, about) = details(w, generate, t, spin);
    // The outcome first when everything does not fit, so it is never below the fold.
    let lines = if rows_of(&[about.clone(), status.clone()].concat(), info.width) > info.height
        && !status.is_empty()
    {
        [status, vec![Line::raw("")], about].concat()
    } else {
        [about, vec![Line::raw("")], status].concat()
    };
    scrolled(frame, info, lines, scroll, t)
}

/// A text field: boxed with its title, or on a short terminal one row (`Title: text`).
fn draw_field(
    frame: &mut Frame<'_>,
    at: Rect,
    (title, focused, boxed): (&str, bool, bool),
    t: &Theme,
    text: impl FnOnce(&mut Frame<'_>, Rect, bool),
) {
    if boxed {
        let block = field_block(title, focused, t);
        let inner = block.inner(at);
        frame.render_widget(block, at);
        text(frame, inner, focused);
        return;
    }
    let label = if focused {
        Span::styled(format!("▸ {title}: "), t.focus)
    } else {
        Span::styled(format!("  {title}: "), t.title)
    };
    let width = u16::try_from(label.width())
        .unwrap_or(u16::MAX)
        .min(at.width / 2);
    let [caption, rest] =
        Layout::horizontal([Constraint::Length(width), Constraint::Fill(1)]).areas(at);
    frame.render_widget(Paragraph::new(label), caption);
    text(frame, rest, focused);
}

/// The screen's details: what happened (a job, an error, the key in use) and what the choice
/// means.
fn details(
    w: &KeyView<'_>,
    generate: bool,
    t: &Theme,
    spin: usize,
) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let service = w.service;
    let mut lines = Vec::new();
    if generate {
        match &w.save_path {
            Some(p) => lines.push(Line::from(vec![
                Span::raw("Saved as "),
                Span::styled(p.clone(), t.value),
                Span::raw(if w.label_edited {
                    " and .pub (private key readable by you only)."
                } else {
                    " and .pub (private key readable by you only; -2, -3… if taken)."
                }),
            ])),
            None => lines.push(Line::styled(
                "Type a label: it names the key files.",
                t.warn,
            )),
        }
        lines.push(Line::raw(format!(
            "No passphrase: {service} reads the key unattended and cannot type one."
        )));
        if w.algorithm != KeyAlgorithm::Ed25519 {
            lines.push(Line::styled(
                format!(
                    "Both formats work with current services: an OpenSSH key starts with {}, a PEM key with {}; older guides show the PEM form.",
                    short_header(KeyFormat::Openssh, w.algorithm),
                    short_header(KeyFormat::Pem, w.algorithm)
                ),
                t.dim,
            ));
        }
        if let Some(note) = w.key_note {
            lines.push(Line::styled(note.to_string(), t.dim));
        }
    } else {
        lines.push(Line::raw(
            "The private key file, not the .pub one. bblink checks it as the service will read it.",
        ));
        lines.push(Line::from(vec![
            key_span(Context::KeyExisting, Action::FocusNext, t),
            Span::styled(
                " to the field, type or paste the path; ~ means your home directory.",
                t.dim,
            ),
        ]));
    }
    let about = std::mem::take(&mut lines);
    if let Some((kind, stage)) = w.working {
        lines.push(working_line(kind, stage, t, spin));
    } else if let Some(err) = w.error {
        lines.push(Line::styled(format!("✗ {err}"), t.error));
        if let KeyJobError::Unusable { problems, .. } = err {
            for p in problems {
                lines.extend(problem_lines(p.severity, &p.message, &p.fix, t));
            }
        }
        if w.unlockable {
            const THEN: &str = "bblink saves a copy without it as NAME-nopass (readable by you only; next to the file, or in its keys folder if that is a git work tree) and uses that.";
            lines.push(if w.focus == KeyFocus::Passphrase {
                Line::raw(format!("Type the passphrase, then Enter: {THEN}"))
            } else {
                Line::from(vec![
                    key_span(Context::KeyExisting, Action::Unlock, t),
                    Span::raw(format!(": type the passphrase, then Enter; {THEN}")),
                ])
            });
        }
    } else if let Some((key, path)) = &w.ready {
        lines.push(Line::from(vec![
            Span::styled("✓ ", t.ok),
            Span::raw("Key in use: "),
            Span::styled(path.clone(), t.value),
        ]));
        lines.push(Line::styled(
            format!("  {}", key.info.fingerprint_line()),
            t.dim,
        ));
        for p in &key.warnings {
            lines.extend(problem_lines(p.severity, &p.message, &p.fix, t));
        }
        if generate {
            lines.push(Line::raw(format!(
                "{} goes on with it; {} makes another key, whose public key must then replace this one in Bitbucket.",
                key_for(Context::KeyReady, Action::Next),
                key_for(Context::KeyReady, Action::NewKey),
            )));
        }
    }
    (lines, about)
}

/// A key file's first line, short: `-----BEGIN RSA…` (the words a user recognises it by).
fn short_header(format: KeyFormat, algorithm: KeyAlgorithm) -> String {
    let header = format.header(algorithm).trim_end_matches('-');
    let words = header.trim_end_matches(" PRIVATE KEY");
    format!("{words}…")
}

/// The spinner line of a running job, with how to cancel it.
fn working_line(kind: JobKind, stage: Option<&str>, t: &Theme, spin: usize) -> Line<'static> {
    let what = match (kind, stage) {
        (_, Some(stage)) => stage.to_string(),
        (JobKind::Generate(a), None) => format!("Generating an {} key…", a.display_name()),
        (JobKind::UnlockKey, None) => "Removing the passphrase…".to_string(),
        _ => "Reading the key file…".to_string(),
    };
    let cancel = WORKING[0].keys[0];
    let slow = matches!(kind, JobKind::Generate(a) if a.is_slow());
    Line::from(vec![
        Span::styled(format!("{} ", spinner(spin)), t.focus),
        Span::raw(what),
        Span::styled(
            if slow {
                format!("  (RSA takes a few seconds; {cancel} cancels)")
            } else {
                format!("  ({cancel} cancels)")
            },
            t.dim,
        ),
    ])
}

//! Key pair: generate a new pair (type, format, label) or point at an existing private key;
//! a key in use is kept unless another is asked for; a key file the service cannot use is
//! named as such, and a passphrase can be removed.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::core::key::{Action, Context};
use crate::core::keyfile::KeyJobError;
use crate::core::keys::{KeyAlgorithm, KeyFormat};
use crate::core::wizard::JobKind;
use crate::core::wizard::key::{KeyFocus, KeySource, KeyView};
use crate::ui::chrome::{field_block, key_span, one_line_field, problem_lines, scrolled, spinner};
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
    let [source, kind, format, field, secret, info] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(generate)),
        Constraint::Length(u16::from(formats)),
        Constraint::Length(3),
        Constraint::Length(if w.unlockable { 3 } else { 0 }),
        Constraint::Fill(1),
    ])
    .spacing(0)
    .areas(area);

    let caption = |name: &'static str, focus: KeyFocus| {
        if w.focus == focus {
            Span::styled(format!("▸ {name:<7}"), t.focus)
        } else {
            Span::styled(format!("  {name:<7}"), t.title)
        }
    };
    let radio = |on: bool, text: String| {
        let (glyph, style) = if on {
            ("●", t.value)
        } else {
            ("○", Style::new())
        };
        Span::styled(format!("{glyph} {text}   "), style)
    };
    let row = |frame: &mut Frame<'_>, at: Rect, spans: Vec<Span<'_>>| {
        frame.render_widget(
            Paragraph::new(Line::from(spans)).wrap(ratatui::widgets::Wrap { trim: false }),
            at,
        );
    };

    row(
        frame,
        source,
        vec![
            caption("Source", KeyFocus::Source),
            radio(generate, "Generate a new key pair".into()),
            radio(!generate, "Use an existing key file".into()),
        ],
    );
    if generate {
        let mut spans = vec![caption("Type", KeyFocus::Type)];
        for a in KeyAlgorithm::CHOICES {
            let name = match a {
                KeyAlgorithm::Ed25519 => "Ed25519 (recommended)".to_string(),
                other => other.display_name(),
            };
            spans.push(radio(a == w.algorithm, name));
        }
        row(frame, kind, spans);
    }
    if formats {
        row(
            frame,
            format,
            vec![
                caption("Format", KeyFocus::Format),
                radio(w.format == KeyFormat::Openssh, "OpenSSH".into()),
                radio(
                    w.format == KeyFormat::Pem,
                    format!(
                        "PEM ({})",
                        KeyFormat::Pem
                            .header(w.algorithm)
                            .trim_matches('-')
                            .trim_start_matches("BEGIN ")
                    ),
                ),
            ],
        );
    }

    let (title, text, focus) = if generate {
        ("Label", fields.0, KeyFocus::Label)
    } else {
        ("Private key file", fields.1, KeyFocus::Path)
    };
    let focused = w.focus == focus;
    let block = field_block(title, focused, t);
    let inner = block.inner(field);
    frame.render_widget(block, field);
    one_line_field(frame, inner, text, focused);
    if w.unlockable {
        let focused = w.focus == KeyFocus::Passphrase;
        let block = field_block("Passphrase (not shown, not kept)", focused, t);
        let inner = block.inner(secret);
        frame.render_widget(block, secret);
        frame.render_widget(fields.2, inner);
    }
    scrolled(frame, info, details(w, generate, t, spin), scroll, t)
}

fn details(w: &KeyView<'_>, generate: bool, t: &Theme, spin: usize) -> Vec<Line<'static>> {
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
                    "Current services read both {} and {}; older guides show the second.",
                    KeyFormat::Openssh.header(w.algorithm),
                    KeyFormat::Pem.header(w.algorithm)
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
    lines.push(Line::raw(""));
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
            const THEN: &str = "bblink saves a copy without it next to the file (NAME-nopass, readable by you only) and uses that.";
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
    lines
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

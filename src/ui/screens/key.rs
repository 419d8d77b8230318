//! Key pair: generate a new pair (type, label) or point at an existing private key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use ratatui_textarea::TextArea;

use crate::core::key::{Action, Context};
use crate::core::keys::KeyAlgorithm;
use crate::core::wizard::JobKind;
use crate::core::wizard::key::{KeyFocus, KeySource, KeyView};
use crate::ui::chrome::{field_block, key_span, spinner};
use crate::ui::theme::Theme;

/// Draws the key screen; `fields` are the label and path text areas.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    w: &KeyView<'_>,
    fields: (&TextArea<'_>, &TextArea<'_>),
    t: &Theme,
    spin: usize,
) {
    let generate = w.source == KeySource::Generate;
    let [source, kind, field, info] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if generate { 2 } else { 0 }),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
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

    frame.render_widget(
        Paragraph::new(Line::from(vec![
            caption("Source", KeyFocus::Source),
            radio(generate, "Generate a new key pair".into()),
            radio(!generate, "Use an existing key file".into()),
        ])),
        source,
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
        frame.render_widget(Paragraph::new(Line::from(spans)), kind);
    }

    let (title, area_widget, focus) = if generate {
        ("Label", fields.0, KeyFocus::Label)
    } else {
        ("Private key file", fields.1, KeyFocus::Path)
    };
    let focused = w.focus == focus;
    let block = field_block(title, focused, t);
    let inner = block.inner(field);
    frame.render_widget(block, field);
    frame.render_widget(area_widget, inner);

    frame.render_widget(
        Paragraph::new(details(w, generate, t, spin)).wrap(Wrap { trim: false }),
        info,
    );
}

fn details(w: &KeyView<'_>, generate: bool, t: &Theme, spin: usize) -> Vec<Line<'static>> {
    let service = w.service;
    let mut lines = Vec::new();
    if generate {
        match &w.save_path {
            Some(p) => lines.push(Line::from(vec![
                Span::raw("Saved as "),
                Span::styled(p.clone(), t.value),
                Span::raw(" and .pub (private key readable by you only)."),
            ])),
            None => lines.push(Line::styled(
                "Type a label: it names the key files.",
                t.warn,
            )),
        }
        lines.push(Line::raw(format!(
            "No passphrase: {service} reads the key unattended and cannot type one."
        )));
        if let Some(note) = w.key_note {
            lines.push(Line::styled(note.to_string(), t.dim));
        }
    } else {
        lines.push(Line::raw(
            "The private key file, not the .pub one. bblink reads its public half only.",
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
        let what = match (kind, stage) {
            (_, Some(stage)) => stage.to_string(),
            (JobKind::Generate(a), None) => format!("Generating an {} key…", a.display_name()),
            _ => "Reading the key file…".to_string(),
        };
        let cancel = crate::ui::keymap::WORKING[0].keys[0];
        let slow = matches!(kind, JobKind::Generate(a) if a.is_slow());
        lines.push(Line::from(vec![
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
        ]));
    } else if let Some(err) = w.error {
        lines.push(Line::styled(format!("✗ {err}"), t.error));
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
    }
    lines
}

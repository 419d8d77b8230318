//! Key pair: generate a new pair (type, label) or point at an existing private key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::keys::KeyAlgorithm;
use crate::core::wizard::{Job, JobKind, KeyFocus, KeySource};
use crate::ui::app::App;
use crate::ui::chrome::{field_block, spinner};

/// Draws the key screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let w = &app.wizard;
    let t = &app.theme;
    let generate = w.source == KeySource::Generate;
    let [source, kind, field, info] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(if generate { 2 } else { 0 }),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(area);

    let caption = |name: &'static str, focus: KeyFocus| {
        if w.key_focus == focus {
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
        ("Label", &app.label, KeyFocus::Label)
    } else {
        ("Private key file", &app.path, KeyFocus::Path)
    };
    let focused = w.key_focus == focus;
    let block = field_block(title, focused, t);
    let inner = block.inner(field);
    frame.render_widget(block, field);
    frame.render_widget(area_widget, inner);

    frame.render_widget(
        Paragraph::new(details(app, generate)).wrap(Wrap { trim: false }),
        info,
    );
}

fn details(app: &App, generate: bool) -> Vec<Line<'static>> {
    let w = &app.wizard;
    let t = &app.theme;
    let service = w
        .service()
        .map_or("The service", |s| s.name.as_str())
        .to_string();
    let mut lines = Vec::new();
    if generate {
        match w.generated_key_path() {
            Some(p) => lines.push(Line::from(vec![
                Span::raw("Saved as "),
                Span::styled(w.display_path(&p), t.value),
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
        if let Some(note) = w.service().and_then(|s| s.key_note.clone()) {
            lines.push(Line::styled(note, t.dim));
        }
    } else {
        lines.push(Line::raw(
            "The private key file, not the .pub one. bblink reads its public half only.",
        ));
        lines.push(Line::styled(
            "Tab to the field, type or paste the path; ~ means your home directory.",
            t.dim,
        ));
    }
    lines.push(Line::raw(""));
    if let Some(Job { kind, .. }) = w.job.filter(|_| w.working_here()) {
        let what = match kind {
            JobKind::Generate(a) => format!("Generating an {} key…", a.display_name()),
            _ => "Reading the key file…".to_string(),
        };
        let slow = matches!(kind, JobKind::Generate(a) if a.is_slow());
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", spinner(app.spinner)), t.focus),
            Span::raw(what),
            Span::styled(
                if slow {
                    "  (RSA takes a few seconds; Esc cancels)"
                } else {
                    "  (Esc cancels)"
                },
                t.dim,
            ),
        ]));
    } else if let Some(err) = &w.key_error {
        lines.push(Line::styled(format!("✗ {err}"), t.error));
    } else if let Some(key) = &w.key {
        lines.push(Line::from(vec![
            Span::styled("✓ ", t.ok),
            Span::raw("Key in use: "),
            Span::styled(w.display_path(&key.private_path), t.value),
        ]));
        lines.push(Line::styled(
            format!("  {}", key.info.fingerprint_line()),
            t.dim,
        ));
    }
    lines
}

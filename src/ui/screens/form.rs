//! Draws a step the core lays out as a form ([`Form`]): its fields on the first rows, then its
//! text scrolled beneath (the checks' lines, options, the guide, the values to copy). The
//! words are the core's; this file gives them their look and places the shell's text areas.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::core::bitbucket::TokenKind;
use crate::core::display::terminal_safe;
use crate::core::keyboard::Context;
use crate::core::wizard::Field;
use crate::core::wizard::page::{Bit, Block, Form, Said, Shown, Tone};
use crate::core::wizard::values::{Item, Source};
use crate::ui::chrome::{caption, choice_lines, one_line_field, radio, scrolled, spinner};
use crate::ui::theme::Theme;

/// Draws `form`; `area_of` gives a field's text area. Returns the largest scroll.
pub fn draw<'a>(
    frame: &mut Frame<'_>,
    area: Rect,
    (form, context): (&Form, Context),
    area_of: &dyn Fn(Field) -> Option<&'a TextArea<'static>>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let rows = u16::try_from(form.rows.len()).unwrap_or(u16::MAX);
    let [fields, _, body] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(u16::from(rows > 0)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let width = form
        .rows
        .iter()
        .map(|r| r.caption.chars().count())
        .max()
        .unwrap_or(0);
    let row_areas = Layout::vertical(vec![Constraint::Length(1); form.rows.len()]).split(fields);
    for (row, at) in form.rows.iter().zip(row_areas.iter()) {
        if let Some(text) = area_of(row.field) {
            let label = vec![caption(&row.caption, width, row.focused, t), Span::raw(" ")];
            field_row(
                frame,
                *at,
                Line::from(label),
                text,
                (row.focused, row.shown),
            );
        }
    }
    let look = |s: &Said| line(s, context, t, spin);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for block in &form.blocks {
        match block {
            Block::Status(said) | Block::Guide(said) => lines.extend(said.iter().map(look)),
            Block::Radio(r) => {
                let cap = Span::styled(
                    format!(
                        "{} ({}): ",
                        r.caption,
                        crate::ui::keymap::key_for(context, r.key)
                    ),
                    t.title,
                );
                let options = r
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| radio(i == r.chosen, o, t))
                    .collect();
                lines.extend(choice_lines(cap, options, body.width));
                lines.extend(r.under.iter().map(look));
            }
            Block::Values(v) => {
                lines.push(look(&v.title));
                lines.extend(value_lines(&v.items, v.selected, v.note.as_deref(), t));
            }
        }
    }
    scrolled(frame, body, lines, scroll, t)
}

/// A line of the core's in this shell's look: tones as the theme's styles, keys named from the
/// step's key table.
pub fn line(said: &Said, context: Context, t: &Theme, spin: usize) -> Line<'static> {
    let spans: Vec<Span<'static>> = said
        .0
        .iter()
        .map(|bit| match bit {
            Bit::Text(tone, text) => Span::styled(text.clone(), style(*tone, t)),
            Bit::Key(action) => Span::styled(crate::ui::keymap::key_for(context, *action), t.key),
            Bit::Spin => Span::styled(spinner(spin), t.value),
            Bit::Mark(severity) => Span::styled(
                format!("{} ", severity.mark()),
                match severity {
                    crate::core::problem::Severity::Error => t.error,
                    crate::core::problem::Severity::Warning => t.warn,
                    crate::core::problem::Severity::Info => t.dim,
                },
            ),
            Bit::Fix(fix) => Span::styled(format!("  → {fix}"), t.dim),
            Bit::Item(n) => Span::raw(format!(" {}. ", n + 1)),
            Bit::Instead(_) => Span::raw(""),
            Bit::Jump(step) => Span::styled(crate::ui::keymap::jump_key(*step), t.key),
            Bit::Jumps(n) => Span::styled(crate::ui::keymap::jump_keys(*n), t.key),
        })
        .collect();
    Line::from(spans)
}

fn style(tone: Tone, t: &Theme) -> ratatui::style::Style {
    match tone {
        Tone::Plain => ratatui::style::Style::default(),
        Tone::Title => t.title,
        Tone::Value => t.value,
        Tone::Dim => t.dim,
        Tone::Ok => t.ok,
        Tone::Warn => t.warn,
        Tone::Error => t.error,
        Tone::Key => t.key,
    }
}

/// Draws one field on `row`: its caption, then its text (a secret masked, a token pasted
/// into the wrong field hidden, a URL with a password redacted).
pub fn field_row(
    frame: &mut Frame<'_>,
    row: Rect,
    label: Line<'_>,
    area: &TextArea<'_>,
    (focused, shown): (bool, Shown),
) {
    if row.height == 0 || row.width == 0 {
        return;
    }
    let w = u16::try_from(label.width()).unwrap_or(0).min(row.width);
    frame.render_widget(Paragraph::new(label), row);
    let inner = Rect::new(row.x + w, row.y, row.width.saturating_sub(w), 1);
    let text = area.lines().join("");
    match shown {
        Shown::Masked { reveal: true } => {
            frame.render_widget(Paragraph::new(terminal_safe(&text).into_owned()), inner);
        }
        // The widget draws the mask; its text is never drawn as it is.
        Shown::Masked { reveal: false } => frame.render_widget(area, inner),
        Shown::Url if TokenKind::of(text.trim()) != TokenKind::Other => {
            let mask = "•".repeat(text.chars().count().min(usize::from(inner.width)));
            frame.render_widget(Paragraph::new(mask), inner);
        }
        Shown::Url if crate::core::redact::line(&text) != text => {
            let redacted = crate::core::redact::line(&text);
            frame.render_widget(Paragraph::new(terminal_safe(&redacted).into_owned()), inner);
        }
        Shown::Url | Shown::Plain => one_line_field(frame, inner, area, focused),
    }
}

/// The values to copy: each with its place beneath; the selected one marked, with how its
/// last copy went.
pub fn value_lines(
    items: &[Item],
    selected: Option<usize>,
    note: Option<&str>,
    t: &Theme,
) -> Vec<Line<'static>> {
    let width = items
        .iter()
        .map(|i| i.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(20);
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = selected == Some(i);
        let style = if matches!(item.source, Source::Secret(_)) {
            t.dim
        } else {
            t.value
        };
        // A value made from a step not done yet says so, as in the plain shell.
        let shown = if item.shown.is_empty() {
            Span::styled(crate::core::wizard::values::NOT_KNOWN, t.dim)
        } else {
            Span::styled(terminal_safe(&item.shown).into_owned(), style)
        };
        lines.push(Line::from(vec![
            caption(&item.label, width, here, t),
            Span::raw(" "),
            shown,
        ]));
        if !item.place.is_empty() {
            lines.push(Line::styled(format!("    {}", item.place), t.dim));
        }
        if here && let Some(note) = note {
            lines.push(Line::styled(format!("    {note}"), t.ok));
        }
    }
    lines
}

//! What the screens of services that take no SSH key share: a field row (masked, or hiding a
//! token pasted into a URL field), the list of values to copy, and an API failure with its fix.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::core::bitbucket::{ApiFailure, TokenKind};
use crate::core::display::terminal_safe;
use crate::core::problem::Severity;
use crate::core::wizard::values::{Item, Source};
use crate::ui::chrome::{caption, one_line_field, problem_lines};
use crate::ui::theme::Theme;

/// How a field's text is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// As typed.
    Plain,
    /// A URL: a token pasted into it is hidden, a password in it redacted.
    Url,
    /// Masked (unless revealed).
    Masked {
        /// `s` shows it.
        reveal: bool,
    },
}

/// Draws one field on `row`: its caption (`width` columns), then its text.
pub fn field_row(
    frame: &mut Frame<'_>,
    row: Rect,
    (name, width): (&str, usize),
    area: &TextArea<'_>,
    (focused, shown): (bool, Shown),
    t: &Theme,
) {
    if row.height == 0 || row.width == 0 {
        return;
    }
    let label = Line::from(vec![caption(name, width, focused, t), Span::raw(" ")]);
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

/// A field as [`field_row`] draws it: its caption and caption width, its text area, whether it
/// has focus and how its text is shown.
pub type FieldSpec<'a> = ((&'a str, usize), &'a TextArea<'a>, (bool, Shown));

/// Two fields on the first two rows of `area`; returns the area below them (after a blank row).
pub fn two_fields(
    frame: &mut Frame<'_>,
    area: Rect,
    fields: [FieldSpec<'_>; 2],
    t: &Theme,
) -> Rect {
    let [first, second, _, body] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Length(1),
        ratatui::layout::Constraint::Fill(1),
    ])
    .areas(area);
    for (row, (caption, text, state)) in [first, second].into_iter().zip(fields) {
        field_row(frame, row, caption, text, state, t);
    }
    body
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
        lines.push(Line::from(vec![
            caption(&item.label, width, here, t),
            Span::raw(" "),
            Span::styled(terminal_safe(&item.shown).into_owned(), style),
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

/// An API failure: what was found and the fix.
pub fn failure_lines(f: &ApiFailure, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = problem_lines(
        Severity::Error,
        &format!("{} ({})", f.message, f.id.as_str()),
        &f.fix,
        t,
    );
    if !f.required.is_empty() {
        lines.push(Line::styled(
            format!(
                "  needs: {}; has: {}",
                f.required.join(", "),
                f.granted
                    .as_deref()
                    .map_or_else(|| "?".into(), |g| g.join(", "))
            ),
            t.dim,
        ));
    }
    lines
}

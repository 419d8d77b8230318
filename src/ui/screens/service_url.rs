//! The service URL screen: the field, what was read from it (or why not), and the values made
//! from it, each copyable.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui_textarea::TextArea;

use crate::core::display::terminal_safe;
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::service_url::AddressView;
use crate::ui::chrome::{key_span, scrolled};
use crate::ui::screens::form::{Shown, field_row, value_lines};
use crate::ui::theme::Theme;

/// Draws the screen; returns its largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &AddressView<'_>,
    field: &TextArea<'_>,
    t: &Theme,
    scroll: u16,
) -> u16 {
    let [row, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let input = v.service.and_then(|s| s.input.as_ref());
    let label = input.map_or("Service URL", |i| i.label.as_str());
    let focused = v.selected.is_none();
    field_row(
        frame,
        row,
        (label, label.chars().count()),
        field,
        (focused, Shown::Plain),
        t,
    );
    let mut lines = Vec::new();
    match v.base {
        Some(Ok(b)) => {
            lines.push(Line::styled(format!("✓ {}", terminal_safe(&b.base)), t.ok));
            if let Some(r) = &b.repaired {
                lines.push(Line::styled(format!("  {r}"), t.warn));
            }
        }
        Some(Err(why)) => lines.push(Line::styled(format!("✗ {why}"), t.error)),
        None => {
            if let Some(i) = input {
                lines.push(Line::raw(i.help.clone()));
                lines.push(Line::styled(format!("Example: {}", i.example), t.dim));
            }
        }
    }
    lines.push(Line::raw(""));
    if v.values.is_empty() {
        if let Some(s) = v.service {
            lines.push(Line::styled("From it bblink makes:", t.title));
            for d in &s.derived {
                lines.push(Line::from(vec![
                    Span::raw(format!("  {}  ", d.label)),
                    // Before a URL is typed: the template with a word for the part it fills.
                    Span::styled(d.template.replace("{base}", "https://<your URL>"), t.dim),
                ]));
            }
        }
    } else {
        lines.push(Line::from(vec![
            Span::styled("Made from it ", t.title),
            Span::raw("("),
            key_span(Context::Address, Action::FocusNext, t),
            Span::raw(" to the list, ↑↓ choose, "),
            key_span(Context::Address, Action::Copy, t),
            Span::raw(" copies):"),
        ]));
        lines.extend(value_lines(
            &v.values,
            v.selected,
            v.copy_note.as_deref(),
            t,
        ));
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            key_span(Context::Address, Action::Next, t),
            Span::raw(" goes on; the next screens show these values again where they are pasted."),
        ]));
    }
    scrolled(frame, body, lines, scroll, t)
}

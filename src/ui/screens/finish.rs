//! The done screen of services that take no SSH key: what is set up, each value for the
//! service's form (copyable), the commands to run, where to watch deliveries, and what to read
//! when it fails.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::core::key::{Action, Context};
use crate::core::wizard::finish::FinishView;
use crate::ui::chrome::{key_span, scrolled};
use crate::ui::screens::link::value_lines;
use crate::ui::theme::Theme;

/// Draws the summary; returns its largest scroll.
pub fn draw(frame: &mut Frame<'_>, area: Rect, v: &FinishView<'_>, t: &Theme, scroll: u16) -> u16 {
    let called = v.service.map_or("the service", |s| s.called());
    let mut lines = vec![Line::styled("Set up", t.title)];
    for s in &v.status {
        let (mark, style) = if s.ok {
            ("✓ ", t.ok)
        } else {
            ("· ", t.warn)
        };
        lines.push(Line::from(vec![
            Span::styled(mark, style),
            Span::raw(s.text.clone()),
        ]));
    }
    lines.push(Line::raw(""));
    let (values, commands) = v
        .items
        .split_at(v.commands_at.unwrap_or(v.items.len()).min(v.items.len()));
    let selected = |offset: usize| {
        v.selected.checked_sub(offset).filter(|i| {
            *i < if offset == 0 {
                values.len()
            } else {
                commands.len()
            }
        })
    };
    lines.push(Line::from(vec![
        Span::styled(format!("In {called} "), t.title),
        Span::raw("(↑↓ choose, "),
        key_span(Context::DoneLinked, Action::Copy, t),
        Span::raw(" copies; secrets are copied from their fields, never shown):"),
    ]));
    lines.extend(value_lines(
        values,
        selected(0),
        v.copy_note.as_deref().filter(|_| v.selected < values.len()),
        t,
    ));
    if !commands.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("Run where {called} runs (the secret is read without echo, never typed into a command line):"), t.title));
        let note = v
            .copy_note
            .as_deref()
            .filter(|_| v.selected >= values.len());
        lines.extend(value_lines(commands, selected(values.len()), note, t));
        if let Some(n) = &v.commands_note {
            lines.push(Line::styled(n.clone(), t.dim));
        }
    }
    if let Some(s) = v.service {
        lines.push(Line::raw(""));
        lines.push(Line::raw(s.next.text.clone()));
    }
    if let Some(d) = &v.deliveries {
        lines.push(Line::from(vec![
            Span::styled("Deliveries: ", t.title),
            Span::raw(d.clone()),
        ]));
        lines.push(Line::styled(
            "A delivery captured from the service can be checked with: bblink webhook verify --secret-env VAR FILE",
            t.dim,
        ));
    }
    if !v.trouble.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("If it fails ", t.title),
            Span::raw("("),
            key_span(Context::DoneLinked, Action::Troubleshoot, t),
            Span::raw(" opens troubleshooting):"),
        ]));
        for (id, title) in &v.trouble {
            lines.push(Line::from(vec![
                Span::raw(format!("  • {title} ")),
                Span::styled(format!("({id})"), t.dim),
            ]));
        }
    }
    scrolled(frame, area, lines, scroll, t)
}

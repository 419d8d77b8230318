//! Done: what is set up, what is left to do in the service (each value and where it goes),
//! and how to check it; for services that take no SSH key, each value for the service's form
//! (copyable), the commands to run, where to watch deliveries, and what to read when it fails.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::core::display::terminal_safe;
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::Step;
use crate::core::wizard::done::{DoneView, LinkedDoneView, Value};
use crate::ui::chrome::{key_span, scrolled};
use crate::ui::keymap::jump_key;
use crate::ui::screens::form::value_lines as link_value_lines;
use crate::ui::theme::Theme;

/// Draws the summary; returns its largest scroll.
pub fn draw(frame: &mut Frame<'_>, area: Rect, v: &DoneView<'_>, t: &Theme, scroll: u16) -> u16 {
    let service = v.service.map_or("the service", |s| s.called());
    let mark = |done: bool| {
        if done {
            Span::styled("✓ ", t.ok)
        } else {
            Span::styled("· ", t.warn)
        }
    };
    let mut lines = vec![Line::styled("Set up", t.title)];
    let goto = |s: Step| jump_key(s);
    for (done, line) in crate::core::wizard::done::set_up_lines(v, service, &goto) {
        lines.push(Line::from(vec![mark(done), Span::raw(line)]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(format!("Left to do in {service}"), t.title));
    for value in &v.values {
        value_lines(&mut lines, value, t);
    }
    if let Some(s) = v.service {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Then", t.title));
        lines.push(Line::raw(s.next.text.clone()));
    }
    if let Some(cmd) = &v.retest {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Test it again later", t.title));
        lines.push(Line::raw(format!("  {cmd}")));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        key_span(Context::Done, crate::core::keyboard::Action::KnownHostsSheet, t),
        Span::raw(" known_hosts lines (or a CircleCI, GitHub Actions, GitLab CI, Dockerfile step) for a job that clones with this key: pinned host keys, never ssh-keyscan."),
    ]));
    if v.service.is_some_and(|s| !s.checklist.is_empty()) {
        lines.push(Line::from(vec![
            key_span(Context::Done, crate::core::keyboard::Action::Checklist, t),
            Span::raw(format!(
                " {}'s checklist: rotating keys after revoking access, renaming a workspace or repository.",
                v.service.map_or("", |s| s.called())
            )),
        ]));
    }
    scrolled(frame, area, lines, scroll, t)
}

/// One value the service asks for: its field and place, the value, how to copy it.
fn value_lines(lines: &mut Vec<Line<'static>>, value: &Value, t: &Theme) {
    lines.push(Line::from(vec![
        Span::styled(format!(" • {}", value.label), t.value),
        Span::styled(format!("  {}", value.place), t.dim),
    ]));
    match &value.value {
        Some(text) => lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(terminal_safe(text).into_owned(), t.value),
        ])),
        None => lines.push(Line::styled(
            format!("   not known yet: {}", value.how),
            t.warn,
        )),
    }
    if let (Some((action, note)), Some(_)) = (&value.copy, &value.value) {
        let mut spans = vec![Span::raw("   "), key_span(Context::Done, *action, t)];
        match note {
            Some(note) => spans.push(Span::raw(format!(" copies it. {note}"))),
            None => spans.push(Span::raw(" copies it.")),
        }
        lines.push(Line::from(spans));
    }
    let (lead, commands) = &value.commands;
    if value.value.is_some() && !commands.is_empty() {
        lines.push(Line::styled(format!("   {lead}"), t.dim));
        for command in commands {
            lines.push(Line::raw(format!("     {command}")));
        }
    }
}

/// Draws the summary of a service that takes no SSH key; returns its largest scroll.
pub fn draw_linked(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &LinkedDoneView<'_>,
    t: &Theme,
    scroll: u16,
) -> u16 {
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
    lines.extend(link_value_lines(
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
        lines.extend(link_value_lines(commands, selected(values.len()), note, t));
        if let Some(n) = &v.commands_note {
            lines.push(Line::styled(n.clone(), t.dim));
        }
    }
    if let Some(next) = &v.next {
        lines.push(Line::raw(""));
        lines.push(Line::raw(next.clone()));
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

//! Dialogs over the current screen: help (from the key tables), confirmations, resume.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::core::display::terminal_safe;
use crate::core::keyboard::KeyState;
use crate::core::wizard::overlay::Tone;
use crate::core::wizard::{OverlayView, Step};
use crate::ui::chrome::{rows_of, scrolled};
use crate::ui::keymap;
use crate::ui::theme::Theme;

/// Draws the dialog centred over `area`; `keys` is the key state (the dialog's table, and the
/// screen behind it for help). Text taller than the terminal scrolls by `scroll` with a
/// marker, the dialog's keys staying on its last row. Returns the largest scroll and a page.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &OverlayView,
    keys: &KeyState,
    t: &Theme,
    scroll: u16,
) -> (u16, u16) {
    // Key lines are long: the known_hosts sheet takes the terminal's width, so they do not wrap
    // where it is wide enough.
    let widest = if matches!(view, OverlayView::KnownHosts(_)) {
        640
    } else {
        76
    };
    let width = area.width.saturating_sub(4).min(widest);
    let inner_width = width.saturating_sub(2).max(1);
    let (title, body) = content(view, keys, usize::from(inner_width), t);
    let hints: Vec<Span<'_>> = keymap::hints(keys)
        .into_iter()
        .flat_map(|(k, h)| [Span::styled(k, t.key), Span::raw(format!(" {h}   "))])
        .collect();
    let hints = Paragraph::new(Line::from(hints)).wrap(Wrap { trim: false });
    let hints_height = u16::try_from(hints.line_count(inner_width)).unwrap_or(1);
    let body_height = rows_of(&body, inner_width);
    let height = (body_height + 1 + hints_height + 2).min(area.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);

    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(title, t.title));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);
    let [text, _, keys_row] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(u16::from(inner.height > hints_height + 1)),
        Constraint::Length(hints_height),
    ])
    .areas(inner);
    let max = scrolled(frame, text, body, scroll, t);
    frame.render_widget(hints, keys_row);
    (max, text.height.saturating_sub(1).max(1))
}

/// The dialog's title and text.
fn content(
    view: &OverlayView,
    keys: &KeyState,
    inner_width: usize,
    t: &Theme,
) -> (String, Vec<Line<'static>>) {
    match view {
        OverlayView::KnownHosts(v) => (" known_hosts for your CI ".into(), known_hosts_lines(v, t)),
        OverlayView::Checklist(sections) => {
            let mut lines = Vec::new();
            for s in sections {
                lines.push(Line::styled(s.title.clone(), t.title));
                for (i, item) in s.items.iter().enumerate() {
                    lines.push(Line::raw(format!(" {}. {item}", i + 1)));
                }
                lines.push(Line::raw(""));
            }
            (" Checklist ".into(), lines)
        }
        OverlayView::Help => {
            let mut lines = help_lines(keys, inner_width, t);
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Start on any screen: bblink --screen {}", screen_names()),
                t.dim,
            ));
            (" Keys on this screen ".into(), lines)
        }
        OverlayView::Question(d) => {
            let lines = d
                .lines
                .iter()
                .map(|pieces| {
                    Line::from(
                        pieces
                            .iter()
                            .map(|(tone, text)| match tone {
                                Tone::Plain => Span::raw(text.clone()),
                                Tone::Value => Span::styled(text.clone(), t.value),
                                Tone::Warn => Span::styled(text.clone(), t.warn),
                            })
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            (format!(" {} ", d.title), lines)
        }
    }
}

/// Two columns, keys and what they do; a key too wide for its column gets a line of its own,
/// descriptions wrap under their column.
fn help_lines(keys: &KeyState, inner_width: usize, t: &Theme) -> Vec<Line<'static>> {
    let rows = keymap::help_rows(keys);
    let col = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(inner_width / 3)
        .min(16);
    let text_width = inner_width.saturating_sub(col + 2).max(10);
    let mut lines = Vec::new();
    for (keys, help) in rows {
        let wrapped = textwrap::wrap(help, text_width);
        let mut first = true;
        if keys.chars().count() > col {
            lines.push(Line::styled(keys.clone(), t.key));
            first = false;
        }
        for part in wrapped {
            let key_cell = if first {
                format!("{keys:<col$}  ")
            } else {
                " ".repeat(col + 2)
            };
            first = false;
            lines.push(Line::from(vec![
                Span::styled(key_cell, t.key),
                Span::raw(part.into_owned()),
            ]));
        }
    }
    lines
}

fn screen_names() -> String {
    Step::ALL
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join("|")
}

fn known_hosts_lines(
    v: &crate::core::wizard::sheet::KnownHostsView,
    t: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Host "),
            Span::styled(v.host.clone(), t.value),
        ]),
        Line::styled(v.source.clone(), t.dim),
    ];
    let (names, at) = &v.formats;
    let choices: Vec<Span<'static>> = names
        .iter()
        .enumerate()
        .map(|(i, n)| crate::ui::chrome::radio(i == *at, n, t))
        .collect();
    lines.extend(crate::ui::chrome::choice_lines(
        Span::raw("Format "),
        choices,
        72,
    ));
    lines.push(Line::raw(""));
    match &v.warning {
        Some(w) => lines.push(Line::styled(format!("! {w}"), t.warn)),
        None => lines.extend(
            v.snippet
                .lines()
                .map(|l| Line::styled(terminal_safe(l).into_owned(), t.value)),
        ),
    }
    if let Some(n) = &v.copy_note {
        lines.push(Line::styled(n.clone(), t.ok));
    }
    lines
}

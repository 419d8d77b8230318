//! Dialogs over the current screen: help (from the key tables), confirmations, resume.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::core::keymap;
use crate::core::wizard::Overlay;
use crate::ui::app::App;

/// Draws `overlay` centred over `area`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, overlay: &Overlay) {
    let t = &app.theme;
    let w = &app.wizard;
    let width = area.width.saturating_sub(4).min(76);
    let inner_width = usize::from(width.saturating_sub(2).max(1));
    let (title, body) = content(app, overlay, inner_width);
    let hints: Vec<Span<'_>> = keymap::hints(&w.key_context())
        .into_iter()
        .flat_map(|(k, h)| [Span::styled(k, t.key), Span::raw(format!(" {h}   "))])
        .collect();

    let rows: usize = body
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_width))
        .sum::<usize>()
        + 2;
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);

    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(title, t.title));
    let mut lines = body;
    lines.push(Line::raw(""));
    lines.push(Line::from(hints));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}

/// The overlay's title and text.
fn content(app: &App, overlay: &Overlay, inner_width: usize) -> (&'static str, Vec<Line<'static>>) {
    let t = &app.theme;
    let w = &app.wizard;
    match overlay {
        Overlay::Help => {
            let mut lines = help_lines(app, inner_width);
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Start on any screen: bblink --screen {}", screen_names()),
                t.dim,
            ));
            (" Keys on this screen ", lines)
        }
        Overlay::ConfirmQuit => (
            " Quit? ",
            vec![
                Line::raw(if w.job.is_some() {
                    "A key is still being generated; quitting cancels it."
                } else {
                    "What you typed on this screen has not been used yet."
                }),
                Line::raw("Your choices so far are saved either way."),
            ],
        ),
        Overlay::ConfirmOverwrite(paths) => {
            let mut lines = vec![Line::raw("These files already exist:")];
            lines.extend(
                paths
                    .iter()
                    .map(|p| Line::styled(format!("  {}", w.display_path(p)), t.value)),
            );
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Overwriting destroys that key: anything that uses it stops working.",
                t.warn,
            ));
            lines.push(Line::raw("Overwrite them with the new key?"));
            (" Replace an existing key? ", lines)
        }
        Overlay::ConfirmInRepo(root) => (
            " Save inside a git work tree? ",
            vec![
                Line::from(vec![
                    Span::raw("The key would be saved inside the git work tree "),
                    Span::styled(w.display_path(root), t.value),
                    Span::raw("."),
                ]),
                Line::styled(
                    "Keys must never be committed: anyone who can read the repository could read the key.",
                    t.warn,
                ),
                Line::raw("Save it there anyway?"),
            ],
        ),
        Overlay::Resume(p) => (" Welcome back ", resume_lines(app, p)),
    }
}

/// Two columns, keys and what they do; a key too wide for its column gets a line of its own,
/// descriptions wrap under their column.
fn help_lines(app: &App, inner_width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let rows = keymap::help_rows(&app.wizard.key_context());
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
    crate::core::wizard::Step::ALL
        .iter()
        .map(|s| s.name())
        .collect::<Vec<_>>()
        .join("|")
}

/// What the resume offer says about the saved progress.
fn resume_lines(app: &App, p: &crate::core::progress::Progress) -> Vec<Line<'static>> {
    let w = &app.wizard;
    let t = &app.theme;
    let name = w
        .services
        .iter()
        .find(|s| s.id == p.service)
        .map_or(p.service.as_str(), |s| s.name.as_str());
    vec![
        Line::raw("You were here last time:"),
        Line::from(vec![
            Span::raw("  Service  "),
            Span::styled(format!("{name} · {}", p.flavor.name()), t.value),
        ]),
        Line::from(vec![
            Span::raw("  Key      "),
            Span::styled(
                p.key_path
                    .as_ref()
                    .map_or_else(|| "none yet".to_string(), |k| w.display_path(k)),
                t.value,
            ),
        ]),
        Line::from(vec![
            Span::raw("  URL      "),
            Span::styled(
                p.clone_url
                    .clone()
                    .unwrap_or_else(|| "none yet".to_string()),
                t.value,
            ),
        ]),
        Line::from(vec![
            Span::raw("  Step     "),
            Span::styled(
                crate::core::wizard::Step::from_name(&p.step).map_or("?", |s| s.title()),
                t.value,
            ),
        ]),
        Line::raw(""),
        Line::raw("Resume, or start over? Starting over deletes no key."),
    ]
}

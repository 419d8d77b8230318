//! Dialogs over the current screen: help (from the key tables), confirmations, resume.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::core::display::terminal_safe;
use crate::core::keyboard::KeyState;
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
#[allow(clippy::too_many_lines)] // one arm per dialog
fn content(
    view: &OverlayView,
    keys: &KeyState,
    inner_width: usize,
    t: &Theme,
) -> (&'static str, Vec<Line<'static>>) {
    match view {
        OverlayView::KnownHosts(v) => (" known_hosts for your CI ", known_hosts_lines(v, t)),
        OverlayView::Checklist(sections) => {
            let mut lines = Vec::new();
            for s in sections {
                lines.push(Line::styled(s.title.clone(), t.title));
                for (i, item) in s.items.iter().enumerate() {
                    lines.push(Line::raw(format!(" {}. {item}", i + 1)));
                }
                lines.push(Line::raw(""));
            }
            (" Checklist ", lines)
        }
        OverlayView::Help => {
            let mut lines = help_lines(keys, inner_width, t);
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                format!("Start on any screen: bblink --screen {}", screen_names()),
                t.dim,
            ));
            (" Keys on this screen ", lines)
        }
        OverlayView::ConfirmQuit(lost) => {
            let mut lines: Vec<Line<'static>> =
                lost.iter().map(|l| Line::raw(format!("• {l}"))).collect();
            lines.push(Line::raw("Your other choices are saved either way. Quit?"));
            (" Quit? ", lines)
        }
        OverlayView::ConfirmNewKey {
            fingerprint,
            service,
        } => (
            " Make another key? ",
            vec![
                Line::from(vec![
                    Span::raw("The key in use ("),
                    Span::styled(fingerprint.clone(), t.value),
                    Span::raw(") stays on disk."),
                ]),
                Line::styled(
                    format!(
                        "If its public key is in Bitbucket already, the new public key must replace it there, and {service} must get the new private key."
                    ),
                    t.warn,
                ),
                Line::raw("Make a new key pair?"),
            ],
        ),
        OverlayView::ConfirmTrust {
            fingerprint,
            kind,
            host,
            file,
            changed,
        } => trust(fingerprint, kind, host, file, *changed, t),
        OverlayView::ConfirmRemoveKey { key, repo, in_use } => {
            let mut lines = vec![Line::from(vec![
                Span::raw(format!("Remove \"{}\" ", terminal_safe(&key.label))),
                Span::styled(key.fingerprint.clone(), t.value),
                Span::raw(format!(" (id {}) from {repo}?", key.id)),
            ])];
            lines.push(Line::styled(
                "Whatever uses this key (a service, a CI job) loses access to the repository at once.",
                t.warn,
            ));
            if *in_use {
                lines.push(Line::styled(
                    "It is the key bblink is working with.",
                    t.warn,
                ));
            }
            lines.push(Line::raw("Remove it?"));
            (" Remove an access key? ", lines)
        }
        OverlayView::ConfirmRotate { key, repo } => (
            " Rotate an access key? ",
            vec![
                Line::from(vec![
                    Span::raw(format!("Replace \"{}\" ", terminal_safe(&key.label))),
                    Span::styled(key.fingerprint.clone(), t.value),
                    Span::raw(format!(" of {repo}:")),
                ]),
                Line::raw(
                    "1. generate a new Ed25519 key pair, 2. add it as an access key, 3. test the connection with it.",
                ),
                Line::raw(
                    "The old key stays until you remove it, after the service has the new private key.",
                ),
                Line::raw("Start?"),
            ],
        ),
        OverlayView::ConfirmOverwrite(paths) => {
            let mut lines = vec![Line::raw("These files already exist:")];
            lines.extend(
                paths
                    .iter()
                    .map(|p| Line::styled(format!("  {p}"), t.value)),
            );
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Overwriting destroys that key: anything that uses it stops working.",
                t.warn,
            ));
            lines.push(Line::raw("Overwrite them with the new key?"));
            (" Replace an existing key? ", lines)
        }
        OverlayView::ConfirmInRepo(root) => (
            " Save inside a git work tree? ",
            vec![
                Line::from(vec![
                    Span::raw("The key would be saved inside the git work tree "),
                    Span::styled(root.clone(), t.value),
                    Span::raw("."),
                ]),
                Line::styled(
                    "Keys must never be committed: anyone who can read the repository could read the key.",
                    t.warn,
                ),
                Line::raw("Save it there anyway?"),
            ],
        ),
        OverlayView::Resume {
            service,
            key,
            url,
            step,
        } => (
            " Welcome back ",
            vec![
                Line::raw("You were here last time:"),
                Line::from(vec![
                    Span::raw("  Service  "),
                    Span::styled(service.clone(), t.value),
                ]),
                Line::from(vec![
                    Span::raw("  Key      "),
                    Span::styled(key.clone(), t.value),
                ]),
                Line::from(vec![
                    Span::raw("  URL      "),
                    Span::styled(url.clone(), t.value),
                ]),
                Line::from(vec![
                    Span::raw("  Step     "),
                    Span::styled(step.clone(), t.value),
                ]),
                Line::raw(""),
                Line::raw("Resume, or start over? Starting over deletes no key."),
            ],
        ),
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

/// Trust a host key? Its fingerprint, whether another was expected, where it is recorded.
fn trust(
    fingerprint: &str,
    kind: &str,
    host: &str,
    file: &str,
    changed: bool,
    t: &Theme,
) -> (&'static str, Vec<Line<'static>>) {
    let mut lines = vec![Line::from(vec![Span::raw(format!(
        "The server {host} showed this {kind} host key:"
    ))])];
    lines.push(Line::styled(format!("  {fingerprint}"), t.value));
    if changed {
        lines.push(Line::styled(
                    "bblink expected another key for this host: the key was replaced, or someone is impersonating the server.",
                    t.warn,
                ));
    }
    lines.push(Line::raw(
                "Trust it only if it matches the fingerprint your Bitbucket admin publishes (Bitbucket Cloud: Atlassian's documentation). It is recorded in:",
            ));
    lines.push(Line::styled(format!("  {file}"), t.value));
    lines.push(Line::raw("Trust this host key and test again?"));
    (" Trust this host key? ", lines)
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

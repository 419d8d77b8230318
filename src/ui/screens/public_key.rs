//! Public key: the line to add to Bitbucket, its fingerprint, copying it, and exactly where it
//! goes for the chosen flavor, then what the service needs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::core::key::{Action, Context};
use crate::core::keyfile::ReadyKey;
use crate::core::service::{Flavor, PasteValue};
use crate::core::wizard::Step;
use crate::core::wizard::public_key::{CopyState, PublicKeyView, WriteState};
use crate::ui::chrome::{key_span, spinner};
use crate::ui::theme::Theme;

/// Draws the public key screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, w: &PublicKeyView<'_>, t: &Theme, spin: usize) {
    let Some((key, private_path)) = &w.key else {
        let text = vec![
            Line::raw(""),
            Line::styled("No key yet.", t.title),
            Line::raw(""),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled(crate::ui::keymap::jump_key(Step::Key), t.key),
                Span::raw(" (or "),
                key_span(Context::PublicKey, Action::Back, t),
                Span::raw(") to generate a key pair or choose an existing key file."),
            ]),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
        return;
    };

    // An unconfirmed copy shows the key bare (no border, no indent) so a mouse selection takes
    // exactly the key.
    let bare = matches!(w.copy, CopyState::Unavailable(_) | CopyState::SentOsc52(_));
    let key_width = usize::from(
        if bare {
            area.width
        } else {
            area.width.saturating_sub(2)
        }
        .max(1),
    );
    let key_lines = key_rows(key, key_width, t);
    let key_height =
        u16::try_from(key_lines.len()).unwrap_or(12).min(12) + if bare { 0 } else { 2 };
    let status = status_lines(w, t, spin);
    let status_height = u16::try_from(rows_of(&status, area.width)).unwrap_or(2);
    let [facts, key_area, status_area, place] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(key_height),
        Constraint::Length(status_height + 1),
        Constraint::Fill(1),
    ])
    .areas(area);

    let facts_text = vec![
        Line::from(vec![
            Span::styled(
                format!("{} · {} bits · ", key.info.type_label(), key.info.bits),
                t.dim,
            ),
            Span::styled(key.info.fingerprint.clone(), t.value),
        ]),
        Line::from(vec![
            Span::styled("Private key ", t.dim),
            Span::raw(private_path.clone()),
        ]),
    ];
    frame.render_widget(Paragraph::new(facts_text).wrap(Wrap { trim: false }), facts);

    let key_par = Paragraph::new(key_lines);
    if bare {
        frame.render_widget(key_par, key_area);
    } else {
        let block = Block::bordered().title(" Public key ").border_style(t.dim);
        frame.render_widget(key_par.block(block), key_area);
    }
    frame.render_widget(
        Paragraph::new(status).wrap(Wrap { trim: false }),
        status_area,
    );
    frame.render_widget(
        Paragraph::new(placement(w, t)).wrap(Wrap { trim: false }),
        place,
    );
}

/// The key cut at the full width, not at spaces, so it keeps its shape.
fn key_rows(key: &ReadyKey, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let chars: Vec<char> = key.info.public_line.chars().collect();
    chars
        .chunks(width)
        .map(|c| Line::styled(c.iter().collect::<String>(), t.value))
        .collect()
}

fn rows_of(lines: &[Line<'_>], width: u16) -> usize {
    let width = usize::from(width.max(1));
    lines.iter().map(|l| l.width().max(1).div_ceil(width)).sum()
}

fn status_lines(w: &PublicKeyView<'_>, t: &Theme, spin: usize) -> Vec<Line<'static>> {
    let c = Context::PublicKey;
    let copy = match w.copy {
        CopyState::Idle => vec![
            key_span(c, Action::Copy, t),
            Span::raw(" copies the public key; "),
            key_span(c, Action::WriteFile, t),
            Span::raw(" writes it to a file."),
        ],
        CopyState::Copying => vec![Span::raw(format!("{} Copying…", spinner(spin)))],
        CopyState::Copied => vec![
            Span::styled("✓ Copied to the clipboard.", t.ok),
            Span::raw(" Paste it into Bitbucket."),
        ],
        CopyState::SentOsc52(reason) => vec![
            Span::styled(
                "Sent to the terminal's clipboard (OSC 52), unconfirmed: ",
                t.warn,
            ),
            Span::raw(format!(
                "{reason}. If pasting fails, select the key above or press {}.",
                crate::ui::keymap::key_for(c, Action::WriteFile)
            )),
        ],
        CopyState::Unavailable(reason) => vec![
            Span::styled(format!("No clipboard: {reason}."), t.warn),
            Span::raw(format!(
                " Select the key above with the mouse, or press {} to write it to a file.",
                crate::ui::keymap::key_for(c, Action::WriteFile)
            )),
        ],
    };
    let mut lines = vec![Line::from(copy)];
    match (w.written, &w.written_path) {
        (WriteState::Written(_), Some(p)) => {
            lines.push(Line::styled(format!("✓ Written to {p}."), t.ok));
        }
        (WriteState::Failed(e), _) => {
            lines.push(Line::styled(format!("✗ Not written: {e}."), t.error));
        }
        _ => {}
    }
    lines
}

fn placement(w: &PublicKeyView<'_>, t: &Theme) -> Vec<Line<'static>> {
    let label = w
        .key
        .as_ref()
        .map(|(k, _)| k.info.comment.clone())
        .unwrap_or_default();
    let step = |n: &str, s: Vec<Span<'static>>| {
        let mut v = vec![Span::styled(format!(" {n} "), t.key)];
        v.extend(s);
        Line::from(v)
    };
    let mut lines = vec![
        Line::styled(format!("Add it in {}:", w.flavor.name()), t.title),
        step(
            "1",
            vec![Span::raw(
                "Repository → Repository settings → Access keys → Add key",
            )],
        ),
        step(
            "2",
            vec![
                Span::raw("Label "),
                Span::styled(label, t.value),
                Span::raw(match w.flavor {
                    Flavor::Cloud => ", Key: paste, then Add key.",
                    Flavor::DataCenter => ", Key: paste, Permission: Read, then Add key.",
                }),
            ],
        ),
        Line::styled(
            match w.flavor {
                Flavor::Cloud => {
                    "Access keys are read-only. The same key may be added to other repositories, but it cannot also be an account SSH key."
                }
                Flavor::DataCenter => {
                    "Read is all the service needs; the same key may be added to other repositories or a project."
                }
            },
            t.dim,
        ),
    ];
    if let Some(service) = w.service {
        if let Some(p) = service
            .paste
            .iter()
            .find(|p| p.value == PasteValue::PrivateKey)
        {
            lines.push(Line::from(vec![
                Span::styled(format!("Then in {}: ", service.name), t.title),
                Span::raw(p.place.clone()),
            ]));
        }
        lines.push(Line::styled(service.next.text.clone(), t.dim));
    }
    lines
}

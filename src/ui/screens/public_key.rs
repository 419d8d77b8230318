//! Public key: the line to add to Bitbucket, its fingerprint, copying it, and exactly where it
//! goes for the chosen flavor, then what the service needs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::display::terminal_safe;
use crate::core::keyboard::{Action, Context};
use crate::core::service::Flavor;
use crate::core::wizard::Step;
use crate::core::wizard::public_key::{CopyState, PublicKeyView, WriteState};
use crate::ui::chrome::{key_span, rows_of, scrolled, spinner};
use crate::ui::theme::Theme;

/// Where the public key was drawn, bare, for the shell to write it again as one continuous
/// run of text (the terminal then wraps it softly, and a mouse selection gives one line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareKey {
    /// Column of the first character.
    pub x: u16,
    /// Row of the first character.
    pub y: u16,
    /// The key line, as drawn.
    pub text: String,
}

/// Draws the public key screen; returns the largest scroll of the instructions and, when the
/// whole key is on screen, where it is.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    w: &PublicKeyView<'_>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> (u16, Option<BareKey>) {
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
        return (0, None);
    };

    // The key is drawn bare across the whole width, from the first column, with nothing
    // around it: the shell writes it once more as one run so the terminal wraps it softly.
    let full = frame.area();
    let line = terminal_safe(&key.info.public_line).into_owned();
    let width = usize::from(full.width.max(1));
    let key_rows = u16::try_from(line.chars().count().div_ceil(width)).unwrap_or(u16::MAX);
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
        Line::styled(
            "Public key (select it with the mouse, or copy it):",
            t.title,
        ),
    ];
    let facts_height = rows_of(&facts_text, area.width);
    let status = status_lines(w, t, spin);
    let status_height = rows_of(&status, area.width);
    let mut place_text = placement(w, t);
    // On a short terminal the key and what became of it come first; the facts join the
    // instructions below, which scroll.
    let compact = facts_height + key_rows + status_height + 1 + 3 > area.height;
    let (facts_height, facts_text) = if compact {
        place_text.splice(0..0, facts_text.into_iter().chain([Line::raw("")]));
        (0, Vec::new())
    } else {
        (facts_height, facts_text)
    };
    let [facts, key_area, status_area, place] = Layout::vertical([
        Constraint::Length(facts_height),
        Constraint::Length(key_rows),
        Constraint::Length(status_height + 1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(facts_text).wrap(Wrap { trim: false }), facts);

    let mut bare = None;
    if key_area.height >= key_rows {
        let rows: Vec<Line<'static>> = line
            .chars()
            .collect::<Vec<char>>()
            .chunks(width)
            .map(|c| Line::raw(c.iter().collect::<String>()))
            .collect();
        let at = Rect::new(full.x, key_area.y, full.width, key_rows);
        frame.render_widget(Paragraph::new(rows), at);
        bare = Some(BareKey {
            x: full.x,
            y: key_area.y,
            text: line,
        });
    } else {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "The key does not fit here: enlarge the terminal, or press {} to copy it or {} to write it to a file.",
                    crate::ui::keymap::key_for(Context::PublicKey, Action::Copy),
                    crate::ui::keymap::key_for(Context::PublicKey, Action::WriteFile)
                ),
                t.warn,
            ))
            .wrap(Wrap { trim: false }),
            key_area,
        );
    }
    frame.render_widget(
        Paragraph::new(status).wrap(Wrap { trim: false }),
        status_area,
    );
    let max = scrolled(frame, place, place_text, scroll, t);
    (max, bare)
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
    if let Some(a) = w.added {
        lines.push(Line::styled(
            format!(
                "✓ {} access key \"{}\" (id {}) through Bitbucket's API.",
                if a.already_present {
                    "Already an"
                } else {
                    "Added as"
                },
                terminal_safe(&a.key.label),
                a.key.id
            ),
            t.ok,
        ));
    }
    lines
}

fn placement(w: &PublicKeyView<'_>, t: &Theme) -> Vec<Line<'static>> {
    let step = |n: &str, s: Vec<Span<'static>>| {
        let mut v = vec![Span::styled(format!(" {n} "), t.key)];
        v.extend(s);
        Line::from(v)
    };
    if let Some(k) = w.user_key {
        // A user key goes on an account, not on the repository: bblink's API screens add
        // access keys only.
        return vec![
            Line::styled(
                format!("Add it in {} as a user key:", w.flavor.name()),
                t.title,
            ),
            step("1", vec![Span::raw(k.user_bitbucket.clone())]),
            step(
                "2",
                vec![
                    Span::raw("Label: "),
                    Span::styled(terminal_safe(&w.label).into_owned(), t.value),
                    Span::raw(". Key: paste the public key. Then Add key."),
                ],
            ),
            Line::styled(k.preferred.clone(), t.dim),
        ];
    }
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
                Span::raw("Label: "),
                Span::styled(terminal_safe(&w.label).into_owned(), t.value),
                Span::raw(match w.flavor {
                    Flavor::Cloud => ". Key: paste the public key. Then Add key.",
                    Flavor::DataCenter => {
                        ". Key: paste the public key. Permission: Read. Then Add key."
                    }
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
    if w.added.is_none() {
        lines.push(Line::from(vec![
            Span::raw("Or press "),
            key_span(Context::PublicKey, Action::AccessKeys, t),
            Span::raw(": bblink adds it for you through Bitbucket's API (asks for a token)."),
        ]));
    }
    let service = w.service.map_or("the service", |s| s.called());
    lines.push(Line::styled(
        format!(
            "Next: the clone URL (step {}) and the private key (step {}); step {} tests the connection, and the summary (step {}) lists what to fill in at {service}.",
            Step::CloneUrl.number(),
            Step::PrivateKey.number(),
            Step::Test.number(),
            Step::Done.number()
        ),
        t.dim,
    ));
    lines
}

//! Public key: the line to add to Bitbucket, its fingerprint, copying it, and exactly where it
//! goes for the chosen flavor, then what the service needs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::display::terminal_safe;
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::Step;
use crate::core::wizard::page::Said;
use crate::core::wizard::public_key::PublicKeyView;
use crate::ui::chrome::{rows_of, scrolled};
use crate::ui::screens::form::line as said_line;
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
    let context = Context::PublicKey;
    let look = |l: &Said| said_line(l, context, t, spin);
    let Some((key, _)) = &w.key else {
        let text: Vec<Line<'static>> = w.no_key(Step::KeyPair.number()).iter().map(look).collect();
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
        return (0, None);
    };

    // The key is drawn bare across the whole width, from the first column, with nothing
    // around it: the shell writes it once more as one run so the terminal wraps it softly.
    let full = frame.area();
    let line = terminal_safe(&key.info.public_line).into_owned();
    let width = usize::from(full.width.max(1));
    let key_rows = u16::try_from(line.chars().count().div_ceil(width)).unwrap_or(u16::MAX);
    let facts_text: Vec<Line<'static>> = w.facts().iter().map(look).collect();
    let facts_height = rows_of(&facts_text, area.width);
    let status: Vec<Line<'static>> = w.status().iter().map(look).collect();
    let status_height = rows_of(&status, area.width);
    let mut place_text: Vec<Line<'static>> = w.placement().iter().map(look).collect();
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

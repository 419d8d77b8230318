//! Key pair: the rows of options, the label or path field (boxed, or one row on a short
//! terminal), and the core's lines beneath, the outcome first when they do not all fit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::core::keyboard::Context;
use crate::core::wizard::key_pair::{KeyFocus, KeyView, PASSPHRASE_CAPTION};
use crate::core::wizard::page::Said;
use crate::ui::chrome::{
    caption, choice_lines, field_block, one_line_field, radio, rows_of, scrolled,
};
use crate::ui::screens::form::line as said_line;
use crate::ui::theme::Theme;

/// The key screen's text fields: label, path, passphrase.
pub type Fields<'a> = (&'a TextArea<'a>, &'a TextArea<'a>, &'a TextArea<'a>);

/// Draws the key screen; returns the details' largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    (w, context): (&KeyView<'_>, Context),
    fields: Fields<'_>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let rows = w.option_rows().into_iter().map(|row| {
        let options = row
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| radio(i == row.chosen, o, t))
            .collect();
        let caption = caption(row.caption, 7, w.focus == row.focus, t);
        choice_lines(caption, options, area.width)
    });
    let choices: Vec<Line<'static>> = rows.flatten().collect();
    let choices_height = rows_of(&choices, area.width);
    // A short terminal gets one-row fields (caption and text), so the details keep a few rows.
    let boxed = area.height >= choices_height + 3 * (1 + u16::from(w.unlockable)) + 4;
    let field_height = if boxed { 3 } else { 1 };
    let [choices_area, field, secret, info] = Layout::vertical([
        Constraint::Length(choices_height),
        Constraint::Length(field_height),
        Constraint::Length(if w.unlockable { field_height } else { 0 }),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(choices).wrap(ratatui::widgets::Wrap { trim: false }),
        choices_area,
    );

    let (title, focus) = w.field();
    let text = if focus == KeyFocus::Label {
        fields.0
    } else {
        fields.1
    };
    draw_field(
        frame,
        field,
        (title, w.focus == focus, boxed),
        t,
        |f, inner, focused| {
            one_line_field(f, inner, text, focused);
        },
    );
    if w.unlockable {
        let focused = w.focus == KeyFocus::Passphrase;
        draw_field(
            frame,
            secret,
            (PASSPHRASE_CAPTION, focused, boxed),
            t,
            |f, inner, _| {
                f.render_widget(fields.2, inner);
            },
        );
    }
    let look = |l: &Said| said_line(l, context, t, spin);
    let about: Vec<Line<'static>> = w.about().iter().map(look).collect();
    let status: Vec<Line<'static>> = w.status().iter().map(look).collect();
    // The outcome first when everything does not fit, so it is never below the fold.
    let lines = if rows_of(&[about.clone(), status.clone()].concat(), info.width) > info.height
        && !status.is_empty()
    {
        [status, vec![Line::raw("")], about].concat()
    } else {
        [about, vec![Line::raw("")], status].concat()
    };
    scrolled(frame, info, lines, scroll, t)
}

/// A text field: boxed with its title, or on a short terminal one row (`Title: text`).
fn draw_field(
    frame: &mut Frame<'_>,
    at: Rect,
    (title, focused, boxed): (&str, bool, bool),
    t: &Theme,
    text: impl FnOnce(&mut Frame<'_>, Rect, bool),
) {
    if boxed {
        let block = field_block(title, focused, t);
        let inner = block.inner(at);
        frame.render_widget(block, at);
        text(frame, inner, focused);
        return;
    }
    let label = if focused {
        Span::styled(format!("▸ {title}: "), t.focus)
    } else {
        Span::styled(format!("  {title}: "), t.title)
    };
    let width = u16::try_from(label.width())
        .unwrap_or(u16::MAX)
        .min(at.width / 2);
    let [caption, rest] =
        Layout::horizontal([Constraint::Length(width), Constraint::Fill(1)]).areas(at);
    frame.render_widget(Paragraph::new(label), caption);
    text(frame, rest, focused);
}

//! Service: which service reads the repository, and which Bitbucket hosts it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::service::Flavor;
use crate::core::wizard::service::{KEY_KINDS, ServiceFocus, ServiceView};
use crate::ui::chrome::{caption, choice_lines, field_block, radio, rows_of, scrolled};
use crate::ui::screens::form::line;
use crate::ui::theme::Theme;

/// Draws the service screen; returns the details' largest scroll.
pub fn draw(frame: &mut Frame<'_>, area: Rect, w: &ServiceView<'_>, t: &Theme, scroll: u16) -> u16 {
    let longest = w
        .services
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    let flavor_width = 3 + 2 + 11; // " ● Data Center" in a box
    let side_by_side = usize::from(area.width) * 55 / 100 >= longest + 5
        && usize::from(area.width) * 45 / 100 >= flavor_width
        && area.height >= u16::try_from(w.services.len()).unwrap_or(u16::MAX) + 2 + 4;
    let details = if side_by_side {
        boxed_lists(frame, area, w, t)
    } else {
        choice_rows(frame, area, w, t)
    };
    let Some(service) = w.services.get(w.chosen) else {
        return 0;
    };
    let mut text = Vec::new();
    // The key kind is a list like the two above: chosen with the arrows where it is.
    if service.key_choice.is_some() {
        let focused = w.focus == ServiceFocus::KeyKind;
        text.extend(choice_lines(
            caption("Build", 10, focused, t),
            KEY_KINDS
                .iter()
                .enumerate()
                .map(|(i, kind)| radio(usize::from(w.user_key) == i, kind, t))
                .collect(),
            details.width,
        ));
    }
    text.extend(
        w.details()
            .iter()
            .map(|l| line(l, crate::core::keyboard::Context::Service, t, 0)),
    );
    scrolled(frame, details, text, scroll, t)
}

/// The two lists in boxes, side by side; returns the area left for the details.
fn boxed_lists(frame: &mut Frame<'_>, area: Rect, w: &ServiceView<'_>, t: &Theme) -> Rect {
    let list_height = u16::try_from(w.services.len()).unwrap_or(3).max(2) + 2;
    let [lists, details] =
        Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(lists);
    let block = |title: &'static str, focused: bool| field_block(title, focused, t);
    let radio = |on: bool, text: String| {
        let (glyph, style) = if on {
            ("●", t.value)
        } else {
            ("○", Style::new())
        };
        Line::from(vec![
            Span::raw(format!(" {glyph} ")),
            Span::styled(text, style),
        ])
    };
    let services: Vec<Line<'_>> = w
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| radio(i == w.chosen, s.name.clone()))
        .collect();
    frame.render_widget(
        Paragraph::new(services).block(block("Service", w.focus == ServiceFocus::Service)),
        left,
    );
    let flavors: Vec<Line<'_>> = Flavor::ALL
        .iter()
        .map(|f| radio(*f == w.flavor, short_name(*f).to_string()))
        .collect();
    frame.render_widget(
        Paragraph::new(flavors).block(block("Bitbucket", w.focus == ServiceFocus::Flavor)),
        right,
    );
    details
}

/// On a narrow or short terminal: each list as a row of choices under its caption.
fn choice_rows(frame: &mut Frame<'_>, area: Rect, w: &ServiceView<'_>, t: &Theme) -> Rect {
    let caption = |name: &str, focus: ServiceFocus| caption(name, 10, w.focus == focus, t);
    let radio = |on: bool, text: String| radio(on, &text, t);
    let mut lines = choice_lines(
        caption("Service", ServiceFocus::Service),
        w.services
            .iter()
            .enumerate()
            .map(|(i, s)| radio(i == w.chosen, s.name.clone()))
            .collect(),
        area.width,
    );
    lines.extend(choice_lines(
        caption("Bitbucket", ServiceFocus::Flavor),
        Flavor::ALL
            .iter()
            .map(|f| radio(*f == w.flavor, short_name(*f).to_string()))
            .collect(),
        area.width,
    ));
    let height = rows_of(&lines, area.width).min(area.height);
    let [rows, _, details] = Layout::vertical([
        Constraint::Length(height),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rows);
    details
}

/// The flavor's name under the "Bitbucket" caption.
fn short_name(flavor: Flavor) -> &'static str {
    match flavor {
        Flavor::Cloud => "Cloud",
        Flavor::DataCenter => "Data Center",
    }
}

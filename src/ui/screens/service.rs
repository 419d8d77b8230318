//! Service: which service reads the repository, and which Bitbucket hosts it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::core::service::{Flavor, PasteValue};
use crate::core::wizard::service::{ServiceFocus, ServiceView};
use crate::ui::chrome::{field_block, scrolled};
use crate::ui::theme::Theme;

/// Draws the service screen; returns the details' largest scroll.
pub fn draw(frame: &mut Frame<'_>, area: Rect, w: &ServiceView<'_>, t: &Theme, scroll: u16) -> u16 {
    let list_height = u16::try_from(w.services.len()).unwrap_or(3).max(2) + 2;
    let list_height = list_height.min(area.height / 2);
    let [lists, details] =
        Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(lists);

    let block = |title: &'static str, focused: bool| field_block(title, focused, t);
    let radio = |on: bool, text: String| {
        let (glyph, style) = if on {
            ("●", t.value)
        } else {
            ("○", ratatui::style::Style::new())
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
        .map(|f| radio(*f == w.flavor, f.name().to_string()))
        .collect();
    frame.render_widget(
        Paragraph::new(flavors).block(block("Bitbucket", w.focus == ServiceFocus::Flavor)),
        right,
    );

    let Some(service) = w.services.get(w.chosen) else {
        return 0;
    };
    let mut text = vec![Line::raw(service.summary.clone()), Line::raw("")];
    text.push(Line::styled(
        format!("What you will give {}:", service.called()),
        t.title,
    ));
    for p in &service.paste {
        let what = match p.value {
            PasteValue::CloneUrl => "the repository's SSH clone URL",
            PasteValue::PrivateKey => "the private key",
            PasteValue::SshHost => match w.flavor {
                Flavor::Cloud => "ssh.bitbucket.org",
                Flavor::DataCenter => "your Bitbucket server's SSH host name",
            },
        };
        text.push(Line::from(vec![
            Span::styled(format!(" • {}", p.label), t.value),
            Span::raw(format!(" ({what})")),
        ]));
        text.push(Line::styled(format!("   {}", p.place), t.dim));
    }
    text.push(Line::raw(""));
    text.push(Line::styled(
        "Adding an access key in Bitbucket needs admin rights on the repository.",
        t.dim,
    ));
    scrolled(frame, details, text, scroll, t)
}

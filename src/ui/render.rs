//! Draws a frame from the application state; reads state only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::wizard::Step;

use super::app::App;
use super::{chrome, screens};

/// Below this width the wizard asks for a larger terminal.
pub const MIN_WIDTH: u16 = 50;
/// Below this height the wizard asks for a larger terminal.
pub const MIN_HEIGHT: u16 = 14;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::header(frame, header, app);
    let body = body.inner(Margin::new(1, 0));
    match app.wizard.step {
        Step::Welcome => screens::welcome::draw(frame, body, app),
        Step::Service => screens::service::draw(frame, body, app),
        Step::Key => screens::key::draw(frame, body, app),
        Step::PublicKey => screens::public_key::draw(frame, body, app),
        Step::CloneUrl => screens::clone_url::draw(frame, body, app),
        Step::PrivateKey => screens::private_key::draw(frame, body, app),
    }
    chrome::footer(frame, footer, app);
    if let Some(overlay) = &app.wizard.overlay {
        screens::overlay::draw(frame, area, app, overlay);
    }
}

fn too_small(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let text = vec![
        Line::styled("Enlarge the terminal", app.theme.title),
        Line::raw(format!(
            "bblink needs {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. Ctrl-C quits.",
            area.width, area.height
        )),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

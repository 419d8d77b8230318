//! Welcome: what bblink will do, in three lines.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::ui::app::App;

/// Draws the welcome screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let t = &app.theme;
    let w = &app.wizard;
    let keys_dir = w.display_path(&w.env.keys_dir);
    let text = vec![
        Line::raw(""),
        Line::styled(
            "Connect a private Bitbucket repository to a service such as Valohai or CircleCI.",
            t.title,
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled(" 1 ", t.key),
            Span::raw("Generate an SSH key pair on this computer."),
        ]),
        Line::from(vec![
            Span::styled(" 2 ", t.key),
            Span::raw("Add its public half to the repository in Bitbucket as an access key."),
        ]),
        Line::from(vec![
            Span::styled(" 3 ", t.key),
            Span::raw("Give the private half and the clone URL to the service, then test."),
        ]),
        Line::raw(""),
        Line::styled(
            format!(
                "Keys are saved in {keys_dir}, readable by you only. Nothing leaves this computer unless you copy it."
            ),
            t.dim,
        ),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Press "),
            Span::styled("Enter", t.key),
            Span::raw(" to start. "),
            Span::styled(
                format!("Alt-1…Alt-{}", crate::core::wizard::Step::NUMBERED.len()),
                t.key,
            ),
            Span::raw(" (or "),
            Span::styled("Ctrl-G", t.key),
            Span::raw(" and a digit) jump to a step; "),
            Span::styled("F1", t.key),
            Span::raw(" lists every key."),
        ]),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), area);
}

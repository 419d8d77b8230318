//! Welcome: what bblink will do, in three lines.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::core::keyboard::{Action, Context, Key};
use crate::core::wizard::welcome::WelcomeView;
use crate::ui::chrome::{key_span, scrolled};
use crate::ui::theme::Theme;

/// Draws the welcome screen; returns its largest scroll.
pub fn draw(frame: &mut Frame<'_>, area: Rect, view: &WelcomeView, t: &Theme, scroll: u16) -> u16 {
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
            Span::raw(
                "Check the clone URL and the private key as the service will read them, test the connection with them, and see what to fill in there.",
            ),
        ]),
        Line::raw(""),
        Line::styled(
            format!(
                "Keys are saved in {}, readable by you only. A private key never leaves this computer unless you copy it; the connection test only signs in with it, as ssh does.",
                view.keys_dir
            ),
            t.dim,
        ),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Press "),
            key_span(Context::Welcome, Action::Next, t),
            Span::raw(" to start. "),
            Span::styled(crate::ui::keymap::jump_keys(view.last_step), t.key),
            Span::raw(" (or "),
            Span::styled(Key::ctrl('g').to_string(), t.key),
            Span::raw(" and a digit) jump to a step; "),
            key_span(Context::Welcome, Action::Help, t),
            Span::raw(" lists every key."),
        ]),
        Line::raw(""),
        Line::from(vec![
            Span::raw("Something failed already? "),
            key_span(Context::Welcome, Action::Troubleshoot, t),
            Span::raw(
                ", on any screen, lists the problems with their fixes and diagnoses a pasted log.",
            ),
        ]),
    ];
    scrolled(frame, area, text, scroll, t)
}

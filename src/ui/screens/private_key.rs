//! Private key: paste the key exactly as it will go into the service; the verdict updates as
//! the text changes. A pasted key is hidden; `c` copies the key for the service, `w` writes a
//! pasted one to a file.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::core::keyboard::{Action, Context};
use crate::core::wizard::Step;
use crate::core::wizard::page::Said;
use crate::core::wizard::private_key::PrivateKeyView;
use crate::ui::chrome::{field_block, key_span, scrolled};
use crate::ui::keymap::key_for;
use crate::ui::screens::form::line as said_line;
use crate::ui::theme::Theme;

const C: Context = Context::PrivateKey;

/// Draws the private key screen; `area_widget` is the key's text area. Returns the verdict's
/// largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    p: &PrivateKeyView<'_>,
    area_widget: &TextArea<'_>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let key_step = Step::KeyPair.number();
    let look = |l: &Said| said_line(l, C, t, spin);
    let intro = Paragraph::new(look(&p.intro(key_step))).wrap(Wrap { trim: true });
    let intro_height = u16::try_from(intro.line_count(area.width.max(1))).unwrap_or(1);
    let [intro_area, input, verdict] = Layout::vertical([
        Constraint::Length(intro_height),
        Constraint::Length(area.height.saturating_sub(intro_height) / 3 + 2),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(intro, intro_area);

    let title = if p.masked {
        "Private key (hidden)"
    } else {
        "Private key"
    };
    let block = field_block(title, p.focused, t);
    let inner = block.inner(input);
    frame.render_widget(block, input);
    if p.masked {
        let (lines, bytes) = p.size;
        let text = vec![
            Line::styled("●".repeat(usize::from(inner.width.min(24))), t.dim),
            Line::from(vec![
                Span::raw(format!("{lines} lines, {bytes} bytes, hidden. ")),
                key_span(C, Action::ToggleMask, t),
                Span::raw(" shows it; a new paste replaces it."),
            ]),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
    } else if area_widget.is_empty() && !p.focused {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "Paste the key here ({} to type).",
                    key_for(C, Action::FocusNext)
                ),
                t.dim,
            )),
            inner,
        );
    } else {
        frame.render_widget(area_widget, inner);
    }

    let lines: Vec<Line<'static>> = p.lines(key_step).iter().map(look).collect();
    scrolled(frame, verdict, lines, scroll, t)
}

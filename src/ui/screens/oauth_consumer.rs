//! The OAuth consumer screen: the key and masked secret, the check's result, then where to
//! create the consumer, what to fill in (copyable) and the permissions for the chosen mode.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui_textarea::TextArea;

use crate::core::keyboard::{Action, Context};
use crate::core::problem::Severity;
use crate::core::wizard::oauth_consumer::{ConsumerView, Phase, Slot};
use crate::ui::chrome::{choice_lines, key_span, problem_lines, radio, scrolled, spinner};
use crate::ui::screens::form::{Shown, failure_lines, two_fields, value_lines};
use crate::ui::theme::Theme;

/// Draws the screen; returns its largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &ConsumerView<'_>,
    (key, secret): (&TextArea<'_>, &TextArea<'_>),
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let masked = Shown::Masked { reveal: false };
    let body = two_fields(
        frame,
        area,
        [
            (("Key", 6), key, (v.slot == Slot::Key, Shown::Plain)),
            (("Secret", 6), secret, (v.slot == Slot::Secret, masked)),
        ],
        t,
    );
    let mut lines = result(v, t, spin);
    let mode = v.modes.get(v.mode);
    let options = v
        .modes
        .iter()
        .enumerate()
        .map(|(i, m)| radio(i == v.mode, &m.label, t))
        .collect();
    let cap = Span::styled(
        format!(
            "Mode ({}): ",
            crate::ui::keymap::key_for(Context::Consumer, Action::Cycle)
        ),
        t.title,
    );
    lines.extend(choice_lines(cap, options, body.width));
    if let Some(m) = mode {
        lines.push(Line::from(vec![
            Span::raw("Permissions to tick: "),
            Span::styled(m.permissions.clone(), t.value),
        ]));
    }
    lines.push(Line::raw(""));
    if let Some(c) = v.service.and_then(|s| s.consumer.as_ref()) {
        lines.push(Line::styled("Create the consumer in Bitbucket:", t.title));
        lines.push(Line::styled(format!("  {}", c.place), t.value));
        lines.push(Line::styled(format!("  {}", c.link), t.dim));
        lines.push(Line::styled(format!("  ! {}", c.outdated), t.warn));
        lines.push(Line::from(vec![
            Span::styled("Fill in ", t.title),
            Span::raw("("),
            key_span(Context::Consumer, Action::FocusNext, t),
            Span::raw(" moves between this list and the fields; ↑↓ choose, "),
            key_span(Context::Consumer, Action::Copy, t),
            Span::raw(" copies):"),
        ]));
        lines.extend(value_lines(
            &v.values,
            v.selected,
            v.copy_note.as_deref(),
            t,
        ));
        lines.push(Line::raw(format!("  {}", c.private)));
        lines.push(Line::raw(
            "Save, click the consumer's name to show its Key and Secret, and paste them above.",
        ));
    }
    scrolled(frame, body, lines, scroll, t)
}

fn result(v: &ConsumerView<'_>, t: &Theme, spin: usize) -> Vec<Line<'static>> {
    let mut lines = match v.phase {
        Phase::Form => vec![Line::from(vec![
            key_span(Context::Consumer, Action::Next, t),
            Span::raw(" checks the key and secret at Bitbucket's token endpoint."),
        ])],
        Phase::Working => vec![Line::from(vec![
            Span::styled(format!("{} ", spinner(spin)), t.value),
            Span::raw("Asking Bitbucket's token endpoint… Esc cancels."),
        ])],
        Phase::Checked(c) => {
            let mut l = Vec::new();
            if let Some(line) = crate::core::wizard::oauth_consumer::valid_line(c) {
                l.push(Line::styled(line, t.ok));
            }
            for f in &c.findings {
                let sev = if f.severity == Severity::Warning {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                l.extend(problem_lines(
                    sev,
                    &format!("{} ({})", f.message, f.id.as_str()),
                    &f.fix,
                    t,
                ));
            }
            if c.ok {
                let called = v.service.map_or("the service", |s| s.called());
                l.push(Line::from(vec![
                    key_span(Context::Consumer, Action::Next, t),
                    Span::raw(format!(" goes on to what to give {called}.")),
                ]));
            }
            l
        }
        Phase::Failed(f) => failure_lines(f, t),
    };
    lines.push(Line::raw(""));
    lines
}

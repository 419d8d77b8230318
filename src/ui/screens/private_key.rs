//! Private key: paste the key exactly as it will go into the service; the verdict updates as
//! the text changes. A recognised private key is hidden; repaired damage can be copied.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::core::inspect::{Inspection, Kind};
use crate::core::key::{Action, Context};
use crate::core::wizard::Step;
use crate::core::wizard::private_key::{PrivateKeyView, SecretCopy};
use crate::ui::chrome::{field_block, key_span, problem_lines, spinner};
use crate::ui::keymap::key_for;
use crate::ui::theme::Theme;

const C: Context = Context::PrivateKey;

/// Draws the private key screen; `area_widget` is the key's text area.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    p: &PrivateKeyView<'_>,
    area_widget: &TextArea<'_>,
    t: &Theme,
    spin: usize,
) {
    let [intro, input, verdict] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(area.height.saturating_sub(1) / 3 + 2),
        Constraint::Fill(1),
    ])
    .areas(area);

    let service = p.service.map_or("the service", |s| s.name.as_str());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!(
                "Paste the key as you will paste it into {service}; "
            )),
            key_span(C, Action::Open, t),
            Span::raw(" loads the key file."),
        ])),
        intro,
    );

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

    let mut lines = Vec::new();
    if let Some(note) = p.note {
        lines.push(Line::styled(note.to_string(), t.warn));
    }
    if p.loading {
        lines.push(Line::raw(format!(
            "{} Reading the key file…",
            spinner(spin)
        )));
    }
    match p.verdict {
        None => {
            lines.push(Line::styled(
                format!(
                    "bblink names the exact problem: public key pasted instead, passphrase, PuTTY format, lost lines, extra spaces, a key that does not match step {}.",
                    Step::Key.number()
                ),
                t.dim,
            ));
        }
        Some(v) => lines.extend(verdict_lines(p, v, t, spin)),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), verdict);
}

fn verdict_lines(
    p: &PrivateKeyView<'_>,
    v: &Inspection,
    t: &Theme,
    spin: usize,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let what = match (v.kind, v.format) {
        (Kind::Unknown, _) => "not a key".to_string(),
        (Kind::Private, Some(f)) => format!("a private key ({f} format)"),
        (Kind::Public, Some(f)) => format!("a public key ({f} format)"),
        _ => "a key".to_string(),
    };
    let head = if v.ok {
        Span::styled("✓ Ready to paste: ", t.ok)
    } else {
        Span::styled("✗ Not usable: ", t.error)
    };
    lines.push(Line::from(vec![
        head,
        Span::raw(format!("this is {what}.")),
    ]));
    if let (Some(alg), Some(bits), Some(fp)) = (&v.algorithm, v.bits, &v.fingerprint) {
        lines.push(Line::styled(format!("  {alg} · {bits} bits · {fp}"), t.dim));
    }
    let key_step = Step::Key.number();
    match v.matches_public_key {
        Some(true) => lines.push(Line::styled(
            format!("  ✓ Matches the public key from step {key_step}."),
            t.ok,
        )),
        None if !p.has_key => {
            lines.push(Line::styled(
                format!("  No key from step {key_step} to compare with."),
                t.dim,
            ));
        }
        _ => {}
    }
    for problem in &v.problems {
        lines.extend(problem_lines(
            problem.severity,
            &problem.message,
            &problem.fix,
            t,
        ));
    }
    if v.repaired {
        let copy = match p.copy {
            SecretCopy::Idle => format!(
                "{} copies the repaired key; the clipboard is cleared after {} s.",
                key_for(C, Action::Copy),
                p.clear_after
            ),
            SecretCopy::Copying => format!("{} Copying…", spinner(spin)),
            SecretCopy::Copied => format!(
                "✓ Repaired key copied. The clipboard is cleared in {} s (unless you copy something else).",
                p.clear_after
            ),
            SecretCopy::Cleared => format!(
                "The repaired key was taken off the clipboard after {} s; {} copies it again.",
                p.clear_after,
                key_for(C, Action::Copy)
            ),
            SecretCopy::Unavailable(reason) => format!(
                "No clipboard ({reason}): save it with bblink check-key --write-repaired PATH."
            ),
        };
        lines.push(Line::styled(copy, t.title));
    }
    lines
}

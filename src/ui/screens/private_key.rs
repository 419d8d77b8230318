//! Private key: paste the key exactly as it will go into the service; the verdict updates as
//! the text changes. A recognised private key is hidden; repaired damage can be copied.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::inspect::{Inspection, Kind};
use crate::core::wizard::SecretCopy;
use crate::ui::app::App;
use crate::ui::chrome::{field_block, problem_lines, spinner};

/// Draws the private key screen.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App) {
    let w = &app.wizard;
    let t = &app.theme;
    let p = &w.private;
    let [intro, input, verdict] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(area.height.saturating_sub(1) / 3 + 2),
        Constraint::Fill(1),
    ])
    .areas(area);

    let service = w.service().map_or("the service", |s| s.name.as_str());
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!(
                "Paste the key as you will paste it into {service}; "
            )),
            Span::styled("Ctrl-O", t.key),
            Span::raw(" loads the key file."),
        ])),
        intro,
    );

    let focused = w.focused_field().is_some();
    let title = if p.masked {
        "Private key (hidden)"
    } else {
        "Private key"
    };
    let block = field_block(title, focused, t);
    let inner = block.inner(input);
    frame.render_widget(block, input);
    if p.masked {
        let (lines, bytes) = p.size;
        let text = vec![
            Line::styled("●".repeat(usize::from(inner.width.min(24))), t.dim),
            Line::from(vec![
                Span::raw(format!("{lines} lines, {bytes} bytes, hidden. ")),
                Span::styled("s", t.key),
                Span::raw(" shows it; a new paste replaces it."),
            ]),
        ];
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), inner);
    } else if app.private.is_empty() && !focused {
        frame.render_widget(
            Paragraph::new(Line::styled("Paste the key here (Tab to type).", t.dim)),
            inner,
        );
    } else {
        frame.render_widget(&app.private, inner);
    }

    let mut lines = Vec::new();
    if let Some(note) = &p.note {
        lines.push(Line::styled(note.clone(), t.warn));
    }
    if w.job
        .is_some_and(|j| j.kind == crate::core::wizard::JobKind::LoadPrivate)
    {
        lines.push(Line::raw(format!(
            "{} Reading the key file…",
            spinner(app.spinner)
        )));
    }
    match &p.verdict {
        None => {
            lines.push(Line::styled(
                "bblink names the exact problem: public key pasted instead, passphrase, PuTTY format, lost lines, extra spaces, a key that does not match step 2.",
                t.dim,
            ));
        }
        Some(v) => lines.extend(verdict_lines(app, v)),
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), verdict);
}

fn verdict_lines(app: &App, v: &Inspection) -> Vec<Line<'static>> {
    let t = &app.theme;
    let w = &app.wizard;
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
    match v.matches_public_key {
        Some(true) => lines.push(Line::styled(
            "  ✓ Matches the public key from step 2.",
            t.ok,
        )),
        None if w.key.is_none() => {
            lines.push(Line::styled("  No key from step 2 to compare with.", t.dim));
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
        let copy = match &w.private.copy {
            SecretCopy::Idle => format!(
                "c copies the repaired key; the clipboard is cleared after {} s.",
                w.env.clear_clipboard_after
            ),
            SecretCopy::Copying => format!("{} Copying…", spinner(app.spinner)),
            SecretCopy::Copied => format!(
                "✓ Repaired key copied. The clipboard is cleared in {} s (unless you copy something else).",
                w.env.clear_clipboard_after
            ),
            SecretCopy::Unavailable(reason) => format!(
                "No clipboard ({reason}): save it with bblink check-key --write-repaired PATH."
            ),
        };
        lines.push(Line::styled(copy, t.title));
    }
    lines
}

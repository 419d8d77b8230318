//! Private key: paste the key exactly as it will go into the service; the verdict updates as
//! the text changes. A pasted key is hidden; `c` copies the key for the service, `w` writes a
//! pasted one to a file.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::core::inspect::{Inspection, Kind};
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::Step;
use crate::core::wizard::private_key::{PrivateKeyView, SecretCopy};
use crate::ui::chrome::{field_block, key_span, problem_lines, scrolled, spinner};
use crate::ui::keymap::key_for;
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
    let service = p.service.map_or("the service", |s| s.called());
    let intro = Paragraph::new(Line::from(vec![
        Span::raw(format!(
            "Paste the key as you will paste it into {service}; "
        )),
        key_span(C, Action::Open, t),
        Span::raw(" loads the key file."),
    ]))
    .wrap(Wrap { trim: true });
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
            if let Some(file) = &p.key_file {
                lines.push(Line::raw(format!(
                    "Nothing pasted: {} copies the key file of step {} ({file}).",
                    key_for(C, Action::Copy),
                    Step::Key.number()
                )));
            }
        }
        Some(v) => lines.extend(verdict_lines(p, v, t)),
    }
    lines.extend(handover_lines(p, t, spin));
    scrolled(frame, verdict, lines, scroll, t)
}

fn verdict_lines(p: &PrivateKeyView<'_>, v: &Inspection, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let what = match (v.kind, v.format) {
        (Kind::Unknown, _) => "not a key".to_string(),
        (Kind::Certificate, _) => "a certificate, not a key".to_string(),
        (Kind::Private, Some(f)) => format!("a private key ({f} format)"),
        (Kind::Public, Some(f)) => format!("a public key ({f} format)"),
        _ => "a key".to_string(),
    };
    let verdict = crate::core::wizard::private_key::verdict(v);
    let head = Span::styled(format!("{}: ", verdict.head()), t.level(verdict.level));
    lines.push(Line::from(vec![
        head,
        Span::raw(format!("this is {what}.")),
    ]));
    if let (Some(alg), Some(bits), Some(fp)) = (&v.algorithm, v.bits, &v.fingerprint) {
        lines.push(Line::styled(format!("  {alg} · {bits} bits · {fp}"), t.dim));
    }
    let key_step = Step::Key.number();
    match v.matches_public_key {
        // A check mark only under a usable verdict: a match does not make a key usable.
        Some(true) => {
            if let Some((level, line)) = crate::core::wizard::private_key::match_line(v, key_step) {
                let style = if level == crate::core::wizard::page::Level::Warn {
                    t.dim
                } else {
                    t.level(level)
                };
                lines.push(Line::styled(format!("  {line}"), style));
            }
        }
        None if p.key_file.is_none() => {
            lines.push(Line::styled(
                format!("  No key from step {key_step} to compare with."),
                t.dim,
            ));
        }
        _ => {}
    }
    let repairs = !v.ok && v.usable();
    for (i, problem) in v.problems.iter().enumerate() {
        // The same fix for the next problem too: said once, after both.
        let same_next = v.problems.get(i + 1).is_some_and(|n| n.fix == problem.fix);
        let fix = if same_next { "" } else { problem.fix.as_str() };
        // Damage the repair undoes is a warning beside the repaired key.
        let severity = if repairs && problem.id.is_damage() {
            crate::core::problem::Severity::Warning
        } else {
            problem.severity
        };
        lines.extend(problem_lines(severity, &problem.message, fix, t));
    }
    lines
}

/// How the key reaches the service: copying (and the clipboard's clearing), writing.
fn handover_lines(p: &PrivateKeyView<'_>, t: &Theme, spin: usize) -> Vec<Line<'static>> {
    let usable = p.verdict.is_none_or(Inspection::usable);
    let repaired = p.verdict.is_some_and(|v| v.repaired);
    let (what, what_cap) = if repaired {
        ("the repaired key", "Repaired key")
    } else {
        ("the key", "Key")
    };
    let mut lines = Vec::new();
    let copy = match p.copy {
        SecretCopy::Idle if usable && (p.verdict.is_some() || p.key_file.is_some()) => {
            Some(format!(
                "{} copies {what} for the service; the clipboard is cleared after {} s. {} tests the connection with it.",
                key_for(C, Action::Copy),
                p.clear_after,
                key_for(C, Action::Next)
            ))
        }
        SecretCopy::Idle => None,
        SecretCopy::Copying => Some(format!("{} Copying…", spinner(spin))),
        SecretCopy::Copied => Some(format!(
            "✓ {what_cap} copied. The clipboard is cleared in {} s (unless you copy something else).",
            p.clear_after
        )),
        SecretCopy::Cleared => Some(format!(
            "{what_cap} taken off the clipboard after {} s; {} copies it again.",
            p.clear_after,
            key_for(C, Action::Copy)
        )),
        // The key is a file already: say where, rather than offer to write another copy.
        SecretCopy::Unavailable(reason) => Some(match &p.key_file {
            Some(file)
                if !repaired && p.verdict.is_none_or(|v| v.matches_public_key == Some(true)) =>
            {
                format!(
                    "No clipboard ({reason}): give the service the contents of {file}; the summary ({}) shows commands that copy it.",
                    crate::ui::keymap::jump_key(crate::core::wizard::Step::Done)
                )
            }
            _ => format!(
                "No clipboard ({reason}): {} writes {what} to a file readable by you only.",
                key_for(C, Action::WriteFile)
            ),
        }),
    };
    if let Some(copy) = copy {
        lines.push(Line::styled(copy, t.title));
    }
    match &p.written {
        Ok(Some(path)) => lines.push(Line::styled(
            format!("✓ Written to {path} (readable by you only)."),
            t.ok,
        )),
        Err(e) => lines.push(Line::styled(format!("✗ Not written: {e}."), t.error)),
        Ok(None) => {}
    }
    lines
}

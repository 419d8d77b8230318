//! Troubleshooting, over any screen: the problems with a filter (one opened shows its cause,
//! fix and the screen that fixes it), a pasted log diagnosed as it changes, and this machine's
//! SSH and git setup as `bblink doctor` finds it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::core::catalog::Entry;
use crate::core::display::{shortened, terminal_safe};
use crate::core::doctor::text::{summary, title};
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::trouble::Machine;
use crate::core::wizard::trouble::{Tab, TroubleView};
use crate::ui::chrome::{field_block, key_span, one_line_field, scrolled, spinner};
use crate::ui::theme::Theme;

/// Draws troubleshooting; returns the largest scroll of its text.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &TroubleView<'_>,
    fields: (&TextArea<'_>, &TextArea<'_>),
    t: &Theme,
    (scroll, spin): (u16, usize),
) -> u16 {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let tab = |name: &str, on: bool| {
        if on {
            Span::styled(format!(" ▸ {name} "), t.focus)
        } else {
            Span::styled(format!("   {name} "), t.dim)
        }
    };
    let names = [
        (Tab::Problems, "Problems"),
        (Tab::Log, "Diagnose a log"),
        (Tab::Machine, "This machine"),
    ];
    let mut bar = vec![Span::styled("Troubleshooting:", t.title)];
    bar.extend(names.iter().map(|(k, name)| tab(name, v.tab == *k)));
    bar.push(Span::styled("(Tab switches)", t.dim));
    let bar = Line::from(bar);
    // Too narrow for every tab: the one open, and where it stands.
    let bar = if bar.width() > usize::from(tabs.width) {
        let (i, name) = names
            .iter()
            .enumerate()
            .find(|(_, (k, _))| *k == v.tab)
            .map_or((0, "Problems"), |(i, (_, n))| (i, *n));
        Line::from(vec![
            tab(name, true),
            Span::styled(format!("{}/{} (Tab switches)", i + 1, names.len()), t.dim),
        ])
    } else {
        bar
    };
    frame.render_widget(Paragraph::new(bar), tabs);
    if let Some(error) = &v.error {
        return scrolled(
            frame,
            body,
            vec![Line::styled(error.clone(), t.error)],
            scroll,
            t,
        );
    }
    match (v.tab, v.detail) {
        (Tab::Problems, Some(entry)) => scrolled(frame, body, detail(entry, t), scroll, t),
        (Tab::Problems, None) => {
            problems(frame, body, v, fields.0, t);
            0
        }
        (Tab::Log, _) => log(frame, body, v, fields.1, t, scroll),
        (Tab::Machine, _) => scrolled(frame, body, machine(v.machine, t, spin), scroll, t),
    }
}

fn problems(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &TroubleView<'_>,
    filter: &TextArea<'_>,
    t: &Theme,
) {
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
    let block = field_block("Filter (type a word of the error)", true, t);
    let inner = block.inner(input);
    frame.render_widget(block, input);
    one_line_field(frame, inner, filter, true);
    if v.items.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "No problem matches; paste the error on the Diagnose a log tab instead.",
                t.warn,
            )),
            list,
        );
        return;
    }
    let rows = usize::from(list.height.max(1));
    let first = v.selected.saturating_sub(rows - 1);
    let width = usize::from(list.width);
    let lines: Vec<Line<'static>> = v
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, e)| {
            let here = i == v.selected;
            let text = shortened(
                &format!("{:<26} {}", e.id, e.title),
                width.saturating_sub(4),
            );
            if here {
                Line::styled(format!(" ▸ {text}"), t.focus)
            } else {
                Line::raw(format!("   {text}"))
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn detail(e: &Entry, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::from(vec![
            Span::styled(e.id.clone(), t.value),
            Span::raw("  "),
            Span::styled(e.title.clone(), t.title),
        ]),
        Line::raw(""),
        Line::styled("Why", t.title),
        Line::raw(e.cause.clone()),
        Line::raw(""),
        Line::styled("Fix", t.title),
    ];
    for (i, step) in e.fix.iter().enumerate() {
        lines.push(Line::raw(format!(" {}. {step}", i + 1)));
    }
    if !e.symptoms.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("Shows in logs as: {}", e.symptoms.join(" · ")),
            t.dim,
        ));
    }
    lines.push(Line::raw(""));
    match e.screen {
        Some(step) => lines.push(Line::from(vec![
            key_span(Context::TroubleDetail, Action::Next, t),
            Span::raw(format!(
                " goes to step {} ({}), which fixes it; Esc back to the list.",
                step.number(),
                step.title()
            )),
        ])),
        None => lines.push(Line::raw("Esc back to the list.")),
    }
    for r in &e.references {
        lines.push(Line::styled(format!("See {r}"), t.dim));
    }
    lines
}

fn log(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &TroubleView<'_>,
    text: &TextArea<'_>,
    t: &Theme,
    scroll: u16,
) -> u16 {
    let height = (area.height / 3).clamp(3, 10);
    let [input, below] =
        Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(area);
    let title = format!(
        "Log: paste a git, ssh -vvv or CI output ({} line{})",
        v.lines,
        if v.lines == 1 { "" } else { "s" }
    );
    let block = field_block(&title, true, t);
    let inner = block.inner(input);
    frame.render_widget(block, input);
    frame.render_widget(text, inner);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if v.findings.is_empty() {
        lines.push(Line::styled(
            if v.lines == 0 {
                "The findings appear here as you paste; nothing of the log is kept or sent."
            } else if v.binary {
                "This is binary data, not a log: paste the text a command printed."
            } else {
                "No known problem in this text."
            },
            t.dim,
        ));
    }
    for f in v.findings {
        let (mark, style) = if f.primary {
            ("✗", t.error)
        } else {
            ("·", t.dim)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(f.id.clone(), t.value),
            Span::raw(format!(": {}", f.title)),
            Span::styled(format!(" [{}]", f.confidence.word()), t.dim),
        ]));
        for e in &f.evidence {
            lines.push(Line::styled(
                format!("    line {}: {}", e.line, terminal_safe(&e.text)),
                t.dim,
            ));
        }
        if f.primary {
            for (i, step) in f.fix.iter().enumerate() {
                lines.push(Line::raw(format!("  fix {}: {step}", i + 1)));
            }
        }
    }
    scrolled(frame, below, lines, scroll, t)
}

/// This machine's check: the findings with their file and line and fixes, then where it looked.
fn machine(m: &Machine, t: &Theme, spin: usize) -> Vec<Line<'static>> {
    let report = match m {
        Machine::NotRun => {
            return vec![Line::styled(
                "This machine's SSH and git setup is checked when this tab opens.",
                t.dim,
            )];
        }
        Machine::Running(_) => {
            return vec![Line::raw(format!(
                "{} Checking this machine's SSH and git setup (ssh -G for each Bitbucket host, git's configuration, the agent)…",
                spinner(spin)
            ))];
        }
        Machine::Done(r) => r,
    };
    let findings = &report.findings;
    let mut lines = vec![
        Line::styled(
            summary(findings),
            if findings.is_empty() { t.ok } else { t.title },
        ),
        Line::raw(""),
    ];
    for f in findings {
        let style = if f.severity == crate::core::problem::Severity::Error {
            t.error
        } else {
            t.warn
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", f.severity.mark()), style),
            Span::styled(f.id.to_string(), t.value),
            Span::raw(format!(": {}", title(f.id))),
        ]));
        if let (Some(file), Some(line)) = (&f.file, f.line) {
            let quote = f
                .quote
                .as_deref()
                .map(|q| format!("  {q}"))
                .unwrap_or_default();
            lines.push(Line::styled(
                terminal_safe(&format!("    {file}:{line}{quote}")).into_owned(),
                t.dim,
            ));
        }
        lines.push(Line::raw(
            terminal_safe(&format!("    {}", f.message)).into_owned(),
        ));
        for (i, fix) in f.fix.iter().enumerate() {
            lines.push(Line::raw(
                terminal_safe(&format!("    fix {}: {fix}", i + 1)).into_owned(),
            ));
        }
        lines.push(Line::raw(""));
    }
    for l in crate::core::doctor::text::setup_lines(report) {
        lines.push(Line::styled(l, t.dim));
    }
    lines.push(Line::from(vec![
        key_span(Context::TroubleMachine, Action::Retest, t),
        Span::raw(" checks again; `bblink doctor --json` gives the same for a script."),
    ]));
    lines
}

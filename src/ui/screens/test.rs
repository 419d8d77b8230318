//! Test connection: the stages as a checklist (a spinner on the running one, timings), then
//! what the service will fetch, or the cause, the fix and the keys that act on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::core::conntest::{AuthKind, Outcome};
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::Step;
use crate::core::wizard::test::{ConnectionView, Row, Status};
use crate::ui::chrome::{key_span, problem_lines, scrolled, spinner};
use crate::ui::keymap::jump_key;
use crate::ui::theme::Theme;

/// Draws the step; returns its largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &ConnectionView<'_>,
    t: &Theme,
    spin: (usize, u16),
) -> u16 {
    let (tick, scroll) = spin;
    let mut lines = vec![Line::from(vec![
        Span::raw("Connecting as the service will: "),
        Span::styled(v.url.unwrap_or("no SSH URL yet").to_string(), t.value),
    ])];
    lines.push(Line::styled(
        "With only this key and bblink's own settings: not your ~/.ssh/config, not your agent.",
        t.dim,
    ));
    lines.push(Line::raw(""));
    for row in v.rows {
        lines.push(row_line(row, area.width, tick, t));
    }
    lines.push(Line::raw(""));
    status_lines(&mut lines, v, t);
    if let Some(o) = v.outcome {
        outcome_lines(&mut lines, o, v, t);
    } else if let Some((ok, line)) = &v.last {
        lines.push(Line::styled(line.clone(), if *ok { t.ok } else { t.warn }));
    }
    more_lines(&mut lines, v, tick, t);
    if let Some(cmd) = &v.retest {
        lines.push(Line::raw(""));
        lines.push(Line::styled("The same test from a shell:", t.dim));
        lines.push(Line::raw(format!("  {cmd}")));
    }
    if let Some(o) = v
        .outcome
        .filter(|o| !o.ok && !o.transcript.trim().is_empty())
    {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "What ssh and git said (redacted, the last lines):",
            t.dim,
        ));
        let said: Vec<&str> = o.transcript.lines().collect();
        for l in &said[said.len().saturating_sub(8)..] {
            lines.push(Line::styled(format!("  {l}"), t.dim));
        }
    }
    scrolled(frame, area, lines, scroll, t)
}

/// A stage on one line: mark, name, time, and the detail cut to the width (a failure is told
/// in full below the checklist).
fn row_line(row: &Row, width: u16, tick: usize, t: &Theme) -> Line<'static> {
    {
        let (mark, style) = match row.status {
            Status::Pending => ("·".to_string(), t.dim),
            Status::Running => (spinner(tick).to_string(), t.focus),
            Status::Passed => ("✓".to_string(), t.ok),
            Status::Failed => ("✗".to_string(), t.error),
            Status::Skipped => ("–".to_string(), t.dim),
        };
        let mut spans = vec![
            Span::styled(format!(" {mark} "), style),
            Span::raw(format!("{:<20}", row.stage.label())),
        ];
        if let Some(ms) = row.ms {
            spans.push(Span::styled(format!("{ms:>6} ms  "), t.dim));
        }
        // One line per stage: the detail is cut to the width (a failure is told in full below).
        let used = 3 + 20 + if row.ms.is_some() { 11 } else { 0 };
        let room = usize::from(width).saturating_sub(used + 1);
        let detail = match row.status {
            Status::Failed => "failed: see below".to_string(),
            _ => row.detail.clone(),
        };
        if !detail.is_empty() && room > 3 {
            spans.push(Span::raw(crate::core::display::shortened(
                &detail,
                room - 1,
            )));
        }
        Line::from(spans)
    }
}

/// Running, a note, or what is missing.
fn status_lines(lines: &mut Vec<Line<'static>>, v: &ConnectionView<'_>, t: &Theme) {
    if v.running {
        lines.push(Line::styled(
            format!(
                "Testing… each stage stops after 10 s; {} cancels.",
                crate::ui::keymap::key_for(Context::Test, Action::Back)
            ),
            t.dim,
        ));
    }
    if let Some(note) = v.note {
        lines.push(Line::styled(note.to_string(), t.warn));
    }
    if v.url.is_none() {
        lines.push(Line::raw(format!(
            "No SSH URL yet: paste the repository's clone URL here, or {} gives it.",
            jump_key(Step::CloneUrl)
        )));
    }
    if let Some(what) = v.reading {
        lines.push(Line::raw(format!("Reading {what}…")));
    } else if !v.has_key {
        lines.push(Line::raw(format!(
            "No key yet: {} generates one or reads your key file.",
            jump_key(Step::Key)
        )));
    }
}

/// Success (what the service will fetch) or the failure, its fix and keys; warnings.
fn outcome_lines(lines: &mut Vec<Line<'static>>, o: &Outcome, v: &ConnectionView<'_>, t: &Theme) {
    if o.ok {
        lines.push(Line::styled("The service can read the repository.", t.ok));
        if let (Some(branch), Some(commit)) = (&o.default_branch, &o.head_commit) {
            lines.push(Line::from(vec![
                Span::raw("It will fetch "),
                Span::styled(branch.clone(), t.value),
                Span::raw(" at "),
                Span::styled(commit.clone(), t.value),
                Span::raw("."),
            ]));
        }
        if !o.branches.is_empty() {
            lines.push(Line::raw(format!("Branches: {}", o.branches.join(", "))));
        }
        match o.auth_kind {
            Some(AuthKind::DeployKey) => lines.push(Line::raw(
                "Bitbucket accepted it as an access key: read-only, this repository only.",
            )),
            Some(AuthKind::AccountKey) | None => {}
        }
    }
    if let Some(f) = v.failure {
        lines.extend(problem_lines(f.severity, &f.title, &f.fix, t));
        lines.push(Line::styled(format!("  Why: {}", f.cause), t.dim));
        if let Some(key) = v.trustable {
            lines.push(Line::from(vec![
                Span::raw(format!("  The server's {} key: ", key.kind())),
                Span::styled(key.fingerprint.clone(), t.value),
            ]));
        }
        let mut act = vec![Span::raw("  ")];
        if let Some(step) = f.step {
            act.push(key_span(Context::Test, Action::Fix, t));
            act.push(Span::raw(format!(
                " goes to step {} ({}); ",
                step.number(),
                step.title()
            )));
        }
        if v.trustable.is_some() {
            act.push(key_span(Context::Test, Action::Trust, t));
            act.push(Span::raw(" trusts this key after you compared it; "));
        }
        act.push(key_span(Context::Test, Action::Next, t));
        act.push(Span::raw(" tests again; "));
        act.push(key_span(Context::Test, Action::Troubleshoot, t));
        act.push(Span::raw(" tells more."));
        lines.push(Line::from(act));
    }
    for w in o.warnings() {
        if v.user_key && w.id == crate::core::conntest::FindingId::AccountKey {
            // A user key was chosen: Bitbucket accepting it as an account key is the point.
            lines.push(Line::styled("✓ Bitbucket accepted it as an account (user) key, as chosen: it reads what that account reads.", t.ok));
            continue;
        }
        lines.extend(problem_lines(w.severity, &w.title, &w.fix, t));
    }
    if o.ok {
        lines.push(Line::from(vec![
            key_span(Context::TestPassed, Action::Next, t),
            Span::raw(" shows the summary; "),
            key_span(Context::TestPassed, Action::Retest, t),
            Span::raw(" tests again."),
        ]));
    }
}

/// The other repositories the build fetches: each with its result, the verdict across them,
/// and how to add one.
fn more_lines(lines: &mut Vec<Line<'static>>, v: &ConnectionView<'_>, tick: usize, t: &Theme) {
    let m = &v.more;
    lines.push(Line::raw(""));
    if m.repos.is_empty() {
        let lead = if v.user_key {
            "A user key reads other private repositories too: paste each one's clone URL here to test it with this key."
        } else {
            "Does the build fetch other private repositories (submodules, pip, bundler, npm, go)? Paste each one's clone URL here to test it with this key."
        };
        lines.push(Line::styled(lead, t.dim));
    } else {
        lines.push(Line::styled(
            "Other repositories the build fetches:",
            t.title,
        ));
        for (i, (url, result)) in m.repos.iter().enumerate() {
            let (mark, style, what) = match result {
                Some((true, what)) => ("✓", t.ok, what.clone()),
                Some((false, what)) => ("✗", t.error, what.clone()),
                None if m.running == Some(i) => (
                    crate::ui::chrome::spinner(tick),
                    t.value,
                    "testing…".to_string(),
                ),
                None => ("·", t.dim, "not tested yet".to_string()),
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {mark} "), style),
                Span::raw(format!("{}  ", crate::core::display::terminal_safe(url))),
                Span::styled(
                    crate::core::display::terminal_safe(&what).into_owned(),
                    style,
                ),
            ]));
        }
        if let Some(f) = &m.across {
            lines.extend(problem_lines(
                f.severity,
                &format!("{} ({})", f.title, f.id.as_str()),
                &f.fix,
                t,
            ));
        }
        lines.push(Line::styled(
            "Paste another clone URL to add it; x empties the list.",
            t.dim,
        ));
    }
    if let Some(n) = &m.note {
        lines.push(Line::styled(n.clone(), t.warn));
    }
}

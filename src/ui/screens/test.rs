//! Test connection: the stages as a checklist (a spinner on the running one, timings), then
//! what the service will fetch, or the cause, the fix and the keys that act on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::core::keyboard::Context;
use crate::core::wizard::test::{ConnectionView, Row, Status};
use crate::ui::chrome::{scrolled, spinner};
use crate::ui::screens::form::line;
use crate::ui::theme::Theme;

/// Draws the step; returns its largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    (v, context): (&ConnectionView<'_>, Context),
    t: &Theme,
    spin: (usize, u16),
) -> u16 {
    let (tick, scroll) = spin;
    // The words are the core's; the stages are drawn here, one line each, cut to the width.
    let look = |l: &crate::core::wizard::page::Said| line(l, context, t, tick);
    let mut lines: Vec<Line<'static>> = v.head().iter().map(look).collect();
    lines.push(Line::raw(""));
    for row in v.rows {
        lines.push(row_line(row, area.width, tick, t));
    }
    lines.extend(v.body().iter().map(look));
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

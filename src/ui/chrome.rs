//! The header (where the user is, which steps are done) and the footer (the keys of this
//! screen, from the same tables that dispatch them).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use crate::core::keyboard::{Action, Context, KeyState};
use crate::core::wizard::{HeaderView, Mark};

use super::keymap;
use super::theme::Theme;

/// A bordered box for a field or list: thick, highlighted and marked ▸ when it has focus, so
/// focus is visible without colour too.
pub fn field_block(title: &str, focused: bool, theme: &Theme) -> Block<'static> {
    if focused {
        Block::bordered()
            .title(format!(" ▸ {title} "))
            .border_type(BorderType::Thick)
            .border_style(theme.focus)
    } else {
        Block::bordered()
            .title(format!(" {title} "))
            .border_style(theme.dim)
    }
}

/// A one-line text field: the editor with its cursor while focused; otherwise its text from
/// the start (so a long value, or one seen after a resize, shows how it begins).
pub fn one_line_field(frame: &mut Frame<'_>, inner: Rect, area: &TextArea<'_>, focused: bool) {
    if focused {
        frame.render_widget(area, inner);
    } else {
        let text = area.lines().join("");
        frame.render_widget(
            Paragraph::new(crate::core::display::terminal_safe(&text).into_owned()),
            inner,
        );
    }
}

/// A row's caption, padded to `width` columns; `▸` marks the focused row.
pub fn caption(name: &str, width: usize, focused: bool, t: &Theme) -> Span<'static> {
    if focused {
        Span::styled(format!("▸ {name:<width$}"), t.focus)
    } else {
        Span::styled(format!("  {name:<width$}"), t.title)
    }
}

/// An option in a row of choices: `●` when chosen, `○` otherwise.
pub fn radio(on: bool, text: &str, t: &Theme) -> Span<'static> {
    if on {
        Span::styled(format!("● {text}   "), t.value)
    } else {
        Span::raw(format!("○ {text}   "))
    }
}

/// A row of choices under a caption: the options packed onto as many lines as the width
/// needs, an option never split between lines, continuation lines indented under the first
/// option (an option wider than a whole line is word-wrapped when drawn).
pub fn choice_lines(
    caption: Span<'static>,
    options: Vec<Span<'static>>,
    width: u16,
) -> Vec<Line<'static>> {
    let indent = caption.width();
    let width = usize::from(width).max(indent + 1);
    let mut lines = Vec::new();
    let mut line = vec![caption];
    let mut used = indent;
    for option in options {
        let w = option.width();
        if used > indent && used + w > width {
            lines.push(Line::from(std::mem::take(&mut line)));
            line.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        used += w;
        line.push(option);
    }
    lines.push(Line::from(line));
    lines
}

/// The rows `lines` take at `width`, wrapped as the screens wrap them.
pub fn rows_of(lines: &[Line<'_>], width: u16) -> u16 {
    let rows = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width.max(1));
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// Draws `lines` wrapped into `area`, scrolled down by `scroll` rows, with a marker on the
/// right edge where more is above (▲ `PgUp`) or below (▼ `PgDn`). Returns the largest useful
/// scroll: 0 when everything fits.
pub fn scrolled(
    frame: &mut Frame<'_>,
    area: Rect,
    lines: Vec<Line<'static>>,
    scroll: u16,
    t: &Theme,
) -> u16 {
    if area.width == 0 || area.height == 0 {
        return 0;
    }
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let total = u16::try_from(paragraph.line_count(area.width)).unwrap_or(u16::MAX);
    // Text taller than the area keeps its last row for the marker, so the marker never covers
    // a line of text.
    let full = total > area.height;
    let text = Rect {
        height: area.height - u16::from(full),
        ..area
    };
    let max = total.saturating_sub(text.height);
    let scroll = scroll.min(max);
    frame.render_widget(paragraph.scroll((scroll, 0)), text);
    let marker = match (scroll > 0, scroll < max) {
        (true, true) => " ▲ more: PgUp  ▼ more: PgDn ",
        (false, true) => " ▼ more: PgDn ",
        (true, false) => " ▲ more: PgUp ",
        (false, false) => "",
    };
    if full && !marker.is_empty() {
        let width = u16::try_from(marker.chars().count())
            .unwrap_or(0)
            .min(area.width);
        let at = Rect::new(area.right() - width, area.bottom() - 1, width, 1);
        frame.render_widget(Paragraph::new(Span::styled(marker, t.key)), at);
    }
    max
}

/// Spinner frames, advanced only while a job runs.
pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner glyph for a frame counter.
pub fn spinner(frame: usize) -> &'static str {
    SPINNER[frame % SPINNER.len()]
}

/// The header's height: the title row, then the rule or the note wrapped (at most 3 rows, so a
/// long note is never cut mid-word on a narrow terminal and never pushes the screen away).
pub fn header_height(width: u16, note: Option<&str>) -> u16 {
    note.map_or(2, |note| {
        let rows = Paragraph::new(note)
            .wrap(Wrap { trim: false })
            .line_count(width.saturating_sub(2).max(1));
        1 + u16::try_from(rows.clamp(1, 3)).unwrap_or(3)
    })
}

/// Header: title and step on the left, the steps with done marks on the right, then a rule
/// (or a note: the last paste, or a request that could not start).
pub fn header(
    frame: &mut Frame<'_>,
    area: Rect,
    view: &HeaderView,
    paste_note: Option<&str>,
    t: &Theme,
) {
    let [top, rule] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let here = view.route.heading(view.step, " · ");
    let left = Line::from(vec![
        Span::styled(" bblink ", t.title),
        Span::raw(" "),
        Span::styled(here, t.value),
    ]);
    let mark = |m: Mark| match m {
        Mark::Here => ("▸", t.focus),
        Mark::Done => ("✓", t.ok),
        Mark::Todo => ("·", t.dim),
    };
    // Full titles when they fit beside the title, numbers otherwise. A bar between the steps
    // keeps each mark with its own title.
    let mut full: Vec<Span<'_>> = Vec::new();
    for (i, (s, m)) in view.marks.iter().enumerate() {
        let (glyph, style) = mark(*m);
        if i > 0 {
            full.push(Span::styled(" │ ", t.dim));
        }
        full.push(Span::styled(format!("{glyph} {}", s.title()), style));
    }
    full.push(Span::raw(" "));
    let compact: Vec<Span<'_>> = view
        .marks
        .iter()
        .flat_map(|(s, m)| {
            let (glyph, style) = mark(*m);
            [
                Span::styled(format!("{glyph}{}", view.route.number(*s)), style),
                Span::raw(" "),
            ]
        })
        .collect();
    let left_width = u16::try_from(left.width()).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(left), top);
    for spans in [full, compact] {
        let right = Line::from(spans).right_aligned();
        let right_width = u16::try_from(right.width()).unwrap_or(u16::MAX);
        if left_width.saturating_add(right_width) < top.width {
            frame.render_widget(Paragraph::new(right), top);
            break;
        }
    }
    match paste_note.or(view.notice.as_deref()) {
        Some(note) => frame.render_widget(
            Paragraph::new(Line::styled(note.to_string(), t.warn)).wrap(Wrap { trim: false }),
            rule.inner(ratatui::layout::Margin::new(1, 0)),
        ),
        None => frame.render_widget(
            Paragraph::new(Line::styled("─".repeat(usize::from(rule.width)), t.dim)),
            rule,
        ),
    }
}

/// Footer: the keys of this screen, from the tables that dispatch them; after Ctrl-G, the
/// steps to jump to.
pub fn footer(frame: &mut Frame<'_>, area: Rect, keys: &KeyState, go_pending: bool, t: &Theme) {
    let mut spans = vec![Span::raw(" ")];
    if go_pending {
        spans.push(Span::styled("Go to step: ", t.title));
        for s in keys.route.steps() {
            spans.push(Span::styled(keys.route.number(*s).to_string(), t.key));
            spans.push(Span::raw(format!(" {}  ", s.title())));
        }
    } else {
        // As many hints as fit: the shared ones go first, then the step's own from the last
        // (the fix for what just failed comes early in its table), then quit, then what Enter
        // does; help stays, since it lists the rest.
        let mut hints = keymap::hints(keys);
        let own: Vec<&str> = keymap::step_tables(keys.context)
            .first()
            .map(|t| t.iter().map(|b| b.hint).collect())
            .unwrap_or_default();
        let width = |h: &[(String, &str)]| -> usize {
            1 + h
                .iter()
                .map(|(k, hint)| k.chars().count() + hint.chars().count() + 3)
                .sum::<usize>()
        };
        let rank = |(k, h): &(String, &str)| match (k.as_str(), *h) {
            (_, "help") => 4,
            ("Enter", _) => 3,
            (_, "quit") => 2,
            (_, h) if own.contains(&h) => 1,
            _ => 0,
        };
        while width(&hints) > usize::from(area.width) {
            let Some(least) = (0..4).find_map(|r| hints.iter().rposition(|h| rank(h) == r)) else {
                break;
            };
            hints.remove(least);
        }
        for (key, hint) in hints {
            spans.push(Span::styled(key, t.key));
            spans.push(Span::raw(format!(" {hint}  ")));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A key name, styled as a key, for sentences on the screens.
pub fn key_span(context: Context, action: Action, t: &Theme) -> Span<'static> {
    Span::styled(keymap::key_for(context, action), t.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_wrap_between_options_never_inside_one() {
        let opts = || {
            vec![
                Span::raw("● Generate a new key pair   "),
                Span::raw("○ Use an existing key file   "),
            ]
        };
        let wide = choice_lines(Span::raw("  Source  "), opts(), 80);
        assert_eq!(wide.len(), 1);
        let narrow = choice_lines(Span::raw("  Source  "), opts(), 40);
        assert_eq!(narrow.len(), 2);
        assert_eq!(narrow[1].to_string().trim(), "○ Use an existing key file");
        assert!(narrow[1].to_string().starts_with("          ○"));
    }

    /// A narrow footer drops the shared hints before the step's own: after a failed test at
    /// 40 columns, trusting the host key is still offered.
    #[test]
    fn a_narrow_footer_keeps_the_step_s_own_keys_before_the_shared_ones() {
        use crate::core::keyboard::{Context, KeyState};
        use crate::core::step::Step;
        let keys = KeyState {
            route: crate::core::service::Kind::SshAccessKey.route(),
            step: Step::Test,
            context: Context::Test,
            overlay: None,
            field: None,
            working: false,
            unavailable: vec![Action::Fix, Action::Clear],
        };
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(40, 1)).expect("terminal");
        term.draw(|f| footer(f, f.area(), &keys, false, &Theme::plain()))
            .expect("draw");
        let line = format!("{:?}", term.backend());
        assert!(line.contains("t trust"), "{line}");
        assert!(
            line.contains("Enter test") && line.contains("q quit"),
            "{line}"
        );
    }
}

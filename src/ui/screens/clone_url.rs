//! Clone URL: paste or type the URL; the verdict follows every change, and the SSH URL the
//! service needs stands out below, ready to copy or to put in the field with Enter. A URL
//! holding a token is shown redacted.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use ratatui_textarea::TextArea;

use crate::core::clone_url::{ProblemId, UrlCheck};
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::clone_url::CloneUrlView;
use crate::core::wizard::page::Said;
use crate::ui::chrome::{field_block, one_line_field, scrolled};
use crate::ui::screens::form::line as said_line;
use crate::ui::theme::Theme;

/// Draws the clone URL screen; `field` is the URL's text area. The SSH URL's box follows
/// the verdict directly (nothing in between on a tall terminal); a verdict too long for the
/// screen scrolls. Returns its largest scroll and the rows of its scrolled part (a page).
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    w: &CloneUrlView<'_>,
    field: &TextArea<'_>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> (u16, u16) {
    let check = w.check;
    let url = check.and_then(|c| c.ssh_url.as_deref());
    let context = if check.is_some_and(|c| !c.ok) {
        Context::CloneUrlRepair
    } else {
        Context::CloneUrl
    };
    let look = |l: &Said| said_line(l, context, t, spin);
    let intro = Paragraph::new(look(&w.intro())).wrap(Wrap { trim: true });
    let height = |p: &Paragraph<'_>, width: u16| {
        u16::try_from(p.line_count(width.max(1))).unwrap_or(u16::MAX)
    };
    let intro_height = height(&intro, area.width);
    let mut lines: Vec<Line<'static>> = match check {
        None => w.guide().iter().map(look).collect(),
        Some(c) => w.verdict_lines(c).iter().map(look).collect(),
    };
    let wrapped = |l: &[Line<'static>]| {
        height(
            &Paragraph::new(l.to_vec()).wrap(Wrap { trim: false }),
            area.width,
        )
    };
    let mut verdict_needed = wrapped(&lines);
    let mut status: Vec<Line<'static>> = check
        .map(|c| vec![look(&w.status_line(c))])
        .unwrap_or_default();
    let mut status_height = wrapped(&status);
    // Large type: the URL gets blank lines around it wherever the verdict leaves room.
    let url_rows = url.map_or(0, |u| {
        u16::try_from(
            u.chars()
                .count()
                .div_ceil(usize::from(area.width.saturating_sub(2).max(1))),
        )
        .unwrap_or(1)
    });
    let rest = area.height.saturating_sub(intro_height + 3);
    let roomy = rest >= verdict_needed + url_rows + 4 + status_height;
    let mut box_height = if url.is_some() {
        url_rows + if roomy { 4 } else { 2 }
    } else {
        0
    };
    // Too short for the box and two rows of verdict: the URL joins the scrolled text, under
    // the verdict, so the verdict is never pushed off the screen.
    let mut boxed = url.is_some();
    if boxed && rest < box_height + verdict_needed.min(2) {
        boxed = false;
        box_height = 0;
        if let (Some(c), Some(u)) = (check, url) {
            lines.push(Line::styled(format!("{}:", w.url_title(c)), t.title));
            lines.push(Line::styled(u.to_string(), t.value.bold()));
        }
        lines.append(&mut status);
        status_height = 0;
        verdict_needed = wrapped(&lines);
    }
    // On a small terminal the lines under the box join the verdict's scrolled text, so
    // neither disappears without a marker.
    if rest.saturating_sub(box_height + status_height) < verdict_needed.min(2) {
        lines.append(&mut status);
        status_height = 0;
        verdict_needed = wrapped(&lines);
    }
    let verdict_height = verdict_needed.min(rest.saturating_sub(box_height + status_height));
    let [intro_area, field_area, verdict, result, status_area, _] = Layout::vertical([
        Constraint::Length(intro_height),
        Constraint::Length(3),
        Constraint::Length(verdict_height),
        Constraint::Length(box_height),
        Constraint::Length(if boxed { status_height } else { 0 }),
        Constraint::Fill(1),
    ])
    .areas(area);

    frame.render_widget(intro, intro_area);
    draw_field(frame, field_area, w, field, t);
    let max = scrolled(frame, verdict, lines, scroll, t);
    if let (Some(c), Some(url), true) = (check, url, boxed) {
        draw_result(frame, result, w, c, url, roomy, t);
        frame.render_widget(
            Paragraph::new(status).wrap(Wrap { trim: false }),
            status_area,
        );
    }
    (max, verdict.height)
}

fn draw_field(
    frame: &mut Frame<'_>,
    area: Rect,
    w: &CloneUrlView<'_>,
    field: &TextArea<'_>,
    t: &Theme,
) {
    let check = w.check;
    let focused = w.focused;
    let secret = check.is_some_and(|c| c.has(ProblemId::EmbeddedCredentials));
    let title = if secret {
        "Clone URL (token hidden)"
    } else {
        "Clone URL"
    };
    let block = field_block(title, focused, t);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match check {
        // The text as typed holds the token; only the redacted form is drawn.
        Some(c) if secret => frame.render_widget(Paragraph::new(c.shown.clone()), inner),
        None if !focused => frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "Paste the URL here ({} to type).",
                    crate::ui::keymap::key_for(Context::CloneUrl, Action::FocusNext)
                ),
                t.dim,
            )),
            inner,
        ),
        _ => one_line_field(frame, inner, field, focused),
    }
}

/// The SSH URL in large type: bold, boxed, centred.
fn draw_result(
    frame: &mut Frame<'_>,
    area: Rect,
    w: &CloneUrlView<'_>,
    c: &UrlCheck,
    url: &str,
    roomy: bool,
    t: &Theme,
) {
    let title = format!(" {} ", w.url_title(c));
    let style = if c.ok { t.ok } else { t.focus };
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(style)
        .title(title);
    let mut text = vec![Line::styled(url.to_string(), t.value.bold())];
    if roomy {
        text.insert(0, Line::raw(""));
        text.push(Line::raw(""));
    }
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

//! Clone URL: paste or type the URL; the verdict follows every change, and the SSH URL the
//! service needs stands out below, ready to copy or to put in the field with Enter. A URL
//! holding a token is shown redacted.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use ratatui_textarea::TextArea;

use crate::core::clone_url::{CLOUD_SSH_HOST, ProblemId, UrlCheck};
use crate::core::keyboard::{Action, Context};
use crate::core::service::{Flavor, PasteValue};
use crate::core::wizard::clone_url::CloneUrlView;
use crate::core::wizard::public_key::CopyState;
use crate::ui::chrome::{field_block, key_span, one_line_field, problem_lines, scrolled, spinner};
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
    let intro = Paragraph::new(Line::from(if w.focused {
        vec![Span::raw(
            "Paste the repository's clone URL as Bitbucket shows it, or type it.",
        )]
    } else {
        vec![
            Span::raw("Paste the repository's clone URL as Bitbucket shows it ("),
            key_span(Context::CloneUrl, Action::FocusNext, t),
            Span::raw(" to edit it)."),
        ]
    }))
    .wrap(Wrap { trim: true });
    let height = |p: &Paragraph<'_>, width: u16| {
        u16::try_from(p.line_count(width.max(1))).unwrap_or(u16::MAX)
    };
    let intro_height = height(&intro, area.width);
    let mut lines = match check {
        None => where_to_find(w, t),
        Some(c) => verdict_lines(w, c, t),
    };
    let wrapped = |l: &[Line<'static>]| {
        height(
            &Paragraph::new(l.to_vec()).wrap(Wrap { trim: false }),
            area.width,
        )
    };
    let mut verdict_needed = wrapped(&lines);
    let mut status = check
        .map(|c| status_lines(w, c, t, spin))
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
            let service = w.service.map_or("the service", |s| s.called());
            let title = if c.ok {
                format!("SSH URL for {service}:")
            } else {
                "Suggested SSH URL:".to_string()
            };
            lines.push(Line::styled(title, t.title));
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

/// Before anything is pasted: where Bitbucket shows the URL and what it looks like.
fn where_to_find(w: &CloneUrlView<'_>, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(note) = w.note {
        lines.push(Line::styled(note.to_string(), t.warn));
    }
    let example = match w.flavor {
        Flavor::Cloud => format!("git@{CLOUD_SSH_HOST}:workspace/repository.git"),
        Flavor::DataCenter => "ssh://git@bitbucket.example.com:7999/PROJECT/repository.git".into(),
    };
    lines.extend([
        Line::styled(format!("Where {} shows it:", w.flavor.name()), t.title),
        Line::from(vec![
            Span::styled(" 1 ", t.key),
            Span::raw("Open the repository and click Clone (top right)."),
        ]),
        Line::from(vec![
            Span::styled(" 2 ", t.key),
            Span::raw("Choose SSH instead of HTTPS, then copy the URL (without git clone)."),
        ]),
        Line::from(vec![
            Span::raw("An SSH URL looks like "),
            Span::styled(example, t.value),
            Span::raw("."),
        ]),
        Line::styled(
            "Anything else works too: bblink reads HTTPS URLs, browser addresses and whole git clone commands, and gives the SSH URL.",
            t.dim,
        ),
    ]);
    lines
}

fn verdict_lines(w: &CloneUrlView<'_>, c: &UrlCheck, t: &Theme) -> Vec<Line<'static>> {
    let verdict = crate::core::wizard::clone_url::verdict(c);
    let head = Span::styled(format!("{}: ", verdict.head()), t.level(verdict.level));
    let mut lines = vec![Line::from(vec![head, Span::raw(c.summary())])];
    let facts = c.facts();
    if !facts.is_empty() {
        lines.push(Line::styled(format!("  {}", facts.join(" · ")), t.dim));
    }
    if let Some(note) = w.note {
        lines.push(Line::styled(note.to_string(), t.warn));
    }
    for p in &c.problems {
        // The SSH URL stands in its own box below; the fix says only what else to do.
        let fix = c
            .ssh_url
            .as_deref()
            .and_then(|url| p.fix.strip_prefix(&format!("Use {url}.")))
            .map_or(p.fix.as_str(), str::trim);
        lines.extend(problem_lines(p.severity, &p.message, fix, t));
    }
    lines
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
    let service = w.service.map_or("the service", |s| s.called());
    let title = if c.ok {
        format!(" SSH URL for {service} ")
    } else {
        " Suggested SSH URL ".to_string()
    };
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

fn status_lines(w: &CloneUrlView<'_>, c: &UrlCheck, t: &Theme, spin: usize) -> Vec<Line<'static>> {
    let context = if c.ok {
        Context::CloneUrl
    } else {
        Context::CloneUrlRepair
    };
    let mut first = match w.copy {
        CopyState::Idle => {
            let enter = if c.ok {
                " goes on to the private key; "
            } else {
                " puts it in the field; "
            };
            vec![
                key_span(context, Action::Next, t),
                Span::raw(enter),
                key_span(context, Action::Copy, t),
                Span::raw(" copies it."),
            ]
        }
        CopyState::Copying => vec![Span::raw(format!("{} Copying…", spinner(spin)))],
        CopyState::Copied => vec![Span::styled("✓ Copied to the clipboard.", t.ok)],
        CopyState::SentOsc52(reason) => vec![Span::styled(
            format!("Sent to the terminal's clipboard (OSC 52), unconfirmed: {reason}."),
            t.warn,
        )],
        CopyState::Unavailable(reason) => vec![Span::styled(
            format!("No clipboard ({reason}): select the URL with the mouse."),
            t.warn,
        )],
    };
    if let Some(service) = w.service {
        for p in service
            .paste
            .iter()
            .filter(|p| p.value == PasteValue::CloneUrl)
        {
            first.push(Span::raw(format!(" In {}: ", service.called())));
            first.push(Span::styled(p.place.clone(), t.dim));
        }
    }
    if let Some(ask) = &w.host_ask {
        first.push(Span::raw(format!(" {}: ", ask.question)));
        first.push(Span::styled(ask.host.clone(), t.value));
        first.push(Span::raw("."));
    }
    vec![Line::from(first)]
}

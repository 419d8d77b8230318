//! The webhook screen: the secret (made here or pasted, masked), the values of the webhook
//! (copyable), and its creation through the API, or the manual steps when the API refused.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui_textarea::TextArea;

use crate::core::keyboard::{Action, Context};
use crate::core::wizard::webhook::{Phase, WebhookView};
use crate::ui::chrome::{key_span, scrolled, spinner};
use crate::ui::screens::form::{Shown, failure_lines, field_row, value_lines};
use crate::ui::theme::Theme;

/// Draws the screen; returns its largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &WebhookView<'_>,
    secret: &TextArea<'_>,
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let [row, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let shown = Shown::Masked { reveal: v.reveal };
    field_row(
        frame,
        row,
        ("Secret", 6),
        secret,
        (v.field_focused, shown),
        t,
    );
    let key = |a| key_span(Context::Webhook, a, t);
    let mut lines = vec![match (v.secret_len, v.generated) {
        (0, _) => Line::from(vec![
            Span::raw("No secret yet: "),
            key(Action::NewSecret),
            Span::raw(" makes one, or "),
            key(Action::FocusNext),
            Span::raw(" and paste the one your other repositories' webhooks use."),
        ]),
        (n, true) => Line::styled(
            format!("✓ A new secret, {n} random characters: copy it below for the service."),
            t.ok,
        ),
        (n, false) if n < 32 => Line::styled(
            format!("! The secret has {n} characters: one of 32 or more is much harder to guess."),
            t.warn,
        ),
        (n, false) => Line::styled(format!("✓ The secret you entered ({n} characters)."), t.ok),
    }];
    if let Some(w) = v.service.and_then(|s| s.webhook.as_ref()) {
        lines.push(Line::styled(w.shared_secret.clone(), t.dim));
    }
    lines.push(Line::raw(""));
    match v.phase {
        Phase::Ready => lines.push(Line::from(vec![
            key(Action::Next),
            Span::raw(format!(
                " creates the push webhook of {} through the API (a webhook with this URL is updated, never duplicated).",
                v.repository.as_deref().unwrap_or("the repository")
            )),
        ])),
        Phase::Working => lines.push(Line::from(vec![
            Span::styled(format!("{} ", spinner(spin)), t.value),
            Span::raw("Working… Esc cancels."),
        ])),
        Phase::Saved { action, id } => {
            let repo = v.repository.as_deref().unwrap_or_default();
            lines.push(Line::styled(
                crate::core::wizard::webhook::saved_line(*action, id, repo),
                t.ok,
            ));
            let called = v.service.map_or("the service", |s| s.called());
            lines.push(Line::from(vec![key(Action::Next), Span::raw(format!(" goes on to what to give {called}."))]));
        }
        Phase::Failed(f) => {
            lines.extend(failure_lines(f, t));
            if let Some(w) = v.service.and_then(|s| s.webhook.as_ref()) {
                let manual = if v.flavor == crate::core::bitbucket::ApiFlavor::DataCenter { &w.manual_data_center } else { &w.manual_cloud };
                lines.push(Line::styled("Add it by hand instead, with the values below:", t.title));
                lines.push(Line::raw(format!("  {manual}")));
                lines.push(Line::from(vec![
                    key(Action::Next),
                    Span::raw(" goes on once it is added by hand; "),
                    key(Action::Retest),
                    Span::raw(" tries the API again."),
                ]));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("The webhook ", t.title),
        Span::raw("(↑↓ choose, "),
        key(Action::Copy),
        Span::raw(" copies, "),
        key(Action::ToggleMask),
        Span::raw(" shows the secret):"),
    ]));
    lines.extend(value_lines(
        &v.values,
        v.selected,
        v.copy_note.as_deref(),
        t,
    ));
    scrolled(frame, body, lines, scroll, t)
}

//! The access token screen: the repository and the masked token, the check's result, and how
//! to create a repository access token on this repository's Bitbucket.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui_textarea::TextArea;

use crate::core::bitbucket::ApiFlavor;
use crate::core::display::terminal_safe;
use crate::core::keyboard::{Action, Context};
use crate::core::wizard::access_token::{Phase, TokenView};
use crate::ui::chrome::{key_span, scrolled, spinner};
use crate::ui::screens::form::{Shown, failure_lines, two_fields};
use crate::ui::theme::Theme;

/// Draws the screen; returns its largest scroll.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &TokenView<'_>,
    (repo, token): (&TextArea<'_>, &TextArea<'_>),
    t: &Theme,
    (spin, scroll): (usize, u16),
) -> u16 {
    let masked = Shown::Masked { reveal: false };
    let body = two_fields(
        frame,
        area,
        [
            (("Clone URL", 9), repo, (!v.token_focused, Shown::Url)),
            (("Token", 9), token, (v.token_focused, masked)),
        ],
        t,
    );
    let mut lines = Vec::new();
    match v.target {
        Some(Ok(target)) => lines.push(Line::styled(
            format!(
                "→ {} on {} ({})",
                target.full_name(),
                target.flavor.name(),
                terminal_safe(target.base.as_str())
            ),
            t.value,
        )),
        Some(Err(e)) => lines.push(Line::styled(format!("✗ {e}"), t.error)),
        None => lines.push(Line::styled(
            "Paste the repository's clone URL (SSH or HTTPS), then the token (Tab).",
            t.dim,
        )),
    }
    let needed = v.service.and_then(|s| s.token.as_ref());
    match v.phase {
        Phase::Form => lines.push(Line::from(vec![
            key_span(Context::Token, Action::Next, t),
            Span::raw(
                " checks that the token reads the repository with the scopes the service needs.",
            ),
        ])),
        Phase::Working => lines.push(Line::from(vec![
            Span::styled(format!("{} ", spinner(spin)), t.value),
            Span::raw("Asking Bitbucket… Esc cancels."),
        ])),
        Phase::Checked {
            scopes,
            missing,
            lists_hooks,
        } => {
            let (level, line) =
                crate::core::wizard::access_token::checked_line(scopes.as_deref(), *lists_hooks);
            lines.push(Line::styled(line, t.level(level)));
            if missing.is_empty() {
                lines.push(Line::from(vec![
                    key_span(Context::Token, Action::Next, t),
                    Span::raw(" goes on to the webhook."),
                ]));
            } else {
                lines.push(Line::styled(
                    format!("✗ It lacks {} (api_scope_missing): scopes cannot be added to a token; create a new one with {}.", missing.join(", "), needed.map_or("", |n| n.permissions.as_str())),
                    t.error,
                ));
            }
        }
        Phase::Failed(f) => lines.extend(failure_lines(f, t)),
    }
    lines.push(Line::raw(""));
    if let Some(n) = needed {
        let (flavor, steps) = match v.flavor {
            ApiFlavor::Cloud => ("Bitbucket Cloud", &n.cloud),
            ApiFlavor::DataCenter => ("Bitbucket Data Center", &n.data_center),
        };
        lines.push(Line::styled(
            format!("Create a repository access token ({flavor}):"),
            t.title,
        ));
        for (i, step) in steps.iter().enumerate() {
            lines.push(Line::raw(format!(" {}. {step}", i + 1)));
        }
        if v.flavor == ApiFlavor::Cloud {
            lines.push(Line::from(vec![
                Span::raw("Scopes: "),
                Span::styled(n.permissions.clone(), t.value),
            ]));
        }
        lines.push(Line::styled(n.wider.clone(), t.dim));
        lines.push(Line::styled(
            "An Atlassian API token or an app password is not an access token: they act as a user, with the user's reach.",
            t.dim,
        ));
    }
    scrolled(frame, body, lines, scroll, t)
}

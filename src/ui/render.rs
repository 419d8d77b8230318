//! Draws a frame from the application state; reads state only. [`draw_step`] is the one place
//! that picks the screen of a step.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::core::keyboard::Action;

use crate::core::wizard::Step;

use super::app::{App, FrameInfo};
use super::{chrome, screens};

/// Below this width the wizard asks for a larger terminal.
pub const MIN_WIDTH: u16 = 40;
/// Below this height the wizard asks for a larger terminal.
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App) {
    let info = draw_frame(frame, app);
    *app.frame.borrow_mut() = info;
}

fn draw_frame(frame: &mut Frame<'_>, app: &App) -> FrameInfo {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app);
        return FrameInfo::default();
    }
    let w = &app.wizard;
    let header_view = w.header_view();
    let note = app.paste_note.as_deref().or(header_view.notice.as_deref());
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(chrome::header_height(area.width, note)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let t = &app.theme;
    chrome::header(frame, header, &header_view, app.paste_note.as_deref(), t);
    let body = body.inner(Margin::new(1, 0));
    let spin = (app.spinner, app.scroll);
    let mut info = FrameInfo {
        page: body.height.saturating_sub(2).max(1),
        ..FrameInfo::default()
    };
    info.max_scroll = if let Some(access) = w.access() {
        let adding = w
            .ready_key()
            .map(|k| (k.info.fingerprint.clone(), w.public_key_view().label));
        let fields = (&app.api_repo, &app.api_email, &app.api_token);
        let mut view = access.view(adding);
        view.checklist = w.service().is_some_and(|s| !s.checklist.is_empty());
        screens::access::draw(frame, body, &view, fields, t, spin)
    } else if let Some(trouble) = w.trouble() {
        let fields = (&app.trouble_filter, &app.trouble_log);
        screens::trouble::draw(
            frame,
            body,
            &trouble.view(),
            fields,
            t,
            (app.scroll, app.spinner),
        )
    } else {
        draw_step(frame, body, app, &mut info)
    };
    let mut keys = w.key_state();
    if info.max_scroll == 0 {
        // Nothing to scroll: the scroll keys are not offered.
        keys.unavailable.extend([
            Action::PageUp,
            Action::PageDown,
            Action::LineUp,
            Action::LineDown,
        ]);
    }
    chrome::footer(frame, footer, &keys, app.go_pending, t);
    if let Some(view) = w.overlay_view() {
        let (max, page) = screens::overlay::draw(frame, area, &view, &keys, t, app.overlay_scroll);
        info.overlay_max = max;
        info.overlay_page = page;
    }
    info
}

/// Draws a step the core lays out as a form, with the service steps' text areas.
fn form(frame: &mut Frame<'_>, body: Rect, app: &App) -> u16 {
    let page = app.wizard.step_page();
    let Some(form) = page.form.as_ref() else {
        return 0;
    };
    let areas = &app.service_fields;
    let context = app.wizard.key_state().context;
    screens::form::draw(
        frame,
        body,
        (form, context),
        &|f| areas.area(f),
        &app.theme,
        (app.spinner, app.scroll),
    )
}

fn too_small(frame: &mut Frame<'_>, area: Rect, app: &App) {
    // Ctrl-C is the one key every table has.
    let text = vec![
        Line::styled("Enlarge the terminal", app.theme.title),
        Line::raw(format!(
            "bblink needs {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. {} quits.",
            area.width,
            area.height,
            crate::core::keyboard::Key::ctrl('c')
        )),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// Draws the screen of the step on screen; returns its largest scroll.
fn draw_step(frame: &mut Frame<'_>, body: Rect, app: &App, info: &mut FrameInfo) -> u16 {
    let w = &app.wizard;
    let t = &app.theme;
    let spin = (app.spinner, app.scroll);
    match w.step() {
        Step::Service => screens::service::draw(frame, body, &w.service_view(), t, app.scroll),
        Step::KeyPair => {
            let view = (&w.key_view(), w.key_state().context);
            let fields = (&app.label, &app.path, &app.passphrase);
            screens::key_pair::draw(frame, body, view, fields, t, spin)
        }
        Step::PublicKey => {
            let (max, bare) = screens::public_key::draw(frame, body, &w.public_key_view(), t, spin);
            info.bare_key = bare.filter(|_| w.overlay().is_none());
            max
        }
        Step::CloneUrl => {
            let view = w.clone_url_view();
            let (max, rows) = screens::clone_url::draw(frame, body, &view, &app.url, t, spin);
            // Only the verdict scrolls: a page is its rows, less the marker's and one kept.
            info.page = rows.saturating_sub(2).max(1);
            max
        }
        Step::PrivateKey => {
            let view = w.private_key_view();
            screens::private_key::draw(frame, body, &view, &app.private, t, spin)
        }
        Step::Test => {
            let view = (&w.test_view(), w.key_state().context);
            screens::test::draw(frame, body, view, t, spin)
        }
        // The steps the core lays out as forms.
        Step::Welcome
        | Step::ServiceUrl
        | Step::OauthConsumer
        | Step::AccessToken
        | Step::Webhook
        | Step::Done => form(frame, body, app),
    }
}

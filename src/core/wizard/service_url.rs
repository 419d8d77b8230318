//! The service URL step (OAuth and webhook services): the address the user opens the service
//! at, read, repaired or refused as it is typed, and the values made from it (a callback URL, a
//! webhook URL), each copyable. Owns the parsed URL, the list's focus and selection; the text
//! lives in the shell's field.

use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::service::{BaseUrl, ServiceProfile, base_url, fill};

use super::Out;
use super::done::Status;
use super::jobs::Jobs;
use super::msg::Field;
use super::page::{Ask, Block, Form, Hidden, Page, Row, Said, Shown, Tone, Values};
use super::unit::Edit;
use super::values::{Copies, Item};
use crate::core::display::terminal_safe;

/// The service URL step's state.
#[derive(Debug, Clone, Default)]
pub struct AddressStep {
    base: Option<Result<BaseUrl, String>>,
    list_focused: bool,
    selected: usize,
    pub(super) copies: Copies,
}

/// The values made from the service's URL (`base`), to copy.
pub(super) fn derived_items(service: Option<&ServiceProfile>, base: Option<&str>) -> Vec<Item> {
    let (Some(base), Some(s)) = (base, service) else {
        return Vec::new();
    };
    s.derived
        .iter()
        .map(|d| Item::text(&d.label, fill(&d.template, base), &d.place))
        .collect()
}

impl AddressStep {
    /// The usable base URL.
    pub fn base(&self) -> Option<&str> {
        self.base.as_ref()?.as_ref().ok().map(|b| b.base.as_str())
    }

    /// The field's new text.
    pub(super) fn edited(&mut self, text: &str, service: Option<&ServiceProfile>) {
        let derived = service.map_or(&[][..], |s| s.derived.as_slice());
        self.base = (!text.trim().is_empty()).then(|| base_url(text, derived));
        self.copies = Copies::default();
    }

    /// Restores a saved URL.
    pub(super) fn restore(&mut self, text: &str, service: Option<&ServiceProfile>) {
        self.edited(text, service);
        self.list_focused = self.base().is_some();
    }

    /// The values made from the URL.
    pub fn values(&self, service: Option<&ServiceProfile>) -> Vec<Item> {
        derived_items(service, self.base())
    }

    /// An action on this step; `true` when it asks to go on.
    pub(super) fn act(
        &mut self,
        action: Action,
        service: Option<&ServiceProfile>,
        jobs: &mut Jobs,
        out: &mut Out,
    ) -> bool {
        let values = self.values(service);
        match action {
            Action::Next if self.base().is_some() => return true,
            Action::Next => {
                out.notice = Some(match &self.base {
                    Some(Err(why)) => format!("Not yet: {why}"),
                    _ => "Type or paste the service's URL first.".into(),
                });
            }
            // An empty list takes no focus: the field keeps it.
            Action::FocusNext | Action::FocusPrev => {
                self.list_focused = !self.list_focused && !values.is_empty();
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(values.len().saturating_sub(1)),
            Action::Copy => {
                self.list_focused = true;
                self.copies.copy(&values, self.selected, jobs, out);
            }
            _ => {}
        }
        false
    }

    /// The step as a form: the field, what was read from it, and the values made from it.
    fn form(&self, service: Option<&ServiceProfile>) -> Form {
        let values = self.values(service);
        let selected = (self.list_focused && !values.is_empty())
            .then_some(self.selected.min(values.len().saturating_sub(1)));
        let input = service.and_then(|s| s.input.as_ref());
        let mut status = Vec::new();
        match &self.base {
            Some(Ok(b)) => {
                status.push(Said::new(Tone::Ok, format!("✓ {}", terminal_safe(&b.base))));
                if let Some(r) = &b.repaired {
                    status.push(Said::new(Tone::Warn, format!("  {r}")));
                }
            }
            Some(Err(why)) => status.push(Said::new(Tone::Error, format!("✗ {why}"))),
            None => {
                if let Some(i) = input {
                    status.push(Said::plain(i.help.clone()));
                    status.push(Said::new(Tone::Dim, format!("Example: {}", i.example)));
                }
            }
        }
        status.push(Said::blank());
        let mut form = Form {
            rows: vec![Row {
                field: Field::ServiceUrl,
                caption: input.map_or("Service URL", |i| i.label.as_str()).into(),
                focused: selected.is_none(),
                shown: Shown::Url,
                len: 0,
            }],
            blocks: vec![Block::Status(status)],
        };
        if values.is_empty() {
            if let Some(s) = service {
                let mut guide = vec![Said::new(Tone::Title, "From it bblink makes:")];
                for d in &s.derived {
                    // Before a URL is typed: the template with a word for the part it fills.
                    guide.push(Said::plain(format!("  {}  ", d.label)).then(
                        Tone::Dim,
                        d.template.replace("{base}", "https://<your URL>"),
                    ));
                }
                form.blocks.push(Block::Guide(guide));
            }
        } else {
            form.blocks.push(Block::Values(Values::new(
                (
                    Values::heading("Made from it ", " to the list, ↑↓ choose, "),
                    "Made from it:",
                ),
                values,
                selected,
                selected.and_then(|i| self.copies.note(i, None)),
            )));
            form.blocks.push(Block::Guide(vec![
                Said::blank(),
                Said::key(
                    Action::Next,
                    " goes on; the next screens show these values again where they are pasted.",
                ),
            ]));
        }
        form
    }
}

/// The service URL step as a unit.
pub(super) struct ServiceUrl;

impl super::unit::Unit for ServiceUrl {
    fn summary(&self, w: &super::Wizard, _recorded: Option<Status>) -> Option<Status> {
        let s = w.service()?;
        Some(match w.address.base() {
            Some(b) => Status::done(format!(
                "{}: {b}",
                s.input.as_ref().map_or("Service URL", |i| i.label.as_str())
            )),
            None => Status::todo("No service URL yet (step 2)."),
        })
    }

    fn holds_credentials(&self, w: &super::Wizard) -> bool {
        w.address.base().is_some()
    }

    fn forget_credentials(&self, w: &mut super::Wizard) -> bool {
        w.address = AddressStep::default();
        true
    }

    fn page(&self, w: &super::Wizard) -> Page {
        let form = w.address.form(w.service());
        let label = form
            .rows
            .first()
            .map_or("Service URL:".into(), |r| format!("{}:", r.caption));
        Page {
            free: Some(Ask::new(Field::ServiceUrl, &label, Hidden::No, Vec::new())),
            ..form.page(Vec::new())
        }
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        let mut off = Vec::new();
        if w.address.base().is_none() {
            off.extend([Action::Copy, Action::Next]);
        }
        if !w.address.list_focused {
            off.extend([Action::Up, Action::Down]);
        }
        let field = (!w.address.list_focused).then_some(FieldKind::Line);
        (Context::Address, field, off)
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.address.base().is_some()
    }

    fn arrows(&self, _w: &super::Wizard) -> bool {
        true
    }

    fn focused_field(&self, w: &super::Wizard) -> Option<Field> {
        (!w.address.list_focused).then_some(Field::ServiceUrl)
    }

    fn fields(&self) -> &'static [Field] {
        &[Field::ServiceUrl]
    }

    fn paste_field(&self) -> Option<Field> {
        Some(Field::ServiceUrl)
    }

    fn edited(&self, w: &mut super::Wizard, _field: Field, edit: Edit<'_>, _out: &mut Out) {
        let service = w.service.chosen(&w.services);
        w.address.edited(edit.parts().0, service);
        w.done = super::done::DoneStep::default();
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        let service = w.service.chosen(&w.services);
        if w.address.act(action, service, &mut w.jobs, out) {
            out.onward = true;
        }
    }

    /// An empty field takes the focus.
    fn arrive(&self, w: &mut super::Wizard, _out: &mut Out) {
        if w.address.base.is_none() {
            w.address.list_focused = false;
        }
    }

    fn copy_value(&self, w: &mut super::Wizard, n: usize, out: &mut Out) {
        w.address.list_focused = true;
        w.address.selected = n;
        self.act(w, Action::Copy, out);
    }
}

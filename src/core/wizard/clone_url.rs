//! Step 4, Clone URL: the verdict on what was pasted or typed (never the text itself, which
//! may hold a token), accepting bblink's repair, copying the SSH URL, and the flavor a usable
//! URL settles. Pastes go through the same pipeline as `bblink check-url`.

use crate::core::clone_url::{self, CLOUD_SSH_HOST, UrlCheck, UrlFlavor};
use crate::core::input;
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::secret::Secret;
use crate::core::service::{Flavor, ServiceProfile};
use crate::core::step::Step;

use super::Out;
use super::jobs::{JobId, JobKind, Jobs};
use super::msg::{Effect, Field, JobEvent};
use super::page::{Ask, Bit, Choice, Do, Hidden, Level, Page, Said, Tone, Verdict};
use super::public_key::CopyState;
use super::unit::Edit;

/// The clone URL step's state: the verdict on the field's text, never the text itself.
#[derive(Debug, Clone)]
pub struct CloneUrlStep {
    check: Option<UrlCheck>,
    field_focused: bool,
    copy: CopyState,
    note: Option<String>,
}

/// What the clone URL screen shows.
#[derive(Debug, Clone)]
pub struct CloneUrlView<'a> {
    /// The verdict; `None` while the field is empty.
    pub check: Option<&'a UrlCheck>,
    /// The field has focus.
    pub focused: bool,
    /// Clipboard status of the SSH URL.
    pub copy: &'a CopyState,
    /// A one-line note (nothing pasted yet, the flavor was switched).
    pub note: Option<&'a str>,
    /// Cloud or Data Center (for the example before anything is pasted).
    pub flavor: Flavor,
    /// The chosen service.
    pub service: Option<&'a ServiceProfile>,
    /// The SSH host the service asks for, when it asks for one ([`CloneUrlStep::ssh_host`]).
    pub host_ask: Option<HostAsk>,
}

/// A service's question for the SSH host, and the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostAsk {
    /// `CircleCI asks for the Hostname`.
    pub question: String,
    /// `ssh.bitbucket.org`.
    pub host: String,
}

impl HostAsk {
    /// The service's question and this URL's answer, once the URL has an SSH form.
    fn of(service: Option<&ServiceProfile>, step: &CloneUrlStep, flavor: Flavor) -> Option<Self> {
        let service = service?;
        let paste = service
            .paste
            .iter()
            .find(|p| p.value == crate::core::service::PasteValue::SshHost)?;
        step.check.as_ref()?.ssh_url.as_ref()?;
        Some(Self {
            question: format!("{} asks for the {}", service.called(), paste.label),
            host: step.ssh_host(flavor)?,
        })
    }

    /// The sentence (`CircleCI asks for the Hostname: ssh.bitbucket.org.`).
    pub fn line(&self) -> String {
        format!("{}: {}.", self.question, self.host)
    }
}

impl CloneUrlView<'_> {
    /// What to paste (and, on the full screen, how to edit the field).
    pub fn intro(&self) -> Said {
        let plain = format!(
            "Paste the repository's clone URL as {} shows it (Clone, top right; SSH or HTTPS), or a whole git clone command.",
            self.flavor.name()
        );
        if self.focused {
            Said::plain("Paste the repository's clone URL as Bitbucket shows it, or type it.")
        } else {
            Said::plain("Paste the repository's clone URL as Bitbucket shows it (")
                .then_key(Action::FocusNext)
                .then(Tone::Plain, " to edit it).")
        }
        .or_plain(plain)
    }

    /// Before anything is pasted: where Bitbucket shows the URL and what it looks like.
    pub fn guide(&self) -> Vec<Said> {
        let mut lines = Vec::new();
        if let Some(note) = self.note {
            lines.push(Said::new(Tone::Warn, note));
        }
        let example = match self.flavor {
            Flavor::Cloud => format!("git@{CLOUD_SSH_HOST}:workspace/repository.git"),
            Flavor::DataCenter => {
                "ssh://git@bitbucket.example.com:7999/PROJECT/repository.git".into()
            }
        };
        let item =
            |n: usize, text: &str| Said(vec![Bit::Item(n), Bit::Text(Tone::Plain, text.into())]);
        lines.extend([
            Said::new(Tone::Title, format!("Where {} shows it:", self.flavor.name())),
            item(0, "Open the repository and click Clone (top right)."),
            item(
                1,
                "Choose SSH instead of HTTPS, then copy the URL (without git clone).",
            ),
            Said::plain("An SSH URL looks like ")
                .then(Tone::Value, example)
                .then(Tone::Plain, "."),
            Said::new(
                Tone::Dim,
                "Anything else works too: bblink reads HTTPS URLs, browser addresses and whole git clone commands, and gives the SSH URL.",
            ),
        ]);
        lines
    }

    /// The verdict on a checked URL: its head, the facts read, a note, and the findings (their
    /// fixes without the SSH URL, which stands on its own).
    pub fn verdict_lines(&self, c: &UrlCheck) -> Vec<Said> {
        let head = verdict(c);
        let mut lines = vec![
            Said::new(head.level.into(), format!("{}: ", head.head()))
                .then(Tone::Plain, c.summary())
                .or_plain(format!("{}: {} ({})", head.head(), c.summary(), c.shown)),
        ];
        let facts = c.facts();
        if !facts.is_empty() {
            lines.push(Said::new(Tone::Dim, format!("  {}", facts.join(" · "))));
        }
        if let Some(note) = self.note {
            lines.push(Said::new(Tone::Warn, note));
        }
        for p in &c.problems {
            let fix = c
                .ssh_url
                .as_deref()
                .and_then(|url| p.fix.strip_prefix(&format!("Use {url}.")))
                .map_or(p.fix.as_str(), str::trim);
            lines.extend(Said::problem(p.severity, p.message.clone(), fix));
        }
        lines
    }

    /// What the SSH URL is called: the service's, or a suggestion.
    pub fn url_title(&self, c: &UrlCheck) -> String {
        let service = self.service.map_or("the service", |s| s.called());
        if c.ok {
            format!("SSH URL for {service}")
        } else {
            "Suggested SSH URL".to_string()
        }
    }

    /// Under the SSH URL: what Enter and copying do (or how the copy went), where the URL goes
    /// in the service, and the host name it asks for.
    pub fn status_line(&self, c: &UrlCheck) -> Said {
        let mut line = match self.copy {
            CopyState::Idle => Said::key(
                Action::Next,
                if c.ok {
                    " goes on to the private key; "
                } else {
                    " puts it in the field; "
                },
            )
            .then_key(Action::Copy)
            .then(Tone::Plain, " copies it."),
            CopyState::Copying => Said::working("Copying…"),
            CopyState::Copied => Said::new(Tone::Ok, "✓ Copied to the clipboard."),
            CopyState::SentOsc52(reason) => Said::new(
                Tone::Warn,
                format!("Sent to the terminal's clipboard (OSC 52), unconfirmed: {reason}."),
            ),
            CopyState::Unavailable(reason) => Said::new(
                Tone::Warn,
                format!("No clipboard ({reason}): select the URL with the mouse."),
            ),
        };
        let mut plain: Vec<String> = self.copy.note().into_iter().collect();
        if let Some(service) = self.service {
            for p in service
                .paste
                .iter()
                .filter(|p| p.value == crate::core::service::PasteValue::CloneUrl)
            {
                line = line
                    .then(Tone::Plain, format!(" In {}: ", service.called()))
                    .then(Tone::Dim, p.place.clone());
                plain.push(format!("In {}: {}.", service.called(), p.place));
            }
        }
        if let Some(ask) = &self.host_ask {
            line = line
                .then(Tone::Plain, format!(" {}: ", ask.question))
                .then(Tone::Value, ask.host.clone())
                .then(Tone::Plain, ".");
            plain.push(ask.line());
        }
        line.or_plain(plain.join(" "))
    }
}

impl CloneUrlStep {
    /// The SSH URL the next steps use: set once the field holds a usable URL.
    pub fn url(&self) -> Option<&str> {
        self.check.as_ref().and_then(UrlCheck::usable)
    }

    /// The verdict on the field's text.
    pub fn check(&self) -> Option<&UrlCheck> {
        self.check.as_ref()
    }

    /// The field holds text that is not a usable URL (never saved: it may hold a token).
    pub fn unsaved(&self) -> bool {
        self.check.as_ref().is_some_and(|c| !c.ok)
    }

    /// The SSH host a service asks for beside the key (`Hostname` for CircleCI): the host of the
    /// SSH URL the service gets, else Cloud's SSH host when Cloud is chosen. Every screen that
    /// names it asks here, so they cannot disagree.
    pub fn ssh_host(&self, flavor: Flavor) -> Option<String> {
        match self.check.as_ref().filter(|c| c.ssh_url.is_some()) {
            Some(c) if c.flavor == Some(UrlFlavor::Cloud) => Some(CLOUD_SSH_HOST.to_string()),
            Some(c) => c.host.clone(),
            None => (flavor == Flavor::Cloud).then(|| CLOUD_SSH_HOST.to_string()),
        }
    }

    /// The repository's name once the URL is usable (the key's default label).
    pub fn repo(&self) -> Option<&str> {
        self.check
            .as_ref()
            .filter(|c| c.ok)
            .and_then(|c| c.repo.as_deref())
    }

    /// On arrival with nothing pasted, the field takes focus.
    pub(super) fn arrive(&mut self) {
        if self.check.is_none() {
            self.field_focused = true;
        }
    }

    /// A paste: the whole value, cleaned as `bblink check-url` cleans it. Once usable or
    /// repairable the field lets go of focus, so Enter and `c` act on it.
    pub(super) fn pasted(&mut self, raw: &Secret, flavor: Flavor, jobs: &mut Jobs, out: &mut Out) {
        let line = input::one_line(raw.expose());
        out.effects.push(Effect::SetField(
            Field::CloneUrl,
            Secret::new(line.text.clone()),
        ));
        self.set_text(
            clone_url::check(raw.expose()),
            line.text.is_empty(),
            jobs,
            out,
        );
        if self.check.as_ref().is_some_and(|c| c.ssh_url.is_some()) {
            self.field_focused = false;
        }
        self.adopt_flavor(flavor, out);
        if self.url().is_some() {
            out.save = true;
        }
    }

    /// The field's text after typing.
    pub(super) fn typed(&mut self, text: &Secret, flavor: Flavor, jobs: &mut Jobs, out: &mut Out) {
        let empty = text.expose().trim().is_empty();
        self.set_text(clone_url::check(text.expose()), empty, jobs, out);
        self.adopt_flavor(flavor, out);
    }

    fn set_text(&mut self, check: UrlCheck, empty: bool, jobs: &mut Jobs, out: &mut Out) {
        // A copy of the previous URL may still report; it must not mark this one copied.
        for job in jobs.drop_where(|k| k == JobKind::CopyUrl) {
            out.effects.push(Effect::Cancel(job));
        }
        self.note = None;
        self.copy = CopyState::Idle;
        if empty {
            self.check = None;
            self.field_focused = true;
        } else {
            self.check = Some(check);
        }
    }

    /// Handles an action on this step.
    pub(super) fn act(&mut self, action: Action, flavor: Flavor, jobs: &mut Jobs, out: &mut Out) {
        match action {
            Action::Next => self.next(flavor, out),
            Action::Copy => self.copy(flavor, jobs, out),
            Action::Clear => {
                for job in jobs.drop_where(|k| k == JobKind::CopyUrl) {
                    out.effects.push(Effect::Cancel(job));
                }
                *self = Self::default();
                out.effects
                    .push(Effect::SetField(Field::CloneUrl, Secret::default()));
            }
            Action::FocusNext | Action::FocusPrev => self.field_focused = !self.field_focused,
            _ => {}
        }
    }

    /// Enter: accept the repair, or go on with a usable URL.
    fn next(&mut self, flavor: Flavor, out: &mut Out) {
        let Some(check) = &self.check else {
            self.note = Some(
                "Paste the SSH clone URL first: in Bitbucket open the repository, click Clone and choose SSH."
                    .into(),
            );
            self.field_focused = true;
            return;
        };
        if let Some(fix) = check.repair().map(str::to_string) {
            self.show(fix, out);
            self.adopt_flavor(flavor, out);
            out.save = true;
            return;
        }
        if check.ok {
            out.onward = true;
            return;
        }
        self.note = Some(
            "bblink cannot suggest a URL for this: fix it as described, or paste the URL from Bitbucket's Clone dialog."
                .into(),
        );
        self.field_focused = true;
    }

    /// Puts one of bblink's SSH URLs in the field, checked, without focus.
    fn show(&mut self, url: String, out: &mut Out) {
        *self = Self {
            check: Some(clone_url::check(&url)),
            field_focused: false,
            ..Self::default()
        };
        out.effects
            .push(Effect::SetField(Field::CloneUrl, Secret::new(url)));
    }

    /// `c`: copies the SSH URL (a repair is accepted first, so the field shows what was copied).
    fn copy(&mut self, flavor: Flavor, jobs: &mut Jobs, out: &mut Out) {
        let Some(check) = &self.check else {
            self.note = Some("Nothing to copy yet: paste the clone URL first.".into());
            return;
        };
        let Some(url) = check.ssh_url.clone() else {
            self.note = Some("No SSH URL to copy: fix the URL first.".into());
            return;
        };
        let Some(job) = out.start(jobs, JobKind::CopyUrl) else {
            return;
        };
        if check.repair().is_some() {
            self.show(url.clone(), out);
            self.adopt_flavor(flavor, out);
            out.save = true;
        }
        self.copy = CopyState::Copying;
        out.effects.push(Effect::Copy { job, text: url });
    }

    /// The copy's state in a sentence (for the summary).
    pub fn copy_note(&self) -> Option<String> {
        self.copy.note()
    }

    /// Restores a saved URL (already re-checked when the saved progress was read).
    pub(super) fn restore(&mut self, url: &str, out: &mut Out) {
        self.show(url.to_string(), out);
    }

    /// A usable URL says which Bitbucket it is; the Service step's choice follows it.
    fn adopt_flavor(&mut self, current: Flavor, out: &mut Out) {
        let Some(check) = self.check.as_ref().filter(|c| c.ok) else {
            return;
        };
        let Some(flavor) = check.flavor.and_then(UrlFlavor::bitbucket) else {
            return;
        };
        if flavor != current {
            self.note = Some(format!(
                "This is a {} URL, so bblink switched from {} (step {}).",
                flavor.name(),
                current.name(),
                Step::Service.number()
            ));
            out.flavor = Some(flavor);
        }
    }

    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        flavor: Flavor,
        service: Option<&'a ServiceProfile>,
    ) -> CloneUrlView<'a> {
        CloneUrlView {
            check: self.check.as_ref(),
            focused: self.field_focused,
            copy: &self.copy,
            note: self.note.as_deref(),
            flavor,
            service,
            host_ask: HostAsk::of(service, self, flavor),
        }
    }
}

impl Default for CloneUrlStep {
    fn default() -> Self {
        Self {
            check: None,
            field_focused: true,
            copy: CopyState::Idle,
            note: None,
        }
    }
}

/// The verdict's head on a clone URL.
pub fn verdict(c: &UrlCheck) -> Verdict {
    if c.ok {
        Verdict::new(Level::Ok, "Ready")
    } else if c.repair().is_some() {
        Verdict::new(Level::Error, "Needs a change")
    } else {
        Verdict::new(Level::Error, "Not usable")
    }
}

/// The clone URL step as a unit.
pub(super) struct CloneUrl;

impl super::unit::Unit for CloneUrl {
    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(kind, super::jobs::JobKind::CopyUrl)
    }

    fn fields(&self) -> &'static [Field] {
        &[Field::CloneUrl]
    }

    /// Typed, the URL is checked as it stands; given whole, it is cleaned first (the whole
    /// `git clone …` command, quotes, a pasted line break).
    fn edited(&self, w: &mut super::Wizard, _field: Field, edit: Edit<'_>, out: &mut Out) {
        let flavor = w.service.flavor();
        match edit {
            Edit::Typed(text) => w.url.typed(text, flavor, &mut w.jobs, out),
            Edit::Given(raw) => w.url.pasted(raw, flavor, &mut w.jobs, out),
            Edit::Len(_) => {}
        }
    }

    fn page(&self, w: &super::Wizard) -> Page {
        let v = w.clone_url_view();
        let said = |lines: &[super::page::Said]| super::page::plain_lines(lines);
        let mut intro = said(&[v.intro()]);
        let mut status = Vec::new();
        let mut choices = Vec::new();
        match v.check {
            None => intro.extend(said(&v.guide())),
            Some(c) => {
                status.extend(said(&v.verdict_lines(c)));
                if let Some(url) = &c.ssh_url {
                    status.push(format!("{}: {url}", v.url_title(c)));
                }
                if let (None, Some(url)) = (c.usable(), c.repair()) {
                    choices.push(Choice::new(
                        format!("Use {url}"),
                        Do::Act(vec![Action::Next]),
                    ));
                }
                status.extend(said(&[v.status_line(c)]));
            }
        }
        // Going on (or copying) needs a URL the service can use, or one bblink can repair.
        let hide = match v.check {
            None => vec![Action::Next, Action::Copy, Action::Clear],
            Some(c) if c.ssh_url.is_none() => vec![Action::Next, Action::Copy],
            Some(_) => Vec::new(),
        };
        Page {
            intro,
            status,
            enter: (!choices.is_empty()).then_some(0),
            choices,
            free: Some(Ask::new(
                Field::CloneUrl,
                "Clone URL:",
                Hidden::No,
                Vec::new(),
            )),
            hide,
            ask: None,
            form: None,
        }
    }

    fn keys(&self, w: &super::Wizard) -> super::unit::Keys {
        let check = w.url.check.as_ref();
        let context = if check.is_some_and(|c| c.repair().is_some()) {
            Context::CloneUrlRepair
        } else {
            Context::CloneUrl
        };
        let unavailable = if check.is_some_and(|c| c.ssh_url.is_some()) {
            Vec::new()
        } else {
            vec![Action::Copy]
        };
        (
            context,
            w.url.field_focused.then_some(FieldKind::Line),
            unavailable,
        )
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.url.url().is_some()
    }

    fn focused_field(&self, w: &super::Wizard) -> Option<Field> {
        w.url.field_focused.then_some(Field::CloneUrl)
    }

    fn paste_field(&self) -> Option<Field> {
        Some(Field::CloneUrl)
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        let flavor = w.service.flavor();
        w.url.act(action, flavor, &mut w.jobs, out);
    }

    fn arrive(&self, w: &mut super::Wizard, _out: &mut Out) {
        w.url.arrive();
    }

    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (JobId, JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        if let JobEvent::Copied(result) = event {
            let text = (w.url.check.as_ref())
                .and_then(|c| c.ssh_url.clone())
                .unwrap_or_default();
            w.url.copy = CopyState::outcome(result, text, &w.env, out);
        }
    }
}

//! Step 7, Done: what is set up, what is left to do in the service (each value and where it
//! goes), and how to check it. For services that take an SSH key it reads the other steps'
//! results, and its copy keys are the clone URL step's and the private key step's; for the
//! others (an OAuth consumer; an access token and a webhook) each step of the route says its own
//! line of what is set up (`Unit::summary`), and Done lists every value the service's
//! form asks for (copyable; secrets masked, copied from their fields), the service's commands
//! with the secret read from an environment variable, where to watch deliveries, and the
//! troubleshooting entries of the service. Owns only that list's selection and the last copy.

use crate::core::key_file::ReadyKey;
use crate::core::keyboard::{Action, Context};
use crate::core::service::{Flavor, Kind, PasteValue, ServiceProfile, fill};
use crate::core::step::Step;

use super::jobs::Jobs;
use super::msg::Field;
use super::page::{Bit, Block, Form, Page, Said, Tone, Values};
use super::values::{Copies, Item, Source};
use super::{Out, Wizard};
use crate::core::display::terminal_safe;

/// The key table of this step.
pub const CONTEXT: Context = Context::Done;

/// One value the service's form asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Value {
    /// The field's name in the service.
    label: String,
    /// Where the field is.
    place: String,
    /// What goes in it; `None` when a step is not done yet.
    content: Option<String>,
    /// Which step gives it, while it is not known.
    how: String,
    /// Commands that copy it on this computer (the usual one first), under a line that says
    /// which is for what.
    commands: (&'static str, Vec<String>),
    /// The key that copies it here, and how the last copy went.
    copy: Option<(Action, Option<String>)>,
}

/// What the SSH summary shows, from the other steps' results.
#[derive(Debug, Clone)]
struct DoneView<'a> {
    /// The chosen service.
    service: Option<&'a ServiceProfile>,
    /// Cloud or Data Center.
    flavor: Flavor,
    /// The key in use.
    key: Option<&'a ReadyKey>,
    /// What was done with the public key (copied, written, added), with when if known.
    public_key: Option<String>,
    /// A user key (on a Bitbucket account) rather than the repository's access key.
    user_key: bool,
    /// The private key was checked as it will be pasted, and is usable.
    private_checked: bool,
    /// Every value the service asks for.
    values: Vec<Value>,
    /// The connection test's verdict in a line: passed, and what it saw or why not.
    tested: Option<(bool, String)>,
    /// When the test ran, if known (`2026-12-05 18:40 UTC`).
    tested_at: Option<String>,
    /// The command that runs the connection test again.
    retest: Option<String>,
}

impl Wizard {
    /// The SSH summary from the other steps' results.
    fn done_view(&self) -> DoneView<'_> {
        let home = self.env.home.as_deref();
        let flavor = self.service.flavor();
        // The key file the service gets: the one written on step 5, else step 2's.
        let file = self
            .private
            .written()
            .or(self.key.ready().map(|k| &k.private_path))
            .map(std::path::PathBuf::as_path);
        let shell_file = file.map(|p| crate::core::display::shell_path_home(home, p));
        let url_how = format!("the SSH clone URL (step {})", Step::CloneUrl.number());
        let values = self
            .service()
            .map(|s| {
                s.paste
                    .iter()
                    .filter_map(|p| {
                        let (content, how, commands, copy) = match p.value {
                            PasteValue::CloneUrl => (
                                self.url.url().map(str::to_string),
                                url_how.clone(),
                                ("", Vec::new()),
                                Some((Action::Copy, self.url.copy_note())),
                            ),
                            PasteValue::PrivateKey => (
                                file.map(|f| {
                                    format!(
                                        "the contents of {}",
                                        super::views::display_path(home, f)
                                    )
                                }),
                                format!("the private key (step {})", Step::KeyPair.number()),
                                shell_file
                                    .as_ref()
                                    .map_or(("", Vec::new()), |f| self.env.os.copy_commands(f)),
                                Some((
                                    Action::CopyPrivate,
                                    self.private.copy_note(self.env.clear_clipboard_after),
                                )),
                            ),
                            PasteValue::SshHost => (
                                self.url.ssh_host(flavor),
                                url_how.clone(),
                                ("", Vec::new()),
                                None,
                            ),
                            // A credential's values are on the other kind of Done page.
                            _ => return None,
                        };
                        Some(Value {
                            label: p.label.clone(),
                            place: p.place.clone(),
                            content,
                            how,
                            commands,
                            copy,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let tested = self.tested_record();
        DoneView {
            service: self.service(),
            flavor,
            key: self.key.ready(),
            public_key: self
                .public_key_record()
                .map(crate::core::progress::Record::what_when),
            user_key: self.user_key(),
            private_checked: self
                .private
                .verdict()
                .is_some_and(crate::core::inspect::Inspection::usable)
                || self.private_key_record().is_some(),
            values,
            tested: tested.map(|r| (r.ok, r.what.clone())),
            tested_at: tested.map(|r| r.at.clone()).filter(|at| !at.is_empty()),
            // The URL and key file this summary shows (not the last test's, which may be older).
            retest: self.url.url().map(|u| {
                let key = shell_file.as_deref().unwrap_or("KEY_FILE");
                crate::core::conntest::retest_command(u, key, None)
            }),
        }
    }
}

impl super::Wizard {
    /// `c` copies the SSH URL, `k` the private key: asked of their own steps.
    pub(super) fn done_act(&mut self, action: Action, out: &mut super::Out) {
        match action {
            Action::Copy if self.url.url().is_none() => {
                out.notice = Some(format!(
                    "No SSH URL to copy yet: step {} ({}) gives it.",
                    Step::CloneUrl.number(),
                    Step::CloneUrl.title()
                ));
            }
            Action::Copy => super::unit::of(Step::CloneUrl).act(self, Action::Copy, out),
            Action::CopyPrivate if !self.private.can_copy(self.key.ready()) => {
                out.notice = Some(format!(
                    "No usable private key to copy yet: step {} ({}) or {} ({}).",
                    Step::KeyPair.number(),
                    Step::KeyPair.title(),
                    Step::PrivateKey.number(),
                    Step::PrivateKey.title()
                ));
            }
            Action::CopyPrivate => super::unit::of(Step::PrivateKey).act(self, Action::Copy, out),
            _ => {}
        }
    }
}

/// The done screen's selection and copies.
#[derive(Debug, Clone, Default)]
pub struct DoneStep {
    selected: usize,
    pub(super) copies: Copies,
}

/// A line of the summary: done or not, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Done (else: to do, or a warning).
    pub ok: bool,
    /// What.
    pub text: String,
}

impl Status {
    /// Done: what was set up.
    pub fn done(text: impl Into<String>) -> Self {
        Self {
            ok: true,
            text: text.into(),
        }
    }

    /// Not done yet: what is left.
    pub fn todo(text: impl Into<String>) -> Self {
        Self {
            ok: false,
            text: text.into(),
        }
    }
}

impl DoneStep {
    pub(super) fn act(&mut self, action: Action, items: &[Item], jobs: &mut Jobs, out: &mut Out) {
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(items.len().saturating_sub(1)),
            Action::Copy => self.copies.copy(items, self.selected, jobs, out),
            _ => {}
        }
    }
}

/// The lines that put the secret in `var` without echoing it or leaving it in the history,
/// then the commands, then the line that forgets it.
fn with_secret_env(commands: Vec<String>, var: &str) -> Vec<String> {
    if !commands.iter().any(|c| c.contains(&format!("${var}"))) {
        return commands;
    }
    let mut all = vec![format!("printf 'Consumer secret: '; read -rs {var}; echo")];
    all.extend(commands);
    all.push(format!("unset {var}"));
    all
}

impl Wizard {
    /// Every value and command of the done screen, in order.
    pub(super) fn credential_items(&self) -> Vec<Item> {
        self.credential_parts().0
    }

    fn credential_parts(&self) -> (Vec<Item>, Option<usize>) {
        let Some(s) = self.service() else {
            return (Vec::new(), None);
        };
        let base = self.address.base();
        let mut items: Vec<Item> = s
            .paste
            .iter()
            .filter_map(|p| match p.value {
                PasteValue::Derived => {
                    let d = s.derived(p.derived.as_deref()?)?;
                    let value = base.map(|b| fill(&d.template, b)).unwrap_or_default();
                    Some(Item::text(&p.label, value, &p.place))
                }
                PasteValue::ConsumerKey => Some(Item::text(
                    &p.label,
                    self.consumer.key().to_string(),
                    &p.place,
                )),
                PasteValue::ConsumerSecret
                | PasteValue::AccessToken
                | PasteValue::WebhookSecret => {
                    let (field, len) = match p.value {
                        PasteValue::ConsumerSecret => {
                            (Field::OauthSecret, self.consumer.secret_len())
                        }
                        PasteValue::AccessToken => (Field::HookToken, self.token.token_len()),
                        _ => (Field::HookSecret, self.webhook.secret_len()),
                    };
                    Some(Item::secret(&p.label, field, len, &p.place))
                }
                PasteValue::CloneUrl | PasteValue::PrivateKey | PasteValue::SshHost => None,
            })
            .collect();
        let mut commands_at = None;
        if let (Some(mode), Some(c)) = (self.consumer.mode(Some(s)), &s.consumer) {
            let key = if self.consumer.key().is_empty() {
                "OAUTH_CONSUMER_KEY"
            } else {
                self.consumer.key()
            };
            let lines: Vec<String> = mode
                .commands
                .iter()
                .map(|cmd| {
                    let quoted = shlex::try_quote(key)
                        .map_or_else(|_| key.to_string(), std::borrow::Cow::into_owned);
                    fill(cmd, base.unwrap_or("https://SERVICE")).replace("{key}", &quoted)
                })
                .collect();
            commands_at = Some(items.len());
            // Shell lines, as a prompt shows them; the heading says where to run them.
            for line in with_secret_env(lines, &c.secret_env) {
                items.push(Item {
                    label: "$".into(),
                    shown: line.clone(),
                    place: String::new(),
                    source: Source::Text(line),
                });
            }
        }
        (items, commands_at)
    }

    /// A resumed journey's status line `n` (1: the consumer or token check, 2: the webhook;
    /// line 0, the service URL, is the field's), kept while the service URL is the same, with
    /// when.
    pub(super) fn recorded(&self, n: usize) -> Option<Status> {
        let base = self.address.base()?;
        let r = self.records.credentials.get(n.checked_sub(1)?)?.as_ref()?;
        (r.key == base && r.ok).then(|| {
            Status::done(format!(
                "{} ({})",
                r.what,
                if r.at.is_empty() {
                    "an earlier run"
                } else {
                    &r.at
                }
            ))
        })
    }

    /// Notes the status lines this run settled (the consumer or token check, the webhook) so a
    /// resumed journey still shows them; returns whether one changed.
    pub(super) fn record_credentials(&mut self) -> bool {
        let (Some(_), Some(base)) = (self.service(), self.address.base()) else {
            return false;
        };
        let status = self.credential_status();
        let base = base.to_string();
        let mut changed = false;
        for (i, st) in status.iter().enumerate().skip(1).take(2) {
            let recorded = self.recorded(i).is_some_and(|r| r.text == st.text);
            let slot = self.records.credentials.get(i - 1).cloned().flatten();
            if !st.ok
                || recorded
                || slot
                    .as_ref()
                    .is_some_and(|r| r.what == st.text && r.key == base)
            {
                continue;
            }
            if self.records.credentials.len() < i {
                self.records.credentials.resize(i, None);
            }
            self.records.credentials[i - 1] = Some(crate::core::progress::Record {
                what: st.text.clone(),
                ok: true,
                at: self.now.clone(),
                key: base.clone(),
                url: None,
            });
            changed = true;
        }
        changed
    }

    /// What is set up for a service without an SSH key: each step of its route says its own
    /// line (the service URL, the check, the webhook).
    fn credential_status(&self) -> Vec<Status> {
        let mut status = Vec::new();
        for step in self.route().steps() {
            let recorded = self.recorded(status.len());
            status.extend(super::unit::of(*step).summary(self, recorded));
        }
        status
    }

    /// The done screen of an OAuth or webhook service as a form: what is set up, each value
    /// for the service's form and each command to run (copyable), what comes next, where to
    /// watch deliveries, and what to read when it fails.
    fn credential_form(&self) -> Form {
        let service = self.service();
        let (items, commands_at) = self.credential_parts();
        let selected = self.done.selected.min(items.len().saturating_sub(1));
        let secret = matches!(
            items.get(selected).map(|i| &i.source),
            Some(Source::Secret(_))
        );
        let copy_note = self
            .done
            .copies
            .note(selected, secret.then_some(self.env.clear_clipboard_after));
        let called = service.map_or("the service", |s| s.called());
        let mut set_up = vec![Said::new(Tone::Title, "Set up")];
        if service.is_some() {
            for s in self.credential_status() {
                set_up.push(marked(s.ok, Said::plain(s.text)));
            }
        }
        set_up.push(Said::blank());
        let at = commands_at.unwrap_or(items.len()).min(items.len());
        let (values, commands) = items.split_at(at);
        // The selection runs through both lists.
        let here = |offset: usize, len: usize| selected.checked_sub(offset).filter(|i| *i < len);
        let note =
            |offset: usize, len: usize| copy_note.clone().filter(|_| here(offset, len).is_some());
        let mut blocks = vec![
            Block::Guide(set_up),
            Block::Values(Values {
                title: Said::new(Tone::Title, format!("In {called} "))
                    .then(Tone::Plain, "(↑↓ choose, ")
                    .then_key(Action::Copy)
                    .then(
                        Tone::Plain,
                        " copies; secrets are copied from their fields, never shown):",
                    ),
                plain_title: format!(
                    "In {called} (secrets are copied from their fields, never shown):"
                ),
                items: values.to_vec(),
                selected: here(0, values.len()),
                note: note(0, values.len()),
                commands: false,
                fixed: true,
            }),
        ];
        if !commands.is_empty() {
            let title = format!(
                "Run where {called} runs (the secret is read without echo, never typed into a command line):"
            );
            blocks.push(Block::Guide(vec![Said::blank()]));
            blocks.push(Block::Values(Values {
                title: Said::new(Tone::Title, title.clone()),
                plain_title: title,
                items: commands.to_vec(),
                selected: here(at, commands.len()),
                note: note(at, commands.len()),
                commands: true,
                fixed: true,
            }));
            if let Some(n) = service
                .and_then(|s| self.consumer.mode(Some(s)))
                .and_then(|m| m.note.as_ref())
            {
                blocks.push(Block::Guide(vec![Said::new(Tone::Dim, n.clone())]));
            }
        }
        blocks.push(Block::Guide(self.credential_after()));
        Form {
            rows: Vec::new(),
            blocks,
        }
    }

    /// What follows the values on the done screen of an OAuth or webhook service: what comes
    /// next (the mode's words, else the service's), where to watch deliveries, and the
    /// troubleshooting entries of the service.
    fn credential_after(&self) -> Vec<Said> {
        let service = self.service();
        let mut rest = Vec::new();
        let next = service.map(|s| {
            self.consumer
                .mode(Some(s))
                .and_then(|m| m.next.clone())
                .unwrap_or_else(|| s.next.text.clone())
        });
        if let Some(next) = next {
            rest.push(Said::blank());
            rest.push(Said::plain(next));
        }
        let data_center = self
            .token
            .target()
            .is_some_and(|t| t.flavor == crate::core::bitbucket::ApiFlavor::DataCenter);
        let deliveries = service.and_then(|s| s.webhook.as_ref()).map(|w| {
            if data_center {
                &w.deliveries_data_center
            } else {
                &w.deliveries_cloud
            }
        });
        if let Some(d) = deliveries {
            rest.push(Said::new(Tone::Title, "Deliveries: ").then(Tone::Plain, d.clone()));
            rest.push(Said::new(
                Tone::Dim,
                "A delivery captured from the service can be checked with: bblink webhook verify --secret-env VAR FILE",
            ));
        }
        let catalog = crate::core::catalog::catalog().ok();
        let trouble: Vec<(&String, &String)> = service
            .map(|s| {
                s.troubleshooting
                    .iter()
                    .filter_map(|id| catalog.and_then(|c| c.get(id)).map(|e| (id, &e.title)))
                    .collect()
            })
            .unwrap_or_default();
        if !trouble.is_empty() {
            rest.push(Said::blank());
            rest.push(
                Said::new(Tone::Title, "If it fails ")
                    .then(Tone::Plain, "(")
                    .then_key(Action::Troubleshoot)
                    .then(Tone::Plain, " opens troubleshooting):")
                    .or_plain("If it fails (bblink diagnose LOG explains a log):"),
            );
            for (id, title) in trouble {
                rest.push(Said::plain(format!("  • {title} ")).then(Tone::Dim, format!("({id})")));
            }
        }
        rest
    }
}

fn ssh_page(w: &Wizard) -> Page {
    let v = w.done_view();
    let form = v.form();
    // How the copies went: said on the page by their keys, in the plain shell on their own.
    let status = v
        .values
        .iter()
        .filter_map(|value| value.copy.as_ref().and_then(|(_, note)| note.clone()))
        .collect();
    Page {
        intro: form.intro(),
        status,
        form: Some(form),
        ..Page::default()
    }
}

/// A summary line, done or not.
fn marked(ok: bool, line: Said) -> Said {
    let mark = if ok {
        Said::new(Tone::Ok, "✓ ")
    } else {
        Said::new(Tone::Warn, "· ")
    };
    Said(mark.0.into_iter().chain(line.0).collect())
}

impl DoneView<'_> {
    /// The summary as a form: what is set up, each value the service asks for with how to copy
    /// it, what comes next, how to test again, and the sheets.
    fn form(&self) -> Form {
        let service = self.service.map_or("the service", |s| s.called());
        let mut lines = vec![Said::new(Tone::Title, "Set up")];
        for (ok, line) in set_up_lines(self, service) {
            lines.push(marked(ok, line));
        }
        lines.push(Said::blank());
        lines.push(Said::new(Tone::Title, format!("Left to do in {service}")));
        for value in &self.values {
            lines.push(
                Said::new(Tone::Value, format!(" • {}", value.label))
                    .then(Tone::Dim, format!("  {}", value.place)),
            );
            match &value.content {
                Some(text) => lines.push(Said::plain("   ").then(Tone::Value, terminal_safe(text))),
                None => lines.push(Said::new(
                    Tone::Warn,
                    format!("   not known yet: {}", value.how),
                )),
            }
            if let (Some((action, note)), Some(_)) = (&value.copy, &value.content) {
                let said = Said::plain("   ").then_key(*action);
                lines.push(match note {
                    Some(note) => said.then(Tone::Plain, format!(" copies it. {note}")),
                    None => said.then(Tone::Plain, " copies it."),
                });
            }
            let (lead, commands) = &value.commands;
            if value.content.is_some() && !commands.is_empty() {
                lines.push(Said::new(Tone::Dim, format!("   {lead}")));
                for command in commands {
                    lines.push(Said::plain(format!("     {command}")));
                }
            }
        }
        if let Some(s) = self.service {
            lines.push(Said::blank());
            lines.push(Said::new(Tone::Title, "Then"));
            lines.push(Said::plain(s.next.text.clone()));
        }
        if let Some(cmd) = &self.retest {
            lines.push(Said::blank());
            lines.push(Said::new(Tone::Title, "Test it again later"));
            lines.push(Said::plain(format!("  {cmd}")));
        }
        lines.push(Said::blank());
        lines.push(
            Said::key(
                Action::KnownHostsSheet,
                " known_hosts lines (or a CircleCI, GitHub Actions, GitLab CI, Dockerfile step) for a job that clones with this key: pinned host keys, never ssh-keyscan.",
            )
            .or_plain(
                "Type hosts for known_hosts lines for a CI job, checklist for the service's checklist.",
            ),
        );
        if self.service.is_some_and(|s| !s.checklist.is_empty()) {
            lines.push(Said::key(
                Action::Checklist,
                format!(
                    " {service}'s checklist: rotating keys after revoking access, renaming a workspace or repository."
                ),
            ));
        }
        Form {
            rows: Vec::new(),
            blocks: vec![Block::Guide(lines)],
        }
    }
}

impl Wizard {
    /// Whether the done page is the one of a service given a credential instead of an SSH key
    /// (its values and commands), not the SSH key's summary: the one test both shells use.
    pub fn credential_done(&self) -> bool {
        self.kind() != Kind::SshAccessKey
    }
}

/// The done step as a unit.
pub(super) struct Done;

impl super::unit::Unit for Done {
    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(kind, super::jobs::JobKind::CopyValue)
    }

    /// Another service's values and copies are not this one's.
    fn forget_credentials(&self, w: &mut Wizard) -> bool {
        w.done = DoneStep::default();
        true
    }

    fn page(&self, w: &Wizard) -> Page {
        if w.credential_done() {
            w.credential_form().page(Vec::new())
        } else {
            ssh_page(w)
        }
    }

    fn keys(&self, w: &Wizard) -> super::unit::Keys {
        if w.credential_done() {
            return (Context::DoneCredential, None, Vec::new());
        }
        let mut unavailable = super::unit::NO_FIELDS.to_vec();
        if w.url.url().is_none() {
            unavailable.push(Action::Copy);
        }
        if !w.private.can_copy(w.key.ready()) {
            unavailable.push(Action::CopyPrivate);
        }
        (CONTEXT, None, unavailable)
    }

    fn done(&self, w: &Wizard) -> bool {
        w.step == Step::Done
    }

    fn arrows(&self, w: &Wizard) -> bool {
        w.credential_done()
    }

    fn act(&self, w: &mut Wizard, action: Action, out: &mut Out) {
        if !w.credential_done() {
            return w.done_act(action, out);
        }
        let items = w.credential_items();
        w.done.act(action, &items, &mut w.jobs, out);
    }

    /// Value `n`: on the SSH summary, of the values that can be copied (the SSH URL, the
    /// private key), each copied as its key does.
    fn copy_value(&self, w: &mut Wizard, n: usize, out: &mut Out) {
        if w.credential_done() {
            w.done.selected = n;
            return self.act(w, Action::Copy, out);
        }
        let copies: Vec<Action> = w
            .done_view()
            .values
            .iter()
            .filter_map(|v| v.copy.as_ref().map(|(action, _)| *action))
            .collect();
        if let Some(action) = copies.get(n) {
            w.done_act(*action, out);
        }
    }
}

/// The summary's "set up" lines: the key pair, the public key, the private key and the
/// connection test, each done or not, with how to reach the step that does what is missing.
fn set_up_lines(v: &DoneView<'_>, service: &str) -> Vec<(bool, Said)> {
    // Words, the way to a step, words.
    let goto = |head: String, step: Step, tail: &str| {
        Said::plain(head)
            .then_bit(Bit::Jump(step))
            .then(Tone::Plain, tail)
    };
    let mut lines = Vec::new();
    let bitbucket = v.flavor.name();
    let as_what = if v.user_key {
        "as a user key on the account that reads the repositories (Personal settings → SSH keys)"
    } else {
        "as an access key"
    };
    match v.key {
        Some(key) => {
            lines.push((
                true,
                Said::plain(format!("Key pair: {}", key.info.fingerprint_line())),
            ));
            let accepted = v.tested.as_ref().is_some_and(|(ok, _)| *ok);
            lines.push(match &v.public_key {
                _ if accepted && v.user_key => (
                    true,
                    Said::plain(format!("Public key on a {bitbucket} account (a user key): the connection test logged in with this key.")),
                ),
                _ if accepted => (
                    true,
                    Said::plain(format!("Public key in {bitbucket}: the connection test logged in with this key.")),
                ),
                Some(what) if what.starts_with("added") || what.starts_with("found") => {
                    (true, Said::plain(format!("Public key {what}.")))
                }
                Some(what) => (
                    true,
                    Said::plain(format!(
                        "Public key {what}, to add in {bitbucket} {as_what} (bblink cannot see whether it was)."
                    )),
                ),
                None => (
                    false,
                    goto(
                        format!("Public key not copied yet: add it in {bitbucket} {as_what} ("),
                        Step::PublicKey,
                        ").",
                    ),
                ),
            });
        }
        None => lines.push((
            false,
            goto(
                "No key pair yet: ".into(),
                Step::KeyPair,
                " generates one or reads your key file.",
            ),
        )),
    }
    lines.push(if v.private_checked {
        (
            true,
            Said::plain("Private key checked as it will be pasted."),
        )
    } else {
        (
            false,
            goto(
                format!(
                    "Private key not checked yet: paste it as you will paste it into {service} ("
                ),
                Step::PrivateKey,
                ").",
            ),
        )
    });
    let at = v
        .tested_at
        .as_ref()
        .map_or_else(String::new, |at| format!(" ({at})"));
    lines.push(match &v.tested {
        Some((true, line)) => (true, Said::plain(format!("Connection tested{at}: {line}."))),
        Some((false, line)) => (
            false,
            goto(
                format!("Connection test failed{at}: {line} ("),
                Step::Test,
                " shows the fix).",
            ),
        ),
        None => (
            false,
            goto(
                "Connection not tested yet (".into(),
                Step::Test,
                " tests it).",
            ),
        ),
    });
    lines
}

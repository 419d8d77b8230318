//! The access token step (webhook services): how to create a repository access token on the
//! repository's Bitbucket (Cloud or Data Center), the repository, and the masked token, checked
//! against the repository: it must read it and carry the scopes the service needs. Owns the
//! repository parsed, the token's length and the check's result; the token stays in the
//! shell's field.

use crate::core::bitbucket::{ApiFailure, ApiFlavor, ApiTarget, TokenKind, scopes};
use crate::core::keyboard::{Action, Context, FieldKind};
use crate::core::service::{Flavor, ServiceProfile};

use super::Out;
use super::done::Status;
use super::jobs::{JobId, JobKind, Jobs};
use super::msg::{Effect, Env, Field, JobEvent, SecretSource};
use super::page::{Bit, Block, Choice, Form, Hidden, Level, Page, Row, Said, Shown, Tone, ask_do};
use super::unit::Edit;
use crate::core::display::terminal_safe;

/// Where the check is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Phase {
    /// Not checked (or changed since).
    #[default]
    Form,
    /// The repository is asked.
    Working,
    /// The token reads the repository: its scopes (when reported) and what is missing; when
    /// not reported, whether it lists the webhooks (the rest is unconfirmed).
    Checked {
        /// What Bitbucket reported.
        scopes: Option<Vec<String>>,
        /// What the service needs and the token lacks.
        missing: Vec<String>,
        /// Listing the webhooks succeeded (tried when the scopes are not reported).
        lists_hooks: bool,
    },
    /// It does not.
    Failed(ApiFailure),
}

/// The access token step's state.
#[derive(Debug, Clone, Default)]
pub struct TokenStep {
    target: Option<Result<ApiTarget, String>>,
    /// The repository's URL as typed, when it is one that may be kept between runs.
    keepable: Option<String>,
    token_focused: bool,
    token_len: usize,
    phase: Phase,
}

/// A repository URL that may be saved between runs: an SSH URL, or an HTTPS URL with no user
/// part and nothing the redaction would hide (never one holding a token or password).
fn keepable_url(text: &str) -> Option<String> {
    if let Some(ssh) = crate::core::clone_url::usable_ssh_url(text) {
        return Some(ssh);
    }
    let safe = text.starts_with("https://")
        && !text.contains('@')
        && !text.contains('?')
        && crate::core::redact::line(text) == text
        && text.len() <= 400;
    safe.then(|| text.to_string())
}

/// A repository field's text (trimmed): the repository, or why not; a token pasted there by
/// mistake (`what` names it) is sent to the token's field.
pub(super) fn repository(text: &str, env: &Env, what: &str) -> Option<Result<ApiTarget, String>> {
    if text.is_empty() {
        None
    } else if TokenKind::of(text) != TokenKind::Other {
        Some(Err(format!(
            "This looks like {what}, not a clone URL: it goes in the Token field (Tab)."
        )))
    } else {
        Some(
            ApiTarget::derive(text, env.api_url.as_deref())
                .map_err(|e| format!("{}. {}", e.to_string().trim_end_matches('.'), e.fix())),
        )
    }
}

impl TokenStep {
    /// The repository's URL, when it may be kept between runs (see `keepable_url`).
    pub fn keepable_repo(&self) -> Option<&str> {
        self.keepable
            .as_deref()
            .filter(|_| matches!(self.target, Some(Ok(_))))
    }

    /// The repository, when its URL was understood.
    pub fn target(&self) -> Option<&ApiTarget> {
        self.target.as_ref()?.as_ref().ok()
    }

    /// The token is checked and has what the service needs.
    pub fn passed(&self) -> bool {
        matches!(&self.phase, Phase::Checked { missing, .. } if missing.is_empty())
    }

    /// The token's length.
    pub fn token_len(&self) -> usize {
        self.token_len
    }

    /// The repository field's text, or the token's length: a change voids the check.
    pub(super) fn edited(&mut self, field: Field, text: &str, len: usize, env: &Env) {
        match field {
            Field::HookRepo => {
                let text = text.trim();
                self.keepable = keepable_url(text);
                self.target = repository(text, env, "a token");
            }
            Field::HookToken => self.token_len = len,
            _ => return,
        }
        if self.phase != Phase::Working {
            self.phase = Phase::Form;
        }
    }

    fn check(&mut self, env: &Env, jobs: &mut Jobs, out: &mut Out) {
        let Some(target) = self.target().cloned() else {
            self.token_focused = false;
            out.notice = Some("Give the repository's clone URL first (SSH or HTTPS, from Bitbucket's Clone button).".into());
            return;
        };
        if self.token_len == 0 {
            self.token_focused = true;
            out.notice = Some("Paste the access token first (Tab to its field).".into());
            return;
        }
        let Some(job) = out.start(jobs, JobKind::CheckToken) else {
            return;
        };
        self.phase = Phase::Working;
        out.effects.push(Effect::CheckToken {
            job,
            target,
            token: SecretSource::Field(Field::HookToken),
            ca_file: env.ca_file.clone(),
        });
    }
}

/// The verdict on a token that reads the repository: good when its scopes were reported, to
/// look at when they were not.
fn checked_line(scopes: Option<&[String]>, lists_hooks: bool) -> (Level, String) {
    match scopes {
        Some(g) => (
            Level::Ok,
            format!(
                "✓ The token reads the repository; its scopes: {}",
                g.join(", ")
            ),
        ),
        None => (Level::Warn, unconfirmed(lists_hooks)),
    }
}

/// The verdict when Bitbucket did not report the token's scopes.
pub fn unconfirmed(lists_hooks: bool) -> String {
    let hooks = if lists_hooks {
        " and lists its webhooks"
    } else {
        ""
    };
    format!(
        "! The token reads the repository{hooks}; whether it may create a webhook is unconfirmed: Bitbucket did not report its scopes (api_scopes_unconfirmed). Creating the webhook will tell."
    )
}

impl TokenStep {
    /// The step as a form: the repository and the masked token, the check's result, and how to
    /// create a repository access token on this repository's Bitbucket (Cloud's or Data
    /// Center's: the repository's, else the service step's).
    fn form(&self, service: Option<&ServiceProfile>, flavor: Flavor) -> Form {
        let api = self.target().map_or(
            match flavor {
                Flavor::Cloud => ApiFlavor::Cloud,
                Flavor::DataCenter => ApiFlavor::DataCenter,
            },
            |t| t.flavor,
        );
        let mut status = vec![match &self.target {
            Some(Ok(target)) => Said::new(
                Tone::Value,
                format!(
                    "→ {} on {} ({})",
                    target.full_name(),
                    target.flavor.name(),
                    terminal_safe(target.base.as_str())
                ),
            ),
            Some(Err(e)) => Said::new(Tone::Error, format!("✗ {e}")),
            None => Said::new(
                Tone::Dim,
                "Paste the repository's clone URL (SSH or HTTPS), then the token (",
            )
            .then_key(Action::FocusNext)
            .then(Tone::Dim, ")."),
        }];
        let needed = service.and_then(|s| s.token.as_ref());
        match &self.phase {
            Phase::Form => status.push(Said::key(
                Action::Next,
                " checks that the token reads the repository with the scopes the service needs.",
            )),
            Phase::Working => status.push(Said::working("Asking Bitbucket… Esc cancels.")),
            Phase::Checked {
                scopes,
                missing,
                lists_hooks,
            } => {
                let (level, line) = checked_line(scopes.as_deref(), *lists_hooks);
                status.push(Said::new(level.into(), line));
                if missing.is_empty() {
                    status.push(Said::key(Action::Next, " goes on to the webhook."));
                } else {
                    status.push(Said::new(
                        Tone::Error,
                        format!(
                            "✗ It lacks {} (api_scope_missing): scopes cannot be added to a token; create a new one with {}.",
                            missing.join(", "),
                            needed.map_or("", |n| n.permissions.as_str())
                        ),
                    ));
                }
            }
            Phase::Failed(f) => status.extend(Said::failure(f)),
        }
        status.push(Said::blank());
        let mut guide = Vec::new();
        if let Some(n) = needed {
            let (flavor, steps) = match api {
                ApiFlavor::Cloud => ("Bitbucket Cloud", &n.cloud),
                ApiFlavor::DataCenter => ("Bitbucket Data Center", &n.data_center),
            };
            guide.push(Said::new(
                Tone::Title,
                format!("Create a repository access token ({flavor}):"),
            ));
            for (i, step) in steps.iter().enumerate() {
                guide.push(Said(vec![
                    Bit::Item(i),
                    Bit::Text(Tone::Plain, step.clone()),
                ]));
            }
            if api == ApiFlavor::Cloud {
                guide.push(Said::plain("Scopes: ").then(Tone::Value, n.permissions.clone()));
            }
            guide.push(Said::new(Tone::Dim, n.wider.clone()));
            guide.push(Said::new(
                Tone::Dim,
                "An Atlassian API token or an app password is not an access token: they act as a user, with the user's reach.",
            ));
        }
        Form {
            rows: vec![
                Row {
                    field: Field::HookRepo,
                    caption: "Clone URL".into(),
                    focused: !self.token_focused,
                    shown: Shown::Url,
                    len: 0,
                },
                Row {
                    field: Field::HookToken,
                    caption: "Token".into(),
                    focused: self.token_focused,
                    shown: Shown::Masked { reveal: false },
                    len: self.token_len,
                },
            ],
            blocks: vec![Block::Status(status), Block::Guide(guide)],
        }
    }
}

/// The access token step as a unit.
pub(super) struct AccessToken;

impl super::unit::Unit for AccessToken {
    fn summary(&self, w: &super::Wizard, recorded: Option<Status>) -> Option<Status> {
        let repo = w
            .token
            .target()
            .map_or_else(String::new, ApiTarget::full_name);
        Some(match &w.token.phase {
            Phase::Checked {
                scopes: Some(g),
                missing,
                ..
            } if missing.is_empty() => Status::done(format!(
                "The access token reads {repo}; scopes: {}.",
                g.join(", ")
            )),
            // Its scopes were not reported: the webhook, once created, proves them.
            Phase::Checked { missing, .. } if missing.is_empty() => Status {
                ok: w
                    .webhook
                    .saved(w.hook_url().as_deref(), w.token_repo().as_deref()),
                text: format!(
                    "The access token reads {repo}; its scopes were not reported (creating the webhook proves them)."
                ),
            },
            _ => recorded.unwrap_or_else(|| Status::todo("Access token not checked yet (step 3).")),
        })
    }

    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(kind, super::jobs::JobKind::CheckToken)
    }

    fn holds_credentials(&self, w: &super::Wizard) -> bool {
        w.token.token_len() > 0
    }

    fn forget_credentials(&self, w: &mut super::Wizard) -> bool {
        w.token = TokenStep::default();
        true
    }

    fn page(&self, w: &super::Wizard) -> Page {
        w.token.form(w.service(), w.service.flavor()).page(vec![
            Choice::new(
                "Give the repository's clone URL",
                ask_do(Field::HookRepo, "Clone URL:", Hidden::No, Vec::new()),
            ),
            Choice::new(
                "Give the access token (hidden)",
                ask_do(
                    Field::HookToken,
                    "Token (hidden; an empty line cancels):",
                    Hidden::Line,
                    vec![Action::Next],
                ),
            ),
        ])
    }

    fn keys(&self, _w: &super::Wizard) -> super::unit::Keys {
        (Context::Token, Some(FieldKind::Line), Vec::new())
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.token.passed() || w.recorded(1).is_some()
    }

    fn focused_field(&self, w: &super::Wizard) -> Option<Field> {
        Some(if w.token.token_focused {
            Field::HookToken
        } else {
            Field::HookRepo
        })
    }

    fn fields(&self) -> &'static [Field] {
        &[Field::HookRepo, Field::HookToken]
    }

    fn edited(&self, w: &mut super::Wizard, field: Field, edit: Edit<'_>, _out: &mut Out) {
        let (text, len) = edit.parts();
        w.token.edited(field, text, len, &w.env);
    }

    fn act(&self, w: &mut super::Wizard, action: Action, out: &mut Out) {
        let t = &mut w.token;
        match action {
            Action::FocusNext | Action::FocusPrev => t.token_focused = !t.token_focused,
            Action::Next if t.passed() => out.onward = true,
            Action::Next => t.check(&w.env, &mut w.jobs, out),
            _ => {}
        }
    }

    /// The first empty field takes the focus.
    fn arrive(&self, w: &mut super::Wizard, _out: &mut Out) {
        if w.token.target.is_none() {
            w.token.token_focused = false;
        } else if w.token.token_len == 0 {
            w.token.token_focused = true;
        }
    }

    /// The check's result, judged against the scopes the service needs.
    fn on_event(
        &self,
        w: &mut super::Wizard,
        _job: (JobId, JobKind),
        event: JobEvent,
        out: &mut Out,
    ) {
        let t = &mut w.token;
        match event {
            JobEvent::TokenChecked(Ok(facts)) => {
                let needed: Vec<&str> = (w.service.chosen(&w.services))
                    .and_then(|s| s.token.as_ref())
                    .map(|t| t.scopes.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                let missing = (facts.scopes.as_ref())
                    .map(|g| scopes::missing(g, &needed))
                    .unwrap_or_default();
                t.phase = Phase::Checked {
                    scopes: facts.scopes,
                    missing,
                    lists_hooks: facts.lists_hooks,
                };
                out.save = true;
            }
            JobEvent::TokenChecked(Err(f)) => t.phase = Phase::Failed(f),
            _ => {}
        }
        if let Some(target) = t.target() {
            out.flavor = Some(match target.flavor {
                ApiFlavor::Cloud => Flavor::Cloud,
                ApiFlavor::DataCenter => Flavor::DataCenter,
            });
        }
    }

    fn cancelled(&self, w: &mut super::Wizard, _kind: JobKind) {
        w.token.phase = Phase::Form;
    }
}

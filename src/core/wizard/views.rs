//! The narrow views the screens draw from: each screen gets what it shows and nothing of the
//! other steps' state.

use std::path::Path;

use crate::core::step::Step;

use super::Wizard;
use super::clone_url::CloneUrlView;
use super::key_pair::KeyView;
use super::private_key::PrivateKeyView;
use super::public_key::PublicKeyView;
use super::service::ServiceView;

/// A path shortened with `~` for display.
pub fn display_path(home: Option<&Path>, path: &Path) -> String {
    let shown = match home {
        Some(home) if path.starts_with(home) && home != Path::new("/") => {
            let rest = path.strip_prefix(home).unwrap_or(path);
            format!("~/{}", rest.display())
        }
        _ => path.display().to_string(),
    };
    crate::core::display::terminal_safe(&shown).into_owned()
}

/// How a step is marked in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The step on screen.
    Here,
    /// Done.
    Done,
    /// Not done yet.
    Todo,
}

/// What the header shows: where the user is and which steps are done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderView {
    /// The step on screen.
    pub step: Step,
    /// The steps of the chosen service.
    pub route: crate::core::step::Route,
    /// Every numbered step with its mark.
    pub marks: Vec<(Step, Mark)>,
    /// A message about the last request (a job that could not start).
    pub notice: Option<String>,
}

impl Wizard {
    /// The header.
    pub fn header_view(&self) -> HeaderView {
        HeaderView {
            step: self.step,
            route: self.route(),
            marks: self
                .route()
                .numbered()
                .iter()
                .map(|s| {
                    let mark = if *s == self.step {
                        Mark::Here
                    } else if self.is_done(*s) {
                        Mark::Done
                    } else {
                        Mark::Todo
                    };
                    (*s, mark)
                })
                .collect(),
            notice: self.notice.clone(),
        }
    }

    /// The service screen.
    pub fn service_view(&self) -> ServiceView<'_> {
        self.service.view(&self.services)
    }

    /// The key screen.
    pub fn key_view(&self) -> KeyView<'_> {
        let working = self.working_job().map(|j| (j.kind, self.stage()));
        self.key.view(&self.env, self.service(), working)
    }

    /// The public key screen.
    pub fn public_key_view(&self) -> PublicKeyView<'_> {
        let mut v = self.public_key.view(
            &self.env,
            self.key.ready(),
            self.service.flavor(),
            self.service(),
        );
        if self.user_key() {
            v.user_key = self.service().and_then(|s| s.key_choice.as_ref());
        }
        v
    }

    /// The clone URL screen.
    pub fn clone_url_view(&self) -> CloneUrlView<'_> {
        self.url.view(self.service.flavor(), self.service())
    }

    /// The connection test screen.
    pub fn test_view(&self) -> super::test::ConnectionView<'_> {
        let has_key = self.private.test_source(self.key.ready()).is_some();
        let mut v = self
            .test
            .view(self.url.url(), has_key, self.env.home.as_deref());
        v.user_key = self.user_key();
        v.last = self.tested_record().map(super::test::last_line);
        v.reading = (!has_key && self.jobs.any(|k| k == super::jobs::JobKind::LoadKey))
            .then_some("the key file");
        v
    }

    /// The private key screen.
    pub fn private_key_view(&self) -> PrivateKeyView<'_> {
        let loading = self.jobs.any(|k| k == super::jobs::JobKind::LoadPrivateKey);
        self.private
            .view(&self.env, self.key.ready(), loading, self.service())
    }
}

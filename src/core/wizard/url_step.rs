//! The clone URL step's transitions: checking the field's text, accepting bblink's repair,
//! copying the SSH URL, and taking the flavor from a usable URL.

use super::{CloneUrlState, CopyState, Effect, JobKind, Step, Wizard};
use crate::core::clone_url::{self, UrlFlavor};
use crate::core::secret::Secret;

impl Wizard {
    /// The field's text changed (typed, pasted, cleared). A paste is a whole value: once it is
    /// usable or repairable the field lets go of focus so Enter and `c` act on it.
    pub(super) fn on_url_text(&mut self, text: &Secret, pasted: bool) -> Vec<Effect> {
        if matches!(self.job, Some(j) if j.kind == JobKind::CopyUrl) {
            // A copy of the previous URL may still report; it must not mark this one copied.
            self.job = None;
        }
        let u = &mut self.url;
        u.note = None;
        u.copy = CopyState::Idle;
        u.repaired = false;
        if text.expose().trim().is_empty() {
            u.check = None;
            u.field_focused = true;
            return Vec::new();
        }
        let check = clone_url::check(text.expose());
        if pasted && check.ssh_url.is_some() {
            u.field_focused = false;
        }
        u.check = Some(check);
        self.adopt_flavor();
        if pasted && self.url.url().is_some() {
            return vec![Effect::SaveProgress(self.progress())];
        }
        Vec::new()
    }

    /// Enter: accept the repair, or go on with a usable URL.
    pub(super) fn url_next(&mut self) -> Vec<Effect> {
        let Some(check) = &self.url.check else {
            self.url.note = Some(
                "Paste the SSH clone URL first: in Bitbucket open the repository, click Clone and choose SSH."
                    .into(),
            );
            self.url.field_focused = true;
            return Vec::new();
        };
        if let Some(fix) = check.repair().map(str::to_string) {
            return self.accept_url(fix);
        }
        if check.ok {
            return self.go_to(Step::PrivateKey);
        }
        self.url.note = Some(
            "bblink cannot suggest a URL for this: fix it as described, or paste the URL from Bitbucket's Clone dialog."
                .into(),
        );
        self.url.field_focused = true;
        Vec::new()
    }

    /// Replaces the field's text with bblink's SSH URL.
    fn accept_url(&mut self, url: String) -> Vec<Effect> {
        self.show_url(url, true);
        self.adopt_flavor();
        vec![Effect::SaveProgress(self.progress())]
    }

    /// Puts one of bblink's SSH URLs in the field, checked, without focus.
    fn show_url(&mut self, url: String, repaired: bool) {
        self.url = CloneUrlState {
            check: Some(clone_url::check(&url)),
            repaired,
            ..CloneUrlState::default()
        };
        self.incoming_url = Some(url);
    }

    /// `c`: copies the SSH URL (a repair is accepted first, so the field shows what was copied).
    pub(super) fn copy_url(&mut self) -> Vec<Effect> {
        let Some(check) = &self.url.check else {
            self.url.note = Some("Nothing to copy yet: paste the clone URL first.".into());
            return Vec::new();
        };
        let Some(url) = check.ssh_url.clone() else {
            self.url.note = Some("No SSH URL to copy: fix the URL first.".into());
            return Vec::new();
        };
        if self.job.is_some() {
            return Vec::new();
        }
        let mut effects = Vec::new();
        if check.repair().is_some() {
            effects = self.accept_url(url.clone());
        }
        self.url.copy = CopyState::Copying;
        let job = self.new_job(JobKind::CopyUrl);
        effects.push(Effect::Copy { job, text: url });
        effects
    }

    /// `x`: empties the field.
    pub(super) fn clear_url(&mut self) -> Vec<Effect> {
        if matches!(self.job, Some(j) if j.kind == JobKind::CopyUrl) {
            self.job = None;
        }
        self.url = CloneUrlState::focused();
        self.incoming_url = Some(String::new());
        Vec::new()
    }

    /// Restores a saved URL (already re-checked when the saved progress was read).
    pub(super) fn restore_url(&mut self, url: &str) {
        self.show_url(url.to_string(), false);
    }

    /// A usable URL says which Bitbucket it is; the Service step's choice follows it.
    fn adopt_flavor(&mut self) {
        let Some(check) = self.url.check.as_ref().filter(|c| c.ok) else {
            return;
        };
        let Some(flavor) = check.flavor.and_then(UrlFlavor::bitbucket) else {
            return;
        };
        if flavor != self.flavor {
            self.url.note = Some(format!(
                "This is a {} URL, so bblink switched from {} (step 1).",
                flavor.name(),
                self.flavor.name()
            ));
            self.flavor = flavor;
        }
    }
}

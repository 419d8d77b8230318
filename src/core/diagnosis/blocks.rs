//! What a command's lines tell about the others: a webhook delivery shown with its answer,
//! the kind of the last address, whether the log is a Git command's at all. Judged per block
//! (one command's output), at the end of the log. Also what a part's steps overcame, and a
//! credential prompt left waiting.

use crate::core::catalog::{Mark, Role, Stage};

use super::lines::{contains_ci, last_address, other_atlassian_rest};
use super::{BLOCKS_KEPT, Confidence, Diagnoser, Hit, http, remember};

/// Parts of commands (a command, each `Cloning into` of it): a step that finished (a transfer
/// at 100%, a key added, a ref pushed) overcomes the failures of its own part only.
#[derive(Debug, Default)]
pub(super) struct Parts {
    /// The current part.
    pub(super) segment: usize,
    /// The part whose failure lines no finished step has followed yet.
    failing: Option<usize>,
    /// A part ended with a failure no finished step followed.
    stayed: bool,
    /// The part where a prompt (a passphrase, HTTPS credentials) was asked for or failed.
    prompt: Option<usize>,
    /// The last parts that had a step finish, each with its last such line.
    finished: Vec<(usize, usize)>,
    /// Entries a message showed in the current part since its last finished step (the first
    /// few): a step that finishes overcomes them.
    recent: Vec<usize>,
    /// For each entry, the last line of a finished step that overcame it (0: none).
    pub(super) overcome_at: Vec<usize>,
    /// The last commands run (a hash of the command line, the entries shown in its output):
    /// the same command run again and finishing overcomes what the first run showed.
    commands: Vec<(u64, Vec<usize>)>,
    /// The command the current one runs again (an index into `commands`).
    retry_of: Option<usize>,
    /// The last line where a command run again finished a step.
    retried_at: usize,
    /// The last failure line.
    last_failure: usize,
}

impl Parts {
    /// The parts of a log read against a catalog of `entries` entries.
    pub(super) fn new(entries: usize) -> Self {
        Parts {
            overcome_at: vec![0; entries],
            ..Parts::default()
        }
    }
}

impl Parts {
    /// A message showed `entry` in the current part.
    pub(super) fn shown(&mut self, entry: usize) {
        if self.recent.len() < 32 && !self.recent.contains(&entry) {
            self.recent.push(entry);
        }
        if let Some((_, shown)) = self.commands.last_mut()
            && shown.len() < 32
            && !shown.contains(&entry)
        {
            shown.push(entry);
        }
    }

    /// A command starts (its line, with the prompt): remembered, and whether it runs an
    /// earlier one again (a retry).
    pub(super) fn command(&mut self, line: &[u8]) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        line.trim_ascii().hash(&mut h);
        let key = h.finish();
        self.retry_of = self.commands.iter().rposition(|(k, _)| *k == key);
        if self.commands.len() == 16 {
            self.commands.remove(0);
            self.retry_of = self.retry_of.and_then(|i| i.checked_sub(1));
        }
        self.commands.push((key, Vec::new()));
    }

    /// A step finished at line `n`: what failed before in this part, and in the run this
    /// command repeats, was overcome.
    /// The whole job succeeded at line `n`: every failure shown before was overcome.
    pub(super) fn job_succeeded(&mut self, n: usize) {
        self.retried_at = self.retried_at.max(n);
        for at in &mut self.overcome_at {
            *at = (*at).max(n);
        }
    }

    fn finished_step(&mut self, n: usize) {
        let again = self
            .retry_of
            .and_then(|i| self.commands.get(i))
            .map(|(_, shown)| shown.clone())
            .unwrap_or_default();
        if !again.is_empty() {
            self.retried_at = n;
        }
        for i in std::mem::take(&mut self.recent).into_iter().chain(again) {
            if let Some(at) = self.overcome_at.get_mut(i) {
                *at = n;
            }
        }
    }
}

impl Diagnoser<'_> {
    /// What a mark tells of the command (block) it is in.
    pub(super) fn block_mark(&mut self, mark: Mark, col: usize, line: &[u8]) {
        let block = self.block;
        match mark {
            // curl's own error shares git's wording ("The requested URL returned error").
            Mark::GitHttp if !line.trim_ascii_start().starts_with(b"curl: (") => {
                remember(&mut self.git_blocks, block);
            }
            Mark::Bitbucket if !other_atlassian_rest(line) => {
                remember(&mut self.bitbucket_blocks, block);
            }
            // `git` starting a word (not "legitimate", "digit").
            Mark::Git => self.saw_git |= col == 0 || !line[col - 1].is_ascii_alphabetic(),
            Mark::DeliveryStatus => remember(&mut self.delivery_status_blocks, block),
            Mark::Delivery if self.deliveries.last().is_none_or(|d| d.0 != block) => {
                if self.deliveries.len() == BLOCKS_KEPT {
                    self.deliveries.remove(0);
                }
                self.deliveries.push((block, self.block_start, usize::MAX));
            }
            _ => {}
        }
    }

    /// Remembers the kind of the line's last address (sentences printed for SSH and HTTPS alike
    /// are about it).
    pub(super) fn address_seen(&mut self, line: &[u8]) {
        if let Some(kind) = last_address(line) {
            self.last_address = Some((self.block, kind));
        }
    }

    /// Whether a block shows a webhook delivery and the receiver's answer to it as Bitbucket's
    /// request log shows them (headers and `HTTP status:`): only then is a status in it the
    /// receiver's, not an API call's the receiver made meanwhile.
    pub(super) fn delivery_answered(&self, block: usize) -> bool {
        self.deliveries.iter().any(|d| d.0 == block) && self.delivery_status_blocks.contains(&block)
    }

    /// A server's status message (`Bad Gateway`, an API status's words) among a webhook
    /// delivery's lines is the receiver's answer to the delivery, not Bitbucket's API's.
    pub(super) fn deliveries_answered(&mut self) {
        let Some(delivery) = self.catalog.index("webhook_delivery_failed") else {
            return;
        };
        let ids = http::API_STATUS
            .iter()
            .map(|(_, id)| *id)
            .chain([http::SERVER_ERROR]);
        let api: Vec<usize> = ids.filter_map(|id| self.catalog.index(id)).collect();
        for i in api {
            let inside = self.hits[i].as_ref().is_some_and(|h| {
                self.deliveries
                    .iter()
                    .any(|d| (d.1..=d.2).contains(&h.first) && self.delivery_answered(d.0))
            });
            if !inside {
                continue;
            }
            if let Some(h) = self.hits[i].take() {
                let how = (Role::Symptom, Stage::Webhook, Confidence::Inferred);
                let text = h.evidence.first().map(|e| e.text.clone());
                self.hit(delivery, how, h.first, text, false);
            }
        }
    }

    /// A certificate refused in a log that never says `git` is a REST call's (a tool's HTTP
    /// client), not Git over HTTPS.
    pub(super) fn tls_outside_git(&mut self) {
        if !self.saw_git
            && let (Some(git), Some(api)) = (
                self.catalog.index("https_tls_failed"),
                self.catalog.index("api_tls_failed"),
            )
            && self.hits[api].is_none()
            && let Some(mut hit) = self.hits[git].take()
        {
            hit.confidence = Confidence::Inferred;
            hit.stage = Stage::Api;
            self.hits[api] = Some(hit);
        }
    }

    /// HTTP error statuses no message explained, judged once the whole log is read.
    pub(super) fn judge_statuses(&mut self) {
        // An HTTP error status no message explains, outside Git over HTTPS, in a command that
        // names Bitbucket, or on a line about repositories in a log that names no server at all
        // (a tool's one error line pasted for Bitbucket's sake): a REST call's.
        let unnamed = self.bitbucket_blocks.is_empty() && !self.other_host;
        let delivery = self.catalog.index("webhook_delivery_failed");
        for p in std::mem::take(&mut self.statuses) {
            // Next to a webhook delivery's headers, an error status is the receiver's answer.
            if let Some(i) = delivery.filter(|_| self.delivery_answered(p.block)) {
                let text = self.wants_evidence(i, p.line).then_some(p.text);
                let how = (Role::Symptom, Stage::Webhook, Confidence::Inferred);
                self.hit(i, how, p.line, text, false);
                continue;
            }
            // Git's own statuses are judged by git's messages; a status from a command that
            // never names Bitbucket, in a log that names another server, is that server's.
            // A 401 says what was refused whatever the line says: the credential.
            if self.git_blocks.contains(&p.block)
                || self.http_named_blocks.contains(&p.block)
                || !((unnamed && (p.about_repositories || p.from_curl || p.code == 401))
                    || p.data_center_rest
                    || self.bitbucket_blocks.contains(&p.block))
            {
                continue;
            }
            if let Some(i) = http::api_id(p.code).and_then(|id| self.catalog.index(id)) {
                let text = self.wants_evidence(i, p.line).then_some(p.text);
                let how = (Role::Symptom, Stage::Api, Confidence::Inferred);
                self.hit(i, how, p.line, text, false);
            }
        }
    }

    /// A passphrase asked for or refused (entry `entry`): remembered with its command and part.
    pub(super) fn passphrase_asked(&mut self, entry: usize) {
        if Some(entry) == self.passphrase_required {
            self.passphrase_block = Some(self.block);
        }
        if self.prompts().contains(&Some(entry)) {
            self.parts.prompt = Some(self.parts.segment);
        }
    }

    /// A new part starts (a command, a `Cloning into`).
    pub(super) fn new_part(&mut self) {
        self.parts.segment += 1;
        self.parts.recent.clear();
    }

    /// A failure line in the current part (command or clone): it stays a failure unless a
    /// step of the same part finishes after it.
    pub(super) fn failure_in_part(&mut self, n: usize) {
        self.parts.last_failure = n;
        if self.parts.failing.is_some_and(|s| s != self.parts.segment) {
            self.parts.stayed = true;
        }
        self.parts.failing = Some(self.parts.segment);
    }

    /// A step that finished (a transfer at 100%, a key added, a ref pushed) at line `n`: the
    /// failures of its part were overcome, and a passphrase asked for (or mistyped) in it was
    /// typed in the end.
    pub(super) fn step_finished(&mut self, n: usize) {
        if self.parts.failing == Some(self.parts.segment) {
            self.parts.failing = None;
        }
        // What failed before in this part, or in the first run of a command run again, was
        // overcome: a retry that worked, a key tried after another, a prompt answered.
        self.parts.finished_step(n);
        match self.parts.finished.last_mut() {
            Some((s, line)) if *s == self.parts.segment => *line = n,
            _ => {
                if self.parts.finished.len() == BLOCKS_KEPT {
                    self.parts.finished.remove(0);
                }
                self.parts.finished.push((self.parts.segment, n));
            }
        }
        if self.parts.prompt == Some(self.parts.segment) {
            for p in self.prompts().into_iter().flatten() {
                self.resolved[p] = n;
            }
        }
    }

    /// The entries of a prompt that failed or was answered wrong (a passphrase, HTTPS
    /// credentials), which a step that finished afterwards in the same part overcomes.
    pub(super) fn prompts(&self) -> [Option<usize>; 3] {
        [
            self.passphrase_required,
            self.passphrase_incorrect,
            self.credential_prompt,
        ]
    }

    /// Whether a passphrase message (judged late, with its context) at `line` of part
    /// `segment` was followed by a step of the same part that finished.
    pub(super) fn typed_before_a_finished_step(
        &self,
        entry: usize,
        segment: usize,
        line: usize,
    ) -> bool {
        self.prompts().contains(&Some(entry))
            && self
                .parts
                .finished
                .iter()
                .any(|&(s, l)| s == segment && l > line)
    }

    /// Whether the log's every failure line was followed by a finished step of its own part,
    /// or the last one by a command run again that finished.
    pub(super) fn failures_overcome(&self) -> bool {
        self.error_count > 0
            && ((!self.parts.stayed && self.parts.failing.is_none())
                || self.parts.retried_at > self.parts.last_failure)
    }

    /// Whether the line belongs to a private key block (so nothing of it is read or kept).
    pub(super) fn key_line(&mut self, line: &[u8], begins: bool, ends: bool) -> bool {
        if self.in_key {
            if ends {
                self.in_key = false;
                return true;
            }
            // A key cut short (no `END` line): the first line that is no part of a key is the
            // log again.
            if crate::core::input::key_body_line(line) {
                return true;
            }
            self.in_key = false;
        }
        if begins {
            self.in_key = !ends;
            return true;
        }
        false
    }
}

impl Diagnoser<'_> {
    /// A log that ends at an unanswered credential prompt (a CI job that hung there until it
    /// was stopped), or shows only unexplained errors after one: git needed credentials that
    /// nobody gave.
    pub(super) fn left_waiting(&self, overcome: bool) -> Option<(usize, Hit)> {
        let prompt = self.waiting_prompt.as_ref()?;
        // Errors before the prompt are what made git ask (a credential helper that failed):
        // they are the failure, not the prompt.
        if self.errors.iter().any(|e| e.line < prompt.line) {
            return None;
        }
        // A password is never shown as it is typed, so only a user name prompt shows that
        // nobody answered before the job failed.
        let user_prompt = contains_ci(prompt.text.as_bytes(), b"username for");
        let failed_after = user_prompt
            && !overcome
            && (self.errors.iter().any(|e| e.line > prompt.line)
                || self.job_failed.is_some_and(|n| n > prompt.line));
        if prompt.line != self.last_text_line && !failed_after {
            return None;
        }
        let i = self.catalog.index("https_auth_failed")?;
        Some((
            i,
            Hit {
                count: 1,
                last: prompt.line,
                first: prompt.line,
                role: Role::Root,
                specific: false,
                stage: Stage::Http,
                confidence: Confidence::Inferred,
                priority: None,
                evidence: vec![prompt.clone()],
            },
        ))
    }
}

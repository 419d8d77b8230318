//! What a command's lines tell about the others: a webhook delivery shown with its answer,
//! the kind of the last address, whether the log is a Git command's at all. Judged per block
//! (one command's output), at the end of the log.

use crate::core::catalog::{Mark, Role, Stage};

use super::lines::last_address;
use super::{BLOCKS_KEPT, Confidence, Diagnoser, http, remember};

impl Diagnoser<'_> {
    /// What a mark tells of the command (block) it is in.
    pub(super) fn block_mark(&mut self, mark: Mark, col: usize, line: &[u8]) {
        let block = self.block;
        match mark {
            // curl's own error shares git's wording ("The requested URL returned error").
            Mark::GitHttp if !line.trim_ascii_start().starts_with(b"curl: (") => {
                remember(&mut self.git_blocks, block);
            }
            Mark::Bitbucket => remember(&mut self.bitbucket_blocks, block),
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
}

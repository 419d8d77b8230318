//! What a failing command's address tells: an SSH URL without a user, an scp-like address
//! with a port, an address git cannot read.

use super::{
    Confidence, Diagnoser, Role, Stage, evidence_text, ssh_address_without_colon,
    ssh_url_without_user, userless_ssh_url,
};

impl Diagnoser<'_> {
    /// Remembers an `ssh://` URL without a user, for a refused key in the same command.
    pub(super) fn url_without_user(&mut self, n: usize, line: &[u8]) {
        let block = self.block;
        if self.userless.last().is_some_and(|(b, _, _)| *b == block) || !ssh_url_without_user(line)
        {
            return;
        }
        if self.userless.len() == 4 {
            self.userless.remove(0);
        }
        self.userless
            .push((block, n, evidence_text(userless_ssh_url(line))));
    }

    /// A refused key after a URL without a user, unless a later login overcame the refusal.
    pub(super) fn user_missing(&mut self) {
        let (Some(denied), Some(i)) = (self.publickey_denied, self.ssh_user_missing) else {
            return;
        };
        let overcome = self.hits[denied]
            .as_ref()
            .is_none_or(|h| self.resolved[denied] > h.last);
        if let Some((at, url)) = self.userless_denied.take()
            && !overcome
        {
            let how = (Role::Root, Stage::Auth, Confidence::Inferred);
            self.hit(i, how, at, Some(url), false);
        }
    }

    /// A failure in the command that used an scp-like address with a port: the port was taken
    /// for the path's start, so ssh dialled port 22 (or the server found no such repository).
    /// The address's form is the evidence, as a message would be, and it comes before any
    /// connection: the refused or timed-out port 22 that follows is its consequence.
    pub(super) fn port_in_scp_address(&mut self) {
        if let Some(i) = self.ssh_url_malformed
            && self
                .scp_port
                .as_ref()
                .is_some_and(|(b, _, _)| *b == self.block)
            && let Some((_, at, text)) = self.scp_port.take()
        {
            let how = (Role::Root, Stage::Local, Confidence::Known);
            self.hit(i, how, at, Some(text), false);
        }
    }

    /// A failure line that quotes an SSH address git cannot read (`git@host/path`).
    pub(super) fn address_without_colon(
        &mut self,
        n: usize,
        line: &[u8],
        shown: &mut Option<String>,
    ) {
        if let Some(i) = self.ssh_url_malformed
            && ssh_address_without_colon(line)
        {
            let text = self
                .wants_evidence(i, n)
                .then(|| shown.get_or_insert_with(|| evidence_text(line)).clone());
            let how = (Role::Root, Stage::Repo, Confidence::Inferred);
            self.hit(i, how, n, text, false);
        }
    }
}

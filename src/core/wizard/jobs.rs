//! The wizard's record of background jobs: which run, what they do, which step owns their
//! results. One foreground job at a time (the one with a spinner); a second request is refused
//! with a message, never dropped silently. Background jobs (clearing the clipboard later) run
//! beside it. Every job is stopped through an [`Effect::Cancel`](super::Effect::Cancel) when
//! its owner gives up on it or the wizard quits.

use crate::core::ssh_keys::KeyAlgorithm;
use crate::core::step::Step;

/// Identifies a background job so late results can be told from current ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct JobId(pub u64);

/// Kinds of background work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Generating a key of this type.
    Generate(KeyAlgorithm),
    /// Reading and checking a key file.
    LoadKey,
    /// Removing a key file's passphrase into a new file.
    UnlockKey,
    /// Copying the public key.
    CopyPublicKey,
    /// Writing the public key file.
    WritePublicKey,
    /// Copying the SSH URL.
    CopyUrl,
    /// Reading a key file for the private key step.
    LoadPrivateKey,
    /// Copying the private key.
    CopyPrivateKey,
    /// Writing the private key to a file.
    WritePrivateKey,
    /// Clearing the copied private key from the clipboard after a delay.
    ClearClipboard,
    /// Testing the connection.
    TestConnection,
    /// Calling Bitbucket's API (access keys).
    Api,
    /// Copying a value of a service-URL, consumer, webhook or done screen.
    CopyValue,
    /// Checking an OAuth consumer.
    CheckConsumer,
    /// Checking an access token.
    CheckToken,
    /// Making a webhook secret.
    NewSecret,
    /// Creating the webhook.
    SaveHook,
    /// Checking this machine's SSH and git setup (troubleshooting).
    Doctor,
}

impl JobKind {
    /// Runs beside the foreground job and shows no spinner.
    pub fn background(self) -> bool {
        // The doctor runs beside a connection test; troubleshooting shows its own progress.
        matches!(self, JobKind::ClearClipboard | JobKind::Doctor)
    }

    /// Shows progress on its step, where Esc cancels it.
    pub fn cancellable(self) -> bool {
        matches!(
            self,
            JobKind::Generate(_)
                | JobKind::LoadKey
                | JobKind::UnlockKey
                | JobKind::TestConnection
                | JobKind::Api
                | JobKind::CheckConsumer
                | JobKind::CheckToken
                | JobKind::SaveHook
        )
    }

    /// What it does, for a sentence ("… is still running").
    pub fn describe(self) -> String {
        match self {
            JobKind::Generate(a) => format!("generating the {} key", a.display_name()),
            JobKind::LoadKey => "reading the key file".into(),
            JobKind::UnlockKey => "removing the passphrase".into(),
            JobKind::CopyPublicKey => "copying the public key".into(),
            JobKind::WritePublicKey => "writing the public key file".into(),
            JobKind::CopyUrl => "copying the SSH URL".into(),
            JobKind::LoadPrivateKey => "reading the private key file".into(),
            JobKind::CopyPrivateKey => "copying the private key".into(),
            JobKind::WritePrivateKey => "writing the private key file".into(),
            JobKind::ClearClipboard => "clearing the clipboard".into(),
            JobKind::TestConnection => "testing the connection".into(),
            JobKind::Api => "talking to Bitbucket's API".into(),
            JobKind::CopyValue => "copying".into(),
            JobKind::CheckConsumer => "checking the OAuth consumer".into(),
            JobKind::CheckToken => "checking the access token".into(),
            JobKind::NewSecret => "making a webhook secret".into(),
            JobKind::SaveHook => "creating the webhook".into(),
            JobKind::Doctor => "checking this machine's SSH and git setup".into(),
        }
    }
}

/// A running job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Job {
    /// Its id.
    pub id: JobId,
    /// What it does.
    pub kind: JobKind,
}

/// A job could not start because this one runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy(pub JobKind);

impl Busy {
    /// The sentence the screen shows; `owner` is the step whose job runs.
    pub fn message(self, owner: Step) -> String {
        format!(
            "Not started: bblink is still {} ({} screen). Wait for it, or cancel it there.",
            self.0.describe(),
            owner.title()
        )
    }
}

/// The running jobs.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    running: Vec<Job>,
    next: u64,
    /// The latest stage a job reported ("Saving the key files…"), for the spinner line of
    /// the full screen and the progress lines of the plain shell alike; it counts only while
    /// that job is the one running (ids are never reused).
    stage: Option<(JobId, String)>,
}

impl Jobs {
    /// Registers a new job, or refuses a foreground job while another runs.
    pub fn start(&mut self, kind: JobKind) -> Result<JobId, Busy> {
        if !kind.background()
            && let Some(job) = self.foreground()
        {
            return Err(Busy(job.kind));
        }
        self.next += 1;
        let id = JobId(self.next);
        self.running.push(Job { id, kind });
        Ok(id)
    }

    /// The kind of a running job; `None` for a job that finished or was cancelled (its
    /// results are stale).
    pub fn kind(&self, id: JobId) -> Option<JobKind> {
        self.running.iter().find(|j| j.id == id).map(|j| j.kind)
    }

    /// Forgets a job that ended.
    pub fn finish(&mut self, id: JobId) -> Option<JobKind> {
        let i = self.running.iter().position(|j| j.id == id)?;
        Some(self.running.remove(i).kind)
    }

    /// A running job says what it does now.
    pub fn report(&mut self, id: JobId, stage: String) {
        if self.kind(id).is_some() {
            self.stage = Some((id, stage));
        }
    }

    /// The latest stage the foreground job reported.
    pub fn stage(&self) -> Option<&str> {
        let job = self.foreground()?;
        self.stage
            .as_ref()
            .filter(|(id, _)| *id == job.id)
            .map(|(_, s)| s.as_str())
    }

    /// The foreground job, if one runs.
    pub fn foreground(&self) -> Option<Job> {
        self.running.iter().copied().find(|j| !j.kind.background())
    }

    /// Whether a job of a kind matching `pred` runs.
    pub fn any(&self, pred: impl Fn(JobKind) -> bool) -> bool {
        self.running.iter().any(|j| pred(j.kind))
    }

    /// Forgets the jobs matching `pred` and returns their ids, to cancel.
    pub fn drop_where(&mut self, pred: impl Fn(JobKind) -> bool) -> Vec<JobId> {
        let (gone, kept) = self.running.iter().partition(|j| pred(j.kind));
        self.running = kept;
        gone.into_iter().map(|j: Job| j.id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_foreground_job_at_a_time_and_background_jobs_beside_it() {
        let mut jobs = Jobs::default();
        let a = jobs.start(JobKind::LoadKey).expect("first");
        assert_eq!(jobs.start(JobKind::CopyUrl), Err(Busy(JobKind::LoadKey)));
        let clear = jobs.start(JobKind::ClearClipboard).expect("background");
        assert_eq!(jobs.finish(a), Some(JobKind::LoadKey));
        assert_eq!(jobs.kind(a), None, "a finished job's results are stale");
        assert!(jobs.start(JobKind::CopyUrl).is_ok());
        assert_eq!(jobs.drop_where(JobKind::background), vec![clear]);
        let b = jobs.foreground().expect("the copy").id;
        assert_eq!(jobs.stage(), None);
        jobs.report(b, "Copying…".into());
        jobs.report(a, "a stale stage".into());
        assert_eq!(
            jobs.stage(),
            Some("Copying…"),
            "a finished job reports no more"
        );
        jobs.finish(b);
        assert_eq!(jobs.stage(), None, "the stage goes with its job");
        assert!(
            Busy(JobKind::LoadKey)
                .message(Step::KeyPair)
                .contains("reading the key file (Key pair screen)")
        );
    }
}

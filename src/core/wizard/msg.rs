//! What goes into the wizard ([`Msg`]), what comes out ([`Effect`]), and the facts injected
//! from outside ([`Env`]). Results of background work come back as [`JobEvent`]s tagged with
//! the job's id; a job may send several before its last.

use std::path::PathBuf;

use crate::core::errors::{CopyError, ReadError, WriteError};
use crate::core::key_file::{GenerateRequest, KeyJobError, ReadyKey};
use crate::core::keyboard::Action;
use crate::core::progress::Progress;
use crate::core::secret::Secret;

use super::jobs::JobId;

mod env;
pub use env::{Env, Os};

/// A text field. The UI owns the text; the wizard is told of every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The key label.
    Label,
    /// The path of an existing private key.
    ExistingPath,
    /// The private key text area (its text is never kept by the wizard).
    PrivateKey,
    /// The clone URL (its text is never kept by the wizard: it may hold a token).
    CloneUrl,
    /// The passphrase of a key file, typed masked to remove it (never kept).
    Passphrase,
    /// The troubleshooting filter.
    TroubleFilter,
    /// The log pasted into troubleshooting (its text is never kept by the wizard).
    TroubleLog,
    /// The repository's clone URL for the API (parsed at once; the text is not kept).
    ApiRepo,
    /// The Atlassian account email for a Cloud API token.
    ApiEmail,
    /// The API token, masked (never sent to the wizard).
    ApiToken,
    /// The service's own URL (OAuth and webhook services).
    ServiceUrl,
    /// The OAuth consumer's key.
    OauthKey,
    /// The OAuth consumer's secret, masked (never sent to the wizard).
    OauthSecret,
    /// The repository's clone URL for the access token check.
    HookRepo,
    /// The repository access token, masked (never sent to the wizard).
    HookToken,
    /// The webhook secret, masked (never sent to the wizard).
    HookSecret,
}

impl Field {
    /// Masked fields: their text never reaches the wizard, only its length.
    pub fn masked(self) -> bool {
        matches!(
            self,
            Field::Passphrase
                | Field::ApiToken
                | Field::OauthSecret
                | Field::HookToken
                | Field::HookSecret
        )
    }
}

/// A call to Bitbucket's API for the access-key screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiCall {
    /// The repository.
    pub target: crate::core::bitbucket::ApiTarget,
    /// The account email (Basic auth), or none (Bearer).
    pub email: Option<String>,
    /// The token (a field, filled in by the shell).
    pub token: SecretSource,
    /// Extra certificate authorities.
    pub ca_file: Option<PathBuf>,
    /// What to do.
    pub op: ApiOp,
}

/// What an [`ApiCall`] does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiOp {
    /// Add this public key (unless its fingerprint is there).
    Add {
        /// The OpenSSH public key line.
        public_line: String,
        /// Its fingerprint.
        fingerprint: String,
        /// The label.
        label: String,
    },
    /// List the keys, marking the one with this fingerprint.
    List {
        /// The key in use.
        this: Option<String>,
    },
    /// Remove this key.
    Remove(Box<crate::core::bitbucket::AccessKey>),
    /// Generate a new key, add it and test it (the old key stays).
    Rotate {
        /// The key being replaced.
        old: Box<crate::core::bitbucket::AccessKey>,
        /// The new key.
        generate: Box<GenerateRequest>,
        /// The connection test with the new key.
        test: Option<Box<crate::core::conntest::Request>>,
    },
}

/// Where secret text for an effect comes from: the wizard never holds a pasted key or a
/// passphrase, so it names the field or file and the shell fills in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// This text (a repaired key the check produced).
    Text(Secret),
    /// A text field's contents (the shell replaces this with [`SecretSource::Text`]).
    Field(Field),
    /// A key file's contents.
    File(PathBuf),
}

/// A private key file's text, read for the private key step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyText {
    /// The file.
    pub path: PathBuf,
    /// Its contents.
    pub text: Secret,
    /// Other users can read it.
    pub readable_by_others: bool,
}

/// What a background job reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEvent {
    /// A stage of a longer job, for the screen (never a secret); more events follow.
    Progress(String),
    /// A generated, loaded or unlocked key, or why not.
    KeyReady(Result<ReadyKey, KeyJobError>),
    /// The system clipboard took the text, or why not.
    Copied(Result<(), CopyError>),
    /// A file was written, or why not.
    Written(Result<PathBuf, WriteError>),
    /// A private key file was read, or why not.
    KeyFileRead(Result<KeyText, ReadError>),
    /// The delay passed: the clipboard was cleared if it still held the key.
    ClipboardCleared,
    /// A stage of the connection test began or ended; more events follow.
    TestProgress(crate::core::conntest::Progress),
    /// The connection test's result.
    Tested(Box<crate::core::conntest::Outcome>),
    /// An access-key call's result.
    Api(Box<crate::core::bitbucket::ApiOutcome>),
    /// An OAuth consumer check's result.
    Consumer(Result<crate::core::bitbucket::oauth::OauthCheck, crate::core::bitbucket::ApiFailure>),
    /// An access token check's result: the scopes Bitbucket reported (none on Data Center).
    TokenChecked(
        Result<crate::core::bitbucket::scopes::TokenFacts, crate::core::bitbucket::ApiFailure>,
    ),
    /// A new webhook secret (the wizard puts it in its field and keeps only its length).
    SecretMade(Secret),
    /// This machine's SSH and git setup, checked.
    Doctor(Box<crate::core::doctor::Report>),
    /// The webhook was saved: what was done, and its id.
    HookSaved(
        Result<
            (crate::core::bitbucket::hooks::HookAction, String),
            crate::core::bitbucket::ApiFailure,
        >,
    ),
}

impl JobEvent {
    /// Whether this is the job's last word (a job may report progress before it).
    pub fn is_final(&self) -> bool {
        !matches!(self, JobEvent::Progress(_) | JobEvent::TestProgress(_))
    }
}

/// How a field's text came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Typed: the field's text after an edit.
    Typed,
    /// Given whole, as it arrived: a paste (a clone URL is cleaned, a private key replaces
    /// what was there), or the plain shell's answer.
    Given,
}

/// What the wizard is told.
#[derive(Debug)]
pub enum Msg {
    /// The time now as the shell's clock reads it (`2026-12-05 18:40 UTC`), sent before a
    /// job's report and a private key's text so what they record carries when.
    Clock(String),
    /// Something the user asked for (a key resolved by the UI's tables, or a test).
    Action(Action),
    /// A field's new text: after an edit, or given whole (a paste, the plain shell's answer).
    /// The step on screen decides what a value given whole is for; its owner checks it.
    Text(Field, Secret, Entry),
    /// Option `n` of one of the step's lists (a shell that does not use the arrows).
    Choose(super::page::List, usize),
    /// Copy value `n` of the step's page.
    CopyValue(usize),
    /// A clone URL pasted on the connection test screen: another repository to test.
    OtherRepoUrl(Secret),
    /// A masked field's text changed: only its length reaches the wizard.
    SecretLen(Field, usize),
    /// A background job reports.
    Job(JobId, JobEvent),
    /// The progress could not be saved (a read-only state directory, a full disk).
    SaveFailed(String),
    /// SIGTERM/SIGHUP: save and leave.
    Terminate,
}

impl Msg {
    /// A field's text after an edit.
    pub fn typed(field: Field, text: impl Into<String>) -> Self {
        Self::Text(field, Secret::new(text.into()), Entry::Typed)
    }

    /// A field's value given whole (a paste, an answer).
    pub fn given(field: Field, text: impl Into<String>) -> Self {
        Self::Text(field, Secret::new(text.into()), Entry::Given)
    }
}

/// Work for the shell (the UI's runner, or the UI itself for fields and the terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Generate a key pair off the render loop and save it.
    GenerateKey {
        /// The job.
        job: JobId,
        /// What to generate, where.
        request: GenerateRequest,
    },
    /// Read an existing key file's public half.
    LoadKey {
        /// The job.
        job: JobId,
        /// The private key file.
        path: PathBuf,
    },
    /// Put text on the system clipboard.
    Copy {
        /// The job.
        job: JobId,
        /// The text (a public key or a URL: not a secret).
        text: String,
    },
    /// Put a private key on the system clipboard.
    CopySecret {
        /// The job.
        job: JobId,
        /// The key.
        source: SecretSource,
    },
    /// After `seconds`, clear the clipboard if it still holds what the `copy` job put there;
    /// cancelling the job (or quitting) clears it at once.
    ClearClipboardLater {
        /// The job.
        job: JobId,
        /// The copy job whose text to clear.
        copy: JobId,
        /// The delay.
        seconds: u64,
    },
    /// Write a private key to a new file, mode 0600, never replacing one.
    WriteSecret {
        /// The job.
        job: JobId,
        /// The key.
        source: SecretSource,
        /// Where (`path-2`, … when taken).
        path: PathBuf,
    },
    /// Remove the passphrase of an OpenSSH key file into a new file beside it (in `keys_dir`
    /// when the file is inside a git work tree).
    UnlockKey {
        /// The job.
        job: JobId,
        /// The protected key file.
        path: PathBuf,
        /// The passphrase.
        passphrase: SecretSource,
        /// bblink's keys directory.
        keys_dir: PathBuf,
    },
    /// Send text to the terminal's clipboard with an OSC 52 escape (from the render thread).
    Osc52 {
        /// The text.
        text: String,
    },
    /// Write the public key line to a new file.
    WritePublicKey {
        /// The job.
        job: JobId,
        /// The public key line.
        text: String,
        /// Where.
        path: PathBuf,
    },
    /// Read a private key file for the private key step.
    LoadPrivateKeyFile {
        /// The job.
        job: JobId,
        /// The file.
        path: PathBuf,
    },
    /// Test the connection with this key (written to a private temporary file for ssh).
    TestConnection {
        /// The job.
        job: JobId,
        /// What to test.
        request: crate::core::conntest::Request,
        /// The private key.
        key: SecretSource,
    },
    /// Call Bitbucket's API for the access-key screens.
    AccessKeys {
        /// The job.
        job: JobId,
        /// The call.
        call: Box<ApiCall>,
    },
    /// Check an OAuth consumer's key and secret at the token endpoint.
    CheckConsumer {
        /// The job.
        job: JobId,
        /// The token endpoint.
        token_url: String,
        /// The consumer key (not a secret).
        key: String,
        /// The secret (a field, filled in by the shell).
        secret: SecretSource,
        /// The scopes the chosen mode needs.
        scopes: Vec<String>,
        /// Extra certificate authorities.
        ca_file: Option<PathBuf>,
    },
    /// Check a repository access token against the repository.
    CheckToken {
        /// The job.
        job: JobId,
        /// The repository.
        target: crate::core::bitbucket::ApiTarget,
        /// The token (a field, filled in by the shell).
        token: SecretSource,
        /// Extra certificate authorities.
        ca_file: Option<PathBuf>,
    },
    /// Make a new webhook secret (random, from the operating system).
    NewSecret {
        /// The job.
        job: JobId,
    },
    /// Create or update the repository's push webhook.
    SaveHook {
        /// The job.
        job: JobId,
        /// The repository.
        target: crate::core::bitbucket::ApiTarget,
        /// The token (a field).
        token: SecretSource,
        /// The webhook's URL and title.
        hook: (String, String),
        /// Its secret (a field).
        secret: SecretSource,
        /// Extra certificate authorities.
        ca_file: Option<PathBuf>,
    },
    /// Check this machine's SSH and git setup (`bblink doctor`), read-only.
    Doctor {
        /// The job.
        job: JobId,
        /// Hosts to check besides Cloud's (the clone URL's), with why.
        hosts: Vec<(String, String)>,
    },
    /// Persist the progress.
    SaveProgress(Box<Progress>),
    /// Replace a text field's contents (a repair, a restored value, a file's text).
    SetField(Field, Secret),
    /// Stop a running job: its process is killed, its result ignored.
    Cancel(JobId),
    /// Leave the program.
    Quit,
}

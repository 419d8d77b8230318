//! Diagnosis: any text (a connection-test transcript, a CI log, a pasted `git clone` failure, a
//! huge `ssh -vvv` session, bblink's own output) read once, line by line, against the messages
//! each client prints for each failure (`assets/troubleshooting/messages/`). What the log shows
//! is placed on the stages of a connection (the client's own files, resolving, connecting, the
//! key exchange and host key, logging in, the repository, pushing; for HTTP: the request's
//! answer), and the primary cause is the one at the first stage that failed: a message that
//! names a cause comes before one that only shows the stage, and a consequence ("Could not
//! read from remote repository") is never a cause. A message that needs a context counts only
//! when the context shows in the same command's output. A log with an evident error that no
//! message explains gets `unrecognised_error`, quoting the lines; "no finding" means the log
//! shows no failure. Memory does not grow with the log: per message a count and a few
//! evidence lines. Evidence is redacted; nothing inside a private key block is read.

mod addresses;
mod blocks;
mod finding;
mod http;
mod lines;
mod reading;
mod unexplained;
mod verbose;

pub use finding::{Confidence, EVIDENCE_CHARS, Evidence, Finding};
pub use lines::looks_binary;

use finding::{evidence_text, finding};

use crate::core::catalog::{Catalog, Found, Mark, Pattern, Role, Stage};
use lines::{
    API_WORDS, ErrorLine, contains_ci, error_line, host_is_not_an_address, last_address,
    names_other_host, scp_address_with_port, ssh_address_without_colon, ssh_url_without_user,
    starts_command, userless_ssh_url,
};

/// Evidence lines kept per finding.
pub const EVIDENCE: usize = 3;
/// A line is judged in windows of this many bytes: a line longer than one window is judged
/// again from a little before each message found past the window before it.
pub const LINE_LIMIT: usize = 64 * 1024;
/// A line longer than this is read up to here, the rest skipped (and the line noted as cut).
pub const LINE_READ: usize = 2 * 1024 * 1024;
/// How much of the text before a message past a line's first window is judged with it.
const WINDOW_BEFORE: usize = 120;
/// Blocks (commands) remembered per text a message needs.
const BLOCKS_KEPT: usize = 64;

/// What the lines showed for one entry.
#[derive(Debug, Clone)]
struct Hit {
    count: usize,
    /// The line last counted (a line that shows two messages of one entry counts once).
    last: usize,
    first: usize,
    /// The strongest role seen, and where.
    role: Role,
    /// A message whose context showed (more specific than the same text without one).
    specific: bool,
    stage: Stage,
    confidence: Confidence,
    /// A message's own priority, when one ranked the finding higher than its entry's.
    priority: Option<u8>,
    evidence: Vec<Evidence>,
}

impl Hit {
    /// Where the finding ranks: a message that names a cause first (a known message before an
    /// inference), at the first stage that failed (by priority, then the most specific);
    /// then the first line that shows a stage failing; consequences and generic errors last.
    fn rank(&self, priority: u8) -> (u8, bool, Stage, u8, bool, usize) {
        let inferred = self.confidence == Confidence::Inferred;
        match self.role {
            Role::Root => (
                0,
                inferred,
                self.stage,
                self.priority.unwrap_or(priority),
                !self.specific,
                self.first,
            ),
            Role::Symptom => (1, inferred, Stage::Local, 0, !self.specific, self.first),
            _ => (2, false, self.stage, priority, false, self.first),
        }
    }
}

/// What the messages on a line say of it, besides the entries they show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineSays {
    Nothing,
    /// A failure no entry explains.
    Unexplained,
    /// A login that worked (a message of [`SUCCESSES`]): not a failure line, whatever words
    /// it has (`FATAL ERROR: Server refused to start a shell/command`, after a login with plink).
    Success,
    /// A message known to be a warning or a note ("Failed to add the host to the list of
    /// known hosts"): not a failure line by its words alone.
    Note,
}

/// The entries whose messages say a login worked.
const SUCCESSES: &[&str] = &["auth_succeeded", "account_key"];

/// A message seen whose context is still to be found: which message (its entry, role, stage
/// and the texts it needs), its line and command, and the line's redacted evidence.
#[derive(Debug, Clone)]
struct Pending {
    message: usize,
    line: usize,
    block: usize,
    segment: usize,
    text: String,
}

/// An HTTP error status seen on a line, judged at the end with its command's context.
#[derive(Debug, Clone)]
struct Status {
    code: u16,
    line: usize,
    block: usize,
    text: String,
    /// The line speaks of what Bitbucket's API serves (repositories, workspaces, webhooks).
    about_repositories: bool,
    /// The line's URL is a Data Center REST path (`/rest/api/1.0/…`, `/rest/build-status/…`):
    /// Data Center runs under the company's own host name, so the host tells nothing.
    data_center_rest: bool,
    /// curl's own error line (`curl: (22) The requested URL returned error: 404`).
    from_curl: bool,
}

/// A diagnosis in progress: feed it lines, then [`Diagnoser::finish`].
#[derive(Debug)]
pub struct Diagnoser<'c> {
    catalog: &'c Catalog,
    hits: Vec<Option<Hit>>,
    /// bblink's own output: where it names an entry first (line, column), and which.
    own: Option<(usize, usize, usize)>,
    /// Every entry bblink's own output names, in the order first named, with that line (a
    /// report of several findings keeps them all; bounded by the catalog's size).
    own_all: Vec<(usize, usize)>,
    /// Messages waiting for a context (bounded).
    pending: Vec<Pending>,
    /// For each text a message needs, the blocks it showed in (the last few).
    needs_seen: Vec<Vec<usize>>,
    /// Lines that show a failure no message explains (for `unrecognised_error`).
    errors: Vec<Evidence>,
    /// Lines that only end a failure (`exit status 1`, a stack frame): shown when no line says
    /// more.
    trailing: Vec<Evidence>,
    error_count: usize,
    /// The last credential prompt that shows no answer (`Username for 'https://…': ` and
    /// nothing typed after it): git waited there for someone to type.
    waiting_prompt: Option<Evidence>,
    /// The last line with text (not blank): a prompt there ended the log.
    last_text_line: usize,
    /// Lines read only in part: how many, and the first.
    cut: (usize, usize),
    /// Where the window of the line being judged starts in it (0 but in a long line).
    window_at: usize,
    /// Where a CI job said it succeeded, and where one said it failed (a log of several jobs
    /// may say both: then no success overcomes anything).
    job_succeeded: Option<usize>,
    job_failed: Option<usize>,
    /// Parts of commands, and which failed and which finished.
    parts: blocks::Parts,
    lines: usize,
    block: usize,
    in_key: bool,
    verbose: verbose::Session,
    /// HTTP error statuses seen, judged at the end (in a Git-over-HTTPS command they are git's).
    statuses: Vec<Status>,
    /// The last blocks that showed Git over HTTPS.
    git_blocks: Vec<usize>,
    /// The last blocks that named Bitbucket.
    bitbucket_blocks: Vec<usize>,
    /// Blocks that show a webhook delivery's headers, with their first and last lines.
    deliveries: Vec<(usize, usize, usize)>,
    /// Blocks that show Bitbucket's request log's `HTTP status:` line.
    delivery_status_blocks: Vec<usize>,
    /// Commands where a known message named what an HTTP exchange's failure was (a REST
    /// call's, an OAuth exchange's, a webhook's): a bare status there is the same failure.
    http_named_blocks: Vec<usize>,
    /// The line the current block started at.
    block_start: usize,
    /// The kind of the last repository address seen, and its block.
    last_address: Option<(usize, crate::core::catalog::AddressKind)>,
    /// Whether the log says `git` anywhere.
    saw_git: bool,
    /// The log names a server that is not Bitbucket (a URL to another host, GitHub, GitLab).
    other_host: bool,
    /// The matches of the line being read (reused).
    scratch: Vec<(Pattern, usize)>,
    /// The matches of the block being read (reused).
    matches: Vec<Found>,
    /// The entry of failures no entry explains.
    unrecognised: Option<usize>,
    /// What the messages on the line being read say of it.
    this_line: LineSays,
    /// Messages whose `on_line` words were looked for on the line being read, and whether they
    /// were there (once a line, however often the message shows on it).
    on_line_judged: Vec<(usize, bool)>,
    /// The last address on the line being read, once a message asked for it (whether it was
    /// looked for, and what was found).
    line_address: (bool, Option<crate::core::catalog::AddressKind>),
    /// For each entry, the last line that showed its failure overcome (0: none).
    resolved: Vec<usize>,
    /// `ssh://` URLs without a user seen (block, line, the URL; the first of a command, for
    /// the last few commands): ssh then logs in as the local user, whom Git hosts refuse.
    userless: Vec<(usize, usize, String)>,
    /// Such a URL in the command whose key was refused, by a user not `git` (the URL's line,
    /// the URL): judged at the end, when a later success may have overcome the refusal.
    userless_denied: Option<(usize, String)>,
    /// The last scp-like SSH address with a port (block, line, the address), for a failure in
    /// the same command.
    scp_port: Option<(usize, usize, String)>,
    /// The entries of a refused key and of a URL without a user.
    publickey_denied: Option<usize>,
    ssh_user_missing: Option<usize>,
    ssh_url_malformed: Option<usize>,
    passphrase_required: Option<usize>,
    passphrase_incorrect: Option<usize>,
    /// `credential_helper_missing`: a prompt for HTTPS credentials that failed (an askpass
    /// program), overcome like a passphrase prompt when the step finishes anyway.
    credential_prompt: Option<usize>,
    /// The command whose output last asked for a passphrase.
    passphrase_block: Option<usize>,
    work: crate::core::catalog::ScanWork,
}

impl<'c> Diagnoser<'c> {
    /// A diagnosis against this catalog.
    pub fn new(catalog: &'c Catalog) -> Self {
        Self {
            catalog,
            hits: vec![None; catalog.entries().len()],
            own: None,
            own_all: Vec::new(),
            pending: Vec::new(),
            needs_seen: vec![Vec::new(); catalog.needs.len()],
            errors: Vec::new(),
            trailing: Vec::new(),
            error_count: 0,
            waiting_prompt: None,
            last_text_line: 0,
            job_succeeded: None,
            job_failed: None,
            parts: blocks::Parts::new(catalog.entries().len()),
            lines: 0,
            block: 0,
            in_key: false,
            verbose: verbose::Session::default(),
            statuses: Vec::new(),
            git_blocks: Vec::new(),
            bitbucket_blocks: Vec::new(),
            deliveries: Vec::new(),
            block_start: 1,
            delivery_status_blocks: Vec::new(),
            http_named_blocks: Vec::new(),
            saw_git: false,
            last_address: None,
            other_host: false,
            scratch: Vec::new(),
            matches: Vec::new(),
            resolved: vec![0; catalog.entries().len()],
            unrecognised: catalog.index("unrecognised_error"),
            userless: Vec::new(),
            userless_denied: None,
            scp_port: None,
            publickey_denied: catalog.index("publickey_denied"),
            ssh_user_missing: catalog.index("ssh_user_missing"),
            ssh_url_malformed: catalog.index("ssh_url_malformed"),
            passphrase_required: catalog.index("passphrase_required"),
            passphrase_incorrect: catalog.index("passphrase_incorrect"),
            credential_prompt: catalog.index("credential_helper_missing"),
            passphrase_block: None,
            this_line: LineSays::Nothing,
            on_line_judged: Vec::new(),
            line_address: (false, None),
            cut: (0, 0),
            window_at: 0,
            work: crate::core::catalog::ScanWork::default(),
        }
    }

    /// How many lines were read.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Reads a line the automaton marked, with what it found where.
    fn line(&mut self, line: &[u8], n: usize, found: &[(Pattern, usize)]) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = &line[..line.len().min(LINE_LIMIT)];
        let has = |mark: Mark| found.iter().any(|(p, _)| *p == Pattern::Mark(mark));
        // Inside a private key block nothing is evidence, and nothing of it is kept.
        if self.key_line(
            line,
            has(Mark::Begin) && has(Mark::PrivateKey),
            has(Mark::End),
        ) {
            return;
        }
        let command = (has(Mark::CommandAtLineStart) || has(Mark::Command)) && starts_command(line);
        // `$ grep "Permission denied" out.txt`, `+ echo "fatal: …"`: the text is searched for
        // or printed, not what failed.
        let mention = command && lines::mentions_text(line);
        if command {
            if let Some(d) = self.deliveries.last_mut()
                && d.0 == self.block
            {
                d.2 = n.saturating_sub(1);
            }
            self.block += 1;
            self.new_part();
            self.parts.command(line);
            self.block_start = n;
        }
        // A window far into a long line is shown as what it is: the middle of the line.
        let mut shown: Option<String> =
            (self.window_at > 0).then(|| format!("…{}", evidence_text(line)));
        let mut marked = false;
        // A structured log's record at a debug, info or warning level: its statuses are no
        // failure.
        let mut quiet_record = false;
        // Marks already read on this line.
        let mut read: Vec<Mark> = Vec::new();
        self.on_line_judged.clear();
        self.line_address = (false, None);
        for (pattern, col) in found {
            match *pattern {
                Pattern::Message(_) if mention => {}
                Pattern::Message(i) => self.message_at(i, n, line, *col, &mut shown),
                Pattern::Need(i) => {
                    let block = self.block;
                    remember(&mut self.needs_seen[i], block);
                }
                Pattern::Own(i) => {
                    // The first finding bblink printed is its cause.
                    let at = (n, *col);
                    if self.own.is_none_or(|(l, c, _)| at < (l, c)) {
                        self.own = Some((at.0, at.1, i));
                    }
                    if !self.own_all.iter().any(|(j, _)| *j == i) {
                        self.own_all.push((i, n));
                    }
                }
                // Once a line, like the marks below: judging it reads the whole line.
                Pattern::Mark(Mark::Bitbucket) if read.contains(&Mark::Bitbucket) => {}
                Pattern::Mark(Mark::Bitbucket) => {
                    read.push(Mark::Bitbucket);
                    self.block_mark(Mark::Bitbucket, *col, line);
                }
                Pattern::Mark(
                    mark @ (Mark::GitHttp | Mark::Git | Mark::Delivery | Mark::DeliveryStatus),
                ) => self.block_mark(mark, *col, line),
                Pattern::Mark(Mark::Error | Mark::Http) => marked = true,
                Pattern::Mark(Mark::JsonLevel) => match lines::json_level(line) {
                    Some(lines::JsonLevel::Error) => marked = true,
                    Some(lines::JsonLevel::Quiet) => quiet_record = true,
                    None => {}
                },
                // Once a line: a hostile line may repeat a mark thousands of times.
                Pattern::Mark(mark) if !read.contains(&mark) => {
                    read.push(mark);
                    self.once_a_line(mark, n, line);
                }
                Pattern::Mark(_) => {}
            }
        }
        let says = std::mem::replace(&mut self.this_line, LineSays::Nothing);
        if matches!(says, LineSays::Success | LineSays::Note) {
            return;
        }
        let unexplained = says == LineSays::Unexplained;
        if !marked && !unexplained || mention {
            return;
        }
        if !quiet_record
            && let Some(code) = http::status(line)
            && self.statuses.len() < 4096
        {
            let text = shown.get_or_insert_with(|| evidence_text(line)).clone();
            self.statuses.push(Status {
                code,
                line: n,
                block: self.block,
                text,
                about_repositories: API_WORDS.iter().any(|w| contains_ci(line, w)),
                data_center_rest: lines::data_center_rest(line),
                from_curl: line.trim_ascii_start().starts_with(b"curl: ("),
            });
        }
        // A failure line; a message of a failure no entry explains is one whatever it says.
        let kind = if quiet_record {
            None
        } else {
            error_line(line).or(unexplained.then_some(ErrorLine::Decisive))
        };
        if let Some(kind) = kind {
            self.failure_line(kind, n, line, &mut shown);
        }
    }

    /// A line that shows a failure of some kind: counted, and kept as evidence for a failure
    /// no message explains.
    fn failure_line(&mut self, kind: ErrorLine, n: usize, line: &[u8], shown: &mut Option<String>) {
        self.error_count += 1;
        self.failure_in_part(n);
        if kind.decisive() {
            self.address_without_colon(n, line, shown);
            self.port_in_scp_address();
        }
        let kept = if kind.decisive() {
            &mut self.errors
        } else {
            &mut self.trailing
        };
        if kept.len() < EVIDENCE {
            let text = shown.get_or_insert_with(|| evidence_text(line)).clone();
            kept.push(Evidence { line: n, text });
        }
    }

    /// What a mark read once a line tells: another server named, an address to judge, a step
    /// of an `ssh -v` session.
    fn once_a_line(&mut self, mark: Mark, n: usize, line: &[u8]) {
        match mark {
            Mark::Host => {
                self.other_host = self.other_host || names_other_host(line);
                self.url_without_user(n, line);
                self.address_seen(line);
            }
            Mark::Segment => self.new_part(),
            Mark::Done => self.step_finished(n),
            Mark::JobVerdict => match lines::job_verdict(line) {
                Some(true) => self.job_succeeded = Some(n),
                Some(false) => self.job_failed = Some(n),
                None => {}
            },
            // git asked on the terminal itself (not "could not read Username for"): the
            // askpass program that failed before was overcome.
            Mark::Prompted if !contains_ci(line, b"could not read") => {
                if let Some(i) = self.credential_prompt {
                    self.resolved[i] = n;
                }
                if line.trim_ascii_end().ends_with(b"':") {
                    self.waiting_prompt = Some(Evidence {
                        line: n,
                        text: evidence_text(line),
                    });
                }
            }
            Mark::GitAt => {
                self.address_seen(line);
                if let Some(address) = scp_address_with_port(line) {
                    self.scp_port = Some((self.block, n, evidence_text(address)));
                }
            }
            Mark::Offering
            | Mark::WillAttempt
            | Mark::Accepts
            | Mark::Continue
            | Mark::NoIdentity
            | Mark::Identity
            | Mark::Succeeded
            | Mark::Connecting => self.verbose.feed(mark, line, n),
            _ => {}
        }
    }

    /// Whether message `i`'s line says what it must (`on_line`) and nothing that cancels it
    /// (`not_on_line`); `on_line` is judged once a line.
    fn on_its_line(&mut self, i: usize, line: &[u8]) -> bool {
        let m = &self.catalog.messages[i];
        if m.not_on_line.is_empty() && m.on_line.is_empty() {
            return true;
        }
        // Judged once a line: a hostile line may repeat the message thousands of times.
        if let Some(&(_, there)) = self.on_line_judged.iter().find(|(j, _)| *j == i) {
            return there;
        }
        let there = !m
            .not_on_line
            .iter()
            .any(|w| contains_ci(line, w.as_bytes()))
            && m.on_line
                .iter()
                .all(|any| any.split('|').any(|w| contains_ci(line, w.as_bytes())));
        self.on_line_judged.push((i, there));
        there
    }

    fn message(&mut self, i: usize, n: usize, line: &[u8], shown: &mut Option<String>) {
        let m = &self.catalog.messages[i];
        // curl's own error (`curl: (22) The requested URL returned error: 401`) shares git's
        // HTTP wording, but no Git command printed it: its status is judged as a REST call's.
        if m.stage == Stage::Http && line.trim_ascii_start().starts_with(b"curl: (") {
            return;
        }
        if !self.on_its_line(i, line) {
            return;
        }
        // A sentence printed for SSH and HTTPS alike is about the address before it.
        if let Some(kind) = m.address {
            let block = self.block;
            // Once a line: a hostile line may repeat the sentence thousands of times.
            if !self.line_address.0 {
                self.line_address = (true, last_address(line));
            }
            let on_line = self.line_address.1;
            let before = on_line.or_else(|| {
                self.last_address
                    .filter(|(b, _)| *b == block)
                    .map(|(_, k)| k)
            });
            if before != Some(kind) {
                return;
            }
        }
        if !m.needs.is_empty() {
            // Judged at the end, when the whole command's output was seen.
            if self.pending.len() < 4096 {
                let text = shown.get_or_insert_with(|| evidence_text(line)).clone();
                self.pending.push(Pending {
                    message: i,
                    line: n,
                    block: self.block,
                    segment: self.parts.segment,
                    text,
                });
            }
            return;
        }
        let text = if self.wants_evidence(m.entry, n) || self.upgrades(m.entry, m.role) {
            Some(shown.get_or_insert_with(|| evidence_text(line)).clone())
        } else {
            None
        };
        let (entry, role, stage) = (m.entry, m.role, m.stage);
        self.passphrase_asked(entry);
        // A failure line whose cause no entry names: evidence for `unrecognised_error` only.
        if Some(entry) == self.unrecognised {
            if self.this_line != LineSays::Success {
                self.this_line = LineSays::Unexplained;
            }
            return;
        }
        if role == Role::Resolved {
            self.resolved[entry] = n;
            return;
        }
        if role == Role::Info && SUCCESSES.contains(&self.catalog.entries()[entry].id.as_str()) {
            self.this_line = LineSays::Success;
            // A passphrase asked for before a login that worked, in the same command, was
            // typed.
            if let Some(p) = self.passphrase_required
                && self.passphrase_block == Some(self.block)
            {
                self.resolved[p] = n;
            }
        }
        self.hit(
            entry,
            (role, stage, Confidence::Known),
            n,
            text.clone(),
            false,
        );
        self.ranked(entry, m.priority);
        if role == Role::Root && matches!(stage, Stage::Api | Stage::Oauth | Stage::Webhook) {
            remember(&mut self.http_named_blocks, self.block);
        }
        self.parts.shown(entry);
        // A key refused after a URL without a user in the same command: ssh logged in as the
        // local user (Git hosts take only `git`). Not when the refusal names `git@` as the
        // user, nor for ssh's "Authentications that can continue", which every login prints.
        if Some(entry) == self.publickey_denied
            && self.userless_denied.is_none()
            && self.userless.last().is_some()
            && contains_ci(line, b"permission denied")
            && !contains_ci(line, b"git@")
            && let Some((_, at, url)) = self
                .userless
                .iter()
                .rev()
                .find(|(b, _, _)| *b == self.block)
        {
            self.userless_denied = Some((*at, url.clone()));
        }
        // A host name that could not be resolved because it is no server's: the scp form
        // (`host:path`) written into an ssh:// URL, or a shorthand of one label.
        if self.catalog.entries()[entry].id == "dns_failure"
            && let Some(i) = self.catalog.index("ssh_url_malformed")
            && host_is_not_an_address(line)
        {
            self.hit(i, (Role::Root, stage, Confidence::Known), n, text, true);
        }
    }

    /// A message found at column `col` of a line. A line that is a known note from its start,
    /// not a note quoted inside a failure's line, is no failure line by its words.
    fn message_at(
        &mut self,
        i: usize,
        n: usize,
        line: &[u8],
        col: usize,
        shown: &mut Option<String>,
    ) {
        self.message(i, n, line, shown);
        if self.catalog.messages[i].role == Role::Info
            && self.this_line == LineSays::Nothing
            && line[..col.min(line.len())]
                .iter()
                .all(u8::is_ascii_whitespace)
        {
            self.this_line = LineSays::Note;
        }
    }

    /// A message with its own priority ranks the entry's finding by it.
    fn ranked(&mut self, entry: usize, priority: Option<u8>) {
        if let (Some(p), Some(h)) = (priority, self.hits[entry].as_mut()) {
            h.priority = Some(h.priority.map_or(p, |q| q.min(p)));
        }
    }

    fn wants_evidence(&self, entry: usize, n: usize) -> bool {
        self.hits[entry]
            .as_ref()
            .is_none_or(|h| h.evidence.len() < EVIDENCE && h.last != n)
    }

    /// Whether a line of this role would make the entry stronger (a symptom found before its
    /// cause's own message): that line is the one its evidence must show.
    fn upgrades(&self, entry: usize, role: Role) -> bool {
        self.hits[entry].as_ref().is_some_and(|h| role < h.role)
    }

    /// Counts a line that shows an entry; `how` is what it says (role, stage, confidence).
    fn hit(
        &mut self,
        entry: usize,
        how: (Role, Stage, Confidence),
        line: usize,
        text: Option<String>,
        specific: bool,
    ) {
        let (role, stage, confidence) = how;
        let upgraded = self.upgrades(entry, role);
        let h = self.hits[entry].get_or_insert_with(|| Hit {
            count: 0,
            last: 0,
            first: line,
            role,
            specific,
            stage,
            confidence,
            priority: None,
            evidence: Vec::new(),
        });
        if role < h.role {
            h.role = role;
            h.stage = stage;
            h.confidence = confidence;
        }
        h.specific |= specific;
        h.first = h.first.min(line);
        // A line counts once, whatever order the lines are judged in (contexts and `ssh -v`
        // sequences are judged at the end).
        if h.last == line || h.evidence.iter().any(|e| e.line == line) {
            return;
        }
        h.last = h.last.max(line);
        h.count += 1;
        if let Some(text) = text {
            if h.evidence.len() < EVIDENCE {
                h.evidence.push(Evidence { line, text });
            } else if upgraded {
                // The line that names the cause takes the place of the last weaker one.
                h.evidence.pop();
                h.evidence.push(Evidence { line, text });
            }
        }
    }

    /// Judges what waited for the whole log: contexts, `ssh -v` sequences, HTTP statuses.
    fn settle(&mut self) {
        // Messages that needed a context count where it showed in the same command.
        for p in std::mem::take(&mut self.pending) {
            let m = &self.catalog.messages[p.message];
            let found = m
                .needs
                .iter()
                .any(|n| self.needs_seen[*n].contains(&p.block));
            // A passphrase asked for before a step of the same part that finished was typed.
            if found && !self.typed_before_a_finished_step(m.entry, p.segment, p.line) {
                let (entry, role, stage) = (m.entry, m.role, m.stage);
                let text = (self.wants_evidence(entry, p.line) || self.upgrades(entry, role))
                    .then_some(p.text);
                self.hit(entry, (role, stage, Confidence::Known), p.line, text, true);
                self.ranked(entry, m.priority);
                if role == Role::Root && matches!(stage, Stage::Api | Stage::Oauth | Stage::Webhook)
                {
                    remember(&mut self.http_named_blocks, p.block);
                }
            }
        }
        for inferred in self.verbose.conclude() {
            if let Some(i) = self.catalog.index(inferred.id) {
                let text = Some(inferred.evidence.text.clone());
                let how = (
                    inferred.role,
                    self.catalog.entries()[i].stage,
                    Confidence::Inferred,
                );
                self.hit(i, how, inferred.evidence.line, text, false);
            }
        }
        self.tls_outside_git();
        self.judge_statuses();
    }

    /// The findings: the cause first, then what else the log shows, by stage.
    pub fn finish(mut self) -> Vec<Finding> {
        self.settle();
        // A job that said it succeeded (and no job said it failed) overcame every failure it
        // showed before.
        if let (Some(n), None) = (self.job_succeeded, self.job_failed) {
            self.parts.job_succeeded(n);
        }
        // A prompt nobody answered (the log ends there) did not get past the askpass program
        // that failed before it.
        if let (Some(p), Some(i)) = (&self.waiting_prompt, self.credential_prompt)
            && p.line == self.last_text_line
            && self.resolved[i] == p.line
        {
            self.resolved[i] = 0;
        }
        self.deliveries_answered();
        self.user_missing();
        let entries = self.catalog.entries();
        // Every failure line was followed by a finished step of its own part: the log shows
        // failures that were overcome, and what only followed from them is no finding.
        let overcome = self.failures_overcome();
        let passphrase = self.prompts();
        let mut found: Vec<(usize, &Hit)> = self
            .hits
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_ref().map(|h| (i, h)))
            .filter(|(_, h)| h.role != Role::Info)
            // A symptom followed by its resolution (the host accepted) was overcome.
            .filter(|(i, h)| {
                let resolvable = h.role == Role::Symptom || passphrase.contains(&Some(*i));
                !(resolvable && self.resolved[*i] > h.last)
            })
            .filter(|(_, h)| !(overcome && h.role == Role::Consequence))
            // A failure a later step of its own part finished past was overcome.
            .filter(|(i, h)| self.parts.overcome_at[*i] <= h.last)
            .collect();
        // The cause first, then what follows from it.
        found.sort_by_key(|(i, h)| h.rank(entries[*i].priority));
        let primary = match self.own {
            Some((_, _, i)) => Some(i),
            None => found
                .iter()
                .find(|(_, h)| matches!(h.role, Role::Root | Role::Symptom))
                .map(|(i, _)| *i),
        };
        let mut out: Vec<Finding> = Vec::new();
        // An entry bblink's own output names: known, at the line that names it.
        let named = |i: usize, line: usize| Hit {
            count: 1,
            last: 0,
            first: line,
            role: Role::Root,
            specific: false,
            stage: entries[i].stage,
            confidence: Confidence::Known,
            priority: None,
            evidence: Vec::new(),
        };
        if let Some(p) = primary {
            let h = self.hits[p]
                .clone()
                .unwrap_or_else(|| named(p, self.own.map_or(0, |(l, _, _)| l)));
            out.push(finding(&entries[p], &h, true));
            // The other findings bblink's own output names, in its order.
            for &(i, line) in &self.own_all {
                if i != p && !found.iter().any(|(j, _)| *j == i) {
                    out.push(finding(&entries[i], &named(i, line), false));
                }
            }
        } else if let Some((i, h)) = self.left_waiting(overcome) {
            out.push(finding(&entries[i], &h, true));
        } else if (self.error_count > 0
            || found.iter().any(|(_, h)| h.role == Role::Consequence))
            // Failures a later step overcame (a prompt's helper that could not start, then a
            // clone that finished) are no failure of the log.
            && !overcome
        {
            // An evident failure that no message explains is never "no problem"; over SSH
            // (the last address an SSH one, git unable to read from it), ssh's own output
            // says more, so the finding asks for it.
            let over_ssh = self
                .last_address
                .is_some_and(|(_, k)| k == crate::core::catalog::AddressKind::Ssh)
                && found
                    .iter()
                    .any(|(i, _)| entries[*i].id == "remote_read_failed");
            let id = if over_ssh {
                "ssh_failed"
            } else {
                "unrecognised_error"
            };
            if let Some(i) = self.catalog.index(id) {
                let h = self.unexplained(i, &found);
                out.push(finding(&entries[i], &h, true));
            }
        }
        for (i, h) in found {
            if Some(i) != primary {
                out.push(finding(&entries[i], h, false));
            }
        }
        out
    }
}

/// Adds a block to the last few remembered.
fn remember(blocks: &mut Vec<usize>, block: usize) {
    if blocks.last() != Some(&block) {
        if blocks.len() == BLOCKS_KEPT {
            blocks.remove(0);
        }
        blocks.push(block);
    }
}

/// Diagnoses a whole text.
pub fn diagnose(catalog: &Catalog, text: &str) -> Vec<Finding> {
    let mut d = Diagnoser::new(catalog);
    d.feed_text(text);
    d.finish()
}

#[cfg(test)]
mod tests;

//! The texts, besides the catalog's messages, that make a line worth reading: the edges of a
//! private key block, a command starting, a failure of any kind, an HTTP status, the debug lines
//! of an `ssh -v` session. They are searched in the same pass as the messages, so a line that
//! shows none of them costs nothing beyond the automaton.

/// What a mark says a line may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A structured log's level key (`"level"`, `"severity"`, …).
    JsonLevel,
    /// `-----BEGIN`.
    Begin,
    /// `-----END`.
    End,
    /// `PRIVATE KEY` (with `-----BEGIN`, a private key block starts).
    PrivateKey,
    /// A prompt or trace at the start of a line (the pattern starts with its line break).
    CommandAtLineStart,
    /// A prompt in the middle of a line (`user@host:~$ git …`).
    Command,
    /// A failure line of some kind (checked precisely by `error_line`).
    Error,
    /// Possibly an HTTP status (checked precisely by `http::status`).
    Http,
    /// `ssh -v`: a key offered.
    Offering,
    /// `ssh -v`: a key ssh will try.
    WillAttempt,
    /// `ssh -v`: the server accepts a key.
    Accepts,
    /// `ssh -v`: authentication goes on with publickey.
    Continue,
    /// `ssh -v`: a key file named for ssh is missing.
    NoIdentity,
    /// `ssh -v`: a key file ssh will use (`identity file PATH type N`).
    Identity,
    /// `ssh -v`: the login succeeded with a key.
    Succeeded,
    /// `ssh -v`: a connection starts.
    Connecting,
    /// The command is Git over HTTPS (an HTTP status in it is git's).
    GitHttp,
    /// The command talks to Bitbucket (an HTTP status in it may be its REST API's).
    Bitbucket,
    /// A URL or a Git host other than Bitbucket: the log may name another server.
    Host,
    /// `git` as a word's start, or Git's own words: without one, a log is no Git command's (a
    /// TLS failure is an API call's).
    Git,
    /// `HTTP status:` as Bitbucket's list of a webhook's requests shows the receiver's answer.
    DeliveryStatus,
    /// A header Bitbucket sends with a webhook delivery: a status in the same block is the
    /// receiver's answer to it.
    Delivery,
    /// `git@`: an SSH address (checked precisely for a port in the scp-like form).
    GitAt,
    /// A step that finished: a transfer complete, a key added to the agent, a ref pushed.
    Done,
    /// A new part of a command: `Cloning into` (each submodule, each repository of a CI job).
    Segment,
    /// A CI job's verdict (Jenkins' `Finished: SUCCESS` or `Finished: FAILURE`, GitLab
    /// runner's `Job succeeded` or `ERROR: Job failed: …`), judged when it is the whole line.
    JobVerdict,
    /// git's own prompt for HTTPS credentials on the terminal (`Username for 'https://…':`):
    /// an askpass program that failed before it was overcome.
    Prompted,
}

/// Every mark with its text (lower case; matched ignoring ASCII case).
pub(crate) const MARKS: &[(&str, Mark)] = &[
    ("-----begin", Mark::Begin),
    // Git's progress at 100% and its ref updates; ssh-add's key added; the server packing
    // what a fetch asked for (it does so only for a client that logged in and may read).
    ("receiving objects: 100%", Mark::Done),
    ("remote: enumerating objects:", Mark::Done),
    ("remote: counting objects:", Mark::Done),
    ("resolving deltas: 100%", Mark::Done),
    ("identity added:", Mark::Done),
    // ansible-galaxy: "- role (version) was installed successfully".
    ("was installed successfully", Mark::Done),
    ("cloning into ", Mark::Segment),
    ("finished: ", Mark::JobVerdict),
    ("job succeeded", Mark::JobVerdict),
    ("job failed", Mark::JobVerdict),
    ("username for 'http", Mark::Prompted),
    ("password for 'http", Mark::Prompted),
    (" set up to track ", Mark::Done),
    ("* [new branch]", Mark::Done),
    ("* [new tag]", Mark::Done),
    ("* [new ref]", Mark::Done),
    (" -> fetch_head", Mark::Done),
    ("-----end", Mark::End),
    ("private key", Mark::PrivateKey),
    ("\n$ ", Mark::CommandAtLineStart),
    ("\n+ ", Mark::CommandAtLineStart),
    ("\nps ", Mark::CommandAtLineStart),
    ("\n> ", Mark::CommandAtLineStart),
    ("\n $ ", Mark::CommandAtLineStart),
    ("\n  $ ", Mark::CommandAtLineStart),
    ("\n    $ ", Mark::CommandAtLineStart),
    ("\n\t$ ", Mark::CommandAtLineStart),
    ("\n  + ", Mark::CommandAtLineStart),
    ("$ git ", Mark::Command),
    (">git ", Mark::Command),
    ("##[group]", Mark::Command),
    ("$ ssh ", Mark::Command),
    ("fatal:", Mark::Error),
    ("error:", Mark::Error),
    ("error ", Mark::Error),
    // An error class with its message in brackets (`SSHAuthFailError(All … failed)`).
    ("error(", Mark::Error),
    // A one-letter level.
    (" [e] ", Mark::Error),
    ("err!", Mark::Error),
    ("exception", Mark::Error),
    ("traceback (most recent call last)", Mark::Error),
    ("panic:", Mark::Error),
    ("failed:", Mark::Error),
    ("failure:", Mark::Error),
    ("curl: (", Mark::Error),
    (" denied", Mark::Error),
    ("failed to ", Mark::Error),
    (".java:", Mark::Error),
    ("exit status ", Mark::Error),
    ("exit code ", Mark::Error),
    ("level=error", Mark::Error),
    ("level=fatal", Mark::Error),
    ("erro[", Mark::Error),
    ("fata[", Mark::Error),
    // logrus coloured for a terminal, as raw CI logs keep it: `\x1b[31mERRO\x1b[0m[0000]`.
    ("erro\x1b[0m[", Mark::Error),
    ("fata\x1b[0m[", Mark::Error),
    ("[error]", Mark::Error),
    ("[fatal]", Mark::Error),
    // Structured logs' level keys (zap, logrus, pino, log4j2, ECS, .NET, Serilog, Python's
    // JSON loggers, Cloud Logging): the value is judged by `json_level`.
    ("\"level\"", Mark::JsonLevel),
    ("\"log.level\"", Mark::JsonLevel),
    ("\"loglevel\"", Mark::JsonLevel),
    ("\"severity\"", Mark::JsonLevel),
    ("\"levelname\"", Mark::JsonLevel),
    ("\"lvl\"", Mark::JsonLevel),
    ("\"@l\"", Mark::JsonLevel),
    ("\"@level\"", Mark::JsonLevel),
    // java.util.logging's level (judged by `error_line`: `SEVERE:` or ` SEVERE `).
    ("severe", Mark::Error),
    // Bitbucket Cloud's error body; an OAuth error in a redirect; sentences of tools that
    // print no level (checked precisely by `error_line`).
    // An error body's key (`{"error":"invalid_grant"}`; its value judged by `error_line`).
    ("\"error\"", Mark::Error),
    ("\"type\": \"error\"", Mark::Error),
    ("\"type\":\"error\"", Mark::Error),
    ("?error=", Mark::Error),
    ("&error=", Mark::Error),
    ("#error=", Mark::Error),
    ("authentication failed", Mark::Error),
    (" could not be accessed", Mark::Error),
    (" could not be found", Mark::Error),
    ("http/1.1 ", Mark::Http),
    ("http/1.0 ", Mark::Http),
    ("http/2 ", Mark::Http),
    ("status", Mark::Http),
    ("returned error: ", Mark::Http),
    ("response code", Mark::Http),
    ("http response", Mark::Http),
    // `Request failed [401]: URL` (danger-js and other clients' retry logs).
    ("failed [4", Mark::Http),
    ("failed [5", Mark::Http),
    ("failed (4", Mark::Http),
    ("failed (5", Mark::Http),
    // `got code 400`, `status code: 401`, `code=403`.
    ("code 4", Mark::Http),
    ("code 5", Mark::Http),
    ("code: 4", Mark::Http),
    ("code: 5", Mark::Http),
    ("unauthorized", Mark::Http),
    ("forbidden", Mark::Http),
    ("not found", Mark::Http),
    ("too many requests", Mark::Http),
    (" gone", Mark::Http),
    ("bad gateway", Mark::Http),
    ("service unavailable", Mark::Http),
    ("internal server error", Mark::Http),
    ("gateway timeout", Mark::Http),
    ("client error", Mark::Http),
    ("server error", Mark::Http),
    ("api error", Mark::Http),
    // `got 401 response`.
    ("0 response", Mark::Http),
    ("1 response", Mark::Http),
    ("2 response", Mark::Http),
    ("3 response", Mark::Http),
    ("4 response", Mark::Http),
    ("5 response", Mark::Http),
    ("6 response", Mark::Http),
    ("7 response", Mark::Http),
    ("8 response", Mark::Http),
    ("9 response", Mark::Http),
    // Guzzle: `POST https://…` resulted in a `400 Bad Request` response.
    ("resulted in a `", Mark::Http),
    // `POST https://…/hooks: 401` (Go's and other clients' `URL: status`).
    (": 400", Mark::Http),
    (": 401", Mark::Http),
    (": 403", Mark::Http),
    (": 404", Mark::Http),
    (": 410", Mark::Http),
    (": 429", Mark::Http),
    (": 500", Mark::Http),
    (": 502", Mark::Http),
    (": 503", Mark::Http),
    ("offering public key:", Mark::Offering),
    ("offering rsa public key:", Mark::Offering),
    ("offering ed25519 public key:", Mark::Offering),
    ("offering ecdsa public key:", Mark::Offering),
    ("offering dsa public key:", Mark::Offering),
    ("will attempt key:", Mark::WillAttempt),
    ("server accepts key:", Mark::Accepts),
    (
        "authentications that can continue: publickey",
        Mark::Continue,
    ),
    ("no such identity:", Mark::NoIdentity),
    ("identity file ", Mark::Identity),
    ("authentication succeeded (publickey)", Mark::Succeeded),
    ("debug1: connecting to ", Mark::Connecting),
    ("not accessible: no such file", Mark::NoIdentity),
    ("could not open key file", Mark::NoIdentity),
    ("git-upload-pack", Mark::GitHttp),
    ("git-receive-pack", Mark::GitHttp),
    ("info/refs", Mark::GitHttp),
    ("fatal: unable to access", Mark::GitHttp),
    ("requested url returned error", Mark::GitHttp),
    ("git clone", Mark::GitHttp),
    ("git fetch", Mark::GitHttp),
    ("git push", Mark::GitHttp),
    ("git pull", Mark::GitHttp),
    ("git ls-remote", Mark::GitHttp),
    ("bitbucket", Mark::Bitbucket),
    ("git", Mark::Git),
    // Git's own words about an HTTPS failure, and libgit2's and Windows' TLS layers under it.
    ("unable to access '", Mark::Git),
    ("cloning into", Mark::Git),
    ("class=ssl", Mark::Git),
    ("schannel", Mark::Git),
    ("cafile:", Mark::Git),
    ("x-event-key", Mark::Delivery),
    ("x-hook-uuid", Mark::Delivery),
    ("x-attempt-number", Mark::Delivery),
    // Bitbucket's request log of a delivery ("View requests"): the receiver's answer.
    ("http status:", Mark::DeliveryStatus),
    ("/rest/api/", Mark::Bitbucket),
    // URLs by their schemes, not by `://`: a pattern starting with `:` would make every
    // `debug1:` line a candidate and halve the speed on an `ssh -vvv` log.
    ("http://", Mark::Host),
    ("https://", Mark::Host),
    ("ssh://", Mark::Host),
    ("git://", Mark::Host),
    ("github.com", Mark::Host),
    ("gitlab", Mark::Host),
    // Jira's and Confluence's REST paths: another Atlassian product's API.
    ("/rest/api/2/", Mark::Host),
    ("/rest/api/3/", Mark::Host),
    ("/wiki/rest/api/", Mark::Host),
    ("git@", Mark::GitAt),
];

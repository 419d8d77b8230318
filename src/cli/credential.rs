//! The Bitbucket credential for `bblink access-key`: from `BBLINK_BITBUCKET_TOKEN` (and
//! `BBLINK_BITBUCKET_EMAIL`), piped on standard input (the first line), or typed at a masked
//! prompt. Never from the command line, where it would land in the shell's history and in
//! every user's `ps`.

use std::io::{self, BufRead, IsTerminal, Write};

use zeroize::Zeroizing;

use crate::adapters::stdin;
use crate::core::bitbucket::failure::Operation;
use crate::core::bitbucket::{ApiFlavor, Credential};
use crate::core::secret::Secret;

use super::input::Failure;
use super::out::USAGE;

/// The environment variable holding the token.
pub const TOKEN_VAR: &str = "BBLINK_BITBUCKET_TOKEN";
/// The environment variable holding the Atlassian account email.
pub const EMAIL_VAR: &str = "BBLINK_BITBUCKET_EMAIL";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn failure(message: &str) -> Failure {
    Failure {
        id: "api_credential_invalid",
        message: message.to_string(),
        fix: format!(
            "Set {TOKEN_VAR} (and {EMAIL_VAR} for a Cloud API token), or pipe the token in."
        ),
        code: USAGE,
    }
}

/// Reads the credential for these operations. At a terminal without the variables, asks (Cloud:
/// the email first), naming the scopes an API token needs for them.
pub fn read(flavor: ApiFlavor, ops: &[Operation]) -> Result<Credential, Failure> {
    read_with(flavor, None, ops)
}

/// Reads the credential; `label` names the token at the prompt (no email is asked then).
pub fn read_as(flavor: ApiFlavor, label: Option<&str>) -> Result<Credential, Failure> {
    read_with(flavor, label, &[])
}

fn read_with(
    flavor: ApiFlavor,
    label: Option<&str>,
    ops: &[Operation],
) -> Result<Credential, Failure> {
    let mut email = env(EMAIL_VAR).map(|e| e.trim().to_string());
    if let Some(token) = std::env::var(TOKEN_VAR)
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        return Ok(Credential {
            email,
            token: Secret::new(token.trim().to_string()),
        });
    }
    if !stdin::is_terminal() {
        let text = stdin::read(64 * 1024)
            .map_err(|e| failure(&format!("cannot read standard input: {e}")))?;
        let token = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        if token.is_empty() {
            return Err(failure("no token: standard input was empty"));
        }
        return Ok(Credential {
            email,
            token: Secret::new(token.to_string()),
        });
    }
    if flavor == ApiFlavor::Cloud && email.is_none() && label.is_none() {
        let typed = prompt("Atlassian account email (empty for an access token): ")?;
        email = Some(typed.trim().to_string()).filter(|e| !e.is_empty());
    }
    let what = match (flavor, &email) {
        _ if label.is_some() => label.unwrap_or_default().to_string(),
        (ApiFlavor::Cloud, Some(_)) => format!(
            "API token (scopes {})",
            crate::core::bitbucket::credential::api_token_scope_list(ops)
        ),
        (ApiFlavor::Cloud, None) => "access token".to_string(),
        (ApiFlavor::DataCenter, _) => "HTTP access token (repository admin)".to_string(),
    };
    let hidden = stdin::echo_off();
    if hidden.is_none() {
        super::out::say(
            "This terminal cannot hide what is typed: pipe the token in instead if others can see the screen.",
        );
    }
    let token = prompt(&format!("{what} (not shown): "));
    drop(hidden);
    super::out::say("");
    let token = token?;
    Ok(Credential {
        email,
        token: Secret::new(token.trim().to_string()),
    })
}

fn prompt(question: &str) -> Result<Zeroizing<String>, Failure> {
    let mut err = io::stderr();
    let _ = write!(err, "{question}");
    let _ = err.flush();
    let mut line = Zeroizing::new(String::new());
    let stdin = io::stdin();
    if !stdin.is_terminal() {
        return Err(failure("no terminal to ask at"));
    }
    stdin
        .lock()
        .take_line(&mut line)
        .map_err(|e| failure(&format!("cannot read the answer: {e}")))?;
    Ok(line)
}

/// Reads one line of at most 64 KB.
trait TakeLine {
    fn take_line(&mut self, line: &mut String) -> io::Result<usize>;
}

impl<R: BufRead> TakeLine for R {
    fn take_line(&mut self, line: &mut String) -> io::Result<usize> {
        use io::Read as _;
        self.by_ref().take(64 * 1024).read_line(line)
    }
}

/// Asks a yes/no question at the terminal; anything but y/yes is no.
pub fn confirm(question: &str) -> bool {
    if !stdin::is_terminal() {
        return false;
    }
    prompt(&format!("{question} [y/N] "))
        .is_ok_and(|a| matches!(a.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// The variable holding an OAuth consumer's key.
pub const OAUTH_KEY_VAR: &str = "BBLINK_OAUTH_KEY";
/// The variable holding an OAuth consumer's secret.
pub const OAUTH_SECRET_VAR: &str = "BBLINK_OAUTH_SECRET";

/// An OAuth consumer's key and secret: from the environment, or asked (the secret masked).
pub fn oauth_pair() -> Result<(String, Secret), Failure> {
    let missing = || Failure {
        id: "usage",
        message: format!("no consumer key and secret: set {OAUTH_KEY_VAR} and {OAUTH_SECRET_VAR}"),
        fix: "Or run it at a terminal, where bblink asks for them.".into(),
        code: USAGE,
    };
    let key = match env(OAUTH_KEY_VAR) {
        Some(k) => k.trim().to_string(),
        None if stdin::is_terminal() => prompt("Consumer key: ")?.trim().to_string(),
        None => return Err(missing()),
    };
    let secret = match std::env::var(OAUTH_SECRET_VAR)
        .ok()
        .filter(|s| !s.trim().is_empty())
    {
        Some(s) => Secret::new(s.trim().to_string()),
        None if stdin::is_terminal() => {
            let hidden = stdin::echo_off();
            let s = prompt("Consumer secret (not shown): ");
            drop(hidden);
            super::out::say("");
            Secret::new(s?.trim().to_string())
        }
        None => return Err(missing()),
    };
    if key.is_empty() || secret.expose().is_empty() {
        return Err(missing());
    }
    Ok((key, secret))
}

/// A token alone (sent as a Bearer token): from the environment, standard input, or asked.
pub fn token_only() -> Result<Secret, Failure> {
    // The email is not asked for: an access token has none.
    let cred = read_as(ApiFlavor::Cloud, Some("Access token"))?;
    if cred.token.expose().is_empty() {
        return Err(failure("no token given"));
    }
    Ok(cred.token)
}

//! Harmless clean-up of a URL candidate (after `core::input`): surrounding spaces and quotes, a
//! shell prompt, and a whole `git clone …` command reduced to its URL. Nothing here judges the
//! URL itself.

/// The input reduced to the URL candidate.
#[derive(Debug, Default)]
pub(super) struct Cleaned {
    /// The URL candidate (may be empty).
    pub text: String,
    /// Set when a `git clone` command was pasted: what was left out (option names only, never
    /// their values, which may hold a token).
    pub command: Option<Vec<String>>,
    /// Option values that carry a credential (`-c http.extraHeader=…`).
    pub secrets: Vec<String>,
}

/// `git clone` options that take the next word as their value.
const VALUE_OPTIONS: &[&str] = &[
    "-b",
    "--branch",
    "-o",
    "--origin",
    "-c",
    "--config",
    "-u",
    "--upload-pack",
    "--depth",
    "--reference",
    "--reference-if-able",
    "--separate-git-dir",
    "-j",
    "--jobs",
    "--filter",
    "--template",
    "--shallow-since",
    "--shallow-exclude",
    "--server-option",
    "--bundle-uri",
    "--ref-format",
];

/// Cleans the input up.
pub(super) fn clean(input: &str) -> Cleaned {
    let mut s = input.trim();
    for prompt in ["$ ", "% ", "> "] {
        if let Some(rest) = s.strip_prefix(prompt) {
            s = rest.trim_start();
        }
    }
    if let Some((url, ignored, secrets)) = clone_command(s) {
        return Cleaned {
            text: unwrap(&url).to_string(),
            command: Some(ignored),
            secrets,
        };
    }
    Cleaned {
        text: unwrap(s).to_string(),
        command: None,
        secrets: Vec::new(),
    }
}

/// Splits `git [opts] clone [opts] URL [DIR]`: the URL (empty when missing), the names of what
/// was ignored, and the values of options that carry a credential.
fn clone_command(s: &str) -> Option<(String, Vec<String>, Vec<String>)> {
    // `NAME=value git clone …`: assignments before the command, as a shell reads them.
    let mut words = s.split_whitespace().skip_while(|w| is_assignment(w));
    if words.next() != Some("git") || !words.any(|w| w == "clone") {
        return None;
    }
    // Shell quoting as the user's shell would read it; unbalanced quotes fall back to spaces.
    let tokens = shlex::split(s)
        .unwrap_or_else(|| s.split_whitespace().map(str::to_string).collect::<Vec<_>>());
    let mut secrets = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(word) = tokens.next_if(|w| is_assignment(w)) {
        secrets.extend(credential(&word).unwrap_or_default());
    }
    let mut it = tokens.skip(1).peekable();
    // git's own options before `clone` (-c name=value, -C dir, --git-dir=…).
    loop {
        let word = it.next()?;
        if word == "clone" {
            break;
        }
        if word == "-c" {
            secrets.extend(it.next().and_then(|v| credential(&v)).unwrap_or_default());
        } else if word == "-C" {
            it.next();
        } else if !word.starts_with('-') {
            return None;
        }
    }
    let mut url = None;
    let mut ignored = Vec::new();
    let mut options_done = false;
    while let Some(word) = it.next() {
        if !options_done && word == "--" {
            options_done = true;
        } else if !options_done && word.starts_with('-') && word.len() > 1 {
            let (name, inline) = match word.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (word.clone(), None),
            };
            let value = match inline {
                Some(v) => Some(v),
                None if VALUE_OPTIONS.contains(&name.as_str()) => it.next(),
                None => None,
            };
            if matches!(name.as_str(), "-c" | "--config") {
                secrets.extend(value.and_then(|v| credential(&v)).unwrap_or_default());
            }
            ignored.push(name);
        } else if url.is_none() {
            url = Some(word);
        } else {
            ignored.push("the directory name".to_string());
        }
    }
    Some((url.unwrap_or_default(), ignored, secrets))
}

/// `NAME=value` as a shell reads an assignment before a command.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// A `name=value` configuration that carries a credential (an HTTP header, a token, a
/// password): its value, and its longer words on their own.
fn credential(config: &str) -> Option<Vec<String>> {
    let (name, value) = config.split_once('=')?;
    let name = name.to_ascii_lowercase();
    let secret = ["header", "auth", "token", "pass", "secret", "cookie"]
        .iter()
        .any(|n| name.contains(n));
    if !secret || value.trim().is_empty() {
        return None;
    }
    let mut out = vec![value.to_string()];
    out.extend(
        value
            .split_whitespace()
            .filter(|w| w.len() >= 8 && *w != value)
            .map(str::to_string),
    );
    Some(out)
}

/// Removes quotes, backticks and angle brackets around the URL, a stray quote at either end,
/// and sentence punctuation after `.git`.
fn unwrap(s: &str) -> &str {
    const PAIRS: [(char, char); 6] = [
        ('"', '"'),
        ('\'', '\''),
        ('`', '`'),
        ('<', '>'),
        ('\u{201C}', '\u{201D}'),
        ('\u{2018}', '\u{2019}'),
    ];
    let mut s = s.trim();
    loop {
        let before = s;
        for (open, close) in PAIRS {
            if s.len() >= 2 && s.starts_with(open) && s.ends_with(close) {
                s = &s[open.len_utf8()..s.len() - close.len_utf8()];
            }
        }
        s = s
            .trim_start_matches(['"', '\'', '`', '\u{201C}', '\u{2018}'])
            .trim_end_matches(['"', '\'', '`', '\u{201D}', '\u{2019}'])
            .trim();
        for end in [".git.", ".git,", ".git;", ".git)"] {
            if s.ends_with(end) && !(end == ".git)" && s.contains('(')) {
                s = &s[..s.len() - 1];
            }
        }
        if s == before {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_quotes_spaces_and_prompts() {
        assert_eq!(clean("  'git@x:a/b.git'\n").text, "git@x:a/b.git");
        assert_eq!(clean("<https://x/a/b>").text, "https://x/a/b");
        assert_eq!(clean("“git@x:a/b.git”").text, "git@x:a/b.git");
        assert_eq!(clean("git@x:a/b.git.").text, "git@x:a/b.git");
        assert_eq!(clean("$ git@x:a/b.git").text, "git@x:a/b.git");
    }

    #[test]
    fn reduces_a_clone_command_to_its_url() {
        let c = clean("git clone --depth 1 -b main --single-branch git@x:a/b.git mydir");
        assert_eq!(c.text, "git@x:a/b.git");
        assert_eq!(
            c.command,
            Some(vec![
                "--depth".to_string(),
                "-b".to_string(),
                "--single-branch".to_string(),
                "the directory name".to_string()
            ])
        );
        let c = clean("$ git -c core.sshCommand='ssh -v' clone \"git@x:a/b.git\"");
        assert_eq!(c.text, "git@x:a/b.git");
        let c = clean("git clone");
        assert_eq!(c.text, "");
        assert!(c.command.is_some());
        assert!(clean("git fetch origin").command.is_none());
    }

    #[test]
    fn option_values_are_not_reported_and_credentials_are_secrets() {
        let c = clean("git clone --config=http.extraHeader=Bearer_SECRET https://x/a/b.git");
        assert_eq!(c.text, "https://x/a/b.git");
        assert_eq!(c.command, Some(vec!["--config".to_string()]));
        assert_eq!(c.secrets, vec!["Bearer_SECRET".to_string()]);
        let c = clean(
            "git -c 'http.extraHeader=Authorization: Bearer S3cretTokenValue' clone https://x/a/b.git",
        );
        assert!(
            c.secrets.contains(&"S3cretTokenValue".to_string()),
            "{:?}",
            c.secrets
        );
        assert!(
            clean("git clone --depth 1 https://x/a/b.git")
                .secrets
                .is_empty()
        );
    }
}

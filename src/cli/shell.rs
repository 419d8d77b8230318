//! `bblink completions SHELL` and `bblink man`: shell completion scripts (clap_complete) and
//! the manual page in roff (clap_mangen), both generated from the same command definitions, on
//! standard output.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::{Args, CommandFactory, ValueEnum};
use serde_json::json;

use super::Cli;
use super::out::Out;

/// Shells with completion scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    Powershell,
    /// Elvish.
    Elvish,
}

/// `bblink completions` options.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: ShellArg,
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end().to_string()
}

/// Prints the completion script for a shell.
pub fn completions(a: &CompletionsArgs) -> ExitCode {
    use clap_complete::Shell;
    let shell = match a.shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Powershell => Shell::PowerShell,
        ShellArg::Elvish => Shell::Elvish,
    };
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "bblink", &mut buf);
    let mut out = Out::new(false);
    out.line(text(&buf));
    out.finish(&json!({}), 0)
}

/// Prints the manual page (roff): clap's own sections for the name, synopsis, description and
/// options, then the subcommands (each with its example, on this page: there are no separate
/// pages to refer to), exit status, environment, files and examples. Plain ASCII: any other
/// character is written as groff's `\[uXXXX]`, which every man reader takes.
pub fn man() -> ExitCode {
    let mut out = Out::new(false);
    let cmd = Cli::command();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    let rendered = page
        .render_title(&mut buf)
        .and_then(|()| page.render_name_section(&mut buf))
        .and_then(|()| page.render_synopsis_section(&mut buf))
        .and_then(|()| page.render_description_section(&mut buf))
        .and_then(|()| page.render_options_section(&mut buf));
    if let Err(e) = rendered {
        return out.error("io_error", &format!("cannot render the manual: {e}"), "", 1);
    }
    let mut roff = String::from_utf8_lossy(&buf).into_owned();
    roff.push_str(".SH SUBCOMMANDS\n");
    for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
        let _ = write!(roff, ".TP\n\\fBbblink {}\\fR\n", escape(sub.get_name()));
        if let Some(about) = sub.get_about() {
            roff.push_str(&escape(&about.to_string()));
            roff.push('\n');
        }
        if let Some(example) = sub.get_after_help() {
            for line in example.to_string().lines().skip(1) {
                let _ = write!(roff, ".br\n\\fI{}\\fR\n", escape(line.trim()));
            }
        }
    }
    roff.push_str(
        ".PP\nEach subcommand's options: \\fBbblink\\fR \\fISUBCOMMAND\\fR \\fB\\-\\-help\\fR.\n",
    );
    for (title, rows) in [
        ("EXIT STATUS", EXIT_STATUS),
        ("ENVIRONMENT", ENVIRONMENT),
        ("FILES", FILES),
    ] {
        if title.contains(' ') {
            let _ = writeln!(roff, ".SH \"{title}\"");
        } else {
            let _ = writeln!(roff, ".SH {title}");
        }
        for (term, what) in rows {
            let _ = write!(roff, ".TP\n{}\n{}\n", escape(term), escape(what));
        }
    }
    roff.push_str(".SH EXAMPLES\n");
    if let Some(examples) = cmd.get_after_help() {
        for line in examples.to_string().lines().skip(1) {
            let _ = write!(roff, ".PP\n\\fB{}\\fR\n", escape(line.trim()));
        }
    }
    roff.push_str(".SH \"SEE ALSO\"\n\\fBssh\\fR(1), \\fBssh\\-keygen\\fR(1), \\fBgit\\fR(1)\n");
    let _ = write!(roff, ".SH VERSION\n{}\n", escape(env!("CARGO_PKG_VERSION")));
    // clap's sections carry the help's own characters (an ellipsis): as escapes too.
    let roff: String = roff
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\[u{:04X}]", u32::from(c))
            }
        })
        .collect();
    out.line(&roff);
    out.finish(&json!({}), 0)
}

/// Text for roff: backslashes and hyphens escaped, a leading dot or quote guarded, and every
/// character outside ASCII as `\[uXXXX]`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            c if c.is_ascii() => out.push(c),
            c => {
                let _ = write!(out, "\\[u{:04X}]", u32::from(c));
            }
        }
    }
    if out.starts_with(['.', '\'']) {
        out.insert_str(0, "\\&");
    }
    out
}

const EXIT_STATUS: &[(&str, &str)] = &[
    ("0", "Done: the check passed, or the wizard was quit."),
    (
        "1",
        "A check found a problem, an operation failed, or the output could not be written (a closed pipe, a full disk).",
    ),
    ("2", "Usage error: an unknown option, a missing argument."),
    (
        "130",
        "Interrupted by Ctrl-C (SIGINT) in a subcommand or the plain mode; progress is saved and temporary files are removed.",
    ),
    (
        "128 + N",
        "Ended by signal N (143 for SIGTERM, 129 for SIGHUP).",
    ),
    (
        "report",
        "bblink report exits with the number of failed checks.",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "BBLINK_ACCESSIBLE=1",
        "Start the plain mode instead of the full-screen wizard (also with TERM=dumb).",
    ),
    ("NO_COLOR", "No colour anywhere."),
    (
        "BBLINK_BITBUCKET_TOKEN, BBLINK_BITBUCKET_EMAIL",
        "The API credential of access-key, access-token check and webhook create (an Atlassian API token needs the email). Never passed to a program bblink runs.",
    ),
    (
        "BBLINK_OAUTH_KEY, BBLINK_OAUTH_SECRET",
        "The OAuth consumer of oauth-consumer check.",
    ),
    (
        "BBLINK_CLEAR_CLIPBOARD_AFTER",
        "Seconds (1 to 3600) a copied private key or secret stays on the clipboard; 60 by default.",
    ),
    (
        "BBLINK_API_BUDGET",
        "Seconds (1 to 3600) one call to Bitbucket's API (a listing, an add, a removal, a token check, a webhook) may take, retries and pages included; 45 by default.",
    ),
    (
        "BBLINK_PIPE_TIMEOUT_MS",
        "How long a named pipe given as a file may stay silent before it is given up; 10 s by default.",
    ),
    (
        "XDG_DATA_HOME, XDG_STATE_HOME",
        "Where keys, trusted host keys and progress are kept on Linux.",
    ),
    (
        "XDG_RUNTIME_DIR",
        "Where a connection test keeps its copy of the key while it runs (else the temporary directory).",
    ),
    (
        "DISPLAY, WAYLAND_DISPLAY",
        "Whether a system clipboard can be reached (else OSC 52, or the key is shown for selection).",
    ),
];

const FILES: &[(&str, &str)] = &[
    (
        "~/.local/share/bblink/keys/",
        "Generated keys (directory 0700, private keys 0600); on macOS ~/Library/Application Support/bblink/keys/, on Windows %APPDATA%\\bblink\\data\\keys\\.",
    ),
    (
        "~/.local/share/bblink/known_hosts",
        "Host keys you trusted in a connection test (--record-known-hosts changes it). ~/.ssh/known_hosts is never written.",
    ),
    (
        "~/.local/state/bblink/progress.json",
        "The wizard's progress (never a key, token or secret).",
    ),
];

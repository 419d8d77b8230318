//! How the subcommands answer: text or one JSON object on standard output, messages on
//! standard error, and exit codes (0 ok, 1 refused or failed, 2 usage). Output is collected and
//! written once, so a closed pipe or a full disk ends with one line on standard error and exit
//! 1, never a panic. With `--json` every outcome is JSON, errors included.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;
use serde_json::json;

use crate::core::display::terminal_safe;
use crate::core::problem::{Problem, Severity};

/// The API client's options for a subcommand: each wait and slow page is said on standard
/// error, so a long call is never silent (standard output keeps only the answer).
pub fn api_options() -> crate::adapters::bitbucket::Options {
    let say = |what: String| {
        // A closed standard error loses only the progress line.
        let _ = writeln!(io::stderr(), "{}", terminal_safe(&what));
    };
    crate::adapters::bitbucket::Options {
        progress: Some(crate::adapters::bitbucket::Progress(std::sync::Arc::new(
            say,
        ))),
        ..crate::adapters::bitbucket::Options::default()
    }
}

/// The exit code of a usage error.
pub const USAGE: u8 = 2;

/// One subcommand's answer being built.
#[derive(Debug, Default)]
pub struct Out {
    /// `--json` was given.
    pub json: bool,
    text: String,
}

impl Out {
    /// An answer in text, or JSON with `json`.
    pub fn new(json: bool) -> Self {
        Self {
            json,
            text: String::new(),
        }
    }

    /// Adds a line of text (made safe for the terminal by the caller where it quotes input).
    pub fn line(&mut self, line: impl Display) {
        use std::fmt::Write as _;
        let _ = writeln!(self.text, "{line}");
    }

    /// Adds each problem as two lines: severity, id and message, then the fix.
    pub fn problems<Id: Serialize>(&mut self, problems: &[Problem<Id>]) {
        for p in problems {
            self.line(format_args!(
                "{:>8} {}: {}",
                p.severity.word(),
                p.id_str(),
                terminal_safe(&p.message)
            ));
            if !p.fix.is_empty() {
                self.line(format_args!("         fix: {}", terminal_safe(&p.fix)));
            }
        }
    }

    /// Writes the text (or `value` with `--json`) and returns `code`.
    pub fn finish(self, value: &impl Serialize, code: u8) -> ExitCode {
        let text = if self.json {
            match serde_json::to_string(value) {
                Ok(json) => format!("{}\n", escape_controls(&json)),
                Err(e) => return fail_write(&e),
            }
        } else {
            self.text
        };
        match write_stdout(&text) {
            Ok(()) => ExitCode::from(code),
            Err(e) => fail_write(&e),
        }
    }

    /// An error that ends the command: on standard error in text mode, as the JSON problem
    /// list with `--json` (on standard output, where scripts read it).
    pub fn error(self, id: &str, message: &str, fix: &str, code: u8) -> ExitCode {
        if self.json {
            let value = json!({
                "ok": false,
                "problems": [{
                    "id": id,
                    "severity": Severity::Error,
                    "message": message,
                    "fix": fix,
                }],
            });
            return self.finish(&value, code);
        }
        let mut line = format!("error: {}", terminal_safe(message));
        if !fix.is_empty() {
            line = format!("{line}\n  fix: {}", terminal_safe(fix));
        }
        say(&line);
        let _ = write_stdout(&self.text);
        ExitCode::from(code)
    }
}

/// JSON with DEL and the C1 controls (U+007F–U+009F) escaped as `\u00XX`, as serde escapes
/// the C0 ones: a terminal that shows the output must not act on an 8-bit CSI from a key
/// comment or a server. They can only stand inside strings, so escaping them there is exact.
fn escape_controls(json: &str) -> std::borrow::Cow<'_, str> {
    use std::fmt::Write as _;
    if !json.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A line on standard error; a closed standard error is not worth a panic.
pub fn say(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

fn write_stdout(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn fail_write(e: &dyn Display) -> ExitCode {
    say(&format!("error: cannot write the output: {e}"));
    ExitCode::from(1)
}

/// The exit code of a check: 0 when usable, 1 when not.
pub fn verdict_code(ok: bool) -> u8 {
    u8::from(!ok)
}

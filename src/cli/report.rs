//! `bblink report`: a support bundle for a ticket, in Markdown: versions, the clone URL check,
//! the key check (fingerprint only), the connection test with its redacted transcript, and the
//! diagnosis of it, and of a log given with --log. The exit code is the number of failed
//! checks.

use std::path::Path;
use std::process::ExitCode;

use crate::adapters::{atomic, versions};
use crate::core::catalog::catalog;
use crate::core::clone_url;
use crate::core::diagnosis::diagnose;
use crate::core::display;
use crate::core::inspect::{self, MAX_INPUT};
use crate::core::report::{Facts, build};

use super::input;
use super::out::{self, Out};
use super::{ReportArgs, TestArgs};

/// Without `--url` and `--key`, the clone URL and key file the wizard saved (a usable URL only,
/// as the wizard re-reads it), said on standard error.
fn saved_inputs(args: &ReportArgs) -> (Option<String>, Option<std::path::PathBuf>) {
    if args.url.is_some() || args.key.is_some() {
        return (None, None);
    }
    let Some(p) = crate::adapters::dirs::Dirs::discover()
        .ok()
        .and_then(|d| crate::adapters::progress_store::load(&d.progress_file()).ok())
        .flatten()
    else {
        return (None, None);
    };
    let url = p.clone_url.as_deref().and_then(clone_url::usable_ssh_url);
    if url.is_some() || p.key_path.is_some() {
        eprintln!(
            "Using the clone URL and key file the wizard saved (--url and --key give others)."
        );
    }
    (url, p.key_path)
}

/// The diagnosis of the log given with `--log` (findings and lines), or why it was not read.
fn log_diagnosis(
    args: &ReportArgs,
) -> Option<Result<(Vec<crate::core::diagnosis::Finding>, usize), String>> {
    match (&args.log, catalog()) {
        (None, _) => None,
        (Some(_), Err(e)) => Some(Err(e.to_string())),
        (Some(path), Ok(c)) => {
            let source = Some(path.as_path()).filter(|p| *p != Path::new("-"));
            Some(
                super::diagnose::read_log(c, source)
                    .map(|d| {
                        let lines = d.lines();
                        (d.finish(), lines)
                    })
                    .map_err(|(_, message)| message),
            )
        }
    }
}

/// Whether a path names standard input (`-`, `/dev/stdin` and its aliases).
fn is_stdin(p: Option<&std::path::PathBuf>) -> bool {
    p.is_some_and(|p| {
        ["-", "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]
            .iter()
            .any(|s| p.as_path() == Path::new(s))
    })
}

/// Runs `bblink report`.
pub fn run(args: &ReportArgs) -> ExitCode {
    let out = Out::new(false);
    // Standard input can be read once: the key would take it all and the log be empty.
    if is_stdin(args.key.as_ref()) && is_stdin(args.log.as_ref()) {
        return out.error(
            "usage",
            "--key - and --log - both ask for standard input, which can be read once",
            "Give one of them as a file: bblink report --key ~/.ssh/id_ed25519 --log - < ci.log",
            out::USAGE,
        );
    }
    let saved = saved_inputs(args);
    let args = &ReportArgs {
        url: args.url.clone().or(saved.0),
        key: args.key.clone().or(saved.1),
        ..(*args).clone()
    };
    let url = args.url.as_deref().map(clone_url::check);
    let example = "bblink report --key - < key";
    let key_text = args
        .key
        .as_ref()
        .map(|k| input::read(Some(k), MAX_INPUT, "private key", example));
    let (key, key_error) = match &key_text {
        Some(Ok(i)) => {
            let mut v = inspect::inspect(i.text.expose(), None);
            v.note_file_mode(i.readable_by_others);
            v.note_final_newline(i.text.expose());
            (Some(v), None)
        }
        Some(Err(f)) => (None, Some(f.message.clone())),
        None => (None, None),
    };
    let (outcome, skipped) = match (
        &args.url,
        &args.key,
        url.as_ref().and_then(|u| u.usable().or(u.repair())),
    ) {
        (Some(u), Some(k), Some(_)) if key.is_some() => {
            let test = TestArgs {
                url: vec![u.clone()],
                repo_dir: None,
                key: k.clone(),
                test: args.test.clone(),
                json: true,
            };
            let read = key_text
                .as_ref()
                .and_then(|k| k.as_ref().ok())
                .map(|i| i.text.clone());
            match super::test::prepare(&test, u, read) {
                Ok((req, secret)) => match super::test::execute(&req, &secret, false) {
                    Ok(Ok(o)) => (Some(o), None),
                    Ok(Err(code)) => return ExitCode::from(code),
                    Err(e) => (None, Some(format!("could not start: {e}"))),
                },
                Err(f) => (None, Some(f.message)),
            }
        }
        (None, _, _) | (_, None, _) => (None, Some("give --url and --key to run it".to_string())),
        (_, _, None) => (None, Some("the URL is not an SSH clone URL".to_string())),
        _ => (None, Some("the key could not be read".to_string())),
    };
    let findings = match (catalog(), &outcome) {
        (Ok(c), Some(o)) => diagnose(c, &o.transcript),
        _ => Vec::new(),
    };
    let log = log_diagnosis(args);
    let hosts: Vec<String> = args.url.iter().cloned().collect();
    let machine = crate::adapters::doctor::gather(&super::doctor::request(
        &[],
        &hosts,
        args.repo_dir.clone(),
    ));
    let ssh = versions::ssh();
    let git = versions::git();
    let os = versions::os();
    let report = build(&Facts {
        bblink: env!("CARGO_PKG_VERSION"),
        ssh: ssh.as_deref(),
        git: git.as_deref(),
        os: &os,
        url: url.as_ref(),
        key: key.as_ref(),
        key_error: key_error.as_deref(),
        test: outcome.as_ref(),
        test_skipped: skipped.as_deref(),
        findings: &findings,
        log: log.as_ref().map(|l| {
            l.as_ref()
                .map(|(f, n)| (f.as_slice(), *n))
                .map_err(String::as_str)
        }),
        machine: Some(&machine),
    });
    let code = u8::try_from(report.failed).unwrap_or(u8::MAX);
    if let Some(path) = &args.out {
        return write(path, &report.text, code);
    }
    let mut out = out;
    out.line(report.text.trim_end());
    out.finish(&(), code)
}

fn write(path: &Path, text: &str, code: u8) -> ExitCode {
    // A report goes into a folder that exists: a mistyped folder is not created.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir.filter(|d| !d.is_dir()) {
        out::say(&format!(
            "error: report not written to {}: the folder {} does not exist\n  fix: Create the folder first, or choose a path in a folder that exists.",
            display::path(path),
            display::path(dir)
        ));
        return ExitCode::from(code.max(1));
    }
    match atomic::write(path, text.as_bytes(), 0o600, false) {
        Ok(()) => {
            out::say(&format!(
                "Report written to {} (read it before you share it).",
                display::path(path)
            ));
            ExitCode::from(code)
        }
        Err(e) => {
            out::say(&format!(
                "error: report not written to {}: {e}\n  fix: Choose a path that does not exist yet.",
                display::path(path)
            ));
            ExitCode::from(code.max(1))
        }
    }
}

//! `bblink diagnose`: any log (a file, a pipe, standard input) read once, line by line, and the
//! problems it shows, root causes first, with redacted evidence, cause and fix.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::adapters::lines;
use crate::adapters::log_text::{LogText, is_not_text};
use crate::core::catalog::{Catalog, catalog};
use crate::core::diagnosis::{Diagnoser, Finding, LINE_LIMIT};
use crate::core::display::terminal_safe;

use super::DiagnoseArgs;
use super::out::{self, Out, USAGE};

#[derive(Serialize)]
struct Report<'a> {
    findings: &'a [Finding],
    lines: usize,
    /// Lines longer than bblink reads (2 MiB): their rest was not read.
    lines_cut: usize,
    first_cut_line: Option<usize>,
}

/// Reads a log (a file or pipe, or standard input for `None`) into a diagnosis, in blocks:
/// the next block is searched while the last one is judged. `Err` is `(id, message)`.
pub(super) fn read_log<'c>(
    catalog: &'c Catalog,
    source: Option<&Path>,
) -> Result<Diagnoser<'c>, (&'static str, String)> {
    let mut d = Diagnoser::new(catalog);
    let read = match source {
        Some(path) => {
            let read = lines::open(path).map_err(|e| (e.id(), e.to_string()))?;
            lines::for_each_chunk_with(
                LogText::new(read),
                LINE_LIMIT,
                |c, old| catalog.scan_block(c, old),
                |c, s| d.feed_scanned(c, s),
            )
        }
        None => lines::for_each_chunk_with(
            LogText::new(std::io::stdin()),
            LINE_LIMIT,
            |c, old| catalog.scan_block(c, old),
            |c, s| d.feed_scanned(c, s),
        ),
    };
    read.map_err(|e| {
        if is_not_text(&e) {
            let name = source.map_or_else(|| "standard input".into(), |p| p.display().to_string());
            ("not_text", format!("{}: {e}", terminal_safe(&name)))
        } else {
            ("io_error", format!("cannot read the log: {e}"))
        }
    })?;
    if d.lines() == 0 {
        // Most often a command's output piped without its errors (`… | bblink diagnose`).
        return Err(("empty_log", "the log is empty: nothing to diagnose".into()));
    }
    Ok(d)
}

/// Runs `bblink diagnose`.
pub fn run(args: &DiagnoseArgs) -> ExitCode {
    let mut out = Out::new(args.json);
    let catalog = match catalog() {
        Ok(c) => c,
        Err(e) => return out.error("catalog_invalid", &e.to_string(), "", 1),
    };
    let source = args.path.as_deref().filter(|p| *p != Path::new("-"));
    if source.is_none() && std::io::stdin().is_terminal() && args.path.is_none() {
        return out.error(
            "usage",
            "no log given",
            "Give a file, pipe the log in (git clone … 2>&1 | bblink diagnose), or give - and paste it, then Ctrl-D.",
            USAGE,
        );
    }
    let d = match read_log(catalog, source) {
        Ok(d) => d,
        Err((id, message)) => {
            let fix = if id == "not_text" {
                "Give the log as text: unpack a compressed log first (zcat build.log.gz | bblink diagnose)."
            } else if id == "empty_log" {
                "Pipe the command's errors too: git clone … 2>&1 | bblink diagnose"
            } else {
                "Give a log file, or pipe the log in: … 2>&1 | bblink diagnose"
            };
            return out.error(id, &message, fix, 1);
        }
    };
    let count = d.lines();
    let (cut, first_cut) = d.cut_lines();
    let findings = d.finish();
    if !out.json {
        text(&mut out, &findings, count);
        if cut > 0 {
            out.line("");
            let note = if cut == 1 {
                format!(
                    "line {first_cut} is longer than 2 MiB: only its first 2 MiB were read, so a failure further on in it is not shown"
                )
            } else {
                format!(
                    "line {first_cut} and {} more are longer than 2 MiB: only the first 2 MiB of each were read, so a failure further on in them is not shown",
                    cut - 1
                )
            };
            out.line(format_args!("Note: {note}."));
        }
    }
    let report = Report {
        findings: &findings,
        lines: count,
        lines_cut: cut,
        first_cut_line: (cut > 0).then_some(first_cut),
    };
    out.finish(&report, out::verdict_code(findings.is_empty()))
}

fn text(out: &mut Out, findings: &[Finding], lines: usize) {
    if findings.is_empty() {
        out.line(format_args!(
            "No known problem in {lines} line{}.",
            if lines == 1 { "" } else { "s" }
        ));
        return;
    }
    let primary = findings.iter().filter(|f| f.primary).count();
    out.line(format_args!(
        "{primary} cause{} found in {lines} line{} (first the cause, then what follows from it or came with it):",
        if primary == 1 { "" } else { "s" },
        if lines == 1 { "" } else { "s" }
    ));
    for f in findings {
        out.line("");
        let mark = if f.primary { "✗" } else { "·" };
        out.line(format_args!(
            "{mark} {}: {} [{}]",
            f.id,
            f.title,
            f.confidence.word()
        ));
        for e in &f.evidence {
            out.line(format_args!(
                "    line {}: {}",
                e.line,
                terminal_safe(&e.text)
            ));
        }
        if f.count > f.evidence.len() {
            out.line(format_args!(
                "    … and {} more lines",
                f.count - f.evidence.len()
            ));
        }
        if !f.primary {
            out.line("  follows from the cause above, or came with it");
            continue;
        }
        out.line(format_args!("  cause: {}", f.cause));
        for (i, step) in f.fix.iter().enumerate() {
            out.line(format_args!("  fix {}: {step}", i + 1));
        }
        if let Some(screen) = f.screen {
            out.line(format_args!("  in the wizard: bblink --screen {screen}"));
        }
        for r in &f.references {
            out.line(format_args!("  see {r}"));
        }
    }
}

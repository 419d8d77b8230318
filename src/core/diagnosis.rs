//! Diagnosis: any text (a connection-test transcript, a CI log, a pasted `git clone` failure, a
//! huge `ssh -vvv` session) read once, line by line, against the catalog's symptoms. Memory does
//! not grow with the log: per entry a count and a few evidence lines. Findings come out root
//! causes first ("Permission denied" before "Could not read from remote repository"), each with
//! redacted evidence (line numbers from 1) and the entry's cause and fix.

use serde::Serialize;

use crate::core::catalog::{Catalog, Entry, Pattern};
use crate::core::redact;

/// Evidence lines kept per finding.
pub const EVIDENCE: usize = 3;
/// A line longer than this is judged on its start (and shown cut).
pub const LINE_LIMIT: usize = 64 * 1024;

/// A line that shows a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Its number, from 1.
    pub line: usize,
    /// The line, redacted.
    pub text: String,
}

/// One problem found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The catalog id.
    pub id: String,
    /// One line.
    pub title: String,
    /// Why it happens.
    pub cause: String,
    /// The steps.
    pub fix: Vec<String>,
    /// The wizard screen that fixes it (`--screen` name).
    pub screen: Option<&'static str>,
    /// The lines that show it.
    pub evidence: Vec<Evidence>,
    /// How many lines show it.
    pub count: usize,
    /// A root cause (not explained by another finding).
    pub primary: bool,
    /// Where to read more.
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Hit {
    count: usize,
    last: usize,
    evidence: Vec<Evidence>,
}

/// A diagnosis in progress: feed it lines, then [`Diagnoser::finish`].
#[derive(Debug)]
pub struct Diagnoser<'c> {
    catalog: &'c Catalog,
    hits: Vec<Hit>,
    context: Vec<bool>,
    lines: usize,
    in_key: bool,
    /// `ssh_url_malformed`: shown by a host name that holds a workspace or path.
    malformed: Option<usize>,
}

impl<'c> Diagnoser<'c> {
    /// A diagnosis against this catalog.
    pub fn new(catalog: &'c Catalog) -> Self {
        let n = catalog.entries().len();
        Self {
            catalog,
            hits: vec![Hit::default(); n],
            context: vec![false; n],
            lines: 0,
            in_key: false,
            malformed: catalog
                .entries()
                .iter()
                .position(|e| e.id == "ssh_url_malformed"),
        }
    }

    /// How many lines were read.
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Reads one line (without its line break; bytes that are not UTF-8 are fine).
    pub fn feed(&mut self, line: &[u8]) {
        self.lines += 1;
        let line = &line[..line.len().min(LINE_LIMIT)];
        // Inside a private key block nothing is evidence, and nothing of it is kept.
        if self.in_key {
            if marks::END.find(line).is_some() {
                self.in_key = false;
            }
            return;
        }
        if marks::BEGIN.find(line).is_some() && marks::KEY.find(line).is_some() {
            self.in_key = marks::END.find(line).is_none();
            return;
        }
        let mut shown: Option<String> = None;
        for m in self.catalog.matcher.find_overlapping_iter(line) {
            match self.catalog.patterns[m.pattern().as_usize()] {
                Pattern::Context(i) => self.context[i] = true,
                Pattern::Symptom(i) => self.hit(i, line, &mut shown),
            }
        }
        if let Some(i) = self.malformed.filter(|_| glued_host(line)) {
            self.hit(i, line, &mut shown);
        }
    }

    fn hit(&mut self, i: usize, line: &[u8], shown: &mut Option<String>) {
        let hit = &mut self.hits[i];
        // A line that shows two symptoms of one entry counts once.
        if hit.last == self.lines {
            return;
        }
        hit.last = self.lines;
        hit.count += 1;
        if hit.evidence.len() < EVIDENCE {
            let text = shown
                .get_or_insert_with(|| redact::line(String::from_utf8_lossy(line).trim_end()))
                .clone();
            hit.evidence.push(Evidence {
                line: self.lines,
                text,
            });
        }
    }

    /// Feeds every line of a text (a carriage return ends a line too, as terminals paste
    /// them).
    pub fn feed_text(&mut self, text: &str) {
        for line in text.split_terminator(['\n', '\r']) {
            self.feed(line.as_bytes());
        }
    }

    /// The findings: root causes first (by priority, then where they first show), then what
    /// they explain.
    pub fn finish(self) -> Vec<Finding> {
        let entries = self.catalog.entries();
        let found: Vec<usize> = (0..entries.len())
            .filter(|&i| {
                self.hits[i].count > 0 && (entries[i].context.is_empty() || self.context[i])
            })
            .collect();
        let explained = |i: usize| {
            found
                .iter()
                .any(|&j| j != i && entries[j].explains.iter().any(|x| *x == entries[i].id))
        };
        let mut out: Vec<(bool, u8, usize, Finding)> = found
            .iter()
            .map(|&i| {
                let primary = !explained(i);
                let hit = &self.hits[i];
                let first = hit.evidence.first().map_or(0, |e| e.line);
                (
                    !primary,
                    entries[i].priority,
                    first,
                    finding(&entries[i], hit, primary),
                )
            })
            .collect();
        out.sort_by_key(|(secondary, priority, first, _)| (*secondary, *priority, *first));
        out.into_iter().map(|(_, _, _, f)| f).collect()
    }
}

fn finding(e: &Entry, hit: &Hit, primary: bool) -> Finding {
    Finding {
        id: e.id.clone(),
        title: e.title.clone(),
        cause: e.cause.clone(),
        fix: e.fix.clone(),
        screen: e.screen.map(crate::core::step::Step::name),
        evidence: hit.evidence.clone(),
        count: hit.count,
        primary,
        references: e.references.clone(),
    }
}

/// `Could not resolve hostname bitbucket.org:team: …`: the host ssh was given holds a
/// workspace or a path, a sign of a malformed SSH URL.
fn glued_host(line: &[u8]) -> bool {
    let Some(at) = marks::HOST.find(line) else {
        return false;
    };
    let rest = &line[at + marks::HOST.needle().len()..];
    let host = memchr::memmem::find(rest, b": ").map_or(rest, |end| &rest[..end]);
    host.contains(&b':') || host.contains(&b'/')
}

/// Substrings looked for on every line, each searched with a finder built once (building one
/// per search is most of the cost on short lines).
mod marks {
    use std::sync::LazyLock;

    use memchr::memmem::Finder;

    pub static BEGIN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"-----BEGIN"));
    pub static END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"-----END"));
    pub static KEY: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"PRIVATE KEY"));
    // ssh writes it so, in lower case.
    pub static HOST: LazyLock<Finder<'static>> =
        LazyLock::new(|| Finder::new(b"resolve hostname "));
}

/// Diagnoses a whole text.
pub fn diagnose(catalog: &Catalog, text: &str) -> Vec<Finding> {
    let mut d = Diagnoser::new(catalog);
    d.feed_text(text);
    d.finish()
}

#[cfg(test)]
mod tests;

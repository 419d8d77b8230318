//! The troubleshooting catalog (`assets/troubleshooting/*.toml`, data): every problem bblink
//! names, with its cause, fix, the screen that fixes it, the text that shows it in logs, and
//! references. Entries of the key and URL checks take their words from those checks, so the
//! CLI, the screens and `bblink diagnose` tell one story. Validated when loaded.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Deserialize;

use crate::core::inspect;
use crate::core::step::Step;

/// The catalog files, with their names for error messages.
const FILES: [(&str, &str); 2] = [
    (
        "catalog.toml",
        include_str!("../../assets/troubleshooting/catalog.toml"),
    ),
    (
        "checks.toml",
        include_str!("../../assets/troubleshooting/checks.toml"),
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    entry: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    title: Option<String>,
    cause: Option<String>,
    fix: Option<Vec<String>>,
    check: Option<String>,
    screen: Option<String>,
    symptoms: Vec<String>,
    #[serde(default)]
    context: Vec<String>,
    #[serde(default)]
    explains: Vec<String>,
    priority: Option<u8>,
    references: Vec<String>,
}

/// One problem and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable id.
    pub id: String,
    /// One line.
    pub title: String,
    /// Why it happens.
    pub cause: String,
    /// The steps, in order.
    pub fix: Vec<String>,
    /// The wizard screen that fixes it.
    pub screen: Option<Step>,
    /// Text that shows it in a log (lower case).
    pub symptoms: Vec<String>,
    /// It applies only when one of these also appears (lower case; empty: always).
    pub context: Vec<String>,
    /// Entries this one is the root cause of.
    pub explains: Vec<String>,
    /// Lower comes first among root causes.
    pub priority: u8,
    /// Where to read more.
    pub references: Vec<String>,
}

/// A catalog file is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("assets/troubleshooting/{file}: {message}")]
pub struct CatalogError {
    /// The file.
    pub file: String,
    /// What is wrong, with the line where the parser knows it.
    pub message: String,
}

/// Which pattern of the automaton is which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// A symptom of this entry.
    Symptom(usize),
    /// A context of this entry.
    Context(usize),
}

/// The validated catalog, with one automaton over every symptom and context.
#[derive(Debug)]
pub struct Catalog {
    entries: Vec<Entry>,
    pub(crate) matcher: AhoCorasick,
    pub(crate) patterns: Vec<Pattern>,
}

impl Catalog {
    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Reads and validates catalog files (`(name, text)`).
    pub fn parse(files: &[(&str, &str)]) -> Result<Catalog, CatalogError> {
        let mut entries: Vec<Entry> = Vec::new();
        for (file, text) in files {
            let err = |message: String| CatalogError {
                file: (*file).to_string(),
                message,
            };
            let raw: RawFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            for r in raw.entry {
                if entries.iter().any(|e| e.id == r.id) {
                    return Err(err(format!("entry {} is defined twice", r.id)));
                }
                entries.push(entry(r).map_err(&err)?);
            }
        }
        for e in &entries {
            if let Some(x) = e
                .explains
                .iter()
                .find(|x| !entries.iter().any(|o| &o.id == *x))
            {
                return Err(CatalogError {
                    file: "catalog".into(),
                    message: format!("entry {} explains {x}, which is not an entry", e.id),
                });
            }
        }
        let mut words = Vec::new();
        let mut patterns = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            for s in &e.symptoms {
                words.push(s.clone());
                patterns.push(Pattern::Symptom(i));
            }
            for c in &e.context {
                words.push(c.clone());
                patterns.push(Pattern::Context(i));
            }
        }
        // A DFA: the catalog is small, and the search runs on every line of a large log.
        let matcher = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(&words)
            .map_err(|e| CatalogError {
                file: "catalog".into(),
                message: e.to_string(),
            })?;
        Ok(Catalog {
            entries,
            matcher,
            patterns,
        })
    }
}

/// The words of a check's problem: `(title, fix)`.
fn check_words(check: &str, id: &str) -> Result<(String, String), String> {
    use strum::IntoEnumIterator;
    if check != "key" {
        return Err(format!("entry {id}: unknown check {check:?} (only key)"));
    }
    inspect::ProblemId::iter()
        .map(inspect::ProblemId::problem)
        .find(|p| p.id_str() == id)
        .map(|p| (p.message, p.fix))
        .ok_or_else(|| format!("entry {id}: the key check has no such problem"))
}

fn entry(r: RawEntry) -> Result<Entry, String> {
    let id = r.id;
    let (title, cause, fix) = match (&r.check, r.title, r.cause, r.fix) {
        (_, Some(t), Some(c), Some(f)) => (t, c, f),
        (Some(check), t, c, f) => {
            let (message, fix) = check_words(check, &id)?;
            (
                t.unwrap_or_else(|| message.clone()),
                c.unwrap_or(message),
                f.unwrap_or_else(|| vec![fix]),
            )
        }
        _ => return Err(format!("entry {id}: title, cause and fix are required")),
    };
    if title.trim().is_empty() || cause.trim().is_empty() || fix.iter().all(|f| f.trim().is_empty())
    {
        return Err(format!(
            "entry {id}: title, cause and fix must not be empty"
        ));
    }
    let screen = match r.screen.as_deref() {
        Some(name) => {
            Some(Step::from_name(name).ok_or_else(|| format!("entry {id}: no screen {name:?}"))?)
        }
        None => None,
    };
    for s in r.symptoms.iter().chain(&r.context) {
        if s.trim().len() < 3 || s.to_ascii_lowercase() != *s {
            return Err(format!(
                "entry {id}: pattern {s:?} must be lower case and 3 characters or more"
            ));
        }
    }
    Ok(Entry {
        id,
        title,
        cause,
        fix,
        screen,
        symptoms: r.symptoms,
        context: r.context,
        explains: r.explains,
        priority: r.priority.unwrap_or(50),
        references: r.references,
    })
}

/// The shipped catalog, read once.
pub fn catalog() -> Result<&'static Catalog, &'static CatalogError> {
    static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::parse(&FILES)).as_ref()
}

#[cfg(test)]
mod tests;

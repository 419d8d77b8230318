//! The troubleshooting catalog (`assets/troubleshooting/*.toml`, data): every problem bblink
//! names, with its cause, fix, the screen that fixes it, the text that shows it in logs, and
//! references. Entries of the key and URL checks take their words from those checks, so the
//! CLI, the screens and `bblink diagnose` tell one story. Validated when loaded.

use std::sync::OnceLock;

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use serde::{Deserialize, Serialize};

mod marks;

pub(crate) use marks::{MARKS, Mark};

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

/// The messages that show causes in logs, one file per client or source.
const MESSAGES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/messages.rs"));

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
    stage: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    priority: Option<u8>,
    references: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessages {
    message: Vec<RawMessage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMessage {
    text: String,
    id: String,
    role: String,
    stage: String,
    #[serde(default)]
    needs: Vec<String>,
    #[serde(default)]
    on_line: Vec<String>,
    #[serde(default)]
    not_on_line: Vec<String>,
    #[serde(default)]
    address: Option<String>,
    priority: Option<u8>,
    source: String,
}

/// Where in a connection (or an HTTP exchange) something fails; earlier stages come first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Stage {
    /// The client's own files, configuration, agent and programs.
    Local,
    /// Looking up the host.
    Resolve,
    /// Connecting.
    Connect,
    /// Agreeing on the key exchange.
    Kex,
    /// Checking the server's host key.
    Hostkey,
    /// Logging in.
    Auth,
    /// An HTTP request's answer (Git over HTTPS).
    Http,
    /// A REST API call.
    Api,
    /// An OAuth exchange.
    Oauth,
    /// After login: the repository and the command.
    Repo,
    /// Pushing.
    Push,
    /// A webhook's delivery.
    Webhook,
}

/// What a message says about a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// It names the cause itself.
    Root,
    /// It shows which stage failed, not why.
    Symptom,
    /// It only follows an earlier failure.
    Consequence,
    /// A failure line that names no cause.
    Error,
    /// Not a failure (a success, a harmless warning): shown, never a cause.
    Info,
    /// The failure its entry's symptoms showed was overcome (an unknown host accepted).
    Resolved,
}

/// A message that shows a cause in a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The text, lower case.
    pub text: String,
    /// The entry it shows (index into [`Catalog::entries`]).
    pub entry: usize,
    /// What it says about the failure.
    pub role: Role,
    /// Where it fails.
    pub stage: Stage,
    /// It counts only when one of these (indexes into [`Catalog::needs`]) shows in the same
    /// command's output.
    pub needs: Vec<usize>,
    /// It counts only when each of these (lower case; `a|b` is either) is on the same line:
    /// for a text as general as "no such file or directory", what the line is about.
    pub on_line: Vec<String>,
    /// It does not count when one of these (lower case) is on the same line: the same words
    /// printed by another layer ("connection reset by peer" in curl's error is HTTPS's).
    pub not_on_line: Vec<String>,
    /// It counts only when the last address before it in the same command (or on its line)
    /// is of this kind: a client that prints the same sentence for SSH and HTTPS.
    pub address: Option<AddressKind>,
    /// Ranks the finding as an entry of this priority would rank: the context it needs
    /// decides between entries that share its words (a missing Homebrew tap is answered with
    /// a credential prompt).
    pub priority: Option<u8>,
}

/// The kind of a repository address in a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressKind {
    /// `git@host:…`, `ssh://…`.
    Ssh,
    /// `https://…` (or `http://…`).
    Https,
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
    /// Where in a connection it fails.
    pub stage: Stage,
    /// Ids it had before (named in JSON for one release).
    pub aliases: Vec<String>,
    /// Text that shows it in a log (lower case): a few of its messages, for the screens.
    pub symptoms: Vec<String>,
    /// Lower comes first among causes at the same stage.
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
    /// A message (index into `messages`).
    Message(usize),
    /// A text a message needs (index into `needs`).
    Need(usize),
    /// bblink's own output naming an entry (`"id": "…"`, `error id:`).
    Own(usize),
    /// A text that makes a line worth reading (a failure, a command, a key block's edge).
    Mark(Mark),
}

/// The validated catalog, with one automaton over every message, the texts they need and
/// bblink's own output.
#[derive(Debug)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// Every message, from every file.
    pub messages: Vec<Message>,
    /// The texts messages need, each once.
    pub needs: Vec<String>,
    /// One automaton over the first bytes of every text (a small automaton stays in cache).
    matcher: DFA,
    /// The length of each automaton pattern.
    prefix_len: Vec<usize>,
    /// For each automaton pattern, the texts (indexes into `words`) that start with it.
    prefixed: Vec<Vec<usize>>,
    /// Every text searched, lower case, and what it is.
    words: Vec<Vec<u8>>,
    patterns: Vec<Pattern>,
}

/// What a scan keeps between blocks (so a large log allocates once).
#[derive(Debug, Default)]
pub(crate) struct ScanWork {
    hits: Vec<(u8, u32, StateID)>,
    found: [Vec<Found>; 4],
}

/// A text found in a block: which (an index into the catalog's texts) and where it starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub(crate) word: u32,
    pub(crate) start: u32,
}

/// What [`Catalog::scan_block`] found in a block.
#[derive(Debug, Default)]
pub struct Scanned {
    pub(crate) found: Vec<Found>,
    /// Where the search stopped (a line break, or the end).
    rest: usize,
    work: ScanWork,
}

/// The automaton matches this many first bytes of each text; the rest is compared where the
/// start matched.
const PREFIX: usize = 12;

impl Catalog {
    /// Every entry, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id (or an old id of it).
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id).or_else(|| {
            self.entries
                .iter()
                .find(|e| e.aliases.iter().any(|a| a == id))
        })
    }

    /// The index of the entry with this id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    /// Reads and validates catalog files (`(name, text)`) and message files.
    pub fn parse(
        files: &[(&str, &str)],
        message_files: &[(&str, &str)],
    ) -> Result<Catalog, CatalogError> {
        let mut entries: Vec<Entry> = Vec::new();
        for (file, text) in files {
            let err = |message: String| CatalogError {
                file: (*file).to_string(),
                message,
            };
            let raw: RawFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            for r in raw.entry {
                if entries
                    .iter()
                    .any(|e| e.id == r.id || e.aliases.contains(&r.id))
                {
                    return Err(err(format!("entry {} is defined twice", r.id)));
                }
                entries.push(entry(r).map_err(&err)?);
            }
        }
        let mut messages = Vec::new();
        let mut needs: Vec<String> = Vec::new();
        for (file, text) in message_files {
            let err = |message: String| CatalogError {
                file: format!("messages/{file}"),
                message,
            };
            let raw: RawMessages = toml::from_str(text).map_err(|e| err(e.to_string()))?;
            for m in raw.message {
                messages.push(message(m, &entries, &mut needs).map_err(&err)?);
            }
        }
        for (i, e) in entries.iter_mut().enumerate() {
            // A few of its messages, not two wordings of one.
            let mut shown: Vec<String> = Vec::new();
            for m in messages
                .iter()
                .filter(|m| m.entry == i && matches!(m.role, Role::Root | Role::Symptom))
            {
                let head = |t: &str| t.chars().take(20).collect::<String>();
                if shown.len() < 4 && !shown.iter().any(|s| head(s) == head(&m.text)) {
                    shown.push(m.text.clone());
                }
            }
            e.symptoms = shown;
        }
        let mut words: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (i, m) in messages.iter().enumerate() {
            words.push(m.text.clone());
            patterns.push(Pattern::Message(i));
        }
        for (i, n) in needs.iter().enumerate() {
            words.push(n.clone());
            patterns.push(Pattern::Need(i));
        }
        // bblink's own output names its findings by id: in JSON, and in text after a severity.
        for (i, e) in entries.iter().enumerate() {
            for id in std::iter::once(&e.id).chain(&e.aliases) {
                for form in [
                    format!("\"id\": \"{id}\""),
                    format!("\"id\":\"{id}\""),
                    format!("error {id}: "),
                    format!("warning {id}: "),
                    format!("✗ {id}: "),
                ] {
                    words.push(form);
                    patterns.push(Pattern::Own(i));
                }
            }
        }
        for (text, mark) in MARKS {
            words.push((*text).to_string());
            patterns.push(Pattern::Mark(*mark));
        }
        let (matcher, prefix_len, prefixed, words) = automaton(words)?;
        Ok(Catalog {
            entries,
            messages,
            needs,
            matcher,
            prefix_len,
            prefixed,
            words,
            patterns,
        })
    }

    /// How long a found text is, in bytes.
    pub(crate) fn word_len(&self, found: Found) -> usize {
        self.words[found.word as usize].len()
    }

    /// What a found text is.
    pub(crate) fn pattern(&self, found: Found) -> Pattern {
        self.patterns[found.word as usize]
    }

    /// Every text of the catalog in `hay`, with where it starts, in order of where it ends.
    /// Texts do not span lines, except marks that start with a line break.
    /// Every text of the catalog in a block of whole lines, ready for
    /// the diagnosis's `feed_scanned` (so a reader can search the next
    /// block while the last one is judged).
    /// Only the first half is searched here, the rest by `feed_scanned`: the reading thread
    /// and the judging one share the search.
    pub fn scan_block(&self, hay: &[u8], reuse: Option<Scanned>) -> Scanned {
        let mut s = reuse.unwrap_or_default();
        s.found.clear();
        // What a block dense with texts grew is given back before the next one.
        s.found.shrink_to(1 << 16);
        let half = hay.len() * 3 / 5;
        s.rest = memchr::memchr(b'\n', &hay[half..]).map_or(hay.len(), |i| half + i);
        self.scan(&hay[..s.rest], 0, &mut s.found, &mut s.work);
        s
    }

    /// Searches what [`Catalog::scan_block`] left of the block.
    pub(crate) fn scan_rest(&self, hay: &[u8], s: &mut Scanned) {
        if s.rest < hay.len() {
            self.scan(&hay[s.rest..], s.rest, &mut s.found, &mut s.work);
            s.rest = hay.len();
        }
    }

    /// Every text of the catalog in `hay` (which starts at `base` of its block), with where it
    /// starts, in order of where it ends. Texts do not span lines, except marks that start with
    /// a line break.
    // The walks are interleaved by index on purpose.
    #[allow(clippy::needless_range_loop)]
    pub(crate) fn scan(&self, hay: &[u8], base: usize, out: &mut Vec<Found>, work: &mut ScanWork) {
        // A DFA walk waits on each step for the one before; four walks over four parts of the
        // block, interleaved, keep the processor busy (measured twice as fast as one).
        const WALKS: usize = 4;
        let Ok(start) = self.matcher.start_state(Anchored::No) else {
            return;
        };
        // Cut at line breaks; each later part starts at its break (a mark may start with it).
        let mut cuts = [hay.len(); WALKS + 1];
        cuts[0] = 0;
        if hay.len() >= 64 * 1024 {
            for (k, cut) in cuts.iter_mut().enumerate().take(WALKS).skip(1) {
                let at = hay.len() * k / WALKS;
                *cut = memchr::memchr(b'\n', &hay[at..]).map_or(hay.len(), |i| at + i);
            }
        }
        let dfa = &self.matcher;
        let parts: [&[u8]; WALKS] =
            std::array::from_fn(|k| &hay[cuts[k].min(cuts[k + 1])..cuts[k + 1]]);
        let common = parts.iter().map(|p| p.len()).min().unwrap_or(0);
        let heads: [&[u8]; WALKS] = std::array::from_fn(|k| &parts[k][..common]);
        // Where a walk matched: (walk, end in its part, state); read after the walk.
        let hits = &mut work.hits;
        hits.clear();
        let mut sid = [start; WALKS];
        for i in 0..common {
            for k in 0..WALKS {
                sid[k] = dfa.next_state(Anchored::No, sid[k], heads[k][i]);
                if dfa.is_special(sid[k]) && dfa.is_match(sid[k]) {
                    // Parts are at most 4 GiB (see `Diagnoser::feed_chunk`); k < 4.
                    #[allow(clippy::cast_possible_truncation)]
                    hits.push((k as u8, (i + 1) as u32, sid[k]));
                }
            }
        }
        let found = &mut work.found;
        for &(k, end, state) in hits.iter() {
            let k = usize::from(k);
            self.matched(state, cuts[k] + end as usize, hay, base, &mut found[k]);
        }
        for (k, part) in parts.iter().enumerate() {
            let mut state = sid[k];
            for (i, &b) in part.iter().enumerate().skip(common) {
                state = dfa.next_state(Anchored::No, state, b);
                if dfa.is_special(state) && dfa.is_match(state) {
                    self.matched(state, cuts[k] + i + 1, hay, base, &mut found[k]);
                }
            }
            out.append(&mut found[k]);
            found[k].shrink_to(1 << 12);
        }
        work.hits.shrink_to(1 << 16);
    }

    /// The texts that end at `end` in state `sid` (the automaton matched their first bytes;
    /// the rest is compared here).
    fn matched(&self, sid: StateID, end: usize, hay: &[u8], base: usize, out: &mut Vec<Found>) {
        for j in 0..self.matcher.match_len(sid) {
            let pid = self.matcher.match_pattern(sid, j).as_usize();
            let Some(start) = end.checked_sub(self.prefix_len[pid]) else {
                continue;
            };
            for &w in &self.prefixed[pid] {
                let word = &self.words[w];
                if word.len() <= PREFIX
                    || hay
                        .get(start..start + word.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(word))
                {
                    // Blocks are at most 4 GiB (see `Diagnoser::feed_chunk`).
                    #[allow(clippy::cast_possible_truncation)]
                    out.push(Found {
                        word: w as u32,
                        start: (base + start) as u32,
                    });
                }
            }
        }
    }
}

/// The automaton over the first bytes of every text, with what each of its patterns stands for.
#[allow(clippy::type_complexity)]
fn automaton(
    words: Vec<String>,
) -> Result<(DFA, Vec<usize>, Vec<Vec<usize>>, Vec<Vec<u8>>), CatalogError> {
    let words: Vec<Vec<u8>> = words.into_iter().map(String::into_bytes).collect();
    let mut starts: Vec<&[u8]> = Vec::new();
    let mut prefixed: Vec<Vec<usize>> = Vec::new();
    let mut index: std::collections::HashMap<&[u8], usize> = std::collections::HashMap::new();
    for (i, w) in words.iter().enumerate() {
        let p = &w[..w.len().min(PREFIX)];
        if let Some(&j) = index.get(p) {
            prefixed[j].push(i);
        } else {
            index.insert(p, starts.len());
            starts.push(p);
            prefixed.push(vec![i]);
        }
    }
    let prefix_len = starts.iter().map(|p| p.len()).collect();
    // A DFA: built once, run over a large log in blocks of many lines.
    let matcher = DFA::builder()
        .match_kind(aho_corasick::MatchKind::Standard)
        // Most lines of a log match nothing, and many short texts defeat a prefilter:
        // measured slower with one.
        .prefilter(false)
        .ascii_case_insensitive(true)
        .build(&starts)
        .map_err(|e| CatalogError {
            file: "catalog".into(),
            message: e.to_string(),
        })?;
    Ok((matcher, prefix_len, prefixed, words))
}

fn message(m: RawMessage, entries: &[Entry], needs: &mut Vec<String>) -> Result<Message, String> {
    let Some(entry) = entries.iter().position(|e| e.id == m.id) else {
        return Err(format!("message {:?}: no entry {}", m.text, m.id));
    };
    let role = match m.role.as_str() {
        "root" => Role::Root,
        "symptom" => Role::Symptom,
        "consequence" => Role::Consequence,
        "error" => Role::Error,
        "info" => Role::Info,
        "resolved" => Role::Resolved,
        other => return Err(format!("message {:?}: no role {other:?}", m.text)),
    };
    let stage: Stage = m
        .stage
        .parse()
        .map_err(|_| format!("message {:?}: no stage {:?}", m.text, m.stage))?;
    if m.text.trim().len() < 4
        || m.text.to_lowercase() != m.text
        || m.text.contains(['\n', '\r'])
        || m.source.trim().is_empty()
    {
        return Err(format!(
            "message {:?}: one line, lower case, 4 characters or more, with its source",
            m.text
        ));
    }
    if m.on_line
        .iter()
        .flat_map(|w| w.split('|'))
        .chain(m.not_on_line.iter().map(String::as_str))
        .any(|w| w.trim().len() < 2 || w.to_lowercase() != w)
    {
        return Err(format!(
            "message {:?}: on_line words must be lower case, 2 characters or more",
            m.text
        ));
    }
    let mut idx = Vec::new();
    for n in m.needs {
        if n.trim().len() < 2 || n.to_lowercase() != n {
            return Err(format!(
                "message {:?}: need {n:?} must be lower case",
                m.text
            ));
        }
        let i = needs.iter().position(|x| *x == n).unwrap_or_else(|| {
            needs.push(n.clone());
            needs.len() - 1
        });
        idx.push(i);
    }
    let address = match m.address.as_deref() {
        None => None,
        Some("ssh") => Some(AddressKind::Ssh),
        Some("https") => Some(AddressKind::Https),
        Some(other) => {
            return Err(format!(
                "message {:?}: address {other:?} (ssh or https)",
                m.text
            ));
        }
    };
    Ok(Message {
        text: m.text,
        entry,
        role,
        stage,
        needs: idx,
        on_line: m.on_line,
        not_on_line: m.not_on_line,
        address,
        priority: m.priority,
    })
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
    let stage = match r.stage.as_deref() {
        Some(s) => s
            .parse()
            .map_err(|_| format!("entry {id}: no stage {s:?}"))?,
        None => Stage::Local,
    };
    Ok(Entry {
        id,
        title,
        cause,
        fix,
        screen,
        stage,
        aliases: r.aliases,
        symptoms: Vec::new(),
        priority: r.priority.unwrap_or(50),
        references: r.references,
    })
}

/// The shipped catalog, read once.
pub fn catalog() -> Result<&'static Catalog, &'static CatalogError> {
    static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::parse(&FILES, MESSAGES))
        .as_ref()
}

/// The title of an entry of `catalog.toml` by id or former id, read without building the
/// catalog's matcher (the doctor names a few ids and must not pay for the whole catalog).
pub fn title(id: &str) -> Option<&'static str> {
    #[derive(Deserialize)]
    struct Titles {
        entry: Vec<Titled>,
    }
    #[derive(Deserialize)]
    struct Titled {
        id: String,
        title: Option<String>,
        #[serde(default)]
        aliases: Vec<String>,
    }
    static TITLES: OnceLock<Vec<Titled>> = OnceLock::new();
    TITLES
        .get_or_init(|| {
            toml::from_str::<Titles>(FILES[0].1)
                .map(|t| t.entry)
                .unwrap_or_default()
        })
        .iter()
        .find(|e| e.id == id || e.aliases.iter().any(|a| a == id))
        .and_then(|e| e.title.as_deref())
}

#[cfg(test)]
mod tests;

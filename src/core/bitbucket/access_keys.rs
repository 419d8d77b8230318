//! Access keys as the API returns them, read into one shape for Cloud and Data Center, with
//! what a reviewer wants to know: the fingerprint (keys are compared by it, never by text), the
//! age, and whether the key is too weak.

use serde::Serialize;
use ssh_key::PublicKey;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::core::display::{shortened, terminal_safe};
use crate::core::ssh_keys::KeyInfo;

use super::target::ApiFlavor;

/// The age after which a key is due for rotation, by default (the guides say 6 to 12 months).
pub const DEFAULT_MAX_AGE_DAYS: u32 = 365;

/// The most keys one listing keeps (no repository has this many access keys).
pub const MAX_LISTED: usize = 5_000;
/// The most bytes one listing reads over all its pages.
pub const MAX_LISTING_BYTES: usize = 16 << 20;

/// Why a listing stopped before its last page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListCut {
    /// This many pages were read.
    Pages(usize),
    /// This many keys were read.
    Keys(usize),
    /// This many bytes were read.
    Bytes(usize),
    /// The next page is on another server (the credential is never sent there).
    OtherServer,
    /// The next page's address cannot be read.
    BadNext,
    /// The call's time (this many seconds) ran out before the next page.
    Time(u64),
    /// The next page was refused with this status (after the retries the time allowed).
    Refused(u16),
}

impl ListCut {
    /// Says why, in a sentence.
    pub fn note(self) -> String {
        match self {
            ListCut::Pages(n) => format!("the listing stopped after {n} pages, the most bblink reads"),
            ListCut::Keys(n) => format!("the listing stopped at {n} keys, the most bblink keeps"),
            ListCut::Bytes(n) => format!(
                "the listing stopped after {} MB of answers, the most bblink reads",
                n >> 20
            ),
            ListCut::OtherServer => {
                "the listing stopped: the next page is on another server, which never gets the credential".to_string()
            }
            ListCut::BadNext => "the listing stopped: the next page's address cannot be read".to_string(),
            ListCut::Time(s) => format!(
                "the listing stopped after {s} s, the longest bblink spends on one call"
            ),
            ListCut::Refused(status) => format!(
                "the listing stopped: the next page was answered {status}"
            ),
        }
    }
}

/// An access key of the repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessKey {
    /// Bitbucket's id (for removal).
    pub id: u64,
    /// The label.
    pub label: String,
    /// e.g. `ssh-ed25519`.
    pub algorithm: String,
    /// Size in bits.
    pub bits: u32,
    /// `SHA256:…`; empty when Bitbucket's key text could not be read.
    pub fingerprint: String,
    /// When it was added (RFC 3339), when Bitbucket says.
    pub added_on: Option<String>,
    /// When it was last used (Cloud), when Bitbucket says.
    pub last_used: Option<String>,
    /// `REPO_READ` or `REPO_WRITE` (Data Center).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    /// Flags for review.
    pub flags: KeyFlags,
}

/// What stands out about a key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KeyFlags {
    /// Older than the chosen age.
    pub old: bool,
    /// RSA under 2048 bits, or DSA.
    pub weak: bool,
    /// The key bblink is working with (same fingerprint).
    pub this_key: bool,
}

impl KeyFlags {
    /// The flags in words, for tables: `this key`, `old`, `weak`.
    pub fn notes(self) -> Vec<&'static str> {
        [
            (self.this_key, "this key"),
            (self.old, "old"),
            (self.weak, "weak"),
        ]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect()
    }
}

fn text(v: Option<&serde_json::Value>, max: usize) -> Option<String> {
    v.and_then(|s| s.as_str())
        .map(|s| terminal_safe(&shortened(s, max)).into_owned())
}

/// Reads one key object (Cloud's `deploy_key`, or Data Center's `{key: {...}, permission}`).
pub fn parse_key(flavor: ApiFlavor, v: &serde_json::Value) -> Option<AccessKey> {
    let (inner, permission) = match flavor {
        ApiFlavor::Cloud => (v, None),
        ApiFlavor::DataCenter => (v.get("key")?, text(v.get("permission"), 40)),
    };
    let id = inner.get("id")?.as_u64()?;
    let key_text = inner.get("key").or_else(|| inner.get("text"))?.as_str()?;
    let (algorithm, bits, fingerprint) = if let Ok(k) = PublicKey::from_openssh(key_text.trim()) {
        let info = KeyInfo::of(&k);
        (info.algorithm, info.bits, info.fingerprint)
    } else {
        let kind = key_text.split_whitespace().next().unwrap_or("unknown");
        (
            terminal_safe(&shortened(kind, 40)).into_owned(),
            0,
            String::new(),
        )
    };
    let added_on = text(
        inner.get("created_on").or_else(|| inner.get("added_on")),
        64,
    );
    Some(AccessKey {
        id,
        label: text(inner.get("label"), 200).unwrap_or_default(),
        algorithm,
        bits,
        fingerprint,
        added_on,
        last_used: text(inner.get("last_used"), 64),
        permission,
        flags: KeyFlags::default(),
    })
    .map(|mut k| {
        k.flags.weak = weak(&k.algorithm, k.bits);
        k
    })
}

/// Too weak to keep: DSA, or RSA under 2048 bits.
pub fn weak(algorithm: &str, bits: u32) -> bool {
    algorithm == "ssh-dss" || (algorithm == "ssh-rsa" && bits < 2048)
}

/// One page of keys, and where the next one is: Cloud's `next` link, or Data Center's
/// `nextPageStart` while `isLastPage` is false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The keys on it (entries that are not keys are skipped, and counted in `unread`).
    pub keys: Vec<AccessKey>,
    /// Entries that are not keys bblink can read (no numeric id, no key).
    pub unread: usize,
    /// Cloud: the next page's URL.
    pub next: Option<String>,
    /// Data Center: the next page's start.
    pub next_start: Option<u64>,
}

/// Reads a page of keys; `None` when the body is not a page at all.
pub fn parse_page(flavor: ApiFlavor, body: &str) -> Option<Page> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let values = v.get("values")?.as_array()?;
    let keys: Vec<AccessKey> = values.iter().filter_map(|k| parse_key(flavor, k)).collect();
    let unread = values.len() - keys.len();
    let (next, next_start) = match flavor {
        ApiFlavor::Cloud => (
            v.get("next").and_then(|n| n.as_str()).map(str::to_string),
            None,
        ),
        ApiFlavor::DataCenter => {
            let last = v
                .get("isLastPage")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(true);
            let start = v.get("nextPageStart").and_then(serde_json::Value::as_u64);
            (None, if last { None } else { start })
        }
    };
    Some(Page {
        keys,
        unread,
        next,
        next_start,
    })
}

/// A repository's keys as listed: the keys, why the listing stopped short when it did, and how
/// many entries were not keys bblink could read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub keys: Vec<AccessKey>,
    pub cut: Option<ListCut>,
    pub unread: usize,
}

/// Says that `n` entries were skipped, so a list that looks whole never hides them.
pub fn unread_note(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 entry of the answer is not a key bblink can read: not shown".into()),
        n => Some(format!(
            "{n} entries of the answer are not keys bblink can read: not shown"
        )),
    }
}

/// Reads the answer to an add: the key object itself.
pub fn parse_added(flavor: ApiFlavor, body: &str) -> Option<AccessKey> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    parse_key(flavor, &v)
}

/// Sets the flags that depend on the moment and on the key in hand: `old` when added more
/// than `max_age_days` before `now`; `this_key` for `fingerprint`.
pub fn review(
    keys: &mut [AccessKey],
    now: OffsetDateTime,
    max_age_days: u32,
    fingerprint: Option<&str>,
) {
    for k in keys {
        k.flags.old = k
            .added_on
            .as_deref()
            .and_then(|d| OffsetDateTime::parse(d, &Rfc3339).ok())
            .is_some_and(|added| (now - added).whole_days() > i64::from(max_age_days));
        k.flags.this_key = fingerprint.is_some_and(|f| !f.is_empty() && f == k.fingerprint);
    }
}

/// The key with this fingerprint.
pub fn find<'a>(keys: &'a [AccessKey], fingerprint: &str) -> Option<&'a AccessKey> {
    keys.iter()
        .find(|k| !k.fingerprint.is_empty() && k.fingerprint == fingerprint)
}

/// `YYYY-MM-DD` of an RFC 3339 time, for tables; `—` when unknown.
pub fn day(when: Option<&str>) -> String {
    match when {
        Some(w) if w.len() >= 10 && w.is_char_boundary(10) => w[..10].to_string(),
        Some(w) if !w.is_empty() => w.to_string(),
        _ => "—".to_string(),
    }
}

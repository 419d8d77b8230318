//! The text around a key: PEM/OpenSSH armor (`-----BEGIN …-----`), legacy PEM headers, and the
//! copy-paste damage that happens to it (CRLF, indentation, lines joined by spaces, lost header
//! or footer, another wrap width). Produces the decoded bytes and the canonical armor.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use zeroize::Zeroizing;

use super::ProblemId;

/// What was found around and in the base64 body.
pub struct Armor {
    /// The label of the BEGIN (or END) line, e.g. `OPENSSH PRIVATE KEY`.
    pub label: Option<String>,
    /// Legacy PEM headers (`Proc-Type`, `DEK-Info`).
    pub headers: Vec<(String, String)>,
    /// The decoded body.
    pub bytes: Zeroizing<Vec<u8>>,
    /// Damage found (repairable if the bytes decode into a key).
    pub damage: Vec<ProblemId>,
    /// The base64 body had characters outside the alphabet.
    pub bad_chars: bool,
    /// The body length was not a whole number of base64 groups.
    pub cut_short: bool,
    /// The first character outside base64 in the body: its line (1-based) and itself.
    pub bad_char: Option<(usize, char)>,
}

impl Armor {
    /// Whether a legacy PEM header says the key is encrypted.
    pub fn legacy_encrypted(&self) -> bool {
        self.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("Proc-Type") && v.contains("ENCRYPTED"))
    }

    /// The canonical text for `label` (OpenSSH wraps at 70 columns, PEM at 64).
    pub fn canonical(&self, label: &str) -> Zeroizing<String> {
        let b64 = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(&*self.bytes));
        let width = wrap_width(label);
        let mut out = Zeroizing::new(format!("-----BEGIN {label}-----\n"));
        for (k, v) in &self.headers {
            for part in [k.as_str(), ": ", v.as_str(), "\n"] {
                out.push_str(part);
            }
        }
        if !self.headers.is_empty() {
            out.push('\n');
        }
        for chunk in b64.as_bytes().chunks(width) {
            out.push_str(&String::from_utf8_lossy(chunk));
            out.push('\n');
        }
        for part in ["-----END ", label, "-----\n"] {
            out.push_str(part);
        }
        out
    }
}

fn wrap_width(label: &str) -> usize {
    if label == "OPENSSH PRIVATE KEY" {
        70
    } else {
        64
    }
}

/// Finds `-----BEGIN LABEL-----` (or END) in `text`: (start, end, label).
fn marker(text: &str, word: &str) -> Option<(usize, usize, String)> {
    let needle = format!("-----{word} ");
    let start = text.find(&needle)?;
    let after = start + needle.len();
    let close = text[after..].find("-----")?;
    let label = text[after..after + close].trim().to_string();
    if label.is_empty() || label.len() > 40 || label.contains('\n') {
        return None;
    }
    Some((start, after + close + 5, label))
}

fn is_b64(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')
}

/// Every complete `-----BEGIN X----- … -----END X-----` block: its label and text.
pub fn blocks(text: &str) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, _, label)) = marker(&text[at..], "BEGIN") {
        let start = at + start;
        let end_marker = format!("-----END {label}-----");
        let Some(end) = text[start..].find(&end_marker) else {
            break;
        };
        let end = start + end + end_marker.len();
        out.push((label, &text[start..end]));
        at = end;
    }
    out
}

/// Damage outside the markers. OpenSSH refuses anything before -----BEGIN, even blank lines;
/// text after the end is ignored by OpenSSH but not by every service.
fn around(
    text: &str,
    begin: Option<&(usize, usize, String)>,
    end: Option<&(usize, usize, String)>,
) -> Option<ProblemId> {
    let before = begin.map_or("", |(start, _, _)| &text[..*start]);
    let after = end.map_or("", |(_, stop, _)| &text[*stop..]);
    if !before.trim().is_empty() || !after.trim().is_empty() {
        Some(ProblemId::ExtraTextAroundKey)
    } else if !before.is_empty() {
        Some(ProblemId::WhitespaceDamaged)
    } else {
        None
    }
}

/// Reads armor from `text` (line endings already normalised to `\n`). `None` when the text
/// has neither markers nor a plausible base64 body.
pub fn parse(text: &str) -> Option<Armor> {
    let begin = marker(text, "BEGIN");
    let end = marker(text, "END");
    let mut damage: Vec<ProblemId> = around(text, begin.as_ref(), end.as_ref())
        .into_iter()
        .collect();
    let (label, body) = match (&begin, &end) {
        (Some((_, b_end, label)), Some((e_start, _, _))) if e_start > b_end => {
            (Some(label.clone()), &text[*b_end..*e_start])
        }
        (Some((_, b_end, label)), _) => {
            damage.push(ProblemId::MissingFooter);
            (Some(label.clone()), &text[*b_end..])
        }
        (None, Some((e_start, _, label))) => {
            damage.push(ProblemId::MissingHeader);
            (Some(label.clone()), &text[..*e_start])
        }
        (None, None) => {
            let t = text.trim();
            // A bare base64 body is long unbroken runs; prose made of letters is short words.
            let in_long_runs: usize = t
                .split_whitespace()
                .filter(|w| w.len() >= 16)
                .map(str::len)
                .sum();
            let total: usize = t.split_whitespace().map(str::len).sum();
            let plausible = t.len() >= 64
                && in_long_runs * 5 >= total * 4
                && t.chars().all(|c| is_b64(c) || c.is_whitespace());
            if !plausible {
                return None;
            }
            damage.push(ProblemId::MissingHeader);
            damage.push(ProblemId::MissingFooter);
            (None, text)
        }
    };

    // Marker lines that do not start their line were indented (or joined).
    let indented_marker = [&begin, &end].into_iter().flatten().any(|(start, _, _)| {
        let line_start = text[..*start].rfind('\n').map_or(0, |i| i + 1);
        !text[line_start..*start].is_empty()
    });

    let body_trimmed = body.trim_matches(['\n', ' ', '\t']);
    let joined =
        !body_trimmed.contains('\n') && body_trimmed.contains(' ') && body_trimmed.len() > 80;
    let (headers, tokens) = split_headers(body_trimmed, joined);
    if joined {
        damage.push(ProblemId::JoinedLines);
    } else {
        let lines: Vec<&str> = body_trimmed.lines().collect();
        let header_lines = lines.iter().take_while(|l| l.contains(':')).count();
        let data: Vec<&str> = lines[header_lines..]
            .iter()
            .copied()
            .skip_while(|l| l.trim().is_empty())
            .collect();
        let messy = indented_marker
            || data
                .iter()
                .any(|l| l.trim().is_empty() || l.trim() != *l || l.contains(' '));
        if messy {
            damage.push(ProblemId::WhitespaceDamaged);
        } else if data.len() > 1 {
            let width = wrap_width(label.as_deref().unwrap_or(""));
            let (last, rest) = data.split_last().unwrap_or((&"", &[]));
            if rest.iter().any(|l| l.len() != width) || last.len() > width {
                damage.push(ProblemId::Rewrapped);
            }
        }
    }

    let b64: Zeroizing<String> = Zeroizing::new(tokens.concat());
    let bad_chars = !b64.chars().all(is_b64);
    let bad_char = if bad_chars {
        first_bad_char(text, body)
    } else {
        None
    };
    let clean: Zeroizing<String> =
        Zeroizing::new(b64.chars().filter(|c| is_b64(*c) && *c != '=').collect());
    let whole = clean.len() - clean.len() % 4;
    let cut_short = clean.len() % 4 == 1;
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let usable = if cut_short {
        &clean[..whole]
    } else {
        &clean[..]
    };
    let bytes = Zeroizing::new(engine.decode(usable).unwrap_or_default());
    Some(Armor {
        label,
        headers,
        bytes,
        damage,
        bad_chars,
        cut_short,
        bad_char,
    })
}

/// The line (1-based, in `text`) and character of the first non-base64 character in `body`,
/// a slice of `text`, past its header lines.
fn first_bad_char(text: &str, body: &str) -> Option<(usize, char)> {
    let offset = (body.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let mut in_headers = true;
    let mut pos = offset;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if in_headers && (t.is_empty() || t.contains(':')) {
            pos += line.len();
            continue;
        }
        in_headers = false;
        if let Some((i, c)) = line
            .char_indices()
            .find(|(_, c)| !is_b64(*c) && !c.is_whitespace())
        {
            let line_no = text[..pos + i].matches('\n').count() + 1;
            return Some((line_no, c));
        }
        pos += line.len();
    }
    None
}

/// Separates legacy PEM headers (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`) from base64 tokens.
fn split_headers(body: &str, joined: bool) -> (Vec<(String, String)>, Vec<&str>) {
    let mut headers = Vec::new();
    let mut tokens = Vec::new();
    if joined {
        let mut words = body.split_whitespace().peekable();
        while let Some(w) = words.next() {
            if let Some(name) = w.strip_suffix(':') {
                let value = words.next().unwrap_or_default();
                headers.push((name.to_string(), value.to_string()));
            } else {
                tokens.push(w);
            }
        }
    } else {
        let mut in_headers = true;
        for line in body.lines() {
            let t = line.trim();
            if in_headers {
                if let Some((k, v)) = t.split_once(':') {
                    headers.push((k.trim().to_string(), v.trim().to_string()));
                    continue;
                }
                in_headers = false;
            }
            tokens.extend(t.split_whitespace());
        }
    }
    (headers, tokens)
}

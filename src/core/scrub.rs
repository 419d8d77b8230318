//! Hiding known credentials in text a server sent back: a 403's `required`/`granted` lists,
//! the `x-oauth-scopes` header, a token reply's `scopes`, an error message. A server may echo
//! a credential in any form, so each word is compared as written, in any letter case, with its
//! percent-encoding and JSON escapes undone, and base64-decoded (the `user:secret` of a
//! `Basic` header); a word that holds a credential becomes `****`.

use std::borrow::Cow;

use base64::Engine as _;

/// Credentials shorter than this are not looked for (they would hide ordinary words).
const MIN_SECRET: usize = 6;

/// The credentials to hide, lower-cased.
#[derive(Debug, Clone, Default)]
pub struct Scrubber {
    secrets: Vec<String>,
}

fn separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\'' | ',' | ';' | '[' | ']' | '(' | ')' | '{' | '}' | '<' | '>' | '`'
        )
}

/// A word with JSON's escapes undone (`\/`, `\uXXXX` of any character): a server may escape
/// any letter of a credential it echoes.
fn json_unescaped(word: &str) -> Cow<'_, str> {
    if !word.contains('\\') {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    let mut rest = word;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let escaped = tail.get(2..6).filter(|_| tail[1..].starts_with('u'));
        if let Some(c) = escaped
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
        {
            out.push(c);
            rest = &tail[6..];
        } else if let Some(c) = tail[1..].chars().next().filter(|c| "/\\\"".contains(*c)) {
            out.push(c);
            rest = &tail[1 + c.len_utf8()..];
        } else {
            out.push('\\');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

impl Scrubber {
    /// A scrubber for these credentials (blank or very short ones are ignored).
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut s = Self::default();
        for secret in secrets {
            s.add(secret);
        }
        s
    }

    /// Adds a credential.
    pub fn add(&mut self, secret: &str) {
        let t = secret.trim();
        if t.chars().count() >= MIN_SECRET {
            let lower = t.to_lowercase();
            if !self.secrets.contains(&lower) {
                self.secrets.push(lower);
            }
        }
    }

    /// Adds the `Basic` pair of `user` and `secret` as sent (base64 of `user:secret`, either
    /// alphabet): a server may echo it inside a longer word (`?c=…`, `auth=…`), where the
    /// word-by-word decoding cannot find it.
    pub fn add_basic(&mut self, user: &str, secret: &str) {
        use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
        let pair = format!("{}:{}", user.trim(), secret.trim());
        if secret.trim().is_empty() {
            return;
        }
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            self.add(&engine.encode(&pair));
        }
    }

    /// Whether there is nothing to hide.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    fn holds(&self, candidate: &str) -> bool {
        let lower = candidate.to_lowercase();
        self.secrets.iter().any(|s| lower.contains(s.as_str()))
    }

    /// Whether a word holds a credential in any of the forms a server may send it back in.
    fn hides(&self, word: &str) -> bool {
        if self.holds(word) {
            return true;
        }
        let unescaped = json_unescaped(word);
        if unescaped != word && self.holds(&unescaped) {
            return true;
        }
        let decoded = percent_encoding::percent_decode_str(&unescaped).decode_utf8_lossy();
        if decoded != *unescaped && self.holds(&decoded) {
            return true;
        }
        // `user:secret` in base64, with or without padding, either alphabet.
        let body = unescaped.trim_end_matches('=');
        if body.len() >= 8 {
            use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
            for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
                if let Ok(bytes) = engine.decode(body)
                    && self.holds(&String::from_utf8_lossy(&bytes))
                {
                    return true;
                }
            }
        }
        false
    }

    /// The text with every word that holds a credential replaced by `****`.
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.secrets.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut changed = false;
        let mut word_start: Option<usize> = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            if separator(c) || i == text.len() {
                if let Some(start) = word_start.take() {
                    let word = &text[start..i];
                    if self.hides(word) {
                        out.push_str("****");
                        changed = true;
                    } else {
                        out.push_str(word);
                    }
                }
                if i < text.len() {
                    out.push(c);
                }
            } else if word_start.is_none() {
                word_start = Some(i);
            }
        }
        if changed {
            Cow::Owned(out)
        } else {
            Cow::Borrowed(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_basic_pair_inside_a_longer_word_is_hidden() {
        use base64::engine::general_purpose::STANDARD;
        let pair = STANDARD.encode("mykey123:Zq8v2LmN4pR7sT1uW3xY5zA9");
        let mut s = Scrubber::new(["Zq8v2LmN4pR7sT1uW3xY5zA9"]);
        let text = format!("<a href=\"/retry?c={pair}\">retry</a> seen auth={pair}&x=1");
        assert!(
            s.text(&text).contains(&pair),
            "the word-by-word decoding alone misses it"
        );
        s.add_basic("mykey123", "Zq8v2LmN4pR7sT1uW3xY5zA9");
        let out = s.text(&text);
        assert!(!out.contains(&pair[..20]), "{out}");
        assert!(out.contains("retry</a> seen"), "{out}");
    }

    #[test]
    fn every_form_of_a_credential_is_hidden_and_nothing_else() {
        let token = "ATATT3xFfGF0-Hostile+Token/Zq9=";
        let s = Scrubber::new([token, "abc"]);
        let b64 =
            base64::engine::general_purpose::STANDARD.encode(format!("dev@example.com:{token}"));
        let pct = percent_encoding::utf8_percent_encode(token, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        let text = format!(
            "{{\"required\": [\"{token}\", \"{}\", \"{pct}\", \"Basic {b64}\", \"Bearer {}\", \"{}\"], \"granted\": [\"repository\"]}}",
            token.to_lowercase(),
            token.to_uppercase(),
            token.replace('/', "\\/"),
        );
        let out = s.text(&text);
        for form in [
            token.to_string(),
            token.to_lowercase(),
            pct.clone(),
            b64.clone(),
        ] {
            assert!(!out.contains(&form), "{form} in {out}");
        }
        assert!(out.contains("\"granted\": [\"repository\"]"), "{out}");
        assert!(
            out.contains("Basic ****") && out.contains("Bearer ****"),
            "{out}"
        );
        assert!(
            serde_json::from_str::<serde_json::Value>(&out).is_ok(),
            "still JSON: {out}"
        );
        // Any letter may come JSON-escaped (`\u0041` for `A`).
        let escaped = format!("{{\"granted\": [\"\\u0041{}\"]}}", &token[1..]);
        assert!(!s.text(&escaped).contains(&token[1..]), "{escaped}");
        // A short value is not looked for.
        assert_eq!(s.text("abc abcdef"), "abc abcdef");
    }
}

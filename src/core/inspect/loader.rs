//! Whether OpenSSH loads a private key's text exactly as given, copy-paste damage and all:
//! its own format is read strictly (`sshkey.c`, `private2_uudecode`: the text must begin with
//! the BEGIN line and a line feed, the END line must follow a line feed and end with one;
//! carriage returns, indentation and joined lines break it), PEM through OpenSSL, which skips
//! text before the BEGIN line and takes CRLF, but not indentation, a blank line in the body or
//! lines joined into one. A damaged key that still loads is a warning; one that does not is an
//! error, whatever bblink can repair.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const OPENSSH_BEGIN: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\n";
const OPENSSH_END: &str = "-----END OPENSSH PRIVATE KEY-----\n";

/// Base64 as `b64_pton` reads it: whitespace skipped, padding as it comes.
fn decodes(body: &str) -> Option<Vec<u8>> {
    let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let engine = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    engine.decode(compact).ok()
}

/// OpenSSH's own format. `text` is taken to end with a line feed (a pasted field carries
/// none; [`super::Inspection::note_final_newline`] judges a file's).
pub fn openssh_loads(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(OPENSSH_BEGIN) else {
        return false;
    };
    let owned;
    let rest = if rest.ends_with('\n') {
        rest
    } else {
        owned = format!("{rest}\n");
        &owned
    };
    // The END line is looked for only right after a line feed.
    let mut body = String::new();
    let mut at_line_start = true;
    let mut i = 0;
    let bytes = rest.as_bytes();
    while i < bytes.len() {
        if at_line_start && rest[i..].starts_with(OPENSSH_END) {
            return decodes(&body).is_some_and(|d| d.starts_with(b"openssh-key-v1\0"));
        }
        let c = bytes[i];
        if c != b'\n' && c != b'\r' {
            body.push(char::from(c));
        }
        at_line_start = c == b'\n';
        i += 1;
    }
    false
}

/// A PEM key (`-----BEGIN RSA PRIVATE KEY-----` and the like) as OpenSSL's PEM reader takes it.
pub fn pem_loads(text: &str, label: &str) -> bool {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let mut lines = text
        .split('\n')
        .map(|l| l.trim_end_matches(['\r', ' ', '\t']));
    // Anything before the BEGIN line is skipped; the line itself starts at its first column.
    if !lines.by_ref().any(|l| l == begin) {
        return false;
    }
    let mut body = String::new();
    let mut headers = false;
    let mut first = true;
    for line in lines {
        if line == end {
            return decodes(&body).is_some();
        }
        if first && line.contains(':') {
            headers = true;
        }
        first = false;
        if headers {
            // Proc-Type/DEK-Info, then the one blank line that ends them.
            if line.is_empty() {
                headers = false;
            }
            continue;
        }
        if line.is_empty() || line.starts_with([' ', '\t']) || line.contains(' ') {
            return false;
        }
        body.push_str(line);
    }
    false
}

/// Whether OpenSSH loads `text` as given, for a key of this armor label.
pub fn loads(text: &str, label: &str) -> bool {
    if label == "OPENSSH PRIVATE KEY" {
        openssh_loads(text)
    } else {
        pem_loads(text, label)
    }
}

//! Webhook deliveries: a captured request (headers, a blank line, the raw body) checked against
//! the webhook's secret as the service checks it. Bitbucket signs a delivery only when the
//! webhook has a secret: `X-Hub-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body keyed
//! with the secret. The secret is only used, never shown.

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::core::display::{shortened, terminal_safe};

/// The findings of a delivery check (ids of the troubleshooting catalog).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryId {
    /// The signature is not the HMAC of this body with this secret.
    WebhookSignatureMismatch,
    /// No signature header: the webhook has no secret.
    WebhookSecretMissing,
    /// Not a captured delivery, or a signature header bblink cannot read.
    WebhookMalformed,
}

impl DeliveryId {
    /// The id as the catalog spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryId::WebhookSignatureMismatch => "webhook_signature_mismatch",
            DeliveryId::WebhookSecretMissing => "webhook_secret_missing",
            DeliveryId::WebhookMalformed => "webhook_malformed",
        }
    }
}

/// A finding about a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryFinding {
    /// Its id.
    pub id: DeliveryId,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
}

/// The verdict on a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The signature matches.
    pub ok: bool,
    /// `X-Event-Key` (`repo:push`, DC `repo:refs_changed`).
    pub event: Option<String>,
    /// `X-Hook-UUID`.
    pub hook_uuid: Option<String>,
    /// `X-Request-UUID` (DC `X-Request-Id`).
    pub request_uuid: Option<String>,
    /// `X-Attempt-Number`.
    pub attempt: Option<String>,
    /// The signature header was there.
    pub signature_present: bool,
    /// The body's size in bytes.
    pub body_bytes: usize,
    /// What is wrong, if anything.
    pub findings: Vec<DeliveryFinding>,
}

fn finding(id: DeliveryId, message: &str, fix: &str) -> DeliveryFinding {
    DeliveryFinding {
        id,
        message: message.to_string(),
        fix: fix.to_string(),
    }
}

/// Splits a capture into its header lines and raw body: the first blank line (CRLF or LF)
/// separates them; a request line (`POST /path HTTP/1.1`) first is allowed.
/// Header names (lowercased) and values.
type Headers = Vec<(String, String)>;

fn split(capture: &[u8]) -> Option<(Headers, &[u8])> {
    let (head, body) = [&b"\r\n\r\n"[..], b"\n\n"]
        .iter()
        .filter_map(|sep| {
            memchr::memmem::find(capture, sep)
                .map(|i| (i, &capture[..i], &capture[i + sep.len()..]))
        })
        .min_by_key(|(i, _, _)| *i)
        .map(|(_, h, b)| (h, b))?;
    let head = String::from_utf8_lossy(head);
    let mut headers = Vec::new();
    for line in head.lines() {
        let line = line.trim_end_matches('\r');
        if let Some((name, value)) = line.split_once(':')
            && !name.contains(' ')
        {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    Some((headers, body))
}

fn hmac_hex(secret: &[u8], body: &[u8]) -> Option<Vec<u8>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(body);
    Some(mac.finalize().into_bytes().to_vec())
}

fn matches(secret: &[u8], body: &[u8], expected: &[u8]) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    // Constant time, as a service must compare.
    mac.verify_slice(expected).is_ok()
}

/// The signature header a delivery should carry for `body` with `secret` (for tests and the
/// emulator): `sha256=<hex>`.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    format!(
        "sha256={}",
        hex::encode(hmac_hex(secret, body).unwrap_or_default())
    )
}

/// Checks a captured delivery against the secret.
pub fn verify(capture: &[u8], secret: &[u8]) -> Verdict {
    let mut v = Verdict {
        ok: false,
        event: None,
        hook_uuid: None,
        request_uuid: None,
        attempt: None,
        signature_present: false,
        body_bytes: 0,
        findings: Vec::new(),
    };
    let Some((headers, body)) = split(capture) else {
        v.findings.push(finding(
            DeliveryId::WebhookMalformed,
            "this is not a captured delivery: no blank line separates the headers from the body",
            "Save the request as it arrived: its headers, one blank line, then the raw body (the service's request log, or `nc -l` / a request bin).",
        ));
        return v;
    };
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| terminal_safe(&shortened(value, 200)).into_owned())
    };
    v.event = get("x-event-key");
    v.hook_uuid = get("x-hook-uuid");
    v.request_uuid = get("x-request-uuid").or_else(|| get("x-request-id"));
    v.attempt = get("x-attempt-number");
    v.body_bytes = body.len();
    let signatures: Vec<&str> = headers
        .iter()
        .filter(|(n, _)| n == "x-hub-signature")
        .map(|(_, value)| value.trim())
        .collect();
    if signatures.len() > 1 {
        // Which one would a receiver check? Frameworks disagree (first, last, joined): a
        // delivery that carries two is not one Bitbucket sent.
        v.signature_present = true;
        v.findings.push(finding(
            DeliveryId::WebhookMalformed,
            &format!("the delivery has {} X-Hub-Signature headers: Bitbucket sends one, and receivers disagree on which to check", signatures.len()),
            "Capture the request exactly as it arrived; reject deliveries with more than one signature header.",
        ));
        return v;
    }
    let Some(header) = signatures.first().copied() else {
        v.findings.push(finding(
            DeliveryId::WebhookSecretMissing,
            "the delivery has no X-Hub-Signature header: the webhook has no secret, so Bitbucket does not sign it",
            "Set the secret on the webhook (Repository settings → Webhooks → Edit → Secret) to the one the service has, or create it with `bblink webhook create`.",
        ));
        return v;
    };
    v.signature_present = true;
    let expected = header
        .strip_prefix("sha256=")
        .and_then(|h| hex::decode(h.trim()).ok())
        .filter(|b| b.len() == 32);
    let Some(expected) = expected else {
        let why = if header.starts_with("sha1=") {
            "X-Hub-Signature is a SHA-1 signature (sha1=…): Bitbucket signs with SHA-256 (sha256=…); this delivery did not come from Bitbucket as captured"
        } else {
            "X-Hub-Signature is not `sha256=` and 64 hexadecimal digits"
        };
        v.findings.push(finding(
            DeliveryId::WebhookMalformed,
            why,
            "Capture the header exactly as it arrived.",
        ));
        return v;
    };
    if matches(secret, body, &expected) {
        v.ok = true;
        return v;
    }
    // A capture that changed the body (line endings, a final newline) is told from a wrong
    // secret when the altered forms match.
    let lf: Vec<u8> = String::from_utf8_lossy(body)
        .replace("\r\n", "\n")
        .into_bytes();
    let trimmed = body.strip_suffix(b"\n").unwrap_or(body);
    let altered = [lf.as_slice(), trimmed]
        .iter()
        .any(|b| *b != body && matches(secret, b, &expected));
    v.findings.push(if altered {
        finding(
            DeliveryId::WebhookSignatureMismatch,
            "the signature matches this secret only with the body's line endings or final newline changed: the body was altered after Bitbucket sent it (by the capture, a proxy or the service's framework)",
            "Verify the signature over the raw bytes of the request body, before any parsing or re-encoding.",
        )
    } else {
        finding(
            DeliveryId::WebhookSignatureMismatch,
            "the signature does not match this secret: the webhook's secret differs from this one, or the body was changed in transit",
            "Set the same secret on both sides (every repository's webhook shares the service's one secret), and verify over the raw body.",
        )
    });
    v
}

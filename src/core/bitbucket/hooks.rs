//! A repository's push webhook through the API: Cloud's `/2.0/repositories/{ws}/{repo}/hooks`
//! (`repo:push`), Data Center's `/rest/api/1.0/projects/{KEY}/repos/{slug}/webhooks`
//! (`repo:refs_changed`). A hook with the same URL is updated, never duplicated.

use serde::Serialize;

use super::target::{ApiFlavor, ApiTarget, Method, RequestSpec, seg};
use crate::core::display::{shortened, terminal_safe};

/// A webhook as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hook {
    /// Cloud's `uuid`, or Data Center's numeric `id`.
    pub id: String,
    /// Where it delivers (as Bitbucket has it: escape it before showing it).
    pub url: String,
    /// The events it fires on.
    pub events: Vec<String>,
    /// It delivers.
    pub active: bool,
    /// It fires on pushes.
    pub push: bool,
    /// It has a secret (Cloud says; Data Center shows it in the configuration).
    pub secret_set: bool,
}

/// What `webhook create` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HookAction {
    /// A new webhook.
    Created,
    /// The webhook with this URL was changed.
    Updated,
    /// The webhook with this URL was already right.
    Unchanged,
}

fn push_event(flavor: ApiFlavor) -> &'static str {
    match flavor {
        ApiFlavor::Cloud => "repo:push",
        ApiFlavor::DataCenter => "repo:refs_changed",
    }
}

fn path(t: &ApiTarget, id: Option<&str>) -> String {
    let (o, r) = (seg(&t.owner), seg(&t.repo));
    let base = match t.flavor {
        ApiFlavor::Cloud => format!("/repositories/{o}/{r}/hooks"),
        ApiFlavor::DataCenter => format!("/rest/api/1.0/projects/{o}/repos/{r}/webhooks"),
    };
    match id {
        Some(id) => format!("{base}/{}", seg(id)),
        None => base,
    }
}

/// The longest webhook secret Bitbucket Cloud takes (`webhook_subscription.secret`,
/// `maxLength` 128 in Atlassian's `OpenAPI` document).
pub const MAX_SECRET: usize = 128;

/// Why Bitbucket would refuse this webhook, said before anything is sent: the URL must be an
/// absolute `https://` (or `http://`) URI, and on Cloud the secret at most 128 characters.
pub fn refuse(flavor: ApiFlavor, hook_url: &str, secret: &str) -> Option<super::ApiFailure> {
    use super::{ApiFailure, ApiFindingId};
    let url_ok = url::Url::parse(hook_url)
        .is_ok_and(|u| matches!(u.scheme(), "https" | "http") && u.host_str().is_some());
    if !url_ok {
        return Some(ApiFailure::new(
            ApiFindingId::WebhookValueInvalid,
            format!(
                "the webhook URL {} is not an absolute http(s) URL, which Bitbucket requires",
                terminal_safe(&shortened(hook_url, 120))
            ),
            "Give the service's whole webhook URL, starting with https://.".into(),
        ));
    }
    let len = secret.chars().count();
    if flavor == ApiFlavor::Cloud && len > MAX_SECRET {
        return Some(ApiFailure::new(
            ApiFindingId::WebhookValueInvalid,
            format!(
                "the webhook secret has {len} characters; Bitbucket Cloud takes at most {MAX_SECRET}"
            ),
            "Use a shorter secret on both sides (bblink's g makes one of 40 characters).".into(),
        ));
    }
    None
}

/// The first page of hooks (100).
pub fn list(t: &ApiTarget) -> RequestSpec {
    let mut u = t.join(&path(t, None));
    match t.flavor {
        ApiFlavor::Cloud => u.query_pairs_mut().append_pair("pagelen", "100"),
        ApiFlavor::DataCenter => u.query_pairs_mut().append_pair("limit", "100"),
    };
    RequestSpec {
        method: Method::Get,
        url: u,
        body: None,
    }
}

/// Creates (no id) or replaces (id) the push webhook to `hook_url` with `secret`; the
/// `events` the hook has already are kept beside the push event.
pub fn save(
    t: &ApiTarget,
    id: Option<&str>,
    (hook_url, title): (&str, &str),
    events: &[String],
    secret: &str,
) -> RequestSpec {
    let mut all: Vec<String> = events.to_vec();
    if !all.iter().any(|e| e == push_event(t.flavor)) {
        all.push(push_event(t.flavor).to_string());
    }
    let body = match t.flavor {
        // `type` is required by the document's base `object` schema.
        ApiFlavor::Cloud => serde_json::json!({
            "type": "webhook_subscription", "description": title, "url": hook_url,
            "active": true, "events": all, "secret": secret,
        }),
        ApiFlavor::DataCenter => serde_json::json!({
            "name": title, "url": hook_url, "active": true,
            "events": all, "configuration": {"secret": secret},
        }),
    };
    RequestSpec {
        method: if id.is_some() {
            Method::Put
        } else {
            Method::Post
        },
        url: t.join(&path(t, id)),
        body: Some(body),
    }
}

fn parse_hook(flavor: ApiFlavor, h: &serde_json::Value) -> Option<Hook> {
    let id = match flavor {
        ApiFlavor::Cloud => terminal_safe(&shortened(h.get("uuid")?.as_str()?, 80)).into_owned(),
        ApiFlavor::DataCenter => h.get("id")?.as_u64()?.to_string(),
    };
    let events: Vec<String> = h
        .get("events")
        .and_then(|e| e.as_array())
        .map(|e| {
            e.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let secret_set = match flavor {
        ApiFlavor::Cloud => h
            .get("secret_set")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
        ApiFlavor::DataCenter => h
            .pointer("/configuration/secret")
            .is_some_and(|s| !s.is_null()),
    };
    Some(Hook {
        id,
        url: h.get("url")?.as_str()?.to_string(),
        active: h
            .get("active")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false),
        push: events.iter().any(|e| e == push_event(flavor)),
        events,
        secret_set,
    })
}

/// Reads a page of hooks (entries that are not hooks are skipped).
pub fn parse_list(flavor: ApiFlavor, body: &str) -> Option<Vec<Hook>> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let values = v.get("values")?.as_array()?;
    Some(
        values
            .iter()
            .filter_map(|h| parse_hook(flavor, h))
            .collect(),
    )
}

/// The hook to update for `hook_url`: the same URL (scheme and host in any case, a final `/`
/// aside; the path as written).
pub fn find<'a>(hooks: &'a [Hook], hook_url: &str) -> Option<&'a Hook> {
    let norm = |u: &str| {
        url::Url::parse(u.trim()).map_or_else(
            |_| u.trim().to_string(),
            |p| p.as_str().trim_end_matches('/').to_string(),
        )
    };
    hooks.iter().find(|h| norm(&h.url) == norm(hook_url))
}

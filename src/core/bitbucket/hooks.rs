//! A repository's push webhook through the API: Cloud's `/2.0/repositories/{ws}/{repo}/hooks`
//! (`repo:push`), Data Center's `/rest/api/1.0/projects/{KEY}/repos/{slug}/webhooks`
//! (`repo:refs_changed`). A hook with the same URL is updated, never duplicated.

use serde::Serialize;

use super::target::{ApiFlavor, ApiTarget, Method, RequestSpec};
use crate::core::display::{shortened, terminal_safe};

/// A webhook as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hook {
    /// Cloud's `uuid`, or Data Center's numeric `id`.
    pub id: String,
    /// Where it delivers.
    pub url: String,
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
    let seg = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let base = match t.flavor {
        ApiFlavor::Cloud => format!("/repositories/{}/{}/hooks", seg(&t.owner), seg(&t.repo)),
        ApiFlavor::DataCenter => format!(
            "/rest/api/1.0/projects/{}/repos/{}/webhooks",
            seg(&t.owner),
            seg(&t.repo)
        ),
    };
    match id {
        Some(id) => format!("{base}/{}", seg(id)),
        None => base,
    }
}

fn url(t: &ApiTarget, p: &str) -> url::Url {
    let mut u = t.base.clone();
    u.set_path(&format!("{}{p}", t.base.path().trim_end_matches('/')));
    u
}

/// The first page of hooks (100).
pub fn list(t: &ApiTarget) -> RequestSpec {
    let mut u = url(t, &path(t, None));
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

/// Creates (no id) or replaces (id) the push webhook to `hook_url` with `secret`.
pub fn save(
    t: &ApiTarget,
    id: Option<&str>,
    hook_url: &str,
    title: &str,
    secret: &str,
) -> RequestSpec {
    let body = match t.flavor {
        ApiFlavor::Cloud => serde_json::json!({
            "description": title, "url": hook_url, "active": true,
            "events": [push_event(t.flavor)], "secret": secret,
        }),
        ApiFlavor::DataCenter => serde_json::json!({
            "name": title, "url": hook_url, "active": true,
            "events": [push_event(t.flavor)], "configuration": {"secret": secret},
        }),
    };
    RequestSpec {
        method: if id.is_some() {
            Method::Put
        } else {
            Method::Post
        },
        url: url(t, &path(t, id)),
        body: Some(body),
    }
}

/// Reads a page of hooks (entries that are not hooks are skipped).
pub fn parse_list(flavor: ApiFlavor, body: &str) -> Option<Vec<Hook>> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let text = |h: &serde_json::Value, k: &str| {
        h.get(k)
            .and_then(|x| x.as_str())
            .map(|s| terminal_safe(&shortened(s, 500)).into_owned())
    };
    let hooks = v.get("values")?.as_array()?.iter().filter_map(|h| {
        let id = match flavor {
            ApiFlavor::Cloud => text(h, "uuid")?,
            ApiFlavor::DataCenter => h.get("id")?.as_u64()?.to_string(),
        };
        let events: Vec<&str> = h
            .get("events")
            .and_then(|e| e.as_array())
            .map(|e| e.iter().filter_map(|x| x.as_str()).collect())
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
            url: text(h, "url")?,
            active: h
                .get("active")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            push: events.contains(&push_event(flavor)),
            secret_set,
        })
    });
    Some(hooks.collect())
}

/// The hook to update for `hook_url` (same URL, trailing slash aside).
pub fn find<'a>(hooks: &'a [Hook], hook_url: &str) -> Option<&'a Hook> {
    let norm = |u: &str| u.trim().trim_end_matches('/').to_ascii_lowercase();
    hooks.iter().find(|h| norm(&h.url) == norm(hook_url))
}

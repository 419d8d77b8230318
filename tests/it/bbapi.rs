#![allow(clippy::result_large_err)]
//! A Bitbucket API emulator on 127.0.0.1: Cloud's repositories, deploy keys and hooks
//! (`/2.0/…`), the OAuth token endpoint, Data Center's access keys and webhooks, each answer
//! as we believe Bitbucket gives it. An emulator only encodes beliefs, so every behaviour names
//! its source (`facts §N` is `../shared/bitbucket-facts.md`; `SPEC` is Atlassian's `OpenAPI`
//! document in `tests/fixtures`, against which every Cloud request is also checked, see
//! `openapi.rs`). Where a fact is unconfirmed, a switch in [`Beliefs`] gives the other answer,
//! and a test runs bblink under both.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use base64::Engine as _;
use serde_json::{Value, json};

pub const EMAIL: &str = "dev@example.com";
/// An API token with every scope bblink's tasks need.
pub const GOOD: &str = "ATATT3xFfGF0-test-good-Zq9";
pub const NO_SCOPES: &str = "ATATT3xFfGF0-test-noscopes";
pub const READ_ONLY: &str = "ATATT3xFfGF0-test-readonly";
/// An API token with `admin:repository:bitbucket` only: it lists keys, adds and removes none.
pub const ADMIN_ONLY: &str = "ATATT3xFfGF0-test-adminonly";
pub const ACCESS_TOKEN: &str = "ATCTT3xFfGN0-test-repo";
pub const DC_ADMIN: &str = "dc-test-admin-token-77";
pub const DC_READ: &str = "dc-test-read-token";
/// A repository access token with repository and webhook scopes.
pub const HUB_TOKEN: &str = "ATCTT3xFfGN0-hub-full-R7";
/// A repository access token without the webhook scope.
pub const HUB_NO_WEBHOOK: &str = "ATCTT3xFfGN0-hub-nowebhook";
/// OAuth consumers: a private one with every scope, one without webhooks, and a public one.
pub const CONSUMERS: [(&str, &str, Option<&str>); 3] = [
    (
        "privKey123",
        "privSecret-Xy9-abcdefghijkl",
        Some("account email repository webhook"),
    ),
    ("narrowKey12", "narrowSecret-Ab3-mnopqrstu", Some("account")),
    ("publicKey123", "publicSecret-Q2-vwxyzabcde", None),
];
/// A private consumer without a callback URL.
pub const NO_CALLBACK: (&str, &str) = ("nocbKey1234", "nocbSecret-Z7-fghijklmn");

/// The answers we are not sure of, each switchable to the other answer a test needs.
#[derive(Debug, Clone)]
#[allow(clippy::struct_excessive_bools)] // one switch per unconfirmed fact
pub struct Beliefs {
    /// A token's scopes come back in `x-oauth-scopes` (facts §4.7, secondary: clients' tests;
    /// SPEC does not define the header). Off: no header.
    pub scopes_header: bool,
    /// A 403 names `required` and `granted` scopes (facts §4.7, secondary). Off: the message
    /// only.
    pub scope_detail: bool,
    /// A 429 carries `Retry-After` (facts §4.8: no source documents it). Off: only the
    /// `X-RateLimit-*` headers.
    pub retry_after: bool,
    /// A wrong OAuth pair is answered as users pasted it, 400 `unauthorized_client` "Invalid
    /// OAuth client credentials" (facts §4.7, secondary). On: RFC 6749 §5.2's 401
    /// `invalid_client`.
    pub oauth_rfc_errors: bool,
    /// The token endpoint answers something nobody documented (an OAuth error bblink does not
    /// know).
    pub oauth_unknown: bool,
}

impl Default for Beliefs {
    fn default() -> Self {
        Self {
            scopes_header: true,
            scope_detail: true,
            retry_after: true,
            oauth_rfc_errors: false,
            oauth_unknown: false,
        }
    }
}

/// One stored access key.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: u64,
    pub repo: String,
    pub text: String,
    pub label: String,
    pub created_on: String,
}

/// A request the emulator saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub uri: String,
    pub authorization: String,
}

type Hook = Box<dyn Fn(&[String]) + Send + Sync>;

#[derive(Default)]
pub struct Inner {
    pub keys: Vec<Stored>,
    pub account_keys: Vec<String>,
    pub next_id: u64,
    pub rate_limit_next: u32,
    /// The next request with this method fails with this status.
    pub fail_next: Option<(Method, StatusCode)>,
    pub hang: bool,
    /// Not a belief: a hostile server that echoes the request's `Authorization` in its 429's
    /// `X-RateLimit-*` headers, after a long one.
    pub echo_credential: bool,
    pub seen: Vec<Seen>,
    /// Webhooks: (repository, uuid, url, title, secret).
    pub hooks: Vec<(String, String, String, String, Option<String>)>,
    /// Hears the repository's key lines after every change (the sshd harness follows them).
    pub on_change: Option<Hook>,
    /// The answers given where a fact is unconfirmed.
    pub beliefs: Beliefs,
    /// Requests to Cloud's API that Atlassian's `OpenAPI` document does not describe, and answers
    /// of this server that break it: the test fails when any is left (see `Running`'s `Drop`).
    pub violations: Vec<String>,
}

#[derive(Clone, Default)]
pub struct Api(pub Arc<Mutex<Inner>>);

impl Api {
    /// The keys stored for a repository.
    pub fn keys_of(&self, repo: &str) -> Vec<Stored> {
        let i = self.0.lock().expect("lock");
        i.keys.iter().filter(|k| k.repo == repo).cloned().collect()
    }
}

/// A running emulator; it stops with the test process.
pub struct Running {
    pub api: Api,
    pub addr: SocketAddr,
    /// The CA certificate (PEM) of a TLS emulator.
    pub ca_pem: Option<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let violations = self.with(|i| std::mem::take(&mut i.violations));
        if !std::thread::panicking() {
            assert!(
                violations.is_empty(),
                "requests or answers outside Atlassian's `OpenAPI` document:\n{}",
                violations.join("\n")
            );
        }
    }
}

impl Running {
    pub fn cloud_url(&self) -> String {
        format!("{}://{}/2.0", self.scheme(), self.addr)
    }

    pub fn dc_url(&self) -> String {
        format!("{}://{}", self.scheme(), self.addr)
    }

    fn scheme(&self) -> &str {
        if self.ca_pem.is_some() {
            "https"
        } else {
            "http"
        }
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        f(&mut self.api.0.lock().expect("lock"))
    }

    /// Stores a key as if added earlier (`created_on` as given).
    pub fn seed(&self, repo: &str, text: &str, label: &str, created_on: &str) -> u64 {
        self.with(|i| {
            i.next_id += 1;
            let id = i.next_id;
            i.keys.push(Stored {
                id,
                repo: repo.into(),
                text: strip_comment(text),
                label: label.into(),
                created_on: created_on.into(),
            });
            id
        })
    }

    pub fn keys(&self, repo: &str) -> Vec<Stored> {
        self.api.keys_of(repo)
    }

    /// A `repo:push` delivery of the repository's first webhook, signed with its secret as
    /// Bitbucket signs: the request's headers, a blank line, the raw body.
    pub fn delivery(&self, repo: &str) -> Vec<u8> {
        use hmac::{Hmac, Mac};
        let (uuid, secret) = self.with(|i| {
            let h = i.hooks.iter().find(|h| h.0 == repo).expect("a hook");
            (h.1.clone(), h.4.clone())
        });
        let body = format!(
            "{{\"push\": {{\"changes\": []}}, \"repository\": {{\"full_name\": \"{repo}\"}}}}"
        );
        let mut head = format!(
            "POST /gateway/public/sync HTTP/1.1\r\nX-Event-Key: repo:push\r\nX-Hook-UUID: {uuid}\r\nUser-Agent: Bitbucket-Webhooks/2.0\r\n"
        );
        if let Some(secret) = secret {
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("key");
            mac.update(body.as_bytes());
            head.push_str("X-Hub-Signature: sha256=");
            head.push_str(&hex::encode(mac.finalize().into_bytes()));
            head.push_str("\r\n");
        }
        format!("{head}\r\n{body}").into_bytes()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.with(|i| i.seen.clone())
    }
}

fn strip_comment(text: &str) -> String {
    text.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

fn valid_key(text: &str) -> bool {
    let mut parts = text.split_whitespace();
    let (Some(kind), Some(b64)) = (parts.next(), parts.next()) else {
        return false;
    };
    matches!(
        kind,
        "ssh-ed25519"
            | "ssh-rsa"
            | "ecdsa-sha2-nistp256"
            | "ecdsa-sha2-nistp384"
            | "ecdsa-sha2-nistp521"
    ) && base64::engine::general_purpose::STANDARD
        .decode(b64)
        .is_ok()
}

fn json_response(status: StatusCode, v: &Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        v.to_string(),
    )
        .into_response()
}

fn cloud_error(status: StatusCode, message: &str) -> Response {
    json_response(
        status,
        &json!({"type": "error", "error": {"message": message}}),
    )
}

fn dc_error(status: StatusCode, message: &str, exception: &str) -> Response {
    json_response(
        status,
        &json!({"errors": [{"context": null, "message": message, "exceptionName": exception}]}),
    )
}

enum Who {
    /// An API token (Basic, email:token) and its granular scopes.
    ApiToken(&'static [&'static str]),
    Admin,
    ReadOnly,
    AccessToken,
}

/// The granular scopes of each API token (facts §4.4: a `write:` scope does not include `read:`).
fn api_token_scopes(token: &str) -> Option<&'static [&'static str]> {
    match token {
        GOOD => Some(&[
            "read:repository:bitbucket",
            "admin:repository:bitbucket",
            "write:ssh-key:bitbucket",
            "delete:ssh-key:bitbucket",
            "read:webhook:bitbucket",
            "write:webhook:bitbucket",
        ]),
        ADMIN_ONLY => Some(&["read:repository:bitbucket", "admin:repository:bitbucket"]),
        READ_ONLY => Some(&["read:repository:bitbucket"]),
        _ => None,
    }
}

/// A 403 for missing scopes (facts §4.7, secondary: "Your credentials lack one or more required
/// privilege scopes." with `detail.required`/`granted`); without the detail when that belief is
/// off.
fn scopes_refused(api: &Api, required: &[&str], granted: &[&str]) -> Response {
    let detail = api.0.lock().expect("lock").beliefs.scope_detail;
    let mut error =
        json!({"message": "Your credentials lack one or more required privilege scopes."});
    if detail {
        error["detail"] = json!({"required": required, "granted": granted});
    }
    json_response(
        StatusCode::FORBIDDEN,
        &json!({"type": "error", "error": error}),
    )
}

/// SPEC `x-atlassian-oauth2-scopes` (facts §4.7, corrected 2026-12-05): the scopes an API token
/// needs for an operation; the answer that refuses it, when it lacks one.
fn require(api: &Api, who: &Who, needed: &[&str]) -> Result<(), Response> {
    let Who::ApiToken(granted) = who else {
        return Ok(());
    };
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|n| !granted.contains(n))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(scopes_refused(api, needed, granted))
    }
}

fn cloud_auth(headers: &HeaderMap) -> Result<Who, Response> {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Some(b) = auth.strip_prefix("Basic ") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b)
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&decoded).into_owned();
        let (email, token) = text.split_once(':').unwrap_or_default();
        // Facts §0, §4.7: API tokens are Basic auth with the account email; one made without
        // Bitbucket scopes is refused with a 401 that says so.
        return match (email == EMAIL, api_token_scopes(token)) {
            (true, Some(scopes)) => Ok(Who::ApiToken(scopes)),
            _ if token == NO_SCOPES => Err(cloud_error(
                StatusCode::UNAUTHORIZED,
                "API Token provided has no Bitbucket scopes",
            )),
            _ => Err(cloud_error(StatusCode::UNAUTHORIZED, "Unauthorized")),
        };
    }
    match auth.strip_prefix("Bearer ") {
        Some(ACCESS_TOKEN | HUB_TOKEN | HUB_NO_WEBHOOK) => Ok(Who::AccessToken),
        _ => Err(cloud_error(
            StatusCode::UNAUTHORIZED,
            "Access token expired or invalid",
        )),
    }
}

fn dc_auth(headers: &HeaderMap) -> Result<Who, Response> {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match auth.strip_prefix("Bearer ") {
        Some(DC_ADMIN) => Ok(Who::Admin),
        Some(DC_READ) => Ok(Who::ReadOnly),
        _ => Err(dc_error(
            StatusCode::UNAUTHORIZED,
            "Authentication failed. Please check your credentials and try again.",
            "com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException",
        )),
    }
}

const CLOUD_REPOS: [&str; 2] = ["team/app", "acme/widgets"];
const DC_REPO: &str = "PROJ/repo";

fn cloud_key_json(host: &str, k: &Stored) -> Value {
    // SPEC deploy_key (answers are checked leniently: `created_on` as Bitbucket sends it,
    // `last_used` null where the schema says date-time).
    json!({
        "id": k.id, "key": k.text, "label": k.label, "type": "deploy_key",
        "created_on": k.created_on, "last_used": null, "comment": "",
        "repository": {"full_name": k.repo, "type": "repository"},
        "links": {"self": {"href": format!("http://{host}/2.0/repositories/{}/deploy-keys/{}", k.repo, k.id)}},
    })
}

fn dc_key_json(k: &Stored) -> Value {
    json!({"key": {"id": k.id, "text": k.text, "label": k.label}, "repository": {"slug": "repo"}, "permission": "REPO_READ"})
}

/// A header long enough that a text cut before scrubbing would cut an echoed credential.
const LONG: &str = "000000000000000000000000000000000000000000000000000000000000";

/// Everything before the routes: the record, rate limiting, hanging.
async fn gate(api: &Api, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let hang = {
        let mut i = api.0.lock().expect("lock");
        i.seen.push(Seen {
            method: method.to_string(),
            uri: uri.to_string(),
            authorization: headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string(),
        });
        if i.fail_next.as_ref().is_some_and(|(m, _)| m == method) {
            let status = i
                .fail_next
                .take()
                .map_or(StatusCode::BAD_GATEWAY, |(_, s)| s);
            return Some(cloud_error(status, "Service unavailable"));
        }
        if i.rate_limit_next > 0 {
            i.rate_limit_next -= 1;
            // Facts §4.8: a rolling hour's limit, reported in `X-RateLimit-*`; `Retry-After`
            // is undocumented (a belief).
            let mut r = cloud_error(
                StatusCode::TOO_MANY_REQUESTS,
                "Rate limit for this resource has been exceeded",
            );
            r.headers_mut()
                .insert("x-ratelimit-limit", HeaderValue::from_static("1000"));
            r.headers_mut()
                .insert("x-ratelimit-resource", HeaderValue::from_static("api"));
            if i.beliefs.retry_after {
                r.headers_mut()
                    .insert("retry-after", HeaderValue::from_static("1"));
            }
            if i.echo_credential {
                let sent = headers.get("authorization").cloned();
                let h = r.headers_mut();
                h.insert("x-ratelimit-padding", HeaderValue::from_static(LONG));
                if let Some(sent) = sent {
                    h.insert("x-ratelimit-echo", sent);
                }
            }
            return Some(r);
        }
        i.hang
    };
    if hang {
        std::future::pending::<()>().await;
    }
    None
}

/// The gate, then the credential: who asks, or the answer that stops the request.
async fn admit(
    api: &Api,
    (method, uri, headers): (&Method, &Uri, &HeaderMap),
    auth: fn(&HeaderMap) -> Result<Who, Response>,
) -> Result<Who, Response> {
    if let Some(r) = gate(api, method, uri, headers).await {
        return Err(r);
    }
    auth(headers)
}

/// Why a key cannot be stored.
enum Clash {
    /// It is an account's key.
    Account,
    /// The repository has it already.
    Duplicate,
}

/// Stores a key added through the API (without its comment), or says why not.
fn store(
    api: &Api,
    full: &str,
    text: &str,
    label: String,
    created_on: &str,
) -> Result<Stored, Clash> {
    let stored = strip_comment(text);
    let added = {
        let mut i = api.0.lock().expect("lock");
        if i.account_keys.contains(&stored) {
            return Err(Clash::Account);
        }
        if i.keys.iter().any(|k| k.repo == full && k.text == stored) {
            return Err(Clash::Duplicate);
        }
        i.next_id += 1;
        let k = Stored {
            id: i.next_id,
            repo: full.to_string(),
            text: stored,
            label,
            created_on: created_on.into(),
        };
        i.keys.push(k.clone());
        k
    };
    changed(api, full);
    Ok(added)
}

/// Removes a key; whether it was there.
fn unstore(api: &Api, full: &str, id: u64) -> bool {
    let removed = {
        let mut i = api.0.lock().expect("lock");
        let before = i.keys.len();
        i.keys.retain(|k| !(k.repo == full && k.id == id));
        before != i.keys.len()
    };
    if removed {
        changed(api, full);
    }
    removed
}

fn changed(api: &Api, repo: &str) {
    let i = api.0.lock().expect("lock");
    if let Some(hook) = &i.on_change {
        let lines: Vec<String> = i
            .keys
            .iter()
            .filter(|k| k.repo == repo)
            .map(|k| k.text.clone())
            .collect();
        hook(&lines);
    }
}

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<usize>,
    start: Option<usize>,
}

async fn cloud_repo(
    State(api): State<Api>,
    Path((ws, repo)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&api, (&method, &uri, &headers), cloud_auth).await {
        return r;
    }
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.strip_prefix("Bearer "));
    let scopes = match bearer {
        Some(HUB_TOKEN) => "repository, webhook",
        Some(HUB_NO_WEBHOOK) => "repository",
        Some(_) => "repository:admin",
        None => "admin:repository:bitbucket, read:repository:bitbucket",
    };
    // Facts §4.7 (secondary): the scopes in `x-oauth-scopes`; a belief SPEC does not confirm.
    let header = api.0.lock().expect("lock").beliefs.scopes_header;
    if !CLOUD_REPOS.contains(&format!("{ws}/{repo}").as_str()) {
        return cloud_error(
            StatusCode::NOT_FOUND,
            &format!("Repository {ws}/{repo} not found"),
        );
    }
    let mut r = json_response(
        StatusCode::OK,
        &json!({"type": "repository", "full_name": format!("{ws}/{repo}"), "is_private": true}),
    );
    if header {
        r.headers_mut()
            .insert("x-oauth-scopes", HeaderValue::from_static(scopes));
    }
    r
}

fn hook_json(h: &(String, String, String, String, Option<String>)) -> Value {
    json!({"type": "webhook_subscription", "uuid": h.1, "url": h.2, "description": h.3,
           "active": true, "events": ["repo:push"], "secret_set": h.4.is_some(),
           "subject_type": "repository"})
}

/// Who may touch webhooks: an access token needs the `webhook` scope (SPEC, "webhook" scope:
/// "required for any webhook-related operation"); an API token `read:webhook:bitbucket` to list
/// and `write:webhook:bitbucket` too to create or update (SPEC `x-atlassian-oauth2-scopes`).
fn hook_auth(api: &Api, headers: &HeaderMap, write: bool) -> Result<(), Response> {
    let who = cloud_auth(headers)?;
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|a| a.strip_prefix("Bearer "));
    if bearer == Some(HUB_NO_WEBHOOK) {
        return Err(scopes_refused(api, &["webhook"], &["repository"]));
    }
    let needed: &[&str] = if write {
        &["read:webhook:bitbucket", "write:webhook:bitbucket"]
    } else {
        &["read:webhook:bitbucket"]
    };
    require(api, &who, needed)
}

async fn cloud_hooks(
    State(api): State<Api>,
    Path((ws, repo)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(r) = gate(&api, &method, &uri, &headers).await {
        return r;
    }
    if let Err(r) = hook_auth(&api, &headers, method != Method::GET) {
        return r;
    }
    let full = format!("{ws}/{repo}");
    if method == Method::GET {
        let values: Vec<Value> = api
            .0
            .lock()
            .expect("lock")
            .hooks
            .iter()
            .filter(|h| h.0 == full)
            .map(hook_json)
            .collect();
        return json_response(
            StatusCode::OK,
            &json!({"values": values, "pagelen": 100, "page": 1}),
        );
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    let hook = {
        let mut i = api.0.lock().expect("lock");
        i.next_id += 1;
        let h = (
            full,
            format!("{{hook-{}}}", i.next_id),
            v["url"].as_str().unwrap_or_default().to_string(),
            v["description"].as_str().unwrap_or_default().to_string(),
            v["secret"].as_str().map(str::to_string),
        );
        i.hooks.push(h.clone());
        h
    };
    json_response(StatusCode::CREATED, &hook_json(&hook))
}

async fn cloud_hook_put(
    State(api): State<Api>,
    Path((ws, repo, uid)): Path<(String, String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(r) = gate(&api, &method, &uri, &headers).await {
        return r;
    }
    if let Err(r) = hook_auth(&api, &headers, true) {
        return r;
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    let full = format!("{ws}/{repo}");
    let mut i = api.0.lock().expect("lock");
    let Some(h) = i.hooks.iter_mut().find(|h| h.0 == full && h.1 == uid) else {
        return cloud_error(StatusCode::NOT_FOUND, "Webhook not found");
    };
    h.2 = v["url"].as_str().unwrap_or_default().to_string();
    h.3 = v["description"].as_str().unwrap_or_default().to_string();
    if let Some(s) = v["secret"].as_str() {
        h.4 = Some(s.to_string());
    }
    let h = h.clone();
    json_response(StatusCode::OK, &hook_json(&h))
}

/// The OAuth token endpoint: the client-credentials grant for private consumers.
async fn token(
    State(api): State<Api>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(r) = gate(&api, &method, &uri, &headers).await {
        return r;
    }
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let decoded = auth
        .strip_prefix("Basic ")
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&decoded).into_owned();
    let (key, secret) = text.split_once(':').unwrap_or_default();
    if body.as_ref() != b"grant_type=client_credentials" {
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({"error": "unsupported_grant_type"}),
        );
    }
    let beliefs = api.0.lock().expect("lock").beliefs.clone();
    if beliefs.oauth_unknown {
        return json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &json!({"error": "temporarily_unavailable", "error_description": "The service is in maintenance."}),
        );
    }
    if (key, secret) == NO_CALLBACK {
        // Facts §4.7 (jonhadfield/soba#50, 2024).
        return json_response(
            StatusCode::BAD_REQUEST,
            &json!({"error": "invalid_request", "error_description": "No callback uri defined for the OAuth client."}),
        );
    }
    match CONSUMERS.iter().find(|(k, s, _)| *k == key && *s == secret) {
        // Facts §4.7 (SPEC "Authentication methods"): `access_token`, `scopes` (space
        // separated), `expires_in`, `token_type`.
        Some((_, _, Some(scopes))) => json_response(
            StatusCode::OK,
            &json!({"access_token": "emulator-access-token-9f8e7d", "scopes": scopes, "expires_in": 7200, "token_type": "bearer"}),
        ),
        // Facts §4.7 (composer/composer#10678, 2022).
        Some((_, _, None)) => json_response(
            StatusCode::BAD_REQUEST,
            &json!({"error": "invalid_grant", "error_description": "Cannot use client_credentials with a consumer marked as \"public\". Calls for auto generated consumers should use urn:bitbucket:oauth2:jwt instead."}),
        ),
        // RFC 6749 §5.2, the other answer.
        None if beliefs.oauth_rfc_errors => json_response(
            StatusCode::UNAUTHORIZED,
            &json!({"error": "invalid_client", "error_description": "Client authentication failed."}),
        ),
        // Facts §4.7 (harness/harness#1650, 2016).
        None => json_response(
            StatusCode::BAD_REQUEST,
            &json!({"error": "unauthorized_client", "error_description": "Invalid OAuth client credentials"}),
        ),
    }
}

async fn cloud_keys(
    State(api): State<Api>,
    Path((ws, repo)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let who = match admit(&api, (&method, &uri, &headers), cloud_auth).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let full = format!("{ws}/{repo}");
    if !CLOUD_REPOS.contains(&full.as_str()) {
        return cloud_error(
            StatusCode::NOT_FOUND,
            &format!("Repository {full} not found"),
        );
    }
    // SPEC: listing needs admin:repository:bitbucket; adding also write:ssh-key:bitbucket.
    let needed: &[&str] = if method == Method::GET {
        &["admin:repository:bitbucket"]
    } else {
        &["admin:repository:bitbucket", "write:ssh-key:bitbucket"]
    };
    if let Err(r) = require(&api, &who, needed) {
        return r;
    }
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    if method == Method::GET {
        let keys = api.keys_of(&full);
        let page = q.page.unwrap_or(1).max(1);
        let values: Vec<Value> = keys
            .iter()
            .skip((page - 1) * 2)
            .take(2)
            .map(|k| cloud_key_json(&host, k))
            .collect();
        let mut v = json!({"pagelen": 2, "page": page, "size": keys.len(), "values": values});
        if page * 2 < keys.len() {
            v["next"] = json!(format!(
                "http{}://{host}/2.0/repositories/{full}/deploy-keys?page={}",
                if uri.scheme_str() == Some("https") {
                    "s"
                } else {
                    ""
                },
                page + 1
            ));
        }
        return json_response(StatusCode::OK, &v);
    }
    // Facts §4.4: access tokens may not add deploy keys.
    if matches!(who, Who::AccessToken) {
        return cloud_error(
            StatusCode::FORBIDDEN,
            "Access tokens cannot add deploy keys",
        );
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    let text = v["key"].as_str().unwrap_or_default().to_string();
    let label = v["label"].as_str().unwrap_or_default().to_string();
    if !valid_key(&text) {
        return cloud_error(StatusCode::BAD_REQUEST, "Invalid deploy key inputs");
    }
    let field_error = |m: &str| {
        json_response(
            StatusCode::BAD_REQUEST,
            &json!({"type": "error", "error": {"message": "Bad request", "fields": {"key": [m]}}}),
        )
    };
    match store(
        &api,
        &full,
        &text,
        label,
        "2026-12-02T10:00:00.000000+00:00",
    ) {
        Ok(added) => json_response(StatusCode::OK, &cloud_key_json(&host, &added)),
        Err(Clash::Account) => field_error("Someone has already registered that SSH key."),
        Err(Clash::Duplicate) => {
            field_error("Someone has already added that access key to this repository.")
        }
    }
}

async fn cloud_delete(
    State(api): State<Api>,
    Path((ws, repo, id)): Path<(String, String, u64)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let who = match admit(&api, (&method, &uri, &headers), cloud_auth).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    // SPEC: removing needs admin:repository:bitbucket and delete:ssh-key:bitbucket.
    if let Err(r) = require(
        &api,
        &who,
        &["admin:repository:bitbucket", "delete:ssh-key:bitbucket"],
    ) {
        return r;
    }
    if !unstore(&api, &format!("{ws}/{repo}"), id) {
        return cloud_error(StatusCode::NOT_FOUND, "Deploy key not found");
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn dc_keys(
    State(api): State<Api>,
    Path((project, repo)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let who = match admit(&api, (&method, &uri, &headers), dc_auth).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    let full = format!("{project}/{repo}");
    if full != DC_REPO {
        return dc_error(
            StatusCode::NOT_FOUND,
            &format!("Repository {full} does not exist."),
            "com.atlassian.bitbucket.repository.NoSuchRepositoryException",
        );
    }
    if matches!(who, Who::ReadOnly) {
        // Facts §4.8 (DC REST docs): without repository admin, the access keys' endpoints
        // answer 401 ("insufficient permissions"), as for a bad token.
        return dc_error(
            StatusCode::UNAUTHORIZED,
            "You are not permitted to access this resource",
            "com.atlassian.bitbucket.AuthorisationException",
        );
    }
    if method == Method::GET {
        let keys = api.keys_of(&full);
        let start = q.start.unwrap_or(0);
        let values: Vec<Value> = keys.iter().skip(start).take(2).map(dc_key_json).collect();
        let last = start + 2 >= keys.len();
        let mut v = json!({"size": values.len(), "limit": 2, "start": start, "isLastPage": last, "values": values});
        if !last {
            v["nextPageStart"] = json!(start + 2);
        }
        return json_response(StatusCode::OK, &v);
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    let text = v["key"]["text"].as_str().unwrap_or_default().to_string();
    let label = v["key"]["label"].as_str().unwrap_or_default().to_string();
    if !valid_key(&text) || v["permission"] != "REPO_READ" {
        return dc_error(
            StatusCode::BAD_REQUEST,
            "The SSH key is invalid.",
            "com.atlassian.bitbucket.ssh.InvalidSshKeyException",
        );
    }
    match store(&api, &full, &text, label, "") {
        Ok(added) => json_response(StatusCode::CREATED, &dc_key_json(&added)),
        Err(Clash::Account) => dc_error(
            StatusCode::CONFLICT,
            "This SSH key is already assigned to 'alice'.",
            "com.atlassian.stash.ssh.api.SshKeyAlreadyInUseException",
        ),
        Err(Clash::Duplicate) => dc_error(
            StatusCode::CONFLICT,
            "SSH key already provides access to this repository",
            "com.atlassian.bitbucket.ssh.DuplicateSshKeyException",
        ),
    }
}

async fn dc_delete(
    State(api): State<Api>,
    Path((project, repo, id)): Path<(String, String, u64)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&api, (&method, &uri, &headers), dc_auth).await {
        return r;
    }
    if !unstore(&api, &format!("{project}/{repo}"), id) {
        return dc_error(
            StatusCode::NOT_FOUND,
            "No such key",
            "com.atlassian.bitbucket.ssh.NoSuchSshKeyException",
        );
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Data Center's repository: any token the server knows may read it.
async fn dc_repo(
    State(api): State<Api>,
    Path((project, repo)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&api, (&method, &uri, &headers), dc_auth).await {
        return r;
    }
    if format!("{project}/{repo}") != DC_REPO {
        return dc_error(
            StatusCode::NOT_FOUND,
            "Repository does not exist.",
            "com.atlassian.bitbucket.repository.NoSuchRepositoryException",
        );
    }
    json_response(
        StatusCode::OK,
        &json!({"slug": repo, "name": repo, "project": {"key": project}, "state": "AVAILABLE"}),
    )
}

fn dc_hook_json(id: &str, h: &(String, String, String, String, Option<String>)) -> Value {
    json!({"id": id.parse::<u64>().unwrap_or(0), "name": h.3, "url": h.2, "active": true,
           "events": ["repo:refs_changed"], "configuration": {"secret": h.4}})
}

/// Data Center's webhooks (`/rest/api/1.0/projects/{KEY}/repos/{slug}/webhooks`): only a
/// repository admin may list or change them.
async fn dc_hooks(
    State(api): State<Api>,
    Path(parts): Path<Vec<String>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let who = match admit(&api, (&method, &uri, &headers), dc_auth).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    if !matches!(who, Who::Admin) {
        return dc_error(
            StatusCode::UNAUTHORIZED,
            "You are not permitted to access this resource",
            "com.atlassian.bitbucket.AuthorisationException",
        );
    }
    let full = format!("{}/{}", parts[0], parts[1]);
    let id = parts.get(2).cloned();
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    let mut i = api.0.lock().expect("lock");
    if method == Method::GET {
        let values: Vec<Value> = i
            .hooks
            .iter()
            .filter(|h| h.0 == full)
            .map(|h| dc_hook_json(&h.1, h))
            .collect();
        return json_response(
            StatusCode::OK,
            &json!({"size": values.len(), "limit": 100, "isLastPage": true, "start": 0, "values": values}),
        );
    }
    let fields = (
        v["url"].as_str().unwrap_or_default().to_string(),
        v["name"].as_str().unwrap_or_default().to_string(),
        v.pointer("/configuration/secret")
            .and_then(Value::as_str)
            .map(str::to_string),
    );
    let hook = if let Some(id) = id {
        let Some(h) = i.hooks.iter_mut().find(|h| h.0 == full && h.1 == id) else {
            return dc_error(
                StatusCode::NOT_FOUND,
                "No such webhook",
                "com.atlassian.bitbucket.webhook.NoSuchWebhookException",
            );
        };
        (h.2, h.3, h.4) = fields;
        h.clone()
    } else {
        i.next_id += 1;
        let h = (full, i.next_id.to_string(), fields.0, fields.1, fields.2);
        i.hooks.push(h.clone());
        h
    };
    let status = if method == Method::POST {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    json_response(status, &dc_hook_json(&hook.1, &hook))
}

/// Checks every request to Cloud's API (`/2.0/…`) against Atlassian's `OpenAPI` document,
/// strictly, and this server's answers to it leniently; what does not fit is recorded.
async fn spec_check(
    State(api): State<Api>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 8 << 20)
        .await
        .unwrap_or_default();
    let path = parts.uri.path().to_string();
    let method = parts.method.as_str().to_string();
    let Some(rel) = path.strip_prefix("/2.0").map(str::to_string) else {
        return next
            .run(axum::extract::Request::from_parts(parts, bytes.into()))
            .await;
    };
    let json = serde_json::from_slice::<Value>(&bytes).ok();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let mut errors = crate::openapi::check_request(&method, &rel, &query, json.as_ref());
    let answer = next
        .run(axum::extract::Request::from_parts(parts, bytes.into()))
        .await;
    let (head, body) = answer.into_parts();
    let out = axum::body::to_bytes(body, 64 << 20)
        .await
        .unwrap_or_default();
    if head.status.is_success()
        && let Ok(v) = serde_json::from_slice::<Value>(&out)
    {
        errors.extend(crate::openapi::check_response(
            &method,
            &rel,
            head.status.as_u16(),
            &v,
        ));
    }
    if !errors.is_empty() {
        api.0.lock().expect("lock").violations.extend(errors);
    }
    Response::from_parts(head, out.into())
}

fn router(api: Api) -> Router {
    Router::new()
        .route("/2.0/repositories/{ws}/{repo}", get(cloud_repo))
        .route("/site/oauth2/access_token", axum::routing::post(token))
        .route(
            "/2.0/repositories/{ws}/{repo}/hooks",
            get(cloud_hooks).post(cloud_hooks),
        )
        .route(
            "/2.0/repositories/{ws}/{repo}/hooks/{uid}",
            axum::routing::put(cloud_hook_put),
        )
        .route(
            "/2.0/repositories/{ws}/{repo}/deploy-keys",
            get(cloud_keys).post(cloud_keys),
        )
        .route(
            "/2.0/repositories/{ws}/{repo}/deploy-keys/{id}",
            delete(cloud_delete),
        )
        .route("/rest/api/1.0/projects/{p}/repos/{r}", get(dc_repo))
        .route(
            "/rest/api/1.0/projects/{p}/repos/{r}/webhooks",
            get(dc_hooks).post(dc_hooks),
        )
        .route(
            "/rest/api/1.0/projects/{p}/repos/{r}/webhooks/{id}",
            axum::routing::put(dc_hooks),
        )
        .route(
            "/rest/keys/1.0/projects/{p}/repos/{r}/ssh",
            get(dc_keys).post(dc_keys),
        )
        .route(
            "/rest/keys/1.0/projects/{p}/repos/{r}/ssh/{id}",
            delete(dc_delete),
        )
        .layer(axum::middleware::from_fn_with_state(
            api.clone(),
            spec_check,
        ))
        .with_state(api)
}

/// Starts the emulator over plain HTTP on 127.0.0.1.
pub fn start() -> Running {
    serve(false)
}

/// Starts the emulator over HTTPS with a fresh self-signed CA.
pub fn start_tls() -> Running {
    serve(true)
}

fn serve(tls: bool) -> Running {
    let api = Api::default();
    let (tx, rx) = std::sync::mpsc::channel();
    let state = api.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let addr = listener.local_addr().expect("addr");
            if tls {
                let (acceptor, ca) = crate::bbapi_tls::acceptor();
                tx.send((addr, Some(ca))).expect("send");
                let l = crate::bbapi_tls::TlsListener {
                    tcp: listener,
                    acceptor,
                };
                let _ = axum::serve(l, router(state)).await;
            } else {
                tx.send((addr, None)).expect("send");
                let _ = axum::serve(listener, router(state)).await;
            }
        });
    });
    let (addr, ca_pem) = rx.recv().expect("emulator started");
    Running { api, addr, ca_pem }
}

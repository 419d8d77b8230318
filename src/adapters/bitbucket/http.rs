//! One request with retries, and the reqwest client behind it.

use std::error::Error as _;
use std::time::Duration;

use tokio::time::Instant;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, RETRY_AFTER};

use crate::core::bitbucket::failure::Answer;
use crate::core::bitbucket::target::is_loopback;
use crate::core::bitbucket::transport::{self, Transport};
use crate::core::bitbucket::{ApiFailure, ApiTarget, Credential, Method, RequestSpec};
use crate::core::scrub::Scrubber;

use super::Options;
use crate::adapters::files;

/// Bodies larger than this are cut (a page of 100 keys is ~100 KB).
const BODY_LIMIT: usize = 4 * 1024 * 1024;

pub(super) struct Http {
    client: reqwest::Client,
    target: ApiTarget,
    options: Options,
    /// When the call under way began (its budget counts from there); none between calls, so
    /// time at a prompt or in a connection test counts for no call.
    started: std::sync::Mutex<Option<Instant>>,
    /// bblink's own secret variables, hidden in whatever a server sends back (with each
    /// request's credential).
    scrubber: Scrubber,
}

/// The secrets bblink may hold from its environment, whatever the command.
fn known_secrets() -> Scrubber {
    let mut s = Scrubber::default();
    for var in [
        "BBLINK_BITBUCKET_TOKEN",
        "BBLINK_OAUTH_SECRET",
        "BBLINK_WEBHOOK_SECRET",
    ] {
        if let Ok(v) = std::env::var(var) {
            s.add(&v);
        }
    }
    s
}

/// A response, read.
pub(super) struct Reply {
    pub status: u16,
    pub scopes: Option<String>,
    pub retry_after: Option<u64>,
    /// The `X-RateLimit-*` headers, as `name: value` pairs.
    pub rate_limit: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn answer(&self) -> Answer<'_> {
        Answer {
            status: self.status,
            scopes: self.scopes.as_deref(),
            retry_after: self.retry_after,
            rate_limit: self.rate_limit.as_deref(),
            body: &self.body,
        }
    }
}

/// How long a call may be silent before the listener hears why.
const SILENCE: Duration = Duration::from_secs(2);

/// Stops the call's clock when the call that started it ends.
pub(super) struct CallClock<'a> {
    http: &'a Http,
    owner: bool,
}

impl Drop for CallClock<'_> {
    fn drop(&mut self) {
        if self.owner
            && let Ok(mut started) = self.http.started.lock()
        {
            *started = None;
        }
    }
}

/// `2`, or `0.5` for a wait under a whole second.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        d.as_secs().to_string()
    } else {
        format!("{:.1}", d.as_secs_f64())
    }
}

fn status_words(status: u16) -> String {
    let words = match status {
        429 => "too many requests",
        502 => "bad gateway",
        503 => "unavailable",
        _ => "gateway timeout",
    };
    format!("{status} ({words})")
}

pub(super) fn retryable(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

impl Http {
    pub fn new(target: &ApiTarget, options: Options) -> Result<Self, ApiFailure> {
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("bblink/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.timeout)
            .connect_timeout(options.timeout);
        if is_loopback(target.base.host_str().unwrap_or_default()) {
            // A proxy cannot reach this machine's own addresses.
            builder = builder.no_proxy();
        }
        if let Some(path) = &options.ca_file {
            let ca = |why: String| transport::transport(&Transport::CaFile(why), target);
            let limit = 1024 * 1024;
            let (pem, _) = files::read_limited(path, limit, files::Accept::FilesAndPipes)
                .map_err(|e| ca(e.to_string()))?;
            if pem.len() > limit {
                return Err(ca(format!("{} is larger than 1 MB", path.display())));
            }
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| ca(format!("{}: {e}", path.display())))?;
            if certs.is_empty() {
                return Err(ca(format!("{} holds no PEM certificate", path.display())));
            }
            builder = builder.tls_certs_merge(certs);
        }
        let client = builder
            .build()
            .map_err(|e| transport::transport(&Transport::Tls(chain(&e)), target))?;
        Ok(Self {
            client,
            target: target.clone(),
            options,
            started: std::sync::Mutex::new(None),
            scrubber: known_secrets(),
        })
    }

    /// Posts a form with Basic auth (the OAuth token endpoint); no retries.
    pub async fn post_form(
        &self,
        url: &url::Url,
        (user, secret): (&str, &str),
        form: &str,
    ) -> Result<Reply, ApiFailure> {
        let req = self
            .client
            .post(url.clone())
            .basic_auth(user, Some(secret))
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form.to_string());
        let mut response = req.send().await.map_err(|e| self.failed(&e, secret))?;
        let status = response.status().as_u16();
        let body = read_body(&mut response)
            .await
            .map_err(|e| self.failed(&e, secret))?;
        let mut scrub = self.scrubber_with(secret);
        scrub.add_basic(user, secret);
        Ok(Reply {
            status,
            scopes: None,
            retry_after: None,
            rate_limit: None,
            body: scrub.text(&body).into_owned(),
        })
    }

    pub fn max_pages(&self) -> usize {
        self.options.max_pages.max(1)
    }

    /// Starts a call's clock, unless a call is under way (a call made inside another, as the
    /// listing inside an add, shares its clock); the clock stops when the guard drops.
    pub fn call(&self) -> CallClock<'_> {
        let mut owner = false;
        if let Ok(mut started) = self.started.lock()
            && started.is_none()
        {
            *started = Some(Instant::now());
            owner = true;
        }
        CallClock { http: self, owner }
    }

    /// How long the call under way has run.
    fn elapsed(&self) -> Duration {
        self.started
            .lock()
            .ok()
            .and_then(|s| *s)
            .map_or(Duration::ZERO, |s| s.elapsed())
    }

    /// The call's time that is left.
    fn left(&self) -> Duration {
        self.options.budget.saturating_sub(self.elapsed())
    }

    /// The call's time is used up.
    pub fn spent(&self) -> bool {
        self.left().is_zero()
    }

    pub fn budget_secs(&self) -> u64 {
        self.options.budget.as_secs()
    }

    /// Tells the listener, once the call has taken long enough for silence to worry.
    pub fn slow(&self, what: &str) {
        if self.elapsed() >= SILENCE {
            self.tell(what.to_string());
        }
    }

    fn tell(&self, what: String) {
        if let Some(p) = &self.options.progress {
            (p.0)(what);
        }
    }

    /// Sends the request, retrying a 429/502/503/504 a few times.
    pub async fn send(
        &self,
        spec: &RequestSpec,
        credential: &Credential,
    ) -> Result<Reply, ApiFailure> {
        // A call whose time ran out starts no other request (its first always goes).
        if self.spent() {
            let mut f =
                transport::transport(&Transport::OutOfTime(self.budget_secs()), &self.target);
            f.scrub_with(&self.scrubber_with(credential.token.expose()));
            return Err(f);
        }
        let mut attempt = 0;
        loop {
            let reply = self.once(spec, credential).await?;
            // A write that failed at a gateway may have been done: only reads are retried
            // then; a 429 was refused before anything happened, so it is retried always.
            let safe = spec.method == Method::Get || reply.status == 429;
            if !safe || !retryable(reply.status) || attempt >= self.options.retries {
                return Ok(reply);
            }
            let backoff = Duration::from_millis(500 << attempt.min(5));
            let wait = reply.retry_after.map_or(backoff, Duration::from_secs);
            // Past the command's budget the answer stands: a rate limit is reported with
            // its Retry-After rather than waited out in silence.
            if wait > self.options.max_wait || wait >= self.left() {
                return Ok(reply);
            }
            self.tell(format!(
                "Answered {}: trying again in {} s ({} of {})…",
                status_words(reply.status),
                seconds(wait),
                attempt + 2,
                self.options.retries + 1
            ));
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn once(&self, spec: &RequestSpec, credential: &Credential) -> Result<Reply, ApiFailure> {
        let method = match spec.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Put => reqwest::Method::PUT,
        };
        let mut req = self
            .client
            .request(method, spec.url.clone())
            .header(ACCEPT, "application/json");
        let token = credential.token.expose().trim();
        req = match &credential.email {
            Some(email) => req.basic_auth(email.trim(), Some(token)),
            None => req.bearer_auth(token),
        };
        if let Some(body) = &spec.body {
            req = req
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let mut sending = std::pin::pin!(req.send());
        // A server that takes long to answer is said to, then waited for to the timeout.
        let sent = if let Ok(sent) = tokio::time::timeout(SILENCE, &mut sending).await {
            sent
        } else {
            self.tell(format!(
                "No answer from {} after {} s; waiting up to {} s…",
                self.target.base.host_str().unwrap_or_default(),
                SILENCE.as_secs(),
                self.options.timeout.as_secs()
            ));
            sending.await
        };
        let mut response = sent.map_err(|e| self.transport(&e, credential))?;
        let status = response.status().as_u16();
        let (scopes, retry_after) = headers(response.headers());
        let rate_limit = rate_limit(response.headers());
        let body = read_body(&mut response)
            .await
            .map_err(|e| self.transport(&e, credential))?;
        // Whatever the server sends back is scrubbed here, before anything reads it: of the
        // credential, and of any secret the request carried (a webhook's).
        let mut scrub = self.scrubber_with(credential.token.expose());
        if let Some(email) = &credential.email {
            scrub.add_basic(email, credential.token.expose());
        }
        if let Some(body) = &spec.body {
            secrets_in(body, &mut scrub);
        }
        Ok(Reply {
            status,
            scopes: scopes.map(|s| scrub.text(&s).into_owned()),
            retry_after,
            rate_limit: rate_limit.map(|r| scrub.text(&r).into_owned()),
            body: scrub.text(&body).into_owned(),
        })
    }

    /// The scrubber for one request: bblink's own secrets and the request's credential.
    fn scrubber_with(&self, secret: &str) -> Scrubber {
        let mut s = self.scrubber.clone();
        s.add(secret);
        s
    }

    fn transport(&self, e: &reqwest::Error, credential: &Credential) -> ApiFailure {
        self.failed(e, credential.token.expose())
    }

    fn failed(&self, e: &reqwest::Error, secret: &str) -> ApiFailure {
        // The causes only: reqwest's own words name the URL, whose repository or host name
        // (`acme/tls-tools`) must not decide what failed.
        let text = e.source().map_or_else(|| e.to_string(), chain);
        let lower = text.to_lowercase();
        let kind = if e.is_timeout() {
            Transport::Timeout(self.options.timeout.as_secs())
        } else if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake")
        {
            Transport::Tls(tls_reason(&text))
        } else if lower.contains("dns") || lower.contains("lookup") || lower.contains("resolve") {
            Transport::Dns(last(&text))
        } else if e.is_connect() {
            Transport::Connect(last(&text))
        } else if [
            "closed before",
            "end of file",
            "reset by peer",
            "broken pipe",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            Transport::Dropped(last(&text))
        } else if e.is_body() || e.is_decode() || lower.contains("http") || lower.contains("parse")
        {
            Transport::NotHttp(last(&text))
        } else {
            Transport::Connect(last(&text))
        };
        let mut f = transport::transport(&kind, &self.target);
        f.scrub_with(&self.scrubber_with(secret));
        f
    }
}

/// The values of `secret` fields in a request's JSON body, at any depth.
fn secrets_in(v: &serde_json::Value, scrub: &mut Scrubber) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match v {
                    serde_json::Value::String(s) if k.to_ascii_lowercase().contains("secret") => {
                        scrub.add(s);
                    }
                    other => secrets_in(other, scrub),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| secrets_in(i, scrub)),
        _ => {}
    }
}

/// The body as text, cut at [`BODY_LIMIT`] (a huge answer cannot fill memory).
async fn read_body(response: &mut reqwest::Response) -> Result<String, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > BODY_LIMIT {
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

fn headers(h: &HeaderMap) -> (Option<String>, Option<u64>) {
    let scopes = h
        .get("x-oauth-scopes")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let retry_after = h
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    (scopes, retry_after)
}

/// The `X-RateLimit-*` headers (Bitbucket's documented rate-limit headers), in order.
fn rate_limit(h: &HeaderMap) -> Option<String> {
    let pairs: Vec<String> = h
        .iter()
        .filter(|(k, _)| k.as_str().starts_with("x-ratelimit-"))
        .filter_map(|(k, v)| Some(format!("{}: {}", header_name(k.as_str()), v.to_str().ok()?)))
        .take(8)
        .collect();
    (!pairs.is_empty()).then(|| pairs.join(", "))
}

/// `x-ratelimit-limit` as `X-RateLimit-Limit`.
fn header_name(lower: &str) -> String {
    lower
        .split('-')
        .map(|w| match w {
            "x" => "X".to_string(),
            "ratelimit" => "RateLimit".to_string(),
            w => {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// The error and its causes, innermost last.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

fn last(text: &str) -> String {
    text.rsplit(": ").next().unwrap_or(text).to_string()
}

/// The verifier's words, without reqwest's wrapping (`invalid peer certificate: UnknownIssuer`).
fn tls_reason(text: &str) -> String {
    text.find("invalid peer certificate")
        .map_or_else(|| last(text), |i| text[i..].to_string())
}

//! Bitbucket's REST API over HTTPS (reqwest with rustls): the platform's certificate roots
//! plus a `--ca-file`, never "skip verification"; proxies from the environment (never for a
//! loopback address); no redirects (the credential would follow them); a timeout per request;
//! bounded retries on 429/502/503/504 honouring `Retry-After`; pagination with a page cap.
//! Every failure comes back diagnosed ([`ApiFailure`]) with the credential scrubbed out.

mod call;
mod http;
mod oauth;
mod rotate;
pub mod service_calls;

pub use call::run_call;
pub use oauth::check_consumer;
pub use rotate::rotate;

use std::path::PathBuf;
use std::time::Duration;

use crate::core::bitbucket::access_keys::{self, AccessKey, ListCut, Listing};
use crate::core::bitbucket::failure::{self, Answer, Operation};
use crate::core::bitbucket::hooks::HookAction;
use crate::core::bitbucket::{AddResult, ApiFailure, ApiFindingId, ApiTarget, Credential};
use crate::core::secret::Secret;

/// Hears what a long call is waiting for (a `Retry-After`, slow pages), while it waits.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(String) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The limit for each request.
    pub timeout: Duration,
    /// The limit for all of one call's requests, waits and pages together: no request, retry
    /// or next page starts after it.
    pub budget: Duration,
    /// Told of each wait and slow page; nobody by default.
    pub progress: Option<Progress>,
    /// Extra certificate authorities (PEM), for a Data Center with a private CA.
    pub ca_file: Option<PathBuf>,
    /// How many times a 429/502/503/504 is retried.
    pub retries: u32,
    /// The longest `Retry-After` waited for; a longer one ends the call.
    pub max_wait: Duration,
    /// The most pages of keys read.
    pub max_pages: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(15),
            budget: Duration::from_secs(budget_secs()),
            progress: None,
            ca_file: None,
            retries: 3,
            max_wait: Duration::from_secs(30),
            max_pages: 50,
        }
    }
}

/// One call's time for the API: `BBLINK_API_BUDGET` seconds (1 to 3600), else 45
/// (as bblink's other duration variables, a value out of range is not taken).
fn budget_secs() -> u64 {
    std::env::var("BBLINK_API_BUDGET")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| (1..=3600).contains(s))
        .unwrap_or(45)
}

/// A client for one repository's access keys.
pub struct Client {
    http: http::Http,
    target: ApiTarget,
    credential: Credential,
}

/// How `remove` finds the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Bitbucket's id.
    Id(u64),
    /// The key's `SHA256:` fingerprint.
    Fingerprint(String),
}

impl Client {
    /// A client, or why not (an unusable `--ca-file`).
    pub fn new(
        target: ApiTarget,
        credential: Credential,
        options: Options,
    ) -> Result<Self, ApiFailure> {
        let http = http::Http::new(&target, options)?;
        let credential = credential.for_flavor(target.flavor);
        Ok(Self {
            http,
            target,
            credential,
        })
    }

    /// The repository.
    pub fn target(&self) -> &ApiTarget {
        &self.target
    }

    fn refuse(&self, op: Operation) -> Result<(), ApiFailure> {
        match self.credential.refuse(self.target.flavor, op) {
            Some(f) => Err(f),
            None => Ok(()),
        }
    }

    fn diagnose(&self, answer: &Answer<'_>, op: Operation) -> ApiFailure {
        let mut f = failure::classify(answer, op, &self.target, self.credential.bearer());
        f.scrub(self.credential.token.expose());
        f
    }

    /// The repository as this credential sees it: the scopes Bitbucket reports for it
    /// (`x-oauth-scopes`; none from a Data Center).
    pub async fn repository(&self) -> Result<Option<Vec<String>>, ApiFailure> {
        let _clock = self.http.call();
        let reply = self
            .http
            .send(&self.target.repository(), &self.credential)
            .await?;
        if !reply.success() {
            return Err(self.diagnose(&reply.answer(), Operation::Repository));
        }
        // Any page can answer 200 (a proxy's, a wrong API URL's): only a repository proves it.
        let repository = serde_json::from_str::<serde_json::Value>(&reply.body)
            .ok()
            .is_some_and(|v| {
                ["full_name", "slug", "name"]
                    .iter()
                    .any(|k| v.get(k).is_some())
            });
        if !repository {
            return Err(not_api(&self.target, "a repository"));
        }
        Ok(reply
            .scopes
            .as_deref()
            .map(crate::core::bitbucket::scopes::parse))
    }

    /// Lists the repository's webhooks (nothing is changed): proves the token may read them.
    pub async fn list_hooks(&self) -> Result<(), ApiFailure> {
        let _clock = self.http.call();
        let reply = self
            .http
            .send(
                &crate::core::bitbucket::hooks::list(&self.target),
                &self.credential,
            )
            .await?;
        if !reply.success() {
            return Err(self.diagnose(&reply.answer(), Operation::Webhook));
        }
        crate::core::bitbucket::hooks::parse_list(self.target.flavor, &reply.body)
            .map(|_| ())
            .ok_or_else(|| not_api(&self.target, "a list of webhooks"))
    }

    /// What a token proves with harmless requests: it reads the repository (and Bitbucket may
    /// report its scopes); when the scopes are not reported, whether it lists the webhooks.
    pub async fn token_facts(
        &self,
    ) -> Result<crate::core::bitbucket::scopes::TokenFacts, ApiFailure> {
        let _clock = self.http.call();
        let scopes = self.repository().await?;
        let lists_hooks = scopes.is_none() && self.list_hooks().await.is_ok();
        Ok(crate::core::bitbucket::scopes::TokenFacts {
            scopes,
            lists_hooks,
        })
    }

    /// Creates the push webhook to `hook_url`, or updates the one with that URL; `secret`
    /// none keeps an existing hook's secret, or makes a new one (returned) for a hook without.
    pub async fn save_hook(
        &self,
        hook_url: &str,
        title: &str,
        secret: Option<&Secret>,
    ) -> Result<(HookAction, String, Option<Secret>), ApiFailure> {
        use crate::core::bitbucket::hooks;
        let _clock = self.http.call();
        // What Bitbucket would refuse is refused before any request.
        if let Some(f) = hooks::refuse(
            self.target.flavor,
            hook_url,
            secret.map_or("", |s| s.expose()),
        ) {
            return Err(f);
        }
        let reply = self
            .http
            .send(&hooks::list(&self.target), &self.credential)
            .await?;
        if !reply.success() {
            return Err(self.diagnose(&reply.answer(), Operation::Webhook));
        }
        let found = hooks::parse_list(self.target.flavor, &reply.body)
            .ok_or_else(|| not_api(&self.target, "a list of webhooks"))?;
        let existing = hooks::find(&found, hook_url);
        if let Some(h) = existing.filter(|h| secret.is_none() && h.secret_set) {
            if h.active && h.push {
                return Ok((HookAction::Unchanged, h.id.clone(), None));
            }
            // Its secret is the service's: a new one would break every delivery.
            return Err(ApiFailure::new(
                ApiFindingId::ApiServerError,
                "a webhook to this URL exists, with a secret, but is inactive or does not fire on pushes".into(),
                "Give the service's secret with --secret-env so bblink can fix the webhook keeping it, or fix it by hand in Repository settings → Webhooks.".into(),
            ));
        }
        let generated = secret.is_none().then(new_secret);
        let Some(secret) = secret.or(generated.as_ref()) else {
            return Err(not_api(&self.target, "a webhook"));
        };
        if let Some(f) = hooks::refuse(self.target.flavor, hook_url, secret.expose()) {
            return Err(f);
        }
        let id = existing.map(|h| h.id.clone());
        let events = existing.map(|h| h.events.clone()).unwrap_or_default();
        let spec = hooks::save(
            &self.target,
            id.as_deref(),
            (hook_url, title),
            &events,
            secret.expose(),
        );
        let reply = self.http.send(&spec, &self.credential).await?;
        if !reply.success() {
            let mut f = self.diagnose(&reply.answer(), Operation::Webhook);
            f.scrub(secret.expose());
            return Err(f);
        }
        let action = if id.is_some() {
            HookAction::Updated
        } else {
            HookAction::Created
        };
        let saved = serde_json::from_str::<serde_json::Value>(&reply.body)
            .ok()
            .and_then(|v| match (v.get("uuid"), v.get("id")) {
                (Some(u), _) => u.as_str().map(str::to_string),
                (None, Some(i)) => i.as_u64().map(|i| i.to_string()),
                _ => None,
            })
            .map(|s| crate::core::display::terminal_safe(&s).into_owned());
        Ok((action, saved.or(id).unwrap_or_default(), generated))
    }

    /// Every access key of the repository, and why the listing stopped short when it did: the
    /// pages, keys and bytes read over the whole listing are bounded, so a server that pages
    /// without end (or pages of megabytes) cannot fill memory.
    pub async fn list(&self) -> Result<Listing, ApiFailure> {
        self.refuse(Operation::List)?;
        let _clock = self.http.call();
        let mut listing = Listing::default();
        let cut = self.list_into(&mut listing).await?;
        listing.cut = cut;
        Ok(listing)
    }

    async fn list_into(&self, listing: &mut Listing) -> Result<Option<ListCut>, ApiFailure> {
        let flavor = self.target.flavor;
        let mut spec = self.target.list(None);
        let all = &mut listing.keys;
        let mut bytes = 0usize;
        for page in 0..self.http.max_pages() {
            if page > 0 {
                if self.http.spent() {
                    return Ok(Some(ListCut::Time(self.http.budget_secs())));
                }
                let n = all.len();
                self.http.slow(&format!(
                    "Read {n} access key{} so far; reading page {}…",
                    if n == 1 { "" } else { "s" },
                    page + 1
                ));
            }
            let reply = self.http.send(&spec, &self.credential).await?;
            if !reply.success() {
                // The keys read so far are kept: a later page refused is a listing cut short.
                if page > 0 && http::retryable(reply.status) {
                    return Ok(Some(ListCut::Refused(reply.status)));
                }
                return Err(self.diagnose(&reply.answer(), Operation::List));
            }
            bytes = bytes.saturating_add(reply.body.len());
            let page = access_keys::parse_page(flavor, &reply.body)
                .ok_or_else(|| not_api(&self.target, "a list of access keys"))?;
            all.extend(page.keys);
            listing.unread += page.unread;
            if all.len() >= access_keys::MAX_LISTED {
                all.truncate(access_keys::MAX_LISTED);
                return Ok(Some(ListCut::Keys(access_keys::MAX_LISTED)));
            }
            if bytes >= access_keys::MAX_LISTING_BYTES {
                return Ok(Some(ListCut::Bytes(bytes)));
            }
            match (page.next, page.next_start) {
                (Some(next), _) => {
                    let Ok(url) = url::Url::parse(&next) else {
                        return Ok(Some(ListCut::BadNext));
                    };
                    if !self.target.same_origin(&url) {
                        // The credential is never sent to another server.
                        return Ok(Some(ListCut::OtherServer));
                    }
                    spec.url = url;
                }
                (None, Some(start)) => spec = self.target.list(Some(start)),
                (None, None) => return Ok(None),
            }
        }
        Ok(Some(ListCut::Pages(self.http.max_pages())))
    }

    /// Adds the public key, unless a key with its fingerprint is there already; then reads it
    /// back. `on` hears each stage.
    pub async fn add(
        &self,
        public_line: &str,
        fingerprint: &str,
        label: &str,
        on: &mut (dyn FnMut(String) + Send),
    ) -> Result<AddResult, ApiFailure> {
        self.refuse(Operation::Add)?;
        let _clock = self.http.call();
        on(format!(
            "Reading the access keys of {}…",
            self.target.full_name()
        ));
        let existing = self.list().await?.keys;
        if let Some(key) = access_keys::find(&existing, fingerprint) {
            return Ok(AddResult {
                key: key.clone(),
                already_present: true,
                page: self.target.page(),
            });
        }
        on("Adding the access key…".into());
        let reply = self
            .http
            .send(&self.target.add(public_line, label), &self.credential)
            .await?;
        let posted = if reply.success() {
            access_keys::parse_added(self.target.flavor, &reply.body)
        } else if failure::already_here(&reply.answer()) {
            None
        } else {
            return Err(self.diagnose(&reply.answer(), Operation::Add));
        };
        on("Reading it back…".into());
        let after = self.list().await?.keys;
        let key = access_keys::find(&after, fingerprint)
            .cloned()
            .or(posted)
            .ok_or_else(|| {
                ApiFailure::new(
                    ApiFindingId::ApiServerError,
                    "Bitbucket accepted the key but does not list it".into(),
                    format!(
                        "Look at {} and add it by hand if it is missing.",
                        self.target.page()
                    ),
                )
            })?;
        Ok(AddResult {
            key,
            already_present: !reply.success(),
            page: self.target.page(),
        })
    }

    /// The access key with this id or fingerprint.
    pub async fn find(&self, which: &Selector) -> Result<AccessKey, ApiFailure> {
        let listing = self.list().await?;
        let existing = &listing.keys;
        match which {
            Selector::Id(id) => existing.iter().find(|k| k.id == *id),
            Selector::Fingerprint(fp) => access_keys::find(existing, fp),
        }
        .cloned()
        .ok_or_else(|| match listing.cut {
            // Not among the keys read is not "not there" when the listing stopped short.
            Some(cut) => ApiFailure::new(
                ApiFindingId::AccessKeyNotFound,
                format!(
                    "no access key with {} among the {} read, but {}: it may be there",
                    selector_words(which),
                    existing.len(),
                    cut.note()
                ),
                format!(
                    "Try again later, or remove it by hand at {}.",
                    self.target.page()
                ),
            ),
            None => not_found(&self.target, which),
        })
    }

    /// Removes this access key (as [`Client::find`] gave it).
    pub async fn delete(&self, key: &AccessKey) -> Result<(), ApiFailure> {
        self.refuse(Operation::Remove)?;
        let _clock = self.http.call();
        let reply = self
            .http
            .send(&self.target.remove(key.id), &self.credential)
            .await?;
        if reply.status == 404 {
            return Err(not_found(&self.target, &Selector::Id(key.id)));
        }
        if !reply.success() {
            return Err(self.diagnose(&reply.answer(), Operation::Remove));
        }
        Ok(())
    }
}

/// A webhook secret: 40 letters and digits from the operating system's CSPRNG (≈238 bits).
pub fn new_secret() -> Secret {
    use ssh_key::rand_core::{OsRng, RngCore};
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(40);
    while out.len() < 40 {
        let mut byte = [0u8; 1];
        OsRng.fill_bytes(&mut byte);
        // 62 × 4 = 248: bytes above are dropped, so every character is equally likely.
        if byte[0] < 248 {
            out.push(char::from(ALPHABET[usize::from(byte[0] % 62)]));
        }
    }
    Secret::new(out)
}

fn selector_words(which: &Selector) -> String {
    match which {
        Selector::Id(id) => format!("id {id}"),
        Selector::Fingerprint(fp) => format!("fingerprint {fp}"),
    }
}

fn not_found(target: &ApiTarget, which: &Selector) -> ApiFailure {
    let what = selector_words(which);
    ApiFailure::new(
        ApiFindingId::AccessKeyNotFound,
        format!("{} has no access key with {what}", target.full_name()),
        "List the keys (bblink access-key list) and give an id or fingerprint from it.".into(),
    )
}

fn not_api(target: &ApiTarget, what: &str) -> ApiFailure {
    ApiFailure::new(
        ApiFindingId::ApiServerError,
        format!("{} did not answer with {what}", target.base.host_str().unwrap_or_default()),
        "Check the API URL: https://api.bitbucket.org/2.0 for Cloud, or the Data Center's base URL.".into(),
    )
}

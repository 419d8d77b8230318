//! Where a repository's access keys live in the API, from its clone URL: Bitbucket Cloud's
//! `https://api.bitbucket.org/2.0/repositories/{workspace}/{repo}/deploy-keys`, or a Data
//! Center's `<base>/rest/keys/1.0/projects/{KEY}/repos/{slug}/ssh`. An API base given by the
//! user decides the flavor by its shape: one ending in `/2.0` is Cloud's, any other a Data
//! Center's base URL. Plain `http://` only reaches a loopback address.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use url::Url;

use crate::core::clone_url::{self, UrlFlavor};
use crate::core::display::terminal_safe;

/// Bitbucket Cloud's API.
pub const CLOUD_API: &str = "https://api.bitbucket.org/2.0";

/// Which API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiFlavor {
    /// Bitbucket Cloud (REST 2.0).
    Cloud,
    /// Bitbucket Data Center or Server (`/rest/…`).
    DataCenter,
}

impl ApiFlavor {
    /// The product's name.
    pub fn name(self) -> &'static str {
        match self {
            ApiFlavor::Cloud => "Bitbucket Cloud",
            ApiFlavor::DataCenter => "Bitbucket Data Center",
        }
    }
}

/// A repository in the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTarget {
    /// Cloud or Data Center.
    pub flavor: ApiFlavor,
    /// The API base (Cloud: `…/2.0`; Data Center: the server's base URL), without a trailing `/`.
    pub base: Url,
    /// The workspace (Cloud) or project key (Data Center).
    pub owner: String,
    /// The repository slug.
    pub repo: String,
    /// The SSH URL of the repository (for the connection test), when the clone URL gave one.
    pub ssh_url: Option<String>,
}

/// Why no API target could be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// The clone URL does not name a repository.
    #[error("{0}")]
    Url(String),
    /// Not a Bitbucket server bblink knows, and no API URL was given.
    #[error("{0} is not a Bitbucket server bblink knows")]
    UnknownServer(String),
    /// The API URL cannot be used.
    #[error("{0}")]
    ApiUrl(String),
}

impl TargetError {
    /// What to do.
    pub fn fix(&self) -> &'static str {
        match self {
            TargetError::Url(_) => {
                "Give the repository's clone URL from Bitbucket's Clone button (SSH or HTTPS)."
            }
            TargetError::UnknownServer(_) => {
                "For a Data Center, give its base URL with --api-url https://bitbucket.example.com."
            }
            TargetError::ApiUrl(_) => {
                "Give an https:// URL: https://api.bitbucket.org/2.0 for Cloud, or the Data Center's base URL."
            }
        }
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// PUT.
    Put,
}

/// One request: method, URL and JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSpec {
    /// The method.
    pub method: Method,
    /// The whole URL.
    pub url: Url,
    /// The JSON body.
    pub body: Option<serde_json::Value>,
}

/// Path segments: everything but unreserved characters is escaped (`{uuid}` works too).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One path segment, for every request bblink sends: unreserved characters (RFC 3986 §2.3:
/// letters, digits, `-`, `_`, `.`, `~`) as they are, everything else percent-encoded.
pub(super) fn seg(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// Whether a host is this machine (where plain HTTP cannot be overheard).
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match url::Host::parse(bare).or_else(|_| url::Host::parse(host)) {
        Ok(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Ok(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Ok(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Err(_) => false,
    }
}

/// Reads an API base: https, or http on a loopback address; no query, no credentials.
pub fn parse_api_url(text: &str) -> Result<Url, TargetError> {
    let bad = |why: &str| {
        TargetError::ApiUrl(format!(
            "the API URL {} {why}",
            terminal_safe(&crate::core::redact::line(text))
        ))
    };
    let mut url = Url::parse(text.trim()).map_err(|_| bad("is not a URL"))?;
    let host = url.host_str().unwrap_or_default().to_string();
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(bad(
                "is plain http: the credential would cross the network unencrypted (refused before any connection)",
            ));
        }
        _ => return Err(bad("is not an https:// URL")),
    }
    if host.is_empty() {
        return Err(bad("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "holds a user name or password: give the credential separately",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("has a query or fragment"));
    }
    let path = url.path().trim_end_matches('/').to_string();
    url.set_path(&path);
    Ok(url)
}

impl ApiTarget {
    /// The target for a clone URL; `api_url` overrides the API base (and decides the flavor).
    pub fn derive(clone_url: &str, api_url: Option<&str>) -> Result<ApiTarget, TargetError> {
        let check = clone_url::check(clone_url);
        let (Some(owner), Some(repo)) = (check.workspace.clone(), check.repo.clone()) else {
            let why = check.problems.first().map_or_else(
                || "the clone URL does not name a repository".to_string(),
                |p| p.message.clone(),
            );
            return Err(TargetError::Url(terminal_safe(&why).into_owned()));
        };
        // A name Bitbucket cannot have would only come back as a 404: said now, as check-url says it.
        if let Some(p) =
            (check.problems.iter()).find(|p| p.id == clone_url::ProblemId::InvalidCharacters)
        {
            return Err(TargetError::Url(terminal_safe(&p.message).into_owned()));
        }
        let ssh_url = check.usable().or(check.repair()).map(str::to_string);
        let (flavor, base) = match api_url {
            Some(text) => {
                let base = parse_api_url(text)?;
                let flavor = if base.path().ends_with("/2.0") {
                    ApiFlavor::Cloud
                } else {
                    ApiFlavor::DataCenter
                };
                (flavor, base)
            }
            None => match check.flavor {
                Some(UrlFlavor::Cloud) => (ApiFlavor::Cloud, parse_api_url(CLOUD_API)?),
                Some(UrlFlavor::DataCenter) => {
                    let host = check.host.clone().unwrap_or_default();
                    let base = parse_api_url(&format!("https://{host}"))?;
                    (ApiFlavor::DataCenter, base)
                }
                _ => {
                    let host = check.host.clone().unwrap_or_default();
                    return Err(TargetError::UnknownServer(
                        terminal_safe(&host).into_owned(),
                    ));
                }
            },
        };
        Ok(ApiTarget {
            flavor,
            base,
            owner,
            repo,
            ssh_url,
        })
    }

    /// `workspace/repo` (Cloud) or `PROJECT/repo` (Data Center).
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.repo)
    }

    /// The base URL with `path` (already encoded) after its own path.
    pub(super) fn join(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{path}", self.base.path().trim_end_matches('/'));
        url.set_path(&joined);
        url
    }

    fn keys_path(&self) -> String {
        let (o, r) = (seg(&self.owner), seg(&self.repo));
        match self.flavor {
            ApiFlavor::Cloud => format!("/repositories/{o}/{r}/deploy-keys"),
            ApiFlavor::DataCenter => format!("/rest/keys/1.0/projects/{o}/repos/{r}/ssh"),
        }
    }

    /// The repository itself (does it exist for this credential; which scopes it has).
    pub fn repository(&self) -> RequestSpec {
        let (o, r) = (seg(&self.owner), seg(&self.repo));
        let path = match self.flavor {
            ApiFlavor::Cloud => format!("/repositories/{o}/{r}"),
            ApiFlavor::DataCenter => format!("/rest/api/1.0/projects/{o}/repos/{r}"),
        };
        RequestSpec {
            method: Method::Get,
            url: self.join(&path),
            body: None,
        }
    }

    /// The first page of access keys (Data Center: from `start`).
    pub fn list(&self, start: Option<u64>) -> RequestSpec {
        let mut url = self.join(&self.keys_path());
        match self.flavor {
            ApiFlavor::Cloud => {
                url.query_pairs_mut().append_pair("pagelen", "100");
            }
            ApiFlavor::DataCenter => {
                url.query_pairs_mut()
                    .append_pair("start", &start.unwrap_or(0).to_string())
                    .append_pair("limit", "100");
            }
        }
        RequestSpec {
            method: Method::Get,
            url,
            body: None,
        }
    }

    /// Adds a read-only access key.
    pub fn add(&self, public_line: &str, label: &str) -> RequestSpec {
        let body = match self.flavor {
            // `type` is required by the document's base `object` schema.
            ApiFlavor::Cloud => {
                serde_json::json!({"type": "deploy_key", "key": public_line, "label": label})
            }
            ApiFlavor::DataCenter => serde_json::json!({
                "key": {"text": public_line, "label": label},
                "permission": "REPO_READ",
            }),
        };
        RequestSpec {
            method: Method::Post,
            url: self.join(&self.keys_path()),
            body: Some(body),
        }
    }

    /// Removes the access key with this id.
    pub fn remove(&self, id: u64) -> RequestSpec {
        RequestSpec {
            method: Method::Delete,
            url: self.join(&format!("{}/{id}", self.keys_path())),
            body: None,
        }
    }

    /// Whether a `next` page link may be followed: the same scheme, host and port as the
    /// base (the credential goes with it).
    pub fn same_origin(&self, next: &Url) -> bool {
        next.origin() == self.base.origin()
    }

    /// The Bitbucket page that lists the repository's access keys.
    pub fn page(&self) -> String {
        let (o, r) = (seg(&self.owner), seg(&self.repo));
        match self.flavor {
            ApiFlavor::Cloud => {
                let web = if self.base.as_str().starts_with(CLOUD_API) {
                    "https://bitbucket.org".to_string()
                } else {
                    self.base.origin().ascii_serialization()
                };
                format!("{web}/{o}/{r}/admin/access-keys/")
            }
            ApiFlavor::DataCenter => format!(
                "{}/plugins/servlet/ssh/projects/{o}/repos/{r}/keys",
                self.base.as_str().trim_end_matches('/')
            ),
        }
    }

    /// Where the user creates the credential bblink asks for (Data Center: the repository's
    /// settings, where HTTP access tokens are).
    pub fn credential_page(&self) -> String {
        match self.flavor {
            ApiFlavor::Cloud => {
                "https://id.atlassian.com/manage-profile/security/api-tokens".into()
            }
            ApiFlavor::DataCenter => format!(
                "{}/projects/{}/repos/{}/settings",
                self.base.as_str().trim_end_matches('/'),
                seg(&self.owner),
                seg(&self.repo)
            ),
        }
    }
}

//! The service's own URL (Gemnasium's base URL, the Model Hub's URL): read from what a user
//! pastes, repaired where the intent is plain (no scheme, a final `/`, one of the derived URLs
//! pasted whole), and refused with the reason otherwise. The values derived from it fill the
//! service file's `{base}` templates.

use super::Derived;

/// A usable service URL, and what was changed to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://host[:port][/path]`, no final `/`.
    pub base: String,
    /// What was repaired, in a sentence (none: used as typed).
    pub repaired: Option<String>,
}

/// Whether the host is this machine (plain http is fine there: tests, a local service).
fn loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// Reads the service's URL from `text`; `derived` are the values made from it (a pasted
/// derived URL gives its base back).
pub fn base_url(text: &str, derived: &[Derived]) -> Result<BaseUrl, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Empty: paste or type the address you open the service at.".into());
    }
    if text.chars().any(char::is_whitespace) {
        return Err("An address has no spaces: paste only the URL.".into());
    }
    let mut notes = Vec::new();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        notes.push("added https://");
        format!("https://{text}")
    };
    let url = url::Url::parse(&with_scheme).map_err(|e| format!("Not a URL ({e})."))?;
    let host = url.host().ok_or("No host name in it.")?;
    // Before anything that repeats the address: a password is never echoed.
    if !url.username().is_empty() || url.password().is_some() {
        return Err("It holds a user name or password: give the address alone.".into());
    }
    match url.scheme() {
        "https" => {}
        "http" if loopback(&host) => {}
        "http" => {
            return Err(format!(
                "It starts with http://: Bitbucket sends credentials and deliveries only to https. Use https://{}.",
                with_scheme.split_once("://").map_or("", |(_, rest)| rest)
            ));
        }
        other => {
            return Err(format!(
                "{other}:// is not a web address: it must start with https://."
            ));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(
            "It has ?… or #… after the address: give the address alone, as in the example.".into(),
        );
    }
    let origin = format!(
        "{}://{}{}",
        url.scheme(),
        url.host_str().unwrap_or_default(),
        url.port().map_or_else(String::new, |p| format!(":{p}"))
    );
    let mut path = url.path().trim_end_matches('/').to_string();
    // One of the derived URLs pasted whole: its base is what comes before the suffix.
    for d in derived {
        let suffix = d
            .template
            .trim_start_matches("{base}")
            .trim_end_matches('/');
        if !suffix.is_empty() && path.ends_with(suffix) {
            path.truncate(path.len() - suffix.len());
            notes.push("that was the service's own URL plus its path; kept the address before it");
            break;
        }
    }
    if !path.is_empty() {
        return Err(format!(
            "It has a path ({path}) after the host: give only the address you open the service at, e.g. {origin}."
        ));
    }
    let repaired = (!notes.is_empty()).then(|| {
        let mut s = notes.join("; ");
        if let Some(first) = s.get(..1) {
            s = first.to_uppercase() + &s[1..];
        }
        format!("{s}.")
    });
    Ok(BaseUrl {
        base: origin,
        repaired,
    })
}

/// A template with `{base}` filled in.
pub fn fill(template: &str, base: &str) -> String {
    template.replace("{base}", base)
}

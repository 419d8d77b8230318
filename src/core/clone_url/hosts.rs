//! Which server a host name is: Bitbucket Cloud (and which of its names), a misspelling of
//! it, a known other Git host, or something else (perhaps a Data Center).

/// Bitbucket Cloud's SSH host since November 12, 2026.
pub const CLOUD_SSH_HOST: &str = "ssh.bitbucket.org";
/// Bitbucket Cloud's web and HTTPS host (SSH before November 12, 2026).
pub const CLOUD_WEB_HOST: &str = "bitbucket.org";

/// One of Bitbucket Cloud's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CloudHost {
    /// `bitbucket.org`, `www.bitbucket.org`: web and HTTPS only.
    Web,
    /// `ssh.bitbucket.org`.
    Ssh,
    /// `altssh.bitbucket.org` (SSH on port 443; its future is unconfirmed).
    AltSsh,
    /// `api.bitbucket.org`.
    Api,
}

/// What a host is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HostClass {
    /// Bitbucket Cloud.
    Cloud(CloudHost),
    /// A misspelling of a Cloud host; the right one.
    Typo(CloudHost),
    /// Another Git host, by its product name.
    Other(&'static str),
    /// Not known.
    Unknown,
}

const OTHERS: &[(&str, &str)] = &[
    ("github.com", "GitHub"),
    ("ssh.github.com", "GitHub"),
    ("gist.github.com", "GitHub"),
    ("gitlab.com", "GitLab"),
    ("altssh.gitlab.com", "GitLab"),
    ("dev.azure.com", "Azure DevOps"),
    ("ssh.dev.azure.com", "Azure DevOps"),
    ("codeberg.org", "Codeberg"),
    ("gitea.com", "Gitea"),
    ("git.sr.ht", "SourceHut"),
    ("gitee.com", "Gitee"),
    ("git.code.sf.net", "SourceForge"),
    ("huggingface.co", "Hugging Face"),
];

/// Classifies a lowercased host name.
pub(super) fn classify(host: &str) -> HostClass {
    let host = host.strip_prefix("www.").unwrap_or(host);
    match host {
        CLOUD_WEB_HOST => return HostClass::Cloud(CloudHost::Web),
        CLOUD_SSH_HOST => return HostClass::Cloud(CloudHost::Ssh),
        "altssh.bitbucket.org" => return HostClass::Cloud(CloudHost::AltSsh),
        "api.bitbucket.org" => return HostClass::Cloud(CloudHost::Api),
        _ => {}
    }
    if let Some((_, name)) = OTHERS.iter().find(|(h, _)| *h == host) {
        return HostClass::Other(name);
    }
    if host.ends_with(".visualstudio.com") {
        return HostClass::Other("Azure DevOps");
    }
    if host.ends_with(".bitbucket.org") {
        // Some other name under bitbucket.org (e.g. shh.bitbucket.org).
        return HostClass::Typo(CloudHost::Ssh);
    }
    let Some((name, tld)) = host.rsplit_once('.') else {
        return HostClass::Unknown;
    };
    // A wrong or misspelled top-level domain (bitbucket.com, bitbucket.og), but not an
    // internal one such as bitbucket.corp, which is a Data Center's name.
    let tld_typo =
        ["com", "net", "io", "co"].contains(&tld) || strsim::damerau_levenshtein(tld, "org") == 1;
    match name {
        "bitbucket" if tld_typo => return HostClass::Typo(CloudHost::Web),
        "ssh.bitbucket" if tld_typo => return HostClass::Typo(CloudHost::Ssh),
        _ => {}
    }
    if tld == "org" || tld_typo {
        let close = |target: &str| strsim::damerau_levenshtein(host, target) <= 2;
        if close(CLOUD_SSH_HOST) {
            return HostClass::Typo(CloudHost::Ssh);
        }
        if close(CLOUD_WEB_HOST) {
            return HostClass::Typo(CloudHost::Web);
        }
    }
    HostClass::Unknown
}

/// The host with its `xn--` labels shown as the letters they stand for.
pub(super) fn unicode(host: &str) -> String {
    if !host.contains("xn--") {
        return host.to_string();
    }
    let (decoded, result) = idna::domain_to_unicode(host);
    if result.is_ok() {
        decoded
    } else {
        host.to_string()
    }
}

/// Whether a host that is not Bitbucket Cloud carries Cloud's name as its first labels
/// (`bitbucket.org.example.com`), which makes it look like Cloud at a glance.
pub(super) fn poses_as_cloud(host: &str) -> bool {
    [CLOUD_WEB_HOST, CLOUD_SSH_HOST]
        .iter()
        .any(|cloud| host.starts_with(&format!("{cloud}.")) || host.contains(&format!(".{cloud}.")))
}

/// Whether an unknown host looks like a Bitbucket Data Center (its name says so).
pub(super) fn looks_like_data_center(host: &str) -> bool {
    host.split(['.', '-'])
        .any(|label| label == "bitbucket" || label == "stash")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_names_typos_and_others() {
        assert_eq!(classify("bitbucket.org"), HostClass::Cloud(CloudHost::Web));
        assert_eq!(
            classify("www.bitbucket.org"),
            HostClass::Cloud(CloudHost::Web)
        );
        assert_eq!(
            classify("ssh.bitbucket.org"),
            HostClass::Cloud(CloudHost::Ssh)
        );
        for typo in [
            "bitbucket.com",
            "bitbuckt.org",
            "bitbucket.og",
            "bitbukcet.org",
            "bitbucket.io",
        ] {
            assert_eq!(classify(typo), HostClass::Typo(CloudHost::Web), "{typo}");
        }
        for typo in ["ssh.bitbucket.com", "shh.bitbucket.org", "ssh.bitbuckt.org"] {
            assert_eq!(classify(typo), HostClass::Typo(CloudHost::Ssh), "{typo}");
        }
        assert_eq!(classify("github.com"), HostClass::Other("GitHub"));
        assert_eq!(classify("bitbucket.example.com"), HostClass::Unknown);
        for internal in [
            "bitbucket.corp",
            "bitbucket.work",
            "bitbucket.one",
            "bitbucket.ops",
            "bitbucket",
        ] {
            assert_eq!(classify(internal), HostClass::Unknown, "{internal}");
        }
        assert_eq!(classify("git.example.com"), HostClass::Unknown);
        assert!(looks_like_data_center("bitbucket.example.com"));
        assert!(looks_like_data_center("stash.corp.local"));
        assert!(!looks_like_data_center("git.example.com"));
    }
}

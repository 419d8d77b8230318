//! Service profiles: what each external service needs and where each value is pasted.
//!
//! Profiles are data (`assets/services/*.toml`), compiled in so the binary is self-contained.
//! This module parses and validates them; it never decides flow.

use serde::Deserialize;

/// Which Bitbucket product hosts the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flavor {
    /// bitbucket.org
    #[default]
    Cloud,
    /// A self-hosted Bitbucket Data Center (or Server).
    DataCenter,
}

impl Flavor {
    /// Both flavors, in the order the wizard lists them.
    pub const ALL: [Flavor; 2] = [Flavor::Cloud, Flavor::DataCenter];

    /// The product's name as Atlassian writes it.
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Cloud => "Bitbucket Cloud",
            Flavor::DataCenter => "Bitbucket Data Center",
        }
    }
}

/// What a service reads to reach the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Credential {
    /// An SSH private key whose public half is a Bitbucket access key.
    SshKey,
}

/// A value the user pastes into the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PasteValue {
    /// The repository's SSH clone URL.
    CloneUrl,
    /// The private key file's contents.
    PrivateKey,
    /// The SSH host name (for example for `CircleCI`'s additional keys).
    SshHost,
}

/// One field in the service's settings and where to find it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Paste {
    /// The field's name in the service.
    pub label: String,
    /// What goes into it.
    pub value: PasteValue,
    /// The navigation path to the field.
    pub place: String,
}

/// What the service does once the values are saved.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Next {
    /// One or two sentences from the service's guide.
    pub text: String,
}

/// A service bblink can connect a repository to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceProfile {
    /// Stable id, used in state files and labels.
    pub id: String,
    /// Display name (in lists).
    pub name: String,
    /// How sentences name it, when not by its name (`the service`).
    #[serde(default)]
    pub called: Option<String>,
    /// The kind of credential it takes.
    pub credential: Credential,
    /// One sentence on how it uses the repository.
    pub summary: String,
    /// Advice on the key type, where the service's guide has an opinion.
    #[serde(default)]
    pub key_note: Option<String>,
    /// Suggested label for the access key in Bitbucket.
    pub label_hint: String,
    /// The fields to fill in, in order.
    pub paste: Vec<Paste>,
    /// What happens next.
    pub next: Next,
}

impl ServiceProfile {
    /// How a sentence names the service: "Then in Valohai", "Then in the service".
    pub fn called(&self) -> &str {
        self.called.as_deref().unwrap_or(&self.name)
    }
}

const SOURCES: [(&str, &str); 3] = [
    (
        "valohai",
        include_str!("../../assets/services/valohai.toml"),
    ),
    (
        "circleci",
        include_str!("../../assets/services/circleci.toml"),
    ),
    (
        "other-ssh",
        include_str!("../../assets/services/other-ssh.toml"),
    ),
];

/// A profile that failed to parse: a build defect caught by the tests, reported, never a panic.
#[derive(Debug, thiserror::Error)]
#[error("service profile {file}: {source}")]
pub struct ProfileError {
    file: &'static str,
    #[source]
    source: toml::de::Error,
}

/// Every bundled profile, in menu order.
pub fn profiles() -> Result<Vec<ServiceProfile>, ProfileError> {
    SOURCES
        .iter()
        .map(|(file, text)| toml::from_str(text).map_err(|source| ProfileError { file, source }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_profiles_parse_and_ids_match_files() {
        let all = profiles().expect("profiles parse");
        assert_eq!(all.len(), SOURCES.len());
        for (p, (file, _)) in all.iter().zip(SOURCES) {
            assert_eq!(p.id, file);
            assert!(
                p.paste.iter().any(|x| x.value == PasteValue::PrivateKey),
                "{} must say where the private key goes",
                p.id
            );
        }
    }
}

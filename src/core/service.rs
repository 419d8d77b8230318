//! Service profiles: what each external service needs, how it connects to Bitbucket, and where
//! each value is pasted.
//!
//! Profiles are data (`assets/services/*.toml`, every file of the directory compiled in by the
//! build script), so a new service of an existing kind is a new file. This module parses and
//! validates them (`check`) and derives values from the service's own URL (`address`); it never
//! decides flow: the steps of each kind are the core's ([`Kind::route`]).

mod address;
mod check;

use serde::Deserialize;

pub use address::{BaseUrl, base_url, fill};
pub use check::ProfileError;

use crate::core::step::Step;

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

/// How a service reaches the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An SSH private key whose public half is a Bitbucket access key.
    SshAccessKey,
    /// A Bitbucket OAuth consumer (key and secret).
    OauthConsumer,
    /// A repository access token, and a webhook with a secret that tells the service of pushes.
    AccessTokenWebhook,
}

/// The steps of one kind of service, in order: the welcome screen is step 0.
const SSH_ROUTE: &[Step] = &[
    Step::Welcome,
    Step::Service,
    Step::KeyPair,
    Step::PublicKey,
    Step::CloneUrl,
    Step::PrivateKey,
    Step::Test,
    Step::Done,
];
const OAUTH_ROUTE: &[Step] = &[
    Step::Welcome,
    Step::Service,
    Step::ServiceUrl,
    Step::OauthConsumer,
    Step::Done,
];
const HOOK_ROUTE: &[Step] = &[
    Step::Welcome,
    Step::Service,
    Step::ServiceUrl,
    Step::AccessToken,
    Step::Webhook,
    Step::Done,
];

impl Kind {
    /// The wizard's steps for this kind.
    pub fn route(self) -> crate::core::step::Route {
        crate::core::step::Route::new(match self {
            Kind::SshAccessKey => SSH_ROUTE,
            Kind::OauthConsumer => OAUTH_ROUTE,
            Kind::AccessTokenWebhook => HOOK_ROUTE,
        })
    }
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
    /// A value derived from the service's URL (named by `derived`).
    Derived,
    /// The OAuth consumer's key.
    ConsumerKey,
    /// The OAuth consumer's secret.
    ConsumerSecret,
    /// The repository access token.
    AccessToken,
    /// The webhook's secret.
    WebhookSecret,
}

impl PasteValue {
    /// The kind of service this value belongs to.
    pub fn kind(self) -> Kind {
        match self {
            PasteValue::CloneUrl | PasteValue::PrivateKey | PasteValue::SshHost => {
                Kind::SshAccessKey
            }
            // A derived value belongs to any kind with a service URL (checked apart).
            PasteValue::ConsumerKey | PasteValue::ConsumerSecret | PasteValue::Derived => {
                Kind::OauthConsumer
            }
            PasteValue::AccessToken | PasteValue::WebhookSecret => Kind::AccessTokenWebhook,
        }
    }
}

/// One field in the service's settings and where to find it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paste {
    /// The field's name in the service.
    pub label: String,
    /// What goes into it.
    pub value: PasteValue,
    /// The derived value's id, for `value = "derived"`.
    #[serde(default)]
    pub derived: Option<String>,
    /// The navigation path to the field.
    pub place: String,
}

/// What the service does once the values are saved.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Next {
    /// One or two sentences from the service's guide.
    pub text: String,
}

/// The service's own URL, asked for first (OAuth and webhook services).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The field's label.
    pub label: String,
    /// An example value.
    pub example: String,
    /// One sentence on which address it is.
    pub help: String,
}

/// A value made from the service's URL (`{base}` in `template`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// Stable id (pastes refer to it).
    pub id: String,
    /// Its name.
    pub label: String,
    /// `{base}` followed by a path.
    pub template: String,
    /// Where it goes.
    pub place: String,
}

/// Where and how to create the OAuth consumer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consumer {
    /// The navigation path in Bitbucket today.
    pub place: String,
    /// The page, with `{workspace}`.
    pub link: String,
    /// Why the guide's own link is not used.
    pub outdated: String,
    /// The consumer's name.
    pub name: String,
    /// Why to tick "This is a private consumer".
    pub private: String,
    /// The environment variable the commands read the secret from.
    pub secret_env: String,
}

/// One way the service uses the consumer, with its permissions and commands.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mode {
    /// Stable id (`--mode`).
    pub id: String,
    /// Its name in a list.
    pub label: String,
    /// The permissions to tick, in the consumer form's words.
    pub permissions: String,
    /// The same as Bitbucket's scope names.
    pub scopes: Vec<String>,
    /// The commands to run in the service, `{key}` and `{base}` filled in; the secret only
    /// ever as the environment variable.
    pub commands: Vec<String>,
    /// A sentence about the commands.
    #[serde(default)]
    pub note: Option<String>,
    /// What users can do once it is set up, when it is not the service's `[next]` (a mode
    /// without sign-in must not promise it).
    #[serde(default)]
    pub next: Option<String>,
}

/// How to create the access token.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenGuide {
    /// The token's name.
    pub name: String,
    /// The permissions to tick, in Bitbucket's words.
    pub permissions: String,
    /// The same as Bitbucket's scope names.
    pub scopes: Vec<String>,
    /// The steps on Bitbucket Cloud.
    pub cloud: Vec<String>,
    /// The steps on Data Center.
    pub data_center: Vec<String>,
    /// What a project or workspace token means here.
    pub wider: String,
}

/// The webhook to create.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSpec {
    /// The derived value that is the webhook's URL.
    pub url: String,
    /// Its title in Bitbucket.
    pub title: String,
    /// Why one secret for every repository.
    pub shared_secret: String,
    /// The manual steps on Cloud.
    pub manual_cloud: String,
    /// The manual steps on Data Center.
    pub manual_data_center: String,
    /// Where deliveries are seen on Cloud.
    pub deliveries_cloud: String,
    /// Where deliveries are seen on Data Center.
    pub deliveries_data_center: String,
}

/// What the build needs, for services whose builds may fetch other private repositories:
/// an access key (one repository) or a user key (an SSH key on a Bitbucket account).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyChoice {
    /// The question.
    pub question: String,
    /// The access key option, and its trade-off in a sentence.
    pub access: String,
    /// The user key option, and its trade-off in a sentence.
    pub user: String,
    /// Which key the service tries first when it has both.
    pub preferred: String,
    /// Where a user key goes in Bitbucket.
    pub user_bitbucket: String,
    /// Where a user key goes in the service.
    pub user_service: String,
}

/// A section of a service's checklist (key rotation, renames), from its guide.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// The section's title.
    pub title: String,
    /// The steps, in order.
    pub items: Vec<String>,
}

/// A service bblink can connect a repository to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceProfile {
    /// Stable id, used in state files and labels.
    pub id: String,
    /// Place in the menu (lower first).
    pub order: u32,
    /// Display name (in lists).
    pub name: String,
    /// How sentences name it, when not by its name (`the service`).
    #[serde(default)]
    pub called: Option<String>,
    /// How it connects.
    pub kind: Kind,
    /// One sentence on how it uses the repository.
    pub summary: String,
    /// Advice on the key type, where the service's guide has an opinion.
    #[serde(default)]
    pub key_note: Option<String>,
    /// Suggested label for the access key (or webhook) in Bitbucket.
    pub label_hint: String,
    /// The fields to fill in, in order.
    pub paste: Vec<Paste>,
    /// What happens next.
    pub next: Next,
    /// Troubleshooting catalog entries for this service.
    #[serde(default)]
    pub troubleshooting: Vec<String>,
    /// The service's own URL (OAuth and webhook kinds).
    #[serde(default)]
    pub input: Option<Input>,
    /// Values made from it.
    #[serde(default)]
    pub derived: Vec<Derived>,
    /// The OAuth consumer (OAuth kind).
    #[serde(default)]
    pub consumer: Option<Consumer>,
    /// The ways to use it (OAuth kind).
    #[serde(default)]
    pub mode: Vec<Mode>,
    /// The access token (webhook kind).
    #[serde(default)]
    pub token: Option<TokenGuide>,
    /// The webhook (webhook kind).
    #[serde(default)]
    pub webhook: Option<WebhookSpec>,
    /// Access key or user key (SSH services whose builds may fetch other repositories).
    #[serde(default)]
    pub key_choice: Option<KeyChoice>,
    /// A checklist from the service's guide (`F5`).
    #[serde(default)]
    pub checklist: Vec<Checklist>,
}

impl ServiceProfile {
    /// How a sentence names the service: "Then in Valohai", "Then in the service".
    pub fn called(&self) -> &str {
        self.called.as_deref().unwrap_or(&self.name)
    }

    /// The derived value with this id.
    pub fn derived(&self, id: &str) -> Option<&Derived> {
        self.derived.iter().find(|d| d.id == id)
    }
}

/// The bundled files, `(name, text)`, from the build script.
const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/services.rs"));

/// Every bundled profile, in menu order; the first invalid file is an error naming it.
pub fn profiles() -> Result<Vec<ServiceProfile>, ProfileError> {
    let mut all = SOURCES
        .iter()
        .map(|(file, text)| check::parse(file, text))
        .collect::<Result<Vec<_>, _>>()?;
    all.sort_by_key(|p| p.order);
    Ok(all)
}

/// The profile with this id among the bundled ones.
pub fn profile(id: &str) -> Option<ServiceProfile> {
    profiles().ok()?.into_iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests;

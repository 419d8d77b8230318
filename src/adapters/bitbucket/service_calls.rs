//! The wizard's calls for services that take no SSH key: the OAuth consumer check, the access
//! token check and the webhook, each from a token or secret the shell read from its field.

use crate::core::bitbucket::credential::not_an_access_token;
use crate::core::bitbucket::hooks::HookAction;
use crate::core::bitbucket::oauth::{Need, OauthCheck};
use crate::core::bitbucket::{ApiFailure, ApiTarget, Credential, Operation};
use crate::core::secret::Secret;
use crate::core::wizard::SecretSource;

use super::{Client, Options};

fn text(source: SecretSource) -> Secret {
    match source {
        SecretSource::Text(t) => Secret::new(t.expose().trim().to_string()),
        _ => Secret::new(String::new()),
    }
}

/// Checks a consumer's key and secret for the mode's scopes.
pub async fn consumer(
    token_url: &str,
    key: &str,
    secret: SecretSource,
    scopes: Vec<String>,
    options: Options,
) -> Result<OauthCheck, ApiFailure> {
    let secret = text(secret);
    // The permissions' words are the screen's; the check needs only the scopes.
    let need = Need {
        permissions: scopes.join(", "),
        scopes,
    };
    let mut result = super::check_consumer(token_url, key, &secret, &need, options).await;
    if let Err(f) = &mut result {
        f.scrub(secret.expose());
    }
    result
}

/// The client for a repository access token (Bearer); an API token or app password is refused
/// before anything is sent.
fn token_client(
    target: ApiTarget,
    token: SecretSource,
    options: Options,
) -> Result<Client, ApiFailure> {
    let token = text(token);
    if let Some(f) = not_an_access_token(&token, target.flavor) {
        return Err(f);
    }
    let credential = Credential { email: None, token };
    if let Some(f) = credential.refuse(target.flavor, Operation::Webhook) {
        return Err(f);
    }
    Client::new(target, credential, options)
}

/// What the token proves on the repository: its scopes when Bitbucket reports them, else
/// whether it lists the webhooks.
pub async fn token(
    target: ApiTarget,
    token: SecretSource,
    options: Options,
) -> Result<crate::core::bitbucket::scopes::TokenFacts, ApiFailure> {
    token_client(target, token, options)?.token_facts().await
}

/// Creates the push webhook, or updates the one with this URL, with this secret.
pub async fn hook(
    target: ApiTarget,
    token: SecretSource,
    (hook_url, title): (String, String),
    secret: SecretSource,
    options: Options,
) -> Result<(HookAction, String), ApiFailure> {
    let secret = text(secret);
    if secret.expose().is_empty() {
        return Err(ApiFailure::new(
            crate::core::bitbucket::ApiFindingId::ApiServerError,
            "no webhook secret".into(),
            "Make one with g, or paste the service's.".into(),
        ));
    }
    let client = token_client(target, token, options)?;
    let (action, id, _) = client
        .save_hook(&hook_url, &title, Some(&secret))
        .await
        .map_err(|mut f| {
            f.scrub(secret.expose());
            f
        })?;
    Ok((action, id))
}

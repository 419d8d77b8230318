//! The text areas of the service URL, OAuth consumer, access token and webhook steps: the
//! service URL and consumer key in the clear, the repository URL with no history (it may hold a
//! token), the consumer secret, access token and webhook secret masked, kept nowhere else.

use ratatui_textarea::TextArea;

use super::fields::{passphrase_area, secret_area};
use crate::core::wizard::Field;

/// The fields of the steps of services that take no SSH key.
pub struct ServiceFields {
    /// The service's URL.
    pub service_url: TextArea<'static>,
    /// The OAuth consumer's key.
    pub oauth_key: TextArea<'static>,
    /// The OAuth consumer's secret, masked.
    pub oauth_secret: TextArea<'static>,
    /// The repository's clone URL (no history: it may hold a token).
    pub hook_repo: TextArea<'static>,
    /// The repository access token, masked.
    pub hook_token: TextArea<'static>,
    /// The webhook secret, masked.
    pub hook_secret: TextArea<'static>,
}

impl Default for ServiceFields {
    fn default() -> Self {
        Self {
            service_url: TextArea::default(),
            oauth_key: secret_area(Vec::new()),
            oauth_secret: passphrase_area(),
            hook_repo: secret_area(Vec::new()),
            hook_token: passphrase_area(),
            hook_secret: passphrase_area(),
        }
    }
}

impl ServiceFields {
    /// The area of a field of these steps, to draw.
    pub fn area(&self, field: Field) -> Option<&TextArea<'static>> {
        Some(match field {
            Field::ServiceUrl => &self.service_url,
            Field::OauthKey => &self.oauth_key,
            Field::OauthSecret => &self.oauth_secret,
            Field::HookRepo => &self.hook_repo,
            Field::HookToken => &self.hook_token,
            Field::HookSecret => &self.hook_secret,
            _ => return None,
        })
    }
}

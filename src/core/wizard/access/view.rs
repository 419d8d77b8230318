//! What the access-key screens show.

use crate::core::bitbucket::access_keys::AccessKey;
use crate::core::bitbucket::credential::api_token_scope_list;
use crate::core::bitbucket::failure::Operation;
use crate::core::bitbucket::{ApiFlavor, ApiTarget};
use crate::core::wizard::msg::Field;

use super::{AccessPanel, Phase, Purpose};

/// The access-key screens' view.
#[derive(Debug, Clone)]
pub struct AccessView<'a> {
    /// Add the key in use, or manage the repository's keys.
    pub purpose: Purpose,
    /// Where the panel is.
    pub phase: &'a Phase,
    /// The focused field (the form).
    pub focus: Option<Field>,
    /// The repository, once the URL field names one.
    pub target: Option<&'a ApiTarget>,
    /// Why the URL field does not name a repository.
    pub target_error: Option<&'a str>,
    /// The credential to give, in a sentence.
    pub credential: String,
    /// Why it is needed and what to tick.
    pub scope: String,
    /// Where to create it.
    pub create_at: String,
    /// The repository's keys (the Keys phase).
    pub keys: &'a [AccessKey],
    /// More keys exist than were read.
    pub truncated: bool,
    /// Says how many entries of the answer were not keys bblink could read.
    pub unread: Option<String>,
    /// The chosen key.
    pub selected: usize,
    /// The key to add: its fingerprint and label.
    pub adding: Option<(String, String)>,
    /// The service has a checklist (rotation, renames) that `F5` opens.
    pub checklist: bool,
}

impl AccessPanel {
    /// The screen's view; `adding` is the key in use (fingerprint, label).
    pub fn view(&self, adding: Option<(String, String)>) -> AccessView<'_> {
        let target = self.target.as_ref().and_then(|t| t.as_ref().ok());
        let target_error = self
            .target
            .as_ref()
            .and_then(|t| t.as_ref().err())
            .map(String::as_str);
        let cloud = target.is_none_or(|t| t.flavor == ApiFlavor::Cloud);
        let (credential, scope, create_at) = if cloud {
            (
                "your Atlassian account email and an API token (Bitbucket Cloud)".to_string(),
                format!(
                    "Bitbucket lets only a user's credential add access keys. Create \"API token with scopes\", app Bitbucket, scopes {}. Repository access tokens cannot add keys; app passwords no longer work.",
                    api_token_scope_list(match self.purpose {
                        // Adding reads the list first; managing also removes and rotates.
                        super::Purpose::Add => &[Operation::List, Operation::Add],
                        super::Purpose::Manage => {
                            &[Operation::List, Operation::Add, Operation::Remove]
                        }
                    })
                ),
                target.map_or_else(
                    || "https://id.atlassian.com/manage-profile/security/api-tokens".to_string(),
                    ApiTarget::credential_page,
                ),
            )
        } else {
            (
                "an HTTP access token (Bitbucket Data Center; leave the email empty)".to_string(),
                "The token needs Repository admin (or Project admin) permission to manage access keys.".to_string(),
                target.map_or_else(String::new, ApiTarget::credential_page),
            )
        };
        AccessView {
            purpose: self.purpose,
            phase: &self.phase,
            focus: self.focused_field(),
            target,
            target_error,
            credential,
            scope,
            create_at,
            keys: &self.keys,
            truncated: self.truncated,
            unread: crate::core::bitbucket::access_keys::unread_note(self.unread),
            selected: self.selected.min(self.keys.len().saturating_sub(1)),
            checklist: false,
            adding,
        }
    }
}

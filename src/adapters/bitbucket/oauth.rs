//! The OAuth consumer check against Bitbucket's token endpoint (client-credentials grant).

use crate::core::bitbucket::oauth::{self, Need, OauthCheck};
use crate::core::bitbucket::target::{ApiFlavor, ApiTarget, parse_api_url};
use crate::core::bitbucket::{ApiFailure, TargetError};
use crate::core::secret::Secret;

use super::Options;
use super::http::Http;

/// Checks `key` and `secret` at `token_url` for what the mode `need`s.
pub async fn check_consumer(
    token_url: &str,
    key: &str,
    secret: &Secret,
    need: &Need,
    options: Options,
) -> Result<OauthCheck, ApiFailure> {
    let url = parse_api_url(token_url).map_err(|e: TargetError| {
        ApiFailure::new(
            crate::core::bitbucket::ApiFindingId::ApiUnreachable,
            e.to_string(),
            e.fix().to_string(),
        )
    })?;
    // The transport diagnosis needs a target: the token endpoint's server.
    let target = ApiTarget {
        flavor: ApiFlavor::Cloud,
        base: url.clone(),
        owner: String::new(),
        repo: String::new(),
        ssh_url: None,
    };
    let http = Http::new(&target, options)?;
    let reply = http
        .post_form(
            &url,
            (key.trim(), secret.expose().trim()),
            "grant_type=client_credentials",
        )
        .await?;
    Ok(oauth::judge(reply.status, &reply.body, need))
}

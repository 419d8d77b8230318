//! One call of the wizard's access-key screens, run to its outcome.

use crate::core::bitbucket::access_keys::{self, DEFAULT_MAX_AGE_DAYS};
use crate::core::bitbucket::outcome::ApiOutcome;
use crate::core::bitbucket::{Credential, Operation};
use crate::core::secret::Secret;
use crate::core::wizard::{ApiCall, ApiOp, SecretSource};

use super::{Client, Options, Progress};

/// Runs `call`; `on` hears each stage, `progress` each wait.
pub async fn run_call(
    call: ApiCall,
    on: &mut (dyn FnMut(String) + Send),
    progress: Progress,
) -> ApiOutcome {
    let token = match call.token {
        SecretSource::Text(t) => t,
        _ => Secret::new(String::new()),
    };
    let credential = Credential {
        email: call.email,
        token,
    };
    let op = match &call.op {
        ApiOp::List { .. } => Operation::List,
        ApiOp::Remove(_) => Operation::Remove,
        ApiOp::Add { .. } | ApiOp::Rotate { .. } => Operation::Add,
    };
    if let Some(f) = credential.refuse(call.target.flavor, op) {
        return ApiOutcome::Failed(f);
    }
    let options = Options {
        ca_file: call.ca_file,
        progress: Some(progress),
        ..Options::default()
    };
    let client = match Client::new(call.target, credential, options) {
        Ok(c) => c,
        Err(f) => return ApiOutcome::Failed(f),
    };
    match call.op {
        ApiOp::Add {
            public_line,
            fingerprint,
            label,
        } => match client.add(&public_line, &fingerprint, &label, on).await {
            Ok(a) => ApiOutcome::Added(a),
            Err(f) => ApiOutcome::Failed(f),
        },
        ApiOp::List { this } => {
            on(format!(
                "Reading the access keys of {}…",
                client.target().full_name()
            ));
            match client.list().await {
                Ok(mut found) => {
                    let now = time::OffsetDateTime::now_utc();
                    access_keys::review(
                        &mut found.keys,
                        now,
                        DEFAULT_MAX_AGE_DAYS,
                        this.as_deref(),
                    );
                    ApiOutcome::Listed {
                        keys: found.keys,
                        truncated: found.cut.is_some(),
                        unread: found.unread,
                    }
                }
                Err(f) => ApiOutcome::Failed(f),
            }
        }
        ApiOp::Remove(key) => {
            on(format!("Removing \"{}\"…", key.label));
            match client.delete(&key).await {
                Ok(()) => ApiOutcome::Removed(*key),
                Err(f) => ApiOutcome::Failed(f),
            }
        }
        ApiOp::Rotate {
            old,
            generate,
            test,
        } => {
            let r = super::rotate(&client, *old, *generate, test.map(|t| *t), on).await;
            ApiOutcome::Rotated(Box::new(r))
        }
    }
}

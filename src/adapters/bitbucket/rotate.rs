//! A rotation's first half: a new key pair generated and saved, added to the repository, and
//! tested with a real connection. The old key is never touched here: removing it is a separate,
//! explicit step once the service has the new private key.

use std::sync::atomic::AtomicBool;

use crate::adapters::files::Accept;
use crate::adapters::{conntest, keystore};
use crate::core::bitbucket::access_keys::AccessKey;
use crate::core::bitbucket::outcome::Rotation;
use crate::core::conntest::Request;
use crate::core::key_file::GenerateRequest;

use super::Client;

/// Generates, adds and tests the new key; `on` hears each stage.
pub async fn rotate(
    client: &Client,
    old: AccessKey,
    generate: GenerateRequest,
    test: Option<Request>,
    on: &mut (dyn FnMut(String) + Send),
) -> Rotation {
    let mut r = Rotation {
        old,
        new_key: None,
        added: None,
        test: None,
        failure: None,
    };
    let Some(test) = test else {
        r.failure = Some("the clone URL gives no SSH URL to test the new key with".into());
        return r;
    };
    on(format!(
        "Generating the new {} key…",
        generate.algorithm.display_name()
    ));
    let made = tokio::task::spawn_blocking(move || {
        keystore::generate_and_save(&generate, &AtomicBool::new(false), &|_| {})
    })
    .await;
    let key = match made {
        Ok(Ok(key)) => key,
        Ok(Err(e)) => {
            r.failure = Some(format!("the new key could not be made: {e}"));
            return r;
        }
        Err(e) => {
            r.failure = Some(format!("the new key could not be made: {e}"));
            return r;
        }
    };
    on(format!(
        "New key {} saved: {}",
        key.info.fingerprint,
        key.private_path.display()
    ));
    r.new_key = Some(key.clone());
    let label = key.info.comment.clone();
    match client
        .add(&key.info.public_line, &key.info.fingerprint, &label, on)
        .await
    {
        Ok(added) => {
            on(format!("Added as access key id {}", added.key.id));
            r.added = Some(added);
        }
        Err(f) => {
            r.failure = Some(format!("{} ({})", f.message, f.id.as_str()));
            return r;
        }
    }
    on("Testing the connection with the new key…".into());
    let private = match keystore::read_key_text(&key.private_path, Accept::Files) {
        Ok((secret, _)) => secret,
        Err(e) => {
            r.failure = Some(format!("the new key cannot be read back: {e}"));
            return r;
        }
    };
    let mut progress = |_| {};
    let outcome = conntest::run(&test, &private, &mut progress).await;
    if !outcome.ok {
        let why = outcome.failure().map_or_else(
            || "failed".to_string(),
            |f| format!("{}: {}", f.id.as_str(), f.title),
        );
        r.failure = Some(format!(
            "the connection test with the new key failed ({why})"
        ));
    }
    r.test = Some(outcome);
    r
}

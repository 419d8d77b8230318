//! Rotate: a new key generated, added and tested; the old key removed only after the test
//! passed, and only when confirmed (the service must have the new private key first).

use std::process::ExitCode;

use serde_json::{Value, json};

use crate::adapters::bitbucket::{self, Client};
use crate::adapters::dirs::{self, Dirs};
use crate::core::bitbucket::outcome::Rotation;
use crate::core::display::terminal_safe;
use crate::core::key_file::GenerateRequest;
use crate::core::secret::Secret;
use crate::core::ssh_keys::{KeyAlgorithm, KeyFormat, KeyInfo, file_safe};

use super::super::out::{Out, USAGE};
use super::super::{TestArgs, test};
use super::actions::{ask, done, selector};
use super::run::{base, failed};

/// Runs `access-key rotate`.
pub(super) async fn rotate(
    a: &super::RotateArgs,
    client: &Client,
    key: Option<KeyInfo>,
    mut out: Out,
    on: &mut (dyn FnMut(String) + Send),
) -> ExitCode {
    let target = client.target().clone();
    let mut m = base("rotate", &target);
    let Some(which) = selector(a.which.id, key.as_ref()) else {
        return out.error("usage", "give --id or --key", "", USAGE);
    };
    let old = match client.find(&which).await {
        Ok(k) => k,
        Err(f) => return failed(out, m, &f),
    };
    let Some(ssh_url) = target.ssh_url.clone() else {
        return out.error(
            "usage",
            "the clone URL gives no SSH URL to test the new key with",
            "Give the SSH clone URL.",
            USAGE,
        );
    };
    let generate = match new_key_request(a) {
        Ok(g) => g,
        Err(code) => {
            return out.error(
                "no_home",
                "cannot find bblink's data directory for the new key",
                "Give a path with --out.",
                code,
            );
        }
    };
    // The test's request as `bblink test` builds it; the new key is read once it exists.
    let targs = TestArgs {
        url: vec![ssh_url.clone()],
        repo_dir: None,
        key: generate.private_path.clone(),
        test: a.test.clone(),
        json: out.json,
    };
    let request = match test::prepare(&targs, &ssh_url, Some(Secret::new(String::new()))) {
        Ok((req, _)) => req,
        Err(f) => return out.error(f.id, &f.message, &f.fix, f.code),
    };
    let r = bitbucket::rotate(client, old.clone(), generate, Some(request), on).await;
    record(&mut m, &r);
    if !out.json {
        progress_lines(&mut out, &r, &target.full_name());
    }
    if !r.passed() {
        let why = r.failure.clone().unwrap_or_default();
        if !out.json {
            out.line(format_args!("error: {why}"));
            out.line(format_args!(
                "  The old key \"{}\" {} was kept.",
                terminal_safe(&old.label),
                old.fingerprint
            ));
        }
        m.insert("ok".into(), json!(false));
        m.insert("old_removed".into(), json!(false));
        let finding = json!([{"id": "rotation_failed", "message": why,
            "fix": "Read the error above; the old key still works. Fix it and rotate again."}]);
        m.insert("findings".into(), finding);
        return out.finish(&Value::Object(m), 1);
    }
    let new_path = r
        .new_key
        .as_ref()
        .map(|k| k.private_path.display().to_string())
        .unwrap_or_default();
    let question = format!(
        "Put the new private key ({new_path}) in the service first. Has the service got it? Remove the old access key \"{}\" {} (id {})?",
        terminal_safe(&old.label),
        old.fingerprint,
        old.id
    );
    let removed = if a.yes || ask(question).await {
        if let Err(f) = client.delete(&old).await {
            return failed(out, m, &f);
        }
        true
    } else {
        false
    };
    if !out.json {
        if removed {
            out.line(format_args!(
                "✓ Removed the old key {} (id {})",
                old.fingerprint, old.id
            ));
        } else {
            out.line(format_args!(
                "The old key {} (id {}) was kept. Once the service has the new private key: bblink access-key remove --url {ssh_url} --id {}",
                old.fingerprint, old.id, old.id
            ));
        }
    }
    done(out, m, vec![("old_removed", json!(removed))])
}

/// Where and how the new key is made; the usage exit code when there is no data directory.
fn new_key_request(a: &super::RotateArgs) -> Result<GenerateRequest, u8> {
    let label = a
        .label
        .clone()
        .unwrap_or_else(|| format!("bblink-{}", dirs::today()));
    let (private_path, free_name) = match &a.out {
        Some(p) => (p.clone(), false),
        None => match Dirs::discover() {
            Ok(d) => (d.keys_dir().join(file_safe(&label)), true),
            Err(_) => return Err(USAGE),
        },
    };
    Ok(GenerateRequest {
        algorithm: KeyAlgorithm::Ed25519,
        format: KeyFormat::Openssh,
        comment: label,
        private_path,
        overwrite: false,
        allow_in_repo: false,
        free_name,
    })
}

/// What the rotation did, for the JSON.
fn record(m: &mut serde_json::Map<String, Value>, r: &Rotation) {
    m.insert("old_key".into(), json!(r.old));
    let new_key = r.new_key.as_ref().map(|k| {
        json!({
            "private_key": k.private_path, "public_key": k.public_path,
            "algorithm": k.info.algorithm, "fingerprint": k.info.fingerprint,
        })
    });
    m.insert("new_key".into(), json!(new_key));
    m.insert("added".into(), json!(r.added));
    m.insert("test".into(), json!(r.test));
}

fn progress_lines(out: &mut Out, r: &Rotation, repo: &str) {
    if let Some(k) = &r.new_key {
        out.line(format_args!(
            "✓ New key {} saved: {}",
            k.info.fingerprint,
            k.private_path.display()
        ));
    }
    if let Some(added) = &r.added {
        out.line(format_args!(
            "✓ Added to {repo} as \"{}\" (id {})",
            terminal_safe(&added.key.label),
            added.key.id
        ));
    }
    if let Some(t) = &r.test {
        let (mark, word) = if t.ok {
            ("✓", "passed")
        } else {
            ("✗", "failed")
        };
        out.line(format_args!(
            "{mark} Connection test with the new key: {word}"
        ));
    }
}

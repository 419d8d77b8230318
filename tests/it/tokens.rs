//! `bblink oauth-consumer check` and `bblink access-token check` against the API emulator.

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::bbapi::{self, ACCESS_TOKEN, CONSUMERS, GOOD, HUB_NO_WEBHOOK, HUB_TOKEN};
use crate::support::{bblink_bin, run};

fn json(cmd: &mut Command, secrets: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(cmd.stdin(Stdio::null()));
    for s in secrets {
        assert!(
            !out.contains(s) && !err.contains(s),
            "a secret leaked: {out} {err}"
        );
    }
    assert!(
        !out.contains("emulator-access-token"),
        "the consumer's access token is never kept"
    );
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}")),
    )
}

fn consumer(url: &str, mode: &str, (key, secret): (&str, &str)) -> (i32, Value) {
    let mut cmd = Command::new(bblink_bin());
    cmd.args([
        "oauth-consumer",
        "check",
        "--json",
        "--mode",
        mode,
        "--token-url",
        url,
    ])
    .env("BBLINK_OAUTH_KEY", key)
    .env("BBLINK_OAUTH_SECRET", secret);
    json(&mut cmd, &[secret])
}

#[test]
fn an_oauth_consumer_is_told_valid_not_private_wrong_or_short_of_scopes() {
    let api = bbapi::start();
    let url = format!("http://{}/site/oauth2/access_token", api.addr);
    let (private, narrow, public) = (CONSUMERS[0], CONSUMERS[1], CONSUMERS[2]);
    let (code, v) = consumer(&url, "default", (private.0, private.1));
    assert_eq!(code, 0, "{v}");
    assert_eq!(
        (v["private"].clone(), v["missing_scopes"].clone()),
        (Value::Bool(true), serde_json::json!([]))
    );
    let (code, v) = consumer(&url, "sync", (narrow.0, narrow.1));
    assert_eq!(code, 1, "{v}");
    assert_eq!(
        v["missing_scopes"],
        serde_json::json!(["repository", "webhook"])
    );
    assert_eq!(v["findings"][0]["id"], "oauth_scope_missing");
    let (code, v) = consumer(&url, "login", (narrow.0, narrow.1));
    assert_eq!(
        (code, &v["missing_scopes"]),
        (1, &serde_json::json!(["email"]))
    );
    let (code, v) = consumer(&url, "default", (public.0, public.1));
    assert_eq!(code, 0, "valid, with a warning: {v}");
    assert_eq!(v["private"], false);
    assert_eq!(
        (
            v["findings"][0]["id"].clone(),
            v["findings"][0]["severity"].clone()
        ),
        ("oauth_consumer_not_private".into(), "warning".into())
    );
    let (code, v) = consumer(&url, "default", (private.0, "wrong-secret-value"));
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "oauth_credentials_invalid".into()),
        "{v}"
    );
    // Plain http off this machine is refused before any connection.
    let (code, v) = consumer(
        "http://bitbucket.org/site/oauth2/access_token",
        "default",
        (private.0, private.1),
    );
    assert_eq!(code, 1, "{v}");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("plain http"),
        "{v}"
    );
}

fn token(api: &bbapi::Running, token: &str) -> (i32, Value) {
    let mut cmd = Command::new(bblink_bin());
    cmd.args([
        "access-token",
        "check",
        "--json",
        "--url",
        "git@bitbucket.org:team/app.git",
        "--api-url",
        &api.cloud_url(),
    ])
    .env("BBLINK_BITBUCKET_TOKEN", token)
    .env_remove("BBLINK_BITBUCKET_EMAIL");
    json(&mut cmd, &[token])
}

#[test]
fn a_repository_access_token_needs_repository_and_webhook() {
    let api = bbapi::start();
    let (code, v) = token(&api, HUB_TOKEN);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["scopes"], serde_json::json!(["repository", "webhook"]));
    let (code, v) = token(&api, HUB_NO_WEBHOOK);
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "api_scope_missing".into()),
        "{v}"
    );
    assert_eq!(v["missing_scopes"], serde_json::json!(["webhook"]));
    let (_, v) = token(&api, ACCESS_TOKEN);
    assert_eq!(
        v["missing_scopes"],
        serde_json::json!(["repository", "webhook"]),
        "admin does not include read"
    );
    let before = api.seen().len();
    let (code, v) = token(&api, GOOD);
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "api_credential_invalid".into())
    );
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("API token"),
        "{v}"
    );
    assert_eq!(api.seen().len(), before, "told before any request");
    let (code, v) = token(&api, "ATCTT3xFfGN0-revoked");
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "api_credential_invalid".into()),
        "{v}"
    );
}

fn create(api: &bbapi::Running, token: &str, extra: &[&str], secret: Option<&str>) -> (i32, Value) {
    let mut cmd = Command::new(bblink_bin());
    cmd.args([
        "webhook",
        "create",
        "--json",
        "--url",
        "git@bitbucket.org:team/app.git",
        "--api-url",
        &api.cloud_url(),
        "--hook-url",
        "https://hub.example.com/gateway/public/sync",
    ])
    .args(extra)
    .env("BBLINK_BITBUCKET_TOKEN", token)
    .env_remove("BBLINK_BITBUCKET_EMAIL");
    if let Some(s) = secret {
        cmd.env("HUB_SECRET", s);
    }
    let mut secrets = vec![token];
    secrets.extend(secret);
    json(&mut cmd, &secrets)
}

#[test]
fn the_push_webhook_is_created_once_updated_after_and_its_deliveries_verify() {
    let api = bbapi::start();
    let secret = "hub-shared-secret-7QeR2nW9xLp4Zt6";
    let (code, v) = create(
        &api,
        HUB_TOKEN,
        &["--secret-env", "HUB_SECRET"],
        Some(secret),
    );
    assert_eq!((code, v["action"].clone()), (0, "created".into()), "{v}");
    assert!(v.get("secret").is_none(), "a given secret is never echoed");
    let (code, v) = create(
        &api,
        HUB_TOKEN,
        &["--secret-env", "HUB_SECRET"],
        Some(secret),
    );
    assert_eq!(
        (code, v["action"].clone()),
        (0, "updated".into()),
        "same URL: updated, not duplicated"
    );
    let (_, v) = create(&api, HUB_TOKEN, &[], None);
    assert_eq!(
        v["action"], "unchanged",
        "a hook with a secret keeps it: {v}"
    );
    assert_eq!(api.with(|i| i.hooks.len()), 1);
    // A delivery the emulator signs with the hook's secret passes; one byte changed fails.
    let dir = tempfile::tempdir().expect("tmp");
    let delivery = api.delivery("team/app");
    let verify = |bytes: &[u8]| {
        let file = dir.path().join("capture");
        std::fs::write(&file, bytes).expect("capture");
        let mut cmd = Command::new(bblink_bin());
        cmd.args(["webhook", "verify", "--json", "--secret-env", "HUB_SECRET"])
            .arg(&file)
            .env("HUB_SECRET", secret);
        json(&mut cmd, &[secret])
    };
    assert_eq!(verify(&delivery).0, 0);
    let mut changed = delivery.clone();
    let last = changed.len() - 2;
    changed[last] ^= 1;
    let (code, v) = verify(&changed);
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "webhook_signature_mismatch".into())
    );
}

#[test]
fn a_generated_secret_is_strong_shown_once_and_a_token_without_webhook_is_diagnosed() {
    let api = bbapi::start();
    let (code, v) = create(&api, HUB_TOKEN, &["--show-secret"], None);
    assert_eq!(code, 0, "{v}");
    let secret = v["secret"].as_str().expect("shown on request").to_string();
    assert!(
        secret.len() >= 32 && secret.chars().all(|c| c.is_ascii_alphanumeric()),
        "{secret}"
    );
    assert_eq!(
        api.with(|i| i.hooks[0].4.clone()),
        Some(secret.clone()),
        "the hook has it"
    );
    let (_, again) = create(&api, HUB_TOKEN, &["--show-secret"], None);
    assert!(again.get("secret").is_none(), "kept, not replaced: {again}");
    let (code, v) = create(&api, HUB_NO_WEBHOOK, &[], None);
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "api_scope_missing".into()),
        "{v}"
    );
    assert_eq!(v["findings"][0]["required"], serde_json::json!(["webhook"]));
}

#[test]
fn a_data_center_webhook_is_created_updated_and_refused_to_a_reader() {
    let api = bbapi::start();
    let dc = |token: &str| {
        let mut cmd = Command::new(bblink_bin());
        cmd.args([
            "webhook",
            "create",
            "--json",
            "--url",
            "ssh://git@bitbucket.acme.com:7999/PROJ/repo.git",
            "--api-url",
            &api.dc_url(),
            "--hook-url",
            "https://hub.example.com/gateway/public/sync",
            "--secret-env",
            "HUB_SECRET",
        ])
        .env("BBLINK_BITBUCKET_TOKEN", token)
        .env("HUB_SECRET", "dc-hub-secret-4Jk9Qw2Er7Ty1Ui0")
        .env_remove("BBLINK_BITBUCKET_EMAIL");
        json(&mut cmd, &[token, "dc-hub-secret-4Jk9Qw2Er7Ty1Ui0"])
    };
    let (code, v) = dc(bbapi::DC_ADMIN);
    assert_eq!((code, v["action"].clone()), (0, "created".into()), "{v}");
    let (code, v) = dc(bbapi::DC_ADMIN);
    assert_eq!((code, v["action"].clone()), (0, "updated".into()), "{v}");
    let hooks = api.with(|i| i.hooks.clone());
    assert_eq!(hooks.len(), 1, "same URL: not duplicated");
    assert_eq!(
        hooks[0].4.as_deref(),
        Some("dc-hub-secret-4Jk9Qw2Er7Ty1Ui0")
    );
    let posted = api
        .seen()
        .iter()
        .any(|s| s.method == "POST" && s.uri == "/rest/api/1.0/projects/PROJ/repos/repo/webhooks");
    assert!(posted, "Data Center's webhook API");
    // A token that only reads the repository may not manage webhooks.
    let (code, v) = dc(bbapi::DC_READ);
    assert_eq!(code, 1, "{v}");
    assert_eq!(api.with(|i| i.hooks.len()), 1);
}

#[test]
fn oauth_answers_are_read_by_error_and_description_together_under_either_belief() {
    let api = bbapi::start();
    let url = format!("http://{}/site/oauth2/access_token", api.addr);
    let (private, public) = (CONSUMERS[0], CONSUMERS[2]);
    for rfc in [false, true] {
        api.with(|i| i.beliefs.oauth_rfc_errors = rfc);
        // A wrong secret is never "valid but not private".
        let (code, v) = consumer(&url, "default", (private.0, "wrong-secret-value-123"));
        assert_eq!(code, 1, "rfc {rfc}: {v}");
        assert_eq!(v["ok"], false, "{v}");
        assert_eq!(v["findings"][0]["id"], "oauth_credentials_invalid", "{v}");
    }
    api.with(|i| i.beliefs.oauth_rfc_errors = false);
    let (code, v) = consumer(&url, "default", (public.0, public.1));
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (0, "oauth_consumer_not_private".into()),
        "{v}"
    );
    let (code, v) = consumer(&url, "default", bbapi::NO_CALLBACK);
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "oauth_callback_missing".into()),
        "{v}"
    );
    // An answer nobody documented: shown as it came, not guessed.
    api.with(|i| i.beliefs.oauth_unknown = true);
    let (code, v) = consumer(&url, "default", (private.0, private.1));
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "oauth_unexpected_answer".into()),
        "{v}"
    );
    let message = v["findings"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("temporarily_unavailable") && message.contains("maintenance"),
        "{message}"
    );
}

#[test]
fn a_token_whose_scopes_bitbucket_does_not_report_is_unconfirmed_never_ok() {
    let api = bbapi::start();
    api.with(|i| i.beliefs.scopes_header = false);
    let (code, v) = token(&api, HUB_TOKEN);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["ok"], false, "{v}");
    assert_eq!(v["scopes"], Value::Null, "{v}");
    assert_eq!(
        v["proven"],
        serde_json::json!(["reads the repository", "lists its webhooks"]),
        "{v}"
    );
    assert_eq!(
        v["unconfirmed"],
        serde_json::json!(["creates or updates a webhook"]),
        "{v}"
    );
    assert_eq!(v["findings"][0]["id"], "api_scopes_unconfirmed", "{v}");
    // Without the webhook scope, listing the webhooks fails: less is proven.
    let (_, v) = token(&api, HUB_NO_WEBHOOK);
    assert_eq!(
        v["proven"],
        serde_json::json!(["reads the repository"]),
        "{v}"
    );
    // With the header, the scopes decide.
    api.with(|i| i.beliefs.scopes_header = true);
    let (code, v) = token(&api, HUB_TOKEN);
    assert_eq!((code, v["ok"].clone()), (0, Value::Bool(true)), "{v}");
}

#[test]
fn what_the_published_api_would_refuse_is_refused_before_any_request() {
    let api = bbapi::start();
    let long = "s".repeat(129);
    let (code, v) = create(
        &api,
        HUB_TOKEN,
        &["--secret-env", "HUB_SECRET"],
        Some(&long),
    );
    assert_eq!(
        (code, v["findings"][0]["id"].clone()),
        (1, "webhook_value_invalid".into()),
        "{v}"
    );
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("129 characters"),
        "{v}"
    );
    assert!(api.seen().is_empty(), "nothing was sent: {:?}", api.seen());
    // 128 characters is Bitbucket's limit, and passes.
    let (code, v) = create(
        &api,
        HUB_TOKEN,
        &["--secret-env", "HUB_SECRET"],
        Some(&"s".repeat(128)),
    );
    assert_eq!(code, 0, "{v}");
}

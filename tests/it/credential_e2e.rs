//! The OAuth consumer and access token + webhook services end to end: the release binary in a
//! real terminal (tmux) against the Bitbucket emulator on 127.0.0.1. Planted secrets are
//! proven absent from the screen and the files bblink writes.

use std::process::Command;

use crate::bbapi::{self, CONSUMERS, HUB_NO_WEBHOOK, HUB_TOKEN};
use crate::support::{bblink_bin, run};
use crate::tmux::Tmux;

/// Every file under bblink's data and state directories, as text.
fn files_text(t: &Tmux) -> String {
    let mut all = String::new();
    for dir in [t.data_dir(), t.state_dir()] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                all.push_str(&text);
            }
        }
    }
    all
}

fn choose(t: &Tmux, name: &str) {
    t.wait_for("the welcome screen", |s| s.contains("Press Enter to start"));
    t.keys(&["Enter"]);
    t.wait_for("the service step", |s| s.contains("Service"));
    for _ in 0..6 {
        if t.screen().contains(&format!("● {name}")) {
            return;
        }
        let before = t.screen();
        t.keys(&["Down"]);
        t.wait_until("the choice moved", |t| t.screen() != before);
    }
    panic!("no {name} on the service list:\n{}", t.screen());
}

#[test]
fn gemnasium_from_its_url_to_its_commands() {
    let api = bbapi::start();
    let (key, secret, _) = CONSUMERS[0];
    let (_, wrong, _) = CONSUMERS[1];
    let t = Tmux::start();
    t.type_line(&format!(
        "{} --token-url {}/site/oauth2/access_token",
        bblink_bin().display(),
        api.dc_url()
    ));
    choose(&t, "Gemnasium Enterprise");
    t.keys(&["Enter"]);
    t.wait_for("the service URL step", |s| {
        s.contains("Step 2 of 4 · Service URL")
    });
    t.paste("https://gemnasium.example.com/");
    t.wait_for("the callback URL", |s| {
        s.contains("https://gemnasium.example.com/auth/auth/bitbucket.org")
    });
    t.keys(&["Enter"]);
    t.wait_for("the consumer step", |s| {
        s.contains("Step 3 of 4 · OAuth consumer")
    });
    // The key field has the focus on arrival.
    t.paste(key);
    t.keys(&["Tab"]);
    t.paste(wrong);
    t.wait_for("the secret masked", |s| s.contains("▸ Secret •"));
    t.keys(&["Enter"]);
    let s = t.wait_for("the wrong secret refused", |s| {
        s.contains("oauth_credentials_invalid")
    });
    assert!(!s.contains(wrong), "{s}");
    // Typed key by key this time, into the same masked field (a paste replaced it before).
    t.keys(&["C-u"]);
    let (code, _, err) = t.tmux(&["send-keys", "-t", "t", "-l", secret]);
    assert_eq!(code, 0, "{err}");
    let typed = format!("▸ Secret {}", "•".repeat(secret.len()));
    t.wait_for("the secret typed", |s| s.lines().any(|l| l.trim() == typed));
    t.keys(&["Enter"]);
    let s = t.wait_for("the pair checked", |s| {
        s.contains("Key and secret valid; the consumer's scopes")
    });
    assert!(!s.contains(secret), "{s}");
    t.keys(&["Enter"]);
    let s = t.wait_for("the done screen", |s| {
        s.contains("Step 4 of 4 · Done") && s.contains("docker exec -it gemnasium configure")
    });
    assert!(!s.contains(secret), "{s}");
    let seen = api.seen();
    assert!(seen.iter().any(|r| r.uri == "/site/oauth2/access_token"));
    t.keys(&["C-c"]);
    t.assert_restored();
    let files = files_text(&t);
    assert!(
        files.contains("gemnasium.example.com"),
        "the URL is saved to resume"
    );
    assert!(!files.contains(secret) && !files.contains(wrong), "{files}");
}

#[test]
fn the_hub_gets_a_checked_token_and_one_webhook_with_a_shared_secret() {
    let api = bbapi::start();
    let t = Tmux::start();
    t.type_line(&format!(
        "{} --api-url {}",
        bblink_bin().display(),
        api.cloud_url()
    ));
    choose(&t, "Hackolade Model Hub");
    t.keys(&["Enter"]);
    t.wait_for("the service URL step", |s| {
        s.contains("Step 2 of 5 · Service URL")
    });
    t.paste("hub.example.com");
    t.wait_for("the webhook URL", |s| {
        s.contains("https://hub.example.com/gateway/public/sync")
    });
    t.keys(&["Enter"]);
    t.wait_for("the token step", |s| {
        s.contains("Step 3 of 5 · Access token")
    });
    t.paste("git@bitbucket.org:team/app.git");
    t.wait_for("the repository", |s| {
        s.contains("team/app on Bitbucket Cloud")
    });
    t.keys(&["Tab"]);
    // Without bracketed paste: a burst of keys, taken as one paste into the masked field.
    t.paste_unbracketed(HUB_NO_WEBHOOK);
    t.wait_for("the token masked", |s| s.contains("▸ Token     •"));
    t.keys(&["Enter"]);
    t.wait_for("the missing scope", |s| s.contains("It lacks webhook"));
    t.paste(HUB_TOKEN);
    // A new token voids the verdict on the screen first.
    t.wait_for("the verdict voided", |s| {
        s.contains("Enter checks that the token reads")
    });
    t.keys(&["Enter"]);
    let s = t.wait_for("the token checked", |s| {
        s.contains("its scopes: repository, webhook")
    });
    assert!(!s.contains(HUB_TOKEN), "{s}");
    t.keys(&["Enter"]);
    t.wait_for("the webhook step", |s| s.contains("Step 4 of 5 · Webhook"));
    t.keys(&["g"]);
    t.wait_for("a new secret", |s| {
        s.contains("A new secret, 40 random characters")
    });
    t.keys(&["Enter"]);
    t.wait_for("the webhook created", |s| {
        s.contains("Created the push webhook of team/app")
    });
    let hooks = api.with(|i| i.hooks.clone());
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].2, "https://hub.example.com/gateway/public/sync");
    let secret = hooks[0].4.clone().expect("a secret");
    assert!(secret.len() >= 32 && secret.chars().all(|c| c.is_ascii_alphanumeric()));
    // The secret on screen only on request: the one Bitbucket got.
    assert!(!t.screen().contains(&secret));
    t.keys(&["s"]);
    t.wait_for("the secret shown", |s| s.contains(&secret));
    t.keys(&["s"]);
    t.wait_for("the secret hidden", |s| !s.contains(&secret));
    t.keys(&["Enter"]);
    let s = t.wait_for("the done screen", |s| s.contains("Step 5 of 5 · Done"));
    for label in ["Webhook URL", "Access token", "Webhook secret"] {
        assert!(s.contains(label), "{s}");
    }
    // A new secret later: the webhook with the same URL is updated, never duplicated.
    t.keys(&["Escape"]);
    t.wait_for("the webhook step", |s| s.contains("Step 4 of 5 · Webhook"));
    t.keys(&["g"]);
    t.wait_for("the new secret", |s| {
        s.contains("Enter creates the push webhook")
    });
    t.keys(&["Enter"]);
    t.wait_for("the webhook updated", |s| {
        s.contains("Updated the push webhook of team/app")
    });
    let hooks = api.with(|i| i.hooks.clone());
    assert_eq!(hooks.len(), 1);
    let old = secret;
    let secret = hooks[0].4.clone().expect("a secret");
    assert_ne!(secret, old);
    t.keys(&["C-c"]);
    t.assert_restored();
    let files = files_text(&t);
    assert!(
        !files.contains(HUB_TOKEN) && !files.contains(&secret) && !files.contains(&old),
        "{files}"
    );
    // A delivery Bitbucket signs with that secret verifies.
    let dir = tempfile::tempdir().expect("tmp");
    let capture = dir.path().join("delivery");
    std::fs::write(&capture, api.delivery("team/app")).expect("capture");
    let (code, out, err) = run(Command::new(bblink_bin())
        .args(["webhook", "verify", "--secret-env", "HUB_SECRET"])
        .arg(&capture)
        .env("HUB_SECRET", &secret));
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains(&secret) && !err.contains(&secret));
}

#[test]
fn a_data_center_hub_uses_its_webhook_api_from_the_wizard() {
    let api = bbapi::start();
    let t = Tmux::start();
    t.type_line(&format!(
        "{} --api-url {}",
        bblink_bin().display(),
        api.dc_url()
    ));
    choose(&t, "Hackolade Model Hub");
    t.keys(&["Enter"]);
    t.wait_for("the service URL step", |s| s.contains("Service URL"));
    t.paste("https://hub.example.com");
    t.wait_for("the webhook URL", |s| s.contains("gateway/public/sync"));
    t.keys(&["Enter"]);
    t.wait_for("the token step", |s| {
        s.contains("Step 3 of 5 · Access token")
    });
    t.paste("ssh://git@bitbucket.acme.com:7999/PROJ/repo.git");
    t.wait_for("the Data Center guide", |s| {
        s.contains("PROJ/repo on Bitbucket Data Center") && s.contains("HTTP access")
    });
    t.keys(&["Tab"]);
    t.paste(bbapi::DC_ADMIN);
    t.wait_for("the token masked", |s| s.contains("▸ Token     •"));
    t.keys(&["Enter"]);
    t.wait_for("the token checked", |s| {
        s.contains("whether it may create a webhook is")
    });
    t.keys(&["Enter"]);
    t.wait_for("the webhook step", |s| s.contains("Step 4 of 5 · Webhook"));
    t.keys(&["g"]);
    t.wait_for("a new secret", |s| s.contains("A new secret"));
    t.keys(&["Enter"]);
    let s = t.wait_for("the webhook created", |s| {
        s.contains("Created the push webhook of PROJ/repo")
    });
    assert!(!s.contains(bbapi::DC_ADMIN), "{s}");
    let hooks = api.with(|i| i.hooks.clone());
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].2, "https://hub.example.com/gateway/public/sync");
    assert!(hooks[0].4.as_ref().is_some_and(|s| s.len() == 40));
    assert!(
        api.seen()
            .iter()
            .any(|r| r.method == "POST"
                && r.uri == "/rest/api/1.0/projects/PROJ/repos/repo/webhooks")
    );
    t.keys(&["C-c"]);
    t.assert_restored();
}

#[test]
fn circleci_gets_known_hosts_lines_and_its_checklist_from_any_screen() {
    let t = Tmux::start();
    t.type_line(&bblink_bin().display().to_string());
    choose(&t, "CircleCI");
    t.keys(&["F4"]);
    t.wait_for("the known_hosts sheet", |s| {
        s.contains("known_hosts for your CI") && s.contains("● CircleCI") && s.contains("- run:")
    });
    t.keys(&["f"]);
    t.wait_for("the next format", |s| {
        s.contains("● GitHub Actions") && s.contains("run: |")
    });
    t.keys(&["Escape"]);
    t.wait_for("the sheet closed", |s| {
        !s.contains("known_hosts for your CI")
    });
    t.keys(&["F5"]);
    t.wait_for("the checklist", |s| {
        s.contains("Rotate the keys after revoking")
    });
    t.keys(&["Escape"]);
    t.wait_for("the checklist closed", |s| {
        !s.contains("Rotate the keys after revoking")
    });
    t.keys(&["C-c"]);
    t.assert_restored();
}

//! The progress file, through the real adapter, after a journey that handled every secret
//! bblink sees: it holds what resuming needs and none of the secrets.

use bblink::adapters::progress_store;
use bblink::core::keyboard::Action;
use bblink::core::wizard::{Effect, Msg, Step};
use bblink::testing::seeded_key;

use crate::support::{app_with_key, fixed_key};

#[test]
fn after_a_whole_journey_the_progress_file_holds_paths_and_the_url_only() {
    let token = "ATCTT3xFfGN0progressTok3n";
    let private = seeded_key(7, "bblink-valohai-2026-11-22");
    let mut app = app_with_key();
    let mut effects: Vec<Effect> = Vec::new();
    effects.extend(app.update(Msg::Action(Action::Jump(Step::CloneUrl))));
    effects.extend(app.on_paste(&format!(
        "git clone https://x-token-auth:{token}@bitbucket.org/team/app.git"
    )));
    effects.extend(app.update(Msg::Action(Action::Next))); // accept the repair
    effects.extend(app.update(Msg::Action(Action::Next))); // on to the private key
    effects.extend(app.on_paste(&private.private_openssh.replace('\n', "\r\n")));
    effects.extend(app.update(Msg::Action(Action::ForceQuit)));

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("state/progress.json");
    let saves: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveProgress(p) => Some(&**p),
            _ => None,
        })
        .collect();
    assert!(saves.len() >= 3, "saved along the way: {effects:?}");
    for p in &saves {
        progress_store::save(&file, p).expect("saved");
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(!text.contains(token), "{text}");
        assert!(!text.contains("PRIVATE KEY"), "{text}");
        for line in private.private_openssh.lines().skip(1) {
            assert!(!text.contains(line), "a key line in {text}");
        }
        let base64 = private.public_openssh.split(' ').nth(1).expect("base64");
        assert!(!text.contains(base64), "{text}");
    }
    let text = std::fs::read_to_string(&file).expect("read");
    let saved: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(saved["clone_url"], "git@ssh.bitbucket.org:team/app.git");
    assert_eq!(saved["step"], "private-key");
    assert_eq!(
        saved["key_path"],
        fixed_key().private_path.display().to_string()
    );
    assert_eq!(
        progress_store::load(&file).ok().flatten().as_ref(),
        saves.last().copied(),
        "what was saved is read back"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

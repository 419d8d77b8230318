//! Real transcripts collected from public issue trackers and Atlassian pages
//! (`tests/fixtures/transcripts/*.txt`, each with its `# source:`): each must give its expected
//! id as the first finding of `bblink diagnose`.

use std::path::Path;

use bblink::core::catalog::catalog;
use bblink::core::diagnosis::diagnose;

/// `(file name, source, expected id, transcript)` for every collected transcript.
pub fn transcripts() -> Vec<(String, String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transcripts");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .expect("transcripts")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let mut source = String::new();
            let mut expected = String::new();
            let mut body = String::new();
            for line in text.lines() {
                if let Some(s) = line.strip_prefix("# source: ") {
                    source = s.to_string();
                } else if let Some(e) = line.strip_prefix("# expected: ") {
                    expected = e.trim().to_string();
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, source, expected, body)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_collected_transcript_names_its_cause_first() {
    let catalog = catalog().expect("catalog");
    let all = transcripts();
    assert!(
        all.len() >= 40,
        "at least 40 real transcripts, {} found",
        all.len()
    );
    let mut wrong = Vec::new();
    for (name, source, expected, body) in &all {
        assert!(source.starts_with("http"), "{name}: a source URL");
        assert!(
            catalog.get(expected).is_some(),
            "{name}: {expected} is not a catalog id"
        );
        let found = diagnose(catalog, body);
        let first = found.first().map_or("(nothing)", |f| f.id.as_str());
        if first != expected {
            let rest: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
            wrong.push(format!("{name}: expected {expected}, got {rest:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {}:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_log_with_several_failures_names_the_first_stage_as_the_cause_and_shows_the_others() {
    let all = transcripts();
    let pick = |name: &str| {
        all.iter()
            .find(|t| t.0.starts_with(name))
            .map_or_else(|| panic!("{name}"), |t| (t.2.clone(), t.3.clone()))
    };
    // One CI job that hit three problems, one after another.
    let parts = [pick("a-06"), pick("b-17"), pick("b-06")];
    let log: String = parts.iter().map(|p| p.1.as_str()).collect();
    let found = diagnose(catalog().expect("catalog"), &log);
    let primary: Vec<&str> = found
        .iter()
        .filter(|f| f.primary)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(primary.len(), 1, "one cause: {primary:?}");
    assert_eq!(found[0].id, primary[0], "the cause comes first");
    let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
    for (expected, _) in &parts {
        assert!(ids.contains(&expected.as_str()), "{expected} in {ids:?}");
    }
    let last = found.last().map(|f| f.id.as_str());
    assert_eq!(
        last,
        Some("remote_read_failed"),
        "consequences come last: {found:?}"
    );
}

mod properties {
    use bblink::core::catalog::catalog;
    use bblink::core::diagnosis::{Diagnoser, diagnose};
    use proptest::prelude::*;

    const SECRET: &str = "Zq7SECRETvalue93";

    /// Lines of a log that carry a secret in each way a log can.
    fn leaks() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(format!(
                "fatal: Authentication failed for 'https://me:{SECRET}@bitbucket.org/w/r.git/'"
            )),
            Just(format!(
                "remote: Invalid credentials for https://x-token-auth:{SECRET}@bitbucket.org/w/r.git"
            )),
            Just(format!("> Authorization: Bearer {SECRET}")),
            Just(format!("X-Hub-Signature: sha256={SECRET}")),
            Just(format!(
                "POST /hook?token={SECRET}&x=1 -> webhook delivery failed"
            )),
            // Key material inside a key block, even with words glued to it (lines joined by
            // a paste). A line of words alone ends a key cut short, so it is read.
            Just(format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}b3BlbnNzaC1rZXktdjEAAAAA permission denied (publickey)\n-----END OPENSSH PRIVATE KEY-----"
            )),
            Just(format!(
                "{{\"type\": \"error\", \"url\": \"https:\\/\\/me:{SECRET}@bitbucket.org\\/w\\/r\"}}"
            )),
            Just(format!(
                "https://ci.example.com/cb?error=access_denied&next=https%3A%2F%2Fme%3A{SECRET}%40bitbucket.org%2Fw"
            )),
        ]
    }

    fn log() -> impl Strategy<Value = String> {
        let noise = prop_oneof![
            Just("git@ssh.bitbucket.org: Permission denied (publickey).".to_string()),
            Just("fatal: Could not read from remote repository.".to_string()),
            Just(
                "ssh: connect to host ssh.bitbucket.org port 22: Connection timed out".to_string()
            ),
            "[ -~]{0,80}",
            any::<String>(),
        ];
        proptest::collection::vec(prop_oneof![noise, leaks()], 0..30).prop_map(|v| v.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

        #[test]
        fn no_secret_reaches_a_finding(text in log()) {
            let found = diagnose(catalog().expect("catalog"), &text);
            let json = serde_json::to_string(&found).expect("json");
            prop_assert!(!json.contains(SECRET), "{}", json);
        }

        #[test]
        fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let mut d = Diagnoser::new(catalog().expect("catalog"));
            for line in bytes.split(|b| *b == b'\n') {
                d.feed(line);
            }
            let _ = d.finish();
        }
    }
}

//! The connection test step: its checklist while it runs, success, each kind of failure with
//! its fix and jump key, trusting a host key, and cancelling.

use std::time::Duration;

use bblink::core::conntest::hostkeys::HostKey;
use bblink::core::conntest::{AuthKind, FindingId, Progress, Report, StageName};
use bblink::core::keyboard::{Action, Key};
use bblink::core::wizard::{Effect, JobEvent, JobId, Msg, Step};
use bblink::testing::seeded_key;
use bblink::ui::app::App;

use super::{act, press, snap};
use crate::support::{app_on, job_of, screen_text};

const URL: &str = "git@ssh.bitbucket.org:team/app.git";
const HEAD: &str = "9f2c1e0b7a5d4c3b2a19f8e7d6c5b4a392817065";
const SERVER_KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHH6rNhRy1Uwtw8MMDoyyGn6mdZB6GDRqT0OJRUHTjZN";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn send(app: &mut App, job: JobId, event: JobEvent) -> Vec<Effect> {
    app.update(Msg::Job(job, event))
}

fn stages_passed(r: &mut Report, upto: usize) {
    let details = [
        "ssh.bitbucket.org → 104.192.141.1",
        "104.192.141.1:22 answered SSH-2.0-conker_c1f1c4e25c",
        "ED25519 SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM is a key Atlassian publishes for bitbucket.org (assumed the same for ssh.bitbucket.org)",
        "accepted as an access key of team/app; ssh ran without your ~/.ssh/config or agent",
        "2 branches; main at 9f2c1e0b7a5d",
    ];
    for (i, stage) in StageName::RUN.iter().take(upto).enumerate() {
        r.pass(*stage, ms(12 * (i as u64 + 1)), details[i]);
    }
}

/// Sends a passing test's events and result.
pub fn pass_all(app: &mut App, job: JobId, url: &str) {
    let mut r = Report::new(url);
    stages_passed(&mut r, 5);
    let o = r.outcome_mut();
    o.auth_kind = Some(AuthKind::DeployKey);
    o.repositories = vec!["team/app".into()];
    o.default_branch = Some("main".into());
    o.head_commit = Some(HEAD.into());
    o.branches = vec!["feature/login".into(), "main".into()];
    send(app, job, JobEvent::Tested(Box::new(r.finish())));
}

/// The test step after Bitbucket refused the key.
fn refused() -> App {
    let (mut app, job) = arrive();
    let mut r = Report::new(URL);
    stages_passed(&mut r, 3);
    r.fail(
        StageName::Auth,
        ms(240),
        FindingId::PublickeyDenied.finding(""),
    );
    r.log(
        "ssh -T -p 22 git@ssh.bitbucket.org",
        "git@ssh.bitbucket.org: Permission denied (publickey).\n",
    );
    send(&mut app, job, JobEvent::Tested(Box::new(r.finish())));
    app
}

/// On the test step with a key pasted on step 5 and a URL: the test started by itself.
fn arrive() -> (App, JobId) {
    let mut app = app_on(Step::CloneUrl);
    app.on_paste(URL);
    act(&mut app, Action::Next);
    app.on_paste(&seeded_key(7, "bblink-valohai-2026-11-22").private_openssh);
    let effects = app.update(Msg::Action(Action::Next));
    assert_eq!(app.wizard.step(), Step::Test);
    let test = effects
        .iter()
        .find_map(|e| match e {
            Effect::TestConnection { request, key, .. } => Some((request.clone(), key.clone())),
            _ => None,
        })
        .expect("the test starts on arrival");
    assert_eq!(test.0.target.host, "ssh.bitbucket.org");
    assert!(
        matches!(test.1, bblink::core::wizard::SecretSource::Text(_)),
        "the pasted key, filled in by the app"
    );
    (app, job_of(&effects))
}

#[test]
fn the_checklist_runs_with_a_spinner_then_shows_what_the_service_will_fetch() {
    let (mut app, job) = arrive();
    let mut r = Report::new(URL);
    for (i, stage) in StageName::RUN.iter().take(2).enumerate() {
        let s = r.pass(*stage, ms(10 + i as u64), "fine");
        send(
            &mut app,
            job,
            JobEvent::TestProgress(Progress::Started(*stage)),
        );
        send(&mut app, job, JobEvent::TestProgress(Progress::Finished(s)));
    }
    send(
        &mut app,
        job,
        JobEvent::TestProgress(Progress::Started(StageName::HostKey)),
    );
    snap("test__running", &app);
    let screen = screen_text(&app);
    assert!(screen.contains("Esc cancels"), "{screen}");
    pass_all(&mut app, job, URL);
    snap("test__passed", &app);
    let screen = screen_text(&app);
    assert!(
        screen.contains(HEAD) && screen.contains("feature/login, main"),
        "{screen}"
    );
    assert!(app.wizard.is_done(Step::Test));
}

#[test]
fn a_refused_key_names_the_cause_and_jumps_to_the_public_key() {
    let mut app = refused();
    snap("test__publickey_denied", &app);
    act(&mut app, Action::Fix);
    assert_eq!(app.wizard.step(), Step::PublicKey);
}

#[test]
fn an_unknown_host_key_is_trusted_only_after_confirming_its_fingerprint() {
    let (mut app, job) = arrive();
    let mut r = Report::new(URL);
    stages_passed(&mut r, 2);
    let key = HostKey::parse(SERVER_KEY).expect("key");
    r.fail(
        StageName::HostKey,
        ms(80),
        FindingId::HostKeyChanged.finding(&format!(
            "the server shows ED25519 {}; expected ED25519 SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM",
            key.fingerprint
        )),
    );
    r.outcome_mut().host_keys = vec![key.clone()];
    send(&mut app, job, JobEvent::Tested(Box::new(r.finish())));
    snap("test__host_key_changed", &app);
    press(&mut app, Key::ch('t'));
    snap("test__trust_host_key", &app);
    let effects = app.update(Msg::Action(Action::Yes));
    let confirm = effects.iter().find_map(|e| match e {
        Effect::TestConnection { request, .. } => request.confirm.clone(),
        _ => None,
    });
    assert_eq!(confirm.as_deref(), Some(key.fingerprint.as_str()));
}

#[test]
fn esc_cancels_a_running_test_and_enter_runs_it_again() {
    let (mut app, job) = arrive();
    send(
        &mut app,
        job,
        JobEvent::TestProgress(Progress::Started(StageName::Resolve)),
    );
    let effects = app.update(Msg::Action(Action::Back));
    assert!(effects.contains(&Effect::Cancel(job)), "{effects:?}");
    assert_eq!(
        app.wizard.step(),
        Step::Test,
        "Esc cancels, it does not go back"
    );
    let screen = screen_text(&app);
    assert!(screen.contains("Test cancelled"), "{screen}");
    let effects = app.update(Msg::Action(Action::Next));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::TestConnection { .. }))
    );
}

#[test]
fn without_a_url_the_step_says_where_to_get_one() {
    let mut app = app_on(Step::PrivateKey);
    act(&mut app, Action::Jump(Step::Test));
    let screen = screen_text(&app);
    assert!(screen.contains("No SSH URL yet"), "{screen}");
    snap("test__nothing_to_test", &app);
}

#[test]
fn the_summary_copies_each_value_for_the_service() {
    let (mut app, job) = arrive();
    pass_all(&mut app, job, URL);
    act(&mut app, Action::Next);
    assert_eq!(app.wizard.step(), Step::Done);
    let effects = app.update(Msg::Action(Action::Copy));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Copy { text, .. } if text == URL)),
        "{effects:?}"
    );
    app.update(Msg::Job(job_of(&effects), JobEvent::Copied(Ok(()))));
    let effects = app.update(Msg::Action(Action::CopyPrivate));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::CopySecret { .. })),
        "{effects:?}"
    );
    let screen = screen_text(&app);
    assert!(screen.contains("c copies it. ✓ Copied."), "{screen}");
}

#[test]
fn the_summary_says_why_there_is_nothing_to_copy() {
    let mut app = crate::support::app();
    act(&mut app, Action::Jump(Step::Done));
    let effects = app.update(Msg::Action(Action::Copy));
    assert!(effects.iter().all(|e| !matches!(e, Effect::Copy { .. })));
    let screen = screen_text(&app);
    assert!(screen.contains("No SSH URL to copy yet"), "{screen}");
}

#[test]
fn troubleshooting_opens_on_the_failure_of_the_test_and_jumps_to_its_fix() {
    let mut app = refused();
    press(&mut app, Key::plain(bblink::core::keyboard::Code::F(2)));
    snap("trouble__from_the_test", &app);
    let screen = screen_text(&app);
    assert!(
        screen.contains("publickey_denied") && screen.contains("Fix"),
        "{screen}"
    );
    act(&mut app, Action::Next);
    assert!(app.wizard.trouble().is_none());
    assert_eq!(
        app.wizard.step(),
        Step::PublicKey,
        "Enter goes to the screen that fixes it"
    );
}

#[test]
fn another_pasted_key_makes_the_old_result_stale_and_is_tested_again() {
    let (mut app, job) = arrive();
    pass_all(&mut app, job, URL);
    assert!(app.wizard.is_done(Step::Test));
    act(&mut app, Action::Jump(Step::PrivateKey));
    app.on_paste(&seeded_key(9, "another").private_openssh);
    act(&mut app, Action::Jump(Step::Done));
    let screen = screen_text(&app);
    assert!(screen.contains("Connection not tested yet"), "{screen}");
    assert!(!app.wizard.is_done(Step::Test));
    let effects = app.update(Msg::Action(Action::Jump(Step::Test)));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::TestConnection { .. })),
        "the new key is tested: {effects:?}"
    );
}

#[test]
fn other_repositories_are_tested_with_the_same_key_and_a_refusal_asks_for_a_user_key() {
    let (mut app, job) = arrive();
    // Pasted while the test runs: refused, nothing changes under the running test.
    app.on_paste("git@bitbucket.org:team/lib.git");
    assert!(
        app.paste_note
            .as_deref()
            .is_some_and(|n| n.contains("wait for the check"))
    );
    pass_all(&mut app, job, URL);
    app.on_paste("not a url at all");
    assert!(screen_text(&app).contains("Not added"));
    app.on_paste("git@bitbucket.org:team/lib.git");
    app.on_paste("https://bitbucket.org/team/tools");
    // r runs them all: the service's repository first, then each other one.
    let effects = app.on_key(crate::support::key_event(Key::ch('r')));
    let job = job_of(&effects);
    let next = {
        let mut r = Report::new(URL);
        stages_passed(&mut r, 5);
        app.update(Msg::Job(job, JobEvent::Tested(Box::new(r.finish()))))
    };
    let (job, request) = next
        .iter()
        .find_map(|e| match e {
            Effect::TestConnection { job, request, .. } => Some((*job, request.clone())),
            _ => None,
        })
        .expect("the next repository is tested");
    assert_eq!(request.target.url, "git@ssh.bitbucket.org:team/lib.git");
    let mut r = Report::new("git@ssh.bitbucket.org:team/lib.git");
    stages_passed(&mut r, 4);
    r.fail(StageName::Repo, ms(30), FindingId::RepoNotFound.finding(""));
    let next = app.update(Msg::Job(job, JobEvent::Tested(Box::new(r.finish()))));
    let job = job_of(&next);
    let mut r = Report::new("git@ssh.bitbucket.org:team/tools.git");
    stages_passed(&mut r, 5);
    app.update(Msg::Job(job, JobEvent::Tested(Box::new(r.finish()))));
    snap("test__other_repositories", &app);
    let text = screen_text(&app);
    assert!(text.contains("user_key_required"), "{text}");
    // x empties the list.
    press(&mut app, Key::ch('x'));
    assert!(!screen_text(&app).contains("team/lib"));
}

#[test]
fn esc_while_another_repository_is_tested_keeps_the_first_result() {
    let (mut app, job) = arrive();
    pass_all(&mut app, job, URL);
    app.on_paste("git@bitbucket.org:team/lib.git");
    let effects = app.on_key(crate::support::key_event(Key::ch('r')));
    let job = job_of(&effects);
    let mut r = Report::new(URL);
    stages_passed(&mut r, 5);
    let next = app.update(Msg::Job(job, JobEvent::Tested(Box::new(r.finish()))));
    assert!(
        next.iter()
            .any(|e| matches!(e, Effect::TestConnection { .. }))
    );
    press(&mut app, Key::plain(bblink::core::keyboard::Code::Esc));
    let text = screen_text(&app);
    assert!(
        text.contains("Stopped testing the other repositories"),
        "{text}"
    );
    assert!(
        text.contains("The service can read the repository"),
        "{text}"
    );
    assert_eq!(app.wizard.step(), Step::Test);
}

#[test]
fn the_summary_retests_with_the_key_file_it_names() {
    // A key pasted with CRLF line ends: repaired, and tested from that text (no file of its
    // own), so the command to test again names the key file the summary gives.
    let mut app = app_on(Step::CloneUrl);
    app.on_paste(URL);
    act(&mut app, Action::Next);
    let crlf = seeded_key(7, "bblink-valohai-2026-11-22")
        .private_openssh
        .replace('\n', "\r\n");
    app.on_paste(&crlf);
    let effects = app.update(Msg::Action(Action::Next));
    assert_eq!(app.wizard.step(), Step::Test);
    pass_all(&mut app, job_of(&effects), URL);
    act(&mut app, Action::Next);
    assert_eq!(app.wizard.step(), Step::Done);
    let page = bblink::ui::plain::text_of(&app.wizard);
    let mut lines = page.lines();
    lines.find(|l| l.contains("Test it again later"));
    let retest = lines.next().expect("a command");
    assert!(!retest.contains("KEY_FILE"), "{retest}");
    assert!(
        retest.contains("~/.local/share/bblink/keys/bblink-valohai-2026-11-22"),
        "{retest}"
    );
}

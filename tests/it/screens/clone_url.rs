//! The clone URL screen: empty, ready, and each kind of repair.

use bblink::core::keyboard::{Action, Code, Key};
use bblink::core::wizard::Step;
use bblink::ui::app::App;

use super::{act, press, snap};
use crate::support::{app_on, screen_text, type_text};

fn on_url_step() -> App {
    app_on(Step::CloneUrl)
}

/// The URL step after this paste.
fn pasted(url: &str) -> App {
    let mut app = on_url_step();
    app.on_paste(url);
    app
}

#[test]
fn empty_says_where_bitbucket_shows_the_url() {
    let app = on_url_step();
    let screen = screen_text(&app);
    assert!(
        screen.contains("Open the repository and click Clone"),
        "{screen}"
    );
    assert!(screen.contains("Choose SSH instead of HTTPS"), "{screen}");
    snap("clone_url__empty", &app);
}

#[test]
fn ready_and_https() {
    snap(
        "clone_url__ok",
        &pasted("git@ssh.bitbucket.org:team/app.git"),
    );
    snap(
        "clone_url__https",
        &pasted("https://ada@bitbucket.org/team/app.git"),
    );
}

#[test]
fn legacy_host_then_enter_repairs_it() {
    let mut app = on_url_step();
    app.on_paste("git clone git@bitbucket.org:team/app.git");
    snap("clone_url__legacy_host", &app);
    press(&mut app, Key::plain(Code::Enter));
    assert_eq!(
        app.url.lines().join(""),
        "git@ssh.bitbucket.org:team/app.git"
    );
    snap("clone_url__repaired", &app);
}

#[test]
fn typo_from_a_guide() {
    let app = pasted("git@bitbucket.com:team/app.git");
    snap("clone_url__typo", &app);
    // The misprinted host is named and the SSH URL suggested on Cloud's SSH host; the field
    // keeps what was pasted until Enter takes the suggestion.
    let check = app.wizard.clone_url_view().check.cloned().expect("check");
    assert!(!check.ok);
    assert_eq!(
        check.ssh_url.as_deref(),
        Some("git@ssh.bitbucket.org:team/app.git")
    );
    assert_eq!(app.url.lines().join(""), "git@bitbucket.com:team/app.git");
}

#[test]
fn token_in_the_url_is_never_drawn() {
    let token = "ATCTT3xFfGN0a1b2c3d4e5f6";
    let mut app = on_url_step();
    app.on_paste(&format!(
        "https://x-token-auth:{token}@bitbucket.org/team/app.git"
    ));
    assert!(!screen_text(&app).contains(token));
    snap("clone_url__token", &app);
    // Typing into the field while the token is there still never draws it.
    press(&mut app, Key::plain(Code::Tab));
    type_text(&mut app, "x");
    assert!(
        app.url.lines().join("").ends_with('x'),
        "typed into the field"
    );
    assert!(!screen_text(&app).contains(token));
}

#[test]
fn data_center_for_circleci_gives_the_hostname() {
    let mut app = on_url_step();
    act(&mut app, Action::Jump(Step::Service));
    press(&mut app, Key::plain(Code::Down));
    act(&mut app, Action::Jump(Step::CloneUrl));
    app.on_paste("https://bitbucket.example.com/scm/OPS/deploy.git");
    assert_eq!(
        app.wizard.service().map(|s| s.id.as_str()),
        Some("circleci")
    );
    let screen = screen_text(&app);
    assert!(
        screen.contains("CircleCI asks for the Hostname:")
            && screen.contains("bitbucket.example.com."),
        "{screen}"
    );
    snap("clone_url__data_center_circleci", &app);
}

#[test]
fn typing_shows_the_verdict_as_it_goes() {
    let mut app = on_url_step();
    type_text(&mut app, "git@ssh.bitbucket.org:team");
    snap("clone_url__typing", &app);
    type_text(&mut app, "q");
    assert!(!app.wizard.quitting(), "q is text in the field");
    assert_eq!(app.url.lines().join(""), "git@ssh.bitbucket.org:teamq");
}

#[test]
fn help_lists_the_url_keys() {
    let mut app = on_url_step();
    app.on_paste("https://bitbucket.org/team/app");
    act(&mut app, Action::Help);
    let screen = screen_text(&app);
    for row in [
        "Put bblink's SSH URL in the field",
        "Copy the SSH URL for the service",
        "Clear the field",
    ] {
        assert!(screen.contains(row), "{row}: {screen}");
    }
    snap("help__clone_url_repair", &app);
}

#[test]
fn a_paste_loses_hidden_direction_marks_and_keeps_one_line() {
    let mut app = on_url_step();
    app.on_paste("git@ssh.bitbucket.org:team/\u{202E}app.git\nsecond line");
    assert_eq!(
        app.url.lines().join(""),
        "git@ssh.bitbucket.org:team/app.git"
    );
    let screen = screen_text(&app);
    assert!(screen.contains("Only the first line was read"), "{screen}");
    assert!(screen.contains("U+202E RIGHT-TO-LEFT OVERRIDE"), "{screen}");
    assert!(app.wizard.ssh_url().is_some());
}

#[test]
fn a_private_key_pasted_into_a_one_line_field_is_refused_whole_and_never_shown() {
    let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";
    let mut app = pasted("git@ssh.bitbucket.org:team/app.git");
    app.on_paste(key);
    let note = app.paste_note.clone().unwrap_or_default();
    // Where it belongs, in the words the plain mode says too.
    assert!(
        note.contains("A private key goes only into the service: step 5 (Private key) checks it."),
        "{note}"
    );
    let screen = screen_text(&app);
    assert!(!screen.contains("BEGIN OPENSSH"), "{screen}");
    assert!(!screen.contains("b3BlbnNzaC1rZXkt"), "{screen}");
    assert!(
        screen.contains("git@ssh.bitbucket.org:team/app.git"),
        "the URL stays as it was:\n{screen}"
    );
}

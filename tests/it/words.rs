//! Words in step with behaviour: what one place says about keys, steps and services, the
//! others say too, and a fix text names no key of one shell.

use bblink::core::conntest::FindingId;
use bblink::core::keyboard::Action;
use bblink::core::wizard::Step;
use strum::IntoEnumIterator;

use crate::support::{app, screen_text};

#[test]
fn the_welcome_screen_and_help_name_the_same_jump_keys() {
    let mut a = app();
    let welcome = screen_text(&a);
    assert!(welcome.contains("Alt-0…Alt-7"), "{welcome}");
    a.update(bblink::core::wizard::Msg::Action(Action::Help));
    let help = screen_text(&a);
    assert!(help.contains("Alt-0…Alt-7"), "{help}");
    assert_eq!(a.wizard.step(), Step::Welcome);
}

/// A fix text is read in both shells and in the subcommands' output: it names no key of the
/// full-screen wizard and no file of the source tree.
fn shell_neutral(text: &str) -> Result<(), String> {
    for word in ["in the wizard", "assets/", "press t", " t to "] {
        if text.contains(word) {
            return Err(format!("{word:?} in {text:?}"));
        }
    }
    Ok(())
}

#[test]
fn fix_texts_are_shell_neutral() {
    let catalog = bblink::core::catalog::catalog().expect("catalog");
    for e in catalog.entries() {
        for line in &e.fix {
            shell_neutral(line).unwrap_or_else(|e| panic!("catalog: {e}"));
        }
    }
    for id in FindingId::iter() {
        let f = id.finding("detail");
        shell_neutral(&f.fix).unwrap_or_else(|e| panic!("{}: {e}", id.as_str()));
    }
}

#[test]
fn the_readme_opens_with_every_service_and_says_how_troubleshooting_opens() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let first = readme.split("\n\n").nth(1).expect("the first paragraph");
    for name in [
        "Valohai",
        "CircleCI",
        "Gemnasium Enterprise",
        "Hackolade Model Hub",
    ] {
        assert!(first.contains(name), "{name} missing from: {first}");
    }
    assert!(
        !readme.contains("A failed connection test opens troubleshooting"),
        "troubleshooting opens with F2"
    );
}

#[test]
fn at_40x12_the_footer_keeps_enter_and_quit_and_the_marker_covers_no_text() {
    let mut a = app();
    a.update(bblink::core::wizard::Msg::Action(Action::Jump(
        Step::Service,
    )));
    let screen = format!("{:?}", crate::support::terminal(&a, 40, 12).backend());
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.trim_start().starts_with('"'))
        .collect();
    let footer = rows.last().expect("footer");
    assert!(
        footer.contains("Enter next") && footer.contains("q quit"),
        "{screen}"
    );
    let marker = rows
        .iter()
        .find(|r| r.contains("▼ more: PgDn"))
        .expect("the text scrolls at 40x12");
    let before = marker.split("▼ more").next().unwrap_or_default();
    assert!(
        before.trim_matches(|c| c == ' ' || c == '"').is_empty(),
        "the marker shares its row with text: {marker}"
    );
}

#[test]
fn circleci_tells_one_story_in_order() {
    let services = bblink::core::service::profiles().expect("profiles");
    let c = services
        .iter()
        .find(|s| s.id == "circleci")
        .expect("circleci");
    // What CircleCI sets up by itself, then when a key from bblink is needed, then where it goes.
    let s = &c.summary;
    let own = s.find("its own deploy key").expect("what CircleCI does");
    let when = s.find("needed only").expect("when bblink's key is needed");
    let access = s
        .find("access key on this repository")
        .expect("where: access key");
    let user = s
        .find("user key on a machine user")
        .expect("where: user key");
    assert!(own < when && when < access && when < user, "{s}");
    // No screen speaks of a "second repository" any more: the access key is for this one.
    assert!(
        !c.next.text.contains("second repository"),
        "{}",
        c.next.text
    );
    assert!(!s.contains("another private Bitbucket repository"), "{s}");
}

//! Transitions told in pages and actions: what a step's page offers, choosing an option or
//! copying a value by message (as the plain shell does), and what the page says after.

use super::*;
use crate::core::wizard::page::{Block, Do, List, Page};
use crate::testing::wizard_for;

/// The choice of the page that does this.
fn offers(p: &Page, does: &Do) -> bool {
    p.choices.iter().any(|c| &c.does == does)
}

#[test]
fn the_service_page_chooses_by_message_and_the_key_label_follows() {
    let mut w = wizard();
    enter(&mut w);
    assert_eq!(w.step(), Step::Service);
    let page = w.page();
    assert!(page_text(&page).contains("Service: Valohai"), "{page:?}");
    assert!(offers(&page, &Do::Choose(List::Flavor, 1)));
    let circleci = w
        .services
        .iter()
        .position(|s| s.id == "circleci")
        .expect("circleci");
    w.update(Msg::Choose(List::Service, circleci));
    assert_eq!(w.service().map(|s| s.id.as_str()), Some("circleci"));
    assert!(page_text(&w.page()).contains("Service: CircleCI"));
    assert!(label(&w).contains("circleci"), "the default label follows");
    w.update(Msg::Choose(List::KeyKind, 1));
    assert!(w.user_key());
    w.update(Msg::Choose(List::Flavor, 1));
    assert!(page_text(&w.page()).contains("Repository on: Bitbucket Data Center"));
    // An option that is not there changes nothing.
    w.update(Msg::Choose(List::Service, 99));
    assert_eq!(w.service().map(|s| s.id.as_str()), Some("circleci"));
}

#[test]
fn the_key_pair_page_chooses_type_format_and_source_by_message() {
    let mut w = wizard();
    w.update(Msg::Action(Action::Jump(Step::KeyPair)));
    let page = w.page();
    assert!(
        page.choices
            .iter()
            .any(|c| matches!(&c.does, Do::Pick(p) if p.list == List::Algorithm))
    );
    // RSA 4096, then PEM: the page says so, and what each format's file starts with.
    w.update(Msg::Choose(List::Algorithm, 1));
    let text = page_text(&w.page());
    assert!(text.contains("key type (now RSA 4096)"), "{text}");
    assert!(text.contains("a PEM key with -----BEGIN RSA…"), "{text}");
    w.update(Msg::Choose(List::Format, 1));
    assert!(page_text(&w.page()).contains("format (now PEM)"));
    // Back to Ed25519: PEM does not fit it, so the format goes back to OpenSSH.
    w.update(Msg::Choose(List::Algorithm, 0));
    assert!(
        !w.page()
            .choices
            .iter()
            .any(|c| matches!(&c.does, Do::Pick(p) if p.list == List::Format)),
        "no format to choose for Ed25519"
    );
    w.update(Msg::Choose(List::Algorithm, 1));
    assert_eq!(chosen(&w, List::Format), "OpenSSH");
    w.update(Msg::Choose(List::Algorithm, 0));
    // A key file instead: the page asks for its path.
    w.update(Msg::Choose(List::Source, 1));
    let page = w.page();
    assert_eq!(
        page.free.as_ref().map(|a| a.field),
        Some(Field::ExistingPath)
    );
    assert!(offers(&page, &Do::Choose(List::Source, 0)));
}

#[test]
fn a_value_is_copied_by_its_number() {
    let mut w = wizard_for("gemnasium");
    enter(&mut w);
    assert_eq!(w.step(), Step::ServiceUrl);
    w.update(Msg::typed(
        Field::ServiceUrl,
        "https://gemnasium.example.com",
    ));
    let page = w.page();
    let values = copy_list(&page);
    assert!(values.items.len() >= 2, "{values:?}");
    assert!(offers(&page, &Do::CopyValue(1)), "{page:?}");
    let effects = w.update(Msg::CopyValue(1));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Copy { text, .. } if *text == values.items[1].shown)),
        "{effects:?}"
    );
    assert_eq!(
        copy_list(&w.page()).selected,
        Some(1),
        "the arrows are on the value copied"
    );
}

/// The first list of values a page offers to copy.
fn copy_list(page: &Page) -> crate::core::wizard::page::Values {
    page.form
        .iter()
        .flat_map(|f| &f.blocks)
        .find_map(|b| match b {
            Block::Values(v) => Some(v.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no values: {page:?}"))
}

#[test]
fn every_page_of_every_route_says_something_and_offers_a_way_on() {
    for id in ["valohai", "circleci", "gemnasium", "hackolade"] {
        let mut w = wizard_for(id);
        for step in w.route().steps().to_vec() {
            w.update(Msg::Action(Action::Jump(step)));
            assert_eq!(w.step(), step, "{id}");
            let page = w.page();
            assert!(
                !page.intro.is_empty() || !page.status.is_empty(),
                "{id} {step:?}: an empty page"
            );
        }
    }
}

#[test]
fn a_dialog_is_a_page_in_the_same_words_as_its_question() {
    let mut w = wizard_on(Step::KeyPair);
    w.update(Msg::Action(Action::NewKey));
    let Some(crate::core::wizard::OverlayView::Question(dialog)) = w.overlay_view() else {
        panic!("asks first");
    };
    assert_eq!(dialog.title, "Make another key?");
    let page = w.page();
    assert_eq!(
        page.intro.first().map(String::as_str),
        Some("Make another key?")
    );
    assert_eq!(page.intro[1..], dialog.text_lines()[..]);
}

#[test]
fn a_public_key_pasted_as_the_private_key_is_called_what_it_is() {
    let mut w = wizard_on(Step::PrivateKey);
    let public = crate::testing::fixed_key().info.public_line.clone();
    w.update(Msg::given(Field::PrivateKey, public));
    let text = page_text(&w.page());
    assert!(text.contains("It is the public key from step 2"), "{text}");
    assert!(!text.contains("private half of the public key"), "{text}");
}

#[test]
fn a_url_given_on_the_test_step_before_any_is_the_repository_s_and_starts_the_test() {
    let mut w = wizard_on(Step::Test);
    assert!(w.ssh_url().is_none());
    let page = w.page();
    let text = page_text(&page);
    assert_eq!(
        text.matches("No SSH URL yet: paste the repository's clone URL here")
            .count(),
        1,
        "said once: {text}"
    );
    let effects = w.update(Msg::given(
        Field::CloneUrl,
        "git@ssh.bitbucket.org:team/app.git",
    ));
    assert_eq!(w.ssh_url(), Some("git@ssh.bitbucket.org:team/app.git"));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::TestConnection { .. })),
        "the test starts: {effects:?}"
    );
    says_not(&w, "Other repositories the build fetches");
    // Enter with nothing missing says nothing twice either.
    let mut w = wizard_on(Step::Test);
    enter(&mut w);
    let text = page_text(&w.page());
    assert_eq!(text.matches("No SSH URL yet").count(), 1, "{text}");
}

/// The `Hostname` a CI service asks for is the SSH host of the URL it gets, in the same words
/// on the clone URL step and on Done, for a repaired Cloud URL and for a Data Center URL.
#[test]
fn circleci_s_hostname_is_the_same_on_the_clone_url_step_and_on_done() {
    let cases = [
        ("git@bitbucket.org:acme/widgets.git", "ssh.bitbucket.org"),
        (
            "ssh://git@git.example.com:7999/acme/widgets.git",
            "git.example.com",
        ),
    ];
    for (pasted, host) in cases {
        let mut w = wizard_for("circleci");
        w.update(Msg::Action(Action::Jump(Step::CloneUrl)));
        w.update(Msg::given(Field::CloneUrl, pasted));
        // A repair is accepted first (Enter), as a user would.
        if w.url.url().is_none() {
            enter(&mut w);
        }
        assert!(w.url.url().is_some(), "{pasted}: usable");
        let text = page_text(&w.page());
        let line = format!("CircleCI asks for the Hostname: {host}.");
        assert!(text.contains(&line), "{pasted}: {text}");
        w.update(Msg::Action(Action::Jump(Step::Done)));
        let done = said(&w);
        let value = done
            .lines()
            .skip_while(|l| !l.starts_with(" • Hostname"))
            .nth(1)
            .map(str::trim);
        assert_eq!(value, Some(host), "{pasted}: Done says {done}");
    }
    // Before any URL: Cloud's SSH host on Cloud; nothing guessed on Data Center.
    let mut w = wizard_for("circleci");
    assert_eq!(
        w.url.ssh_host(Flavor::Cloud).as_deref(),
        Some("ssh.bitbucket.org")
    );
    w.update(Msg::Choose(List::Flavor, 1));
    assert_eq!(w.url.ssh_host(Flavor::DataCenter), None);
}

/// The SSH summary copies its values by number, as its keys do: Valohai's first is the SSH URL.
#[test]
fn the_ssh_summary_copies_a_value_by_its_number() {
    let mut w = wizard_for("valohai");
    w.update(Msg::Action(Action::Jump(Step::CloneUrl)));
    w.update(Msg::given(
        Field::CloneUrl,
        "git@ssh.bitbucket.org:team/app.git",
    ));
    w.update(Msg::Action(Action::Jump(Step::Done)));
    let effects = w.update(Msg::CopyValue(0));
    assert!(
        effects.iter().any(
            |e| matches!(e, Effect::Copy { text, .. } if text == "git@ssh.bitbucket.org:team/app.git")
        ),
        "{effects:?}"
    );
    // A number past the values does nothing.
    assert!(w.update(Msg::CopyValue(9)).is_empty());
}

/// Every job kind has one step whose state its results change, and a job that cannot start
/// names that step's screen.
#[test]
fn each_job_kind_has_one_owning_step() {
    use crate::core::ssh_keys::KeyAlgorithm;
    use crate::core::wizard::jobs::JobKind;
    let kinds = [
        JobKind::Generate(KeyAlgorithm::Ed25519),
        JobKind::LoadKey,
        JobKind::UnlockKey,
        JobKind::CopyPublicKey,
        JobKind::WritePublicKey,
        JobKind::Api,
        JobKind::CopyUrl,
        JobKind::LoadPrivateKey,
        JobKind::CopyPrivateKey,
        JobKind::WritePrivateKey,
        JobKind::ClearClipboard,
        JobKind::TestConnection,
        JobKind::CopyValue,
        JobKind::Doctor,
        JobKind::CheckConsumer,
        JobKind::CheckToken,
        JobKind::NewSecret,
        JobKind::SaveHook,
    ];
    for kind in kinds {
        let owners: Vec<Step> = Step::ALL
            .into_iter()
            .filter(|s| crate::core::wizard::unit::of(*s).owns_job(kind))
            .collect();
        assert_eq!(owners.len(), 1, "{kind:?}: {owners:?}");
    }
    assert_eq!(
        crate::core::wizard::unit::job_owner(JobKind::TestConnection),
        Step::Test
    );
    // A job started while another runs: the notice names the running job's screen.
    let mut w = wizard_for("valohai");
    w.update(Msg::Action(Action::Jump(Step::KeyPair)));
    w.update(Msg::Action(Action::Next));
    assert_eq!(
        w.busy_with().map(|k| matches!(k, JobKind::Generate(_))),
        Some(true)
    );
    w.update(Msg::Action(Action::Jump(Step::PublicKey)));
    w.update(Msg::Action(Action::Jump(Step::CloneUrl)));
    w.update(Msg::given(
        Field::CloneUrl,
        "git@ssh.bitbucket.org:team/app.git",
    ));
    w.update(Msg::Action(Action::Copy));
    says(&w, "(Key pair screen)");
}

//! Render time per screen (ratatui `TestBackend`, 80x24 and 200x60), and the wizard's update.
//! Run with `cargo bench --bench render`.

use bblink::core::keyboard::Action;
use bblink::core::wizard::{Msg, Step};
use bblink::testing;
use bblink::ui::app::App;
use bblink::ui::render;
use bblink::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

fn app(step: Step) -> App {
    let mut a = App::new(testing::wizard(), Theme::color());
    testing::give_key(&mut |m| a.update(m), testing::fixed_key());
    a.update(Msg::Action(Action::Jump(step)));
    a
}

const SCREENS: [&str; 13] = [
    "welcome",
    "service",
    "key",
    "public-key",
    "clone-url",
    "private-key",
    "done",
    "help",
    "service-url",
    "oauth-consumer",
    "access-token",
    "webhook",
    "done-hub",
];

/// The Hackolade Model Hub on `step`, with its URL, repository and token given and a secret
/// made (the values the screens show).
fn hub(step: Step) -> App {
    use bblink::core::secret::Secret;
    use bblink::core::wizard::{Field, JobEvent};
    let mut a = App::new(testing::wizard_for("hackolade"), Theme::color());
    a.update(Msg::Action(Action::Next));
    a.on_paste("https://acme.hackolade.com");
    a.update(Msg::Action(Action::Next));
    a.on_paste("git@bitbucket.org:acme/models.git");
    a.update(Msg::SecretLen(Field::HookToken, 38));
    let job = testing::job_of(&a.update(Msg::Action(Action::Next)));
    let scopes = vec!["repository".into(), "webhook".into()];
    a.update(Msg::Job(
        job,
        JobEvent::TokenChecked(Ok(bblink::core::bitbucket::scopes::TokenFacts {
            scopes: Some(scopes),
            lists_hooks: false,
        })),
    ));
    if step != Step::AccessToken {
        a.update(Msg::Action(Action::Next));
        let job = testing::job_of(&a.update(Msg::Action(Action::NewSecret)));
        a.update(Msg::Job(
            job,
            JobEvent::SecretMade(Secret::new("s".repeat(40))),
        ));
        a.update(Msg::Action(Action::Jump(step)));
    }
    a
}

fn state(name: &str) -> App {
    match name {
        "help" => {
            let mut a = app(Step::KeyPair);
            a.update(Msg::Action(Action::Help));
            a
        }
        "private-key" => {
            let mut a = app(Step::PrivateKey);
            let key = testing::seeded_key(7, "bblink-valohai-2026-11-22");
            a.on_paste(&key.private_openssh.replace('\n', "\r\n"));
            a
        }
        "clone-url" => {
            let mut a = app(Step::CloneUrl);
            a.on_paste("git clone https://x-token-auth:abc123@bitbucket.org/team/app.git");
            a
        }
        "service-url" => hub(Step::ServiceUrl),
        "access-token" => hub(Step::AccessToken),
        "webhook" => hub(Step::Webhook),
        "done-hub" => hub(Step::Done),
        "oauth-consumer" => {
            let mut a = App::new(testing::wizard_for("gemnasium"), Theme::color());
            a.update(Msg::Action(Action::Next));
            a.on_paste("https://gemnasium.example.com");
            a.update(Msg::Action(Action::Next));
            a
        }
        other => app(Step::from_name(other).expect("screen")),
    }
}

#[divan::bench(args = SCREENS)]
fn render_80x24(bencher: divan::Bencher<'_, '_>, screen: &str) {
    let app = state(screen);
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    bencher.bench_local(|| {
        t.draw(|f| render::draw(f, &app)).expect("draw");
    });
}

/// The plain mode's text of each screen: what it prints when the step is reached.
#[divan::bench(args = SCREENS)]
fn plain_page(bencher: divan::Bencher<'_, '_>, screen: &str) {
    let a = state(screen);
    bencher.bench_local(|| bblink::ui::plain::text_of(&a.wizard).len());
}

#[divan::bench(args = SCREENS)]
fn render_200x60(bencher: divan::Bencher<'_, '_>, screen: &str) {
    let app = state(screen);
    let mut t = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    bencher.bench_local(|| {
        t.draw(|f| render::draw(f, &app)).expect("draw");
    });
}

/// Inspecting a pasted 4096-bit RSA key (what happens on every edit of the private key area).
#[divan::bench]
fn inspect_rsa4096_paste(bencher: divan::Bencher<'_, '_>) {
    let key = bblink::adapters::keygen::generate(
        bblink::core::ssh_keys::KeyAlgorithm::Rsa { bits: 4096 },
        "bench",
    )
    .expect("rsa");
    let text = key.private_openssh.to_string();
    bencher.bench_local(|| bblink::core::inspect::inspect(&text, None));
}

/// A 1 MB paste into the private key area: inspection plus the next frame.
#[divan::bench]
fn paste_1mb_and_render(bencher: divan::Bencher<'_, '_>) {
    let junk = "not a key at all\n".repeat(bblink::core::inspect::MAX_INPUT / 17);
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    bencher
        .with_inputs(|| app(Step::PrivateKey))
        .bench_local_values(|mut a| {
            a.on_paste(&junk);
            t.draw(|f| render::draw(f, &a)).expect("draw");
            a
        });
}

#[divan::bench]
fn key_press_update(bencher: divan::Bencher<'_, '_>) {
    let mut app = app(Step::Service);
    let down = ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Down);
    bencher.bench_local(|| app.on_key(down));
}

/// Checking a clone URL (what the Clone URL screen does on every key stroke), for the forms
/// people paste.
#[divan::bench(args = [
    "git@ssh.bitbucket.org:team/app.git",
    "git clone --depth 1 https://x-token-auth:abc123@bitbucket.org/team/app.git dir",
    "https://bitbucket.example.com/projects/OPS/repos/deploy/browse/src/main.rs?at=main",
    "git@bitbuckt.org:team/app.git",
])]
fn check_url(url: &str) -> bblink::core::clone_url::UrlCheck {
    bblink::core::clone_url::check(divan::black_box(url))
}

/// Typing a character into the URL field: the check plus the next frame.
#[divan::bench]
fn url_key_stroke_and_render(bencher: divan::Bencher<'_, '_>) {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut a = app(Step::CloneUrl);
    a.on_paste("git@ssh.bitbucket.org:team/app");
    // A usable paste leaves the field; typing needs it focused again.
    a.update(Msg::Action(Action::FocusNext));
    assert!(
        a.wizard.focused_field().is_some(),
        "the field takes the keys"
    );
    bencher.bench_local(|| {
        a.on_key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char('x'),
        ));
        a.on_key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Backspace,
        ));
        t.draw(|f| render::draw(f, &a)).expect("draw");
    });
}

/// Typing into a URL field that holds 4 KB (its limit): the key is refused with a note, the
/// frame drawn again.
#[divan::bench]
fn url_key_stroke_in_a_full_field(bencher: divan::Bencher<'_, '_>) {
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut a = app(Step::CloneUrl);
    a.on_paste(&format!("git@ssh.bitbucket.org:team/{}", "a".repeat(4069)));
    if a.wizard.focused_field().is_none() {
        a.update(Msg::Action(Action::FocusNext));
    }
    bencher.bench_local(|| {
        a.on_key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char('x'),
        ));
        t.draw(|f| render::draw(f, &a)).expect("draw");
    });
}

/// A key pasted without bracketed paste: an RSA 4096 key's ~3,300 key events turned into one
/// paste, checked and drawn.
#[divan::bench]
fn unbracketed_rsa4096_paste(bencher: divan::Bencher<'_, '_>) {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
    let key = bblink::adapters::keygen::generate(
        bblink::core::ssh_keys::KeyAlgorithm::Rsa { bits: 4096 },
        "bench",
    )
    .expect("rsa");
    let text = key.private_openssh.to_string();
    let events: Vec<Event> = text
        .chars()
        .map(|c| {
            Event::Key(KeyEvent::from(if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            }))
        })
        .collect();
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    bencher
        .with_inputs(|| (app(Step::PrivateKey), events.clone()))
        .bench_local_values(|(mut a, events)| {
            for event in bblink::ui::input::coalesce(events) {
                if let Event::Paste(text) = event {
                    a.on_paste(&text);
                }
            }
            t.draw(|f| render::draw(f, &a)).expect("draw");
            a
        });
}

/// Reading and checking every service file (done once at each start).
/// A 64 KB line full of `token=` (the longest line the plain mode reads), made safe to show.
#[divan::bench]
fn redact_hostile_line(bencher: divan::Bencher<'_, '_>) {
    let line = "token=a ".repeat(8 * 1024);
    bencher.bench_local(|| bblink::core::redact::line(&line).len());
}

#[divan::bench]
fn load_service_profiles() -> usize {
    bblink::core::service::profiles().expect("profiles").len()
}

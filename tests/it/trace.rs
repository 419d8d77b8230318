//! One Enter on the clone URL step, from the key event to the effects the shell runs, for
//! `scripts/trace-enter`, which counts under callgrind the source files it passes through.
//! Ignored in the suite: the trace is the measurement.

use bblink::core::wizard::Step;
use bblink::testing::wizard_on;
use bblink::ui::app::App;
use bblink::ui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[test]
#[ignore = "run by scripts/trace-enter under callgrind"]
fn one_enter_on_the_clone_url_step() {
    let mut app = App::new(wizard_on(Step::CloneUrl), Theme::plain());
    app.on_paste("git@ssh.bitbucket.org:team/app.git");
    let effects = trace_one_enter(&mut app);
    assert_eq!(app.wizard.step(), Step::PrivateKey, "{effects:?}");
}

/// The traced part (callgrind collects only inside it).
#[inline(never)]
fn trace_one_enter(app: &mut App) -> Vec<bblink::core::wizard::Effect> {
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
}

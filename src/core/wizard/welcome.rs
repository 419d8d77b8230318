//! Step 0, Welcome: what bblink will do. No state of its own; Enter starts the wizard.

use crate::core::keyboard::Context;
use crate::core::step::Route;

/// The key table of this step.
pub const CONTEXT: Context = Context::Welcome;

/// What the welcome screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WelcomeView {
    /// Where keys are saved, shortened with `~`.
    pub keys_dir: String,
    /// The last step's number (for the jump keys).
    pub last_step: u8,
}

impl WelcomeView {
    /// The view for keys saved in `keys_dir`, on the chosen service's `route`.
    pub fn new(keys_dir: String, route: Route) -> Self {
        Self {
            keys_dir,
            last_step: u8::try_from(route.numbered().len()).unwrap_or(u8::MAX),
        }
    }
}

/// The welcome step as a unit.
pub(super) struct Welcome;

impl super::unit::Unit for Welcome {
    fn page(&self, w: &super::Wizard) -> super::page::Page {
        let v = w.welcome_view();
        let route = w.route();
        let mut intro = vec![
            "bblink connects a private Bitbucket repository to a service such as Valohai or CircleCI."
                .to_string(),
            "The steps:".to_string(),
        ];
        for s in route.numbered() {
            intro.push(format!("  Step {}: {}", route.number(*s), s.title()));
        }
        intro.push(format!(
            "Keys are saved in {}, readable by you only. A private key never leaves this computer unless you copy it.",
            v.keys_dir
        ));
        intro.push(
            "At every question: back, help and quit work; go N jumps to step N. Something failed already? bblink diagnose LOG explains a log."
                .to_string(),
        );
        super::page::Page {
            intro,
            ..super::page::Page::default()
        }
    }

    fn keys(&self, _w: &super::Wizard) -> super::unit::Keys {
        (CONTEXT, None, Vec::new())
    }

    fn done(&self, w: &super::Wizard) -> bool {
        w.step > crate::core::step::Step::Welcome
    }

    fn act(
        &self,
        _w: &mut super::Wizard,
        action: crate::core::keyboard::Action,
        out: &mut super::Out,
    ) {
        if action == crate::core::keyboard::Action::Next {
            out.go = Some(crate::core::step::Step::Service);
        }
    }
}

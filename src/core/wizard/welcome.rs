//! Step 0, Welcome: what bblink will do. No state of its own; Enter starts the wizard.

use crate::core::keyboard::{Action, Context, Key};

use super::page::{Bit, Block, Form, Said, Tone};
use crate::core::step::Route;

/// The key table of this step.
pub const CONTEXT: Context = Context::Welcome;

/// What bblink will do, in three lines, and the keys that matter first: keys are saved in
/// `keys_dir` (shortened with `~`); the jumps go to the steps of the chosen service's `route`.
fn form(keys_dir: &str, route: Route) -> Form {
    let point =
        |n: usize, text: &str| Said(vec![Bit::Item(n), Bit::Text(Tone::Plain, text.into())]);
    // The plain shell's jumps go by number: it names the steps.
    let steps: Vec<String> = route
        .numbered()
        .iter()
        .map(|s| format!("{} {}", route.number(*s), s.title()))
        .collect();
    let guide = vec![
        Said::blank(),
        Said::new(
            Tone::Title,
            "Connect a private Bitbucket repository to a service such as Valohai or CircleCI.",
        ),
        Said::blank(),
        point(0, "Generate an SSH key pair on this computer."),
        point(
            1,
            "Add its public half to the repository in Bitbucket as an access key.",
        ),
        point(
            2,
            "Check the clone URL and the private key as the service will read them, test the connection with them, and see what to fill in there.",
        ),
        Said::blank(),
        Said::new(
            Tone::Dim,
            format!(
                "Keys are saved in {keys_dir}, readable by you only. A private key never leaves this computer unless you copy it; the connection test only signs in with it, as ssh does."
            ),
        ),
        Said::blank(),
        Said::plain("Press ")
            .then_key(Action::Next)
            .then(Tone::Plain, " to start. ")
            .then_bit(Bit::Jumps(
                u8::try_from(route.numbered().len()).unwrap_or(u8::MAX),
            ))
            .then(Tone::Plain, " (or ")
            .then(Tone::Key, Key::ctrl('g').to_string())
            .then(Tone::Plain, " and a digit) jump to a step; ")
            .then_key(Action::Help)
            .then(Tone::Plain, " lists every key.")
            .or_plain(format!(
                "At every question: back, help and quit work; go N jumps to step N ({}).",
                steps.join(", ")
            )),
        Said::blank(),
        Said::plain("Something failed already? ")
            .then_key(Action::Troubleshoot)
            .then(
                Tone::Plain,
                ", on any screen, lists the problems with their fixes and diagnoses a pasted log.",
            )
            .or_plain("Something failed already? bblink diagnose LOG explains a log."),
    ];
    Form {
        rows: Vec::new(),
        blocks: vec![Block::Guide(guide)],
    }
}

/// The welcome step as a unit.
pub(super) struct Welcome;

impl super::unit::Unit for Welcome {
    /// The setup check that troubleshooting runs (it belongs to no step of the route).
    fn owns_job(&self, kind: super::jobs::JobKind) -> bool {
        matches!(kind, super::jobs::JobKind::Doctor)
    }

    fn page(&self, w: &super::Wizard) -> super::page::Page {
        let keys_dir = super::views::display_path(w.env.home.as_deref(), &w.env.keys_dir);
        form(&keys_dir, w.route()).page(Vec::new())
    }

    fn keys(&self, _w: &super::Wizard) -> super::unit::Keys {
        (CONTEXT, None, super::unit::NO_FIELDS.to_vec())
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
            out.onward = true;
        }
    }
}

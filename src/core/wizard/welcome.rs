//! Step 0, Welcome: what bblink will do. No state of its own; Enter starts the wizard.

use crate::core::key::Context;
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

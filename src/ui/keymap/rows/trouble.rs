//! The rows of troubleshooting, and the key that opens it from every screen.

use super::{Binding, ENTER, row};
use crate::core::keyboard::{Action, Code, Key};

pub(in crate::ui::keymap) const TROUBLESHOOT: Binding = row(
    &[Key::plain(Code::F(2))],
    Action::Troubleshoot,
    "troubleshoot",
    "Troubleshooting: every problem with its cause and fix, a log to diagnose, and this machine's SSH and git setup",
    false,
);
pub(in crate::ui::keymap) const TROUBLE_OPEN: Binding = row(
    &[ENTER],
    Action::Next,
    "open",
    "Open the chosen problem: its cause, fix and the screen that fixes it (type to filter)",
    true,
);
pub(in crate::ui::keymap) const TROUBLE_LOAD: Binding = row(
    &[Key::ctrl('o')],
    Action::Open,
    "load test transcript",
    "Load the connection test's transcript (redacted) to diagnose it",
    true,
);
pub(in crate::ui::keymap) const TROUBLE_RECHECK: Binding = row(
    &[Key::ch('r')],
    Action::Retest,
    "check again",
    "Check this machine's SSH and git setup again (as `bblink doctor` does)",
    true,
);
pub(in crate::ui::keymap) const TROUBLE_GO: Binding = row(
    &[ENTER],
    Action::Next,
    "go fix",
    "Go to the screen that fixes this problem",
    true,
);

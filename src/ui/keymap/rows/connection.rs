//! The rows that lead to and through the connection test: leaving the private key step, the
//! test itself, and the summary's copy keys.

use super::{Binding, ENTER, row};
use crate::core::keyboard::{Action, Key};

pub(in crate::ui::keymap) const PRIVATE_NEXT: Binding = row(
    &[ENTER],
    Action::Next,
    "test",
    "Go on to test the connection with this key, as the service will make it",
    true,
);
pub(in crate::ui::keymap) const TEST_RUN: Binding = row(
    &[ENTER, Key::ch('r')],
    Action::Next,
    "test",
    "Run the connection test (again)",
    true,
);
pub(in crate::ui::keymap) const TEST_FIX: Binding = row(
    &[Key::ch('f')],
    Action::Fix,
    "go fix",
    "Go to the step that fixes what the test found",
    true,
);
pub(in crate::ui::keymap) const TEST_TRUST: Binding = row(
    &[Key::ch('t')],
    Action::Trust,
    "trust",
    "Trust the host key the server showed, after comparing its fingerprint (recorded in bblink's own known_hosts)",
    true,
);
pub(in crate::ui::keymap) const TEST_NEXT: Binding = row(
    &[ENTER],
    Action::Next,
    "summary",
    "Go to the summary: what is set up and what is left to do in the service",
    true,
);
pub(in crate::ui::keymap) const DONE_COPY_URL: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy URL",
    "Copy the SSH URL for the service",
    true,
);
pub(in crate::ui::keymap) const DONE_COPY_KEY: Binding = row(
    &[Key::ch('k')],
    Action::CopyPrivate,
    "copy key",
    "Copy the private key for the service (taken off the clipboard again after 60 s unless it changed)",
    true,
);
pub(in crate::ui::keymap) const TEST_AGAIN: Binding = row(
    &[Key::ch('r')],
    Action::Retest,
    "test again",
    "Run the connection test again",
    true,
);
pub(in crate::ui::keymap) const TEST_CLEAR_MORE: Binding = row(
    &[Key::ch('x')],
    Action::Clear,
    "clear list",
    "Empty the list of other repositories to test",
    true,
);

//! The rows of the service URL, OAuth consumer, access token, webhook and done screens of
//! services that take no SSH key.

use super::{Binding, ENTER, ESC, TAB, row};
use crate::core::keyboard::Code;
use crate::core::keyboard::{Action, Key};

pub(in crate::ui::keymap) const ADDRESS_NEXT: Binding =
    row(&[ENTER], Action::Next, "next", "Go on with this URL", true);
pub(in crate::ui::keymap) const LIST_FOCUS: Binding = row(
    &[TAB],
    Action::FocusNext,
    "field/list",
    "Move between the field and the values to copy (paste works anywhere on this screen)",
    true,
);
pub(in crate::ui::keymap) const COPY_VALUE: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy",
    "Copy the selected value (a secret is taken off the clipboard after a delay, 60 s unless set)",
    true,
);
pub(in crate::ui::keymap) const CONSUMER_CHECK: Binding = row(
    &[ENTER],
    Action::Next,
    "check / next",
    "Check the key and secret at Bitbucket; once they pass, go on",
    true,
);
pub(in crate::ui::keymap) const MODE_NEXT: Binding = row(
    &[Key::ch('m')],
    Action::Cycle,
    "mode",
    "Choose what the consumer is for: sign-in and synchronization, sign-in only, or synchronization only",
    true,
);
pub(in crate::ui::keymap) const TOKEN_CHECK: Binding = row(
    &[ENTER],
    Action::Next,
    "check / next",
    "Check the token against the repository; once it passes, go on",
    true,
);
pub(in crate::ui::keymap) const HOOK_SAVE: Binding = row(
    &[ENTER],
    Action::Next,
    "create / next",
    "Create the webhook through the API (or update the one with this URL); once it is there, go on",
    true,
);
pub(in crate::ui::keymap) const NEW_SECRET: Binding = row(
    &[Key::ch('g')],
    Action::NewSecret,
    "new secret",
    "Make a new webhook secret (40 random characters)",
    true,
);
pub(in crate::ui::keymap) const SECRET_FOCUS: Binding = row(
    &[TAB],
    Action::FocusNext,
    "enter secret",
    "Move into the secret field to paste the secret your other repositories' webhooks use, or out of it",
    true,
);
pub(in crate::ui::keymap) const SHOW_SECRET: Binding = row(
    &[Key::ch('s')],
    Action::ToggleMask,
    "show",
    "Show or hide the webhook secret",
    false,
);
pub(in crate::ui::keymap) const HOOK_RETRY: Binding = row(
    &[Key::ch('r')],
    Action::Retest,
    "try again",
    "Try creating the webhook through the API again",
    true,
);
pub(in crate::ui::keymap) const KNOWN_HOSTS_OPEN: Binding = row(
    &[Key::plain(Code::F(4))],
    Action::KnownHostsSheet,
    "known_hosts",
    "known_hosts lines for your CI: Bitbucket's pinned host keys (or the Data Center key the test verified), never ssh-keyscan",
    false,
);
pub(in crate::ui::keymap) const CHECKLIST_OPEN: Binding = row(
    &[Key::plain(Code::F(5))],
    Action::Checklist,
    "checklist",
    "The service's checklist: rotating keys after someone's access is revoked, renaming a workspace or repository",
    false,
);
pub(in crate::ui::keymap) const SHEET_COPY: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy",
    "Copy the snippet",
    true,
);
pub(in crate::ui::keymap) const SHEET_FORMAT: Binding = row(
    &[Key::ch('f'), Key::plain(Code::Right)],
    Action::Cycle,
    "format",
    "The next format: plain, CircleCI, GitHub Actions, GitLab CI, Dockerfile",
    true,
);
pub(in crate::ui::keymap) const SHEET_CLOSE: Binding = row(
    &[
        ESC,
        Key::ch('q'),
        ENTER,
        Key::plain(Code::F(4)),
        Key::plain(Code::F(5)),
    ],
    Action::No,
    "close",
    "Close",
    true,
);

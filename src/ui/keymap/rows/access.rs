//! The rows of the public key step and of the access-key screens, and the keys that open
//! them.

use super::{Binding, ENTER, row};
use crate::core::keyboard::{Action, Code, Key};

pub(in crate::ui::keymap) const ACCESS_OPEN: Binding = row(
    &[Key::plain(Code::F(3))],
    Action::KeysScreen,
    "access keys",
    "The repository's access keys through Bitbucket's API: list, remove, rotate (F3 again closes)",
    false,
);
pub(in crate::ui::keymap) const ADD_FOR_ME: Binding = row(
    &[Key::ch('a')],
    Action::AccessKeys,
    "add it for me",
    "Add the public key to the repository for you through Bitbucket's API (needs a token)",
    true,
);
pub(in crate::ui::keymap) const ACCESS_SEND: Binding = row(
    &[ENTER],
    Action::Next,
    "send",
    "Send the request to Bitbucket with this credential",
    true,
);
pub(in crate::ui::keymap) const ACCESS_CONTINUE: Binding = row(
    &[ENTER],
    Action::Next,
    "continue",
    "Go on: the next step after an added key, the form again after a failure, the list after a removal",
    true,
);
pub(in crate::ui::keymap) const ACCESS_REMOVE: Binding = row(
    &[Key::ch('d')],
    Action::RemoveKey,
    "remove",
    "Remove the chosen access key from the repository (asks first)",
    true,
);
pub(in crate::ui::keymap) const ACCESS_ROTATE: Binding = row(
    &[Key::ch('r')],
    Action::RotateKey,
    "rotate",
    "Replace the chosen key: generate a new key, add it, test it; the old one goes only when you say",
    true,
);
pub(in crate::ui::keymap) const ACCESS_REFRESH: Binding = row(
    &[Key::ch('u')],
    Action::Retest,
    "refresh",
    "Read the repository's access keys again",
    true,
);
pub(in crate::ui::keymap) const ACCESS_REMOVE_OLD: Binding = row(
    &[Key::ch('d')],
    Action::RemoveKey,
    "remove old key",
    "Remove the old key, once the service has the new private key (asks first)",
    true,
);
pub(in crate::ui::keymap) const ACCESS_REMOVE_NEW: Binding = row(
    &[Key::ch('d')],
    Action::RemoveKey,
    "remove new key",
    "Remove the new key the failed rotation added (asks first); the old key was kept",
    true,
);
pub(in crate::ui::keymap) const ACCESS_TO_PRIVATE: Binding = row(
    &[ENTER],
    Action::Next,
    "private key",
    "Go to step 5 to check the new private key for the service",
    true,
);

pub(in crate::ui::keymap) const COPY_PUBLIC: Binding = row(
    &[Key::ch('c')],
    Action::Copy,
    "copy",
    "Copy the public key to the clipboard",
    true,
);
pub(in crate::ui::keymap) const WRITE_PUBLIC: Binding = row(
    &[Key::ch('w')],
    Action::WriteFile,
    "write file",
    "Write the public key to a file in the current directory",
    true,
);

//! Where a check's input comes from: a file or a pipe (`<(…)`), or standard input. Piped
//! input is read at once; at a terminal, `-` must be asked for, and then reads what is pasted
//! until Ctrl-D, without echo.

use std::path::Path;

use crate::adapters::files::Accept;
use crate::adapters::{keystore, stdin};
use crate::core::display;
use crate::core::secret::Secret;

/// Why the input could not be had, ready for [`super::out::Out::error`].
#[derive(Debug)]
pub struct Failure {
    /// Stable id.
    pub id: &'static str,
    /// What went wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
    /// The exit code.
    pub code: u8,
}

/// Input text, and whether the file it came from is readable by others.
pub struct Input {
    /// The text.
    pub text: Secret,
    /// The file can be read by other users.
    pub readable_by_others: bool,
}

/// Reads `path` (a file or pipe), or standard input for `-` or no path.
pub fn read(
    path: Option<&Path>,
    limit: usize,
    what: &str,
    example: &str,
) -> Result<Input, Failure> {
    match path {
        Some(p) if p != Path::new("-") => {
            let (text, insecure) =
                keystore::read_key_text(p, Accept::FilesAndPipes).map_err(|e| Failure {
                    id: e.id(),
                    message: e.to_string(),
                    fix: format!("Give the path of the {what} file, or pipe it in: {example}"),
                    code: 1,
                })?;
            Ok(Input {
                text,
                readable_by_others: insecure,
            })
        }
        explicit => {
            if stdin::is_terminal() && explicit.is_none() {
                return Err(Failure {
                    id: "usage",
                    message: format!("no {what} given"),
                    fix: format!(
                        "Give a file, pipe it in ({example}), or give - to paste it here."
                    ),
                    code: super::out::USAGE,
                });
            }
            let hidden = stdin::is_terminal().then(stdin::echo_off);
            match &hidden {
                Some(Some(_)) => super::out::say(&format!(
                    "Paste the {what}, then press Ctrl-D on a new line (it is not shown)."
                )),
                Some(None) => super::out::say(&format!(
                    "Paste the {what}, then press Ctrl-D on a new line. This terminal cannot hide it: it will be shown; pipe it in instead if others can see the screen."
                )),
                None => {}
            }
            let text = stdin::read(limit).map_err(|e| Failure {
                id: "io_error",
                message: format!("cannot read standard input: {e}"),
                fix: String::new(),
                code: 1,
            })?;
            Ok(Input {
                text: Secret::from(text),
                readable_by_others: false,
            })
        }
    }
}

/// A path as the fix texts quote it: escaped for the terminal and quoted for the shell.
pub fn quoted(path: &Path) -> String {
    display::shell_path(path)
}

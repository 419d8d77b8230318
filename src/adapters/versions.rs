//! The versions a support report names: the ssh and git on this computer (as they print them)
//! and the operating system. A missing program is reported as such, never an error.

use std::process::{Command, Stdio};

/// `ssh -V` (it prints on standard error), or `None` when ssh is missing.
pub fn ssh() -> Option<String> {
    first_line("ssh", &["-V"])
}

/// `git --version`, or `None` when git is missing.
pub fn git() -> Option<String> {
    first_line("git", &["--version"])
}

/// The operating system and architecture bblink was built for.
pub fn os() -> String {
    format!("{} {}", std::env::consts::OS, std::env::consts::ARCH)
}

fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .env_clear()
        .envs(crate::adapters::child_env::vars(
            crate::adapters::child_env::Inherit::UserSetup,
        ))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = if out.stdout.is_empty() {
        out.stderr
    } else {
        out.stdout
    };
    let line = String::from_utf8_lossy(&text)
        .lines()
        .next()?
        .trim()
        .to_string();
    (!line.is_empty()).then(|| crate::core::display::shortened(&line, 120))
}

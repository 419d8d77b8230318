//! The `known_hosts` lines as each CI takes them: plain lines, a `CircleCI` `run` step, a GitHub
//! Actions step, a GitLab CI `before_script`, a Dockerfile `RUN`. Each writes the lines into
//! `~/.ssh/known_hosts` with a quoted here-document, so nothing in them is expanded.

use std::fmt::Write as _;

use serde::Serialize;

/// Where the lines go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::EnumIter)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `known_hosts` lines, with comments.
    Plain,
    /// A `CircleCI` `run` step.
    Circleci,
    /// A `GitHub` Actions step.
    GithubActions,
    /// A `GitLab` CI `before_script`.
    GitlabCi,
    /// A Dockerfile `RUN` instruction.
    Dockerfile,
}

const MKDIR: &str = "mkdir -p ~/.ssh && chmod 700 ~/.ssh";

/// The here-document that appends `lines`, each line indented by `indent`.
fn heredoc(lines: &[String], indent: &str) -> String {
    let mut out = format!("{indent}cat >> ~/.ssh/known_hosts <<'KNOWN_HOSTS'\n");
    for l in lines {
        let _ = writeln!(out, "{indent}{l}");
    }
    let _ = writeln!(out, "{indent}KNOWN_HOSTS");
    out
}

/// The snippet for `format`: `comments` (without `#`) and `lines`.
pub fn render(format: Format, comments: &[String], lines: &[String]) -> String {
    let hashed = |indent: &str| {
        comments.iter().fold(String::new(), |mut out, c| {
            let _ = writeln!(out, "{indent}# {c}");
            out
        })
    };
    match format {
        Format::Plain => {
            let mut out = hashed("");
            for l in lines {
                out.push_str(l);
                out.push('\n');
            }
            out
        }
        Format::Circleci => format!(
            "{}- run:\n    name: Trust Bitbucket's SSH host keys\n    command: |\n      {MKDIR}\n{}",
            hashed(""),
            heredoc(lines, "      ")
        ),
        Format::GithubActions => format!(
            "{}- name: Trust Bitbucket's SSH host keys\n  run: |\n    {MKDIR}\n{}",
            hashed(""),
            heredoc(lines, "    ")
        ),
        Format::GitlabCi => format!(
            "{}before_script:\n  - {MKDIR}\n  - |\n{}",
            hashed(""),
            heredoc(lines, "    ")
        ),
        Format::Dockerfile => {
            let mut out = hashed("");
            out.push_str("RUN mkdir -p -m 0700 ~/.ssh && printf '%s\\n' \\\n");
            for l in lines {
                let _ = writeln!(out, "    '{l}' \\");
            }
            out.push_str("    >> ~/.ssh/known_hosts\n");
            out
        }
    }
}

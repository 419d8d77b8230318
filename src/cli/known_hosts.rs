//! `bblink known-hosts`: the lines (or a CI snippet) that trust Bitbucket's SSH host without
//! trust on first use, and `--check FILE [--fix]` for an existing `known_hosts`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;

use crate::adapters::dirs::Dirs;
use crate::adapters::files::{Accept, read_limited, replace_keeping_backup};
use crate::core::conntest::hostkeys::{self, HostKey};
use crate::core::display::terminal_safe;
use crate::core::known_hosts::{self, CLOUD_HOST, Format, Refused, Source};

use super::out::{Out, USAGE, verdict_code};

/// The snippet's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// known_hosts lines.
    Plain,
    /// A CircleCI run step.
    Circleci,
    /// A GitHub Actions step.
    GithubActions,
    /// A GitLab CI before_script.
    GitlabCi,
    /// A Dockerfile RUN instruction.
    Dockerfile,
}

/// `bblink known-hosts` options.
#[derive(Debug, Args)]
pub struct KnownHostsArgs {
    /// The SSH host (HOST or HOST:PORT): Bitbucket Cloud's pinned keys for ssh.bitbucket.org or
    /// bitbucket.org; for a Data Center, the key the connection test verified and you confirmed.
    #[arg(long, value_name = "HOST[:PORT]", default_value = CLOUD_HOST, conflicts_with = "check")]
    pub host: String,
    /// The shape of the output.
    #[arg(long, value_enum, default_value = "plain", conflicts_with = "check")]
    pub format: FormatArg,
    /// bblink's own known_hosts, where the connection test records the keys you confirmed
    /// [default: <data dir>/bblink/known_hosts, as for bblink test].
    #[arg(long, value_name = "FILE", conflicts_with = "check")]
    pub known_hosts: Option<PathBuf>,
    /// Check this known_hosts file instead (hashed entries included).
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// With --check: replace the file by a corrected copy (atomically; the old one is kept as
    /// FILE.bblink-backup).
    #[arg(long, requires = "check")]
    pub fix: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Plain => Format::Plain,
        FormatArg::Circleci => Format::Circleci,
        FormatArg::GithubActions => Format::GithubActions,
        FormatArg::GitlabCi => Format::GitlabCi,
        FormatArg::Dockerfile => Format::Dockerfile,
    }
}

/// `host` or `host:port` (a bracketed IPv6 address too).
fn host_port(text: &str) -> Option<(String, u16)> {
    let text = text.trim();
    let (host, port) = match text.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || h.starts_with('[') => (h, p.parse().ok()?),
        _ => (text, 22),
    };
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c));
    ok.then_some((host, port))
}

/// Runs `bblink known-hosts`.
pub fn run(a: &KnownHostsArgs) -> ExitCode {
    match &a.check {
        Some(path) => check(a, path),
        None => print(a),
    }
}

/// The keys bblink's own known_hosts holds for `host:port` (what the connection test verified).
fn verified(file: Option<&std::path::Path>, host: &str, port: u16) -> Vec<HostKey> {
    let path = match file {
        Some(p) => p.to_path_buf(),
        None => match Dirs::discover() {
            Ok(d) => d.known_hosts(),
            Err(_) => return Vec::new(),
        },
    };
    let text = read_limited(&path, 4 << 20, Accept::Files)
        .ok()
        .and_then(|(b, _)| String::from_utf8(b.to_vec()).ok())
        .unwrap_or_default();
    hostkeys::trusted_in(&text, host, port)
}

fn print(a: &KnownHostsArgs) -> ExitCode {
    let mut out = Out::new(a.json);
    let Some((host, port)) = host_port(&a.host) else {
        let msg = format!("--host {} is not a host name", terminal_safe(&a.host));
        return out.error(
            "usage",
            &msg,
            "Give HOST or HOST:PORT, e.g. bitbucket.acme.com:7999.",
            USAGE,
        );
    };
    let seen = verified(a.known_hosts.as_deref(), &host, port);
    let name = hostkeys::known_host_name(&host, port);
    let (comments, lines, source) = match known_hosts::lines_for(&host, port, &seen, &seen) {
        Ok((Source::Pinned, lines)) => (known_hosts::cloud_comment(), lines, "pinned"),
        Ok((Source::Verified, lines)) => {
            let comment = vec![format!(
                "{name}'s host key, as verified by bblink's connection test and confirmed by you."
            )];
            (comment, lines, "verified")
        }
        Err(Refused::Foreign(other)) => {
            let msg = format!(
                "the connection test saw {host} present {} {}, which is not one of the keys Atlassian publishes: lines with the published keys would fail there",
                other.kind(),
                other.fingerprint
            );
            let fix = "Do not trust it blindly: compare it with https://bitbucket.org/site/ssh and run bblink test from another network; remove it from bblink's known_hosts once resolved.";
            return out.error("known_hosts_unknown_key", &msg, fix, 1);
        }
        Err(Refused::Unverified) => {
            let msg = format!("bblink has not verified {name}'s host key");
            let fix = format!(
                "Run bblink test --url ssh://git@{host}:{port}/PROJECT/repo.git --key KEY: it shows the key's fingerprint to compare with your administrator's, and records it once you confirm."
            );
            return out.error("host_key_unknown", &msg, &fix, 1);
        }
    };
    let snippet = known_hosts::render(format_of(a.format), &comments, &lines);
    if a.json {
        let v =
            json!({"ok": true, "host": name, "source": source, "lines": lines, "snippet": snippet});
        return out.finish(&v, 0);
    }
    out.line(snippet.trim_end());
    out.finish(&json!({}), 0)
}

fn check(a: &KnownHostsArgs, path: &std::path::Path) -> ExitCode {
    let mut out = Out::new(a.json);
    // A file to fix is rewritten in place: it must be a regular file (a FIFO would block, a
    // device is nothing to replace). Only checking it, a pipe works too.
    let accept = if a.fix {
        Accept::Files
    } else {
        Accept::FilesAndPipes
    };
    let bytes = match read_limited(path, 4 << 20, accept) {
        Ok((b, _)) if b.len() > 4 << 20 => {
            let msg = format!(
                "{} is larger than 4 MB: not a known_hosts file",
                path.display()
            );
            return out.error(
                "too_large",
                &terminal_safe(&msg),
                "Give the known_hosts file.",
                1,
            );
        }
        Ok((b, _)) => b,
        Err(e) => {
            return out.error(
                e.id(),
                &terminal_safe(&e.to_string()),
                "Give a readable known_hosts file.",
                1,
            );
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        let msg = format!("{} is not text", path.display());
        return out.error(
            "not_text",
            &terminal_safe(&msg),
            "Give the known_hosts file (ssh writes text).",
            1,
        );
    };
    let c = known_hosts::check(text);
    let mut backup = None;
    if a.fix && c.fixed != text {
        match replace_keeping_backup(path, text.as_bytes(), c.fixed.as_bytes()) {
            Ok(b) => backup = Some(b),
            Err(e) => {
                let msg = format!("cannot write {}: {e}", path.display());
                return out.error("io_error", &terminal_safe(&msg), "Nothing was changed.", 1);
            }
        }
    }
    if !a.json {
        for f in &c.findings {
            let at = f.line.map_or_else(String::new, |n| format!("line {n}: "));
            out.line(format_args!(
                "{:>8} {}: {at}{}",
                f.severity.word(),
                f.id.as_str(),
                f.message
            ));
            out.line(format_args!("         fix: {}", f.fix));
        }
        match (&backup, c.ok) {
            (Some(b), _) => out.line(format_args!(
                "✓ Corrected {}; the old file is kept as {}.",
                terminal_safe(&path.display().to_string()),
                terminal_safe(&b.display().to_string())
            )),
            (None, true) => out.line("✓ Bitbucket's entries are right."),
            (None, false) if !a.fix => {
                out.line("--fix writes a corrected copy (the old file is kept).");
            }
            (None, false) => {}
        }
    }
    // After a fix the file is right: the exit code says so.
    let ok = c.ok || backup.is_some();
    let v = json!({"ok": ok, "findings": c.findings, "fixed": backup.is_some(),
                   "backup": backup.map(|b| b.display().to_string())});
    out.finish(&v, verdict_code(ok))
}

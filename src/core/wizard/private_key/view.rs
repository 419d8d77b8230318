//! What the private key screen shows, built from the step's state.

use crate::core::inspect::{Inspection, Kind};
use crate::core::key_file::ReadyKey;
use crate::core::keyboard::Action;
use crate::core::problem::Severity;
use crate::core::service::ServiceProfile;

use super::super::msg::Env;
use super::super::page::{Bit, Level, Said, Tone};
use super::super::views::display_path;
use super::{PrivateKeyStep, SecretCopy, SecretWrite};

/// What the private key screen shows.
#[allow(clippy::struct_excessive_bools)] // independent facts the screen shows
#[derive(Debug, Clone)]
pub struct PrivateKeyView<'a> {
    /// The verdict; `None` while nothing is pasted.
    pub verdict: Option<&'a Inspection>,
    /// The pasted key is hidden.
    pub masked: bool,
    /// The text area has focus.
    pub focused: bool,
    /// Lines and bytes of the text (for the masked view).
    pub size: (usize, usize),
    /// Clipboard status of the key.
    pub copy: &'a SecretCopy,
    /// Where `w` wrote it (shortened with `~`), or why not.
    pub written: Result<Option<String>, String>,
    /// A one-line note (a load failure, nothing to copy).
    pub note: Option<&'a str>,
    /// The key file is being read.
    pub loading: bool,
    /// The key file of step 2, shortened with `~`.
    pub key_file: Option<String>,
    /// Seconds a copied key stays on the clipboard.
    pub clear_after: u64,
    /// The chosen service.
    pub service: Option<&'a ServiceProfile>,
}

impl PrivateKeyStep {
    /// What the screen shows.
    pub fn view<'a>(
        &'a self,
        env: &Env,
        key: Option<&ReadyKey>,
        loading: bool,
        service: Option<&'a ServiceProfile>,
    ) -> PrivateKeyView<'a> {
        let home = env.home.as_deref();
        PrivateKeyView {
            verdict: self.verdict.as_ref(),
            masked: self.masked,
            focused: self.focused_field().is_some(),
            size: self.size,
            copy: &self.copy,
            written: match &self.written {
                SecretWrite::None => Ok(None),
                SecretWrite::Written(p) => Ok(Some(display_path(home, p))),
                SecretWrite::Failed(e) => Err(e.to_string()),
            },
            note: self.note.as_deref(),
            loading,
            key_file: key.map(|k| display_path(home, &k.private_path)),
            clear_after: env.clear_clipboard_after,
            service,
        }
    }
}

impl PrivateKeyView<'_> {
    /// What to paste, and the key that loads a file instead.
    pub fn intro(&self, key_step: u8) -> Said {
        let service = self.service.map_or("the service", |s| s.called());
        Said::plain(format!(
            "Paste the key as you will paste it into {service}; "
        ))
        .then_key(Action::Open)
        .then(Tone::Plain, " loads the key file.")
        .or_plain(format!(
            "Paste the private key exactly as you will paste it into {service}: bblink checks its format, type and passphrase, repairs copy-paste damage and compares it with the key of step {key_step}."
        ))
    }

    /// Under the key: a note, the file being read, the verdict with its findings (or what the
    /// check names), and how the key reaches the service.
    pub fn lines(&self, key_step: u8) -> Vec<Said> {
        let mut lines = Vec::new();
        if let Some(note) = self.note {
            lines.push(Said::new(Tone::Warn, note));
        }
        if self.loading {
            lines.push(Said::working("Reading the key file…").or_plain("Reading the key file…"));
        }
        match self.verdict {
            None => {
                lines.push(Said::new(
                    Tone::Dim,
                    format!(
                        "bblink names the exact problem: public key pasted instead, passphrase, PuTTY format, lost lines, extra spaces, a key that does not match step {key_step}."
                    ),
                ));
                if let Some(file) = &self.key_file {
                    lines.push(
                        Said::plain("Nothing pasted: ")
                            .then_key(Action::Copy)
                            .then(
                                Tone::Plain,
                                format!(" copies the key file of step {key_step} ({file})."),
                            )
                            .or_plain(format!("Or check the key file {file} (choice below).")),
                    );
                }
            }
            Some(v) => self.verdict_lines(&mut lines, v, key_step),
        }
        self.handover(&mut lines);
        lines
    }

    fn verdict_lines(&self, lines: &mut Vec<Said>, v: &Inspection, key_step: u8) {
        let what = match (v.kind, v.format) {
            (Kind::Unknown, _) => "not a key".to_string(),
            (Kind::Certificate, _) => "a certificate, not a key".to_string(),
            (Kind::Private, Some(f)) => format!("a private key ({f} format)"),
            (Kind::Public, Some(f)) => format!("a public key ({f} format)"),
            _ => "a key".to_string(),
        };
        let head = super::verdict(v);
        let (n, bytes) = self.size;
        lines.push(
            Said::new(head.level.into(), format!("{}: ", head.head()))
                .then(Tone::Plain, format!("this is {what}."))
                .or_plain(format!(
                    "{}: this is {what}; {n} line{}, {bytes} bytes pasted (not shown).",
                    head.head(),
                    if n == 1 { "" } else { "s" }
                )),
        );
        if let (Some(alg), Some(bits), Some(fp)) = (&v.algorithm, v.bits, &v.fingerprint) {
            lines.push(Said::new(
                Tone::Dim,
                format!("  {alg} · {bits} bits · {fp}"),
            ));
        }
        match v.matches_public_key {
            // A check mark only under a usable verdict: a match does not make a key usable.
            Some(true) => {
                if let Some((level, line)) = super::match_line(v, key_step) {
                    let tone = if level == Level::Warn {
                        Tone::Dim
                    } else {
                        level.into()
                    };
                    lines.push(Said::new(tone, format!("  {line}")));
                }
            }
            None if self.key_file.is_none() => lines.push(Said::new(
                Tone::Dim,
                format!("  No key from step {key_step} to compare with."),
            )),
            _ => {}
        }
        let repairs = !v.ok && v.usable();
        for (i, problem) in v.problems.iter().enumerate() {
            // The same fix for the next problem too: said once, after both.
            let same_next = v.problems.get(i + 1).is_some_and(|n| n.fix == problem.fix);
            let fix = if same_next { "" } else { problem.fix.as_str() };
            // Damage the repair undoes is a warning beside the repaired key.
            let severity = if repairs && problem.id.is_damage() {
                Severity::Warning
            } else {
                problem.severity
            };
            lines.extend(Said::problem(severity, problem.message.clone(), fix));
        }
    }

    /// How the key reaches the service: copying (and the clipboard's clearing), writing.
    fn handover(&self, lines: &mut Vec<Said>) {
        let usable = self.verdict.is_none_or(Inspection::usable);
        let repaired = self.verdict.is_some_and(|v| v.repaired);
        let (what, what_cap) = if repaired {
            ("the repaired key", "Repaired key")
        } else {
            ("the key", "Key")
        };
        let after = self.clear_after;
        let copy = match self.copy {
            SecretCopy::Idle if usable && (self.verdict.is_some() || self.key_file.is_some()) => {
                let said = Said::key(
                    Action::Copy,
                    format!(" copies {what} for the service; the clipboard is cleared after {after} s. "),
                )
                .then_key(Action::Next)
                .then(Tone::Plain, " tests the connection with it.");
                Some(if repaired {
                    said.or_plain("The damage was repaired: copy or write the repaired key (choices below) and give that one to the service.")
                } else {
                    said
                })
            }
            SecretCopy::Idle => None,
            SecretCopy::Copying => Some(Said::working("Copying…").or_plain("Copying…")),
            SecretCopy::Copied => Some(Said::new(
                Tone::Title,
                format!(
                    "✓ {what_cap} copied. The clipboard is cleared in {after} s (unless you copy something else)."
                ),
            )),
            SecretCopy::Cleared => Some(
                Said::new(
                    Tone::Title,
                    format!("{what_cap} taken off the clipboard after {after} s; "),
                )
                .then_key(Action::Copy)
                .then(Tone::Title, " copies it again.")
                .or_plain(format!("{what_cap} taken off the clipboard after {after} s.")),
            ),
            // The key is a file already: say where, rather than offer to write another copy.
            SecretCopy::Unavailable(reason) => Some(match &self.key_file {
                Some(file)
                    if !repaired
                        && self.verdict.is_none_or(|v| v.matches_public_key == Some(true)) =>
                {
                    Said::new(
                        Tone::Title,
                        format!("No clipboard ({reason}): give the service the contents of {file}; the summary ("),
                    )
                    .then_bit(Bit::Jump(crate::core::step::Step::Done))
                    .then(Tone::Title, ") shows commands that copy it.")
                }
                _ => Said::new(Tone::Title, format!("No clipboard ({reason}): "))
                    .then_key(Action::WriteFile)
                    .then(Tone::Title, format!(" writes {what} to a file readable by you only."))
                    .or_plain(format!(
                        "No clipboard ({reason}): write {what} to a file instead (choice below)."
                    )),
            }),
        };
        lines.extend(copy);
        match &self.written {
            Ok(Some(path)) => lines.push(Said::new(
                Tone::Ok,
                format!("✓ Written to {path} (readable by you only)."),
            )),
            Err(e) => lines.push(Said::new(Tone::Error, format!("✗ Not written: {e}."))),
            Ok(None) => {}
        }
    }
}

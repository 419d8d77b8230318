//! The key screen's controls: which ones Tab moves through, and what the arrows choose in
//! each row.

use crate::core::ssh_keys::{KeyAlgorithm, KeyFormat};

use super::{KeyFocus, KeySource, KeyStep};

impl KeyStep {
    /// The controls Tab moves through, in order.
    pub(super) fn order(&self) -> Vec<KeyFocus> {
        let mut order = match self.source {
            KeySource::Generate if self.algorithm == KeyAlgorithm::Ed25519 => {
                vec![KeyFocus::Source, KeyFocus::Type, KeyFocus::Label]
            }
            KeySource::Generate => vec![
                KeyFocus::Source,
                KeyFocus::Type,
                KeyFocus::Format,
                KeyFocus::Label,
            ],
            KeySource::Existing => vec![KeyFocus::Source, KeyFocus::Path],
        };
        if self.locked.is_some() {
            order.push(KeyFocus::Passphrase);
        }
        order
    }

    /// Moves the focus to the next (or previous) control.
    pub(super) fn cycle(&mut self, forward: bool) {
        let order = self.order();
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = order.len();
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus = order[j];
    }

    /// ↑/↓: the control above or below; the first and last rows stay put (no wrapping).
    pub(super) fn row(&mut self, down: bool) {
        let order = self.order();
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let j = if down {
            (i + 1).min(order.len().saturating_sub(1))
        } else {
            i.saturating_sub(1)
        };
        if let Some(f) = order.get(j) {
            self.focus = *f;
        }
    }

    /// The focused row's options and the one chosen now (`None` on a text field).
    fn options(&self) -> Option<(usize, usize)> {
        match self.focus {
            KeyFocus::Source => Some((2, usize::from(self.source == KeySource::Existing))),
            KeyFocus::Type => {
                let all = KeyAlgorithm::CHOICES;
                let i = all.iter().position(|a| *a == self.algorithm).unwrap_or(0);
                Some((all.len(), i))
            }
            KeyFocus::Format => Some((2, usize::from(self.format == KeyFormat::Pem))),
            KeyFocus::Label | KeyFocus::Path | KeyFocus::Passphrase => None,
        }
    }

    /// Whether the focus is on a row of options.
    pub(super) fn in_options(&self) -> bool {
        self.options().is_some()
    }

    /// ←/→: the option to the left or right in the focused row; the ends stay put.
    pub(super) fn choose(&mut self, right: bool) {
        let Some((n, i)) = self.options() else {
            return;
        };
        let j = if right {
            (i + 1).min(n - 1)
        } else {
            i.saturating_sub(1)
        };
        if j == i {
            return;
        }
        match self.focus {
            KeyFocus::Source => {
                self.source = if j == 0 {
                    KeySource::Generate
                } else {
                    KeySource::Existing
                };
                self.error = None;
                self.locked = None;
            }
            KeyFocus::Type => {
                if let Some(a) = KeyAlgorithm::CHOICES.get(j) {
                    self.algorithm = *a;
                }
                if !self.format.fits(self.algorithm) {
                    self.format = KeyFormat::Openssh;
                }
            }
            KeyFocus::Format => {
                let format = if j == 0 {
                    KeyFormat::Openssh
                } else {
                    KeyFormat::Pem
                };
                if format.fits(self.algorithm) {
                    self.format = format;
                }
            }
            KeyFocus::Label | KeyFocus::Path | KeyFocus::Passphrase => {}
        }
    }
}

impl KeyStep {
    /// Option `n` of one of the lists (a chooser that is not the arrows).
    pub(in crate::core::wizard) fn choose_option(
        &mut self,
        list: super::super::page::List,
        n: usize,
    ) {
        use super::super::page::List;
        match list {
            List::Source => {
                self.focus = KeyFocus::Source;
                let source = if n == 0 {
                    KeySource::Generate
                } else {
                    KeySource::Existing
                };
                if source != self.source {
                    self.choose(source == KeySource::Existing);
                }
            }
            List::Algorithm => {
                if let Some(a) = KeyAlgorithm::CHOICES.get(n) {
                    self.focus = KeyFocus::Type;
                    self.algorithm = *a;
                    if !self.format.fits(self.algorithm) {
                        self.format = KeyFormat::Openssh;
                    }
                }
            }
            List::Format => {
                let format = if n == 0 {
                    KeyFormat::Openssh
                } else {
                    KeyFormat::Pem
                };
                if format.fits(self.algorithm) {
                    self.focus = KeyFocus::Format;
                    self.format = format;
                }
            }
            _ => {}
        }
    }
}

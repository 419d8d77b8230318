//! Colours and emphasis. With `NO_COLOR` set, only bold, reverse and underline are used.

use ratatui::style::{Color, Modifier, Style};

/// The styles screens draw with.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Titles and the current step.
    pub title: Style,
    /// Secondary text.
    pub dim: Style,
    /// Keys in hints.
    pub key: Style,
    /// Success.
    pub ok: Style,
    /// Warnings.
    pub warn: Style,
    /// Errors.
    pub error: Style,
    /// The focused control.
    pub focus: Style,
    /// Values the user copies (keys, paths).
    pub value: Style,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set (to anything non-empty).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::plain(),
            _ => Self::color(),
        }
    }

    /// The colour theme.
    pub fn color() -> Self {
        Self {
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
            warn: Style::new().fg(Color::Yellow),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            focus: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            value: Style::new().fg(Color::White).add_modifier(Modifier::BOLD),
        }
    }

    /// No colours at all.
    pub fn plain() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            title: bold,
            dim: Style::new(),
            key: bold,
            ok: bold,
            warn: bold,
            error: bold.add_modifier(Modifier::UNDERLINED),
            focus: Style::new().add_modifier(Modifier::REVERSED),
            value: bold,
        }
    }
}

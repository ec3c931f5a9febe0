//! Styles for the screen. With colour, only the 16 basic ANSI colours; with
//! `NO_COLOR`, only bold, reverse and underline, so that meaning never rests
//! on colour alone (wish letters and emotion signs carry it in text too).

use crate::model::{Emotion, Wish};
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn base(self) -> Style {
        Style::new()
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected card, row or field: reversed, so it shows without colour.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The selected card's marker, wish and emotion: reversed only, so that a
    /// cursor move costs few bytes on a slow link.
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn tab_active(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn modified(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn wish(self, wish: Option<Wish>) -> Style {
        match wish {
            Some(Wish::Conscious) => self.fg(Color::Blue),
            Some(Wish::Subconscious) => self.fg(Color::Green),
            Some(Wish::Deception) => self.fg(Color::Yellow),
            Some(Wish::Invisible) => self.fg(Color::Magenta),
            None => self.dim(),
        }
    }

    pub fn emotion(self, emotion: Option<Emotion>) -> Style {
        match emotion.map(Emotion::value) {
            Some(-2) => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Some(-1) => self.fg(Color::Red),
            Some(1) => self.fg(Color::Green),
            Some(2) => self.fg(Color::Green).add_modifier(Modifier::BOLD),
            _ => Style::new(),
        }
    }

    pub fn border(self) -> Style {
        self.dim()
    }

    /// Text being typed into.
    pub fn input(self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}

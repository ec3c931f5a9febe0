//! Styles for the screen, in three themes (`storage::ThemeName`):
//!
//! - **default**: the 16 basic ANSI colours, dim grey for what matters less;
//! - **projector**: for a shared screen whose greys wash out: no dim grey,
//!   bold throughout, heavier marks ([`Theme::marks`]);
//! - **monochrome**: no colour at all, as with `NO_COLOR`.
//!
//! Without colour (monochrome, or `NO_COLOR`, which wins over any theme),
//! only bold, reverse and underline, so that meaning never rests on colour
//! alone (wish letters and emotion signs carry it in text too).

use crate::model::{Emotion, Wish};
use crate::storage::ThemeName;
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    color: bool,
    /// Bold throughout, no dim grey, heavier marks: the projector theme.
    heavy: bool,
}

/// The marks a theme draws the emotion lane and the board's rules with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marks {
    /// A scored touchpoint on the as-is curve, and the dots between them.
    pub as_is: &'static str,
    pub as_is_join: &'static str,
    /// A touchpoint with no emotion yet, on the baseline.
    pub unscored: &'static str,
    /// An aim on the to-be curve, and the dashes between them.
    pub to_be: &'static str,
    pub to_be_join: &'static str,
    /// The lane's zero line.
    pub baseline: &'static str,
    /// The line between stage columns.
    pub rule: &'static str,
}

impl Theme {
    /// The default theme, in colour.
    pub const DEFAULT: Theme = Theme {
        color: true,
        heavy: false,
    };
    pub const PROJECTOR: Theme = Theme {
        color: true,
        heavy: true,
    };
    pub const MONOCHROME: Theme = Theme {
        color: false,
        heavy: false,
    };

    /// The theme `name`, without colour when `no_color`.
    pub fn named(name: ThemeName, no_color: bool) -> Theme {
        let theme = match name {
            ThemeName::Default => Theme::DEFAULT,
            ThemeName::Projector => Theme::PROJECTOR,
            ThemeName::Monochrome => Theme::MONOCHROME,
        };
        Theme {
            color: theme.color && !no_color,
            ..theme
        }
    }

    /// The theme `name`, without colour if `NO_COLOR` is set to anything
    /// non-empty (no-color.org): it wins over a colour theme.
    pub fn chosen(name: ThemeName) -> Theme {
        Theme::named(name, no_color())
    }

    /// The default theme, as `NO_COLOR` leaves it.
    pub fn from_env() -> Theme {
        Theme::chosen(ThemeName::Default)
    }

    pub fn has_color(self) -> bool {
        self.color
    }

    /// The heavy marks of the projector theme, or the usual light ones.
    pub fn marks(self) -> Marks {
        if self.heavy {
            Marks {
                as_is: "●",
                as_is_join: "•",
                unscored: "○",
                to_be: "◆",
                to_be_join: "=",
                baseline: "╌",
                rule: "┃",
            }
        } else {
            Marks {
                as_is: "●",
                as_is_join: "·",
                unscored: "○",
                to_be: "◇",
                to_be_join: "-",
                baseline: "┈",
                rule: "│",
            }
        }
    }

    /// `style`, made bold in the projector theme.
    fn weigh(self, style: Style) -> Style {
        if self.heavy {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            self.weigh(Style::new().fg(color))
        } else {
            self.weigh(Style::new())
        }
    }

    /// What the whole screen and each dialog is filled with first.
    pub fn base(self) -> Style {
        self.weigh(Style::new())
    }

    /// What matters less: dark grey; in the projector theme, plain bold.
    pub fn dim(self) -> Style {
        if self.color && !self.heavy {
            Style::new().fg(Color::DarkGray)
        } else {
            self.base()
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
        self.weigh(Style::new().add_modifier(Modifier::REVERSED))
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
            _ => self.base(),
        }
    }

    pub fn border(self) -> Style {
        self.dim()
    }

    /// Text being typed into.
    pub fn input(self) -> Style {
        self.weigh(Style::new().add_modifier(Modifier::UNDERLINED))
    }
}

/// Whether `NO_COLOR` is set to anything non-empty (no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

//! Styled text for the command line. Renderers write ANSI styles into plain
//! strings; `anstream` strips them when the stream is not a terminal or
//! `NO_COLOR` is set, so no renderer needs to know where its text goes.

use crate::model::{Emotion, Wish};
use anstyle::{AnsiColor, Style};
use std::io::Write;

pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const DONE: Style = AnsiColor::Green.on_default();

/// `text` wrapped in `style`.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

pub fn wish_style(wish: Option<Wish>) -> Style {
    match wish {
        Some(Wish::Conscious) => AnsiColor::Blue.on_default().bold(),
        Some(Wish::Subconscious) => AnsiColor::Green.on_default().bold(),
        Some(Wish::Deception) => AnsiColor::Yellow.on_default().bold(),
        Some(Wish::Invisible) | None => DIM,
    }
}

pub fn emotion_style(emotion: Option<Emotion>) -> Style {
    match emotion.map(Emotion::value) {
        Some(-2) => AnsiColor::Red.on_default().bold(),
        Some(-1) => AnsiColor::Red.on_default(),
        Some(1) => AnsiColor::Green.on_default(),
        Some(2) => AnsiColor::Green.on_default().bold(),
        _ => Style::new(),
    }
}

/// Writes data to stdout, colour stripped where it does not belong.
pub fn out(text: &str) {
    let mut stdout = anstream::stdout();
    // A closed pipe (`cxmap plan x | head`) is not worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Writes a diagnostic line to stderr.
pub fn note(text: &str) {
    let _ = writeln!(anstream::stderr(), "{text}");
}

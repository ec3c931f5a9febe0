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

/// The terminal's width when stdout is one (at least 40), else `None`: a
/// table's last column is cut to fit on a screen, never in a file or pipe.
pub fn terminal_columns() -> Option<usize> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    ratatui::crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w).max(40))
}

/// Writes data to stdout, colour stripped where it does not belong.
/// Map text in it cannot pass for a CI runner's command (`ci_inert`).
pub fn out(text: &str) {
    write_out(&ci_inert(&terminal_safe(text)));
}

/// Writes data to stdout as it is, but for what `terminal_safe` writes
/// out: for exports, whose bytes must be the file's, and for output that
/// is CI commands by design (`check --format github`, whose map text is
/// escaped as the runner reads it).
pub fn out_exact(text: &str) {
    write_out(&terminal_safe(text));
}

/// Writes text already made safe to stdout.
fn write_out(text: &str) {
    let mut stdout = anstream::stdout();
    // A closed pipe (`cxmap plan x | head`) is not worth a panic.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// `text` with nothing a CI runner would take for a command of its own:
/// GitHub's runner reads `::name::` at the start of a line and the older
/// `##[name]` anywhere in one, on stdout and stderr alike, so a map whose
/// name holds `##[error]...` (or a line break, then `::add-mask::`) could
/// forge annotations or stop the real ones. The first `#` or `:` is
/// written out as an escape (`\u{23}`, `\u{3a}`), as control characters are.
pub fn ci_inert(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("##[") && !text.contains("::") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let line = match line.strip_prefix("::") {
            Some(rest) => {
                safe.push_str("\\u{3a}:");
                rest
            }
            None => line,
        };
        safe.push_str(&line.replace("##[", "\\u{23}#["));
    }
    std::borrow::Cow::Owned(safe)
}

/// A JSON document as `out` may print it unchanged: serde_json escapes
/// control characters itself, and the characters that reorder text are
/// written as JSON's own escapes (`\u202e`), so the text stays valid JSON and
/// means what it said.
pub fn json(value: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(value).expect("JSON values always print");
    crate::share::json::escape_reordering(&text)
}

/// Writes a diagnostic line to stderr.
pub fn note(text: &str) {
    let _ = writeln!(anstream::stderr(), "{}", ci_inert(&terminal_safe(text)));
}

/// `text` as it may reach a terminal: colours (SGR sequences, as `paint`
/// writes them) kept, every other control character written as an escape
/// (`\u{1b}`). Maps cannot hold one, but file names and arguments can, and
/// an escape code in a message could retitle a window or rewrite the screen.
/// Characters that reorder text are written out too: in a review they
/// could make a name read as something else.
fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| (c.is_control() && !matches!(c, '\n' | '\t')) || crate::text::reorders(c);
    let risky = text
        .char_indices()
        .any(|(at, c)| unsafe_char(c) && !(c == '\x1b' && sgr_len(&text[at..]) > 0));
    if !risky {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let sgr = if c == '\x1b' { sgr_len(rest) } else { 0 };
        if sgr > 0 {
            safe.push_str(&rest[..sgr]);
            rest = &rest[sgr..];
            continue;
        }
        if unsafe_char(c) {
            safe.push_str(&crate::text::escaped(c));
        } else {
            safe.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(safe)
}

/// The length of the SGR sequence (`ESC [ digits ; ... m`) `text` starts
/// with, or 0.
fn sgr_len(text: &str) -> usize {
    let Some(params) = text.strip_prefix("\x1b[") else {
        return 0;
    };
    let digits = params
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b';')
        .count();
    // Only what `paint` writes: bold, dim, the basic colours and resets. A
    // file name holding ESC[8m (concealed) or ESC[5m (blinking) is no colour
    // of ours, and is written out like any other escape.
    let ours = |p: &str| {
        p.is_empty()
            || p.parse::<u8>()
                .is_ok_and(|n| matches!(n, 0..=2 | 22 | 30..=37 | 39 | 90..=97))
    };
    let known = params[..digits].split(';').all(ours);
    if known && params.as_bytes().get(digits) == Some(&b'm') {
        2 + digits + 1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_that_are_no_colour_of_ours_are_written_out() {
        assert_eq!(terminal_safe("hid\x1b[8mden.ron"), "hid\\u{1b}[8mden.ron");
        assert_eq!(terminal_safe("a\x1b[5;31mb"), "a\\u{1b}[5;31mb");
        for style in [BOLD, DIM, WARNING, ERROR, DONE] {
            let painted = paint(style, "x");
            assert_eq!(terminal_safe(&painted), painted, "{painted:?}");
        }
    }

    #[test]
    fn colours_pass_and_other_control_characters_are_written_out() {
        let painted = paint(ERROR, "error");
        assert_eq!(terminal_safe(&painted), painted);
        assert_eq!(
            terminal_safe("a\x1b]0;PWNED\x07.ron: cannot read\n"),
            "a\\u{1b}]0;PWNED\\u{7}.ron: cannot read\n"
        );
        assert_eq!(terminal_safe("\x1b[2J\x1b[1m"), "\\u{1b}[2J\x1b[1m");
        assert_eq!(terminal_safe("plain\ttext"), "plain\ttext");
    }
}

//! Maps in other formats: exports for people and programs (Markdown, CSV,
//! Mermaid, HTML, JSON) and imports that start a map from another tool's
//! text. Text in, text out: nothing here touches a file or a terminal
//! (`cli/export.rs` and `cli/import.rs` do). Uses `model` and `text` only.
//!
//! An import never drops anything silently: what it cannot hold as it was is
//! a [`Note`] at its line, which the command prints.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod mermaid;

use crate::model::{Date, Map};
use std::fmt;

#[cfg(test)]
mod tests {
    #[test]
    fn a_message_quoting_a_huge_line_is_cut_in_the_middle() {
        let message = format!("line `{}` needs a colon", "y".repeat(5_000_000));
        let error = super::ImportError {
            line: 3,
            column: 1,
            message,
        };
        let text = error.to_string();
        assert!(text.len() < 600, "{}", text.len());
        assert!(text.starts_with("3:1: line `yyy") && text.ends_with("yyy` needs a colon"));
        assert!(text.contains("(4999541 characters left out)"), "{text}");
    }
}

/// What an export may need besides the map: the date that decides what is
/// overdue, for the plan and the checks.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    pub today: Date,
}

/// A map read from another format, with what the reading had to change.
#[derive(Debug)]
pub struct Imported {
    pub map: Map,
    pub notes: Vec<Note>,
}

impl Imported {
    /// The map an import made, with its notes, if it keeps the rules every
    /// map keeps (`model::validate`: ids used once, none named `map`, links
    /// that point somewhere); otherwise the first rule it breaks.
    pub fn checked(map: Map, notes: Vec<Note>) -> Result<Imported, ImportError> {
        Imported::checked_at(map, notes, |_, _| None)
    }

    /// [`Imported::checked`], the error at the place `place` finds for the
    /// id a broken rule is about (and which time it is written: 0 the
    /// first, 1 a duplicate), or at 1:1.
    pub fn checked_at(
        map: Map,
        notes: Vec<Note>,
        place: impl Fn(&str, usize) -> Option<(usize, usize)>,
    ) -> Result<Imported, ImportError> {
        match crate::model::validate(&map).into_iter().next() {
            Some(problem) => {
                let (line, column) = place(&problem.id, problem.occurrence).unwrap_or((1, 1));
                Err(ImportError {
                    line,
                    column,
                    message: format!("{} (id {})", problem.message, problem.id),
                })
            }
            None => Ok(Imported { map, notes }),
        }
    }
}

/// Something an import could not hold as it was written, at its line
/// (1-based) of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A note may quote the input: never a control character from it.
        write!(f, "{}: {}", self.line, shown(&self.message))
    }
}

/// An input that gives no map at all, at its line and column (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, shown(&self.message))
    }
}

impl std::error::Error for ImportError {}

/// A message as it is printed: control characters written out, and one
/// that quotes a whole long line of the input (a line of 5 MB, say) cut in
/// the middle, so that the start and the hint at its end still show.
fn shown(message: &str) -> String {
    const ENDS: usize = 240;
    let message = crate::text::printable(message);
    let count = message.chars().count();
    if count <= 2 * ENDS + 20 {
        return message;
    }
    let start: String = message.chars().take(ENDS).collect();
    let end: String = message.chars().skip(count - ENDS).collect();
    format!(
        "{start} … ({} characters left out) … {end}",
        count - 2 * ENDS
    )
}

/// `bytes` as text, for the formats that are UTF-8 and nothing else (JSON,
/// by its standard): otherwise an error at the first byte that is not,
/// saying what to do.
pub fn utf8(bytes: &[u8]) -> Result<&str, ImportError> {
    std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        let before = std::str::from_utf8(&bytes[..at]).expect("UTF-8 up to there");
        let (line, column) = place_after(before);
        ImportError {
            line,
            column,
            message: format!(
                "this is not UTF-8 text (the byte 0x{:02X} is not UTF-8): save the file as \
                 UTF-8 (a text editor's Save As names the encoding) and import it again",
                bytes[at]
            ),
        }
    })
}

/// The line and column (1-based; the column in characters) of what comes
/// right after `before`. A line ends in LF, CRLF or a lone CR, as the CSV
/// reader has it; a byte-order mark at the start takes no column.
pub fn place_after(before: &str) -> (usize, usize) {
    let before = before.strip_prefix('\u{feff}').unwrap_or(before);
    let (mut line, mut column, mut chars) = (1, 1, before.chars().peekable());
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            (line, column) = (line + 1, 1);
        } else if c != '\r' {
            column += 1;
        }
    }
    (line, column)
}

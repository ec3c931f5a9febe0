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
        match crate::model::validate(&map).into_iter().next() {
            Some(problem) => Err(ImportError {
                line: 1,
                column: 1,
                message: format!("{} (id {})", problem.message, problem.id),
            }),
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
        write!(
            f,
            "{}: {}",
            self.line,
            crate::text::printable(&self.message)
        )
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
        write!(
            f,
            "{}:{}: {}",
            self.line,
            self.column,
            crate::text::printable(&self.message)
        )
    }
}

impl std::error::Error for ImportError {}

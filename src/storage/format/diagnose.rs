//! ron's errors in words a map's author knows, at the spot a person should
//! fix. ron reports where its parser stopped, which is not always where the
//! fault is: before the blank space in front of a stray line, for one.

use super::ParseError;
use super::outline::skip_blank;
use ron::error::{Position, SpannedError};

pub fn locate(text: &str, error: &SpannedError) -> ParseError {
    let at = skip_blank(text, offset(text, &error.span.start));
    let (line, column) = position(text, at);
    ParseError {
        line,
        column,
        message: describe(&error.code),
    }
}

/// The byte offset of a position ron gives (1-based line, column in
/// characters), clamped to the line and the text.
fn offset(text: &str, at: &Position) -> usize {
    let line_start = match at.line {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    line_start
        + line
            .char_indices()
            .nth(at.col.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

/// 1-based line and column in characters of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// ron's message, reworded where a map's author would not know its terms.
fn describe(error: &ron::Error) -> String {
    use ron::Error as E;
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let within = |outer: &Option<String>| {
        outer
            .as_deref()
            .map(|o| format!(" in a {}", o.replace('_', " ")))
            .unwrap_or_default()
    };
    match error {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "unknown field `{found}`{}: this cxmap knows {} (a newer cxmap may have written it)",
            within(outer),
            list(expected)
        ),
        E::MissingStructField { field, outer } => {
            format!("missing field `{field}`{}", within(outer))
        }
        E::DuplicateStructField { field, outer } => {
            format!("field `{field}` appears twice{}", within(outer))
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("value").replace('_', " ");
            format!("`{found}` is not a {what}: use one of {}", list(expected))
        }
        E::Eof => "the file ends too early: something is not closed".to_owned(),
        E::ExceededRecursionLimit => "nested too deeply to be a map".to_owned(),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or(text)
        }
    }
}

//! ron's errors in words a map's author knows, at the spot a person should
//! fix. ron reports where its parser stopped, which is often past the fault:
//! before the blank space in front of a stray line, or far on from a string
//! whose closing quote is missing.

use super::ParseError;
use super::outline::{self, skip_blank};
use ron::error::{Position, SpannedError};

pub fn locate(text: &str, error: &SpannedError) -> ParseError {
    use ron::Error as E;
    let start = offset(text, &error.span.start);
    let at = skip_blank(text, start);
    let before = outline::read(text, at);
    // A string with no closing quote runs on to the next quote, usually
    // the opening quote of a later string, and ron trips right after it.
    if let Some(string) = before.last_string.clone()
        && string.end == at
        && swallowed_fields(&text[string.start + 1..string.end - 1])
    {
        let runs_to = position(text, string.end - 1);
        return unclosed_string(text, string.start, &format!("{}:{}", runs_to.0, runs_to.1));
    }
    let content_end = text.trim_end().len();
    let whole = outline::read(text, text.len());
    if let E::ExpectedStringEnd = error.code
        && let Some((quote, _)) = &whole.open_string
        && text[*quote..content_end].contains('\n')
    {
        return unclosed_string(text, *quote, "the end of the file");
    }
    let (line, column) = position(text, at);
    ParseError {
        line,
        column,
        message: describe(&error.code),
    }
}

/// Whether a string's text holds the end of a line and then ends where a
/// value begins (`id: `, `Text(`), as one that swallowed fields does.
fn swallowed_fields(inside: &str) -> bool {
    inside.contains('\n') && inside.trim_end().ends_with([':', '(', '[', ','])
}

fn unclosed_string(text: &str, quote: usize, runs_to: &str) -> ParseError {
    let (line, column) = position(text, quote);
    ParseError {
        line,
        column,
        message: format!(
            "this string is never closed: put a `\"` where it should end \
             (as it is, it runs on to {runs_to})"
        ),
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

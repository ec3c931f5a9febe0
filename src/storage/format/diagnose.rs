//! ron's errors turned into the spot a person should fix, in words a map's
//! author knows. ron reports where its parser stopped, which is often past
//! the fault: after the whitespace before a stray line, at the `)` of a
//! touchpoint that lacks a field, far on from a string whose closing quote
//! is missing, or inside the last word of a file that was cut short.

use super::ParseError;
use super::outline::{self, Open, skip_blank};
use ron::error::{Position, SpannedError};

pub fn locate(text: &str, error: &SpannedError) -> ParseError {
    use ron::Error as E;
    let start = offset(text, &error.span.start);
    let end = offset(text, &error.span.end);
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
    if (matches!(error.code, E::Eof | E::ExpectedStringEnd) || end >= content_end)
        && let Some(error) = cut_short(text, &whole, content_end)
    {
        return error;
    }
    let at = match error.code {
        // ron notices a missing field at the `)`; the `(` starts the item.
        E::MissingStructField { .. } if text[at..].starts_with(')') => before
            .open
            .last()
            .filter(|open| open.bracket == b'(')
            .map_or(at, |open| open.at),
        _ => at,
    };
    let (line, column) = position(text, at);
    ParseError {
        line,
        column,
        message: describe(&error.code),
    }
}

/// Where ron's error is, past the blanks and comments before it, as a 1-based
/// line and a column in characters; for files that are not maps (the
/// config), which get none of the map's rewording.
pub fn spot(text: &str, error: &SpannedError) -> (usize, usize) {
    position(text, skip_blank(text, offset(text, &error.span.start)))
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

/// The error for a file that ends while something in it is still open.
fn cut_short(text: &str, whole: &outline::Outline, content_end: usize) -> Option<ParseError> {
    let (what, from) = match &whole.open_string {
        Some((quote, field)) => {
            let within = name(&whole.open);
            let what = match field {
                Some(field) => format!("the `{field}` of {within}"),
                None => within,
            };
            (what, *quote)
        }
        None => (name(&whole.open), whole.open.last()?.at),
    };
    let (line, column) = position(text, content_end);
    let starts = position(text, from);
    Some(ParseError {
        line,
        column,
        message: format!(
            "the file ends in the middle of {what}, which starts at {}:{}; \
             the rest of the map is missing",
            starts.0, starts.1
        ),
    })
}

/// What the innermost open bracket is, in the map's words: "a touchpoint",
/// "the list of stages", "the `root_cause` of a touchpoint".
fn name(open: &[Open]) -> String {
    let Some((last, outer)) = open.split_last() else {
        return "the map".to_owned();
    };
    match last.field.as_deref() {
        Some(field) if last.bracket == b'[' && item(field).is_some() => {
            format!("the list of {field}")
        }
        Some(field) => format!("the `{field}` of {}", unnamed(outer)),
        None => unnamed(open),
    }
}

/// What the innermost open bracket is, leaving out the field it is the
/// value of: the map, or an item of one of its lists.
fn unnamed(open: &[Open]) -> String {
    let Some((last, outer)) = open.split_last() else {
        return "the map".to_owned();
    };
    let list = outer
        .last()
        .filter(|o| o.bracket == b'[')
        .and_then(|o| o.field.as_deref());
    match (last.bracket, list) {
        (b'(', None) if outer.is_empty() => "the map".to_owned(),
        (b'(', Some(list)) => {
            item(list).map_or_else(|| format!("an item of the `{list}` list"), str::to_owned)
        }
        (b'[', _) => "a list".to_owned(),
        _ => "a value in brackets".to_owned(),
    }
}

/// One of the things a list of the map holds.
fn item(list: &str) -> Option<&'static str> {
    Some(match list {
        "stages" => "a stage",
        "touchpoints" => "a touchpoint",
        "verbatims" => "a verbatim",
        "actions" => "an action",
        "conflicts" => "a conflict",
        _ => return None,
    })
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
pub fn describe(error: &ron::Error) -> String {
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
            .map(|o| {
                let article = if o.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                format!(" in {article} {}", o.replace('_', " "))
            })
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

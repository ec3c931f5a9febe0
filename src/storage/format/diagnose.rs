//! ron's errors in words a map's author knows, at the spot a person should
//! fix.

use super::ParseError;
use ron::error::SpannedError;

pub fn locate(_text: &str, error: &SpannedError) -> ParseError {
    ParseError {
        line: error.span.start.line,
        column: error.span.start.col,
        message: describe(&error.code),
    }
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

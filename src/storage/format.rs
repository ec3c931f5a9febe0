//! The map file: RON with a format version, written in one canonical form so
//! that the same map always gives the same bytes and a one-field change is a
//! one-line diff.

use crate::model::{Map, Stage};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The format this cxmap writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct FileOut<'m> {
    format: u32,
    title: &'m str,
    #[serde(skip_serializing_if = "str::is_empty")]
    persona: &'m str,
    stages: &'m [Stage],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "map")]
struct FileIn {
    format: u32,
    title: String,
    #[serde(default)]
    persona: String,
    #[serde(default)]
    stages: Vec<Stage>,
}

/// Only the version, read leniently, so that a newer file is refused for
/// being newer rather than for the fields it added.
#[derive(Deserialize)]
#[serde(rename = "map")]
struct VersionProbe {
    #[serde(default)]
    format: u32,
}

/// Where in the text something is wrong: 1-based line, and column in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The canonical text of a map: UTF-8, `\n` line ends, four-space indents, no
/// struct names, characters written as themselves, ending in one newline.
pub fn to_canonical(map: &Map) -> String {
    let config = PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let file = FileOut {
        format: FORMAT_VERSION,
        title: &map.title,
        persona: &map.persona,
        stages: &map.stages,
    };
    let mut text = ron::Options::default()
        .to_string_pretty(&file, config)
        .expect("a map always serialises: it holds only strings, numbers and enums");
    text.push('\n');
    if text.contains('\r') {
        // Strings are written raw, so a carriage return can only come from
        // inside one: keep the file's line ends `\n`, as everywhere else.
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    text
}

pub fn parse(text: &str) -> Result<Map, ParseError> {
    let options = ron::Options::default().with_default_extension(Extensions::empty());
    let probe: VersionProbe = options.from_str(text).map_err(ron_error)?;
    if probe.format > FORMAT_VERSION {
        let v = probe.format;
        {
            let (line, column) = field_position(text, "format");
            return Err(ParseError {
                line,
                column,
                message: format!(
                    "this map is in format {v}, written by a newer cxmap; this one reads up to format {FORMAT_VERSION}: please upgrade cxmap"
                ),
            });
        }
    }
    let file: FileIn = options.from_str(text).map_err(ron_error)?;
    if file.format == 0 {
        let (line, column) = field_position(text, "format");
        return Err(ParseError {
            line,
            column,
            message: "format 0 does not exist; the first format is 1".into(),
        });
    }
    Ok(Map {
        title: file.title,
        persona: file.persona,
        stages: file.stages,
    })
}

/// Line and column of the first line that starts with `field`, or 1:1.
fn field_position(text: &str, field: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, line)| {
            let indent = line.len() - line.trim_start().len();
            line.trim_start()
                .starts_with(field)
                .then(|| (i + 1, line[..indent].chars().count() + 1))
        })
        .unwrap_or((1, 1))
}

fn ron_error(error: ron::error::SpannedError) -> ParseError {
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

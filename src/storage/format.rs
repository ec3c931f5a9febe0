//! The map file: RON with a format version, written in one canonical form so
//! that the same map always gives the same bytes and a one-field change is a
//! one-line diff.

mod canonical;
pub(super) mod diagnose;
mod outline;

use crate::model::{Conflict, Entry, Map, Persona, Shared, Stage, format_needed, kinds};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};

/// The newest format this cxmap reads. It writes the oldest one that holds
/// a map ([`format_needed`]).
pub const FORMAT_VERSION: u32 = 3;

#[derive(Serialize)]
struct FileOut<'m> {
    format: u32,
    title: &'m str,
    #[serde(skip_serializing_if = "str::is_empty")]
    persona: &'m str,
    #[serde(skip_serializing_if = "<[Persona]>::is_empty")]
    personas: &'m [Persona],
    stages: &'m [Shared<Stage>],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "map")]
struct FileIn {
    format: u32,
    title: String,
    #[serde(default)]
    persona: String,
    #[serde(default)]
    personas: Vec<Persona>,
    #[serde(default)]
    stages: Vec<Shared<Stage>>,
    #[serde(default)]
    conflicts: Vec<Entry>,
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
        // The message may quote the file: never a control character from it.
        let message = crate::text::printable(&self.message);
        write!(f, "{}:{}: {message}", self.line, self.column)
    }
}

impl std::error::Error for ParseError {}

/// The canonical text of a map: UTF-8, `\n` line ends, four-space indents, no
/// struct names, characters written as themselves, ending in one newline.
pub fn to_canonical(map: &Map) -> String {
    let mut text = String::with_capacity(map.touchpoint_count() * 1024 + 256);
    write_canonical(map, &mut text).expect("writing to a String cannot fail");
    text
}

/// Writes the canonical text of a map into `out`, piece by piece, so that a
/// large map is never held twice in memory.
pub fn write_canonical(map: &Map, out: &mut impl fmt::Write) -> fmt::Result {
    let config = PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .escape_strings(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let file = FileOut {
        // The oldest format that holds the map, so that an older cxmap reads
        // it if it can and otherwise says it is too old.
        format: format_needed(map),
        title: &map.title,
        persona: &map.persona,
        personas: &map.personas,
        stages: &map.stages,
        conflicts: map.conflicts.iter().map(Conflict::entry).collect(),
    };
    let mut out = NoCarriageReturns {
        out,
        after_cr: false,
    };
    ron::Options::default()
        .to_writer_pretty(&mut out, &file, config)
        .map_err(|_| fmt::Error)?;
    out.write_str("\n")
}

/// Strings are written raw, so a carriage return can only come from inside
/// one: it becomes `\n` (and `\r\n` one `\n`) to keep the file's line ends
/// `\n` everywhere.
struct NoCarriageReturns<'w, W: fmt::Write> {
    out: &'w mut W,
    after_cr: bool,
}

impl<W: fmt::Write> fmt::Write for NoCarriageReturns<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if s.is_empty() {
            return Ok(());
        }
        if !(s.contains('\r') || self.after_cr && s.starts_with('\n')) {
            self.after_cr = false;
            return self.out.write_str(s);
        }
        for c in s.chars() {
            match c {
                '\r' => self.out.write_char('\n')?,
                '\n' if self.after_cr => {}
                c => self.out.write_char(c)?,
            }
            self.after_cr = c == '\r';
        }
        Ok(())
    }
}

/// Reads a map from its text: a file in the canonical form (what cxmap
/// saves) by `canonical`'s reader, anything else, and any error, by ron.
pub fn parse(text: &str) -> Result<Map, ParseError> {
    let file = match canonical::read(text) {
        Some(file) => file,
        None => read_ron(text)?,
    };
    into_map(text, file)
}

/// A canonical file's head, up to and with the line that opens its list of
/// stages (`    stages: [`), read as a map with no stages yet; `None` for a
/// head the canonical reader declines or a format this cxmap does not
/// read as it is (the whole text then says why).
pub(super) fn canonical_head(head: &str) -> Option<Map> {
    let file = canonical::read(&format!("{head}    ],\n)\n"))?;
    (file.format > 0 && file.format <= FORMAT_VERSION && file.conflicts.is_empty()).then(|| Map {
        title: file.title,
        persona: file.persona,
        personas: file.personas,
        stages: Vec::new(),
        conflicts: Vec::new(),
    })
}

/// One stage of a canonical file, from its `(` to its `)`.
pub(super) fn canonical_stage(text: &str) -> Option<Stage> {
    canonical::read_stage(text)
}

/// The map a file read holds, if this cxmap reads its format.
fn into_map(text: &str, file: FileIn) -> Result<Map, ParseError> {
    if file.format > FORMAT_VERSION {
        return Err(newer_format(text).expect("the version probe reads what the full parse read"));
    }
    if file.format == 0 {
        let (line, column) = field_position(text, "format");
        return Err(ParseError {
            line,
            column,
            message: "format 0 does not exist; the first format is 1".into(),
        });
    }
    // A conflict names its item by id alone: what kind of item that is
    // comes from the map.
    let conflicts = if file.conflicts.is_empty() {
        Vec::new()
    } else {
        let kinds = kinds(&file.stages, &file.personas);
        file.conflicts
            .into_iter()
            .map(|entry| Conflict::read(entry, &kinds))
            .collect()
    };
    Ok(Map {
        title: file.title,
        persona: file.persona,
        personas: file.personas,
        stages: file.stages,
        conflicts,
    })
}

/// The file read by ron, whatever its layout, or ron's error moved to the
/// spot to fix.
fn read_ron(text: &str) -> Result<FileIn, ParseError> {
    let options = ron::Options::default().with_default_extension(Extensions::empty());
    options.from_str(text).map_err(|error| {
        // A newer format may have fields this cxmap does not know: say that
        // it is newer, not that its fields are wrong.
        newer_format(text).unwrap_or_else(|| diagnose::locate(text, &error))
    })
}

/// The error for a file in a format newer than this cxmap reads, if it is one.
fn newer_format(text: &str) -> Option<ParseError> {
    let options = ron::Options::default().with_default_extension(Extensions::empty());
    let probe: VersionProbe = options.from_str(text).ok()?;
    let v = probe.format;
    (v > FORMAT_VERSION).then(|| {
        let (line, column) = field_position(text, "format");
        ParseError {
            line,
            column,
            message: format!(
                "this map is in format {v}, written by a newer cxmap; this one reads up to format {FORMAT_VERSION}: please upgrade cxmap"
            ),
        }
    })
}

/// Line and column of the first line that starts with `field`, or 1:1.
fn field_position(text: &str, field: &str) -> (usize, usize) {
    // Not a line of a string or a comment that happens to start so.
    let quoted = super::lexer::pieces(text);
    let inside = |at: usize| quoted.iter().any(|(_, span)| span.contains(&at));
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        let indent = line.len() - line.trim_start().len();
        let named = line.trim_start().strip_prefix(field);
        if named.is_some_and(|rest| rest.trim_start().starts_with(':')) && !inside(start + indent) {
            return (i + 1, line[..indent].chars().count() + 1);
        }
        start += line.len() + 1;
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personas_and_their_scores_are_written_in_format_3_and_read_back() {
        use crate::model::{Emotion, Persona, PersonaId, PersonaScore, generated_map};
        let mut map = generated_map(3);
        map.personas.clear();
        for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
            tp.by_persona.clear();
        }
        assert!(to_canonical(&map).starts_with("(\n    format: 2,\n"));
        let id = PersonaId::parse("p-kadri").unwrap();
        map.personas.push(Persona::new(id.clone(), "Kadri"));
        map.stages[0].touchpoints[0].by_persona = vec![PersonaScore {
            emotion: Emotion::new(-2),
            ..PersonaScore::unset(id)
        }];
        let text = to_canonical(&map);
        assert!(text.starts_with("(\n    format: 3,\n"), "{text}");
        assert!(text.contains(
            "    personas: [\n        (\n            id: \"p-kadri\",\n            name: \"Kadri\",\n        ),\n    ],\n"
        ));
        assert!(text.contains("by_persona: [\n"), "{text}");
        assert_eq!(parse(&text), Ok(map));
    }

    #[test]
    fn carriage_returns_become_newlines_across_chunks() {
        let mut text = String::new();
        let mut out = NoCarriageReturns {
            out: &mut text,
            after_cr: false,
        };
        for chunk in ["a\r", "\nb\rc", "\r", "", "\nd\r\n"] {
            out.write_str(chunk).unwrap();
        }
        assert_eq!(text, "a\nb\nc\nd\n");
    }
}

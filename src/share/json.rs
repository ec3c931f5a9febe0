//! The whole map as JSON, for other programs: the same fields as the map
//! file (see `docs/format.md`), in the same order, described by the JSON
//! Schema in `assets/cxmap-map.schema.json`. `import` reads it back.

use super::{ImportError, Imported};
use crate::model::{Conflict, Entry, Map, Persona, Shared, Stage, format_needed, kinds};
use serde::{Deserialize, Serialize};

/// Where the schema says it is published; also the `$id` in the schema.
pub const SCHEMA_ID: &str = "https://cxmap.dev/schema/map.schema.json";

#[derive(Serialize)]
struct Out<'m> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    format: u32,
    title: &'m str,
    persona: &'m str,
    #[serde(skip_serializing_if = "<[Persona]>::is_empty")]
    personas: &'m [Persona],
    stages: &'m [Shared<Stage>],
    conflicts: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct In {
    #[serde(rename = "$schema", default)]
    _schema: Option<String>,
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

/// The map as pretty-printed JSON, ending in a newline. Characters that
/// reorder text are written as JSON escapes (`\u202e`), so the text means
/// what it says wherever it is shown.
pub fn export(map: &Map) -> String {
    let out = Out {
        schema: SCHEMA_ID,
        format: format_needed(map),
        title: &map.title,
        persona: &map.persona,
        personas: &map.personas,
        stages: &map.stages,
        conflicts: map.conflicts.iter().map(Conflict::entry).collect(),
    };
    let text = serde_json::to_string_pretty(&out).expect("a map always serializes");
    escape_reordering(&text)
}

/// `text` (JSON) with each character that reorders text as a `\uXXXX`
/// escape, and the first `#` of `##[` (which GitHub's runner reads as a
/// command wherever it is printed); both can only stand inside strings,
/// where the escape means the same.
pub fn escape_reordering(text: &str) -> String {
    let mut safe = String::with_capacity(text.len() + 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // `##[` would read as a command to GitHub's runner wherever the
        // JSON is printed: its first `#` as an escape means the same.
        if c == '#' && text_continues(&chars, "#[") {
            safe.push_str("\\u0023");
        } else if crate::text::reorders(c) {
            safe.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            safe.push(c);
        }
    }
    safe.push('\n');
    safe
}

/// Where `"id": ID` is written the `nth` time (0-based) in `text`: the
/// line and column (1-based, in characters) of the id's opening quote.
fn id_place(text: &str, id: &str, nth: usize) -> Option<(usize, usize)> {
    let quoted = serde_json::to_string(id).ok()?;
    let at = text
        .match_indices(&quoted)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = text[..at].trim_end_matches(|c: char| c.is_whitespace());
            before
                .strip_suffix(':')
                .map(|b| b.trim_end_matches(|c: char| c.is_whitespace()))
                .is_some_and(|b| b.ends_with("\"id\""))
        })
        .nth(nth)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// Whether `chars` go on with `rest`.
fn text_continues(chars: &std::iter::Peekable<std::str::Chars>, rest: &str) -> bool {
    chars.clone().take(rest.chars().count()).eq(rest.chars())
}

/// Reads a map written by [`export`] (or by another program to the schema).
pub fn import(text: &str) -> Result<Imported, ImportError> {
    // Notepad and some Windows tools start UTF-8 with a byte-order mark,
    // which JSON does not allow but means nothing here.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let input: In = serde_json::from_str(text).map_err(|error| ImportError {
        line: error.line().max(1),
        column: error.column().max(1),
        message: error
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or("")
            .to_owned(),
    })?;
    if input.format == 0 || input.format > crate::storage::FORMAT_VERSION {
        return Err(ImportError {
            line: 1,
            column: 1,
            message: format!(
                "format {} is not one this cxmap reads (1 to {})",
                input.format,
                crate::storage::FORMAT_VERSION
            ),
        });
    }
    let conflicts = {
        let kinds = kinds(&input.stages, &input.personas);
        input
            .conflicts
            .into_iter()
            .map(|entry| Conflict::read(entry, &kinds))
            .collect()
    };
    let map = Map {
        title: input.title,
        persona: input.persona,
        personas: input.personas,
        stages: input.stages,
        conflicts,
    };
    Imported::checked_at(map, Vec::new(), |id, nth| id_place(text, id, nth))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_go_out_and_come_back_the_same() {
        for text in [
            include_str!("../../maps/business-account.ron"),
            include_str!("../../maps/kodune-internet.ron"),
        ] {
            let map = crate::storage::from_bytes(text.as_bytes()).unwrap().map;
            let back = import(&export(&map)).unwrap();
            assert_eq!(back.map, map);
            assert!(back.notes.is_empty());
        }
    }

    #[test]
    fn personas_and_their_scores_go_out_and_come_back_and_a_score_for_none_is_refused() {
        let map = crate::model::generated_map(60);
        assert!(!map.personas.is_empty());
        let json = export(&map);
        assert!(json.contains("\"personas\": ["), "{json}");
        assert!(json.contains("\"by_persona\": ["));
        assert_eq!(import(&json).unwrap().map, map);
        let broken = json.replacen("\"persona\": \"p-00000\"", "\"persona\": \"p-gone\"", 1);
        let error = import(&broken).unwrap_err();
        assert!(
            error
                .message
                .contains("the map has no persona with that id"),
            "{}",
            error.message
        );
    }

    #[test]
    fn reordering_characters_are_escaped_and_come_back() {
        let mut map = Map {
            title: "evil\u{202e}txt.exe".into(),
            ..Map::default()
        };
        map.persona = "ok".into();
        let json = export(&map);
        assert!(json.contains("evil\\u202etxt.exe"), "{json}");
        assert!(!json.contains('\u{202e}'));
        assert_eq!(import(&json).unwrap().map.title, map.title);
    }

    #[test]
    fn a_byte_order_mark_before_the_document_is_no_error() {
        let map = crate::storage::from_bytes(include_bytes!("../../maps/kodune-internet.ron"))
            .unwrap()
            .map;
        let back = import(&format!("\u{feff}{}", export(&map))).unwrap();
        assert_eq!(back.map, map);
    }

    #[test]
    fn an_id_used_twice_is_an_error_where_it_is_written_the_second_time() {
        let text = "{\"format\": 1, \"title\": \"T\", \"stages\": [\n  {\"id\": \"s-1\", \"name\": \"A\"},\n  {\"id\":\"s-1\", \"name\": \"B\"}\n]}";
        let error = import(text).unwrap_err();
        assert_eq!((error.line, error.column), (3, 9), "{error}");
        assert!(error.message.contains("s-1"), "{error}");
    }

    #[test]
    fn a_broken_document_says_where() {
        let error = import("{\n  \"format\": 1,\n  \"title\": 3\n}").unwrap_err();
        assert_eq!((error.line, error.column), (3, 12), "{error}"); // at the 3
        assert!(error.message.contains("expected a string"), "{error}");
    }
}

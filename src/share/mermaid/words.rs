//! A value as written in a diagram made into text a map can hold: the
//! space Mermaid trims taken off, line breaks (`<br>`) made spaces where
//! Mermaid draws them, entity codes (`#35;`, `#quot;`) made the characters
//! Mermaid draws, and control characters, which a map refuses, taken out;
//! each change said in a note.

use super::js_space;
use std::fmt::Write;

/// The named entity codes read as characters (HTML's names); any other
/// stays as written, with a note.
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("num", '#'),
    ("semi", ';'),
    ("colon", ':'),
    ("comma", ','),
    ("percnt", '%'),
    ("excl", '!'),
    ("quest", '?'),
    ("lpar", '('),
    ("rpar", ')'),
    ("hellip", '…'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("bull", '•'),
    ("middot", '·'),
    ("deg", '°'),
    ("times", '×'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("euro", '€'),
    ("pound", '£'),
    ("hearts", '♥'),
    ("larr", '←'),
    ("rarr", '→'),
];

/// `raw` as text for a map, and what had to change, in words. With
/// `breaks`, `<br>` (`<br/>`, `</br>`, any case) is a line break, as
/// Mermaid draws it in names.
pub fn text(raw: &str, breaks: bool) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let mut value = raw.trim_matches(js_space).to_owned();
    if breaks && let Some(joined) = join_lines(&value) {
        value = joined;
        notes.push(format!(
            "a line break (`<br>`) in `{}` became a space: a name in a map is one line",
            crate::text::truncate(&value, 40)
        ));
    }
    let value = decode(&value, &mut notes);
    let value = without_controls(value, &mut notes);
    (value, notes)
}

/// `text` with each `<br>` a space (and the space around it one), or
/// `None` when it has none.
fn join_lines(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut found = false;
    while let Some(n) = rest.find('<') {
        let tag = &rest[n + 1..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let is_break = tag.len() >= 2 && tag.as_bytes()[..2].eq_ignore_ascii_case(b"br");
        let end = is_break.then(|| {
            let after = tag[2..].trim_start_matches(js_space);
            let after = after.strip_prefix('/').unwrap_or(after);
            after.strip_prefix('>').map(|a| rest.len() - a.len())
        });
        match end.flatten() {
            Some(end) => {
                out.push_str(rest[..n].trim_end_matches(js_space));
                out.push(' ');
                rest = rest[end..].trim_start_matches(js_space);
                found = true;
            }
            None => {
                out.push_str(&rest[..=n]);
                rest = &rest[n + 1..];
            }
        }
    }
    out.push_str(rest);
    found.then(|| out.trim_matches(js_space).to_owned())
}

/// Entity codes (`#\w+;`, as Mermaid finds them) as their characters:
/// decimal ones (`#35;`) and the named ones in [`NAMED`].
fn decode(text: &str, notes: &mut Vec<String>) -> String {
    if !text.contains('#') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(n) = rest.find('#') {
        out.push_str(&rest[..n]);
        let after = &rest[n + 1..];
        let word = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if word == 0 || !after[word..].starts_with(';') {
            out.push('#');
            rest = after;
            continue;
        }
        let name = &after[..word];
        let code = &rest[n..n + word + 2];
        rest = &after[word + 1..];
        let decimal = name.bytes().all(|b| b.is_ascii_digit());
        let character = if decimal {
            name.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
        };
        match character {
            Some(c) if !c.is_control() => out.push(c),
            Some(c) => {
                notes.push(format!(
                    "`{code}` is a control character (U+{:04X}), which a map cannot hold: kept as written",
                    u32::from(c)
                ));
                out.push_str(code);
            }
            None => {
                notes.push(format!(
                    "`{code}` is no character cxmap knows: kept as written"
                ));
                out.push_str(code);
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` with tabs as spaces and other control characters taken out.
fn without_controls(text: String, notes: &mut Vec<String>) -> String {
    if !text.chars().any(char::is_control) {
        return text;
    }
    let mut dropped = String::new();
    let mut tabs = false;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => {
                tabs = true;
                out.push(' ');
            }
            c if c.is_control() => {
                let _ = write!(dropped, " U+{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    let shown = crate::text::truncate(&out, 40);
    if tabs {
        notes.push(format!("tabs in `{shown}` became spaces"));
    }
    if !dropped.is_empty() {
        notes.push(format!(
            "control characters ({}) in `{shown}` are taken out: a map cannot hold them",
            dropped.trim_start()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_codes_become_their_characters() {
        let (value, notes) = text("  Item #35;3#59; #quot;x#quot; #9829; ", false);
        assert_eq!(value, "Item #3; \"x\" ♥");
        assert!(notes.is_empty());
    }

    #[test]
    fn unknown_and_control_codes_stay_as_written_and_say_so() {
        let (value, notes) = text("a #foo; b #27; c #x41;", false);
        assert_eq!(value, "a #foo; b #27; c #x41;");
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[1].contains("U+001B"), "{notes:?}");
    }

    #[test]
    fn line_breaks_in_names_become_one_space() {
        let (value, notes) = text(
            "Line1<br>Line2<br/>Line3</br />Line4<BR\t/>Line5 < br>",
            true,
        );
        assert_eq!(value, "Line1 Line2 Line3 Line4 Line5 < br>");
        assert_eq!(notes.len(), 1);
        let (value, notes) = text("a<br>b", false);
        assert_eq!(value, "a<br>b", "kept where Mermaid draws no break");
        assert!(notes.is_empty());
    }

    #[test]
    fn tabs_become_spaces_and_other_controls_go() {
        let (value, notes) = text("a\tb\u{1b}[31mc\u{0}", false);
        assert_eq!(value, "a b[31mc");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[1].contains("U+001B U+0000"), "{notes:?}");
    }
}

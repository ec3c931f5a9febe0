//! Which line of a map file each id is written on, so that findings can point
//! at `path:line` like a compiler does.

use std::collections::HashMap;

/// The 1-based line and character column of the first `field:` written
/// outside strings and comments: where a finding about the map's own
/// `title` points.
pub fn field_place(text: &str, field: &str) -> Option<(usize, usize)> {
    let pieces = super::lexer::pieces(text);
    let quoted = |at: usize| pieces.iter().any(|(_, span)| span.contains(&at));
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = text[from..].find(field) {
        let at = from + found;
        from = at + field.len();
        let before = text[..at].chars().next_back();
        let key = !before.is_some_and(word)
            && !text[from..].starts_with(word)
            && text[from..].trim_start().starts_with(':');
        if key && !quoted(at) {
            let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let line = text[..at].matches('\n').count() + 1;
            return Some((line, text[line_start..at].chars().count() + 1));
        }
    }
    None
}

#[derive(Debug, Default)]
pub struct LineIndex {
    /// Each id's places, in file order: 1-based line and character column of
    /// the `id` before it.
    places: HashMap<String, Vec<(usize, usize)>>,
}

impl LineIndex {
    /// Finds every `id: "..."` in the text.
    pub fn new(text: &str) -> LineIndex {
        let mut places = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let mut from = 0;
            while let Some(found) = line[from..].find("id") {
                let at = from + found;
                from = at + 2;
                let before = line[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let after = line[from..].trim_start();
                let Some(value) = after.strip_prefix(':').map(str::trim_start) else {
                    continue;
                };
                let Some(quoted) = value.strip_prefix('"') else {
                    continue;
                };
                if let Some(end) = quoted.find('"') {
                    let column = line[..at].chars().count() + 1;
                    places
                        .entry(quoted[..end].to_owned())
                        .or_insert_with(Vec::new)
                        .push((number + 1, column));
                }
            }
        }
        LineIndex { places }
    }

    /// The 1-based line an id is first written on.
    pub fn line_of(&self, id: &str) -> Option<usize> {
        self.nth_line_of(id, 0)
    }

    /// The line of the `n`th place (from 0) an id is written, for duplicates.
    pub fn nth_line_of(&self, id: &str, n: usize) -> Option<usize> {
        self.nth_place_of(id, n).map(|(line, _)| line)
    }

    /// The line and column of the `id` of the `n`th place (from 0) an id is
    /// written, so that even a map on one line points at the right one.
    pub fn nth_place_of(&self, id: &str, n: usize) -> Option<(usize, usize)> {
        self.places
            .get(id)
            .and_then(|places| places.get(n))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_in_pretty_and_compact_text() {
        let text = "(\n  stages: [(id: \"s-1\", name: \"x\", touchpoints: [(id:\"t-1\")])],\n  id: \"a-1\",\n)";
        let index = LineIndex::new(text);
        assert_eq!(index.line_of("s-1"), Some(2));
        assert_eq!(index.line_of("t-1"), Some(2));
        assert_eq!(index.line_of("a-1"), Some(3));
        assert_eq!(index.line_of("t-2"), None);
    }

    #[test]
    fn ignores_fields_that_merely_end_in_id() {
        let index = LineIndex::new("(valid: \"no\",\n id: \"yes\")");
        assert_eq!(index.line_of("no"), None);
        assert_eq!(index.line_of("yes"), Some(2));
    }

    #[test]
    fn columns_count_characters_to_each_place() {
        let index = LineIndex::new("(title: \"Õõ漢😀\", a: (id: \"x\"), b: (id: \"x\"))");
        assert_eq!(index.nth_place_of("x", 0), Some((1, 21)));
        assert_eq!(index.nth_place_of("x", 1), Some((1, 35)));
        assert_eq!(index.nth_place_of("x", 2), None);
    }

    #[test]
    fn a_field_is_found_outside_strings_and_comments() {
        let text = "(\n  // title: a comment\n  name: \"title: in a string\",\n  subtitle: 1,\n  title : \"T\",\n)";
        assert_eq!(field_place(text, "title"), Some((5, 3)));
        assert_eq!(field_place("(title:\"x\")", "title"), Some((1, 2)));
        assert_eq!(field_place("(name: \"x\")", "title"), None);
    }
}

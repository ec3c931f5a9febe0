//! Which line of a map file each id is written on, so that findings can point
//! at `path:line` like a compiler does.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct LineIndex {
    lines: HashMap<String, Vec<usize>>,
}

impl LineIndex {
    /// Finds every `id: "..."` in the text.
    pub fn new(text: &str) -> LineIndex {
        let mut lines = HashMap::new();
        for (number, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("id") {
                let before = rest[..at].chars().next_back();
                let after = rest[at + 2..].trim_start();
                rest = &rest[at + 2..];
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let Some(value) = after.strip_prefix(':').map(str::trim_start) else {
                    continue;
                };
                let Some(quoted) = value.strip_prefix('"') else {
                    continue;
                };
                if let Some(end) = quoted.find('"') {
                    lines
                        .entry(quoted[..end].to_owned())
                        .or_insert_with(Vec::new)
                        .push(number + 1);
                }
            }
        }
        LineIndex { lines }
    }

    /// The 1-based line an id is first written on.
    pub fn line_of(&self, id: &str) -> Option<usize> {
        self.nth_line_of(id, 0)
    }

    /// The line of the `n`th place (from 0) an id is written, for duplicates.
    pub fn nth_line_of(&self, id: &str, n: usize) -> Option<usize> {
        self.lines.get(id).and_then(|lines| lines.get(n)).copied()
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
}

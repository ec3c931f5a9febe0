//! A rough reading of RON text that holds up however broken the text is:
//! where its strings and comments are, and which brackets are still open at
//! a point, with the field each one opens. ron says where its parser gave up;
//! this is what lets an error point at the fault instead.

use crate::storage::lexer::{Piece, after_block_comment, closed, pieces};
use std::ops::Range;

/// A bracket still open at the point read up to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open {
    /// Byte offset of the bracket.
    pub at: usize,
    pub bracket: u8,
    /// The field it is the value of: `stages` for the `[` in `stages: [`,
    /// `root_cause` for the `(` in `root_cause: Text(`.
    pub field: Option<String>,
}

/// What is open at a point of the text, and what came just before it.
#[derive(Debug, Default)]
pub struct Outline {
    /// Outermost first.
    pub open: Vec<Open>,
    /// A string that has begun but not ended by the point: its opening
    /// quote's byte offset and the field it is the value of.
    pub open_string: Option<(usize, Option<String>)>,
    /// The last string that ended before the point, quotes included.
    pub last_string: Option<Range<usize>>,
}

/// Reads `text` from its start up to the byte offset `upto`: its strings
/// and comments as the lexer finds them, its brackets and fields between.
pub fn read(text: &str, upto: usize) -> Outline {
    let text = &text[..floor_char_boundary(text, upto)];
    let mut outline = Outline::default();
    let mut reader = Brackets::default();
    let mut from = 0;
    for (piece, span) in pieces(text) {
        reader.read(text, from..span.start, &mut outline);
        from = span.end;
        match piece {
            Piece::String | Piece::RawString if closed(text, piece, &span) => {
                outline.last_string = Some(span);
                reader.value_done();
            }
            Piece::String | Piece::RawString => {
                outline.open_string = Some((span.start, reader.field.take()));
                return outline;
            }
            Piece::Char => reader.value_done(),
            Piece::Comment => {}
        }
    }
    reader.read(text, from..text.len(), &mut outline);
    outline
}

/// The brackets, field names and separators between strings and comments.
#[derive(Default)]
struct Brackets {
    /// The field whose value comes next.
    field: Option<String>,
    /// The identifier just read, which a `:` makes a field.
    ident: Option<Range<usize>>,
}

impl Brackets {
    fn read(&mut self, text: &str, span: Range<usize>, outline: &mut Outline) {
        let bytes = text.as_bytes();
        let mut i = span.start;
        while i < span.end {
            let start = i;
            let mut was_ident = false;
            match bytes[i] {
                b @ (b'(' | b'[' | b'{') => {
                    outline.open.push(Open {
                        at: i,
                        bracket: b,
                        field: self.field.take(),
                    });
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    outline.open.pop();
                    self.field = None;
                    i += 1;
                }
                b',' => {
                    self.field = None;
                    i += 1;
                }
                b':' => {
                    if let Some(name) = self.ident.take() {
                        self.field = Some(text[name].to_owned());
                    }
                    i += 1;
                }
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    while i < span.end && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                        i += 1;
                    }
                    self.ident = Some(start..i);
                    was_ident = true;
                }
                b if b.is_ascii_whitespace() => {
                    i += 1;
                    continue;
                }
                // Anything else, a whole character at a time.
                _ => i += text[i..].chars().next().map_or(1, char::len_utf8),
            }
            if !was_ident {
                self.ident = None;
            }
        }
    }

    /// A string or character was a value: no identifier before a `:` now.
    fn value_done(&mut self) {
        self.ident = None;
    }
}

/// The largest char boundary at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the first token at or after byte offset `from` begins, past
/// whitespace (as ron counts it) and comments.
pub fn skip_blank(text: &str, mut from: usize) -> usize {
    loop {
        let rest = &text[from..];
        let trimmed = rest.trim_start_matches(|c| {
            matches!(
                c,
                ' ' | '\t'
                    | '\n'
                    | '\r'
                    | '\x0B'
                    | '\x0C'
                    | '\u{85}'
                    | '\u{200E}'
                    | '\u{200F}'
                    | '\u{2028}'
                    | '\u{2029}'
            )
        });
        from += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            from += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if trimmed.starts_with("/*") {
            from = after_block_comment(text.as_bytes(), from + 2);
        } else {
            return from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(outline: &Outline) -> Vec<(u8, Option<&str>)> {
        outline
            .open
            .iter()
            .map(|o| (o.bracket, o.field.as_deref()))
            .collect()
    }

    #[test]
    fn names_the_field_each_open_bracket_belongs_to() {
        let text = "(stages: [(id: \"a)\", touchpoints: [(root_cause: Text(\"x\"), verbatims: [(";
        let outline = read(text, text.len());
        assert_eq!(
            fields(&outline),
            [
                (b'(', None),
                (b'[', Some("stages")),
                (b'(', None),
                (b'[', Some("touchpoints")),
                (b'(', None),
                (b'[', Some("verbatims")),
                (b'(', None),
            ]
        );
        assert_eq!(outline.open_string, None);
        assert_eq!(&text[outline.last_string.unwrap()], "\"x\"");
    }

    #[test]
    fn strings_comments_and_escapes_hide_brackets() {
        let text = "( // (\n a: \"\\\"(\", /* ( /* [ */ ( */ b: r#\"\"(\"#, c: [\"Õ(";
        let outline = read(text, text.len());
        assert_eq!(fields(&outline), [(b'(', None), (b'[', Some("c"))]);
        let (at, field) = outline.open_string.unwrap();
        assert_eq!(&text[at..], "\"Õ(");
        assert_eq!(field, None);
        assert_eq!(&text[outline.last_string.unwrap()], "r#\"\"(\"#");
    }

    #[test]
    fn an_open_string_remembers_its_field() {
        let text = "(text: \"cut";
        let outline = read(text, text.len());
        assert_eq!(outline.open_string, Some((7, Some("text".to_owned()))));
    }

    #[test]
    fn reads_only_up_to_the_point() {
        let text = "(a: [1, 2], b: (";
        let outline = read(text, 8);
        assert_eq!(fields(&outline), [(b'(', None), (b'[', Some("a"))]);
    }
}

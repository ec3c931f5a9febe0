//! A rough reading of RON text that holds up however broken the text is:
//! where its strings and comments are, and which brackets are still open at
//! a point, with the field each one opens. ron says where its parser gave up;
//! this is what lets an error point at the fault instead.

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

/// Reads `text` from its start up to the byte offset `upto`.
pub fn read(text: &str, upto: usize) -> Outline {
    let bytes = &text.as_bytes()[..upto.min(text.len())];
    let mut outline = Outline::default();
    // The field whose value comes next, and the identifier just read.
    let mut field: Option<String> = None;
    let mut ident: Option<Range<usize>> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let mut was_ident = false;
        match b {
            b'"' => match string_end(bytes, i + 1, None) {
                Some(end) => {
                    outline.last_string = Some(start..end);
                    i = end;
                }
                None => {
                    outline.open_string = Some((start, field));
                    return outline;
                }
            },
            b'r' if raw_hashes(bytes, i).is_some() && !after_ident_char(bytes, i) => {
                let hashes = raw_hashes(bytes, i).unwrap_or(0);
                match string_end(bytes, i + 2 + hashes, Some(hashes)) {
                    Some(end) => {
                        outline.last_string = Some(start..end);
                        i = end;
                    }
                    None => {
                        outline.open_string = Some((start, field));
                        return outline;
                    }
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = bytes[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(bytes, i);
                continue;
            }
            b'(' | b'[' | b'{' => {
                outline.open.push(Open {
                    at: i,
                    bracket: b,
                    field: field.take(),
                });
                i += 1;
            }
            b')' | b']' | b'}' => {
                outline.open.pop();
                field = None;
                i += 1;
            }
            b',' => {
                field = None;
                i += 1;
            }
            b':' => {
                if let Some(name) = ident.take() {
                    field = Some(text[name].to_owned());
                }
                i += 1;
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                ident = Some(start..i);
                was_ident = true;
            }
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {
                // Anything else, a whole character at a time.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
        if !was_ident {
            ident = None;
        }
    }
    outline
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
            from = block_comment_end(text.as_bytes(), from);
        } else {
            return from;
        }
    }
}

/// The number of `#` after the `r` of a raw string `r#"` starting at `i`.
fn raw_hashes(bytes: &[u8], i: usize) -> Option<usize> {
    let hashes = bytes[i + 1..].iter().take_while(|&&c| c == b'#').count();
    (bytes.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

fn after_ident_char(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

/// Where a string whose text starts at `from` ends, after its closing quote
/// (and, for a raw string, its `#`s); `None` if it runs to the end.
fn string_end(bytes: &[u8], from: usize, raw_hashes: Option<usize>) -> Option<usize> {
    let hashes = raw_hashes.unwrap_or(0);
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if raw_hashes.is_none() => i += 2,
            b'"' if bytes[i + 1..].iter().take_while(|&&c| c == b'#').count() >= hashes => {
                return Some(i + 1 + hashes);
            }
            _ => i += 1,
        }
    }
    None
}

/// Where a block comment starting at `i` ends; they nest, as in ron.
fn block_comment_end(bytes: &[u8], mut i: usize) -> usize {
    let mut level = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"/*") {
            level += 1;
            i += 2;
        } else if bytes[i..].starts_with(b"*/") {
            level -= 1;
            i += 2;
            if level == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
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

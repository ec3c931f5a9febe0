//! The strings, characters and comments of RON text, found by a small
//! lexer that holds up however the text is broken: what the checks that read
//! a file's text (its comments, its control characters) need to tell text
//! in a string from the map around it.

use std::ops::Range;

/// What a span of RON text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// `// ...` to the end of the line, or `/* ... */` nested as RON nests them.
    Comment,
    /// `"..."` or `b"..."`, backslash escapes and all.
    String,
    /// `r#"..."#`, `br"..."`: no escapes.
    RawString,
    /// `'x'`, `'\u{2f}'`.
    Char,
}

/// The strings, characters and comments of `text`, in order, with their
/// byte ranges (delimiters included; one never closed runs to the end: see
/// [`closed`]).
pub fn pieces(text: &str) -> Vec<(Piece, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let (piece, end) = match bytes[at] {
            b'"' => (Some(Piece::String), after_escaped(bytes, at + 1, b'"')),
            b'\'' => {
                // `'\''` and `'\u{..}'`: the quote after an escape's first
                // character closes it; `'"'`: so does the one after the character.
                let from = if bytes.get(at + 1) == Some(&b'\\') {
                    at + 3
                } else {
                    at + 2
                };
                let end = bytes[from.min(bytes.len())..]
                    .iter()
                    .position(|&b| b == b'\'')
                    .map_or(bytes.len(), |p| from + p + 1);
                (Some(Piece::Char), end)
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| at + p);
                (Some(Piece::Comment), end)
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                (Some(Piece::Comment), after_block_comment(bytes, at + 2))
            }
            b if b.is_ascii_alphabetic() || b == b'_' => after_word(bytes, at),
            _ => (None, at + 1),
        };
        if let Some(piece) = piece {
            pieces.push((piece, start..end));
        }
        at = end;
    }
    pieces
}

/// Whether a string or character piece of `text` (from [`pieces`]) has its
/// closing quote, or runs on to the end of the text.
pub fn closed(text: &str, piece: Piece, span: &Range<usize>) -> bool {
    let bytes = &text.as_bytes()[span.clone()];
    match piece {
        Piece::Comment => true,
        Piece::String | Piece::Char => {
            let quote = if piece == Piece::Char { b'\'' } else { b'"' };
            let opening = bytes.iter().position(|&b| b == quote).unwrap_or(0);
            bytes.len() > opening + 1
                && bytes.last() == Some(&quote)
                && bytes[opening + 1..bytes.len() - 1]
                    .iter()
                    .rev()
                    .take_while(|&&b| b == b'\\')
                    .count()
                    % 2
                    == 0
        }
        Piece::RawString => {
            let opening = bytes.iter().position(|&b| b == b'"').unwrap_or(0);
            let hashes =
                opening.saturating_sub(bytes.iter().position(|&b| b == b'r').unwrap_or(0) + 1);
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            bytes.len() >= opening + 1 + close.len() && bytes.ends_with(&close)
        }
    }
}

/// After a string whose opening quote ends before `at`, backslash escapes kept.
fn after_escaped(bytes: &[u8], mut at: usize, close: u8) -> usize {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b if b == close => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// After a block comment whose `/*` ends before `at`; they nest, as in ron.
pub fn after_block_comment(bytes: &[u8], mut at: usize) -> usize {
    let mut depth = 1;
    while at < bytes.len() {
        if bytes[at..].starts_with(b"/*") {
            depth += 1;
            at += 2;
        } else if bytes[at..].starts_with(b"*/") {
            depth -= 1;
            at += 2;
            if depth == 0 {
                return at;
            }
        } else {
            at += 1;
        }
    }
    bytes.len()
}

/// After an identifier, number or keyword starting at `at`; or after the
/// string when the word is the prefix of one (`b"`, `r"`, `r#"`, `br##"`).
fn after_word(bytes: &[u8], at: usize) -> (Option<Piece>, usize) {
    let mut prefix = at;
    if bytes[prefix] == b'b' {
        prefix += 1;
    }
    if bytes.get(prefix) == Some(&b'r') {
        let hashes = bytes[prefix + 1..]
            .iter()
            .take_while(|&&b| b == b'#')
            .count();
        let open = prefix + 1 + hashes;
        if bytes.get(open) == Some(&b'"') {
            let mut close = vec![b'"'];
            close.extend(std::iter::repeat_n(b'#', hashes));
            let end = bytes[open + 1..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(bytes.len(), |p| open + 1 + p + close.len());
            return (Some(Piece::RawString), end);
        }
    } else if prefix > at && bytes.get(prefix) == Some(&b'"') {
        return (Some(Piece::String), after_escaped(bytes, prefix + 1, b'"'));
    }
    let end = at
        + bytes[at..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
            .count();
    (None, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> (Piece, bool) {
        let (piece, span) = pieces(text).into_iter().next().expect("a piece");
        (piece, closed(text, piece, &span))
    }

    #[test]
    fn strings_know_whether_they_closed() {
        assert_eq!(first(r#""a\"b""#), (Piece::String, true));
        assert_eq!(first(r#""a\\""#), (Piece::String, true));
        assert_eq!(first(r#""a\""#), (Piece::String, false));
        assert_eq!(first("\"cut"), (Piece::String, false));
        assert_eq!(first("\""), (Piece::String, false));
        assert_eq!(first(r##"r#"a "quoted" b"#"##), (Piece::RawString, true));
        assert_eq!(first(r##"br#"a"#"##), (Piece::RawString, true));
        assert_eq!(first(r##"r#"a""##), (Piece::RawString, false));
        assert_eq!(first("'x'"), (Piece::Char, true));
        assert_eq!(first("/* a /* b */ c */"), (Piece::Comment, true));
    }

    #[test]
    fn words_are_not_pieces() {
        assert!(pieces("(r#type: 1, br: 2, rb: 3)").is_empty());
    }
}

//! Control characters in a map's text. A map is read by people through
//! terminals (`cxmap show`, `check`, `git diff`), so an escape code hidden in
//! a name could retitle a window, rewrite what is shown or write to the
//! clipboard of whoever prints it. Text may hold line breaks and tabs (and
//! carriage returns, which load as line breaks); no other control character
//! loads.

use super::lexer::{Piece, pieces};

/// Where the first control character in the text of a RON file is (its
/// byte offset) and which character it is: written as itself, or as an
/// escape inside a string (`\u{1b}`, `\x07`, `\0`, `\b`, `\f`). Line
/// breaks, tabs and carriage returns are text.
pub fn first_control(text: &str) -> Option<(usize, char)> {
    if !maybe(text) {
        return None;
    }
    // Written as itself, anywhere: in a string, a comment or between them.
    let raw = text.char_indices().find(|&(_, c)| forbidden(c));
    // Written as an escape, in a string or a character (not a raw string,
    // where a backslash is a backslash).
    let escaped = pieces(text)
        .into_iter()
        .filter(|(piece, _)| matches!(piece, Piece::String | Piece::Char))
        .find_map(|(_, span)| {
            escaped(&text[span.clone()], forbidden).map(|(at, c)| (span.start + at, c))
        });
    [raw, escaped]
        .into_iter()
        .flatten()
        .min_by_key(|&(at, _)| at)
}

/// Whether the text of a RON file holds a carriage return in a string, as
/// itself or as an escape (`\r`, `\x0D`, `\u{d}`).
pub fn holds_carriage_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'\r', bytes).is_some()
        || memchr::memchr(b'\\', bytes).is_some()
            && pieces(text)
                .into_iter()
                .filter(|(piece, _)| matches!(piece, Piece::String | Piece::Char))
                .any(|(_, span)| escaped(&text[span], |c| c == '\r').is_some())
}

/// A cheap look for anything that could be a control character, so that a
/// clean file (almost every one) is passed in one sweep over its bytes.
fn maybe(text: &str) -> bool {
    // 0xC2 starts every C1 code (and some letters, which cost only a
    // closer look). In blocks without an early exit, so that the compiler
    // can test many bytes at once: a load reads megabytes through this.
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) | (b == 0x7f) | (b == b'\\') | (b == 0xc2)
    };
    text.as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, &b| found | suspect(b)))
}

/// Line breaks, tabs and carriage returns are text; no other control
/// character is.
fn forbidden(c: char) -> bool {
    !matches!(c, '\n' | '\t' | '\r') && c.is_control()
}

/// The first escape in a string (quotes and all) that stands for a
/// character `wanted` takes: where its backslash is, and the character.
fn escaped(string: &str, wanted: impl Fn(char) -> bool) -> Option<(usize, char)> {
    let mut chars = string.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let escaped = match chars.next()? {
            (_, 'x') => {
                let hex: String = (0..2)
                    .filter_map(|_| chars.next().map(|(_, c)| c))
                    .collect();
                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
            }
            (_, 'u') if chars.next_if(|(_, c)| *c == '{').is_some() => {
                let mut hex = String::new();
                while let Some((_, c)) = chars.next_if(|(_, c)| *c != '}') {
                    hex.push(c);
                }
                chars.next();
                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
            }
            (_, '0') => Some('\0'),
            (_, 'b') => Some('\u{8}'),
            (_, 'f') => Some('\u{c}'),
            (_, 'r') => Some('\r'),
            (_, 'n') => Some('\n'),
            (_, 't') => Some('\t'),
            // `\\`, `\"` and the like: the escaped character is spent.
            _ => None,
        };
        if let Some(c) = escaped.filter(|c| wanted(*c)) {
            return Some((at, c));
        }
    }
    None
}

/// How a control character is named in a message: `U+001B (escape)`.
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{1b}' => " (escape)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\0' => " (null)",
        '\u{9b}' => " (control sequence introducer)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<(usize, char)> {
        first_control(text)
    }

    #[test]
    fn clean_text_passes() {
        for text in [
            "(title: \"Õun 🍎\", x: \"a\\nb\\tc\\\\u{1b}\")",
            "(t: r#\"raw \\u{1b} and \"quotes\"\"#)\r\n",
            "// a comment \\x07\n(t: \"x\")",
            "(c: '\\'', d: '\\\\')",
            "(t: \"a\\rb\", u: \"a\rb\")",
            "// don't \"quote\" me\n(t: \"x\") /* it's /* nested */ \\x07 */",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    #[test]
    fn control_characters_are_found_where_they_are_written() {
        let cases = [
            ("(t: \"a\\u{1b}]0;x\")", 6, '\u{1b}'),
            ("(t: \"a\\x07\")", 6, '\u{7}'),
            ("(t: \"ab\\0\")", 7, '\0'),
            ("(t: \"a\u{1b}b\")", 6, '\u{1b}'),
            ("(t: \"a\u{9b}b\")", 6, '\u{9b}'),
            ("(t: r#\"a\u{7}\"#)", 8, '\u{7}'),
            ("(t: \"x\")\u{1b}", 8, '\u{1b}'),
            ("// it's\n(t: \"a\u{1b}\")", 14, '\u{1b}'),
            ("/* a\u{7} */ (t: \"x\")", 4, '\u{7}'),
        ];
        for (text, at, c) in cases {
            assert_eq!(found(text), Some((at, c)), "{text:?}");
        }
    }

    #[test]
    fn carriage_returns_in_strings_are_found_however_written() {
        for text in [
            "(t: \"a\rb\")",
            "(t: \"a\\rb\")",
            "(t: \"\\x0D\")",
            "(t: '\\u{d}')",
        ] {
            assert!(holds_carriage_return(text), "{text:?}");
        }
        for text in ["(t: \"\\u{e9}\\n\")", "(t: r\"\\r\")", "(t: \"\\\\r\")"] {
            assert!(!holds_carriage_return(text), "{text:?}");
        }
    }

    #[test]
    fn names_say_what_the_character_is() {
        assert_eq!(describe('\u{1b}'), "U+001B (escape)");
        assert_eq!(describe('\u{85}'), "U+0085");
    }
}

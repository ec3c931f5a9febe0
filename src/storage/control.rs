//! Control characters in a map's text. A map is read by people through
//! terminals (`cxmap show`, `check`, `git diff`), so an escape code hidden in
//! a name could retitle a window, rewrite what is shown or write to the
//! clipboard of whoever prints it. Text may hold line breaks and tabs (and
//! carriage returns, which load as line breaks); no other control character
//! loads.

/// Where the first control character in the text of a RON file is (its
/// byte offset) and which character it is: written as itself, or as an
/// escape inside a string (`\u{1b}`, `\x07`, `\0`, `\b`, `\f`). Line
/// breaks, tabs and carriage returns are text.
pub fn first_control(text: &str) -> Option<(usize, char)> {
    if !maybe(text) {
        return None;
    }
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                if let Some(found) = in_string(&mut chars, '"') {
                    return Some(found);
                }
            }
            'r' if matches!(chars.peek(), Some((_, '#' | '"'))) => {
                let mut hashes = 0;
                while chars.next_if(|(_, c)| *c == '#').is_some() {
                    hashes += 1;
                }
                if chars.next_if(|(_, c)| *c == '"').is_some()
                    && let Some(found) = in_raw_string(&mut chars, hashes)
                {
                    return Some(found);
                }
            }
            '\'' => {
                if let Some(found) = in_string(&mut chars, '\'') {
                    return Some(found);
                }
            }
            // Comments: quotes in them are words (`don't`), not strings.
            '/' if chars.next_if(|(_, c)| *c == '/').is_some() => {
                while let Some((at, c)) = chars.next_if(|(_, c)| *c != '\n') {
                    if forbidden(c, chars.peek().map(|(_, c)| *c)) {
                        return Some((at, c));
                    }
                }
            }
            '/' if chars.next_if(|(_, c)| *c == '*').is_some() => {
                let mut depth = 1;
                while depth > 0 {
                    let (at, c) = chars.next()?;
                    match c {
                        '*' if chars.next_if(|(_, c)| *c == '/').is_some() => depth -= 1,
                        '/' if chars.next_if(|(_, c)| *c == '*').is_some() => depth += 1,
                        c if forbidden(c, chars.peek().map(|(_, c)| *c)) => return Some((at, c)),
                        _ => {}
                    }
                }
            }
            c if forbidden(c, chars.peek().map(|(_, c)| *c)) => return Some((at, c)),
            _ => {}
        }
    }
    None
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

fn forbidden(c: char, _next: Option<char>) -> bool {
    !matches!(c, '\n' | '\t' | '\r') && c.is_control()
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// Inside `"..."` (or `'...'`): up to the closing quote.
fn in_string(chars: &mut Chars, quote: char) -> Option<(usize, char)> {
    while let Some((at, c)) = chars.next() {
        match c {
            c if c == quote => return None,
            '\\' => {
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
                    _ => None,
                };
                if let Some(c) = escaped.filter(|c| forbidden(*c, None)) {
                    return Some((at, c));
                }
            }
            c if forbidden(c, chars.peek().map(|(_, c)| *c)) => return Some((at, c)),
            _ => {}
        }
    }
    None
}

/// Inside `r#"..."#`: up to a quote followed by as many hashes.
fn in_raw_string(chars: &mut Chars, hashes: usize) -> Option<(usize, char)> {
    while let Some((at, c)) = chars.next() {
        if c == '"' {
            let mut closing = 0;
            while closing < hashes && chars.next_if(|(_, c)| *c == '#').is_some() {
                closing += 1;
            }
            if closing == hashes {
                return None;
            }
        } else if forbidden(c, chars.peek().map(|(_, c)| *c)) {
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
    fn names_say_what_the_character_is() {
        assert_eq!(describe('\u{1b}'), "U+001B (escape)");
        assert_eq!(describe('\u{85}'), "U+0085");
    }
}

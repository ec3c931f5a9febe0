//! Hand-written comments in a map file. The canonical form has none, so a
//! command that rewrites a file finds here what it is about to drop, to say so.
//!
//! A small lexer rather than a search for `//`: a URL in a description is
//! in a string, and so is `/*` in `r#"..."#`.

/// The comments in a map's text, one entry per line a comment covers: what
/// of the line is comment, trimmed (two comments on one line are one entry).
pub fn comment_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let (mut counted_to, mut first) = (0, 0);
    for span in comment_spans(text) {
        first += text[counted_to..span.start].matches('\n').count();
        counted_to = span.start;
        for (n, piece) in text[span].split('\n').enumerate() {
            let piece = piece.trim();
            match lines.last_mut() {
                Some((line, joined)) if *line == first + n => {
                    joined.push(' ');
                    joined.push_str(piece);
                }
                _ => lines.push((first + n, piece.to_owned())),
            }
        }
    }
    lines.into_iter().map(|(_, text)| text).collect()
}

/// Byte ranges of the comments in RON text: `// ...` to the end of the line,
/// `/* ... */` nested as RON nests them. Strings (`"..."`, `b"..."`, raw
/// `r#"..."#`) and characters (`'x'`) are stepped over.
fn comment_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        at = match bytes[at] {
            b'"' => after_escaped(bytes, at + 1, b'"'),
            b'\'' => {
                // `'\''` and `'\u{..}'`: the quote after an escape's first
                // character closes it; `'"'`: so does the one after the character.
                let from = if bytes.get(at + 1) == Some(&b'\\') {
                    at + 3
                } else {
                    at + 2
                };
                bytes[from.min(bytes.len())..]
                    .iter()
                    .position(|&b| b == b'\'')
                    .map_or(bytes.len(), |p| from + p + 1)
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| at + p);
                spans.push(at..end);
                end
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                let end = after_block_comment(bytes, at + 2);
                spans.push(at..end);
                end
            }
            b if b.is_ascii_alphabetic() || b == b'_' => after_word(bytes, at),
            _ => at + 1,
        };
    }
    spans
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

fn after_block_comment(bytes: &[u8], mut at: usize) -> usize {
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
fn after_word(bytes: &[u8], at: usize) -> usize {
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
            return bytes[open + 1..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(bytes.len(), |p| open + 1 + p + close.len());
        }
    } else if prefix > at && bytes.get(prefix) == Some(&b'"') {
        return after_escaped(bytes, prefix + 1, b'"');
    }
    at + bytes[at..]
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        .count()
}

#[cfg(test)]
mod tests {
    use super::comment_lines;

    #[test]
    fn line_and_block_comments_by_line() {
        let text = "// top\n(\n    a: 1, // after\n    /* one\n       two */ b: 2,\n    /* x */ c: /* y */ 3,\n)\n// end";
        assert_eq!(
            comment_lines(text),
            [
                "// top",
                "// after",
                "/* one",
                "two */",
                "/* x */ /* y */",
                "// end"
            ]
        );
    }

    #[test]
    fn nested_block_comments_close_where_ron_closes_them() {
        let text = "/* a /* b */ still // in */ x: \"//\",";
        assert_eq!(comment_lines(text), ["/* a /* b */ still // in */"]);
    }

    #[test]
    fn comment_marks_inside_strings_are_text() {
        for text in [
            r#"(description: "see https://example.com/a /* b */")"#,
            r#"(name: "a \" // still in the string")"#,
            r#"(name: "ends in a backslash \\", b: 1)"#,
            r###"(name: r#"raw "quoted" // text"#)"###,
            r###"(name: r##"raw with "# inside // too"##)"###,
            r#"(name: r"plain raw // text")"#,
            r##"(bytes: b"// bytes", raw: br#"/* raw bytes */"#)"##,
            r#"(c: '"', d: '\'', e: '\u{2f}', f: "// after chars")"#,
            "(name: \"two\nlines // in a string\")",
        ] {
            assert_eq!(comment_lines(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn words_that_look_like_string_prefixes() {
        let text = "(r#type: 1, br: 2, rb: 3, b: 4) // here\n";
        assert_eq!(comment_lines(text), ["// here"]);
    }

    #[test]
    fn crlf_line_ends_are_not_part_of_a_comment() {
        assert_eq!(
            comment_lines("// one\r\n/* two\r\n*/\r\n"),
            ["// one", "/* two", "*/"]
        );
    }
}

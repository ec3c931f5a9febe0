//! Hand-written comments in a map file. The canonical form has none, so a
//! command that rewrites a file finds here what it is about to drop, to say so.
//!
//! The lexer's comments (`lexer.rs`) rather than a search for `//`: a URL in
//! a description is in a string, and so is `/*` in `r#"..."#`.

use super::lexer::{Piece, pieces};

/// The comments in a map's text, one entry per line a comment covers: what
/// of the line is comment, trimmed (two comments on one line are one entry).
pub fn comment_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    let (mut counted_to, mut first) = (0, 0);
    let comments = pieces(text)
        .into_iter()
        .filter(|(piece, _)| *piece == Piece::Comment);
    for (_, span) in comments {
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

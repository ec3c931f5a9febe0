//! A rough reading of RON text that holds up however broken the text is.
//! ron says where its parser gave up; this is what lets an error point at
//! the fault instead.

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

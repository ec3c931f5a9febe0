//! Loading a map for the app with less held at once: a file's indentation
//! (over half of a canonical file's bytes) is dropped from its text before
//! the text is parsed, so that the text and the map it becomes take less
//! memory together. Whitespace at a line's start means nothing in RON
//! outside a string, and strings (plain and raw) are left whole.

mod stages;

use super::{LoadError, Seen, from_vec, load_stamped, read_stamped};
use crate::model::Map;
use std::path::Path;

/// The map at `path` and the file as read (its stamp and fingerprint, of
/// its bytes as they are on disk). An error is exactly [`load_stamped`]'s:
/// a file that does not load is read again whole for it, so that it points
/// at the right column.
pub fn load_lean(path: &Path) -> Result<(Map, Seen), LoadError> {
    if let Some(found) = stages::read(path) {
        return Ok(found);
    }
    let (mut bytes, stamp) = read_stamped(path).map_err(|error| LoadError::Io {
        path: path.to_owned(),
        error,
    })?;
    let seen = Seen::read(stamp, &bytes);
    if let Some(lean) = unindented(&bytes) {
        bytes = lean;
    }
    match from_vec(bytes) {
        Ok(loaded) => Ok((loaded.map, seen)),
        Err(_) => load_stamped(path).map(|(loaded, stamp)| {
            // Changed meanwhile into a map that loads.
            let seen = Seen::read(stamp, loaded.text.as_bytes());
            (loaded.map, seen)
        }),
    }
}

/// `bytes` with the spaces at each line's start dropped, outside strings
/// (plain, with their escapes, and raw) and line comments. `None` for text
/// this does not read (a block comment, a character or byte literal, a
/// quote right after a name): it is then parsed as it is. One pass, led by
/// `memchr` from one line end or quote to the next, so it costs little
/// beside the parse.
pub(super) fn unindented(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    // Where the bytes not yet copied start, and where the reading is.
    let mut from = 0;
    let mut at = 0;
    loop {
        // At a line's start, outside any string.
        let spaces = bytes[at..].iter().take_while(|&&b| b == b' ').count();
        out.extend_from_slice(&bytes[from..at]);
        at += spaces;
        from = at;
        // To the line's end, over the strings on the way.
        loop {
            let Some(next) = memchr::memchr2(b'\n', b'"', &bytes[at..]) else {
                outside(&bytes[at..])?;
                out.extend_from_slice(&bytes[from..]);
                return Some(out);
            };
            let between = &bytes[at..at + next];
            if let Some(comment) = outside(between)? {
                // A line comment: its line is kept as it is.
                let start = at + comment;
                at = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
            } else {
                at += next;
            }
            match bytes.get(at) {
                None => {
                    out.extend_from_slice(&bytes[from..]);
                    return Some(out);
                }
                Some(b'\n') => {
                    at += 1;
                    break;
                }
                Some(_) => at = string_end(bytes, at)?,
            }
        }
    }
}

/// Checks text outside strings: `Some(Some(n))` when a line comment
/// starts at `n`, `None` for what [`unindented`] does not read.
fn outside(text: &[u8]) -> Option<Option<usize>> {
    let comment = match memchr::memchr(b'/', text) {
        Some(n) if text.get(n + 1) == Some(&b'/') => Some(n),
        Some(_) => return None,
        None => None,
    };
    let code = &text[..comment.unwrap_or(text.len())];
    (!code.contains(&b'\'')).then_some(comment)
}

/// Past the string whose `"` is at `quote`: plain, or raw when an `r` and
/// `#`s come right before it (and no name before the `r`). `None` for a
/// quote right after a name (a byte string `b"…"`); a string never closed
/// ends the text (the parser says where).
fn string_end(bytes: &[u8], quote: usize) -> Option<usize> {
    let name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let before = &bytes[..quote];
    let hashes = before.iter().rev().take_while(|&&b| b == b'#').count();
    let r = before.len() - hashes;
    let raw = r > 0 && bytes[r - 1] == b'r' && !(r > 1 && name(bytes[r - 2]));
    if !raw && (hashes > 0 || quote > 0 && name(bytes[quote - 1])) {
        return None;
    }
    let mut at = quote + 1;
    loop {
        let found = if raw {
            memchr::memchr(b'"', &bytes[at..])
        } else {
            memchr::memchr2(b'"', b'\\', &bytes[at..])
        };
        let Some(n) = found else {
            return Some(bytes.len());
        };
        at += n;
        if bytes[at] == b'\\' {
            at = (at + 2).min(bytes.len());
            continue;
        }
        at += 1;
        let closes = !raw
            || bytes[at..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes;
        if closes {
            return Some(if raw { at + hashes } else { at });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lean(text: &str) -> Option<String> {
        unindented(text.as_bytes()).map(|bytes| String::from_utf8(bytes).unwrap())
    }

    #[test]
    fn indentation_goes_and_strings_stay_whole() {
        let text = "(\n    a: \"x\n    y\",\n    b: r#\"q \"\n  z\"#,\n    // c \"\n    d: 1,\n)\n";
        assert_eq!(
            lean(text).unwrap(),
            "(\na: \"x\n    y\",\nb: r#\"q \"\n  z\"#,\n// c \"\nd: 1,\n)\n"
        );
        assert_eq!(lean("(\n  /* x */\n)"), None);
        assert_eq!(lean("(a: 'x')"), None);
        assert_eq!(
            lean("(\n  // it's \"x\n  a: 1,\n)").unwrap(),
            "(\n// it's \"x\na: 1,\n)"
        );
        assert_eq!(
            lean("(\n  a: r##\"x\"#\n  y\"##,\n  b: \"\\\\\",\n)").unwrap(),
            "(\na: r##\"x\"#\n  y\"##,\nb: \"\\\\\",\n)"
        );
        assert_eq!(lean("(a: b\"x\")"), None);
        assert_eq!(lean("(a: \"x\\\"\n  y\")").unwrap(), "(a: \"x\\\"\n  y\")");
    }

    #[test]
    fn a_generated_map_loads_the_same_lean() {
        let map = crate::model::generated_map(300);
        let dir = std::env::temp_dir().join(format!("cxmap-lean-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("map.ron");
        crate::storage::save(&path, &map).unwrap();
        let (lean, seen) = load_lean(&path).unwrap();
        let (full, stamp) = load_stamped(&path).unwrap();
        assert_eq!(lean, full.map);
        assert_eq!(seen, Seen::read(stamp, full.text.as_bytes()));
        std::fs::write(&path, "(\n    format: 1,\n    title: 5,\n)\n").unwrap();
        let lean = load_lean(&path).unwrap_err().to_string();
        let full = load_stamped(&path).unwrap_err().to_string();
        assert_eq!(lean, full, "the error points where the full text says");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

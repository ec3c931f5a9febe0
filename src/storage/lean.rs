//! Loading a map for the app with less held at once: a file's indentation
//! (over half of a canonical file's bytes) is dropped from its text before
//! the text is parsed, so that the text and the map it becomes take less
//! memory together. Whitespace at a line's start means nothing in RON
//! outside a string, and strings (plain and raw) are left whole.

use super::{LoadError, Seen, from_vec, load_stamped, read_stamped};
use crate::model::Map;
use std::path::Path;

/// The map at `path` and the file as read (its stamp and fingerprint, of
/// its bytes as they are on disk). An error is exactly [`load_stamped`]'s:
/// a file that does not load is read again whole for it, so that it points
/// at the right column.
pub fn load_lean(path: &Path) -> Result<(Map, Seen), LoadError> {
    let (mut bytes, stamp) = read_stamped(path).map_err(|error| LoadError::Io {
        path: path.to_owned(),
        error,
    })?;
    let seen = Seen::read(stamp, &bytes);
    if let Some(len) = unindented(&mut bytes, false) {
        unindented(&mut bytes, true);
        bytes.truncate(len);
        bytes.shrink_to_fit();
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

/// The length of `bytes` with the spaces at each line's start dropped,
/// outside strings; with `write`, they are dropped in place (the rest moved
/// up, the tail left for the caller to cut). `None`, and nothing changed,
/// for text this does not read (a block comment, a character or byte
/// literal): it is then parsed as it is.
fn unindented(bytes: &mut [u8], write: bool) -> Option<usize> {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let (mut read, mut kept) = (0, 0);
    let mut line_start = true;
    // The byte before, as read (with `write`, it may be overwritten).
    let mut before = None;
    while read < bytes.len() {
        let b = bytes[read];
        if line_start && b == b' ' {
            read += 1;
            before = Some(b);
            continue;
        }
        line_start = false;
        // How far the token starting here goes, kept as it is.
        let end = match b {
            b'\n' => {
                line_start = true;
                read + 1
            }
            b'"' if before.is_some_and(ident) => return None,
            b'"' => string_end(bytes, read + 1)?,
            b'r' if !before.is_some_and(ident) => raw_string_end(bytes, read).unwrap_or(read + 1),
            b'/' if bytes.get(read + 1) == Some(&b'/') => bytes[read..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(bytes.len(), |n| read + n),
            b'/' if bytes.get(read + 1) == Some(&b'*') => return None,
            b'\'' => return None,
            _ => read + 1,
        };
        before = Some(bytes[end - 1]);
        if write {
            bytes.copy_within(read..end, kept);
        }
        kept += end - read;
        read = end;
    }
    Some(kept)
}

/// Where a string whose text starts at `from` ends (past its quote).
fn string_end(bytes: &[u8], mut from: usize) -> Option<usize> {
    while from < bytes.len() {
        match bytes[from] {
            b'\\' => from += 2,
            b'"' => return Some(from + 1),
            _ => from += 1,
        }
    }
    None
}

/// Where a raw string (`r"…"`, `r#"…"#`) starting at `at` ends; `None`
/// when no raw string starts there.
fn raw_string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let hashes = bytes[at + 1..].iter().take_while(|&&b| b == b'#').count();
    let open = at + 1 + hashes;
    (bytes.get(open) == Some(&b'"')).then_some(())?;
    let mut from = open + 1;
    while from < bytes.len() {
        if bytes[from] == b'"'
            && bytes[from + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
            && bytes.len() >= from + 1 + hashes
        {
            return Some(from + 1 + hashes);
        }
        from += 1;
    }
    // Not closed: the parser says where.
    Some(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lean(text: &str) -> Option<String> {
        let mut bytes = text.as_bytes().to_vec();
        let len = unindented(&mut bytes, false)?;
        assert_eq!(unindented(&mut bytes, true), Some(len));
        bytes.truncate(len);
        Some(String::from_utf8(bytes).unwrap())
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

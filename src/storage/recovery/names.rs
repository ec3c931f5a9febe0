//! What the recovery folder holds, by name, and how a copy names the map it
//! belongs to.
//!
//! cxmap makes only these names there (`HASH` is 16 hexadecimal digits,
//! the hash of the map's path; `RANDOM` is six of the characters of
//! `model::random_chars`):
//!
//! - `STEM-HASH.ron` and `STEM-HASH-RANDOM.ron`, copies of a map file
//!   (`STEM` its name without `.ron`); `unsaved-RANDOM.ron`, copies of a map
//!   never saved;
//! - the same names ending in `.base` (the map the edits began from) and
//!   `.lock` (held by the cxmap writing the copy);
//! - `.NAME.cxmap-copy-RANDOM`, `NAME` a copy's or a base's: written, then
//!   renamed over `NAME` (`private::write_with`), so left only by a process killed
//!   in between.
//!
//! `cxmap recover --clean` removes nothing else.
//!
//! A copy's first line names its map file. Any path can be a file's name
//! on Unix, line breaks and bytes that are not UTF-8 included, so the path
//! is written as it is only when it reads back the same; otherwise in
//! quotes, with escapes. An absolute path never starts with a quote, and
//! older copies hold only plain paths, so both read back.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

/// The characters of `model::random_chars` and how many it makes (its
/// test below keeps the two in step).
const RANDOM_ALPHABET: &str = "0123456789abcdefghjkmnpqrstvwxyz";
const RANDOM_LEN: usize = 6;
/// Between a name being written and the random end of its temporary file.
pub const TEMPORARY_MARK: &str = ".cxmap-copy-";
/// At most this many bytes of a map's name go into its copy's name: the
/// temporary file of a session's base adds 48 to it, and a file name may
/// have no more than 255.
const STEM_BYTES: usize = 100;

/// What a name in the recovery folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Copy,
    Base,
    Lock,
    /// A copy or base being written (or left half-written).
    Temporary,
}

/// Which of cxmap's files `name` is, and the name of the copy it belongs
/// to; `None` for a name cxmap never makes.
pub fn kind(name: &OsStr) -> Option<(Kind, String)> {
    let name = name.to_str()?;
    if let Some(written) = written_for(name) {
        return match kind(OsStr::new(written))? {
            (Kind::Copy | Kind::Base, copy) => Some((Kind::Temporary, copy)),
            _ => None,
        };
    }
    let (stem, kind) = [
        (".ron", Kind::Copy),
        (".base", Kind::Base),
        (".lock", Kind::Lock),
    ]
    .into_iter()
    .find_map(|(end, kind)| Some((name.strip_suffix(end)?, kind)))?;
    is_copy_stem(stem).then(|| (kind, format!("{stem}.ron")))
}

/// The name that `name` is a temporary file of (`.NAME.cxmap-copy-RANDOM`),
/// if it is one.
pub fn written_for(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?;
    let split = rest.len().checked_sub(RANDOM_LEN)?;
    is_random(rest.get(split..)?).then_some(())?;
    rest.get(..split)?.strip_suffix(TEMPORARY_MARK)
}

/// `STEM-HASH`, `STEM-HASH-RANDOM` or `unsaved-RANDOM`.
fn is_copy_stem(stem: &str) -> bool {
    let hashed = |stem: &str| {
        stem.rsplit_once('-')
            .is_some_and(|(before, hash)| !before.is_empty() && is_hash(hash))
    };
    let unsaved = stem
        .strip_prefix("unsaved-")
        .is_some_and(|session| is_random(session) || session == "map");
    unsaved
        || hashed(stem)
        || stem
            .rsplit_once('-')
            .is_some_and(|(before, session)| is_random(session) && hashed(before))
}

fn is_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_random(text: &str) -> bool {
    text.len() == RANDOM_LEN && text.chars().all(|c| RANDOM_ALPHABET.contains(c))
}

/// The part of a copy's name taken from its map's file name: at most
/// [`STEM_BYTES`] bytes of it, a control character (a line break, an
/// escape) written `_`, bytes that are not UTF-8 as U+FFFD.
pub fn stem(file_stem: Option<&OsStr>) -> String {
    let Some(stem) = file_stem else {
        return "map".to_owned();
    };
    let mut out = String::new();
    for c in stem.to_string_lossy().chars() {
        let c = if c.is_control() { '_' } else { c };
        if out.len() + c.len_utf8() > STEM_BYTES {
            break;
        }
        out.push(c);
    }
    out
}

/// How a copy's first line writes the path of its map file.
pub fn header(path: &OsStr) -> Cow<'_, str> {
    match shown(path) {
        Cow::Borrowed(plain) if !plain.starts_with('"') => Cow::Borrowed(plain),
        escaped => Cow::Owned(format!("\"{escaped}\"")),
    }
}

/// The path a copy's first line names, read back exactly; `None` if it is
/// quoted with an escape cxmap does not write.
pub fn from_header(text: &str) -> Option<OsString> {
    let Some(quoted) = text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        // A plain path, as every older cxmap wrote it.
        return Some(OsString::from(text));
    };
    let mut bytes = Vec::with_capacity(quoted.len());
    let mut rest = quoted.as_bytes().iter();
    while let Some(&b) = rest.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        bytes.push(match rest.next()? {
            b'\\' => b'\\',
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'x' => {
                let hex = [*rest.next()?, *rest.next()?];
                u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?
            }
            _ => return None,
        });
    }
    Some(OsString::from_vec(bytes))
}

/// A path (or any name) as it may be printed: a backslash, a control
/// character (which would reach the terminal: an escape code, a line break)
/// and a byte that is not UTF-8 are written as escapes (`\\`, `\n`, `\t`,
/// `\r`, `\x1b`); two different names never print the same.
pub fn shown(path: &OsStr) -> Cow<'_, str> {
    let bytes = path.as_bytes();
    if let Ok(text) = std::str::from_utf8(bytes)
        && !text.chars().any(|c| c == '\\' || c.is_control())
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    let hex = |out: &mut String, bytes: &[u8]| {
        for b in bytes {
            out.push_str(&format!("\\x{b:02x}"));
        }
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => hex(&mut out, c.encode_utf8(&mut [0; 4]).as_bytes()),
                c => out.push(c),
            }
        }
        hex(&mut out, chunk.invalid());
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(bytes: &[u8]) -> &OsStr {
        OsStr::from_bytes(bytes)
    }

    #[test]
    fn every_random_name_part_is_recognised() {
        for _ in 0..2_000 {
            let random = crate::model::random_chars();
            assert!(is_random(&random), "{random}");
            assert_eq!(
                kind(OsStr::new(&format!("unsaved-{random}.lock"))),
                Some((Kind::Lock, format!("unsaved-{random}.ron")))
            );
        }
    }

    #[test]
    fn only_the_names_cxmap_makes_are_its_own() {
        let cases: &[(&str, Option<(Kind, &str)>)] = &[
            (
                "map-0123456789abcdef.ron",
                Some((Kind::Copy, "map-0123456789abcdef.ron")),
            ),
            (
                "map-0123456789abcdef-k3x9q2.base",
                Some((Kind::Base, "map-0123456789abcdef-k3x9q2.ron")),
            ),
            (
                "a-b-0123456789abcdef.lock",
                Some((Kind::Lock, "a-b-0123456789abcdef.ron")),
            ),
            (
                "unsaved-k3x9q2.ron",
                Some((Kind::Copy, "unsaved-k3x9q2.ron")),
            ),
            (
                ".map-0123456789abcdef.ron.cxmap-copy-k3x9q2",
                Some((Kind::Temporary, "map-0123456789abcdef.ron")),
            ),
            (
                ".unsaved-k3x9q2.base.cxmap-copy-000000",
                Some((Kind::Temporary, "unsaved-k3x9q2.ron")),
            ),
            // Near misses.
            ("notes.base", None),
            ("todo.lock", None),
            ("map.ron", None),
            ("-0123456789abcdef.ron", None),
            ("map-0123456789ABCDEF.ron", None),
            ("map-0123456789abcde.ron", None),
            ("map-0123456789abcdef-k3x9q.ron", None),
            ("map-0123456789abcdef-k3x9qi.ron", None),
            ("map-0123456789abcdef.ron~", None),
            ("unsaved-.ron", None),
            ("unsaved-notes.lock", None),
            (".thesis.ron.cxmap-copy-zzz", None),
            (".important.cxmap-copy-", None),
            (".map-0123456789abcdef.ron.cxmap-copy-k3x9q2x", None),
            (".map-0123456789abcdef.lock.cxmap-copy-k3x9q2", None),
            (".notes.ron.cxmap-copy-k3x9q2", None),
            ("map-0123456789abcdef.ron.cxmap-copy-k3x9q2", None),
        ];
        for (name, expected) in cases {
            let found = kind(OsStr::new(name));
            let expected = expected.map(|(k, copy)| (k, copy.to_owned()));
            assert_eq!(found, expected, "{name}");
        }
        assert_eq!(kind(os(b"a\xff-0123456789abcdef.ron")), None, "not UTF-8");
        assert_eq!(kind(OsStr::new(".\u{e9}\u{e9}\u{e9}\u{e9}")), None);
    }

    #[test]
    fn copy_names_take_a_safe_short_stem() {
        assert_eq!(stem(None), "map");
        assert_eq!(stem(Some(os(b"q.ron\n "))), "q.ron_ ");
        assert_eq!(stem(Some(os(b"a\x1b[2Jb"))), "a_[2Jb");
        assert_eq!(stem(Some(os(b"a\xff"))), "a\u{fffd}");
        assert_eq!(stem(Some(OsStr::new(&"é".repeat(300)))), "é".repeat(50));
        assert_eq!(stem(Some(OsStr::new(&"😀".repeat(30)))), "😀".repeat(25));
    }

    #[test]
    fn header_paths_read_back_exactly() {
        let paths: &[&[u8]] = &[
            b"/tmp/plain/map.ron",
            b"/tmp/nl/q.ron\n ",
            b"/tmp/a\xff.ron",
            b"/tmp/a\xfe.ron",
            b"/tmp/back\\slash\\x41.ron",
            b"/tmp/\"quoted\".ron",
            b"/tmp/tab\tcr\r\x1b[31m\x7f\xc2\x9b.ron",
            "/tmp/caf\u{e9} \u{1F600}.ron".as_bytes(),
        ];
        for &path in paths {
            let written = header(os(path));
            assert!(!written.contains(['\n', '\r']), "{written}");
            assert!(!written.chars().any(char::is_control), "{written}");
            assert_eq!(
                from_header(&written).as_deref(),
                Some(os(path)),
                "{written}"
            );
        }
        assert_eq!(header(os(b"/tmp/plain/map.ron")), "/tmp/plain/map.ron");
        assert_eq!(header(os(b"/tmp/nl/q.ron\n ")), "\"/tmp/nl/q.ron\\n \"");
        assert_eq!(header(os(b"/tmp/a\xff.ron")), "\"/tmp/a\\xff.ron\"");
        assert_ne!(header(os(b"/tmp/a\xff.ron")), header(os(b"/tmp/a\xfe.ron")));
        // Written by an older cxmap: plain, backslashes and all.
        assert_eq!(
            from_header("/tmp/back\\slash.ron").as_deref(),
            Some(os(b"/tmp/back\\slash.ron"))
        );
        assert_eq!(from_header("\"/tmp/a\\q\""), None, "not an escape of ours");
        assert_eq!(from_header("\"/tmp/a\\x4\""), None, "cut short");
    }

    #[test]
    fn shown_names_hold_no_control_character() {
        assert_eq!(shown(os(b"/tmp/map.ron")), "/tmp/map.ron");
        assert_eq!(shown(os(b"/tmp/q.ron\n ")), "/tmp/q.ron\\n ");
        assert_eq!(shown(os(b"a\x1b]0;owned\x07")), "a\\x1b]0;owned\\x07");
        assert_eq!(shown(os(b"\xc2\x9b2J")), "\\xc2\\x9b2J");
        assert_eq!(shown(os(b"a\xffb")), "a\\xffb");
        assert_eq!(shown(os(b"a\\xffb")), "a\\\\xffb");
    }
}

//! The text a CSV file's bytes hold. UTF-8 first, with or without the
//! byte-order mark; UTF-16 when its byte-order mark says so (Excel's
//! "Unicode Text", cells apart by tabs). A file that is not UTF-8 and has nothing but ASCII
//! before its first stray byte is taken for what Excel's plain "CSV" is on
//! Windows, Windows-1252, and read as that with a note saying so (the
//! bytes alone cannot tell it from another 8-bit encoding; Excel's "CSV
//! UTF-8" needs no guess). Letters beyond ASCII before the stray byte mean
//! the file is UTF-8 gone wrong (cut short, or pieced from two encodings):
//! an error there, rather than every letter before it misread.

use crate::share::{ImportError, Note, place_after};
use std::borrow::Cow;

/// How to save a sheet so that its encoding needs no guess.
const SAVE_AS_UTF8: &str = "save it as \"CSV UTF-8 (Comma delimited)\" in Excel's Save As \
                            (in LibreOffice, character set \"Unicode (UTF-8)\")";

/// The text of `bytes`, and a note when it was read as Windows-1252; an
/// error at the line and column of a byte that is neither.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Option<Note>), ImportError> {
    match bytes {
        [0xFF, 0xFE, ..] => return Ok((Cow::Owned(utf16(bytes, u16::from_le_bytes)?), None)),
        [0xFE, 0xFF, ..] => return Ok((Cow::Owned(utf16(bytes, u16::from_be_bytes)?), None)),
        _ => {}
    }
    let at = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((Cow::Borrowed(text), None)),
        Err(error) => error.valid_up_to(),
    };
    let before = std::str::from_utf8(&bytes[..at]).expect("UTF-8 up to there");
    if !before.is_ascii() {
        let (line, column) = place_after(before);
        return Err(ImportError {
            line,
            column,
            message: format!(
                "the byte 0x{:02X} is not UTF-8, though the text before it is: the file may be \
                 cut short or pieced together from two encodings; {SAVE_AS_UTF8}",
                bytes[at]
            ),
        });
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    for &byte in bytes {
        let Some(c) = windows_1252(byte) else {
            let (line, column) = place_after(&text);
            return Err(ImportError {
                line,
                column,
                message: format!(
                    "the byte 0x{byte:02X} is neither UTF-8 nor a character of Windows-1252 \
                     (Excel's \"CSV\" on Windows); {SAVE_AS_UTF8}, and import it again"
                ),
            });
        };
        text.push(c);
    }
    let note = Note {
        line: 1,
        message: format!(
            "this file is not UTF-8, so it was read as Windows-1252, which Excel's \"CSV\" is on \
             Windows; if a letter looks wrong, or to avoid the guess, {SAVE_AS_UTF8}"
        ),
    };
    Ok((Cow::Owned(text), Some(note)))
}

/// UTF-16 text, its byte-order mark and all, each two bytes a unit by
/// `unit`; half a character (a lone surrogate, or an odd byte at the end)
/// is an error where it stands.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, ImportError> {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let mut text = String::with_capacity(bytes.len());
    let half = |text: &str, what: String| {
        let (line, column) = place_after(text);
        ImportError {
            line,
            column,
            message: format!("{what} is half a UTF-16 character: the file is damaged or cut short"),
        }
    };
    for c in char::decode_utf16(pairs.map(|pair| unit([pair[0], pair[1]]))) {
        match c {
            Ok(c) => text.push(c),
            Err(error) => {
                let what = format!("0x{:04X}", error.unpaired_surrogate());
                return Err(half(&text, what));
            }
        }
    }
    if odd {
        return Err(half(&text, "the last byte".to_owned()));
    }
    Ok(text)
}

/// The character a byte is in Windows-1252: Latin-1 but for 0x80 to 0x9F,
/// where Latin-1 has control characters and Windows-1252 has typographic
/// quotes, dashes, `€`, and letters such as Estonian `š` and `ž`. Five
/// bytes there are no character.
fn windows_1252(byte: u8) -> Option<char> {
    const HIGH: [Option<char>; 32] = [
        Some('\u{20AC}'), // 0x80 €
        None,             // 0x81
        Some('\u{201A}'), // 0x82 ‚
        Some('\u{0192}'), // 0x83 ƒ
        Some('\u{201E}'), // 0x84 „
        Some('\u{2026}'), // 0x85 …
        Some('\u{2020}'), // 0x86 †
        Some('\u{2021}'), // 0x87 ‡
        Some('\u{02C6}'), // 0x88 ˆ
        Some('\u{2030}'), // 0x89 ‰
        Some('\u{0160}'), // 0x8A Š
        Some('\u{2039}'), // 0x8B ‹
        Some('\u{0152}'), // 0x8C Œ
        None,             // 0x8D
        Some('\u{017D}'), // 0x8E Ž
        None,             // 0x8F
        None,             // 0x90
        Some('\u{2018}'), // 0x91 ‘
        Some('\u{2019}'), // 0x92 ’
        Some('\u{201C}'), // 0x93 “
        Some('\u{201D}'), // 0x94 ”
        Some('\u{2022}'), // 0x95 •
        Some('\u{2013}'), // 0x96 –
        Some('\u{2014}'), // 0x97 —
        Some('\u{02DC}'), // 0x98 ˜
        Some('\u{2122}'), // 0x99 ™
        Some('\u{0161}'), // 0x9A š
        Some('\u{203A}'), // 0x9B ›
        Some('\u{0153}'), // 0x9C œ
        None,             // 0x9D
        Some('\u{017E}'), // 0x9E ž
        Some('\u{0178}'), // 0x9F Ÿ
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => Some(char::from(byte)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_it_is_with_no_note() {
        let (text, note) = decode("stage,touchpoint\nÕnne,Šokk 😀\n".as_bytes()).unwrap();
        assert!(matches!(text, Cow::Borrowed(_)));
        assert_eq!(text, "stage,touchpoint\nÕnne,Šokk 😀\n");
        assert_eq!(note, None);
    }

    #[test]
    fn windows_1252_is_read_with_its_quotes_dashes_and_letters() {
        let bytes = b"a,\x93\x8aokk\x94 \x96 \x80 5, \x9e\xf5\xe4\xf6\xfc\xd5 \x85\x99\r\n";
        let (text, note) = decode(bytes).unwrap();
        assert_eq!(text, "a,“Šokk” – € 5, žõäöüÕ …™\r\n");
        let note = note.unwrap();
        assert_eq!(note.line, 1);
        assert!(note.message.contains("read as Windows-1252"), "{note}");
    }

    #[test]
    fn utf16_with_its_byte_order_mark_is_read_as_utf16() {
        let text = "\u{feff}stage\ttouchpoint\r\nÕnne\tPay € 😀\r\n";
        let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [&little, &big] {
            let (read, note) = decode(bytes).unwrap();
            assert_eq!(read, text);
            assert_eq!(note, None, "a byte-order mark leaves nothing to guess");
        }
        let mut lone = little.clone();
        lone.extend([0x00, 0xD8, b'x', 0]); // a high surrogate, then `x`
        let error = decode(&lone).unwrap_err();
        assert_eq!((error.line, error.column), (3, 1), "{error}");
        assert!(
            error
                .message
                .starts_with("0xD800 is half a UTF-16 character"),
            "{error}"
        );
        // Cut after `Õ` and half of the tab after it.
        let error = decode(&little[..2 * 20 + 1]).unwrap_err();
        assert_eq!((error.line, error.column), (2, 2), "{error}");
        assert!(
            error.message.starts_with("the last byte is half"),
            "{error}"
        );
    }

    #[test]
    fn every_byte_but_five_is_a_character_and_none_a_c1_control() {
        let undefined: Vec<u8> = (0..=255u8).filter(|&b| windows_1252(b).is_none()).collect();
        assert_eq!(undefined, [0x81, 0x8D, 0x8F, 0x90, 0x9D]);
        assert!((0x80..=0x9F).all(|b| windows_1252(b).is_none_or(|c| !c.is_control())));
        assert_eq!(windows_1252(0xA0), Some('\u{A0}'));
        assert_eq!(windows_1252(0xFF), Some('ÿ'));
    }

    #[test]
    fn a_byte_that_is_no_character_is_an_error_at_its_line_and_column() {
        let error = decode(b"a,b\r\nc\xe9,d\re\x8df").unwrap_err();
        assert_eq!((error.line, error.column), (3, 2), "{error}");
        assert!(
            error.message.starts_with("the byte 0x8D is neither"),
            "{error}"
        );
    }

    #[test]
    fn utf8_gone_wrong_is_an_error_where_it_goes_wrong_not_a_guess() {
        // Cut short in the middle of `õ`, after UTF-8 letters.
        let error = decode(b"a,b\nk\xc3\xa4si,\xc3").unwrap_err();
        assert_eq!((error.line, error.column), (2, 6), "{error}");
        assert!(error.message.contains("0xC3 is not UTF-8"), "{error}");
        // A byte-order mark says UTF-8.
        let error = decode(b"\xef\xbb\xbfa,b\nc,\xe9\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 3), "{error}");
    }
}

//! Words for a POSIX shell: file names in the commands cxmap prints for
//! people to paste (`run `cxmap fmt 'my map.ron'``), and the path of cxmap
//! that `git-setup` writes into git's settings.

use std::ffi::OsStr;
use std::fmt::Write;
use std::os::unix::ffi::OsStrExt;

/// One word for a POSIX shell: single-quoted, each `'` written as `'\''`.
/// Inside single quotes nothing is special, newlines included.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `text` as one word to paste into a shell: as it is when no character in
/// it means anything to the shell, otherwise in single quotes (as
/// [`quote`]). A name holding what `style::note` writes out as an escape (a
/// control character, a character that reorders text) or bytes that are not
/// UTF-8 is written as `$'...'` (bash, zsh, ksh, POSIX.1-2024) with those
/// bytes as `\xHH`, so that what is printed is what the shell reads back.
pub fn word(text: &OsStr) -> String {
    let bytes = text.as_bytes();
    match std::str::from_utf8(bytes) {
        Ok("") => "''".to_owned(),
        Ok(text) if text.chars().all(plain) => text.to_owned(),
        Ok(text) if !text.chars().any(escaped) => quote(text),
        _ => dollar_quote(bytes),
    }
}

/// A character the shell takes as itself anywhere in a word.
fn plain(c: char) -> bool {
    c.is_alphanumeric() && !escaped(c) || "-_./:@%+,=".contains(c)
}

/// A character that could not be pasted from a message: `note` writes it
/// out as an escape, or it is invisible there.
fn escaped(c: char) -> bool {
    c.is_control() || crate::text::reorders(c)
}

/// `$'...'`: `\` and `'` escaped with a backslash, and every byte of a
/// control character, of a character that reorders text or of no character
/// at all as `\xHH`.
fn dollar_quote(bytes: &[u8]) -> String {
    let mut word = String::from("$'");
    let hex = |word: &mut String, bytes: &[u8]| {
        for byte in bytes {
            let _ = write!(word, "\\x{byte:02x}");
        }
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' | '\'' => {
                    word.push('\\');
                    word.push(c);
                }
                c if escaped(c) => hex(&mut word, c.encode_utf8(&mut [0; 4]).as_bytes()),
                c => word.push(c),
            }
        }
        hex(&mut word, chunk.invalid());
    }
    word.push('\'');
    word
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;
    use std::process::Command;

    /// What `shell` reads back from `word`, byte for byte.
    fn read_back(shell: &str, word: &str) -> Vec<u8> {
        let out = Command::new(shell)
            .arg("-c")
            .arg(format!("printf %s {word}"))
            .output()
            .unwrap_or_else(|e| panic!("{shell}: {e}"));
        assert!(out.status.success(), "{shell} {word}: {out:?}");
        out.stdout
    }

    #[test]
    fn a_quoted_word_reaches_the_shell_unchanged() {
        for text in [
            "plain",
            "",
            "we ird $(touch X)",
            "it's \"quoted\"",
            "''",
            "back`x`tick",
            "two\nlines",
            "\\ $HOME * ; | & < > # ~ !",
        ] {
            assert_eq!(read_back("sh", &quote(text)), text.as_bytes());
        }
    }

    #[test]
    fn a_word_is_quoted_only_where_the_shell_needs_it() {
        let word_of = |text: &str| word(OsStr::new(text));
        assert_eq!(
            word_of("maps/business-account.ron"),
            "maps/business-account.ron"
        );
        assert_eq!(word_of("kaart-õüäö.ron"), "kaart-õüäö.ron");
        assert_eq!(word_of("my map.ron"), "'my map.ron'");
        assert_eq!(word_of("it's.ron"), r"'it'\''s.ron'");
        assert_eq!(word_of("~x.ron"), "'~x.ron'");
        assert_eq!(word_of(""), "''");
        assert_eq!(word_of("line\nbreak.ron"), r"$'line\x0abreak.ron'");
        assert_eq!(word_of("t-1\u{202e}gnp.ron"), r"$'t-1\xe2\x80\xaegnp.ron'");
    }

    #[test]
    fn every_word_reads_back_as_the_name_it_was_made_of() {
        let mut names: Vec<OsString> = [
            "plain.ron",
            "my map.ron",
            "it's \"quoted\" $(touch X) `y` \\ * ? [a] {b,c} ; | & < > # ~ ! %",
            "-rf.ron",
            "kaart õ 地図.ron",
            "line\nbreak\tand\u{1b}[31m escape.ron",
            "it's\nboth\\.ron",
            "t-1\u{202e}gnp.ron",
        ]
        .into_iter()
        .map(OsString::from)
        .collect();
        names.push(OsString::from_vec(b"not \xff utf-8 it's.ron".to_vec()));
        for name in &names {
            let word = word(name);
            // Printed as it is: nothing in it that a message writes out.
            assert!(!word.chars().any(escaped), "{word}");
            // `$'...'` is not in every sh (dash has it only lately): bash
            // reads what a person pastes.
            let shell = if word.starts_with('$') { "bash" } else { "sh" };
            assert_eq!(read_back(shell, &word), name.as_bytes(), "{word}");
        }
    }
}

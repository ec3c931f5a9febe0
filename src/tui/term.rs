//! The bytes cxmap sends to the terminal beyond what ratatui draws: mouse
//! reporting that asks for clicks, drags and the wheel only (never every
//! motion, which over SSH costs bytes for each move of the hand), and the
//! 16 basic colours written as the basic codes every terminal knows.

use ratatui::crossterm::Command;
use std::fmt;
use std::io::{self, Write};

/// Mouse reporting for presses, releases, drags with a button held and the
/// wheel (modes 1000 and 1002), in the SGR encoding (1006), which has no
/// limit on columns. Not mode 1003: the pointer moving over the window is
/// not reported at all.
pub struct EnableMouseClicks;

impl Command for EnableMouseClicks {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[?1000h\x1b[?1002h\x1b[?1006h")
    }
}

/// Turns every mouse mode off, whichever a terminal was left in.
pub struct DisableMouse;

impl Command for DisableMouse {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str("\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l")
    }
}

/// A writer for ratatui's backend that holds each frame until it is
/// flushed, then sends it in one write with the colours crossterm writes as
/// `38;5;N` / `48;5;N` (N below 16) rewritten as the basic codes (30–37,
/// 90–97, 40–47, 100–107), which terminals without 256 colours understand
/// too, and which are shorter.
///
/// A frame in which nothing changed (ratatui still resets the colours and
/// hides the cursor after every draw) is not sent at all: a key that does
/// nothing, or a mouse report, costs no bytes on a slow link.
pub struct BasicColors<W: Write> {
    out: W,
    frame: Vec<u8>,
    /// Whether the last frame sent left the terminal's cursor hidden.
    cursor_hidden: bool,
}

/// What ratatui writes after a draw that changed no cell: the colours and
/// attributes reset (as every frame ends), and the cursor hidden.
const NOTHING_DRAWN: &[u8] = b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

impl<W: Write> BasicColors<W> {
    pub fn new(out: W) -> BasicColors<W> {
        BasicColors {
            out,
            frame: Vec::new(),
            cursor_hidden: false,
        }
    }

    /// Whether the frame held changes nothing on a terminal that every
    /// frame before left with its attributes reset.
    fn changes_nothing(&self) -> bool {
        let frame = self.frame.as_slice();
        let rest = frame.strip_prefix(NOTHING_DRAWN).unwrap_or(frame);
        rest.is_empty() || (rest == HIDE_CURSOR && self.cursor_hidden)
    }
}

impl<W: Write> Write for BasicColors<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.changes_nothing() {
            self.frame.clear();
            return Ok(());
        }
        let was_hidden = self.cursor_hidden;
        let hide = rfind(&self.frame, HIDE_CURSOR);
        let show = rfind(&self.frame, SHOW_CURSOR);
        if hide.is_some() || show.is_some() {
            self.cursor_hidden = hide > show;
        }
        let mut frame = basic_colors(&self.frame);
        self.frame.clear();
        // Every frame ends resetting the colours one by one, then all: the
        // last reset alone does it.
        if frame.ends_with(NOTHING_DRAWN) || frame.ends_with(&[NOTHING_DRAWN, HIDE_CURSOR].concat())
        {
            let at = rfind(&frame, NOTHING_DRAWN).expect("it ends so");
            frame.splice(at..at + NOTHING_DRAWN.len(), b"\x1b[0m".iter().copied());
        }
        // Hiding a cursor the last frame left hidden changes nothing.
        if was_hidden && show.is_none() && frame.ends_with(HIDE_CURSOR) {
            frame.truncate(frame.len() - HIDE_CURSOR.len());
        }
        self.out.write_all(&frame)?;
        self.out.flush()
    }
}

/// `bytes` with each SGR sequence's 256-colour codes below 16 made basic.
pub fn basic_colors(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(at) = find(rest, b"\x1b[") {
        out.extend_from_slice(&rest[..at]);
        let params = &rest[at + 2..];
        let end = params
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';'));
        match end {
            Some(end) if params[end] == b'm' => {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(&sgr(&params[..end]));
                out.push(b'm');
                rest = &params[end + 1..];
            }
            _ => {
                out.extend_from_slice(b"\x1b[");
                rest = params;
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The parameters of one SGR sequence, with `38;5;N` and `48;5;N` for N
/// below 16 as one basic code each; everything else as it was.
fn sgr(params: &[u8]) -> Vec<u8> {
    let parts: Vec<&[u8]> = params.split(|b| *b == b';').collect();
    let mut kept: Vec<Vec<u8>> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let number =
            |j: usize| -> Option<u16> { std::str::from_utf8(parts.get(j)?).ok()?.parse().ok() };
        match (parts[i], number(i + 1), number(i + 2)) {
            (b"38" | b"48", Some(5), Some(n)) if n < 16 => {
                let background = parts[i] == b"48";
                let code = match (background, n < 8) {
                    (false, true) => 30 + n,
                    (false, false) => 90 + n - 8,
                    (true, true) => 40 + n,
                    (true, false) => 100 + n - 8,
                };
                kept.push(code.to_string().into_bytes());
                i += 3;
            }
            // Other extended colours keep all their parts.
            (b"38" | b"48" | b"58", Some(5), Some(_)) => {
                kept.extend(parts[i..i + 3].iter().map(|p| p.to_vec()));
                i += 3;
            }
            (b"38" | b"48" | b"58", Some(2), _) => {
                let end = (i + 4).min(parts.len() - 1);
                kept.extend(parts[i..=end].iter().map(|p| p.to_vec()));
                i = end + 1;
            }
            (part, _, _) => {
                kept.push(part.to_vec());
                i += 1;
            }
        }
    }
    kept.join(&b';')
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str) -> String {
        String::from_utf8(basic_colors(text.as_bytes())).unwrap()
    }

    #[test]
    fn the_sixteen_colours_become_basic_codes() {
        assert_eq!(rewrite("\x1b[38;5;1mred"), "\x1b[31mred");
        assert_eq!(rewrite("\x1b[38;5;9m\x1b[48;5;4m"), "\x1b[91m\x1b[44m");
        assert_eq!(rewrite("\x1b[48;5;15m"), "\x1b[107m");
        assert_eq!(rewrite("\x1b[1;38;5;2;48;5;8;4m"), "\x1b[1;32;100;4m");
    }

    #[test]
    fn everything_else_is_left_alone() {
        for text in [
            "\x1b[38;5;196m",
            "\x1b[38;2;1;2;3m",
            "\x1b[48;2;255;5;5;1m",
            "\x1b[0m\x1b[39m\x1b[49m",
            "\x1b[10;5H\x1b[?25l",
            "plain 38;5;1m text and a lone \x1b[",
            "Õun 🍎 \x1b[2J",
        ] {
            assert_eq!(rewrite(text), text);
        }
    }

    #[test]
    fn a_frame_is_sent_at_the_flush_in_one_piece() {
        let mut writer = BasicColors::new(Vec::new());
        writer.write_all(b"\x1b[38;").unwrap();
        writer.write_all(b"5;3mx").unwrap();
        assert!(writer.out.is_empty(), "held until the flush");
        writer.flush().unwrap();
        assert_eq!(writer.out, b"\x1b[33mx");
    }

    #[test]
    fn a_frame_that_changes_nothing_is_not_sent() {
        let mut writer = BasicColors::new(Vec::new());
        let mut frame = |bytes: &[u8]| {
            writer.write_all(bytes).unwrap();
            writer.flush().unwrap();
            std::mem::take(&mut writer.out).len()
        };
        let idle = [NOTHING_DRAWN, HIDE_CURSOR].concat();
        // Sent as one reset and the hide: "\x1b[0m\x1b[?25l".
        let sent = 4 + HIDE_CURSOR.len();
        assert_eq!(frame(&idle), sent, "the cursor is hidden the first time");
        assert_eq!(frame(&idle), 0, "then nothing changes");
        assert_eq!(frame(b"\x1b[2;3Hx"), 7, "a cell drawn is sent");
        assert_eq!(frame(&[SHOW_CURSOR, b"\x1b[1;1H"].concat()), 12);
        assert_eq!(frame(&idle), sent, "hiding a shown cursor is a change");
        assert_eq!(frame(&idle), 0);
        assert_eq!(frame(b""), 0);
        // A frame that draws ends in one reset, and does not hide the
        // cursor again.
        let drawn = [b"\x1b[2;3Hx".as_slice(), NOTHING_DRAWN, HIDE_CURSOR].concat();
        assert_eq!(frame(&drawn), 7 + 4, "the cell and one reset");
    }
}

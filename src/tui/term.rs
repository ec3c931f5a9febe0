//! The bytes cxmap sends to the terminal: mouse reporting that asks for
//! clicks, drags and the wheel only (never every motion, which over SSH
//! costs bytes for each move of the hand), and `Wire`, the backend that
//! writes ratatui's frames in as few bytes as it can.

mod pen;

use pen::Pen;
#[cfg(test)]
pub(crate) use pen::palette_index;
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::crossterm::{Command, terminal};
use ratatui::layout::{Position, Rect, Size};
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

/// ratatui's backend for the terminal, sparing with bytes for slow links.
/// Each frame goes out in one write, and only if it changes something (a
/// key that does nothing, or a mouse report, costs no bytes). Its cells are
/// written by `Pen`: styles in one SGR sequence with only what changes, the
/// 16 colours as the basic codes (crossterm writes `38;5;N`, which
/// terminals without 256 colours do not know, and which is longer), the
/// shortest cursor moves. The cursor is hidden or shown only when that
/// changes.
///
/// It keeps what the terminal shows, so that a frame whose changes would
/// take more bytes than the whole screen (a dialog closing over a full
/// board) is sent as a clear and the screen instead: no frame is ever
/// larger than a repaint.
pub struct Wire<W: Write> {
    out: W,
    /// The frame being made, sent whole at the flush.
    frame: Vec<u8>,
    /// The terminal's cursor and style as the frame so far leaves them.
    pen: Pen,
    /// What the terminal shows once the frame being made is sent.
    screen: Buffer,
    /// Whether `screen` is known to be what the terminal shows: not after a
    /// partial clear, which this does not follow (a full-screen app makes
    /// none).
    known: bool,
    /// How many cells of `screen` are not blank: no repaint is shorter
    /// than one byte for each.
    inked: usize,
    /// Whether the terminal shows its cursor, once a frame said.
    cursor_shown: Option<bool>,
    /// Whether the frame being made shows it.
    show_cursor: bool,
    /// The size when it is not the terminal's own (a test's).
    size: Option<Size>,
}

const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const CLEAR: &[u8] = b"\x1b[2J";

impl<W: Write> Wire<W> {
    /// A backend writing to `out`, a terminal whose size it asks for.
    pub fn new(out: W) -> Wire<W> {
        let (width, height) = terminal::size().unwrap_or((0, 0));
        Wire::sized(out, Size { width, height }, None)
    }

    /// A backend writing to `out` as if it were a terminal of `size`.
    #[cfg(test)]
    pub fn with_size(out: W, size: Size) -> Wire<W> {
        Wire::sized(out, size, Some(size))
    }

    fn sized(out: W, size: Size, fixed: Option<Size>) -> Wire<W> {
        Wire {
            out,
            frame: Vec::new(),
            pen: Pen::default(),
            screen: Buffer::empty(Rect::from((Position::ORIGIN, size))),
            known: true,
            inked: 0,
            cursor_shown: None,
            show_cursor: false,
            size: fixed,
        }
    }

    /// Notes that `cell` is drawn at `x`, `y` (and the cells a wide one
    /// covers are part of it).
    fn record(&mut self, x: u16, y: u16, cell: &Cell) {
        let area = self.screen.area;
        let width = cell.cell_width().max(1);
        if !area.contains(Position { x, y }) {
            self.known = false;
            return;
        }
        for i in 0..width.min(area.right() - x) {
            let new = if i == 0 { cell.clone() } else { Cell::EMPTY };
            let old = &mut self.screen[(x + i, y)];
            self.inked = self.inked - usize::from(inked(old)) + usize::from(inked(&new));
            *old = new;
        }
    }

    /// The whole screen from a cleared terminal, the cursor left where the
    /// frame leaves it (when it shows), with the pen it leaves.
    fn repaint(&self) -> (Vec<u8>, Pen) {
        let mut bytes = CLEAR.to_vec();
        let mut pen = Pen::default();
        // Blank cells are skipped, so the cells between two drawn ones are
        // blank on `screen` as on the cleared terminal.
        for (i, cell) in self.screen.content.iter().enumerate() {
            if inked(cell) {
                let (x, y) = self.screen.pos_of(i);
                pen.put(&mut bytes, x, y, cell, &self.screen);
            }
        }
        pen.plain(&mut bytes);
        if let (true, Some(at)) = (self.show_cursor, self.pen.at) {
            pen.move_to(&mut bytes, at, &self.screen);
        }
        (bytes, pen)
    }
}

/// Whether a cell shows anything on a cleared terminal (and is drawn at
/// all: ratatui leaves cells marked to be skipped to others).
fn inked(cell: &Cell) -> bool {
    #[expect(deprecated, reason = "ratatui still honours the old flag")]
    let skipped = cell.skip;
    let skipped = skipped || cell.diff_option == CellDiffOption::Skip;
    !skipped && *cell != Cell::EMPTY
}

impl<W: Write> Backend for Wire<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            self.pen.put(&mut self.frame, x, y, cell, &self.screen);
            self.record(x, y, cell);
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        for _ in 0..n {
            self.frame.push(b'\n');
        }
        self.pen.at = None;
        self.known = false;
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.show_cursor = false;
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.show_cursor = true;
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.pen.at.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.pen
            .move_to(&mut self.frame, position.into(), &self.screen);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erased cells take the background in force: plain first.
        self.pen.plain(&mut self.frame);
        let code: &[u8] = match clear_type {
            ClearType::All => CLEAR,
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.frame.extend_from_slice(code);
        if clear_type == ClearType::All {
            // A clear follows a resize, which may have moved the cursor.
            self.pen.at = None;
            let size = self.size()?;
            self.screen = Buffer::empty(Rect::from((Position::ORIGIN, size)));
            self.inked = 0;
            self.known = true;
        } else {
            self.known = false;
        }
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        if let Some(size) = self.size {
            return Ok(size);
        }
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let size = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: size.columns,
                height: size.rows,
            },
            pixels: Size {
                width: size.width,
                height: size.height,
            },
        })
    }

    /// Sends the frame: its changes, or the whole screen when that is
    /// shorter; then the cursor shown or hidden, if that changes.
    fn flush(&mut self) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.frame);
        self.pen.plain(&mut bytes);
        if self.known && bytes.len() > CLEAR.len() + self.inked {
            let (repaint, pen) = self.repaint();
            if repaint.len() < bytes.len() {
                bytes = repaint;
                self.pen = pen;
            }
        }
        if self.cursor_shown != Some(self.show_cursor) {
            self.cursor_shown = Some(self.show_cursor);
            bytes.extend_from_slice(if self.show_cursor {
                SHOW_CURSOR
            } else {
                HIDE_CURSOR
            });
        }
        if bytes.is_empty() {
            return Ok(());
        }
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::{Color, Style};
    use ratatui::widgets::{Paragraph, Widget};

    /// A terminal of `width` x `height` in memory, and what each frame sent.
    struct Screen {
        terminal: Terminal<Wire<Vec<u8>>>,
    }

    impl Screen {
        fn new(width: u16, height: u16) -> Screen {
            let wire = Wire::with_size(Vec::new(), Size { width, height });
            Screen {
                terminal: Terminal::new(wire).expect("in memory"),
            }
        }

        /// Draws `lines`, each in `style`; returns what was sent.
        fn draw(&mut self, lines: &str, style: Style) -> String {
            self.terminal
                .draw(|frame| {
                    Paragraph::new(lines)
                        .style(style)
                        .render(frame.area(), frame.buffer_mut());
                })
                .expect("drawn");
            let sent = std::mem::take(&mut self.terminal.backend_mut().out);
            String::from_utf8(sent).expect("text")
        }
    }

    #[test]
    fn a_frame_that_changes_nothing_is_not_sent() {
        let mut screen = Screen::new(10, 2);
        assert_eq!(
            screen.draw("ab", Style::new()),
            "\x1b[Hab\x1b[?25l",
            "the cells, and the cursor hidden once"
        );
        assert_eq!(screen.draw("ab", Style::new()), "");
        assert_eq!(screen.draw("ac", Style::new()), "\x1b[Dc", "one back");
        // Every cell red: back to the start of the line, the first row,
        // then the second from its start (the first ended at the edge).
        let red = Style::new().fg(Color::Red);
        assert_eq!(
            screen.draw("ac", red),
            "\r\x1b[31mac        \x1b[2H          \x1b[0m"
        );
        assert_eq!(screen.draw("ac", red), "");
    }

    #[test]
    fn after_a_clear_the_cursor_is_placed_afresh() {
        let mut screen = Screen::new(10, 2);
        screen.draw("ab", Style::new());
        // A resize clears, and may have moved the cursor meanwhile.
        screen.terminal.clear().expect("cleared");
        assert_eq!(screen.draw("ab", Style::new()), "\x1b[2J\x1b[Hab");
    }

    #[test]
    fn a_frame_is_sent_in_one_write() {
        struct Writes(usize);
        impl Write for Writes {
            fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                Ok(bytes.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let size = Size {
            width: 20,
            height: 3,
        };
        let mut terminal = Terminal::new(Wire::with_size(Writes(0), size)).expect("in memory");
        terminal
            .draw(|frame| {
                Paragraph::new("one\ntwo\nthree")
                    .style(Style::new().bold())
                    .render(frame.area(), frame.buffer_mut());
            })
            .expect("drawn");
        assert_eq!(terminal.backend().out.0, 1);
    }

    #[test]
    fn a_frame_longer_than_the_screen_is_sent_as_the_screen() {
        let mut screen = Screen::new(20, 3);
        let busy = "x".repeat(60);
        screen.draw(&busy, Style::new().fg(Color::Red).bg(Color::Blue));
        // Blanking sixty coloured cells takes more than clearing the
        // screen and writing the one left.
        let sent = screen.draw("\n\n       y", Style::new());
        assert_eq!(sent, "\x1b[2J\x1b[3;8Hy");
        // And then the cells it knows are on screen stay known.
        assert_eq!(screen.draw("\n\n       z", Style::new()), "\x1b[Dz");
    }
}

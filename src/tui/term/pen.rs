//! The fewest bytes that put a cell on screen: where the terminal's cursor
//! is and what style it writes in, and the shortest escape codes that change
//! them (one SGR sequence with only what changes, the 16 colours as the basic
//! codes; the shortest of the cursor moves, or the cells in between written
//! again when that is shorter still).

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};
use std::io::Write;

/// The style the terminal writes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Ink {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Ink {
    /// What `\x1b[0m` leaves, and every frame ends in.
    const PLAIN: Ink = Ink {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Ink {
        Ink {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// The terminal's cursor and style as the bytes written so far leave them.
#[derive(Clone, Copy, Debug)]
pub struct Pen {
    /// Where the cursor is; `None` when not known: before the first move,
    /// and after a character at the right edge (where terminals differ on
    /// whether it wraps) or one wider than a column (whose width terminals
    /// may count otherwise).
    pub at: Option<Position>,
    /// Whether `at` is sure: only ASCII was written since the cursor was
    /// last put in a place by its row and column. Where a terminal counts a
    /// character's width otherwise than ratatui (an emoji, a symbol of
    /// ambiguous width), a relative move would carry the error on; from an
    /// unsure place only an absolute move goes, as ratatui's own backend does.
    sure: bool,
    ink: Ink,
}

impl Default for Pen {
    fn default() -> Self {
        Pen {
            at: None,
            sure: false,
            ink: Ink::PLAIN,
        }
    }
}

/// A cell's text as the terminal is sent it: without the characters that
/// reorder text (a map's text shows in the order it is written, never
/// turned around by an override in a name) and, in a cell one column wide,
/// without the invisible joiners and marks that terminals count
/// differently (kept in a two-column cell, where they join an emoji).
fn write_symbol(out: &mut Vec<u8>, cell: &Cell) {
    let symbol = cell.symbol();
    let dropped = |c: char| {
        crate::text::reorders(c)
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
            || cell.cell_width() == 1
                && matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
    };
    if symbol.is_ascii() || !symbol.chars().any(dropped) {
        out.extend_from_slice(symbol.as_bytes());
        return;
    }
    let kept: String = symbol.chars().filter(|&c| !dropped(c)).collect();
    out.extend_from_slice(if kept.is_empty() {
        b" "
    } else {
        kept.as_bytes()
    });
}

impl Pen {
    /// Writes `cell` at `x`, `y` of `screen`, which holds what the terminal
    /// shows (before this cell).
    pub fn put(&mut self, out: &mut Vec<u8>, x: u16, y: u16, cell: &Cell, screen: &Buffer) {
        self.move_to(out, Position { x, y }, screen);
        self.set_ink(out, Ink::of(cell));
        write_symbol(out, cell);
        self.sure &= cell.symbol().is_ascii();
        let next = x.saturating_add(1);
        self.at = (cell.cell_width() == 1 && next < screen.area.right())
            .then_some(Position { x: next, y });
    }

    /// Back to plain text, as every frame ends.
    pub fn plain(&mut self, out: &mut Vec<u8>) {
        if self.ink != Ink::PLAIN {
            out.extend_from_slice(b"\x1b[0m");
            self.ink = Ink::PLAIN;
        }
    }

    /// Moves the cursor to `to` by the shortest way: a relative move, a
    /// carriage return, an absolute one, or the cells of `screen` in
    /// between written again as they are, where they are in the pen's style.
    pub fn move_to(&mut self, out: &mut Vec<u8>, to: Position, screen: &Buffer) {
        if self.at == Some(to) {
            return;
        }
        let mut best = Way::Absolute;
        if let Some(at) = self.at.filter(|_| self.sure) {
            let ways = if at.y == to.y {
                let sideways = if to.x > at.x {
                    Way::Relative(to.x - at.x, b'C')
                } else {
                    Way::Relative(at.x - to.x, b'D')
                };
                [
                    Some(Way::Column),
                    Some(sideways),
                    (to.x == 0).then_some(Way::Return),
                ]
            } else if at.x == to.x {
                let up_down = if to.y > at.y {
                    Way::Relative(to.y - at.y, b'B')
                } else {
                    Way::Relative(at.y - to.y, b'A')
                };
                [Some(up_down), None, None]
            } else {
                [None; 3]
            };
            for way in ways.into_iter().flatten() {
                if way.bytes(to) < best.bytes(to) {
                    best = way;
                }
            }
            if at.y == to.y
                && at.x < to.x
                && usize::from(to.x - at.x) < best.bytes(to)
                && self.writes_again(at, to, screen)
            {
                best = Way::Cells(at);
            }
        }
        best.write(out, to, screen);
        // An absolute move makes the place sure; a relative one keeps it so.
        self.sure = true;
        self.at = Some(to);
    }

    /// Whether the cells from `at` up to `to` on one row, as `screen` holds
    /// them, are each an ASCII character in the pen's style: writing them
    /// again moves the cursor and changes nothing.
    fn writes_again(&self, at: Position, to: Position, screen: &Buffer) -> bool {
        (at.x..to.x).all(|x| {
            screen.cell(Position { x, y: at.y }).is_some_and(|cell| {
                cell.diff_option == CellDiffOption::None
                    && Ink::of(cell) == self.ink
                    && cell.symbol().len() == 1
                    && cell.symbol().is_ascii()
            })
        })
    }

    /// Changes the style to `to` in one sequence: what changes, or a reset
    /// and what `to` sets, whichever is shorter.
    fn set_ink(&mut self, out: &mut Vec<u8>, to: Ink) {
        if self.ink == to {
            return;
        }
        // Both are written, and the longer taken out again: no allocation.
        let start = out.len();
        out.extend_from_slice(b"\x1b[");
        changes(out, self.ink, to);
        let change = out.len();
        out.extend_from_slice(b"\x1b[0;");
        changes(out, Ink::PLAIN, to);
        if out.len() - change < change - start {
            out.drain(start..change);
        } else {
            out.truncate(change);
        }
        // Each parameter ends in `;`: the last one ends the sequence.
        if let Some(last) = out.last_mut() {
            *last = b'm';
        }
        self.ink = to;
    }
}

/// A way to move the cursor.
#[derive(Clone, Copy)]
enum Way {
    /// `CSI row ; column H`.
    Absolute,
    /// A carriage return, to the first column.
    Return,
    /// `CSI column G`, on the same row.
    Column,
    /// `CSI n A`, `B`, `C` or `D`.
    Relative(u16, u8),
    /// The cells from the given place on written again.
    Cells(Position),
}

impl Way {
    /// Its length in bytes, to `to`.
    fn bytes(self, to: Position) -> usize {
        match self {
            Way::Absolute if to == Position::ORIGIN => 3,
            Way::Absolute if to.x == 0 => 3 + digits(to.y + 1),
            Way::Absolute => 4 + digits(to.y + 1) + digits(to.x + 1),
            Way::Return => 1,
            Way::Column => 3 + digits(to.x + 1),
            Way::Relative(1, _) => 3,
            Way::Relative(n, _) => 3 + digits(n),
            Way::Cells(at) => usize::from(to.x - at.x),
        }
    }

    fn write(self, out: &mut Vec<u8>, to: Position, screen: &Buffer) {
        let (row, column) = (to.y + 1, to.x + 1);
        let _ = match self {
            Way::Absolute if to == Position::ORIGIN => write!(out, "\x1b[H"),
            Way::Absolute if to.x == 0 => write!(out, "\x1b[{row}H"),
            Way::Absolute => write!(out, "\x1b[{row};{column}H"),
            Way::Return => write!(out, "\r"),
            Way::Column => write!(out, "\x1b[{column}G"),
            Way::Relative(1, code) => write!(out, "\x1b[{}", char::from(code)),
            Way::Relative(n, code) => write!(out, "\x1b[{n}{}", char::from(code)),
            Way::Cells(at) => {
                for x in at.x..to.x {
                    write_symbol(out, &screen[(x, at.y)]);
                }
                Ok(())
            }
        };
    }
}

/// How many digits `n` is written in.
fn digits(n: u16) -> usize {
    match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        _ => 5,
    }
}

/// Writes the SGR parameters that take the terminal from style `from` to
/// `to`, each followed by `;`.
fn changes(out: &mut Vec<u8>, from: Ink, to: Ink) {
    let removed = from.modifier - to.modifier;
    let mut added = to.modifier - from.modifier;
    let mut off = |gone: Modifier, code: &[u8], back: Modifier| {
        if removed.intersects(gone) {
            out.extend_from_slice(code);
            // One code ends both: what `to` keeps goes back on.
            added |= to.modifier & back;
        }
    };
    let intensity = Modifier::BOLD | Modifier::DIM;
    off(intensity, b"22;", intensity);
    off(Modifier::ITALIC, b"23;", Modifier::empty());
    off(Modifier::UNDERLINED, b"24;", Modifier::empty());
    let blinks = Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    off(blinks, b"25;", blinks);
    off(Modifier::REVERSED, b"27;", Modifier::empty());
    off(Modifier::HIDDEN, b"28;", Modifier::empty());
    off(Modifier::CROSSED_OUT, b"29;", Modifier::empty());
    for (modifier, code) in [
        (Modifier::BOLD, b"1;"),
        (Modifier::DIM, b"2;"),
        (Modifier::ITALIC, b"3;"),
        (Modifier::UNDERLINED, b"4;"),
        (Modifier::SLOW_BLINK, b"5;"),
        (Modifier::RAPID_BLINK, b"6;"),
        (Modifier::REVERSED, b"7;"),
        (Modifier::HIDDEN, b"8;"),
        (Modifier::CROSSED_OUT, b"9;"),
    ] {
        if added.contains(modifier) {
            out.extend_from_slice(code);
        }
    }
    if from.fg != to.fg {
        colour(out, to.fg, 30, 90, "38", "39");
    }
    if from.bg != to.bg {
        colour(out, to.bg, 40, 100, "48", "49");
    }
    if from.underline != to.underline {
        // Underline colours have no basic codes.
        colour(out, to.underline, 0, 0, "58", "59");
    }
}

/// A colour's number in the terminal's palette: the 16 named ones 0 to 15,
/// an indexed one its own; `None` for the terminal's own colour and RGB.
pub(crate) fn palette_index(color: Color) -> Option<u8> {
    Some(match color {
        Color::Reset | Color::Rgb(..) => return None,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(n) => n,
    })
}

/// Writes one colour's SGR parameter and a `;`: the 16 colours as basic
/// codes (`dark` + N, `light` + N - 8), which every terminal knows; others
/// as 256 colours or RGB under `extended`; `reset` for the terminal's own.
fn colour(out: &mut Vec<u8>, color: Color, dark: u16, light: u16, extended: &str, reset: &str) {
    let Some(index) = palette_index(color) else {
        let _ = match color {
            Color::Rgb(r, g, b) => write!(out, "{extended};2;{r};{g};{b};"),
            _ => write!(out, "{reset};"),
        };
        return;
    };
    let _ = match index {
        0..8 if dark > 0 => write!(out, "{};", dark + u16::from(index)),
        8..16 if light > 0 => write!(out, "{};", light + u16::from(index) - 8),
        n => write!(out, "{extended};5;{n};"),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn cell(symbol: &'static str, style: Style) -> Cell {
        let mut cell = Cell::new(symbol);
        cell.set_style(style);
        cell
    }

    fn text(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn text_is_sent_in_its_order_without_joiners_a_terminal_counts_otherwise() {
        let sent = |symbol: &'static str| {
            let mut out = Vec::new();
            write_symbol(&mut out, &cell(symbol, Style::default()));
            text(&out)
        };
        assert_eq!(sent("a"), "a");
        assert_eq!(sent("x\u{200d}"), "x");
        assert_eq!(sent("e\u{202e}"), "e");
        assert_eq!(sent("\u{2067}"), " ");
        assert_eq!(sent("õ"), "õ");
        // A family emoji is one two-column cell, joined as it is written.
        assert_eq!(sent("👨\u{200d}👩"), "👨\u{200d}👩");
    }

    #[test]
    fn only_what_changes_is_sent_in_one_sequence() {
        let screen = Buffer::empty(Rect::new(0, 0, 20, 3));
        let mut pen = Pen::default();
        let mut out = Vec::new();
        let red_bold = Style::new().fg(Color::Red).bold();
        pen.put(&mut out, 0, 0, &cell("a", red_bold), &screen);
        assert_eq!(text(&out), "\x1b[H\x1b[1;31ma");
        out.clear();
        // The same red, no longer bold, on blue: no foreground code.
        let blue = Style::new().fg(Color::Red).bg(Color::LightBlue);
        pen.put(&mut out, 1, 0, &cell("b", blue), &screen);
        assert_eq!(text(&out), "\x1b[22;104mb");
        out.clear();
        // Dim kept while bold goes: 22 ends both, 2 puts dim back.
        let red = Style::new().fg(Color::Red);
        pen.set_ink(&mut out, Ink::of(&cell("", red.bold().dim())));
        out.clear();
        pen.set_ink(&mut out, Ink::of(&cell("", red.dim())));
        assert_eq!(text(&out), "\x1b[22;2m");
        out.clear();
        // Where a reset is shorter than undoing, a reset.
        let many = Style::new()
            .fg(Color::Indexed(200))
            .bg(Color::Rgb(1, 2, 3))
            .italic()
            .underlined();
        pen.set_ink(&mut out, Ink::of(&cell("", many)));
        out.clear();
        pen.set_ink(&mut out, Ink::of(&cell("", Style::new().bold())));
        assert_eq!(text(&out), "\x1b[0;1m");
        out.clear();
        pen.plain(&mut out);
        assert_eq!(text(&out), "\x1b[0m");
    }

    fn colour(color: Color, dark: u16, light: u16, extended: &str, reset: &str) -> String {
        let mut out = Vec::new();
        super::colour(&mut out, color, dark, light, extended, reset);
        out.pop();
        text(&out)
    }

    #[test]
    fn the_sixteen_colours_are_basic_codes_and_the_rest_extended() {
        assert_eq!(colour(Color::Red, 30, 90, "38", "39"), "31");
        assert_eq!(colour(Color::DarkGray, 30, 90, "38", "39"), "90");
        assert_eq!(colour(Color::White, 40, 100, "48", "49"), "107");
        assert_eq!(colour(Color::Indexed(3), 40, 100, "48", "49"), "43");
        assert_eq!(colour(Color::Indexed(196), 30, 90, "38", "39"), "38;5;196");
        assert_eq!(
            colour(Color::Rgb(1, 2, 3), 30, 90, "38", "39"),
            "38;2;1;2;3"
        );
        assert_eq!(colour(Color::Green, 0, 0, "58", "59"), "58;5;2");
        assert_eq!(colour(Color::Reset, 0, 0, "58", "59"), "59");
    }

    #[test]
    fn the_cursor_takes_the_shortest_way() {
        let mut screen = Buffer::empty(Rect::new(0, 0, 80, 24));
        screen.set_string(0, 5, "plain words here", Style::new());
        let mut pen = Pen::default();
        let mut out = Vec::new();
        let mut way = |pen: &mut Pen, x: u16, y: u16| {
            out.clear();
            pen.move_to(&mut out, Position { x, y }, &screen);
            text(&out)
        };
        assert_eq!(way(&mut pen, 9, 5), "\x1b[6;10H", "unknown: absolute");
        assert_eq!(way(&mut pen, 9, 5), "", "already there");
        assert_eq!(way(&mut pen, 11, 5), "ds", "the cells between, again");
        assert_eq!(way(&mut pen, 40, 5), "\x1b[41G");
        assert_eq!(way(&mut pen, 38, 5), "\x1b[2D");
        assert_eq!(way(&mut pen, 0, 5), "\r");
        assert_eq!(way(&mut pen, 0, 6), "\x1b[B");
        assert_eq!(way(&mut pen, 5, 6), "\x1b[6G");
        assert_eq!(way(&mut pen, 5, 2), "\x1b[4A");
        assert_eq!(way(&mut pen, 0, 0), "\x1b[H");
        assert_eq!(way(&mut pen, 30, 20), "\x1b[21;31H");
        // Cells in another style than the pen's are not written again.
        let mut styled = screen.clone();
        styled.set_style(Rect::new(2, 5, 2, 1), Style::new().bold());
        pen.at = Some(Position { x: 1, y: 5 });
        out.clear();
        pen.move_to(&mut out, Position { x: 4, y: 5 }, &styled);
        assert_eq!(text(&out), "\x1b[5G", "not \"ain\" in the pen's style");
    }

    #[test]
    fn after_a_wide_character_or_the_last_column_the_cursor_is_not_trusted() {
        let screen = Buffer::empty(Rect::new(0, 0, 10, 2));
        let mut pen = Pen::default();
        let mut out = Vec::new();
        pen.put(&mut out, 0, 0, &Cell::new("受"), &screen);
        assert_eq!(pen.at, None);
        pen.put(&mut out, 3, 0, &Cell::new("a"), &screen);
        assert_eq!(pen.at, Some(Position { x: 4, y: 0 }));
        pen.put(&mut out, 9, 0, &Cell::new("z"), &screen);
        assert_eq!(pen.at, None, "a terminal may or may not have wrapped");
        // After a character a terminal might count wider, the next one
        // follows it (as ratatui has it), but a move is absolute.
        out.clear();
        pen.put(&mut out, 0, 1, &Cell::new("●"), &screen);
        pen.put(&mut out, 1, 1, &Cell::new("a"), &screen);
        pen.put(&mut out, 3, 1, &Cell::new("b"), &screen);
        assert_eq!(text(&out), "\x1b[2H●a\x1b[2;4Hb");
        out.clear();
        pen.put(&mut out, 5, 1, &Cell::new("c"), &screen);
        assert_eq!(
            text(&out),
            " c",
            "sure again: the blank between written again"
        );
    }
}

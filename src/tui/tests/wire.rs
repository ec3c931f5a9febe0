//! What each key costs a user on a slow link: the bytes the real backend
//! (`term::Wire`) writes for the frame after it, into a buffer, at 80x24,
//! held as upper bounds. Every frame is also fed to a terminal (vt100),
//! whose screen must then be what was drawn: fewer bytes, the same screen.

use super::*;
use crate::model::generated_map;
use crate::storage::ThemeName;
use crate::tui::term::Wire;
use ratatui::Terminal;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier};
use std::cell::RefCell;
use std::io::Write;
use std::num::NonZeroU16;
use std::rc::Rc;
use std::time::Instant;

/// Where the backend's writes go, readable while it holds them.
#[derive(Clone, Default)]
struct Sent(Rc<RefCell<Vec<u8>>>);

impl Write for Sent {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A terminal over a slow link: the app drawn through the real backend,
/// the bytes counted and played on a terminal emulator.
struct Link {
    sent: Sent,
    terminal: Terminal<Wire<Sent>>,
    emulator: vt100::Parser,
}

impl Link {
    /// A link to a terminal of the app's size, showing its first frame.
    fn new(app: &App) -> Link {
        let Rect { width, height, .. } = app.size();
        let sent = Sent::default();
        let wire = Wire::with_size(sent.clone(), Size { width, height });
        let mut link = Link {
            sent,
            terminal: Terminal::new(wire).expect("a terminal in memory"),
            emulator: vt100::Parser::new(
                NonZeroU16::new(height).expect("rows"),
                NonZeroU16::new(width).expect("columns"),
                0,
            ),
        };
        link.frame(app);
        link
    }

    /// Draws the app; returns the bytes sent, after checking that the
    /// terminal shows what was drawn.
    fn frame(&mut self, app: &App) -> usize {
        let drawn = self
            .terminal
            .draw(|frame| frame.render_widget(app, frame.area()))
            .expect("drawn")
            .buffer
            .clone();
        let bytes = std::mem::take(&mut *self.sent.0.borrow_mut());
        self.emulator.process(&bytes);
        same_screen(&drawn, self.emulator.screen(), &bytes);
        bytes.len()
    }

    /// Types `keys`; returns the bytes of the frame after them.
    fn press(&mut self, app: &mut App, typed: &str) -> usize {
        keys(app, typed);
        self.frame(app)
    }

    /// A mouse event; returns the bytes of the frame after it.
    fn mouse(&mut self, app: &mut App, kind: MouseEventKind, column: u16, row: u16) -> usize {
        let event = MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        };
        app.handle_event(Event::Mouse(event), Instant::now());
        self.frame(app)
    }
}

/// The bytes of a full repaint of the app's screen: a clear, then every
/// cell drawn.
fn repaint(app: &App) -> usize {
    let Rect { width, height, .. } = app.size();
    let sent = Sent::default();
    let wire = Wire::with_size(sent.clone(), Size { width, height });
    let mut terminal = Terminal::new(wire).expect("a terminal in memory");
    terminal.clear().expect("cleared");
    let drawn = terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .expect("drawn")
        .buffer
        .clone();
    let bytes = sent.0.borrow();
    let mut emulator = vt100::Parser::new(
        NonZeroU16::new(height).expect("rows"),
        NonZeroU16::new(width).expect("columns"),
        0,
    );
    // A screen left over from before, which the repaint clears.
    emulator.process("leftover\r\nlines".as_bytes());
    emulator.process(&bytes);
    same_screen(&drawn, emulator.screen(), &bytes);
    bytes.len()
}

/// Checks that `screen` (a terminal after the bytes `sent`) shows `drawn`:
/// each cell's text, colours and attributes.
fn same_screen(drawn: &Buffer, screen: &vt100::Screen, sent: &[u8]) {
    for (i, cell) in drawn.content.iter().enumerate() {
        let (x, y) = drawn.pos_of(i);
        let shown = screen.cell(y, x).expect("a cell of the screen");
        if shown.is_wide_continuation() {
            continue;
        }
        let text = match shown.contents() {
            "" => " ",
            text => text,
        };
        let attributes = |bold, dim, italic, underline, inverse| {
            [
                (bold, Modifier::BOLD),
                (dim, Modifier::DIM),
                (italic, Modifier::ITALIC),
                (underline, Modifier::UNDERLINED),
                (inverse, Modifier::REVERSED),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .fold(Modifier::empty(), |all, (_, one)| all | one)
        };
        let shows = (
            text,
            shown.fgcolor(),
            shown.bgcolor(),
            attributes(
                shown.bold(),
                shown.dim(),
                shown.italic(),
                shown.underline(),
                shown.inverse(),
            ),
        );
        let meant = (
            cell.symbol(),
            emulated(cell.fg),
            emulated(cell.bg),
            cell.modifier,
        );
        assert_eq!(
            shows,
            meant,
            "the terminal shows what was drawn at {x},{y}; sent {:?}",
            String::from_utf8_lossy(sent)
        );
    }
}

/// A colour as the terminal emulator tells it.
fn emulated(color: Color) -> vt100::Color {
    match (color, crate::tui::term::palette_index(color)) {
        (Color::Rgb(r, g, b), _) => vt100::Color::Rgb(r, g, b),
        (_, Some(index)) => vt100::Color::Idx(index),
        (_, None) => vt100::Color::Default,
    }
}

/// Ten stages of fifty touchpoints, names of every length, some wide (CJK):
/// at 80x24 three columns show, each scrolling.
fn big_board(theme: Theme) -> App {
    let mut app = app_with(generated_map(500), 80, 24);
    app.set_theme(theme);
    app
}

/// The themes a user may see: each of the three, and the colour ones
/// under `NO_COLOR`.
fn themes() -> Vec<(&'static str, Theme)> {
    vec![
        ("default", Theme::DEFAULT),
        ("projector", Theme::PROJECTOR),
        ("monochrome", Theme::MONOCHROME),
        ("NO_COLOR", Theme::named(ThemeName::Default, true)),
        (
            "projector, NO_COLOR",
            Theme::named(ThemeName::Projector, true),
        ),
    ]
}

/// Presses `key` `times` times; the bytes of each frame, and the card
/// row and stage column the board was scrolled to after each.
fn walk(link: &mut Link, app: &mut App, key: &str, times: usize) -> Vec<(usize, usize, usize)> {
    (0..times)
        .map(|_| {
            let bytes = link.press(app, key);
            (bytes, app.card_scroll(), app.board_scroll())
        })
        .collect()
}

#[test]
fn the_next_card_costs_under_100_bytes_in_every_theme() {
    for (name, theme) in themes() {
        let mut app = example();
        app.set_theme(theme);
        let mut link = Link::new(&app);
        // The first key also clears the welcome note.
        link.press(&mut app, "j");
        for key in ["k", "j", "<Down>", "<Up>"] {
            let bytes = link.press(&mut app, key);
            assert!(bytes < 100, "{name}: {key} sent {bytes} bytes");
        }
        let mut app = big_board(theme);
        let mut link = Link::new(&app);
        for (bytes, _, _) in walk(&mut link, &mut app, "j", 13) {
            assert!(bytes < 100, "{name}: a move down sent {bytes} bytes");
        }
    }
}

#[test]
fn a_long_column_turns_a_page_at_a_time_and_moves_within_it_cost_under_100_bytes() {
    for (name, theme) in themes() {
        let mut app = big_board(theme);
        let mut link = Link::new(&app);
        let down = walk(&mut link, &mut app, "j", 49);
        let up = walk(&mut link, &mut app, "k", 49);
        let mut turns = 0;
        let mut row = 0;
        for (bytes, card_row, _) in down.iter().chain(&up).copied() {
            if card_row == row {
                assert!(bytes < 100, "{name}: a move within a page sent {bytes}");
            } else {
                turns += 1;
                row = card_row;
                assert!(bytes <= repaint(&app), "{name}: a page turn sent {bytes}");
            }
        }
        // Fifty cards, fourteen to a page: three turns down, three back up.
        assert_eq!(turns, 6, "{name}: {down:?} {up:?}");
        assert_eq!(app.card_scroll(), 0);
    }
}

#[test]
fn the_next_stage_from_a_card_far_down_costs_under_250_bytes() {
    for (name, theme) in themes() {
        let mut app = big_board(theme);
        let mut link = Link::new(&app);
        // Card 21 of the first stage: its column is a page down.
        keys(&mut app, &"j".repeat(20));
        link.frame(&app);
        assert_eq!(app.card_scroll(), 14);
        for key in ["l", "l", "h", "<Right>", "<Left>", "h"] {
            let bytes = link.press(&mut app, key);
            assert!(bytes < 250, "{name}: {key} sent {bytes} bytes");
            assert_eq!(app.card_scroll(), 14, "every column keeps its page");
        }
    }
}

#[test]
fn on_a_board_scrolled_sideways_the_next_stage_costs_under_250_bytes() {
    for (name, theme) in themes() {
        let mut app = big_board(theme);
        let mut link = Link::new(&app);
        keys(&mut app, "jjjjj");
        link.frame(&app);
        let across = walk(&mut link, &mut app, "l", 9);
        let back = walk(&mut link, &mut app, "h", 9);
        let mut turns = 0;
        let mut first = 0;
        for (bytes, _, column) in across.iter().chain(&back).copied() {
            if column == first {
                assert!(bytes < 250, "{name}: the next stage sent {bytes}");
            } else {
                turns += 1;
                first = column;
                assert!(bytes <= repaint(&app), "{name}: a page turn sent {bytes}");
            }
        }
        // Ten stages, three to a page: stages 4-6, 7-9, then 8-10 (never
        // an empty column); back, 5-7, 2-4, 1-3.
        let firsts: Vec<usize> = across.iter().chain(&back).map(|w| w.2).collect();
        assert_eq!(turns, 6, "{name}: {firsts:?}");
        assert!(across.iter().any(|w| w.2 == 3 && w.0 < 250), "{firsts:?}");
    }
}

#[test]
fn views_and_help_cost_at_most_a_repaint() {
    for (name, theme) in themes() {
        for mut app in [example(), big_board(Theme::DEFAULT)] {
            app.set_theme(theme);
            let mut link = Link::new(&app);
            keys(&mut app, "jjj");
            link.frame(&app);
            for key in [
                "<Tab>", "<Tab>", "<Tab>", "?", "<Esc>", "<S-Tab>", "?", "<Esc>",
            ] {
                let bytes = link.press(&mut app, key);
                let whole = repaint(&app);
                assert!(
                    bytes <= whole,
                    "{name}: {key} sent {bytes}, a repaint {whole}"
                );
            }
        }
    }
}

#[test]
fn moving_the_mouse_costs_nothing() {
    let mut app = big_board(Theme::DEFAULT);
    let mut link = Link::new(&app);
    link.press(&mut app, "j");
    for x in (0..80).step_by(3) {
        let y = 2 + x % 20;
        assert_eq!(link.mouse(&mut app, MouseEventKind::Moved, x, y), 0);
        let drag = MouseEventKind::Drag(MouseButton::Left);
        assert_eq!(link.mouse(&mut app, drag, x, y), 0, "a drag at {x},{y}");
    }
    // A click does draw.
    let click = MouseEventKind::Down(MouseButton::Left);
    assert!(link.mouse(&mut app, click, 30, 5) > 0);
}

#[test]
fn typing_in_the_editor_costs_under_50_bytes_a_key() {
    let mut app = big_board(Theme::DEFAULT);
    let mut link = Link::new(&app);
    let opened = link.press(&mut app, "<Enter>");
    assert!(opened <= repaint(&app));
    for key in ["x", "y", "<BS>", "z"] {
        let bytes = link.press(&mut app, key);
        assert!(bytes < 50, "{key} sent {bytes}");
    }
    let next_row = link.press(&mut app, "<Tab>");
    assert!(next_row <= repaint(&app));
    let closed = link.press(&mut app, "<Esc>");
    assert!(closed <= repaint(&app));
}

#[test]
fn an_edit_costs_under_150_bytes_and_idle_nothing() {
    for (name, theme) in themes() {
        let mut app = big_board(theme);
        let mut link = Link::new(&app);
        // The first edit also marks the title modified.
        for key in ["+", "-", "-", "0"] {
            let bytes = link.press(&mut app, key);
            assert!(bytes < 150, "{name}: {key} sent {bytes}");
        }
        assert_eq!(link.frame(&app), 0, "{name}: nothing changed, nothing sent");
    }
}

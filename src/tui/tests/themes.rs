//! The three themes drawing the same screens: snapshots with every cell's
//! style (ratatui's `Buffer` debug form), and what each theme promises
//! whatever the snapshot says.

use super::screens::{draw, text};
use super::*;
use crate::storage::ThemeName;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn board(theme: Theme) -> Buffer {
    let mut app = example();
    app.set_theme(theme);
    keys(&mut app, "jl");
    draw(&mut app, 80, 24)
}

/// The board and, over it, the help and an editor: every kind of text the
/// app draws.
fn screens(theme: Theme) -> Vec<Buffer> {
    let mut app = example();
    app.set_theme(theme);
    let mut buffers = vec![draw(&mut app, 80, 24)];
    for typed in ["?", "<Esc><Enter>", "<Esc>p", "c"] {
        keys(&mut app, typed);
        buffers.push(draw(&mut app, 80, 24));
    }
    buffers
}

#[test]
fn board_in_the_default_theme() {
    insta::assert_debug_snapshot!(board(Theme::named(ThemeName::Default, false)));
}

#[test]
fn board_in_the_projector_theme() {
    insta::assert_debug_snapshot!(board(Theme::named(ThemeName::Projector, false)));
}

#[test]
fn board_in_the_monochrome_theme() {
    insta::assert_debug_snapshot!(board(Theme::named(ThemeName::Monochrome, false)));
}

#[test]
fn the_projector_theme_has_no_dim_grey_and_bold_throughout() {
    for buffer in screens(Theme::PROJECTOR) {
        let screen = text(&buffer);
        for cell in &buffer.content {
            assert!(
                !cell.modifier.contains(Modifier::DIM),
                "dim `{}`:\n{screen}",
                cell.symbol()
            );
            assert_ne!(
                cell.fg,
                Color::DarkGray,
                "grey `{}`:\n{screen}",
                cell.symbol()
            );
            assert_ne!(
                cell.bg,
                Color::DarkGray,
                "grey `{}`:\n{screen}",
                cell.symbol()
            );
            assert!(
                cell.symbol().trim().is_empty() || cell.modifier.contains(Modifier::BOLD),
                "not bold `{}`:\n{screen}",
                cell.symbol()
            );
        }
    }
}

#[test]
fn the_monochrome_theme_has_no_colour() {
    for buffer in screens(Theme::named(ThemeName::Monochrome, false)) {
        assert!(
            buffer
                .content
                .iter()
                .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
            "{}",
            text(&buffer)
        );
    }
}

#[test]
fn no_color_wins_over_a_colour_theme() {
    for name in ThemeName::ALL {
        let theme = Theme::named(name, true);
        assert!(!theme.has_color(), "{name}");
        for cell in &board(theme).content {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}");
        }
    }
    assert_eq!(
        Theme::named(ThemeName::Projector, true).base(),
        Theme::PROJECTOR.base(),
        "the projector theme without colour is still bold"
    );
}

#[test]
fn the_default_theme_keeps_its_grey_and_its_light_marks() {
    let buffer = board(Theme::DEFAULT);
    assert!(buffer.content.iter().any(|c| c.fg == Color::DarkGray));
    assert_eq!(Theme::DEFAULT.marks().as_is_join, "·");
    assert_eq!(Theme::PROJECTOR.marks().as_is_join, "•");
}

/// Each theme at the other sizes a room meets, as text: the projector's
/// heavier marks, and the monochrome one with no colour at all.
#[test]
fn each_theme_at_60x18_and_200x50() {
    for (w, h) in [(60, 18), (200, 50)] {
        for (name, theme) in [
            ("default", Theme::named(ThemeName::Default, false)),
            ("projector", Theme::named(ThemeName::Projector, false)),
            ("monochrome", Theme::named(ThemeName::Monochrome, false)),
        ] {
            let mut app = example();
            app.set_theme(theme);
            keys(&mut app, "jl");
            let buffer = draw(&mut app, w, h);
            insta::assert_snapshot!(format!("board_{name}_{w}x{h}"), text(&buffer));
            if name == "monochrome" {
                assert!(
                    buffer
                        .content
                        .iter()
                        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
                );
            }
            if name == "projector" {
                assert!(text(&buffer).contains('┃'), "heavier rules at {w}x{h}");
            }
        }
    }
}

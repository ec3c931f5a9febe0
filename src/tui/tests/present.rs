//! Present mode: the journey a stage at a time, full screen, for a room.

use super::screens::{draw, text};
use super::*;
use crate::model::Emotion;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::Color;

/// The example, with an aim on the first touchpoint of Apply.
fn presenting(width: u16, height: u16) -> App {
    let mut map = crate::storage::from_bytes(EXAMPLE.as_bytes())
        .expect("example loads")
        .map;
    map.stages[1].touchpoints[0].to_be_emotion = Emotion::new(2);
    app_with(map, width, height)
}

fn presenter(app: &App) -> crate::tui::overlay::Presenter {
    match app.top_overlay() {
        Some(Overlay::Present(p)) => *p,
        _ => panic!("not presenting: {}", top(app)),
    }
}

fn screen(keys_typed: &str, width: u16, height: u16) -> String {
    let mut app = presenting(width, height);
    keys(&mut app, keys_typed);
    text(&draw(&mut app, width, height))
}

#[test]
fn present_60x18() {
    insta::assert_snapshot!(screen("lp", 60, 18));
}

#[test]
fn present_80x24() {
    insta::assert_snapshot!(screen("lp", 80, 24));
}

#[test]
fn present_200x50() {
    insta::assert_snapshot!(screen("lp", 200, 50));
}

#[test]
fn present_scrolled_60x18() {
    insta::assert_snapshot!(screen("lpj", 60, 18));
}

#[test]
fn present_starts_at_the_selected_stage_and_steps_through_the_journey() {
    let mut app = presenting(80, 24);
    keys(&mut app, "lp");
    assert_eq!(top(&app), "present");
    assert_eq!(presenter(&app).stage(), 1);
    for (key, stage) in [
        ("l", 2),
        ("<Right>", 3),
        (" ", 4),
        ("<PgDn>", 4),
        ("h", 3),
        ("<Left>", 2),
        ("<PgUp>", 1),
        ("G", 4),
        ("g", 0),
        ("<Left>", 0),
    ] {
        keys(&mut app, key);
        assert_eq!(presenter(&app).stage(), stage, "after {key}");
    }
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("stage 1 of 5"), "{screen}");
}

#[test]
fn a_stage_longer_than_the_screen_scrolls_with_marks() {
    let mut app = presenting(60, 18);
    keys(&mut app, "llp");
    let first = text(&draw(&mut app, 60, 18));
    assert!(first.contains("↓ 2 more"), "{first}");
    assert!(!first.contains("↑ 1 more"), "{first}");
    keys(&mut app, "j");
    assert_eq!(presenter(&app).first(), 1);
    let scrolled = text(&draw(&mut app, 60, 18));
    assert!(scrolled.contains("↑ 1 more"), "{scrolled}");
    keys(&mut app, "jjjjj");
    let last = presenter(&app).first();
    assert!(last <= 2, "stops where the last one shows: {last}");
    let end = text(&draw(&mut app, 60, 18));
    assert!(end.contains("Account ready: IBAN by SMS"), "{end}");
    assert!(
        !end.lines().any(|l| l.trim_start().starts_with("↓ ")),
        "{end}"
    );
    assert!(
        end.contains("━ Wait"),
        "the stage on screen is marked: {end}"
    );
    keys(&mut app, "k");
    assert_eq!(presenter(&app).first(), last - 1);
    keys(&mut app, "<Up><Up><Up>");
    assert_eq!(presenter(&app).first(), 0);
    // Another stage starts at its top.
    keys(&mut app, "jl");
    assert_eq!(presenter(&app).first(), 0);
}

#[test]
fn esc_goes_back_to_the_board_as_it_was() {
    let mut app = presenting(80, 24);
    keys(&mut app, "llljj");
    let selection = app.selection();
    let scroll = app.board_scroll();
    let before = text(&draw(&mut app, 80, 24));
    keys(&mut app, "phhhjl<Esc>");
    assert_eq!(top(&app), "none");
    assert_eq!(app.selection(), selection);
    assert_eq!(app.board_scroll(), scroll);
    assert_eq!(text(&draw(&mut app, 80, 24)), before);
    // q and p leave it too; q does not quit from present mode.
    keys(&mut app, "pq");
    assert_eq!(top(&app), "none");
    assert!(!app.quitting());
    keys(&mut app, "pp");
    assert_eq!(top(&app), "none");
}

#[test]
fn present_mode_changes_nothing_and_ctrl_c_quits_as_usual() {
    let mut app = presenting(80, 24);
    keys(&mut app, "p+-xdau");
    assert!(!app.document().is_modified(), "board keys do nothing here");
    assert_eq!(top(&app), "present");
    keys(&mut app, "<C-c>");
    assert!(app.quitting(), "nothing to save: Ctrl+C quits");
    let mut app = presenting(80, 24);
    keys(&mut app, "+p<C-c>");
    assert_eq!(top(&app), "quit", "unsaved: the usual question");
    keys(&mut app, "c");
    assert_eq!(top(&app), "present");
}

#[test]
fn help_over_present_mode_lists_its_keys() {
    let mut app = presenting(80, 24);
    keys(&mut app, "p?");
    assert_eq!(top(&app), "help");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Presenting the journey"), "{screen}");
    assert!(screen.contains("back to the board, as it was"), "{screen}");
    assert!(
        !screen.contains("Board"),
        "only present mode's keys: {screen}"
    );
    keys(&mut app, "<Esc>");
    assert_eq!(top(&app), "present");
}

#[test]
fn clicks_turn_the_pages_and_the_strip_jumps() {
    let mut app = presenting(80, 24);
    keys(&mut app, "lp");
    let click = |app: &mut App, column: u16, row: u16| {
        let event = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        };
        app.handle_event(
            ratatui::crossterm::event::Event::Mouse(event),
            std::time::Instant::now(),
        );
    };
    click(&mut app, 70, 5);
    assert_eq!(presenter(&app).stage(), 2);
    click(&mut app, 10, 5);
    assert_eq!(presenter(&app).stage(), 1);
    let screen = text(&draw(&mut app, 80, 24));
    let strip = screen.lines().nth(22).unwrap();
    let x = strip.find("Get help").expect("the strip names the stages");
    click(&mut app, crate::text::width(&strip[..x]) as u16, 22);
    assert_eq!(presenter(&app).stage(), 4);
}

#[test]
fn readable_without_colour_and_with_the_sixteen() {
    let mut app = presenting(80, 24);
    keys(&mut app, "lp");
    let buffer = draw(&mut app, 80, 24);
    let screen = text(&buffer);
    for words in [
        "Start the online application",
        "Conscious — deliver it reliably",
        "+ good · aim: ++ very good",
        "stage 2 of 5",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    let colours: Vec<Color> = buffer.content.iter().map(|c| c.fg).collect();
    assert!(colours.contains(&Color::Green), "emotions in colour");
    app.set_theme(Theme::MONOCHROME);
    let buffer = draw(&mut app, 80, 24);
    assert_eq!(text(&buffer), screen, "the same words without colour");
    assert!(
        buffer
            .content
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR: no colour at all"
    );
    // The stage on screen is marked on the strip by a glyph.
    let strip = screen.lines().nth(22).unwrap();
    assert!(strip.contains("━ Apply ━"), "{strip}");
}

#[test]
fn a_long_name_wraps_and_what_does_not_fit_ends_in_an_ellipsis() {
    let mut map = Map::new("m");
    let long = "word ".repeat(150);
    map.stages.push(
        crate::model::Stage {
            id: crate::model::StageId::parse("s-1").unwrap(),
            name: "Only".to_owned(),
            touchpoints: vec![
                crate::model::Touchpoint::new(
                    crate::model::TouchpointId::parse("t-1").unwrap(),
                    long.trim(),
                )
                .into(),
            ],
        }
        .into(),
    );
    let mut app = app_with(map, 60, 18);
    keys(&mut app, "p");
    let screen = text(&draw(&mut app, 60, 18));
    let body: Vec<&str> = screen.lines().skip(1).take(9).collect();
    assert!(body.iter().all(|l| l.contains("word")), "{screen}");
    assert!(body[8].ends_with('…'), "{screen}");
}

#[test]
fn an_empty_journey_says_so() {
    let mut app = app_with(Map::new("m"), 60, 18);
    keys(&mut app, "p");
    let screen = text(&draw(&mut app, 60, 18));
    assert!(screen.contains("nothing to present"), "{screen}");
    keys(&mut app, "l<Esc>");
    assert_eq!(top(&app), "none");
}

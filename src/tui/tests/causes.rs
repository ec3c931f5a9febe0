//! The Causes view: the roots ranked, the touchpoints each explains under
//! it, the cycles; keys and Enter as in the other lists; readable at 80x24
//! and 60x18, and without colour.

use super::screens::{draw, text};
use super::*;
use crate::tui::app::View;

const CAMPAIGN: &str = include_str!("../../../tests/causes/campaign.ron");

fn campaign() -> App {
    let map = crate::storage::from_bytes(CAMPAIGN.as_bytes())
        .expect("the fixture loads")
        .map;
    app_with(map, 80, 24)
}

#[test]
fn causes_80x24() {
    let mut app = campaign();
    keys(&mut app, "<Tab><Tab><Tab>j");
    assert_eq!(app.view(), View::Causes);
    let screen = text(&draw(&mut app, 80, 24));
    insta::assert_snapshot!(screen);
}

#[test]
fn the_roots_rank_with_their_chains_under_them_and_the_cycle_last() {
    let mut app = campaign();
    keys(&mut app, "<Tab><Tab><Tab>");
    let screen = text(&draw(&mut app, 80, 24));
    let rows: Vec<&str> = screen.lines().skip(2).take(7).collect();
    assert_eq!(
        rows,
        [
            "▶1. Campaign: unlimited data for 9.…  See the offer · pain 2520 in 2 touchpoints",
            "   ↳ Order online  -1 · 7 customers",
            "     ↳ Complain to customer service  -2 · 40 customers",
            " 2. \"Fees written for lawyers\"  off the map · pain 700 in 2 touchpoints",
            "   ↳ Read the price list  -1 · 3 customers",
            "   ↳ First bill  -2 · 1 customer",
            " 3. CX006 in a circle: 'Chat bot' → 'E-mail support'…  pain 400 in 2 touchpoints",
        ],
        "{screen}"
    );
}

#[test]
fn a_name_with_a_line_break_reads_on_one_line_in_causes_plan_and_checks() {
    // A file edited by hand may break a name over two lines; each list
    // shows it on one, its words apart, as the board does.
    let fixture = CAMPAIGN
        .replace("\"Order online\"", "\"Order\\nonline\"")
        .replace(
            "\"Fees written for lawyers\"",
            "\"Fees written\\nfor lawyers\"",
        );
    let map = crate::storage::from_bytes(fixture.as_bytes())
        .expect("the fixture loads")
        .map;
    let mut app = app_with(map, 80, 24);
    keys(&mut app, "<Tab><Tab><Tab>");
    assert_eq!(app.view(), View::Causes);
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("↳ Order online  -1"), "{screen}");
    assert!(screen.contains("\"Fees written for lawyers\""), "{screen}");
    for (view, row) in [
        (View::Plan, "[!] Order online: needs an action"),
        (View::Checks, "CX002 'Order online' is scored -1"),
    ] {
        while app.view() != view {
            keys(&mut app, "<Tab>");
        }
        let screen = text(&draw(&mut app, 80, 24));
        assert!(screen.contains(row), "{view:?}:\n{screen}");
    }
}

#[test]
fn enter_shows_the_touchpoint_on_the_board() {
    let mut app = campaign();
    // The complaints, two links under the advert.
    keys(&mut app, "<Tab><Tab><Tab>jj<Enter>");
    assert_eq!(app.view(), View::Board);
    assert_eq!(
        app.selected_touchpoint().map(|t| t.id.as_str()),
        Some("t-call")
    );
    // A text root: the first touchpoint that names it.
    keys(&mut app, "<Tab><Tab><Tab>gjjj<Enter>");
    assert_eq!(
        app.selected_touchpoint().map(|t| t.id.as_str()),
        Some("t-prices")
    );
    // A cycle: its first touchpoint.
    keys(&mut app, "<Tab><Tab><Tab>G<Enter>");
    assert_eq!(
        app.selected_touchpoint().map(|t| t.id.as_str()),
        Some("t-chat")
    );
}

#[test]
fn the_list_follows_an_edit_and_its_undo() {
    let mut app = campaign();
    // Unscore the complaints: the advert explains only the order's pain,
    // 1 × 4 × (100 + 56), and falls below the price list's text.
    keys(&mut app, "<Tab><Tab><Tab>jj<Enter>x<Tab><Tab><Tab>");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains(" 1. \"Fees written for lawyers\"  off the map · pain 700"),
        "{screen}"
    );
    assert!(
        screen.contains(" 2. Campaign: unlimited data for 9.99  See the offer · pain 624 in"),
        "{screen}"
    );
    assert!(
        screen.contains("↳ Complain to customer service  unscored"),
        "{screen}"
    );
    keys(&mut app, "u");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains(" 1. Campaign: unlimited data for 9.…  See the offer · pain 2520 in"),
        "{screen}"
    );
}

#[test]
fn it_reads_at_60x18_and_without_colour() {
    let mut app = campaign();
    app.set_theme(Theme::MONOCHROME);
    keys(&mut app, "<Tab><Tab><Tab>jj");
    let buffer = draw(&mut app, 60, 18);
    let screen = text(&buffer);
    let lines: Vec<&str> = screen.lines().collect();
    assert!(
        lines[2].starts_with(" 1. Campaign: unlimited…  See the offer · pain 2520"),
        "{screen}"
    );
    assert!(
        lines[4].starts_with("▶    ↳ Complain to customer service"),
        "{screen}"
    );
    assert!(
        screen.contains("Root: Campaign: unlimited data for 9.99 (2 links away)"),
        "{screen}"
    );
    assert!(screen.contains("CX006 in a circle"), "{screen}");
    // No colour anywhere: the marks and the words say it all.
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "{screen}");
        assert_eq!(cell.bg, ratatui::style::Color::Reset, "{screen}");
    }
}

#[test]
fn a_cycle_lists_the_touchpoints_leading_into_it_and_ranks_by_their_pain() {
    // The advert caused by the order it causes: the complaints, caused by
    // the order, lead into the circle.
    let mut map = crate::storage::from_bytes(CAMPAIGN.as_bytes()).unwrap().map;
    map.stages[0].touchpoints[0].root_cause = Some(crate::model::RootCause::Touchpoint(
        crate::model::TouchpointId::parse("t-order").unwrap(),
    ));
    let mut app = app_with(map, 80, 24);
    keys(&mut app, "<Tab><Tab><Tab>j");
    let screen = text(&draw(&mut app, 80, 24));
    let rows: Vec<&str> = screen.lines().skip(2).take(3).collect();
    assert_eq!(
        rows,
        [
            " 1. CX006 in a circle: 'Campaign: unlimited data fo…  pain 2520 in 3 touchpoints",
            "▶  ↳ Complain to customer service  -2 · 40 customers",
            " 2. \"Fees written for lawyers\"  off the map · pain 700 in 2 touchpoints",
        ],
        "{screen}"
    );
    assert!(
        screen.contains("Root: none: its chain runs into a circle of causes 1 link away (CX006)"),
        "{screen}"
    );
    // The cycle's own row says what it carries.
    keys(&mut app, "k");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("pain 2520 in 3 touchpoints: 2 on the circle, 1 leading into it"),
        "{screen}"
    );
    // The plan's row and details name the circle.
    keys(&mut app, "<Tab><Tab>");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("Complain to customer service · no owner · root: a circ"),
        "{screen}"
    );
    assert!(
        screen.contains(
            " Root cause: a circle of causes ('Campaign: unlimited data for 9.99' → 'Order"
        ),
        "{screen}"
    );
    // Said once per change, not per frame: every id of the map is looked
    // up to say it.
    assert_eq!(app.derived().circles.len(), 1);
}

#[test]
fn a_map_without_causes_says_how_to_add_one() {
    let mut map = crate::storage::from_bytes(CAMPAIGN.as_bytes()).unwrap().map;
    for stage in &mut map.stages {
        for tp in &mut stage.touchpoints {
            tp.root_cause = None;
        }
    }
    let mut app = app_with(map, 80, 24);
    keys(&mut app, "<Tab><Tab><Tab><Enter>jk");
    assert_eq!(app.view(), View::Causes, "Enter on nothing stays");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("No touchpoint names a root cause yet."),
        "{screen}"
    );
    assert!(
        screen.contains("On the board, Enter edits a touchpoint; on its root cause, Enter"),
        "{screen}"
    );
}

#[test]
fn a_click_on_the_tab_shows_the_view_and_a_double_click_goes_to_the_board() {
    use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
    use std::time::{Duration, Instant};
    let click = |app: &mut App, x: u16, y: u16, at: Instant| {
        let event = MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        };
        app.handle_event(Event::Mouse(event), at);
    };
    let mut app = campaign();
    let now = Instant::now();
    let tabs = app.tabs(Rect::new(0, 0, 80, 1));
    let (_, label, tab) = tabs.iter().find(|(v, _, _)| *v == View::Causes).unwrap();
    assert_eq!(label, " Causes ");
    click(&mut app, tab.x + 1, 0, now);
    assert_eq!(app.view(), View::Causes);
    // The list starts on the screen's third row: the complaints are its third.
    click(&mut app, 10, 4, now + Duration::from_secs(1));
    assert_eq!(app.causes_selected(), 2);
    click(&mut app, 10, 4, now + Duration::from_millis(1100));
    assert_eq!(app.view(), View::Board);
    assert_eq!(
        app.selected_touchpoint().map(|t| t.id.as_str()),
        Some("t-call")
    );
}

#[test]
fn lists_of_an_older_map_are_let_go_before_new_ones_are_worked_out() {
    let mut app = campaign();
    drop(app.derived());
    drop(app.causes());
    assert_eq!(app.lists_held(), (true, true));
    keys(&mut app, "+");
    // Asking for one list lets go of both stale ones first: the old and
    // the new are never held at once.
    drop(app.causes());
    assert_eq!(app.lists_held(), (false, true));
}

//! Filters: the board showing only some cards (pain points, no customer
//! words, a wish, a check's findings), the Checks view listing one code's or
//! one stage's findings; never saved, cleared with Esc.

use super::screens::{draw, text};
use super::*;
use crate::model::{Code, Touchpoint, Wish, check};
use crate::tui::filter::BoardFilter;
use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use std::time::Instant;

/// The cards the board shows, by stage: their names.
fn shown_names(app: &App) -> Vec<Vec<String>> {
    let map = app.map();
    app.shown_cards()
        .iter()
        .zip(&map.stages)
        .map(|(cards, stage)| {
            cards
                .iter()
                .map(|&c| stage.touchpoints[c].name.clone())
                .collect()
        })
        .collect()
}

/// The cards that should show: those `keep` lets through, by stage.
fn expected(app: &App, keep: impl Fn(usize, usize, &Touchpoint) -> bool) -> Vec<Vec<String>> {
    app.map()
        .stages
        .iter()
        .enumerate()
        .map(|(s, stage)| {
            (stage.touchpoints.iter().enumerate())
                .filter(|(t, tp)| keep(s, *t, tp))
                .map(|(_, tp)| tp.name.clone())
                .collect()
        })
        .collect()
}

/// The title bar of the app drawn at 80x24.
fn title_bar(app: &mut App) -> String {
    text(&draw(app, 80, 24)).lines().next().unwrap().to_owned()
}

/// The rows of the emotion lane (those starting with its scale).
fn curve_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| {
            ["++", " +", " 0", " -", "--"]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_board_filter_shows_only_what_it_should_and_the_title_bar_says_so() {
    let mut app = example();
    let today = app.today();
    let findings: Vec<(Code, usize, usize)> = check(app.map(), today)
        .iter()
        .map(|f| (f.code, f.place.stage, f.place.touchpoint))
        .collect();
    type Keep = Box<dyn Fn(usize, usize, &Touchpoint) -> bool>;
    let mut cases: Vec<(&str, &str, Keep)> = vec![
        (
            "p",
            "filter: pain points",
            Box::new(|_, _, tp| tp.is_pain()),
        ),
        (
            "w",
            "filter: no customer words",
            Box::new(|_, _, tp| tp.verbatims.is_empty()),
        ),
        (
            "s",
            "filter: wish Subconscious",
            Box::new(|_, _, tp| tp.wish == Some(Wish::Subconscious)),
        ),
        (
            "u",
            "filter: wish undecided",
            Box::new(|_, _, tp| tp.wish.is_none()),
        ),
    ];
    for (key, code) in ["1", "2", "3", "4", "5"].into_iter().zip(Code::ALL) {
        let findings = findings.clone();
        let name: &'static str = format!("filter: {code} findings").leak();
        let keep: Keep = Box::new(move |s, t, _| findings.contains(&(code, s, t)));
        cases.push((key, name, keep));
    }
    let all = shown_names(&app);
    for (key, title, keep) in cases {
        keys(&mut app, &format!("f{key}"));
        assert_eq!(top(&app), "none", "{key} closes the choice");
        assert_eq!(shown_names(&app), expected(&app, keep), "filter {key}");
        assert!(title_bar(&mut app).contains(title), "{key}: {title}");
        if let Some(card) = app.selection().card {
            let stage = app.selection().stage;
            assert!(
                app.shown_cards()[stage].contains(&card),
                "{key}: selection shown"
            );
        }
        keys(&mut app, "fn");
        assert_eq!(shown_names(&app), all, "n shows every card again");
        assert!(!title_bar(&mut app).contains("filter:"));
    }
}

#[test]
fn the_filtered_board_counts_its_cards_and_keeps_the_whole_curve() {
    let mut app = example();
    // "Compare fees", a pain point, stays selected under the filter.
    keys(&mut app, "j");
    let before = text(&draw(&mut app, 80, 24));
    keys(&mut app, "fp");
    assert_eq!(app.board_filter(), Some(BoardFilter::Pain));
    assert_eq!(selected(&app), "Compare fees in the price list");
    let after = text(&draw(&mut app, 80, 24));
    assert!(after.contains("Discover (1 of 3)"), "{after}");
    assert!(!after.contains("Search for a"), "{after}");
    assert!(before.contains("Search for a"), "{before}");
    assert_eq!(curve_rows(&before), curve_rows(&after), "{after}");
    assert!(!curve_rows(&after).is_empty());
    // The footer says how to clear it.
    assert!(
        after.lines().last().unwrap().contains("Esc clear filter"),
        "{after}"
    );
}

#[test]
fn navigation_skips_the_cards_a_filter_hides() {
    let mut app = example();
    keys(&mut app, "fp");
    // From "Search" (not a pain point) the selection went to the next one shown.
    assert_eq!(selected(&app), "Compare fees in the price list");
    let is_pain = |app: &App| app.selected_touchpoint().is_none_or(Touchpoint::is_pain);
    for key in [
        "j", "l", "j", "j", "k", "k", "k", "l", "j", "G", "g", "h", "l", "l",
    ] {
        keys(&mut app, key);
        assert!(is_pain(&app), "after {key}: {}", selected(&app));
    }
    // In Apply every card is a pain point: Kadri's -2 on the first.
    keys(&mut app, "gl");
    assert_eq!(selected(&app), "Start the online application");
    keys(&mut app, "j");
    assert_eq!(selected(&app), "Upload company documents");
    keys(&mut app, "j");
    assert_eq!(selected(&app), "Identity check by video call");
    keys(&mut app, "kkk");
    assert_eq!(selected(&app), "stage: Apply");
}

#[test]
fn an_edit_that_takes_a_card_out_moves_the_selection_to_the_next_shown() {
    let mut app = example();
    // "Wait for the decision", a pain point map-wide only (no persona has a
    // score of its own there), with another shown after it in its stage.
    keys(&mut app, "fp");
    assert_eq!(selected(&app), "Compare fees in the price list");
    keys(&mut app, "ll");
    assert_eq!(selected(&app), "Wait for the decision");
    // -2 to 0 (nobody's own score): no longer a pain point; the next card
    // shown in its stage is selected.
    keys(&mut app, "++");
    assert_eq!(app.board_filter(), Some(BoardFilter::Pain));
    assert_eq!(selected(&app), "Call the helpline about the application");
    // Undo brings it back, and it shows again.
    keys(&mut app, "u");
    assert_eq!(selected(&app), "Wait for the decision");
    assert_eq!(app.board_filter(), Some(BoardFilter::Pain));
}

#[test]
fn the_cards_shown_are_worked_out_once_per_change_and_follow_every_change() {
    let mut app = example();
    let pain = |app: &App| expected(app, |_, _, tp| tp.is_pain());
    let every = |app: &App| expected(app, |_, _, _| true);
    // Keys that change nothing share one list (at 100,000 touchpoints
    // working it out anew took most of a key's time).
    let before = app.shown_cards();
    keys(&mut app, "jjkl");
    assert!(std::rc::Rc::ptr_eq(&before, &app.shown_cards()));
    // A filter, an edit under it, its undo and redo, the filter on and off,
    // and a card added: each time the board shows what it should.
    keys(&mut app, "fp");
    assert_eq!(shown_names(&app), pain(&app), "filter on");
    keys(&mut app, "ll++");
    assert_eq!(shown_names(&app), pain(&app), "an edit took a card out");
    keys(&mut app, "u");
    assert_eq!(shown_names(&app), pain(&app), "undo brought it back");
    // Redo goes to the card it changes, which the filter hides: the
    // filter goes off to show it.
    keys(&mut app, "<C-r>");
    assert_eq!(app.board_filter(), None);
    assert_eq!(shown_names(&app), every(&app), "redo, filter off");
    keys(&mut app, "fp");
    assert_eq!(shown_names(&app), pain(&app), "filter on, the card out");
    keys(&mut app, "fn");
    assert_eq!(shown_names(&app), every(&app), "filter off");
    let cards = app.map().stages[0].touchpoints.len();
    keys(&mut app, "gaRing the branch<Enter>");
    assert_eq!(app.map().stages[0].touchpoints.len(), cards + 1);
    assert_eq!(shown_names(&app), every(&app), "a card added");
}

#[test]
fn a_click_selects_what_the_filtered_board_draws() {
    let mut app = example();
    keys(&mut app, "fp");
    let (w, h) = (80, 24);
    let buffer = draw(&mut app, w, h);
    let row = |y: u16| -> String { (0..w).map(|x| buffer[(x, y)].symbol().to_owned()).collect() };
    let body = crate::tui::layout::Screen::new(Rect::new(0, 0, w, h)).body;
    let mut clicked = Vec::new();
    for y in body.top()..body.bottom() {
        for x in body.left()..body.right() {
            let Some((stage, Some(card))) = app.card_at(body, x, y) else {
                continue;
            };
            let tp = app.map().stages[stage].touchpoints[card].clone();
            assert!(tp.is_pain(), "({x},{y}) hits a hidden card: {}", tp.name);
            // Its name starts on that row or one of the two above (names
            // wrap to three lines).
            let start: String = tp.name.chars().take(8).collect();
            let drawn = (y.saturating_sub(2)..=y).any(|y| row(y).contains(&start));
            assert!(drawn, "({x},{y}): {} drawn elsewhere", tp.name);
            if !clicked.contains(&tp.name) {
                clicked.push(tp.name.clone());
                let event = MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: x,
                    row: y,
                    modifiers: KeyModifiers::NONE,
                };
                app.handle_event(Event::Mouse(event), Instant::now());
                assert_eq!(selected(&app), tp.name);
            }
        }
    }
    assert!(clicked.len() >= 3, "{clicked:?}");
}

#[test]
fn the_choice_cancels_with_its_key_or_esc_and_esc_on_the_board_clears() {
    let mut app = example();
    keys(&mut app, "f");
    assert_eq!(top(&app), "filter");
    keys(&mut app, "f");
    assert_eq!(top(&app), "none");
    keys(&mut app, "f<Esc>");
    assert_eq!((top(&app), app.board_filter()), ("none", None));
    keys(&mut app, "fw");
    assert_eq!(app.board_filter(), Some(BoardFilter::NoWords));
    keys(&mut app, "<Esc>");
    assert_eq!(app.board_filter(), None);
    assert!(title_bar(&mut app).contains("Board"));
    assert!(!title_bar(&mut app).contains("filter"));
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Discover (3)"), "{screen}");
    // Filters are not edits: nothing to save.
    assert!(!app.document().is_modified());
}

#[test]
fn going_to_a_hidden_card_or_adding_one_turns_the_filter_off() {
    let mut app = example();
    keys(&mut app, "fp/Welcome<Enter>");
    assert_eq!(selected(&app), "Welcome pack by post");
    assert_eq!(app.board_filter(), None);
    keys(&mut app, "fpa");
    assert_eq!(app.board_filter(), None);
    assert_eq!(top(&app), "prompt");
}

/// The Checks view's entries as listed: their codes.
fn listed_codes(app: &mut App) -> Vec<String> {
    let screen = text(&draw(app, 140, 40));
    screen
        .lines()
        .filter_map(|l| l.trim_start().get(..5).filter(|c| c.starts_with("CX")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_checks_view_filters_by_code_and_by_stage() {
    let mut app = example();
    keys(&mut app, "<Tab><Tab>");
    let all = app.checks_entries().len();
    keys(&mut app, "f2");
    let entries = app.checks_entries().len();
    assert!(entries > 0 && entries < all, "{entries} of {all}");
    let codes = listed_codes(&mut app);
    assert!(codes.iter().all(|c| c == "CX002"), "{codes:?}");
    assert!(title_bar(&mut app).contains("filter: CX002"));
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains(&format!("filter: CX002 ({entries} shown)")),
        "{screen}"
    );
    // The last entry is the last shown, and Enter goes to its touchpoint.
    keys(&mut app, "G<Enter>");
    let today = app.today();
    let last = check(app.map(), today)
        .into_iter()
        .rfind(|f| f.code == Code::CX002)
        .unwrap()
        .touchpoint
        .name
        .clone();
    assert_eq!(selected(&app), last);
    // By stage: each in turn, then all again.
    keys(&mut app, "<Tab><Tab><Esc>s");
    let first_stage = app.map().stages[0].name.clone();
    assert!(title_bar(&mut app).contains(&format!("stage {first_stage}")));
    let place_stages: Vec<usize> = {
        let today = app.today();
        let found = check(app.map(), today);
        app.checks_entries()
            .iter()
            .map(|&e| found[e - app.map().conflicts.len()].place.stage)
            .collect()
    };
    assert!(place_stages.iter().all(|&s| s == 0), "{place_stages:?}");
    for _ in 1..app.map().stages.len() {
        keys(&mut app, "s");
    }
    keys(&mut app, "s");
    assert!(!app.checks_filter().is_on());
    assert_eq!(app.checks_entries().len(), all);
    keys(&mut app, "f4s<Esc>");
    assert_eq!(app.checks_entries().len(), all, "Esc clears both");
}

#[test]
fn a_filtered_board_80x24() {
    let mut app = example();
    keys(&mut app, "jfp");
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

#[test]
fn the_board_filter_choice_80x24() {
    let mut app = example();
    keys(&mut app, "f");
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

#[test]
fn filtered_checks_80x24() {
    let mut app = example();
    keys(&mut app, "<Tab><Tab>f2");
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

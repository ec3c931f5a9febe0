//! The workshop room (issue 10): what a team at a shared screen needs from
//! the keys: deletions that ask or say what goes, a quit question that says
//! what is unsaved, the map's title and persona, undo messages that tell
//! everything, prompts that replace their value, help that reads at any width.

use super::screens::{draw, text};
use super::*;
use crate::model::{Edit, RootCause, TouchpointField};

fn link_cause(app: &mut App, from: &str, to: &str) {
    let find = |app: &App, name: &str| {
        app.map()
            .touchpoints()
            .find(|(_, t)| t.name == name)
            .map(|(_, t)| t.id.clone())
            .expect("a touchpoint of the example")
    };
    let (from, to) = (find(app, from), find(app, to));
    let field = TouchpointField::RootCause(Some(RootCause::Touchpoint(to)));
    assert!(app.apply(Edit::SetTouchpoint { id: from, field }, "link".into()));
}

/// The screen's words in one line, without the boxes' borders.
fn words(screen: &str) -> String {
    screen
        .split(|c: char| c.is_whitespace() || "│┌┐└┘─".contains(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn links(app: &App) -> usize {
    app.map()
        .touchpoints()
        .filter(|(_, t)| matches!(t.root_cause, Some(RootCause::Touchpoint(_))))
        .count()
}

#[test]
fn deleting_a_stage_with_touchpoints_asks_first_and_says_what_goes() {
    let mut app = example();
    link_cause(
        &mut app,
        "Welcome pack by post",
        "Compare fees in the price list",
    );
    let before = app.map().clone();
    keys(&mut app, "k<Del>");
    assert_eq!(top(&app), "delete stage");
    let screen = text(&draw(&mut app, 60, 18));
    let words = words(&screen);
    for said in [
        "Delete stage 'Discover' with 3 touchpoints and",
        "1 touchpoint elsewhere loses one of them as its root cause.",
        "u brings it all back.",
        "y delete",
        "n keep",
    ] {
        assert!(words.contains(said), "{said} in\n{screen}");
    }
    keys(&mut app, "n");
    assert_eq!(top(&app), "none");
    assert_eq!(app.map(), &before, "n keeps it");
    assert_eq!(status(&app), "Kept stage 'Discover'");
    keys(&mut app, "<Del><Esc>");
    assert_eq!(app.map(), &before, "Esc keeps it");
    keys(&mut app, "<Del><Enter>");
    assert_eq!(app.map().stages.len(), 4, "Enter deletes");
    assert!(status(&app).starts_with("Deleted stage 'Discover' with 3 touchpoints"));
    keys(&mut app, "u");
    assert_eq!(app.map(), &before);
    assert!(status(&app).starts_with("Undone: delete stage 'Discover' with 3 touchpoints"));
    assert!(
        status(&app).ends_with("the root cause of 1 touchpoint elsewhere"),
        "{}",
        status(&app)
    );
}

#[test]
fn a_stage_without_touchpoints_or_with_asking_off_goes_at_once() {
    let mut app = example();
    assert!(app.asks_before_deleting_a_stage());
    keys(&mut app, "AEmpty<Enter>d");
    assert_eq!(top(&app), "none", "nothing to lose: no question");
    assert_eq!(status(&app), "Deleted stage 'Empty' (u brings it back)");
    app.set_ask_before_deleting_a_stage(false);
    let before = app.map().clone();
    keys(&mut app, "d");
    assert_eq!(top(&app), "none");
    assert_eq!(app.map().stages.len(), 4);
    keys(&mut app, "u");
    assert_eq!(app.map(), &before, "undo brings it back");
}

#[test]
fn deleting_a_root_cause_says_who_loses_it_and_undo_brings_all_back() {
    let mut app = example();
    link_cause(&mut app, "Welcome pack by post", "Wait for the decision");
    let before = app.map().clone();
    keys(&mut app, "lld");
    assert_eq!(
        status(&app),
        "Deleted touchpoint 'Wait for the decision' with 2 actions; 2 touchpoints lose it as their root cause; u brings all back"
    );
    assert_eq!(links(&app), 1, "the two links to it are cleared");
    keys(&mut app, "u");
    assert_eq!(app.map(), &before);
    assert_eq!(
        status(&app),
        "Undone: delete touchpoint 'Wait for the decision' with 2 actions and its place as the root cause of 2 touchpoints"
    );
}

#[test]
fn the_quit_question_says_what_is_unsaved() {
    let dir = scratch("quit-question");
    let path = dir.join("journey.ron");
    std::fs::write(&path, EXAMPLE).unwrap();
    let mut app = open_file(&path);
    keys(&mut app, "+q");
    let screen = words(&text(&draw(&mut app, 80, 24)));
    assert!(
        screen.contains("Save the change to ")
            && screen.contains("journey.ron before")
            && screen.contains("quitting?"),
        "{screen}"
    );
    keys(&mut app, "c-jxq");
    let screen = words(&text(&draw(&mut app, 60, 18)));
    for said in [
        "Save the 3 changes to",
        "Latest: emotion of 'Compare fees in the price list' cleared.",
        "s save d discard c cancel",
    ] {
        assert!(screen.contains(said), "{said} in {screen}");
    }
    keys(&mut app, "c<C-s>uuq");
    let screen = words(&text(&draw(&mut app, 80, 24)));
    assert!(
        screen.contains("Save the 2 changes to"),
        "undone past the save: {screen}"
    );
    assert!(!screen.contains("Latest:"), "{screen}");
    keys(&mut app, "c+q");
    let screen = words(&text(&draw(&mut app, 80, 24)));
    assert!(screen.contains("Save the unsaved changes to"), "{screen}");
    keys(&mut app, "d");
    assert!(app.quitting());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn undo_and_redo_name_every_field_an_editing_session_changed() {
    use crate::model::TouchpointKey as K;
    let mut app = example();
    keys(&mut app, "j<Enter><C-u>Compare fees online<Tab>");
    keys(&mut app, &tabs(K::Channel, K::Evidence));
    keys(&mut app, "<C-u>12<Tab><Esc>");
    let before_channel = "edit 'Compare fees in the price list' (name, evidence)";
    keys(&mut app, "u");
    assert_eq!(status(&app), format!("Undone: {before_channel}"));
    keys(&mut app, "<C-r>");
    assert_eq!(status(&app), format!("Redone: {before_channel}"));
    keys(&mut app, "e<Tab><C-u>web<Tab>");
    keys(&mut app, &tabs(K::Wish, K::Emotion));
    keys(&mut app, "+");
    keys(&mut app, &tabs(K::Emotion, K::Basis));
    keys(&mut app, "<Right><Esc>u");
    assert_eq!(
        status(&app),
        "Undone: edit 'Compare fees online' (channel, emotion, basis)"
    );
    keys(&mut app, "e<C-u>Fees<Tab><C-u>shop<Tab>c");
    keys(&mut app, &tabs(K::Wish, K::Basis));
    keys(&mut app, "<Right><Esc>u");
    assert_eq!(
        status(&app),
        "Undone: edit 'Compare fees online' (name, channel and 2 more)"
    );
}

#[test]
fn prompts_start_with_their_value_selected_so_typing_replaces_it() {
    let mut app = example();
    let action_owned_by = |app: &App, owner: &str| {
        app.map()
            .touchpoints()
            .flat_map(|(_, t)| t.actions.iter())
            .find(|a| a.owner == owner)
            .cloned()
    };
    keys(&mut app, "<Tab>oAnn<Enter>oBo<Enter>");
    assert!(action_owned_by(&app, "Bo").is_some(), "replaced, not BoAnn");
    keys(&mut app, "o<End>b<Enter>");
    assert!(
        action_owned_by(&app, "Bob").is_some(),
        "End keeps it to add to"
    );
    keys(&mut app, "t2026-12-15<Enter>t2026-12-31<Enter>");
    let due = action_owned_by(&app, "Bob").and_then(|a| a.due);
    assert_eq!(due, "2026-12-31".parse().ok(), "not 2026-12-152026-12-31");
    keys(&mut app, "o<C-u><Enter>");
    assert!(action_owned_by(&app, "Bob").is_none(), "Ctrl+U clears it");
    keys(&mut app, "<S-Tab>k<Enter><Right>s<Enter>");
    assert_eq!(app.map().stages[0].name, "Discovers", "a stage's name too");
    keys(&mut app, "?");
    let mut help = String::new();
    for _ in 0..30 {
        help.push_str(&text(&draw(&mut app, 200, 50)));
        keys(&mut app, "<PgDn>");
    }
    for said in [
        "In any text field",
        "Ctrl+U",
        "clear to the start",
        "Alt+B",
        "a word left",
    ] {
        assert!(help.contains(said), "{said} in the help:\n{help}");
    }
}

#[test]
fn help_wraps_at_narrow_widths_and_stops_at_its_end() {
    let mut app = example();
    keys(&mut app, "?");
    let top_screen = text(&draw(&mut app, 60, 18));
    let lines: Vec<&str> = top_screen.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("save (atomically: a failed save leaves")),
        "{top_screen}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("│                   the file whole)")),
        "the rest under it: {top_screen}"
    );
    keys(&mut app, "<End>");
    let end = text(&draw(&mut app, 60, 18));
    assert!(end.contains("close the help"), "{end}");
    keys(&mut app, &"j".repeat(40));
    assert_eq!(
        text(&draw(&mut app, 60, 18)),
        end,
        "no further than the end"
    );
    keys(&mut app, "k");
    assert_ne!(text(&draw(&mut app, 60, 18)), end, "one key back moves");
    keys(&mut app, "G");
    assert_eq!(text(&draw(&mut app, 60, 18)), end);
    keys(&mut app, "g");
    assert_eq!(text(&draw(&mut app, 60, 18)), top_screen);
    keys(&mut app, "<PgDn><PgDn><Home>");
    assert_eq!(text(&draw(&mut app, 60, 18)), top_screen);
}

#[test]
fn plan_rows_show_owner_and_due_date_when_there_is_room() {
    let mut app = example();
    keys(&mut app, "<Tab>");
    let wide = text(&draw(&mut app, 200, 50));
    let row = wide
        .lines()
        .find(|l| l.contains("Send a short status message"))
        .expect("the action's row");
    assert!(
        row.contains("Wait for the decision · Maria (service design) · due 2026-12-31 · root: Applications queue"),
        "{row}"
    );
    let middle = text(&draw(&mut app, 110, 30));
    let row = middle
        .lines()
        .find(|l| l.contains("Show the customer's last contact"))
        .expect("the action's row");
    assert!(
        row.contains("Tõnu (CRM) · due 2027-02-28"),
        "the text gives way: {row}"
    );
    let narrow = text(&draw(&mut app, 80, 24));
    let row = narrow
        .lines()
        .find(|l| l.contains("Send a short status message"))
        .expect("the action's row");
    assert!(
        row.contains("every step of the review  Maria"),
        "the text stays whole before the owner: {row}"
    );
}

#[test]
fn t_edits_the_maps_title_then_its_persona() {
    let mut app = example();
    keys(&mut app, "TWorkshop map<Enter>");
    assert_eq!(app.map().title, "Workshop map", "typing replaces the title");
    assert_eq!(top(&app), "prompt", "the persona's turn");
    keys(&mut app, "<End>, in a hurry<Enter>");
    let persona =
        "Sole trader or new small-company founder opening a first business account, in a hurry";
    assert_eq!(app.map().persona, persona);
    assert_eq!(top(&app), "none");
    let screen = text(&draw(&mut app, 200, 50));
    assert!(
        screen
            .lines()
            .next()
            .unwrap()
            .contains(&format!("· Workshop map · {persona}")),
        "the title bar shows both: {screen}"
    );
    keys(&mut app, "u");
    assert_eq!(status(&app), format!("Undone: persona to '{persona}'"));
    keys(&mut app, "u");
    assert_eq!(status(&app), "Undone: title to 'Workshop map'");
    keys(&mut app, "T<C-u><Enter><Esc>");
    assert_eq!(
        app.map().title,
        "Opening a business account at Northbank",
        "never empty"
    );
    assert!(!app.document().can_redo() || app.map().persona != persona);
}

#[test]
fn a_prompt_line_keeps_no_style_of_the_hints_under_it() {
    let mut app = example();
    keys(&mut app, "T");
    let buffer = super::screens::draw(&mut app, 80, 24);
    let last = 23;
    let keyed: Vec<String> = (0..80)
        .map(|x| &buffer[(x, last)])
        .filter(|c| c.fg == ratatui::style::Color::Cyan)
        .map(|c| c.symbol().to_owned())
        .collect();
    assert!(
        keyed.is_empty(),
        "cells still in the hints' colour: {keyed:?}"
    );
}

#[test]
fn a_long_value_in_a_text_field_shows_where_it_goes_on() {
    let mut map = crate::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    map.title =
        "A journey title far longer than the prompt's field is wide, on purpose, to scroll".into();
    let mut app = app_with(map, 60, 18);
    keys(&mut app, "T<Home>");
    let buffer = super::screens::draw(&mut app, 60, 18);
    let line: String = (0..60)
        .map(|x| buffer[(x, 17)].symbol().to_owned())
        .collect();
    assert!(
        line.trim_end().ends_with('…'),
        "the rest is to the right: {line:?}"
    );
    keys(&mut app, "<End>");
    let buffer = super::screens::draw(&mut app, 60, 18);
    let line: String = (0..60)
        .map(|x| buffer[(x, 17)].symbol().to_owned())
        .collect();
    assert!(line.contains('…'), "and then to the left: {line:?}");
    assert!(line.contains("to scroll"), "{line:?}");
}

#[test]
fn a_text_field_of_several_rows_shows_that_lines_go_on() {
    let mut map = crate::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    map.stages[0].touchpoints[0].description = (1..=9)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut app = app_with(map, 80, 24);
    keys(
        &mut app,
        &format!("e{}", to_row(crate::model::TouchpointKey::Description)),
    );
    let screen = super::screens::text(&super::screens::draw(&mut app, 80, 24));
    let shown = screen.lines().filter(|l| l.contains("line ")).count();
    assert!(shown < 9, "more lines than rows: {screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("line ")
                && l.trim_end().trim_end_matches('│').trim_end().ends_with('…')),
        "the rows say more lines are there:\n{screen}"
    );
}

//! Every board key, with what a person would see change.

use super::*;
use crate::model::{Emotion, Principle, TouchpointKey as K, Wish};
use crate::tui::app::View;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use std::time::{Duration, Instant};

#[test]
fn starts_on_the_first_touchpoint() {
    let app = example();
    assert_eq!(selected(&app), "Search for a business account online");
    assert_eq!(app.view(), View::Board);
}

#[test]
fn arrows_and_hjkl_move_between_cards_and_stages() {
    let mut app = example();
    keys(&mut app, "jj");
    assert_eq!(selected(&app), "Ask the accountant which bank to use");
    keys(&mut app, "j");
    assert_eq!(
        selected(&app),
        "Ask the accountant which bank to use",
        "stops at the last card"
    );
    keys(&mut app, "l");
    assert_eq!(
        selected(&app),
        "Identity check by video call",
        "same row in the next stage"
    );
    keys(&mut app, "<Left><Up>");
    assert_eq!(selected(&app), "Compare fees in the price list");
    keys(&mut app, "kk");
    assert_eq!(
        selected(&app),
        "stage: Discover",
        "up from the first card selects the stage"
    );
    keys(&mut app, "<Down><Right>");
    assert_eq!(selected(&app), "Start the online application");
}

#[test]
fn g_and_end_keys_jump_to_the_ends_of_the_journey() {
    let mut app = example();
    keys(&mut app, "G");
    assert_eq!(selected(&app), "Book a branch appointment");
    keys(&mut app, "g");
    assert_eq!(selected(&app), "Search for a business account online");
    keys(&mut app, "<End>");
    assert_eq!(app.selection().stage, 4);
    keys(&mut app, "<Home>");
    assert_eq!(app.selection().stage, 0);
}

#[test]
fn the_board_scrolls_to_keep_the_selection_in_view() {
    let mut app = example();
    assert_eq!(app.board_scroll(), 0);
    keys(&mut app, "llll");
    assert_eq!(app.board_scroll(), 2, "three stages fit at 80 columns");
    keys(&mut app, "hhhh");
    assert_eq!(app.board_scroll(), 0);
}

#[test]
fn long_columns_turn_a_page_at_a_time_and_keep_their_row_across_stages() {
    // Ten stages of fifty: at 80x24 fourteen cards and "↓ N more" show.
    let mut app = app_with(crate::model::generated_map(500), 80, 24);
    keys(&mut app, &"j".repeat(13));
    assert_eq!(app.card_scroll(), 0, "the fourteenth card still shows");
    keys(&mut app, "j");
    assert_eq!(app.card_scroll(), 14, "a page on, the card at its top");
    keys(&mut app, "l");
    assert_eq!(app.selection().card, Some(14));
    assert_eq!(app.card_scroll(), 14, "the next stage shows the same rows");
    // A click on a column's first card row selects what is drawn there.
    click(&mut app, 5, 2, Instant::now());
    assert_eq!(app.selection().stage, 0);
    assert_eq!(app.selection().card, Some(14));
    keys(&mut app, "k");
    assert_eq!(app.card_scroll(), 0, "a page back, the card at its bottom");
    keys(&mut app, "lll");
    assert_eq!(app.board_scroll(), 3, "a page of stages on: 4 to 6");
    assert_eq!(app.card_scroll(), 0);
}

#[test]
fn a_adds_a_touchpoint_after_the_selected_one_typed_in_place() {
    let mut app = example();
    keys(&mut app, "a");
    assert_eq!(top(&app), "prompt");
    keys(&mut app, "Read reviews<Enter>");
    assert_eq!(top(&app), "none");
    assert_eq!(selected(&app), "Read reviews");
    assert_eq!(app.selection().card, Some(1));
    assert_eq!(app.map().stages[0].touchpoints.len(), 4);
    assert!(app.document().is_modified());
}

#[test]
fn esc_cancels_a_new_touchpoint_and_leaves_nothing_to_undo() {
    let mut app = example();
    keys(&mut app, "aHalf a name<Esc>");
    assert_eq!(app.map().stages[0].touchpoints.len(), 3);
    assert!(!app.document().can_undo());
    keys(&mut app, "a<Enter>");
    assert_eq!(
        app.map().stages[0].touchpoints.len(),
        3,
        "an empty name adds nothing"
    );
}

#[test]
fn capital_a_adds_a_stage_after_the_current_one() {
    let mut app = example();
    keys(&mut app, "AResearch<Enter>");
    assert_eq!(app.map().stages[1].name, "Research");
    assert_eq!(selected(&app), "stage: Research");
    keys(&mut app, "aRead a blog<Enter>");
    assert_eq!(app.map().stages[1].touchpoints[0].name, "Read a blog");
    keys(&mut app, "ANope<Esc>");
    assert_eq!(app.map().stages.len(), 6);
}

#[test]
fn an_empty_map_starts_with_a_stage() {
    let mut app = app_with(Map::new("Empty"), 80, 24);
    keys(&mut app, "a");
    assert_eq!(status(&app), "Add a stage first: A");
    keys(&mut app, "AFirst<Enter>aOne<Enter>");
    assert_eq!(app.map().stages[0].touchpoints[0].name, "One");
}

#[test]
fn enter_on_a_stage_renames_it() {
    let mut app = example();
    keys(&mut app, "k<Enter>");
    assert_eq!(top(&app), "prompt");
    keys(&mut app, "<C-u>Find us<Enter>");
    assert_eq!(app.map().stages[0].name, "Find us");
    keys(&mut app, "u");
    assert_eq!(app.map().stages[0].name, "Discover");
}

#[test]
fn the_editor_changes_fields_and_undoes_as_one_step() {
    let mut app = example();
    keys(&mut app, "e");
    assert_eq!(top(&app), "editor");
    // Name, then channel, then wish, emotion, evidence, basis.
    keys(
        &mut app,
        &format!(
            " now<Tab><C-u>search engine<Tab>d<Tab>--{}<C-u>12<Tab>a<Esc>",
            tabs(K::Emotion, K::Evidence)
        ),
    );
    assert_eq!(top(&app), "none");
    let tp = app.selected_touchpoint().unwrap().clone();
    assert_eq!(tp.name, "Search for a business account online now");
    assert_eq!(tp.channel, "search engine");
    assert_eq!(tp.wish, Some(Wish::Deception));
    assert_eq!(tp.emotion, Emotion::new(-2));
    assert_eq!(tp.evidence, 12);
    assert_eq!(tp.basis, crate::model::Basis::Assumption);
    keys(&mut app, "u");
    let back = app.selected_touchpoint().unwrap();
    assert_eq!(back.name, "Search for a business account online");
    assert_eq!(back.evidence, 9);
    assert!(
        !app.document().is_modified(),
        "one undo took the whole session back"
    );
}

#[test]
fn the_editor_steps_an_unscored_emotion_as_the_board_does() {
    let mut app = example();
    for (key, expected) in [("+", 1), ("-", -1)] {
        keys(&mut app, &format!("xe{}", to_row(K::Emotion)));
        keys(&mut app, key);
        keys(&mut app, "<Esc>");
        assert_eq!(
            app.selected_touchpoint().unwrap().emotion,
            Emotion::new(expected),
            "{key} in the editor"
        );
        keys(&mut app, "x");
        keys(&mut app, key);
        assert_eq!(
            app.selected_touchpoint().unwrap().emotion,
            Emotion::new(expected),
            "{key} on the board"
        );
    }
}

#[test]
fn a_count_typed_for_a_new_touchpoint_is_the_count() {
    let mut app = example();
    keys(&mut app, &format!("aQueue<Enter>e{}", to_row(K::Evidence)));
    assert_eq!(app.selected_touchpoint().unwrap().evidence, 0);
    keys(&mut app, "5<Esc>");
    assert_eq!(app.selected_touchpoint().unwrap().evidence, 5);
}

#[test]
fn esc_and_a_key_read_together_as_alt_key_count_as_both() {
    let mut app = example();
    keys(&mut app, "?");
    assert_eq!(top(&app), "help");
    keys(&mut app, "<M-j>");
    assert_eq!(top(&app), "none", "Esc closed the help");
    assert_eq!(
        selected(&app),
        "Compare fees in the price list",
        "and j moved"
    );
    // In a text field Alt+b is a word back, not Esc and b.
    keys(&mut app, "e<M-b>");
    assert_eq!(top(&app), "editor");
}

#[test]
fn the_editor_sets_principles_words_root_cause_and_actions() {
    let mut app = example();
    // At risk is the seventh field, root cause the eighth.
    keys(&mut app, &format!("e{}13<Tab>", to_row(K::AtRisk)));
    keys(&mut app, "Old web pages<Tab><Tab>");
    // Their words: several lines, with sources.
    keys(&mut app, "<C-u>");
    keys(
        &mut app,
        "Where do I start? — Interview 8<Enter>Too many accounts<Tab>",
    );
    keys(&mut app, "<Enter>Rewrite the landing page<Enter><Esc>");
    let tp = app.selected_touchpoint().unwrap().clone();
    assert_eq!(
        tp.at_risk.iter().copied().collect::<Vec<_>>(),
        [Principle::Respond, Principle::Fast]
    );
    assert_eq!(
        tp.root_cause,
        Some(crate::model::RootCause::Text("Old web pages".into()))
    );
    assert_eq!(tp.verbatims.len(), 2, "{:?}", tp.verbatims);
    assert_eq!(tp.verbatims[0].source, "Interview 8");
    assert_eq!(tp.actions.len(), 1);
    assert_eq!(
        tp.actions[0].principle,
        Principle::Respond,
        "the first principle at risk"
    );
    assert_eq!(tp.actions[0].text, "Rewrite the landing page");
}

#[test]
fn the_editor_links_a_root_cause_from_a_list() {
    let mut app = example();
    keys(&mut app, "j");
    let fees = app.selected_touchpoint().unwrap().id.clone();
    keys(&mut app, &format!("e{}", to_row(K::RootCause)));
    keys(&mut app, "<BS>");
    keys(&mut app, "<Enter>");
    assert_eq!(top(&app), "picker");
    keys(&mut app, "accountant<Enter>");
    assert_eq!(top(&app), "editor");
    keys(&mut app, "<Esc>");
    let tp = app.map().touchpoint(&fees).unwrap();
    let Some(crate::model::RootCause::Touchpoint(link)) = &tp.root_cause else {
        panic!("{:?}", tp.root_cause)
    };
    assert_eq!(
        app.map().touchpoint(link).unwrap().name,
        "Ask the accountant which bank to use"
    );
}

#[test]
fn the_editor_keeps_a_bad_value_from_leaving_its_field() {
    let mut app = example();
    keys(&mut app, "e<C-u><Tab>");
    assert_eq!(top(&app), "editor", "an empty name cannot be left");
    keys(&mut app, "<Esc>");
    assert_eq!(top(&app), "editor", "nor can the form be closed with it");
    keys(&mut app, "Named<Esc>");
    assert_eq!(top(&app), "none");
    assert_eq!(selected(&app), "Named");
}

#[test]
fn w_sets_the_wish_by_letter_or_by_two_answers() {
    let mut app = example();
    keys(&mut app, "wi");
    assert_eq!(
        app.selected_touchpoint().unwrap().wish,
        Some(Wish::Invisible)
    );
    keys(&mut app, "wny");
    assert_eq!(
        app.selected_touchpoint().unwrap().wish,
        Some(Wish::Subconscious)
    );
    keys(&mut app, "wyn");
    assert_eq!(
        app.selected_touchpoint().unwrap().wish,
        Some(Wish::Deception)
    );
    keys(&mut app, "wx");
    assert_eq!(app.selected_touchpoint().unwrap().wish, None);
    keys(&mut app, "w<Esc>");
    assert_eq!(top(&app), "none");
    assert_eq!(app.selected_touchpoint().unwrap().wish, None);
}

#[test]
fn plus_minus_zero_and_x_score_the_emotion() {
    let mut app = example();
    keys(&mut app, "G");
    assert_eq!(app.selected_touchpoint().unwrap().emotion, None);
    keys(&mut app, "-");
    assert_eq!(
        app.selected_touchpoint().unwrap().emotion,
        Emotion::new(-1),
        "from unscored, - is -1"
    );
    keys(&mut app, "---");
    assert_eq!(
        app.selected_touchpoint().unwrap().emotion,
        Emotion::new(-2),
        "stops at -2"
    );
    keys(&mut app, "+++++");
    assert_eq!(app.selected_touchpoint().unwrap().emotion, Emotion::new(2));
    keys(&mut app, "0");
    assert_eq!(app.selected_touchpoint().unwrap().emotion, Emotion::new(0));
    keys(&mut app, "x");
    assert_eq!(app.selected_touchpoint().unwrap().emotion, None);
}

#[test]
fn shift_moves_a_touchpoint_between_stages_and_within_one() {
    let mut app = example();
    keys(&mut app, "L");
    assert_eq!(
        app.map().stages[1].touchpoints[0].name,
        "Search for a business account online"
    );
    assert_eq!(selected(&app), "Search for a business account online");
    keys(&mut app, "J");
    assert_eq!(
        app.map().stages[1].touchpoints[1].name,
        "Search for a business account online"
    );
    keys(&mut app, "K<S-Left>");
    assert_eq!(
        app.map().stages[0].touchpoints[0].name,
        "Search for a business account online"
    );
    app.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
    assert_eq!(
        app.map().stages[0].touchpoints[1].name,
        "Search for a business account online"
    );
    keys(&mut app, "H");
    assert_eq!(status(&app), "Already in the first stage");
}

#[test]
fn stages_move_sideways_from_their_header() {
    let mut app = example();
    keys(&mut app, "kL");
    assert_eq!(app.map().stages[1].name, "Discover");
    assert_eq!(selected(&app), "stage: Discover");
    keys(&mut app, "H");
    assert_eq!(app.map().stages[0].name, "Discover");
}

#[test]
fn d_deletes_and_undo_brings_it_back_whole() {
    let mut app = example();
    keys(&mut app, "j");
    let before = app.map().clone();
    keys(&mut app, "d");
    assert_eq!(app.map().stages[0].touchpoints.len(), 2);
    assert!(status(&app).contains("Deleted touchpoint 'Compare fees in the price list'"));
    keys(&mut app, "u");
    assert_eq!(app.map(), &before);
    assert_eq!(selected(&app), "Compare fees in the price list");
    keys(&mut app, "kk<Del>y");
    assert_eq!(
        app.map().stages.len(),
        4,
        "a stage goes with its touchpoints"
    );
    keys(&mut app, "<C-z>");
    assert_eq!(app.map(), &before);
}

#[test]
fn undo_and_redo_without_limit() {
    let mut app = example();
    let original = app.map().clone();
    for _ in 0..50 {
        keys(&mut app, "+-");
    }
    keys(&mut app, "x");
    let edited = app.map().clone();
    for _ in 0..101 {
        keys(&mut app, "u");
    }
    assert_eq!(app.map(), &original);
    keys(&mut app, "u");
    assert_eq!(status(&app), "Nothing to undo");
    for _ in 0..50 {
        keys(&mut app, "<C-r><C-y>");
    }
    keys(&mut app, "<C-r>");
    assert_eq!(app.map(), &edited);
}

#[test]
fn ctrl_s_saves_and_clears_the_modified_mark() {
    let dir = scratch("save");
    let path = dir.join("map.ron");
    std::fs::write(&path, EXAMPLE).unwrap();
    let mut app = open_file(&path);
    keys(&mut app, "+");
    assert!(app.document().is_modified());
    keys(&mut app, "<C-s>");
    assert!(!app.document().is_modified());
    assert!(status(&app).starts_with("Saved "));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("emotion: 1,\n                    evidence: 9,")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_save_keeps_the_edits_and_says_why() {
    let dir = std::env::temp_dir().join(format!("cxmap-tui-fail-{}", std::process::id()));
    let mut app = open_file(&dir.join("no-such-folder/map.ron"));
    keys(&mut app, "AStage<Enter><C-s>");
    assert!(app.document().is_modified());
    assert!(status(&app).contains("Not saved: "), "{}", status(&app));
    assert!(status(&app).contains("your edits are kept"));
    assert_eq!(app.map().stages.len(), 1);
}

#[test]
fn a_map_without_a_file_asks_for_a_name_on_save() {
    let dir = scratch("saveas");
    let mut app = example();
    keys(&mut app, "+<C-s>");
    assert_eq!(top(&app), "prompt");
    let path = dir.join("copy.ron");
    keys(&mut app, &format!("{}<Enter>", path.display()));
    assert_eq!(top(&app), "none");
    assert!(!app.document().is_modified());
    assert!(path.exists());
    keys(&mut app, "<C-s>");
    assert_eq!(top(&app), "none", "from then on it has a name");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn q_quits_at_once_when_everything_is_saved() {
    let mut app = example();
    keys(&mut app, "q");
    assert!(app.quitting());
}

#[test]
fn q_with_unsaved_changes_asks_first() {
    let mut app = example();
    keys(&mut app, "+q");
    assert!(!app.quitting());
    assert_eq!(top(&app), "quit");
    keys(&mut app, "c");
    assert!(!app.quitting() && top(&app) == "none", "cancel goes back");
    keys(&mut app, "<C-c>");
    assert_eq!(top(&app), "quit", "Ctrl+C never loses edits silently");
    keys(&mut app, "<Esc>q");
    keys(&mut app, "s");
    assert_eq!(top(&app), "prompt", "save needs a name for the example");
    keys(&mut app, "<Esc>qd");
    assert!(app.quitting(), "discard quits");
}

#[test]
fn find_jumps_as_you_type_and_esc_returns() {
    let mut app = example();
    keys(&mut app, "/help");
    assert_eq!(selected(&app), "Call the helpline about the application");
    keys(&mut app, "<Down>");
    assert_eq!(
        selected(&app),
        "Call the helpline about the application",
        "only one match"
    );
    keys(&mut app, "<Esc>");
    assert_eq!(selected(&app), "Search for a business account online");
    keys(&mut app, "/ap<Down>");
    let second = selected(&app);
    keys(&mut app, "<Enter>");
    assert_eq!(top(&app), "none");
    assert_eq!(selected(&app), second);
    keys(&mut app, "/ÕÕÕ<Enter>");
    assert!(status(&app).contains("No touchpoint"));
}

#[test]
fn tab_cycles_the_views() {
    let mut app = example();
    keys(&mut app, "<Tab>");
    assert_eq!(app.view(), View::Plan);
    keys(&mut app, "<Tab>");
    assert_eq!(app.view(), View::Checks);
    keys(&mut app, "<Tab>");
    assert_eq!(app.view(), View::Causes);
    keys(&mut app, "<Tab>");
    assert_eq!(app.view(), View::Board);
    keys(&mut app, "<S-Tab>");
    assert_eq!(app.view(), View::Causes);
    keys(&mut app, "<S-Tab>");
    assert_eq!(app.view(), View::Checks);
}

#[test]
fn question_mark_opens_help_and_esc_closes_it() {
    let mut app = example();
    keys(&mut app, "?");
    assert_eq!(top(&app), "help");
    keys(&mut app, "jj");
    assert!(matches!(app.top_overlay(), Some(Overlay::Help(2))));
    keys(&mut app, "<Esc>");
    assert_eq!(top(&app), "none");
}

#[test]
fn i_hides_and_shows_the_details() {
    let mut app = example();
    assert!(!app.details_shown(), "80x24 starts with the board alone");
    keys(&mut app, "i");
    assert!(app.details_shown());
    keys(&mut app, "i");
    assert!(!app.details_shown());
    app.resize(140, 40);
    assert!(!app.details_shown(), "a choice made stays made");
    let mut big = example();
    big.resize(140, 40);
    assert!(big.details_shown(), "a big window has room for them");
}

fn click(app: &mut App, x: u16, y: u16, at: Instant) {
    let event = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    };
    app.handle_event(Event::Mouse(event), at);
}

#[test]
fn the_mouse_selects_edits_scrolls_and_switches_tabs() {
    let mut app = example();
    let now = Instant::now();
    // Second column, second card: where it is drawn.
    let screen = super::screens::text(&super::screens::draw(&mut app, 80, 24));
    let row = screen
        .lines()
        .position(|l| l.contains("Upload company"))
        .expect("the card is drawn") as u16;
    click(&mut app, 30, row, now);
    assert_eq!(selected(&app), "Upload company documents");
    click(&mut app, 30, row, now + Duration::from_millis(150));
    assert_eq!(top(&app), "editor", "a double click edits");
    keys(&mut app, "<Esc>");
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 30,
        row,
        modifiers: KeyModifiers::NONE,
    };
    app.handle_event(Event::Mouse(wheel), now);
    assert_eq!(selected(&app), "Identity check by video call");
    let tabs = app.tabs(Rect::new(0, 0, 80, 1));
    let (_, _, plan) = tabs.iter().find(|(v, _, _)| *v == View::Plan).unwrap();
    click(&mut app, plan.x + 1, 0, now + Duration::from_secs(2));
    assert_eq!(app.view(), View::Plan);
}

#[test]
fn enter_on_a_card_opens_its_editor_and_shift_arrows_move_it() {
    let mut app = example();
    keys(&mut app, "<Enter>");
    assert_eq!(top(&app), "editor");
    keys(&mut app, "<Esc><S-Right>");
    assert_eq!(
        app.map().stages[1].touchpoints[0].name,
        "Search for a business account online"
    );
    app.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT));
    app.handle_key(KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT));
    assert_eq!(
        app.map().stages[1].touchpoints[0].name,
        "Search for a business account online"
    );
    assert_eq!(selected(&app), "Search for a business account online");
}

#[test]
fn a_click_selects_what_is_drawn_there_at_every_size() {
    use super::screens::draw;
    // A long column, scrolled, so that the window of cards matters.
    let mut map = crate::model::generated_map(60);
    let moved: Vec<_> = map.stages[1].touchpoints.drain(..).collect();
    map.stages[0].touchpoints.extend(moved);
    // Names that fit a card's line and start with a label no other has.
    for (i, tp) in map.stages[0].touchpoints.iter_mut().enumerate() {
        tp.name = format!("Touchpoint {i}: käsitlus");
    }
    for (w, h) in [(60, 18), (80, 24), (200, 50)] {
        let mut app = app_with(map.clone(), w, h);
        keys(&mut app, "jjjjjjjjjjjj");
        let buffer = draw(&mut app, w, h);
        let row =
            |y: u16| -> String { (0..w).map(|x| buffer[(x, y)].symbol().to_owned()).collect() };
        let body = crate::tui::layout::Screen::new(Rect::new(0, 0, w, h)).body;
        let mut hits = 0;
        for y in body.top()..body.bottom() {
            for x in body.left()..body.right() {
                let Some((stage, Some(card))) = app.card_at(body, x, y) else {
                    continue;
                };
                // The card's name is drawn on that row, or on the one above
                // it when cards take two rows.
                let name = &app.map().stages[stage].touchpoints[card].name;
                let label = &name[..name.find(':').unwrap() + 1];
                assert!(
                    row(y).contains(label) || (y > body.top() && row(y - 1).contains(label)),
                    "{w}x{h}: ({x},{y}) is '{label}', drawn elsewhere:\n{}\n{}",
                    row(y.saturating_sub(1)),
                    row(y)
                );
                hits += 1;
            }
        }
        assert!(hits > 0, "{w}x{h}: some card can be clicked");
    }
}

#[test]
fn the_curve_marks_the_selected_touchpoint_by_a_glyph() {
    use super::screens::{draw, text};
    let mut app = example();
    // The example's two personas and its aims make the legend long: it
    // gives up "(else as ●)", then shortens its words, so that at 80
    // columns it still says what the mark is; at 60 it ends in `…`.
    for (w, h) in [(60, 18), (80, 24), (200, 50)] {
        let screen = text(&draw(&mut app, w, h));
        assert!(
            screen.matches('◉').count() >= 1,
            "the point is drawn:\n{screen}"
        );
        let rule = screen
            .lines()
            .find(|l| l.starts_with("─ Emotion:"))
            .unwrap_or_default();
        if w >= 80 {
            assert!(rule.contains("◉ selected"), "{w}x{h}: {rule}");
        } else {
            assert!(rule.contains("◉ selected") || rule.ends_with('…'), "{rule}");
        }
    }
    // "Search for a business account online" is at 0: its mark is on the 0 row.
    let screen = text(&draw(&mut app, 80, 24));
    let zero = screen
        .lines()
        .find(|l| l.starts_with(" 0"))
        .unwrap_or_default();
    assert!(zero.contains('◉'), "{screen}");
    keys(&mut app, "j");
    let screen = text(&draw(&mut app, 80, 24));
    let minus = screen
        .lines()
        .find(|l| l.starts_with(" -"))
        .unwrap_or_default();
    assert!(
        minus.contains('◉'),
        "the mark moves with the selection:\n{screen}"
    );
}

#[test]
fn a_long_message_takes_rows_from_the_board_never_from_the_curve() {
    use super::screens::{draw, text};
    let mut app = example();
    for (w, h) in [(60, 18), (80, 24), (200, 50)] {
        app.error(
            "a message far longer than the window is wide, with its reason at the end ".repeat(3),
        );
        let screen = text(&draw(&mut app, w, h));
        for level in ["++", " +", " 0", " -", "--"] {
            assert!(
                screen.lines().any(|l| l.starts_with(level)),
                "the curve's {level:?} row at {w}x{h}:\n{screen}"
            );
        }
        assert!(
            screen.contains("reason at the end"),
            "the whole message:\n{screen}"
        );
    }
}

#[test]
fn details_show_at_every_size_over_the_board_where_there_is_no_room() {
    use super::screens::{draw, text};
    for (w, h) in [(60, 18), (80, 24)] {
        let mut app = example();
        keys(&mut app, "j");
        let hidden = text(&draw(&mut app, w, h));
        assert!(!hidden.contains("web (PDF)"), "{hidden}");
        keys(&mut app, "i");
        let shown = text(&draw(&mut app, w, h));
        assert!(
            shown.contains("web (PDF)"),
            "the details at {w}x{h}:\n{shown}"
        );
        assert!(
            shown.contains("Fourteen pages") || shown.contains("more lines: Enter opens"),
            "the quote, or what is left said at {w}x{h}:\n{shown}"
        );
        assert!(shown.contains("─ Emotion"), "the curve stays:\n{shown}");
        keys(&mut app, "i");
        let again = text(&draw(&mut app, w, h));
        assert!(!again.contains("web (PDF)"), "i hides them again:\n{again}");
    }
}

#[test]
fn a_scrolled_column_keeps_its_count_and_says_how_many_are_above() {
    use super::screens::{draw, text};
    let mut map = crate::model::generated_map(40);
    map.stages[0].name =
        "Stage one of twelve, named at such length that it fills its column".into();
    assert!(map.stages[0].touchpoints.len() > 20, "more than fit");
    let count = map.stages[0].touchpoints.len();
    let mut app = app_with(map, 80, 24);
    keys(&mut app, &"j".repeat(count - 1));
    let screen = text(&draw(&mut app, 80, 24));
    let header = screen.lines().nth(1).unwrap_or_default();
    let first: String = header.split('│').next().unwrap_or_default().to_owned();
    assert!(first.contains('↑'), "{screen}");
    assert!(
        first.contains('…'),
        "the name gives way, not the mark:\n{screen}"
    );
}

#[test]
fn a_title_bar_that_does_not_fit_ends_in_an_ellipsis() {
    use super::screens::{draw, text};
    let mut app = example();
    keys(&mut app, "+fp");
    for (w, h) in [(60, 18), (80, 24)] {
        let screen = text(&draw(&mut app, w, h));
        let bar = screen.lines().next().unwrap_or_default();
        let left = bar.split("Board").next().unwrap_or_default().trim_end();
        assert!(
            left.contains("filter: pain points") || left.ends_with('…'),
            "said whole or cut with …: {bar:?}"
        );
    }
    // A frame's title too.
    keys(&mut app, "<Esc>");
    let mut map = app.map().clone();
    map.stages[0].touchpoints[0].name =
        "A name far too long for any frame at sixty columns wide, really".into();
    let mut app = app_with(map, 60, 18);
    keys(&mut app, "e");
    let screen = text(&draw(&mut app, 60, 18));
    let frame = screen
        .lines()
        .find(|l| l.contains("Edit:"))
        .unwrap_or_default();
    assert!(frame.contains('…'), "{frame:?}");
}

#[test]
fn the_lane_and_the_headers_are_kept_between_keys_and_follow_every_change() {
    let mut app = example();
    let mut size = (80, 24);
    // What the app keeps, against what a walk over the map makes now.
    let check = |app: &App, size: (u16, u16), what: &str| {
        let body = crate::tui::layout::Screen::new(Rect::new(0, 0, size.0, size.1)).body;
        let (_, geo) = app.board_geometry(body);
        let drawn = app.drawn_personas();
        let fresh = crate::tui::lane::Lanes::of(app.map(), &geo.columns, &drawn);
        assert_eq!(*app.lanes(&geo), fresh, "{what}: the lane");
        for column in &geo.columns {
            if let crate::tui::layout::ColumnKind::Stage(s) = column.kind {
                let stats = crate::model::stage_stats(&app.map().stages[s], app.today());
                let share = app.research_share(&geo, s);
                assert_eq!(share, stats.research_percent(), "{what}: stage {s}'s share");
            }
        }
        app.lanes(&geo)
    };
    let first = check(&app, size, "start");
    keys(&mut app, "jk");
    let again = check(&app, size, "moves");
    assert!(std::rc::Rc::ptr_eq(&first, &again), "moves walk nothing");
    keys(&mut app, "--");
    check(&app, size, "an edit");
    keys(&mut app, "u");
    check(&app, size, "undo");
    keys(&mut app, "<C-r>");
    check(&app, size, "redo");
    keys(&mut app, "llll");
    check(&app, size, "scrolled sideways");
    let persona = app.map().personas[0].id.clone();
    app.toggle_persona_curve(&persona);
    check(&app, size, "a persona hidden");
    app.toggle_persona_curve(&persona);
    check(&app, size, "the persona drawn again");
    size = (200, 50);
    app.handle_event(Event::Resize(size.0, size.1), Instant::now());
    check(&app, size, "resized");
    keys(&mut app, "gaRing the branch<Enter>");
    check(&app, size, "a card added");
}

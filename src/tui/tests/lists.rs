//! The Plan and Checks views' keys.

use super::*;
use crate::tui::app::View;
use crate::tui::derived::PlanRow;

fn plan_item_text(app: &App) -> String {
    match app.derived().plan[app.plan_selected()] {
        PlanRow::Item { item, .. } => {
            let tp = &app.map().stages[item.stage].touchpoints[item.touchpoint];
            item.action
                .map_or(format!("needs action: {}", tp.name), |a| {
                    tp.actions[a].text.clone()
                })
        }
        PlanRow::Empty(p) => format!("empty: {}", p.title()),
        PlanRow::Heading(_) => "heading".into(),
    }
}

#[test]
fn the_plan_moves_over_items_and_skips_headings() {
    let mut app = example();
    keys(&mut app, "<Tab>");
    assert_eq!(
        plan_item_text(&app),
        "Send a short status message at every step of the review"
    );
    keys(&mut app, "jj");
    assert_eq!(
        plan_item_text(&app),
        "needs action: Call the helpline about the application",
        "the heading was skipped"
    );
    keys(&mut app, "G");
    assert_eq!(
        plan_item_text(&app),
        "Publish a one-page fee summary with three typical monthly examples"
    );
    keys(&mut app, "g");
    assert_eq!(
        plan_item_text(&app),
        "Send a short status message at every step of the review"
    );
}

#[test]
fn space_ticks_an_action_done_and_back() {
    let mut app = example();
    keys(&mut app, "<Tab> ");
    let done = |app: &App| {
        app.map()
            .touchpoints()
            .flat_map(|(_, t)| &t.actions)
            .find(|a| a.text.starts_with("Send a short"))
            .unwrap()
            .done
    };
    assert!(done(&app));
    keys(&mut app, "u");
    assert!(!done(&app));
    keys(&mut app, "j ");
    assert!(
        status(&app).contains("n adds one"),
        "a finding has nothing to tick"
    );
}

#[test]
fn o_and_t_set_owner_and_due_date_with_a_clear_message_for_a_bad_date() {
    let mut app = example();
    keys(&mut app, "<Tab>o<C-u>Kristi<Enter>");
    let action = |app: &App| {
        app.map()
            .touchpoints()
            .flat_map(|(_, t)| &t.actions)
            .find(|a| a.text.starts_with("Send a short"))
            .unwrap()
            .clone()
    };
    assert_eq!(action(&app).owner, "Kristi");
    keys(&mut app, "t<C-u>2026-02-30<Enter>");
    assert_eq!(top(&app), "prompt", "a bad date keeps the prompt open");
    let Some(Overlay::Prompt(prompt)) = app.top_overlay() else {
        panic!()
    };
    assert_eq!(
        prompt.error.as_deref(),
        Some("`2026-02-30` is not a date: February 2026 has 28 days")
    );
    keys(&mut app, "<C-u>2027-01-15<Enter>");
    assert_eq!(action(&app).due, Some("2027-01-15".parse().unwrap()));
    keys(&mut app, "t<C-u><Enter>");
    assert_eq!(action(&app).due, None, "empty clears the date");
}

#[test]
fn n_adds_an_action_under_the_principle_for_a_chosen_touchpoint() {
    let mut app = example();
    // The second item of Respond, then over the heading to Be competent's first.
    keys(&mut app, "<Tab>jj");
    assert_eq!(
        plan_item_text(&app),
        "needs action: Call the helpline about the application"
    );
    keys(&mut app, "n");
    assert_eq!(top(&app), "picker");
    keys(&mut app, "<Enter>");
    assert_eq!(
        top(&app),
        "prompt",
        "the finding's touchpoint was preselected"
    );
    keys(&mut app, "Answer within one working day<Enter>");
    let tp = app
        .map()
        .touchpoints()
        .map(|(_, t)| t)
        .find(|t| t.name == "Call the helpline about the application")
        .unwrap();
    let added = tp.actions.last().unwrap();
    assert_eq!(added.text, "Answer within one working day");
    assert_eq!(
        plan_item_text(&app),
        "Answer within one working day",
        "the new action is selected"
    );
    assert_eq!(added.principle, crate::model::Principle::Competent);
    assert!(app.derived().plan.iter().all(|r| !matches!(r, PlanRow::Item { principle: crate::model::Principle::Competent, item, .. } if item.action.is_none() && app.map().stages[item.stage].touchpoints[item.touchpoint].name == "Call the helpline about the application")), "the finding is answered");
}

#[test]
fn enter_in_the_plan_shows_the_touchpoint_on_the_board() {
    let mut app = example();
    keys(&mut app, "<Tab>jj<Enter>");
    assert_eq!(app.view(), View::Board);
    assert_eq!(selected(&app), "Call the helpline about the application");
}

#[test]
fn checks_count_follows_the_map_and_enter_jumps() {
    let mut app = example();
    let before = app.derived().checks.len();
    keys(&mut app, "x");
    assert_eq!(
        app.derived().checks.len(),
        before,
        "an unscored touchpoint still rests on research"
    );
    keys(&mut app, "G-");
    assert_eq!(
        app.derived().checks.len(),
        before + 3,
        "an assumed pain: no words, no cause, no owner"
    );
    keys(&mut app, "<Tab><Tab>G<Enter>");
    assert_eq!(app.view(), View::Board);
    assert_eq!(selected(&app), "Book a branch appointment");
}

#[test]
fn page_keys_move_through_long_lists() {
    let mut app = example();
    app.resize(80, 15);
    keys(&mut app, "<Tab><PgDn>");
    let down = app.plan_selected();
    assert!(down > 3, "a page down moves several items: {down}");
    keys(&mut app, "<PgUp>");
    assert_eq!(
        plan_item_text(&app),
        "Send a short status message at every step of the review"
    );
    keys(&mut app, "<Tab><PgDn>");
    assert!(app.checks_selected() > 0);
    keys(&mut app, "<PgUp>");
    assert_eq!(app.checks_selected(), 0);
}

#[test]
fn an_empty_map_names_no_key_that_would_add_an_action_to_nothing() {
    let mut app = app_with(Map::new("Empty"), 80, 24);
    keys(&mut app, "<Tab>");
    let screen = super::screens::text(&super::screens::draw(&mut app, 80, 24));
    assert!(!screen.contains("n adds"), "{screen}");
    assert!(
        screen.contains("add touchpoints on the board first"),
        "{screen}"
    );
    keys(&mut app, "n");
    assert_eq!(
        top(&app),
        "none",
        "no empty list of touchpoints to choose from"
    );
    assert!(status(&app).contains("add touchpoints on the board first"));
}

#[test]
fn a_finding_says_its_aim_in_the_plan() {
    let mut map = crate::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let tp = map
        .stages
        .iter_mut()
        .flat_map(|s| s.touchpoints.iter_mut())
        .find(|t| t.name == "Identity check by video call")
        .unwrap();
    tp.to_be_emotion = crate::model::Emotion::new(2);
    let mut app = app_with(map, 100, 30);
    keys(&mut app, "<Tab>");
    for _ in 0..40 {
        let screen = super::screens::text(&super::screens::draw(&mut app, 100, 30));
        // Kadri hurts most there (-2, the map-wide -1): her score, and
        // the map-wide aim, which is hers too (she has none of her own).
        if screen.contains("emotion -2 · to be +2") {
            return;
        }
        keys(&mut app, "j");
    }
    panic!("the plan's details never said the aim");
}

#[test]
fn thousands_of_conflicts_scroll_in_their_list_and_settle_as_one_step() {
    use crate::model::{Conflict, TouchpointField};
    let mut map = crate::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let tp = map.stages[0].touchpoints[0].clone();
    for i in 0..5000 {
        map.conflicts.push(Conflict::Touchpoint {
            id: tp.id.clone(),
            ours: TouchpointField::Channel(tp.channel.clone()),
            theirs: TouchpointField::Channel(format!("channel {i}")),
        });
    }
    let mut app = app_with(map, 80, 24);
    app.show_conflicts();
    keys(&mut app, &"j".repeat(30));
    let screen = super::screens::text(&super::screens::draw(&mut app, 80, 24));
    assert!(
        screen.contains("▶ "),
        "the selected entry is in view:\n{screen}"
    );
    assert!(
        screen.contains("more above") && screen.contains("more below"),
        "{screen}"
    );
    assert!(
        screen.contains("T all theirs"),
        "the keys stay in view:\n{screen}"
    );
    keys(&mut app, "T");
    assert!(app.map().conflicts.is_empty());
    assert_eq!(app.map().stages[0].touchpoints[0].channel, "channel 4999");
    keys(&mut app, "<Esc>u");
    assert_eq!(
        app.map().conflicts.len(),
        5000,
        "one undo brings them all back"
    );
}

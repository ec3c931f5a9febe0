//! What the board shows of the plan and the checks (the Checks tab's count,
//! the plan's rows, the to-be curve's legend) is followed change by change,
//! recounting only what each change touched: through any keys, it stays what
//! the map as it is gives.

use super::{app_with, keys, to_action, to_row, today};
use crate::model::{TouchpointKey as K, check, generated_map, plan};
use crate::tui::app::App;
use crate::tui::derived::Derived;

/// Keys that change the map in every way the board and the editors can
/// (emotions, aims, causes, actions, moves, deletions, new cards and
/// stages, undo and redo), and move around so that they land all over it.
fn moves() -> Vec<String> {
    let editor = |row: K, then: &str| format!("e{}{then}<Esc>", to_row(row));
    let mut moves: Vec<String> = [
        "+",
        "-",
        "0",
        "x",
        "j",
        "k",
        "jjj",
        "h",
        "l",
        "lll",
        "g",
        "J",
        "K",
        "H",
        "L",
        "d",
        "kkkkkkd<Enter>",
        "u",
        "u",
        "<C-r>",
        "aNew card<Enter>",
        "AStage<Enter>",
        "<Tab>jt<S-Tab>",
        "<Tab>jjjjt<S-Tab>",
        "<Esc>",
    ]
    .map(str::to_owned)
    .to_vec();
    moves.extend([
        editor(K::Emotion, "-"),
        editor(K::ToBeEmotion, "+"),
        editor(K::ToBeEmotion, "x"),
        editor(K::Basis, "<Right>"),
        editor(K::Evidence, "<BS><BS><BS>1"),
        editor(K::AtRisk, "1"),
        editor(K::RootCause, "<BS>"),
        // Links to other touchpoints, which make and break cycles of causes.
        editor(K::RootCause, "<Enter><Enter>"),
        editor(K::RootCause, "<Enter><Down><Down><Enter>"),
        format!("e{} <Esc>", to_action(0)),
        format!("e{}d<Esc>", to_action(0)),
        format!("e{}<Enter>Call back<Enter><Esc>", to_action(9)),
    ]);
    moves
}

/// The counts the app shows against the map counted afresh.
fn assert_counts_are_the_maps(app: &App, seed: u64, step: usize, keys: &str) {
    let map = app.map();
    let tally = app.tally();
    let items = plan(map);
    let count =
        |f: fn(&crate::model::PlanItem) -> bool| items.items().filter(|(_, i)| f(i)).count();
    let fresh = (
        check(map, today()).len(),
        Derived::new(map, today()).plan.len(),
        map.touchpoints().any(|(_, t)| t.to_be_emotion.is_some()),
        (
            count(|i| i.action.is_some_and(|a| !a.done)),
            count(|i| i.is_done()),
            count(|i| i.needs_action()),
        ),
    );
    let followed = (
        tally.findings(),
        tally.plan_rows(),
        tally.any_aims(),
        tally.plan_items(),
    );
    drop(tally);
    assert_eq!(
        followed, fresh,
        "findings, plan rows, aims, plan items after step {step} ({keys}); replay with CXMAP_COUNTS_SEED={seed}"
    );
    for (place, _, tp) in map.placed_touchpoints() {
        assert_eq!(
            app.place_of(&tp.id),
            Some(place),
            "seed {seed}, step {step}"
        );
    }
}

#[test]
fn the_counts_shown_follow_every_change() {
    let seed = std::env::var("CXMAP_COUNTS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.map_or(1, |d| d.as_nanos() as u64) | 1
        });
    println!("CXMAP_COUNTS_SEED={seed}");
    let mut state = seed;
    let mut roll = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let moves = moves();
    let mut app = app_with(generated_map(160), 80, 24);
    assert_counts_are_the_maps(&app, seed, 0, "");
    for step in 1..=300 {
        let chosen = &moves[roll(moves.len())];
        keys(&mut app, chosen);
        assert_counts_are_the_maps(&app, seed, step, chosen);
    }
}

#[test]
fn the_checks_tab_counts_what_the_checks_view_lists() {
    let mut map = generated_map(60);
    map.stages[0].touchpoints[0].verbatims.clear();
    let mut app = app_with(map, 80, 24);
    let tab = |app: &App| {
        let tabs = app.tabs(ratatui::layout::Rect::new(0, 0, 80, 1));
        tabs[2].1.clone()
    };
    let listed = |app: &App| app.map().conflicts.len() + check(app.map(), today()).len();
    assert_eq!(tab(&app), format!(" Checks {} ", listed(&app)));
    // An emotion scored without words is a finding more (CX002).
    keys(&mut app, "x");
    let before = listed(&app);
    keys(&mut app, "0");
    assert_eq!(tab(&app), format!(" Checks {} ", listed(&app)));
    assert_eq!(
        listed(&app),
        before + 1,
        "a score without words is a finding"
    );
    keys(&mut app, "u");
    assert_eq!(tab(&app), format!(" Checks {before} "));
}

#[test]
fn a_cycle_of_causes_made_in_the_editor_is_counted_and_undone() {
    use crate::model::Code;
    let mut map = generated_map(3);
    map.stages.truncate(1);
    map.stages[0].touchpoints.truncate(3);
    for tp in &mut map.stages[0].touchpoints {
        tp.root_cause = None;
    }
    let mut app = app_with(map, 80, 24);
    let cycles = |app: &App| {
        let fresh = check(app.map(), today())
            .iter()
            .filter(|f| f.code == Code::CX006)
            .count();
        assert_eq!(app.tally().findings_of(Code::CX006), fresh);
        fresh
    };
    let link_to_the_first_other = format!("e{}<Enter><Enter><Esc>", to_row(K::RootCause));
    keys(&mut app, &format!("g{link_to_the_first_other}"));
    assert_eq!(cycles(&app), 0, "the first names the second");
    keys(&mut app, &format!("j{link_to_the_first_other}"));
    assert_eq!(cycles(&app), 1, "the second names the first: a circle");
    keys(&mut app, "u");
    assert_eq!(cycles(&app), 0, "undone");
}

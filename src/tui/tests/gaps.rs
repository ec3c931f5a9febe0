//! Whole screens the other snapshots leave out: the Checks view holding merge
//! conflicts and the list they open, a plan action's follow-up of several
//! lines, a board column scrolled down, and each offer the recovery dialog
//! makes. Each at 80x24 and 60x18, with the words a person reads checked
//! beside the snapshot.

use super::screens::{draw, text};
use super::*;
use crate::model::{Conflict, Emotion, Item, Side, Touchpoint, TouchpointField, TouchpointId};
use crate::tui::derived::PlanRow;
use crate::tui::overlay::{EditedFrom, RecoverOffer, Recovered};

/// The sizes each screen is drawn at.
const SIZES: [(u16, u16); 2] = [(80, 24), (60, 18)];

fn example_map() -> Map {
    crate::storage::from_bytes(EXAMPLE.as_bytes())
        .expect("example loads")
        .map
}

/// `map` opened at `width` x `height`, `typed` there, and drawn.
fn screen_of(map: Map, width: u16, height: u16, typed: &str) -> (App, String) {
    let mut app = app_with(map, width, height);
    keys(&mut app, typed);
    let screen = text(&draw(&mut app, width, height));
    (app, screen)
}

/// A screen's words, its rows joined, so that a sentence wrapped at any
/// size reads whole.
fn words(screen: &str) -> String {
    screen
        .split(|c: char| c.is_whitespace() || "│─┌┐└┘".contains(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// 1. The Checks view holding merge conflicts, and the list it opens.

/// The example after a merge that left two conflicts: both sides scored
/// 'Compare fees in the price list', and ours deleted the action on
/// 'Upload company documents' that theirs changed.
fn conflicted() -> Map {
    let mut map = example_map();
    let tp = map.stages[0].touchpoints[1].clone().into_inner();
    assert_eq!(tp.name, "Compare fees in the price list");
    let action = map.stages[1].touchpoints[1].actions[0].id.clone();
    map.conflicts.push(Conflict::Touchpoint {
        id: tp.id,
        ours: TouchpointField::Emotion(tp.emotion),
        theirs: TouchpointField::Emotion(Emotion::new(-2)),
    });
    map.conflicts.push(Conflict::Deleted {
        item: Item::Action(action),
        by: Side::Ours,
    });
    map
}

#[test]
fn checks_with_conflicts_80x24() {
    let (_, screen) = screen_of(conflicted(), 80, 24, "<Tab><Tab>");
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(
        lines[1], " 2 conflicts · 9 findings · CX001×3 CX002×1 CX003×1 CX004×1 CX005×3",
        "the date left out, the counts closed up and the conflicts said shortly, so that every code shows: {screen}"
    );
    assert!(
        lines[2].starts_with("▶CX000 touchpoint 'Compare fees in the price list': emotion"),
        "the conflicts come first, the first selected: {screen}"
    );
    assert!(
        lines[3].starts_with(" CX000 action 'List every document the application needs"),
        "{screen}"
    );
    assert!(
        screen.contains("CX000 unresolved merge conflict: both sides changed this"),
        "{screen}"
    );
    assert!(
        screen.contains("Enter chooses: keep ours or take theirs"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn the_checks_summary_shows_every_code_found_cx006_too() {
    // The example with its first two touchpoints each other's cause.
    let mut map = example_map();
    let ids: Vec<TouchpointId> = (map.stages[0].touchpoints.iter())
        .take(2)
        .map(|t| t.id.clone())
        .collect();
    for (at, cause) in [(0, 1), (1, 0)] {
        map.stages[0].touchpoints[at].root_cause =
            Some(crate::model::RootCause::Touchpoint(ids[cause].clone()));
    }
    let (_, screen) = screen_of(map.clone(), 80, 24, "<Tab><Tab>");
    assert_eq!(
        screen.lines().nth(1),
        Some(" 10 findings · CX001 ×3 · CX002 ×1 · CX003 ×1 · CX004 ×1 · CX005 ×3 · CX006 ×1"),
        "{screen}"
    );
    let (_, screen) = screen_of(map, 60, 18, "<Tab><Tab>");
    assert_eq!(
        screen.lines().nth(1),
        Some(" CX001×3 CX002×1 CX003×1 CX004×1 CX005×3 CX006×1"),
        "{screen}"
    );
    // Wide enough, the date is there too.
    let (_, screen) = screen_of(example_map(), 100, 24, "<Tab><Tab>");
    assert_eq!(
        screen.lines().nth(1),
        Some(
            format!(
                " 9 findings as of {} · CX001 ×3 · CX002 ×1 · CX003 ×1 · CX004 ×1 · CX005 ×3",
                today()
            )
            .as_str()
        ),
        "{screen}"
    );
}

#[test]
fn checks_with_conflicts_60x18() {
    let (_, screen) = screen_of(conflicted(), 60, 18, "<Tab><Tab>");
    assert_eq!(
        screen.lines().nth(1),
        Some(" 2 conflicts · CX001×3 CX002×1 CX003×1 CX004×1 CX005×3"),
        "{screen}"
    );
    assert!(
        screen.contains("▶CX000 touchpoint 'Compare fees"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn checks_with_a_deleted_item_selected_80x24() {
    let (_, screen) = screen_of(conflicted(), 80, 24, "<Tab><Tab>j");
    assert!(
        words(&screen).contains("deleted on ours, changed on theirs (kept)"),
        "the detail says who deleted it and that it stays: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn one_conflict_is_counted_in_the_singular() {
    let mut map = conflicted();
    map.conflicts.truncate(1);
    let (_, screen) = screen_of(map, 80, 24, "<Tab><Tab>");
    let summary = screen.lines().nth(1).unwrap_or_default();
    assert!(summary.starts_with(" 1 conflict · 9 findings"), "{screen}");
}

#[test]
fn conflict_list_from_the_checks_view() {
    for (w, h) in SIZES {
        let (app, screen) = screen_of(conflicted(), w, h, "<Tab><Tab>j<Enter>");
        assert_eq!(top(&app), "conflicts");
        assert!(screen.contains("Changed on both sides: 2"), "{screen}");
        assert!(
            screen.contains("Ours is this window's value"),
            "{w}x{h}: {screen}"
        );
        // The entry Enter was pressed on is the one selected.
        let marked: Vec<&str> = screen.lines().filter(|l| l.contains("▶ ")).collect();
        assert_eq!(marked.len(), 1, "{w}x{h}: {screen}");
        assert!(
            marked[0].contains("▶ action 'List every document"),
            "{screen}"
        );
        let lines: Vec<&str> = screen.lines().collect();
        let at = lines.iter().position(|l| l.contains("▶ ")).unwrap_or(0);
        let next = lines[at + 1];
        assert!(
            next.starts_with("│  ") && !next.starts_with("│   "),
            "{w}x{h}: the entry's wrapped row under its text, after '▶ ': {screen}"
        );
        let hint = lines
            .iter()
            .position(|l| l.contains("Esc later"))
            .unwrap_or_else(|| panic!("{screen}"));
        assert!(
            lines[hint + 1].starts_with('└'),
            "{w}x{h}: the frame ends under the keys, no blank row: {screen}"
        );
        insta::assert_snapshot!(format!("conflict_list_{w}x{h}"), screen);
    }
}

// 2. The Plan view's details for an action with a follow-up of several lines.

/// The example with a follow-up of three lines on the action of 'Upload
/// company documents'; the app in the Plan view with that action selected.
fn plan_on_follow_up(width: u16, height: u16) -> (App, String) {
    let mut map = example_map();
    let action = &mut map.stages[1].touchpoints[1].actions[0];
    action.follow_up = "Drop-off at the upload step fell from 31% to 18% in October.\n\
                        Calls about missing documents halved.\n\
                        Next: ask again in the January survey."
        .to_owned();
    let id = action.id.clone();
    let mut app = app_with(map, width, height);
    keys(&mut app, "<Tab>");
    let row = {
        let derived = app.derived();
        derived
            .plan
            .iter()
            .position(|row| match row {
                PlanRow::Item { item, .. } => item.action.is_some_and(|a| {
                    app.map().stages[item.stage].touchpoints[item.touchpoint].actions[a].id == id
                }),
                _ => false,
            })
            .expect("the action is in the plan")
    };
    for _ in 0..40 {
        if app.plan_selected() == row {
            break;
        }
        keys(&mut app, "j");
    }
    assert_eq!(app.plan_selected(), row, "reached by keys");
    let screen = text(&draw(&mut app, width, height));
    (app, screen)
}

/// The details under the Plan list: the action's text, where it is, its
/// owner and due date, its weight, then the follow-up.
fn plan_details(screen: &str) -> Vec<&str> {
    let lines: Vec<&str> = screen.lines().collect();
    let rule = lines
        .iter()
        .rposition(|l| l.starts_with('─'))
        .unwrap_or_else(|| panic!("{screen}"));
    lines[rule + 1..lines.len() - 1].to_vec()
}

// The details have five rows (four at 60x18), grown into rows the list
// leaves empty, and the follow-up comes last: what does not fit is cut,
// and the last row says how much and where to read it. The lines after the
// first keep their indent, under the first.

/// The row that ends the details when some of them are cut.
fn cut(lines: usize) -> String {
    format!(" … {lines} more lines: Enter goes to the board to edit them")
}

#[test]
fn plan_follow_up_of_several_lines_80x24() {
    let (_, screen) = plan_on_follow_up(80, 24);
    let details = plan_details(&screen);
    assert_eq!(
        details[0], " List every document the application needs on its start page",
        "{screen}"
    );
    // Upload company documents: -2 (Jaan's own 0 hurts less), aim 0, 31
    // customers (w = 1 + ⌊log2 32⌋ = 6), explaining no other pain point:
    // 57 × (1 + 2 + 2) × 6 = 1710.
    assert_eq!(
        details[3], " Be competent · emotion -2 · to be 0 · 31 customers · severity 1710",
        "{screen}"
    );
    assert_eq!(
        details.last().copied(),
        Some(cut(4).as_str()),
        "the root cause and the follow-up's three lines are cut, and that is said: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn plan_follow_up_of_several_lines_60x18() {
    let (_, screen) = plan_on_follow_up(60, 18);
    assert_eq!(
        screen.lines().nth(1),
        Some(" EDUNI action plan · 7 open · 1 done …"),
        "the summary cut after a whole count, saying more is left out: {screen}"
    );
    let details = plan_details(&screen);
    assert_eq!(
        details[0], " List every document the application needs on its start page",
        "the whole text, cut in the list above: {screen}"
    );
    assert!(
        words(&details.join(" ")).contains("owner Jaan (digital onboarding) · due 2026-09-30"),
        "{screen}"
    );
    assert_eq!(
        details.last().copied(),
        Some(cut(7).as_str()),
        "the weight (two rows at this width, with its aim), the root cause and the follow-up (four rows) are cut, and that is said: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn plan_follow_up_of_several_lines_140x40() {
    let (_, screen) = plan_on_follow_up(140, 40);
    let details = plan_details(&screen);
    let at = details
        .iter()
        .position(|l| {
            *l == " Follow-up: Drop-off at the upload step fell from 31% to 18% in October."
        })
        .unwrap_or_else(|| panic!("{screen}"));
    let indent = " ".repeat(12);
    assert_eq!(
        details[at + 1..],
        [
            format!("{indent}Calls about missing documents halved."),
            format!("{indent}Next: ask again in the January survey."),
        ],
        "all of the follow-up, each line on a row of its own, under the first: {screen}"
    );
    assert!(
        screen.contains("   [ ] Publish a one-page fee summary"),
        "the details take only rows the list leaves empty: {screen}"
    );
    insta::assert_snapshot!(screen);
}

// 3. A board column scrolled.

/// The example with thirty more touchpoints in its first stage ('Discover',
/// 33 in all); the app with the twenty-first card selected, by keys.
fn board_scrolled(width: u16, height: u16) -> (App, String) {
    let mut map = example_map();
    for i in 1..=30 {
        let id = TouchpointId::fresh(|id| map.touchpoints().any(|(_, t)| t.id.as_str() == id));
        map.stages[0]
            .touchpoints
            .push(Touchpoint::new(id, format!("Extra {i}")).into());
    }
    let mut app = app_with(map, width, height);
    keys(&mut app, &"j".repeat(20));
    let screen = text(&draw(&mut app, width, height));
    (app, screen)
}

/// The rows of the first column: its header, then its cards.
fn first_column(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip(1)
        .take_while(|l| l.contains('│'))
        .map(|l| l.split('│').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn board_column_scrolled_80x24() {
    let (app, screen) = board_scrolled(80, 24);
    assert_eq!(selected(&app), "Extra 18");
    let column = first_column(&screen);
    assert_eq!(
        column[0], "    Discover (33) 6%   ↑14",
        "how many are above, in the header, beside the research share: {screen}"
    );
    // A page of fourteen on: the selection near the top of its page.
    assert_eq!(column[1].trim(), "?    Extra 12", "{screen}");
    assert_eq!(column[7].trim(), "▶?    Extra 18", "{screen}");
    assert_eq!(
        column[15].trim(),
        "↓ 5 more",
        "how many are below: {screen}"
    );
    assert!(
        !screen.contains("Search for a bus"),
        "the first card is scrolled out: {screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn board_column_scrolled_60x18() {
    let (_, screen) = board_scrolled(60, 18);
    let column = first_column(&screen);
    assert!(column[0].ends_with("↑16"), "{screen}");
    assert_eq!(column[1].trim(), "?    Extra 14", "{screen}");
    assert_eq!(column[5].trim(), "▶?    Extra 18", "{screen}");
    assert_eq!(column[9].trim(), "↓ 9 more", "{screen}");
    insta::assert_snapshot!(screen);
}

// 4. The recovery dialog: each offer it makes.

fn drawn(app: &mut App, w: u16, h: u16) -> String {
    text(&draw(app, w, h))
}

/// When the copy was written, as the session would say it.
const WHEN: &str = "2026-11-22 at 17:45";

/// The app on `current` with an offer to restore `copy`, made on
/// `edited_from`.
fn offered(current: Map, copy: Map, edited_from: EditedFrom, when: &str, w: u16, h: u16) -> App {
    let mut app = app_with(current, w, h);
    let recovered = Recovered {
        map: copy,
        edited_from,
        when: when.into(),
    };
    let offer = RecoverOffer::new(app.map(), app.document().revision(), recovered);
    app.open(Overlay::Recover(offer));
    app
}

/// The example with its first touchpoint's emotion set to `e`.
fn scored(e: i8) -> Map {
    let mut map = example_map();
    map.stages[0].touchpoints[0].emotion = Emotion::new(e);
    map
}

/// The example with its first stage renamed, as saved by someone else.
fn renamed() -> Map {
    let mut map = example_map();
    map.stages[0].name = "Find us".into();
    map
}

#[test]
fn recover_the_file_unchanged_since() {
    for (w, h) in SIZES {
        let mut app = offered(
            example_map(),
            scored(1),
            EditedFrom::File(example_map()),
            WHEN,
            w,
            h,
        );
        let screen = drawn(&mut app, w, h);
        let said = words(&screen);
        assert!(said.contains("Unsaved edits from last time"), "{screen}");
        assert!(
            said.contains("cxmap stopped on 2026-11-22 at 17:45 with edits that were never saved."),
            "{screen}"
        );
        assert!(
            said.contains("Restoring them makes 1 change to this map."),
            "{screen}"
        );
        assert!(!said.contains("was saved to the file"), "{screen}");
        insta::assert_snapshot!(format!("recover_replace_{w}x{h}"), screen);
        // v shows what restoring would change.
        keys(&mut app, "v");
        let shown = drawn(&mut app, w, h);
        assert!(
            words(&shown).contains("'Search for a business account online'"),
            "{shown}"
        );
        insta::assert_snapshot!(format!("recover_replace_changes_{w}x{h}"), shown);
    }
}

#[test]
fn recover_a_map_with_no_file_says_the_same_as_an_unchanged_file() {
    let mut app = offered(example_map(), scored(1), EditedFrom::NoFile, WHEN, 80, 24);
    let no_file = drawn(&mut app, 80, 24);
    let mut app = offered(
        example_map(),
        scored(1),
        EditedFrom::File(example_map()),
        WHEN,
        80,
        24,
    );
    assert_eq!(no_file, drawn(&mut app, 80, 24));
}

#[test]
fn recover_merged_with_changes_saved_since() {
    for (w, h) in SIZES {
        let mut app = offered(
            renamed(),
            scored(1),
            EditedFrom::File(example_map()),
            WHEN,
            w,
            h,
        );
        let screen = drawn(&mut app, w, h);
        let said = words(&screen);
        assert!(
            said.contains(
                "1 change was saved to the file after that; restoring merges the edits with it: \
                 1 change to the map as it is now."
            ),
            "{screen}"
        );
        assert!(!said.contains("on both sides"), "{screen}");
        insta::assert_snapshot!(format!("recover_merge_{w}x{h}"), screen);
    }
}

#[test]
fn recover_merged_with_several_changes_saved_since() {
    let mut current = renamed();
    current.stages[1].name = "Sign up".into();
    let mut app = offered(
        current,
        scored(1),
        EditedFrom::File(example_map()),
        WHEN,
        80,
        24,
    );
    let said = words(&drawn(&mut app, 80, 24));
    assert!(
        said.contains(
            "2 changes were saved to the file after that; restoring merges the edits with \
             them: 1 change to the map as it is now."
        ),
        "{said}"
    );
}

#[test]
fn recover_merged_with_a_conflicting_change() {
    for (w, h) in SIZES {
        let mut app = offered(
            scored(-2),
            scored(1),
            EditedFrom::File(example_map()),
            WHEN,
            w,
            h,
        );
        let screen = drawn(&mut app, w, h);
        let said = words(&screen);
        assert!(
            said.contains("1 change was saved to the file after that; restoring merges"),
            "{screen}"
        );
        assert!(
            said.contains("1 thing was changed on both sides: you choose which to keep."),
            "{screen}"
        );
        insta::assert_snapshot!(format!("recover_merge_conflict_{w}x{h}"), screen);
    }
}

#[test]
fn recover_a_copy_that_does_not_say_what_it_was_edited_from() {
    let when = format!("{WHEN} (the file was changed after that)");
    for (w, h) in SIZES {
        let mut app = offered(renamed(), scored(1), EditedFrom::Unknown, &when, w, h);
        let screen = drawn(&mut app, w, h);
        let said = words(&screen);
        assert!(
            said.contains(
                "This copy does not say which version of the file it was edited from (an \
                 older cxmap wrote it, or cxmap was stopped while writing it): restoring puts \
                 it in place of the map (2 changes), undoing anything saved to the file after \
                 it was written."
            ),
            "{screen}"
        );
        insta::assert_snapshot!(format!("recover_overwrite_{w}x{h}"), screen);
        // r once: the changes, and the question asked again.
        keys(&mut app, "r");
        assert_eq!(top(&app), "recover");
        let asked = drawn(&mut app, w, h);
        let said = words(&asked);
        assert!(
            said.contains(
                "These are the changes. r again restores the copy all the same; Esc keeps it \
                 for later."
            ),
            "{asked}"
        );
        assert!(said.contains("'Find us' renamed to 'Discover'"), "{asked}");
        insta::assert_snapshot!(format!("recover_overwrite_asked_{w}x{h}"), asked);
    }
}

// 5. Counts in the singular.

#[test]
fn one_finding_is_counted_in_the_singular() {
    // Of the example, only the first stage's 'Ask the accountant which bank
    // to use', which rests on the team's assumptions (CX001).
    let mut map = example_map();
    map.stages.truncate(1);
    map.stages[0]
        .touchpoints
        .retain(|t| t.name == "Ask the accountant which bank to use");
    let (app, screen) = screen_of(map, 80, 24, "<Tab><Tab>");
    assert_eq!(app.derived().checks.len(), 1, "{screen}");
    assert_eq!(
        screen.lines().nth(1),
        Some(format!(" 1 finding as of {} · CX001 ×1", today()).as_str()),
        "{screen}"
    );
}

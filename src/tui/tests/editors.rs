//! Every field of both editors, edited the way a person does it: the value
//! shown is the value kept, through the recovery copy (which takes what is
//! being typed), leaving the field, closing the editor and saving.

use super::screens::{draw, text};
use super::*;
use crate::model::{Basis, Emotion, Principle, RootCause, Touchpoint, TouchpointKey as K, Wish};
use crate::storage::Recovery;
use std::time::Instant;

/// The example saved in a fresh folder and opened with recovery on, with
/// the second touchpoint ("Compare fees in the price list") selected: it
/// has a text root cause and an action.
fn opened(name: &str) -> (App, std::path::PathBuf) {
    opened_from(name, EXAMPLE)
}

/// The example with neither personas nor aims (to-be emotions), as a map
/// before either was set.
fn plain_example() -> String {
    let map = crate::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let mut map = without_personas(map);
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        tp.to_be_emotion = None;
    }
    crate::storage::to_canonical(&map)
}

/// As `opened`, on the map file `text`.
fn opened_from(name: &str, text: &str) -> (App, std::path::PathBuf) {
    let dir = scratch(&format!("editors-{name}"));
    let path = dir.join("map.ron");
    std::fs::write(&path, text).unwrap();
    let mut app = open_file(&path);
    app.set_recovery(Some(Recovery::new(dir.join("recovery"))), None);
    keys(&mut app, "j");
    assert_eq!(selected(&app), "Compare fees in the price list");
    (app, dir)
}

fn fees(map: &Map) -> &Touchpoint {
    map.touchpoints()
        .map(|(_, t)| t)
        .find(|t| t.name.starts_with("Compare fees"))
        .expect("the touchpoint is there")
}

/// Types `typed` (which opens an editor and edits one field, leaving it
/// open), then checks `expect` against: the recovery copy written a second
/// later, the map after one more second, after Tab and Esc, and the saved
/// file.
fn kept(name: &str, typed: &str, expect: impl Fn(&Map)) {
    let (mut app, dir) = opened(name);
    keys(&mut app, typed);
    assert_ne!(top(&app), "none", "{name}: the editor is still open");
    app.after_events(Instant::now());
    let copy = app.recovery_copy_due().expect("a recovery copy is written");
    app.wait_for_recovery();
    let from_copy = crate::storage::load(&copy).expect("the copy loads").map;
    expect(&from_copy);
    // The copy is written again later; nothing may change in between.
    app.after_events(Instant::now());
    app.recovery_copy_due();
    expect(app.map());
    keys(&mut app, "<Tab>");
    expect(app.map());
    while top(&app) != "none" {
        keys(&mut app, "<Esc>");
    }
    expect(app.map());
    keys(&mut app, "<C-s>");
    assert!(
        status(&app).starts_with("Saved"),
        "{name}: {}",
        status(&app)
    );
    let saved = crate::storage::load(&dir.join("map.ron")).unwrap().map;
    expect(&saved);
    std::fs::remove_dir_all(dir).unwrap();
}

const EDIT: &str = "e";
/// The touchpoint editor opened, at `key`'s row.
fn field(key: K) -> String {
    format!("{EDIT}{}", to_row(key))
}

/// The touchpoint editor opened, at the touchpoint's action `i` (the row
/// after its last action adds one).
fn action_row(i: usize) -> String {
    format!("{EDIT}{}", to_action(i))
}

#[test]
fn name_and_channel_are_kept() {
    kept("name", &format!("{EDIT}<C-u>Fees"), |m| {
        assert!(m.touchpoints().any(|(_, t)| t.name == "Fees"))
    });
    kept(
        "channel",
        &format!("{}<C-u>leaflet", field(K::Channel)),
        |m| assert_eq!(fees(m).channel, "leaflet"),
    );
}

#[test]
fn wish_emotion_and_basis_are_kept() {
    kept("wish", &format!("{}c", field(K::Wish)), |m| {
        assert_eq!(fees(m).wish, Some(Wish::Conscious))
    });
    kept("emotion", &format!("{}--", field(K::Emotion)), |m| {
        assert_eq!(fees(m).emotion, Emotion::new(-2))
    });
    kept("basis", &format!("{}a", field(K::Basis)), |m| {
        assert_eq!(fees(m).basis, Basis::Assumption)
    });
}

#[test]
fn a_count_is_kept() {
    kept("evidence", &format!("{}<C-u>40", field(K::Evidence)), |m| {
        assert_eq!(fees(m).evidence, 40)
    });
    kept(
        "no-evidence",
        &format!("{}<C-u>", field(K::Evidence)),
        |m| assert_eq!(fees(m).evidence, 0),
    );
}

#[test]
fn principles_at_risk_are_kept() {
    // Social was at risk: 1 adds Respond, 6 takes Social off.
    kept("at-risk", &format!("{}16", field(K::AtRisk)), |m| {
        assert_eq!(
            fees(m).at_risk.iter().copied().collect::<Vec<_>>(),
            [Principle::Respond],
        )
    });
}

#[test]
fn a_root_cause_typed_is_kept() {
    kept(
        "cause-text",
        &format!("{}<C-u>Legal wrote it", field(K::RootCause)),
        |m| {
            assert_eq!(
                fees(m).root_cause,
                Some(RootCause::Text("Legal wrote it".into()))
            )
        },
    );
    kept(
        "cause-cleared",
        &format!("{}<C-u>", field(K::RootCause)),
        |m| assert_eq!(fees(m).root_cause, None),
    );
}

fn linked_to(map: &Map) -> String {
    match &fees(map).root_cause {
        Some(RootCause::Touchpoint(id)) => map.touchpoint(id).unwrap().name.clone(),
        other => panic!("not a link: {other:?}"),
    }
}

#[test]
fn a_root_cause_linked_in_the_picker_stays_linked() {
    // The field had a text cause; Enter opens the list, Enter links.
    kept(
        "cause-link",
        &format!("{}<Enter>accountant<Enter>", field(K::RootCause)),
        |m| assert_eq!(linked_to(m), "Ask the accountant which bank to use"),
    );
    // A link replaced by typing is text, kept as typed.
    kept(
        "cause-link-then-text",
        &format!("{}<Enter>accountant<Enter>Legal", field(K::RootCause)),
        |m| assert_eq!(fees(m).root_cause, Some(RootCause::Text("Legal".into()))),
    );
}

#[test]
fn a_linked_root_cause_shows_its_name_at_once_and_after_the_copy() {
    let (mut app, dir) = opened("cause-shown");
    keys(
        &mut app,
        &format!("{}<Enter>accountant<Enter>", field(K::RootCause)),
    );
    assert_eq!(top(&app), "editor");
    let row = |app: &mut App| {
        let screen = text(&draw(app, 100, 30));
        screen
            .lines()
            .find(|l| l.contains("Root cause"))
            .unwrap_or_default()
            .to_owned()
    };
    let shown = row(&mut app);
    assert!(
        shown.contains("→ Ask the accountant which bank to use"),
        "{shown}"
    );
    app.after_events(Instant::now());
    app.recovery_copy_due();
    assert_eq!(row(&mut app), shown, "the copy changes nothing on screen");
    assert_eq!(linked_to(app.map()), "Ask the accountant which bank to use");
    // A hang-up keeps it too.
    app.end_session();
    assert_eq!(linked_to(app.map()), "Ask the accountant which bank to use");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn description_and_their_words_are_kept() {
    kept(
        "description",
        &format!("{}<C-u>Two lines<Enter>of text", field(K::Description)),
        |m| assert!(fees(m).description.ends_with("Two lines\nof text")),
    );
    kept(
        "verbatims",
        &format!("{}<Enter>Too dear — Survey 2", field(K::Verbatims)),
        |m| {
            let last = fees(m).verbatims.last().unwrap();
            assert_eq!(
                (last.text.as_str(), last.source.as_str()),
                ("Too dear", "Survey 2")
            );
        },
    );
}

#[test]
fn actions_ticked_deleted_and_added_in_the_editor_are_kept() {
    kept("action-done", &format!("{} ", action_row(0)), |m| {
        assert!(fees(m).actions[0].done)
    });
    kept("action-deleted", &format!("{}d", action_row(0)), |m| {
        assert!(fees(m).actions.is_empty())
    });
    kept(
        "action-added",
        &format!("{}<Enter>Plain price page<Enter>", action_row(1)),
        |m| assert_eq!(fees(m).actions[1].text, "Plain price page"),
    );
}

/// The action editor on the touchpoint's first action, at its n-th field.
fn action_field(n: usize) -> String {
    format!("{}<Enter>{}", action_row(0), "<Tab>".repeat(n))
}

#[test]
fn every_field_of_the_action_editor_is_kept() {
    kept(
        "a-text",
        &format!("{}<C-u>One page", action_field(0)),
        |m| assert_eq!(fees(m).actions[0].text, "One page"),
    );
    kept("a-principle", &format!("{}3", action_field(1)), |m| {
        assert_eq!(fees(m).actions[0].principle, Principle::Fast)
    });
    kept("a-owner", &format!("{}<C-u>Mari", action_field(2)), |m| {
        assert_eq!(fees(m).actions[0].owner, "Mari")
    });
    kept(
        "a-due",
        &format!("{}<C-u>2027-02-01", action_field(3)),
        |m| assert_eq!(fees(m).actions[0].due, "2027-02-01".parse().ok()),
    );
    kept("a-no-due", &format!("{}<C-u>", action_field(3)), |m| {
        assert_eq!(fees(m).actions[0].due, None)
    });
    kept("a-done", &format!("{} ", action_field(4)), |m| {
        assert!(fees(m).actions[0].done)
    });
    kept(
        "a-follow-up",
        &format!("{}It worked<Enter>mostly", action_field(5)),
        |m| assert_eq!(fees(m).actions[0].follow_up, "It worked\nmostly"),
    );
}

#[test]
fn a_field_only_passed_through_changes_nothing() {
    // Text the form shows differently from the file (spaces around a
    // channel, a trailing line break) is not rewritten by Tab.
    let (mut app, dir) = opened("passed");
    let id = fees(app.map()).id.clone();
    let edit = crate::model::Edit::SetTouchpoint {
        id,
        field: crate::model::TouchpointField::Channel(" web (PDF) ".into()),
    };
    assert!(app.apply(edit, "spaced".to_owned()));
    let before = app.map().clone();
    keys(
        &mut app,
        &format!("{}<Esc>", "<Tab>".repeat(12)).replacen("", EDIT, 1),
    );
    assert_eq!(top(&app), "none");
    app.after_events(Instant::now());
    app.recovery_copy_due();
    assert_eq!(*app.map(), before);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn ctrl_s_in_either_editor_saves_with_what_is_typed() {
    let (mut app, dir) = opened("ctrl-s");
    keys(&mut app, &format!("{EDIT} now<C-s>"));
    assert_eq!(top(&app), "editor", "the editor stays open");
    assert!(status(&app).starts_with("Saved"), "{}", status(&app));
    let saved = crate::storage::load(&dir.join("map.ron")).unwrap().map;
    assert_eq!(fees(&saved).name, "Compare fees in the price list now");
    keys(
        &mut app,
        &format!("{}<Enter><Tab><Tab><C-u>Mari<C-s>", to_action(0)),
    );
    assert_eq!(top(&app), "action editor");
    let saved = crate::storage::load(&dir.join("map.ron")).unwrap().map;
    assert_eq!(fees(&saved).actions[0].owner, "Mari");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_follow_up_of_several_lines_is_shown_as_several_lines() {
    let (mut app, dir) = opened("follow-up-lines");
    keys(
        &mut app,
        &format!("{}line one<Enter>line two<S-Tab>", action_field(5)),
    );
    let screen = text(&draw(&mut app, 100, 30));
    let one = screen.lines().position(|l| l.contains("line one"));
    let two = screen.lines().position(|l| l.contains("line two"));
    assert!(
        one.is_some() && two == one.map(|n| n + 1),
        "each line on its own row:\n{screen}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn choice_fields_take_their_keys_from_the_table() {
    let (mut app, dir) = opened("choices");
    keys(&mut app, &format!("{}C", field(K::Wish)));
    assert_eq!(fees(app.map()).wish, Some(Wish::Conscious), "either case");
    keys(&mut app, "<Right>");
    assert_eq!(fees(app.map()).wish, Some(Wish::Subconscious));
    keys(&mut app, "<BS><Left>");
    assert_eq!(
        fees(app.map()).wish,
        Some(Wish::Invisible),
        "from undecided"
    );
    let emotion = fees(app.map()).emotion;
    keys(&mut app, &format!("{}<Right>=", tabs(K::Wish, K::Emotion)));
    let up = Emotion::step_up(Some(Emotion::step_up(emotion)));
    assert_eq!(fees(app.map()).emotion, Some(up));
    let basis = fees(app.map()).basis;
    keys(&mut app, &format!("{} ", tabs(K::Emotion, K::Basis)));
    assert_ne!(fees(app.map()).basis, basis, "Space switches");
    keys(&mut app, &format!("{}<Right> ", tabs(K::Basis, K::AtRisk)));
    assert!(fees(app.map()).at_risk.contains(&Principle::Competent));
    assert_eq!(top(&app), "editor");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn question_mark_on_a_choice_lists_the_keys_that_apply_there() {
    let (mut app, dir) = opened("help");
    let wish = fees(app.map()).wish;
    keys(&mut app, &format!("{}?", field(K::Wish)));
    assert_eq!(top(&app), "help");
    assert_eq!(fees(app.map()).wish, wish, "? no longer clears the wish");
    let screen = text(&draw(&mut app, 80, 40));
    for line in [
        "Editor, on the wish",
        "x Backspace Del",
        "Editing a touchpoint",
        "F1",
    ] {
        assert!(screen.contains(line), "{line} in:\n{screen}");
    }
    assert!(
        !screen.contains("Board"),
        "only the editor's keys:\n{screen}"
    );
    keys(&mut app, "<Esc>");
    assert_eq!(top(&app), "editor");
    // In a text field ? is typed; F1 shows the form's keys.
    keys(&mut app, "<S-Tab><S-Tab>?");
    assert_eq!(top(&app), "editor");
    app.handle_key(KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE));
    assert_eq!(top(&app), "help");
    let screen = text(&draw(&mut app, 80, 40));
    assert!(screen.contains("Editing a touchpoint"), "{screen}");
    assert!(!screen.contains("on the wish"), "{screen}");
    keys(&mut app, "<Esc><Esc>");
    assert!(fees(app.map()).name.ends_with('?'));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_to_be_emotion_is_kept_and_drawn_as_a_second_curve() {
    kept("to-be", &format!("{}++", field(K::ToBeEmotion)), |m| {
        assert_eq!(
            fees(m).to_be_emotion,
            Emotion::new(2),
            "from none, two steps up"
        )
    });
    // On a map with no aims and no personas (the example has both).
    let (mut app, dir) = opened_from("to-be-curve", &plain_example());
    for (w, h) in [(80, 24), (200, 50)] {
        let screen = text(&draw(&mut app, w, h));
        assert!(!screen.contains("◇"), "no aim, no second curve:\n{screen}");
        assert!(!screen.contains("to be"), "nor its legend:\n{screen}");
    }
    keys(&mut app, &format!("{}+<Esc>", field(K::ToBeEmotion)));
    assert_eq!(fees(app.map()).to_be_emotion, Emotion::new(1));
    for (w, h) in [(60, 18), (80, 24), (200, 50)] {
        let screen = text(&draw(&mut app, w, h));
        assert!(
            screen.contains("◇"),
            "the aim on the curve at {w}x{h}:\n{screen}"
        );
        assert!(
            screen.contains("● as is · ○ unscored · ◇ to be · ◉ selected"),
            "named in the legend at {w}x{h}:\n{screen}"
        );
    }
    // The +1 row of the curve holds the aim; the -1 row the fee page today.
    let screen = text(&draw(&mut app, 80, 24));
    let row = |sign: &str| {
        screen
            .lines()
            .find(|l| l.starts_with(sign))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(row(" +").contains('◇'), "{screen}");
    keys(&mut app, "i");
    let screen = text(&draw(&mut app, 200, 50));
    assert!(
        screen.contains("emotion -1 · to be +1"),
        "details show both:\n{screen}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_editing_session_that_changes_a_field_back_leaves_the_map_unmodified() {
    let (mut app, dir) = opened("back-again");
    assert!(!app.document().is_modified());
    keys(&mut app, &format!("{}+x<Esc>", field(K::ToBeEmotion)));
    assert_eq!(top(&app), "none");
    assert!(
        !app.document().is_modified(),
        "nothing to save, nothing to ask"
    );
    assert!(
        !app.document().can_undo(),
        "and no step that undoes nothing"
    );
    keys(&mut app, &format!("{}+<Esc>", field(K::ToBeEmotion)));
    assert!(app.document().is_modified(), "a real change is kept");
    keys(&mut app, "u");
    assert!(!app.document().is_modified());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_aim_on_an_unscored_touchpoint_shows_over_its_unscored_mark() {
    let (mut app, dir) = opened("aim-unscored");
    // "Ask the accountant" is the third touchpoint and has no score.
    keys(&mut app, &format!("j{}0<Esc>", field(K::ToBeEmotion)));
    let tp = app.map().stages[0].touchpoints[2].clone();
    assert_eq!((tp.emotion, tp.to_be_emotion), (None, Emotion::new(0)));
    // Selected, it is marked ◎; moved away from, its marks show.
    keys(&mut app, "k");
    let screen = text(&draw(&mut app, 80, 24));
    let baseline = screen
        .lines()
        .find(|l| l.starts_with(" 0"))
        .unwrap_or_default();
    assert!(baseline.contains('◇'), "the aim at 0 is seen:\n{screen}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_change_made_after_the_file_changed_on_disk_is_kept_though_it_matches_the_start() {
    let (mut app, dir) = opened("disk-then-back");
    assert_eq!(fees(app.map()).emotion, Emotion::new(-1));
    keys(&mut app, &field(K::Emotion));
    // Someone else saves the fee page at -2 while the editor is open.
    let path = dir.join("map.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let theirs = text.replacen(
        "                    emotion: -1,\n                    evidence: 14,",
        "                    emotion: -2,\n                    evidence: 14,",
        1,
    );
    assert_ne!(theirs, text);
    std::fs::write(&path, theirs).unwrap();
    app.disk_changed();
    assert_eq!(fees(app.map()).emotion, Emotion::new(-2), "reloaded");
    // Back up to -1, where it was when the editor opened, and close.
    keys(&mut app, "+<Esc>");
    assert_eq!(fees(app.map()).emotion, Emotion::new(-1));
    assert!(
        app.document().is_modified(),
        "a change from the file on disk: kept, to be saved"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_personas_own_scores_are_kept() {
    let typed = format!(
        // Added after Kadri, the first of the example's two: the third and
        // fourth cells (her score and aim) are hers.
        "PaMari<Enter>On her phone<Enter><Esc>{}<Right><Right>-<Right>+",
        field(K::ByPersona)
    );
    kept("persona", &typed, |m| {
        let mari = &m.personas[1];
        assert_eq!(
            (mari.name.as_str(), mari.description.as_str()),
            ("Mari", "On her phone")
        );
        let scores = fees(m).scores_of(&mari.id);
        assert_eq!(scores.emotion, Emotion::new(-2));
        assert_eq!(scores.to_be, Emotion::new(1));
        assert_eq!(
            fees(m).emotion,
            Emotion::new(-1),
            "the map-wide score stays"
        );
    });
}

//! Personas in the app: the list (`P`) that adds, renames, describes, moves
//! and removes them and chooses whose curves the lane draws; their scores in
//! the editor and the details; their curves, by glyph and legend.

use super::screens::{draw, text};
use super::*;
use crate::model::{Emotion, Persona, PersonaId, PersonaScore, TouchpointId, TouchpointKey as K};

/// The example with two personas whose curves differ from the map-wide one
/// and from each other: Kadri (on her phone) hurts where uploading
/// documents and the video call are, and is glad of the app; Jaan (who has
/// an accountant) finds the documents easy and the wait worse.
/// (The example's own two personas and their scores make way for these.)
pub fn two_personas() -> App {
    let mut map = without_personas(
        crate::storage::from_bytes(EXAMPLE.as_bytes())
            .expect("example loads")
            .map,
    );
    let (kadri, jaan) = (
        PersonaId::parse("p-kadri").unwrap(),
        PersonaId::parse("p-jaan").unwrap(),
    );
    let mut k = Persona::new(kadri.clone(), "Kadri");
    k.description = "Sole trader with a café, does it all on her phone".into();
    let mut j = Persona::new(jaan.clone(), "Jaan");
    j.description = "Founder of a firm of five, has an accountant".into();
    map.personas = vec![k, j];
    let score = |id: &PersonaId, e: i8, aim: Option<i8>| PersonaScore {
        emotion: Emotion::new(e),
        to_be_emotion: aim.and_then(Emotion::new),
        ..PersonaScore::unset(id.clone())
    };
    for (tp, scores) in [
        (
            "t-gnddxh",
            vec![score(&kadri, 1, None), score(&jaan, -1, None)],
        ),
        ("t-wfxz4n", vec![score(&kadri, -2, Some(1))]),
        ("t-hnyt08", vec![score(&jaan, 0, None)]),
        (
            "t-ctp1ph",
            vec![score(&kadri, -2, None), score(&jaan, 1, None)],
        ),
        ("t-vq9kxh", vec![score(&kadri, 2, None)]),
    ] {
        let id = TouchpointId::parse(tp).unwrap();
        map.touchpoint_mut(&id).unwrap().by_persona = scores;
    }
    app_with(map, 80, 24)
}

#[test]
fn per_persona_curves_at_80x24() {
    let mut app = two_personas();
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

#[test]
fn each_persona_has_its_glyph_in_the_lane_and_the_legend_in_every_theme() {
    for theme in [Theme::DEFAULT, Theme::PROJECTOR, Theme::MONOCHROME] {
        let mut app = two_personas();
        app.set_theme(theme);
        let screen = text(&draw(&mut app, 80, 24));
        let lane: Vec<&str> = screen.lines().skip(17).take(6).collect();
        assert!(
            lane[0].contains("1 Kadri · 2 Jaan · "),
            "the legend names them: {}",
            lane[0]
        );
        // Kadri's -2 on the video call, Jaan's +1 there: different rows.
        let rows_with = |glyph: char| -> Vec<usize> {
            (lane[1..].iter().enumerate())
                .filter(|(_, l)| l.chars().skip(3).any(|c| c == glyph))
                .map(|(row, _)| row)
                .collect()
        };
        assert!(rows_with('1').contains(&4), "Kadri at -2: {screen}");
        assert!(rows_with('2').contains(&1), "Jaan at +1: {screen}");
    }
}

#[test]
fn the_list_chooses_whose_curves_show_five_at_most() {
    let mut app = two_personas();
    keys(&mut app, "P");
    assert_eq!(top(&app), "personas");
    keys(&mut app, " ");
    assert_eq!(
        app.drawn_personas()
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Jaan"]
    );
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("1 Jaan (else as"), "{screen}");
    assert!(!screen.contains("Kadri (else"), "{screen}");
    // Four more, each added after the last: five drawn (Kadri hidden).
    for name in ["Anu", "Berit", "Cärolin", "Dmitri"] {
        keys(&mut app, &format!("Ga{name}<Enter><Enter>"));
    }
    let names = |app: &App| -> Vec<String> {
        (app.drawn_personas().iter())
            .map(|p| p.name.clone())
            .collect()
    };
    assert_eq!(names(&app), ["Jaan", "Anu", "Berit", "Cärolin", "Dmitri"]);
    // A sixth is refused, and says why.
    keys(&mut app, "g ");
    assert_eq!(names(&app).len(), 5);
    assert!(
        status(&app).contains("5 personas' curves at most"),
        "{}",
        status(&app)
    );
    // Hiding one draws four; then Kadri's comes back.
    keys(&mut app, "<Down> g ");
    assert_eq!(names(&app), ["Kadri", "Anu", "Berit", "Cärolin", "Dmitri"]);
    // Hiding one never brings in another by itself.
    keys(&mut app, "<Down><Down> ");
    assert_eq!(names(&app), ["Kadri", "Berit", "Cärolin", "Dmitri"]);
}

#[test]
fn personas_are_added_renamed_described_moved_and_removed_and_each_undoes() {
    // From a map without personas: the example's own two make way.
    let map = without_personas(
        crate::storage::from_bytes(EXAMPLE.as_bytes())
            .expect("example loads")
            .map,
    );
    let mut app = app_with(map.clone(), 80, 24);
    keys(&mut app, "Pa");
    assert_eq!(top(&app), "prompt");
    keys(&mut app, "Kadri<Enter>Runs a café<Enter>");
    assert_eq!(top(&app), "personas");
    keys(&mut app, "aJaan<Enter><Enter>");
    let names = |app: &App| -> Vec<String> {
        app.map()
            .personas
            .iter()
            .map(|p| format!("{}/{}", p.name, p.description))
            .collect()
    };
    assert_eq!(names(&app), ["Kadri/Runs a café", "Jaan/"]);
    keys(&mut app, "eJaan Tamm<Enter>tHas an accountant<Enter>K");
    assert_eq!(
        names(&app),
        ["Jaan Tamm/Has an accountant", "Kadri/Runs a café"]
    );
    // Kadri's score at the first touchpoint, then Kadri removed: her score
    // goes, and one undo brings both back.
    keys(&mut app, "<Esc>");
    let first = app.map().stages[0].touchpoints[0].id.clone();
    keys(
        &mut app,
        &format!("<Enter>{}<Right><Right>--<Esc>", to_row(K::ByPersona)),
    );
    let kadri = app.map().personas[1].id.clone();
    let score = |app: &App| app.touchpoint(&first).unwrap().scores_of(&kadri).emotion;
    assert_eq!(score(&app), Emotion::new(-2));
    keys(&mut app, "P<Down>d");
    assert_eq!(names(&app), ["Jaan Tamm/Has an accountant"]);
    assert!(
        status(&app).contains("with its scores at 1 touchpoint"),
        "{}",
        status(&app)
    );
    assert!(app.touchpoint(&first).unwrap().by_persona.is_empty());
    keys(&mut app, "<Esc>u");
    assert_eq!(names(&app).len(), 2);
    assert_eq!(score(&app), Emotion::new(-2));
    // Added, described, added, renamed, described, moved, scored: seven steps.
    for _ in 0..7 {
        keys(&mut app, "u");
    }
    assert_eq!(app.map().personas.len(), 0, "every step undone");
    assert_eq!(app.map(), &map, "back to the map as it was");
}

#[test]
fn undo_and_redo_work_inside_the_list_as_its_message_says() {
    let mut app = two_personas();
    let names = |app: &App| -> Vec<String> {
        (app.map().personas.iter())
            .map(|p| p.name.clone())
            .collect()
    };
    let kadri = PersonaId::parse("p-kadri").unwrap();
    let call = TouchpointId::parse("t-ctp1ph").unwrap();
    keys(&mut app, "Pd");
    assert_eq!(names(&app), ["Jaan"]);
    let said = status(&app);
    assert!(said.contains("u brings them back"), "{said}");
    // The key the message names, in the list: Kadri and her scores are back,
    // and the list is still open.
    keys(&mut app, "u");
    assert_eq!(top(&app), "personas");
    assert_eq!(names(&app), ["Kadri", "Jaan"]);
    assert_eq!(
        app.touchpoint(&call).unwrap().scores_of(&kadri).emotion,
        Emotion::new(-2)
    );
    assert!(status(&app).contains("Undone: remove persona 'Kadri'"));
    let screen = text(&draw(&mut app, 80, 24));
    assert!(screen.contains("Kadri  Sole trader"), "{screen}");
    // Redo removes her again; Ctrl+Z undoes that too.
    keys(&mut app, "<C-r>");
    assert_eq!(names(&app), ["Jaan"]);
    keys(&mut app, "<C-z>");
    assert_eq!(names(&app), ["Kadri", "Jaan"]);
    // An added persona goes with u, the cursor kept on the list.
    keys(&mut app, "GaAnu<Enter><Enter>");
    assert_eq!(names(&app), ["Kadri", "Jaan", "Anu"]);
    keys(&mut app, "u");
    assert_eq!(names(&app), ["Kadri", "Jaan"]);
    keys(&mut app, "d");
    assert_eq!(names(&app), ["Kadri"], "the cursor stayed on the list");
}

#[test]
fn after_a_new_personas_name_the_prompt_asks_plainly_for_its_description() {
    let mut app = app_with(without_personas(example().map().clone()), 80, 24);
    keys(&mut app, "PaKadri<Enter>");
    let bottom = |app: &mut App| {
        let screen = text(&draw(app, 80, 24));
        screen.lines().last().unwrap_or_default().to_owned()
    };
    assert!(
        bottom(&mut app).starts_with(" Kadri: who they are, in a line (Enter to skip):"),
        "{}",
        bottom(&mut app)
    );
    // Esc skips it: Kadri stays, with no description, back in the list.
    keys(&mut app, "<Esc>");
    assert_eq!(top(&app), "personas");
    assert_eq!(app.map().personas[0].description, "");
    // Enter with nothing typed skips it too, and is no edit to undo.
    keys(&mut app, "aJaan<Enter>");
    assert!(
        bottom(&mut app).starts_with(" Jaan: who they are, in a line (Enter to skip):"),
        "{}",
        bottom(&mut app)
    );
    keys(&mut app, "<Enter>");
    assert_eq!(top(&app), "personas");
    assert_eq!(app.map().personas[1].description, "");
    keys(&mut app, "u");
    assert_eq!(app.map().personas.len(), 1, "the one undo takes Jaan away");
    // Describing later names the persona too; nothing to skip there.
    keys(&mut app, "t");
    assert!(
        bottom(&mut app).starts_with(" Kadri: who they are, in a line:"),
        "{}",
        bottom(&mut app)
    );
}

#[test]
fn the_editor_sets_a_personas_own_scores_and_clearing_gives_back_the_map_wide_one() {
    let mut app = two_personas();
    // "Search for a business account online": map-wide 0.
    keys(&mut app, &format!("<Enter>{}", to_row(K::ByPersona)));
    let id = app.map().stages[0].touchpoints[0].id.clone();
    let kadri = PersonaId::parse("p-kadri").unwrap();
    let scores = |app: &App| {
        let s = app.touchpoint(&id).unwrap().scores_of(&kadri);
        (s.emotion.map(Emotion::value), s.to_be.map(Emotion::value))
    };
    assert_eq!(scores(&app), (Some(1), None));
    keys(&mut app, "+<Right>0");
    assert_eq!(scores(&app), (Some(2), Some(0)));
    let screen = text(&draw(&mut app, 80, 24));
    assert!(
        screen.contains("Kadri        ++ (+2)      aim 0 (0)"),
        "{screen}"
    );
    assert!(
        screen.contains("Jaan         - (-1)       no aim"),
        "{screen}"
    );
    keys(&mut app, "<Left>x<Right>x");
    assert_eq!(scores(&app), (Some(0), None), "the map-wide score again");
    assert!(
        (app.touchpoint(&id).unwrap().by_persona.iter()).all(|s| s.persona != kadri),
        "an entry that sets nothing is not kept"
    );
    keys(&mut app, "<Esc>");
    keys(&mut app, "u");
    assert_eq!(
        scores(&app),
        (Some(1), None),
        "the session undoes as one step"
    );
}

#[test]
fn the_details_say_how_each_persona_feels_and_the_plan_who_hurts_most() {
    let mut app = two_personas();
    keys(&mut app, "l");
    app.resize(140, 40);
    let screen = text(&draw(&mut app, 140, 40));
    assert!(
        screen.contains("Personas: 1 Kadri -2 to be +1 · 2 Jaan"),
        "{screen}"
    );
    // Identity check by video call: -1 map-wide, -2 for Kadri.
    keys(&mut app, "<Tab>");
    let screen = text(&draw(&mut app, 140, 40));
    let row = screen
        .lines()
        .find(|l| l.contains("Identity check by video call: needs an action"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("hurts Kadri most"), "{row}");
}

#[test]
fn present_mode_says_how_the_personas_who_feel_otherwise_feel() {
    let mut app = two_personas();
    keys(&mut app, "lp");
    let screen = text(&draw(&mut app, 120, 40));
    assert!(
        screen.contains("1 Kadri: -- very bad · 2 Jaan: + good"),
        "the video call: {screen}"
    );
    assert!(
        screen.contains("1 Kadri: -- very bad\n"),
        "the application: {screen}"
    );
}

#[test]
fn a_stage_of_thousands_under_a_narrow_lane_draws_each_column_once() {
    // 3,000 touchpoints in one stage, 80 columns: dozens share each column
    // of the lane, which draws what a point per touchpoint would (compared
    // cell by cell, colours too, with the build that drew every point).
    let mut map = crate::model::generated_map(3000);
    let mut first = map.stages[0].clone();
    first.touchpoints = map
        .stages
        .iter()
        .flat_map(|s| s.touchpoints.iter().cloned())
        .collect();
    map.stages = vec![first];
    let mut app = app_with(map, 80, 24);
    keys(&mut app, "jj");
    let screen = text(&draw(&mut app, 80, 24));
    let lane: Vec<&str> = screen.lines().skip(17).take(6).collect();
    insta::assert_snapshot!(lane.join("\n"));
}

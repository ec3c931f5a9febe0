//! The JSON export against its JSON Schema, `assets/cxmap-map.schema.json`
//! (draft 2020-12), checked with the `jsonschema` crate: every map cxmap can
//! hold validates (the examples, generated maps, random ones, every merge
//! case's conflicts), and what the import refuses the schema refuses too.

use cxmap::model::*;
use cxmap::share::json::{SCHEMA_ID, export, import};
use proptest::prelude::*;
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;

const SCHEMA: &str = include_str!("../assets/cxmap-map.schema.json");

fn validator() -> jsonschema::Validator {
    let schema: Json = serde_json::from_str(SCHEMA).unwrap();
    jsonschema::draft202012::meta::validate(&schema).expect("a draft 2020-12 schema");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// What the schema has against `doc`, each with where.
fn errors(validator: &jsonschema::Validator, doc: &Json) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn exported(map: &Map) -> Json {
    serde_json::from_str(&export(map)).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, map: &Map) {
    let doc = exported(map);
    let errors = errors(validator, &doc);
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
}

fn load(text: &str) -> Map {
    cxmap::storage::from_bytes(text.as_bytes()).unwrap().map
}

fn example() -> Map {
    load(include_str!("../maps/business-account.ron"))
}

#[test]
fn the_schema_is_the_one_the_export_names() {
    let schema: Json = serde_json::from_str(SCHEMA).unwrap();
    assert_eq!(schema["$id"], SCHEMA_ID);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(exported(&example())["$schema"], SCHEMA_ID);
    assert_eq!(
        schema["properties"]["format"]["maximum"],
        cxmap::storage::FORMAT_VERSION
    );
}

#[test]
fn both_examples_validate() {
    let validator = validator();
    assert_valid(&validator, &example());
    assert_valid(
        &validator,
        &load(include_str!("../maps/kodune-internet.ron")),
    );
}

#[test]
fn the_examples_as_json() {
    insta::assert_snapshot!("business-account.json", export(&example()));
    insta::assert_snapshot!(
        "kodune-internet.json",
        export(&load(include_str!("../maps/kodune-internet.ron")))
    );
}

#[test]
fn generated_maps_validate() {
    let validator = validator();
    for n in [0, 1, 7, 120] {
        assert_valid(&validator, &generated_map(n));
    }
}

#[test]
fn every_merge_case_with_its_conflicts_validates() {
    let validator = validator();
    let mut with_conflicts = 0;
    for case in std::fs::read_dir("tests/merge").unwrap() {
        let case = case.unwrap().path();
        for side in ["base", "ours", "theirs", "expected"] {
            let file = case.join(format!("{side}.ron"));
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let map = load(&text);
            with_conflicts += usize::from(!map.conflicts.is_empty());
            let doc = exported(&map);
            let errors = errors(&validator, &doc);
            assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
        }
    }
    assert!(with_conflicts > 3, "the cases hold conflicts to check");
}

/// A small, fast, deterministic generator: proptest chooses the seeds.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn text(&mut self) -> String {
        const TEXTS: &[&str] = &[
            "",
            "Õnnelik klient ütles: „aitäh“",
            "漢字 😀👍🏽",
            "two\nlines",
            "tab\there",
            "quote \" and back\\slash",
            "evil\u{202e}gnp",
            "\u{feff}",
        ];
        TEXTS[self.roll(TEXTS.len())].to_owned()
    }

    fn emotion(&mut self) -> Option<Emotion> {
        Emotion::new(self.roll(6) as i8 - 2)
    }
}

/// A value of every kind a conflict keeps, by number.
fn value(dice: &mut Dice) -> Value {
    let words = vec![Verbatim {
        text: dice.text(),
        source: dice.text(),
    }];
    match dice.roll(14) {
        0 => Value::Deleted,
        1 => Value::Kept,
        2 => Value::Text(dice.text()),
        3 => Value::Wish(Wish::ALL.get(dice.roll(5)).copied()),
        4 => Value::Emotion(dice.emotion()),
        5 => Value::Number(u32::MAX - dice.roll(2) as u32),
        6 => Value::Basis(Basis::Research),
        7 => Value::RootCause(match dice.roll(3) {
            0 => None,
            1 => Some(RootCause::Text(dice.text())),
            _ => Some(RootCause::Touchpoint(
                TouchpointId::parse("t-000001").unwrap(),
            )),
        }),
        8 => Value::Principle(Principle::ALL[dice.roll(6)]),
        9 => Value::Due(Date::new(2028, 2, 29).filter(|_| dice.roll(2) == 0)),
        10 => Value::Done(dice.roll(2) == 0),
        11 => Value::Stage(StageId::parse("s-00000").unwrap()),
        12 => Value::Scores(vec![PersonaScore {
            persona: PersonaId::parse("p-00000").unwrap(),
            emotion: dice.emotion(),
            to_be_emotion: dice.emotion(),
        }]),
        _ if dice.roll(2) == 0 => Value::Principles(
            (0..dice.roll(4))
                .map(|_| Principle::ALL[dice.roll(6)])
                .collect::<BTreeSet<_>>(),
        ),
        _ => Value::Words(words),
    }
}

/// A generated map with edge values here and there, and conflicts of
/// every kind.
fn varied(seed: u64) -> Map {
    let mut dice = Dice(seed | 1);
    let mut map = generated_map(dice.roll(80));
    map.title = dice.text();
    map.persona = dice.text();
    for stage in &mut map.stages {
        stage.name = dice.text();
        for tp in &mut stage.touchpoints {
            match dice.roll(6) {
                0 => tp.to_be_emotion = dice.emotion(),
                1 => tp.emotion = dice.emotion(),
                2 => tp.evidence = u32::MAX,
                3 => tp.root_cause = Some(RootCause::Text(dice.text())),
                4 => tp.description = dice.text(),
                _ => tp.name = dice.text(),
            }
            for action in &mut tp.actions {
                action.follow_up = dice.text();
                action.due = action.due.filter(|_| dice.roll(3) > 0);
            }
        }
    }
    map.conflicts = (0..dice.roll(4))
        .map(|_| {
            Conflict::Unread(Entry {
                item: ["map", "s-00000", "t-000001"][dice.roll(3)].to_owned(),
                field: ["title", "emotion", "stage", "some_new_field"][dice.roll(4)].to_owned(),
                ours: value(&mut dice),
                theirs: value(&mut dice),
            })
        })
        .collect();
    map
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A failing seed replays with `varied(seed)`.
    #[test]
    fn random_maps_validate(seed in any::<u64>()) {
        let validator = validator();
        let map = varied(seed);
        let doc = exported(&map);
        let errors = errors(&validator, &doc);
        prop_assert!(errors.is_empty(), "seed {}: {:#?}", seed, errors);
    }
}

/// Asserts that the schema refuses `doc` and so does the import.
fn refused(validator: &jsonschema::Validator, doc: &Json, what: &str) {
    assert!(!validator.is_valid(doc), "{what}: it validates");
    assert!(import(&doc.to_string()).is_err(), "{what}: it is imported");
}

#[test]
fn wrong_values_do_not_validate_and_the_import_refuses_them_too() {
    let validator = validator();
    let good = exported(&example());
    assert!(
        validator.is_valid(&good),
        "{:#?}",
        errors(&validator, &good)
    );
    let tp = "/stages/1/touchpoints/1";
    let cases: &[(&str, &str, Json)] = &[
        ("an emotion of 3", "/emotion", json!(3)),
        ("an emotion of 1.5", "/emotion", json!(1.5)),
        ("a wish named Maybe", "/wish", json!("Maybe")),
        ("a principle named Nice", "/at_risk/0", json!("Nice")),
        (
            "a date that is no date",
            "/actions/0/due",
            json!("2026-02-30"),
        ),
        (
            "a date in another form",
            "/actions/0/due",
            json!("30.09.2026"),
        ),
        ("an id with a space", "/id", json!("t 1")),
        ("negative evidence", "/evidence", json!(-1)),
        (
            "a root cause of a third kind",
            "/root_cause",
            json!({"Link": "t-wfxz4n"}),
        ),
        ("done as a word", "/actions/0/done", json!("yes")),
    ];
    for (what, pointer, value) in cases {
        let mut doc = good.clone();
        *doc.pointer_mut(&format!("{tp}{pointer}")).unwrap() = value.clone();
        refused(&validator, &doc, what);
    }
    let conflict =
        json!([{"item": "map", "field": "title", "ours": {"Colour": "red"}, "theirs": "Kept"}]);
    for (what, pointer, value) in [
        ("the id map", "/stages/1/id", json!("map")),
        ("a format from the future", "/format", json!(4)),
        ("a conflict value of no kind", "/conflicts", conflict),
    ] {
        let mut doc = good.clone();
        *doc.pointer_mut(pointer).unwrap() = value;
        refused(&validator, &doc, what);
    }
    // A control character (an escape code) in a name: a map holds none
    // (the import lets it through; the command refuses to write it).
    let mut doc = good.clone();
    *doc.pointer_mut(&format!("{tp}/name")).unwrap() = json!("red \u{1b}[31m");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn unknown_fields_and_missing_ones_do_not_validate_and_the_import_refuses_them_too() {
    let validator = validator();
    let good = exported(&example());
    for (what, pointer) in [
        ("the map", ""),
        ("a stage", "/stages/1"),
        ("a touchpoint", "/stages/1/touchpoints/1"),
        ("an action", "/stages/1/touchpoints/1/actions/0"),
        ("a verbatim", "/stages/1/touchpoints/1/verbatims/0"),
    ] {
        let mut doc = good.clone();
        doc.pointer_mut(pointer)
            .and_then(Json::as_object_mut)
            .unwrap()
            .insert("colour".into(), json!("red"));
        refused(&validator, &doc, &format!("an unknown field in {what}"));
    }
    for pointer in [
        "/title",
        "/format",
        "/stages/1/name",
        "/stages/1/touchpoints/1/id",
        "/stages/1/touchpoints/1/actions/0/principle",
    ] {
        let mut doc = good.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(parent)
            .and_then(Json::as_object_mut)
            .unwrap()
            .remove(key);
        refused(&validator, &doc, &format!("without {pointer}"));
    }
}

//! Every edit has an inverse: random edit sequences, undone in reverse, give
//! back the original map exactly. Failed edits change nothing, and no edit
//! breaks the map's rules.

use cxmap::model::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

const TEXTS: &[&str] = &[
    "",
    "Call support",
    "Õnnelik klient ütles: „aitäh“",
    "漢字のテスト",
    "emoji 😀👍🏽 ❤️",
    "two\nlines",
    "quote \" and back\\slash",
    "raw \"# hashes \"##",
    "tab\there",
];

/// A small, fast, deterministic generator: proptest chooses the seeds.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        if n == 0 {
            0
        } else {
            (self.0 % n as u64) as usize
        }
    }

    fn text(&mut self) -> String {
        TEXTS[self.roll(TEXTS.len())].to_owned()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.roll(100) < percent
    }
}

fn random_action(map: &Map, dice: &mut Dice) -> Action {
    let mut a = Action::new(
        map.fresh_action_id(),
        dice.text(),
        Principle::ALL[dice.roll(6)],
    );
    a.owner = dice.text();
    a.due = dice
        .chance(50)
        .then(|| Date::new(2026, 1 + dice.roll(12) as u8, 1 + dice.roll(28) as u8).unwrap());
    a.done = dice.chance(30);
    a.follow_up = dice.text();
    a
}

/// A touchpoint that may link to a touchpoint already in the map.
fn random_touchpoint(map: &Map, dice: &mut Dice) -> Touchpoint {
    let mut t = Touchpoint::new(map.fresh_touchpoint_id(), dice.text());
    t.channel = dice.text();
    t.description = dice.text();
    t.wish = dice.chance(70).then(|| Wish::ALL[dice.roll(4)]);
    t.emotion = dice
        .chance(70)
        .then(|| Emotion::new(dice.roll(5) as i8 - 2).unwrap());
    t.to_be_emotion = dice
        .chance(30)
        .then(|| Emotion::new(dice.roll(5) as i8 - 2).unwrap());
    t.by_persona = random_scores(map, dice);
    t.evidence = dice.roll(30) as u32;
    t.basis = if dice.chance(50) {
        Basis::Research
    } else {
        Basis::Assumption
    };
    t.at_risk = (0..dice.roll(3))
        .map(|_| Principle::ALL[dice.roll(6)])
        .collect();
    t.verbatims = (0..dice.roll(3))
        .map(|_| Verbatim {
            text: dice.text(),
            source: dice.text(),
        })
        .collect();
    let ids = touchpoint_ids(map);
    t.root_cause = match dice.roll(3) {
        0 if !ids.is_empty() => Some(RootCause::Touchpoint(ids[dice.roll(ids.len())].clone())),
        1 => Some(RootCause::Text(dice.text())),
        _ => None,
    };
    for _ in 0..dice.roll(3) {
        // Each action must have an id that is fresh with respect to its siblings too.
        let mut with_siblings = map.clone();
        with_siblings.stages.push(
            Stage {
                id: StageId::parse("s-scratch").unwrap(),
                name: String::new(),
                touchpoints: vec![t.clone().into()],
            }
            .into(),
        );
        t.actions.push(random_action(&with_siblings, dice));
    }
    t
}

/// Scores for some of the map's personas, each once, in any order; now
/// and then an entry that sets nothing.
fn random_scores(map: &Map, dice: &mut Dice) -> Vec<PersonaScore> {
    let emotion = |dice: &mut Dice| Emotion::new(dice.roll(5) as i8 - 2);
    let mut scores: Vec<PersonaScore> = Vec::new();
    for p in &map.personas {
        if dice.chance(50) {
            let mut s = PersonaScore::unset(p.id.clone());
            s.emotion = dice.chance(80).then(|| emotion(dice)).flatten();
            s.to_be_emotion = dice.chance(40).then(|| emotion(dice)).flatten();
            let at = dice.roll(scores.len() + 1);
            scores.insert(at, s);
        }
    }
    scores
}

fn random_persona(map: &Map, dice: &mut Dice) -> Persona {
    let mut p = Persona::new(map.fresh_persona_id(), dice.text());
    p.description = dice.text();
    p
}

fn persona_ids(map: &Map) -> Vec<PersonaId> {
    map.personas.iter().map(|p| p.id.clone()).collect()
}

fn touchpoint_ids(map: &Map) -> Vec<TouchpointId> {
    map.touchpoints().map(|(_, t)| t.id.clone()).collect()
}

fn action_ids(map: &Map) -> Vec<ActionId> {
    map.touchpoints()
        .flat_map(|(_, t)| t.actions.iter().map(|a| a.id.clone()))
        .collect()
}

fn pick<T: Clone>(items: &[T], dice: &mut Dice, missing: T) -> T {
    // Now and then ask for something that is not there: the edit must fail cleanly.
    if items.is_empty() || dice.chance(5) {
        missing
    } else {
        items[dice.roll(items.len())].clone()
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "one arm per kind of edit: every kind the property tests make, in one place"
)]
fn random_edit(map: &Map, dice: &mut Dice, depth: usize) -> Edit {
    let stages: Vec<StageId> = map.stages.iter().map(|s| s.id.clone()).collect();
    let tps = touchpoint_ids(map);
    let actions = action_ids(map);
    let no_stage = StageId::parse("s-none").unwrap();
    let no_tp = TouchpointId::parse("t-none").unwrap();
    let no_action = ActionId::parse("a-none").unwrap();
    let (personas, no_persona) = (persona_ids(map), PersonaId::parse("p-none").unwrap());
    match dice.roll(if depth == 0 { 21 } else { 18 }) {
        14 => Edit::AddPersona {
            index: dice.roll(map.personas.len() + 2),
            persona: random_persona(map, dice),
        },
        15 => Edit::RemovePersona(pick(&personas, dice, no_persona)),
        16 => {
            let donor = random_persona(map, dice);
            let key = PersonaKey::ALL[dice.roll(PersonaKey::ALL.len())];
            Edit::SetPersona {
                id: pick(&personas, dice, no_persona),
                field: key.read(&donor),
            }
        }
        17 => Edit::MovePersona {
            id: pick(&personas, dice, no_persona),
            index: dice.roll(map.personas.len() + 1),
        },
        19 => {
            let conflicts = (0..dice.roll(3))
                .map(|_| {
                    // One cxmap cannot read as a conflict: kept as written.
                    Conflict::Unread(Entry {
                        item: "map".into(),
                        field: "title".into(),
                        ours: Value::Text(dice.text()),
                        theirs: Value::Emotion(Emotion::new(-1)),
                    })
                })
                .collect();
            Edit::SetConflicts(conflicts)
        }
        20 => Edit::Replace(Box::new(random_map(dice))),
        0 => Edit::SetMap(MapField::Title(dice.text())),
        1 => Edit::SetMap(MapField::Persona(dice.text())),
        2 => {
            let mut stage = Stage {
                id: map.fresh_stage_id(),
                name: dice.text(),
                touchpoints: vec![],
            };
            for _ in 0..dice.roll(3) {
                let mut with_stage = map.clone();
                with_stage.stages.push(stage.clone().into());
                stage
                    .touchpoints
                    .push(random_touchpoint(&with_stage, dice).into());
            }
            Edit::AddStage {
                index: dice.roll(map.stages.len() + 2),
                stage,
            }
        }
        3 => Edit::RemoveStage(pick(&stages, dice, no_stage)),
        4 => Edit::SetStage {
            id: pick(&stages, dice, no_stage),
            field: StageField::Name(dice.text()),
        },
        5 => Edit::MoveStage {
            id: pick(&stages, dice, no_stage),
            index: dice.roll(map.stages.len() + 1),
        },
        6 => Edit::AddTouchpoint {
            stage: pick(&stages, dice, no_stage),
            index: dice.roll(4),
            touchpoint: random_touchpoint(map, dice),
        },
        7 => Edit::RemoveTouchpoint(pick(&tps, dice, no_tp)),
        8 => Edit::MoveTouchpoint {
            id: pick(&tps, dice, no_tp.clone()),
            stage: pick(&stages, dice, no_stage),
            index: dice.roll(4),
        },
        9 => {
            let donor = random_touchpoint(map, dice);
            // Any field, from the table of fields: a new one is tried too.
            let key = TouchpointKey::ALL[dice.roll(TouchpointKey::ALL.len())];
            let field = key.read(&donor);
            Edit::SetTouchpoint {
                id: pick(&tps, dice, no_tp),
                field,
            }
        }
        10 => Edit::AddAction {
            touchpoint: pick(&tps, dice, no_tp),
            index: dice.roll(3),
            action: random_action(map, dice),
        },
        11 => Edit::RemoveAction(pick(&actions, dice, no_action)),
        12 => {
            let donor = random_action(map, dice);
            let key = ActionKey::ALL[dice.roll(ActionKey::ALL.len())];
            let field = key.read(&donor);
            Edit::SetAction {
                id: pick(&actions, dice, no_action),
                field,
            }
        }
        13 => {
            // A duplicate id must be refused.
            let mut tp = random_touchpoint(map, dice);
            tp.id = pick(&tps, dice, tp.id.clone());
            Edit::AddTouchpoint {
                stage: pick(&stages, dice, no_stage),
                index: 0,
                touchpoint: tp,
            }
        }
        _ => {
            // (18) A batch is built against the map as its earlier edits leave it.
            let mut scratch = map.clone();
            let mut edits = Vec::new();
            for _ in 0..1 + dice.roll(3) {
                let edit = random_edit(&scratch, dice, depth + 1);
                let _ = apply(&mut scratch, edit.clone());
                edits.push(edit);
            }
            Edit::Batch(edits)
        }
    }
}

fn random_map(dice: &mut Dice) -> Map {
    let mut map = Map::new(dice.text());
    map.persona = dice.text();
    for _ in 0..dice.roll(4) {
        let persona = random_persona(&map, dice);
        map.personas.push(persona);
    }
    for _ in 0..dice.roll(4) {
        let edit = Edit::AddStage {
            index: map.stages.len(),
            stage: Stage {
                id: map.fresh_stage_id(),
                name: dice.text(),
                touchpoints: vec![],
            },
        };
        apply(&mut map, edit).unwrap();
        for _ in 0..dice.roll(5) {
            let stage = map.stages.last().unwrap().id.clone();
            let index = map.stages.last().unwrap().touchpoints.len();
            let touchpoint = random_touchpoint(&map, dice);
            apply(
                &mut map,
                Edit::AddTouchpoint {
                    stage,
                    index,
                    touchpoint,
                },
            )
            .unwrap();
        }
    }
    // Some maps come from a merge that left conflicts to settle.
    if dice.roll(3) == 0 {
        map.conflicts = (0..1 + dice.roll(2))
            .map(|_| random_conflict(dice))
            .collect();
    }
    map
}

fn random_conflict(dice: &mut Dice) -> Conflict {
    Conflict::Map {
        ours: MapField::Title(dice.text()),
        theirs: MapField::Title(dice.text()),
    }
}

/// The map after a few random edits.
fn edited(base: &Map, seed: u64, steps: usize) -> Map {
    let mut map = base.clone();
    let mut dice = Dice(seed);
    for _ in 0..steps {
        let edit = match dice.roll(8) {
            // Settle a conflict, or (rarely) gain one.
            0 if !map.conflicts.is_empty() => {
                let mut conflicts = map.conflicts.clone();
                conflicts.remove(dice.roll(conflicts.len()));
                Edit::SetConflicts(conflicts)
            }
            1 => {
                let mut conflicts = map.conflicts.clone();
                conflicts.push(random_conflict(&mut dice));
                Edit::SetConflicts(conflicts)
            }
            _ => random_edit(&map, &mut dice, 1),
        };
        let _ = apply(&mut map, edit);
    }
    map
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn merges_obey_the_laws(map_seed in 1u64.., seed in 1u64.., steps in 0usize..12) {
        let base = random_map(&mut Dice(map_seed));
        let x = edited(&base, seed, steps);
        prop_assert_eq!(merge(&base, &x, &base), x.clone(), "merge(base, x, base) = x");
        prop_assert_eq!(merge(&base, &base, &x), x.clone(), "merge(base, base, x) = x");
        prop_assert_eq!(merge(&base, &x, &x), x, "merge(base, x, x) = x");
    }

    #[test]
    fn any_merge_gives_a_sound_map_that_keeps_what_both_added(map_seed in 1u64.., a in 1u64.., b in 1u64.., steps in 0usize..12) {
        let base = random_map(&mut Dice(map_seed));
        let (x, y) = (edited(&base, a, steps), edited(&base, b, steps));
        let merged = merge(&base, &x, &y);
        prop_assert_eq!(validate(&merged), vec![]);
        let text = cxmap::storage::to_canonical(&merged);
        prop_assert_eq!(&cxmap::storage::from_bytes(text.as_bytes()).unwrap().map, &merged);
        let ids = |m: &Map| m.touchpoints().map(|(_, t)| t.id.clone()).collect::<std::collections::HashSet<_>>();
        let (before, merged_ids) = (ids(&base), ids(&merged));
        for id in ids(&x).union(&ids(&y)) {
            if !before.contains(id) {
                prop_assert!(merged_ids.contains(id), "a touchpoint one side added is kept");
            }
        }
    }

    #[test]
    fn undoing_every_edit_restores_the_map_exactly(map_seed in 1u64.., edit_seed in 1u64.., steps in 1usize..40) {
        let mut dice = Dice(map_seed);
        let original = random_map(&mut dice);
        let mut map = original.clone();
        let mut dice = Dice(edit_seed);
        let mut undo = Vec::new();
        for _ in 0..steps {
            let before = map.clone();
            let edit = random_edit(&map, &mut dice, 0);
            match apply(&mut map, edit) {
                Ok(inverse) => {
                    prop_assert_eq!(validate(&map), vec![], "an edit broke the map's rules");
                    undo.push((inverse, before));
                }
                Err(_) => prop_assert_eq!(&map, &before, "a failed edit changed the map"),
            }
        }
        let after = map.clone();
        let mut redo = Vec::new();
        for (inverse, before) in undo.into_iter().rev() {
            redo.push(apply(&mut map, inverse).expect("an inverse always applies"));
            prop_assert_eq!(&map, &before);
        }
        prop_assert_eq!(&map, &original);
        for edit in redo.into_iter().rev() {
            apply(&mut map, edit).expect("redo always applies");
        }
        prop_assert_eq!(&map, &after, "redoing everything gives back the edited map");
    }

    #[test]
    fn canonical_text_reads_back_as_the_same_map(seed in 1u64..) {
        let map = random_map(&mut Dice(seed));
        let text = cxmap::storage::to_canonical(&map);
        let loaded = cxmap::storage::from_bytes(text.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&loaded.map, &map);
        prop_assert!(loaded.is_canonical());
    }
}

fn sample() -> (Map, TouchpointId, TouchpointId) {
    let mut map = Map::new("Sample");
    let stage = Stage {
        id: StageId::parse("s-1").unwrap(),
        name: "One".into(),
        touchpoints: vec![],
    };
    apply(&mut map, Edit::AddStage { index: 0, stage }).unwrap();
    let cause = Touchpoint::new(TouchpointId::parse("t-cause").unwrap(), "Advert");
    let mut pain = Touchpoint::new(TouchpointId::parse("t-pain").unwrap(), "Complaint");
    pain.root_cause = Some(RootCause::Touchpoint(cause.id.clone()));
    let s = StageId::parse("s-1").unwrap();
    apply(
        &mut map,
        Edit::AddTouchpoint {
            stage: s.clone(),
            index: 0,
            touchpoint: cause.clone(),
        },
    )
    .unwrap();
    apply(
        &mut map,
        Edit::AddTouchpoint {
            stage: s,
            index: 1,
            touchpoint: pain.clone(),
        },
    )
    .unwrap();
    (map, cause.id, pain.id)
}

#[test]
fn removing_a_root_cause_unlinks_it_and_undo_links_it_again() {
    let (mut map, cause, pain) = sample();
    let original = map.clone();
    let inverse = apply(&mut map, Edit::RemoveTouchpoint(cause)).unwrap();
    assert_eq!(map.touchpoint(&pain).unwrap().root_cause, None);
    assert_eq!(validate(&map), vec![]);
    apply(&mut map, inverse).unwrap();
    assert_eq!(map, original);
}

#[test]
fn links_must_point_at_another_existing_touchpoint() {
    let (mut map, cause, pain) = sample();
    let before = map.clone();
    let to_self = Edit::SetTouchpoint {
        id: cause.clone(),
        field: TouchpointField::RootCause(Some(RootCause::Touchpoint(cause.clone()))),
    };
    assert!(matches!(
        apply(&mut map, to_self),
        Err(EditError::BadLink { .. })
    ));
    let nowhere = TouchpointId::parse("t-nowhere").unwrap();
    let dangling = Edit::SetTouchpoint {
        id: pain,
        field: TouchpointField::RootCause(Some(RootCause::Touchpoint(nowhere))),
    };
    assert!(apply(&mut map, dangling).is_err());
    assert_eq!(map, before);
}

#[test]
fn a_failing_batch_changes_nothing() {
    let (mut map, cause, _) = sample();
    let before = map.clone();
    let batch = Edit::Batch(vec![
        Edit::SetMap(MapField::Title("Changed".into())),
        Edit::SetTouchpoint {
            id: cause,
            field: TouchpointField::Emotion(Emotion::new(-2)),
        },
        Edit::RemoveStage(StageId::parse("s-missing").unwrap()),
    ]);
    assert_eq!(
        apply(&mut map, batch),
        Err(EditError::NoStage(StageId::parse("s-missing").unwrap()))
    );
    assert_eq!(map, before);
}

#[test]
fn moving_a_touchpoint_across_stages_and_back() {
    let (mut map, cause, _) = sample();
    let before = map.clone();
    let s2 = Stage {
        id: StageId::parse("s-2").unwrap(),
        name: "Two".into(),
        touchpoints: vec![],
    };
    apply(
        &mut map,
        Edit::AddStage {
            index: 1,
            stage: s2,
        },
    )
    .unwrap();
    let with_two = map.clone();
    let inverse = apply(
        &mut map,
        Edit::MoveTouchpoint {
            id: cause.clone(),
            stage: StageId::parse("s-2").unwrap(),
            index: 0,
        },
    )
    .unwrap();
    assert_eq!(map.place_of(&cause), Some(Place { stage: 1, index: 0 }));
    apply(&mut map, inverse).unwrap();
    assert_eq!(map, with_two);
    apply(&mut map, Edit::RemoveStage(StageId::parse("s-2").unwrap())).unwrap();
    assert_eq!(map, before);
}

#[test]
fn setting_a_field_returns_the_old_value() {
    let (mut map, cause, _) = sample();
    let set = Edit::SetTouchpoint {
        id: cause.clone(),
        field: TouchpointField::AtRisk(BTreeSet::from([Principle::Fast])),
    };
    let inverse = apply(&mut map, set).unwrap();
    assert_eq!(
        inverse,
        Edit::SetTouchpoint {
            id: cause,
            field: TouchpointField::AtRisk(BTreeSet::new())
        }
    );
}

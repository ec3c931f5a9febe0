use super::*;
use crate::model::{Emotion, Principle, Stage, StageId, TouchpointId};

/// A touchpoint scored `emotion` on `evidence` customers, putting
/// `at_risk` at risk.
fn tp(id: &str, emotion: i8, evidence: u32, at_risk: &[Principle]) -> Touchpoint {
    let mut t = Touchpoint::new(TouchpointId::parse(id).unwrap(), id);
    t.emotion = Emotion::new(emotion);
    t.evidence = evidence;
    t.at_risk = at_risk.iter().copied().collect();
    t
}

fn caused_by(mut t: Touchpoint, cause: &str) -> Touchpoint {
    t.root_cause = Some(match TouchpointId::parse(cause) {
        Some(id) if cause.starts_with("t-") => RootCause::Touchpoint(id),
        _ => RootCause::Text(cause.to_owned()),
    });
    t
}

/// Two stages: the first holds `first` touchpoints of `all`, the second
/// the rest.
fn map(first: usize, all: Vec<Touchpoint>) -> Map {
    let mut all = all.into_iter().map(Into::into);
    let stage = |id: &str, touchpoints| Stage {
        id: StageId::parse(id).unwrap(),
        name: id.into(),
        touchpoints,
    };
    Map {
        stages: vec![
            stage("s-1", all.by_ref().take(first).collect()).into(),
            stage("s-2", all.collect()).into(),
        ],
        ..Map::new("causes")
    }
}

fn names(map: &Map, places: &[Place]) -> Vec<String> {
    places
        .iter()
        .map(|p| map.stages[p.stage].touchpoints[p.index].name.clone())
        .collect()
}

#[test]
fn pain_weighs_emotion_evidence_and_the_shares_at_risk() {
    // 2 × (1 + log2(16)) × (100 + 58 + 56)
    let t = tp("t-a", -2, 15, &[Principle::Respond, Principle::Fast]);
    assert_eq!(pain(&t), 2 * 5 * 214);
    assert_eq!(pain(&tp("t-a", -1, 0, &[])), 100, "one voice, no principle");
    assert_eq!(pain(&tp("t-a", 0, 40, &[Principle::Respond])), 0);
    let mut unscored = tp("t-a", 0, 40, &[]);
    unscored.emotion = None;
    assert_eq!(pain(&unscored), 0);
}

#[test]
fn a_chain_two_links_long_is_followed_to_its_root() {
    // The advert promised too much; the order page repeats it; the call
    // centre takes the complaints.
    let advert = tp("t-advert", 1, 0, &[]);
    let order = caused_by(tp("t-order", -1, 3, &[]), "t-advert");
    let call = caused_by(tp("t-call", -2, 40, &[Principle::Respond]), "t-order");
    let m = map(1, vec![advert, order, call]);
    let c = causes(&m);
    assert_eq!(c.roots.len(), 1, "the advert is the only root");
    let root = &c.roots[0];
    assert_eq!(root.at.name(&m), "t-advert");
    assert_eq!(root.at, RootAt::Touchpoint(Place { stage: 0, index: 0 }));
    // order: 1 × 3 × 100; call: 2 × 6 × 158
    assert_eq!(root.pain, 300 + 2 * 6 * 158);
    let chains: Vec<Vec<String>> = root.chains().iter().map(|c| names(&m, c)).collect();
    assert_eq!(chains, [["t-order", "t-call"]]);
    assert_eq!(
        root.explained.iter().map(|e| e.depth).collect::<Vec<_>>(),
        [1, 2]
    );
    assert!(c.cycles.is_empty());
}

#[test]
fn a_tree_gives_a_chain_per_branch_in_journey_order() {
    let root = tp("t-root", 0, 0, &[]);
    let a = caused_by(tp("t-a", -1, 0, &[]), "t-root");
    let a1 = caused_by(tp("t-a1", -1, 0, &[]), "t-a");
    let b = caused_by(tp("t-b", -1, 0, &[]), "t-root");
    let a2 = caused_by(tp("t-a2", -1, 0, &[]), "t-a");
    let m = map(2, vec![a1, root, a, b, a2]);
    let c = causes(&m);
    let chains: Vec<Vec<String>> = c.roots[0].chains().iter().map(|c| names(&m, c)).collect();
    assert_eq!(
        chains,
        [vec!["t-a", "t-a1"], vec!["t-a", "t-a2"], vec!["t-b"]]
    );
    assert_eq!(c.roots[0].pain, 4 * 100, "four pain points below it");
}

#[test]
fn a_text_shared_word_for_word_is_one_root() {
    let bill = caused_by(tp("t-bill", -2, 7, &[]), "old billing system");
    let pay = caused_by(tp("t-pay", -1, 1, &[]), "old billing system");
    // Not the same words: a root of its own.
    let refund = caused_by(tp("t-refund", -1, 0, &[]), "Old billing system");
    let m = map(2, vec![bill, pay, refund]);
    let c = causes(&m);
    assert_eq!(c.roots.len(), 2);
    let shared = &c.roots[0];
    assert_eq!(shared.at.name(&m), "old billing system");
    assert_eq!(shared.at, RootAt::Text(Place { stage: 0, index: 0 }));
    assert_eq!(shared.pain, 2 * 4 * 100 + 2 * 100);
    assert_eq!(shared.chains().len(), 2);
    assert_eq!(c.roots[1].at.name(&m), "Old billing system");
}

#[test]
fn roots_rank_by_the_pain_they_explain_not_by_how_much_they_explain() {
    // Many mild symptoms against one that hurts a lot, broadly heard.
    let mild = tp("t-mild", 0, 0, &[]);
    let severe = tp("t-severe", 0, 0, &[]);
    let mut all = vec![mild, severe];
    for i in 0..3 {
        all.push(caused_by(tp(&format!("t-m{i}"), -1, 0, &[]), "t-mild"));
    }
    all.push(caused_by(
        tp("t-s", -2, 100, &[Principle::Competent]),
        "t-severe",
    ));
    let m = map(2, all);
    let order: Vec<&str> = causes(&m).roots.iter().map(|r| r.at.name(&m)).collect();
    assert_eq!(order, ["t-severe", "t-mild"]);
}

#[test]
fn equal_pain_ranks_by_how_much_is_explained_then_journey_order() {
    let x = tp("t-x", 0, 0, &[]);
    let y = tp("t-y", 0, 0, &[]);
    let z = tp("t-z", 0, 0, &[]);
    let x1 = caused_by(tp("t-x1", -1, 0, &[]), "t-x");
    let y1 = caused_by(tp("t-y1", -1, 0, &[]), "t-y");
    let y2 = caused_by(tp("t-y2", 1, 0, &[]), "t-y");
    let z1 = caused_by(tp("t-z1", -1, 0, &[]), "t-z");
    let m = map(3, vec![x, y, z, x1, y1, y2, z1]);
    let order: Vec<&str> = causes(&m).roots.iter().map(|r| r.at.name(&m)).collect();
    assert_eq!(order, ["t-y", "t-x", "t-z"]);
}

#[test]
fn a_touchpoint_nobody_names_is_no_root() {
    let m = map(1, vec![tp("t-a", -2, 5, &[]), tp("t-b", -1, 5, &[])]);
    assert_eq!(causes(&m), Causes::default());
}

#[test]
fn cycles_are_found_once_and_never_followed_round() {
    // a → b → a, and c → d → e → c, with f leading into the first.
    let a = caused_by(tp("t-a", -1, 0, &[]), "t-b");
    let b = caused_by(tp("t-b", -1, 0, &[]), "t-a");
    let f = caused_by(tp("t-f", -2, 0, &[]), "t-b");
    let c = caused_by(tp("t-c", -1, 0, &[]), "t-d");
    let d = caused_by(tp("t-d", -1, 0, &[]), "t-e");
    let e = caused_by(tp("t-e", -1, 0, &[]), "t-c");
    let root = tp("t-root", 0, 0, &[]);
    let g = caused_by(tp("t-g", -1, 0, &[]), "t-root");
    let m = map(3, vec![f, d, a, b, e, c, root, g]);
    let found = causes(&m);
    let cycles: Vec<Vec<String>> = found.cycles.iter().map(|c| names(&m, &c.round)).collect();
    // Each from its first touchpoint on the map, in the order of the links;
    // a, b and f (leading in) carry more pain than c, d, e.
    assert_eq!(cycles, [vec!["t-a", "t-b"], vec!["t-d", "t-e", "t-c"]]);
    let mut rounds: Vec<Vec<Place>> = found.cycles.iter().map(|c| c.round.clone()).collect();
    rounds.sort();
    assert_eq!(super::cycles(&m), rounds);
    assert_eq!(cycle_count(&m), 2);
    assert_eq!(cycle_count(&map(1, vec![tp("t-a", 0, 0, &[])])), 0);
    // Only the real root is a root; the touchpoints in or into a cycle
    // name none.
    assert_eq!(found.roots.len(), 1);
    assert_eq!(found.roots[0].at.name(&m), "t-root");
    let down = Downstream::new(&m, pain);
    let a_b = RootAt::Cycle(Place { stage: 0, index: 2 });
    assert_eq!(down.root(0), Some(a_b), "f leads into a cycle");
    assert_eq!(down.root(3), Some(a_b), "b is on it");
    assert_eq!(
        down.root(7),
        Some(RootAt::Touchpoint(Place { stage: 1, index: 3 }))
    );
    assert_eq!(down.root(6), None, "a root names no root");
}

#[test]
fn a_long_chain_is_walked_without_recursion() {
    let n = 100_000;
    let mut all = vec![tp("t-0", -1, 0, &[])];
    for i in 1..n {
        all.push(caused_by(
            tp(&format!("t-{i}"), -1, 0, &[]),
            &format!("t-{}", i - 1),
        ));
    }
    let m = map(1, all);
    let c = causes(&m);
    assert_eq!(c.roots.len(), 1);
    assert_eq!(c.roots[0].pain, (n as u64 - 1) * 100);
    assert_eq!(c.roots[0].chains().len(), 1);
    let down = Downstream::new(&m, pain);
    assert_eq!(down.below(1), (n as u64 - 2) * 100);
}

#[test]
fn a_chain_into_a_cycle_is_listed_with_the_cycle_and_its_pain_ranked() {
    // The advert is caused by the order it causes; the complaints (the
    // biggest pain) are caused by the order: they lead into the circle.
    let advert = caused_by(tp("t-advert", 1, 30, &[]), "t-order");
    let fees = caused_by(tp("t-fees", -2, 1, &[]), "Fees written for lawyers");
    let order = caused_by(tp("t-order", -1, 7, &[Principle::Fast]), "t-advert");
    let call = caused_by(tp("t-call", -2, 40, &[Principle::Respond]), "t-order");
    let follow_up = caused_by(tp("t-again", -1, 0, &[]), "t-call");
    let m = map(2, vec![advert, fees, order, call, follow_up]);
    let found = causes(&m);
    assert_eq!(found.cycles.len(), 1);
    let cycle = &found.cycles[0];
    assert_eq!(names(&m, &cycle.round), ["t-advert", "t-order"]);
    let chains: Vec<Vec<String>> = cycle.chains().iter().map(|c| names(&m, c)).collect();
    assert_eq!(chains, [["t-call", "t-again"]], "the complaints lead in");
    assert_eq!(cycle.touchpoints(), 4);
    // order: 1 × 4 × 156; call: 2 × 6 × 158; again: 1 × 1 × 100.
    assert_eq!(cycle.pain, 624 + 1896 + 100);
    // It carries more pain than the text root (2 × 2 × 100): first.
    let ranked = found.ranked();
    assert_eq!(ranked[0], Ranked::Cycle(cycle));
    assert_eq!(ranked[1], Ranked::Root(&found.roots[0]));
    // The complaints and what follows them end in the circle, named from
    // its first touchpoint on the map.
    let down = Downstream::new(&m, pain);
    let circle = RootAt::Cycle(Place { stage: 0, index: 0 });
    assert_eq!(down.root(3), Some(circle));
    assert_eq!(down.root(4), Some(circle));
    assert_eq!(
        circle.says(&m),
        "a circle of causes ('t-advert' → 't-order' → 't-advert')"
    );
}

/// A circle of `n` touchpoints `t-0 → t-1 → … → t-0`, each a pain point.
fn long_circle(n: usize) -> Map {
    let all = (0..n)
        .map(|i| {
            caused_by(
                tp(&format!("t-{i}"), -1, 0, &[Principle::Respond]),
                &format!("t-{}", (i + 1) % n),
            )
        })
        .collect();
    map(n, all)
}

#[test]
fn a_long_circle_is_named_by_its_first_five() {
    let m = long_circle(12);
    let first = &*m.stages[0].touchpoints[0];
    assert_eq!(round(&m, first).len(), 12, "followed round once, whole");
    assert_eq!(
        round_text(&round(&m, first)),
        "'t-0' → 't-1' → 't-2' → 't-3' → 't-4' → … 7 more → 't-0'"
    );
    // A symptom's row names the circle's first few, without walking it.
    let circle = RootAt::Cycle(Place { stage: 0, index: 0 });
    assert_eq!(
        circle.says(&m),
        "a circle of causes ('t-0' → 't-1' → 't-2' → 't-3' → 't-4' → … → 't-0')"
    );
    // Every plan row under it says the same, short, whatever the circle.
    let m = long_circle(3000);
    let plan = crate::model::plan(&m);
    let all: Vec<_> = plan.items().collect();
    assert_eq!(all.len(), 3000);
    assert!(
        all.iter()
            .all(|(_, item)| item.root.as_ref().is_some_and(|r| r.name.len() < 100))
    );
    // Five names at most, however short the circle's names.
    let short = long_circle(6);
    assert_eq!(
        round_text(&round(&short, &short.stages[0].touchpoints[0])),
        "'t-0' → 't-1' → 't-2' → 't-3' → 't-4' → … 1 more → 't-0'"
    );
}

//! The EDUNI action plan, derived from a map: one group per principle, in the
//! order of their shares, each holding the team's actions and the findings that
//! still need one.
//!
//! # Severity
//!
//! Items within a group are ranked by
//!
//! ```text
//! severity = share × (1 + pain + gap) × (1 + ⌊log2(1 + evidence)⌋)
//! ```
//!
//! where `share` is the principle's percentage (58 for Respond ... 16 for Be
//! social), `pain` is how negative the touchpoint's emotion is (2 for -2, 1 for
//! -1, 0 for neutral, positive or unscored), `gap` is how many steps the
//! team's to-be emotion sits above it (0 without an aim, or with one at or
//! below today: a pain point the team aims to lift far comes before one it
//! only means to soften), and `evidence` is how many
//! customers the finding rests on. Evidence counts on a log scale so that one
//! loud voice never outweighs a broad pattern, and a hundred voices do not
//! drown everything else. Open items come first, most severe first; done items
//! follow, still ticked, in the same order. Ties keep journey order.
//!
//! # Personas
//!
//! Where a map names personas, `pain` and `gap` are those of whoever hurts
//! most at the touchpoint ([`Touchpoint::worst`]): the highest pain across
//! the map-wide score and each persona's own (a persona without one feels
//! the map-wide score), then the widest gap up to that one's aim. A
//! touchpoint that hurts one persona is a pain point, even when the
//! map-wide score does not hurt. Each item names that persona
//! ([`PlanItem::persona`]) unless the map-wide score hurts as much.
//!
//! # Roots before their symptoms
//!
//! A touchpoint that causes others' pain (see `model::causes`) weighs what it
//! explains as well as its own:
//!
//! ```text
//! severity = share × ((1 + pain + gap) × w + Σ (1 + pain + gap) × w of the pain points it explains)
//! ```
//!
//! with `w = 1 + ⌊log2(1 + evidence)⌋`, the sum over every pain point whose
//! chain of causes passes through it (however many links away). So under any
//! principle an item on a cause ranks above every item on a symptom it
//! explains (its own term is never 0), and fixing the source of a wave of
//! complaints comes before answering them one by one. Each item also names
//! its touchpoint's root (`PlanItem::root`), where it names a cause; where
//! its chain of causes runs into a circle (CX006), it names the circle.

use super::{Action, Downstream, ItemPlace, Map, Persona, Principle, RootAt, Stage, Touchpoint};

#[derive(Debug)]
pub struct Plan<'m> {
    /// Always six groups, in [`Principle::ALL`] order, empty or not.
    pub groups: Vec<PlanGroup<'m>>,
}

#[derive(Debug)]
pub struct PlanGroup<'m> {
    pub principle: Principle,
    pub items: Vec<PlanItem<'m>>,
}

#[derive(Clone, Debug)]
pub struct PlanItem<'m> {
    pub stage: &'m Stage,
    pub touchpoint: &'m Touchpoint,
    /// The team's action, or `None` for a finding that still needs one.
    pub action: Option<&'m Action>,
    pub severity: u32,
    /// Who hurts most at the touchpoint, when it is a persona and not the
    /// map-wide score (see the module docs).
    pub persona: Option<&'m Persona>,
    /// Where all that sits in the map.
    pub place: ItemPlace,
    /// Where the touchpoint's chain of causes ends, if it names a cause:
    /// a cycle, where the chain runs into one.
    pub root: Option<ItemRoot<'m>>,
}

/// A plan item's root cause: where it is, and what its row says it is (the
/// touchpoint's name, the text, or `a circle of causes (…)`: [`RootAt::says`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemRoot<'m> {
    pub at: RootAt,
    pub name: std::borrow::Cow<'m, str>,
}

impl PlanItem<'_> {
    pub fn is_done(&self) -> bool {
        self.action.is_some_and(|a| a.done)
    }

    pub fn needs_action(&self) -> bool {
        self.action.is_none()
    }
}

/// The ranking weight of a touchpoint's items under a principle, on its
/// own (as if it caused no other touchpoint's pain); see the module docs.
pub fn severity(principle: Principle, touchpoint: &Touchpoint) -> u32 {
    u32::try_from(u64::from(principle.share()) * weight(touchpoint)).unwrap_or(u32::MAX)
}

/// `(1 + pain + gap) × w`: what a touchpoint weighs in the plan under a
/// principle's share.
fn weight(touchpoint: &Touchpoint) -> u64 {
    let worst = touchpoint.worst().scores;
    u64::from(1 + worst.pain() + worst.gap()) * super::evidence_weight(touchpoint)
}

/// What a pain point adds to the severity of each touchpoint that causes it.
fn explained_weight(touchpoint: &Touchpoint) -> u64 {
    if touchpoint.is_pain() {
        weight(touchpoint)
    } else {
        0
    }
}

pub fn plan(map: &Map) -> Plan<'_> {
    let mut groups: Vec<PlanGroup> = Principle::ALL
        .into_iter()
        .map(|principle| PlanGroup {
            principle,
            items: Vec::new(),
        })
        .collect();
    let downstream = Downstream::new(map, explained_weight);
    // Built at the first circle of causes met, once for the whole plan.
    let mut ids: Option<super::Ids> = None;
    for (n, (place, stage, tp)) in map.placed_touchpoints().enumerate() {
        let weight = weight(tp) + downstream.below(n);
        let root = downstream.root(n).map(|at| ItemRoot {
            at,
            name: at.says_in(map, ids.get_or_insert_with(|| super::Ids::new(map))),
        });
        let persona = tp.worst().persona.and_then(|id| map.persona(id));
        touchpoint_items(tp, |principle, action| {
            groups[group_of(principle)].items.push(PlanItem {
                stage,
                touchpoint: tp,
                action: action.map(|i| &tp.actions[i]),
                severity: u32::try_from(u64::from(principle.share()) * weight).unwrap_or(u32::MAX),
                persona,
                place: ItemPlace {
                    stage: place.stage,
                    touchpoint: place.index,
                    action,
                },
                root: root.clone(),
            });
        });
    }
    for group in &mut groups {
        // Stable: equal items keep journey order. The key is worked out
        // once per item, not once per comparison through its action.
        group
            .items
            .sort_by_cached_key(|item| (item.is_done(), std::cmp::Reverse(item.severity)));
    }
    Plan { groups }
}

/// Where `principle`'s group is in [`Principle::ALL`] (and in a plan's groups).
pub fn group_of(principle: Principle) -> usize {
    Principle::ALL
        .iter()
        .position(|q| *q == principle)
        .unwrap_or(0)
}

/// The plan items of one touchpoint, as `plan` finds them: `item` gets each
/// one's principle and its action's index (`None` for a finding that still
/// needs one), in journey order. What an app that follows edits recounts
/// for the touchpoint edited.
pub fn touchpoint_items(tp: &Touchpoint, mut item: impl FnMut(Principle, Option<usize>)) {
    for (index, action) in tp.actions.iter().enumerate() {
        item(action.principle, Some(index));
    }
    if tp.is_pain() {
        for &principle in &tp.at_risk {
            if !tp.actions.iter().any(|a| a.principle == principle) {
                item(principle, None);
            }
        }
    }
}

impl Plan<'_> {
    pub fn items(&self) -> impl Iterator<Item = (Principle, &PlanItem<'_>)> {
        self.groups
            .iter()
            .flat_map(|g| g.items.iter().map(move |i| (g.principle, i)))
    }

    pub fn open_count(&self) -> usize {
        self.items().filter(|(_, i)| !i.is_done()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionId, Emotion, StageId, TouchpointId};

    fn tp(id: &str, emotion: i8, evidence: u32, at_risk: &[Principle]) -> Touchpoint {
        let mut t = Touchpoint::new(TouchpointId::parse(id).unwrap(), id);
        t.emotion = Emotion::new(emotion);
        t.evidence = evidence;
        t.at_risk = at_risk.iter().copied().collect();
        t
    }

    fn action(id: &str, principle: Principle, done: bool) -> Action {
        let mut a = Action::new(ActionId::parse(id).unwrap(), id, principle);
        a.done = done;
        a
    }

    fn map(touchpoints: Vec<Touchpoint>) -> Map {
        Map {
            stages: vec![
                Stage {
                    id: StageId::parse("s-1").unwrap(),
                    name: "Stage".into(),
                    touchpoints: touchpoints.into_iter().map(Into::into).collect(),
                }
                .into(),
            ],
            ..Map::new("plan")
        }
    }

    #[test]
    fn every_principle_has_a_group_in_share_order() {
        let m = map(vec![]);
        let p = plan(&m);
        let order: Vec<Principle> = p.groups.iter().map(|g| g.principle).collect();
        assert_eq!(order, Principle::ALL);
        assert!(p.groups.iter().all(|g| g.items.is_empty()));
    }

    #[test]
    fn pain_at_risk_without_action_is_a_finding() {
        let mut call = tp("t-call", -2, 10, &[Principle::Respond, Principle::Fast]);
        call.actions.push(action("a-fast", Principle::Fast, false));
        let happy = tp("t-happy", 1, 10, &[Principle::Social]);
        let m = map(vec![call, happy]);
        let p = plan(&m);
        let respond = &p.groups[0].items;
        assert_eq!(respond.len(), 1);
        assert!(respond[0].needs_action());
        assert_eq!(respond[0].touchpoint.id.as_str(), "t-call");
        let fast = &p.groups[2].items;
        assert_eq!(fast.len(), 1);
        assert_eq!(fast[0].action.unwrap().id.as_str(), "a-fast");
        // No pain, no finding, even with a principle at risk.
        assert!(p.groups[5].items.is_empty());
    }

    #[test]
    fn an_aim_above_today_ranks_a_finding_higher_by_its_gap() {
        let mut soften = tp("t-a", -2, 15, &[]);
        soften.to_be_emotion = crate::model::Emotion::new(-1);
        let mut lift = tp("t-b", -2, 15, &[]);
        lift.to_be_emotion = crate::model::Emotion::new(2);
        let mut lower = tp("t-c", -2, 15, &[]);
        lower.to_be_emotion = crate::model::Emotion::new(-2);
        let plain = severity(Principle::Respond, &tp("t-d", -2, 15, &[]));
        assert_eq!(
            severity(Principle::Respond, &lower),
            plain,
            "no gap, no change"
        );
        assert_eq!(severity(Principle::Respond, &soften), 58 * 4 * 5);
        assert_eq!(severity(Principle::Respond, &lift), 58 * 7 * 5);
    }

    #[test]
    fn severity_uses_share_pain_and_evidence() {
        // 58 × (1 + 2) × (1 + log2(16)) = 58 × 3 × 5
        assert_eq!(severity(Principle::Respond, &tp("t-a", -2, 15, &[])), 870);
        // One voice weighs less than fifteen.
        assert_eq!(
            severity(Principle::Respond, &tp("t-a", -2, 1, &[])),
            58 * 3 * 2
        );
        // Unscored counts as no pain.
        let mut unscored = tp("t-a", 0, 0, &[]);
        unscored.emotion = None;
        assert_eq!(severity(Principle::Social, &unscored), 16);
    }

    #[test]
    fn an_item_on_a_root_ranks_above_the_symptoms_it_explains() {
        use crate::model::{Place, RootCause};
        let cause = |t: &mut Touchpoint, to: &str| {
            t.root_cause = Some(RootCause::Touchpoint(TouchpointId::parse(to).unwrap()));
        };
        // A mild advert (one voice) behind a wave of angry calls (forty).
        let advert = tp("t-advert", -1, 1, &[Principle::Respond]);
        let mut page = tp("t-page", -1, 3, &[Principle::Respond]);
        cause(&mut page, "t-advert");
        let mut calls = tp("t-calls", -2, 40, &[Principle::Respond]);
        cause(&mut calls, "t-page");
        let other = tp("t-other", -2, 50, &[Principle::Respond]);
        let m = map(vec![calls, other, page, advert]);
        let p = plan(&m);
        let ids: Vec<&str> = p.groups[0]
            .items
            .iter()
            .map(|i| i.touchpoint.id.as_str())
            .collect();
        assert_eq!(ids, ["t-advert", "t-page", "t-calls", "t-other"]);
        // advert: 58 × (2 × 2 + page 2 × 3 + calls 3 × 6)
        assert_eq!(p.groups[0].items[0].severity, 58 * (4 + 6 + 18));
        assert_eq!(
            p.groups[0].items[3].severity,
            severity(Principle::Respond, &m.stages[0].touchpoints[1])
        );
        // The symptoms name their root; the root and the unlinked do not.
        let advert_at = RootAt::Touchpoint(Place { stage: 0, index: 3 });
        let roots: Vec<Option<RootAt>> = p.groups[0]
            .items
            .iter()
            .map(|i| i.root.as_ref().map(|r| r.at))
            .collect();
        assert_eq!(roots, [None, Some(advert_at), Some(advert_at), None]);
        assert_eq!(p.groups[0].items[1].root.as_ref().unwrap().name, "t-advert");
    }

    #[test]
    fn a_symptom_whose_chain_runs_into_a_circle_names_the_circle() {
        use crate::model::{Place, RootCause};
        let cause = |t: &mut Touchpoint, to: &str| {
            t.root_cause = Some(RootCause::Touchpoint(TouchpointId::parse(to).unwrap()));
        };
        let mut advert = tp("t-advert", 1, 30, &[]);
        cause(&mut advert, "t-order");
        let mut order = tp("t-order", -1, 7, &[Principle::Fast]);
        cause(&mut order, "t-advert");
        let mut calls = tp("t-calls", -2, 40, &[Principle::Respond]);
        cause(&mut calls, "t-order");
        let m = map(vec![advert, order, calls]);
        let p = plan(&m);
        let calls = &p.groups[0].items[0];
        assert_eq!(calls.touchpoint.id.as_str(), "t-calls");
        let root = calls.root.as_ref().expect("the circle stands for its root");
        assert_eq!(root.at, RootAt::Cycle(Place { stage: 0, index: 0 }));
        assert_eq!(
            root.name,
            "a circle of causes ('t-advert' → 't-order' → 't-advert')"
        );
        // On the circle too.
        let order = &p.groups[2].items[0];
        assert_eq!(order.root.as_ref().map(|r| r.at), Some(root.at));
    }

    #[test]
    fn open_items_rank_by_severity_and_done_items_stay_last() {
        let mut mild = tp("t-mild", -1, 1, &[Principle::Respond]);
        mild.actions
            .push(action("a-done", Principle::Respond, true));
        let mild2 = tp("t-mild2", -1, 1, &[Principle::Respond]);
        let severe = tp("t-severe", -2, 40, &[Principle::Respond]);
        let m = map(vec![mild, mild2, severe]);
        let p = plan(&m);
        let ids: Vec<&str> = p.groups[0]
            .items
            .iter()
            .map(|i| i.touchpoint.id.as_str())
            .collect();
        assert_eq!(ids, ["t-severe", "t-mild2", "t-mild"]);
        assert!(p.groups[0].items[2].is_done());
        assert_eq!(p.open_count(), 2);
    }

    #[test]
    fn the_persona_who_hurts_most_ranks_the_item_and_is_named() {
        use crate::model::{Persona, PersonaId, PersonaScore};
        let kadri = PersonaId::parse("p-kadri").unwrap();
        // Neutral map-wide, -2 for Kadri, who aims at +1.
        let mut quiet = tp("t-quiet", 0, 15, &[Principle::Respond]);
        quiet.by_persona = vec![PersonaScore {
            emotion: Emotion::new(-2),
            to_be_emotion: Emotion::new(1),
            ..PersonaScore::unset(kadri.clone())
        }];
        let loud = tp("t-loud", -1, 15, &[Principle::Respond]);
        let mut m = map(vec![loud, quiet]);
        m.personas.push(Persona::new(kadri, "Kadri"));
        let p = plan(&m);
        let items = &p.groups[0].items;
        let order: Vec<&str> = items.iter().map(|i| i.touchpoint.id.as_str()).collect();
        assert_eq!(
            order,
            ["t-quiet", "t-loud"],
            "Kadri's -2 outranks the map's -1"
        );
        assert_eq!(items[0].severity, 58 * (1 + 2 + 3) * 5);
        assert_eq!(items[0].persona.map(|p| p.name.as_str()), Some("Kadri"));
        assert_eq!(
            items[1].persona, None,
            "the map-wide score hurts most there"
        );
    }
}

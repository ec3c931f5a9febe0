//! Two versions of a map side by side, for `cxmap compare`: their stages
//! paired by id, each side's figures (`stats.rs`), and one axis of
//! touchpoints on which both as-is curves are drawn.
//!
//! Both sides keep the newer map's order. A stage or touchpoint only the
//! older map has comes right after the one it followed there (or first),
//! so that a removed stage shows where it was. A touchpoint is matched by
//! id across the whole map: one moved to another stage sits where it is
//! now, with its older score, rather than as one removed and one added.

use super::{Date, Emotion, Map, Stage, Stats, Touchpoint, TouchpointId, evidence_weight};
use super::{stage_stats, stats};
use std::collections::{HashMap, HashSet};

/// What `compare` shows of two maps.
#[derive(Clone, Debug)]
pub struct Comparison<'m> {
    /// The stages of both, in the newer map's order.
    pub stages: Vec<StagePair<'m>>,
    /// The older map's figures, and the newer one's.
    pub old: Stats,
    pub new: Stats,
    /// The touchpoints of both on one axis, stage by stage.
    pub points: Vec<Point>,
}

/// A stage as the older and the newer map have it; one side is `None` for
/// a stage added or removed.
#[derive(Clone, Debug)]
pub struct StagePair<'m> {
    pub old: Option<(&'m Stage, Stats)>,
    pub new: Option<(&'m Stage, Stats)>,
}

impl StagePair<'_> {
    /// Its name now (or when it was last there).
    pub fn name(&self) -> &str {
        match (&self.new, &self.old) {
            (Some((stage, _)), _) | (None, Some((stage, _))) => &stage.name,
            (None, None) => "",
        }
    }

    /// The name it had before, when it had another.
    pub fn renamed_from(&self) -> Option<&str> {
        match (&self.old, &self.new) {
            (Some((old, _)), Some((new, _))) if old.name != new.name => Some(&old.name),
            _ => None,
        }
    }

    pub fn old_stats(&self) -> Option<&Stats> {
        self.old.as_ref().map(|(_, s)| s)
    }

    pub fn new_stats(&self) -> Option<&Stats> {
        self.new.as_ref().map(|(_, s)| s)
    }
}

/// A touchpoint's as-is score as a curve draws it, and what it weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub emotion: Emotion,
    /// `stats::weight`: how many customers it rests on, on the plan's scale.
    pub weight: u64,
}

/// A place on the shared axis: a touchpoint of either map, in the stage
/// `stage` (an index into `Comparison::stages`), with its score on each
/// side (`None` where that side lacks it or did not score it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub stage: usize,
    pub old: Option<Score>,
    pub new: Option<Score>,
}

/// `old` and `new` compared; `today` decides which actions are overdue on
/// both sides alike, so that a change in the count is a change in the map.
pub fn compare<'m>(old: &'m Map, new: &'m Map, today: Date) -> Comparison<'m> {
    let new_ids: Vec<&str> = new.stages.iter().map(|s| s.id.as_str()).collect();
    let old_ids: Vec<&str> = old.stages.iter().map(|s| s.id.as_str()).collect();
    let stages: Vec<StagePair<'m>> = interleave(&old_ids, &new_ids)
        .into_iter()
        .map(|(o, n)| StagePair {
            old: o.map(|i| (&*old.stages[i], stage_stats(&old.stages[i], today))),
            new: n.map(|i| (&*new.stages[i], stage_stats(&new.stages[i], today))),
        })
        .collect();
    let points = points(old, new, &stages);
    Comparison {
        old: stats(old, today).map,
        new: stats(new, today).map,
        stages,
        points,
    }
}

fn points(old: &Map, new: &Map, stages: &[StagePair<'_>]) -> Vec<Point> {
    let old_by_id: HashMap<&TouchpointId, &Touchpoint> =
        old.touchpoints().map(|(_, t)| (&t.id, t)).collect();
    let in_new: HashSet<&TouchpointId> = new.touchpoints().map(|(_, t)| &t.id).collect();
    let score = |tp: &Touchpoint| {
        tp.emotion.map(|emotion| Score {
            emotion,
            weight: evidence_weight(tp),
        })
    };
    let mut points = Vec::new();
    for (index, pair) in stages.iter().enumerate() {
        let now: Vec<&Touchpoint> = pair
            .new
            .iter()
            .flat_map(|(s, _)| s.touchpoints.iter().map(|t| &**t))
            .collect();
        let here: HashSet<&TouchpointId> = now.iter().map(|t| &t.id).collect();
        // The older stage's touchpoints that are still here, or gone from
        // the map: those moved elsewhere are drawn where they are now.
        let before: Vec<&Touchpoint> = pair
            .old
            .iter()
            .flat_map(|(s, _)| s.touchpoints.iter().map(|t| &**t))
            .filter(|t| here.contains(&t.id) || !in_new.contains(&t.id))
            .collect();
        for (o, n) in interleave(&ids(&before), &ids(&now)) {
            let (old_tp, new_tp) = match (o, n) {
                (_, Some(n)) => (old_by_id.get(&now[n].id).copied(), Some(now[n])),
                (Some(o), None) => (Some(before[o]), None),
                (None, None) => continue,
            };
            points.push(Point {
                stage: index,
                old: old_tp.and_then(score),
                new: new_tp.and_then(score),
            });
        }
    }
    points
}

fn ids<'t>(list: &[&'t Touchpoint]) -> Vec<&'t str> {
    list.iter().map(|t| t.id.as_str()).collect()
}

/// The items of two lists by id, in `new`'s order, each with its place in
/// `old` and in `new`: an item only `old` has comes right after the item
/// it followed there that `new` has too (first, when none did).
pub fn interleave(old: &[&str], new: &[&str]) -> Vec<(Option<usize>, Option<usize>)> {
    let new_at: HashMap<&str, usize> = new.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let old_at: HashMap<&str, usize> = old.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // Items only `old` has, by the item of `new` they follow (None: first).
    let mut after: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    let mut anchor = None;
    for (i, id) in old.iter().enumerate() {
        match new_at.get(id) {
            Some(&n) => anchor = Some(n),
            None => after.entry(anchor).or_default().push(i),
        }
    }
    let mut out: Vec<(Option<usize>, Option<usize>)> = Vec::with_capacity(old.len() + new.len());
    let gone = |out: &mut Vec<_>, anchor: Option<usize>| {
        for &i in after.get(&anchor).into_iter().flatten() {
            out.push((Some(i), None));
        }
    };
    gone(&mut out, None);
    for (n, id) in new.iter().enumerate() {
        out.push((old_at.get(id).copied(), Some(n)));
        gone(&mut out, Some(n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{StageId, TouchpointId};

    fn tp(id: &str, emotion: i8) -> Touchpoint {
        let mut tp = Touchpoint::new(TouchpointId::parse(id).unwrap(), id);
        tp.emotion = Emotion::new(emotion);
        tp
    }

    fn stage(id: &str, name: &str, touchpoints: Vec<Touchpoint>) -> Stage {
        Stage {
            id: StageId::parse(id).unwrap(),
            name: name.into(),
            touchpoints: touchpoints.into_iter().map(Into::into).collect(),
        }
    }

    fn day() -> Date {
        "2026-06-01".parse().unwrap()
    }

    #[test]
    fn items_only_the_old_list_has_stay_after_the_one_they_followed() {
        let pairs = interleave(&["a", "b", "c", "d"], &["e", "a", "c"]);
        assert_eq!(
            pairs,
            [
                (None, Some(0)),
                (Some(0), Some(1)),
                (Some(1), None),
                (Some(2), Some(2)),
                (Some(3), None),
            ]
        );
        assert_eq!(
            interleave(&["x"], &["a"]),
            [(Some(0), None), (None, Some(0))]
        );
        assert_eq!(interleave(&[], &[]), []);
    }

    #[test]
    fn stages_pair_by_id_and_touchpoints_follow_a_move() {
        let old = Map {
            stages: vec![
                stage("s-a", "Find", vec![tp("t-a", -2), tp("t-b", 1)]).into(),
                stage("s-b", "Gone", vec![tp("t-c", 0)]).into(),
            ],
            ..Map::default()
        };
        let new = Map {
            stages: vec![
                stage("s-a", "Search", vec![tp("t-a", -1)]).into(),
                stage("s-c", "New", vec![tp("t-b", 2), tp("t-d", 1)]).into(),
            ],
            ..Map::default()
        };
        let c = compare(&old, &new, day());
        let names: Vec<(&str, Option<&str>)> = c
            .stages
            .iter()
            .map(|p| (p.name(), p.renamed_from()))
            .collect();
        assert_eq!(
            names,
            [("Search", Some("Find")), ("Gone", None), ("New", None)]
        );
        assert!(c.stages[1].new.is_none() && c.stages[2].old.is_none());
        let curve: Vec<(usize, Option<i8>, Option<i8>)> = c
            .points
            .iter()
            .map(|p| {
                (
                    p.stage,
                    p.old.map(|s| s.emotion.value()),
                    p.new.map(|s| s.emotion.value()),
                )
            })
            .collect();
        // t-b moved to the new stage: drawn there, with its old score.
        assert_eq!(
            curve,
            [
                (0, Some(-2), Some(-1)),
                (1, Some(0), None),
                (2, Some(1), Some(2)),
                (2, None, Some(1)),
            ]
        );
        assert_eq!(c.old, stats(&old, day()).map);
        assert_eq!(c.new.touchpoints, 3);
    }
}

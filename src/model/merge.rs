//! Three-way merge of maps by id, for git and for two windows on one file.
//!
//! Items are matched by id, never by position, so that one side renaming a
//! touchpoint while the other moves it, scores it or adds another one all
//! survive. Where both sides changed the same field differently, the result
//! keeps ours and records a [`Conflict`]; where one side deleted what the
//! other changed, the changed item is kept and the conflict recorded. Nothing
//! either side wrote is lost. The laws hold: `merge(b, x, b) == x`,
//! `merge(b, b, x) == x`, `merge(b, x, x) == x`.

use super::{Action, Conflict, Map, RootCause, Stage, StageId, Touchpoint, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

pub fn merge(base: &Map, ours: &Map, theirs: &Map) -> Map {
    // Conflicts from an earlier merge, three ways like the customer's words:
    // one settled on either side is settled.
    let mut m = Merger {
        conflicts: merge_list(&base.conflicts, &ours.conflicts, &theirs.conflicts),
    };
    let title = m.scalar(
        "map",
        "title",
        Some(&base.title),
        &ours.title,
        &theirs.title,
        |t| Value::Text(t.clone()),
    );
    let persona = m.scalar(
        "map",
        "persona",
        Some(&base.persona),
        &ours.persona,
        &theirs.persona,
        |t| Value::Text(t.clone()),
    );

    // Touchpoints first, by id wherever they sit: where each ends up decides
    // which stages must stay.
    let (b, o, t) = (Index::new(base), Index::new(ours), Index::new(theirs));
    let mut placed: HashMap<String, (StageId, Touchpoint)> = HashMap::new();
    for id in union(&[
        &b.touchpoint_order,
        &o.touchpoint_order,
        &t.touchpoint_order,
    ]) {
        if let Some(result) = m.touchpoint(
            &id,
            b.touchpoints.get(id.as_str()),
            o.touchpoints.get(id.as_str()),
            t.touchpoints.get(id.as_str()),
        ) {
            placed.insert(id, result);
        }
    }

    // Stages: kept unless deleted on one side and untouched on the other, and
    // always kept while a touchpoint sits in them.
    let mut stages: Vec<Stage> = Vec::new();
    let mut kept_stages = HashSet::new();
    for id in union(&[&b.stage_order, &o.stage_order, &t.stage_order]) {
        let (bs, os, ts) = (b.stage(&id), o.stage(&id), t.stage(&id));
        let occupied = placed.values().any(|(s, _)| s.as_str() == id);
        let name = match (os, ts) {
            (Some(os), Some(ts)) => {
                m.scalar(&id, "name", bs.map(|s| &s.name), &os.name, &ts.name, |n| {
                    Value::Text(n.clone())
                })
            }
            (Some(one), None) | (None, Some(one)) => {
                let deleted_by_other = bs.is_some();
                let changed = bs.is_some_and(|bs| bs.name != one.name);
                if deleted_by_other && !changed && !occupied {
                    continue;
                }
                if deleted_by_other {
                    let (ours, theirs) = if os.is_some() {
                        (Value::Kept, Value::Deleted)
                    } else {
                        (Value::Deleted, Value::Kept)
                    };
                    m.conflict(&id, "item", ours, theirs);
                }
                one.name.clone()
            }
            (None, None) => continue,
        };
        let source = os.or(ts).expect("a stage from one side");
        kept_stages.insert(id.clone());
        stages.push(Stage {
            id: source.id.clone(),
            name,
            touchpoints: Vec::new(),
        });
    }
    let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
    let keep: HashSet<&str> = stage_ids.iter().copied().collect();
    let order = merge_order(&b.stage_order, &o.stage_order, &t.stage_order, &keep);
    let mut by_id: HashMap<String, Stage> =
        stages.into_iter().map(|s| (s.id.to_string(), s)).collect();
    let mut stages: Vec<Stage> = order.iter().filter_map(|id| by_id.remove(id)).collect();

    // Touchpoints into their stages, in merged order.
    for stage in &mut stages {
        let sid = stage.id.as_str();
        let here: HashSet<&str> = placed
            .iter()
            .filter(|(_, (s, _))| s.as_str() == sid)
            .map(|(id, _)| id.as_str())
            .collect();
        let order = merge_order(&b.in_stage(sid), &o.in_stage(sid), &t.in_stage(sid), &here);
        stage.touchpoints = order
            .iter()
            .filter_map(|id| placed.get(id).map(|(_, tp)| tp.clone()))
            .collect();
    }

    let mut map = Map {
        title,
        persona,
        stages,
        conflicts: Vec::new(),
    };
    unlink_missing(&mut map, &mut m);
    drop_duplicate_actions(&mut map);
    map.conflicts = m.conflicts;
    map
}

struct Merger {
    conflicts: Vec<Conflict>,
}

impl Merger {
    fn conflict(&mut self, item: &str, field: &str, ours: Value, theirs: Value) {
        let c = Conflict {
            item: item.to_owned(),
            field: field.to_owned(),
            ours,
            theirs,
        };
        if !self.conflicts.contains(&c) {
            self.conflicts.push(c);
        }
    }

    /// One value, three ways: a side that left the base alone yields to the
    /// side that changed it; two different changes are a conflict, and ours
    /// stays. With no base (added on both sides), any difference is one.
    fn scalar<T: Clone + PartialEq>(
        &mut self,
        item: &str,
        field: &str,
        base: Option<&T>,
        ours: &T,
        theirs: &T,
        value: impl Fn(&T) -> Value,
    ) -> T {
        if ours == theirs || base == Some(theirs) {
            ours.clone()
        } else if base == Some(ours) {
            theirs.clone()
        } else {
            self.conflict(item, field, value(ours), value(theirs));
            ours.clone()
        }
    }

    fn touchpoint(
        &mut self,
        id: &str,
        b: Option<&Placed>,
        o: Option<&Placed>,
        t: Option<&Placed>,
    ) -> Option<(StageId, Touchpoint)> {
        match (o, t) {
            (Some(o), Some(t)) => Some(self.both(id, b, o, t)),
            (Some(one), None) | (None, Some(one)) => {
                let Some(b) = b else {
                    return Some((one.stage.clone(), one.tp.clone())); // added on one side
                };
                if one.stage == b.stage && one.tp == b.tp {
                    return None; // deleted on the other side, untouched here
                }
                let (ours, theirs) = if o.is_some() {
                    (Value::Kept, Value::Deleted)
                } else {
                    (Value::Deleted, Value::Kept)
                };
                self.conflict(id, "item", ours, theirs);
                Some((one.stage.clone(), one.tp.clone()))
            }
            (None, None) => None,
        }
    }

    fn both(
        &mut self,
        id: &str,
        b: Option<&Placed>,
        o: &Placed,
        t: &Placed,
    ) -> (StageId, Touchpoint) {
        let bt = b.map(|b| b.tp);
        let stage = self.scalar(id, "stage", b.map(|b| &b.stage), &o.stage, &t.stage, |s| {
            Value::Stage(s.clone())
        });
        let (ot, tt) = (o.tp, t.tp);
        let text = |v: &String| Value::Text(v.clone());
        let tp = Touchpoint {
            id: ot.id.clone(),
            name: self.scalar(id, "name", bt.map(|b| &b.name), &ot.name, &tt.name, text),
            channel: self.scalar(
                id,
                "channel",
                bt.map(|b| &b.channel),
                &ot.channel,
                &tt.channel,
                text,
            ),
            wish: self.scalar(id, "wish", bt.map(|b| &b.wish), &ot.wish, &tt.wish, |w| {
                Value::Wish(*w)
            }),
            emotion: self.scalar(
                id,
                "emotion",
                bt.map(|b| &b.emotion),
                &ot.emotion,
                &tt.emotion,
                |e| Value::Emotion(*e),
            ),
            evidence: self.scalar(
                id,
                "evidence",
                bt.map(|b| &b.evidence),
                &ot.evidence,
                &tt.evidence,
                |n| Value::Number(*n),
            ),
            basis: self.scalar(
                id,
                "basis",
                bt.map(|b| &b.basis),
                &ot.basis,
                &tt.basis,
                |b| Value::Basis(*b),
            ),
            at_risk: merge_set(bt.map(|b| &b.at_risk), &ot.at_risk, &tt.at_risk),
            root_cause: self.scalar(
                id,
                "root_cause",
                bt.map(|b| &b.root_cause),
                &ot.root_cause,
                &tt.root_cause,
                |r| Value::RootCause(r.clone()),
            ),
            description: self.scalar(
                id,
                "description",
                bt.map(|b| &b.description),
                &ot.description,
                &tt.description,
                text,
            ),
            verbatims: merge_list(
                bt.map_or(&[], |b| b.verbatims.as_slice()),
                &ot.verbatims,
                &tt.verbatims,
            ),
            actions: self.actions(
                bt.map(|b| b.actions.as_slice()).unwrap_or(&[]),
                &ot.actions,
                &tt.actions,
            ),
        };
        (stage, tp)
    }

    fn actions(&mut self, base: &[Action], ours: &[Action], theirs: &[Action]) -> Vec<Action> {
        let find = |list: &[Action], id: &str| list.iter().position(|a| a.id.as_str() == id);
        let ids = |list: &[Action]| list.iter().map(|a| a.id.to_string()).collect::<Vec<_>>();
        let (bi, oi, ti) = (ids(base), ids(ours), ids(theirs));
        let mut merged: HashMap<String, Action> = HashMap::new();
        for id in union(&[&bi, &oi, &ti]) {
            let b = find(base, &id).map(|i| &base[i]);
            let (o, t) = (
                find(ours, &id).map(|i| &ours[i]),
                find(theirs, &id).map(|i| &theirs[i]),
            );
            let action = match (o, t) {
                (Some(o), Some(t)) => {
                    let text = |v: &String| Value::Text(v.clone());
                    Action {
                        id: o.id.clone(),
                        text: self.scalar(&id, "text", b.map(|b| &b.text), &o.text, &t.text, text),
                        principle: self.scalar(
                            &id,
                            "principle",
                            b.map(|b| &b.principle),
                            &o.principle,
                            &t.principle,
                            |p| Value::Principle(*p),
                        ),
                        owner: self.scalar(
                            &id,
                            "owner",
                            b.map(|b| &b.owner),
                            &o.owner,
                            &t.owner,
                            text,
                        ),
                        due: self.scalar(&id, "due", b.map(|b| &b.due), &o.due, &t.due, |d| {
                            Value::Due(*d)
                        }),
                        done: self.scalar(&id, "done", b.map(|b| &b.done), &o.done, &t.done, |d| {
                            Value::Done(*d)
                        }),
                        follow_up: self.scalar(
                            &id,
                            "follow_up",
                            b.map(|b| &b.follow_up),
                            &o.follow_up,
                            &t.follow_up,
                            text,
                        ),
                    }
                }
                (Some(one), None) | (None, Some(one)) => match b {
                    None => one.clone(),
                    Some(b) if b == one => continue,
                    Some(_) => {
                        let (ours, theirs) = if o.is_some() {
                            (Value::Kept, Value::Deleted)
                        } else {
                            (Value::Deleted, Value::Kept)
                        };
                        self.conflict(&id, "item", ours, theirs);
                        one.clone()
                    }
                },
                (None, None) => continue,
            };
            merged.insert(id, action);
        }
        let keep: HashSet<&str> = merged.keys().map(String::as_str).collect();
        let order = merge_order(&bi, &oi, &ti, &keep);
        order
            .into_iter()
            .filter_map(|id| merged.remove(&id))
            .collect()
    }
}

/// A touchpoint and the stage it sits in, on one side.
struct Placed<'m> {
    stage: StageId,
    tp: &'m Touchpoint,
}

struct Index<'m> {
    map: &'m Map,
    stage_order: Vec<String>,
    touchpoint_order: Vec<String>,
    touchpoints: HashMap<&'m str, Placed<'m>>,
}

impl<'m> Index<'m> {
    fn new(map: &'m Map) -> Index<'m> {
        let mut touchpoints = HashMap::new();
        for (stage, tp) in map.touchpoints() {
            touchpoints.insert(
                tp.id.as_str(),
                Placed {
                    stage: stage.id.clone(),
                    tp,
                },
            );
        }
        Index {
            map,
            stage_order: map.stages.iter().map(|s| s.id.to_string()).collect(),
            touchpoint_order: map.touchpoints().map(|(_, t)| t.id.to_string()).collect(),
            touchpoints,
        }
    }

    fn stage(&self, id: &str) -> Option<&'m Stage> {
        self.map.stages.iter().find(|s| s.id.as_str() == id)
    }

    fn in_stage(&self, id: &str) -> Vec<String> {
        self.stage(id).map_or_else(Vec::new, |s| {
            s.touchpoints.iter().map(|t| t.id.to_string()).collect()
        })
    }
}

/// Every id of the lists, each once, in first-seen order.
fn union(lists: &[&Vec<String>]) -> Vec<String> {
    let mut seen = HashSet::new();
    lists
        .iter()
        .flat_map(|l| l.iter())
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect()
}

/// The order of `keep` after a merge: the order of the side that reordered
/// what it shared with the base (ours, if both did), with the other side's
/// new items placed after the item they follow there. When both sides add
/// at the same place, ours come first.
fn merge_order(
    base: &[String],
    ours: &[String],
    theirs: &[String],
    keep: &HashSet<&str>,
) -> Vec<String> {
    let reordered = |side: &[String]| {
        let shared_side: Vec<&String> = side.iter().filter(|id| base.contains(id)).collect();
        let shared_base: Vec<&String> = base.iter().filter(|id| side.contains(id)).collect();
        shared_side != shared_base
    };
    let (reference, other) = if reordered(ours) {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let added_by_ours = |id: &String| ours.contains(id) && !base.contains(id);
    let mut result: Vec<String> = reference
        .iter()
        .filter(|id| keep.contains(id.as_str()))
        .cloned()
        .collect();
    for side in [other, reference, base] {
        for (i, id) in side.iter().enumerate() {
            if !keep.contains(id.as_str()) || result.contains(id) {
                continue;
            }
            let after = side[..i]
                .iter()
                .rev()
                .find_map(|p| result.iter().position(|r| r == p));
            let mut at = after.map_or(0, |at| at + 1);
            // Theirs' new items go after ours' new items at the same place.
            if !added_by_ours(id) {
                while at < result.len() && added_by_ours(&result[at]) {
                    at += 1;
                }
            }
            result.insert(at, id.clone());
        }
    }
    let mut rest: Vec<String> = keep
        .iter()
        .filter(|id| !result.iter().any(|r| r == *id))
        .map(|id| id.to_string())
        .collect();
    rest.sort();
    result.extend(rest);
    result
}

/// A set, three ways: what either side added is in, what either removed is out.
fn merge_set<T: Ord + Clone>(
    base: Option<&BTreeSet<T>>,
    ours: &BTreeSet<T>,
    theirs: &BTreeSet<T>,
) -> BTreeSet<T> {
    let empty = BTreeSet::new();
    let base = base.unwrap_or(&empty);
    let mut result: BTreeSet<T> = base
        .iter()
        .filter(|x| ours.contains(x) && theirs.contains(x))
        .cloned()
        .collect();
    result.extend(ours.iter().filter(|x| !base.contains(x)).cloned());
    result.extend(theirs.iter().filter(|x| !base.contains(x)).cloned());
    result
}

/// A list of values without ids (the customer's words, kept conflicts),
/// three ways. A side that left the list alone takes the other side's list as
/// it is. Otherwise each distinct value is counted: one both sides added (or
/// removed) counts once, a change on one side counts as that change. Ours
/// come first in our order, then theirs.
fn merge_list<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    if ours == base || ours == theirs {
        return theirs.to_vec();
    }
    if theirs == base {
        return ours.to_vec();
    }
    let count = |list: &[T], v: &T| list.iter().filter(|x| *x == v).count();
    let wanted = |v: &T| {
        let (b, o, t) = (count(base, v), count(ours, v), count(theirs, v));
        if o > b && t > b {
            o.max(t)
        } else if o < b && t < b {
            o.min(t)
        } else {
            (o + t).saturating_sub(b)
        }
    };
    let mut result: Vec<T> = Vec::new();
    for v in ours.iter().chain(theirs) {
        if count(&result, v) < wanted(v) {
            result.push(v.clone());
        }
    }
    result
}

/// A root cause that names a touchpoint the merge removed is cleared, and the
/// loss recorded as a conflict.
fn unlink_missing(map: &mut Map, m: &mut Merger) {
    let present: HashSet<String> = map.touchpoints().map(|(_, t)| t.id.to_string()).collect();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        if let Some(RootCause::Touchpoint(to)) = &tp.root_cause
            && !present.contains(to.as_str())
        {
            let lost = tp.root_cause.take();
            m.conflict(
                tp.id.as_str(),
                "root_cause",
                Value::RootCause(None),
                Value::RootCause(lost),
            );
        }
    }
}

/// An action moved between touchpoints by hand on one side could arrive twice.
fn drop_duplicate_actions(map: &mut Map) {
    let mut seen = HashSet::new();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        tp.actions.retain(|a| seen.insert(a.id.clone()));
    }
}

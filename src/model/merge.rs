//! Three-way merge of maps by id, for git and for two windows on one file.
//!
//! Items are matched by id, never by position, so that one side renaming a
//! touchpoint while the other moves it, scores it or adds another one all
//! survive. Where both sides changed the same field differently, the result
//! keeps ours and records a [`Conflict`]; where one side deleted what the
//! other changed, the changed item is kept and the conflict recorded. Nothing
//! either side wrote is lost. The laws hold: `merge(b, x, b) == x`,
//! `merge(b, b, x) == x`, `merge(b, x, x) == x`.

use super::field::{self, Merged};
use super::{
    Action, ActionKey, Conflict, Entry, Item, Map, MapKey, Persona, PersonaKey, RootCause, Shared,
    Side, Stage, StageId, StageKey, Touchpoint, TouchpointField, TouchpointKey, kinds,
};
use std::collections::{HashMap, HashSet};

pub fn merge(base: &Map, ours: &Map, theirs: &Map) -> Map {
    // Conflicts from an earlier merge, three ways like the customer's words:
    // one settled on either side is settled.
    let entries = |map: &Map| {
        map.conflicts
            .iter()
            .map(Conflict::entry)
            .collect::<Vec<_>>()
    };
    let mut m = Merger::new(field::list(
        &entries(base),
        &entries(ours),
        &entries(theirs),
    ));
    let mut map = Map {
        title: ours.title.clone(),
        persona: ours.persona.clone(),
        ..Map::default()
    };
    for key in MapKey::ALL {
        for (ours, theirs) in key.merge(Some(base), ours, theirs, &mut map) {
            m.conflict(Conflict::Map { ours, theirs });
        }
    }
    let sides = [Index::new(base), Index::new(ours), Index::new(theirs)];
    // Touchpoints first, by id wherever they sit: where each ends up decides
    // which stages must stay.
    let placed = m.touchpoints(&sides);
    map.stages = m
        .stages(&sides, &placed)
        .into_iter()
        .map(Shared::new)
        .collect();
    fill(&mut map.stages, &sides, &placed);
    map.personas = m.personas(base, ours, theirs, &map);
    unlink_missing(&mut map, &sides[1], &mut m);
    drop_duplicate_actions(&mut map);
    // Every conflict read against the merged map, as loading the result
    // would read it.
    let kinds = kinds(&map.stages, &map.personas);
    map.conflicts = m
        .conflicts
        .into_iter()
        .map(|entry| Conflict::read(entry, &kinds))
        .collect();
    map
}

/// Where each touchpoint ended up, by id.
type Placements = HashMap<String, (StageId, Touchpoint)>;

/// Each stage's touchpoints, in merged order.
fn fill(stages: &mut [Shared<Stage>], [b, o, t]: &[Index; 3], placed: &Placements) {
    let mut by_stage: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (id, (stage, _)) in placed {
        by_stage
            .entry(stage.as_str())
            .or_default()
            .insert(id.as_str());
    }
    for stage in stages {
        let sid = stage.id.as_str();
        let here = by_stage.remove(sid).unwrap_or_default();
        let order = merge_order(&b.in_stage(sid), &o.in_stage(sid), &t.in_stage(sid), &here);
        stage.touchpoints = order
            .iter()
            .filter_map(|id| placed.get(id).map(|(_, tp)| tp.clone().into()))
            .collect();
    }
}

/// The conflicts found so far, as the file keeps them: the kind of an item
/// is known only once the merged map is.
struct Merger {
    conflicts: Vec<Entry>,
    /// The same entries, to look one up.
    known: HashSet<Entry>,
}

impl Merger {
    fn new(conflicts: Vec<Entry>) -> Merger {
        let known = conflicts.iter().cloned().collect();
        Merger { conflicts, known }
    }

    fn conflict(&mut self, c: Conflict) {
        let entry = c.entry();
        if !self.known.contains(&entry) {
            self.known.insert(entry.clone());
            self.conflicts.push(entry);
        }
    }

    /// Every touchpoint of the three sides, merged, with the stage it ends up in.
    fn touchpoints(&mut self, [b, o, t]: &[Index; 3]) -> Placements {
        let mut placed = HashMap::new();
        let ids = union(&[
            &b.touchpoint_order,
            &o.touchpoint_order,
            &t.touchpoint_order,
        ]);
        for id in ids {
            let here = id.as_str();
            let (bp, op, tp) = (
                b.touchpoints.get(here),
                o.touchpoints.get(here),
                t.touchpoints.get(here),
            );
            if let Some(result) = self.touchpoint(bp, op, tp) {
                placed.insert(id, result);
            }
        }
        placed
    }

    /// The stages, empty, in merged order: kept unless deleted on one side
    /// and untouched on the other, and always kept while a touchpoint sits
    /// in them.
    fn stages(&mut self, [b, o, t]: &[Index; 3], placed: &Placements) -> Vec<Stage> {
        let mut stages: HashMap<String, Stage> = HashMap::new();
        let occupied: HashSet<&str> = placed.values().map(|(s, _)| s.as_str()).collect();
        for id in union(&[&b.stage_order, &o.stage_order, &t.stage_order]) {
            let occupied = occupied.contains(id.as_str());
            if let Some(stage) = self.stage(b.stage(&id), o.stage(&id), t.stage(&id), occupied) {
                stages.insert(id, stage);
            }
        }
        let keep: HashSet<&str> = stages.keys().map(String::as_str).collect();
        let order = merge_order(&b.stage_order, &o.stage_order, &t.stage_order, &keep);
        order.iter().filter_map(|id| stages.remove(id)).collect()
    }

    fn stage(
        &mut self,
        bs: Option<&Stage>,
        os: Option<&Stage>,
        ts: Option<&Stage>,
        occupied: bool,
    ) -> Option<Stage> {
        let empty = |s: &Stage| Stage {
            id: s.id.clone(),
            name: s.name.clone(),
            touchpoints: Vec::new(),
        };
        match (os, ts) {
            (Some(os), Some(ts)) => {
                let mut stage = empty(os);
                for key in StageKey::ALL {
                    for (ours, theirs) in key.merge(bs, os, ts, &mut stage) {
                        let id = stage.id.clone();
                        self.conflict(Conflict::Stage { id, ours, theirs });
                    }
                }
                Some(stage)
            }
            (Some(one), None) | (None, Some(one)) => {
                let Some(bs) = bs else {
                    return Some(empty(one)); // added on one side
                };
                let changed = StageKey::ALL.iter().any(|k| !k.same(bs, one));
                if !changed && !occupied {
                    return None; // deleted on the other side, untouched here
                }
                let by = if os.is_some() {
                    Side::Theirs
                } else {
                    Side::Ours
                };
                let item = Item::Stage(one.id.clone());
                self.conflict(Conflict::Deleted { item, by });
                Some(empty(one))
            }
            (None, None) => None,
        }
    }

    fn touchpoint(
        &mut self,
        b: Option<&Placed>,
        o: Option<&Placed>,
        t: Option<&Placed>,
    ) -> Option<(StageId, Touchpoint)> {
        match (o, t) {
            (Some(o), Some(t)) => Some(self.both(b, o, t)),
            (Some(one), None) | (None, Some(one)) => {
                let Some(b) = b else {
                    return Some((one.stage.clone(), one.tp.clone())); // added on one side
                };
                if one.stage == b.stage && one.tp == b.tp {
                    return None; // deleted on the other side, untouched here
                }
                let by = if o.is_some() {
                    Side::Theirs
                } else {
                    Side::Ours
                };
                let item = Item::Touchpoint(one.tp.id.clone());
                self.conflict(Conflict::Deleted { item, by });
                Some((one.stage.clone(), one.tp.clone()))
            }
            (None, None) => None,
        }
    }

    /// A touchpoint both sides have: its stage, then each field by its rule.
    fn both(&mut self, b: Option<&Placed>, o: &Placed, t: &Placed) -> (StageId, Touchpoint) {
        let bt = b.map(|b| b.tp);
        let (ot, tt) = (o.tp, t.tp);
        let id = &ot.id;
        let stage = match field::one(b.map(|b| &b.stage), &o.stage, &t.stage) {
            Merged::Clean(stage) | Merged::Partly { merged: stage, .. } => stage,
            Merged::Conflict { ours, theirs } => {
                let id = id.clone();
                self.conflict(Conflict::Moved {
                    id,
                    ours: ours.clone(),
                    theirs,
                });
                ours
            }
        };
        let mut tp = Touchpoint {
            actions: Vec::new(),
            ..ot.clone()
        };
        for key in TouchpointKey::ALL {
            for (ours, theirs) in key.merge(bt, ot, tt, &mut tp) {
                let id = id.clone();
                self.conflict(Conflict::Touchpoint { id, ours, theirs });
            }
        }
        tp.actions = self.actions(
            bt.map(|b| b.actions.as_slice()).unwrap_or(&[]),
            &ot.actions,
            &tt.actions,
        );
        (stage, tp)
    }

    fn actions<'a>(
        &mut self,
        base: &'a [Action],
        ours: &'a [Action],
        theirs: &'a [Action],
    ) -> Vec<Action> {
        let by_id = |list: &'a [Action]| {
            list.iter()
                .map(|a| (a.id.as_str(), a))
                .collect::<HashMap<_, _>>()
        };
        let ids = |list: &[Action]| list.iter().map(|a| a.id.to_string()).collect::<Vec<_>>();
        let (bi, oi, ti) = (ids(base), ids(ours), ids(theirs));
        let (bm, om, tm) = (by_id(base), by_id(ours), by_id(theirs));
        let mut merged: HashMap<String, Action> = HashMap::new();
        for id in union(&[&bi, &oi, &ti]) {
            let here = id.as_str();
            let b = bm.get(here).copied();
            let (o, t) = (om.get(here).copied(), tm.get(here).copied());
            let action = match (o, t) {
                (Some(o), Some(t)) => {
                    let mut action = o.clone();
                    for key in ActionKey::ALL {
                        for (ours, theirs) in key.merge(b, o, t, &mut action) {
                            let id = o.id.clone();
                            self.conflict(Conflict::Action { id, ours, theirs });
                        }
                    }
                    action
                }
                (Some(one), None) | (None, Some(one)) => match b {
                    None => one.clone(),
                    Some(b) if b == one => continue,
                    Some(_) => {
                        let by = if o.is_some() {
                            Side::Theirs
                        } else {
                            Side::Ours
                        };
                        let item = Item::Action(one.id.clone());
                        self.conflict(Conflict::Deleted { item, by });
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

impl Merger {
    /// The personas, by id, each field by its row, in merged order: kept
    /// unless deleted on one side and untouched on the other, and always
    /// kept while a touchpoint of the merged map scores it.
    fn personas<'m>(
        &mut self,
        base: &'m Map,
        ours: &'m Map,
        theirs: &'m Map,
        merged: &Map,
    ) -> Vec<Persona> {
        let ids = |m: &Map| {
            m.personas
                .iter()
                .map(|p| p.id.to_string())
                .collect::<Vec<_>>()
        };
        let (bi, oi, ti) = (ids(base), ids(ours), ids(theirs));
        // The personas a touchpoint of the merged map scores, in one walk.
        let scored: HashSet<&str> = if bi.is_empty() {
            HashSet::new() // a persona deleted on a side was in the base
        } else {
            merged
                .touchpoints()
                .flat_map(|(_, t)| t.by_persona.iter().map(|s| s.persona.as_str()))
                .collect()
        };
        let scored = |id: &str| scored.contains(id);
        let by_id = |m: &'m Map| {
            m.personas
                .iter()
                .map(|p| (p.id.as_str(), p))
                .collect::<HashMap<_, _>>()
        };
        let (bm, om, tm) = (by_id(base), by_id(ours), by_id(theirs));
        let find = |m: &HashMap<&str, &Persona>, id: &str| m.get(id).map(|p| (*p).clone());
        let mut kept: HashMap<String, Persona> = HashMap::new();
        for id in union(&[&bi, &oi, &ti]) {
            let (b, o, t) = (find(&bm, &id), find(&om, &id), find(&tm, &id));
            let persona = match (o, t) {
                (Some(o), Some(t)) => {
                    let mut persona = o.clone();
                    for key in PersonaKey::ALL {
                        for (ours, theirs) in key.merge(b.as_ref(), &o, &t, &mut persona) {
                            let id = o.id.clone();
                            self.conflict(Conflict::Persona { id, ours, theirs });
                        }
                    }
                    persona
                }
                (Some(one), None) | (None, Some(one)) => match b {
                    None => one,
                    Some(b) if b == one && !scored(&id) => continue,
                    Some(_) => {
                        let by = if om.contains_key(id.as_str()) {
                            Side::Theirs
                        } else {
                            Side::Ours
                        };
                        let item = Item::Persona(one.id.clone());
                        self.conflict(Conflict::Deleted { item, by });
                        one
                    }
                },
                (None, None) => continue,
            };
            kept.insert(id, persona);
        }
        let keep: HashSet<&str> = kept.keys().map(String::as_str).collect();
        let order = merge_order(&bi, &oi, &ti, &keep);
        order
            .into_iter()
            .filter_map(|id| kept.remove(&id))
            .collect()
    }
}

/// A touchpoint and the stage it sits in, on one side.
struct Placed<'m> {
    stage: StageId,
    tp: &'m Touchpoint,
}

struct Index<'m> {
    stages: HashMap<&'m str, &'m Stage>,
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
            stages: map.stages.iter().map(|s| (s.id.as_str(), &**s)).collect(),
            stage_order: map.stages.iter().map(|s| s.id.to_string()).collect(),
            touchpoint_order: map.touchpoints().map(|(_, t)| t.id.to_string()).collect(),
            touchpoints,
        }
    }

    fn stage(&self, id: &str) -> Option<&'m Stage> {
        self.stages.get(id).copied()
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
/// at the same place, ours come first. Ids are unique within each list (as
/// `validate.rs` has them in a map); every step is a lookup by id, so the
/// order of 100,000 touchpoints costs what a few passes over them do.
fn merge_order(
    base: &[String],
    ours: &[String],
    theirs: &[String],
    keep: &HashSet<&str>,
) -> Vec<String> {
    let in_base: HashSet<&str> = base.iter().map(String::as_str).collect();
    let reordered = |side: &[String]| {
        let in_side: HashSet<&str> = side.iter().map(String::as_str).collect();
        let shared_side = side.iter().filter(|id| in_base.contains(id.as_str()));
        let shared_base = base.iter().filter(|id| in_side.contains(id.as_str()));
        shared_side.ne(shared_base)
    };
    let (reference, other) = if reordered(ours) {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let in_ours: HashSet<&str> = ours.iter().map(String::as_str).collect();
    let added_by_ours = |id: &str| in_ours.contains(id) && !in_base.contains(id);
    let mut order = Order::default();
    let mut last = None;
    for id in reference.iter().filter(|id| keep.contains(id.as_str())) {
        if order.node(id).is_none() {
            last = Some(order.insert_after(last, id, added_by_ours(id)));
        }
    }
    for side in [other, reference, base] {
        // The last kept item seen on this side: every one before it is in
        // the order by now, so it is the nearest one the order holds.
        let mut anchor = None;
        for id in side.iter().filter(|id| keep.contains(id.as_str())) {
            if let Some(node) = order.node(id) {
                anchor = Some(node);
                continue;
            }
            let ours_too = added_by_ours(id);
            // Theirs' new items go after ours' new items at the same place.
            let after = if ours_too {
                anchor
            } else {
                order.past_added_by_ours(anchor)
            };
            anchor = Some(order.insert_after(after, id, ours_too));
        }
    }
    let mut rest: Vec<String> = keep
        .iter()
        .filter(|id| order.node(id).is_none())
        .map(|id| id.to_string())
        .collect();
    rest.sort();
    let mut result = order.into_ids();
    result.extend(rest);
    result
}

/// The order being built by [`merge_order`]: a list linked by node, each
/// id's node by id, and the runs of consecutive items added by ours, each
/// found in one step from any of its items (a union-find whose root knows
/// the run's last item). An item never lands inside a run: one added by
/// ours joins the runs beside it, any other is placed past the run, so
/// runs only grow and merge.
#[derive(Default)]
struct Order<'a> {
    ids: Vec<&'a str>,
    nodes: HashMap<&'a str, usize>,
    next: Vec<Option<usize>>,
    head: Option<usize>,
    /// Whether each node was added by ours; only those are in runs.
    ours: Vec<bool>,
    /// Union-find over the runs: a node's parent, itself at a root.
    parent: Vec<usize>,
    /// At a run's root: its last node.
    tail: Vec<usize>,
}

impl<'a> Order<'a> {
    fn node(&self, id: &str) -> Option<usize> {
        self.nodes.get(id).copied()
    }

    fn after(&self, node: Option<usize>) -> Option<usize> {
        node.map_or(self.head, |n| self.next[n])
    }

    /// `id` placed right after `prev` (first when `None`); its node.
    fn insert_after(&mut self, prev: Option<usize>, id: &'a str, added_by_ours: bool) -> usize {
        let node = self.ids.len();
        let next = self.after(prev);
        self.ids.push(id);
        self.nodes.insert(id, node);
        self.next.push(next);
        match prev {
            Some(p) => self.next[p] = Some(node),
            None => self.head = Some(node),
        }
        self.ours.push(added_by_ours);
        self.parent.push(node);
        self.tail.push(node);
        if added_by_ours {
            let run_after = next.filter(|&n| self.ours[n]);
            let tail = match run_after {
                Some(n) => {
                    let root = self.root(n);
                    self.tail[root]
                }
                None => node,
            };
            if let Some(p) = prev.filter(|&p| self.ours[p]) {
                self.join(p, node);
            }
            if let Some(n) = run_after {
                self.join(node, n);
            }
            let root = self.root(node);
            self.tail[root] = tail;
        }
        node
    }

    /// Where an item not added by ours goes when it follows `node`: past
    /// the items added by ours right after it, if any.
    fn past_added_by_ours(&mut self, node: Option<usize>) -> Option<usize> {
        match self.after(node) {
            Some(n) if self.ours[n] => {
                let root = self.root(n);
                Some(self.tail[root])
            }
            _ => node,
        }
    }

    fn root(&mut self, mut node: usize) -> usize {
        while self.parent[node] != node {
            self.parent[node] = self.parent[self.parent[node]];
            node = self.parent[node];
        }
        node
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[b] = a;
        }
    }

    fn into_ids(self) -> Vec<String> {
        let mut ids = Vec::with_capacity(self.ids.len());
        let mut at = self.head;
        while let Some(node) = at {
            ids.push(self.ids[node].to_owned());
            at = self.next[node];
        }
        ids
    }
}

/// A root cause that names a touchpoint the merge removed is cleared, and the
/// loss recorded as a conflict with the sides as they were: the side whose
/// link it was has it, the other (which deleted its target) has none.
fn unlink_missing(map: &mut Map, ours: &Index, m: &mut Merger) {
    let present: HashSet<String> = map.touchpoints().map(|(_, t)| t.id.to_string()).collect();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        if let Some(RootCause::Touchpoint(to)) = &tp.root_cause
            && !present.contains(to.as_str())
        {
            let ours_linked = ours
                .touchpoints
                .get(tp.id.as_str())
                .is_some_and(|o| o.tp.root_cause == tp.root_cause);
            let lost = TouchpointField::RootCause(tp.root_cause.take());
            let none = TouchpointField::RootCause(None);
            let (ours, theirs) = if ours_linked {
                (lost, none)
            } else {
                (none, lost)
            };
            let id = tp.id.clone();
            m.conflict(Conflict::Touchpoint { id, ours, theirs });
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

#[cfg(test)]
mod tests;

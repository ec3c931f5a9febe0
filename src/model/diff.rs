//! What changed between two versions of a map, in words a reviewer reads:
//! "touchpoint 'Call support' moved from Onboarding to Use; emotion -1 -> -2".
//! Items are matched by id, so a rename reads as a rename, not as a removal
//! and an addition.

use super::{Action, ActionKey, MapKey, Maps, PersonaKey, StageKey, Touchpoint, TouchpointKey};
use super::{Map, Stage};
use std::collections::HashMap;

/// The changes from `old` to `new`, one sentence each, in journey order.
pub fn diff(old: &Map, new: &Map) -> Vec<String> {
    changes(old, new).into_iter().map(|c| c.text).collect()
}

/// One change, with the part of the map it is in, so that a review can
/// group them (`cxmap diff --format markdown`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub part: Part,
    pub text: String,
}

/// Where a change is: the map's own fields, its stages, the touchpoints of
/// one stage (named as the new map has it; a removed stage by its old name),
/// or the merge conflicts it records.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Map,
    Stages,
    Touchpoints { stage: String },
    Conflicts,
}

/// The changes of [`diff`], each with its [`Part`], in the same order.
pub fn changes(old: &Map, new: &Map) -> Vec<Change> {
    let maps = Maps { old, new };
    let mut map_fields = Vec::new();
    for key in MapKey::ALL.iter().filter(|k| !k.same(old, new)) {
        map_fields.extend(key.changes(old, new, maps));
    }
    personas(&mut map_fields, maps);
    let mut out = tagged(Part::Map, map_fields);
    let mut lines = Vec::new();
    stages(&mut lines, maps);
    out.extend(tagged(Part::Stages, lines));
    touchpoints(&mut out, maps);
    let mut lines = Vec::new();
    conflicts(&mut lines, maps);
    out.extend(tagged(Part::Conflicts, lines));
    out
}

fn tagged(part: Part, lines: Vec<String>) -> Vec<Change> {
    lines
        .into_iter()
        .map(|text| Change {
            part: part.clone(),
            text,
        })
        .collect()
}

/// Stages added, renamed, moved and removed.
fn stages(out: &mut Vec<String>, maps: Maps) {
    let Maps { old, new } = maps;
    let old_stages: HashMap<&str, (usize, &Stage)> = old
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), (i, &**s)))
        .collect();
    let new_stages: HashMap<&str, (usize, &Stage)> = new
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), (i, &**s)))
        .collect();
    let (old_ids, new_ids) = (stage_ids(old), stage_ids(new));
    let (stage_rank_before, stage_rank_now) = (
        shared_ranks(&old_ids, &new_ids),
        shared_ranks(&new_ids, &old_ids),
    );
    for (i, stage) in new.stages.iter().enumerate() {
        match old_stages.get(stage.id.as_str()) {
            None => out.push(format!(
                "stage '{}' added at position {}",
                stage.name,
                i + 1
            )),
            Some((j, before)) => {
                if before.name != stage.name {
                    out.push(format!(
                        "stage '{}' renamed to '{}'",
                        before.name, stage.name
                    ));
                }
                // The name is told above; any other field of a stage here.
                for key in StageKey::ALL {
                    if *key != StageKey::Name && !key.same(before, stage) {
                        let changes = key.changes(before, stage, maps);
                        out.extend(
                            changes
                                .into_iter()
                                .map(|c| format!("stage '{}': {c}", stage.name)),
                        );
                    }
                }
                let id = stage.id.as_str();
                let (kept_before, kept_now) = (stage_rank_before.get(id), stage_rank_now.get(id));
                if kept_before != kept_now {
                    out.push(format!(
                        "stage '{}' moved from position {} to {}",
                        stage.name,
                        j + 1,
                        i + 1
                    ));
                }
            }
        }
    }
    for stage in &old.stages {
        if !new_stages.contains_key(stage.id.as_str()) {
            out.push(format!("stage '{}' removed", stage.name));
        }
    }
}

/// Personas added, renamed, described, moved and removed: changes of the
/// map itself.
fn personas(out: &mut Vec<String>, maps: Maps) {
    let Maps { old, new } = maps;
    let old_ids: Vec<&str> = old.personas.iter().map(|p| p.id.as_str()).collect();
    let new_ids: Vec<&str> = new.personas.iter().map(|p| p.id.as_str()).collect();
    let (rank_before, rank_now) = (
        shared_ranks(&old_ids, &new_ids),
        shared_ranks(&new_ids, &old_ids),
    );
    for (i, persona) in new.personas.iter().enumerate() {
        let Some(j) = old.personas.iter().position(|p| p.id == persona.id) else {
            out.push(format!("persona '{}' added", persona.name));
            continue;
        };
        let before = &old.personas[j];
        if before.name != persona.name {
            out.push(format!(
                "persona '{}' renamed to '{}'",
                before.name, persona.name
            ));
        }
        for key in PersonaKey::ALL {
            if *key != PersonaKey::Name && !key.same(before, persona) {
                for change in key.changes(before, persona, maps) {
                    out.push(format!("persona '{}': {change}", persona.name));
                }
            }
        }
        let id = persona.id.as_str();
        if rank_before.get(id) != rank_now.get(id) {
            out.push(format!(
                "persona '{}' moved from position {} to {}",
                persona.name,
                j + 1,
                i + 1
            ));
        }
    }
    for persona in &old.personas {
        if new.persona(&persona.id).is_none() {
            out.push(format!("persona '{}' removed", persona.name));
        }
    }
}

/// Touchpoints added, moved and removed, and their changed fields, each
/// under the stage it is in now (a removed one, the stage it was in).
fn touchpoints(changes: &mut Vec<Change>, maps: Maps) {
    let Maps { old, new } = maps;
    let old_tps: HashMap<&str, (&Stage, usize, &Touchpoint)> = placed(old);
    let new_tps: HashMap<&str, (&Stage, usize, &Touchpoint)> = placed(new);
    // Each stage's touchpoints ranked among those it kept, worked out once
    // per stage: a move within a stage changes the order of those.
    let mut kept_orders: HashMap<&str, Ranks> = HashMap::new();
    for (stage, tp) in new.touchpoints() {
        let name = &tp.name;
        let mut out = Vec::new();
        let Some((old_stage, old_index, before)) = old_tps.get(tp.id.as_str()) else {
            out.push(format!("touchpoint '{name}' added to {}", stage.name));
            changes.extend(in_stage(&stage.name, out));
            continue;
        };
        if before.name != tp.name {
            out.push(format!("touchpoint '{}' renamed to '{name}'", before.name));
        }
        if old_stage.id != stage.id {
            out.push(format!(
                "touchpoint '{name}' moved from {} to {}",
                old_stage.name, stage.name
            ));
        } else {
            let index = new_tps.get(tp.id.as_str()).map_or(0, |(_, i, _)| *i);
            let (before_ranks, now_ranks) =
                kept_orders.entry(stage.id.as_str()).or_insert_with(|| {
                    let (before, now) = (touchpoint_ids(old_stage), touchpoint_ids(stage));
                    (shared_ranks(&before, &now), shared_ranks(&now, &before))
                });
            let id = tp.id.as_str();
            if before_ranks.get(id) != now_ranks.get(id) {
                out.push(format!(
                    "touchpoint '{name}' moved within {} from place {} to {}",
                    stage.name,
                    old_index + 1,
                    index + 1
                ));
            }
        }
        fields(&mut out, maps, before, tp);
        changes.extend(in_stage(&stage.name, out));
    }
    for (stage, tp) in old.touchpoints() {
        if !new_tps.contains_key(tp.id.as_str()) {
            let now = new
                .stages
                .iter()
                .find(|s| s.id == stage.id)
                .map_or(stage, |s| &**s);
            let line = format!("touchpoint '{}' removed from {}", tp.name, stage.name);
            changes.extend(in_stage(&now.name, vec![line]));
        }
    }
}

fn in_stage(stage: &str, lines: Vec<String>) -> Vec<Change> {
    tagged(
        Part::Touchpoints {
            stage: stage.to_owned(),
        },
        lines,
    )
}

/// Merge conflicts that came or went.
fn conflicts(out: &mut Vec<String>, maps: Maps) {
    let Maps { old, new } = maps;
    for c in &new.conflicts {
        if !old.conflicts.contains(c) {
            out.push(format!("merge conflict: {}", c.describe(new)));
        }
    }
    for c in &old.conflicts {
        if !new.conflicts.contains(c) {
            out.push(format!("merge conflict settled: {}", c.describe(old)));
        }
    }
}

fn placed(map: &Map) -> HashMap<&str, (&Stage, usize, &Touchpoint)> {
    map.stages
        .iter()
        .flat_map(|s| {
            s.touchpoints
                .iter()
                .enumerate()
                .map(move |(i, t)| (t.id.as_str(), (&**s, i, &**t)))
        })
        .collect()
}

fn stage_ids(map: &Map) -> Vec<&str> {
    map.stages.iter().map(|s| s.id.as_str()).collect()
}

fn touchpoint_ids(stage: &Stage) -> Vec<&str> {
    stage.touchpoints.iter().map(|t| t.id.as_str()).collect()
}

/// Ranks among the kept items, before and now.
type Ranks<'a> = (HashMap<&'a str, usize>, HashMap<&'a str, usize>);

/// Each id of `list` that `other` has too, with its rank among those: two
/// lists that kept the same items in the same order give the same ranks.
/// In time that grows with the lists, not with their square.
fn shared_ranks<'a>(list: &[&'a str], other: &[&str]) -> HashMap<&'a str, usize> {
    let other: std::collections::HashSet<&str> = other.iter().copied().collect();
    list.iter()
        .copied()
        .filter(|id| other.contains(id))
        .enumerate()
        .map(|(rank, id)| (id, rank))
        .collect()
}

/// A touchpoint's changed fields (its name is told as a rename) and actions.
fn fields(out: &mut Vec<String>, maps: Maps, before: &Touchpoint, tp: &Touchpoint) {
    let who = format!("touchpoint '{}'", tp.name);
    for key in TouchpointKey::ALL {
        if *key != TouchpointKey::Name && !key.same(before, tp) {
            let changes = key.changes(before, tp, maps);
            out.extend(changes.into_iter().map(|c| format!("{who}: {c}")));
        }
    }
    for action in &tp.actions {
        match before.actions.iter().find(|a| a.id == action.id) {
            None => out.push(format!(
                "{who}: action '{}' added ({})",
                action.text,
                action.principle.title()
            )),
            Some(old_action) => action_fields(out, &who, maps, old_action, action),
        }
    }
    for action in before
        .actions
        .iter()
        .filter(|a| !tp.actions.iter().any(|b| b.id == a.id))
    {
        out.push(format!("{who}: action '{}' removed", action.text));
    }
}

/// An action's changed fields; its text is told as a rename.
fn action_fields(out: &mut Vec<String>, who: &str, maps: Maps, before: &Action, now: &Action) {
    let name = &now.text;
    if before.text != now.text {
        out.push(format!(
            "{who}: action '{}' renamed to '{name}'",
            before.text
        ));
    }
    for key in ActionKey::ALL {
        if *key != ActionKey::Text && !key.same(before, now) {
            for change in key.changes(before, now, maps) {
                out.push(format!("{who}: action '{name}' {change}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Persona, PersonaId, PersonaScore, StageId, TouchpointId};

    fn stage(id: &str, name: &str, touchpoints: &[(&str, &str)]) -> Stage {
        Stage {
            id: StageId::parse(id).unwrap(),
            name: name.into(),
            touchpoints: touchpoints
                .iter()
                .map(|(id, name)| Touchpoint::new(TouchpointId::parse(id).unwrap(), *name).into())
                .collect(),
        }
    }

    fn part(stage: &str) -> Part {
        Part::Touchpoints {
            stage: stage.into(),
        }
    }

    #[test]
    fn each_change_says_which_part_of_the_map_it_is_in() {
        let mut old = Map::new("Old");
        old.stages = vec![
            stage("s-1", "Find", &[("t-1", "Search"), ("t-2", "Ask")]).into(),
            stage("s-2", "Buy", &[("t-3", "Pay")]).into(),
        ];
        let mut new = Map::new("New");
        new.stages = vec![stage("s-1", "Discover", &[("t-1", "Search"), ("t-4", "Read")]).into()];
        let changes = changes(&old, &new);
        let said: Vec<(Part, &str)> = changes
            .iter()
            .map(|c| (c.part.clone(), c.text.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (Part::Map, "title 'Old' -> 'New'"),
                (Part::Stages, "stage 'Find' renamed to 'Discover'"),
                (Part::Stages, "stage 'Buy' removed"),
                (part("Discover"), "touchpoint 'Read' added to Discover"),
                // Removed from a stage still there: under its name now.
                (part("Discover"), "touchpoint 'Ask' removed from Find"),
                // Removed with its stage: under the stage's old name.
                (part("Buy"), "touchpoint 'Pay' removed from Buy"),
            ]
        );
        let texts: Vec<String> = changes.into_iter().map(|c| c.text).collect();
        assert_eq!(diff(&old, &new), texts);
    }

    #[test]
    fn personas_and_their_scores_read_as_changes_of_the_map_and_the_touchpoint() {
        let (anna, ben, cleo) = (
            PersonaId::parse("p-anna").unwrap(),
            PersonaId::parse("p-ben").unwrap(),
            PersonaId::parse("p-cleo").unwrap(),
        );
        let mut old = Map::new("Map");
        old.stages = vec![stage("s-1", "Buy", &[("t-1", "Pay")]).into()];
        old.personas = vec![
            Persona::new(anna.clone(), "Anna"),
            Persona::new(ben.clone(), "Ben"),
        ];
        old.stages[0].touchpoints[0].by_persona = vec![PersonaScore {
            emotion: Emotion::new(-1),
            ..PersonaScore::unset(anna.clone())
        }];
        let mut new = old.clone();
        new.personas[0].name = "Anne".into();
        new.personas[0].description = "Pays from her phone".into();
        new.personas.remove(1);
        new.personas.insert(0, Persona::new(cleo.clone(), "Cleo"));
        new.stages[0].touchpoints[0].by_persona = vec![
            PersonaScore {
                emotion: Emotion::new(-2),
                to_be_emotion: Emotion::new(1),
                ..PersonaScore::unset(anna)
            },
            PersonaScore {
                emotion: Emotion::new(2),
                ..PersonaScore::unset(cleo)
            },
        ];
        let said: Vec<(Part, String)> = changes(&old, &new)
            .into_iter()
            .map(|c| (c.part, c.text))
            .collect();
        let map = |t: &str| (Part::Map, t.to_owned());
        let buy = |t: &str| (part("Buy"), t.to_owned());
        assert_eq!(
            said,
            [
                map("persona 'Cleo' added"),
                map("persona 'Anna' renamed to 'Anne'"),
                map("persona 'Anne': description '' -> 'Pays from her phone'"),
                map("persona 'Ben' removed"),
                buy("touchpoint 'Pay': emotion for 'Anne' -1 -> -2"),
                buy("touchpoint 'Pay': to-be emotion for 'Anne' map-wide -> +1"),
                buy("touchpoint 'Pay': emotion for 'Cleo' map-wide -> +2"),
            ]
        );
        let _ = ben;
    }
}

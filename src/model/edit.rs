//! Every change to a map is an [`Edit`], applied by [`apply`], which hands back
//! the edit that undoes it. The UI, the command line, undo/redo and merging all
//! change maps this way and no other.
//!
//! `apply` either makes the whole change or none of it, and it keeps the rules
//! of [`validate`](super::validate): ids stay unique and root-cause links stay
//! sound (removing a touchpoint unlinks those that named it, and the inverse
//! links them again).

use super::{
    Action, ActionField, ActionId, Conflict, Map, MapField, Persona, PersonaField, PersonaId,
    Place, RootCause, Stage, StageField, StageId, Touchpoint, TouchpointField, TouchpointId,
};
use std::collections::HashSet;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    SetMap(MapField),
    AddStage {
        index: usize,
        stage: Stage,
    },
    RemoveStage(StageId),
    SetStage {
        id: StageId,
        field: StageField,
    },
    /// Moves a stage so that it ends up at `index`.
    MoveStage {
        id: StageId,
        index: usize,
    },
    AddTouchpoint {
        stage: StageId,
        index: usize,
        touchpoint: Touchpoint,
    },
    RemoveTouchpoint(TouchpointId),
    /// Moves a touchpoint so that it ends up at `index` of `stage`.
    MoveTouchpoint {
        id: TouchpointId,
        stage: StageId,
        index: usize,
    },
    SetTouchpoint {
        id: TouchpointId,
        field: TouchpointField,
    },
    AddAction {
        touchpoint: TouchpointId,
        index: usize,
        action: Action,
    },
    RemoveAction(ActionId),
    SetAction {
        id: ActionId,
        field: ActionField,
    },
    AddPersona {
        index: usize,
        persona: Persona,
    },
    /// Removes a persona and every touchpoint's scores for it.
    RemovePersona(PersonaId),
    SetPersona {
        id: PersonaId,
        field: PersonaField,
    },
    /// Moves a persona so that it ends up at `index`.
    MovePersona {
        id: PersonaId,
        index: usize,
    },
    /// Replaces the list of unresolved merge conflicts.
    SetConflicts(Vec<Conflict>),
    /// Replaces the whole map: a reload from disk, a merge, a recovery.
    Replace(Box<Map>),
    /// Several edits as one step: one undo takes them all back.
    Batch(Vec<Edit>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoStage(StageId),
    NoTouchpoint(TouchpointId),
    NoAction(ActionId),
    NoPersona(PersonaId),
    /// A touchpoint's scores name a persona twice.
    PersonaTwice(PersonaId),
    IdTaken(String),
    BadIndex {
        index: usize,
        len: usize,
    },
    BadLink {
        from: TouchpointId,
        to: TouchpointId,
    },
    /// A whole map that breaks the rules of `validate`.
    Invalid(String),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NoStage(id) => write!(f, "there is no stage `{id}`"),
            EditError::NoTouchpoint(id) => write!(f, "there is no touchpoint `{id}`"),
            EditError::NoAction(id) => write!(f, "there is no action `{id}`"),
            EditError::NoPersona(id) => write!(f, "there is no persona `{id}`"),
            EditError::PersonaTwice(id) => {
                write!(
                    f,
                    "persona `{id}` has two entries of scores at one touchpoint"
                )
            }
            EditError::IdTaken(id) => write!(f, "id `{id}` is already in use"),
            EditError::BadIndex { index, len } => {
                write!(f, "position {index} is out of range (there are {len})")
            }
            EditError::BadLink { from, to } if from == to => {
                write!(f, "touchpoint `{from}` cannot be its own root cause")
            }
            EditError::BadLink { from, to } => {
                write!(
                    f,
                    "touchpoint `{from}` links to `{to}`, which does not exist"
                )
            }
            EditError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `edit` to `map` and returns the edit that undoes it. On error the
/// map is left exactly as it was.
pub fn apply(map: &mut Map, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::SetMap(field) => Ok(Edit::SetMap(field.swap(map))),
        Edit::AddStage { index, stage } => add_stage(map, index, stage),
        Edit::RemoveStage(id) => remove_stage(map, &id),
        Edit::SetStage { id, field } => {
            let old = field.swap(stage_mut(map, &id)?);
            Ok(Edit::SetStage { id, field: old })
        }
        Edit::MoveStage { id, index } => {
            let from = map
                .stage_index(&id)
                .ok_or_else(|| EditError::NoStage(id.clone()))?;
            check_index(index, map.stages.len() - 1)?;
            let stage = map.stages.remove(from);
            map.stages.insert(index, stage);
            Ok(Edit::MoveStage { id, index: from })
        }
        Edit::AddTouchpoint {
            stage,
            index,
            touchpoint,
        } => add_touchpoint(map, &stage, index, touchpoint),
        Edit::RemoveTouchpoint(id) => remove_touchpoint(map, &id),
        Edit::MoveTouchpoint { id, stage, index } => move_touchpoint(map, id, &stage, index),
        Edit::SetTouchpoint { id, field } => set_touchpoint(map, id, field),
        Edit::AddAction {
            touchpoint,
            index,
            action,
        } => {
            if map.id_taken(action.id.as_str()) {
                return Err(EditError::IdTaken(action.id.to_string()));
            }
            let tp = map
                .touchpoint_mut(&touchpoint)
                .ok_or_else(|| EditError::NoTouchpoint(touchpoint.clone()))?;
            check_index(index, tp.actions.len())?;
            let id = action.id.clone();
            tp.actions.insert(index, action);
            Ok(Edit::RemoveAction(id))
        }
        Edit::RemoveAction(id) => {
            let (place, index) = map.action_owner(&id).ok_or(EditError::NoAction(id))?;
            let tp = &mut map.stages[place.stage].touchpoints[place.index];
            let action = tp.actions.remove(index);
            Ok(Edit::AddAction {
                touchpoint: tp.id.clone(),
                index,
                action,
            })
        }
        Edit::SetAction { id, field } => {
            let (place, index) = map
                .action_owner(&id)
                .ok_or_else(|| EditError::NoAction(id.clone()))?;
            let action = &mut map.stages[place.stage].touchpoints[place.index].actions[index];
            let old = field.swap(action);
            Ok(Edit::SetAction { id, field: old })
        }
        Edit::AddPersona { .. }
        | Edit::RemovePersona(_)
        | Edit::SetPersona { .. }
        | Edit::MovePersona { .. } => apply_persona(map, edit),
        Edit::SetConflicts(conflicts) => Ok(Edit::SetConflicts(std::mem::replace(
            &mut map.conflicts,
            conflicts,
        ))),
        Edit::Replace(new) => {
            if let Some(problem) = super::validate(&new).into_iter().next() {
                return Err(EditError::Invalid(problem.message));
            }
            Ok(Edit::Replace(Box::new(std::mem::replace(map, *new))))
        }
        Edit::Batch(edits) => apply_batch(map, edits),
    }
}

impl Edit {
    /// The touchpoints applying this edit to `map` changes, adds or removes
    /// (a move changes none: only where they are); `None` when it may be any
    /// of them (a whole map put in place). `map` is the map the edit applies
    /// to, where an action or a stage it names is looked up; for an edit
    /// `apply` just handed back, the map as it is now. What a cache of what
    /// is worked out per touchpoint recounts after a change.
    pub fn touchpoints(&self, map: &Map) -> Option<Vec<TouchpointId>> {
        let mut ids = Vec::new();
        self.add_touchpoints(map, &mut ids).then_some(ids)
    }

    fn add_touchpoints(&self, map: &Map, ids: &mut Vec<TouchpointId>) -> bool {
        let owner = |action: &ActionId| {
            let (place, _) = map.action_owner(action)?;
            Some(map.stages[place.stage].touchpoints[place.index].id.clone())
        };
        match self {
            Edit::SetMap(_)
            | Edit::AddPersona { .. }
            | Edit::SetPersona { .. }
            | Edit::MovePersona { .. }
            | Edit::SetStage { .. }
            | Edit::MoveStage { .. }
            | Edit::MoveTouchpoint { .. }
            | Edit::SetConflicts(_) => {}
            Edit::AddStage { stage, .. } => {
                ids.extend(stage.touchpoints.iter().map(|t| t.id.clone()))
            }
            Edit::RemoveStage(id) => {
                let Some(stage) = map.stage(id) else {
                    return true;
                };
                ids.extend(stage.touchpoints.iter().map(|t| t.id.clone()));
            }
            Edit::AddTouchpoint { touchpoint, .. } => ids.push(touchpoint.id.clone()),
            Edit::RemoveTouchpoint(id) | Edit::SetTouchpoint { id, .. } => ids.push(id.clone()),
            Edit::AddAction { touchpoint, .. } => ids.push(touchpoint.clone()),
            Edit::RemoveAction(id) | Edit::SetAction { id, .. } => ids.extend(owner(id)),
            // Its scores go with it.
            Edit::RemovePersona(id) => ids.extend(
                map.touchpoints()
                    .filter(|(_, t)| t.by_persona.iter().any(|s| &s.persona == id))
                    .map(|(_, t)| t.id.clone()),
            ),
            Edit::Replace(_) => return false,
            // Each edit of a batch applies to the map the ones before it left;
            // one named in `map` is where those left it (an action added
            // earlier in the batch names its touchpoint there), except the
            // touchpoints moved into a stage the batch then removes.
            Edit::Batch(edits) => {
                if edits.len() > 1 && edits.iter().any(Edit::removes_a_stage) {
                    return false;
                }
                return edits.iter().all(|e| e.add_touchpoints(map, ids));
            }
        }
        true
    }

    fn removes_a_stage(&self) -> bool {
        match self {
            Edit::RemoveStage(_) => true,
            Edit::Batch(edits) => edits.iter().any(Edit::removes_a_stage),
            _ => false,
        }
    }
}

fn apply_batch(map: &mut Map, edits: Vec<Edit>) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply(map, edit) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                for inverse in inverses.into_iter().rev() {
                    apply(map, inverse).expect("the inverse of an applied edit applies");
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn stage_mut<'m>(map: &'m mut Map, id: &StageId) -> Result<&'m mut Stage, EditError> {
    map.stages
        .iter_mut()
        .find(|s| &s.id == id)
        .map(|s| &mut **s)
        .ok_or_else(|| EditError::NoStage(id.clone()))
}

/// An insert position may be one past the end.
fn check_index(index: usize, len: usize) -> Result<(), EditError> {
    if index <= len {
        Ok(())
    } else {
        Err(EditError::BadIndex { index, len })
    }
}

/// Ids a stage or touchpoint would bring in must be new, to the map and among themselves.
fn check_new_ids<'a>(map: &Map, ids: impl Iterator<Item = &'a str>) -> Result<(), EditError> {
    let mut fresh = HashSet::new();
    for id in ids {
        if !fresh.insert(id) || map.id_taken(id) {
            return Err(EditError::IdTaken(id.to_owned()));
        }
    }
    Ok(())
}

fn touchpoint_ids(tp: &Touchpoint) -> impl Iterator<Item = &str> {
    std::iter::once(tp.id.as_str()).chain(tp.actions.iter().map(|a| a.id.as_str()))
}

/// Incoming touchpoints may link to the map or to each other, never to
/// themselves, and score only personas of the map.
fn check_links<T: std::ops::Deref<Target = Touchpoint>>(
    map: &Map,
    incoming: &[T],
) -> Result<(), EditError> {
    for tp in incoming {
        check_scores(map, &tp.by_persona)?;
        if let Some(RootCause::Touchpoint(to)) = &tp.root_cause {
            let exists = map.touchpoint(to).is_some() || incoming.iter().any(|t| &t.id == to);
            if to == &tp.id || !exists {
                return Err(EditError::BadLink {
                    from: tp.id.clone(),
                    to: to.clone(),
                });
            }
        }
    }
    Ok(())
}

/// The edits of a map's personas.
fn apply_persona(map: &mut Map, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::AddPersona { index, persona } => {
            check_index(index, map.personas.len())?;
            check_new_ids(map, std::iter::once(persona.id.as_str()))?;
            let id = persona.id.clone();
            map.personas.insert(index, persona);
            Ok(Edit::RemovePersona(id))
        }
        Edit::RemovePersona(id) => remove_persona(map, id),
        Edit::SetPersona { id, field } => {
            let persona = (map.personas.iter_mut().find(|p| p.id == id))
                .ok_or_else(|| EditError::NoPersona(id.clone()))?;
            let old = field.swap(persona);
            Ok(Edit::SetPersona { id, field: old })
        }
        Edit::MovePersona { id, index } => {
            let from = (map.personas.iter().position(|p| p.id == id))
                .ok_or_else(|| EditError::NoPersona(id.clone()))?;
            check_index(index, map.personas.len() - 1)?;
            let persona = map.personas.remove(from);
            map.personas.insert(index, persona);
            Ok(Edit::MovePersona { id, index: from })
        }
        _ => unreachable!("apply hands only persona edits here"),
    }
}

/// Per-persona scores name personas of the map, each once.
fn check_scores(map: &Map, scores: &[super::PersonaScore]) -> Result<(), EditError> {
    for (i, score) in scores.iter().enumerate() {
        if map.persona(&score.persona).is_none() {
            return Err(EditError::NoPersona(score.persona.clone()));
        }
        if scores[..i].iter().any(|s| s.persona == score.persona) {
            return Err(EditError::PersonaTwice(score.persona.clone()));
        }
    }
    Ok(())
}

/// Removes a persona; the touchpoints' scores for it go too, and the
/// inverse puts them back.
fn remove_persona(map: &mut Map, id: PersonaId) -> Result<Edit, EditError> {
    let index = (map.personas.iter().position(|p| p.id == id))
        .ok_or_else(|| EditError::NoPersona(id.clone()))?;
    let persona = map.personas.remove(index);
    let mut rescores = Vec::new();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        if tp.by_persona.iter().any(|s| s.persona == id) {
            let old = tp.by_persona.clone();
            tp.by_persona.retain(|s| s.persona != id);
            rescores.push(Edit::SetTouchpoint {
                id: tp.id.clone(),
                field: TouchpointField::ByPersona(old),
            });
        }
    }
    Ok(with_relinks(Edit::AddPersona { index, persona }, rescores))
}

fn add_stage(map: &mut Map, index: usize, stage: Stage) -> Result<Edit, EditError> {
    check_index(index, map.stages.len())?;
    let ids = std::iter::once(stage.id.as_str())
        .chain(stage.touchpoints.iter().flat_map(|t| touchpoint_ids(t)));
    check_new_ids(map, ids)?;
    check_links(map, &stage.touchpoints)?;
    let id = stage.id.clone();
    map.stages.insert(index, stage.into());
    Ok(Edit::RemoveStage(id))
}

fn remove_stage(map: &mut Map, id: &StageId) -> Result<Edit, EditError> {
    let index = map
        .stage_index(id)
        .ok_or_else(|| EditError::NoStage(id.clone()))?;
    let stage = map.stages.remove(index).into_inner();
    let gone: HashSet<&TouchpointId> = stage.touchpoints.iter().map(|t| &t.id).collect();
    let relinks = unlink(map, |to| gone.contains(to));
    Ok(with_relinks(Edit::AddStage { index, stage }, relinks))
}

fn add_touchpoint(
    map: &mut Map,
    stage: &StageId,
    index: usize,
    tp: Touchpoint,
) -> Result<Edit, EditError> {
    check_new_ids(map, touchpoint_ids(&tp))?;
    check_links(map, &[&tp])?;
    let target = stage_mut(map, stage)?;
    check_index(index, target.touchpoints.len())?;
    let id = tp.id.clone();
    target.touchpoints.insert(index, tp.into());
    Ok(Edit::RemoveTouchpoint(id))
}

fn remove_touchpoint(map: &mut Map, id: &TouchpointId) -> Result<Edit, EditError> {
    let place = map
        .place_of(id)
        .ok_or_else(|| EditError::NoTouchpoint(id.clone()))?;
    let stage = &mut map.stages[place.stage];
    let touchpoint = stage.touchpoints.remove(place.index).into_inner();
    let undo = Edit::AddTouchpoint {
        stage: stage.id.clone(),
        index: place.index,
        touchpoint,
    };
    let relinks = unlink(map, |to| to == id);
    Ok(with_relinks(undo, relinks))
}

/// Clears every root-cause link to a touchpoint that `gone` picks, and returns
/// the edits that restore those links.
fn unlink(map: &mut Map, gone: impl Fn(&TouchpointId) -> bool) -> Vec<Edit> {
    // Found by reading, then changed one by one: a stage or touchpoint
    // shared with a snapshot is copied only where a link goes.
    let linked: Vec<Place> = map
        .placed_touchpoints()
        .filter(|(_, _, tp)| matches!(&tp.root_cause, Some(RootCause::Touchpoint(to)) if gone(to)))
        .map(|(place, _, _)| place)
        .collect();
    let mut relinks = Vec::new();
    for place in linked {
        let tp = &mut map.stages[place.stage].touchpoints[place.index];
        let old = tp.root_cause.take();
        relinks.push(Edit::SetTouchpoint {
            id: tp.id.clone(),
            field: TouchpointField::RootCause(old),
        });
    }
    relinks
}

fn with_relinks(undo: Edit, relinks: Vec<Edit>) -> Edit {
    if relinks.is_empty() {
        undo
    } else {
        Edit::Batch(std::iter::once(undo).chain(relinks).collect())
    }
}

fn move_touchpoint(
    map: &mut Map,
    id: TouchpointId,
    stage: &StageId,
    index: usize,
) -> Result<Edit, EditError> {
    let from = map
        .place_of(&id)
        .ok_or_else(|| EditError::NoTouchpoint(id.clone()))?;
    let to = map
        .stage_index(stage)
        .ok_or_else(|| EditError::NoStage(stage.clone()))?;
    let len_after_removal = map.stages[to].touchpoints.len() - usize::from(to == from.stage);
    check_index(index, len_after_removal)?;
    let tp = map.stages[from.stage].touchpoints.remove(from.index);
    map.stages[to].touchpoints.insert(index, tp);
    let back = map.stages[from.stage].id.clone();
    Ok(Edit::MoveTouchpoint {
        id,
        stage: back,
        index: from.index,
    })
}

fn set_touchpoint(
    map: &mut Map,
    id: TouchpointId,
    field: TouchpointField,
) -> Result<Edit, EditError> {
    if let TouchpointField::RootCause(Some(RootCause::Touchpoint(to))) = &field
        && (to == &id || map.touchpoint(to).is_none())
    {
        return Err(EditError::BadLink {
            from: id,
            to: to.clone(),
        });
    }
    if let TouchpointField::ByPersona(scores) = &field {
        check_scores(map, scores)?;
    }
    let tp = map
        .touchpoint_mut(&id)
        .ok_or_else(|| EditError::NoTouchpoint(id.clone()))?;
    let old = field.swap(tp);
    Ok(Edit::SetTouchpoint { id, field: old })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Shared;

    /// What makes the recovery copy's snapshot cost a pointer per stage:
    /// an edit, a deletion that unlinks causes too, copies only the stages
    /// it changes, and the snapshot keeps the map as it was.
    #[test]
    fn a_copy_of_a_map_shares_every_stage_an_edit_leaves_alone() {
        let mut map = crate::model::generated_map(400);
        assert!(map.stages.len() >= 4, "{} stages", map.stages.len());
        let far = map.stages[3].touchpoints[0].id.clone();
        let near = map.stages[0].touchpoints[0].id.clone();
        let link = Edit::SetTouchpoint {
            id: map.stages[1].touchpoints[0].id.clone(),
            field: TouchpointField::RootCause(Some(RootCause::Touchpoint(far.clone()))),
        };
        apply(&mut map, link).unwrap();
        let snapshot = map.clone();
        apply(
            &mut map,
            Edit::SetTouchpoint {
                id: near,
                field: TouchpointField::Name("Renamed".into()),
            },
        )
        .unwrap();
        apply(&mut map, Edit::RemoveTouchpoint(far)).unwrap();
        let shared: Vec<bool> = (map.stages.iter().zip(&snapshot.stages))
            .map(|(now, then)| Shared::same(now, then))
            .collect();
        let mut expected = vec![true; map.stages.len()];
        // renamed in 0, unlinked in 1, deleted from 3
        (expected[0], expected[1], expected[3]) = (false, false, false);
        assert_eq!(shared, expected);
        assert_ne!(snapshot.stages[0].touchpoints[0].name, "Renamed");
        assert_eq!(
            snapshot.stages[3].touchpoints.len(),
            map.stages[3].touchpoints.len() + 1
        );
    }

    #[test]
    fn removing_a_persona_takes_its_scores_and_undo_gives_them_back() {
        let mut map = crate::model::generated_map(12);
        let before = map.clone();
        let mari = map.personas[0].id.clone();
        let scored: Vec<TouchpointId> = (map.touchpoints())
            .filter(|(_, t)| t.by_persona.iter().any(|s| s.persona == mari))
            .map(|(_, t)| t.id.clone())
            .collect();
        assert!(!scored.is_empty());
        let edit = Edit::RemovePersona(mari.clone());
        assert_eq!(edit.touchpoints(&map), Some(scored));
        let undo = apply(&mut map, edit).unwrap();
        assert!(map.persona(&mari).is_none());
        assert!(
            map.touchpoints()
                .all(|(_, t)| t.by_persona.iter().all(|s| s.persona != mari))
        );
        assert_eq!(crate::model::validate(&map), vec![]);
        apply(&mut map, undo).unwrap();
        assert_eq!(map, before);
    }

    #[test]
    fn scores_for_a_persona_the_map_lacks_are_refused() {
        let mut map = crate::model::generated_map(2);
        let id = map.stages[0].touchpoints[0].id.clone();
        let gone = crate::model::PersonaId::parse("p-gone").unwrap();
        let field =
            TouchpointField::ByPersona(vec![crate::model::PersonaScore::unset(gone.clone())]);
        let before = map.clone();
        let error = apply(&mut map, Edit::SetTouchpoint { id, field }).unwrap_err();
        assert_eq!(error, EditError::NoPersona(gone));
        assert_eq!(map, before);
    }

    #[test]
    fn an_edit_names_the_touchpoints_it_changes_adds_or_removes() {
        let mut map = crate::model::generated_map(4);
        let [a, b, c, _] = [0, 1, 2, 3].map(|i| map.stages[0].touchpoints[i].id.clone());
        let link = Edit::SetTouchpoint {
            id: c.clone(),
            field: TouchpointField::RootCause(Some(RootCause::Touchpoint(a.clone()))),
        };
        assert_eq!(link.touchpoints(&map), Some(vec![c.clone()]));
        apply(&mut map, link).unwrap();
        let linked: Vec<TouchpointId> = (map.touchpoints())
            .filter(|(_, t)| t.root_cause == Some(RootCause::Touchpoint(a.clone())))
            .map(|(_, t)| t.id.clone())
            .collect();
        assert!(linked.contains(&c));
        // Deleting `a` unlinks those that named it: its undo names them all.
        let undo = apply(&mut map, Edit::RemoveTouchpoint(a.clone())).unwrap();
        let named = undo.touchpoints(&map).unwrap();
        assert_eq!(named[0], a);
        assert_eq!(named[1..], linked);
        let action = map.stages[0].touchpoints[0]
            .actions
            .first()
            .map(|x| x.id.clone());
        if let Some(action) = action {
            let done = Edit::SetAction {
                id: action,
                field: ActionField::Done(true),
            };
            assert_eq!(done.touchpoints(&map), Some(vec![b.clone()]), "its owner");
        }
        let stage = map.stages[0].id.clone();
        let moved = Edit::MoveTouchpoint {
            id: b,
            stage,
            index: 1,
        };
        assert_eq!(moved.touchpoints(&map), Some(vec![]), "a move changes none");
        let whole = Edit::Replace(Box::new(map.clone()));
        assert_eq!(whole.touchpoints(&map), None);
    }
}

//! Merge conflicts kept in the map itself: where two sides of a merge changed
//! the same thing differently, the map keeps one side's value (ours, unless
//! ours deleted the item) and records both, so that the file still loads,
//! `cxmap check` reports it, and a person can choose in the app.
//!
//! In memory a conflict names its item and field with types (`Conflict`); in
//! the file it is an [`Entry`] of strings and [`Value`]s, as it always was.
//! Ids carry no kind, so an entry is read against the map it came in.

use super::field::FieldValue;
use super::{
    ActionField, ActionId, ActionKey, Basis, Date, Edit, Emotion, Map, MapField, MapKey, Persona,
    PersonaField, PersonaId, PersonaKey, PersonaScore, Principle, RootCause, StageField, StageId,
    StageKey, Touchpoint, TouchpointField, TouchpointId, TouchpointKey, Verbatim, Wish,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// What one side had for the contested thing, as the file keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename = "value")]
pub enum Value {
    /// The side deleted the item.
    Deleted,
    /// The side kept the item (and changed it).
    Kept,
    Text(String),
    Wish(Option<Wish>),
    Emotion(Option<Emotion>),
    Number(u32),
    Basis(Basis),
    RootCause(Option<RootCause>),
    Principle(Principle),
    Due(Option<Date>),
    Done(bool),
    /// The stage a touchpoint sits in.
    Stage(StageId),
    /// A set of principles. Sets merge without conflict; this is here so
    /// that every field's value has a form in the file.
    Principles(BTreeSet<Principle>),
    /// The customer's words. Lists merge without conflict, as sets do.
    Words(Vec<Verbatim>),
    /// Per-persona scores: in a conflict, the contested persona's entry.
    Scores(Vec<PersonaScore>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Deleted => f.write_str("deleted"),
            Value::Kept => f.write_str("kept and changed"),
            Value::Stage(id) => write!(f, "stage {id}"),
            Value::Text(t) => write!(f, "'{}'", t.escape_debug()),
            // The rest as a field of that type reads (no map: a link shows its id).
            Value::Wish(v) => f.write_str(&v.show(&Map::default())),
            Value::Emotion(v) => f.write_str(&v.show(&Map::default())),
            Value::Number(v) => f.write_str(&v.show(&Map::default())),
            Value::Basis(v) => f.write_str(&v.show(&Map::default())),
            Value::RootCause(v) => f.write_str(&v.show(&Map::default()).escape_debug().to_string()),
            Value::Principle(v) => f.write_str(&v.show(&Map::default())),
            Value::Due(v) => f.write_str(&v.show(&Map::default())),
            Value::Done(v) => f.write_str(&v.show(&Map::default())),
            Value::Principles(v) => f.write_str(&v.show(&Map::default())),
            Value::Words(v) => f.write_str(&v.show(&Map::default()).escape_debug().to_string()),
            Value::Scores(v) => f.write_str(&v.show(&Map::default())),
        }
    }
}

/// A conflict as the file keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "conflict")]
pub struct Entry {
    /// The stage, touchpoint, action or persona, by id; `map` for the
    /// map's own fields.
    pub item: String,
    /// The field both sides changed: `name`, `emotion`, ...; `item` when one
    /// side deleted what the other changed; `stage` when a touchpoint was
    /// moved to different stages.
    pub field: String,
    pub ours: Value,
    pub theirs: Value,
}

/// A stage, touchpoint, action or persona, by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Stage(StageId),
    Touchpoint(TouchpointId),
    Action(ActionId),
    Persona(PersonaId),
}

impl Item {
    pub fn id(&self) -> &str {
        match self {
            Item::Stage(id) => id.as_str(),
            Item::Touchpoint(id) => id.as_str(),
            Item::Action(id) => id.as_str(),
            Item::Persona(id) => id.as_str(),
        }
    }
}

/// What both sides of a merge changed differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    Map {
        ours: MapField,
        theirs: MapField,
    },
    Stage {
        id: StageId,
        ours: StageField,
        theirs: StageField,
    },
    Touchpoint {
        id: TouchpointId,
        ours: TouchpointField,
        theirs: TouchpointField,
    },
    Action {
        id: ActionId,
        ours: ActionField,
        theirs: ActionField,
    },
    Persona {
        id: PersonaId,
        ours: PersonaField,
        theirs: PersonaField,
    },
    /// A touchpoint moved to different stages; it sits in ours.
    Moved {
        id: TouchpointId,
        ours: StageId,
        theirs: StageId,
    },
    /// One side deleted an item the other changed; the map kept it.
    Deleted {
        item: Item,
        by: Side,
    },
    /// An entry in the file about an item that is not in the map, or with a
    /// field or values this cxmap cannot read: kept as it is written, and it
    /// can only be dismissed.
    Unread(Entry),
}

/// Which side's value to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// What kind of item an id names in a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Stage,
    Touchpoint,
    Action,
    Persona,
}

/// Every id of a map with its kind, to read conflicts against.
pub fn kinds<'m>(
    map_stages: &'m [super::Shared<super::Stage>],
    personas: &'m [Persona],
) -> HashMap<&'m str, Kind> {
    let mut kinds = HashMap::new();
    for persona in personas {
        kinds.insert(persona.id.as_str(), Kind::Persona);
    }
    for stage in map_stages {
        kinds.insert(stage.id.as_str(), Kind::Stage);
        for tp in &stage.touchpoints {
            kinds.insert(tp.id.as_str(), Kind::Touchpoint);
            for a in &tp.actions {
                kinds.insert(a.id.as_str(), Kind::Action);
            }
        }
    }
    kinds
}

impl Conflict {
    /// A conflict from the file, read against the kinds of the map's ids.
    pub fn read(entry: Entry, kinds: &HashMap<&str, Kind>) -> Conflict {
        Conflict::typed(&entry, kinds).unwrap_or(Conflict::Unread(entry))
    }

    fn typed(entry: &Entry, kinds: &HashMap<&str, Kind>) -> Option<Conflict> {
        let (item, field, ours, theirs) = (
            entry.item.as_str(),
            entry.field.as_str(),
            &entry.ours,
            &entry.theirs,
        );
        if item == "map" {
            let key = MapKey::named(field)?;
            return Some(Conflict::Map {
                ours: MapField::from_value(key, ours)?,
                theirs: MapField::from_value(key, theirs)?,
            });
        }
        let kind = *kinds.get(item)?;
        if field == "item" {
            let by = match (ours, theirs) {
                (Value::Deleted, Value::Kept) => Side::Ours,
                (Value::Kept, Value::Deleted) => Side::Theirs,
                _ => return None,
            };
            let item = match kind {
                Kind::Stage => Item::Stage(StageId::parse(item)?),
                Kind::Touchpoint => Item::Touchpoint(TouchpointId::parse(item)?),
                Kind::Action => Item::Action(ActionId::parse(item)?),
                Kind::Persona => Item::Persona(PersonaId::parse(item)?),
            };
            return Some(Conflict::Deleted { item, by });
        }
        Some(match kind {
            Kind::Stage => {
                let key = StageKey::named(field)?;
                Conflict::Stage {
                    id: StageId::parse(item)?,
                    ours: StageField::from_value(key, ours)?,
                    theirs: StageField::from_value(key, theirs)?,
                }
            }
            Kind::Touchpoint if field == "stage" => match (ours, theirs) {
                (Value::Stage(o), Value::Stage(t)) => Conflict::Moved {
                    id: TouchpointId::parse(item)?,
                    ours: o.clone(),
                    theirs: t.clone(),
                },
                _ => return None,
            },
            Kind::Touchpoint => {
                let key = TouchpointKey::named(field)?;
                Conflict::Touchpoint {
                    id: TouchpointId::parse(item)?,
                    ours: TouchpointField::from_value(key, ours)?,
                    theirs: TouchpointField::from_value(key, theirs)?,
                }
            }
            Kind::Action => {
                let key = ActionKey::named(field)?;
                Conflict::Action {
                    id: ActionId::parse(item)?,
                    ours: ActionField::from_value(key, ours)?,
                    theirs: ActionField::from_value(key, theirs)?,
                }
            }
            Kind::Persona => {
                let key = PersonaKey::named(field)?;
                Conflict::Persona {
                    id: PersonaId::parse(item)?,
                    ours: PersonaField::from_value(key, ours)?,
                    theirs: PersonaField::from_value(key, theirs)?,
                }
            }
        })
    }

    /// The conflict as the file keeps it.
    pub fn entry(&self) -> Entry {
        let entry = |item: &str, field: &str, ours: Value, theirs: Value| Entry {
            item: item.to_owned(),
            field: field.to_owned(),
            ours,
            theirs,
        };
        match self {
            Conflict::Map { ours, theirs } => {
                entry("map", ours.key().name(), ours.to_value(), theirs.to_value())
            }
            Conflict::Stage { id, ours, theirs } => entry(
                id.as_str(),
                ours.key().name(),
                ours.to_value(),
                theirs.to_value(),
            ),
            Conflict::Touchpoint { id, ours, theirs } => entry(
                id.as_str(),
                ours.key().name(),
                ours.to_value(),
                theirs.to_value(),
            ),
            Conflict::Action { id, ours, theirs } => entry(
                id.as_str(),
                ours.key().name(),
                ours.to_value(),
                theirs.to_value(),
            ),
            Conflict::Persona { id, ours, theirs } => entry(
                id.as_str(),
                ours.key().name(),
                ours.to_value(),
                theirs.to_value(),
            ),
            Conflict::Moved { id, ours, theirs } => entry(
                id.as_str(),
                "stage",
                Value::Stage(ours.clone()),
                Value::Stage(theirs.clone()),
            ),
            Conflict::Deleted { item, by } => {
                let (ours, theirs) = match by {
                    Side::Ours => (Value::Deleted, Value::Kept),
                    Side::Theirs => (Value::Kept, Value::Deleted),
                };
                entry(item.id(), "item", ours, theirs)
            }
            Conflict::Unread(e) => e.clone(),
        }
    }

    /// The id of the item it is about; `map` for the map's own fields.
    pub fn item_id(&self) -> &str {
        match self {
            Conflict::Map { .. } => "map",
            Conflict::Stage { id, .. } => id.as_str(),
            Conflict::Touchpoint { id, .. } | Conflict::Moved { id, .. } => id.as_str(),
            Conflict::Action { id, .. } => id.as_str(),
            Conflict::Persona { id, .. } => id.as_str(),
            Conflict::Deleted { item, .. } => item.id(),
            Conflict::Unread(e) => &e.item,
        }
    }

    /// The name of the field it is about, as the file has it.
    pub fn field_name(&self) -> &str {
        match self {
            Conflict::Map { ours, .. } => ours.key().name(),
            Conflict::Stage { ours, .. } => ours.key().name(),
            Conflict::Touchpoint { ours, .. } => ours.key().name(),
            Conflict::Action { ours, .. } => ours.key().name(),
            Conflict::Persona { ours, .. } => ours.key().name(),
            Conflict::Moved { .. } => "stage",
            Conflict::Deleted { .. } => "item",
            Conflict::Unread(e) => &e.field,
        }
    }

    /// The side whose value the map holds now.
    pub fn kept(&self) -> Side {
        match self {
            Conflict::Deleted { by: Side::Ours, .. } => Side::Theirs,
            _ => Side::Ours,
        }
    }

    /// Whether the conflict is about this touchpoint or one of its actions.
    pub fn concerns(&self, tp: &Touchpoint) -> bool {
        let id = self.item_id();
        id == tp.id.as_str() || tp.actions.iter().any(|a| id == a.id.as_str())
    }

    /// Names the item the way a person knows it.
    pub fn describe(&self, map: &Map) -> String {
        let what = describe_item(map, self.item_id());
        let both = |label: &str, ours: String, theirs: String| {
            format!("{what}: {label} is {ours} on ours, {theirs} on theirs")
        };
        match self {
            Conflict::Map { ours, theirs } => {
                both(ours.key().label(), ours.show(map), theirs.show(map))
            }
            Conflict::Stage { ours, theirs, .. } => {
                both(ours.key().label(), ours.show(map), theirs.show(map))
            }
            Conflict::Touchpoint { ours, theirs, .. } => {
                both(ours.key().label(), ours.show(map), theirs.show(map))
            }
            Conflict::Action { ours, theirs, .. } => {
                both(ours.key().label(), ours.show(map), theirs.show(map))
            }
            Conflict::Persona { ours, theirs, .. } => {
                both(ours.key().label(), ours.show(map), theirs.show(map))
            }
            Conflict::Moved { ours, theirs, .. } => {
                let stage = |id: &StageId| match map.stage(id) {
                    Some(s) => format!("stage '{}'", s.name),
                    None => format!("stage {id}"),
                };
                both("stage", stage(ours), stage(theirs))
            }
            Conflict::Deleted { by, item } => {
                let (gone, changed) = match by {
                    Side::Ours => ("ours", "theirs"),
                    Side::Theirs => ("theirs", "ours"),
                };
                let held = match item {
                    Item::Stage(id) => map.stage(id).map_or(0, |s| s.touchpoints.len()),
                    _ => 0,
                };
                let moved = match held {
                    0 => String::new(),
                    1 => "; deleting it moves its touchpoint to the stage before it".to_owned(),
                    n => format!("; deleting it moves its {n} touchpoints to the stage before it"),
                };
                let how = match item {
                    Item::Persona(_) => "changed or scored",
                    _ => "changed",
                };
                format!("{what}: deleted on {gone}, {how} on {changed} (kept{moved})")
            }
            Conflict::Unread(e) => {
                let why = if what.starts_with('`') {
                    "not in the map any more"
                } else {
                    "not an entry this cxmap can read"
                };
                format!(
                    "{what}: {} is {} on ours, {} on theirs ({why}; it can only be dismissed)",
                    e.field.replace('_', " ").escape_debug(),
                    e.ours,
                    e.theirs
                )
            }
        }
    }
}

fn describe_item(map: &Map, item: &str) -> String {
    if item == "map" {
        return "the map".to_owned();
    }
    if let Some(s) = map.stages.iter().find(|s| s.id.as_str() == item) {
        return format!("stage '{}'", s.name);
    }
    if let Some(p) = map.personas.iter().find(|p| p.id.as_str() == item) {
        return format!("persona '{}'", p.name);
    }
    if let Some((_, t)) = map.touchpoints().find(|(_, t)| t.id.as_str() == item) {
        return format!("touchpoint '{}'", t.name);
    }
    if let Some(a) = map
        .touchpoints()
        .flat_map(|(_, t)| &t.actions)
        .find(|a| a.id.as_str() == item)
    {
        return format!("action '{}'", a.text);
    }
    format!("`{}`", item.escape_debug())
}

/// The edit that settles conflict `index` with `side`'s value: that value
/// put in place (when the map does not hold it already: the other side's, or
/// a value set since) and the conflict removed. When the item is gone from
/// the map, settling only removes the conflict.
pub fn resolve(map: &Map, index: usize, side: Side) -> Option<Edit> {
    let conflict = map.conflicts.get(index)?;
    let mut remaining = map.conflicts.clone();
    remaining.remove(index);
    let mut edits: Vec<Edit> = edit_for(map, conflict, side).into_iter().collect();
    edits.push(Edit::SetConflicts(remaining));
    Some(Edit::Batch(edits))
}

/// The edit that settles every conflict with `side`'s value, as one step,
/// and the first reason one could not be: those stay in the list. Each is
/// settled on the map as the ones before it left it; the list is replaced
/// once, so that settling many takes time and memory in proportion to them.
pub fn resolve_all(map: &Map, side: Side) -> (Edit, Option<super::EditError>) {
    let mut scratch = map.clone();
    let (mut edits, mut remaining, mut first_error) = (Vec::new(), Vec::new(), None);
    for conflict in &map.conflicts {
        let Some(edit) = edit_for(&scratch, conflict, side) else {
            continue;
        };
        match super::apply(&mut scratch, edit.clone()) {
            Ok(_) => edits.push(edit),
            Err(error) => {
                remaining.push(conflict.clone());
                first_error.get_or_insert(error);
            }
        }
    }
    edits.push(Edit::SetConflicts(remaining));
    (Edit::Batch(edits), first_error)
}

/// The edit that deletes a stage for a side that deleted it. Touchpoints in
/// it now are the other side's work (moved or added there, or the stage
/// would not have been kept): they go to the end of the stage before it
/// (after it, for the first) instead of with it. The only stage stays.
fn remove_stage(map: &Map, id: &StageId) -> Option<Edit> {
    let at = map.stage_index(id)?;
    let stage = &map.stages[at];
    if stage.touchpoints.is_empty() {
        return Some(Edit::RemoveStage(id.clone()));
    }
    let to = if at > 0 { at - 1 } else { at + 1 };
    let to = map.stages.get(to)?;
    let mut edits: Vec<Edit> = stage
        .touchpoints
        .iter()
        .enumerate()
        .map(|(i, tp)| Edit::MoveTouchpoint {
            id: tp.id.clone(),
            stage: to.id.clone(),
            index: to.touchpoints.len() + i,
        })
        .collect();
    edits.push(Edit::RemoveStage(id.clone()));
    Some(Edit::Batch(edits))
}

/// The edit that puts `side`'s value in place; `None` when the map holds it
/// already or the item is gone.
fn edit_for(map: &Map, conflict: &Conflict, side: Side) -> Option<Edit> {
    fn chosen<T: Clone>(side: Side, ours: &T, theirs: &T) -> T {
        match side {
            Side::Ours => ours.clone(),
            Side::Theirs => theirs.clone(),
        }
    }
    match conflict {
        Conflict::Map { ours, theirs } => {
            let field = chosen(side, ours, theirs);
            (field.key().read(map) != field).then_some(Edit::SetMap(field))
        }
        Conflict::Stage { id, ours, theirs } => {
            let field = chosen(side, ours, theirs);
            (field.key().read(map.stage(id)?) != field).then(|| Edit::SetStage {
                id: id.clone(),
                field,
            })
        }
        Conflict::Touchpoint { id, ours, theirs } => {
            let tp = map.touchpoint(id)?;
            let field = chosen(side, ours, theirs).settled(tp);
            (field.key().read(tp) != field).then(|| Edit::SetTouchpoint {
                id: id.clone(),
                field,
            })
        }
        Conflict::Action { id, ours, theirs } => {
            let field = chosen(side, ours, theirs);
            (field.key().read(map.action(id)?) != field).then(|| Edit::SetAction {
                id: id.clone(),
                field,
            })
        }
        Conflict::Persona { id, ours, theirs } => {
            let field = chosen(side, ours, theirs);
            (field.key().read(map.persona(id)?) != field).then(|| Edit::SetPersona {
                id: id.clone(),
                field,
            })
        }
        Conflict::Moved { id, ours, theirs } => {
            let stage = chosen(side, ours, theirs);
            let place = map.place_of(id)?;
            // Already there: nothing to move. A stage that is gone makes
            // the move fail, so the conflict stays with the reason.
            let index = map.stage(&stage).map_or(0, |s| s.touchpoints.len());
            (map.stages[place.stage].id != stage).then(|| Edit::MoveTouchpoint {
                id: id.clone(),
                stage,
                index,
            })
        }
        Conflict::Deleted { item, by } if *by == side => match item {
            Item::Stage(id) => remove_stage(map, id),
            Item::Touchpoint(id) => map
                .touchpoint(id)
                .map(|_| Edit::RemoveTouchpoint(id.clone())),
            Item::Action(id) => map.action(id).map(|_| Edit::RemoveAction(id.clone())),
            Item::Persona(id) => map.persona(id).map(|_| Edit::RemovePersona(id.clone())),
        },
        Conflict::Deleted { .. } | Conflict::Unread(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, apply};

    fn map() -> Map {
        let mut map = Map::new("Journey");
        let mut stage = Stage {
            id: StageId::parse("s-1").unwrap(),
            name: "Buy".into(),
            touchpoints: Vec::new(),
        };
        stage
            .touchpoints
            .push(Touchpoint::new(TouchpointId::parse("t-1").unwrap(), "Pay").into());
        map.stages.push(stage.into());
        map
    }

    fn entry(item: &str, field: &str, ours: Value, theirs: Value) -> Entry {
        Entry {
            item: item.into(),
            field: field.into(),
            ours,
            theirs,
        }
    }

    #[test]
    fn an_entry_is_read_by_the_kind_of_item_its_id_names() {
        let map = map();
        let kinds = kinds(&map.stages, &map.personas);
        let text = |t: &str| Value::Text(t.into());
        let stage = Conflict::read(entry("s-1", "name", text("a"), text("b")), &kinds);
        assert!(matches!(stage, Conflict::Stage { .. }), "{stage:?}");
        let tp = Conflict::read(entry("t-1", "name", text("a"), text("b")), &kinds);
        assert!(matches!(tp, Conflict::Touchpoint { .. }), "{tp:?}");
        let gone = entry("t-1", "item", Value::Deleted, Value::Kept);
        let gone = Conflict::read(gone, &kinds);
        assert_eq!(gone.kept(), Side::Theirs);
        for e in [
            entry("t-9", "name", text("a"), text("b")),
            entry("t-1", "colour", text("a"), text("b")),
            entry("t-1", "name", text("a"), Value::Number(3)),
        ] {
            let read = Conflict::read(e.clone(), &kinds);
            assert_eq!(read, Conflict::Unread(e.clone()), "kept as written");
            assert_eq!(read.entry(), e, "and written back the same");
        }
    }

    #[test]
    fn every_typed_conflict_is_written_as_the_entry_it_was_read_from() {
        let map = map();
        let kinds = kinds(&map.stages, &map.personas);
        for e in [
            entry(
                "map",
                "persona",
                Value::Text("a".into()),
                Value::Text("".into()),
            ),
            entry("t-1", "emotion", Value::Emotion(None), Value::Emotion(None)),
            entry(
                "t-1",
                "stage",
                Value::Stage(map.stages[0].id.clone()),
                Value::Stage(StageId::parse("s-2").unwrap()),
            ),
            entry("s-1", "item", Value::Kept, Value::Deleted),
        ] {
            let read = Conflict::read(e.clone(), &kinds);
            assert!(!matches!(read, Conflict::Unread(_)), "{read:?}");
            assert_eq!(read.entry(), e);
        }
    }

    #[test]
    fn settling_takes_the_chosen_value_and_removes_the_conflict() {
        let mut map = map();
        let id = TouchpointId::parse("t-1").unwrap();
        map.conflicts.push(Conflict::Touchpoint {
            id: id.clone(),
            ours: TouchpointField::Name("Pay".into()),
            theirs: TouchpointField::Name("Pay online".into()),
        });
        let edit = resolve(&map, 0, Side::Theirs).unwrap();
        apply(&mut map, edit).unwrap();
        assert_eq!(map.touchpoint(&id).unwrap().name, "Pay online");
        assert!(map.conflicts.is_empty());
    }

    #[test]
    fn a_conflict_whose_item_is_gone_or_unread_is_dismissed_either_way() {
        for side in [Side::Ours, Side::Theirs] {
            let mut map = map();
            let id = TouchpointId::parse("t-1").unwrap();
            map.conflicts.push(Conflict::Touchpoint {
                id: id.clone(),
                ours: TouchpointField::Channel("web".into()),
                theirs: TouchpointField::Channel("phone".into()),
            });
            map.conflicts.push(Conflict::Unread(entry(
                "t-9",
                "name",
                Value::Text("a".into()),
                Value::Text("b".into()),
            )));
            apply(&mut map, Edit::RemoveTouchpoint(id)).unwrap();
            let before = map.clone();
            for _ in 0..2 {
                let edit = resolve(&map, 0, side).unwrap();
                apply(&mut map, edit).unwrap();
            }
            assert!(map.conflicts.is_empty());
            assert_eq!(map.stages, before.stages, "nothing else changed");
        }
    }

    #[test]
    fn settling_puts_the_chosen_value_in_place_whatever_the_map_holds_now() {
        let mut map = map();
        let id = TouchpointId::parse("t-1").unwrap();
        let emotion = |e| TouchpointField::Emotion(crate::model::Emotion::new(e));
        let twice = Conflict::Touchpoint {
            id: id.clone(),
            ours: emotion(-1),
            theirs: emotion(2),
        };
        map.conflicts = vec![twice.clone(), twice];
        for side in [Side::Theirs, Side::Ours] {
            let edit = resolve(&map, 0, side).unwrap();
            apply(&mut map, edit).unwrap();
        }
        let tp = map.touchpoint(&id).unwrap();
        assert_eq!(
            tp.emotion,
            crate::model::Emotion::new(-1),
            "ours, as chosen last"
        );
    }

    #[test]
    fn a_move_to_where_the_touchpoint_already_is_settles_without_moving() {
        let mut map = map();
        let here = map.stages[0].id.clone();
        map.conflicts.push(Conflict::Moved {
            id: TouchpointId::parse("t-1").unwrap(),
            ours: StageId::parse("s-9").unwrap(),
            theirs: here,
        });
        let before = map.stages.clone();
        let edit = resolve(&map, 0, Side::Theirs).unwrap();
        apply(&mut map, edit).unwrap();
        assert_eq!(map.stages, before);
        assert!(map.conflicts.is_empty());
    }

    #[test]
    fn settling_all_is_one_edit_that_keeps_only_what_cannot_be_settled() {
        let mut map = map();
        let id = TouchpointId::parse("t-1").unwrap();
        let name = |n: &str| TouchpointField::Name(n.into());
        for i in 0..2000 {
            map.conflicts.push(Conflict::Touchpoint {
                id: id.clone(),
                ours: name("Pay"),
                theirs: name(&format!("Pay {i}")),
            });
        }
        // A link to itself cannot be taken: it stays, with the reason.
        let own = TouchpointField::RootCause(Some(RootCause::Touchpoint(id.clone())));
        map.conflicts.push(Conflict::Touchpoint {
            id: id.clone(),
            ours: TouchpointField::RootCause(None),
            theirs: own,
        });
        let (edit, error) = resolve_all(&map, Side::Theirs);
        let undo = apply(&mut map, edit).unwrap();
        assert!(error.is_some(), "the reason is given");
        assert_eq!(
            map.touchpoint(&id).unwrap().name,
            "Pay 1999",
            "the last one wins"
        );
        assert_eq!(
            map.conflicts.len(),
            1,
            "only the one that could not be settled stays"
        );
        let Edit::Batch(steps) = undo else {
            panic!("one step")
        };
        let lists = steps
            .iter()
            .filter(|e| matches!(e, Edit::SetConflicts(_)))
            .count();
        assert_eq!(lists, 1, "the list is replaced once, not once per conflict");
    }

    #[test]
    fn an_unread_entry_reads_its_values_as_people_write_them() {
        let map = map();
        let e = entry(
            "t-1",
            "name",
            Value::Emotion(crate::model::Emotion::new(1)),
            Value::Text("line\nbreak \u{1b}[31m".into()),
        );
        let said = Conflict::read(e, &kinds(&map.stages, &map.personas)).describe(&map);
        assert_eq!(
            said,
            "touchpoint 'Pay': name is +1 on ours, 'line\\nbreak \\u{1b}[31m' on theirs \
             (not an entry this cxmap can read; it can only be dismissed)"
        );
    }

    #[test]
    fn taking_a_stage_deletion_keeps_what_the_other_side_put_in_it() {
        let mut map = map();
        map.stages.push(
            Stage {
                id: StageId::parse("s-2").unwrap(),
                name: "Use".into(),
                touchpoints: vec![
                    Touchpoint::new(TouchpointId::parse("t-2").unwrap(), "Log in").into(),
                ],
            }
            .into(),
        );
        map.conflicts.push(Conflict::Deleted {
            item: Item::Stage(StageId::parse("s-2").unwrap()),
            by: Side::Theirs,
        });
        assert!(
            map.conflicts[0]
                .describe(&map)
                .contains("moves its touchpoint")
        );
        let edit = resolve(&map, 0, Side::Theirs).unwrap();
        apply(&mut map, edit).unwrap();
        assert_eq!(map.stages.len(), 1, "the stage is gone");
        let names: Vec<&str> = map.stages[0]
            .touchpoints
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, ["Pay", "Log in"], "its touchpoint is not");
    }

    #[test]
    fn a_move_to_a_stage_that_is_gone_stays_with_the_reason() {
        let mut map = map();
        map.stages.push(
            Stage {
                id: StageId::parse("s-2").unwrap(),
                name: "Use".into(),
                touchpoints: Vec::new(),
            }
            .into(),
        );
        map.conflicts.push(Conflict::Moved {
            id: TouchpointId::parse("t-1").unwrap(),
            ours: StageId::parse("s-1").unwrap(),
            theirs: StageId::parse("s-gone").unwrap(),
        });
        let edit = resolve(&map, 0, Side::Theirs).unwrap();
        let error = apply(&mut map.clone(), edit).unwrap_err();
        assert!(error.to_string().contains("no stage `s-gone`"), "{error}");
        let (edit, error) = resolve_all(&map, Side::Theirs);
        apply(&mut map, edit).unwrap();
        assert!(error.is_some());
        assert_eq!(map.conflicts.len(), 1, "it stays");
    }
}

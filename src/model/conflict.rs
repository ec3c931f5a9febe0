//! Merge conflicts kept in the map itself: where two sides of a merge changed
//! the same thing differently, the map keeps one side's value (ours, unless
//! ours deleted the item) and records both, so that the file still loads,
//! `cxmap check` reports it, and a person can choose in the app.

use super::{
    ActionField, ActionId, Basis, Date, Edit, Emotion, Map, Principle, RootCause, StageId,
    Touchpoint, TouchpointField, TouchpointId, Wish,
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What one side had for the contested thing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Deleted => f.write_str("deleted"),
            Value::Kept => f.write_str("kept and changed"),
            Value::Text(t) => write!(f, "'{}'", t.replace('\n', " ")),
            Value::Wish(w) => f.write_str(w.map_or("undecided", |w| w.name())),
            Value::Emotion(None) => f.write_str("unscored"),
            Value::Emotion(Some(e)) => write!(f, "{e}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Basis(b) => write!(f, "{b:?}"),
            Value::RootCause(None) => f.write_str("no root cause"),
            Value::RootCause(Some(RootCause::Text(t))) => write!(f, "'{t}'"),
            Value::RootCause(Some(RootCause::Touchpoint(id))) => write!(f, "touchpoint {id}"),
            Value::Principle(p) => f.write_str(p.title()),
            Value::Due(None) => f.write_str("no due date"),
            Value::Due(Some(d)) => write!(f, "{d}"),
            Value::Done(d) => f.write_str(if *d { "done" } else { "open" }),
            Value::Stage(id) => write!(f, "stage {id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "conflict")]
pub struct Conflict {
    /// The stage, touchpoint or action, by id; `map` for the map's own fields.
    pub item: String,
    /// The field both sides changed: `name`, `emotion`, ...; `item` when one
    /// side deleted what the other changed; `stage` when a touchpoint was
    /// moved to different stages.
    pub field: String,
    pub ours: Value,
    pub theirs: Value,
}

/// Which side's value to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

impl Conflict {
    /// The side whose value the map holds now.
    pub fn kept(&self) -> Side {
        if self.ours == Value::Deleted {
            Side::Theirs
        } else {
            Side::Ours
        }
    }

    pub fn value(&self, side: Side) -> &Value {
        match side {
            Side::Ours => &self.ours,
            Side::Theirs => &self.theirs,
        }
    }

    /// Whether the conflict is about this touchpoint or one of its actions.
    pub fn concerns(&self, tp: &Touchpoint) -> bool {
        self.item == tp.id.as_str() || tp.actions.iter().any(|a| self.item == a.id.as_str())
    }

    /// Names the item the way a person knows it.
    pub fn describe(&self, map: &Map) -> String {
        let what = describe_item(map, &self.item);
        if self.field == "item" {
            let (gone, changed) = if self.ours == Value::Deleted {
                ("ours", "theirs")
            } else {
                ("theirs", "ours")
            };
            format!("{what}: deleted on {gone}, changed on {changed} (kept)")
        } else {
            format!(
                "{what}: {} is {} on ours, {} on theirs",
                self.field.replace('_', " "),
                self.ours,
                self.theirs
            )
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
    format!("`{item}`")
}

/// The edit that settles conflict `index` with `side`'s value: the value put
/// in place (when the map holds the other one) and the conflict removed.
pub fn resolve(map: &Map, index: usize, side: Side) -> Option<Edit> {
    let conflict = map.conflicts.get(index)?;
    let mut remaining = map.conflicts.clone();
    remaining.remove(index);
    let mut edits = Vec::new();
    if side != conflict.kept() {
        edits.push(edit_for(map, conflict, conflict.value(side))?);
    }
    edits.push(Edit::SetConflicts(remaining));
    Some(Edit::Batch(edits))
}

/// The edit that gives an item's field the value `value`.
fn edit_for(map: &Map, conflict: &Conflict, value: &Value) -> Option<Edit> {
    let item = conflict.item.as_str();
    let field = conflict.field.as_str();
    if item == "map" {
        return match (field, value) {
            ("title", Value::Text(t)) => Some(Edit::SetTitle(t.clone())),
            ("persona", Value::Text(t)) => Some(Edit::SetPersona(t.clone())),
            _ => None,
        };
    }
    if let Some(stage) = map.stages.iter().find(|s| s.id.as_str() == item) {
        return match (field, value) {
            ("name", Value::Text(t)) => Some(Edit::RenameStage {
                id: stage.id.clone(),
                name: t.clone(),
            }),
            ("item", Value::Deleted) => Some(Edit::RemoveStage(stage.id.clone())),
            _ => None,
        };
    }
    if let Some(id) = TouchpointId::parse(item).filter(|id| map.touchpoint(id).is_some()) {
        let field = match (field, value) {
            ("item", Value::Deleted) => return Some(Edit::RemoveTouchpoint(id)),
            ("stage", Value::Stage(stage)) => {
                let index = map.stage(stage)?.touchpoints.len();
                return Some(Edit::MoveTouchpoint {
                    id,
                    stage: stage.clone(),
                    index,
                });
            }
            ("name", Value::Text(t)) => TouchpointField::Name(t.clone()),
            ("channel", Value::Text(t)) => TouchpointField::Channel(t.clone()),
            ("description", Value::Text(t)) => TouchpointField::Description(t.clone()),
            ("wish", Value::Wish(w)) => TouchpointField::Wish(*w),
            ("emotion", Value::Emotion(e)) => TouchpointField::Emotion(*e),
            ("evidence", Value::Number(n)) => TouchpointField::Evidence(*n),
            ("basis", Value::Basis(b)) => TouchpointField::Basis(*b),
            ("root_cause", Value::RootCause(r)) => TouchpointField::RootCause(r.clone()),
            _ => return None,
        };
        return Some(Edit::SetTouchpoint { id, field });
    }
    let id = ActionId::parse(item).filter(|id| map.action(id).is_some())?;
    let field = match (field, value) {
        ("item", Value::Deleted) => return Some(Edit::RemoveAction(id)),
        ("text", Value::Text(t)) => ActionField::Text(t.clone()),
        ("owner", Value::Text(t)) => ActionField::Owner(t.clone()),
        ("follow_up", Value::Text(t)) => ActionField::FollowUp(t.clone()),
        ("principle", Value::Principle(p)) => ActionField::Principle(*p),
        ("due", Value::Due(d)) => ActionField::Due(*d),
        ("done", Value::Done(d)) => ActionField::Done(*d),
        _ => return None,
    };
    Some(Edit::SetAction { id, field })
}

//! The journey map as plain data: stages of touchpoints, each touchpoint with
//! its wish, emotion, evidence and actions.
//!
//! The serde attributes here decide how a map reads in a file: fields that are
//! empty or not set are left out, and unknown fields are errors, so that a newer
//! cxmap's data is never silently dropped by an older one.

use super::{ActionId, Date, Emotion, Principle, Shared, StageId, TouchpointId, Wish};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Map {
    pub title: String,
    /// Who the journey is about: a persona or segment, in one line.
    pub persona: String,
    pub stages: Vec<Shared<Stage>>,
    /// What a merge could not decide, waiting for a person.
    pub conflicts: Vec<super::Conflict>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "stage")]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    /// Shared, so that a copy of the map (the merge base, the snapshot a
    /// recovery copy is written from) costs a pointer per touchpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub touchpoints: Vec<Shared<Touchpoint>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "touchpoint")]
pub struct Touchpoint {
    pub id: TouchpointId,
    pub name: String,
    /// Where it happens: web, phone, shop, letter...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub channel: String,
    /// `None` until the team has decided.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub wish: Option<Wish>,
    /// `None` until scored; unscored is not neutral.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub emotion: Option<Emotion>,
    /// How the team wants the customer to feel here (the to-be curve);
    /// `None` when no aim is set.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub to_be_emotion: Option<Emotion>,
    /// How many customers the finding rests on.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub evidence: u32,
    #[serde(default)]
    pub basis: Basis,
    /// EDUNI principles this touchpoint puts at risk.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub at_risk: BTreeSet<Principle>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub root_cause: Option<RootCause>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The customer's own words.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact_vec"
    )]
    pub verbatims: Vec<Verbatim>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact_vec"
    )]
    pub actions: Vec<Action>,
}

impl Touchpoint {
    /// A touchpoint with only a name: unscored, undecided, an assumption.
    pub fn new(id: TouchpointId, name: impl Into<String>) -> Touchpoint {
        Touchpoint {
            id,
            name: name.into(),
            channel: String::new(),
            wish: None,
            emotion: None,
            to_be_emotion: None,
            evidence: 0,
            basis: Basis::default(),
            at_risk: BTreeSet::new(),
            root_cause: None,
            description: String::new(),
            verbatims: Vec::new(),
            actions: Vec::new(),
        }
    }

    pub fn is_pain(&self) -> bool {
        self.emotion.is_some_and(Emotion::is_pain)
    }

    /// How many steps the team's aim sits above how customers feel today:
    /// 0 without both, or with an aim at or below today.
    pub fn gap(&self) -> u32 {
        match (self.emotion, self.to_be_emotion) {
            (Some(now), Some(aim)) => u32::try_from(aim.value() - now.value()).unwrap_or(0),
            _ => 0,
        }
    }
}

/// Whether a finding comes from customers or from the team's own belief.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename = "basis")]
pub enum Basis {
    /// Heard from customers: interviews, feedback, observation, data.
    Research,
    /// What the team believes; every new touchpoint starts here.
    #[default]
    Assumption,
}

/// A customer's words, verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "verbatim")]
pub struct Verbatim {
    pub text: String,
    /// Where the words came from: an interview, a survey, a call...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// Why a touchpoint hurts: often another touchpoint (an advert that promised
/// too much), sometimes something off the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "root_cause")]
pub enum RootCause {
    Touchpoint(TouchpointId),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "action")]
pub struct Action {
    pub id: ActionId,
    pub text: String,
    pub principle: Principle,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub due: Option<Date>,
    #[serde(default)]
    pub done: bool,
    /// What came of it: the check that the action worked.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
}

impl Action {
    pub fn new(id: ActionId, text: impl Into<String>, principle: Principle) -> Action {
        Action {
            id,
            text: text.into(),
            principle,
            owner: String::new(),
            due: None,
            done: false,
            follow_up: String::new(),
        }
    }

    /// Somebody is on it, by a date.
    pub fn is_owned(&self) -> bool {
        !self.owner.trim().is_empty() && self.due.is_some()
    }

    pub fn is_overdue(&self, today: Date) -> bool {
        !self.done && self.due.is_some_and(|due| due < today)
    }
}

/// A list read with no room to spare: a list grown item by item while it is
/// read keeps room for up to four, and a big map has many short lists
/// (about 2.5 MB of the 10,000-touchpoint map's heap).
fn exact_vec<'de, T: Deserialize<'de>, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    let mut list = Vec::<T>::deserialize(d)?;
    list.shrink_to_fit();
    Ok(list)
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// An `Option` written as its bare value (`emotion: -1`, not `Some(-1)`); a
/// missing field reads as `None`.
mod bare_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => value.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }
}

/// Where a touchpoint sits: its stage's index and its index within the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub stage: usize,
    pub index: usize,
}

/// Where a plan item or a finding sits: its touchpoint's place, and its
/// action's index in the touchpoint where it is about one. The app goes
/// straight there, with no search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemPlace {
    pub stage: usize,
    pub touchpoint: usize,
    pub action: Option<usize>,
}

impl Map {
    pub fn new(title: impl Into<String>) -> Map {
        Map {
            title: title.into(),
            ..Map::default()
        }
    }

    pub fn stage_index(&self, id: &StageId) -> Option<usize> {
        self.stages.iter().position(|s| &s.id == id)
    }

    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| &s.id == id).map(|s| &**s)
    }

    pub fn place_of(&self, id: &TouchpointId) -> Option<Place> {
        self.stages.iter().enumerate().find_map(|(stage, s)| {
            let index = s.touchpoints.iter().position(|t| &t.id == id)?;
            Some(Place { stage, index })
        })
    }

    pub fn touchpoint(&self, id: &TouchpointId) -> Option<&Touchpoint> {
        self.place_of(id)
            .map(|p| &*self.stages[p.stage].touchpoints[p.index])
    }

    pub fn touchpoint_mut(&mut self, id: &TouchpointId) -> Option<&mut Touchpoint> {
        let p = self.place_of(id)?;
        Some(&mut self.stages[p.stage].touchpoints[p.index])
    }

    /// The touchpoint that holds an action, and the action's index in it.
    pub fn action_owner(&self, id: &ActionId) -> Option<(Place, usize)> {
        self.stages.iter().enumerate().find_map(|(stage, s)| {
            s.touchpoints.iter().enumerate().find_map(|(index, t)| {
                let a = t.actions.iter().position(|a| &a.id == id)?;
                Some((Place { stage, index }, a))
            })
        })
    }

    pub fn action(&self, id: &ActionId) -> Option<&Action> {
        let (p, a) = self.action_owner(id)?;
        Some(&self.stages[p.stage].touchpoints[p.index].actions[a])
    }

    /// Every touchpoint with its stage, in journey order.
    /// Every touchpoint with its stage and its place, in journey order.
    pub fn placed_touchpoints(&self) -> impl Iterator<Item = (Place, &Stage, &Touchpoint)> {
        self.stages.iter().enumerate().flat_map(|(s, stage)| {
            stage
                .touchpoints
                .iter()
                .enumerate()
                .map(move |(index, t)| (Place { stage: s, index }, &**stage, &**t))
        })
    }

    pub fn touchpoints(&self) -> impl Iterator<Item = (&Stage, &Touchpoint)> {
        self.stages
            .iter()
            .flat_map(|s| s.touchpoints.iter().map(move |t| (&**s, &**t)))
    }

    pub fn touchpoint_count(&self) -> usize {
        self.stages.iter().map(|s| s.touchpoints.len()).sum()
    }

    /// Whether any stage, touchpoint or action already uses this id.
    pub fn id_taken(&self, id: &str) -> bool {
        self.stages.iter().any(|s| {
            s.id.as_str() == id
                || s.touchpoints
                    .iter()
                    .any(|t| t.id.as_str() == id || t.actions.iter().any(|a| a.id.as_str() == id))
        })
    }

    pub fn fresh_stage_id(&self) -> StageId {
        StageId::fresh(|id| self.id_taken(id))
    }

    pub fn fresh_touchpoint_id(&self) -> TouchpointId {
        TouchpointId::fresh(|id| self.id_taken(id))
    }

    pub fn fresh_action_id(&self) -> ActionId {
        ActionId::fresh(|id| self.id_taken(id))
    }
}

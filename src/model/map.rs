//! The journey map as plain data: stages of touchpoints, each touchpoint with
//! its wish, emotion, evidence and actions.
//!
//! The serde attributes here decide how a map reads in a file: fields that are
//! empty or not set are left out, and unknown fields are errors, so that a newer
//! cxmap's data is never silently dropped by an older one.

use super::{ActionId, Date, Emotion, PersonaId, Principle, Shared, StageId, TouchpointId, Wish};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Map {
    pub title: String,
    /// Who the journey is about: a persona or segment, in one line. The
    /// map-wide scores are theirs; [`Map::personas`] names the people whose
    /// scores may differ.
    pub persona: String,
    /// The personas the map compares, each with a curve of its own.
    pub personas: Vec<Persona>,
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
    /// How personas feel here where it differs from the map-wide scores
    /// above, at most one entry per persona of the map. A persona without
    /// an entry (or without one of its scores) takes the map-wide one.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact_vec"
    )]
    pub by_persona: Vec<PersonaScore>,
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
            by_persona: Vec::new(),
            evidence: 0,
            basis: Basis::default(),
            at_risk: BTreeSet::new(),
            root_cause: None,
            description: String::new(),
            verbatims: Vec::new(),
            actions: Vec::new(),
        }
    }

    /// Whether it hurts anyone: below neutral map-wide or for a persona.
    pub fn is_pain(&self) -> bool {
        self.worst().scores.pain() > 0
    }

    /// How many steps the team's aim sits above how customers feel today:
    /// 0 without both, or with an aim at or below today.
    pub fn gap(&self) -> u32 {
        gap(self.emotion, self.to_be_emotion)
    }

    /// The scores `persona` has here: its own where it has them, the
    /// map-wide ones where not.
    pub fn scores_of(&self, persona: &PersonaId) -> Scores {
        let own = self.by_persona.iter().find(|s| &s.persona == persona);
        Scores {
            emotion: own.and_then(|s| s.emotion).or(self.emotion),
            to_be: own.and_then(|s| s.to_be_emotion).or(self.to_be_emotion),
        }
    }

    /// The map-wide scores.
    pub fn scores(&self) -> Scores {
        Scores {
            emotion: self.emotion,
            to_be: self.to_be_emotion,
        }
    }

    /// Who hurts most here: the highest pain across the map-wide score and
    /// each persona's, then the widest gap up to its aim; the map-wide
    /// score wins a tie (`persona` is then `None`), then the first persona.
    pub fn worst(&self) -> Worst<'_> {
        let key = |s: Scores| (s.pain(), s.gap());
        let mut worst = Worst {
            persona: None,
            scores: self.scores(),
        };
        for entry in &self.by_persona {
            let scores = self.scores_of(&entry.persona);
            if key(scores) > key(worst.scores) {
                worst = Worst {
                    persona: Some(&entry.persona),
                    scores,
                };
            }
        }
        worst
    }
}

fn gap(now: Option<Emotion>, aim: Option<Emotion>) -> u32 {
    match (now, aim) {
        (Some(now), Some(aim)) => u32::try_from(aim.value() - now.value()).unwrap_or(0),
        _ => 0,
    }
}

/// A touchpoint's scores for one persona (or map-wide): how it feels
/// today and the team's aim.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    pub emotion: Option<Emotion>,
    pub to_be: Option<Emotion>,
}

impl Scores {
    /// How painful today, 0 to 2; 0 unscored.
    pub fn pain(self) -> u32 {
        self.emotion.map_or(0, Emotion::pain)
    }

    /// Steps from today up to the aim; 0 without both or with an aim at
    /// or below today.
    pub fn gap(self) -> u32 {
        gap(self.emotion, self.to_be)
    }
}

/// Who hurts most at a touchpoint ([`Touchpoint::worst`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Worst<'t> {
    /// `None` when the map-wide score hurts as much as any persona's.
    pub persona: Option<&'t PersonaId>,
    pub scores: Scores,
}

/// Someone the journey is told for: a name and a line about them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "persona")]
pub struct Persona {
    pub id: PersonaId,
    pub name: String,
    /// Who they are, in a line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Persona {
    pub fn new(id: PersonaId, name: impl Into<String>) -> Persona {
        Persona {
            id,
            name: name.into(),
            description: String::new(),
        }
    }
}

/// How one persona feels at a touchpoint where that differs from the
/// map-wide score; an unset score takes the map-wide one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "persona_score")]
pub struct PersonaScore {
    pub persona: PersonaId,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub emotion: Option<Emotion>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "bare_option")]
    pub to_be_emotion: Option<Emotion>,
}

impl PersonaScore {
    /// An entry for `persona` that sets nothing.
    pub fn unset(persona: PersonaId) -> PersonaScore {
        PersonaScore {
            persona,
            emotion: None,
            to_be_emotion: None,
        }
    }

    /// An entry that sets nothing: the persona takes the map-wide scores.
    pub fn is_empty(&self) -> bool {
        self.emotion.is_none() && self.to_be_emotion.is_none()
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "verbatim")]
pub struct Verbatim {
    pub text: String,
    /// Where the words came from: an interview, a survey, a call...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// Why a touchpoint hurts: often another touchpoint (an advert that promised
/// too much), sometimes something off the map.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

    pub fn persona(&self, id: &PersonaId) -> Option<&Persona> {
        self.personas.iter().find(|p| &p.id == id)
    }

    /// A persona's name as people read it; its id when the map has no such persona.
    pub fn persona_name<'a>(&'a self, id: &'a PersonaId) -> &'a str {
        self.persona(id).map_or(id.as_str(), |p| p.name.as_str())
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

    /// Whether any stage, touchpoint, action or persona already uses this id.
    pub fn id_taken(&self, id: &str) -> bool {
        self.personas.iter().any(|p| p.id.as_str() == id)
            || self.stages.iter().any(|s| {
                s.id.as_str() == id
                    || s.touchpoints.iter().any(|t| {
                        t.id.as_str() == id || t.actions.iter().any(|a| a.id.as_str() == id)
                    })
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

    pub fn fresh_persona_id(&self) -> PersonaId {
        PersonaId::fresh(|id| self.id_taken(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persona_takes_the_map_wide_score_it_does_not_set_and_the_worst_is_named() {
        let (anna, ben) = (
            PersonaId::parse("p-anna").unwrap(),
            PersonaId::parse("p-ben").unwrap(),
        );
        let mut tp = Touchpoint::new(TouchpointId::parse("t-1").unwrap(), "Pay");
        tp.emotion = Emotion::new(0);
        tp.to_be_emotion = Emotion::new(1);
        assert_eq!(tp.worst().persona, None);
        assert!(!tp.is_pain());
        tp.by_persona = vec![
            PersonaScore {
                emotion: Emotion::new(-1),
                ..PersonaScore::unset(anna.clone())
            },
            PersonaScore {
                to_be_emotion: Emotion::new(2),
                ..PersonaScore::unset(ben.clone())
            },
        ];
        let anna_scores = tp.scores_of(&anna);
        assert_eq!(
            (anna_scores.emotion, anna_scores.to_be),
            (Emotion::new(-1), Emotion::new(1)),
            "her own emotion, the map-wide aim"
        );
        assert_eq!(tp.scores_of(&ben).emotion, Emotion::new(0));
        let worst = tp.worst();
        assert_eq!(worst.persona, Some(&anna));
        assert_eq!((worst.scores.pain(), worst.scores.gap()), (1, 2));
        assert!(tp.is_pain(), "a pain point for Anna is a pain point");
        // As bad map-wide: Ben, with the map-wide -1 too, aims higher.
        tp.emotion = Emotion::new(-1);
        assert_eq!(tp.worst().persona, Some(&ben));
        tp.by_persona.pop();
        assert_eq!(tp.worst().persona, None, "a tie names no persona");
    }
}

//! Rules a map must keep to be loaded at all: every id used once, every
//! root-cause link pointing at a touchpoint that exists (and not at itself),
//! and every per-persona score naming a persona of the map, once.
//! Edits keep these rules; a hand-edited or badly merged file may break them.

use super::{Map, RootCause};
// foldhash (ratatui's, through hashbrown): a map's ids are hashed at every
// load, and std's SipHash made this a tenth of opening a large map.
use foldhash::{HashMap, HashMapExt, HashSet};

/// A rule the map breaks, with the id of the item to point the user at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub id: String,
    /// Which place the id is written in that the problem is about: 0 for the
    /// first, 1 for the second (a duplicate).
    pub occurrence: usize,
    pub message: String,
}

/// What an id names, described only when a problem needs the words.
#[derive(Clone, Copy)]
enum Named<'m> {
    Stage(&'m str),
    Touchpoint(&'m str),
    Action(&'m str),
    Persona(&'m str),
}

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Named::Stage(name) => write!(f, "stage '{name}'"),
            Named::Touchpoint(name) => write!(f, "touchpoint '{name}'"),
            Named::Action(text) => write!(f, "action '{text}'"),
            Named::Persona(name) => write!(f, "persona '{name}'"),
        }
    }
}

pub fn validate(map: &Map) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<&str, Named> = HashMap::with_capacity(map.touchpoint_count() * 2);
    let personas = (map.personas.iter()).map(|p| (p.id.as_str(), Named::Persona(&p.name)));
    let items = personas.chain(map.stages.iter().flat_map(|stage| {
        std::iter::once((stage.id.as_str(), Named::Stage(&stage.name))).chain(
            stage.touchpoints.iter().flat_map(|tp| {
                std::iter::once((tp.id.as_str(), Named::Touchpoint(&tp.name))).chain(
                    tp.actions
                        .iter()
                        .map(|a| (a.id.as_str(), Named::Action(&a.text))),
                )
            }),
        )
    }));
    for (id, what) in items {
        if id == "map" {
            problems.push(Problem {
                id: id.to_owned(),
                occurrence: 0,
                message: format!(
                    "{what} has the id `map`, which names the map itself in merge conflicts: give it another id"
                ),
            });
        }
        if let Some(first) = seen.insert(id, what) {
            problems.push(Problem {
                id: id.to_owned(),
                occurrence: 1,
                message: format!("id `{id}` is used twice: by {first} and by {what}"),
            });
            seen.insert(id, first);
        }
    }
    let touchpoints: HashSet<&str> = map.touchpoints().map(|(_, t)| t.id.as_str()).collect();
    for (_, tp) in map.touchpoints() {
        if let Some(RootCause::Touchpoint(target)) = &tp.root_cause {
            if target == &tp.id {
                problems.push(Problem {
                    id: tp.id.to_string(),
                    occurrence: 0,
                    message: format!("touchpoint '{}' names itself as its root cause", tp.name),
                });
            } else if !touchpoints.contains(target.as_str()) {
                problems.push(Problem {
                    id: tp.id.to_string(),
                    occurrence: 0,
                    message: format!(
                        "touchpoint '{}' names `{target}` as its root cause, but no touchpoint has that id",
                        tp.name
                    ),
                });
            }
        }
    }
    scores(map, &mut problems);
    problems
}

/// Each touchpoint's per-persona scores name personas of the map, each once.
fn scores(map: &Map, problems: &mut Vec<Problem>) {
    for (_, tp) in map.touchpoints() {
        for (i, score) in tp.by_persona.iter().enumerate() {
            let id = &score.persona;
            let message = if map.persona(id).is_none() {
                format!(
                    "touchpoint '{}' has scores for persona `{id}`, but the map has no persona with that id",
                    tp.name
                )
            } else if tp.by_persona[..i].iter().any(|s| &s.persona == id) {
                format!(
                    "touchpoint '{}' has scores for persona '{}' twice",
                    tp.name,
                    map.persona_name(id)
                )
            } else {
                continue;
            };
            problems.push(Problem {
                id: tp.id.to_string(),
                occurrence: 0,
                message,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, StageId, Touchpoint, TouchpointId};

    fn tp(id: &str, name: &str) -> Touchpoint {
        Touchpoint::new(TouchpointId::parse(id).unwrap(), name)
    }

    fn map_with(touchpoints: Vec<Touchpoint>) -> Map {
        Map {
            stages: vec![
                Stage {
                    id: StageId::parse("s-1").unwrap(),
                    name: "One".into(),
                    touchpoints: touchpoints.into_iter().map(Into::into).collect(),
                }
                .into(),
            ],
            ..Map::new("test")
        }
    }

    #[test]
    fn a_sound_map_has_no_problems() {
        let mut b = tp("t-b", "B");
        b.root_cause = Some(RootCause::Touchpoint(TouchpointId::parse("t-a").unwrap()));
        assert_eq!(validate(&map_with(vec![tp("t-a", "A"), b])), vec![]);
    }

    #[test]
    fn duplicate_ids_name_both_items() {
        let problems = validate(&map_with(vec![tp("t-a", "First"), tp("t-a", "Second")]));
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].message,
            "id `t-a` is used twice: by touchpoint 'First' and by touchpoint 'Second'"
        );
    }

    #[test]
    fn scores_for_a_persona_the_map_lacks_or_twice_are_named() {
        use crate::model::{Persona, PersonaId, PersonaScore};
        let anna = PersonaId::parse("p-anna").unwrap();
        let mut a = tp("t-a", "A");
        a.by_persona = vec![
            PersonaScore::unset(anna.clone()),
            PersonaScore::unset(anna.clone()),
        ];
        let mut b = tp("t-b", "B");
        b.by_persona = vec![PersonaScore::unset(PersonaId::parse("p-gone").unwrap())];
        let mut map = map_with(vec![a, b]);
        map.personas.push(Persona::new(anna, "Anna"));
        let said: Vec<String> = validate(&map).into_iter().map(|p| p.message).collect();
        assert_eq!(
            said,
            [
                "touchpoint 'A' has scores for persona 'Anna' twice",
                "touchpoint 'B' has scores for persona `p-gone`, but the map has no persona with that id",
            ]
        );
        map.personas[0].id = PersonaId::parse("t-a").unwrap();
        assert!(
            validate(&map)
                .iter()
                .any(|p| p.message.contains("used twice: by persona 'Anna'")),
            "a persona's id is one of the map's ids"
        );
    }

    #[test]
    fn dangling_and_self_links_are_named() {
        let mut a = tp("t-a", "A");
        a.root_cause = Some(RootCause::Touchpoint(
            TouchpointId::parse("t-gone").unwrap(),
        ));
        let mut b = tp("t-b", "B");
        b.root_cause = Some(RootCause::Touchpoint(TouchpointId::parse("t-b").unwrap()));
        let problems = validate(&map_with(vec![a, b]));
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("`t-gone`"));
        assert_eq!(
            problems[1].message,
            "touchpoint 'B' names itself as its root cause"
        );
    }
}

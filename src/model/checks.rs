//! The five classic CX mistakes as checks a map can fail, each with a stable
//! code that CI configurations and people can rely on.
//!
//! | code  | mistake                         | what the map shows                                  |
//! |-------|---------------------------------|-----------------------------------------------------|
//! | CX001 | asking your own questions       | a touchpoint that rests only on internal assumption |
//! | CX002 | relying on numbers              | an emotion score without the customer's words       |
//! | CX003 | misjudging the data             | an open action that rests on one customer           |
//! | CX004 | no root-cause process           | a pain point without a root cause                   |
//! | CX005 | measuring for measuring's sake  | a pain point nobody owns, or an overdue action      |
//! | CX006 | no root-cause process           | root causes that go round in a circle (A → B → A)   |
//!
//! CX006 is about several touchpoints at once: `check` finds it on the whole
//! map (`causes::cycles`) and reports it on the cycle's first touchpoint in
//! journey order, naming them all; `check_touchpoint` never gives it.

//!
//! and one a team asks for by giving its line (`cxmap check --min-research`):
//!
//! | code  | mistake                         | what the map shows                                  |
//! |-------|---------------------------------|-----------------------------------------------------|
//! | CX007 | too little research             | a stage, or the map, below the team's research line |
//!
//! A pain point is a touchpoint that hurts anyone: below neutral map-wide or
//! in a persona's own score ([`Touchpoint::is_pain`]).

use super::{
    Action, Basis, Date, ItemPlace, Map, MapStats, Persona, Stage, Stats, Touchpoint, one_line,
};
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    CX001,
    CX002,
    CX003,
    CX004,
    CX005,
    CX006,
    CX007,
}

impl Code {
    /// The codes `check` finds on every map.
    pub const ALL: [Code; 6] = [
        Code::CX001,
        Code::CX002,
        Code::CX003,
        Code::CX004,
        Code::CX005,
        Code::CX006,
    ];

    /// The codes found only when a team asks, by giving its line: never by
    /// `check`, so never in the app's Checks view or an export's findings.
    pub const ON_REQUEST: [Code; 1] = [Code::CX007];

    /// The mistake the code stands for, in a few words.
    pub fn mistake(self) -> &'static str {
        match self {
            Code::CX001 => "asking the questions you want answered",
            Code::CX002 => "relying on numbers",
            Code::CX003 => "misjudging the data",
            Code::CX004 => "no root-cause process",
            Code::CX006 => "no root-cause process: causes in a circle",
            Code::CX005 => "measuring for measuring's sake",
            Code::CX007 => "too little research",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Finding<'m> {
    pub code: Code,
    pub stage: &'m Stage,
    pub touchpoint: &'m Touchpoint,
    /// The action the finding is about, where it is about one.
    pub action: Option<&'m Action>,
    /// The persona a pain point hurts, when only a persona's own score
    /// makes it one (the map-wide score does not hurt).
    pub persona: Option<&'m Persona>,
    /// Where all that sits in the map.
    pub place: ItemPlace,
    /// The map, for a finding that names other touchpoints (CX006).
    pub map: &'m Map,
}

impl Finding<'_> {
    /// What is wrong, naming the touchpoint (and the action).
    pub fn message(&self) -> String {
        let name = one_line(&self.touchpoint.name);
        match (self.code, self.action) {
            (Code::CX001, _) => format!("'{name}' rests only on the team's assumptions"),
            (Code::CX002, _) => {
                let score = self
                    .touchpoint
                    .emotion
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                format!("'{name}' is scored {score} with no customer words to say why")
            }
            (Code::CX003, action) => {
                let basis = if self.touchpoint.evidence == 0 {
                    "has no counted customers behind it"
                } else {
                    "rests on one customer's word"
                };
                let text = one_line(action.map_or("", |a| a.text.as_str()));
                format!("action '{text}' on '{name}' {basis}")
            }
            (Code::CX004, _) => format!("pain point '{name}'{} has no root cause", self.whose()),
            (Code::CX006, _) => {
                format!(
                    "root causes go round in a circle: {}",
                    super::causes::round_text(&self.cycle())
                )
            }
            (Code::CX005, None) => format!(
                "pain point '{name}'{} has no action with an owner and a due date",
                self.whose()
            ),
            (Code::CX005, Some(action)) => {
                let due = action.due.map(|d| d.to_string()).unwrap_or_default();
                format!(
                    "action '{}' on '{name}' was due {due} and is not done",
                    one_line(&action.text)
                )
            }
            (Code::CX007, _) => unreachable!("CX007 is a ShortOfResearch, never a Finding"),
        }
    }

    /// ` (for Kadri)`, when a persona's own score alone makes the pain.
    fn whose(&self) -> String {
        self.persona
            .map_or(String::new(), |p| format!(" (for {})", p.name))
    }

    /// The touchpoints of a cycle of causes (CX006), from this one, in the
    /// order of their links; empty for the other codes.
    pub fn cycle(&self) -> Vec<&Touchpoint> {
        if self.code != Code::CX006 {
            return Vec::new();
        }
        super::causes::round(self.map, self.touchpoint)
    }

    /// One line on what to do about it.
    pub fn hint(&self) -> &'static str {
        match (self.code, self.action) {
            (Code::CX001, _) => {
                "let customers tell it in their own words, then mark it as research"
            }
            (Code::CX002, _) => {
                "add what customers said: a score alone does not say what to change"
            }
            (Code::CX003, _) => {
                "check how many customers share the problem before acting, and record the count"
            }
            (Code::CX004, _) => {
                "ask why until you reach a cause you can act on; it may be another touchpoint"
            }
            (Code::CX006, _) => {
                "a cause cannot be its own cause: find where the circle leaves the map and name that"
            }
            (Code::CX005, None) => {
                "measure only what you will act on: give the pain an action, an owner and a date"
            }
            (Code::CX005, Some(_)) => {
                "follow up: finish it, set a new date, or record why it was dropped"
            }
            (Code::CX007, _) => RESEARCH_HINT,
        }
    }
}

const RESEARCH_HINT: &str =
    "hear customers on the touchpoints that rest on assumption, then mark them as research";

/// A stage, or the whole map, resting on research less than the team's
/// line (CX007): `cxmap check --min-research PERCENT`.
#[derive(Clone, Copy, Debug)]
pub struct ShortOfResearch<'m> {
    /// The stage and its index; `None` for the whole map.
    pub stage: Option<(usize, &'m Stage)>,
    /// Its figures (the research share is what falls short).
    pub figures: Stats,
    /// The line, in percent.
    pub min_percent: u8,
}

impl ShortOfResearch<'_> {
    pub const CODE: Code = Code::CX007;

    /// How much rests on research, against the line.
    pub fn message(&self) -> String {
        let what = match self.stage {
            Some((_, stage)) => format!("stage '{}'", one_line(&stage.name)),
            None => "the map".to_owned(),
        };
        let (research, all) = (self.figures.research, self.figures.touchpoints);
        let percent = self.figures.research_percent().unwrap_or(0);
        format!(
            "{what} rests on research for {research} of {all} touchpoints ({percent}%), \
             under the line of {}%",
            self.min_percent
        )
    }

    pub fn hint(&self) -> &'static str {
        RESEARCH_HINT
    }
}

/// Each stage whose share of touchpoints resting on research is under
/// `min_percent`, in journey order, then the whole map if it is; from the
/// map's `figures` (`stats(map, ..)`). A stage with no touchpoints rests on
/// nothing and is never short.
pub fn short_of_research<'m>(
    map: &'m Map,
    figures: &MapStats,
    min_percent: u8,
) -> Vec<ShortOfResearch<'m>> {
    let short = |figures: &Stats| figures.short_of_research(min_percent);
    let stages = map.stages.iter().enumerate().zip(&figures.stages);
    let mut found: Vec<ShortOfResearch<'m>> = stages
        .filter(|(_, figures)| short(figures))
        .map(|((index, stage), figures)| ShortOfResearch {
            stage: Some((index, stage)),
            figures: *figures,
            min_percent,
        })
        .collect();
    if short(&figures.map) {
        found.push(ShortOfResearch {
            stage: None,
            figures: figures.map,
            min_percent,
        });
    }
    found
}

/// Runs every check. `today` decides what is overdue, so results never depend
/// on the clock. Findings come in journey order, and by code within a touchpoint.
pub fn check<'m>(map: &'m Map, today: Date) -> Vec<Finding<'m>> {
    let mut findings = Vec::new();
    each_finding(map, today, |code, place| {
        findings.push(Finding::at(map, code, place));
    });
    findings
}

/// What `check` finds, each as its code and place, in `check`'s order,
/// without making a `Finding` of it: for lists that keep only that (a big
/// map's findings at once weigh megabytes).
pub fn each_finding(map: &Map, today: Date, mut found: impl FnMut(Code, ItemPlace)) {
    // Each cycle by its first touchpoint, in journey order as the walk goes.
    let mut cycles = super::cycles(map).into_iter().map(|c| c[0]).peekable();
    for (place, _, tp) in map.placed_touchpoints() {
        let mut at = |code, action: Option<usize>| {
            let place = ItemPlace {
                stage: place.stage,
                touchpoint: place.index,
                action,
            };
            found(code, place);
        };
        check_touchpoint(tp, today, &mut at);
        if cycles.next_if_eq(&place).is_some() {
            at(Code::CX006, None);
        }
    }
}

impl<'m> Finding<'m> {
    /// The finding of `code` at `place` in `map` (a place `check` gave).
    pub fn at(map: &'m Map, code: Code, place: ItemPlace) -> Finding<'m> {
        let stage = &map.stages[place.stage];
        let tp = &*stage.touchpoints[place.touchpoint];
        // A persona is named only where its own score alone makes the pain.
        let persona = tp
            .emotion
            .is_none_or(|e| !e.is_pain())
            .then(|| tp.worst().persona.and_then(|id| map.persona(id)))
            .flatten();
        Finding {
            code,
            stage,
            touchpoint: tp,
            action: place.action.map(|i| &tp.actions[i]),
            persona,
            place,
            map,
        }
    }
}

/// The checks on one touchpoint, as `check` runs them: `found` gets each
/// finding's code and the index of the action it is about, in `check`'s
/// order. What an app that follows edits recounts for the touchpoint edited.
pub fn check_touchpoint(tp: &Touchpoint, today: Date, mut found: impl FnMut(Code, Option<usize>)) {
    let actions = || tp.actions.iter().enumerate();
    if tp.basis == Basis::Assumption {
        found(Code::CX001, None);
    }
    if tp.emotion.is_some() && tp.verbatims.is_empty() {
        found(Code::CX002, None);
    }
    if tp.evidence <= 1 {
        for (i, _) in actions().filter(|(_, a)| !a.done) {
            found(Code::CX003, Some(i));
        }
    }
    if tp.is_pain() && tp.root_cause.is_none() {
        found(Code::CX004, None);
    }
    if tp.is_pain() && !tp.actions.iter().any(Action::is_owned) {
        found(Code::CX005, None);
    }
    for (i, _) in actions().filter(|(_, a)| a.is_overdue(today)) {
        found(Code::CX005, Some(i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionId, Emotion, Principle, RootCause, StageId, TouchpointId, Verbatim};

    fn today() -> Date {
        "2026-06-15".parse().unwrap()
    }

    /// A touchpoint that passes every check.
    fn sound() -> Touchpoint {
        let mut t = Touchpoint::new(TouchpointId::parse("t-ok").unwrap(), "Pay the bill");
        t.basis = Basis::Research;
        t.emotion = Emotion::new(-1);
        t.evidence = 12;
        t.verbatims.push(Verbatim {
            text: "Too many steps.".into(),
            source: String::new(),
        });
        t.root_cause = Some(RootCause::Text("old billing system".into()));
        let mut a = Action::new(
            ActionId::parse("a-ok").unwrap(),
            "Cut the steps",
            Principle::Fast,
        );
        a.owner = "Mari".into();
        a.due = Some("2026-07-01".parse().unwrap());
        t.actions.push(a);
        t
    }

    fn codes(tp: Touchpoint) -> Vec<Code> {
        let map = Map {
            stages: vec![
                Stage {
                    id: StageId::parse("s-1").unwrap(),
                    name: "Pay".into(),
                    touchpoints: vec![tp.into()],
                }
                .into(),
            ],
            ..Map::new("checks")
        };
        check(&map, today()).iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_sound_touchpoint_passes() {
        assert_eq!(codes(sound()), []);
    }

    #[test]
    fn cx001_assumption() {
        let mut t = sound();
        t.basis = Basis::Assumption;
        assert_eq!(codes(t), [Code::CX001]);
    }

    #[test]
    fn cx002_score_without_words() {
        let mut t = sound();
        t.verbatims.clear();
        assert_eq!(codes(t.clone()), [Code::CX002]);
        t.emotion = None;
        t.root_cause = None;
        assert_eq!(
            codes(t),
            [],
            "an unscored touchpoint needs no words and no cause"
        );
    }

    #[test]
    fn cx003_one_voice() {
        let mut t = sound();
        t.evidence = 1;
        assert_eq!(codes(t.clone()), [Code::CX003]);
        t.actions[0].done = true;
        assert_eq!(
            codes(t),
            [],
            "a done action is history, not a decision to revisit"
        );
    }

    #[test]
    fn cx004_pain_without_cause() {
        let mut t = sound();
        t.root_cause = None;
        assert_eq!(codes(t), [Code::CX004]);
    }

    #[test]
    fn cx005_unowned_pain_and_overdue_actions() {
        let mut t = sound();
        t.actions[0].owner.clear();
        assert_eq!(codes(t), [Code::CX005]);
        let mut late = sound();
        late.actions[0].due = Some("2026-06-14".parse().unwrap());
        let map_findings = codes(late.clone());
        assert_eq!(map_findings, [Code::CX005]);
        late.actions[0].due = Some(today());
        assert_eq!(codes(late), [], "due today is not yet overdue");
    }

    #[test]
    fn cx006_a_cycle_of_causes_is_one_finding_naming_each_touchpoint() {
        let link = |t: &mut Touchpoint, to: &str| {
            t.root_cause = Some(RootCause::Touchpoint(TouchpointId::parse(to).unwrap()));
        };
        let mut a = sound();
        a.id = TouchpointId::parse("t-a").unwrap();
        a.name = "Advert".into();
        let mut b = a.clone();
        b.id = TouchpointId::parse("t-b").unwrap();
        b.name = "Bill".into();
        let mut c = a.clone();
        c.id = TouchpointId::parse("t-c").unwrap();
        c.name = "Call".into();
        link(&mut a, "t-c");
        link(&mut b, "t-a");
        link(&mut c, "t-b");
        let map = Map {
            stages: vec![
                Stage {
                    id: StageId::parse("s-1").unwrap(),
                    name: "Pay".into(),
                    touchpoints: vec![b.into(), a.into(), c.into()],
                }
                .into(),
            ],
            ..Map::new("checks")
        };
        let findings = check(&map, today());
        assert_eq!(findings.len(), 1, "one cycle, one finding");
        let f = &findings[0];
        assert_eq!(f.code, Code::CX006);
        assert_eq!(f.touchpoint.name, "Bill", "on the cycle's first touchpoint");
        assert_eq!(
            f.message(),
            "root causes go round in a circle: 'Bill' → 'Advert' → 'Call' → 'Bill'"
        );
        assert!(f.code.mistake().starts_with(Code::CX004.mistake()));
        // No touchpoint on its own shows it.
        let mut codes = vec![];
        check_touchpoint(&map.stages[0].touchpoints[0], today(), |c, _| codes.push(c));
        assert_eq!(codes, []);
    }

    #[test]
    fn messages_name_the_touchpoint() {
        let mut t = sound();
        t.root_cause = None;
        let map = Map {
            stages: vec![
                Stage {
                    id: StageId::parse("s-1").unwrap(),
                    name: "Pay".into(),
                    touchpoints: vec![t.into()],
                }
                .into(),
            ],
            ..Map::new("checks")
        };
        let findings = check(&map, today());
        assert_eq!(
            findings[0].message(),
            "pain point 'Pay the bill' has no root cause"
        );
        assert!(!findings[0].hint().is_empty());
    }

    #[test]
    fn cx007_stages_and_the_map_under_the_research_line() {
        let stage = |id: &str, name: &str, bases: &[Basis]| Stage {
            id: StageId::parse(id).unwrap(),
            name: name.into(),
            touchpoints: bases
                .iter()
                .enumerate()
                .map(|(i, &basis)| {
                    let mut t = sound();
                    t.id = TouchpointId::parse(&format!("{id}-{i}").replace("s-", "t-")).unwrap();
                    t.basis = basis;
                    t.into()
                })
                .collect(),
        };
        let map = Map {
            stages: vec![
                stage("s-a", "Find", &[Basis::Research, Basis::Assumption]).into(),
                stage("s-b", "Buy", &[Basis::Research, Basis::Research]).into(),
                stage("s-c", "Empty", &[]).into(),
            ],
            ..Map::new("research")
        };
        let figures = crate::model::stats(&map, today());
        let short = |min| {
            short_of_research(&map, &figures, min)
                .iter()
                .map(|s| s.stage.map(|(i, _)| i))
                .collect::<Vec<_>>()
        };
        // Find 1 of 2 (50%), Buy 2 of 2, the map 3 of 4 (75%).
        assert_eq!(short(50), [], "exactly on the line is not under it");
        assert_eq!(short(51), [Some(0)]);
        assert_eq!(short(76), [Some(0), None]);
        assert_eq!(short(100), [Some(0), None], "an empty stage is never short");
        assert_eq!(short(0), []);
        let found = short_of_research(&map, &figures, 80);
        assert_eq!(
            found[0].message(),
            "stage 'Find' rests on research for 1 of 2 touchpoints (50%), under the line of 80%"
        );
        assert_eq!(
            found[1].message(),
            "the map rests on research for 3 of 4 touchpoints (75%), under the line of 80%"
        );
        assert!(!found[1].hint().is_empty());
    }

    #[test]
    fn a_pain_point_only_for_a_persona_names_the_persona() {
        use crate::model::{Persona, PersonaId, PersonaScore};
        let kadri = PersonaId::parse("p-kadri").unwrap();
        let mut t = sound();
        t.emotion = Emotion::new(1);
        t.root_cause = None;
        t.by_persona = vec![PersonaScore {
            emotion: Emotion::new(-2),
            ..PersonaScore::unset(kadri.clone())
        }];
        let mut m = Map {
            stages: vec![
                Stage {
                    id: StageId::parse("s-1").unwrap(),
                    name: "Pay".into(),
                    touchpoints: vec![t.into()],
                }
                .into(),
            ],
            ..Map::new("checks")
        };
        m.personas.push(Persona::new(kadri, "Kadri"));
        let said: Vec<String> = check(&m, today()).iter().map(Finding::message).collect();
        assert_eq!(
            said,
            ["pain point 'Pay the bill' (for Kadri) has no root cause"]
        );
        // Hurting map-wide too: no one is singled out.
        m.stages[0].touchpoints[0].emotion = Emotion::new(-1);
        let said: Vec<String> = check(&m, today()).iter().map(Finding::message).collect();
        assert_eq!(said, ["pain point 'Pay the bill' has no root cause"]);
    }
}

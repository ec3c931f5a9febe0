//! Large, realistic maps made up on the spot, for benchmarks and load tests.

use super::ActionId;
use super::{
    Action, Basis, Date, Emotion, Map, Persona, PersonaId, PersonaScore, Principle, RootCause,
    Stage, StageId, Touchpoint, TouchpointId, Verbatim, Wish,
};

/// What people write, short and long, some of it not ASCII, for names,
/// descriptions and customer words of varied lengths.
const PHRASES: [&str; 8] = [
    "Pay",
    "Call support about the invoice",
    "Ask the accountant which bank to use, then compare the fees in the price list",
    "Tellimuse kinnitus e-postiga",
    "Ühenduse katkemine õhtul, kui kogu pere on võrgus ja keegi ei tea, miks",
    "受付で待つ",
    "Renew the contract — or move on",
    "Wait for the decision",
];

/// A map with `touchpoints` touchpoints spread over stages of about fifty,
/// every field in use, texts of varied lengths (some not ASCII). The same
/// arguments always give the same map.
pub fn generated_map(touchpoints: usize) -> Map {
    let mut map = Map::new(format!("Generated journey with {touchpoints} touchpoints"));
    map.persona = "Everyone, for measuring".into();
    map.personas = personas();
    let mut n = 0;
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut roll = |k: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % k
    };
    while n < touchpoints {
        let stage_no = map.stages.len();
        let mut stage = Stage {
            id: StageId::parse(&format!("s-{stage_no:05}")).expect("valid id"),
            name: format!("Stage {} — õhtu", stage_no + 1),
            touchpoints: Vec::new(),
        };
        for _ in 0..50.min(touchpoints - n) {
            let mut tp = Touchpoint::new(
                TouchpointId::parse(&format!("t-{n:06}")).expect("valid id"),
                format!("{} ({n})", PHRASES[roll(8) as usize]),
            );
            tp.channel = ["web", "phone", "shop", "app", "e-mail"][roll(5) as usize].into();
            tp.wish = Some(Wish::ALL[roll(4) as usize]);
            tp.emotion = Emotion::new(roll(5) as i8 - 2);
            if roll(3) == 0 {
                tp.to_be_emotion = Emotion::new(roll(5) as i8 - 2);
            }
            tp.evidence = roll(40) as u32;
            tp.basis = if roll(3) == 0 {
                Basis::Assumption
            } else {
                Basis::Research
            };
            tp.at_risk = (0..roll(3))
                .map(|_| Principle::ALL[roll(6) as usize])
                .collect();
            tp.root_cause = match roll(3) {
                0 if n > 0 => Some(RootCause::Touchpoint(
                    TouchpointId::parse(&format!("t-{:06}", roll(n as u64))).expect("valid id"),
                )),
                1 => Some(RootCause::Text(
                    "A cause somewhere else in the company".into(),
                )),
                _ => None,
            };
            tp.description = match roll(4) {
                0 => String::new(),
                1 => "What happens here, in a sentence or two of plain words.".into(),
                _ => format!(
                    "{}. {}.",
                    PHRASES[roll(8) as usize],
                    PHRASES[roll(8) as usize]
                ),
            };
            tp.verbatims = (0..roll(3))
                .map(|i| Verbatim {
                    text: format!("{} — customer {i}", PHRASES[roll(8) as usize]),
                    source: "Interview".into(),
                })
                .collect();
            tp.actions = actions(n, &mut roll);
            tp.by_persona = scores(n, &map.personas);
            stage.touchpoints.push(tp.into());
            n += 1;
        }
        map.stages.push(stage.into());
    }
    map
}

/// Two personas, one with a line about them and a name not ASCII.
fn personas() -> Vec<Persona> {
    [
        ("Mari", "Runs a small shop, pays by bank link"),
        ("Jüri", "Retired, calls rather than clicks"),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (name, about))| {
        let mut p = Persona::new(
            PersonaId::parse(&format!("p-{i:05}")).expect("valid id"),
            name,
        );
        p.description = about.into();
        p
    })
    .collect()
}

/// The personas' own scores at touchpoint `n`: the first persona's at
/// every third touchpoint, the second's at every fifth, an aim now and
/// then. From `n` alone, so that the random numbers the other fields
/// take stay as they were before personas came.
fn scores(n: usize, personas: &[Persona]) -> Vec<PersonaScore> {
    let at = |i: usize, every: usize, to_be: bool| {
        n.is_multiple_of(every).then(|| PersonaScore {
            persona: personas[i].id.clone(),
            emotion: Emotion::new((n % 5) as i8 - 2),
            to_be_emotion: (to_be && n.is_multiple_of(2)).then_some(Emotion::MAX),
        })
    };
    [at(0, 3, false), at(1, 5, true)]
        .into_iter()
        .flatten()
        .collect()
}

/// A touchpoint's actions: none to two, some done with a follow-up.
fn actions(n: usize, roll: &mut impl FnMut(u64) -> u64) -> Vec<Action> {
    (0..roll(3))
        .map(|i| {
            let mut a = Action::new(
                ActionId::parse(&format!("a-{n:06}-{i}")).expect("valid id"),
                "Fix the thing customers mention",
                Principle::ALL[roll(6) as usize],
            );
            a.owner = "Mari".into();
            a.due = Date::new(2026, 1 + roll(12) as u8, 1 + roll(28) as u8);
            a.done = roll(4) == 0;
            if a.done {
                a.follow_up = "Complaints about it stopped the month after".into();
            }
            a
        })
        .collect()
}

//! The fast reader against ron: on every canonical text it reads the same
//! map, and on any other text it declines or reads what ron reads.

use super::super::{into_map, read_ron, to_canonical};
use crate::model::{
    Action, ActionId, Basis, Date, Emotion, Map, Persona, PersonaId, PersonaScore, Principle,
    RootCause, Stage, StageId, Touchpoint, TouchpointId, Verbatim, Wish, generated_map,
};

/// What the fast reader makes of `text`, if it reads it.
fn fast(text: &str) -> Option<Result<Map, super::super::ParseError>> {
    super::read(text).map(|file| into_map(text, file))
}

/// What ron makes of `text`.
fn ron(text: &str) -> Result<Map, super::super::ParseError> {
    read_ron(text).and_then(|file| into_map(text, file))
}

/// Reads `text` both ways: whenever the fast reader reads it, ron reads
/// exactly the same map. Says whether the fast reader read it.
fn same_as_ron(text: &str, what: &str) -> bool {
    let Some(fast) = fast(text) else {
        return false;
    };
    let ron = ron(text);
    assert_eq!(
        fast, ron,
        "{what}: the fast reader differs from ron on:\n{text}"
    );
    // As the app reads it, without the indentation: the same map.
    let lean = crate::storage::lean::unindented(text.as_bytes())
        .map(|bytes| String::from_utf8(bytes).expect("still UTF-8"))
        .expect("canonical text reads lean");
    // (An error's place is in the lean text: the app reads a file that
    // does not load again whole, for the error.)
    assert_eq!(
        self::fast(&lean).map(Result::ok),
        Some(ron.ok()),
        "{what}: read lean, the fast reader differs from ron on:\n{lean}"
    );
    true
}

fn canonical_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in ["maps", "assets/templates"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(&dir).expect("the folder is there") {
            let path = entry.expect("a file").path();
            if path.extension().is_some_and(|e| e == "ron") {
                let text = std::fs::read_to_string(&path).expect("a map's text");
                files.push((path.display().to_string(), text));
            }
        }
    }
    assert!(files.len() >= 6, "both examples and every template");
    files
}

#[test]
fn reads_the_examples_and_templates_as_ron_does() {
    for (name, text) in canonical_files() {
        assert!(
            same_as_ron(&text, &name),
            "{name} is canonical, yet declined"
        );
    }
}

#[test]
fn reads_generated_maps_as_ron_does() {
    for touchpoints in [0, 1, 7, 60, 500] {
        let map = generated_map(touchpoints);
        let text = to_canonical(&map);
        let what = format!("generated_map({touchpoints})");
        assert!(same_as_ron(&text, &what), "{what} declined");
        assert_eq!(fast(&text), Some(Ok(map)), "{what}");
    }
}

/// A seed from `CXMAP_CANONICAL_SEED` to replay, or a new one, printed.
fn seed() -> u64 {
    let seed = std::env::var("CXMAP_CANONICAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            crate::model::random_chars()
                .bytes()
                .fold(1, |h: u64, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
        });
    println!("seed {seed} (CXMAP_CANONICAL_SEED={seed} replays it)");
    seed
}

#[test]
fn reads_random_maps_as_ron_does() {
    let seed = seed();
    let mut dice = Dice(seed | 1);
    for round in 0..300 {
        let map = random_map(&mut dice);
        let text = to_canonical(&map);
        let what = format!("seed {seed}, map {round}");
        assert!(same_as_ron(&text, &what), "{what} declined:\n{text}");
        assert_eq!(fast(&text), Some(Ok(map)), "{what}");
    }
}

#[test]
fn declines_or_agrees_with_ron_on_broken_texts() {
    let seed = seed();
    let mut dice = Dice(seed | 1);
    let mut texts: Vec<String> = canonical_files().into_iter().map(|(_, t)| t).collect();
    texts.push(to_canonical(&generated_map(12)));
    texts.extend((0..20).map(|_| to_canonical(&random_map(&mut dice))));
    let (mut read, mut declined) = (0, 0);
    for round in 0..3000 {
        let text = &texts[dice.roll(texts.len())];
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..1 + dice.roll(3) {
            mutate(&mut bytes, &mut dice);
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if same_as_ron(&text, &format!("seed {seed}, round {round}")) {
            read += 1;
        } else {
            declined += 1;
        }
        // Any text the app drops the indentation of reads, lean, as the
        // whole text reads through ron, or is declined.
        if let Some(lean) = crate::storage::lean::unindented(text.as_bytes())
            .and_then(|bytes| String::from_utf8(bytes).ok())
            && let Some(Ok(map)) = fast(&lean)
        {
            assert_eq!(
                Ok(map),
                ron(&text),
                "seed {seed}, round {round}: lean, the fast reader differs from ron on:\n{text}"
            );
        }
    }
    // Both kinds were tried: edits that keep the form, and edits that break it.
    assert!(
        read > 100 && declined > 100,
        "read {read}, declined {declined}"
    );
}

/// Bytes and lines that the canonical form gives meaning to, and a few that
/// it does not have.
const PIECES: &[&str] = &[
    " ",
    "\n",
    "\r",
    "\t",
    "\"",
    "\\",
    "#",
    "r#",
    ",",
    ":",
    "(",
    ")",
    "[",
    "]",
    "[]",
    "()",
    "0",
    "-",
    "-0",
    "7",
    "99999999999",
    "x",
    "_",
    "é",
    "/",
    "//",
    "Some(",
    "true",
    "false",
    "\\n",
    "\"#",
    "Text",
    "emotion: 1,\n",
    "    ",
    "é\n",
];

/// One random edit: a byte dropped, changed or added, a piece put in, or
/// a line dropped, doubled or moved.
fn mutate(bytes: &mut Vec<u8>, dice: &mut Dice) {
    let at = dice.roll(bytes.len() + 1);
    match dice.roll(7) {
        0 if at < bytes.len() => {
            bytes.remove(at);
        }
        1 if at < bytes.len() => bytes[at] = PIECES[dice.roll(PIECES.len())].as_bytes()[0],
        2 => {
            let piece = PIECES[dice.roll(PIECES.len())].as_bytes();
            bytes.splice(at..at, piece.iter().copied());
        }
        3 => {
            // A digit changed: an emotion, a number, a date out of range.
            if let Some(d) = bytes[at..].iter().position(u8::is_ascii_digit) {
                bytes[at + d] = b'0' + dice.roll(10) as u8;
            }
        }
        _ => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let line = dice.roll(lines.len());
            match dice.roll(3) {
                0 => {
                    lines.remove(line);
                }
                1 => lines.insert(line, lines[line].clone()),
                _ => {
                    let moved = lines.remove(line);
                    let to = dice.roll(lines.len() + 1);
                    lines.insert(to, moved);
                }
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

/// A small, fast, deterministic generator.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.roll(100) < percent
    }

    /// Texts in every form a string is written in: plain, raw with one or
    /// more `#`, over lines, empty, not ASCII.
    fn text(&mut self) -> String {
        const TEXTS: &[&str] = &[
            "",
            "Pay",
            "Ühenduse katkemine õhtul",
            "受付で待つ — 🙂",
            "a \"quoted\" word",
            "back\\slash",
            "\"#",
            "a \"## run\" of ##",
            "#",
            "two\nlines",
            "tab\there",
            " spaced ",
            "r#\"",
            ")\n    ],",
            "emotion: 2,",
        ];
        let mut text = TEXTS[self.roll(TEXTS.len())].to_owned();
        if self.chance(20) {
            text.push_str(TEXTS[self.roll(TEXTS.len())]);
        }
        text
    }
}

fn random_map(dice: &mut Dice) -> Map {
    let mut map = Map::new(dice.text());
    map.persona = dice.text();
    for p in 0..dice.roll(3) {
        let mut persona = Persona::new(
            PersonaId::parse(&format!("p-{p}")).expect("an id"),
            dice.text(),
        );
        persona.description = dice.text();
        map.personas.push(persona);
    }
    for s in 0..dice.roll(4) {
        let mut stage = Stage {
            id: StageId::parse(&format!("s-{s}")).expect("an id"),
            name: dice.text(),
            touchpoints: vec![],
        };
        for t in 0..dice.roll(4) {
            let touchpoint = random_touchpoint(dice, &format!("{s}-{t}"));
            stage.touchpoints.push(touchpoint.into());
        }
        map.stages.push(stage.into());
    }
    let ids: Vec<TouchpointId> = map.touchpoints().map(|(_, t)| t.id.clone()).collect();
    let personas: Vec<PersonaId> = map.personas.iter().map(|p| p.id.clone()).collect();
    let emotion = |dice: &mut Dice| Emotion::new(dice.roll(5) as i8 - 2);
    for tp in map.stages.iter_mut().flat_map(|s| &mut s.touchpoints) {
        tp.by_persona.clear();
        for p in &personas {
            if dice.chance(50) {
                tp.by_persona.push(PersonaScore {
                    persona: p.clone(),
                    emotion: dice.chance(70).then(|| emotion(dice)).flatten(),
                    to_be_emotion: dice.chance(40).then(|| emotion(dice)).flatten(),
                });
            }
        }
        tp.root_cause = match dice.roll(3) {
            0 => Some(RootCause::Touchpoint(ids[dice.roll(ids.len())].clone())),
            1 => Some(RootCause::Text(dice.text())),
            _ => None,
        };
    }
    map
}

fn random_touchpoint(dice: &mut Dice, n: &str) -> Touchpoint {
    let emotion = |dice: &mut Dice| Emotion::new(dice.roll(5) as i8 - 2).expect("in range");
    let mut t = Touchpoint::new(
        TouchpointId::parse(&format!("t-{n}")).expect("an id"),
        dice.text(),
    );
    t.channel = dice.text();
    t.description = dice.text();
    t.wish = dice.chance(70).then(|| Wish::ALL[dice.roll(4)]);
    t.emotion = dice.chance(70).then(|| emotion(dice));
    t.to_be_emotion = dice.chance(30).then(|| emotion(dice));
    t.evidence = [0, 1, 30, u32::MAX][dice.roll(4)];
    t.basis = if dice.chance(50) {
        Basis::Research
    } else {
        Basis::Assumption
    };
    t.at_risk = (0..dice.roll(3))
        .map(|_| Principle::ALL[dice.roll(6)])
        .collect();
    t.verbatims = (0..dice.roll(3))
        .map(|_| Verbatim {
            text: dice.text(),
            source: dice.text(),
        })
        .collect();
    t.actions = (0..dice.roll(3))
        .map(|i| {
            let id = ActionId::parse(&format!("a-{n}-{i}")).expect("an id");
            let mut a = Action::new(id, dice.text(), Principle::ALL[dice.roll(6)]);
            a.owner = dice.text();
            a.due = dice.chance(50).then(|| {
                Date::new(2026, 1 + dice.roll(12) as u8, 1 + dice.roll(28) as u8).expect("a date")
            });
            a.done = dice.chance(30);
            a.follow_up = dice.text();
            a
        })
        .collect();
    t
}

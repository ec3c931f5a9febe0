//! The Mermaid export and import: snapshots of the examples, round trips
//! (the examples and random maps), the score scales; `tests/import.rs`
//! reads diagrams as people write them, Mermaid's own parser tests among
//! them.

use super::*;
use crate::model::{Map, Stage, StageId, Touchpoint, TouchpointId};
use crate::share::Imported;

mod import;

fn example(name: &str) -> Map {
    let text = match name {
        "business-account" => include_str!("../../../maps/business-account.ron"),
        _ => include_str!("../../../maps/kodune-internet.ron"),
    };
    crate::storage::from_bytes(text.as_bytes()).unwrap().map
}

/// What a Mermaid diagram can hold of a map: its title and persona, and
/// per stage its name and each touchpoint's name, channel and emotion.
type Held = (
    String,
    String,
    Vec<(String, Vec<(String, String, Option<i8>)>)>,
);

fn held(map: &Map) -> Held {
    let stages = map
        .stages
        .iter()
        .map(|s| {
            let touchpoints = s
                .touchpoints
                .iter()
                .map(|t| {
                    let emotion = t.emotion.map(Emotion::value);
                    (t.name.clone(), t.channel.clone(), emotion)
                })
                .collect();
            (s.name.clone(), touchpoints)
        })
        .collect();
    (map.title.clone(), map.persona.clone(), stages)
}

fn back(map: &Map) -> Imported {
    import(&export(map), Scale::Auto).unwrap()
}

#[test]
fn the_business_account_example_as_a_diagram() {
    insta::assert_snapshot!(export(&example("business-account")));
}

#[test]
fn the_home_internet_example_as_a_diagram() {
    insta::assert_snapshot!(export(&example("kodune-internet")));
}

#[test]
fn the_examples_come_back_with_their_stages_touchpoints_channels_and_scores() {
    for name in ["business-account", "kodune-internet"] {
        let map = example(name);
        let back = back(&map);
        assert_eq!(held(&back.map), held(&map), "{name}");
        assert!(back.notes.is_empty(), "{name}: {:?}", back.notes);
        let touchpoints: Vec<&Touchpoint> = back.map.touchpoints().map(|(_, t)| t).collect();
        assert!(
            touchpoints
                .iter()
                .all(|t| t.basis == crate::model::Basis::Assumption)
        );
        assert!(touchpoints.iter().all(|t| t.wish.is_none()));
        assert!(crate::model::validate(&back.map).is_empty());
    }
}

fn touchpoint(id: usize, name: &str, channel: &str, emotion: Option<i8>) -> Touchpoint {
    let mut t = Touchpoint::new(TouchpointId::parse(&format!("t-{id}")).unwrap(), name);
    t.channel = channel.into();
    t.emotion = emotion.and_then(Emotion::new);
    t
}

fn stage(id: usize, name: &str, touchpoints: Vec<Touchpoint>) -> Stage {
    Stage {
        id: StageId::parse(&format!("s-{id}")).unwrap(),
        name: name.into(),
        touchpoints: touchpoints.into_iter().map(Into::into).collect(),
    }
}

#[test]
fn names_are_escaped_where_mermaid_would_cut_them() {
    let map = Map {
        title: "Fees: #1; a:b:".into(),
        persona: "Owner #2, <b>busy</b>, style:\u{2028}; ".into(),
        personas: Vec::new(),
        stages: vec![
            stage(
                1,
                "Disc#over: now; ok",
                vec![
                    touchpoint(1, "Item #3; x:y", "web:chat, phone", Some(1)),
                    touchpoint(2, "Title page", "", Some(0)),
                    touchpoint(3, "journey planning", "", Some(-1)),
                    touchpoint(4, "50%% off <br> now", "", Some(-2)),
                    touchpoint(5, "evil\u{202e}txt", "", Some(2)),
                    touchpoint(6, " padded ", "", Some(0)),
                    touchpoint(7, "accDescr { x", "", Some(0)),
                    touchpoint(8, "%d off, journeys", "", Some(0)),
                ],
            )
            .into(),
            stage(2, "Empty", Vec::new()).into(),
        ],
        conflicts: Vec::new(),
    };
    let diagram = export(&map);
    let expected = "\
journey
    title Fees: #35;1#59; a#58;b:
    accDescr: Owner #35;2, #60;b#62;busy#60;/b#62;, style#58;#8232;;#32;
    section Disc#35;over#58; now#59; ok
        Item #35;3#59; x#58;y: 4: web#58;chat, phone
        #84;itle page: 3
        #106;ourney planning: 2
        50#37;#37; off #60;br#62; now: 1
        evil#8238;txt: 5
        #32;padded#32;: 3
        #97;ccDescr { x: 3
        #37;d off, journeys: 3
    section Empty
";
    assert_eq!(diagram, expected);
    let back = back(&map);
    assert_eq!(held(&back.map), held(&map));
    assert!(back.notes.is_empty(), "{:?}", back.notes);
}

#[test]
fn unscored_touchpoints_and_long_or_empty_names_come_back_through_comments() {
    let long = "Relationship manager calls after three months to ask";
    let map = Map {
        title: String::new(),
        persona: String::new(),
        personas: Vec::new(),
        stages: vec![
            stage(1, "", vec![touchpoint(1, long, "phone", None)]).into(),
            stage(2, "Later", vec![touchpoint(2, "", "", Some(1))]).into(),
        ],
        conflicts: Vec::new(),
    };
    let diagram = export(&map);
    let expected = "\
journey
    %% cxmap name: \n    section (no name)
        %% cxmap name: Relationship manager calls after three months to ask
        %% cxmap: unscored
        Relationship manager calls after three…: 3: phone
    section Later
        %% cxmap name: \n        (no name): 4
";
    assert_eq!(diagram, expected);
    let back = back(&map);
    assert_eq!(held(&back.map), held(&map));
    assert!(back.notes.is_empty(), "{:?}", back.notes);
}

#[test]
fn a_shortened_name_keeps_within_the_columns_and_cuts_at_a_word() {
    let name = "Relationship manager calls after three months";
    assert_eq!(
        write::shown(name, 40),
        "Relationship manager calls after three…"
    );
    assert_eq!(write::shown("short", 40), "short");
    let wide = "漢字".repeat(15);
    let shown = write::shown(&wide, 40);
    assert!(crate::text::width(&shown) <= 40, "{shown}");
    assert!(shown.ends_with('…'));
    assert!(write::still_shows(&shown, &wide));
    assert!(!write::still_shows("Something else…", &wide));
}

/// A small random source that a seed makes again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// Pieces that names are made of: what Mermaid's grammar or its steps
/// before it would take for something else, and text from many scripts.
const PIECES: &[&str] = &[
    "Pay",
    "online",
    " ",
    "#",
    ";",
    ":",
    "%",
    "%%",
    "%%{init: {}}%%",
    "<br>",
    "<b>",
    "&amp;",
    "#35;",
    "#quot;",
    "}",
    "{",
    "journey",
    "title ",
    "section ",
    "accTitle:",
    "accDescr {",
    "Title ",
    "ﬂ°",
    "¶ß",
    "style",
    ":#",
    "classDef",
    "漢字",
    "お客様",
    "שלום",
    "مرحبا",
    "🎉",
    "👩‍💻",
    "õhtu",
    "\u{202e}",
    "\u{2067}",
    "\u{200f}",
    "\u{2028}",
    "\u{a0}",
    "\u{3000}",
    "-",
    "---",
    "…",
    ",",
    "'",
    "\"",
    "\\",
    "0",
    "5",
    "Supercalifragilisticexpialidocious-and-more",
];

fn random_text(rng: &mut Rng, pieces: &[&str]) -> String {
    (0..rng.below(7)).map(|_| rng.pick(pieces)).collect()
}

fn random_map(seed: u64) -> Map {
    let mut rng = Rng(seed | 1);
    let no_commas: Vec<&str> = PIECES
        .iter()
        .copied()
        .filter(|p| !p.contains(','))
        .collect();
    let mut map = Map::new(random_text(&mut rng, PIECES));
    map.persona = random_text(&mut rng, PIECES);
    let mut n = 0;
    for s in 0..rng.below(5) {
        let mut touchpoints = Vec::new();
        for _ in 0..rng.below(5) {
            n += 1;
            // A channel is actors joined with ", ", as the import joins them.
            let actors: Vec<String> = (0..rng.below(3))
                .map(|_| {
                    random_text(&mut rng, &no_commas)
                        .trim_matches(js_space)
                        .to_owned()
                })
                .filter(|a| !a.is_empty())
                .collect();
            let emotion = (rng.below(6) < 5).then(|| rng.below(5) as i8 - 2);
            let name = random_text(&mut rng, PIECES);
            touchpoints.push(touchpoint(n, &name, &actors.join(", "), emotion));
        }
        map.stages
            .push(stage(s, &random_text(&mut rng, PIECES), touchpoints).into());
    }
    map
}

fn check_random_map(seed: u64) {
    let map = random_map(seed);
    let diagram = export(&map);
    let replay = format!(
        "replay with CXMAP_MERMAID_SEED={seed} cargo test --lib random_maps_come_back\n{diagram}"
    );
    let back =
        import(&diagram, Scale::Auto).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{replay}"));
    assert_eq!(held(&back.map), held(&map), "seed {seed}: {replay}");
    assert!(
        back.notes.is_empty(),
        "seed {seed}: {:?}\n{replay}",
        back.notes
    );
    for line in diagram.lines() {
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() || crate::text::reorders(c))
        );
        assert!(
            !line.contains(['\u{2028}', '\u{2029}']),
            "seed {seed}: {line}"
        );
    }
}

#[test]
fn random_maps_come_back_through_a_diagram() {
    if let Ok(seed) = std::env::var("CXMAP_MERMAID_SEED") {
        check_random_map(seed.parse().expect("CXMAP_MERMAID_SEED is a number"));
        return;
    }
    let start = crate::model::random_chars()
        .bytes()
        .fold(0u64, |s, b| s.wrapping_mul(131).wrapping_add(u64::from(b)));
    println!("random maps from seed {start} (CXMAP_MERMAID_SEED=N replays one)");
    for seed in start..start + 300 {
        check_random_map(seed);
    }
}

#[test]
fn a_seed_makes_the_same_map() {
    assert_eq!(random_map(7), random_map(7));
    assert_ne!(held(&random_map(7)), held(&random_map(8)));
}

#[test]
fn every_whole_score_on_each_scale() {
    let cases: [(Scale, &[i8]); 3] = [
        (Scale::OneToFive, &[-2, -1, 0, 1, 2]),
        (Scale::ZeroToTen, &[-2, -2, -1, -1, 0, 0, 0, 1, 1, 2, 2]),
        (Scale::OneToTen, &[-2, -2, -1, -1, 0, 0, 1, 1, 2, 2]),
    ];
    for (scale, emotions) in cases {
        let (low, _) = scale.bounds().unwrap();
        let got: Vec<i8> = (0..emotions.len())
            .map(|i| emotion(low + i as f64, scale).unwrap().value())
            .collect();
        assert_eq!(got, emotions, "{scale}");
        assert_eq!(emotion(low - 1.0, scale), None, "{scale}");
        assert_eq!(emotion(low + emotions.len() as f64, scale), None, "{scale}");
    }
    assert_eq!(
        Scale::OneToFive.table(),
        "1 → -2, 2 → -1, 3 → 0, 4 → +1, 5 → +2"
    );
    assert_eq!(
        Scale::ZeroToTen.table(),
        "0-1 → -2, 2-3 → -1, 4-6 → 0, 7-8 → +1, 9-10 → +2"
    );
    assert_eq!(
        Scale::OneToTen.table(),
        "1-2 → -2, 3-4 → -1, 5-6 → 0, 7-8 → +1, 9-10 → +2"
    );
}

#[test]
fn halfway_goes_toward_neutral_the_same_from_either_end() {
    let at = |score: f64| emotion(score, Scale::OneToFive).map(Emotion::value);
    assert_eq!(
        [at(1.5), at(2.5), at(3.5), at(4.5)],
        [Some(-1), Some(0), Some(0), Some(1)]
    );
    assert_eq!(at(4.4), Some(1));
    assert_eq!(at(4.6), Some(2));
    assert_eq!(emotion(5.5, Scale::OneToTen).map(Emotion::value), Some(0));
    assert_eq!(emotion(3.0, Scale::Auto), None);
}

#[test]
fn scores_are_written_one_to_five() {
    let scores: Vec<i8> = (-2..=2).map(|v| score(Emotion::new(v).unwrap())).collect();
    assert_eq!(scores, [1, 2, 3, 4, 5]);
}

#[test]
fn javascript_space_is_what_mermaid_skips_and_trims() {
    let space: Vec<u32> = (0..=0xffff)
        .filter_map(char::from_u32)
        .filter(|&c| js_space(c))
        .map(u32::from)
        .collect();
    let mut expected = vec![0x9, 0xa, 0xb, 0xc, 0xd, 0x20, 0xa0, 0x1680];
    expected.extend(0x2000..=0x200a);
    expected.extend([0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]);
    assert_eq!(space, expected);
}

/// `accDescr: 4: Me` is Mermaid's description, not a task: a touchpoint
/// named `accDescr` (or `accTitle`) vanished from the diagram.
#[test]
fn a_touchpoint_named_as_a_statement_stays_a_task_and_comes_back() {
    let map = Map {
        title: "T".into(),
        persona: String::new(),
        personas: Vec::new(),
        stages: vec![
            stage(
                1,
                "S",
                vec![
                    touchpoint(1, "accDescr", "Me", Some(1)),
                    touchpoint(2, "AccTitle ", "Me", Some(0)),
                ],
            )
            .into(),
        ],
        conflicts: Vec::new(),
    };
    let diagram = export(&map);
    assert!(diagram.contains("#97;ccDescr: 4: Me"), "{diagram}");
    assert!(diagram.contains("#65;ccTitle#32;: 3: Me"), "{diagram}");
    assert_eq!(held(&back(&map).map), held(&map));
}

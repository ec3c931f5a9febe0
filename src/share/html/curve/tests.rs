//! The stage names over the curve: in their bands, apart, whole when they
//! fit, for any number of stages and any names.

use super::labels::{self, FONT, LINE, MAX_LINES, MIN_NAME, PAD, em, measure, shown};
use super::layout::{MIN_BAND, widths};
use super::*;
use crate::model::{Stage, StageId, TouchpointId};

/// DejaVu Sans Bold's and Liberation Sans Bold's advance widths in ems
/// (Chromium's canvas `measureText` at weight 700): the widest of the fonts
/// a page falls back to, so the estimate must never be narrower.
const DEJAVU_BOLD: &[(char, f64)] = &[
    (' ', 0.348),
    ('!', 0.456),
    ('"', 0.521),
    ('#', 0.838),
    ('$', 0.696),
    ('%', 1.002),
    ('&', 0.872),
    ('\'', 0.306),
    ('(', 0.457),
    (')', 0.457),
    ('*', 0.523),
    ('+', 0.838),
    (',', 0.380),
    ('-', 0.415),
    ('.', 0.380),
    ('/', 0.365),
    ('0', 0.696),
    ('1', 0.696),
    ('2', 0.696),
    ('3', 0.696),
    ('4', 0.696),
    ('5', 0.696),
    ('6', 0.696),
    ('7', 0.696),
    ('8', 0.696),
    ('9', 0.696),
    (':', 0.400),
    (';', 0.400),
    ('<', 0.838),
    ('=', 0.838),
    ('>', 0.838),
    ('?', 0.580),
    ('@', 1.000),
    ('A', 0.774),
    ('B', 0.762),
    ('C', 0.734),
    ('D', 0.830),
    ('E', 0.683),
    ('F', 0.683),
    ('G', 0.821),
    ('H', 0.837),
    ('I', 0.372),
    ('J', 0.372),
    ('K', 0.775),
    ('L', 0.637),
    ('M', 0.995),
    ('N', 0.837),
    ('O', 0.850),
    ('P', 0.733),
    ('Q', 0.850),
    ('R', 0.770),
    ('S', 0.720),
    ('T', 0.682),
    ('U', 0.812),
    ('V', 0.774),
    ('W', 1.103),
    ('X', 0.771),
    ('Y', 0.724),
    ('Z', 0.725),
    ('[', 0.457),
    ('\\', 0.365),
    (']', 0.457),
    ('^', 0.838),
    ('_', 0.500),
    ('`', 0.500),
    ('a', 0.675),
    ('b', 0.716),
    ('c', 0.593),
    ('d', 0.716),
    ('e', 0.678),
    ('f', 0.435),
    ('g', 0.716),
    ('h', 0.712),
    ('i', 0.343),
    ('j', 0.343),
    ('k', 0.665),
    ('l', 0.343),
    ('m', 1.042),
    ('n', 0.712),
    ('o', 0.687),
    ('p', 0.716),
    ('q', 0.716),
    ('r', 0.493),
    ('s', 0.595),
    ('t', 0.478),
    ('u', 0.712),
    ('v', 0.652),
    ('w', 0.924),
    ('x', 0.645),
    ('y', 0.652),
    ('z', 0.582),
    ('{', 0.712),
    ('|', 0.365),
    ('}', 0.712),
    ('~', 0.838),
    ('õ', 0.687),
    ('ä', 0.675),
    ('ö', 0.687),
    ('ü', 0.712),
    ('š', 0.595),
    ('ž', 0.582),
    ('Ž', 0.725),
    ('Ö', 0.850),
    ('注', 1.000),
    ('報', 1.000),
    ('…', 1.000),
    ('’', 0.380),
    ('—', 1.000),
    ('ы', 0.904),
    ('Ш', 1.235),
    ('ж', 0.995),
    ('ש', 0.758),
    ('ع', 0.683),
];

const LIBERATION_BOLD: &[(char, f64)] = &[
    (' ', 0.278),
    ('!', 0.333),
    ('"', 0.474),
    ('#', 0.556),
    ('$', 0.556),
    ('%', 0.889),
    ('&', 0.722),
    ('\'', 0.238),
    ('(', 0.333),
    (')', 0.333),
    ('*', 0.389),
    ('+', 0.584),
    (',', 0.278),
    ('-', 0.333),
    ('.', 0.278),
    ('/', 0.278),
    ('0', 0.556),
    ('1', 0.556),
    ('2', 0.556),
    ('3', 0.556),
    ('4', 0.556),
    ('5', 0.556),
    ('6', 0.556),
    ('7', 0.556),
    ('8', 0.556),
    ('9', 0.556),
    (':', 0.333),
    (';', 0.333),
    ('<', 0.584),
    ('=', 0.584),
    ('>', 0.584),
    ('?', 0.611),
    ('@', 0.975),
    ('A', 0.722),
    ('B', 0.722),
    ('C', 0.722),
    ('D', 0.722),
    ('E', 0.667),
    ('F', 0.611),
    ('G', 0.778),
    ('H', 0.722),
    ('I', 0.278),
    ('J', 0.556),
    ('K', 0.722),
    ('L', 0.611),
    ('M', 0.833),
    ('N', 0.722),
    ('O', 0.778),
    ('P', 0.667),
    ('Q', 0.778),
    ('R', 0.722),
    ('S', 0.667),
    ('T', 0.611),
    ('U', 0.722),
    ('V', 0.667),
    ('W', 0.944),
    ('X', 0.667),
    ('Y', 0.667),
    ('Z', 0.611),
    ('[', 0.333),
    ('\\', 0.278),
    (']', 0.333),
    ('^', 0.584),
    ('_', 0.556),
    ('`', 0.333),
    ('a', 0.556),
    ('b', 0.611),
    ('c', 0.556),
    ('d', 0.611),
    ('e', 0.556),
    ('f', 0.333),
    ('g', 0.611),
    ('h', 0.611),
    ('i', 0.278),
    ('j', 0.278),
    ('k', 0.556),
    ('l', 0.278),
    ('m', 0.889),
    ('n', 0.611),
    ('o', 0.611),
    ('p', 0.611),
    ('q', 0.611),
    ('r', 0.389),
    ('s', 0.556),
    ('t', 0.333),
    ('u', 0.611),
    ('v', 0.556),
    ('w', 0.778),
    ('x', 0.556),
    ('y', 0.556),
    ('z', 0.500),
    ('{', 0.389),
    ('|', 0.280),
    ('}', 0.389),
    ('~', 0.584),
    ('õ', 0.611),
    ('ä', 0.556),
    ('ö', 0.611),
    ('ü', 0.611),
    ('š', 0.556),
    ('ž', 0.500),
    ('Ž', 0.611),
    ('Ö', 0.778),
    ('注', 1.000),
    ('報', 1.000),
    ('…', 1.000),
    ('’', 0.278),
    ('—', 1.000),
    ('ы', 0.854),
    ('Ш', 1.005),
    ('ж', 0.709),
    ('ש', 0.805),
    ('ع', 0.597),
];

#[test]
fn the_width_estimate_is_never_narrower_than_dejavu_or_liberation_sans_bold() {
    for &(c, measured) in DEJAVU_BOLD.iter().chain(LIBERATION_BOLD) {
        assert!(em(c) >= measured, "{c:?}: {} < {measured}", em(c));
    }
    assert_eq!(DEJAVU_BOLD.len(), LIBERATION_BOLD.len());
    assert_eq!(
        measure("注意"),
        2.0 * 1.25 * FONT,
        "a wide character counts as two"
    );
}

/// A map of `names.len()` stages, stage `i` with `slots[i]` touchpoints.
fn map(names: &[String], slots: &[usize]) -> Map {
    let mut map = Map::new("x");
    for (i, name) in names.iter().enumerate() {
        let touchpoints = (0..slots[i])
            .map(|j| {
                let mut tp =
                    Touchpoint::new(TouchpointId::parse(&format!("t-{i}-{j}")).unwrap(), "x");
                tp.emotion = Emotion::new(((i + j) % 5) as i8 - 2);
                tp.into()
            })
            .collect();
        map.stages.push(
            Stage {
                id: StageId::parse(&format!("s-{i}")).unwrap(),
                name: name.clone(),
                touchpoints,
            }
            .into(),
        );
    }
    map
}

/// Stage names of every kind a team writes, or that a file can hold.
const KINDS: [&str; 10] = [
    "Buy",
    "Find out if it's just me",
    "Stage number {} with a rather long descriptive name",
    "Supercalifragilisticexpialidocious{}",
    "WWW MMM WWW MMM WWW MMM WWW {}",
    "确认是否只有我一个人遇到了这个问题{}",
    "Pärast parandust õnnelik {}",
    "evil\u{202e}gnp.exe\nsecond\tline {}",
    "",
    "ok",
];

fn names(kind: Option<usize>, count: usize) -> Vec<String> {
    (0..count)
        .map(|i| KINDS[kind.unwrap_or(i % KINDS.len())].replace("{}", &(i + 1).to_string()))
        .collect()
}

/// The ways touchpoints spread over `count` stages.
fn spreads(count: usize) -> [Vec<usize>; 4] {
    [
        vec![1; count],
        (0..count).map(|i| 1 + i % 3).collect(),
        (0..count)
            .map(|i| if i % 2 == 1 { 10 } else { 1 })
            .collect(),
        (0..count).map(|i| if i == 0 { 20 } else { 0 }).collect(),
    ]
}

/// What must hold for every map: the bands tile the plot, each name stays
/// in its band (so no two touch) and above the plot, on at most
/// `MAX_LINES` lines no wider than the band's room by the estimate; whole
/// when every name fits, else numbered, cut only with `…`, and the number
/// alone only where words have no room.
fn check(map: &Map) -> Result<(), String> {
    let layout = Layout::new(map);
    let labels = &layout.labels;
    let mut x = LEFT;
    let mut right_of_last = f64::NEG_INFINITY;
    for (i, ((&(band, _), label), stage)) in layout
        .stages
        .iter()
        .zip(&labels.labels)
        .zip(&map.stages)
        .enumerate()
    {
        let at = format!("stage {} of {}: {:?}", i + 1, map.stages.len(), label.lines);
        if (band.x - x).abs() > 1e-6 || band.width <= 0.0 {
            return Err(format!("{at}: band {band:?} does not follow at {x}"));
        }
        x += band.width;
        let room = band.room();
        if label.lines.len() > MAX_LINES {
            return Err(format!("{at}: more than {MAX_LINES} lines"));
        }
        for line in &label.lines {
            if measure(line) > room + 1e-9 || measure(line) > label.width + 1e-9 {
                return Err(format!(
                    "{at}: {line:?} is {} wide in {room}",
                    measure(line)
                ));
            }
        }
        if !label.lines.is_empty() {
            let (left, right) = (
                band.centre() - label.width / 2.0,
                band.centre() + label.width / 2.0,
            );
            if left < band.x + PAD - 1e-9 || right > band.x + band.width - PAD + 1e-9 {
                return Err(format!("{at}: {left}..{right} leaves its band {band:?}"));
            }
            if left <= right_of_last {
                return Err(format!(
                    "{at}: overlaps the name before, which ends at {right_of_last}"
                ));
            }
            right_of_last = right;
        }
        let name: String = shown(&stage.name).replace(' ', "");
        let said: String = label.lines.concat().replace(' ', "");
        let number = (i + 1).to_string();
        let whole = |said: &str| {
            said == name || said.strip_suffix('…').is_some_and(|s| name.starts_with(s))
        };
        let fine = if labels.numbered {
            said.strip_prefix(&format!("{number}.")).is_some_and(whole)
                || (said == number && room < MIN_NAME)
                || (said.is_empty() && measure(&number) > room)
        } else {
            said == name
        };
        if !fine {
            return Err(format!(
                "{at}: says {said:?} for {name:?} (numbered: {})",
                labels.numbered
            ));
        }
    }
    if (x - RIGHT).abs() > 1e-6 {
        return Err(format!("the bands end at {x}, not {RIGHT}"));
    }
    let last_baseline = BANDS_TOP + 24.0 + (labels.lines() - 1) as f64 * LINE;
    if layout.top - (last_baseline + 0.3 * FONT) < 8.0 {
        return Err("the names reach the dots at +2".into());
    }
    Ok(())
}

#[test]
fn stage_names_stay_in_their_bands_apart_for_1_to_30_stages_of_any_name() {
    let mut maps = 0;
    for count in 1..=30 {
        for kind in (0..KINDS.len()).map(Some).chain([None]) {
            for slots in spreads(count) {
                let map = map(&names(kind, count), &slots);
                if let Err(why) = check(&map) {
                    panic!("{count} stages of kind {kind:?}, touchpoints {slots:?}: {why}");
                }
                maps += 1;
            }
        }
    }
    assert_eq!(maps, 30 * 11 * 4);
}

/// The maps a newcomer sees first: every template's and example's stage
/// names whole, none numbered.
#[test]
fn the_templates_and_examples_show_every_stage_name_whole() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<_> = std::fs::read_dir(format!("{root}/assets/templates"))
        .unwrap()
        .chain(std::fs::read_dir(format!("{root}/maps")).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    for file in files {
        let map = crate::storage::load(&file).unwrap().map;
        check(&map).unwrap();
        let labels = Layout::new(&map).labels;
        assert!(!labels.numbered, "{}: {:?}", file.display(), labels.labels);
    }
}

fn page(map: &Map) -> String {
    let today = "2026-11-01".parse().unwrap();
    crate::share::html::export(map, crate::share::Context { today }, None)
}

#[test]
fn a_name_too_long_for_its_band_wraps_then_is_cut_and_listed_by_number() {
    let long = map(&names(Some(2), 8), &[1; 8]);
    let layout = Layout::new(&long);
    assert!(layout.labels.numbered);
    assert_eq!(layout.labels.labels[0].lines.len(), MAX_LINES);
    assert!(layout.labels.labels[0].lines[0].starts_with("1. Stage"));
    assert!(layout.labels.labels[7].lines[MAX_LINES - 1].ends_with('…'));
    let html = page(&long);
    assert!(html.contains("y=\"34.0\">1. Stage</tspan>"), "{html}");
    assert!(html.contains(
        "<li><span class=\"label\">8.</span> <bdi lang=\"\">Stage number 8 with a rather long descriptive name</bdi></li>"
    ));
    // Short names fit whole: no numbers, no list.
    let short = map(&names(Some(0), 8), &[1; 8]);
    assert!(!Layout::new(&short).labels.numbered);
    let html = page(&short);
    assert!(html.contains(">Buy</tspan></text>") && !html.contains("class=\"stage-key\""));
    // Markup in a name is text on the curve and in the list.
    let mut marked = long;
    marked.stages[0].name = "<b onmouseover=\"alert(1)\">&amp;".into();
    let html = page(&marked);
    assert!(html.contains(">1. &lt;b on</tspan>"), "{html}");
    assert!(
        html.contains("<bdi lang=\"\">&lt;b onmouseover=&quot;alert(1)&quot;&gt;&amp;amp;</bdi>")
    );
    assert!(!html.contains("<b "));
}

#[test]
fn a_stage_of_one_touchpoint_beside_stages_of_many_keeps_room_for_its_name() {
    let uneven = widths(&[1, 10, 1], RIGHT - LEFT);
    assert_eq!(uneven[0], MIN_BAND);
    assert_eq!(uneven[2], MIN_BAND);
    assert!((uneven.iter().sum::<f64>() - (RIGHT - LEFT)).abs() < 1e-9);
    // When the bands are all as narrow as that, they are equal.
    let even = widths(&[1, 10, 1, 1, 1, 1, 1, 1], RIGHT - LEFT);
    assert!(
        even.iter()
            .all(|&w| (w - (RIGHT - LEFT) / 8.0).abs() < 1e-9),
        "{even:?}"
    );
}

#[test]
fn a_wrapped_name_has_even_lines() {
    let band = labels::Band {
        x: LEFT,
        width: (RIGHT - LEFT) / 6.0,
    };
    let lines = |name: &str| labels::lay_out(&[name], &[band]).labels.remove(0).lines;
    assert_eq!(lines("Get it set up"), ["Get it", "set up"]);
    assert_eq!(
        lines("Notice something is wrong"),
        ["Notice", "something", "is wrong"]
    );
    assert_eq!(lines("Report it"), ["Report it"]);
}

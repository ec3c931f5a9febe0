//! The Mermaid export: snapshots of the examples, the escaping, shortened
//! names.

use super::*;
use crate::model::{Map, Stage, StageId, Touchpoint, TouchpointId};

fn example(name: &str) -> Map {
    let text = match name {
        "business-account" => include_str!("../../../maps/business-account.ron"),
        _ => include_str!("../../../maps/kodune-internet.ron"),
    };
    crate::storage::from_bytes(text.as_bytes()).unwrap().map
}

#[test]
fn the_business_account_example_as_a_diagram() {
    insta::assert_snapshot!(export(&example("business-account")));
}

#[test]
fn the_home_internet_example_as_a_diagram() {
    insta::assert_snapshot!(export(&example("kodune-internet")));
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
        touchpoints,
    }
}

#[test]
fn names_are_escaped_where_mermaid_would_cut_them() {
    let map = Map {
        title: "Fees: #1; a:b:".into(),
        persona: "Owner #2, <b>busy</b>, style:\u{2028}; ".into(),
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
            ),
            stage(2, "Empty", Vec::new()),
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
}

#[test]
fn unscored_touchpoints_and_long_or_empty_names_are_marked_in_comments() {
    let long = "Relationship manager calls after three months to ask";
    let map = Map {
        title: String::new(),
        persona: String::new(),
        stages: vec![
            stage(1, "", vec![touchpoint(1, long, "phone", None)]),
            stage(2, "Later", vec![touchpoint(2, "", "", Some(1))]),
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

//! The Markdown export as a GFM renderer reads it (comrak, with GitHub's
//! extensions): tables keep their columns and cells show the map's words,
//! whatever the words hold.

use super::*;
use crate::model::{Date, Stage, StageId, Touchpoint, TouchpointId, Verbatim};
use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};
use proptest::prelude::*;

fn example(name: &str) -> Map {
    let text = match name {
        "business-account" => include_str!("../../../maps/business-account.ron"),
        _ => include_str!("../../../maps/kodune-internet.ron"),
    };
    crate::storage::from_bytes(text.as_bytes()).unwrap().map
}

/// `map` without its personas and their own scores: the tables as a map
/// without personas has them, with no "By persona" column.
fn without_personas(mut map: Map) -> Map {
    map.personas.clear();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        tp.by_persona.clear();
    }
    map
}

fn context() -> Context {
    Context {
        today: Date::new(2026, 11, 23).unwrap(),
    }
}

fn github() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.tasklist = true;
    options.extension.autolink = true;
    options.extension.math_dollars = true;
    options
}

type Node<'a> = &'a comrak::nodes::AstNode<'a>;

/// Each table's rows, each row its cells as plain text.
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &github());
    root.descendants()
        .filter(|node| matches!(node.data().value, NodeValue::Table(_)))
        .map(|table| {
            table
                .children()
                .map(|row| row.children().map(plain).collect())
                .collect()
        })
        .collect()
}

/// The text of each heading at `level`.
fn headings(markdown: &str, level: u8) -> Vec<String> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &github());
    root.descendants()
        .filter(|node| matches!(&node.data().value, NodeValue::Heading(h) if h.level == level))
        .map(|heading| plain(heading).trim().to_owned())
        .collect()
}

/// The bold text that starts each task in a list: the action's text.
fn tasks(markdown: &str) -> Vec<String> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &github());
    root.descendants()
        .filter(|node| matches!(node.data().value, NodeValue::TaskItem(_)))
        .filter_map(|item| {
            let strong = item.first_child()?.first_child()?;
            matches!(strong.data().value, NodeValue::Strong)
                .then(|| plain(strong).trim().to_owned())
        })
        .collect()
}

/// A node's text as a reader sees it, `<br>` a line break. Formatting
/// inside it (emphasis, code, math, HTML other than `<br>` and `<!-- -->`, a link that
/// is not an autolink) fails the test: the words would not read as
/// written.
fn plain<'a>(node: Node<'a>) -> String {
    let mut text = String::new();
    for inner in node.descendants().skip(1) {
        match &inner.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::HtmlInline(html) if html == "<br>" => text.push('\n'),
            // What keeps `@name` and `#12` from mentioning anyone: shows nothing.
            NodeValue::HtmlInline(html) if html == "<!-- -->" => {}
            NodeValue::Link(link) => {
                let shown = plain(inner);
                assert!(
                    link.url.ends_with(shown.trim_start_matches("www.")),
                    "a link that is not an autolink: {shown} -> {}",
                    link.url
                );
            }
            other => panic!("formatting in {:?}: {other:?}", node.data().value),
        }
    }
    text
}

#[test]
fn the_examples_as_markdown() {
    for name in ["business-account", "kodune-internet"] {
        let markdown = export(&example(name), context());
        insta::assert_snapshot!(name, markdown);
    }
}

#[test]
fn each_stage_is_a_table_with_a_row_per_touchpoint_and_seven_columns() {
    // Seven columns where the map has no personas; the example has two,
    // which add a column (below).
    let map = without_personas(example("business-account"));
    let tables = tables(&export(&map, context()));
    assert_eq!(tables.len(), map.stages.len());
    for (table, stage) in tables.iter().zip(&map.stages) {
        assert_eq!(table.len(), 1 + stage.touchpoints.len());
        assert!(table.iter().all(|row| row.len() == 7), "{table:?}");
        for (row, tp) in table[1..].iter().zip(&stage.touchpoints) {
            assert_eq!(row[0], tp.name);
            assert_eq!(row[1], tp.channel);
        }
    }
    let upload = &tables[1][2];
    assert_eq!(upload[2], "Conscious");
    assert_eq!(upload[3], "-2 (very bad)");
    assert_eq!(upload[6], "touchpoint \"Start the online application\"");

    let map = example("business-account");
    let with_personas = self::tables(&export(&map, context()));
    assert!(with_personas.iter().flatten().all(|row| row.len() == 8));
    assert_eq!(with_personas[0][0][5], "By persona");
    let upload = &with_personas[1][2];
    assert_eq!(
        upload[3..6],
        ["-2 (very bad)", "0 (neutral)", "Jaan 0 (neutral)"]
    );
    assert_eq!(upload[7], "touchpoint \"Start the online application\"");
}

#[test]
fn the_plan_is_the_plans_own_checklist_with_overdue_marked_on_the_day() {
    let map = example("business-account");
    let markdown = export(&map, context());
    let body = plan::body(&crate::model::plan(&map), context().today, 3);
    assert!(markdown.ends_with(&format!("## EDUNI action plan\n\n{body}")));
    assert!(markdown.contains(
        "- [ ] **Give call-centre agents read access to application status** **(overdue)**"
    ));
    assert!(
        markdown.contains("- [x] **List every document the application needs on its start page**")
    );
    let earlier = export(
        &map,
        Context {
            today: Date::new(2026, 1, 1).unwrap(),
        },
    );
    assert!(!earlier.contains("(overdue)"));
}

#[test]
fn a_stage_without_touchpoints_says_so_and_a_map_without_stages_too() {
    let mut map = Map::new("Empty");
    assert!(export(&map, context()).contains("_No stages yet._"));
    map.stages.push(
        Stage {
            id: StageId::parse("s-1").unwrap(),
            name: "Later".into(),
            touchpoints: vec![],
        }
        .into(),
    );
    let markdown = export(&map, context());
    assert!(
        markdown.contains("## Stage 1: Later\n\n_No touchpoints yet._\n"),
        "{markdown}"
    );
}

#[test]
fn escapes_read_as_the_words() {
    assert_eq!(inline("snake_case and _this_"), "snake_case and \\_this\\_");
    assert_eq!(inline("# 1 | 2"), "\\# 1 \\| 2");
    assert_eq!(inline("a\nb"), "a<br>b");
    assert_eq!(inline("R&D &amp;"), "R\\&D \\&amp;");
    assert_eq!(inline("evil\u{202e}gnp"), "evil\\u{202e}gnp");
}

/// Pieces that Markdown, GFM tables or GitHub give a meaning to.
const PIECES: &[&str] = &[
    "a",
    "Õun",
    "漢字",
    " ",
    "  ",
    "|",
    "\\",
    "\\|",
    "`",
    "``",
    "*",
    "**",
    "_",
    "__",
    "~",
    "~~",
    "#",
    "# ",
    "-",
    "- ",
    "+",
    "=",
    ">",
    "<",
    "<br>",
    "<script>alert(1)</script>",
    "&",
    "&amp;",
    "&#35;",
    "[",
    "]",
    "[x](javascript:alert(1))",
    "![i](x.png)",
    "$",
    "$x$",
    "\n",
    "\n- ",
    "\n#",
    "1.",
    "---",
    ":",
    "www.example.com",
    "\t",
    "!",
    "(",
    ")",
    "{",
    "}",
    "'",
    "\"",
    "\u{202e}",
];

fn nasty() -> impl Strategy<Value = String> {
    prop::collection::vec(0..PIECES.len(), 0..12)
        .prop_map(|picks| picks.into_iter().map(|i| PIECES[i]).collect())
}

/// What a cell shows for `text`: trimmed at its ends (as a table cell is),
/// with the characters that reorder text written out.
fn shown(text: &str) -> String {
    let mut shown = String::new();
    for c in text.chars() {
        if crate::text::reorders(c) {
            shown.push_str(&crate::text::escaped(c));
        } else {
            shown.push(c);
        }
    }
    shown.trim().to_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_words_stay_in_their_cell_as_written(
        name in nasty(), channel in nasty(), words in nasty(), source in nasty(), cause in nasty(),
        stage in nasty(), action in nasty()
    ) {
        let mut tp = Touchpoint::new(TouchpointId::parse("t-1").unwrap(), name.clone());
        tp.channel = channel.clone();
        tp.verbatims.push(Verbatim { text: words.clone(), source: source.clone() });
        tp.root_cause = Some(RootCause::Text(cause.clone()));
        tp.actions.push(crate::model::Action::new(
            crate::model::ActionId::parse("a-1").unwrap(),
            action.clone(),
            crate::model::Principle::Fast,
        ));
        let mut map = Map::new(stage.clone());
        map.stages.push(Stage { id: StageId::parse("s-1").unwrap(), name: stage.clone(), touchpoints: vec![tp.into()] }.into());
        let markdown = export(&map, context());
        let tables = tables(&markdown);
        prop_assert_eq!(tables.len(), 1, "{}", markdown);
        prop_assert_eq!(tables[0].len(), 2, "{}", markdown);
        let row = &tables[0][1];
        prop_assert_eq!(row.len(), 7, "{}", markdown);
        prop_assert_eq!(row[0].trim(), shown(&name));
        prop_assert_eq!(row[1].trim(), shown(&channel));
        let quoted = if source.is_empty() {
            format!("\"{words}\"")
        } else {
            format!("\"{words}\" — {source}")
        };
        prop_assert_eq!(row[5].trim(), shown(&quoted));
        prop_assert_eq!(row[6].trim(), shown(&cause));
        let title = if stage.trim().is_empty() { "Journey map".to_owned() } else { shown(&stage) };
        prop_assert_eq!(headings(&markdown, 1), vec![title]);
        prop_assert_eq!(&headings(&markdown, 2)[0], &shown(&format!("Stage 1: {stage}")));
        let expected: Vec<String> = Some(shown(&action)).filter(|a| !a.is_empty()).into_iter().collect();
        prop_assert_eq!(tasks(&markdown), expected, "{}", markdown);
    }
}

#[test]
fn the_target_is_the_to_be_emotion_and_unset_values_are_empty_cells() {
    let mut map = example("business-account");
    let tp = &mut map.stages[0].touchpoints[1];
    tp.to_be_emotion = Emotion::new(1);
    let tables = tables(&export(&map, context()));
    assert_eq!(tables[0][2][3..5], ["-1 (bad)", "+1 (good)"]);
    // Book a branch appointment: no wish, scores, persona's own scores,
    // words or cause.
    let unscored = &tables[4][3];
    assert_eq!(unscored[2..], ["", "", "", "", "", ""]);
}

#[test]
fn a_name_or_a_number_after_at_or_hash_mentions_and_links_nobody() {
    assert_eq!(
        inline("ask @team about #12"),
        "ask @<!-- -->team about \\#<!-- -->12"
    );
    assert_eq!(inline("me@ home, # one"), "me@ home, \\# one");
}

#[test]
fn personas_are_listed_and_their_own_scores_have_a_column() {
    use crate::model::{Persona, PersonaId, PersonaScore};
    // Personas of its own in place of the example's.
    let mut map = without_personas(example("business-account"));
    let (kadri, odd) = (
        PersonaId::parse("p-kadri").unwrap(),
        PersonaId::parse("p-odd").unwrap(),
    );
    let mut k = Persona::new(kadri.clone(), "Kadri");
    k.description = "Sole trader, | all on *her* phone".into();
    map.personas = vec![k, Persona::new(odd.clone(), "| <b>Odd</b> @team")];
    map.stages[1].touchpoints[0].by_persona = vec![
        PersonaScore {
            emotion: Emotion::new(-2),
            to_be_emotion: Emotion::new(1),
            ..PersonaScore::unset(kadri)
        },
        PersonaScore {
            to_be_emotion: Emotion::new(2),
            ..PersonaScore::unset(odd)
        },
    ];
    let markdown = export(&map, context());
    assert!(
        markdown.contains("- **Kadri**: Sole trader, \\| all on \\*her\\* phone\n"),
        "{markdown}"
    );
    let tables = tables(&markdown);
    assert!(tables.iter().flatten().all(|row| row.len() == 8));
    assert_eq!(tables[0][0][5], "By persona");
    assert_eq!(
        tables[1][1][5],
        "Kadri -2 (very bad), target +1 (good)\n| <b>Odd</b> @team target +2 (very good)"
    );
    assert_eq!(
        tables[1][2][5], "",
        "nobody's own scores: the map-wide ones"
    );
}

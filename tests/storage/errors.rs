//! Every kind of broken file is refused with the line and column a person's
//! cursor should go to, and words that say what is wrong.

use super::{EXAMPLE, replace_once};
use cxmap::model::*;
use cxmap::storage::{ParseError, from_bytes};

/// Where `needle` starts in `text`, as (line, column in characters), 1-based.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

fn broken(text: &str) -> ParseError {
    match from_bytes(text.as_bytes()) {
        Ok(_) => panic!("this text should not load:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn syntax_error_points_at_the_spot() {
    let text = replace_once(
        EXAMPLE,
        "channel: \"web search\",",
        "channel: \"web search\"",
    );
    let e = broken(&text);
    assert_eq!(
        (e.line, e.column),
        position(&text, "wish: Conscious"),
        "{e}"
    );
    assert_eq!(e.message, "expected comma");
}

#[test]
fn column_counts_characters_after_non_ascii_text() {
    let text = replace_once(EXAMPLE, "name: \"Discover\",", "name: \"Õõ漢字😀\" oops,");
    let e = broken(&text);
    assert_eq!((e.line, e.column), position(&text, "oops"), "{e}");
    // 12 spaces of indent + `name: "Õõ漢字😀" ` is 26 characters (and more bytes and cells).
    assert_eq!(e.column, 27);
}

/// The text with `line` inserted so that it becomes line `number`.
fn with_line(text: &str, number: usize, line: &str) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(number - 1, line);
    lines.join("\n") + "\n"
}

#[test]
fn a_stray_line_is_reported_at_its_first_character() {
    // After the `(` that opens the first stage (line 18, below the personas).
    let text = with_line(EXAMPLE, 19, "    @@@ garbage");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (19, 5), "{e}");
    assert_eq!(e.message, "expected identifier");
    // After the `[` of a list of touchpoints, deeper in.
    let text = with_line(EXAMPLE, 22, "                %%%");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (22, 17), "{e}");
    // After a comment, which is no fault.
    let text = with_line(EXAMPLE, 19, "    // a note\n\t}}}");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (20, 2), "{e}");
}

#[test]
fn a_string_left_open_points_at_its_opening_quote() {
    let text = replace_once(EXAMPLE, "name: \"Discover\",", "name: \"Discover,");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (20, 19), "{e}");
    assert_eq!(
        e.message,
        "this string is never closed: put a `\"` where it should end \
         (as it is, it runs on to 23:25)"
    );

    // Columns count characters, not bytes, before the quote.
    let text = "(\n    format: 1,\n    title: \"Kõik 漢字 😀\", persona: \"Ärni,\n    stages: [\n        (\n            id: \"s-1\",\n            name: \"Üks\",\n        ),\n    ],\n)\n";
    let e = broken(text);
    assert_eq!((e.line, e.column), (3, 34), "{e}");
    assert!(e.message.contains("runs on to 6:17"), "{e}");

    // The last string of the file runs on to its end.
    let text = replace_once(
        EXAMPLE,
        "\"Some customers ask for a branch meeting for tasks the app does in a minute. Is this reassurance, or habit?\",",
        "\"Some customers ask for a branch meeting for tasks the app does in a minute. Is this reassurance, or habit?,",
    );
    let e = broken(&text);
    assert_eq!((e.line, e.column), (421, 34), "{e}");
    assert!(
        e.message.starts_with("this string is never closed")
            && e.message
                .ends_with("(as it is, it runs on to the end of the file)"),
        "{e}"
    );
}

#[test]
fn a_file_cut_short_says_so_where_it_ends() {
    let cut = &EXAMPLE[..EXAMPLE.find("source: \"Interview 3").unwrap() + "sour".len()];
    let e = broken(cut);
    assert_eq!((e.line, e.column), (34, 33), "{e}");
    assert_eq!(
        e.message,
        "the file ends in the middle of a verbatim, which starts at 32:25; \
         the rest of the map is missing"
    );

    // Cut inside a string, with a line end after it.
    let cut = format!("{}\n", &EXAMPLE[..EXAMPLE.find("which account").unwrap()]);
    let e = broken(&cut);
    assert_eq!((e.line, e.column), (33, 57), "{e}");
    assert!(
        e.message.starts_with(
            "the file ends in the middle of the `text` of a verbatim, which starts at 33:35;"
        ),
        "{e}"
    );

    // Cut after a comma at the end of a line.
    let cut = &EXAMPLE[..EXAMPLE.find("            name: \"Discover\",").unwrap()];
    let e = broken(cut);
    assert_eq!((e.line, e.column), (19, 28), "{e}");
    assert!(
        e.message
            .starts_with("the file ends in the middle of a stage, which starts at 18:9;"),
        "{e}"
    );

    // Cut after non-ASCII text: the column counts characters.
    let estonian = include_str!("../../maps/kodune-internet.ron");
    let cut = &estonian[..estonian.find("pöördumisest").unwrap() + "pöörd".len()];
    let e = broken(cut);
    // 20 spaces + `name: "Tehnik ei tea varasemast pöörd` is 57 characters.
    assert_eq!((e.line, e.column), (293, 58), "{e}");
    assert!(
        e.message
            .starts_with("the file ends in the middle of the `name` of a touchpoint"),
        "{e}"
    );
}

#[test]
fn unknown_field_is_named_not_dropped() {
    let text = replace_once(
        EXAMPLE,
        "wish: Deception,",
        "wish: Deception,\n                    colour: \"red\",",
    );
    let e = broken(&text);
    assert_eq!((e.line, e.column), position(&text, "colour"));
    assert!(
        e.message
            .starts_with("unknown field `colour` in a touchpoint"),
        "{}",
        e.message
    );
}

#[test]
fn missing_field_is_named() {
    let text = replace_once(EXAMPLE, "            name: \"Discover\",\n", "");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (18, 9), "at the stage's `(`: {e}");
    assert_eq!(e.message, "missing field `name` in a stage");
}

#[test]
fn missing_id_points_at_the_touchpoint_that_lacks_it() {
    let text = replace_once(EXAMPLE, "                    id: \"t-gnddxh\",\n", "");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (22, 17), "at the touchpoint's `(`: {e}");
    assert_eq!(e.message, "missing field `id` in a touchpoint");
    // On one line, after non-ASCII text.
    let e = broken("(format: 1, title: \"Õõ漢字😀\", stages: [(name: \"Ä\")])");
    assert_eq!((e.line, e.column), (1, 38), "{e}");
    assert_eq!(e.message, "missing field `id` in a stage");
}

#[test]
fn out_of_range_emotion_is_refused_at_the_value() {
    let text = replace_once(EXAMPLE, "emotion: -1,", "emotion: -7,");
    let e = broken(&text);
    let (line, column) = position(&text, "-7");
    assert_eq!(
        (e.line, e.column),
        (line, column + 1),
        "ron points at the digits"
    );
    assert_eq!(
        e.message,
        "emotion must be a whole number from -2 to +2, found -7"
    );
}

#[test]
fn misspelt_wish_lists_the_choices() {
    let text = replace_once(EXAMPLE, "wish: Deception,", "wish: Deceptoin,");
    let e = broken(&text);
    assert_eq!((e.line, e.column), position(&text, "Deceptoin"));
    assert!(
        e.message.contains("`Deceptoin` is not a wish"),
        "{}",
        e.message
    );
    assert!(e.message.contains("`Subconscious`"));
}

#[test]
fn impossible_due_date_is_explained() {
    let text = replace_once(EXAMPLE, "due: \"2026-12-15\",", "due: \"2026-02-30\",");
    let e = broken(&text);
    assert_eq!(e.line, position(&text, "2026-02-30").0);
    assert_eq!(
        e.message,
        "`2026-02-30` is not a date: February 2026 has 28 days"
    );
}

#[test]
fn duplicate_ids_point_at_the_second_one() {
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let first = map.stages[0].touchpoints[0].id.to_string();
    let second = map.stages[0].touchpoints[1].id.to_string();
    let text = replace_once(
        EXAMPLE,
        &format!("id: \"{second}\""),
        &format!("id: \"{first}\""),
    );
    let e = broken(&text);
    // The second touchpoint's `id`, indented 20 spaces.
    let (line, column) = position(EXAMPLE, &format!("id: \"{second}\""));
    assert_eq!((e.line, e.column), (line, 21), "{e}");
    assert_eq!(column, 21);
    assert!(
        e.message
            .starts_with(&format!("id `{first}` is used twice: by touchpoint")),
        "{}",
        e.message
    );
}

#[test]
fn duplicate_ids_on_one_line_point_at_the_second_one() {
    let text = "(format: 1, title: \"Õõ漢字😀\", stages: [(id: \"s-1\", name: \"Ä\"), (id: \"s-1\", name: \"B\")])";
    let e = broken(text);
    // `(format: 1, title: "Õõ漢字😀", stages: [(id: "s-1", name: "Ä"), (` is 62 characters.
    assert_eq!((e.line, e.column), (1, 63), "{e}");
    assert_eq!(
        e.message,
        "id `s-1` is used twice: by stage 'Ä' and by stage 'B'"
    );
}

#[test]
fn dangling_root_cause_names_the_touchpoint() {
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let (_, linked) = map
        .touchpoints()
        .find(|(_, t)| matches!(t.root_cause, Some(RootCause::Touchpoint(_))))
        .unwrap();
    let Some(RootCause::Touchpoint(target)) = &linked.root_cause else {
        unreachable!()
    };
    let text = replace_once(
        EXAMPLE,
        &format!("Touchpoint(\"{target}\")"),
        "Touchpoint(\"t-gone\")",
    );
    let e = broken(&text);
    assert_eq!(e.line, position(&text, &format!("id: \"{}\"", linked.id)).0);
    assert!(
        e.message.contains(&format!(
            "'{}' names `t-gone` as its root cause",
            linked.name
        )),
        "{}",
        e.message
    );
}

#[test]
fn newer_format_is_refused_with_a_clear_message() {
    // A format this cxmap does not know yet, with a field it does not know.
    let newer = cxmap::storage::FORMAT_VERSION + 1;
    let text = replace_once(
        EXAMPLE,
        "format: 3,",
        &format!("format: {newer},\n    palette: \"dark\","),
    );
    let e = broken(&text);
    assert_eq!((e.line, e.column), (2, 5));
    assert!(
        e.message
            .contains(&format!("format {newer}, written by a newer cxmap")),
        "{}",
        e.message
    );
}

#[test]
fn conflict_markers_say_the_file_is_mid_merge() {
    let text = replace_once(
        EXAMPLE,
        "            name: \"Discover\",\n",
        "<<<<<<< HEAD\n            name: \"Discover\",\n=======\n            name: \"Find us\",\n>>>>>>> feature\n",
    );
    let e = broken(&text);
    assert_eq!((e.line, e.column), position(&text, "<<<<<<<"));
    assert!(e.message.contains("middle of a git merge"), "{}", e.message);
}

#[test]
fn invalid_utf8_is_located() {
    let mut bytes = EXAMPLE.as_bytes().to_vec();
    let at = EXAMPLE.find("Northbank").unwrap();
    bytes[at] = 0xff;
    let e = from_bytes(&bytes).unwrap_err();
    assert_eq!((e.line, e.column), position(EXAMPLE, "Northbank"));
    assert!(e.message.contains("not UTF-8"));
}

#[test]
fn empty_and_truncated_files_are_errors() {
    assert!(from_bytes(b"").unwrap_err().message.contains("empty"));
    assert!(from_bytes(b"  \n").unwrap_err().message.contains("empty"));
    let cut = &EXAMPLE[..EXAMPLE.len() / 2];
    let e = broken(cut);
    assert!(e.line > 1);
}

#[test]
fn an_escape_code_in_a_text_is_refused_where_it_is_written() {
    // Written as an escape, after non-ASCII text on an indented line.
    let text = replace_once(
        EXAMPLE,
        "name: \"Compare fees in the price list\",",
        "name: \"Õun: compare fees\\u{1b}]0;PWNED\\u{7}\",",
    );
    let e = broken(&text);
    assert_eq!((e.line, e.column), position(&text, "\\u{1b}"), "{e}");
    assert!(e.message.contains("U+001B (escape)"), "{e}");
    assert!(e.message.contains("terminal"), "{e}");
    // Written as itself, in a raw string.
    let text = replace_once(
        EXAMPLE,
        "name: \"Discover\",",
        "name: r#\"Dis\u{9b}31mcover\"#,",
    );
    let e = broken(&text);
    assert_eq!((e.line, e.column), position(&text, "\u{9b}"), "{e}");
    // Line breaks, tabs and a `\u{..}` that is not a control character load.
    let text = replace_once(
        EXAMPLE,
        "name: \"Discover\",",
        "name: \"Dis\\tco\\u{e9}ver\\n\",",
    );
    assert!(from_bytes(text.as_bytes()).is_ok());
}

#[test]
fn the_id_map_is_refused_as_it_names_the_map_in_conflicts() {
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let second = map.stages[0].touchpoints[1].id.to_string();
    let text = replace_once(EXAMPLE, &format!("id: \"{second}\""), "id: \"map\"");
    let e = broken(&text);
    let (line, _) = position(EXAMPLE, &format!("id: \"{second}\""));
    assert_eq!((e.line, e.column), (line, 21), "{e}");
    assert!(
        e.message
            .contains("has the id `map`, which names the map itself"),
        "{}",
        e.message
    );
}

#[test]
fn a_newer_format_written_last_is_pointed_at_not_a_text_line_that_starts_alike() {
    let newer = cxmap::storage::FORMAT_VERSION + 1;
    let text = replace_once(EXAMPLE, "    format: 3,\n", "").replacen(
        "description: \"Prospects",
        "description: \"Prospects\nformat: 9, said the note.",
        1,
    );
    let text = format!(
        "{}    format: {newer},\n)\n",
        text.trim_end().trim_end_matches(')')
    );
    let e = broken(&text);
    let last = text.lines().count() - 1;
    assert_eq!((e.line, e.column), (last, 5), "{e}");
}

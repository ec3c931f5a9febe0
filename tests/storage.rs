//! The map file: canonical, deterministic writing; every example round-trips
//! byte for byte; every kind of broken file is refused with the line and column
//! a person's cursor would be at; saving is atomic and keeps links and modes.

use cxmap::model::*;
use cxmap::storage::{self, ParseError, from_bytes, to_canonical};
use std::fs;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = include_str!("../maps/business-account.ron");

fn map_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("maps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "maps/ holds the English and the Estonian example"
    );
    files
}

#[test]
fn every_example_and_the_template_are_canonical_and_round_trip() {
    let mut files = map_files();
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/template.ron"));
    for path in files {
        let loaded = storage::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let canonical = to_canonical(&loaded.map);
        assert!(
            canonical == loaded.text,
            "{} is not canonical: run `cxmap fmt`",
            path.display()
        );
        let again = from_bytes(canonical.as_bytes()).unwrap();
        assert_eq!(again.map, loaded.map);
        assert_eq!(to_canonical(&again.map), canonical);
    }
}

#[test]
fn examples_exercise_every_field() {
    for path in map_files() {
        let map = storage::load(&path).unwrap().map;
        let name = path.display();
        assert!(
            map.touchpoint_count() >= 12,
            "{name}: a dozen touchpoints or more"
        );
        let tps: Vec<&Touchpoint> = map.touchpoints().map(|(_, t)| t).collect();
        for wish in Wish::ALL {
            assert!(
                tps.iter().any(|t| t.wish == Some(wish)),
                "{name}: no {wish:?} touchpoint"
            );
        }
        assert!(
            tps.iter().any(|t| !t.verbatims.is_empty()),
            "{name}: verbatims"
        );
        assert!(
            tps.iter()
                .any(|t| matches!(t.root_cause, Some(RootCause::Touchpoint(_)))),
            "{name}: linked root cause"
        );
        assert!(
            tps.iter()
                .any(|t| matches!(t.root_cause, Some(RootCause::Text(_)))),
            "{name}: text root cause"
        );
        assert!(
            tps.iter().any(|t| t.basis == Basis::Assumption)
                && tps.iter().any(|t| t.basis == Basis::Research)
        );
        assert!(
            tps.iter().any(|t| t.emotion.is_none()),
            "{name}: an unscored touchpoint"
        );
        let principles: std::collections::BTreeSet<Principle> = tps
            .iter()
            .flat_map(|t| t.actions.iter().map(|a| a.principle))
            .collect();
        assert!(
            principles.len() >= 4,
            "{name}: actions in several principles"
        );
        assert!(
            tps.iter()
                .flat_map(|t| &t.actions)
                .any(|a| a.done && !a.follow_up.is_empty())
        );
    }
}

#[test]
fn writing_is_deterministic_readable_and_unescaped() {
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    assert_eq!(to_canonical(&map), to_canonical(&map.clone()));
    let mut m = map.clone();
    m.title = "Õun, 漢字 and 😀 — as themselves".into();
    let text = to_canonical(&m);
    assert!(text.contains("title: \"Õun, 漢字 and 😀 — as themselves\","));
    assert!(!text.contains("\\u"), "no escaped Unicode");
    assert!(!text.contains("\r"));
    assert!(text.ends_with(")\n"));
    for noise in ["Map(", "Stage(", "Action(", "Verbatim(", "Some("] {
        assert!(!text.contains(noise), "struct names are noise: {noise}");
    }
}

#[test]
fn carriage_returns_in_text_become_newlines() {
    let mut map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    map.stages[0].touchpoints[0].description = "one\r\ntwo\rthree".into();
    let text = to_canonical(&map);
    assert!(!text.contains('\r'));
    let back = from_bytes(text.as_bytes()).unwrap().map;
    assert_eq!(back.stages[0].touchpoints[0].description, "one\ntwo\nthree");
}

#[test]
fn carriage_returns_in_a_file_load_as_the_newlines_they_are_saved_as() {
    for written in ["\r", "\\r", "\\x0D", "\\u{D}", "\\u{000d}"] {
        let text = replace_once(
            EXAMPLE,
            "title: \"Opening a business account at Northbank\",",
            &format!("title: \"Opening{written}a business account\","),
        );
        let loaded = from_bytes(text.as_bytes()).unwrap();
        assert_eq!(loaded.map.title, "Opening\na business account", "{written}");
        assert!(!loaded.is_canonical(), "{written}: saving changes the file");
        let saved = from_bytes(to_canonical(&loaded.map).as_bytes()).unwrap();
        assert_eq!(saved.map, loaded.map, "{written}");
    }
}

/// Lines that differ between two texts of the same length in lines.
fn changed_lines(a: &str, b: &str) -> usize {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    if a.len() != b.len() {
        return usize::MAX;
    }
    a.iter().zip(&b).filter(|(x, y)| x != y).count()
}

#[test]
fn changing_one_field_changes_one_line() {
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let before = to_canonical(&map);
    let mut checked = 0;
    for (_, tp) in map.touchpoints() {
        let fields = vec![
            TouchpointField::Name(format!("{} (renamed)", tp.name)),
            TouchpointField::Channel(format!("{}!", tp.channel)),
            TouchpointField::Evidence(tp.evidence + 1),
            TouchpointField::Basis(if tp.basis == Basis::Research {
                Basis::Assumption
            } else {
                Basis::Research
            }),
        ];
        let mut fields = fields;
        if let Some(e) = tp.emotion {
            fields.push(TouchpointField::Emotion(Some(if e == Emotion::MAX {
                e.lowered()
            } else {
                e.raised()
            })));
        }
        if let Some(w) = tp.wish {
            fields.push(TouchpointField::Wish(Some(if w == Wish::Invisible {
                Wish::Conscious
            } else {
                Wish::Invisible
            })));
        }
        for field in fields {
            if matches!(&field, TouchpointField::Channel(c) if c == "!")
                || matches!(field, TouchpointField::Evidence(1))
            {
                continue; // from empty to set adds a line rather than changing one
            }
            let mut changed = map.clone();
            apply(
                &mut changed,
                Edit::SetTouchpoint {
                    id: tp.id.clone(),
                    field: field.clone(),
                },
            )
            .unwrap();
            let after = to_canonical(&changed);
            assert_eq!(changed_lines(&before, &after), 1, "{field:?}");
            checked += 1;
        }
        for action in &tp.actions {
            let mut changed = map.clone();
            apply(
                &mut changed,
                Edit::SetAction {
                    id: action.id.clone(),
                    field: ActionField::Done(!action.done),
                },
            )
            .unwrap();
            assert_eq!(changed_lines(&before, &to_canonical(&changed)), 1);
        }
    }
    assert!(checked > 50);
}

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

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the example");
    text.replacen(from, to, 1)
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
    // After the `(` that opens the first stage.
    let text = with_line(EXAMPLE, 7, "    @@@ garbage");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (7, 5), "{e}");
    assert_eq!(e.message, "expected identifier");
    // After the `[` of a list of touchpoints, deeper in.
    let text = with_line(EXAMPLE, 10, "                %%%");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (10, 17), "{e}");
    // After a comment, which is no fault.
    let text = with_line(EXAMPLE, 7, "    // a note\n\t}}}");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (8, 2), "{e}");
}

#[test]
fn a_string_left_open_points_at_its_opening_quote() {
    let text = replace_once(EXAMPLE, "name: \"Discover\",", "name: \"Discover,");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (8, 19), "{e}");
    assert_eq!(
        e.message,
        "this string is never closed: put a `\"` where it should end \
         (as it is, it runs on to 11:25)"
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
    assert_eq!((e.line, e.column), (361, 34), "{e}");
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
    assert_eq!((e.line, e.column), (22, 33), "{e}");
    assert_eq!(
        e.message,
        "the file ends in the middle of a verbatim, which starts at 20:25; \
         the rest of the map is missing"
    );

    // Cut inside a string, with a line end after it.
    let cut = format!("{}\n", &EXAMPLE[..EXAMPLE.find("which account").unwrap()]);
    let e = broken(&cut);
    assert_eq!((e.line, e.column), (21, 57), "{e}");
    assert!(
        e.message.starts_with(
            "the file ends in the middle of the `text` of a verbatim, which starts at 21:35;"
        ),
        "{e}"
    );

    // Cut after a comma at the end of a line.
    let cut = &EXAMPLE[..EXAMPLE.find("            name: \"Discover\",").unwrap()];
    let e = broken(cut);
    assert_eq!((e.line, e.column), (7, 28), "{e}");
    assert!(
        e.message
            .starts_with("the file ends in the middle of a stage, which starts at 6:9;"),
        "{e}"
    );

    // Cut after non-ASCII text: the column counts characters.
    let estonian = include_str!("../maps/kodune-internet.ron");
    let cut = &estonian[..estonian.find("pöördumisest").unwrap() + "pöörd".len()];
    let e = broken(cut);
    // 20 spaces + `name: "Tehnik ei tea varasemast pöörd` is 57 characters.
    assert_eq!((e.line, e.column), (234, 58), "{e}");
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
    assert_eq!((e.line, e.column), (6, 9), "at the stage's `(`: {e}");
    assert_eq!(e.message, "missing field `name` in a stage");
}

#[test]
fn missing_id_points_at_the_touchpoint_that_lacks_it() {
    let text = replace_once(EXAMPLE, "                    id: \"t-gnddxh\",\n", "");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (10, 17), "at the touchpoint's `(`: {e}");
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
    let text = replace_once(EXAMPLE, "format: 1,", "format: 2,\n    palette: \"dark\",");
    let e = broken(&text);
    assert_eq!((e.line, e.column), (2, 5));
    assert!(
        e.message.contains("format 2, written by a newer cxmap"),
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
fn windows_line_endings_load_and_are_not_canonical() {
    let crlf = EXAMPLE.replace('\n', "\r\n");
    let loaded = from_bytes(crlf.as_bytes()).unwrap();
    assert_eq!(loaded.map, from_bytes(EXAMPLE.as_bytes()).unwrap().map);
    assert!(!loaded.is_canonical());
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-storage-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn save_writes_canonical_text_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_dir("perm");
    let path = dir.join("map.ron");
    fs::write(&path, "old").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    storage::save(&path, &map).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), EXAMPLE);
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["map.ron"], "no temporary files are left behind");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn saving_through_a_symbolic_link_writes_its_target() {
    let dir = scratch_dir("link");
    fs::create_dir(dir.join("real")).unwrap();
    let target = dir.join("real/map.ron");
    fs::write(&target, "old").unwrap();
    let link = dir.join("map.ron");
    std::os::unix::fs::symlink("real/map.ron", &link).unwrap();
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    storage::save(&link, &map).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), EXAMPLE);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch_dir("readonly");
    let path = dir.join("map.ron");
    fs::write(&path, "the old bytes").unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = fs::write(dir.join("probe"), "x");
    let map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let result = storage::save(&path, &map);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    if probe.is_ok() {
        // Running as root: a read-only folder stops nobody. The CLI tests
        // cover a failing save with a file-size limit instead.
        eprintln!("skipped: permissions do not apply to this user");
    } else {
        let error = result.unwrap_err();
        assert!(error.to_string().contains("Permission denied"), "{error}");
        assert!(error.to_string().contains("the file on disk is unchanged"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "the old bytes");
    }
    fs::remove_dir_all(dir).unwrap();
}

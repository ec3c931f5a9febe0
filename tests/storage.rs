//! The map file: canonical, deterministic writing; every example round-trips
//! byte for byte; every kind of broken file is refused with the line and column
//! a person's cursor would be at; saving is atomic and keeps links and modes.

use cxmap::model::*;
use cxmap::storage::{self, from_bytes, to_canonical};
use std::fs;
use std::path::{Path, PathBuf};

#[path = "storage/errors.rs"]
mod errors;

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

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the example");
    text.replacen(from, to, 1)
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

#[test]
fn a_to_be_emotion_is_written_after_the_emotion_in_format_2_and_only_then() {
    // The example has personas (format 3) and aims: this is about a map
    // with neither, so the example without them, which format 1 holds.
    assert!(EXAMPLE.starts_with("(\n    format: 3,\n"));
    let mut map = from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    map.personas.clear();
    for stage in &mut map.stages {
        for tp in &mut stage.touchpoints {
            tp.by_persona.clear();
            tp.to_be_emotion = None;
        }
    }
    let before = to_canonical(&map);
    assert!(
        before.starts_with("(\n    format: 1,\n"),
        "no aim set: written as before, format 1"
    );
    let tp = &mut map.stages[0].touchpoints[0];
    let emotion = tp.emotion.expect("the first touchpoint is scored").value();
    tp.to_be_emotion = Emotion::new(2);
    let text = to_canonical(&map);
    assert!(text.starts_with("(\n    format: 2,\n"), "{text}");
    let lines = format!(
        "\n                    emotion: {emotion},\n                    to_be_emotion: 2,\n"
    );
    assert!(text.contains(&lines), "{text}");
    let undone = text.replacen("format: 2,", "format: 1,", 1).replacen(
        "                    to_be_emotion: 2,\n",
        "",
        1,
    );
    assert_eq!(
        undone, before,
        "the version and one added line are all that differ"
    );
    assert_eq!(from_bytes(text.as_bytes()).unwrap().map, map, "reads back");
    map.stages[0].touchpoints[0].to_be_emotion = None;
    assert_eq!(to_canonical(&map), before, "cleared: format 1 again");
}

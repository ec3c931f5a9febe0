//! Maps merge like code. Each folder in `tests/merge/` is a case, as in
//! mergiraf's suite: `base.ron`, `ours.ron`, `theirs.ron` and the
//! `expected.ron` that `merge` must produce, byte for byte. A new case is four
//! files and no code.

use cxmap::model::*;
use cxmap::storage::{self, to_canonical};
use std::fs;
use std::path::{Path, PathBuf};

fn load(path: &Path) -> Map {
    storage::load(path).unwrap_or_else(|e| panic!("{e}")).map
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
    dirs.sort();
    assert!(dirs.len() >= 10);
    dirs
}

#[test]
fn every_case_merges_to_its_expected_file() {
    let mut failures = Vec::new();
    for dir in cases() {
        let merged = merge(
            &load(&dir.join("base.ron")),
            &load(&dir.join("ours.ron")),
            &load(&dir.join("theirs.ron")),
        );
        let expected = fs::read_to_string(dir.join("expected.ron")).unwrap();
        let got = to_canonical(&merged);
        if got != expected {
            failures.push(format!("== {}\n{got}", dir.display()));
        }
        assert_eq!(validate(&merged), vec![], "{}", dir.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_laws_of_a_merge_hold_for_every_case() {
    for dir in cases() {
        let base = load(&dir.join("base.ron"));
        for side in ["ours.ron", "theirs.ron"] {
            let x = load(&dir.join(side));
            assert_eq!(
                merge(&base, &x, &base),
                x,
                "merge(base, x, base) = x in {}",
                dir.display()
            );
            assert_eq!(
                merge(&base, &base, &x),
                x,
                "merge(base, base, x) = x in {}",
                dir.display()
            );
            assert_eq!(
                merge(&base, &x, &x),
                x,
                "merge(base, x, x) = x in {}",
                dir.display()
            );
        }
    }
}

#[test]
fn a_conflict_can_be_settled_either_way() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/same-field-both-changed");
    let merged = merge(
        &load(&dir.join("base.ron")),
        &load(&dir.join("ours.ron")),
        &load(&dir.join("theirs.ron")),
    );
    assert_eq!(merged.conflicts.len(), 1);
    let id = TouchpointId::parse("t-call").unwrap();
    let mut theirs = merged.clone();
    let edit = resolve(&theirs, 0, Side::Theirs).unwrap();
    apply(&mut theirs, edit).unwrap();
    assert_eq!(theirs.touchpoint(&id).unwrap().emotion, Emotion::new(0));
    assert!(theirs.conflicts.is_empty());
    let mut ours = merged.clone();
    let edit = resolve(&ours, 0, Side::Ours).unwrap();
    apply(&mut ours, edit).unwrap();
    assert_eq!(ours.touchpoint(&id).unwrap().emotion, Emotion::new(-1));
    assert!(ours.conflicts.is_empty());
}

#[test]
fn a_deletion_can_win_after_all() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/delete-vs-edit");
    let mut merged = merge(
        &load(&dir.join("base.ron")),
        &load(&dir.join("ours.ron")),
        &load(&dir.join("theirs.ron")),
    );
    let edit = resolve(&merged, 0, Side::Ours).unwrap();
    apply(&mut merged, edit).unwrap();
    assert!(
        merged
            .touchpoint(&TouchpointId::parse("t-call").unwrap())
            .is_none()
    );
    assert!(merged.conflicts.is_empty());
}

#[test]
fn conflicts_survive_a_round_trip_and_check_reports_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/same-field-both-changed");
    let text = fs::read_to_string(dir.join("expected.ron")).unwrap();
    let loaded = storage::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(loaded.map.conflicts.len(), 1);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cxmap"))
        .args(["check", "--today", "2026-01-01"])
        .arg(dir.join("expected.ron"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("CX000 error: unresolved merge conflict: touchpoint 'Call support': emotion is -1 on ours, 0 on theirs"),
        "{stdout}"
    );
}

#[test]
fn diff_reads_like_a_review() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/rename-vs-move");
    let changes = diff(
        &load(&dir.join("base.ron")),
        &load(&dir.join("expected.ron")),
    );
    assert_eq!(
        changes,
        [
            "touchpoint 'Support' renamed to 'Call the helpline'"
                .replace("Support", "Call support"),
            "touchpoint 'Call the helpline' moved from Get help to Buy".to_owned(),
        ]
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/action-done-vs-owner");
    let changes = diff(
        &load(&dir.join("base.ron")),
        &load(&dir.join("expected.ron")),
    );
    assert_eq!(
        changes,
        [
            "touchpoint 'Pay online': action 'Add card wallets' owner '' -> 'Mari'",
            "touchpoint 'Pay online': action 'Add card wallets' done"
        ]
    );
}

#[test]
fn a_to_be_emotion_reads_in_a_diff_in_textconv_and_in_a_conflict() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/to-be-both-set");
    let (base, merged) = (load(&dir.join("base.ron")), load(&dir.join("expected.ron")));
    assert_eq!(
        diff(&base, &merged),
        [
            "touchpoint 'Pay online': to-be emotion none -> +2",
            "touchpoint 'Call support': to-be emotion none -> +1",
            "merge conflict: touchpoint 'Call support': to-be emotion is +1 on ours, +2 on theirs",
        ]
    );
    let flat = |path: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_cxmap"))
            .arg("textconv")
            .arg(path)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(
        !flat(&dir.join("base.ron")).contains("to-be"),
        "no aim, no line"
    );
    let text = flat(&dir.join("expected.ron"));
    assert!(
        text.contains("Get help › Call support › to-be emotion: +1\n"),
        "{text}"
    );
    // Settling the conflict either way puts that side's aim in place.
    for (side, aim) in [(Side::Ours, 1), (Side::Theirs, 2)] {
        let mut map = merged.clone();
        let settle = resolve(&map, 0, side).unwrap();
        apply(&mut map, settle).unwrap();
        let call = map
            .touchpoints()
            .find(|(_, t)| t.name == "Call support")
            .unwrap()
            .1;
        assert_eq!(call.to_be_emotion, Emotion::new(aim));
        assert!(map.conflicts.is_empty());
    }
}

#[test]
fn a_persona_score_conflict_settles_that_persona_alone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/persona-score-both-changed");
    let merged = merge(
        &load(&dir.join("base.ron")),
        &load(&dir.join("ours.ron")),
        &load(&dir.join("theirs.ron")),
    );
    assert_eq!(
        merged.conflicts[0].describe(&merged),
        "touchpoint 'Pay online': by persona is 'Anna': emotion -1 on ours, 'Anna': emotion 0 on theirs"
    );
    let pay = TouchpointId::parse("t-pay").unwrap();
    let scores = |map: &Map| {
        let tp = map.touchpoint(&pay).unwrap();
        map.personas
            .iter()
            .map(|p| tp.scores_of(&p.id).emotion.map(Emotion::value))
            .collect::<Vec<_>>()
    };
    for (side, anna) in [(Side::Ours, -1), (Side::Theirs, 0)] {
        let mut map = merged.clone();
        let edit = resolve(&map, 0, side).unwrap();
        apply(&mut map, edit).unwrap();
        assert!(map.conflicts.is_empty());
        assert_eq!(
            scores(&map),
            [Some(anna), Some(1)],
            "{side:?}: Ben's score stays"
        );
    }
    // Taking the deletion of a persona another side scored takes its scores too.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/merge/persona-deleted-vs-scored");
    let mut map = merge(
        &load(&dir.join("base.ron")),
        &load(&dir.join("ours.ron")),
        &load(&dir.join("theirs.ron")),
    );
    assert_eq!(
        map.conflicts[0].describe(&map),
        "persona 'Ben': deleted on ours, changed or scored on theirs (kept)"
    );
    let edit = resolve(&map, 0, Side::Ours).unwrap();
    apply(&mut map, edit).unwrap();
    assert_eq!(map.personas.len(), 1);
    assert!(
        map.touchpoints()
            .all(|(_, t)| t.by_persona.iter().all(|s| s.persona.as_str() != "p-ben"))
    );
    assert_eq!(validate(&map), vec![]);
}

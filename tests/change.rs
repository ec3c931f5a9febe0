//! Change over time, on real git in a scratch repository: `cxmap compare`
//! between files and revisions, `cxmap history` commit by commit
//! (renames followed, a broken commit reported and walked past, overdue
//! counted at each commit's date, CSV a spreadsheet cannot run), and
//! `cxmap causes` of a map as a revision has it, with hostile names and
//! revisions that must reach neither a shell nor git as options.

use cxmap::model::{Date, Map, Stage, StageId, Stats, check, stats};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cxmap");
const EXAMPLE: &str = include_str!("../maps/business-account.ron");

/// git in `dir` with no user or system config, dated `date` when given.
fn git_at(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut command = Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    if let Some(date) = date {
        let date = format!("{date}T12:00:00+00:00");
        command
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date);
    }
    let out = command.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, args, None)
}

fn repo(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-change-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    dir
}

/// Writes `map` to `file` and commits everything, dated `date`.
fn commit_map(dir: &Path, file: &str, map: &Map, subject: &str, date: &str) {
    cxmap::storage::save(&dir.join(file), map).unwrap();
    commit(dir, subject, date);
}

fn commit(dir: &Path, subject: &str, date: &str) {
    git(dir, &["add", "-A"]);
    git_at(dir, &["commit", "-q", "-m", subject], Some(date));
}

fn example() -> Map {
    cxmap::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map
}

fn day(text: &str) -> Date {
    text.parse().unwrap()
}

fn cxmap_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// What cxmap printed; it must have succeeded.
fn said(dir: &Path, args: &[&str]) -> String {
    let out = cxmap_in(dir, args);
    assert!(
        out.status.success(),
        "cxmap {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What cxmap said on stderr; it must have failed with exit 2, printing nothing.
fn refused(dir: &Path, args: &[&str]) -> String {
    let out = cxmap_in(dir, args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "cxmap {args:?}: {err}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    err
}

/// The newer map of `compare`'s tests: the first stage renamed and its
/// first touchpoint at -2, the last stage gone, a stage added.
fn changed(old: &Map) -> Map {
    let mut new = old.clone();
    new.stages[0].name = "Look around".into();
    new.stages[0].touchpoints[0].emotion = cxmap::model::Emotion::new(-2);
    let gone = new.stages.pop().unwrap();
    let mut added = Stage {
        id: StageId::parse("s-added").unwrap(),
        name: "Leave <b>for</b> a rival".into(),
        touchpoints: Vec::new(),
    };
    added.touchpoints.push(gone.touchpoints[0].clone());
    new.stages.push(added.into());
    new
}

/// `40 → 53`, as compare shows a pain index.
fn pain_shown(old: &Stats, new: &Stats) -> String {
    let shown = |s: &Stats| {
        s.pain_index()
            .map_or("–".to_owned(), |p| format!("{:.0}", p.round()))
    };
    format!("{} → {}", shown(old), shown(new))
}

/// The example committed as `map.ron`, `changed` in the working file, and
/// the example again as the file `old.ron`.
fn compare_repo(name: &str) -> (PathBuf, Map, Map) {
    let dir = repo(name);
    let old = example();
    commit_map(&dir, "map.ron", &old, "first", "2026-01-01");
    let new = changed(&old);
    cxmap::storage::save(&dir.join("map.ron"), &new).unwrap();
    fs::write(dir.join("old.ron"), EXAMPLE).unwrap();
    (dir, old, new)
}

#[test]
fn compare_shows_each_stage_and_both_curves_from_files_and_revisions() {
    let (dir, old, new) = compare_repo("compare");
    let today = day("2026-11-29");
    let (o, n) = (stats(&old, today), stats(&new, today));
    let from_git = said(
        &dir,
        &[
            "compare",
            "main:map.ron",
            "map.ron",
            "--today",
            "2026-11-29",
        ],
    );
    let from_files = said(
        &dir,
        &["compare", "old.ron", "map.ron", "--today", "2026-11-29"],
    );
    assert_eq!(
        from_git.replacen("main:map.ron", "old.ron", 2),
        from_files,
        "a revision reads as the same file would"
    );
    let lines: Vec<&str> = from_git.lines().collect();
    let line_of = |name: &str| {
        *lines
            .iter()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no line for {name}:\n{from_git}"))
    };
    // The first stage, renamed, is matched by its id.
    let first = line_of("Look around");
    assert!(first.starts_with(" 1 "), "{first}");
    assert!(
        first.contains(&pain_shown(&o.stages[0], &n.stages[0])),
        "{first}\n{from_git}"
    );
    assert!(from_git.contains("(was 'Discover')"), "{from_git}");
    let gone = line_of("Get help");
    assert!(
        gone.contains(" → –"),
        "the removed stage has nothing after: {gone}"
    );
    assert!(
        from_git.contains("(removed)") && from_git.contains("(added)"),
        "{from_git}"
    );
    let whole = line_of("Whole map");
    assert!(whole.contains(&pain_shown(&o.map, &n.map)), "{whole}");
    let actions = |s: &Stats| {
        format!(
            "{}/{}/{}",
            s.actions.open, s.actions.done, s.actions.overdue
        )
    };
    assert!(
        whole.ends_with(&format!("{} → {}", actions(&o.map), actions(&n.map))),
        "{whole}"
    );
    // Both curves, told apart by shape, with a legend naming the sides.
    assert!(
        from_git.contains('○') && from_git.contains('●'),
        "{from_git}"
    );
    assert!(
        from_git
            .contains("    ○ before: main:map.ron\n    ● after: map.ron\n    ◉ both the same\n"),
        "{from_git}"
    );
    assert!(
        lines.iter().all(|l| cxmap::text::width(l) <= 80),
        "{from_git}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn compare_as_markdown_and_as_a_page_escapes_the_maps_texts() {
    let (dir, _, _) = compare_repo("compare-formats");
    let markdown = said(
        &dir,
        &["compare", "main:map.ron", "map.ron", "--format", "markdown"],
    );
    assert!(
        markdown.contains("`main:map.ron` → `map.ron`"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| 1 | Look around (was 'Discover') | "),
        "{markdown}"
    );
    assert!(
        markdown.contains("Leave \\<b>for\\</b> a rival (added)"),
        "{markdown}"
    );
    assert!(markdown.contains("```text\n+2 ┤"), "{markdown}");

    let html = said(
        &dir,
        &["compare", "main:map.ron", "map.ron", "--format", "html"],
    );
    assert!(
        html.contains("Content-Security-Policy\" content=\"default-src 'none'"),
        "{html}"
    );
    assert!(
        html.contains("<bdi>Leave &lt;b&gt;for&lt;/b&gt; a rival</bdi>"),
        "{html}"
    );
    assert!(!html.contains("<b>"), "map text is escaped");
    assert_eq!(
        html.matches("<path d=\"M").count(),
        2,
        "two curves:\n{html}"
    );
    assert!(
        html.contains("stroke-dasharray"),
        "the older curve is dashed"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn compare_keeps_revisions_and_names_away_from_options_and_shells() {
    let dir = repo("compare-hostile");
    commit_map(&dir, "map.ron", &example(), "first", "2026-01-01");
    let out = dir.with_extension("written-by-git");
    let output = format!("--output={}:map.ron", out.display());
    let err = refused(&dir, &["compare", "--", &output, "map.ron"]);
    assert!(
        err.contains("is not a revision (none starts with '-')"),
        "{err}"
    );
    let err = refused(&dir, &["compare", "$(touch PWNED):map.ron", "map.ron"]);
    assert!(err.contains("'$(touch PWNED)' is not a revision"), "{err}");
    let name = "we ird $(touch PWNED).ron";
    fs::write(dir.join(name), EXAMPLE).unwrap();
    commit(&dir, "odd name", "2026-01-02");
    said(&dir, &["compare", &format!("HEAD:{name}"), name]);
    assert!(!out.exists(), "git wrote {}", out.display());
    assert!(!dir.join("PWNED").exists(), "a name was run");
    fs::remove_dir_all(dir).unwrap();
}

/// A history: the example, a worse score, a broken save, the fix, a
/// rename and a change after it; dated so that what is overdue changes.
fn history_repo(name: &str) -> (PathBuf, Vec<(Map, &'static str)>) {
    let dir = repo(name);
    let first = example();
    commit_map(&dir, "map.ron", &first, "first", "2020-01-01");
    let mut worse = first.clone();
    worse.stages[0].touchpoints[0].emotion = cxmap::model::Emotion::new(-2);
    commit_map(
        &dir,
        "map.ron",
        &worse,
        "=HYPERLINK(\"http://x\") worse",
        "2026-11-01",
    );
    fs::write(dir.join("map.ron"), "(title: \"cut short\"").unwrap();
    commit(&dir, "a broken save", "2026-11-02");
    commit_map(&dir, "map.ron", &worse, "fixed", "2026-11-03");
    git(&dir, &["mv", "map.ron", "renamed.ron"]);
    commit(&dir, "renamed", "2026-11-04");
    let mut later = worse.clone();
    later.title = "Later".into();
    commit_map(&dir, "renamed.ron", &later, "later", "2030-01-01");
    let maps = vec![
        (first, "2020-01-01"),
        (worse.clone(), "2026-11-01"),
        (worse.clone(), "2026-11-03"),
        (worse, "2026-11-04"),
        (later, "2030-01-01"),
    ];
    (dir, maps)
}

#[test]
fn history_has_a_row_per_commit_walks_past_a_broken_one_and_follows_a_rename() {
    let (dir, maps) = history_repo("history");
    let text = said(&dir, &["history", "renamed.ron"]);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("20")).collect();
    assert_eq!(
        rows.len(),
        6,
        "one row per commit, the rename followed:\n{text}"
    );
    assert!(
        rows[0].starts_with("2020-01-01 ") && rows[0].ends_with("first"),
        "{text}"
    );
    assert!(
        rows[2].contains("× does not parse") && rows[2].ends_with("a broken save"),
        "{text}"
    );
    assert!(
        text.contains("\n                   1:20: the file ends"),
        "the reason, at its line and column:\n{text}"
    );
    // Every other row holds the figures of the map at that commit, counted
    // at that commit's date.
    let read: Vec<&&str> = rows
        .iter()
        .filter(|r| !r.contains("does not parse"))
        .collect();
    for (row, (map, date)) in read.iter().zip(&maps) {
        let s = stats(map, day(date)).map;
        let findings = check(map, day(date)).len();
        let figures = format!(
            "{:>4} {:>8} {:>4} {:>4} {:>7} {:>8}",
            format!("{:.0}", s.pain_index().unwrap()),
            format!("{}%", s.research_percent().unwrap()),
            s.actions.open,
            s.actions.done,
            s.actions.overdue,
            findings
        );
        assert!(row.contains(&figures), "{row}\nwanted {figures}");
    }
    let overdue = |date: &str| stats(&maps[0].0, day(date)).map.actions.overdue;
    assert!(
        overdue("2020-01-01") < overdue("2030-01-01"),
        "the dates matter"
    );
    // The sparkline: a bar per commit, the broken one marked.
    let spark = text
        .lines()
        .skip_while(|l| !l.starts_with("Pain index"))
        .nth(1)
        .unwrap();
    let marks: String = spark.split_whitespace().nth(1).unwrap().to_owned();
    assert_eq!(marks.chars().count(), 6, "{spark}");
    assert_eq!(marks.chars().nth(2), Some('×'), "{spark}");
    assert!(marks.chars().all(|c| "▁▂▃▄▅▆▇█×".contains(c)), "{spark}");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn history_as_csv_is_one_record_per_commit_that_no_spreadsheet_runs() {
    let (dir, maps) = history_repo("history-csv");
    let csv = said(&dir, &["history", "renamed.ron", "--format", "csv"]);
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let records: Vec<&str> = csv.lines().collect();
    assert_eq!(
        records[0],
        "date,commit,subject,pain_index,research_share,actions_open,actions_done,\
         actions_overdue,findings,problem"
    );
    assert_eq!(records.len(), 7, "{csv}");
    // A subject that is a formula is kept as text.
    assert!(
        records[2].contains(",\"'=HYPERLINK(\"\"http://x\"\") worse\","),
        "{}",
        records[2]
    );
    assert!(
        records[3].contains(",a broken save,,,,,,,\"does not parse: "),
        "{}",
        records[3]
    );
    let s = stats(&maps[4].0, day(maps[4].1)).map;
    let last: Vec<&str> = records[6].split(',').collect();
    assert_eq!(last[0], "2030-01-01");
    assert_eq!(last[3], format!("{:.1}", s.pain_index().unwrap()));
    assert_eq!(last[7], s.actions.overdue.to_string());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn history_reads_hostile_names_as_names_and_refuses_hostile_revisions() {
    let dir = repo("history-hostile");
    let map = example();
    commit_map(&dir, "a.ron", &map, "a", "2026-01-01");
    // A pathspec's glob and magic are only names here. (Each is a map of
    // its own, not a copy of a.ron, where history would stop.)
    for (i, name) in [
        "*.ron",
        ":(top)a.ron",
        "we ird $(touch PWNED).ron",
        "-n.ron",
    ]
    .into_iter()
    .enumerate()
    {
        let other = Map {
            title: format!("Map {i}"),
            ..Map::default()
        };
        cxmap::storage::save(&dir.join(name), &other).unwrap();
        commit(&dir, name, "2026-01-02");
        let text = said(&dir, &["history", "--", name]);
        let rows = text.lines().filter(|l| l.starts_with("20")).count();
        assert_eq!(rows, 1, "only {name}'s own commit:\n{text}");
    }
    let out = dir.with_extension("written-by-git");
    let err = refused(
        &dir,
        &[
            "history",
            "a.ron",
            &format!("--rev=--output={}", out.display()),
        ],
    );
    assert!(
        err.contains("is not a revision (none starts with '-')"),
        "{err}"
    );
    refused(&dir, &["history", "a.ron", "--rev", "$(touch PWNED)"]);
    assert!(
        !out.exists() && !dir.join("PWNED").exists(),
        "something ran"
    );
    let err = refused(&dir, &["history", "never.ron"]);
    assert!(err.contains("no commit touched this file"), "{err}");
    fs::remove_dir_all(dir).unwrap();
}

/// The cause the second commit gives the helpline calls, which the
/// example has come from the wait for the decision.
const OWN_CAUSE: &str = "Agents cannot see where an application is";

/// The example committed as `map.ron`, then the helpline calls given a
/// cause of their own (`OWN_CAUSE`) in a second commit.
fn causes_repo() -> PathBuf {
    use cxmap::model::{RootCause, TouchpointId};
    let dir = repo("causes");
    let old = example();
    commit_map(&dir, "map.ron", &old, "the example", "2026-01-01");
    let mut new = old.clone();
    let helpline = new
        .touchpoint_mut(&TouchpointId::parse("t-khctb7").unwrap())
        .unwrap();
    assert_eq!(
        helpline.root_cause,
        Some(RootCause::Touchpoint(
            TouchpointId::parse("t-zbf1jv").unwrap()
        )),
        "in the example, the helpline calls come from the wait for the decision"
    );
    helpline.root_cause = Some(RootCause::Text(OWN_CAUSE.into()));
    commit_map(
        &dir,
        "map.ron",
        &new,
        "the helpline's own cause",
        "2026-02-01",
    );
    dir
}

/// `cxmap causes WHAT --format json`, and the names of its roots in order.
fn causes_json(dir: &Path, what: &str) -> (serde_json::Value, Vec<String>) {
    let value: serde_json::Value =
        serde_json::from_str(&said(dir, &["causes", what, "--format", "json"])).unwrap();
    let names = value["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect();
    (value, names)
}

#[test]
fn causes_reads_a_map_as_a_revision_has_it() {
    let dir = causes_repo();
    let before = said(&dir, &["causes", "HEAD~1:map.ron"]);
    let now = said(&dir, &["causes", "map.ron"]);
    // Before: the queue in compliance explains the wait and, through it,
    // the helpline calls, the most pain of any root.
    assert!(
        before.contains("6 root causes explaining 7 touchpoints"),
        "{before}"
    );
    assert!(
        before.contains(
            "\n1. \"Applications queue in compliance with no status visible to customers, \
             branches or the call centre\"  (a cause off the map)\n"
        ),
        "{before}"
    );
    assert!(
        before.contains(
            "   → Wait for the decision (-2, 23 customers) → Call the helpline about the \
             application (-2, 17 customers)\n"
        ),
        "{before}"
    );
    assert!(!before.contains(OWN_CAUSE), "{before}");
    // Now: the helpline calls have a root of their own, and the queue
    // explains the wait alone, ranked under both.
    assert!(
        now.contains("7 root causes explaining 7 touchpoints"),
        "{now}"
    );
    assert!(
        now.contains(&format!(
            "\n2. \"{OWN_CAUSE}\"  (a cause off the map)\n   explains pain"
        )),
        "{now}"
    );
    assert!(
        now.contains("\n3. \"Applications queue in compliance"),
        "{now}"
    );
    assert!(
        now.contains("   → Call the helpline about the application (-2, 17 customers)\n"),
        "{now}"
    );
    assert!(
        now.contains("   → Wait for the decision (-2, 23 customers)\n"),
        "{now}"
    );
    // A revision reads as the same file would: HEAD as the working file,
    // HEAD~1 as the example; in JSON too.
    assert_eq!(said(&dir, &["causes", "HEAD:map.ron"]), now);
    fs::write(dir.join("old.ron"), EXAMPLE).unwrap();
    assert_eq!(said(&dir, &["causes", "old.ron"]), before);
    let (json_before, names_before) = causes_json(&dir, "main~1:map.ron");
    assert_eq!(json_before, causes_json(&dir, "old.ron").0);
    assert_eq!(json_before["roots"][0]["touchpoints_explained"], 2);
    assert!(!names_before.iter().any(|n| n == OWN_CAUSE));
    assert_eq!(causes_json(&dir, "map.ron").1[1], OWN_CAUSE);
    // A revision git does not know is refused, named.
    let err = refused(&dir, &["causes", "nosuch:map.ron"]);
    assert!(err.contains("nosuch:map.ron"), "{err}");
    fs::remove_dir_all(dir).unwrap();
}

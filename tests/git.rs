//! Real git, in a temporary repository: branches that edit one map in
//! different places merge cleanly through `cxmap merge`; a true conflict is
//! reported and loses nothing; diffs read fact by fact.

#[path = "support/pty.rs"]
mod pty;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cxmap");
const EXAMPLE: &str = include_str!("../maps/business-account.ron");

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git runs")
}

fn load_from(path: &Path) -> cxmap::model::Map {
    cxmap::storage::load(path).unwrap().map
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository with the example map committed on `main` and cxmap set up.
fn repo(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-git-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    init(&dir, Path::new(BIN));
    dir
}

/// `git init` in `dir`, the example map, `git-setup` run by the cxmap at
/// `bin`, and a first commit.
fn init(dir: &Path, bin: &Path) {
    init_named(dir, bin, "map.ron");
}

/// As `init`, with the map at `map` (a path in the repository).
fn init_named(dir: &Path, bin: &Path, map: &str) {
    ok(dir, &["init", "-q", "-b", "main"]);
    fs::write(dir.join(map), EXAMPLE).unwrap();
    setup(dir, bin, &[]);
    assert!(
        fs::read_to_string(dir.join(".gitattributes"))
            .unwrap()
            .contains("*.ron merge=cxmap diff=cxmap")
    );
    ok(dir, &["add", "."]);
    ok(dir, &["commit", "-q", "-m", "map"]);
}

fn setup(dir: &Path, bin: &Path, args: &[&str]) -> Output {
    let setup = Command::new(bin)
        .arg("git-setup")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    setup
}

fn commit_change(dir: &Path, branch: &str, from: &str, edits: &[(&str, &str)]) {
    commit_change_in(dir, "map.ron", branch, from, edits);
}

fn commit_change_in(dir: &Path, map: &str, branch: &str, from: &str, edits: &[(&str, &str)]) {
    ok(dir, &["checkout", "-q", "-b", branch, from]);
    let mut text = fs::read_to_string(dir.join(map)).unwrap();
    for (old, new) in edits {
        assert!(text.contains(old), "{old}");
        text = text.replacen(old, new, 1);
    }
    fs::write(dir.join(map), text).unwrap();
    ok(dir, &["commit", "-q", "-am", branch]);
}

fn load(dir: &Path) -> cxmap::model::Map {
    load_file(dir, "map.ron")
}

fn load_file(dir: &Path, map: &str) -> cxmap::model::Map {
    let text = fs::read_to_string(dir.join(map)).unwrap();
    assert!(!text.contains("<<<<<<<"), "no conflict markers:\n{text}");
    cxmap::storage::from_bytes(text.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"))
        .map
}

fn touchpoint<'m>(map: &'m cxmap::model::Map, name: &str) -> &'m cxmap::model::Touchpoint {
    map.touchpoints()
        .map(|(_, t)| t)
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no touchpoint {name}"))
}

/// Two branches off `main`: `rename` renames the helpline touchpoint and
/// scores another; `move` moves the helpline to another stage. Git's text
/// merge cannot combine them (the renamed line is in the moved block); only
/// `cxmap merge` can. Leaves `rename` checked out.
fn rename_here_move_there(dir: &Path, map: &str) {
    // One branch renames a touchpoint and scores another...
    commit_change_in(
        dir,
        map,
        "rename",
        "main",
        &[
            (
                "name: \"Call the helpline about the application\"",
                "name: \"Call the helpline\"",
            ),
            (
                "emotion: 2,\n                    evidence: 19,",
                "emotion: 1,\n                    evidence: 19,",
            ),
        ],
    );
    // ...while the other moves the first one to another stage and adds an action.
    ok(dir, &["checkout", "-q", "main"]);
    let file = map;
    let map = load_file(dir, file);
    let mut moved = map.clone();
    let helpline = touchpoint(&map, "Call the helpline about the application")
        .id
        .clone();
    let help_stage = moved
        .stages
        .iter()
        .find(|s| s.name == "Get help")
        .unwrap()
        .id
        .clone();
    cxmap::model::apply(
        &mut moved,
        cxmap::model::Edit::MoveTouchpoint {
            id: helpline,
            stage: help_stage,
            index: 0,
        },
    )
    .unwrap();
    ok(dir, &["checkout", "-q", "-b", "move", "main"]);
    cxmap::storage::save(&dir.join(file), &moved).unwrap();
    ok(dir, &["commit", "-q", "-am", "move"]);
    ok(dir, &["checkout", "-q", "rename"]);
}

/// `git merge move` into `rename` succeeds and keeps both branches' changes.
fn merge_keeps_rename_and_move(dir: &Path, map: &str) {
    let merged = git(dir, &["merge", "-q", "--no-edit", "move"]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&merged.stderr).contains("comments"),
        "no comments, nothing said of them"
    );
    assert_renamed_and_moved(dir, map);
}

fn assert_renamed_and_moved(dir: &Path, file: &str) {
    let map = load_file(dir, file);
    let stage = map
        .stages
        .iter()
        .find(|s| s.touchpoints.iter().any(|t| t.name == "Call the helpline"))
        .unwrap();
    assert_eq!(
        stage.name, "Get help",
        "renamed on one branch, moved on the other: both"
    );
    assert_eq!(
        touchpoint(&map, "Account ready: IBAN by SMS").emotion,
        cxmap::model::Emotion::new(1)
    );
    assert!(map.conflicts.is_empty());
    assert_eq!(
        cxmap::storage::to_canonical(&map),
        fs::read_to_string(dir.join(file)).unwrap(),
        "canonical"
    );
}

#[test]
fn two_branches_editing_different_places_merge_cleanly() {
    let dir = repo("clean");
    rename_here_move_there(&dir, "map.ron");
    merge_keeps_rename_and_move(&dir, "map.ron");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_true_conflict_is_reported_and_nothing_is_lost() {
    let dir = repo("conflict");
    commit_change(
        &dir,
        "mine",
        "main",
        &[("name: \"Welcome pack by post\"", "name: \"Welcome letter\"")],
    );
    commit_change(
        &dir,
        "yours",
        "main",
        &[("name: \"Welcome pack by post\"", "name: \"Welcome e-mail\"")],
    );
    ok(&dir, &["checkout", "-q", "mine"]);
    let merged = git(&dir, &["merge", "-q", "--no-edit", "yours"]);
    assert!(!merged.status.success(), "git sees the conflict");
    let map = load(&dir);
    assert!(
        map.touchpoints().any(|(_, t)| t.name == "Welcome letter"),
        "ours kept in place"
    );
    assert_eq!(map.conflicts.len(), 1);
    assert_eq!(
        map.conflicts[0].entry().theirs,
        cxmap::model::Value::Text("Welcome e-mail".into()),
        "theirs kept in the conflict"
    );
    let check = Command::new(BIN)
        .args(["check", "map.ron"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("CX000 error: unresolved merge conflict")
    );
    // Opened in the app, the map shows the conflict first; taking theirs and
    // saving settles it, and git can commit the merge.
    let mut s = pty::Session::start(&["map.ron"], 100, 30, &dir, &[]);
    s.wait_for("Changed on both sides: 1", 10);
    s.wait_for("name is 'Welcome letter' on ours, 'Welcome e-mail' on", 5);
    s.send("t");
    s.wait_for("Checks 9", 5);
    s.send("\x13");
    s.wait_for("Saved map.ron", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    let map = load(&dir);
    assert!(map.conflicts.is_empty());
    assert!(map.touchpoints().any(|(_, t)| t.name == "Welcome e-mail"));
    ok(&dir, &["add", "map.ron"]);
    ok(&dir, &["commit", "-q", "--no-edit"]);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_merge_that_drops_comments_says_so() {
    let dir = repo("comments");
    let text = fs::read_to_string(dir.join("map.ron")).unwrap();
    fs::write(
        dir.join("map.ron"),
        format!("// Owner: CX team\n// Review monthly\n{text}"),
    )
    .unwrap();
    ok(&dir, &["commit", "-q", "-am", "comments"]);
    commit_change(
        &dir,
        "mine",
        "main",
        &[("name: \"Welcome pack by post\"", "name: \"Welcome letter\"")],
    );
    commit_change(
        &dir,
        "yours",
        "main",
        &[("name: \"Discover\"", "name: \"Find us\"")],
    );
    ok(&dir, &["checkout", "-q", "mine"]);
    let merged = git(&dir, &["merge", "-q", "--no-edit", "yours"]);
    let said = String::from_utf8_lossy(&merged.stderr);
    assert!(merged.status.success(), "{said}");
    assert!(
        said.contains(
            "cxmap merge: map.ron: 2 lines of comments were dropped \
             (cxmap writes maps in canonical form; comments are not kept)"
        ),
        "{said}"
    );
    let map = load(&dir);
    assert!(map.touchpoints().any(|(_, t)| t.name == "Welcome letter"));
    assert!(map.stages.iter().any(|s| s.name == "Find us"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_that_does_not_parse_falls_back_to_a_text_merge() {
    let dir = repo("fallback");
    commit_change(
        &dir,
        "broken",
        "main",
        &[("wish: Deception,", "wish: Deceptoin,")],
    );
    commit_change(
        &dir,
        "fine",
        "main",
        &[("name: \"Discover\"", "name: \"Find us\"")],
    );
    ok(&dir, &["checkout", "-q", "broken"]);
    let merged = git(&dir, &["merge", "-q", "--no-edit", "fine"]);
    assert!(!merged.status.success(), "the fallback exits non-zero");
    let text = fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(
        text.contains("Deceptoin") && text.contains("Find us"),
        "git's text merge ran:\n{text}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn git_diff_and_log_read_fact_by_fact() {
    let dir = repo("diff");
    fs::write(
        dir.join("map.ron"),
        EXAMPLE.replacen(
            "emotion: -1,\n                    evidence: 14,",
            "emotion: -2,\n                    evidence: 14,",
            1,
        ),
    )
    .unwrap();
    let diff = ok(&dir, &["diff"]);
    assert!(
        diff.contains("-Discover › Compare fees in the price list › emotion: -1"),
        "{diff}"
    );
    assert!(
        diff.contains("+Discover › Compare fees in the price list › emotion: -2"),
        "{diff}"
    );
    ok(&dir, &["commit", "-q", "-am", "worse"]);
    let log = ok(&dir, &["log", "-p", "-1"]);
    assert!(
        log.contains("+Discover › Compare fees in the price list › emotion: -2"),
        "{log}"
    );
    let change = Command::new(BIN)
        .args(["diff"])
        .arg(dir.join("map.ron"))
        .arg(dir.join("map.ron"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&change.stdout).contains("no changes"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn cxmap_diff_works_as_git_external_diff() {
    let dir = repo("extdiff");
    setup(&dir, Path::new(BIN), &["--external-diff"]);
    let mut map = load(&dir);
    let id = touchpoint(&map, "Pay the first supplier").id.clone();
    let stage = map.stages[0].id.clone();
    cxmap::model::apply(
        &mut map,
        cxmap::model::Edit::MoveTouchpoint {
            id,
            stage,
            index: 0,
        },
    )
    .unwrap();
    cxmap::storage::save(&dir.join("map.ron"), &map).unwrap();
    let diff = ok(&dir, &["diff"]);
    assert!(diff.contains("cxmap diff map.ron"), "{diff}");
    assert!(
        diff.contains("touchpoint 'Pay the first supplier' moved from Get started to Discover"),
        "{diff}"
    );
    // A renamed map: git gives nine arguments.
    ok(&dir, &["commit", "-qam", "move"]);
    ok(&dir, &["mv", "map.ron", "journey.ron"]);
    let mut map = load_from(&dir.join("journey.ron"));
    map.title = "Renamed journey".into();
    cxmap::storage::save(&dir.join("journey.ron"), &map).unwrap();
    ok(&dir, &["add", "journey.ron"]);
    let renamed = ok(&dir, &["diff", "--cached", "-M"]);
    assert!(
        renamed.contains("title 'Opening a business account at Northbank' -> 'Renamed journey'"),
        "{renamed}"
    );
    fs::remove_dir_all(dir).unwrap();
}

/// cxmap copied into a folder named `folder`, which is not on PATH, and set
/// up from there: git runs it through `sh -c`, so the folder's name must reach
/// the shell as one quoted word. A real merge that only `cxmap merge` can do,
/// then `git diff` through textconv and through the external diff; nothing the
/// name spells may run.
fn set_up_from_a_folder_named(case: &str, folder: &str) {
    let root = std::env::temp_dir().join(format!("cxmap-git-folder-{case}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let bin = root.join(folder).join("cxmap");
    fs::create_dir_all(bin.parent().unwrap()).unwrap();
    fs::copy(BIN, &bin).unwrap();
    let dir = root.join("repo");
    fs::create_dir_all(&dir).unwrap();
    init(&dir, &bin);

    rename_here_move_there(&dir, "map.ron");
    merge_keeps_rename_and_move(&dir, "map.ron");

    let worse = fs::read_to_string(dir.join("map.ron")).unwrap().replacen(
        "emotion: -1,\n                    evidence: 14,",
        "emotion: -2,\n                    evidence: 14,",
        1,
    );
    fs::write(dir.join("map.ron"), worse).unwrap();
    let diff = ok(&dir, &["diff"]);
    assert!(
        diff.contains("+Discover › Compare fees in the price list › emotion: -2"),
        "textconv ran:\n{diff}"
    );
    setup(&dir, &bin, &["--external-diff"]);
    let diff = ok(&dir, &["diff"]);
    assert!(
        diff.contains("cxmap diff map.ron") && diff.contains("emotion -1 -> -2"),
        "the external diff ran:\n{diff}"
    );

    let ran = files_named(&root, "PWNED");
    assert!(ran.is_empty(), "the folder's name was run: {ran:?}");
    fs::remove_dir_all(root).unwrap();
}

fn files_named(dir: &Path, name: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == name) {
            found.push(path.clone());
        }
        if path.is_dir() {
            found.extend(files_named(&path, name));
        }
    }
    found
}

#[test]
fn set_up_from_a_folder_with_spaces_and_command_substitution() {
    set_up_from_a_folder_named("subst", "we ird $(touch PWNED)");
}

#[test]
fn set_up_from_a_folder_with_quotes() {
    set_up_from_a_folder_named("quotes", "it's \"quoted\" $HOME\\n");
}

#[test]
fn set_up_from_a_folder_with_backticks() {
    set_up_from_a_folder_named("backticks", "back`touch PWNED`tick");
}

#[test]
fn set_up_from_a_folder_with_percent_signs() {
    // git expands %O, %A, %B, %P and %% in the merge driver's line.
    set_up_from_a_folder_named("percent", "100%A %% off; touch PWNED");
}

#[test]
fn set_up_from_a_folder_with_a_newline() {
    set_up_from_a_folder_named("newline", "two\nlines; touch PWNED");
}

#[test]
fn set_up_from_a_folder_whose_name_is_not_utf8_is_refused() {
    use std::os::unix::ffi::OsStrExt;
    let root = std::env::temp_dir().join(format!("cxmap-git-latin1-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let bin = root
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9"))
        .join("cxmap");
    fs::create_dir_all(bin.parent().unwrap()).unwrap();
    fs::copy(BIN, &bin).unwrap();
    let dir = root.join("repo");
    fs::create_dir_all(&dir).unwrap();
    ok(&dir, &["init", "-q", "-b", "main"]);
    let setup = Command::new(&bin)
        .arg("git-setup")
        .current_dir(&dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert_eq!(setup.status.code(), Some(2));
    let error = String::from_utf8_lossy(&setup.stderr);
    assert!(error.contains("path is not UTF-8"), "{error}");
    assert!(!dir.join(".gitattributes").exists(), "nothing half set up");
    assert!(
        !git(&dir, &["config", "merge.cxmap.driver"])
            .status
            .success()
    );
    fs::remove_dir_all(root).unwrap();
}

/// cxmap set up from `old place/cxmap`, which `break_it` then makes
/// impossible to run; the shell says `says` about it. git's own text merge
/// takes over: the map holds both sides between conflict markers, git reports
/// the conflict, and nothing loads or commits it until it is settled. Setting
/// up again and `git checkout -m` redo the merge with cxmap.
fn a_driver_that_cannot_run(case: &str, break_it: fn(&Path), says: &[&str]) {
    let root = std::env::temp_dir().join(format!("cxmap-git-{case}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let bin = root.join("old place").join("cxmap");
    fs::create_dir_all(bin.parent().unwrap()).unwrap();
    fs::copy(BIN, &bin).unwrap();
    let dir = root.join("repo");
    fs::create_dir_all(&dir).unwrap();
    init(&dir, &bin);
    rename_here_move_there(&dir, "map.ron");
    break_it(&bin);

    let merged = git(&dir, &["merge", "--no-edit", "move"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&merged.stdout),
        String::from_utf8_lossy(&merged.stderr)
    );
    assert!(!merged.status.success(), "{said}");
    assert!(
        says.iter()
            .any(|says| said.contains(&format!("{}: {says}", bin.display()))),
        "the shell says what could not run:\n{said}"
    );
    assert!(
        said.contains(
            "cxmap could not run: git merge-file merged map.ron as text; run cxmap git-setup \
             again, then git checkout -m -- 'map.ron' to merge it with cxmap"
        ),
        "{said}"
    );
    assert!(
        said.contains("CONFLICT (content): Merge conflict in map.ron"),
        "{said}"
    );
    assert_eq!(
        ok(&dir, &["status", "--porcelain"]),
        "UU map.ron\n",
        "the map is left unmerged"
    );
    let text = fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(
        text.contains("<<<<<<< ours") && text.contains(">>>>>>> theirs"),
        "conflict markers:\n{text}"
    );
    assert!(
        text.contains("name: \"Call the helpline\",")
            && text.contains("name: \"Call the helpline about the application\","),
        "both sides, not one taken:\n{text}"
    );
    let check = Command::new(BIN)
        .args(["check", "map.ron"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(2));
    let error = String::from_utf8_lossy(&check.stderr);
    assert!(
        error.contains("the file is in the middle of a git merge"),
        "{error}"
    );
    assert!(
        !git(&dir, &["commit", "--no-edit"]).status.success(),
        "git will not commit the merge until the map is settled"
    );
    // Set up again from where cxmap is now, and redo the map's merge.
    setup(&dir, Path::new(BIN), &[]);
    ok(&dir, &["checkout", "-m", "map.ron"]);
    assert_renamed_and_moved(&dir, "map.ron");
    ok(&dir, &["add", "map.ron"]);
    ok(&dir, &["commit", "-q", "--no-edit"]);
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_driver_that_cannot_run_is_seen_and_the_merge_stays_unfinished() {
    // cxmap moved away from where it was set up: the shell exits 127.
    a_driver_that_cannot_run(
        "moved",
        |bin| fs::remove_file(bin).unwrap(),
        &["not found", "No such file"],
    );
}

#[test]
fn a_driver_that_is_not_executable_falls_back_to_a_text_merge() {
    // No execute bit (for root too): the shell exits 126.
    use std::os::unix::fs::PermissionsExt;
    a_driver_that_cannot_run(
        "noexec",
        |bin| fs::set_permissions(bin, fs::Permissions::from_mode(0o644)).unwrap(),
        &["Permission denied", "permission denied"],
    );
}

/// A map whose path starts with `-`: git hands it to `cxmap merge` (as %P),
/// to textconv and to the external diff, and each must take it as a file,
/// not an option. A merge that only `cxmap merge` can do, then `git diff`
/// through textconv and through the external diff.
fn merge_and_diff_a_map_named(case: &str, name: &str) {
    let dir = std::env::temp_dir().join(format!("cxmap-git-dash-{case}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    init_named(&dir, Path::new(BIN), name);

    rename_here_move_there(&dir, name);
    merge_keeps_rename_and_move(&dir, name);

    let worse = fs::read_to_string(dir.join(name)).unwrap().replacen(
        "emotion: -1,\n                    evidence: 14,",
        "emotion: -2,\n                    evidence: 14,",
        1,
    );
    fs::write(dir.join(name), worse).unwrap();
    let diff = git(&dir, &["diff"]);
    let said = String::from_utf8_lossy(&diff.stdout);
    assert!(
        diff.status.success()
            && said.contains("+Discover › Compare fees in the price list › emotion: -2"),
        "textconv read {name}:\n{said}{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    setup(&dir, Path::new(BIN), &["--external-diff"]);
    let diff = git(&dir, &["diff"]);
    let said = String::from_utf8_lossy(&diff.stdout);
    assert!(
        diff.status.success()
            && said.contains(&format!("cxmap diff {name}"))
            && said.contains("emotion -1 -> -2"),
        "the external diff read {name}:\n{said}{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_map_named_like_a_short_option_merges_and_diffs() {
    merge_and_diff_a_map_named("short", "-rf.ron");
}

#[test]
fn a_map_named_like_a_long_option_merges_and_diffs() {
    merge_and_diff_a_map_named("long", "--help.ron");
}

/// `cxmap git-setup` in `dir`, which must refuse: exit 2 and nothing set in
/// git's config. What it said.
fn setup_refused(dir: &Path) -> String {
    let out = Command::new(BIN)
        .arg("git-setup")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        !git(dir, &["config", "merge.cxmap.driver"]).status.success(),
        "nothing half set up"
    );
    said
}

#[test]
fn a_gitattributes_that_is_a_symbolic_link_is_refused() {
    // git reads no .gitattributes that is a link; a cloned repository may
    // hold one pointing anywhere, and git-setup must not write through it.
    let root = std::env::temp_dir().join(format!("cxmap-git-attrlink-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    let dir = root.join("repo");
    fs::create_dir_all(&dir).unwrap();
    ok(&dir, &["init", "-q", "-b", "main"]);
    let victim = root.join("victim");
    fs::write(&victim, "someone else's file\n").unwrap();
    let attributes = dir.join(".gitattributes");
    std::os::unix::fs::symlink(&victim, &attributes).unwrap();
    let said = setup_refused(&dir);
    assert!(
        said.contains(&format!(
            "cxmap git-setup: {} is a symbolic link (git does not read one)",
            attributes.display()
        )),
        "{said}"
    );
    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "someone else's file\n"
    );
    assert!(fs::symlink_metadata(&attributes).unwrap().is_symlink());

    // A link to nothing yet: no file is made where it points.
    fs::remove_file(&attributes).unwrap();
    let nowhere = root.join("nowhere");
    std::os::unix::fs::symlink(&nowhere, &attributes).unwrap();
    let said = setup_refused(&dir);
    assert!(said.contains("is a symbolic link"), "{said}");
    assert!(!nowhere.exists());

    // Nor is a folder of that name taken for the file.
    fs::remove_file(&attributes).unwrap();
    fs::create_dir(&attributes).unwrap();
    let said = setup_refused(&dir);
    assert!(said.contains("is not a regular file"), "{said}");
    fs::remove_dir_all(root).unwrap();
}

#[test]
fn a_gitattributes_that_is_not_utf8_keeps_its_lines() {
    // A Latin-1 comment: git reads the file as bytes; so must git-setup,
    // which once took it for empty and replaced it with its own line.
    let dir = std::env::temp_dir().join(format!("cxmap-git-latin1attr-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    ok(&dir, &["init", "-q", "-b", "main"]);
    let before = b"# caf\xe9 menus\n*.png binary".to_vec();
    fs::write(dir.join(".gitattributes"), &before).unwrap();
    setup(&dir, Path::new(BIN), &[]);
    let mut after = before.clone();
    after.extend_from_slice(b"\n*.ron merge=cxmap diff=cxmap\n");
    assert_eq!(
        String::from_utf8_lossy(&fs::read(dir.join(".gitattributes")).unwrap()),
        String::from_utf8_lossy(&after)
    );
    assert_eq!(fs::read(dir.join(".gitattributes")).unwrap(), after);
    // Run again: nothing to add.
    setup(&dir, Path::new(BIN), &[]);
    assert_eq!(fs::read(dir.join(".gitattributes")).unwrap(), after);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn settings_that_hold_several_values_are_replaced() {
    let dir = std::env::temp_dir().join(format!("cxmap-git-multi-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    ok(&dir, &["init", "-q", "-b", "main"]);
    for key in [
        "merge.cxmap.name",
        "merge.cxmap.driver",
        "diff.cxmap.textconv",
        "diff.cxmap.command",
    ] {
        ok(&dir, &["config", "--local", "--add", key, "old one"]);
        ok(&dir, &["config", "--local", "--add", key, "old two"]);
    }
    setup(&dir, Path::new(BIN), &[]);
    let drivers = ok(&dir, &["config", "--get-all", "merge.cxmap.driver"]);
    assert_eq!(drivers.lines().count(), 1, "{drivers}");
    assert!(drivers.contains(" merge -- %O %A %B %P"), "{drivers}");
    assert_eq!(
        ok(&dir, &["config", "--get-all", "merge.cxmap.name"]),
        "cxmap journey-map merge\n"
    );
    let textconv = ok(&dir, &["config", "--get-all", "diff.cxmap.textconv"]);
    assert!(
        textconv.lines().count() == 1 && textconv.ends_with(" textconv --\n"),
        "{textconv}"
    );
    setup(&dir, Path::new(BIN), &["--external-diff"]);
    let command = ok(&dir, &["config", "--get-all", "diff.cxmap.command"]);
    assert!(
        command.lines().count() == 1 && command.ends_with(" diff --\n"),
        "{command}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn set_up_again_without_external_diff_git_diff_reads_fact_by_fact_again() {
    let dir = repo("backtotextconv");
    setup(&dir, Path::new(BIN), &["--external-diff"]);
    let said = setup(&dir, Path::new(BIN), &[]);
    assert!(
        String::from_utf8_lossy(&said.stdout)
            .contains("Removed from .git/config: diff.cxmap.command"),
        "{}",
        String::from_utf8_lossy(&said.stdout)
    );
    fs::write(
        dir.join("map.ron"),
        EXAMPLE.replacen(
            "emotion: -1,\n                    evidence: 14,",
            "emotion: -2,\n                    evidence: 14,",
            1,
        ),
    )
    .unwrap();
    let diff = ok(&dir, &["diff"]);
    assert!(
        diff.contains("+Discover › Compare fees in the price list › emotion: -2"),
        "the change list set up before no longer stands in for textconv:\n{diff}"
    );
    assert!(
        !git(&dir, &["config", "diff.cxmap.command"])
            .status
            .success()
    );
    fs::remove_dir_all(dir).unwrap();
}

/// The real binary run in `dir`, with no user or system git config.
fn cxmap_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap()
}

/// What `cxmap` said on stdout; it must have succeeded.
fn said(dir: &Path, args: &[&str]) -> String {
    let out = cxmap_in(dir, args);
    assert!(
        out.status.success(),
        "cxmap {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What `cxmap` said on stderr; it must have failed with exit 2.
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

const PRICE_LIST_WORSE: (&str, &str) = (
    "emotion: -1,\n                    evidence: 14,",
    "emotion: -2,\n                    evidence: 14,",
);

#[test]
fn diff_reads_either_side_from_a_git_revision() {
    let dir = repo("revisions");
    commit_change(&dir, "worse", "main", &[PRICE_LIST_WORSE]);
    let change = "touchpoint 'Compare fees in the price list': emotion -1 -> -2\n";
    for args in [
        &["diff", "main:map.ron", "map.ron"][..],
        &["diff", "main:map.ron", "worse:map.ron"],
        &["diff", "--rev", "main", "map.ron"],
        &["diff", "--rev", "main..worse", "map.ron"],
        &["diff", "--rev", "main...worse", "map.ron"],
        &["diff", "--rev", "main..", "map.ron"],
    ] {
        assert_eq!(said(&dir, args), change, "{args:?}");
    }
    assert_eq!(
        said(&dir, &["diff", "--rev", "worse..main", "map.ron"]),
        "touchpoint 'Compare fees in the price list': emotion -2 -> -1\n"
    );
    // `:PATH` is what is staged; the working file may differ.
    let mut map = load(&dir);
    map.title = "Retitled".into();
    cxmap::storage::save(&dir.join("map.ron"), &map).unwrap();
    assert_eq!(
        said(&dir, &["diff", ":map.ron", "map.ron"]),
        "title 'Opening a business account at Northbank' -> 'Retitled'\n"
    );
    // From a folder below, FILE is a path from there, as for any command.
    fs::create_dir(dir.join("sub")).unwrap();
    assert_eq!(
        said(
            &dir.join("sub"),
            &["diff", "--rev", "main..worse", "../map.ron"]
        ),
        change
    );
    let absolute = dir.join("map.ron");
    assert_eq!(
        said(
            &dir.join("sub"),
            &["diff", "--rev", "main..worse", absolute.to_str().unwrap()]
        ),
        change
    );
    let markdown = said(
        &dir,
        &[
            "diff",
            "--format",
            "markdown",
            "--rev",
            "main..worse",
            "map.ron",
        ],
    );
    assert!(
        markdown.contains("`main:map.ron` → `worse:map.ron`: 1 change."),
        "{markdown}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn diff_from_git_says_which_argument_is_wrong() {
    let dir = repo("revision-errors");
    let err = refused(&dir, &["diff", "main:nope.ron", "map.ron"]);
    assert!(
        err.contains("main:nope.ron: 'nope.ron' is not in 'main'\n"),
        "at the root, no hint: {err}"
    );
    let err = refused(&dir, &["diff", "nope:map.ron", "map.ron"]);
    assert!(
        err.contains("nope:map.ron: 'nope' is not a revision in this repository"),
        "{err}"
    );
    let err = refused(&dir, &["diff", "--rev", "main..nope", "map.ron"]);
    assert!(
        err.contains("nope:map.ron: 'nope' is not a revision"),
        "{err}"
    );
    let err = refused(&dir, &["diff", "--rev", "nope...main", "map.ron"]);
    assert!(
        err.contains("--rev nope...main: 'nope' is not a revision"),
        "{err}"
    );
    let err = refused(&dir, &["diff", ":staged.ron", "map.ron"]);
    assert!(
        err.contains(":staged.ron: 'staged.ron' is not in git's index"),
        "{err}"
    );
    fs::create_dir(dir.join("folder")).unwrap();
    fs::write(dir.join("folder/x.ron"), EXAMPLE).unwrap();
    ok(&dir, &["add", "folder"]);
    ok(&dir, &["commit", "-qm", "folder"]);
    let err = refused(&dir, &["diff", "HEAD:folder", "map.ron"]);
    assert!(
        err.contains("HEAD:folder: 'folder' is a folder in 'HEAD', not a map"),
        "{err}"
    );
    let err = refused(&dir, &["diff", "--rev", "main", "/etc/hostname"]);
    assert!(
        err.contains("main:/etc/hostname: this file is outside the repository"),
        "{err}"
    );

    // A map from git is read like a file: its errors at REV:PATH:line:col.
    fs::write(dir.join("bad.ron"), "(\n  title: \"x\",\n  bogus: 1,\n)\n").unwrap();
    ok(&dir, &["add", "bad.ron"]);
    ok(&dir, &["commit", "-qm", "bad"]);
    let err = refused(&dir, &["diff", "HEAD:bad.ron", "map.ron"]);
    assert!(
        err.contains("HEAD:bad.ron:3:3: unknown field `bogus`"),
        "{err}"
    );

    // Outside any repository, a name with a colon that is not a file.
    let away = std::env::temp_dir().join(format!("cxmap-git-norepo-{}", std::process::id()));
    fs::create_dir_all(&away).unwrap();
    fs::write(away.join("map.ron"), EXAMPLE).unwrap();
    let out = Command::new(BIN)
        .args(["diff", "main:map.ron", "map.ron"])
        .current_dir(&away)
        .env("GIT_CEILING_DIRECTORIES", away.parent().unwrap())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("main:map.ron: no such file, and this is not a git repository"),
        "{err}"
    );
    fs::remove_dir_all(away).unwrap();
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn diff_from_a_folder_below_the_root_says_where_paths_after_rev_count_from() {
    let dir = repo("revision-from-below");
    fs::create_dir(dir.join("folder")).unwrap();
    fs::write(dir.join("folder/x.ron"), EXAMPLE).unwrap();
    ok(&dir, &["add", "folder"]);
    ok(&dir, &["commit", "-qm", "folder"]);
    // From a folder below the root, where PATH counts from: the ways to
    // name the map, each to paste as it is.
    let folder = dir.join("folder");
    let err = refused(&folder, &["diff", "HEAD:x.ron", "x.ron"]);
    assert!(
        err.contains(
            "HEAD:x.ron: 'x.ron' is not in 'HEAD'; a path after 'HEAD:' counts from the \
             repository's root, as in git: did you mean HEAD:folder/x.ron or HEAD:./x.ron?"
        ),
        "{err}"
    );
    for meant in ["HEAD:folder/x.ron", "HEAD:./x.ron"] {
        assert_eq!(
            said(&folder, &["diff", meant, "x.ron"]),
            "no changes to the map\n"
        );
    }
    let err = refused(&folder, &["diff", "HEAD:nope.ron", "x.ron"]);
    assert!(
        err.contains(
            "'nope.ron' is not in 'HEAD'; a path after 'HEAD:' counts from the repository's \
             root, as in git (this folder is 'folder/' in it)"
        ),
        "{err}"
    );
    let err = refused(&folder, &["diff", ":x.ron", "x.ron"]);
    assert!(
        err.contains("did you mean :folder/x.ron or :./x.ron?"),
        "{err}"
    );
    let err = refused(&folder, &["diff", "HEAD:./nope.ron", "x.ron"]);
    assert!(!err.contains("counts from"), "meant from here: {err}");
    // A name the shell would split is quoted.
    fs::create_dir(dir.join("our maps")).unwrap();
    fs::write(dir.join("our maps/it's.ron"), EXAMPLE).unwrap();
    ok(&dir, &["add", "our maps"]);
    ok(&dir, &["commit", "-qm", "our maps"]);
    let err = refused(
        &dir.join("our maps"),
        &["diff", "HEAD:it's.ron", "it's.ron"],
    );
    assert!(
        err.contains(r"did you mean 'HEAD:our maps/it'\''s.ron' or 'HEAD:./it'\''s.ron'?"),
        "{err}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_map_in_git_bigger_than_any_map_is_refused_unread() {
    use std::io::Write;
    let dir = repo("revision-big");
    // 300 MiB of zeros, straight into git's store (it keeps them small).
    let mut hash = Command::new("git")
        .args(["hash-object", "-w", "--stdin"])
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = hash.stdin.take().unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        input.write_all(&zeros).unwrap();
    }
    drop(input);
    let out = hash.wait_with_output().unwrap();
    let id = String::from_utf8(out.stdout).unwrap();
    let cacheinfo = format!("100644,{},big.ron", id.trim());
    ok(&dir, &["update-index", "--add", "--cacheinfo", &cacheinfo]);
    let err = refused(&dir, &["diff", ":big.ron", "map.ron"]);
    assert!(
        err.contains(":big.ron: cannot read: it is over 256 MiB, far bigger than any map"),
        "{err}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn hostile_arguments_never_reach_git_as_options_or_a_shell() {
    let dir = repo("revision-hostile");
    let out = dir.with_extension("written-by-git");
    let _ = fs::remove_file(&out);
    let output = format!("--output={}:map.ron", out.display());
    let err = refused(&dir, &["diff", "--", &output, "map.ron"]);
    assert!(
        err.contains(&format!(
            "{output}: '--output={}' is not a revision (none starts with '-')",
            out.display()
        )),
        "{err}"
    );
    let rev = format!("--rev=--output={}", out.display());
    refused(&dir, &["diff", &rev, "map.ron"]);
    let err = refused(&dir, &["diff", "--", "-x:map.ron", "map.ron"]);
    assert!(err.contains("-x:map.ron: '-x' is not a revision"), "{err}");
    let err = refused(&dir, &["diff", "--rev=-x..main", "map.ron"]);
    assert!(err.contains("-x:map.ron: '-x' is not a revision"), "{err}");
    assert!(!out.exists(), "git wrote {}", out.display());

    // A map whose name has spaces and a command substitution, and a
    // revision that is one: read as names, nothing run.
    let name = "we ird $(touch PWNED).ron";
    fs::write(dir.join(name), EXAMPLE).unwrap();
    ok(&dir, &["add", "--", name]);
    ok(&dir, &["commit", "-qm", "odd name"]);
    let worse = EXAMPLE.replacen(PRICE_LIST_WORSE.0, PRICE_LIST_WORSE.1, 1);
    fs::write(dir.join(name), worse).unwrap();
    let change = "touchpoint 'Compare fees in the price list': emotion -1 -> -2\n";
    assert_eq!(said(&dir, &["diff", &format!("HEAD:{name}"), name]), change);
    assert_eq!(said(&dir, &["diff", "--rev", "HEAD", name]), change);
    let err = refused(&dir, &["diff", "--rev", "$(touch PWNED)", name]);
    assert!(err.contains("'$(touch PWNED)' is not a revision"), "{err}");
    let ran = files_named(&dir, "PWNED");
    assert!(ran.is_empty(), "a name was run: {ran:?}");
    fs::remove_dir_all(dir).unwrap();
}

/// The pre-commit hook exactly as README.md gives it, between its markers.
fn hook_from_readme() -> String {
    let readme = include_str!("../README.md");
    let start = readme
        .split_once("<!-- pre-commit hook: start -->\n```sh\n")
        .expect("the hook's start marker")
        .1;
    let (hook, _) = start
        .split_once("```\n<!-- pre-commit hook: end -->")
        .expect("the hook's end marker");
    hook.to_owned()
}

/// `git commit` in `dir` with the hook installed and cxmap on PATH: whether
/// it went through, and what the hook said.
fn commit_with_hook(dir: &Path, message: &str) -> (bool, String) {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_owned())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let out = Command::new("git")
        .args(["commit", "-q", "-m", message])
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// A repository with README.md's pre-commit hook installed.
fn repo_with_hook(name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(name);
    let hook = dir.join(".git/hooks/pre-commit");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::write(&hook, hook_from_readme()).unwrap();
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn the_readme_pre_commit_hook_passes_good_maps_and_prints_warnings() {
    let dir = repo_with_hook("hook-passes");
    // A good map, in a folder and under a name with spaces: committed.
    let good = "our maps/a good map.ron";
    fs::create_dir(dir.join("our maps")).unwrap();
    let new = cxmap_in(&dir, &["new", good]);
    assert!(new.status.success());
    ok(&dir, &["add", "--", good]);
    // With others staged beside it, one with a line break in its name.
    for other in ["second.ron", "line\nbreak.ron"] {
        assert!(cxmap_in(&dir, &["new", other]).status.success());
        ok(&dir, &["add", "--", other]);
    }
    let (committed, said) = commit_with_hook(&dir, "good");
    assert!(committed, "{said}");
    assert!(ok(&dir, &["ls-files", "-z"]).contains("line\nbreak.ron\0"));

    // A new map from a template, and the example: warnings, printed at the
    // staged map's own name, but committed.
    let fresh = "our maps/retail.ron";
    let new = cxmap_in(&dir, &["new", fresh, "--template", "retail-purchase"]);
    assert!(new.status.success());
    let example = "-the example $(touch PWNED).ron";
    fs::write(dir.join(example), EXAMPLE).unwrap();
    ok(&dir, &["add", "--", fresh, example]);
    let (committed, said) = commit_with_hook(&dir, "warnings");
    assert!(committed, "warnings do not block:\n{said}");
    assert!(
        said.contains(&format!("{example}:73: CX001 warning")),
        "{said}"
    );
    assert!(said.contains(&format!("{fresh}:")), "{said}");
    assert!(!said.contains("pre-commit:"), "{said}");

    assert!(files_named(&dir, "PWNED").is_empty());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_readme_pre_commit_hook_blocks_bad_maps_and_says_what_failed() {
    let dir = repo_with_hook("hook-blocks");
    let head = |dir: &Path| ok(dir, &["rev-parse", "HEAD"]);
    let good = "a good map.ron";
    assert!(cxmap_in(&dir, &["new", good]).status.success());
    ok(&dir, &["add", "--", good]);
    let (committed, said) = commit_with_hook(&dir, "good");
    assert!(committed, "{said}");

    // A merge conflict left in a map: blocked, and said why.
    let before = head(&dir);
    let bad = "-a bad $(touch PWNED) map.ron";
    let conflicted = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/merge/same-field-both-changed/expected.ron");
    fs::copy(conflicted, dir.join(bad)).unwrap();
    ok(&dir, &["add", "--", bad]);
    let (committed, said) = commit_with_hook(&dir, "conflict");
    assert!(!committed, "{said}");
    assert!(
        said.contains(&format!("{bad}:62: CX000 error")),
        "the conflict at the staged map's own name:\n{said}"
    );
    assert!(
        said.contains("pre-commit: cxmap check found errors above"),
        "{said}"
    );
    assert!(!said.contains("not in canonical form"), "{said}");
    assert!(
        said.contains("git commit --no-verify commits anyway"),
        "{said}"
    );
    assert_eq!(head(&dir), before);

    // Fixed in the working tree but not staged: still blocked, since what
    // would be committed is the staged map.
    let fresh = cxmap_in(&dir, &["new", "fresh.ron"]);
    assert!(fresh.status.success());
    fs::copy(dir.join("fresh.ron"), dir.join(bad)).unwrap();
    let (committed, said) = commit_with_hook(&dir, "still a conflict");
    assert!(!committed, "the staged version is checked:\n{said}");
    ok(&dir, &["add", "--", bad]);
    let (committed, said) = commit_with_hook(&dir, "fixed");
    assert!(committed, "{said}");

    // Not in canonical form: blocked, with what to run.
    let good_text = fs::read_to_string(dir.join(good)).unwrap();
    fs::write(dir.join(good), good_text.replace("    ", "  ")).unwrap();
    ok(&dir, &["add", "--", good]);
    let (committed, said) = commit_with_hook(&dir, "reindented");
    assert!(!committed, "{said}");
    assert!(said.contains(good), "{said}");
    assert!(
        said.contains("pre-commit: the staged maps above are not in canonical form"),
        "{said}"
    );
    assert!(
        !said.contains("found errors"),
        "only the form failed:\n{said}"
    );
    // Not a map at all: blocked as an error.
    fs::write(dir.join(good), "(\n  title: \"x\",\n  bogus: 1,\n)\n").unwrap();
    ok(&dir, &["add", "--", good]);
    let (committed, said) = commit_with_hook(&dir, "broken");
    assert!(!committed, "{said}");
    assert!(
        said.contains(&format!("{good}:3:3: unknown field")),
        "{said}"
    );
    assert!(
        said.contains("pre-commit: cxmap check found errors above"),
        "{said}"
    );

    // Nothing of the hook's is left behind, and nothing a name spelled ran.
    assert!(files_named(&dir, "PWNED").is_empty());
    fs::remove_dir_all(dir).unwrap();
}

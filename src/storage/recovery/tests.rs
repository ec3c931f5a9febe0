use super::*;

/// A fresh folder of this test's own.
fn folder(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("cxmap-recovery-unit-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A recovery folder (not made yet) in a fresh folder of its own, as
/// cxmap's is in its state folder.
fn scratch(name: &str) -> PathBuf {
    folder(name).join("recovery")
}

/// This user, under another uid.
fn as_user(uid: u32) -> private::User {
    private::User {
        uid,
        ..private::user()
    }
}

/// Removes what [`scratch`] gave, and the folder around it.
fn clean_up(recovery: &Path) {
    fs::remove_dir_all(recovery.parent().unwrap()).unwrap();
}

#[test]
fn a_copy_round_trips_and_names_its_file() {
    let dir = scratch("round");
    let recovery = Recovery::new(dir.clone());
    let map = Map::new("Kept safe");
    let original = Path::new("/tmp/some/where/map.ron");
    let slot = recovery.claim(Some(original));
    slot.write(&map, &Map::new("base")).unwrap();
    assert!(slot.path().starts_with(&dir));
    assert!(
        slot.path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("map-")
    );
    let back = slot.existing().unwrap();
    assert_eq!(back.map, map);
    assert_eq!(
        back.base,
        Some(Map::new("base")),
        "what the edits began from"
    );
    assert_eq!(back.entry.original.as_deref(), Some(original));
    assert!(back.entry.newer_than_file(), "the map file does not exist");
    assert!(back.entry.in_use(), "this slot holds it");
    assert_eq!(
        recovery.list().len(),
        1,
        "the lock and the base are not copies"
    );
    slot.remove_copy();
    assert!(slot.existing().is_none());
    drop(slot);
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0, "nothing left");
    clean_up(&dir);
}

#[test]
fn the_base_is_written_when_it_changes_and_used_only_if_it_matches() {
    let dir = scratch("base");
    let recovery = Recovery::new(dir.clone());
    let slot = recovery.claim(Some(Path::new("/tmp/workshop/map.ron")));
    let base = base_path(slot.path());
    slot.write(&Map::new("edited"), &Map::new("file")).unwrap();
    fs::remove_file(&base).unwrap();
    slot.write(&Map::new("edited more"), &Map::new("file"))
        .unwrap();
    assert!(!base.exists(), "the same base is not written again");
    assert_eq!(slot.existing().unwrap().base, None, "missing: not known");
    slot.write(&Map::new("edited"), &Map::new("saved")).unwrap();
    assert_eq!(slot.existing().unwrap().base, Some(Map::new("saved")));
    // A copy written, then the process killed before its base was.
    let text = fs::read_to_string(&base).unwrap();
    fs::write(&base, text.replace("saved", "other")).unwrap();
    assert_eq!(slot.existing().unwrap().base, None, "not its base");
    // A copy from an older cxmap, with no base line.
    let copy = fs::read_to_string(slot.path()).unwrap();
    let older: String = copy
        .lines()
        .filter(|l| !l.starts_with(BASE))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(slot.path(), older).unwrap();
    let left = slot.existing().unwrap();
    assert_eq!((left.map, left.base), (Map::new("edited"), None));
    slot.remove_copy();
    assert!(!base.exists(), "the base goes with its copy");
    slot.write(&Map::new("again"), &Map::new("saved")).unwrap();
    assert!(base.exists(), "and is written again with the next copy");
    clean_up(&dir);
}

#[test]
fn a_second_window_gets_a_slot_of_its_own() {
    let dir = scratch("second");
    let recovery = Recovery::new(dir.clone());
    let original = Path::new("/tmp/workshop/map.ron");
    let first = recovery.claim(Some(original));
    let second = recovery.claim(Some(original));
    assert_ne!(first.path(), second.path());
    first.write(&Map::new("first"), &Map::new("base")).unwrap();
    assert!(second.existing().is_none(), "not offered the live copy");
    let path = first.path().to_path_buf();
    drop(first);
    let third = recovery.claim(Some(original));
    assert_eq!(third.path(), path, "a free name is claimed again");
    assert_eq!(third.existing().unwrap().map, Map::new("first"));
    clean_up(&dir);
}

#[test]
fn the_newest_free_copy_of_a_map_is_claimed_whatever_its_name() {
    let dir = scratch("left-over");
    let recovery = Recovery::new(dir.clone());
    let original = Path::new("/tmp/workshop/map.ron");
    let own = recovery.claim(Some(original));
    own.write(&Map::new("own"), &Map::new("base")).unwrap();
    let second = recovery.claim(Some(original));
    second
        .write(&Map::new("second window"), &Map::new("base"))
        .unwrap();
    let other = recovery.claim(Some(Path::new("/tmp/other.ron")));
    other
        .write(&Map::new("another map"), &Map::new("base"))
        .unwrap();
    drop((own, second, other));
    let first = recovery.claim_left_over(Some(original));
    let next = recovery.claim_left_over(Some(original));
    let mut found = [first.existing().unwrap().map, next.existing().unwrap().map];
    found.sort_by(|a, b| a.title.cmp(&b.title));
    assert_eq!(found, [Map::new("own"), Map::new("second window")]);
    let fresh = recovery.claim_left_over(Some(original));
    assert!(fresh.existing().is_none(), "never another map's copy");
    clean_up(&dir);
}

#[test]
fn the_newest_free_copy_of_an_unsaved_map_is_claimed() {
    let dir = scratch("unsaved");
    let recovery = Recovery::new(dir.clone());
    let live = recovery.claim_left_over(None);
    live.write(&Map::new("live"), &Map::new("base")).unwrap();
    let ended = recovery.claim_left_over(None);
    assert_ne!(ended.path(), live.path());
    ended.write(&Map::new("ended"), &Map::new("base")).unwrap();
    drop(ended);
    let claimed = recovery.claim_left_over(None);
    assert_eq!(claimed.existing().unwrap().map, Map::new("ended"));
    let fresh = recovery.claim_left_over(None);
    assert!(fresh.existing().is_none(), "both copies are held");
    clean_up(&dir);
}

#[test]
fn a_link_planted_at_a_lock_name_is_not_followed() {
    let dir = scratch("lock-link");
    fs::create_dir_all(&dir).unwrap();
    let recovery = Recovery::new(dir.clone());
    let original = Path::new("/tmp/workshop/map.ron");
    let planted = recovery.copy_path(Some(original), None);
    let target = dir.join("created-through-the-link");
    std::os::unix::fs::symlink(&target, lock_path(&planted)).unwrap();
    let slot = recovery.claim(Some(original));
    assert!(!target.exists(), "the link was followed");
    assert_ne!(slot.path(), planted, "a name of its own instead");
    slot.write(&Map::new("safe"), &Map::new("base")).unwrap();
    assert!(!target.exists());
    clean_up(&dir);
}

#[test]
fn a_folder_of_another_user_or_a_link_is_refused_and_left_alone() {
    use std::os::unix::fs::MetadataExt;
    let dir = folder("refused");
    let state = dir.join("cxmap");
    let recovery = Recovery::new(state.join("recovery"));
    fs::create_dir_all(&state).unwrap();
    let owner = fs::metadata(&state).unwrap().uid();
    let error = recovery
        .prepare_for(as_user(owner + 1), &private::look)
        .unwrap_err();
    assert!(
        error.ends_with(&format!("belongs to another user (uid {owner})")),
        "{error}"
    );
    assert!(!recovery.dir().exists(), "nothing made in it");
    recovery
        .prepare_for(as_user(owner), &private::look)
        .unwrap();
    assert_eq!(
        recovery.check_for(as_user(owner + 1), &private::look, false),
        Err(error)
    );
    // A link, as the state folder or as the recovery folder in it.
    let elsewhere = dir.join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::remove_dir(recovery.dir()).unwrap();
    std::os::unix::fs::symlink(&elsewhere, recovery.dir()).unwrap();
    assert_eq!(
        recovery.prepare(),
        Err(format!("{} is a symbolic link", recovery.dir().display()))
    );
    fs::remove_dir_all(&state).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &state).unwrap();
    assert_eq!(
        recovery.prepare(),
        Err(format!("{} is a symbolic link", state.display()))
    );
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "left alone");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_state_home_open_to_other_users_turns_copies_off_unless_it_is_sticky() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // Plays XDG_STATE_HOME.
    let home = folder("open-home");
    let recovery = Recovery::new(home.join("cxmap/recovery"));
    let chmod = |mode| fs::set_permissions(&home, fs::Permissions::from_mode(mode)).unwrap();
    for mode in [0o777, 0o757] {
        chmod(mode);
        assert_eq!(
            recovery.prepare(),
            Err(format!(
                "{} can be written by other users (mode {mode:04o})",
                home.display()
            ))
        );
        assert!(!home.join("cxmap").exists(), "nothing made in it");
        assert_eq!(recovery.check(), recovery.prepare());
    }
    // Writable by its group: the user's own (user private groups and
    // umask 002), or not.
    chmod(0o775);
    let group = fs::metadata(&home).unwrap().gid();
    let shared = private::User {
        group: None,
        ..private::user()
    };
    assert_eq!(
        recovery.prepare_for(shared, &private::look),
        Err(format!(
            "{} can be written by other users (mode 0775)",
            home.display()
        ))
    );
    let own = private::User {
        group: Some(group),
        ..private::user()
    };
    recovery.prepare_for(own, &private::look).unwrap();
    chmod(0o1777);
    recovery.prepare().unwrap();
    chmod(0o755);
    recovery.prepare().unwrap();
    // cxmap's own folders, opened by someone: closed again by a start.
    let state = home.join("cxmap");
    fs::set_permissions(&state, fs::Permissions::from_mode(0o777)).unwrap();
    assert!(recovery.check().is_err());
    recovery.prepare().unwrap();
    let mode = fs::metadata(&state).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o700);
    fs::remove_dir_all(home).unwrap();
}

#[test]
fn a_copy_is_written_only_while_its_folder_is_safely_ours() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("recheck");
    let home = dir.parent().unwrap().to_path_buf();
    let recovery = Recovery::new(dir.clone());
    recovery.prepare().unwrap();
    let slot = recovery.claim(Some(Path::new("/tmp/workshop/map.ron")));
    slot.write(&Map::new("first"), &Map::new("base")).unwrap();
    // Opened to everyone while the app runs.
    fs::set_permissions(&home, fs::Permissions::from_mode(0o777)).unwrap();
    let error = slot
        .write(&Map::new("second"), &Map::new("base"))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{} can be written by other users (mode 0777)",
            home.display()
        )
    );
    assert_eq!(
        slot.existing().unwrap().map,
        Map::new("first"),
        "not written"
    );
    fs::set_permissions(&home, fs::Permissions::from_mode(0o755)).unwrap();
    slot.write(&Map::new("third"), &Map::new("base")).unwrap();
    // The folder renamed away and another put in its place (a link
    // here; in the attack, a folder of another user's).
    let elsewhere = home.join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::rename(&dir, home.join("moved")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &dir).unwrap();
    let error = slot
        .write(&Map::new("fourth"), &Map::new("base"))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{} is a symbolic link", dir.display())
    );
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written there"
    );
    drop(slot);
    clean_up(&dir);
}

#[test]
fn an_older_cxmaps_open_folder_is_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder("narrowed");
    let recovery = Recovery::new(dir.join("recovery"));
    fs::create_dir_all(recovery.dir()).unwrap();
    fs::set_permissions(recovery.dir(), fs::Permissions::from_mode(0o755)).unwrap();
    recovery.prepare().unwrap();
    let mode = fs::metadata(recovery.dir()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn removing_copies_and_leftovers_spares_a_running_cxmap() {
    let dir = scratch("remove");
    let recovery = Recovery::new(dir.clone());
    let original = Path::new("/tmp/workshop/map.ron");
    let live = recovery.claim(Some(original));
    live.write(&Map::new("live"), &Map::new("base")).unwrap();
    let ended = recovery.claim_aside(Some(original));
    ended.write(&Map::new("ended"), &Map::new("base")).unwrap();
    let ended_copy = ended.path().to_path_buf();
    drop(ended);
    // What sessions killed with nothing unsaved, or mid-write, leave.
    let idle_lock = dir.join("unsaved-k1dd3d.lock");
    fs::write(&idle_lock, "").unwrap();
    let lone_base = dir.join("unsaved-k1dd3d.base");
    fs::write(&lone_base, "(").unwrap();
    let stray = |copy: &Path, suffix: &str| {
        let name = copy.file_name().unwrap().to_string_lossy();
        let path = dir.join(format!(".{name}{}{suffix}", names::TEMPORARY_MARK));
        fs::write(&path, "(half").unwrap();
        path
    };
    let ended_half = stray(&ended_copy, "x1x1x1");
    let half = stray(&dir.join("gone-0123456789abcdef.ron"), "x3x3x3");
    let live_half = stray(live.path(), "x2x2x2");
    // A running cxmap with nothing unsaved yet holds its name.
    let idle = recovery.claim_aside(Some(original));

    let entries = recovery.list();
    assert_eq!(entries.len(), 2);
    for entry in &entries {
        let removed = recovery.remove(entry).unwrap();
        assert_eq!(removed, entry.copy == ended_copy, "{entry:?}");
    }
    assert!(live.existing().is_some(), "the live copy stays");
    assert!(!ended_copy.exists() && !lock_path(&ended_copy).exists());
    assert!(!base_path(&ended_copy).exists());
    assert!(ended_half.exists(), "listed and removed on its own");

    let survey = recovery.survey();
    let found: Vec<_> = survey.leftovers.iter().map(|l| l.path.clone()).collect();
    let mut expected = vec![idle_lock, lone_base, half, ended_half];
    expected.sort();
    assert_eq!(found, expected, "not the live copy's nor the idle lock");
    assert_eq!(survey.strangers, []);
    for leftover in &expected {
        assert!(recovery.remove_leftover(leftover).unwrap(), "{leftover:?}");
        assert!(!leftover.exists());
    }
    assert!(recovery.survey().leftovers.is_empty());
    assert!(
        !recovery.remove_leftover(&live_half).unwrap(),
        "being written"
    );
    assert!(!recovery.remove_leftover(&lock_path(idle.path())).unwrap());
    assert!(live_half.exists() && lock_path(idle.path()).exists());
    drop((live, idle));
    clean_up(&dir);
}

#[test]
fn claiming_a_name_removes_its_half_written_copies_and_nothing_else() {
    let dir = scratch("strays");
    fs::create_dir_all(&dir).unwrap();
    let recovery = Recovery::new(dir.clone());
    let original = Path::new("/tmp/workshop/map.ron");
    let copy = recovery.copy_path(Some(original), None);
    let name = copy.file_name().unwrap().to_str().unwrap();
    let at = |end: &str| dir.join(format!(".{name}{end}"));
    let half = at(".cxmap-copy-k3x9q2");
    let base_half = dir.join(format!(
        ".{}.cxmap-copy-k3x9q2",
        name.replace(".ron", ".base")
    ));
    let kept = [at(".cxmap-copy-my-notes"), at(".cxmap-copy-k3x9q2.txt")];
    for path in kept.iter().chain([&half, &base_half]) {
        fs::write(path, "(").unwrap();
    }
    let linked = at(".cxmap-copy-000000");
    std::os::unix::fs::symlink(&kept[0], &linked).unwrap();
    let slot = recovery.claim(Some(original));
    assert_eq!(slot.path(), copy);
    assert!(!half.exists() && !base_half.exists());
    assert!(kept.iter().all(|p| p.exists()), "not cxmap's names");
    assert!(
        fs::symlink_metadata(&linked).is_ok(),
        "a link is left alone"
    );
    clean_up(&dir);
}

#[test]
fn only_plain_files_with_the_names_cxmap_gives_are_its_own() {
    use std::os::unix::fs::symlink;
    let dir = scratch("strangers");
    let recovery = Recovery::new(dir.clone());
    fs::create_dir_all(&dir).unwrap();
    let outside = dir.with_extension("outside");
    fs::write(&outside, "someone's file").unwrap();
    let plain = |name: &str, text: &str| {
        fs::write(dir.join(name), text).unwrap();
        (dir.join(name), "not a name cxmap gives its files")
    };
    let mut expected = vec![
        plain("notes.base", "my notes"),
        plain("todo.lock", "important"),
        plain(".thesis.ron.cxmap-copy-zzz", "draft"),
        plain(".important.cxmap-copy-", "x"),
        plain("map.ron", "// cxmap recovery copy of: /tmp/x.ron\n("),
        (dir.join("y.base"), "a symbolic link"),
        (dir.join("unsaved-k3x9q2.lock"), "a symbolic link"),
        (dir.join("x.base"), "a folder"),
        (dir.join("map-0123456789abcdef.base"), "a folder"),
        (
            dir.join("map-0123456789abcdef-k3x9q2.ron"),
            "not a recovery copy: no header of cxmap's",
        ),
    ];
    symlink(&outside, dir.join("y.base")).unwrap();
    symlink(&outside, dir.join("unsaved-k3x9q2.lock")).unwrap();
    fs::create_dir(dir.join("x.base")).unwrap();
    fs::create_dir(dir.join("map-0123456789abcdef.base")).unwrap();
    fs::write(dir.join("map-0123456789abcdef-k3x9q2.ron"), "(").unwrap();
    let survey = recovery.survey();
    assert!(survey.copies.is_empty() && survey.leftovers.is_empty());
    expected.sort();
    let found: Vec<_> = survey
        .strangers
        .iter()
        .map(|s| (s.path.clone(), s.why))
        .collect();
    assert_eq!(found, expected);
    for (path, _) in &expected {
        assert!(!recovery.remove_leftover(path).unwrap_or(false), "{path:?}");
        assert!(fs::symlink_metadata(path).is_ok(), "{path:?} left alone");
    }
    assert_eq!(fs::read_to_string(&outside).unwrap(), "someone's file");
    clean_up(&dir);
}

#[test]
fn a_path_with_a_line_break_has_a_copy_of_its_own() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("line-break");
    let recovery = Recovery::new(dir.clone());
    // `q.ron`, a line break and a space: another file than `q.ron`.
    let odd = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/nl/q.ron\n "));
    let plain = Path::new("/tmp/nl/q.ron");
    let slot = recovery.claim(Some(odd));
    slot.write(&Map::new("the odd one"), &Map::new("base"))
        .unwrap();
    drop(slot);
    let listed = recovery.list();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].original.as_deref(), Some(odd), "named exactly");
    let other = recovery.claim_left_over(Some(plain));
    assert!(other.existing().is_none(), "never offered to q.ron");
    drop(other);
    let own = recovery.claim_left_over(Some(odd));
    assert_eq!(own.existing().unwrap().map, Map::new("the odd one"));
    clean_up(&dir);
}

#[test]
fn paths_that_differ_in_bytes_not_utf8_have_copies_of_their_own() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("not-utf8");
    let recovery = Recovery::new(dir.clone());
    let ff = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/a\xff.ron"));
    let fe = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/a\xfe.ron"));
    assert_ne!(
        recovery.copy_path(Some(ff), None),
        recovery.copy_path(Some(fe), None)
    );
    let slot = recovery.claim(Some(ff));
    slot.write(&Map::new("edits of a\\xff"), &Map::new("base"))
        .unwrap();
    drop(slot);
    assert_eq!(recovery.list()[0].original.as_deref(), Some(ff));
    let other = recovery.claim_left_over(Some(fe));
    assert!(other.existing().is_none(), "never offered to a\\xfe.ron");
    other
        .write(&Map::new("edits of a\\xfe"), &Map::new("base"))
        .unwrap();
    drop(other);
    let own = recovery.claim_left_over(Some(ff));
    assert_eq!(own.existing().unwrap().map, Map::new("edits of a\\xff"));
    clean_up(&dir);
}

#[test]
fn a_copy_of_another_file_at_a_maps_name_is_neither_offered_nor_written_over() {
    // What an older cxmap left: one name for two files.
    let dir = scratch("taken-name");
    let recovery = Recovery::new(dir.clone());
    let (mine, other) = (Path::new("/tmp/w/mine.ron"), Path::new("/tmp/w/other.ron"));
    let slot = recovery.claim(Some(other));
    slot.write(&Map::new("other's edits"), &Map::new("base"))
        .unwrap();
    let name = recovery.copy_path(Some(mine), None);
    fs::rename(slot.path(), &name).unwrap();
    drop(slot);
    let claimed = recovery.claim(Some(mine));
    assert_ne!(claimed.path(), name, "a name of its own");
    assert!(claimed.existing().is_none());
    claimed
        .write(&Map::new("my edits"), &Map::new("base"))
        .unwrap();
    drop(claimed);
    let theirs = recovery.claim_left_over(Some(other));
    assert_eq!(theirs.path(), name, "found by what it names");
    assert_eq!(theirs.existing().unwrap().map, Map::new("other's edits"));
    clean_up(&dir);
}

#[test]
fn a_map_with_a_long_name_or_an_escape_code_in_it_gets_a_copy_with_a_plain_name() {
    let dir = scratch("long-name");
    let recovery = Recovery::new(dir.clone());
    let long = PathBuf::from(format!("/tmp/w/{}.ron", "é".repeat(120)));
    let odd = Path::new("/tmp/w/a\u{1b}]0;title\u{7}.ron");
    for original in [long.as_path(), odd] {
        let slot = recovery.claim(Some(original));
        slot.write(&Map::new("edited"), &Map::new("base")).unwrap();
        let name = slot.path().file_name().unwrap().to_str().unwrap();
        assert!(name.len() < 160, "{name}");
        assert!(!name.chars().any(char::is_control), "{name:?}");
        assert_eq!(
            slot.existing().unwrap().entry.original.as_deref(),
            Some(original)
        );
    }
    clean_up(&dir);
}

#[test]
fn copy_names_are_stable_and_distinct() {
    let r = Recovery::new(PathBuf::from("/r"));
    let a = r.copy_path(Some(Path::new("/x/map.ron")), None);
    assert_eq!(a, r.copy_path(Some(Path::new("/x/map.ron")), None));
    assert_ne!(a, r.copy_path(Some(Path::new("/y/map.ron")), None));
    assert_ne!(a, r.copy_path(Some(Path::new("/x/map.ron")), Some("k2")));
    assert_eq!(
        r.copy_path(None, Some("abc")),
        PathBuf::from("/r/unsaved-abc.ron")
    );
}

/// `check_for` on a made-up file system: every folder above the state
/// folder must be ours or root's and closed to other users.
mod folders_above {
    use super::super::{Recovery, private};
    use private::{Facts, Kind, User};
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    const ME: u32 = 1000;
    const MALLORY: u32 = 1001;
    /// The recovery folder in a home's state folder.
    const HOME: &str = "/home/me/.local/state/cxmap/recovery";
    /// The recovery folder with `XDG_STATE_HOME=/tmp/y`.
    const TMP: &str = "/tmp/y/cxmap/recovery";

    /// A folder whose group is its owner's own (as with user private
    /// groups), root's for root's.
    fn folder(uid: u32, mode: u32) -> Facts {
        Facts {
            kind: Kind::Folder,
            uid,
            gid: uid,
            mode,
        }
    }

    /// A symbolic link of `uid`'s to `to`.
    fn link(uid: u32, to: &str) -> Facts {
        Facts {
            kind: Kind::Link(PathBuf::from(to)),
            uid,
            gid: uid,
            mode: 0o777,
        }
    }

    /// A folder of group `gid`.
    fn shared(uid: u32, gid: u32, mode: u32) -> Facts {
        Facts {
            kind: Kind::Folder,
            uid,
            gid,
            mode,
        }
    }

    /// The file system as it is before a test changes it: both recovery
    /// folders and everything above them sound.
    fn world() -> [(&'static str, Facts); 10] {
        [
            ("/", folder(0, 0o755)),
            ("/tmp", folder(0, 0o1777)),
            ("/home", folder(0, 0o755)),
            ("/home/me", folder(ME, 0o700)),
            ("/home/me/.local", folder(ME, 0o755)),
            ("/home/me/.local/state", folder(ME, 0o700)),
            ("/home/me/.local/state/cxmap", folder(ME, 0o700)),
            ("/home/me/.local/state/cxmap/recovery", folder(ME, 0o700)),
            ("/tmp/y/cxmap", folder(ME, 0o700)),
            ("/tmp/y/cxmap/recovery", folder(ME, 0o700)),
        ]
    }

    /// A user whose group 1000 is theirs alone, as umask 002 goes with.
    fn me() -> User {
        User {
            uid: ME,
            group: Some(ME),
        }
    }

    /// The check of recovery folder `dir` for `user`, in the world with
    /// `changed` in place of (or beside) what it has.
    fn check_as(user: User, dir: &str, changed: &[(&str, Facts)]) -> Result<(), String> {
        let world: HashMap<PathBuf, Facts> = world()
            .iter()
            .chain(changed)
            .map(|(path, facts)| (PathBuf::from(path), facts.clone()))
            .collect();
        let look = |path: &Path| Ok(world.get(path).cloned());
        Recovery::new(PathBuf::from(dir)).check_for(user, &look, false)
    }

    /// The check for [`me`].
    fn check(dir: &str, changed: &[(&str, Facts)]) -> Result<(), String> {
        check_as(me(), dir, changed)
    }

    /// The refusal of a folder other users may write in.
    fn open(path: &str, mode: u32) -> Result<(), String> {
        Err(format!(
            "{path} can be written by other users (mode {mode:04o})"
        ))
    }

    /// The refusal of a folder of mallory's.
    fn hers(path: &str) -> Result<(), String> {
        Err(format!("{path} belongs to another user (uid 1001)"))
    }

    #[test]
    fn a_sound_home_passes() {
        assert_eq!(check(HOME, &[]), Ok(()));
    }

    #[test]
    fn a_state_home_of_another_users_is_refused() {
        // XDG_STATE_HOME=/tmp/y, a folder of mallory's: she may rename
        // cxmap's folder away and put one of hers in its place.
        for mode in [0o777, 0o1777, 0o755] {
            assert_eq!(
                check(TMP, &[("/tmp/y", folder(MALLORY, mode))]),
                hers("/tmp/y"),
                "{mode:o}"
            );
        }
    }

    #[test]
    fn ours_or_roots_but_open_to_all_or_to_a_group_is_refused() {
        assert_eq!(
            check(TMP, &[("/tmp/y", folder(ME, 0o777))]),
            open("/tmp/y", 0o777)
        );
        let group = [("/tmp/y", shared(ME, 100, 0o775))];
        assert_eq!(
            check(TMP, &group),
            open("/tmp/y", 0o775),
            "group 100 is shared"
        );
        let group = [("/tmp/y", shared(0, 100, 0o775))];
        assert_eq!(check(TMP, &group), open("/tmp/y", 0o775));
        assert_eq!(
            check(TMP, &[("/tmp/y", folder(0, 0o757))]),
            open("/tmp/y", 0o757)
        );
    }

    #[test]
    fn writable_by_the_users_own_private_group_is_by_the_user_alone() {
        let own_group = [("/tmp/y", folder(ME, 0o775))];
        assert_eq!(check(TMP, &own_group), Ok(()));
        let no_group = User {
            uid: ME,
            group: None,
        };
        let refused = check_as(no_group, TMP, &own_group);
        assert_eq!(refused, open("/tmp/y", 0o775), "not known to be private");
    }

    #[test]
    fn sticky_or_roots_passes() {
        assert_eq!(
            check(TMP, &[("/tmp/y", folder(ME, 0o1777))]),
            Ok(()),
            "sticky, as /tmp"
        );
        assert_eq!(
            check(TMP, &[("/tmp/y", folder(0, 0o755))]),
            Ok(()),
            "root's"
        );
    }

    #[test]
    fn folders_further_up_and_cxmaps_own_are_checked_too() {
        let local = [("/home/me/.local", folder(ME, 0o777))];
        assert_eq!(check(HOME, &local), open("/home/me/.local", 0o777));
        let moved = [("/home/me", folder(MALLORY, 0o700))];
        assert_eq!(check(HOME, &moved), hers("/home/me"));
        let state = [("/home/me/.local/state/cxmap", folder(ME, 0o777))];
        assert_eq!(
            check(HOME, &state),
            open("/home/me/.local/state/cxmap", 0o777)
        );
        let state = [("/home/me/.local/state/cxmap", folder(MALLORY, 0o700))];
        assert_eq!(check(HOME, &state), hers("/home/me/.local/state/cxmap"));
    }

    #[test]
    fn links_on_the_way_are_checked_and_so_is_where_they_point() {
        // The link's owner may replace it, and where it points is checked
        // in turn.
        let to_home = link(ME, "/home/me/.local/state");
        assert_eq!(check(TMP, &[("/tmp/y", to_home)]), Ok(()));
        let planted = link(MALLORY, "/home/me/.local/state");
        assert_eq!(check(TMP, &[("/tmp/y", planted)]), hers("/tmp/y"));
        let to_hers = [
            ("/tmp/y", link(ME, "m")),
            ("/tmp/m", folder(MALLORY, 0o700)),
        ];
        assert_eq!(check(TMP, &to_hers), hers("/tmp/m"));
        let looped = [("/tmp/y", link(ME, "/tmp/y"))];
        assert_eq!(
            check(TMP, &looped),
            Err("/tmp/y: too many symbolic links".to_owned())
        );
        let state = [("/home/me/.local/state/cxmap", link(ME, "/tmp"))];
        assert_eq!(
            check(HOME, &state),
            Err("/home/me/.local/state/cxmap is a symbolic link".to_owned())
        );
    }
}

#[test]
fn a_copy_and_its_base_read_as_the_canonical_text_a_save_writes() {
    // Read past their comment lines, a copy and its base are a save's text
    // byte for byte: what the fast reader for canonical files takes.
    let dir = scratch("canonical");
    let recovery = Recovery::new(dir.clone());
    let mut map = crate::model::generated_map(40);
    let base = map.clone();
    map.title = "Edited".into();
    let slot = recovery.claim(Some(Path::new("/tmp/x/map.ron")));
    slot.write(&map, &base).unwrap();
    let copy = after_comments(fs::read(slot.path()).unwrap());
    let written = after_comments(fs::read(base_path(slot.path())).unwrap());
    assert_eq!(
        String::from_utf8(copy).unwrap(),
        crate::storage::to_canonical(&map)
    );
    assert_eq!(
        String::from_utf8(written).unwrap(),
        crate::storage::to_canonical(&base)
    );
    let left = slot.existing().expect("the copy is read back");
    assert_eq!(left.map, map);
    assert_eq!(left.base, Some(base));
    // Text without them is left as it is.
    assert_eq!(after_comments(b"(\n)".to_vec()), b"(\n)");
    clean_up(&dir);
}

#[test]
fn a_fifo_at_a_copys_name_is_passed_over_not_waited_on() {
    let dir = scratch("fifo");
    let recovery = Recovery::new(dir.clone());
    recovery.prepare().unwrap();
    let original = Path::new("/tmp/x/map.ron");
    let name = recovery.claim(Some(original)).path().to_path_buf();
    fs::remove_file(lock_path(&name)).ok();
    let c_path = std::ffi::CString::new(name.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid path; mkfifo only makes the FIFO.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    // Opening it for reading would wait for a writer that never comes.
    let (done, finished) = std::sync::mpsc::channel();
    let looking = dir.clone();
    std::thread::spawn(move || {
        let recovery = Recovery::new(looking);
        let slot = recovery.claim_left_over(Some(Path::new("/tmp/x/map.ron")));
        let _ = done.send((recovery.list().len(), slot.existing().is_none()));
    });
    let (listed, nothing) = finished
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the FIFO is not waited on");
    assert_eq!(listed, 0, "a FIFO is no copy");
    assert!(nothing, "nothing to offer");
    clean_up(&dir);
}

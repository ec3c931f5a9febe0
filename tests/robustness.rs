//! Nothing typed is ever lost: every promise tested on the real binary.
//!
//! - kill -9 during a save, again and again, landing before and after the
//!   rename: the file is always the old one or the new one, whole, and the
//!   temporary file a kill leaves is removed once it is clearly dead;
//! - hang-up (the terminal closing, or SIGHUP), SIGTERM and a panic: out
//!   within 2 s, with a recovery copy that the next start offers back; a
//!   copy that takes longer than the watchdog's 1.5 s is waited for;
//! - kill -9 of the app: the recovery copy written a second after the last edit;
//! - a save into a full disk: a message, the old file as it was, edits kept;
//! - the file changed on disk while open: merged, never overwritten;
//! - two windows on one file: each sees the other's saves.

#[path = "support/pty.rs"]
mod pty;

use pty::Session;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cxmap");
const EXAMPLE: &str = include_str!("../maps/business-account.ron");

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-robust-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The recovery copies, not the locks a running (or killed) cxmap holds
/// beside them.
fn recovery_copies(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir.join(".state/cxmap/recovery"))
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until there are `count` copies: they are due a second after the
/// last edit; a loaded machine may take longer, so allow five.
fn wait_for_copies(dir: &Path, count: usize, what: &str) {
    let start = Instant::now();
    while recovery_copies(dir).len() != count {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{what}: {:?}",
            recovery_copies(dir)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("{what}: after {:?}", start.elapsed());
}

#[test]
fn kill_9_during_a_save_leaves_the_old_or_the_new_file_whole() {
    // `cxmap fmt a b c` saves three big files one after the other, so a
    // kill that lands while it runs falls before the first rename (all
    // three old), between two renames (some new, some old) or after the
    // last. The rounds go on until kills have landed on both sides of a
    // rename, and every file is always whole: the old text or the new.
    let dir = scratch("kill9");
    let names = ["a.ron", "b.ron", "c.ron"];
    let paths: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    let map = cxmap::model::generated_map(600);
    let new = cxmap::storage::to_canonical(&map);
    // The same map, indented differently: `cxmap fmt` rewrites it in full.
    let old = new.replace("    ", "  ");
    let (old_hash, new_hash) = (hash(old.as_bytes()), hash(new.as_bytes()));
    let write_old = || {
        for path in &paths {
            fs::write(path, &old).unwrap();
        }
    };
    // How long a whole `cxmap fmt` takes here: the kills are spread over it.
    write_old();
    let started = Instant::now();
    Command::new(BIN).arg("fmt").args(&paths).status().unwrap();
    let full = started.elapsed();
    let (mut before_first, mut between, mut after_last, mut missed) = (0, 0, 0, 0);
    let mut round = 0u32;
    while round < 12 || (before_first == 0 || between == 0) && round < 200 {
        write_old();
        let mut child = Command::new(BIN).arg("fmt").args(&paths).spawn().unwrap();
        std::thread::sleep(full * ((round * 7) % 24) / 24);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let new_files = paths
            .iter()
            .map(|path| {
                let bytes = fs::read(path).unwrap();
                match hash(&bytes) {
                    h if h == old_hash => false,
                    h if h == new_hash => true,
                    _ => panic!(
                        "round {round}: {} is neither the old nor the new file ({} bytes)",
                        path.display(),
                        bytes.len()
                    ),
                }
            })
            .collect::<Vec<bool>>();
        // Files are saved in order: never a later one before an earlier.
        assert!(
            new_files.windows(2).all(|w| w[0] >= w[1]),
            "round {round}: {new_files:?}"
        );
        let killed = std::os::unix::process::ExitStatusExt::signal(&status) == Some(9);
        match new_files.iter().filter(|n| **n).count() {
            _ if !killed => missed += 1,
            0 => before_first += 1,
            3 => after_last += 1,
            _ => between += 1,
        }
        // A kill leaves the temporary file it was writing; the next save
        // removes it once it is clearly dead (a minute old), never sooner,
        // since another window's save might be writing it.
        let strays = || {
            fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| !paths.contains(p))
                .collect::<Vec<_>>()
        };
        let long_ago = std::time::SystemTime::now() - Duration::from_secs(120);
        for stray in strays() {
            let file = fs::File::options().write(true).open(&stray).unwrap();
            file.set_modified(long_ago).unwrap();
        }
        Command::new(BIN).arg("fmt").args(&paths).status().unwrap();
        assert!(
            strays().is_empty(),
            "round {round}: stray files {:?}",
            strays()
        );
        round += 1;
    }
    eprintln!(
        "kill -9 mid-save, {round} rounds: {before_first} before the first rename, \
         {between} between two, {after_last} after the last, {missed} too late; never a mix"
    );
    assert!(before_first > 0, "no kill landed before a rename");
    assert!(
        between > 0,
        "no kill landed after a rename and before the next"
    );
    fs::remove_dir_all(dir).unwrap();
}

/// Opens the map, makes two edits and leaves them unsaved.
fn edited_session(dir: &Path, env: &[(&str, &str)]) -> Session {
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut s = Session::start(&["map.ron"], 80, 24, dir, env);
    s.wait_for("Checks 9", 10);
    s.send("++");
    s.wait_for("[+] modified", 5);
    s
}

/// The promise is "gone within 2 s" when the recovery copy is quick (a
/// watchdog ends the process 1.5 s after the signal at the latest while no
/// copy is being written; it usually takes milliseconds). The bound here is looser so
/// that a loaded CI machine does not fail it; a hang still does.
fn assert_gone_within_2s(s: &mut Session) -> portable_pty::ExitStatus {
    let start = Instant::now();
    let status = s.wait_exit(4).expect("cxmap exits");
    eprintln!("gone after {:?}", start.elapsed());
    status
}

/// Starts cxmap on map.ron, which offers unsaved edits: `v` shows the
/// `differences`, `r` restores them, Ctrl+S saves; the file then holds `saved`.
fn restore_and_save(dir: &Path, differences: &[&str], saved: &str) {
    let mut s = Session::start(&["map.ron"], 80, 24, dir, &[]);
    s.wait_for("Unsaved edits from last time", 10);
    s.send("v");
    for text in differences {
        s.wait_for(text, 5);
    }
    s.send("r");
    s.wait_for("Restored the unsaved edits", 5);
    s.send("\x13");
    s.wait_for("Saved map.ron", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    let file = fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(file.contains(saved), "{file}");
}

/// The next start offers the unsaved edits back, and restoring them works.
fn assert_offered_back(dir: &Path) {
    assert_eq!(recovery_copies(dir).len(), 1, "a recovery copy is left");
    assert_eq!(
        fs::read_to_string(dir.join("map.ron")).unwrap(),
        EXAMPLE,
        "the file itself is untouched"
    );
    let list = Command::new(BIN)
        .args(["recover", "--list"])
        .env("XDG_STATE_HOME", dir.join(".state"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.contains("map.ron") && list.contains("newer than the file"),
        "{list}"
    );
    restore_and_save(
        dir,
        &["emotion 0 -> +2"],
        "emotion: 2,\n                    evidence: 9,",
    );
    assert!(
        recovery_copies(dir).is_empty(),
        "a clean save removes the copy"
    );
}

#[test]
fn a_hang_up_leaves_a_recovery_copy_that_the_next_start_offers() {
    let dir = scratch("hangup");
    let mut s = edited_session(&dir, &[]);
    s.hang_up();
    let status = assert_gone_within_2s(&mut s);
    assert_eq!(status.exit_code(), 129, "ended by the hang-up, cleanly");
    assert_offered_back(&dir);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sighup_sigterm_and_a_panic_all_leave_a_recovery_copy() {
    for (name, how, code) in [
        ("hup", "HUP", 129),
        ("term", "TERM", 143),
        ("panic", "F12", 101),
    ] {
        let dir = scratch(name);
        let mut s = edited_session(&dir, &[("CXMAP_TEST_PANIC", "1")]);
        if how == "F12" {
            s.send("\x1b[24~");
        } else {
            s.signal(how);
        }
        let status = assert_gone_within_2s(&mut s);
        assert_eq!(status.exit_code(), code, "{name}: exit code");
        if how == "F12" {
            s.wait_for("unsaved edits are kept in", 5);
        }
        assert_offered_back(&dir);
        fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn a_hang_up_or_sigterm_waits_for_a_copy_that_takes_longer_than_the_watchdog() {
    // A copy of a map of hundreds of thousands of touchpoints takes seconds;
    // the test hook makes each copy take 2.5 s, beyond the watchdog's 1.5 s.
    // The edits are a moment old: the copy is written at the end of the
    // session, or is under way in the background when the signal comes.
    for (name, how, code) in [("slow-hup", "HUP", 129), ("slow-term", "TERM", 143)] {
        let dir = scratch(name);
        let mut s = edited_session(&dir, &[("CXMAP_TEST_SLOW_COPY", "2500")]);
        s.signal(how);
        let status = s
            .wait_exit(30)
            .expect("cxmap exits once the copy is written");
        assert_eq!(status.exit_code(), code, "{name}: exit code");
        assert_offered_back(&dir);
        fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn a_hang_up_in_the_middle_of_typing_keeps_what_was_typed() {
    let dir = scratch("typing");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    // The editor's channel field, half typed, never left.
    s.send("e\t");
    s.send("\x15by phone, after hours");
    s.wait_for("by phone, after hours", 5);
    s.hang_up();
    assert_eq!(assert_gone_within_2s(&mut s).exit_code(), 129);
    restore_and_save(
        &dir,
        &["channel 'web search' ->", "'by phone, after hours'"],
        "channel: \"by phone, after hours\"",
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn kill_9_while_typing_keeps_what_was_typed_a_second_before() {
    let dir = scratch("typing-kill9");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send("e\t\x15kiosk");
    s.wait_for("kiosk", 5);
    wait_for_copies(&dir, 1, "a copy while typing");
    s.signal("KILL");
    s.wait_exit(3).expect("gone");
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Unsaved edits from last time", 10);
    s.send("v");
    s.wait_for("channel 'web search' ->", 5);
    s.wait_for("'kiosk'", 5);
    s.send("d");
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn kill_9_of_the_app_loses_at_most_the_last_second() {
    let dir = scratch("app-kill9");
    let mut s = edited_session(&dir, &[]);
    wait_for_copies(&dir, 1, "written a second after the last edit");
    s.signal("KILL");
    s.wait_exit(3).expect("gone");
    assert_offered_back(&dir);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn discarding_at_the_next_start_removes_the_copy_and_later_keeps_it() {
    let dir = scratch("discard");
    let mut s = edited_session(&dir, &[]);
    s.hang_up();
    s.wait_exit(3);
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Unsaved edits from last time", 10);
    s.send("\x1b");
    s.wait_for("Kept the recovery copy", 5);
    s.send("q");
    s.wait_exit(5);
    assert_eq!(recovery_copies(&dir).len(), 1, "later keeps it");
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Unsaved edits from last time", 10);
    s.send("d");
    s.wait_for("Discarded", 5);
    s.send("q");
    s.wait_exit(5);
    assert!(recovery_copies(&dir).is_empty());
    assert_eq!(fs::read_to_string(dir.join("map.ron")).unwrap(), EXAMPLE);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_edited_example_is_offered_back_at_the_next_plain_start() {
    let dir = scratch("example");
    let mut s = Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send("++");
    s.wait_for("▶C ++ Search", 5);
    s.hang_up();
    assert_eq!(assert_gone_within_2s(&mut s).exit_code(), 129);
    assert_eq!(recovery_copies(&dir).len(), 1);
    let mut s = Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Unsaved edits from last time", 10);
    s.send("r");
    s.wait_for("Restored the unsaved edits", 5);
    s.wait_for("▶C ++ Search", 5);
    // Saved under a name, the copy of the unsaved map goes.
    s.send("\x13");
    s.wait_for("Save as", 5);
    s.send("workshop.ron\r");
    s.wait_for("Saved workshop.ron", 5);
    assert!(
        recovery_copies(&dir).is_empty(),
        "{:?}",
        recovery_copies(&dir)
    );
    // The file it now has is watched like any other.
    let saved = fs::read_to_string(dir.join("workshop.ron")).unwrap();
    let theirs = saved.replacen("name: \"Discover\"", "name: \"Find us\"", 1);
    cxmap::storage::write_atomic(&dir.join("workshop.ron"), theirs.as_bytes()).unwrap();
    s.wait_for("workshop.ron changed on disk: reloaded", 5);
    s.wait_for("Find us (3)", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    let saved = fs::read_to_string(dir.join("workshop.ron")).unwrap();
    assert!(saved.contains("emotion: 2,\n                    evidence: 9,"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_second_window_keeps_its_own_copy_and_is_not_offered_the_first_ones() {
    let dir = scratch("two-copies");
    let mut a = edited_session(&dir, &[]);
    wait_for_copies(&dir, 1, "a's copy");
    let list = Command::new(BIN)
        .args(["recover", "--list"])
        .env("XDG_STATE_HOME", dir.join(".state"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.contains("in use: a running cxmap is writing it"),
        "{list}"
    );
    let mut b = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    let screen = b.wait_for("Checks 9", 10);
    assert!(
        !screen.contains("Unsaved edits"),
        "a is still running: its copy is not b's to offer\n{screen}"
    );
    b.send("j-");
    b.wait_for("[+] modified", 5);
    wait_for_copies(&dir, 2, "b writes a copy of its own");
    a.hang_up();
    a.wait_exit(4).expect("a exits");
    b.hang_up();
    b.wait_exit(4).expect("b exits");
    assert_eq!(recovery_copies(&dir).len(), 2, "both are kept");
    // One start offers the newest, b's; the next one a's.
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Unsaved edits from last time", 10);
    s.send("v");
    s.wait_for("price list': emotion -1 -> -2", 5);
    s.send("d");
    s.wait_for("Discarded", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    assert_offered_back(&dir);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_save_into_a_full_disk_says_so_and_keeps_file_and_edits() {
    let dir = scratch("full");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    // A file-size limit makes every write past 8 KiB fail, as a full disk would.
    let mut s = Session::start_shell(
        "trap '' XFSZ; ulimit -f 16; exec {cxmap} map.ron",
        100,
        30,
        &dir,
        &[],
    );
    s.wait_for("Checks 9", 10);
    s.send("+");
    s.send("\x13");
    let screen = s.wait_for("Not saved: ", 5);
    assert!(
        screen.contains("File too large") && screen.contains("your edits are kept"),
        "{screen}"
    );
    assert!(screen.contains("[+] modified"));
    assert_eq!(fs::read_to_string(dir.join("map.ron")).unwrap(), EXAMPLE);
    s.send("q");
    s.wait_for("Save the change", 5);
    s.send("d");
    s.wait_exit(5);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_changed_on_disk_is_merged_not_overwritten() {
    let dir = scratch("changed");
    let mut s = edited_session(&dir, &[]);
    // Someone else renames a stage in the file meanwhile.
    let theirs = EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1);
    cxmap::storage::write_atomic(&dir.join("map.ron"), theirs.as_bytes()).unwrap();
    s.wait_for("changed on disk: merged with your edits", 5);
    s.wait_for("Find us (3)", 5);
    s.send("\x13");
    s.wait_for("Saved map.ron", 5);
    let saved = fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(saved.contains("name: \"Find us\""), "theirs kept");
    assert!(
        saved.contains("emotion: 2,\n                    evidence: 9,"),
        "ours kept"
    );
    s.send("q");
    s.wait_exit(5);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_conflicting_change_on_disk_asks_which_to_keep() {
    let dir = scratch("conflict");
    let mut s = edited_session(&dir, &[]);
    let theirs = EXAMPLE.replacen(
        "emotion: 0,\n                    evidence: 9,",
        "emotion: -2,\n                    evidence: 9,",
        1,
    );
    cxmap::storage::write_atomic(&dir.join("map.ron"), theirs.as_bytes()).unwrap();
    s.wait_for("Changed on both sides: 1", 5);
    s.wait_for("emotion is +2 on ours", 5);
    s.send("t");
    s.wait_for("▶C -- Search", 5);
    s.send("\x13");
    s.wait_for("Saved map.ron", 5);
    assert_eq!(fs::read_to_string(dir.join("map.ron")).unwrap(), theirs);
    s.send("q");
    s.wait_exit(5);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn two_windows_on_one_file_see_each_others_saves() {
    let dir = scratch("two");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut a = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    let mut b = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    a.wait_for("Checks 9", 10);
    b.wait_for("Checks 9", 10);
    b.send("j-"); // an unsaved edit in b
    b.wait_for("[+] modified", 5);
    a.send("+\x13");
    a.wait_for("Saved map.ron", 5);
    // Within about a second: notify wakes the other window at once.
    b.wait_for("changed on disk: merged with your edits", 3);
    b.wait_for("C  + Search", 3);
    b.send("\x13");
    b.wait_for("Saved map.ron", 5);
    a.wait_for("changed on disk: reloaded", 3);
    a.wait_for("D -- Compare fees", 3);
    for s in [&mut a, &mut b] {
        s.send("q");
        assert!(s.wait_exit(5).expect("exits").success());
    }
    let saved = fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(
        saved.contains("emotion: 1,\n                    evidence: 9,")
            && saved.contains("emotion: -2,\n                    evidence: 14,"),
        "both edits: {saved}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
#[ignore = "needs user and mount namespaces (unshare -rm) for a private tmpfs; .ci/run runs it where \
            they exist, and the file-size-limit test covers a full disk everywhere"]
fn a_save_into_a_really_full_tmpfs_keeps_file_and_edits() {
    // A private 64 KiB tmpfs (user and mount namespaces, so no root needed),
    // filled until the map no longer fits twice.
    let dir = scratch("tmpfs");
    fs::write(dir.join("original.ron"), EXAMPLE).unwrap();
    let probe = Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"])
        .status();
    assert!(
        probe.is_ok_and(|s| s.success()),
        "this system cannot mount a private tmpfs (unshare -rm): run this test only where it can"
    );
    let script = "mkdir -p small && unshare -rm sh -c 'mount -t tmpfs -o size=64k tmpfs small && cp original.ron small/map.ron \
                  && head -c 40000 /dev/zero > small/filler && cd small && {cxmap} map.ron; \
                  cmp -s map.ron ../original.ron && echo FILE-UNCHANGED; sleep 5'";
    let mut s = Session::start_shell(script, 100, 30, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send("+");
    s.send("\x13");
    let screen = s.wait_for("Not saved: ", 5);
    assert!(
        screen.contains("No space left on device") && screen.contains("your edits are kept"),
        "{screen}"
    );
    assert!(screen.contains("[+] modified"));
    s.send("q");
    s.wait_for("Save the change", 5);
    s.send("d");
    s.wait_for("FILE-UNCHANGED", 5);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_state_folder_that_is_a_link_turns_recovery_copies_off_and_says_so() {
    let dir = scratch("state-link");
    let elsewhere = dir.join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::create_dir_all(dir.join(".state")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join(".state/cxmap")).unwrap();
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut s = Session::start(&["map.ron"], 100, 24, &dir, &[]);
    let screen = s.wait_for("Recovery copies are off: ", 10);
    assert!(screen.contains("is a symbolic link"), "{screen}");
    s.send("++");
    s.wait_for("[+] modified", 5);
    std::thread::sleep(Duration::from_millis(1500));
    s.hang_up();
    assert_eq!(assert_gone_within_2s(&mut s).exit_code(), 129);
    let written: Vec<_> = fs::read_dir(&elsewhere).unwrap().collect();
    assert!(written.is_empty(), "nothing written there: {written:?}");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn restoring_after_the_file_was_saved_meanwhile_keeps_both() {
    let dir = scratch("restore-merge");
    let mut s = edited_session(&dir, &[]);
    wait_for_copies(&dir, 1, "the copy of the unsaved edits");
    s.signal("KILL");
    s.wait_exit(3).expect("gone");
    // Someone saves another change to the file before cxmap is opened again.
    let theirs = EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1);
    fs::write(dir.join("map.ron"), &theirs).unwrap();
    let mut s = Session::start(&["map.ron"], 100, 30, &dir, &[]);
    s.wait_for("1 change was saved to the file after that", 10);
    s.send("r");
    s.wait_for("merged with the 1 change saved since", 5);
    s.send("\x13");
    s.wait_for("Saved map.ron", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    let saved = fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(
        saved.contains("name: \"Find us\""),
        "the saved change: {saved}"
    );
    assert!(
        saved.contains("emotion: 2,\n                    evidence: 9,"),
        "the restored edits: {saved}"
    );
    assert!(recovery_copies(&dir).is_empty());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_terminal_that_goes_away_without_a_hang_up_signal_ends_the_session_all_the_same() {
    // Under su, runuser or setsid no SIGHUP comes when the terminal closes:
    // only its input ends. cxmap must notice that, not spin for ever on it.
    let dir = scratch("no-sighup");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut s = Session::start_shell(
        "setsid -w sh -c 'echo $$ > pid; exec {cxmap} map.ron'",
        80,
        24,
        &dir,
        &[],
    );
    s.wait_for("Checks 9", 10);
    s.send("++");
    s.wait_for("[+] modified", 5);
    let pid = fs::read_to_string(dir.join("pid"))
        .unwrap()
        .trim()
        .to_owned();
    s.hang_up();
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        let zombie = fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|stat| stat.split_whitespace().nth(2) == Some("Z"));
        if zombie {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(4),
            "cxmap is still running {:?} after its terminal went away",
            start.elapsed()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("gone after {:?}", start.elapsed());
    assert_offered_back(&dir);
    fs::remove_dir_all(dir).unwrap();
}

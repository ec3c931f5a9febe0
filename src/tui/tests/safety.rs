//! Recovery copies, changes on disk and conflicts, driven by keys.

use super::*;
use crate::storage::Recovery;
use crate::tui::overlay::{EditedFrom, RecoverOffer, Recovered};
use std::time::{Duration, Instant};

/// The example saved in `dir`, opened as a real document with recovery on.
fn opened(dir: &std::path::Path) -> App {
    let path = dir.join("map.ron");
    std::fs::write(&path, EXAMPLE).unwrap();
    let mut app = open_file(&path);
    app.set_recovery(Some(Recovery::new(dir.join("recovery"))), None);
    app
}

/// Recovery copies in `dir`, not counting the locks beside them.
fn copies(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir.join("recovery")).map_or(0, |d| {
        d.filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ron"))
        })
        .count()
    })
}

#[test]
fn a_recovery_copy_follows_the_edits_and_a_save_removes_it() {
    let dir = scratch("copy");
    let mut app = opened(&dir);
    let now = Instant::now();
    keys(&mut app, "+");
    app.after_events(now);
    assert_eq!(
        app.recovery_timeout(now),
        Some(Duration::from_secs(1)),
        "due a second after the edit"
    );
    assert_eq!(copies(&dir), 0, "not before");
    let copy = app.write_recovery().expect("written");
    assert!(copy.starts_with(dir.join("recovery")));
    assert_eq!(app.recovery_timeout(now), None);
    keys(&mut app, "<C-s>");
    app.after_events(now);
    assert_eq!(copies(&dir), 0, "a clean save removes it");
    keys(&mut app, "-u");
    app.after_events(now);
    assert_eq!(
        app.recovery_timeout(now),
        None,
        "back at the saved state: nothing to keep"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn saving_the_example_under_a_name_moves_its_copy_to_that_name() {
    let dir = scratch("save-as");
    let mut app = example();
    let recovery = Recovery::new(dir.join("recovery"));
    app.set_recovery(Some(recovery.clone()), None);
    keys(&mut app, "+");
    app.after_events(Instant::now());
    let unsaved = app.write_recovery().expect("written");
    assert!(
        unsaved
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("unsaved-")
    );
    let path = dir.join("workshop.ron");
    keys(&mut app, "<C-s>");
    keys(&mut app, &format!("{}<Enter>", path.display()));
    app.after_events(Instant::now());
    assert!(path.exists(), "saved");
    assert_eq!(
        copies(&dir),
        0,
        "the copy of the unsaved map went with the save"
    );
    keys(&mut app, "+");
    app.after_events(Instant::now());
    let copy = app.write_recovery().expect("written");
    assert_eq!(
        copy,
        recovery.copy_path(Some(&path), None),
        "the map's own copy, which the next start offers"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_recovery_copy_takes_what_is_being_typed_in_the_editor() {
    let dir = scratch("typing");
    let mut app = opened(&dir);
    let now = Instant::now();
    keys(&mut app, "e<Tab><C-u>kio");
    app.after_events(now);
    assert_eq!(
        app.recovery_timeout(now),
        Some(Duration::from_secs(1)),
        "typing makes a copy due, though nothing is applied yet"
    );
    let copy = app.recovery_copy_due().expect("written");
    app.wait_for_recovery();
    let text = std::fs::read_to_string(copy).unwrap();
    assert!(text.contains("channel: \"kio\""), "{text}");
    assert_eq!(top(&app), "editor", "the editor stays open");
    keys(&mut app, "sk<Esc>");
    assert_eq!(app.selected_touchpoint().unwrap().channel, "kiosk");
    keys(&mut app, "u");
    assert_eq!(
        app.selected_touchpoint().unwrap().channel,
        "web search",
        "the editor's changes still undo as one step"
    );
    // A count that does not parse yet is left out, and nothing is said.
    keys(
        &mut app,
        &format!("e{}<C-u>1x", to_row(crate::model::TouchpointKey::Evidence)),
    );
    app.recovery_copy_due();
    assert_eq!(app.selected_touchpoint().unwrap().evidence, 9);
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(&app, area, &mut buf);
    let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("1x"), "still being typed");
    assert!(!screen.contains("not a number"), "and not remarked on");
    keys(&mut app, "<Tab>");
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(&app, area, &mut buf);
    let screen: String = buf.content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("not a number"), "leaving the field says so");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_end_of_a_session_keeps_what_is_half_typed() {
    let mut app = example();
    keys(&mut app, "aHalf typed");
    app.flush_editors(true);
    assert_eq!(selected(&app), "Half typed", "a name being typed is added");
    keys(&mut app, "<Esc>e<Tab><C-u>kiosk");
    app.flush_editors(true);
    assert_eq!(app.selected_touchpoint().unwrap().channel, "kiosk");
    keys(&mut app, "<Esc>/Compare");
    let before = app.map().clone();
    app.flush_editors(true);
    assert_eq!(app.map(), &before, "a search changes nothing");
}

#[test]
fn a_change_on_disk_reloads_an_unedited_map_and_undo_takes_it_back() {
    let dir = scratch("reload");
    let mut app = opened(&dir);
    let theirs = EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1);
    std::fs::write(dir.join("map.ron"), &theirs).unwrap();
    app.disk_changed();
    assert_eq!(app.map().stages[0].name, "Find us");
    assert!(!app.document().is_modified(), "the document is the file");
    assert!(status(&app).contains("reloaded"));
    app.disk_changed();
    assert_eq!(
        app.map().stages[0].name,
        "Find us",
        "the same file twice changes nothing"
    );
    keys(&mut app, "u");
    assert_eq!(app.map().stages[0].name, "Discover");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn saving_over_a_changed_file_merges_first() {
    let dir = scratch("merge");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    let theirs = EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1);
    std::fs::write(dir.join("map.ron"), &theirs).unwrap();
    keys(&mut app, "<C-s>");
    let saved = std::fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(saved.contains("name: \"Find us\""), "theirs kept");
    assert!(
        saved.contains("emotion: 1,\n                    evidence: 9,"),
        "ours kept"
    );
    assert!(!app.document().is_modified());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_conflicting_save_asks_then_saves() {
    let dir = scratch("conflict");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    let theirs = EXAMPLE.replacen(
        "emotion: 0,\n                    evidence: 9,",
        "emotion: -2,\n                    evidence: 9,",
        1,
    );
    std::fs::write(dir.join("map.ron"), &theirs).unwrap();
    keys(&mut app, "<C-s>");
    assert_eq!(top(&app), "conflicts");
    assert_eq!(
        std::fs::read_to_string(dir.join("map.ron")).unwrap(),
        theirs,
        "nothing written yet"
    );
    keys(&mut app, "t");
    assert_eq!(top(&app), "none");
    assert_eq!(
        std::fs::read_to_string(dir.join("map.ron")).unwrap(),
        theirs,
        "theirs taken, and saved"
    );
    assert!(!app.document().is_modified());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn conflicts_left_for_later_wait_in_the_checks_view() {
    let dir = scratch("later");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    let theirs = EXAMPLE.replacen(
        "emotion: 0,\n                    evidence: 9,",
        "emotion: -2,\n                    evidence: 9,",
        1,
    );
    std::fs::write(dir.join("map.ron"), &theirs).unwrap();
    app.disk_changed();
    assert_eq!(top(&app), "conflicts");
    keys(&mut app, "<Esc>");
    assert_eq!(app.map().conflicts.len(), 1);
    keys(&mut app, "<Tab><Tab>");
    assert_eq!(app.checks_selected(), 0);
    keys(&mut app, "<Enter>");
    assert_eq!(top(&app), "conflicts", "Enter on a conflict settles it");
    keys(&mut app, "o");
    assert!(app.map().conflicts.is_empty());
    assert_eq!(
        app.selected_touchpoint().map(|t| t.emotion),
        Some(crate::model::Emotion::new(1))
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The words on a 90-column screen, each row's joined to the next, so that
/// a sentence wrapped in a dialog as wide as the screen reads whole.
fn render(app: &App) -> String {
    let area = Rect::new(0, 0, 90, 40);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    ratatui::widgets::Widget::render(app, area, &mut buf);
    let text: String = buf
        .content()
        .iter()
        .map(|c| match c.symbol() {
            "│" | "─" | "┌" | "┐" | "└" | "┘" => " ",
            other => other,
        })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A session on map.ron in `dir` that made `edit` and stopped without
/// saving; then the file became `file_now`. The next start, with its offer.
fn reopened_after(dir: &std::path::Path, edit: &str, file_now: &str) -> App {
    let mut app = opened(dir);
    keys(&mut app, edit);
    app.after_events(Instant::now());
    app.write_recovery().expect("written");
    drop(app);
    std::fs::write(dir.join("map.ron"), file_now).unwrap();
    let mut app = open_file(&dir.join("map.ron"));
    let recovery = Recovery::new(dir.join("recovery"));
    let slot = recovery.claim_left_over(app.document().path());
    let left = slot.existing().expect("the copy is offered");
    let edited_from = left.base.map_or(EditedFrom::Unknown, EditedFrom::File);
    let recovered = Recovered {
        map: left.map,
        edited_from,
        when: "today".into(),
    };
    let offer = RecoverOffer::new(app.map(), app.document().revision(), recovered);
    app.open(Overlay::Recover(offer));
    app.set_recovery(Some(recovery), Some(slot));
    app
}

/// The example with its first stage renamed, saved by someone else.
fn renamed() -> String {
    EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1)
}

#[test]
fn restoring_a_copy_older_than_the_file_keeps_what_was_saved_since() {
    let dir = scratch("restore-merge");
    let mut app = reopened_after(&dir, "+", &renamed());
    let screen = render(&app);
    assert!(
        screen.contains(
            "1 change was saved to the file after that; restoring merges the edits with it"
        ),
        "{screen}"
    );
    keys(&mut app, "r");
    assert_eq!(top(&app), "none");
    assert_eq!(
        status(&app),
        "Restored the unsaved edits, merged with the 1 change saved since: Ctrl+S saves them, u takes them back"
    );
    keys(&mut app, "<C-s>");
    let saved = std::fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(
        saved.contains("name: \"Find us\""),
        "the saved change stays"
    );
    assert!(
        saved.contains("emotion: 1,\n                    evidence: 9,"),
        "and the restored edit is there"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn restoring_over_a_conflicting_change_asks_which_to_keep() {
    let dir = scratch("restore-conflict");
    let theirs = EXAMPLE.replacen(
        "emotion: 0,\n                    evidence: 9,",
        "emotion: -2,\n                    evidence: 9,",
        1,
    );
    let mut app = reopened_after(&dir, "+", &theirs);
    keys(&mut app, "r");
    assert_eq!(top(&app), "conflicts", "settled in the conflict list");
    assert!(
        status(&app).ends_with("; 1 thing was changed on both sides: choose which to keep"),
        "{}",
        status(&app)
    );
    keys(&mut app, "t");
    keys(&mut app, "<C-s>");
    assert_eq!(
        std::fs::read_to_string(dir.join("map.ron")).unwrap(),
        theirs
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_copy_the_file_already_has_restores_nothing() {
    let dir = scratch("restore-nothing");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    app.after_events(Instant::now());
    app.write_recovery().expect("written");
    let saved_elsewhere = crate::storage::to_canonical(app.map());
    drop(app);
    std::fs::write(dir.join("map.ron"), saved_elsewhere).unwrap();
    let app = open_file(&dir.join("map.ron"));
    let slot = Recovery::new(dir.join("recovery")).claim_left_over(app.document().path());
    let left = slot.existing().unwrap();
    let recovered = Recovered {
        map: left.map,
        edited_from: EditedFrom::File(left.base.unwrap()),
        when: "today".into(),
    };
    assert!(RecoverOffer::new(app.map(), app.document().revision(), recovered).changes_nothing());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_copy_that_does_not_say_what_it_was_edited_from_is_restored_only_when_asked_twice() {
    let dir = scratch("restore-unknown");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    app.after_events(Instant::now());
    let copy = app.write_recovery().expect("written");
    drop(app);
    // As an older cxmap wrote it: no base.
    let text = std::fs::read_to_string(&copy).unwrap();
    let older: String = text
        .lines()
        .filter(|l| !l.starts_with("// edited from"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&copy, older).unwrap();
    std::fs::write(dir.join("map.ron"), renamed()).unwrap();
    let mut app = open_file(&dir.join("map.ron"));
    let slot = Recovery::new(dir.join("recovery")).claim_left_over(app.document().path());
    let left = slot.existing().unwrap();
    assert!(left.base.is_none());
    let recovered = Recovered {
        map: left.map,
        edited_from: EditedFrom::Unknown,
        when: "today".into(),
    };
    app.open(Overlay::Recover(RecoverOffer::new(
        app.map(),
        app.document().revision(),
        recovered,
    )));
    assert!(render(&app).contains("undoing anything saved to the file"));
    keys(&mut app, "r");
    assert_eq!(top(&app), "recover", "not yet");
    assert_eq!(app.map().stages[0].name, "Find us");
    let screen = render(&app);
    assert!(
        screen.contains("stage 'Find us' renamed to 'Discover'"),
        "what would be undone is shown: {screen}"
    );
    assert!(screen.contains("r again restores the copy"), "{screen}");
    keys(&mut app, "r");
    assert_eq!(top(&app), "none");
    assert_eq!(app.map().stages[0].name, "Discover", "asked twice: done");
    assert!(status(&app).starts_with("Restored the copy in place of the file's version"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_recovery_offer_restores_discards_or_waits() {
    for (key, expect_restored, expect_copy) in [
        ("r", true, true),
        ("d", false, false),
        ("<Esc>", false, true),
    ] {
        let dir = scratch("offer");
        let mut app = opened(&dir);
        let mut recovered = app.map().clone();
        recovered.stages[0].name = "Recovered".into();
        let recovery = app.recovery().unwrap().clone();
        let slot = recovery.claim(app.document().path());
        slot.write(&recovered, app.document().base()).unwrap();
        app.set_recovery(Some(recovery), Some(slot));
        let recovered = Recovered {
            map: recovered,
            edited_from: EditedFrom::File(app.document().base().clone()),
            when: "today".into(),
        };
        let offer = RecoverOffer::new(app.map(), app.document().revision(), recovered);
        app.open(Overlay::Recover(offer));
        keys(&mut app, "v");
        assert_eq!(top(&app), "recover", "v shows the differences and stays");
        keys(&mut app, key);
        assert_eq!(top(&app), "none");
        assert_eq!(
            app.map().stages[0].name == "Recovered",
            expect_restored,
            "{key}"
        );
        assert_eq!(copies(&dir) == 1, expect_copy, "{key}: the copy");
        if key == "<Esc>" {
            keys(&mut app, "+");
            app.after_events(Instant::now());
            app.write_recovery();
            assert_eq!(
                copies(&dir),
                2,
                "later: this session keeps its own copy beside the old one"
            );
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}

/// The first touchpoint's emotion after `+`, as the file has it.
const OURS: &str = "emotion: 1,\n                    evidence: 9,";

/// Another program replacing the file at the worst moment: after the save
/// wrote its temporary file, before it replaced the map with it.
fn replace_during_save(
    path: &std::path::Path,
    times: usize,
    text: impl Fn(usize) -> String + 'static,
) {
    let mut done = 0;
    let path = path.to_path_buf();
    crate::storage::hooks::set_before_rename(move |_| {
        if done < times {
            let other = path.with_extension("other");
            std::fs::write(&other, text(done)).unwrap();
            std::fs::rename(&other, &path).unwrap();
            done += 1;
        }
    });
}

#[test]
fn a_change_that_lands_while_saving_is_merged_not_overwritten() {
    let dir = scratch("during-save");
    let path = dir.join("map.ron");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    replace_during_save(&path, 1, |_| {
        EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1)
    });
    keys(&mut app, "<C-s>");
    crate::storage::hooks::clear();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("name: \"Find us\""), "theirs kept:\n{saved}");
    assert!(
        saved.contains("emotion: 1,\n                    evidence: 9,"),
        "ours kept"
    );
    assert!(
        status(&app).contains("with the changes made on disk merged in"),
        "{}",
        status(&app)
    );
    assert!(!app.document().is_modified());
    assert_eq!(
        app.map().stages[0].name,
        "Find us",
        "the app shows theirs too"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_that_keeps_changing_while_saving_is_never_overwritten() {
    let dir = scratch("keeps-changing");
    let path = dir.join("map.ron");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    replace_during_save(&path, usize::MAX, |n| {
        EXAMPLE.replacen("name: \"Discover\"", &format!("name: \"Stage {n}\""), 1)
    });
    keys(&mut app, "<C-s>");
    crate::storage::hooks::clear();
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert!(
        on_disk.contains("name: \"Stage 2\""),
        "the last change is there"
    );
    assert!(!on_disk.contains(OURS), "ours was not written over it");
    assert!(status(&app).starts_with("Not saved"), "{}", status(&app));
    assert!(app.document().is_modified(), "the edit is kept, unsaved");
    keys(&mut app, "<C-s>");
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("name: \"Stage 2\"") && saved.contains(OURS));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_broken_on_disk_is_written_over_only_as_it_was_shown() {
    let dir = scratch("broken-then-changed");
    let path = dir.join("map.ron");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    std::fs::write(&path, "(half a map").unwrap();
    keys(&mut app, "<C-s>");
    assert!(status(&app).contains("does not load"), "{}", status(&app));
    // Someone fixes the file in the moment before the second Ctrl+S lands.
    replace_during_save(&path, 1, |_| {
        EXAMPLE.replacen("name: \"Discover\"", "name: \"Fixed\"", 1)
    });
    keys(&mut app, "<C-s>");
    crate::storage::hooks::clear();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("name: \"Fixed\""),
        "their fix is kept:\n{saved}"
    );
    assert!(saved.contains(OURS), "and ours merged in");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The permission bits of `path` itself (a link is not followed).
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn the_copy_of_a_private_map_is_private_and_so_is_its_folder() {
    use std::os::unix::fs::PermissionsExt;
    for map_mode in [0o600, 0o644] {
        let dir = scratch("private");
        let mut app = opened(&dir);
        let path = dir.join("map.ron");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(map_mode)).unwrap();
        keys(&mut app, "+");
        app.after_events(Instant::now());
        let copy = app.write_recovery().expect("written");
        assert_eq!(mode(&copy), 0o600, "the copy of a {map_mode:o} map");
        assert_eq!(mode(&copy.with_extension("lock")), 0o600, "its lock");
        assert_eq!(mode(&copy.with_extension("base")), 0o600, "its base");
        assert_eq!(mode(&dir.join("recovery")), 0o700, "the folder");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn a_copy_written_by_an_older_cxmap_is_replaced_by_a_private_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("older-copy");
    let mut app = opened(&dir);
    let recovery = app.recovery().cloned().unwrap();
    let copy = recovery.copy_path(app.document().path(), None);
    std::fs::create_dir_all(recovery.dir()).unwrap();
    std::fs::write(&copy, "left by an older cxmap").unwrap();
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();
    keys(&mut app, "+");
    app.after_events(Instant::now());
    assert_eq!(app.write_recovery().as_deref(), Some(copy.as_path()));
    assert_eq!(mode(&copy), 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_link_planted_at_the_copy_name_is_replaced_and_its_target_left_alone() {
    let dir = scratch("copy-link");
    let mut app = opened(&dir);
    let recovery = app.recovery().cloned().unwrap();
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "someone else's file").unwrap();
    let copy = recovery.copy_path(app.document().path(), None);
    std::fs::create_dir_all(recovery.dir()).unwrap();
    std::os::unix::fs::symlink(&victim, &copy).unwrap();
    keys(&mut app, "+");
    app.after_events(Instant::now());
    assert_eq!(app.write_recovery().as_deref(), Some(copy.as_path()));
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "someone else's file",
        "the link's target is untouched"
    );
    assert!(std::fs::symlink_metadata(&copy).unwrap().is_file());
    assert_eq!(mode(&copy), 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_change_on_disk_while_the_offer_is_open_is_neither_undone_nor_loses_the_copy() {
    let dir = scratch("offer-then-disk");
    // The copy was edited from the file as it is when the app opens.
    let mut app = reopened_after(&dir, "+", EXAMPLE);
    // While the offer is on screen, someone saves a change to the file.
    std::fs::write(dir.join("map.ron"), renamed()).unwrap();
    app.disk_changed();
    app.after_events(Instant::now());
    assert_eq!(top(&app), "recover", "the offer stays");
    assert_eq!(copies(&dir), 1, "and its copy is not removed by the reload");
    let screen = render(&app);
    assert!(
        screen.contains("1 change was saved to the file after that"),
        "the offer now merges with it: {screen}"
    );
    keys(&mut app, "r");
    keys(&mut app, "<C-s>");
    let saved = std::fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(
        saved.contains("name: \"Find us\""),
        "the change on disk stays"
    );
    assert!(saved.contains(OURS), "and the restored edit is there");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn keeping_the_offer_for_later_after_a_change_on_disk_keeps_the_copy() {
    let dir = scratch("offer-later-disk");
    let mut app = reopened_after(&dir, "+", EXAMPLE);
    std::fs::write(dir.join("map.ron"), renamed()).unwrap();
    app.disk_changed();
    app.after_events(Instant::now());
    keys(&mut app, "<Esc>");
    assert_eq!(copies(&dir), 1, "kept for later, as the message says");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_name_being_typed_when_the_file_changes_it_too_is_a_conflict_to_settle() {
    let dir = scratch("typing-vs-disk");
    let mut app = opened(&dir);
    keys(&mut app, "e<C-u>Ours");
    assert!(!app.document().is_modified(), "typed, not yet applied");
    let theirs = EXAMPLE.replacen(
        "name: \"Search for a business account online\"",
        "name: \"Theirs\"",
        1,
    );
    std::fs::write(dir.join("map.ron"), &theirs).unwrap();
    app.disk_changed();
    assert_eq!(top(&app), "conflicts", "{}", status(&app));
    let screen = render(&app);
    assert!(
        screen.contains("Ours") && screen.contains("Theirs"),
        "{screen}"
    );
    keys(&mut app, "t");
    assert_eq!(top(&app), "editor", "back in the editor");
    assert_eq!(selected(&app), "Theirs");
    keys(&mut app, "<Esc><C-s>");
    assert_eq!(top(&app), "none");
    let saved = std::fs::read_to_string(dir.join("map.ron")).unwrap();
    assert!(saved.contains("name: \"Theirs\""), "{saved}");
    assert!(!saved.contains("conflicts"), "settled, so none kept");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_conflict_found_while_an_editor_is_open_is_shown_over_it() {
    let dir = scratch("editor-conflict");
    let mut app = opened(&dir);
    keys(&mut app, "e<C-u>Ours<Tab>");
    assert!(
        app.document().is_modified(),
        "applied as the field was left"
    );
    let theirs = EXAMPLE.replacen(
        "name: \"Search for a business account online\"",
        "name: \"Theirs\"",
        1,
    );
    std::fs::write(dir.join("map.ron"), &theirs).unwrap();
    app.disk_changed();
    assert_eq!(top(&app), "conflicts");
    let screen = render(&app);
    assert!(screen.contains("Theirs"), "{screen}");
    keys(&mut app, "<Esc>");
    assert_eq!(top(&app), "editor", "Esc leaves the conflict for later");
    keys(&mut app, "<Esc>");
    assert_eq!(top(&app), "none");
    keys(&mut app, "<C-s>");
    assert!(
        status(&app).ends_with("1 conflict is kept in it to settle (Checks view)"),
        "{}",
        status(&app)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn every_change_a_restore_would_make_can_be_read_before_restoring() {
    let dir = scratch("offer-scroll");
    let mut app = opened(&dir);
    let mut copy = app.map().clone();
    for stage in &mut copy.stages {
        let stage = &mut **stage;
        for (i, tp) in stage.touchpoints.iter_mut().enumerate() {
            tp.name = format!("Renamed {i} in {}", stage.name);
        }
    }
    let recovered = Recovered {
        map: copy,
        edited_from: EditedFrom::Unknown,
        when: "today".into(),
    };
    let offer = RecoverOffer::new(app.map(), app.document().revision(), recovered);
    app.open(Overlay::Recover(offer));
    app.resize(60, 18);
    keys(&mut app, "v");
    let screen = |app: &mut App| super::screens::text(&super::screens::draw(app, 60, 18));
    let first = screen(&mut app);
    assert!(first.contains("more below (↓ j PgDn)"), "{first}");
    assert!(!first.contains("more above"), "{first}");
    // Down to the end: the last change is shown, and nothing is below it.
    for _ in 0..40 {
        keys(&mut app, "j");
    }
    let last = screen(&mut app);
    assert!(last.contains("more above (↑ k PgUp)"), "{last}");
    assert!(!last.contains("more below"), "{last}");
    assert!(
        last.contains("Renamed 2 in Get help"),
        "the last change: {last}"
    );
    keys(&mut app, "<PgUp><PgUp><PgUp><PgUp>");
    assert!(!screen(&mut app).contains("more above"));
    assert_eq!(top(&app), "recover", "reading changes nothing");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_link_planted_where_the_map_was_never_sends_a_save_elsewhere() {
    use std::os::unix::fs::symlink;
    let dir = scratch("planted-link");
    let path = dir.join("map.ron");
    let mut app = opened(&dir);
    keys(&mut app, "+");
    // Someone with write access to the folder swaps the map for a link to
    // a file of the user's that does not exist yet.
    let victim = dir.join("authorized_keys");
    std::fs::remove_file(&path).unwrap();
    symlink(&victim, &path).unwrap();
    keys(&mut app, "<C-s>");
    assert!(status(&app).contains("symbolic link"), "{}", status(&app));
    keys(&mut app, "<C-s>");
    assert!(!victim.exists(), "nothing written through the link");
    assert!(app.document().is_modified(), "the edits are kept");
    // And a link to a file that exists: told, never written over, even
    // when asked twice.
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "my notes").unwrap();
    std::fs::remove_file(&path).unwrap();
    symlink(&notes, &path).unwrap();
    app.disk_changed();
    assert!(status(&app).contains("symbolic link"), "{}", status(&app));
    keys(&mut app, "<C-s>");
    keys(&mut app, "<C-s>");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
    assert!(std::fs::symlink_metadata(&path).unwrap().is_symlink());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_map_opened_through_a_link_is_saved_through_it() {
    use std::os::unix::fs::symlink;
    let dir = scratch("through-link");
    let real = dir.join("real.ron");
    std::fs::write(&real, EXAMPLE).unwrap();
    let link = dir.join("link.ron");
    symlink(&real, &link).unwrap();
    let mut app = open_file(&link);
    keys(&mut app, "+<C-s>");
    assert!(status(&app).starts_with("Saved"), "{}", status(&app));
    assert!(std::fs::read_to_string(&real).unwrap().contains(OURS));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_new_map_named_with_an_escape_code_saves_a_map_that_loads() {
    let dir = scratch("escape-name");
    let path = dir.join("s\u{1b}[1mB.ron");
    let mut app = open_file(&path);
    assert_eq!(app.map().title, "s[1mB");
    keys(&mut app, "AStage<Enter><C-s>");
    assert!(status(&app).starts_with("Saved"), "{}", status(&app));
    assert!(crate::storage::load(&path).is_ok(), "it opens again");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The nice value in a thread's `stat` file (its 19th field).
#[cfg(target_os = "linux")]
fn nice_of(stat: &str) -> i64 {
    let text = std::fs::read_to_string(stat).unwrap_or_default();
    let rest = text.rfind(')').map_or("", |end| &text[end + 2..]);
    rest.split(' ')
        .nth(16)
        .and_then(|n| n.parse().ok())
        .unwrap_or(i64::MIN)
}

/// The nice values of this process's threads named `name`.
#[cfg(target_os = "linux")]
fn threads_named(name: &str) -> Vec<i64> {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm")).is_ok_and(|comm| comm.trim() == name)
        })
        .map(|task| nice_of(&task.path().join("stat").to_string_lossy()))
        .collect()
}

#[test]
fn an_edit_made_while_a_copy_is_being_written_ends_up_in_the_copy() {
    let dir = scratch("in-flight");
    let mut app = opened(&dir);
    let now = Instant::now();
    keys(&mut app, "+");
    app.after_events(now);
    let gate = app.recovery_writer().gate();
    let held = gate.lock().unwrap();
    let copy = app.recovery_copy_due().expect("due");
    let first = app.map().clone();
    while !app.recovery_writer().under_way() {
        std::thread::sleep(Duration::from_millis(1));
    }
    // The key is answered while the copy is under way (the test holds it),
    // by a thread that goes before the writer's on a busy machine.
    #[cfg(target_os = "linux")]
    {
        let writers = threads_named("recovery copy");
        let ours = nice_of(&format!("/proc/self/task/{}/stat", unsafe {
            libc::gettid()
        }));
        assert!(!writers.is_empty(), "a writer thread runs");
        assert!(
            writers.iter().all(|&nice| nice > ours),
            "{writers:?} against {ours}"
        );
    }
    keys(&mut app, "x");
    assert_eq!(app.selected_touchpoint().unwrap().emotion, None);
    app.after_events(now);
    app.recovery_copy_due();
    drop(held);
    app.wait_for_recovery();
    let kept = crate::storage::load(&copy).expect("the copy loads").map;
    assert_ne!(kept, first, "not the snapshot that was under way");
    assert_eq!(kept, *app.map(), "the edit made meanwhile is in the copy");
    // A session that ends while a copy is under way leaves the latest.
    keys(&mut app, "+");
    app.after_events(now);
    app.recovery_copy_due();
    keys(&mut app, "+");
    assert_eq!(app.end_session().as_deref(), Some(copy.as_path()));
    let kept = crate::storage::load(&copy).expect("the copy loads").map;
    assert_eq!(kept, *app.map(), "the last edit is in the copy");
    // Quitting removes it, whatever was under way.
    keys(&mut app, "-");
    app.after_events(now);
    app.recovery_copy_due();
    app.remove_recovery();
    app.wait_for_recovery();
    assert_eq!(copies(&dir), 0);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A map opened with recovery in `name`'s folder, and the keys its copies
/// give way to, each for up to a minute (longer than any test waits).
fn waiting_for_keys(name: &str) -> (std::path::PathBuf, App, crate::storage::KeysFirst) {
    let dir = scratch(name);
    let app = opened(&dir);
    let terminal = app.keys_first();
    terminal.give_way_at_most(Duration::from_secs(60));
    (dir, app, terminal)
}

/// An edit by `key`, seen by the loop at `now`: a recovery copy comes due.
fn edit(app: &mut App, key: &str, now: Instant) {
    keys(app, key);
    app.after_events(now);
}

/// Waits up to ten seconds for `copy` to hold `map`.
fn copy_comes_to_hold(copy: &std::path::Path, map: &crate::model::Map) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if crate::storage::load(copy).is_ok_and(|kept| kept.map == *map) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn a_copy_in_the_background_gives_way_to_a_key_until_its_frame_is_drawn() {
    let (dir, mut app, terminal) = waiting_for_keys("keys-first");
    let now = Instant::now();
    edit(&mut app, "+", now);
    // A key has come from the terminal, not yet answered with a frame.
    terminal.arrived();
    let copy = app.recovery_copy_due().expect("due");
    while !app.recovery_writer().under_way() {
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(!copy.exists(), "the copy waits while the key is unanswered");
    terminal.answered(1);
    assert!(copy_comes_to_hold(&copy, app.map()), "then goes on");

    // A key the app takes long to answer holds a copy up for a while only.
    terminal.give_way_at_most(Duration::from_millis(20));
    edit(&mut app, "+", now);
    terminal.arrived();
    app.recovery_copy_due();
    assert!(
        copy_comes_to_hold(&copy, app.map()),
        "written, the key unanswered"
    );

    // A session that ends while a copy waits for a key does not wait for it
    // in turn: the copy it writes itself has the last edit.
    terminal.give_way_at_most(Duration::from_secs(60));
    edit(&mut app, "-", now);
    terminal.arrived();
    app.recovery_copy_due();
    keys(&mut app, "-");
    let ending = Instant::now();
    assert_eq!(app.end_session().as_deref(), Some(copy.as_path()));
    assert!(
        ending.elapsed() < Duration::from_secs(30),
        "not held up by the key"
    );
    let kept = crate::storage::load(&copy).expect("the copy loads").map;
    assert_eq!(kept, *app.map(), "the last edit is in the copy");
    std::fs::remove_dir_all(dir).unwrap();
}

/// Counts a key for `terminal` every few milliseconds, never answered, as
/// a key held down reaches a loop that waits for the writer, until the
/// flag is set.
fn keys_keep_coming(
    terminal: crate::storage::KeysFirst,
) -> (
    std::sync::Arc<std::sync::atomic::AtomicBool>,
    std::thread::JoinHandle<()>,
) {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    let thread = std::thread::spawn(move || {
        while !stopped.load(std::sync::atomic::Ordering::SeqCst) {
            terminal.arrived();
            std::thread::sleep(Duration::from_millis(3));
        }
    });
    (stop, thread)
}

#[test]
fn keys_that_keep_coming_hold_a_copy_off_a_second_at_most_and_never_a_session_end() {
    let (dir, mut app, terminal) = waiting_for_keys("keys-keep-coming");
    let now = Instant::now();
    // A flood of keys the loop is slow to answer: the copy still lands.
    edit(&mut app, "+", now);
    let (stop, flood) = keys_keep_coming(terminal.clone());
    let copy = app.recovery_copy_due().expect("due");
    assert!(copy_comes_to_hold(&copy, app.map()), "written, keys or not");
    // A session that ends while keys still come (a held key, a mouse drag)
    // and a copy waits for them: the loop answers none of them now, and
    // must not wait for the copy that waits for it.
    edit(&mut app, "+", now);
    app.recovery_copy_due();
    keys(&mut app, "-");
    let ending = Instant::now();
    assert_eq!(app.end_session().as_deref(), Some(copy.as_path()));
    assert!(
        ending.elapsed() < Duration::from_secs(30),
        "not held up by the keys"
    );
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    flood.join().unwrap();
    let kept = crate::storage::load(&copy).expect("the copy loads").map;
    assert_eq!(kept, *app.map(), "the last edit is in the copy");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn edits_closer_together_than_a_second_get_a_copy_within_five_seconds() {
    let dir = scratch("steady-edits");
    let mut app = opened(&dir);
    let start = Instant::now();
    let mut latest = start;
    for step in 0..30u32 {
        let now = start + Duration::from_millis(900) * step;
        keys(&mut app, if step % 2 == 0 { "+" } else { "-" });
        app.after_events(now);
        let due = now + app.recovery_timeout(now).expect("a copy is due");
        assert!(
            due <= start + Duration::from_secs(5),
            "step {step}: due {:?} after the first edit",
            due - start
        );
        latest = now;
        if due <= now + Duration::from_millis(900) {
            break;
        }
    }
    assert!(
        latest < start + Duration::from_secs(5),
        "the copy came due while edits went on"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_copy_under_way_in_the_background_counts_as_busy_for_the_watchdog() {
    let dir = scratch("busy");
    let mut app = opened(&dir);
    let activity = app.recovery_activity();
    assert!(!activity.busy(), "nothing written yet");
    keys(&mut app, "+");
    app.after_events(Instant::now());
    let gate = app.recovery_writer().gate();
    let held = gate.lock().unwrap();
    app.recovery_copy_due().expect("due");
    while !app.recovery_writer().under_way() {
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(activity.busy(), "the copy under way is busy");
    drop(held);
    app.wait_for_recovery();
    assert!(!activity.busy(), "written: nothing under way");
    assert_eq!(copies(&dir), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_watchdog_waits_while_a_copy_is_written_and_no_longer_than_a_minute() {
    use crate::tui::Watchdog;
    let signal = Instant::now();
    let at = |ms: u64| signal + Duration::from_millis(ms);
    // Nothing written: the loop has a second and a half.
    let mut idle = Watchdog::new(signal);
    assert!(!idle.expired(at(1400), false));
    assert!(idle.expired(at(1500), false));
    // A copy written from 1 s to 5 s: the watchdog waits for it, then gives
    // the loop the same grace to exit.
    let mut writing = Watchdog::new(signal);
    assert!(!writing.expired(at(1000), true));
    assert!(!writing.expired(at(4000), true));
    assert!(!writing.expired(at(5000), true));
    assert!(!writing.expired(at(6000), false));
    assert!(writing.expired(at(6500), false));
    // A copy that never ends (a dead disk): a minute at most.
    let mut stuck = Watchdog::new(signal);
    assert!(!stuck.expired(at(59_000), true));
    assert!(stuck.expired(at(60_000), true));
}

#[test]
fn a_copy_that_is_due_goes_before_keys_already_queued() {
    use crate::tui::{Input, Next, next};
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let dir = scratch("flood");
    let mut app = opened(&dir);
    let start = Instant::now();
    edit(&mut app, "+", start);
    // Keys coming faster than a big map answers them: the queue is never
    // empty (an attacker's flood at 100,000 touchpoints held the copy off
    // for as long as it lasted, and kill -9 then lost every edit).
    let (send, events) = std::sync::mpsc::channel();
    for _ in 0..100 {
        let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
        send.send(Input::Terminal(Event::Key(j))).unwrap();
    }
    assert!(
        matches!(next(&app, &events, start), Next::Input(_)),
        "before the copy is due, the keys come first"
    );
    let due = start + app.recovery_timeout(start).expect("a copy is due");
    for _ in 0..3 {
        assert!(
            matches!(next(&app, &events, due), Next::CopyDue),
            "once due, the copy goes before the 99 keys waiting"
        );
    }
    app.recovery_copy_due().expect("the copy is handed over");
    assert!(matches!(next(&app, &events, due), Next::Input(_)));
    app.wait_for_recovery();
    std::fs::remove_dir_all(dir).unwrap();
}

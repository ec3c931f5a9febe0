//! The terminal app end to end: the real binary in a pseudo-terminal.

#[path = "support/pty.rs"]
mod pty;

use pty::Session;
use std::fs;
use std::path::PathBuf;
use std::time::Duration;

const EXAMPLE: &str = include_str!("../maps/business-account.ron");

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-tui-e2e-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn build_a_stage_and_a_touchpoint_tag_it_save_and_quit() {
    let dir = scratch("build");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send("A");
    s.wait_for("New stage:", 5);
    s.type_slowly("Research\r");
    s.wait_for("Added stage 'Research'", 5);
    s.send("a");
    s.wait_for("New touchpoint:", 5);
    s.type_slowly("Read reviews\r");
    s.wait_for("Added 'Read reviews'", 5);
    s.send("w");
    s.wait_for("Does the customer put this wish into words?", 5);
    s.send("s");
    s.wait_for("Subconscious: a chance to delight", 5);
    s.send("--");
    s.wait_for("S -- Read reviews", 5);
    s.send("\x13"); // Ctrl+S
    s.wait_for("Saved map.ron", 5);
    s.send("q");
    let status = s.wait_exit(5).expect("cxmap exits on q");
    assert!(status.success());

    let saved = fs::read_to_string(dir.join("map.ron")).unwrap();
    let map = cxmap::storage::from_bytes(saved.as_bytes()).unwrap().map;
    assert_eq!(map.stages[1].name, "Research");
    let tp = &map.stages[1].touchpoints[0];
    assert_eq!(tp.name, "Read reviews");
    assert_eq!(tp.wish, Some(cxmap::model::Wish::Subconscious));
    assert_eq!(tp.emotion, cxmap::model::Emotion::new(-2));
    assert_eq!(
        cxmap::storage::to_canonical(&map),
        saved,
        "saved in canonical form"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn no_arguments_opens_the_example_and_the_terminal_is_restored() {
    let dir = scratch("example");
    let mut s = Session::start(&[], 80, 24, &dir, &[]);
    let screen = s.wait_for("Opening a business", 10);
    assert!(screen.contains("Discover (3)"), "{screen}");
    assert!(screen.contains("─ Emotion"));
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    // The alternate screen is left on exit.
    s.wait_until_gone("Discover (3)", 5);
    fs::remove_dir_all(dir).unwrap();
}

/// A click at a 1-based column and row, as the terminal reports it (SGR).
fn click(x: u16, y: u16) -> String {
    format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")
}

#[test]
fn the_mouse_switches_views_selects_and_opens_cards() {
    let dir = scratch("mouse");
    let mut s = Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send(&click(55, 1)); // the Plan tab
    s.wait_for("EDUNI action plan", 5);
    s.send(&click(47, 1)); // the Board tab
    s.wait_for("─ Emotion", 5);
    // 'Compare fees' in the first stage, under the first card's three lines.
    s.send(&click(12, 6));
    s.wait_for("▶D  - Compare fees", 5);
    s.send(&format!("{}{}", click(12, 6), click(12, 6)));
    s.wait_for("Edit: Compare fees in the price list", 5);
    s.send("\x1b");
    s.wait_for("─ Emotion", 5);
    s.send("\x1b[<65;12;4M"); // the wheel, down
    s.wait_for("▶S    Ask the", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn esc_and_the_next_key_arriving_together_are_both_kept() {
    // A slow link can deliver Esc and the next key in one read.
    let dir = scratch("esc-j");
    let mut s = Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send("?");
    s.wait_for("Help:", 5);
    s.send("\x1bj");
    s.wait_for("▶D  - Compare fees", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn quitting_with_unsaved_changes_asks_and_discard_leaves_the_file() {
    let dir = scratch("ask");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send("+");
    s.wait_for("[+] modified", 5);
    s.send("\x03"); // Ctrl+C
    s.wait_for("Save the change to map.ron before quitting?", 5);
    s.send("d");
    assert!(s.wait_exit(5).expect("exits").success());
    assert_eq!(fs::read_to_string(dir.join("map.ron")).unwrap(), EXAMPLE);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_new_file_is_created_on_the_first_save_only() {
    let dir = scratch("new");
    let mut s = Session::start(&["fresh.ron"], 80, 24, &dir, &[]);
    s.wait_for("No stages yet", 10);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    assert!(
        !dir.join("fresh.ron").exists(),
        "nothing is written without a save"
    );

    let mut s = Session::start(&["fresh.ron"], 80, 24, &dir, &[]);
    s.wait_for("No stages yet", 10);
    s.type_slowly("AFirst\r");
    s.wait_for("Added stage", 5);
    s.send("\x13");
    s.wait_for("Saved fresh.ron", 5);
    s.send("q");
    assert!(s.wait_exit(5).expect("exits").success());
    let text = fs::read_to_string(dir.join("fresh.ron")).unwrap();
    assert!(text.contains("title: \"fresh\","), "{text}");
    assert!(text.contains("name: \"First\","));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_broken_file_does_not_open_the_app() {
    let dir = scratch("broken");
    let broken = EXAMPLE.replacen("wish: Deception,", "wish: Deceptoin,", 1);
    fs::write(dir.join("map.ron"), &broken).unwrap();
    let mut s = Session::start(&["map.ron"], 80, 24, &dir, &[]);
    let status = s.wait_exit(5).expect("exits at once");
    assert_eq!(status.exit_code(), 2);
    s.wait_for("map.ron:42:27: `Deceptoin` is not a wish", 5);
    assert_eq!(fs::read_to_string(dir.join("map.ron")).unwrap(), broken);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn idle_means_silent_and_a_cursor_move_is_small() {
    let dir = scratch("idle");
    let s = &mut Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    // The first key also clears the welcome note; measure the second.
    s.send("j");
    // Drawn first, then quiet: a slow machine does not count a late frame
    // as noise when idle.
    s.wait_for("▶D  - Compare", 5);
    let settled = s.settle(Duration::from_millis(300));
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(
        s.received.load(std::sync::atomic::Ordering::SeqCst),
        settled,
        "nothing is written while nobody types"
    );
    s.send("k");
    s.wait_for("▶C  0 Search", 5);
    let after = s.settle(Duration::from_millis(300));
    assert!(after > settled, "the move was drawn");
    assert!(
        after - settled < 100,
        "a cursor move redraws a few cells, not the screen: {} bytes: {:?}",
        after - settled,
        String::from_utf8_lossy(&s.raw()[settled..after])
    );
    s.send("i");
    s.wait_for("Search for a business account online · web search", 5);
    s.send("q");
    s.wait_exit(5);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn no_color_shows_no_colour() {
    let dir = scratch("nocolor");
    let s = Session::start(&[], 80, 24, &dir, &[("NO_COLOR", "1")]);
    s.wait_for("Checks 9", 10);
    let screen = s.parser_screen_colours();
    assert!(
        screen.is_empty(),
        "cells with colour under NO_COLOR: {screen:?}"
    );
    let coloured = Session::start(&[], 80, 24, &dir, &[]);
    coloured.wait_for("Checks 9", 10);
    assert!(
        !coloured.parser_screen_colours().is_empty(),
        "colour otherwise"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_mouse_is_asked_for_clicks_drags_and_the_wheel_and_moving_it_costs_nothing() {
    let dir = scratch("mouse-modes");
    let s = &mut Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    assert_eq!(
        s.mouse_mode(),
        "ButtonMotion",
        "1002: drags, not every motion"
    );
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    for mode in ["?1000h", "?1002h", "?1006h"] {
        assert!(raw.contains(mode), "{mode} asked for");
    }
    assert!(!raw.contains("?1003h"), "never every motion of the pointer");
    // A terminal that reports motion anyway: the app writes nothing for it.
    s.send("j");
    s.wait_for("▶D  - Compare", 5);
    let settled = s.settle(Duration::from_millis(300));
    for x in 5..45 {
        s.send(&format!("\x1b[<35;{x};{}M", 3 + x % 7));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        s.received.load(std::sync::atomic::Ordering::SeqCst),
        settled,
        "moving the mouse writes 0 bytes: {:?}",
        String::from_utf8_lossy(&s.raw()[settled..])
    );
    s.send("q");
    s.wait_exit(5);
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(
        raw.contains("?1003l") && raw.contains("?1000l"),
        "mouse modes off at the end"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn colours_go_out_as_the_basic_sixteen_codes() {
    let dir = scratch("basic-colours");
    let s = &mut Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.send("\t");
    s.wait_for("Respond", 5);
    s.send("\t");
    s.settle(Duration::from_millis(300));
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(!raw.contains("38;5;"), "no 256-colour foregrounds");
    assert!(!raw.contains("48;5;"), "no 256-colour backgrounds");
    let sgr: std::collections::BTreeSet<&str> = raw
        .split("\x1b[")
        .filter_map(|p| p.find('m').map(|e| &p[..e]))
        .filter(|p| p.len() < 20 && p.bytes().all(|b| b.is_ascii_digit() || b == b';'))
        .collect();
    let basic = |codes: std::ops::RangeInclusive<u8>| {
        sgr.iter().any(|p| {
            p.split(';')
                .any(|n| n.parse().is_ok_and(|n| codes.contains(&n)))
        })
    };
    assert!(
        basic(30..=37) || basic(90..=97),
        "basic foreground codes: {sgr:?}"
    );
    assert!(
        !s.parser_screen_colours().is_empty(),
        "and the terminal shows colour"
    );
    s.send("q");
    s.wait_exit(5);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn present_mode_shows_a_stage_at_a_time_and_esc_goes_back() {
    let dir = scratch("present");
    let mut s = Session::start(&["room.ron"], 80, 24, &dir, &[]);
    s.wait_for("No stages yet", 10);
    s.type_slowly("AArrive\r");
    s.wait_for("Added stage 'Arrive'", 5);
    s.type_slowly("aFind the door\r");
    s.wait_for("Added 'Find the door'", 5);
    s.send("w");
    s.wait_for("Does the customer put this wish into words?", 5);
    s.send("c");
    s.send("--");
    s.wait_for("C -- Find the door", 5);
    s.type_slowly("AMeet\r");
    s.wait_for("Added stage 'Meet'", 5);
    s.type_slowly("aCoffee with the team\r");
    s.wait_for("Added 'Coffee with the team'", 5);
    s.send("++");
    s.wait_for("++ Coffee with the team", 5);
    s.send("h");
    s.wait_for("▶C -- Find the door", 5);

    s.send("p");
    let screen = s.wait_for("stage 1 of 2", 5);
    assert!(
        screen.contains("Conscious — deliver it reliably"),
        "{screen}"
    );
    assert!(screen.contains("-- very bad"), "{screen}");
    assert!(screen.contains("━ Arrive ━"), "{screen}");
    assert!(screen.contains("Esc back"), "{screen}");
    s.send("l");
    let screen = s.wait_for("stage 2 of 2", 5);
    assert!(screen.contains("Coffee with the team"), "{screen}");
    assert!(screen.contains("++ very good"), "{screen}");
    assert!(
        !screen.contains("Find the door"),
        "one stage at a time: {screen}"
    );

    s.send("\x1b");
    s.wait_until_gone("stage 2 of 2", 5);
    let screen = s.wait_for("▶C -- Find the door", 5);
    assert!(screen.contains("Meet (1)"), "the board again: {screen}");
    s.send("q");
    s.wait_for("before quitting?", 5);
    s.send("d");
    assert!(s.wait_exit(5).expect("exits").success());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_config_file_chooses_the_theme_and_the_mouse_and_the_command_line_wins() {
    let dir = scratch("config");
    fs::create_dir_all(dir.join(".config/cxmap")).unwrap();
    fs::write(
        dir.join(".config/cxmap/config.ron"),
        "(theme: \"monochrome\", mouse: false)\n",
    )
    .unwrap();
    let mut s = Session::start(&[], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    assert!(s.parser_screen_colours().is_empty(), "monochrome");
    assert_eq!(s.mouse_mode(), "None", "mouse: false");
    s.send("q");
    s.wait_exit(5);
    let mut s = Session::start(&["--theme", "projector"], 80, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    assert!(!s.parser_screen_colours().is_empty(), "--theme wins");
    s.send("q");
    s.wait_exit(5);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_broken_config_file_is_named_on_the_status_line_and_the_defaults_apply() {
    let dir = scratch("config-broken");
    fs::create_dir_all(dir.join(".config/cxmap")).unwrap();
    fs::write(
        dir.join(".config/cxmap/config.ron"),
        "(\n    theme: \"monochrome\",\n    colour: false,\n)\n",
    )
    .unwrap();
    let mut s = Session::start(&[], 100, 24, &dir, &[]);
    s.wait_for("Checks 9", 10);
    s.settle(Duration::from_millis(300));
    // The message wraps: read it as words.
    let screen = s.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        screen.contains("config.ron:3:5: unknown setting `colour`")
            && screen.contains("the config file is ignored"),
        "{screen}"
    );
    assert!(!s.parser_screen_colours().is_empty(), "the default theme");
    s.send("q");
    assert!(s.wait_exit(5).expect("cxmap exits on q").success());
    fs::remove_dir_all(dir).unwrap();
}

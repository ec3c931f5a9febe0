//! What runs in this process, through the library: load, check, plan and
//! save, and key to finished frame through the app's own terminal
//! (`tui::Offscreen`: its backend and writer, into nothing).

use crate::stats::Sample;
use cxmap::model::{Date, Map, check, plan};
use cxmap::storage;
use cxmap::tui::{App, Document, Offscreen, Theme, View};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::path::Path;
use std::time::{Duration, Instant};

/// The date checks are made on, so that every run finds the same.
pub fn today() -> Date {
    Date::new(2026, 6, 1).expect("a date")
}

pub struct FileTimes {
    pub load: Sample,
    pub check: Sample,
    pub plan: Sample,
    pub save: Sample,
}

/// Loads `path` (read, parse, validate), checks it, makes its plan and saves
/// it to `out` (canonical text, fsync, rename), `runs` times each.
pub fn file_times(path: &Path, out: &Path, runs: usize) -> FileTimes {
    let (mut load, mut checks, mut plans, mut save) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let t = Instant::now();
        let loaded = storage::load(path).expect("the map loads");
        load.push(t.elapsed());

        let t = Instant::now();
        std::hint::black_box(check(&loaded.map, today()).len());
        checks.push(t.elapsed());

        let t = Instant::now();
        std::hint::black_box(plan(&loaded.map).items().count());
        plans.push(t.elapsed());

        let t = Instant::now();
        storage::save(out, &loaded.map).expect("the map saves");
        save.push(t.elapsed());
    }
    FileTimes {
        load: Sample::new(load),
        check: Sample::new(checks),
        plan: Sample::new(plans),
        save: Sample::new(save),
    }
}

/// Key to finished frame: the key handled as the loop handles it, then the
/// frame drawn, diffed and written through the app's own writer.
pub struct KeyTimes {
    pub moves: Sample,
    pub edits: Sample,
    pub views: Sample,
}

/// How many keys of each kind are timed.
pub struct Presses {
    pub moves: usize,
    pub edits: usize,
    pub views: usize,
}

/// Keys pressed untimed before each kind is timed.
const WARM_UP: usize = 4;

pub fn key_times(map: &Map, width: u16, height: u16, presses: &Presses) -> KeyTimes {
    let doc = Document::new(map.clone(), None, true);
    let mut app = App::new(doc, Theme::DEFAULT, today(), Rect::new(0, 0, width, height));
    let mut screen = Offscreen::new(std::io::sink(), width, height).expect("a terminal");
    screen.draw(&app).expect("draws");
    // Down eight cards and up again, in the first column.
    let moves = timed(&mut app, &mut screen, presses.moves, |i| {
        KeyCode::Char(if i % 16 < 8 { 'j' } else { 'k' })
    });
    // Board, Plan, Checks, and round again.
    let views = timed(&mut app, &mut screen, presses.views, |_| KeyCode::Tab);
    while app.view() != View::Board {
        press(&mut app, &mut screen, KeyCode::Tab);
    }
    // The first card's emotion down and up, or up and down: each key an
    // edit that changes the score.
    let edit = edit_keys(map);
    let edits = timed(&mut app, &mut screen, presses.edits, edit);
    KeyTimes {
        moves: Sample::new(moves),
        edits: Sample::new(edits),
        views: Sample::new(views),
    }
}

/// The keys that move the first card's score away and back, so that each
/// is an edit that changes it (at the end of the scale one would not).
fn edit_keys(map: &Map) -> impl Fn(usize) -> KeyCode + use<> {
    let first = map.stages.iter().find_map(|s| s.touchpoints.first());
    let top = first
        .and_then(|t| t.emotion)
        .is_some_and(|e| e.value() == 2);
    let (away, back) = if top { ('-', '+') } else { ('+', '-') };
    move |i| KeyCode::Char(if i % 2 == 0 { away } else { back })
}

/// An edit's key to frame on two maps at once, key by key in turn, at
/// `width` x `height`: the same moment's load on the machine weighs on
/// both, so that their ratio holds where each alone would vary.
pub fn edits_side_by_side(maps: [&Map; 2], width: u16, height: u16, count: usize) -> [Sample; 2] {
    let mut sessions = maps.map(|map| {
        let doc = Document::new(map.clone(), None, true);
        let app = App::new(doc, Theme::DEFAULT, today(), Rect::new(0, 0, width, height));
        let mut screen = Offscreen::new(std::io::sink(), width, height).expect("a terminal");
        screen.draw(&app).expect("draws");
        (app, screen, edit_keys(map))
    });
    let mut times = [Vec::new(), Vec::new()];
    for i in 0..WARM_UP + count {
        for (n, (app, screen, key)) in sessions.iter_mut().enumerate() {
            let start = Instant::now();
            press(app, screen, key(i));
            if i >= WARM_UP {
                times[n].push(start.elapsed());
            }
        }
    }
    times.map(Sample::new)
}

fn timed(
    app: &mut App,
    screen: &mut Offscreen<std::io::Sink>,
    count: usize,
    key: impl Fn(usize) -> KeyCode,
) -> Vec<Duration> {
    (0..WARM_UP + count)
        .map(|i| {
            let start = Instant::now();
            press(app, screen, key(i));
            start.elapsed()
        })
        .skip(WARM_UP)
        .collect()
}

/// One key, as the loop takes it: handled, then the frame drawn and sent.
fn press(app: &mut App, screen: &mut Offscreen<std::io::Sink>, code: KeyCode) {
    let now = Instant::now();
    app.handle_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
    app.after_events(now);
    screen.draw(app).expect("draws");
}

//! How fast the terminal app answers, on a generated map of 1,000 touchpoints:
//!
//! - key press to finished frame (update + render + diff), at 80x24 and 200x60;
//! - start-up time of the real binary to its first frame, in a pseudo-terminal;
//! - bytes written to the terminal for one cursor move at 80x24;
//! - bytes written while idle.
//!
//! ```text
//! cargo run --release --example bench_tui
//! cargo run --release --example bench_tui -- edits   # an edit's cost at 1,000 to 100,000
//! ```

#[path = "../tests/support/pty.rs"]
mod pty;

use cxmap::model::{Date, generated_map};
use cxmap::tui::{App, Document, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

const TOUCHPOINTS: usize = 1_000;

fn main() {
    if std::env::args().nth(1).as_deref() == Some("edits") {
        let today = Date::new(2026, 6, 1).expect("a date");
        for touchpoints in [1_000, 10_000, 100_000] {
            edit_cost(today, touchpoints);
        }
        return;
    }
    // The pty measurements run the real binary: make sure it is built.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = std::process::Command::new(cargo)
        .args(["build", "--release", "--bin", "cxmap"])
        .status();
    assert!(
        built.is_ok_and(|s| s.success()),
        "cargo build --release --bin cxmap failed"
    );
    let today = Date::new(2026, 6, 1).expect("a date");
    println!("map: {TOUCHPOINTS} touchpoints");
    for (w, h) in [(80, 24), (200, 60)] {
        key_to_frame(today, w, h);
    }
    let dir = std::env::temp_dir().join(format!("cxmap-bench-tui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    cxmap::storage::save(&dir.join("big.ron"), &generated_map(TOUCHPOINTS)).expect("saves");
    startup(&dir);
    bytes_per_move(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

fn key_to_frame(today: Date, width: u16, height: u16) {
    let doc = Document::new(generated_map(TOUCHPOINTS), None, true);
    let mut app = App::new(doc, Theme::DEFAULT, today, Rect::new(0, 0, width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draws");
    // A walk over the board: down a column, across stages, and back.
    let walk: Vec<KeyCode> = [KeyCode::Char('j'); 8]
        .into_iter()
        .chain([KeyCode::Char('l'); 6])
        .chain([KeyCode::Char('k'); 8])
        .chain([KeyCode::Char('h'); 6])
        .collect();
    let mut times = Vec::new();
    for round in 0..200 {
        for &code in &walk {
            let start = Instant::now();
            app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draws");
            if round > 5 {
                times.push(start.elapsed());
            }
        }
    }
    // An edit too: emotion up and down, which also refreshes plan and checks.
    let mut edits = edit_times(&mut app, &mut terminal, 400);
    let (median, p99) = stats(&mut times);
    let (edit_median, edit_p99) = stats(&mut edits);
    println!(
        "  key to frame at {width}x{height}: cursor move median {:.3} ms, p99 {:.3} ms; edit median {:.3} ms, p99 {:.3} ms   (target < 1 ms median)",
        ms(median),
        ms(p99),
        ms(edit_median),
        ms(edit_p99)
    );
}

/// Key to finished frame for an edit (emotion up, then down), which makes
/// the plan and the checks anew, at 80x24 on a map of `touchpoints`.
fn edit_cost(today: Date, touchpoints: usize) {
    let doc = Document::new(generated_map(touchpoints), None, true);
    let mut app = App::new(doc, Theme::DEFAULT, today, Rect::new(0, 0, 80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    let rounds = if touchpoints > 10_000 { 40 } else { 400 };
    let (median, p99) = stats(&mut edit_times(&mut app, &mut terminal, rounds));
    println!(
        "  edit at {touchpoints} touchpoints: median {:.3} ms, p99 {:.3} ms",
        ms(median),
        ms(p99)
    );
}

/// Key to finished frame for `rounds` edits: the selected touchpoint's
/// emotion up, then down.
fn edit_times(app: &mut App, terminal: &mut Terminal<TestBackend>, rounds: usize) -> Vec<Duration> {
    (0..rounds)
        .map(|i| {
            let start = Instant::now();
            app.handle_key(KeyEvent::new(
                KeyCode::Char(if i % 2 == 0 { '+' } else { '-' }),
                KeyModifiers::NONE,
            ));
            terminal
                .draw(|f| f.render_widget(&*app, f.area()))
                .expect("draws");
            start.elapsed()
        })
        .collect()
}

fn stats(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[times.len() * 99 / 100])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn startup(dir: &std::path::Path) {
    let mut times = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let mut s = pty::Session::start(&["big.ron"], 80, 24, dir, &[]);
        s.wait_for("Checks", 10);
        times.push(start.elapsed());
        s.send("q");
        s.wait_exit(5);
    }
    let (median, _) = stats(&mut times);
    println!(
        "  start-up to first frame (1,000 touchpoints, real binary in a pty): median {:.1} ms",
        ms(median)
    );
}

fn bytes_per_move(dir: &std::path::Path) {
    let quiet = Duration::from_millis(250);
    let mut s = pty::Session::start(&["big.ron"], 80, 24, dir, &[]);
    s.wait_for("Checks", 10);
    let mut before = s.settle(quiet);
    let idle_start = before;
    std::thread::sleep(Duration::from_secs(2));
    let idle = s.received.load(Ordering::SeqCst) - idle_start;
    println!("  bytes written in 2 s of idleness: {idle}");
    for (label, setup) in [
        ("as it starts (details hidden at 80x24)", ""),
        ("with details shown (i)", "i"),
    ] {
        if !setup.is_empty() {
            s.send(setup);
            before = s.settle(quiet);
        }
        let mut moves = Vec::new();
        for key in ["j", "j", "k", "k", "l", "h"] {
            s.send(key);
            let after = s.settle(quiet);
            moves.push(after - before);
            before = after;
        }
        moves.sort();
        println!(
            "  bytes for one cursor move at 80x24, {label}: median {}, min {}, max {}   (target < 100)",
            moves[moves.len() / 2],
            moves[0],
            moves[moves.len() - 1]
        );
    }
    s.send("q");
    s.wait_exit(5);
}

//! How fast the terminal app answers, on generated maps:
//!
//! - key press to finished frame (update + render + diff), in process, for a
//!   card move, a stage change, an edit on the board and in the editor, and a
//!   view switch, at 80x24 and 200x60 (`key_to_frame.rs`, which other benches
//!   include);
//! - start-up time of the real binary to its first frame, in a pseudo-terminal;
//! - bytes written to the terminal for one cursor move at 80x24;
//! - bytes written while idle.
//!
//! ```text
//! cargo run --release --example bench_tui                  # all of it, at 1,000 touchpoints
//! cargo run --release --example bench_tui -- keys          # key to frame at 1,000 to 100,000
//! cargo run --release --example bench_tui -- keys 10000 edit view presses=2000
//!                               # ... at the sizes, of the kinds and as many times as given
//! cargo run --release --example bench_tui -- edits         # only the edit (+), 1,000 to 100,000
//! ```

#[path = "../tests/support/pty.rs"]
mod pty;

#[path = "bench_tui/key_to_frame.rs"]
pub mod key_to_frame;

use cxmap::model::generated_map;
use key_to_frame::{Bench, Press, Timing, ms};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

const TOUCHPOINTS: usize = 1_000;
const SCREENS: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    // `presses=N`: as many presses of each kind (for a profile of them).
    let presses: Option<usize> = rest
        .iter()
        .find_map(|a| a.strip_prefix("presses=")?.parse().ok());
    let mut sizes: Vec<usize> = rest.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000, 100_000];
    }
    let mut kinds: Vec<Press> = Press::ALL
        .into_iter()
        .filter(|p| rest.iter().any(|a| a == p.short()))
        .collect();
    if kinds.is_empty() {
        kinds = Press::ALL.to_vec();
    }
    match args.first().map(String::as_str) {
        Some("keys") => {
            for touchpoints in sizes {
                key_table(touchpoints, &kinds, presses);
            }
            return;
        }
        Some("edits") => {
            for touchpoints in sizes {
                edit_cost(touchpoints);
            }
            return;
        }
        _ => {}
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
    key_table(TOUCHPOINTS, &Press::ALL, None);
    let dir = std::env::temp_dir().join(format!("cxmap-bench-tui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    cxmap::storage::save(&dir.join("big.ron"), &generated_map(TOUCHPOINTS)).expect("saves");
    startup(&dir);
    bytes_per_move(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

/// How many presses of each kind to time on a map of `touchpoints`.
fn presses_for(touchpoints: usize) -> usize {
    if touchpoints > 10_000 { 60 } else { 400 }
}

/// Key to frame for `kinds` of press at both screen sizes: a row per kind.
fn key_table(touchpoints: usize, kinds: &[Press], presses: Option<usize>) {
    let presses = presses.unwrap_or_else(|| presses_for(touchpoints));
    let map = generated_map(touchpoints);
    println!(
        "key to frame, {touchpoints} touchpoints, median / p99 in ms \
         (target: an edit under 1 ms at 10,000, under 5 ms at 100,000)"
    );
    let columns: Vec<Vec<(Press, Timing)>> = SCREENS
        .iter()
        .map(|&(w, h)| key_to_frame::presses(&map, w, h, presses, kinds))
        .collect();
    let header: String = SCREENS
        .iter()
        .map(|(w, h)| format!("{:>20}", format!("{w}x{h}")))
        .collect();
    println!("  {:<16}{header}", "");
    for (row, press) in kinds.iter().enumerate() {
        let cells: String = columns
            .iter()
            .map(|c| {
                let t = c[row].1;
                format!("{:>20}", format!("{:.3} / {:.3}", ms(t.median), ms(t.p99)))
            })
            .collect();
        println!("  {:<16}{cells}", press.name());
    }
}

/// Key to finished frame for an edit (emotion up, then down) at 80x24 on a
/// map of `touchpoints`.
fn edit_cost(touchpoints: usize) {
    let mut bench = Bench::new(generated_map(touchpoints), 80, 24);
    let Timing { median, p99 } = bench.time(Press::Edit, presses_for(touchpoints));
    println!(
        "  edit at {touchpoints} touchpoints: median {:.3} ms, p99 {:.3} ms",
        ms(median),
        ms(p99)
    );
}

fn stats(times: &mut [Duration]) -> (Duration, Duration) {
    let t = Timing::of(times.to_vec());
    (t.median, t.p99)
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

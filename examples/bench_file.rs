//! Load, check, plan and save a generated map of 10,000 touchpoints, and
//! print how long each took, the peak memory of loading alone against the
//! file's size, and the process's peak memory.
//!
//!     cargo run --release --example bench_file [touchpoints]
//!
//! The measuring runs in a child process, so that making up the map does not
//! count towards the peak memory.

use cxmap::model::{Date, check, generated_map, plan};
use cxmap::storage;
use std::time::{Duration, Instant};

const RUNS: usize = 7;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--measure") {
        measure(std::path::Path::new(&args[2]));
        return;
    }
    let touchpoints: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("cxmap-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let path = dir.join("generated.ron");
    let map = generated_map(touchpoints);
    storage::save(&path, &map).expect("the generated map saves");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "map: {touchpoints} touchpoints in {} stages, {:.1} MB on disk",
        map.stages.len(),
        size as f64 / 1e6
    );
    drop(map);
    let status = std::process::Command::new(std::env::current_exe().expect("own path"))
        .args(["--measure", path.to_str().expect("UTF-8 temp path")])
        .status()
        .expect("the measuring child runs");
    let _ = std::fs::remove_dir_all(&dir);
    std::process::exit(status.code().unwrap_or(1));
}

fn measure(path: &std::path::Path) {
    // Loading alone, before anything else has run, against the file's size.
    let size = std::fs::metadata(path).map_or(0, |m| m.len()) as f64;
    drop(storage::load(path).expect("the map loads"));
    let after_load = peak_kb();
    let today = Date::new(2026, 6, 1).expect("a date");
    let mut load = Vec::new();
    let mut checks = Vec::new();
    let mut plans = Vec::new();
    let mut save = Vec::new();
    let mut findings = 0;
    let mut items = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let loaded = storage::load(path).expect("the map loads");
        load.push(t.elapsed());

        let t = Instant::now();
        findings = check(&loaded.map, today).len();
        checks.push(t.elapsed());

        let t = Instant::now();
        items = plan(&loaded.map).items().count();
        plans.push(t.elapsed());

        let t = Instant::now();
        storage::save(path, &loaded.map).expect("the map saves");
        save.push(t.elapsed());
    }
    println!("{findings} findings, {items} plan items; median of {RUNS} runs:");
    report("load (read, parse, validate)", &mut load, 100);
    report("save (canonical text, fsync, rename)", &mut save, 150);
    report("check", &mut checks, 10);
    report("plan", &mut plans, 10);
    if let Some(kb) = after_load {
        println!(
            "  {:<38} {:>8.1} MB   ({:.1} times the file)",
            "peak memory after one load (VmHWM)",
            kb / 1024.0,
            kb * 1024.0 / size
        );
    }
    match peak_kb() {
        Some(kb) => println!(
            "  {:<38} {:>8.1} MB   (target < 40 MB)",
            "peak memory (VmHWM)",
            kb / 1024.0
        ),
        None => println!("  peak memory: not available on this system"),
    }
}

/// The process's peak resident memory so far, in KiB.
fn peak_kb() -> Option<f64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kb| kb.parse::<f64>().ok())
}

fn report(what: &str, times: &mut [Duration], target_ms: u64) {
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "  {what:<38} {:>8.2} ms   (target < {target_ms} ms)",
        median.as_secs_f64() * 1000.0
    );
}

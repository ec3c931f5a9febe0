//! The one benchmark: prints a Markdown table of how cxmap does at 200,
//! 1,000, 10,000 and 100,000 touchpoints, beside vim on the same files.
//!
//! ```text
//! cargo run --release --example bench                   # all four sizes
//! cargo run --release --example bench -- 200 10000      # the sizes given
//! cargo run --release --example bench -- --quick        # fewer runs
//! ```
//!
//! Load, check, plan and save run in this process through the library; key
//! to frame too, through the app's own terminal (`tui::Offscreen`). The CLI,
//! start-up, bytes, memory and idleness are the real release binary's, in a
//! pseudo-terminal of 80x24 (`tests/support/pty.rs`), with vim run on the
//! same file in the same run. README.md's "Performance" says what each row
//! measures. The table goes to stdout, progress to stderr.

#[path = "../../tests/support/pty.rs"]
mod pty;

mod library;
mod session;
mod stats;
mod table;
mod terminal;

use cxmap::model::generated_map;
use cxmap::storage;
use session::{Landmarks, Wire};
use stats::Sample;
use std::path::Path;
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthChar;

/// Everything measured at one size: one column of the table.
pub struct Column {
    pub size: usize,
    pub file_bytes: u64,
    pub file: library::FileTimes,
    pub cli: Cli,
    pub start_cxmap: Sample,
    pub start_vim: Sample,
    /// Key to frame at 80x24, then at 200x60.
    pub keys: [library::KeyTimes; 2],
    pub wire: Wire,
    pub vim_moves: Vec<usize>,
    pub vim_peak_kib: Option<u64>,
}

/// How many runs each figure takes: fewer at 100,000 touchpoints, fewer
/// still with `--quick`.
#[derive(Clone, Copy)]
pub struct Runs {
    pub quick: bool,
}

impl Runs {
    fn heavy(size: usize) -> bool {
        size >= 50_000
    }

    /// Load, check, plan and save; the CLI; start-up.
    pub fn whole(self, size: usize) -> usize {
        match (self.quick, Runs::heavy(size)) {
            (false, false) => 7,
            (false, true) | (true, false) => 3,
            (true, true) => 1,
        }
    }

    /// Keys pressed in process, of each kind.
    pub fn presses(self, size: usize) -> library::Presses {
        let (moves, edits, views) = match (self.quick, Runs::heavy(size)) {
            (false, false) => (400, 200, 150),
            (false, true) => (100, 30, 60),
            (true, false) => (100, 50, 30),
            (true, true) => (30, 10, 15),
        };
        library::Presses {
            moves,
            edits,
            views,
        }
    }

    /// Keys pressed while a recovery copy is written.
    pub fn copies(self) -> usize {
        if self.quick { 2 } else { 20 }
    }
}

fn main() {
    let mut sizes = Vec::new();
    let mut runs = Runs { quick: false };
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--quick" => runs.quick = true,
            size => match size.replace([',', '_'], "").parse::<usize>() {
                Ok(n) if n > 0 => sizes.push(n),
                _ => {
                    eprintln!("usage: cargo run --release --example bench -- [--quick] [SIZE...]");
                    std::process::exit(2);
                }
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![200, 1_000, 10_000, 100_000];
    }
    build_binary();
    let scratch = std::env::temp_dir().join(format!("cxmap-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    let vim = terminal::vim_available();
    let began = Instant::now();
    let load_before = load_average();
    let columns: Vec<Column> = sizes
        .iter()
        .map(|&size| measure(size, runs, &scratch, vim))
        .collect();
    let _ = std::fs::remove_dir_all(&scratch);
    let side_by_side = edits_side_by_side(&sizes, runs);
    println!("{}", table::markdown(&columns, runs));
    println!();
    if !side_by_side.is_empty() {
        println!("{side_by_side}");
        println!();
    }
    println!("{}", machine(load_before, began.elapsed(), vim));
}

/// An edit's key to frame at each size and at ten times that size, the two
/// maps' keys in turn (80x24, in process), as a Markdown table with their
/// ratio: the aim that an edit at 10,000 costs at most 1.5 times one at
/// 1,000 is read from maps measured at the same moments. Empty when no size
/// given is ten times another.
fn edits_side_by_side(sizes: &[usize], runs: Runs) -> String {
    let pairs: Vec<(usize, usize)> = sizes
        .iter()
        .filter(|&&small| sizes.contains(&(small * 10)))
        .map(|&small| (small, small * 10))
        .collect();
    if pairs.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "| an edit (+, -), 80x24, the two maps' keys in turn (median / p99) | smaller | 10× larger | larger / smaller (median) | keys each |\n|---|--:|--:|--:|--:|\n",
    );
    for (small, large) in pairs {
        progress(large, "edits beside the map a tenth its size");
        let maps = [generated_map(small), generated_map(large)];
        let count = runs.presses(large).edits * 2;
        let [a, b] = library::edits_side_by_side([&maps[0], &maps[1]], 80, 24, count);
        let ratio = stats::ratio(stats::secs(b.median()), stats::secs(a.median()));
        out.push_str(&format!(
            "| {} and {} | {} / {} | {} / {} | {ratio} | {count} |\n",
            stats::thousands(small),
            stats::thousands(large),
            stats::ms(a.median()),
            stats::ms(a.p99()),
            stats::ms(b.median()),
            stats::ms(b.p99()),
        ));
    }
    out
}

/// The pseudo-terminal runs the real binary: make sure it is built.
fn build_binary() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = std::process::Command::new(cargo)
        .args(["build", "--release", "--bin", "cxmap"])
        .status();
    assert!(
        built.is_ok_and(|s| s.success()),
        "cargo build --release --bin cxmap failed"
    );
}

fn progress(size: usize, what: &str) {
    eprintln!("[{}] {what}", stats::thousands(size));
}

fn measure(size: usize, runs: Runs, scratch: &Path, vim: bool) -> Column {
    let dir = scratch.join(format!("m{size}"));
    std::fs::create_dir_all(&dir).expect("a folder for the map");
    let name = format!("m{size}.ron");
    let path = dir.join(&name);
    progress(size, "making the map");
    let map = generated_map(size);
    storage::save(&path, &map).expect("the generated map saves");
    let marks = landmarks(&map);
    progress(size, "load, check, plan, save");
    let file = library::file_times(&path, &scratch.join("saved.ron"), runs.whole(size));
    progress(size, "key to frame in process");
    let presses = runs.presses(size);
    let keys = [(80, 24), (200, 60)].map(|(w, h)| library::key_times(&map, w, h, &presses));
    drop(map);
    progress(size, "the CLI");
    let cli = cli(&dir, &name, runs.whole(size));
    progress(size, "first frames, cxmap and vim in turn");
    let starts = first_frames(&dir, &name, &marks, runs.whole(size), vim);
    progress(size, "bytes, memory, the recovery copy, idleness");
    let wire = session::cxmap_session(&dir, &name, &marks, runs.copies());
    let file_bytes = std::fs::metadata(&path).map_or(0, |m| m.len());
    let _ = std::fs::remove_dir_all(&dir);
    Column {
        size,
        file_bytes,
        file,
        cli,
        start_cxmap: starts.cxmap,
        start_vim: starts.vim,
        keys,
        wire,
        vim_moves: starts.vim_moves,
        vim_peak_kib: starts.vim_peak_kib,
    }
}

/// The starts of the first card's and the first stage's names, as far as
/// twelve columns (less than any column of the board shows of them).
fn landmarks(map: &cxmap::model::Map) -> Landmarks {
    let start = |text: &str| {
        let mut width = 0;
        text.chars()
            .take_while(|c| {
                width += c.width().unwrap_or(0);
                width <= 12
            })
            .collect::<String>()
    };
    let stage = map.stages.first().expect("a generated map has stages");
    let card = stage.touchpoints.first().expect("and touchpoints");
    let second = stage.touchpoints.get(1).expect("two in the first stage");
    Landmarks {
        card: start(&card.name),
        stage: start(&stage.name),
        stages: map.stages.len(),
        score: card.emotion.map(cxmap::model::Emotion::value),
        second_score: second.emotion.map(cxmap::model::Emotion::value),
    }
}

/// `cxmap check` and `cxmap plan`, in turn; `check`'s peak memory.
fn cli(dir: &Path, file: &str, runs: usize) -> Cli {
    let mut cli = Cli::default();
    let (mut check, mut check_cpu, mut plan, mut plan_cpu) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let run = terminal::cli_run(dir, "check", file);
        check.push(run.wall);
        check_cpu.push(run.cpu);
        cli.check_peak_kib = cli.check_peak_kib.max(run.peak_kib);
        let run = terminal::cli_run(dir, "plan", file);
        plan.push(run.wall);
        plan_cpu.push(run.cpu);
    }
    cli.check = Sample::new(check);
    cli.check_cpu = Sample::new(check_cpu);
    cli.plan = Sample::new(plan);
    cli.plan_cpu = Sample::new(plan_cpu);
    cli
}

#[derive(Default)]
pub struct Cli {
    pub check: Sample,
    pub check_cpu: Sample,
    pub plan: Sample,
    pub plan_cpu: Sample,
    /// The most `cxmap check` took at once: loading the map, mostly.
    pub check_peak_kib: Option<u64>,
}

struct Starts {
    cxmap: Sample,
    vim: Sample,
    vim_moves: Vec<usize>,
    vim_peak_kib: Option<u64>,
}

/// cxmap and vim started in turn, run by run; in vim's last run, five
/// cursor moves (`j`) and its peak memory.
fn first_frames(dir: &Path, file: &str, marks: &Landmarks, runs: usize, vim: bool) -> Starts {
    let mut starts = Starts {
        cxmap: Sample::default(),
        vim: Sample::default(),
        vim_moves: Vec::new(),
        vim_peak_kib: None,
    };
    let (mut cxmap, mut vims) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let (session, time) = terminal::start_cxmap(dir, file, &marks.card);
        cxmap.push(time);
        terminal::stop(session, "q");
        let _ = std::fs::remove_dir_all(dir.join(".state"));
        if !vim {
            continue;
        }
        let (mut session, time) = terminal::start_vim(dir, file);
        vims.push(time);
        if run + 1 == runs {
            starts.vim_moves = (0..5)
                .map(|_| terminal::answer(&mut session, "j").bytes)
                .collect();
            starts.vim_peak_kib = terminal::peak_kib(session.pid());
        }
        terminal::stop(session, "\x1b:q!\r");
    }
    starts.cxmap = Sample::new(cxmap);
    starts.vim = Sample::new(vims);
    starts
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The machine, the commit and how busy the machine was.
fn machine(load_before: String, took: Duration, vim: bool) -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let mut commit = git(&["log", "-1", "--format=%h %s"]);
    if let Some((cut, _)) = commit.char_indices().nth(72) {
        commit.truncate(cut);
        commit.push('…');
    }
    let dirty = if git(&["status", "--porcelain", "--untracked-files=no"]).is_empty() {
        ""
    } else {
        " (with uncommitted changes)"
    };
    let vim_version = if vim {
        vim_version()
    } else {
        "not found".into()
    };
    format!(
        "Machine: {cpus} CPUs (nproc), {cpu}; load average {load_before} before, {} after; \
         took {:.0} s.  \nCommit: {commit}{dirty}.  \nvim: {vim_version}.",
        load_average(),
        took.as_secs_f64()
    )
}

fn vim_version() -> String {
    std::process::Command::new("vim")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_default()
}

//! The table: a row per figure, a column per size, the number of runs last.

use crate::stats::{Sample, bytes, median, ms, ratio, secs, thousands};
use crate::{Column, Runs};
use std::time::Duration;

struct Row {
    label: String,
    cells: Vec<String>,
    runs: String,
}

/// A row whose every cell comes from its column.
fn row(label: &str, columns: &[Column], runs: &str, cell: impl Fn(&Column) -> String) -> Row {
    Row {
        label: label.to_owned(),
        cells: columns.iter().map(cell).collect(),
        runs: runs.to_owned(),
    }
}

/// The runs behind a row of samples: one number, or one per column.
fn runs_of(columns: &[Column], sample: impl Fn(&Column) -> usize) -> String {
    let counts: Vec<String> = columns.iter().map(|c| sample(c).to_string()).collect();
    if counts.windows(2).all(|w| w[0] == w[1]) {
        counts.first().cloned().unwrap_or_default()
    } else {
        counts.join(" / ")
    }
}

/// A timed row: the median of each column's runs.
fn median_row(label: &str, columns: &[Column], sample: impl Fn(&Column) -> &Sample) -> Row {
    let runs = runs_of(columns, |c| sample(c).len());
    row(label, columns, &runs, |c| ms(sample(c).median()))
}

/// A timed row: median and 99th percentile.
fn p99_row(label: &str, columns: &[Column], sample: impl Fn(&Column) -> &Sample) -> Row {
    let runs = runs_of(columns, |c| sample(c).len());
    row(label, columns, &runs, |c| {
        let s = sample(c);
        format!("{} / {}", ms(s.median()), ms(s.p99()))
    })
}

/// How a time grows per ten times the touchpoints, from the column before
/// (10× is linear).
fn growth_row(label: &str, columns: &[Column], sample: impl Fn(&Column) -> &Sample) -> Row {
    let mut cells = vec!["—".to_owned()];
    for pair in columns.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let times = secs(sample(b).median()).zip(secs(sample(a).median()));
        let steps = (b.size as f64 / a.size as f64).log10();
        cells.push(match times {
            Some((tb, ta)) if ta > 0.0 && steps > 0.0 => {
                format!("{:.1}×", (tb / ta).powf(1.0 / steps))
            }
            _ => "—".into(),
        });
    }
    Row {
        label: label.to_owned(),
        cells,
        runs: "—".into(),
    }
}

/// A row of byte counts: the median, and the largest where they differ.
fn bytes_row(label: &str, columns: &[Column], counts: impl Fn(&Column) -> &[usize]) -> Row {
    let runs = runs_of(columns, |c| counts(c).len());
    row(label, columns, &runs, |c| {
        let counts = counts(c);
        let max = counts.iter().max().copied();
        match (median(counts), max) {
            (Some(m), Some(max)) if max != m => {
                format!("{} (max {})", bytes(Some(m)), thousands(max))
            }
            (m, _) => bytes(m),
        }
    })
}

fn mb(kib: Option<u64>) -> String {
    kib.map_or("—".into(), |k| {
        format!("{:.1} MB", k as f64 * 1024.0 / 1e6)
    })
}

fn section(title: &str, columns: &[Column]) -> Row {
    Row {
        label: format!("**{title}**"),
        cells: columns.iter().map(|_| String::new()).collect(),
        runs: String::new(),
    }
}

pub fn markdown(columns: &[Column], runs: Runs) -> String {
    let mut rows = vec![row("map file", columns, "—", |c| {
        format!("{:.1} MB", c.file_bytes as f64 / 1e6)
    })];
    rows.extend(library_rows(columns));
    rows.extend(startup_rows(columns));
    rows.extend(key_rows(columns));
    rows.extend(wire_rows(columns));
    rows.extend(memory_rows(columns));
    let header: Vec<String> = columns.iter().map(|c| thousands(c.size)).collect();
    let mut out = format!("| touchpoints | {} | runs |\n", header.join(" | "));
    out.push_str(&format!("|---|{}---|\n", "--:|".repeat(columns.len())));
    for r in rows {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            r.label,
            r.cells.join(" | "),
            r.runs
        ));
    }
    if runs.quick {
        out.push_str("\n(--quick: fewer runs than the full benchmark.)\n");
    }
    out
}

fn library_rows(columns: &[Column]) -> Vec<Row> {
    vec![
        section("In process, through the library (median)", columns),
        median_row("load: read, parse, validate", columns, |c| &c.file.load),
        median_row("check", columns, |c| &c.file.check),
        median_row("plan", columns, |c| &c.file.plan),
        median_row("save: canonical text, fsync, rename", columns, |c| {
            &c.file.save
        }),
        section("The CLI, real binary (median)", columns),
        median_row("`cxmap check FILE`, wall time", columns, |c| &c.cli.check),
        median_row("… its CPU time (user + system)", columns, |c| {
            &c.cli.check_cpu
        }),
        growth_row(
            "… growth of its CPU time per 10× touchpoints (10× is linear)",
            columns,
            |c| &c.cli.check_cpu,
        ),
        median_row("`cxmap plan FILE`, wall time", columns, |c| &c.cli.plan),
        median_row("… its CPU time (user + system)", columns, |c| {
            &c.cli.plan_cpu
        }),
        growth_row(
            "… growth of its CPU time per 10× touchpoints (10× is linear)",
            columns,
            |c| &c.cli.plan_cpu,
        ),
    ]
}

fn startup_rows(columns: &[Column]) -> Vec<Row> {
    vec![
        section(
            "Start-up to the first complete frame, pty 80x24 (median)",
            columns,
        ),
        median_row("cxmap FILE", columns, |c| &c.start_cxmap),
        median_row("vim -u NONE -n FILE", columns, |c| &c.start_vim),
        row("cxmap / vim", columns, "—", |c| {
            ratio(secs(c.start_cxmap.median()), secs(c.start_vim.median()))
        }),
    ]
}

fn key_rows(columns: &[Column]) -> Vec<Row> {
    let mut rows = vec![section(
        "Key to finished frame, in process: update, render, diff, the app's writer (median / p99)",
        columns,
    )];
    for (i, size) in ["80x24", "200x60"].iter().enumerate() {
        rows.push(p99_row(
            &format!("card move (j, k), {size}"),
            columns,
            |c| &c.keys[i].moves,
        ));
        rows.push(p99_row(&format!("edit (+, -), {size}"), columns, |c| {
            &c.keys[i].edits
        }));
        rows.push(p99_row(
            &format!("view switch (Tab), {size}"),
            columns,
            |c| &c.keys[i].views,
        ));
    }
    let runs = runs_of(columns, |c| c.wire.during_copy.len());
    rows.push(row(
        "a key 1.03 s after an edit, as its recovery copy is written (real binary, pty; median / max)",
        columns,
        &runs,
        |c| {
            let seen = if c.wire.copies_seen { "" } else { " (no copy seen)" };
            format!("{}{seen}", median_max(&c.wire.during_copy))
        },
    ));
    rows.push(row(
        "the same key once that copy is written, no copy under way (j; median / max)",
        columns,
        &runs,
        |c| median_max(&c.wire.no_copy),
    ));
    rows
}

/// "median / max" of key times.
fn median_max(times: &[Duration]) -> String {
    let max = times.iter().max().copied();
    format!("{} / {}", ms(Sample::new(times.to_vec()).median()), ms(max))
}

fn wire_rows(columns: &[Column]) -> Vec<Row> {
    let one = |label: &str, count: fn(&Column) -> usize| {
        row(label, columns, "1", move |c| bytes(Some(count(c))))
    };
    vec![
        section("Bytes written at 80x24, real binary in a pty", columns),
        one("first frame (a full repaint)", |c| c.wire.first_frame),
        bytes_row("card move (j), column still", columns, |c| &c.wire.moves),
        bytes_row("card move (j), column scrolled", columns, |c| {
            &c.wire.scrolled_moves
        }),
        bytes_row("stage change (l), board still", columns, |c| {
            &c.wire.stage_changes
        }),
        bytes_row("stage change (l), board scrolls sideways", columns, |c| {
            &c.wire.sideways
        }),
        bytes_row("view switch (Tab)", columns, |c| &c.wire.views),
        one("open help (?)", |c| c.wire.help_open),
        one("close help (Esc)", |c| c.wire.help_close),
        bytes_row("vim: cursor move (j)", columns, |c| &c.vim_moves),
        row("cxmap / vim, card move", columns, "—", |c| {
            let f = |v: &[usize]| median(v).map(|m| m as f64);
            ratio(f(&c.wire.moves), f(&c.vim_moves))
        }),
    ]
}

fn memory_rows(columns: &[Column]) -> Vec<Row> {
    vec![
        section("Memory and idleness, real binary in a pty", columns),
        row(
            "cxmap peak (VmHWM), first frame and the keys above",
            columns,
            "1",
            |c| mb(c.wire.peak_kib),
        ),
        row(
            "cxmap peak after edits and their recovery copies",
            columns,
            "1",
            |c| mb(c.wire.peak_after_edit_kib),
        ),
        row(
            "`cxmap check FILE` peak (ru_maxrss, the largest of its runs) / the file's size",
            columns,
            &runs_of(columns, |c| c.cli.check.len()),
            |c| {
                let peak = c.cli.check_peak_kib.map(|k| k as f64 * 1024.0);
                let file = Some(c.file_bytes as f64);
                format!("{} / {}", mb(c.cli.check_peak_kib), ratio(peak, file))
            },
        ),
        row(
            "vim peak (VmHWM), first frame and five j",
            columns,
            "1",
            |c| mb(c.vim_peak_kib),
        ),
        row("cxmap / vim, peak", columns, "—", |c| {
            ratio(
                c.wire.peak_kib.map(|k| k as f64),
                c.vim_peak_kib.map(|k| k as f64),
            )
        }),
        row(
            "idle 3 s after the recovery copy: bytes",
            columns,
            "1",
            |c| bytes(Some(c.wire.idle_bytes)),
        ),
        row(
            "idle 3 s after the recovery copy: wake-ups (context switches, all threads)",
            columns,
            "1",
            |c| c.wire.idle_wake_ups.map_or("—".into(), |w| w.to_string()),
        ),
    ]
}

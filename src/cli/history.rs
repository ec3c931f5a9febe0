//! `cxmap history FILE`: the map commit by commit, oldest first, as a
//! table with a sparkline of the pain index, or as CSV. Each commit's
//! figures are `model::stats` and the count of `model::check`'s findings,
//! with the commit's date deciding what is overdue (what the team faced
//! then, not what it would face today). A commit whose map does not parse
//! gets a row that says so, and the walk goes on.
//!
//! git is asked twice, however long the history (`history/log.rs`); a
//! blob that several commits share is parsed once, blobs are parsed on a
//! few threads as git streams them, and only a few are held at a time.

mod log;

use super::style::{BOLD, DIM, WARNING, out, out_exact, paint};
use super::{HistoryFormat, Outcome, style::note};
use crate::model::{Date, Stats, check, stats};
use crate::storage;
use crate::text::{fit, printable, truncate};
use log::{Blob, Commit, Left};
use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;
use std::sync::Mutex;

/// A commit and the map as it left it.
#[derive(Debug)]
pub struct Row {
    pub commit: Commit,
    pub state: State,
}

/// What a commit's map was.
#[derive(Debug)]
pub enum State {
    Read {
        stats: Stats,
        findings: usize,
    },
    /// It does not parse (or is not a map cxmap can read), and why.
    Broken(String),
    /// The commit deleted the file.
    Deleted,
}

pub fn run(file: &Path, rev: Option<&str>, format: HistoryFormat) -> Outcome {
    let shown = printable(&file.display().to_string());
    let rows = match log::in_repository().and_then(|()| rows(file, rev)) {
        Ok(rows) => rows,
        Err(error) => {
            note(&format!("{shown}: {error}"));
            return Outcome::Failure;
        }
    };
    if rows.is_empty() {
        note(&format!(
            "{shown}: no commit touched this file{}",
            rev.map_or(String::new(), |r| format!(" up to '{}'", printable(r)))
        ));
        return Outcome::Failure;
    }
    match format {
        HistoryFormat::Text => out(&text(&shown, &rows, super::style::terminal_columns())),
        HistoryFormat::Csv => out_exact(&csv(&rows)),
    }
    Outcome::Success
}

/// The rows, oldest first.
pub fn rows(file: &Path, rev: Option<&str>) -> Result<Vec<Row>, String> {
    let mut commits = log::commits(file, rev)?;
    commits.reverse();
    // Each distinct blob, with the commits that left it.
    let mut wanted: Vec<&str> = Vec::new();
    let mut users: Vec<Vec<usize>> = Vec::new();
    let mut place: HashMap<&str, usize> = HashMap::new();
    for (i, commit) in commits.iter().enumerate() {
        if let Left::Blob(id) = &commit.left {
            let at = *place.entry(id).or_insert_with(|| {
                wanted.push(id);
                users.push(Vec::new());
                wanted.len() - 1
            });
            users[at].push(i);
        }
    }
    let mut states = read_all(&commits, &wanted, &users)?;
    let mut rows: Vec<Row> = Vec::with_capacity(commits.len());
    for (i, commit) in commits.into_iter().enumerate() {
        let state = match commit.left {
            Left::Deleted => State::Deleted,
            _ => states.remove(&i).unwrap_or_else(|| match rows.last() {
                Some(before) => before.state.again(),
                None => State::Broken("git named no file".to_owned()),
            }),
        };
        rows.push(Row { commit, state });
    }
    Ok(rows)
}

/// Each commit's `State`, by its place in `commits`: each blob in `wanted`
/// parsed once, on as many threads as there are cores (up to four), as
/// git streams it, then counted at the date of each commit in `users`
/// that left it. At most a few blobs are held at once.
fn read_all(
    commits: &[Commit],
    wanted: &[&str],
    users: &[Vec<usize>],
) -> Result<HashMap<usize, State>, String> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Blob)>(workers);
    let receive = Mutex::new(receive);
    let states = Mutex::new(HashMap::with_capacity(commits.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let next = receive.lock().map(|r| r.recv());
                    let Ok(Ok((at, blob))) = next else { break };
                    let counted = count(blob, users[at].iter().map(|&i| (i, &commits[i])));
                    if let Ok(mut states) = states.lock() {
                        states.extend(counted);
                    }
                }
            });
        }
        let read = log::each_blob(wanted, |at, blob| {
            let _ = send.send((at, blob));
        });
        drop(send);
        read
    })?;
    Ok(states.into_inner().unwrap_or_default())
}

/// A blob's map counted at the date of each commit that left it.
fn count<'c>(
    blob: Blob,
    commits: impl Iterator<Item = (usize, &'c Commit)>,
) -> Vec<(usize, State)> {
    let map = match blob {
        Blob::Bytes(bytes) => storage::from_vec(bytes)
            .map(|l| l.map)
            .map_err(|e| e.to_string()),
        Blob::Unread(why) => Err(why),
    };
    commits
        .map(|(i, commit)| {
            let state = match &map {
                Ok(map) => {
                    let day = date_of(commit);
                    State::Read {
                        stats: stats(map, day).map,
                        findings: check(map, day).len(),
                    }
                }
                Err(why) => State::Broken(why.clone()),
            };
            (i, state)
        })
        .collect()
}

impl State {
    fn again(&self) -> State {
        match self {
            State::Read { stats, findings } => State::Read {
                stats: *stats,
                findings: *findings,
            },
            State::Broken(why) => State::Broken(why.clone()),
            State::Deleted => State::Deleted,
        }
    }

    fn pain(&self) -> Option<f64> {
        match self {
            State::Read { stats, .. } => stats.pain_index(),
            _ => None,
        }
    }
}

/// The commit's date, which decides what was overdue; today if git wrote
/// none cxmap reads.
fn date_of(commit: &Commit) -> Date {
    commit
        .date
        .parse()
        .unwrap_or_else(|_| crate::platform::today_local())
}

/// The sparkline's bars, for a pain index of 0 to 100 in eighths.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// A commit with nothing scored, one whose map did not parse, one that
/// deleted it.
const NO_INDEX: char = '·';
const BROKEN: char = '×';
const DELETED: char = ' ';
/// Sparkline marks a line.
const SPARK_WIDTH: usize = 60;

/// One mark per commit, oldest first.
pub fn sparkline(rows: &[Row]) -> String {
    rows.iter()
        .map(|row| match &row.state {
            State::Read { .. } => row.state.pain().map_or(NO_INDEX, |pain| {
                let level = (pain * 8.0 / 100.0).floor() as usize;
                BARS[level.min(7)]
            }),
            State::Broken(_) => BROKEN,
            State::Deleted => DELETED,
        })
        .collect()
}

/// The columns before a row's subject.
const BEFORE_SUBJECT: usize = 60;

/// The table, then the sparkline under it; on a terminal `columns` wide,
/// each subject cut to fit its line.
fn text(file: &str, rows: &[Row], columns: Option<usize>) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {}\n{}",
        paint(BOLD, &format!("History of {file}:")),
        crate::text::count(rows.len(), "commit"),
        paint(
            DIM,
            "oldest first; actions overdue as of each commit's date"
        )
    );
    let _ = writeln!(
        s,
        "\n{}",
        paint(
            DIM,
            "date       commit  pain research open done overdue findings subject"
        )
    );
    for row in rows {
        let c = &row.commit;
        let short = c.hash.get(..7).unwrap_or(&c.hash);
        let figures = match &row.state {
            State::Read { stats, findings } => format!(
                "{:>4} {:>8} {:>4} {:>4} {:>7} {:>8}",
                row.state
                    .pain()
                    .map_or("–".to_owned(), |p| format!("{p:.0}")),
                stats
                    .research_percent()
                    .map_or("–".to_owned(), |p| format!("{p}%")),
                stats.actions.open,
                stats.actions.done,
                stats.actions.overdue,
                findings
            ),
            State::Broken(_) => paint(WARNING, &fit(&format!("{BROKEN} does not parse"), 39)),
            State::Deleted => paint(DIM, &fit("(deleted in this commit)", 39)),
        };
        let subject = match columns {
            Some(columns) => truncate(&c.subject, columns.saturating_sub(BEFORE_SUBJECT).max(10)),
            None => c.subject.clone(),
        };
        let _ = writeln!(s, "{} {short} {figures} {subject}", c.date);
        if let State::Broken(why) = &row.state {
            let _ = writeln!(s, "{}", paint(DIM, &format!("{:19}{why}", "")));
        }
    }
    let _ = writeln!(s, "\n{}", paint(BOLD, "Pain index, oldest to newest:"));
    let marks: Vec<char> = sparkline(rows).chars().collect();
    for (i, line) in marks.chunks(SPARK_WIDTH).enumerate() {
        let first = &rows[i * SPARK_WIDTH].commit.date;
        let line: String = line.iter().collect();
        let _ = writeln!(s, "  {first}  {line}");
    }
    let _ = writeln!(
        s,
        "{}",
        paint(
            DIM,
            &format!(
                "  {} 0 to {} 100;  {NO_INDEX} nothing scored;  {BROKEN} did not parse;  \
                 a gap: deleted",
                BARS[0], BARS[7]
            )
        )
    );
    s
}

/// The rows as CSV, written as `cxmap export --format csv` writes a map:
/// RFC 4180's quoting, records ending in `\n` (which every spreadsheet
/// reads, and which a terminal shows as it is), a byte-order mark for
/// Excel, and text cells escaped and guarded against formulas by
/// `share::csv`.
fn csv(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push(crate::share::csv::BOM);
    let header = [
        "date",
        "commit",
        "subject",
        "pain_index",
        "research_share",
        "actions_open",
        "actions_done",
        "actions_overdue",
        "findings",
        "problem",
    ];
    crate::share::csv::write_record(&mut s, &header.map(str::to_owned));
    let text = crate::share::csv::text_cell;
    for row in rows {
        let c = &row.commit;
        let mut cells = vec![c.date.clone(), text(&c.hash), text(&c.subject)];
        let number = |n: Option<f64>| n.map_or(String::new(), |n| format!("{n:.1}"));
        match &row.state {
            State::Read { stats, findings } => {
                cells.push(number(stats.pain_index()));
                cells.push(number(stats.research_share()));
                cells.extend(
                    [
                        stats.actions.open,
                        stats.actions.done,
                        stats.actions.overdue,
                        *findings,
                    ]
                    .map(|n| n.to_string()),
                );
                cells.push(String::new());
            }
            State::Broken(why) => {
                cells.extend(std::iter::repeat_n(String::new(), 6));
                cells.push(text(&format!("does not parse: {why}")));
            }
            State::Deleted => {
                cells.extend(std::iter::repeat_n(String::new(), 6));
                cells.push(text("deleted"));
            }
        }
        crate::share::csv::write_record(&mut s, &cells);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: State) -> Row {
        Row {
            commit: Commit {
                hash: "0".repeat(40),
                date: "2026-11-29".into(),
                subject: String::new(),
                left: Left::Unchanged,
            },
            state,
        }
    }

    /// Figures whose pain index is `pain` (of 100): `pain` of 200 halves.
    fn read(pain: Option<u64>) -> State {
        let stats = match pain {
            Some(pain) => Stats {
                weight: 100,
                weighted_pain: pain * 2,
                ..Stats::default()
            },
            None => Stats::default(),
        };
        State::Read { stats, findings: 0 }
    }

    #[test]
    fn the_sparkline_has_a_mark_per_commit_in_eighths_of_the_index() {
        let rows: Vec<Row> = [
            Some(0),
            Some(12),
            Some(13),
            Some(50),
            Some(99),
            Some(100),
            None,
        ]
        .into_iter()
        .map(|p| row(read(p)))
        .chain([row(State::Broken("1:1: no".into())), row(State::Deleted)])
        .collect();
        assert_eq!(sparkline(&rows), "▁▁▂▅██·× ");
    }

    #[test]
    fn a_broken_commit_says_why_and_a_subject_is_cut_only_on_a_terminal() {
        let mut rows = vec![
            row(read(Some(40))),
            row(State::Broken("1:20: cut short".into())),
        ];
        rows[1].commit.subject = "a subject much longer than the room it has".into();
        let plain = |s: String| anstream::adapter::strip_str(&s).to_string();
        let piped = plain(text("map.ron", &rows, None));
        assert!(piped.contains("× does not parse"), "{piped}");
        assert!(
            piped.contains("\n                   1:20: cut short\n"),
            "{piped}"
        );
        assert!(piped.contains("the room it has\n"), "{piped}");
        let screen = plain(text("map.ron", &rows, Some(80)));
        assert!(screen.contains(" a subject much long…\n"), "{screen}");
        assert!(
            screen.lines().all(|l| crate::text::width(l) <= 80),
            "{screen}"
        );
    }
}

//! `cxmap compare OLD NEW`: how the journey changed between two versions
//! of a map (files, or `REV:PATH` read from git as `cxmap diff` reads them):
//! per stage, matched by id, the pain index, the research share and the
//! actions open, done and overdue, before and after, and the whole map's;
//! then both as-is curves overlaid. As text (a chart in the terminal),
//! Markdown (a table and the chart in a code block) or a web page (an
//! inline SVG, `compare/page.rs`).
//!
//! The figures are `model::stats`'s. One date (today, or `--today`)
//! decides what is overdue on both sides, so that a change in that count
//! is a change in the map, not the calendar's.

mod chart;
mod page;

use super::diff::{Source, code};
use super::style::{BOLD, DIM, note, out, out_exact, paint};
use super::{CompareFormat, Outcome};
use crate::model::{Comparison, Date, Map, StagePair, Stats, compare};
use crate::share::markdown::inline;
use crate::text::fit;
use std::fmt::Write;
use std::path::Path;

/// The width the text chart and table are laid out for when stdout is not
/// a terminal.
const WIDTH: usize = 80;
/// Columns of the stage names in the text table.
const NAME_COLUMNS: usize = 22;

pub fn run(old: &Path, new: &Path, format: CompareFormat, today: Date) -> Outcome {
    let (old, new) = (Source::argument(old), Source::argument(new));
    let (old_map, new_map) = match (old.read(), new.read()) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for error in [o.err(), n.err()].into_iter().flatten() {
                note(&error);
            }
            return Outcome::Failure;
        }
    };
    let comparison = compare(&old_map, &new_map, today);
    let labels = Labels {
        old: old.label(),
        new: new.label(),
        today,
    };
    let title = title(&old_map, &new_map);
    match format {
        CompareFormat::Text => out(&text(
            &comparison,
            &labels,
            super::style::terminal_columns().unwrap_or(WIDTH),
        )),
        CompareFormat::Markdown => out(&markdown(title, &comparison, &labels)),
        CompareFormat::Html => out_exact(&page::page(title, &comparison, &labels)),
    }
    Outcome::Success
}

/// What the two sides are called, and the date that decides what is overdue.
pub struct Labels {
    pub old: String,
    pub new: String,
    pub today: Date,
}

/// The newer map's title, or the older one's when it has none.
fn title<'m>(old: &'m Map, new: &'m Map) -> &'m str {
    [new, old]
        .into_iter()
        .map(|m| m.title.trim())
        .find(|t| !t.is_empty())
        .unwrap_or("Untitled map")
}

/// A figure before and after, with the change: `40 → 25 -15`. `–` stands
/// for a side without it (nothing scored, or no such stage).
fn change(old: Option<f64>, new: Option<f64>, unit: &str) -> (String, String) {
    // Rounded once, so that the change is the difference of what shows.
    let (old, new) = (old.map(f64::round), new.map(f64::round));
    let side = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.0}{unit}"));
    let delta = match (old, new) {
        (Some(o), Some(n)) => {
            let d = n - o;
            if d == 0.0 {
                String::new()
            } else {
                format!("{d:+.0}")
            }
        }
        _ => String::new(),
    };
    (format!("{} → {}", side(old), side(new)), delta)
}

fn pain(old: Option<&Stats>, new: Option<&Stats>) -> (String, String) {
    change(
        old.and_then(Stats::pain_index),
        new.and_then(Stats::pain_index),
        "",
    )
}

fn research(old: Option<&Stats>, new: Option<&Stats>) -> (String, String) {
    let share = |s: Option<&Stats>| s.and_then(Stats::research_percent).map(f64::from);
    change(share(old), share(new), "%")
}

/// `open/done/overdue` before and after: `3/1/0 → 2/2/1`.
fn actions(old: Option<&Stats>, new: Option<&Stats>) -> String {
    let side = |s: Option<&Stats>| {
        s.map_or("–".to_owned(), |s| {
            format!(
                "{}/{}/{}",
                s.actions.open, s.actions.done, s.actions.overdue
            )
        })
    };
    format!("{} → {}", side(old), side(new))
}

/// What became of a stage, after its name: added, removed, renamed.
fn what_became(pair: &StagePair<'_>) -> Option<String> {
    match (&pair.old, &pair.new) {
        (None, Some(_)) => Some("added".to_owned()),
        (Some(_), None) => Some("removed".to_owned()),
        _ => pair
            .renamed_from()
            .map(|was| format!("was '{}'", crate::text::first_line(was))),
    }
}

fn text(comparison: &Comparison<'_>, labels: &Labels, width: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} {} → {}\n{}",
        paint(BOLD, "Compare"),
        labels.old,
        labels.new,
        paint(DIM, &format!("actions overdue as of {}", labels.today))
    );
    let _ = writeln!(
        s,
        "\n{}",
        paint(
            DIM,
            &format!(
                "   {}  {:<14}  {:<16}  open/done/overdue",
                fit("stage", NAME_COLUMNS),
                "pain index",
                "research share"
            )
        )
    );
    let row =
        |s: &mut String, number: &str, name: &str, old: Option<&Stats>, new: Option<&Stats>| {
            let (p, pd) = pain(old, new);
            let (r, rd) = research(old, new);
            let _ = writeln!(
                s,
                "{number:>2} {}  {p:<9} {pd:>4}  {r:<11} {rd:>4}  {}",
                fit(name, NAME_COLUMNS),
                actions(old, new)
            );
        };
    for (i, pair) in comparison.stages.iter().enumerate() {
        let name = crate::text::first_line(pair.name());
        row(
            &mut s,
            &(i + 1).to_string(),
            name,
            pair.old_stats(),
            pair.new_stats(),
        );
        if let Some(what) = what_became(pair) {
            let _ = writeln!(s, "   {}", paint(DIM, &format!("({what})")));
        }
    }
    row(
        &mut s,
        "",
        "Whole map",
        Some(&comparison.old),
        Some(&comparison.new),
    );
    let _ = writeln!(
        s,
        "\n{} {}",
        paint(BOLD, "As-is curves"),
        paint(DIM, "(stage numbers as above; in the newer map's order)")
    );
    for line in chart::lines(comparison, width) {
        let _ = writeln!(s, "{line}");
    }
    let _ = writeln!(s, "{}", legend(labels));
    s
}

/// What the chart's three marks mean, a line each (the sides' names may
/// be long).
fn legend(labels: &Labels) -> String {
    format!(
        "    {} before: {}\n    {} after: {}\n    {} both the same",
        chart::BEFORE,
        labels.old,
        chart::AFTER,
        labels.new,
        chart::BOTH
    )
}

fn markdown(title: &str, comparison: &Comparison<'_>, labels: &Labels) -> String {
    let mut s = format!("### How {} changed\n\n", inline(title));
    let _ = writeln!(
        s,
        "{} → {}; actions overdue as of {}.\n",
        code(&labels.old),
        code(&labels.new),
        labels.today
    );
    s.push_str("| # | Stage | Pain index | Research share | Actions open/done/overdue |\n");
    s.push_str("|---:|---|---|---|---|\n");
    let cell = |(value, delta): (String, String)| {
        if delta.is_empty() {
            value
        } else {
            format!("{value} ({delta})")
        }
    };
    for (i, pair) in comparison.stages.iter().enumerate() {
        let (old, new) = (pair.old_stats(), pair.new_stats());
        let became = what_became(pair).map_or(String::new(), |w| format!(" ({})", inline(&w)));
        let _ = writeln!(
            s,
            "| {} | {}{became} | {} | {} | {} |",
            i + 1,
            inline(pair.name()),
            cell(pain(old, new)),
            cell(research(old, new)),
            actions(old, new)
        );
    }
    let (old, new) = (Some(&comparison.old), Some(&comparison.new));
    let _ = writeln!(
        s,
        "| | **Whole map** | {} | {} | {} |",
        cell(pain(old, new)),
        cell(research(old, new)),
        actions(old, new)
    );
    let _ = writeln!(
        s,
        "\nThe as-is curves, {} before and {} after ({} where both are the same), \
         stages numbered as in the table:\n",
        chart::BEFORE,
        chart::AFTER,
        chart::BOTH
    );
    s.push_str("```text\n");
    for line in chart::lines(comparison, WIDTH) {
        let _ = writeln!(s, "{line}");
    }
    s.push_str("```\n");
    s
}

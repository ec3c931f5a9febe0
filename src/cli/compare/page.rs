//! A comparison as one self-contained web page: the table of figures and
//! both as-is curves in an inline SVG, the older one dashed with hollow
//! dots, the newer solid with filled ones (the text chart's `○` and `●`),
//! so that they differ without colour. As `share::html`'s page: no
//! scripts, nothing fetched (the same Content-Security-Policy), every text
//! from a map escaped by `share::html::escape` and set in a `<bdi>`.

use super::{Labels, actions, pain, research, what_became};
use crate::model::{Comparison, Point, Score, Stats};
use crate::share::html::{POLICY, escape};
use std::fmt::Write;

const STYLE: &str = "\
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 70rem; padding: 1.5rem clamp(1rem, 3vw, 3rem) 3rem; \
font-family: system-ui, \"Segoe UI\", Roboto, \"Noto Sans\", \"DejaVu Sans\", Arial, sans-serif; \
line-height: 1.45; color: #111827; background: #fff; overflow-wrap: break-word; }
h1 { font-size: 1.8em; margin: 0.2em 0; }
.muted { color: #374151; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #9ca3af; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 700; }
figure { margin: 1.5rem 0; }
svg { max-width: 100%; height: auto; }
";

const OLD: &str = "#6b7280";
const NEW: &str = "#111827";
const LEFT: f64 = 44.0;
const TOP: f64 = 30.0;
const LEVEL: f64 = 40.0;
/// The most room a touchpoint takes across, and the widest the curves
/// get before the touchpoints close up (never under `FEWEST` each).
const STEP: f64 = 28.0;
const WIDEST: f64 = 1100.0;
const FEWEST: f64 = 3.0;

/// The room each of `n` touchpoints takes across.
fn step(n: usize) -> f64 {
    (WIDEST / n.max(1) as f64).clamp(FEWEST, STEP)
}

/// The page.
pub fn page(title: &str, comparison: &Comparison<'_>, labels: &Labels) -> String {
    let mut s = String::with_capacity(16 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        s,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">"
    );
    s.push_str(
        "<meta name=\"generator\" content=\"cxmap\">\n<link rel=\"icon\" href=\"data:,\">\n",
    );
    let _ = writeln!(
        s,
        "<title>How {} changed · cxmap compare</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>",
        escape(title)
    );
    let _ = writeln!(s, "<h1>How {} changed</h1>", user(title));
    let _ = writeln!(
        s,
        "<p class=\"muted\"><code>{}</code> → <code>{}</code>. Actions overdue as of {}.</p>",
        escape(&labels.old),
        escape(&labels.new),
        labels.today
    );
    table(&mut s, comparison);
    curves(&mut s, comparison, labels);
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

/// A text from a map: escaped, isolated.
fn user(text: &str) -> String {
    format!("<bdi>{}</bdi>", escape(text))
}

fn table(s: &mut String, comparison: &Comparison<'_>) {
    s.push_str(
        "<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Stage</th>\
         <th scope=\"col\">Pain index</th><th scope=\"col\">Research share</th>\
         <th scope=\"col\">Actions open/done/overdue</th></tr></thead>\n<tbody>\n",
    );
    let row = |s: &mut String,
               class: &str,
               number: String,
               name: String,
               old: Option<&Stats>,
               new: Option<&Stats>| {
        let cell = |(value, delta): (String, String)| {
            if delta.is_empty() {
                value
            } else {
                format!("{value} ({delta})")
            }
        };
        let _ = writeln!(
            s,
            "<tr{class}><td class=\"n\">{number}</td><td>{name}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            cell(pain(old, new)),
            cell(research(old, new)),
            actions(old, new)
        );
    };
    for (i, pair) in comparison.stages.iter().enumerate() {
        let became = what_became(pair).map_or(String::new(), |w| format!(" ({})", escape(&w)));
        row(
            s,
            "",
            (i + 1).to_string(),
            format!("{}{became}", user(pair.name())),
            pair.old_stats(),
            pair.new_stats(),
        );
    }
    row(
        s,
        " class=\"total\"",
        String::new(),
        "Whole map".to_owned(),
        Some(&comparison.old),
        Some(&comparison.new),
    );
    s.push_str("</tbody>\n</table>\n");
}

/// Where a point sits: its x, and the y of an emotion.
fn x(index: usize, step: f64) -> f64 {
    LEFT + step * (index as f64 + 0.5)
}

fn y(score: Score) -> f64 {
    TOP + LEVEL * f64::from(2 - score.emotion.value())
}

fn curves(s: &mut String, comparison: &Comparison<'_>, labels: &Labels) {
    let points = &comparison.points;
    if points.is_empty() {
        s.push_str("<p>No touchpoints on either side: there are no curves to draw.</p>\n");
        return;
    }
    let step = step(points.len());
    let width = LEFT + step * points.len() as f64 + 12.0;
    let height = TOP + LEVEL * 4.0 + 40.0;
    s.push_str("<figure>\n");
    let _ = writeln!(
        s,
        "<svg viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" role=\"img\" \
         aria-labelledby=\"c-title c-desc\">\n<title id=\"c-title\">The as-is curves before and after</title>\n\
         <desc id=\"c-desc\">{}</desc>",
        escape(&words(comparison, labels))
    );
    bands(s, points, height, step);
    for (level, label) in ["+2", "+1", "0", "\u{2212}1", "\u{2212}2"]
        .iter()
        .enumerate()
    {
        let ly = TOP + LEVEL * level as f64;
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{ly}\" x2=\"{:.0}\" y2=\"{ly}\" stroke=\"#d1d5db\"/>\
             <text x=\"{:.0}\" y=\"{:.0}\" font-size=\"13\" text-anchor=\"end\">{label}</text>",
            width - 12.0,
            LEFT - 8.0,
            ly + 4.0
        );
    }
    line(s, points, step, |p| p.old, OLD, "stroke-dasharray=\"6 4\"");
    line(s, points, step, |p| p.new, NEW, "");
    // Dots as large as the room allows: hollow around filled.
    let hollow = (step / 4.0).clamp(1.5, 6.0);
    let filled = hollow * 0.6;
    for (i, p) in points.iter().enumerate() {
        if let Some(o) = p.old {
            let _ = writeln!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{hollow:.1}\" fill=\"#fff\" stroke=\"{OLD}\" stroke-width=\"2\"/>",
                x(i, step),
                y(o)
            );
        }
        if let Some(n) = p.new {
            let _ = writeln!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{filled:.1}\" fill=\"{NEW}\"/>",
                x(i, step),
                y(n)
            );
        }
    }
    s.push_str("</svg>\n");
    let _ = writeln!(
        s,
        "<figcaption>○ dashed: before, <code>{}</code>. ● solid: after, <code>{}</code>. \
         Stages numbered as in the table; touchpoints in the newer map's order.</figcaption>\n</figure>",
        escape(&labels.old),
        escape(&labels.new)
    );
}

/// A band per stage under its touchpoints, numbered as in the table.
fn bands(s: &mut String, points: &[Point], height: f64, step: f64) {
    let mut start = 0;
    while start < points.len() {
        let stage = points[start].stage;
        let end = start
            + points[start..]
                .iter()
                .take_while(|p| p.stage == stage)
                .count();
        let fill = if stage.is_multiple_of(2) {
            "#eef2f7"
        } else {
            "#ffffff"
        };
        let left = LEFT + step * start as f64;
        let width = step * (end - start) as f64;
        let _ = writeln!(
            s,
            "<rect x=\"{left:.1}\" y=\"{:.0}\" width=\"{width:.1}\" height=\"{:.0}\" fill=\"{fill}\"/>",
            TOP - 22.0,
            height - TOP,
        );
        // A number only where the band has room for it.
        let number = (stage + 1).to_string();
        if width >= 8.0 * number.len() as f64 + 6.0 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.0}\" font-size=\"13\" font-weight=\"700\">{number}</text>",
                left + 4.0,
                TOP - 8.0,
            );
        }
        start = end;
    }
}

/// One side's curve: a path through its scores, broken where it has none.
fn line(
    s: &mut String,
    points: &[Point],
    step: f64,
    side: fn(&Point) -> Option<Score>,
    colour: &str,
    extra: &str,
) {
    let mut d = String::new();
    let mut drawing = false;
    for (i, p) in points.iter().enumerate() {
        match side(p) {
            Some(score) => {
                let _ = write!(
                    d,
                    "{}{:.1} {:.1} ",
                    if drawing { "L" } else { "M" },
                    x(i, step),
                    y(score)
                );
                drawing = true;
            }
            None => drawing = false,
        }
    }
    if !d.is_empty() {
        let _ = writeln!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" {extra}/>",
            d.trim_end()
        );
    }
}

/// The drawing in words, for a screen reader.
fn words(comparison: &Comparison<'_>, labels: &Labels) -> String {
    let mean = |s: &Stats| {
        s.mean_emotion()
            .map_or("nothing scored".to_owned(), |m| format!("{m:+.1}"))
    };
    format!(
        "{} touchpoints on a shared axis. Evidence-weighted mean emotion before ({}): {}; after ({}): {}.",
        comparison.points.len(),
        labels.old,
        mean(&comparison.old),
        labels.new,
        mean(&comparison.new)
    )
}

//! The emotion curve as inline SVG: one point per touchpoint under its
//! stage, +2 at the top and -2 at the bottom. The as-is curve is a solid line
//! with filled dots, the to-be curve a dashed line with hollow diamonds (the
//! terminal's `●` and `◇`), so that they differ without colour. What the
//! picture shows is also said in words (its `<desc>`) and listed in a table
//! that a screen reader reads row by row. Each stage's name stands over its
//! band, wrapped to fit (`labels.rs`); when one cannot be shown whole, the
//! bands show numbers and the caption lists the names by number.
//!
//! Each persona of the map (the first five, as in the terminal) has a
//! dotted curve of its own through its scores (its own, or the map-wide
//! ones where it has none), its number in a ring wherever it feels
//! otherwise than the map-wide curve; the legend names each, and the table
//! has a column per persona.

mod labels;
mod layout;

use super::{Page, count, escape, signed};
use crate::model::{Emotion, Map, Touchpoint};
use labels::{FONT, LINE, Labels};
use layout::{BANDS_TOP, LEFT, Layout, RIGHT, WIDTH};
use std::fmt::Write;

/// The as-is line and dots, and the to-be line and diamonds.
const AS_IS: &str = "#111827";
const TO_BE: &str = "#1d4ed8";
/// The personas' curves, told apart by their numbers first; these only
/// help.
const PERSONAS: [&str; 5] = ["#92400e", "#047857", "#7c3aed", "#be123c", "#0e7490"];

impl Page<'_> {
    /// The curve section: the drawing, its legend and the table of scores.
    pub(super) fn curve(&mut self) {
        self.raw("<section id=\"curve\" aria-labelledby=\"curve-h\">\n");
        self.raw("<h2 id=\"curve-h\">Emotion curve</h2>\n");
        if self.map.touchpoint_count() == 0 {
            self.raw("<p>No touchpoints yet: there is no curve to draw.</p>\n</section>\n");
            return;
        }
        let layout = Layout::new(self.map);
        self.raw("<figure class=\"curve\">\n<div class=\"curve-wrap\">\n");
        self.svg(&layout);
        self.raw("</div>\n");
        self.legend(&layout.labels);
        self.raw("</figure>\n");
        self.scores();
        self.raw("</section>\n");
    }

    fn svg(&mut self, layout: &Layout) {
        let map = self.map;
        let _ = writeln!(
            self.out,
            "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" \
             aria-labelledby=\"curve-title curve-desc\">",
            layout.height()
        );
        let _ = writeln!(
            self.out,
            "<title id=\"curve-title\">Emotion curve of {}</title>",
            count(map.touchpoint_count(), "touchpoint")
        );
        let _ = writeln!(
            self.out,
            "<desc id=\"curve-desc\">{}</desc>",
            escape(&words(map))
        );
        self.bands(layout);
        self.grid(layout);
        self.persona_lines(layout);
        self.lines(layout);
        self.persona_marks(layout);
        self.numbers(layout);
        self.raw("</svg>\n");
    }

    /// A band per stage, its name over it on as many lines as `labels`
    /// found for it, in the map's language.
    fn bands(&mut self, layout: &Layout) {
        for (i, (&(band, _), label)) in layout.stages.iter().zip(&layout.labels.labels).enumerate()
        {
            let fill = if i % 2 == 0 { "#eef2f7" } else { "#ffffff" };
            let _ = writeln!(
                self.out,
                "<rect x=\"{:.1}\" y=\"{BANDS_TOP:.1}\" width=\"{:.1}\" height=\"{:.1}\" \
                 fill=\"{fill}\"/>",
                band.x,
                band.width,
                layout.bottom() + 22.0 - BANDS_TOP
            );
            if label.lines.is_empty() {
                continue;
            }
            let x = band.centre();
            let _ = write!(
                self.out,
                "<text lang=\"{}\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" \
                 font-size=\"{FONT}\" font-weight=\"700\" fill=\"#111827\">",
                escape(&self.lang),
                BANDS_TOP + 24.0
            );
            for (n, line) in label.lines.iter().enumerate() {
                let _ = write!(
                    self.out,
                    "<tspan x=\"{x:.1}\" y=\"{:.1}\">{}</tspan>",
                    BANDS_TOP + 24.0 + n as f64 * LINE,
                    escape(line)
                );
            }
            self.raw("</text>\n");
        }
    }

    /// A line at each level, the neutral one stronger, with its label.
    fn grid(&mut self, layout: &Layout) {
        for value in (-2..=2).rev() {
            let emotion = Emotion::new(value).expect("-2..=2");
            let y = layout.y(emotion);
            let (stroke, width) = if value == 0 {
                ("#374151", 2)
            } else {
                ("#6b7280", 1)
            };
            let _ = writeln!(
                self.out,
                "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{RIGHT}\" y2=\"{y:.1}\" stroke=\"{stroke}\" \
                 stroke-width=\"{width}\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" \
                 font-size=\"16\" fill=\"#374151\">{} {}</text>",
                LEFT - 10.0,
                y + 5.0,
                signed(emotion),
                emotion.words()
            );
        }
    }

    /// The two curves: lines broken where a touchpoint has no value, then
    /// their marks over them.
    fn lines(&mut self, layout: &Layout) {
        let points = layout.points(self.map);
        let as_is: Vec<(f64, Option<f64>)> = points
            .iter()
            .map(|&(x, tp)| (x, tp.emotion.map(|e| layout.y(e))))
            .collect();
        let to_be: Vec<(f64, Option<f64>)> = points
            .iter()
            .map(|&(x, tp)| (x, tp.to_be_emotion.map(|e| layout.y(e))))
            .collect();
        // Marks as large as the room between touchpoints lets them be.
        let r = (layout.step() * 0.3).clamp(1.5, 8.0);
        if let Some(d) = path(&to_be) {
            let _ = writeln!(
                self.out,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{TO_BE}\" stroke-width=\"{:.1}\" \
                 stroke-dasharray=\"12 8\"/>",
                r * 0.375
            );
        }
        if let Some(d) = path(&as_is) {
            let _ = writeln!(
                self.out,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{AS_IS}\" stroke-width=\"{:.1}\"/>",
                r * 0.5
            );
        }
        for &(x, y) in &as_is {
            if let Some(y) = y {
                let _ = writeln!(
                    self.out,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{AS_IS}\"/>"
                );
            }
        }
        let d = r * 1.5;
        for &(x, y) in &to_be {
            if let Some(y) = y {
                let _ = writeln!(
                    self.out,
                    "<polygon points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\" \
                     fill=\"none\" stroke=\"{TO_BE}\" stroke-width=\"{:.1}\"/>",
                    y - d,
                    x + d,
                    y + d,
                    x - d,
                    r * 0.375
                );
            }
        }
    }

    /// Each persona's dotted curve through its scores, under the map-wide one.
    fn persona_lines(&mut self, layout: &Layout) {
        let points = layout.points(self.map);
        let r = (layout.step() * 0.3).clamp(1.5, 8.0);
        for (n, persona) in self.map.personas.iter().take(PERSONAS.len()).enumerate() {
            let line: Vec<(f64, Option<f64>)> = points
                .iter()
                .map(|&(x, tp)| (x, tp.scores_of(&persona.id).emotion.map(|e| layout.y(e))))
                .collect();
            if let Some(d) = path(&line) {
                let _ = writeln!(
                    self.out,
                    "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{:.1}\" \
                     stroke-dasharray=\"2 6\" stroke-linecap=\"round\"/>",
                    PERSONAS[n],
                    r * 0.5
                );
            }
        }
    }

    /// Each persona's number in a ring where it feels otherwise than the
    /// map-wide curve.
    fn persona_marks(&mut self, layout: &Layout) {
        let points = layout.points(self.map);
        let r = (layout.step() * 0.45).clamp(5.0, 11.0);
        for (n, persona) in self.map.personas.iter().take(PERSONAS.len()).enumerate() {
            for &(x, tp) in &points {
                let own = tp.scores_of(&persona.id).emotion;
                let Some(e) = own.filter(|_| own != tp.emotion) else {
                    continue;
                };
                let y = layout.y(e);
                let _ = writeln!(
                    self.out,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"#fff\" \
                     stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{x:.1}\" y=\"{:.1}\" \
                     text-anchor=\"middle\" font-size=\"{:.1}\" font-weight=\"700\" \
                     fill=\"{colour}\">{}</text>",
                    y + r * 0.45,
                    r * 1.3,
                    n + 1,
                    colour = PERSONAS[n]
                );
            }
        }
    }

    /// Each touchpoint's number under the plot (the next one far enough
    /// from the last shown, where they would crowd), the numbers of the
    /// cards and the table.
    fn numbers(&mut self, layout: &Layout) {
        let points = layout.points(self.map);
        let widest = 9.0 * points.len().to_string().len() as f64 + 12.0;
        let mut last = f64::NEG_INFINITY;
        for (i, (x, _)) in points.iter().enumerate() {
            if x - last >= widest - 1e-9 {
                last = *x;
                let _ = writeln!(
                    self.out,
                    "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"15\" \
                     fill=\"#374151\">{}</text>",
                    layout.bottom() + 40.0,
                    i + 1
                );
            }
        }
    }

    /// How to tell the curves apart, in marks and in words; the stages'
    /// names by number when the bands show numbers.
    fn legend(&mut self, labels: &Labels) {
        self.raw("<figcaption class=\"legend\">");
        let _ = write!(
            self.out,
            "<span><svg viewBox=\"0 0 60 20\" aria-hidden=\"true\"><path d=\"M4 10H56\" \
             stroke=\"{AS_IS}\" stroke-width=\"4\"/><circle cx=\"30\" cy=\"10\" r=\"7\" \
             fill=\"{AS_IS}\"/></svg> As is: how customers feel today (solid line, filled \
             dots)</span>"
        );
        if self
            .map
            .touchpoints()
            .any(|(_, t)| t.to_be_emotion.is_some())
        {
            let _ = write!(
                self.out,
                " <span><svg viewBox=\"0 0 60 20\" aria-hidden=\"true\"><path d=\"M4 10H56\" \
                 stroke=\"{TO_BE}\" stroke-width=\"3\" stroke-dasharray=\"8 5\"/><polygon \
                 points=\"30,1 39,10 30,19 21,10\" fill=\"#fff\" stroke=\"{TO_BE}\" \
                 stroke-width=\"3\"/></svg> To be: how the team wants them to feel (dashed \
                 line, hollow diamonds)</span>"
            );
        }
        let map = self.map;
        for (n, persona) in map.personas.iter().take(PERSONAS.len()).enumerate() {
            let _ = write!(
                self.out,
                " <span><svg viewBox=\"0 0 60 20\" aria-hidden=\"true\"><path d=\"M4 10H56\" \
                 stroke=\"{c}\" stroke-width=\"3\" stroke-dasharray=\"2 6\" \
                 stroke-linecap=\"round\"/><circle cx=\"30\" cy=\"10\" r=\"8\" fill=\"#fff\" \
                 stroke=\"{c}\" stroke-width=\"2\"/><text x=\"30\" y=\"14\" \
                 text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\" \
                 fill=\"{c}\">{}</text></svg> {}: ",
                n + 1,
                n + 1,
                c = PERSONAS[n]
            );
            self.user(&persona.name);
            self.raw(" (dotted line; its number where it feels otherwise than the map-wide curve)</span>");
        }
        if map.personas.len() > PERSONAS.len() {
            let _ = write!(
                self.out,
                " <span>The curve shows the first {} personas; the table has them all.</span>",
                PERSONAS.len()
            );
        }
        if labels.numbered {
            self.raw("\n<ol class=\"stage-key\" aria-label=\"Stages by number\">\n");
            let map = self.map;
            for (i, stage) in map.stages.iter().enumerate() {
                let _ = write!(self.out, "<li><span class=\"label\">{}.</span> ", i + 1);
                self.user(&stage.name);
                self.raw("</li>\n");
            }
            self.raw("</ol>\n");
        }
        self.raw("</figcaption>\n");
    }

    /// Every score in a table, in journey order; the aims only where the
    /// team has set any.
    fn scores(&mut self) {
        let map = self.map;
        let aims = has_aims(map);
        self.raw(concat!(
            "<div class=\"table-wrap\">\n<table class=\"scores\">\n",
            "<caption>Scores at each touchpoint, from \u{2212}2 (very bad) to +2 (very good)</caption>\n",
            "<thead><tr><th scope=\"col\" class=\"n\">#</th><th scope=\"col\">Touchpoint</th>",
            "<th scope=\"col\">Stage</th><th scope=\"col\">As is</th>",
        ));
        if aims {
            self.raw("<th scope=\"col\">To be</th>");
        }
        for persona in &map.personas {
            self.raw("<th scope=\"col\">");
            self.user(&persona.name);
            self.raw("</th>");
        }
        self.raw("</tr></thead>\n<tbody>\n");
        for (i, (stage, tp)) in map.touchpoints().enumerate() {
            let _ = write!(
                self.out,
                "<tr><td class=\"n\">{}</td><th scope=\"row\">",
                i + 1
            );
            self.user(&tp.name);
            self.raw("</th><td>");
            self.user(&stage.name);
            self.raw("</td><td>");
            self.raw(&score(tp.emotion, "not scored"));
            if aims {
                self.raw("</td><td>");
                self.raw(&score(tp.to_be_emotion, "no aim"));
            }
            for persona in &map.personas {
                self.raw("</td><td>");
                self.raw(&persona_score(tp, &persona.id));
            }
            self.raw("</td></tr>\n");
        }
        self.raw("</tbody>\n</table>\n</div>\n");
    }
}

/// Whether the team has set an aim anywhere: only then is there a to-be
/// curve.
fn has_aims(map: &Map) -> bool {
    map.touchpoints().any(|(_, t)| t.to_be_emotion.is_some())
}

/// An SVG path through the points that have a height, broken where one has
/// none; `None` when no point has one.
fn path(points: &[(f64, Option<f64>)]) -> Option<String> {
    let mut d = String::new();
    let mut joined = false;
    for &(x, y) in points {
        match y {
            Some(y) => {
                let _ = write!(
                    d,
                    "{}{} {x:.1} {y:.1}",
                    if d.is_empty() { "" } else { " " },
                    if joined { "L" } else { "M" },
                );
                joined = true;
            }
            None => joined = false,
        }
    }
    (!d.is_empty()).then_some(d)
}

/// A persona's own scores as the table shows them, or that it feels the
/// map-wide ones.
fn persona_score(tp: &Touchpoint, persona: &crate::model::PersonaId) -> String {
    let own = tp.by_persona.iter().find(|s| &s.persona == persona);
    let (emotion, aim) = (
        own.and_then(|s| s.emotion),
        own.and_then(|s| s.to_be_emotion),
    );
    let mut said = Vec::new();
    if emotion.is_some() {
        said.push(score(emotion, ""));
    }
    if aim.is_some() {
        said.push(format!("to be {}", score(aim, "")));
    }
    if said.is_empty() {
        "<span class=\"muted\">as map-wide</span>".to_owned()
    } else {
        said.join(", ")
    }
}

/// A score as the table shows it: `−2 very bad`, marked for colour too.
pub(super) fn score(emotion: Option<Emotion>, none: &str) -> String {
    match emotion {
        Some(e) => format!(
            "<span class=\"emo emo{}\">{} {}</span>",
            e.value(),
            signed(e),
            e.words()
        ),
        None => format!("<span class=\"muted\">{none}</span>"),
    }
}

/// What the curve shows, in words: how many touchpoints, the lowest and the
/// highest, each stage's average, and the team's aims.
pub(super) fn words(map: &Map) -> String {
    let all: Vec<&Touchpoint> = map.touchpoints().map(|(_, t)| t).collect();
    let scored: Vec<(&Touchpoint, Emotion)> = all
        .iter()
        .filter_map(|t| t.emotion.map(|e| (*t, e)))
        .collect();
    let mut s = format!(
        "How customers feel at each of {}, from \u{2212}2 (very bad) to +2 (very good)",
        count(all.len(), "touchpoint")
    );
    match all.len() - scored.len() {
        0 => {}
        n if n == all.len() => s.push_str("; none is scored yet"),
        n => {
            let _ = write!(s, "; {n} not scored yet");
        }
    }
    s.push('.');
    if let (Some(low), Some(high)) = (
        scored.iter().map(|&(_, e)| e).min(),
        scored.iter().map(|&(_, e)| e).max(),
    ) {
        let _ = write!(s, " Lowest at {}.", at(&scored, low));
        if high != low {
            let _ = write!(s, " Highest at {}.", at(&scored, high));
        }
        let _ = write!(s, " By stage: {}.", by_stage(map));
    }
    s.push_str(&aims(&all));
    s.push_str(&personas(map, &all));
    s
}

/// Where each persona feels otherwise than the map-wide score, and its
/// lowest point there.
fn personas(map: &Map, all: &[&Touchpoint]) -> String {
    let mut s = String::new();
    for persona in &map.personas {
        let own: Vec<(&Touchpoint, Emotion)> = all
            .iter()
            .filter_map(|t| {
                let e = t.scores_of(&persona.id).emotion?;
                (Some(e) != t.emotion).then_some((*t, e))
            })
            .collect();
        let _ = match own.iter().map(|&(_, e)| e).min() {
            None => write!(s, " {} feels as the map-wide curve.", persona.name),
            Some(low) => write!(
                s,
                " {} feels otherwise at {}, lowest at {}.",
                persona.name,
                count(own.len(), "touchpoint"),
                at(&own, low)
            ),
        };
    }
    s
}

/// The touchpoints scored `value`, named: `'A' and 'B' (−2)`; past three,
/// how many more.
fn at(scored: &[(&Touchpoint, Emotion)], value: Emotion) -> String {
    let names: Vec<String> = scored
        .iter()
        .filter(|&&(_, e)| e == value)
        .map(|(t, _)| format!("'{}'", t.name))
        .collect();
    let listed = match names.len() {
        1 => names[0].clone(),
        2 | 3 => format!(
            "{} and {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
        n => format!("{} and {} more", names[..3].join(", "), n - 3),
    };
    format!("{listed} ({})", signed(value))
}

/// Each stage's average score: `Discover −0.5, Apply +1.0`.
fn by_stage(map: &Map) -> String {
    map.stages
        .iter()
        .map(|stage| {
            let values: Vec<i64> = stage
                .touchpoints
                .iter()
                .filter_map(|t| t.emotion.map(|e| i64::from(e.value())))
                .collect();
            if values.is_empty() {
                return format!("{} not scored", stage.name);
            }
            // In tenths, rounded half away from zero, in whole numbers so
            // that the text never depends on float formatting.
            let n = values.len() as i64;
            let sum: i64 = values.iter().sum();
            let tenths = (20 * sum + sum.signum() * n) / (2 * n);
            let sign = match tenths {
                t if t < 0 => "\u{2212}",
                0 => "",
                _ => "+",
            };
            let t = tenths.abs();
            format!("{} {sign}{}.{}", stage.name, t / 10, t % 10)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the team aims for, if it has set any aim.
fn aims(all: &[&Touchpoint]) -> String {
    let aimed = all.iter().filter(|t| t.to_be_emotion.is_some()).count();
    if aimed == 0 {
        return String::new();
    }
    let mut s = format!(
        " The to-be curve sets an aim at {}",
        count(aimed, "touchpoint")
    );
    // The first of the widest gaps, in journey order.
    let widest =
        all.iter()
            .filter(|t| t.gap() > 0)
            .fold(None::<&&Touchpoint>, |best, t| match best {
                Some(b) if b.gap() >= t.gap() => Some(b),
                _ => Some(t),
            });
    if let Some((t, Some(now), Some(aim))) = widest.map(|t| (t, t.emotion, t.to_be_emotion)) {
        let _ = write!(
            s,
            "; the widest gap is at '{}', from {} to {}",
            t.name,
            signed(now),
            signed(aim)
        );
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests;

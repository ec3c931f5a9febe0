//! Both as-is curves of a comparison in text, one over the other: a row
//! per emotion (+2 to -2), a column (or a few) per touchpoint on the shared
//! axis, the older map's scores as `○`, the newer one's as `●`, and `◉`
//! where both are the same. Shapes, not colours, tell them apart, so it
//! reads the same in a terminal, a code block and a printout. Stage numbers
//! under the axis are those of the table above it.
//!
//! With more touchpoints than columns, a column stands for a few of them
//! side by side: their evidence-weighted mean, rounded.

use crate::model::{Comparison, Point, Score};

pub const BEFORE: char = '○';
pub const AFTER: char = '●';
pub const BOTH: char = '◉';

/// Columns a touchpoint takes at most: a short journey still spreads out.
const MOST_PER_POINT: usize = 4;
/// The row labels' width: `+2 ┤`.
const LABEL: usize = 4;

/// The chart's lines, at most `width` columns wide; no colour.
pub fn lines(comparison: &Comparison<'_>, width: usize) -> Vec<String> {
    let points = &comparison.points;
    if points.is_empty() {
        return vec!["(no touchpoints on either side)".to_owned()];
    }
    let room = width.saturating_sub(LABEL + 1).max(1);
    let columns = points.len().min(room);
    let cell = (room / points.len()).clamp(1, MOST_PER_POINT);
    let groups: Vec<&[Point]> = (0..columns)
        .map(|g| &points[g * points.len() / columns..(g + 1) * points.len() / columns])
        .collect();
    let plot_width = columns * cell;
    let mut rows: Vec<Vec<char>> = vec![vec![' '; plot_width]; 5];
    // The zero line, to read the others against.
    rows[2].iter_mut().for_each(|c| *c = '·');
    for (g, group) in groups.iter().enumerate() {
        let at = g * cell + (cell - 1) / 2;
        let old = level(group.iter().filter_map(|p| p.old));
        let new = level(group.iter().filter_map(|p| p.new));
        match (old, new) {
            (Some(o), Some(n)) if o == n => rows[row(o)][at] = BOTH,
            (o, n) => {
                if let Some(o) = o {
                    rows[row(o)][at] = BEFORE;
                }
                if let Some(n) = n {
                    rows[row(n)][at] = AFTER;
                }
            }
        }
    }
    let mut lines: Vec<String> = ["+2", "+1", " 0", "-1", "-2"]
        .iter()
        .zip(&rows)
        .map(|(label, row)| {
            let line: String = row.iter().collect();
            format!("{label} ┤{}", line.trim_end())
        })
        .collect();
    lines.push(format!("   └{}", axis(&groups, cell)));
    if columns < points.len() {
        let (fewest, most) = (points.len() / columns, points.len().div_ceil(columns));
        let many = if fewest == most {
            fewest.to_string()
        } else {
            format!("{fewest} to {most}")
        };
        lines.push(format!(
            "    (a column: {many} touchpoints side by side, their evidence-weighted mean)"
        ));
    }
    lines
}

/// Which of the five rows an emotion is drawn on, +2 at the top.
fn row(level: i8) -> usize {
    usize::try_from(2 - i64::from(level)).unwrap_or(0).min(4)
}

/// The evidence-weighted mean of `scores`, rounded to an emotion.
fn level(scores: impl Iterator<Item = Score>) -> Option<i8> {
    let (sum, weight) = scores.fold((0i64, 0u64), |(sum, weight), s| {
        (
            sum + i64::from(s.emotion.value()) * s.weight.cast_signed(),
            weight + s.weight,
        )
    });
    (weight > 0).then(|| (sum as f64 / weight as f64).round().clamp(-2.0, 2.0) as i8)
}

/// The axis under the plot: `─`, with each stage's number where its
/// touchpoints begin (when there is room for it).
fn axis(groups: &[&[Point]], cell: usize) -> String {
    let mut axis: Vec<char> = vec!['─'; groups.len() * cell];
    let mut free = 0;
    let mut stage = None;
    for (g, group) in groups.iter().enumerate() {
        let Some(first) = group.first() else { continue };
        if stage == Some(first.stage) {
            continue;
        }
        stage = Some(first.stage);
        let at = g * cell;
        let number: Vec<char> = (first.stage + 1).to_string().chars().collect();
        if at >= free && at + number.len() <= axis.len() {
            axis[at..at + number.len()].copy_from_slice(&number);
            free = at + number.len() + 1;
        }
    }
    axis.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Stats};

    fn score(value: i8, weight: u64) -> Option<Score> {
        Some(Score {
            emotion: Emotion::new(value).unwrap(),
            weight,
        })
    }

    fn comparison(points: Vec<Point>) -> Comparison<'static> {
        Comparison {
            stages: Vec::new(),
            old: Stats::default(),
            new: Stats::default(),
            points,
        }
    }

    #[test]
    fn each_side_has_its_shape_and_the_same_score_shows_once() {
        let c = comparison(vec![
            Point {
                stage: 0,
                old: score(-2, 1),
                new: score(1, 1),
            },
            Point {
                stage: 0,
                old: score(0, 1),
                new: score(0, 1),
            },
            Point {
                stage: 1,
                old: None,
                new: score(2, 1),
            },
        ]);
        let lines = lines(&c, 80);
        assert_eq!(
            lines,
            [
                "+2 ┤         ●",
                "+1 ┤ ●",
                " 0 ┤·····◉······",
                "-1 ┤",
                "-2 ┤ ○",
                "   └1───────2───",
            ]
        );
    }

    #[test]
    fn more_touchpoints_than_columns_share_a_column_by_their_weight() {
        let point = |old: i8, weight: u64| Point {
            stage: 0,
            old: score(old, weight),
            new: None,
        };
        // Two per column: (-2 × 3 + 2 × 1) / 4 = -1.
        let c = comparison(
            (0..20)
                .map(|i| {
                    point(
                        if i % 2 == 0 { -2 } else { 2 },
                        if i % 2 == 0 { 3 } else { 1 },
                    )
                })
                .collect(),
        );
        let lines = lines(&c, 15);
        assert_eq!(lines[3], "-1 ┤○○○○○○○○○○");
        assert!(
            lines
                .iter()
                .all(|l| crate::text::width(l) <= 15 || l.starts_with("    ("))
        );
        assert!(lines[6].contains("a column: 2 touchpoints"), "{lines:?}");
    }
}

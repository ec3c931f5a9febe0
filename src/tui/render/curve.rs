//! The emotion curves: one point per touchpoint across the journey, under the
//! stage it belongs to, +2 at the top and -2 at the bottom, so that low points
//! are low on screen as well as red. The as-is curve (`●`, joined by `·`) is
//! how customers feel today; the to-be curve (`◇`, joined by `-`) is how the
//! team wants them to feel, drawn under it and named in the rule's legend
//! once any touchpoint has one. The selected touchpoint's point is `◉` (`◎`
//! when unscored). Glyphs tell them apart without colour.
//!
//! Each persona the app draws (five at most, `App::drawn_personas`) has a
//! curve of its own, marked with its number (`1` to `5`, named in the
//! legend): its own score where it has one, the map-wide score where not.
//! A persona's point is drawn where it differs from the map-wide `●`; where
//! it is the same, the `●` stands for it (the legend says so). Where two
//! personas meet off the map-wide curve, the lower number shows.

use super::put;
use crate::model::Emotion;
use crate::tui::app::App;
use crate::tui::lane::{self, Lanes};
use crate::tui::layout::{BoardAreas, BoardGeometry, CURVE_ROWS, ColumnKind, GUTTER};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// The glyph of each drawn persona's curve, in the order drawn: a digit,
/// which reads the same in every font and without colour.
pub const PERSONA_GLYPHS: [&str; crate::tui::app::MAX_CURVES] = ["1", "2", "3", "4", "5"];

/// The lane under `geo`'s columns; `mark` is the touchpoint to mark as
/// selected (stage, card), if any.
pub fn render(
    app: &App,
    areas: &BoardAreas,
    geo: &BoardGeometry,
    mark: Option<(usize, usize)>,
    buf: &mut Buffer,
) {
    let theme = app.theme();
    // The theme's marks: heavier in the projector's.
    let marks = theme.marks();
    let map = app.map();
    render_rule(app, areas.curve_rule, mark.is_some(), buf);
    let lane = areas.curve;
    if lane.height < CURVE_ROWS || lane.width <= 2 * GUTTER {
        return;
    }
    for (row, label) in ["++", " +", " 0", " -", "--"].iter().enumerate() {
        buf.set_string(lane.x, lane.y + row as u16, *label, theme.dim());
    }
    let baseline = lane.y + 2;
    for x in lane.x + GUTTER..lane.right().saturating_sub(GUTTER) {
        put(buf, x, baseline, marks.baseline, theme.border());
    }
    // Points in journey order across the visible stages, as few as draw
    // the same cells: where many touchpoints share a column (a stage of
    // thousands under a lane of 80), only what each column shows is kept.
    // Worked out once per change of the map or the layout, not per frame.
    let lanes = app.lanes(geo);
    let selected = mark.and_then(|(s, i)| {
        let column = geo
            .columns
            .iter()
            .find(|c| c.kind == ColumnKind::Stage(s))?;
        let touchpoints = &map.stages.get(s)?.touchpoints;
        let tp = touchpoints.get(i)?;
        Some((lane::x_of(column, touchpoints.len(), i), tp.emotion))
    });
    let row_of = |value: i8| baseline.saturating_add_signed(-i16::from(value));
    // Lines between consecutive points of each curve, drawn first so that the
    // points sit on top of them; the as-is curve over the to-be one.
    join(
        buf,
        &lanes.to_be_line,
        row_of,
        marks.to_be_join,
        theme.dim(),
    );
    join(
        buf,
        &lanes.as_is_line,
        row_of,
        marks.as_is_join,
        theme.dim(),
    );
    draw_marks(&lanes, buf, baseline, &row_of, &theme);
    // The selected touchpoint, by its glyph (not colour alone): a move
    // redraws two cells here.
    if let Some((x, emotion)) = selected {
        let (symbol, y) = match emotion {
            Some(e) => ("◉", row_of(e.value())),
            None => ("◎", baseline),
        };
        // The point's own style: only the glyph changes, the fewest bytes.
        put(buf, x, y, symbol, theme.emotion(emotion));
    }
}

/// The points over the lines: the unscored mark (on the baseline)
/// first, then the aims over it, then today's scores over those (an aim
/// is hidden only where it is reached), then the personas'.
fn draw_marks(
    lanes: &Lanes,
    buf: &mut Buffer,
    baseline: u16,
    row_of: &impl Fn(i8) -> u16,
    theme: &crate::tui::Theme,
) {
    let marks = theme.marks();
    for &x in &lanes.unscored {
        put(buf, x, baseline, marks.unscored, theme.dim());
    }
    for (x, value) in Lanes::each(&lanes.to_be) {
        put(buf, x, row_of(value), marks.to_be, theme.title());
    }
    for (x, value) in Lanes::each(&lanes.as_is) {
        put(
            buf,
            x,
            row_of(value),
            marks.as_is,
            theme.emotion(Emotion::new(value)),
        );
    }
    // The personas' points, the first persona's where two meet; in the
    // emotion's colour, their number their sign.
    for &(x, ref firsts) in &lanes.personas {
        for (value, n) in (-2..=2).zip(firsts) {
            if let Some(n) = n {
                let style = theme.emotion(Emotion::new(value));
                put(
                    buf,
                    x,
                    row_of(value),
                    PERSONA_GLYPHS[usize::from(*n)],
                    style,
                );
            }
        }
    }
}

/// The line over the lane, with its legend: what each mark means.
fn render_rule(app: &App, rule: Rect, marked: bool, buf: &mut Buffer) {
    if rule.height == 0 {
        return;
    }
    let with_to_be = app.tally().any_aims();
    let m = app.theme().marks();
    let curves = format!(
        "{} as is · {} unscored · {} to be",
        m.as_is, m.unscored, m.to_be
    );
    let drawn = app.drawn_personas();
    let personas: Vec<String> = (drawn.iter().enumerate())
        .map(|(n, p)| {
            format!(
                "{} {}",
                PERSONA_GLYPHS[n],
                crate::text::truncate(&p.name, 12)
            )
        })
        .collect();
    // With personas, the map-wide curve is named as such, and what a
    // persona's missing point means is said; on a narrow lane that goes
    // first, then the words shorten, so that the marks keep their meaning.
    let variants: Vec<String> = if personas.is_empty() {
        vec![curves]
    } else {
        let people = personas.join(" · ");
        let (all, un, tb) = (m.as_is, m.unscored, m.to_be);
        if with_to_be {
            vec![
                format!("{all} map-wide · {people} (else as {all}) · {un} unscored · {tb} to be"),
                format!("{all} map-wide · {people} · {un} unscored · {tb} to be"),
                format!("{all} all · {people} · {un} none · {tb} aim"),
            ]
        } else {
            vec![
                format!("{all} map-wide · {people} (else as {all})"),
                format!("{all} map-wide · {people}"),
            ]
        }
    };
    let with_curves = with_to_be || !personas.is_empty();
    let label_of = |curves: &str| match (with_curves, marked) {
        (true, true) => format!("─ Emotion: {curves} · ◉ selected "),
        (true, false) => format!("─ Emotion: {curves} "),
        (false, true) => "─ Emotion: ◉ selected ".to_owned(),
        (false, false) => "─ Emotion ".to_owned(),
    };
    let fits = |label: &String| crate::text::width(label) <= usize::from(rule.width);
    let labels: Vec<String> = variants.iter().map(|v| label_of(v)).collect();
    let label = labels
        .iter()
        .find(|l| fits(l))
        .or(labels.last())
        .cloned()
        .unwrap_or_default();
    let width = usize::from(rule.width);
    // A legend too long for the window ends in `…`, not cut silently.
    let label = crate::text::truncate(&label, width);
    let fill = width.saturating_sub(crate::text::width(&label));
    let line: String = label
        .chars()
        .chain(std::iter::repeat_n('─', fill))
        .collect();
    buf.set_string(rule.x, rule.y, line, app.theme().border());
}

/// Joins consecutive points with `glyph`, a straight line between each pair.
fn join(
    buf: &mut Buffer,
    points: &[(u16, i8)],
    row_of: impl Fn(i8) -> u16,
    glyph: &str,
    style: Style,
) {
    for pair in points.windows(2) {
        let ((x0, v0), (x1, v1)) = (pair[0], pair[1]);
        for x in x0 + 1..x1 {
            let t = f32::from(x - x0) / f32::from((x1 - x0).max(1));
            let v = (f32::from(v0) + t * f32::from(v1 - v0)).round() as i8;
            put(buf, x, row_of(v), glyph, style);
        }
    }
}

//! The emotion curve: one point per touchpoint across the journey, under the
//! stage it belongs to, +2 at the top and -2 at the bottom, so that low points
//! are low on screen as well as red.

use super::put;
use crate::tui::app::App;
use crate::tui::layout::{BoardAreas, BoardGeometry, CURVE_ROWS, ColumnKind, GUTTER};
use ratatui::buffer::Buffer;

pub fn render(app: &App, areas: &BoardAreas, geo: &BoardGeometry, buf: &mut Buffer) {
    let theme = app.theme;
    let rule = areas.curve_rule;
    if rule.height > 0 {
        let label = "─ Emotion ";
        let line: String = label
            .chars()
            .chain(std::iter::repeat('─'))
            .take(usize::from(rule.width))
            .collect();
        buf.set_string(rule.x, rule.y, line, theme.border());
    }
    let lane = areas.curve;
    if lane.height < CURVE_ROWS || lane.width <= 2 * GUTTER {
        return;
    }
    for (row, label) in ["++", " +", " 0", " -", "--"].iter().enumerate() {
        buf.set_string(lane.x, lane.y + row as u16, *label, theme.dim());
    }
    let baseline = lane.y + 2;
    for x in lane.x + GUTTER..lane.right().saturating_sub(GUTTER) {
        put(buf, x, baseline, "┈", theme.border());
    }
    // Points in journey order across the visible stages: (x, emotion).
    let mut points = Vec::new();
    for column in &geo.columns {
        let ColumnKind::Stage(s) = column.kind else {
            continue;
        };
        let stage = &app.map().stages[s];
        let n = stage.touchpoints.len() as u32;
        let width = u32::from(column.rect.width);
        for (i, tp) in stage.touchpoints.iter().enumerate() {
            let x = column.rect.x + ((2 * i as u32 + 1) * width / (2 * n.max(1))) as u16;
            points.push((x, tp.emotion));
        }
    }
    let row_of = |value: i8| baseline.saturating_add_signed(-i16::from(value));
    // Dotted lines between consecutive scored points, drawn first so that the
    // points sit on top of them.
    let scored: Vec<(u16, i8)> = points
        .iter()
        .filter_map(|&(x, e)| e.map(|e| (x, e.value())))
        .collect();
    for pair in scored.windows(2) {
        let ((x0, v0), (x1, v1)) = (pair[0], pair[1]);
        for x in x0 + 1..x1 {
            let t = f32::from(x - x0) / f32::from((x1 - x0).max(1));
            let v = (f32::from(v0) + t * f32::from(v1 - v0)).round() as i8;
            put(buf, x, row_of(v), "·", theme.dim());
        }
    }
    // The selected touchpoint is not marked here: the curve stays still while
    // the selection moves, which keeps a cursor move to a few bytes over SSH.
    for (x, emotion) in points {
        let (symbol, y, style) = match emotion {
            Some(e) => ("●", row_of(e.value()), theme.emotion(Some(e))),
            None => ("○", baseline, theme.dim()),
        };
        put(buf, x, y, symbol, style);
    }
}

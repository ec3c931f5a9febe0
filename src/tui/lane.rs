//! What the emotion lane shows, screen column by screen column: worked
//! out from the touchpoints of the stages on screen (`Lanes::of`), kept by
//! the app per revision and layout (`App::lanes`), drawn by
//! `render/curve.rs`. A stage of 100,000 touchpoints under a lane of 80
//! columns is walked once per change, not once per key.

use crate::model::{Map, Persona, Touchpoint};
use crate::tui::layout::{Column, ColumnKind};

/// What the lane draws, column by column, in journey order: for the lines
/// the first and last point of each column (a line is drawn between two
/// columns only, from the last point of one to the first of the next), for
/// the marks each score once per column (a mark drawn twice on a cell is the
/// same mark), and for each drawn persona off the map-wide curve the first
/// to reach a cell (the lower number where two meet): the cells a point per
/// touchpoint would draw, whatever the number of touchpoints.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Lanes {
    pub as_is_line: Vec<(u16, i8)>,
    pub to_be_line: Vec<(u16, i8)>,
    /// Columns with an unscored touchpoint.
    pub unscored: Vec<u16>,
    /// Each column's scores, a bit per score from -2.
    pub as_is: Vec<(u16, u8)>,
    pub to_be: Vec<(u16, u8)>,
    /// Each column's persona points: for each score from -2, the persona
    /// drawn there.
    pub personas: Vec<(u16, [Option<u8>; 5])>,
}

impl Lanes {
    /// What the lane under `columns` shows: their stages' touchpoints in
    /// journey order, with the curves of the personas `drawn`.
    pub fn of(map: &Map, columns: &[Column], drawn: &[&Persona]) -> Lanes {
        let mut lanes = Lanes::default();
        for column in columns {
            let ColumnKind::Stage(s) = column.kind else {
                continue;
            };
            let touchpoints = &map.stages[s].touchpoints;
            for (i, tp) in touchpoints.iter().enumerate() {
                lanes.add(x_of(column, touchpoints.len(), i), tp, drawn);
            }
        }
        lanes
    }

    fn add(&mut self, x: u16, tp: &Touchpoint, drawn: &[&Persona]) {
        match tp.emotion {
            Some(e) => {
                Lanes::line(&mut self.as_is_line, x, e.value());
                Lanes::mark(&mut self.as_is, x, e.value());
            }
            None => {
                if self.unscored.last() != Some(&x) {
                    self.unscored.push(x);
                }
            }
        }
        if let Some(e) = tp.to_be_emotion {
            Lanes::line(&mut self.to_be_line, x, e.value());
            Lanes::mark(&mut self.to_be, x, e.value());
        }
        for (n, persona) in drawn.iter().enumerate() {
            let own = tp.scores_of(&persona.id).emotion;
            if let Some(e) = own.filter(|_| own != tp.emotion) {
                if self.personas.last().is_none_or(|&(at, _)| at != x) {
                    self.personas.push((x, [None; 5]));
                }
                if let Some((_, firsts)) = self.personas.last_mut() {
                    let slot = &mut firsts[Lanes::index(e.value())];
                    if slot.is_none() {
                        *slot = u8::try_from(n).ok();
                    }
                }
            }
        }
    }

    /// A point on a line: the first and the last of a column are kept.
    fn line(line: &mut Vec<(u16, i8)>, x: u16, value: i8) {
        let len = line.len();
        if len >= 2 && line[len - 1].0 == x && line[len - 2].0 == x {
            line[len - 1] = (x, value);
        } else {
            line.push((x, value));
        }
    }

    fn mark(marks: &mut Vec<(u16, u8)>, x: u16, value: i8) {
        let bit = 1 << Lanes::index(value);
        match marks.last_mut() {
            Some((at, bits)) if *at == x => *bits |= bit,
            _ => marks.push((x, bit)),
        }
    }

    fn index(value: i8) -> usize {
        usize::try_from(value.clamp(-2, 2) + 2).unwrap_or(0)
    }

    /// Each (column, score) marked.
    pub fn each(marks: &[(u16, u8)]) -> impl Iterator<Item = (u16, i8)> + '_ {
        marks.iter().flat_map(|&(x, bits)| {
            (-2..=2)
                .filter(move |&v| bits & (1 << Lanes::index(v)) != 0)
                .map(move |v| (x, v))
        })
    }
}

/// The screen column of touchpoint `i` of `n` in the stage drawn in
/// `column`: the stage's width shared out evenly, each point in the middle
/// of its share.
pub fn x_of(column: &Column, n: usize, i: usize) -> u16 {
    let (n, i) = (n.max(1) as u64, i as u64);
    let width = u64::from(column.rect.width);
    column.rect.x + u16::try_from((2 * i + 1) * width / (2 * n)).unwrap_or(u16::MAX)
}

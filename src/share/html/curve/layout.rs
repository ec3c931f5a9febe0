//! Where each touchpoint, stage and level sits in the curve's drawing: a
//! band per stage, as wide as its share of the touchpoints but with room for
//! its name, and the plot below the stage names however many lines they
//! take.

use super::labels::{self, Band, LINE, Labels};
use crate::model::{Emotion, Map, Touchpoint};

/// The drawing's width in its own units; it scales to the page's width.
pub(super) const WIDTH: f64 = 1000.0;
/// Where the plot starts and ends across, where the bands start, the units
/// between two levels, and the narrowest a stage's band is when there is
/// room (so that a stage of one touchpoint beside stages of many keeps room
/// for its name).
pub(super) const LEFT: f64 = 150.0;
pub(super) const RIGHT: f64 = 985.0;
pub(super) const BANDS_TOP: f64 = 10.0;
const ROW: f64 = 55.0;
pub(super) const MIN_BAND: f64 = 140.0;

/// Where each touchpoint, stage and level sits in the drawing.
pub(super) struct Layout {
    /// Each stage's band and its number of slots (at least one, so that an
    /// empty stage still shows its name); its touchpoints share it evenly.
    pub stages: Vec<(Band, usize)>,
    pub labels: Labels,
    /// Where +2 is: below the stage names, however many lines they take.
    pub top: f64,
}

impl Layout {
    pub fn new(map: &Map) -> Layout {
        let slots: Vec<usize> = map
            .stages
            .iter()
            .map(|s| s.touchpoints.len().max(1))
            .collect();
        let mut x = LEFT;
        let stages: Vec<(Band, usize)> = widths(&slots, RIGHT - LEFT)
            .into_iter()
            .zip(slots)
            .map(|(width, slots)| {
                let band = Band { x, width };
                x += width;
                (band, slots)
            })
            .collect();
        let names: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
        let bands: Vec<Band> = stages.iter().map(|&(band, _)| band).collect();
        let labels = labels::lay_out(&names, &bands);
        let top = BANDS_TOP + 52.0 + (labels.lines() - 1) as f64 * LINE;
        Layout {
            stages,
            labels,
            top,
        }
    }

    pub fn x(&self, stage: usize, index: usize) -> f64 {
        let (band, slots) = self.stages[stage];
        band.x + (index as f64 + 0.5) * band.width / slots as f64
    }

    /// The least room between two touchpoints.
    pub fn step(&self) -> f64 {
        self.stages
            .iter()
            .map(|&(band, slots)| band.width / slots as f64)
            .fold(f64::INFINITY, f64::min)
    }

    pub fn y(&self, emotion: Emotion) -> f64 {
        self.top + f64::from(2 - emotion.value()) * ROW
    }

    /// Where -2 is.
    pub fn bottom(&self) -> f64 {
        self.top + 4.0 * ROW
    }

    pub fn height(&self) -> f64 {
        self.bottom() + 48.0
    }

    /// Where the curve's points are: (x, touchpoint) in journey order.
    pub fn points<'m>(&self, map: &'m Map) -> Vec<(f64, &'m Touchpoint)> {
        map.placed_touchpoints()
            .map(|(place, _, tp)| (self.x(place.stage, place.index), tp))
            .collect()
    }
}

/// Each stage's width out of `room`: its share by its number of slots, but
/// never less than `MIN_BAND`, or an equal share when that is less; the
/// stages above it share what is left by their slots.
pub(super) fn widths(slots: &[usize], room: f64) -> Vec<f64> {
    let floor = (room / slots.len().max(1) as f64).min(MIN_BAND);
    let mut raised = vec![false; slots.len()];
    loop {
        let free: usize = slots
            .iter()
            .zip(&raised)
            .filter(|&(_, &r)| !r)
            .map(|(&s, _)| s)
            .sum();
        let rest = room - floor * raised.iter().filter(|&&r| r).count() as f64;
        let per = rest / free.max(1) as f64;
        let mut more = false;
        for (&s, r) in slots.iter().zip(raised.iter_mut()) {
            if !*r && (s as f64 * per) < floor - 1e-9 {
                *r = true;
                more = true;
            }
        }
        if !more {
            return slots
                .iter()
                .zip(&raised)
                .map(|(&s, &r)| if r { floor } else { s as f64 * per })
                .collect();
        }
    }
}

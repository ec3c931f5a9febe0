//! What the Plan and Checks views show, worked out from the map once per
//! change rather than once per frame, and held as the places in the map that
//! plan and check give, so that the cache owns no copy of it: [`Derived`],
//! made only when a view or a key needs the lists. What the board needs of
//! them on every frame (how many findings, how many plan rows) is a
//! [`Tally`], kept per touchpoint and recounted for the touchpoints a change
//! touched, so that an edit on a big map costs what it touched.

use crate::model::{
    Code, Date, Map, Place, Principle, Touchpoint, TouchpointId, check, check_touchpoint, group_of,
    plan, touchpoint_items,
};
use crate::tui::Document;
use foldhash::{HashMap, HashMapExt};

/// Where a row's item sits: found by plan and check as they go.
pub type ItemRef = crate::model::ItemPlace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanRow {
    Heading(Principle),
    Item {
        principle: Principle,
        item: ItemRef,
        severity: u32,
    },
    /// A group with nothing in it yet: selectable, so that `n` can add to it.
    Empty(Principle),
}

impl PlanRow {
    pub fn selectable(&self) -> bool {
        !matches!(self, PlanRow::Heading(_))
    }

    pub fn principle(&self) -> Principle {
        match *self {
            PlanRow::Heading(p) | PlanRow::Empty(p) => p,
            PlanRow::Item { principle, .. } => principle,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckRow {
    pub code: Code,
    pub item: ItemRef,
}

#[derive(Debug, Default)]
pub struct Derived {
    pub plan: Vec<PlanRow>,
    pub checks: Vec<CheckRow>,
}

impl Derived {
    pub fn new(map: &Map, today: Date) -> Derived {
        let groups = plan(map).groups;
        // Room for exactly the rows: a list doubled as it grows would keep
        // up to twice what a big map's plan needs.
        let count = groups.iter().map(|g| 1 + g.items.len().max(1)).sum();
        let mut rows = Vec::with_capacity(count);
        for group in groups {
            rows.push(PlanRow::Heading(group.principle));
            if group.items.is_empty() {
                rows.push(PlanRow::Empty(group.principle));
            }
            for item in group.items {
                rows.push(PlanRow::Item {
                    principle: group.principle,
                    item: item.place,
                    severity: item.severity,
                });
            }
        }
        let checks = check(map, today)
            .into_iter()
            .map(|f| CheckRow {
                code: f.code,
                item: f.place,
            })
            .collect();
        Derived { plan: rows, checks }
    }
}

/// How many findings and plan items there are, and how many aims: in all,
/// or on one touchpoint.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    /// Findings by code, in [`Code::ALL`] order.
    findings: [u32; Code::ALL.len()],
    /// Plan items by principle, in [`Principle::ALL`] order.
    items: [u32; Principle::ALL.len()],
    /// Touchpoints with a to-be emotion.
    aims: u32,
    /// Plan items by what they are: an open action, a done one, a finding
    /// that still needs one.
    open: u32,
    done: u32,
    needed: u32,
}

impl Counts {
    fn of(tp: &Touchpoint, today: Date) -> Counts {
        let mut counts = Counts {
            aims: u32::from(tp.to_be_emotion.is_some()),
            ..Counts::default()
        };
        check_touchpoint(tp, today, |code, _| counts.findings[code as usize] += 1);
        touchpoint_items(tp, |principle, action| {
            counts.items[group_of(principle)] += 1;
            match action.map(|i| tp.actions[i].done) {
                None => counts.needed += 1,
                Some(true) => counts.done += 1,
                Some(false) => counts.open += 1,
            }
        });
        counts
    }

    fn add(&mut self, other: &Counts, sign: i8) {
        let pairs = (self.findings.iter_mut().zip(other.findings))
            .chain(self.items.iter_mut().zip(other.items))
            .chain([
                (&mut self.aims, other.aims),
                (&mut self.open, other.open),
                (&mut self.done, other.done),
                (&mut self.needed, other.needed),
            ]);
        for (total, n) in pairs {
            *total = if sign < 0 { *total - n } else { *total + n };
        }
    }
}

/// How many findings, plan rows and aims the map has, for the board's tab,
/// the curve's legend and the lists' selections, which need no more of the
/// plan and the checks on every key.
#[derive(Debug)]
pub struct Tally {
    /// The document's revision counted.
    revision: u64,
    /// Each touchpoint's counts, and where it was when last counted: where
    /// it is looked for first when it is recounted.
    each: HashMap<TouchpointId, (Counts, Place)>,
    total: Counts,
}

impl Tally {
    /// Counts the whole map of `doc`.
    pub fn new(doc: &Document, today: Date) -> Tally {
        let mut tally = Tally {
            revision: doc.revision(),
            each: HashMap::with_capacity(doc.map().touchpoint_count()),
            total: Counts::default(),
        };
        for (place, _, tp) in doc.map().placed_touchpoints() {
            let counts = Counts::of(tp, today);
            tally.total.add(&counts, 1);
            tally.each.insert(tp.id.clone(), (counts, place));
        }
        tally
    }

    /// Brings the counts up to `doc`'s revision: recounts the touchpoints
    /// changed since, or, where those are not known, the whole map.
    pub fn follow(&mut self, doc: &Document, today: Date) {
        if self.revision == doc.revision() {
            return;
        }
        let Some(touched) = doc.touched_since(self.revision) else {
            *self = Tally::new(doc, today);
            return;
        };
        for id in touched {
            self.recount(doc.map(), &id, today);
        }
        self.revision = doc.revision();
    }

    fn recount(&mut self, map: &Map, id: &TouchpointId, today: Date) {
        let hint = self.each.remove(id).map(|(counts, place)| {
            self.total.add(&counts, -1);
            place
        });
        let Some(place) = hint
            .filter(|&p| is_at(map, id, p))
            .or_else(|| map.place_of(id))
        else {
            return;
        };
        let counts = Counts::of(&map.stages[place.stage].touchpoints[place.index], today);
        self.total.add(&counts, 1);
        self.each.insert(id.clone(), (counts, place));
    }

    /// Where touchpoint `id` is in `map`: where it was when last counted,
    /// if it is still there, else looked for along the map (and noted for
    /// next time). Finding one touchpoint costs no walk over a big map.
    pub fn place_of(&mut self, map: &Map, id: &TouchpointId) -> Option<Place> {
        let entry = self.each.get_mut(id);
        match entry {
            Some((_, place)) if is_at(map, id, *place) => Some(*place),
            Some((_, place)) => {
                *place = map.place_of(id)?;
                Some(*place)
            }
            None => map.place_of(id),
        }
    }

    /// Every finding on the map (conflicts not counted).
    pub fn findings(&self) -> usize {
        self.total.findings.iter().map(|&n| n as usize).sum()
    }

    /// The findings of one check.
    pub fn findings_of(&self, code: Code) -> usize {
        self.total.findings[code as usize] as usize
    }

    /// The rows of the Plan view (`Derived::plan`): a heading per
    /// principle, and its items or a row saying it has none.
    pub fn plan_rows(&self) -> usize {
        self.total
            .items
            .iter()
            .map(|&n| 1 + (n as usize).max(1))
            .sum()
    }

    /// The plan's items: open actions, done ones, and findings that still
    /// need one (the Plan view's summary).
    pub fn plan_items(&self) -> (usize, usize, usize) {
        let t = &self.total;
        (t.open as usize, t.done as usize, t.needed as usize)
    }

    /// Whether any touchpoint has a to-be emotion (the curve's legend names it).
    pub fn any_aims(&self) -> bool {
        self.total.aims > 0
    }
}

/// Whether touchpoint `id` is at `place` in `map`.
fn is_at(map: &Map, id: &TouchpointId, place: Place) -> bool {
    map.stages
        .get(place.stage)
        .and_then(|s| s.touchpoints.get(place.index))
        .is_some_and(|t| &t.id == id)
}

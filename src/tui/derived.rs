//! What the Plan and Checks views show, worked out from the map once per
//! change rather than once per frame, and held as the places in the map that
//! plan and check give, so that the cache owns no copy of it: [`Derived`],
//! made only when a view or a key needs the lists. What the board needs of
//! them on every frame (how many findings, how many plan rows) is a
//! [`Tally`], kept per touchpoint and recounted for the touchpoints a change
//! touched, so that an edit on a big map costs what it touched.

use crate::model::{
    Code, Date, Explained, Map, Place, Principle, Ranked, RootAt, RootCause, Touchpoint,
    TouchpointId, causes, check_touchpoint, cycle_count, each_finding, group_of, plan,
    touchpoint_items,
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
        /// Where the touchpoint's chain of causes ends, if it names a cause.
        root: Option<RootAt>,
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
    /// What the plan calls each circle of causes a chain runs into, by
    /// the circle's first touchpoint (`RootAt::Cycle`): said once per
    /// change, where saying it looks every id of the map up.
    pub circles: HashMap<Place, String>,
}

impl Derived {
    /// What the plan calls the circle of causes that starts at `at`.
    pub fn circle(&self, at: Place) -> Option<&str> {
        self.circles.get(&at).map(String::as_str)
    }
}

impl Derived {
    pub fn new(map: &Map, today: Date) -> Derived {
        let groups = plan(map).groups;
        // Room for exactly the rows: a list doubled as it grows would keep
        // up to twice what a big map's plan needs.
        let count = groups.iter().map(|g| 1 + g.items.len().max(1)).sum();
        let mut rows = Vec::with_capacity(count);
        let mut circles = HashMap::new();
        for group in groups {
            rows.push(PlanRow::Heading(group.principle));
            if group.items.is_empty() {
                rows.push(PlanRow::Empty(group.principle));
            }
            for item in group.items {
                if let Some(root) = &item.root
                    && let RootAt::Cycle(first) = root.at
                {
                    circles
                        .entry(first)
                        .or_insert_with(|| root.name.clone().into_owned());
                }
                rows.push(PlanRow::Item {
                    principle: group.principle,
                    item: item.place,
                    severity: item.severity,
                    root: item.root.as_ref().map(|r| r.at),
                });
            }
        }
        // Straight into rows: the findings as `Finding`s would weigh
        // several times as much, all at once (2.6 MB at 10,000 touchpoints).
        let mut checks = Vec::new();
        each_finding(map, today, |code, item| {
            checks.push(CheckRow { code, item })
        });
        checks.shrink_to_fit();
        Derived {
            plan: rows,
            checks,
            circles,
        }
    }
}

/// A row of the Causes view: a root with its rank, a touchpoint it explains
/// (under it, as deep as its chain goes), or a cycle of causes. Small: a
/// map of 100,000 touchpoints may have as many rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseRow {
    Root {
        rank: u32,
        explained: u32,
        pain: u64,
        at: RootAt,
    },
    Explained {
        place: Place,
        depth: u32,
    },
    /// The `n`th cycle of [`CausesList::cycles`], with its rank among the
    /// roots and cycles, the pain it carries and how many touchpoints lead
    /// into it (listed under it, as a root's).
    Cycle {
        n: u32,
        rank: u32,
        pain: u64,
        explained: u32,
    },
}

impl CauseRow {
    /// The touchpoint Enter goes to: the root (or the first to name a text
    /// root), the touchpoint explained, or a cycle's first.
    pub fn place(self, cycles: &[Vec<Place>]) -> Option<Place> {
        match self {
            CauseRow::Root { at, .. } => Some(at.place()),
            CauseRow::Explained { place, .. } => Some(place),
            CauseRow::Cycle { n, .. } => cycles.get(n as usize).and_then(|c| c.first().copied()),
        }
    }
}

/// What the Causes view lists, made once per change of the map while the
/// view is shown: each root and the tree it explains, and each cycle and
/// the tree leading into it, in one ranking (`Causes::ranked`).
#[derive(Debug, Default)]
pub struct CausesList {
    pub rows: Vec<CauseRow>,
    /// Each cycle's touchpoints, in the order of their links.
    pub cycles: Vec<Vec<Place>>,
    /// How many roots there are, and how many touchpoints they explain.
    pub roots: usize,
    pub explained: usize,
}

/// The rows of a tree of touchpoints explained, read top down.
fn explained_rows(explained: &[Explained]) -> impl Iterator<Item = CauseRow> + '_ {
    explained.iter().map(|e| CauseRow::Explained {
        place: e.place,
        depth: u32::try_from(e.depth).unwrap_or(u32::MAX),
    })
}

impl CausesList {
    pub fn new(map: &Map) -> CausesList {
        let found = causes(map);
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut list = CausesList {
            rows: Vec::with_capacity(found.roots.len() + found.cycles.len()),
            roots: found.roots.len(),
            ..CausesList::default()
        };
        for (i, ranked) in found.ranked().into_iter().enumerate() {
            match ranked {
                Ranked::Root(root) => {
                    list.explained += root.explained.len();
                    list.rows.push(CauseRow::Root {
                        rank: small(i + 1),
                        explained: small(root.explained.len()),
                        pain: root.pain,
                        at: root.at,
                    });
                    list.rows.extend(explained_rows(&root.explained));
                }
                Ranked::Cycle(cycle) => {
                    list.rows.push(CauseRow::Cycle {
                        n: small(list.cycles.len()),
                        rank: small(i + 1),
                        pain: cycle.pain,
                        explained: small(cycle.explained.len()),
                    });
                    list.rows.extend(explained_rows(&cycle.explained));
                    list.cycles.push(cycle.round.clone());
                }
            }
        }
        list
    }

    /// The root row `index` is under: itself, for a root; the cycle, for
    /// a touchpoint leading into one.
    pub fn root_of(&self, index: usize) -> Option<RootAt> {
        self.rows[..=index.min(self.rows.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|r| match r {
                CauseRow::Root { at, .. } => Some(*at),
                CauseRow::Cycle { n, .. } => self
                    .cycles
                    .get(*n as usize)
                    .and_then(|c| c.first())
                    .map(|&p| RootAt::Cycle(p)),
                CauseRow::Explained { .. } => None,
            })
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
    /// Each touchpoint's counts, where it was when last counted (where it
    /// is looked for first when it is recounted), and a fingerprint of the
    /// touchpoint it names as its root cause (0: none): a change among
    /// these links may make or break a cycle of causes (CX006, a finding of
    /// the whole map), which is then counted again.
    each: HashMap<TouchpointId, (Counts, Place, u64)>,
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
            tally
                .each
                .insert(tp.id.clone(), (counts, place, link_of(tp)));
        }
        tally.count_cycles(doc.map());
        tally
    }

    /// Counts the cycles of causes (CX006) afresh.
    fn count_cycles(&mut self, map: &Map) {
        let n = cycle_count(map);
        self.total.findings[Code::CX006 as usize] = u32::try_from(n).unwrap_or(u32::MAX);
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
        let mut relinked = false;
        for id in touched {
            relinked |= self.recount(doc.map(), &id, today);
        }
        if relinked {
            self.count_cycles(doc.map());
        }
        self.revision = doc.revision();
    }

    /// Recounts touchpoint `id`; says whether its root-cause link to
    /// another touchpoint changed (it came, went or points elsewhere).
    fn recount(&mut self, map: &Map, id: &TouchpointId, today: Date) -> bool {
        let (hint, old) = match self.each.remove(id) {
            Some((counts, place, link)) => {
                self.total.add(&counts, -1);
                (Some(place), link)
            }
            None => (None, 0),
        };
        let Some(place) = hint
            .filter(|&p| is_at(map, id, p))
            .or_else(|| map.place_of(id))
        else {
            return old != 0;
        };
        let tp = &map.stages[place.stage].touchpoints[place.index];
        let counts = Counts::of(tp, today);
        self.total.add(&counts, 1);
        let new = link_of(tp);
        self.each.insert(id.clone(), (counts, place, new));
        old != new
    }

    /// Where touchpoint `id` is in `map`: where it was when last counted,
    /// if it is still there, else looked for along the map (and noted for
    /// next time). Finding one touchpoint costs no walk over a big map.
    pub fn place_of(&mut self, map: &Map, id: &TouchpointId) -> Option<Place> {
        let entry = self.each.get_mut(id);
        match entry {
            Some((_, place, _)) if is_at(map, id, *place) => Some(*place),
            Some((_, place, _)) => {
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

/// A fingerprint of the touchpoint `tp` names as its root cause: 0 when
/// it names none (a text, or nothing), else a hash of its id that is never
/// 0. Two ids alike by it are about as likely as 1 in 2⁶³.
fn link_of(tp: &Touchpoint) -> u64 {
    use std::hash::BuildHasher;
    match &tp.root_cause {
        Some(RootCause::Touchpoint(to)) => {
            foldhash::quality::FixedState::with_seed(13).hash_one(to.as_str()) | 1
        }
        _ => 0,
    }
}

/// Whether touchpoint `id` is at `place` in `map`.
fn is_at(map: &Map, id: &TouchpointId, place: Place) -> bool {
    map.stages
        .get(place.stage)
        .and_then(|s| s.touchpoints.get(place.index))
        .is_some_and(|t| &t.id == id)
}

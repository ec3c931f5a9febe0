//! Root causes, followed to the end and ranked: the answer to the fourth
//! classic mistake, treating symptoms. A touchpoint's root cause may be
//! another touchpoint, whose cause may be another again; `causes` follows
//! every link to where it ends and ranks what it finds there.
//!
//! # Roots
//!
//! A **root** is where a chain of causes ends: a touchpoint named as a cause
//! that names no cause itself, or a cause written as text. A text cause shared
//! word for word (the same text exactly) by several touchpoints is one root.
//! A chain that comes back to a touchpoint it passed (A → B → A) has no root:
//! it is a **cycle**, reported by the check CX006 and never followed round.
//! A touchpoint whose chain runs into a cycle (C → A → B → A) ends there: the
//! cycle stands where its root would be ([`RootAt::Cycle`]), and the cycle is
//! listed with every touchpoint leading into it, as a root is with those it
//! explains.
//!
//! # Ranking
//!
//! A touchpoint carries the pain its customers feel, weighed as the plan
//! weighs a finding: by how negative it is, by the evidence on its log scale
//! and by the shares of the EDUNI principles it puts at risk:
//!
//! ```text
//! pain = p × w × (100 + Σ share)
//! ```
//!
//! where `p` is 2 for an emotion of -2, 1 for -1 and 0 otherwise, taken from
//! whoever hurts most there, as the plan takes it (a persona's own score or
//! the map-wide one: [`Touchpoint::worst`]; a touchpoint that hurts no one
//! carries none), `w = 1 + ⌊log2(1 + evidence)⌋` is
//! [`evidence_weight`](super::evidence_weight), and `Σ share` adds the
//! percentages of the principles at risk (58 for Respond ... 16 for Be
//! social): a pain point that breaks Respond and Be fast weighs 2.14 times one
//! that breaks none. A root's **explained pain** is the sum of the pain of
//! every touchpoint whose chain of causes ends in it (not its own: it is what
//! fixing the root would relieve downstream). Roots rank by explained pain,
//! then by how many touchpoints they explain, then in journey order.
//!
//! A cycle's **pain** is that of every touchpoint on it and of every one
//! leading into it: each of them is caused by the circle (on it, a
//! touchpoint's cause is the next one round), so breaking the circle is what
//! would relieve them all. Cycles rank with the roots ([`Causes::ranked`]),
//! by the same keys: pain, then how many touchpoints (for a cycle, those on
//! it and leading into it), then journey order; a circle that carries more
//! pain than a root is the thing to break first.

use super::{Map, Place, RootCause, Touchpoint, evidence_weight};
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;

/// The pain a touchpoint carries: see the module docs.
pub fn pain(tp: &Touchpoint) -> u64 {
    let p = u64::from(tp.worst().scores.pain());
    let shares: u32 = tp.at_risk.iter().map(|p| p.share()).sum();
    p * evidence_weight(tp) * u64::from(100 + shares)
}

/// A root, by place only (no borrow of the map), for lists kept across
/// changes: a touchpoint, or a text cause, known by the first touchpoint (in
/// journey order) that names it; or, where a chain runs into a circle and
/// has no root, the cycle, known by its first touchpoint in journey order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RootAt {
    Touchpoint(Place),
    Text(Place),
    Cycle(Place),
}

impl RootAt {
    /// What the root is called: the touchpoint's name, or the text; for a
    /// cycle, its first touchpoint's name (see [`RootAt::says`]).
    pub fn name(self, map: &Map) -> &str {
        match self {
            RootAt::Touchpoint(p) | RootAt::Cycle(p) => {
                &map.stages[p.stage].touchpoints[p.index].name
            }
            RootAt::Text(p) => match &map.stages[p.stage].touchpoints[p.index].root_cause {
                Some(RootCause::Text(text)) => text,
                _ => "",
            },
        }
    }

    /// What a symptom's row says its root is: the name, or for a cycle
    /// `a circle of causes ('A' → 'B' → 'A')`, naming its first few
    /// touchpoints only (then `…`). Looks ids up in a map-wide index built
    /// here: where many rows are said, build one [`Ids`] and use
    /// [`RootAt::says_in`].
    pub fn says(self, map: &Map) -> Cow<'_, str> {
        match self {
            RootAt::Cycle(_) => self.says_in(map, &Ids::new(map)),
            _ => super::one_line(self.name(map)),
        }
    }

    /// [`RootAt::says`], with the ids looked up in `ids` (of `map`): a few
    /// steps, whatever the size of the map or the circle.
    pub fn says_in<'m>(self, map: &'m Map, ids: &Ids<'m>) -> Cow<'m, str> {
        match self {
            RootAt::Cycle(p) => {
                let first = &*map.stages[p.stage].touchpoints[p.index];
                let shown = round_in(ids, first, SHOWN + 1);
                Cow::Owned(format!("a circle of causes ({})", round_text_open(&shown)))
            }
            _ => super::one_line(self.name(map)),
        }
    }

    /// The touchpoint to go to for it: the root itself, the first that
    /// names the text, or the cycle's first.
    pub fn place(self) -> Place {
        match self {
            RootAt::Touchpoint(p) | RootAt::Text(p) | RootAt::Cycle(p) => p,
        }
    }
}

/// How many of a circle's touchpoints a row names before `…`.
pub const SHOWN: usize = 5;

/// Every touchpoint of a map by its id, to follow links in one step each
/// (`Map::touchpoint` reads the map through).
pub struct Ids<'m>(HashMap<&'m str, &'m Touchpoint>);

impl<'m> Ids<'m> {
    pub fn new(map: &'m Map) -> Ids<'m> {
        Ids(each(map).map(|t| (t.id.as_str(), t)).collect())
    }

    pub fn get(&self, id: &str) -> Option<&'m Touchpoint> {
        self.0.get(id).copied()
    }
}

/// The touchpoints of the cycle of causes through `first`, in the order of
/// their links: `first`, its cause, that one's cause, until the next would
/// be `first` again (or the chain ends, for a touchpoint on no cycle).
/// Never more steps than there are touchpoints, whatever the map; one
/// look-up per step.
pub fn round<'m>(map: &'m Map, first: &'m Touchpoint) -> Vec<&'m Touchpoint> {
    round_in(&Ids::new(map), first, map.touchpoint_count())
}

/// [`round`], at most `most` touchpoints of it, with the ids looked up in
/// `ids`.
pub fn round_in<'m>(ids: &Ids<'m>, first: &'m Touchpoint, most: usize) -> Vec<&'m Touchpoint> {
    let mut round = Vec::new();
    let mut at = first;
    for _ in 0..most.min(ids.0.len().max(1)) {
        round.push(at);
        match &at.root_cause {
            Some(RootCause::Touchpoint(id)) if id != &first.id => match ids.get(id.as_str()) {
                Some(next) => at = next,
                None => break,
            },
            _ => break,
        }
    }
    round
}

/// A cycle as its touchpoints' names in quotes, back to the first:
/// `'A' → 'B' → 'A'`; past [`SHOWN`] names, the first [`SHOWN`], then how
/// many more: `'A' → 'B' → 'C' → 'D' → 'E' → … 7 more → 'A'`.
pub fn round_text(round: &[&Touchpoint]) -> String {
    round_text_of(round, round.len().checked_sub(SHOWN).filter(|&n| n > 0))
}

/// A circle's first names, from the first [`SHOWN`] + 1 of its touchpoints
/// (as `round_in` gives them): `… → 'A'` after the fifth where there are
/// more, without counting them.
fn round_text_open(round: &[&Touchpoint]) -> String {
    round_text_of(round, None)
}

fn round_text_of(round: &[&Touchpoint], more: Option<usize>) -> String {
    let mut names: Vec<String> = (round.iter().take(SHOWN))
        .map(|t| format!("'{}'", super::one_line(&t.name)))
        .collect();
    let first = names.first().cloned();
    match more {
        Some(more) => names.push(format!("… {more} more")),
        None if round.len() > SHOWN => names.push("…".to_owned()),
        None => {}
    }
    names.extend(first);
    names.join(" → ")
}

/// A touchpoint a root explains, and how many links it is from the root (1:
/// it names the root as its cause).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Explained {
    pub place: Place,
    pub depth: usize,
}

/// A root and all it explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    pub at: RootAt,
    /// The pain of the touchpoints it explains: see the module docs.
    pub pain: u64,
    /// The touchpoints it explains, as a tree read top down: each one's
    /// causes come before it, the touchpoints naming the same cause in
    /// journey order.
    pub explained: Vec<Explained>,
}

impl Root {
    /// Each chain of touchpoints the root explains, from the one next to it
    /// down to a touchpoint no other names as its cause: the paths of the
    /// tree `explained`.
    pub fn chains(&self) -> Vec<Vec<Place>> {
        chains(&self.explained)
    }
}

/// The paths of a tree read top down, from depth 1 to each leaf.
fn chains(explained: &[Explained]) -> Vec<Vec<Place>> {
    let mut chains = Vec::new();
    let mut path: Vec<Place> = Vec::new();
    for (i, e) in explained.iter().enumerate() {
        path.truncate(e.depth - 1);
        path.push(e.place);
        let leaf = explained.get(i + 1).is_none_or(|n| n.depth <= e.depth);
        if leaf {
            chains.push(path.clone());
        }
    }
    chains
}

/// A cycle of causes and all that leads into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// Its touchpoints in the order of their links (each one's cause is the
    /// next, the last one's the first), from the first of them in journey
    /// order.
    pub round: Vec<Place>,
    /// The pain of the touchpoints on it and leading into it: see the
    /// module docs.
    pub pain: u64,
    /// The touchpoints leading into it (not on it), as a tree read top
    /// down as a root's: those at depth 1 name a touchpoint on the cycle as
    /// their cause, in journey order.
    pub explained: Vec<Explained>,
}

impl Cycle {
    /// Each chain of touchpoints leading into the cycle, from the one that
    /// names a touchpoint on it down to one no other names as its cause.
    pub fn chains(&self) -> Vec<Vec<Place>> {
        chains(&self.explained)
    }

    /// How many touchpoints it carries: those on it and leading into it.
    pub fn touchpoints(&self) -> usize {
        self.round.len() + self.explained.len()
    }
}

/// What `causes` finds: the roots, ranked, and the cycles, ranked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Causes {
    pub roots: Vec<Root>,
    pub cycles: Vec<Cycle>,
}

/// A root or a cycle, in the one ranking of both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ranked<'c> {
    Root(&'c Root),
    Cycle(&'c Cycle),
}

impl Ranked<'_> {
    /// Most pain first, then most touchpoints, then journey order.
    fn key(self) -> (std::cmp::Reverse<u64>, std::cmp::Reverse<usize>, Place) {
        use std::cmp::Reverse;
        match self {
            Ranked::Root(r) => (Reverse(r.pain), Reverse(r.explained.len()), r.at.place()),
            Ranked::Cycle(c) => (Reverse(c.pain), Reverse(c.touchpoints()), c.round[0]),
        }
    }
}

impl Causes {
    /// The roots and the cycles in one ranking (see the module docs).
    pub fn ranked(&self) -> Vec<Ranked<'_>> {
        let mut all: Vec<Ranked> = (self.roots.iter().map(Ranked::Root))
            .chain(self.cycles.iter().map(Ranked::Cycle))
            .collect();
        all.sort_by_key(|r| r.key());
        all
    }
}

/// Every root of `map`, ranked, and every cycle of causes.
pub fn causes(map: &Map) -> Causes {
    let links = Links::new(map);
    let pains: Vec<u64> = each(map).map(pain).collect();
    let (below, below_text) = links.downstream(&pains);
    let mut roots: Vec<Root> = Vec::new();
    for (v, &place) in links.places.iter().enumerate() {
        let children = links.children.of(v);
        if links.cause[v] == Cause::None && !children.is_empty() {
            roots.push(Root {
                at: RootAt::Touchpoint(place),
                pain: below[v],
                explained: links.tree(children),
            });
        }
    }
    for (k, &pain) in below_text.iter().enumerate() {
        let namers = links.namers.of(k);
        roots.push(Root {
            at: RootAt::Text(links.places[namers[0] as usize]),
            pain,
            explained: links.tree(namers),
        });
    }
    roots.sort_by_key(|r| Ranked::Root(r).key());
    let mut cycles: Vec<Cycle> = links
        .cycles
        .iter()
        .map(|c| {
            let mut into: Vec<u32> = c
                .iter()
                .flat_map(|&u| links.children.of(u as usize))
                .copied()
                .filter(|&v| !links.on_cycle[v as usize])
                .collect();
            into.sort_unstable();
            Cycle {
                round: c.iter().map(|&v| links.places[v as usize]).collect(),
                pain: c
                    .iter()
                    .map(|&v| below[v as usize] + pains[v as usize])
                    .sum(),
                explained: links.tree(&into),
            }
        })
        .collect();
    cycles.sort_by_key(|c| Ranked::Cycle(c).key());
    Causes { roots, cycles }
}

/// Where each touchpoint's chain of causes ends, and what it weighs
/// downstream, for the plan: see `model::plan`.
pub struct Downstream {
    places: Vec<Place>,
    /// By the touchpoint's index in journey order: `NO_ROOT`, a root
    /// touchpoint's index, `TEXT` and the index of the first touchpoint
    /// naming a text root, or `CYCLE` and the index of a cycle's first.
    root: Vec<u32>,
    below: Vec<u64>,
}

const NO_ROOT: u32 = u32::MAX;
const TEXT: u32 = 1 << 31;
const CYCLE: u32 = 1 << 30;

impl Downstream {
    /// `weight` of every touchpoint, summed over those each one explains.
    pub fn new(map: &Map, weight: impl Fn(&Touchpoint) -> u64) -> Downstream {
        let links = Links::new(map);
        let weights: Vec<u64> = each(map).map(weight).collect();
        let (below, _) = links.downstream(&weights);
        let root = (0..links.places.len())
            .map(|v| match (links.cause[v], links.end[v]) {
                (Cause::None, _) => NO_ROOT,
                (_, End::Cycle(first)) => CYCLE | first,
                (_, End::Touchpoint(r)) => r,
                (_, End::Text(k)) => TEXT | links.namers.of(k as usize)[0],
            })
            .collect();
        Downstream {
            places: links.places,
            root,
            below,
        }
    }

    /// The root the `n`th touchpoint (in journey order) leads to, if it
    /// names a cause: the cycle, where its chain runs into one (or it is on
    /// one).
    pub fn root(&self, n: usize) -> Option<RootAt> {
        match self.root.get(n).copied().unwrap_or(NO_ROOT) {
            NO_ROOT => None,
            r if r & TEXT != 0 => Some(RootAt::Text(self.places[(r & !TEXT) as usize])),
            r if r & CYCLE != 0 => Some(RootAt::Cycle(self.places[(r & !CYCLE) as usize])),
            r => Some(RootAt::Touchpoint(self.places[r as usize])),
        }
    }

    /// The weight of all the `n`th touchpoint explains.
    pub fn below(&self, n: usize) -> u64 {
        self.below.get(n).copied().unwrap_or(0)
    }
}

/// Every cycle of causes in `map`: each one's touchpoints in link order,
/// from the first of them in journey order; the cycles in journey order of
/// that one. Only the touchpoints that link another are looked at, so it
/// costs little where few do.
pub fn cycles(map: &Map) -> Vec<Vec<Place>> {
    let next: HashMap<&str, (&str, Place)> = map
        .placed_touchpoints()
        .filter_map(|(place, _, t)| match &t.root_cause {
            Some(RootCause::Touchpoint(to)) if to != &t.id => {
                Some((t.id.as_str(), (to.as_str(), place)))
            }
            _ => None,
        })
        .collect();
    const WALKING: u8 = 1;
    const DONE: u8 = 2;
    let mut state: HashMap<&str, u8> = HashMap::with_capacity(next.len());
    let mut path: Vec<&str> = Vec::new();
    let mut cycles = Vec::new();
    for &start in next.keys() {
        let mut at = start;
        loop {
            match state.get(at) {
                // The walk met itself: a cycle no earlier walk found.
                Some(&WALKING) => {
                    let from = path.iter().rposition(|&p| p == at).unwrap_or(0);
                    let mut cycle: Vec<Place> = path[from..].iter().map(|p| next[p].1).collect();
                    let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                    cycle.rotate_left(first);
                    cycles.push(cycle);
                    break;
                }
                Some(_) => break,
                None => {}
            }
            state.insert(at, WALKING);
            path.push(at);
            match next.get(at) {
                Some(&(to, _)) => at = to,
                None => break,
            }
        }
        for at in path.drain(..) {
            state.insert(at, DONE);
        }
    }
    cycles.sort_unstable_by_key(|c| c[0]);
    cycles
}

/// How many cycles of causes `map` has: for an app that counts them again
/// after a link changed.
pub fn cycle_count(map: &Map) -> usize {
    cycles(map).len()
}

/// Each touchpoint of `map`, in journey order: the order of the links'
/// indices.
fn each(map: &Map) -> impl Iterator<Item = &Touchpoint> {
    map.placed_touchpoints().map(|(_, _, tp)| tp)
}

/// A touchpoint's cause, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cause {
    None,
    Touchpoint(u32),
    Text(u32),
}

/// Where a chain ends: a touchpoint with no cause, a text, or a cycle (by
/// its first touchpoint in journey order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Touchpoint(u32),
    Text(u32),
    Cycle(u32),
}

/// Lists of indices by index, all in one vector: group `i`'s items are
/// `items[start[i]..start[i + 1]]`.
struct Groups {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Groups {
    /// `n` groups of the `(group, item)` pairs, each group's items in the
    /// order given.
    fn new(n: usize, pairs: &[(u32, u32)]) -> Groups {
        let mut start = vec![0u32; n + 1];
        for &(g, _) in pairs {
            start[g as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut items = vec![0; pairs.len()];
        for &(g, item) in pairs {
            items[next[g as usize] as usize] = item;
            next[g as usize] += 1;
        }
        Groups { start, items }
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.items[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// The links of causes of a map, each touchpoint by its index in journey
/// order. Indices are `u32`, kept small for the maps the app follows.
struct Links {
    places: Vec<Place>,
    cause: Vec<Cause>,
    /// Where each one's chain ends, and how many links away (0 on a cycle).
    end: Vec<End>,
    depth: Vec<u32>,
    /// The touchpoints naming each one as their cause, in journey order.
    children: Groups,
    /// The touchpoints naming each text, in journey order.
    namers: Groups,
    cycles: Vec<Vec<u32>>,
    on_cycle: Vec<bool>,
}

impl Links {
    fn new(map: &Map) -> Links {
        let places: Vec<Place> = map.placed_touchpoints().map(|(p, _, _)| p).collect();
        let n = places.len();
        let index = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        let (cause, texts) = {
            // Ids are looked up only where some touchpoint links another.
            let linked = each(map).any(|t| matches!(t.root_cause, Some(RootCause::Touchpoint(_))));
            let ids: HashMap<&str, u32> = if linked {
                each(map)
                    .enumerate()
                    .map(|(v, t)| (t.id.as_str(), index(v)))
                    .collect()
            } else {
                HashMap::new()
            };
            let mut texts: HashMap<&str, u32> = HashMap::new();
            let cause: Vec<Cause> = each(map)
                .enumerate()
                .map(|(v, tp)| match &tp.root_cause {
                    // Validation refuses a map linking itself or nowhere.
                    Some(RootCause::Touchpoint(id)) => match ids.get(id.as_str()) {
                        Some(&w) if w != index(v) => Cause::Touchpoint(w),
                        _ => Cause::None,
                    },
                    Some(RootCause::Text(text)) => {
                        let k = texts.len();
                        Cause::Text(*texts.entry(text.as_str()).or_insert(index(k)))
                    }
                    None => Cause::None,
                })
                .collect();
            (cause, texts.len())
        };
        let pairs = |text: bool| -> Vec<(u32, u32)> {
            (cause.iter().enumerate())
                .filter_map(|(v, c)| match (*c, text) {
                    (Cause::Touchpoint(w), false) | (Cause::Text(w), true) => Some((w, index(v))),
                    _ => None,
                })
                .collect()
        };
        let mut links = Links {
            end: vec![End::Cycle(0); n],
            depth: vec![0; n],
            on_cycle: vec![false; n],
            children: Groups::new(n, &pairs(false)),
            namers: Groups::new(texts, &pairs(true)),
            places,
            cause,
            cycles: Vec::new(),
        };
        links.follow();
        links
    }

    /// Follows every chain once: each touchpoint is walked over once, and a
    /// walk that meets itself found a cycle.
    fn follow(&mut self) {
        const NEW: u8 = 0;
        const WALKING: u8 = 1;
        const DONE: u8 = 2;
        let n = self.places.len();
        let mut state = vec![NEW; n];
        let mut path: Vec<u32> = Vec::new();
        let mut at_in_path = vec![0u32; n];
        for start in 0..n {
            let mut v = start;
            path.clear();
            // Where the walk ended, and how far that is from a root.
            let (end, depth) = loop {
                match state[v] {
                    DONE => break (self.end[v], self.depth[v]),
                    WALKING => {
                        let mut cycle = path.split_off(at_in_path[v] as usize);
                        // From its first touchpoint in journey order.
                        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                        cycle.rotate_left(first);
                        let end = End::Cycle(cycle[0]);
                        for &u in &cycle {
                            state[u as usize] = DONE;
                            self.on_cycle[u as usize] = true;
                            self.end[u as usize] = end;
                        }
                        self.cycles.push(cycle);
                        break (end, 0);
                    }
                    _ => {}
                }
                state[v] = WALKING;
                at_in_path[v] = u32::try_from(path.len()).unwrap_or(u32::MAX);
                path.push(u32::try_from(v).unwrap_or(u32::MAX));
                match self.cause[v] {
                    Cause::Touchpoint(w) => v = w as usize,
                    Cause::None => {
                        path.pop();
                        state[v] = DONE;
                        self.end[v] = End::Touchpoint(u32::try_from(v).unwrap_or(u32::MAX));
                        break (self.end[v], 0);
                    }
                    Cause::Text(k) => {
                        path.pop();
                        state[v] = DONE;
                        self.end[v] = End::Text(k);
                        self.depth[v] = 1;
                        break (End::Text(k), 1);
                    }
                }
            };
            let mut depth = depth;
            for &u in path.iter().rev() {
                depth += 1;
                state[u as usize] = DONE;
                self.end[u as usize] = end;
                self.depth[u as usize] = depth;
            }
        }
        self.cycles.sort_by_key(|c| c[0]);
    }

    /// For each touchpoint, the sum of `weights` over those it explains;
    /// and for each text, the same over those whose chains end in it.
    fn downstream(&self, weights: &[u64]) -> (Vec<u64>, Vec<u64>) {
        let mut below = vec![0; self.places.len()];
        let mut below_text = vec![0; self.namers.start.len() - 1];
        let mut order: Vec<u32> = (0..self.places.len())
            .map(|v| u32::try_from(v).unwrap_or(u32::MAX))
            .collect();
        // The farthest from their roots first, so that each adds in all it
        // explains before it passes its sum on.
        order.sort_unstable_by_key(|&v| std::cmp::Reverse(self.depth[v as usize]));
        for v in order {
            let v = v as usize;
            let sum = below[v] + weights[v];
            match self.cause[v] {
                Cause::Touchpoint(w) if !self.on_cycle[v] => below[w as usize] += sum,
                Cause::Text(k) => below_text[k as usize] += sum,
                _ => {}
            }
        }
        (below, below_text)
    }

    /// The tree under `top` (the touchpoints naming a root), read top down.
    fn tree(&self, top: &[u32]) -> Vec<Explained> {
        let mut out = Vec::new();
        let mut stack: Vec<(u32, usize)> = top.iter().rev().map(|&v| (v, 1)).collect();
        while let Some((v, depth)) = stack.pop() {
            out.push(Explained {
                place: self.places[v as usize],
                depth,
            });
            let children = self.children.of(v as usize);
            stack.extend(children.iter().rev().map(|&u| (u, depth + 1)));
        }
        out
    }
}

#[cfg(test)]
mod tests;

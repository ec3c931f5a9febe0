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
//! where `p` is 2 for an emotion of -2, 1 for -1 and 0 otherwise (a touchpoint
//! that does not hurt carries none), `w = 1 + ⌊log2(1 + evidence)⌋` is
//! [`evidence_weight`](super::evidence_weight), and `Σ share` adds the
//! percentages of the principles at risk (58 for Respond ... 16 for Be
//! social): a pain point that breaks Respond and Be fast weighs 2.14 times one
//! that breaks none. A root's **explained pain** is the sum of the pain of
//! every touchpoint whose chain of causes ends in it (not its own: it is what
//! fixing the root would relieve downstream). Roots rank by explained pain,
//! then by how many touchpoints they explain, then in journey order.

use super::{Map, Place, RootCause, Touchpoint, evidence_weight};
use foldhash::{HashMap, HashMapExt};

/// The pain a touchpoint carries: see the module docs.
pub fn pain(tp: &Touchpoint) -> u64 {
    let p = u64::from(tp.emotion.map_or(0, |e| e.pain()));
    let shares: u32 = tp.at_risk.iter().map(|p| p.share()).sum();
    p * evidence_weight(tp) * u64::from(100 + shares)
}

/// A root, by place only (no borrow of the map), for lists kept across
/// changes: a touchpoint, or a text cause, known by the first touchpoint (in
/// journey order) that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RootAt {
    Touchpoint(Place),
    Text(Place),
}

impl RootAt {
    /// What the root is called: the touchpoint's name, or the text.
    pub fn name(self, map: &Map) -> &str {
        match self {
            RootAt::Touchpoint(p) => &map.stages[p.stage].touchpoints[p.index].name,
            RootAt::Text(p) => match &map.stages[p.stage].touchpoints[p.index].root_cause {
                Some(RootCause::Text(text)) => text,
                _ => "",
            },
        }
    }

    /// The touchpoint to go to for it: the root itself, or the first that
    /// names the text.
    pub fn place(self) -> Place {
        match self {
            RootAt::Touchpoint(p) | RootAt::Text(p) => p,
        }
    }
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
        let mut chains = Vec::new();
        let mut path: Vec<Place> = Vec::new();
        for (i, e) in self.explained.iter().enumerate() {
            path.truncate(e.depth - 1);
            path.push(e.place);
            let leaf = self.explained.get(i + 1).is_none_or(|n| n.depth <= e.depth);
            if leaf {
                chains.push(path.clone());
            }
        }
        chains
    }
}

/// What `causes` finds: the roots, ranked, and the cycles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Causes {
    pub roots: Vec<Root>,
    /// Each cycle's touchpoints in the order of their links, from the first
    /// of them in journey order; the cycles in journey order of that one.
    pub cycles: Vec<Vec<Place>>,
}

/// Every root of `map`, ranked, and every cycle of causes.
pub fn causes(map: &Map) -> Causes {
    let links = Links::new(map);
    let pains: Vec<u64> = links.each(map).map(pain).collect();
    let (below, below_text) = links.downstream(&pains);
    let mut roots: Vec<Root> = Vec::new();
    for (v, &place) in links.places.iter().enumerate() {
        if links.cause[v] == Cause::None && !links.children[v].is_empty() {
            roots.push(Root {
                at: RootAt::Touchpoint(place),
                pain: below[v],
                explained: links.tree(&links.children[v]),
            });
        }
    }
    for (k, text) in links.texts.iter().enumerate() {
        roots.push(Root {
            at: RootAt::Text(links.places[text.namers[0]]),
            pain: below_text[k],
            explained: links.tree(&text.namers),
        });
    }
    let first = |r: &Root| r.at.place();
    roots.sort_by_key(|r| {
        (
            std::cmp::Reverse(r.pain),
            std::cmp::Reverse(r.explained.len()),
            first(r),
        )
    });
    let cycles = links
        .cycles
        .iter()
        .map(|c| c.iter().map(|&v| links.places[v]).collect())
        .collect();
    Causes { roots, cycles }
}

/// Where each touchpoint's chain of causes ends, and what it weighs
/// downstream, for the plan: see `model::plan`.
pub struct Downstream {
    /// By the touchpoint's index in journey order.
    root: Vec<Option<RootAt>>,
    below: Vec<u64>,
}

impl Downstream {
    /// `weight` of every touchpoint, summed over those each one explains.
    pub fn new(map: &Map, weight: impl Fn(&Touchpoint) -> u64) -> Downstream {
        let links = Links::new(map);
        let weights: Vec<u64> = links.each(map).map(weight).collect();
        let (below, _) = links.downstream(&weights);
        let text_at: Vec<Place> = links
            .texts
            .iter()
            .map(|t| links.places[t.namers[0]])
            .collect();
        let root = (0..links.places.len())
            .map(|v| match (links.cause[v], links.end[v]) {
                (Cause::None, _) | (_, End::Cycle) => None,
                (_, End::Touchpoint(r)) => Some(RootAt::Touchpoint(links.places[r])),
                (_, End::Text(k)) => Some(RootAt::Text(text_at[k])),
            })
            .collect();
        Downstream { root, below }
    }

    /// The root the `n`th touchpoint (in journey order) leads to, if it
    /// names a cause and its chain does not go round.
    pub fn root(&self, n: usize) -> Option<RootAt> {
        self.root.get(n).copied().flatten()
    }

    /// The weight of all the `n`th touchpoint explains.
    pub fn below(&self, n: usize) -> u64 {
        self.below.get(n).copied().unwrap_or(0)
    }
}

/// Every cycle of causes in `map`: each one's touchpoints in link order.
pub fn cycles(map: &Map) -> Vec<Vec<Place>> {
    let links = Links::new(map);
    links
        .cycles
        .iter()
        .map(|c| c.iter().map(|&v| links.places[v]).collect())
        .collect()
}

/// A touchpoint's cause, by index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cause {
    None,
    Touchpoint(usize),
    Text(usize),
}

/// Where a chain ends: a touchpoint with no cause, a text, or a cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Touchpoint(usize),
    Text(usize),
    Cycle,
}

/// A text cause and the touchpoints that name it, in journey order.
struct Text {
    namers: Vec<usize>,
}

/// The links of causes of a map, each touchpoint by its index in journey
/// order.
struct Links {
    places: Vec<Place>,
    cause: Vec<Cause>,
    /// Where each one's chain ends, and how many links away (0 on a cycle).
    end: Vec<End>,
    depth: Vec<usize>,
    /// The touchpoints naming each one as their cause, in journey order.
    children: Vec<Vec<usize>>,
    texts: Vec<Text>,
    cycles: Vec<Vec<usize>>,
    on_cycle: Vec<bool>,
}

impl Links {
    fn new(map: &Map) -> Links {
        let places: Vec<Place> = map.placed_touchpoints().map(|(p, _, _)| p).collect();
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(places.len());
        for (v, (_, _, tp)) in map.placed_touchpoints().enumerate() {
            index.insert(tp.id.as_str(), v);
        }
        let mut text_index: HashMap<&str, usize> = HashMap::new();
        let mut texts: Vec<Text> = Vec::new();
        let mut children = vec![Vec::new(); places.len()];
        let mut cause = Vec::with_capacity(places.len());
        for (v, (_, _, tp)) in map.placed_touchpoints().enumerate() {
            cause.push(match &tp.root_cause {
                Some(RootCause::Touchpoint(id)) => match index.get(id.as_str()) {
                    // Validation refuses a map linking itself or nowhere.
                    Some(&w) if w != v => {
                        children[w].push(v);
                        Cause::Touchpoint(w)
                    }
                    _ => Cause::None,
                },
                Some(RootCause::Text(text)) => {
                    let k = *text_index.entry(text.as_str()).or_insert_with(|| {
                        texts.push(Text { namers: Vec::new() });
                        texts.len() - 1
                    });
                    texts[k].namers.push(v);
                    Cause::Text(k)
                }
                None => Cause::None,
            });
        }
        let mut links = Links {
            end: vec![End::Cycle; places.len()],
            depth: vec![0; places.len()],
            on_cycle: vec![false; places.len()],
            places,
            cause,
            children,
            texts,
            cycles: Vec::new(),
        };
        links.follow();
        links
    }

    /// Each touchpoint of `map`, in the order of the links' indices.
    fn each<'m>(&self, map: &'m Map) -> impl Iterator<Item = &'m Touchpoint> {
        map.placed_touchpoints().map(|(_, _, tp)| tp)
    }

    /// Follows every chain once: each touchpoint is walked over once, and a
    /// walk that meets itself found a cycle.
    fn follow(&mut self) {
        const NEW: u8 = 0;
        const WALKING: u8 = 1;
        const DONE: u8 = 2;
        let n = self.places.len();
        let mut state = vec![NEW; n];
        let mut path: Vec<usize> = Vec::new();
        let mut at_in_path = vec![0; n];
        for start in 0..n {
            let mut v = start;
            path.clear();
            // Where the walk ended, and how far that is from a root.
            let (end, depth) = loop {
                match state[v] {
                    DONE => break (self.end[v], self.depth[v]),
                    WALKING => {
                        let cycle = path.split_off(at_in_path[v]);
                        for &u in &cycle {
                            state[u] = DONE;
                            self.on_cycle[u] = true;
                        }
                        // From its first touchpoint in journey order.
                        let mut cycle = cycle;
                        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                        cycle.rotate_left(first);
                        self.cycles.push(cycle);
                        break (End::Cycle, 0);
                    }
                    _ => {}
                }
                state[v] = WALKING;
                at_in_path[v] = path.len();
                path.push(v);
                match self.cause[v] {
                    Cause::Touchpoint(w) => v = w,
                    Cause::None => {
                        path.pop();
                        state[v] = DONE;
                        self.end[v] = End::Touchpoint(v);
                        break (End::Touchpoint(v), 0);
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
                state[u] = DONE;
                self.end[u] = end;
                self.depth[u] = depth;
            }
        }
        self.cycles.sort_by_key(|c| c[0]);
    }

    /// For each touchpoint, the sum of `weights` over those it explains;
    /// and for each text, the same over those whose chains end in it.
    fn downstream(&self, weights: &[u64]) -> (Vec<u64>, Vec<u64>) {
        let mut below = vec![0; self.places.len()];
        let mut below_text = vec![0; self.texts.len()];
        let mut order: Vec<usize> = (0..self.places.len()).collect();
        // The farthest from their roots first, so that each adds in all it
        // explains before it passes its sum on.
        order.sort_unstable_by_key(|&v| std::cmp::Reverse(self.depth[v]));
        for v in order {
            let sum = below[v] + weights[v];
            match self.cause[v] {
                Cause::Touchpoint(w) if !self.on_cycle[v] => below[w] += sum,
                Cause::Text(k) => below_text[k] += sum,
                _ => {}
            }
        }
        (below, below_text)
    }

    /// The tree under `top` (the touchpoints naming a root), read top down.
    fn tree(&self, top: &[usize]) -> Vec<Explained> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, usize)> = top.iter().rev().map(|&v| (v, 1)).collect();
        while let Some((v, depth)) = stack.pop() {
            out.push(Explained {
                place: self.places[v],
                depth,
            });
            stack.extend(self.children[v].iter().rev().map(|&u| (u, depth + 1)));
        }
        out
    }
}

#[cfg(test)]
mod tests;

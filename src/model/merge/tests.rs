//! The merge's orders and lists, found by lookups, against the plain
//! searches they replaced (kept here as the reference), on random lists: a
//! failure prints its seed, which `CXMAP_MERGE_SEED` replays.

use super::merge_order;
use crate::model::field;
use std::collections::HashSet;

/// `merge_order` as it was first written, searching the lists for each id
/// (quadratic): what the one by lookups must give, item for item.
fn merge_order_by_search(
    base: &[String],
    ours: &[String],
    theirs: &[String],
    keep: &HashSet<&str>,
) -> Vec<String> {
    let reordered = |side: &[String]| {
        let shared_side: Vec<&String> = side.iter().filter(|id| base.contains(id)).collect();
        let shared_base: Vec<&String> = base.iter().filter(|id| side.contains(id)).collect();
        shared_side != shared_base
    };
    let (reference, other) = if reordered(ours) {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    let added_by_ours = |id: &String| ours.contains(id) && !base.contains(id);
    let mut result: Vec<String> = reference
        .iter()
        .filter(|id| keep.contains(id.as_str()))
        .cloned()
        .collect();
    for side in [other, reference, base] {
        for (i, id) in side.iter().enumerate() {
            if !keep.contains(id.as_str()) || result.contains(id) {
                continue;
            }
            let after = side[..i]
                .iter()
                .rev()
                .find_map(|p| result.iter().position(|r| r == p));
            let mut at = after.map_or(0, |at| at + 1);
            if !added_by_ours(id) {
                while at < result.len() && added_by_ours(&result[at]) {
                    at += 1;
                }
            }
            result.insert(at, id.clone());
        }
    }
    let mut rest: Vec<String> = keep
        .iter()
        .filter(|id| !result.iter().any(|r| r == *id))
        .map(|id| id.to_string())
        .collect();
    rest.sort();
    result.extend(rest);
    result
}

/// `field::list` as it was first written, counting by search.
fn list_by_search<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    if ours == base || ours == theirs {
        return theirs.to_vec();
    }
    if theirs == base {
        return ours.to_vec();
    }
    let count = |list: &[T], v: &T| list.iter().filter(|x| *x == v).count();
    let wanted = |v: &T| {
        let (b, o, t) = (count(base, v), count(ours, v), count(theirs, v));
        if o > b && t > b {
            o.max(t)
        } else if o < b && t < b {
            o.min(t)
        } else {
            (o + t).saturating_sub(b)
        }
    };
    let mut result: Vec<T> = Vec::new();
    for v in ours.iter().chain(theirs) {
        if count(&result, v) < wanted(v) {
            result.push(v.clone());
        }
    }
    result
}

/// A small, fast, deterministic generator.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.roll(100) < percent
    }

    /// Some of `pool`, each once, in a random order.
    fn some_of(&mut self, pool: &[String], percent: usize) -> Vec<String> {
        let mut list: Vec<String> = pool
            .iter()
            .filter(|_| self.chance(percent))
            .cloned()
            .collect();
        for i in (1..list.len()).rev() {
            let j = self.roll(i + 1);
            list.swap(i, j);
        }
        list
    }

    /// A side's list from the base's: items deleted, a few moved, new ones
    /// (from `pool`, so the other side may add the same) put anywhere.
    fn edited(&mut self, base: &[String], pool: &[String]) -> Vec<String> {
        let mut side: Vec<String> = base.iter().filter(|_| !self.chance(15)).cloned().collect();
        if self.chance(30) && side.len() > 1 {
            let from = self.roll(side.len());
            let id = side.remove(from);
            let to = self.roll(side.len() + 1);
            side.insert(to, id);
        }
        for id in pool {
            if !base.contains(id) && self.chance(35) {
                let at = self.roll(side.len() + 1);
                side.insert(at, id.clone());
            }
        }
        side
    }
}

fn seed() -> u64 {
    let seed = std::env::var("CXMAP_MERGE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
            now.map_or(1, |d| d.as_nanos() as u64) | 1
        });
    println!("CXMAP_MERGE_SEED={seed}");
    seed
}

#[test]
fn the_merged_order_is_the_one_the_searches_gave() {
    let seed = seed();
    let mut dice = Dice(seed);
    for round in 0..20_000 {
        let size = 1 + if dice.chance(3) {
            dice.roll(300)
        } else {
            dice.roll(24)
        };
        let pool: Vec<String> = (0..size).map(|i| format!("t-{i}")).collect();
        let base = dice.some_of(&pool, 50);
        let ours = dice.edited(&base, &pool);
        let theirs = dice.edited(&base, &pool);
        // Most of what the sides hold is kept, and now and then an item
        // none of them orders (it goes last, by id).
        let mut kept: Vec<&str> = base
            .iter()
            .chain(&ours)
            .chain(&theirs)
            .map(String::as_str)
            .collect();
        kept.retain(|_| !dice.chance(10));
        if dice.chance(10) {
            kept.push("t-elsewhere");
        }
        let keep: HashSet<&str> = kept.into_iter().collect();
        assert_eq!(
            merge_order(&base, &ours, &theirs, &keep),
            merge_order_by_search(&base, &ours, &theirs, &keep),
            "CXMAP_MERGE_SEED={seed}, round {round}: base {base:?}, ours {ours:?}, theirs {theirs:?}, keep {keep:?}"
        );
    }
}

#[test]
fn a_list_merges_as_the_counting_by_search_did() {
    let seed = seed();
    let mut dice = Dice(seed);
    let list = |dice: &mut Dice| -> Vec<u8> {
        let n = dice.roll(8);
        (0..n).map(|_| dice.roll(4) as u8).collect()
    };
    for round in 0..20_000 {
        let base = list(&mut dice);
        let ours = if dice.chance(20) {
            base.clone()
        } else {
            list(&mut dice)
        };
        let theirs = if dice.chance(20) {
            base.clone()
        } else {
            list(&mut dice)
        };
        assert_eq!(
            field::list(&base, &ours, &theirs),
            list_by_search(&base, &ours, &theirs),
            "CXMAP_MERGE_SEED={seed}, round {round}: base {base:?}, ours {ours:?}, theirs {theirs:?}"
        );
    }
}

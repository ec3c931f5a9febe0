//! The figures a CX team asks of a map: how much of it rests on research,
//! how much of its scoring on the customer's own words, how many customers,
//! how it feels on average, how much it hurts, and how far the actions are.
//! Per stage and for the whole map; `cxmap stats`, `compare` and `history`
//! print them, the board's stage headers show the research share.
//!
//! # Weights and the pain index
//!
//! A touchpoint weighs as the plan weighs its evidence:
//!
//! ```text
//! weight = 1 + ⌊log2(1 + evidence)⌋
//! ```
//!
//! (1 for no customers counted, 2 for one, 3 for two or three, ...), so a
//! finding heard from many customers counts for more, but no single one
//! drowns the rest. The **mean emotion** is the weighted mean of the scores
//! (-2 to +2) of the scored touchpoints; the **to-be mean** is the same over
//! the journey as the team aims to make it: each touchpoint's to-be emotion
//! where it has one, its score today where it has not.
//!
//! The **pain index** is how much of the worst possible pain the scored
//! touchpoints carry, from 0 (no touchpoint below neutral) to 100 (every one
//! at -2):
//!
//! ```text
//! pain index = 100 × Σ weight × pain / (2 × Σ weight)
//! ```
//!
//! over the scored touchpoints, where `pain` is 2 for a score of -2, 1 for -1
//! and 0 otherwise. A stage or map with nothing scored has no index.

use super::{Basis, Date, Map, Stage, Touchpoint};

/// The figures of a stage, or of the whole map (the sum of its stages').
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub touchpoints: usize,
    /// Touchpoints whose basis is research.
    pub research: usize,
    /// Touchpoints with an emotion score.
    pub scored: usize,
    /// Scored touchpoints with at least one of the customer's own words.
    pub scored_with_words: usize,
    /// Customers counted: the sum of the touchpoints' evidence.
    pub customers: u64,
    /// Σ weight over the scored touchpoints.
    pub weight: u64,
    /// Σ weight × score over the scored touchpoints.
    pub weighted_emotion: i64,
    /// Σ weight over the touchpoints scored or aimed at.
    pub to_be_weight: u64,
    /// Σ weight × (aim, else score) over them.
    pub weighted_to_be: i64,
    /// Σ weight × pain over the scored touchpoints.
    pub weighted_pain: u64,
    pub actions: ActionCounts,
}

/// The team's actions by where they stand. Overdue ones are open too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActionCounts {
    pub open: usize,
    pub done: usize,
    pub overdue: usize,
}

/// A map's figures: each stage's, in order, and the whole map's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapStats {
    pub stages: Vec<Stats>,
    pub map: Stats,
}

/// How much a touchpoint's figures weigh: see the module docs.
pub fn weight(touchpoint: &Touchpoint) -> u64 {
    1 + u64::from(touchpoint.evidence.saturating_add(1).ilog2())
}

/// The figures of `map`; `today` decides which actions are overdue.
pub fn stats(map: &Map, today: Date) -> MapStats {
    let stages: Vec<Stats> = map
        .stages
        .iter()
        .map(|stage| stage_stats(stage, today))
        .collect();
    let map = stages.iter().fold(Stats::default(), |all, s| all.plus(s));
    MapStats { stages, map }
}

/// The figures of one stage.
pub fn stage_stats(stage: &Stage, today: Date) -> Stats {
    let mut stats = Stats::default();
    for tp in &stage.touchpoints {
        stats.add(tp, today);
    }
    stats
}

/// The share of `stage`'s touchpoints resting on research, as
/// [`Stats::research_percent`] says it, counted without the other figures:
/// what a stage's header shows.
pub fn stage_research_percent(stage: &Stage) -> Option<u32> {
    let research = (stage.touchpoints.iter())
        .filter(|tp| tp.basis == Basis::Research)
        .count();
    whole_percent(research, stage.touchpoints.len())
}

/// `part` of `whole` in whole percent, rounded down; `None` of nothing.
fn whole_percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| u32::try_from(part * 100 / whole).unwrap_or(100))
}

impl Stats {
    /// Counts one more touchpoint in.
    pub fn add(&mut self, tp: &Touchpoint, today: Date) {
        let weight = weight(tp);
        self.touchpoints += 1;
        self.research += usize::from(tp.basis == Basis::Research);
        self.customers += u64::from(tp.evidence);
        if let Some(emotion) = tp.emotion {
            self.scored += 1;
            self.scored_with_words += usize::from(!tp.verbatims.is_empty());
            self.weight += weight;
            self.weighted_emotion += weight.cast_signed() * i64::from(emotion.value());
            self.weighted_pain += weight * u64::from(emotion.pain());
        }
        if let Some(aim) = tp.to_be_emotion.or(tp.emotion) {
            self.to_be_weight += weight;
            self.weighted_to_be += weight.cast_signed() * i64::from(aim.value());
        }
        for action in &tp.actions {
            if action.done {
                self.actions.done += 1;
            } else {
                self.actions.open += 1;
                self.actions.overdue += usize::from(action.is_overdue(today));
            }
        }
    }

    /// These figures and `other`'s together.
    #[must_use]
    pub fn plus(&self, other: &Stats) -> Stats {
        Stats {
            touchpoints: self.touchpoints + other.touchpoints,
            research: self.research + other.research,
            scored: self.scored + other.scored,
            scored_with_words: self.scored_with_words + other.scored_with_words,
            customers: self.customers + other.customers,
            weight: self.weight + other.weight,
            weighted_emotion: self.weighted_emotion + other.weighted_emotion,
            to_be_weight: self.to_be_weight + other.to_be_weight,
            weighted_to_be: self.weighted_to_be + other.weighted_to_be,
            weighted_pain: self.weighted_pain + other.weighted_pain,
            actions: ActionCounts {
                open: self.actions.open + other.actions.open,
                done: self.actions.done + other.actions.done,
                overdue: self.actions.overdue + other.actions.overdue,
            },
        }
    }

    /// The share of touchpoints resting on research, in percent; `None`
    /// without touchpoints.
    pub fn research_share(&self) -> Option<f64> {
        percent(self.research as u64, self.touchpoints as u64)
    }

    /// The research share rounded down to a whole percent, so that a stage
    /// shown at 80% never falls short of a line of 80%.
    pub fn research_percent(&self) -> Option<u32> {
        whole_percent(self.research, self.touchpoints)
    }

    /// Whether fewer than `min_percent` of the touchpoints rest on research
    /// (never without touchpoints: nothing rests on anything). Exact, so it
    /// agrees with [`Stats::research_percent`]: a share shown as 79% is
    /// below a line of 80%, one shown as 80% is not.
    pub fn short_of_research(&self, min_percent: u8) -> bool {
        self.research * 100 < usize::from(min_percent) * self.touchpoints
    }

    /// The share of scores backed by the customer's own words, in percent;
    /// `None` with nothing scored.
    pub fn words_share(&self) -> Option<f64> {
        percent(self.scored_with_words as u64, self.scored as u64)
    }

    /// The words share rounded down to a whole percent, as the research
    /// share is: a share shown never claims more backing than there is.
    pub fn words_percent(&self) -> Option<u32> {
        (self.scored > 0)
            .then(|| u32::try_from(self.scored_with_words * 100 / self.scored).unwrap_or(100))
    }

    /// The evidence-weighted mean emotion today, -2 to +2.
    pub fn mean_emotion(&self) -> Option<f64> {
        mean(self.weighted_emotion, self.weight)
    }

    /// The evidence-weighted mean emotion the team aims at, -2 to +2.
    pub fn mean_to_be(&self) -> Option<f64> {
        mean(self.weighted_to_be, self.to_be_weight)
    }

    /// The pain index, 0 to 100: see the module docs.
    pub fn pain_index(&self) -> Option<f64> {
        (self.weight > 0).then(|| 100.0 * self.weighted_pain as f64 / (2.0 * self.weight as f64))
    }
}

/// How the figures read wherever people read them (`cxmap stats`, the
/// board, the details), so that they round alike everywhere: shares down to
/// a whole percent (a share never claims more than there is), means to one
/// decimal with their sign, the pain index to a whole number, halves away
/// from zero; `-` for a figure with no value.
pub mod shown {
    /// `66%`, or `-`: give it [`super::Stats::research_percent`] or
    /// [`super::Stats::words_percent`].
    pub fn share(percent: Option<u32>) -> String {
        percent.map_or_else(|| "-".to_owned(), |p| format!("{p}%"))
    }

    /// `+0.4`, `0.0`, `-1.2`, or `-`.
    pub fn mean(value: Option<f64>) -> String {
        match value.map(|v| (v * 10.0).round() / 10.0) {
            None => "-".to_owned(),
            Some(0.0) => "0.0".to_owned(),
            Some(v) => format!("{v:+.1}"),
        }
    }

    /// The pain index as a whole number, or `-`.
    pub fn index(value: Option<f64>) -> String {
        value.map_or_else(|| "-".to_owned(), |p| format!("{}", p.round()))
    }
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

fn mean(sum: i64, weight: u64) -> Option<f64> {
    (weight > 0).then(|| sum as f64 / weight as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, ActionId, Emotion, Principle, StageId, TouchpointId, Verbatim};

    fn tp(id: &str, emotion: Option<i8>, evidence: u32) -> Touchpoint {
        let mut tp = Touchpoint::new(TouchpointId::parse(id).unwrap(), id);
        tp.emotion = emotion.and_then(Emotion::new);
        tp.evidence = evidence;
        tp
    }

    fn stage(touchpoints: Vec<Touchpoint>) -> Stage {
        Stage {
            id: StageId::parse("s-a").unwrap(),
            name: "A".into(),
            touchpoints: touchpoints.into_iter().map(Into::into).collect(),
        }
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn figures_read_rounded_alike_everywhere() {
        assert_eq!(shown::mean(Some(-0.04)), "0.0", "no negative zero");
        assert_eq!(shown::mean(Some(0.25)), "+0.3", "halves away from zero");
        assert_eq!(shown::mean(Some(-1.25)), "-1.3");
        assert_eq!(shown::mean(Some(-0.625)), "-0.6");
        assert_eq!(shown::index(Some(66.5)), "67");
        assert_eq!(shown::index(Some(0.0)), "0");
        assert_eq!(shown::share(Some(99)), "99%");
        let none = (shown::mean(None), shown::index(None), shown::share(None));
        assert_eq!(none, ("-".into(), "-".into(), "-".into()));
    }

    #[test]
    fn weights_follow_the_plans_log_scale() {
        let weights: Vec<u64> = [0, 1, 2, 3, 4, 7, 8, 1000]
            .into_iter()
            .map(|e| weight(&tp("t-a", None, e)))
            .collect();
        assert_eq!(weights, [1, 2, 2, 3, 3, 4, 4, 10]);
    }

    #[test]
    fn a_stage_is_counted_by_hand() {
        let mut a = tp("t-a", Some(-2), 3); // weight 3, pain 2
        a.basis = Basis::Research;
        a.verbatims.push(Verbatim {
            text: "Too slow".into(),
            source: String::new(),
        });
        a.to_be_emotion = Emotion::new(1);
        let b = tp("t-b", Some(1), 0); // weight 1, pain 0
        let mut c = tp("t-c", None, 1); // unscored
        let mut open = Action::new(ActionId::parse("a-a").unwrap(), "Call", Principle::Respond);
        open.due = Some(day("2026-01-01"));
        let mut done = open.clone();
        done.done = true;
        c.actions = vec![open.clone(), done];
        open.due = Some(day("2027-01-01"));
        c.actions.push(open);
        let whole = stage(vec![a, b, c]);
        let s = stage_stats(&whole, day("2026-06-01"));
        assert_eq!(
            (s.touchpoints, s.research, s.scored, s.scored_with_words),
            (3, 1, 2, 1)
        );
        assert_eq!(s.customers, 4);
        assert_eq!(s.research_percent(), Some(33));
        // The header's count says the same.
        assert_eq!(stage_research_percent(&whole), Some(33));
        assert_eq!(stage_research_percent(&stage(vec![])), None);
        assert_eq!(s.words_share(), Some(50.0));
        assert_eq!(s.words_percent(), Some(50));
        // 1 of 3: 33.3% is short of 34 and not of 33.
        assert!(s.short_of_research(34));
        assert!(!s.short_of_research(33));
        assert!(!s.short_of_research(0));
        // (3 × -2 + 1 × 1) / 4
        assert_eq!(s.mean_emotion(), Some(-1.25));
        // (3 × 1 + 1 × 1) / 4: the aim where set, today's score elsewhere
        assert_eq!(s.mean_to_be(), Some(1.0));
        // 100 × (3 × 2) / (2 × 4)
        assert_eq!(s.pain_index(), Some(75.0));
        assert_eq!(
            s.actions,
            ActionCounts {
                open: 2,
                done: 1,
                overdue: 1
            }
        );
    }

    #[test]
    fn nothing_scored_has_no_means_and_no_index() {
        let s = stage_stats(&stage(vec![tp("t-a", None, 5)]), day("2026-06-01"));
        assert_eq!(
            (s.mean_emotion(), s.mean_to_be(), s.pain_index()),
            (None, None, None)
        );
        assert_eq!(s.research_percent(), Some(0));
        let empty = stage_stats(&stage(vec![]), day("2026-06-01"));
        assert_eq!(empty.research_share(), None);
        assert_eq!(empty.words_percent(), None);
        assert!(!empty.short_of_research(100), "nothing to rest on research");
    }

    #[test]
    fn the_map_is_the_sum_of_its_stages() {
        let map = Map {
            stages: vec![
                stage(vec![tp("t-a", Some(-1), 0)]).into(),
                stage(vec![tp("t-b", Some(2), 1), tp("t-c", Some(-2), 0)]).into(),
            ],
            ..Map::default()
        };
        let all = stats(&map, day("2026-06-01"));
        assert_eq!(all.stages.len(), 2);
        assert_eq!(all.map, all.stages[0].plus(&all.stages[1]));
        // pain: 1×1 + 2×0 + 1×2 = 3 over 2 × (1 + 2 + 1)
        assert_eq!(all.map.pain_index(), Some(37.5));
    }
}

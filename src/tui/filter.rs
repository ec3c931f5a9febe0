//! Filters: which cards the board shows and which findings the Checks view
//! lists. They are the app's UI state (`App::board_filter`,
//! `App::checks_filter`), never saved with the map. The board's filter hides
//! cards only: the stage columns stay and the emotion curve still shows the
//! whole journey.

use super::derived::CheckRow;
use crate::model::{Code, Date, Map, StageId, Touchpoint, Wish, check_touchpoint};

/// What the board shows, when a filter is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoardFilter {
    /// Pain points: an emotion below zero.
    Pain,
    /// Touchpoints without the customer's words (no verbatims).
    NoWords,
    /// One wish category, or `None`: not decided yet.
    Wish(Option<Wish>),
    /// Touchpoints with a finding of this check.
    Check(Code),
}

impl BoardFilter {
    /// What the title bar says: `filter: pain points`.
    pub fn name(self) -> String {
        match self {
            BoardFilter::Pain => "pain points".to_owned(),
            BoardFilter::NoWords => "no customer words".to_owned(),
            BoardFilter::Wish(Some(w)) => format!("wish {}", w.name()),
            BoardFilter::Wish(None) => "wish undecided".to_owned(),
            BoardFilter::Check(code) => format!("{code} findings"),
        }
    }

    /// Whether the touchpoint is shown; `today` decides what is overdue.
    pub fn matches(self, tp: &Touchpoint, today: Date) -> bool {
        match self {
            BoardFilter::Pain => tp.is_pain(),
            BoardFilter::NoWords => tp.verbatims.is_empty(),
            BoardFilter::Wish(wish) => tp.wish == wish,
            BoardFilter::Check(code) => {
                let mut found = false;
                check_touchpoint(tp, today, |c, _| found |= c == code);
                found
            }
        }
    }
}

/// Which touchpoints of each stage the board shows, by their index in the
/// stage: all of them without a filter. `today` decides what is overdue.
pub fn shown_cards(map: &Map, filter: Option<BoardFilter>, today: Date) -> Vec<Vec<usize>> {
    map.stages
        .iter()
        .map(|stage| {
            let all = 0..stage.touchpoints.len();
            match filter {
                None => all.collect(),
                Some(f) => all
                    .filter(|&t| f.matches(&stage.touchpoints[t], today))
                    .collect(),
            }
        })
        .collect()
}

/// What the Checks view lists: one code, one stage, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChecksFilter {
    pub code: Option<Code>,
    pub stage: Option<StageId>,
}

impl ChecksFilter {
    pub fn is_on(&self) -> bool {
        self.code.is_some() || self.stage.is_some()
    }

    /// What the header says: `filter: CX002 · stage Onboarding`; `None`
    /// when the filter is off.
    pub fn describe(&self, map: &Map) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(code) = self.code {
            parts.push(code.to_string());
        }
        if let Some(stage) = self.stage.as_ref().and_then(|id| map.stage(id)) {
            parts.push(format!("stage {}", stage.name));
        }
        (!parts.is_empty()).then(|| format!("filter: {}", parts.join(" · ")))
    }

    /// The entries of the Checks view shown, as indices into its whole list
    /// (the map's conflicts, then the findings `checks`). Conflicts have no
    /// code and are listed only while the filter is off.
    pub fn entries(&self, map: &Map, checks: &[CheckRow]) -> Vec<usize> {
        let conflicts = map.conflicts.len();
        if !self.is_on() {
            return (0..conflicts + checks.len()).collect();
        }
        let stage = self.stage.as_ref().and_then(|id| map.stage_index(id));
        checks
            .iter()
            .enumerate()
            .filter(|(_, c)| self.code.is_none_or(|code| c.code == code))
            .filter(|(_, c)| stage.is_none_or(|s| c.item.stage == s))
            .map(|(i, _)| conflicts + i)
            .collect()
    }
}

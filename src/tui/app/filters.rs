//! The filters in force: which cards the board shows (the selection stays
//! on those) and which entries the Checks view lists. UI state only: never
//! saved, gone when the app ends.

use super::App;
use crate::model::Code;
use crate::tui::filter::{self, BoardFilter, ChecksFilter};
use crate::tui::layout::ShownCards;

impl App {
    /// The board's filter, if one is on.
    pub fn board_filter(&self) -> Option<BoardFilter> {
        self.board_filter
    }

    /// Puts a filter on the board (or takes it off, `None`); a selected card
    /// it hides gives way to the next one shown in its stage.
    pub fn set_board_filter(&mut self, filter: Option<BoardFilter>) {
        self.board_filter = filter;
        self.keep_in_view();
    }

    /// Which touchpoints of each stage the board shows, by index in the
    /// stage: what drawing, clicks and the selection's moves all go by.
    /// Worked out once per change of the map or the filter, not per key: a
    /// key asks for it up to three times, and at 100,000 touchpoints each
    /// list took longer than the rest of the key.
    pub fn shown_cards(&self) -> ShownCards {
        let filter = self.board_filter;
        self.shown.get((self.doc.revision(), filter), || {
            filter::shown_cards(self.map(), filter, self.today)
        })
    }

    /// Whether card `card` of stage `stage` is on the board (not filtered out).
    pub(super) fn card_shown(&self, stage: usize, card: usize) -> bool {
        let Some(filter) = self.board_filter else {
            return true;
        };
        let Some(tp) = self
            .map()
            .stages
            .get(stage)
            .and_then(|s| s.touchpoints.get(card))
        else {
            return false;
        };
        filter.matches(tp, self.today)
    }

    /// After a card the filter hides was asked for (found, gone to from a
    /// list, brought back by undo): the filter goes off, so that it shows.
    pub(super) fn reveal_selection(&mut self) {
        let sel = self.selection;
        let Some(card) = sel.card else {
            return;
        };
        if self.board_filter.is_some() && !self.card_shown(sel.stage, card) {
            self.board_filter = None;
            self.info("Filter off, to show the touchpoint");
        }
    }

    /// Keeps the selection on a card that is shown: a card the filter hides
    /// (an edit took it out) gives way to the next one shown in its stage,
    /// or the one before, or the stage itself.
    pub(super) fn keep_selection_shown(&mut self) {
        let Some(card) = self.selection.card else {
            return;
        };
        if self.board_filter.is_none() || self.card_shown(self.selection.stage, card) {
            return;
        }
        let shown = self.shown_cards();
        let stage = shown
            .get(self.selection.stage)
            .map_or(&[][..], Vec::as_slice);
        self.selection.card = stage
            .iter()
            .find(|&&c| c > card)
            .or_else(|| stage.iter().rev().find(|&&c| c < card))
            .copied();
    }

    /// What the Checks view lists.
    pub fn checks_filter(&self) -> &ChecksFilter {
        &self.checks_filter
    }

    /// Lists only the findings of `code` (`None`: of every code).
    pub fn set_checks_code(&mut self, code: Option<Code>) {
        self.checks_filter.code = code;
        self.checks_selected = 0;
        self.checks_scroll = 0;
        self.keep_in_view();
    }

    /// `s` in the Checks view: the next stage's findings only; after the
    /// last stage, every stage's again.
    pub(super) fn next_stage_filter(&mut self) {
        let stages = &self.map().stages;
        let next = match &self.checks_filter.stage {
            None => 0,
            Some(id) => self.map().stage_index(id).map_or(0, |s| s + 1),
        };
        self.checks_filter.stage = stages.get(next).map(|s| s.id.clone());
        self.checks_selected = 0;
        self.checks_scroll = 0;
    }

    /// Takes the Checks view's filter off.
    pub(super) fn clear_checks_filter(&mut self) {
        if self.checks_filter.is_on() {
            self.checks_filter = ChecksFilter::default();
            self.checks_selected = 0;
            self.checks_scroll = 0;
        }
    }

    /// The entries the Checks view lists, as indices into its whole list
    /// (conflicts, then findings); its selection is a place in this one.
    pub fn checks_entries(&self) -> Vec<usize> {
        let derived = self.derived();
        self.checks_filter.entries(self.map(), &derived.checks)
    }
}

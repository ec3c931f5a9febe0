//! What the keys do in the Plan, Checks and Causes views.

use super::{App, View};
use crate::model::{ActionField, Edit};
use crate::tui::derived::{ItemRef, PlanRow};
use crate::tui::keys::{self, Action, Context};
use crate::tui::overlay::{
    ConflictList, FilterMenu, Overlay, Picker, PickerPurpose, Prompt, PromptPurpose,
};

impl App {
    fn page(&self) -> usize {
        usize::from(self.size.height.saturating_sub(4)).max(1)
    }

    pub(super) fn plan_action(&mut self, action: Action) {
        let rows: Vec<PlanRow> = self.derived().plan.clone();
        let selectable: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].selectable()).collect();
        let at = selectable
            .iter()
            .position(|&i| i >= self.plan_selected)
            .unwrap_or(0);
        let go = |to: usize| {
            selectable
                .get(to.min(selectable.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0)
        };
        match action {
            Action::Up => self.plan_selected = go(at.saturating_sub(1)),
            Action::Down => self.plan_selected = go(at + 1),
            Action::First => self.plan_selected = go(0),
            Action::Last => self.plan_selected = go(usize::MAX),
            Action::PageUp => self.plan_selected = go(at.saturating_sub(self.page())),
            Action::PageDown => self.plan_selected = go(at + self.page()),
            Action::ToggleDone | Action::SetOwner | Action::SetDue => {
                self.plan_item_action(action, rows.get(self.plan_selected).copied())
            }
            Action::AddAction if self.map().touchpoint_count() == 0 => {
                self.info("An action is about a touchpoint: add touchpoints on the board first");
            }
            Action::AddAction => {
                let Some(row) = rows.get(self.plan_selected) else {
                    return;
                };
                let preselect = match row {
                    PlanRow::Item { item, .. } => Some(
                        self.map().stages[item.stage].touchpoints[item.touchpoint]
                            .id
                            .clone(),
                    ),
                    _ => self.selected_touchpoint().map(|t| t.id.clone()),
                };
                let picker =
                    Picker::new(self, PickerPurpose::NewAction(row.principle()), preselect);
                self.overlays.push(Overlay::Picker(picker));
            }
            Action::Open => {
                if let Some(PlanRow::Item { item, .. }) = rows.get(self.plan_selected) {
                    self.open_on_board(*item);
                }
            }
            _ => {}
        }
    }

    fn plan_item_action(&mut self, action: Action, row: Option<PlanRow>) {
        let Some(PlanRow::Item { item, .. }) = row else {
            return;
        };
        let tp = &self.map().stages[item.stage].touchpoints[item.touchpoint];
        let Some(a) = item.action.map(|i| &tp.actions[i]) else {
            self.info(format!(
                "This finding has no action yet: {} adds one",
                keys::label(Action::AddAction, Context::Plan)
            ));
            return;
        };
        let id = a.id.clone();
        match action {
            Action::ToggleDone => {
                let label = format!(
                    "'{}' {}",
                    a.text,
                    if a.done { "opened again" } else { "done" }
                );
                let edit = Edit::SetAction {
                    id,
                    field: ActionField::Done(!a.done),
                };
                self.apply(edit, label);
            }
            Action::SetOwner => {
                let prompt = Prompt::new(PromptPurpose::Owner(id), &a.owner.clone());
                self.overlays.push(Overlay::Prompt(prompt));
            }
            Action::SetDue => {
                let due = a.due.map(|d| d.to_string()).unwrap_or_default();
                self.overlays
                    .push(Overlay::Prompt(Prompt::new(PromptPurpose::Due(id), &due)));
            }
            _ => {}
        }
    }

    pub(super) fn checks_action(&mut self, action: Action) {
        let conflicts = self.map().conflicts.len();
        let entries = self.checks_entries();
        let last = entries.len().saturating_sub(1);
        let at = self.checks_selected;
        // The selection is a place in the list shown; `entry`, in the whole one.
        let entry = entries.get(at).copied().unwrap_or(usize::MAX);
        match action {
            Action::Up => self.checks_selected = at.saturating_sub(1),
            Action::Down => self.checks_selected = (at + 1).min(last),
            Action::First => self.checks_selected = 0,
            Action::Last => self.checks_selected = last,
            Action::PageUp => self.checks_selected = at.saturating_sub(self.page() / 2),
            Action::PageDown => self.checks_selected = (at + self.page() / 2).min(last),
            Action::Open if entry < conflicts => {
                let mut list = ConflictList::new(false, false);
                list.selected = entry;
                self.overlays.push(Overlay::Conflicts(list));
            }
            Action::Open => {
                let item = (entry.checked_sub(conflicts))
                    .and_then(|i| self.derived().checks.get(i).map(|c| c.item));
                if let Some(item) = item {
                    self.open_on_board(item);
                }
            }
            Action::FilterMenu => self.overlays.push(Overlay::Filter(FilterMenu::Checks)),
            Action::StageFilter => self.next_stage_filter(),
            Action::ClearFilter => self.clear_checks_filter(),
            _ => {}
        }
    }

    pub(super) fn causes_action(&mut self, action: Action) {
        let last = self.causes().rows.len().saturating_sub(1);
        let at = self.causes_selected;
        match action {
            Action::Up => self.causes_selected = at.saturating_sub(1),
            Action::Down => self.causes_selected = (at + 1).min(last),
            Action::First => self.causes_selected = 0,
            Action::Last => self.causes_selected = last,
            Action::PageUp => self.causes_selected = at.saturating_sub(self.page() / 2),
            Action::PageDown => self.causes_selected = (at + self.page() / 2).min(last),
            Action::Open => {
                let place = {
                    let list = self.causes();
                    list.rows.get(at).and_then(|r| r.place(&list.cycles))
                };
                if let Some(place) = place {
                    self.open_on_board(ItemRef {
                        stage: place.stage,
                        touchpoint: place.index,
                        action: None,
                    });
                }
            }
            _ => {}
        }
    }

    /// Selects an action's row in the plan, so that o and t apply to it next.
    pub fn select_plan_action(&mut self, id: &crate::model::ActionId) {
        let Some((place, index)) = self.map().action_owner(id) else {
            return;
        };
        let row = self.derived().plan.iter().position(|r| {
            matches!(r, PlanRow::Item { item, .. } if item.stage == place.stage && item.touchpoint == place.index && item.action == Some(index))
        });
        if let Some(row) = row {
            self.plan_selected = row;
        }
    }

    /// Entries in the Checks view: merge conflicts, then findings (as many
    /// as `checks_entries` lists, counted without listing them but for a
    /// stage's).
    pub(super) fn checks_len(&self) -> usize {
        let filter = self.checks_filter();
        match (filter.code, &filter.stage) {
            (None, None) => self.map().conflicts.len() + self.tally().findings(),
            (Some(code), None) => self.tally().findings_of(code),
            (_, Some(_)) => self.checks_entries().len(),
        }
    }

    /// Shows an item's touchpoint selected on the board.
    pub(super) fn open_on_board(&mut self, item: ItemRef) {
        self.view = View::Board;
        self.selection = super::Selection {
            stage: item.stage,
            card: Some(item.touchpoint),
        };
        self.reveal_selection();
        self.clamp_selection();
    }
}

//! Deleting a touchpoint or a stage, saying what goes with it: a stage's
//! touchpoints and actions (asked first, unless the user chose otherwise),
//! the root causes that named what is deleted. One undo brings all back.

use super::App;
use crate::model::{Edit, Map, RootCause, StageId, TouchpointId};
use crate::tui::keys::{self, Action, Context};

/// What deleting a stage takes with it.
pub struct StageLoss {
    pub name: String,
    pub touchpoints: usize,
    pub actions: usize,
    /// Touchpoints in other stages that name one of its as their root cause.
    pub causes: usize,
}

impl StageLoss {
    pub fn of(map: &Map, id: &StageId) -> Option<StageLoss> {
        let stage = map.stage(id)?;
        let inside = |tp: &TouchpointId| stage.touchpoints.iter().any(|t| &t.id == tp);
        Some(StageLoss {
            name: stage.name.clone(),
            touchpoints: stage.touchpoints.len(),
            actions: stage.touchpoints.iter().map(|t| t.actions.len()).sum(),
            causes: causes_lost(map, inside),
        })
    }

    /// `stage 'Apply' with 3 touchpoints and 2 actions`.
    pub fn what(&self) -> String {
        let mut what = format!("stage '{}'", self.name);
        if self.touchpoints > 0 {
            what.push_str(&format!(" with {}", count(self.touchpoints, "touchpoint")));
        }
        if self.actions > 0 {
            what.push_str(&format!(" and {}", count(self.actions, "action")));
        }
        what
    }

    /// What it does to root causes elsewhere, if anything.
    pub fn causes_lost(&self) -> Option<String> {
        (self.causes > 0).then(|| lose_cause(self.causes, "elsewhere ", "one of them"))
    }
}

/// `1 touchpoint`, `3 actions`.
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `2 touchpoints lose it as their root cause`.
fn lose_cause(n: usize, where_: &str, it: &str) -> String {
    if n == 1 {
        format!("1 touchpoint {where_}loses {it} as its root cause")
    } else {
        format!("{n} touchpoints {where_}lose {it} as their root cause")
    }
}

/// How many touchpoints that `gone` leaves name one it takes as their root
/// cause: the links a deletion clears.
fn causes_lost(map: &Map, gone: impl Fn(&TouchpointId) -> bool) -> usize {
    map.touchpoints()
        .filter(|(_, tp)| {
            !gone(&tp.id) && matches!(&tp.root_cause, Some(RootCause::Touchpoint(to)) if gone(to))
        })
        .count()
}

impl App {
    /// Deletes a touchpoint, and says so: with how many touchpoints lose it
    /// as their root cause, which undo brings back with it.
    pub(super) fn delete_touchpoint(&mut self, id: &TouchpointId) {
        let Some(tp) = self.touchpoint(id) else {
            return;
        };
        // Its actions go with it: say so, in the message and the undo.
        let what = match tp.actions.len() {
            0 => format!("touchpoint '{}'", tp.name),
            n => format!("touchpoint '{}' with {}", tp.name, count(n, "action")),
        };
        let causes = causes_lost(self.map(), |t| t == id);
        let label = match causes {
            0 => format!("delete {what}"),
            n => format!(
                "delete {what} and its place as the root cause of {}",
                count(n, "touchpoint")
            ),
        };
        if self.apply(Edit::RemoveTouchpoint(id.clone()), label) {
            let lost = (causes > 0).then(|| lose_cause(causes, "", "it"));
            self.deleted(&what, lost);
        }
    }

    /// Deletes a stage with its touchpoints, without asking.
    pub fn delete_stage(&mut self, id: &StageId) {
        let Some(loss) = StageLoss::of(self.map(), id) else {
            return;
        };
        let mut label = format!("delete {}", loss.what());
        if loss.causes > 0 {
            label.push_str(&format!(
                ", the root cause of {} elsewhere",
                count(loss.causes, "touchpoint")
            ));
        }
        if self.apply(Edit::RemoveStage(id.clone()), label) {
            self.deleted(&loss.what(), loss.causes_lost());
        }
    }

    fn deleted(&mut self, what: &str, lost: Option<String>) {
        self.clamp_selection();
        let undo = keys::label(Action::Undo, Context::Board);
        self.info(match lost {
            None => format!("Deleted {what} ({undo} brings it back)"),
            Some(lost) => format!("Deleted {what}; {lost}; {undo} brings all back"),
        });
    }
}

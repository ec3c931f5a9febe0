//! What the Plan and Checks views show, worked out from the map once per
//! change rather than once per frame, and held as positions in the map so that
//! the cache owns no copy of it.

use crate::model::{Code, Date, Map, Principle, check, plan};

/// A touchpoint's place, and an action's index in it where there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemRef {
    pub stage: usize,
    pub touchpoint: usize,
    pub action: Option<usize>,
}

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
        let position = |stage: &crate::model::Stage,
                        tp: &crate::model::Touchpoint,
                        action: Option<&crate::model::Action>| {
            // Plans and findings borrow from `map`; turn the borrows into places.
            let s = map
                .stages
                .iter()
                .position(|x| std::ptr::eq(x, stage))
                .unwrap_or(0);
            let t = map.stages[s]
                .touchpoints
                .iter()
                .position(|x| std::ptr::eq(x, tp))
                .unwrap_or(0);
            let a = action.and_then(|a| tp.actions.iter().position(|x| std::ptr::eq(x, a)));
            ItemRef {
                stage: s,
                touchpoint: t,
                action: a,
            }
        };
        let mut rows = Vec::new();
        for group in plan(map).groups {
            rows.push(PlanRow::Heading(group.principle));
            if group.items.is_empty() {
                rows.push(PlanRow::Empty(group.principle));
            }
            for item in group.items {
                rows.push(PlanRow::Item {
                    principle: group.principle,
                    item: position(item.stage, item.touchpoint, item.action),
                    severity: item.severity,
                });
            }
        }
        let checks = check(map, today)
            .into_iter()
            .map(|f| CheckRow {
                code: f.code,
                item: position(f.stage, f.touchpoint, f.action),
            })
            .collect();
        Derived { plan: rows, checks }
    }
}

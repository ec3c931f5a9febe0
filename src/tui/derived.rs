//! What the Plan and Checks views show, worked out from the map once per
//! change rather than once per frame, and held as the places in the map that
//! plan and check give, so that the cache owns no copy of it.

use crate::model::{Code, Date, Map, Principle, check, plan};

/// Where a row's item sits: found by plan and check as they go.
pub type ItemRef = crate::model::ItemPlace;

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
        let mut rows = Vec::new();
        for group in plan(map).groups {
            rows.push(PlanRow::Heading(group.principle));
            if group.items.is_empty() {
                rows.push(PlanRow::Empty(group.principle));
            }
            for item in group.items {
                rows.push(PlanRow::Item {
                    principle: group.principle,
                    item: item.place,
                    severity: item.severity,
                });
            }
        }
        let checks = check(map, today)
            .into_iter()
            .map(|f| CheckRow {
                code: f.code,
                item: f.place,
            })
            .collect();
        Derived { plan: rows, checks }
    }
}

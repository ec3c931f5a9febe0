//! The EDUNI plan as a GitHub task list (`- [ ]` / `- [x]`), in
//! `model::plan`'s order: on its own (`cxmap plan --format markdown`) and
//! as the last section of the map's Markdown export. The words for an item
//! (`label`, `details`, `summary`) are also those of `cxmap plan`'s text,
//! so that every form of the plan says the same.

use super::inline;
use crate::model::{Date, Map, Plan, PlanItem, one_line};
use std::fmt::Write;

/// How many items are open, done, and still need an action.
pub fn summary(plan: &Plan) -> String {
    let (mut open, mut done, mut needed) = (0, 0, 0);
    for (_, item) in plan.items() {
        match item.action {
            None => needed += 1,
            Some(a) if a.done => done += 1,
            Some(_) => open += 1,
        }
    }
    format!("{open} open · {done} done · {needed} still need an action")
}

/// What an item is called in a checklist.
pub fn label(item: &PlanItem) -> String {
    match item.action {
        Some(action) => one_line(&action.text).into_owned(),
        None => format!("{}: needs an action", one_line(&item.touchpoint.name)),
    }
}

/// Where an item sits on the map, and who has it by when; the persona it
/// hurts most, when that is not the map-wide score.
pub fn details(item: &PlanItem) -> Vec<String> {
    let mut parts = vec![match item.action {
        Some(_) => format!(
            "{} › {}",
            one_line(&item.stage.name),
            one_line(&item.touchpoint.name)
        ),
        None => one_line(&item.stage.name).into_owned(),
    }];
    if let Some(persona) = item.persona {
        parts.push(format!("hurts {} most", one_line(&persona.name)));
    }
    let worst = item.touchpoint.worst().scores;
    match item.action {
        Some(action) => {
            if !action.owner.is_empty() {
                parts.push(one_line(&action.owner).into_owned());
            }
            if let Some(due) = action.due {
                parts.push(format!("due {due}"));
            }
        }
        None => {
            if let Some(e) = worst.emotion {
                parts.push(format!("emotion {e}"));
            }
            // The aim ranks it too: say it, so the order reads.
            if let Some(e) = worst.to_be {
                parts.push(format!("to be {e}"));
            }
            parts.push(crate::text::customers(item.touchpoint.evidence));
        }
    }
    // A symptom says where its chain of causes ends: the thing to fix first.
    if let Some(root) = &item.root {
        parts.push(format!("root cause: {}", one_line(&root.name)));
    }
    parts
}

/// The plan as a Markdown document of its own, titled with the map's title.
pub fn document(map: &Map, plan: &Plan, today: Date) -> String {
    let mut s = format!("# EDUNI action plan: {}\n\n", inline(&map.title));
    s.push_str(&body(plan, today, 2));
    s
}

/// The summary line and one section per principle, headed at `level`
/// (`##` for 2), each a task list; overdue actions are marked on `today`.
pub fn body(plan: &Plan, today: Date, level: usize) -> String {
    let hashes = "#".repeat(level);
    let mut s = String::new();
    let _ = writeln!(s, "{}", summary(plan));
    for group in &plan.groups {
        let p = group.principle;
        let _ = writeln!(s, "\n{hashes} {} ({}%)\n", p.title(), p.share());
        let _ = writeln!(s, "_When broken: {}._\n", p.when_broken());
        if group.items.is_empty() {
            let _ = writeln!(s, "Nothing here yet.");
        }
        for item in &group.items {
            let details = inline(&details(item).join(" · "));
            match item.action {
                Some(a) => {
                    let tick = if a.done { "x" } else { " " };
                    let overdue = if a.is_overdue(today) {
                        " **(overdue)**"
                    } else {
                        ""
                    };
                    let _ = writeln!(s, "- [{tick}] {}{overdue} — {details}", strong(&a.text));
                    if !a.follow_up.is_empty() {
                        let _ = writeln!(s, "  - Follow-up: {}", inline(&a.follow_up));
                    }
                }
                None => {
                    let _ = writeln!(s, "- [ ] {} — {details}", strong(&label(item)));
                }
            }
        }
    }
    s
}

/// `text` in bold. Bold cannot begin or end in a space (`** a**` shows
/// its stars), and `****` would show as it is: what is bold is the text
/// without the spaces around it, and no text is nothing.
fn strong(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        String::new()
    } else {
        format!("**{}**", inline(text))
    }
}

//! `cxmap plan`: the EDUNI action plan as a checklist, in text, Markdown or JSON.

use super::style::{BOLD, DIM, DONE, WARNING, out, paint};
use super::{Outcome, PlanFormat};
use crate::model::{Date, ItemRoot, Map, Place, Plan, RootAt, plan};
use crate::share::{
    self,
    markdown::plan::{details, label, summary},
};
use serde_json::{Value, json};
use std::fmt::Write;

pub fn run(map: &Map, format: PlanFormat, today: Date) -> Outcome {
    let plan = plan(map);
    let text = match format {
        PlanFormat::Text => text(map, &plan, today),
        PlanFormat::Markdown => share::markdown::plan::document(map, &plan, today),
        PlanFormat::Json => super::style::json(&json_value(map, &plan)),
    };
    out(&text);
    Outcome::Success
}

fn text(map: &Map, plan: &Plan, today: Date) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        paint(BOLD, &format!("EDUNI action plan: {}", map.title))
    );
    let _ = writeln!(s, "{}", paint(DIM, &summary(plan)));
    for group in &plan.groups {
        let p = group.principle;
        let _ = writeln!(
            s,
            "\n{} {}",
            paint(BOLD, &format!("{} ({}%)", p.title(), p.share())),
            paint(DIM, &format!("when broken: {}", p.when_broken()))
        );
        if group.items.is_empty() {
            let _ = writeln!(s, "  {}", paint(DIM, "nothing here yet"));
        }
        for item in &group.items {
            let mark = match item.action {
                Some(a) if a.done => paint(DONE, "[x]"),
                Some(_) => "[ ]".to_owned(),
                None => paint(WARNING, "[!]"),
            };
            let overdue = match item.action {
                Some(a) if a.is_overdue(today) => format!(" {}", paint(WARNING, "OVERDUE")),
                _ => String::new(),
            };
            let label = label(item);
            let _ = writeln!(
                s,
                "  {mark} {label}{overdue}  {}",
                paint(DIM, &details(item).join(" · "))
            );
            if let Some(a) = item.action.filter(|a| !a.follow_up.is_empty()) {
                let _ = writeln!(
                    s,
                    "      {}",
                    paint(DIM, &format!("follow-up: {}", a.follow_up))
                );
            }
        }
    }
    s
}

/// A plan item's root: what its row says, and the touchpoint it is (or,
/// for a circle of causes, the circle's first touchpoint: one id, however
/// many rows it is the root of; `cxmap causes` lists the circle whole).
fn root_value(map: &Map, root: &ItemRoot) -> Value {
    let at = |p: Place| &map.stages[p.stage].touchpoints[p.index];
    json!({
        "name": root.name,
        "touchpoint": match root.at {
            RootAt::Touchpoint(p) => Some(&at(p).id),
            RootAt::Text(_) | RootAt::Cycle(_) => None,
        },
        "circle": match root.at {
            RootAt::Cycle(p) => Some(&at(p).id),
            _ => None,
        },
    })
}

fn json_value(map: &Map, plan: &Plan) -> Value {
    let groups: Vec<Value> = plan
        .groups
        .iter()
        .map(|group| {
            let items: Vec<Value> = group
                .items
                .iter()
                .map(|item| {
                    let tp = item.touchpoint;
                    let worst = tp.worst().scores;
                    json!({
                        "kind": if item.action.is_some() { "action" } else { "needs_action" },
                        "severity": item.severity,
                        "stage": { "id": item.stage.id, "name": item.stage.name },
                        "touchpoint": {
                            "id": tp.id,
                            "name": tp.name,
                            "emotion": tp.emotion.map(|e| e.value()),
                            "to_be_emotion": tp.to_be_emotion.map(|e| e.value()),
                            "evidence": tp.evidence,
                        },
                        "hurts_most": item.persona.map(|p| json!({
                            "id": p.id,
                            "name": p.name,
                            "emotion": worst.emotion.map(|e| e.value()),
                            "to_be_emotion": worst.to_be.map(|e| e.value()),
                        })),
                        "root_cause": item.root.as_ref().map(|r| root_value(map, r)),
                        "action": item.action.map(|a| json!({
                            "id": a.id,
                            "text": a.text,
                            "owner": a.owner,
                            "due": a.due.map(|d| d.to_string()),
                            "done": a.done,
                            "follow_up": a.follow_up,
                        })),
                    })
                })
                .collect();
            json!({
                "principle": group.principle.key(),
                "title": group.principle.title(),
                "share": group.principle.share(),
                "items": items,
            })
        })
        .collect();
    json!({ "title": map.title, "groups": groups })
}

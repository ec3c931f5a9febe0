//! `cxmap causes`: the root causes of a map's pain, the one explaining most
//! first, each with the chains of touchpoints it explains (`model::causes`),
//! and the cycles of causes (CX006); in text, Markdown or JSON.

use super::style::{BOLD, DIM, WARNING, out, paint};
use super::{CausesFormat, Outcome};
use crate::model::{Causes, Map, Place, Root, RootAt, Touchpoint, causes};
use crate::share::markdown::inline;
use crate::text::{count, customers};
use serde_json::{Value, json};
use std::fmt::Write;

pub fn run(map: &Map, format: CausesFormat) -> Outcome {
    let found = causes(map);
    let text = match format {
        CausesFormat::Text => text(map, &found),
        CausesFormat::Markdown => markdown(map, &found),
        CausesFormat::Json => super::style::json(&json_value(map, &found)),
    };
    out(&text);
    Outcome::Success
}

/// How many roots there are, what they explain, and the cycles.
fn summary(found: &Causes) -> String {
    let explained: usize = found.roots.iter().map(|r| r.explained.len()).sum();
    let mut s = format!(
        "{} explaining {}",
        count(found.roots.len(), "root cause"),
        count(explained, "touchpoint")
    );
    if !found.cycles.is_empty() {
        let cycles = match found.cycles.len() {
            1 => "1 cycle of causes".to_owned(),
            n => format!("{n} cycles of causes"),
        };
        let _ = write!(s, " · {cycles} (CX006)");
    }
    s
}

/// What to do when nothing names a cause.
const NONE_YET: &str = "No touchpoint names a root cause yet. A pain point's cause (in the app's \
    editor, or `root_cause` in the file) may be another touchpoint, such as an advert that \
    promised too much, or a few words for something off the map.";

/// What a root is, after its name.
fn kind(map: &Map, at: RootAt) -> String {
    match at {
        RootAt::Touchpoint(p) => format!("touchpoint in {}", map.stages[p.stage].name),
        RootAt::Text(_) => "a cause off the map".to_owned(),
    }
}

fn touchpoint(map: &Map, p: Place) -> &Touchpoint {
    &map.stages[p.stage].touchpoints[p.index]
}

/// A touchpoint in a chain: its name, emotion and evidence.
fn link(map: &Map, p: Place) -> String {
    let tp = touchpoint(map, p);
    let emotion = tp.emotion.map_or("unscored".to_owned(), |e| e.to_string());
    format!("{} ({emotion}, {})", tp.name, customers(tp.evidence))
}

/// A root's name: a touchpoint's as it is, a text in quotes.
fn name(map: &Map, at: RootAt) -> String {
    match at {
        RootAt::Touchpoint(_) => at.name(map).to_owned(),
        RootAt::Text(_) => format!("\"{}\"", at.name(map)),
    }
}

fn weight(root: &Root) -> String {
    format!(
        "explains pain {} in {}",
        root.pain,
        count(root.explained.len(), "touchpoint")
    )
}

/// A cycle as its touchpoints' names, back to the first.
fn round(map: &Map, cycle: &[Place]) -> String {
    let mut names: Vec<String> = cycle
        .iter()
        .map(|&p| format!("'{}'", touchpoint(map, p).name))
        .collect();
    names.push(names[0].clone());
    names.join(" → ")
}

fn text(map: &Map, found: &Causes) -> String {
    let mut s = String::new();
    let title = format!("Root causes: {}", map.title);
    let _ = writeln!(s, "{}", paint(BOLD, &title));
    if found.roots.is_empty() && found.cycles.is_empty() {
        let _ = writeln!(s, "{}", paint(DIM, NONE_YET));
        return s;
    }
    let _ = writeln!(
        s,
        "{}",
        paint(DIM, &format!("{}; most pain first", summary(found)))
    );
    for (i, root) in found.roots.iter().enumerate() {
        let head = format!("{}. {}", i + 1, name(map, root.at));
        let _ = writeln!(
            s,
            "\n{}  {}",
            paint(BOLD, &head),
            paint(DIM, &format!("({})", kind(map, root.at)))
        );
        let _ = writeln!(s, "   {}", weight(root));
        for chain in root.chains() {
            let links: Vec<String> = chain.iter().map(|&p| link(map, p)).collect();
            let _ = writeln!(s, "   → {}", links.join(" → "));
        }
    }
    if !found.cycles.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            paint(WARNING, "Causes that go round in a circle (CX006):")
        );
        for cycle in &found.cycles {
            let _ = writeln!(s, "   {}", round(map, cycle));
        }
    }
    s
}

fn markdown(map: &Map, found: &Causes) -> String {
    let mut s = format!("# Root causes: {}\n\n", inline(&map.title));
    if found.roots.is_empty() && found.cycles.is_empty() {
        let _ = writeln!(s, "{}", inline(NONE_YET));
        return s;
    }
    let _ = writeln!(s, "{}; most pain first.", summary(found));
    for (i, root) in found.roots.iter().enumerate() {
        let _ = writeln!(
            s,
            "\n## {}. {}\n\n_{}_ · {}\n",
            i + 1,
            inline(&name(map, root.at)),
            inline(&kind(map, root.at)),
            weight(root)
        );
        for chain in root.chains() {
            let links: Vec<String> = chain.iter().map(|&p| inline(&link(map, p))).collect();
            let _ = writeln!(s, "- → {}", links.join(" → "));
        }
    }
    if !found.cycles.is_empty() {
        let _ = writeln!(s, "\n## Causes that go round in a circle (CX006)\n");
        for cycle in &found.cycles {
            let _ = writeln!(s, "- {}", inline(&round(map, cycle)));
        }
    }
    s
}

fn json_value(map: &Map, found: &Causes) -> Value {
    let touchpoint_value = |p: Place| {
        let tp = touchpoint(map, p);
        json!({
            "id": tp.id,
            "name": tp.name,
            "stage": map.stages[p.stage].name,
            "emotion": tp.emotion.map(|e| e.value()),
            "evidence": tp.evidence,
            "pain": crate::model::pain(tp),
        })
    };
    let roots: Vec<Value> = found
        .roots
        .iter()
        .map(|root| {
            let chains: Vec<Vec<Value>> = root
                .chains()
                .iter()
                .map(|c| c.iter().map(|&p| touchpoint_value(p)).collect())
                .collect();
            let (kind, at) = match root.at {
                RootAt::Touchpoint(p) => ("touchpoint", Some(touchpoint_value(p))),
                RootAt::Text(_) => ("text", None),
            };
            json!({
                "kind": kind,
                "name": root.at.name(map),
                "touchpoint": at,
                "pain_explained": root.pain,
                "touchpoints_explained": root.explained.len(),
                "chains": chains,
            })
        })
        .collect();
    let cycles: Vec<Vec<Value>> = found
        .cycles
        .iter()
        .map(|c| c.iter().map(|&p| touchpoint_value(p)).collect())
        .collect();
    json!({ "title": map.title, "roots": roots, "cycles": cycles })
}

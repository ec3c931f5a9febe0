//! `cxmap causes`: the root causes of a map's pain, the one explaining most
//! first, each with the chains of touchpoints it explains (`model::causes`),
//! and the cycles of causes (CX006), each with the touchpoints leading into
//! it and ranked as the roots are; in text, Markdown or JSON.

use super::style::{BOLD, DIM, WARNING, out, paint};
use super::{CausesFormat, Outcome};
use crate::model::{
    Causes, Cycle, Map, Place, Ranked, Root, RootAt, RootCause, Touchpoint, causes, one_line,
};
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
        let carried: usize = found.cycles.iter().map(Cycle::touchpoints).sum();
        let _ = write!(
            s,
            " · {cycles} (CX006) carrying {}",
            count(carried, "touchpoint")
        );
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
        RootAt::Touchpoint(p) => format!("touchpoint in {}", one_line(&map.stages[p.stage].name)),
        RootAt::Text(_) => "a cause off the map".to_owned(),
        RootAt::Cycle(_) => "a circle of causes".to_owned(),
    }
}

fn touchpoint(map: &Map, p: Place) -> &Touchpoint {
    &map.stages[p.stage].touchpoints[p.index]
}

/// A touchpoint in a chain: its name, emotion and evidence.
fn link(map: &Map, p: Place) -> String {
    let tp = touchpoint(map, p);
    let emotion = tp.emotion.map_or("unscored".to_owned(), |e| e.to_string());
    format!(
        "{} ({emotion}, {})",
        one_line(&tp.name),
        customers(tp.evidence)
    )
}

/// A root's name: a touchpoint's as it is, a text in quotes.
fn name(map: &Map, at: RootAt) -> String {
    match at {
        RootAt::Touchpoint(_) | RootAt::Cycle(_) => one_line(at.name(map)).into_owned(),
        RootAt::Text(_) => format!("\"{}\"", one_line(at.name(map))),
    }
}

/// What a root weighs: the pain of the touchpoints it explains.
fn weight(root: &Root) -> String {
    format!(
        "explains pain {} in {}",
        root.pain,
        count(root.explained.len(), "touchpoint")
    )
}

/// A cycle as its touchpoints' names, back to the first.
fn round(map: &Map, cycle: &Cycle) -> String {
    let round: Vec<&Touchpoint> = cycle.round.iter().map(|&p| touchpoint(map, p)).collect();
    crate::model::round_text(&round)
}

/// What a cycle weighs: the pain of the touchpoints on it and leading in.
fn cycle_weight(cycle: &Cycle) -> String {
    let on = cycle.round.len();
    match cycle.explained.len() {
        0 => format!(
            "carries pain {} in {} on the circle",
            cycle.pain,
            count(on, "touchpoint")
        ),
        into => format!(
            "carries pain {} in {}: {on} on the circle, {into} leading into it",
            cycle.pain,
            count(cycle.touchpoints(), "touchpoint"),
        ),
    }
}

/// A chain leading into a cycle, from the touchpoint on the circle that
/// its first names as its cause.
fn into_cycle(map: &Map, chain: &[Place]) -> String {
    let on = match chain.first().map(|&p| &touchpoint(map, p).root_cause) {
        Some(Some(RootCause::Touchpoint(id))) => map.touchpoint(id).map_or("", |t| &t.name),
        _ => "",
    };
    let links: Vec<String> = chain.iter().map(|&p| link(map, p)).collect();
    format!("'{}' → {}", one_line(on), links.join(" → "))
}

/// What a cycle is, after its touchpoints.
const IN_A_CIRCLE: &str = "causes in a circle, CX006";

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
    for (i, ranked) in found.ranked().into_iter().enumerate() {
        match ranked {
            Ranked::Root(root) => {
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
            Ranked::Cycle(cycle) => {
                let head = format!("{}. {}", i + 1, round(map, cycle));
                let _ = writeln!(
                    s,
                    "\n{}  {}",
                    paint(BOLD, &head),
                    paint(WARNING, &format!("({IN_A_CIRCLE})"))
                );
                let _ = writeln!(s, "   {}", cycle_weight(cycle));
                for chain in cycle.chains() {
                    let _ = writeln!(s, "   {}", into_cycle(map, &chain));
                }
            }
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
    for (i, ranked) in found.ranked().into_iter().enumerate() {
        let (head, kind, weight, chains) = match ranked {
            Ranked::Root(root) => (
                name(map, root.at),
                kind(map, root.at),
                weight(root),
                (root.chains().iter())
                    .map(|chain| {
                        let links: Vec<String> = chain.iter().map(|&p| link(map, p)).collect();
                        format!("→ {}", links.join(" → "))
                    })
                    .collect::<Vec<_>>(),
            ),
            Ranked::Cycle(cycle) => (
                round(map, cycle),
                IN_A_CIRCLE.to_owned(),
                cycle_weight(cycle),
                (cycle.chains().iter())
                    .map(|chain| into_cycle(map, chain))
                    .collect(),
            ),
        };
        let _ = writeln!(
            s,
            "\n## {}. {}\n\n_{}_ · {}\n",
            i + 1,
            inline(&head),
            inline(&kind),
            weight
        );
        for chain in chains {
            let _ = writeln!(s, "- {}", inline(&chain));
        }
    }
    s
}

fn json_value(map: &Map, found: &Causes) -> Value {
    // Each one's place in the one ranking of roots and cycles, from 1.
    let ranked = found.ranked();
    let rank = |r: Ranked| ranked.iter().position(|&x| x == r).map_or(0, |i| i + 1);
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
                RootAt::Cycle(p) => ("cycle", Some(touchpoint_value(p))),
            };
            json!({
                "rank": rank(Ranked::Root(root)),
                "kind": kind,
                "name": root.at.name(map),
                "touchpoint": at,
                "pain_explained": root.pain,
                "touchpoints_explained": root.explained.len(),
                "chains": chains,
            })
        })
        .collect();
    let cycles: Vec<Value> = found
        .cycles
        .iter()
        .map(|c| {
            let chains: Vec<Vec<Value>> = c
                .chains()
                .iter()
                .map(|c| c.iter().map(|&p| touchpoint_value(p)).collect())
                .collect();
            json!({
                "rank": rank(Ranked::Cycle(c)),
                "round": c.round.iter().map(|&p| touchpoint_value(p)).collect::<Vec<_>>(),
                "pain": c.pain,
                "touchpoints_leading_in": c.explained.len(),
                "chains": chains,
            })
        })
        .collect();
    json!({ "title": map.title, "roots": roots, "cycles": cycles })
}

//! `cxmap show`: the map as readable text, stage by stage.

use super::Outcome;
use super::style::{BOLD, DIM, emotion_style, out, paint, wish_style};
use crate::model::{Map, Touchpoint};
use crate::text::{first_line, fit, width};
use std::fmt::Write;

const NAME_COLUMNS: usize = 40;

pub fn run(map: &Map) -> Outcome {
    out(&render(map));
    Outcome::Success
}

pub fn render(map: &Map) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", paint(BOLD, &map.title));
    if !map.persona.is_empty() {
        let _ = writeln!(s, "{}", paint(DIM, &format!("for {}", map.persona)));
    }
    if !map.personas.is_empty() {
        let _ = writeln!(s, "\n{}", paint(BOLD, "Personas"));
    }
    for p in &map.personas {
        let about = if p.description.is_empty() {
            String::new()
        } else {
            format!("  {}", paint(DIM, &p.description))
        };
        let _ = writeln!(s, "  {}{about}", p.name);
    }
    let name_columns = map
        .touchpoints()
        .map(|(_, t)| width(first_line(&t.name)))
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMNS);
    for (number, stage) in map.stages.iter().enumerate() {
        let count = match stage.touchpoints.len() {
            1 => "1 touchpoint".to_owned(),
            n => format!("{n} touchpoints"),
        };
        let _ = writeln!(
            s,
            "\n{} {}",
            paint(BOLD, &format!("{}. {}", number + 1, stage.name)),
            paint(DIM, &format!("({count})"))
        );
        for tp in &stage.touchpoints {
            let _ = writeln!(s, "  {}", touchpoint_line(map, tp, name_columns));
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        paint(
            DIM,
            "wish: C conscious · S subconscious · D deception · I invisible · ? undecided;  emotion: -- - 0 + ++ (blank: unscored)"
        )
    );
    s
}

fn touchpoint_line(map: &Map, tp: &Touchpoint, name_columns: usize) -> String {
    let letter = tp.wish.map_or('?', |w| w.letter()).to_string();
    let sign = tp.emotion.map_or("", |e| e.sign());
    let mut line = format!(
        "{} {} {}",
        paint(wish_style(tp.wish), &letter),
        paint(emotion_style(tp.emotion), &format!("{sign:>2}")),
        fit(first_line(&tp.name), name_columns)
    );
    let mut extras = Vec::new();
    if let Some(e) = tp.to_be_emotion {
        extras.push(format!("to be {e}"));
    }
    // Each persona's own scores (the others feel the map-wide ones).
    for score in &tp.by_persona {
        let name = map.persona_name(&score.persona);
        match (score.emotion, score.to_be_emotion) {
            (Some(e), Some(aim)) => extras.push(format!("{name} {e}, to be {aim}")),
            (Some(e), None) => extras.push(format!("{name} {e}")),
            (None, Some(aim)) => extras.push(format!("{name} to be {aim}")),
            (None, None) => {}
        }
    }
    if !tp.channel.is_empty() {
        extras.push(tp.channel.clone());
    }
    if tp.evidence > 0 {
        extras.push(crate::text::customers(tp.evidence));
    }
    if !tp.actions.is_empty() {
        let open = tp.actions.iter().filter(|a| !a.done).count();
        extras.push(format!("{open}/{} actions open", tp.actions.len()));
    }
    if !extras.is_empty() {
        let _ = write!(line, "  {}", paint(DIM, &extras.join(" · ")));
    }
    line.trim_end().to_owned()
}

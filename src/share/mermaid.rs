//! A map as a Mermaid `journey` diagram, the text format many teams keep in
//! git and GitHub and GitLab draw (sections of tasks, each with a score of
//! 1 to 5 and its actors), and such a diagram as a new map.
//!
//! Out: a stage is a `section`, a touchpoint a task `name: score: channel`
//! (its emotion -2..+2 as the score 1..5; its channel as the task's actors,
//! so the diagram's legend lists the channels), the title the `title` and the
//! persona the `accDescr`. Text is escaped where Mermaid's grammar would cut
//! it. Mermaid needs a score, so an unscored touchpoint is drawn at 3 under a
//! `%% cxmap: unscored` comment; a name too long for Mermaid's box is
//! shortened with `…` under a `%% cxmap name: FULL NAME` comment. The import
//! reads both back. Personas and their own scores have no place in a
//! diagram whose tasks have one score each: [`left_out`] says so.
//!
//! In: Mermaid's own steps and grammar (`source.rs`, `parser.rs`, after
//! mermaid-js/mermaid's `preprocess.ts` and `journey.jison`), then
//! `read.rs` makes the map, on the score scale asked for ([`Scale`]).

mod parser;
mod read;
mod source;
mod words;
mod write;

pub use read::import;
pub use write::export;

/// What the diagram cannot hold of `map`, said when it is exported: a
/// journey task has one score (its actors share it), so personas' own
/// scores have no place; the map-wide ones are drawn.
pub fn left_out(map: &crate::model::Map) -> Option<String> {
    let scored = map
        .touchpoints()
        .filter(|(_, t)| t.by_persona.iter().any(|s| !s.is_empty()))
        .count();
    (!map.personas.is_empty()).then(|| {
        format!(
            "the Mermaid diagram shows the map-wide scores only: a journey task has one score, so the {} and {} own scores{} are left out; export HTML or Markdown to compare them",
            crate::text::count(map.personas.len(), "persona"),
            if map.personas.len() == 1 { "its" } else { "their" },
            match scored {
                0 => String::new(),
                n => format!(" (at {})", crate::text::count(n, "touchpoint")),
            }
        )
    })
}

use crate::model::Emotion;
use std::fmt;

/// How an imported diagram's scores read as emotions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scale {
    /// 1..5 when no score is above 5 (Mermaid's own scale), else 0..10.
    #[default]
    Auto,
    OneToFive,
    ZeroToTen,
    OneToTen,
}

impl Scale {
    /// The lowest and highest score; `None` for `Auto`, which is not one.
    fn bounds(self) -> Option<(f64, f64)> {
        match self {
            Scale::Auto => None,
            Scale::OneToFive => Some((1.0, 5.0)),
            Scale::ZeroToTen => Some((0.0, 10.0)),
            Scale::OneToTen => Some((1.0, 10.0)),
        }
    }

    /// Which scores give each emotion, in words: `0-1 → -2, 2-3 → -1, …`.
    pub fn table(self) -> String {
        let Some((low, high)) = self.bounds() else {
            return String::new();
        };
        let (low, high) = (low as i64, high as i64);
        let mut parts = Vec::new();
        for value in -2..=2 {
            let scores: Vec<i64> = (low..=high)
                .filter(|&s| emotion(s as f64, self).map(Emotion::value) == Some(value))
                .collect();
            let (Some(first), Some(last)) = (scores.first(), scores.last()) else {
                continue;
            };
            let sign = Emotion::new(value).map_or(String::new(), |e| e.to_string());
            if first == last {
                parts.push(format!("{first} → {sign}"));
            } else {
                parts.push(format!("{first}-{last} → {sign}"));
            }
        }
        parts.join(", ")
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scale::Auto => "auto",
            Scale::OneToFive => "1..5",
            Scale::ZeroToTen => "0..10",
            Scale::OneToTen => "1..10",
        })
    }
}

/// The emotion a score gives on `scale`: the scale laid evenly over
/// -2..+2 and rounded to the nearest step, a score halfway between two
/// steps going to the one nearer neutral (so that the mapping is the same
/// seen from either end). `None` outside the scale (and for `Auto`).
pub fn emotion(score: f64, scale: Scale) -> Option<Emotion> {
    let (low, high) = scale.bounds()?;
    if !(low..=high).contains(&score) {
        return None;
    }
    let place = (score - low) / (high - low) * 4.0 - 2.0;
    let halfway = (place.abs().fract() - 0.5).abs() < 1e-9;
    let step = if halfway {
        place.trunc()
    } else {
        place.round()
    };
    Emotion::new(step as i8)
}

/// The score an emotion is written as: -2..+2 as 1..5.
pub fn score(emotion: Emotion) -> i8 {
    emotion.value() + 3
}

/// What JavaScript's `\s` matches: the space Mermaid's lexer skips and
/// its `trim` removes (Unicode's White_Space, less U+0085, and U+FEFF).
fn js_space(c: char) -> bool {
    (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}'
}

/// Whether `text` starts with the keyword `journey` (`journey\b`, in any
/// case): not followed by a letter, digit or `_`.
fn is_journey(text: &str) -> bool {
    starts_with_keyword(text, "journey")
        && !text[7..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `text` starts with `word` (lower case), in any case, as jison's
/// case-insensitive rules read it (ASCII letters only).
fn starts_with_keyword(text: &str, word: &str) -> bool {
    text.len() >= word.len() && text.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
}

#[cfg(test)]
mod tests;

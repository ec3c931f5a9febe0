//! A map as a Mermaid `journey` diagram, the text format many teams keep in
//! git and GitHub and GitLab draw (sections of tasks, each with a score of
//! 1 to 5 and its actors).
//!
//! A stage is a `section`, a touchpoint a task `name: score: channel`
//! (its emotion -2..+2 as the score 1..5; its channel as the task's actors,
//! so the diagram's legend lists the channels), the title the `title` and the
//! persona the `accDescr`. Text is escaped where Mermaid's grammar would cut
//! it. Mermaid needs a score, so an unscored touchpoint is drawn at 3 under a
//! `%% cxmap: unscored` comment; a name too long for Mermaid's box is
//! shortened with `…` under a `%% cxmap name: FULL NAME` comment.

mod write;

pub use write::export;

use crate::model::Emotion;

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

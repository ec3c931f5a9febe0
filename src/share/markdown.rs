//! The map in GitHub-flavoured Markdown, for a README, a wiki or a pull
//! request: the personas, a table per stage (touchpoint, channel, wish,
//! emotion and its target, each persona's own scores where the map names
//! personas, the customer's words, the root cause), then the EDUNI plan as a
//! task list (`plan.rs`). Every text from the map goes through [`inline`],
//! so that no name can break a table or format itself: a reviewer reads the
//! same words as the map holds.

pub mod plan;

use super::Context;
use crate::model::{Emotion, Ids, Map, RootCause, Stage, Touchpoint};
use std::fmt::Write;

/// The map as a Markdown document, ending in a newline; the plan's
/// overdue actions are those past due on `context.today`.
pub fn export(map: &Map, context: Context) -> String {
    let mut s = String::new();
    let title = if map.title.trim().is_empty() {
        "Journey map".to_owned()
    } else {
        inline(&map.title)
    };
    let _ = writeln!(s, "# {title}\n");
    if !map.persona.is_empty() {
        let _ = writeln!(s, "**Persona:** {}\n", inline(&map.persona));
    }
    if !map.personas.is_empty() {
        let _ = writeln!(
            s,
            "**Personas** (each feels the map-wide scores where the table gives none of its own):\n"
        );
        for p in &map.personas {
            let about = match p.description.as_str() {
                "" => String::new(),
                about => format!(": {}", inline(about)),
            };
            let _ = writeln!(s, "- **{}**{about}", inline(&p.name));
        }
        s.push('\n');
    }
    if !map.conflicts.is_empty() {
        let _ = writeln!(
            s,
            "> **Not settled:** {} from a merge; this shows our side (`cxmap check` lists them).\n",
            match map.conflicts.len() {
                1 => "1 conflict".to_owned(),
                n => format!("{n} conflicts"),
            }
        );
    }
    if map.stages.is_empty() {
        let _ = writeln!(s, "_No stages yet._\n");
    }
    // Causes named by id, looked up once: a scan of the map per link would
    // make a map of many links take minutes.
    let ids = Ids::new(map);
    for (index, stage) in map.stages.iter().enumerate() {
        s.push_str(&stage_table((map, &ids), index, stage));
    }
    let plan = crate::model::plan(map);
    let _ = writeln!(s, "## EDUNI action plan\n");
    s.push_str(&plan::body(&plan, context.today, 3));
    s
}

const HEADER: &str = "| Touchpoint | Channel | Wish | Emotion | Target | Customer words | Root cause |\n\
                      | --- | --- | --- | --- | --- | --- | --- |\n";

/// A stage's heading and its table, one row per touchpoint.
fn stage_table((map, ids): (&Map, &Ids), index: usize, stage: &Stage) -> String {
    let mut s = format!("## Stage {}: {}\n\n", index + 1, inline(&stage.name));
    if stage.touchpoints.is_empty() {
        s.push_str("_No touchpoints yet._\n\n");
        return s;
    }
    let personas = !map.personas.is_empty();
    s.push_str(if personas { HEADER_PERSONAS } else { HEADER });
    for tp in &stage.touchpoints {
        let mut cells = vec![
            inline(&tp.name),
            inline(&tp.channel),
            tp.wish.map_or_else(String::new, |w| w.name().to_owned()),
            emotion(tp.emotion),
            emotion(tp.to_be_emotion),
        ];
        if personas {
            cells.push(by_persona(map, tp));
        }
        cells.extend([words(tp), cause(ids, tp)]);
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
    s.push('\n');
    s
}

/// With the map's personas, their own scores after the map-wide ones.
const HEADER_PERSONAS: &str = "| Touchpoint | Channel | Wish | Emotion | Target | By persona | Customer words | Root cause |\n\
     | --- | --- | --- | --- | --- | --- | --- | --- |\n";

/// Each persona's own scores here, one a line: `Kadri -2 (very bad), target +1 (good)`.
fn by_persona(map: &Map, tp: &Touchpoint) -> String {
    let lines: Vec<String> = (tp.by_persona.iter())
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut said = Vec::new();
            if s.emotion.is_some() {
                said.push(emotion(s.emotion));
            }
            if s.to_be_emotion.is_some() {
                said.push(format!("target {}", emotion(s.to_be_emotion)));
            }
            format!(
                "{} {}",
                inline(map.persona_name(&s.persona)),
                said.join(", ")
            )
        })
        .collect();
    lines.join("<br>")
}

/// `-1 (bad)`; nothing when not scored.
fn emotion(emotion: Option<Emotion>) -> String {
    emotion.map_or_else(String::new, |e| format!("{e} ({})", e.words()))
}

/// The customer's words, each quoted with its source, one a line.
fn words(tp: &Touchpoint) -> String {
    let quoted: Vec<String> = tp
        .verbatims
        .iter()
        .map(|v| match v.source.as_str() {
            "" => format!("\"{}\"", inline(&v.text)),
            source => format!("\"{}\" — {}", inline(&v.text), inline(source)),
        })
        .collect();
    quoted.join("<br>")
}

/// The root cause: its text, or the touchpoint it names.
fn cause(ids: &Ids, tp: &Touchpoint) -> String {
    match &tp.root_cause {
        None => String::new(),
        Some(RootCause::Text(text)) => inline(text),
        Some(RootCause::Touchpoint(id)) => {
            let name = ids
                .get(id.as_str())
                .map_or(id.as_str(), |t| t.name.as_str());
            format!("touchpoint \"{}\"", inline(name))
        }
    }
}

/// `text` as GitHub-flavoured Markdown inline text that shows as written,
/// in a table cell, a heading or a list item:
///
/// - `\`, `` ` ``, `*`, `[`, `]`, `<`, `|`, `~` and `$` (math) are
///   backslash-escaped everywhere: none can then open code, emphasis, a
///   link, HTML, a strikethrough or end a table cell (`>` closes nothing
///   once every `<` is escaped, so `a -> b` reads as written);
/// - `_` only where it could format (not inside a word: `snake_case`
///   stays as it is), `&` only where it could start an entity (`&amp;`),
///   and a leading `+`, `-`, `=` or `>`, which could start a list, an
///   underline or a quote; `#` everywhere (a heading's closing `#`s are dropped);
/// - the `/` after `:` and the `.` after `www`, so that GitHub does not
///   make a link of an address: its links take the escapes into the
///   address and show them (`a\&b`);
/// - a line break is `<br>` (a table row is one line; in a list a new line
///   could start a block);
/// - an empty comment (`<!-- -->`) after `@` before a name and `#` before a
///   number, which GitHub would make a mention or a reference of, notifying
///   people, whatever the escapes (the only other HTML written);
/// - a character that reorders text is written out (`\u{202e}`), as the
///   command line prints it.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut before: Option<char> = None;
    let mut www = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let after = chars.peek().copied();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        match c {
            '\n' | '\r' => out.push_str("<br>"),
            c if crate::text::reorders(c) => out.push_str(&crate::text::escaped(c)),
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' | '$' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(word(before) && word(after)) => out.push_str("\\_"),
            '&' if after.is_some_and(|a| a.is_ascii_alphanumeric() || a == '#') => {
                out.push_str("\\&");
            }
            '+' | '-' | '=' | '>' if before.is_none() => {
                out.push('\\');
                out.push(c);
            }
            '/' if before == Some(':') => out.push_str("\\/"),
            '.' if www >= 3 => out.push_str("\\."),
            c => out.push(c),
        }
        // GitHub makes a mention of `@name` and a reference of `#12`
        // (notifying people) whatever backslash stands before them: an
        // empty comment between the two breaks them, and shows nothing.
        let links = match c {
            '@' => word(after),
            '#' => after.is_some_and(|a| a.is_ascii_digit()),
            _ => false,
        };
        if links {
            out.push_str("<!-- -->");
        }
        www = if c.eq_ignore_ascii_case(&'w') {
            www + 1
        } else {
            0
        };
        before = Some(c);
    }
    out
}

#[cfg(test)]
mod tests;

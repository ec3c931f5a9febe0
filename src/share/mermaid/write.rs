//! The export: a map as a Mermaid journey diagram, escaped for Mermaid's
//! grammar and for the steps before it (`source.rs` says which).

use super::{is_journey, js_space, score, starts_with_keyword};
use crate::model::Map;
use crate::text;
use std::borrow::Cow;
use std::fmt::Write;

/// Names wider than this many columns are shortened on the diagram: about
/// three lines of Mermaid's task box (150 pixels by 50), below which it
/// cuts a name off unmarked (mermaid-js/mermaid#6243). A section spans its
/// tasks' boxes, so its name may take this much per task.
pub const NAME_COLUMNS: usize = 40;

/// What an empty name is shown as: Mermaid needs some text there.
pub const NO_NAME: &str = "(no name)";

/// The map as a `journey` diagram, ending in a newline.
pub fn export(map: &Map) -> String {
    let mut out = String::from("journey\n");
    if !map.title.is_empty() {
        let _ = writeln!(out, "    title {}", escape(&map.title, Place::Title));
    }
    if !map.persona.is_empty() {
        let persona = escape(&map.persona, Place::Description);
        let _ = writeln!(out, "    accDescr: {persona}");
    }
    for stage in &map.stages {
        let columns = NAME_COLUMNS * stage.touchpoints.len().max(1);
        let name = shown(&stage.name, columns);
        full_name(&mut out, "    ", &stage.name, &name);
        let _ = writeln!(out, "    section {}", escape(&name, Place::Section));
        for touchpoint in &stage.touchpoints {
            let name = shown(&touchpoint.name, NAME_COLUMNS);
            full_name(&mut out, "        ", &touchpoint.name, &name);
            if touchpoint.emotion.is_none() {
                out.push_str("        %% cxmap: unscored\n");
            }
            let score = touchpoint.emotion.map_or(3, score);
            let _ = write!(out, "        {}: {score}", escape(&name, Place::Task));
            if !touchpoint.channel.is_empty() {
                let _ = write!(out, ": {}", escape(&touchpoint.channel, Place::Actors));
            }
            out.push('\n');
        }
    }
    out
}

/// A `%% cxmap name:` line with the full name, when the diagram shows
/// another.
fn full_name(out: &mut String, indent: &str, name: &str, shown: &str) {
    if shown != name {
        let _ = writeln!(
            out,
            "{indent}%% cxmap name: {}",
            escape(name, Place::Comment)
        );
    }
}

/// The name as the diagram shows it: whole when it fits in `columns`,
/// else cut (at a space in its last third when there is one) and ended
/// with `…`; an empty one as [`NO_NAME`].
pub fn shown(name: &str, columns: usize) -> Cow<'_, str> {
    if name.is_empty() {
        return Cow::Borrowed(NO_NAME);
    }
    if text::width(name) <= columns {
        return Cow::Borrowed(name);
    }
    let cut = text::truncate(name, columns);
    let head = cut.strip_suffix('…').unwrap_or(&cut);
    let head = match head.rfind(' ') {
        Some(n) if text::width(&head[..n]) >= columns * 2 / 3 => &head[..n],
        _ => head,
    };
    Cow::Owned(format!("{}…", head.trim_end_matches(js_space)))
}

/// Whether a diagram showing `shown` for a `%% cxmap name:` of `full`
/// still shows that name (not one changed in the diagram since).
pub fn still_shows(shown: &str, full: &str) -> bool {
    shown == full
        || (full.is_empty() && shown == NO_NAME)
        || shown.strip_suffix('…').is_some_and(|head| {
            !head.is_empty() && full.len() > head.len() && full.starts_with(head)
        })
}

/// Where a text goes in the diagram, which decides what must be escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Task,
    Section,
    Actors,
    Title,
    Description,
    Comment,
}

/// `text` with each character Mermaid would not take as written replaced
/// by its entity code (`#35;` for `#`), which Mermaid draws as the
/// character: the space at either end (which Mermaid trims), and what
/// `must_escape` names; and in a task's name, the first character when it
/// would start something else (`#84;itle page`).
fn escape(text: &str, place: Place) -> String {
    let chars: Vec<char> = text.chars().collect();
    let first = chars
        .iter()
        .position(|&c| !js_space(c))
        .unwrap_or(chars.len());
    let end = chars
        .iter()
        .rposition(|&c| !js_space(c))
        .map_or(0, |n| n + 1);
    let keyword = place == Place::Task && starts_a_statement(text);
    // From the end, since whether a colon may stay depends on whether the
    // space after it stays a space.
    let mut coded = vec![false; chars.len()];
    for i in (0..chars.len()).rev() {
        let near = Near {
            before: i.checked_sub(1).map(|i| chars[i]),
            after: chars.get(i + 1).copied(),
            space_after: chars.get(i + 1).is_some_and(|&c| js_space(c)) && !coded[i + 1],
        };
        coded[i] =
            i < first || i >= end || (i == 0 && keyword) || must_escape(chars[i], near, place);
    }
    let mut out = String::with_capacity(text.len());
    for (&c, coded) in chars.iter().zip(coded) {
        if coded {
            let _ = write!(out, "#{};", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// What is around a character: its neighbours as written, and whether the
/// one after it stays a plain space.
#[derive(Clone, Copy)]
struct Near {
    before: Option<char>,
    after: Option<char>,
    space_after: bool,
}

/// The characters Mermaid's steps would take for something else:
/// - `#` starts a comment, and `#word;` is an entity code;
/// - `%%` a comment or a directive (`%%{`), wherever it stands;
/// - `;` ends a statement, and `:` a name (or the score before actors);
///   in a title or description a colon not followed by a plain space could
///   make `encodeEntities` drop a later `;` (`style.*:\S*#.*;`);
/// - `<` and `>` would be markup (`<br>` a line break);
/// - `ﬂ°` and `¶ß` are what Mermaid writes entity codes as inside;
/// - line and paragraph separators, control characters and the characters
///   that reorder text (`text::reorders`) would mislead whoever reads the
///   diagram's text.
fn must_escape(c: char, near: Near, place: Place) -> bool {
    let Near { before, after, .. } = near;
    match c {
        '#' | '\u{2028}' | '\u{2029}' => true,
        '%' => before == Some('%') || after == Some('%'),
        ';' => !matches!(place, Place::Description | Place::Comment),
        ':' => match place {
            Place::Task | Place::Section | Place::Actors => true,
            Place::Title | Place::Description => after.is_some() && !near.space_after,
            Place::Comment => false,
        },
        '<' | '>' => place != Place::Comment,
        'ﬂ' => after == Some('°'),
        '¶' => after == Some('ß'),
        c => c.is_control() || text::reorders(c),
    }
}

/// Whether a task named `name` would be read as something else: the word
/// `journey`, `title` or `section` and a space, `accTitle` or `accDescr`
/// and a `:` or `{` (in any case), or a `%` (a comment, in the lexer
/// Mermaid runs).
fn starts_a_statement(name: &str) -> bool {
    let spaced =
        |word: &str| starts_with_keyword(name, word) && name[word.len()..].starts_with(js_space);
    // `accDescr` alone is a statement too: the task's own `: score`
    // follows it in the diagram.
    let marked = |word: &str| {
        starts_with_keyword(name, word) && {
            let tail = name[word.len()..].trim_start_matches(js_space);
            tail.is_empty() || tail.starts_with([':', '{'])
        }
    };
    is_journey(name)
        || name.starts_with('%')
        || spaced("title")
        || spaced("section")
        || marked("acctitle")
        || marked("accdescr")
}

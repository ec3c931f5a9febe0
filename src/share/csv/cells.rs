//! What a cell holds, both ways: a text, or a list in its documented form.
//!
//! - Every text is written with its backslashes doubled and each character
//!   that reorders text as an escape (`\u{202e}`), so that a cell means what
//!   it shows; reading undoes exactly that (and keeps any other backslash).
//! - A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
//!   return (a formula to a spreadsheet), or with `'`, is written with one
//!   `'` before it; so is one a spreadsheet would turn into a number, a date
//!   or a truth value (`0012`, `1/2`, `9:30`, `TRUE`), which it keeps as
//!   text with the `'`. Reading takes exactly one leading `'` off any cell.
//! - A list is one item a line. Within an item, parts stand apart by ` | `,
//!   and a part's own `|`, line break and backslash are written `\|`, `\n`
//!   and `\\`.

use crate::model::{Action, Date, Principle, Verbatim};
use std::collections::BTreeSet;

/// A text for its cell: escaped, then guarded.
pub fn text(value: &str) -> String {
    guard(escape(value, false))
}

/// A text cell's value, as the map holds it.
pub fn read_text(cell: &str) -> String {
    unescape(unguard(cell), false)
}

/// `cell` with a `'` before it when a spreadsheet would take it for a
/// formula or change it (see [`number_like`]), or when it begins with `'`
/// already (so that reading, which takes one off, gives it back).
fn guard(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) || number_like(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// Whether a spreadsheet opening the file would read `cell` as a number,
/// a date, a time, a percentage or a truth value, and so lose what it says
/// (`0012` becomes 12, `1/2` the 1st of February): digits with only the
/// marks of numbers and dates around them, or `true`/`false`.
fn number_like(cell: &str) -> bool {
    let cell = cell.trim();
    let marks = |c: char| c.is_ascii_digit() || ".,/:%- eE".contains(c);
    cell.eq_ignore_ascii_case("true")
        || cell.eq_ignore_ascii_case("false")
        || (cell.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && cell.contains(|c: char| c.is_ascii_digit())
            && cell.chars().all(marks))
}

/// `cell` without the one `'` that guards it.
pub fn unguard(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// A whole number as people and programs write one: `-1`, `+2`, or with
/// the minus sign that typesetting and cxmap's web page use (`−1`, U+2212),
/// an en dash (`–1`, which word processors make of `-`), or the fullwidth
/// signs of East Asian input (`－1`, `＋1`).
pub fn read_signed(word: &str) -> Option<i64> {
    let mut chars = word.chars();
    let (negative, digits) = match chars.next()? {
        '-' | '\u{2212}' | '\u{2013}' | '\u{FF0D}' => (true, chars.as_str()),
        '+' | '\u{FF0B}' => (false, chars.as_str()),
        _ => (false, word),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value = digits.parse::<i64>().ok()?;
    Some(if negative { -value } else { value })
}

/// Backslashes doubled, reordering characters escaped; in a list's item,
/// line breaks and `|` too.
fn escape(value: &str, item: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' if item => out.push_str("\\n"),
            '|' if item => out.push_str("\\|"),
            c if crate::text::reorders(c) => out.push_str(&crate::text::escaped(c)),
            c => out.push(c),
        }
    }
    out
}

/// What [`escape`] wrote, read back; a backslash before anything else is
/// a backslash (as a person may type one).
fn unescape(value: &str, item: bool) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (c, used) = match after.chars().next() {
            Some('\\') => ('\\', 1),
            Some('n') if item => ('\n', 1),
            Some('|') if item => ('|', 1),
            Some('u') => match reordering(after) {
                Some((c, used)) => (c, used),
                None => ('\\', 0),
            },
            _ => ('\\', 0),
        };
        out.push(c);
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

/// `u{202e}` at the start of `text`, when it names a character that
/// reorders text: that character, and the bytes it took.
fn reordering(text: &str) -> Option<(char, usize)> {
    let hex = text.strip_prefix("u{")?;
    let end = hex.find('}')?;
    let c = u32::from_str_radix(&hex[..end], 16)
        .ok()
        .and_then(char::from_u32)?;
    crate::text::reorders(c).then_some((c, 2 + end + 1))
}

/// Each item of a list cell that holds anything, with how many lines into
/// the cell it stands.
pub fn items(cell: &str) -> impl Iterator<Item = (usize, &str)> {
    unguard(cell)
        .split('\n')
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
}

/// An item's parts: apart at each `|` not escaped, one space on each side
/// of it belonging to the separator; each part unescaped.
pub fn parts(item: &str) -> Vec<String> {
    let mut raw = Vec::new();
    let (mut start, mut escaped) = (0, false);
    for (at, c) in item.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '|' => {
                raw.push(&item[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    raw.push(&item[start..]);
    let last = raw.len() - 1;
    raw.iter()
        .enumerate()
        .map(|(i, part)| {
            let part = if i > 0 {
                part.strip_prefix(' ').unwrap_or(part)
            } else {
                part
            };
            let part = if i < last {
                part.strip_suffix(' ').unwrap_or(part)
            } else {
                part
            };
            unescape(part, true)
        })
        .collect()
}

/// The customer's words, one a line: `words | source` (the source and its
/// separator left out when there is none, unless the words are only
/// spaces: a line of nothing but spaces would read as no line).
pub fn verbatims(list: &[Verbatim]) -> String {
    let lines: Vec<String> = list
        .iter()
        .map(|v| {
            let text = escape(&v.text, true);
            if v.source.is_empty() && !v.text.trim().is_empty() {
                text
            } else {
                format!("{text} | {}", escape(&v.source, true))
            }
        })
        .collect();
    guard(lines.join("\n"))
}

/// One line of the customer's words: the words up to the first `|`, the
/// source after it (a further `|` is the source's).
pub fn read_verbatim(item: &str) -> Verbatim {
    let mut parts = parts(item).into_iter();
    let text = parts.next().unwrap_or_default();
    let source: Vec<String> = parts.collect();
    Verbatim {
        text,
        source: source.join("|"),
    }
}

/// The actions, one a line:
/// `[ ] text | Principle | owner: … | due: YYYY-MM-DD | follow-up: … | id: a-…`,
/// `[x]` when done; empty parts left out.
pub fn actions(list: &[Action]) -> String {
    let lines: Vec<String> = list
        .iter()
        .map(|a| {
            let mut line = format!(
                "[{}] {} | {}",
                if a.done { 'x' } else { ' ' },
                escape(&a.text, true),
                a.principle.key()
            );
            if !a.owner.is_empty() {
                line.push_str(&format!(" | owner: {}", escape(&a.owner, true)));
            }
            if let Some(due) = a.due {
                line.push_str(&format!(" | due: {due}"));
            }
            if !a.follow_up.is_empty() {
                line.push_str(&format!(" | follow-up: {}", escape(&a.follow_up, true)));
            }
            line.push_str(&format!(" | id: {}", a.id));
            line
        })
        .collect();
    guard(lines.join("\n"))
}

/// An action as read from its line, before it has its id checked.
#[derive(Debug, Default)]
pub struct Draft {
    pub text: String,
    pub done: bool,
    /// `None` when the line names no principle the plan knows.
    pub principle: Option<Principle>,
    pub owner: String,
    pub due: Option<Date>,
    pub follow_up: String,
    pub id: Option<String>,
}

/// One line of the actions cell; what it could not hold goes to `problems`.
pub fn read_action(item: &str, problems: &mut Vec<String>) -> Draft {
    let mut draft = Draft::default();
    let mut parts = parts(item).into_iter();
    let first = parts.next().unwrap_or_default();
    let (done, text) = match checkbox(&first) {
        Some((done, text)) => (done, text.to_owned()),
        None => (false, first.clone()),
    };
    draft.done = done;
    draft.text = text;
    let mut named = false;
    for part in parts {
        let labelled = part.split_once(':').and_then(|(label, value)| {
            let label = label.trim().to_ascii_lowercase().replace(['_', ' '], "-");
            let value = value.strip_prefix(' ').unwrap_or(value).to_owned();
            matches!(
                label.as_str(),
                "owner" | "due" | "follow-up" | "id" | "principle"
            )
            .then_some((label, value))
        });
        named |= labelled
            .as_ref()
            .is_none_or(|(label, _)| label == "principle");
        match labelled {
            Some((label, value)) => set(&mut draft, &label, value, problems),
            None if draft.principle.is_none() => set(&mut draft, "principle", part, problems),
            None => problems.push(format!(
                "`{}` is not a part an action has (owner:, due:, follow-up:, id:); left out",
                shown(&part)
            )),
        }
    }
    if !named {
        problems.push(
            "names no principle (Respond, Competent, Fast, Friendly, History, Social)".to_owned(),
        );
    }
    draft
}

fn set(draft: &mut Draft, label: &str, value: String, problems: &mut Vec<String>) {
    match label {
        "owner" => draft.owner = value,
        "follow-up" => draft.follow_up = value,
        "id" => draft.id = Some(value.trim().to_owned()),
        "due" => match value.trim().parse::<Date>() {
            Ok(date) => draft.due = Some(date),
            Err(why) => problems.push(format!("{why}; left without a due date")),
        },
        _ => match Principle::from_key(&value) {
            Some(p) => draft.principle = Some(p),
            None => problems.push(format!(
                "`{}` is not a principle (Respond, Competent, Fast, Friendly, History, Social)",
                shown(&value)
            )),
        },
    }
}

/// `[x] rest`, `[ ] rest` or `[] rest`: whether done, and the rest (one
/// space after the box belongs to it).
fn checkbox(text: &str) -> Option<(bool, &str)> {
    let (done, rest) = if let Some(rest) = text.strip_prefix("[ ]") {
        (false, rest)
    } else if let Some(rest) = text.strip_prefix("[]") {
        (false, rest)
    } else if let Some(rest) = text
        .strip_prefix("[x]")
        .or_else(|| text.strip_prefix("[X]"))
    {
        (true, rest)
    } else {
        return None;
    };
    Some((done, rest.strip_prefix(' ').unwrap_or(rest)))
}

/// The principles at risk: `Competent, Fast`.
pub fn at_risk(set: &BTreeSet<Principle>) -> String {
    set.iter().map(|p| p.key()).collect::<Vec<_>>().join(", ")
}

/// The principles named in an at-risk cell, apart by `,`, `;` or lines;
/// each word that names none goes to `problems`.
pub fn read_at_risk(cell: &str, problems: &mut Vec<String>) -> BTreeSet<Principle> {
    let mut set = BTreeSet::new();
    for word in unguard(cell).split([',', ';', '\n']) {
        let word = word.trim();
        if word.is_empty() {
            continue;
        }
        match Principle::from_key(word) {
            Some(p) => {
                set.insert(p);
            }
            None => problems.push(format!(
                "`{}` is not a principle (Respond, Competent, Fast, Friendly, History, Social); left out",
                shown(word)
            )),
        }
    }
    set
}

/// A value quoted in a note: its first line, cut to 40 columns.
pub fn shown(value: &str) -> String {
    let first = crate::text::first_line(value);
    let cut = crate::text::truncate(first, 40);
    if first != value && !cut.ends_with('…') {
        format!("{cut}…")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote_and_reading_takes_exactly_one_off() {
        for value in [
            "=1+1", "+49 555", "-2 days", "@SUM(A1)", "\tx", "'quoted'", "''", "plain",
        ] {
            let cell = text(value);
            if value == "plain" {
                assert_eq!(cell, "plain");
            } else {
                assert!(cell.starts_with('\''), "{cell:?}");
            }
            assert_eq!(read_text(&cell), value);
        }
    }

    #[test]
    fn backslashes_and_reordering_characters_come_back_exactly() {
        for value in [
            "C:\\new",
            "\\u{202e}",
            "\\\u{202e}",
            "evil\u{202e}gnp.exe",
            "\\\\u{41}",
            "end\\",
        ] {
            let cell = text(value);
            assert!(!cell.chars().any(crate::text::reorders), "{cell:?}");
            assert_eq!(read_text(&cell), value, "{cell:?}");
        }
        assert_eq!(text("a\u{202e}b"), "a\\u{202e}b");
        // A backslash a person typed stays one.
        assert_eq!(read_text("C:\\new\\u{41}"), "C:\\new\\u{41}");
    }

    #[test]
    fn parts_split_at_pipes_not_escaped_and_keep_their_spaces() {
        assert_eq!(parts("a | b | c"), ["a", "b", "c"]);
        assert_eq!(parts("a|b"), ["a", "b"]);
        assert_eq!(parts(" a  |  b "), [" a ", " b "]);
        assert_eq!(parts("a \\| b\\\\ | c\\nd"), ["a | b\\", "c\nd"]);
    }

    #[test]
    fn an_action_line_reads_back_and_says_what_it_cannot_hold() {
        let mut problems = Vec::new();
        let draft = read_action(
            "[x] Call back | Be fast | owner: Mari | due: 2026-02-30 | follow-up: done \\| checked | id: a-1 | extra",
            &mut problems,
        );
        assert!(draft.done);
        assert_eq!(draft.text, "Call back");
        assert_eq!(draft.principle, Some(Principle::Fast));
        assert_eq!(draft.owner, "Mari");
        assert_eq!(draft.due, None);
        assert_eq!(draft.follow_up, "done | checked");
        assert_eq!(draft.id.as_deref(), Some("a-1"));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("February 2026 has 28 days"),
            "{problems:?}"
        );
        assert!(problems[1].contains("`extra`"), "{problems:?}");
        let mut problems = Vec::new();
        let draft = read_action("Be nice | Maybe", &mut problems);
        assert_eq!(draft.principle, None);
        assert!(
            problems[0].contains("`Maybe` is not a principle"),
            "{problems:?}"
        );
    }
}

//! Measuring and cutting text by the columns it takes on screen, not by bytes
//! or characters: Estonian, CJK and emoji must line up.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `text` takes on screen.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` columns, ending in `…` when it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cut to `columns` and padded with spaces to exactly that width.
pub fn fit(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let pad = columns.saturating_sub(out.width());
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

/// "1 customer", "12 customers".
pub fn customers(count: u32) -> String {
    match count {
        1 => "1 customer".to_owned(),
        n => format!("{n} customers"),
    }
}

/// "1 stage", "0 stages", "3 touchpoints": `what` with an `s` unless there is one.
pub fn count(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// An action in one line: `[x] text · owner · due 2026-12-01`, with its
/// principle after the text when asked for, and `OVERDUE` in words (not
/// colour alone) when it is past due on `today`.
pub fn action_line(
    action: &crate::model::Action,
    principle: bool,
    today: Option<crate::model::Date>,
) -> String {
    let overdue = today.is_some_and(|today| action.is_overdue(today));
    let mut line = format!(
        "[{}] {}{}",
        if action.done { "x" } else { " " },
        if overdue { "OVERDUE " } else { "" },
        action.text
    );
    if principle {
        line.push_str(&format!(" · {}", action.principle.title()));
    }
    if !action.owner.is_empty() {
        line.push_str(&format!(" · {}", action.owner));
    }
    if let Some(due) = action.due {
        line.push_str(&format!(" · due {due}"));
    }
    line
}

/// `text` with control characters written as escapes (`\u{1b}`), for a
/// message that quotes something a person did not type here: a file name, a
/// value from a file. Nothing in it can take over the terminal.
pub fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                escaped(c)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A character that reorders the text around it (the embeddings,
/// overrides and isolates of Unicode's bidirectional algorithm): printed
/// raw, `t-1\u{202e}gnp.exe` reads as `t-1exe.png`. The marks (LRM, RLM)
/// that right-to-left text needs are not among them.
pub fn reorders(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A control character written out as an escape: `\u{1b}`.
pub fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// A map's title: `title`, or one made from the file's name
/// (`customer-onboarding.ron` is "customer onboarding"), with no control
/// character either way (a map holding one would not load again).
pub fn title(title: Option<&str>, file: &std::path::Path) -> String {
    let title = match title {
        Some(title) => title.to_owned(),
        None => file.file_stem().map_or("New journey".to_owned(), |s| {
            s.to_string_lossy().replace(['-', '_'], " ")
        }),
    };
    title.chars().filter(|c| !c.is_control()).collect()
}

/// The first line of a possibly multi-line text.
pub fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// `text` broken into lines of at most `columns`, between words
/// where it can be.
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let columns = columns.max(1);
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let current = lines.last_mut().expect("never empty");
        let needed = width(current) + usize::from(!current.is_empty()) + width(word);
        if needed <= columns {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        // On a line of its own, cut where it must be.
        let mut line = String::new();
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if !line.is_empty() && width(&line) + w > columns {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
        lines.push(line);
    }
    lines
}

/// `text` wrapped to `columns` in at most `max_lines` lines (line breaks in
/// it read as spaces); the last line ends in `…` when the rest did not fit.
pub fn wrap_to(text: &str, columns: usize, max_lines: usize) -> Vec<String> {
    // Only the start can show: enough for one line more than fits, so that
    // a longer text still wraps past `max_lines` and ends in `…`, and a name
    // of megabytes costs no more to draw than one of a few words.
    let enough = (max_lines.max(1) + 1) * (columns.max(1) + 1);
    let mut flat = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        if used >= enough {
            break;
        }
        if !flat.is_empty() {
            flat.push(' ');
            used += 1;
        }
        for c in word.chars() {
            if used >= enough {
                break;
            }
            flat.push(c);
            used += c.width().unwrap_or(0).max(1);
        }
    }
    let mut lines = wrap(&flat, columns);
    if lines.len() > max_lines.max(1) {
        let keep = max_lines.max(1);
        let rest = lines[keep - 1..].join(" ");
        lines.truncate(keep - 1);
        lines.push(truncate(&rest, columns));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_wraps_to_its_lines_and_says_when_the_rest_was_cut() {
        assert_eq!(
            wrap_to("Search for a business account", 12, 3),
            ["Search for a", "business", "account"]
        );
        assert_eq!(
            wrap_to("Search for a business account online", 12, 2),
            ["Search for a", "business ac…"]
        );
        assert_eq!(wrap_to("Two\nlines", 20, 1), ["Two lines"]);
        // A name of megabytes draws as its start.
        let long = "word ".repeat(1_000_000) + &"x".repeat(1_000_000);
        assert_eq!(wrap_to(&long, 12, 2), ["word word", "word word w…"]);
        assert_eq!(wrap_to(&"x".repeat(1_000_000), 4, 2), ["xxxx", "xxx…"]);
        for line in wrap_to("Söö 漢字漢字漢字漢字 and more", 6, 2) {
            assert!(width(&line) <= 6, "{line}");
        }
    }

    #[test]
    fn widths_count_columns_not_chars() {
        assert_eq!(width("õun"), 3);
        assert_eq!(width("漢字"), 4);
        assert_eq!(width("😀"), 2);
    }

    #[test]
    fn truncate_never_splits_a_wide_character() {
        assert_eq!(truncate("漢字漢字", 5), "漢字…");
        assert_eq!(width(&truncate("漢字漢字", 4)), 3);
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("Õhtuõpe", 4), "Õht…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn fit_pads_to_exact_width() {
        assert_eq!(fit("漢", 4), "漢  ");
        assert_eq!(width(&fit("漢字漢字", 5)), 5);
    }

    #[test]
    fn words_wrap_by_display_width() {
        assert_eq!(wrap("hello world", 5), ["hello", "world"]);
        assert_eq!(wrap("hello world", 11), ["hello world"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("a bcdefgh", 3), ["a", "bcd", "efg", "h"]);
        assert_eq!(wrap("õun 漢字漢字", 5), ["õun", "漢字", "漢字"]);
        assert_eq!(wrap("", 5), [""]);
    }
}

//! Mermaid's `journey.jison`, its lexer and its grammar, over the text that
//! `source.rs` prepared: the rules tried in the grammar's order, the first
//! that matches winning (jison's default), case-insensitive; entity codes
//! are plain text. The rules are those of the lexer jison generates (in
//! mermaid's `dist`), where two differ from the `.jison` source: the first
//! comment rule, `\%%(?!\{)`, became `%(?!\{)` (one `%` at a token's start
//! makes the rest of the line a comment), and `journey` ends at a word's
//! end (`journey\b`). What it gives is the diagram's statements in order; a
//! diagram Mermaid would refuse is refused here too, at the same place,
//! in words that say what to write instead.

use super::source::{MAX_REMARKS, Removed, RemovedKind, Source};
use super::{is_journey, js_space, starts_with_keyword};
use crate::share::ImportError;
use std::ops::Range;

/// More statements than this (tasks, sections, titles) is more than a map
/// is for (the benchmarks go to 10,000 touchpoints); refusing them keeps a
/// huge input from taking all memory.
pub const MAX_STATEMENTS: usize = 100_000;

/// One statement of the diagram; ranges are in the source's text, each
/// holding the statement's value as Mermaid takes it (not trimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    Title(Range<usize>),
    AccTitle(Range<usize>),
    AccDescr(Range<usize>),
    Section(Range<usize>),
    /// The name, and what follows its colon (score, actors).
    Task {
        name: Range<usize>,
        data: Range<usize>,
    },
}

/// The statements with where each starts (in the source's text), and the
/// comments the lexer stepped over.
pub struct Parsed {
    pub statements: Vec<(usize, Statement)>,
    pub comments: Vec<Removed>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Journey,
    /// `title` and one space, then the title.
    Title,
    /// The value after `accTitle:`.
    AccTitle,
    /// The value after `accDescr:`.
    AccDescr,
    /// The value inside `accDescr { … }`.
    AccDescrBlock,
    /// `section` and one space, then the name.
    Section,
    TaskName,
    /// A colon and what follows it up to `#`, `;` or the line's end.
    TaskData,
    Colon,
    Newline,
    Invalid,
    End,
}

struct Lexer<'s> {
    source: &'s Source,
    at: usize,
    /// Where the last token's rule began matching (an `accDescr`'s keyword,
    /// where its value is the token).
    start: usize,
    comments: Vec<Removed>,
}

type Lexeme = Result<(Token, Range<usize>), ImportError>;

impl Lexer<'_> {
    fn text(&self) -> &str {
        &self.source.text
    }

    fn next(&mut self) -> Lexeme {
        loop {
            let p = self.at;
            let rest = &self.source.text[p..];
            let Some(c) = rest.chars().next() else {
                return Ok((Token::End, p..p));
            };
            let entity = self.source.entity_at(p).is_some();
            if rest.starts_with('%') && !rest[1..].starts_with('{') {
                self.comment(p, p)?;
            } else if !entity && c != '}' && rest[c.len_utf8()..].starts_with("%%") {
                self.comment(p, p + c.len_utf8())?;
            } else if c == '\n' {
                let end = p + rest.len() - rest.trim_start_matches('\n').len();
                return Ok(self.token(Token::Newline, p..end));
            } else if js_space(c) {
                self.at = p + rest.len() - rest.trim_start_matches(js_space).len();
            } else if c == '#' && !entity {
                self.comment(p, p)?;
            } else {
                return self.word(p, c);
            }
        }
    }

    /// The rules after the comments and spaces: keywords, names and data.
    fn word(&mut self, p: usize, c: char) -> Lexeme {
        self.start = p;
        if is_journey(&self.text()[p..]) {
            return Ok(self.token(Token::Journey, p..p + 7));
        }
        if let Some(end) = self.keyword_line(p, "title", &['#', '\n', ';']) {
            return Ok(self.token(Token::Title, p..end));
        }
        if let Some(value) = self.accessible(p, "acctitle", ':') {
            let end = self.line_end(value);
            return Ok(self.token(Token::AccTitle, value..end));
        }
        if let Some(value) = self.accessible(p, "accdescr", ':') {
            let end = self.line_end(value);
            return Ok(self.token(Token::AccDescr, value..end));
        }
        if let Some(value) = self.accessible(p, "accdescr", '{') {
            let Some(close) = self.text()[value..].find('}').map(|n| value + n) else {
                return Err(error(
                    self.source,
                    p,
                    "`accDescr {` is never closed: its description ends at a `}`".into(),
                ));
            };
            self.at = close + 1;
            if close == value {
                return self.next();
            }
            return Ok((Token::AccDescrBlock, value..close));
        }
        if let Some(end) = self.keyword_line(p, "section", &['#', ':', '\n', ';']) {
            return Ok(self.token(Token::Section, p..end));
        }
        let end = self.scan(p, &['#', ':', '\n', ';']);
        if end > p {
            return Ok(self.token(Token::TaskName, p..end));
        }
        if c == ':' {
            let end = self.scan(p + 1, &['#', '\n', ';']);
            let token = if end > p + 1 {
                Token::TaskData
            } else {
                Token::Colon
            };
            return Ok(self.token(token, p..end.max(p + 1)));
        }
        Ok(self.token(Token::Invalid, p..p + c.len_utf8()))
    }

    fn token(&mut self, token: Token, range: Range<usize>) -> (Token, Range<usize>) {
        self.at = range.end;
        (token, range)
    }

    /// A comment from `mark` to the line's end, stepped over from `from`.
    fn comment(&mut self, from: usize, mark: usize) -> Result<(), ImportError> {
        if self.comments.len() + self.source.removed.len() >= MAX_REMARKS {
            return Err(too_many_remarks(self.source, self.source.origin(mark)));
        }
        let end = self.line_end(mark);
        self.comments.push(Removed {
            at: self.source.origin(mark),
            kind: RemovedKind::Comment,
            text: self.source.text[mark..end].to_owned(),
        });
        debug_assert!(end > from);
        self.at = end;
        Ok(())
    }

    fn line_end(&self, from: usize) -> usize {
        self.text()[from..]
            .find('\n')
            .map_or(self.text().len(), |n| from + n)
    }

    /// The end of a run of characters that are not in `stops`, from `from`;
    /// an entity code is text, whatever characters it is written with.
    fn scan(&self, from: usize, stops: &[char]) -> usize {
        let mut at = from;
        while let Some(c) = self.text()[at..].chars().next() {
            if let Some(end) = self.source.entity_at(at) {
                at = end;
            } else if stops.contains(&c) {
                break;
            } else {
                at += c.len_utf8();
            }
        }
        at
    }

    /// `WORD\s[^stops]+`: the end of the statement, if it is one.
    fn keyword_line(&self, p: usize, word: &str, stops: &[char]) -> Option<usize> {
        let rest = &self.text()[p..];
        if !starts_with_keyword(rest, word) {
            return None;
        }
        let space = rest[word.len()..].chars().next().filter(|&c| js_space(c))?;
        let from = p + word.len() + space.len_utf8();
        let end = self.scan(from, stops);
        (end > from).then_some(end)
    }

    /// `WORD\s*MARK\s*`: where the value starts, if it is one.
    fn accessible(&self, p: usize, word: &str, mark: char) -> Option<usize> {
        let rest = &self.text()[p..];
        if !starts_with_keyword(rest, word) {
            return None;
        }
        let after = rest[word.len()..].trim_start_matches(js_space);
        let value = after.strip_prefix(mark)?.trim_start_matches(js_space);
        Some(p + rest.len() - value.len())
    }
}

fn error(source: &Source, at: usize, message: String) -> ImportError {
    let (line, column) = source.place(source.origin(at));
    ImportError {
        line,
        column,
        message,
    }
}

fn too_many_remarks(source: &Source, written: usize) -> ImportError {
    let (line, column) = source.place(written);
    ImportError {
        line,
        column,
        message: format!(
            "more than {MAX_REMARKS} comments and directives: more than a diagram of one map holds"
        ),
    }
}

/// The statements of a journey diagram, or where and why it is not one.
pub fn parse(source: &Source) -> Result<Parsed, ImportError> {
    if let Some(at) = source.too_many {
        return Err(too_many_remarks(source, at));
    }
    let mut lexer = Lexer {
        source,
        at: 0,
        start: 0,
        comments: Vec::new(),
    };
    let (first, range) = loop {
        match lexer.next()? {
            (Token::Newline, _) => continue,
            other => break other,
        }
    };
    if first != Token::Journey {
        return Err(not_a_journey(source, first, range));
    }
    let mut statements = Vec::new();
    loop {
        let (token, range) = lexer.next()?;
        let start = lexer.start;
        let statement = match token {
            Token::End => break,
            Token::Newline => continue,
            Token::Title => Statement::Title(after_space(source, range, "title")),
            Token::AccTitle => Statement::AccTitle(range),
            Token::AccDescr | Token::AccDescrBlock => Statement::AccDescr(range),
            Token::Section => Statement::Section(after_space(source, range, "section")),
            Token::TaskName => match lexer.next()? {
                (Token::TaskData, data) => Statement::Task {
                    name: range,
                    data: data.start + 1..data.end,
                },
                (next, at) => return Err(unfinished_task(source, range, next, at)),
            },
            other => return Err(misplaced(source, other, range)),
        };
        if statements.len() == MAX_STATEMENTS {
            return Err(error(
                source,
                start,
                format!(
                    "more than {MAX_STATEMENTS} tasks, sections and titles: more than one map is for"
                ),
            ));
        }
        statements.push((start, statement));
    }
    Ok(Parsed {
        statements,
        comments: lexer.comments,
    })
}

/// The value of `WORD\s…`: after the word and its one space.
fn after_space(source: &Source, range: Range<usize>, word: &str) -> Range<usize> {
    let space = source.text[range.start + word.len()..]
        .chars()
        .next()
        .map_or(0, char::len_utf8);
    range.start + word.len() + space..range.end
}

fn not_a_journey(source: &Source, token: Token, range: Range<usize>) -> ImportError {
    if token == Token::End {
        return error(
            source,
            range.start,
            "there is no diagram here: a Mermaid journey diagram starts with `journey`".into(),
        );
    }
    let rest = &source.text[range.start..];
    let word: String = rest
        .chars()
        .take_while(|&c| !js_space(c) && c != ':')
        .take(40)
        .collect();
    error(
        source,
        range.start,
        format!(
            "this is not a Mermaid journey diagram: it starts with `{word}`, and a journey diagram starts with `journey`"
        ),
    )
}

fn unfinished_task(
    source: &Source,
    name: Range<usize>,
    next: Token,
    at: Range<usize>,
) -> ImportError {
    let shown = source.text[name.clone()].trim_matches(js_space);
    match next {
        Token::Invalid => misplaced(source, next, at),
        Token::Colon => error(
            source,
            at.start,
            format!("`{shown}:` needs a score after its colon, as in `{shown}: 3`"),
        ),
        _ if starts_with_keyword(shown, "title") && shown.len() == 5 => error(
            source,
            name.start,
            "`title` needs the title after it, on the same line".into(),
        ),
        _ if starts_with_keyword(shown, "section") && shown.len() == 7 => error(
            source,
            name.start,
            "`section` needs the section's name after it, on the same line".into(),
        ),
        _ => error(
            source,
            name.start,
            format!(
                "`{shown}` is not a statement of a journey diagram: a task is its name, a colon and a score, as in `{shown}: 3`"
            ),
        ),
    }
}

fn misplaced(source: &Source, token: Token, range: Range<usize>) -> ImportError {
    let message = match token {
        Token::Journey => {
            let first = source.text[range.start..].chars().next().unwrap_or('j');
            format!(
                "`journey` starts the diagram and nothing else; a name that starts with it is written with its first letter as a code (`#{};{}`)",
                u32::from(first),
                &source.text[range.start + 1..range.end]
            )
        }
        Token::Invalid => {
            "`;` cannot stand here in a journey diagram: a semicolon in a name is written `#59;`"
                .into()
        }
        Token::TaskData => format!(
            "`{}` has no task name before it (a colon ends a section's name: write `#58;` for a colon in a name)",
            crate::text::truncate(source.text[range.clone()].trim_end_matches(js_space), 40)
        ),
        _ => "a colon with nothing after it: a task is its name, a colon and a score".into(),
    };
    error(source, range.start, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(text: &str) -> Vec<(String, String)> {
        let source = Source::read(text);
        let parsed = parse(&source).unwrap();
        parsed
            .statements
            .into_iter()
            .map(|(_, s)| match s {
                Statement::Title(r) => ("title".into(), source.text[r].to_owned()),
                Statement::AccTitle(r) => ("accTitle".into(), source.text[r].to_owned()),
                Statement::AccDescr(r) => ("accDescr".into(), source.text[r].to_owned()),
                Statement::Section(r) => ("section".into(), source.text[r].to_owned()),
                Statement::Task { name, data } => {
                    (source.text[name].to_owned(), source.text[data].to_owned())
                }
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn keywords_in_any_case_and_statements_with_no_line_between() {
        let found = statements("JOURNEY Title My day\nSECTION Morning\nTea:5:Me #x\n");
        assert_eq!(
            found,
            pairs(&[
                ("title", "My day"),
                ("section", "Morning"),
                ("Tea", "5:Me ")
            ])
        );
    }

    #[test]
    fn a_hash_ends_a_name_but_an_entity_code_does_not() {
        let found = statements("journey\nItem #35;3#59; x#58;y: 4: web\n");
        assert_eq!(found, pairs(&[("Item #35;3#59; x#58;y", " 4: web")]));
    }

    #[test]
    fn percent_signs_at_a_tokens_start_make_a_comment() {
        let source = Source::read("journey\nA%% b: 5\n  %d off: 3\n50% off: 2\n%{x}: 1\n");
        let parsed = parse(&source).unwrap();
        let comments: Vec<&str> = parsed.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, ["%% b: 5", "%d off: 3"]);
        assert_eq!(
            parsed.statements.len(),
            2,
            "`50% off` and `%{{x}}` are tasks"
        );
    }

    #[test]
    fn journey_is_a_keyword_only_as_a_whole_word() {
        let found = statements("journey\nJourneys: 3\njourney_x: 2\n");
        assert_eq!(found, pairs(&[("Journeys", " 3"), ("journey_x", " 2")]));
        assert!(parse(&Source::read("journey\nJourney: 3\n")).is_err());
        assert!(
            parse(&Source::read("journeys\n")).is_err(),
            "not a journey diagram"
        );
    }

    #[test]
    fn acc_values_run_to_the_line_end_and_blocks_to_the_brace() {
        let found = statements("journey\naccTitle: A; #b\naccDescr {\n  one\n  two\n}title T\n");
        assert_eq!(
            found,
            pairs(&[
                ("accTitle", "A; #b"),
                ("accDescr", "one\n  two\n"),
                ("title", "T")
            ])
        );
    }

    #[test]
    fn errors_say_where_and_what_to_write() {
        let cases = [
            ("flowchart TD\n  A-->B\n", (1, 1), "starts with `flowchart`"),
            ("", (1, 1), "no diagram"),
            ("journey\nMake tea\n", (2, 1), "`Make tea: 3`"),
            ("journey\n  Make tea:\n", (2, 11), "needs a score"),
            ("journey\nA: 5; B: 3\n", (2, 5), "#59;"),
            ("journey\nsection Go: 5\n", (2, 11), "#58;"),
            ("journey\nJourney planning: 3\n", (2, 1), "#74;ourney"),
            (
                "journey\naccDescr {\n never closed\n",
                (2, 1),
                "never closed",
            ),
            ("journey\ntitle\n", (2, 1), "needs the title"),
        ];
        for (text, place, words) in cases {
            let error = parse(&Source::read(text)).err().unwrap();
            assert_eq!((error.line, error.column), place, "{text:?}: {error}");
            assert!(error.message.contains(words), "{text:?}: {error}");
        }
    }
}

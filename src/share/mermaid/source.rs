//! What Mermaid does to a diagram before its parser sees it
//! (`preprocess.ts`, `Diagram.fromText` in mermaid-js/mermaid), step by
//! step: line ends made `\n`; front matter (`---` … `---`) read and taken
//! out; directives (`%%{init: …}%%`) taken out wherever they stand; lines
//! that are `%%` comments taken out, and the space before the first word;
//! the `;` that `encodeEntities` drops after `style …:…#…;`; and the entity
//! codes (`#35;`) found, which the lexer then reads as plain text. What was
//! taken out is kept with where it stood, and every offset in the text the
//! lexer reads maps back to the line and column it was written at.

use super::js_space;
use std::ops::Range;

/// More comments and directives than this (each a note) are refused, as
/// more statements than a map is for are (`parser::MAX_STATEMENTS`): a
/// huge input must not take all memory.
pub const MAX_REMARKS: usize = 100_000;

/// The diagram as Mermaid's lexer gets it, and what was taken out.
pub struct Source {
    /// The text as written, with every line end a `\n`: the one that
    /// lines and columns count in.
    pub written: String,
    /// The text the lexer reads.
    pub text: String,
    /// For each step that took text out, where: (offset after it in the
    /// step's result, offset after it in the step's input), in order.
    steps: Vec<Vec<(usize, usize)>>,
    /// The entity codes (`#35;`) in `text`, in order.
    pub entities: Vec<Range<usize>>,
    /// What was taken out that a note speaks of, by offset in `written`.
    pub removed: Vec<Removed>,
    /// The front matter's text, by range in `written`.
    pub front_matter: Option<Range<usize>>,
    /// Where the first comment or directive past [`MAX_REMARKS`] is, in
    /// `written`, when there are that many (the steps stop there).
    pub too_many: Option<usize>,
}

/// A comment or a directive taken out before parsing, at its offset in
/// the written text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub at: usize,
    pub kind: RemovedKind,
    /// Its text from its `%%` or `#` to the end of its line; a directive
    /// whole.
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovedKind {
    Comment,
    Directive,
}

impl Source {
    /// Runs Mermaid's steps over `input`.
    pub fn read(input: &str) -> Source {
        let written = line_ends(input);
        let mut source = Source {
            text: written.clone(),
            written,
            steps: Vec::new(),
            entities: Vec::new(),
            removed: Vec::new(),
            front_matter: None,
            too_many: None,
        };
        if let Some((cut, body)) = find_front_matter(&source.text) {
            source.front_matter = Some(body);
            source.take_out(std::slice::from_ref(&cut));
        }
        let directives = directives(&source.text);
        for range in &directives {
            source.removed.push(Removed {
                at: source.origin(range.start),
                kind: RemovedKind::Directive,
                text: source.text[range.clone()].to_owned(),
            });
        }
        source.take_out(&directives);
        if source.counted_too_many() {
            return source;
        }
        let comments = comment_lines(&source.text, MAX_REMARKS + 1 - source.removed.len());
        let mut cuts: Vec<Range<usize>> = Vec::with_capacity(comments.len() + 1);
        for (cut, mark) in comments {
            let end = source.text[mark..]
                .find('\n')
                .map_or(source.text.len(), |n| mark + n);
            source.removed.push(Removed {
                at: source.origin(mark),
                kind: RemovedKind::Comment,
                text: source.text[mark..end].to_owned(),
            });
            cuts.push(cut);
        }
        source.take_out(&cuts);
        if source.counted_too_many() {
            return source;
        }
        let lead = source.text.len() - source.text.trim_start_matches(js_space).len();
        source.take_out(std::slice::from_ref(&(0..lead)));
        let semicolons = dropped_semicolons(&source.text);
        source.take_out(&semicolons);
        source.entities = entities(&source.text);
        source.removed.sort_by_key(|r| r.at);
        source
    }

    /// Whether more than [`MAX_REMARKS`] were found, noting where.
    fn counted_too_many(&mut self) -> bool {
        if self.removed.len() <= MAX_REMARKS {
            return false;
        }
        self.removed.sort_by_key(|r| r.at);
        self.too_many = Some(self.removed[MAX_REMARKS].at);
        true
    }

    /// Takes `cuts` (in order, apart) out of the text, remembering where.
    fn take_out(&mut self, cuts: &[Range<usize>]) {
        if cuts.iter().all(|c| c.is_empty()) {
            return;
        }
        let mut text = String::with_capacity(self.text.len());
        let mut joins = Vec::with_capacity(cuts.len());
        let mut from = 0;
        for cut in cuts.iter().filter(|c| !c.is_empty()) {
            text.push_str(&self.text[from..cut.start]);
            joins.push((text.len(), cut.end));
            from = cut.end;
        }
        text.push_str(&self.text[from..]);
        self.text = text;
        self.steps.push(joins);
    }

    /// The offset in the written text of `offset` in the text read.
    pub fn origin(&self, offset: usize) -> usize {
        self.steps.iter().rev().fold(offset, |at, joins| {
            let i = joins.partition_point(|&(after, _)| after <= at);
            match i.checked_sub(1) {
                Some(i) => joins[i].1 + (at - joins[i].0),
                None => at,
            }
        })
    }

    /// The entity code that starts at `offset`, if one does: its end.
    pub fn entity_at(&self, offset: usize) -> Option<usize> {
        self.entities
            .binary_search_by_key(&offset, |r| r.start)
            .ok()
            .map(|i| self.entities[i].end)
    }

    /// Line and column (1-based; the column in characters) of `offset` in
    /// the written text.
    pub fn place(&self, offset: usize) -> (usize, usize) {
        let before = &self.written[..offset.min(self.written.len())];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |n| n + 1);
        (line, before[start..].chars().count() + 1)
    }

    /// Lines (1-based) of `offsets`, which must be in order: one pass over
    /// the text for all of them.
    pub fn lines_of(&self, offsets: impl IntoIterator<Item = usize>) -> Vec<usize> {
        let bytes = self.written.as_bytes();
        let (mut at, mut line) = (0, 1);
        offsets
            .into_iter()
            .map(|offset| {
                let offset = offset.min(bytes.len());
                if offset < at {
                    (at, line) = (0, 1);
                }
                line += bytes[at..offset].iter().filter(|&&b| b == b'\n').count();
                at = offset;
                line
            })
            .collect()
    }
}

/// What the front matter says: its `title`, and the other keys (Mermaid's
/// settings), each at its offset in the written text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<(usize, String)>,
    pub others: Vec<(usize, String)>,
}

impl Source {
    /// The front matter's top-level keys, read as the simple YAML people
    /// write there (`title: My day`, `config:` and what is indented under
    /// it).
    pub fn front_matter(&self) -> FrontMatter {
        let mut found = FrontMatter::default();
        let Some(body) = self.front_matter.clone() else {
            return found;
        };
        let mut at = body.start;
        for line in self.written[body].split('\n') {
            let here = at;
            at += line.len() + 1;
            let bare = line.trim_end_matches(js_space);
            if bare.is_empty() || bare.starts_with('#') || line.starts_with(js_space) {
                continue;
            }
            match bare.split_once(':') {
                Some((key, value)) if key.trim_matches(js_space) == "title" => {
                    found.title = Some((here, yaml_scalar(value)));
                }
                Some((key, _)) => found
                    .others
                    .push((here, key.trim_matches(js_space).to_owned())),
                None => found.others.push((here, bare.to_owned())),
            }
        }
        found
    }
}

/// A YAML scalar as written on one line: quoted (`"…"` with its escapes,
/// `'…'` with `''`) or plain (up to a ` #` comment).
fn yaml_scalar(value: &str) -> String {
    let value = value.trim_matches(js_space);
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                },
                (c, false) => out.push(c),
            }
        }
        return out;
    }
    if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    let plain = value.find(" #").map_or(value, |n| &value[..n]);
    plain.trim_matches(js_space).to_owned()
}

/// `\r\n` and a lone `\r` as `\n`, as Mermaid's `cleanupText` does.
fn line_ends(input: &str) -> String {
    if !input.contains('\r') {
        return input.to_owned();
    }
    input.replace("\r\n", "\n").replace('\r', "\n")
}

/// Front matter, as Mermaid's `frontMatterRegex` finds it
/// (`^-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+`, dot matching line ends): what
/// to take out, and the range of its body.
fn find_front_matter(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let rest = text.strip_prefix("---")?;
    let run = &rest[..rest.len() - rest.trim_start_matches(js_space).len()];
    let last = 3 + run.rfind('\n')?;
    let mut search = last + 1;
    while let Some(n) = text[search..].find("\n---") {
        let close = search + n;
        if let Some(end) = closed_at(text, close) {
            return Some((0..end, last + 1..close));
        }
        search = close + 1;
    }
    // Else the opening's last line end may close an empty body that an
    // earlier line end in the same space opens.
    let earlier = 3 + run[..last - 3].rfind('\n')?;
    closed_at(text, last).map(|end| (0..end, earlier + 1..last))
}

/// Where front matter closed by the `\n---` at `close` ends: after the last
/// line end of the space that must follow.
fn closed_at(text: &str, close: usize) -> Option<usize> {
    let after = close + 4;
    if !text[close..].starts_with("\n---") {
        return None;
    }
    let tail = &text[after..];
    let space = tail.len() - tail.trim_start_matches(js_space).len();
    tail[..space].rfind('\n').map(|n| after + n + 1)
}

/// Where Mermaid's `directiveRegex` finds directives, in order:
/// `%%{`, a word (and a colon), then its arguments: a word, or everything
/// up to `}%%` (or the end of the text), then `}%%` when it follows.
fn directives(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut search = 0;
    while found.len() <= MAX_REMARKS
        && let Some(n) = text[search..].find("%%{")
    {
        let start = search + n;
        match directive_end(text, start + 3) {
            Some(end) => {
                found.push(start..end);
                search = end;
            }
            None => search = start + 1,
        }
    }
    found
}

fn directive_end(text: &str, from: usize) -> Option<usize> {
    let skip_space =
        |at: usize| at + (text[at..].len() - text[at..].trim_start_matches(js_space).len());
    let skip_word = |at: usize| {
        at + text[at..]
            .find(|c: char| !is_word(c))
            .unwrap_or(text.len() - at)
    };
    let at = skip_space(from);
    let after_word = skip_word(at);
    if after_word == at {
        return None;
    }
    let colon = skip_space(after_word);
    let at = if text[colon..].starts_with(':') {
        colon + 1
    } else {
        after_word
    };
    let at = skip_space(at);
    let at = if text[at..].starts_with(is_word) {
        skip_space(skip_word(at))
    } else {
        // Up to the first `}%%` or line separator, whichever comes
        // first, in one pass (searching for `}%%` to the end for every
        // directive a separator stops made it quadratic).
        let rest = &text[at..];
        let stop = rest
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, '\u{2028}' | '\u{2029}') || c == '}' && rest[i..].starts_with("}%%")
            })
            .map_or(rest.len(), |(i, _)| i);
        skip_space(at + stop)
    };
    Some(if text[at..].starts_with("}%%") {
        at + 3
    } else {
        at
    })
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Mermaid's `cleanupComments` (`^\s*%%(?!{)[^\n]+\n?`, multi-line):
/// each comment line to take out (with the blank lines before it), and
/// where its `%%` stands; no more than `most`.
fn comment_lines(text: &str, most: usize) -> Vec<(Range<usize>, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at <= text.len() && found.len() < most {
        let rest = &text[at..];
        let mark = at + (rest.len() - rest.trim_start_matches(js_space).len());
        let after = &text[mark..];
        let line_end = after.find('\n').map_or(text.len(), |n| mark + n);
        if after.starts_with("%%") && !after[2..].starts_with('{') && line_end > mark + 2 {
            let end = if line_end < text.len() {
                line_end + 1
            } else {
                line_end
            };
            found.push((at..end, mark));
            at = end;
            continue;
        }
        // The next place `^` holds: after the next line end. Every line
        // start before `mark` leads to the same `mark` (no comment), so
        // the search goes on from the first line end after it: each
        // blank line looked at again would make this quadratic.
        let from = &text[mark..];
        match from.find(['\n', '\u{2028}', '\u{2029}']) {
            Some(n) => at = mark + n + from[n..].chars().next().map_or(1, char::len_utf8),
            None => break,
        }
    }
    found
}

/// The semicolons that `encodeEntities` drops: on each line, the last `;`
/// when the line matches `style.*:\S*#.*;` (and, after that, the same with
/// `classDef`).
fn dropped_semicolons(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut start = 0;
    loop {
        let rest = &text[start..];
        let len = rest
            .find(['\n', '\r', '\u{2028}', '\u{2029}'])
            .unwrap_or(rest.len());
        let mut end = len;
        for word in ["style", "classDef"] {
            if let Some(last) = style_semicolon(&rest[..end], word) {
                found.push(start + last..start + last + 1);
                end = last;
            }
        }
        match rest[len..].chars().next() {
            Some(c) => start += len + c.len_utf8(),
            None => break,
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

/// Where the last `;` of `line` is, when `WORD.*:\S*#.*;` matches it: a
/// colon after the word, then a `#` with no space between, then a `;`.
fn style_semicolon(line: &str, word: &str) -> Option<usize> {
    let last = line.rfind(';')?;
    let from = line.find(word)? + word.len();
    let mut after_colon = false;
    for c in line.get(from..last)?.chars() {
        match c {
            ':' => after_colon = true,
            '#' if after_colon => return Some(last),
            c if js_space(c) => after_colon = false,
            _ => {}
        }
    }
    None
}

/// The entity codes Mermaid's `encodeEntities` finds (`#\w+;`), in order.
fn entities(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut search = 0;
    while let Some(n) = text[search..].find('#') {
        let start = search + n;
        let word = text[start + 1..]
            .find(|c: char| !is_word(c))
            .map_or(text.len(), |n| start + 1 + n);
        if word > start + 1 && text[word..].starts_with(';') {
            found.push(start..word + 1);
            search = word + 1;
        } else {
            search = start + 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_taken_out_and_its_body_kept() {
        let source = Source::read("---\ntitle: Hi\n---\njourney\n");
        assert_eq!(source.text, "journey\n");
        let body = source.front_matter.clone().unwrap();
        assert_eq!(&source.written[body], "title: Hi");
        assert_eq!(source.place(source.origin(0)), (4, 1));
    }

    #[test]
    fn directives_go_wherever_they_stand_and_lines_still_count() {
        let source = Source::read("%%{init: {\"a\": 1}}%%\njourney\nMake%%{wrap}%% tea: 5\n");
        assert_eq!(source.text, "journey\nMake tea: 5\n");
        assert_eq!(source.removed.len(), 2);
        assert_eq!(source.removed[1].text, "%%{wrap}%%");
        let tea = source.text.find("tea").unwrap();
        assert_eq!(
            source.place(source.origin(tea)),
            (3, 16),
            "after the directive"
        );
    }

    #[test]
    fn an_unclosed_directive_runs_to_the_end() {
        let source = Source::read("journey\n%%{init: {\nA: 5\n");
        assert_eq!(source.text, "journey\n");
    }

    #[test]
    fn comment_lines_go_but_a_bare_mark_stays_for_the_lexer() {
        let source = Source::read("  %% first\njourney\n\n   %% second\nA: 5\n%%\n");
        assert_eq!(source.text, "journey\nA: 5\n%%\n");
        let texts: Vec<&str> = source.removed.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["%% first", "%% second"]);
        assert_eq!(source.place(source.removed[1].at), (4, 4));
    }

    #[test]
    fn line_ends_of_every_kind_count_as_lines() {
        let source = Source::read("journey\r\nA: 5\rB: 4\n");
        assert_eq!(source.text, "journey\nA: 5\nB: 4\n");
        assert_eq!(source.place(source.text.find('B').unwrap()), (3, 1));
    }

    #[test]
    fn entities_are_found_and_the_style_semicolon_dropped() {
        let source = Source::read("journey\nA #35; b#59;: 5\nLifestyle:#35;1#59;\n");
        let found: Vec<&str> = source
            .entities
            .iter()
            .map(|r| &source.text[r.clone()])
            .collect();
        assert_eq!(
            found,
            ["#35;", "#59;", "#35;"],
            "the last code lost its `;`"
        );
        assert!(
            source.text.ends_with("Lifestyle:#35;1#59\n"),
            "{}",
            source.text
        );
        let source = Source::read("journey\nLifestyle: #35;1#59;\n");
        assert!(
            source.text.ends_with("Lifestyle: #35;1#59;\n"),
            "a space after the colon"
        );
    }

    #[test]
    fn lines_of_offsets_in_one_pass() {
        let source = Source::read("a\nb\n\nc");
        assert_eq!(source.lines_of([0, 2, 4, 5]), [1, 2, 3, 4]);
    }
}

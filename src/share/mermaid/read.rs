//! The import: a journey diagram's statements as a new map. Sections are
//! stages and tasks touchpoints (fresh ids, basis Assumption, wish not
//! decided), a task's score its emotion on the [`Scale`], its actors its
//! channel (joined with ", "); the title the map's title (else the front
//! matter's, else `accTitle`), `accDescr` the persona. Tasks before any
//! section go to a first stage with no name. What the map cannot hold is a
//! note at its line.

use super::parser::{self, Statement};
use super::source::{Removed, RemovedKind, Source};
use super::write::still_shows;
use super::{Scale, emotion, js_space, words};
use crate::model::{Emotion, Map, Stage, StageId, Touchpoint, TouchpointId};
use crate::share::{ImportError, Imported, Note};
use crate::text;
use std::collections::HashSet;
use std::ops::Range;

/// Reads a Mermaid journey diagram as a new map, its scores on `scale`.
pub fn import(text: &str, scale: Scale) -> Result<Imported, ImportError> {
    let source = Source::read(text);
    let parsed = parser::parse(&source)?;
    let mut reader = Reader::new(&source, scale, &parsed.statements);
    let mut removed: Vec<Removed> = source.removed.clone();
    removed.extend(parsed.comments);
    removed.sort_by_key(|r| r.at);
    let mut removed = removed.into_iter().peekable();
    for (at, statement) in parsed.statements {
        let at = source.origin(at);
        while let Some(r) = removed.next_if(|r| r.at < at) {
            reader.remark(r);
        }
        reader.statement(at, statement);
    }
    removed.for_each(|r| reader.remark(r));
    Ok(reader.finish())
}

/// A score as written: none, a number, or something else.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Score<'a> {
    Missing,
    Number(f64),
    Text(&'a str),
}

/// A score as JavaScript's `Number` reads the decimal numbers people
/// write (`5`, `4.5`, `+3`, `1e1`); empty is missing.
fn score_of(raw: &str) -> Score<'_> {
    let text = raw.trim_matches(js_space);
    if text.is_empty() {
        return Score::Missing;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(n) => (&unsigned[..n], Some(&unsigned[n + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let decimal = !(whole.is_empty() && fraction.is_empty())
        && digits(whole)
        && digits(fraction)
        && exponent.is_none_or(|e| {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        });
    match text.parse() {
        Ok(number) if decimal => Score::Number(number),
        _ => Score::Text(text),
    }
}

/// The scale to read with: the one asked for, or for `Auto` 1..5 unless a
/// score is above 5, then 0..10; with the note that says so.
fn choose_scale(
    source: &Source,
    asked: Scale,
    statements: &[(usize, Statement)],
) -> (Scale, Option<(usize, String)>) {
    let scores = statements.iter().filter_map(|(at, s)| match s {
        Statement::Task { data, .. } => {
            let raw = source.text[data.clone()].split(':').next().unwrap_or("");
            Some((*at, score_of(raw)))
        }
        _ => None,
    });
    let table = |scale: Scale| format!("{scale} scale ({})", scale.table());
    if asked != Scale::Auto {
        if asked == Scale::OneToFive {
            return (asked, None);
        }
        let first = scores.map(|(at, _)| at).next();
        return (
            asked,
            first.map(|at| {
                (
                    source.origin(at),
                    format!("scores read on the {}", table(asked)),
                )
            }),
        );
    }
    let mut above = None;
    let mut highest = 5.0;
    for (at, score) in scores {
        if let Score::Number(n) = score
            && n > 5.0
        {
            above.get_or_insert(at);
            highest = f64::max(highest, n);
        }
    }
    match above {
        None => (Scale::OneToFive, None),
        Some(at) => (
            Scale::ZeroToTen,
            Some((
                source.origin(at),
                format!(
                    "scores go up to {highest}, past Mermaid's 1..5: read on the {}; \
                     --scale 1-10 reads them from 1, --scale 1-5 keeps 1..5",
                    table(Scale::ZeroToTen)
                ),
            )),
        ),
    }
}

/// A note by offset in the written text: lines are found for all of them
/// at the end, in one pass over the text.
struct Pending {
    at: usize,
    message: String,
    /// For a note that names another line: that line's offset, and the
    /// words after its number.
    naming: Option<(usize, String)>,
}

/// A `%% cxmap` comment the export wrote, waiting for the task or section
/// below it.
struct Mark {
    comment: Removed,
    /// The full name of a `%% cxmap name:`; `None` for `%% cxmap: unscored`.
    name: Option<String>,
}

struct Reader<'s> {
    source: &'s Source,
    scale: Scale,
    map: Map,
    ids: HashSet<String>,
    notes: Vec<Pending>,
    /// Comments and directives since the last statement, for one note.
    run: Vec<Removed>,
    unscored: Option<Mark>,
    full_name: Option<Mark>,
    title: Option<(usize, String)>,
    acc_title: Option<(usize, String)>,
    persona: Option<(usize, String)>,
    in_stage: bool,
}

impl<'s> Reader<'s> {
    fn new(source: &'s Source, asked: Scale, statements: &[(usize, Statement)]) -> Reader<'s> {
        let (scale, note) = choose_scale(source, asked, statements);
        let mut reader = Reader {
            source,
            scale,
            map: Map::default(),
            ids: HashSet::new(),
            notes: Vec::new(),
            run: Vec::new(),
            unscored: None,
            full_name: None,
            title: None,
            acc_title: None,
            persona: None,
            in_stage: false,
        };
        if let Some((at, message)) = note {
            reader.note(at, message);
        }
        reader
    }

    fn note(&mut self, at: usize, message: String) {
        self.notes.push(Pending {
            at,
            message,
            naming: None,
        });
    }

    /// A note that names the line of `other` between `head` and `tail`.
    fn note_naming(&mut self, at: usize, head: String, other: usize, tail: &str) {
        self.notes.push(Pending {
            at,
            message: head,
            naming: Some((other, tail.to_owned())),
        });
    }

    /// A comment or directive: a `%% cxmap` mark waits for its statement,
    /// the rest waits to be noted.
    fn remark(&mut self, removed: Removed) {
        let words = removed
            .text
            .strip_prefix("%%")
            .map(|t| t.trim_matches(js_space));
        if removed.kind == RemovedKind::Comment {
            if words == Some("cxmap: unscored") {
                if let Some(old) = self.unscored.replace(Mark {
                    comment: removed,
                    name: None,
                }) {
                    self.run.push(old.comment);
                }
                return;
            }
            if let Some(name) = words.and_then(|w| w.strip_prefix("cxmap name:")) {
                let at = removed.at;
                let name = self.text(at, name, false);
                if let Some(old) = self.full_name.replace(Mark {
                    comment: removed,
                    name: Some(name),
                }) {
                    self.run.push(old.comment);
                }
                return;
            }
        }
        self.run.push(removed);
    }

    /// One note for the comments and directives since the last statement.
    fn flush(&mut self) {
        let Some(first) = self.run.first() else {
            return;
        };
        let at = first.at;
        let last = self.run[self.run.len() - 1].at;
        if let [only] = self.run.as_slice() {
            let shown = text::truncate(&only.text, 60);
            let message = match only.kind {
                RemovedKind::Comment => format!("a comment is not kept: `{shown}`"),
                RemovedKind::Directive => format!(
                    "a directive (Mermaid's settings, which a map has no place for) is not kept: `{shown}`"
                ),
            };
            self.run.clear();
            self.note(at, message);
        } else {
            let directives = self
                .run
                .iter()
                .filter(|r| r.kind == RemovedKind::Directive)
                .count();
            let comments = self.run.len() - directives;
            let mut what = Vec::new();
            if comments > 0 {
                what.push(format!(
                    "{comments} comment{}",
                    if comments == 1 { "" } else { "s" }
                ));
            }
            if directives > 0 {
                let s = if directives == 1 { "" } else { "s" };
                what.push(format!("{directives} directive{s}"));
            }
            let head = format!("{} (to line ", what.join(" and "));
            self.run.clear();
            self.note_naming(at, head, last, ") are not kept");
        }
    }

    fn statement(&mut self, at: usize, statement: Statement) {
        let (names, scores) = match statement {
            Statement::Task { .. } => (true, true),
            Statement::Section(_) => (true, false),
            _ => (false, false),
        };
        if !scores && let Some(mark) = self.unscored.take() {
            self.run.push(mark.comment);
        }
        if !names && let Some(mark) = self.full_name.take() {
            self.run.push(mark.comment);
        }
        self.flush();
        match statement {
            Statement::Title(r) => {
                let title = self.text(at, &self.source.text[r], false);
                self.replace(at, "title", Kept::Title, title);
            }
            Statement::AccTitle(r) => {
                let title = self.text(at, &self.source.text[r], false);
                self.replace(at, "accTitle", Kept::AccTitle, title);
            }
            Statement::AccDescr(r) => self.description(at, r),
            Statement::Section(r) => self.section(at, r),
            Statement::Task { name, data } => self.task(at, name, data),
        }
    }

    /// Keeps a title or description, noting the one it replaces: Mermaid
    /// shows the last.
    fn replace(&mut self, at: usize, what: &str, slot: Kept, value: String) {
        let old = match slot {
            Kept::Title => self.title.replace((at, value)),
            Kept::AccTitle => self.acc_title.replace((at, value)),
            Kept::Persona => self.persona.replace((at, value)),
        };
        if let Some((old_at, old)) = old {
            let head = format!(
                "{what} `{}` is not kept: the {what} at line ",
                text::truncate(&old, 60)
            );
            self.note_naming(old_at, head, at, " replaces it");
        }
    }

    /// `accDescr`, as Mermaid keeps it (each line's leading space gone),
    /// as the persona: one line.
    fn description(&mut self, at: usize, range: Range<usize>) {
        let raw = self.source.text[range].trim_matches(js_space);
        let lines: Vec<&str> = raw
            .split('\n')
            .map(|l| l.trim_start_matches(js_space))
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() > 1 {
            self.note(
                at,
                "the accDescr's line breaks became spaces: a map's persona is one line".into(),
            );
        }
        let persona = self.text(at, &lines.join(" "), false);
        self.replace(at, "accDescr", Kept::Persona, persona);
    }

    fn section(&mut self, at: usize, range: Range<usize>) {
        let name = self.text(at, &self.source.text[range], true);
        let name = self.named(name);
        let id = StageId::fresh(|id| self.ids.contains(id));
        self.ids.insert(id.to_string());
        self.map.stages.push(
            Stage {
                id,
                name,
                touchpoints: Vec::new(),
            }
            .into(),
        );
        self.in_stage = true;
    }

    /// `name`, or the full name its `%% cxmap name:` gives when the
    /// diagram still shows that name.
    fn named(&mut self, name: String) -> String {
        let Some(mark) = self.full_name.take() else {
            return name;
        };
        let full = mark.name.unwrap_or_default();
        if still_shows(&name, &full) {
            return full;
        }
        self.note(
            mark.comment.at,
            format!(
                "`%% cxmap name:` does not match `{}` below it (changed in the diagram?): the name as it stands is taken",
                text::truncate(&name, 60)
            ),
        );
        name
    }

    fn task(&mut self, at: usize, name: Range<usize>, data: Range<usize>) {
        let name = self.text(at, &self.source.text[name], true);
        let name = self.named(name);
        let source = self.source;
        let mut pieces = source.text[data].split(':');
        let score = pieces.next().unwrap_or("");
        let actors = pieces.next();
        let rest: Vec<&str> = pieces.collect();
        if rest.iter().any(|p| !p.trim_matches(js_space).is_empty()) {
            self.note(
                at,
                format!(
                    "`:{}` after the actors of `{}` is not kept: Mermaid reads a score and actors only",
                    text::truncate(&rest.join(":"), 40),
                    text::truncate(&name, 40)
                ),
            );
        }
        let channel: Vec<String> = actors
            .into_iter()
            .flat_map(|a| a.split(','))
            .map(|actor| self.text(at, actor, false))
            .filter(|actor| !actor.is_empty())
            .collect();
        let emotion = self.emotion(at, &name, score);
        if !self.in_stage {
            self.note(
                at,
                "tasks before the first `section` go to a first stage with no name: name it in cxmap"
                    .into(),
            );
            let id = StageId::fresh(|id| self.ids.contains(id));
            self.ids.insert(id.to_string());
            self.map.stages.push(
                Stage {
                    id,
                    name: String::new(),
                    touchpoints: Vec::new(),
                }
                .into(),
            );
            self.in_stage = true;
        }
        let id = TouchpointId::fresh(|id| self.ids.contains(id));
        self.ids.insert(id.to_string());
        let mut touchpoint = Touchpoint::new(id, name);
        touchpoint.channel = channel.join(", ");
        touchpoint.emotion = emotion;
        let stage = self.map.stages.last_mut().expect("a stage was made above");
        stage.touchpoints.push(touchpoint.into());
    }

    /// The emotion of a task's score, or unscored with a note saying why.
    fn emotion(&mut self, at: usize, name: &str, raw: &str) -> Option<Emotion> {
        let placeholder = self.unscored.take();
        let name = text::truncate(name, 40);
        let number = match score_of(raw) {
            Score::Missing => {
                self.note(
                    at,
                    format!("`{name}` has no score (Mermaid reads it as 0): imported unscored"),
                );
                return None;
            }
            Score::Text(text) => {
                self.note(
                    at,
                    format!("the score `{text}` of `{name}` is not a number: imported unscored"),
                );
                return None;
            }
            Score::Number(number) => number,
        };
        if let Some(mark) = placeholder {
            if number == 3.0 {
                return None;
            }
            self.note(
                mark.comment.at,
                format!("`%% cxmap: unscored` is above `{name}`, now scored {number}: the score is taken"),
            );
        }
        let Some(emotion) = emotion(number, self.scale) else {
            // A 0 is most often a 0..10 diagram whose scores all stayed
            // at 5 or below, which `auto` cannot tell from 1..5.
            let hint = if number == 0.0 && self.scale == Scale::OneToFive {
                "; if the diagram scores 0 to 10, import it again with --scale 0-10"
            } else {
                ""
            };
            self.note(
                at,
                format!(
                    "the score {number} of `{name}` is outside the {} scale: imported unscored{hint}",
                    self.scale
                ),
            );
            return None;
        };
        if number.fract() != 0.0 {
            self.note(
                at,
                format!(
                    "the score {number} of `{name}` lies between two steps: read as {emotion} ({})",
                    emotion.words()
                ),
            );
        }
        Some(emotion)
    }
}

impl Reader<'_> {
    /// A value as text for the map, with a note for each change.
    fn text(&mut self, at: usize, raw: &str, breaks: bool) -> String {
        let (value, notes) = words::text(raw, breaks);
        for note in notes {
            self.note(at, note);
        }
        value
    }

    /// The map, its title chosen (the `title`, else the front matter's,
    /// else `accTitle`), and the notes in the order of their lines.
    fn finish(mut self) -> Imported {
        for mark in [self.unscored.take(), self.full_name.take()]
            .into_iter()
            .flatten()
        {
            self.run.push(mark.comment);
        }
        self.run.sort_by_key(|r| r.at);
        self.flush();
        let front = self.source.front_matter();
        for (at, key) in front.others {
            self.note(
                at,
                format!("front matter `{key}` (Mermaid's settings) is not kept"),
            );
        }
        let front_title = front
            .title
            .map(|(at, raw)| (at, self.text(at, &raw, false)));
        let titles = [
            ("the title", self.title.take()),
            ("the front matter's title", front_title),
            ("accTitle", self.acc_title.take()),
        ];
        let chosen = titles.iter().find_map(|(_, t)| t.clone()).map(|(_, t)| t);
        let chosen = chosen.unwrap_or_default();
        for (what, title) in titles {
            if let Some((at, title)) = title
                && title != chosen
            {
                self.note(
                    at,
                    format!(
                        "{what} `{}` is not kept: the map's title is `{}`",
                        text::truncate(&title, 40),
                        text::truncate(&chosen, 40)
                    ),
                );
            }
        }
        self.map.title = chosen;
        self.map.persona = self.persona.take().map(|(_, p)| p).unwrap_or_default();
        self.notes.sort_by_key(|n| n.at);
        let mut offsets: Vec<usize> = self
            .notes
            .iter()
            .flat_map(|n| [Some(n.at), n.naming.as_ref().map(|(other, _)| *other)])
            .flatten()
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        let lines = self.source.lines_of(offsets.iter().copied());
        let line = |at: usize| {
            lines[offsets
                .binary_search(&at)
                .expect("every offset was looked up")]
        };
        let notes = self
            .notes
            .into_iter()
            .map(|n| Note {
                line: line(n.at),
                message: match n.naming {
                    Some((other, tail)) => format!("{}{}{tail}", n.message, line(other)),
                    None => n.message,
                },
            })
            .collect();
        Imported {
            map: self.map,
            notes,
        }
    }
}

#[derive(Clone, Copy)]
enum Kept {
    Title,
    AccTitle,
    Persona,
}

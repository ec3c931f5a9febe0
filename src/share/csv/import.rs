//! A map from CSV in the export's columns, row by row.
//!
//! Stages come in the order they first appear: a row names its stage by id
//! or, without one, by name; a touchpoint row with neither is in the stage
//! of the row above. Ids are kept where a row has a usable one not taken
//! before; an item without one gets a fresh id (rows a person added). Every
//! value the map cannot hold (an emotion of 7, a wish named "Maybe", a bad
//! date, a link to no touchpoint) is a `Note` at its line and left unset; an
//! action that names no principle is left out with a note that quotes it.

use super::cells::{self, Draft, shown};
use super::encoding;
use super::records::{self, Cell, Record};
use super::{COLUMNS, Column};
use crate::model::{
    Action, ActionId, Basis, Emotion, Map, RootCause, Stage, StageId, Touchpoint, TouchpointId,
    Wish,
};
use crate::share::{ImportError, Imported, Note};
use std::collections::{HashMap, HashSet};

/// Reads CSV written by [`super::export`], or by a spreadsheet from it, in
/// UTF-8 or Windows-1252 (see `encoding.rs`). `title` is the map's title
/// when the file has no `map_title` column.
pub fn import(bytes: &[u8], title: &str) -> Result<Imported, ImportError> {
    let (text, read_as) = encoding::decode(bytes)?;
    let records = records::read(&text)?;
    let mut rows = records.into_iter();
    let header = rows.next().ok_or_else(|| ImportError {
        line: 1,
        column: 1,
        message: "the file is empty: a cxmap CSV starts with a header row".to_owned(),
    })?;
    let mut reader = Reader::default();
    reader.notes.extend(read_as);
    let header = Header::read(&header, &mut reader.notes)?;
    for mut record in rows {
        for cell in &mut record.cells {
            reader.without_controls(cell);
        }
        reader.row(&Row {
            header: &header,
            record: &record,
        });
    }
    if header.index.contains_key(&Column::MapTitle) {
        // The column is there: its value, even when that is no title.
        reader.title.get_or_insert_default();
    }
    reader.finish(title)
}

/// Where each known column is, by its index in a row.
struct Header {
    index: HashMap<Column, usize>,
    /// Columns with no name: left out, and said so on a row that fills one.
    unnamed: std::collections::HashSet<usize>,
    width: usize,
}

impl Header {
    fn read(header: &Record, notes: &mut Vec<Note>) -> Result<Header, ImportError> {
        let (mut index, mut unnamed) = (HashMap::new(), std::collections::HashSet::new());
        for (i, cell) in header.cells.iter().enumerate() {
            let name = cells::unguard(&cell.text);
            match Column::from_header(name) {
                Some(column) if index.contains_key(&column) => notes.push(Note {
                    line: cell.line,
                    message: format!(
                        "column {} is `{}` again; its cells are left out",
                        i + 1,
                        column.name()
                    ),
                }),
                Some(column) => {
                    index.insert(column, i);
                }
                None if name.trim().is_empty() => {
                    unnamed.insert(i);
                }
                None => notes.push(Note {
                    line: cell.line,
                    message: format!(
                        "column {} `{}` is not one of cxmap's; its cells are left out",
                        i + 1,
                        shown(name)
                    ),
                }),
            }
        }
        let has = |c: Column| index.contains_key(&c);
        if !has(Column::Touchpoint) || !(has(Column::Stage) || has(Column::StageId)) {
            let names: Vec<&str> = COLUMNS.iter().map(|c| c.name()).collect();
            return Err(ImportError {
                line: header.line,
                column: 1,
                message: format!(
                    "this is not a CSV of a cxmap map: its first row names no `touchpoint` and \
                     `stage` (or `stage_id`) columns; an export's header is {}",
                    names.join(",")
                ),
            });
        }
        notes.extend(missing(&index).into_iter().map(|message| Note {
            line: header.line,
            message,
        }));
        Ok(Header {
            index,
            unnamed,
            width: header.cells.len(),
        })
    }
}

/// What the map will lack for the columns the header does not name: a
/// sentence for the ids (fresh ones, as in any sheet started by hand) and
/// one for the rest, each naming the columns. The title is left unsaid:
/// without it the map is named after its file, as the README says.
fn missing(index: &HashMap<Column, usize>) -> Vec<String> {
    let absent = |column: &Column| !index.contains_key(column);
    let named = |columns: &[Column]| {
        let names: Vec<String> = columns.iter().map(|c| format!("`{}`", c.name())).collect();
        let plural = if columns.len() == 1 { "" } else { "s" };
        format!("no {} column{plural}", names.join(", "))
    };
    let mut sentences = Vec::new();
    let ids: Vec<Column> = [Column::StageId, Column::TouchpointId]
        .into_iter()
        .filter(absent)
        .collect();
    if !ids.is_empty() {
        let whose = match ids[..] {
            [Column::StageId] => "stages",
            [Column::TouchpointId] => "touchpoints",
            _ => "stages and touchpoints",
        };
        sentences.push(format!(
            "{}: the {whose} get fresh ids (so the map shares none with one it was exported from)",
            named(&ids)
        ));
    }
    let links = index.contains_key(&Column::TouchpointId);
    let lacking: Vec<(Column, (&str, &str))> = COLUMNS
        .into_iter()
        .filter(absent)
        .filter_map(|c| Some((c, lacks(c, links)?)))
        .collect();
    if lacking.is_empty() {
        return sentences;
    }
    let columns: Vec<Column> = lacking.iter().map(|&(c, _)| c).collect();
    let mut parts: Vec<String> = Vec::new();
    for group in lacking.chunk_by(|a, b| a.1.0 == b.1.0) {
        let what: Vec<&str> = group.iter().map(|(_, (_, what))| *what).collect();
        let (last, rest) = what.split_last().expect("a group is never empty");
        let listed = if rest.is_empty() {
            (*last).to_owned()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        parts.push(format!("{} {listed}", group[0].1.0));
    }
    sentences.push(format!("{}: {}", named(&columns), parts.join("; ")));
    sentences
}

/// What the map lacks without `column`, and whose lack it is; `None` for a
/// column a sheet may do without: the ids (see [`missing`]), the title,
/// and a root cause's link to a touchpoint in a sheet without
/// `touchpoint_id` (`links`), where no touchpoint has an id to name.
fn lacks(column: Column, links: bool) -> Option<(&'static str, &'static str)> {
    const TOUCHPOINTS: &str = "the touchpoints get";
    let what = match column {
        Column::StageId | Column::TouchpointId | Column::Touchpoint | Column::MapTitle => {
            return None;
        }
        Column::RootCauseTouchpoint if !links => return None,
        Column::Stage => return Some(("the stages get", "no names")),
        Column::MapPersona => return Some(("the map gets", "no persona")),
        Column::Channel => "no channels",
        Column::Wish => "no wish categories",
        Column::Emotion => "no emotions",
        Column::ToBeEmotion => "no to-be emotions",
        Column::Evidence => "no evidence (0 customers each)",
        Column::Basis => "no basis (each is an assumption)",
        Column::AtRisk => "no principles at risk",
        Column::RootCause => "no root causes in words",
        Column::RootCauseTouchpoint => "no root causes that name a touchpoint",
        Column::Description => "no descriptions",
        Column::Verbatims => "no customers' words",
        Column::Actions => "no actions",
    };
    Some((TOUCHPOINTS, what))
}

/// A row's cells by column.
struct Row<'r> {
    header: &'r Header,
    record: &'r Record,
}

impl<'r> Row<'r> {
    fn cell(&self, column: Column) -> Option<&'r Cell> {
        self.header
            .index
            .get(&column)
            .and_then(|&i| self.record.cells.get(i))
            .filter(|cell| !cell.text.is_empty())
    }

    /// A text cell's value; empty when the column or the cell is missing.
    fn text(&self, column: Column) -> String {
        self.cell(column)
            .map_or_else(String::new, |cell| cells::read_text(&cell.text))
    }

    /// The cell's value, without its guard and the spaces around it.
    fn word(&self, column: Column) -> Option<(&'r str, usize)> {
        let cell = self.cell(column)?;
        let word = cells::unguard(&cell.text).trim();
        (!word.is_empty()).then_some((word, cell.line))
    }
}

/// Where an item waiting for a fresh id sits.
enum Pending {
    Stage(usize),
    Touchpoint(usize, usize),
    Action(usize, usize, usize),
}

#[derive(Default)]
struct Reader {
    notes: Vec<Note>,
    stages: Vec<Stage>,
    /// The stages by the ids written in the file, and by name (the first
    /// stage of a name).
    stage_by_id: HashMap<String, usize>,
    stage_by_name: HashMap<String, usize>,
    /// Every id given to an item so far.
    used: HashSet<String>,
    pending: Vec<Pending>,
    /// Root-cause links to check once every touchpoint is in: the
    /// touchpoint's place, the id it names, and its line.
    links: Vec<(usize, usize, String, usize)>,
    /// The stage the last row was in.
    current: Option<usize>,
    title: Option<String>,
    persona: Option<String>,
}

impl Reader {
    fn note(&mut self, line: usize, message: String) {
        self.notes.push(Note { line, message });
    }

    /// Takes out of a cell the control characters a map cannot hold (all
    /// but tabs and line breaks: an escape code would reach the terminals
    /// that show the map), each noted at its line.
    fn without_controls(&mut self, cell: &mut Cell) {
        let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n');
        if !cell.text.contains(forbidden) {
            return;
        }
        let mut line = cell.line;
        for c in cell.text.chars() {
            if c == '\n' {
                line += 1;
            } else if forbidden(c) {
                let message = format!(
                    "the control character U+{:04X} is left out (a map holds none)",
                    u32::from(c)
                );
                self.note(line, message);
            }
        }
        cell.text.retain(|c| !forbidden(c));
    }

    fn row(&mut self, row: &Row) {
        self.extra_cells(row);
        self.map_fields(row);
        let is_touchpoint = COLUMNS
            .into_iter()
            .any(|c| c.of_touchpoint() && row.cell(c).is_some());
        let names_stage = row.cell(Column::StageId).is_some() || row.cell(Column::Stage).is_some();
        if is_touchpoint {
            let stage = self.stage(row);
            self.touchpoint(row, stage);
        } else if names_stage {
            self.stage(row);
        }
    }

    /// Cells under no column name (past the header's last, or under an
    /// empty one) that hold something: left out, and said so.
    fn extra_cells(&mut self, row: &Row) {
        let header = row.header;
        let filled: Vec<(usize, &Cell)> = row
            .record
            .cells
            .iter()
            .enumerate()
            .filter(|&(i, cell)| {
                (i >= header.width || header.unnamed.contains(&i)) && !cell.text.trim().is_empty()
            })
            .collect();
        if let Some(&(i, cell)) = filled.first() {
            let more = match filled.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            self.note(
                cell.line,
                format!(
                    "a cell under no column name is left out: `{}` (column {}){more}",
                    shown(&cell.text),
                    i + 1
                ),
            );
        }
    }

    /// The map's title and persona: the first row's that has one; another
    /// value on a later row is noted.
    fn map_fields(&mut self, row: &Row) {
        for (column, label) in [(Column::MapTitle, "title"), (Column::MapPersona, "persona")] {
            let Some(cell) = row.cell(column) else {
                continue;
            };
            let value = cells::read_text(&cell.text);
            let kept = if column == Column::MapTitle {
                &mut self.title
            } else {
                &mut self.persona
            };
            match kept {
                None => *kept = Some(value),
                Some(kept) if *kept != value => {
                    let message = format!(
                        "the map's {label} is `{}` here, `{}` above; the first is kept",
                        shown(&value),
                        shown(kept)
                    );
                    self.note(cell.line, message);
                }
                Some(_) => {}
            }
        }
    }

    /// The index of the stage a row names, made when new.
    fn stage(&mut self, row: &Row) -> usize {
        let line = row.record.line;
        let name = row.text(Column::Stage);
        let id = row.word(Column::StageId).and_then(|(id, line)| {
            let parsed = StageId::parse(id);
            if parsed.is_none() {
                self.note(line, format!("stage_id `{}` is not a usable id (letters, digits, `-`, `_`, `.`); the stage is found by its name", shown(id)));
            }
            parsed
        });
        let known = id
            .as_ref()
            .and_then(|id| self.stage_by_id.get(id.as_str()).copied());
        let id = match (id, known) {
            (Some(id), Some(at)) => {
                if !name.is_empty() && self.stages[at].name != name {
                    let message = format!(
                        "stage {id} is named `{}` above; `{}` here is left out",
                        shown(&self.stages[at].name),
                        shown(&name)
                    );
                    self.note(line, message);
                }
                self.current = Some(at);
                return at;
            }
            (Some(id), None) if self.used.contains(id.as_str()) || id.as_str() == "map" => {
                self.note(
                    line,
                    format!(
                        "stage_id `{id}` is taken by another item; the stage is found by its name"
                    ),
                );
                None
            }
            (id, _) => id,
        };
        if id.is_none() {
            let by_name = if name.is_empty() && row.cell(Column::Stage).is_none() {
                self.current
            } else {
                self.stage_by_name.get(&name).copied()
            };
            if let Some(at) = by_name {
                self.current = Some(at);
                return at;
            }
        }
        let at = self.stages.len();
        let id = match id {
            Some(id) => {
                self.used.insert(id.as_str().to_owned());
                self.stage_by_id.insert(id.as_str().to_owned(), at);
                id
            }
            None => {
                self.pending.push(Pending::Stage(at));
                StageId::parse("pending").expect("a valid id")
            }
        };
        self.stage_by_name.entry(name.clone()).or_insert(at);
        self.stages.push(Stage {
            id,
            name,
            touchpoints: Vec::new(),
        });
        self.current = Some(at);
        at
    }

    /// An id for a new touchpoint or action: the one written if usable and
    /// free, or `None` (a fresh one comes at the end), with a note when one
    /// was written.
    fn claim(&mut self, written: Option<(&str, usize)>, what: &str) -> Option<String> {
        let (id, line) = written?;
        let usable = TouchpointId::parse(id).is_some() && id != "map";
        if usable && self.used.insert(id.to_owned()) {
            return Some(id.to_owned());
        }
        let why = if usable {
            "is taken by an item above"
        } else {
            "is not a usable id (letters, digits, `-`, `_`, `.`)"
        };
        self.note(
            line,
            format!("{what} `{}` {why}; it gets a fresh id", shown(id)),
        );
        None
    }

    fn touchpoint(&mut self, row: &Row, stage: usize) {
        let index = self.stages[stage].touchpoints.len();
        let id = match self.claim(row.word(Column::TouchpointId), "touchpoint_id") {
            Some(id) => TouchpointId::parse(&id).expect("checked"),
            None => {
                self.pending.push(Pending::Touchpoint(stage, index));
                TouchpointId::parse("pending").expect("a valid id")
            }
        };
        let mut tp = Touchpoint::new(id, row.text(Column::Touchpoint));
        tp.channel = row.text(Column::Channel);
        tp.description = row.text(Column::Description);
        self.values(row, &mut tp);
        self.cause(row, &mut tp, stage, index);
        if let Some(cell) = row.cell(Column::Verbatims) {
            tp.verbatims = cells::items(&cell.text)
                .map(|(_, item)| cells::read_verbatim(item))
                .collect();
        }
        self.stages[stage].touchpoints.push(tp.into());
        if let Some(cell) = row.cell(Column::Actions) {
            self.actions(cell, stage, index);
        }
    }

    /// The touchpoint's values that must be one of a few: wish, scores,
    /// evidence, basis, the principles at risk.
    fn values(&mut self, row: &Row, tp: &mut Touchpoint) {
        if let Some((word, line)) = row.word(Column::Wish) {
            tp.wish = Wish::ALL.into_iter().find(|w| {
                w.name().eq_ignore_ascii_case(word)
                    || (word.chars().count() == 1
                        && word.starts_with(|c: char| w.letter().eq_ignore_ascii_case(&c)))
            });
            if tp.wish.is_none() {
                self.note(line, format!("wish `{}` is not one of Conscious, Subconscious, Deception, Invisible; left undecided", shown(word)));
            }
        }
        tp.emotion = self.score(row, Column::Emotion, "left unscored");
        tp.to_be_emotion = self.score(row, Column::ToBeEmotion, "left without an aim");
        if let Some((word, line)) = row.word(Column::Evidence) {
            match word.parse::<u32>() {
                Ok(n) => tp.evidence = n,
                Err(_) => self.note(
                    line,
                    format!(
                        "evidence `{}` is not a count of customers (0, 1, 2, ...); left at 0",
                        shown(word)
                    ),
                ),
            }
        }
        if let Some((word, line)) = row.word(Column::Basis) {
            match word.to_ascii_lowercase().as_str() {
                "research" => tp.basis = Basis::Research,
                "assumption" => tp.basis = Basis::Assumption,
                _ => self.note(
                    line,
                    format!(
                        "basis `{}` is neither Research nor Assumption; left an assumption",
                        shown(word)
                    ),
                ),
            }
        }
        if let Some(cell) = row.cell(Column::AtRisk) {
            let mut problems = Vec::new();
            tp.at_risk = cells::read_at_risk(&cell.text, &mut problems);
            for problem in problems {
                self.note(cell.line, format!("at_risk: {problem}"));
            }
        }
    }

    fn score(&mut self, row: &Row, column: Column, unset: &str) -> Option<Emotion> {
        let (word, line) = row.word(column)?;
        match cells::read_signed(word).map(Emotion::try_from) {
            Some(Ok(emotion)) => Some(emotion),
            _ => {
                let message = format!(
                    "{} `{}` is not a whole number from -2 to 2; {unset}",
                    column.name(),
                    shown(word)
                );
                self.note(line, message);
                None
            }
        }
    }

    /// The root cause: a text, or a link to a touchpoint checked at the end.
    /// A text cell of only `'` is a cause with no words, which a hand-edited
    /// map may hold.
    fn cause(&mut self, row: &Row, tp: &mut Touchpoint, stage: usize, index: usize) {
        let text = row
            .cell(Column::RootCause)
            .map(|_| row.text(Column::RootCause));
        if let Some((id, line)) = row.word(Column::RootCauseTouchpoint) {
            if let Some(text) = text {
                self.note(line, format!("a root cause is a text or a touchpoint, not both: the touchpoint is kept, the text `{}` left out", shown(&text)));
            }
            self.links.push((stage, index, id.to_owned(), line));
        } else if let Some(text) = text {
            tp.root_cause = Some(RootCause::Text(text));
        }
    }

    fn actions(&mut self, cell: &Cell, stage: usize, index: usize) {
        for (offset, item) in cells::items(&cell.text) {
            let line = cell.line + offset;
            let mut problems = Vec::new();
            let draft = cells::read_action(item, &mut problems);
            for problem in problems {
                self.note(line, format!("actions: {problem}"));
            }
            let Draft {
                text,
                done,
                principle,
                owner,
                due,
                follow_up,
                id,
            } = draft;
            let Some(principle) = principle else {
                self.note(
                    line,
                    format!(
                        "actions: the action `{}` is left out: an action needs a principle",
                        shown(item)
                    ),
                );
                continue;
            };
            let actions = &self.stages[stage].touchpoints[index].actions;
            let at = actions.len();
            let id = match self.claim(id.as_deref().map(|id| (id, line)), "action id") {
                Some(id) => ActionId::parse(&id).expect("checked"),
                None => {
                    self.pending.push(Pending::Action(stage, index, at));
                    ActionId::parse("pending").expect("a valid id")
                }
            };
            let mut action = Action::new(id, text, principle);
            action.done = done;
            action.owner = owner;
            action.due = due;
            action.follow_up = follow_up;
            self.stages[stage].touchpoints[index].actions.push(action);
        }
    }

    /// Fresh ids where they are due, links checked, and the map.
    fn finish(mut self, title: &str) -> Result<Imported, ImportError> {
        for pending in std::mem::take(&mut self.pending) {
            let used = &mut self.used;
            let fresh = match pending {
                Pending::Stage(s) => {
                    let id = StageId::fresh(|id| used.contains(id));
                    let fresh = id.as_str().to_owned();
                    self.stages[s].id = id;
                    fresh
                }
                Pending::Touchpoint(s, t) => {
                    let id = TouchpointId::fresh(|id| used.contains(id));
                    let fresh = id.as_str().to_owned();
                    self.stages[s].touchpoints[t].id = id;
                    fresh
                }
                Pending::Action(s, t, a) => {
                    let id = ActionId::fresh(|id| used.contains(id));
                    let fresh = id.as_str().to_owned();
                    self.stages[s].touchpoints[t].actions[a].id = id;
                    fresh
                }
            };
            used.insert(fresh);
        }
        self.check_links();
        self.notes.sort_by_key(|n| n.line);
        let map = Map {
            title: self.title.unwrap_or_else(|| title.to_owned()),
            persona: self.persona.unwrap_or_default(),
            personas: Vec::new(),
            stages: self.stages.into_iter().map(Into::into).collect(),
            conflicts: Vec::new(),
        };
        Imported::checked(map, self.notes)
    }

    fn check_links(&mut self) {
        let touchpoints: HashSet<String> = self
            .stages
            .iter()
            .flat_map(|s| s.touchpoints.iter().map(|t| t.id.as_str().to_owned()))
            .collect();
        for (stage, index, id, line) in std::mem::take(&mut self.links) {
            let tp = &mut self.stages[stage].touchpoints[index];
            if tp.id.as_str() == id {
                self.notes.push(Note { line, message: format!("root_cause_touchpoint `{}` is the touchpoint itself; left without a root cause", shown(&id)) });
            } else if touchpoints.contains(&id) {
                tp.root_cause = Some(RootCause::Touchpoint(
                    TouchpointId::parse(&id).expect("an id in the map"),
                ));
            } else {
                self.notes.push(Note { line, message: format!("root_cause_touchpoint `{}` is no touchpoint's id here; left without a root cause", shown(&id)) });
            }
        }
    }
}

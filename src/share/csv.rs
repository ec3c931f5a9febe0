//! The map as CSV, one row per touchpoint, for a spreadsheet and back.
//!
//! The columns are [`COLUMNS`], in that order, under a header row; every row
//! carries its stage (id and name) and the map's title and persona, so that
//! rows may be sorted, filtered or added in any order. A stage without
//! touchpoints is a row with only its stage (and map) cells; a map without
//! stages is a row with only the map's cells. Lists sit in one cell, one item
//! a line, in the forms of `cells.rs`. The file is UTF-8 with a byte-order
//! mark (which Excel needs to read it as UTF-8), records end in `\n` (as the
//! map file's lines do; every spreadsheet reads them), and cells are quoted
//! as RFC 4180 has it.
//!
//! `import` reads such a file back to the same map, and is as lenient as
//! spreadsheets are: columns in any order, unknown ones noted and left out,
//! missing ones empty (and noted, with what the map will lack), `;` or tab
//! for a separator, CRLF, no byte-order mark, Windows-1252 instead of UTF-8
//! (Excel's plain "CSV"; noted, `encoding.rs`).
//! What it cannot hold as written is a `Note` at its line (`import.rs`).
//! Merge conflicts and personas (with their own scores) do not travel in
//! CSV, a table of touchpoints with no place for the map's list of people:
//! [`left_out`] says so.

mod cells;
mod encoding;
mod import;
mod records;

pub use import::import;

/// For other tables cxmap writes as CSV (`cxmap history`): a text cell,
/// escaped and guarded as this export's are, and a record.
pub use cells::text as text_cell;
pub use records::{BOM, write as write_record};

use crate::model::{Emotion, Map, RootCause, Stage, Touchpoint};

/// A column of the CSV: what it holds, by the name in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    StageId,
    Stage,
    TouchpointId,
    Touchpoint,
    Channel,
    Wish,
    Emotion,
    ToBeEmotion,
    Evidence,
    Basis,
    AtRisk,
    RootCause,
    RootCauseTouchpoint,
    Description,
    Verbatims,
    Actions,
    MapTitle,
    MapPersona,
}

/// Every column, in the order the export writes them.
const COLUMNS: [Column; 18] = [
    Column::StageId,
    Column::Stage,
    Column::TouchpointId,
    Column::Touchpoint,
    Column::Channel,
    Column::Wish,
    Column::Emotion,
    Column::ToBeEmotion,
    Column::Evidence,
    Column::Basis,
    Column::AtRisk,
    Column::RootCause,
    Column::RootCauseTouchpoint,
    Column::Description,
    Column::Verbatims,
    Column::Actions,
    Column::MapTitle,
    Column::MapPersona,
];

impl Column {
    /// Its name in the header: the map file's field name where there is one.
    fn name(self) -> &'static str {
        match self {
            Column::StageId => "stage_id",
            Column::Stage => "stage",
            Column::TouchpointId => "touchpoint_id",
            Column::Touchpoint => "touchpoint",
            Column::Channel => "channel",
            Column::Wish => "wish",
            Column::Emotion => "emotion",
            Column::ToBeEmotion => "to_be_emotion",
            Column::Evidence => "evidence",
            Column::Basis => "basis",
            Column::AtRisk => "at_risk",
            Column::RootCause => "root_cause",
            Column::RootCauseTouchpoint => "root_cause_touchpoint",
            Column::Description => "description",
            Column::Verbatims => "verbatims",
            Column::Actions => "actions",
            Column::MapTitle => "map_title",
            Column::MapPersona => "map_persona",
        }
    }

    /// The column a header names: its name or a label people use for it,
    /// in any case, with spaces, `-` or `_` between words.
    fn from_header(header: &str) -> Option<Column> {
        let key = header.trim().to_lowercase().replace([' ', '-'], "_");
        let alias = match key.as_str() {
            "stage_name" => Some(Column::Stage),
            "touchpoint_name" | "name" => Some(Column::Touchpoint),
            "target" | "to_be" => Some(Column::ToBeEmotion),
            "customer_words" | "their_words" => Some(Column::Verbatims),
            "title" => Some(Column::MapTitle),
            "persona" => Some(Column::MapPersona),
            _ => None,
        };
        alias.or_else(|| COLUMNS.into_iter().find(|c| c.name() == key))
    }

    /// Whether it belongs to a touchpoint (a row with any of these filled
    /// is a touchpoint).
    fn of_touchpoint(self) -> bool {
        !matches!(
            self,
            Column::StageId | Column::Stage | Column::MapTitle | Column::MapPersona
        )
    }
}

/// The map as CSV: a byte-order mark, the header, a row per touchpoint.
pub fn export(map: &Map) -> String {
    let mut out = String::from(records::BOM);
    let header: Vec<String> = COLUMNS.iter().map(|c| c.name().to_owned()).collect();
    records::write(&mut out, &header);
    if map.stages.is_empty() {
        records::write(&mut out, &row(map, None, None));
    }
    for stage in &map.stages {
        if stage.touchpoints.is_empty() {
            records::write(&mut out, &row(map, Some(stage), None));
        }
        for tp in &stage.touchpoints {
            records::write(&mut out, &row(map, Some(stage), Some(tp)));
        }
    }
    out
}

/// What the CSV leaves out of `map`, if anything, in a sentence.
pub fn left_out(map: &Map) -> Option<String> {
    let mut said = Vec::new();
    match map.conflicts.len() {
        0 => {}
        n => said.push(format!(
            "the CSV leaves out the map's {} from a merge (it holds our side); settle {} first to keep theirs (`cxmap check` lists them)",
            if n == 1 {
                "conflict".to_owned()
            } else {
                format!("{n} conflicts")
            },
            if n == 1 { "it" } else { "them" }
        )),
    }
    match map.personas.len() {
        0 => {}
        n => said.push(format!(
            "the CSV leaves out the map's {} and {} own scores (the map-wide scores are in it); export JSON to keep them",
            if n == 1 {
                "persona".to_owned()
            } else {
                format!("{n} personas")
            },
            if n == 1 { "its" } else { "their" }
        )),
    }
    (!said.is_empty()).then(|| said.join("; "))
}

/// One row's cells, in [`COLUMNS`] order.
fn row(map: &Map, stage: Option<&Stage>, tp: Option<&Touchpoint>) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|&column| match (column, stage, tp) {
            (Column::MapTitle, ..) => cells::text(&map.title),
            (Column::MapPersona, ..) => cells::text(&map.persona),
            (Column::StageId, Some(stage), _) => cells::text(stage.id.as_str()),
            (Column::Stage, Some(stage), _) => cells::text(&stage.name),
            (column, _, Some(tp)) => touchpoint_cell(column, tp),
            _ => String::new(),
        })
        .collect()
}

fn touchpoint_cell(column: Column, tp: &Touchpoint) -> String {
    let score = |e: Option<Emotion>| e.map_or_else(String::new, |e| e.value().to_string());
    match column {
        Column::TouchpointId => cells::text(tp.id.as_str()),
        Column::Touchpoint => cells::text(&tp.name),
        Column::Channel => cells::text(&tp.channel),
        Column::Wish => tp.wish.map_or_else(String::new, |w| w.name().to_owned()),
        Column::Emotion => score(tp.emotion),
        Column::ToBeEmotion => score(tp.to_be_emotion),
        Column::Evidence => tp.evidence.to_string(),
        Column::Basis => format!("{:?}", tp.basis),
        Column::AtRisk => cells::at_risk(&tp.at_risk),
        Column::RootCause => match &tp.root_cause {
            // An empty cell is no cause; a guard alone is one without words.
            Some(RootCause::Text(text)) if text.is_empty() => "'".to_owned(),
            Some(RootCause::Text(text)) => cells::text(text),
            _ => String::new(),
        },
        Column::RootCauseTouchpoint => match &tp.root_cause {
            Some(RootCause::Touchpoint(id)) => cells::text(id.as_str()),
            _ => String::new(),
        },
        Column::Description => cells::text(&tp.description),
        Column::Verbatims => cells::verbatims(&tp.verbatims),
        Column::Actions => cells::actions(&tp.actions),
        Column::StageId | Column::Stage | Column::MapTitle | Column::MapPersona => String::new(),
    }
}

#[cfg(test)]
mod tests;

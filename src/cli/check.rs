//! `cxmap check`: the CX-mistake findings, one per line like a compiler's.

use super::style::{BOLD, DIM, ERROR, WARNING, note, out, paint};
use super::{CheckFormat, Outcome};
use crate::model::{Conflict, Date, Finding, Map, check};
use crate::storage::{self, LineIndex, Loaded};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The code for a conflict a merge left in the map: an error, not a CX mistake.
pub const CONFLICT_CODE: &str = "CX000";

/// `cxmap check FILE...`: the findings of every file as text or JSON, then
/// (as text) how many were found; exit 2 when a file could not be read, 1
/// when something was found.
pub fn run(files: &[PathBuf], format: CheckFormat, today: Date) -> Outcome {
    let mut report = Report {
        format,
        text: String::new(),
        records: Vec::new(),
        findings: 0,
    };
    let mut unread = 0;
    for path in files {
        match storage::load(path) {
            Ok(loaded) => report.file(path, &loaded, today),
            Err(error) => {
                note(&error.to_string());
                unread += 1;
            }
        }
    }
    let failed = unread > 0;
    let findings = report.findings;
    out(&report.finish());
    if let CheckFormat::Text = format {
        let files_word = |n: usize| if n == 1 { "file" } else { "files" };
        let found = match findings {
            0 => "no findings".to_owned(),
            1 => "1 finding".to_owned(),
            n => format!("{n} findings"),
        };
        // Only the files that were read were checked.
        let read = files.len() - unread;
        let mut summary = format!("{found} in {read} {} (as of {today})", files_word(read));
        if unread > 0 {
            summary.push_str(&format!(
                "; {unread} {} could not be read",
                files_word(unread)
            ));
        }
        note(&paint(DIM, &summary));
    }
    if failed {
        Outcome::Failure
    } else if findings > 0 {
        Outcome::Attention
    } else {
        Outcome::Success
    }
}

/// What `check` found in the files so far: lines of text, or JSON records.
struct Report {
    format: CheckFormat,
    text: String,
    records: Vec<Value>,
    /// Conflicts and findings, counted.
    findings: usize,
}

impl Report {
    /// Adds one map's conflicts, then its findings as of `today`, each at
    /// the line of the item it is about.
    fn file(&mut self, path: &Path, loaded: &Loaded, today: Date) {
        let lines = LineIndex::new(&loaded.text);
        for conflict in &loaded.map.conflicts {
            let line = lines.line_of(conflict.item_id()).unwrap_or(1);
            self.conflict(path, line, conflict, &loaded.map);
        }
        for finding in check(&loaded.map, today) {
            let id = finding
                .action
                .map_or(finding.touchpoint.id.as_str(), |a| a.id.as_str());
            let line = lines.line_of(id).unwrap_or(1);
            self.finding(path, line, &finding);
        }
    }

    /// A conflict a merge left in `map`: an error, with how to settle it.
    fn conflict(&mut self, path: &Path, line: usize, conflict: &Conflict, map: &Map) {
        self.findings += 1;
        let message = format!("unresolved merge conflict: {}", conflict.describe(map));
        let hint = "open the map in cxmap and keep ours (o) or take theirs (t), or edit the file and delete the conflict";
        match self.format {
            CheckFormat::Text => {
                let location = paint(BOLD, &format!("{}:{line}", path.display()));
                let _ = writeln!(
                    self.text,
                    "{location}: {} {}: {message}",
                    paint(BOLD, CONFLICT_CODE),
                    paint(ERROR, "error")
                );
                let _ = writeln!(self.text, "  {}", paint(DIM, &format!("hint: {hint}")));
            }
            CheckFormat::Json => self.records.push(json!({
                "path": path.display().to_string(),
                "line": line,
                "code": CONFLICT_CODE,
                "severity": "error",
                "mistake": "unresolved merge conflict",
                "item": conflict.item_id(),
                "field": conflict.field_name(),
                "message": message,
                "hint": hint,
            })),
        }
    }

    /// A CX-mistake finding: a warning, with its hint.
    fn finding(&mut self, path: &Path, line: usize, finding: &Finding<'_>) {
        self.findings += 1;
        match self.format {
            CheckFormat::Text => {
                let _ = writeln!(
                    self.text,
                    "{}: {} {}: {}",
                    paint(BOLD, &format!("{}:{line}", path.display())),
                    paint(BOLD, &finding.code.to_string()),
                    paint(WARNING, "warning"),
                    finding.message()
                );
                let _ = writeln!(
                    self.text,
                    "  {}",
                    paint(DIM, &format!("hint: {}", finding.hint()))
                );
            }
            CheckFormat::Json => self.records.push(json!({
                "path": path.display().to_string(),
                "line": line,
                "code": finding.code,
                "severity": "warning",
                "mistake": finding.code.mistake(),
                "stage": { "id": finding.stage.id, "name": finding.stage.name },
                "touchpoint": { "id": finding.touchpoint.id, "name": finding.touchpoint.name },
                "action": finding.action.map(|a| json!({ "id": a.id, "text": a.text })),
                "message": finding.message(),
                "hint": finding.hint(),
            })),
        }
    }

    /// The report to print: the lines, or the records as one JSON array.
    fn finish(self) -> String {
        match self.format {
            CheckFormat::Text => self.text,
            CheckFormat::Json => super::style::json(&Value::Array(self.records)),
        }
    }
}

//! `cxmap check`: the CX-mistake findings, one per line like a compiler's.

use super::style::{BOLD, DIM, ERROR, WARNING, note, out, paint};
use super::{CheckFormat, Outcome};
use crate::model::{Date, check};
use crate::storage::{self, LineIndex};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::PathBuf;

/// The code for a conflict a merge left in the map: an error, not a CX mistake.
pub const CONFLICT_CODE: &str = "CX000";

pub fn run(files: &[PathBuf], format: CheckFormat, today: Date) -> Outcome {
    let mut text = String::new();
    let mut records = Vec::new();
    let (mut findings, mut failed) = (0usize, false);
    for path in files {
        let loaded = match storage::load(path) {
            Ok(loaded) => loaded,
            Err(error) => {
                note(&error.to_string());
                failed = true;
                continue;
            }
        };
        let lines = LineIndex::new(&loaded.text);
        for conflict in &loaded.map.conflicts {
            findings += 1;
            let line = lines.line_of(conflict.item_id()).unwrap_or(1);
            let message = format!(
                "unresolved merge conflict: {}",
                conflict.describe(&loaded.map)
            );
            let hint = "open the map in cxmap and keep ours (o) or take theirs (t), or edit the file and delete the conflict";
            match format {
                CheckFormat::Text => {
                    let location = paint(BOLD, &format!("{}:{line}", path.display()));
                    let _ = writeln!(
                        text,
                        "{location}: {} {}: {message}",
                        paint(BOLD, CONFLICT_CODE),
                        paint(ERROR, "error")
                    );
                    let _ = writeln!(text, "  {}", paint(DIM, &format!("hint: {hint}")));
                }
                CheckFormat::Json => records.push(json!({
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
        for finding in check(&loaded.map, today) {
            findings += 1;
            let id = finding
                .action
                .map_or(finding.touchpoint.id.as_str(), |a| a.id.as_str());
            let line = lines.line_of(id).unwrap_or(1);
            match format {
                CheckFormat::Text => {
                    let _ = writeln!(
                        text,
                        "{}: {} {}: {}",
                        paint(BOLD, &format!("{}:{line}", path.display())),
                        paint(BOLD, &finding.code.to_string()),
                        paint(WARNING, "warning"),
                        finding.message()
                    );
                    let _ = writeln!(
                        text,
                        "  {}",
                        paint(DIM, &format!("hint: {}", finding.hint()))
                    );
                }
                CheckFormat::Json => records.push(json!({
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
    }
    if let CheckFormat::Json = format {
        text =
            serde_json::to_string_pretty(&Value::Array(records)).expect("JSON values always print");
        text.push('\n');
    }
    out(&text);
    if let CheckFormat::Text = format {
        let files_word = if files.len() == 1 { "file" } else { "files" };
        let found = match findings {
            0 => "no findings".to_owned(),
            1 => "1 finding".to_owned(),
            n => format!("{n} findings"),
        };
        note(&paint(
            DIM,
            &format!("{found} in {} {files_word} (as of {today})", files.len()),
        ));
    }
    if failed {
        Outcome::Failure
    } else if findings > 0 {
        Outcome::Attention
    } else {
        Outcome::Success
    }
}

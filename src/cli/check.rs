//! `cxmap check`: the CX-mistake findings, one per line like a compiler's;
//! as JSON records; as GitHub Actions workflow commands, which annotate the
//! lines of a pull request; or as a SARIF log for code scanning (`sarif.rs`).

use super::style::{BOLD, DIM, ERROR, WARNING, note, out, paint};
use super::{CheckFormat, FailOn, Outcome};
use crate::model::{
    Conflict, Date, Finding, Map, ShortOfResearch, check, short_of_research, stats,
};
use crate::storage::{self, LineIndex, LoadError, Loaded};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The code for a conflict a merge left in the map: an error, not a CX mistake.
pub const CONFLICT_CODE: &str = "CX000";

/// What a merge conflict is called, beside the CX mistakes.
pub const CONFLICT_MISTAKE: &str = "unresolved merge conflict";

const CONFLICT_HINT: &str = "open the map in cxmap and keep ours (o) or take theirs (t), or edit the file and delete the conflict";

/// What `check` is asked: the date that decides what is overdue, and the
/// team's research line (CX007), if any.
#[derive(Clone, Copy)]
pub struct Asked {
    pub today: Date,
    pub min_research: Option<u8>,
}

/// `cxmap check FILE...`: the findings of every file in `format`, then (as
/// text, and beside GitHub's commands) how many were found; exit 2 when a
/// file could not be read, 1 when something `fail_on` names was found.
pub fn run(files: &[PathBuf], format: CheckFormat, fail_on: FailOn, asked: Asked) -> Outcome {
    let today = asked.today;
    let mut report = Vec::new();
    for path in files {
        match storage::load(path) {
            Ok(loaded) => file(
                &mut report,
                path,
                &loaded,
                asked,
                matches!(format, CheckFormat::Json),
            ),
            Err(error) => {
                note(&error.to_string());
                report.push(Entry::Unread(Unread::new(path, &error)));
            }
        }
    }
    let findings = report
        .iter()
        .filter(|e| matches!(e, Entry::Found(_)))
        .count();
    let unread = report.len() - findings;
    let failing = match fail_on {
        FailOn::Warning => findings,
        FailOn::Error => report
            .iter()
            .filter(|e| matches!(e, Entry::Found(found) if found.error))
            .count(),
        FailOn::Never => 0,
    };
    let print = |text: &str| match format {
        // Workflow commands by design, their map text escaped for the
        // runner; only the older `##[` form, which it reads anywhere in a
        // line, is left to break.
        CheckFormat::Github => super::style::out_exact(&text.replace("##[", "\\u{23}#[")),
        _ => out(text),
    };
    print(&match format {
        CheckFormat::Text => text(&report),
        CheckFormat::Json => super::style::json(&Value::Array(
            report
                .iter()
                .filter_map(|e| match e {
                    Entry::Found(found) => found.json.clone(),
                    Entry::Unread(_) => None,
                })
                .collect(),
        )),
        CheckFormat::Github => github(&report),
        CheckFormat::Sarif => super::style::json(&super::sarif::log(&report)),
    });
    if let CheckFormat::Text | CheckFormat::Github = format {
        note(&paint(
            DIM,
            &summary(findings, files.len() - unread, unread, today),
        ));
    }
    if unread > 0 {
        Outcome::Failure
    } else if failing > 0 {
        Outcome::Attention
    } else {
        Outcome::Success
    }
}

/// "2 findings in 1 file (as of 2026-11-23); 1 file could not be read".
fn summary(findings: usize, read: usize, unread: usize, today: Date) -> String {
    let files_word = |n: usize| if n == 1 { "file" } else { "files" };
    let found = match findings {
        0 => "no findings".to_owned(),
        1 => "1 finding".to_owned(),
        n => format!("{n} findings"),
    };
    // Only the files that were read were checked.
    let mut summary = format!("{found} in {read} {} (as of {today})", files_word(read));
    if unread > 0 {
        let _ = write!(
            summary,
            "; {unread} {} could not be read",
            files_word(unread)
        );
    }
    summary
}

/// What `check` says about one file, in the order of the files and, within
/// a file, conflicts first, then findings in journey order.
pub enum Entry {
    Found(Found),
    Unread(Unread),
}

/// A conflict or a finding, with everything each format shows of it.
pub struct Found {
    pub path: PathBuf,
    /// 1-based, at the `id` of the item it is about (the file's start for
    /// the map's own fields).
    pub line: usize,
    /// 1-based, in characters (Unicode code points).
    pub column: usize,
    pub code: String,
    /// A merge conflict; a CX mistake is a warning.
    pub error: bool,
    pub mistake: &'static str,
    pub message: String,
    pub hint: &'static str,
    /// What it is about, whatever line it moves to: the item's id, and for
    /// a conflict the field's name.
    pub about: String,
    /// Its JSON form, made only for `--format json`.
    json: Option<Value>,
}

/// A file that could not be read or parsed, at the place that says why.
pub struct Unread {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    /// Why, without the path.
    pub message: String,
}

impl Unread {
    fn new(path: &Path, error: &LoadError) -> Unread {
        let (line, column, message) = match error {
            LoadError::Parse { error, .. } => (
                error.line,
                error.column,
                crate::text::printable(&error.message),
            ),
            LoadError::Io { .. } => {
                let said = error.to_string();
                let shown = crate::text::printable(&path.display().to_string());
                let message = said
                    .strip_prefix(&format!("{shown}: "))
                    .map_or_else(|| said.clone(), str::to_owned);
                (1, 1, message)
            }
        };
        Unread {
            path: path.to_owned(),
            line,
            column,
            message,
        }
    }
}

/// Adds one map's conflicts, then its findings as of `today`, each at the
/// `id` of the item it is about, then the stages and the map under the
/// research line (a stage at its `id`, the map at its `title`); with their
/// JSON form when `json`.
fn file(report: &mut Vec<Entry>, path: &Path, loaded: &Loaded, asked: Asked, json: bool) {
    let today = asked.today;
    let lines = LineIndex::new(&loaded.text);
    let place = |id: &str| lines.nth_place_of(id, 0).unwrap_or((1, 1));
    for conflict in &loaded.map.conflicts {
        let (line, column) = place(conflict.item_id());
        report.push(Entry::Found(conflict_entry(
            path,
            (line, column),
            conflict,
            &loaded.map,
            json,
        )));
    }
    for finding in check(&loaded.map, today) {
        let id = finding
            .action
            .map_or(finding.touchpoint.id.as_str(), |a| a.id.as_str());
        report.push(Entry::Found(finding_entry(path, place(id), &finding, json)));
    }
    if let Some(min) = asked.min_research {
        let figures = stats(&loaded.map, today);
        for short in short_of_research(&loaded.map, &figures, min) {
            let at = match short.stage {
                Some((_, stage)) => place(stage.id.as_str()),
                None => storage::field_place(&loaded.text, "title").unwrap_or((1, 1)),
            };
            report.push(Entry::Found(research_entry(path, at, &short, json)));
        }
    }
}

/// A stage or the map under the research line (CX007): a warning, about
/// the stage's id or `map`, the id that names the map itself.
fn research_entry(path: &Path, at: (usize, usize), short: &ShortOfResearch, json: bool) -> Found {
    let code = ShortOfResearch::CODE;
    let stage = short.stage.map(|(_, stage)| stage);
    let json = json.then(|| {
        let figures = &short.figures;
        json!({
            "path": path.display().to_string(),
            "line": at.0,
            "code": code,
            "severity": "warning",
            "mistake": code.mistake(),
            "stage": stage.map(|s| json!({ "id": s.id, "name": s.name })),
            "touchpoint": null,
            "action": null,
            "research": {
                "touchpoints": figures.touchpoints,
                "research": figures.research,
                "percent": figures.research_percent(),
                "min_percent": short.min_percent,
            },
            "message": short.message(),
            "hint": short.hint(),
        })
    });
    Found {
        path: path.to_owned(),
        line: at.0,
        column: at.1,
        code: code.to_string(),
        error: false,
        mistake: code.mistake(),
        message: short.message(),
        hint: short.hint(),
        about: stage.map_or("map", |s| s.id.as_str()).to_owned(),
        json,
    }
}

/// A conflict a merge left in `map`: an error, with how to settle it.
fn conflict_entry(
    path: &Path,
    at: (usize, usize),
    conflict: &Conflict,
    map: &Map,
    json: bool,
) -> Found {
    let message = format!("{CONFLICT_MISTAKE}: {}", conflict.describe(map));
    let json = json.then(|| {
        json!({
            "path": path.display().to_string(),
            "line": at.0,
            "code": CONFLICT_CODE,
            "severity": "error",
            "mistake": CONFLICT_MISTAKE,
            "item": conflict.item_id(),
            "field": conflict.field_name(),
            "message": message,
            "hint": CONFLICT_HINT,
        })
    });
    Found {
        path: path.to_owned(),
        line: at.0,
        column: at.1,
        code: CONFLICT_CODE.to_owned(),
        error: true,
        mistake: CONFLICT_MISTAKE,
        message,
        hint: CONFLICT_HINT,
        about: format!("{}/{}", conflict.item_id(), conflict.field_name()),
        json,
    }
}

/// A CX-mistake finding: a warning, with its hint.
fn finding_entry(path: &Path, at: (usize, usize), finding: &Finding<'_>, json: bool) -> Found {
    let json = json.then(|| {
        json!({
            "path": path.display().to_string(),
            "line": at.0,
            "code": finding.code,
            "severity": "warning",
            "mistake": finding.code.mistake(),
            "stage": { "id": finding.stage.id, "name": finding.stage.name },
            "touchpoint": { "id": finding.touchpoint.id, "name": finding.touchpoint.name },
            "action": finding.action.map(|a| json!({ "id": a.id, "text": a.text })),
            "message": finding.message(),
            "hint": finding.hint(),
        })
    });
    let about = finding
        .action
        .map_or(finding.touchpoint.id.as_str(), |a| a.id.as_str());
    Found {
        path: path.to_owned(),
        line: at.0,
        column: at.1,
        code: finding.code.to_string(),
        error: false,
        mistake: finding.code.mistake(),
        message: finding.message(),
        hint: finding.hint(),
        about: about.to_owned(),
        json,
    }
}

/// Like a compiler: `path:line: CODE severity: message`, then the hint.
/// A file that could not be read was said on stderr already.
fn text(report: &[Entry]) -> String {
    let mut text = String::new();
    for found in report.iter().filter_map(|e| match e {
        Entry::Found(found) => Some(found),
        Entry::Unread(_) => None,
    }) {
        let severity = if found.error {
            paint(ERROR, "error")
        } else {
            paint(WARNING, "warning")
        };
        let _ = writeln!(
            text,
            "{}: {} {severity}: {}",
            paint(BOLD, &format!("{}:{}", found.path.display(), found.line)),
            paint(BOLD, &found.code),
            found.message
        );
        let _ = writeln!(text, "  {}", paint(DIM, &format!("hint: {}", found.hint)));
    }
    text
}

/// One GitHub Actions workflow command per entry (`::warning file=..::..`),
/// which the runner turns into an annotation on that line of the pull
/// request; a file that could not be read is an `::error` too, so that the
/// pull request shows it.
fn github(report: &[Entry]) -> String {
    let mut text = String::new();
    for entry in report {
        let (command, path, line, column, title, message) = match entry {
            Entry::Found(f) => (
                if f.error { "error" } else { "warning" },
                &f.path,
                f.line,
                f.column,
                format!("{} {}", f.code, f.mistake),
                format!("{}\nhint: {}", f.message, f.hint),
            ),
            Entry::Unread(u) => (
                "error",
                &u.path,
                u.line,
                u.column,
                "cxmap could not read this map".to_owned(),
                u.message.clone(),
            ),
        };
        let _ = writeln!(
            text,
            "::{command} file={},line={line},col={column},title={}::{}",
            github_property(&path.display().to_string()),
            github_property(&title),
            github_data(&message)
        );
    }
    text
}

/// A command's message as the runner reads it back: `%`, CR and LF escaped
/// (as `@actions/core`'s `escapeData` does), so that a line break stays in
/// the message instead of ending the command.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as [`github_data`], and `:` and `,` too,
/// which would end the value (`escapeProperty`).
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_what_would_end_a_message_or_a_property() {
        assert_eq!(
            github_data("50% off\r\nnext: a, b"),
            "50%25 off%0D%0Anext: a, b"
        );
        assert_eq!(
            github_property("maps/a,b:c%d\ne.ron"),
            "maps/a%2Cb%3Ac%25d%0Ae.ron"
        );
        // `%` first: an escape already in the text is not read back as one.
        assert_eq!(github_data("%0A"), "%250A");
    }
}

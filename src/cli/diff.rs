//! `cxmap diff OLD NEW`: what changed, in sentences. Also git's external diff
//! (`cxmap diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`, and
//! for a rename `NEW-PATH SIMILARITY` after them), and
//! `cxmap textconv FILE`, a line-per-fact form for `git diff` and `git log -p`.

use super::Outcome;
use super::style::{BOLD, DIM, note, out, paint};
use crate::model::{Map, RootCause, diff};
use crate::storage;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// A map file, or no map at all for git's `/dev/null` (added or deleted files).
fn read(path: &Path) -> Result<Map, String> {
    if path == Path::new("/dev/null") {
        return Ok(Map::default());
    }
    storage::load(path)
        .map(|l| l.map)
        .map_err(|e| e.to_string())
}

pub fn run(args: &[PathBuf]) -> Outcome {
    let (label, old, new) = match args {
        [old, new] => (None, old, new),
        [path, old, _, _, new, _, _] => (Some(path), old, new),
        // A rename or copy: git adds the new path and how alike the two are.
        [path, old, _, _, new, _, _, _, _] => (Some(path), old, new),
        _ => {
            note(
                "cxmap diff takes OLD NEW, or the seven (nine for a rename) arguments git gives an external diff",
            );
            return Outcome::Failure;
        }
    };
    let (old_map, new_map) = match (read(old), read(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for error in [o.err(), n.err()].into_iter().flatten() {
                note(&error);
            }
            return Outcome::Failure;
        }
    };
    let changes = diff(&old_map, &new_map);
    let mut text = String::new();
    if let Some(path) = label {
        let _ = writeln!(
            text,
            "{}",
            paint(BOLD, &format!("cxmap diff {}", path.display()))
        );
    }
    if changes.is_empty() {
        let _ = writeln!(text, "{}", paint(DIM, "no changes to the map"));
    }
    for change in changes {
        let _ = writeln!(text, "{change}");
    }
    out(&text);
    Outcome::Success
}

/// The map as one line per fact, each naming its stage and touchpoint, so
/// that every line of a text diff says where it is. A file that does not
/// parse (mid-merge, say) is passed through as it is.
pub fn textconv(path: &Path) -> Outcome {
    let loaded = match storage::load(path) {
        Ok(loaded) => loaded,
        Err(error) if !error.is_not_found() => {
            return match storage::read(path) {
                // A file that does not load is shown as it is (`out` writes
                // its control characters out as escapes).
                Ok(bytes) => {
                    out(&String::from_utf8_lossy(&bytes));
                    Outcome::Success
                }
                Err(_) => Outcome::Failure,
            };
        }
        Err(error) => {
            note(&error.to_string());
            return Outcome::Failure;
        }
    };
    out(&flat(&loaded.map));
    Outcome::Success
}

pub fn flat(map: &Map) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "title: {}", map.title);
    if !map.persona.is_empty() {
        let _ = writeln!(s, "persona: {}", map.persona);
    }
    for stage in &map.stages {
        let _ = writeln!(s, "stage: {}", stage.name);
        for tp in &stage.touchpoints {
            let at = format!("{} › {}", stage.name, tp.name);
            let _ = writeln!(s, "{at}");
            let mut fact = |what: String| {
                let _ = writeln!(s, "{at} › {what}");
            };
            if !tp.channel.is_empty() {
                fact(format!("channel: {}", tp.channel));
            }
            fact(format!(
                "wish: {}",
                tp.wish.map_or("undecided", |w| w.name())
            ));
            fact(format!(
                "emotion: {}",
                tp.emotion.map_or("unscored".to_owned(), |e| e.to_string())
            ));
            fact(format!("evidence: {} ({:?})", tp.evidence, tp.basis));
            for p in &tp.at_risk {
                fact(format!("at risk: {}", p.title()));
            }
            match &tp.root_cause {
                Some(RootCause::Text(t)) => fact(format!("root cause: {t}")),
                Some(RootCause::Touchpoint(id)) => fact(format!(
                    "root cause: {}",
                    map.touchpoint(id).map_or(id.as_str(), |t| t.name.as_str())
                )),
                None => {}
            }
            for line in tp.description.lines() {
                fact(format!("description: {line}"));
            }
            for v in &tp.verbatims {
                let source = if v.source.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", v.source)
                };
                fact(format!("says: \"{}\"{source}", v.text));
            }
            for a in &tp.actions {
                let line = format!("action {}", crate::text::action_line(a, true, None));
                fact(line);
                if !a.follow_up.is_empty() {
                    fact(format!("action {} › follow-up: {}", a.text, a.follow_up));
                }
            }
        }
    }
    for c in &map.conflicts {
        let _ = writeln!(s, "CONFLICT {}", c.describe(map));
    }
    s
}

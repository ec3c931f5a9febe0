//! `cxmap diff OLD NEW`: what changed, in sentences. Also git's external diff
//! (`cxmap diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE`, and
//! for a rename `NEW-PATH SIMILARITY` after them), and
//! `cxmap textconv FILE`, a line-per-fact form for `git diff` and `git log -p`.

use super::Outcome;
use super::style::{BOLD, DIM, note, out, paint};
use crate::model::{ActionKey, Map, MapKey, TouchpointKey, diff};
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
    for key in MapKey::ALL {
        for fact in key.facts(map, map) {
            let _ = writeln!(s, "{}: {fact}", key.name());
        }
    }
    for stage in &map.stages {
        let _ = writeln!(s, "stage: {}", stage.name);
        for tp in &stage.touchpoints {
            let at = format!("{} › {}", stage.name, tp.name);
            let _ = writeln!(s, "{at}");
            let mut fact = |what: String| {
                let _ = writeln!(s, "{at} › {what}");
            };
            // The name is in every line already.
            for key in TouchpointKey::ALL
                .iter()
                .filter(|k| **k != TouchpointKey::Name)
            {
                for line in key.facts(tp, map) {
                    fact(format!("{}: {line}", key.label()));
                }
            }
            for a in &tp.actions {
                let line = format!("action {}", crate::text::action_line(a, true, None));
                fact(line);
                for line in ActionKey::FollowUp.facts(a, map) {
                    fact(format!(
                        "action {} › {}: {line}",
                        a.text,
                        ActionKey::FollowUp.label()
                    ));
                }
            }
        }
    }
    for c in &map.conflicts {
        let _ = writeln!(s, "CONFLICT {}", c.describe(map));
    }
    s
}

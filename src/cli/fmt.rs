//! `cxmap fmt`: rewrite maps in the canonical form, or `--check` that they are.
//! Hand-written comments are not kept; how many lines were dropped is said.

use super::Outcome;
use super::style::note;
use crate::storage::{self, comment_lines, to_canonical};
use std::path::PathBuf;

pub fn run(files: &[PathBuf], check_only: bool) -> Outcome {
    let (mut failed, mut differ) = (false, false);
    for path in files {
        let loaded = match storage::load(path) {
            Ok(loaded) => loaded,
            Err(error) => {
                note(&error.to_string());
                failed = true;
                continue;
            }
        };
        let canonical = to_canonical(&loaded.map);
        if canonical == loaded.text {
            continue;
        }
        if check_only {
            differ = true;
            note(&format!(
                "{}: not in canonical form (run `cxmap fmt {0}`)",
                path.display()
            ));
        } else if let Err(error) = storage::save(path, &loaded.map) {
            note(&error.to_string());
            failed = true;
        } else {
            note(&format!("formatted {}", path.display()));
            super::note_dropped_comments(
                "fmt",
                &path.display().to_string(),
                comment_lines(&loaded.text).len(),
            );
        }
    }
    if failed {
        Outcome::Failure
    } else if differ {
        Outcome::Attention
    } else {
        Outcome::Success
    }
}

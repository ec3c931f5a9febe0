//! `cxmap recover --list`: the recovery copies kept for maps with unsaved
//! changes when cxmap stopped. Opening the map in cxmap offers its copy back.

use super::Outcome;
use super::style::{DIM, note, out, paint};
use crate::storage::Recovery;
use std::fmt::Write;

pub fn list() -> Outcome {
    let Some(recovery) = Recovery::default_location() else {
        note("cxmap recover: this system has no folder for cxmap's state");
        return Outcome::Failure;
    };
    if let Err(why) = recovery.check() {
        note(&format!("cxmap recover: recovery copies are off: {why}"));
        return Outcome::Failure;
    }
    let entries = recovery.list();
    let mut text = String::new();
    if entries.is_empty() {
        let _ = writeln!(text, "No recovery copies in {}", recovery.dir().display());
    }
    for entry in &entries {
        let when = super::local_time(entry.modified, "%Y-%m-%d %H:%M").unwrap_or_default();
        let original = entry
            .original
            .as_ref()
            .map_or("(never saved)".to_owned(), |p| p.display().to_string());
        let state = if entry.in_use() {
            "in use: a running cxmap is writing it"
        } else if entry.original.is_some() {
            if entry.newer_than_file() {
                "newer than the file: open the file in cxmap to restore"
            } else {
                "older than the file: open the file in cxmap to compare and restore"
            }
        } else {
            "run cxmap with no file to restore the newest of these"
        };
        let _ = writeln!(text, "{when}  {original}  {}", paint(DIM, state));
        let _ = writeln!(
            text,
            "    {}",
            paint(DIM, &entry.copy.display().to_string())
        );
    }
    out(&text);
    Outcome::Success
}

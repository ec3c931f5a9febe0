//! `cxmap merge BASE OURS THEIRS [PATH]`: git's merge driver for maps. The
//! result goes into OURS (git's `%A`), in canonical form. Exit 0 when clean; 1
//! when conflicts were recorded in the map (it still loads, and `cxmap check`
//! lists them); 1 too when a file does not parse and git's own text merge was
//! used instead; 2 when even that could not be done. Hand-written comments
//! are not kept; how many lines were dropped is said on stderr.

use super::Outcome;
use super::style::note;
use crate::model::merge;
use crate::storage::{self, comment_lines};
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

pub fn run(base: &Path, ours: &Path, theirs: &Path, name: Option<&str>) -> Outcome {
    let name = name.map_or_else(|| ours.display().to_string(), str::to_owned);
    // Git hands the driver a file of its own; a link here would have the
    // merge (or the text merge it falls back to) write into whatever the
    // link points at.
    if std::fs::symlink_metadata(ours).is_ok_and(|m| m.file_type().is_symlink()) {
        note(&format!(
            "cxmap merge: {name}: OURS is a symbolic link; the merge writes its result only into a plain file, never through a link"
        ));
        return Outcome::Failure;
    }
    let loaded = [base, ours, theirs].map(storage::load);
    let [Ok(b), Ok(o), Ok(t)] = &loaded else {
        for error in loaded.iter().filter_map(|l| l.as_ref().err()) {
            note(&format!("cxmap merge: {name}: {error}"));
        }
        note(&format!(
            "cxmap merge: {name}: falling back to git's text merge"
        ));
        return text_merge(base, ours, theirs, &name);
    };
    let merged = merge(&b.map, &o.map, &t.map);
    if let Err(error) = storage::save(ours, &merged) {
        note(&format!("cxmap merge: {error}"));
        return Outcome::Failure;
    }
    super::note_dropped_comments("merge", &name, dropped_comments(&b.text, &o.text, &t.text));
    if merged.conflicts.is_empty() {
        return Outcome::Success;
    }
    note(&format!(
        "cxmap merge: {name}: {} conflict{} kept in the map; settle them in cxmap (Checks view) or by hand, then commit:",
        merged.conflicts.len(),
        if merged.conflicts.len() == 1 { "" } else { "s" }
    ));
    for conflict in &merged.conflicts {
        note(&format!("  {}", conflict.describe(&merged)));
    }
    Outcome::Attention
}

/// Lines of comments that the merged map, written without any, loses: all
/// of ours (the file it replaces), and those theirs added that neither base
/// nor ours has. One that ours removed is nobody's loss.
fn dropped_comments(base: &str, ours: &str, theirs: &str) -> usize {
    let ours = comment_lines(ours);
    let mut known: HashMap<String, usize> = HashMap::new();
    for line in comment_lines(base).into_iter().chain(ours.iter().cloned()) {
        *known.entry(line).or_default() += 1;
    }
    let added = comment_lines(theirs)
        .into_iter()
        .filter(|line| match known.get_mut(line) {
            Some(count) if *count > 0 => {
                *count -= 1;
                false
            }
            _ => true,
        })
        .count();
    ours.len() + added
}

/// git's own three-way text merge, into OURS, with conflict markers.
fn text_merge(base: &Path, ours: &Path, theirs: &Path, name: &str) -> Outcome {
    let status = Command::new("git")
        .args(["merge-file", "-L", "ours", "-L", "base", "-L", "theirs"])
        .args([ours, base, theirs])
        .status();
    match status {
        Ok(s) if s.code().is_some() => Outcome::Attention,
        Ok(_) | Err(_) => {
            note(&format!(
                "cxmap merge: {name}: git merge-file could not run; {} is unchanged",
                ours.display()
            ));
            Outcome::Failure
        }
    }
}

//! `cxmap recover [--list]`: the recovery copies kept for maps with unsaved
//! changes when cxmap stopped, with their age. Opening the map in cxmap
//! offers its copy back. `cxmap recover --clean [--older-than DAYS]` removes
//! old ones, saying which; never one that a running cxmap is writing.
//!
//! `--clean` removes only plain files with the names cxmap gives them
//! (`storage/recovery/names.rs`), copies and the files sessions left alike
//! no sooner than `--older-than` days after they were last written; it says
//! what it will remove before removing it. Anything else in the folder
//! (someone's notes, a link, a folder) is listed as left alone and is no
//! error: the exit code is 2 only when one of cxmap's own files could not be
//! removed.
//!
//! Every path printed has its control characters escaped (`Recovery::shown`):
//! a file's name, or `XDG_STATE_HOME`, may hold an escape code or a line
//! break.

use super::Outcome;
use super::style::{DIM, note, out, paint};
use crate::storage::{Recovery, RecoveryEntry, RecoveryLeftover, RecoveryStranger};
use std::fmt::Write;
use std::time::{Duration, SystemTime};

/// The recovery folder, if it may be read; else says why not.
fn location() -> Option<Recovery> {
    let Some(recovery) = Recovery::default_location() else {
        note("cxmap recover: this system has no folder for cxmap's state");
        return None;
    };
    if let Err(why) = recovery.check() {
        note(&format!("cxmap recover: recovery copies are off: {why}"));
        return None;
    }
    Some(recovery)
}

pub fn list() -> Outcome {
    let Some(recovery) = location() else {
        return Outcome::Failure;
    };
    let entries = recovery.list();
    let mut text = String::new();
    if entries.is_empty() {
        let _ = writeln!(
            text,
            "No recovery copies in {}",
            Recovery::shown(recovery.dir())
        );
    }
    let now = SystemTime::now();
    for entry in &entries {
        describe(&mut text, entry, now);
    }
    out(&text);
    Outcome::Success
}

/// `--clean`: removes the copies written at least `days` days ago that no
/// running cxmap holds, and the files that sessions which ended with
/// nothing to restore left as long ago; lists them first, then says what
/// went, what it kept and what in the folder is not cxmap's.
pub fn clean(days: u64) -> Outcome {
    let Some(recovery) = location() else {
        return Outcome::Failure;
    };
    let now = SystemTime::now();
    let mut sorted = Sorted::new(&recovery, days, now);
    // What goes, said before anything goes.
    out(&sorted.going(days, now));
    let removed = sorted.remove(&recovery);
    out(&sorted.outcome(&removed, days));
    if removed.failed {
        Outcome::Failure
    } else {
        Outcome::Success
    }
}

/// What `--clean` calls the files that are not copies.
const LEFT: &str = "left by sessions that ended with nothing to restore";

/// "1 recovery copy", "2 recovery copies".
fn copies(n: usize) -> String {
    format!("{n} recovery cop{}", if n == 1 { "y" } else { "ies" })
}

/// "1 file", "2 files".
fn files(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

/// The recovery folder's contents as `--clean` sorts them.
struct Sorted {
    /// Copies old enough and free: to remove.
    old: Vec<RecoveryEntry>,
    /// Copies written too recently: kept.
    recent: Vec<RecoveryEntry>,
    /// Copies old enough but held by a running cxmap: kept.
    busy: Vec<RecoveryEntry>,
    /// Files left by sessions, old enough: to remove.
    stale: Vec<RecoveryLeftover>,
    /// Files left by sessions, written too recently: kept.
    fresh: Vec<RecoveryLeftover>,
    /// Everything not cxmap's: left alone.
    strangers: Vec<RecoveryStranger>,
}

/// What removing did.
struct Removed {
    copies: usize,
    files: usize,
    /// Files a cxmap started meanwhile took up again: kept.
    taken: usize,
    /// One of cxmap's own files could not be removed.
    failed: bool,
}

impl Sorted {
    /// The folder's contents sorted by age (at least `days` days before
    /// `now` is old enough) and by whether a running cxmap holds them.
    fn new(recovery: &Recovery, days: u64, now: SystemTime) -> Sorted {
        let limit = Duration::from_secs(days.saturating_mul(86_400));
        let old_enough = |when: SystemTime| now.duration_since(when).is_ok_and(|age| age >= limit);
        let survey = recovery.survey();
        let (old, recent): (Vec<_>, Vec<_>) = survey
            .copies
            .into_iter()
            .partition(|e| old_enough(e.modified));
        let (busy, old): (Vec<_>, Vec<_>) = old.into_iter().partition(RecoveryEntry::in_use);
        let (stale, fresh): (Vec<_>, Vec<_>) = survey
            .leftovers
            .into_iter()
            .partition(|l| old_enough(l.modified));
        Sorted {
            old,
            recent,
            busy,
            stale,
            fresh,
            strangers: survey.strangers,
        }
    }

    /// What is about to be removed, copy by copy and file by file.
    fn going(&self, days: u64, now: SystemTime) -> String {
        let mut text = String::new();
        if !self.old.is_empty() {
            let since = match days {
                0 => "at any time".to_owned(),
                1 => "more than a day ago".to_owned(),
                _ => format!("more than {days} days ago"),
            };
            let _ = writeln!(text, "Removing {} written {since}:", copies(self.old.len()));
            for entry in &self.old {
                describe(&mut text, entry, now);
            }
        }
        if !self.stale.is_empty() {
            let since = match days {
                0 => String::new(),
                1 => ", last written more than a day ago".to_owned(),
                _ => format!(", last written more than {days} days ago"),
            };
            let _ = writeln!(text, "Removing {} {LEFT}{since}:", files(self.stale.len()));
            for leftover in &self.stale {
                let _ = writeln!(text, "    {}", paint(DIM, &Recovery::shown(&leftover.path)));
            }
        }
        text
    }

    /// Removes the old copies and the stale files, saying which could not
    /// be; a copy a cxmap took up meanwhile joins the busy ones.
    fn remove(&mut self, recovery: &Recovery) -> Removed {
        let mut failed = false;
        let mut cannot = |path: &std::path::Path, error: std::io::Error| {
            failed = true;
            note(&format!(
                "cxmap recover: cannot remove {}: {error}",
                Recovery::shown(path)
            ));
        };
        let mut removed = 0;
        for entry in std::mem::take(&mut self.old) {
            match recovery.remove(&entry) {
                Ok(true) => removed += 1,
                Ok(false) => self.busy.push(entry),
                Err(error) => cannot(&entry.copy, error),
            }
        }
        let (mut removed_files, mut taken) = (0, 0);
        for leftover in &self.stale {
            match recovery.remove_leftover(&leftover.path) {
                Ok(true) => removed_files += 1,
                Ok(false) => taken += 1,
                Err(error) => cannot(&leftover.path, error),
            }
        }
        Removed {
            copies: removed,
            files: removed_files,
            taken,
            failed,
        }
    }

    /// What went, what was kept and why, and what in the folder is not
    /// cxmap's.
    fn outcome(&self, removed: &Removed, days: u64) -> String {
        let mut text = String::new();
        let _ = writeln!(text, "Removed {}.", copies(removed.copies));
        if !self.stale.is_empty() {
            let _ = writeln!(text, "Removed {} {LEFT}.", files(removed.files));
        }
        let within = match days {
            1 => "the last day".to_owned(),
            _ => format!("the last {days} days"),
        };
        if !self.recent.is_empty() {
            let _ = writeln!(
                text,
                "Kept {} written in {within} (--older-than 0 removes them too).",
                copies(self.recent.len())
            );
        }
        if !self.fresh.is_empty() {
            let _ = writeln!(
                text,
                "Kept {} {LEFT}, written in {within} (--older-than 0 removes them too).",
                files(self.fresh.len())
            );
        }
        if !self.busy.is_empty() {
            let _ = writeln!(
                text,
                "Kept {} that a running cxmap is writing.",
                copies(self.busy.len())
            );
        }
        if removed.taken > 0 {
            let _ = writeln!(
                text,
                "Kept {} that a cxmap started meanwhile is using.",
                files(removed.taken)
            );
        }
        if !self.strangers.is_empty() {
            let _ = writeln!(text, "Left alone, not cxmap's:");
            for stranger in &self.strangers {
                let _ = writeln!(
                    text,
                    "    {}  {}",
                    Recovery::shown(&stranger.path),
                    paint(DIM, &format!("({})", stranger.why))
                );
            }
        }
        text
    }
}

/// A copy's two lines: when, whose, what to do with it; and where it is.
fn describe(text: &mut String, entry: &RecoveryEntry, now: SystemTime) {
    let when = super::local_time(entry.modified, "%Y-%m-%d %H:%M").unwrap_or_default();
    let when = format!("{when} ({})", ago(now, entry.modified));
    // Escaped: a file's name may hold a line break or an escape code.
    let original = entry
        .original
        .as_deref()
        .map_or("(never saved)".into(), Recovery::shown);
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
    let _ = writeln!(text, "    {}", paint(DIM, &Recovery::shown(&entry.copy)));
}

/// How long before `now` a copy was written, as a person says it.
fn ago(now: SystemTime, then: SystemTime) -> String {
    let seconds = now.duration_since(then).map_or(0, |d| d.as_secs());
    let (count, unit) = match seconds {
        0..60 => return "just now".to_owned(),
        60..3_600 => (seconds / 60, "minute"),
        3_600..86_400 => (seconds / 3_600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{plural} ago")
}

#[cfg(test)]
mod tests {
    use super::ago;
    use std::time::{Duration, SystemTime};

    #[test]
    fn ages_read_as_people_say_them() {
        let now = SystemTime::now();
        let before = |seconds| now - Duration::from_secs(seconds);
        assert_eq!(ago(now, before(5)), "just now");
        assert_eq!(ago(now, now + Duration::from_secs(30)), "just now");
        assert_eq!(ago(now, before(60)), "1 minute ago");
        assert_eq!(ago(now, before(5 * 60 + 59)), "5 minutes ago");
        assert_eq!(ago(now, before(3_600)), "1 hour ago");
        assert_eq!(ago(now, before(23 * 3_600)), "23 hours ago");
        assert_eq!(ago(now, before(86_400)), "1 day ago");
        assert_eq!(ago(now, before(3 * 86_400 + 7)), "3 days ago");
    }
}

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
use crate::storage::{Recovery, RecoveryEntry};
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
    let limit = Duration::from_secs(days.saturating_mul(86_400));
    let old_enough = |when: SystemTime| now.duration_since(when).is_ok_and(|age| age >= limit);
    let survey = recovery.survey();
    let (old, recent): (Vec<_>, Vec<_>) = survey
        .copies
        .into_iter()
        .partition(|e| old_enough(e.modified));
    let (mut busy, old): (Vec<_>, Vec<_>) = old.into_iter().partition(RecoveryEntry::in_use);
    let (stale, fresh): (Vec<_>, Vec<_>) = survey
        .leftovers
        .into_iter()
        .partition(|l| old_enough(l.modified));
    let copies = |n: usize| format!("{n} recovery cop{}", if n == 1 { "y" } else { "ies" });
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    const LEFT: &str = "left by sessions that ended with nothing to restore";

    // What goes, said before anything goes.
    let mut text = String::new();
    if !old.is_empty() {
        let since = match days {
            0 => "at any time".to_owned(),
            1 => "more than a day ago".to_owned(),
            _ => format!("more than {days} days ago"),
        };
        let _ = writeln!(text, "Removing {} written {since}:", copies(old.len()));
        for entry in &old {
            describe(&mut text, entry, now);
        }
    }
    if !stale.is_empty() {
        let since = match days {
            0 => String::new(),
            1 => ", last written more than a day ago".to_owned(),
            _ => format!(", last written more than {days} days ago"),
        };
        let _ = writeln!(text, "Removing {} {LEFT}{since}:", files(stale.len()));
        for leftover in &stale {
            let _ = writeln!(text, "    {}", paint(DIM, &Recovery::shown(&leftover.path)));
        }
    }
    out(&text);

    let mut failed = false;
    let mut cannot = |path: &std::path::Path, error: std::io::Error| {
        failed = true;
        note(&format!(
            "cxmap recover: cannot remove {}: {error}",
            Recovery::shown(path)
        ));
    };
    let mut removed = 0;
    for entry in old {
        match recovery.remove(&entry) {
            Ok(true) => removed += 1,
            Ok(false) => busy.push(entry),
            Err(error) => cannot(&entry.copy, error),
        }
    }
    let (mut removed_files, mut taken) = (0, 0);
    for leftover in &stale {
        match recovery.remove_leftover(&leftover.path) {
            Ok(true) => removed_files += 1,
            Ok(false) => taken += 1,
            Err(error) => cannot(&leftover.path, error),
        }
    }

    let mut text = String::new();
    let _ = writeln!(text, "Removed {}.", copies(removed));
    if !stale.is_empty() {
        let _ = writeln!(text, "Removed {} {LEFT}.", files(removed_files));
    }
    let within = match days {
        1 => "the last day".to_owned(),
        _ => format!("the last {days} days"),
    };
    if !recent.is_empty() {
        let _ = writeln!(
            text,
            "Kept {} written in {within} (--older-than 0 removes them too).",
            copies(recent.len())
        );
    }
    if !fresh.is_empty() {
        let _ = writeln!(
            text,
            "Kept {} {LEFT}, written in {within} (--older-than 0 removes them too).",
            files(fresh.len())
        );
    }
    if !busy.is_empty() {
        let _ = writeln!(
            text,
            "Kept {} that a running cxmap is writing.",
            copies(busy.len())
        );
    }
    if taken > 0 {
        let _ = writeln!(
            text,
            "Kept {} that a cxmap started meanwhile is using.",
            files(taken)
        );
    }
    if !survey.strangers.is_empty() {
        let _ = writeln!(text, "Left alone, not cxmap's:");
        for stranger in &survey.strangers {
            let _ = writeln!(
                text,
                "    {}  {}",
                Recovery::shown(&stranger.path),
                paint(DIM, &format!("({})", stranger.why))
            );
        }
    }
    out(&text);
    if failed {
        Outcome::Failure
    } else {
        Outcome::Success
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

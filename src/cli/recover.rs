//! `cxmap recover [--list]`: the recovery copies kept for maps with unsaved
//! changes when cxmap stopped, with their age. Opening the map in cxmap
//! offers its copy back.

use super::Outcome;
use super::style::{DIM, note, out, paint};
use crate::storage::Recovery;
use std::fmt::Write;
use std::time::SystemTime;

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
    let now = SystemTime::now();
    for entry in &entries {
        let when = super::local_time(entry.modified, "%Y-%m-%d %H:%M").unwrap_or_default();
        let when = format!("{when} ({})", ago(now, entry.modified));
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

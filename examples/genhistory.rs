//! Makes a git repository whose map has a long history, for trying
//! `cxmap history` (and `compare`) at length:
//!
//!     cargo run --release --example genhistory -- /tmp/long 200
//!     cd /tmp/long && time cxmap history journey.ron > /dev/null
//!
//! The bundled example map (or `genmap`'s of TOUCHPOINTS), then N commits in all: each moves one
//! touchpoint's emotion a step (so the pain index wanders), ticks or adds
//! an action now and then, renames the file once halfway (history follows
//! it) and, every fiftieth commit, leaves the file broken for one commit.
//! The same N always gives the same history; DIR must not exist yet.

use cxmap::model::{Action, ActionId, Emotion, Map, Principle};
use cxmap::storage;
use std::path::Path;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(count)) = (args.first(), args.get(1).and_then(|n| n.parse().ok())) else {
        eprintln!("usage: cargo run --release --example genhistory -- DIR COMMITS [TOUCHPOINTS]");
        return ExitCode::from(2);
    };
    let dir = Path::new(dir);
    if dir.exists() {
        eprintln!(
            "{}: already exists; genhistory makes a new one",
            dir.display()
        );
        return ExitCode::from(2);
    }
    let size = args.get(2).and_then(|n| n.parse().ok());
    match make(dir, count, size) {
        Ok(()) => {
            eprintln!("made {}: {count} commits of its map", dir.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("genhistory: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs git in `dir` with no user or system config, dated `date` (a Unix
/// time, as git reads `@SECONDS +0000`) when given.
fn git(dir: &Path, args: &[&str], date: Option<&str>) -> Result<(), String> {
    let mut command = Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "genhistory")
        .env("GIT_AUTHOR_EMAIL", "genhistory@example.com")
        .env("GIT_COMMITTER_NAME", "genhistory")
        .env("GIT_COMMITTER_EMAIL", "genhistory@example.com");
    if let Some(date) = date {
        command
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date);
    }
    let out = command.output().map_err(|e| format!("git: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The history: commit `i` is dated `i` days after 2026-01-01.
fn make(dir: &Path, count: u64, size: Option<usize>) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    git(dir, &["init", "-q", "-b", "main"], None)?;
    let mut map = match size {
        Some(size) => cxmap::model::generated_map(size),
        None => {
            storage::from_bytes(cxmap::cli::EXAMPLE.as_bytes())
                .map_err(|e| e.to_string())?
                .map
        }
    };
    let mut name = "journey.ron".to_owned();
    for i in 0..count {
        let path = dir.join(&name);
        let subject = if i > 0 && i % 50 == 0 {
            std::fs::write(&path, "(title: \"cut short\"").map_err(|e| e.to_string())?;
            format!("Commit {i}: a broken save")
        } else if count > 2 && i == count / 2 + 5 {
            let renamed = "journey-renamed.ron".to_owned();
            git(dir, &["mv", &name, &renamed], None)?;
            name = renamed;
            storage::save(&dir.join(&name), &map).map_err(|e| e.to_string())?;
            format!("Commit {i}: rename the map")
        } else {
            let what = change(&mut map, i);
            storage::save(&path, &map).map_err(|e| e.to_string())?;
            format!("Commit {i}: {what}")
        };
        git(dir, &["add", "-A"], None)?;
        let date = format!("@{} +0000", 1_767_268_800 + 86_400 * i);
        git(
            dir,
            &["commit", "-q", "--allow-empty", "-m", &subject],
            Some(&date),
        )?;
    }
    Ok(())
}

/// One small change to `map`, chosen by `i`; what it was, for the subject.
fn change(map: &mut Map, i: u64) -> String {
    let i = usize::try_from(i).unwrap_or(0);
    let count = map.touchpoint_count();
    let (stage, index) = {
        let mut n = (i * 7) % count;
        let mut at = (0, 0);
        for (s, stage) in map.stages.iter().enumerate() {
            if n < stage.touchpoints.len() {
                at = (s, n);
                break;
            }
            n -= stage.touchpoints.len();
        }
        at
    };
    let tp = &mut *map.stages[stage].touchpoints[index];
    if i % 9 == 4 {
        let id = ActionId::parse(&format!("a-gen{i}")).expect("a sound id");
        let mut action = Action::new(id, "Follow up with the customer", Principle::Respond);
        action.due = format!("2026-{:02}-15", 1 + i % 12).parse().ok();
        tp.actions.push(action);
        return format!("an action on '{}'", tp.name);
    }
    if i % 7 == 3
        && let Some(action) = tp.actions.iter_mut().find(|a| !a.done)
    {
        action.done = true;
        return format!("done: '{}'", action.text);
    }
    let score = tp.emotion.map_or(0, Emotion::value);
    let step = if (i / count).is_multiple_of(2) { -1 } else { 1 };
    // Always a change: at the end of the scale, the other way.
    let next = if (-2..=2).contains(&(score + step)) {
        score + step
    } else {
        score - step
    };
    tp.emotion = Emotion::new(next);
    format!("'{}' feels {next}", tp.name)
}

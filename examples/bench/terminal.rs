//! What runs the real binaries: `cxmap check` and `cxmap plan`, and cxmap
//! and vim in a pseudo-terminal of 80x24 (`tests/support/pty.rs`), read
//! with a terminal emulator as a person at the terminal would see them.

use crate::pty::Session;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime};

/// A first frame is complete once its screen is whole and nothing more
/// arrives for this long; its time is that of its last byte.
pub const FRAME_QUIET: Duration = Duration::from_millis(300);
/// A key's frame is finished once nothing more arrives for this long.
const KEY_QUIET: Duration = Duration::from_millis(150);
/// How long a key may take to be answered at all.
const KEY_WAIT: Duration = Duration::from_secs(20);
/// How long after the recovery copy idleness is watched.
pub const IDLE: Duration = Duration::from_secs(3);
/// When a key is pressed after an edit's frame, to land while the
/// recovery copy (due a second after the edit) is being written.
pub const AFTER_EDIT: Duration = Duration::from_millis(1030);

pub fn cxmap_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    exe.parent()
        .and_then(Path::parent)
        .expect("target folder")
        .join("cxmap")
}

pub fn vim_available() -> bool {
    Command::new("vim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What one run of a command took.
pub struct Run {
    pub wall: Duration,
    /// User and system time: what the run cost, whatever else ran meanwhile.
    pub cpu: Duration,
    /// Peak resident memory (`ru_maxrss`), KiB.
    pub peak_kib: Option<u64>,
}

/// `cxmap COMMAND FILE`, its output thrown away.
pub fn cli_run(dir: &Path, command: &str, file: &str) -> Run {
    let start = Instant::now();
    #[expect(clippy::zombie_processes, reason = "reaped by wait4 below")]
    let child = Command::new(cxmap_binary())
        .args([command, file])
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("XDG_STATE_HOME", dir.join(".state"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cxmap runs");
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid; wait4 fills it in. The child is
    // reaped here rather than by `Child::wait`, which gives no rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    assert_eq!(waited, pid, "cxmap {command} {file}: not waited for");
    // `check` exits 1 when it finds something; 2 is a failure.
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    assert!(
        matches!(code, Some(0 | 1)),
        "cxmap {command} {file}: exit {code:?}"
    );
    let seconds = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Run {
        wall: time,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_kib: u64::try_from(usage.ru_maxrss).ok(),
    }
}

fn last_row(screen: &str) -> &str {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// cxmap's first frame is complete when it shows the tabs on its top row,
/// the footer's keys on its last (`quit` is the footer's last hint), and
/// the first card of the board (`card`: the start of its name).
pub fn cxmap_frame_done(screen: &str, card: &str) -> bool {
    screen.lines().next().is_some_and(|l| l.contains("Board"))
        && last_row(screen).contains("quit")
        && screen.contains(card)
}

/// vim's first frame is complete when its last row names the file with
/// its size (`"FILE" N lines, N bytes`), which vim writes after the text.
/// (A large file's name shows alone while vim is still reading it.)
pub fn vim_frame_done(screen: &str, file: &str) -> bool {
    last_row(screen)
        .split_once(&format!("\"{file}\""))
        .is_some_and(|(_, size)| size.chars().any(|c| c.is_ascii_digit()))
}

/// Waits for the first complete frame (`done`, then nothing more for
/// `FRAME_QUIET`); the time from `start` to its last byte.
pub fn first_frame(session: &Session, start: Instant, done: impl Fn(&str) -> bool) -> Duration {
    let deadline = start + Duration::from_secs(300);
    loop {
        if done(&session.screen()) {
            session.settle(FRAME_QUIET);
            if done(&session.screen()) {
                return session.last_output().expect("output") - start;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no first frame; the screen shows:\n{}",
            session.screen()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Starts cxmap on `file` at 80x24 and waits for its first frame.
pub fn start_cxmap(dir: &Path, file: &str, card: &str) -> (Session, Duration) {
    let start = Instant::now();
    let session = Session::start(&[file], 80, 24, dir, &[]);
    let time = first_frame(&session, start, |s| cxmap_frame_done(s, card));
    (session, time)
}

/// Starts `vim -u NONE -n FILE` at 80x24 and waits for its first frame.
pub fn start_vim(dir: &Path, file: &str) -> (Session, Duration) {
    let command: Vec<String> = ["vim", "-u", "NONE", "-n", file]
        .iter()
        .map(|a| a.to_string())
        .collect();
    let start = Instant::now();
    let session = Session::start_program(&command, 80, 24, dir, &[]);
    let time = first_frame(&session, start, |s| vim_frame_done(s, file));
    (session, time)
}

/// Ends a session: `keys` to quit, then a kill if it has not gone.
pub fn stop(mut session: Session, keys: &str) {
    session.send(keys);
    if session.wait_exit(10).is_none() {
        let _ = session.child.kill();
    }
}

/// What one key brought: how many bytes, and how long from the key to the
/// frame's last byte.
pub struct Answer {
    pub bytes: usize,
    pub time: Duration,
}

/// Sends `key` to a session whose screen is settled, waits for its frame
/// to finish (some output, then `KEY_QUIET` of none).
pub fn answer(session: &mut Session, key: &str) -> Answer {
    let before = session.received.load(Ordering::SeqCst);
    let sent = Instant::now();
    session.send(key);
    session.wait_past(before, KEY_WAIT);
    let after = session.settle(KEY_QUIET);
    let time = match session.last_output() {
        Some(last) if after > before => last - sent,
        _ => Duration::ZERO,
    };
    Answer {
        bytes: after - before,
        time,
    }
}

/// The process's peak resident memory so far (VmHWM), in KiB.
pub fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Voluntary and involuntary context switches of all the process's
/// threads so far: each is a wake-up or a time slice taken from it.
pub fn wake_ups(pid: u32) -> Option<u64> {
    let mut sum = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task")).ok()? {
        let status = std::fs::read_to_string(task.ok()?.path().join("status")).ok()?;
        for line in status.lines() {
            if line.starts_with("voluntary_ctxt_switches:")
                || line.starts_with("nonvoluntary_ctxt_switches:")
            {
                sum += line.split_whitespace().nth(1)?.parse::<u64>().ok()?;
            }
        }
    }
    Some(sum)
}

/// The newest change under `folder` and a mark of everything in it
/// (names and sizes), to tell when a write there is over.
fn folder_state(folder: &Path) -> (Option<SystemTime>, Vec<(PathBuf, u64)>) {
    let mut newest = None;
    let mut files = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                newest = newest.max(meta.modified().ok());
                files.push((entry.path(), meta.len()));
            }
        }
    }
    files.sort();
    (newest, files)
}

/// Waits until something under `folder` was written after `since` and
/// nothing there has changed for `FRAME_QUIET`; false after a minute.
pub fn wait_for_write(folder: &Path, since: SystemTime) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut last = folder_state(folder);
    let mut still = Instant::now();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        let now = folder_state(folder);
        if now != last {
            last = now;
            still = Instant::now();
        } else if last.0.is_some_and(|t| t >= since) && still.elapsed() >= FRAME_QUIET {
            return true;
        }
    }
    false
}

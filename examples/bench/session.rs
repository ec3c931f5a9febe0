//! The real binary at work in a pseudo-terminal of 80x24: the bytes each
//! kind of key sends, its peak memory, a key pressed while the recovery copy
//! is written, and what it does while idle.

use crate::pty::Session;
use crate::terminal::{
    AFTER_EDIT, FRAME_QUIET, IDLE, answer, peak_kib, start_cxmap, wait_for_write, wake_ups,
};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

/// Where a map's first card and first stage show in the first frame.
pub struct Landmarks {
    /// The start of the first card's name.
    pub card: String,
    /// The start of the first stage's name.
    pub stage: String,
    pub stages: usize,
    /// The first card's score, -2 to 2.
    pub score: Option<i8>,
    /// The second card's.
    pub second_score: Option<i8>,
}

#[derive(Default)]
pub struct Wire {
    pub first_frame: usize,
    pub moves: Vec<usize>,
    pub scrolled_moves: Vec<usize>,
    pub stage_changes: Vec<usize>,
    pub sideways: Vec<usize>,
    pub views: Vec<usize>,
    pub help_open: usize,
    pub help_close: usize,
    pub peak_kib: Option<u64>,
    pub during_copy: Vec<Duration>,
    /// The same kind of key once that copy is written: what a key costs
    /// with no copy under way, in the same session at the same moment.
    pub no_copy: Vec<Duration>,
    /// Whether every recovery copy was seen written.
    pub copies_seen: bool,
    pub idle_bytes: usize,
    pub idle_wake_ups: Option<u64>,
    pub peak_after_edit_kib: Option<u64>,
}

/// One session of cxmap on `file`: keys of each kind, then edits, each
/// followed by a key while its recovery copy is written (`copies` times),
/// then idleness. The session is killed at the end and its state removed.
pub fn cxmap_session(dir: &Path, file: &str, marks: &Landmarks, copies: usize) -> Wire {
    let (mut s, _) = start_cxmap(dir, file, marks.card.as_str());
    let mut wire = Wire {
        first_frame: s.received.load(Ordering::SeqCst),
        ..Wire::default()
    };
    (wire.moves, wire.scrolled_moves) = column_moves(&mut s, marks);
    (wire.stage_changes, wire.sideways) = stage_moves(&mut s, marks);
    // Round every view and back to the board, where the keys below go.
    let views = cxmap::tui::View::ALL.len();
    wire.views = (0..views).map(|_| answer(&mut s, "\t").bytes).collect();
    wire.help_open = answer(&mut s, "?").bytes;
    wire.help_close = answer(&mut s, "\x1b").bytes;
    let pid = s.pid();
    wire.peak_kib = peak_kib(pid);
    let state = dir.join(".state");
    wire.copies_seen = true;
    // An edit of the second card that stays: the map is unsaved whatever
    // the timed edits of the first card do, so each of them writes a copy
    // (an edit back to the saved map leaves nothing to keep).
    answer(&mut s, "g");
    answer(&mut s, "j");
    answer(
        &mut s,
        if marks.second_score == Some(2) {
            "-"
        } else {
            "+"
        },
    );
    for edit in score_keys(marks.score, copies) {
        // Back to the first card: the keys before left the selection on a
        // card of unknown score, where `-` may change nothing and no copy
        // is written.
        answer(&mut s, "g");
        let edited = SystemTime::now();
        answer(&mut s, edit);
        let frame = s.last_output().expect("the edit's frame");
        std::thread::sleep(
            (frame + AFTER_EDIT).saturating_duration_since(std::time::Instant::now()),
        );
        wire.during_copy.push(answer(&mut s, "j").time);
        wire.copies_seen &= wait_for_write(&state, edited);
        // On to the next card: `g` above then has a card to go back from
        // (a key that changes nothing sends nothing, and its wait is long).
        wire.no_copy.push(answer(&mut s, "j").time);
    }
    s.settle(FRAME_QUIET);
    let (bytes, wakes) = (s.received.load(Ordering::SeqCst), wake_ups(pid));
    std::thread::sleep(IDLE);
    wire.idle_bytes = s.received.load(Ordering::SeqCst) - bytes;
    wire.idle_wake_ups = wake_ups(pid)
        .zip(wakes)
        .map(|(after, before)| after - before);
    wire.peak_after_edit_kib = peak_kib(pid);
    drop(s);
    let _ = std::fs::remove_dir_all(&state);
    wire
}

/// `+` and `-` for `runs` edits of a card scored `start`, each of which
/// changes the score (an edit that changes nothing writes no copy): away
/// from the farther end first, turning at each end.
fn score_keys(start: Option<i8>, runs: usize) -> Vec<&'static str> {
    let mut now = start.unwrap_or(0);
    let mut up = now < 0;
    let mut keys = Vec::new();
    for _ in 0..runs {
        if (up && now == 2) || (!up && now == -2) {
            up = !up;
        }
        now += if up { 1 } else { -1 };
        keys.push(if up { "+" } else { "-" });
    }
    keys
}

/// The row of the first frame that shows `text`.
fn row_of(s: &Session, text: &str) -> usize {
    s.screen()
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or(0)
}

/// What the board's first column shows on `row`, letters and digits only
/// (so that the selection's mark does not count).
fn first_column(s: &Session, row: usize) -> String {
    let screen = s.screen();
    let line = screen.lines().nth(row).unwrap_or("");
    line.split('│')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Thirty cards down the first column: the bytes of each move before the
/// column first scrolls, and of each from then on.
fn column_moves(s: &mut Session, marks: &Landmarks) -> (Vec<usize>, Vec<usize>) {
    let row = row_of(s, &marks.card);
    let top = first_column(s, row);
    let (mut still, mut scrolled) = (Vec::new(), Vec::new());
    for _ in 0..30 {
        let bytes = answer(s, "j").bytes;
        if scrolled.is_empty() && first_column(s, row) == top {
            still.push(bytes);
        } else {
            scrolled.push(bytes);
        }
    }
    (still, scrolled)
}

/// From the fifth card of the first stage, a stage to the right at a time
/// (up to the sixth stage): the bytes of the moves that leave the board where
/// it was, and of those that scroll it sideways.
fn stage_moves(s: &mut Session, marks: &Landmarks) -> (Vec<usize>, Vec<usize>) {
    answer(s, "g");
    for _ in 0..4 {
        answer(s, "j");
    }
    let row = row_of(s, &marks.stage);
    let (mut still, mut sideways) = (Vec::new(), Vec::new());
    for _ in 1..marks.stages.min(6) {
        let before = first_column(s, row);
        let bytes = answer(s, "l").bytes;
        if first_column(s, row) == before {
            still.push(bytes);
        } else {
            sideways.push(bytes);
        }
    }
    (still, sideways)
}

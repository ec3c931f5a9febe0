//! Key press to finished frame, in process: the app's update, the render and
//! the terminal's diff (a `TestBackend`), as the event loop runs them for
//! one key. Shared by `bench_tui` and any bench that prints a table: include
//! it with `#[path = "bench_tui/key_to_frame.rs"] mod key_to_frame;`.

use cxmap::model::{Date, Map};
use cxmap::tui::{App, Document, Selection, Theme, View};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

/// The date the app is told it is: it decides which actions are overdue.
pub fn today() -> Date {
    Date::new(2026, 6, 1).expect("a date")
}

/// A kind of key press measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Press {
    /// `j` and `k` on the board: down a column and back up, scrolling it.
    CardMove,
    /// `l` and `h` on the board: across stages and back, scrolling sideways.
    StageChange,
    /// `+` and `-` on the board: the selected card's emotion up and down.
    Edit,
    /// `+` and `-` on the emotion row of the touchpoint editor.
    EditorEdit,
    /// Tab: Board, Plan, Checks, Board again.
    ViewSwitch,
}

impl Press {
    pub const ALL: [Press; 5] = [
        Press::CardMove,
        Press::StageChange,
        Press::Edit,
        Press::EditorEdit,
        Press::ViewSwitch,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Press::CardMove => "card move",
            Press::StageChange => "stage change",
            Press::Edit => "edit (+)",
            Press::EditorEdit => "edit in editor",
            Press::ViewSwitch => "view switch",
        }
    }

    /// Its name on `bench_tui`'s command line.
    pub fn short(self) -> &'static str {
        match self {
            Press::CardMove => "move",
            Press::StageChange => "stage",
            Press::Edit => "edit",
            Press::EditorEdit => "editor",
            Press::ViewSwitch => "view",
        }
    }

    /// The keys pressed, over and over, in this order.
    fn keys(self) -> Vec<KeyCode> {
        let repeat = |a: char, b: char, n: usize| {
            std::iter::repeat_n(KeyCode::Char(a), n)
                .chain(std::iter::repeat_n(KeyCode::Char(b), n))
                .collect()
        };
        match self {
            Press::CardMove => repeat('j', 'k', 8),
            Press::StageChange => repeat('l', 'h', 6),
            Press::Edit | Press::EditorEdit => repeat('+', '-', 1),
            Press::ViewSwitch => vec![KeyCode::Tab],
        }
    }
}

/// The median and the 99th percentile of a run of presses.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub median: Duration,
    pub p99: Duration,
}

impl Timing {
    pub fn of(mut times: Vec<Duration>) -> Timing {
        assert!(!times.is_empty(), "nothing was measured");
        times.sort();
        Timing {
            median: times[times.len() / 2],
            p99: times[(times.len() * 99 / 100).min(times.len() - 1)],
        }
    }
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The app on `map` (not saved, no file, no recovery copies) with a test
/// terminal of `width` x `height`, its first frame drawn, the first card of
/// the middle stage selected: what finds a touchpoint by walking the map
/// walks half of it, as on average.
pub struct Bench {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
}

impl Bench {
    pub fn new(map: Map, width: u16, height: u16) -> Bench {
        let middle = map.stages.len() / 2;
        let doc = Document::new(map, None, true);
        let mut app = App::new(doc, Theme::DEFAULT, today(), Rect::new(0, 0, width, height));
        app.select(Selection {
            stage: middle,
            card: Some(0),
        });
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
        let mut bench = Bench { app, terminal };
        bench.draw();
        bench
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| f.render_widget(app, f.area()))
            .expect("draws");
    }

    /// The bottom rows of the screen: the key hints of what has the keys
    /// (an editor shows its row's own above the screen's).
    fn footer(&self) -> String {
        let buffer = self.terminal.backend().buffer();
        let area = buffer.area;
        (area.bottom().saturating_sub(3)..area.bottom())
            .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
            .map(|at| buffer[at].symbol())
            .collect()
    }

    /// One key, as the event loop takes it: update, the loop's bookkeeping,
    /// and the frame. Returns how long that took.
    pub fn press(&mut self, code: KeyCode) -> Duration {
        let start = Instant::now();
        let now = Instant::now();
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        self.app.after_events(now);
        self.draw();
        start.elapsed()
    }

    /// Gets ready for `press`: the editor opened on the emotion row for
    /// `EditorEdit`, the board otherwise.
    fn set_up(&mut self, press: Press) {
        while !self.app.overlays().is_empty() {
            self.press(KeyCode::Esc);
        }
        while self.app.view() != View::Board {
            self.press(KeyCode::Tab);
        }
        if press == Press::EditorEdit {
            self.press(KeyCode::Char('e'));
            for _ in 0..40 {
                if self.footer().contains("neutral") {
                    return;
                }
                self.press(KeyCode::Tab);
            }
            panic!(
                "the touchpoint editor has no emotion row: {}",
                self.footer()
            );
        }
    }

    /// `presses` presses of `press`'s keys (after a few unmeasured ones),
    /// each timed from key to finished frame.
    pub fn time(&mut self, press: Press, presses: usize) -> Timing {
        self.set_up(press);
        let keys = press.keys();
        let warm_up = keys.len().max(4);
        let times = keys
            .iter()
            .cycle()
            .take(warm_up + presses)
            .map(|&code| self.press(code))
            .skip(warm_up)
            .collect();
        self.set_up(Press::CardMove);
        Timing::of(times)
    }
}

/// `kinds` of press on `map` at `width` x `height`, `presses` of each, in
/// one app (each kind starts from the board).
pub fn presses(
    map: &Map,
    width: u16,
    height: u16,
    presses: usize,
    kinds: &[Press],
) -> Vec<(Press, Timing)> {
    let mut bench = Bench::new(map.clone(), width, height);
    kinds
        .iter()
        .map(|&press| (press, bench.time(press, presses)))
        .collect()
}

//! The terminal app. `run` opens a map, starts the terminal, and runs the
//! loop: draw, wait for input (blocking: no ticks), update. Everything else in
//! here is state (`app`), keys (`keys`), drawing (`render`) and layers (`overlay`).

mod app;
mod derived;
mod document;
mod filter;
mod input;
mod kept;
mod keys;
mod lane;
mod layout;
mod overlay;
mod render;
mod session;
mod term;
mod theme;

pub use app::{App, Selection, View};
pub use document::Document;
pub use keys::{Action, BINDINGS, Context};
pub use layout::{MIN_HEIGHT, MIN_WIDTH};
use overlay::RecoverOffer;
pub use session::Session;
pub use theme::{Theme, no_color};

use crate::model::{Date, Map};
use crate::storage::{self, LoadError, Recovery, Settings};
use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Rect;
use std::io::stdout;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

/// A document for `path`: the map on disk, or a new empty map that will be
/// created there on the first save.
pub(crate) fn open(path: &Path) -> Result<(Document, Option<String>), LoadError> {
    match storage::load_lean(path) {
        Ok((map, seen)) => Ok((
            Document::new(map, Some(path.to_path_buf()), true).with_seen(seen),
            None,
        )),
        Err(error) if error.is_not_found() => {
            let title = crate::text::title(None, path);
            let name = path.file_name().unwrap_or(path.as_os_str());
            let note = format!(
                "New map: {} is created when you save (Ctrl+S). A adds the first stage.",
                name.to_string_lossy()
            );
            Ok((
                Document::new(Map::new(title), Some(path.to_path_buf()), true),
                Some(note),
            ))
        }
        Err(error) => Err(error),
    }
}

/// A document for the bundled example, which has no file until saved.
pub(crate) fn example(text: &str) -> Document {
    let loaded = storage::from_bytes(text.as_bytes()).expect("the bundled example is a valid map");
    Document::new(loaded.map, None, true)
}

/// The backend the app draws through, over the writer of its frames.
type Backend<W> = term::Wire<W>;

/// The terminal as the app draws on it.
type Terminal = ratatui::Terminal<Backend<std::io::Stdout>>;

fn backend<W: std::io::Write>(out: W) -> Backend<W> {
    term::Wire::new(out)
}

/// Draws one frame of the app: the loop's one way to, and `Offscreen`'s,
/// so that the benchmark measures whatever drawing does.
fn draw<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    app: &App,
) -> Result<(), B::Error> {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .map(drop)
}

/// The app's terminal (its backend, its writer and its way of drawing a
/// frame) at a fixed size, writing into `out` instead of the screen: what
/// `examples/bench` times a key's frame with. `out` sees the bytes a real
/// terminal would be sent.
pub struct Offscreen<W: std::io::Write> {
    terminal: ratatui::Terminal<Backend<W>>,
}

impl<W: std::io::Write> Offscreen<W> {
    pub fn new(out: W, width: u16, height: u16) -> std::io::Result<Offscreen<W>> {
        let viewport = ratatui::Viewport::Fixed(Rect::new(0, 0, width, height));
        let terminal =
            ratatui::Terminal::with_options(backend(out), ratatui::TerminalOptions { viewport })?;
        Ok(Offscreen { terminal })
    }

    /// Draws the app's next frame and sends it, as the loop does after each key.
    pub fn draw(&mut self, app: &App) -> std::io::Result<()> {
        draw(&mut self.terminal, app)
    }
}

/// What the loop waits on: the terminal, the map's file, or a signal.
enum Input {
    Terminal(Event),
    /// The terminal's input ended or failed: the session is gone.
    Closed,
    FileChanged,
    Signal(i32),
    /// A recovery copy written in the background failed: say so.
    RecoveryFailed,
}

/// A map ready for the app, with what to tell the user as it opens.
struct Opened {
    doc: Document,
    note: Option<String>,
    /// Something wrong to say at start, over the note (recovery copies off).
    warning: Option<String>,
    /// Unsaved edits from a session that ended badly, offered back.
    recovered: Option<RecoverOffer>,
    /// The recovery copy this session writes (the one offered, if any).
    slot: Option<storage::RecoverySlot>,
}

/// How the app ended.
#[derive(Debug)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A hang-up, SIGTERM or the like: edits are in the recovery copy.
    Signal(i32, Option<PathBuf>),
    /// The terminal went away (its input ended, or writing to it failed).
    TerminalLost(Option<PathBuf>),
    /// A bug: the recovery copy holds the edits.
    Panicked(Option<PathBuf>),
}

/// Runs the app until the user quits, the session ends or something breaks;
/// in every case but a clean quit, unsaved edits are left in a recovery copy.
fn run(
    opened: Opened,
    today: Date,
    settings: &Settings,
    recovery: Option<Recovery>,
) -> std::io::Result<Ended> {
    // Not `ratatui::init`: its panic hook and `restore` report a failed
    // restore with `eprintln!`, which itself panics when the terminal is gone
    // (a hang-up), turning a clean exit with a recovery copy into an abort.
    // These do the same steps and ignore what a dead terminal says.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    let mut terminal = ratatui::Terminal::new(backend(stdout()))?;
    if settings.mouse.value {
        execute!(stdout(), term::EnableMouseClicks)?;
    }
    execute!(stdout(), EnableBracketedPaste)?;
    let size = terminal.size()?;
    let mut app = App::new(
        opened.doc,
        Theme::chosen(settings.theme.value),
        today,
        Rect::new(0, 0, size.width, size.height),
    );
    app.set_default_owner(settings.default_owner.value.clone());
    app.set_ask_before_deleting_a_stage(settings.ask_before_deleting_a_stage.value);
    app.set_recovery(recovery, opened.slot);
    let (sender, events) = mpsc::channel();
    let waker = sender.clone();
    app.wake_on_recovery_failure(move || {
        let _ = waker.send(Input::RecoveryFailed);
    });
    if let Some(note) = opened.note {
        app.info(note);
    }
    if let Some(warning) = opened.warning {
        app.error(warning);
    }
    // Unsaved edits from last time are offered first; a map fresh from a
    // `git merge` with conflicts opens on the list of them (after the offer,
    // on whichever map it leaves).
    match opened.recovered {
        Some(offer) => app.open(overlay::Overlay::Recover(offer)),
        None => app.show_conflicts(),
    }
    let reader = Reader::default();
    spawn_input(sender.clone(), app.keys_first(), reader.clone());
    spawn_hang_up_watch(sender.clone());
    spawn_signals(sender.clone(), app.recovery_activity())?;
    let mut watch = FileWatch {
        sender,
        path: None,
        watcher: None,
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut app, &mut terminal, &events, &mut watch, &reader)
    }));
    restore_terminal();
    // The terminal's own drop shows the cursor and `eprintln!`s if it
    // cannot, which panics on a hung-up terminal; restoring did it already.
    std::mem::forget(terminal);
    match result {
        Ok(ended) => Ok(ended),
        Err(_) => Ok(Ended::Panicked(app.write_recovery())),
    }
}

/// Leaves raw mode, the alternate screen, mouse and paste modes, and shows
/// the cursor, ignoring errors: the terminal may already be gone.
fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        term::DisableMouse,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

/// What the loop does next (`next`).
enum Next {
    Input(Input),
    /// A recovery copy is due: hand it over.
    CopyDue,
    /// Every sender is gone: the session is.
    Lost,
}

/// Blocks until something happens, or a recovery copy falls due (an idle
/// cxmap sleeps). A copy already due goes before any input queued: keys
/// coming faster than a big map answers them never empty the queue, and
/// would otherwise hold the copy off for as long as they came.
fn next(app: &App, events: &mpsc::Receiver<Input>, now: Instant) -> Next {
    match app.recovery_timeout(now) {
        Some(timeout) if timeout.is_zero() => Next::CopyDue,
        Some(timeout) => match events.recv_timeout(timeout) {
            Ok(input) => Next::Input(input),
            Err(mpsc::RecvTimeoutError::Timeout) => Next::CopyDue,
            Err(mpsc::RecvTimeoutError::Disconnected) => Next::Lost,
        },
        None => match events.recv() {
            Ok(input) => Next::Input(input),
            Err(_) => Next::Lost,
        },
    }
}

/// The thread reading the terminal, set aside once the session ends: on a
/// hung-up terminal crossterm's reader spins on it, a core at 100%, which
/// took the core from the recovery copy the end of the session waits for
/// (an exit after a hang-up took 14-23 s at 100,000 touchpoints, against
/// 5 s for SIGTERM).
#[derive(Clone, Default)]
struct Reader(std::sync::Arc<std::sync::atomic::AtomicI32>);

impl Reader {
    /// Called on the reading thread: notes which thread it is.
    fn here(&self) {
        let id = crate::platform::this_threads_id();
        self.0.store(id, std::sync::atomic::Ordering::SeqCst);
    }

    /// The reading thread runs only when nothing else wants a core.
    fn set_aside(&self) {
        let id = self.0.load(std::sync::atomic::Ordering::SeqCst);
        if id != 0 {
            crate::platform::idle_thread(id);
        }
    }
}

/// Ends the session (`App::end_session`: its last recovery copy), the
/// terminal's reader set aside first so that it cannot slow the copy.
fn end(app: &mut App, reader: &Reader) -> Option<PathBuf> {
    reader.set_aside();
    app.end_session()
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal,
    events: &mpsc::Receiver<Input>,
    watch: &mut FileWatch,
    reader: &Reader,
) -> Ended {
    let keys = app.keys_first();
    // The events from the terminal handled so far: each answered once the
    // frame after it is drawn.
    let mut handled = 0;
    loop {
        watch.follow(app.document().path());
        if draw(terminal, app).is_err() {
            return Ended::TerminalLost(end(app, reader));
        }
        keys.answered(handled);
        let first = match next(app, events, Instant::now()) {
            Next::Input(input) => input,
            Next::CopyDue => {
                app.recovery_copy_due();
                continue;
            }
            Next::Lost => return Ended::TerminalLost(end(app, reader)),
        };
        let mut file_changed = false;
        let batch = waiting(first, events);
        handled += batch
            .iter()
            .filter(|input| matches!(input, Input::Terminal(_)))
            .count() as u64;
        for input in coalesce(batch) {
            match input {
                Input::Terminal(event) => app.handle_event(event, Instant::now()),
                Input::FileChanged => file_changed = true,
                // `after_events` says why.
                Input::RecoveryFailed => {}
                Input::Closed => return Ended::TerminalLost(end(app, reader)),
                Input::Signal(signal) => return Ended::Signal(signal, end(app, reader)),
            }
        }
        if file_changed {
            app.disk_changed();
        }
        app.after_events(Instant::now());
        if app.quitting() {
            app.remove_recovery();
            // A copy being written might land after the removal: it is
            // removed again once written, before the process ends.
            app.wait_for_recovery();
            return Ended::Quit;
        }
    }
}

/// Reads the terminal, counting each event for `keys` (a recovery copy
/// being written gives way until the app has answered it).
fn spawn_input(sender: mpsc::Sender<Input>, keys: storage::KeysFirst, reader: Reader) {
    std::thread::spawn(move || {
        reader.here();
        loop {
            let input = match event::read() {
                Ok(event) => {
                    keys.arrived();
                    Input::Terminal(event)
                }
                Err(_) => Input::Closed,
            };
            let closed = matches!(input, Input::Closed);
            if sender.send(input).is_err() || closed {
                break;
            }
        }
    });
}

/// Watches the terminal for a hang-up that comes without SIGHUP (cxmap run
/// under su, runuser or setsid, where the signal goes elsewhere): the
/// terminal's input then only ends, and crossterm's reader spins on it
/// without a word. `poll` asking for no events returns only on a hang-up or
/// an error, so the thread sleeps until then.
fn spawn_hang_up_watch(sender: mpsc::Sender<Input>) {
    std::thread::spawn(move || {
        let mut terminal = libc::pollfd {
            fd: libc::STDIN_FILENO,
            events: 0,
            revents: 0,
        };
        loop {
            // SAFETY: one valid pollfd; no timeout.
            let ready = unsafe { libc::poll(&mut terminal, 1, -1) };
            if ready < 0
                && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted
            {
                continue;
            }
            if ready != 0
                && terminal.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
            {
                // Where a SIGHUP comes too, it says best how the session
                // ended (exit 129): give it a moment to arrive first.
                std::thread::sleep(std::time::Duration::from_millis(200));
                let _ = sender.send(Input::Closed);
                return;
            }
            if ready < 0 {
                // poll itself failed: nothing to watch with.
                return;
            }
        }
    });
}

/// Hang-up, SIGTERM, SIGINT and SIGQUIT are caught on a thread of their own:
/// once they are handled, crossterm's reader may retry a dead terminal forever
/// (crossterm #793), so the main loop is told, and a [`Watchdog`] ends the
/// process if the loop does not (exit code 128 + the signal's number either way).
fn spawn_signals(
    sender: mpsc::Sender<Input>,
    copies: storage::RecoveryActivity,
) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = sender.send(Input::Signal(signal));
            let mut watchdog = Watchdog::new(Instant::now());
            while !watchdog.expired(Instant::now(), copies.busy()) {
                std::thread::sleep(Watchdog::LOOK_EVERY);
            }
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Ends a session that a signal did not end: a main loop stuck for good (on
/// a terminal that is gone) must not keep the process alive. It never cuts
/// a recovery copy short: while one is being written (the session's last,
/// `App::end_session`, or one under way in the background, which the last
/// waits for) it waits; the process ends once no copy has been under way
/// for `GRACE`, and `LONGEST` after the signal whatever is under way (a
/// write hung on a dead disk). The loop itself exits as soon as its copy is
/// on disk, so the wait is only ever as long as the copy takes.
struct Watchdog {
    signal: Instant,
    /// Since when no copy has been under way.
    quiet_since: Instant,
}

impl Watchdog {
    const GRACE: std::time::Duration = std::time::Duration::from_millis(1500);
    const LONGEST: std::time::Duration = std::time::Duration::from_secs(60);
    const LOOK_EVERY: std::time::Duration = std::time::Duration::from_millis(20);

    fn new(signal: Instant) -> Watchdog {
        Watchdog {
            signal,
            quiet_since: signal,
        }
    }

    /// Whether to end the process now, `writing` telling whether a copy is
    /// under way.
    fn expired(&mut self, now: Instant, writing: bool) -> bool {
        if writing {
            self.quiet_since = now;
        }
        now.saturating_duration_since(self.signal) >= Self::LONGEST
            || now.saturating_duration_since(self.quiet_since) >= Self::GRACE
    }
}

/// The watch on the map's file, moved along when the map is first saved or
/// saved under a new name.
struct FileWatch {
    sender: mpsc::Sender<Input>,
    path: Option<PathBuf>,
    watcher: Option<notify::RecommendedWatcher>,
}

impl FileWatch {
    fn follow(&mut self, path: Option<&Path>) {
        if self.path.as_deref() != path {
            self.path = path.map(Path::to_path_buf);
            self.watcher = path.and_then(|path| watch(path, self.sender.clone()));
            // A change made between reading the file and watching it would
            // never be told: look once now that it is watched.
            if self.watcher.is_some() {
                let _ = self.sender.send(Input::FileChanged);
            }
        }
    }
}

/// Watches the map's folder (a save replaces the file, so the file itself
/// cannot be watched) with the system's notifications: no polling.
fn watch(path: &Path, sender: mpsc::Sender<Input>) -> Option<notify::RecommendedWatcher> {
    use notify::{EventKind, RecursiveMode, Watcher, event::AccessKind, event::AccessMode};
    let target = storage::resolve_links(path).ok()?;
    let name = target.file_name()?.to_os_string();
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let writes = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) => false,
            _ => true,
        };
        if writes
            && event
                .paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str()))
        {
            let _ = sender.send(Input::FileChanged);
        }
    })
    .ok()?;
    watcher.watch(&dir, RecursiveMode::NonRecursive).ok()?;
    Some(watcher)
}

/// `first` and everything already waiting after it.
fn waiting(first: Input, events: &mpsc::Receiver<Input>) -> Vec<Input> {
    let mut batch = vec![first];
    batch.extend(events.try_iter());
    batch
}

/// Keeps only the last of a burst of resizes but every other event, in
/// order.
fn coalesce(batch: Vec<Input>) -> Vec<Input> {
    let last_resize = batch
        .iter()
        .rposition(|i| matches!(i, Input::Terminal(Event::Resize(..))));
    batch
        .into_iter()
        .enumerate()
        .filter(|(i, input)| {
            !matches!(input, Input::Terminal(Event::Resize(..))) || Some(*i) == last_resize
        })
        .map(|(_, input)| input)
        .collect()
}

/// Where a map given on the command line goes, for messages.
pub fn describe(path: Option<&PathBuf>) -> String {
    path.map_or("the bundled example".to_owned(), |p| {
        p.display().to_string()
    })
}
#[cfg(test)]
mod tests;

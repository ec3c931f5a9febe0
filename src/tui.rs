//! The terminal app. `run` opens a map, starts the terminal, and runs the
//! loop: draw, wait for input (blocking: no ticks), update. Everything else in
//! here is state (`app`), keys (`keys`), drawing (`render`) and layers (`overlay`).

mod app;
mod derived;
mod document;
mod input;
mod keys;
mod layout;
mod mouse;
mod overlay;
mod render;
mod theme;

pub use app::{App, Selection, View};
pub use document::Document;
pub use keys::{Action, BINDINGS, Context};
pub use layout::{MIN_HEIGHT, MIN_WIDTH};
pub use theme::Theme;

use crate::model::{Date, Map};
use crate::storage::{self, LoadError};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
use std::io::stdout;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

/// A document for `path`: the map on disk, or a new empty map that will be
/// created there on the first save.
pub fn open(path: &Path) -> Result<(Document, Option<String>), LoadError> {
    match storage::load(path) {
        Ok(loaded) => Ok((
            Document::new(loaded.map, Some(path.to_path_buf()), true),
            None,
        )),
        Err(error) if error.is_not_found() => {
            let title = path.file_stem().map_or("New journey".to_owned(), |s| {
                s.to_string_lossy().replace(['-', '_'], " ")
            });
            let note = format!(
                "New map: {} is created when you save (Ctrl+S). A adds the first stage.",
                path.display()
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
pub fn example(text: &str) -> Document {
    let loaded = storage::from_bytes(text.as_bytes()).expect("the bundled example is a valid map");
    Document::new(loaded.map, None, true)
}

/// What the loop waits on: input from the terminal, or its end.
enum Input {
    Terminal(Event),
    Closed,
}

/// Runs the app on a document until the user quits.
pub fn run(doc: Document, note: Option<String>, today: Date, mouse: bool) -> std::io::Result<()> {
    // ratatui's hook (installed by `try_init`) leaves raw mode and the
    // alternate screen, then calls this one for what it does not undo.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            ratatui::crossterm::cursor::Show
        );
        previous(info);
    }));
    let mut terminal = ratatui::try_init()?;
    let restore = |mouse: bool| {
        if mouse {
            let _ = execute!(stdout(), DisableMouseCapture);
        }
        let _ = execute!(stdout(), DisableBracketedPaste);
        ratatui::restore();
    };
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    execute!(stdout(), EnableBracketedPaste)?;
    let size = terminal.size()?;
    let mut app = App::new(
        doc,
        Theme::from_env(),
        today,
        Rect::new(0, 0, size.width, size.height),
    );
    if let Some(note) = note {
        app.info(note);
    }
    let (sender, events) = mpsc::channel();
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(event) => Input::Terminal(event),
                Err(_) => Input::Closed,
            };
            let closed = matches!(input, Input::Closed);
            if sender.send(input).is_err() || closed {
                break;
            }
        }
    });
    let result = (|| -> std::io::Result<()> {
        loop {
            terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            let Ok(first) = events.recv() else {
                return Ok(());
            };
            for input in coalesce(first, &events) {
                match input {
                    Input::Terminal(event) => app.handle_event(event, Instant::now()),
                    Input::Closed => return Ok(()),
                }
            }
            if app.quit {
                return Ok(());
            }
        }
    })();
    restore(mouse);
    result
}

/// Takes everything already waiting, keeping only the last of a burst of
/// resizes but every other event, in order.
fn coalesce(first: Input, events: &mpsc::Receiver<Input>) -> Vec<Input> {
    let mut batch = vec![first];
    batch.extend(events.try_iter());
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

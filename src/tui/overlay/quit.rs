//! Quitting with unsaved changes: save, discard, or go back.

use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

pub fn handle_key(app: &mut App, key: KeyEvent) -> bool {
    match keys::action_for(Context::Quit, &key) {
        Some(Action::SaveAndQuit) => {
            app.save(true);
            false
        }
        Some(Action::DiscardAndQuit) => {
            app.quit();
            false
        }
        Some(Action::Cancel) => false,
        _ => true,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    super::question(
        app,
        area,
        "Unsaved changes",
        &question(app),
        Context::Quit,
        buf,
    );
}

/// What is unsaved, as a question: how many changes (undo steps since the
/// last save), to which file, and the latest of them.
pub fn question(app: &App) -> Vec<String> {
    let doc = app.document();
    let name = doc
        .path()
        .map_or("this map".to_owned(), |p| p.display().to_string());
    let changes = match doc.unsaved_steps() {
        Some(1) => "the change".to_owned(),
        Some(n) if n > 1 => format!("the {n} changes"),
        _ => "the unsaved changes".to_owned(),
    };
    let mut sentences = vec![format!("Save {changes} to {name} before quitting?")];
    if let Some(last) = doc.last_unsaved_step() {
        sentences.push(format!("Latest: {last}."));
    }
    sentences
}

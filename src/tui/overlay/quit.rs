//! Quitting with unsaved changes: save, discard, or go back.

use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

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
    let rect = super::centered(area, 52, 7);
    let inner = super::frame(app, rect, "Unsaved changes", buf);
    let name = app
        .document()
        .path()
        .map_or("this map".to_owned(), |p| p.display().to_string());
    let lines = vec![
        Line::raw(format!("Save the changes to {name} before quitting?")),
        Line::raw(""),
        Line::from(super::super::render::hint_spans(app, Context::Quit)),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

//! Help: every key, grouped by where it applies, straight from the key table;
//! over an editor, only the keys that apply there.

use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn handle_key(scroll: &mut u16, key: KeyEvent) -> bool {
    match keys::action_for(Context::Help, &key) {
        Some(Action::Cancel) => return false,
        Some(Action::Down) => *scroll = scroll.saturating_add(1),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll = scroll.saturating_add(10),
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
        Some(Action::First) => *scroll = 0,
        _ => {}
    }
    true
}

/// The help text: a heading per context, then one line per binding. With
/// `only`, the keys of those contexts (and of the help itself), without the
/// words about the map.
pub fn lines(app: &App, key_width: usize, only: Option<&[Context]>) -> Vec<Line<'static>> {
    let theme = app.theme();
    let (mut lines, contexts) = match only {
        Some(contexts) => {
            let contexts = contexts.iter().copied().chain([Context::Help]);
            (Vec::new(), contexts.collect::<Vec<_>>())
        }
        None => (
            vec![
                Line::styled(
                    "cxmap builds a journey map stage by stage and touchpoint by touchpoint.",
                    theme.title(),
                ),
                Line::raw(
                    "Wish: C conscious, S subconscious, D deception, I invisible, ? undecided.",
                ),
                Line::raw("Emotion: -- - 0 + ++, blank when unscored. Every change can be undone."),
            ],
            Context::ALL.to_vec(),
        ),
    };
    for context in contexts {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(context.title(), theme.heading()));
        for binding in keys::bindings(context) {
            let keys = crate::text::fit(&keys::keys_label(binding), key_width);
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys} "), theme.key()),
                Span::raw(binding.help),
            ]));
        }
    }
    lines
}

/// Draws the help: every key, or with `only` the keys of those contexts.
pub fn render(scroll: u16, only: Option<&[Context]>, app: &App, area: Rect, buf: &mut Buffer) {
    let rect = super::centered(area, 96, area.height);
    let title = format!(
        "Help: {} {} {} {} scroll, {} closes",
        keys::label(Action::Up, Context::Help),
        keys::label(Action::Down, Context::Help),
        keys::label(Action::PageUp, Context::Help),
        keys::label(Action::PageDown, Context::Help),
        keys::label(Action::Cancel, Context::Help)
    );
    let inner = super::frame(app, rect, &title, buf);
    // Lines past the end scroll no further than the last page.
    let lines = lines(app, 16, only);
    let max = (lines.len() as u16).saturating_sub(inner.height);
    Paragraph::new(lines)
        .scroll((scroll.min(max), 0))
        .render(inner, buf);
}

//! Help: every key, grouped by where it applies, straight from the key table;
//! over an editor, only the keys that apply there.

use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

pub fn handle_key(app: &App, only: Option<&[Context]>, scroll: &mut u16, key: KeyEvent) -> bool {
    let inner = inside(app.size());
    let max = max_scroll(app, only, inner);
    let page = inner.height.saturating_sub(1).max(1);
    match keys::action_for(Context::Help, &key) {
        Some(Action::Cancel) => return false,
        Some(Action::Down) => *scroll = scroll.saturating_add(1),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll = scroll.saturating_add(page),
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(page),
        Some(Action::First) => *scroll = 0,
        Some(Action::Last) => *scroll = max,
        _ => {}
    }
    // Past the end it scrolls no further, so that the way back is one key.
    *scroll = (*scroll).min(max);
    true
}

/// Where the help's text goes on a screen of `area`: a box as tall as the
/// screen, inside its border.
fn inside(area: Rect) -> Rect {
    let rect = super::centered(area, 96, area.height);
    Rect {
        x: rect.x + 1,
        y: rect.y + 1,
        width: rect.width.saturating_sub(2),
        height: rect.height.saturating_sub(2),
    }
}

/// How far the help scrolls: its last line at the bottom of `inner`.
fn max_scroll(app: &App, only: Option<&[Context]>, inner: Rect) -> u16 {
    let rows = lines(app, KEY_WIDTH, only, usize::from(inner.width)).len();
    u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height)
}

/// The columns of a binding's keys.
const KEY_WIDTH: usize = 16;

/// The help text, wrapped to `width` columns: a heading per context, then a
/// binding a line (its words wrapped under themselves). With `only`, the
/// keys of those contexts (and of the help itself), without the words
/// about the map.
pub fn lines(
    app: &App,
    key_width: usize,
    only: Option<&[Context]>,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = app.theme();
    let wrapped = |text: &str, style| {
        crate::text::wrap(text, width)
            .into_iter()
            .map(move |l| Line::styled(l, style))
    };
    let (mut lines, contexts): (Vec<Line>, _) = match only {
        Some(contexts) => {
            let contexts = contexts.iter().copied().chain([Context::Help]);
            (Vec::new(), contexts.collect::<Vec<_>>())
        }
        None => (
            [
                "cxmap builds a journey map stage by stage and touchpoint by touchpoint.",
                "Wish: C conscious, S subconscious, D deception, I invisible, ? undecided.",
                "Emotion: -- - 0 + ++, blank when unscored. Every change can be undone.",
            ]
            .iter()
            .enumerate()
            .flat_map(|(i, t)| wrapped(t, if i == 0 { theme.title() } else { Style::new() }))
            .collect(),
            Context::ALL.to_vec(),
        ),
    };
    let indent = key_width + 3;
    for context in contexts {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.extend(wrapped(context.title(), theme.heading()));
        for binding in keys::bindings(context) {
            let keys = crate::text::fit(&keys::keys_label(binding), key_width);
            let help = crate::text::wrap(binding.help, width.saturating_sub(indent).max(12));
            for (i, part) in help.into_iter().enumerate() {
                let head = if i == 0 {
                    Span::styled(format!("  {keys} "), theme.key())
                } else {
                    Span::raw(" ".repeat(indent))
                };
                lines.push(Line::from(vec![head, Span::raw(part)]));
            }
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
    let max = max_scroll(app, only, inner);
    Paragraph::new(lines(app, KEY_WIDTH, only, usize::from(inner.width)))
        .scroll((scroll.min(max), 0))
        .render(inner, buf);
}

//! Drawing: the whole screen is `impl Widget for &App`. Views only read the
//! app; each draws only what is on screen.

mod board;
mod causes;
pub(crate) mod curve;
mod details;
mod lists;

pub use lists::wrap_styled;

use super::app::{App, StatusKind, View};
use super::keys::{self, Action, Context};
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::overlay::Overlay;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // The theme's ground: bold throughout in the projector theme.
        buf.set_style(area, self.theme().base());
        if layout::too_small(area) {
            too_small_note(self, area, buf);
            return;
        }
        let screen = self.screen(area);
        title_bar(self, screen.title, buf);
        match self.view() {
            View::Board => board::render(self, screen.body, buf),
            View::Plan => lists::render_plan(self, screen.body, buf),
            View::Checks => lists::render_checks(self, screen.body, buf),
            View::Causes => causes::render(self, screen.body, buf),
        }
        footer(self, screen.footer, buf);
        for overlay in self.overlays() {
            overlay.render(self, area, buf);
        }
    }
}

/// All a window below the minimum shows: what it needs, and how to quit
/// (or the quit question, once asked). Keys do nothing else meanwhile.
fn too_small_note(app: &App, area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::raw(format!(
        "Window too small (need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}).",
        area.width, area.height
    ))];
    if matches!(app.top_overlay(), Some(Overlay::ConfirmQuit)) {
        lines.extend(
            crate::tui::overlay::quit_question(app)
                .into_iter()
                .map(Line::raw),
        );
        lines.push(Line::from(hint_spans(app, Context::Quit)));
    } else {
        let quit = keys::labels(keys::Action::Quit, Context::Global).join(" ");
        lines.push(Line::raw(format!("Enlarge it to go on; {quit} quits.")));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

fn title_bar(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let tabs = app.tabs(area);
    let tabs_x = tabs.first().map_or(area.right(), |(_, _, r)| r.x);
    let file = app
        .document()
        .path()
        .and_then(|p| p.file_name())
        .map_or("(not saved yet)".to_owned(), |n| {
            n.to_string_lossy().into_owned()
        });
    let mut after = vec![];
    if app.document().is_modified() {
        after.push(Span::styled(" [+] modified", theme.modified()));
    }
    if let Some(filter) = filter_note(app) {
        after.push(Span::styled(format!(" · {filter}"), theme.warning()));
    }
    let left = Rect {
        width: tabs_x.saturating_sub(area.x + 1),
        ..area
    };
    // The file's name gives way first (down to a few columns), so that
    // whether the map is modified and which filter is on still show.
    const SHORTEST_FILE: usize = 8;
    let others: usize = 7 + after
        .iter()
        .map(|s| crate::text::width(&s.content))
        .sum::<usize>();
    let room = usize::from(left.width).saturating_sub(others);
    let file = crate::text::truncate(&file, room.max(SHORTEST_FILE));
    let mut spans = vec![Span::styled(" cxmap ", theme.title()), Span::raw(file)];
    spans.extend(after);
    // The map's title and persona get what room is left, cut with an ellipsis.
    let used: usize = spans.iter().map(|s| crate::text::width(&s.content)).sum();
    let room = usize::from(left.width).saturating_sub(used);
    let map = app.map();
    let mut title = format!(" · {}", map.title);
    if !map.persona.is_empty() {
        title.push_str(&format!(" · {}", map.persona));
    }
    let title = crate::text::truncate(&title, room);
    spans.push(Span::styled(title, theme.dim()));
    Line::from(cut_spans(spans, usize::from(left.width))).render(left, buf);
    for (view, label, rect) in tabs {
        let style = if view == app.view() {
            theme.tab_active()
        } else {
            theme.dim()
        };
        buf.set_stringn(rect.x, rect.y, label, usize::from(rect.width), style);
    }
}

/// `spans` cut to `width` columns, the last shown ending in `…` when any
/// were cut: a line that does not fit says so.
pub fn cut_spans(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let mut out = Vec::with_capacity(spans.len());
    let mut used = 0;
    for span in spans {
        let w = crate::text::width(&span.content);
        if used + w <= width {
            used += w;
            out.push(span);
            continue;
        }
        let room = width.saturating_sub(used);
        if room > 0 {
            let cut = crate::text::truncate(&span.content, room);
            out.push(Span::styled(cut, span.style));
        } else if let Some(last) = out.pop() {
            // No room left at all: the span before gives its last column.
            let w = crate::text::width(&last.content);
            let cut = crate::text::truncate(&last.content, w.saturating_sub(1).max(1));
            let cut = if cut.ends_with('…') {
                cut
            } else {
                format!("{cut}…")
            };
            out.push(Span::styled(cut, last.style));
        }
        break;
    }
    out
}

/// The filter on in the view shown (`filter: pain points`), if any.
pub fn filter_note(app: &App) -> Option<String> {
    match app.view() {
        View::Board => app.board_filter().map(|f| format!("filter: {}", f.name())),
        View::Checks => app.checks_filter().describe(app.map()),
        View::Plan | View::Causes => None,
    }
}

/// The key hints, or a message. A message too long for one line takes the
/// lines above the footer too (until the next key), so that a reason at the
/// end of it is never cut off at 80 columns.
fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let Some(status) = app.status() else {
        let last = Rect {
            y: area.bottom().saturating_sub(1),
            height: 1,
            ..area
        };
        let mut hints = hint_spans(app, app.context());
        // With a filter on, how to take it off comes first.
        if app.context().is_view() && filter_note(app).is_some() {
            let key = match app.view() {
                View::Checks => keys::label(Action::ClearFilter, Context::Checks),
                _ => keys::label(Action::ClearFilter, Context::Board),
            };
            hints.splice(
                0..0,
                [
                    Span::styled(format!(" {key}"), theme.key()),
                    Span::raw(" clear filter "),
                ],
            );
        }
        Line::from(fit_hints(hints, area.width)).render(last, buf);
        return;
    };
    let style = if status.kind == StatusKind::Error {
        theme.error()
    } else {
        theme.base()
    };
    // The footer is as tall as the message (`App::screen`): its last row.
    let last = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    message_upward(&status.text, style, last, buf);
}

/// `text`, wrapped, with its last line on the row `last` and the others above
/// it (four lines at most).
pub fn message_upward(text: &str, style: Style, last: Rect, buf: &mut Buffer) {
    let mut lines = crate::text::wrap(text, usize::from(last.width.saturating_sub(2)));
    let rows = u16::try_from(lines.len()).unwrap_or(u16::MAX).clamp(1, 4);
    lines.truncate(usize::from(rows));
    let rect = Rect {
        y: last.y.saturating_sub(rows - 1),
        height: rows,
        ..last
    };
    ratatui::widgets::Clear.render(rect, buf);
    for (row, text) in (rect.y..).zip(lines) {
        let line_area = Rect {
            y: row,
            height: 1,
            ..rect
        };
        Line::styled(format!(" {text}"), style).render(line_area, buf);
    }
}

/// One cell: a single-column symbol written straight into the buffer, for
/// the curve's points and the board's rules, which are drawn by the hundred
/// (`set_string` segments each one into graphemes first).
pub fn put(buf: &mut Buffer, x: u16, y: u16, symbol: &str, style: Style) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        cell.set_symbol(symbol).set_style(style);
    }
}

/// The footer hints of a context, from the key table: `a add  e edit ...`.
pub fn hint_spans(app: &App, context: Context) -> Vec<Span<'static>> {
    keys::hints(context)
        .into_iter()
        .flat_map(|(key, what)| {
            [
                Span::styled(format!(" {key}"), app.theme().key()),
                Span::raw(format!(" {what} ")),
            ]
        })
        .collect()
}

/// Keeps as many hints as fit, always the last two (help and quit) among them.
fn fit_hints(spans: Vec<Span<'static>>, width: u16) -> Vec<Span<'static>> {
    let pairs: Vec<&[Span]> = spans.chunks(2).collect();
    let width_of = |pair: &[Span]| {
        pair.iter()
            .map(|s| crate::text::width(&s.content))
            .sum::<usize>()
    };
    let tail = pairs.len().saturating_sub(2);
    let mut budget =
        usize::from(width).saturating_sub(pairs[tail..].iter().map(|p| width_of(p)).sum());
    let mut kept = Vec::new();
    for pair in &pairs[..tail] {
        let w = width_of(pair);
        if w > budget {
            break;
        }
        budget -= w;
        kept.extend(pair.iter().cloned());
    }
    kept.extend(pairs[tail..].iter().flat_map(|p| p.iter().cloned()));
    kept
}

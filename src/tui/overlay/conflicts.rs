//! Settling merge conflicts: for each thing both sides changed, keep ours or
//! take theirs. Conflicts left for later stay in the map (and the file), and
//! the Checks view lists them.

use crate::model::{Side, resolve, resolve_all};
use crate::text::width;
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use crate::tui::render::{hint_spans, wrap_styled};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// The widest the list is drawn.
const WIDTH: u16 = 90;

pub struct ConflictList {
    pub selected: usize,
    /// Save once the last conflict is settled (the list came from a save).
    then_save: bool,
    then_quit: bool,
}

/// Conflicts a page key moves over.
const PAGE: usize = 10;

impl ConflictList {
    pub fn new(then_save: bool, then_quit: bool) -> ConflictList {
        ConflictList {
            selected: 0,
            then_save,
            then_quit,
        }
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        let count = app.map().conflicts.len();
        match keys::action_for(Context::Conflicts, &key) {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Some(Action::PageUp) => self.selected = self.selected.saturating_sub(PAGE),
            Some(Action::PageDown) => {
                self.selected = (self.selected + PAGE).min(count.saturating_sub(1))
            }
            Some(Action::First) => self.selected = 0,
            Some(Action::Last) => self.selected = count.saturating_sub(1),
            Some(Action::KeepOurs) => self.settle(app, Side::Ours, false),
            Some(Action::TakeTheirs) => self.settle(app, Side::Theirs, false),
            Some(Action::KeepAllOurs) => self.settle(app, Side::Ours, true),
            Some(Action::TakeAllTheirs) => self.settle(app, Side::Theirs, true),
            Some(Action::Cancel) => return false,
            _ => {}
        }
        if app.map().conflicts.is_empty() {
            if self.then_save {
                app.save(self.then_quit);
            }
            return false;
        }
        self.selected = self.selected.min(app.map().conflicts.len() - 1);
        true
    }

    /// Keeps ours or takes theirs: on the selected conflict, or on all of
    /// them as one step (those that cannot be taken stay, with the reason).
    fn settle(&mut self, app: &mut App, side: Side, all: bool) {
        let group = app.new_group();
        let (what, one) = match side {
            Side::Ours => ("keep ours in every conflict", "keep ours in a conflict"),
            Side::Theirs => ("take theirs in every conflict", "take theirs in a conflict"),
        };
        let (edit, left, label) = if all {
            let (edit, error) = resolve_all(app.map(), side);
            (Some(edit), error, what)
        } else {
            (resolve(app.map(), self.selected, side), None, one)
        };
        let Some(edit) = edit else { return };
        if let Err(error) = app.apply_in_group(edit, label, group) {
            app.error(format!("Cannot take that value: {error}"));
        } else if let Some(error) = left {
            let message = match app.map().conflicts.len() {
                1 => format!("1 is left, as it cannot be taken: {error}"),
                n => format!("{n} are left, as they cannot be taken (the first: {error})"),
            };
            app.error(message);
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let theme = app.theme();
        let map = app.map();
        // The rows come first, wrapped to the inside of the frame, so that
        // the frame is as tall as they are.
        let columns = usize::from(area.width.min(WIDTH).saturating_sub(2));
        let mut rows = wrap_styled(
            &Line::styled(
                "Ours is this window's value; theirs is the other side's (the file, or the branch).",
                theme.dim(),
            ),
            columns,
            0,
        );
        let hint = wrap_styled(&Line::from(hint_spans(app, Context::Conflicts)), columns, 0);
        // As many entries as fit around the selected one, each wrapped
        // whole; only those are wrapped, however many there are.
        let entry = |i: usize| {
            let conflict = &map.conflicts[i];
            let selected = i == self.selected;
            let style = if selected {
                theme.selected()
            } else {
                theme.base()
            };
            let marker = if selected { "▶ " } else { "  " };
            // Wrapped rows under the text, not under the marker.
            let line = Line::styled(format!("{marker}{}", conflict.describe(map)), style);
            wrap_styled(&line, columns, width(marker))
        };
        let count = map.conflicts.len();
        // A row above and below left free: the title bar and the footer.
        let room = usize::from(area.height.saturating_sub(4))
            .saturating_sub(rows.len() + hint.len() + 2)
            .max(1);
        let selected = self.selected.min(count.saturating_sub(1));
        let (mut first, mut last) = (selected, selected);
        let mut shown: Vec<Vec<Line<'static>>> = Vec::new();
        if count > 0 {
            shown.push(entry(selected));
        }
        let mut used = shown.iter().map(Vec::len).sum::<usize>();
        // Each entry wrapped once: kept if it fits, else the window ends.
        while first > 0 {
            let rows = entry(first - 1);
            if used + rows.len() > room {
                break;
            }
            first -= 1;
            used += rows.len();
            shown.insert(0, rows);
        }
        while last + 1 < count {
            let rows = entry(last + 1);
            if used + rows.len() > room {
                break;
            }
            last += 1;
            used += rows.len();
            shown.push(rows);
        }
        if first > 0 {
            rows.push(Line::styled(format!("  ↑ {first} more above"), theme.dim()));
        }
        rows.extend(shown.into_iter().flatten());
        if last + 1 < count {
            let below = count - last - 1;
            rows.push(Line::styled(format!("  ↓ {below} more below"), theme.dim()));
        }
        rows.extend(hint);
        let height = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX);
        let rect = super::centered(area, WIDTH, height);
        let inner = super::frame(
            app,
            rect,
            &format!("Changed on both sides: {}", map.conflicts.len()),
            buf,
        );
        for (y, row) in (inner.y..inner.bottom()).zip(rows) {
            row.render(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                buf,
            );
        }
    }
}

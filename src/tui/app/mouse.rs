//! The mouse, where the terminal sends it: a click selects, a double click
//! edits or opens, the wheel moves through the list, a click on a tab switches.

use super::{App, Selection, View};
use crate::tui::keys::Action;
use crate::tui::layout;
use crate::tui::overlay::Overlay;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use std::time::{Duration, Instant};

const DOUBLE_CLICK: Duration = Duration::from_millis(400);

impl App {
    pub(super) fn handle_mouse(&mut self, mouse: MouseEvent, now: Instant) {
        if let Some(Overlay::Present(_)) = self.overlays.last()
            && !layout::too_small(self.size)
        {
            let mut top = self.overlays.pop().expect("a layer");
            if let Overlay::Present(presenter) = &mut top {
                presenter.mouse(self, mouse);
            }
            self.overlays.push(top);
            return;
        }
        if !self.overlays.is_empty() || layout::too_small(self.size) {
            return;
        }
        let (x, y) = (mouse.column, mouse.row);
        match mouse.kind {
            MouseEventKind::ScrollDown => self.update(Action::Down),
            MouseEventKind::ScrollUp => self.update(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => {
                let double = matches!(self.last_click, Some((at, cx, cy)) if cx == x && cy == y && now.duration_since(at) <= DOUBLE_CLICK);
                self.last_click = if double { None } else { Some((now, x, y)) };
                self.click(x, y, double);
            }
            _ => {}
        }
        self.keep_in_view();
    }

    fn click(&mut self, x: u16, y: u16, double: bool) {
        let screen = self.screen(self.size);
        if y == screen.title.y {
            if let Some((view, _, _)) = self
                .tabs(screen.title)
                .into_iter()
                .find(|(_, _, r)| x >= r.left() && x < r.right())
            {
                self.view = view;
            }
            return;
        }
        let row = usize::from(y.saturating_sub(screen.body.y + 1));
        match self.view {
            View::Board => {
                if let Some((stage, card)) = self.card_at(screen.body, x, y) {
                    self.selection = Selection { stage, card };
                    if double {
                        self.update(Action::Edit);
                    }
                }
            }
            View::Plan if y > screen.body.y => {
                let index = self.plan_scroll + row;
                if self
                    .derived()
                    .plan
                    .get(index)
                    .is_some_and(|r| r.selectable())
                {
                    self.plan_selected = index;
                    if double {
                        self.update(Action::Open);
                    }
                }
            }
            View::Causes if y > screen.body.y => {
                let index = self.causes_scroll + row;
                if index < self.causes().rows.len() {
                    self.causes_selected = index;
                    if double {
                        self.update(Action::Open);
                    }
                }
            }
            View::Checks if y > screen.body.y => {
                let index = self.checks_scroll + row;
                if index < self.checks_len() {
                    self.checks_selected = index;
                    if double {
                        self.update(Action::Open);
                    }
                }
            }
            _ => {}
        }
    }
}

//! The choice of a filter: for the board (pain points, no customer words, a
//! wish, a check) or the Checks view (a check code). Its lines are the rows
//! of the key table, each a letter and what it shows.

use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterMenu {
    Board,
    Checks,
}

impl FilterMenu {
    pub fn context(self) -> Context {
        match self {
            FilterMenu::Board => Context::BoardFilter,
            FilterMenu::Checks => Context::ChecksFilter,
        }
    }

    /// Handles a key; returns whether the choice stays open.
    pub fn handle_key(self, app: &mut App, key: KeyEvent) -> bool {
        match keys::action_for(self.context(), &key) {
            Some(Action::PickFilter(filter)) => {
                app.set_board_filter(filter);
                false
            }
            Some(Action::PickCode(code)) => {
                app.set_checks_code(code);
                false
            }
            Some(Action::Cancel) => false,
            _ => true,
        }
    }

    /// Whether `action` picks what is on now.
    fn is_current(self, app: &App, action: Action) -> bool {
        match action {
            Action::PickFilter(filter) => app.board_filter() == filter,
            Action::PickCode(code) => app.checks_filter().code == code,
            _ => false,
        }
    }

    pub fn render(self, app: &App, area: Rect, buf: &mut Buffer) {
        let theme = app.theme();
        let mut lines: Vec<Line> = keys::bindings(self.context())
            .filter(|b| matches!(b.action, Action::PickFilter(_) | Action::PickCode(_)))
            .map(|b| {
                let current = self.is_current(app, b.action);
                let style = if current {
                    theme.selected()
                } else {
                    theme.base()
                };
                Line::from(vec![
                    Span::styled(format!(" {} ", keys::keys_label(b)), theme.key()),
                    Span::styled(format!(" {}", b.help), style),
                ])
            })
            .collect();
        lines.push(Line::from(super::super::render::hint_spans(
            app,
            self.context(),
        )));
        let title = match self {
            FilterMenu::Board => "Show only",
            FilterMenu::Checks => "List only the findings of",
        };
        let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
        let rect = super::centered(area, 60, height);
        let inner = super::frame(app, rect, title, buf);
        Paragraph::new(lines).render(inner, buf);
    }
}

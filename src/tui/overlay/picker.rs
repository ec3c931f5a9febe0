//! Choosing a touchpoint from a list narrowed by typing: the link for a root
//! cause, or where a new action goes.

use crate::model::{Edit, Principle, RootCause, TouchpointField, TouchpointId};
use crate::tui::app::App;
use crate::tui::input;
use crate::tui::keys::{self, Action, Context};
use crate::tui::overlay::{Overlay, Prompt, PromptPurpose};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickerPurpose {
    /// The root cause of a touchpoint, inside an editing session (`group`).
    RootCause { of: TouchpointId, group: u64 },
    /// A new action under this principle: pick its touchpoint, then name it.
    NewAction(Principle),
}

pub struct Picker {
    pub purpose: PickerPurpose,
    pub filter: TextArea<'static>,
    /// Every candidate: its id and how it reads in the list.
    entries: Vec<(TouchpointId, String)>,
    /// The entries that match the filter, by index into `entries`.
    shown: Vec<usize>,
    pub selected: usize,
}

impl Picker {
    pub fn new(app: &App, purpose: PickerPurpose, preselect: Option<TouchpointId>) -> Picker {
        let exclude = match &purpose {
            PickerPurpose::RootCause { of, .. } => Some(of.clone()),
            PickerPurpose::NewAction(_) => None,
        };
        let entries: Vec<(TouchpointId, String)> = app
            .map()
            .touchpoints()
            .filter(|(_, t)| Some(&t.id) != exclude.as_ref())
            .map(|(s, t)| (t.id.clone(), format!("{} › {}", s.name, t.name)))
            .collect();
        let selected = preselect
            .and_then(|id| entries.iter().position(|(e, _)| *e == id))
            .unwrap_or(0);
        let shown = (0..entries.len()).collect();
        Picker {
            purpose,
            filter: input::field("", false),
            entries,
            shown,
            selected,
        }
    }

    pub fn paste(&mut self, text: &str) {
        input::paste(&mut self.filter, text, false);
        self.refilter();
    }

    fn refilter(&mut self) {
        let query = input::text(&self.filter).to_lowercase();
        self.shown = (0..self.entries.len())
            .filter(|&i| self.entries[i].1.to_lowercase().contains(&query))
            .collect();
        self.selected = 0;
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        match keys::action_for(Context::List, &key) {
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => {
                self.selected = (self.selected + 1).min(self.shown.len().saturating_sub(1))
            }
            Some(Action::Cancel) => return false,
            Some(Action::Confirm) => {
                let Some(&index) = self.shown.get(self.selected) else {
                    return true;
                };
                self.choose(app, self.entries[index].0.clone());
                return false;
            }
            _ => {
                if input::type_key(&mut self.filter, key, false) {
                    self.refilter();
                }
            }
        }
        true
    }

    fn choose(&self, app: &mut App, chosen: TouchpointId) {
        match &self.purpose {
            PickerPurpose::RootCause { of, group } => {
                let name = app
                    .touchpoint(&chosen)
                    .map(|t| t.name.clone())
                    .unwrap_or_default();
                let field = TouchpointField::RootCause(Some(RootCause::Touchpoint(chosen)));
                let edit = Edit::SetTouchpoint {
                    id: of.clone(),
                    field,
                };
                if let Err(error) =
                    app.apply_in_group(edit, format!("root cause to '{name}'"), *group)
                {
                    app.error(error.to_string());
                }
            }
            PickerPurpose::NewAction(principle) => {
                let purpose = PromptPurpose::NewAction {
                    touchpoint: chosen,
                    principle: *principle,
                };
                app.open(Overlay::Prompt(Prompt::new(purpose, "")));
            }
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let theme = app.theme();
        let title = match &self.purpose {
            PickerPurpose::RootCause { .. } => {
                "Root cause: which touchpoint causes this?".to_owned()
            }
            PickerPurpose::NewAction(p) => {
                format!("New action under {}: for which touchpoint?", p.title())
            }
        };
        let rect = super::centered(area, 72, area.height.saturating_sub(4).max(8));
        let inner = super::frame(app, rect, &title, buf);
        if inner.height < 3 {
            return;
        }
        Span::styled("Type to narrow: ", theme.dim()).render(inner, buf);
        let filter_area = Rect {
            x: inner.x + 16,
            width: inner.width.saturating_sub(16),
            height: 1,
            ..inner
        };
        (&self.filter).render(filter_area, buf);
        let list = Rect {
            y: inner.y + 2,
            height: inner.height - 3,
            ..inner
        };
        let first = crate::tui::layout::list_scroll(0, self.selected, usize::from(list.height));
        for (row, &index) in self
            .shown
            .iter()
            .enumerate()
            .skip(first)
            .take(usize::from(list.height))
        {
            let y = list.y + (row - first) as u16;
            let text = crate::text::fit(
                &format!(" {}", self.entries[index].1),
                usize::from(list.width),
            );
            let style = if row == self.selected {
                theme.selected()
            } else {
                theme.base()
            };
            buf.set_string(list.x, y, text, style);
        }
        if self.shown.is_empty() {
            buf.set_string(list.x, list.y, " nothing matches", theme.dim());
        }
        let hints = Rect {
            y: inner.bottom() - 1,
            height: 1,
            ..inner
        };
        Line::from(super::super::render::hint_spans(app, Context::List)).render(hints, buf);
    }
}

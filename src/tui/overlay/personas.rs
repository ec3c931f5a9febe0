//! The list of personas (`P` on the board): which personas' curves the
//! emotion lane draws (five at most, a choice of this session that is never
//! saved), and the personas themselves: added, renamed, described, moved and
//! removed, each an edit that undoes like any other.

use super::{Overlay, Prompt, PromptPurpose};
use crate::model::{Edit, Persona};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The list, with the persona under the cursor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PersonaList {
    selected: usize,
}

impl PersonaList {
    /// Handles a key; returns whether the list stays open.
    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        let count = app.map().personas.len();
        self.selected = self.selected.min(count.saturating_sub(1));
        let persona = app.map().personas.get(self.selected).cloned();
        match keys::action_for(Context::Personas, &key) {
            Some(Action::Cancel) => return false,
            Some(Action::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Action::Down) => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            Some(Action::First) => self.selected = 0,
            Some(Action::Last) => self.selected = count.saturating_sub(1),
            // As on the board: a removed persona comes back, an added one
            // goes; the cursor stays where it was, within the list.
            Some(action @ (Action::Undo | Action::Redo)) => {
                if action == Action::Undo {
                    app.undo();
                } else {
                    app.redo();
                }
                let count = app.map().personas.len();
                self.selected = self.selected.min(count.saturating_sub(1));
            }
            Some(Action::AddPersona) => {
                let index = if count == 0 { 0 } else { self.selected + 1 };
                app.open(Overlay::Prompt(Prompt::new(
                    PromptPurpose::NewPersona { index },
                    "",
                )));
                self.selected = index;
            }
            Some(action) => {
                if let Some(persona) = persona {
                    self.on_persona(app, action, persona);
                } else {
                    let add = keys::label(Action::AddPersona, Context::Personas);
                    app.info(format!("No personas yet: {add} adds one"));
                }
            }
            None => {}
        }
        true
    }

    /// A key about the persona under the cursor.
    fn on_persona(&mut self, app: &mut App, action: Action, persona: Persona) {
        let count = app.map().personas.len();
        match action {
            Action::ToggleChoice => app.toggle_persona_curve(&persona.id),
            Action::Edit => app.open(Overlay::Prompt(Prompt::new(
                PromptPurpose::RenamePersona(persona.id),
                &persona.name,
            ))),
            Action::Describe => app.open(Overlay::Prompt(Prompt::new(
                PromptPurpose::DescribePersona {
                    id: persona.id,
                    just_added: false,
                },
                &persona.description,
            ))),
            Action::MoveUp | Action::MoveDown => {
                let up = action == Action::MoveUp;
                let index = if up {
                    self.selected.saturating_sub(1)
                } else {
                    (self.selected + 1).min(count - 1)
                };
                if index != self.selected {
                    let label = format!("move persona '{}'", persona.name);
                    let edit = Edit::MovePersona {
                        id: persona.id,
                        index,
                    };
                    if app.apply(edit, label) {
                        self.selected = index;
                    }
                }
            }
            Action::Delete => {
                let scored = (app.map().touchpoints())
                    .filter(|(_, t)| t.by_persona.iter().any(|s| s.persona == persona.id))
                    .count();
                let label = format!("remove persona '{}'", persona.name);
                if app.apply(Edit::RemovePersona(persona.id), label) {
                    let undo = keys::label(Action::Undo, Context::Personas);
                    app.info(format!(
                        "Persona '{}' removed, with its scores at {}; {undo} brings them back",
                        persona.name,
                        crate::text::count(scored, "touchpoint")
                    ));
                    self.selected = self.selected.min(count.saturating_sub(2));
                }
            }
            _ => {}
        }
    }

    pub fn render(self, app: &App, area: Rect, buf: &mut Buffer) {
        let theme = app.theme();
        let personas = &app.map().personas;
        let drawn = app.drawn_personas();
        let mut lines: Vec<Line> = Vec::new();
        if personas.is_empty() {
            lines.push(Line::styled(
                "No personas yet. A persona's own scores draw a curve of its own;",
                theme.dim(),
            ));
            lines.push(Line::styled(
                "where it has none, it feels the map-wide score.",
                theme.dim(),
            ));
        }
        for (i, p) in personas.iter().enumerate() {
            let glyph = drawn
                .iter()
                .position(|d| d.id == p.id)
                .map_or(" ", |at| super::super::render::curve::PERSONA_GLYPHS[at]);
            let mark = if glyph == " " { "[ ]" } else { "[x]" };
            let style = if i == self.selected {
                theme.selected()
            } else {
                theme.base()
            };
            let mut spans = vec![
                Span::styled(format!(" {mark} {glyph} "), style),
                Span::styled(p.name.clone(), style),
            ];
            if !p.description.is_empty() {
                spans.push(Span::styled(format!("  {}", p.description), theme.dim()));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::raw(""));
        let width = area.width.min(72);
        let hints = Line::from(super::super::render::hint_spans(app, Context::Personas));
        let columns = usize::from(width.saturating_sub(2)).max(1);
        let hint_rows = hints.width().div_ceil(columns).max(1);
        lines.push(hints);
        let height = u16::try_from(lines.len() + hint_rows - 1 + 2).unwrap_or(u16::MAX);
        let rect = super::centered(area, width, height);
        let inner = super::frame(app, rect, "Personas: [x] curve drawn", buf);
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .render(inner, buf);
    }
}

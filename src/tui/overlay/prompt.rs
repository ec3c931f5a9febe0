//! One line of input: a name typed in place on the board, a search, an
//! owner, a due date, a file name. Enter confirms, Esc cancels.

use crate::model::{
    Action, ActionField, ActionId, Date, Edit, MapField, PersonaField, PersonaId, Principle, Stage,
    StageId, Touchpoint, TouchpointId,
};
use crate::tui::app::{App, Selection};
use crate::tui::input;
use crate::tui::keys::{self, Action as Key, Context};
use crate::tui::layout::Screen;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    NewTouchpoint {
        stage: StageId,
        index: usize,
    },
    NewStage {
        index: usize,
    },
    RenameStage(StageId),
    Find {
        origin: Selection,
    },
    Owner(ActionId),
    Due(ActionId),
    NewAction {
        touchpoint: TouchpointId,
        principle: Principle,
    },
    SaveAs {
        then_quit: bool,
    },
    /// The map's title; the persona's prompt follows.
    Title,
    Persona,
    /// A persona's name, to add it at `index`; its description's prompt follows.
    NewPersona {
        index: usize,
    },
    RenamePersona(PersonaId),
    /// A persona's line of description: asked for by itself (`t` in the
    /// list), or right after the persona was added (`just_added`), when the
    /// prompt says it may be skipped.
    DescribePersona {
        id: PersonaId,
        just_added: bool,
    },
}

impl PromptPurpose {
    /// Drawn in place on the board rather than on the bottom line.
    pub fn is_inline(&self) -> bool {
        matches!(
            self,
            PromptPurpose::NewTouchpoint { .. }
                | PromptPurpose::NewStage { .. }
                | PromptPurpose::RenameStage(_)
        )
    }

    /// What the bottom line asks for. A persona's description names the
    /// persona, so that the step after naming one reads as its own.
    fn label(&self, app: &App) -> String {
        if let PromptPurpose::DescribePersona { id, just_added } = self {
            let name = app.map().persona(id).map_or("", |p| p.name.as_str());
            let name = crate::text::truncate(name, MAX_NAME);
            let skip = if *just_added {
                let confirm = keys::label(Key::Confirm, Context::Input);
                format!(" ({confirm} to skip)")
            } else {
                String::new()
            };
            return format!("{name}: who they are, in a line{skip}");
        }
        self.fixed_label().to_owned()
    }

    fn fixed_label(&self) -> &'static str {
        match self {
            PromptPurpose::NewTouchpoint { .. } => "New touchpoint",
            PromptPurpose::NewStage { .. } => "New stage",
            PromptPurpose::RenameStage(_) => "Rename stage",
            PromptPurpose::Find { .. } => "Find",
            PromptPurpose::Owner(_) => "Owner",
            PromptPurpose::Due(_) => "Due (YYYY-MM-DD, empty for none)",
            PromptPurpose::NewAction { .. } => "New action",
            PromptPurpose::SaveAs { .. } => "Save as",
            PromptPurpose::Title => "Map title",
            PromptPurpose::Persona => "Persona (who the journey is about)",
            PromptPurpose::NewPersona { .. } => "New persona's name",
            PromptPurpose::RenamePersona(_) => "Rename persona",
            PromptPurpose::DescribePersona { .. } => "Who they are, in a line",
        }
    }
}

/// The most of a persona's name a prompt's label shows, in columns: the
/// field keeps room to type in.
const MAX_NAME: usize = 24;

pub struct Prompt {
    pub purpose: PromptPurpose,
    pub input: TextArea<'static>,
    pub error: Option<String>,
    /// For Find: which match is selected, and how many there are.
    matches: (usize, usize),
}

impl Prompt {
    /// A prompt holding `text` (an owner, a due date, a stage's name),
    /// selected: typing replaces it, a key that moves keeps it to change.
    pub fn new(purpose: PromptPurpose, text: &str) -> Prompt {
        Prompt {
            purpose,
            input: input::field_selected(text),
            error: None,
            matches: (0, 0),
        }
    }

    pub fn text(&self) -> String {
        input::text(&self.input)
    }

    pub fn paste(&mut self, text: &str) {
        input::paste(&mut self.input, text, false);
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        match keys::action_for(Context::Input, &key) {
            Some(Key::Confirm) => !self.confirm(app),
            Some(Key::Cancel) => {
                if let PromptPurpose::Find { origin } = self.purpose {
                    app.select(origin);
                }
                false
            }
            Some(Key::NextMatch) if self.is_find() => {
                self.find(app, 1);
                true
            }
            Some(Key::PrevMatch) if self.is_find() => {
                self.find(app, -1);
                true
            }
            _ => {
                if input::type_key(&mut self.input, key, false) {
                    self.error = None;
                    if self.is_find() {
                        self.find(app, 0);
                    }
                }
                true
            }
        }
    }

    fn is_find(&self) -> bool {
        matches!(self.purpose, PromptPurpose::Find { .. })
    }

    /// Selects a match: the first from where the search started (`step` 0),
    /// or the next or previous one.
    fn find(&mut self, app: &mut App, step: isize) {
        let PromptPurpose::Find { origin } = self.purpose else {
            return;
        };
        let query = self.text().to_lowercase();
        let found: Vec<Selection> = app
            .map()
            .stages
            .iter()
            .enumerate()
            .flat_map(|(s, stage)| {
                stage.touchpoints.iter().enumerate().filter_map({
                    let query = &query;
                    move |(t, tp)| {
                        tp.name
                            .to_lowercase()
                            .contains(query.as_str())
                            .then_some(Selection {
                                stage: s,
                                card: Some(t),
                            })
                    }
                })
            })
            .collect();
        if query.is_empty() || found.is_empty() {
            self.matches = (0, found.len() * usize::from(!query.is_empty()));
            app.select(origin);
            return;
        }
        let index = if step == 0 {
            let start = (origin.stage, origin.card.unwrap_or(0));
            found
                .iter()
                .position(|s| (s.stage, s.card.unwrap_or(0)) >= start)
                .unwrap_or(0)
        } else {
            (self.matches.0 as isize + step).rem_euclid(found.len() as isize) as usize
        };
        self.matches = (index, found.len());
        app.select(found[index]);
    }

    /// Does what the prompt is for; returns whether it is done (and closes).
    /// At a session's end: what is typed becomes the name, owner, date or
    /// action it was typed for. A search or a file name is not acted on.
    pub fn flush(&mut self, app: &mut App) {
        let acted_on = !matches!(
            self.purpose,
            PromptPurpose::Find { .. } | PromptPurpose::SaveAs { .. }
        );
        if self.purpose == PromptPurpose::Title {
            set_map(app, MapField::Title(self.text().trim().to_owned()));
        } else if acted_on && !self.text().trim().is_empty() {
            self.confirm(app);
        }
    }

    fn confirm(&mut self, app: &mut App) -> bool {
        let text = self.text().trim().to_owned();
        match self.purpose.clone() {
            PromptPurpose::NewTouchpoint { stage, index } => {
                new_touchpoint(app, stage, index, &text)
            }
            PromptPurpose::NewStage { index } => new_stage(app, index, &text),
            PromptPurpose::RenameStage(id) => {
                let unchanged = app.map().stage(&id).is_some_and(|s| s.name == text);
                if !text.is_empty() && !unchanged {
                    let label = format!("rename stage to '{text}'");
                    app.apply(
                        Edit::SetStage {
                            id,
                            field: crate::model::StageField::Name(text),
                        },
                        label,
                    );
                }
            }
            PromptPurpose::Find { .. } => {
                if self.matches.1 == 0 && !text.is_empty() {
                    app.info(format!("No touchpoint is called anything like '{text}'"));
                }
            }
            PromptPurpose::Owner(id) => {
                let label = format!("owner to '{text}'");
                let field = ActionField::Owner(text);
                app.apply(Edit::SetAction { id, field }, label);
            }
            PromptPurpose::Due(id) => return self.set_due(app, id, &text),
            PromptPurpose::NewAction {
                touchpoint,
                principle,
            } => new_action(app, &touchpoint, principle, &text),
            PromptPurpose::SaveAs { then_quit } => return self.save_as(app, &text, then_quit),
            PromptPurpose::Title => {
                set_map(app, MapField::Title(text));
                let persona = app.map().persona.clone();
                app.open(super::Overlay::Prompt(Prompt::new(
                    PromptPurpose::Persona,
                    &persona,
                )));
            }
            PromptPurpose::Persona => set_map(app, MapField::Persona(text)),
            PromptPurpose::NewPersona { index } => new_persona(app, index, &text),
            PromptPurpose::RenamePersona(id) => {
                set_persona(app, id, PersonaField::Name(text));
            }
            PromptPurpose::DescribePersona { id, .. } => {
                set_persona(app, id, PersonaField::Description(text));
            }
        }
        true
    }

    /// A due date typed: a date, or none. Returns false (and says why) when
    /// it is no date.
    fn set_due(&mut self, app: &mut App, id: ActionId, text: &str) -> bool {
        let due = if text.is_empty() {
            None
        } else {
            match text.parse::<Date>() {
                Ok(date) => Some(date),
                Err(message) => {
                    self.error = Some(message);
                    return false;
                }
            }
        };
        let label = due.map_or("due date cleared".to_owned(), |d| format!("due {d}"));
        let field = ActionField::Due(due);
        app.apply(Edit::SetAction { id, field }, label);
        true
    }

    /// Saves the map under the name typed, never over a file that is there.
    fn save_as(&mut self, app: &mut App, text: &str, then_quit: bool) -> bool {
        if text.is_empty() {
            return true;
        }
        let path = PathBuf::from(text);
        if path.symlink_metadata().is_ok() {
            self.error = Some(format!("{text} already exists; choose another name"));
            return false;
        }
        if let Err(error) = app.save_as(&path, then_quit) {
            self.error = Some(error.to_string());
            return false;
        }
        true
    }

    /// Inline prompts draw their field on the board; every prompt uses the
    /// bottom line for its label, hints or error.
    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let footer = Screen::new(area).footer;
        let theme = app.theme();
        // Reset, not patched: a style only added to would keep the bold
        // colour of the hints drawn there before.
        for x in footer.left()..footer.right() {
            buf[(x, footer.y)].reset();
        }
        buf.set_style(footer, theme.base());
        let label = format!(" {}: ", self.purpose.label(app));
        if self.purpose.is_inline() {
            let mut spans = vec![Span::styled(label, theme.title())];
            match &self.error {
                Some(error) => spans.push(Span::styled(error.clone(), theme.error())),
                None => spans.extend(super::super::render::hint_spans(app, Context::Input)),
            }
            Line::from(spans).render(footer, buf);
            return;
        }
        let label_width = crate::text::width(&label) as u16;
        Span::styled(label, theme.title()).render(footer, buf);
        let mut after = String::new();
        if self.is_find() && !self.text().is_empty() {
            after = match self.matches {
                (_, 0) => " no match".to_owned(),
                (i, n) => format!(
                    " {}/{n} ({} {} more)",
                    i + 1,
                    keys::label(Key::NextMatch, Context::Input),
                    keys::label(Key::PrevMatch, Context::Input)
                ),
            };
        }
        if let Some(error) = &self.error {
            // Above the field, so that it is read whole and the field keeps
            // its width.
            let above = Rect {
                y: footer.y.saturating_sub(1),
                ..footer
            };
            super::super::render::message_upward(error, theme.error(), above, buf);
        }
        let after_width = (crate::text::width(&after) as u16).min(footer.width / 2);
        let field = Rect {
            x: footer.x + label_width,
            width: footer.width.saturating_sub(label_width + after_width),
            ..footer
        };
        crate::tui::input::render_marked(&self.input, field, buf);
        let after_rect = Rect {
            x: field.right(),
            width: after_width,
            ..footer
        };
        Span::styled(after, theme.dim()).render(after_rect, buf);
    }
}

/// Sets the map's title or persona if it changed; a title is never left
/// empty.
fn set_map(app: &mut App, field: MapField) {
    let unchanged = field.key().read(app.map()) == field;
    let label = match &field {
        MapField::Title(t) if t.is_empty() => return,
        MapField::Title(t) => format!("title to '{t}'"),
        MapField::Persona(p) if p.is_empty() => "persona cleared".to_owned(),
        MapField::Persona(p) => format!("persona to '{p}'"),
    };
    if !unchanged {
        app.apply(Edit::SetMap(field), label);
    }
}

fn new_touchpoint(app: &mut App, stage: StageId, index: usize, text: &str) {
    if text.is_empty() {
        return;
    }
    let touchpoint = Touchpoint::new(app.map().fresh_touchpoint_id(), text.to_owned());
    let id = touchpoint.id.clone();
    let edit = Edit::AddTouchpoint {
        stage,
        index,
        touchpoint,
    };
    if app.apply(edit, format!("add touchpoint '{text}'")) {
        app.select_touchpoint(&id);
        app.info(format!(
            "Added '{text}': {} sets its wish, {} and {} its emotion, {} edits the rest",
            keys::label(Key::Wish, Context::Board),
            keys::label(Key::EmotionUp, Context::Board),
            keys::label(Key::EmotionDown, Context::Board),
            keys::label(Key::Edit, Context::Board)
        ));
    }
}

fn new_stage(app: &mut App, index: usize, text: &str) {
    if text.is_empty() {
        return;
    }
    let stage = Stage {
        id: app.map().fresh_stage_id(),
        name: text.to_owned(),
        touchpoints: Vec::new(),
    };
    if app.apply(
        Edit::AddStage { index, stage },
        format!("add stage '{text}'"),
    ) {
        app.select(Selection {
            stage: index,
            card: None,
        });
        app.info(format!(
            "Added stage '{text}': {} adds its first touchpoint",
            keys::label(Key::AddTouchpoint, Context::Board)
        ));
    }
}

fn new_action(app: &mut App, touchpoint: &TouchpointId, principle: Principle, text: &str) {
    if text.is_empty() {
        return;
    }
    let Some(tp) = app.touchpoint(touchpoint) else {
        return;
    };
    let index = tp.actions.len();
    let mut action = Action::new(app.map().fresh_action_id(), text.to_owned(), principle);
    action.owner = app.default_owner().unwrap_or_default().to_owned();
    let id = action.id.clone();
    let edit = Edit::AddAction {
        touchpoint: touchpoint.clone(),
        index,
        action,
    };
    if app.apply(edit, format!("add action '{text}'")) {
        app.select_plan_action(&id);
        let mut said = format!("Added '{text}' under {}", principle.title());
        // From the Plan view; in the touchpoint editor, o and t are no keys.
        if !matches!(app.top_overlay(), Some(super::Overlay::Editor(_))) {
            said.push_str(&format!(
                ": {} sets its owner, {} its due date",
                keys::label(Key::SetOwner, Context::Plan),
                keys::label(Key::SetDue, Context::Plan)
            ));
        }
        app.info(said);
    }
}

/// A persona named `name` added at `index`; then the prompt for its line
/// of description. Nothing for an empty name.
fn new_persona(app: &mut App, index: usize, name: &str) {
    if name.is_empty() {
        return;
    }
    let persona = crate::model::Persona::new(app.map().fresh_persona_id(), name);
    let id = persona.id.clone();
    let index = index.min(app.map().personas.len());
    if app.apply(
        Edit::AddPersona { index, persona },
        format!("add persona '{name}'"),
    ) {
        app.open(super::Overlay::Prompt(Prompt::new(
            PromptPurpose::DescribePersona {
                id,
                just_added: true,
            },
            "",
        )));
    }
}

/// A persona's name (never empty) or description, when it changes.
fn set_persona(app: &mut App, id: PersonaId, field: PersonaField) {
    let Some(persona) = app.map().persona(&id) else {
        return;
    };
    let unchanged = field.key().read(persona) == field;
    if unchanged || matches!(&field, PersonaField::Name(name) if name.is_empty()) {
        return;
    }
    let label = format!("{} of persona '{}'", field.key().label(), persona.name);
    app.apply(Edit::SetPersona { id, field }, label);
}

//! The touchpoint editor: every field of a touchpoint in one form. Changes
//! apply as each field is left (so nothing typed is lost), and the whole
//! session undoes as one step.

mod fields;
mod view;

pub use fields::{Field, verbatims_to_text};
use fields::{fields, parse, text_of};

use super::editor::{self, Form, Outcome};
use super::{ActionEditor, Overlay, Picker, PickerPurpose, Prompt, PromptPurpose};
use crate::model::{
    Basis, Edit, Emotion, Persona, PersonaScore, Principle, RootCause, Touchpoint, TouchpointField,
    TouchpointId, TouchpointKey as K, Wish,
};
use crate::tui::app::App;
use crate::tui::keys::{Action, Context};
use ratatui::crossterm::event::KeyEvent;
use std::collections::BTreeSet;

/// The touchpoint an editor is open on.
pub struct TouchpointItem {
    pub id: TouchpointId,
}

impl TouchpointItem {
    fn get<'a>(&self, app: &'a App) -> Option<&'a Touchpoint> {
        app.touchpoint(&self.id)
    }
}

impl editor::Item for TouchpointItem {
    type Row = Field;

    fn rows(&self, app: &App) -> Vec<Field> {
        self.get(app).map(fields).unwrap_or_default()
    }

    fn exists(&self, app: &App) -> bool {
        self.get(app).is_some()
    }

    fn text(&self, app: &App, field: Field) -> Option<String> {
        self.get(app).and_then(|tp| text_of(tp, field))
    }

    fn multiline(field: Field) -> bool {
        field.multiline()
    }

    fn context(field: Field) -> Option<Context> {
        field.context()
    }

    fn parse(&self, app: &App, field: Field, text: &str) -> Result<Option<Edit>, String> {
        let (Some(tp), Some(value)) = (self.get(app), parse(field, text)?) else {
            return Ok(None);
        };
        let changed = value != value.key().read(tp);
        Ok(changed.then(|| Edit::SetTouchpoint {
            id: self.id.clone(),
            field: value,
        }))
    }

    fn label(&self, app: &App, field: Field) -> String {
        let name = self.get(app).map_or("", |t| t.name.as_str());
        format!("edit '{name}' ({})", field.label().to_lowercase())
    }

    fn typed_over(field: Field) -> bool {
        field == Field::Of(K::RootCause)
    }
}

pub struct Editor {
    form: Form<TouchpointItem>,
    risk_cursor: usize,
    /// On the personas' scores: persona `n`'s emotion is cell `2n`, its aim `2n + 1`.
    persona_cursor: usize,
}

impl Editor {
    pub fn new(app: &App, touchpoint: TouchpointId, group: u64) -> Editor {
        let item = TouchpointItem { id: touchpoint };
        Editor {
            form: Form::new(app, item, group, Field::Of(K::Name)),
            risk_cursor: 0,
            persona_cursor: 0,
        }
    }

    fn tp<'a>(&self, app: &'a App) -> Option<&'a Touchpoint> {
        self.form.item.get(app)
    }

    /// Shows the focused field's value anew if it changed in the map while
    /// nothing was typed in it (a link chosen in the picker, a change merged
    /// from disk).
    pub fn refresh(&mut self, app: &App) {
        self.form.refresh(app);
    }

    fn apply(&mut self, app: &mut App, field: TouchpointField, label: String) {
        let edit = Edit::SetTouchpoint {
            id: self.form.item.id.clone(),
            field,
        };
        self.form.apply(app, edit, label);
    }

    /// Applies the field being typed, quietly: for the recovery copy.
    pub fn commit_quietly(&mut self, app: &mut App) {
        self.form.commit_quietly(app);
    }

    pub fn paste(&mut self, text: &str) {
        self.form.paste(text);
    }

    /// Where the keys that apply now are in the key table.
    pub fn contexts(&self) -> Vec<Context> {
        self.form.contexts()
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        if self.tp(app).is_none() {
            return false;
        }
        // The focused field's own keys first, then the form's.
        if let Some(action) = self.form.row_action(&key) {
            self.field_action(app, action, key);
            return true;
        }
        match self.form.form_key(app, key) {
            Outcome::Close => {
                // A session that changed something and changed it back
                // leaves nothing to undo or save.
                app.forget_group_if_unchanged(self.form.group, &self.form.item.id);
                false
            }
            Outcome::Confirm => {
                self.form.move_focus(app, 1);
                true
            }
            Outcome::Stay => true,
        }
    }

    /// A key of the focused field's own, from the key table.
    fn field_action(&mut self, app: &mut App, action: Action, key: KeyEvent) {
        match (self.form.focus, action) {
            (_, Action::Help) => app.open(Overlay::Help(0)),
            (_, Action::NewLine) => self.form.type_key(key),
            // Backspace clears a link; in a cause typed as text, it deletes.
            (Field::Of(K::RootCause), Action::ClearValue) if self.form.text.is_some() => {
                self.form.type_key(key)
            }
            (Field::Of(K::RootCause), Action::ClearValue) => {
                let name = self.tp(app).map(|t| t.name.clone()).unwrap_or_default();
                self.apply(
                    app,
                    TouchpointField::RootCause(None),
                    format!("root cause of '{name}' cleared"),
                );
            }
            (Field::Of(K::RootCause), Action::Link) => self.link_cause(app),
            (Field::Of(K::Wish), _) => self.wish_action(app, action),
            (Field::Of(key @ (K::Emotion | K::ToBeEmotion)), _) => {
                self.emotion_action(app, key, action)
            }
            (Field::Of(K::Basis), _) => self.basis_action(app, action),
            (Field::Of(K::AtRisk), _) => self.risk_action(app, action),
            (Field::Of(K::ByPersona), _) => self.persona_action(app, action),
            (Field::Action(i), _) => self.action_row(app, i, action),
            (Field::AddAction, Action::AddAction) => self.add_action(app),
            _ => {}
        }
    }

    /// Enter on the root cause: the list of touchpoints to link.
    fn link_cause(&mut self, app: &mut App) {
        if !self.form.commit(app) {
            return;
        }
        let current = match self.tp(app).and_then(|t| t.root_cause.clone()) {
            Some(RootCause::Touchpoint(id)) => Some(id),
            _ => None,
        };
        let purpose = PickerPurpose::RootCause {
            of: self.form.item.id.clone(),
            group: self.form.group,
        };
        let picker = Picker::new(app, purpose, current);
        app.open(Overlay::Picker(picker));
    }

    /// Enter on "+ add an action": its name, under the first principle at risk.
    fn add_action(&mut self, app: &mut App) {
        let Some(tp) = self.tp(app) else { return };
        let principle = tp
            .at_risk
            .iter()
            .next()
            .copied()
            .unwrap_or(Principle::Respond);
        let purpose = PromptPurpose::NewAction {
            touchpoint: self.form.item.id.clone(),
            principle,
        };
        app.open(Overlay::Prompt(Prompt::new(purpose, "")));
    }

    fn wish_action(&mut self, app: &mut App, action: Action) {
        let Some(tp) = self.tp(app) else { return };
        let order = [
            None,
            Some(Wish::Conscious),
            Some(Wish::Subconscious),
            Some(Wish::Deception),
            Some(Wish::Invisible),
        ];
        let at = order.iter().position(|w| *w == tp.wish).unwrap_or(0);
        let new = match action {
            Action::SetWish(wish) => Some(wish),
            Action::ClearValue => None,
            Action::PrevChoice => order[(at + order.len() - 1) % order.len()],
            Action::NextChoice => order[(at + 1) % order.len()],
            _ => return,
        };
        if new != tp.wish {
            let label = format!("wish of '{}'", tp.name);
            self.apply(app, TouchpointField::Wish(new), label);
        }
    }

    /// Keys on an emotion: as it is, or the team's aim.
    fn emotion_action(&mut self, app: &mut App, key: K, action: Action) {
        let Some(tp) = self.tp(app) else { return };
        let (e, field): (_, fn(_) -> TouchpointField) = match key {
            K::ToBeEmotion => (tp.to_be_emotion, TouchpointField::ToBeEmotion),
            _ => (tp.emotion, TouchpointField::Emotion),
        };
        let new = match action {
            Action::EmotionUp => Some(Emotion::step_up(e)),
            Action::EmotionDown => Some(Emotion::step_down(e)),
            Action::EmotionNeutral => Some(Emotion::NEUTRAL),
            Action::EmotionClear => None,
            _ => return,
        };
        if new != e {
            let label = format!("{} of '{}'", key.label(), tp.name);
            self.apply(app, field(new), label);
        }
    }

    /// Keys on the personas' scores: move between them, or step the one
    /// under the cursor; clearing it gives the persona the map-wide score.
    fn persona_action(&mut self, app: &mut App, action: Action) {
        let Some(tp) = self.tp(app) else { return };
        let personas = &app.map().personas;
        let last = (personas.len() * 2).saturating_sub(1);
        let Some(persona) = personas.get(self.persona_cursor / 2) else {
            return;
        };
        let aim = self.persona_cursor % 2 == 1;
        let mut entry = (tp
            .by_persona
            .iter()
            .find(|s| s.persona == persona.id)
            .cloned())
        .unwrap_or_else(|| PersonaScore::unset(persona.id.clone()));
        let own = if aim {
            &mut entry.to_be_emotion
        } else {
            &mut entry.emotion
        };
        let shown = if aim {
            tp.scores_of(&persona.id).to_be
        } else {
            tp.scores_of(&persona.id).emotion
        };
        let new = match action {
            Action::PrevChoice => {
                self.persona_cursor = self.persona_cursor.saturating_sub(1);
                return;
            }
            Action::NextChoice => {
                self.persona_cursor = (self.persona_cursor + 1).min(last);
                return;
            }
            Action::EmotionUp => Some(Emotion::step_up(shown)),
            Action::EmotionDown => Some(Emotion::step_down(shown)),
            Action::EmotionNeutral => Some(Emotion::NEUTRAL),
            Action::EmotionClear => None,
            _ => return,
        };
        if new == *own {
            return;
        }
        *own = new;
        let label = format!(
            "{} of '{}' for '{}'",
            if aim { "to-be emotion" } else { "emotion" },
            tp.name,
            persona.name
        );
        let scores = with_entry(&tp.by_persona, entry, personas);
        self.apply(app, TouchpointField::ByPersona(scores), label);
    }

    fn basis_action(&mut self, app: &mut App, action: Action) {
        let Some(tp) = self.tp(app) else { return };
        let new = match action {
            Action::SetBasis(basis) => basis,
            Action::PrevChoice | Action::NextChoice => flip(tp.basis),
            _ => return,
        };
        if new != tp.basis {
            let label = format!("basis of '{}'", tp.name);
            self.apply(app, TouchpointField::Basis(new), label);
        }
    }

    fn risk_action(&mut self, app: &mut App, action: Action) {
        let Some(tp) = self.tp(app) else { return };
        let last = Principle::ALL.len() - 1;
        let toggle = match action {
            Action::PrevChoice => {
                self.risk_cursor = self.risk_cursor.saturating_sub(1);
                return;
            }
            Action::NextChoice => {
                self.risk_cursor = (self.risk_cursor + 1).min(last);
                return;
            }
            Action::ToggleChoice => self.risk_cursor,
            Action::TogglePrinciple(p) => Principle::ALL.iter().position(|q| *q == p).unwrap_or(0),
            _ => return,
        };
        self.risk_cursor = toggle;
        let p = Principle::ALL[toggle];
        let mut set: BTreeSet<Principle> = tp.at_risk.clone();
        if !set.remove(&p) {
            set.insert(p);
        }
        let label = format!("principles at risk at '{}'", tp.name);
        self.apply(app, TouchpointField::AtRisk(set), label);
    }

    /// Keys on one of the touchpoint's actions: edit, tick, delete.
    fn action_row(&mut self, app: &mut App, i: usize, key: Action) {
        let Some(tp) = self.tp(app) else { return };
        let name = tp.name.clone();
        let Some(action) = tp.actions.get(i) else {
            return;
        };
        let id = action.id.clone();
        let (edit, label) = match key {
            Action::Edit => {
                let editor = ActionEditor::new(app, id, self.form.group);
                app.open(Overlay::ActionEditor(Box::new(editor)));
                return;
            }
            Action::ToggleDone => {
                let field = crate::model::ActionField::Done(!action.done);
                let edit = Edit::SetAction { id, field };
                (edit, format!("action of '{name}'"))
            }
            Action::Delete => (Edit::RemoveAction(id), format!("delete action of '{name}'")),
            _ => return,
        };
        self.form.apply(app, edit, label);
        if key == Action::Delete {
            let left_actions = self.tp(app).map_or(0, |t| t.actions.len());
            self.form.focus = if left_actions == 0 {
                Field::AddAction
            } else {
                Field::Action(i.min(left_actions - 1))
            };
        }
    }
}

/// `scores` with `entry` in place of its persona's (dropped when it sets
/// nothing), in the order of the map's personas.
fn with_entry(
    scores: &[PersonaScore],
    entry: PersonaScore,
    personas: &[Persona],
) -> Vec<PersonaScore> {
    let mut all: Vec<PersonaScore> = (scores.iter())
        .filter(|s| s.persona != entry.persona)
        .cloned()
        .collect();
    if !entry.is_empty() {
        all.push(entry);
    }
    let rank = |s: &PersonaScore| personas.iter().position(|p| p.id == s.persona);
    all.sort_by_key(rank);
    all
}

fn flip(basis: Basis) -> Basis {
    match basis {
        Basis::Research => Basis::Assumption,
        Basis::Assumption => Basis::Research,
    }
}

//! The touchpoint editor: every field of a touchpoint in one form. Changes
//! apply as each field is left (so nothing typed is lost), and the whole
//! session undoes as one step.

mod fields;
mod view;

pub use fields::{Field, verbatims_from_text, verbatims_to_text};
use fields::{fields, text_of};

use super::{ActionEditor, Overlay, Picker, PickerPurpose, Prompt, PromptPurpose};
use crate::model::{
    Basis, Edit, Emotion, Principle, RootCause, Touchpoint, TouchpointField, TouchpointId, Wish,
};
use crate::tui::app::App;
use crate::tui::input;
use crate::tui::keys::{self, Action, Context};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;
use std::collections::BTreeSet;

pub struct Editor {
    pub touchpoint: TouchpointId,
    group: u64,
    focus: Field,
    /// The focused field's text, while it is a text field (not a choice or
    /// a link).
    text: Option<input::Draft>,
    risk_cursor: usize,
    error: Option<String>,
}

impl Editor {
    pub fn new(app: &App, touchpoint: TouchpointId, group: u64) -> Editor {
        let mut editor = Editor {
            touchpoint,
            group,
            focus: Field::Name,
            text: None,
            risk_cursor: 0,
            error: None,
        };
        editor.load(app);
        editor
    }

    fn tp<'a>(&self, app: &'a App) -> Option<&'a Touchpoint> {
        app.map().touchpoint(&self.touchpoint)
    }

    /// Fills the text buffer for the focused field from the map.
    fn load(&mut self, app: &App) {
        let multiline = self.focus.multiline();
        self.text = self
            .current(app)
            .map(|value| input::Draft::new(&value, multiline));
    }

    /// The focused field's value as text, if it is a text field.
    fn current(&self, app: &App) -> Option<String> {
        self.tp(app).and_then(|tp| text_of(tp, self.focus))
    }

    /// Shows the focused field's value anew if it changed in the map while
    /// nothing was typed in it (a link chosen in the picker, a change merged
    /// from disk).
    pub fn refresh(&mut self, app: &App) {
        if input::stale(self.text.as_ref(), self.current(app).as_deref()) {
            self.load(app);
        }
    }

    fn apply(&mut self, app: &mut App, field: TouchpointField, label: String) {
        let edit = Edit::SetTouchpoint {
            id: self.touchpoint.clone(),
            field,
        };
        if let Err(error) = app.doc.apply_in_group(edit, label, Some(self.group)) {
            self.error = Some(error.to_string());
        }
    }

    /// Applies the field being typed without leaving it, and without a word
    /// if it cannot be taken yet: for the recovery copy.
    pub fn commit_quietly(&mut self, app: &mut App) {
        let shown = self.error.clone();
        if !self.commit(app) {
            self.error = shown;
        }
    }

    /// Writes the focused text field to the map, if it changed. Returns false
    /// (and says why) when the text cannot be taken as it is.
    fn commit(&mut self, app: &mut App) -> bool {
        let (Some(draft), Some(tp)) = (&self.text, self.tp(app)) else {
            return true;
        };
        if !draft.edited() {
            return true;
        }
        let text = draft.text();
        let name = tp.name.clone();
        let change = match self.focus {
            Field::Name => {
                let text = text.trim();
                if text.is_empty() {
                    self.error = Some("A touchpoint needs a name".into());
                    return false;
                }
                (text != tp.name).then(|| TouchpointField::Name(text.to_owned()))
            }
            Field::Channel => (text.trim() != tp.channel)
                .then(|| TouchpointField::Channel(text.trim().to_owned())),
            Field::Evidence => {
                let count = if text.trim().is_empty() {
                    Ok(0)
                } else {
                    text.trim().parse::<u32>()
                };
                match count {
                    Ok(n) => (n != tp.evidence).then_some(TouchpointField::Evidence(n)),
                    Err(_) => {
                        self.error =
                            Some(format!("'{}' is not a number of customers", text.trim()));
                        return false;
                    }
                }
            }
            Field::RootCause => {
                let text = text.trim();
                let new = (!text.is_empty()).then(|| RootCause::Text(text.to_owned()));
                (new != tp.root_cause).then_some(TouchpointField::RootCause(new))
            }
            Field::Description => {
                let text = text.trim_end();
                (text != tp.description).then(|| TouchpointField::Description(text.to_owned()))
            }
            Field::Verbatims => {
                let new = verbatims_from_text(&text);
                (new != tp.verbatims).then_some(TouchpointField::Verbatims(new))
            }
            _ => None,
        };
        if let Some(field) = change {
            let what = self.focus.label().to_lowercase();
            self.apply(app, field, format!("edit '{name}' ({what})"));
        }
        let now = self.current(app);
        if let Some(draft) = &mut self.text {
            draft.applied(now);
        }
        true
    }

    fn move_focus(&mut self, app: &mut App, step: isize) {
        if !self.commit(app) {
            return;
        }
        let Some(tp) = self.tp(app) else { return };
        let fields = fields(tp);
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let next = (at + step).clamp(0, fields.len() as isize - 1) as usize;
        self.focus = fields[next];
        self.error = None;
        self.load(app);
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(draft) = &mut self.text {
            input::paste(&mut draft.area, text, self.focus.multiline());
        }
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        if self.tp(app).is_none() {
            return false;
        }
        // The focused field's own keys first, then the form's.
        if let Some(action) = self.focus.context().and_then(|c| keys::action_for(c, &key)) {
            self.field_action(app, action, key);
            return true;
        }
        let multiline = self.focus.multiline();
        let at_edge = |area: &TextArea, down: bool| {
            let row = area.cursor().0;
            if down {
                row + 1 >= area.lines().len()
            } else {
                row == 0
            }
        };
        match keys::action_for(Context::Form, &key) {
            Some(Action::Cancel) => return !self.commit(app),
            Some(Action::Save) => {
                if self.commit(app) {
                    app.save(false);
                }
            }
            Some(Action::Help) => app.overlays.push(Overlay::Help(0)),
            Some(Action::NextField)
                if key.code == KeyCode::Tab
                    || !multiline
                    || self.text.as_ref().is_none_or(|d| at_edge(&d.area, true)) =>
            {
                self.move_focus(app, 1)
            }
            Some(Action::PrevField)
                if key.code == KeyCode::BackTab
                    || !multiline
                    || self.text.as_ref().is_none_or(|d| at_edge(&d.area, false)) =>
            {
                self.move_focus(app, -1)
            }
            Some(Action::Confirm) if !multiline => self.move_focus(app, 1),
            _ => self.type_key(key),
        }
        true
    }

    /// Where the keys that apply now are in the key table, the focused
    /// field's first: what help shows over the editor.
    pub fn contexts(&self) -> Vec<Context> {
        self.focus
            .context()
            .into_iter()
            .chain([Context::Form])
            .collect()
    }

    /// A key that is no command: typed into a text field. On a root cause
    /// that shows a link, typing replaces the link with text.
    fn type_key(&mut self, key: KeyEvent) {
        let multiline = self.focus.multiline();
        if let Some(draft) = &mut self.text {
            if input::type_key(&mut draft.area, key, multiline) {
                self.error = None;
            }
        } else if self.focus == Field::RootCause
            && matches!(key.code, KeyCode::Char(c) if !c.is_control())
        {
            let mut draft = input::Draft::new("", false);
            input::type_key(&mut draft.area, key, false);
            self.text = Some(draft);
        }
    }

    /// A key of the focused field's own, from the key table.
    fn field_action(&mut self, app: &mut App, action: Action, key: KeyEvent) {
        match (self.focus, action) {
            (_, Action::Help) => app.overlays.push(Overlay::Help(0)),
            (_, Action::NewLine) => self.type_key(key),
            // Backspace clears a link; in a cause typed as text, it deletes.
            (Field::RootCause, Action::ClearValue) if self.text.is_some() => self.type_key(key),
            (Field::RootCause, Action::ClearValue) => {
                let name = self.tp(app).map(|t| t.name.clone()).unwrap_or_default();
                self.apply(
                    app,
                    TouchpointField::RootCause(None),
                    format!("root cause of '{name}' cleared"),
                );
            }
            (Field::RootCause, Action::Link) => self.link_cause(app),
            (Field::Wish, _) => self.wish_action(app, action),
            (Field::Emotion, _) => self.emotion_action(app, action),
            (Field::Basis, _) => self.basis_action(app, action),
            (Field::AtRisk, _) => self.risk_action(app, action),
            (Field::Action(i), _) => self.action_row(app, i, action),
            (Field::AddAction, Action::AddAction) => self.add_action(app),
            _ => {}
        }
    }

    /// Enter on the root cause: the list of touchpoints to link.
    fn link_cause(&mut self, app: &mut App) {
        if !self.commit(app) {
            return;
        }
        let current = match self.tp(app).and_then(|t| t.root_cause.clone()) {
            Some(RootCause::Touchpoint(id)) => Some(id),
            _ => None,
        };
        let purpose = PickerPurpose::RootCause {
            of: self.touchpoint.clone(),
            group: self.group,
        };
        let picker = Picker::new(app, purpose, current);
        app.overlays.push(Overlay::Picker(picker));
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
            touchpoint: self.touchpoint.clone(),
            principle,
        };
        app.overlays.push(Overlay::Prompt(Prompt::new(purpose, "")));
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

    fn emotion_action(&mut self, app: &mut App, action: Action) {
        let Some(tp) = self.tp(app) else { return };
        let e = tp.emotion;
        let new = match action {
            Action::EmotionUp => Some(Emotion::step_up(e)),
            Action::EmotionDown => Some(Emotion::step_down(e)),
            Action::EmotionNeutral => Some(Emotion::NEUTRAL),
            Action::EmotionClear => None,
            _ => return,
        };
        if new != e {
            let label = format!("emotion of '{}'", tp.name);
            self.apply(app, TouchpointField::Emotion(new), label);
        }
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
                let editor = ActionEditor::new(app, id, self.group);
                app.overlays.push(Overlay::ActionEditor(Box::new(editor)));
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
        if let Err(e) = app.doc.apply_in_group(edit, label, Some(self.group)) {
            self.error = Some(e.to_string());
        }
        if key == Action::Delete {
            let left_actions = self.tp(app).map_or(0, |t| t.actions.len());
            self.focus = if left_actions == 0 {
                Field::AddAction
            } else {
                Field::Action(i.min(left_actions - 1))
            };
        }
    }
}

fn flip(basis: Basis) -> Basis {
    match basis {
        Basis::Research => Basis::Assumption,
        Basis::Assumption => Basis::Research,
    }
}

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
        let action = keys::action_for(Context::Form, &key);
        let multiline = self.focus.multiline();
        let at_edge = |area: &TextArea, down: bool| {
            let row = area.cursor().0;
            if down {
                row + 1 >= area.lines().len()
            } else {
                row == 0
            }
        };
        match action {
            Some(Action::Cancel) => return !self.commit(app),
            Some(Action::Save) => {
                if self.commit(app) {
                    app.save(false);
                }
            }
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
            Some(Action::Confirm) if !multiline => self.confirm(app),
            _ => {
                if let Some(draft) = &mut self.text {
                    if input::type_key(&mut draft.area, key, multiline) {
                        self.error = None;
                    }
                } else {
                    self.choice_key(app, key, action);
                }
            }
        }
        true
    }

    /// Enter: open what the field opens, or move to the next field.
    fn confirm(&mut self, app: &mut App) {
        match self.focus {
            Field::RootCause => {
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
            Field::Action(i) => {
                let Some(action) = self.tp(app).and_then(|t| t.actions.get(i)) else {
                    return;
                };
                let editor = ActionEditor::new(app, action.id.clone(), self.group);
                app.overlays.push(Overlay::ActionEditor(Box::new(editor)));
            }
            Field::AddAction => {
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
            _ => self.move_focus(app, 1),
        }
    }

    /// Keys on fields that are choices rather than text.
    fn choice_key(&mut self, app: &mut App, key: KeyEvent, action: Option<Action>) {
        let Some(tp) = self.tp(app) else { return };
        let name = tp.name.clone();
        let ch = match key.code {
            KeyCode::Char(c) => Some(c.to_ascii_lowercase()),
            KeyCode::Backspace | KeyCode::Delete => Some('\u{8}'),
            _ => None,
        };
        let left = action == Some(Action::Left);
        let right = action == Some(Action::Right);
        match self.focus {
            Field::Wish => {
                let order = [
                    None,
                    Some(Wish::Conscious),
                    Some(Wish::Subconscious),
                    Some(Wish::Deception),
                    Some(Wish::Invisible),
                ];
                let at = order.iter().position(|w| *w == tp.wish).unwrap_or(0);
                let new = match ch {
                    Some('x' | '?' | '\u{8}') => Some(None),
                    Some(c) => Wish::from_letter(c).map(Some),
                    None if left => Some(order[(at + order.len() - 1) % order.len()]),
                    None if right => Some(order[(at + 1) % order.len()]),
                    None => None,
                };
                if let Some(new) = new.filter(|w| *w != tp.wish) {
                    self.apply(app, TouchpointField::Wish(new), format!("wish of '{name}'"));
                }
            }
            Field::Emotion => {
                let e = tp.emotion;
                let new = match ch {
                    Some('+' | '=') => Some(Some(Emotion::step_up(e))),
                    Some('-') => Some(Some(Emotion::step_down(e))),
                    Some('0') => Some(Some(Emotion::NEUTRAL)),
                    Some('x' | '\u{8}') => Some(None),
                    None if right => Some(Some(Emotion::step_up(e))),
                    None if left => Some(Some(Emotion::step_down(e))),
                    _ => None,
                };
                if let Some(new) = new.filter(|n| *n != e) {
                    self.apply(
                        app,
                        TouchpointField::Emotion(new),
                        format!("emotion of '{name}'"),
                    );
                }
            }
            Field::Basis => {
                let new = match ch {
                    Some('r') => Some(Basis::Research),
                    Some('a') => Some(Basis::Assumption),
                    Some(' ') => Some(flip(tp.basis)),
                    None if left || right => Some(flip(tp.basis)),
                    _ => None,
                };
                if let Some(new) = new.filter(|b| *b != tp.basis) {
                    self.apply(
                        app,
                        TouchpointField::Basis(new),
                        format!("basis of '{name}'"),
                    );
                }
            }
            Field::AtRisk => {
                if left {
                    self.risk_cursor = self.risk_cursor.saturating_sub(1);
                } else if right {
                    self.risk_cursor = (self.risk_cursor + 1).min(Principle::ALL.len() - 1);
                }
                let toggle = match ch {
                    Some(' ') => Some(self.risk_cursor),
                    Some(c @ '1'..='6') => Some(usize::from(c as u8 - b'1')),
                    _ => None,
                };
                if let Some(i) = toggle {
                    self.risk_cursor = i;
                    let p = Principle::ALL[i];
                    let mut set: BTreeSet<Principle> = tp.at_risk.clone();
                    if !set.remove(&p) {
                        set.insert(p);
                    }
                    self.apply(
                        app,
                        TouchpointField::AtRisk(set),
                        format!("principles at risk at '{name}'"),
                    );
                }
            }
            Field::RootCause => match ch {
                // The field shows a link; typing replaces it with text.
                Some('\u{8}') => self.apply(
                    app,
                    TouchpointField::RootCause(None),
                    format!("root cause of '{name}' cleared"),
                ),
                Some(c) if !c.is_control() => {
                    let mut draft = input::Draft::new("", false);
                    input::type_key(&mut draft.area, key, false);
                    self.text = Some(draft);
                }
                _ => {}
            },
            Field::Action(i) => {
                let Some(action) = tp.actions.get(i) else {
                    return;
                };
                let id = action.id.clone();
                match ch {
                    Some(' ') => {
                        let done = !action.done;
                        let edit = Edit::SetAction {
                            id,
                            field: crate::model::ActionField::Done(done),
                        };
                        if let Err(e) = app.doc.apply_in_group(
                            edit,
                            format!("action of '{name}'"),
                            Some(self.group),
                        ) {
                            self.error = Some(e.to_string());
                        }
                    }
                    Some('d' | '\u{8}') => {
                        if let Err(e) = app.doc.apply_in_group(
                            Edit::RemoveAction(id),
                            format!("delete action of '{name}'"),
                            Some(self.group),
                        ) {
                            self.error = Some(e.to_string());
                        }
                        let left_actions = self.tp(app).map_or(0, |t| t.actions.len());
                        self.focus = if left_actions == 0 {
                            Field::AddAction
                        } else {
                            Field::Action(i.min(left_actions - 1))
                        };
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

fn flip(basis: Basis) -> Basis {
    match basis {
        Basis::Research => Basis::Assumption,
        Basis::Assumption => Basis::Research,
    }
}

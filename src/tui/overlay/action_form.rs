//! The action editor: text, principle, owner, due date, done, follow-up.
//! Like the touchpoint editor, fields apply as they are left, and the session
//! undoes as one step.

use crate::model::{Action as PlanAction, ActionField, ActionId, Date, Edit, Principle};
use crate::tui::app::App;
use crate::tui::input;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Text,
    Principle,
    Owner,
    Due,
    Done,
    FollowUp,
}

const FIELDS: [Field; 6] = [
    Field::Text,
    Field::Principle,
    Field::Owner,
    Field::Due,
    Field::Done,
    Field::FollowUp,
];

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Text => "Action",
            Field::Principle => "Principle",
            Field::Owner => "Owner",
            Field::Due => "Due",
            Field::Done => "Done",
            Field::FollowUp => "Follow-up",
        }
    }

    /// What the field takes, for the form's bottom line: a choice's keys
    /// from the key table.
    fn hint(self) -> String {
        match self {
            Field::Text => "what the team will do".to_owned(),
            Field::Owner => "who is on it".to_owned(),
            Field::Due => "YYYY-MM-DD; empty for no date".to_owned(),
            Field::FollowUp => "what came of it: did it work? (several lines)".to_owned(),
            Field::Principle | Field::Done => {
                self.context().map(keys::field_hint).unwrap_or_default()
            }
        }
    }

    /// Where the field's own keys are in the key table: they come before
    /// the form's.
    fn context(self) -> Option<Context> {
        match self {
            Field::Text | Field::Owner | Field::Due => None,
            Field::Principle => Some(Context::PrincipleField),
            Field::Done => Some(Context::DoneField),
            Field::FollowUp => Some(Context::LinesField),
        }
    }

    fn is_text(self) -> bool {
        matches!(
            self,
            Field::Text | Field::Owner | Field::Due | Field::FollowUp
        )
    }
}

fn text_of(action: &PlanAction, field: Field) -> String {
    match field {
        Field::Text => action.text.clone(),
        Field::Owner => action.owner.clone(),
        Field::Due => action.due.map(|d| d.to_string()).unwrap_or_default(),
        Field::FollowUp => action.follow_up.clone(),
        Field::Principle | Field::Done => String::new(),
    }
}

pub struct ActionEditor {
    pub action: ActionId,
    group: u64,
    focus: Field,
    text: Option<input::Draft>,
    error: Option<String>,
}

impl ActionEditor {
    pub fn new(app: &App, action: ActionId, group: u64) -> ActionEditor {
        let mut editor = ActionEditor {
            action,
            group,
            focus: Field::Text,
            text: None,
            error: None,
        };
        editor.load(app);
        editor
    }

    fn get<'a>(&self, app: &'a App) -> Option<&'a PlanAction> {
        app.map().action(&self.action)
    }

    fn load(&mut self, app: &App) {
        let multiline = self.focus == Field::FollowUp;
        self.text = self
            .current(app)
            .map(|value| input::Draft::new(&value, multiline));
    }

    /// The focused field's value as text, if it is a text field.
    fn current(&self, app: &App) -> Option<String> {
        self.get(app)
            .filter(|_| self.focus.is_text())
            .map(|a| text_of(a, self.focus))
    }

    /// Shows the focused field's value anew if it changed in the map while
    /// nothing was typed in it.
    pub fn refresh(&mut self, app: &App) {
        if input::stale(self.text.as_ref(), self.current(app).as_deref()) {
            self.load(app);
        }
    }

    fn apply(&mut self, app: &mut App, field: ActionField) {
        let label = format!(
            "edit action '{}'",
            self.get(app).map_or("", |a| a.text.as_str())
        );
        let edit = Edit::SetAction {
            id: self.action.clone(),
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

    fn commit(&mut self, app: &mut App) -> bool {
        let (Some(draft), Some(action)) = (&self.text, self.get(app)) else {
            return true;
        };
        if !draft.edited() {
            return true;
        }
        let text = draft.text();
        let change = match self.focus {
            Field::Text if text.trim().is_empty() => {
                self.error = Some("An action needs words: what will be done?".into());
                return false;
            }
            Field::Text => {
                (text.trim() != action.text).then(|| ActionField::Text(text.trim().to_owned()))
            }
            Field::Owner => {
                (text.trim() != action.owner).then(|| ActionField::Owner(text.trim().to_owned()))
            }
            Field::Due => {
                let due = if text.trim().is_empty() {
                    Ok(None)
                } else {
                    text.trim().parse::<Date>().map(Some)
                };
                match due {
                    Ok(due) => (due != action.due).then_some(ActionField::Due(due)),
                    Err(message) => {
                        self.error = Some(message);
                        return false;
                    }
                }
            }
            Field::FollowUp => (text.trim_end() != action.follow_up)
                .then(|| ActionField::FollowUp(text.trim_end().to_owned())),
            Field::Principle | Field::Done => None,
        };
        if let Some(field) = change {
            self.apply(app, field);
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
        let at = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        self.focus = FIELDS[(at + step).clamp(0, FIELDS.len() as isize - 1) as usize];
        self.error = None;
        self.load(app);
    }

    pub fn paste(&mut self, text: &str) {
        let multiline = self.focus == Field::FollowUp;
        if let Some(draft) = &mut self.text {
            input::paste(&mut draft.area, text, multiline);
        }
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        if self.get(app).is_none() {
            return false;
        }
        // The focused field's own keys first, then the form's.
        if let Some(action) = self.focus.context().and_then(|c| keys::action_for(c, &key)) {
            self.field_action(app, action, key);
            return true;
        }
        let multiline = self.focus == Field::FollowUp;
        match keys::action_for(Context::Form, &key) {
            Some(Action::Cancel) => return !self.commit(app),
            Some(Action::Save) => {
                if self.commit(app) {
                    app.save(false);
                }
            }
            Some(Action::Help) => app.overlays.push(super::Overlay::Help(0)),
            Some(Action::NextField) if key.code == KeyCode::Tab || !multiline => {
                self.move_focus(app, 1)
            }
            Some(Action::PrevField) if key.code == KeyCode::BackTab || !multiline => {
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

    /// A key that is no command: typed into a text field.
    fn type_key(&mut self, key: KeyEvent) {
        let multiline = self.focus == Field::FollowUp;
        if let Some(draft) = &mut self.text
            && input::type_key(&mut draft.area, key, multiline)
        {
            self.error = None;
        }
    }

    /// A key of the focused field's own, from the key table.
    fn field_action(&mut self, app: &mut App, action: Action, key: KeyEvent) {
        let Some(current) = self.get(app) else { return };
        let (principle, done) = (current.principle, current.done);
        let at = Principle::ALL
            .iter()
            .position(|p| *p == principle)
            .unwrap_or(0);
        let count = Principle::ALL.len();
        let new = match action {
            Action::Help => return app.overlays.push(super::Overlay::Help(0)),
            Action::NewLine => return self.type_key(key),
            Action::ToggleDone => return self.apply(app, ActionField::Done(!done)),
            Action::SetPrinciple(p) => p,
            Action::PrevChoice => Principle::ALL[(at + count - 1) % count],
            Action::NextChoice => Principle::ALL[(at + 1) % count],
            _ => return,
        };
        if new != principle {
            self.apply(app, ActionField::Principle(new));
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let Some(action) = self.get(app) else { return };
        let theme = app.theme;
        let rect = super::centered(area, 90, 14);
        let inner = super::frame(
            app,
            rect,
            &format!("Action: {}", crate::text::truncate(&action.text, 60)),
            buf,
        );
        if inner.height < 4 || inner.width < 30 {
            return;
        }
        let label_width = 12;
        let mut y = inner.y;
        for field in FIELDS {
            let height = if field == Field::FollowUp {
                inner.bottom().saturating_sub(y + 1).clamp(1, 4)
            } else {
                1
            };
            if y + height >= inner.bottom() {
                break;
            }
            let focused = field == self.focus;
            let label_style = if focused {
                theme.selected()
            } else {
                theme.dim()
            };
            buf.set_stringn(
                inner.x,
                y,
                format!("{:<11}", field.label()),
                label_width,
                label_style,
            );
            let value = Rect {
                x: inner.x + label_width as u16,
                y,
                width: inner.width - label_width as u16,
                height,
            };
            let line = || {
                if field == Field::FollowUp {
                    // One row per line: a Line drops the breaks between them.
                    return action
                        .follow_up
                        .split('\n')
                        .map(|row| Line::raw(row.to_owned()))
                        .collect();
                }
                vec![match field {
                    Field::Principle => Line::raw(format!(
                        "{} ({}%) · {}",
                        action.principle.title(),
                        action.principle.share(),
                        (1..=6)
                            .map(|i| format!("{i} {}", Principle::ALL[i - 1].key()))
                            .collect::<Vec<_>>()
                            .join("  ")
                    )),
                    Field::Done => Line::raw(if action.done { "[x] done" } else { "[ ] open" }),
                    Field::Due if action.is_overdue(app.today) => Line::styled(
                        format!("{} (overdue)", text_of(action, field)),
                        theme.warning(),
                    ),
                    _ => Line::raw(text_of(action, field)),
                }]
            };
            super::draw_value(
                app,
                value,
                self.text.as_ref().map(|d| &d.area),
                line,
                focused,
                buf,
            );
            y += height;
        }
        super::form_footer(app, inner, &self.focus.hint(), self.error.as_deref(), buf);
    }
}

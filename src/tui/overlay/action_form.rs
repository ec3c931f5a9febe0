//! The action editor: text, principle, owner, due date, done, follow-up.
//! Like the touchpoint editor, fields apply as they are left, and the session
//! undoes as one step.

use super::editor::{self, Form, Item as _, Outcome};
use crate::model::{Action as PlanAction, ActionField, ActionId, ActionKey, Date, Edit, Principle};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;

/// The action's fields, in the order of the table of fields.
type Field = ActionKey;

/// What the field takes, for the form's bottom line: a choice's keys from
/// the key table.
fn hint(field: Field) -> String {
    match field {
        Field::Text => "what the team will do".to_owned(),
        Field::Owner => "who is on it".to_owned(),
        Field::Due => "YYYY-MM-DD; empty for no date".to_owned(),
        Field::FollowUp => "what came of it: did it work? (several lines)".to_owned(),
        Field::Principle | Field::Done => ActionItem::context(field)
            .map(keys::field_hint)
            .unwrap_or_default(),
    }
}

/// The action an editor is open on.
pub struct ActionItem {
    pub id: ActionId,
}

impl ActionItem {
    fn get<'a>(&self, app: &'a App) -> Option<&'a PlanAction> {
        app.map().action(&self.id)
    }
}

impl editor::Item for ActionItem {
    type Row = Field;

    fn rows(&self, _: &App) -> Vec<Field> {
        Field::ALL.to_vec()
    }

    fn exists(&self, app: &App) -> bool {
        self.get(app).is_some()
    }

    fn text(&self, app: &App, field: Field) -> Option<String> {
        let action = self.get(app)?;
        match field {
            Field::Text => Some(action.text.clone()),
            Field::Owner => Some(action.owner.clone()),
            Field::Due => Some(action.due.map(|d| d.to_string()).unwrap_or_default()),
            Field::FollowUp => Some(action.follow_up.clone()),
            Field::Principle | Field::Done => None,
        }
    }

    fn multiline(field: Field) -> bool {
        field == Field::FollowUp
    }

    fn context(field: Field) -> Option<Context> {
        match field {
            Field::Text | Field::Owner | Field::Due => None,
            Field::Principle => Some(Context::PrincipleField),
            Field::Done => Some(Context::DoneField),
            Field::FollowUp => Some(Context::LinesField),
        }
    }

    fn parse(&self, app: &App, field: Field, text: &str) -> Result<Option<Edit>, String> {
        let Some(action) = self.get(app) else {
            return Ok(None);
        };
        let value = match field {
            Field::Text if text.trim().is_empty() => {
                return Err("An action needs words: what will be done?".into());
            }
            Field::Text => ActionField::Text(text.trim().to_owned()),
            Field::Owner => ActionField::Owner(text.trim().to_owned()),
            Field::Due if text.trim().is_empty() => ActionField::Due(None),
            Field::Due => ActionField::Due(Some(text.trim().parse::<Date>()?)),
            Field::FollowUp => ActionField::FollowUp(text.trim_end().to_owned()),
            Field::Principle | Field::Done => return Ok(None),
        };
        let changed = value != field.read(action);
        Ok(changed.then(|| Edit::SetAction {
            id: self.id.clone(),
            field: value,
        }))
    }

    fn label(&self, app: &App, _: Field) -> String {
        format!(
            "edit action '{}'",
            self.get(app).map_or("", |a| a.text.as_str())
        )
    }
}

pub struct ActionEditor {
    form: Form<ActionItem>,
}

impl ActionEditor {
    pub fn new(app: &App, action: ActionId, group: u64) -> ActionEditor {
        let item = ActionItem { id: action };
        ActionEditor {
            form: Form::new(app, item, group, Field::Text),
        }
    }

    fn get<'a>(&self, app: &'a App) -> Option<&'a PlanAction> {
        self.form.item.get(app)
    }

    fn apply(&mut self, app: &mut App, field: ActionField) {
        let label = self.form.item.label(app, field.key());
        let edit = Edit::SetAction {
            id: self.form.item.id.clone(),
            field,
        };
        self.form.apply(app, edit, label);
    }

    /// Applies the field being typed, quietly: for the recovery copy.
    pub fn commit_quietly(&mut self, app: &mut App) {
        self.form.commit_quietly(app);
    }

    /// Shows the focused field's value anew if it changed in the map while
    /// nothing was typed in it.
    pub fn refresh(&mut self, app: &App) {
        self.form.refresh(app);
    }

    pub fn paste(&mut self, text: &str) {
        self.form.paste(text);
    }

    /// Where the keys that apply now are in the key table.
    pub fn contexts(&self) -> Vec<Context> {
        self.form.contexts()
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        if self.get(app).is_none() {
            return false;
        }
        // The focused field's own keys first, then the form's.
        if let Some(action) = self.form.row_action(&key) {
            self.field_action(app, action, key);
            return true;
        }
        match self.form.form_key(app, key) {
            Outcome::Close => false,
            Outcome::Confirm => {
                self.form.move_focus(app, 1);
                true
            }
            Outcome::Stay => true,
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
            Action::Help => return app.open(super::Overlay::Help(0)),
            Action::NewLine => return self.form.type_key(key),
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
        let theme = app.theme();
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
        for &field in Field::ALL {
            let height = if field == Field::FollowUp {
                inner.bottom().saturating_sub(y + 1).clamp(1, 4)
            } else {
                1
            };
            if y + height >= inner.bottom() {
                break;
            }
            let focused = field == self.form.focus;
            let label_style = if focused {
                theme.selected()
            } else {
                theme.dim()
            };
            buf.set_stringn(
                inner.x,
                y,
                format!("{:<11}", editor::row_label(field.label())),
                label_width,
                label_style,
            );
            let value = Rect {
                x: inner.x + label_width as u16,
                y,
                width: inner.width - label_width as u16,
                height,
            };
            let line = || self.value_lines(app, action, field);
            super::draw_value(
                app,
                value,
                self.form.text.as_ref().map(|d| &d.area),
                line,
                focused,
                buf,
            );
            y += height;
        }
        let error = self.form.error.as_deref();
        super::form_footer(app, inner, &hint(self.form.focus), error, buf);
    }

    /// How a field's value reads when it is not being typed into.
    fn value_lines(&self, app: &App, action: &PlanAction, field: Field) -> Vec<Line<'static>> {
        let theme = app.theme();
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
            Field::Due if action.is_overdue(app.today()) => Line::styled(
                format!(
                    "{} (overdue)",
                    self.form.item.text(app, field).unwrap_or_default()
                ),
                theme.warning(),
            ),
            _ => Line::raw(self.form.item.text(app, field).unwrap_or_default()),
        }]
    }
}

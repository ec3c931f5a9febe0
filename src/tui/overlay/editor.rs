//! What the two editors share: a form over one item of the map, a row per
//! field, the focused row either typed into (a `Draft`) or answering keys of
//! its own from the key table. Text applies as its row is left (or for the
//! recovery copy, quietly), and every edit of one editing session joins one
//! undo group. The item says what its rows are and how typed text becomes
//! an `Edit` ([`Item`]); [`Form`] does the rest.

use crate::model::Edit;
use crate::tui::app::App;
use crate::tui::input;
use crate::tui::keys::{self, Action, Context};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

/// The item an editor edits, and its rows.
pub trait Item {
    type Row: Copy + PartialEq;

    /// The rows in order, as the item is now.
    fn rows(&self, app: &App) -> Vec<Self::Row>;

    /// Whether the item is still in the map.
    fn exists(&self, app: &App) -> bool;

    /// The text a row is typed into with, as the map has it; `None` for a
    /// row that only takes keys (or, like a linked root cause, does now).
    fn text(&self, app: &App, row: Self::Row) -> Option<String>;

    /// Whether Enter breaks a line in the row instead of moving on.
    fn multiline(row: Self::Row) -> bool;

    /// Where the row's own keys are in the key table: they come before the
    /// form's.
    fn context(row: Self::Row) -> Option<Context>;

    /// The edit that typed `text` asks of the row: `Ok(None)` when it changes
    /// nothing, `Err` with the reason when it cannot be taken as it is.
    fn parse(&self, app: &App, row: Self::Row, text: &str) -> Result<Option<Edit>, String>;

    /// How an edit of the row reads in the undo history.
    fn label(&self, app: &App, row: Self::Row) -> String;

    /// Whether typing on the row without a text field starts one (a root
    /// cause that shows a link is replaced by what is typed).
    fn typed_over(_row: Self::Row) -> bool {
        false
    }
}

pub struct Form<I: Item> {
    pub item: I,
    /// The undo group every edit of this editing session joins.
    pub group: u64,
    pub focus: I::Row,
    /// The focused row's text, while it is typed into.
    pub text: Option<input::Draft>,
    pub error: Option<String>,
}

/// What a key did that the editor itself has to finish.
pub enum Outcome {
    /// Handled: the editor stays open.
    Stay,
    /// The editor closes.
    Close,
    /// Enter on a row that is not multi-line: the editor decides.
    Confirm,
}

impl<I: Item> Form<I> {
    pub fn new(app: &App, item: I, group: u64, focus: I::Row) -> Form<I> {
        let mut form = Form {
            item,
            group,
            focus,
            text: None,
            error: None,
        };
        form.load(app);
        form
    }

    /// Fills the text field for the focused row from the map.
    pub fn load(&mut self, app: &App) {
        let multiline = I::multiline(self.focus);
        self.text = self
            .current(app)
            .map(|value| input::Draft::new(&value, multiline));
    }

    fn current(&self, app: &App) -> Option<String> {
        self.item.text(app, self.focus)
    }

    /// Shows the focused row's value anew if it changed in the map while
    /// nothing was typed in it (a link chosen in the picker, a change merged
    /// from disk).
    pub fn refresh(&mut self, app: &App) {
        if input::stale(self.text.as_ref(), self.current(app).as_deref()) {
            self.load(app);
        }
    }

    /// Applies an edit in this session's undo group; an error is shown on
    /// the form's bottom line.
    pub fn apply(&mut self, app: &mut App, edit: Edit, label: String) {
        if let Err(error) = app.apply_in_group(edit, label, self.group) {
            self.error = Some(error.to_string());
        }
    }

    /// Applies the row being typed without leaving it, and without a word
    /// if it cannot be taken yet: for the recovery copy.
    pub fn commit_quietly(&mut self, app: &mut App) {
        let shown = self.error.clone();
        if !self.commit(app) {
            self.error = shown;
        }
    }

    /// Writes the focused row's text to the map, if something was typed.
    /// Returns false (and says why) when the text cannot be taken as it is.
    pub fn commit(&mut self, app: &mut App) -> bool {
        let Some(draft) = &self.text else {
            return true;
        };
        if !draft.edited() || !self.item.exists(app) {
            return true;
        }
        match self.item.parse(app, self.focus, &draft.text()) {
            Err(message) => {
                self.error = Some(message);
                return false;
            }
            Ok(Some(edit)) => {
                let label = self.item.label(app, self.focus);
                self.apply(app, edit, label);
            }
            Ok(None) => {}
        }
        let now = self.current(app);
        if let Some(draft) = &mut self.text {
            draft.applied(now);
        }
        true
    }

    /// Moves `step` rows on, once the row left is written.
    pub fn move_focus(&mut self, app: &mut App, step: isize) {
        if !self.commit(app) {
            return;
        }
        let rows = self.item.rows(app);
        if rows.is_empty() {
            return;
        }
        let at = rows.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        self.focus = rows[(at + step).clamp(0, rows.len() as isize - 1) as usize];
        self.error = None;
        self.load(app);
    }

    pub fn paste(&mut self, text: &str) {
        let multiline = I::multiline(self.focus);
        if let Some(draft) = &mut self.text {
            input::paste(&mut draft.area, text, multiline);
        }
    }

    /// A key that is no command: typed into the text field.
    pub fn type_key(&mut self, key: KeyEvent) {
        let multiline = I::multiline(self.focus);
        if let Some(draft) = &mut self.text {
            if input::type_key(&mut draft.area, key, multiline) {
                self.error = None;
            }
        } else if I::typed_over(self.focus)
            && matches!(key.code, KeyCode::Char(c) if !c.is_control())
        {
            let mut draft = input::Draft::new("", false);
            input::type_key(&mut draft.area, key, false);
            self.text = Some(draft);
        }
    }

    /// The action of the focused row's own keys, if the key is one.
    pub fn row_action(&self, key: &KeyEvent) -> Option<Action> {
        I::context(self.focus).and_then(|c| keys::action_for(c, key))
    }

    /// Where the keys that apply now are in the key table, the focused
    /// row's first: what help shows over the editor.
    pub fn contexts(&self) -> Vec<Context> {
        let text = self.text.is_some().then_some(Context::Text);
        I::context(self.focus)
            .into_iter()
            .chain([Context::Form])
            .chain(text)
            .collect()
    }

    /// The form's own keys: close, save, help, move between rows (in a
    /// multi-line row, ↑ and ↓ move between its lines until its edge), or
    /// type.
    pub fn form_key(&mut self, app: &mut App, key: KeyEvent) -> Outcome {
        let multiline = I::multiline(self.focus);
        let at_edge = |area: &TextArea, down: bool| {
            let row = area.cursor().0;
            if down {
                row + 1 >= area.lines().len()
            } else {
                row == 0
            }
        };
        let leaves = |text: &Option<input::Draft>, tab: bool, down: bool| {
            tab || !multiline || text.as_ref().is_none_or(|d| at_edge(&d.area, down))
        };
        match keys::action_for(Context::Form, &key) {
            Some(Action::Cancel) => {
                if self.commit(app) {
                    return Outcome::Close;
                }
            }
            Some(Action::Save) => {
                if self.commit(app) {
                    app.save(false);
                }
            }
            Some(Action::Help) => app.open(super::Overlay::Help(0)),
            Some(Action::NextField) if leaves(&self.text, key.code == KeyCode::Tab, true) => {
                self.move_focus(app, 1)
            }
            Some(Action::PrevField) if leaves(&self.text, key.code == KeyCode::BackTab, false) => {
                self.move_focus(app, -1)
            }
            Some(Action::Confirm) if !multiline => return Outcome::Confirm,
            _ => self.type_key(key),
        }
        Outcome::Stay
    }
}

/// A field's label with a capital, for a form's row.
pub fn row_label(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

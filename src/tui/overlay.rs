//! Layers over the views: help, the quit question, prompts, pickers and the
//! editors. The topmost layer gets every key first; it says whether it stays
//! open, and may open others on top of itself.

mod action_form;
mod conflicts;
mod delete;
mod editor;
mod filter;
mod form;
mod help;
mod personas;
mod picker;
mod present;
mod prompt;
mod quit;
mod recover;
mod wish;

pub use action_form::ActionEditor;
pub use conflicts::ConflictList;
pub use filter::FilterMenu;
pub use form::Editor;
pub use personas::PersonaList;
pub use picker::{Picker, PickerPurpose};
pub use present::Presenter;
pub use prompt::{Prompt, PromptPurpose};
pub use quit::question as quit_question;
pub use recover::{EditedFrom, RecoverOffer, Recovered};
pub use wish::WishPicker;

use super::app::App;
use super::keys::Context;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

pub enum Overlay {
    /// The help screen, scrolled this many lines.
    Help(u16),
    ConfirmQuit,
    /// Deleting a stage that has touchpoints: asked first.
    DeleteStage(crate::model::StageId),
    Prompt(Prompt),
    Wish(WishPicker),
    Editor(Box<Editor>),
    ActionEditor(Box<ActionEditor>),
    Picker(Picker),
    Conflicts(ConflictList),
    Recover(RecoverOffer),
    /// Present mode, full screen over the board.
    Present(Presenter),
    /// The choice of a filter.
    Filter(FilterMenu),
    /// The personas, and which of their curves the lane draws.
    Personas(PersonaList),
}

impl Overlay {
    pub fn context(&self) -> Context {
        match self {
            Overlay::Help(_) => Context::Help,
            Overlay::ConfirmQuit => Context::Quit,
            Overlay::DeleteStage(_) => Context::DeleteStage,
            Overlay::Prompt(_) => Context::Input,
            Overlay::Wish(_) => Context::Wish,
            Overlay::Editor(_) | Overlay::ActionEditor(_) => Context::Form,
            Overlay::Picker(_) => Context::List,
            Overlay::Conflicts(_) => Context::Conflicts,
            Overlay::Recover(_) => Context::Recover,
            Overlay::Present(_) => Context::Present,
            Overlay::Filter(menu) => menu.context(),
            Overlay::Personas(_) => Context::Personas,
        }
    }

    /// Handles a key; returns whether the overlay stays open.
    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        match self {
            Overlay::Help(scroll) => {
                // The layer under the help is the top one while it takes a key.
                let only = keys_under(app.top_overlay());
                help::handle_key(app, only.as_deref(), scroll, key)
            }
            Overlay::ConfirmQuit => quit::handle_key(app, key),
            Overlay::DeleteStage(id) => delete::handle_key(app, id, key),
            Overlay::Prompt(prompt) => prompt.handle_key(app, key),
            Overlay::Wish(wish) => wish.handle_key(app, key),
            Overlay::Editor(editor) => editor.handle_key(app, key),
            Overlay::ActionEditor(editor) => editor.handle_key(app, key),
            Overlay::Picker(picker) => picker.handle_key(app, key),
            Overlay::Conflicts(list) => list.handle_key(app, key),
            Overlay::Recover(offer) => offer.handle_key(app, key),
            Overlay::Present(presenter) => presenter.handle_key(app, key),
            Overlay::Filter(menu) => menu.handle_key(app, key),
            Overlay::Personas(list) => list.handle_key(app, key),
        }
    }

    /// Applies what is typed in an open editor's field, as leaving the field
    /// would, but quietly: a value that does not parse stays unapplied and
    /// unremarked. With `prompts`, a prompt's text too, as Enter would.
    pub fn flush(&mut self, app: &mut App, prompts: bool) {
        match self {
            Overlay::Editor(editor) => editor.commit_quietly(app),
            Overlay::ActionEditor(editor) => editor.commit_quietly(app),
            Overlay::Prompt(prompt) if prompts => prompt.flush(app),
            _ => {}
        }
    }

    /// Shows anew what changed in the map under a layer: an editor's field
    /// while nothing was typed in it, what restoring a recovery copy does.
    pub fn refresh(&mut self, app: &App) {
        match self {
            Overlay::Editor(editor) => editor.refresh(app),
            Overlay::ActionEditor(editor) => editor.refresh(app),
            Overlay::Recover(offer) => offer.refresh(app),
            _ => {}
        }
    }

    /// Whether this layer holds text that is typed but not yet in the map.
    pub fn holds_typing(&self) -> bool {
        matches!(self, Overlay::Editor(_) | Overlay::ActionEditor(_))
    }

    pub fn paste(&mut self, text: &str) {
        match self {
            Overlay::Prompt(prompt) => prompt.paste(text),
            Overlay::Editor(editor) => editor.paste(text),
            Overlay::ActionEditor(editor) => editor.paste(text),
            Overlay::Picker(picker) => picker.paste(text),
            Overlay::Help(_)
            | Overlay::ConfirmQuit
            | Overlay::DeleteStage(_)
            | Overlay::Wish(_)
            | Overlay::Conflicts(_)
            | Overlay::Recover(_)
            | Overlay::Present(_)
            | Overlay::Filter(_)
            | Overlay::Personas(_) => {}
        }
    }

    /// The contexts whose keys the help shows when it is this layer: see
    /// [`keys_under`].
    fn keys_under_help(&self, app: &App) -> Option<Vec<Context>> {
        let at = app.overlays().iter().position(|o| std::ptr::eq(o, self))?;
        keys_under(app.overlays()[..at].last())
    }

    /// Draws the overlay over `area` (the whole screen).
    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        match self {
            Overlay::Help(scroll) => {
                let only = self.keys_under_help(app);
                help::render(*scroll, only.as_deref(), app, area, buf)
            }
            Overlay::ConfirmQuit => quit::render(app, area, buf),
            Overlay::DeleteStage(id) => delete::render(app, id, area, buf),
            Overlay::Prompt(prompt) => prompt.render(app, area, buf),
            Overlay::Wish(wish) => wish.render(app, area, buf),
            Overlay::Editor(editor) => editor.render(app, area, buf),
            Overlay::ActionEditor(editor) => editor.render(app, area, buf),
            Overlay::Picker(picker) => picker.render(app, area, buf),
            Overlay::Conflicts(list) => list.render(app, area, buf),
            Overlay::Recover(offer) => offer.render(app, area, buf),
            Overlay::Present(presenter) => presenter.render(app, area, buf),
            Overlay::Filter(menu) => menu.render(app, area, buf),
            Overlay::Personas(list) => list.render(app, area, buf),
        }
    }
}

/// The contexts whose keys the help shows over `below`: over an editor,
/// the editor's (the focused field's, then the form's); over the views,
/// `None`: all of them.
fn keys_under(below: Option<&Overlay>) -> Option<Vec<Context>> {
    match below? {
        Overlay::Editor(editor) => Some(editor.contexts()),
        Overlay::ActionEditor(editor) => Some(editor.contexts()),
        Overlay::Present(_) => Some(vec![Context::Present]),
        _ => None,
    }
}

/// A box of `width` x `height` centred in `area`, clamped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// A question in a box centred in `area`: its sentences wrapped to the box,
/// then the keys that answer it (the hints of `context`).
pub fn question(
    app: &App,
    area: Rect,
    title: &str,
    sentences: &[String],
    context: Context,
    buf: &mut Buffer,
) {
    use ratatui::text::Line;
    use ratatui::widgets::{Paragraph, Widget, Wrap};
    let width = 56.min(area.width);
    let columns = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = sentences
        .iter()
        .flat_map(|s| crate::text::wrap(s, columns))
        .map(Line::raw)
        .collect();
    lines.push(Line::raw(""));
    let hints = Line::from(super::render::hint_spans(app, context));
    let hint_rows = hints.width().div_ceil(columns.max(1)).max(1);
    lines.push(hints);
    let height = (lines.len() + hint_rows - 1 + 2) as u16;
    let inner = frame(app, centered(area, width, height), title, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// Clears `rect` and draws a titled border; returns the inside.
pub fn frame(app: &App, rect: Rect, title: &str, buf: &mut Buffer) -> Rect {
    use ratatui::widgets::{Block, Borders, Clear, Widget};
    cut_wide_at_left(rect, buf);
    Clear.render(rect, buf);
    buf.set_style(rect, app.theme().base());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme().border())
        // A title wider than the frame ends in `…`.
        .title(format!(
            " {} ",
            crate::text::truncate(title, usize::from(rect.width.saturating_sub(4)))
        ))
        .title_style(app.theme().title());
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// Blanks a wide character (Chinese, Japanese, some emoji) just left of
/// `rect`: on the terminal it covers `rect`'s first column too, and the
/// frame's diff skips the cell after a wide one, so a dialog's left border
/// over such a name was never drawn.
pub fn cut_wide_at_left(rect: Rect, buf: &mut Buffer) {
    let Some(x) = rect.x.checked_sub(1) else {
        return;
    };
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = buf.cell_mut((x, y))
            && crate::text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// The bottom line of an editor: what the focused field takes, and the
/// form's keys; or the error that keeps the field from being left.
pub fn form_footer(app: &App, inner: Rect, hint: &str, error: Option<&str>, buf: &mut Buffer) {
    use ratatui::text::{Line, Span};
    use ratatui::widgets::Widget;
    let row = Rect {
        y: inner.bottom().saturating_sub(1),
        height: 1,
        ..inner
    };
    let line = match error {
        Some(error) => Line::styled(error.to_owned(), app.theme().error()),
        None => {
            let mut spans = vec![Span::styled(format!("{hint}  "), app.theme().dim())];
            spans.extend(super::render::hint_spans(app, Context::Form));
            Line::from(spans)
        }
    };
    line.render(row, buf);
}

/// One editor field's value: the text field while it is being typed in,
/// otherwise its lines, highlighted when focused.
pub fn draw_value(
    app: &App,
    value: Rect,
    typing: Option<&ratatui_textarea::TextArea<'static>>,
    lines: impl FnOnce() -> Vec<ratatui::text::Line<'static>>,
    focused: bool,
    buf: &mut Buffer,
) {
    use ratatui::widgets::{Paragraph, Widget};
    match typing.filter(|_| focused) {
        Some(area) => {
            buf.set_style(value, app.theme().input());
            crate::tui::input::render_marked(area, value, buf);
        }
        None => {
            let style = if focused {
                app.theme().selected()
            } else {
                ratatui::style::Style::new()
            };
            // Wrapped to the row's width; what its rows cannot hold ends
            // in `…` on the last of them instead of vanishing.
            let width = usize::from(value.width);
            let mut rows: Vec<ratatui::text::Line<'static>> = lines()
                .iter()
                .flat_map(|l| crate::tui::render::wrap_styled(l, width, 0))
                .collect();
            let room = usize::from(value.height);
            if rows.len() > room && room > 0 {
                rows.truncate(room);
                if let Some(last) = rows.pop() {
                    let mut spans = last.spans;
                    spans.push(ratatui::text::Span::raw("…"));
                    let cut = crate::tui::render::cut_spans(spans, width.saturating_sub(1));
                    let mut cut = ratatui::text::Line::from(cut);
                    if !cut.spans.last().is_some_and(|s| s.content.ends_with('…')) {
                        cut.spans.push(ratatui::text::Span::raw("…"));
                    }
                    rows.push(cut);
                }
            }
            Paragraph::new(rows).style(style).render(value, buf);
        }
    }
}

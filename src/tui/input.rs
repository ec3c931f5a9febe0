//! Text fields, built on `ratatui-textarea` so that editing keys work as
//! people expect (arrows, Home/End, Ctrl+A/E/K/U/W, Alt+B/F, paste).
//! Ctrl+U clears to the start of the line, as in a shell.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

/// A text field holding `text`, with the cursor at its end.
pub fn field(text: &str, multiline: bool) -> TextArea<'static> {
    let lines: Vec<String> = if multiline {
        text.split('\n').map(str::to_owned).collect()
    } else {
        vec![text.replace('\n', " ")]
    };
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::new());
    area.set_selection_style(Style::new().add_modifier(Modifier::REVERSED));
    if multiline {
        area.set_wrap_mode(WrapMode::WordOrGlyph);
    }
    area.move_cursor(CursorMove::Bottom);
    area.move_cursor(CursorMove::End);
    area
}

/// A one-line field holding `text` selected, so that typing replaces it
/// while a key that moves (← → Home End) keeps it to change, and Ctrl+U
/// or Backspace clears it.
pub fn field_selected(text: &str) -> TextArea<'static> {
    let mut area = field(text, false);
    if !text.is_empty() {
        area.select_all();
    }
    area
}

/// A text field holding a draft of a value kept elsewhere (a field of the
/// map), which knows whether anything was typed in it since it was loaded
/// or last applied. Only then is there something to apply; until then, a
/// change to the value made elsewhere (a picker, a merge from disk) is shown
/// anew rather than written over by a stale copy.
pub struct Draft {
    pub area: TextArea<'static>,
    /// The value as loaded or last applied.
    value: String,
    /// The field's text then: the value as the field shows it.
    shown: String,
}

impl Draft {
    pub fn new(value: &str, multiline: bool) -> Draft {
        let area = field(value, multiline);
        Draft {
            shown: text(&area),
            value: value.to_owned(),
            area,
        }
    }

    pub fn text(&self) -> String {
        text(&self.area)
    }

    /// Whether something was typed since the value was loaded or applied.
    pub fn edited(&self) -> bool {
        self.text() != self.shown
    }

    /// The typed text went into the map, which now holds `now`.
    pub fn applied(&mut self, now: Option<String>) {
        self.value = now.unwrap_or_default();
        self.shown = self.text();
    }
}

/// Whether a field showing `draft` (`None`: not as text) should be loaded
/// anew because the value changed elsewhere to `now` while nothing was typed.
pub fn stale(draft: Option<&Draft>, now: Option<&str>) -> bool {
    match draft {
        None => now.is_some(),
        Some(draft) => !draft.edited() && now != Some(draft.value.as_str()),
    }
}

/// The field's text, lines joined with `\n`.
/// Draws a one-line text field into `rect`, with a `…` at an edge past which
/// its text goes on (scrolled off to the left or the right), so that a long
/// value is never cut silently. The cell under the cursor is left alone.
pub fn render_marked(
    area: &TextArea<'static>,
    rect: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    use ratatui::widgets::Widget;
    area.render(rect, buf);
    if rect.height > 1 {
        mark_rows(area, rect, buf);
        return;
    }
    let row = area.cursor().0;
    let Some(line) = area.lines().get(row) else {
        return;
    };
    let width = usize::from(rect.width);
    if rect.height == 0 || width < 3 || crate::text::width(line) < width {
        return;
    }
    let y = rect.y;
    let shown: String = (rect.left()..rect.right())
        .map(|x| buf[(x, y)].symbol().to_owned())
        .collect();
    let shown = shown.trim_end();
    let cursor_at =
        |buf: &ratatui::buffer::Buffer, x: u16| buf[(x, y)].modifier.contains(Modifier::REVERSED);
    let dim = Style::new().add_modifier(Modifier::DIM);
    let (first, last) = (rect.left(), rect.right() - 1);
    let (left_hidden, right_hidden) = (!line.starts_with(shown), !line.ends_with(shown));
    if left_hidden && !cursor_at(buf, first) {
        buf[(first, y)].set_symbol("…").set_style(dim);
    }
    if right_hidden && !cursor_at(buf, last) {
        buf[(last, y)].set_symbol("…").set_style(dim);
    }
}

/// In a text field of several rows: `…` at the right end of its first or
/// last row when lines go on above or below it.
fn mark_rows(
    area: &TextArea<'static>,
    rect: ratatui::layout::Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    let lines = area.lines();
    if lines.len() <= usize::from(rect.height) || rect.width < 3 {
        return;
    }
    let row_text = |buf: &ratatui::buffer::Buffer, y: u16| -> String {
        (rect.left()..rect.right())
            .map(|x| buf[(x, y)].symbol().to_owned())
            .collect::<String>()
            .trim_end()
            .to_owned()
    };
    let dim = Style::new().add_modifier(Modifier::DIM);
    let last_x = rect.right() - 1;
    let top = row_text(buf, rect.top());
    if !lines[0].starts_with(top.as_str()) || (top.is_empty() && !lines[0].is_empty()) {
        buf[(last_x, rect.top())].set_symbol("…").set_style(dim);
    }
    let bottom = row_text(buf, rect.bottom() - 1);
    let end = lines.last().map_or("", String::as_str);
    if !end.starts_with(bottom.as_str()) || (bottom.is_empty() && !end.is_empty()) {
        buf[(last_x, rect.bottom() - 1)]
            .set_symbol("…")
            .set_style(dim);
    }
}

pub fn text(area: &TextArea) -> String {
    area.lines().join("\n")
}

/// Gives a key to a field. One-line fields never take a line break.
/// Returns whether the text changed.
pub fn type_key(area: &mut TextArea, key: KeyEvent, multiline: bool) -> bool {
    let newline = key.code == KeyCode::Enter
        || (key.code == KeyCode::Char('m') && key.modifiers.contains(KeyModifiers::CONTROL));
    if newline && !multiline {
        return false;
    }
    // A terminal may pass a control character through as a key (C1 codes
    // arrive as characters): it never becomes text.
    if matches!(key.code, KeyCode::Char(c) if c.is_control()) {
        return false;
    }
    // Ctrl+U clears to the start of the line, as in a shell (the text area
    // would take it for undo).
    if key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return area.delete_line_by_head();
    }
    // A key that moves ends a selection, even where the cursor cannot move
    // (→ at the end of a value just opened).
    let selecting = area.is_selecting();
    let changed = area.input(key);
    if selecting && !changed && !key.modifiers.contains(KeyModifiers::SHIFT) {
        area.cancel_selection();
    }
    changed
}

/// Pastes text into a field; line breaks become spaces in one-line fields,
/// a tab a space, and no other control character gets in (an escape code
/// in pasted text would reach the terminal of whoever prints the map).
pub fn paste(area: &mut TextArea, text: &str, multiline: bool) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    area.insert_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_fields_refuse_line_breaks() {
        let mut f = field("Call", false);
        assert!(!type_key(
            &mut f,
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            false
        ));
        type_key(
            &mut f,
            KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE),
            false,
        );
        paste(&mut f, " us\r\nnow", false);
        assert_eq!(text(&f), "Calls us now");
        paste(&mut f, "\t\u{1b}]0;title\u{7}!\u{9b}", false);
        assert_eq!(text(&f), "Calls us now ]0;title!", "no control characters");
    }

    #[test]
    fn a_selected_value_is_replaced_by_typing_and_kept_by_moving() {
        let press = |c| KeyEvent::new(c, KeyModifiers::NONE);
        let mut f = field_selected("2026-12-15");
        type_key(&mut f, press(KeyCode::Char('2')), false);
        assert_eq!(text(&f), "2");
        let mut f = field_selected("2026-12-15");
        type_key(&mut f, press(KeyCode::End), false);
        type_key(&mut f, press(KeyCode::Backspace), false);
        assert_eq!(text(&f), "2026-12-1", "moving ends the selection");
        let mut f = field_selected("Ann");
        type_key(&mut f, press(KeyCode::Right), false);
        type_key(&mut f, press(KeyCode::Char('e')), false);
        assert_eq!(text(&f), "Anne", "even where the cursor cannot move");
        let mut f = field_selected("Ann");
        paste(&mut f, "Bo", false);
        assert_eq!(text(&f), "Bo");
        let mut f = field_selected("Ann");
        let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert!(type_key(&mut f, ctrl_u, false));
        assert_eq!(text(&f), "");
    }

    #[test]
    fn several_lines_keep_their_breaks() {
        let mut f = field("one\ntwo", true);
        type_key(
            &mut f,
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            true,
        );
        paste(&mut f, "three", true);
        assert_eq!(text(&f), "one\ntwo\nthree");
    }
}

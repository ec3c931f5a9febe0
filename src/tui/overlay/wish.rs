//! The wish picker: the 2x2 on screen, taking a letter or the two yes/no
//! answers that decide the category.

use crate::model::{Edit, TouchpointField, TouchpointId, Wish};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct WishPicker {
    pub touchpoint: TouchpointId,
    /// The first answer, once given: does the customer say it?
    pub articulated: Option<bool>,
}

impl WishPicker {
    pub fn new(touchpoint: TouchpointId) -> WishPicker {
        WishPicker {
            touchpoint,
            articulated: None,
        }
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        let letter = match key.code {
            KeyCode::Char(c) => Some(c.to_ascii_lowercase()),
            _ => None,
        };
        match keys::action_for(Context::Wish, &key) {
            Some(Action::Confirm) => {
                if let Some(wish) = letter.and_then(Wish::from_letter) {
                    self.set(app, Some(wish));
                }
                false
            }
            Some(Action::Answer) => {
                let yes = letter == Some('y');
                match self.articulated {
                    None => {
                        self.articulated = Some(yes);
                        true
                    }
                    Some(articulated) => {
                        self.set(app, Some(Wish::from_answers(articulated, yes)));
                        false
                    }
                }
            }
            Some(Action::ClearValue) => {
                self.set(app, None);
                false
            }
            Some(Action::Cancel) => false,
            _ => true,
        }
    }

    fn set(&self, app: &mut App, wish: Option<Wish>) {
        let Some(tp) = app.touchpoint(&self.touchpoint) else {
            return;
        };
        if tp.wish == wish {
            return;
        }
        let label = format!(
            "wish of '{}' {}",
            tp.name,
            wish.map_or("cleared".to_owned(), |w| format!("to {}", w.name()))
        );
        let status = match wish {
            Some(w) => format!("{}: {}", w.name(), w.guidance()),
            None => "Wish not decided yet".to_owned(),
        };
        let edit = Edit::SetTouchpoint {
            id: self.touchpoint.clone(),
            field: TouchpointField::Wish(wish),
        };
        if app.apply(edit, label) {
            app.info(status);
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let theme = app.theme();
        let Some(tp) = app.touchpoint(&self.touchpoint) else {
            return;
        };
        let rect = super::centered(area, 64, 14);
        let inner = super::frame(
            app,
            rect,
            &format!("Wish: {}", crate::text::truncate(&tp.name, 40)),
            buf,
        );
        let cell = |wish: Wish| {
            let current = tp.wish == Some(wish);
            let style = if current {
                theme.selected()
            } else {
                theme.wish(Some(wish))
            };
            Span::styled(format!("{} {:<13}", wish.letter(), wish.name()), style)
        };
        let mut lines = vec![
            Line::from(vec![
                Span::raw("                      "),
                Span::styled("adds value      adds nothing", theme.dim()),
            ]),
            Line::from(vec![
                Span::styled("  says it out loud    ", theme.dim()),
                cell(Wish::Conscious),
                Span::raw("  "),
                cell(Wish::Deception),
            ]),
            Line::from(vec![
                Span::styled("  never says it       ", theme.dim()),
                cell(Wish::Subconscious),
                Span::raw("  "),
                cell(Wish::Invisible),
            ]),
            Line::raw(""),
        ];
        let yes_no = keys::labels(Action::Answer, Context::Wish).join("/");
        let question = match self.articulated {
            None => format!("Does the customer put this wish into words? {yes_no}"),
            Some(a) => format!(
                "{} Does fulfilling it add value for them? {yes_no}",
                if a { "Says it." } else { "Never says it." }
            ),
        };
        lines.push(Line::styled(format!("  {question}"), theme.title()));
        lines.push(Line::raw(""));
        if let Some(w) = tp.wish {
            lines.push(Line::styled(
                format!("  Now {}: {}", w.name(), w.guidance()),
                theme.dim(),
            ));
        }
        lines.push(Line::from(super::super::render::hint_spans(
            app,
            Context::Wish,
        )));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .style(Style::new())
            .render(inner, buf);
    }
}

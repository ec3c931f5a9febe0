//! Unsaved edits from a session that ended badly: restore them, see what
//! they change, or discard them. Nothing is discarded without that choice.

use crate::model::{Map, diff};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct RecoverOffer {
    map: Box<Map>,
    /// When the copy was written, for the message.
    when: String,
    changes: Vec<String>,
    show_changes: bool,
}

impl RecoverOffer {
    pub fn new(current: &Map, recovered: Map, when: String) -> RecoverOffer {
        let changes = diff(current, &recovered);
        RecoverOffer {
            map: Box::new(recovered),
            when,
            changes,
            show_changes: false,
        }
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        let stays = self.choose(app, key);
        if !stays {
            app.show_conflicts();
        }
        stays
    }

    fn choose(&mut self, app: &mut App, key: KeyEvent) -> bool {
        match keys::action_for(Context::Recover, &key) {
            Some(Action::Restore) => {
                let map = std::mem::take(&mut *self.map);
                app.doc.replace(map, "restore the unsaved edits");
                app.clamp_selection();
                app.info("Restored the unsaved edits: Ctrl+S saves them, u takes them back");
                false
            }
            Some(Action::ShowDifferences) => {
                self.show_changes = !self.show_changes;
                true
            }
            Some(Action::Discard) => {
                app.remove_recovery();
                app.info("Discarded the unsaved edits from last time");
                false
            }
            Some(Action::Cancel) => {
                app.keep_recovery_aside();
                app.info("Kept the recovery copy; cxmap recover --list shows it");
                false
            }
            _ => true,
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let theme = app.theme;
        let height = if self.show_changes {
            area.height.saturating_sub(2)
        } else {
            9
        };
        let rect = super::centered(area, 90, height);
        let inner = super::frame(app, rect, "Unsaved edits from last time", buf);
        let n = self.changes.len();
        let mut lines = vec![
            Line::raw(format!(
                "cxmap stopped on {} with edits that were never saved: {n} change{} to this map.",
                self.when,
                if n == 1 { "" } else { "s" }
            )),
            Line::raw(""),
            Line::from(super::super::render::hint_spans(app, Context::Recover)),
        ];
        if self.show_changes {
            lines.push(Line::raw(""));
            lines.extend(
                self.changes
                    .iter()
                    .map(|c| Line::styled(format!("  {c}"), theme.dim())),
            );
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

//! Unsaved edits from a session that ended badly: restore them, see what
//! they change, or discard them. Nothing is discarded without that choice,
//! and restoring never undoes what was saved to the file after the copy was
//! written: the copy's edits are merged with the file as it is now.

use crate::model::{Map, diff, merge};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Unsaved edits found at start, to offer back.
pub struct Recovered {
    pub map: Map,
    pub edited_from: EditedFrom,
    /// When the copy was written, for the message.
    pub when: String,
}

/// What the copy's edits were made on.
pub enum EditedFrom {
    /// The map as its file held it then.
    File(Map),
    /// Not known: a copy from an older cxmap, or one whose base is not the
    /// one it names (cxmap was stopped between writing the two).
    Unknown,
    /// No file (never saved, or removed since): nothing saved can be undone.
    NoFile,
}

/// What `r` does.
enum Restore {
    /// The file is as the edits began from it: the copy takes its place.
    Replace,
    /// The file changed since: the copy's edits merged with those changes.
    Merge {
        saved_since: usize,
        conflicts: usize,
    },
    /// Unknown base: the copy takes the map's place, undoing whatever was
    /// saved after it; shown, and done only when asked twice.
    Overwrite,
}

pub struct RecoverOffer {
    /// The copy as found, and what its edits were made on.
    copy: Map,
    edited_from: EditedFrom,
    when: String,
    /// What restoring puts in place, worked out against the map as the
    /// file holds it now: again whenever that changes while the offer is
    /// open (a `git pull`, another window saving).
    plan: Plan,
    show_changes: bool,
    /// The first change shown, when they do not all fit.
    scroll: usize,
    /// `r` was pressed once on a copy that would undo saved work.
    confirming: bool,
}

/// What `r` would do to the map at one revision of the document.
struct Plan {
    revision: u64,
    map: Map,
    restore: Restore,
    /// What restoring changes, from the map as the file holds it now.
    changes: Vec<String>,
    /// Restoring would leave the map as it is: the file has every edit.
    unchanged: bool,
}

impl Plan {
    fn new(current: &Map, revision: u64, copy: &Map, edited_from: &EditedFrom) -> Plan {
        let (map, restore) = match edited_from {
            EditedFrom::File(base) if base != current => {
                let merged = merge(base, copy, current);
                let conflicts = merged
                    .conflicts
                    .iter()
                    .filter(|c| !current.conflicts.contains(c) && !copy.conflicts.contains(c))
                    .count();
                let saved_since = diff(base, current).len();
                let restore = Restore::Merge {
                    saved_since,
                    conflicts,
                };
                (merged, restore)
            }
            EditedFrom::File(_) | EditedFrom::NoFile => (copy.clone(), Restore::Replace),
            EditedFrom::Unknown => (copy.clone(), Restore::Overwrite),
        };
        Plan {
            revision,
            changes: diff(current, &map),
            unchanged: map == *current,
            map,
            restore,
        }
    }
}

impl RecoverOffer {
    pub fn new(current: &Map, revision: u64, recovered: Recovered) -> RecoverOffer {
        let plan = Plan::new(current, revision, &recovered.map, &recovered.edited_from);
        RecoverOffer {
            copy: recovered.map,
            edited_from: recovered.edited_from,
            when: recovered.when,
            plan,
            show_changes: false,
            scroll: 0,
            confirming: false,
        }
    }

    /// Works the offer out again if the map changed under it (the file
    /// changed on disk while the offer was open).
    pub fn refresh(&mut self, app: &App) {
        let revision = app.document().revision();
        if self.plan.revision != revision {
            self.plan = Plan::new(app.map(), revision, &self.copy, &self.edited_from);
        }
    }

    /// Whether restoring would change nothing: the file has every edit.
    pub fn changes_nothing(&self) -> bool {
        self.plan.unchanged
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
                self.refresh(app);
                if matches!(self.plan.restore, Restore::Overwrite) && !self.confirming {
                    self.confirming = true;
                    self.show_changes = true;
                    return true;
                }
                let map = std::mem::take(&mut self.plan.map);
                app.replace_map(map, "restore the unsaved edits");
                app.info(self.restored());
                false
            }
            Some(Action::ShowDifferences) => {
                self.show_changes = !self.show_changes;
                true
            }
            Some(action @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)) => {
                self.show_changes = true;
                let last = self.plan.changes.len().saturating_sub(1);
                self.scroll = match action {
                    Action::Up => self.scroll.saturating_sub(1),
                    Action::Down => self.scroll + 1,
                    Action::PageUp => self.scroll.saturating_sub(PAGE),
                    _ => self.scroll + PAGE,
                }
                .min(last);
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

    /// The message once restored.
    fn restored(&self) -> String {
        let save = keys::label(Action::Save, Context::Board);
        let undo = keys::label(Action::Undo, Context::Board);
        let keep = format!("{save} saves them, {undo} takes them back");
        match self.plan.restore {
            Restore::Replace => format!("Restored the unsaved edits: {keep}"),
            Restore::Merge {
                saved_since,
                conflicts: 0,
            } => format!(
                "Restored the unsaved edits, merged with the {}: {keep}",
                changes_saved(saved_since)
            ),
            Restore::Merge {
                saved_since,
                conflicts,
            } => format!(
                "Restored the unsaved edits, merged with the {}; {} on both sides: choose which to keep",
                changes_saved(saved_since),
                both_sides(conflicts)
            ),
            Restore::Overwrite => {
                "Restored the copy in place of the file's version: Ctrl+S saves it, u takes it back"
                    .to_owned()
            }
        }
    }

    /// The dialog: when the edits were made and what restoring them does,
    /// the keys (or the question asked again), and, when shown, the changes.
    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let height = if self.show_changes {
            area.height.saturating_sub(2)
        } else {
            11
        };
        let rect = super::centered(area, 90, height);
        let inner = super::frame(app, rect, "Unsaved edits from last time", buf);
        let lines = self.header_lines(app);
        // The changes, wrapped here so that the rows they take are known
        // and the list can say what is above and below the part shown.
        let header_rows: usize = lines
            .iter()
            .map(|line| {
                let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
                crate::text::wrap(&text, usize::from(inner.width)).len()
            })
            .sum();
        let header_rows = u16::try_from(header_rows).unwrap_or(u16::MAX);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
        if !self.show_changes {
            return;
        }
        let list = Rect {
            y: inner.y + header_rows + 1,
            height: inner.height.saturating_sub(header_rows + 1),
            ..inner
        };
        Paragraph::new(self.change_rows(app, list)).render(list, buf);
    }

    /// The dialog's text above the changes: when cxmap stopped, what
    /// restoring does, then the keys, or the question asked again.
    fn header_lines(&self, app: &App) -> Vec<Line<'static>> {
        let mut lines = vec![
            Line::raw(format!(
                "cxmap stopped on {} with edits that were never saved.",
                self.when
            )),
            Line::raw(self.what_restoring_does()),
            Line::raw(""),
        ];
        if self.confirming {
            lines.push(Line::styled(
                format!(
                    "These are the changes. {} again restores the copy all the same; {} keeps it for later.",
                    keys::label(Action::Restore, Context::Recover),
                    keys::label(Action::Cancel, Context::Recover)
                ),
                app.theme().error(),
            ));
        } else {
            lines.push(Line::from(super::super::render::hint_spans(
                app,
                Context::Recover,
            )));
        }
        lines
    }

    /// What restoring does to the map: replace it, merge with what was saved
    /// since, or overwrite it; and how many changes that makes.
    fn what_restoring_does(&self) -> String {
        let n = self.plan.changes.len();
        let changes = format!("{n} change{}", if n == 1 { "" } else { "s" });
        match self.plan.restore {
            Restore::Replace => format!("Restoring them makes {changes} to this map."),
            Restore::Merge {
                saved_since,
                conflicts,
            } => {
                let (was, it) = match saved_since {
                    1 => ("1 change was".to_owned(), "it"),
                    n => (format!("{n} changes were"), "them"),
                };
                let mut text = format!(
                    "{was} saved to the file after that; restoring merges the edits \
                     with {it}: {changes} to the map as it is now."
                );
                if conflicts > 0 {
                    text.push_str(&format!(
                        " {} on both sides: you choose which to keep.",
                        both_sides(conflicts)
                    ));
                }
                text
            }
            Restore::Overwrite => format!(
                "This copy does not say which version of the file it was edited from \
                 (an older cxmap wrote it, or cxmap was stopped while writing it): \
                 restoring puts it in place of the map ({changes}), undoing anything saved \
                 to the file after it was written."
            ),
        }
    }

    /// The changes that fit in `list` from the first one scrolled to, each
    /// wrapped whole, with how many more are above and below.
    fn change_rows(&self, app: &App, list: Rect) -> Vec<Line<'static>> {
        let theme = app.theme();
        let width = usize::from(list.width).saturating_sub(2);
        let mut rows: Vec<Line> = Vec::new();
        if self.scroll > 0 {
            rows.push(Line::styled(
                format!(
                    "  ↑ {} more above ({} {})",
                    self.scroll,
                    keys::labels(Action::Up, Context::Recover).join(" "),
                    keys::label(Action::PageUp, Context::Recover)
                ),
                theme.dim(),
            ));
        }
        let room = usize::from(list.height);
        let mut shown = self.scroll;
        for change in self.plan.changes.iter().skip(self.scroll) {
            let wrapped = crate::text::wrap(change, width);
            // Keep the last row for "more below" unless this is the last.
            let last = shown + 1 == self.plan.changes.len();
            let limit = if last { room } else { room.saturating_sub(1) };
            if rows.len() + wrapped.len() > limit {
                break;
            }
            rows.extend(
                wrapped
                    .into_iter()
                    .map(|row| Line::styled(format!("  {row}"), theme.dim())),
            );
            shown += 1;
        }
        let below = self.plan.changes.len() - shown;
        if below > 0 {
            rows.push(Line::styled(
                format!(
                    "  ↓ {below} more below ({} {})",
                    keys::labels(Action::Down, Context::Recover).join(" "),
                    keys::label(Action::PageDown, Context::Recover)
                ),
                theme.dim(),
            ));
        }
        rows
    }
}

/// How far PgUp and PgDn move through the differences.
const PAGE: usize = 10;

/// "3 changes saved since" (after "the").
fn changes_saved(n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{n} change{s} saved since")
}

/// "2 things were changed".
fn both_sides(n: usize) -> String {
    if n == 1 {
        "1 thing was changed".to_owned()
    } else {
        format!("{n} things were changed")
    }
}

//! Never losing work: the recovery copy written a second after the last
//! edit, and the file watched for changes made by others, merged in as they
//! come.

use super::App;
use crate::tui::document::DiskChange;
use crate::tui::keys::{self, Action};
use crate::tui::overlay::{ConflictList, Overlay};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long after the last edit the recovery copy is written.
pub const RECOVERY_DELAY: Duration = Duration::from_secs(1);

/// How long after the first edit not yet in a copy it is written at the
/// latest: edits that come closer together than [`RECOVERY_DELAY`], for
/// minutes on end, still get their copy.
pub const RECOVERY_AT_MOST: Duration = Duration::from_secs(5);

impl App {
    /// Call after each batch of events: schedules the recovery copy while
    /// there are unsaved changes, and drops it once there are none.
    pub fn after_events(&mut self, now: Instant) {
        self.recovery_failures();
        let revision = self.doc.revision();
        if revision != self.seen_revision {
            self.seen_revision = revision;
            if self.doc.is_modified() {
                let since = *self.unkept_since.get_or_insert(now);
                self.recovery_due = Some((now + RECOVERY_DELAY).min(since + RECOVERY_AT_MOST));
            } else if !self.offering_recovery() {
                // Nothing unsaved. (A copy still on offer is not this
                // session's edits: a reload from disk must not remove it.)
                self.remove_recovery();
            }
        }
        // Text typed in an editor is no edit until its field is left; the
        // copy takes it all the same, a second after typing began.
        if self.recovery_due.is_none() && self.overlays.iter().any(Overlay::holds_typing) {
            self.recovery_due = Some(now + RECOVERY_DELAY);
        }
    }

    /// Whether a copy left from last time is on offer, not yet taken.
    fn offering_recovery(&self) -> bool {
        self.overlays
            .iter()
            .any(|o| matches!(o, Overlay::Recover(_)))
    }

    /// How long the loop may sleep before the recovery copy is due.
    pub fn recovery_timeout(&self, now: Instant) -> Option<Duration> {
        self.recovery_due
            .map(|due| due.saturating_duration_since(now))
    }

    /// What is typed in open editors (and, with `prompts`, prompts) goes
    /// into the map, so that the recovery copy keeps it.
    pub fn flush_editors(&mut self, prompts: bool) {
        self.each_overlay(|overlay, app| overlay.flush(app, prompts));
    }

    /// The recovery copy is due: it takes what is being typed in an editor
    /// too (the editor's edits undo as one step all the same). It is
    /// written from a snapshot on the writer's thread, so no key waits for
    /// it; returns where it goes.
    pub fn recovery_copy_due(&mut self) -> Option<PathBuf> {
        self.flush_editors(false);
        self.recovery_due = None;
        self.unkept_since = None;
        let slot = self.slot_for_copy()?;
        let (map, base) = (self.doc.map().clone(), self.doc.base().clone());
        self.writer.write_later(&slot, map, base);
        Some(slot.path().to_path_buf())
    }

    /// Waits until no recovery copy is being written, and says why any
    /// written meanwhile failed.
    pub fn wait_for_recovery(&mut self) {
        self.writer.wait();
        self.recovery_failures();
    }

    /// Says why copies written in the background failed (the writer wakes
    /// the loop when one does).
    pub fn recovery_failures(&mut self) {
        if let Some(error) = self.writer.failures().pop() {
            self.cannot_keep_a_copy(&error);
        }
    }

    #[cfg(test)]
    pub fn recovery_writer(&self) -> &crate::storage::RecoveryWriter {
        &self.writer
    }

    /// Whether a recovery copy is being written or the session is ending:
    /// what the signal watchdog waits for.
    pub fn recovery_activity(&self) -> crate::storage::RecoveryActivity {
        self.writer.activity()
    }

    /// The keys a copy written in the background gives way to: the thread
    /// reading the terminal counts each as it comes, the loop each answered.
    pub fn keys_first(&self) -> crate::storage::KeysFirst {
        self.writer.keys().clone()
    }

    /// Wakes the loop with `wake` when a copy written in the background
    /// fails, so that the app says so at once.
    pub fn wake_on_recovery_failure(&mut self, wake: impl Fn() + Send + Sync + 'static) {
        self.writer.wake_with(wake);
    }

    /// The session ends without a quit (a hang-up, a signal): keep everything
    /// typed, a name half typed in a prompt too, and say where it is. Busy
    /// (`recovery_activity`) from start to end, so that the watchdog waits.
    pub fn end_session(&mut self) -> Option<PathBuf> {
        let _ending = self.writer.activity().begin();
        self.flush_editors(true);
        self.write_recovery()
    }

    /// Writes the recovery copy now, in this thread, if there is anything
    /// unsaved: after a copy being written in the background, which it
    /// supersedes (or which already holds it), so that the latest state is
    /// on disk when this returns. For the ends of a session.
    pub fn write_recovery(&mut self) -> Option<PathBuf> {
        self.recovery_due = None;
        self.unkept_since = None;
        let slot = self.slot_for_copy()?;
        let (map, base) = (self.doc.map().clone(), self.doc.base().clone());
        match self.writer.write_now(&slot, map, base) {
            Ok(()) => Some(slot.path().to_path_buf()),
            Err(error) => {
                self.cannot_keep_a_copy(&error);
                None
            }
        }
    }

    /// The slot the copy of the map as it is now goes to, if there is
    /// anything unsaved to keep.
    fn slot_for_copy(&mut self) -> Option<std::sync::Arc<crate::storage::RecoverySlot>> {
        if !self.doc.is_modified() {
            return None;
        }
        let recovery = self.recovery.as_ref()?;
        // A map saved under a new name has a new copy: the old one was removed
        // at the save.
        if self
            .slot
            .as_ref()
            .is_none_or(|slot| slot.original() != self.doc.path())
        {
            self.slot = Some(std::sync::Arc::new(recovery.claim(self.doc.path())));
        }
        self.slot.clone()
    }

    fn cannot_keep_a_copy(&mut self, error: &std::io::Error) {
        let Some(recovery) = &self.recovery else {
            return;
        };
        let message = format!(
            "Cannot keep a recovery copy in {}: {error}",
            recovery.dir().display()
        );
        self.error(message);
    }

    /// Removes the copy (nothing is unsaved), without waiting for one being
    /// written: that one is dropped, or removed again once written.
    pub fn remove_recovery(&mut self) {
        self.recovery_due = None;
        self.unkept_since = None;
        if let Some(slot) = &self.slot {
            self.writer.remove(slot);
        }
    }

    /// Keeps the copy offered at start where it is, for later: this session
    /// writes a copy of its own.
    pub fn keep_recovery_aside(&mut self) {
        self.slot = self
            .recovery
            .as_ref()
            .map(|r| std::sync::Arc::new(r.claim_aside(self.doc.path())));
    }

    /// Opens the list of merge conflicts to settle, unless it is open already
    /// or there are none: at start (a map fresh from `git merge`) and when a
    /// change on disk brought some in.
    pub fn show_conflicts(&mut self) {
        let open = self
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::Conflicts(_)));
        if !open && !self.map().conflicts.is_empty() {
            self.overlays
                .push(Overlay::Conflicts(ConflictList::new(false, false)));
        }
    }

    /// The file changed on disk: bring the change in, merged with ours.
    /// What is being typed in an editor counts as ours: it goes into the map
    /// first, so that a field changed both here and there is a conflict to
    /// settle rather than typed over the change, or the change over it.
    pub fn disk_changed(&mut self) {
        self.flush_editors(false);
        let name = self
            .doc
            .path()
            .and_then(|p| p.file_name())
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        match self.doc.sync_with_disk() {
            DiskChange::Unchanged => {}
            DiskChange::Reloaded => {
                // Said over a layer too (an editor, a dialog), where the
                // key may mean something else.
                let undo = keys::label_if_bound(Action::Undo, self.context())
                    .map_or(String::new(), |key| format!(" ({key} undoes)"));
                self.info(format!("{name} changed on disk: reloaded{undo}"))
            }
            DiskChange::Merged { conflicts: 0 } => {
                self.info(format!("{name} changed on disk: merged with your edits"))
            }
            DiskChange::Merged { conflicts } => {
                let things = if conflicts == 1 {
                    "1 thing was".to_owned()
                } else {
                    format!("{conflicts} things were")
                };
                self.info(format!(
                    "{name} changed on disk: merged; {things} changed on both sides"
                ));
                self.show_conflicts();
            }
            DiskChange::Elsewhere(why) => {
                self.error(format!("{name}: {why}; your version is kept"))
            }
            DiskChange::Unreadable(error) => self.error(format!(
                "{name} changed on disk but does not load ({error}); your version is kept"
            )),
        }
        self.clamp_selection();
        self.keep_in_view();
        self.refresh_overlays();
    }
}

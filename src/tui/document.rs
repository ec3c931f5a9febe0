//! The map being edited: the only place the TUI changes a map, always
//! through [`Edit`], with unlimited undo and redo and a record of what is saved.

use crate::model::{Edit, EditError, Map, Stage, StageId, TouchpointId, apply};
use crate::storage::{self, SaveError};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// What an undo entry will bring back, and what to select after it.
#[derive(Debug)]
struct Step {
    edit: Edit,
    label: String,
    /// The state the document was in before the step was taken, so that
    /// "modified" can tell whether undoing returned to the saved state.
    state: u64,
    /// Edits of one editing session (a form left open) share a group and
    /// undo as one.
    group: Option<u64>,
    /// What each edit of a group changed (`name`, `channel`), each once, and
    /// what they changed it on (`edit 'Pay online'`): once a group changed
    /// more than one thing, its label names them all.
    parts: Vec<String>,
    subject: Option<String>,
}

impl Step {
    /// Records one more thing the step's group changed; from the second
    /// on, the label names them all: `edit 'Pay online' (name, channel)`.
    fn add_part(&mut self, part: Option<String>) {
        let Some(part) = part else { return };
        if !self.parts.contains(&part) {
            self.parts.push(part);
        }
        if let (Some(subject), true) = (&self.subject, self.parts.len() > 1) {
            self.label = format!("{subject} ({})", listing(&self.parts));
        }
    }
}

/// `name, channel, evidence`; past three, `name, channel and 3 more`.
fn listing(parts: &[String]) -> String {
    match parts {
        [_, _, _, _, ..] => format!("{}, {} and {} more", parts[0], parts[1], parts.len() - 2),
        _ => parts.join(", "),
    }
}

/// What an edit of an editing session changes, in a word or two.
fn part_of(map: &Map, edit: &Edit) -> Option<String> {
    Some(match edit {
        Edit::SetTouchpoint { field, .. } => field.key().label().to_owned(),
        Edit::SetAction { field, .. } => match field.key() {
            crate::model::ActionKey::Text => "action".to_owned(),
            key => format!("action's {}", key.label()),
        },
        Edit::AddAction { .. } => "new action".to_owned(),
        Edit::RemoveAction(id) => {
            map.action_owner(id)?;
            "action deleted".to_owned()
        }
        _ => return None,
    })
}

/// The touchpoint an editing session's edit is on, as its label names it
/// (before the edit: a new name is named by the next undo).
fn subject_of(map: &Map, edit: &Edit) -> Option<String> {
    let tp = match edit {
        Edit::SetTouchpoint { id, .. } => map.touchpoint(id)?,
        Edit::AddAction { touchpoint, .. } => map.touchpoint(touchpoint)?,
        Edit::SetAction { id, .. } | Edit::RemoveAction(id) => {
            let (place, _) = map.action_owner(id)?;
            &map.stages[place.stage].touchpoints[place.index]
        }
        _ => return None,
    };
    Some(format!("edit '{}'", tp.name))
}

/// Where an edit happened: something for the UI to select after undo or redo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    Stage(StageId),
    Touchpoint(TouchpointId),
}

#[derive(Debug)]
pub struct Document {
    map: Map,
    path: Option<PathBuf>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Names the current state of the map; every change gets a new one.
    state: u64,
    next_state: u64,
    saved_state: Option<u64>,
    /// Counts every change, including undo and redo, for caches.
    revision: u64,
    /// The touchpoints each recent change touched, by the revision it made
    /// (`Edit::touchpoints`; `None`: any of them), oldest first.
    touched: VecDeque<(u64, Option<Vec<TouchpointId>>)>,
    /// The map as the file last held it (when loaded or saved): the base of
    /// a merge with changes made on disk meanwhile.
    base: Map,
    /// The file as last read or written here, by its stamp and the
    /// fingerprint of its bytes (not the text itself: megabytes for a big
    /// map); `None` before it exists. A save replaces only that file.
    seen: Option<storage::Seen>,
    /// The file as last found when it did not load: what a save that the
    /// user confirmed may write over, and nothing newer.
    unloadable: Option<storage::Stamp>,
    /// Where the path led (through any symbolic links) when the map was
    /// read or last written: saves go there and nowhere else, so that a
    /// link planted or changed meanwhile cannot send them to another file.
    target: Option<PathBuf>,
}

/// What `sync_with_disk` found.
#[derive(Debug, PartialEq, Eq)]
pub enum DiskChange {
    /// The file is as this document last saw it (or there is none).
    Unchanged,
    /// It changed, and the document had no edits: it now shows the file.
    Reloaded,
    /// It changed, and the document's edits were merged with it; `conflicts`
    /// new places where both changed the same thing.
    Merged { conflicts: usize },
    /// It changed into something that does not load; the document is kept.
    Unreadable(String),
    /// The path now leads to another file (a symbolic link made or changed
    /// since): nothing is read from there, and nothing will be written.
    Elsewhere(String),
}

impl Document {
    /// A document for a map as it is on disk at `path` (or will be, once saved).
    pub fn new(map: Map, path: Option<PathBuf>, saved: bool) -> Document {
        let target = path.as_deref().map(resolved);
        Document {
            target,
            base: map.clone(),
            map,
            path,
            undo: Vec::new(),
            redo: Vec::new(),
            state: 0,
            next_state: 1,
            saved_state: saved.then_some(0),
            revision: 0,
            touched: VecDeque::new(),
            seen: None,
            unloadable: None,
        }
    }

    /// Records the file as it was when the map was read from it.
    pub fn with_seen(mut self, seen: storage::Seen) -> Document {
        self.seen = Some(seen);
        self
    }

    pub fn map(&self) -> &Map {
        &self.map
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The map as the file last held it: what the unsaved edits were made on.
    pub fn base(&self) -> &Map {
        &self.base
    }

    pub fn is_modified(&self) -> bool {
        self.saved_state != Some(self.state)
    }

    /// How many undo steps lie between the map and the file as last saved
    /// (taken since, or undone past it); `None` when that cannot be said (the
    /// saved state is no longer in the history, or there was none).
    pub fn unsaved_steps(&self) -> Option<usize> {
        if !self.is_modified() {
            return Some(0);
        }
        let saved = self.saved_state?;
        let since = |steps: &[Step]| {
            let at = steps.iter().rposition(|s| s.state == saved)?;
            Some(steps.len() - at)
        };
        since(&self.undo).or_else(|| since(&self.redo))
    }

    /// The label of the last step taken, if it is not saved: the latest
    /// unsaved change (none when the unsaved changes are undone ones).
    pub fn last_unsaved_step(&self) -> Option<&str> {
        let top = self.undo.last().filter(|_| self.is_modified())?;
        let saved_in_redo = self
            .saved_state
            .is_some_and(|saved| self.redo.iter().any(|s| s.state == saved));
        (!saved_in_redo).then_some(top.label.as_str())
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The touchpoints changed, added or removed since `revision` (moves
    /// are no change here), for caches of what is worked out per touchpoint;
    /// `None` when that is not known: too long ago, or a whole map was put
    /// in place.
    pub fn touched_since(&self, revision: u64) -> Option<Vec<TouchpointId>> {
        let since = self.touched.iter().skip_while(|(r, _)| *r <= revision);
        let mut ids = Vec::new();
        let mut changes = 0;
        for (_, touched) in since {
            ids.extend(touched.as_ref()?.iter().cloned());
            changes += 1;
        }
        (changes == self.revision.checked_sub(revision)?).then_some(ids)
    }

    /// A new revision, made by a change that touched `touched`.
    fn changed(&mut self, touched: Option<Vec<TouchpointId>>) {
        const KEPT: usize = 64;
        self.revision += 1;
        if self.touched.len() == KEPT {
            self.touched.pop_front();
        }
        self.touched.push_back((self.revision, touched));
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies an edit as a new undo step, labelled for the status line.
    pub fn apply(&mut self, edit: Edit, label: impl Into<String>) -> Result<(), EditError> {
        self.apply_in_group(edit, label, None)
    }

    /// Applies an edit; consecutive edits of the same `group` undo as one step.
    pub fn apply_in_group(
        &mut self,
        edit: Edit,
        label: impl Into<String>,
        group: Option<u64>,
    ) -> Result<(), EditError> {
        let part = group.and_then(|_| part_of(&self.map, &edit));
        // Only a group's first step is labelled by its subject (which
        // walks the map to find it).
        let joins = group.is_some() && self.undo.last().is_some_and(|top| top.group == group);
        let subject = group
            .filter(|_| !joins)
            .and_then(|_| subject_of(&self.map, &edit));
        let inverse = apply(&mut self.map, edit)?;
        self.changed(inverse.touchpoints(&self.map));
        self.redo.clear();
        match self.undo.last_mut() {
            Some(top) if group.is_some() && top.group == group => {
                let older = std::mem::replace(&mut top.edit, Edit::Batch(Vec::new()));
                top.edit = Edit::Batch(vec![inverse, older]);
                top.add_part(part);
            }
            _ => self.undo.push(Step {
                edit: inverse,
                label: label.into(),
                state: self.state,
                group,
                parts: part.into_iter().collect(),
                subject,
            }),
        }
        self.state = self.next_state;
        self.next_state += 1;
        Ok(())
    }

    /// Forgets the last step if it is `group`'s and undoing it would change
    /// nothing: an editing session on touchpoint `id` that changed it and
    /// changed it back leaves no step to undo and no "modified" behind.
    /// The step is tried on a copy of the touchpoint alone (a session's
    /// edits touch only its touchpoint); anything it cannot say for sure
    /// keeps the step. Returns whether it forgot it.
    pub fn forget_group_if_unchanged(&mut self, group: u64, id: &TouchpointId) -> bool {
        let Some(top) = self.undo.last().filter(|top| top.group == Some(group)) else {
            return false;
        };
        let Some(tp) = self.map.touchpoint(id) else {
            return false;
        };
        let mut alone = Map::default();
        alone.stages.push(
            Stage {
                id: StageId::parse("s-alone").expect("a valid id"),
                name: String::new(),
                touchpoints: vec![tp.clone().into()],
            }
            .into(),
        );
        let undone = apply(&mut alone, top.edit.clone()).is_ok();
        if !undone || alone.stages[0].touchpoints.first().map(|t| &**t) != Some(tp) {
            return false;
        }
        let step = self.undo.pop().expect("the step just looked at");
        self.state = step.state;
        self.changed(Some(Vec::new()));
        true
    }

    /// Takes back the last step; returns its label and where it happened.
    pub fn undo(&mut self) -> Option<(String, Option<Focus>)> {
        let step = self.undo.pop()?;
        let focus = focus_of(&step.edit);
        let redo = apply(&mut self.map, step.edit).expect("an undo step always applies");
        self.changed(redo.touchpoints(&self.map));
        self.redo.push(Step {
            edit: redo,
            label: step.label.clone(),
            state: self.state,
            group: None,
            parts: Vec::new(),
            subject: None,
        });
        self.state = step.state;
        Some((step.label, focus))
    }

    /// Makes the last undone step again.
    pub fn redo(&mut self) -> Option<(String, Option<Focus>)> {
        let step = self.redo.pop()?;
        let focus = focus_of(&step.edit);
        let undo = apply(&mut self.map, step.edit).expect("a redo step always applies");
        self.changed(undo.touchpoints(&self.map));
        self.undo.push(Step {
            edit: undo,
            label: step.label.clone(),
            state: self.state,
            group: None,
            parts: Vec::new(),
            subject: None,
        });
        self.state = step.state;
        Some((step.label, focus))
    }

    /// Saves to the document's path (or `path`, which then becomes its path).
    /// Call `sync_with_disk` first: this writes whatever the document holds,
    /// but only over the file as this document last saw it (or, under a new
    /// name, where there is no file): if it changed meanwhile, even while
    /// saving, nothing is written and the error says so
    /// ([`SaveError::changed_on_disk`]); sync and save again.
    pub fn save(&mut self, path: Option<&Path>) -> Result<PathBuf, SaveError> {
        self.save_checked(path, false)
    }

    /// Saves over a file that changed on disk into something that does not
    /// load, as the user confirmed: over that file as it was then, not over
    /// anything written after.
    pub fn save_over_unloadable(&mut self) -> Result<PathBuf, SaveError> {
        self.save_checked(None, true)
    }

    fn save_checked(
        &mut self,
        path: Option<&Path>,
        over_unloadable: bool,
    ) -> Result<PathBuf, SaveError> {
        let own = path.is_none_or(|p| Some(p) == self.path.as_deref());
        let path = match path.or(self.path.as_deref()) {
            Some(p) => p.to_path_buf(),
            None => {
                return Err(SaveError {
                    path: PathBuf::new(),
                    error: std::io::Error::other("the map has no file name yet"),
                });
            }
        };
        if own && let Some(now) = self.link_changed() {
            return Err(SaveError {
                error: std::io::Error::other(link_message(&now)),
                path,
            });
        }
        let target = match (&self.target, own) {
            (Some(target), true) => target.clone(),
            _ => resolved(&path),
        };
        let expected = match (self.unloadable, self.seen) {
            (Some(stamp), _) if own && over_unloadable => storage::Expected::Stamp(stamp),
            (_, Some(seen)) if own => storage::Expected::Seen(seen),
            _ => storage::Expected::Nothing,
        };
        let seen = storage::save_to(&target, &self.map, &expected).map_err(|error| SaveError {
            path: path.clone(),
            error,
        })?;
        self.path = Some(path.clone());
        self.target = Some(target);
        self.saved_state = Some(self.state);
        self.base = self.map.clone();
        self.seen = Some(seen);
        self.unloadable = None;
        Ok(path)
    }

    /// Brings in changes made to the file by someone else since this document
    /// last read or wrote it: a reload when there are no edits here, a
    /// three-way merge when there are.
    pub fn sync_with_disk(&mut self) -> DiskChange {
        let Some(path) = self.path.clone() else {
            return DiskChange::Unchanged;
        };
        if let Some(now) = self.link_changed() {
            return DiskChange::Elsewhere(link_message(&now));
        }
        let target = self.target.clone().unwrap_or_else(|| path.clone());
        // Cheap first: the very file last seen is not read again.
        let untouched = self.seen.is_some_and(|seen| {
            std::fs::metadata(&target).is_ok_and(|m| storage::Stamp::of(&m) == seen.stamp)
        });
        if untouched {
            return DiskChange::Unchanged;
        }
        let (bytes, stamp) = match storage::read_stamped(&target) {
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return DiskChange::Unchanged;
            }
            Err(error) => return DiskChange::Unreadable(format!("{}: {error}", path.display())),
        };
        let seen = storage::Seen::read(stamp, &bytes);
        if self.seen.map(|s| s.fingerprint) == Some(seen.fingerprint) {
            self.seen = Some(seen);
            return DiskChange::Unchanged;
        }
        let loaded = match storage::from_vec(bytes) {
            Ok(loaded) => loaded,
            Err(error) => {
                self.unloadable = Some(stamp);
                return DiskChange::Unreadable(format!("{}:{error}", path.display()));
            }
        };
        self.unloadable = None;
        let theirs = loaded.map;
        let result = if self.is_modified() {
            let merged = crate::model::merge(&self.base, &self.map, &theirs);
            let conflicts = merged
                .conflicts
                .iter()
                .filter(|c| !self.map.conflicts.contains(c))
                .count();
            if merged != self.map {
                self.replace(merged, "merge in the changes made on disk");
            }
            DiskChange::Merged { conflicts }
        } else {
            if theirs != self.map {
                self.replace(theirs.clone(), "reload the changes made on disk");
            }
            DiskChange::Reloaded
        };
        if self.map == theirs {
            self.saved_state = Some(self.state);
        }
        self.base = theirs;
        self.seen = Some(seen);
        result
    }

    /// Where the path leads now, if a symbolic link made or changed since
    /// the map was read sends it somewhere else.
    fn link_changed(&self) -> Option<PathBuf> {
        let (path, target) = (self.path.as_deref()?, self.target.as_deref()?);
        let now = resolved(path);
        (now != target).then_some(now)
    }

    /// Replaces the whole map as one undo step.
    pub fn replace(&mut self, map: Map, label: &str) {
        if let Err(error) = self.apply(Edit::Replace(Box::new(map)), label) {
            // A map from disk has passed validation; a merge keeps its rules.
            debug_assert!(false, "a replacement map is sound: {error}");
        }
    }
}

/// Where `path` leads through symbolic links (the path itself if it cannot
/// be followed).
fn resolved(path: &Path) -> PathBuf {
    storage::resolve_links(path).unwrap_or_else(|_| path.to_path_buf())
}

fn link_message(now: &Path) -> String {
    format!(
        "it now leads to {} through a symbolic link made or changed since the map was opened; \
         cxmap will not write there",
        crate::text::printable(&now.display().to_string())
    )
}

/// The stage or touchpoint an edit is about.
pub fn focus_of(edit: &Edit) -> Option<Focus> {
    match edit {
        Edit::SetMap(_) | Edit::SetConflicts(_) | Edit::Replace(_) => None,
        Edit::AddPersona { .. }
        | Edit::RemovePersona(_)
        | Edit::SetPersona { .. }
        | Edit::MovePersona { .. } => None,
        Edit::AddStage { stage, .. } => Some(Focus::Stage(stage.id.clone())),
        Edit::RemoveStage(id) | Edit::SetStage { id, .. } | Edit::MoveStage { id, .. } => {
            Some(Focus::Stage(id.clone()))
        }
        Edit::AddTouchpoint { touchpoint, .. } => Some(Focus::Touchpoint(touchpoint.id.clone())),
        Edit::RemoveTouchpoint(id)
        | Edit::MoveTouchpoint { id, .. }
        | Edit::SetTouchpoint { id, .. } => Some(Focus::Touchpoint(id.clone())),
        Edit::AddAction { touchpoint, .. } => Some(Focus::Touchpoint(touchpoint.clone())),
        Edit::RemoveAction(_) | Edit::SetAction { .. } => None,
        Edit::Batch(edits) => edits.iter().find_map(focus_of),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, StageId};

    fn add_stage(doc: &mut Document, name: &str, group: Option<u64>) {
        let stage = Stage {
            id: doc.map().fresh_stage_id(),
            name: name.into(),
            touchpoints: vec![],
        };
        let index = doc.map().stages.len();
        doc.apply_in_group(
            Edit::AddStage { index, stage },
            format!("add {name}"),
            group,
        )
        .unwrap();
    }

    #[test]
    fn undo_back_to_the_saved_state_is_not_modified() {
        let mut doc = Document::new(Map::new("t"), None, true);
        assert!(!doc.is_modified());
        add_stage(&mut doc, "A", None);
        assert!(doc.is_modified());
        doc.undo().unwrap();
        assert!(!doc.is_modified());
        doc.redo().unwrap();
        assert!(doc.is_modified());
        assert_eq!(doc.map().stages.len(), 1);
    }

    #[test]
    fn a_group_undoes_as_one_step_and_a_new_edit_clears_redo() {
        let mut doc = Document::new(Map::new("t"), None, true);
        add_stage(&mut doc, "A", Some(7));
        add_stage(&mut doc, "B", Some(7));
        add_stage(&mut doc, "C", None);
        doc.undo().unwrap();
        let (label, focus) = doc.undo().unwrap();
        assert_eq!(label, "add A");
        assert!(matches!(focus, Some(Focus::Stage(_))));
        assert!(doc.map().stages.is_empty());
        assert!(!doc.can_undo());
        doc.redo().unwrap();
        assert_eq!(doc.map().stages.len(), 2);
        add_stage(&mut doc, "D", None);
        assert!(!doc.can_redo());
    }

    #[test]
    fn unsaved_steps_count_from_the_save_either_way() {
        let mut doc = Document::new(Map::new("t"), None, true);
        assert_eq!(doc.unsaved_steps(), Some(0));
        add_stage(&mut doc, "A", None);
        add_stage(&mut doc, "B", Some(3));
        add_stage(&mut doc, "C", Some(3));
        assert_eq!(doc.unsaved_steps(), Some(2), "a group is one step");
        assert_eq!(doc.last_unsaved_step(), Some("add B"));
        doc.saved_state = Some(doc.state);
        doc.undo().unwrap();
        doc.undo().unwrap();
        assert_eq!(doc.unsaved_steps(), Some(2), "undone past the save");
        assert_eq!(doc.last_unsaved_step(), None);
        add_stage(&mut doc, "D", None);
        assert_eq!(doc.unsaved_steps(), None, "the saved state is gone");
        let new = Document::new(Map::new("t"), None, false);
        assert_eq!(new.unsaved_steps(), None, "never saved");
    }

    #[test]
    fn a_group_is_labelled_by_everything_it_changed() {
        let mut doc = Document::new(Map::new("Journey"), None, true);
        add_stage(&mut doc, "Buy", None);
        let stage = doc.map().stages[0].id.clone();
        let tp = crate::model::Touchpoint::new(doc.map().fresh_touchpoint_id(), "Pay");
        let id = tp.id.clone();
        let add = Edit::AddTouchpoint {
            stage,
            index: 0,
            touchpoint: tp,
        };
        doc.apply(add, "add Pay").unwrap();
        use crate::model::TouchpointField as F;
        let set = |doc: &mut Document, field: F| {
            let edit = Edit::SetTouchpoint {
                id: id.clone(),
                field,
            };
            doc.apply_in_group(edit, "edit 'Pay' (first)", Some(4))
                .unwrap();
        };
        set(&mut doc, F::Evidence(3));
        assert_eq!(doc.last_unsaved_step(), Some("edit 'Pay' (first)"));
        set(&mut doc, F::Evidence(4));
        assert_eq!(
            doc.last_unsaved_step(),
            Some("edit 'Pay' (first)"),
            "one field"
        );
        set(&mut doc, F::Name("Pay online".into()));
        set(&mut doc, F::Channel("web".into()));
        let (label, _) = doc.undo().unwrap();
        assert_eq!(label, "edit 'Pay' (evidence, name, channel)");
        let (label, _) = doc.redo().unwrap();
        assert_eq!(label, "edit 'Pay' (evidence, name, channel)");
        set(&mut doc, F::Wish(Some(crate::model::Wish::Conscious)));
        set(&mut doc, F::Description("x".into()));
        assert_eq!(
            doc.last_unsaved_step(),
            Some("edit 'Pay online' (wish, description)"),
            "after a redo, a new session"
        );
        set(&mut doc, F::Basis(crate::model::Basis::Research));
        set(&mut doc, F::Channel("shop".into()));
        assert_eq!(
            doc.last_unsaved_step(),
            Some("edit 'Pay online' (wish, description and 2 more)")
        );
    }

    #[test]
    fn what_each_change_touched_is_told_while_it_is_recent() {
        let mut doc = Document::new(crate::model::generated_map(3), None, true);
        let id = doc.map().stages[0].touchpoints[1].id.clone();
        let start = doc.revision();
        let emotion = |n| Edit::SetTouchpoint {
            id: id.clone(),
            field: crate::model::TouchpointField::Emotion(crate::model::Emotion::new(n)),
        };
        doc.apply(emotion(1), "up").unwrap();
        doc.apply(emotion(2), "up").unwrap();
        assert_eq!(doc.touched_since(start), Some(vec![id.clone(), id.clone()]));
        doc.undo().unwrap();
        assert_eq!(
            doc.touched_since(doc.revision() - 1),
            Some(vec![id.clone()])
        );
        assert_eq!(doc.touched_since(doc.revision()), Some(vec![]));
        for n in 0..70 {
            doc.apply(emotion(n % 2), "flip").unwrap();
        }
        assert_eq!(doc.touched_since(start), None, "too long ago to tell");
        assert!(doc.touched_since(doc.revision() - 10).is_some());
        let replaced = doc.map().clone();
        doc.replace(replaced, "reload");
        assert_eq!(doc.touched_since(doc.revision() - 1), None, "a whole map");
    }

    #[test]
    fn a_failed_edit_is_not_a_step() {
        let mut doc = Document::new(Map::new("t"), None, true);
        let bad = Edit::RemoveStage(StageId::parse("s-none").unwrap());
        assert!(doc.apply(bad, "remove").is_err());
        assert!(!doc.can_undo());
        assert!(!doc.is_modified());
    }

    #[test]
    fn a_group_that_changed_nothing_on_balance_leaves_no_step() {
        let mut doc = Document::new(Map::new("Journey"), None, true);
        add_stage(&mut doc, "Buy", None);
        let stage = doc.map().stages[0].id.clone();
        let tp = crate::model::Touchpoint::new(doc.map().fresh_touchpoint_id(), "Pay");
        let id = tp.id.clone();
        let add = Edit::AddTouchpoint {
            stage,
            index: 0,
            touchpoint: tp,
        };
        doc.apply(add, "add Pay").unwrap();
        doc.saved_state = Some(doc.state);
        let channel = |c: &str| Edit::SetTouchpoint {
            id: id.clone(),
            field: crate::model::TouchpointField::Channel(c.into()),
        };
        doc.apply_in_group(channel("web"), "channel", Some(7))
            .unwrap();
        assert!(
            !doc.forget_group_if_unchanged(8, &id),
            "another group's step stays"
        );
        assert!(
            !doc.forget_group_if_unchanged(7, &id),
            "a real change stays"
        );
        doc.apply_in_group(channel(""), "channel", Some(7)).unwrap();
        assert!(doc.is_modified());
        assert!(doc.forget_group_if_unchanged(7, &id));
        assert!(!doc.is_modified(), "back to the saved state");
        assert_eq!(
            doc.undo().map(|(label, _)| label).as_deref(),
            Some("add Pay")
        );
    }
}

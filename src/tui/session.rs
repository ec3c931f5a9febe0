//! One interactive session, owned here from start to end: the map opened
//! (a file, or the bundled example), stray temporary files of killed saves
//! swept, the recovery folder checked, a copy left by a session that ended
//! badly offered back, the app run, and how it ended. The command line only
//! asks for one and reports its end.

use super::keys::{self, Action, Context};
use super::overlay::{EditedFrom, Recovered};
use super::{Document, Ended, Opened, RecoverOffer};
use crate::model::{Date, Map};
use crate::storage::{self, LoadError, Settings};
use std::path::{Path, PathBuf};

pub struct Session {
    doc: Document,
    /// What to tell the user as the app opens.
    note: Option<String>,
    /// Something wrong to say as the app opens (a broken config file).
    warnings: Vec<String>,
    file: Option<PathBuf>,
}

impl Session {
    /// A session on the map at `path` (a new map, if there is no file yet).
    pub fn file(path: &Path) -> Result<Session, LoadError> {
        let (doc, note) = super::open(path)?;
        Ok(Session {
            doc,
            note,
            warnings: Vec::new(),
            file: Some(path.to_path_buf()),
        })
    }

    /// A session on the bundled example `text`, known as `name`, which has
    /// no file until it is saved under one.
    pub fn example(text: &str, name: &str) -> Session {
        Session {
            doc: super::example(text),
            note: Some(format!(
                "The bundled example ({name}). {} shows every key; {} saves a copy.",
                keys::label(Action::Help, Context::Board),
                keys::label(Action::Save, Context::Board)
            )),
            warnings: Vec::new(),
            file: None,
        }
    }

    /// Says `warning` on the status line as the app opens, over the note.
    pub fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    /// The map as opened.
    pub fn map(&self) -> &Map {
        self.doc.map()
    }

    /// Runs the app in this terminal until the user quits or the session
    /// ends otherwise; every end but a quit leaves a recovery copy.
    /// `settings` are those in force: the theme, the mouse, the owner of new
    /// actions, whether deleting a stage asks first.
    pub fn run(mut self, today: Date, settings: &Settings) -> std::io::Result<Ended> {
        if let Some(path) = &self.file {
            storage::remove_stray_temporaries(path);
        }
        let recovery = match recovery_location() {
            Ok(recovery) => Some(recovery),
            Err(why) => {
                self.warnings
                    .push(format!("Recovery copies are off: {why}"));
                None
            }
        };
        let warning = (!self.warnings.is_empty()).then(|| self.warnings.join(". "));
        let slot = recovery
            .as_ref()
            .map(|recovery| recovery.claim_left_over(self.doc.path()));
        let recovered = slot.as_ref().and_then(|slot| left_over(slot, &self.doc));
        let opened = Opened {
            doc: self.doc,
            note: self.note,
            warning,
            recovered,
            slot,
        };
        super::run(opened, today, settings, recovery)
    }
}

/// The folder for recovery copies, made ready; or why there are none this run.
fn recovery_location() -> Result<storage::Recovery, String> {
    let recovery = storage::Recovery::default_location()
        .ok_or("this system has no folder for cxmap's state")?;
    recovery.prepare()?;
    Ok(recovery)
}

/// The offer of the newest copy a session that ended badly left for this
/// map (for the example: of a map never saved); the slot was claimed, so no
/// running cxmap is writing it. A copy with nothing the file lacks is removed.
fn left_over(slot: &storage::RecoverySlot, doc: &Document) -> Option<RecoverOffer> {
    let left = slot.existing()?;
    let file = doc.path().is_some_and(Path::exists);
    let edited_from = match left.base {
        _ if !file => EditedFrom::NoFile,
        Some(base) => EditedFrom::File(base),
        None => EditedFrom::Unknown,
    };
    let mut when = crate::platform::local_time(left.entry.modified, "%Y-%m-%d at %H:%M")
        .unwrap_or_else(|| "an earlier day".to_owned());
    if matches!(edited_from, EditedFrom::Unknown) && !left.entry.newer_than_file() {
        when.push_str(" (the file was changed after that)");
    }
    let recovered = Recovered {
        map: left.map,
        edited_from,
        when,
    };
    // Offered even when the file was written after it (a `git pull` after
    // the crash): its edits were never saved all the same.
    let offer = RecoverOffer::new(doc.map(), doc.revision(), recovered);
    if offer.changes_nothing() {
        slot.remove_copy();
        return None;
    }
    Some(offer)
}

//! Recovery copies: while a map has unsaved changes, the app keeps a copy of
//! it in cxmap's own state folder (never beside the map, so git never sees
//! it). A clean save or quit removes it; a crash, hang-up or kill leaves it
//! for the next start to offer back.
//!
//! A copy is a map file with a comment on top naming the file it belongs to.
//! The running cxmap that writes a copy holds a lock on `NAME.lock` beside
//! it: a second window on the same map writes a copy of its own and is not
//! offered the first one's, and the operating system lets go of the lock
//! however the process ends, so a copy with a free lock is one to offer.
//!
//! A copy also records what its edits were made on: the map as its file
//! held it when last loaded or saved (its *base*), so that restoring a copy
//! after the file changed can merge the two rather than undo the change. The
//! base lives beside the copy in `NAME.base`, rewritten only when it changes
//! (at a save, or a change on disk), not at every copy; the copy's second
//! line names the base by a hash of its text, so a base that does not match
//! (a process killed between the two writes) is never used.
//!
//! Copies, bases and locks are private to their user and never written
//! through a symbolic link (`private.rs`). A copy names its map file
//! exactly, whatever bytes its path holds (`names.rs`).

mod names;
mod private;

use super::{from_vec, to_canonical};
use crate::model::{Map, random_chars};
use std::borrow::Cow;
use std::cell::RefCell;
use std::fs::{self, File, TryLockError};
use std::io::{self, Read};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const HEADER: &str = "// cxmap recovery copy of: ";
/// The copy's second line: the hash of the base file's text.
const BASE: &str = "// edited from the map in the .base file beside this one, hash ";
const BASE_HEADER: &str = "// cxmap recovery base (the file as the edits began from it) of: ";
const UNSAVED: &str = "(a map not yet saved to a file)";

/// Where recovery copies live, and how a map's copy is named there.
#[derive(Clone, Debug)]
pub struct Recovery {
    dir: PathBuf,
}

/// One recovery copy found on disk.
#[derive(Debug)]
pub struct Entry {
    pub copy: PathBuf,
    /// The map file it belongs to; `None` for a map never saved.
    pub original: Option<PathBuf>,
    pub modified: SystemTime,
}

impl Entry {
    /// Whether the copy holds edits made after the map file was last written
    /// (or the file is gone).
    pub fn newer_than_file(&self) -> bool {
        match &self.original {
            Some(path) => fs::metadata(path)
                .and_then(|m| m.modified())
                .map_or(true, |file| self.modified > file),
            None => true,
        }
    }

    /// Whether this is a copy of the map file at `original` (as a slot
    /// names it): the same path, byte for byte.
    fn belongs_to(&self, original: Option<&Path>) -> bool {
        let wanted = original.map(absolute);
        self.original.as_deref().map(Path::as_os_str) == wanted.as_deref().map(Path::as_os_str)
    }

    /// Whether a running cxmap is writing this copy now.
    pub fn in_use(&self) -> bool {
        in_use(&self.copy)
    }
}

/// A copy left by a session that ended badly, read back.
#[derive(Debug)]
pub struct LeftOver {
    /// The map with the unsaved edits.
    pub map: Map,
    /// What they were made on; `None` for a copy from an older cxmap (or
    /// whose base is missing or does not match).
    pub base: Option<Map>,
    pub entry: Entry,
}

/// The recovery copy this running cxmap writes, its name held by a lock.
#[derive(Debug)]
pub struct Slot {
    copy: PathBuf,
    /// The map file, as the app names it; `None` for a map with no file.
    original: Option<PathBuf>,
    /// Held until the slot is dropped; `None` where the folder or the
    /// filesystem allows no lock (the copy is still written).
    lock: Option<File>,
    /// The base as last written beside the copy, and its text's hash.
    base: RefCell<Option<(Map, u64)>>,
}

impl Slot {
    pub fn path(&self) -> &Path {
        &self.copy
    }

    pub fn original(&self) -> Option<&Path> {
        self.original.as_deref()
    }

    /// The copy a cxmap that ended badly left under this name, if any (and
    /// if it is a copy of this slot's map).
    pub fn existing(&self) -> Option<LeftOver> {
        let entry = entry(&self.copy).filter(|e| e.belongs_to(self.original()))?;
        let bytes = read(&self.copy)?;
        let base = base_hash(&bytes).and_then(|hash| {
            let text = read(&base_path(&self.copy))?;
            (fnv1a(&text) == hash).then_some(())?;
            Some(from_vec(text).ok()?.map)
        });
        let map = from_vec(bytes).ok()?.map;
        Some(LeftOver { map, base, entry })
    }

    /// Writes the copy atomically, readable by its owner alone, with the
    /// `base` its edits were made on. The folder is checked again first
    /// (the app runs for hours): if it is no longer safely this user's
    /// (`Recovery::check`), nothing is written there, and the error says why.
    pub fn write(&self, map: &Map, base: &Map) -> io::Result<()> {
        if let Some(dir) = self.copy.parent() {
            let recovery = Recovery::new(dir.to_path_buf());
            recovery.check().map_err(io::Error::other)?;
            private::create_folder(dir)?;
            recovery.check().map_err(io::Error::other)?;
        }
        let hash = self.write_base(base)?;
        let text = format!(
            "{HEADER}{}\n{BASE}{hash:016x}\n{}",
            self.header(),
            to_canonical(map)
        );
        private::write(&self.copy, text.as_bytes())
    }

    /// Writes the base unless it is there already; returns its hash.
    fn write_base(&self, base: &Map) -> io::Result<u64> {
        let mut written = self.base.borrow_mut();
        if let Some((map, hash)) = &*written
            && map == base
        {
            return Ok(*hash);
        }
        let text = format!("{BASE_HEADER}{}\n{}", self.header(), to_canonical(base));
        private::write(&base_path(&self.copy), text.as_bytes())?;
        let hash = fnv1a(text.as_bytes());
        *written = Some((base.clone(), hash));
        Ok(hash)
    }

    /// The map file the copy belongs to, for its first line.
    fn header(&self) -> String {
        self.original.as_deref().map(absolute).map_or_else(
            || UNSAVED.to_owned(),
            |p| names::header(p.as_os_str()).into_owned(),
        )
    }

    /// Removes the copy and its base (there is nothing unsaved); the name
    /// stays held.
    pub fn remove_copy(&self) {
        let _ = fs::remove_file(&self.copy);
        let _ = fs::remove_file(base_path(&self.copy));
        self.base.replace(None);
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if self.lock.take().is_some() {
            let _ = fs::remove_file(lock_path(&self.copy));
        }
    }
}

impl Recovery {
    pub fn new(dir: PathBuf) -> Recovery {
        Recovery { dir }
    }

    /// The state folder (`~/.local/state/cxmap/recovery` on Linux), or the
    /// local data folder where a platform has no state folder.
    pub fn default_location() -> Option<Recovery> {
        let dirs = directories::ProjectDirs::from("", "", "cxmap")?;
        let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Some(Recovery::new(base.join("recovery")))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A path as `cxmap recover` prints it: a control character (a line
    /// break, an escape code), a backslash and a byte that is not UTF-8
    /// as an escape (`\n`, `\x1b`, `\\`, `\xff`).
    pub fn shown(path: &Path) -> Cow<'_, str> {
        names::shown(path.as_os_str())
    }

    /// Makes the folder ready for copies (0700, created if need be), or says
    /// why recovery copies must be off for this run: the folder, or cxmap's
    /// state folder that holds it, is a symbolic link or another user's, or
    /// a folder above them is open to other users (`private::unfit`).
    pub fn prepare(&self) -> Result<(), String> {
        self.prepare_for(private::user(), &private::look)
    }

    /// Why copies must not be read from (or written to) this folder, if they
    /// must not.
    pub fn check(&self) -> Result<(), String> {
        self.check_for(private::user(), &private::look, false)
    }

    fn prepare_for(&self, user: private::User, look: private::Look) -> Result<(), String> {
        self.check_for(user, look, true)?;
        private::create_folder(&self.dir)
            .map_err(|error| format!("cannot create {}: {error}", Self::shown(&self.dir)))?;
        // Made by someone else between the check and now?
        self.check_for(user, look, true)?;
        // Ours, and holding copies of maps that may be confidential: an
        // older cxmap made them readable by everyone, or writable by a group.
        for dir in [Some(self.dir.as_path()), self.dir.parent()]
            .into_iter()
            .flatten()
        {
            private::narrow(dir)
                .map_err(|error| format!("cannot make {} private: {error}", Self::shown(dir)))?;
        }
        self.check_for(user, look, false)
    }

    fn check_for(
        &self,
        user: private::User,
        look: private::Look,
        narrowing: bool,
    ) -> Result<(), String> {
        private::unfit(&self.dir, user, look, narrowing).map_or(Ok(()), Err)
    }

    /// The copy's path for the map at `original` (absolute or not). A map's
    /// copy has one name, found again at the next start; a `session` names a
    /// copy of its own (for a map with no file, a second window on a map, or
    /// a session whose earlier copy is being kept aside).
    pub fn copy_path(&self, original: Option<&Path>, session: Option<&str>) -> PathBuf {
        let name = match original.map(absolute) {
            Some(path) => {
                let stem = names::stem(path.file_stem());
                // The path's own bytes: two names that differ only in bytes
                // that are not UTF-8 are two files.
                let hash = fnv1a(path.as_os_str().as_bytes());
                match session {
                    None => format!("{stem}-{hash:016x}.ron"),
                    Some(session) => format!("{stem}-{hash:016x}-{session}.ron"),
                }
            }
            None => format!("unsaved-{}.ron", session.unwrap_or("map")),
        };
        self.dir.join(name)
    }

    /// The slot for a map: its own name if no other running cxmap holds it
    /// (and no copy of another file is there: a copy named by an older
    /// cxmap, whose names mixed up paths that were not UTF-8), else a name
    /// for this session alone. A map with no file always gets a name of its
    /// own.
    pub fn claim(&self, original: Option<&Path>) -> Slot {
        if original.is_some()
            && let Some(slot) = self.try_claim(self.copy_path(original, None), original)
            && entry(&slot.copy).is_none_or(|e| e.belongs_to(original))
        {
            return slot;
        }
        self.claim_aside(original)
    }

    /// A slot with a fresh name for this session alone.
    pub fn claim_aside(&self, original: Option<&Path>) -> Slot {
        loop {
            let copy = self.copy_path(original, Some(&random_chars()));
            if let Some(slot) = self.try_claim(copy, original) {
                return slot;
            }
        }
    }

    /// For a map being opened: the newest copy of it (of a never-saved map,
    /// for `None`) that no running cxmap holds, claimed so that it can be
    /// offered back; else a slot as [`Recovery::claim`] gives.
    pub fn claim_left_over(&self, original: Option<&Path>) -> Slot {
        self.list()
            .into_iter()
            .filter(|e| e.belongs_to(original))
            .find_map(|e| self.try_claim(e.copy, original))
            .unwrap_or_else(|| self.claim(original))
    }

    /// `None` when a running cxmap holds the name, or a symbolic link sits
    /// at its lock's name. Half-written copies that a process killed while
    /// it held the name left go.
    fn try_claim(&self, copy: PathBuf, original: Option<&Path>) -> Option<Slot> {
        let slot = self.hold(copy, original)?;
        if slot.lock.is_some() {
            let strays = private::strays(&slot.copy).into_iter();
            for stray in strays.chain(private::strays(&base_path(&slot.copy))) {
                let _ = fs::remove_file(stray);
            }
        }
        Some(slot)
    }

    /// [`Recovery::try_claim`], touching nothing but the lock.
    fn hold(&self, copy: PathBuf, original: Option<&Path>) -> Option<Slot> {
        let _ = private::create_folder(&self.dir);
        let lock = match private::open_lock(&lock_path(&copy)) {
            Ok(file) => match file.try_lock() {
                Ok(()) => Some(file),
                Err(TryLockError::WouldBlock) => return None,
                Err(TryLockError::Error(_)) => None,
            },
            Err(error) if private::is_link_error(&error) => return None,
            Err(_) => None,
        };
        Some(Slot {
            copy,
            original: original.map(Path::to_path_buf),
            lock,
            base: RefCell::new(None),
        })
    }

    /// Every copy, newest first.
    pub fn list(&self) -> Vec<Entry> {
        self.survey().copies
    }

    /// What the folder holds: copies, files of sessions that ended, and
    /// what is not cxmap's. Only plain files with the names cxmap gives
    /// (`names.rs`) are its own; a link or a folder never is.
    pub fn survey(&self) -> Survey {
        let mut survey = Survey::default();
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return survey;
        };
        for found in dir.filter_map(Result::ok) {
            let path = found.path();
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue; // Gone meanwhile.
            };
            let stranger = |why| Stranger {
                path: path.clone(),
                why,
            };
            let kind = names::kind(&found.file_name());
            let file = meta.file_type();
            if !file.is_file() {
                survey.strangers.push(stranger(if file.is_symlink() {
                    "a symbolic link"
                } else if file.is_dir() {
                    "a folder"
                } else {
                    "not a plain file"
                }));
                continue;
            }
            let Some((kind, copy)) = kind else {
                survey
                    .strangers
                    .push(stranger("not a name cxmap gives its files"));
                continue;
            };
            let copy = self.dir.join(copy);
            let ended = match kind {
                names::Kind::Copy => {
                    match entry(&path) {
                        Some(entry) => survey.copies.push(entry),
                        None => survey
                            .strangers
                            .push(stranger("not a recovery copy: no header of cxmap's")),
                    }
                    continue;
                }
                names::Kind::Base | names::Kind::Lock => fs::symlink_metadata(&copy).is_err(),
                names::Kind::Temporary => true,
            };
            // A running cxmap's lock (of a copy not written yet) and the
            // copy it is writing are not left over.
            if ended && !in_use(&copy) {
                survey.leftovers.push(Leftover {
                    path,
                    modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                });
            }
        }
        survey.copies.sort_by_key(|e| std::cmp::Reverse(e.modified));
        survey.leftovers.sort_by(|a, b| a.path.cmp(&b.path));
        survey.strangers.sort_by(|a, b| a.path.cmp(&b.path));
        survey
    }

    /// Removes a copy, its base and its lock; `Ok(false)`, removing nothing, when a
    /// running cxmap holds it. The lock is held while the files go, so no
    /// cxmap starting meanwhile takes the name half removed.
    pub fn remove(&self, entry: &Entry) -> io::Result<bool> {
        let Some(slot) = self.hold(entry.copy.clone(), None) else {
            return Ok(false);
        };
        remove_plain_file(&entry.copy)?;
        remove_plain_file(&base_path(&entry.copy))?;
        drop(slot);
        Ok(true)
    }

    /// Removes one of the [`Survey::leftovers`], and nothing else;
    /// `Ok(false)` when it is no longer left over (a running cxmap holds
    /// the name it belongs to, or wrote a copy beside it).
    pub fn remove_leftover(&self, path: &Path) -> io::Result<bool> {
        let (kind, copy) = path
            .file_name()
            .and_then(names::kind)
            .filter(|(kind, _)| *kind != names::Kind::Copy)
            .ok_or_else(|| io::Error::other("not a file cxmap leaves"))?;
        let copy = self.dir.join(copy);
        let Some(slot) = self.hold(copy, None) else {
            return Ok(false);
        };
        if kind != names::Kind::Temporary && fs::symlink_metadata(&slot.copy).is_ok() {
            return Ok(false);
        }
        let removed = remove_plain_file(path)?;
        drop(slot);
        Ok(removed)
    }
}

/// What [`Recovery::survey`] finds.
#[derive(Debug, Default)]
pub struct Survey {
    /// Copies, newest first.
    pub copies: Vec<Entry>,
    /// Files of sessions that ended with nothing left to restore: locks and
    /// bases with no copy (a process killed with nothing unsaved), copies
    /// and bases half-written when their process was killed.
    pub leftovers: Vec<Leftover>,
    /// Everything else: never touched.
    pub strangers: Vec<Stranger>,
}

/// A file a session left with nothing to restore.
#[derive(Debug, PartialEq)]
pub struct Leftover {
    pub path: PathBuf,
    pub modified: SystemTime,
}

/// Something in the recovery folder that cxmap did not make.
#[derive(Debug, PartialEq)]
pub struct Stranger {
    pub path: PathBuf,
    /// Why it is not cxmap's: `a folder`, `not a name cxmap gives its files`.
    pub why: &'static str,
}

/// Removes `path` if it is a plain file (never a link or a folder that
/// took its name); `Ok(false)` if there is none.
fn remove_plain_file(path: &Path) -> io::Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => fs::remove_file(path).map(|()| true),
        Ok(_) => Ok(false),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(error) => Err(error),
    }
}

/// Whether a running cxmap holds the name `copy`.
fn in_use(copy: &Path) -> bool {
    private::open(&lock_path(copy))
        .is_ok_and(|file| matches!(file.try_lock(), Err(TryLockError::WouldBlock)))
}

fn lock_path(copy: &Path) -> PathBuf {
    copy.with_extension("lock")
}

fn base_path(copy: &Path) -> PathBuf {
    copy.with_extension("base")
}

/// The hash of its base that a copy names on its second line.
fn base_hash(copy: &[u8]) -> Option<u64> {
    let second = copy.split(|&b| b == b'\n').nth(1)?;
    let hex = std::str::from_utf8(second).ok()?.strip_prefix(BASE)?;
    u64::from_str_radix(hex, 16).ok()
}

/// A copy's (or base's) bytes, read as a map file is, within the same
/// limits; a symbolic link is not followed.
fn read(path: &Path) -> Option<Vec<u8>> {
    let file = private::open(path).ok()?;
    super::read_open(file).ok().map(|(bytes, _)| bytes)
}

fn entry(copy: &Path) -> Option<Entry> {
    // Only the header line: copies of big maps are megabytes.
    let mut first = String::new();
    let head = private::open(copy).ok()?.take(64 * 1024);
    io::BufRead::read_line(&mut io::BufReader::new(head), &mut first).ok()?;
    let first = first.strip_suffix('\n')?.strip_prefix(HEADER)?;
    let original = match first {
        UNSAVED => None,
        path => Some(PathBuf::from(names::from_header(path)?)),
    };
    let modified = fs::metadata(copy).and_then(|m| m.modified()).ok()?;
    Some(Entry {
        copy: copy.to_path_buf(),
        original,
        modified,
    })
}

/// The path made absolute without touching the disk (the file may not exist).
fn absolute(path: &Path) -> PathBuf {
    let path = super::resolve_links(path).unwrap_or_else(|_| path.to_path_buf());
    std::path::absolute(&path).unwrap_or(path)
}

/// A stable hash of a path, the same in every run and every build.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder of this test's own.
    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("cxmap-recovery-unit-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// A recovery folder (not made yet) in a fresh folder of its own, as
    /// cxmap's is in its state folder.
    fn scratch(name: &str) -> PathBuf {
        folder(name).join("recovery")
    }

    /// This user, under another uid.
    fn as_user(uid: u32) -> private::User {
        private::User {
            uid,
            ..private::user()
        }
    }

    /// Removes what [`scratch`] gave, and the folder around it.
    fn clean_up(recovery: &Path) {
        fs::remove_dir_all(recovery.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_copy_round_trips_and_names_its_file() {
        let dir = scratch("round");
        let recovery = Recovery::new(dir.clone());
        let map = Map::new("Kept safe");
        let original = Path::new("/tmp/some/where/map.ron");
        let slot = recovery.claim(Some(original));
        slot.write(&map, &Map::new("base")).unwrap();
        assert!(slot.path().starts_with(&dir));
        assert!(
            slot.path()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("map-")
        );
        let back = slot.existing().unwrap();
        assert_eq!(back.map, map);
        assert_eq!(
            back.base,
            Some(Map::new("base")),
            "what the edits began from"
        );
        assert_eq!(back.entry.original.as_deref(), Some(original));
        assert!(back.entry.newer_than_file(), "the map file does not exist");
        assert!(back.entry.in_use(), "this slot holds it");
        assert_eq!(
            recovery.list().len(),
            1,
            "the lock and the base are not copies"
        );
        slot.remove_copy();
        assert!(slot.existing().is_none());
        drop(slot);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0, "nothing left");
        clean_up(&dir);
    }

    #[test]
    fn the_base_is_written_when_it_changes_and_used_only_if_it_matches() {
        let dir = scratch("base");
        let recovery = Recovery::new(dir.clone());
        let slot = recovery.claim(Some(Path::new("/tmp/workshop/map.ron")));
        let base = base_path(slot.path());
        slot.write(&Map::new("edited"), &Map::new("file")).unwrap();
        fs::remove_file(&base).unwrap();
        slot.write(&Map::new("edited more"), &Map::new("file"))
            .unwrap();
        assert!(!base.exists(), "the same base is not written again");
        assert_eq!(slot.existing().unwrap().base, None, "missing: not known");
        slot.write(&Map::new("edited"), &Map::new("saved")).unwrap();
        assert_eq!(slot.existing().unwrap().base, Some(Map::new("saved")));
        // A copy written, then the process killed before its base was.
        let text = fs::read_to_string(&base).unwrap();
        fs::write(&base, text.replace("saved", "other")).unwrap();
        assert_eq!(slot.existing().unwrap().base, None, "not its base");
        // A copy from an older cxmap, with no base line.
        let copy = fs::read_to_string(slot.path()).unwrap();
        let older: String = copy
            .lines()
            .filter(|l| !l.starts_with(BASE))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(slot.path(), older).unwrap();
        let left = slot.existing().unwrap();
        assert_eq!((left.map, left.base), (Map::new("edited"), None));
        slot.remove_copy();
        assert!(!base.exists(), "the base goes with its copy");
        slot.write(&Map::new("again"), &Map::new("saved")).unwrap();
        assert!(base.exists(), "and is written again with the next copy");
        clean_up(&dir);
    }

    #[test]
    fn a_second_window_gets_a_slot_of_its_own() {
        let dir = scratch("second");
        let recovery = Recovery::new(dir.clone());
        let original = Path::new("/tmp/workshop/map.ron");
        let first = recovery.claim(Some(original));
        let second = recovery.claim(Some(original));
        assert_ne!(first.path(), second.path());
        first.write(&Map::new("first"), &Map::new("base")).unwrap();
        assert!(second.existing().is_none(), "not offered the live copy");
        let path = first.path().to_path_buf();
        drop(first);
        let third = recovery.claim(Some(original));
        assert_eq!(third.path(), path, "a free name is claimed again");
        assert_eq!(third.existing().unwrap().map, Map::new("first"));
        clean_up(&dir);
    }

    #[test]
    fn the_newest_free_copy_of_a_map_is_claimed_whatever_its_name() {
        let dir = scratch("left-over");
        let recovery = Recovery::new(dir.clone());
        let original = Path::new("/tmp/workshop/map.ron");
        let own = recovery.claim(Some(original));
        own.write(&Map::new("own"), &Map::new("base")).unwrap();
        let second = recovery.claim(Some(original));
        second
            .write(&Map::new("second window"), &Map::new("base"))
            .unwrap();
        let other = recovery.claim(Some(Path::new("/tmp/other.ron")));
        other
            .write(&Map::new("another map"), &Map::new("base"))
            .unwrap();
        drop((own, second, other));
        let first = recovery.claim_left_over(Some(original));
        let next = recovery.claim_left_over(Some(original));
        let mut found = [first.existing().unwrap().map, next.existing().unwrap().map];
        found.sort_by(|a, b| a.title.cmp(&b.title));
        assert_eq!(found, [Map::new("own"), Map::new("second window")]);
        let fresh = recovery.claim_left_over(Some(original));
        assert!(fresh.existing().is_none(), "never another map's copy");
        clean_up(&dir);
    }

    #[test]
    fn the_newest_free_copy_of_an_unsaved_map_is_claimed() {
        let dir = scratch("unsaved");
        let recovery = Recovery::new(dir.clone());
        let live = recovery.claim_left_over(None);
        live.write(&Map::new("live"), &Map::new("base")).unwrap();
        let ended = recovery.claim_left_over(None);
        assert_ne!(ended.path(), live.path());
        ended.write(&Map::new("ended"), &Map::new("base")).unwrap();
        drop(ended);
        let claimed = recovery.claim_left_over(None);
        assert_eq!(claimed.existing().unwrap().map, Map::new("ended"));
        let fresh = recovery.claim_left_over(None);
        assert!(fresh.existing().is_none(), "both copies are held");
        clean_up(&dir);
    }

    #[test]
    fn a_link_planted_at_a_lock_name_is_not_followed() {
        let dir = scratch("lock-link");
        fs::create_dir_all(&dir).unwrap();
        let recovery = Recovery::new(dir.clone());
        let original = Path::new("/tmp/workshop/map.ron");
        let planted = recovery.copy_path(Some(original), None);
        let target = dir.join("created-through-the-link");
        std::os::unix::fs::symlink(&target, lock_path(&planted)).unwrap();
        let slot = recovery.claim(Some(original));
        assert!(!target.exists(), "the link was followed");
        assert_ne!(slot.path(), planted, "a name of its own instead");
        slot.write(&Map::new("safe"), &Map::new("base")).unwrap();
        assert!(!target.exists());
        clean_up(&dir);
    }

    #[test]
    fn a_folder_of_another_user_or_a_link_is_refused_and_left_alone() {
        use std::os::unix::fs::MetadataExt;
        let dir = folder("refused");
        let state = dir.join("cxmap");
        let recovery = Recovery::new(state.join("recovery"));
        fs::create_dir_all(&state).unwrap();
        let owner = fs::metadata(&state).unwrap().uid();
        let error = recovery
            .prepare_for(as_user(owner + 1), &private::look)
            .unwrap_err();
        assert!(
            error.ends_with(&format!("belongs to another user (uid {owner})")),
            "{error}"
        );
        assert!(!recovery.dir().exists(), "nothing made in it");
        recovery
            .prepare_for(as_user(owner), &private::look)
            .unwrap();
        assert_eq!(
            recovery.check_for(as_user(owner + 1), &private::look, false),
            Err(error)
        );
        // A link, as the state folder or as the recovery folder in it.
        let elsewhere = dir.join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::remove_dir(recovery.dir()).unwrap();
        std::os::unix::fs::symlink(&elsewhere, recovery.dir()).unwrap();
        assert_eq!(
            recovery.prepare(),
            Err(format!("{} is a symbolic link", recovery.dir().display()))
        );
        fs::remove_dir_all(&state).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &state).unwrap();
        assert_eq!(
            recovery.prepare(),
            Err(format!("{} is a symbolic link", state.display()))
        );
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0, "left alone");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn every_folder_above_the_state_folder_must_be_closed_to_other_users() {
        use private::{Facts, Kind};
        use std::collections::HashMap;
        const ME: u32 = 1000;
        const MALLORY: u32 = 1001;
        // The group of each folder: its owner's own (as with user private
        // groups), root's for root's.
        let folder = |uid, mode| Facts {
            kind: Kind::Folder,
            uid,
            gid: uid,
            mode,
        };
        let link = |uid, to: &str| Facts {
            kind: Kind::Link(PathBuf::from(to)),
            uid,
            gid: uid,
            mode: 0o777,
        };
        let shared = |uid, gid, mode| Facts {
            kind: Kind::Folder,
            uid,
            gid,
            mode,
        };
        let world = [
            ("/", folder(0, 0o755)),
            ("/tmp", folder(0, 0o1777)),
            ("/home", folder(0, 0o755)),
            ("/home/me", folder(ME, 0o700)),
            ("/home/me/.local", folder(ME, 0o755)),
            ("/home/me/.local/state", folder(ME, 0o700)),
            ("/home/me/.local/state/cxmap", folder(ME, 0o700)),
            ("/home/me/.local/state/cxmap/recovery", folder(ME, 0o700)),
            ("/tmp/y/cxmap", folder(ME, 0o700)),
            ("/tmp/y/cxmap/recovery", folder(ME, 0o700)),
        ];
        let check_as = |user: private::User, dir: &str, changed: &[(&str, Facts)]| {
            let world: HashMap<PathBuf, Facts> = world
                .iter()
                .chain(changed)
                .map(|(path, facts)| (PathBuf::from(path), facts.clone()))
                .collect();
            let look = |path: &Path| Ok(world.get(path).cloned());
            Recovery::new(PathBuf::from(dir)).check_for(user, &look, false)
        };
        // A user whose group 1000 is theirs alone, as umask 002 goes with.
        let me = private::User {
            uid: ME,
            group: Some(ME),
        };
        let check = |dir: &str, changed: &[(&str, Facts)]| check_as(me, dir, changed);
        let open = |path: &str, mode: u32| {
            Err(format!(
                "{path} can be written by other users (mode {mode:04o})"
            ))
        };
        let (home, tmp) = (
            "/home/me/.local/state/cxmap/recovery",
            "/tmp/y/cxmap/recovery",
        );
        assert_eq!(check(home, &[]), Ok(()));
        // XDG_STATE_HOME=/tmp/y, a folder of mallory's: she may rename
        // cxmap's folder away and put one of hers in its place.
        let hers = Err("/tmp/y belongs to another user (uid 1001)".to_owned());
        assert_eq!(check(tmp, &[("/tmp/y", folder(MALLORY, 0o777))]), hers);
        assert_eq!(check(tmp, &[("/tmp/y", folder(MALLORY, 0o1777))]), hers);
        assert_eq!(check(tmp, &[("/tmp/y", folder(MALLORY, 0o755))]), hers);
        // Ours or root's, but open to all, or to a group.
        assert_eq!(
            check(tmp, &[("/tmp/y", folder(ME, 0o777))]),
            open("/tmp/y", 0o777)
        );
        let group = [("/tmp/y", shared(ME, 100, 0o775))];
        assert_eq!(
            check(tmp, &group),
            open("/tmp/y", 0o775),
            "group 100 is shared"
        );
        let group = [("/tmp/y", shared(0, 100, 0o775))];
        assert_eq!(check(tmp, &group), open("/tmp/y", 0o775));
        // Writable by the user's own private group: by the user alone.
        let own_group = [("/tmp/y", folder(ME, 0o775))];
        assert_eq!(check(tmp, &own_group), Ok(()));
        let no_group = private::User {
            uid: ME,
            group: None,
        };
        let refused = check_as(no_group, tmp, &own_group);
        assert_eq!(refused, open("/tmp/y", 0o775), "not known to be private");
        assert_eq!(
            check(tmp, &[("/tmp/y", folder(0, 0o757))]),
            open("/tmp/y", 0o757)
        );
        assert_eq!(
            check(tmp, &[("/tmp/y", folder(ME, 0o1777))]),
            Ok(()),
            "sticky, as /tmp"
        );
        assert_eq!(
            check(tmp, &[("/tmp/y", folder(0, 0o755))]),
            Ok(()),
            "root's"
        );
        // Further up, and cxmap's own folders.
        let local = [("/home/me/.local", folder(ME, 0o777))];
        assert_eq!(check(home, &local), open("/home/me/.local", 0o777));
        let moved = Err("/home/me belongs to another user (uid 1001)".to_owned());
        assert_eq!(check(home, &[("/home/me", folder(MALLORY, 0o700))]), moved);
        let state = [("/home/me/.local/state/cxmap", folder(ME, 0o777))];
        assert_eq!(
            check(home, &state),
            open("/home/me/.local/state/cxmap", 0o777)
        );
        let state = [("/home/me/.local/state/cxmap", folder(MALLORY, 0o700))];
        assert_eq!(
            check(home, &state),
            Err("/home/me/.local/state/cxmap belongs to another user (uid 1001)".to_owned())
        );
        // Links on the way: the link's owner may replace it, and where it
        // points is checked in turn.
        let to_home = link(ME, "/home/me/.local/state");
        assert_eq!(check(tmp, &[("/tmp/y", to_home)]), Ok(()));
        let planted = link(MALLORY, "/home/me/.local/state");
        assert_eq!(check(tmp, &[("/tmp/y", planted)]), hers);
        let to_hers = [
            ("/tmp/y", link(ME, "m")),
            ("/tmp/m", folder(MALLORY, 0o700)),
        ];
        assert_eq!(
            check(tmp, &to_hers),
            Err("/tmp/m belongs to another user (uid 1001)".to_owned())
        );
        let looped = [("/tmp/y", link(ME, "/tmp/y"))];
        assert_eq!(
            check(tmp, &looped),
            Err("/tmp/y: too many symbolic links".to_owned())
        );
        let state = [("/home/me/.local/state/cxmap", link(ME, "/tmp"))];
        assert_eq!(
            check(home, &state),
            Err("/home/me/.local/state/cxmap is a symbolic link".to_owned())
        );
    }

    #[test]
    fn a_state_home_open_to_other_users_turns_copies_off_unless_it_is_sticky() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        // Plays XDG_STATE_HOME.
        let home = folder("open-home");
        let recovery = Recovery::new(home.join("cxmap/recovery"));
        let chmod = |mode| fs::set_permissions(&home, fs::Permissions::from_mode(mode)).unwrap();
        for mode in [0o777, 0o757] {
            chmod(mode);
            assert_eq!(
                recovery.prepare(),
                Err(format!(
                    "{} can be written by other users (mode {mode:04o})",
                    home.display()
                ))
            );
            assert!(!home.join("cxmap").exists(), "nothing made in it");
            assert_eq!(recovery.check(), recovery.prepare());
        }
        // Writable by its group: the user's own (user private groups and
        // umask 002), or not.
        chmod(0o775);
        let group = fs::metadata(&home).unwrap().gid();
        let shared = private::User {
            group: None,
            ..private::user()
        };
        assert_eq!(
            recovery.prepare_for(shared, &private::look),
            Err(format!(
                "{} can be written by other users (mode 0775)",
                home.display()
            ))
        );
        let own = private::User {
            group: Some(group),
            ..private::user()
        };
        recovery.prepare_for(own, &private::look).unwrap();
        chmod(0o1777);
        recovery.prepare().unwrap();
        chmod(0o755);
        recovery.prepare().unwrap();
        // cxmap's own folders, opened by someone: closed again by a start.
        let state = home.join("cxmap");
        fs::set_permissions(&state, fs::Permissions::from_mode(0o777)).unwrap();
        assert!(recovery.check().is_err());
        recovery.prepare().unwrap();
        let mode = fs::metadata(&state).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o700);
        fs::remove_dir_all(home).unwrap();
    }

    #[test]
    fn a_copy_is_written_only_while_its_folder_is_safely_ours() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("recheck");
        let home = dir.parent().unwrap().to_path_buf();
        let recovery = Recovery::new(dir.clone());
        recovery.prepare().unwrap();
        let slot = recovery.claim(Some(Path::new("/tmp/workshop/map.ron")));
        slot.write(&Map::new("first"), &Map::new("base")).unwrap();
        // Opened to everyone while the app runs.
        fs::set_permissions(&home, fs::Permissions::from_mode(0o777)).unwrap();
        let error = slot
            .write(&Map::new("second"), &Map::new("base"))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{} can be written by other users (mode 0777)",
                home.display()
            )
        );
        assert_eq!(
            slot.existing().unwrap().map,
            Map::new("first"),
            "not written"
        );
        fs::set_permissions(&home, fs::Permissions::from_mode(0o755)).unwrap();
        slot.write(&Map::new("third"), &Map::new("base")).unwrap();
        // The folder renamed away and another put in its place (a link
        // here; in the attack, a folder of another user's).
        let elsewhere = home.join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::rename(&dir, home.join("moved")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &dir).unwrap();
        let error = slot
            .write(&Map::new("fourth"), &Map::new("base"))
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("{} is a symbolic link", dir.display())
        );
        assert_eq!(
            fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written there"
        );
        drop(slot);
        clean_up(&dir);
    }

    #[test]
    fn an_older_cxmaps_open_folder_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = folder("narrowed");
        let recovery = Recovery::new(dir.join("recovery"));
        fs::create_dir_all(recovery.dir()).unwrap();
        fs::set_permissions(recovery.dir(), fs::Permissions::from_mode(0o755)).unwrap();
        recovery.prepare().unwrap();
        let mode = fs::metadata(recovery.dir()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn removing_copies_and_leftovers_spares_a_running_cxmap() {
        let dir = scratch("remove");
        let recovery = Recovery::new(dir.clone());
        let original = Path::new("/tmp/workshop/map.ron");
        let live = recovery.claim(Some(original));
        live.write(&Map::new("live"), &Map::new("base")).unwrap();
        let ended = recovery.claim_aside(Some(original));
        ended.write(&Map::new("ended"), &Map::new("base")).unwrap();
        let ended_copy = ended.path().to_path_buf();
        drop(ended);
        // What sessions killed with nothing unsaved, or mid-write, leave.
        let idle_lock = dir.join("unsaved-k1dd3d.lock");
        fs::write(&idle_lock, "").unwrap();
        let lone_base = dir.join("unsaved-k1dd3d.base");
        fs::write(&lone_base, "(").unwrap();
        let stray = |copy: &Path, suffix: &str| {
            let name = copy.file_name().unwrap().to_string_lossy();
            let path = dir.join(format!(".{name}{}{suffix}", names::TEMPORARY_MARK));
            fs::write(&path, "(half").unwrap();
            path
        };
        let ended_half = stray(&ended_copy, "x1x1x1");
        let half = stray(&dir.join("gone-0123456789abcdef.ron"), "x3x3x3");
        let live_half = stray(live.path(), "x2x2x2");
        // A running cxmap with nothing unsaved yet holds its name.
        let idle = recovery.claim_aside(Some(original));

        let entries = recovery.list();
        assert_eq!(entries.len(), 2);
        for entry in &entries {
            let removed = recovery.remove(entry).unwrap();
            assert_eq!(removed, entry.copy == ended_copy, "{entry:?}");
        }
        assert!(live.existing().is_some(), "the live copy stays");
        assert!(!ended_copy.exists() && !lock_path(&ended_copy).exists());
        assert!(!base_path(&ended_copy).exists());
        assert!(ended_half.exists(), "listed and removed on its own");

        let survey = recovery.survey();
        let found: Vec<_> = survey.leftovers.iter().map(|l| l.path.clone()).collect();
        let mut expected = vec![idle_lock, lone_base, half, ended_half];
        expected.sort();
        assert_eq!(found, expected, "not the live copy's nor the idle lock");
        assert_eq!(survey.strangers, []);
        for leftover in &expected {
            assert!(recovery.remove_leftover(leftover).unwrap(), "{leftover:?}");
            assert!(!leftover.exists());
        }
        assert!(recovery.survey().leftovers.is_empty());
        assert!(
            !recovery.remove_leftover(&live_half).unwrap(),
            "being written"
        );
        assert!(!recovery.remove_leftover(&lock_path(idle.path())).unwrap());
        assert!(live_half.exists() && lock_path(idle.path()).exists());
        drop((live, idle));
        clean_up(&dir);
    }

    #[test]
    fn claiming_a_name_removes_its_half_written_copies_and_nothing_else() {
        let dir = scratch("strays");
        fs::create_dir_all(&dir).unwrap();
        let recovery = Recovery::new(dir.clone());
        let original = Path::new("/tmp/workshop/map.ron");
        let copy = recovery.copy_path(Some(original), None);
        let name = copy.file_name().unwrap().to_str().unwrap();
        let at = |end: &str| dir.join(format!(".{name}{end}"));
        let half = at(".cxmap-copy-k3x9q2");
        let base_half = dir.join(format!(
            ".{}.cxmap-copy-k3x9q2",
            name.replace(".ron", ".base")
        ));
        let kept = [at(".cxmap-copy-my-notes"), at(".cxmap-copy-k3x9q2.txt")];
        for path in kept.iter().chain([&half, &base_half]) {
            fs::write(path, "(").unwrap();
        }
        let linked = at(".cxmap-copy-000000");
        std::os::unix::fs::symlink(&kept[0], &linked).unwrap();
        let slot = recovery.claim(Some(original));
        assert_eq!(slot.path(), copy);
        assert!(!half.exists() && !base_half.exists());
        assert!(kept.iter().all(|p| p.exists()), "not cxmap's names");
        assert!(
            fs::symlink_metadata(&linked).is_ok(),
            "a link is left alone"
        );
        clean_up(&dir);
    }

    #[test]
    fn only_plain_files_with_the_names_cxmap_gives_are_its_own() {
        use std::os::unix::fs::symlink;
        let dir = scratch("strangers");
        let recovery = Recovery::new(dir.clone());
        fs::create_dir_all(&dir).unwrap();
        let outside = dir.with_extension("outside");
        fs::write(&outside, "someone's file").unwrap();
        let plain = |name: &str, text: &str| {
            fs::write(dir.join(name), text).unwrap();
            (dir.join(name), "not a name cxmap gives its files")
        };
        let mut expected = vec![
            plain("notes.base", "my notes"),
            plain("todo.lock", "important"),
            plain(".thesis.ron.cxmap-copy-zzz", "draft"),
            plain(".important.cxmap-copy-", "x"),
            plain("map.ron", "// cxmap recovery copy of: /tmp/x.ron\n("),
            (dir.join("y.base"), "a symbolic link"),
            (dir.join("unsaved-k3x9q2.lock"), "a symbolic link"),
            (dir.join("x.base"), "a folder"),
            (dir.join("map-0123456789abcdef.base"), "a folder"),
            (
                dir.join("map-0123456789abcdef-k3x9q2.ron"),
                "not a recovery copy: no header of cxmap's",
            ),
        ];
        symlink(&outside, dir.join("y.base")).unwrap();
        symlink(&outside, dir.join("unsaved-k3x9q2.lock")).unwrap();
        fs::create_dir(dir.join("x.base")).unwrap();
        fs::create_dir(dir.join("map-0123456789abcdef.base")).unwrap();
        fs::write(dir.join("map-0123456789abcdef-k3x9q2.ron"), "(").unwrap();
        let survey = recovery.survey();
        assert!(survey.copies.is_empty() && survey.leftovers.is_empty());
        expected.sort();
        let found: Vec<_> = survey
            .strangers
            .iter()
            .map(|s| (s.path.clone(), s.why))
            .collect();
        assert_eq!(found, expected);
        for (path, _) in &expected {
            assert!(!recovery.remove_leftover(path).unwrap_or(false), "{path:?}");
            assert!(fs::symlink_metadata(path).is_ok(), "{path:?} left alone");
        }
        assert_eq!(fs::read_to_string(&outside).unwrap(), "someone's file");
        clean_up(&dir);
    }

    #[test]
    fn a_path_with_a_line_break_has_a_copy_of_its_own() {
        use std::os::unix::ffi::OsStrExt;
        let dir = scratch("line-break");
        let recovery = Recovery::new(dir.clone());
        // `q.ron`, a line break and a space: another file than `q.ron`.
        let odd = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/nl/q.ron\n "));
        let plain = Path::new("/tmp/nl/q.ron");
        let slot = recovery.claim(Some(odd));
        slot.write(&Map::new("the odd one"), &Map::new("base"))
            .unwrap();
        drop(slot);
        let listed = recovery.list();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].original.as_deref(), Some(odd), "named exactly");
        let other = recovery.claim_left_over(Some(plain));
        assert!(other.existing().is_none(), "never offered to q.ron");
        drop(other);
        let own = recovery.claim_left_over(Some(odd));
        assert_eq!(own.existing().unwrap().map, Map::new("the odd one"));
        clean_up(&dir);
    }

    #[test]
    fn paths_that_differ_in_bytes_not_utf8_have_copies_of_their_own() {
        use std::os::unix::ffi::OsStrExt;
        let dir = scratch("not-utf8");
        let recovery = Recovery::new(dir.clone());
        let ff = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/a\xff.ron"));
        let fe = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/a\xfe.ron"));
        assert_ne!(
            recovery.copy_path(Some(ff), None),
            recovery.copy_path(Some(fe), None)
        );
        let slot = recovery.claim(Some(ff));
        slot.write(&Map::new("edits of a\\xff"), &Map::new("base"))
            .unwrap();
        drop(slot);
        assert_eq!(recovery.list()[0].original.as_deref(), Some(ff));
        let other = recovery.claim_left_over(Some(fe));
        assert!(other.existing().is_none(), "never offered to a\\xfe.ron");
        other
            .write(&Map::new("edits of a\\xfe"), &Map::new("base"))
            .unwrap();
        drop(other);
        let own = recovery.claim_left_over(Some(ff));
        assert_eq!(own.existing().unwrap().map, Map::new("edits of a\\xff"));
        clean_up(&dir);
    }

    #[test]
    fn a_copy_of_another_file_at_a_maps_name_is_neither_offered_nor_written_over() {
        // What an older cxmap left: one name for two files.
        let dir = scratch("taken-name");
        let recovery = Recovery::new(dir.clone());
        let (mine, other) = (Path::new("/tmp/w/mine.ron"), Path::new("/tmp/w/other.ron"));
        let slot = recovery.claim(Some(other));
        slot.write(&Map::new("other's edits"), &Map::new("base"))
            .unwrap();
        let name = recovery.copy_path(Some(mine), None);
        fs::rename(slot.path(), &name).unwrap();
        drop(slot);
        let claimed = recovery.claim(Some(mine));
        assert_ne!(claimed.path(), name, "a name of its own");
        assert!(claimed.existing().is_none());
        claimed
            .write(&Map::new("my edits"), &Map::new("base"))
            .unwrap();
        drop(claimed);
        let theirs = recovery.claim_left_over(Some(other));
        assert_eq!(theirs.path(), name, "found by what it names");
        assert_eq!(theirs.existing().unwrap().map, Map::new("other's edits"));
        clean_up(&dir);
    }

    #[test]
    fn a_map_with_a_long_name_or_an_escape_code_in_it_gets_a_copy_with_a_plain_name() {
        let dir = scratch("long-name");
        let recovery = Recovery::new(dir.clone());
        let long = PathBuf::from(format!("/tmp/w/{}.ron", "é".repeat(120)));
        let odd = Path::new("/tmp/w/a\u{1b}]0;title\u{7}.ron");
        for original in [long.as_path(), odd] {
            let slot = recovery.claim(Some(original));
            slot.write(&Map::new("edited"), &Map::new("base")).unwrap();
            let name = slot.path().file_name().unwrap().to_str().unwrap();
            assert!(name.len() < 160, "{name}");
            assert!(!name.chars().any(char::is_control), "{name:?}");
            assert_eq!(
                slot.existing().unwrap().entry.original.as_deref(),
                Some(original)
            );
        }
        clean_up(&dir);
    }

    #[test]
    fn copy_names_are_stable_and_distinct() {
        let r = Recovery::new(PathBuf::from("/r"));
        let a = r.copy_path(Some(Path::new("/x/map.ron")), None);
        assert_eq!(a, r.copy_path(Some(Path::new("/x/map.ron")), None));
        assert_ne!(a, r.copy_path(Some(Path::new("/y/map.ron")), None));
        assert_ne!(a, r.copy_path(Some(Path::new("/x/map.ron")), Some("k2")));
        assert_eq!(
            r.copy_path(None, Some("abc")),
            PathBuf::from("/r/unsaved-abc.ron")
        );
    }
}

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
mod writer;

pub use writer::{Activity, Busy, KeysFirst, Writer};

use super::{from_vec, write_canonical};
use crate::model::{Map, random_chars};
use std::borrow::Cow;
use std::fs::{self, File, TryLockError};
use std::io::{self, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
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
    /// The base as last written beside the copy, and its text's hash (a
    /// copy of a map costs a pointer per touchpoint: see `model::Shared`).
    /// Behind a lock: copies are written on a thread of their own (`Writer`).
    base: Mutex<Option<(Map, u64)>>,
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
            Some(from_vec(after_comments(text)).ok()?.map)
        });
        let map = from_vec(after_comments(bytes)).ok()?.map;
        Some(LeftOver { map, base, entry })
    }

    /// Writes the copy atomically, readable by its owner alone, with the
    /// `base` its edits were made on. The folder is checked again first
    /// (the app runs for hours): if it is no longer safely this user's
    /// (`Recovery::check`), nothing is written there, and the error says why.
    pub fn write(&self, map: &Map, base: &Map) -> io::Result<()> {
        self.write_giving_way(map, base, &mut || {})
    }

    /// [`Slot::write`], calling `give_way` between the small writes the
    /// copy is made of: where a copy written in the background waits while
    /// the app answers a key ([`super::KeysFirst`]).
    pub fn write_giving_way(
        &self,
        map: &Map,
        base: &Map,
        give_way: &mut dyn FnMut(),
    ) -> io::Result<()> {
        if let Some(dir) = self.copy.parent() {
            let recovery = Recovery::new(dir.to_path_buf());
            recovery.check().map_err(io::Error::other)?;
            private::create_folder(dir)?;
            recovery.check().map_err(io::Error::other)?;
        }
        let hash = self.write_base(base, give_way)?;
        let header = self.header();
        // Streamed: a copy of a big map is megabytes, never built in memory.
        private::write_with(&self.copy, |out| {
            write!(out, "{HEADER}{header}\n{BASE}{hash:016x}\n")?;
            stream(map, &mut GivingWay { out, give_way })
        })
    }

    /// Writes the base unless it is there already; returns its hash.
    fn write_base(&self, base: &Map, give_way: &mut dyn FnMut()) -> io::Result<u64> {
        if let Some((map, hash)) = &*self.written_base()
            && map == base
        {
            return Ok(*hash);
        }
        let header = self.header();
        let mut hash = Fnv1a(FNV_START);
        private::write_with(&base_path(&self.copy), |out| {
            let mut out = Fnv1aWriter {
                out,
                hash: &mut hash,
            };
            writeln!(out, "{BASE_HEADER}{header}")?;
            stream(
                base,
                &mut GivingWay {
                    out: &mut out,
                    give_way,
                },
            )
        })?;
        *self.written_base() = Some((base.clone(), hash.0));
        Ok(hash.0)
    }

    fn written_base(&self) -> std::sync::MutexGuard<'_, Option<(Map, u64)>> {
        self.base.lock().unwrap_or_else(PoisonError::into_inner)
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
        *self.written_base() = None;
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
            base: Mutex::new(None),
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
    let file = private::open(copy).ok()?;
    // The file opened, not the name again: the one whose header is read.
    let modified = file.metadata().and_then(|m| m.modified()).ok()?;
    io::BufRead::read_line(&mut io::BufReader::new(file.take(64 * 1024)), &mut first).ok()?;
    let first = first.strip_suffix('\n')?.strip_prefix(HEADER)?;
    let original = match first {
        UNSAVED => None,
        path => Some(PathBuf::from(names::from_header(path)?)),
    };
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

/// A map's canonical text streamed to `out`.
fn stream(map: &Map, out: &mut dyn Write) -> io::Result<()> {
    let mut adapter = super::save::IoWriter { out, error: None };
    write_canonical(map, &mut adapter).map_err(|_| {
        adapter
            .error
            .unwrap_or_else(|| io::Error::other("the map could not be written"))
    })
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// A stable hash of a path, the same in every run and every build.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = Fnv1a(FNV_START);
    hash.add(bytes);
    hash.0
}

/// [`fnv1a`] taken a piece at a time.
struct Fnv1a(u64);

impl Fnv1a {
    fn add(&mut self, bytes: &[u8]) {
        self.0 = bytes.iter().fold(self.0, |hash, &b| {
            (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    }
}

/// Hashes what goes through it, as [`fnv1a`] would the whole text.
struct Fnv1aWriter<'a> {
    out: &'a mut dyn Write,
    hash: &'a mut Fnv1a,
}

impl Write for Fnv1aWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hash.add(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A copy's or a base's text without the comment lines this module heads
/// it with: what is left is the map as a save writes it, which the fast
/// reader for canonical files takes (a comment first makes it read the
/// whole text the slow way: four seconds for two copies of a map of
/// 100,000 touchpoints, against under one).
fn after_comments(mut bytes: Vec<u8>) -> Vec<u8> {
    let mut end = 0;
    for head in [HEADER, BASE, BASE_HEADER] {
        if bytes[end..].starts_with(head.as_bytes()) {
            match memchr::memchr(b'\n', &bytes[end..]) {
                Some(at) => end += at + 1,
                None => return bytes,
            }
        }
    }
    bytes.drain(..end);
    bytes
}

/// Calls `give_way` before each write it passes on.
struct GivingWay<'a> {
    out: &'a mut dyn Write,
    give_way: &'a mut dyn FnMut(),
}

impl Write for GivingWay<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        (self.give_way)();
        self.out.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests;

//! Writing files so that a crash, a full disk or a pulled plug leaves either
//! the old file or the new one, never a mix.
//!
//! The temporary file has a name no person would give a file
//! (`.map.ron.cxmap-save-k3x9q2`), so that one left behind by `kill -9` can be
//! removed at the next start without risk to anyone's data.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

const TEMPORARY_MARK: &str = ".cxmap-save-";

/// Replaces the file at `path` with `bytes` atomically: a temporary file in the
/// same folder is written and flushed to disk, renamed over the old one, and the
/// folder is flushed too. The file keeps its permissions (and, where allowed,
/// its owner), and a symbolic link stays a link: its target is written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Like [`write_atomic`], with the contents written by `write`; if anything
/// fails, the old file stays as it was and the temporary file is removed.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_checked(path, &Expected::Anything, write).map(|_| ())
}

/// What a file was when it was last read or written here: enough to tell
/// cheaply whether anyone has changed or replaced it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    /// The change time, which no one can set back as they can the mtime.
    ctime: (i64, i64),
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// A file's contents in sixteen bytes: its length and a keyed hash of it
/// (SipHash with this process's own random key, so that nobody can make two
/// texts look alike on purpose). What the app keeps of the file it last saw,
/// instead of the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Fingerprint {
        let mut hasher = Fingerprinter::new();
        hasher.add(bytes);
        hasher.finish()
    }
}

/// A fingerprint taken as bytes go by.
pub(crate) struct Fingerprinter {
    hasher: std::collections::hash_map::DefaultHasher,
    len: u64,
}

impl Fingerprinter {
    pub(crate) fn new() -> Fingerprinter {
        static KEY: std::sync::OnceLock<std::hash::RandomState> = std::sync::OnceLock::new();
        let key = KEY.get_or_init(std::hash::RandomState::new);
        Fingerprinter {
            hasher: std::hash::BuildHasher::build_hasher(key),
            len: 0,
        }
    }

    /// More bytes; however they are split up, the same bytes give the same
    /// fingerprint.
    pub(crate) fn add(&mut self, bytes: &[u8]) {
        std::hash::Hasher::write(&mut self.hasher, bytes);
        self.len += bytes.len() as u64;
    }

    pub(crate) fn finish(&self) -> Fingerprint {
        Fingerprint {
            len: self.len,
            hash: std::hash::Hasher::finish(&self.hasher),
        }
    }
}

/// A file as it was read or written here: its stamp, and the fingerprint
/// of its bytes for when the stamp alone cannot tell (a file rewritten with
/// the same bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seen {
    pub stamp: Stamp,
    pub fingerprint: Fingerprint,
}

impl Seen {
    /// A file read as `bytes`, whose open handle had `stamp`.
    pub fn read(stamp: Stamp, bytes: &[u8]) -> Seen {
        Seen {
            stamp,
            fingerprint: Fingerprint::of(bytes),
        }
    }
}

/// What a save expects to find where it writes, right before it replaces it.
#[derive(Clone, Copy, Debug)]
pub enum Expected {
    /// Whatever is there may be replaced.
    Anything,
    /// No file: a save under a new name.
    Nothing,
    /// The file as last read or written here (a file since removed may be
    /// written again).
    Seen(Seen),
    /// Exactly the file with this stamp (or none).
    Stamp(Stamp),
}

/// The error of a save that found the file changed by someone else while it
/// was saving: nothing was replaced.
#[derive(Debug)]
pub struct ChangedOnDisk;

impl std::fmt::Display for ChangedOnDisk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the file changed on disk while it was being saved")
    }
}

impl std::error::Error for ChangedOnDisk {}

/// Whether an error from [`write_atomic_checked`] means the file changed.
pub fn is_changed_on_disk(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|e| e.is::<ChangedOnDisk>())
}

/// Like [`write_atomic_with`], but right before the rename it looks at the
/// file again and replaces it only if it is still what `expected` says
/// (cheaply by its stamp, then by its bytes); otherwise it fails with
/// [`ChangedOnDisk`] and leaves the file alone. Returns what it wrote.
pub fn write_atomic_checked(
    path: &Path,
    expected: &Expected,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Seen> {
    write_atomic_to(&resolve_links(path)?, expected, write)
}

/// Like [`write_atomic_checked`], to `target` itself: a symbolic link found
/// there is not followed but counts as a change (and a rename would replace
/// the link, not write through it). For a caller that resolved the links
/// once, when it read the file, and must write where it read.
pub fn write_atomic_to(
    target: &Path,
    expected: &Expected,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Seen> {
    write_atomic_to_within(target, expected, 0o7777, write)
}

/// Like [`write_atomic_to`]; a file made where there was none gets no
/// permission that `within` lacks (its mode `0o666 & within`, under the
/// umask as always), so that what is made from a private file (an export,
/// an import) is as private. A file replaced keeps its mode.
pub fn write_atomic_to_within(
    target: &Path,
    expected: &Expected,
    within: u32,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Seen> {
    // A save killed half-way (kill -9, power cut) may have left its
    // temporary file; the old file is whole, so the leftover can go. Only
    // clearly dead ones: another window may be saving right now.
    remove_stray_temporaries(target);
    let temporary = Temporary {
        mark: TEMPORARY_MARK,
        mode: None,
        within,
    };
    write_replacing(target, &temporary, expected, write)
}

/// How the temporary file of an atomic write is named and made.
pub(crate) struct Temporary<'a> {
    /// Between the file's name and the random end: `.NAME{mark}k3x9q2`.
    pub mark: &'a str,
    /// The new file's mode; `None` for the mode (and, where allowed, the
    /// owner) of the file it replaces.
    pub mode: Option<u32>,
    /// With `mode` `None`, where no file is replaced: the permissions the
    /// new file may have at most (`0o7777`: any).
    pub within: u32,
}

/// The atomic write itself, to `target` (links not followed): a temporary
/// file made new beside it, written, flushed, looked at against `expected`,
/// renamed over the name, the folder flushed.
pub(crate) fn write_replacing(
    target: &Path,
    temporary: &Temporary,
    expected: &Expected,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Seen> {
    let target = target.to_path_buf();
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?;
    let (temporary, file) = create_temporary(&dir, &name.to_string_lossy(), &target, temporary)?;
    let result = (|| {
        // Fingerprinted as it is written, in the blocks the buffer sends.
        let hashed = Hashed {
            file,
            fingerprint: Fingerprinter::new(),
        };
        let mut out = io::BufWriter::with_capacity(64 * 1024, hashed);
        write(&mut out)?;
        let Hashed { file, fingerprint } =
            out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        #[cfg(test)]
        hooks::before_rename(&target);
        if !still_as_expected(&target, expected)? {
            return Err(io::Error::other(ChangedOnDisk));
        }
        fs::rename(&temporary, &target)?;
        // The new file's stamp, from the file still open: after the rename
        // (which may change its ctime), and never another file's that
        // replaced it since.
        let stamp = Stamp::of(&file.metadata()?);
        drop(file);
        // The rename is only durable once the folder is on disk too.
        File::open(&dir)?.sync_all()?;
        Ok(Seen {
            stamp,
            fingerprint: fingerprint.finish(),
        })
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// The temporary file, fingerprinting what goes into it.
struct Hashed {
    file: File,
    fingerprint: Fingerprinter,
}

impl Write for Hashed {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.fingerprint.add(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Whether the file at `target` is still what the save expects to replace.
/// Never through a link: one planted where the file was is a change.
fn still_as_expected(target: &Path, expected: &Expected) -> io::Result<bool> {
    if matches!(expected, Expected::Anything) {
        return Ok(true);
    }
    let found = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(target)
    {
        Ok(file) => file,
        // Gone: a save under a new name, or a file removed meanwhile, which
        // is written again.
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(true),
        Err(error) if error.raw_os_error() == Some(libc::ELOOP) => return Ok(false),
        Err(error) => return Err(error),
    };
    let stamp = Stamp::of(&found.metadata()?);
    Ok(match expected {
        Expected::Anything => true,
        Expected::Nothing => false,
        Expected::Stamp(expected) => stamp == *expected,
        Expected::Seen(seen) if stamp == seen.stamp => true,
        Expected::Seen(seen) if stamp.size != seen.fingerprint.len => false,
        Expected::Seen(seen) => fingerprint_of(found)? == seen.fingerprint,
    })
}

/// The fingerprint of an open file's bytes, read in blocks.
fn fingerprint_of(mut file: File) -> io::Result<Fingerprint> {
    let mut fingerprint = Fingerprinter::new();
    let mut chunk = vec![0; 64 * 1024];
    loop {
        match io::Read::read(&mut file, &mut chunk)? {
            0 => return Ok(fingerprint.finish()),
            n => fingerprint.add(&chunk[..n]),
        }
    }
}

/// A pause point inside a save, for tests: what runs there stands for
/// another program writing the file at that moment. Only in test builds.
#[cfg(test)]
pub mod hooks {
    use std::cell::RefCell;
    use std::path::Path;

    type Hook = Box<dyn FnMut(&Path)>;

    thread_local! {
        static BEFORE_RENAME: RefCell<Option<Hook>> = const { RefCell::new(None) };
    }

    /// Runs `hook` in this thread's saves, after the temporary file is
    /// written and before the file is looked at again and replaced.
    pub fn set_before_rename(hook: impl FnMut(&Path) + 'static) {
        BEFORE_RENAME.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
    }

    pub fn clear() {
        BEFORE_RENAME.with(|h| *h.borrow_mut() = None);
    }

    pub(super) fn before_rename(target: &Path) {
        // Taken out while it runs, so that a save inside the hook does not
        // run it again.
        let hook = BEFORE_RENAME.with(|h| h.borrow_mut().take());
        if let Some(mut hook) = hook {
            hook(target);
            BEFORE_RENAME.with(|h| {
                let mut slot = h.borrow_mut();
                if slot.is_none() {
                    *slot = Some(hook);
                }
            });
        }
    }
}

/// A new temporary file beside `target`, never an existing file or link
/// (`create_new`).
fn create_temporary(
    dir: &Path,
    name: &str,
    target: &Path,
    how: &Temporary,
) -> io::Result<(PathBuf, File)> {
    let existing = match how.mode {
        None => fs::metadata(target).ok(),
        Some(_) => None,
    };
    let mode = how
        .mode
        .or(existing.as_ref().map(|m| m.mode() & 0o7777))
        .unwrap_or(0o666 & how.within);
    loop {
        let suffix = crate::model::random_chars();
        let temporary = dir.join(format!(".{name}{}{suffix}", how.mark));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&temporary)
        {
            Ok(file) => {
                if let Some(meta) = &existing {
                    // The umask may have narrowed the mode; and keep the owner where allowed.
                    let _ = file.set_permissions(meta.permissions());
                    let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
                }
                return Ok((temporary, file));
            }
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
}

/// How old a temporary file must be before it is taken for one a killed
/// save left behind: a live save writes its file continuously.
const STRAY_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes temporary files that a save of `path` left behind when the process
/// was killed mid-save: only those that are clearly dead (untouched for a
/// minute) and this user's own, never another window's save in progress.
/// Returns how many it removed.
pub fn remove_stray_temporaries(path: &Path) -> usize {
    let Ok(target) = resolve_links(path) else {
        return 0;
    };
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return 0;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}{TEMPORARY_MARK}", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let me = crate::platform::user_id();
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| {
            e.path()
                .symlink_metadata()
                .is_ok_and(|meta| is_dead_leftover(&meta, me, now))
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// Whether a temporary file is one a killed save of user `me` left: a plain
/// file of theirs, untouched for a minute.
fn is_dead_leftover(meta: &fs::Metadata, me: u32, now: std::time::SystemTime) -> bool {
    meta.file_type().is_file()
        && meta.uid() == me
        && meta
            .modified()
            .is_ok_and(|m| now.duration_since(m).is_ok_and(|age| age >= STRAY_AGE))
}

/// Lets a `fmt::Write` producer write into an `io::Write`, keeping the I/O
/// error that `fmt::Error` cannot carry.
pub(crate) struct IoWriter<'w> {
    pub out: &'w mut dyn Write,
    pub error: Option<io::Error>,
}

impl std::fmt::Write for IoWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

/// Follows symbolic links to the file they finally name (which may not exist yet).
pub fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::read_stamped;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cxmap-save-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// What another program's atomic save does: a new file renamed over.
    fn replace(path: &Path, bytes: &[u8]) {
        let other = path.with_extension("other");
        fs::write(&other, bytes).unwrap();
        fs::rename(other, path).unwrap();
    }

    /// Writes `text` to `path` and reads it back as a save expects it.
    fn written(path: &Path, text: &str) -> Expected {
        fs::write(path, text).unwrap();
        let (bytes, stamp) = read_stamped(path).unwrap();
        Expected::Seen(Seen::read(stamp, &bytes))
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(TEMPORARY_MARK))
            .collect()
    }

    #[test]
    fn a_file_replaced_while_saving_is_not_overwritten() {
        let dir = scratch("replaced");
        let path = dir.join("map.ron");
        let expected = written(&path, "old");
        hooks::set_before_rename(|target| replace(target, b"theirs"));
        let result = write_atomic_checked(&path, &expected, |out| out.write_all(b"ours"));
        hooks::clear();
        let error = result.expect_err("the change is noticed");
        assert!(is_changed_on_disk(&error), "{error}");
        assert_eq!(fs::read(&path).unwrap(), b"theirs", "their change is kept");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_written_in_place_to_other_bytes_of_the_same_size_is_noticed() {
        let dir = scratch("in-place");
        let path = dir.join("map.ron");
        let expected = written(&path, "aaaa");
        let then = fs::metadata(&path).unwrap().modified().unwrap();
        hooks::set_before_rename(move |target| {
            let file = OpenOptions::new().write(true).open(target).unwrap();
            std::os::unix::fs::FileExt::write_at(&file, b"bb", 1).unwrap();
            // Even with the old time put back (same inode, size and mtime),
            // the change time tells.
            file.set_modified(then).unwrap();
        });
        let result = write_atomic_checked(&path, &expected, |out| out.write_all(b"ours"));
        hooks::clear();
        assert!(result.is_err_and(|e| is_changed_on_disk(&e)));
        assert_eq!(fs::read(&path).unwrap(), b"abba");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_fingerprint_is_the_same_however_the_bytes_come() {
        let text = b"Opening a business account \xc3\xb5 at Northbank";
        let mut split = Fingerprinter::new();
        for piece in text.chunks(7) {
            split.add(piece);
        }
        assert_eq!(split.finish(), Fingerprint::of(text));
        assert_ne!(Fingerprint::of(b"abba"), Fingerprint::of(b"aaaa"));
    }

    #[test]
    fn a_file_only_touched_or_removed_meanwhile_is_saved() {
        let dir = scratch("touched");
        let path = dir.join("map.ron");
        let expected = written(&path, "old");
        // The same bytes written anew: a new file, but nothing changed.
        hooks::set_before_rename(|target| replace(target, b"old"));
        let saved = write_atomic_checked(&path, &expected, |out| out.write_all(b"ours"));
        hooks::clear();
        let seen = saved.expect("saved");
        assert_eq!(fs::read(&path).unwrap(), b"ours");
        assert_eq!(Stamp::of(&fs::metadata(&path).unwrap()), seen.stamp);
        assert_eq!(seen.fingerprint, Fingerprint::of(b"ours"));
        // Removed meanwhile: written again.
        hooks::set_before_rename(|target| fs::remove_file(target).unwrap());
        let expected = Expected::Seen(seen);
        let saved = write_atomic_checked(&path, &expected, |out| out.write_all(b"again"));
        hooks::clear();
        saved.expect("saved");
        assert_eq!(fs::read(&path).unwrap(), b"again");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_save_under_a_new_name_never_replaces_a_file_that_appeared() {
        let dir = scratch("new-name");
        let path = dir.join("map.ron");
        hooks::set_before_rename(|target| fs::write(target, "someone else's").unwrap());
        let result = write_atomic_checked(&path, &Expected::Nothing, |out| out.write_all(b"ours"));
        hooks::clear();
        assert!(result.is_err_and(|e| is_changed_on_disk(&e)));
        assert_eq!(fs::read(&path).unwrap(), b"someone else's");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn two_overlapping_saves_both_succeed() {
        // A second window saves while the first is between writing its
        // temporary file and renaming it: its sweep must leave that file be.
        let dir = scratch("overlap");
        let path = dir.join("map.ron");
        fs::write(&path, "old").unwrap();
        let second = std::rc::Rc::new(std::cell::RefCell::new(None));
        let result = second.clone();
        hooks::set_before_rename(move |target| {
            *result.borrow_mut() = Some(write_atomic(target, b"second"));
        });
        let first = write_atomic(&path, b"first");
        hooks::clear();
        let second = second.borrow_mut().take().expect("the second save ran");
        second.expect("the second save succeeds");
        first.expect("the first save succeeds");
        assert_eq!(fs::read(&path).unwrap(), b"first", "the last rename wins");
        assert!(leftovers(&dir).is_empty(), "{:?}", leftovers(&dir));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn only_dead_leftovers_of_this_user_are_swept() {
        let dir = scratch("sweep");
        let path = dir.join("map.ron");
        fs::write(&path, "map").unwrap();
        let old = dir.join(format!(".map.ron{TEMPORARY_MARK}old111"));
        let fresh = dir.join(format!(".map.ron{TEMPORARY_MARK}new222"));
        let other_map = dir.join(format!(".other.ron{TEMPORARY_MARK}old333"));
        for file in [&old, &fresh, &other_map] {
            fs::write(file, "half a save").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        for file in [&old, &other_map] {
            File::options()
                .write(true)
                .open(file)
                .unwrap()
                .set_modified(long_ago)
                .unwrap();
        }
        assert_eq!(remove_stray_temporaries(&path), 1);
        assert!(!old.exists(), "a save killed two minutes ago left it");
        assert!(fresh.exists(), "a save may be writing it now");
        assert!(other_map.exists(), "another map's");
        // Another user's leftover stays, however old.
        let meta = fs::metadata(&other_map).unwrap();
        let now = std::time::SystemTime::now();
        assert!(is_dead_leftover(&meta, meta.uid(), now));
        assert!(!is_dead_leftover(&meta, meta.uid() + 1, now));
        fs::remove_dir_all(dir).unwrap();
    }
}

//! The recovery folder is its owner's alone: it is made 0700, and copies,
//! bases and locks 0600, whatever the map's own mode (a copy of a
//! confidential map must not be readable by other users). Nothing here
//! follows a symbolic link: a link planted at one of these predictable names
//! is replaced or refused, never written through.
//!
//! Unix only, like the rest of cxmap's storage.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::names::{TEMPORARY_MARK, written_for};

const FOLDER_MODE: u32 = 0o700;
const FILE_MODE: u32 = 0o600;

/// Creates `dir` and any missing parents, each 0700 (as the XDG spec asks
/// of the state folder itself).
pub fn create_folder(dir: &Path) -> io::Result<()> {
    DirBuilder::new()
        .recursive(true)
        .mode(FOLDER_MODE)
        .create(dir)
}

/// Opens a file for reading; a symbolic link is an error, not followed.
pub fn open(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Opens (creating, 0600) a lock file; a symbolic link is an error.
pub fn open_lock(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(FILE_MODE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

/// Whether opening failed because the name is a symbolic link.
pub fn is_link_error(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

/// Writes `path` atomically with mode 0600: a fresh temporary file beside
/// it (created new, so never an existing file or link), flushed, renamed
/// over the name (which replaces a link there rather than following it).
///
/// Not `storage::write_atomic`: that one follows links on purpose, for map
/// files that people link to.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| io::Error::other("a recovery file needs a folder"))?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?
        .to_string_lossy();
    let (temporary, mut file) = loop {
        let temporary = dir.join(format!(
            ".{name}{TEMPORARY_MARK}{}",
            crate::model::random_chars()
        ));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&temporary)
        {
            Ok(file) => break (temporary, file),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Temporary files that a write of `path` left when its process was killed:
/// plain files named as [`write`] names them (`.NAME.cxmap-copy-k3x9q2`),
/// nothing else.
pub fn strays(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Vec::new();
    };
    fs::read_dir(dir).map_or(Vec::new(), |entries| {
        entries
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .and_then(written_for)
                    .is_some_and(|written| name == written)
            })
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .collect()
    })
}
/// The user this process runs as, whose folder the recovery folder must be.
pub fn user() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Why the folder `dir` must not hold recovery copies for `user`: it is a
/// symbolic link, not a folder, or someone else's. `None` when it is fit or
/// does not exist yet.
pub fn unfit(dir: &Path, user: u32) -> Option<String> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
        Err(error) => return Some(format!("{}: {error}", dir.display())),
    };
    if meta.file_type().is_symlink() {
        Some(format!("{} is a symbolic link", dir.display()))
    } else if !meta.is_dir() {
        Some(format!("{} is not a folder", dir.display()))
    } else if meta.uid() != user {
        Some(format!(
            "{} belongs to another user (uid {})",
            dir.display(),
            meta.uid()
        ))
    } else {
        None
    }
}

/// Narrows `dir` (ours: see [`unfit`]) to 0700 if it is wider, as a folder
/// made by an older cxmap is.
pub fn narrow(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::symlink_metadata(dir)?;
    if meta.mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(FOLDER_MODE))?;
    }
    Ok(())
}

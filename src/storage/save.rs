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
    let target = resolve_links(path)?;
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?;
    let existing = fs::metadata(&target).ok();
    // A save killed half-way (kill -9, power cut) may have left its temporary
    // file; the old file is whole, so the leftover can go.
    remove_stray_temporaries(&target);
    let (temporary, file) = create_temporary(&dir, &name.to_string_lossy(), existing.as_ref())?;
    let result = (|| {
        let mut out = io::BufWriter::with_capacity(64 * 1024, file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, &target)?;
        // The rename is only durable once the folder is on disk too.
        File::open(&dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

fn create_temporary(
    dir: &Path,
    name: &str,
    existing: Option<&fs::Metadata>,
) -> io::Result<(PathBuf, File)> {
    let mode = existing.map_or(0o666, |m| m.mode() & 0o7777);
    loop {
        let suffix = crate::model::random_chars();
        let temporary = dir.join(format!(".{name}{TEMPORARY_MARK}{suffix}"));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&temporary)
        {
            Ok(file) => {
                if let Some(meta) = existing {
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

/// Removes temporary files that a save of `path` left behind when the process
/// was killed mid-save. Returns how many it removed.
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
    entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
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

//! Writing files so that a crash, a full disk or a pulled plug leaves either
//! the old file or the new one, never a mix.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Replaces the file at `path` with `bytes` atomically: a temporary file in the
/// same folder is written and flushed to disk, renamed over the old one, and the
/// folder is flushed too. The file keeps its permissions, and a symbolic link
/// stays a link: its target is written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_links(path)?;
    let mut file = atomic_write_file::AtomicWriteFile::options().open(&target)?;
    file.write_all(bytes)?;
    file.commit()
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

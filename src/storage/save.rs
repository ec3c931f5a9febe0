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
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Like [`write_atomic`], with the contents written by `write`; if it fails,
/// the old file stays as it was.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_links(path)?;
    let file = atomic_write_file::AtomicWriteFile::options().open(&target)?;
    let mut out = io::BufWriter::with_capacity(64 * 1024, file);
    write(&mut out)?;
    let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.commit()
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

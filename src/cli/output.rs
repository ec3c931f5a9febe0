//! Where `export -o` and `import -o` may write: a file itself, never
//! through a symbolic link nor over a device, a FIFO or a folder, and never
//! over a file that changed (or appeared) while the output was being made.
//! A map's text is someone else's in a shared repository: a link planted at
//! `-o` (to `.git/hooks/pre-commit`, `~/.bashrc`) must not turn it into a
//! file that runs.

use crate::storage::{Expected, Stamp};
use std::io;
use std::path::Path;

/// What the write may replace at `path`: nothing (no file there now), or
/// exactly the regular file there now; or why nothing may be written.
pub fn expected_at(path: &Path) -> Result<Expected, String> {
    if let Some(why) = not_a_file(path) {
        return Err(why.into());
    }
    let meta = match path.symlink_metadata() {
        Ok(meta) => meta,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Expected::Nothing),
        Err(error) => return Err(format!("cannot be looked at: {error}")),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        Err(
            "is a symbolic link; cxmap writes only to a file itself, never through a link \
             (remove the link, or give the path of the file it points to)"
                .into(),
        )
    } else if kind.is_dir() {
        Err("is a folder; give a file name".into())
    } else if !kind.is_file() {
        Err("is not a regular file (a device, a FIFO or a socket); give the name of a file".into())
    } else {
        Ok(Expected::Stamp(Stamp::of(&meta)))
    }
}

/// Why `output` names no file, if it does not: it is a folder (or a link
/// to one), or it ends in `/`.
pub fn not_a_file(output: &Path) -> Option<&'static str> {
    use std::os::unix::ffi::OsStrExt;
    if output.is_dir() {
        Some("is a folder; give a file name")
    } else if output.as_os_str().as_bytes().ends_with(b"/") {
        Some("ends in `/`, as a folder's name does; give a file name")
    } else {
        None
    }
}

/// The permissions a file made from `source` may have at most: its own
/// (an export or import of a private file is as private); any when it
/// cannot be looked at (stdin).
pub fn within_of(source: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(source).map_or(0o7777, |m| m.permissions().mode() & 0o7777)
}

/// Whether `a` and `b` are the same file (through links and hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

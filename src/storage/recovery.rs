//! Recovery copies: while a map has unsaved changes, the app keeps a copy of
//! it in cxmap's own state folder (never beside the map, so git never sees
//! it). A clean save or quit removes it; a crash, hang-up or kill leaves it
//! for the next start to offer back.
//!
//! A copy is a map file with a comment on top naming the file it belongs to.

use super::{from_vec, to_canonical, write_atomic};
use crate::model::Map;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const HEADER: &str = "// cxmap recovery copy of: ";
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

    /// The copy's path for the map at `original` (absolute or not). A map's
    /// copy has one name, found again at the next start; a `session` names a
    /// copy of its own (for a map with no file, or one whose earlier copy is
    /// being kept aside).
    pub fn copy_path(&self, original: Option<&Path>, session: Option<&str>) -> PathBuf {
        let name = match original.map(absolute) {
            Some(path) => {
                let stem = path
                    .file_stem()
                    .map_or("map".into(), |s| s.to_string_lossy().into_owned());
                let hash = fnv1a(path.to_string_lossy().as_bytes());
                match session {
                    None => format!("{stem}-{hash:016x}.ron"),
                    Some(session) => format!("{stem}-{hash:016x}-{session}.ron"),
                }
            }
            None => format!("unsaved-{}.ron", session.unwrap_or("map")),
        };
        self.dir.join(name)
    }

    /// Writes the copy atomically.
    pub fn write(
        &self,
        original: Option<&Path>,
        session: Option<&str>,
        map: &Map,
    ) -> io::Result<PathBuf> {
        fs::create_dir_all(&self.dir)?;
        let path = self.copy_path(original, session);
        let header = original
            .map(absolute)
            .map_or(UNSAVED.to_owned(), |p| p.display().to_string());
        let text = format!("{HEADER}{header}\n{}", to_canonical(map));
        write_atomic(&path, text.as_bytes())?;
        Ok(path)
    }

    pub fn remove(&self, original: Option<&Path>, session: Option<&str>) {
        let _ = fs::remove_file(self.copy_path(original, session));
    }

    /// The copy for a map file, if there is one: its map and when it was written.
    pub fn find(&self, original: &Path) -> Option<(Map, Entry)> {
        let copy = self.copy_path(Some(original), None);
        let entry = entry(&copy)?;
        let map = from_vec(fs::read(&copy).ok()?).ok()?.map;
        Some((map, entry))
    }

    /// Every copy, newest first.
    pub fn list(&self) -> Vec<Entry> {
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut entries: Vec<Entry> = dir
            .filter_map(Result::ok)
            .filter_map(|e| entry(&e.path()))
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.modified));
        entries
    }
}

fn entry(copy: &Path) -> Option<Entry> {
    let text = fs::read_to_string(copy).ok()?;
    let first = text.lines().next()?.strip_prefix(HEADER)?;
    let original = (first != UNSAVED).then(|| PathBuf::from(first));
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

    #[test]
    fn a_copy_round_trips_and_names_its_file() {
        let dir = std::env::temp_dir().join(format!("cxmap-recovery-unit-{}", std::process::id()));
        let recovery = Recovery::new(dir.clone());
        let map = Map::new("Kept safe");
        let original = Path::new("/tmp/some/where/map.ron");
        let copy = recovery.write(Some(original), None, &map).unwrap();
        assert!(copy.starts_with(&dir));
        assert!(
            copy.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("map-")
        );
        let (back, entry) = recovery.find(original).unwrap();
        assert_eq!(back, map);
        assert_eq!(entry.original.as_deref(), Some(original));
        assert!(entry.newer_than_file(), "the map file does not exist");
        assert_eq!(recovery.list().len(), 1);
        recovery.remove(Some(original), None);
        assert!(recovery.find(original).is_none());
        fs::remove_dir_all(dir).unwrap();
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

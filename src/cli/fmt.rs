//! `cxmap fmt`: rewrite maps in the canonical form, or `--check` that they are.
//! Hand-written comments are not kept; how many lines were dropped is said.

use super::Outcome;
use super::style::note;
use crate::storage::{self, comment_lines, to_canonical};
use std::path::{Path, PathBuf};

pub fn run(files: &[PathBuf], check_only: bool) -> Outcome {
    let (mut failed, mut differ) = (false, false);
    for path in files {
        let (loaded, stamp) = match storage::load_stamped(path) {
            Ok(loaded) => loaded,
            Err(error) => {
                note(&error.to_string());
                failed = true;
                continue;
            }
        };
        let canonical = to_canonical(&loaded.map);
        if canonical == loaded.text {
            continue;
        }
        if check_only {
            differ = true;
            // `--` keeps a name such as `-x.ron` a file to fmt.
            let dashes = if path.as_os_str().as_encoded_bytes().starts_with(b"-") {
                "-- "
            } else {
                ""
            };
            note(&format!(
                "{}: not in canonical form (run `cxmap fmt {dashes}{}`)",
                path.display(),
                super::shell::word(path.as_os_str())
            ));
        } else if let Err(error) = rewrite(path, &canonical, &loaded.text, stamp) {
            note(&error);
            failed = true;
        } else {
            note(&format!("formatted {}", path.display()));
            super::note_dropped_comments(
                "fmt",
                &path.display().to_string(),
                comment_lines(&loaded.text).len(),
            );
        }
    }
    if failed {
        Outcome::Failure
    } else if differ {
        Outcome::Attention
    } else {
        Outcome::Success
    }
}

/// Writes the canonical text over the file, but only over the text it was
/// made from: a change made while formatting (an editor saving, a `git
/// checkout`) is left in place, never overwritten.
fn rewrite(path: &Path, canonical: &str, read: &str, stamp: storage::Stamp) -> Result<(), String> {
    let expected = storage::Expected::Seen(storage::Seen::read(stamp, read.as_bytes()));
    match storage::write_atomic_checked(path, &expected, |out| out.write_all(canonical.as_bytes()))
    {
        Ok(_) => Ok(()),
        Err(error) if storage::is_changed_on_disk(&error) => Err(format!(
            "{}: changed while it was being formatted; left as it is now (run cxmap fmt again)",
            crate::text::printable(&path.display().to_string())
        )),
        Err(error) => Err(storage::SaveError {
            path: path.to_owned(),
            error,
        }
        .to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_while_it_is_formatted_is_left_as_it_is_now() {
        let dir = std::env::temp_dir().join(format!("cxmap-fmt-race-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("map.ron");
        let example = include_str!("../../maps/business-account.ron");
        std::fs::write(&path, example.replace("    ", "  ")).unwrap();
        let theirs = example.replacen("Discover", "Found by someone else", 1);
        let written = theirs.clone();
        storage::hooks::set_before_rename(move |target| {
            let other = target.with_extension("other");
            std::fs::write(&other, &written).unwrap();
            std::fs::rename(&other, target).unwrap();
        });
        let outcome = run(std::slice::from_ref(&path), false);
        storage::hooks::clear();
        assert!(matches!(outcome, Outcome::Failure));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
        std::fs::remove_dir_all(dir).unwrap();
    }
}

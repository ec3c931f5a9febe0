//! `cxmap new`: start a map from the template in `assets/`; never over a
//! file that is there.

use super::Outcome;
use super::style::note;
use crate::model::Map;
use crate::storage::{self, Expected};
use crate::text::printable;
use std::path::Path;

const TEMPLATE: &str = include_str!("../../assets/template.ron");

/// The template with fresh ids, so that maps started from it share none.
pub fn from_template(title: &str) -> Map {
    let template =
        storage::from_bytes(TEMPLATE.as_bytes()).expect("the bundled template is a valid map");
    let mut map = Map {
        title: title.to_owned(),
        ..template.map
    };
    for i in 0..map.stages.len() {
        map.stages[i].id = map.fresh_stage_id();
    }
    map
}

pub fn run(path: &Path, title: Option<String>) -> Outcome {
    let shown = printable(&path.display().to_string());
    let exists = || {
        note(&format!(
            "{shown}: already exists; `cxmap new` never overwrites a map"
        ));
        Outcome::Failure
    };
    if path.symlink_metadata().is_ok() {
        return exists();
    }
    let map = from_template(&crate::text::title(title.as_deref(), path));
    // The last look and the write are one step: a file (or a link) that
    // appears at `path` meanwhile is left as it is.
    match storage::save_to(path, &map, &Expected::Nothing) {
        Ok(_) => {
            note(&format!("created {shown} with {} stages", map.stages.len()));
            Outcome::Success
        }
        Err(error) if storage::is_changed_on_disk(&error) => exists(),
        Err(error) => {
            note(&format!("{shown}: cannot write: {error}"));
            Outcome::Failure
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_appears_while_the_map_is_made_is_left_alone() {
        let dir = std::env::temp_dir().join(format!("cxmap-new-race-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("map.ron");
        storage::hooks::set_before_rename(|target| {
            std::fs::write(target, "someone else's").unwrap();
        });
        let outcome = run(&path, None);
        storage::hooks::clear();
        assert!(matches!(outcome, Outcome::Failure));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "someone else's");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary left"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}

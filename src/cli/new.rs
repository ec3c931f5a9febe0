//! `cxmap new`: start a map from the template in `assets/`.

use super::Outcome;
use super::style::note;
use crate::model::Map;
use crate::storage;
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
    if path.symlink_metadata().is_ok() {
        note(&format!(
            "{}: already exists; `cxmap new` never overwrites a map",
            path.display()
        ));
        return Outcome::Failure;
    }
    let map = from_template(&crate::text::title(title.as_deref(), path));
    match storage::save(path, &map) {
        Ok(()) => {
            note(&format!(
                "created {} with {} stages",
                path.display(),
                map.stages.len()
            ));
            Outcome::Success
        }
        Err(error) => {
            note(&error.to_string());
            Outcome::Failure
        }
    }
}

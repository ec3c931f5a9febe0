//! `cxmap new`: start a map from a template (`templates.rs`); never over a
//! file that is there.

use super::Outcome;
use super::style::note;
use super::templates::Template;
use crate::model::{ActionId, Map, RootCause, StageId, TouchpointId};
use crate::storage::{self, Expected};
use crate::text::printable;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The template's map under `title`, with a fresh id for every stage,
/// touchpoint and action (and root causes following their touchpoints), so
/// that two maps started from one template share none and merge cleanly.
pub fn from_template(template: &Template, title: &str) -> Map {
    let template = template.map();
    let mut taken: HashSet<String> = HashSet::new();
    for stage in &template.stages {
        taken.insert(stage.id.to_string());
        for touchpoint in &stage.touchpoints {
            taken.insert(touchpoint.id.to_string());
            taken.extend(touchpoint.actions.iter().map(|a| a.id.to_string()));
        }
    }
    let mut map = Map {
        title: title.to_owned(),
        ..template
    };
    let mut renamed: HashMap<TouchpointId, TouchpointId> = HashMap::new();
    for stage in &mut map.stages {
        stage.id = StageId::fresh(|id| taken.contains(id));
        taken.insert(stage.id.to_string());
        for touchpoint in &mut stage.touchpoints {
            let id = TouchpointId::fresh(|id| taken.contains(id));
            taken.insert(id.to_string());
            renamed.insert(std::mem::replace(&mut touchpoint.id, id.clone()), id);
            for action in &mut touchpoint.actions {
                action.id = ActionId::fresh(|id| taken.contains(id));
                taken.insert(action.id.to_string());
            }
        }
    }
    for stage in &mut map.stages {
        for touchpoint in &mut stage.touchpoints {
            if let Some(RootCause::Touchpoint(cause)) = &mut touchpoint.root_cause
                && let Some(id) = renamed.get(cause)
            {
                *cause = id.clone();
            }
        }
    }
    map
}

pub fn run(path: &Path, title: Option<String>, template: &Template) -> Outcome {
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
    let map = from_template(template, &crate::text::title(title.as_deref(), path));
    // The last look and the write are one step: a file (or a link) that
    // appears at `path` meanwhile is left as it is.
    match storage::save_to(path, &map, &Expected::Nothing) {
        Ok(_) => {
            note(&format!(
                "created {shown} from the {} template: {} stages, {} touchpoints",
                template.name,
                map.stages.len(),
                map.touchpoint_count()
            ));
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
    use crate::cli::templates::TEMPLATES;

    #[test]
    fn a_file_that_appears_while_the_map_is_made_is_left_alone() {
        let dir = std::env::temp_dir().join(format!("cxmap-new-race-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("map.ron");
        storage::hooks::set_before_rename(|target| {
            std::fs::write(target, "someone else's").unwrap();
        });
        let outcome = run(&path, None, &TEMPLATES[1]);
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

    #[test]
    fn root_causes_follow_their_touchpoints_to_the_fresh_ids() {
        for template in &TEMPLATES {
            let original = template.map();
            let map = from_template(template, "x");
            for (place, _, touchpoint) in map.placed_touchpoints() {
                let was = &original.stages[place.stage].touchpoints[place.index];
                match (&touchpoint.root_cause, &was.root_cause) {
                    (Some(RootCause::Touchpoint(now)), Some(RootCause::Touchpoint(then))) => {
                        assert_eq!(map.place_of(now), original.place_of(then));
                        assert_ne!(now, then);
                    }
                    (now, then) => assert_eq!(now, then),
                }
            }
            let text = storage::to_canonical(&map);
            assert_eq!(storage::from_bytes(text.as_bytes()).unwrap().map, map);
        }
    }
}

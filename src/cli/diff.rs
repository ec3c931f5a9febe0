//! `cxmap diff OLD NEW`: what changed, in sentences, as text or as Markdown
//! for a pull request's comment. OLD and NEW are files, or `REV:PATH` read
//! from git (`revision.rs`), as is `--rev A..B FILE`. Also git's external
//! diff (`cxmap diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
//! NEW-MODE`, and for a rename `NEW-PATH SIMILARITY` after them), and
//! `cxmap textconv FILE`, a line-per-fact form for `git diff` and `git log -p`.

use super::revision::{self, GitFile};
use super::style::{BOLD, DIM, note, out, paint};
use super::{DiffFormat, Outcome};
use crate::model::{
    ActionKey, Change, ChangePart, Map, MapKey, PersonaKey, TouchpointKey, changes,
};
use crate::storage;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Where one side of a diff (or a comparison) comes from.
pub(super) enum Source {
    /// git's `/dev/null`: no map at all (an added or deleted file).
    Nothing,
    File(PathBuf),
    Git(GitFile),
}

impl Source {
    /// An argument of `cxmap diff OLD NEW`: a file when there is one by
    /// that name, else `REV:PATH` in git when it has a colon.
    pub(super) fn argument(arg: &Path) -> Source {
        if arg == Path::new("/dev/null") {
            return Source::Nothing;
        }
        if std::fs::symlink_metadata(arg).is_err()
            && let Some(git) = GitFile::from_argument(arg.as_os_str())
        {
            return Source::Git(git);
        }
        Source::File(arg.to_owned())
    }

    /// A file git hands an external diff (or `/dev/null`), never a revision.
    fn file(arg: &Path) -> Source {
        if arg == Path::new("/dev/null") {
            Source::Nothing
        } else {
            Source::File(arg.to_owned())
        }
    }

    /// The map, read like any map file, or why not.
    pub(super) fn read(&self) -> Result<Map, String> {
        match self {
            Source::Nothing => Ok(Map::default()),
            Source::File(path) => storage::load(path)
                .map(|l| l.map)
                .map_err(|e| e.to_string()),
            Source::Git(git) => {
                let bytes = git.read()?;
                storage::from_vec(bytes)
                    .map(|l| l.map)
                    .map_err(|e| format!("{}:{e}", git.label()))
            }
        }
    }

    pub(super) fn label(&self) -> String {
        match self {
            Source::Nothing => "/dev/null".to_owned(),
            Source::File(path) => crate::text::printable(&path.display().to_string()),
            Source::Git(git) => git.label().to_owned(),
        }
    }
}

/// A map named on the command line as `cxmap diff` reads each side: the
/// file when there is one by that name, else `REV:PATH` in git; or why not.
pub(super) fn read_argument(arg: &Path) -> Result<Map, String> {
    Source::argument(arg).read()
}

/// What is compared: the two sides, and the map's path when git named it.
struct Compared {
    path: Option<String>,
    old: Source,
    new: Source,
}

const USAGE: &str = "cxmap diff takes OLD NEW (each a file or REV:PATH), --rev REV FILE, or the \
                     seven (nine for a rename) arguments git gives an external diff";

fn compared(args: &[PathBuf], rev: Option<&str>) -> Result<Compared, String> {
    let shown = |p: &Path| crate::text::printable(&p.display().to_string());
    match (rev, args) {
        (Some(range), [file]) => {
            let (old, new) = revisions(range, file)?;
            Ok(Compared {
                path: None,
                old,
                new,
            })
        }
        (Some(_), _) => Err("cxmap diff --rev takes one FILE".to_owned()),
        (None, [old, new]) => Ok(Compared {
            path: None,
            old: Source::argument(old),
            new: Source::argument(new),
        }),
        // A rename or copy: git adds the new path and how alike the two are.
        (None, [path, old, _, _, new, _, _] | [path, old, _, _, new, _, _, _, _]) => Ok(Compared {
            path: Some(shown(path)),
            old: Source::file(old),
            new: Source::file(new),
        }),
        (None, _) => Err(USAGE.to_owned()),
    }
}

/// `--rev A..B` (A's FILE against B's), `A...B` (against B's from the
/// commit B left A at, as `git diff A...B`), `A` (A's against the working
/// FILE). A side left out is `HEAD`, as in git.
fn revisions(range: &str, file: &Path) -> Result<(Source, Source), String> {
    let or_head = |rev: &str| if rev.is_empty() { "HEAD" } else { rev }.to_owned();
    let at = |rev: &str| GitFile::at(rev, file).map(Source::Git);
    if let Some((a, b)) = range.split_once("...") {
        let (a, b) = (or_head(a), or_head(b));
        let base = revision::merge_base(&a, &b).map_err(|e| format!("--rev {range}: {e}"))?;
        let old = GitFile::at(&base, file)?.labelled(&format!("{a}...{b}"), file);
        return Ok((Source::Git(old), at(&b)?));
    }
    if let Some((a, b)) = range.split_once("..") {
        return Ok((at(&or_head(a))?, at(&or_head(b))?));
    }
    Ok((at(range)?, Source::File(file.to_owned())))
}

pub fn run(args: &[PathBuf], rev: Option<&str>, format: DiffFormat) -> Outcome {
    let compared = match compared(args, rev) {
        Ok(compared) => compared,
        Err(error) => {
            note(&error);
            return Outcome::Failure;
        }
    };
    let (old_map, new_map) = match (compared.old.read(), compared.new.read()) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for error in [o.err(), n.err()].into_iter().flatten() {
                note(&error);
            }
            return Outcome::Failure;
        }
    };
    let changes = changes(&old_map, &new_map);
    out(&match format {
        DiffFormat::Text => text(compared.path.as_deref(), &changes),
        DiffFormat::Markdown => {
            // A deleted map is still called what it was.
            let map = match compared.new {
                Source::Nothing => &old_map,
                _ => &new_map,
            };
            markdown(&map.title, &what_was_compared(&compared), &changes)
        }
    });
    Outcome::Success
}

fn text(path: Option<&str>, changes: &[Change]) -> String {
    let mut text = String::new();
    if let Some(path) = path {
        let _ = writeln!(text, "{}", paint(BOLD, &format!("cxmap diff {path}")));
    }
    if changes.is_empty() {
        let _ = writeln!(text, "{}", paint(DIM, "no changes to the map"));
    }
    for change in changes {
        let _ = writeln!(text, "{}", change.text);
    }
    text
}

/// "`main:maps/x.ron` → `maps/x.ron`", or the path git named.
fn what_was_compared(compared: &Compared) -> String {
    match &compared.path {
        Some(path) => code(path),
        None => format!(
            "{} → {}",
            code(&compared.old.label()),
            code(&compared.new.label())
        ),
    }
}

/// The changes as a pull request's comment: a heading with the map's
/// title, what was compared, then the changes grouped by the part of the
/// map they are in (the map, stages, each stage's touchpoints, conflicts).
fn markdown(title: &str, compared: &str, changes: &[Change]) -> String {
    let title = if title.trim().is_empty() {
        "Untitled map"
    } else {
        title
    };
    let mut text = format!("### {}\n\n", crate::share::markdown::inline(title));
    if changes.is_empty() {
        let _ = writeln!(text, "{compared}: no changes to the map.");
        return text;
    }
    let count = match changes.len() {
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    };
    let _ = writeln!(text, "{compared}: {count}.");
    let mut groups: Vec<(&ChangePart, Vec<&str>)> = Vec::new();
    for change in changes {
        match groups.iter_mut().find(|(part, _)| **part == change.part) {
            Some((_, lines)) => lines.push(&change.text),
            None => groups.push((&change.part, vec![&change.text])),
        }
    }
    for (part, lines) in groups {
        let heading = match part {
            ChangePart::Map => "The map".to_owned(),
            ChangePart::Stages => "Stages".to_owned(),
            ChangePart::Touchpoints { stage } => {
                format!("Touchpoints in {}", crate::share::markdown::inline(stage))
            }
            ChangePart::Conflicts => "Merge conflicts".to_owned(),
        };
        let _ = writeln!(text, "\n#### {heading}\n");
        for line in lines {
            let _ = writeln!(text, "- {}", crate::share::markdown::inline(line));
        }
    }
    text
}

/// `text` as inline code, fenced by more backticks than it holds in a row
/// (CommonMark's rule), with its control characters written out.
pub(super) fn code(text: &str) -> String {
    let text = crate::text::printable(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// The map as one line per fact, each naming its stage and touchpoint, so
/// that every line of a text diff says where it is. A file that does not
/// parse (mid-merge, say) is passed through as it is.
pub fn textconv(path: &Path) -> Outcome {
    let loaded = match storage::load(path) {
        Ok(loaded) => loaded,
        Err(error) if !error.is_not_found() => {
            return match storage::read(path) {
                // A file that does not load is shown as it is (`out` writes
                // its control characters out as escapes).
                Ok(bytes) => {
                    out(&String::from_utf8_lossy(&bytes));
                    Outcome::Success
                }
                Err(_) => Outcome::Failure,
            };
        }
        Err(error) => {
            note(&error.to_string());
            return Outcome::Failure;
        }
    };
    out(&flat(&loaded.map));
    Outcome::Success
}

pub fn flat(map: &Map) -> String {
    let mut s = String::new();
    for key in MapKey::ALL {
        for fact in key.facts(map, map) {
            let _ = writeln!(s, "{}: {fact}", key.name());
        }
    }
    // A persona's name in every line of it, as a touchpoint's is.
    for p in &map.personas {
        let _ = writeln!(s, "persona '{}'", p.name);
        for line in PersonaKey::Description.facts(p, map) {
            let _ = writeln!(s, "persona '{}' › description: {line}", p.name);
        }
    }
    for stage in &map.stages {
        let _ = writeln!(s, "stage: {}", stage.name);
        for tp in &stage.touchpoints {
            let at = format!("{} › {}", stage.name, tp.name);
            let _ = writeln!(s, "{at}");
            let mut fact = |what: String| {
                let _ = writeln!(s, "{at} › {what}");
            };
            // The name is in every line already.
            for key in TouchpointKey::ALL
                .iter()
                .filter(|k| **k != TouchpointKey::Name)
            {
                for line in key.facts(tp, map) {
                    fact(format!("{}: {line}", key.label()));
                }
            }
            for a in &tp.actions {
                let line = format!("action {}", crate::text::action_line(a, true, None));
                fact(line);
                for line in ActionKey::FollowUp.facts(a, map) {
                    fact(format!(
                        "action {} › {}: {line}",
                        a.text,
                        ActionKey::FollowUp.label()
                    ));
                }
            }
        }
    }
    for c in &map.conflicts {
        let _ = writeln!(s, "CONFLICT {}", c.describe(map));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Emotion, Persona, PersonaId, PersonaScore, Stage, StageId, Touchpoint};

    #[test]
    fn textconv_names_the_persona_in_each_line_of_it_and_of_its_scores() {
        let id = PersonaId::parse("p-kadri").unwrap();
        let mut map = Map::new("Journey");
        let mut kadri = Persona::new(id.clone(), "Kadri");
        kadri.description = "Runs a café".into();
        map.personas.push(kadri);
        let mut pay = Touchpoint::new(crate::model::TouchpointId::parse("t-1").unwrap(), "Pay");
        pay.by_persona = vec![PersonaScore {
            emotion: Emotion::new(-2),
            to_be_emotion: Emotion::new(1),
            ..PersonaScore::unset(id)
        }];
        map.stages.push(
            Stage {
                id: StageId::parse("s-1").unwrap(),
                name: "Buy".into(),
                touchpoints: vec![pay.into()],
            }
            .into(),
        );
        let text = flat(&map);
        assert!(
            text.contains("persona 'Kadri'\npersona 'Kadri' › description: Runs a café\n"),
            "{text}"
        );
        assert!(
            text.contains("Buy › Pay › by persona: 'Kadri': emotion -2, to-be +1\n"),
            "{text}"
        );
    }
}

//! `cxmap diff OLD NEW`: what changed, in sentences, as text or as Markdown
//! for a pull request's comment. Also git's external diff (`cxmap diff PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
//! NEW-MODE`, and for a rename `NEW-PATH SIMILARITY` after them), and
//! `cxmap textconv FILE`, a line-per-fact form for `git diff` and `git log -p`.

use super::style::{BOLD, DIM, note, out, paint};
use super::{DiffFormat, Outcome};
use crate::model::{ActionKey, Change, ChangePart, Map, MapKey, TouchpointKey, changes};
use crate::storage;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Where one side of a diff comes from.
enum Source {
    /// git's `/dev/null`: no map at all (an added or deleted file).
    Nothing,
    File(PathBuf),
}

impl Source {
    /// A map file, or `/dev/null` (git's, for an added or deleted file).
    fn file(arg: &Path) -> Source {
        if arg == Path::new("/dev/null") {
            Source::Nothing
        } else {
            Source::File(arg.to_owned())
        }
    }

    /// The map, read like any map file, or why not.
    fn read(&self) -> Result<Map, String> {
        match self {
            Source::Nothing => Ok(Map::default()),
            Source::File(path) => storage::load(path)
                .map(|l| l.map)
                .map_err(|e| e.to_string()),
        }
    }

    fn label(&self) -> String {
        match self {
            Source::Nothing => "/dev/null".to_owned(),
            Source::File(path) => crate::text::printable(&path.display().to_string()),
        }
    }
}

/// What is compared: the two sides, and the map's path when git named it.
struct Compared {
    path: Option<String>,
    old: Source,
    new: Source,
}

const USAGE: &str = "cxmap diff takes OLD NEW, or the seven (nine for a rename) arguments git \
                     gives an external diff";

fn compared(args: &[PathBuf]) -> Result<Compared, String> {
    let shown = |p: &Path| crate::text::printable(&p.display().to_string());
    match args {
        [old, new] => Ok(Compared {
            path: None,
            old: Source::file(old),
            new: Source::file(new),
        }),
        // A rename or copy: git adds the new path and how alike the two are.
        [path, old, _, _, new, _, _] | [path, old, _, _, new, _, _, _, _] => Ok(Compared {
            path: Some(shown(path)),
            old: Source::file(old),
            new: Source::file(new),
        }),
        _ => Err(USAGE.to_owned()),
    }
}

pub fn run(args: &[PathBuf], format: DiffFormat) -> Outcome {
    let compared = match compared(args) {
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
    let mut text = format!("### {}\n\n", markdown_text(title));
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
                format!("Touchpoints in {}", markdown_text(stage))
            }
            ChangePart::Conflicts => "Merge conflicts".to_owned(),
        };
        let _ = writeln!(text, "\n#### {heading}\n");
        for line in lines {
            let _ = writeln!(text, "- {}", markdown_text(line));
        }
    }
    text
}

/// Text from a map, safe to put in Markdown on GitHub: every character
/// that could start Markdown, HTML, an entity or math is escaped with a
/// backslash (`>` and `!` mean nothing without the `<` and `[` escaped
/// before them, and our lines never start with map text), and `@`
/// before a name or `#` before a number is split by an empty HTML comment,
/// since GitHub turns those into mentions and references (notifying people)
/// whatever backslash stands before them.
fn markdown_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if "\\`*_[]<&~|$#".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
        let next = chars.peek().copied().unwrap_or(' ');
        let links = match c {
            '@' => next.is_ascii_alphanumeric(),
            '#' => next.is_ascii_digit(),
            _ => false,
        };
        if links {
            escaped.push_str("<!-- -->");
        }
    }
    escaped
}

/// `text` as inline code, fenced by more backticks than it holds in a row
/// (CommonMark's rule), with its control characters written out.
fn code(text: &str) -> String {
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

//! `cxmap export`: a map in another format, for people and programs, on
//! stdout or into a file (`-o`), written atomically.

use super::Outcome;
use super::output;
use super::style::{note, out_exact};
use crate::model::{Date, Map};
use crate::share::html::Lang;
use crate::share::{self, Context};
use crate::storage::{self, Expected};
use clap::ValueEnum;
use std::path::Path;

/// The formats a map is exported to.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// One self-contained web page for people: the curve, the cards, the plan, the checks.
    Html,
    /// The whole map for other programs (schema: assets/cxmap-map.schema.json).
    Json,
    /// A row per touchpoint for a spreadsheet; `cxmap import --from csv` reads it back.
    Csv,
    /// A table per stage and the EDUNI plan as a task list, for a README, a wiki or a PR.
    Markdown,
    /// A Mermaid `journey` diagram: stages as sections, touchpoints as tasks
    /// scored 1..5, channels as actors.
    Mermaid,
}

pub fn run(
    file: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    today: Date,
    lang: Option<&Lang>,
) -> Outcome {
    if lang.is_some() && !matches!(format, ExportFormat::Html) {
        note("--lang names the language of an HTML page; use it with --format html");
        return Outcome::Failure;
    }
    let loaded = match storage::load(file) {
        Ok(loaded) => loaded,
        Err(error) => {
            note(&error.to_string());
            return Outcome::Failure;
        }
    };
    let left_out = match format {
        ExportFormat::Csv => share::csv::left_out(&loaded.map),
        ExportFormat::Mermaid => share::mermaid::left_out(&loaded.map),
        ExportFormat::Html | ExportFormat::Json | ExportFormat::Markdown => None,
    };
    // Said of an export that is made: a file refused writes nothing to
    // leave anything out of.
    let say_left_out = || {
        if let Some(what) = &left_out {
            note(&format!("{}: {what}", file.display()));
        }
    };
    let text = render(format, &loaded.map, Context { today }, lang);
    match output {
        // `-o -` is stdout, as people expect of `-o`.
        None => {
            say_left_out();
            out_exact(&text);
            Outcome::Success
        }
        Some(output) if output == Path::new("-") => {
            say_left_out();
            out_exact(&text);
            Outcome::Success
        }
        Some(output) => {
            let outcome = write(file, output, &text);
            if matches!(outcome, Outcome::Success) {
                say_left_out();
            }
            outcome
        }
    }
}

/// The map in `format`; `lang` is the language of its texts, for a page.
fn render(format: ExportFormat, map: &Map, context: Context, lang: Option<&Lang>) -> String {
    match format {
        ExportFormat::Html => share::html::export(map, context, lang),
        ExportFormat::Json => share::json::export(map),
        ExportFormat::Csv => share::csv::export(map),
        ExportFormat::Markdown => share::markdown::export(map, context),
        ExportFormat::Mermaid => share::mermaid::export(map),
    }
}

/// Writes an export into `output`, atomically, never over the map it came
/// from nor over any other map (an export is a copy, and a slip of `-o`
/// must not cost the original), and never through a link or over anything
/// but a regular file (`output::expected_at`).
fn write(file: &Path, output: &Path, text: &str) -> Outcome {
    let refused = |why: &str| {
        note(&format!("{}: {why}; nothing was written", output.display()));
        Outcome::Failure
    };
    let expected = match output::expected_at(output) {
        Ok(expected) => expected,
        Err(why) => return refused(&why),
    };
    // A file is there (`Stamp`): it may be the map itself, or another.
    if let Expected::Stamp(_) = expected
        && let Some(why) = refuse(file, output)
    {
        return refused(why);
    }
    let within = output::within_of(file);
    let written = storage::write_atomic_to_within(output, &expected, within, |out| {
        out.write_all(text.as_bytes())
    });
    match written {
        Ok(_) => Outcome::Success,
        Err(error) if storage::is_changed_on_disk(&error) => {
            refused("changed (or appeared) while the export was written")
        }
        Err(error) => {
            note(&format!("{}: cannot write: {error}", output.display()));
            Outcome::Failure
        }
    }
}

/// Why the file at `output` must not be replaced, if it must not: it is
/// the map being exported, or a map (one that loads, or any `.ron` file:
/// a map mid-merge or from a newer cxmap does not load and is still one).
/// Only asked of a regular file that `output::expected_at` found there (it
/// has already refused folders, links and special files).
fn refuse(file: &Path, output: &Path) -> Option<&'static str> {
    if output::same_file(file, output) {
        return Some("is the map being exported; choose another name for the export");
    }
    let ron = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"));
    if ron || storage::load(output).is_ok() {
        return Some("is a map; an export never replaces one (choose another name)");
    }
    None
}

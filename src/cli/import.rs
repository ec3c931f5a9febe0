//! `cxmap import`: a new map from another format's text (a file, or `-` for
//! stdin), its bytes read as the format has it (CSV guesses Windows-1252
//! when they are not UTF-8). What the import could not hold as written is
//! reported on stderr at its line; the map is written only if it loads back
//! exactly, never over an existing file without `--force`, and never over
//! the input itself nor into a folder (`output.rs`).

use super::Outcome;
use super::output;
use super::style::note;
use crate::model::Map;
use crate::share::{self, ImportError, Imported};
use crate::storage::{self, Expected};
use clap::ValueEnum;
use std::io::Read;
use std::path::Path;

/// The formats a map is imported from.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ImportFormat {
    /// cxmap's own JSON export (`cxmap export --format json`).
    Json,
    /// A spreadsheet in the columns of `cxmap export --format csv`.
    Csv,
    /// A Mermaid `journey` diagram (sections, tasks, scores, actors).
    Mermaid,
}

/// How a Mermaid diagram's scores read as emotions (`--scale`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// 1..5 when no score is above 5, else 0..10 (said on stderr).
    Auto,
    /// Mermaid's own: 1 → -2 .. 5 → +2.
    #[value(name = "1-5")]
    OneToFive,
    /// 0-1 → -2, 2-3 → -1, 4-6 → 0, 7-8 → +1, 9-10 → +2.
    #[value(name = "0-10")]
    ZeroToTen,
    /// 1-2 → -2, 3-4 → -1, 5-6 → 0, 7-8 → +1, 9-10 → +2.
    #[value(name = "1-10")]
    OneToTen,
}

impl From<Scale> for share::mermaid::Scale {
    fn from(scale: Scale) -> Self {
        match scale {
            Scale::Auto => Self::Auto,
            Scale::OneToFive => Self::OneToFive,
            Scale::ZeroToTen => Self::ZeroToTen,
            Scale::OneToTen => Self::OneToTen,
        }
    }
}

pub struct Request<'a> {
    pub input: &'a Path,
    pub from: ImportFormat,
    pub output: &'a Path,
    pub force: bool,
    /// For `--from mermaid`; `None` is `Scale::Auto`.
    pub scale: Option<Scale>,
}

pub fn run(request: &Request) -> Outcome {
    if request.scale.is_some() && !matches!(request.from, ImportFormat::Mermaid) {
        refuse_scale();
    }
    let shown = if request.input == Path::new("-") {
        "<stdin>".to_owned()
    } else {
        request.input.display().to_string()
    };
    let to_stdout = request.output == Path::new("-");
    if let Some(why) = refuse(request).filter(|_| !to_stdout) {
        note(&format!(
            "{}: {why}; nothing was written",
            request.output.display()
        ));
        return Outcome::Failure;
    }
    if !to_stdout && !request.force && request.output.symlink_metadata().is_ok() {
        note(&format!(
            "{}: already exists; `cxmap import` writes a new map (--force replaces it)",
            request.output.display()
        ));
        return Outcome::Failure;
    }
    let bytes = match read(request.input) {
        Ok(bytes) => bytes,
        Err(error) => {
            note(&format!("{shown}: {error}"));
            return Outcome::Failure;
        }
    };
    let imported = match parse(request, &bytes) {
        Ok(imported) => imported,
        Err(error) => {
            note(&format!("{shown}:{error}"));
            return Outcome::Failure;
        }
    };
    for n in &imported.notes {
        note(&format!("{shown}:{n}"));
    }
    write(request, &shown, &imported.map)
}

/// Ends the program as clap ends it for a wrong argument: `--scale` is for
/// a Mermaid diagram's scores, and JSON has none.
fn refuse_scale() -> ! {
    use clap::CommandFactory;
    let mut cxmap = super::Cli::command();
    cxmap.build();
    let command = cxmap
        .find_subcommand_mut("import")
        .expect("import is a command");
    command
        .error(
            clap::error::ErrorKind::ArgumentConflict,
            "--scale applies only to --from mermaid",
        )
        .exit()
}

/// Why the map must not be written to the output at all, if it must not
/// (`--force` or not): it names no file, or it is the input itself, which
/// the map would replace.
fn refuse(request: &Request) -> Option<&'static str> {
    if let Some(why) = output::not_a_file(request.output) {
        return Some(why);
    }
    if request.input != Path::new("-") && output::same_file(request.input, request.output) {
        return Some("is the file being imported; choose another name for the map");
    }
    None
}

/// The map in `bytes`; each format decides which encodings it reads.
fn parse(request: &Request, bytes: &[u8]) -> Result<Imported, ImportError> {
    match request.from {
        ImportFormat::Json => share::json::import(share::utf8(bytes)?),
        // Without a title column, the map is named after its file, as `cxmap new` names one.
        ImportFormat::Csv => share::csv::import(bytes, &crate::text::title(None, request.output)),
        ImportFormat::Mermaid => {
            let scale = request.scale.unwrap_or(Scale::Auto);
            share::mermaid::import(share::utf8(bytes)?, scale.into())
        }
    }
}

/// The input's bytes, at most as many as a map may have.
fn read(input: &Path) -> std::io::Result<Vec<u8>> {
    if input != Path::new("-") {
        return storage::read(input);
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(storage::MAX_MAP_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > storage::MAX_MAP_BYTES {
        return Err(std::io::Error::other(
            "the input is larger than a map may be",
        ));
    }
    Ok(bytes)
}

/// Writes the map, after checking that its canonical text loads back as
/// the same map (so that nothing the import let through, such as a control
/// character, gets into a file cxmap would then refuse).
fn write(request: &Request, shown: &str, map: &Map) -> Outcome {
    let text = storage::to_canonical(map);
    match storage::from_bytes(text.as_bytes()) {
        Ok(loaded) if loaded.map == *map => {}
        Ok(_) => {
            note("the imported map would not read back as it is (a bug); nothing was written");
            return Outcome::Failure;
        }
        Err(error) => {
            note(&format!(
                "{shown}: what it holds cannot be saved in a map: {}; nothing was written",
                error.message
            ));
            return Outcome::Failure;
        }
    }
    if text.len() as u64 > storage::MAX_MAP_BYTES {
        note(&format!(
            "{shown}: the map would be {} bytes, more than any map cxmap opens; nothing was written",
            text.len()
        ));
        return Outcome::Failure;
    }
    if request.output == Path::new("-") {
        // `-o -`: the map's text on stdout, for a pipe.
        super::style::out_exact(&text);
        return Outcome::Success;
    }
    let output = request.output;
    // Never through a link, nor over anything but a regular file; without
    // --force only where nothing is (a file or link that appears meanwhile
    // is left alone).
    let expected = if request.force {
        match super::output::expected_at(output) {
            Ok(expected) => expected,
            Err(why) => {
                note(&format!("{}: {why}; nothing was written", output.display()));
                return Outcome::Failure;
            }
        }
    } else {
        Expected::Nothing
    };
    let within = if request.input == Path::new("-") {
        0o7777
    } else {
        super::output::within_of(request.input)
    };
    let saved = storage::save_to_within(output, map, &expected, within);
    match saved {
        Ok(_) => {
            note(&format!(
                "imported {}: {}, {}",
                output.display(),
                crate::text::count(map.stages.len(), "stage"),
                crate::text::count(map.touchpoint_count(), "touchpoint")
            ));
            Outcome::Success
        }
        Err(error) if storage::is_changed_on_disk(&error) => {
            note(&format!(
                "{}: appeared or changed while importing; nothing was written",
                output.display()
            ));
            Outcome::Failure
        }
        Err(error) => {
            note(&format!("{}: cannot write: {error}", output.display()));
            Outcome::Failure
        }
    }
}

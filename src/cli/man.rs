//! `cxmap man`: the manual page, in roff, made by `clap_mangen` from the
//! command line as clap knows it: one page with every command in it (each
//! with its synopsis, options and examples), so that `man cxmap` is all
//! there is to install and read.

use super::{Cli, Outcome};
use clap::{Command, CommandFactory};
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, italic, roman};
use std::io;

pub fn run() -> Outcome {
    super::completions::print(page().as_bytes())
}

/// What roff output starts with (defining `\*(Aq`, the apostrophe);
/// the page keeps the first and drops the repeats.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// The whole page.
pub fn page() -> String {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let man = Man::new(command.clone());
    let mut page = PREAMBLE.to_owned();
    // By hand: `Man::render_title` writes an empty date as nothing at all,
    // which moves the source and the manual's name into the wrong places.
    page.push_str(&format!(
        ".TH CXMAP 1 \"\" \"cxmap {}\" \"User Commands\"\n",
        command.get_version().unwrap_or_default()
    ));
    for part in [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        page.push_str(&rendered(&man, part));
    }
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    page.push_str(&without_preamble(roff.render()));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        page.push_str(&command_part(sub));
    }
    page.push_str(&without_preamble(closing(&command).render()));
    ascii(&page)
}

/// `page` with each character beyond ASCII as groff's `\[uXXXX]`: groff
/// reads a page as Latin-1 unless told otherwise (`man` may not tell it),
/// and the help texts hold arrows and dashes.
fn ascii(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// One command's part of the page: its synopsis, what it does, its options
/// and its examples, under its name.
fn command_part(sub: &Command) -> String {
    let man = Man::new(sub.clone());
    let mut heading = Roff::new();
    heading.control("SS", [format!("cxmap {}", sub.get_name()).as_str()]);
    let mut part = without_preamble(heading.render());
    part.push_str(&body(&rendered(&man, Man::render_synopsis_section)));
    part.push_str(".PP\n");
    part.push_str(&body(&rendered(&man, Man::render_description_section)));
    part.push_str(&body(&rendered(&man, Man::render_options_section)));
    if let Some(lines) = examples(sub) {
        let mut roff = Roff::new();
        roff.control("PP", []).text([italic("Examples:")]);
        roff.extend([example_block(&lines)]);
        part.push_str(&without_preamble(roff.render()));
    }
    part
}

/// The command's examples (clap's `after_help`, "Examples:" and the lines
/// under it), without the heading and the indent.
fn examples(command: &Command) -> Option<Vec<String>> {
    let text = command.get_after_help()?.to_string();
    let (_, lines) = text.split_once("Examples:\n")?;
    Some(lines.lines().map(|l| l.trim().to_owned()).collect())
}

/// Example lines as they are written (no filling, which would run them
/// together), indented.
fn example_block(lines: &[String]) -> Roff {
    let mut roff = Roff::new();
    roff.control("RS", ["4"]).control("nf", []);
    for line in lines {
        if line.is_empty() {
            roff.control("sp", []);
        } else {
            roff.text([roman(line.as_str())]);
        }
    }
    roff.control("fi", []).control("RE", []);
    roff
}

/// The sections after the commands: examples, exit status, environment,
/// files, version.
fn closing(command: &Command) -> Roff {
    let mut roff = Roff::new();
    if let Some(lines) = examples(command) {
        roff.control("SH", ["EXAMPLES"]);
        roff.extend([example_block(&lines)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "Success."),
        (
            "1",
            "check found something, fmt --check found a file to reformat, or merge left conflicts.",
        ),
        (
            "2",
            "An error: a file that cannot be read, parsed or written, or bad arguments.",
        ),
        ("128+N", "The app was ended by signal N."),
    ] {
        roff.control("TP", [])
            .text([bold(code)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, meaning) in [
        (
            "NO_COLOR",
            "Set: no colour, in the app or on the command line.",
        ),
        (
            "CLICOLOR_FORCE",
            "1: colour on the command line even when stdout is no terminal.",
        ),
        (
            "XDG_CONFIG_HOME",
            "Where the config folder is (default: ~/.config).",
        ),
        (
            "XDG_STATE_HOME",
            "Where recovery copies are kept (default: ~/.local/state).",
        ),
    ] {
        roff.control("TP", [])
            .text([bold(name)])
            .text([roman(meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, meaning) in [
        (
            "~/.config/cxmap/config.ron",
            "The config file (cxmap config says where): read, never written.",
        ),
        (
            "~/.local/state/cxmap/recovery/",
            "Copies of maps with unsaved changes (cxmap recover lists them).",
        ),
    ] {
        roff.control("TP", [])
            .text([italic(path)])
            .text([roman(meaning)]);
    }
    if let Some(version) = command.get_version() {
        roff.control("SH", ["VERSION"])
            .text([roman(format!("cxmap {version}"))]);
    }
    roff
}

/// A section of `man` as roff, without the preamble.
fn rendered(man: &Man, part: fn(&Man, &mut dyn io::Write) -> io::Result<()>) -> String {
    let mut bytes = Vec::new();
    part(man, &mut bytes).expect("writing to memory never fails");
    without_preamble(String::from_utf8(bytes).expect("roff from UTF-8 text is UTF-8"))
}

fn without_preamble(text: String) -> String {
    match text.strip_prefix(PREAMBLE) {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// A section's text without its heading, to go under a command's name.
fn body(section: &str) -> String {
    section
        .lines()
        .filter(|line| !line.starts_with(".SH "))
        .map(|line| format!("{line}\n"))
        .collect()
}

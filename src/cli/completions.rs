//! `cxmap completions SHELL`: a completion script for the shell, made by
//! `clap_complete` from the command line as clap knows it, so it never falls
//! behind a new command or option. Choices (themes, formats, templates)
//! complete by name; paths complete as files.

use super::{Cli, Outcome};
use clap::{Command, CommandFactory, ValueHint};
use clap_complete::Shell;
use std::io::Write;

pub fn run(shell: Shell) -> Outcome {
    let mut command = with_file_hints(Cli::command());
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "cxmap", &mut script);
    print(&script)
}

/// Every path a cxmap command takes is a file (a map, an export, an import's
/// input), never a folder: said to the shells, which then complete file
/// names (bash, for one, then marks folders with a `/` and keeps names with
/// spaces whole). A path without a hint of its own is any path to clap.
fn with_file_hints(command: Command) -> Command {
    command
        .mut_args(|arg| {
            if arg.get_value_hint() == ValueHint::AnyPath {
                arg.value_hint(ValueHint::FilePath)
            } else {
                arg
            }
        })
        .mut_subcommands(with_file_hints)
}

/// Writes generated text to stdout as it is: a script or a page is data,
/// never a message, and holds nothing from a map or a file name.
pub(super) fn print(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Outcome::Success,
        // `cxmap man | head` is not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Success,
        Err(error) => {
            super::style::note(&format!("cxmap: cannot write to stdout: {error}"));
            Outcome::Failure
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_completes_as_a_file() {
        fn paths(command: &Command, found: &mut Vec<(String, ValueHint)>) {
            for arg in command.get_arguments() {
                if matches!(
                    arg.get_value_hint(),
                    ValueHint::AnyPath | ValueHint::FilePath
                ) {
                    found.push((
                        format!("{} {}", command.get_name(), arg.get_id()),
                        arg.get_value_hint(),
                    ));
                }
            }
            for sub in command.get_subcommands() {
                paths(sub, found);
            }
        }
        let mut found = Vec::new();
        paths(&with_file_hints(Cli::command()), &mut found);
        let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
        for expected in [
            "cxmap file",
            "new file",
            "show file",
            "check files",
            "import output",
        ] {
            assert!(names.contains(&expected), "{expected} in {names:?}");
        }
        for (name, hint) in &found {
            assert_eq!(*hint, ValueHint::FilePath, "{name}");
        }
    }
}

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cxmap::cli::run(cxmap::cli::Cli::parse())
}

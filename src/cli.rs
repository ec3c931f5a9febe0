//! The command line: a non-interactive face of cxmap for people, scripts and
//! CI. Data goes to stdout and diagnostics to stderr; colour only on a terminal
//! and never with `NO_COLOR`.
//!
//! Exit codes: 0 success; 1 when `check` has findings (those `--fail-on`
//! names) or `fmt --check` finds a file to reformat; 2 on errors (a file that
//! cannot be read, parsed or written).

mod causes;
mod check;
mod compare;
mod completions;
mod config;
mod diff;
mod export;
mod fmt;
mod git;
mod history;
mod import;
mod man;
mod merge;
mod new;
mod output;
mod plan;
mod recover;
mod revision;
mod sarif;
mod shell;
mod show;
mod stats;
mod style;
pub mod templates;

use crate::model::Date;
use crate::storage::{self, Flags, Loaded, ThemeName};
use clap::builder::{PossibleValuesParser, StyledStr, Styles, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The bundled example, shown when cxmap starts with no arguments.
pub const EXAMPLE_NAME: &str = "maps/business-account.ron";
pub const EXAMPLE: &str = include_str!("../maps/business-account.ron");

#[derive(Parser, Debug)]
#[command(
    name = "cxmap",
    version,
    about = "Customer-journey maps in the terminal and in git",
    long_about = "Customer-journey maps in the terminal and in git.\n\n\
        With no command, opens FILE in the terminal app (the bundled example when FILE is left \
        out). The commands work on map files from the shell, for people, scripts and CI."
)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_value_name = "COMMAND"
)]
#[command(after_help = examples(&[
    ("the bundled example, in the terminal app", "cxmap"),
    ("open a map; one that does not exist yet is created on the first save", "cxmap journey.ron"),
    ("for a workshop's shared screen", "cxmap --theme projector journey.ron"),
]))]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The map to open; one that does not exist yet is created on the first save.
    file: Option<PathBuf>,
    /// Leave the mouse to the terminal (for selecting text); wins over the
    /// config file's `mouse`.
    #[arg(long)]
    no_mouse: bool,
    /// The app's colours: default, projector (bold, no dim grey: for a shared
    /// screen) or monochrome; wins over the config file's `theme`.
    #[arg(long, value_name = "NAME", value_parser = theme_parser())]
    theme: Option<ThemeName>,
}

/// "Examples:" and, for each, what it does and the command line: the end of
/// a command's `--help`, and its examples in the man page. A test parses
/// every line, so an example that stops working fails it.
fn examples(list: &[(&str, &str)]) -> StyledStr {
    let header = Styles::default().get_header().to_owned();
    let mut text = format!("{header}Examples:{header:#}\n");
    for (i, (what, line)) in list.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&format!("  # {what}\n  {line}\n"));
    }
    StyledStr::from(text)
}

/// `--theme NAME`, with the names in `--help` and in clap's error.
fn theme_parser() -> impl TypedValueParser<Value = ThemeName> {
    PossibleValuesParser::new(ThemeName::ALL.map(ThemeName::name))
        .map(|name| name.parse().expect("clap let through only a theme's name"))
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a new map from a template; never overwrites.
    #[command(after_help = examples(&[
        ("a map from the blank template, titled after the file", "cxmap new onboarding-flow.ron"),
        (
            "from a template, with a title",
            "cxmap new outage.ron --template support-incident --title \"Broadband outage\"",
        ),
    ]))]
    New {
        /// The map to create.
        file: PathBuf,
        /// The journey's title (default: the file's name).
        #[arg(long)]
        title: Option<String>,
        /// The map to start from, with fresh ids (`cxmap templates` lists them
        /// with their stages).
        #[arg(
            long,
            value_name = "NAME",
            default_value = templates::DEFAULT,
            value_parser = templates::parser()
        )]
        template: &'static templates::Template,
    },
    /// List the templates `cxmap new --template` starts from, with their stages.
    #[command(after_help = examples(&[
        ("what there is to start a map from", "cxmap templates"),
    ]))]
    Templates,
    /// Print a map as readable text: stages, touchpoints, wish and emotion.
    #[command(after_help = examples(&[
        ("the bundled example, stage by stage", "cxmap show maps/business-account.ron"),
    ]))]
    Show {
        /// The map to show.
        file: PathBuf,
    },
    /// Print the EDUNI action plan derived from a map.
    #[command(after_help = examples(&[
        ("the plan, grouped by principle", "cxmap plan maps/business-account.ron"),
        (
            "as a Markdown task list, for a wiki or an issue",
            "cxmap plan maps/business-account.ron --format markdown > plan.md",
        ),
    ]))]
    Plan {
        /// The map whose plan to print.
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
        format: PlanFormat,
        /// The date that decides what is overdue (default: today), as YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Follow every root-cause link to its root, and rank the roots by the pain they explain.
    #[command(after_help = examples(&[
        (
            "the roots, most pain explained first, each with its chains of touchpoints",
            "cxmap causes maps/business-account.ron",
        ),
        (
            "as Markdown, for a workshop's notes or an issue",
            "cxmap causes maps/business-account.ron --format markdown > causes.md",
        ),
        (
            "the roots as the previous commit had them (REV:PATH, from the repository's root)",
            "cxmap causes HEAD~1:maps/business-account.ron",
        ),
    ]))]
    Causes {
        /// The map whose causes to follow: a file, or REV:PATH read from git
        /// (as for `cxmap diff`).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = CausesFormat::Text)]
        format: CausesFormat,
    },
    /// Figures per stage and for the whole map: research share, customers'
    /// words, customers, mean emotion, pain index, actions.
    #[command(after_help = examples(&[
        ("how much of each stage rests on research, and how it feels", "cxmap stats maps/business-account.ron"),
        (
            "the figures of the map as main has it (REV:PATH, from the repository's root), as JSON",
            "cxmap stats main:maps/business-account.ron --format json",
        ),
    ]))]
    Stats {
        /// The map: a file, or REV:PATH read from git (as for `cxmap diff`).
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
        /// The date that decides what is overdue (default: today), as YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// Check maps against the five classic CX mistakes (CX001..CX006), and a
    /// research line if given (CX007).
    #[command(after_help = examples(&[
        (
            "every map in a folder, as a compiler would report; each stage at least 60% on research",
            "cxmap check maps/*.ron --min-research 60",
        ),
        (
            "in a pull request's CI job: each finding on its line, failing only on errors",
            "cxmap check maps/*.ron --format github --fail-on error",
        ),
        (
            "a fixed date, and JSON for other tools",
            "cxmap check maps/*.ron --today 2026-11-23 --format json",
        ),
    ]))]
    Check {
        /// The maps to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Which findings make check exit 1 (every one is printed either
        /// way); a map that cannot be read or parsed is exit 2 whatever this says.
        #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Warning)]
        fail_on: FailOn,
        /// The date that decides what is overdue (default: today), as YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// A finding (CX007) for each stage, and each map, where fewer than
        /// PERCENT (0 to 100) of the touchpoints rest on research.
        #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
        min_research: Option<u8>,
    },
    /// Three-way merge of maps by id: git's merge driver (writes into OURS).
    #[command(after_help = examples(&[
        (
            "what git runs once `cxmap git-setup` set it up; the result goes into ours.ron",
            "cxmap merge base.ron ours.ron theirs.ron journey.ron",
        ),
    ]))]
    Merge {
        /// The version both sides started from (git's %O).
        base: PathBuf,
        /// Our version, where the merged map is written (git's %A).
        ours: PathBuf,
        /// Their version (git's %B).
        theirs: PathBuf,
        /// The path of the map in the repository, for messages (git's %P).
        path: Option<String>,
    },
    /// What changed between two maps, in sentences; also git's external diff.
    #[command(after_help = examples(&[
        ("what changed, one sentence per change", "cxmap diff before.ron after.ron"),
        (
            "main's version against the working file (REV:PATH: the path from the repository's root)",
            "cxmap diff main:maps/onboarding.ron maps/onboarding.ron",
        ),
        (
            "what this branch changed (as git diff A...B), as Markdown for a pull request's comment",
            "cxmap diff --rev main...HEAD --format markdown maps/onboarding.ron > comment.md",
        ),
    ]))]
    Diff {
        /// OLD NEW, each a file or REV:PATH read from git; with --rev, one FILE.
        ///
        /// REV:PATH is the map as revision REV has it: `main:maps/x.ron`, and
        /// `:maps/x.ron` for the staged one. PATH counts from the repository's
        /// root, as in git; `main:./x.ron` from the current folder. As git's
        /// external diff, the seven arguments git passes (nine for a rename).
        #[arg(num_args = 1..=9, required = true)]
        files: Vec<PathBuf>,
        /// Compare FILE as git has it: `A..B` (A's against B's), `A...B`
        /// (B's against where B left A), `A` (A's against the working FILE).
        #[arg(long, value_name = "REV")]
        rev: Option<String>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// How the journey changed between two versions of a map: per stage, the
    /// pain index, research share and actions, and both as-is curves.
    #[command(after_help = examples(&[
        ("two files, as a table and a chart in the terminal", "cxmap compare before.ron after.ron"),
        (
            "main's version against the working file (REV:PATH, as for diff)",
            "cxmap compare main:maps/onboarding.ron maps/onboarding.ron",
        ),
        (
            "a page to share, with both curves drawn",
            "cxmap compare v1:maps/onboarding.ron HEAD:maps/onboarding.ron --format html > change.html",
        ),
    ]))]
    Compare {
        /// The older map: a file, or REV:PATH read from git (PATH from the
        /// repository's root, as in git).
        old: PathBuf,
        /// The newer map: a file, or REV:PATH.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
        /// The date that decides what is overdue on both sides (default:
        /// today), as YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
    },
    /// A map commit by commit: pain index, research share, actions and
    /// findings as each commit left it, with a sparkline of the pain index.
    #[command(after_help = examples(&[
        ("every commit that touched the map, oldest first", "cxmap history maps/onboarding.ron"),
        (
            "as CSV, for a spreadsheet's chart",
            "cxmap history maps/onboarding.ron --format csv > onboarding-history.csv",
        ),
        ("only what a branch has", "cxmap history maps/onboarding.ron --rev main"),
    ]))]
    History {
        /// The map, as a path in this repository (renames are followed).
        file: PathBuf,
        /// Walk back from this revision (default: HEAD).
        #[arg(long, value_name = "REV")]
        rev: Option<String>,
        #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
        format: HistoryFormat,
    },
    /// A map as one line per fact, for git's textconv (`git diff`, `git log -p`).
    #[command(after_help = examples(&[
        ("one line per fact, as git diff shows a map", "cxmap textconv maps/business-account.ron"),
    ]))]
    Textconv {
        /// The map to print, one fact per line.
        file: PathBuf,
    },
    /// Set up this git repository to merge and diff maps with cxmap.
    #[command(after_help = examples(&[
        ("in a repository: merge and diff every *.ron file with cxmap", "cxmap git-setup"),
        (
            "only the maps in journeys/, with change lists in git diff",
            "cxmap git-setup --external-diff 'journeys/*.ron'",
        ),
    ]))]
    GitSetup {
        /// Which files are maps (default: *.ron).
        patterns: Vec<String>,
        /// Show `git diff` as cxmap's change list rather than fact by fact.
        #[arg(long)]
        external_diff: bool,
    },
    /// Recovery copies of maps left with unsaved changes: lists them, with their age.
    #[command(after_help = examples(&[
        ("the copies there are, and how old each is", "cxmap recover"),
        ("remove those written a week ago or earlier", "cxmap recover --clean --older-than 7"),
    ]))]
    Recover {
        /// List them (what `cxmap recover` does anyway).
        #[arg(long, conflicts_with = "clean")]
        list: bool,
        /// Remove the copies written --older-than days ago or earlier, listing
        /// them, and files left by sessions that ended; never a copy that a
        /// running cxmap is writing.
        #[arg(long)]
        clean: bool,
        /// With --clean: how many days old a copy must be to go (0: every
        /// copy not in use).
        #[arg(long, value_name = "DAYS", requires = "clean", default_value_t = 30)]
        older_than: u64,
    },
    /// Where the config file is, and the settings in force with where each
    /// came from (default, config file, command line).
    #[command(after_help = examples(&[
        ("where the config file is, and the settings in force", "cxmap config"),
        ("what the app would use with --theme projector", "cxmap config --theme projector"),
    ]))]
    Config {
        /// The theme the app would get with `--theme NAME`.
        #[arg(long, value_name = "NAME", value_parser = theme_parser())]
        theme: Option<ThemeName>,
        /// What the app would do with `--no-mouse`.
        #[arg(long)]
        no_mouse: bool,
    },
    /// Write a map in another format, for people and programs (stdout, or -o FILE).
    #[command(after_help = examples(&[
        (
            "one page for the client, the projector or print",
            "cxmap export maps/business-account.ron --format html -o account.html",
        ),
        (
            "a diagram GitHub draws, for a README",
            "cxmap export maps/business-account.ron --format mermaid >> README.md",
        ),
        (
            "a row per touchpoint, for a spreadsheet",
            "cxmap export maps/business-account.ron --format csv -o account.csv",
        ),
    ]))]
    Export {
        /// The map to export.
        file: PathBuf,
        #[arg(long, short, value_enum)]
        format: export::ExportFormat,
        /// Write the export into this file (atomically) instead of stdout
        /// (`-` is stdout); never over a map.
        #[arg(long, short, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The date that decides what is overdue (default: today), as YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// The language of the map's texts, for an HTML page: a tag such as
        /// `et` or `en` (default: unknown).
        #[arg(long, value_name = "TAG")]
        lang: Option<crate::share::html::Lang>,
    },
    /// Start a new map from another format's text; never overwrites without --force.
    #[command(after_help = examples(&[
        (
            "a Mermaid journey diagram, its scores on 0..10",
            "cxmap import journey.mmd --from mermaid --scale 0-10 -o journey.ron",
        ),
        ("a spreadsheet saved as CSV", "cxmap import account.csv --from csv -o account.ron"),
        (
            "from stdin, here straight from an export",
            "cxmap export a.ron --format json | cxmap import - --from json -o b.ron",
        ),
    ]))]
    Import {
        /// The file to read (`-` reads stdin).
        input: PathBuf,
        #[arg(long, value_enum)]
        from: import::ImportFormat,
        /// The map to write (`-` writes its text to stdout).
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
        /// How a Mermaid diagram's scores read as emotions -2..+2 (only with
        /// --from mermaid) [default: auto]
        #[arg(long, value_enum, value_name = "SCALE")]
        scale: Option<import::Scale>,
    },
    /// Rewrite maps in the canonical form.
    #[command(after_help = examples(&[
        ("rewrite maps in canonical form", "cxmap fmt maps/*.ron"),
        ("for CI: change nothing, exit 1 if a file would change", "cxmap fmt --check maps/*.ron"),
    ]))]
    Fmt {
        /// The maps to rewrite in canonical form (with --check, only checked).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 if a file is not in canonical form.
        #[arg(long)]
        check: bool,
    },
    /// Print a completion script for a shell.
    ///
    /// Commands and options complete by name; in bash, zsh and fish also
    /// themes, formats and templates. Paths complete as file names.
    #[command(after_help = examples(&[
        (
            "bash, for this user",
            "cxmap completions bash > ~/.local/share/bash-completion/completions/cxmap",
        ),
        ("zsh, into a folder on $fpath", "cxmap completions zsh > ~/.zfunc/_cxmap"),
        ("fish", "cxmap completions fish > ~/.config/fish/completions/cxmap.fish"),
    ]))]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): every command, in one page.
    #[command(after_help = examples(&[
        ("read it now", "cxmap man | man -l -"),
        ("install it, for `man cxmap`", "cxmap man > ~/.local/share/man/man1/cxmap.1"),
    ]))]
    Man,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum PlanFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CausesFormat {
    /// Each root with its chains, one line per chain.
    Text,
    /// A section per root, for a wiki or an issue.
    Markdown,
    /// The roots, their chains and the cycles, for other tools.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum StatsFormat {
    /// Two aligned tables, a row per stage and one for the whole map.
    Text,
    /// The counts and figures, for other tools.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CheckFormat {
    /// One finding per line, like a compiler.
    Text,
    /// One object per finding.
    Json,
    /// GitHub Actions workflow commands: annotations on a pull request.
    Github,
    /// A SARIF 2.1.0 log, for GitHub code scanning and other review tools.
    Sarif,
}

/// The least severe finding that fails `cxmap check` (exit 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Errors only: merge conflicts left in a map (CX000); warnings are printed, exit 0.
    Error,
    /// Any finding, the CX mistakes (warnings) too.
    Warning,
    /// None: exit 0 unless a map cannot be read or parsed.
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DiffFormat {
    /// One sentence per line.
    Text,
    /// Grouped under the map's title, for a pull request's comment.
    Markdown,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum CompareFormat {
    /// A table and a chart of both curves, for the terminal.
    Text,
    /// A table and the chart in a code block, for a pull request or a wiki.
    Markdown,
    /// One self-contained page with both curves drawn.
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum HistoryFormat {
    /// A row per commit and a sparkline of the pain index.
    Text,
    /// A row per commit, for a spreadsheet (RFC 4180).
    Csv,
}

fn parse_date(text: &str) -> Result<Date, String> {
    text.parse()
}

/// What a command reports: the exit code to leave with.
pub enum Outcome {
    Success,
    /// Findings, or files to reformat: not an error, but not clean.
    Attention,
    Failure,
    /// A particular exit code (128 + signal, 101 for a crash).
    Code(u8),
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Attention => ExitCode::from(1),
            Outcome::Failure => ExitCode::from(2),
            Outcome::Code(code) => ExitCode::from(code),
        }
    }
}

/// Runs a command line that has no interactive part.
#[expect(
    clippy::too_many_lines,
    reason = "one arm per command: a table of where each goes, which splitting would scatter"
)]
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        None => open_app(
            cli.file,
            Flags {
                theme: cli.theme,
                no_mouse: cli.no_mouse,
            },
        ),
        Some(Command::New {
            file,
            title,
            template,
        }) => new::run(&file, title, template),
        Some(Command::Templates) => templates::run(),
        Some(Command::Completions { shell }) => completions::run(shell),
        Some(Command::Man) => man::run(),
        Some(Command::Show { file }) => with_map(&file, |loaded| show::run(&loaded.map)),
        Some(Command::Plan {
            file,
            format,
            today,
        }) => {
            let today = today.unwrap_or_else(today_local);
            with_map(&file, |loaded| plan::run(&loaded.map, format, today))
        }
        Some(Command::Causes { file, format }) => match diff::read_argument(&file) {
            Ok(map) => causes::run(&map, format),
            Err(error) => {
                style::note(&error);
                Outcome::Failure
            }
        },
        Some(Command::Stats {
            file,
            format,
            today,
        }) => match diff::read_argument(&file) {
            Ok(map) => stats::run(&map, format, today.unwrap_or_else(today_local)),
            Err(error) => {
                style::note(&error);
                Outcome::Failure
            }
        },
        Some(Command::Check {
            files,
            format,
            fail_on,
            today,
            min_research,
        }) => check::run(
            &files,
            format,
            fail_on,
            check::Asked {
                today: today.unwrap_or_else(today_local),
                min_research,
            },
        ),
        Some(Command::Fmt { files, check }) => fmt::run(&files, check),
        Some(Command::Export {
            file,
            format,
            output,
            today,
            lang,
        }) => export::run(
            &file,
            format,
            output.as_deref(),
            today.unwrap_or_else(today_local),
            lang.as_ref(),
        ),
        Some(Command::Import {
            input,
            from,
            output,
            force,
            scale,
        }) => import::run(&import::Request {
            input: &input,
            from,
            output: &output,
            force,
            scale,
        }),
        Some(
            command @ (Command::Merge { .. }
            | Command::Diff { .. }
            | Command::Compare { .. }
            | Command::History { .. }
            | Command::Textconv { .. }
            | Command::GitSetup { .. }),
        ) => with_git(command),
        Some(Command::Recover {
            clean: true,
            older_than,
            ..
        }) => recover::clean(older_than),
        Some(Command::Recover { .. }) => recover::list(),
        Some(Command::Config { theme, no_mouse }) => config::run(Flags { theme, no_mouse }),
    };
    outcome.into()
}

/// The commands that work with git: its merge driver and diffs, and the
/// map's change over time.
fn with_git(command: Command) -> Outcome {
    match command {
        Command::Merge {
            base,
            ours,
            theirs,
            path,
        } => merge::run(&base, &ours, &theirs, path.as_deref()),
        Command::Diff { files, rev, format } => diff::run(&files, rev.as_deref(), format),
        Command::Compare {
            old,
            new,
            format,
            today,
        } => compare::run(&old, &new, format, today.unwrap_or_else(today_local)),
        Command::History { file, rev, format } => history::run(&file, rev.as_deref(), format),
        Command::Textconv { file } => diff::textconv(&file),
        Command::GitSetup {
            patterns,
            external_diff,
        } => git::run(&patterns, external_diff),
        _ => unreachable!("run passes only git's commands"),
    }
}

/// Opens the terminal app; without a terminal to run in, prints the map and
/// its plan instead, so that `cxmap > file` and scripts still get something.
/// The session itself (recovery offer, the app, its end) is the app's own:
/// this only says how it ended.
fn open_app(file: Option<PathBuf>, flags: Flags) -> Outcome {
    use crate::tui::{Ended, Session};
    use std::io::IsTerminal;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    // The first look at the time zone may walk the system's whole zone
    // database: on another core, while the map loads.
    let today = std::thread::spawn(today_local);
    let today = move || today.join().unwrap_or_else(|_| today_local());
    let mut session = match &file {
        None => Session::example(EXAMPLE, EXAMPLE_NAME),
        Some(path) => match Session::file(path) {
            Ok(session) => session,
            Err(error) => {
                style::note(&error.to_string());
                return Outcome::Failure;
            }
        },
    };
    if !interactive {
        let today = today();
        let outcome = show::run(session.map());
        style::out("\n");
        return match outcome {
            Outcome::Success => plan::run(session.map(), PlanFormat::Text, today),
            other => other,
        };
    }
    let (settings, problem) = config::settings(flags);
    if let Some(problem) = problem {
        session.warn(format!(
            "{problem}; the config file is ignored: its settings are the defaults"
        ));
    }
    let kept = |copy: Option<PathBuf>| {
        copy.map_or(String::new(), |p| {
            format!("; unsaved edits are kept in {}", p.display())
        })
    };
    match session.run(today(), &settings) {
        Ok(Ended::Quit) => Outcome::Success,
        Ok(Ended::Signal(signal, copy)) => {
            style::note(&format!("cxmap: stopped by signal {signal}{}", kept(copy)));
            Outcome::Code(128u8.saturating_add(signal.clamp(0, 127) as u8))
        }
        Ok(Ended::TerminalLost(copy)) => {
            style::note(&format!("cxmap: the terminal went away{}", kept(copy)));
            Outcome::Failure
        }
        Ok(Ended::Panicked(copy)) => {
            style::note(&format!(
                "cxmap: stopped on an internal error (a bug){}; open the map again to restore them",
                kept(copy)
            ));
            Outcome::Code(101)
        }
        Err(error) => {
            style::note(&format!("cxmap: the terminal failed: {error}"));
            Outcome::Failure
        }
    }
}

/// Says on stderr that writing `file` in canonical form dropped `lines`
/// lines of hand-written comments (nothing when there were none): a
/// comment is someone's work, and cxmap has nowhere to keep it.
fn note_dropped_comments(command: &str, file: &str, lines: usize) {
    if lines == 0 {
        return;
    }
    let (noun, verb) = if lines == 1 {
        ("line", "was")
    } else {
        ("lines", "were")
    };
    style::note(&format!(
        "cxmap {command}: {file}: {lines} {noun} of comments {verb} dropped \
         (cxmap writes maps in canonical form; comments are not kept)"
    ));
}

fn with_map(path: &Path, body: impl FnOnce(&Loaded) -> Outcome) -> Outcome {
    match storage::load(path) {
        Ok(loaded) => body(&loaded),
        Err(error) => {
            style::note(&error.to_string());
            Outcome::Failure
        }
    }
}

pub use crate::platform::{local_time, today_local};

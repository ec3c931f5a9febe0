//! The config file: `config.ron` in the platform's config folder
//! (`$XDG_CONFIG_HOME/cxmap/` on Linux), RON like the maps. cxmap only reads
//! it; a missing file means the defaults, a broken one is reported at its
//! line and column and the defaults are used. What is in force comes from
//! the command line first, then the file, then the defaults
//! ([`Settings::resolve`]).

use super::format::{ParseError, diagnose};
use serde::Deserialize;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The file's name in the config folder.
pub const CONFIG_NAME: &str = "config.ron";

/// A config file larger than this is not one.
const MAX_CONFIG_BYTES: u64 = 64 * 1024;

/// A theme by its name, as `--theme` and the file's `theme` give it. What
/// each looks like is the app's (`tui::Theme`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub enum ThemeName {
    /// The usual 16 colours, with dim grey for what matters less.
    #[default]
    Default,
    /// For a projector or a shared screen: no dim grey, bold throughout,
    /// heavier marks.
    Projector,
    /// No colour at all, as with `NO_COLOR`.
    Monochrome,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [
        ThemeName::Default,
        ThemeName::Projector,
        ThemeName::Monochrome,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::Projector => "projector",
            ThemeName::Monochrome => "monochrome",
        }
    }
}

impl fmt::Display for ThemeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ThemeName {
    type Err = String;

    fn from_str(text: &str) -> Result<ThemeName, String> {
        ThemeName::ALL
            .into_iter()
            .find(|theme| theme.name() == text)
            .ok_or_else(|| {
                let names: Vec<String> = ThemeName::ALL
                    .iter()
                    .map(|t| format!("\"{}\"", t.name()))
                    .collect();
                format!(
                    "there is no theme \"{}\": use one of {}",
                    crate::text::printable(&crate::text::truncate(text, 40)),
                    names.join(", ")
                )
            })
    }
}

impl TryFrom<String> for ThemeName {
    type Error = String;

    fn try_from(text: String) -> Result<ThemeName, String> {
        text.parse()
    }
}

/// What the file says; a setting it leaves out is `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default, rename = "config")]
pub struct Config {
    pub theme: Option<ThemeName>,
    /// The owner given to new actions.
    pub default_owner: Option<String>,
    /// Whether deleting a stage asks first (default: yes).
    pub ask_before_deleting_a_stage: Option<bool>,
    /// Whether cxmap takes the mouse (default: yes; `--no-mouse` wins).
    pub mouse: Option<bool>,
}

/// Why the config file could not be used.
#[derive(Debug)]
pub enum ConfigError {
    Io { path: PathBuf, error: io::Error },
    Parse { path: PathBuf, error: ParseError },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Io { path, error } => {
                let path = super::shown(path);
                write!(f, "{path}: cannot read: {}", super::io_reason(error))
            }
            ConfigError::Parse { path, error } => write!(f, "{}:{error}", super::shown(path)),
        }
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Where the config file is (whether it exists or not); `None` where the
    /// system has no config folder.
    pub fn default_path() -> Option<PathBuf> {
        let dirs = directories::ProjectDirs::from("", "", "cxmap")?;
        Some(dirs.config_dir().join(CONFIG_NAME))
    }

    /// The config at `path`: `Ok(None)` when there is no such file.
    pub fn load(path: &Path) -> Result<Option<Config>, ConfigError> {
        let io = |error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        };
        // Without blocking: a FIFO planted there must not hang the start.
        let opened = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(path)
        };
        let file = match opened {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(io(error)),
        };
        if let Some(why) = unfit(&file.metadata().map_err(io)?) {
            return Err(io(io::Error::other(why)));
        }
        let mut text = String::new();
        file.take(MAX_CONFIG_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(io)?;
        if text.len() as u64 > MAX_CONFIG_BYTES {
            return Err(io(io::Error::other(format!(
                "larger than {} KiB, too large to be a config file",
                MAX_CONFIG_BYTES / 1024
            ))));
        }
        Config::parse(&text)
            .map(Some)
            .map_err(|error| ConfigError::Parse {
                path: path.to_path_buf(),
                error,
            })
    }

    /// The config in `text`; an empty text is the defaults.
    ///
    /// What the file holds is never quoted back in an error (but for setting
    /// names, cut short): a config that is a link to another file must not
    /// print that file's words.
    pub fn parse(text: &str) -> Result<Config, ParseError> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let config: Config = options.from_str(text).map_err(|error| {
            let (line, column) = diagnose::spot(text, &error);
            ParseError {
                line,
                column,
                message: describe(&error.code),
            }
        })?;
        // The owner goes into maps, which may hold no control character.
        // Nor one that reorders the text around it (it could make an
        // owner read as a date).
        if let Some(owner) = &config.default_owner
            && owner
                .chars()
                .any(|c| c.is_control() || crate::text::reorders(c))
        {
            let at = text.find("default_owner").unwrap_or(0);
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            return Err(ParseError {
                line: text[..at].matches('\n').count() + 1,
                column: text[line_start..at].chars().count() + 1,
                message: "`default_owner` holds a control character (a line break, \
                          an escape code) or one that reorders text: an owner is one line of text"
                    .to_owned(),
            });
        }
        Ok(config)
    }
}

/// Why a config file is not one to read: not a plain file (a FIFO, a
/// device), or another user's, or one others may change.
fn unfit(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::MetadataExt;
    if !meta.is_file() {
        return Some("not a plain file");
    }
    let me = crate::platform::user_id();
    if meta.uid() != me && meta.uid() != 0 {
        return Some("owned by another user: not read");
    }
    if meta.mode() & 0o022 != 0 {
        return Some("others may change it (group or world writable): not read");
    }
    None
}

/// `text` cut to a few words' length, for a name quoted from the file.
fn short(text: &str) -> String {
    crate::text::truncate(text, 40)
}

fn describe(error: &ron::Error) -> String {
    let names = |names: &[&str]| {
        let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        quoted.join(", ")
    };
    match error {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => format!(
            "unknown setting `{}`: cxmap knows {} (a newer cxmap may know it)",
            crate::text::printable(&short(found)),
            names(expected)
        ),
        // Never what was found there: it may be another file's words.
        ron::Error::InvalidValueForType { expected, .. } => format!("expected {expected} here"),
        ron::Error::ExpectedDifferentStructName { .. }
        | ron::Error::ExpectedNamedStructLike(_)
        | ron::Error::ExpectedStructLike => {
            "expected the config's settings in brackets: (theme: \"default\", ...)".to_owned()
        }
        ron::Error::Message(message) => crate::text::printable(message),
        ron::Error::Eof => "the file ends too early: something is not closed".to_owned(),
        other => diagnose::describe(other),
    }
}

/// Where a setting in force came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    CommandLine,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Default => "default",
            Source::File => "config file",
            Source::CommandLine => "command line",
        })
    }
}

/// A value in force and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub from: Source,
}

/// What the command line says about the settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct Flags {
    pub theme: Option<ThemeName>,
    pub no_mouse: bool,
}

/// The settings in force for a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub theme: Setting<ThemeName>,
    pub default_owner: Setting<Option<String>>,
    pub ask_before_deleting_a_stage: Setting<bool>,
    pub mouse: Setting<bool>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings::resolve(&Config::default(), Flags::default())
    }
}

impl Settings {
    /// The command line over the file over the defaults.
    pub fn resolve(file: &Config, flags: Flags) -> Settings {
        fn pick<T>(flag: Option<T>, file: Option<T>, default: T) -> Setting<T> {
            match (flag, file) {
                (Some(value), _) => Setting {
                    value,
                    from: Source::CommandLine,
                },
                (None, Some(value)) => Setting {
                    value,
                    from: Source::File,
                },
                (None, None) => Setting {
                    value: default,
                    from: Source::Default,
                },
            }
        }
        let owner = file.default_owner.clone().filter(|o| !o.trim().is_empty());
        Settings {
            theme: pick(flags.theme, file.theme, ThemeName::Default),
            default_owner: match owner {
                Some(owner) => pick(None, Some(Some(owner)), None),
                None => pick(None, None, None),
            },
            ask_before_deleting_a_stage: pick(None, file.ask_before_deleting_a_stage, true),
            mouse: pick(flags.no_mouse.then_some(false), file.mouse, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_reads() {
        let config = Config::parse(
            "// the workshop laptop\n(\n    theme: \"projector\",\n    default_owner: \"Ana\",\n    \
             ask_before_deleting_a_stage: false,\n    mouse: false,\n)\n",
        )
        .unwrap();
        assert_eq!(
            config,
            Config {
                theme: Some(ThemeName::Projector),
                default_owner: Some("Ana".to_owned()),
                ask_before_deleting_a_stage: Some(false),
                mouse: Some(false),
            }
        );
    }

    #[test]
    fn left_out_settings_and_an_empty_file_are_the_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        assert_eq!(Config::parse("()").unwrap(), Config::default());
        let config = Config::parse("config(mouse: true)").unwrap();
        assert_eq!(config.mouse, Some(true));
        assert_eq!(config.theme, None);
    }

    #[test]
    fn an_unknown_setting_is_refused_where_it_is() {
        let error = Config::parse("(\n    theme: \"default\",\n    colour: true,\n)").unwrap_err();
        assert_eq!((error.line, error.column), (3, 5), "{error}");
        assert!(
            error
                .message
                .starts_with("unknown setting `colour`: cxmap knows `theme`"),
            "{error}"
        );
    }

    #[test]
    fn a_broken_file_says_line_and_column() {
        let error = Config::parse("(\n    mouse: yes,\n)").unwrap_err();
        assert_eq!((error.line, error.column), (2, 12), "{error}");
        let error = Config::parse("(\n    theme: \"beamer\",\n)").unwrap_err();
        assert_eq!(error.line, 2, "{error}");
        assert!(
            error.message.contains("there is no theme \"beamer\"")
                && error.message.contains("\"projector\""),
            "{error}"
        );
    }

    #[test]
    fn an_owner_that_reorders_text_is_refused() {
        let error = Config::parse("(default_owner: \"Mallory \u{202e}0202-21-03\")").unwrap_err();
        assert!(error.message.contains("reorders text"), "{error}");
    }

    #[test]
    fn an_owner_with_a_control_character_is_refused() {
        let error = Config::parse("(\n  default_owner: \"Ana\\u{1b}[8m\",\n)").unwrap_err();
        assert_eq!((error.line, error.column), (2, 3), "{error}");
        assert!(error.message.contains("control character"), "{error}");
    }

    #[test]
    fn a_missing_file_is_no_config_and_a_broken_one_names_its_path() {
        let dir = std::env::temp_dir().join(format!("cxmap-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(CONFIG_NAME);
        let _ = std::fs::remove_file(&path);
        assert!(Config::load(&path).unwrap().is_none());
        std::fs::write(&path, "(\n  mouse: false,\n  mouse: true,\n)\n").unwrap();
        let error = Config::load(&path).unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("{}:3:3: ", path.display())),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_command_line_wins_over_the_file_which_wins_over_the_defaults() {
        let defaults = Settings::default();
        assert_eq!(defaults.theme.value, ThemeName::Default);
        assert_eq!(defaults.theme.from, Source::Default);
        assert!(defaults.mouse.value && defaults.ask_before_deleting_a_stage.value);
        assert_eq!(defaults.default_owner.value, None);

        let file = Config {
            theme: Some(ThemeName::Monochrome),
            default_owner: Some("Ana".to_owned()),
            ask_before_deleting_a_stage: Some(false),
            mouse: Some(true),
        };
        let from_file = Settings::resolve(&file, Flags::default());
        assert_eq!(from_file.theme.value, ThemeName::Monochrome);
        assert_eq!(from_file.theme.from, Source::File);
        assert_eq!(from_file.default_owner.value.as_deref(), Some("Ana"));
        assert!(!from_file.ask_before_deleting_a_stage.value);
        assert_eq!(from_file.mouse.from, Source::File);

        let flags = Flags {
            theme: Some(ThemeName::Projector),
            no_mouse: true,
        };
        let flagged = Settings::resolve(&file, flags);
        assert_eq!(flagged.theme.value, ThemeName::Projector);
        assert_eq!(flagged.theme.from, Source::CommandLine);
        assert!(!flagged.mouse.value);
        assert_eq!(flagged.mouse.from, Source::CommandLine);
        assert_eq!(flagged.default_owner.from, Source::File);
    }

    #[test]
    fn an_empty_default_owner_is_none() {
        let file = Config {
            default_owner: Some("  ".to_owned()),
            ..Config::default()
        };
        let settings = Settings::resolve(&file, Flags::default());
        assert_eq!(settings.default_owner.value, None);
        assert_eq!(settings.default_owner.from, Source::Default);
    }
}

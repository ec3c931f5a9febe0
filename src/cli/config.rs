//! `cxmap config`: where the config file is (and whether it is there), and
//! the settings in force, each with where it came from. A broken file is
//! reported at its line and column, and the exit code is 2; the settings
//! shown are then the ones the app would start with (the defaults, and the
//! command line).

use super::Outcome;
use super::style::{DIM, note, out, paint};
use crate::storage::{Config, ConfigError, Flags, Setting, SettingSource, Settings};
use std::fmt::Write;

/// The settings for a session: the config file's, under `flags`; with a
/// broken file, the defaults under `flags`, and what is wrong with it.
pub fn settings(flags: Flags) -> (Settings, Option<ConfigError>) {
    let file = Config::default_path().map(|path| Config::load(&path));
    match file {
        Some(Ok(Some(config))) => (Settings::resolve(&config, flags), None),
        Some(Err(error)) => (Settings::resolve(&Config::default(), flags), Some(error)),
        Some(Ok(None)) | None => (Settings::resolve(&Config::default(), flags), None),
    }
}

pub fn run(flags: Flags) -> Outcome {
    let mut text = String::new();
    let (settings, problem) = settings(flags);
    match Config::default_path() {
        Some(path) => {
            let state = if problem.is_some() {
                "broken: ignored, the defaults apply"
            } else if path.is_file() {
                "in use"
            } else if path.exists() {
                "not a file"
            } else {
                "not there: the defaults apply"
            };
            let _ = writeln!(text, "config file: {} ({state})", path.display());
        }
        None => text.push_str("config file: none (this system has no config folder)\n"),
    }
    let Settings {
        theme,
        default_owner,
        ask_before_deleting_a_stage,
        mouse,
    } = &settings;
    let mut theme_value = theme.value.name().to_owned();
    if crate::tui::no_color() {
        theme_value.push_str(", without colour: NO_COLOR is set");
    }
    show(&mut text, "theme", &theme_value, theme.from);
    let owner = default_owner.value.as_deref().map(|o| format!("{o:?}"));
    let owner = owner.as_deref().unwrap_or("none");
    show(&mut text, "default_owner", owner, default_owner.from);
    let ask = ask_before_deleting_a_stage;
    show_bool(&mut text, "ask_before_deleting_a_stage", ask);
    show_bool(&mut text, "mouse", mouse);
    out(&text);
    match problem {
        Some(error) => {
            note(&format!(
                "{error}\ncxmap config: the config file is broken; the app starts with the settings above"
            ));
            Outcome::Failure
        }
        None => Outcome::Success,
    }
}

fn show(text: &mut String, name: &str, value: &str, from: SettingSource) {
    let from = paint(DIM, &format!("({from})"));
    let _ = writeln!(text, "{name}: {value} {from}");
}

fn show_bool(text: &mut String, name: &str, setting: &Setting<bool>) {
    show(text, name, &setting.value.to_string(), setting.from);
}

//! The app without a terminal: keys in, state out; and whole screens drawn
//! into a test buffer. Each test drives the app the way a person would.

mod board;
mod causes;
mod counts;
mod editors;
mod filters;
mod gaps;
mod lists;
mod personas;
mod present;
mod safety;
mod screens;
mod settings;
mod themes;
mod wire;
mod workshop;

use super::app::App;
use super::document::Document;
use super::overlay::Overlay;
use super::theme::Theme;
use crate::model::{Date, Map};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

pub const EXAMPLE: &str = include_str!("../../maps/business-account.ron");

pub fn today() -> Date {
    "2026-11-23".parse().expect("a date")
}

pub fn app_with(map: Map, width: u16, height: u16) -> App {
    App::new(
        Document::new(map, None, true),
        Theme::DEFAULT,
        today(),
        Rect::new(0, 0, width, height),
    )
}

/// A fresh folder for one test's files.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-tui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The app at 80x24 on the map file at `path` (a new map if there is none).
pub fn open_file(path: &std::path::Path) -> App {
    let (doc, _) = crate::tui::open(path).unwrap();
    App::new(doc, Theme::MONOCHROME, today(), Rect::new(0, 0, 80, 24))
}

/// The bundled example at 80x24.
pub fn example() -> App {
    let map = crate::storage::from_bytes(EXAMPLE.as_bytes())
        .expect("example loads")
        .map;
    app_with(map, 80, 24)
}

/// `map` without its personas and their own scores, for tests of a map
/// that has none (the example has two).
pub fn without_personas(mut map: Map) -> Map {
    map.personas.clear();
    for tp in map.stages.iter_mut().flat_map(|s| s.touchpoints.iter_mut()) {
        tp.by_persona.clear();
    }
    map
}

/// Types keys: plain characters, or names in angle brackets such as
/// `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Left>`, `<S-Left>`, `<C-s>`, `<Del>`,
/// `<M-j>` (Alt+j).
pub fn keys(app: &mut App, keys: &str) {
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            app.handle_key(named(&rest[1..end]));
            rest = &rest[end + 1..];
            continue;
        }
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        rest = &rest[c.len_utf8()..];
    }
}

fn named(name: &str) -> KeyEvent {
    let (mods, base) = match name.split_once('-') {
        Some(("C", base)) => (KeyModifiers::CONTROL, base),
        Some(("S", base)) => (KeyModifiers::SHIFT, base),
        Some(("M", base)) => (KeyModifiers::ALT, base),
        _ => (KeyModifiers::NONE, name),
    };
    let code = match base {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" if mods == KeyModifiers::SHIFT => KeyCode::BackTab,
        "Tab" => KeyCode::Tab,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Del" => KeyCode::Delete,
        "BS" => KeyCode::Backspace,
        "PgDn" => KeyCode::PageDown,
        "PgUp" => KeyCode::PageUp,
        one if one.chars().count() == 1 => KeyCode::Char(one.chars().next().unwrap_or(' ')),
        other => panic!("no key called {other}"),
    };
    KeyEvent::new(code, mods)
}

/// The name of the selected touchpoint, or `stage: name` for a stage header.
/// Tabs from the touchpoint editor's first row (the name) to `key`'s row.
pub fn to_row(key: crate::model::TouchpointKey) -> String {
    tabs(crate::model::TouchpointKey::Name, key)
}

/// Tabs from `from`'s row of the touchpoint editor to `to`'s.
pub fn tabs(from: crate::model::TouchpointKey, to: crate::model::TouchpointKey) -> String {
    let all = crate::model::TouchpointKey::ALL;
    let at = |key| {
        all.iter()
            .position(|k| *k == key)
            .expect("a field of the table")
    };
    "<Tab>".repeat(at(to) - at(from))
}

/// Tabs from the touchpoint editor's first row to the touchpoint's action `i`.
pub fn to_action(i: usize) -> String {
    "<Tab>".repeat(crate::model::TouchpointKey::ALL.len() + i)
}

pub fn selected(app: &App) -> String {
    match app.selected_touchpoint() {
        Some(tp) => tp.name.clone(),
        None => format!(
            "stage: {}",
            app.map()
                .stages
                .get(app.selection().stage)
                .map_or("-", |s| s.name.as_str())
        ),
    }
}

pub fn top(app: &App) -> &'static str {
    match app.top_overlay() {
        None => "none",
        Some(Overlay::Help(_)) => "help",
        Some(Overlay::ConfirmQuit) => "quit",
        Some(Overlay::DeleteStage(_)) => "delete stage",
        Some(Overlay::Prompt(_)) => "prompt",
        Some(Overlay::Wish(_)) => "wish",
        Some(Overlay::Editor(_)) => "editor",
        Some(Overlay::ActionEditor(_)) => "action editor",
        Some(Overlay::Picker(_)) => "picker",
        Some(Overlay::Conflicts(_)) => "conflicts",
        Some(Overlay::Recover(_)) => "recover",
        Some(Overlay::Present(_)) => "present",
        Some(Overlay::Filter(_)) => "filter",
        Some(Overlay::Personas(_)) => "personas",
    }
}

pub fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

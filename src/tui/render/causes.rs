//! The Causes view: each root cause, the one explaining most pain first,
//! with the touchpoints it explains indented under it as deep as their
//! chains go (`↳`); the cycles of causes (CX006) ranked among them, each with
//! the touchpoints leading into it under it the same way; the selected row
//! in full underneath. Text and marks carry it all, so it reads without colour.

use super::lists::{DetailLine, draw_detail, draw_row, draw_summary, plain};
use crate::model::{Map, Place, RootAt, RootCause, Touchpoint, one_line, pain};
use crate::text::customers;
use crate::tui::app::App;
use crate::tui::derived::{CauseRow, CausesList};
use crate::tui::keys::{self, Action, Context};
use crate::tui::layout::list_areas;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The deepest a row is indented: deeper chains stay readable in 60 columns.
const MAX_INDENT: usize = 6;

pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let list = app.causes();
    let (header, rows, detail) = list_areas(body);
    draw_summary(app, header, summary(&list), buf);
    if list.rows.is_empty() {
        for (slot, line) in nothing_yet(app).into_iter().enumerate() {
            draw_row(app, buf, rows, slot, line, false);
        }
        return;
    }
    for (slot, (index, row)) in list
        .rows
        .iter()
        .enumerate()
        .skip(app.causes_scroll())
        .take(usize::from(rows.height))
        .enumerate()
    {
        let line = row_line(app, &list, *row, usize::from(rows.width.saturating_sub(1)));
        draw_row(app, buf, rows, slot, line, index == app.causes_selected());
    }
    let at = app.causes_selected();
    let lines = list
        .rows
        .get(at)
        .map_or_else(Vec::new, |&row| row_detail(app, &list, (row, at)));
    let shown = list.rows.len().saturating_sub(app.causes_scroll());
    draw_detail(app, (rows, shown, detail), lines, None, buf);
}

fn summary(list: &CausesList) -> Vec<String> {
    let mut parts = vec![
        crate::text::count(list.roots, "root cause"),
        format!(
            "{} explained",
            crate::text::count(list.explained, "touchpoint")
        ),
    ];
    match list.cycles.len() {
        0 => {}
        1 => parts.push("1 cycle (CX006)".to_owned()),
        n => parts.push(format!("{n} cycles (CX006)")),
    }
    parts.push("most pain first".to_owned());
    parts
}

/// What the view says when no touchpoint names a cause.
fn nothing_yet(app: &App) -> Vec<Line<'static>> {
    let dim = app.theme().dim();
    let edit = keys::label(Action::Edit, Context::Board);
    let link = keys::label(Action::Link, Context::RootCauseField);
    vec![
        Line::styled("No touchpoint names a root cause yet.", dim),
        Line::styled(
            format!("On the board, {edit} edits a touchpoint; on its root cause, {link}"),
            dim,
        ),
        Line::styled(
            "links the touchpoint that causes it, or type a few words for a cause",
            dim,
        ),
        Line::styled(
            "off the map. Chains of causes are followed here to their roots.",
            dim,
        ),
    ]
}

fn touchpoint(map: &Map, p: Place) -> &Touchpoint {
    &map.stages[p.stage].touchpoints[p.index]
}

/// A root's name as listed: a touchpoint's as it is, a text in quotes.
fn root_name(map: &Map, at: RootAt) -> String {
    match at {
        RootAt::Touchpoint(_) => one_line(at.name(map)).into_owned(),
        RootAt::Text(_) => format!("\"{}\"", one_line(at.name(map))),
        RootAt::Cycle(_) => at.says(map).into_owned(),
    }
}

/// Where a root is: its stage, or off the map.
fn root_kind(map: &Map, at: RootAt) -> String {
    match at {
        RootAt::Touchpoint(p) => one_line(&map.stages[p.stage].name).into_owned(),
        RootAt::Text(_) => "off the map".to_owned(),
        RootAt::Cycle(_) => "CX006".to_owned(),
    }
}

fn round(map: &Map, cycle: &[Place]) -> String {
    let round: Vec<&Touchpoint> = cycle.iter().map(|&p| touchpoint(map, p)).collect();
    crate::model::round_text(&round)
}

/// What a cycle carries: its pain, in the touchpoints on it and leading in.
fn cycle_facts(cycle: &[Place], pain: u64, explained: u32) -> String {
    format!(
        "pain {pain} in {}",
        crate::text::count(cycle.len() + explained as usize, "touchpoint")
    )
}

/// A row of the list in `width` columns: a root's name gives way (down to
/// a readable part) so that what it explains shows.
fn row_line(app: &App, list: &CausesList, row: CauseRow, width: usize) -> Line<'static> {
    let theme = app.theme();
    let map = app.map();
    match row {
        CauseRow::Root {
            rank,
            at,
            pain,
            explained,
        } => {
            const SHORTEST_NAME: usize = 20;
            let facts = format!(
                "  {} · pain {pain} in {}",
                root_kind(map, at),
                crate::text::count(explained as usize, "touchpoint")
            );
            let rank = format!("{rank}. ");
            let room = width.saturating_sub(crate::text::width(&rank) + crate::text::width(&facts));
            let name = crate::text::truncate(&root_name(map, at), room.max(SHORTEST_NAME));
            Line::from(vec![
                Span::styled(format!("{rank}{name}"), theme.heading()),
                Span::styled(facts, theme.dim()),
            ])
        }
        CauseRow::Explained { place, depth, .. } => {
            let tp = touchpoint(map, place);
            let indent = "  ".repeat((depth as usize).min(MAX_INDENT));
            let emotion = tp.emotion.map_or("unscored".to_owned(), |e| e.to_string());
            Line::from(vec![
                Span::raw(format!("{indent}↳ ")),
                Span::raw(one_line(&tp.name).into_owned()),
                Span::styled(
                    format!("  {emotion} · {}", customers(tp.evidence)),
                    theme.dim(),
                ),
            ])
        }
        CauseRow::Cycle {
            n,
            rank,
            pain,
            explained,
        } => {
            const SHORTEST_ROUND: usize = 20;
            const MARK: &str = "CX006 in a circle: ";
            let cycle = &list.cycles[n as usize];
            let rank = format!("{rank}. ");
            let facts = format!("  {}", cycle_facts(cycle, pain, explained));
            let room = width.saturating_sub(
                crate::text::width(&rank) + crate::text::width(MARK) + crate::text::width(&facts),
            );
            let round = crate::text::truncate(&round(map, cycle), room.max(SHORTEST_ROUND));
            Line::from(vec![
                Span::styled(rank, theme.heading()),
                Span::styled(MARK, theme.warning()),
                Span::raw(round),
                Span::styled(facts, theme.dim()),
            ])
        }
    }
}

/// Row `index` of the list in full.
fn row_detail(app: &App, list: &CausesList, (row, index): (CauseRow, usize)) -> Vec<DetailLine> {
    let theme = app.theme();
    let map = app.map();
    let go = keys::label(Action::Open, Context::Causes);
    let lines = match row {
        CauseRow::Root {
            at,
            pain,
            explained,
            ..
        } => {
            let what = match at {
                RootAt::Touchpoint(p) => format!(
                    "A touchpoint in {}, with no cause of its own",
                    one_line(&map.stages[p.stage].name)
                ),
                RootAt::Text(_) => "A cause off the map, in the team's words".to_owned(),
                RootAt::Cycle(_) => "A circle of causes".to_owned(),
            };
            vec![
                Line::styled(root_name(map, at), theme.title()),
                Line::raw(format!(
                    "{what}: it explains pain {pain} in {}",
                    crate::text::count(explained as usize, "touchpoint")
                )),
                Line::styled(
                    "pain: how much it hurts × customers (log scale) × principles at risk",
                    theme.dim(),
                ),
                Line::raw(format!("{go} shows it on the board")),
            ]
        }
        CauseRow::Explained { place, depth } => match list.root_of(index) {
            Some(root) => explained_detail(app, touchpoint(map, place), (place, depth, root)),
            None => vec![],
        },
        CauseRow::Cycle {
            n, pain, explained, ..
        } => {
            let cycle = &list.cycles[n as usize];
            vec![
                Line::styled(
                    "CX006 no root-cause process: causes in a circle",
                    theme.warning(),
                ),
                Line::raw(round(map, cycle)),
                Line::raw(match explained {
                    0 => format!("{}, all on the circle", cycle_facts(cycle, pain, explained)),
                    _ => format!(
                        "{}: {} on the circle, {explained} leading into it",
                        cycle_facts(cycle, pain, explained),
                        cycle.len()
                    ),
                }),
                Line::raw(
                    "Hint: a cause cannot be its own cause: find where the circle leaves the map",
                ),
                Line::raw(format!("{go} shows its first touchpoint on the board")),
            ]
        }
    };
    lines.into_iter().map(plain).collect()
}

/// A touchpoint a root explains, in full: where it is, how it hurts, what
/// causes it and where that leads.
fn explained_detail(
    app: &App,
    tp: &Touchpoint,
    (place, depth, root): (Place, u32, RootAt),
) -> Vec<Line<'static>> {
    let theme = app.theme();
    let map = app.map();
    let emotion = tp
        .emotion
        .map_or("unscored".to_owned(), |e| format!("emotion {e}"));
    let cause = match &tp.root_cause {
        Some(RootCause::Touchpoint(id)) => map
            .touchpoint(id)
            .map_or_else(|| id.to_string(), |t| one_line(&t.name).into_owned()),
        Some(RootCause::Text(text)) => format!("\"{}\"", one_line(text)),
        None => String::new(),
    };
    let links = if depth == 1 {
        "1 link".to_owned()
    } else {
        format!("{depth} links")
    };
    vec![
        Line::styled(
            format!(
                "{} › {}",
                one_line(&map.stages[place.stage].name),
                one_line(&tp.name)
            ),
            theme.title(),
        ),
        Line::raw(format!(
            "{emotion} · {} · pain {}",
            customers(tp.evidence),
            pain(tp)
        )),
        Line::raw(format!("Caused by: {cause}")),
        Line::raw(match root {
            RootAt::Cycle(_) => {
                format!("Root: none: its chain runs into a circle of causes {links} away (CX006)")
            }
            _ => format!("Root: {} ({links} away)", root_name(map, root)),
        }),
    ]
}

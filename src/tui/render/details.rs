//! Details of the selected touchpoint (or stage): a few lines under the board
//! in small windows, everything in a panel beside it in big ones.

use crate::model::{Basis, RootCause, Stage, Touchpoint, shown, stage_stats};
use crate::text::{count, customers};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let side = area.height > 8;
    let block = if side {
        Block::default()
            .borders(Borders::LEFT)
            .border_style(theme.border())
    } else {
        Block::default()
            .borders(Borders::TOP)
            .border_style(theme.border())
            .title(" Details ")
            .title_style(theme.dim())
    };
    let inner = block.inner(area);
    block.render(area, buf);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    render_rows(app, &fitting_lines(app, inner), inner, buf);
}

/// The details over the board, for windows with no room beside or under
/// it: everything, in a frame that says how to hide it. The curve stays in
/// view under it, the selected touchpoint marked.
pub fn render_over(app: &App, board: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    ratatui::widgets::Clear.render(board, buf);
    let title = format!(
        " Details · {} hides ",
        keys::label(Action::ToggleDetails, Context::Board)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(title)
        .title_style(theme.dim());
    let inner = block.inner(board);
    block.render(board, buf);
    render_rows(app, &fitting_lines(app, inner), inner, buf);
}

/// What is selected, a stage's whole figures only where they fit in `area`.
fn fitting_lines(app: &App, area: Rect) -> Vec<Line<'static>> {
    let all = selected_lines(app, true);
    let rows: usize = all
        .iter()
        .map(|l| super::wrap_styled(l, usize::from(area.width), 0).len())
        .sum();
    if rows <= usize::from(area.height) {
        all
    } else {
        selected_lines(app, false)
    }
}

/// Everything known of what is selected, in any room: what does not fit is
/// said (`render_rows`), never left out without a word; but a stage's
/// figures beyond its first line only when `roomy` (they are `cxmap
/// stats`'s too), so that its keys stay in view.
fn selected_lines(app: &App, roomy: bool) -> Vec<Line<'static>> {
    match app.selected_touchpoint() {
        Some(tp) => touchpoint_lines(app, tp),
        None => match app.map().stages.get(app.selection().stage) {
            Some(stage) => stage_lines(app, stage, roomy),
            None => vec![Line::styled("Nothing selected", app.theme().dim())],
        },
    }
}

/// `lines` wrapped into `area`; when they do not all fit, the last row says
/// how many more there are and where to see them, instead of cutting them
/// off silently.
fn render_rows(app: &App, lines: &[Line<'static>], area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let mut rows: Vec<Line> = lines
        .iter()
        .flat_map(|l| super::wrap_styled(l, width, 0))
        .collect();
    let room = usize::from(area.height);
    if rows.len() > room && room > 0 {
        let more = rows.len() - (room - 1);
        rows.truncate(room - 1);
        let edit = keys::label(Action::Edit, Context::Board);
        rows.push(Line::styled(
            format!("… {more} more lines: {edit} opens the editor with all of it"),
            app.theme().dim(),
        ));
    }
    for (y, row) in (area.y..area.bottom()).zip(rows) {
        row.render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

/// The touchpoint's name and what is known of it, on one line.
fn facts_line(app: &App, tp: &Touchpoint) -> Line<'static> {
    let theme = app.theme();
    let dim = |t: String| Span::styled(t, theme.dim());
    let mut facts = vec![Span::styled(tp.name.clone(), theme.title())];
    let mut push = |span: Span<'static>| {
        facts.push(dim(" · ".into()));
        facts.push(span);
    };
    if !tp.channel.is_empty() {
        push(Span::raw(tp.channel.clone()));
    }
    push(match tp.wish {
        Some(w) => Span::styled(format!("{} {}", w.letter(), w.name()), theme.wish(Some(w))),
        None => dim("? wish undecided".into()),
    });
    push(match tp.emotion {
        Some(e) => Span::styled(format!("emotion {e}"), theme.emotion(Some(e))),
        None => dim("unscored".into()),
    });
    if let Some(e) = tp.to_be_emotion {
        push(Span::styled(format!("to be {e}"), theme.title()));
    }
    push(Span::raw(customers(tp.evidence)));
    push(match tp.basis {
        Basis::Research => Span::raw("research"),
        Basis::Assumption => Span::styled("assumption", theme.warning()),
    });
    Line::from(facts)
}

/// The principles at risk and the root cause, if any.
fn context_line(app: &App, tp: &Touchpoint) -> Option<Line<'static>> {
    let theme = app.theme();
    let dim = |t: String| Span::styled(t, theme.dim());
    let mut context = Vec::new();
    if !tp.at_risk.is_empty() {
        let titles: Vec<&str> = tp.at_risk.iter().map(|p| p.title()).collect();
        context.push(Span::styled(
            format!("At risk: {}", titles.join(", ")),
            theme.warning(),
        ));
    }
    let cause = match &tp.root_cause {
        Some(RootCause::Touchpoint(id)) => Some(format!(
            "→ {}",
            app.touchpoint(id)
                .map_or(id.to_string(), |t| t.name.clone())
        )),
        Some(RootCause::Text(text)) => Some(text.clone()),
        None => None,
    };
    if let Some(cause) = cause {
        if !context.is_empty() {
            context.push(dim(" · ".into()));
        }
        context.push(Span::raw(format!("Cause: {cause}")));
    }
    (!context.is_empty()).then(|| Line::from(context))
}

/// How each persona of the map feels here: its own scores, or that it
/// feels the map-wide ones; drawn curves by their glyph.
fn persona_line(app: &App, tp: &Touchpoint) -> Option<Line<'static>> {
    let theme = app.theme();
    let personas = &app.map().personas;
    if personas.is_empty() {
        return None;
    }
    let drawn = app.drawn_personas();
    let mut spans = vec![Span::raw("Personas: ")];
    for (i, p) in personas.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let glyph = drawn
            .iter()
            .position(|d| d.id == p.id)
            .map_or(String::new(), |n| {
                format!("{} ", super::curve::PERSONA_GLYPHS[n])
            });
        let own = tp.by_persona.iter().find(|s| s.persona == p.id);
        let mut said = Vec::new();
        if let Some(e) = own.and_then(|s| s.emotion) {
            said.push(Span::styled(format!("{e}"), theme.emotion(Some(e))));
        }
        if let Some(e) = own.and_then(|s| s.to_be_emotion) {
            if !said.is_empty() {
                said.push(Span::raw(" "));
            }
            said.push(Span::styled(format!("to be {e}"), theme.title()));
        }
        if said.is_empty() {
            said.push(Span::styled("map-wide", theme.dim()));
        }
        spans.push(Span::raw(format!("{glyph}{} ", p.name)));
        spans.extend(said);
    }
    Some(Line::from(spans))
}

fn touchpoint_lines(app: &App, tp: &Touchpoint) -> Vec<Line<'static>> {
    let theme = app.theme();
    let dim = |t: String| Span::styled(t, theme.dim());
    let mut lines = vec![facts_line(app, tp)];
    for conflict in app.map().conflicts.iter().filter(|c| c.concerns(tp)) {
        lines.push(Line::styled(
            format!(
                "Merge conflict: {} (Checks view, {}: keep ours or take theirs)",
                conflict.describe(app.map()),
                keys::label(Action::Open, Context::Checks)
            ),
            theme.error(),
        ));
    }
    lines.extend(context_line(app, tp));
    lines.extend(persona_line(app, tp));
    if !tp.description.is_empty() {
        lines.push(Line::raw(""));
        lines.extend(tp.description.lines().map(|l| Line::raw(l.to_owned())));
    }
    if !tp.verbatims.is_empty() {
        lines.push(Line::raw(""));
    }
    for v in &tp.verbatims {
        let source = if v.source.is_empty() {
            String::new()
        } else {
            format!(" — {}", v.source)
        };
        lines.push(Line::from(vec![
            Span::raw(format!("“{}”", v.text)),
            dim(source),
        ]));
    }
    if !tp.actions.is_empty() {
        lines.push(Line::raw(""));
    }
    for a in &tp.actions {
        let text = crate::text::action_line(a, false, Some(app.today()));
        let style = if a.is_overdue(app.today()) {
            theme.warning()
        } else if a.done {
            theme.dim()
        } else {
            theme.base()
        };
        lines.push(Line::styled(text, style));
    }
    if tp.actions.is_empty() && tp.is_pain() {
        lines.push(Line::from(dim(format!(
            "No actions yet: this pain needs one (Plan view, {})",
            keys::label(Action::AddAction, Context::Plan)
        ))));
    }
    lines
}

/// A stage's figures (`model::stats`, read as `cxmap stats` reads them),
/// then what can be done with it. `roomy`: the rest of its figures too
/// (customers, means, words, actions); under the board, whose few rows the
/// keys must keep, its size, research share and pain index only.
fn stage_lines(app: &App, stage: &Stage, roomy: bool) -> Vec<Line<'static>> {
    let theme = app.theme();
    let figures = stage_stats(stage, app.today());
    let pains = stage.touchpoints.iter().filter(|t| t.is_pain()).count();
    let mut facts = format!(
        "{} · {} · {} on research",
        count(figures.touchpoints, "touchpoint"),
        count(pains, "pain point"),
        shown::share(figures.research_percent()),
    );
    if figures.scored > 0 {
        facts.push_str(&format!(
            " · pain index {}",
            shown::index(figures.pain_index())
        ));
    }
    let mut lines = vec![
        Line::styled(format!("Stage: {}", stage.name), theme.title()),
        Line::raw(facts),
    ];
    if roomy {
        let customers = usize::try_from(figures.customers).unwrap_or(usize::MAX);
        let mut more = format!("{} counted", count(customers, "customer"));
        if figures.scored > 0 {
            more.push_str(&format!(
                " · mean emotion {}, to-be {} · {} of scores with customers' words",
                shown::mean(figures.mean_emotion()),
                shown::mean(figures.mean_to_be()),
                shown::share(figures.words_percent()),
            ));
        }
        lines.push(Line::raw(more));
        let actions = figures.actions;
        lines.push(Line::raw(format!(
            "Actions: {} open ({} overdue), {} done",
            actions.open, actions.overdue, actions.done
        )));
    }
    lines.push(Line::styled(
        format!(
            "{} adds a touchpoint · {} renames · {} {} move the stage · {} deletes it",
            keys::label(Action::AddTouchpoint, Context::Board),
            keys::label(Action::Edit, Context::Board),
            keys::label(Action::MoveLeft, Context::Board),
            keys::label(Action::MoveRight, Context::Board),
            keys::label(Action::Delete, Context::Board)
        ),
        theme.dim(),
    ));
    lines
}

//! Present mode: the journey for a workshop room, full screen and plain, one
//! stage at a time. Each touchpoint reads in words (its wish and what to do
//! with it, its emotion and the team's aim, the customer's own words), and
//! the emotion curve of the whole journey runs along the bottom with the
//! stage on screen marked on the strip under it. A layer of its own over the
//! board, which it never changes: leaving it finds the board as it was.

use crate::model::{Stage, Touchpoint, stage_stats};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use crate::tui::layout::{
    BoardAreas, BoardGeometry, Column, ColumnKind, PresentAreas, PresentWindow,
};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

/// Rows a quote may take before it ends in "…".
const QUOTE_ROWS: usize = 4;

/// The stage on screen and the first of its touchpoints shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Presenter {
    stage: usize,
    first: usize,
}

impl Presenter {
    /// Presenting from `stage`, the one selected on the board.
    pub fn new(stage: usize) -> Presenter {
        Presenter { stage, first: 0 }
    }

    /// The stage on screen.
    pub fn stage(&self) -> usize {
        self.stage
    }

    /// The first touchpoint shown (scrolled past the others).
    pub fn first(&self) -> usize {
        self.first
    }

    pub fn handle_key(&mut self, app: &mut App, key: KeyEvent) -> bool {
        let Some(action) = keys::action_for(Context::Present, &key) else {
            return true;
        };
        match action {
            Action::Cancel => return false,
            Action::Help => app.open(super::Overlay::Help(0)),
            Action::Quit => app.request_quit(),
            other => self.act(app, other),
        }
        true
    }

    /// Moves between stages, or scrolls the one on screen.
    fn act(&mut self, app: &App, action: Action) {
        let stages = app.map().stages.len();
        let last = stages.saturating_sub(1);
        let stage = match action {
            Action::Left => self.stage.saturating_sub(1),
            Action::Right => (self.stage + 1).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::Up => {
                self.first = self.first.saturating_sub(1);
                return;
            }
            Action::Down => {
                let (heights, room) = heights(app, self.stage);
                self.first = (self.first + 1).min(PresentWindow::last_first(&heights, room));
                return;
            }
            _ => return,
        };
        self.go_to(stage.min(last));
    }

    fn go_to(&mut self, stage: usize) {
        if stage != self.stage {
            self.stage = stage;
            self.first = 0;
        }
    }

    /// A click on the strip shows that stage; elsewhere, on the left half the
    /// stage before, on the right half the next. The wheel scrolls.
    pub fn mouse(&mut self, app: &App, mouse: MouseEvent) {
        match mouse.kind {
            MouseEventKind::ScrollDown => self.act(app, Action::Down),
            MouseEventKind::ScrollUp => self.act(app, Action::Up),
            MouseEventKind::Down(MouseButton::Left) => {
                let areas = PresentAreas::new(app.size());
                let stages = app.map().stages.len();
                match areas.stage_at(stages, mouse.column, mouse.row) {
                    Some(stage) => self.go_to(stage),
                    None if mouse.column < app.size().width / 2 => self.act(app, Action::Left),
                    None => self.act(app, Action::Right),
                }
            }
            _ => {}
        }
    }

    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        // The theme's base style under everything (bold, in the projector's).
        buf.set_style(area, app.theme().base());
        let areas = PresentAreas::new(area);
        let stages = &app.map().stages;
        let at = self.stage.min(stages.len().saturating_sub(1));
        match stages.get(at) {
            Some(stage) => {
                header(app, &areas, stage, at, buf);
                body(app, &areas, stage, self.first, buf);
            }
            None => {
                let note = format!(
                    "No stages yet: nothing to present. {} goes back to the board.",
                    keys::label(Action::Cancel, Context::Present)
                );
                write_lines(
                    &wrap(&note, areas.body.width, app.theme().dim()),
                    areas.body,
                    buf,
                );
            }
        }
        curve(app, &areas, at, buf);
        let hint = keys::field_hint(Context::Present);
        let footer =
            crate::text::truncate(&hint, usize::from(areas.footer.width.saturating_sub(1)));
        buf.set_string(
            areas.footer.x + 1,
            areas.footer.y,
            footer,
            app.theme().dim(),
        );
    }
}

/// The stage's name, and where it is in the journey; how much of the stage
/// rests on research before that, where the name still fits whole.
fn header(app: &App, areas: &PresentAreas, stage: &Stage, at: usize, buf: &mut Buffer) {
    let rect = areas.header;
    let mut place = format!("stage {} of {}", at + 1, app.map().stages.len());
    let research = stage_stats(stage, app.today()).research_percent();
    if let Some(percent) = research {
        let with = format!("{percent}% on research · {place}");
        let needs = crate::text::width(&stage.name) + crate::text::width(&with) + 2;
        if needs <= usize::from(rect.width) {
            place = with;
        }
    }
    let room = usize::from(rect.width).saturating_sub(crate::text::width(&place) + 2);
    let name = crate::text::truncate(&stage.name, room);
    buf.set_string(rect.x, rect.y, name, app.theme().title());
    let x = rect
        .right()
        .saturating_sub(crate::text::width(&place) as u16);
    buf.set_string(x, rect.y, place, app.theme().base());
}

/// The touchpoints that fit, with marks for those above and below.
fn body(app: &App, areas: &PresentAreas, stage: &Stage, first: usize, buf: &mut Buffer) {
    let rect = areas.body;
    let theme = app.theme();
    if stage.touchpoints.is_empty() {
        let note = "No touchpoints in this stage yet.";
        write_lines(&wrap(note, rect.width, theme.dim()), rect, buf);
        return;
    }
    let blocks: Vec<Vec<Line<'static>>> = stage
        .touchpoints
        .iter()
        .map(|tp| block(app, tp, rect.width))
        .collect();
    let heights: Vec<u16> = blocks.iter().map(|b| rows(b.len())).collect();
    let window = PresentWindow::new(&heights, rect.height, first);
    let mut lines = Vec::new();
    if window.above > 0 {
        lines.push(Line::styled(
            format!("↑ {} more", window.above),
            theme.warning(),
        ));
    }
    let room = usize::from(window.rows_for_touchpoints(rect.height));
    for (i, block) in blocks[window.first..window.end].iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        let mut block = block.clone();
        if window.cut && block.len() > room {
            block.truncate(room);
            if let Some(last) = block.last_mut() {
                *last = ended(last, rect.width);
            }
        }
        lines.extend(block);
    }
    if window.below > 0 {
        lines.push(Line::styled(
            format!("↓ {} more", window.below),
            theme.warning(),
        ));
    }
    write_lines(&lines, rect, buf);
}

/// One touchpoint in words: its full name, its wish, its emotion (and aim),
/// how the personas drawn feel where they feel otherwise, its first quote. The first, not the longest: the team puts the quote
/// that speaks for the touchpoint first (the board's details show the same
/// one), and a long quote is the one least likely to read across a room.
fn block(app: &App, tp: &Touchpoint, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme();
    let mut lines = wrap(&tp.name, width, theme.title());
    let inner = width.saturating_sub(2);
    let indent = |lines: Vec<Line<'static>>| {
        lines.into_iter().map(|mut l| {
            l.spans.insert(0, Span::raw("  "));
            l
        })
    };
    let wish = match tp.wish {
        Some(w) => Line::styled(
            format!("{} — {}", w.name(), w.advice()),
            theme.wish(Some(w)),
        ),
        None => Line::styled("wish not decided yet", theme.dim()),
    };
    lines.extend(indent(wrap_line(wish, inner)));
    let mut feeling = match tp.emotion {
        Some(e) => vec![Span::styled(
            format!("{} {}", e.sign(), e.words()),
            theme.emotion(Some(e)),
        )],
        None => vec![Span::styled("not scored yet", theme.dim())],
    };
    if let Some(aim) = tp.to_be_emotion {
        feeling.push(Span::raw(" · "));
        feeling.push(Span::styled(
            format!("aim: {} {}", aim.sign(), aim.words()),
            theme.title(),
        ));
    }
    lines.extend(indent(wrap_line(Line::from(feeling), inner)));
    if let Some(personas) = personas_feeling(app, tp) {
        lines.extend(indent(wrap_line(personas, inner)));
    }
    if let Some(quote) = tp.verbatims.first() {
        let text = quote.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut spans = vec![Span::raw(format!("“{text}”"))];
        if !quote.source.is_empty() {
            spans.push(Span::styled(format!(" — {}", quote.source), theme.dim()));
        }
        let mut quoted = wrap_line(Line::from(spans), inner);
        if quoted.len() > QUOTE_ROWS {
            quoted.truncate(QUOTE_ROWS);
            let last = quoted.pop().expect("rows kept");
            quoted.push(ended(&last, inner));
        }
        lines.extend(indent(quoted));
    }
    lines
}

/// How the drawn personas that feel otherwise here feel, in words, each by
/// its curve's number: `1 Kadri: -- very bad · 2 Jaan: + good`.
fn personas_feeling(app: &App, tp: &Touchpoint) -> Option<Line<'static>> {
    let theme = app.theme();
    let mut spans = Vec::new();
    for (n, p) in app.drawn_personas().iter().enumerate() {
        let own = tp.scores_of(&p.id).emotion;
        let Some(e) = own.filter(|_| own != tp.emotion) else {
            continue;
        };
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
        }
        let glyph = crate::tui::render::curve::PERSONA_GLYPHS[n];
        spans.push(Span::raw(format!("{glyph} {}: ", p.name)));
        spans.push(Span::styled(
            format!("{} {}", e.sign(), e.words()),
            theme.emotion(Some(e)),
        ));
    }
    (!spans.is_empty()).then(|| Line::from(spans))
}

/// The emotion curve of the whole journey (the board's drawing, over spans
/// that share the width), and the strip of stage names under it with the
/// stage on screen marked by `━` and reversed, so that it shows without
/// colour.
fn curve(app: &App, areas: &PresentAreas, at: usize, buf: &mut Buffer) {
    let theme = app.theme();
    let stages = &app.map().stages;
    let spans = areas.stage_spans(stages.len());
    let geometry = BoardGeometry {
        columns: spans
            .iter()
            .enumerate()
            .map(|(s, &rect)| Column {
                kind: ColumnKind::Stage(s),
                rect,
                name_lines: 1,
                card_height: 1,
            })
            .collect(),
        // The curve draws every touchpoint; no cards are drawn here.
        shown: Default::default(),
        hidden_left: 0,
        hidden_right: 0,
        card_scroll: 0,
    };
    let board = BoardAreas {
        curve_rule: areas.curve_rule,
        curve: areas.curve,
        ..BoardAreas::new(Rect::default(), false)
    };
    // The stage is marked on the strip below; no touchpoint is selected here.
    crate::tui::render::curve::render(app, &board, &geometry, None, buf);
    let y = areas.strip.y;
    if areas.strip.height == 0 {
        return;
    }
    for (s, span) in spans.iter().enumerate() {
        let width = usize::from(span.width.saturating_sub(1));
        if width == 0 {
            continue;
        }
        let label = if s == at {
            // At least one `━` at each side, however narrow.
            let name = crate::text::truncate(&stages[s].name, width.saturating_sub(4));
            let room = width.saturating_sub(crate::text::width(&name) + 2);
            let fill = |n: usize| "━".repeat(n.max(1));
            format!("{} {name} {}", fill(room / 2), fill(room - room / 2))
        } else {
            let name = crate::text::truncate(&stages[s].name, width);
            let room = width - crate::text::width(&name);
            format!("{}{name}", " ".repeat(room / 2))
        };
        let style = if s == at {
            theme.selected()
        } else {
            theme.dim()
        };
        buf.set_string(span.x, y, label, style);
    }
}

/// A line cut to `width` with "…" at its end, to say that more was there.
fn ended(line: &Line<'static>, width: u16) -> Line<'static> {
    let mut spans = line.spans.clone();
    let style = spans.last().map_or(Style::new(), |s| s.style);
    let room = usize::from(width).saturating_sub(1);
    let total =
        |spans: &[Span]| -> usize { spans.iter().map(|s| crate::text::width(&s.content)).sum() };
    while total(&spans) > room {
        let Some(last) = spans.last_mut() else { break };
        let mut text = last.content.to_string();
        text.pop();
        if text.is_empty() {
            spans.pop();
        } else {
            last.content = text.into();
        }
    }
    spans.push(Span::styled("…", style));
    Line::from(spans)
}

fn wrap(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    wrap_line(Line::styled(text.to_owned(), style), width)
}

fn wrap_line(line: Line<'static>, width: u16) -> Vec<Line<'static>> {
    crate::tui::render::wrap_styled(&line, usize::from(width), 0)
}

fn rows(count: usize) -> u16 {
    u16::try_from(count).unwrap_or(u16::MAX)
}

fn write_lines(lines: &[Line<'static>], rect: Rect, buf: &mut Buffer) {
    for (y, line) in (rect.y..rect.bottom()).zip(lines) {
        line.render(
            Rect {
                y,
                height: 1,
                ..rect
            },
            buf,
        );
    }
}

/// The rows each touchpoint of `stage` takes on the screen as it is now, and
/// the rows there are for them: what scrolling needs to know where to stop.
fn heights(app: &App, stage: usize) -> (Vec<u16>, u16) {
    let areas = PresentAreas::new(app.size());
    let heights = app
        .map()
        .stages
        .get(stage)
        .map(|s| {
            s.touchpoints
                .iter()
                .map(|tp| rows(block(app, tp, areas.body.width).len()))
                .collect()
        })
        .unwrap_or_default();
    (heights, areas.body.height)
}

//! Drawing the touchpoint editor: one row per field, the focused one as a
//! text field or highlighted, scrolled so that the focus is in view.

use super::{Editor, Field, fields, verbatims_to_text};
use crate::model::{Basis, Principle, RootCause, Touchpoint, TouchpointKey as K};
use crate::tui::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Columns for a row's label: "To-be emotion" and a gap.
const LABEL_WIDTH: u16 = 15;

impl Editor {
    pub fn render(&self, app: &App, area: Rect, buf: &mut Buffer) {
        let Some(tp) = self.tp(app) else { return };
        let rect = super::super::centered(area, 100, area.height.saturating_sub(2).max(10));
        let inner = super::super::frame(
            app,
            rect,
            &format!("Edit: {}", crate::text::truncate(&tp.name, 60)),
            buf,
        );
        if inner.height < 4 || inner.width < 30 {
            return;
        }
        let value_width = inner.width - LABEL_WIDTH;
        let body = Rect {
            height: inner.height - 2,
            ..inner
        };
        let rows: Vec<(Field, u16)> = fields(tp)
            .into_iter()
            .map(|f| (f, self.row_height(app, tp, f, value_width)))
            .collect();
        // Scroll so that the focused row is wholly in view.
        let focus_top: u16 = rows
            .iter()
            .take_while(|(f, _)| *f != self.form.focus)
            .map(|(_, h)| h)
            .sum();
        let focus_height = rows
            .iter()
            .find(|(f, _)| *f == self.form.focus)
            .map_or(1, |(_, h)| *h);
        let scroll = (focus_top + focus_height).saturating_sub(body.height);
        let mut y = body.y as i32 - scroll as i32;
        for (field, height) in rows {
            let top = y;
            y += i32::from(height);
            if top < i32::from(body.y) || y > i32::from(body.bottom()) {
                continue;
            }
            let row = Rect {
                x: inner.x,
                y: top as u16,
                width: inner.width,
                height,
            };
            self.render_row(app, tp, field, row, buf);
        }
        super::super::form_footer(
            app,
            inner,
            &self.form.focus.hint(),
            self.form.error.as_deref(),
            buf,
        );
    }

    /// One row: its label, and its value (or the text being typed).
    fn render_row(&self, app: &App, tp: &Touchpoint, field: Field, row: Rect, buf: &mut Buffer) {
        let theme = app.theme();
        let label_width = LABEL_WIDTH;
        let value_width = row.width.saturating_sub(label_width);
        let focused = field == self.form.focus;
        let label_style = if focused {
            theme.selected()
        } else {
            theme.dim()
        };
        let label = if field == Field::AddAction && !tp.actions.is_empty() {
            String::new()
        } else {
            field.label()
        };
        buf.set_stringn(
            row.x,
            row.y,
            format!("{label:<14}"),
            usize::from(label_width),
            label_style,
        );
        let value = Rect {
            x: row.x + label_width,
            width: value_width,
            ..row
        };
        let lines = || self.value_lines(app, tp, field, value_width);
        super::super::draw_value(
            app,
            value,
            self.form.text.as_ref().map(|d| &d.area),
            lines,
            focused,
            buf,
        );
    }

    fn row_height(&self, app: &App, tp: &Touchpoint, field: Field, width: u16) -> u16 {
        let wrapped = |text: &str| -> u16 {
            let w = usize::from(width.max(1));
            text.split('\n')
                .map(|l| crate::text::width(l).div_ceil(w).max(1))
                .sum::<usize>() as u16
        };
        let focused = field == self.form.focus;
        match field {
            Field::Of(K::Description) if focused => 5,
            Field::Of(K::Verbatims) if focused => 5,
            Field::Of(K::Description) => wrapped(&tp.description).clamp(1, 3),
            Field::Of(K::Verbatims) => wrapped(&verbatims_to_text(&tp.verbatims)).clamp(1, 4),
            Field::Of(K::AtRisk) => Principle::ALL.len().div_ceil(risks_per_line(width)) as u16,
            Field::Of(K::ByPersona) => app.map().personas.len().clamp(1, 8) as u16,
            _ => 1,
        }
    }

    fn value_lines(
        &self,
        app: &App,
        tp: &Touchpoint,
        field: Field,
        value_width: u16,
    ) -> Vec<Line<'static>> {
        let theme = app.theme();
        let dim = |t: &str| Span::styled(t.to_owned(), theme.dim());
        match field {
            Field::Of(K::Name) => vec![Line::raw(tp.name.clone())],
            Field::Of(K::Channel) => vec![Line::raw(tp.channel.clone())],
            Field::Of(K::Wish) => vec![match tp.wish {
                Some(w) => Line::from(vec![
                    Span::styled(format!("{} {}", w.letter(), w.name()), theme.wish(Some(w))),
                    dim(&format!("  {}", w.guidance())),
                ]),
                None => Line::from(dim("? not decided")),
            }],
            Field::Of(K::Emotion) => vec![match tp.emotion {
                Some(e) => Line::styled(format!("{} ({e})", e.sign()), theme.emotion(Some(e))),
                None => Line::from(dim("unscored")),
            }],
            Field::Of(K::ToBeEmotion) => vec![match tp.to_be_emotion {
                Some(e) => Line::from(vec![
                    Span::styled(format!("{} ({e})", e.sign()), theme.emotion(Some(e))),
                    dim("  ◇ on the curve: the team's aim"),
                ]),
                None => Line::from(dim("no aim set")),
            }],
            Field::Of(K::Evidence) => vec![Line::raw(crate::text::customers(tp.evidence))],
            Field::Of(K::Basis) => vec![Line::raw(match tp.basis {
                Basis::Research => "Research: heard from customers",
                Basis::Assumption => "Assumption: what the team believes",
            })],
            Field::Of(K::AtRisk) => self.risk_lines(app, tp, field, value_width),
            Field::Of(K::RootCause) => vec![match &tp.root_cause {
                Some(RootCause::Touchpoint(id)) => {
                    let name = app
                        .touchpoint(id)
                        .map_or(id.to_string(), |t| t.name.clone());
                    Line::raw(format!("→ {name}"))
                }
                Some(RootCause::Text(text)) => Line::raw(text.clone()),
                None => Line::from(dim("none yet")),
            }],
            Field::Of(K::Description) if tp.description.is_empty() => {
                vec![Line::from(dim("none yet"))]
            }
            Field::Of(K::Description) => tp
                .description
                .lines()
                .map(|l| Line::raw(l.to_owned()))
                .collect(),
            Field::Of(K::Verbatims) if tp.verbatims.is_empty() => vec![Line::from(dim(
                "none yet: what did customers say, in their words?",
            ))],
            Field::Of(K::Verbatims) => verbatims_to_text(&tp.verbatims)
                .lines()
                .map(|l| Line::raw(l.to_owned()))
                .collect(),
            Field::Action(i) => {
                let Some(a) = tp.actions.get(i) else {
                    return vec![];
                };
                let text = crate::text::action_line(a, true, Some(app.today()));
                let style = if a.is_overdue(app.today()) {
                    theme.warning()
                } else {
                    theme.base()
                };
                vec![Line::styled(text, style)]
            }
            Field::AddAction => vec![Line::from(dim("+ add an action"))],
            Field::Of(K::ByPersona) => self.persona_lines(app, tp, field),
        }
    }

    /// A line per persona: its name, its score and its aim, each its own
    /// where it has one and the map-wide one (dim, "map-wide") where not;
    /// the score under the cursor underlined.
    fn persona_lines(&self, app: &App, tp: &Touchpoint, field: Field) -> Vec<Line<'static>> {
        let theme = app.theme();
        let personas = &app.map().personas;
        if personas.is_empty() {
            return vec![Line::styled("no personas yet", theme.dim())];
        }
        let focused = field == self.form.focus;
        let cell = |cursor: usize,
                    own: Option<crate::model::Emotion>,
                    shown: Option<crate::model::Emotion>,
                    aim: bool| {
            let text = match (own, shown) {
                (Some(e), _) => format!("{} ({e})", e.sign()),
                (None, Some(e)) => format!("map-wide {}", e.sign()),
                (None, None) if aim => "no aim".to_owned(),
                (None, None) => "unscored".to_owned(),
            };
            let text = if aim && (own, shown) != (None, None) {
                format!("aim {text}")
            } else {
                text
            };
            let mut style = match own {
                Some(e) => theme.emotion(Some(e)),
                None => theme.dim(),
            };
            if focused && cursor == self.persona_cursor {
                style = theme
                    .base()
                    .add_modifier(ratatui::style::Modifier::UNDERLINED);
            }
            Span::styled(format!("{text:<12}"), style)
        };
        (personas.iter().enumerate())
            .map(|(i, p)| {
                let own = tp.by_persona.iter().find(|s| s.persona == p.id);
                let shown = tp.scores_of(&p.id);
                Line::from(vec![
                    Span::raw(format!("{} ", crate::text::fit(&p.name, 12))),
                    cell(2 * i, own.and_then(|s| s.emotion), shown.emotion, false),
                    Span::raw(" "),
                    cell(
                        2 * i + 1,
                        own.and_then(|s| s.to_be_emotion),
                        shown.to_be,
                        true,
                    ),
                ])
            })
            .collect()
    }

    /// The six principles with their boxes, as many to a line as fit, the
    /// one under the cursor underlined.
    fn risk_lines(
        &self,
        app: &App,
        tp: &Touchpoint,
        field: Field,
        value_width: u16,
    ) -> Vec<Line<'static>> {
        let theme = app.theme();
        let per_line = risks_per_line(value_width);
        Principle::ALL
            .chunks(per_line)
            .enumerate()
            .map(|(line, chunk)| {
                let spans: Vec<Span> = chunk
                    .iter()
                    .enumerate()
                    .flat_map(|(j, p)| {
                        let i = line * per_line + j;
                        let on = tp.at_risk.contains(p);
                        let mark =
                            format!("{}[{}]{:<10}", i + 1, if on { "x" } else { " " }, p.key());
                        let cursor = field == self.form.focus && i == self.risk_cursor;
                        let style = if cursor {
                            theme
                                .base()
                                .add_modifier(ratatui::style::Modifier::UNDERLINED)
                        } else if on {
                            theme.warning()
                        } else {
                            theme.base()
                        };
                        [Span::styled(mark, style)]
                    })
                    .collect();
                Line::from(spans)
            })
            .collect()
    }
}

/// How many "1[x]Competent " entries fit on a line.
fn risks_per_line(width: u16) -> usize {
    (usize::from(width) / 14).clamp(1, Principle::ALL.len())
}

//! The Plan view (the EDUNI checklist) and the Checks view (CX findings):
//! one line per entry, and the selected entry in full underneath.

use crate::model::{Code, Finding};
use crate::text::{customers, width};
use crate::tui::app::App;
use crate::tui::derived::PlanRow;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::tui::layout::list_areas;

/// `line` cut to `max` columns, ending in `…` when it was cut.
fn fit_line(line: Line<'static>, max: usize) -> Line<'static> {
    let total: usize = line.spans.iter().map(|s| width(&s.content)).sum();
    if total <= max {
        return line;
    }
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let w = width(&span.content);
        if used + w < max {
            used += w;
            spans.push(span);
        } else {
            let room = max.saturating_sub(used);
            spans.push(Span::styled(
                crate::text::truncate(&span.content, room),
                span.style,
            ));
            break;
        }
    }
    Line::from(spans)
}

/// Draws row `slot` of a list; the selected one reversed and marked, so it
/// shows without colour.
fn draw_row(
    app: &App,
    buf: &mut Buffer,
    list: Rect,
    slot: usize,
    line: Line<'static>,
    selected: bool,
) {
    let area = Rect {
        y: list.y + slot as u16,
        height: 1,
        ..list
    };
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    let line = fit_line(line, usize::from(inner.width));
    if selected {
        let style = app.theme.selected();
        buf.set_style(area, style);
        buf.set_string(area.x, area.y, "▶", style);
        let line = Line::from(
            line.spans
                .into_iter()
                .map(|s| Span::styled(s.content, style))
                .collect::<Vec<_>>(),
        );
        line.render(inner, buf);
    } else {
        line.render(inner, buf);
    }
}

fn draw_detail(app: &App, area: Rect, lines: Vec<Line<'static>>, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(app.theme.border());
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(lines).wrap(Wrap { trim: true }).render(
        Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(1),
            ..inner
        },
        buf,
    );
}

pub fn render_plan(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let derived = app.derived();
    let map = app.map();
    let (header, list, detail) = list_areas(body);
    let (mut open, mut done, mut needed) = (0, 0, 0);
    for row in &derived.plan {
        if let PlanRow::Item { item, .. } = row {
            match item.action {
                None => needed += 1,
                Some(a) if map.stages[item.stage].touchpoints[item.touchpoint].actions[a].done => {
                    done += 1
                }
                Some(_) => open += 1,
            }
        }
    }
    let summary =
        format!(" EDUNI action plan · {open} open · {done} done · {needed} still need an action");
    buf.set_stringn(
        header.x,
        header.y,
        summary,
        usize::from(header.width),
        theme.title(),
    );
    for (slot, (index, row)) in derived
        .plan
        .iter()
        .enumerate()
        .skip(app.plan_scroll)
        .take(usize::from(list.height))
        .enumerate()
    {
        let line = match *row {
            PlanRow::Heading(p) => Line::from(vec![
                Span::styled(format!("{} ({}%)", p.title(), p.share()), theme.heading()),
                Span::styled(format!("  when broken: {}", p.when_broken()), theme.dim()),
            ]),
            PlanRow::Empty(_) => {
                Line::styled("   nothing here yet (n adds an action)", theme.dim())
            }
            PlanRow::Item { item, .. } => {
                let stage = &map.stages[item.stage];
                let tp = &stage.touchpoints[item.touchpoint];
                match item.action.map(|a| &tp.actions[a]) {
                    Some(a) => {
                        let (mark, mark_style) = if a.done {
                            ("[x]", theme.good())
                        } else {
                            ("[ ]", theme.base())
                        };
                        let mut spans = vec![Span::styled(format!("  {mark} "), mark_style)];
                        if a.is_overdue(app.today) {
                            spans.push(Span::styled("OVERDUE ", theme.error()));
                        }
                        spans.push(Span::styled(
                            a.text.clone(),
                            if a.done { theme.dim() } else { theme.base() },
                        ));
                        let who = if a.owner.is_empty() {
                            "no owner".to_owned()
                        } else {
                            a.owner.clone()
                        };
                        spans.push(Span::styled(format!("  {} · {who}", tp.name), theme.dim()));
                        Line::from(spans)
                    }
                    None => Line::from(vec![
                        Span::styled("  [!] ", theme.warning()),
                        Span::styled(format!("{}: needs an action", tp.name), theme.warning()),
                        Span::styled(
                            format!("  {} · {}", stage.name, customers(tp.evidence)),
                            theme.dim(),
                        ),
                    ]),
                }
            }
        };
        draw_row(app, buf, list, slot, line, index == app.plan_selected);
    }
    let lines = match derived.plan.get(app.plan_selected) {
        Some(PlanRow::Item {
            item,
            severity,
            principle,
        }) => {
            let stage = &map.stages[item.stage];
            let tp = &stage.touchpoints[item.touchpoint];
            let place = format!("{} › {}", stage.name, tp.name);
            let emotion = tp
                .emotion
                .map_or("unscored".to_owned(), |e| format!("emotion {e}"));
            let weight = format!(
                "{} · {emotion} · {} · severity {severity}",
                principle.title(),
                customers(tp.evidence)
            );
            match item.action.map(|a| &tp.actions[a]) {
                Some(a) => {
                    let mut facts = vec![
                        place,
                        if a.owner.is_empty() {
                            "no owner yet (o)".into()
                        } else {
                            format!("owner {}", a.owner)
                        },
                    ];
                    facts.push(
                        a.due
                            .map_or("no due date (t)".into(), |d| format!("due {d}")),
                    );
                    let mut lines = vec![
                        Line::styled(a.text.clone(), theme.title()),
                        Line::raw(facts.join(" · ")),
                        Line::styled(weight, theme.dim()),
                    ];
                    if !a.follow_up.is_empty() {
                        // Each line of it on a line of its own: a Line
                        // drops line breaks, which would run them together.
                        let mut rows = a.follow_up.split('\n');
                        let first = rows.next().unwrap_or_default();
                        lines.push(Line::raw(format!("Follow-up: {first}")));
                        lines.extend(rows.map(|row| Line::raw(format!("           {row}"))));
                    }
                    lines
                }
                None => vec![
                    Line::styled(
                        format!(
                            "{place}: hurts and puts {} at risk, with no action for it",
                            principle.title()
                        ),
                        theme.warning(),
                    ),
                    Line::styled(weight, theme.dim()),
                    Line::raw("n adds an action for it; Enter shows it on the board"),
                ],
            }
        }
        Some(PlanRow::Empty(p)) => vec![
            Line::raw(format!("{}: when broken, {}.", p.title(), p.when_broken())),
            Line::styled("n adds an action under this principle", theme.dim()),
        ],
        _ => vec![],
    };
    draw_detail(app, detail, lines, buf);
}

/// The Checks view: unresolved merge conflicts first (errors), then the
/// CX-mistake findings.
pub fn render_checks(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let derived = app.derived();
    let map = app.map();
    let conflicts = map.conflicts.len();
    let (header, list, detail) = list_areas(body);
    let mut summary = match derived.checks.len() {
        0 => " No findings: the map avoids all five classic CX mistakes".to_owned(),
        n => {
            let per_code: Vec<String> = Code::ALL
                .iter()
                .filter_map(|c| {
                    let k = derived.checks.iter().filter(|f| f.code == *c).count();
                    (k > 0).then(|| format!("{c} ×{k}"))
                })
                .collect();
            format!(
                " {n} findings as of {} · {}",
                app.today,
                per_code.join(" · ")
            )
        }
    };
    if conflicts > 0 {
        summary = format!(" {conflicts} merge conflicts to settle ·{summary}");
    }
    buf.set_stringn(
        header.x,
        header.y,
        summary,
        usize::from(header.width),
        theme.title(),
    );
    let finding = |index: usize| {
        let row = derived.checks[index];
        let stage = &map.stages[row.item.stage];
        let tp = &stage.touchpoints[row.item.touchpoint];
        Finding {
            code: row.code,
            stage,
            touchpoint: tp,
            action: row.item.action.map(|a| &tp.actions[a]),
            place: row.item,
        }
    };
    let total = conflicts + derived.checks.len();
    for (slot, index) in (app.checks_scroll..total)
        .take(usize::from(list.height))
        .enumerate()
    {
        let line = if index < conflicts {
            Line::from(vec![
                Span::styled("CX000 ", theme.error()),
                Span::raw(map.conflicts[index].describe(map)),
            ])
        } else {
            let f = finding(index - conflicts);
            Line::from(vec![
                Span::styled(format!("{} ", f.code), theme.warning()),
                Span::raw(f.message()),
            ])
        };
        draw_row(app, buf, list, slot, line, index == app.checks_selected);
    }
    if total == 0 {
        return;
    }
    let selected = app.checks_selected.min(total - 1);
    let lines = if selected < conflicts {
        vec![
            Line::styled(
                "CX000 unresolved merge conflict: both sides changed this",
                theme.error(),
            ),
            Line::raw(map.conflicts[selected].describe(map)),
            Line::raw("Enter chooses: keep ours or take theirs"),
        ]
    } else {
        let f = finding(selected - conflicts);
        vec![
            Line::from(vec![
                Span::styled(
                    format!("{} {}: ", f.code, f.code.mistake()),
                    theme.warning(),
                ),
                Span::raw(f.message()),
            ]),
            Line::styled(
                format!("{} › {}", f.stage.name, f.touchpoint.name),
                theme.dim(),
            ),
            Line::raw(format!("Hint: {}", f.hint())),
        ]
    };
    draw_detail(app, detail, lines, buf);
}

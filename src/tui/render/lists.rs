//! The Plan view (the EDUNI checklist) and the Checks view (CX findings):
//! one line per entry, and the selected entry in full underneath.

use crate::model::{
    Action, Code, Conflict, Finding, ItemPlace, Map, Principle, Stage, Touchpoint, one_line,
};
use crate::text::{customers, width};
use crate::tui::app::App;
use crate::tui::derived::{CheckRow, PlanRow};
use crate::tui::keys::{self, Action as Key, Context};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use crate::tui::layout::{detail_grown, list_areas};

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
pub(super) fn draw_row(
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
        let style = app.theme().selected();
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

/// A line of the details, and the columns its wrapped rows are indented by.
pub(super) type DetailLine = (Line<'static>, usize);

/// Columns `c` takes on screen.
fn char_width(c: char) -> usize {
    width(c.encode_utf8(&mut [0; 4]))
}

/// A line of the details on its own: its wrapped rows not indented.
pub(super) fn plain(line: Line<'static>) -> DetailLine {
    (line, 0)
}

/// `line` broken between words into rows of at most `columns`, a word
/// longer than a row cut where it must be. The spaces it starts with stay;
/// rows after the first start with `hang` spaces instead.
pub fn wrap_styled(line: &Line<'static>, columns: usize, hang: usize) -> Vec<Line<'static>> {
    let columns = columns.max(1);
    let hang = if hang < columns { hang } else { 0 };
    // Each character with its style, in words and the spaces before them.
    type Cells = Vec<(char, Style)>;
    let mut words: Vec<(Cells, Cells)> = vec![(vec![], vec![])];
    for span in &line.spans {
        for c in span.content.chars() {
            let last = words.last_mut().expect("never empty");
            if c == ' ' {
                if last.1.is_empty() {
                    last.0.push((c, span.style));
                } else {
                    words.push((vec![(c, span.style)], vec![]));
                }
            } else {
                last.1.push((c, span.style));
            }
        }
    }
    let cells_width =
        |cells: &[(char, Style)]| -> usize { cells.iter().map(|(c, _)| char_width(*c)).sum() };
    let mut rows: Vec<Cells> = vec![];
    let mut row: Cells = vec![];
    for (i, (spaces, word)) in words.into_iter().enumerate() {
        // The line's own indent is kept; spaces at a break are not.
        let lead =
            if i == 0 || cells_width(&row) + cells_width(&spaces) + cells_width(&word) <= columns {
                spaces
            } else {
                rows.push(std::mem::take(&mut row));
                vec![(' ', Style::default()); hang]
            };
        row.extend(lead);
        for cell in word {
            if cells_width(&row) + char_width(cell.0) > columns
                && row.iter().any(|(c, _)| *c != ' ')
            {
                rows.push(std::mem::take(&mut row));
                row.extend(vec![(' ', Style::default()); hang]);
            }
            row.push(cell);
        }
    }
    rows.push(row);
    rows.into_iter()
        .map(|cells| {
            let mut spans: Vec<Span<'static>> = vec![];
            for (c, style) in cells {
                match spans.last_mut() {
                    Some(span) if span.style == style => span.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            Line::from(spans).style(line.style)
        })
        .collect()
}

/// Draws `lines` under a rule in `area`, grown into the rows of `list` its
/// `shown` entries leave empty when they need them; when some still do not
/// fit, the last row says how many more there are, then `more` (where to
/// read them).
pub(super) fn draw_detail(
    app: &App,
    (list, shown, area): (Rect, usize, Rect),
    lines: Vec<DetailLine>,
    more: Option<String>,
    buf: &mut Buffer,
) {
    if area.is_empty() {
        return;
    }
    let columns = usize::from(area.width.saturating_sub(1));
    let mut rows: Vec<Line<'static>> = lines
        .iter()
        .flat_map(|(line, hang)| wrap_styled(line, columns, *hang))
        .collect();
    let needed = u16::try_from(rows.len() + 1).unwrap_or(u16::MAX);
    let area = detail_grown(list, area, shown, needed);
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(app.theme().border());
    let inner = block.inner(area);
    block.render(area, buf);
    let text = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(1),
        ..inner
    };
    let fit = usize::from(text.height);
    if rows.len() > fit && fit > 0 {
        let hidden = rows.len() - (fit - 1);
        rows.truncate(fit - 1);
        let s = if hidden == 1 { "" } else { "s" };
        let more = more.map(|m| format!(": {m}")).unwrap_or_default();
        let note = format!("… {hidden} more line{s}{more}");
        rows.push(fit_line(
            Line::styled(note, app.theme().dim()),
            usize::from(text.width),
        ));
    }
    for (y, row) in (text.y..text.bottom()).zip(rows) {
        row.render(
            Rect {
                y,
                height: 1,
                ..text
            },
            buf,
        );
    }
}

/// Writes a view's summary into `header`: its `parts` joined by ` · `, as
/// many whole ones as fit, then `…` when some are left out.
pub(super) fn draw_summary(app: &App, header: Rect, parts: Vec<String>, buf: &mut Buffer) {
    // One column of margin, as the rows under it have.
    let max = usize::from(header.width).saturating_sub(1);
    buf.set_string(
        header.x,
        header.y,
        format!(" {}", fit_parts(&parts, max)),
        app.theme().title(),
    );
}

/// `parts` joined by ` · ` in at most `max` columns: as many whole parts as
/// fit with ` …` after them when some are left out (the first part cut
/// with `…` when not even it fits).
fn fit_parts(parts: &[String], max: usize) -> String {
    let all = parts.join(" · ");
    if width(&all) <= max {
        return all;
    }
    let mut shown = String::new();
    for part in parts {
        let longer = if shown.is_empty() {
            part.clone()
        } else {
            format!("{shown} · {part}")
        };
        if width(&longer) + 2 > max {
            break;
        }
        shown = longer;
    }
    if shown.is_empty() {
        return crate::text::truncate(&all, max);
    }
    shown + " …"
}

/// The Plan view: a summary line, one row per principle heading, item or
/// empty group, and the selected row in full.
pub fn render_plan(app: &App, body: Rect, buf: &mut Buffer) {
    let derived = app.derived();
    let (header, list, detail) = list_areas(body);
    draw_summary(app, header, plan_summary(app), buf);
    for (slot, (index, row)) in derived
        .plan
        .iter()
        .enumerate()
        .skip(app.plan_scroll())
        .take(usize::from(list.height))
        .enumerate()
    {
        let line = plan_line(app, *row, usize::from(list.width.saturating_sub(1)));
        draw_row(app, buf, list, slot, line, index == app.plan_selected());
    }
    let row = derived.plan.get(app.plan_selected()).copied();
    let more =
        matches!(row, Some(PlanRow::Item { item, .. }) if item.action.is_some()).then(|| {
            format!(
                "{} goes to the board to edit them",
                keys::label(Key::Open, Context::Plan)
            )
        });
    let shown = derived.plan.len().saturating_sub(app.plan_scroll());
    let areas = (list, shown, detail);
    draw_detail(app, areas, plan_detail(app, row), more, buf);
}

/// The Plan view's summary: how many actions are open and done, and how many
/// items still need one.
fn plan_summary(app: &App) -> Vec<String> {
    let (open, done, needed) = app.tally().plan_items();
    vec![
        "EDUNI action plan".to_owned(),
        format!("{open} open"),
        format!("{done} done"),
        format!("{needed} still need an action"),
    ]
}

/// One row of the Plan view's list, `width` columns wide.
fn plan_line(app: &App, row: PlanRow, width: usize) -> Line<'static> {
    let theme = app.theme();
    match row {
        PlanRow::Heading(p) => Line::from(vec![
            Span::styled(format!("{} ({}%)", p.title(), p.share()), theme.heading()),
            Span::styled(format!("  when broken: {}", p.when_broken()), theme.dim()),
        ]),
        PlanRow::Empty(_) if app.map().touchpoint_count() == 0 => Line::styled(
            "   nothing here yet (add touchpoints on the board first)",
            theme.dim(),
        ),
        PlanRow::Empty(_) => {
            let add = keys::label(Key::AddAction, Context::Plan);
            Line::styled(
                format!("   nothing here yet ({add} adds an action)"),
                theme.dim(),
            )
        }
        PlanRow::Item { item, root, .. } => {
            let stage = &app.map().stages[item.stage];
            let tp = &stage.touchpoints[item.touchpoint];
            // A circle's touchpoints are in the details: the row only says
            // there is one, which a narrow row keeps.
            let root = root.map(|r| match r {
                crate::model::RootAt::Cycle(_) => "a circle of causes (CX006)".into(),
                _ => one_line(r.name(app.map())),
            });
            match item.action.map(|a| &tp.actions[a]) {
                Some(a) => action_line(app, (tp, a, root.as_deref()), width),
                None => unanswered_line(theme, stage, tp, root.as_deref(), hurts_most(app, tp)),
            }
        }
    }
}

/// A Plan row for an action in `room` columns: its box, whether it is
/// overdue, its text, its touchpoint, owner and due date (see `squeeze`),
/// and its touchpoint's root cause where it names one.
fn action_line(
    app: &App,
    (tp, a, root): (&Touchpoint, &Action, Option<&str>),
    room: usize,
) -> Line<'static> {
    let theme = app.theme();
    let (mark, mark_style) = if a.done {
        ("[x]", theme.good())
    } else {
        ("[ ]", theme.base())
    };
    let mut spans = vec![Span::styled(format!("  {mark} "), mark_style)];
    if a.is_overdue(app.today()) {
        spans.push(Span::styled("OVERDUE ", theme.error()));
    }
    let who = if a.owner.is_empty() {
        "no owner".to_owned()
    } else {
        a.owner.clone()
    };
    let due = a.due.map(|d| format!(" · due {d}")).unwrap_or_default();
    let persona = hurts_most(app, tp).map_or(String::new(), |p| format!(" · {p}"));
    let facts = format!("{who}{due}{persona}");
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let (text, place) = squeeze(
        &one_line(&a.text),
        &one_line(&tp.name),
        &facts,
        room.saturating_sub(used),
    );
    spans.push(Span::styled(
        text,
        if a.done { theme.dim() } else { theme.base() },
    ));
    spans.push(Span::styled(format!("  {place}{facts}"), theme.dim()));
    // Last, so that it gives way first: the row is cut at its end.
    if let Some(root) = root {
        spans.push(Span::styled(format!(" · root: {root}"), theme.dim()));
    }
    Line::from(spans)
}

/// An action's text and its touchpoint's name (`Name · `, to go before
/// `facts`, its owner and due date), fitted to `room` columns so that the
/// facts show: the name gives way first (cut, then left out), then the text,
/// down to a readable part. Narrower still, the row is cut at its end.
fn squeeze(text: &str, place: &str, facts: &str, room: usize) -> (String, String) {
    const SHORTEST_PLACE: usize = 8;
    const SHORTEST_TEXT: usize = 40;
    let fixed = width(text) + 2 + width(facts);
    let spare = room.saturating_sub(fixed);
    if spare >= width(place) + 3 {
        return (text.to_owned(), format!("{place} · "));
    }
    if spare >= SHORTEST_PLACE + 3 {
        let place = crate::text::truncate(place, spare - 3);
        return (text.to_owned(), format!("{place} · "));
    }
    let text_room = room.saturating_sub(2 + width(facts));
    if fixed > room && text_room >= SHORTEST_TEXT {
        return (crate::text::truncate(text, text_room), String::new());
    }
    (text.to_owned(), String::new())
}

/// "hurts Kadri most": the persona the plan ranks a touchpoint by, when
/// that is not the map-wide score.
fn hurts_most(app: &App, tp: &Touchpoint) -> Option<String> {
    let id = tp.worst().persona?;
    Some(format!("hurts {} most", app.map().persona_name(id)))
}

/// A Plan row for a touchpoint that still needs an action, naming its
/// root cause where it has one.
fn unanswered_line(
    theme: Theme,
    stage: &Stage,
    tp: &Touchpoint,
    root: Option<&str>,
    persona: Option<String>,
) -> Line<'static> {
    let persona = persona.map_or(String::new(), |p| format!(" · {p}"));
    // The root, where there is one, takes the stage's place (the details
    // say both): what to fix first shows before the row is cut.
    let facts = match root {
        // Who hurts most before the root: a long root is what gets cut.
        Some(root) => format!("  {}{persona} · root: {root}", customers(tp.evidence)),
        None => format!(
            "  {} · {}{persona}",
            one_line(&stage.name),
            customers(tp.evidence)
        ),
    };
    Line::from(vec![
        Span::styled("  [!] ", theme.warning()),
        Span::styled(
            format!("{}: needs an action", one_line(&tp.name)),
            theme.warning(),
        ),
        Span::styled(facts, theme.dim()),
    ])
}

/// The selected Plan row in full (nothing for a heading or no row).
fn plan_detail(app: &App, row: Option<PlanRow>) -> Vec<DetailLine> {
    let theme = app.theme();
    match row {
        Some(PlanRow::Item {
            item,
            severity,
            principle,
            root,
        }) => item_detail(app, item, (severity, principle, root)),
        Some(PlanRow::Empty(p)) => vec![
            Line::raw(format!("{}: when broken, {}.", p.title(), p.when_broken())),
            Line::styled(
                if app.map().touchpoint_count() == 0 {
                    "An action is about a touchpoint: add touchpoints on the board first".to_owned()
                } else {
                    format!(
                        "{} adds an action under this principle",
                        keys::label(Key::AddAction, Context::Plan)
                    )
                },
                theme.dim(),
            ),
        ]
        .into_iter()
        .map(plain)
        .collect(),
        _ => vec![],
    }
}

/// A root cause as the details say it: a touchpoint with its stage, a text
/// in quotes, or the circle of causes a chain runs into.
fn root_place(app: &App, root: crate::model::RootAt) -> String {
    let map = app.map();
    match root {
        crate::model::RootAt::Touchpoint(p) => {
            format!(
                "{} › {}",
                one_line(&map.stages[p.stage].name),
                one_line(root.name(map))
            )
        }
        crate::model::RootAt::Text(_) => format!("\"{}\"", one_line(root.name(map))),
        crate::model::RootAt::Cycle(first) => match app.derived().circle(first) {
            Some(says) => format!("{says} (CX006)"),
            None => format!("{} (CX006)", root.says(map)),
        },
    }
}

/// A plan item in full: its action (or that it has none), where it is and
/// what weighs on it.
fn item_detail(
    app: &App,
    item: ItemPlace,
    (severity, principle, root): (u32, Principle, Option<crate::model::RootAt>),
) -> Vec<DetailLine> {
    let theme = app.theme();
    let stage = &app.map().stages[item.stage];
    let tp = &stage.touchpoints[item.touchpoint];
    let place = format!("{} › {}", one_line(&stage.name), one_line(&tp.name));
    // Whoever hurts most ranks it: their scores, named.
    let worst = tp.worst().scores;
    let mut emotion = worst
        .emotion
        .map_or("unscored".to_owned(), |e| format!("emotion {e}"));
    // The aim ranks the item too: say it, so that the order reads.
    if let Some(aim) = worst.to_be {
        emotion.push_str(&format!(" · to be {aim}"));
    }
    if let Some(persona) = hurts_most(app, tp) {
        emotion = format!("{persona}: {emotion}");
    }
    let weight = format!(
        "{} · {emotion} · {} · severity {severity}",
        principle.title(),
        customers(tp.evidence)
    );
    let mut lines = match item.action.map(|a| &tp.actions[a]) {
        Some(a) => action_detail(theme, a, place, weight),
        None => vec![
            Line::styled(
                format!(
                    "{place}: hurts and puts {} at risk, with no action for it",
                    principle.title()
                ),
                theme.warning(),
            ),
            Line::styled(weight, theme.dim()),
            Line::raw(format!(
                "{} adds an action for it; {} shows it on the board",
                keys::label(Key::AddAction, Context::Plan),
                keys::label(Key::Open, Context::Plan)
            )),
        ]
        .into_iter()
        .map(plain)
        .collect(),
    };
    // Under the weight: where the chain of causes ends, the thing to fix.
    if let Some(root) = root {
        let at = 3.min(lines.len()) - usize::from(item.action.is_none());
        let line = Line::raw(format!("Root cause: {}", root_place(app, root)));
        lines.insert(at, plain(line));
    }
    lines
}

/// An action in full: its text, `place`, owner and due date, `weight`, and
/// its follow-up.
fn action_detail(theme: Theme, a: &Action, place: String, weight: String) -> Vec<DetailLine> {
    let mut facts = vec![
        place,
        if a.owner.is_empty() {
            format!(
                "no owner yet ({})",
                keys::label(Key::SetOwner, Context::Plan)
            )
        } else {
            format!("owner {}", a.owner)
        },
    ];
    facts.push(a.due.map_or_else(
        || {
            let due = keys::label(Key::SetDue, Context::Plan);
            format!("no due date ({due})")
        },
        |d| format!("due {d}"),
    ));
    let mut lines: Vec<DetailLine> = vec![
        plain(Line::styled(a.text.clone(), theme.title())),
        plain(Line::raw(facts.join(" · "))),
        plain(Line::styled(weight, theme.dim())),
    ];
    if !a.follow_up.is_empty() {
        // Each line of it on a line of its own (a Line drops line breaks,
        // which would run them together), all of them, wrapped or not,
        // under its first word.
        const LABEL: &str = "Follow-up: ";
        let hang = width(LABEL);
        let indent = " ".repeat(hang);
        for (i, row) in a.follow_up.split('\n').enumerate() {
            let label = if i == 0 { LABEL } else { &indent };
            lines.push((Line::raw(format!("{label}{row}")), hang));
        }
    }
    lines
}

/// An entry of the Checks view: a merge conflict or a finding.
enum CheckEntry<'m> {
    Conflict(&'m Conflict),
    Finding(Finding<'m>),
}

/// Entry `index` of the Checks view: the map's conflicts first, then the
/// findings in `checks`.
fn check_entry<'m>(map: &'m Map, checks: &[CheckRow], index: usize) -> CheckEntry<'m> {
    let conflicts = map.conflicts.len();
    if index < conflicts {
        return CheckEntry::Conflict(&map.conflicts[index]);
    }
    let row = checks[index - conflicts];
    CheckEntry::Finding(Finding::at(map, row.code, row.item))
}

/// The Checks view: unresolved merge conflicts first (errors), then the
/// CX-mistake findings.
pub fn render_checks(app: &App, body: Rect, buf: &mut Buffer) {
    let derived = app.derived();
    let map = app.map();
    let (header, list, detail) = list_areas(body);
    let entries = app.checks_entries();
    let mut summaries = checks_summary(app, &derived.checks);
    if let Some(filter) = super::filter_note(app) {
        for summary in &mut summaries {
            summary.insert(0, format!("{filter} ({} shown)", entries.len()));
        }
    }
    let max = usize::from(header.width).saturating_sub(1);
    let fits = |parts: &&Vec<String>| width(&parts.join(" · ")) <= max;
    let summary = summaries.iter().find(fits).or(summaries.last());
    draw_summary(app, header, summary.cloned().unwrap_or_default(), buf);
    let total = entries.len();
    for (slot, at) in (app.checks_scroll()..total)
        .take(usize::from(list.height))
        .enumerate()
    {
        let line = check_line(app, check_entry(map, &derived.checks, entries[at]));
        draw_row(app, buf, list, slot, line, at == app.checks_selected());
    }
    if total == 0 {
        return;
    }
    let selected = entries[app.checks_selected().min(total - 1)];
    let lines = check_detail(app, check_entry(map, &derived.checks, selected));
    let areas = (list, total.saturating_sub(app.checks_scroll()), detail);
    draw_detail(app, areas, lines, None, buf);
}

/// The Checks view's summary: the conflicts to settle, and the findings as of
/// today, counted by code. Its forms, wordiest first, for the first that
/// fits the line: then the date goes, then the counts close up, then the
/// conflicts are said shortly, then the number of findings goes (the tab
/// says it), so that every code found shows (CX006, the last, too) before
/// the line is cut.
fn checks_summary(app: &App, checks: &[CheckRow]) -> Vec<Vec<String>> {
    let conflicts = app.map().conflicts.len();
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let (long, short) = match conflicts {
        0 => (vec![], vec![]),
        n => (
            vec![format!("{n} merge conflict{} to settle", s(n))],
            vec![format!("{n} conflict{}", s(n))],
        ),
    };
    let n = checks.len();
    if n == 0 {
        let none = "No findings: the map avoids all five classic CX mistakes".to_owned();
        return vec![[long, vec![none]].concat()];
    }
    let tally = app.tally();
    let found: Vec<(Code, usize)> = (Code::ALL.iter())
        .map(|&c| (c, tally.findings_of(c)))
        .filter(|&(_, k)| k > 0)
        .collect();
    let counts: Vec<String> = found.iter().map(|(c, k)| format!("{c} ×{k}")).collect();
    let close: Vec<String> = found.iter().map(|(c, k)| format!("{c}×{k}")).collect();
    let dated = format!("{n} finding{} as of {}", s(n), app.today());
    let findings = format!("{n} finding{}", s(n));
    vec![
        [long.clone(), vec![dated], counts.clone()].concat(),
        [long.clone(), vec![findings.clone()], counts].concat(),
        [long, vec![findings.clone(), close.join(" ")]].concat(),
        [short.clone(), vec![findings.clone(), close.join(" ")]].concat(),
        // The tab says how many there are.
        [short.clone(), vec![close.join(" ")]].concat(),
        // Cut by `fit_parts`, a whole count at a time.
        [short, vec![findings], close].concat(),
    ]
}

/// One row of the Checks view's list.
fn check_line(app: &App, entry: CheckEntry<'_>) -> Line<'static> {
    let theme = app.theme();
    match entry {
        CheckEntry::Conflict(c) => Line::from(vec![
            Span::styled("CX000 ", theme.error()),
            Span::raw(c.describe(app.map())),
        ]),
        CheckEntry::Finding(f) => Line::from(vec![
            Span::styled(format!("{} ", f.code), theme.warning()),
            Span::raw(f.message()),
        ]),
    }
}

/// The selected Checks entry in full, with what to do about it.
fn check_detail(app: &App, entry: CheckEntry<'_>) -> Vec<DetailLine> {
    let theme = app.theme();
    let lines = match entry {
        CheckEntry::Conflict(c) => vec![
            Line::styled(
                "CX000 unresolved merge conflict: both sides changed this",
                theme.error(),
            ),
            Line::raw(c.describe(app.map())),
            Line::raw(format!(
                "{} chooses: keep ours or take theirs",
                keys::label(Key::Open, Context::Checks)
            )),
        ],
        CheckEntry::Finding(f) => vec![
            Line::from(vec![
                Span::styled(
                    format!("{} {}: ", f.code, f.code.mistake()),
                    theme.warning(),
                ),
                Span::raw(f.message()),
            ]),
            Line::styled(
                format!(
                    "{} › {}",
                    one_line(&f.stage.name),
                    one_line(&f.touchpoint.name)
                ),
                theme.dim(),
            ),
            Line::raw(format!("Hint: {}", f.hint())),
        ],
    };
    lines.into_iter().map(plain).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(line: &str, columns: usize, hang: usize) -> Vec<String> {
        wrap_styled(&Line::raw(line.to_owned()), columns, hang)
            .iter()
            .map(|row| row.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn details_wrap_between_words_and_keep_an_indent() {
        assert_eq!(
            rows("Hint: add an action", 11, 0),
            ["Hint: add", "an action"]
        );
        assert_eq!(rows("abcdefgh", 3, 0), ["abc", "def", "gh"]);
        assert_eq!(rows("   indented line", 12, 3), ["   indented", "   line"]);
        assert_eq!(
            rows("Follow-up: it worked well", 18, 11),
            ["Follow-up: it", "           worked", "           well"]
        );
        assert_eq!(rows("", 5, 0), [""]);
    }

    #[test]
    fn summaries_are_cut_after_a_whole_part() {
        let parts = ["7 findings", "CX001 ×3", "CX002 ×1"].map(String::from);
        assert_eq!(fit_parts(&parts, 40), "7 findings · CX001 ×3 · CX002 ×1");
        assert_eq!(fit_parts(&parts, 31), "7 findings · CX001 ×3 …");
        assert_eq!(fit_parts(&parts, 23), "7 findings · CX001 ×3 …");
        assert_eq!(fit_parts(&parts, 22), "7 findings …");
        assert_eq!(fit_parts(&parts, 8), "7 findi…");
        // Measured in columns: 漢字 takes four.
        let wide = ["漢字漢字", "CX001 ×3"].map(String::from);
        assert_eq!(fit_parts(&wide, 12), "漢字漢字 …");
    }

    #[test]
    fn details_keep_each_span_style() {
        let line = Line::from(vec![
            Span::styled("CX001 ", Style::new().bold()),
            Span::raw("no wish"),
        ]);
        let wrapped = wrap_styled(&line, 7, 0);
        assert_eq!(wrapped.len(), 2);
        assert_eq!(wrapped[0].spans[0].content, "CX001");
        assert_eq!(wrapped[0].spans[0].style, Style::new().bold());
        assert_eq!(wrapped[1].spans[0].content, "no wish");
        assert_eq!(wrapped[1].spans[0].style, Style::default());
    }
}

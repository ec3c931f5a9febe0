//! The board: stages as columns, touchpoints as cards, with the emotion curve
//! under them and the selected touchpoint's details under or beside them.

use crate::model::Touchpoint;
use crate::text::{fit, width};
use crate::tui::app::App;
use crate::tui::keys::{self, Action, Context};
use crate::tui::layout::{BoardGeometry, CARD_PREFIX, CardWindow, Column, ColumnKind, GUTTER};
use crate::tui::overlay::{Overlay, Prompt, PromptPurpose};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

/// What is being typed in place on the board, if anything.
enum Inline<'a> {
    None,
    NewCard {
        stage: usize,
        index: usize,
        input: &'a TextArea<'static>,
    },
    StageName {
        stage: Option<usize>,
        input: &'a TextArea<'static>,
    },
}

fn inline<'a>(app: &'a App) -> Inline<'a> {
    let Some(Overlay::Prompt(Prompt { purpose, input, .. })) = app.top_overlay() else {
        return Inline::None;
    };
    match purpose {
        PromptPurpose::NewTouchpoint { stage, index } => match app.map().stage_index(stage) {
            Some(stage) => Inline::NewCard {
                stage,
                index: *index,
                input,
            },
            None => Inline::None,
        },
        PromptPurpose::NewStage { .. } => Inline::StageName { stage: None, input },
        PromptPurpose::RenameStage(id) => Inline::StageName {
            stage: app.map().stage_index(id),
            input,
        },
        _ => Inline::None,
    }
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let (areas, geo) = app.board_geometry(body);
    let inline = inline(app);
    if geo.columns.is_empty() {
        let note = format!(
            "No stages yet. Press {} to add the first stage of the journey, {} for help.",
            keys::label(Action::AddStage, Context::Board),
            keys::label(Action::Help, Context::Board)
        );
        Paragraph::new(note)
            .style(theme.dim())
            .wrap(Wrap { trim: true })
            .render(
                areas.board.inner(ratatui::layout::Margin::new(GUTTER, 1)),
                buf,
            );
    }
    if geo.hidden_left > 0 {
        let x = areas.board.x;
        hidden_stages(buf, areas.board, x, "◀", geo.hidden_left, &theme);
    }
    if geo.hidden_right > 0 {
        let x = areas.board.right().saturating_sub(GUTTER);
        hidden_stages(buf, areas.board, x, "▶", geo.hidden_right, &theme);
    }
    for (i, column) in geo.columns.iter().enumerate() {
        if i > 0 {
            for y in column.rect.top()..column.rect.bottom() {
                super::put(
                    buf,
                    column.rect.x - 1,
                    y,
                    theme.marks().rule,
                    theme.border(),
                );
            }
        }
        match column.kind {
            ColumnKind::Stage(s) => render_column(app, &geo, column, s, &inline, buf),
            ColumnKind::NewStage => render_new_stage(app, column, &inline, buf),
        }
    }
    let sel = app.selection();
    let mark = sel.card.map(|card| (sel.stage, card));
    super::curve::render(app, &areas, &geo, mark, buf);
    if !areas.details.is_empty() {
        super::details::render(app, areas.details, buf);
    } else if app.details_shown() {
        // No room beside or under the board: over it.
        super::details::render_over(app, areas.board, buf);
    }
}

/// The column of a stage being named: the name typed so far in its header.
fn render_new_stage(app: &App, column: &Column, inline: &Inline, buf: &mut Buffer) {
    let theme = app.theme();
    if let Inline::StageName { input, .. } = inline {
        render_input(
            theme.selected(),
            Rect {
                height: 1,
                ..column.rect
            },
            input,
            buf,
        );
    }
    let below = Rect {
        y: column.rect.y + 1,
        height: 1,
        ..column.rect
    };
    buf.set_stringn(
        below.x,
        below.y,
        " (new stage)",
        usize::from(below.width),
        theme.dim(),
    );
}

fn render_input(style: Style, rect: Rect, input: &TextArea<'static>, buf: &mut Buffer) {
    buf.set_style(rect, style);
    crate::tui::input::render_marked(input, rect, buf);
}

/// One stage's column: its header, then the cards that fit, with the card
/// being added (if any) drawn in its place and marks for those scrolled out.
fn render_column(
    app: &App,
    geo: &BoardGeometry,
    column: &Column,
    s: usize,
    inline: &Inline,
    buf: &mut Buffer,
) {
    let col = StageColumn {
        app,
        geo,
        column,
        s,
    };
    // Cards, with the card being added (if any) drawn in its place.
    let new_card = match inline {
        Inline::NewCard {
            stage: at,
            index,
            input,
        } if *at == s => Some((*index, *input)),
        _ => None,
    };
    let window = col.render_cards(new_card, buf);
    // The header leaves room for the "↑N" of cards scrolled above.
    let up = if window.first > 0 {
        crate::text::width(&format!("↑{}", window.first)) as u16 + 1
    } else {
        0
    };
    col.render_header(inline, up, buf);
    col.render_scroll_marks(&window, buf);
}

/// A card being typed in place: where it goes among its column's cards, and
/// its text so far.
type NewCard<'a> = (usize, &'a TextArea<'static>);

/// A stage's column being drawn: where it is and which stage it shows.
struct StageColumn<'a> {
    app: &'a App,
    geo: &'a BoardGeometry,
    column: &'a Column,
    /// The stage's index in the map.
    s: usize,
}

impl StageColumn<'_> {
    /// The column's first line, where the stage's name goes.
    fn header(&self) -> Rect {
        Rect {
            height: 1,
            ..self.column.rect
        }
    }

    /// The header: marker, stage name and number of cards; or the name being
    /// typed for it.
    fn render_header(&self, inline: &Inline, reserved: u16, buf: &mut Buffer) {
        let theme = self.app.theme();
        let stage = &self.app.map().stages[self.s];
        let sel = self.app.selection();
        let header = self.header();
        match inline {
            Inline::StageName {
                stage: Some(at),
                input,
            } if *at == self.s => render_input(theme.selected(), header, input, buf),
            _ => {
                let selected = sel.stage == self.s && sel.card.is_none();
                let style = if selected {
                    theme.selected()
                } else {
                    theme.heading()
                };
                let marker = if selected { "▶" } else { " " };
                let all = stage.touchpoints.len();
                // With a filter on, how many of the stage's cards show.
                let count = match self.app.board_filter() {
                    Some(_) => format!("{} of {all}", self.geo.shown[self.s].len()),
                    None => all.to_string(),
                };
                // Of the whole stage, whatever a filter shows.
                let research = self.app.research_share(self.geo, self.s);
                let room = usize::from(self.column.rect.width.saturating_sub(reserved));
                let (head, share) = header_text(marker, &stage.name, &count, research, room);
                let share_style = if selected { style } else { theme.dim() };
                let pad = room.saturating_sub(width(&head) + width(&share));
                Line::from(vec![
                    Span::styled(head, style),
                    Span::styled(share, share_style),
                    Span::styled(" ".repeat(pad), style),
                ])
                .render(
                    Rect {
                        width: room as u16,
                        ..header
                    },
                    buf,
                );
            }
        }
    }

    /// The cards that fit, the focused one in view (the card being added, or
    /// the selected one); returns the window of them drawn.
    fn render_cards(&self, new_card: Option<NewCard<'_>>, buf: &mut Buffer) -> CardWindow {
        let (geo, s) = (self.geo, self.s);
        let stage = &self.app.map().stages[s];
        let sel = self.app.selection();
        // Places among the cards shown (all of them without a filter).
        let shown = &geo.shown[s];
        let cards = self.app.column_cards(s, shown);
        let (count, new_at) = (cards.count, cards.new_at);
        let window = geo.window(self.column, count, cards.focus);
        let area = geo.cards_area(self.column);
        for (slot, place) in window.shown(count) {
            let y = area.y + slot as u16 * self.column.card_height;
            let card = Rect {
                y,
                height: self.column.card_height,
                ..area
            };
            match (new_card, new_at) {
                (Some((_, input)), Some(at)) if at == place => {
                    render_new_card(self.app, card, input, buf);
                }
                _ => {
                    let t = match new_at {
                        Some(at) if place > at => shown[place - 1],
                        _ => shown[place],
                    };
                    let selected = new_card.is_none() && sel.stage == s && sel.card == Some(t);
                    let lines = self.column.name_lines;
                    render_card(self.app, &stage.touchpoints[t], selected, card, lines, buf);
                }
            }
        }
        window
    }

    /// How many cards are out of view: `↓ N more` under the last card drawn,
    /// `↑N` at the right of the header.
    fn render_scroll_marks(&self, window: &CardWindow, buf: &mut Buffer) {
        let theme = self.app.theme();
        let area = self.geo.cards_area(self.column);
        if window.below > 0 {
            let y = area.y + window.rows as u16 * self.column.card_height;
            buf.set_stringn(
                area.x,
                y,
                format!(" ↓ {} more", window.below),
                usize::from(area.width),
                theme.dim(),
            );
        }
        if window.first > 0 {
            let header = self.header();
            let label = format!("↑{}", window.first);
            let x = header.right().saturating_sub(label.chars().count() as u16);
            buf.set_string(x, header.y, label, theme.dim());
        }
    }
}

/// The shortest a stage's name is cut to in its header to make room for
/// the research share; with less room, the share goes.
const HEADER_NAME_MIN: usize = 8;

/// A stage's header in `room` columns: the marker, its name and its card
/// count (`▶Apply (3)`), then how much of it rests on research, in the
/// longest form that leaves the name whole (` 66% research`, ` 66% res.`,
/// ` 66%`); if none does, the shortest, with the name cut to no less than
/// [`HEADER_NAME_MIN`]; with less room, no share. The count is never
/// pushed out by the share: the name gives way first, then the share.
fn header_text(
    marker: &str,
    name: &str,
    count: &str,
    research: Option<u32>,
    room: usize,
) -> (String, String) {
    let count = format!(" ({count})");
    let fixed = width(marker) + width(&count);
    let with_name = |name: String| format!("{marker}{name}{count}");
    // No share: the name cut before the count, down to a column and its `…`.
    let without = || {
        let head = if room >= fixed + 2 {
            with_name(crate::text::truncate(name, room - fixed))
        } else {
            crate::text::truncate(&with_name(name.to_owned()), room)
        };
        (head, String::new())
    };
    let Some(percent) = research else {
        return without();
    };
    let forms = [
        format!(" {percent}% research"),
        format!(" {percent}% res."),
        format!(" {percent}%"),
    ];
    if let Some(form) = forms
        .iter()
        .find(|form| fixed + width(name) + width(form) <= room)
    {
        return (with_name(name.to_owned()), form.clone());
    }
    let bare = &forms[2];
    let left = room.saturating_sub(fixed + width(bare));
    if left >= HEADER_NAME_MIN {
        return (with_name(crate::text::truncate(name, left)), bare.clone());
    }
    without()
}

/// The card being added, in `card`: a marker and the name being typed.
fn render_new_card(app: &App, card: Rect, input: &TextArea<'static>, buf: &mut Buffer) {
    let theme = app.theme();
    buf.set_string(card.x, card.y, "▶+", theme.selected());
    render_input(
        theme.selected(),
        Rect {
            x: card.x + 2,
            width: card.width.saturating_sub(2),
            height: 1,
            ..card
        },
        input,
        buf,
    );
}

/// One card: marker, wish letter, emotion sign, and its name on up to
/// `lines` lines (ending in `…` when it is longer); with room, a line of facts.
fn render_card(
    app: &App,
    tp: &Touchpoint,
    selected: bool,
    rect: Rect,
    lines: u16,
    buf: &mut Buffer,
) {
    let theme = app.theme();
    let width = usize::from(rect.width);
    let base = if selected {
        theme.cursor()
    } else {
        Style::new()
    };
    let letter = tp.wish.map_or('?', |w| w.letter()).to_string();
    let sign = tp.emotion.map_or("", |e| e.sign());
    let mark = |style: Style| if selected { theme.cursor() } else { style };
    // A merge conflict still to settle shows as `!`, in words in the details.
    let conflicted = app.map().conflicts.iter().any(|c| c.concerns(tp));
    let prefix = usize::from(CARD_PREFIX);
    let name = crate::text::wrap_to(&tp.name, width.saturating_sub(prefix), usize::from(lines));
    let spans = vec![
        match (selected, conflicted) {
            (true, _) => Span::styled("▶", base),
            (false, true) => Span::styled("!", theme.error()),
            (false, false) => Span::raw(" "),
        },
        Span::styled(letter, mark(theme.wish(tp.wish))),
        Span::styled(format!("{sign:>3} "), mark(theme.emotion(tp.emotion))),
        // The name keeps its style: the reversed block and the marker are
        // enough to see, and a move then redraws a few cells, not whole cards.
        Span::raw(fit(&name[0], width.saturating_sub(prefix))),
    ];
    Line::from(spans).render(Rect { height: 1, ..rect }, buf);
    for (row, line) in (1..lines).zip(name.iter().skip(1)) {
        let text = fit(&format!("{:prefix$}{line}", ""), width);
        buf.set_string(rect.x, rect.y + row, text, Style::new());
    }
    if rect.height > lines {
        let mut facts = Vec::new();
        if !tp.channel.is_empty() {
            facts.push(tp.channel.clone());
        }
        if tp.evidence > 0 {
            facts.push(format!("n={}", tp.evidence));
        }
        if !tp.actions.is_empty() {
            let open = tp.actions.iter().filter(|a| !a.done).count();
            facts.push(format!("{open}/{} open", tp.actions.len()));
        }
        // Right under the name, however many lines it took.
        let text = fit(&format!("      {}", facts.join(" · ")), width);
        let row = (name.len() as u16).min(lines);
        buf.set_string(rect.x, rect.y + row, text, theme.dim());
    }
}

/// The stages out of view on one side, in the gutter at `x`: the arrow
/// and their number beside it (`◀12`, `12▶`); a number too long for that
/// goes on the line under the arrow (`197`, and `2k+` from 1,000 on), so
/// that the arrow always shows and no number is cut.
fn hidden_stages(
    buf: &mut Buffer,
    board: Rect,
    x: u16,
    arrow: &str,
    hidden: usize,
    theme: &crate::tui::Theme,
) {
    let width = usize::from(GUTTER);
    let number = hidden.to_string();
    let beside = if arrow == "◀" {
        format!("{arrow}{number}")
    } else {
        format!("{number}{arrow}")
    };
    if crate::text::width(&beside) <= width || board.height < 2 {
        let shown = if crate::text::width(&beside) <= width {
            beside
        } else {
            arrow.to_owned()
        };
        buf.set_stringn(x, board.y, shown, width, theme.warning());
        return;
    }
    let number = if number.len() <= width {
        number
    } else {
        format!("{}k+", (hidden / 1000).min(9))
    };
    buf.set_stringn(x, board.y, arrow, width, theme.warning());
    buf.set_stringn(x, board.y + 1, &number, width, theme.warning());
}

#[cfg(test)]
mod tests {
    use super::header_text;

    fn header(name: &str, research: Option<u32>, room: usize) -> String {
        let (head, share) = header_text(" ", name, "3", research, room);
        assert!(crate::text::width(&head) + crate::text::width(&share) <= room);
        head + &share
    }

    #[test]
    fn the_research_share_gives_way_to_the_name_and_never_pushes_out_the_count() {
        assert_eq!(
            header("Discover", Some(66), 40),
            " Discover (3) 66% research"
        );
        assert_eq!(header("Discover", Some(66), 23), " Discover (3) 66% res.");
        assert_eq!(
            header("Abi otsimine", Some(100), 23),
            " Abi otsimine (3) 100%"
        );
        // No form leaves the name whole: the shortest, the name cut.
        assert_eq!(
            header("Wait for approval", Some(100), 23),
            " Wait for app… (3) 100%"
        );
        // Too narrow to keep 8 columns of name beside it: no share, and
        // the name still gives way before the count.
        assert_eq!(
            header("Wait for approval", Some(100), 16),
            " Wait for a… (3)"
        );
        assert_eq!(header("Wait for approval", Some(100), 7), " W… (3)");
        // Narrower still, the whole header is cut as before.
        assert_eq!(header("Wait for approval", Some(100), 6), " Wait…");
        // An empty stage rests on nothing: no share.
        assert_eq!(header("Later", None, 23), " Later (3)");
    }
}

//! Where everything goes on screen, as pure functions of the window size and
//! the app's state. Rendering and mouse clicks use the same answers, so a click
//! always lands on what was drawn there.

use crate::model::Map;
use ratatui::layout::Rect;

/// Below this, cxmap shows a note instead of a cramped screen.
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 15;

/// Columns at each side of the board for scroll marks and the curve's scale.
pub const GUTTER: u16 = 3;
const MIN_COLUMN: u16 = 22;
/// Wide enough for a long name on two lines; a wider column only spreads
/// the few cards of a short map thinner.
const MAX_COLUMN: u16 = 60;
/// Columns a card's marker, wish letter and emotion sign take before its name.
pub const CARD_PREFIX: u16 = 6;
/// The most lines a card's name wraps onto.
const MAX_NAME_LINES: usize = 3;
/// Rows of the emotion curve: one per level, +2 at the top.
pub const CURVE_ROWS: u16 = 5;
/// From this width on, details sit beside the board instead of under it.
const SIDE_PANEL_FROM: u16 = 120;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Screen {
    pub title: Rect,
    pub body: Rect,
    pub footer: Rect,
}

impl Screen {
    pub fn new(area: Rect) -> Screen {
        Screen::with_footer(area, 1)
    }

    /// With a footer of `rows` (a message of several lines): the body gives
    /// them up, so that a message never covers the curve.
    pub fn with_footer(area: Rect, rows: u16) -> Screen {
        let rows = rows.clamp(1, 4).min(area.height.saturating_sub(2).max(1));
        let title = Rect {
            height: 1.min(area.height),
            ..area
        };
        let footer = Rect {
            y: area.bottom().saturating_sub(rows),
            height: rows.min(area.height),
            ..area
        };
        let body = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1 + rows),
            ..area
        };
        Screen {
            title,
            body,
            footer,
        }
    }
}

/// Whether details fit without squeezing the board: beside it in wide
/// windows, under it in tall ones.
pub fn details_fit(body: Rect) -> bool {
    body.width >= SIDE_PANEL_FROM || body.height >= 28
}

/// The parts of the board view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardAreas {
    /// Stage columns and their cards (with the gutters).
    pub board: Rect,
    /// The line between the board and the curve, with its label.
    pub curve_rule: Rect,
    pub curve: Rect,
    /// The selected touchpoint's details, under or beside the board; empty when hidden.
    pub details: Rect,
}

impl BoardAreas {
    pub fn new(body: Rect, show_details: bool) -> BoardAreas {
        let side = show_details && body.width >= SIDE_PANEL_FROM;
        let details_width = if side {
            (body.width / 3).clamp(36, 56)
        } else {
            0
        };
        let main = Rect {
            width: body.width - details_width,
            ..body
        };
        let details_height = if show_details && !side && body.height >= 18 {
            5
        } else {
            0
        };
        let curve_height = CURVE_ROWS + 1;
        let board_height = main.height.saturating_sub(curve_height + details_height);
        let board = Rect {
            height: board_height,
            ..main
        };
        let curve_rule = Rect {
            y: board.bottom(),
            height: 1.min(main.height.saturating_sub(board_height)),
            ..main
        };
        let curve = Rect {
            y: curve_rule.bottom(),
            height: CURVE_ROWS.min(
                main.bottom()
                    .saturating_sub(curve_rule.bottom() + details_height),
            ),
            ..main
        };
        let details = if side {
            Rect {
                x: main.right(),
                width: details_width,
                ..body
            }
        } else {
            Rect {
                y: curve.bottom(),
                height: details_height,
                ..main
            }
        };
        BoardAreas {
            board,
            curve_rule,
            curve,
            details,
        }
    }
}

/// One drawn column: a stage of the map, or the stage being named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Stage(usize),
    NewStage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub kind: ColumnKind,
    /// The whole column, header included; one column wide separator excluded.
    pub rect: Rect,
    /// Lines each card's name may take in this column (1 to 3).
    pub name_lines: u16,
    /// Rows per card: its name's lines, and a line of facts when there is room.
    pub card_height: u16,
}

impl Column {
    /// Whether its cards have a line of facts under the name.
    pub fn has_facts(&self) -> bool {
        self.card_height > self.name_lines
    }
}

/// How a column's cards are drawn: the lines of name each takes (as many as
/// its longest name needs, up to three) and whether a line of facts follows,
/// choosing the most name lines with which every card still fits, facts
/// only where there is room (and `facts` asks for them). When not even one
/// line each fits, the column scrolls.
fn card_shape<'a>(
    names: impl Iterator<Item = &'a str>,
    count: usize,
    rows: u16,
    width: u16,
    facts: bool,
) -> (u16, u16) {
    let fits = |height: usize| count * height <= usize::from(rows);
    // A column that must scroll with one line each wraps nothing: no name
    // is measured (a long stage costs nothing per keystroke).
    if !fits(1) {
        return (1, 1 + u16::from(facts));
    }
    let name_width = usize::from(width.saturating_sub(CARD_PREFIX)).max(1);
    let needed = names
        .map(|n| {
            if crate::text::width(n) <= name_width && !n.contains('\n') {
                1
            } else {
                crate::text::wrap_to(n, name_width, MAX_NAME_LINES).len()
            }
        })
        .max()
        .unwrap_or(1)
        .max(1);
    for lines in (1..=needed).rev() {
        if facts && fits(lines + 1) {
            return (lines as u16, lines as u16 + 1);
        }
        if fits(lines) {
            return (lines as u16, lines as u16);
        }
    }
    (1, 1 + u16::from(facts))
}

/// The cards each stage of the board shows, by index in the stage
/// (`filter::shown_cards`), shared: worked out once per change, not per key.
pub type ShownCards = std::rc::Rc<Vec<Vec<usize>>>;

/// Which stages fit, where they go, and how many are off screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardGeometry {
    pub columns: Vec<Column>,
    /// The cards each stage shows, by index in the stage (all of them
    /// unless a filter is on): drawing and clicks both go by these.
    pub shown: ShownCards,
    pub hidden_left: usize,
    pub hidden_right: usize,
    /// The first card row of the columns that scroll (`BoardScroll::cards`).
    pub card_scroll: usize,
}

/// Where the board is scrolled to: the first stage column shown, and the
/// first card row of the columns too long to show whole. Both move by whole
/// pages (`turn_page`), so that most moves of the selection redraw a few
/// cells, and the columns that scroll share the row, so that moving to the
/// next stage at the same row leaves every column as it was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BoardScroll {
    pub stages: usize,
    pub cards: usize,
}

/// The first of `rows` items to show so that `focus` is in view: `first`
/// while it is; past the last row, a page on with `focus` at the top; above
/// the first, a page back with `focus` at the bottom. A move of the
/// selection then redraws the list once a page rather than at every step.
pub fn turn_page(first: usize, focus: usize, rows: usize) -> usize {
    if focus < first {
        (focus + 1).saturating_sub(rows)
    } else if focus >= first + rows.max(1) {
        focus
    } else {
        first
    }
}

/// How many stage columns fit in `width` (gutters included).
pub fn columns_that_fit(width: u16) -> usize {
    usize::from(width.saturating_sub(2 * GUTTER) / (MIN_COLUMN + 1)).max(1)
}

impl BoardGeometry {
    /// `scroll` says where the board is scrolled to; `new_stage` inserts a
    /// column for a stage being named, before the stage of that index;
    /// `shown` are the cards each stage shows (`filter::shown_cards`).
    pub fn new(
        board: Rect,
        map: &Map,
        scroll: BoardScroll,
        new_stage: Option<usize>,
        shown: ShownCards,
    ) -> BoardGeometry {
        let mut kinds: Vec<ColumnKind> = (0..map.stages.len()).map(ColumnKind::Stage).collect();
        if let Some(at) = new_stage {
            kinds.insert(at.min(kinds.len()), ColumnKind::NewStage);
        }
        let fit = columns_that_fit(board.width);
        let card_scroll = scroll.cards;
        let scroll = scroll.stages.min(kinds.len().saturating_sub(fit));
        let on_screen = kinds.len().saturating_sub(scroll).min(fit);
        let inner = board.width.saturating_sub(2 * GUTTER);
        let width = if on_screen == 0 {
            0
        } else {
            (inner / on_screen as u16)
                .saturating_sub(1)
                .clamp(1, MAX_COLUMN)
        };
        // A line of facts under each card in tall windows.
        let facts = board.height >= 20;
        let columns = kinds[scroll..scroll + on_screen]
            .iter()
            .enumerate()
            .map(|(i, &kind)| {
                let (name_lines, card_height) = match kind {
                    ColumnKind::Stage(s) => {
                        let tps = &map.stages[s].touchpoints;
                        let cards = &shown[s];
                        let names = cards.iter().map(|&t| tps[t].name.as_str());
                        let rows = board.height.saturating_sub(1);
                        card_shape(names, cards.len(), rows, width, facts)
                    }
                    ColumnKind::NewStage => (1, 1),
                };
                Column {
                    kind,
                    rect: Rect {
                        x: board.x + GUTTER + i as u16 * (width + 1),
                        y: board.y,
                        width,
                        height: board.height,
                    },
                    name_lines,
                    card_height,
                }
            })
            .collect();
        BoardGeometry {
            columns,
            shown,
            hidden_left: scroll,
            hidden_right: kinds.len() - scroll - on_screen,
            card_scroll,
        }
    }

    /// The rows for cards in a column: below its header line.
    pub fn cards_area(&self, column: &Column) -> Rect {
        Rect {
            y: column.rect.y + 1,
            height: column.rect.height.saturating_sub(1),
            ..column.rect
        }
    }

    /// How many cards fit in a column.
    pub fn cards_that_fit(&self, column: &Column) -> usize {
        usize::from(self.cards_area(column).height / column.card_height.max(1))
    }

    /// The cards `column` shows of its `count` (those `shown`, and the one
    /// being typed in place), the `focus`ed one in view.
    pub fn window(&self, column: &Column, count: usize, focus: Option<usize>) -> CardWindow {
        CardWindow::new(count, focus, self.cards_that_fit(column), self.card_scroll)
    }
}

/// Which of a column's cards are on screen: from `first`, `rows` of them,
/// with `below` more under the last (shown as "↓ N more" in a row of their
/// own, taken from the cards when there are more than fit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CardWindow {
    pub first: usize,
    pub rows: usize,
    pub below: usize,
}

impl CardWindow {
    /// `count` cards, `fit` rows of room, from the board's card row
    /// `scroll`, a page on or back when the `focus`ed card would be out of
    /// view. A column whose cards all fit does not scroll; one that does
    /// never scrolls past the page that ends at its last card.
    pub fn new(count: usize, focus: Option<usize>, fit: usize, scroll: usize) -> CardWindow {
        if count <= fit || fit == 0 {
            return CardWindow {
                first: 0,
                rows: fit,
                below: count.saturating_sub(fit),
            };
        }
        // Cards shown with more below: a row goes to "↓ N more".
        let page = if fit > 1 { fit - 1 } else { fit };
        let last_first = count - fit;
        let at = |first: usize| {
            let first = first.min(last_first);
            let rows = if first == last_first { fit } else { page };
            CardWindow {
                first,
                rows,
                below: count - first - rows,
            }
        };
        let window = at(scroll);
        match focus {
            Some(f) if f < window.first || f >= window.first + window.rows => {
                at(turn_page(window.first, f, page))
            }
            _ => window,
        }
    }

    /// The cards drawn, by index, with the slot each takes.
    pub fn shown(&self, count: usize) -> impl Iterator<Item = (usize, usize)> + use<> {
        let first = self.first;
        (0..self.rows.min(count.saturating_sub(first))).map(move |slot| (slot, first + slot))
    }
}

impl BoardGeometry {
    /// The stage (and card, or `None` for its header) drawn at `x`, `y`; the
    /// same arithmetic that draws the board, so a click selects what is
    /// there. `focus(s)` is the card selected in stage `s`; cards are by
    /// index in their stage, of those `shown`.
    pub fn card_at(
        &self,
        x: u16,
        y: u16,
        focus: impl Fn(usize) -> Option<usize>,
    ) -> Option<(usize, Option<usize>)> {
        let position = ratatui::layout::Position { x, y };
        let column = self.columns.iter().find(|c| c.rect.contains(position))?;
        let ColumnKind::Stage(s) = column.kind else {
            return None;
        };
        if y == column.rect.y {
            return Some((s, None));
        }
        let shown = &self.shown[s];
        let focus = focus(s).and_then(|card| shown.iter().position(|&c| c == card));
        let window = self.window(column, shown.len(), focus);
        let slot = usize::from((y - self.cards_area(column).y) / column.card_height.max(1));
        window
            .shown(shown.len())
            .find(|(at, _)| *at == slot)
            .map(|(_, place)| (s, Some(shown[place])))
    }
}

/// Rows of details under the Plan and Checks lists.
pub const DETAIL_ROWS: u16 = 5;

/// The parts of a list view (Plan, Checks): its header line, the list, and
/// the selected item's details under it when there is room.
pub fn list_areas(body: Rect) -> (Rect, Rect, Rect) {
    let header = Rect {
        height: 1.min(body.height),
        ..body
    };
    let detail_height = match body.height {
        20.. => DETAIL_ROWS + 1,
        14.. => DETAIL_ROWS,
        _ => 0,
    };
    let list = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1 + detail_height),
        ..body
    };
    let detail = Rect {
        y: list.bottom(),
        height: detail_height,
        ..body
    };
    (header, list, detail)
}

/// The details under a list that shows `shown` entries, grown upward from
/// `detail` into the rows under the last entry, as many as `needed` (the
/// details' rows with their rule) asks for: rows the list leaves empty
/// anyway, so the list and its scrolling stay as they are.
pub fn detail_grown(list: Rect, detail: Rect, shown: usize, needed: u16) -> Rect {
    let used = u16::try_from(shown).unwrap_or(u16::MAX).min(list.height);
    let spare = list.height - used;
    let grow = needed.saturating_sub(detail.height).min(spare);
    Rect {
        y: detail.y - grow,
        height: detail.height + grow,
        ..detail
    }
}

/// Where the tabs sit at the right end of the title bar, one per label.
pub fn tab_rects(title: Rect, labels: &[String]) -> Vec<Rect> {
    let total: u16 = labels
        .iter()
        .map(|l| crate::text::width(l) as u16 + 1)
        .sum();
    let mut x = title.right().saturating_sub(total);
    labels
        .iter()
        .map(|label| {
            let width = crate::text::width(label) as u16;
            let rect = Rect {
                x,
                y: title.y,
                width,
                height: 1,
            };
            x += width + 1;
            rect
        })
        .collect()
}

/// The first row to show of a list so that `selected` stays in view, moving
/// as little as possible from `previous`.
pub fn list_scroll(previous: usize, selected: usize, height: usize) -> usize {
    if height == 0 {
        return selected;
    }
    if selected < previous {
        selected
    } else if selected >= previous + height {
        selected + 1 - height
    } else {
        previous
    }
}

/// Present mode's widest line of text: wider reads badly across a room.
const PRESENT_TEXT: u16 = 100;

/// Present mode's parts, over the whole screen: the stage's name on top, its
/// touchpoints, the emotion curve of the whole journey with the stage strip
/// under it (one span per stage, the current one marked), a line of keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresentAreas {
    pub header: Rect,
    /// The touchpoints, in a column of text centred on the screen.
    pub body: Rect,
    pub curve_rule: Rect,
    pub curve: Rect,
    pub strip: Rect,
    pub footer: Rect,
}

impl PresentAreas {
    pub fn new(area: Rect) -> PresentAreas {
        let row = |y: u16| Rect {
            y,
            height: 1.min(area.height),
            ..area
        };
        let footer = row(area.bottom().saturating_sub(1));
        let strip = row(footer.y.saturating_sub(1));
        let curve = Rect {
            y: strip.y.saturating_sub(CURVE_ROWS).max(area.y),
            height: CURVE_ROWS.min(strip.y.saturating_sub(area.y)),
            ..area
        };
        let curve_rule = row(curve.y.saturating_sub(1).max(area.y));
        // A blank row under the stage's name where there is room for it.
        let gap = u16::from(area.height >= 24);
        let margin = if area.width >= 80 { 4 } else { 1 };
        let width = area.width.saturating_sub(2 * margin).min(PRESENT_TEXT);
        let text = Rect {
            x: area.x + (area.width - width) / 2,
            width,
            ..area
        };
        let header = Rect {
            height: 1.min(area.height),
            ..text
        };
        let top = (area.y + 1 + gap).min(curve_rule.y);
        let body = Rect {
            y: top,
            height: curve_rule.y - top,
            ..text
        };
        PresentAreas {
            header,
            body,
            curve_rule,
            curve,
            strip,
            footer,
        }
    }

    /// Each stage's span of the curve and the strip, in journey order,
    /// between the curve's gutters: the same columns for points and names.
    pub fn stage_spans(&self, stages: usize) -> Vec<Rect> {
        let x0 = u32::from(self.curve.x + GUTTER);
        let inner = u32::from(self.curve.width.saturating_sub(2 * GUTTER));
        let n = u32::try_from(stages).unwrap_or(u32::MAX).max(1);
        (0..n.min(u32::from(u16::MAX)))
            .take(stages)
            .map(|i| {
                let left = x0 + i * inner / n;
                let right = x0 + (i + 1) * inner / n;
                Rect {
                    x: left as u16,
                    y: self.curve.y,
                    width: (right - left) as u16,
                    height: self.curve.height,
                }
            })
            .collect()
    }

    /// The stage whose name on the strip is at `x`, `y`.
    pub fn stage_at(&self, stages: usize, x: u16, y: u16) -> Option<usize> {
        if y != self.strip.y || self.strip.height == 0 {
            return None;
        }
        self.stage_spans(stages)
            .iter()
            .position(|s| x >= s.x && x < s.right())
    }
}

/// Which of a stage's touchpoints present mode shows: from `first` up to
/// `end`, with `above` hidden over them and `below` under them (each count a
/// row of its own, "↑ N more", "↓ N more"). `cut` when the one touchpoint
/// shown is taller than the room: its last row then ends in "…".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PresentWindow {
    pub first: usize,
    pub end: usize,
    pub above: usize,
    pub below: usize,
    pub cut: bool,
}

impl PresentWindow {
    /// Touchpoints of `heights` rows each (a blank row between two), in
    /// `room` rows, from the `first` asked for; a `first` past the point
    /// where the last touchpoint shows moves back to that point.
    pub fn new(heights: &[u16], room: u16, first: usize) -> PresentWindow {
        let last_first = (0..heights.len())
            .find(|&f| Self::from(heights, room, f).below == 0)
            .unwrap_or(0);
        Self::from(heights, room, first.min(last_first))
    }

    /// The furthest `first` worth scrolling to.
    pub fn last_first(heights: &[u16], room: u16) -> usize {
        Self::new(heights, room, usize::MAX).first
    }

    fn from(heights: &[u16], room: u16, first: usize) -> PresentWindow {
        let count = heights.len();
        let first = first.min(count.saturating_sub(1));
        let mut used = u16::from(first > 0);
        let mut end = first;
        while end < count {
            let gap = u16::from(end > first);
            let more_after = u16::from(end + 1 < count);
            let need = used.saturating_add(gap).saturating_add(heights[end]);
            if need.saturating_add(more_after) > room {
                break;
            }
            used = need;
            end += 1;
        }
        let cut = end == first && first < count;
        if cut {
            end = first + 1;
        }
        PresentWindow {
            first,
            end,
            above: first,
            below: count - end,
            cut,
        }
    }

    /// Rows the touchpoints themselves get: the room less the marks.
    pub fn rows_for_touchpoints(&self, room: u16) -> u16 {
        room.saturating_sub(u16::from(self.above > 0) + u16::from(self.below > 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Stage, StageId};

    fn map_with_stages(n: usize) -> Map {
        let mut map = Map::new("m");
        for i in 0..n {
            map.stages.push(
                Stage {
                    id: StageId::parse(&format!("s-{i}")).unwrap(),
                    name: format!("S{i}"),
                    touchpoints: vec![],
                }
                .into(),
            );
        }
        map
    }

    fn geometry(board: Rect, map: &Map, stages: usize, new: Option<usize>) -> BoardGeometry {
        let shown = crate::tui::filter::shown_cards(
            map,
            None,
            crate::model::Date::new(2026, 1, 1).unwrap(),
        );
        let scroll = BoardScroll { stages, cards: 0 };
        BoardGeometry::new(board, map, scroll, new, shown.into())
    }

    #[test]
    fn three_stages_fit_at_80_columns_and_the_rest_are_counted() {
        let board = Rect::new(0, 1, 80, 12);
        let g = geometry(board, &map_with_stages(7), 2, None);
        assert_eq!(g.columns.len(), 3);
        assert_eq!((g.hidden_left, g.hidden_right), (2, 2));
        assert_eq!(g.columns[0].kind, ColumnKind::Stage(2));
        assert!(
            g.columns
                .iter()
                .all(|c| c.rect.right() <= board.right() - GUTTER)
        );
    }

    #[test]
    fn scroll_never_leaves_empty_columns_at_the_end() {
        let g = geometry(Rect::new(0, 0, 80, 12), &map_with_stages(4), 9, None);
        assert_eq!(g.hidden_left, 1);
        assert_eq!(g.columns.len(), 3);
    }

    #[test]
    fn a_stage_being_named_gets_a_column() {
        let g = geometry(Rect::new(0, 0, 80, 12), &map_with_stages(2), 0, Some(1));
        let kinds: Vec<ColumnKind> = g.columns.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                ColumnKind::Stage(0),
                ColumnKind::NewStage,
                ColumnKind::Stage(1)
            ]
        );
    }

    #[test]
    fn areas_stay_inside_the_body_at_every_size() {
        for (w, h) in [(50, 13), (80, 22), (140, 38), (200, 58), (50, 1), (1, 1)] {
            let body = Rect::new(0, 1, w, h);
            for details in [true, false] {
                let a = BoardAreas::new(body, details);
                for r in [a.board, a.curve_rule, a.curve, a.details] {
                    assert!(
                        r.is_empty()
                            || body.contains(r.as_position())
                                && r.bottom() <= body.bottom()
                                && r.right() <= body.right(),
                        "{w}x{h} {r:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn details_grow_only_into_rows_a_list_leaves_empty() {
        let (_, list, detail) = list_areas(Rect::new(0, 1, 140, 38));
        assert_eq!((list.height, detail.height), (31, 6));
        // A full list: the details stay as they are.
        assert_eq!(detail_grown(list, detail, 31, 10), detail);
        // Twenty entries leave eleven rows; ten are asked for, four given.
        let grown = detail_grown(list, detail, 20, 10);
        assert_eq!(
            (grown.y, grown.height, grown.bottom()),
            (detail.y - 4, 10, detail.bottom())
        );
        // No more than the rows left empty.
        let grown = detail_grown(list, detail, 28, 10);
        assert_eq!((grown.y, grown.height), (detail.y - 3, 9));
        // Details that fit are not grown.
        assert_eq!(detail_grown(list, detail, 5, 4), detail);
    }

    #[test]
    fn lists_scroll_as_little_as_needed() {
        assert_eq!(list_scroll(0, 5, 10), 0);
        assert_eq!(list_scroll(0, 12, 10), 3);
        assert_eq!(list_scroll(3, 2, 10), 2);
    }

    #[test]
    fn pages_turn_only_when_the_focus_leaves_them() {
        // Ten rows from row 20: 20 to 29 stay; 30 turns a page on, with 30
        // at the top; 19 a page back, with 19 at the bottom.
        assert_eq!(turn_page(20, 25, 10), 20);
        assert_eq!(turn_page(20, 29, 10), 20);
        assert_eq!(turn_page(20, 30, 10), 30);
        assert_eq!(turn_page(20, 19, 10), 10);
        assert_eq!(turn_page(20, 3, 10), 0);
    }

    /// The cards each move of the focus shows, down a column and back up.
    fn walk(count: usize, fit: usize) -> Vec<CardWindow> {
        let mut scroll = 0;
        let down = 0..count;
        down.chain((0..count).rev())
            .map(|focus| {
                let window = CardWindow::new(count, Some(focus), fit, scroll);
                assert!(
                    (window.first..window.first + window.rows).contains(&focus),
                    "{focus} in view: {window:?}"
                );
                assert_eq!(window.first + window.rows + window.below, count);
                scroll = window.first;
                window
            })
            .collect()
    }

    #[test]
    fn a_long_column_scrolls_by_pages_and_ends_on_its_last_card() {
        // Fifteen rows: fourteen cards and "↓ N more".
        let windows = walk(50, 15);
        let firsts: Vec<usize> = windows.iter().map(|w| w.first).collect();
        let turns = firsts.windows(2).filter(|w| w[0] != w[1]).count();
        assert_eq!(turns, 6, "three pages down, three back: {firsts:?}");
        assert_eq!(
            windows[13],
            CardWindow {
                first: 0,
                rows: 14,
                below: 36
            }
        );
        assert_eq!(
            windows[14],
            CardWindow {
                first: 14,
                rows: 14,
                below: 22
            }
        );
        // The last page shows the last fifteen, with nothing below.
        assert_eq!(
            windows[49],
            CardWindow {
                first: 35,
                rows: 15,
                below: 0
            }
        );
        // Back up: a page back puts the card at the bottom.
        // Back up (windows[50 + k] is card 49 - k's): a page back puts the
        // card at the bottom.
        assert_eq!(windows[50 + 14].first, 35);
        assert_eq!(windows[50 + 15].first, 21, "card 34 at the bottom");
        assert_eq!(windows[99].first, 0);
        // A column that fits does not scroll, whatever the board's row.
        assert_eq!(CardWindow::new(15, Some(3), 15, 30).first, 0);
        // One that scrolls shares the row while its focus is in view.
        assert_eq!(CardWindow::new(40, None, 15, 14).first, 14);
        assert_eq!(CardWindow::new(40, Some(20), 15, 14).first, 14);
        assert_eq!(
            CardWindow::new(20, None, 15, 14).first,
            5,
            "no further than its end"
        );
    }

    #[test]
    fn present_mode_fits_at_every_size() {
        for (w, h) in [(50, 15), (60, 18), (80, 24), (200, 50), (1, 1)] {
            let area = Rect::new(0, 0, w, h);
            let a = PresentAreas::new(area);
            for r in [a.header, a.body, a.curve_rule, a.curve, a.strip, a.footer] {
                assert!(
                    r.bottom() <= area.bottom() && r.right() <= area.right(),
                    "{w}x{h} {r:?}"
                );
            }
            assert!(a.body.width <= PRESENT_TEXT);
        }
        let a = PresentAreas::new(Rect::new(0, 0, 60, 18));
        assert_eq!(
            (a.body.y, a.body.height, a.curve.height),
            (1, 9, CURVE_ROWS)
        );
        assert_eq!((a.strip.y, a.footer.y), (16, 17));
        let spans = a.stage_spans(3);
        assert_eq!(spans[0].x, GUTTER);
        assert_eq!(spans[2].right(), 60 - GUTTER);
        assert_eq!(a.stage_at(3, spans[1].x, a.strip.y), Some(1));
        assert_eq!(a.stage_at(3, spans[1].x, a.strip.y - 1), None);
        assert_eq!(a.stage_at(3, 0, a.strip.y), None);
    }

    #[test]
    fn present_mode_scrolls_by_touchpoint_and_counts_the_rest() {
        // Three of 4 rows each in 9 rows: two fit with the mark for the third.
        let w = PresentWindow::new(&[4, 4, 4], 9, 0);
        assert_eq!(
            (w.first, w.end, w.above, w.below, w.cut),
            (0, 1, 0, 2, false)
        );
        let w = PresentWindow::new(&[4, 4, 4], 10, 0);
        assert_eq!((w.end, w.below), (2, 1));
        // Scrolled: a mark above; no further than the last one showing.
        let w = PresentWindow::new(&[4, 4, 4], 10, 9);
        assert_eq!((w.first, w.end, w.above, w.below), (1, 3, 1, 0));
        assert_eq!(PresentWindow::last_first(&[4, 4, 4], 10), 1);
        assert_eq!(PresentWindow::last_first(&[2, 2], 10), 0);
        // One taller than the room is shown cut.
        let w = PresentWindow::new(&[20, 4], 9, 0);
        assert_eq!((w.end, w.below, w.cut), (1, 1, true));
        assert_eq!(w.rows_for_touchpoints(9), 8);
        assert_eq!(PresentWindow::new(&[], 9, 3).end, 0);
    }
}

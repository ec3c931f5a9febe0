//! Whole screens drawn into a test buffer: snapshots of every view at 80x24
//! and 140x40, and checks of what must hold whatever the snapshot says.

use super::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

pub(super) fn draw(app: &mut App, width: u16, height: u16) -> Buffer {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

pub(super) fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                x += crate::text::width(symbol).max(1) as u16;
            }
            line.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn screen(keys_typed: &str, width: u16, height: u16) -> String {
    let mut app = example();
    app.resize(width, height);
    keys(&mut app, keys_typed);
    text(&draw(&mut app, width, height))
}

#[test]
fn board_80x24() {
    insta::assert_snapshot!(screen("jl", 80, 24));
}

#[test]
fn a_message_longer_than_the_footer_wraps_above_it() {
    let mut app = example();
    app.error(
        "Not saved: No space left on device (os error 28). The file is unchanged; your edits are kept.",
    );
    let screen = text(&draw(&mut app, 80, 24));
    let last: Vec<&str> = screen.lines().skip(22).collect();
    assert_eq!(
        last,
        [
            " Not saved: No space left on device (os error 28). The file is unchanged; your",
            " edits are kept.",
        ],
        "{screen}"
    );
    keys(&mut app, "l");
    let screen = text(&draw(&mut app, 80, 24));
    assert!(!screen.contains("os error"), "gone at the next key");
}

#[test]
fn a_prompt_error_is_read_whole_above_the_field() {
    let screen = screen("<Tab>t<C-u>2026-02-30<Enter>", 80, 24);
    let last: Vec<&str> = screen.lines().skip(22).collect();
    assert_eq!(
        last,
        [
            " `2026-02-30` is not a date: February 2026 has 28 days",
            " Due (YYYY-MM-DD, empty for none): 2026-02-30",
        ],
        "{screen}"
    );
}

#[test]
fn an_overdue_action_says_so_in_words_in_details_and_editor() {
    // 'Wait for the decision' has an action due 2026-10-31, not done.
    let details = screen("ll", 140, 40);
    assert!(
        details.contains("[ ] OVERDUE Give call-centre"),
        "{details}"
    );
    let editor = screen("lle", 140, 40);
    assert!(editor.contains("[ ] OVERDUE Give call-centre"), "{editor}");
}

#[test]
fn a_conflicted_touchpoint_is_marked_and_its_conflict_opens_first() {
    let mut map = crate::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let tp = map.stages[0].touchpoints[1].clone();
    map.conflicts.push(crate::model::Conflict::Touchpoint {
        id: tp.id.clone(),
        ours: crate::model::TouchpointField::Emotion(tp.emotion),
        theirs: crate::model::TouchpointField::Emotion(crate::model::Emotion::new(-2)),
    });
    let mut app = app_with(map, 80, 24);
    app.show_conflicts();
    assert_eq!(top(&app), "conflicts");
    keys(&mut app, "<Esc>");
    let board = text(&draw(&mut app, 80, 24));
    assert!(board.contains("   !D  - Compare fees"), "{board}");
    keys(&mut app, "ji");
    let details = text(&draw(&mut app, 80, 24));
    assert!(
        details.contains("Merge conflict: touchpoint 'Compare fees in the price list': emotion"),
        "{details}"
    );
    app.show_conflicts();
    keys(&mut app, "t");
    assert_eq!(top(&app), "none", "the last one settled closes the list");
    let board = text(&draw(&mut app, 80, 24));
    assert!(board.contains("▶D -- Compare fees"), "{board}");
}

#[test]
fn board_80x24_with_details() {
    insta::assert_snapshot!(screen("jli", 80, 24));
}

#[test]
fn board_140x40() {
    insta::assert_snapshot!(screen("jl", 140, 40));
}

/// The board with names wrapped to their columns, at the sizes a workshop
/// room meets: a projector's large font, a laptop, a wide screen.
#[test]
fn board_60x18() {
    let shown = screen("jl", 60, 18);
    assert!(shown.contains("Upload company"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn board_200x50() {
    let shown = screen("jl", 200, 50);
    assert!(shown.contains("Relationship manager"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn board_in_present_mode_and_back_at_60x18() {
    let shown = screen("jlp", 60, 18);
    assert!(shown.contains("stage 2 of 5"), "{shown}");
}

#[test]
fn plan_80x24() {
    insta::assert_snapshot!(screen("<Tab>jj", 80, 24));
}

#[test]
fn plan_140x40() {
    insta::assert_snapshot!(screen("<Tab>jj", 140, 40));
}

#[test]
fn checks_80x24() {
    insta::assert_snapshot!(screen("<Tab><Tab>j", 80, 24));
}

#[test]
fn checks_140x40() {
    insta::assert_snapshot!(screen("<Tab><Tab>j", 140, 40));
}

#[test]
fn editor_80x24() {
    insta::assert_snapshot!(screen("le", 80, 24));
}

#[test]
fn wish_picker_80x24() {
    insta::assert_snapshot!(screen("wy", 80, 24));
}

#[test]
fn help_80x24() {
    insta::assert_snapshot!(screen("?", 80, 24));
}

#[test]
fn adding_in_place_80x24() {
    insta::assert_snapshot!(screen("aNew card", 80, 24));
}

#[test]
fn window_too_small() {
    insta::assert_snapshot!(screen("", 30, 8));
}

/// Draws the app into the middle of a larger buffer filled with `·`, and
/// checks that nothing was drawn outside its `w` x `h` area; returns the
/// area's text.
fn draw_inside(app: &App, w: u16, h: u16) -> String {
    use ratatui::widgets::Widget;
    let outer = Rect::new(0, 0, w + 6, h + 4);
    let area = Rect::new(3, 2, w, h);
    let mut buffer = Buffer::filled(outer, ratatui::buffer::Cell::new("·"));
    app.render(area, &mut buffer);
    for y in 0..outer.height {
        for x in 0..outer.width {
            if !area.contains(ratatui::layout::Position { x, y }) {
                assert_eq!(
                    buffer[(x, y)].symbol(),
                    "·",
                    "{w}x{h}: drawn outside the frame at {x},{y}"
                );
            }
        }
    }
    let mut inner = Buffer::empty(Rect::new(0, 0, w, h));
    for y in 0..h {
        for x in 0..w {
            inner[(x, y)] = buffer[(x + 3, y + 2)].clone();
        }
    }
    text(&inner)
}

#[test]
fn no_size_panics_or_spills() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (20, 5),
        (49, 14),
        (49, 30),
        (120, 14),
        (50, 15),
        (51, 16),
        (60, 18),
        (300, 90),
    ] {
        let small = crate::tui::layout::too_small(Rect::new(0, 0, w, h));
        let check = |app: &App, what: &str| {
            let screen = draw_inside(app, w, h);
            if small && w >= 20 {
                assert!(
                    screen.starts_with("Window too small"),
                    "{w}x{h} after {what}: {screen}"
                );
            }
            if small {
                assert!(
                    !screen.contains('│') && !screen.contains("Board"),
                    "{w}x{h} after {what}: only the note, nothing of the app: {screen}"
                );
            }
        };
        for keys_typed in [
            "",
            "<Tab>",
            "<Tab><Tab>",
            "e",
            "w",
            "?",
            "a",
            "A",
            "+q",
            "/zzz",
            "<Tab>t<C-u>2026-02-30<Enter>",
            "<Tab>n",
            "kd",
        ] {
            // Keys typed at a size that shows the app, then the window shrinks.
            let mut app = example();
            keys(&mut app, keys_typed);
            app.resize(w, h);
            check(&app, keys_typed);
            // Keys typed at the size itself.
            let mut app = example();
            app.resize(w, h);
            keys(&mut app, keys_typed);
            check(&app, keys_typed);
        }
        // A long message, and the conflict list.
        let mut app = example();
        app.resize(w, h);
        app.error("a message far longer than any small window is wide, ".repeat(8));
        check(&app, "a long message");
        let mut map = app.map().clone();
        map.conflicts.push(crate::model::Conflict::Map {
            ours: crate::model::MapField::Title("ours".into()),
            theirs: crate::model::MapField::Title("theirs".into()),
        });
        let mut app = app_with(map, w, h);
        app.show_conflicts();
        check(&app, "the conflict list");
    }
}

#[test]
fn keys_do_nothing_behind_the_too_small_note_but_quit() {
    let mut app = example();
    let before = app.map().clone();
    app.resize(40, 12);
    keys(&mut app, "dd+jxAStage<Enter>u<C-s>?<Tab>");
    assert_eq!(*app.map(), before, "nothing nobody can see was changed");
    assert_eq!(top(&app), "none");
    assert_eq!(app.view(), crate::tui::View::Board);
    // A prompt opened before the window shrank takes no typing while hidden.
    app.resize(80, 24);
    keys(&mut app, "aNew");
    app.resize(40, 12);
    keys(&mut app, "er<Enter><BS><Esc>");
    app.resize(80, 24);
    assert_eq!(top(&app), "prompt");
    keys(&mut app, "<Enter>");
    assert_eq!(selected(&app), "New");
    // Quitting works, and asks about unsaved changes where it can be read.
    app.resize(40, 12);
    keys(&mut app, "q");
    assert_eq!(top(&app), "quit");
    let screen = draw_inside(&app, 40, 12);
    assert!(screen.contains("Save the change to this map"), "{screen}");
    assert!(screen.contains("discard"), "{screen}");
    keys(&mut app, "c");
    assert_eq!(top(&app), "none");
    assert!(!app.quitting());
    keys(&mut app, "<C-c>d");
    assert!(app.quitting(), "Ctrl+C, then d: quit without saving");
}

#[test]
fn the_selected_card_shows_without_colour() {
    let mut app = example();
    app.set_theme(Theme::MONOCHROME);
    let buffer = draw(&mut app, 80, 24);
    let screen = text(&buffer);
    assert!(screen.contains("▶C  0 Search for a"), "{screen}");
    let cells = buffer.content.iter();
    assert!(
        cells
            .clone()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
        "NO_COLOR: no colour at all"
    );
    let row = screen
        .lines()
        .position(|l| l.contains("▶C  0 Search"))
        .unwrap() as u16;
    let marker = (0..80)
        .map(|x| &buffer[(x, row)])
        .find(|c| c.symbol() == "▶")
        .unwrap();
    assert!(marker.modifier.contains(ratatui::style::Modifier::REVERSED));
}

#[test]
fn wish_letters_and_emotions_have_their_colours() {
    let mut app = example();
    let buffer = draw(&mut app, 80, 24);
    let screen = text(&buffer);
    let at = screen
        .lines()
        .position(|l| l.contains("Compare fees"))
        .unwrap() as u16;
    let row: Vec<&ratatui::buffer::Cell> = (0..80).map(|x| &buffer[(x, at)]).collect();
    let d = row.iter().find(|c| c.symbol() == "D").unwrap();
    assert_eq!(d.fg, Color::Yellow, "Deception is yellow");
    let minus = row.iter().find(|c| c.symbol() == "-").unwrap();
    assert_eq!(minus.fg, Color::Red, "a negative emotion is red");
}

#[test]
fn wide_and_accented_names_line_up() {
    let mut map = crate::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map;
    map.stages[0].touchpoints[0].name =
        "漢字のテスト with emoji 😀👍 and more, and more words than three lines hold".into();
    map.stages[0].touchpoints[1].name = "Õhtune pöördumine ärisse šokolaadi ja žetoonidega".into();
    let mut app = app_with(map, 80, 24);
    let buffer = draw(&mut app, 80, 24);
    let screen = text(&buffer);
    let separators: Vec<Option<usize>> = screen
        .lines()
        .skip(2)
        .take(6)
        .map(|l| {
            l.chars()
                .scan(0, |x, c| {
                    let at = *x;
                    *x += crate::text::width(&c.to_string());
                    Some((at, c))
                })
                .find(|(_, c)| *c == '│')
                .map(|(at, _)| at)
        })
        .collect();
    assert!(
        separators
            .iter()
            .all(|s| *s == separators[0] && s.is_some()),
        "{screen}"
    );
    assert!(
        screen.contains("▶C  0 漢字のテスト with│"),
        "wrapped by width, not by characters: {screen}"
    );
    assert!(
        screen.contains("ja žetoonidega"),
        "a long name wraps whole when it fits in three lines: {screen}"
    );
    let third: String = screen
        .lines()
        .nth(4)
        .unwrap_or_default()
        .chars()
        .take(26)
        .collect();
    assert!(
        third.contains('…'),
        "and ends in … when it does not: {screen}"
    );
}

#[test]
fn the_checks_tab_counts_findings_as_the_map_changes() {
    let mut app = example();
    let before = text(&draw(&mut app, 80, 24));
    assert!(
        before
            .lines()
            .next()
            .unwrap()
            .ends_with("Checks 9   Causes"),
        "{before}"
    );
    // 'Ask the accountant which bank to use' scored -1: a pain point with
    // no customer words (CX002), no root cause (CX004) and no action
    // (CX005), 9 + 3.
    keys(&mut app, "G-");
    let after = text(&draw(&mut app, 80, 24));
    assert!(
        after
            .lines()
            .next()
            .unwrap()
            .ends_with("Checks 12   Causes"),
        "{after}"
    );
}

#[test]
fn overdue_actions_stand_out_in_the_plan() {
    let mut app = example();
    keys(&mut app, "<Tab>");
    let buffer = draw(&mut app, 100, 30);
    let screen = text(&buffer);
    let line = screen
        .lines()
        .position(|l| l.contains("OVERDUE Give call-centre agents"))
        .expect("marked overdue");
    let cell = (0..100)
        .map(|x| &buffer[(x, line as u16)])
        .find(|c| c.symbol() == "O")
        .unwrap();
    assert_eq!(cell.fg, Color::Red);
}

#[test]
fn the_board_says_how_many_stages_are_off_screen() {
    let screen = screen("llll", 80, 24);
    let header = screen.lines().nth(1).unwrap();
    assert!(header.starts_with("◀2"), "{header}");
}

#[test]
fn each_stage_header_says_how_much_of_it_rests_on_research() {
    use crate::model::TouchpointKey as K;
    let mut app = example();
    let headers = |app: &mut App, width| {
        text(&draw(app, width, 24))
            .lines()
            .nth(1)
            .unwrap_or_default()
            .to_owned()
    };
    // Discover rests on research for 2 of 3 touchpoints: 66%, in words
    // where the column has room, with the card count kept whole.
    let wide = headers(&mut app, 200);
    assert!(wide.contains("Discover (3) 66% research"), "{wide}");
    assert!(wide.contains("Get help (3) 33% research"), "{wide}");
    let narrow = headers(&mut app, 80);
    assert!(narrow.contains("Discover (3) 66% res."), "{narrow}");
    assert!(narrow.contains("Wait for app… (3) 100%"), "{narrow}");
    // The team hears the accountants: the third card rests on research now.
    keys(&mut app, "jj");
    assert_eq!(selected(&app), "Ask the accountant which bank to use");
    keys(&mut app, &format!("e{}r<Esc>", to_row(K::Basis)));
    assert!(headers(&mut app, 80).contains("Discover (3) 100% res."));
    // On the stage itself, its details give the rest of its figures.
    keys(&mut app, "kkk");
    assert_eq!(selected(&app), "stage: Discover");
    let screen = text(&draw(&mut app, 140, 40));
    for words in [
        "3 touchpoints · 1 pain point · 100% on",
        "23 customers counted · mean emotion -0.5,",
        "pain index 25",
        "Actions: 1 open (0 overdue), 0 done",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    // Under the board at 80x24, three rows: the first line of figures, and
    // the stage's keys still in view.
    draw(&mut app, 80, 24);
    keys(&mut app, "i");
    let screen = text(&draw(&mut app, 80, 24));
    let details: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.starts_with(" Details"))
        .collect();
    assert_eq!(
        details[1..4],
        [
            " Stage: Discover",
            " 3 touchpoints · 1 pain point · 100% on research · pain index 25",
            " a adds a touchpoint · Enter renames · H L move the stage · d deletes it",
        ],
        "{screen}"
    );
}

#[test]
fn a_dialog_over_a_wide_character_keeps_its_left_border() {
    use ratatui::buffer::Buffer;
    let app = example();
    let area = Rect::new(0, 0, 12, 4);
    let before = Buffer::empty(area);
    let mut buf = Buffer::empty(area);
    // 受 takes columns 2 and 3; the dialog begins at column 3.
    buf.set_string(0, 1, "ab受cd", ratatui::style::Style::default());
    crate::tui::overlay::frame(&app, Rect::new(3, 0, 8, 4), "t", &mut buf);
    assert_eq!(buf[(2, 1)].symbol(), " ", "the half left out is blanked");
    assert_eq!(buf[(3, 1)].symbol(), "│");
    // And the border is among what the frame sends to the terminal.
    let sent: Vec<(u16, u16, String)> = before
        .diff(&buf)
        .into_iter()
        .map(|(x, y, cell)| (x, y, cell.symbol().to_owned()))
        .collect();
    assert!(sent.contains(&(3, 1, "│".to_owned())), "{sent:?}");
}

//! Diagrams as people write them: Mermaid's documentation, its parser's
//! own tests (`journey.spec.js`, inputs kept as they are), examples from
//! READMEs and bug reports, other score scales, comments, directives,
//! front matter, CJK and right-to-left text; and what the import notes.

use super::*;

fn read(text: &str) -> Imported {
    import(text, Scale::Auto).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The notes as `line: message`.
fn notes(imported: &Imported) -> Vec<String> {
    imported.notes.iter().map(ToString::to_string).collect()
}

/// A task as the tests write it: name, channel, emotion.
type Task<'m> = (&'m str, &'m str, Option<i8>);

fn stages(map: &Map) -> Vec<(&str, Vec<Task<'_>>)> {
    map.stages
        .iter()
        .map(|s| {
            let tasks = s
                .touchpoints
                .iter()
                .map(|t| {
                    (
                        t.name.as_str(),
                        t.channel.as_str(),
                        t.emotion.map(Emotion::value),
                    )
                })
                .collect();
            (s.name.as_str(), tasks)
        })
        .collect()
}

fn has(notes: &[String], line: usize, words: &str) -> bool {
    let start = format!("{line}: ");
    notes
        .iter()
        .any(|n| n.starts_with(&start) && n.contains(words))
}

#[test]
fn the_example_in_mermaids_documentation() {
    let imported = read(
        "journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
",
    );
    assert_eq!(imported.map.title, "My working day");
    assert_eq!(
        stages(&imported.map),
        [
            (
                "Go to work",
                vec![
                    ("Make tea", "Me", Some(2)),
                    ("Go upstairs", "Me", Some(0)),
                    ("Do work", "Me, Cat", Some(-2))
                ]
            ),
            (
                "Go home",
                vec![
                    ("Go downstairs", "Me", Some(2)),
                    ("Sit down", "Me", Some(2))
                ]
            ),
        ]
    );
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    let mut ids: Vec<String> = imported
        .map
        .stages
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    ids.extend(imported.map.touchpoints().map(|(_, t)| t.id.to_string()));
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 7, "fresh, distinct ids: {ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.starts_with("s-") || id.starts_with("t-"))
    );
}

// journey.spec.js: 'should handle a title definition'
#[test]
fn spec_a_title_definition() {
    let imported = read("journey\ntitle Adding journey diagram functionality to mermaid");
    assert_eq!(
        imported.map.title,
        "Adding journey diagram functionality to mermaid"
    );
    assert!(imported.map.stages.is_empty());
    assert!(imported.notes.is_empty());
}

// journey.spec.js: 'should handle an accessibility description (accDescr)'
#[test]
fn spec_an_accessibility_description() {
    let str = "journey\n".to_owned()
        + "accDescr: A user journey for family shopping\n"
        + "title Adding journey diagram functionality to mermaid\n"
        + "section Order from website";
    let imported = read(&str);
    assert_eq!(imported.map.persona, "A user journey for family shopping");
    assert_eq!(
        imported.map.title,
        "Adding journey diagram functionality to mermaid"
    );
    assert_eq!(stages(&imported.map), [("Order from website", vec![])]);
    assert!(imported.notes.is_empty());
}

// journey.spec.js: 'should handle an accessibility multiline description (accDescr)'
#[test]
fn spec_an_accessibility_multiline_description() {
    let str = "journey\n".to_owned()
        + "accDescr {
        A user journey for
        family shopping
      }" + "title Adding journey diagram functionality to mermaid\n"
        + "accTitle: Adding acc journey diagram functionality to mermaid\n"
        + "section Order from website";
    let imported = read(&str);
    assert_eq!(imported.map.persona, "A user journey for family shopping");
    assert_eq!(
        imported.map.title,
        "Adding journey diagram functionality to mermaid"
    );
    assert_eq!(stages(&imported.map), [("Order from website", vec![])]);
    let notes = notes(&imported);
    assert!(has(&notes, 2, "line breaks became spaces"), "{notes:?}");
    assert!(
        has(&notes, 6, "accTitle `Adding acc journey") && has(&notes, 6, "is not kept"),
        "{notes:?}"
    );
    assert_eq!(notes.len(), 2, "{notes:?}");
}

// journey.spec.js: 'should handle an accessibility title (accDescr)'
#[test]
fn spec_an_accessibility_title() {
    let str = "journey
    accTitle: The title
    section Order from website";
    let imported = read(str);
    assert_eq!(
        imported.map.title, "The title",
        "no title: accTitle names the map"
    );
    assert_eq!(imported.map.persona, "");
    assert_eq!(stages(&imported.map), [("Order from website", vec![])]);
    assert!(imported.notes.is_empty());
}

// journey.spec.js: 'should handle a section definition'
#[test]
fn spec_a_section_definition() {
    let str = "journey\n".to_owned()
        + "title Adding journey diagram functionality to mermaid\n"
        + "section Order from website";
    let imported = read(&str);
    assert_eq!(stages(&imported.map), [("Order from website", vec![])]);
}

// journey.spec.js: 'should handle multiline section titles with different line breaks'
#[test]
fn spec_multiline_section_titles() {
    let str = "journey\n".to_owned()
        + "title Adding gantt diagram functionality to mermaid\n"
        + "section Line1<br>Line2<br/>Line3</br />Line4<br\t/>Line5";
    let imported = read(&str);
    assert_eq!(
        stages(&imported.map),
        [("Line1 Line2 Line3 Line4 Line5", vec![])]
    );
    let notes = notes(&imported);
    assert!(has(&notes, 3, "line break (`<br>`)"), "{notes:?}");
}

// journey.spec.js: 'should handle a task definition'
#[test]
fn spec_a_task_definition() {
    let str = "journey\n".to_owned()
        + "title Adding journey diagram functionality to mermaid\n"
        + "section Documentation\n"
        + "A task: 5: Alice, Bob, Charlie\n"
        + "B task: 3:Bob, Charlie\n"
        + "C task: 5\n"
        + "D task: 5: Charlie, Alice\n"
        + "E task: 5:\n"
        + "section Another section\n"
        + "P task: 5:\n"
        + "Q task: 5:\n"
        + "R task: 5:";
    let imported = read(&str);
    assert_eq!(
        stages(&imported.map),
        [
            (
                "Documentation",
                vec![
                    ("A task", "Alice, Bob, Charlie", Some(2)),
                    ("B task", "Bob, Charlie", Some(0)),
                    ("C task", "", Some(2)),
                    ("D task", "Charlie, Alice", Some(2)),
                    ("E task", "", Some(2)),
                ]
            ),
            (
                "Another section",
                vec![
                    ("P task", "", Some(2)),
                    ("Q task", "", Some(2)),
                    ("R task", "", Some(2))
                ]
            ),
        ]
    );
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
}

// A README (97joseph/HierarchicalRegression): indented with tabs.
#[test]
fn a_readme_indented_with_tabs() {
    let imported = read(
        "journey\n\ttitle Me studying for exams\n\tsection Exam is announced\n\t\tI start studying: 1: Me\n\t\tAsk friend for help: 3: Me, Friend\n\tsection Result Declared\n\t\tI passed the exam with destinction!: 5: Me\n",
    );
    assert_eq!(
        stages(&imported.map),
        [
            (
                "Exam is announced",
                vec![
                    ("I start studying", "Me", Some(-2)),
                    ("Ask friend for help", "Me, Friend", Some(0))
                ]
            ),
            (
                "Result Declared",
                vec![("I passed the exam with destinction!", "Me", Some(2))]
            ),
        ]
    );
    assert!(imported.notes.is_empty());
}

// A README (cloudvista/app-flows): a trailing comma and space after the actors.
#[test]
fn a_readme_with_a_trailing_comma() {
    let imported = read(
        "journey\n    title Brocks working day\n    section Go to work\n      Make tea: 5: Me, Brock, \n      Go upstairs: 3: Coco\n",
    );
    assert_eq!(
        stages(&imported.map),
        [(
            "Go to work",
            vec![
                ("Make tea", "Me, Brock", Some(2)),
                ("Go upstairs", "Coco", Some(0))
            ]
        )]
    );
}

// mermaid-js/mermaid#5955: spaces around colons, a section named twice,
// trailing spaces.
#[test]
fn spaces_around_colons_and_a_section_named_twice() {
    let imported = read(
        "journey\n    title  Web hook life cycle\n    section Darkoob \n        Make preBuilt:5: Darkoob user \n        register slug : 5: Darkoob user\n    section External Service\n      listen to the events : 5 :  External Service \n    section Darkoob  \n        check for inputs : 5 : DarkoobAPI\n",
    );
    assert_eq!(imported.map.title, "Web hook life cycle");
    assert_eq!(
        stages(&imported.map),
        [
            (
                "Darkoob",
                vec![
                    ("Make preBuilt", "Darkoob user", Some(2)),
                    ("register slug", "Darkoob user", Some(2))
                ]
            ),
            (
                "External Service",
                vec![("listen to the events", "External Service", Some(2))]
            ),
            ("Darkoob", vec![("check for inputs", "DarkoobAPI", Some(2))]),
        ]
    );
    assert!(imported.notes.is_empty());
}

// A diagram scored 3..9 (catenax-eV/catenax-ev.github.io#64): past 5, so
// read on 0..10, and the note says so where the first such score is.
#[test]
fn scores_past_five_are_read_on_zero_to_ten_and_the_note_says_so() {
    let text = "journey
    title Basic DCM User Journey
 section Exchange demand
        Manage demand:3: Customer
        Provide demand data:4: Customer
section Match and Compare
        Match and compare demand and capacity:4: Customer, Supplier
        Identifiy problems:5: Customer, Supplier
section Collaborate
        Propose sulutions:6: Customer, Supplier
        Decide on Measures:7: Customer, Supplier
        Solve problems:9: Customer, Supplier
";
    let imported = read(text);
    let emotions: Vec<Option<i8>> = imported
        .map
        .touchpoints()
        .map(|(_, t)| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(
        emotions,
        [
            Some(-1),
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(2)
        ]
    );
    let notes = notes(&imported);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        has(&notes, 10, "scores go up to 9")
            && notes[0].contains("0-1 → -2, 2-3 → -1, 4-6 → 0, 7-8 → +1, 9-10 → +2")
            && notes[0].contains("--scale 1-10"),
        "{notes:?}"
    );
    let forced = import(text, Scale::OneToTen).unwrap();
    let emotions: Vec<Option<i8>> = forced
        .map
        .touchpoints()
        .map(|(_, t)| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(
        emotions,
        [
            Some(-1),
            Some(-1),
            Some(-1),
            Some(0),
            Some(0),
            Some(1),
            Some(2)
        ]
    );
    assert!(
        has(&notes_of(&forced), 4, "1..10 scale"),
        "{:?}",
        forced.notes
    );
}

fn notes_of(imported: &Imported) -> Vec<String> {
    notes(imported)
}

// mermaid-js/mermaid#6262: scores past 10 fit no scale.
#[test]
fn scores_past_ten_are_unscored_with_a_note_at_their_line() {
    let imported = read(
        "journey\ntitle Our Day\nsection Morning\nBreakfast:10: Megan\nStretch : 11: Udval\nBrush Teeth:9: Monica\nsection Class\ngo to class: 13 : Udval\n",
    );
    let emotions: Vec<Option<i8>> = imported
        .map
        .touchpoints()
        .map(|(_, t)| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(emotions, [Some(2), None, Some(2), None]);
    let notes = notes(&imported);
    assert!(has(&notes, 4, "scores go up to 13"), "{notes:?}");
    assert!(
        has(
            &notes,
            5,
            "score 11 of `Stretch` is outside the 0..10 scale"
        ),
        "{notes:?}"
    );
    assert!(has(&notes, 8, "score 13 of `go to class`"), "{notes:?}");
}

// mermaid-js/mermaid#6243: one 7 among 5s; on 1..5 (--scale 1-5) the 7 is
// noted and unscored.
#[test]
fn a_forced_one_to_five_scale_reports_what_does_not_fit() {
    let text = "journey
    title  Our Day
    section Morning
        Breakfast:5: Megan
        Stretch : 7: Udval
      Brush Teeth:5: Monica
    section Class
      go to class and sit and sit and sit and sit and sit and sit: 5 : Udval
";
    let auto = read(text);
    assert_eq!(auto.map.stages[0].touchpoints[0].emotion, Emotion::new(0));
    let forced = import(text, Scale::OneToFive).unwrap();
    let emotions: Vec<Option<i8>> = forced
        .map
        .touchpoints()
        .map(|(_, t)| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(emotions, [Some(2), None, Some(2), Some(2)]);
    let notes = notes(&forced);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        has(&notes, 5, "outside the 1..5 scale: imported unscored"),
        "{notes:?}"
    );
    assert_eq!(
        forced.map.stages[1].touchpoints[0].name,
        "go to class and sit and sit and sit and sit and sit and sit",
        "a long name is kept whole"
    );
}

#[test]
fn zero_missing_and_words_as_scores_are_unscored_with_notes() {
    let imported = read(
        "journey\nsection S\nZero: 0: Me\nNone:   \nWords: five: Me\nHalf: 4.5: Me\nHex: 0x5\n",
    );
    let emotions: Vec<Option<i8>> = imported
        .map
        .touchpoints()
        .map(|(_, t)| t.emotion.map(Emotion::value))
        .collect();
    assert_eq!(emotions, [None, None, None, Some(1), None]);
    let notes = notes(&imported);
    assert!(
        has(
            &notes,
            3,
            "score 0 of `Zero` is outside the 1..5 scale: imported unscored; if the diagram \
             scores 0 to 10, import it again with --scale 0-10"
        ),
        "{notes:?}"
    );
    assert!(has(&notes, 4, "`None` has no score"), "{notes:?}");
    assert!(
        has(&notes, 5, "the score `five` of `Words` is not a number"),
        "{notes:?}"
    );
    assert!(
        has(
            &notes,
            6,
            "4.5 of `Half` lies between two steps: read as +1"
        ),
        "{notes:?}"
    );
    assert!(has(&notes, 7, "the score `0x5`"), "{notes:?}");
    assert_eq!(notes.len(), 5, "{notes:?}");
}

#[test]
fn forced_zero_to_ten_reads_every_score_of_it() {
    let text = (0..=10).map(|s| format!("S{s}: {s}\n")).collect::<String>();
    let imported = import(&format!("journey\nsection NPS\n{text}"), Scale::ZeroToTen).unwrap();
    let emotions: Vec<Option<i8>> = imported
        .map
        .touchpoints()
        .map(|(_, t)| t.emotion.map(Emotion::value))
        .collect();
    let expected = [-2, -2, -1, -1, 0, 0, 0, 1, 1, 2, 2].map(Some);
    assert_eq!(emotions, expected);
    assert!(has(&notes(&imported), 3, "scores read on the 0..10 scale"));
}

#[test]
fn tasks_before_any_section_go_to_a_stage_with_no_name() {
    let imported = read(
        "journey\n  title Quick\n  Sign up: 4: User\n  Pay: 2: User\nsection Later\n  Return: 5\n",
    );
    assert_eq!(
        stages(&imported.map),
        [
            (
                "",
                vec![("Sign up", "User", Some(1)), ("Pay", "User", Some(-1))]
            ),
            ("Later", vec![("Return", "", Some(2))]),
        ]
    );
    let notes = notes(&imported);
    assert!(has(&notes, 3, "first stage with no name"), "{notes:?}");
    assert_eq!(notes.len(), 1, "{notes:?}");
}

#[test]
fn comments_directives_and_front_matter_are_noted_at_their_lines() {
    let text = "---
title: From the front matter
config:
  theme: forest
---
%%{init: {\"journey\": {\"useMaxWidth\": false}}}%%
%% Who: our support team
journey
    section Call # the first call
      Wait: 1: phone
      %% two lines of
      %% remarks
      Answer: 4: phone
";
    let imported = read(text);
    assert_eq!(imported.map.title, "From the front matter");
    assert_eq!(
        stages(&imported.map),
        [(
            "Call",
            vec![("Wait", "phone", Some(-2)), ("Answer", "phone", Some(1))]
        )]
    );
    let notes = notes(&imported);
    assert!(has(&notes, 3, "front matter `config`"), "{notes:?}");
    assert!(
        has(&notes, 6, "1 comment and 1 directive (to line 7)"),
        "{notes:?}"
    );
    assert!(
        has(&notes, 9, "a comment is not kept: `# the first call`"),
        "{notes:?}"
    );
    assert!(has(&notes, 11, "2 comments (to line 12)"), "{notes:?}");
    assert_eq!(notes.len(), 4, "{notes:?}");
}

#[test]
fn a_title_line_wins_over_the_front_matter_and_both_are_said() {
    let imported = read("---\ntitle: 'Front'\n---\njourney\ntitle First\ntitle Second\n");
    assert_eq!(imported.map.title, "Second");
    let notes = notes(&imported);
    assert!(
        has(&notes, 2, "the front matter's title `Front` is not kept"),
        "{notes:?}"
    );
    assert!(
        has(&notes, 5, "title `First` is not kept: the title at line 6"),
        "{notes:?}"
    );
}

#[test]
fn cjk_right_to_left_and_emoji_names_and_actors() {
    let imported = read(
        "journey\n  title 顧客の旅 🚀\n  section 申し込み\n    フォーム入力: 2: ウェブ, 電話\n  section שירות\n    שיחה עם נציג: 4: טלפון\n    اتصل بنا: 3: هاتف\n    🎉🎉: 5: 👩‍💻\n",
    );
    assert_eq!(imported.map.title, "顧客の旅 🚀");
    assert_eq!(
        stages(&imported.map),
        [
            ("申し込み", vec![("フォーム入力", "ウェブ, 電話", Some(-1))]),
            (
                "שירות",
                vec![
                    ("שיחה עם נציג", "טלפון", Some(1)),
                    ("اتصل بنا", "هاتف", Some(0)),
                    ("🎉🎉", "👩‍💻", Some(2))
                ]
            ),
        ]
    );
    assert!(imported.notes.is_empty());
}

#[test]
fn accented_names_the_keyword_in_any_case_and_crlf_line_ends() {
    let imported = read(
        "JOURNEY\r\n  Title Kodune internet\r\n  SECTION Rike\r\n    Õhtul kaob ühendus:1:kodus\r\n",
    );
    assert_eq!(imported.map.title, "Kodune internet");
    assert_eq!(
        stages(&imported.map),
        [("Rike", vec![("Õhtul kaob ühendus", "kodus", Some(-2))])]
    );
}

#[test]
fn what_follows_the_actors_is_noted_not_dropped() {
    let imported = read("journey\nsection S\nPay: 4: Me: and more\nAsk: 3: Me:\n");
    let notes = notes(&imported);
    assert!(
        has(
            &notes,
            3,
            "`: and more` after the actors of `Pay` is not kept"
        ),
        "{notes:?}"
    );
    assert_eq!(notes.len(), 1, "an empty piece loses nothing: {notes:?}");
}

#[test]
fn cxmap_marks_come_back_and_a_changed_diagram_wins() {
    let text = "journey
    section S
        %% cxmap: unscored
        Kept unscored: 3
        %% cxmap: unscored
        Scored since: 5
        %% cxmap name: A name far longer than the box that Mermaid draws it in
        A name far longer than the box that…: 2
        %% cxmap name: Another long name that was shortened on export to fit
        Renamed in the diagram: 2
";
    let imported = read(text);
    assert_eq!(
        stages(&imported.map),
        [(
            "S",
            vec![
                ("Kept unscored", "", None),
                ("Scored since", "", Some(2)),
                (
                    "A name far longer than the box that Mermaid draws it in",
                    "",
                    Some(-1)
                ),
                ("Renamed in the diagram", "", Some(-1)),
            ]
        )]
    );
    let notes = notes(&imported);
    assert!(
        has(&notes, 5, "now scored 5: the score is taken"),
        "{notes:?}"
    );
    assert!(
        has(&notes, 9, "does not match `Renamed in the diagram`"),
        "{notes:?}"
    );
    assert_eq!(notes.len(), 2, "{notes:?}");
}

#[test]
fn a_mark_with_nothing_to_mark_is_a_comment_not_kept() {
    let imported = read("journey\n%% cxmap: unscored\ntitle T\nsection S\n%% cxmap: unscored\n");
    let notes = notes(&imported);
    assert!(
        has(&notes, 2, "a comment is not kept: `%% cxmap: unscored`"),
        "{notes:?}"
    );
    assert!(has(&notes, 5, "a comment is not kept"), "{notes:?}");
}

#[test]
fn a_file_that_is_no_journey_diagram_is_an_error_at_its_line_and_column() {
    let cases = [
        ("flowchart TD\n    A --> B\n", (1, 1), "`flowchart`"),
        ("%% a flowchart\n\n  graph LR\n  A-->B\n", (3, 3), "`graph`"),
        (
            "---\ntitle: x\n---\nsequenceDiagram\n",
            (4, 1),
            "`sequenceDiagram`",
        ),
        ("{\"format\": 1}", (1, 1), "`{\"format\"`"),
        ("   \n\n", (3, 1), "no diagram"),
    ];
    for (text, place, words) in cases {
        let error = import(text, Scale::Auto).unwrap_err();
        assert_eq!((error.line, error.column), place, "{text:?}: {error}");
        assert!(error.message.contains(words), "{text:?}: {error}");
        assert!(error.message.contains("starts with `journey`"), "{error}");
    }
}

#[test]
fn a_broken_journey_is_an_error_where_mermaid_stops() {
    let error = import("journey\n  section S\n    Make tea\n", Scale::Auto).unwrap_err();
    assert_eq!((error.line, error.column), (3, 5), "{error}");
    assert!(error.message.contains("`Make tea: 3`"), "{error}");
}

#[test]
fn more_statements_than_a_map_is_for_are_refused() {
    let mut text = String::from("journey\nsection S\n");
    for n in 0..parser::MAX_STATEMENTS {
        text.push_str(&format!("T{n}: 3\n"));
    }
    let error = import(&text, Scale::Auto).unwrap_err();
    assert_eq!(error.line, parser::MAX_STATEMENTS + 2, "{error}");
    assert!(error.message.contains("more than 100000"), "{error}");
}

#[test]
fn more_comments_than_a_map_is_for_are_refused() {
    for comment in ["%% a remark\n", "# a remark\n", "%%{init: {}}%%\n"] {
        let text = format!("journey\n{}", comment.repeat(source::MAX_REMARKS + 1));
        let error = import(&text, Scale::Auto).unwrap_err();
        assert_eq!(error.line, source::MAX_REMARKS + 2, "{comment}: {error}");
        assert!(
            error.message.contains("more than 100000 comments"),
            "{error}"
        );
    }
}

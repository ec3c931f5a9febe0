//! The real binary, end to end: what a person or a CI job sees on stdout and
//! stderr, and the exit codes they script against.

use std::fs;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_cxmap");
const EXAMPLE: &str = include_str!("../maps/business-account.ron");

fn cxmap(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cxmap-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn path_arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn no_arguments_shows_the_bundled_example_and_its_plan() {
    let o = cxmap(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Opening a business account at Northbank\n"));
    assert!(out.contains("EDUNI action plan"));
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn show_lists_stages_and_touchpoints_with_wish_and_emotion() {
    let o = cxmap(&["show", "maps/business-account.ron"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("1. Discover (3 touchpoints)"));
    assert!(out.contains("  C -- Upload company documents"), "{out}");
    assert!(out.contains("  I  0 Welcome pack by post"));
    assert!(
        out.contains("  ?    Book a branch appointment"),
        "undecided and unscored"
    );
    let et = stdout(&cxmap(&["show", "maps/kodune-internet.ron"]));
    assert!(et.contains("Kodune internet: rikkest lahenduseni"));
    assert!(et.contains("Tehnik ei tea varasemast pöördumisest"));
}

#[test]
fn plan_lists_all_six_principles_in_share_order() {
    let out = stdout(&cxmap(&[
        "plan",
        "maps/business-account.ron",
        "--today",
        "2026-11-23",
    ]));
    let headings = [
        "Respond (58%)",
        "Be competent (57%)",
        "Be fast (56%)",
        "Be friendly (51%)",
        "Know the relationship history (34%)",
        "Be social (16%)",
    ];
    let positions: Vec<usize> = headings
        .iter()
        .map(|h| out.find(h).unwrap_or_else(|| panic!("{h} missing")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(out.contains("[x] List every document the application needs on its start page"));
    assert!(out.contains("[!] Call the helpline about the application: needs an action"));
    assert!(out.contains("[ ] Give call-centre agents read access to application status OVERDUE"));
}

/// `map` without its personas and their scores: what a CSV keeps of it.
fn without_personas(mut map: cxmap::model::Map) -> cxmap::model::Map {
    map.personas.clear();
    for stage in &mut map.stages {
        for tp in &mut stage.touchpoints {
            tp.by_persona.clear();
        }
    }
    map
}

/// The business-account example with two personas of the test's own
/// instead of the example's: Kadri, who finds the online application
/// painful (-2, aiming at +1) where the map-wide score is +1 and which
/// puts Be friendly at risk, and Jaan, with no description and no scores
/// of his own. Written to `dir`.
fn with_personas(dir: &Path) -> PathBuf {
    use cxmap::model::{Emotion, Persona, PersonaId, PersonaScore, Principle, TouchpointId};
    let mut map = without_personas(cxmap::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map);
    let kadri = PersonaId::parse("p-kadri").unwrap();
    let mut p = Persona::new(kadri.clone(), "Kadri");
    p.description = "Sole trader with a café, does it all on her phone".into();
    map.personas.push(p);
    map.personas
        .push(Persona::new(PersonaId::parse("p-jaan").unwrap(), "Jaan"));
    let tp = map
        .touchpoint_mut(&TouchpointId::parse("t-wfxz4n").unwrap())
        .unwrap();
    tp.at_risk.insert(Principle::Friendly);
    tp.by_persona = vec![PersonaScore {
        emotion: Emotion::new(-2),
        to_be_emotion: Emotion::new(1),
        ..PersonaScore::unset(kadri)
    }];
    let path = dir.join("personas.ron");
    fs::write(&path, cxmap::storage::to_canonical(&map)).unwrap();
    path
}

#[test]
fn plan_names_the_persona_who_hurts_most() {
    let dir = scratch("plan-personas");
    let file = with_personas(&dir);
    let out = stdout(&cxmap(&["plan", path_arg(&file), "--today", "2026-11-23"]));
    let line = out
        .lines()
        .find(|l| l.contains("[!] Start the online application: needs an action"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.ends_with("Apply · hurts Kadri most · emotion -2 · to be +1 · 31 customers"),
        "{line}"
    );
    let json = stdout(&cxmap(&["plan", path_arg(&file), "--format", "json"]));
    assert!(json.contains("\"hurts_most\": {"), "{json}");
    assert!(json.contains("\"name\": \"Kadri\""), "{json}");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn plan_as_markdown_is_a_task_list() {
    let out = stdout(&cxmap(&[
        "plan",
        "maps/business-account.ron",
        "--format",
        "markdown",
        "--today",
        "2026-11-23",
    ]));
    assert!(out.starts_with("# EDUNI action plan: Opening a business account at Northbank\n"));
    assert!(out.contains("\n## Be social (16%)\n"));
    assert!(out.contains("- [x] **List every document the application needs on its start page**"));
    assert!(out.contains(
        "- [ ] **Give call-centre agents read access to application status** **(overdue)**"
    ));
}

#[test]
fn plan_as_json_has_every_group() {
    let o = cxmap(&["plan", "maps/kodune-internet.ron", "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let groups = plan["groups"].as_array().unwrap();
    let shares: Vec<u64> = groups
        .iter()
        .map(|g| g["share"].as_u64().unwrap())
        .collect();
    assert_eq!(shares, [58, 57, 56, 51, 34, 16]);
    let first = &groups[0]["items"][0];
    assert_eq!(first["kind"], "action");
    assert_eq!(first["touchpoint"]["name"], "Helista klienditoele");
}

#[test]
fn export_as_markdown_is_a_table_per_stage_and_the_plan_as_tasks() {
    let o = cxmap(&[
        "export",
        "maps/business-account.ron",
        "--format",
        "markdown",
        "--today",
        "2026-11-23",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("# Opening a business account at Northbank\n"),
        "{out}"
    );
    assert!(
        out.contains("\n## Stage 2: Apply\n\n| Touchpoint | Channel | Wish | Emotion | Target |")
    );
    assert!(out.contains(
        "| Touchpoint | Channel | Wish | Emotion | Target | By persona | Customer words | Root cause |"
    ));
    assert!(out.contains(
        "| Upload company documents | web | Conscious | -2 (very bad) | 0 (neutral) | Jaan 0 (neutral) | \"Nobody told me"
    ));
    assert!(out.contains("\n## EDUNI action plan\n\n7 open · 1 done · 4 still need an action\n"));
    assert!(out.contains(
        "- [ ] **Give call-centre agents read access to application status** **(overdue)**"
    ));
    let dir = scratch("export-markdown");
    let file = dir.join("map notes.md");
    let o = cxmap(&[
        "export",
        "maps/business-account.ron",
        "--format",
        "markdown",
        "--today",
        "2026-11-23",
        "-o",
        path_arg(&file),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&file).unwrap(), out);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn export_as_csv_then_import_gives_the_same_map_file() {
    let dir = scratch("csv-round-trip");
    for name in ["business-account", "kodune-internet"] {
        let source = format!("maps/{name}.ron");
        let o = cxmap(&["export", &source, "--format", "csv"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("the CSV leaves out the map's 2 personas"),
            "{}",
            stderr(&o)
        );
        assert!(
            o.stdout
                .starts_with("\u{feff}stage_id,stage,touchpoint_id,".as_bytes())
        );
        let csv = dir.join(format!("{name} $(x) 'sheet'.csv"));
        fs::write(&csv, &o.stdout).unwrap();
        let map = dir.join(format!("{name}.ron"));
        let o = cxmap(&[
            "import",
            path_arg(&csv),
            "--from",
            "csv",
            "-o",
            path_arg(&map),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("imported"), "{}", stderr(&o));
        // The CSV leaves out the personas and their own scores (and says
        // so): the same map without them, byte for byte.
        let kept = without_personas(cxmap::storage::load(Path::new(&source)).unwrap().map);
        assert!(kept.personas.is_empty());
        assert_eq!(
            fs::read_to_string(&map).unwrap(),
            cxmap::storage::to_canonical(&kept),
            "the same map without its personas, byte for byte"
        );
    }
    fs::remove_dir_all(dir).unwrap();
}

/// Texts a spreadsheet would run or change (a formula, a number with a
/// leading zero, a date), through LibreOffice: opened as CSV, saved as a
/// spreadsheet, saved as CSV again (with `;` too, and in Windows-1252 as
/// Excel's plain "CSV"), imported: the same map.
#[test]
#[ignore = "needs LibreOffice (soffice) on the PATH; run with --ignored"]
fn csv_comes_back_the_same_through_libreoffice() {
    let dir = scratch("csv-libreoffice");
    let source = dir.join("map.ron");
    let mut text = EXAMPLE.to_owned();
    for (from, to) in [
        ("\"Search for a business account online\"", "\"=1+1\""),
        ("\"web search\"", "\"0012\""),
        ("\"Discover\"", "\"1/2\""),
        ("\"Interview 2\"", "\"'quoted\""),
        ("\"Two minutes, done.\"", "\"-- minus; semi, comma | pipe\""),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    fs::write(&source, &text).unwrap();
    // The CSV leaves out the personas and their own scores: what comes
    // back is the map without them.
    let kept = cxmap::storage::to_canonical(&without_personas(
        cxmap::storage::from_bytes(text.as_bytes()).unwrap().map,
    ));
    let csv = dir.join("map.csv");
    let o = cxmap(&[
        "export",
        path_arg(&source),
        "--format",
        "csv",
        "-o",
        path_arg(&csv),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let soffice = |args: &[&str]| {
        let o = Command::new("soffice")
            .args([
                "--headless",
                &format!("-env:UserInstallation=file://{}/profile", dir.display()),
            ])
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("soffice runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    soffice(&[
        "--infilter=CSV:44,34,76,1",
        "--convert-to",
        "ods",
        "map.csv",
    ]);
    // 76 is UTF-8; 1 is Windows-1252, which Excel's plain "CSV" writes.
    for (separator, charset, out) in [
        ("44", "76", "comma"),
        ("59", "76", "semicolon"),
        ("59", "1", "windows-1252"),
    ] {
        soffice(&[
            "--convert-to",
            &format!("csv:Text - txt - csv (StarCalc):{separator},34,{charset}"),
            "--outdir",
            out,
            "map.ods",
        ]);
        let back = dir.join(format!("{out}.ron"));
        let again = dir.join(out).join("map.csv");
        let o = cxmap(&[
            "import",
            path_arg(&again),
            "--from",
            "csv",
            "-o",
            path_arg(&back),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(
            stderr(&o).contains("read as Windows-1252"),
            charset == "1",
            "{}",
            stderr(&o)
        );
        assert_eq!(fs::read_to_string(&back).unwrap(), kept, "through {out}");
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_from_csv_notes_what_it_cannot_hold_at_its_line() {
    let dir = scratch("csv-notes");
    let csv = dir.join("workshop.csv");
    fs::write(
        &csv,
        "stage;touchpoint;emotion;wish\r\nDiscover;See an advert;1;C\r\nDiscover;Call us;7;Maybe\r\n",
    )
    .unwrap();
    let map = dir.join("new journey.ron");
    let o = cxmap(&[
        "import",
        path_arg(&csv),
        "--from",
        "csv",
        "-o",
        path_arg(&map),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let at = format!("{}:3: ", csv.display());
    assert!(
        err.contains(&format!(
            "{at}emotion `7` is not a whole number from -2 to 2; left unscored"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{at}wish `Maybe` is not one of")),
        "{err}"
    );
    let text = fs::read_to_string(&map).unwrap();
    assert!(
        text.contains("title: \"new journey\","),
        "named after its file:\n{text}"
    );
    assert!(text.contains("name: \"Call us\","));
    assert_eq!(
        text.matches("emotion:").count(),
        1,
        "only the advert's:\n{text}"
    );
    // Never over a file without --force.
    let before = fs::read(&map).unwrap();
    let o = cxmap(&[
        "import",
        path_arg(&csv),
        "--from",
        "csv",
        "-o",
        path_arg(&map),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(fs::read(&map).unwrap(), before);
    let o = cxmap(&[
        "import",
        path_arg(&csv),
        "--from",
        "csv",
        "-o",
        path_arg(&map),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::remove_dir_all(dir).unwrap();
}

/// Excel's plain "CSV" on Windows writes Windows-1252, not UTF-8.
#[test]
fn import_from_csv_reads_excels_windows_1252_and_says_so() {
    let dir = scratch("csv-1252");
    let csv = dir.join("excel.csv");
    fs::write(
        &csv,
        b"stage;touchpoint;channel\r\nOstmine;Caf\xe9 \x93Pr\xe4mie\x94 \x96 5 \x80;\xd5ige pood\r\n",
    )
    .unwrap();
    let map = dir.join("map.ron");
    let o = cxmap(&[
        "import",
        path_arg(&csv),
        "--from",
        "csv",
        "-o",
        path_arg(&map),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "{}:1: this file is not UTF-8, so it was read as Windows-1252",
            csv.display()
        )),
        "{err}"
    );
    assert!(err.contains("\"CSV UTF-8 (Comma delimited)\""), "{err}");
    let text = fs::read_to_string(&map).unwrap();
    assert!(text.contains("name: \"Café “Prämie” – 5 €\","), "{text}");
    assert!(text.contains("channel: \"Õige pood\","), "{text}");

    // A byte Windows-1252 does not define: an error at its line and column.
    let broken = dir.join("broken.csv");
    fs::write(&broken, b"stage,touchpoint\nOne,Caf\xe9\nTwo,ab\x81\n").unwrap();
    let o = cxmap(&[
        "import",
        path_arg(&broken),
        "--from",
        "csv",
        "-o",
        path_arg(&map),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!("{}:3:7: the byte 0x81 is ", broken.display())),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&map).unwrap(), text, "left as it was");

    // JSON is UTF-8 only: the byte's line and column, and what to do.
    let json = dir.join("map.json");
    fs::write(&json, b"{\n  \"format\": 1,\n  \"title\": \"Caf\xe9\"\n}\n").unwrap();
    let o = cxmap(&[
        "import",
        path_arg(&json),
        "--from",
        "json",
        "-o",
        path_arg(&map),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "{}:3:16: this is not UTF-8 text (the byte 0xE9 is not UTF-8)",
            json.display()
        )),
        "{err}"
    );
    assert!(err.contains("save the file as UTF-8"), "{err}");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_from_csv_of_something_else_says_so_and_writes_nothing() {
    let dir = scratch("csv-not-ours");
    let map = dir.join("map.ron");
    let cases = [
        (
            "budget.csv",
            "Item,Cost\nCoffee,3\n",
            "1:1: this is not a CSV of a cxmap map",
        ),
        (
            "export.json",
            "{\"format\": 1}\n",
            "1:1: this is not a CSV of a cxmap map",
        ),
        (
            "cut.csv",
            "stage,touchpoint\nOne,\"Half a cell\n",
            "2:5: this quote is never closed",
        ),
    ];
    for (name, text, said) in cases {
        let input = dir.join(name);
        fs::write(&input, text).unwrap();
        let o = cxmap(&[
            "import",
            path_arg(&input),
            "--from",
            "csv",
            "-o",
            path_arg(&map),
        ]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(stderr(&o).contains(said), "{name}: {}", stderr(&o));
        assert!(!map.exists(), "{name}: nothing written");
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_counts_stages_and_touchpoints_in_words() {
    let dir = scratch("import-count");
    for (rows, said) in [
        ("", "0 stages, 0 touchpoints"),
        ("One,Pay\n", "1 stage, 1 touchpoint"),
        ("One,Pay\nTwo,Wait\nTwo,Call\n", "2 stages, 3 touchpoints"),
    ] {
        let csv = dir.join("sheet.csv");
        fs::write(&csv, format!("stage,touchpoint\n{rows}")).unwrap();
        let map = dir.join("map.ron");
        let _ = fs::remove_file(&map);
        let o = cxmap(&[
            "import",
            path_arg(&csv),
            "--from",
            "csv",
            "-o",
            path_arg(&map),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let last = stderr(&o).lines().last().unwrap_or_default().to_owned();
        assert_eq!(last, format!("imported {}: {said}", map.display()));
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn export_as_csv_says_it_leaves_out_unsettled_conflicts() {
    let o = cxmap(&[
        "export",
        "tests/merge/same-field-both-changed/expected.ron",
        "--format",
        "csv",
    ]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("the CSV leaves out the map's"),
        "{}",
        stderr(&o)
    );
    // The example has no conflicts: the CSV says only what it leaves out
    // of the example's personas.
    let o = cxmap(&["export", "maps/business-account.ron", "--format", "csv"]);
    assert_eq!(
        stderr(&o),
        "maps/business-account.ron: the CSV leaves out the map's 2 personas and their own \
         scores (the map-wide scores are in it); export JSON to keep them\n"
    );
}

#[test]
fn show_and_the_exports_hold_personas_or_say_they_leave_them_out() {
    let dir = scratch("export-personas");
    let file = with_personas(&dir);
    let show = stdout(&cxmap(&["show", path_arg(&file)]));
    assert!(
        show.contains(
            "\nPersonas\n  Kadri  Sole trader with a café, does it all on her phone\n  Jaan\n"
        ),
        "{show}"
    );
    let line = show
        .lines()
        .find(|l| l.contains("Start the online application"))
        .unwrap();
    assert!(line.contains("Kadri -2, to be +1"), "{line}");
    let markdown = stdout(&cxmap(&["export", path_arg(&file), "--format", "markdown"]));
    assert!(markdown.contains("| By persona |"), "{markdown}");
    assert!(
        markdown.contains("| Kadri -2 (very bad), target +1 (good) |"),
        "{markdown}"
    );
    let html = cxmap(&["export", path_arg(&file), "--format", "html"]);
    assert_eq!(stderr(&html), "");
    assert!(stdout(&html).contains("Personas compared"));
    let json = stdout(&cxmap(&["export", path_arg(&file), "--format", "json"]));
    assert!(json.contains("\"by_persona\": ["), "{json}");
    for (format, said) in [
        (
            "csv",
            "the CSV leaves out the map's 2 personas and their own scores",
        ),
        (
            "mermaid",
            "the Mermaid diagram shows the map-wide scores only: a journey task has one score, so the 2 personas and their own scores (at 1 touchpoint) are left out",
        ),
    ] {
        let o = cxmap(&["export", path_arg(&file), "--format", format]);
        assert!(o.status.success());
        assert!(stderr(&o).contains(said), "{format}: {}", stderr(&o));
    }
    // The example's own two personas score 6 touchpoints (the accountant,
    // the online application, the documents, the identity check, the card
    // and the chat).
    let o = cxmap(&["export", "maps/business-account.ron", "--format", "mermaid"]);
    assert!(
        stderr(&o)
            .contains("so the 2 personas and their own scores (at 6 touchpoints) are left out"),
        "{}",
        stderr(&o)
    );
    let plain = dir.join("plain.ron");
    let map = without_personas(cxmap::storage::from_bytes(EXAMPLE.as_bytes()).unwrap().map);
    fs::write(&plain, cxmap::storage::to_canonical(&map)).unwrap();
    for format in ["csv", "mermaid"] {
        let o = cxmap(&["export", path_arg(&plain), "--format", format]);
        assert!(o.status.success());
        assert_eq!(stderr(&o), "", "{format}: nothing to say without personas");
    }
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn check_reports_like_a_compiler_and_exits_one() {
    let o = cxmap(&[
        "check",
        "maps/business-account.ron",
        "--today",
        "2026-11-23",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("maps/business-account.ron:"), "{first}");
    let line: usize = first.split(':').nth(1).unwrap().parse().unwrap();
    let text_line = EXAMPLE.lines().nth(line - 1).unwrap();
    assert!(
        text_line.trim_start().starts_with("id: \"t-"),
        "points at the touchpoint: {text_line}"
    );
    assert!(first.contains(": CX001 warning: 'Ask the accountant which bank to use' rests only on the team's assumptions"));
    assert!(out.contains("  hint: "));
    assert!(out.contains("CX005 warning: action 'Give call-centre agents read access to application status' on 'Wait for the decision' was due 2026-10-31 and is not done"));
    assert!(stderr(&o).contains("findings in 1 file (as of 2026-11-23)"));
}

#[test]
fn check_depends_on_today_only_through_the_flag() {
    let before = stdout(&cxmap(&[
        "check",
        "maps/business-account.ron",
        "--today",
        "2026-10-01",
    ]));
    assert!(
        !before.contains("was due 2026-10-31"),
        "not yet overdue on 2026-10-01"
    );
    let bad = cxmap(&[
        "check",
        "maps/business-account.ron",
        "--today",
        "2026-02-30",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("February 2026 has 28 days"));
}

#[test]
fn check_as_json() {
    let o = cxmap(&[
        "check",
        "maps/business-account.ron",
        "maps/kodune-internet.ron",
        "--format",
        "json",
        "--today",
        "2026-11-23",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = findings.as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "CX003" && f["path"] == "maps/business-account.ron")
    );
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "maps/kodune-internet.ron")
    );
    assert!(
        findings
            .iter()
            .all(|f| f["line"].as_u64().unwrap() > 1 && !f["hint"].as_str().unwrap().is_empty())
    );
}

#[test]
fn stats_of_the_example_as_tables_and_as_json() {
    let o = cxmap(&[
        "stats",
        "maps/business-account.ron",
        "--today",
        "2026-11-23",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // To-be, each touchpoint's aim (else its score) weighted by
    // 1 + ⌊log2(1 + evidence)⌋, the persona scores left out as in As-is.
    // Wait for approval: the decision 0 (23 customers, weight 5), the
    // helpline +1 (17, 5), the SMS +2 (19, 5): (0 + 5 + 10) / 15 = +1.0.
    // Whole map: Discover 0 × 4 - 1 × 4 = -4 over 8 (the accountant is
    // unscored); Apply +1 × 6 + 0 × 6 + 1 × 4 = 10 over 16; Wait 15 over
    // 15; Get started 0 × 3 + 1 × 5 + 1 × 4 = 9 over 12; Get help
    // +1 × 2 + 2 × 4 = 10 over 6: 40 / 57 = +0.70.
    for row in [
        "  Evidence             Touchpoints  Research  Words  Customers",
        "  Get help                       3       33%    50%         12",
        "  Whole map                     15       80%    92%        204",
        "  Emotion and actions  As-is  To-be  Pain  Open  Done  Overdue",
        "  Wait for approval     -0.7   +1.0    67     3     0        1",
        "  Whole map             -0.3   +0.7    40     7     1        1",
    ] {
        assert!(out.lines().any(|l| l == row), "no line {row:?} in:\n{out}");
    }
    assert!(out.starts_with("Opening a business account at Northbank\nas of 2026-11-23\n"));
    assert!(!out.contains('\x1b'), "no colour off a terminal");
    let o = cxmap(&[
        "stats",
        "maps/kodune-internet.ron",
        "--format",
        "json",
        "--today",
        "2026-11-23",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let figures: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(figures["today"], "2026-11-23");
    let last = &figures["stages"][4];
    assert_eq!(last["name"], "Pärast parandust");
    assert_eq!(last["research_share"], 0.0);
    for nothing in ["words_share", "mean_emotion", "mean_to_be", "pain_index"] {
        assert_eq!(last[nothing], serde_json::Value::Null, "{nothing}");
    }
    let map = &figures["map"];
    assert_eq!(
        (map["touchpoints"].as_u64(), map["research"].as_u64()),
        (Some(13), Some(11))
    );
    assert_eq!(map["research_share"], 84.62);
    assert_eq!(map["pain_index"], 42.55);
    assert_eq!(map["mean_emotion"], -0.51);
    assert_eq!(
        map["actions"],
        serde_json::json!({"open": 6, "done": 1, "overdue": 1})
    );
    let o = cxmap(&["stats", "maps/no-such-map.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-map.ron"), "{}", stderr(&o));
}

/// `git` in `dir`, with no settings of this machine's.
fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

#[test]
fn stats_reads_a_map_as_a_revision_has_it() {
    let dir = scratch("stats-git");
    git(&dir, &["init", "-q", "-b", "main"]);
    fs::create_dir(dir.join("maps")).unwrap();
    let map = dir.join("maps/account.ron");
    fs::write(&map, EXAMPLE).unwrap();
    git(&dir, &["add", "maps/account.ron"]);
    git(&dir, &["commit", "-q", "-m", "The example"]);
    // The next commit hears customers on the accountant: Discover all on research.
    let assumed = "                            emotion: 2,\n                        ),\n                    ],\n                    basis: Assumption,";
    assert_eq!(EXAMPLE.matches(assumed).count(), 1, "Jaan's score there");
    let heard = EXAMPLE.replacen(assumed, &assumed.replace("Assumption", "Research"), 1);
    assert_ne!(heard, EXAMPLE);
    fs::write(&map, &heard).unwrap();
    git(&dir, &["commit", "-q", "-am", "Asked the accountants"]);
    // And the working file, not committed, drops the whole of Get help.
    fs::write(&map, "(format: 1, title: \"Draft\", stages: [])").unwrap();
    let stats = |what: &str| {
        let o = Command::new(BIN)
            .args(["stats", what, "--today", "2026-11-23", "--format", "json"])
            .current_dir(dir.join("maps"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{what}: {}", stderr(&o));
        let figures: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            figures["map"]["research"].as_u64().unwrap(),
            figures["stages"][0]["research_share"].clone(),
        )
    };
    assert_eq!(stats("main~1:maps/account.ron"), (12, 66.67.into()));
    assert_eq!(stats("main:maps/account.ron"), (13, 100.0.into()));
    assert_eq!(
        stats("HEAD:./account.ron"),
        (13, 100.0.into()),
        "from here, as in git"
    );
    assert_eq!(stats("account.ron").0, 0, "a file is the working file");
    let o = Command::new(BIN)
        .args(["stats", "nosuch:maps/account.ron"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nosuch:maps/account.ron"),
        "{}",
        stderr(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_holds_a_research_line() {
    let at = |min: &str, more: &[&str]| {
        let line = format!("--min-research={min}");
        let mut args = vec!["check", "maps/kodune-internet.ron", "--today", "2026-11-23"];
        args.push(&line);
        args.extend(more);
        cxmap(&args)
    };
    // Pärast parandust: 0 of 2 on research; the map 11 of 13 (84.6%).
    let o = at("85", &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let found: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let research: Vec<&serde_json::Value> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "CX007")
        .collect();
    assert_eq!(research.len(), 2, "{research:?}");
    assert_eq!(research[0]["stage"]["name"], "Pärast parandust");
    assert_eq!(research[0]["research"]["percent"], 0);
    assert_eq!(research[1]["stage"], serde_json::Value::Null);
    assert_eq!(research[1]["research"]["research"], 11);
    assert_eq!(research[1]["research"]["touchpoints"], 13);
    assert_eq!(research[1]["research"]["percent"], 84);
    assert_eq!(research[1]["severity"], "warning");
    let text = stdout(&at("84", &[]));
    assert!(
        text.contains(
            "CX007 warning: stage 'Pärast parandust' rests on research for 0 of 2 touchpoints (0%), under the line of 84%"
        ),
        "{text}"
    );
    assert!(!text.contains("the map rests"), "84.6% is not under 84");
    // A warning: --fail-on error lets it through, printed.
    let o = at("100", &["--fail-on", "error"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("CX007"));
    // A line outside 0..=100 is clap's error, and nothing is checked.
    for bad in ["101", "-1", "50%", "half"] {
        let o = at(bad, &[]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        assert_eq!(stdout(&o), "", "{bad}");
        assert!(
            stderr(&o).contains("--min-research <PERCENT>"),
            "{bad}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn check_of_a_clean_map_exits_zero() {
    let dir = scratch("clean");
    let path = dir.join("clean.ron");
    fs::write(
        &path,
        "(format: 1, title: \"Clean\", stages: [(id: \"s-1\", name: \"One\", touchpoints: [\
         (id: \"t-1\", name: \"Pay\", emotion: 1, evidence: 5, basis: Research, \
         verbatims: [(text: \"Quick.\")])])])",
    )
    .unwrap();
    let o = cxmap(&["check", path_arg(&path)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn json_export_goes_to_stdout_or_a_file_and_imports_back_to_the_same_map() {
    let dir = scratch("json");
    let json = dir.join("account.json");
    let o = cxmap(&["export", "maps/business-account.ron", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("{\n  \"$schema\": "),
        "{}",
        stdout(&o)
    );
    let o = cxmap(&[
        "export",
        "maps/business-account.ron",
        "-f",
        "json",
        "-o",
        path_arg(&json),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = fs::read_to_string(&json).unwrap();
    let again = cxmap(&["export", "maps/business-account.ron", "--format", "json"]);
    assert_eq!(
        written,
        stdout(&again),
        "the file and stdout hold the same export"
    );

    let copy = dir.join("copy of $(touch pwned).ron");
    let o = cxmap(&[
        "import",
        path_arg(&json),
        "--from",
        "json",
        "-o",
        path_arg(&copy),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(&copy).unwrap(),
        EXAMPLE,
        "the same map, byte for byte"
    );
    assert!(!dir.join("pwned").exists() && !Path::new("pwned").exists());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_export_never_replaces_a_map_and_an_import_never_replaces_a_file_without_force() {
    let dir = scratch("export-guard");
    let map = dir.join("map.ron");
    let other = dir.join("other.ron");
    fs::write(&map, EXAMPLE).unwrap();
    fs::write(&other, EXAMPLE).unwrap();
    for out in [&map, &other] {
        let o = cxmap(&["export", path_arg(&map), "-f", "json", "-o", path_arg(out)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
        assert_eq!(fs::read_to_string(out).unwrap(), EXAMPLE);
    }
    let json = dir.join("map.json");
    assert!(
        cxmap(&[
            "export",
            path_arg(&map),
            "-f",
            "json",
            "-o",
            path_arg(&json)
        ])
        .status
        .success()
    );

    let o = cxmap(&[
        "import",
        path_arg(&json),
        "--from",
        "json",
        "-o",
        path_arg(&other),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    let notes = dir.join("notes.txt");
    fs::write(&notes, "mine").unwrap();
    let o = cxmap(&[
        "import",
        path_arg(&json),
        "--from",
        "json",
        "-o",
        path_arg(&notes),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read_to_string(&notes).unwrap(), "mine");
    let o = cxmap(&[
        "import",
        path_arg(&json),
        "--from",
        "json",
        "-o",
        path_arg(&notes),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&notes).unwrap(), EXAMPLE);
    fs::remove_dir_all(dir).unwrap();
}

/// A link planted at `-o` (in a shared repository or folder) must not
/// turn an export into the file it points to (a git hook, a shell's rc
/// file), nor may an export or import replace a FIFO or a map that does
/// not load (mid-merge, or from a newer cxmap).
#[test]
fn exports_and_imports_never_write_through_a_link_or_over_a_special_file() {
    let dir = scratch("export-links");
    let map = dir.join("map.ron");
    fs::write(&map, EXAMPLE).unwrap();
    let hook = dir.join("pre-commit");
    fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    let link = dir.join("journey.json");
    std::os::unix::fs::symlink(&hook, &link).unwrap();
    let o = cxmap(&[
        "export",
        path_arg(&map),
        "-f",
        "json",
        "-o",
        path_arg(&link),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&hook).unwrap(), "#!/bin/sh\nexit 0\n");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    let json = dir.join("map.json");
    assert!(
        cxmap(&[
            "export",
            path_arg(&map),
            "-f",
            "json",
            "-o",
            path_arg(&json)
        ])
        .status
        .success()
    );
    let o = cxmap(&[
        "import",
        path_arg(&json),
        "--from",
        "json",
        "-o",
        path_arg(&link),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&hook).unwrap(), "#!/bin/sh\nexit 0\n");
    let dangling = dir.join("new.ron");
    std::os::unix::fs::symlink(dir.join("made-through-the-link"), &dangling).unwrap();
    let o = cxmap(&[
        "import",
        path_arg(&json),
        "--from",
        "json",
        "-o",
        path_arg(&dangling),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!dir.join("made-through-the-link").exists());

    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn exports_never_replace_a_fifo_or_a_map_that_does_not_load() {
    let dir = scratch("export-special");
    let map = dir.join("map.ron");
    fs::write(&map, EXAMPLE).unwrap();
    let fifo = dir.join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = cxmap(&["export", path_arg(&map), "-f", "csv", "-o", path_arg(&fifo)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    let wip = dir.join("wip.ron");
    fs::write(
        &wip,
        "<<<<<<< HEAD\n(format: 1, title: \"Mine\")\n=======\n>>>>>>> b\n",
    )
    .unwrap();
    let o = cxmap(&["export", path_arg(&map), "-f", "csv", "-o", path_arg(&wip)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        fs::read_to_string(&wip)
            .unwrap()
            .starts_with("<<<<<<< HEAD")
    );
    fs::remove_dir_all(dir).unwrap();
}

/// GitHub's runner takes `##[name]` anywhere in a line of a job's output,
/// and `::name::` at a line's start, for its commands: map text (shared by
/// anyone with a branch) must never pass for one, on stdout or stderr.
#[test]
fn map_text_never_passes_for_a_ci_runners_command() {
    let dir = scratch("ci-inert");
    let map = dir.join("map.ron");
    fs::write(
        &map,
        "(format: 1, title: \"T\", stages: [(id: \"s-1\", name: \"S\", touchpoints: [\
         (id: \"t-1\", name: \"##[error file=deploy.yml]leak\\n::add-mask::x\", emotion: -1)])])",
    )
    .unwrap();
    let forged = |o: &Output| {
        let all = format!("{}{}", stdout(o), stderr(o));
        all.contains("##[") || all.lines().any(|l| l.starts_with("::add-mask"))
    };
    for args in [
        vec!["check", path_arg(&map)],
        vec!["check", path_arg(&map), "--format", "github"],
        vec!["check", path_arg(&map), "--format", "json"],
        vec!["show", path_arg(&map)],
        vec!["textconv", path_arg(&map)],
        vec!["export", path_arg(&map), "-f", "json"],
    ] {
        let o = cxmap(&args);
        assert!(!forged(&o), "{args:?}:\n{}{}", stdout(&o), stderr(&o));
    }
    let o = cxmap(&["check", path_arg(&map), "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        findings.to_string().contains("##[error file=deploy.yml]"),
        "the JSON means the same"
    );
    let id = dir.join("id.ron");
    fs::write(
        &id,
        "(format: 1, title: \"T\", stages: [(id: \"##[stop-commands]pwn\", name: \"S\")])",
    )
    .unwrap();
    let o = cxmap(&["check", path_arg(&id), "--format", "github"]);
    assert!(!forged(&o), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("\\u{23}#[stop-commands]pwn"),
        "{}",
        stderr(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_export_or_an_import_into_a_folder_asks_for_a_file_name() {
    let dir = scratch("output-folder");
    let folder = dir.join("some dir");
    fs::create_dir(&folder).unwrap();
    let link = dir.join("link to it");
    std::os::unix::fs::symlink(&folder, &link).unwrap();
    let csv = dir.join("map.csv");
    fs::write(&csv, "stage,touchpoint\nOne,Pay\n").unwrap();
    let with_slash = format!("{}/", folder.display());
    let missing = format!("{}/", dir.join("not yet").display());
    for out in [path_arg(&folder), &with_slash, path_arg(&link), &missing] {
        let export = [
            "export",
            "maps/business-account.ron",
            "-f",
            "csv",
            "-o",
            out,
        ];
        let import = ["import", path_arg(&csv), "--from", "csv", "-o", out];
        let forced = [
            "import",
            path_arg(&csv),
            "--from",
            "csv",
            "-o",
            out,
            "--force",
        ];
        for args in [&export[..], &import, &forced] {
            let o = cxmap(args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            let err = stderr(&o);
            let said = if out == missing {
                "ends in `/`, as a folder's name does; give a file name; nothing was written"
            } else {
                "is a folder; give a file name; nothing was written"
            };
            assert_eq!(err, format!("{out}: {said}\n"), "{args:?}");
        }
    }
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
    assert!(!dir.join("not yet").exists());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_import_never_writes_over_the_file_it_reads_even_with_force() {
    let dir = scratch("import-onto-itself");
    let csv = dir.join("same.csv");
    let text = "stage,touchpoint\nOne,Pay\n";
    fs::write(&csv, text).unwrap();
    let link = dir.join("link.csv");
    std::os::unix::fs::symlink(&csv, &link).unwrap();
    let hard = dir.join("hard.csv");
    fs::hard_link(&csv, &hard).unwrap();
    let pairs = [(&csv, &csv), (&csv, &link), (&link, &csv), (&csv, &hard)];
    for (input, output) in pairs {
        for force in [false, true] {
            let mut args = vec![
                "import",
                path_arg(input),
                "--from",
                "csv",
                "-o",
                path_arg(output),
            ];
            if force {
                args.push("--force");
            }
            let o = cxmap(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert_eq!(
                stderr(&o),
                format!(
                    "{}: is the file being imported; choose another name for the map; \
                     nothing was written\n",
                    output.display()
                ),
                "{args:?}"
            );
            assert_eq!(fs::read_to_string(&csv).unwrap(), text, "{args:?}");
            assert!(fs::symlink_metadata(&link).unwrap().is_symlink());
        }
    }
    fs::remove_dir_all(dir).unwrap();
}

/// `-o -` is stdout, as with other tools: no file named `-` is made.
#[test]
fn dash_as_the_output_is_stdout_for_export_and_import() {
    let dir = scratch("dash-output");
    let o = Command::new(BIN)
        .args(["export", "-f", "json", "-o", "-"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/business-account.ron"))
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = dir.join("map.json");
    fs::write(&json, &o.stdout).unwrap();
    let o = Command::new(BIN)
        .args(["import", "map.json", "--from", "json", "-o", "-"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), EXAMPLE, "the map's canonical text");
    assert!(!dir.join("-").exists());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_import_that_would_not_load_writes_nothing_and_says_where() {
    let dir = scratch("import-bad");
    let out = dir.join("out.ron");
    let escape = dir.join("escape.json");
    fs::write(
        &escape,
        "{\"format\": 1, \"title\": \"\\u001b]0;pwned\\u0007\", \"stages\": []}",
    )
    .unwrap();
    let o = cxmap(&[
        "import",
        path_arg(&escape),
        "--from",
        "json",
        "-o",
        path_arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("control character"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains('\x1b'),
        "no escape code reaches the terminal"
    );
    assert!(!out.exists());

    let cut = dir.join("cut.json");
    fs::write(&cut, "{\n  \"format\": 1,\n  \"title\": \"Cut").unwrap();
    let o = cxmap(&[
        "import",
        path_arg(&cut),
        "--from",
        "json",
        "-o",
        path_arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!("{}:3:", cut.display())),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_broken_file_gives_path_line_column_and_is_left_alone() {
    let dir = scratch("broken");
    let path = dir.join("broken.ron");
    let text = EXAMPLE.replacen("emotion: -1,", "emotion: 9,", 1);
    let line = EXAMPLE
        .lines()
        .position(|l| l.contains("emotion: -1,"))
        .unwrap()
        + 1;
    fs::write(&path, &text).unwrap();
    for args in [vec!["show"], vec!["plan"], vec!["check"], vec!["fmt"]] {
        let mut args = args;
        args.push(path_arg(&path));
        let o = cxmap(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!(
                "{}:{line}:30: emotion must be a whole number from -2 to +2, found 9",
                path.display()
            )),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            text,
            "{args:?} must not write"
        );
    }
    let missing = cxmap(&["show", "no/such/map.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "no/such/map.ron: cannot read: No such file or directory\n"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fmt_check_and_rewrite() {
    let dir = scratch("fmt");
    let path = dir.join("map.ron");
    let messy = EXAMPLE.replace("    ", "  ");
    fs::write(&path, &messy).unwrap();
    let o = cxmap(&["fmt", "--check", path_arg(&path)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not in canonical form"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        messy,
        "--check changes nothing"
    );
    let o = cxmap(&["fmt", path_arg(&path)]);
    assert!(o.status.success());
    assert_eq!(fs::read_to_string(&path).unwrap(), EXAMPLE);
    let o = cxmap(&[
        "fmt",
        "--check",
        path_arg(&path),
        "maps/kodune-internet.ron",
    ]);
    assert_eq!(o.status.code(), Some(0));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fmt_checks_hint_is_a_command_to_paste_whatever_the_name() {
    let dir = scratch("fmt-hint");
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_owned())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let messy = EXAMPLE.replace("    ", "  ");
    for (name, command) in [
        ("map.ron", "cxmap fmt map.ron"),
        ("my map.ron", "cxmap fmt 'my map.ron'"),
        (
            "-it's $(touch PWNED).ron",
            r"cxmap fmt -- '-it'\''s $(touch PWNED).ron'",
        ),
    ] {
        fs::write(dir.join(name), &messy).unwrap();
        let o = Command::new(BIN)
            .args(["fmt", "--check", "--", name])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        let said = stderr(&o);
        assert_eq!(
            said,
            format!("{name}: not in canonical form (run `{command}`)\n")
        );
        // Pasted into a shell, it does what it says.
        let o = Command::new("sh")
            .args(["-c", command])
            .current_dir(&dir)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(o.status.success(), "{command}: {}", stderr(&o));
        assert_eq!(fs::read_to_string(dir.join(name)).unwrap(), EXAMPLE);
    }
    assert!(!dir.join("PWNED").exists());
    fs::remove_dir_all(dir).unwrap();
}

/// `cxmap merge` into `ours` with `map.ron` as git's %P; `ours` is rewritten.
fn merge(dir: &Path, base: &str, ours: &str, theirs: &str) -> Output {
    for (name, text) in [("base", base), ("ours", ours), ("theirs", theirs)] {
        fs::write(dir.join(name), text).unwrap();
    }
    Command::new(BIN)
        .args(["merge", "base", "ours", "theirs", "map.ron"])
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn merge_says_how_many_lines_of_comments_it_dropped() {
    let dir = scratch("merge-comments");
    let kept = "// Owner: CX team\n";
    let base = format!("{kept}{EXAMPLE}// ours removed this one\n");
    let ours = format!(
        "{kept}{}",
        EXAMPLE
            .replacen(
                "    stages: [",
                "    /* stages,\n       in order */\n    stages: [",
                1
            )
            .replacen("emotion: -1,", "emotion: -1, // ask again in March", 1)
    );
    let theirs = format!(
        "{kept}{}// ours removed this one\n// theirs added this one\n",
        EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1)
    );
    let o = merge(&dir, &base, &ours, &theirs);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Ours: the owner line, the two-line block, the trailing one; theirs
    // added one more. The one ours removed is nobody's loss.
    assert_eq!(
        stderr(&o),
        "cxmap merge: map.ron: 5 lines of comments were dropped \
         (cxmap writes maps in canonical form; comments are not kept)\n"
    );
    let merged = fs::read_to_string(dir.join("ours")).unwrap();
    assert_eq!(
        merged,
        EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn comment_marks_in_strings_are_not_comments() {
    let dir = scratch("merge-no-comments");
    let with_urls = EXAMPLE
        .replacen(
            "source: \"Interview 3, sole trader\"",
            "source: \"https://example.com/interviews/3 /* notes */\"",
            1,
        )
        .replacen(
            "channel: \"web search\"",
            "channel: r#\"web \"search\" // ads\"#",
            1,
        );
    let theirs = with_urls.replacen("name: \"Discover\"", "name: \"Find us\"", 1);
    let o = merge(&dir, EXAMPLE, &with_urls, &theirs);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o), "", "no comments, nothing to say");
    let path = dir.join("map.ron");
    fs::write(&path, with_urls.replace("    ", "  ")).unwrap();
    let o = cxmap(&["fmt", path_arg(&path)]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), format!("formatted {}\n", path.display()));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn fmt_says_how_many_lines_of_comments_it_dropped() {
    let dir = scratch("fmt-comments");
    let path = dir.join("map.ron");
    fs::write(&path, format!("// Owner: CX team\n{EXAMPLE}")).unwrap();
    let o = cxmap(&["fmt", path_arg(&path)]);
    assert!(o.status.success());
    assert_eq!(
        stderr(&o),
        format!(
            "formatted {0}\ncxmap fmt: {0}: 1 line of comments was dropped \
             (cxmap writes maps in canonical form; comments are not kept)\n",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), EXAMPLE);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn new_creates_from_the_template_and_never_overwrites() {
    let dir = scratch("new");
    let path = dir.join("onboarding-flow.ron");
    let o = cxmap(&["new", path_arg(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: \"onboarding flow\","));
    assert!(text.contains("name: \"Become aware\","));
    assert!(!text.contains("s-aware"), "fresh ids, not the template's");
    let o = cxmap(&["show", path_arg(&path)]);
    assert!(o.status.success());

    let o = cxmap(&["new", path_arg(&path), "--title", "Other"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);

    let titled = dir.join("t.ron");
    assert!(
        cxmap(&["new", path_arg(&titled), "--title", "Kliendi teekond"])
            .status
            .success()
    );
    assert!(
        fs::read_to_string(&titled)
            .unwrap()
            .contains("title: \"Kliendi teekond\",")
    );
    // A title with an escape code in it keeps its words only.
    let escaped = dir.join("e.ron");
    assert!(
        cxmap(&[
            "new",
            path_arg(&escaped),
            "--title",
            "Bad\u{1b}]0;x\u{7} title"
        ])
        .status
        .success()
    );
    assert!(
        fs::read_to_string(&escaped)
            .unwrap()
            .contains("title: \"Bad]0;x title\",")
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_save_that_runs_out_of_space_keeps_the_old_file() {
    // A file-size limit makes every write past 2 KiB fail, as a full disk would.
    let dir = scratch("full");
    let path = dir.join("map.ron");
    let messy = EXAMPLE.replace("    ", "  ");
    fs::write(&path, &messy).unwrap();
    let script = format!(
        "trap '' XFSZ; ulimit -f 4; exec '{BIN}' fmt '{}'",
        path.display()
    );
    let o = Command::new("sh").arg("-c").arg(script).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("cannot save: File too large; the file on disk is unchanged"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), messy);
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["map.ron"], "no temporary file left behind");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let forced = Command::new(BIN)
        .args(["show", "maps/business-account.ron"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(forced.stdout.contains(&0x1b), "colour when forced");
    let no_color = Command::new(BIN)
        .args(["show", "maps/business-account.ron"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!no_color.stdout.contains(&0x1b), "NO_COLOR wins");
}

/// `cxmap recover ARGS` with its state folder in `dir/.state`.
fn recover(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("recover")
        .args(args)
        .env("XDG_STATE_HOME", dir.join(".state"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn recover_refuses_a_state_folder_that_is_a_link() {
    let dir = scratch("recover-link");
    fs::create_dir_all(dir.join(".state")).unwrap();
    fs::create_dir_all(dir.join("elsewhere/recovery")).unwrap();
    std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join(".state/cxmap")).unwrap();
    let o = recover(&dir, &["--list"]);
    assert_eq!(o.status.code(), Some(2));
    let state = dir.join(".state/cxmap");
    assert_eq!(
        stderr(&o),
        format!(
            "cxmap recover: recovery copies are off: {} is a symbolic link\n",
            state.display()
        )
    );
    assert_eq!(stdout(&o), "", "nothing listed from there");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
#[ignore = "needs root, to give a folder to another user: run with --ignored as root"]
fn recover_refuses_a_state_folder_of_another_user() {
    let dir = scratch("recover-owner");
    let state = dir.join(".state/cxmap");
    fs::create_dir_all(state.join("recovery")).unwrap();
    std::os::unix::fs::chown(&state, Some(65534), Some(65534)).expect("running as root");
    let o = recover(&dir, &["--list"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!(
            "recovery copies are off: {} belongs to another user (uid 65534)",
            state.display()
        )),
        "{}",
        stderr(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn recover_refuses_a_state_home_open_to_other_users() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("recover-open-home");
    let home = dir.join(".state");
    fs::create_dir_all(home.join("cxmap/recovery")).unwrap();
    fs::set_permissions(&home, fs::Permissions::from_mode(0o777)).unwrap();
    let o = recover(&dir, &["--list"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "cxmap recover: recovery copies are off: {} can be written by other users (mode 0777)\n",
            home.display()
        )
    );
    assert_eq!(stdout(&o), "");
    fs::set_permissions(&home, fs::Permissions::from_mode(0o1777)).unwrap();
    let o = recover(&dir, &["--list"]);
    assert!(o.status.success(), "sticky, as /tmp: {}", stderr(&o));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
#[ignore = "needs root, to give a folder to another user: run with --ignored as root"]
fn recover_refuses_a_state_home_of_another_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("recover-home-owner");
    let home = dir.join(".state");
    fs::create_dir_all(home.join("cxmap/recovery")).unwrap();
    // XDG_STATE_HOME=/tmp/y, a folder of another user's, open to all.
    std::os::unix::fs::chown(&home, Some(65534), Some(65534)).expect("running as root");
    fs::set_permissions(&home, fs::Permissions::from_mode(0o1777)).unwrap();
    let o = recover(&dir, &["--list"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "cxmap recover: recovery copies are off: {} belongs to another user (uid 65534)\n",
            home.display()
        )
    );
    fs::remove_dir_all(dir).unwrap();
}

/// A recovery copy of `map` in `dir/.state`, written `days_ago`, and the
/// slot of the cxmap writing it: drop it for a cxmap that has stopped.
fn live_copy(dir: &Path, map: &Path, days_ago: u64) -> cxmap::storage::RecoverySlot {
    let recovery = cxmap::storage::Recovery::new(dir.join(".state/cxmap/recovery"));
    recovery.prepare().unwrap();
    let slot = recovery.claim_aside(Some(map));
    let map = cxmap::model::Map::new("Unsaved");
    slot.write(&map, &map).unwrap();
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(days_ago * 86_400);
    fs::File::options()
        .write(true)
        .open(slot.path())
        .unwrap()
        .set_modified(when)
        .unwrap();
    slot
}

/// A recovery copy that a cxmap which stopped `days_ago` left.
fn left_copy(dir: &Path, map: &Path, days_ago: u64) -> PathBuf {
    live_copy(dir, map, days_ago).path().to_path_buf()
}

#[test]
fn recover_lists_each_copy_with_its_age() {
    let dir = scratch("recover-list");
    let map = dir.join("map.ron");
    let copy = left_copy(&dir, &map, 3);
    let o = recover(&dir, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "(3 days ago)  {}  newer than the file",
            map.display()
        )),
        "{out}"
    );
    assert!(out.contains(&copy.display().to_string()), "{out}");
    assert_eq!(
        stdout(&recover(&dir, &["--list"])),
        out,
        "--list does the same"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn recover_lists_files_named_with_line_breaks_escape_codes_and_bytes_not_utf8() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("recover-odd-names");
    let names: [&[u8]; 4] = [b"q.ron\n ", b"a\xff.ron", b"a\xfe.ron", b"e\x1b[2J.ron"];
    for name in names {
        left_copy(&dir, &dir.join(OsStr::from_bytes(name)), 1);
    }
    let o = recover(&dir, &["--list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !o.stdout.contains(&0x1b),
        "no escape code reaches the terminal"
    );
    let out = stdout(&o);
    assert_eq!(
        out.lines().count(),
        2 * names.len(),
        "two lines a copy:\n{out}"
    );
    for shown in ["q.ron\\n ", "a\\xff.ron", "a\\xfe.ron", "e\\x1b[2J.ron"] {
        let line = format!("{}  newer than the file", dir.join(shown).display());
        assert_eq!(out.matches(&line).count(), 1, "{line} in:\n{out}");
    }
    fs::remove_dir_all(dir).unwrap();
}

/// Sets a file's time of last change to `days_ago`.
fn age(path: &Path, days_ago: u64) {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(days_ago * 86_400);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

#[test]
fn recover_clean_lists_and_removes_old_copies_and_spares_the_rest() {
    let dir = scratch("recover-clean");
    let map = dir.join("map.ron");
    let old = left_copy(&dir, &map, 45);
    let recent = left_copy(&dir, &map, 3);
    let running = live_copy(&dir, &map, 60);
    // The lock of a cxmap killed with nothing unsaved, long ago; and of one
    // killed last week.
    let killed_lock = dir.join(".state/cxmap/recovery/unsaved-k1dd3d.lock");
    fs::write(&killed_lock, "").unwrap();
    age(&killed_lock, 40);
    let recent_lock = dir.join(".state/cxmap/recovery/unsaved-w33k00.lock");
    fs::write(&recent_lock, "").unwrap();
    age(&recent_lock, 7);
    let o = recover(&dir, &["--clean"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let expected = format!(
        "Removing 1 recovery copy written more than 30 days ago:\n\
         {} (45 days ago)  {}  newer than the file: open the file in cxmap to restore\n    {}\n\
         Removing 1 file left by sessions that ended with nothing to restore, \
         last written more than 30 days ago:\n    {}\n\
         Removed 1 recovery copy.\n\
         Removed 1 file left by sessions that ended with nothing to restore.\n\
         Kept 1 recovery copy written in the last 30 days (--older-than 0 removes them too).\n\
         Kept 1 file left by sessions that ended with nothing to restore, written in the last \
         30 days (--older-than 0 removes them too).\n\
         Kept 1 recovery copy that a running cxmap is writing.\n",
        out.lines()
            .nth(1)
            .and_then(|l| l.get(..16))
            .unwrap_or_default(),
        map.display(),
        old.display(),
        killed_lock.display(),
    );
    assert_eq!(out, expected);
    assert!(!old.exists() && !old.with_extension("lock").exists());
    assert!(!killed_lock.exists());
    assert!(recent.exists() && running.path().exists() && recent_lock.exists());

    let o = recover(&dir, &["--clean", "--older-than", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("Removing 1 recovery copy written at any time:\n"),
        "{out}"
    );
    assert!(out.contains(&recent.display().to_string()), "{out}");
    assert!(
        out.contains(&format!(
            "Removing 1 file left by sessions that ended with nothing to restore:\n    {}\n",
            recent_lock.display()
        )),
        "{out}"
    );
    assert!(!recent.exists() && !recent_lock.exists(), "removed");
    assert!(running.path().exists(), "never one in use");
    drop(running);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn recover_clean_removes_only_cxmaps_own_files_and_leaves_the_rest_alone() {
    let dir = scratch("recover-strangers");
    let folder = dir.join(".state/cxmap/recovery");
    fs::create_dir_all(&folder).unwrap();
    let outside = dir.join("t_base");
    fs::write(&outside, "elsewhere").unwrap();
    let strangers = [
        ("notes.base", "my notes"),
        ("todo.lock", "important"),
        (".thesis.ron.cxmap-copy-zzz", "draft"),
        (".important.cxmap-copy-", "x"),
    ];
    for (name, text) in strangers {
        fs::write(folder.join(name), text).unwrap();
        age(&folder.join(name), 100);
    }
    std::os::unix::fs::symlink(&outside, folder.join("y.base")).unwrap();
    fs::create_dir(folder.join("x.base")).unwrap();
    // cxmap's own, and old enough to go.
    let idle_lock = folder.join("unsaved-k1dd3d.lock");
    fs::write(&idle_lock, "").unwrap();
    age(&idle_lock, 100);
    let o = recover(&dir, &["--clean"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let shown = |name: &str| folder.join(name).display().to_string();
    assert_eq!(
        stdout(&o),
        format!(
            "Removing 1 file left by sessions that ended with nothing to restore, \
             last written more than 30 days ago:\n    {}\n\
             Removed 0 recovery copies.\n\
             Removed 1 file left by sessions that ended with nothing to restore.\n\
             Left alone, not cxmap's:\n\
             \x20   {}  (not a name cxmap gives its files)\n\
             \x20   {}  (not a name cxmap gives its files)\n\
             \x20   {}  (not a name cxmap gives its files)\n\
             \x20   {}  (not a name cxmap gives its files)\n\
             \x20   {}  (a folder)\n\
             \x20   {}  (a symbolic link)\n",
            idle_lock.display(),
            shown(".important.cxmap-copy-"),
            shown(".thesis.ron.cxmap-copy-zzz"),
            shown("notes.base"),
            shown("todo.lock"),
            shown("x.base"),
            shown("y.base"),
        )
    );
    for (name, text) in strangers {
        assert_eq!(
            fs::read_to_string(folder.join(name)).unwrap(),
            text,
            "{name}"
        );
    }
    assert!(
        fs::symlink_metadata(folder.join("y.base"))
            .unwrap()
            .is_symlink()
    );
    assert!(folder.join("x.base").is_dir());
    assert_eq!(fs::read_to_string(&outside).unwrap(), "elsewhere");
    assert!(!idle_lock.exists());
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn recover_never_prints_a_control_character_from_a_name() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("recover-escapes");
    // XDG_STATE_HOME itself holds an escape code and a line break.
    let odd = dir.join(OsStr::from_bytes(b"st\x1b]0;owned\x07\nate"));
    let run = |args: &[&str]| {
        Command::new(BIN)
            .arg("recover")
            .args(args)
            .env("XDG_STATE_HOME", &odd)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let clean = |o: &Output| {
        for bytes in [&o.stdout, &o.stderr] {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        }
    };
    let folder = odd.join("cxmap/recovery");
    let shown = |name: &str| {
        format!(
            "{}/st\\x1b]0;owned\\x07\\nate/cxmap/recovery{name}",
            dir.display()
        )
    };
    let o = run(&["--list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("No recovery copies in {}\n", shown("")));
    clean(&o);
    fs::create_dir_all(&folder).unwrap();
    for name in [
        &b"evil\x1b[2J\x9b.txt"[..],
        b"a\x1b[31m-0123456789abcdef.lock",
    ] {
        fs::write(folder.join(OsStr::from_bytes(name)), "").unwrap();
    }
    let o = run(&["--clean", "--older-than", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
    clean(&o);
    let out = stdout(&o);
    assert!(
        out.contains(&shown("/a\\x1b[31m-0123456789abcdef.lock\n")),
        "{out}"
    );
    assert!(
        out.contains(&shown("/evil\\x1b[2J\\x9b.txt  (not a name")),
        "{out}"
    );
    // A state folder that is a link: the reason names it, escaped.
    fs::remove_dir_all(odd.join("cxmap")).unwrap();
    std::os::unix::fs::symlink(&dir, odd.join("cxmap")).unwrap();
    let o = run(&["--list"]);
    assert_eq!(o.status.code(), Some(2));
    clean(&o);
    assert!(
        stderr(&o).contains("st\\x1b]0;owned\\x07\\nate/cxmap is a symbolic link"),
        "{}",
        stderr(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn recover_older_than_needs_clean_and_clean_is_not_a_list() {
    let dir = scratch("recover-args");
    for args in [&["--older-than", "3"][..], &["--list", "--clean"]] {
        let o = recover(&dir, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    }
    fs::remove_dir_all(dir).unwrap();
}

/// A sparse file of `size` bytes: it takes no room on disk.
fn sparse_file(path: &Path, size: u64) {
    let file = fs::File::create(path).unwrap();
    file.set_len(size)
        .expect("this file system makes sparse files (ext4, tmpfs, btrfs and xfs do)");
}

#[test]
fn a_file_far_bigger_than_any_map_is_refused_before_reading() {
    let dir = scratch("huge");
    let path = dir.join("huge.ron");
    sparse_file(&path, 64 << 30);
    for command in ["check", "show", "fmt"] {
        let o = cxmap(&[command, path_arg(&path)]);
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
        assert_eq!(
            stderr(&o).lines().next(),
            Some(
                format!(
                    "{}: cannot read: it is 64 GiB, far bigger than any map \
                     (cxmap reads maps of up to 256 MiB)",
                    path.display()
                )
                .as_str()
            ),
            "{command}"
        );
    }
    assert_eq!(fs::metadata(&path).unwrap().len(), 64 << 30, "left alone");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_map_that_does_not_fit_in_memory_is_an_error_not_an_abort() {
    // A valid map of 50 MiB under a 100 MB address-space limit: it can be
    // read, but parsing it needs more, and a failed allocation aborts.
    let dir = scratch("no-memory");
    let path = dir.join("big.ron");
    let title = "x".repeat(50 << 20);
    fs::write(
        &path,
        format!("(format: 1, title: \"{title}\", stages: [])\n"),
    )
    .unwrap();
    drop(title);
    for command in ["check", "show"] {
        let script = format!(
            "ulimit -v 100000; exec '{BIN}' {command} '{}'",
            path.display()
        );
        let o = Command::new("sh").arg("-c").arg(script).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
        assert_eq!(
            stderr(&o).lines().next(),
            Some(
                format!(
                    "{}: cannot read: there is not enough memory to load its 50.0 MiB",
                    path.display()
                )
                .as_str()
            ),
            "{command}"
        );
    }
    // With room, the same map loads.
    assert_eq!(cxmap(&["check", path_arg(&path)]).status.code(), Some(0));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_map_with_an_escape_code_never_reaches_the_terminal() {
    let dir = scratch("escape-code");
    let path = dir.join("evil.ron");
    let evil = EXAMPLE.replacen(
        "name: \"Discover\"",
        "name: \"Disc\\u{1b}]0;PWNED\\u{7}over\"",
        1,
    );
    fs::write(&path, &evil).unwrap();
    // git's textconv shows a file that does not load as its text, with the
    // escape code written out, never sent.
    let o = cxmap(&["textconv", path_arg(&path)]);
    assert!(o.status.success());
    assert!(!o.stdout.contains(&0x1b));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Disc\\u{1b}]0;PWNED\\u{7}over"));
    for command in ["show", "check", "plan"] {
        let o = cxmap(&[command, path_arg(&path)]);
        assert_eq!(o.status.code(), Some(2), "{command}");
        assert!(
            !o.stdout.contains(&0x1b) && !o.stderr.contains(&0x1b),
            "{command}"
        );
        assert!(
            stderr(&o).contains("evil.ron:20:24: this text holds the control character U+001B"),
            "{command}: {}",
            stderr(&o)
        );
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), evil, "left alone");
    // Where ron or the checks would quote the text in their message (an id,
    // a date, a duplicate, a link), the escape code is found first.
    for (what, from, to) in [
        (
            "an id",
            "id: \"s-yr2tct\"",
            "id: \"s-\\u{1b}]0;PWNED\\u{7}\"",
        ),
        (
            "a date",
            "due: \"2026-12-15\"",
            "due: \"\\u{1b}]0;PWNED\\u{7}\"",
        ),
        (
            "a duplicate id",
            "id: \"t-m8xrc6\"",
            "id: \"t-gnddxh\\u{9b}\"",
        ),
    ] {
        fs::write(&path, EXAMPLE.replacen(from, to, 1)).unwrap();
        for command in ["show", "check", "fmt", "diff"] {
            let args: Vec<&str> = if command == "diff" {
                vec![command, path_arg(&path), path_arg(&path)]
            } else {
                vec![command, path_arg(&path)]
            };
            let o = cxmap(&args);
            assert_eq!(o.status.code(), Some(2), "{what}, {command}");
            let raw =
                |bytes: &[u8]| bytes.contains(&0x1b) || bytes.windows(2).any(|w| w == [0xc2, 0x9b]);
            assert!(
                !raw(&o.stdout) && !raw(&o.stderr),
                "{what}, {command}: {}",
                stderr(&o)
            );
            assert!(
                stderr(&o).contains("control character"),
                "{what}, {command}: {}",
                stderr(&o)
            );
        }
    }
    // A file name with an escape code is written out in messages.
    let named = dir.join("e\u{1b}]0;PWNED\u{7}.ron");
    let o = cxmap(&["show", path_arg(&named)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!o.stderr.contains(&0x1b), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("e\\u{1b}]0;PWNED\\u{7}.ron: cannot read"),
        "{}",
        stderr(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_fifo_with_nobody_writing_is_an_error_not_a_hang() {
    let dir = scratch("fifo");
    let fifo = dir.join("map.ron");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    let started = std::time::Instant::now();
    let o = cxmap(&["check", path_arg(&fifo)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("the file is empty"), "{}", stderr(&o));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    // With a writer, a map comes through a pipe as through a file.
    let mut child = Command::new(env!("CARGO_BIN_EXE_cxmap"))
        .args(["show", "/dev/stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(EXAMPLE.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Discover"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn plan_says_the_aim_that_ranks_a_finding() {
    let dir = std::env::temp_dir().join(format!("cxmap-plan-aim-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("aim.ron");
    // Identity check hurts Kadri most (-2, 12 customers) and is aimed at
    // +1: (1 + 2 + 3) × (1 + ⌊log2 13⌋) = 6 × 4 = 24, under Wait for the
    // decision (-2 aimed at 0, 23 customers): (1 + 2 + 2) × (1 + ⌊log2 24⌋)
    // = 5 × 5 = 25, in Be fast, until the team aims it at +2: 7 × 4 = 28.
    // (Wait for the decision, cut loose from the helpline calls it causes,
    // weighs only its own pain here.)
    let example = fs::read_to_string("maps/business-account.ron").unwrap();
    let identity = "                    emotion: -1,\n                    to_be_emotion: 1,\n                    by_persona: [\n                        (\n                            persona: \"p-k4dr1q\",\n                            emotion: -2,\n                        ),";
    let cause = "root_cause: Touchpoint(\"t-zbf1jv\")";
    assert_eq!(example.matches(identity).count(), 1);
    assert_eq!(example.matches(cause).count(), 1);
    let text = example
        .replacen(
            identity,
            &identity.replace("to_be_emotion: 1,", "to_be_emotion: 2,"),
            1,
        )
        .replacen(cause, "root_cause: Text(\"the queue\")", 1);
    fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let out = stdout(&cxmap(&["plan", path, "--today", "2026-11-23"]));
    let fast = &out[out.find("Be fast (56%)").unwrap()..];
    let (identity, wait) = (
        fast.find("[!] Identity check by video call").unwrap(),
        fast.find("[!] Wait for the decision").unwrap(),
    );
    assert!(identity < wait, "the gap of 3 ranks it first:\n{fast}");
    assert!(
        fast.contains("Apply · hurts Kadri most · emotion -2 · to be +2 · 12 customers"),
        "and says so:\n{fast}"
    );
    let o = cxmap(&["plan", path, "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let aims: Vec<&serde_json::Value> = plan["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .filter(|i| i["touchpoint"]["name"] == "Identity check by video call")
        .map(|i| &i["touchpoint"]["to_be_emotion"])
        .collect();
    assert!(!aims.is_empty() && aims.iter().all(|a| a.as_i64() == Some(2)));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn merge_never_writes_through_a_link_given_as_ours() {
    let dir = scratch("merge-link");
    fs::write(dir.join("base"), EXAMPLE).unwrap();
    fs::write(
        dir.join("theirs"),
        EXAMPLE.replacen("name: \"Discover\"", "name: \"Find us\"", 1),
    )
    .unwrap();
    for target in [EXAMPLE, "precious data, not a map\n"] {
        fs::write(dir.join("victim"), target).unwrap();
        let _ = fs::remove_file(dir.join("ours"));
        std::os::unix::fs::symlink(dir.join("victim"), dir.join("ours")).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_cxmap"))
            .args(["merge", "base", "ours", "theirs", "map.ron"])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert_ne!(o.status.code(), Some(0));
        assert!(
            stderr(&o).contains("OURS is a symbolic link"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            fs::read_to_string(dir.join("victim")).unwrap(),
            target,
            "untouched"
        );
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn text_that_would_reorder_a_review_is_written_out() {
    let dir = scratch("bidi");
    let path = dir.join("map.ron");
    fs::write(
        &path,
        EXAMPLE.replacen(
            "Search for a business account online",
            "Search \u{202e}gnp.exe\u{202c} online",
            1,
        ),
    )
    .unwrap();
    let out = stdout(&cxmap(&["show", path.to_str().unwrap()]));
    assert!(
        out.contains("Search \\u{202e}gnp.exe\\u{202c} online"),
        "{out}"
    );
    assert!(!out.contains('\u{202e}'));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn json_output_stays_valid_json_with_text_that_reorders() {
    let dir = scratch("bidi-json");
    // In the file's name too: check's records carry the path.
    let path = dir.join("m\u{202e}ap.ron");
    fs::write(
        &path,
        EXAMPLE.replacen(
            "Compare fees in the price list",
            "Compare \u{202e}fees\u{202c} in the price list",
            1,
        ),
    )
    .unwrap();
    for args in [["check", "--format", "json"], ["plan", "--format", "json"]] {
        let o = cxmap(&[args[0], path.to_str().unwrap(), args[1], args[2]]);
        let text = String::from_utf8(o.stdout).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}\n{text}", args[0]));
        assert!(!text.contains('\u{202e}'), "never raw:\n{text}");
        assert!(text.contains("\\u202e"), "{text}");
        if args[0] == "plan" {
            assert!(
                value
                    .to_string()
                    .contains("Compare \u{202e}fees\u{202c} in the price list"),
                "the name as it is"
            );
        }
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_fails_on_what_fail_on_names_and_prints_every_finding_anyway() {
    let dir = scratch("fail-on");
    // A fresh map from a template has warnings, and no errors.
    let fresh = dir.join("fresh.ron");
    let o = cxmap(&["new", path_arg(&fresh), "--template", "retail-purchase"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let conflicted = dir.join("merged.ron");
    fs::copy(
        "tests/merge/same-field-both-changed/expected.ron",
        &conflicted,
    )
    .unwrap();
    let broken = dir.join("broken.ron");
    fs::write(&broken, "(format: 1, title: \"x\", stages: [").unwrap();
    let check = |fail_on: Option<&str>, file: &Path| {
        let mut args = vec!["check", "--today", "2026-11-23", path_arg(file)];
        args.extend(
            fail_on
                .map(|level| ["--fail-on", level])
                .into_iter()
                .flatten(),
        );
        cxmap(&args)
    };
    let example = Path::new("maps/business-account.ron");
    let (fresh, conflicted, broken) = (fresh.as_path(), conflicted.as_path(), broken.as_path());
    for (file, level, code) in [
        // Warnings: fail by default (as before) and with warning only.
        (fresh, None, 1),
        (fresh, Some("warning"), 1),
        (fresh, Some("error"), 0),
        (fresh, Some("never"), 0),
        (example, Some("error"), 0),
        // A merge conflict is an error.
        (conflicted, Some("warning"), 1),
        (conflicted, Some("error"), 1),
        (conflicted, Some("never"), 0),
        // A map that does not load is exit 2 whatever --fail-on says.
        (broken, Some("error"), 2),
        (broken, Some("never"), 2),
    ] {
        let o = check(level, file);
        let what = format!("{} --fail-on {level:?}: {}", file.display(), stderr(&o));
        assert_eq!(o.status.code(), Some(code), "{what}");
        if file != broken {
            assert!(stdout(&o).contains(" warning: "), "printed anyway: {what}");
        }
    }
    let o = check(Some("error"), conflicted);
    assert!(stdout(&o).contains(": CX000 error: unresolved merge conflict"));
    let o = check(Some("never"), broken);
    assert!(stderr(&o).contains("broken.ron:1:"), "{}", stderr(&o));
    // Each format fails alike.
    for format in ["json", "github", "sarif"] {
        let args = [
            "check",
            "--format",
            format,
            "--fail-on",
            "error",
            "maps/business-account.ron",
        ];
        let o = cxmap(&args);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{format}");
    }
    let o = cxmap(&["check", "--fail-on", "info", "maps/business-account.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[possible values: error, warning, never]"),
        "{}",
        stderr(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_counts_only_the_files_it_could_read() {
    let dir = scratch("check-unread");
    fs::write(
        dir.join("broken.ron"),
        "(format: 1, title: \"x\", stages: [",
    )
    .unwrap();
    let o = cxmap(&[
        "check",
        "--today",
        "2026-11-23",
        dir.join("broken.ron").to_str().unwrap(),
        "maps/business-account.ron",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("findings in 1 file (as of 2026-11-23); 1 file could not be read"),
        "{}",
        stderr(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}

fn cxmap_config(config_home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("config")
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap()
}

#[test]
fn config_prints_the_file_and_the_settings_with_where_each_came_from() {
    let dir = scratch("config");
    let path = dir.join("cxmap").join("config.ron");
    let o = cxmap_config(&dir, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "config file: {} (not there: the defaults apply)\n\
             theme: default (default)\n\
             default_owner: none (default)\n\
             ask_before_deleting_a_stage: true (default)\n\
             mouse: true (default)\n",
            path.display()
        )
    );

    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(
        &path,
        "(\n    theme: \"projector\",\n    default_owner: \"Ana\",\n    mouse: true,\n)\n",
    )
    .unwrap();
    let o = cxmap_config(&dir, &["--theme", "monochrome", "--no-mouse"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "config file: {} (in use)\n\
             theme: monochrome (command line)\n\
             default_owner: \"Ana\" (config file)\n\
             ask_before_deleting_a_stage: true (default)\n\
             mouse: false (command line)\n",
            path.display()
        )
    );
    let o = cxmap_config(&dir, &[]);
    assert!(stdout(&o).contains("theme: projector (config file)\n"));
    assert!(stdout(&o).contains("mouse: true (config file)\n"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn config_reports_a_broken_file_at_its_line_and_column_and_fails() {
    let dir = scratch("config-broken");
    let path = dir.join("cxmap").join("config.ron");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let text = "(\n    theme: \"projector\",\n    ask_before_deleting_a_stag: false,\n)\n";
    fs::write(&path, text).unwrap();
    let o = cxmap_config(&dir, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!(
            "{}:3:5: unknown setting `ask_before_deleting_a_stag`",
            path.display()
        )),
        "{err}"
    );
    assert!(
        stdout(&o).contains("theme: default (default)"),
        "the settings the app starts with: {}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("(broken: ignored, the defaults apply)\n"));
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "never written");
    let o = cxmap_config(&dir, &["--theme", "beamer"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("projector"), "{}", stderr(&o));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_config_that_is_no_plain_file_of_ours_is_not_read_and_not_quoted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("config-unfit");
    let folder = dir.join("cxmap");
    fs::create_dir_all(&folder).unwrap();
    let config = folder.join("config.ron");
    // A FIFO: refused at once, not waited on.
    let made = std::process::Command::new("mkfifo")
        .arg(&config)
        .status()
        .unwrap();
    assert!(made.success());
    let o = cxmap_config(&dir, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a plain file"), "{}", stderr(&o));
    fs::remove_file(&config).unwrap();
    // Writable by others: not read.
    fs::write(&config, "(theme: \"projector\")\n").unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o666)).unwrap();
    let o = cxmap_config(&dir, &[]);
    assert!(
        stderr(&o).contains("others may change it"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("theme: default (default)"),
        "{}",
        stdout(&o)
    );
    // A link to some other file: its words are not printed.
    fs::remove_file(&config).unwrap();
    fs::write(dir.join("secret"), "hunter2secret:x:0:0\n").unwrap();
    fs::set_permissions(dir.join("secret"), fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink(dir.join("secret"), &config).unwrap();
    let o = cxmap_config(&dir, &[]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert!(!said.contains("hunter2"), "{said}");
    fs::remove_dir_all(dir).unwrap();
}

// ---- cxmap new and its templates; examples in --help; completions and the man page ----

use clap::CommandFactory;
use cxmap::cli::Cli;
use cxmap::cli::templates::TEMPLATES;
use cxmap::model::Map;

#[test]
fn new_never_writes_through_a_link_or_over_a_folder() {
    let dir = scratch("new-link");
    let target = dir.join("elsewhere.ron");
    let link = dir.join("map.ron");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = cxmap(&["new", path_arg(&link)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert!(!target.exists(), "a dangling link is not followed");
    let folder = dir.join("folder.ron");
    fs::create_dir(&folder).unwrap();
    let o = cxmap(&["new", path_arg(&folder)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn new_writes_an_escape_code_in_a_file_name_out() {
    let dir = scratch("new-escape");
    let path = dir.join("x\u{1b}]0;owned\u{7}.ron");
    let o = cxmap(&["new", path_arg(&path)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("x\\u{1b}]0;owned\\u{7}.ron"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains('\u{1b}'));
    fs::remove_dir_all(dir).unwrap();
}

/// Every id in a map: stages, touchpoints, actions.
fn ids(map: &Map) -> Vec<String> {
    let mut ids = Vec::new();
    for stage in &map.stages {
        ids.push(stage.id.to_string());
        for touchpoint in &stage.touchpoints {
            ids.push(touchpoint.id.to_string());
            ids.extend(touchpoint.actions.iter().map(|a| a.id.to_string()));
        }
    }
    ids
}

#[test]
fn templates_lists_each_template_with_what_it_is_for_and_its_stages() {
    let o = cxmap(&["templates"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for template in &TEMPLATES {
        assert!(out.contains(template.name), "{}", template.name);
        assert!(out.contains(template.about), "{}", template.about);
    }
    assert!(out.starts_with("blank "), "the default first:\n{out}");
    assert!(out.contains("(the default)"));
    for line in out.lines() {
        assert!(cxmap::text::width(line) <= 80, "fits in 80 columns: {line}");
    }
    insta::assert_snapshot!("templates", out);
}

#[test]
fn every_template_is_a_canonical_map_with_examples_marked_as_such() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates");
    let mut files: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut named: Vec<String> = TEMPLATES[1..]
        .iter()
        .map(|t| format!("{}.ron", t.name))
        .collect();
    named.sort();
    assert_eq!(
        files, named,
        "each file in assets/templates/ has a row in TEMPLATES"
    );
    assert_eq!(TEMPLATES[0].text, include_str!("../assets/template.ron"));

    let mut args = vec!["fmt", "--check", "assets/template.ron"];
    let paths: Vec<String> = files
        .iter()
        .map(|f| format!("assets/templates/{f}"))
        .collect();
    args.extend(paths.iter().map(String::as_str));
    let o = cxmap(&args);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));

    for template in &TEMPLATES {
        let loaded = cxmap::storage::from_bytes(template.text.as_bytes()).unwrap();
        assert!(loaded.is_canonical(), "{}", template.name);
        let map = loaded.map;
        assert!((5..=7).contains(&map.stages.len()), "{}", template.name);
        if template.name == "blank" {
            assert_eq!(map.touchpoint_count(), 0);
            continue;
        }
        let touchpoints: Vec<_> = map.touchpoints().map(|(_, t)| t).collect();
        for stage in &map.stages {
            assert!(
                (2..=3).contains(&stage.touchpoints.len()),
                "{}: {}",
                template.name,
                stage.name
            );
        }
        assert!(
            touchpoints.iter().any(|t| t.wish.is_none()),
            "some undecided"
        );
        for wish in cxmap::model::Wish::ALL {
            assert!(
                touchpoints.iter().any(|t| t.wish == Some(wish)),
                "{}: an example of {wish:?}",
                template.name
            );
        }
        assert!(
            touchpoints.iter().any(|t| t.emotion.is_none()),
            "some unscored"
        );
        assert!(
            touchpoints.iter().any(|t| t.emotion.is_some()),
            "some scored"
        );
        assert!(touchpoints.iter().all(|t| !t.channel.is_empty()));
        assert!(touchpoints.iter().any(|t| !t.actions.is_empty()));
        let quotes: Vec<_> = touchpoints.iter().flat_map(|t| &t.verbatims).collect();
        assert!(!quotes.is_empty(), "{}", template.name);
        for quote in quotes {
            assert!(
                quote.source.starts_with("EXAMPLE: replace"),
                "{}: a quote marked as an example to replace: {:?}",
                template.name,
                quote
            );
        }
        // Nothing in a template rests on customers: the team has yet to ask.
        assert!(touchpoints.iter().all(|t| t.evidence == 0));
    }
}

#[test]
fn a_map_from_a_template_has_fresh_ids_and_its_own_title() {
    let dir = scratch("new-template");
    for template in &TEMPLATES {
        let original = template.map();
        let first = dir.join(format!("{}-one.ron", template.name));
        let o = cxmap(&[
            "new",
            path_arg(&first),
            "--template",
            template.name,
            "--title",
            "Kliendi teekond",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains(template.name), "{}", stderr(&o));
        let second = dir.join(format!("{}-two.ron", template.name));
        let o = cxmap(&["new", path_arg(&second), "--template", template.name]);
        assert!(o.status.success(), "{}", stderr(&o));

        let one = cxmap::storage::load(&first).unwrap();
        assert!(one.is_canonical());
        let one = one.map;
        let two = cxmap::storage::load(&second).unwrap().map;
        assert_eq!(one.title, "Kliendi teekond");
        assert_eq!(
            two.title,
            format!("{} two", template.name.replace('-', " "))
        );
        for id in ids(&one) {
            assert!(
                !original.id_taken(&id),
                "{}: {id} is the template's",
                template.name
            );
            assert!(!two.id_taken(&id), "{}: {id} in both maps", template.name);
        }
        assert_eq!(ids(&one).len(), ids(&original).len());
        // Everything else as in the template; root causes follow their touchpoints.
        let mut same = one.clone();
        same.title = original.title.clone();
        let names = |map: &Map| -> Vec<String> {
            map.touchpoints()
                .map(|(s, t)| {
                    let cause = match &t.root_cause {
                        Some(cxmap::model::RootCause::Touchpoint(id)) => {
                            map.touchpoint(id).unwrap().name.clone()
                        }
                        other => format!("{other:?}"),
                    };
                    format!("{} / {} / {} / {cause}", s.name, t.name, t.verbatims.len())
                })
                .collect()
        };
        assert_eq!(names(&one), names(&original), "{}", template.name);
        assert_eq!(one.persona, original.persona);
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn new_with_an_unknown_template_lists_the_known_ones_and_writes_nothing() {
    let dir = scratch("new-unknown");
    let path = dir.join("map.ron");
    let o = cxmap(&["new", path_arg(&path), "--template", "retail"]);
    assert_eq!(o.status.code(), Some(2));
    for template in &TEMPLATES {
        assert!(stderr(&o).contains(template.name), "{}", stderr(&o));
    }
    assert!(!path.exists());
    fs::remove_dir_all(dir).unwrap();
}

/// The command lines of a shell line, as the shell would split them: the
/// commands of a pipeline, each up to a redirection, its words unquoted.
fn shell_commands(line: &str) -> Vec<Vec<String>> {
    let mut commands = vec![Vec::new()];
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    let mut redirected = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, ' ') | (None, '>') | (None, '|') => {
                if let Some(w) = word.take()
                    && !redirected
                {
                    commands.last_mut().unwrap().push(w);
                }
                match c {
                    '>' => redirected = true,
                    '|' => {
                        redirected = false;
                        commands.push(Vec::new());
                    }
                    _ => {}
                }
            }
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    assert!(quote.is_none(), "a quote left open in {line}");
    if let Some(w) = word
        && !redirected
    {
        commands.last_mut().unwrap().push(w);
    }
    commands
}

#[test]
fn shell_commands_split_as_the_shell_does() {
    assert_eq!(
        shell_commands("cxmap a 'b c' \"d\" > out | man -l -"),
        vec![vec!["cxmap", "a", "b c", "d"], vec!["man", "-l", "-"]]
    );
}

/// The example lines of a command's help (clap's `after_help`).
fn example_lines(command: &clap::Command) -> Vec<String> {
    let help = command
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    let Some((_, examples)) = help.split_once("Examples:\n") else {
        return Vec::new();
    };
    examples
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("cxmap"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_has_examples_that_parse() {
    let top = Cli::command();
    let mut commands = vec![(String::from("cxmap"), &top)];
    let mut i = 0;
    while i < commands.len() {
        let (name, command) = commands[i].clone();
        commands.extend(
            command
                .get_subcommands()
                .map(|sub| (format!("{name} {}", sub.get_name()), sub)),
        );
        i += 1;
    }
    assert!(commands.len() > 10, "{}", commands.len());
    for (name, command) in commands {
        let lines = example_lines(command);
        assert!(
            (1..=3).contains(&lines.len()),
            "`{name} --help` must end in 1 to 3 examples under \"Examples:\", not {lines:?}"
        );
        for line in &lines {
            let mut used = false;
            for words in shell_commands(line) {
                if words.first().is_some_and(|w| w == "cxmap") {
                    if let Err(error) = Cli::command().try_get_matches_from(&words) {
                        panic!("the example `{line}` of `{name}` does not parse:\n{error}");
                    }
                    used |= words.join(" ").starts_with(&name);
                }
            }
            assert!(used, "the example `{line}` does not run `{name}`");
        }
    }
}

#[test]
fn every_commands_help_shows_its_examples() {
    for sub in Cli::command().get_subcommands() {
        let name = sub.get_name();
        let o = cxmap(&[name, "--help"]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let help = stdout(&o);
        let first = &example_lines(sub)[0];
        assert!(help.contains("Examples:\n  # "), "{name}:\n{help}");
        assert!(help.contains(first.as_str()), "{name}:\n{help}");
        assert!(!help.contains('\x1b'), "{name}: no colour off a terminal");
    }
}

#[test]
fn every_positional_argument_says_what_it_is() {
    let top = Cli::command();
    let commands = std::iter::once(&top).chain(top.get_subcommands());
    for command in commands {
        for arg in command.get_positionals() {
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            assert!(
                !help.trim().is_empty(),
                "`{} {}` has no description in --help or the man page",
                command.get_name(),
                arg.get_id()
            );
        }
    }
    let help = stdout(&cxmap(&["check", "--help"]));
    assert!(
        help.contains("<FILES>...\n          The maps to check"),
        "{help}"
    );
}

#[test]
fn the_review_commands_show_their_git_and_ci_forms_in_their_help() {
    let help = |command: &str| stdout(&cxmap(&[command, "--help"]));
    let diff = help("diff");
    let examples = diff.split_once("Examples:\n").unwrap().1;
    for shown in [" main:maps/", "--rev main", "--format markdown"] {
        assert!(examples.contains(shown), "diff --help: {shown}\n{diff}");
    }
    let check = help("check");
    let examples = check.split_once("Examples:\n").unwrap().1;
    for shown in ["--format github", "--fail-on error"] {
        assert!(examples.contains(shown), "check --help: {shown}\n{check}");
    }
}

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

/// `cxmap completions SHELL`, saved as a file in `dir`.
fn completion_script(dir: &Path, shell: &str) -> PathBuf {
    let o = cxmap(&["completions", shell]);
    assert!(o.status.success(), "{shell}: {}", stderr(&o));
    assert!(o.stderr.is_empty());
    let path = dir.join(format!("cxmap.{shell}"));
    fs::write(&path, &o.stdout).unwrap();
    path
}

#[test]
fn completions_for_each_shell_know_every_command_and_choice() {
    let dir = scratch("completions");
    for shell in SHELLS {
        let script = fs::read_to_string(completion_script(&dir, shell)).unwrap();
        for sub in Cli::command().get_subcommands() {
            assert!(
                script.contains(sub.get_name()),
                "{shell}: {}",
                sub.get_name()
            );
        }
        assert!(script.contains("--template"), "{shell}");
        // Values complete where clap_complete can say them (not in PowerShell
        // and Elvish, which it gives the options only).
        if ["bash", "zsh", "fish"].contains(&shell) {
            for value in ["retail-purchase", "public-service", "projector", "markdown"] {
                assert!(script.contains(value), "{shell}: {value}");
            }
        }
    }
    let read = |shell: &str| fs::read_to_string(dir.join(format!("cxmap.{shell}"))).unwrap();
    assert!(read("bash").contains("complete -F _cxmap"));
    assert!(read("zsh").starts_with("#compdef cxmap"));
    assert!(read("fish").contains("complete -c cxmap"));
    assert!(read("powershell").contains("Register-ArgumentCompleter -Native -CommandName 'cxmap'"));
    assert!(read("elvish").contains("set edit:completion:arg-completer[cxmap]"));
    // The paths a command takes complete as files.
    assert!(read("zsh").contains(":file -- The map to create:_files"));
    let fish = read("fish");
    let output = fish
        .lines()
        .find(|l| l.contains("-l output -d 'The map to write"))
        .expect("import's -o in fish");
    assert!(output.ends_with("-r -F"), "{output}");
    let o = cxmap(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("powershell"), "{}", stderr(&o));
    fs::remove_dir_all(dir).unwrap();
}

/// What bash's completion offers for the last word of `words`.
fn bash_completes(script: &Path, words: &[&str]) -> Vec<String> {
    let array: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _cxmap cxmap '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        array.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let o = Command::new("bash")
        .arg("-c")
        .arg(program)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).lines().map(str::to_owned).collect()
}

#[test]
fn bash_completion_is_valid_and_completes_templates_themes_and_files() {
    let dir = scratch("completions-bash");
    let script = completion_script(&dir, "bash");
    let o = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = TEMPLATES.iter().map(|t| t.name.to_owned()).collect();
    assert_eq!(
        bash_completes(&script, &["cxmap", "new", "x.ron", "--template", ""]),
        names
    );
    assert_eq!(
        bash_completes(&script, &["cxmap", "new", "x.ron", "--template", "re"]),
        ["retail-purchase"]
    );
    assert_eq!(
        bash_completes(&script, &["cxmap", "--theme", ""]),
        ["default", "projector", "monochrome"]
    );
    fs::write(dir.join("journey map.ron"), "").unwrap();
    assert_eq!(
        bash_completes(
            &script,
            &[
                "cxmap",
                "import",
                "x.json",
                "--from",
                "json",
                "-o",
                &format!("{}/jo", dir.display())
            ]
        ),
        [format!("{}/journey map.ron", dir.display())]
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
#[ignore = "needs zsh: .ci/run runs it where zsh is installed"]
fn zsh_completion_is_valid_zsh() {
    let dir = scratch("completions-zsh");
    let script = completion_script(&dir, "zsh");
    let o = Command::new("zsh").arg("-n").arg(&script).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
#[ignore = "needs fish: .ci/run runs it where fish is installed"]
fn fish_completion_is_valid_and_completes_templates() {
    let dir = scratch("completions-fish");
    let script = completion_script(&dir, "fish");
    let o = Command::new("fish")
        .arg("--no-execute")
        .arg(&script)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new("fish")
        .arg("--no-config")
        .arg("-c")
        .arg(format!(
            "source '{}'; complete -C 'cxmap new x.ron --template '",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for template in &TEMPLATES {
        let line = format!("{}\t{}", template.name, template.about);
        assert!(
            stdout(&o).lines().any(|l| l == line),
            "{line} in\n{}",
            stdout(&o)
        );
    }
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_man_page_has_every_command_with_its_options_and_examples() {
    let o = cxmap(&["man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n.TH CXMAP 1 \"\" \"cxmap "));
    assert_eq!(page.matches(".ds Aq").count(), 2, "the preamble once");
    let sections: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH ")).collect();
    assert_eq!(
        sections,
        [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH DESCRIPTION",
            ".SH OPTIONS",
            ".SH COMMANDS",
            ".SH EXAMPLES",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH FILES",
            ".SH VERSION",
        ]
    );
    let commands: Vec<String> = page
        .lines()
        .filter_map(|l| l.strip_prefix(".SS "))
        .map(str::to_owned)
        .collect();
    let expected: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|s| format!("\"cxmap {}\"", s.get_name()))
        .collect();
    assert_eq!(commands, expected, "every command, in the order of --help");
    // Roff escapes a dash; examples are lines of their own, never filled.
    for sub in Cli::command().get_subcommands() {
        for line in example_lines(sub) {
            let roff = line
                .replace('\\', "\\\\")
                .replace('-', "\\-")
                .replace('\'', "\\*(Aq");
            assert!(page.contains(&format!("\n{roff}\n")), "{roff}");
        }
    }
    assert!(page.contains("\\fB\\-\\-template\\fR \\fI<NAME>\\fR [default: blank]"));
    assert!(page.contains("\n.nf\n") && page.contains("\n.fi\n"));
}

/// groff reads a page as Latin-1 unless told otherwise: an arrow in a help
/// text came out as three warnings and garbage.
#[test]
fn the_man_page_is_ascii_with_other_characters_as_groff_escapes() {
    let page = cxmap(&["man"]).stdout;
    assert!(page.is_ascii(), "{}", String::from_utf8_lossy(&page));
    assert!(
        String::from_utf8(page)
            .unwrap()
            .contains("1 \\[u2192] \\-2")
    );
}

#[test]
#[ignore = "needs groff and man: .ci/run runs it where they are installed"]
fn the_man_page_renders_without_warnings() {
    let dir = scratch("man");
    let page = dir.join("cxmap.1");
    fs::write(&page, cxmap(&["man"]).stdout).unwrap();
    let o = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(o.status.success() && o.stderr.is_empty(), "{}", stderr(&o));
    let o = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "")
        .env_remove("MANPAGER")
        .env("PAGER", "cat")
        .output()
        .unwrap();
    assert!(o.status.success() && o.stderr.is_empty(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("CXMAP(1)"), "{text}");
    assert!(text.contains("User Commands"));
    assert!(text.contains("\n   cxmap new\n"), "{text}");
    assert!(
        text.contains(
            "cxmap new outage.ron --template support-incident --title \"Broadband outage\""
        )
    );
    fs::remove_dir_all(dir).unwrap();
}

/// A touchpoint as a Mermaid journey diagram holds it: name, channel,
/// emotion.
type Task = (String, String, Option<i8>);

/// Each stage's name and touchpoints: what a journey diagram holds of a map.
fn journey_of(path: &Path) -> Vec<(String, Vec<Task>)> {
    let map = cxmap::storage::load(path).unwrap().map;
    map.stages
        .iter()
        .map(|s| {
            let touchpoints = s
                .touchpoints
                .iter()
                .map(|t| {
                    (
                        t.name.clone(),
                        t.channel.clone(),
                        t.emotion.map(|e| e.value()),
                    )
                })
                .collect();
            (s.name.clone(), touchpoints)
        })
        .collect()
}

fn emotions_of(path: &Path) -> Vec<Option<i8>> {
    journey_of(path)
        .into_iter()
        .flat_map(|(_, tasks)| tasks.into_iter().map(|t| t.2))
        .collect()
}

#[test]
fn export_as_mermaid_is_a_journey_diagram_that_imports_back() {
    let dir = scratch("mermaid it's \"quoted\" $(x)");
    // Each example's two personas score touchpoints of their own (6 in the
    // English one, 7 in the Estonian one): a journey task has one score.
    for (example, scored) in [
        ("maps/business-account.ron", 6),
        ("maps/kodune-internet.ron", 7),
    ] {
        let o = cxmap(&["export", example, "--format", "mermaid"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            stderr(&o),
            format!(
                "{example}: the Mermaid diagram shows the map-wide scores only: a journey task \
                 has one score, so the 2 personas and their own scores (at {scored} touchpoints) \
                 are left out; export HTML or Markdown to compare them\n"
            )
        );
        let diagram = stdout(&o);
        assert!(diagram.starts_with("journey\n    title "), "{diagram}");
        assert!(diagram.contains("\n    section "), "{diagram}");
        assert!(diagram.contains("%% cxmap: unscored\n"), "{diagram}");
        let file = dir.join("journey.mmd");
        let o = cxmap(&[
            "export",
            example,
            "--format",
            "mermaid",
            "-o",
            path_arg(&file),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(fs::read_to_string(&file).unwrap(), diagram);
        let map = dir.join("back.ron");
        let o = cxmap(&[
            "import",
            path_arg(&file),
            "--from",
            "mermaid",
            "-o",
            path_arg(&map),
            "--force",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let said = stderr(&o);
        assert!(
            said.starts_with("imported "),
            "no notes, only the summary: {said}"
        );
        assert_eq!(
            journey_of(&map),
            journey_of(Path::new(example)),
            "{example}"
        );
    }
    // An export never replaces a map.
    let map = dir.join("back.ron");
    let before = fs::read(&map).unwrap();
    let o = cxmap(&[
        "export",
        "maps/business-account.ron",
        "--format",
        "mermaid",
        "-o",
        path_arg(&map),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a map"), "{}", stderr(&o));
    assert_eq!(fs::read(&map).unwrap(), before);
    fs::remove_dir_all(dir).unwrap();
}

/// A diagram as a team writes one, with what a map cannot hold as written.
fn support_diagram(dir: &Path) -> PathBuf {
    let input = dir.join("support journey.mmd");
    fs::write(
        &input,
        "%% Written by the support team\n\
         journey\n\
         \x20   title Support: from fault to fix\n\
         \x20   section Fault\n\
         \x20     Internet drops: 1: home\n\
         \x20     Status page: 7: web\n\
         \x20     Hotline: five: phone\n\
         \x20   section Fix\n\
         \x20     Technician: 9: home: visit\n",
    )
    .unwrap();
    input
}

#[test]
fn import_from_mermaid_says_at_which_line_what_it_could_not_keep() {
    let dir = scratch("mermaid-notes");
    let input = support_diagram(&dir);
    let map = dir.join("support.ron");
    let o = cxmap(&[
        "import",
        path_arg(&input),
        "--from",
        "mermaid",
        "-o",
        path_arg(&map),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let said = stderr(&o);
    for (line, words) in [
        (1, "a comment is not kept: `%% Written by the support team`"),
        (
            6,
            "scores go up to 9, past Mermaid's 1..5: read on the 0..10 scale",
        ),
        (
            7,
            "the score `five` of `Hotline` is not a number: imported unscored",
        ),
        (9, "`: visit` after the actors of `Technician` is not kept"),
    ] {
        let note = format!("{}:{line}: {words}", input.display());
        assert!(said.contains(&note), "line {line}: {said}");
    }
    let summary = format!("imported {}: 2 stages, 4 touchpoints", map.display());
    assert!(said.contains(&summary), "{said}");
    let task = |name: &str, channel: &str, emotion| (name.to_owned(), channel.to_owned(), emotion);
    assert_eq!(
        journey_of(&map),
        [
            (
                "Fault".to_owned(),
                vec![
                    task("Internet drops", "home", Some(-2)),
                    task("Status page", "web", Some(1)),
                    task("Hotline", "phone", None),
                ]
            ),
            ("Fix".to_owned(), vec![task("Technician", "home", Some(2))]),
        ]
    );
    let loaded = cxmap::storage::load(&map).unwrap().map;
    assert_eq!(loaded.title, "Support: from fault to fix");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_from_mermaid_on_a_scale_asked_for() {
    let dir = scratch("mermaid-scale");
    let input = support_diagram(&dir);
    let map = dir.join("support.ron");
    let o = cxmap(&[
        "import",
        path_arg(&input),
        "--from",
        "mermaid",
        "-o",
        path_arg(&map),
        "--scale",
        "1-5",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let note = format!(
        "{}:6: the score 7 of `Status page` is outside the 1..5 scale",
        input.display()
    );
    assert!(stderr(&o).contains(&note), "{}", stderr(&o));
    assert_eq!(emotions_of(&map), [Some(-2), None, None, None]);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_from_mermaid_never_overwrites_without_force() {
    let dir = scratch("mermaid-force");
    let input = dir.join("day.mmd");
    fs::write(&input, "journey\n  section Go\n    Make tea: 5: Me\n").unwrap();
    let map = dir.join("day.ron");
    fs::write(&map, "not mine to lose\n").unwrap();
    let args = [
        "import",
        path_arg(&input),
        "--from",
        "mermaid",
        "-o",
        path_arg(&map),
    ];
    let o = cxmap(&args);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&map).unwrap(), "not mine to lose\n");
    let o = cxmap(&[&args[..], &["--force"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(journey_of(&map)[0].1[0].0, "Make tea");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_from_mermaid_refuses_what_is_no_journey_at_its_line_and_column() {
    let dir = scratch("mermaid-flowchart");
    let input = dir.join("flow.mmd");
    fs::write(&input, "%% the sales flow\n\n  flowchart TD\n  A --> B\n").unwrap();
    let map = dir.join("flow.ron");
    let o = cxmap(&[
        "import",
        path_arg(&input),
        "--from",
        "mermaid",
        "-o",
        path_arg(&map),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(&format!(
            "{}:3:3: this is not a Mermaid journey diagram: it starts with `flowchart`",
            input.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(!map.exists(), "nothing written");
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_from_mermaid_reads_stdin_and_scale_is_for_mermaid_only() {
    use std::io::Write;
    let dir = scratch("mermaid-stdin");
    let map = dir.join("nps.ron");
    let mut child = Command::new(BIN)
        .args(["import", "-", "--from", "mermaid", "--scale", "0-10", "-o"])
        .arg(&map)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"journey\nsection NPS\nDetractor: 3: survey\nPromoter: 9: survey\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("<stdin>:3: scores read on the 0..10 scale (0-1 → -2, 2-3 → -1, 4-6 → 0, 7-8 → +1, 9-10 → +2)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(emotions_of(&map), [Some(-1), Some(2)]);
    let o = cxmap(&[
        "import", "x.json", "--from", "json", "--scale", "1-5", "-o", "y.ron",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--scale applies only to --from mermaid"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("y.ron").exists());
    fs::remove_dir_all(dir).unwrap();
}

// ---- cxmap compare and history (on git: tests/change.rs) ----

#[test]
fn compare_of_a_map_with_itself_shows_no_change_and_one_curve() {
    let map = "maps/business-account.ron";
    let out = cxmap(&["compare", map, map, "--today", "2026-11-29"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(" 1 Discover "), "{text}");
    // Every figure the same on both sides: no change after any arrow.
    let whole = text.lines().find(|l| l.contains("Whole map")).unwrap();
    assert!(!whole.contains(" +") && !whole.contains(" -"), "{whole}");
    let chart: String = text.lines().filter(|l| l.contains('┤')).collect();
    assert!(
        chart.contains('◉') && !chart.contains('○') && !chart.contains('●'),
        "{text}"
    );
    assert!(
        !text.contains("(added)") && !text.contains("(removed)"),
        "{text}"
    );
    let missing = cxmap(&["compare", map, "no-such.ron"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no-such.ron"),
        "{}",
        stderr(&missing)
    );
    assert!(missing.stdout.is_empty());
}

#[test]
fn history_outside_a_repository_says_it_needs_one() {
    let dir = scratch("history-no-git");
    fs::write(dir.join("map.ron"), EXAMPLE).unwrap();
    let out = Command::new(BIN)
        .args(["history", "map.ron"])
        .current_dir(&dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("map.ron: this is not a git repository"),
        "{}",
        stderr(&out)
    );
    fs::remove_dir_all(dir).unwrap();
}

/// `tests/causes/campaign.ron`: an advert behind an online order behind a
/// wave of complaints (a chain two links long), one text cause shared by two
/// touchpoints, and two touchpoints that name each other.
const CAMPAIGN: &str = "tests/causes/campaign.ron";

#[test]
fn causes_follow_each_chain_to_its_root_and_rank_the_roots() {
    let o = cxmap(&["causes", CAMPAIGN]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let advert = out
        .find("1. Campaign: unlimited data for 9.99  (touchpoint in See the offer)")
        .expect(&out);
    let fees = out
        .find("2. \"Fees written for lawyers\"  (a cause off the map)")
        .expect(&out);
    assert!(advert < fees, "most pain explained first:\n{out}");
    // Order online: 1 × 4 × (100 + 56); the complaints: 2 × 6 × (100 + 58).
    assert!(out.contains("explains pain 2520 in 2 touchpoints"), "{out}");
    assert!(
        out.contains(
            "   → Order online (-1, 7 customers) → Complain to customer service (-2, 40 customers)\n"
        ),
        "the whole chain, from the root down:\n{out}"
    );
    assert!(
        out.contains(
            "   → Read the price list (-1, 3 customers)\n   → First bill (-2, 1 customer)\n"
        ),
        "one root for the text both name, a chain each:\n{out}"
    );
    assert!(
        out.contains(
            "\n3. 'Chat bot' → 'E-mail support' → 'Chat bot'  (causes in a circle, CX006)\n   carries pain 400 in 2 touchpoints on the circle\n"
        ),
        "the cycle, ranked by the pain on it:\n{out}"
    );

    let md = stdout(&cxmap(&["causes", CAMPAIGN, "--format", "markdown"]));
    assert!(
        md.starts_with("# Root causes: Mobile plan campaign\n"),
        "{md}"
    );
    assert!(
        md.contains("\n## 1. Campaign: unlimited data for 9.99\n"),
        "{md}"
    );

    let o = cxmap(&["causes", CAMPAIGN, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids = |chain: &serde_json::Value| -> Vec<String> {
        chain
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let roots = json["roots"].as_array().unwrap();
    assert_eq!(roots[0]["kind"], "touchpoint");
    assert_eq!(roots[0]["touchpoint"]["id"], "t-advert");
    assert_eq!(roots[0]["pain_explained"], 2520);
    assert_eq!(ids(&roots[0]["chains"][0]), ["t-order", "t-call"]);
    assert_eq!(roots[1]["kind"], "text");
    assert_eq!(roots[1]["name"], "Fees written for lawyers");
    assert_eq!(roots[1]["touchpoints_explained"], 2);
    assert_eq!(ids(&json["cycles"][0]["round"]), ["t-chat", "t-email"]);
    assert_eq!(json["cycles"][0]["rank"], 3);
}

/// `tests/causes/campaign.ron` with the advert caused by the order it
/// causes: the complaints lead into a circle.
fn campaign_in_a_circle(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(CAMPAIGN).unwrap().replacen(
        "            basis: Research,\n                ),",
        "            basis: Research,\n                    root_cause: Touchpoint(\"t-order\"),\n                ),",
        1,
    );
    assert!(text.contains("root_cause: Touchpoint(\"t-order\"),\n                ),\n                (\n                    id: \"t-prices\""));
    let path = dir.join("circle.ron");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn touchpoints_leading_into_a_cycle_are_listed_with_it_and_the_plan_says_so() {
    let dir = scratch("causes-circle");
    let file = campaign_in_a_circle(&dir);
    let file = path_arg(&file);
    let out = stdout(&cxmap(&["causes", file]));
    // The complaints (the biggest pain) lead into the circle: it carries
    // their pain and ranks first, above the text root.
    assert!(
        out.contains(
            "1. 'Campaign: unlimited data for 9.99' → 'Order online' → 'Campaign: unlimited data for 9.99'  (causes in a circle, CX006)\n\
             \x20  carries pain 2520 in 3 touchpoints: 2 on the circle, 1 leading into it\n\
             \x20  'Order online' → Complain to customer service (-2, 40 customers)\n"
        ),
        "{out}"
    );
    assert!(out.contains("\n2. \"Fees written for lawyers\""), "{out}");
    assert!(
        out.contains("2 cycles of causes (CX006) carrying 5 touchpoints"),
        "{out}"
    );

    let md = stdout(&cxmap(&["causes", file, "--format", "markdown"]));
    assert!(
        md.contains("_causes in a circle, CX006_ · carries pain 2520 in 3 touchpoints: 2 on the circle, 1 leading into it\n\n- 'Order online' → Complain to customer service (-2, 40 customers)\n"),
        "{md}"
    );

    let json: serde_json::Value =
        serde_json::from_slice(&cxmap(&["causes", file, "--format", "json"]).stdout).unwrap();
    let cycle = &json["cycles"][0];
    assert_eq!(cycle["rank"], 1);
    assert_eq!(cycle["pain"], 2520);
    assert_eq!(cycle["round"][1]["id"], "t-order");
    assert_eq!(cycle["chains"][0][0]["id"], "t-call");

    let plan = stdout(&cxmap(&["plan", file, "--today", "2026-11-23"]));
    assert!(
        plan.contains(
            "[ ] Hire more agents  Get help › Complain to customer service · root cause: a circle of causes ('Campaign: unlimited data for 9.99' → 'Order online' → 'Campaign: unlimited data for 9.99')"
        ),
        "{plan}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&cxmap(&["plan", file, "--format", "json"]).stdout).unwrap();
    let root = &json["groups"][0]["items"][0]["root_cause"];
    // The circle by its first touchpoint: one id per row, however long
    // the circle (`causes` lists it whole).
    assert_eq!(root["circle"], serde_json::json!("t-advert"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_cycle_of_causes_is_a_finding_and_the_plan_names_a_symptoms_root() {
    let o = cxmap(&["check", CAMPAIGN, "--today", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let cycle = out.lines().find(|l| l.contains("CX006")).expect(&out);
    assert_eq!(
        cycle,
        "tests/causes/campaign.ron:76: CX006 warning: root causes go round in a circle: 'Chat bot' → 'E-mail support' → 'Chat bot'"
    );
    let plan = stdout(&cxmap(&["plan", CAMPAIGN, "--today", "2026-11-23"]));
    assert!(
        plan.contains(
            "[ ] Hire more agents  Get help › Complain to customer service · root cause: Campaign: unlimited data for 9.99"
        ),
        "{plan}"
    );
}

/// The binary run by `sh` under umask 022, as most people's shells are.
fn cxmap_under_umask_022(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// `cxmap export MAP -f FORMAT -o OUT` under a umask of 022.
fn export_under_umask_022(map: &Path, format: &str, out: &Path) -> Output {
    cxmap_under_umask_022(&["export", path_arg(map), "-f", format, "-o", path_arg(out)])
}

#[test]
fn an_export_or_import_of_a_private_file_is_as_private() {
    let dir = scratch("private-outputs");
    let secret = dir.join("secret.ron");
    fs::write(&secret, EXAMPLE).unwrap();
    set_mode(&secret, 0o600);
    for (format, name) in [
        ("html", "secret.html"),
        ("csv", "secret.csv"),
        ("json", "secret.json"),
        ("markdown", "secret.md"),
        ("mermaid", "secret.mmd"),
    ] {
        let out = dir.join(name);
        let o = export_under_umask_022(&secret, format, &out);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        assert_eq!(mode_of(&out), 0o600, "{format}: a new export of a 0600 map");
    }
    // An import of a private CSV makes a private map.
    let map = dir.join("new.ron");
    let csv = dir.join("secret.csv");
    let o = cxmap_under_umask_022(&[
        "import",
        path_arg(&csv),
        "--from",
        "csv",
        "-o",
        path_arg(&map),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode_of(&map), 0o600, "a new map imported from a 0600 CSV");
    // A group-readable map's export may be read by the group, never by others.
    set_mode(&secret, 0o640);
    let shared = dir.join("shared.html");
    let o = export_under_umask_022(&secret, "html", &shared);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode_of(&shared), 0o640);
    // An export that replaces a file keeps that file's mode, as before.
    set_mode(&secret, 0o600);
    set_mode(&shared, 0o644);
    let o = export_under_umask_022(&secret, "html", &shared);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode_of(&shared), 0o644, "an existing output keeps its mode");
    // Under the umask as always: an open map's export is 0644 under 022.
    set_mode(&secret, 0o666);
    let open = dir.join("open.md");
    let o = export_under_umask_022(&secret, "markdown", &open);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mode_of(&open), 0o644);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_name_with_a_line_break_from_a_file_stays_on_one_line_in_every_list() {
    // The app's name fields take one line; a file edited by hand may hold
    // a line break, which would end a finding's line or a plan row halfway.
    let dir = scratch("one-line");
    let map = EXAMPLE
        .replace("\"Wait for the decision\"", "\"Wait for\\nthe decision\"")
        .replace(
            "\"Applications queue in compliance",
            "\"Applications queue\\nin compliance",
        )
        .replace(
            "\"Start the online application\"",
            "\"Start the online\\r\\napplication\"",
        );
    assert_eq!(
        map.matches("\\n").count(),
        3,
        "the example's names as expected"
    );
    let file = dir.join("map.ron");
    fs::write(&file, map).unwrap();
    for args in [
        &["check"][..],
        &["plan"],
        &["plan", "--format", "markdown"],
        &["causes"],
        &["causes", "--format", "markdown"],
    ] {
        let o = cxmap(&[args, &[path_arg(&file)]].concat());
        let out = stdout(&o);
        for cut in ["the decision", "in compliance", "application"] {
            assert!(
                !out.lines().any(|l| l.starts_with(cut)),
                "{args:?}: a line starts '{cut}':\n{out}"
            );
        }
        assert!(out.contains("Wait for the decision"), "{args:?}:\n{out}");
    }
    let o = cxmap(&["causes", path_arg(&file)]);
    assert!(
        stdout(&o).contains("\"Applications queue in compliance"),
        "{}",
        stdout(&o)
    );
    fs::remove_dir_all(dir).unwrap();
}
